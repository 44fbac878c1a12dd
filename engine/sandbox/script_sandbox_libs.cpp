// script_sandbox_libs.cpp: the sandbox's replacements of Lua's library functions (see script_sandbox.h,
// docs/lua-api.md): tostring and print without addresses, pairs and next in a fixed key order, pcall
// and xpcall that cannot swallow a death, load for text only, setmetatable without __gc; string.rep
// and string.format; table.insert, remove, move, concat and sort charged per element; math.random
// from the script's bd::Rng. script_sandbox.cpp registers them (script_sandbox_parts.h).
//
// Index
// [SECTION] Base library replacements (print, tostring, pairs, next, pcall, xpcall, load, ...)
// [SECTION] String library replacements (rep, format)
// [SECTION] Table library replacements (insert, remove, move, concat, sort)
// [SECTION] math.random
#include "sandbox/script_sandbox.h"
#include "sandbox/script_sandbox_parts.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

namespace bd::sandbox {

// [SECTION] Base library replacements (print, tostring, pairs, next, pcall, xpcall, load, ...)

namespace {

// tostring without addresses: "table", "function" instead of "table: 0x55d0c3a8". __tostring is
// honoured (it runs under the budget).
void PushSafeString(lua_State* L, int i)
{
    i = lua_absindex(L, i);
    if (luaL_getmetafield(L, i, "__tostring") != LUA_TNIL) {
        lua_pop(L, 1);
        luaL_tolstring(L, i, nullptr);
        return;
    }
    switch (lua_type(L, i)) {
    case LUA_TNIL:
    case LUA_TBOOLEAN:
    case LUA_TNUMBER:
    case LUA_TSTRING: luaL_tolstring(L, i, nullptr); return;
    default: lua_pushstring(L, luaL_typename(L, i)); return;
    }
}

} // namespace

int ToString(lua_State* L)
{
    luaL_checkany(L, 1);
    PushSafeString(L, 1);
    return 1;
}

int Print(lua_State* L)
{
    const int n = lua_gettop(L);
    std::string line;
    for (int i = 1; i <= n; ++i) {
        if (i > 1) line += '\t';
        PushSafeString(L, i);
        size_t len = 0;
        const char* s = lua_tolstring(L, -1, &len);
        line.append(s, len);
        lua_pop(L, 1);
    }
    Context& c = Ctx(L);
    if (c.log) c.log(line);
    return 0;
}

namespace {

// Keys in the sandbox's order: numbers by value, then strings byte by byte, then false, true,
// then other keys in the table's own order (not defined across runs: documented).
struct Key {
    int rank = 3;
    bool is_int = false;
    lua_Integer i = 0;
    lua_Number d = 0;
    const char* s = nullptr;
    size_t len = 0;
    lua_Integer raw = 0;
};

// int < float for a float key: never NaN, and never an integral value inside the integer range
// (Lua turns such keys into integers), so no two keys compare equal.
bool IntLessFloat(lua_Integer i, lua_Number f)
{
    if (f >= 9223372036854775808.0) return true;
    if (f < -9223372036854775808.0) return false;
    return i <= (lua_Integer)std::floor(f);
}

bool KeyLess(const Key& a, const Key& b)
{
    if (a.rank != b.rank) return a.rank < b.rank;
    switch (a.rank) {
    case 0:
        if (a.is_int && b.is_int) return a.i < b.i;
        if (!a.is_int && !b.is_int) return a.d < b.d;
        if (a.is_int) return IntLessFloat(a.i, b.d);
        return !IntLessFloat(b.i, a.d);
    case 1: {
        const int c = std::memcmp(a.s, b.s, std::min(a.len, b.len));
        return c != 0 ? c < 0 : a.len < b.len;
    }
    case 2: return a.i < b.i;
    default: return a.raw < b.raw;
    }
}

} // namespace

lua_Integer PushSortedKeys(lua_State* L, int idx)
{
    idx = lua_absindex(L, idx);
    lua_newtable(L); // the keys in next() order: keeps them (and their string pointers) alive
    const int raw = lua_gettop(L);
    std::vector<Key> keys;
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        lua_pop(L, 1);
        Key k;
        k.raw = (lua_Integer)keys.size() + 1;
        switch (lua_type(L, -1)) {
        case LUA_TNUMBER:
            k.rank = 0;
            k.is_int = lua_isinteger(L, -1);
            if (k.is_int) k.i = lua_tointeger(L, -1);
            else k.d = lua_tonumber(L, -1);
            break;
        case LUA_TSTRING:
            k.rank = 1;
            k.s = lua_tolstring(L, -1, &k.len);
            break;
        case LUA_TBOOLEAN:
            k.rank = 2;
            k.i = lua_toboolean(L, -1);
            break;
        default: break;
        }
        lua_pushvalue(L, -1);
        lua_rawseti(L, raw, k.raw);
        keys.push_back(k);
        if ((keys.size() & 63) == 0) Charge(L, 64);
    }
    const size_t n = keys.size();
    Charge(L, (int64_t)(n * (size_t)std::max(1.0, std::log2((double)n + 1))));
    std::sort(keys.begin(), keys.end(), KeyLess);
    lua_createtable(L, (int)std::min<size_t>(n, INT_MAX), 0);
    for (size_t i = 0; i < n; ++i) {
        lua_rawgeti(L, raw, keys[i].raw);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    lua_remove(L, raw);
    return (lua_Integer)n;
}

namespace {

// The iterator pairs() returns. Upvalues: 1 the table, 2 its sorted keys, 3 the position.
// A key whose value became nil meanwhile is skipped (assigning nil during a traversal is allowed).
int PairsNext(lua_State* L)
{
    lua_Integer pos = lua_tointeger(L, lua_upvalueindex(3));
    for (;;) {
        ++pos;
        if (lua_rawgeti(L, lua_upvalueindex(2), pos) == LUA_TNIL) {
            lua_pushinteger(L, pos - 1);
            lua_replace(L, lua_upvalueindex(3));
            return 1; // nil: the end
        }
        lua_pushvalue(L, -1);
        if (lua_rawget(L, lua_upvalueindex(1)) != LUA_TNIL) {
            lua_pushinteger(L, pos);
            lua_replace(L, lua_upvalueindex(3));
            return 2;
        }
        lua_pop(L, 2);
    }
}

} // namespace

int Pairs(lua_State* L)
{
    luaL_checkany(L, 1);
    if (luaL_getmetafield(L, 1, "__pairs") != LUA_TNIL) {
        lua_pushvalue(L, 1);
        lua_call(L, 1, 3);
        return 3;
    }
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 1);
    lua_pushvalue(L, 1);
    PushSortedKeys(L, 1);
    lua_pushinteger(L, 0);
    lua_pushcclosure(L, PairsNext, 3);
    lua_pushvalue(L, 1);
    lua_pushnil(L);
    return 3;
}

// next(t, k) in the same order as pairs. One snapshot of keys is cached (table + position of the
// last key returned), so a traversal with next costs what pairs costs; any other call rebuilds it.
int Next(lua_State* L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 2);
    Context& c = Ctx(L);
    lua_Integer pos = -1;
    if (!lua_isnil(L, 2) && c.next_cache != LUA_NOREF) {
        lua_rawgeti(L, LUA_REGISTRYINDEX, c.next_cache); // 3
        lua_rawgeti(L, 3, 1);                            // 4: the table
        if (lua_rawequal(L, 4, 1)) {
            lua_rawgeti(L, 3, 2);                        // 5: its keys
            lua_rawgeti(L, 5, c.next_pos);
            if (lua_rawequal(L, -1, 2)) pos = c.next_pos;
        }
        lua_settop(L, 2);
    }
    if (pos < 0) {
        lua_createtable(L, 2, 0); // 3: the new cache
        lua_pushvalue(L, 1);
        lua_rawseti(L, 3, 1);
        const lua_Integer n = PushSortedKeys(L, 1); // 4
        lua_pushvalue(L, 4);
        lua_rawseti(L, 3, 2);
        if (lua_isnil(L, 2)) {
            pos = 0;
        } else {
            ChargeCount(L, (lua_Unsigned)n);
            for (lua_Integer i = 1; i <= n && pos < 0; ++i) {
                lua_rawgeti(L, 4, i);
                if (lua_rawequal(L, -1, 2)) pos = i;
                lua_pop(L, 1);
            }
            if (pos < 0) return luaL_error(L, "invalid key to 'next'");
        }
        lua_pushvalue(L, 3);
        if (c.next_cache == LUA_NOREF) c.next_cache = luaL_ref(L, LUA_REGISTRYINDEX);
        else lua_rawseti(L, LUA_REGISTRYINDEX, c.next_cache);
        lua_settop(L, 2);
    }
    lua_rawgeti(L, LUA_REGISTRYINDEX, c.next_cache); // 3
    lua_rawgeti(L, 3, 2);                            // 4: keys
    for (;;) {
        ++pos;
        if (lua_rawgeti(L, 4, pos) == LUA_TNIL) {
            c.next_pos = 0;
            return 1; // nil
        }
        lua_pushvalue(L, -1);
        if (lua_rawget(L, 1) != LUA_TNIL) {
            c.next_pos = pos;
            return 2;
        }
        lua_pop(L, 2);
    }
}

// pcall and xpcall cannot swallow a death: once the budget or the memory has run out, the error
// is raised again past every protected call.
int PCall(lua_State* L)
{
    luaL_checkany(L, 1);
    const int status = lua_pcall(L, lua_gettop(L) - 1, LUA_MULTRET, 0);
    if (Ctx(L).death != Death::None) return Die(L);
    lua_pushboolean(L, status == LUA_OK);
    lua_insert(L, 1);
    return lua_gettop(L);
}

int XPCall(lua_State* L)
{
    const int n = lua_gettop(L);
    luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_pushboolean(L, 1);
    lua_pushvalue(L, 1);
    lua_rotate(L, 3, 2); // f, msgh, true, f, args...
    const int status = lua_pcall(L, n - 2, LUA_MULTRET, 2);
    if (Ctx(L).death != Death::None) return Die(L);
    lua_pushboolean(L, status == LUA_OK);
    lua_replace(L, 3);
    return lua_gettop(L) - 2;
}

// load(chunk [, chunkname [, mode [, env]]]): the mode is always "t": a precompiled chunk
// ("\27Lua...") could break the VM's assumptions. env defaults to the sandbox's globals.
int Load(lua_State* L)
{
    if (lua_gettop(L) >= 3) {
        lua_pushliteral(L, "t");
        lua_replace(L, 3);
    } else {
        lua_settop(L, 2);
        lua_pushliteral(L, "t");
    }
    return Ctx(L).original_load(L);
}

// setmetatable refuses __gc: finalizers run inside the collector with hooks off, where no budget
// could stop a loop (and at lua_close).
int SetMetatable(lua_State* L)
{
    const int t = lua_type(L, 2);
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_argexpected(L, t == LUA_TNIL || t == LUA_TTABLE, 2, "nil or table");
    if (t == LUA_TTABLE) {
        lua_pushliteral(L, "__gc");
        if (lua_rawget(L, 2) != LUA_TNIL)
            return luaL_error(L, "__gc metamethods are not available in scripts (a finalizer would run outside the instruction budget)");
        lua_pop(L, 1);
    }
    if (luaL_getmetafield(L, 1, "__metatable") != LUA_TNIL) return luaL_error(L, "cannot change a protected metatable");
    lua_settop(L, 2);
    lua_setmetatable(L, 1);
    return 1;
}

int CollectGarbage(lua_State* L)
{
    const char* opt = luaL_optstring(L, 1, "collect");
    if (std::strcmp(opt, "count") != 0) return luaL_error(L, "collectgarbage: only \"count\" is available in scripts");
    lua_pushnumber(L, (lua_Number)lua_gc(L, LUA_GCCOUNT) + (lua_Number)lua_gc(L, LUA_GCCOUNTB) / 1024.0);
    return 1;
}

// [SECTION] String library replacements (rep, format)

// string.rep: Lua 5.4.4 loops n times even when the result is empty (string.rep("", 1e18) never
// returns); a result beyond the memory cap is a memory death at once, not a doomed allocation.
int StrRep(lua_State* L)
{
    size_t l, lsep;
    luaL_checklstring(L, 1, &l);
    const lua_Integer n = luaL_checkinteger(L, 2);
    luaL_optlstring(L, 3, "", &lsep);
    if (n <= 0 || l + lsep == 0) {
        lua_pushliteral(L, "");
        return 1;
    }
    Context& c = Ctx(L);
    if ((lua_Unsigned)n > c.mem_cap / (l + lsep)) {
        Kill(c, Death::Memory);
        return Die(L);
    }
    return Ctx(L).original_rep(L);
}

// string.format: no %p (an address), and tables, functions and the like are shown by their type
// name, never "table: 0x...", so the text a script writes is the same on every run.
int StrFormat(lua_State* L)
{
    size_t fl;
    const char* f = luaL_checklstring(L, 1, &fl);
    for (size_t i = 0; i < fl; ++i) {
        if (f[i] != '%') continue;
        if (++i < fl && f[i] == '%') continue;
        while (i < fl && f[i] != '\0' && std::strchr("-+ #0123456789.", f[i])) ++i;
        if (i < fl && f[i] == 'p') return luaL_error(L, "string.format: '%%p' (an address) is not available in scripts");
    }
    const int n = lua_gettop(L);
    for (int i = 2; i <= n; ++i) {
        const int t = lua_type(L, i);
        if (t == LUA_TTABLE || t == LUA_TFUNCTION || t == LUA_TUSERDATA || t == LUA_TTHREAD || t == LUA_TLIGHTUSERDATA) {
            if (luaL_getmetafield(L, i, "__tostring") != LUA_TNIL) {
                lua_pop(L, 1);
                continue;
            }
            lua_pushstring(L, luaL_typename(L, i));
            lua_replace(L, i);
        }
    }
    return Ctx(L).original_format(L);
}

// [SECTION] Table library replacements (insert, remove, move, concat, sort)
//
// Lua's versions loop over whatever range #t (a __len metamethod) or the arguments name, in C,
// where no hook runs: table.move({}, 1, math.maxinteger, 1) would never return. Ours charge the
// range first. They accept tables only (not proxies with __index/__newindex).

int TabInsert(lua_State* L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    const lua_Integer e = luaL_len(L, 1) + 1; // the first empty slot
    lua_Integer pos;
    switch (lua_gettop(L)) {
    case 2: pos = e; break;
    case 3:
        pos = luaL_checkinteger(L, 2);
        luaL_argcheck(L, (lua_Unsigned)pos - 1u < (lua_Unsigned)e, 2, "position out of bounds");
        ChargeCount(L, (lua_Unsigned)e - (lua_Unsigned)pos);
        for (lua_Integer i = e; i > pos; i--) {
            lua_geti(L, 1, i - 1);
            lua_seti(L, 1, i);
        }
        break;
    default: return luaL_error(L, "wrong number of arguments to 'insert'");
    }
    lua_seti(L, 1, pos);
    return 0;
}

int TabRemove(lua_State* L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    const lua_Integer size = luaL_len(L, 1);
    lua_Integer pos = luaL_optinteger(L, 2, size);
    if (pos != size) luaL_argcheck(L, (lua_Unsigned)pos - 1u <= (lua_Unsigned)size, 2, "position out of bounds");
    lua_geti(L, 1, pos);
    if (pos < size) ChargeCount(L, (lua_Unsigned)size - (lua_Unsigned)pos);
    for (; pos < size; pos++) {
        lua_geti(L, 1, pos + 1);
        lua_seti(L, 1, pos);
    }
    lua_pushnil(L);
    lua_seti(L, 1, pos);
    return 1;
}

int TabMove(lua_State* L)
{
    const lua_Integer f = luaL_checkinteger(L, 2);
    const lua_Integer e = luaL_checkinteger(L, 3);
    const lua_Integer t = luaL_checkinteger(L, 4);
    const int tt = !lua_isnoneornil(L, 5) ? 5 : 1;
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_checktype(L, tt, LUA_TTABLE);
    if (e >= f) {
        luaL_argcheck(L, f > 0 || e < LUA_MAXINTEGER + f, 3, "too many elements to move");
        const lua_Integer n = e - f + 1;
        luaL_argcheck(L, t <= LUA_MAXINTEGER - n + 1, 4, "destination wrap around");
        ChargeCount(L, (lua_Unsigned)n);
        if (t > e || t <= f || (tt != 1 && !lua_compare(L, 1, tt, LUA_OPEQ))) {
            for (lua_Integer i = 0; i < n; i++) {
                lua_geti(L, 1, f + i);
                lua_seti(L, tt, t + i);
            }
        } else {
            for (lua_Integer i = n - 1; i >= 0; i--) {
                lua_geti(L, 1, f + i);
                lua_seti(L, tt, t + i);
            }
        }
    }
    lua_pushvalue(L, tt);
    return 1;
}

int TabConcat(lua_State* L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    const lua_Integer i = luaL_optinteger(L, 3, 1);
    const lua_Integer j = lua_isnoneornil(L, 4) ? luaL_len(L, 1) : luaL_checkinteger(L, 4);
    if (i <= j) ChargeCount(L, (lua_Unsigned)j - (lua_Unsigned)i + 1u);
    lua_settop(L, 4);
    lua_pushinteger(L, j);
    lua_replace(L, 4); // the range as charged, whatever a __len says the second time
    return Ctx(L).original_concat(L);
}

// table.sort: a stable bottom-up merge sort. Stable, so equal elements keep their order on every
// run (Lua's quicksort picks random pivots on unbalanced partitions); and an inconsistent order
// function cannot make it read out of bounds, it only gives some order.
int TabSort(lua_State* L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    const lua_Integer n = luaL_len(L, 1);
    if (n < 2) return 0;
    luaL_argcheck(L, n < INT_MAX, 1, "array too big");
    const bool has_cmp = !lua_isnoneornil(L, 2);
    if (has_cmp) luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_settop(L, 2);
    ChargeCount(L, (lua_Unsigned)n);
    lua_createtable(L, (int)n, 0); // 3: the elements by original position
    for (lua_Integer i = 1; i <= n; ++i) {
        lua_geti(L, 1, i);
        lua_rawseti(L, 3, i);
    }
    std::vector<lua_Integer> a((size_t)n), b((size_t)n);
    for (lua_Integer i = 0; i < n; ++i) a[(size_t)i] = i + 1;
    auto less = [&](lua_Integer x, lua_Integer y) {
        bool r;
        if (has_cmp) {
            lua_pushvalue(L, 2);
            lua_rawgeti(L, 3, x);
            lua_rawgeti(L, 3, y);
            lua_call(L, 2, 1);
            r = lua_toboolean(L, -1);
            lua_pop(L, 1);
        } else {
            lua_rawgeti(L, 3, x);
            lua_rawgeti(L, 3, y);
            r = lua_compare(L, -2, -1, LUA_OPLT);
            lua_pop(L, 2);
            Charge(L, 1);
        }
        return r;
    };
    const size_t un = (size_t)n;
    for (size_t width = 1; width < un; width *= 2) {
        for (size_t lo = 0; lo < un; lo += 2 * width) {
            const size_t mid = std::min(lo + width, un), hi = std::min(lo + 2 * width, un);
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi) b[k++] = less(a[j], a[i]) ? a[j++] : a[i++]; // right first only if strictly less
            while (i < mid) b[k++] = a[i++];
            while (j < hi) b[k++] = a[j++];
        }
        a.swap(b);
    }
    for (size_t i = 0; i < un; ++i) {
        lua_rawgeti(L, 3, a[i]);
        lua_seti(L, 1, (lua_Integer)i + 1);
    }
    return 0;
}

// [SECTION] math.random

// math.random with Lua 5.4's arguments, drawn from the script's bd::Rng.
int Random(lua_State* L)
{
    Rng& r = Ctx(L).rng;
    lua_Integer low, up;
    switch (lua_gettop(L)) {
    case 0: lua_pushnumber(L, (lua_Number)r.Uniform()); return 1;
    case 1:
        low = 1;
        up = luaL_checkinteger(L, 1);
        if (up == 0) { // math.random(0): an integer with all bits random
            lua_pushinteger(L, (lua_Integer)r.Next());
            return 1;
        }
        break;
    case 2:
        low = luaL_checkinteger(L, 1);
        up = luaL_checkinteger(L, 2);
        break;
    default: return luaL_error(L, "wrong number of arguments");
    }
    luaL_argcheck(L, low <= up, 1, "interval is empty");
    const uint64_t span = (uint64_t)up - (uint64_t)low;
    const uint64_t v = span == UINT64_MAX ? r.Next() : r.Below(span + 1);
    lua_pushinteger(L, (lua_Integer)((uint64_t)low + v));
    return 1;
}

namespace {

uint64_t SeedBits(lua_State* L, int i)
{
    if (lua_isinteger(L, i)) return (uint64_t)lua_tointeger(L, i);
    const lua_Number d = luaL_checknumber(L, i);
    uint64_t bits;
    std::memcpy(&bits, &d, sizeof bits);
    return bits;
}

} // namespace

// math.randomseed(x [, y]): the same x gives the same sequence in every run; with no argument,
// back to the sequence derived from the run's seed.
int RandomSeed(lua_State* L)
{
    Context& c = Ctx(L);
    if (lua_isnone(L, 1)) {
        c.rng.Seed(c.seed);
        return 0;
    }
    const uint64_t a = SeedBits(L, 1);
    const uint64_t b = lua_isnoneornil(L, 2) ? 0 : SeedBits(L, 2);
    c.rng.Seed(a ^ (b * 0x9E3779B97F4A7C15ull));
    return 0;
}

} // namespace bd::sandbox
