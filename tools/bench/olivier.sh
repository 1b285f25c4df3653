#!/usr/bin/env bash
# Olivier against CAF 0.17 and Erlang 25 on the same workloads, with ratios:
#   tools/bench/olivier.sh [--json=FILE]
# CAF runs inside //olivier/bench:olivier_bench next to Olivier (Google Benchmark, mean of
# iterations); Erlang runs olivier/bench/savina.erl under escript (best of five). Ratios are the
# peer's time over fidelity's: above 1 means fidelity is faster.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
json_out=""
for arg in "$@"; do
  case "$arg" in
    --json=*) json_out="${arg#--json=}" ;;
    *) echo "usage: tools/bench/olivier.sh [--json=FILE]" >&2; exit 2 ;;
  esac
done
command -v escript >/dev/null || { echo "escript not found: run tools/setup (erlang-base)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bazel build -c opt --noshow_progress //olivier/bench:olivier_bench 2>/dev/null
bin=$(bazel info -c opt bazel-bin 2>/dev/null)/olivier/bench/olivier_bench
"$bin" --benchmark_min_time=0.5 --json="$work/cpp.json" >"$work/cpp.txt" 2>&1
escript olivier/bench/savina.erl >"$work/erlang.txt"

# One "bench system metric value unit" line per record, from both sources.
sed -n 's/.*"bench": "\([^"]*\)", "system": "\([^"]*\)", "metric": "\([^"]*\)", "value": \([^,]*\), "unit": "\([^"]*\)".*/\1 \2 \3 \4 \5/p' \
  "$work/cpp.json" >"$work/records.txt"
awk '{ if ($4 == "ms") print $1, $2, "time", $3, "ms"; else print $1, $2, $4, $3, ($4 ~ /_us$/ ? "us" : "bytes"); }' \
  "$work/erlang.txt" >>"$work/records.txt"

awk '
  $3 == "time" { t[$1 "|" $2] = $4; benches[$1] = 1 }
  $3 == "bytes_per_actor" { m[$1 "|" $2] = $4 }
  END {
    printf "%-24s %12s %12s %12s %10s %10s\n", "bench", "fidelity ms", "caf ms", "erlang ms", "x caf", "x erlang"
    for (b in benches) {
      f = t[b "|fidelity"]; c = t[b "|caf"]; e = t[b "|erlang"]
      printf "%-24s %12.2f %12.2f %12.2f %10.2f %10.2f\n", b, f, c, e, (f > 0 ? c / f : 0), (f > 0 ? e / f : 0)
    }
  }' "$work/records.txt" | (read -r header; echo "$header"; sort)
awk '$3 == "bytes_per_actor" { m[$2] = $4 } $3 == "p50_us" { p50[$2] = $4 } $3 == "p99_us" { p99[$2] = $4 }
  END {
    printf "\nbytes per idle actor: fidelity %.0f, caf %.0f, erlang %.0f\n", m["fidelity"], m["caf"], m["erlang"]
    printf "ask latency p50/p99 (us): fidelity %.2f/%.2f, caf %.2f/%.2f, erlang %.2f/%.2f\n", p50["fidelity"], p99["fidelity"], p50["caf"], p99["caf"], p50["erlang"], p99["erlang"]
  }' \
  "$work/records.txt"

if [ -n "$json_out" ]; then
  awk 'BEGIN { print "[" } { printf "%s{\"bench\": \"%s\", \"system\": \"%s\", \"metric\": \"%s\", \"value\": %s, \"unit\": \"%s\"}", (NR > 1 ? ",\n  " : "  "), $1, $2, $3, $4, $5 } END { print "\n]" }' \
    "$work/records.txt" >"$json_out"
  echo "wrote $(wc -l <"$work/records.txt") records to $json_out"
fi
