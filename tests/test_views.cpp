// test_views.cpp: what each seat may see (engine/views.h).
//
// The promise: a team's view is cut from the world by its tools and what it has found, and never
// carries the ground truth (which alerts are true, where the attacker is, what is encrypted or
// stolen). The facilitator's view is the truth. Checked on whole runs, at several times, by walking
// every key of the serialised view.
#include "scenario.h"
#include "test_world.h"
#include "views.h"

#include <catch2/catch.hpp>

#include <set>
#include <string>

using namespace bdtest;
using nlohmann::json;

namespace {

const std::vector<std::string> kTruthKeys = {"true_positive", "compromise", "encrypted", "backup_intact",
                                             "attacker",      "stores",     "staged",    "exfiltrated"};

// Every key anywhere in the document.
void CollectKeys(const json& j, std::set<std::string>& out)
{
    if (j.is_object())
        for (auto it = j.begin(); it != j.end(); ++it) {
            out.insert(it.key());
            CollectKeys(it.value(), out);
        }
    else if (j.is_array())
        for (const auto& e : j) CollectKeys(e, out);
}

std::set<std::string> KeysOf(const Simulation& sim, Team team)
{
    // Serialised and read back, as a front-end or a network peer would receive it.
    const json view = json::parse(TeamViewJson(sim, team).dump());
    std::set<std::string> keys;
    CollectKeys(view, keys);
    return keys;
}

void CheckNoTruth(const Simulation& sim, Team team)
{
    const auto keys = KeysOf(sim, team);
    for (const auto& k : kTruthKeys) {
        INFO(TeamName(team) << " view at t=" << sim.Now() << " has key '" << k << "'");
        CHECK(keys.count(k) == 0);
    }
}

// Plays the run to the end, checking both team views every few hours.
void PlayAndCheck(Simulation& sim)
{
    for (SimTime t = 0; !sim.Finished(); t += 3 * kHour) {
        sim.AdvanceTo(t);
        CheckNoTruth(sim, Team::ITOps);
        CheckNoTruth(sim, Team::SecOps);
    }
    CheckNoTruth(sim, Team::ITOps);
    CheckNoTruth(sim, Team::SecOps);
}

std::set<std::string> AlertTeams(const json& view)
{
    std::set<std::string> out;
    for (const auto& a : view["alerts"]) out.insert(a["team"].get<std::string>());
    return out;
}

std::set<std::string> HostIds(const json& view)
{
    std::set<std::string> out;
    for (const auto& h : view["hosts"]) out.insert(h["id"].get<std::string>());
    return out;
}

} // namespace

TEST_CASE("Views - team views never show the ground truth", "[engine]")
{
    SECTION("small scenario, autopilots on, siloed")
    {
        RunOptions ro;
        ro.seed = 3;
        auto sim = StartSmall(ro);
        PlayAndCheck(*sim);
        // The run did produce the truths a view could leak.
        CHECK_FALSE(sim->world().alerts.empty());
        CHECK_FALSE(sim->world().tickets.empty());
        CHECK_FALSE(sim->world().KnowledgeOf(Team::SecOps).findings.empty());
        // The facilitator sees all of them.
        const auto keys = KeysOf(*sim, Team::Facilitator);
        for (const auto& k : kTruthKeys) {
            INFO("facilitator view lacks '" << k << "'");
            CHECK(keys.count(k) == 1);
        }
    }
    SECTION("small scenario, autopilots on, converged (shared tools share alerts, not the truth)")
    {
        RunOptions ro;
        ro.seed = 3;
        ro.org = OrgProfile::Converged;
        auto sim = StartSmall(ro);
        PlayAndCheck(*sim);
    }
    SECTION("the built-in ransomware-phish, both profiles")
    {
        for (auto org : {OrgProfile::Siloed, OrgProfile::Converged}) {
            LoadResult lr = LoadScenario("ransomware-phish", LoadOptions{5, 0});
            REQUIRE(lr.Ok());
            RunOptions ro;
            ro.seed = 5;
            ro.org = org;
            Simulation sim(std::move(lr.scenario), ro);
            std::string err;
            REQUIRE(sim.Start(err));
            PlayAndCheck(sim);
        }
    }
    SECTION("what a team found is in its view: a finding says compromised, under its own key")
    {
        Scenario s = QuietScenario();
        s.world.hosts[s.world.FindHost("ws-02")].compromise = 1;
        auto sim = StartSmall(NoAutopilot(), s);
        sim->Post(Cmd(CommandKind::InvestigateHost, Team::SecOps, "ws-02"));
        sim->AdvanceTo(kHour);
        const json v = TeamViewJson(*sim, Team::SecOps);
        REQUIRE(v["findings"].size() == 1);
        CHECK(v["findings"][0]["host"] == "ws-02");
        CHECK(v["findings"][0]["compromised"] == true);
        CHECK(TeamViewJson(*sim, Team::ITOps)["findings"].empty()); // siloed: not shared
        CheckNoTruth(*sim, Team::SecOps);
    }
}

TEST_CASE("Views - each team sees the alerts of its own tools", "[engine]")
{
    // Autopilots off: the alerts stay as the sensors raised them. EDR (SecOps) and monitoring (ITOps)
    // both fire during the small campaign.
    SECTION("siloed: SecOps does not see ITOps' monitoring, nor ITOps the EDR")
    {
        auto sim = StartSmall(NoAutopilot());
        sim->RunToEnd();
        const json secops = TeamViewJson(*sim, Team::SecOps);
        const json itops = TeamViewJson(*sim, Team::ITOps);
        CHECK(AlertTeams(secops) == std::set<std::string>{"secops"});
        CHECK(AlertTeams(itops) == std::set<std::string>{"itops"});
        CHECK(secops["alerts"].size() + itops["alerts"].size() == sim->world().alerts.size());
        for (const auto& a : sim->world().alerts) {
            CHECK(TeamSeesAlert(*sim, a.team, a));
            CHECK_FALSE(TeamSeesAlert(*sim, a.team == Team::ITOps ? Team::SecOps : Team::ITOps, a));
            CHECK(TeamSeesAlert(*sim, Team::Facilitator, a));
        }
        CHECK(AlertTeams(TeamViewJson(*sim, Team::Facilitator)) == std::set<std::string>{"itops", "secops"});
    }
    SECTION("converged: both see both tools")
    {
        RunOptions ro = NoAutopilot();
        ro.org = OrgProfile::Converged;
        auto sim = StartSmall(ro);
        sim->RunToEnd();
        const json secops = TeamViewJson(*sim, Team::SecOps);
        const json itops = TeamViewJson(*sim, Team::ITOps);
        CHECK(AlertTeams(secops) == std::set<std::string>{"itops", "secops"});
        CHECK(secops["alerts"].size() == sim->world().alerts.size());
        CHECK(itops["alerts"] == secops["alerts"]);
    }
}

TEST_CASE("Views - hosts, services, tickets and messages by seat", "[engine]")
{
    Scenario s = QuietScenario();
    s.world.hosts[s.world.FindHost("web-01")].sensors = {1}; // monitoring only: no SecOps sensor
    s.world.hosts[s.world.FindHost("srv-01")].sensors = {};  // nothing at all

    SECTION("siloed: SecOps sees only the hosts its sensors cover, and no service or CMDB detail")
    {
        auto sim = StartSmall(NoAutopilot(), s);
        const json secops = TeamViewJson(*sim, Team::SecOps);
        const json itops = TeamViewJson(*sim, Team::ITOps);
        CHECK(HostIds(secops) == std::set<std::string>{"ws-01", "ws-02", "ws-03", "db-01", "dc-01"});
        CHECK(HostIds(itops).size() == 7); // the CMDB knows every host
        CHECK_FALSE(secops.contains("services"));
        CHECK(itops["services"].size() == 3);
        for (const auto& h : secops["hosts"]) CHECK_FALSE(h.contains("backup"));
        for (const auto& h : itops["hosts"]) CHECK(h.contains("backup"));
    }
    SECTION("converged: SecOps sees every host and the services")
    {
        RunOptions ro = NoAutopilot();
        ro.org = OrgProfile::Converged;
        auto sim = StartSmall(ro, s);
        const json secops = TeamViewJson(*sim, Team::SecOps);
        CHECK(HostIds(secops).size() == 7);
        CHECK(secops["services"].size() == 3);
    }
    SECTION("host state is visible (an isolation), the cause of an outage is not")
    {
        auto sim = StartSmall(NoAutopilot(), s);
        sim->Post(Cmd(CommandKind::IsolateHost, Team::ITOps, "db-01", "", true));
        sim->AdvanceTo(kHour);
        const json itops = TeamViewJson(*sim, Team::ITOps);
        for (const auto& h : itops["hosts"])
            if (h["id"] == "db-01") CHECK(h["state"] == "isolated");
        for (const auto& sv : itops["services"]) {
            CHECK_FALSE(sv.contains("cause"));
            if (sv["id"] == "erp") CHECK(sv["up"] == false);
        }
    }
    SECTION("tickets and direct messages go to the teams concerned; the war room to all")
    {
        auto sim = StartSmall(NoAutopilot(), s);
        Command direct = Cmd(CommandKind::SendMessage, Team::Facilitator, "", "itops");
        direct.text = "inject: the press is calling ITOps";
        Command room = Cmd(CommandKind::SendMessage, Team::ITOps, "");
        room.text = "war room: status at 10:00";
        Command ask = Cmd(CommandKind::RequestAction, Team::SecOps, "ws-01", "isolate_host");
        REQUIRE(sim->Post(direct).ok());
        REQUIRE(sim->Post(room).ok());
        REQUIRE(sim->Post(ask).ok());
        const json itops = TeamViewJson(*sim, Team::ITOps);
        const json secops = TeamViewJson(*sim, Team::SecOps);
        CHECK(itops["messages"].size() == 2);
        REQUIRE(secops["messages"].size() == 1);
        CHECK(secops["messages"][0]["to"] == "war_room");
        CHECK(itops["tickets"].size() == 1); // addressed to ITOps
        CHECK(secops["tickets"].size() == 1); // SecOps asked for it
        CHECK(TeamViewJson(*sim, Team::Facilitator)["messages"].size() == 2);
    }
}
