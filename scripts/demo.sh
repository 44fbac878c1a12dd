#!/usr/bin/env bash
# The README's first command: installs what is missing, builds, and plays the built-in
# ransomware exercise on its defaults (autopilot ITOps and SecOps, siloed org, seed 1),
# printing the scorecard. Extra arguments go to `breachdrill run`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
bash scripts/build.sh breachdrill # the CLI only; scripts/test.sh builds the rest
mkdir -p out
exec ./build/cli/breachdrill run ransomware-phish --journal out/demo-journal.jsonl "$@"
