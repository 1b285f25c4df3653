#!/usr/bin/env bash
# Runs each .mlir test's RUN line (`// RUN: clef-opt ARGS %s | FileCheck %s`) with the built
# clef-opt and FileCheck.
set -uo pipefail
opt="$1"; filecheck="$2"; shift 2
failures=0
for test in "$@"; do
  run=$(grep -m1 '^// RUN: ' "$test" | sed 's|^// RUN: ||')
  args=${run#clef-opt }
  args=${args%% %s*}
  if ! "$opt" $args "$test" | "$filecheck" "$test"; then
    echo "FAIL $test"
    failures=$((failures + 1))
  fi
done
echo "$# files, $failures failures"
[ $failures -eq 0 ]
