# Fuzzing: fuzz/ is a cargo-fuzz crate with its own workspace and lock file. The targets are
# built here without cargo-fuzz (installing it takes minutes): libFuzzer comes from libfuzzer-sys,
# and RUSTFLAGS are the ones `cargo fuzz build` passes (SanitizerCoverage, `--cfg fuzzing`,
# AddressSanitizer, debug assertions, which imply overflow checks). The stable toolchain takes
# the -Z flag with RUSTC_BOOTSTRAP=1.
# `cargo fuzz run <target>` works on the same crate (see fuzz/README.md).
#
#   make fuzz-smoke                    each target for FUZZ_SMOKE_SECONDS (30), part of `make test`
#   make fuzz-long FUZZ_SECONDS=1800   each target for FUZZ_SECONDS; FUZZ_TARGETS picks targets

FUZZ_TARGETS ?= sign verify verify_mutated verifier key_id json
FUZZ_SMOKE_SECONDS ?= 30
FUZZ_SECONDS ?= 1800
FUZZ_TARGET_DIR ?= $(CURDIR)/fuzz/target
FUZZ_TRIPLE := $(shell rustc -vV | sed -n 's/^host: //p')
FUZZ_BIN := $(FUZZ_TARGET_DIR)/$(FUZZ_TRIPLE)/release
# Exactly what `cargo fuzz build` (0.13) passes, in its order, so that both share one build.
FUZZ_RUSTFLAGS := -Cpasses=sancov-module \
	-Cllvm-args=-sanitizer-coverage-level=4 \
	-Cllvm-args=-sanitizer-coverage-inline-8bit-counters \
	-Cllvm-args=-sanitizer-coverage-pc-table \
	-Cllvm-args=-sanitizer-coverage-trace-compares \
	--cfg fuzzing \
	-Cllvm-args=-simplifycfg-branch-fold-threshold=0 \
	-Zsanitizer=address \
	-Cllvm-args=-sanitizer-coverage-stack-depth \
	-Cdebug-assertions \
	-Ccodegen-units=1

TEST_TARGETS += fuzz-smoke

.PHONY: fuzz-build fuzz-smoke fuzz-long
# --target keeps the sanitizer flags off build scripts and proc macros. The root `lint` does
# not see this workspace, so its format is checked here.
fuzz-build:
	cd fuzz && $(CARGO) fmt --check
	cd fuzz && RUSTC_BOOTSTRAP=1 RUSTFLAGS="$(FUZZ_RUSTFLAGS)" CARGO_TARGET_DIR="$(FUZZ_TARGET_DIR)" \
		$(CARGO) build --locked --release --target $(FUZZ_TRIPLE) --bins

fuzz-smoke: fuzz-build
	FUZZ_BIN="$(FUZZ_BIN)" fuzz/run.sh $(FUZZ_SMOKE_SECONDS) $(FUZZ_TARGETS)

fuzz-long: fuzz-build
	FUZZ_BIN="$(FUZZ_BIN)" fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)
