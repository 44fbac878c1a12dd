#!/usr/bin/env bash
# The README's second command (and CI's): installs what is missing, builds, runs every test; then
# builds the engine, the CLI and the tests again under AddressSanitizer + UndefinedBehaviorSanitizer
# (CMakePresets.json, preset "asan", in build-asan/) and runs the same suite there. Set
# BREACHDRILL_ASAN=0 to skip the sanitizer pass (CI never does).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
bash scripts/build.sh
(cd build && ctest --output-on-failure -j2 --timeout 300)

if [ "${BREACHDRILL_ASAN:-1}" != "0" ]; then
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
  (cd build-asan && ctest --output-on-failure -j2 --timeout 600)
fi
