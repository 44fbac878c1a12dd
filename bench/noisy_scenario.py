#!/usr/bin/python3
"""noisy_scenario.py: ransomware-phish with every sensor's false-positive rate multiplied, for the
frame-time benchmark (a 10,000-host estate whose alert queue reaches about 100,000 rows in a week).

    /usr/bin/python3 bench/noisy_scenario.py --factor 32 -o /tmp/bd-noisy/scenario.json
"""
import argparse
import json
import os

here = os.path.dirname(os.path.abspath(__file__))
ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
ap.add_argument("--factor", type=float, default=32)
ap.add_argument("-o", "--output", required=True)
a = ap.parse_args()
src = os.path.join(here, "..", "scenarios", "ransomware-phish", "scenario.json")
d = json.load(open(src))
d.pop("$schema", None)
d["metadata"]["id"] = "ransomware-phish-noisy"
d["metadata"]["title"] += " (noisy: false positives x%g, for bench/)" % a.factor
for s in d["infrastructure"]["sensor_types"]:
    s["fp_per_day"] = s.get("fp_per_day", 0) * a.factor
script = d.get("script")
os.makedirs(os.path.dirname(os.path.abspath(a.output)), exist_ok=True)
if script:  # the scenario's Lua script sits beside it
    import shutil
    shutil.copy(os.path.join(os.path.dirname(src), script), os.path.join(os.path.dirname(os.path.abspath(a.output)), script))
json.dump(d, open(a.output, "w"), indent=1)
