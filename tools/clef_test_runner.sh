#!/usr/bin/env bash
# clef_test's runner: BINARY EXPECTED_STDOUT EXPECTED_EXIT.
set -uo pipefail
actual=$("$1" 2>"$TEST_TMPDIR/stderr"); status=$?
if [ "$actual" != "$(cat "$2")" ] || [ "$status" -ne "$3" ]; then
  echo "exit $status (expected $3); stdout differs from $2:"
  diff <(echo "$actual") "$2" | head -30
  head -5 "$TEST_TMPDIR/stderr"
  exit 1
fi
