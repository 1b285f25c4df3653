#!/bin/bash
# The `bare` tool end to end: exit codes, JSON mapping, round trips, one-line errors.
# Usage: bare_cli_test.sh EXEC_FOR_TARGET BARE (EXEC_FOR_TARGET runs BARE built for any target).
set -euo pipefail
exec_for_target="$1" bare_binary="$2"
bare() { "$exec_for_target" "$bare_binary" "$@"; }
dir="${TEST_TMPDIR:-$(mktemp -d)}"
schema="barewire/testdata/example.bare"
fail() { echo "FAIL: $*" >&2; exit 1; }

bare check "$schema" > "$dir/check.out"
grep -q "8 types, ok" "$dir/check.out" || fail "check"

printf 'type X struct { a: Nope }\n' > "$dir/bad.bare"
set +e
bare check "$dir/bad.bare" 2> "$dir/err"; code=$?
set -e
[ "$code" = 1 ] || fail "bad schema exit $code"
grep -q "bad.bare:1:20: error: undefined type 'Nope'" "$dir/err" || fail "diagnostic: $(cat "$dir/err")"

set +e
bare 2>/dev/null; [ $? = 2 ] || fail "no command should exit 2"
bare encode --schema "$schema" 2>/dev/null; [ $? = 2 ] || fail "missing --type should exit 2"
bare gen --lang=rust "$schema" 2>/dev/null; [ $? = 2 ] || fail "unknown lang should exit 2"
set -e

# JSON → BARE → JSON through every mapping rule the example exercises.
cat > "$dir/person.json" <<'JSON'
{"type":"Employee","value":{"name":"Ann","email":"ann@example.com","address":["1 Main St","Springfield","OR","US"],"department":"JSMITH","hireDate":"2020-01-01","publicKey":null,"metadata":{"k":"AAE="}}}
JSON
bare encode --schema "$schema" --type Person < "$dir/person.json" > "$dir/person.bin"
first=$(head -c 1 "$dir/person.bin" | od -An -tx1 | tr -d ' ')
[ "$first" = "01" ] || fail "union tag byte is $first"
bare decode --schema "$schema" --type Person < "$dir/person.bin" > "$dir/back.json"
python3 - "$dir/person.json" "$dir/back.json" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
assert a == b, (a, b)
PY

echo '{"type":"TerminatedEmployee","value":null}' | bare encode --schema "$schema" --type Person > "$dir/void.bin"
[ "$(od -An -tx1 "$dir/void.bin" | tr -d ' \n')" = "02" ] || fail "void member"

# Bad input: one line, exit 1.
set +e
echo '{"type":"Customer","value":{"name":1}}' | bare encode --schema "$schema" --type Person 2> "$dir/err" >/dev/null; code=$?
set -e
[ "$code" = 1 ] || fail "bad json exit $code"
[ "$(wc -l < "$dir/err")" = 1 ] || fail "error is not one line: $(cat "$dir/err")"
grep -q "Person<Customer>.name: expected a string" "$dir/err" || fail "json error: $(cat "$dir/err")"

set +e
head -c 5 "$dir/person.bin" | bare decode --schema "$schema" --type Person 2> "$dir/err" >/dev/null; code=$?
set -e
[ "$code" = 1 ] || fail "truncated exit $code"
grep -q "decode error at byte" "$dir/err" || fail "decode error: $(cat "$dir/err")"

bare gen --lang=cc --namespace=demo "$schema" > "$dir/gen.h"
grep -q "struct CustomerView" "$dir/gen.h" || fail "gen"
echo PASS
