#!/usr/bin/env bash
# A served exercise with real processes (registered with CTest): `breachdrill serve` is killed with
# SIGKILL mid-exercise, `serve --resume` picks it up from its journal with the same codes, a headless
# seat that was playing all along reconnects and finishes the exercise, and the journal holds each of
# the seat's commands once. With a GUI binary, `breachdrill-gui --join` draws a seat's screen too.
#   tests/net/served_exercise.sh CLI WORKDIR [GUI PNG_CHECK]
set -euo pipefail
BD=$1 WORK=$2 GUI=${3:-} PNG_CHECK=${4:-}
rm -rf "$WORK" && mkdir -p "$WORK" && cd "$WORK"
# Below Linux's ephemeral range (32768-60999, ip_local_port_range), where the other net tests'
# servers (port 0) and every client socket live: a clash with them cannot happen.
PORT=$((21000 + RANDOM % 11000))
fail() { echo "FAIL: $*" >&2; cat serve*.out >&2 || true; exit 1; }
code() { python3 -c "import json,sys; print([s['code'] for s in json.load(open('codes.json'))['seats'] if s['seat']==sys.argv[1]][0])" "$1"; }

"$BD" -q serve ransomware-phish --seed 5 --bind 127.0.0.1 --port "$PORT" --codes codes.json --journal j.jsonl \
  --autostart --speed 4000 --linger 5 >serve1.out 2>&1 &
S1=$!
for _ in $(seq 600); do [ -s codes.json ] && break; sleep 0.1; done # patience, not a deadline: up to 60 s
[ "$(stat -c %a codes.json)" = 600 ] || fail "codes file mode is $(stat -c %a codes.json), not 600"

# A wrong code is refused with a reason, exit 1.
if "$BD" client "127.0.0.1:$PORT" --code "aaaaa-bbbbb-ccccc-ddddd.$(code secops-1 | cut -d. -f2-)" --dump-view >wrong.out 2>&1; then
  fail "a wrong code was accepted"
fi
grep -q "unknown join code" wrong.out || fail "no reason for the wrong code: $(cat wrong.out)"

# A player's view has no ground truth; the facilitator's has.
"$BD" -q client "127.0.0.1:$PORT" --code "$(code secops-1)" --dump-view >secops-view.json || fail "secops --dump-view"
"$BD" -q client "127.0.0.1:$PORT" --code "$(code facilitator)" --dump-view >fac-view.json || fail "facilitator --dump-view"
python3 - <<'PY' || fail "view check"
import json
def keys(j, out):
    if isinstance(j, dict):
        for k, v in j.items(): out.add(k); keys(v, out)
    elif isinstance(j, list):
        for v in j: keys(v, out)
    return out
sec, fac = keys(json.load(open("secops-view.json")), set()), keys(json.load(open("fac-view.json")), set())
truth = {"true_positive", "compromise", "encrypted", "attacker", "persistence"}
assert not (sec & truth), sec & truth
assert {"attacker", "compromise"} <= fac, "the facilitator's view lacks the ground truth"
PY

# The facilitator's controls and a command, headless; a player may do neither.
"$BD" -q client "127.0.0.1:$PORT" --code "$(code facilitator)" --control pause | grep -q '"running":false' || fail "--control pause"
if "$BD" -q client "127.0.0.1:$PORT" --code "$(code secops-1)" --control resume >/dev/null 2>&1; then fail "a player resumed the clock"; fi
"$BD" -q client "127.0.0.1:$PORT" --code "$(code facilitator)" --post '{"kind":"add_note","text":"headless note"}' | grep -q '"ok":true' || fail "--post add_note"
if "$BD" -q client "127.0.0.1:$PORT" --code "$(code itops-1)" --post '{"kind":"fire_inject","target":"1"}' >post.out 2>&1; then fail "a player fired an inject"; fi
grep -q "only the facilitator" post.out || fail "the refusal does not say who may: $(cat post.out)"
# A player's note reaches the team's view on the server; the other team reads only the shared one.
"$BD" -q client "127.0.0.1:$PORT" --code "$(code itops-1)" --post '{"kind":"add_note","text":"itops own note"}' | grep -q '"ok":true' || fail "a player's note"
"$BD" -q client "127.0.0.1:$PORT" --code "$(code itops-1)" --post '{"kind":"add_note","value":"shared","text":"itops shared note"}' | grep -q '"ok":true' || fail "a shared note"
if "$BD" -q client "127.0.0.1:$PORT" --code "$(code itops-1)" --post '{"kind":"add_note","text":"two\nlines"}' >post.out 2>&1; then fail "a note with a line break was kept"; fi
grep -q "control character" post.out || fail "the refused note does not say why: $(cat post.out)"
"$BD" -q client "127.0.0.1:$PORT" --code "$(code itops-1)" --dump-view >itops-view.json || fail "itops --dump-view"
"$BD" -q client "127.0.0.1:$PORT" --code "$(code secops-1)" --dump-view >secops-view2.json || fail "secops --dump-view"
python3 - <<'PY' || fail "notes in the views"
import json
it = [n["text"] for n in json.load(open("itops-view.json"))["notes"]]
sec = [n["text"] for n in json.load(open("secops-view2.json"))["notes"]]
assert it == ["itops own note", "itops shared note"], it
assert sec == ["itops shared note"], sec
PY
"$BD" -q client "127.0.0.1:$PORT" --code "$(code facilitator)" --control resume | grep -q '"running":true' || fail "--control resume"

# Two seats play with the view-driven autopilot; the server is killed mid-exercise.
"$BD" -q client "127.0.0.1:$PORT" --code "$(code itops-1)" --autopilot --timeout 60 >itops.out 2>&1 &
C1=$!
"$BD" -q client "127.0.0.1:$PORT" --code "$(code secops-1)" --autopilot --timeout 60 >secops.out 2>&1 &
C2=$!
# Killed once a seat's command is in the journal (patience, not a deadline: up to 120 s), so the
# resumed server meets a seat with history, however slow the machine.
for _ in $(seq 1200); do grep -q '"client_id"' j.jsonl 2>/dev/null && break; sleep 0.1; done
grep -q '"client_id"' j.jsonl || fail "no seat command reached the journal before the kill"
kill -9 $S1
wait $S1 2>/dev/null || true
tail -1 j.jsonl | grep -q '"type":"end"' && fail "the exercise ended before the kill: slow the clock"
sleep 1
"$BD" -q serve --resume j.jsonl --bind 127.0.0.1 --port "$PORT" --codes codes.json --autostart --speed 30000 --linger 5 >serve2.out 2>&1 &
S2=$!
wait $C1 || fail "the ITOps seat did not finish: $(tail -3 itops.out)"
wait $C2 || fail "the SecOps seat did not finish: $(tail -3 secops.out)"
grep -q "the exercise is over" secops.out || fail "the SecOps seat saw no end"
wait $S2 || true
tail -1 j.jsonl | grep -q '"type":"end"' || fail "no end record after the resume"
python3 - <<'PY' || fail "journal check"
import json, collections
c = collections.Counter()
for line in open("j.jsonl"):
    r = json.loads(line)
    if r["type"] == "command" and "client_id" in r["cmd"]:
        c[r["cmd"]["client_id"]] += 1
assert c, "no seat command reached the journal"
twice = [k for k, n in c.items() if n > 1]
assert not twice, twice
PY
"$BD" -q replay j.jsonl >/dev/null || fail "the served exercise does not replay to its recorded hash"

if [ -n "$GUI" ]; then
  "$BD" -q serve ransomware-phish --seed 7 --bind 127.0.0.1 --port "$PORT" --codes codes2.json --journal g.jsonl \
    --autostart --speed 3000 --linger 1 >serve3.out 2>&1 &
  S3=$!
  for _ in $(seq 600); do [ -s codes2.json ] && break; sleep 0.1; done # patience: up to 60 s
  sleep 3 # a little play to draw; the check below holds at any point of the exercise
  C=$(python3 -c "import json; print(json.load(open('codes2.json'))['seats'][2]['code'])")
  xvfb-run -a -s "-screen 0 1600x900x24" "$GUI" --join "127.0.0.1:$PORT" --code "$C" --screenshot joined-secops.png \
    || fail "breachdrill-gui --join"
  "$PNG_CHECK" joined-secops.png 40 0.05 || fail "the joined seat's screen is blank"
  kill $S3 2>/dev/null || true
fi
echo "served exercise: kill -9, resume, reconnect, no command twice, replay verified${GUI:+, GUI seat drawn}"
