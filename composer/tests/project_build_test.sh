#!/usr/bin/env bash
# `composer build X.fidproj`: a two-file project (composer/testdata/projects/greeter) builds to
# targets/<output> beside the project, with a warning (file:line:col) for the one setting composer
# does not know, and the binary runs.
# Arguments: COMPOSER PROJECT_FILES...
set -uo pipefail
composer="$1"; shift
work="$TEST_TMPDIR/greeter"
mkdir -p "$work"
for f in "$@"; do cp "$f" "$work/"; done
err=$("$composer" build "$work/Greeter.fidproj" 2>&1); status=$?
if [ $status -ne 0 ]; then echo "FAIL: build exited $status: $err"; exit 1; fi
if ! grep -q "Greeter.fidproj:8:16: warning: 'compilation.memory_model' is not a setting composer knows" <<<"$err"; then
  echo "FAIL: no warning for compilation.memory_model in: $err"; exit 1
fi
[ -x "$work/targets/greeter" ] || { echo "FAIL: no $work/targets/greeter"; exit 1; }
out=$("$work/targets/greeter" Ada); status=$?
expected=$'Hello, Ada!\ndone!!'
if [ "$out" != "$expected" ] || [ $status -ne 1 ]; then
  echo "FAIL: got exit $status and:"; echo "$out"; exit 1
fi
echo ok
