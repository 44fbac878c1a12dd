// test_lua.cpp: sandboxed Lua scripts (engine/script.*, docs/lua-api.md): the sandbox, the
// budgets, failure reports, events, the bd API, determinism, the loader's script checks, replay,
// Lua policies and `run --strict`.
#include "run/replay.h"
#include "scorecard.h"
#include "script/script.h"
#include "sandbox/syntax.h"
#include "test_world.h"

#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sys/wait.h>

using namespace bdtest;
using nlohmann::json;

namespace {

// Runs the small scenario with `text` as its script, to the end.
std::unique_ptr<Simulation> RunScript(const std::string& text, RunOptions ro = NoAutopilot(),
                                      const std::function<void(Scenario&)>& tweak = nullptr)
{
    Scenario s = SmallScenario();
    s.script_name = "test.lua";
    s.script_text = text;
    if (tweak) tweak(s);
    auto sim = StartSmall(ro, std::move(s));
    sim->RunToEnd();
    return sim;
}

// What the script printed (script_log records), in order.
std::vector<std::string> Logs(const Simulation& sim)
{
    std::vector<std::string> out;
    for (const auto& r : RecordsOf(sim, "script_log")) out.push_back(r["message"].get<std::string>());
    return out;
}

std::string FirstLog(const Simulation& sim)
{
    const auto logs = Logs(sim);
    return logs.empty() ? std::string("<no log>") : logs.front();
}

std::vector<json> ScriptWarnings(const Simulation& sim)
{
    std::vector<json> out;
    for (const auto& r : RecordsOf(sim, "warning"))
        if (r.value("source", "") == "script") out.push_back(r);
    return out;
}

bool Ended(const Simulation& sim)
{
    return sim.Finished() && !sim.journal().Records().empty() && sim.journal().Records().back()["type"] == "end";
}

bool Contains(const std::string& s, const std::string& sub) { return s.find(sub) != std::string::npos; }

// A stopped script: exactly one warning, the run still ends, the scorecard carries the warning.
json ExpectStopped(const Simulation& sim, const std::string& reason)
{
    const auto w = ScriptWarnings(sim);
    REQUIRE(w.size() == 1);
    CHECK(w[0]["script"] == "test.lua");
    CHECK(w[0]["reason"] == reason);
    CHECK(Ended(sim));
    const Scorecard card = ComputeScorecard(sim.journal().Records());
    bool in_card = false;
    for (const auto& m : card.warnings) in_card = in_card || m == w[0]["message"].get<std::string>();
    CHECK(in_card);
    return w[0];
}

// A scenario folder on disk: the built-in ransomware scenario with `extra` merged into its JSON and
// the given files beside it.
std::string ScenarioFolder(const std::string& name, const json& extra, const std::map<std::string, std::string>& files)
{
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / ("bd-lua-" + name);
    fs::remove_all(dir);
    fs::create_directories(dir);
    json doc;
    for (const auto& b : BuiltinScenarios())
        if (std::string(b.id) == "ransomware-phish") doc = json::parse(b.text);
    doc.erase("script");
    for (auto it = extra.begin(); it != extra.end(); ++it) doc[it.key()] = it.value();
    std::ofstream(dir / "scenario.json") << doc.dump(2);
    for (const auto& [file, text] : files) std::ofstream(dir / file) << text;
    return dir.string();
}

bool HasProblem(const LoadResult& r, const std::string& id, const std::string& text = "")
{
    for (const auto& p : r.problems)
        if (p.id == id && Contains(p.message, text)) return true;
    return false;
}

} // namespace

TEST_CASE("Lua sandbox - forbidden libraries and functions are absent", "[lua]")
{
    for (const char* name : {"io", "os", "package", "debug", "coroutine", "dofile", "loadfile", "require", "warn",
                             "string.dump"}) {
        DYNAMIC_SECTION(name)
        {
            auto sim = RunScript(std::string("function on_start() print(type(") + name + ")) end");
            CHECK(FirstLog(*sim) == "nil");
            CHECK(ScriptWarnings(*sim).empty());
        }
    }
    SECTION("the five libraries are there")
    {
        auto sim = RunScript("function on_start() print(type(string), type(table), type(math), type(utf8), type(bd)) end");
        CHECK(FirstLog(*sim) == "table\ttable\ttable\ttable\ttable");
    }
    SECTION("collectgarbage answers only \"count\"")
    {
        auto sim = RunScript(R"(function on_start()
            print(type(collectgarbage("count")), pcall(collectgarbage, "collect"))
        end)");
        CHECK(Contains(FirstLog(*sim), "number\tfalse"));
        CHECK(Contains(FirstLog(*sim), "only \"count\""));
    }
}

TEST_CASE("Lua sandbox - load takes text only", "[lua]")
{
    SECTION("a precompiled chunk is refused")
    {
        auto sim = RunScript(R"(function on_start()
            local f, err = load("\27Lua\84\0\25\147\13\10\26\10")
            print(f == nil, err)
        end)");
        CHECK(Contains(FirstLog(*sim), "true"));
        CHECK(Contains(FirstLog(*sim), "binary chunk"));
    }
    SECTION("asking for mode \"b\" still gets text only; text loads and runs in the sandbox")
    {
        auto sim = RunScript(R"(function on_start()
            local f = load("return 1 + 1", "x", "b")
            print(f and f(), load("return io")())
            local g = load(function() return nil end)
            print(type(g))
        end)");
        REQUIRE(Logs(*sim).size() == 2);
        CHECK(Logs(*sim)[0] == "2\tnil");
        CHECK(Logs(*sim)[1] == "function");
    }
}

TEST_CASE("Lua sandbox - the string metatable is out of reach", "[lua]")
{
    auto sim = RunScript(R"(function on_start()
        print(getmetatable(""), getmetatable("abc"))
        print(pcall(setmetatable, "", {}))
        print(("x"):rep(3), #"abc")
    end)");
    const auto logs = Logs(*sim);
    REQUIRE(logs.size() == 3);
    CHECK(logs[0] == "false\tfalse");
    CHECK(Contains(logs[1], "false\tbad argument #1 to 'setmetatable' (table expected, got string)"));
    CHECK(logs[2] == "xxx\t3");
}

TEST_CASE("Lua sandbox - __gc is refused / no address leaks", "[lua]")
{
    SECTION("setmetatable with __gc")
    {
        auto sim = RunScript(R"(function on_start()
            print(pcall(setmetatable, {}, {__gc = function() while true do end end}))
            print(pcall(setmetatable, {}, {__gc = true}))
            local mt = {}
            local t = setmetatable({}, mt)
            mt.__gc = function() while true do end end -- too late: not marked for finalization
            print("ok")
        end)");
        const auto logs = Logs(*sim);
        REQUIRE(logs.size() == 3);
        CHECK(Contains(logs[0], "false\t__gc metamethods are not available"));
        CHECK(Contains(logs[1], "false\t__gc metamethods are not available"));
        CHECK(logs[2] == "ok");
        CHECK(Ended(*sim));
    }
    SECTION("tostring and string.format show no addresses")
    {
        auto sim = RunScript(R"(function on_start()
            print(tostring({}), tostring(print), string.format("%s|%s", {}, print))
            print(pcall(string.format, "%p", {}))
            print(tostring(setmetatable({}, {__tostring = function() return "custom" end})))
        end)");
        const auto logs = Logs(*sim);
        REQUIRE(logs.size() == 3);
        CHECK(logs[0] == "table\tfunction\ttable|function");
        CHECK(Contains(logs[1], "false\t") );
        CHECK(Contains(logs[1], "'%p' (an address) is not available"));
        CHECK(logs[2] == "custom");
    }
}

TEST_CASE("Lua sandbox - traps set for the host do not catch it", "[lua]")
{
    SECTION("a looping __index on _G: handlers are looked up raw")
    {
        auto sim = RunScript(R"(function on_tick(t) print("tick") end
            setmetatable(_G, {__index = function() while true do end end, __newindex = function() while true do end end}))");
        CHECK(ScriptWarnings(*sim).empty());
        CHECK(Logs(*sim).size() == 3 * kDay / kScriptTickDefault - 1); // every tick but the one at the end
    }
    SECTION("a looping __close handler after an error")
    {
        auto sim = RunScript(R"(function on_start()
            local x <close> = setmetatable({}, {__close = function() while true do end end})
            error("boom")
        end)");
        ExpectStopped(*sim, "budget");
    }
    SECTION("bytecode through a reader function")
    {
        auto sim = RunScript(R"(function on_start()
            local sent = false
            print(load(function() if sent then return nil end sent = true return "\27Lua" end))
        end)");
        CHECK(Contains(FirstLog(*sim), "nil\t"));
        CHECK(Contains(FirstLog(*sim), "binary chunk"));
    }
    SECTION("pcall recursion ends with the C stack limit, not a crash")
    {
        auto sim = RunScript(R"(local function f() return pcall(f) end
            function on_start() print(f()) end)");
        CHECK(Contains(FirstLog(*sim), "false"));
        CHECK(ScriptWarnings(*sim).empty());
    }
}

TEST_CASE("Lua sandbox - an infinite loop is stopped by the instruction budget", "[lua]")
{
    SECTION("a plain loop")
    {
        auto sim = RunScript("function on_start()\n  while true do end\nend\n");
        const json w = ExpectStopped(*sim, "budget");
        CHECK(w["event"] == "on_start");
        CHECK(w["line"] == 2);
        const std::string m = w["message"];
        CHECK(Contains(m, "[script.budget] script 'test.lua' stopped in on_start at line 2"));
        CHECK(Contains(m, "instruction budget exceeded (1,000,000 instructions per call)"));
        CHECK(Contains(m, "disabled"));
    }
    SECTION("a loop that tries to swallow the budget error with pcall and xpcall")
    {
        auto sim = RunScript(R"(function on_start()
            while true do
                pcall(function() while true do end end)
                xpcall(function() while true do end end, function() while true do end end)
            end
        end)");
        ExpectStopped(*sim, "budget");
    }
    SECTION("a loop in the main chunk, with a small budget set by the scenario")
    {
        auto sim = RunScript("local x = 0\nrepeat x = x + 1 until false\n", NoAutopilot(),
                             [](Scenario& s) { s.script_budget_instructions = 20000; });
        const json w = ExpectStopped(*sim, "budget");
        CHECK(w["event"] == "the main chunk");
        CHECK(Contains(w["message"].get<std::string>(), "(20,000 instructions per call)"));
    }
    SECTION("a loop in on_tick stops ticking; the budget is per call")
    {
        auto sim = RunScript(R"(local calls = 0
            function on_tick(t)
                calls = calls + 1
                local n = 0
                for i = 1, 50000 do n = n + i end  -- well within one call's budget
                if calls == 3 then while true do end end
            end)");
        const json w = ExpectStopped(*sim, "budget");
        CHECK(w["event"] == "on_tick");
        CHECK(w["t"] == 3 * kScriptTickDefault);
    }
    SECTION("a pathological pattern is charged, not run for hours")
    {
        // Charged per step of the match: stopped by the budget (an uncharged match would run for
        // hours, into CTest's timeout; no wall-clock check here).
        auto sim = RunScript(R"(function on_start()
            local s = string.rep("a", 100000)
            return s:find(".-.-.-b")
        end)");
        ExpectStopped(*sim, "budget");
    }
    SECTION("C loops over huge ranges are charged first")
    {
        for (const char* body : {"table.move({}, 1, math.maxinteger - 1, 1)",
                                 "local t = setmetatable({}, {__len = function() return 1e15 end}); table.insert(t, 1, 0)",
                                 "table.concat(setmetatable({}, {__len = function() return 1e15 end}))"}) {
            auto sim = RunScript(std::string("function on_start() ") + body + " end");
            ExpectStopped(*sim, "budget");
        }
    }
}

TEST_CASE("Lua sandbox - memory bombs are stopped by the memory cap", "[lua]")
{
    auto big_budget = [](Scenario& s) {
        s.script_budget_instructions = 1'000'000'000;
        s.script_memory_bytes = 2 << 20;
    };
    SECTION("string.rep beyond the cap")
    {
        auto sim = RunScript("function on_start()\n  local s = string.rep('x', 1e9)\nend\n");
        const json w = ExpectStopped(*sim, "memory");
        CHECK(w["line"] == 2);
        CHECK(Contains(w["message"].get<std::string>(), "[script.memory]"));
    }
    SECTION("string.rep of an empty string returns at once")
    {
        auto sim = RunScript(R"(function on_start() print(#string.rep("", math.maxinteger), #("ab"):rep(3, ",")) end)");
        CHECK(FirstLog(*sim) == "0\t8");
        CHECK(ScriptWarnings(*sim).empty());
    }
    SECTION("a table that grows without end")
    {
        auto sim = RunScript(R"(t = {}
            function on_start()
                local i = 0
                while true do i = i + 1; t[i] = "entry number " .. i end
            end)", NoAutopilot(), big_budget);
        ExpectStopped(*sim, "memory");
    }
    SECTION("doubling a string, with pcall trying to catch the memory error")
    {
        auto sim = RunScript(R"(function on_start()
                local s = "x"
                while true do
                    local ok = pcall(function() s = s .. s end)
                end
            end)", NoAutopilot(), big_budget);
        ExpectStopped(*sim, "memory");
    }
    SECTION("allocation is charged to the instruction budget too")
    {
        auto sim = RunScript(R"(function on_start()
            local s = string.rep("x", 4000000)
            for i = 1, 100 do local t = s .. i end
        end)");
        ExpectStopped(*sim, "budget");
    }
}

TEST_CASE("Lua sandbox - runtime errors are reported with their line", "[lua]")
{
    SECTION("indexing nil")
    {
        auto sim = RunScript("function on_start()\n  local x = nil\n  return x.field\nend\n");
        const json w = ExpectStopped(*sim, "error");
        CHECK(w["line"] == 3);
        const std::string m = w["message"];
        CHECK(Contains(m, "[script.error] script 'test.lua' stopped in on_start at line 3: attempt to index a nil value"));
    }
    SECTION("error() with a string")
    {
        auto sim = RunScript("function on_alert(rec)\n\n  error('no such thing: ' .. rec.host)\nend\n", NoAutopilot());
        const json w = ExpectStopped(*sim, "error");
        CHECK(w["event"] == "on_alert");
        CHECK(w["line"] == 3);
        CHECK(Contains(w["message"].get<std::string>(), "no such thing: "));
    }
    SECTION("a bad argument to a library function")
    {
        auto sim = RunScript("function on_start()\n  string.rep()\nend\n");
        const json w = ExpectStopped(*sim, "error");
        CHECK(w["line"] == 2);
        CHECK(Contains(w["message"].get<std::string>(), "bad argument #1 to 'rep'"));
    }
    SECTION("a syntax error is found at start")
    {
        auto sim = RunScript("function on_start(\n  print('x')\n");
        const json w = ExpectStopped(*sim, "syntax");
        CHECK(w["event"] == "the main chunk");
        CHECK(w["line"].is_number());
    }
    SECTION("an error object whose __tostring loops does not hang the host")
    {
        auto sim = RunScript(R"(function on_start()
            error(setmetatable({}, {__tostring = function() while true do end end,
                                    __index = function() while true do end end}))
        end)");
        const json w = ExpectStopped(*sim, "error");
        CHECK(Contains(w["message"].get<std::string>(), "error object is a table value"));
    }
    SECTION("after a stop, no handler runs again")
    {
        auto sim = RunScript(R"(n = 0
            function on_tick(t) n = n + 1; print("tick", n); if n == 2 then error("enough") end end)");
        ExpectStopped(*sim, "error");
        CHECK(Logs(*sim).size() == 2);
    }
}

TEST_CASE("Lua sandbox - deep recursion is stopped", "[lua]")
{
    SECTION("Lua recursion")
    {
        auto sim = RunScript("local function f(n) return 1 + f(n + 1) end\nfunction on_start() f(1) end\n");
        const auto w = ScriptWarnings(*sim);
        REQUIRE(w.size() == 1);
        CHECK((w[0]["reason"] == "error" || w[0]["reason"] == "memory" || w[0]["reason"] == "budget"));
        CHECK(Ended(*sim));
    }
    SECTION("recursion through metamethods and library calls")
    {
        auto sim = RunScript(R"(local t = setmetatable({}, {__index = function(t, k) return t[k .. "x"] end})
            function on_start() return t.a end)");
        REQUIRE(ScriptWarnings(*sim).size() == 1);
        CHECK(Ended(*sim));
    }
    SECTION("recursion through gsub callbacks")
    {
        auto sim = RunScript(R"(local function f(s) return (s:gsub(".", f)) end
            function on_start() f("abc") end)");
        REQUIRE(ScriptWarnings(*sim).size() == 1);
        CHECK(Ended(*sim));
    }
}

TEST_CASE("Lua scripts - events fire and bd.post posts commands", "[lua]")
{
    auto sim = RunScript(R"(
        local seen = {}
        local function count(what) seen[what] = (seen[what] or 0) + 1 end
        function on_start()
            count("start")
            assert(bd.now() == 0 and bd.seat() == "facilitator")
            assert(bd.post{kind = "send_message", text = "Exercise start: good luck"})
        end
        function on_tick(t) count("tick"); assert(t == bd.now()) end
        function on_technique(rec)
            count("technique")
            assert(rec.type == "technique" and type(rec.technique) == "string")
        end
        function on_alert(rec)
            count("alert")
            assert(rec.true_positive ~= nil, "a facilitator's script sees the ground truth")
            if seen.alert == 1 then
                assert(bd.post{kind = "send_message", team = "facilitator", text = "First alert: " .. rec.summary})
            end
        end
        function on_command(rec)
            count("command")
            if rec.cmd.issuer == "script:test.lua" then print("done", rec.cmd.kind, rec.ok) end
            if seen.command == 2 then
                print("counts", seen.start, seen.tick and seen.tick > 0, seen.technique and seen.technique > 0,
                      seen.alert and seen.alert > 0)
            end
        end
    )");
    CHECK(ScriptWarnings(*sim).empty());
    const auto logs = Logs(*sim);
    REQUIRE(logs.size() >= 3);
    CHECK(logs[0] == "done\tsend_message\ttrue");
    CHECK(logs[1] == "done\tsend_message\ttrue");
    CHECK(logs[2] == "counts\t1\ttrue\ttrue\ttrue");
    int from_script = 0;
    for (const auto& r : RecordsOf(*sim, "command"))
        if (r["cmd"]["issuer"] == "script:test.lua") {
            ++from_script;
            CHECK(r["cmd"]["team"] == "facilitator");
        }
    CHECK(from_script == 2);
    // The on_start message was posted at the start, before anything else happened.
    const auto commands = RecordsOf(*sim, "command");
    REQUIRE(!commands.empty());
    CHECK(commands.front()["t"] == 0);
    CHECK(commands.front()["cmd"]["text"] == "Exercise start: good luck");
    CHECK(RecordsOf(*sim, "script").size() == 1);
}

TEST_CASE("Lua scripts - on_inject and bd.schedule_inject", "[lua]")
{
    auto add_injects = [](Scenario& s) {
        Inject timed;
        timed.number = 1;
        timed.trigger = InjectTrigger::Time;
        timed.time_s = 600;
        timed.synopsis = "The service desk calls";
        Inject manual;
        manual.number = 2;
        manual.synopsis = "The CEO calls";
        s.injects = {timed, manual};
    };
    auto sim = RunScript(R"(function on_start()
            print(bd.schedule_inject(2, 1200))
            print(bd.schedule_inject(99, 60))
        end
        function on_inject(rec) print("inject", rec.number, rec.by, bd.now()) end)",
                         NoAutopilot(), add_injects);
    const auto logs = Logs(*sim);
    REQUIRE(logs.size() == 4);
    CHECK(logs[0] == "true");
    CHECK(Contains(logs[1], "nil\t"));
    CHECK(logs[2] == "inject\t1\tschedule\t600");
    CHECK(logs[3] == "inject\t2\tscript\t1200");
    CHECK(ScriptWarnings(*sim).empty());
}

TEST_CASE("Lua scripts - bd.post refuses a bad command with nil / message", "[lua]")
{
    auto sim = RunScript(R"(function on_start()
        print(bd.post{kind = "isolate_host", team = "secops", target = "no-such-host"})
        print(bd.post{kind = "hack_the_planet"})
        print(bd.post{kind = "send_message", team = "attacker", text = "hi"})
        print(bd.post{kind = "send_message", text = {}})
        print(bd.post{text = "no kind"})
        print(pcall(bd.post, "not a table"))
    end)");
    const auto logs = Logs(*sim);
    REQUIRE(logs.size() == 6);
    CHECK(Contains(logs[0], "nil\t"));
    CHECK(Contains(logs[0], "unknown_target"));
    CHECK(Contains(logs[1], "nil\tunknown command kind 'hack_the_planet'"));
    CHECK(Contains(logs[2], "nil\tteam must be facilitator, itops or secops"));
    CHECK(Contains(logs[3], "nil\tfield 'text' must be a string, got table"));
    CHECK(Contains(logs[4], "nil\tfield 'kind' is missing"));
    CHECK(Contains(logs[5], "false\tbad argument #1 to 'bd.post' (table expected, got string)"));
    CHECK(ScriptWarnings(*sim).empty());
    for (const auto& r : RecordsOf(*sim, "command")) CHECK(r["cmd"]["issuer"] != "script:test.lua");
}

TEST_CASE("Lua scripts - read access to the world", "[lua]")
{
    auto sim = RunScript(R"(function on_start()
        local h = bd.host("db-01")
        print(h.id, h.kind, h.state, h.compromise, h.production)
        print(bd.host("nope"), #bd.hosts(), bd.service("erp").up, #bd.services(), #bd.alerts())
        local v = bd.view()
        print(v.team, v.attacker ~= nil, type(v.incidents))
    end)");
    const auto logs = Logs(*sim);
    REQUIRE(logs.size() == 3);
    CHECK(logs[0] == "db-01\tdatabase\trunning\t0\ttrue");
    CHECK(logs[1] == "nil\t7\ttrue\t3\t0");
    CHECK(logs[2] == "facilitator\ttrue\ttable");
}

TEST_CASE("Lua scripts - deterministic", "[lua]")
{
    const std::string script = R"(
        function on_start() print(math.random(1, 1000000), math.random(), math.random(0) ~= nil) end
        function on_tick(t)
            if math.random() < 0.05 then bd.post{kind = "send_message", text = "coin " .. math.random(6)} end
        end
        function on_alert(rec)
            local keys = {}
            for k in pairs(rec) do keys[#keys + 1] = k end
            if #keys > 0 and math.random(4) == 1 then bd.post{kind = "send_message", text = table.concat(keys, ",")} end
        end)";
    SECTION("same seed: same journal, same state hash; another seed: other draws")
    {
        auto a = RunScript(script, NoAutopilot(1));
        auto b = RunScript(script, NoAutopilot(1));
        auto c = RunScript(script, NoAutopilot(2));
        CHECK(a->StateHashHex() == b->StateHashHex());
        CHECK(a->journal().Records().size() == b->journal().Records().size());
        CHECK(Logs(*a) == Logs(*b));
        CHECK(FirstLog(*a) != FirstLog(*c));
        CHECK(ScriptWarnings(*a).empty());
    }
    SECTION("the script does not move the world's generator: the attacker plays the same")
    {
        auto with = RunScript("function on_start() for i = 1, 1000 do math.random() end end", NoAutopilot(3));
        auto without = StartSmall(NoAutopilot(3));
        without->RunToEnd();
        auto techniques = [](const Simulation& sim) {
            auto v = RecordsOf(sim, "technique");
            for (auto& r : v) r.erase("seq"); // the script's own records shift the numbering
            return v;
        };
        CHECK(techniques(*with) == techniques(*without));
    }
    SECTION("math.randomseed(x) gives the same sequence whatever the run's seed")
    {
        const std::string s = "function on_start() math.randomseed(42); print(math.random(1e9)) end";
        CHECK(FirstLog(*RunScript(s, NoAutopilot(1))) == FirstLog(*RunScript(s, NoAutopilot(9))));
    }
    SECTION("pairs and next visit keys in a fixed order; table.sort is stable")
    {
        auto sim = RunScript(R"(function on_start()
            local t = {b = 1, a = 2, [3] = 3, [1] = 4, c = 5, [2.5] = 6, [true] = 7}
            local ks = {}
            for k in pairs(t) do ks[#ks + 1] = tostring(k) end
            print(table.concat(ks, ","))
            ks = {}
            local k = next(t)
            while k ~= nil do ks[#ks + 1] = tostring(k); k = next(t, k) end
            print(table.concat(ks, ","), next({}))
            local recs = {}
            for i = 1, 300 do recs[i] = {key = i % 3, n = i} end
            table.sort(recs, function(x, y) return x.key < y.key end)
            local ok = true
            for i = 2, 300 do
                local p, q = recs[i - 1], recs[i]
                if p.key > q.key or (p.key == q.key and p.n > q.n) then ok = false end
            end
            local plain = {5, 3, 9, 1}
            table.sort(plain)
            print(ok, table.concat(plain, " "))
        end)");
        const auto logs = Logs(*sim);
        REQUIRE(logs.size() == 3);
        CHECK(logs[0] == "1,2.5,3,a,b,c,true");
        CHECK(logs[1] == "1,2.5,3,a,b,c,true\tnil");
        CHECK(logs[2] == "true\t1 3 5 9");
    }
}

TEST_CASE("Lua sandbox - pattern matching behaves like Lua's", "[lua]")
{
    auto sim = RunScript(R"lua(
        local fails = 0
        local function eq(got, want, what)
            if got ~= want then fails = fails + 1; print("FAIL", what, tostring(got), tostring(want)) end
        end
        local function all(...) local t = table.pack(...) for i = 1, t.n do t[i] = tostring(t[i]) end return table.concat(t, ",") end
        function on_start()
            eq(all(("hello world"):find("o w")), "5,7", "find plain-looking")
            eq(all(("hello world"):find("o", 6)), "8,8", "find init")
            eq(all(("hello"):find("l", 1, true)), "3,3", "find plain")
            eq(all(("a.b"):find(".", 1, true)), "2,2", "find plain dot")
            eq(all(("abc"):find("b", -1)), "nil", "find negative init")
            eq(all(("abc"):find("", 10)), "nil", "find past the end")
            eq(all(("abc"):find("", 4)), "4,3", "empty match at the end")
            eq(all(("THE (quick) fox"):find("%((%a+)%)")), "5,11,quick", "find with capture")
            eq(all(("hello"):match("(h)(e)")), "h,e", "match captures")
            eq(all(("key = val"):match("(%w+)%s*=%s*(%w+)")), "key,val", "match classes")
            eq(("  trim me  "):match("^%s*(.-)%s*$"), "trim me", "lazy with anchors")
            eq(all(("x = 10"):match("()=()")), "3,4", "position captures")
            eq(all(("abcabc"):match("(a)(b)c%1%2")), "a,b", "back references")
            eq(("f(a(b)c)d"):match("%b()"), "(a(b)c)", "balanced")
            eq(("[[x]]"):match("%b[]"), "[[x]]", "balanced brackets")
            eq(("2024-11-23"):match("^(%d+)-(%d+)-(%d+)$"), "2024", "anchored digits")
            eq(("a+b"):match("[%+%-]"), "+", "escaped set")
            eq(("xyz]"):match("[]]"), "]", "set with a leading ]")
            eq(("abc"):match("[^a]+"), "bc", "negated set")
            eq(("hello"):match(".-l"), "hel", "lazy")
            eq(("hello"):match(".*l"), "hell", "greedy")
            eq(("color colour"):match("colou?r", 2), "colour", "optional")
            eq(("THE END"):match("%u+$"), "END", "dollar")
            eq(("a$b"):match("a$b"), "a$b", "dollar inside")
            eq(all(string.gsub("hello world", "o", "0")), "hell0 w0rld,2", "gsub string")
            eq(all(string.gsub("abc", "%w", "%0%0")), "aabbcc,3", "gsub %0")
            eq(all(string.gsub("hello world", "(%w+)", "<%1>")), "<hello> <world>,2", "gsub %1")
            eq(all(string.gsub("abc", "", "-")), "-a-b-c-,4", "gsub empty pattern")
            eq(all(string.gsub("hello", "l+", {ll = "LL"})), "heLLo,1", "gsub table")
            eq(all(string.gsub("hello", "l", {})), "hello,2", "gsub table miss keeps the match")
            eq(all(string.gsub("hello world", "%w+", function(w) return w:upper() end, 1)), "HELLO world,1", "gsub function, max")
            eq(all(string.gsub("THE (quick) fox", "%f[%a]%a+", function(w) return w:lower() end)), "the (quick) fox,3", "frontier")
            eq(all(string.gsub("%d", "%%", "%%%%")), "%%d,1", "escaped percent")
            eq(all(string.gsub("abc", "^a", "x")), "xbc,1", "anchored gsub")
            eq(all(string.gsub("x = 1", "()=", "%1")), "x 3 1,1", "position capture in replacement")
            eq(all(string.gsub("abc", "b", 7)), "a7c,1", "number replacement")
            local words = {}
            for w in ("one two  three"):gmatch("%a+") do words[#words + 1] = w end
            eq(table.concat(words, ","), "one,two,three", "gmatch")
            local pairs_ = {}
            for k, v in ("a=1, b=2"):gmatch("(%w+)=(%w+)") do pairs_[#pairs_ + 1] = k .. v end
            eq(table.concat(pairs_, ","), "a1,b2", "gmatch captures")
            local n = 0
            for _ in ("abc"):gmatch("") do n = n + 1 end
            eq(n, 4, "gmatch empty")
            eq(select("#", ("abc"):gmatch("b", 3)()), 0, "gmatch init")
            eq(select(2, pcall(string.find, "a", "%")):match("malformed pattern %(ends with '%%'%)") ~= nil, true, "malformed %")
            eq(select(2, pcall(string.find, "a", "[a")):match("missing ']'") ~= nil, true, "missing ]")
            eq(select(2, pcall(string.find, "a", "(a")):match("unfinished capture") ~= nil, true, "unfinished capture")
            eq(select(2, pcall(string.gsub, "a", "a", "%2")):match("invalid capture index %%2") ~= nil, true, "bad capture index")
            eq(select(2, pcall(string.gsub, "a", "a", "%x")):match("invalid use of '%%'") ~= nil, true, "bad replacement")
            print("done", fails)
        end)lua");
    const auto logs = Logs(*sim);
    CHECK(ScriptWarnings(*sim).empty());
    REQUIRE(!logs.empty());
    for (const auto& l : logs) INFO(l);
    CHECK(logs.back() == "done\t0");
    CHECK(logs.size() == 1);
}

TEST_CASE("Lua scripts - print and bd.log go to the journal / within limits", "[lua]")
{
    auto sim = RunScript(R"(function on_start()
        bd.log("one", 2, true, nil, {})
        print("bad utf-8: \255\254")
        for i = 1, 100 do print(i) end
    end)");
    const auto logs = Logs(*sim);
    REQUIRE(logs.size() == 51);
    CHECK(logs[0] == "one\t2\ttrue\tnil\ttable");
    CHECK(logs[1] == "bad utf-8: \xEF\xBF\xBD\xEF\xBF\xBD");
    CHECK(Contains(logs[50], "log limit reached"));
    CHECK(ScriptWarnings(*sim).empty());
}

TEST_CASE("Lua scripts - policies see their seat's view and post as their seat", "[lua]")
{
    const auto path = std::filesystem::temp_directory_path() / "bd-lua-policy.lua";
    std::ofstream(path) << R"(
        function on_alert(rec)
            assert(rec.true_positive == nil, "a policy never sees the truth")
            local ok, err = bd.post{kind = "triage_alert", target = rec.id, value = "true_positive"}
            if not ok then print(err) end
            print(bd.post{kind = "send_message", team = "itops", text = "x"})
        end
        function on_technique(rec) error("a policy never sees the attacker's moves") end
    )";
    RunOptions ro = NoAutopilot();
    ro.secops_policy = path.string();
    auto sim = StartSmall(ro);
    sim->RunToEnd();
    CHECK(ScriptWarnings(*sim).empty());
    int triaged = 0;
    for (const auto& r : RecordsOf(*sim, "command"))
        if (r["cmd"]["issuer"] == "script:bd-lua-policy.lua") {
            CHECK(r["cmd"]["team"] == "secops");
            triaged += r["cmd"]["kind"] == "triage_alert";
        }
    CHECK(triaged > 0);
    const auto logs = Logs(*sim);
    REQUIRE(!logs.empty());
    CHECK(Contains(logs[0], "nil\ta secops policy posts as secops\tpermission"));
    const auto scripts = RecordsOf(*sim, "script");
    REQUIRE(scripts.size() == 1);
    CHECK(scripts[0]["seat"] == "secops");
    std::filesystem::remove(path);
}

TEST_CASE("Lua scripts - the scenario loader finds / checks and embeds scripts", "[lua]")
{
    LoadOptions lo;
    SECTION("a script beside scenario.json loads, joins the content hash and runs")
    {
        const std::string dir = ScenarioFolder("ok", {{"script", "ops.lua"}, {"script_limits", {{"instructions", 50000}, {"tick_s", 3600}}}},
                                               {{"ops.lua", "function on_start() print('hello') end\n"}});
        const LoadResult r = LoadScenario(dir, lo);
        for (const auto& p : r.problems) INFO(p.Format());
        REQUIRE(r.Ok());
        CHECK(r.scenario.script_name == "ops.lua");
        CHECK(Contains(r.scenario.script_text, "hello"));
        CHECK(r.scenario.script_budget_instructions == 50000);
        CHECK(r.scenario.script_tick_s == 3600);
        CHECK(r.scenario.script_memory_bytes == kScriptMemoryDefault);
        const std::string dir2 = ScenarioFolder("ok2", {{"script", "ops.lua"}, {"script_limits", {{"instructions", 50000}, {"tick_s", 3600}}}},
                                                {{"ops.lua", "function on_start() print('hello!') end\n"}});
        CHECK(LoadScenario(dir2, lo).scenario.content_hash != r.scenario.content_hash);
    }
    SECTION("scenario.050: the script file is missing")
    {
        const LoadResult r = LoadScenario(ScenarioFolder("missing", {{"script", "nope.lua"}}, {}), lo);
        CHECK(!r.Ok());
        CHECK(HasProblem(r, "scenario.050", "script 'nope.lua' cannot be read"));
    }
    SECTION("scenario.051: not a relative .lua path inside the folder")
    {
        for (const char* bad : {"/etc/passwd.lua", "../x.lua", "x.txt", ""}) {
            const LoadResult r = LoadScenario(ScenarioFolder("path", {{"script", bad}}, {}), lo);
            INFO(bad);
            CHECK(HasProblem(r, "scenario.051"));
        }
    }
    SECTION("scenario.052: a syntax error, with its line")
    {
        const LoadResult r = LoadScenario(ScenarioFolder("syntax", {{"script", "s.lua"}}, {{"s.lua", "x = 1\nfunction f(\n"}}), lo);
        CHECK(!r.Ok());
        CHECK(HasProblem(r, "scenario.052", "script 's.lua' does not compile: s.lua:3:"));
    }
    SECTION("scenario.052: a precompiled chunk is not a script")
    {
        const LoadResult r = LoadScenario(ScenarioFolder("binary", {{"script", "s.lua"}}, {{"s.lua", "\x1bLua\x54"}}), lo);
        CHECK(HasProblem(r, "scenario.052", "binary chunk"));
    }
    SECTION("scenario.053: limits out of range; scenario.054: limits without a script")
    {
        const LoadResult r = LoadScenario(
            ScenarioFolder("limits", {{"script", "s.lua"}, {"script_limits", {{"instructions", 5}, {"memory_bytes", 1e12}, {"tick_s", 1}}}},
                           {{"s.lua", ""}}),
            lo);
        CHECK(HasProblem(r, "scenario.053", "instructions must be a whole number from 10000 to 1000000000, got 5"));
        CHECK(HasProblem(r, "scenario.053", "memory_bytes"));
        CHECK(HasProblem(r, "scenario.053", "tick_s"));
        const LoadResult w = LoadScenario(ScenarioFolder("unused", {{"script_limits", {{"instructions", 20000}}}}, {}), lo);
        CHECK(w.Ok());
        CHECK(HasProblem(w, "scenario.054"));
    }
    SECTION("every built-in scenario's script compiles")
    {
        for (const auto& f : BuiltinScenarioFiles()) {
            INFO(f.scenario << "/" << f.name);
            CHECK(CheckScriptSyntax(f.name, f.text).empty());
        }
    }
}

TEST_CASE("Lua scripts - replay re-decides script commands and reproduces the run", "[lua]")
{
    const std::string dir = ScenarioFolder("replay", {{"script", "drill.lua"}},
                                           {{"drill.lua", R"(
        function on_alert(rec)
            if math.random() < 0.3 then
                bd.post{kind = "send_message", text = "Facilitator: what does alert " .. rec.id .. " tell you?"}
            end
        end
        function on_tick(t) if t == 2 * 86400 then error("two days in, the script gives up") end end
    )"}});
    LoadOptions lo;
    lo.seed = 5;
    LoadResult lr = LoadScenario(dir, lo);
    REQUIRE(lr.Ok());
    RunOptions ro;
    ro.seed = 5;
    ro.scenario_ref = dir;
    Simulation sim(std::move(lr.scenario), ro);
    std::string err;
    REQUIRE(sim.Start(err));
    sim.RunToEnd();
    int from_script = 0;
    for (const auto& r : RecordsOf(sim, "command")) from_script += r["cmd"]["issuer"] == "script:drill.lua";
    CHECK(from_script > 0);
    REQUIRE(ScriptWarnings(sim).size() == 1);
    const ReplayOutcome out = ReplayRecords(sim.journal().Records());
    REQUIRE(out.error.empty());
    CHECK(!out.diverged);
    REQUIRE(out.sim);
    CHECK(out.sim->StateHashHex() == sim.StateHashHex());
    CHECK(out.sim->journal().Records().size() == sim.journal().Records().size());
}

TEST_CASE("Lua scripts - run --strict fails on a script warning", "[lua]")
{
    const std::string dir = ScenarioFolder("strict", {{"script", "s.lua"}}, {{"s.lua", "function on_start() while true do end end\n"}});
    const std::string base = std::string(BD_CLI) + " -q run " + dir + " --until 7200";
    CHECK(std::system((base + " > /dev/null").c_str()) == 0);
    const int rc = std::system((base + " --strict > /dev/null").c_str());
    CHECK(WIFEXITED(rc));
    CHECK(WEXITSTATUS(rc) == 1);
}
