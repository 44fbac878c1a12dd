#!/usr/bin/env bash
# The layout rules of docs/architecture.md ("The rooms"), checked (CTest runs this: "Layout - ..."):
#   1. no source file over 900 lines;
#   2. no function over 120 lines (a brace-counting reader: comments, strings and character
#      literals are skipped; a block is a function when what precedes its brace ends in ')' and
#      it is not inside another function);
#   3. an engine file includes engine headers by their room ("attack/attacker.h"), and only from
#      its own room or a room below it (the order in ROOMS); never scoring/, net/, ui/, cli/ or
#      interop/; files outside engine/ name engine headers by room too;
#   4. no include cycle (tsort over every quoted include).
# Prints each violation as FILE:LINE: problem and exits 1 if there is any.
#   bash scripts/check-layout.sh [ROOT]
set -euo pipefail
root="${1:-$(cd "$(dirname "$0")/.." && pwd)}"
cd "$root"

# Bottom to top: a room may include its own room and the rooms before it.
ROOMS=(core journal sandbox world sim attack response exercise script run)
MAX_FILE_LINES=900
MAX_FUNCTION_LINES=120

mapfile -t sources < <(find engine scoring net cli ui interop tests bench -type f \( -name '*.cpp' -o -name '*.h' \) 2>/dev/null | LC_ALL=C sort)
status=0
fail() { echo "$1"; status=1; }

# 1. File length.
for f in "${sources[@]}"; do
  n=$(wc -l < "$f")
  if [ "$n" -gt "$MAX_FILE_LINES" ]; then fail "$f:1: $n lines (limit $MAX_FILE_LINES)"; fi
done

# 2. Function length. Test files are left out: a TEST_CASE is a list of checks, not a function
# anyone reads as one (they are held to the file limit).
mapfile -t code < <(printf '%s\n' "${sources[@]}" | grep -Ev '^tests/')
if [ "${#code[@]}" -gt 0 ]; then
  while IFS= read -r line; do fail "$line"; done < <(awk -v limit="$MAX_FUNCTION_LINES" '
    FNR == 1 { depth = 0; infn = 0; incomment = 0; header = ""; paren = 0 }
    {
      s = $0; out = ""; i = 1; n = length(s)
      while (i <= n) {
        c = substr(s, i, 1); c2 = substr(s, i, 2)
        if (incomment) { if (c2 == "*/") { incomment = 0; i += 2 } else i++; continue }
        if (c2 == "//") break
        if (c2 == "/*") { incomment = 1; i += 2; continue }
        if (c == "R" && substr(s, i, 2) == "R\"") { # raw string R"d(...)d" on one line
          j = index(substr(s, i + 2), "("); d = substr(s, i + 2, j - 1)
          k = index(substr(s, i + 2 + j), ")" d "\"")
          if (k > 0) { i = i + 2 + j + k + length(d) + 1; out = out "\"\""; continue }
        }
        if (c == "\"" || c == "\x27") {
          q = c; i++
          while (i <= n) { d = substr(s, i, 1); if (d == "\\") { i += 2; continue } if (d == q) break; i++ }
          i++; out = out q q; continue
        }
        out = out c; i++
      }
      for (i = 1; i <= length(out); i++) {
        c = substr(out, i, 1)
        if (c == "(") paren++
        else if (c == ")") paren--
        if (c == "{") {
          if (!infn && paren == 0) {
            h = header; sub(/[ \t]+$/, "", h)
            if (h ~ /\)[ \t]*(const|noexcept|override|final|mutable|[ \t]|->[^;{}]*)*$/ && h !~ /(^|[^A-Za-z0-9_])(if|for|while|switch|catch)[ \t]*\(/) {
              infn = 1; fdepth = depth; fstart = FNR
              name = h; sub(/\(.*/, "", name); gsub(/.*[^A-Za-z0-9_:~]/, "", name)
            }
          }
          depth++; header = ""
        } else if (c == "}") {
          depth--; header = ""
          if (infn && depth == fdepth) {
            len = FNR - fstart + 1
            if (len > limit) printf "%s:%d: function %s is %d lines (limit %d)\n", FILENAME, fstart, name, len, limit
            infn = 0
          }
        } else if (c == ";" || c == ",") {
          if (paren == 0) header = ""; else header = header c
        } else header = header c
      }
      header = header " "
    }' "${code[@]}")
fi

# 3. Includes by room.
rank() { local r="$1" i; for i in "${!ROOMS[@]}"; do [ "${ROOMS[$i]}" = "$r" ] && { echo "$i"; return; }; done; echo -1; }
declare -A ENGINE_HEADER_ROOM=()
while IFS= read -r h; do
  rel="${h#engine/}"; ENGINE_HEADER_ROOM["$(basename "$h")"]="${rel%%/*}"
done < <(find engine -mindepth 2 -name '*.h')
edges=()
for f in "${sources[@]}"; do
  dir="$(dirname "$f")"
  own_room=""
  if [[ "$f" == engine/*/* ]]; then own_room="${f#engine/}"; own_room="${own_room%%/*}"; fi
  while IFS=: read -r ln inc; do
    target=""
    if [[ "$inc" == */* && -f "engine/$inc" ]]; then target="engine/$inc"
    elif [ -f "$dir/$inc" ]; then target="$dir/$inc"
    elif [ -f "tests/$inc" ]; then target="tests/$inc"
    fi
    base="$(basename "$inc")"
    if [[ "$inc" != */* && -n "${ENGINE_HEADER_ROOM[$base]:-}" && "$target" != "$dir/$inc" ]]; then
      fail "$f:$ln: includes \"$inc\": name its room (\"${ENGINE_HEADER_ROOM[$base]}/$base\")"
    fi
    if [ -n "$own_room" ]; then
      case "$inc" in
        scoring/*|net/*|ui/*|cli/*|interop/*) fail "$f:$ln: the engine includes \"$inc\" (engine/ never includes scoring/, net/, ui/, cli/ or interop/)"; continue ;;
      esac
      if [[ "$target" == engine/*/* ]]; then
        room="${target#engine/}"; room="${room%%/*}"
        if [ "$(rank "$room")" -gt "$(rank "$own_room")" ]; then
          fail "$f:$ln: room $own_room includes \"$inc\" from room $room, which is above it (order: ${ROOMS[*]})"
        fi
      elif [ -z "$target" ]; then
        fail "$f:$ln: includes \"$inc\", which is not an engine header"
      fi
    fi
    [ -n "$target" ] && edges+=("$f $target")
  done < <(grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$f" | sed -E 's/^([0-9]+):[^"]*"([^"]+)".*/\1:\2/')
done
# Every room named in ROOMS exists, and every folder of engine/ is a room.
for d in engine/*/; do
  r="$(basename "$d")"
  [ "$(rank "$r")" -ge 0 ] || fail "$d: a folder of engine/ that is not a room (add it to ROOMS in scripts/check-layout.sh and to docs/architecture.md)"
done

# 4. Include cycles.
if [ "${#edges[@]}" -gt 0 ]; then
  if ! cycle=$(printf '%s\n' "${edges[@]}" | tsort 2>&1 >/dev/null); then :; fi
  if [ -n "$cycle" ]; then fail "include cycle: $(echo "$cycle" | tr '\n' ' ')"; fi
fi

if [ "$status" -eq 0 ]; then echo "layout: ${#sources[@]} files follow the rules (rooms: ${ROOMS[*]})"; fi
exit "$status"
