# Two commands do all the set-up on a fresh Debian machine:
#   make demo   install what is missing, build, and run the whole job on built-in demo data
#   make test   install what is missing, build, and run the test suite
#   make fuzz   fuzz the order reader and the model loader (libFuzzer, FUZZ_SECONDS per target)
#   make spark-test  the Spark jobs of spark/ in Spark local mode (installs Java 17 and pyspark when missing)
.PHONY: demo test fuzz spark-test build bootstrap clean

FUZZ_SECONDS ?= 80

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

fuzz: bootstrap
	Fuzz/run.sh $(FUZZ_SECONDS)

clean:
	rm -rf .build demo-output Fuzz/.build
