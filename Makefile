# One entry point for every test. Each component adds its own targets in mk/<component>.mk
# and appends them to TEST_TARGETS; `make test` runs them all in order.
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
CARGO ?= cargo
export CARGO_TERM_COLOR ?= never

# Lint first, as its own step: a formatting slip fails fast and is not reported as a test.
TEST_TARGETS := lint test-rust

.PHONY: all build test test-rust lint
all: build

build:
	$(CARGO) build --release --workspace

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets --all-features -- -D warnings

test-rust:
	$(CARGO) test --workspace --all-features

include $(sort $(wildcard mk/*.mk))

# Filled by the mk/dist-*.mk fragments.
dist: $(DIST_PARTS)
test-dist: $(TEST_DIST_PARTS)

test: $(TEST_TARGETS)
	@echo "make test: all of $(TEST_TARGETS) passed"
