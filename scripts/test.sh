#!/usr/bin/env bash
# The README's second command (and CI's): installs what is missing, builds build/ (the CLI, the app,
# the test suite and the app's tests: not the benchmarks, which bench/run.sh builds) and runs every
# test there. BREACHDRILL_ASAN=1 then builds the engine, the CLI and the suite under AddressSanitizer +
# UndefinedBehaviorSanitizer (CMakePresets.json, preset "asan", in build-asan/), runs the suite there
# too, and has each build replay the other's journal to the same state hash. CI does not: the
# sanitizer pass alone took 700 s on the 2-core machine, over the 10 minutes the whole command may
# take (bench/README.md, "Build time").
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
BREACHDRILL_BUILD_SUITE=ON bash scripts/build.sh breachdrill breachdrill-tests breachdrill-gui breachdrill-ui-tests png_check
(cd build && ctest --output-on-failure -j2 --timeout 300)
[ "${BREACHDRILL_ASAN:-0}" = "1" ] || exit 0

echo "breachdrill: the test suite under ASan+UBSan (build-asan/)" >&2
# build-asan/ is this script's own: one made with another generator (before Ninja) is made anew.
if [ -f build-asan/CMakeCache.txt ] && ! grep -q "CMAKE_GENERATOR:INTERNAL=Ninja" build-asan/CMakeCache.txt; then
  rm -rf build-asan
fi
cmake --preset asan >/dev/null
cmake --build build-asan -j2 --target breachdrill breachdrill-tests
# Leaks count as failures; any UBSan report aborts its test (-fno-sanitize-recover).
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp" # fontconfig's pointers LSan cannot follow (the file says why)
(cd build-asan && ctest --output-on-failure -j2 --timeout 600)

# The same run in both builds: the optimised CLI's journal replays under the sanitizers to the same
# state hash, and the other way round (exit 3 if a replay diverges).
mkdir -p out
./build/cli/breachdrill -q run random --seed 11 --org converged --journal out/o2.jsonl >/dev/null
./build-asan/cli/breachdrill -q run ransomware-phish --seed 12 --journal out/asan.jsonl >/dev/null
./build-asan/cli/breachdrill -q replay out/o2.jsonl >/dev/null
./build/cli/breachdrill -q replay out/asan.jsonl >/dev/null
echo "breachdrill: the optimised and the sanitizer builds replay each other's journals to the same state hash" >&2
