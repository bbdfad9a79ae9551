# Two commands do all the set-up on a fresh Debian machine:
#   make demo   install what is missing, build, and run the whole job on built-in demo data
#   make test   install what is missing, build, and run the test suite
.PHONY: demo test build bootstrap clean

bootstrap:
	@scripts/bootstrap.sh

build: bootstrap
	swift build -c release

demo: build
	@scripts/demo.sh

test: bootstrap
	swift build --build-tests
	swift test --skip-build

clean:
	rm -rf .build demo-output
