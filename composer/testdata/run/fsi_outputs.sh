#!/usr/bin/env bash
# Regenerates the expected outputs of the run tests from the F# oracle (`dotnet fsi`).
#
# For every NAME.clef in composer/testdata/run/, composer/testdata/samples/ and examples/ (or
# only the .clef files given as arguments), makes it a temporary NAME.fsx (composer/tests/as_fsx.sh),
# runs `dotnet fsi` on it with the arguments in NAME.args and the input in NAME.in when they exist,
# and writes:
#   NAME.out   the program's stdout, byte for byte
#   NAME.exit  the exit code, only when it is not 0 (a stale NAME.exit is removed otherwise)
# stderr (warnings such as FS3370, stack traces of uncaught exceptions) is not recorded.
#
# Usage: composer/testdata/run/fsi_outputs.sh [FILE.clef ...]
set -u

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"

if ! command -v dotnet > /dev/null; then
  echo "fsi_outputs.sh: dotnet not found on PATH" >&2
  exit 2
fi

if [ "$#" -gt 0 ]; then
  files=("$@")
else
  files=("$here"/*.clef "$root"/composer/testdata/samples/*.clef "$root"/examples/*.clef)
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

status=0
for clef in "${files[@]}"; do
  [ -f "$clef" ] || continue
  # Not F# (Olivier, ...): its NAME.out is written with the program and justified by its comments.
  if head -n 1 "$clef" | grep -q "^// Clef only"; then echo "skip    $(basename "$clef" .clef) (Clef only)"; continue; fi
  dir="$(cd "$(dirname "$clef")" && pwd)"
  name="$(basename "$clef" .clef)"
  fsx="$tmp/$name.fsx"
  "$root/composer/tests/as_fsx.sh" "$clef" "$fsx"
  args=(); [ -f "$dir/$name.args" ] && read -ra args < "$dir/$name.args"
  input=/dev/null; [ -f "$dir/$name.in" ] && input="$dir/$name.in"
  # dotnet fsi compiles and runs the script; a program must finish within the time limit.
  timeout 300 dotnet fsi "$fsx" "${args[@]}" > "$dir/$name.out" 2> "$tmp/$name.err" < "$input"
  rc=$?
  if [ "$rc" -eq 0 ]; then
    rm -f "$dir/$name.exit"
    echo "ok      $name"
  else
    echo "$rc" > "$dir/$name.exit"
    echo "exit $rc  $name  ($(grep -m1 -E 'error|Exception' "$tmp/$name.err" || head -n1 "$tmp/$name.err"))"
    if [ "$rc" -eq 124 ] || grep -q 'error FS' "$tmp/$name.err"; then
      # A timeout or a compile error is a broken test, not an expectation.
      echo "fsi_outputs.sh: $clef does not run under dotnet fsi:" >&2
      cat "$tmp/$name.err" >&2
      status=1
    fi
  fi
done
exit "$status"
