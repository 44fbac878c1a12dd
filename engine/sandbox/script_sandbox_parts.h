// script_sandbox_parts.h: what the sandbox's own files share (engine-internal: included by
// engine/script/script_sandbox*.cpp only; everyone else uses script_sandbox.h). The sandbox is:
//   script_sandbox.cpp          the context, the allocator and the instruction budget; opening a
//                               sandbox (Setup registers the replacements below, in one fixed order);
//                               journal records as Lua tables (PushJson)
//   script_sandbox_libs.cpp     the replacements of base, string (rep, format), table and math functions
//   script_sandbox_pattern.cpp  string.find, match, gmatch and gsub on a step-charged matcher
#pragma once
#include "sandbox/script_sandbox.h"

#include <cstdint>

namespace bd::sandbox {

// [SECTION] script_sandbox.cpp: the budget's kill switch.

// Charged per this many bytes allocated, matched or passed as string arguments.
inline constexpr int64_t kBytesPerInstruction = 16;

// Marks the running script dead (the first cause wins) and, inside a call, makes the count hook
// fire on every instruction, so that neither pcall nor a __close handler keeps it running.
void Kill(Context& c, Death why);
// Raises the death's error (the interned budget or memory message; a death of Budget if none was
// set yet). Never returns.
int Die(lua_State* L);
// Charge() for an unsigned count of elements (saturating at INT64_MAX).
void ChargeCount(lua_State* L, lua_Unsigned n);

// [SECTION] script_sandbox_libs.cpp: the replacements of library functions.
// Each is a lua_CFunction with the Lua 5.4 function's arguments and results (docs/lua-api.md, "The
// sandbox", says what differs); Setup registers them and wraps each in the per-call charge.

// Base library: tostring, pairs, next, pcall, xpcall, load, setmetatable, collectgarbage
// (print is Print, in script_sandbox.h).
int ToString(lua_State* L);
int Pairs(lua_State* L);
int Next(lua_State* L);
int PCall(lua_State* L);
int XPCall(lua_State* L);
// Finishes with Context::original_load (Lua's own load), the mode forced to "t".
int Load(lua_State* L);
int SetMetatable(lua_State* L);
int CollectGarbage(lua_State* L);
// string.rep and string.format: finish with Context::original_rep and original_format.
int StrRep(lua_State* L);
int StrFormat(lua_State* L);
// table.insert, remove, move, sort; table.concat finishes with Context::original_concat.
int TabInsert(lua_State* L);
int TabRemove(lua_State* L);
int TabMove(lua_State* L);
int TabConcat(lua_State* L);
int TabSort(lua_State* L);
// math.random and math.randomseed, on Context::rng.
int Random(lua_State* L);
int RandomSeed(lua_State* L);

// [SECTION] script_sandbox_pattern.cpp: pattern matching with a step budget.
int StrFind(lua_State* L);
int StrMatch(lua_State* L);
int StrGMatch(lua_State* L);
int StrGSub(lua_State* L);

} // namespace bd::sandbox
