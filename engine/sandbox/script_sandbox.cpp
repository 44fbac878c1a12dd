// script_sandbox.cpp: the Lua sandbox behind ScriptHost (see script_sandbox.h, docs/lua-api.md): its
// context, the allocator and the instruction budget; opening a sandbox (the libraries opened, their
// functions replaced and wrapped in the per-call charge, in one fixed order); journal records as Lua
// tables. The replacements themselves are in script_sandbox_libs.cpp and script_sandbox_pattern.cpp
// (script_sandbox_parts.h).
//
// Index
// [SECTION] Context, allocator, budget
// [SECTION] Opening a sandbox
#include "sandbox/script_sandbox.h"
#include "sandbox/script_sandbox_parts.h"

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <string>

namespace bd::sandbox {

// [SECTION] Context, allocator, budget

Context& Ctx(lua_State* L) { return **static_cast<Context**>(lua_getextraspace(L)); }

namespace {

void Hook(lua_State* L, lua_Debug* ar);

// The line of the innermost Lua function at or above stack level `level` (-1 when none).
int LuaLine(lua_State* L, int level)
{
    lua_Debug ar;
    for (; lua_getstack(L, level, &ar); ++level)
        if (lua_getinfo(L, "l", &ar) && ar.currentline > 0) return ar.currentline;
    return -1;
}

} // namespace

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

void ChargeCount(lua_State* L, lua_Unsigned n) { Charge(L, n > (lua_Unsigned)INT64_MAX ? INT64_MAX : (int64_t)n); }

namespace {

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

// [SECTION] Opening a sandbox

namespace {

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
