#!/usr/bin/python3
"""lateral_simpy.py: the lateral-movement benchmark model in SimPy 3 (Debian: python3-simpy3).

The same model as `breachdrill-bench lateral` (bench/bench_lateral.cpp): N hosts on a seeded random
graph with 2N edges; host 0 compromised at t=0; each compromised host tries a random uncompromised,
unisolated neighbour after an exponential delay of mean 30 minutes (again and again, until it is
isolated or has no such neighbour left), and emits telemetry every 5 minutes; the detector flags a
host with probability 0.02 per telemetry event; one defender isolates flagged hosts one at a time,
each 10 minutes after it takes it up (first flagged, first isolated); 7 simulated days.

Prints one JSON line: run_s (wall), cpu_s (CPU time of the process: what other load does not inflate), events, events_per_s, peak_rss_kb, compromised, isolated, mean_ttd_min,
mean_ttc_min. Events are counted as on the engine side: attack timers, telemetry timers, alerts
(one per flagged host: the detector looks only at hosts
not flagged yet) and isolations.

    /usr/bin/python3 bench/lateral_simpy.py --hosts 1000 --seed 1
"""
import argparse
import json
import random
import resource
import sys
import time

import simpy

ATTACK_MEAN = 30 * 60
TELEMETRY_EVERY = 5 * 60
ISOLATE_TAKES = 10 * 60
DETECT_P = 0.02


def random_graph(n, rng):
    """N nodes, 2N distinct undirected edges, no loops: uniform random pairs, duplicates redrawn."""
    adj = [[] for _ in range(n)]
    seen = set()
    edges = 0
    want = min(2 * n, n * (n - 1) // 2)  # a tiny graph is complete
    while edges < want:
        u, v = rng.randrange(n), rng.randrange(n)
        if u == v:
            continue
        if u > v:
            u, v = v, u
        if (u, v) in seen:
            continue
        seen.add((u, v))
        adj[u].append(v)
        adj[v].append(u)
        edges += 1
    return adj


def run(n, seed, days):
    rng = random.Random(seed)
    adj = random_graph(n, random.Random(seed ^ 0x6C6174657261))
    env = simpy.Environment()
    compromised_at = [-1.0] * n
    flagged_at = [-1.0] * n
    isolated_at = [-1.0] * n
    isolated = [False] * n
    queue = simpy.Store(env)  # flagged hosts, first in first out
    counts = {"events": 0, "alerts": 0}

    def attacker(h):
        while True:
            yield env.timeout(rng.expovariate(1.0 / ATTACK_MEAN))
            counts["events"] += 1
            if isolated[h]:
                return
            candidates = [v for v in adj[h] if compromised_at[v] < 0 and not isolated[v]]
            if not candidates:
                return  # no neighbour left to take, ever (nothing is cleaned up)
            compromise(candidates[rng.randrange(len(candidates))])

    def telemetry(h):
        while True:
            yield env.timeout(TELEMETRY_EVERY)
            counts["events"] += 1
            if isolated[h]:
                return
            # A flagged host stays flagged: the detector only looks at hosts not flagged yet.
            if flagged_at[h] < 0 and rng.random() < DETECT_P:
                counts["alerts"] += 1
                flagged_at[h] = env.now
                queue.put(h)

    def defender():
        while True:
            h = yield queue.get()
            yield env.timeout(ISOLATE_TAKES)
            isolated[h] = True
            isolated_at[h] = env.now

    def compromise(h):
        compromised_at[h] = env.now
        env.process(attacker(h))
        env.process(telemetry(h))

    env.process(defender())
    compromise(0)
    env.run(until=days * 86400)

    comp = [h for h in range(n) if compromised_at[h] >= 0]
    flag = [h for h in comp if flagged_at[h] >= 0]
    iso = [h for h in comp if isolated_at[h] >= 0]
    ttd = sum(flagged_at[h] - compromised_at[h] for h in flag) / len(flag) / 60 if flag else 0.0
    ttc = sum(isolated_at[h] - compromised_at[h] for h in iso) / len(iso) / 60 if iso else 0.0
    return {"events": counts["events"] + counts["alerts"] + len(iso), "alerts": counts["alerts"],
            "compromised": len(comp), "flagged": len(flag), "isolated": len(iso),
            "mean_ttd_min": ttd, "mean_ttc_min": ttc}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--hosts", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--days", type=int, default=7)
    a = ap.parse_args()
    t0, c0 = time.perf_counter(), time.process_time()
    out = run(a.hosts, a.seed, a.days)
    dt, cpu = time.perf_counter() - t0, time.process_time() - c0
    res = {"bench": "lateral", "impl": "simpy-" + simpy.__version__, "hosts": a.hosts, "seed": a.seed, "days": a.days,
           "run_s": dt, "cpu_s": cpu, "events_per_s": out["events"] / dt,
           "peak_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}
    res.update(out)
    print(json.dumps(res, sort_keys=True))


if __name__ == "__main__":
    sys.exit(main())
