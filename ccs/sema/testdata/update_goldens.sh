#!/bin/bash
# Regenerates the type checker's golden files on purpose; review `git diff` afterwards.
#   ccs/sema/testdata/update_goldens.sh
# NAME.clef → NAME.types (the inferred signatures) unless NAME starts with fail_, and NAME.diag
# when checking reports anything (each fail_ file exists for one diagnostic).
set -euo pipefail
cd "$(dirname "$0")/../../.."
bazel build //ccs:ccs_dump
tool=bazel-out/k8-fastbuild/bin/ccs/ccs_dump
for input in ccs/sema/testdata/*.clef; do
  base="${input%.clef}"
  name="$(basename "$base")"
  "$tool" --stage=types "$input" >"$base.types.tmp" 2>"$base.diag" || true
  if [[ "$name" == fail_* ]]; then
    rm "$base.types.tmp"
  else
    mv "$base.types.tmp" "$base.types"
    "$tool" --stage=psg "$input" >"$base.psg" 2>/dev/null || true
  fi
  [[ -s "$base.diag" ]] || rm "$base.diag"
done
