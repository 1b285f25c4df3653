#!/usr/bin/env bash
# Clef against C++, OCaml and F# on five kernels, plus composer's compile time and hello-world
# start-up (issue #10):
#   bazel run -c opt //tools/bench:compiler [-- --json=FILE] [--plot=FILE.svg] [--runs=N]
#                                              [--kernels=fib,nbody,..]
# Every kernel is built first in a temporary directory: NAME.clef with `composer build -O2`,
# NAME.cc with `g++ -O2` (the issue's C++ peer) and with `clang++-19 -O2` (LLVM 19, composer's
# own back end: what the same optimizer makes of the C++), NAME.ml with `ocamlopt` (-O3 when the compiler has flambda), NAME.fs as
# a Release console app (`dotnet new console -lang F#`, the file as Program.fs). Each binary runs
# once to check that every system prints the same (the script fails otherwise) and to read its
# peak RSS (/usr/bin/time), then under `hyperfine -N --warmup 1 --runs 5`. OCaml and F# are
# skipped, with a note, when ocamlopt or dotnet is missing. Ratios are Clef's mean time over the
# peer's: above 1 means Clef is slower. --plot draws them (gnuplot, SVG).
set -euo pipefail

usage() {
  echo "usage: bazel run -c opt //tools/bench:compiler [-- --json=FILE] [--plot=FILE.svg] [--runs=N] [--kernels=a,b]" >&2
  exit 2
}

all_kernels="fib nbody spectral_norm sieve binary_trees"
kernels=$all_kernels
runs=5
json_out=""
plot_out=""
for arg in "$@"; do
  case "$arg" in
    --json=*) json_out="${arg#--json=}" ;;
    --plot=*) plot_out="${arg#--plot=}" ;;
    --runs=*) runs="${arg#--runs=}" ;;
    --kernels=*) kernels=$(echo "${arg#--kernels=}" | tr ',' ' ') ;;
    *) usage ;;
  esac
done
for k in $kernels; do
  case " $all_kernels " in *" $k "*) ;; *) echo "unknown kernel '$k' (known: $all_kernels)" >&2; exit 2 ;; esac
done
# `bazel run` starts us in the runfiles tree: relative paths are relative to where bazel ran.
if [ -n "$json_out" ] && [ "${json_out#/}" = "$json_out" ] && [ -n "${BUILD_WORKING_DIRECTORY:-}" ]; then
  json_out="$BUILD_WORKING_DIRECTORY/$json_out"
fi
if [ -n "$plot_out" ] && [ "${plot_out#/}" = "$plot_out" ] && [ -n "${BUILD_WORKING_DIRECTORY:-}" ]; then
  plot_out="$BUILD_WORKING_DIRECTORY/$plot_out"
fi

die() { echo "compiler.sh: $*" >&2; exit 1; }

# composer and the kernels come from the runfiles (the workspace is named `fidelity`); composer
# finds its runtime archive through RUNFILES_DIR.
if [ -z "${RUNFILES_DIR:-}" ] && [ -d "$0.runfiles" ]; then RUNFILES_DIR="$0.runfiles"; fi
[ -n "${RUNFILES_DIR:-}" ] || die "no runfiles next to $0: run it as bazel run -c opt //tools/bench:compiler"
export RUNFILES_DIR
composer="$RUNFILES_DIR/fidelity/composer/composer"
src="$RUNFILES_DIR/fidelity/tools/bench/compiler"
[ -x "$composer" ] || die "composer not found at $composer"
[ -f "$src/fib.clef" ] || die "the kernels are not in $src"

command -v hyperfine >/dev/null || die "hyperfine not found: run tools/setup"
command -v g++ >/dev/null || die "g++ not found: run tools/setup"
[ -x /usr/bin/time ] || die "/usr/bin/time not found (apt-get install time)"

systems="fidelity cpp"
notes=()
have_clang=0
if command -v clang++-19 >/dev/null; then
  have_clang=1
  systems="$systems clang"
else
  notes+=("clang++ skipped: clang++-19 not found (tools/setup installs clang-19)")
fi
if [ -n "$plot_out" ]; then command -v gnuplot >/dev/null || die "gnuplot not found: run tools/setup"; fi
have_ocaml=0
if command -v ocamlopt >/dev/null; then
  have_ocaml=1
  systems="$systems ocaml"
  ocaml_flags=()
  if ocamlopt -config | grep -q '^flambda: true'; then ocaml_flags=(-O3); fi
else
  notes+=("OCaml skipped: ocamlopt not found (tools/setup installs ocaml-nox)")
fi
have_dotnet=0
if command -v dotnet >/dev/null; then
  have_dotnet=1
  systems="$systems fsharp"
  export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
else
  notes+=("F# skipped: dotnet not found")
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin" "$work/out" "$work/hf" "$work/ocaml" "$work/fsharp"
records="$work/records.txt"
: >"$records"
record() { echo "$1 $2 $3 $4 $5" >>"$records"; }

echo "compiler benchmark, $(date -u +%Y-%m-%d), $(nproc) cores, $(uname -m)"
echo "  g++ $(g++ -dumpfullversion)$( ((have_ocaml)) && echo ", ocamlopt $(ocamlopt -version)${ocaml_flags[*]:+ ${ocaml_flags[*]}}")$( ((have_dotnet)) && echo ", dotnet $(dotnet --version)"), $(hyperfine --version)"

# --- Build everything first. ------------------------------------------------------------------

# The F# project: what `dotnet new console -lang F#` writes, made once, copied per program.
fsharp_template=""
if ((have_dotnet)); then
  dotnet new console -lang "F#" -n app -o "$work/fsharp/template" >"$work/fsharp/new.log" 2>&1 \
    || { cat "$work/fsharp/new.log" >&2; die "dotnet new console -lang F# failed"; }
  fsharp_template="$work/fsharp/template/app.fsproj"
fi

# fsharp_project NAME FILE.fs: a project directory named NAME with FILE.fs as its Program.fs.
fsharp_project() {
  local dir="$work/fsharp/$1"
  mkdir -p "$dir"
  cp "$fsharp_template" "$dir/$1.fsproj"
  cp "$2" "$dir/Program.fs"
  echo "$dir"
}
fsharp_build_args=(-c Release --nologo --disable-build-servers -v quiet)

# build NAME SOURCE_DIR: every system's binary of NAME, as $work/bin/NAME.SYSTEM.
build() {
  local name=$1 dir=$2
  "$composer" build "$dir/$name.clef" -o "$work/bin/$name.fidelity" -O2 || die "composer build $name.clef failed"
  g++ -O2 -std=c++20 -o "$work/bin/$name.cpp" "$dir/$name.cc" || die "g++ $name.cc failed"
  if ((have_clang)); then
    clang++-19 -O2 -std=c++20 -o "$work/bin/$name.clang" "$dir/$name.cc" || die "clang++-19 $name.cc failed"
  fi
  if ((have_ocaml)); then
    mkdir -p "$work/ocaml/$name"
    cp "$dir/$name.ml" "$work/ocaml/$name/"
    (cd "$work/ocaml/$name" && ocamlopt ${ocaml_flags[@]+"${ocaml_flags[@]}"} -o "$work/bin/$name.ocaml" "$name.ml") \
      || die "ocamlopt $name.ml failed"
  fi
  if ((have_dotnet)); then
    local project
    project=$(fsharp_project "$name" "$dir/$name.fs")
    dotnet build "$project" "${fsharp_build_args[@]}" -o "$project/out" >"$project/build.log" 2>&1 \
      || { cat "$project/build.log" >&2; die "dotnet build of $name.fs failed"; }
    ln -s "$project/out/$name" "$work/bin/$name.fsharp"
  fi
}

for k in $kernels hello; do
  echo "building $k"
  build "$k" "$src"
done

# --- Check the outputs, measure peak RSS, then time. --------------------------------------------

# check NAME: runs each system's NAME once; all must print what the C++ binary prints.
check() {
  local name=$1 bad=0 s
  for s in $systems; do
    /usr/bin/time -f %M -o "$work/out/$name.$s.rss" "$work/bin/$name.$s" >"$work/out/$name.$s.txt" \
      || die "$name ($s) exited with status $?"
    record "$name" "$s" peak_rss "$(tail -n 1 "$work/out/$name.$s.rss")" KiB
  done
  for s in $systems; do
    [ "$s" = cpp ] && continue
    if ! cmp -s "$work/out/$name.cpp.txt" "$work/out/$name.$s.txt"; then
      echo "OUTPUT MISMATCH: $name.$s differs from $name.cpp:" >&2
      diff "$work/out/$name.cpp.txt" "$work/out/$name.$s.txt" >&2 || true
      bad=1
    fi
  done
  ((bad == 0)) || die "the systems disagree on $name"
}

# The mean and standard deviation, in ms, of a hyperfine --export-json file.
hf_field() { awk -F: -v f="\"$2\"" '$1 ~ f { gsub(/[ ,]/, "", $2); printf "%.3f", $2 * 1000; exit }' "$1"; }

# timeit BENCH SYSTEM RUNS COMMAND...: hyperfine's mean and standard deviation as records.
timeit() {
  local bench=$1 system=$2 n=$3 json="$work/hf/$1.$2.json"
  shift 3
  hyperfine -N --warmup 1 --runs "$n" --export-json "$json" "$*" >"$work/hf/$bench.$system.log" 2>&1 \
    || { cat "$work/hf/$bench.$system.log" >&2; die "hyperfine failed on $bench ($system)"; }
  record "$bench" "$system" time "$(hf_field "$json" mean)" ms
  record "$bench" "$system" time_stddev "$(hf_field "$json" stddev)" ms
  printf '  %-16s %-9s %10.1f ms\n' "$bench" "$system" "$(hf_field "$json" mean)"
}

for k in $kernels; do
  check "$k"
  echo "timing $k (outputs agree: $(head -c 60 "$work/out/$k.cpp.txt" | head -n 1))"
  for s in $systems; do timeit "$k" "$s" "$runs" "$work/bin/$k.$s"; done
done

echo "timing hello-world start-up"
check hello
for s in $systems; do timeit hello "$s" 30 "$work/bin/hello.$s"; done

# --- Compile time: the five kernels as modules of one generated ~5,000-line program. -------------
copies=31
gen="$work/compile_5k.clef"
{
  echo "// generated by tools/bench/compiler/compiler.sh: $copies copies of compile_module.clef"
  for i in $(seq 1 $copies); do
    echo "module K$i ="
    sed 's/^\(.\)/    \1/' "$src/compile_module.clef"
    echo
  done
  for i in $(seq 1 $copies); do echo "printfn \"%s\" (K$i.run $i)"; done
} >"$gen"
lines=$(wc -l <"$gen")
echo "timing compilation of $lines lines"
"$composer" build "$gen" -o "$work/bin/compile_5k" -O2 || die "composer build of the generated program failed"
"$work/bin/compile_5k" >"$work/out/compile_5k.txt" || die "the generated program failed"
for opt in O0 O2; do
  timeit "compile_$opt" fidelity "$runs" "$composer" build "$gen" -o "$work/bin/compile_$opt" "-$opt"
  /usr/bin/time -f %M -o "$work/out/compile_$opt.rss" "$composer" build "$gen" -o "$work/bin/compile_$opt" "-$opt"
  record "compile_$opt" fidelity peak_rss "$(tail -n 1 "$work/out/compile_$opt.rss")" KiB
done
if ((have_dotnet)); then
  # The same file as F#: a full (not incremental) Release build, MSBuild included.
  project=$(fsharp_project compile_5k "$gen")
  dotnet build "$project" "${fsharp_build_args[@]}" -o "$project/out" >"$project/build.log" 2>&1 \
    || { cat "$project/build.log" >&2; die "dotnet build of the generated program failed"; }
  "$project/out/compile_5k" | cmp -s - "$work/out/compile_5k.txt" \
    || die "the generated program prints differently as F#"
  timeit compile_O2 fsharp "$runs" dotnet build "$project" "${fsharp_build_args[@]}" --no-restore --no-incremental -o "$project/out"
fi
awk -v lines="$lines" '$3 == "time" && $1 ~ /^compile_/ { print $1, $2, "time_per_1k_lines", sprintf("%.3f", $4 * 1000 / lines), "ms" }' \
  "$records" >>"$records"
record compile_5k fidelity lines "$lines" lines

# --- Tables. --------------------------------------------------------------------------------------
echo
awk -v kernels="$kernels" '
  { v[$1 "|" $2 "|" $3] = $4 }
  function ms(b, s) { return ((b "|" s "|time") in v) ? sprintf("%.1f", v[b "|" s "|time"]) : "—" }
  function mib(b, s) { return ((b "|" s "|peak_rss") in v) ? sprintf("%.1f", v[b "|" s "|peak_rss"] / 1024) : "—" }
  function ratio(b, s) {
    return ((b "|" s "|time") in v && v[b "|" s "|time"] > 0) ? sprintf("%.2f", v[b "|fidelity|time"] / v[b "|" s "|time"]) : "—"
  }
  END {
    n = split(kernels " hello", ks, " ")
    print "| kernel | clef ms | g++ ms | clang++ ms | ocaml ms | f# ms | clef/g++ | clef/clang++ | clef/f# | clef/ocaml |"
    print "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
    for (i = 1; i <= n; i++) {
      b = ks[i]
      printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", b, ms(b, "fidelity"), ms(b, "cpp"),
        ms(b, "clang"), ms(b, "ocaml"), ms(b, "fsharp"), ratio(b, "cpp"), ratio(b, "clang"), ratio(b, "fsharp"),
        ratio(b, "ocaml")
    }
    print ""
    print "| peak RSS (MiB) | clef | g++ | clang++ | ocaml | f# |"
    print "| --- | --- | --- | --- | --- | --- |"
    for (i = 1; i <= n; i++) {
      b = ks[i]
      printf "| %s | %s | %s | %s | %s | %s |\n", b, mib(b, "fidelity"), mib(b, "cpp"), mib(b, "clang"), mib(b, "ocaml"),
        mib(b, "fsharp")
    }
    print ""
    printf "| compile %d lines | time | per 1k lines | peak RSS |\n", v["compile_5k|fidelity|lines"]
    print "| --- | --- | --- | --- |"
    printf "| composer -O0 | %.0f ms | %.0f ms | %.0f MiB |\n", v["compile_O0|fidelity|time"],
      v["compile_O0|fidelity|time_per_1k_lines"], v["compile_O0|fidelity|peak_rss"] / 1024
    printf "| composer -O2 | %.0f ms | %.0f ms | %.0f MiB |\n", v["compile_O2|fidelity|time"],
      v["compile_O2|fidelity|time_per_1k_lines"], v["compile_O2|fidelity|peak_rss"] / 1024
    if (("compile_O2|fsharp|time") in v)
      printf "| dotnet build -c Release (F#) | %.0f ms | %.0f ms | — |\n", v["compile_O2|fsharp|time"],
        v["compile_O2|fsharp|time_per_1k_lines"]
  }' "$records"
for note in ${notes[@]+"${notes[@]}"}; do echo "note: $note"; done

# The records as JSON, once: for --json and for the plot (plot_ratios.sh reads the same format).
results_json="$work/results.json"
awk 'BEGIN { print "[" } { printf "%s{\"bench\": \"%s\", \"system\": \"%s\", \"metric\": \"%s\", \"value\": %s, \"unit\": \"%s\"}", (NR > 1 ? ",\n  " : "  "), $1, $2, $3, $4, $5 } END { print "\n]" }' \
  "$records" >"$results_json"
if [ -n "$json_out" ]; then
  cp "$results_json" "$json_out"
  echo "wrote $(wc -l <"$records") records to $json_out"
fi

# --- The plot: Clef's time over each peer's, per kernel (plot_ratios.sh, gnuplot). -------------
if [ -n "$plot_out" ]; then
  "$src/plot_ratios.sh" "$results_json" "$plot_out" || die "plot_ratios.sh failed"
fi
