#!/usr/bin/env bash
# bench/run.sh: builds Breachdrill in Release (build-bench/) and runs every benchmark of
# bench/README.md, each at least 3 times, then prints the table rows (medians) in Markdown.
#
#   bench/run.sh                  everything (SimPy at N=10,000 takes a few minutes a seed)
#   RUNS=5 bench/run.sh           more repetitions
#   ONLY="timers lateral" bench/run.sh   a subset: timers lateral scale compare whatif frames idle
#   PRINT_ONLY=1 bench/run.sh     print the table from the results already there
#
# Raw JSON lines go to build-bench/bench-results/*.jsonl. Needs python3-simpy3 (SimPy 3) and
# xvfb-run for the frame benchmark.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
RUNS=${RUNS:-3}
ONLY=${ONLY:-"timers lateral scale compare whatif frames idle"}
B=$ROOT/build-bench
OUT=$B/bench-results
PY=/usr/bin/python3 # Debian's python3, where python3-simpy3 is installed

if [[ -z "${PRINT_ONLY:-}" ]]; then
cmake -S . -B "$B" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$B" -j2 --target breachdrill-bench breachdrill breachdrill-gui >/dev/null
mkdir -p "$OUT"
fi
BENCH=$B/bench/breachdrill-bench
want() { [[ " $ONLY " == *" $1 "* ]]; }

if [[ -z "${PRINT_ONLY:-}" ]]; then
if want timers; then
  : >"$OUT/timers.jsonl"
  for i in $(seq "$RUNS"); do
    for q in sim wheel heap4 stdheap; do "$BENCH" timers --queue $q --events 20000000 >>"$OUT/timers.jsonl"; done
  done
fi
if want lateral; then
  : >"$OUT/lateral.jsonl"
  for n in 1000 10000; do
    for s in $(seq "$RUNS"); do
      "$BENCH" lateral --hosts $n --seed $s >>"$OUT/lateral.jsonl"
      $PY bench/lateral_simpy.py --hosts $n --seed $s >>"$OUT/lateral.jsonl"
    done
  done
fi
if want scale; then
  : >"$OUT/scale.jsonl"
  for i in $(seq "$RUNS"); do "$BENCH" scale --size 100000 --journal /tmp/breachdrill-bench-scale.jsonl >>"$OUT/scale.jsonl"; done
fi
if want compare; then
  : >"$OUT/compare.jsonl"
  for i in $(seq "$RUNS"); do
    for t in 1 2; do
      s0=$(date +%s.%N)
      "$B/cli/breachdrill" -q compare ransomware-phish --seeds 1..200 --size 1000 --threads $t --json >"$OUT/compare-t$t.json"
      s1=$(date +%s.%N)
      sum=$(sha256sum <"$OUT/compare-t$t.json" | cut -c1-16)
      echo "{\"bench\":\"compare\",\"threads\":$t,\"runs\":400,\"run_s\":$(echo "$s1 - $s0" | bc),\"result_sha\":\"$sum\"}" >>"$OUT/compare.jsonl"
    done
  done
fi
if want whatif; then
  # The manager's question at full size: the six default investments and the baseline, 500 seeds
  # each (3,500 runs), on both cores; goal < 30 s.
  : >"$OUT/whatif.jsonl"
  for i in $(seq "$RUNS"); do
    s0=$(date +%s.%N)
    "$B/cli/breachdrill" -q whatif ransomware-phish --seeds 1..500 --threads 2 --json >"$OUT/whatif.json"
    s1=$(date +%s.%N)
    sum=$(sha256sum <"$OUT/whatif.json" | cut -c1-16)
    load=$(cut -d' ' -f1 /proc/loadavg)
    echo "{\"bench\":\"whatif\",\"threads\":2,\"runs\":3500,\"run_s\":$(echo "$s1 - $s0" | bc),\"load1\":$load,\"result_sha\":\"$sum\"}" >>"$OUT/whatif.jsonl"
  done
fi
if want frames; then
  : >"$OUT/frames.jsonl"
  $PY bench/noisy_scenario.py --factor 32 -o /tmp/breachdrill-bench-noisy/scenario.json
  for i in $(seq "$RUNS"); do
    for role in secops facilitator itops; do
      xvfb-run -a -s "-screen 0 1600x900x24" "$B/ui/breachdrill-gui" --scenario /tmp/breachdrill-bench-noisy/scenario.json \
        --size 10000 --advance 570000 --role $role --journal /tmp/breachdrill-bench-gui.jsonl --bench-frames 300 2>/dev/null |
        grep '"bench"' >>"$OUT/frames.jsonl"
    done
  done
fi
if want idle; then
  : >"$OUT/idle.jsonl"
  for i in $(seq "$RUNS"); do bash bench/idle.sh "$B/ui/breachdrill-gui" 10 >>"$OUT/idle.jsonl"; done
fi

fi # PRINT_ONLY

# The table rows: medians of the runs.
$PY - "$OUT" "$ONLY" <<'EOF'
import json, os, statistics, subprocess, sys
out, only = sys.argv[1], sys.argv[2].split()
def load(name):
    p = os.path.join(out, name + ".jsonl")
    return [json.loads(l) for l in open(p) if l.strip()] if os.path.exists(p) else []
med = statistics.median
def sh(c):
    return subprocess.run(c, shell=True, capture_output=True, text=True).stdout.strip()
commit = sh("git rev-parse --short HEAD") + (" + uncommitted" if sh("git status --porcelain -- engine ui bench cli scoring CMakeLists.txt") else "")
cpu = sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2").strip()
load1 = open("/proc/loadavg").read().split()[0]
print(f"\n<!-- {sh('date -u +%Y-%m-%d')}, nproc {os.cpu_count()}, {cpu}, commit {commit}, load {load1} at the end -->")
print("| benchmark | figure (median of runs) | peer / goal | ratio | met |")
print("|---|---|---|---|---|")
if "timers" in only:
    r = load("timers")
    for q in ("sim", "wheel", "heap4", "stdheap"):
        x = [e for e in r if e["queue"] == q]
        if x:
            w, c = med(e["events_per_s"] for e in x), med(e["events"] / e["cpu_s"] for e in x)
            goal = "goal >= 10 M/s" if q == "sim" else ""
            print(f"| timers ({q}) | {w/1e6:.2f} M events/s wall, {c/1e6:.2f} M/s per CPU-s | {goal} | | {'yes' if q=='sim' and c>=10e6 else ('no' if q=='sim' else '')} |")
if "lateral" in only:
    r = load("lateral")
    for n in (1000, 10000):
        e = [x for x in r if x["hosts"] == n and x["impl"] == "breachdrill"]
        p = [x for x in r if x["hosts"] == n and x["impl"].startswith("simpy")]
        if not e or not p: continue
        ec, pc = med(x["cpu_s"] for x in e), med(x["cpu_s"] for x in p)
        ew, pw = med(x["run_s"] for x in e), med(x["run_s"] for x in p)
        em, pm = med(x["peak_rss_kb"] for x in e), med(x["peak_rss_kb"] for x in p)
        print(f"| lateral N={n} | engine {ec:.3f} CPU-s ({ew:.3f} s wall), SimPy {pc:.2f} CPU-s ({pw:.2f} s wall) | >= 50x | {pc/ec:.1f}x CPU, {pw/ew:.1f}x wall | {'yes' if pc/ec >= 50 else 'no'} |")
        print(f"| lateral N={n} memory | engine {em/1024:.1f} MB, SimPy {pm/1024:.1f} MB | {'lower than SimPy' if n==10000 else ''} | {pm/em:.2f}x | {('yes' if em < pm else 'no') if n==10000 else ''} |")
        for k in ("compromised", "isolated", "mean_ttd_min", "mean_ttc_min"):
            print(f"| lateral N={n} {k} | engine {med(x[k] for x in e):.1f}, SimPy {med(x[k] for x in p):.1f} | agree within noise | | |")
if "scale" in only:
    r = load("scale")
    if r:
        l, w, c, m = med(x["load_s"] for x in r), med(x["run_s"] for x in r), med(x["run_cpu_s"] for x in r), med(x["peak_rss_kb"] for x in r)
        print(f"| scale 100,000 hosts: load | {l:.2f} s | < 2 s | | {'yes' if l < 2 else 'no'} |")
        print(f"| scale 100,000 hosts: play to the end ({r[0]['end']} at {r[0]['sim_end_s']/86400:.1f} d) | {w:.2f} s wall, {c:.2f} CPU-s, {m/1024:.0f} MB | < 60 s, < 1 GiB | | {'yes' if w < 60 and m < 1 << 20 else 'no'} |")
if "compare" in only:
    r = load("compare")
    t1 = [x["run_s"] for x in r if x["threads"] == 1]
    t2 = [x["run_s"] for x in r if x["threads"] == 2]
    if t1 and t2:
        same = len({x["result_sha"] for x in r}) == 1
        print(f"| compare 200 seeds x 2 profiles, 1,000 hosts | 1 thread {400/med(t1):.1f} runs/s, 2 threads {400/med(t2):.1f} runs/s; results identical: {'yes' if same else 'NO'} | >= 1.8x | {med(t1)/med(t2):.2f}x | {'yes' if med(t1)/med(t2) >= 1.8 and same else 'no'} |")
if "whatif" in only:
    r = load("whatif")
    if r:
        w = med(x["run_s"] for x in r)
        same = len({x["result_sha"] for x in r}) == 1
        print(f"| whatif 6 investments x 500 seeds, ransomware-phish (3,500 runs, 2 threads) | {w:.2f} s wall ({3500/w:.0f} runs/s, load {', '.join(str(x['load1']) for x in r)}); results identical: {'yes' if same else 'NO'} | < 30 s | | {'yes' if w < 30 and same else 'no'} |")
if "frames" in only:
    r = load("frames")
    for role in ("secops", "facilitator", "itops"):
        x = [e for e in r if e["role"] == role]
        if x:
            m, p = med(e["cpu_median_ms"] for e in x), med(e["cpu_p99_ms"] for e in x)
            runs = ", ".join(f"{e['cpu_median_ms']:.2f}/{e['cpu_p99_ms']:.2f}" for e in x)
            print(f"| frame time, {role}, 10,000 hosts, {x[0]['alerts']} alerts | median {m:.2f} ms, p99 {p:.2f} ms CPU (runs, median/p99: {runs}) | median < 4, p99 < 8 | | {'yes' if m < 4 and p < 8 else 'no'} |")
if "idle" in only:
    r = load("idle")
    for case in ("start_screen", "paused"):
        x = [e["cpu_percent_of_one_core"] for e in r if e["case"] == case]
        if x:
            print(f"| the app at rest, {case.replace('_', ' ')} | {med(x):.2f} % of one core (runs: {', '.join(f'{v:.2f}' for v in x)}) | < 5 % | | {'yes' if med(x) < 5 else 'no'} |")
EOF
