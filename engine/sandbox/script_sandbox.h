// script_sandbox.h: the Lua sandbox behind ScriptHost (engine-internal; docs/lua-api.md, "The sandbox").
//
// Lua is Debian's lua5.4-c++ build: a Lua error is a C++ exception, so C++ objects on the stack
// of our C functions are destroyed when a script's error unwinds through them.
//
// What the sandbox guarantees, and how:
//   - no way out: only base, table, string, math and utf8 are opened; dofile, loadfile, warn and
//     string.dump are gone; load takes text only; getmetatable("") answers false; setmetatable
//     refuses __gc (finalizers run with hooks off, so they could loop out of reach of the budget).
//   - bounded time: a count hook charges every VM instruction; every library function is charged
//     1 + 1 per 16 bytes of string arguments + 1 per result; allocation is charged 1 per 16 bytes;
//     pattern matching (find, match, gmatch, gsub) is our own step-counted matcher; table.insert,
//     remove, move, concat and sort charge per element moved. Past the budget every instruction
//     raises "instruction budget exceeded", and pcall/xpcall cannot swallow it.
//   - bounded memory: a lua_Alloc refuses to grow past the cap; reaching the cap is fatal.
//   - determinism: math.random is a bd::Rng seeded from the run's seed; pairs and next visit keys
//     in a fixed order (numbers, strings, booleans, then the rest); table.sort is a stable merge
//     sort; tostring and string.format never show addresses.
#pragma once
#include "core/rng.h"

#include <lua.hpp>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <string>

namespace bd::sandbox {

enum class Death : uint8_t { None, Budget, Memory };

// Everything the sandbox's C functions need; the lua_State's extra space points at it.
struct Context {
    lua_State* L = nullptr;
    // The instruction budget of the running call.
    int64_t limit = 1'000'000;
    int64_t used = 0;
    int step = 1000;      // the count hook's granularity
    bool in_call = false; // allocation is charged only while the script runs
    Death death = Death::None;
    int death_line = -1;   // the line where the budget or the memory ran out (-1 unknown)
    int sampled_line = -1; // the line the count hook saw last
    int error_line = -1;   // the innermost Lua line when an error reached the host
    // Memory.
    size_t mem_used = 0, mem_cap = 16u << 20;
    // math.random / math.randomseed.
    Rng rng;
    uint64_t seed = 0;
    // print: one line of text (the host journals it).
    std::function<void(const std::string&)> log;
    // The host (for the bd API), opaque here.
    void* user = nullptr;
    // Registry references: interned error messages, next()'s snapshot cache.
    int budget_msg = LUA_NOREF, memory_msg = LUA_NOREF, next_cache = LUA_NOREF;
    lua_Integer next_pos = 0;
    // Lua's own functions that our replacements finish with.
    lua_CFunction original_load = nullptr, original_rep = nullptr, original_format = nullptr, original_concat = nullptr;
};

Context& Ctx(lua_State* L);

// Creates a sandboxed state (libraries opened and replaced, the hook set). nullptr and `error`
// on failure. The state's panic function throws bd::sandbox::Panic instead of aborting.
lua_State* Open(Context& ctx, std::string& error);
// Closes the state (if any). Safe to call twice.
void Close(Context& ctx);

struct Panic {
    std::string message;
};

// Before each call into the script: a fresh budget of `limit` instructions.
void BeginCall(Context& ctx, int64_t limit);
void EndCall(Context& ctx);
// Charges n instructions to the running call; raises the budget error past the limit.
void Charge(lua_State* L, int64_t n);
// The message handler for the host's lua_pcall: notes the innermost Lua line, returns the error
// object untouched (never calls __tostring: an error object's metamethods could loop).
int MessageHandler(lua_State* L);
// print(...): the arguments as tostring shows them, tab-separated, handed to Context::log.
int Print(lua_State* L);
// Pushes the keys of the table at `idx` in the sandbox's deterministic order, as a new array.
// Returns how many.
lua_Integer PushSortedKeys(lua_State* L, int idx);
// Pushes a journal record or a view as a Lua table (objects with string keys, arrays from 1, null
// as nil), charging the running call per element; deeper than 32 levels becomes nil.
void PushJson(lua_State* L, const nlohmann::json& j, int depth = 0);

} // namespace bd::sandbox
