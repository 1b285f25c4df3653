#!/usr/bin/env bash
# Golden-output test: every program in examples/ and composer/testdata/run/ is compiled and run
# by composer (with the arguments in NAME.args and stdin from NAME.in when present); its stdout
# must equal NAME.out and its exit status NAME.exit (0 when absent).
# NAME.out files come from `dotnet fsi` (composer/testdata/run/fsi_outputs.sh), never by hand.
# Programs listed in composer/testdata/run/NOT_COMPILED_YET must instead be rejected with a
# FILE:LINE:COL diagnostic (exit 1), never a crash: the list is the compiler's known gaps.
# Programs listed in NOT_ON_WASM32 (next to it) use Frosty, which wasm32-wasi lacks: there they
# must be refused with a clear error.
# Arguments: TARGET (composer's --target; the programs of another target run under qemu-aarch64
# or node, as `composer run` does) COMPOSER GAPS_FILE PROGRAMS...
set -uo pipefail
target="$1"; shift
composer="$1"; shift
gaps_file="$1"; shift
failures=0
for program in "$@"; do
  base="${program%.clef}"
  name="$(basename "$base")"
  if grep -qx "$name" "$gaps_file"; then
    err=$("$composer" run --target="$target" "$program" 2>&1 >/dev/null); status=$?
    if [ $status -ne 1 ] || ! grep -q "^[^:]*:[0-9]*:[0-9]*: error: " <<<"$err"; then
      echo "FAIL $name: a known gap must be a diagnostic (exit 1), got exit $status: $err"
      failures=$((failures + 1))
    fi
    continue
  fi
  # Programs on Frosty (async, actors) are a clear error on wasm32-wasi, which has no Frosty.
  if [ "$target" = wasm32-wasi ] && grep -qx "$name" "$(dirname "$gaps_file")/NOT_ON_WASM32"; then
    err=$("$composer" run --target="$target" "$program" 2>&1 >/dev/null); status=$?
    if [ $status -ne 1 ] || ! grep -q "wasm32-wasi target does not support" <<<"$err"; then
      echo "FAIL $name: wasm32-wasi must refuse it clearly (exit 1), got exit $status: $err"
      failures=$((failures + 1))
    fi
    continue
  fi
  expected_exit=0
  [ -f "$base.exit" ] && expected_exit=$(cat "$base.exit")
  args=(); [ -f "$base.args" ] && read -ra args < "$base.args"
  input=/dev/null; [ -f "$base.in" ] && input="$base.in"
  actual=$(timeout 120 "$composer" run --target="$target" "$program" -- "${args[@]}" 2>"$TEST_TMPDIR/stderr" < "$input"); status=$?
  if [ "$actual" != "$(cat "$base.out")" ] || [ $status -ne "$expected_exit" ]; then
    echo "FAIL $name: exit $status (expected $expected_exit)"
    diff <(echo "$actual") "$base.out" | head -20
    head -5 "$TEST_TMPDIR/stderr"
    failures=$((failures + 1))
  fi
done
echo "$target: $# programs, $failures failures"
[ $failures -eq 0 ]
