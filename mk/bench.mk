# Benchmarks (not tests, not in TEST_TARGETS): every front end against its language's peers,
# in one session, on the same inputs. See bench/README.md.
#
#   make bench                       build, install the peers, run every benchmark, write
#                                    bench/results.json and bench/chart.svg, print the tables
#   make bench BENCH_FLAGS=--quick   few short rounds (development; figures not for the README)
#   make bench BENCH_FLAGS='--only rust,c'
#   make bench BENCH_RESULTS=build/bench/results.json BENCH_CHART=build/bench/chart.svg
#                                    write elsewhere (keeps the committed figures)
#   make bench-chart                 redraw bench/chart.svg from bench/results.json
#   python3 bench/table.py           print the README's tables from bench/results.json
#
# The peers come from their registries through each binding's own target: crates through
# cargo, golang-jwt through the Go module proxy (go.sum), PyJWT into build/venv-python
# (python-venv), jose and jsonwebtoken into bindings/node/node_modules (node-deps), jose and
# fast-jwt into bindings/wasm/node_modules (wasm-deps).
BENCH_FLAGS ?=
BENCH_RESULTS ?= bench/results.json
BENCH_CHART ?= bench/chart.svg

.PHONY: bench bench-build bench-chart

# The C program and the Rust loop it is compared with, built as `make bench-c` builds them.
bench-build: ffi-lib python-venv node-deps wasm wasm-deps
	@mkdir -p $(FFI_OUT)
	$(CC) -std=c99 $(FFI_WARN) -O2 -Iinclude tests/c/bench.c $(FFI_STATIC) $(FFI_NATIVE_LIBS) \
	    -o $(FFI_OUT)/bench
	$(CARGO) build --release -p meshes-token-ffi --example sign_loop

bench: bench-build
	CARGO="$(CARGO)" GO="$(GO)" NODE="$(NODE)" $(PYTHON) bench/run.py --python "$(PY)" \
	    --out "$(BENCH_RESULTS)" $(BENCH_FLAGS)
	$(PYTHON) bench/chart.py "$(BENCH_RESULTS)" "$(BENCH_CHART)"

bench-chart:
	$(PYTHON) bench/chart.py "$(BENCH_RESULTS)" "$(BENCH_CHART)"
