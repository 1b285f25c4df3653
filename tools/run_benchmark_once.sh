#!/usr/bin/env bash
# Runs a Google Benchmark binary for one iteration per benchmark; used by cc_benchmark's test.
set -euo pipefail
binary=$1
shift
output=$("$binary" --benchmark_min_time=0 --benchmark_format=json "$@")
runs=$(grep -c '"iterations"' <<<"$output" || true)
if [ "$runs" -lt 1 ]; then
  echo "no benchmark ran:" >&2
  echo "$output" >&2
  exit 1
fi
echo "$runs benchmark runs completed"
