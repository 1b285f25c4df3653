#!/usr/bin/env bash
# Plots Clef's time over each peer's, per kernel, from the JSON of compiler.sh --json (the SVG in
# docs/BENCHMARKS.md):
#   tools/bench/compiler/plot_ratios.sh RESULTS.json OUT.svg
# compiler.sh --plot=OUT.svg calls it. Needs gnuplot (gnuplot-nox, tools/setup).
set -euo pipefail
if [ $# -ne 2 ]; then
  echo "usage: plot_ratios.sh RESULTS.json OUT.svg" >&2
  exit 2
fi
json=$1 out=$2
command -v gnuplot >/dev/null || { echo "plot_ratios.sh: gnuplot not found: run tools/setup" >&2; exit 1; }
data=$(mktemp)
trap 'rm -f "$data"' EXIT

# One row per kernel (in the JSON's order, hello last): the ratio for g++, clang++, F#, OCaml
# ("NaN" where a peer is missing). compiler.sh writes one record per line.
sed -n 's/.*"bench": "\([^"]*\)", "system": "\([^"]*\)", "metric": "time", "value": \([0-9.]*\).*/\1 \2 \3/p' "$json" |
  awk '
    !($1 in seen) && $1 !~ /^compile_/ { seen[$1] = 1; order[++n] = $1 }
    { t[$1 "|" $2] = $3 }
    function r(b, s) { return ((b "|" s) in t && t[b "|" s] > 0) ? t[b "|fidelity"] / t[b "|" s] : "NaN" }
    END {
      print "kernel g++ clang++ F# OCaml"
      for (i = 1; i <= n; i++) print order[i], r(order[i], "cpp"), r(order[i], "clang"), r(order[i], "fsharp"), r(order[i], "ocaml")
    }' >"$data"
[ "$(wc -l <"$data")" -gt 1 ] || { echo "plot_ratios.sh: no kernel times in $json" >&2; exit 1; }

gnuplot <<GNUPLOT
set terminal svg size 960,500 dynamic font "sans,12" background "white"
set output "$out"
set termoption noenhanced
set title "Clef (composer -O2): its time over each peer's, one run (below 1: Clef is faster)"
set style data histogram
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set logscale y 2
set yrange [1.0/128:4]
set ytics ("1/128" 1.0/128, "1/32" 1.0/32, "1/8" 0.125, "1/4" 0.25, "1/2" 0.5, "1" 1, "2" 2, "4" 4)
set grid ytics
set key outside right top vertical
set ylabel "Clef time / peer time (log scale)"
set arrow from graph 0, first 1 to graph 1, first 1 nohead lw 2 dt 2 lc rgb "black" front
plot "$data" using 2:xtic(1) title columnheader(2), "" using 3 title columnheader(3), \
     "" using 4 title columnheader(4), "" using 5 title columnheader(5)
GNUPLOT
echo "wrote $out"
