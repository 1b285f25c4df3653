#!/usr/bin/env bash
# Runs a program built for any target Fidelity supports, on this x86_64 host:
#   exec_for_target.sh PROGRAM [ARGS...]
# an aarch64 ELF runs under qemu-aarch64 (binfmt_misc is not assumed), a WebAssembly module under
# node's WASI (wasi_run.mjs), anything else (host binaries, scripts) directly. Bazel's
# --config=aarch64/wasm32 name it in --run_under, so `bazel test` and `bazel run` work there.
set -euo pipefail

if [[ $# -lt 1 ]]; then
  echo "usage: exec_for_target.sh PROGRAM [ARGS...]" >&2
  exit 2
fi
program=$1
shift

here=$(dirname "${BASH_SOURCE[0]}")
# The file's magic (ELF or Wasm), and for an ELF its e_machine (2 bytes, little-endian, at 18).
magic=$(od -An -tx1 -N4 "$program" | tr -d ' \n')
machine=$(od -An -tx1 -j18 -N2 "$program" | tr -d ' \n')
case "$magic:$machine" in
  0061736d:*)
    runner="$here/wasi_run.mjs"
    [[ -f "$runner" ]] || runner="${RUNFILES_DIR:-$0.runfiles}/fidelity/tools/toolchains/wasi_run.mjs"
    exec node --no-warnings "$runner" "$program" "$@"
    ;;
  7f454c46:b700)  # EM_AARCH64
    # The target's C and C++ libraries: the cross sysroot first, then Debian's multiarch arm64
    # packages (Abseil, GoogleTest, liburing).
    exec qemu-aarch64 -L /usr/aarch64-linux-gnu \
      -E LD_LIBRARY_PATH=/usr/aarch64-linux-gnu/lib:/usr/lib/aarch64-linux-gnu:/lib/aarch64-linux-gnu \
      "$program" "$@"
    ;;
  *)
    exec "$program" "$@"
    ;;
esac
