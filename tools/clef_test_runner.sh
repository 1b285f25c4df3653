#!/usr/bin/env bash
# clef_test's runner: EXEC_FOR_TARGET BINARY EXPECTED_STDOUT EXPECTED_EXIT. The binary may be
# built for another target; EXEC_FOR_TARGET (tools/toolchains) runs it on this host.
set -uo pipefail
exec_for_target=$1
shift
actual=$("$exec_for_target" "$1" 2>"$TEST_TMPDIR/stderr"); status=$?
if [ "$actual" != "$(cat "$2")" ] || [ "$status" -ne "$3" ]; then
  echo "exit $status (expected $3); stdout differs from $2:"
  diff <(echo "$actual") "$2" | head -30
  head -5 "$TEST_TMPDIR/stderr"
  exit 1
fi
