#!/usr/bin/env bash
# The F# oracle: every program that is valid F# (examples/ and composer/testdata/run/, except
# the known gaps and those whose first line says `// Clef only`) runs under `dotnet fsi` (as the
# script as_fsx.sh makes of it) and under `composer run`, with NAME.args as arguments and NAME.in
# as stdin when present; stdout and exit status must match. Without dotnet on the machine the test says so and passes (CI has it).
set -uo pipefail
composer="$1"; shift
as_fsx="$1"; shift
gaps_file="$1"; shift
if ! command -v dotnet >/dev/null 2>&1; then
  echo "SKIPPED: dotnet is not installed; the F# oracle needs the .NET SDK"
  exit 0
fi
export HOME="${HOME:-$TEST_TMPDIR}" DOTNET_CLI_HOME="$TEST_TMPDIR" DOTNET_NOLOGO=1 \
  DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
failures=0; compared=0
for program in "$@"; do
  name="$(basename "${program%.clef}")"
  grep -qx "$name" "$gaps_file" && continue
  head -n 1 "$program" | grep -q "^// Clef only" && continue  # not F# (Olivier, ...)
  script="$TEST_TMPDIR/$name.fsx"
  "$as_fsx" "$program" "$script"
  base="${program%.clef}"
  args=(); [ -f "$base.args" ] && read -ra args < "$base.args"
  input=/dev/null; [ -f "$base.in" ] && input="$base.in"
  fsharp=$(timeout 120 dotnet fsi --quiet "$script" "${args[@]}" 2>/dev/null < "$input"); fsharp_status=$?
  clef=$(timeout 120 "$composer" run "$program" -- "${args[@]}" 2>/dev/null < "$input"); clef_status=$?
  compared=$((compared + 1))
  if [ "$fsharp" != "$clef" ] || [ $fsharp_status -ne $clef_status ]; then
    echo "MISMATCH $name: dotnet fsi exit $fsharp_status, composer exit $clef_status"
    diff <(echo "$fsharp") <(echo "$clef") | head -20
    failures=$((failures + 1))
  fi
done
echo "$compared programs compared with dotnet fsi, $failures mismatches"
[ $failures -eq 0 ]
