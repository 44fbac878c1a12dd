// test_operations.cpp: operations events, failures that are not an attack (engine/response/operations.cpp,
// docs/authoring.md "operations_events"), the rollback_update command (docs/commands.md), the end of an
// exercise with no attack, the scorecard's operations cost, and the faulty-vendor-update scenario.
#include "world/scenario.h"
#include "scorecard.h"
#include "sim/simulation.h"
#include "test_world.h"
#include "exercise/views.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <map>
#include <set>

using namespace bdtest;
using json = nlohmann::json;

namespace {

// The small estate with no attacker and a faulty update at T+10 min on every Windows host (all of
// them), with an EDR alert that looks like tampering.
Scenario OpsScenario(double fraction = 1.0, OpsFix fix = OpsFix::Rollback, SimTime recover_after_s = 0)
{
    Scenario s = QuietScenario();
    OperationsEvent e;
    e.name = "edr-update";
    e.synopsis = "the EDR content update";
    e.time_s = 10 * kMinute;
    e.os = "windows";
    e.fraction = fraction;
    e.symptom = "boot loop after a blue screen";
    e.secops_alert = true;
    e.alert_technique = "T1562.001";
    e.alert_summary = "agent stopped reporting";
    e.fix = fix;
    e.recover_after_s = recover_after_s;
    s.operations_events.push_back(e);
    return s;
}

int DownFromOperations(const Simulation& sim)
{
    int n = 0;
    for (const auto& h : sim.world().hosts) n += h.state == HostState::Down && h.down_cause == Cause::Operations;
    return n;
}

// SecOps agrees: it asks ITOps for the rollback. Returns the ticket id.
TicketId SecOpsAgrees(Simulation& sim)
{
    Command ask = Cmd(CommandKind::RequestAction, Team::SecOps, "edr-update", "rollback_update");
    ask.text = "agreed: roll it back";
    REQUIRE(sim.Post(ask).ok());
    REQUIRE_FALSE(sim.world().tickets.empty());
    const Ticket& t = sim.world().tickets.back();
    CHECK(t.from == Team::SecOps);
    CHECK(t.to == Team::ITOps);
    return t.id;
}

bd::Scorecard Score(const Simulation& sim) { return bd::ComputeScorecard(sim.journal().Records()); }

const char* const kOpsOnly = R"({
  "metadata": { "id": "ops", "title": "Ops", "duration_s": 86400 },
  "infrastructure": {
    "sensor_types": [ { "id": "edr", "team": "secops", "observes": ["DC0032"] },
                      { "id": "mon", "team": "itops", "symptoms": true } ],
    "zones": [ { "id": "internet", "internet": true }, { "id": "lan" } ],
    "hosts": [ { "id": "srv-01", "kind": "server", "os": "windows", "zone": "lan", "sensors": ["edr", "mon"] },
               { "id": "lx-01", "kind": "server", "os": "linux", "zone": "lan", "sensors": ["mon"] } ]
  },
  "services": [ { "id": "app", "depends_on": ["srv-01"], "cost_per_hour": 1000 } ],
  "operations_events": [
    { "name": "bad-update", "synopsis": "a vendor update", "time_s": 600, "target": { "os": "windows" },
      "fraction": 1, "symptom": "blue screen",
      "secops_alert": { "technique": "T1562.001", "summary": "agent stopped reporting", "sensor": "edr" },
      "fix": "rollback" }
  ]
})";

LoadResult LoadPatched(const char* base, const char* patch)
{
    json doc = json::parse(base);
    if (patch) doc.merge_patch(json::parse(patch));
    return LoadScenarioText(doc.dump(2), "ops.json", LoadOptions{});
}

bool Has(const LoadResult& r, const std::string& id, const std::string& pointer)
{
    for (const auto& p : r.problems)
        if (p.id == id && p.pointer == pointer) return true;
    return false;
}

std::string Dump(const LoadResult& r)
{
    std::string out;
    for (const auto& p : r.problems) out += p.Format() + "\n";
    return out.empty() ? "(no problems)" : out;
}

} // namespace

TEST_CASE("Operations - the event takes hosts down with cause operations / symptoms and alerts follow", "[ops]")
{
    auto sim = StartSmall(NoAutopilot(), OpsScenario());
    sim->AdvanceTo(10 * kMinute - 1);
    CHECK(DownFromOperations(*sim) == 0);
    sim->AdvanceTo(10 * kMinute);
    const auto ops = RecordsOf(*sim, "operations");
    REQUIRE(ops.size() == 1);
    CHECK(ops[0]["name"] == "edr-update");
    CHECK(ops[0]["event"] == "started");
    CHECK(ops[0]["hosts"] == 7);
    CHECK(DownFromOperations(*sim) == 7);
    for (const auto& s : sim->world().services) {
        CHECK_FALSE(s.up);
        CHECK(s.cause == Cause::Operations);
    }
    sim->AdvanceTo(2 * kHour);
    int symptoms = 0, tampering = 0;
    for (const auto& a : sim->world().alerts) {
        CHECK_FALSE(a.true_positive); // nobody attacks
        if (a.team == Team::ITOps && a.summary.rfind("boot loop after a blue screen on ", 0) == 0) ++symptoms;
        if (a.team == Team::SecOps && a.technique == "T1562.001") ++tampering;
    }
    CHECK(symptoms == 7);
    CHECK(tampering == 7);
    // ITOps' view names the event once a symptom arrived; SecOps' (siloed) view does not.
    const json itops = TeamViewJson(*sim, Team::ITOps);
    REQUIRE(itops["operations"].size() == 1);
    CHECK(itops["operations"][0]["name"] == "edr-update");
    CHECK(itops["operations"][0]["synopsis"] == "the EDR content update");
    CHECK_FALSE(TeamViewJson(*sim, Team::SecOps).contains("operations"));
    CHECK(TeamViewJson(*sim, Team::Facilitator)["operations"][0]["hosts"].size() == 7);
}

TEST_CASE("Operations - the fraction is drawn by the seed", "[ops]")
{
    std::set<std::vector<HostId>> draws;
    for (uint64_t seed = 1; seed <= 8; ++seed) {
        auto sim = StartSmall(NoAutopilot(seed), OpsScenario(0.5));
        sim->AdvanceTo(kHour);
        const auto& hit = sim->world().operations[0].hosts;
        CHECK(hit.size() == 4); // round(0.5 x 7)
        draws.insert(hit);
        auto again = StartSmall(NoAutopilot(seed), OpsScenario(0.5));
        again->AdvanceTo(kHour);
        CHECK(again->world().operations[0].hosts == hit);
    }
    CHECK(draws.size() > 1);
}

TEST_CASE("Operations - rollback_update needs SecOps' ticket", "[ops]")
{
    auto sim = StartSmall(NoAutopilot(), OpsScenario());
    // Before the event: nothing to roll back.
    CHECK(sim->Post(Cmd(CommandKind::RollbackUpdate, Team::ITOps, "edr-update")).code == ResultCode::Precondition);
    sim->AdvanceTo(kHour);
    CHECK(sim->Post(Cmd(CommandKind::RollbackUpdate, Team::ITOps, "no-such-update")).code == ResultCode::UnknownTarget);
    // SecOps may not run it; ITOps may not without SecOps' agreement.
    CHECK(sim->Post(Cmd(CommandKind::RollbackUpdate, Team::SecOps, "edr-update")).code == ResultCode::Permission);
    const CommandResult alone = sim->Post(Cmd(CommandKind::RollbackUpdate, Team::ITOps, "edr-update"));
    CHECK(alone.code == ResultCode::Permission);
    CHECK(alone.message.find("SecOps must agree") != std::string::npos);
    CHECK(sim->Post(Cmd(CommandKind::RollbackUpdate, Team::ITOps, "edr-update", "", true)).code == ResultCode::Permission);
    // ITOps asking SecOps is not SecOps' agreement: a ticket from ITOps cannot be named.
    REQUIRE(sim->Post(Cmd(CommandKind::RequestAction, Team::ITOps, "edr-update", "rollback_update")).ok());
    Command own = Cmd(CommandKind::RollbackUpdate, Team::ITOps, "edr-update");
    own.ticket = sim->world().tickets.back().id;
    CHECK_FALSE(sim->Post(own).ok());
    // A SecOps ticket for something else does not count either.
    REQUIRE(sim->Post(Cmd(CommandKind::RequestAction, Team::SecOps, "srv-01", "reimage_host")).ok());
    Command other = Cmd(CommandKind::RollbackUpdate, Team::ITOps, "edr-update");
    other.ticket = sim->world().tickets.back().id;
    CHECK(sim->Post(other).code == ResultCode::Invalid);
    CHECK(DownFromOperations(*sim) == 7);
    // With SecOps' ticket it is accepted (a change: production hosts were hit, so it waits for approval).
    Command ok = Cmd(CommandKind::RollbackUpdate, Team::ITOps, "edr-update");
    ok.ticket = SecOpsAgrees(*sim);
    const CommandResult r = sim->Post(ok);
    REQUIRE(r.ok());
    CHECK(r.message == "waiting for change approval");
}

TEST_CASE("Operations - the rollback brings the hosts back and the exercise ends / recovered", "[ops]")
{
    auto sim = StartSmall(NoAutopilot(), OpsScenario());
    sim->AdvanceTo(kHour);
    REQUIRE(DownFromOperations(*sim) == 7);
    // One host is rebuilt meanwhile: that fixes that host.
    REQUIRE(sim->Post(Cmd(CommandKind::ReimageHost, Team::ITOps, "ws-01")).ok());
    sim->AdvanceTo(kHour + sim->DurationOf(CommandKind::ReimageHost));
    CHECK(sim->world().hosts[sim->world().FindHost("ws-01")].state == HostState::Running);
    CHECK(DownFromOperations(*sim) == 6);
    CHECK_FALSE(sim->Finished());

    Command rb = Cmd(CommandKind::RollbackUpdate, Team::ITOps, "edr-update");
    rb.ticket = SecOpsAgrees(*sim);
    const CommandResult r = sim->Post(rb);
    REQUIRE(r.ok());
    REQUIRE(sim->Post(Cmd(CommandKind::ApproveChange, Team::ITOps, std::to_string(r.id))).ok());
    sim->AdvanceTo(sim->Now() + 45 * kMinute);
    CHECK(DownFromOperations(*sim) == 0);
    for (const auto& h : sim->world().hosts) CHECK(h.state == HostState::Running);
    for (const auto& s : sim->world().services) CHECK(s.up);
    const auto ops = RecordsOf(*sim, "operations");
    REQUIRE(ops.size() == 2);
    CHECK(ops[1]["event"] == "rolled_back");
    CHECK(ops[1]["hosts"] == 6);
    CHECK(sim->world().tickets[rb.ticket].status == TicketStatus::Done);
    // Rolled back once: not again.
    CHECK(sim->Check(Cmd(CommandKind::RollbackUpdate, Team::ITOps, "edr-update")).code == ResultCode::Precondition);
    // Every host back, no work in flight, no open ticket: the exercise is over, with no attack.
    sim->RunToEnd();
    CHECK(sim->EndedBecause() == EndReason::Recovered);
    CHECK(sim->Now() < 3 * kHour + sim->DurationOf(CommandKind::ReimageHost));

    const bd::Scorecard card = Score(*sim);
    CHECK(card.end_reason == "recovered");
    CHECK(card.impact.operations > 0);
    CHECK(card.impact.attacker_caused == 0);
    CHECK(card.impact.self_inflicted == 0); // ws-01 carries no service
    CHECK_FALSE(card.attack_start_s.has_value());
}

TEST_CASE("Operations - an event fixed by a reboot recovers by itself", "[ops]")
{
    auto sim = StartSmall(NoAutopilot(), OpsScenario(1.0, OpsFix::Reboot, 2 * kHour));
    sim->AdvanceTo(kHour);
    CHECK(DownFromOperations(*sim) == 7);
    Command rb = Cmd(CommandKind::RollbackUpdate, Team::ITOps, "edr-update");
    rb.ticket = SecOpsAgrees(*sim);
    CHECK(sim->Post(rb).code == ResultCode::Precondition); // nothing to roll back: it comes back by itself
    sim->Post(Cmd(CommandKind::CloseTicket, Team::ITOps, std::to_string(rb.ticket), "rejected"));
    sim->RunToEnd();
    CHECK(DownFromOperations(*sim) == 0);
    CHECK(sim->EndedBecause() == EndReason::Recovered);
    const auto ops = RecordsOf(*sim, "operations");
    REQUIRE(ops.size() == 2);
    CHECK(ops[1]["event"] == "recovered");
    CHECK(ops[1]["t"] == 10 * kMinute + 2 * kHour);
    const bd::Scorecard card = Score(*sim);
    CHECK(card.impact.operations > 0);
    CHECK(card.impact.attacker_caused == 0);
}

TEST_CASE("Operations - autopilots tell the update apart and roll it back together", "[ops]")
{
    for (OrgProfile org : {OrgProfile::Siloed, OrgProfile::Converged}) {
        RunOptions ro;
        ro.seed = 3;
        ro.org = org;
        auto sim = StartSmall(ro, OpsScenario());
        sim->RunToEnd();
        INFO(OrgName(org));
        CHECK(sim->EndedBecause() == EndReason::Recovered);
        CHECK(DownFromOperations(*sim) == 0);
        bool rolled_back = false, secops_asked = false;
        for (const auto& r : sim->journal().Records()) {
            rolled_back |= r["type"] == "operations" && r["event"] == "rolled_back";
            secops_asked |= r["type"] == "ticket" && r["from"] == "secops" && r["action"] == "rollback_update";
        }
        CHECK(rolled_back);
        CHECK(secops_asked);
        const bd::Scorecard card = Score(*sim);
        CHECK(card.impact.operations > 0);
        CHECK(card.impact.attacker_caused == 0);
    }
}

TEST_CASE("Operations - the loader reads operations_events and allows a scenario without an attack", "[ops]")
{
    const LoadResult ok = LoadPatched(kOpsOnly, nullptr);
    INFO(Dump(ok));
    REQUIRE(ok.problems.empty());
    REQUIRE(ok.scenario.operations_events.size() == 1);
    const OperationsEvent& e = ok.scenario.operations_events[0];
    CHECK(e.name == "bad-update");
    CHECK(e.os == "windows");
    CHECK(e.time_s == 600);
    CHECK(e.secops_alert);
    CHECK(e.alert_technique == "T1562.001");
    CHECK(e.alert_sensor == "edr");
    CHECK(e.fix == OpsFix::Rollback);
    CHECK(ok.scenario.campaign.stages.empty());

    // No attack and no operations events: still an error.
    CHECK(Has(LoadPatched(kOpsOnly, R"({"operations_events": null})"), "scenario.005", ""));
    CHECK(Has(LoadPatched(kOpsOnly, R"({"operations_events": [], "campaign": {"stages": []}})"), "scenario.009", "/campaign/stages"));
    CHECK(LoadPatched(kOpsOnly, R"({"campaign": {"stages": []}})").Ok());

    auto with_event = [](const char* event_patch) {
        json doc = json::parse(kOpsOnly);
        doc["operations_events"][0].merge_patch(json::parse(event_patch));
        return LoadScenarioText(doc.dump(2), "ops.json", LoadOptions{});
    };
    const std::string p = "/operations_events/0";
    CHECK(Has(with_event(R"({"fix": "pray"})"), "scenario.080", p + "/fix"));
    CHECK(Has(with_event(R"({"target": {"os": "macos"}})"), "scenario.081", p + "/target"));
    CHECK(Has(with_event(R"({"fix": "reboot"})"), "scenario.082", p));
    CHECK(with_event(R"({"fix": "reboot", "recover_after_s": 3600})").Ok());
    const LoadResult late = with_event(R"({"time_s": 90000})");
    CHECK(late.Ok());
    CHECK(Has(late, "scenario.083", p + "/time_s"));
    CHECK(Has(with_event(R"({"secops_alert": {"sensor": "mon"}})"), "scenario.085", p + "/secops_alert/sensor"));
    CHECK(Has(with_event(R"({"secops_alert": {"sensor": "ids"}})"), "scenario.015", p + "/secops_alert/sensor"));
    CHECK(Has(with_event(R"({"secops_alert": {"technique": "T9999"}})"), "scenario.030", p + "/secops_alert/technique"));
    CHECK(Has(with_event(R"({"fraction": 1.5})"), "scenario.018", p + "/fraction"));
    CHECK(Has(with_event(R"({"symptom": null})"), "scenario.005", p));
    CHECK(Has(with_event(R"({"name": "bad name"})"), "scenario.008", p + "/name"));
    CHECK(Has(with_event(R"({"colour": "blue"})"), "scenario.006", p + "/colour"));
    CHECK(Has(with_event(R"({"target": {"host": "nope"}})"), "scenario.012", p + "/target/host"));
    {
        json doc = json::parse(kOpsOnly);
        doc["operations_events"].push_back(doc["operations_events"][0]);
        CHECK(Has(LoadScenarioText(doc.dump(), "ops.json", LoadOptions{}), "scenario.007", "/operations_events/1"));
    }
    // A target no monitoring sees: a warning.
    {
        json doc = json::parse(kOpsOnly);
        doc["infrastructure"]["hosts"][0]["sensors"] = {"edr"};
        const LoadResult r = LoadScenarioText(doc.dump(), "ops.json", LoadOptions{});
        CHECK(r.Ok());
        CHECK(Has(r, "scenario.084", "/operations_events/0/target"));
    }
}

TEST_CASE("Operations - the faulty-vendor-update scenario plays to the end under both profiles", "[ops]")
{
    std::map<OrgProfile, SimTime> rolled_back_at;
    for (OrgProfile org : {OrgProfile::Siloed, OrgProfile::Converged}) {
        LoadResult r = LoadScenario("faulty-vendor-update", LoadOptions{1, 0});
        INFO(Dump(r));
        REQUIRE(r.problems.empty());
        RunOptions ro;
        ro.seed = 1;
        ro.org = org;
        Simulation sim(std::move(r.scenario), ro);
        std::string err;
        REQUIRE(sim.Start(err));
        sim.RunToEnd();
        INFO(OrgName(org));
        CHECK(sim.EndedBecause() == EndReason::Recovered);
        for (const auto& rec : sim.journal().Records())
            if (rec["type"] == "operations" && rec["event"] == "rolled_back") rolled_back_at[org] = rec["t"].get<SimTime>();
        CHECK(rolled_back_at.count(org) == 1);
        const bd::Scorecard card = Score(sim);
        CHECK(card.impact.operations > 0);
        CHECK(card.impact.attacker_caused == 0);
        CHECK(card.alerts.true_positive == 0);
    }
    // Shared tools and faster approvals: the converged organisation rolls back sooner.
    CHECK(rolled_back_at[OrgProfile::Converged] < rolled_back_at[OrgProfile::Siloed]);
}
