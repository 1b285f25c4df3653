#!/usr/bin/env bash
# An actor loop of 10,000,000 messages (actor_loop.clef) runs in bounded memory: its peak RSS,
# reported here, must stay under 32 MiB (it is about 2 MiB: no per-message allocation). A bound
# on memory, not on time. Arguments: COMPOSER PROGRAM
set -uo pipefail
composer="$1"; program="$2"
"$composer" build "$program" -O2 -o "$TEST_TMPDIR/actor_loop" || exit 1
/usr/bin/time -f %M -o "$TEST_TMPDIR/rss" "$TEST_TMPDIR/actor_loop" >"$TEST_TMPDIR/out" || exit 1
rss_kib=$(tail -n 1 "$TEST_TMPDIR/rss")
echo "10,000,000 messages: peak RSS $((rss_kib / 1024)) MiB ($rss_kib KiB); printed: $(cat "$TEST_TMPDIR/out")"
[ "$(cat "$TEST_TMPDIR/out")" = "received 10000000 messages" ] || { echo "FAIL: wrong output"; exit 1; }
[ "$rss_kib" -lt 32768 ] || { echo "FAIL: peak RSS above 32 MiB"; exit 1; }
