#!/usr/bin/env bash
# Writes the F# script that `dotnet fsi` runs for a Clef program: usage as_fsx.sh IN.clef OUT.fsx
#
# A script is not a compiled program, so two program shapes are adapted (nothing else changes):
# - the first line's `module A.B` header is dropped (fsi reads a dotted header as a nested module);
# - `[<EntryPoint>]` is dropped and `exit (main <arguments>)` appended, which is what the compiled
#   F# program does with its entry point (fsi ignores the attribute but rejects code after it).
set -eu
sed -e '1{/^module [A-Za-z0-9_.]*[[:space:]]*$/d;}' -e 's/^\[<EntryPoint>\][[:space:]]*$//' "$1" > "$2"
if grep -q '^\[<EntryPoint>\][[:space:]]*$' "$1"; then
  printf '\nexit (main fsi.CommandLineArgs.[1..])\n' >> "$2"
fi
