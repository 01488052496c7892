# Benchmarks (not tests, not in TEST_TARGETS): every front end against its language's
# strongest rivals, minting and verifying, in one session, on the same inputs. `make bench` is
# the one entry point; see bench/README.md.
#
#   make bench                       build, install the rivals, run every benchmark, write
#                                    bench/results.json and bench/chart.svg, print the tables
#   make bench BENCH_FLAGS=--quick   few short rounds (development; figures not for the README)
#   make bench BENCH_FLAGS='--only rust,c'
#                                    some languages only (rust, c, go, python, node, wasm)
#   make bench BENCH_RESULTS=build/bench/results.json BENCH_CHART=build/bench/chart.svg
#                                    write elsewhere (keeps the committed figures)
#   make bench-chart                 redraw bench/chart.svg from bench/results.json
#   python3 bench/table.py           print the README's tables from bench/results.json
#
# The rivals come from their registries or from Debian, each language's pinned by its own file:
# the Rust ones through cargo into bench/rust (a workspace of its own, pinned by
# bench/rust/Cargo.lock, built by bench/lang_rust.py, so `make test` never compiles them),
# OpenSSL and libjwt from the Debian packages libssl-dev and libjwt-dev (mk/apt-packages.txt,
# installed by scripts/install-deps.sh), the Go modules of the bench module bindings/go/bench
# through the Go module proxy (pinned by bindings/go/bench/go.sum), the Python ones into
# build/venv-python (python-venv, pinned by bindings/python/requirements-dev.txt), the Node ones
# (fast-jwt, jose, jsonwebtoken: bindings/node's devDependencies, pinned by its
# package-lock.json) into bindings/node/node_modules (node-deps), for both the Node and the
# WebAssembly rows (bindings/node/bench/bench.mjs --package native|wasm).
BENCH_FLAGS ?=
BENCH_RESULTS ?= bench/results.json
BENCH_CHART ?= bench/chart.svg
BENCH_C_LIBS = $(shell pkg-config --libs libjwt libcrypto 2>/dev/null || echo -ljwt -lcrypto)

.PHONY: bench bench-build bench-c-deps bench-chart

# libjwt-dev and libssl-dev are bench-only system packages: say how to get them, not a
# compiler error.
bench-c-deps:
	@pkg-config --exists libjwt libcrypto || { echo "make bench needs libjwt-dev and" \
	    "libssl-dev (Debian): run scripts/install-deps.sh" >&2; exit 1; }

# The C program (ours and the C rivals) and the Rust loop it is compared with.
bench-build: ffi-lib python-venv node-deps wasm wasm-deps bench-c-deps
	@mkdir -p $(FFI_OUT)
	$(CC) -std=c99 $(FFI_WARN) -O2 -Iinclude bench/c/tokens.c $(FFI_STATIC) $(BENCH_C_LIBS) \
	    $(FFI_NATIVE_LIBS) -o $(FFI_OUT)/tokens
	$(CARGO) build --release -p meshes-token-ffi --example sign_loop

bench: bench-build
	CARGO="$(CARGO)" GO="$(GO)" NODE="$(NODE)" $(PYTHON) bench/run.py --python "$(PY)" \
	    --out "$(BENCH_RESULTS)" $(BENCH_FLAGS)
	$(PYTHON) bench/chart.py "$(BENCH_RESULTS)" "$(BENCH_CHART)"

bench-chart:
	$(PYTHON) bench/chart.py "$(BENCH_RESULTS)" "$(BENCH_CHART)"
