#!/bin/bash
# Regenerates the stage goldens on purpose (NAME.mlir: `composer emit --stage=mlir`, NAME.lowered:
# `--stage=lowered`); review `git diff` afterwards.
set -euo pipefail
cd "$(dirname "$0")/../../.."
bazel build //composer
composer=bazel-out/k8-fastbuild/bin/composer/composer
for input in composer/testdata/stages/*.clef; do
  base="${input%.clef}"
  "$composer" emit --stage=mlir "$input" >"$base.mlir"
  "$composer" emit --stage=lowered "$input" >"$base.lowered"
done
