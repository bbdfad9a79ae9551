# Two commands do all the set-up on a fresh Debian machine:
#   make demo   install what is missing, build, and run the whole job on built-in demo data
#   make test   install what is missing, build, and run the test suite
#   make fuzz   fuzz the order reader and the model loader (libFuzzer, FUZZ_SECONDS per target)
#   make spark-test  the Spark jobs of spark/ in Spark local mode (installs Java 17 and pyspark when missing)
#   make release-binary  dist/whitespot: a release build with the Swift runtime linked in, for machines
#                    without the toolchain (needs only Debian's libopenblas0, libsqlite3-0, libpq5)
#   make deploy-check    release-binary checked: ldd, a chroot run, the demo, the Kubernetes Job manifest
.PHONY: demo test fuzz spark-test build bootstrap clean release-binary deploy-check

FUZZ_SECONDS ?= 80
# The orders the Kubernetes Job manifest scores (the Online Retail II export).
ONLINE_RETAIL ?= ../shared/data/online-retail-ii-2009-2010/online_retail_II_2009-2010.csv

bootstrap:
	@scripts/bootstrap.sh

build: bootstrap
	swift build -c release

demo: build
	@scripts/demo.sh

test: bootstrap
	swift build --build-tests
	swift test --skip-build

spark-test: bootstrap
	swift build --build-tests
	WHITESPOT_SPARK_PYTHON="$$(scripts/bootstrap-spark.sh)" swift test --skip-build --filter SparkTests

release-binary: bootstrap
	swift build -c release --static-swift-stdlib --scratch-path .build/static
	install -D -m 755 .build/static/release/whitespot dist/whitespot

deploy-check: release-binary build
	scripts/check-release-binary.sh dist/whitespot .build/release/whitespot
	python3 -c 'import yaml' 2>/dev/null || bash -c '. scripts/apt-install.sh && apt_install "whitespot: the manifest check needs" python3-yaml'
	scripts/check-k8s-job.py dist/whitespot $(ONLINE_RETAIL)

fuzz: bootstrap
	Fuzz/run.sh $(FUZZ_SECONDS)

clean:
	rm -rf .build demo-output dist Fuzz/.build
