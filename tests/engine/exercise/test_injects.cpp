// test_injects.cpp: the MSEL: loading and validating injects (scenario.060..068), delivery by time
// and by condition, expected actions met and missed, contingencies, fire_inject, the team views,
// and the MSEL export (engine/exercise/injects.cpp, engine/exercise/msel.cpp, docs/authoring.md section 12).
#include "exercise/msel.h"
#include "world/scenario.h"
#include "sim/simulation.h"
#include "exercise/views.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>


// Everything in a namespace of its own: the unity build compiles this file with others, whose
// helpers and `using namespace bd` must not meet these.
namespace injects_test {

using namespace bd;
using json = nlohmann::json;

// A quiet estate: one phishable workstation; the attacker starts at 1 h with a one-minute phish
// that always works, then runs one execution stage ("Loader runs"). No sensors, no noise.
const char* const kBase = R"({
  "metadata": { "id": "inj", "title": "Injects", "duration_s": 172800,
                "objectives": ["Detect the compromise", "Tell the regulator"] },
  "infrastructure": {
    "zones": [ { "id": "internet", "internet": true }, { "id": "lan" } ],
    "flows": [ ["lan", "internet"] ],
    "hosts": [ { "id": "ws-01", "kind": "workstation", "zone": "lan", "user": "alice" },
               { "id": "srv-01", "kind": "server", "zone": "lan" } ]
  },
  "identities": [ { "id": "alice", "cached_on": ["ws-01"] } ],
  "campaign": {
    "start_s": 3600,
    "stages": [
      { "name": "Phish opened", "technique": "T1566.001", "action": "initial_access", "target": { "host": "ws-01" },
        "duration": { "median_s": 60, "sigma": 0 }, "success_prob": 1 },
      { "name": "Loader runs", "technique": "T1204.002", "action": "execution",
        "duration": { "median_s": 60, "sigma": 0 }, "success_prob": 1 }
    ]
  }
})";

LoadResult WithInjects(const std::string& injects)
{
    json doc = json::parse(kBase);
    doc["injects"] = json::parse(injects);
    return LoadScenarioText(doc.dump(), "inj.json", LoadOptions{});
}

std::unique_ptr<Simulation> Start(const std::string& injects)
{
    LoadResult r = WithInjects(injects);
    std::string all;
    for (const auto& p : r.problems) all += p.Format() + "\n";
    INFO(all);
    REQUIRE(r.Ok());
    RunOptions ro;
    ro.autopilot_itops = ro.autopilot_secops = false;
    auto sim = std::make_unique<Simulation>(std::move(r.scenario), ro);
    std::string err;
    REQUIRE(sim->Start(err));
    return sim;
}

std::vector<json> Records(const Simulation& sim, const std::string& type)
{
    std::vector<json> out;
    for (const auto& r : sim.journal().Records())
        if (r.value("type", "") == type) out.push_back(r);
    return out;
}

const json* Delivered(const Simulation& sim, int number)
{
    for (const auto& r : sim.journal().Records())
        if (r.value("type", "") == "inject" && r.value("number", 0) == number) return &r;
    return nullptr;
}

const json* Outcome(const Simulation& sim, int number)
{
    for (const auto& r : sim.journal().Records())
        if (r.value("type", "") == "inject_outcome" && r.value("number", 0) == number) return &r;
    return nullptr;
}

Command Cmd(CommandKind kind, Team team, const std::string& target = "", std::vector<std::string> assets = {})
{
    Command c;
    c.kind = kind;
    c.team = team;
    c.issuer = "player";
    c.target = target;
    c.assets = std::move(assets);
    c.text = "test";
    return c;
}

bool HasProblem(const LoadResult& r, const std::string& id, const std::string& pointer)
{
    for (const auto& p : r.problems)
        if (p.id == id && p.pointer == pointer) return true;
    return false;
}


TEST_CASE("Injects - loading and validation", "[injects]")
{
    SECTION("a valid MSEL loads with no problem")
    {
        LoadResult r = WithInjects(R"([
          { "number": 1, "time_s": 600, "team": "secops", "role": "analyst", "synopsis": "s", "text": ["a", "b"],
            "expected": { "kind": "declare_incident" }, "objective": "Detect the compromise", "contingency": 2 },
          { "number": 2, "team": "all", "synopsis": "contingency only" },
          { "number": 3, "when": { "after": 1, "delay_s": 60 } },
          { "number": 4, "when": { "stage": "Loader runs" } },
          { "number": 5, "when": { "stage": 0 } },
          { "number": 6, "when": { "command": { "kind": "isolate_host", "team": "itops", "target": "ws-01" } } },
          { "number": 7, "when": { "unless": { "kind": "declare_incident", "by_s": 86400 } } },
          { "number": 8, "manual": true, "team": "itops", "role": "service_desk" }
        ])");
        std::string all;
        for (const auto& p : r.problems) all += p.Format() + "\n";
        INFO(all);
        // A stage given by number only warns (scenario.097: which stage it is, as people count them).
        CHECK(std::none_of(r.problems.begin(), r.problems.end(), [](const Problem& p) { return p.id >= "scenario.060" && p.id != "scenario.097"; }));
        CHECK(r.Ok());
        REQUIRE(r.scenario.injects.size() == 8);
        const Inject& a = r.scenario.injects[0];
        CHECK(a.trigger == InjectTrigger::Time);
        CHECK(a.time_s == 600);
        CHECK(a.text == "a\nb");
        REQUIRE(a.expected);
        CHECK(a.expected->team == "secops"); // defaults to the inject's team
        CHECK(a.expect_within_s == 4 * kHour);
        CHECK(r.scenario.injects[1].trigger == InjectTrigger::None);
        CHECK(r.scenario.injects[2].trigger == InjectTrigger::AfterInject);
        CHECK(r.scenario.injects[3].stage == 1);
        CHECK(r.scenario.injects[4].stage == 0);
        CHECK(r.scenario.injects[5].watch.target == "ws-01");
        CHECK(r.scenario.injects[6].trigger == InjectTrigger::Unless);
        CHECK(r.scenario.injects[6].time_s == 86400);
    }
    SECTION("scenario.060: a number twice")
    {
        CHECK(HasProblem(WithInjects(R"([{ "number": 1, "time_s": 0 }, { "number": 1, "time_s": 5 }])"), "scenario.060", "/injects/1/number"));
    }
    SECTION("scenario.061: after or contingency naming no inject")
    {
        LoadResult r = WithInjects(R"([{ "number": 1, "time_s": 0, "expected": { "kind": "declare_incident" }, "contingency": 9 },
                                       { "number": 2, "when": { "after": 7 } }])");
        CHECK(HasProblem(r, "scenario.061", "/injects/0/contingency"));
        CHECK(HasProblem(r, "scenario.061", "/injects/1/when/after"));
    }
    SECTION("scenario.062: an unknown command kind")
    {
        LoadResult r = WithInjects(R"([{ "number": 1, "time_s": 0, "expected": { "kind": "call_press" } },
                                       { "number": 2, "when": { "command": { "kind": "hack_back" } } }])");
        CHECK(HasProblem(r, "scenario.062", "/injects/0/expected/kind"));
        CHECK(HasProblem(r, "scenario.062", "/injects/1/when/command/kind"));
    }
    SECTION("scenario.063: an unknown team, or a role of another team")
    {
        LoadResult r = WithInjects(R"([{ "number": 1, "time_s": 0, "team": "legal" },
                                       { "number": 2, "time_s": 0, "team": "itops", "role": "soc_manager" },
                                       { "number": 3, "time_s": 0, "role": "ceo" }])");
        CHECK(HasProblem(r, "scenario.063", "/injects/0/team"));
        CHECK(HasProblem(r, "scenario.063", "/injects/1/role"));
        CHECK(HasProblem(r, "scenario.063", "/injects/2/role"));
    }
    SECTION("scenario.064: an objective not in metadata.objectives is a warning")
    {
        LoadResult r = WithInjects(R"([{ "number": 1, "time_s": 0, "objective": "Detect fast" }])");
        CHECK(HasProblem(r, "scenario.064", "/injects/0/objective"));
        CHECK(r.Ok());
    }
    SECTION("scenario.065: nothing can fire it")
    {
        CHECK(HasProblem(WithInjects(R"([{ "number": 1, "synopsis": "orphan" }])"), "scenario.065", "/injects/0"));
        CHECK(WithInjects(R"([{ "number": 1, "manual": true }])").Ok());
    }
    SECTION("scenario.066: both time and when, or not exactly one trigger")
    {
        LoadResult r = WithInjects(R"([{ "number": 1, "time_s": 0, "when": { "after": 2 } },
                                       { "number": 2, "when": { "delay_s": 5 } },
                                       { "number": 3, "when": { "after": 1, "stage": 0 } }])");
        CHECK(HasProblem(r, "scenario.066", "/injects/0"));
        CHECK(HasProblem(r, "scenario.066", "/injects/1/when"));
        CHECK(HasProblem(r, "scenario.066", "/injects/2/when"));
    }
    SECTION("scenario.067: a stage that does not exist")
    {
        LoadResult r = WithInjects(R"([{ "number": 1, "when": { "stage": "Exfil" } }, { "number": 2, "when": { "stage": 2 } }])");
        CHECK(HasProblem(r, "scenario.067", "/injects/0/when/stage"));
        CHECK(HasProblem(r, "scenario.067", "/injects/1/when/stage"));
    }
    SECTION("scenario.068: references that loop")
    {
        LoadResult r = WithInjects(R"([{ "number": 1, "when": { "after": 2 } }, { "number": 2, "when": { "after": 1 } }])");
        CHECK(HasProblem(r, "scenario.068", "/injects/0"));
        CHECK(HasProblem(r, "scenario.068", "/injects/1"));
        LoadResult self = WithInjects(R"([{ "number": 1, "time_s": 0, "expected": { "kind": "declare_incident" }, "contingency": 1 }])");
        CHECK(HasProblem(self, "scenario.068", "/injects/0"));
    }
    SECTION("unless needs by_s; a contingency needs an expected action")
    {
        CHECK(HasProblem(WithInjects(R"([{ "number": 1, "when": { "unless": { "kind": "declare_incident" } } }])"), "scenario.005",
                         "/injects/0/when/unless"));
        CHECK(HasProblem(WithInjects(R"([{ "number": 1, "time_s": 0, "contingency": 2 }, { "number": 2, "manual": true }])"),
                         "scenario.005", "/injects/0/contingency"));
    }
}

TEST_CASE("Injects - delivery by time and by condition", "[injects]")
{
    SECTION("by time, to the intended team's view only")
    {
        auto sim = Start(R"([{ "number": 1, "time_s": 600, "team": "itops", "synopsis": "Printer on fire", "text": "It smokes." }])");
        sim->AdvanceTo(599);
        CHECK(Delivered(*sim, 1) == nullptr);
        CHECK(TeamViewJson(*sim, Team::ITOps)["injects"].empty());
        sim->AdvanceTo(600);
        const json* r = Delivered(*sim, 1);
        REQUIRE(r);
        CHECK((*r)["t"] == 600);
        CHECK((*r)["by"] == "schedule");
        CHECK((*r)["team"] == "itops");
        CHECK((*r)["expected"].is_null());
        const json it = TeamViewJson(*sim, Team::ITOps)["injects"];
        REQUIRE(it.size() == 1);
        CHECK(it[0]["synopsis"] == "Printer on fire");
        CHECK(it[0]["time"] == 600);
        CHECK_FALSE(it[0].contains("expected"));
        CHECK(TeamViewJson(*sim, Team::SecOps)["injects"].empty());
        const json fac = TeamViewJson(*sim, Team::Facilitator)["injects"];
        REQUIRE(fac.size() == 1);
        CHECK(fac[0]["delivered"] == true);
        CHECK(fac[0]["outcome"] == "none");
    }
    SECTION("the facilitator sees undelivered injects with their timing and expectation")
    {
        auto sim = Start(R"([{ "number": 1, "time_s": 7200, "team": "all", "expected": { "kind": "declare_incident" },
                               "objective": "Detect the compromise" }])");
        const json fac = TeamViewJson(*sim, Team::Facilitator)["injects"];
        REQUIRE(fac.size() == 1);
        CHECK(fac[0]["delivered"] == false);
        CHECK(fac[0]["timing"] == "T+02:00"); // the test scenario names no start: elapsed time only
        CHECK(fac[0]["expected"] == "declare_incident");
        CHECK(TeamViewJson(*sim, Team::SecOps)["injects"].empty());
    }
    SECTION("after another inject, with a delay")
    {
        auto sim = Start(R"([{ "number": 1, "time_s": 600 }, { "number": 2, "when": { "after": 1, "delay_s": 300 } }])");
        sim->AdvanceTo(899);
        CHECK(Delivered(*sim, 2) == nullptr);
        sim->AdvanceTo(900);
        REQUIRE(Delivered(*sim, 2));
        CHECK((*Delivered(*sim, 2))["by"] == "condition");
    }
    SECTION("when the attacker reaches a stage")
    {
        auto sim = Start(R"([{ "number": 1, "when": { "stage": "Loader runs", "delay_s": 10 } }])");
        sim->AdvanceTo(3600 + 60 + 59);
        CHECK(Delivered(*sim, 1) == nullptr);
        sim->AdvanceTo(3600 + 60 + 60 + 10);
        REQUIRE(Delivered(*sim, 1));
        CHECK((*Delivered(*sim, 1))["t"] == 3600 + 120 + 10);
    }
    SECTION("when a team does something")
    {
        auto sim = Start(R"([{ "number": 1, "when": { "command": { "kind": "isolate_host", "team": "itops" }, "delay_s": 60 } }])");
        sim->AdvanceTo(100);
        REQUIRE(sim->Post(Cmd(CommandKind::IsolateHost, Team::SecOps, "ws-01")).ok()); // another team: no
        sim->AdvanceTo(1000);
        CHECK(Delivered(*sim, 1) == nullptr);
        REQUIRE(sim->Post(Cmd(CommandKind::IsolateHost, Team::ITOps, "srv-01", {})).ok());
        sim->AdvanceTo(1059);
        CHECK(Delivered(*sim, 1) == nullptr);
        sim->AdvanceTo(1060);
        CHECK(Delivered(*sim, 1));
    }
    SECTION("unless a team does something by a time")
    {
        const char* msel = R"([{ "number": 1, "when": { "unless": { "kind": "declare_incident", "by_s": 7200 } } }])";
        auto quiet = Start(msel);
        quiet->AdvanceTo(7200);
        REQUIRE(Delivered(*quiet, 1));
        CHECK((*Delivered(*quiet, 1))["t"] == 7200);
        auto busy = Start(msel);
        busy->AdvanceTo(100);
        REQUIRE(busy->Post(Cmd(CommandKind::DeclareIncident, Team::SecOps, "", {"ws-01"})).ok());
        busy->AdvanceTo(10000);
        CHECK(Delivered(*busy, 1) == nullptr);
    }
}

TEST_CASE("Injects - expected actions / outcomes and contingencies", "[injects]")
{
    const char* msel = R"([
      { "number": 1, "time_s": 600, "team": "secops", "expected": { "kind": "declare_incident" }, "expect_within_s": 3600,
        "objective": "Detect the compromise", "contingency": 2 },
      { "number": 2, "team": "secops", "role": "soc_manager", "synopsis": "The regulator calls" }
    ])";
    SECTION("met: the first matching command after delivery")
    {
        auto sim = Start(msel);
        sim->AdvanceTo(1000);
        REQUIRE(sim->Post(Cmd(CommandKind::DeclareIncident, Team::ITOps, "", {"ws-01"})).ok()); // not the team expected
        CHECK(Outcome(*sim, 1) == nullptr);
        const CommandResult r = sim->Post(Cmd(CommandKind::DeclareIncident, Team::SecOps, "", {"ws-01"}));
        REQUIRE(r.ok());
        const json* o = Outcome(*sim, 1);
        REQUIRE(o);
        CHECK((*o)["met"] == true);
        CHECK((*o)["at"] == 1000);
        CHECK((*o)["command"] == r.id);
        CHECK((*o)["objective"] == "Detect the compromise");
        sim->AdvanceTo(10000);
        CHECK(Delivered(*sim, 2) == nullptr); // no contingency
        CHECK(Records(*sim, "inject_outcome").size() == 1);
        CHECK(TeamViewJson(*sim, Team::Facilitator)["injects"][0]["outcome"] == "met");
    }
    SECTION("met: an action taken before the inject counts at delivery")
    {
        auto sim = Start(msel);
        sim->AdvanceTo(100);
        REQUIRE(sim->Post(Cmd(CommandKind::DeclareIncident, Team::SecOps, "", {"ws-01"})).ok());
        sim->AdvanceTo(600);
        const json* o = Outcome(*sim, 1);
        REQUIRE(o);
        CHECK((*o)["met"] == true);
        CHECK((*o)["at"] == 600);
        CHECK((*o)["command_t"] == 100);
    }
    SECTION("missed at the deadline, then the contingency")
    {
        auto sim = Start(msel);
        sim->AdvanceTo(600 + 3599);
        CHECK(Outcome(*sim, 1) == nullptr);
        sim->AdvanceTo(600 + 3600);
        const json* o = Outcome(*sim, 1);
        REQUIRE(o);
        CHECK((*o)["met"] == false);
        CHECK((*o)["at"] == 4200);
        const json* c = Delivered(*sim, 2);
        REQUIRE(c);
        CHECK((*c)["by"] == "condition");
        CHECK((*c)["t"] == 4200);
        const json view = TeamViewJson(*sim, Team::SecOps)["injects"];
        REQUIRE(view.size() == 2);
        CHECK(view[1]["role"] == "soc_manager");
        // A late action changes nothing any more.
        REQUIRE(sim->Post(Cmd(CommandKind::DeclareIncident, Team::SecOps, "", {"ws-01"})).ok());
        CHECK(Records(*sim, "inject_outcome").size() == 1);
    }
    SECTION("an expected target must match")
    {
        auto sim = Start(R"([{ "number": 1, "time_s": 0, "team": "itops", "expected": { "kind": "isolate_host", "target": "srv-01" },
                               "expect_within_s": 600 }])");
        sim->AdvanceTo(10);
        REQUIRE(sim->Post(Cmd(CommandKind::IsolateHost, Team::ITOps, "ws-01")).ok());
        CHECK(Outcome(*sim, 1) == nullptr);
        REQUIRE(sim->Post(Cmd(CommandKind::IsolateHost, Team::ITOps, "srv-01")).ok()); // waits for approval: still counts
        REQUIRE(Outcome(*sim, 1));
        CHECK((*Outcome(*sim, 1))["met"] == true);
    }
}

TEST_CASE("Injects - an expected action that names its value - the GDPR notification, not any report", "[injects]")
{
    const char* msel = R"([{ "number": 1, "time_s": 0, "team": "secops",
                             "expected": { "kind": "notify_authority", "value": "gdpr" }, "expect_within_s": 3600 }])";
    auto notify = [](const char* regime, const char* what) {
        Command c = Cmd(CommandKind::NotifyAuthority, Team::SecOps);
        c.value = regime;
        c.text = what;
        return c;
    };
    SECTION("the NIS2 early warning does not meet it; the GDPR notification does")
    {
        auto sim = Start(msel);
        sim->AdvanceTo(10);
        REQUIRE(sim->Post(notify("nis2", "early_warning")).ok());
        CHECK(Outcome(*sim, 1) == nullptr);
        const CommandResult r = sim->Post(notify("gdpr", "notification"));
        REQUIRE(r.ok());
        REQUIRE(Outcome(*sim, 1));
        CHECK((*Outcome(*sim, 1))["met"] == true);
        CHECK((*Outcome(*sim, 1))["command"] == r.id);
        // The inject record and the MSEL say which notification is expected.
        CHECK((*Delivered(*sim, 1))["expected"]["value"] == "gdpr");
    }
    SECTION("only the NIS2 report: missed at the deadline")
    {
        auto sim = Start(msel);
        sim->AdvanceTo(10);
        REQUIRE(sim->Post(notify("nis2", "notification")).ok());
        sim->AdvanceTo(3600);
        REQUIRE(Outcome(*sim, 1));
        CHECK((*Outcome(*sim, 1))["met"] == false);
    }
    SECTION("without a value, any notification meets it (as before)")
    {
        auto sim = Start(R"([{ "number": 1, "time_s": 0, "team": "secops", "expected": { "kind": "notify_authority" } }])");
        sim->AdvanceTo(10);
        REQUIRE(sim->Post(notify("nis2", "early_warning")).ok());
        REQUIRE(Outcome(*sim, 1));
        CHECK((*Outcome(*sim, 1))["met"] == true);
        CHECK(!(*Delivered(*sim, 1))["expected"].contains("value"));
    }
    SECTION("scenario.069: a value its kind never takes is refused at load, with its place")
    {
        const LoadResult r = WithInjects(R"([
          { "number": 1, "time_s": 0, "expected": { "kind": "notify_authority", "value": "hipaa" } },
          { "number": 2, "time_s": 0, "expected": { "kind": "declare_incident", "value": "gdpr" } },
          { "number": 3, "time_s": 0, "expected": { "kind": "request_action", "value": "hack_back" } },
          { "number": 4, "time_s": 0, "expected": { "kind": "request_action", "value": "reimage_host" } },
          { "number": 5, "when": { "command": { "kind": "send_message", "value": "itops" } } }
        ])");
        CHECK_FALSE(r.Ok());
        CHECK(HasProblem(r, "scenario.069", "/injects/0/expected/value"));
        CHECK(HasProblem(r, "scenario.069", "/injects/1/expected/value"));
        CHECK(HasProblem(r, "scenario.069", "/injects/2/expected/value"));
        CHECK_FALSE(HasProblem(r, "scenario.069", "/injects/3/expected/value"));
        CHECK_FALSE(HasProblem(r, "scenario.069", "/injects/4/when/command/value"));
        CHECK_FALSE(HasProblem(r, "scenario.006", "/injects/3/expected/value")); // a known key now
    }
}

TEST_CASE("Injects - combined triggers - all / any of stages, times and commands", "[injects]")
{
    // The phish succeeds at 3660 (stage 0), the loader at 3720 (stage 1).
    SECTION("the forms load; the old single triggers are as before")
    {
        LoadResult r = WithInjects(R"([
          { "number": 1, "when": { "all": [ { "stage": 1 }, { "unless": { "kind": "notify_authority", "value": "gdpr", "by_s": 7200 } } ] } },
          { "number": 2, "when": { "any": [ { "time_s": 9000 }, { "all": [ { "after": 1 }, { "command": { "kind": "declare_incident" } } ] } ],
                                   "delay_s": 30 } },
          { "number": 3, "when": { "stage": 0 } }
        ])");
        std::string all;
        for (const auto& p : r.problems) all += p.Format() + "\n";
        INFO(all);
        REQUIRE(r.Ok());
        // A stage given by number only warns (scenario.097: which stage it is, as people count them).
        CHECK(std::none_of(r.problems.begin(), r.problems.end(), [](const Problem& p) { return p.id >= "scenario.060" && p.id != "scenario.097"; }));
        const Inject& one = r.scenario.injects[0];
        REQUIRE(one.trigger == InjectTrigger::Combined);
        CHECK(one.condition.kind == InjectCondition::Kind::All);
        REQUIRE(one.condition.parts.size() == 2);
        CHECK(one.condition.parts[1].watch.value == "gdpr");
        CHECK(one.condition.parts[1].time_s == 7200);
        CHECK(r.scenario.injects[1].delay_s == 30);
        CHECK(r.scenario.injects[1].condition.parts[1].parts[0].after == 1);
        CHECK(r.scenario.injects[2].trigger == InjectTrigger::Stage);
        // The MSEL says it in words (stages counted from 1, as people read them).
        const auto rows = BuildMsel(r.scenario);
        CHECK(rows[0].time == "all of [attacker stage 2 (Loader runs); no notify_authority gdpr by T+02:00]");
        CHECK(rows[1].time == "00:00:30 after any of [from T+02:30; all of [inject 1 delivered; declare_incident done]]");
    }
    SECTION("all of a stage and no GDPR notification by 2 h: at 2 h when nobody notified")
    {
        const char* msel = R"([{ "number": 1, "when": { "all": [ { "stage": 1 },
                                 { "unless": { "kind": "notify_authority", "value": "gdpr", "by_s": 7200 } } ] } }])";
        auto quiet = Start(msel);
        quiet->AdvanceTo(7199);
        CHECK(Delivered(*quiet, 1) == nullptr); // the stage came at 3720, the deadline not yet
        quiet->AdvanceTo(7200);
        REQUIRE(Delivered(*quiet, 1));
        CHECK((*Delivered(*quiet, 1))["t"] == 7200);
        CHECK((*Delivered(*quiet, 1))["by"] == "condition");
        // The GDPR notification in time: never. The NIS2 one is another notification: still fires.
        auto notified = Start(msel);
        Command gdpr = Cmd(CommandKind::NotifyAuthority, Team::SecOps);
        gdpr.value = "gdpr";
        gdpr.text = "notification";
        notified->AdvanceTo(100);
        REQUIRE(notified->Post(gdpr).ok());
        notified->AdvanceTo(20000);
        CHECK(Delivered(*notified, 1) == nullptr);
        auto other = Start(msel);
        Command nis2 = gdpr;
        nis2.value = "nis2";
        nis2.text = "early_warning";
        other->AdvanceTo(100);
        REQUIRE(other->Post(nis2).ok());
        other->AdvanceTo(7200);
        CHECK(Delivered(*other, 1));
    }
    SECTION("all of a time and a stage: the later of the two; a late stage waits for it")
    {
        auto sim = Start(R"([{ "number": 1, "when": { "all": [ { "time_s": 600 }, { "stage": 1 } ], "delay_s": 10 } },
                             { "number": 2, "when": { "all": [ { "stage": 0 }, { "time_s": 5000 } ] } }])");
        sim->AdvanceTo(3729);
        CHECK(Delivered(*sim, 1) == nullptr);
        sim->AdvanceTo(3730);
        REQUIRE(Delivered(*sim, 1));
        CHECK((*Delivered(*sim, 1))["t"] == 3720 + 10);
        sim->AdvanceTo(4999);
        CHECK(Delivered(*sim, 2) == nullptr);
        sim->AdvanceTo(5000);
        REQUIRE(Delivered(*sim, 2));
        CHECK((*Delivered(*sim, 2))["t"] == 5000);
    }
    SECTION("any: the first part that holds; a later part's time does not deliver it early or twice")
    {
        auto sim = Start(R"([{ "number": 1, "when": { "any": [ { "time_s": 1000 }, { "time_s": 2000 } ], "delay_s": 3000 } },
                             { "number": 2, "when": { "any": [ { "command": { "kind": "isolate_host", "team": "itops" } },
                                                               { "time_s": 90000 } ] } }])");
        sim->AdvanceTo(3999);
        CHECK(Delivered(*sim, 1) == nullptr); // the look at 2000 is not its delivery (1000 + 3000)
        sim->AdvanceTo(4000);
        REQUIRE(Delivered(*sim, 1));
        CHECK((*Delivered(*sim, 1))["t"] == 4000);
        sim->AdvanceTo(5000);
        CHECK(Delivered(*sim, 2) == nullptr);
        REQUIRE(sim->Post(Cmd(CommandKind::IsolateHost, Team::ITOps, "srv-01")).ok());
        sim->AdvanceTo(5001);
        REQUIRE(Delivered(*sim, 2));
        CHECK((*Delivered(*sim, 2))["t"] == 5000);
        sim->AdvanceTo(100000);
        CHECK(Records(*sim, "inject").size() == 2);
    }
    SECTION("the same commands give the same state hash")
    {
        const char* msel = R"([{ "number": 1, "when": { "any": [ { "stage": 1 }, { "time_s": 600 } ] } },
                               { "number": 2, "when": { "all": [ { "after": 1 }, { "command": { "kind": "declare_incident" } } ] } }])";
        auto run = [&] {
            auto sim = Start(msel);
            sim->AdvanceTo(900);
            REQUIRE(sim->Post(Cmd(CommandKind::DeclareIncident, Team::SecOps, "", {"ws-01"})).ok());
            sim->AdvanceTo(10000);
            CHECK(Delivered(*sim, 2));
            return sim->StateHash();
        };
        CHECK(run() == run());
    }
    SECTION("bad shapes: each names its place")
    {
        LoadResult r = WithInjects(R"([
          { "number": 1, "when": { "all": [] } },
          { "number": 2, "when": { "any": [ { "stage": 0, "colour": "red" } ] } },
          { "number": 3, "when": { "all": [ { "any": [ { "all": [ { "any": [ { "all": [ { "stage": 0 } ] } ] } ] } ] } ] } },
          { "number": 4, "when": { "stage": 0, "unless": { "kind": "declare_incident", "by_s": 60 } } },
          { "number": 5, "when": { "all": [ { "stage": 0 } ], "stage": 1 } },
          { "number": 6, "when": { "any": [ { "stage": 0, "time_s": 5 } ] } },
          { "number": 7, "when": { "all": [ { "after": 99 } ] } },
          { "number": 8, "when": { "any": { "stage": 0 } } },
          { "number": 9, "when": { "all": [ { "stage": 7 }, { "unless": { "kind": "declare_incident" } } ] } }
        ])");
        CHECK_FALSE(r.Ok());
        CHECK(HasProblem(r, "scenario.009", "/injects/0/when/all"));
        CHECK(HasProblem(r, "scenario.006", "/injects/1/when/any/0/colour"));
        CHECK(HasProblem(r, "scenario.066", "/injects/2/when/all/0/any/0/all/0/any/0/all"));
        CHECK(HasProblem(r, "scenario.066", "/injects/3/when"));
        CHECK(HasProblem(r, "scenario.066", "/injects/4/when"));
        CHECK(HasProblem(r, "scenario.066", "/injects/5/when/any/0"));
        CHECK(HasProblem(r, "scenario.061", "/injects/6/when"));
        CHECK(HasProblem(r, "scenario.004", "/injects/7/when/any"));
        CHECK(HasProblem(r, "scenario.067", "/injects/8/when/all/0/stage"));
        CHECK(HasProblem(r, "scenario.005", "/injects/8/when/all/1/unless"));
        for (const auto& p : r.problems)
            if (p.pointer == "/injects/3/when") CHECK(p.message.find("all or any") != std::string::npos);
        // Four levels are allowed.
        CHECK(WithInjects(R"([{ "number": 1, "when": { "all": [ { "any": [ { "all": [ { "any": [ { "stage": 0 } ] } ] } ] } ] } }])").Ok());
    }
    SECTION("scenario.089: a condition that can never hold, through all and any")
    {
        LoadResult r = WithInjects(R"([
          { "number": 1, "when": { "all": [ { "stage": 0 }, { "time_s": 999999 } ] } },
          { "number": 2, "when": { "any": [ { "stage": 0 }, { "time_s": 999999 } ] } },
          { "number": 3, "when": { "any": [ { "time_s": 999999 }, { "unless": { "kind": "declare_incident", "by_s": 999999 } } ] } }
        ])");
        CHECK(r.Ok());
        CHECK(HasProblem(r, "scenario.089", "/injects/0/when"));
        CHECK_FALSE(HasProblem(r, "scenario.089", "/injects/1/when")); // the stage can still bring it
        CHECK(HasProblem(r, "scenario.089", "/injects/2/when"));
    }
}

// Hidden ([.]): it fails at the deadline (no outcome recorded for the inject) and was not yet looked
// into; run it by name. The fix it tests is in engine/response/autopilot.cpp TakeInjectAction.
TEST_CASE("Injects - the autopilot answers with the value the inject expects", "[injects]")
{
    // SecOps' autopilot complies always and fast; the estate has no sensor, so nothing else moves it.
    json doc = json::parse(kBase);
    doc["metadata"]["regimes"] = {"nis2", "gdpr"};
    doc["autopilot"] = {{"secops", {{"inject_compliance", 1.0}, {"response_latency_s", 60}}}};
    doc["injects"] = json::parse(R"([{ "number": 1, "time_s": 600, "team": "secops",
                                       "expected": { "kind": "notify_authority", "value": "gdpr" }, "expect_within_s": 86400 }])");
    LoadResult r = LoadScenarioText(doc.dump(), "inj.json", LoadOptions{});
    std::string all;
    for (const auto& p : r.problems) all += p.Format() + "\n";
    INFO(all);
    REQUIRE(r.Ok());
    RunOptions ro;
    ro.autopilot_itops = false;
    ro.autopilot_secops = true;
    Simulation sim(std::move(r.scenario), ro);
    std::string err;
    REQUIRE(sim.Start(err));
    // A NIS2 early warning before the inject is not the GDPR notification it asks for.
    sim.AdvanceTo(10);
    Command nis2 = Cmd(CommandKind::NotifyAuthority, Team::SecOps);
    nis2.value = "nis2";
    nis2.text = "early_warning";
    REQUIRE(sim.Post(nis2).ok());
    sim.AdvanceTo(86400);
    const json* o = Outcome(sim, 1);
    REQUIRE(o);
    CHECK((*o)["met"] == true);
    bool autopilot_gdpr = false;
    for (const auto& c : Records(sim, "command"))
        if (c["cmd"].value("issuer", "") == "autopilot:secops" && c["cmd"].value("kind", "") == "notify_authority")
            autopilot_gdpr = c["cmd"].value("value", "") == "gdpr";
    CHECK(autopilot_gdpr);
}

TEST_CASE("Injects - fire_inject by the facilitator", "[injects]")
{
    auto sim = Start(R"([{ "number": 7, "manual": true, "team": "all", "synopsis": "A journalist calls" },
                         { "number": 8, "when": { "after": 7 } }])");
    sim->AdvanceTo(500);
    SECTION("the facilitator fires it; it is delivered once")
    {
        const CommandResult r = sim->Post(Cmd(CommandKind::FireInject, Team::Facilitator, "7"));
        REQUIRE(r.ok());
        const json* d = Delivered(*sim, 7);
        REQUIRE(d);
        CHECK((*d)["by"] == "facilitator");
        CHECK((*d)["t"] == 500);
        CHECK(TeamViewJson(*sim, Team::SecOps)["injects"].size() == 1);
        CHECK(TeamViewJson(*sim, Team::ITOps)["injects"].size() == 1);
        sim->AdvanceTo(500);
        CHECK(Delivered(*sim, 8)); // its follower
        const CommandResult again = sim->Post(Cmd(CommandKind::FireInject, Team::Facilitator, "7"));
        CHECK(again.code == ResultCode::Precondition);
        CHECK(Records(*sim, "inject").size() == 2);
    }
    SECTION("a script's fire_inject is marked so; the public hook works too")
    {
        Command c = Cmd(CommandKind::FireInject, Team::Facilitator, "7");
        c.issuer = "script:scenario";
        REQUIRE(sim->Post(c).ok());
        CHECK((*Delivered(*sim, 7))["by"] == "script");
        std::string why;
        CHECK_FALSE(sim->FireInject(7, "script", &why));
        CHECK(why.find("already delivered") != std::string::npos);
        CHECK_FALSE(sim->FireInject(99, "script", &why));
    }
    SECTION("refused for the players, and for numbers the MSEL lacks")
    {
        CHECK(sim->Post(Cmd(CommandKind::FireInject, Team::SecOps, "7")).code == ResultCode::Permission);
        CHECK(sim->Post(Cmd(CommandKind::FireInject, Team::ITOps, "7")).code == ResultCode::Permission);
        CHECK(sim->Post(Cmd(CommandKind::FireInject, Team::Facilitator, "99")).code == ResultCode::UnknownTarget);
        CHECK(sim->Post(Cmd(CommandKind::FireInject, Team::Facilitator, "")).code == ResultCode::UnknownTarget);
        CHECK(Delivered(*sim, 7) == nullptr);
    }
}

TEST_CASE("Injects - the MSEL export", "[injects]")
{
    LoadResult r = WithInjects(R"([
      { "number": 1, "time_s": 93600, "synopsis": "CFO, angry", "text": "He said \"now\", twice.\nCall back.",
        "team": "itops", "role": "it_manager", "controller": "Lead, Controller",
        "expected": { "kind": "send_message" }, "expect_within_s": 7200, "objective": "Detect the compromise",
        "contingency": 2, "notes": "plain" },
      { "number": 2, "when": { "after": 1, "delay_s": 3600 }, "synopsis": "Follow-up" }
    ])");
    REQUIRE(r.Ok());
    const auto rows = BuildMsel(r.scenario);
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].time == "T+1d 02:00");
    CHECK(rows[0].player == "ITOps: IT operations manager");
    CHECK(rows[0].expected == "send_message (itops) within 02:00:00");
    CHECK(rows[0].notes == "plain\nContingency: inject 2 if not done in time.");
    CHECK(rows[1].time == "01:00:00 after inject 1");
    CHECK(rows[1].player == "All players");

    SECTION("the HSEEP columns, in order")
    {
        CHECK(MselColumns() == std::vector<std::string>{"Inject number", "Scenario time", "Event synopsis", "Inject text",
                                                        "Responsible controller", "Intended player", "Expected action",
                                                        "Objective", "Notes"});
    }
}

} // namespace injects_test
