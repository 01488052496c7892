#!/usr/bin/env bash
# Runs fuzz targets for a bounded time each, after seeding their corpora from tests/vectors/:
#
#   FUZZ_BIN=<dir of the built targets> fuzz/run.sh SECONDS TARGET...
#
# (`make fuzz-smoke` and `make fuzz-long` build the targets and call this.) Stops at the first
# target that crashes, panics, times out (a unit over 10 s) or runs out of memory, with the
# input in fuzz/artifacts/<target>/; otherwise prints one line per target: executions,
# libFuzzer's final coverage (cov: edges, ft: features) and the corpus size.
set -euo pipefail

seconds=$1
shift
here=$(cd "$(dirname "$0")" && pwd)
bin=${FUZZ_BIN:?FUZZ_BIN must name the directory of the built fuzz targets}
logs=${FUZZ_LOGS:-$here/target/logs}
mkdir -p "$logs"

python3 "$here/seed.py" "$@"
for target in "$@"; do
    mkdir -p "$here/artifacts/$target"
    log=$logs/$target.log
    start=$(date +%s)
    if ! "$bin/$target" -max_total_time="$seconds" -timeout=10 -print_final_stats=1 \
        -artifact_prefix="$here/artifacts/$target/" "$here/corpus/$target" >"$log" 2>&1; then
        tail -n 60 "$log"
        echo "fuzz: $target FAILED after $(($(date +%s) - start)) s; log: $log;" \
            "input: fuzz/artifacts/$target/ (replay: $bin/$target <file>)"
        exit 1
    fi
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    done_line=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -n 1)
    cov=$(sed -E 's/.* cov: ([0-9]+).*/\1/' <<<"$done_line")
    ft=$(sed -E 's/.* ft: ([0-9]+).*/\1/' <<<"$done_line")
    corpus=$(find "$here/corpus/$target" -type f | wc -l)
    echo "fuzz: $target: ${execs:-?} executions in $(($(date +%s) - start)) s," \
        "cov ${cov:-?}, ft ${ft:-?}, corpus $corpus inputs"
done
