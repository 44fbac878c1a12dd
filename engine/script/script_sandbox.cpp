// script_sandbox.cpp: the Lua sandbox behind ScriptHost (see script_sandbox.h, docs/lua-api.md).
//
// Index
// [SECTION] Context, allocator, budget
// [SECTION] Base library replacements (print, tostring, pairs, next, pcall, xpcall, load, ...)
// [SECTION] Pattern matching with a step budget (string.find, match, gmatch, gsub)
// [SECTION] String library replacements (rep, format)
// [SECTION] Table library replacements (insert, remove, move, concat, sort)
// [SECTION] math.random
// [SECTION] Opening a sandbox
#include "script/script_sandbox.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <new>
#include <vector>

namespace bd::sandbox {

// [SECTION] Context, allocator, budget

Context& Ctx(lua_State* L) { return **static_cast<Context**>(lua_getextraspace(L)); }

namespace {

// Charged per this many bytes allocated, matched or passed as string arguments.
constexpr int64_t kBytesPerInstruction = 16;

void Hook(lua_State* L, lua_Debug* ar);

// The line of the innermost Lua function at or above stack level `level` (-1 when none).
int LuaLine(lua_State* L, int level)
{
    lua_Debug ar;
    for (; lua_getstack(L, level, &ar); ++level)
        if (lua_getinfo(L, "l", &ar) && ar.currentline > 0) return ar.currentline;
    return -1;
}

// The script must stop: every instruction from now on raises (see Die), so neither a pcall nor
// a __close handler can keep it running.
void Kill(Context& c, Death why)
{
    if (c.death == Death::None) c.death = why;
    if (c.L && c.in_call) {
        c.step = 1;
        lua_sethook(c.L, Hook, LUA_MASKCOUNT, 1);
    }
}

// Raises the death's error (an interned string: pushing it allocates nothing, which matters when
// the memory is what ran out).
int Die(lua_State* L)
{
    Context& c = Ctx(L);
    if (c.death == Death::None) c.death = Death::Budget;
    if (c.death_line < 0) c.death_line = LuaLine(L, 0);
    Kill(c, c.death);
    lua_rawgeti(L, LUA_REGISTRYINDEX, c.death == Death::Memory ? c.memory_msg : c.budget_msg);
    return lua_error(L);
}

void Hook(lua_State* L, lua_Debug* ar)
{
    Context& c = Ctx(L);
    if (lua_getinfo(L, "l", ar) && ar->currentline > 0) c.sampled_line = ar->currentline;
    if (!c.in_call) return;
    if (c.death == Death::None) {
        c.used += c.step;
        if (c.used > c.limit) c.death = Death::Budget;
    }
    if (c.death != Death::None) Die(L);
}

// The allocator: refuses to grow past the cap (which kills the script), charges growth to the
// running call's budget. Shrinking and freeing always succeed, as Lua requires.
void* Alloc(void* ud, void* ptr, size_t osize, size_t nsize)
{
    Context& c = *static_cast<Context*>(ud);
    const size_t old = ptr ? osize : 0; // with ptr == NULL, osize is a type tag, not a size
    if (nsize == 0) {
        std::free(ptr);
        c.mem_used -= old;
        return nullptr;
    }
    if (nsize > old && c.mem_used + (nsize - old) > c.mem_cap) {
        Kill(c, Death::Memory);
        return nullptr;
    }
    void* p = std::realloc(ptr, nsize);
    if (!p) {
        if (nsize <= old) return ptr; // a shrink that failed: keep the larger block
        Kill(c, Death::Memory);
        return nullptr;
    }
    c.mem_used = c.mem_used - old + nsize;
    if (nsize > old && c.in_call && c.death == Death::None) {
        c.used += (int64_t)((nsize - old) / kBytesPerInstruction);
        if (c.used > c.limit) Kill(c, Death::Budget);
    }
    return p;
}

int PanicHandler(lua_State* L)
{
    std::string message = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "unprotected error";
    throw Panic{message};
}

void ChargeCount(lua_State* L, lua_Unsigned n) { Charge(L, n > (lua_Unsigned)INT64_MAX ? INT64_MAX : (int64_t)n); }

// Every library function goes through this wrapper (upvalue 1: the function, a light C function
// without upvalues, called in this frame so that error positions and names come out as usual).
int Charged(lua_State* L)
{
    const int n = lua_gettop(L);
    int64_t cost = 1;
    for (int i = 1; i <= n; ++i)
        if (lua_type(L, i) == LUA_TSTRING) cost += (int64_t)(lua_rawlen(L, i) / kBytesPerInstruction);
    Charge(L, cost);
    const lua_CFunction f = lua_tocfunction(L, lua_upvalueindex(1));
    const int results = f(L);
    Charge(L, results);
    return results;
}

} // namespace

void Charge(lua_State* L, int64_t n)
{
    Context& c = Ctx(L);
    if (!c.in_call) return;
    if (c.death == Death::None) {
        if (n > c.limit - c.used) {
            c.used = c.limit + 1;
            c.death = Death::Budget;
        } else if (n > 0) {
            c.used += n;
        }
    }
    if (c.death != Death::None) Die(L);
}

int MessageHandler(lua_State* L)
{
    Ctx(L).error_line = LuaLine(L, 1);
    return 1; // the error object, untouched
}

void BeginCall(Context& c, int64_t limit)
{
    c.limit = limit;
    c.used = 0;
    c.in_call = true;
    c.error_line = -1;
    c.step = (int)std::clamp<int64_t>(limit / 100, 1, 1000);
    if (c.death != Death::None) c.step = 1;
    lua_sethook(c.L, Hook, LUA_MASKCOUNT, c.step);
}

void EndCall(Context& c) { c.in_call = false; }

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

int ToString(lua_State* L)
{
    luaL_checkany(L, 1);
    PushSafeString(L, 1);
    return 1;
}

} // namespace

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

// [SECTION] Pattern matching with a step budget (string.find, match, gmatch, gsub)
//
// Lua's own matcher backtracks without limit inside one C call ("(.-)(.-)x" on a long subject is
// effectively endless) and no hook can interrupt it. This is a matcher for the same pattern
// language (Lua 5.4 manual, section 6.4.1), written for the sandbox: every step is charged, so a
// pathological pattern costs budget, not time. Character classes are ASCII whatever the locale.

constexpr int kMaxCaptures = 32;
constexpr int kMaxMatchDepth = 200;
constexpr ptrdiff_t kCapUnfinished = -1;
constexpr ptrdiff_t kCapPosition = -2;

bool IsLower(int c) { return c >= 'a' && c <= 'z'; }
bool IsUpper(int c) { return c >= 'A' && c <= 'Z'; }
bool IsDigit(int c) { return c >= '0' && c <= '9'; }
bool IsAlpha(int c) { return IsLower(c) || IsUpper(c); }
bool IsAlnum(int c) { return IsAlpha(c) || IsDigit(c); }
bool IsGraph(int c) { return c > 32 && c < 127; }

bool MatchClass(int c, int cl)
{
    bool res;
    switch (IsUpper(cl) ? cl - 'A' + 'a' : cl) {
    case 'a': res = IsAlpha(c); break;
    case 'c': res = c < 32 || c == 127; break;
    case 'd': res = IsDigit(c); break;
    case 'g': res = IsGraph(c); break;
    case 'l': res = IsLower(c); break;
    case 'p': res = IsGraph(c) && !IsAlnum(c); break;
    case 's': res = c == ' ' || (c >= '\t' && c <= '\r'); break;
    case 'u': res = IsUpper(c); break;
    case 'w': res = IsAlnum(c); break;
    case 'x': res = IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); break;
    default: return cl == c;
    }
    return IsUpper(cl) ? !res : res;
}

struct Matcher {
    lua_State* L = nullptr;
    const char* src_init = nullptr;
    const char* src_end = nullptr;
    const char* p_end = nullptr;
    int depth = kMaxMatchDepth;
    int level = 0;
    struct {
        const char* init;
        ptrdiff_t len;
    } capture[kMaxCaptures];
    int64_t steps = 0; // not yet charged

    void Init(lua_State* l, const char* s, size_t ls, const char* p, size_t lp)
    {
        L = l;
        src_init = s;
        src_end = s + ls;
        p_end = p + lp;
        steps = 0;
    }
    void Reset()
    {
        level = 0;
        depth = kMaxMatchDepth;
    }
    void Step(int64_t n = 1)
    {
        steps += n;
        if (steps >= 4096) Flush();
    }
    void Flush()
    {
        const int64_t whole = steps / kBytesPerInstruction;
        steps -= whole * kBytesPerInstruction;
        if (whole) Charge(L, whole);
    }

    // The end of the single-character class starting at p.
    const char* ClassEnd(const char* p)
    {
        const char c = *p++;
        if (c == '%') {
            if (p >= p_end) luaL_error(L, "malformed pattern (ends with '%%')");
            return p + 1;
        }
        if (c == '[') {
            if (p < p_end && *p == '^') p++;
            do { // the first character of a set may be a literal ']'
                if (p >= p_end) luaL_error(L, "malformed pattern (missing ']')");
                const char cc = *p++;
                if (cc == '%' && p < p_end) p++;
            } while (p >= p_end || *p != ']');
            return p + 1;
        }
        return p;
    }

    // p points at '[', ec at the closing ']'.
    static bool MatchBracket(int c, const char* p, const char* ec)
    {
        bool sig = true;
        if (*(p + 1) == '^') {
            sig = false;
            p++;
        }
        while (++p < ec) {
            if (*p == '%') {
                p++;
                if (MatchClass(c, (unsigned char)*p)) return sig;
            } else if (*(p + 1) == '-' && p + 2 < ec) {
                p += 2;
                if ((unsigned char)*(p - 2) <= c && c <= (unsigned char)*p) return sig;
            } else if ((unsigned char)*p == c) {
                return sig;
            }
        }
        return !sig;
    }

    bool SingleMatch(const char* s, const char* p, const char* ep) const
    {
        if (s >= src_end) return false;
        const int c = (unsigned char)*s;
        switch (*p) {
        case '.': return true;
        case '%': return MatchClass(c, (unsigned char)*(p + 1));
        case '[': return MatchBracket(c, p, ep - 1);
        default: return (unsigned char)*p == c;
        }
    }

    const char* MatchBalance(const char* s, const char* p)
    {
        if (p + 1 >= p_end) luaL_error(L, "malformed pattern (missing arguments to '%%b')");
        if (s >= src_end || *s != *p) return nullptr;
        const char open = *p, close = *(p + 1);
        int depth_count = 1;
        while (++s < src_end) {
            Step();
            if (*s == close) {
                if (--depth_count == 0) return s + 1;
            } else if (*s == open) {
                depth_count++;
            }
        }
        return nullptr;
    }

    const char* MaxExpand(const char* s, const char* p, const char* ep)
    {
        ptrdiff_t i = 0;
        while (SingleMatch(s + i, p, ep)) {
            i++;
            Step();
        }
        for (; i >= 0; i--) { // the longest run first, then shorter ones
            if (const char* res = Match(s + i, ep + 1)) return res;
        }
        return nullptr;
    }

    const char* MinExpand(const char* s, const char* p, const char* ep)
    {
        for (;;) {
            if (const char* res = Match(s, ep + 1)) return res;
            if (!SingleMatch(s, p, ep)) return nullptr;
            s++;
        }
    }

    const char* StartCapture(const char* s, const char* p, ptrdiff_t what)
    {
        if (level >= kMaxCaptures) luaL_error(L, "too many captures");
        capture[level].init = s;
        capture[level].len = what;
        level++;
        const char* res = Match(s, p);
        if (!res) level--;
        return res;
    }

    const char* EndCapture(const char* s, const char* p)
    {
        int l = level - 1;
        while (l >= 0 && capture[l].len != kCapUnfinished) l--;
        if (l < 0) luaL_error(L, "invalid pattern capture");
        capture[l].len = s - capture[l].init;
        const char* res = Match(s, p);
        if (!res) capture[l].len = kCapUnfinished;
        return res;
    }

    const char* MatchCapture(const char* s, int digit)
    {
        const int l = digit - '1';
        if (l < 0 || l >= level || capture[l].len == kCapUnfinished) luaL_error(L, "invalid capture index %%%d", l + 1);
        const size_t len = (size_t)capture[l].len;
        Step((int64_t)len);
        if ((size_t)(src_end - s) >= len && std::memcmp(capture[l].init, s, len) == 0) return s + len;
        return nullptr;
    }

    // Matches pattern p (up to p_end) at s; the end of the match or nullptr.
    const char* Match(const char* s, const char* p)
    {
        if (depth-- == 0) luaL_error(L, "pattern too complex");
        Step();
        while (s && p != p_end) {
            switch (*p) {
            case '(':
                if (p + 1 < p_end && *(p + 1) == ')') s = StartCapture(s, p + 2, kCapPosition);
                else s = StartCapture(s, p + 1, kCapUnfinished);
                p = p_end;
                continue;
            case ')':
                s = EndCapture(s, p + 1);
                p = p_end;
                continue;
            case '$':
                if (p + 1 == p_end) {
                    if (s != src_end) s = nullptr;
                    p = p_end;
                    continue;
                }
                break; // a '$' inside the pattern is a plain character
            case '%':
                if (p + 1 < p_end) {
                    const char next = *(p + 1);
                    if (next == 'b') {
                        s = MatchBalance(s, p + 2);
                        if (s) p += 4;
                        continue;
                    }
                    if (next == 'f') {
                        p += 2;
                        if (p >= p_end || *p != '[') luaL_error(L, "missing '[' after '%%f' in pattern");
                        const char* ep = ClassEnd(p);
                        const int prev = s == src_init ? 0 : (unsigned char)*(s - 1);
                        const int cur = s < src_end ? (unsigned char)*s : 0;
                        if (!MatchBracket(prev, p, ep - 1) && MatchBracket(cur, p, ep - 1)) p = ep;
                        else s = nullptr;
                        continue;
                    }
                    if (IsDigit(next)) {
                        s = MatchCapture(s, next);
                        if (s) p += 2;
                        continue;
                    }
                }
                break;
            default: break;
            }
            // A single-character class, perhaps followed by a quantifier.
            const char* ep = ClassEnd(p);
            const char q = ep < p_end ? *ep : '\0';
            if (!SingleMatch(s, p, ep)) {
                if (q == '*' || q == '?' || q == '-') p = ep + 1; // zero repetitions are fine
                else s = nullptr;
                continue;
            }
            switch (q) {
            case '?': {
                if (const char* res = Match(s + 1, ep + 1)) {
                    s = res;
                    p = p_end;
                } else {
                    p = ep + 1;
                }
                continue;
            }
            case '+': s = MaxExpand(s + 1, p, ep); p = p_end; continue;
            case '*': s = MaxExpand(s, p, ep); p = p_end; continue;
            case '-': s = MinExpand(s, p, ep); p = p_end; continue;
            default: s++; p = ep; continue;
            }
        }
        depth++;
        return s;
    }

    // Capture i (or the whole match s..e when there are no captures and i == 0). Returns its
    // length, or kCapPosition after pushing the position.
    ptrdiff_t GetCapture(int i, const char* s, const char* e, const char** cap)
    {
        if (i >= level) {
            if (i != 0) luaL_error(L, "invalid capture index %%%d", i + 1);
            *cap = s;
            return e - s;
        }
        const ptrdiff_t len = capture[i].len;
        *cap = capture[i].init;
        if (len == kCapUnfinished) luaL_error(L, "unfinished capture");
        if (len == kCapPosition) lua_pushinteger(L, (capture[i].init - src_init) + 1);
        return len;
    }
    void PushCapture(int i, const char* s, const char* e)
    {
        const char* cap;
        const ptrdiff_t len = GetCapture(i, s, e, &cap);
        if (len != kCapPosition) lua_pushlstring(L, cap, (size_t)len);
    }
    // All captures, or the whole match when the pattern has none (and s is given).
    int PushCaptures(const char* s, const char* e)
    {
        const int n = (level == 0 && s) ? 1 : level;
        luaL_checkstack(L, n, "too many captures");
        for (int i = 0; i < n; i++) PushCapture(i, s, e);
        return n;
    }
};

// Lua 5.4's initial-position rule for find, match and gmatch.
size_t StartPosition(lua_Integer pos, size_t len)
{
    if (pos > 0) return (size_t)pos;
    if (pos == 0) return 1;
    if (pos < -(lua_Integer)len) return 1;
    return len + (size_t)pos + 1;
}

bool NoSpecials(const char* p, size_t lp)
{
    for (size_t i = 0; i < lp; ++i)
        if (p[i] != '\0' && std::strchr("^$*+?.([%-", p[i])) return false;
    return true;
}

// A plain substring search, charged per byte looked at.
const char* PlainFind(lua_State* L, const char* s, size_t ls, const char* p, size_t lp)
{
    if (lp == 0) return s;
    if (lp > ls) return nullptr;
    const char* const last = s + (ls - lp);
    const char* at = s;
    int64_t bytes = 0;
    while (at <= last) {
        const char* hit = static_cast<const char*>(std::memchr(at, *p, (size_t)(last - at) + 1));
        if (!hit) {
            bytes += last - at + 1;
            break;
        }
        bytes += (hit - at) + (int64_t)lp;
        if (bytes >= 65536) {
            Charge(L, bytes / kBytesPerInstruction);
            bytes = 0;
        }
        if (std::memcmp(hit, p, lp) == 0) {
            Charge(L, bytes / kBytesPerInstruction);
            return hit;
        }
        at = hit + 1;
    }
    Charge(L, bytes / kBytesPerInstruction);
    return nullptr;
}

int FindAux(lua_State* L, bool find)
{
    size_t ls, lp;
    const char* s = luaL_checklstring(L, 1, &ls);
    const char* p = luaL_checklstring(L, 2, &lp);
    const size_t init = StartPosition(luaL_optinteger(L, 3, 1), ls) - 1;
    if (init > ls) {
        luaL_pushfail(L);
        return 1;
    }
    if (find && (lua_toboolean(L, 4) || NoSpecials(p, lp))) {
        if (const char* hit = PlainFind(L, s + init, ls - init, p, lp)) {
            lua_pushinteger(L, (hit - s) + 1);
            lua_pushinteger(L, (hit - s) + (lua_Integer)lp);
            return 2;
        }
    } else {
        const bool anchor = lp > 0 && *p == '^';
        if (anchor) {
            p++;
            lp--;
        }
        Matcher ms;
        ms.Init(L, s, ls, p, lp);
        const char* s1 = s + init;
        do {
            ms.Reset();
            if (const char* e = ms.Match(s1, p)) {
                ms.Flush();
                if (find) {
                    lua_pushinteger(L, (s1 - s) + 1);
                    lua_pushinteger(L, e - s);
                    return ms.PushCaptures(nullptr, nullptr) + 2;
                }
                return ms.PushCaptures(s1, e);
            }
        } while (s1++ < ms.src_end && !anchor);
        ms.Flush();
    }
    luaL_pushfail(L);
    return 1;
}

int StrFind(lua_State* L) { return FindAux(L, true); }
int StrMatch(lua_State* L) { return FindAux(L, false); }

struct GMatchState {
    const char* src;
    const char* p;
    const char* lastmatch;
    Matcher ms;
};

// Upvalues: 1 the subject, 2 the pattern (kept alive), 3 the GMatchState.
int GMatchStep(lua_State* L)
{
    auto* gm = static_cast<GMatchState*>(lua_touserdata(L, lua_upvalueindex(3)));
    gm->ms.L = L;
    for (const char* src = gm->src; src <= gm->ms.src_end; src++) {
        gm->ms.Reset();
        const char* e = gm->ms.Match(src, gm->p);
        if (e && e != gm->lastmatch) {
            gm->src = gm->lastmatch = e;
            gm->ms.Flush();
            return gm->ms.PushCaptures(src, e);
        }
    }
    gm->src = gm->ms.src_end + 1;
    gm->ms.Flush();
    return 0;
}

int StrGMatch(lua_State* L)
{
    size_t ls, lp;
    const char* s = luaL_checklstring(L, 1, &ls);
    const char* p = luaL_checklstring(L, 2, &lp);
    size_t init = StartPosition(luaL_optinteger(L, 3, 1), ls) - 1;
    if (init > ls) init = ls + 1; // past the end: no match at all
    lua_settop(L, 2);
    auto* gm = new (lua_newuserdatauv(L, sizeof(GMatchState), 0)) GMatchState{}; // trivially destructible
    gm->ms.Init(L, s, ls, p, lp);
    gm->src = s + init;
    gm->p = p;
    gm->lastmatch = nullptr;
    lua_pushcclosure(L, GMatchStep, 3);
    return 1;
}

// gsub's replacement string: %0 the whole match, %1..%9 captures, %% a percent sign.
void AddReplacementString(Matcher& ms, std::string& out, const char* s, const char* e)
{
    lua_State* L = ms.L;
    size_t l;
    const char* news = lua_tolstring(L, 3, &l);
    for (size_t i = 0; i < l; ++i) {
        if (news[i] != '%') {
            out.push_back(news[i]);
            continue;
        }
        ++i;
        const char c = i < l ? news[i] : '\0';
        if (c == '%') {
            out.push_back('%');
        } else if (c == '0') {
            out.append(s, (size_t)(e - s));
        } else if (IsDigit(c)) {
            const char* cap;
            const ptrdiff_t len = ms.GetCapture(c - '1', s, e, &cap);
            if (len == kCapPosition) {
                out += std::to_string(lua_tointeger(L, -1));
                lua_pop(L, 1);
            } else {
                out.append(cap, (size_t)len);
            }
        } else {
            luaL_error(L, "invalid use of '%%' in replacement string");
        }
    }
}

// Appends the replacement of match s..e; false when the match is kept as it was.
bool AddReplacement(Matcher& ms, std::string& out, const char* s, const char* e, int tr)
{
    lua_State* L = ms.L;
    const size_t before = out.size();
    if (tr == LUA_TFUNCTION) {
        lua_pushvalue(L, 3);
        const int n = ms.PushCaptures(s, e);
        lua_call(L, n, 1);
    } else if (tr == LUA_TTABLE) {
        ms.PushCapture(0, s, e);
        lua_gettable(L, 3);
    } else {
        AddReplacementString(ms, out, s, e);
        Charge(L, (int64_t)((out.size() - before) / kBytesPerInstruction));
        return true;
    }
    if (!lua_toboolean(L, -1)) { // nil or false: keep the original text
        lua_pop(L, 1);
        out.append(s, (size_t)(e - s));
        return false;
    }
    if (!lua_isstring(L, -1)) return luaL_error(L, "invalid replacement value (a %s)", luaL_typename(L, -1));
    size_t l;
    const char* r = lua_tolstring(L, -1, &l);
    out.append(r, l);
    lua_pop(L, 1);
    Charge(L, (int64_t)((out.size() - before) / kBytesPerInstruction));
    return true;
}

int StrGSub(lua_State* L)
{
    size_t srcl, lp;
    const char* src = luaL_checklstring(L, 1, &srcl);
    const char* p = luaL_checklstring(L, 2, &lp);
    const int tr = lua_type(L, 3);
    const lua_Integer max_s = luaL_optinteger(L, 4, (lua_Integer)srcl + 1);
    luaL_argexpected(L, tr == LUA_TNUMBER || tr == LUA_TSTRING || tr == LUA_TFUNCTION || tr == LUA_TTABLE, 3,
                     "string/function/table");
    const bool anchor = lp > 0 && *p == '^';
    if (anchor) {
        p++;
        lp--;
    }
    Matcher ms;
    ms.Init(L, src, srcl, p, lp);
    std::string out;
    const char* lastmatch = nullptr;
    lua_Integer n = 0;
    bool changed = false;
    while (n < max_s) {
        ms.Reset();
        const char* e = ms.Match(src, p);
        if (e && e != lastmatch) {
            n++;
            changed = AddReplacement(ms, out, src, e, tr) || changed;
            src = lastmatch = e;
        } else if (src < ms.src_end) {
            out.push_back(*src++);
        } else {
            break;
        }
        if (anchor) break;
    }
    ms.Flush();
    if (!changed) {
        lua_pushvalue(L, 1);
    } else {
        out.append(src, (size_t)(ms.src_end - src));
        lua_pushlstring(L, out.data(), out.size());
    }
    lua_pushinteger(L, n);
    return 2;
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

uint64_t SeedBits(lua_State* L, int i)
{
    if (lua_isinteger(L, i)) return (uint64_t)lua_tointeger(L, i);
    const lua_Number d = luaL_checknumber(L, i);
    uint64_t bits;
    std::memcpy(&bits, &d, sizeof bits);
    return bits;
}

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

// [SECTION] Opening a sandbox

void SetFn(lua_State* L, int table, const char* name, lua_CFunction f)
{
    lua_pushcfunction(L, f);
    lua_setfield(L, table, name);
}

void Remove(lua_State* L, int table, const char* name)
{
    lua_pushnil(L);
    lua_setfield(L, table, name);
}

lua_CFunction Original(lua_State* L, int table, const char* name)
{
    lua_getfield(L, table, name);
    const lua_CFunction f = lua_tocfunction(L, -1);
    lua_pop(L, 1);
    if (!f) luaL_error(L, "sandbox setup: %s is not a C function", name);
    return f;
}

// Wraps every light C function of the table in Charged (modifying existing fields during a
// traversal is allowed).
void WrapAll(lua_State* L, int table)
{
    lua_pushnil(L);
    while (lua_next(L, table)) {
        bool light = false;
        if (lua_type(L, -1) == LUA_TFUNCTION && lua_tocfunction(L, -1)) {
            if (lua_getupvalue(L, -1, 1)) lua_pop(L, 1); // a closure: its upvalue was pushed
            else light = true;
        }
        if (light) {
            lua_pushvalue(L, -2);        // key
            lua_pushvalue(L, -2);        // function
            lua_pushcclosure(L, Charged, 1);
            lua_rawset(L, table);
        }
        lua_pop(L, 1);
    }
}

int Setup(lua_State* L)
{
    Context& c = Ctx(L);
    static const luaL_Reg libs[] = {{LUA_GNAME, luaopen_base},      {LUA_TABLIBNAME, luaopen_table},
                                    {LUA_STRLIBNAME, luaopen_string}, {LUA_MATHLIBNAME, luaopen_math},
                                    {LUA_UTF8LIBNAME, luaopen_utf8}};
    for (const auto& lib : libs) {
        luaL_requiref(L, lib.name, lib.func, 1);
        lua_pop(L, 1);
    }
    lua_pushliteral(L, "instruction budget exceeded");
    c.budget_msg = luaL_ref(L, LUA_REGISTRYINDEX);
    lua_pushliteral(L, "memory cap exceeded");
    c.memory_msg = luaL_ref(L, LUA_REGISTRYINDEX);

    lua_pushglobaltable(L);
    const int G = lua_gettop(L);
    for (const char* name : {"dofile", "loadfile", "warn", "require"}) Remove(L, G, name);
    c.original_load = Original(L, G, "load");
    SetFn(L, G, "load", Load);
    SetFn(L, G, "print", Print);
    SetFn(L, G, "tostring", ToString);
    SetFn(L, G, "pairs", Pairs);
    SetFn(L, G, "next", Next);
    SetFn(L, G, "pcall", PCall);
    SetFn(L, G, "xpcall", XPCall);
    SetFn(L, G, "setmetatable", SetMetatable);
    SetFn(L, G, "collectgarbage", CollectGarbage);

    lua_getfield(L, G, LUA_STRLIBNAME);
    const int S = lua_gettop(L);
    Remove(L, S, "dump");
    c.original_rep = Original(L, S, "rep");
    c.original_format = Original(L, S, "format");
    SetFn(L, S, "rep", StrRep);
    SetFn(L, S, "format", StrFormat);
    SetFn(L, S, "find", StrFind);
    SetFn(L, S, "match", StrMatch);
    SetFn(L, S, "gmatch", StrGMatch);
    SetFn(L, S, "gsub", StrGSub);
    // getmetatable("") answers false: the string metatable cannot be reached or changed.
    lua_pushliteral(L, "");
    if (lua_getmetatable(L, -1)) {
        lua_pushboolean(L, 0);
        lua_setfield(L, -2, "__metatable");
        lua_pop(L, 1);
    }
    lua_pop(L, 1);

    lua_getfield(L, G, LUA_TABLIBNAME);
    const int T = lua_gettop(L);
    c.original_concat = Original(L, T, "concat");
    SetFn(L, T, "concat", TabConcat);
    SetFn(L, T, "insert", TabInsert);
    SetFn(L, T, "remove", TabRemove);
    SetFn(L, T, "move", TabMove);
    SetFn(L, T, "sort", TabSort);

    lua_getfield(L, G, LUA_MATHLIBNAME);
    const int M = lua_gettop(L);
    SetFn(L, M, "random", Random);
    SetFn(L, M, "randomseed", RandomSeed);

    lua_getfield(L, G, LUA_UTF8LIBNAME);
    const int U = lua_gettop(L);

    for (int t : {G, S, T, M, U}) WrapAll(L, t);
    lua_settop(L, 0);
    return 0;
}

} // namespace

lua_State* Open(Context& ctx, std::string& error)
{
    ctx.L = nullptr;
    lua_State* L = lua_newstate(Alloc, &ctx);
    if (!L) {
        error = "cannot create a Lua state (memory cap " + std::to_string(ctx.mem_cap) + " bytes)";
        return nullptr;
    }
    *static_cast<Context**>(lua_getextraspace(L)) = &ctx;
    lua_atpanic(L, PanicHandler);
    ctx.L = L;
    ctx.rng.Seed(ctx.seed);
    lua_pushcfunction(L, Setup);
    if (lua_pcall(L, 0, 0, 0) != LUA_OK) {
        error = std::string("cannot set up the sandbox: ") + (lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "?");
        lua_close(L);
        ctx.L = nullptr;
        return nullptr;
    }
    return L;
}

void Close(Context& ctx)
{
    if (!ctx.L) return;
    lua_close(ctx.L);
    ctx.L = nullptr;
}

// Journal records and views as Lua tables: objects with string keys, arrays from 1, null as nil.
void PushJson(lua_State* L, const nlohmann::json& j, int depth)
{
    luaL_checkstack(L, 4, "a record nested too deeply");
    switch (j.type()) {
    case nlohmann::json::value_t::boolean: lua_pushboolean(L, j.get<bool>()); return;
    case nlohmann::json::value_t::number_integer: lua_pushinteger(L, j.get<int64_t>()); return;
    case nlohmann::json::value_t::number_unsigned: {
        const uint64_t v = j.get<uint64_t>();
        if (v <= (uint64_t)LUA_MAXINTEGER) lua_pushinteger(L, (lua_Integer)v);
        else lua_pushnumber(L, (lua_Number)v);
        return;
    }
    case nlohmann::json::value_t::number_float: lua_pushnumber(L, j.get<double>()); return;
    case nlohmann::json::value_t::string: {
        const auto& s = j.get_ref<const std::string&>();
        lua_pushlstring(L, s.data(), s.size());
        return;
    }
    case nlohmann::json::value_t::array: {
        if (depth >= 32) break;
        lua_createtable(L, (int)std::min<size_t>(j.size(), INT_MAX), 0);
        lua_Integer i = 0;
        for (const auto& v : j) {
            PushJson(L, v, depth + 1);
            lua_rawseti(L, -2, ++i);
        }
        Charge(L, (int64_t)j.size());
        return;
    }
    case nlohmann::json::value_t::object: {
        if (depth >= 32) break;
        lua_createtable(L, 0, (int)std::min<size_t>(j.size(), INT_MAX));
        for (auto it = j.begin(); it != j.end(); ++it) {
            lua_pushlstring(L, it.key().data(), it.key().size());
            PushJson(L, it.value(), depth + 1);
            lua_rawset(L, -3);
        }
        Charge(L, (int64_t)j.size());
        return;
    }
    default: break;
    }
    lua_pushnil(L);
}

} // namespace bd::sandbox
