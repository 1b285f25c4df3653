#!/bin/bash
# Compares `bare gen --lang=cc` output with the checked-in golden header.
# Usage: gen_golden_test.sh EXEC_FOR_TARGET BARE SCHEMA GOLDEN (EXEC_FOR_TARGET runs BARE built
# for any target). Regenerate with update_goldens.sh.
set -euo pipefail
exec_for_target="$1" bare_binary="$2" schema="$3" golden="$4"
bare() { "$exec_for_target" "$bare_binary" "$@"; }
actual="${TEST_TMPDIR:-/tmp}/actual.h"
bare gen --lang=cc --namespace=barewire_test -o "$actual" "$schema"
if ! diff -u "$golden" "$actual"; then
  echo "FAIL: generated C++ differs from $golden; if the change is intended, run barewire/testdata/update_goldens.sh" >&2
  exit 1
fi
