#!/usr/bin/env bash
# Bad input never crashes the compiler: every parser-fuzz corpus input and every front-end test
# file goes through the whole pipeline (`composer emit --stage=asm`); each must either compile
# (exit 0) or get diagnostics (exit 1). A signal, an internal error or any other status fails.
set -uo pipefail
composer="$1"; shift
failures=0
for input in "$@"; do
  err=$(timeout 60 "$composer" emit --stage=asm "$input" 2>&1 >/dev/null); status=$?
  if { [ $status -ne 0 ] && [ $status -ne 1 ]; } || grep -q "internal error" <<<"$err"; then
    echo "FAIL $input: exit $status"
    echo "$err" | head -5
    failures=$((failures + 1))
  fi
done
echo "$# inputs, $failures failures"
[ $failures -eq 0 ]
