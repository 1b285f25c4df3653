#!/bin/bash
# Rewrites the golden output of `bare gen` on purpose, after a deliberate generator change.
# Review the diff before committing it.
set -euo pipefail
cd "$(dirname "$0")/../.."
bazel build //barewire:bare
bazel-bin/barewire/bare gen --lang=cc --namespace=barewire_test \
  -o barewire/testdata/codegen.bare.h.golden barewire/testdata/codegen.bare
git diff --stat -- barewire/testdata/codegen.bare.h.golden
