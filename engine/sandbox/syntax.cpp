// syntax.cpp: a script compiled, not run, in a throwaway sandbox: the scenario loader's check of a
// scenario's Lua script, and where Lua's messages say the problem is.
#include "sandbox/syntax.h"

#include "sandbox/script_sandbox.h"

#include <algorithm>

namespace bd {

int LineOf(const std::string& message, const std::string& name)
{
    const std::string prefix = name + ":";
    if (message.compare(0, prefix.size(), prefix) != 0) return 0;
    size_t i = prefix.size();
    int line = 0;
    while (i < message.size() && message[i] >= '0' && message[i] <= '9' && line < 100000000) line = line * 10 + (message[i++] - '0');
    return i < message.size() && message[i] == ':' ? line : 0;
}

std::string CheckScriptSyntax(const std::string& name, const std::string& text, int* line)
{
    if (line) *line = 0;
    sandbox::Context ctx;
    ctx.mem_cap = std::max<size_t>(64u << 20, text.size() * 64);
    std::string error;
    lua_State* L = sandbox::Open(ctx, error);
    if (!L) return error;
    const std::string chunkname = "=" + name;
    std::string out;
    try {
        if (luaL_loadbufferx(L, text.data(), text.size(), chunkname.c_str(), "t") != LUA_OK)
            out = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "the script does not compile";
    } catch (const sandbox::Panic& p) {
        out = p.message;
    }
    sandbox::Close(ctx);
    if (line && !out.empty()) *line = LineOf(out, name);
    return out;
}

} // namespace bd
