#!/usr/bin/env bash
# scripts/check-layout.sh can fail: on a made-up tree that breaks each rule it exits 1 and names
# each violation (registered with CTest beside the real check).
#   tests/layout_check_fails.sh CHECK_LAYOUT WORKDIR
set -euo pipefail
CHECK=$1 WORK=$2
rm -rf "$WORK" && mkdir -p "$WORK/engine/core" "$WORK/engine/attack" "$WORK/scoring" && cd "$WORK"
printf '#include "scoring/scorecard.h"\n#include "attack/attacker.h"\n' >engine/core/up.cpp
printf '#pragma once\n#include "attack/b.h"\n' >engine/attack/a.h
printf '#pragma once\n#include "attack/a.h"\n' >engine/attack/b.h
printf '#pragma once\n' >engine/attack/attacker.h
{ echo 'int Long()'; echo '{'; for i in $(seq 130); do echo "    int v$i = $i;"; done; echo '    return 0;'; echo '}'; } >engine/attack/long.cpp
for i in $(seq 905); do echo "// $i"; done >scoring/big.cpp
set +e
out=$(bash "$CHECK" "$WORK" 2>&1); rc=$?
set -e
echo "$out"
fail() { echo "FAIL: $*" >&2; exit 1; }
[ "$rc" = 1 ] || fail "exit code $rc, not 1"
echo "$out" | grep -q "engine/core/up.cpp:1:.*scoring" || fail "an engine file including scoring/ was not named"
echo "$out" | grep -q "engine/core/up.cpp:2:.*attack" || fail "a room including a room above it was not named"
echo "$out" | grep -q "scoring/big.cpp:1: 905 lines" || fail "a file of 905 lines was not named"
echo "$out" | grep -q "function Long is" || fail "a function of 132 lines was not named"
echo "$out" | grep -qi "cycle" || fail "the include cycle a.h <-> b.h was not named"
echo "check-layout.sh fails as it should"
