#!/usr/bin/env bash
# The desktop app at rest (issue 16: "paused or on the start screen it draws only when something
# changes"; goal: under 5 % of one core). Starts breachdrill-gui under Xvfb, waits 5 s for it to
# settle, then reads its CPU time (user + system, /proc/PID/stat) over SECONDS of wall time, in two
# cases: the start screen, and an exercise paused. Prints one JSON line per case.
#   bench/idle.sh [PATH/TO/breachdrill-gui] [SECONDS]   (default build/ui/breachdrill-gui, 10)
set -euo pipefail
GUI="${1:-build/ui/breachdrill-gui}"
SECS="${2:-10}"
command -v xvfb-run >/dev/null || { echo "bench/idle.sh: needs xvfb-run (scripts/deps.sh installs it)" >&2; exit 1; }
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
measure() { # NAME ARGS...
  local name="$1"; shift
  xvfb-run -a -s "-screen 0 1600x900x24" "$GUI" "$@" >/dev/null 2>&1 &
  local runner=$!
  local pid=""
  for _ in $(seq 50); do
    pid="$(pgrep -n -f "^$GUI" || true)"
    [ -n "$pid" ] && break
    sleep 0.2
  done
  [ -n "$pid" ] || { echo "bench/idle.sh: $GUI did not start" >&2; exit 1; }
  sleep 5
  local hz; hz="$(getconf CLK_TCK)"
  ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
  local t0; t0="$(ticks)"
  sleep "$SECS"
  local t1; t1="$(ticks)"
  kill "$pid" 2>/dev/null || true
  wait "$runner" 2>/dev/null || true
  awk -v n="$name" -v a="$t0" -v b="$t1" -v hz="$hz" -v s="$SECS" \
    'BEGIN { printf "{\"bench\":\"idle\",\"case\":\"%s\",\"seconds\":%d,\"cpu_percent_of_one_core\":%.2f}\n", n, s, (b - a) / hz / s * 100 }'
}
measure start_screen
measure paused --scenario ransomware-phish --seed 1 --autopilot all --journal "$TMP/idle.jsonl"
