// script.cpp: ScriptHost: one sandboxed Lua script in a simulation, the events it receives and the
// `bd` API it acts through (see script.h, docs/lua-api.md). The sandbox is script_sandbox.cpp.
//
// Index
// [SECTION] Helpers: JSON to Lua, UTF-8, messages
// [SECTION] The host: calls, failures, events
// [SECTION] The bd API
// [SECTION] Simulation::StartScripts, ScriptHash
#include "script/script.h"
#include "sandbox/syntax.h"

#include "core/rng.h"
#include "response/autopilot.h"
#include "sandbox/script_sandbox.h"
#include "sim/simulation.h"
#include "exercise/views.h"

#include <climits>
#include <cstdio>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>
#include <sstream>

namespace bd {

using nlohmann::json;

namespace {

constexpr int kMaxPostsPerCall = 50;     // bd.post and bd.schedule_inject(…, 0) per call
constexpr int kMaxLogsPerCall = 50;      // print / bd.log lines per call
constexpr int64_t kMaxLogsTotal = 5000;  // per script and exercise
constexpr size_t kMaxLogLength = 1000;   // bytes per line
constexpr size_t kMaxTextLength = 4000;  // a command's text
constexpr size_t kMaxFieldLength = 256;  // a command's target, value, role, asset
constexpr size_t kMaxTimers = 1000;      // bd.schedule_inject timers per script
constexpr int kPanic = -100;             // Call(): the state panicked (an unprotected error)

// [SECTION] Helpers: JSON to Lua, UTF-8, messages

using sandbox::PushJson;

// Text a script hands to the engine goes into JSON: invalid UTF-8 becomes U+FFFD.
std::string ValidUtf8(std::string_view s)
{
    std::string out;
    out.reserve(s.size());
    size_t i = 0;
    while (i < s.size()) {
        const unsigned char c = (unsigned char)s[i];
        const size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        bool ok = len > 0 && i + len <= s.size();
        for (size_t k = 1; ok && k < len; ++k) ok = ((unsigned char)s[i + k] >> 6) == 2;
        if (ok && len > 1) {
            uint32_t cp = c & (0x7Fu >> len);
            for (size_t k = 1; k < len; ++k) cp = (cp << 6) | ((unsigned char)s[i + k] & 0x3Fu);
            static const uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
            ok = cp >= kMin[len] && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
        }
        if (ok) {
            out.append(s.substr(i, len));
            i += len;
        } else {
            out += "\xEF\xBF\xBD";
            ++i;
        }
    }
    return out;
}

// Drops the "name:12: " prefix Lua puts in front of a message.
std::string WithoutPosition(const std::string& message, const std::string& name)
{
    if (LineOf(message, name) == 0) return message;
    const size_t colon = message.find(':', name.size() + 1);
    size_t start = colon + 1;
    while (start < message.size() && message[start] == ' ') ++start;
    return message.substr(start);
}

std::string Thousands(int64_t v)
{
    std::string digits = std::to_string(v), out;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

} // namespace

bool ReadPolicyFile(const std::string& path, std::string& text, std::string& error)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        error = "cannot read '" + path + "'";
        return false;
    }
    text.assign(kMaxPolicyBytes + 1, '\0');
    in.read(text.data(), (std::streamsize)text.size());
    text.resize((size_t)in.gcount());
    if (in.bad()) {
        error = "cannot read '" + path + "'";
        return false;
    }
    if (text.size() > kMaxPolicyBytes) {
        error = "'" + path + "' is larger than 1 MiB: not a policy file";
        text.clear();
        return false;
    }
    return true;
}

// [SECTION] The host: calls, failures, events

void InstallScriptApi(lua_State* L); // the bd table (below)

void InstallScriptApi(lua_State* L); // the bd table (below)

struct ScriptHost::Impl {
    Simulation& sim;
    Config cfg;
    sandbox::Context ctx;
    std::string open_error;
    bool enabled = false;
    bool busy = false;     // a call into Lua is running
    bool draining = false; // Drain() is delivering queued records
    std::deque<std::pair<const char*, json>> queue; // records waiting for their handler
    int posts_this_call = 0, logs_this_call = 0;
    int64_t logs_total = 0;
    bool log_limit_noted = false;
    std::vector<std::string> timers; // bd.schedule_inject: the inject each timer fires
    size_t cursor = 0;               // the next journal record to look at
    // The seat's view, built once per moment (time and journal length) and indexed by id.
    json view;
    SimTime view_time = -1;
    size_t view_records = 0;
    std::map<std::string, size_t> host_index, service_index;

    // The frame a protected call runs with (Trampoline's argument).
    struct Frame {
        Impl* host;
        const char* handler; // nullptr: load and run the main chunk
        const json* arg;
        bool probe = false;  // only look whether the handler exists
        bool found = false;
        bool syntax = false; // the chunk did not compile
    };

    Impl(Simulation& s, Config c) : sim(s), cfg(std::move(c)) {}

    std::string Issuer() const { return "script:" + cfg.name; }

    static int Trampoline(lua_State* L)
    {
        Frame& f = *static_cast<Frame*>(lua_touserdata(L, 1));
        try {
            if (!f.handler) {
                const std::string chunkname = "=" + f.host->cfg.name;
                if (luaL_loadbufferx(L, f.host->cfg.text.data(), f.host->cfg.text.size(), chunkname.c_str(), "t") != LUA_OK) {
                    f.syntax = true;
                    return lua_error(L);
                }
                lua_call(L, 0, 0);
                return 0;
            }
            // Handlers are looked up raw: a metatable on _G cannot run code from here.
            lua_rawgeti(L, LUA_REGISTRYINDEX, LUA_RIDX_GLOBALS);
            lua_pushstring(L, f.handler);
            if (lua_rawget(L, -2) != LUA_TFUNCTION) return 0;
            f.found = true;
            if (f.probe) return 0;
            int nargs = 0;
            if (f.arg) {
                PushJson(L, *f.arg, 0);
                nargs = 1;
            }
            lua_call(L, nargs, 0);
        } catch (const std::exception& e) { // ours (nlohmann, std); Lua's own errors pass through
            return luaL_error(L, "internal error: %s", e.what());
        }
        return 0;
    }

    // One protected call into the script, under a fresh instruction budget. False (and the script
    // disabled) when it failed.
    bool Call(const char* handler, const json* arg, bool probe = false, bool* found = nullptr)
    {
        if (!enabled) return false;
        lua_State* L = ctx.L;
        Frame frame{this, handler, arg, probe};
        busy = true;
        posts_this_call = logs_this_call = 0;
        sandbox::BeginCall(ctx, cfg.instructions);
        int status;
        std::string panic;
        try {
            lua_settop(L, 0);
            lua_pushcfunction(L, sandbox::MessageHandler);
            lua_pushcfunction(L, Trampoline);
            lua_pushlightuserdata(L, &frame);
            status = lua_pcall(L, 1, 0, 1);
        } catch (const sandbox::Panic& p) {
            status = kPanic;
            panic = p.message;
        }
        sandbox::EndCall(ctx);
        busy = false;
        if (found) *found = frame.found;
        if (status == LUA_OK) {
            lua_settop(L, 0);
            return true;
        }
        Fail(handler ? handler : "the main chunk", status, frame.syntax, panic);
        return false;
    }

    // Reports why the script stopped, then disables it for the rest of the exercise.
    void Fail(const std::string& event, int status, bool syntax, const std::string& panic)
    {
        lua_State* L = ctx.L;
        std::string detail;
        // Only a string is read: an error object's __tostring could loop, and is never called.
        if (status == kPanic) detail = "unprotected error: " + panic;
        else if (lua_type(L, -1) == LUA_TSTRING) detail = lua_tostring(L, -1);
        else if (status == LUA_ERRMEM) detail = "not enough memory";
        else detail = std::string("error object is a ") + luaL_typename(L, -1) + " value, not a string";
        const std::string& name = cfg.name;
        const char* id;
        const char* reason;
        int line = -1;
        if (ctx.death == sandbox::Death::Budget) {
            id = "script.budget";
            reason = "budget";
            detail = "instruction budget exceeded (" + Thousands(cfg.instructions) + " instructions per call)";
            line = ctx.death_line;
        } else if (ctx.death == sandbox::Death::Memory || status == LUA_ERRMEM) {
            id = "script.memory";
            reason = "memory";
            detail = "memory cap exceeded (" + Thousands(cfg.memory_bytes) + " bytes)";
            line = ctx.death_line;
        } else if (syntax) {
            id = "script.syntax";
            reason = "syntax";
            line = LineOf(detail, name);
            detail = WithoutPosition(detail, name);
        } else {
            id = "script.error";
            reason = "error";
            line = LineOf(detail, name);
            if (line <= 0) line = ctx.error_line;
            detail = WithoutPosition(detail, name);
        }
        bool near = false;
        if (line <= 0 && ctx.sampled_line > 0 && !syntax) {
            line = ctx.sampled_line; // the last line the budget hook saw
            near = true;
        }
        const std::string message = "[" + std::string(id) + "] script '" + name + "' stopped in " + event +
                                    (line > 0 ? (near ? " near line " : " at line ") + std::to_string(line) : std::string()) +
                                    ": " + ValidUtf8(detail.substr(0, 2000)) + "; it is disabled and the exercise goes on";
        Disable(status == kPanic);
        sim.Record("warning", {{"source", "script"},
                               {"script", name},
                               {"seat", TeamName(cfg.seat)},
                               {"event", event},
                               {"line", line > 0 ? json(line) : json(nullptr)},
                               {"reason", reason},
                               {"message", message}});
        spdlog::warn("{}", message);
    }

    void Disable(bool panicked = false)
    {
        enabled = false;
        queue.clear();
        if (panicked) ctx.L = nullptr; // a state that panicked may be inconsistent: let it go, never close it
        else sandbox::Close(ctx);
    }

    void Start()
    {
        sim.Record("script", {{"script", cfg.name},
                              {"seat", TeamName(cfg.seat)},
                              {"source", cfg.source},
                              {"hash", ScriptHash(cfg.text)},
                              {"instructions", cfg.instructions},
                              {"memory_bytes", cfg.memory_bytes},
                              {"tick_s", cfg.tick_s}});
        cursor = sim.journal().Records().size();
        if (!enabled) {
            const std::string message = "[script.load] script '" + cfg.name + "' could not start: " + open_error +
                                        "; it is disabled and the exercise goes on";
            sim.Record("warning", {{"source", "script"}, {"script", cfg.name}, {"seat", TeamName(cfg.seat)}, {"event", "start"},
                                   {"line", nullptr}, {"reason", "load"}, {"message", message}});
            spdlog::warn("{}", message);
            return;
        }
        if (!Call(nullptr, nullptr)) return;
        if (!Call("on_start", nullptr)) return;
        bool has_tick = false;
        if (!Call("on_tick", nullptr, true, &has_tick)) return;
        if (has_tick) sim.Schedule(sim.Now() + cfg.tick_s, Simulation::EventType::ScriptTick, cfg.index, -1);
        Drain();
    }

    // Called for every record; reads the journal from its cursor, so the script sees records in
    // journal order even when one observer's record is written while another is being observed.
    void OnRecord()
    {
        const auto& records = sim.journal().Records();
        while (enabled && cursor < records.size()) Enqueue(records[cursor++]);
        Drain();
    }

    void Enqueue(const json& r)
    {
        const auto type = r.find("type");
        if (type == r.end() || !type->is_string()) return;
        const std::string& t = type->get_ref<const std::string&>();
        const bool truth = cfg.seat == Team::Facilitator;
        const char* handler = nullptr;
        json rec;
        if (t == "technique") {
            if (!truth) return; // the attacker's moves are ground truth
            handler = "on_technique";
            rec = r;
        } else if (t == "alert") {
            handler = "on_alert";
            rec = r;
            if (!truth) {
                const int64_t id = r.value("id", (int64_t)-1);
                const auto& alerts = sim.world().alerts;
                if (id < 0 || id >= (int64_t)alerts.size() || !TeamSeesAlert(sim, cfg.seat, alerts[(size_t)id])) return;
                rec.erase("true_positive");
            }
        } else if (t == "command_done") {
            if (!truth && r.contains("cmd") && r["cmd"].value("team", "") != TeamName(cfg.seat)) return;
            handler = "on_command";
            rec = r;
        } else if (t == "inject") {
            const std::string to = r.value("team", "all");
            if (!truth && to != "all" && to != TeamName(cfg.seat)) return;
            handler = "on_inject";
            rec = r;
        } else {
            return;
        }
        queue.emplace_back(handler, std::move(rec));
    }

    // Delivers queued records one by one; never while a handler runs (records it causes wait).
    void Drain()
    {
        if (busy || draining) return;
        draining = true;
        while (enabled && !queue.empty()) {
            auto item = std::move(queue.front());
            queue.pop_front();
            Call(item.first, &item.second);
        }
        draining = false;
    }

    void OnTimer(int32_t timer)
    {
        if (timer >= 0) {
            // A bd.schedule_inject timer: the inject goes out even if the script died since.
            if ((size_t)timer < timers.size()) sim.PostLater(InjectCommand(timers[(size_t)timer]));
            return;
        }
        if (!enabled) return;
        const json now = sim.Now();
        if (!Call("on_tick", &now)) return;
        sim.Schedule(sim.Now() + cfg.tick_s, Simulation::EventType::ScriptTick, cfg.index, -1);
        Drain();
    }

    // fire_inject for a facilitator (the engine attributes it to the script by the issuer); when
    // the engine has no such command, a war-room message naming the inject.
    Command InjectCommand(const std::string& id) const
    {
        Command c;
        c.team = Team::Facilitator;
        c.issuer = Issuer();
        if (auto k = ParseCommandKind("fire_inject")) {
            c.kind = *k;
            c.target = id;
        } else {
            c.kind = CommandKind::SendMessage;
            c.text = "Inject " + id;
        }
        return c;
    }

    void Log(const std::string& line)
    {
        if (logs_this_call >= kMaxLogsPerCall || logs_total >= kMaxLogsTotal) {
            if (!log_limit_noted) {
                log_limit_noted = true;
                sim.Record("script_log", {{"source", "script"}, {"script", cfg.name},
                                          {"message", "(log limit reached: at most 50 lines per call and 5000 in all; "
                                                      "further lines are dropped)"}});
            }
            return;
        }
        ++logs_this_call;
        ++logs_total;
        const std::string text = ValidUtf8(line.substr(0, kMaxLogLength));
        sim.Record("script_log", {{"source", "script"}, {"script", cfg.name}, {"message", text}});
        spdlog::debug("script {}: {}", cfg.name, text);
    }

    // The seat's view now (views.h is the one place a view is cut from the world).
    const json& View(lua_State* L)
    {
        const size_t records = sim.journal().Records().size();
        if (view_time != sim.Now() || view_records != records || view.is_null()) {
            const World& w = sim.world();
            sandbox::Charge(L, (int64_t)(w.hosts.size() + w.alerts.size() + w.services.size() + w.tickets.size() + 100));
            view = TeamViewJson(sim, cfg.seat);
            host_index.clear();
            service_index.clear();
            if (view.contains("hosts"))
                for (size_t i = 0; i < view["hosts"].size(); ++i) host_index[view["hosts"][i].value("id", "")] = i;
            if (view.contains("services"))
                for (size_t i = 0; i < view["services"].size(); ++i) service_index[view["services"][i].value("id", "")] = i;
            view_time = sim.Now();
            view_records = records;
        }
        return view;
    }
};

ScriptHost::ScriptHost(Simulation& sim, Config config) : impl_(std::make_unique<Impl>(sim, std::move(config)))
{
    Impl& h = *impl_;
    h.ctx.mem_cap = (size_t)h.cfg.memory_bytes;
    Hasher seed;
    seed.U64(sim.options().seed);
    seed.Str("bd.script");
    seed.Str(h.cfg.name);
    h.ctx.seed = seed.Value();
    h.ctx.log = [&h](const std::string& line) { h.Log(line); };
    h.ctx.user = &h;
    if (!h.cfg.load_error.empty()) {
        h.open_error = h.cfg.load_error;
        return;
    }
    if (!sandbox::Open(h.ctx, h.open_error)) return;
    // The bd table.
    lua_pushcfunction(h.ctx.L, [](lua_State* L) -> int {
        InstallScriptApi(L);
        return 0;
    });
    if (lua_pcall(h.ctx.L, 0, 0, 0) != LUA_OK) {
        h.open_error = "cannot install the bd API";
        sandbox::Close(h.ctx);
        return;
    }
    h.enabled = true;
}

ScriptHost::~ScriptHost()
{
    if (impl_) sandbox::Close(impl_->ctx);
}

void ScriptHost::Start() { impl_->Start(); }
void ScriptHost::OnRecord(const nlohmann::json&) { impl_->OnRecord(); }
void ScriptHost::OnTimer(int32_t timer) { impl_->OnTimer(timer); }
bool ScriptHost::Enabled() const { return impl_->enabled; }
const std::string& ScriptHost::Name() const { return impl_->cfg.name; }
Team ScriptHost::Seat() const { return impl_->cfg.seat; }

// [SECTION] The bd API

namespace {

ScriptHost::Impl& HostOf(lua_State* L) { return *static_cast<ScriptHost::Impl*>(sandbox::Ctx(L).user); }

// The Lua convention for a refusal: nil, message, code.
int Refuse(lua_State* L, const std::string& message, const char* code = "invalid")
{
    lua_pushnil(L);
    lua_pushlstring(L, message.data(), message.size());
    lua_pushstring(L, code);
    return 3;
}

// t[key] as text: a string, or a whole number. False (and `error`) for any other type.
bool TextField(lua_State* L, const char* key, std::string& out, std::string& error, size_t max)
{
    const int t = lua_getfield(L, 1, key);
    bool ok = true;
    int isint = 0;
    if (t == LUA_TSTRING) {
        size_t n;
        const char* s = lua_tolstring(L, -1, &n);
        out = ValidUtf8(std::string_view(s, std::min(n, max)));
    } else if (t == LUA_TNUMBER) {
        const lua_Integer v = lua_tointegerx(L, -1, &isint);
        if (isint) out = std::to_string(v);
        else ok = false;
    } else if (t != LUA_TNIL) {
        ok = false;
    }
    if (!ok) error = std::string("field '") + key + "' must be a string, got " + luaL_typename(L, -1);
    lua_pop(L, 1);
    return ok;
}

int BdNow(lua_State* L)
{
    lua_pushinteger(L, HostOf(L).sim.Now());
    return 1;
}

int BdSeat(lua_State* L)
{
    lua_pushstring(L, TeamName(HostOf(L).cfg.seat));
    return 1;
}

// bd.post{kind=..., team=..., target=..., value=..., text=..., assets={...}, emergency=..., ticket=..., role=...}
int BdPost(lua_State* L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    ScriptHost::Impl& h = HostOf(L);
    sandbox::Charge(L, 10);
    if (h.posts_this_call >= kMaxPostsPerCall)
        return Refuse(L, "too many commands in one call (at most " + std::to_string(kMaxPostsPerCall) + ")");
    std::string kind, team, error;
    Command c;
    if (!TextField(L, "kind", kind, error, kMaxFieldLength)) return Refuse(L, error);
    if (kind.empty()) return Refuse(L, "field 'kind' is missing: a command kind such as \"send_message\" (docs/commands.md)");
    const auto k = ParseCommandKind(kind);
    if (!k) return Refuse(L, "unknown command kind '" + kind + "' (docs/commands.md lists them)");
    c.kind = *k;
    if (!TextField(L, "team", team, error, kMaxFieldLength)) return Refuse(L, error);
    if (team.empty()) {
        c.team = h.cfg.seat;
    } else {
        const auto t = ParseTeam(team);
        if (!t || *t == Team::Attacker || *t == Team::Engine)
            return Refuse(L, "team must be facilitator, itops or secops, got '" + team + "'");
        c.team = *t;
    }
    if (h.cfg.seat != Team::Facilitator && c.team != h.cfg.seat)
        return Refuse(L, std::string("a ") + TeamName(h.cfg.seat) + " policy posts as " + TeamName(h.cfg.seat), "permission");
    if (!TextField(L, "role", c.role, error, kMaxFieldLength) || !TextField(L, "target", c.target, error, kMaxFieldLength) ||
        !TextField(L, "value", c.value, error, kMaxFieldLength) || !TextField(L, "text", c.text, error, kMaxTextLength))
        return Refuse(L, error);
    const int at = lua_getfield(L, 1, "assets");
    if (at == LUA_TTABLE) {
        const lua_Unsigned n = std::min<lua_Unsigned>(lua_rawlen(L, -1), 1000);
        for (lua_Unsigned i = 1; i <= n; ++i) {
            if (lua_rawgeti(L, -1, (lua_Integer)i) != LUA_TSTRING) return Refuse(L, "field 'assets' must be a list of host ids");
            size_t len;
            const char* s = lua_tolstring(L, -1, &len);
            c.assets.push_back(ValidUtf8(std::string_view(s, std::min(len, kMaxFieldLength))));
            lua_pop(L, 1);
        }
    } else if (at != LUA_TNIL) {
        return Refuse(L, "field 'assets' must be a list of host ids");
    }
    lua_pop(L, 1);
    const int et = lua_getfield(L, 1, "emergency");
    if (et != LUA_TNIL && et != LUA_TBOOLEAN) return Refuse(L, "field 'emergency' must be true or false");
    c.emergency = lua_toboolean(L, -1);
    lua_pop(L, 1);
    const int tt = lua_getfield(L, 1, "ticket");
    if (tt != LUA_TNIL) {
        int isint = 0;
        const lua_Integer ticket = lua_tointegerx(L, -1, &isint);
        if (!isint || ticket < 0 || ticket > INT32_MAX) return Refuse(L, "field 'ticket' must be a ticket number");
        c.ticket = (int32_t)ticket;
    }
    lua_pop(L, 1);
    c.issuer = h.Issuer();
    CommandResult r;
    try {
        r = h.sim.Check(c);
    } catch (const std::exception& e) {
        return Refuse(L, std::string("the engine could not check the command: ") + e.what());
    }
    if (!r.ok()) return Refuse(L, r.message, ResultCodeName(r.code));
    h.sim.PostLater(std::move(c));
    ++h.posts_this_call;
    lua_pushboolean(L, 1);
    return 1;
}

int PushViewItem(lua_State* L, const char* list, const std::map<std::string, size_t>& index)
{
    ScriptHost::Impl& h = HostOf(L);
    const std::string id = luaL_checkstring(L, 1);
    const json& v = h.View(L);
    auto it = index.find(id);
    if (it == index.end() || !v.contains(list)) {
        lua_pushnil(L);
        return 1;
    }
    PushJson(L, v[list][it->second], 0);
    return 1;
}

int PushViewList(lua_State* L, const char* list)
{
    const json& v = HostOf(L).View(L);
    if (v.contains(list)) PushJson(L, v[list], 0);
    else lua_newtable(L);
    return 1;
}

int BdHost(lua_State* L) { return PushViewItem(L, "hosts", HostOf(L).host_index); }
int BdService(lua_State* L) { return PushViewItem(L, "services", HostOf(L).service_index); }
int BdHosts(lua_State* L) { return PushViewList(L, "hosts"); }
int BdServices(lua_State* L) { return PushViewList(L, "services"); }
int BdAlerts(lua_State* L) { return PushViewList(L, "alerts"); }

int BdView(lua_State* L)
{
    PushJson(L, HostOf(L).View(L), 0);
    return 1;
}

// bd.schedule_inject(number, delay_s): fires an inject of the scenario's MSEL after delay_s
// (through the facilitator's fire_inject command, attributed to the script).
int BdScheduleInject(lua_State* L)
{
    ScriptHost::Impl& h = HostOf(L);
    sandbox::Charge(L, 10);
    std::string id;
    int isint = 0;
    const lua_Integer n = lua_tointegerx(L, 1, &isint);
    if (isint) id = std::to_string(n);
    else id = ValidUtf8(luaL_checkstring(L, 1));
    const lua_Integer delay = luaL_optinteger(L, 2, 0);
    if (delay < 0) return Refuse(L, "delay_s must not be negative");
    if (h.cfg.seat != Team::Facilitator) return Refuse(L, "only a scenario's script schedules injects", "permission");
    const Command c = h.InjectCommand(id);
    CommandResult r;
    try {
        r = h.sim.Check(c);
    } catch (const std::exception& e) {
        return Refuse(L, std::string("the engine could not check the command: ") + e.what());
    }
    if (!r.ok()) return Refuse(L, r.message, ResultCodeName(r.code));
    if (delay == 0) {
        if (h.posts_this_call >= kMaxPostsPerCall)
            return Refuse(L, "too many commands in one call (at most " + std::to_string(kMaxPostsPerCall) + ")");
        h.sim.PostLater(c);
        ++h.posts_this_call;
    } else {
        if (h.timers.size() >= kMaxTimers) return Refuse(L, "too many scheduled injects (at most 1000)");
        h.timers.push_back(id);
        h.sim.Schedule(h.sim.Now() + delay, Simulation::EventType::ScriptTick, h.cfg.index, (int32_t)h.timers.size() - 1);
    }
    lua_pushboolean(L, 1);
    return 1;
}

} // namespace

void InstallScriptApi(lua_State* L)
{
    static const luaL_Reg api[] = {{"now", BdNow},
                                   {"seat", BdSeat},
                                   {"post", BdPost},
                                   {"host", BdHost},
                                   {"hosts", BdHosts},
                                   {"service", BdService},
                                   {"services", BdServices},
                                   {"alerts", BdAlerts},
                                   {"view", BdView},
                                   {"log", sandbox::Print},
                                   {"schedule_inject", BdScheduleInject},
                                   {nullptr, nullptr}};
    luaL_newlib(L, api);
    // Registered like a library, so argument errors name "bd.post" even when called through pcall.
    luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
    lua_pushvalue(L, -2);
    lua_setfield(L, -2, "bd");
    lua_pop(L, 1);
    lua_setglobal(L, "bd");
}

// [SECTION] Simulation::StartScripts, ScriptHash

void Simulation::StartScripts()
{
    auto add = [&](ScriptHost::Config c) {
        c.index = (int32_t)scripts_.size();
        scripts_.push_back(std::make_unique<ScriptHost>(*this, std::move(c)));
    };
    if (!scenario_.script_name.empty() || !scenario_.script_text.empty()) {
        ScriptHost::Config c;
        c.name = scenario_.script_name.empty() ? "script.lua" : scenario_.script_name;
        c.text = scenario_.script_text;
        c.source = scenario_.source;
        c.instructions = scenario_.script_budget_instructions;
        c.memory_bytes = scenario_.script_memory_bytes;
        c.tick_s = scenario_.script_tick_s;
        c.seat = Team::Facilitator;
        add(std::move(c));
    }
    // Lua policies: each plays a seat instead of its built-in autopilot.
    const std::string* policies[2] = {&options_.itops_policy, &options_.secops_policy};
    for (int i = 0; i < 2; ++i) {
        if (policies[i]->empty()) continue;
        autopilots_[i].reset();
        ScriptHost::Config c;
        c.source = *policies[i];
        c.name = std::filesystem::path(c.source).filename().string();
        std::string why;
        if (!ReadPolicyFile(c.source, c.text, why)) c.load_error = why;
        c.seat = i == 0 ? Team::ITOps : Team::SecOps;
        c.instructions = scenario_.script_budget_instructions;
        c.memory_bytes = scenario_.script_memory_bytes;
        c.tick_s = scenario_.script_tick_s;
        add(std::move(c));
    }
    for (auto& s : scripts_) {
        ScriptHost* host = s.get();
        AddObserver([host](const nlohmann::json& r) { host->OnRecord(r); });
    }
    for (auto& s : scripts_) s->Start();
    FlushLater(); // what on_start posted
}

std::string ScriptHash(const std::string& text)
{
    Hasher h;
    h.Bytes(text.data(), text.size());
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", (unsigned long long)h.Value());
    return buf;
}

} // namespace bd
