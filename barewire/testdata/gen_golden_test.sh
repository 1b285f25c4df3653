#!/bin/bash
# Compares `bare gen --lang=cc` output with the checked-in golden header.
# Usage: gen_golden_test.sh BARE SCHEMA GOLDEN. Regenerate with update_goldens.sh.
set -euo pipefail
bare="$1" schema="$2" golden="$3"
actual="${TEST_TMPDIR:-/tmp}/actual.h"
"$bare" gen --lang=cc --namespace=barewire_test -o "$actual" "$schema"
if ! diff -u "$golden" "$actual"; then
  echo "FAIL: generated C++ differs from $golden; if the change is intended, run barewire/testdata/update_goldens.sh" >&2
  exit 1
fi
