#!/usr/bin/env bash
# Runs a cc_benchmark binary for one iteration per benchmark; used by cc_benchmark's test.
# Passes when the binary exits 0 and its --json records (tools/bench/bench_main.cc) hold at least
# one "time" metric.
set -euo pipefail
binary=$1
shift
json="${TEST_TMPDIR:-$(mktemp -d)}/records.json"
"$binary" --benchmark_min_time=0 --json="$json" "$@"
runs=$(grep -c '"metric": "time"' "$json" || true)
if [ "$runs" -lt 1 ]; then
  echo "no benchmark ran; records:" >&2
  cat "$json" >&2
  exit 1
fi
echo "$runs benchmarks ran once each"
