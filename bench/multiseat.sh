#!/usr/bin/env bash
# The multi-seat load benchmark (issue 8): one `breachdrill serve` on loopback, SEATS headless seats
# (`breachdrill client --load`) each sending RATE commands a second for SECONDS, then checks that no
# command was lost or applied twice (every command's client id exactly once in the journal, every one
# answered) and prints the server's and the seats' command-to-view latency (p50/p99/max, ms) as one
# JSON line. Defaults: 50 seats x 10 commands/s x 60 s. Needs a built tree (BUILD, default build-bench;
# bench/run.sh builds it).
#   bench/multiseat.sh                       # the full form
#   SEATS=10 SECONDS_=5 bench/multiseat.sh    # a quick look
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build-bench}
BD=$BUILD/cli/breachdrill
SEATS=${SEATS:-50}
RATE=${RATE:-10}
DURATION=${SECONDS_:-60}
PORT=${PORT:-$((20000 + RANDOM % 20000))}
[ -x "$BD" ] || { echo "multiseat.sh: $BD not built (bench/run.sh builds $BUILD, or set BUILD)" >&2; exit 1; }
OUT=$(mktemp -d /tmp/bd-multiseat.XXXXXX)
PER_TEAM=$(( (SEATS + 1) / 2 ))

"$BD" -q serve ransomware-phish --port "$PORT" --bind 127.0.0.1 --codes "$OUT/codes.json" --seats "$PER_TEAM" \
  --autostart --speed 60 --journal "$OUT/journal.jsonl" --stats "$OUT/server-stats.json" --linger 1 >"$OUT/serve.out" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 50); do [ -s "$OUT/codes.json" ] && break; sleep 0.1; done

python3 - "$OUT/codes.json" "$SEATS" >"$OUT/seat-codes" <<'PY'
import json, sys
codes = [s["code"] for s in json.load(open(sys.argv[1]))["seats"] if s["team"] != "facilitator"]
print("\n".join(codes[: int(sys.argv[2])]))
PY
CPU0=$(awk '{print $14+$15}' /proc/$SERVER/stat)
i=0
while read -r code; do
  i=$((i + 1))
  "$BD" -q client "127.0.0.1:$PORT" --code "$code" --load "$RATE" --for "$DURATION" >"$OUT/seat-$i.json" 2>"$OUT/seat-$i.err" &
done <"$OUT/seat-codes"
wait $(jobs -p | grep -v "^$SERVER\$") 2>/dev/null || true
CPU1=$(awk '{print $14+$15}' /proc/$SERVER/stat)
kill -INT $SERVER
wait $SERVER || true
trap - EXIT

python3 - "$OUT" "$SEATS" "$RATE" "$DURATION" "$(( CPU1 - CPU0 ))" "$(getconf CLK_TCK)" <<'PY'
import json, sys, glob, collections
out, seats, rate, duration, ticks, hz = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
per_seat = [json.loads(open(f).read().strip() or "{}") for f in sorted(glob.glob(out + "/seat-*.json"))]
sent = sum(s.get("sent", 0) for s in per_seat)
answered = sum(s.get("answered", 0) for s in per_seat)
copies = collections.Counter()
for line in open(out + "/journal.jsonl"):
    r = json.loads(line)
    if r.get("type") == "command" and "client_id" in r.get("cmd", {}):
        copies[r["cmd"]["client_id"]] += 1
server = json.load(open(out + "/server-stats.json"))
lat = sorted(x for s in per_seat for x in [s.get("latency_ms", {}).get("p99", 0)])
result = {
    "bench": "multiseat", "seats": seats, "rate_per_seat": rate, "seconds": duration,
    "sent": sent, "answered": answered, "journaled": sum(copies.values()), "distinct_in_journal": len(copies),
    "applied_twice": sum(1 for c in copies.values() if c > 1), "lost": sent - len(copies),
    "server_latency_ms": server["latency_ms"], "server_cpu_s": ticks / hz,
    "seat_p99_ms_median": lat[len(lat) // 2] if lat else None, "seat_p99_ms_max": lat[-1] if lat else None,
    "duplicates_recognised": server["duplicates"], "send_deferred": server["send_deferred"], "dir": out,
}
print(json.dumps(result))
sys.exit(0 if result["lost"] == 0 and result["applied_twice"] == 0 and answered == sent else 1)
PY
