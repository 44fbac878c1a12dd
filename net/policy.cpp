// policy.cpp: see policy.h.
#include "policy.h"

#include "script/script.h"
#include "sandbox/script_sandbox.h"
#include "world/world.h"

#include <spdlog/spdlog.h>

#include <fstream>
#include <vector>

namespace bd::net {

using nlohmann::json;

namespace {
constexpr int64_t kInstructions = 1'000'000; // per call, as a scenario's default (docs/lua-api.md, 6)
constexpr size_t kMemory = 16u << 20;
constexpr int kMaxPostsPerCall = 50;
constexpr SimTime kTickS = 900;
constexpr size_t kMaxText = 4000, kMaxField = 256;
} // namespace

struct PolicyHost::Impl {
    Client& client;
    sandbox::Context ctx;
    std::string name, failure;
    bool enabled = false, started = false;
    size_t events_seen = 0;
    SimTime next_tick = kTickS;
    int posts_this_call = 0, posted = 0, refused = 0;
    std::vector<std::string> unanswered; // cids this policy posted, until the server answers

    explicit Impl(Client& c) : client(c) {}
    ~Impl() { sandbox::Close(ctx); }

    static Impl& Of(lua_State* L) { return *static_cast<Impl*>(sandbox::Ctx(L).user); }

    // [SECTION] The bd API
    static int Now(lua_State* L)
    {
        lua_pushinteger(L, Of(L).client.clock().value("time", (lua_Integer)0));
        return 1;
    }
    static int Seat(lua_State* L)
    {
        const std::string t = Of(L).client.team();
        lua_pushlstring(L, t.data(), t.size());
        return 1;
    }
    static int View(lua_State* L)
    {
        sandbox::PushJson(L, Of(L).client.view());
        return 1;
    }
    static int List(lua_State* L, const char* key)
    {
        const json& v = Of(L).client.view();
        sandbox::PushJson(L, v.contains(key) ? v[key] : json::array());
        return 1;
    }
    static int Find(lua_State* L, const char* key)
    {
        const std::string id = luaL_checkstring(L, 1);
        const json& v = Of(L).client.view();
        if (v.contains(key))
            for (const auto& x : v[key])
                if (x.value("id", "") == id) {
                    sandbox::PushJson(L, x);
                    return 1;
                }
        lua_pushnil(L);
        return 1;
    }
    static int Log(lua_State* L) { return sandbox::Print(L); }

    // A string field (a whole number is taken as its digits), at most `max` bytes.
    static bool Field(lua_State* L, const char* key, json& cmd, size_t max, std::string& error)
    {
        const int t = lua_getfield(L, 1, key);
        if (t == LUA_TNIL) { lua_pop(L, 1); return true; }
        if (t == LUA_TNUMBER && lua_isinteger(L, -1)) {
            cmd[key] = std::to_string(lua_tointeger(L, -1));
        } else if (t == LUA_TSTRING) {
            size_t len;
            const char* s = lua_tolstring(L, -1, &len);
            if (len > max) { error = std::string("field '") + key + "' is too long"; lua_pop(L, 1); return false; }
            cmd[key] = std::string(s, len); // invalid UTF-8 is replaced when the command is sent
        } else {
            error = std::string("field '") + key + "' must be a string";
            lua_pop(L, 1);
            return false;
        }
        lua_pop(L, 1);
        return true;
    }
    static int Refuse(lua_State* L, const std::string& msg, const char* code = "invalid")
    {
        lua_pushnil(L);
        lua_pushlstring(L, msg.data(), msg.size());
        lua_pushstring(L, code);
        return 3;
    }
    static int Post(lua_State* L)
    {
        luaL_checktype(L, 1, LUA_TTABLE);
        Impl& h = Of(L);
        sandbox::Charge(L, 10);
        if (h.posts_this_call >= kMaxPostsPerCall) return Refuse(L, "too many commands in one call (at most 50)");
        json cmd = json::object();
        std::string error;
        for (const char* k : {"kind", "team", "target", "value", "role"})
            if (!Field(L, k, cmd, kMaxField, error)) return Refuse(L, error);
        if (!Field(L, "text", cmd, kMaxText, error)) return Refuse(L, error);
        if (!cmd.contains("kind")) return Refuse(L, "field 'kind' is missing: a command kind such as \"send_message\" (docs/commands.md)");
        if (cmd.contains("team") && cmd["team"] != h.client.team())
            return Refuse(L, "a " + h.client.team() + " policy posts as " + h.client.team(), "permission");
        cmd.erase("team");
        if (lua_getfield(L, 1, "assets") == LUA_TTABLE) {
            json assets = json::array();
            const lua_Unsigned n = std::min<lua_Unsigned>(lua_rawlen(L, -1), 1000);
            for (lua_Unsigned i = 1; i <= n; ++i) {
                if (lua_rawgeti(L, -1, (lua_Integer)i) != LUA_TSTRING) return Refuse(L, "field 'assets' must be a list of host ids");
                assets.push_back(std::string(lua_tostring(L, -1)).substr(0, kMaxField));
                lua_pop(L, 1);
            }
            cmd["assets"] = assets;
        }
        lua_pop(L, 1);
        const int et = lua_getfield(L, 1, "emergency");
        if (et != LUA_TNIL && et != LUA_TBOOLEAN) return Refuse(L, "field 'emergency' must be true or false");
        if (lua_toboolean(L, -1)) cmd["emergency"] = true;
        lua_pop(L, 1);
        if (lua_getfield(L, 1, "ticket") != LUA_TNIL) {
            int isint = 0;
            const lua_Integer t = lua_tointegerx(L, -1, &isint);
            if (!isint || t < 0 || t > INT32_MAX) return Refuse(L, "field 'ticket' must be a ticket number");
            cmd["ticket"] = t;
        }
        lua_pop(L, 1);
        h.unanswered.push_back(h.client.Post(std::move(cmd)));
        ++h.posts_this_call;
        ++h.posted;
        lua_pushboolean(L, 1);
        return 1;
    }

    static int Install(lua_State* L)
    {
        static const luaL_Reg api[] = {{"now", Now},
                                       {"seat", Seat},
                                       {"view", View},
                                       {"alerts", [](lua_State* L) { return List(L, "alerts"); }},
                                       {"hosts", [](lua_State* L) { return List(L, "hosts"); }},
                                       {"services", [](lua_State* L) { return List(L, "services"); }},
                                       {"host", [](lua_State* L) { return Find(L, "hosts"); }},
                                       {"service", [](lua_State* L) { return Find(L, "services"); }},
                                       {"post", Post},
                                       {"log", Log},
                                       {nullptr, nullptr}};
        luaL_newlib(L, api);
        lua_setglobal(L, "bd");
        return 0;
    }

    // [SECTION] Calls into the script
    // Calls global `fn` (if the script defines it) with `arg` (a record, a number, or nothing).
    void Call(const char* fn, const json* arg, lua_Integer number = -1)
    {
        if (!enabled) return;
        lua_State* L = ctx.L;
        posts_this_call = 0;
        sandbox::BeginCall(ctx, kInstructions);
        int status = LUA_OK;
        std::string panic;
        try {
            lua_settop(L, 0);
            lua_pushcfunction(L, sandbox::MessageHandler);
            if (lua_getglobal(L, fn) != LUA_TFUNCTION) {
                sandbox::EndCall(ctx);
                lua_settop(L, 0);
                return;
            }
            int nargs = 0;
            if (arg) sandbox::PushJson(L, *arg), nargs = 1;
            else if (number >= 0) lua_pushinteger(L, number), nargs = 1;
            status = lua_pcall(L, nargs, 0, 1);
        } catch (const sandbox::Panic& p) {
            status = -100;
            panic = p.message;
        }
        sandbox::EndCall(ctx);
        if (status != LUA_OK) Fail(fn, status, panic);
        lua_settop(L, 0);
    }

    void Fail(const std::string& where, int status, const std::string& panic)
    {
        std::string detail;
        if (ctx.death == sandbox::Death::Budget) detail = "[script.budget] instruction budget exceeded (1,000,000 instructions per call)";
        else if (ctx.death == sandbox::Death::Memory || status == LUA_ERRMEM) detail = "[script.memory] memory cap exceeded (16 MiB)";
        else if (status == -100) detail = "[script.error] unprotected error: " + panic;
        else if (lua_type(ctx.L, -1) == LUA_TSTRING) detail = std::string("[script.error] ") + lua_tostring(ctx.L, -1);
        else detail = "[script.error] an error object that is not a string";
        const int line = ctx.death != sandbox::Death::None ? ctx.death_line : ctx.error_line;
        failure = "policy '" + name + "' stopped in " + where + (line > 0 ? " at line " + std::to_string(line) : "") + ": " + detail +
                  "; the seat goes on without it";
        enabled = false;
        spdlog::error("{}", failure);
    }
};

PolicyHost::PolicyHost(Client& client) : impl_(std::make_unique<Impl>(client)) {}
PolicyHost::~PolicyHost() = default;
bool PolicyHost::enabled() const { return impl_->enabled; }
const std::string& PolicyHost::failure() const { return impl_->failure; }
int PolicyHost::posted() const { return impl_->posted; }
int PolicyHost::refused() const { return impl_->refused; }

bool PolicyHost::Load(const std::string& path, std::string& error)
{
    Impl& h = *impl_;
    std::string text;
    if (!ReadPolicyFile(path, text, error)) return false;
    h.name = path.substr(path.find_last_of('/') + 1);
    h.ctx.mem_cap = kMemory;
    h.ctx.seed = 0x9E3779B97F4A7C15ull;
    h.ctx.log = [&h](const std::string& line) { spdlog::info("[{}] {}", h.name, line); };
    h.ctx.user = &h;
    if (!sandbox::Open(h.ctx, error)) {
        error = path + ": " + error;
        return false;
    }
    lua_State* L = h.ctx.L;
    lua_pushcfunction(L, Impl::Install);
    if (lua_pcall(L, 0, 0, 0) != LUA_OK) {
        error = path + ": cannot install the bd API";
        return false;
    }
    const std::string chunk = "@" + h.name;
    if (luaL_loadbufferx(L, text.data(), text.size(), chunk.c_str(), "t") != LUA_OK) {
        error = path + ": " + (lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "syntax error");
        return false;
    }
    lua_setglobal(L, "__bd_main");
    h.enabled = true;
    h.Call("__bd_main", nullptr);
    if (!h.enabled) {
        error = h.failure;
        return false;
    }
    return true;
}

void PolicyHost::Step()
{
    Impl& h = *impl_;
    Client& c = h.client;
    if (!h.enabled || !c.has_view()) return;
    if (!h.started) {
        h.started = true;
        h.Call("on_start", nullptr);
    }
    const std::string team = c.team();
    const auto& events = c.events();
    for (; h.events_seen < events.size() && h.enabled; ++h.events_seen) {
        const json& e = events[h.events_seen];
        const std::string type = e.value("type", "");
        if (type == "alert") h.Call("on_alert", &e);
        else if (type == "command_done") h.Call("on_command", &e);
        else if (type == "inject") h.Call("on_inject", &e);
    }
    const SimTime now = c.clock().value("time", (SimTime)0);
    while (h.enabled && now >= h.next_tick) {
        h.Call("on_tick", nullptr, h.next_tick);
        h.next_tick += kTickS;
    }
    for (size_t i = 0; i < h.unanswered.size();) {
        const json* a = c.Answer(h.unanswered[i]);
        if (!a) { ++i; continue; }
        const json ack = *a;
        h.unanswered.erase(h.unanswered.begin() + (long)i);
        if (!ack.value("ok", false)) {
            ++h.refused;
            spdlog::warn("[{}] refused: {}", h.name, ack.value("message", ""));
            h.Call("on_refused", &ack);
        }
    }
}

} // namespace bd::net
