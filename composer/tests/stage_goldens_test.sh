#!/usr/bin/env bash
# Golden files for compiler stages: `composer emit --stage=mlir|lowered` of every
# composer/testdata/stages/NAME.clef must equal NAME.mlir / NAME.lowered
# (regenerate on purpose with composer/testdata/stages/update_goldens.sh).
set -uo pipefail
composer="$1"; shift
failures=0
for input in "$@"; do
  base="${input%.clef}"
  for stage in mlir lowered; do
    if ! diff <("$composer" emit --stage=$stage "$input" 2>&1) "$base.$stage" >"$TEST_TMPDIR/diff"; then
      echo "FAIL $(basename "$base") --stage=$stage:"
      head -30 "$TEST_TMPDIR/diff"
      failures=$((failures + 1))
    fi
  done
done
echo "$# programs, $failures failures"
[ $failures -eq 0 ]
