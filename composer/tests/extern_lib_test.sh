#!/usr/bin/env bash
# A Clef program calling a C test library and libc through `extern` (extern_lib.clef): composer
# links the archive given on its command line; the output must be extern_lib.out.
# Arguments: COMPOSER PROGRAM EXPECTED ARCHIVES...
set -uo pipefail
composer="$1"; program="$2"; expected="$3"; shift 3
archive=""
for f in "$@"; do case "$f" in *.a) archive="$f" ;; esac; done
[ -n "$archive" ] || { echo "no archive among: $*"; exit 1; }
[ -f "$archive" ] || archive="${RUNFILES_DIR:-$TEST_SRCDIR}/fidelity/$archive"
[ -f "$archive" ] || { echo "cannot find the archive $archive"; ls -R "${RUNFILES_DIR:-$TEST_SRCDIR}" | head -50; exit 1; }
actual=$("$composer" run "$program" "$archive" 2>"$TEST_TMPDIR/stderr"); status=$?
if [ $status -ne 0 ] || [ "$actual" != "$(cat "$expected")" ]; then
  echo "FAIL: exit $status"; diff <(echo "$actual") "$expected"; cat "$TEST_TMPDIR/stderr"; exit 1
fi
echo "ok"
