#!/usr/bin/env bash
# Runs each .mlir test's RUN line with the built clef-opt and FileCheck: either
# `// RUN: clef-opt ARGS %s | FileCheck %s` (the output checked) or `// RUN: clef-opt ARGS %s`
# alone (e.g. --verify-diagnostics: clef-opt's exit status is the verdict). MLIR's own threads
# are off: the tests need none, and under --config=tsan the uninstrumented libMLIR's thread pool
# reports races that are not ours.
set -uo pipefail
opt="$1"; filecheck="$2"; shift 2
failures=0
for test in "$@"; do
  run=$(grep -m1 '^// RUN: ' "$test" | sed 's|^// RUN: ||')
  args=${run#clef-opt}
  args=${args%%%s*}
  if [[ "$run" == *"| FileCheck"* ]]; then
    "$opt" --mlir-disable-threading $args "$test" | "$filecheck" "$test"
  else
    "$opt" --mlir-disable-threading $args "$test" >/dev/null
  fi
  if [ $? -ne 0 ]; then
    echo "FAIL $test"
    failures=$((failures + 1))
  fi
done
echo "$# files, $failures failures"
[ $failures -eq 0 ]
