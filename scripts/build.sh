#!/usr/bin/env bash
# Configures and builds Breachdrill into build/ (incremental; two jobs on our two cores).
#   bash scripts/build.sh [TARGET...]   (no target: everything; scripts/demo.sh builds only the CLI)
# A clean build is made fast (bench/README.md, "Build time"): Ninja, a unity build (each target's
# files compiled sixteen at a time, so the headers are read and their templates compiled once per
# batch) and line tables only (-g1: backtraces keep file and line). The test suite is configured
# only when BREACHDRILL_BUILD_SUITE=ON (scripts/test.sh sets it): the demo builds the CLI alone. For a
# debugger, configure your own folder (docs/architecture.md, "Building").
set -euo pipefail
cd "$(dirname "$0")/.."
GEN=()
# A build/ made before with another generator keeps it (CMake refuses to switch in place).
[ -f build/CMakeCache.txt ] || GEN=(-G Ninja)
cmake -S . -B build "${GEN[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG" \
      -DCMAKE_UNITY_BUILD=ON -DCMAKE_UNITY_BUILD_BATCH_SIZE=16 -DBREACHDRILL_BUILD_SUITE="${BREACHDRILL_BUILD_SUITE:-OFF}" >/dev/null
TARGETS=()
for t in "$@"; do TARGETS+=(--target "$t"); done
cmake --build build -j2 "${TARGETS[@]}"
