#!/usr/bin/env bash
# Fuzzes the scenario loader and the journal reader with libFuzzer, each for a bounded time.
#   bash scripts/fuzz.sh [SECONDS]     (default 60 seconds per target)
# Installs clang and libFuzzer (Debian's clang + libclang-rt-14-dev) if missing, builds
# build-fuzz/ (BREACHDRILL_FUZZ=ON: ASan+UBSan), then runs fuzz_scenario and fuzz_journal from the
# seeds in tests/fuzz/corpus/. New inputs go to build-fuzz/work/, crashers to build-fuzz/artifacts/.
# Exit 1 if a target crashed: copy the crasher into tests/fuzz/regressions/<target>/ and fix it
# (docs/reliability.md, "Fuzzing").
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH="${1:-60}"
case "$SECONDS_EACH" in ''|*[!0-9]*) echo "usage: $0 [SECONDS]" >&2; exit 2;; esac

bash scripts/deps.sh clang libclang-rt-14-dev

cmake -S . -B build-fuzz -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBREACHDRILL_FUZZ=ON \
      -DBREACHDRILL_BUILD_GUI=OFF -DBREACHDRILL_BUILD_TESTS=OFF >/dev/null
cmake --build build-fuzz -j2 --target fuzz_scenario fuzz_journal

status=0
for target in scenario journal; do
  work="build-fuzz/work/$target"
  mkdir -p "$work" build-fuzz/artifacts
  echo "== fuzz_$target for ${SECONDS_EACH}s" >&2
  # -timeout: one input may take 10 s at most (a million-host scenario is legal, and slow under ASan);
  # -rss_limit_mb: the limits of docs/reliability.md keep a legal input well under it.
  if ! ASAN_OPTIONS="detect_leaks=1:allocator_may_return_null=1" \
       "./build-fuzz/tests/fuzz/fuzz_$target" "$work" "tests/fuzz/corpus/$target" \
         -dict=tests/fuzz/$target.dict -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=4096 \
         -max_len=65536 -artifact_prefix="build-fuzz/artifacts/$target-" -print_final_stats=1 2> "build-fuzz/fuzz_$target.log"; then
    echo "fuzz_$target: CRASH (build-fuzz/fuzz_$target.log):" >&2
    grep -E "ERROR|SUMMARY|Test unit written" "build-fuzz/fuzz_$target.log" | head -5 >&2
    status=1
  else
    grep -E "stat::number_of_executed_units|cov:" "build-fuzz/fuzz_$target.log" | tail -2 >&2
  fi
done
exit $status
