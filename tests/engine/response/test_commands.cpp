// test_commands.cpp: the command path (engine/world/commands.h, Simulation::Post / CheckAt / Apply).
//
// For each kind: who may issue it, what refuses it (the exact code of docs/commands.md), and what
// it does to the world when it completes, as the journal records it (docs/journal.md). The attack
// campaign is off (QuietScenario) unless a test needs the attacker's footprint; hosts are marked
// compromised or encrypted by hand in the scenario instead.
#include "test_world.h"

#include <catch2/catch.hpp>

#include <string>

using namespace bdtest;
using nlohmann::json;

namespace {

// Posts the command and returns the command_result record journaled for it.
json Posted(Simulation& sim, const Command& c) { return ResultOf(sim, sim.Post(c).id); }

// A refused command_result: ok false with this code.
void CheckRefused(const json& r, const char* code)
{
    INFO(r.dump());
    CHECK(r["ok"] == false);
    CHECK(r["code"] == code);
    CHECK_FALSE(r["message"].get<std::string>().empty());
}

bool Contains(const json& j, const std::string& part) { return j.get<std::string>().find(part) != std::string::npos; }

Command WithRole(Command c, const std::string& role)
{
    c.role = role;
    return c;
}

Command WithTicket(Command c, int32_t ticket)
{
    c.ticket = ticket;
    return c;
}

Command WithText(Command c, const std::string& text)
{
    c.text = text;
    return c;
}

const Host& HostOf(const Simulation& sim, const char* id) { return sim.world().hosts[sim.world().FindHost(id)]; }
const Service& ServiceOf(const Simulation& sim, const char* id) { return sim.world().services[sim.world().FindService(id)]; }

} // namespace

TEST_CASE("Commands - who may issue what", "[engine]")
{
    auto sim = StartSmall(NoAutopilot(), QuietScenario());

    SECTION("SecOps isolating a production host without an emergency: permission, go through ITOps")
    {
        const json r = Posted(*sim, Cmd(CommandKind::IsolateHost, Team::SecOps, "db-01"));
        CheckRefused(r, "permission");
        CHECK(Contains(r["message"], "ITOps"));
        CHECK(Contains(r["message"], "request_action"));
        CHECK(Contains(r["message"], "emergency"));
        sim->AdvanceTo(kHour);
        CHECK(HostOf(*sim, "db-01").state == HostState::Running); // a refusal changes nothing
        CHECK(RecordsOf(*sim, "command_done").empty());
    }
    SECTION("... as an emergency change it runs at once, and counts as uncoordinated")
    {
        const json r = Posted(*sim, Cmd(CommandKind::IsolateHost, Team::SecOps, "db-01", "", true));
        CHECK(r["ok"] == true);
        CHECK(r["status"] == "scheduled");
        CHECK(r["due"] == 15 * kMinute);
        sim->AdvanceTo(kHour);
        CHECK(HostOf(*sim, "db-01").state == HostState::Isolated);
        const json done = DoneOf(*sim, r["id"]);
        CHECK(done["ok"] == true);
        CHECK(done["uncoordinated"] == true);
    }
    SECTION("SecOps isolating a workstation with its EDR needs nobody's leave")
    {
        const json r = Posted(*sim, Cmd(CommandKind::IsolateHost, Team::SecOps, "ws-01"));
        CHECK(r["ok"] == true);
        CHECK(r["status"] == "scheduled");
    }
    SECTION("SecOps may not reimage, restore, patch or run services: permission, ask ITOps")
    {
        for (auto kind : {CommandKind::ReimageHost, CommandKind::RestoreHost, CommandKind::PatchHost,
                          CommandKind::TakeServiceOffline, CommandKind::BringServiceOnline,
                          CommandKind::FailoverService, CommandKind::ApproveChange}) {
            INFO(CommandKindName(kind));
            const json r = Posted(*sim, Cmd(kind, Team::SecOps, kind >= CommandKind::TakeServiceOffline ? "erp" : "ws-01"));
            CheckRefused(r, "permission");
            CHECK(r["message"] == std::string("only ITOps can ") + CommandKindName(kind) + ": ask ITOps with request_action");
        }
    }
    SECTION("the facilitator talks, and does not act")
    {
        CheckRefused(Posted(*sim, Cmd(CommandKind::IsolateHost, Team::Facilitator, "ws-01")), "permission");
        Command msg = WithText(Cmd(CommandKind::SendMessage, Team::Facilitator, ""), "inject: the CEO calls");
        CHECK(Posted(*sim, msg)["ok"] == true);
    }
    SECTION("the attacker and the engine do not issue commands")
    {
        const json r = Posted(*sim, Cmd(CommandKind::SendMessage, Team::Attacker, ""));
        CheckRefused(r, "permission");
        CHECK(r["message"] == "only teams issue commands");
        CheckRefused(Posted(*sim, Cmd(CommandKind::SendMessage, Team::Engine, "")), "permission");
    }
    SECTION("roles: managers approve, declare and notify; a role of the other team is invalid")
    {
        // Something to approve.
        const uint64_t change = sim->Post(Cmd(CommandKind::IsolateHost, Team::ITOps, "db-01")).id;
        const std::string id = std::to_string(change);
        const json desk = Posted(*sim, WithRole(Cmd(CommandKind::ApproveChange, Team::ITOps, id), "service_desk"));
        CheckRefused(desk, "permission");
        CHECK(Contains(desk["message"], "IT operations manager"));
        CheckRefused(Posted(*sim, WithRole(Cmd(CommandKind::ApproveChange, Team::ITOps, id), "analyst")), "invalid");
        CheckRefused(Posted(*sim, WithRole(Cmd(CommandKind::ApproveChange, Team::ITOps, id), "ciso")), "invalid");
        CHECK(Posted(*sim, WithRole(Cmd(CommandKind::ApproveChange, Team::ITOps, id), "it_manager"))["ok"] == true);

        CheckRefused(Posted(*sim, WithRole(Cmd(CommandKind::DeclareIncident, Team::SecOps, ""), "analyst")), "permission");
        CHECK(Posted(*sim, WithRole(Cmd(CommandKind::DeclareIncident, Team::SecOps, ""), "incident_responder"))["ok"] == true);
        CheckRefused(Posted(*sim, WithRole(Cmd(CommandKind::NotifyAuthority, Team::SecOps, "", "nis2"), "incident_responder")),
                     "permission");
        Command notify = WithText(Cmd(CommandKind::NotifyAuthority, Team::SecOps, "", "nis2"), "early_warning");
        CHECK(Posted(*sim, WithRole(notify, "soc_manager"))["ok"] == true);
        // Everyone else may do the rest of the team's work.
        CHECK(Posted(*sim, WithRole(Cmd(CommandKind::IsolateHost, Team::SecOps, "ws-02"), "analyst"))["ok"] == true);
        // No role: the team's lead, who may do all the team may.
        CHECK(Posted(*sim, Cmd(CommandKind::DeclareIncident, Team::ITOps, ""))["ok"] == true);
    }
}

TEST_CASE("Commands - changes on production wait for approval", "[engine]")
{
    SECTION("ITOps isolating db-01 waits org.change_approval_s (siloed 4 h), then runs")
    {
        auto sim = StartSmall(NoAutopilot(), QuietScenario());
        sim->AdvanceTo(100);
        const json r = Posted(*sim, Cmd(CommandKind::IsolateHost, Team::ITOps, "db-01"));
        CHECK(r["ok"] == true);
        CHECK(r["status"] == "awaiting_approval");
        CHECK(r["due"] == 100 + 4 * kHour);
        sim->AdvanceTo(100 + 4 * kHour - 1);
        CHECK(RecordsOf(*sim, "change_approved").empty());
        sim->AdvanceTo(100 + 4 * kHour);
        const auto approved = RecordsOf(*sim, "change_approved");
        REQUIRE(approved.size() == 1);
        CHECK(approved[0]["by"] == "auto");
        CHECK(approved[0]["id"] == r["id"]);
        CHECK(HostOf(*sim, "db-01").state == HostState::Running); // the work itself takes 15 min more
        sim->AdvanceTo(100 + 4 * kHour + 15 * kMinute);
        CHECK(HostOf(*sim, "db-01").state == HostState::Isolated);
        CHECK(DoneOf(*sim, r["id"])["uncoordinated"] == false); // its own host, approved
    }
    SECTION("converged: 30 minutes")
    {
        RunOptions ro = NoAutopilot();
        ro.org = OrgProfile::Converged;
        auto sim = StartSmall(ro, QuietScenario());
        const json r = Posted(*sim, Cmd(CommandKind::IsolateHost, Team::ITOps, "db-01"));
        CHECK(r["status"] == "awaiting_approval");
        CHECK(r["due"] == 30 * kMinute);
    }
    SECTION("approve_change makes it start at once, and only once")
    {
        auto sim = StartSmall(NoAutopilot(), QuietScenario());
        const uint64_t id = sim->Post(Cmd(CommandKind::IsolateHost, Team::ITOps, "db-01")).id;
        sim->AdvanceTo(10 * kMinute);
        const json a = Posted(*sim, Cmd(CommandKind::ApproveChange, Team::ITOps, std::to_string(id)));
        CHECK(a["ok"] == true);
        const auto approved = RecordsOf(*sim, "change_approved");
        REQUIRE(approved.size() == 1);
        CHECK(approved[0]["by"] == "itops");
        CHECK(approved[0]["t"] == 10 * kMinute);
        sim->AdvanceTo(25 * kMinute);
        CHECK(HostOf(*sim, "db-01").state == HostState::Isolated);
        CHECK(DoneOf(*sim, id)["t"] == 25 * kMinute);
        sim->AdvanceTo(6 * kHour); // the approval timer fires and finds nothing to do
        CHECK(RecordsOf(*sim, "change_approved").size() == 1);
        CHECK(RecordsOf(*sim, "command_done").size() == 2); // the isolation and the approval
        // Approving again, or approving something that is not waiting: precondition.
        CheckRefused(Posted(*sim, Cmd(CommandKind::ApproveChange, Team::ITOps, std::to_string(id))), "precondition");
        CheckRefused(Posted(*sim, Cmd(CommandKind::ApproveChange, Team::ITOps, "999")), "precondition");
    }
    SECTION("an emergency change skips approval and says uncoordinated")
    {
        auto sim = StartSmall(NoAutopilot(), QuietScenario());
        const json r = Posted(*sim, Cmd(CommandKind::IsolateHost, Team::ITOps, "db-01", "", true));
        CHECK(r["status"] == "scheduled");
        CHECK(r["due"] == 15 * kMinute);
        sim->AdvanceTo(15 * kMinute);
        const json done = DoneOf(*sim, r["id"]);
        CHECK(done["ok"] == true);
        CHECK(done["code"] == "ok");
        CHECK(done["uncoordinated"] == true);
        CHECK(done["cmd"]["emergency"] == true);
        CHECK(RecordsOf(*sim, "change_approved").empty());
    }
    SECTION("not production, not a change: no approval")
    {
        auto sim = StartSmall(NoAutopilot(), QuietScenario());
        CHECK(Posted(*sim, Cmd(CommandKind::IsolateHost, Team::ITOps, "ws-01"))["status"] == "scheduled");
        CHECK(Posted(*sim, Cmd(CommandKind::ResetCredential, Team::ITOps, "dadmin"))["status"] == "scheduled");
        // A service is always a change.
        CHECK(Posted(*sim, Cmd(CommandKind::TakeServiceOffline, Team::ITOps, "files"))["status"] == "awaiting_approval");
    }
    SECTION("only changes can be emergencies: invalid")
    {
        auto sim = StartSmall(NoAutopilot(), QuietScenario());
        const json r = Posted(*sim, Cmd(CommandKind::ResetCredential, Team::ITOps, "dadmin", "", true));
        CheckRefused(r, "invalid");
        CHECK(Contains(r["message"], "not a change"));
    }
}

TEST_CASE("Commands - refusals: unknown targets / preconditions / duplicates", "[engine]")
{
    Scenario s = QuietScenario();
    s.world.hosts[s.world.FindHost("srv-01")].backup_intact = false; // deleted by an earlier attack
    auto sim = StartSmall(NoAutopilot(), s);

    SECTION("unknown_target for every kind of target")
    {
        CheckRefused(Posted(*sim, Cmd(CommandKind::IsolateHost, Team::ITOps, "nope-01")), "unknown_target");
        CHECK(Posted(*sim, Cmd(CommandKind::IsolateHost, Team::ITOps, "nope-01"))["message"] == "there is no host 'nope-01'");
        CheckRefused(Posted(*sim, Cmd(CommandKind::InvestigateHost, Team::SecOps, "")), "unknown_target");
        CheckRefused(Posted(*sim, Cmd(CommandKind::ResetCredential, Team::ITOps, "nobody")), "unknown_target");
        CheckRefused(Posted(*sim, Cmd(CommandKind::TakeServiceOffline, Team::ITOps, "crm")), "unknown_target");
        CheckRefused(Posted(*sim, Cmd(CommandKind::TriageAlert, Team::SecOps, "0", "true_positive")), "unknown_target");
        CheckRefused(Posted(*sim, Cmd(CommandKind::TriageAlert, Team::SecOps, "-1", "true_positive")), "unknown_target");
        CheckRefused(Posted(*sim, Cmd(CommandKind::CloseTicket, Team::ITOps, "0", "done")), "unknown_target");
        Command declare = Cmd(CommandKind::DeclareIncident, Team::SecOps, "");
        declare.assets = {"ws-01", "nope-01"};
        CheckRefused(Posted(*sim, declare), "unknown_target");
        CHECK(sim->world().incidents.empty());
    }
    SECTION("release a host that is not isolated: precondition")
    {
        const json r = Posted(*sim, Cmd(CommandKind::ReleaseHost, Team::ITOps, "ws-01"));
        CheckRefused(r, "precondition");
        CHECK(r["message"] == "ws-01 is not isolated");
    }
    SECTION("isolate a host twice: precondition once the first is done")
    {
        sim->Post(Cmd(CommandKind::IsolateHost, Team::ITOps, "ws-01"));
        sim->AdvanceTo(kHour);
        CheckRefused(Posted(*sim, Cmd(CommandKind::IsolateHost, Team::ITOps, "ws-01")), "precondition");
    }
    SECTION("restore without a backup, or with a deleted one: precondition, reimage instead")
    {
        const json none = Posted(*sim, Cmd(CommandKind::RestoreHost, Team::ITOps, "ws-01"));
        CheckRefused(none, "precondition");
        CHECK(none["message"] == "ws-01 has no backup: reimage it instead");
        const json gone = Posted(*sim, Cmd(CommandKind::RestoreHost, Team::ITOps, "srv-01", "", true));
        CheckRefused(gone, "precondition");
        CHECK(gone["message"] == "srv-01's backup was deleted: reimage it instead");
        CHECK(Posted(*sim, Cmd(CommandKind::RestoreHost, Team::ITOps, "db-01", "", true))["ok"] == true);
    }
    SECTION("the same action on the same target while one is in flight: duplicate, naming it")
    {
        const uint64_t first = sim->Post(Cmd(CommandKind::InvestigateHost, Team::SecOps, "ws-01")).id;
        const json dup = Posted(*sim, Cmd(CommandKind::InvestigateHost, Team::SecOps, "ws-01"));
        CheckRefused(dup, "duplicate");
        CHECK(Contains(dup["message"], "(command " + std::to_string(first) + ")"));
        // Another team, or another target, is not a duplicate; nor is it once the first is done.
        CHECK(Posted(*sim, Cmd(CommandKind::InvestigateHost, Team::ITOps, "ws-01"))["ok"] == true);
        CHECK(Posted(*sim, Cmd(CommandKind::InvestigateHost, Team::SecOps, "ws-02"))["ok"] == true);
        sim->AdvanceTo(kHour);
        CHECK(Posted(*sim, Cmd(CommandKind::InvestigateHost, Team::SecOps, "ws-01"))["ok"] == true);
    }
    SECTION("a change waiting for approval is in flight too")
    {
        sim->Post(Cmd(CommandKind::IsolateHost, Team::ITOps, "db-01"));
        CheckRefused(Posted(*sim, Cmd(CommandKind::IsolateHost, Team::ITOps, "db-01")), "duplicate");
    }
    SECTION("SecOps cannot investigate a host none of its sensors covers")
    {
        Scenario bare = QuietScenario();
        bare.world.hosts[bare.world.FindHost("web-01")].sensors = {1}; // monitoring only
        auto sim2 = StartSmall(NoAutopilot(), bare);
        const json r = Posted(*sim2, Cmd(CommandKind::InvestigateHost, Team::SecOps, "web-01"));
        CheckRefused(r, "precondition");
        CHECK(Contains(r["message"], "ask ITOps"));
        CHECK(Posted(*sim2, Cmd(CommandKind::InvestigateHost, Team::ITOps, "web-01"))["ok"] == true);
    }
    SECTION("checked again when it completes: the second isolation of ws-01 finds it isolated")
    {
        const uint64_t a = sim->Post(Cmd(CommandKind::IsolateHost, Team::ITOps, "ws-01")).id;
        sim->AdvanceTo(5 * kMinute);
        const uint64_t b = sim->Post(Cmd(CommandKind::IsolateHost, Team::SecOps, "ws-01")).id; // not a duplicate: another team
        sim->AdvanceTo(kHour);
        CHECK(DoneOf(*sim, a)["ok"] == true);
        const json late = DoneOf(*sim, b);
        CHECK(late["ok"] == false);
        CHECK(late["code"] == "precondition");
        CHECK(late["message"] == "ws-01 is already isolated");
    }
}

TEST_CASE("Commands - host actions: isolate / release / reimage / restore / patch", "[engine]")
{
    Scenario s = QuietScenario();
    Host& ws2 = s.world.hosts[s.world.FindHost("ws-02")];
    ws2.compromise = 2;
    ws2.persistence = true;
    ws2.encrypted = true;
    Host& srv = s.world.hosts[s.world.FindHost("srv-01")];
    srv.compromise = 1;
    srv.persistence = true; // the implant is in the backup too
    srv.encrypted = true;
    Host& db = s.world.hosts[s.world.FindHost("db-01")];
    db.compromise = 1; // no persistence: the backup is clean
    db.encrypted = true;
    s.world.vulns = {Vulnerability{"CVE-A", "Web server", 0, true, 0.0}, Vulnerability{"CVE-B", "Kernel", 0, false, 1.0}};
    s.world.hosts[s.world.FindHost("web-01")].vulns = {0, 1};
    auto sim = StartSmall(NoAutopilot(), s);

    SECTION("isolating db-01 takes the ERP down, caused by the defenders; releasing it brings it back")
    {
        Scenario q = QuietScenario();
        auto clean = StartSmall(NoAutopilot(), q);
        clean->Post(Cmd(CommandKind::IsolateHost, Team::ITOps, "db-01", "", true));
        clean->AdvanceTo(15 * kMinute);
        const auto services = RecordsOf(*clean, "service");
        REQUIRE(services.size() == 1);
        CHECK(services[0]["id"] == "erp");
        CHECK(services[0]["up"] == false);
        CHECK(services[0]["cause"] == "defender");
        const auto hosts = RecordsOf(*clean, "host");
        REQUIRE(hosts.size() == 1);
        CHECK(hosts[0]["state"] == "isolated");
        CHECK(hosts[0]["cause"] == "defender");
        // Released: back on the network, the ERP comes back.
        clean->Post(Cmd(CommandKind::ReleaseHost, Team::ITOps, "db-01"));
        clean->AdvanceTo(kHour);
        CHECK(ServiceOf(*clean, "erp").up);
        CHECK(RecordsOf(*clean, "service").back()["up"] == true);
    }
    SECTION("reimage: down for 4 h, then clean: no foothold, no persistence, no encryption")
    {
        const uint64_t id = sim->Post(Cmd(CommandKind::ReimageHost, Team::ITOps, "ws-02")).id;
        sim->AdvanceTo(kMinute);
        CHECK(HostOf(*sim, "ws-02").state == HostState::Reimaging);
        sim->AdvanceTo(4 * kHour);
        const Host& h = HostOf(*sim, "ws-02");
        CHECK(h.state == HostState::Running);
        CHECK(h.compromise == 0);
        CHECK_FALSE(h.persistence);
        CHECK_FALSE(h.encrypted);
        CHECK(DoneOf(*sim, id)["message"] == "ws-02 rebuilt from the golden image");
        const auto lost = RecordsOf(*sim, "foothold");
        REQUIRE(lost.size() == 1);
        CHECK(lost[0]["gained"] == false);
        CHECK(lost[0]["cause"] == "reimaged");
    }
    SECTION("restore with persistence: decrypted, but the implant comes back with the backup")
    {
        sim->Post(Cmd(CommandKind::RestoreHost, Team::ITOps, "srv-01", "", true));
        sim->AdvanceTo(kMinute);
        CHECK(HostOf(*sim, "srv-01").state == HostState::Restoring);
        sim->AdvanceTo(3 * kHour);
        const Host& h = HostOf(*sim, "srv-01");
        CHECK(h.state == HostState::Running);
        CHECK_FALSE(h.encrypted);
        CHECK(h.compromise == 1);
        CHECK(h.persistence);
        CHECK(RecordsOf(*sim, "foothold").empty());
        CHECK(ServiceOf(*sim, "files").up);
    }
    SECTION("restore without persistence: decrypted and clean")
    {
        sim->Post(Cmd(CommandKind::RestoreHost, Team::ITOps, "db-01", "", true));
        sim->AdvanceTo(3 * kHour);
        CHECK_FALSE(HostOf(*sim, "db-01").encrypted);
        CHECK(HostOf(*sim, "db-01").compromise == 0);
        const auto lost = RecordsOf(*sim, "foothold");
        REQUIRE(lost.size() == 1);
        CHECK(lost[0]["cause"] == "restored");
    }
    SECTION("patch: removes the named vulnerability; one that fails leaves the host down")
    {
        const uint64_t ok = sim->Post(Cmd(CommandKind::PatchHost, Team::ITOps, "web-01", "CVE-A", true)).id;
        sim->AdvanceTo(kHour);
        CHECK(DoneOf(*sim, ok)["ok"] == true);
        REQUIRE(HostOf(*sim, "web-01").vulns.size() == 1);
        CHECK(sim->world().vulns[HostOf(*sim, "web-01").vulns[0]].id == "CVE-B");
        CheckRefused(Posted(*sim, Cmd(CommandKind::PatchHost, Team::ITOps, "web-01", "CVE-A", true)), "precondition");
        CheckRefused(Posted(*sim, Cmd(CommandKind::PatchHost, Team::ITOps, "ws-01")), "precondition"); // nothing to patch

        const uint64_t bad = sim->Post(Cmd(CommandKind::PatchHost, Team::ITOps, "web-01", "CVE-B", true)).id;
        sim->AdvanceTo(2 * kHour);
        const json done = DoneOf(*sim, bad);
        CHECK(done["ok"] == false);
        CHECK(done["code"] == "precondition");
        CHECK(Contains(done["message"], "did not come back up"));
        CHECK(HostOf(*sim, "web-01").state == HostState::Down);
        CHECK(HostOf(*sim, "web-01").down_cause == Cause::Defender);
        CHECK(HostOf(*sim, "web-01").vulns.size() == 1); // still vulnerable
    }
}

TEST_CASE("Commands - accounts / indicators and services", "[engine]")
{
    Scenario s = QuietScenario();
    s.world.services[s.world.FindService("erp")].standby = {s.world.FindHost("srv-01")};
    auto sim = StartSmall(NoAutopilot(), s);

    SECTION("reset_credential bumps the generation; disable_account disables, once")
    {
        sim->Post(Cmd(CommandKind::ResetCredential, Team::SecOps, "dadmin"));
        sim->Post(Cmd(CommandKind::DisableAccount, Team::ITOps, "vpn"));
        sim->AdvanceTo(kHour);
        const World& w = sim->world();
        CHECK(w.identities[w.FindIdentity("dadmin")].generation == 1);
        CHECK(w.identities[w.FindIdentity("vpn")].disabled);
        const auto creds = RecordsOf(*sim, "credential");
        REQUIRE(creds.size() == 2);
        CHECK(creds[0]["identity"] == "vpn"); // 5 min before the 10 min reset
        CHECK(creds[0]["event"] == "disabled");
        CHECK(creds[1]["identity"] == "dadmin");
        CHECK(creds[1]["event"] == "reset");
        CheckRefused(Posted(*sim, Cmd(CommandKind::DisableAccount, Team::ITOps, "vpn")), "precondition");
        sim->Post(Cmd(CommandKind::ResetCredential, Team::SecOps, "dadmin")); // a reset can be repeated
        sim->AdvanceTo(2 * kHour);
        CHECK(w.identities[w.FindIdentity("dadmin")].generation == 2);
    }
    SECTION("block_indicator: on the perimeter list once; an empty one is invalid")
    {
        sim->Post(Cmd(CommandKind::BlockIndicator, Team::SecOps, "bad.example"));
        sim->AdvanceTo(kHour);
        CHECK(sim->world().blocked_indicators == std::vector<std::string>{"bad.example"});
        CheckRefused(Posted(*sim, Cmd(CommandKind::BlockIndicator, Team::ITOps, "bad.example")), "precondition");
        CheckRefused(Posted(*sim, Cmd(CommandKind::BlockIndicator, Team::ITOps, "")), "invalid");
    }
    SECTION("take a service offline and bring it back")
    {
        sim->Post(Cmd(CommandKind::TakeServiceOffline, Team::ITOps, "files", "", true));
        sim->AdvanceTo(5 * kMinute);
        CHECK_FALSE(ServiceOf(*sim, "files").up);
        CHECK(ServiceOf(*sim, "files").cause == Cause::Defender);
        const json rec = RecordsOf(*sim, "service").back();
        CHECK(rec["id"] == "files");
        CHECK(rec["up"] == false);
        CHECK(rec["cause"] == "defender");
        CHECK(rec["t"] == 5 * kMinute);
        CheckRefused(Posted(*sim, Cmd(CommandKind::TakeServiceOffline, Team::ITOps, "files", "", true)), "precondition");
        sim->Post(Cmd(CommandKind::BringServiceOnline, Team::ITOps, "files", "", true));
        sim->AdvanceTo(kHour);
        CHECK(ServiceOf(*sim, "files").up);
        CheckRefused(Posted(*sim, Cmd(CommandKind::BringServiceOnline, Team::ITOps, "files", "", true)), "precondition");
    }
    SECTION("failover: the service runs on its standby and survives its own host's isolation")
    {
        CheckRefused(Posted(*sim, Cmd(CommandKind::FailoverService, Team::ITOps, "auth", "", true)), "precondition"); // no standby
        sim->Post(Cmd(CommandKind::FailoverService, Team::ITOps, "erp", "", true));
        sim->AdvanceTo(30 * kMinute);
        CHECK(ServiceOf(*sim, "erp").failed_over);
        sim->Post(Cmd(CommandKind::IsolateHost, Team::ITOps, "db-01", "", true));
        sim->AdvanceTo(kHour);
        CHECK(ServiceOf(*sim, "erp").up);
        sim->Post(Cmd(CommandKind::IsolateHost, Team::ITOps, "srv-01", "", true)); // the standby itself
        sim->AdvanceTo(2 * kHour);
        CHECK_FALSE(ServiceOf(*sim, "erp").up);
        CheckRefused(Posted(*sim, Cmd(CommandKind::FailoverService, Team::ITOps, "erp", "", true)), "precondition");
    }
}

TEST_CASE("Commands - incidents / notifications / messages", "[engine]")
{
    auto sim = StartSmall(NoAutopilot(), QuietScenario());
    SECTION("declare_incident records who, when and which hosts")
    {
        sim->AdvanceTo(kHour);
        Command c = WithText(Cmd(CommandKind::DeclareIncident, Team::SecOps, ""), "ransomware on the file server");
        c.assets = {"srv-01", "ws-01"};
        const json r = Posted(*sim, c);
        CHECK(r["status"] == "scheduled");
        const auto& incidents = sim->world().incidents; // duration 0: done at once
        REQUIRE(incidents.size() == 1);
        CHECK(incidents[0].id == 1);
        CHECK(incidents[0].declared == kHour);
        CHECK(incidents[0].by == Team::SecOps);
        CHECK(incidents[0].assets == std::vector<std::string>{"srv-01", "ws-01"});
        CHECK(DoneOf(*sim, r["id"])["message"] == "incident 1 declared");
    }
    SECTION("notify_authority: nis2 stages and the gdpr notification; anything else is invalid")
    {
        CHECK(Posted(*sim, WithText(Cmd(CommandKind::NotifyAuthority, Team::SecOps, "", "nis2"), "early_warning"))["ok"] == true);
        CHECK(Posted(*sim, WithText(Cmd(CommandKind::NotifyAuthority, Team::ITOps, "", "gdpr"), "notification"))["ok"] == true);
        CheckRefused(Posted(*sim, WithText(Cmd(CommandKind::NotifyAuthority, Team::SecOps, "", "gdpr"), "early_warning")), "invalid");
        CheckRefused(Posted(*sim, WithText(Cmd(CommandKind::NotifyAuthority, Team::SecOps, "", "dora"), "notification")), "invalid");
        CheckRefused(Posted(*sim, Cmd(CommandKind::NotifyAuthority, Team::SecOps, "", "nis2")), "invalid");
        const auto& n = sim->world().notifications;
        REQUIRE(n.size() == 2);
        CHECK(n[0].regime == "nis2");
        CHECK(n[0].stage == "early_warning");
        CHECK(n[1].regime == "gdpr");
        CHECK(n[1].by == Team::ITOps);
    }
    SECTION("send_message: to a team or the war room; empty or to nobody known is invalid")
    {
        CHECK(Posted(*sim, WithText(Cmd(CommandKind::SendMessage, Team::SecOps, "", "itops"), "isolating ws-01"))["ok"] == true);
        CHECK(Posted(*sim, WithText(Cmd(CommandKind::SendMessage, Team::ITOps, ""), "all hands"))["ok"] == true);
        CheckRefused(Posted(*sim, Cmd(CommandKind::SendMessage, Team::SecOps, "", "itops")), "invalid");
        CheckRefused(Posted(*sim, WithText(Cmd(CommandKind::SendMessage, Team::SecOps, "", "ceo"), "hi")), "invalid");
        const auto& m = sim->world().messages;
        REQUIRE(m.size() == 2);
        CHECK(m[0].to == Team::ITOps);
        CHECK(m[0].text == "isolating ws-01");
        CHECK_FALSE(m[1].to.has_value());
    }
    SECTION("telling the owner first makes a disruptive action coordinated")
    {
        // SecOps isolating ITOps' workstations: ws-01 announced, ws-02 not, ws-03 announced about another host.
        sim->Post(WithText(Cmd(CommandKind::SendMessage, Team::SecOps, "", "itops"), "isolating ws-01 now"));
        sim->Post(WithText(Cmd(CommandKind::SendMessage, Team::SecOps, ""), "looking at srv-01"));
        const uint64_t told = sim->Post(Cmd(CommandKind::IsolateHost, Team::SecOps, "ws-01")).id;
        const uint64_t untold = sim->Post(Cmd(CommandKind::IsolateHost, Team::SecOps, "ws-02")).id;
        const uint64_t other = sim->Post(Cmd(CommandKind::IsolateHost, Team::SecOps, "srv-01", "", true)).id;
        sim->AdvanceTo(kHour);
        CHECK(DoneOf(*sim, told)["uncoordinated"] == false);
        CHECK(DoneOf(*sim, untold)["uncoordinated"] == true);
        CHECK(DoneOf(*sim, other)["uncoordinated"] == true); // an emergency change always is
        // More than four hours later the message no longer counts.
        sim->Post(Cmd(CommandKind::ReleaseHost, Team::SecOps, "ws-01"));
        sim->AdvanceTo(5 * kHour);
        const uint64_t stale = sim->Post(Cmd(CommandKind::IsolateHost, Team::SecOps, "ws-01")).id;
        sim->AdvanceTo(6 * kHour);
        CHECK(DoneOf(*sim, stale)["uncoordinated"] == true);
    }
}

TEST_CASE("Commands - tickets: request_action and close_ticket", "[engine]")
{
    auto sim = StartSmall(NoAutopilot(), QuietScenario());
    const json req = Posted(*sim, WithText(Cmd(CommandKind::RequestAction, Team::SecOps, "db-01", "isolate_host"), "beaconing"));
    REQUIRE(req["ok"] == true);
    const auto tickets = RecordsOf(*sim, "ticket");
    REQUIRE(tickets.size() == 1);
    CHECK(tickets[0]["id"] == 0);
    CHECK(tickets[0]["from"] == "secops");
    CHECK(tickets[0]["to"] == "itops");
    CHECK(tickets[0]["action"] == "isolate_host");
    CHECK(tickets[0]["target"] == "db-01");
    CHECK(tickets[0]["reason"] == "beaconing");
    CHECK(sim->world().KnowledgeOf(Team::ITOps).tickets == std::vector<TicketId>{0});
    CHECK(sim->world().KnowledgeOf(Team::SecOps).tickets.empty());

    SECTION("a command naming the ticket closes it when it completes, and is coordinated")
    {
        sim->AdvanceTo(kHour);
        const uint64_t id = sim->Post(WithTicket(Cmd(CommandKind::IsolateHost, Team::ITOps, "db-01"), 0)).id;
        REQUIRE(Posted(*sim, Cmd(CommandKind::ApproveChange, Team::ITOps, std::to_string(id)))["ok"] == true);
        CHECK(sim->world().tickets[0].status == TicketStatus::Open);
        sim->AdvanceTo(2 * kHour);
        CHECK(DoneOf(*sim, id)["uncoordinated"] == false);
        const auto closed = RecordsOf(*sim, "ticket_closed");
        REQUIRE(closed.size() == 1);
        CHECK(closed[0]["id"] == 0);
        CHECK(closed[0]["status"] == "done");
        CHECK(closed[0]["command"] == id);
        CHECK(sim->world().tickets[0].closed == kHour + 15 * kMinute);
    }
    SECTION("a command for the ticket that fails when it comes due rejects the ticket")
    {
        // SecOps isolates db-01 itself (an emergency change) just before ITOps' isolation completes.
        sim->Post(Cmd(CommandKind::IsolateHost, Team::SecOps, "db-01", "", true));
        sim->AdvanceTo(kMinute);
        const uint64_t id = sim->Post(WithTicket(Cmd(CommandKind::IsolateHost, Team::ITOps, "db-01", "", true), 0)).id;
        sim->AdvanceTo(kHour);
        CHECK(DoneOf(*sim, id)["ok"] == false);
        CHECK(sim->world().tickets[0].status == TicketStatus::Rejected);
        const auto closed = RecordsOf(*sim, "ticket_closed");
        REQUIRE(closed.size() == 1);
        CHECK(closed[0]["status"] == "rejected");
    }
    SECTION("close_ticket: the addressee closes it, once, as done or rejected")
    {
        CheckRefused(Posted(*sim, Cmd(CommandKind::CloseTicket, Team::SecOps, "0", "done")), "permission");
        CheckRefused(Posted(*sim, Cmd(CommandKind::CloseTicket, Team::ITOps, "0", "maybe")), "invalid");
        CheckRefused(Posted(*sim, Cmd(CommandKind::CloseTicket, Team::ITOps, "7", "done")), "unknown_target");
        const json r = Posted(*sim, WithText(Cmd(CommandKind::CloseTicket, Team::ITOps, "0", "rejected"), "db-01 is clean"));
        CHECK(r["ok"] == true);
        const auto closed = RecordsOf(*sim, "ticket_closed");
        REQUIRE(closed.size() == 1);
        CHECK(closed[0]["status"] == "rejected");
        CHECK(closed[0]["command"] == r["id"]);
        CheckRefused(Posted(*sim, Cmd(CommandKind::CloseTicket, Team::ITOps, "0", "done")), "precondition");
    }
    SECTION("request_action names a real kind; the facilitator does not request")
    {
        CheckRefused(Posted(*sim, Cmd(CommandKind::RequestAction, Team::SecOps, "db-01", "unplug_it")), "invalid");
        CheckRefused(Posted(*sim, Cmd(CommandKind::RequestAction, Team::Facilitator, "db-01", "isolate_host")), "permission");
        // ITOps asking SecOps lands in SecOps' queue.
        CHECK(Posted(*sim, Cmd(CommandKind::RequestAction, Team::ITOps, "ws-01", "investigate_host"))["ok"] == true);
        CHECK(sim->world().KnowledgeOf(Team::SecOps).tickets == std::vector<TicketId>{1});
    }
}

TEST_CASE("Commands - triage and investigation", "[engine]")
{
    Scenario s = QuietScenario();
    s.world.sensor_types[0].fp_per_day = 100; // EDR noise: alerts to triage within minutes
    Host& ws2 = s.world.hosts[s.world.FindHost("ws-02")];
    ws2.compromise = 2;
    ws2.persistence = true;
    auto sim = StartSmall(NoAutopilot(), s);
    sim->AdvanceTo(kHour);
    REQUIRE(sim->world().alerts.size() >= 2);
    REQUIRE(sim->world().alerts[0].team == Team::SecOps);

    SECTION("triage_alert: the verdict is recorded when it completes; a second verdict is refused")
    {
        const json r = Posted(*sim, Cmd(CommandKind::TriageAlert, Team::SecOps, "0", "false_positive"));
        CHECK(r["due"] == kHour + 5 * kMinute);
        CHECK(sim->world().alerts[0].status == AlertStatus::New);
        sim->AdvanceTo(kHour + 5 * kMinute);
        CHECK(sim->world().alerts[0].status == AlertStatus::FalsePositive);
        CHECK(sim->world().alerts[0].triaged_at == kHour + 5 * kMinute);
        CheckRefused(Posted(*sim, Cmd(CommandKind::TriageAlert, Team::SecOps, "0", "true_positive")), "precondition");
        CHECK(Posted(*sim, Cmd(CommandKind::TriageAlert, Team::SecOps, "1", "true_positive"))["ok"] == true);
    }
    SECTION("a verdict is true_positive or false_positive")
    {
        CheckRefused(Posted(*sim, Cmd(CommandKind::TriageAlert, Team::SecOps, "0", "maybe")), "invalid");
        CheckRefused(Posted(*sim, Cmd(CommandKind::TriageAlert, Team::SecOps, "zero", "true_positive")), "unknown_target");
    }
    SECTION("siloed: ITOps cannot triage an alert in SecOps' tool; converged it can")
    {
        CheckRefused(Posted(*sim, Cmd(CommandKind::TriageAlert, Team::ITOps, "0", "true_positive")), "permission");
        RunOptions ro = NoAutopilot();
        ro.org = OrgProfile::Converged;
        auto conv = StartSmall(ro, s);
        conv->AdvanceTo(kHour);
        REQUIRE_FALSE(conv->world().alerts.empty());
        CHECK(Posted(*conv, Cmd(CommandKind::TriageAlert, Team::ITOps, "0", "true_positive"))["ok"] == true);
    }
    SECTION("investigate_host: a finding for the team, with what a forensic look reveals")
    {
        const uint64_t dirty = sim->Post(Cmd(CommandKind::InvestigateHost, Team::SecOps, "ws-02")).id;
        const uint64_t clean = sim->Post(Cmd(CommandKind::InvestigateHost, Team::SecOps, "ws-03")).id;
        sim->AdvanceTo(kHour + 45 * kMinute);
        const auto& f = sim->world().KnowledgeOf(Team::SecOps).findings;
        REQUIRE(f.size() == 2);
        CHECK(f[0].host == sim->world().FindHost("ws-02"));
        CHECK(f[0].compromised);
        CHECK(f[0].persistence);
        const World& w = sim->world();
        CHECK(f[0].credentials_exposed == std::vector<IdentityId>{w.FindIdentity("u-ws-02"), w.FindIdentity("helpdesk")});
        CHECK(DoneOf(*sim, dirty)["message"] ==
              "ws-02: compromised (admin level); persistence found; credentials exposed: u-ws-02 helpdesk");
        CHECK_FALSE(f[1].compromised);
        CHECK(f[1].credentials_exposed.empty()); // nothing exposed on a clean host
        CHECK(DoneOf(*sim, clean)["message"] == "ws-03: no sign of compromise");
        CHECK(w.KnowledgeOf(Team::ITOps).findings.empty()); // siloed: SecOps' finding stays with SecOps
    }
}

// Bringing a host back disrupts nothing: SecOps may release a production host it isolated.
TEST_CASE("Commands - SecOps releases a production host it isolated", "[engine]")
{
    auto sim = StartSmall(NoAutopilot(), QuietScenario());
    REQUIRE(sim->Post(Cmd(CommandKind::IsolateHost, Team::SecOps, "db-01", "", true)).ok());
    sim->AdvanceTo(kHour);
    CHECK(Posted(*sim, Cmd(CommandKind::ReleaseHost, Team::SecOps, "db-01"))["ok"] == true);
    sim->AdvanceTo(2 * kHour);
    CHECK(sim->world().hosts[sim->world().FindHost("db-01")].state == HostState::Running);
}

// The ticket a command names must have asked for it: otherwise the command is refused, and it
// neither counts as coordinated nor closes the ticket.
TEST_CASE("Commands - a command naming a ticket that did not ask for it is not coordinated", "[engine]")
{
    auto sim = StartSmall(NoAutopilot(), QuietScenario());
    // ITOps asks SecOps to investigate ws-03 (ticket 0).
    REQUIRE(sim->Post(Cmd(CommandKind::RequestAction, Team::ITOps, "ws-03", "investigate_host")).ok());
    const json unrelated = Posted(*sim, WithTicket(Cmd(CommandKind::IsolateHost, Team::SecOps, "ws-02"), 0));
    const json missing = Posted(*sim, WithTicket(Cmd(CommandKind::IsolateHost, Team::SecOps, "ws-01"), 42));
    sim->AdvanceTo(kHour);
    CHECK((unrelated["ok"] == false || DoneOf(*sim, unrelated["id"])["uncoordinated"] == true));
    CHECK((missing["ok"] == false || DoneOf(*sim, missing["id"])["uncoordinated"] == true));
    CHECK(sim->world().tickets[0].status == TicketStatus::Open); // nobody investigated ws-03
}

TEST_CASE("Commands - the compact host states follow every host state change", "[engine]")
{
    // World::host_states mirrors hosts[h].state for the event loop (world.h); SetHostState writes
    // both. Along whole runs of every built-in scenario, autopilots isolating, rebuilding and
    // restoring hosts and operations events taking them down, the two never differ.
    for (const auto& b : BuiltinScenarios()) {
        INFO(b.id);
        RunOptions ro;
        ro.seed = 2;
        auto sim = StartScenario(b.id, ro);
        REQUIRE(sim);
        const World& w = sim->world();
        REQUIRE(w.host_states.size() == w.hosts.size());
        size_t changes = 0;
        bool same = true;
        sim->on_record = [&](const RecordRef& r) {
            if (r.type() != "host") return;
            ++changes;
            for (size_t h = 0; h < w.hosts.size(); ++h) same = same && w.StateOf((HostId)h) == w.hosts[h].state;
        };
        sim->RunToEnd();
        CHECK(same);
        if (b.id == std::string("ransomware-phish")) CHECK(changes > 0);
        for (size_t h = 0; h < w.hosts.size(); ++h) CHECK(w.StateOf((HostId)h) == w.hosts[h].state);
    }
}

TEST_CASE("Commands - add_note: on an alert, its group or the exercise, with a bounded text", "[engine]")
{
    Scenario s = QuietScenario();
    s.world.sensor_types[0].fp_per_day = 100; // EDR noise: SecOps alerts to write on
    auto sim = StartSmall(NoAutopilot(), s);
    sim->AdvanceTo(kHour);
    REQUIRE_FALSE(sim->world().alerts.empty());
    REQUIRE(sim->world().alerts[0].team == Team::SecOps);
    const std::string alert = "0";

    SECTION("a player's note on an alert, on its group, on the exercise: kept with who, when and what")
    {
        CHECK(Posted(*sim, WithText(Cmd(CommandKind::AddNote, Team::SecOps, alert), "checked with the user: she did not open it"))["ok"] == true);
        CHECK(Posted(*sim, WithText(Cmd(CommandKind::AddNote, Team::SecOps, alert, "group shared"), "the backup agent again"))["ok"] == true);
        const json r = Posted(*sim, WithText(Cmd(CommandKind::AddNote, Team::ITOps, ""), "decided not to notify yet: no personal data"));
        CHECK(r["ok"] == true);
        CHECK(DoneOf(*sim, r["id"])["message"] == "noted");
        const auto& notes = sim->world().notes;
        REQUIRE(notes.size() == 3);
        CHECK(notes[0].by == Team::SecOps);
        CHECK(notes[0].alert == 0);
        CHECK(notes[0].time == kHour);
        CHECK_FALSE(notes[0].group);
        CHECK_FALSE(notes[0].shared);
        CHECK(notes[1].group);
        CHECK(notes[1].shared);
        CHECK(notes[2].alert == kNone);
        CHECK(notes[2].by == Team::ITOps);
    }
    SECTION("the text: empty, too long, a line break, a tab, a control character or broken UTF-8 is refused, saying which")
    {
        const json empty = Posted(*sim, WithText(Cmd(CommandKind::AddNote, Team::SecOps, alert), "   "));
        CheckRefused(empty, "invalid");
        CHECK(empty["message"] == "the note is empty");
        const json line = Posted(*sim, WithText(Cmd(CommandKind::AddNote, Team::SecOps, alert), "first\nsecond"));
        CheckRefused(line, "invalid");
        CHECK(line["message"] == "the note holds a control character (U+000A) at character 6: a note is one line of text, without tabs or line breaks");
        CheckRefused(Posted(*sim, WithText(Cmd(CommandKind::AddNote, Team::SecOps, alert), "a\tb")), "invalid");
        CheckRefused(Posted(*sim, WithText(Cmd(CommandKind::AddNote, Team::SecOps, alert), "bell \x07")), "invalid");
        CheckRefused(Posted(*sim, WithText(Cmd(CommandKind::AddNote, Team::SecOps, alert), "c1 \xC2\x85 next line")), "invalid");
        const json broken = Posted(*sim, WithText(Cmd(CommandKind::AddNote, Team::SecOps, alert), "caf\xC3"));
        CheckRefused(broken, "invalid");
        CHECK(broken["message"] == "the note is not valid UTF-8 (byte 4)");
        const json longer = Posted(*sim, WithText(Cmd(CommandKind::AddNote, Team::SecOps, alert), std::string(kNoteMaxChars + 1, 'x')));
        CheckRefused(longer, "invalid");
        CHECK(longer["message"] == "the note is 501 characters long: at most 500");
        // 500 characters are fine, even when some take two bytes; accents and symbols are text.
        std::string most;
        for (size_t i = 0; i < kNoteMaxChars; ++i) most += i % 2 ? "\xC3\xA9" : "a";
        CHECK(Posted(*sim, WithText(Cmd(CommandKind::AddNote, Team::SecOps, alert), most))["ok"] == true);
        CHECK(sim->world().notes.size() == 1); // the refused ones left nothing
    }
    SECTION("the alert: one the team's tools show; a group names one of its alerts; value words only")
    {
        CheckRefused(Posted(*sim, WithText(Cmd(CommandKind::AddNote, Team::SecOps, "99999"), "x")), "unknown_target");
        CheckRefused(Posted(*sim, WithText(Cmd(CommandKind::AddNote, Team::SecOps, "zero"), "x")), "unknown_target");
        const json other = Posted(*sim, WithText(Cmd(CommandKind::AddNote, Team::ITOps, alert), "x"));
        CheckRefused(other, "permission"); // siloed: SecOps' EDR is not ITOps' tool
        CHECK(Contains(other["message"], "cannot see"));
        CheckRefused(Posted(*sim, WithText(Cmd(CommandKind::AddNote, Team::SecOps, "", "group"), "x")), "invalid");
        CheckRefused(Posted(*sim, WithText(Cmd(CommandKind::AddNote, Team::SecOps, alert, "private"), "x")), "invalid");
        // The facilitator writes on anything, for the debrief only: sharing it is refused.
        CHECK(Posted(*sim, WithText(Cmd(CommandKind::AddNote, Team::Facilitator, alert), "good catch"))["ok"] == true);
        CheckRefused(Posted(*sim, WithText(Cmd(CommandKind::AddNote, Team::Facilitator, "", "shared"), "x")), "invalid");
    }
    SECTION("notes are part of the state: the same notes give the same hash, another text another")
    {
        auto twin = StartSmall(NoAutopilot(), s);
        twin->AdvanceTo(kHour);
        const uint64_t before = sim->StateHash();
        CHECK(twin->StateHash() == before);
        sim->Post(WithText(Cmd(CommandKind::AddNote, Team::SecOps, alert), "seen before"));
        twin->Post(WithText(Cmd(CommandKind::AddNote, Team::SecOps, alert), "seen before"));
        CHECK(sim->StateHash() == twin->StateHash());
        CHECK(sim->StateHash() != before);
        auto other = StartSmall(NoAutopilot(), s);
        other->AdvanceTo(kHour);
        other->Post(WithText(Cmd(CommandKind::AddNote, Team::SecOps, alert), "seen before!"));
        CHECK(other->StateHash() != sim->StateHash());
    }
}
