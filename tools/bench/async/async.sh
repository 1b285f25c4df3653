#!/usr/bin/env bash
# Clef's async and MailboxProcessor against F# on .NET (issue #11):
#   bazel run -c opt //tools/bench:async [-- --runs=N]
# skynet (1,111,111 computations through Async.Parallel), counting (1,000,000 posts to a
# MailboxProcessor, then PostAndReply) and pingpong (200,000 PostAndReply round trips). Each
# NAME.clef is also the F# program (the file as Program.fs of a Release console app). Both run once
# to check they print the same and to read peak RSS (/usr/bin/time), then under
# `hyperfine -N --warmup 1 --runs N`. Ratio: Clef's mean time over F#'s (below 1: Clef faster).
# The C++ libraries' own versions run in the same session (frosty_bench's skynet_1m/fidelity:
# Frosty tasks on 2 work-stealing workers; olivier_bench's counting/fidelity and
# pingpong/fidelity: Olivier actors), compared per run (skynet, counting) or per round trip
# (pingpong: 200,000 here, 40,000 there). Akka.NET (NuGet package Akka 1.5.74) runs counting and
# pingpong as akka_NAME.fs (actors with Tell and Ask), in the same session.
set -euo pipefail
runs=5
for arg in "$@"; do
  case "$arg" in
    --runs=*) runs="${arg#--runs=}" ;;
    *) echo "usage: bazel run -c opt //tools/bench:async [-- --runs=N]" >&2; exit 2 ;;
  esac
done
die() { echo "async.sh: $*" >&2; exit 1; }
if [ -z "${RUNFILES_DIR:-}" ] && [ -d "$0.runfiles" ]; then RUNFILES_DIR="$0.runfiles"; fi
[ -n "${RUNFILES_DIR:-}" ] || die "no runfiles next to $0: run it as bazel run -c opt //tools/bench:async"
export RUNFILES_DIR
composer="$RUNFILES_DIR/fidelity/composer/composer"
src="$RUNFILES_DIR/fidelity/tools/bench/async"
command -v hyperfine >/dev/null || die "hyperfine not found: run tools/setup"
command -v dotnet >/dev/null || die "dotnet not found"
[ -x /usr/bin/time ] || die "/usr/bin/time not found"
frosty_bench="$RUNFILES_DIR/fidelity/frosty/bench/frosty_bench"
olivier_bench="$RUNFILES_DIR/fidelity/olivier/bench/olivier_bench"
[ -x "$frosty_bench" ] && [ -x "$olivier_bench" ] || die "the C++ benchmarks are not in the runfiles"
command -v bc >/dev/null || die "bc not found"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dotnet new console -lang "F#" -n app -o "$work/template" >"$work/new.log" 2>&1 || { cat "$work/new.log" >&2; die "dotnet new failed"; }

echo "async benchmark, $(date -u +%Y-%m-%d), $(nproc) cores, dotnet $(dotnet --version), $(hyperfine --version)"
# The C++ libraries, through their benchmarks' --json=FILE (tools/bench/bench_main.cc): the mean
# time in ms of bench NAME for system fidelity.
"$frosty_bench" --benchmark_filter='^skynet_1m/fidelity' --json="$work/frosty.json" >/dev/null 2>&1 \
  || die "frosty_bench failed"
"$olivier_bench" --benchmark_filter='^(counting|pingpong)/fidelity' --json="$work/olivier.json" >/dev/null 2>&1 \
  || die "olivier_bench failed"
cpp_ms() {  # cpp_ms FILE BENCH
  grep "\"bench\": \"$2\", \"system\": \"fidelity\", \"metric\": \"time\"" "$1" |
    sed 's/.*"value": \([0-9.e+-]*\).*/\1/' | head -n 1
}
cpp_skynet=$(cpp_ms "$work/frosty.json" skynet_1m)
cpp_counting=$(cpp_ms "$work/olivier.json" counting/1000000)
cpp_pingpong=$(echo "$(cpp_ms "$work/olivier.json" pingpong/40000) * 200000 / 40000" | bc -l)  # per 200,000 round trips
# The Akka.NET projects: the console template plus the package, restored once.
akka_version=1.5.74
cp -r "$work/template" "$work/akka"
dotnet add "$work/akka/app.fsproj" package Akka --version "$akka_version" >"$work/akka.log" 2>&1 \
  || { cat "$work/akka.log" >&2; die "dotnet add package Akka failed (NuGet)"; }
printf '| program | Clef (ms) | F# (ms) | Akka.NET (ms) | C++ library (ms) | Clef / F# | Clef / Akka.NET | Clef / C++ | Clef peak RSS | F# peak RSS |\n|---|---|---|---|---|---|---|---|---|---|\n' >"$work/table.md"
mean_ms() { awk -F: '$1 ~ /"mean"/ { gsub(/[ ,]/, "", $2); printf "%.1f", $2 * 1000; exit }' "$1"; }
for name in skynet counting pingpong; do
  "$composer" build "$src/$name.clef" -O2 -o "$work/$name.clef.bin" || die "composer build $name failed"
  mkdir -p "$work/$name"
  cp "$work/template/app.fsproj" "$work/$name/$name.fsproj"
  cp "$src/$name.clef" "$work/$name/Program.fs"
  dotnet build "$work/$name" -c Release --nologo -v quiet -o "$work/$name/out" >"$work/$name/build.log" 2>&1 \
    || { cat "$work/$name/build.log" >&2; die "dotnet build of $name failed"; }
  for s in clef fsharp; do
    bin="$work/$name.clef.bin"; [ $s = fsharp ] && bin="$work/$name/out/$name"
    /usr/bin/time -f %M -o "$work/$name.$s.rss" "$bin" >"$work/$name.$s.out" || die "$name ($s) failed"
    hyperfine -N --warmup 1 --runs "$runs" --export-json "$work/$name.$s.json" "$bin" >/dev/null 2>&1 \
      || die "hyperfine failed on $name ($s)"
  done
  cmp -s "$work/$name.clef.out" "$work/$name.fsharp.out" || die "$name: Clef and F# print different results"
  a="—"; ratio_akka="—"
  if [ -f "$src/akka_$name.fs" ]; then
    mkdir -p "$work/akka_$name"
    cp "$work/akka/app.fsproj" "$work/akka_$name/akka_$name.fsproj"
    cp "$src/akka_$name.fs" "$work/akka_$name/Program.fs"
    dotnet build "$work/akka_$name" -c Release --nologo -v quiet -o "$work/akka_$name/out" >"$work/akka_$name/build.log" 2>&1 \
      || { cat "$work/akka_$name/build.log" >&2; die "dotnet build of akka_$name failed"; }
    "$work/akka_$name/out/akka_$name" >"$work/$name.akka.out" || die "akka_$name failed"
    cmp -s "$work/$name.clef.out" "$work/$name.akka.out" || die "$name: Clef and Akka.NET print different results"
    hyperfine -N --warmup 1 --runs "$runs" --export-json "$work/$name.akka.json" "$work/akka_$name/out/akka_$name" >/dev/null 2>&1 \
      || die "hyperfine failed on akka_$name"
  fi
  c=$(mean_ms "$work/$name.clef.json"); f=$(mean_ms "$work/$name.fsharp.json")
  case $name in skynet) p=$cpp_skynet ;; counting) p=$cpp_counting ;; pingpong) p=$cpp_pingpong ;; esac
  if [ -f "$work/$name.akka.json" ]; then
    a=$(mean_ms "$work/$name.akka.json"); ratio_akka=$(printf '%.3f' "$(echo "$c / $a" | bc -l)")
  fi
  printf '| %s | %s | %s | %s | %.1f | %.2f | %s | %.2f | %s MiB | %s MiB |\n' "$name" "$c" "$f" "$a" "$p" "$(echo "$c / $f" | bc -l)" "$ratio_akka" "$(echo "$c / $p" | bc -l)" \
    "$(( $(tail -n1 "$work/$name.clef.rss") / 1024 ))" "$(( $(tail -n1 "$work/$name.fsharp.rss") / 1024 ))" >>"$work/table.md"
  echo "  $name: Clef $c ms, F# $f ms, Akka.NET $a ms (output: $(head -c 40 "$work/$name.clef.out"))"
done
cat "$work/table.md"
