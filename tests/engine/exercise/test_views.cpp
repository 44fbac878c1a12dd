// test_views.cpp: what each seat may see (engine/exercise/views.h).
//
// The promise: a team's view is cut from the world by its tools and what it has found, and never
// carries the ground truth (which alerts are true, where the attacker is, what is encrypted or
// stolen). The facilitator's view is the truth. Checked on whole runs, at several times, by walking
// every key of the serialised view.
#include "world/scenario.h"
#include "exercise/seat_events.h"
#include "test_world.h"
#include "exercise/views.h"

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
            RunOptions ro;
            ro.seed = 5;
            ro.org = org;
            auto sim = StartScenario("ransomware-phish", ro);
            REQUIRE(sim);
            PlayAndCheck(*sim);
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

TEST_CASE("Views - hosts / services / tickets and messages by seat", "[engine]")
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
    SECTION("notes: the writer's team and the facilitator read them, the other team only what was shared")
    {
        auto sim = StartSmall(NoAutopilot(), s);
        auto note = [&](Team team, const char* value, const char* text) {
            Command c = Cmd(CommandKind::AddNote, team, "", value);
            c.text = text;
            REQUIRE(sim->Post(c).ok());
        };
        note(Team::SecOps, "", "secops only");
        note(Team::SecOps, "shared", "secops to all");
        note(Team::ITOps, "", "itops only");
        note(Team::Facilitator, "", "the facilitator's observation");
        auto texts = [](const json& view) {
            std::vector<std::string> out;
            for (const auto& n : view["notes"]) out.push_back(n["text"]);
            return out;
        };
        CHECK(texts(TeamViewJson(*sim, Team::SecOps)) == std::vector<std::string>{"secops only", "secops to all"});
        CHECK(texts(TeamViewJson(*sim, Team::ITOps)) == std::vector<std::string>{"secops to all", "itops only"});
        CHECK(texts(TeamViewJson(*sim, Team::Facilitator)).size() == 4);
        const json first = TeamViewJson(*sim, Team::SecOps)["notes"][0];
        CHECK(first["by"] == "secops");
        CHECK(first["alert"].is_null()); // on the exercise
        CHECK(first["shared"] == false);
        // The event stream a networked seat receives: the other team's shared note, nothing else of it.
        SeatEventFilter filter(*sim);
        std::vector<std::string> itops_events;
        for (const auto& r : sim->journal().Records()) filter.Observe(r);
        for (const auto& r : sim->journal().Records())
            if (auto e = filter.For(Team::ITOps, r); e && (*e)["type"] == "note") itops_events.push_back((*e)["text"]);
        CHECK(itops_events == std::vector<std::string>{"secops to all"});
    }
}

// [SECTION] The typed seat view (SeatView): the same cut, kept up to date in place

namespace {

// The content of a seat view (not its change counters or bookkeeping).
void CheckSameContent(const SeatView& a, const SeatView& b)
{
    CHECK(a.team == b.team);
    CHECK(a.truth == b.truth);
    CHECK(a.cmdb == b.cmdb);
    REQUIRE(a.alerts.size() == b.alerts.size());
    for (size_t i = 0; i < a.alerts.size(); ++i) {
        INFO("alert row " << i << " id " << a.alerts[i].id);
        CHECK(a.alerts[i] == b.alerts[i]);
    }
    CHECK(a.alert_truth == b.alert_truth);
    REQUIRE(a.hosts.size() == b.hosts.size());
    for (size_t i = 0; i < a.hosts.size(); ++i) {
        INFO("host row " << i << " " << a.hosts[i].id);
        CHECK(a.hosts[i] == b.hosts[i]);
    }
    CHECK(a.host_truth == b.host_truth);
    CHECK(a.alerts_on_host == b.alerts_on_host);
    CHECK(a.open_alerts_on_host == b.open_alerts_on_host);
    CHECK(a.tally == b.tally);
}

// The counts a seat view keeps, counted again from its rows.
void CheckCounts(const SeatView& v)
{
    AlertTally t;
    std::vector<int32_t> all(v.hosts.size(), 0), open(v.hosts.size(), 0);
    for (size_t i = 0; i < v.alerts.size(); ++i) {
        const SeatAlert& a = v.alerts[i];
        if (a.status == AlertStatus::New) t.fresh[a.team == Team::ITOps ? 0 : 1]++;
        if (v.truth) {
            const bool real = v.alert_truth[i];
            t.real += real;
            t.real_confirmed += real && a.status == AlertStatus::TruePositive;
            t.real_dismissed += real && a.status == AlertStatus::FalsePositive;
            t.false_confirmed += !real && a.status == AlertStatus::TruePositive;
        }
        const int32_t r = v.RowOfHost(a.host);
        if (a.host != kNone) REQUIRE(r >= 0); // a seat knows every host its alerts name
        if (r >= 0) {
            all[r]++;
            open[r] += a.status == AlertStatus::New;
        }
    }
    CHECK(v.tally == t);
    CHECK(v.alerts_on_host == all);
    CHECK(v.open_alerts_on_host == open);
    for (size_t i = 1; i < v.alerts.size(); ++i) REQUIRE(v.alerts[i - 1].id < v.alerts[i].id);
    for (size_t r = 0; r < v.hosts.size(); ++r) REQUIRE(v.RowOfHost(v.hosts[r].index) == (int32_t)r);
}

// The seat view serialised with the rest gives TeamViewJson, key for key.
void CheckMatchesJson(const Simulation& sim, const SeatView& v)
{
    json typed = TeamViewRestJson(sim, v.team);
    typed["alerts"] = SeatAlertsJson(v);
    typed["hosts"] = SeatHostsJson(v);
    const json whole = TeamViewJson(sim, v.team);
    INFO(TeamName(v.team) << " at t=" << sim.Now());
    CHECK(typed["alerts"] == whole["alerts"]);
    CHECK(typed["hosts"] == whole["hosts"]);
    CHECK(typed == whole);
}

void CheckNoTruthTyped(const SeatView& v)
{
    INFO(TeamName(v.team) << " seat view");
    CHECK_FALSE(v.truth);
    CHECK(v.alert_truth.empty());
    CHECK(v.host_truth.empty());
    CHECK(v.tally.real == 0);
    CHECK(v.tally.real_confirmed == 0);
    CHECK(v.tally.real_dismissed == 0);
    CHECK(v.tally.false_confirmed == 0);
}

// Plays a run to its end with three seat views updated in place (one every hour, one every day),
// checking each against a fresh build and against TeamViewJson every `check_every` (and at the end).
void PlayWithSeatViews(Simulation& sim, SimTime check_every = 6 * kHour)
{
    const Team teams[] = {Team::ITOps, Team::SecOps, Team::Facilitator};
    SeatView hourly[3], daily[3], hinted[3];
    for (int i = 0; i < 3; ++i) hourly[i].team = daily[i].team = hinted[i].team = teams[i];
    // What the desktop app does: the alerts of the triage_alert commands done since the last update.
    size_t records_read = 0;
    std::vector<AlertId> triaged;
    int checks = 0;
    for (SimTime t = 0; !sim.Finished(); t += kHour) {
        sim.AdvanceTo(t);
        const auto& records = sim.journal().Records();
        for (; records_read < records.size(); ++records_read) {
            const json& r = records[records_read];
            if (r["type"] == "command_done" && r["cmd"]["kind"] == "triage_alert")
                triaged.push_back(std::stoi(r["cmd"]["target"].get<std::string>()));
        }
        const bool day = t % kDay == 0;
        for (int i = 0; i < 3; ++i) {
            UpdateSeatView(sim, hourly[i]);
            UpdateSeatView(sim, hinted[i], &triaged);
            if (day) UpdateSeatView(sim, daily[i]);
            if (t % check_every != 0 && !sim.Finished()) continue;
            const SeatView fresh = BuildSeatView(sim, teams[i]);
            CheckSameContent(hourly[i], fresh);
            CheckSameContent(hinted[i], fresh);
            if (day) CheckSameContent(daily[i], fresh);
            CheckCounts(hourly[i]);
            CheckMatchesJson(sim, hourly[i]);
            if (teams[i] != Team::Facilitator) CheckNoTruthTyped(hourly[i]);
            ++checks;
        }
        triaged.clear();
    }
    for (int i = 0; i < 3; ++i) {
        UpdateSeatView(sim, hourly[i]);
        CheckSameContent(hourly[i], BuildSeatView(sim, teams[i]));
    }
    CHECK(checks > 10);
}

} // namespace

TEST_CASE("Views - the typed seat view: the same cut / kept up to date in place", "[engine]")
{
    SECTION("ransomware-phish with autopilots (triage, isolation, reimaging), both profiles")
    {
        for (auto org : {OrgProfile::Siloed, OrgProfile::Converged}) {
            RunOptions ro;
            ro.seed = 5;
            ro.org = org;
            auto sim = StartScenario("ransomware-phish", ro);
            REQUIRE(sim);
            PlayWithSeatViews(*sim);
            const SeatView fac = BuildSeatView(*sim, Team::Facilitator);
            CHECK(fac.tally.real > 0);           // the run had real alerts to check
            CHECK(fac.tally.real_confirmed > 0); // and triage that changed statuses in place
        }
    }
    SECTION("a generated 1,000-host estate, no autopilot (SecOps learns hosts from its alerts)")
    {
        // Checked once a day: a fresh view of 1,000 hosts for three seats, and its JSON, is the cost
        // of this test (under the sanitizers, 51 s when checked every 6 h).
        auto sim = StartScenario("ransomware-phish", NoAutopilot(3), 1000);
        REQUIRE(sim);
        PlayWithSeatViews(*sim, kDay);
    }
    SECTION("a view built for one simulation starts over on another, and says so")
    {
        auto a = StartSmall(NoAutopilot(1));
        auto b = StartSmall(NoAutopilot(2));
        a->AdvanceTo(kDay);
        b->AdvanceTo(2 * kDay);
        SeatView v = BuildSeatView(*a, Team::SecOps);
        const uint64_t rebuilt = v.rebuilt;
        CHECK(UpdateSeatView(*b, v));
        CHECK(v.rebuilt == rebuilt + 1);
        CheckSameContent(v, BuildSeatView(*b, Team::SecOps));
        CHECK_FALSE(UpdateSeatView(*b, v)); // nothing new
    }
    SECTION("lookups: an alert by id, a host by the world's index")
    {
        auto sim = StartSmall(NoAutopilot(1));
        sim->AdvanceTo(2 * kDay);
        const SeatView v = BuildSeatView(*sim, Team::Facilitator);
        REQUIRE_FALSE(v.alerts.empty());
        for (size_t i = 0; i < v.alerts.size(); ++i) CHECK(v.RowOfAlert(v.alerts[i].id) == (int32_t)i);
        CHECK(v.RowOfAlert(-5) == -1);
        CHECK(v.RowOfAlert(v.alerts.back().id + 1) == -1);
        CHECK(v.RowOfHost(kNone) == -1);
        CHECK(v.RowOfHost((HostId)sim->world().hosts.size()) == -1);
        CHECK(v.HostIdOf(SeatAlert{}).empty());
    }
}
