#!/bin/bash
# Regenerates the golden expectations of ccs/testdata on purpose; review `git diff` afterwards.
#   ccs/testdata/update_goldens.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
bazel build //ccs:ccs_dump
tool=bazel-out/k8-fastbuild/bin/ccs/ccs_dump
for input in ccs/testdata/*.clef; do
  base="${input%.clef}"
  name="$(basename "$base")"
  if [[ "$name" == fail_* ]]; then
    "$tool" --stage=ast "$input" >/dev/null 2>"$base.diag" || true
  else
    "$tool" --stage=tokens "$input" >"$base.tokens"
    "$tool" --stage=ast "$input" >"$base.ast"
  fi
done
