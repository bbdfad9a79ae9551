# Two commands do all the set-up on a fresh Debian machine:
#   make demo   install what is missing, build, and run the whole job on built-in demo data
#   make test   install what is missing, build, and run the test suite
#   make fuzz   fuzz the order reader and the model loader (libFuzzer, FUZZ_SECONDS per target)
.PHONY: demo test fuzz build bootstrap clean

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

fuzz: bootstrap
	Fuzz/run.sh $(FUZZ_SECONDS)

clean:
	rm -rf .build demo-output Fuzz/.build
