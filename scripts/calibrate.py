#!/usr/bin/env python3
"""calibrate.py: the silo effect across the library (docs/model.md, "Calibration").

Plays every attack scenario (and faulty-vendor-update) under both profiles with `breachdrill compare
--json`, then once per mechanism with that mechanism switched off in the converged profile (set to
the siloed value: the ablation), and prints the Markdown tables docs/model.md carries.

    python3 scripts/calibrate.py [--cli build/cli/breachdrill] [--seeds 1..200] [--only ID,ID]

Standard library only. Every figure comes from the CLI's JSON; nothing is computed here but the
pooled median, the median of the seed-by-seed differences (the criterion's reading, docs/model.md)
and the table layout.
"""
import argparse
import json
import statistics
import subprocess
import sys

SCENARIOS = ["ransomware-phish", "exploited-webapp", "bec-wire-fraud", "cloud-key-leak", "insider-theft",
             "noisy-day", "supply-chain", "random"]
OUTAGE = "faulty-vendor-update"

# Each mechanism of docs/model.md and the converged profile's parameters that turn it off (the
# siloed profile's values).
MECHANISMS = [
    ("1. tool fragmentation", "converged.correlate_alerts=false"),
    ("2. asset visibility", "converged.shared_inventory=false"),
    ("3. symptoms as indicators", "converged.symptoms_to_secops=false"),
    ("4. patch race", "converged.patch_within_s=604800"),
    ("5. change approval and hand-off", "converged.change_approval_s=14400,converged.handoff_factor=1.0"),
    ("shared tools (both consoles)", "converged.shared_tools=false"),
]


def compare(cli, scenario, seeds, changes=None):
    cmd = [cli, "-q", "compare", scenario, "--seeds", seeds, "--json"]
    if changes:
        cmd += ["--set", changes]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def runs_of(d, org):
    return [r for r in d["runs"] if r["org"] == org]


def hours(s):
    return "never" if s is None else f"{s / 3600:.1f} h"


def median_of(d, org, figure):
    for p in d["profiles"]:
        if p["org"] == org:
            return p["figures"][figure]["median"]
    return None


def paired_median(d, figure):
    """The median over seeds of converged's figure minus siloed's, on the seeds where both measured
    it: negative when converged was faster on the typical seed."""
    by_seed = {}
    for r in d["runs"]:
        by_seed.setdefault(r["seed"], {})[r["org"]] = r
    diffs = [p["converged"][figure] - p["siloed"][figure] for p in by_seed.values()
             if all(p.get(o, {}).get(figure) is not None for o in ("siloed", "converged"))]
    return statistics.median(diffs) if diffs else None


def signed_hours(s):
    return "n/a" if s is None else f"{s / 3600:+.1f} h"


def row(name, d):
    diff = d["difference"]["figures"]
    ttd = diff["time_to_detect_s"]
    prof = {p["org"]: p for p in d["profiles"]}
    s, c = prof["siloed"], prof["converged"]
    return (f"| {name} | {hours(median_of(d, 'siloed', 'time_to_detect_s'))} | {hours(median_of(d, 'converged', 'time_to_detect_s'))} "
            f"| {ttd['seeds_lower']} / {ttd['seeds_higher']} | {ttd['sign_test_p']:.2g} "
            f"| {hours(median_of(d, 'siloed', 'time_to_contain_s'))} | {hours(median_of(d, 'converged', 'time_to_contain_s'))} "
            f"| {signed_hours(paired_median(d, 'time_to_contain_s'))} "
            f"| {diff['time_to_contain_s']['seeds_lower']} / {diff['time_to_contain_s']['seeds_higher']} "
            f"| {hours(median_of(d, 'siloed', 'foothold_time_s'))} | {hours(median_of(d, 'converged', 'foothold_time_s'))} "
            f"| {diff['foothold_time_s']['seeds_lower']} / {diff['foothold_time_s']['seeds_higher']} "
            f"| {s['never_contained']} / {c['never_contained']} | {s['no_breach']} / {c['no_breach']} |")


def pooled(results, org, figure="time_to_detect_s"):
    """The median of `figure` over every scenario's seeds where both profiles measured it (paired:
    a seed where one profile stopped the breach before it began counts for neither)."""
    values = []
    for d in results.values():
        by_seed = {}
        for r in d["runs"]:
            by_seed.setdefault(r["seed"], {})[r["org"]] = r
        for pair in by_seed.values():
            if all(pair.get(o, {}).get(figure) is not None for o in ("siloed", "converged")):
                values.append(pair[org][figure])
    return statistics.median(values) if values else None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", default="build/cli/breachdrill")
    ap.add_argument("--seeds", default="1..200")
    ap.add_argument("--only", default="")
    ap.add_argument("--no-ablation", action="store_true")
    a = ap.parse_args()
    scenarios = [s for s in SCENARIOS if not a.only or s in a.only.split(",")]
    results = {s: compare(a.cli, s, a.seeds) for s in scenarios}
    print(f"Seeds {a.seeds}, autopilot teams, `breachdrill compare SCENARIO --seeds {a.seeds} --json`.\n")
    print("| scenario | TTD siloed | TTD converged | converged earlier / later (seeds) | sign test p | TTC siloed | TTC converged "
          "| TTC converged - siloed, seed by seed (median) | converged contains sooner / later (seeds) "
          "| in the network siloed | in the network converged | converged shorter / longer (seeds) | never contained (s / c) | no breach (s / c) |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for s, d in results.items():
        print(row(s, d))
    ps, pc = pooled(results, "siloed"), pooled(results, "converged")
    if ps and pc:
        print(f"\nPooled over the library (every seed where both profiles detected), median time to detect: "
              f"siloed {hours(ps)}, converged {hours(pc)} ({(1 - pc / ps) * 100:.0f} % lower).")
    fs, fc = pooled(results, "siloed", "foothold_time_s"), pooled(results, "converged", "foothold_time_s")
    if fs and fc:
        print(f"Pooled the same way (every seed where both profiles were breached), median time the attacker was in the network: "
              f"siloed {hours(fs)}, converged {hours(fc)} ({(1 - fc / fs) * 100:.0f} % lower).")
    if not a.only or OUTAGE in a.only.split(","):
        d = compare(a.cli, OUTAGE, a.seeds)
        prof = {p["org"]: p for p in d["profiles"]}
        line = []
        for org in ("siloed", "converged"):
            runs = runs_of(d, org)
            ok = sum(1 for r in runs if r.get("end_reason") == "recovered")
            line.append(f"{org} {ok} of {len(runs)}")
        print(f"\n{OUTAGE}: business recovered by the autopilots in " + ", ".join(line) + " runs.")
    if a.no_ablation:
        return
    print("\nAblation: each mechanism switched off alone in the converged profile; the change in converged's median "
          "time to detect and to contain (pooled over the scenarios above) and in its never-contained runs.\n")
    print("| mechanism off | `--set` | pooled TTD converged | pooled TTC converged | never contained (converged, all scenarios) |")
    print("|---|---|---|---|---|")
    base_ttc = statistics.median([r["time_to_contain_s"] for d in results.values() for r in runs_of(d, "converged")
                                  if r.get("time_to_contain_s") is not None])
    base_never = sum({p["org"]: p for p in d["profiles"]}["converged"]["never_contained"] for d in results.values())
    print(f"| none (converged as is) | | {hours(pc)} | {hours(base_ttc)} | {base_never} |")
    for name, changes in MECHANISMS:
        off = {s: compare(a.cli, s, a.seeds, changes) for s in scenarios}
        ttd = pooled(off, "converged")
        ttc = statistics.median([r["time_to_contain_s"] for d in off.values() for r in runs_of(d, "converged")
                                 if r.get("time_to_contain_s") is not None])
        never = sum({p["org"]: p for p in d["profiles"]}["converged"]["never_contained"] for d in off.values())
        print(f"| {name} | `{changes}` | {hours(ttd)} | {hours(ttc)} | {never} |")


if __name__ == "__main__":
    sys.exit(main())
