// script_sandbox_pattern.cpp: string.find, match, gmatch and gsub for the sandbox (see script_sandbox.h,
// docs/lua-api.md): Lua 5.4's pattern language, matched by our own matcher that charges every step to
// the running call's instruction budget. script_sandbox.cpp registers them (script_sandbox_parts.h).
#include "sandbox/script_sandbox.h"
#include "sandbox/script_sandbox_parts.h"

#include <cstddef>
#include <cstring>
#include <new>
#include <string>

namespace bd::sandbox {

// [SECTION] Pattern matching with a step budget (string.find, match, gmatch, gsub)
//
// Lua's own matcher backtracks without limit inside one C call ("(.-)(.-)x" on a long subject is
// effectively endless) and no hook can interrupt it. This is a matcher for the same pattern
// language (Lua 5.4 manual, section 6.4.1), written for the sandbox: every step is charged, so a
// pathological pattern costs budget, not time. Character classes are ASCII whatever the locale.

namespace {

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

} // namespace

int StrFind(lua_State* L) { return FindAux(L, true); }
int StrMatch(lua_State* L) { return FindAux(L, false); }

namespace {

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

} // namespace

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

namespace {

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

} // namespace

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

} // namespace bd::sandbox
