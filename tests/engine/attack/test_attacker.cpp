// test_attacker.cpp: the attacker's campaign (engine/attack/attacker.cpp) on the small test estate.
//
// Autopilots are off (NoAutopilot): the only defender is the test, posting commands at chosen
// moments through RunReacting. The small scenario's story: phish ws-01, dump its credentials
// (helpdesk, vpn), hunt for a better credential on ws-03 (dadmin), reach the DC, then the database,
// stage and exfiltrate the customer store, encrypt the server zone.
#include "test_world.h"
#include "exercise/views.h"
#include "invariants.h"
#include "scorecard.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

using namespace bdtest;
using nlohmann::json;
using Ids = std::vector<std::string>;

namespace {

// Hosts where a foothold was gained, in order.
Ids FootholdsGained(const Simulation& sim)
{
    Ids out;
    for (const auto& r : RecordsOf(sim, "foothold"))
        if (r["gained"] == true) out.push_back(r["host"]);
    return out;
}

// "campaign" records with the given event.
std::vector<json> CampaignEvents(const Simulation& sim, const std::string& event)
{
    std::vector<json> out;
    for (const auto& r : RecordsOf(sim, "campaign"))
        if (r["event"] == event) out.push_back(r);
    return out;
}

bool Has(const Ids& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

Command Isolate(const std::string& host, bool emergency = false)
{
    return Cmd(CommandKind::IsolateHost, Team::ITOps, host, "", emergency);
}

} // namespace

TEST_CASE("Attacker - the small campaign reaches the DC by hunting credentials", "[engine]")
{
    // A scripted campaign takes the first candidate every time: the story is the same for every seed.
    for (uint64_t seed : {1, 2, 3, 17}) {
        INFO("seed " << seed);
        auto sim = StartSmall(NoAutopilot(seed));
        sim->RunToEnd();
        const World& w = sim->world();

        // helpdesk (from ws-01) is admin on ws-03 only among workstations; dadmin is cached on ws-03.
        CHECK(FootholdsGained(*sim) == Ids{"ws-01", "ws-03", "dc-01", "db-01"});
        bool dumped_on_ws03 = false;
        for (const auto& r : RecordsOf(*sim, "technique"))
            dumped_on_ws03 |= r["host"] == "ws-03" && r["technique"] == "T1003.001" && r["ok"] == true;
        CHECK(dumped_on_ws03); // it went to ws-03 for the credential, and dumped it at once
        Ids stolen;
        for (const auto& r : RecordsOf(*sim, "credential"))
            if (r["event"] == "stolen") stolen.push_back(r["identity"]);
        CHECK(stolen == Ids{"u-ws-01", "helpdesk", "vpn", "u-ws-03", "dadmin"});

        // Collection and exfiltration of the customer store.
        const auto staged = RecordsOf(*sim, "staged");
        REQUIRE(staged.size() == 1);
        CHECK(staged[0]["store"] == "customers");
        const auto exfil = RecordsOf(*sim, "exfiltration");
        REQUIRE(exfil.size() == 1);
        CHECK(exfil[0]["records"] == 1000);
        CHECK(exfil[0]["personal_data"] == true);
        CHECK(w.stores[0].exfiltrated == 1000);

        // Impact: every host of the server zone (count 0 = all it can reach), nothing else.
        for (const auto& h : w.hosts) CHECK(h.encrypted == (w.zones[h.zone].id == "server"));
        for (const auto& s : w.services) {
            CHECK_FALSE(s.up);
            CHECK(s.cause == Cause::Attacker);
        }
        CHECK(CampaignEvents(*sim, "finished").size() == 1);
        CHECK(w.attacker.finished);
        CHECK_FALSE(w.attacker.contained);
        CHECK(CampaignEvents(*sim, "stuck").empty());
    }
}

TEST_CASE("Attacker - lateral movement needs a credential or a remote vulnerability", "[engine]")
{
    SECTION("without helpdesk cached on ws-01 there is no path: stuck, never on dc-01")
    {
        Scenario s = SmallScenario();
        Identity& helpdesk = s.world.identities[s.world.FindIdentity("helpdesk")];
        helpdesk.cached_on = {s.world.FindHost("ws-02")}; // still on a workstation, but not the phished one
        auto sim = StartSmall(NoAutopilot(), s);
        sim->RunToEnd();
        const auto stuck = CampaignEvents(*sim, "stuck");
        REQUIRE_FALSE(stuck.empty());
        CHECK(stuck[0]["detail"].get<std::string>().find("dc-01") != std::string::npos);
        const Ids gained = FootholdsGained(*sim);
        CHECK(gained == Ids{"ws-01"});
        CHECK_FALSE(sim->world().hosts[sim->world().FindHost("dc-01")].compromise);
        // Nothing reachable with admin rights: no staging, no exfiltration, no encryption.
        CHECK(RecordsOf(*sim, "exfiltration").empty());
        for (const auto& h : sim->world().hosts) CHECK_FALSE(h.encrypted);
    }
    SECTION("the same estate with an unpatched remote vulnerability on dc-01: straight there")
    {
        Scenario s = SmallScenario();
        s.world.identities[s.world.FindIdentity("helpdesk")].cached_on = {s.world.FindHost("ws-02")};
        s.world.vulns = {Vulnerability{"CVE-2020-1472", "Netlogon", -30 * kDay, true, 0.0}};
        s.world.hosts[s.world.FindHost("dc-01")].vulns = {0};
        auto sim = StartSmall(NoAutopilot(), s);
        sim->RunToEnd();
        const Ids gained = FootholdsGained(*sim);
        REQUIRE(gained.size() >= 2);
        CHECK(gained[0] == "ws-01");
        CHECK(gained[1] == "dc-01"); // no detour over ws-03
        CHECK(CampaignEvents(*sim, "stuck").empty());
    }
    SECTION("a vulnerability not yet disclosed is no path")
    {
        Scenario s = SmallScenario();
        s.world.identities[s.world.FindIdentity("helpdesk")].cached_on = {s.world.FindHost("ws-02")};
        s.world.vulns = {Vulnerability{"CVE-2099-0001", "Netlogon", 30 * kDay, true, 0.0}};
        s.world.hosts[s.world.FindHost("dc-01")].vulns = {0};
        auto sim = StartSmall(NoAutopilot(), s);
        sim->RunToEnd();
        CHECK_FALSE(Has(FootholdsGained(*sim), "dc-01"));
        CHECK_FALSE(CampaignEvents(*sim, "stuck").empty());
    }
}

TEST_CASE("Attacker - re-planning after losing the current foothold", "[engine]")
{
    SECTION("isolating the DC it works from: it carries on from a foothold it still has")
    {
        auto sim = StartSmall(NoAutopilot());
        RunReacting(*sim, [&](const json& r) {
            if (r["type"] == "foothold" && r["gained"] == true && r["host"] == "dc-01")
                REQUIRE(sim->Post(Isolate("dc-01", true)).ok()); // production: an emergency change runs now
            return true;
        });
        const World& w = sim->world();
        CHECK(w.hosts[w.FindHost("dc-01")].state == HostState::Isolated);
        // After the isolation every technique runs elsewhere, and the campaign still gets to the database.
        SimTime isolated_at = -1;
        for (const auto& r : RecordsOf(*sim, "host"))
            if (r["id"] == "dc-01" && r["state"] == "isolated") isolated_at = r["t"];
        REQUIRE(isolated_at > 0);
        int after = 0;
        for (const auto& r : RecordsOf(*sim, "technique"))
            if (r["t"].get<SimTime>() > isolated_at) {
                ++after;
                CHECK(r["host"] != "dc-01");
            }
        CHECK(after > 0);
        CHECK(Has(FootholdsGained(*sim), "db-01"));
        CHECK(CampaignEvents(*sim, "quiet").empty()); // it never lost every foothold
        CHECK_FALSE(w.hosts[w.FindHost("dc-01")].encrypted); // isolated hosts are out of its reach
        CHECK(w.hosts[w.FindHost("db-01")].encrypted);
    }
}

TEST_CASE("Attacker - with no foothold left it goes quiet / re-enters / and gives up after max_reentries", "[engine]")
{
    // The phish may land on any workstation, so a re-entry can pick another one.
    Scenario s = SmallScenario();
    s.campaign.stages[0].target = TargetSelector{};
    s.campaign.stages[0].target.kinds = {"workstation"};
    s.duration_s = 20 * kDay; // re-entries come after hours of lying low: room for all of them

    auto run = [](Scenario sc) {
        auto sim = StartSmall(NoAutopilot(), std::move(sc));
        // An open ticket keeps the exercise going while the attacker lies low (otherwise it ends as
        // contained the moment the last foothold is isolated).
        Command keep = Cmd(CommandKind::RequestAction, Team::SecOps, "ws-01", "investigate_host");
        REQUIRE(sim->Post(keep).ok());
        // Every new foothold is isolated before the attacker can dump anything from it.
        RunReacting(*sim, [&](const json& r) {
            if (r["type"] == "foothold" && r["gained"] == true) REQUIRE(sim->Post(Isolate(r["host"])).ok());
            return true;
        });
        return sim;
    };

    SECTION("max_reentries 2: three phished workstations, two quiet spells, then gave_up")
    {
        auto sim = run(s);
        CHECK(FootholdsGained(*sim) == Ids{"ws-01", "ws-02", "ws-03"});
        const auto quiet = CampaignEvents(*sim, "quiet");
        REQUIRE(quiet.size() == 2);
        for (const auto& q : quiet) CHECK(q["detail"].get<std::string>().find("new initial access") != std::string::npos);
        int again = 0;
        for (const auto& r : RecordsOf(*sim, "technique")) {
            if (r["name"] == "Phish (again)") {
                ++again;
                CHECK(r["technique"] == "T1566.001");
            }
        }
        CHECK(again == 2);
        const auto gave_up = CampaignEvents(*sim, "gave_up");
        REQUIRE(gave_up.size() == 1);
        CHECK(gave_up[0]["detail"].get<std::string>().find("no re-entry left") != std::string::npos);
        CHECK(sim->world().attacker.gave_up);
        CHECK(sim->world().attacker.reentry_attempts == 2);
        // Quiet spells come before each re-entry; giving up is the last thing it does.
        CHECK(quiet[0]["t"] < quiet[1]["t"]);
        CHECK(quiet[1]["t"] < gave_up[0]["t"]);
        CHECK(RecordsOf(*sim, "credential").empty()); // it never got to dump anything
    }
    SECTION("max_reentries 0: the first loss ends the campaign")
    {
        s.campaign.max_reentries = 0;
        auto sim = run(s);
        CHECK(FootholdsGained(*sim) == Ids{"ws-01"});
        CHECK(CampaignEvents(*sim, "quiet").empty());
        CHECK(CampaignEvents(*sim, "gave_up").size() == 1);
    }
}

TEST_CASE("Attacker - a re-entry whose one way in is offline for now waits for it - then gives up after three waits", "[engine]")
{
    // The small campaign phishes ws-01 only. Its foothold is isolated at once; the re-entry then finds
    // ws-01 isolated (not a way in for now). It must not give up because the defenders are at work.
    Scenario s = SmallScenario();
    s.duration_s = 20 * kDay;
    s.campaign.max_reentries = 1;
    auto sim = StartSmall(NoAutopilot(), std::move(s));
    Command keep = Cmd(CommandKind::RequestAction, Team::SecOps, "ws-01", "investigate_host");
    REQUIRE(sim->Post(keep).ok());
    const bool release = GENERATE(true, false);
    bool released = false;
    RunReacting(*sim, [&](const json& r) {
        if (r["type"] == "foothold" && r["gained"] == true) REQUIRE(sim->Post(Isolate(r["host"])).ok());
        // The defenders rebuild ws-01 after the attacker's first wait: the host is a way in again.
        if (release && !released && r["type"] == "campaign" && r["event"] == "quiet" &&
            r["detail"].get<std::string>().find("closed for now") != std::string::npos) {
            released = true;
            REQUIRE(sim->Post(Cmd(CommandKind::ReimageHost, Team::ITOps, "ws-01")).ok());
        }
        return true;
    });
    int waits = 0;
    for (const auto& q : CampaignEvents(*sim, "quiet"))
        waits += q["detail"].get<std::string>().find("closed for now") != std::string::npos;
    int again = 0;
    for (const auto& r : RecordsOf(*sim, "technique")) again += r["name"] == "Phish (again)" && r["ok"] == true;
    if (release) {
        CHECK(waits >= 1);
        CHECK(again == 1); // it came back through the rebuilt ws-01
        CHECK(FootholdsGained(*sim) == Ids{"ws-01", "ws-01"});
    } else {
        CHECK(waits == 3);
        CHECK(again == 0);
        const auto gave_up = CampaignEvents(*sim, "gave_up");
        REQUIRE(gave_up.size() == 1);
        CHECK(gave_up[0]["detail"] == "no way back in");
    }
    CHECK(sim->world().attacker.gave_up);
}

TEST_CASE("Attacker - back in from elsewhere, a stage with nothing in reach goes back the way it came first", "[engine]")
{
    // The office no longer reaches the servers; the DMZ does. The story: phish ws-01, dump its
    // credentials (helpdesk: admin on the workstations, web-01 and srv-01; vpn: remote access), move
    // to web-01 in the DMZ, encrypt srv-01 from there. When web-01 is taken, the defenders isolate
    // ws-01 and rebuild web-01: the attacker logs back in with vpn on ws-02 (office), where srv-01 is
    // out of reach. It must walk the move to web-01 again, then encrypt.
    Scenario s = SmallScenario();
    s.duration_s = 10 * kDay;
    s.world.flows[2][3] = 0; // office -/-> server
    s.world.identities[3].admin_on = {0, 1, 2, 3, 4};
    Stage to_web = s.campaign.stages[3];
    to_web.name = "To the web server";
    to_web.target = TargetSelector{};
    to_web.target.host = "web-01";
    Stage encrypt = s.campaign.stages.back();
    encrypt.target = TargetSelector{};
    encrypt.target.host = "srv-01";
    encrypt.duration = DurationDist{6 * kHour, 0.1}; // long enough for the defenders to act first
    s.campaign.stages = {s.campaign.stages[0], s.campaign.stages[1], s.campaign.stages[2], to_web, encrypt};
    auto sim = StartSmall(NoAutopilot(), std::move(s));
    bool acted = false;
    RunReacting(*sim, [&](const json& r) {
        if (!acted && r["type"] == "foothold" && r["gained"] == true && r["host"] == "web-01") {
            acted = true;
            REQUIRE(sim->Post(Isolate("ws-01")).ok());
            REQUIRE(sim->Post(Cmd(CommandKind::ReimageHost, Team::ITOps, "web-01")).ok());
        }
        return true;
    });
    REQUIRE(acted);
    const auto retraces = CampaignEvents(*sim, "retraces");
    REQUIRE(retraces.size() == 1);
    CHECK(retraces[0]["stage"] == 4);
    CHECK(retraces[0]["detail"].get<std::string>().find("goes back the way of stage 4 (To the web server, to web-01)") != std::string::npos);
    // The walk again is written as such, after the login; the encryption comes after it, from web-01.
    int64_t login = -1, again = -1, encrypted = -1;
    for (const auto& r : RecordsOf(*sim, "technique")) {
        if (r["technique"] == "T1078" && r["ok"] == true && login < 0) login = r["seq"];
        if (r["name"] == "To the web server (again)" && r["ok"] == true && again < 0) again = r["seq"];
        if (r["technique"] == "T1486" && r["ok"] == true) {
            encrypted = r["seq"];
            CHECK(r["host"] == "web-01");
            CHECK(r["target"] == json::array({"srv-01"}));
        }
    }
    CHECK(login >= 0);
    CHECK(login < again);
    CHECK(again < encrypted);
    const auto& out = sim->world().attacker.outcomes;
    CHECK(out[3].status == StageStatus::Done); // the first walk's outcome stands
    CHECK(out[4].status == StageStatus::Done);
    CHECK(CheckJournal(sim->journal().Records()).empty());
}

TEST_CASE("Attacker - a stolen remote-access credential is its way back in (T1078)", "[engine]")
{
    auto sim = StartSmall(NoAutopilot());
    // Isolate ws-01 once its credentials (helpdesk, vpn) are dumped, before the attacker moves on.
    RunReacting(*sim, [&](const json& r) {
        if (r["type"] == "credential" && r["identity"] == "vpn" && r["event"] == "stolen")
            REQUIRE(sim->Post(Isolate("ws-01")).ok());
        return true;
    });
    const auto quiet = CampaignEvents(*sim, "quiet");
    REQUIRE_FALSE(quiet.empty());
    CHECK(quiet[0]["detail"].get<std::string>().find("stolen remote-access credential") != std::string::npos);
    json login;
    for (const auto& r : RecordsOf(*sim, "technique"))
        if (r["technique"] == "T1078" && login.is_null()) login = r;
    REQUIRE_FALSE(login.is_null());
    CHECK(login["ok"] == true);
    CHECK(login["host"] == "");                          // from outside the estate
    CHECK(login["target"] == json::array({"ws-02"}));    // ws-01, where vpn is cached, is isolated: another running workstation
    const Ids gained = FootholdsGained(*sim);
    REQUIRE(gained.size() >= 2);
    CHECK(gained[1] == "ws-02");
    CHECK(Has(gained, "dc-01"));                          // and on it goes with the credentials it holds
    CHECK(sim->world().attacker.reentry_attempts == 0);   // a stolen login costs no re-entry attempt
    CHECK(CampaignEvents(*sim, "gave_up").empty());
}

TEST_CASE("Attacker - blocking the C2 indicator in use forces the next one", "[engine]")
{
    SECTION("blocked, a pause of c2_rebuild_s, then established with the next indicator")
    {
        auto sim = StartSmall(NoAutopilot());
        RunReacting(*sim, [&](const json& r) {
            if (r["type"] == "c2" && r["event"] == "established" && r["indicator"] == "bad.example")
                REQUIRE(sim->Post(Cmd(CommandKind::BlockIndicator, Team::SecOps, "bad.example")).ok());
            return true;
        });
        const auto c2 = RecordsOf(*sim, "c2");
        REQUIRE(c2.size() == 3);
        CHECK(c2[0]["event"] == "established");
        CHECK(c2[1]["event"] == "blocked");
        CHECK(c2[1]["indicator"] == "bad.example");
        CHECK(c2[2]["event"] == "established");
        CHECK(c2[2]["indicator"] == "203.0.113.9");
        CHECK(c2[2]["t"].get<SimTime>() - c2[1]["t"].get<SimTime>() == 2 * kHour); // the scenario's c2_rebuild_s
        // While it has no channel, nothing that needs one runs.
        for (const auto& r : RecordsOf(*sim, "technique"))
            CHECK_FALSE((r["t"] > c2[1]["t"] && r["t"] < c2[2]["t"]));
        CHECK(Has(FootholdsGained(*sim), "dc-01")); // then the campaign carries on
    }
    SECTION("blocking an indicator it does not use (yet) changes nothing")
    {
        auto sim = StartSmall(NoAutopilot());
        RunReacting(*sim, [&](const json& r) {
            if (r["type"] == "c2" && r["event"] == "established")
                REQUIRE(sim->Post(Cmd(CommandKind::BlockIndicator, Team::SecOps, "203.0.113.9")).ok());
            return true;
        });
        const auto c2 = RecordsOf(*sim, "c2");
        REQUIRE(c2.size() == 1);
        CHECK(c2[0]["indicator"] == "bad.example");
    }
    SECTION("every indicator blocked: it goes quiet and does nothing more over C2")
    {
        auto sim = StartSmall(NoAutopilot());
        RunReacting(*sim, [&](const json& r) {
            if (r["type"] == "c2" && r["event"] == "established" && r["indicator"] == "bad.example") {
                REQUIRE(sim->Post(Cmd(CommandKind::BlockIndicator, Team::SecOps, "bad.example")).ok());
                REQUIRE(sim->Post(Cmd(CommandKind::BlockIndicator, Team::ITOps, "203.0.113.9")).ok());
            }
            return true;
        });
        const auto quiet = CampaignEvents(*sim, "quiet");
        REQUIRE(quiet.size() == 1);
        CHECK(quiet[0]["detail"] == "every C2 channel is blocked");
        CHECK(FootholdsGained(*sim) == Ids{"ws-01"});
        CHECK(RecordsOf(*sim, "credential").empty()); // the dump needed C2
    }
}

TEST_CASE("Attacker - a reset credential stops working", "[engine]")
{
    // The attacker lies low for two hours after dumping ws-01: time for the defenders to reset.
    Scenario s = SmallScenario();
    s.campaign.stages[2].quiet_after_s = 2 * kHour;
    REQUIRE(s.campaign.stages[2].name == "Dump");

    SECTION("helpdesk reset before it is used: no hop to ws-03, stuck short of the DC")
    {
        auto sim = StartSmall(NoAutopilot(), s);
        bool reset = false;
        RunReacting(*sim, [&](const json& r) {
            if (!reset && r["type"] == "credential" && r["identity"] == "helpdesk" && r["event"] == "stolen") {
                REQUIRE(sim->Post(Cmd(CommandKind::ResetCredential, Team::ITOps, "helpdesk")).ok());
                reset = true;
            }
            return true;
        });
        const World& w = sim->world();
        CHECK(w.identities[w.FindIdentity("helpdesk")].generation == 1);
        const auto stuck = CampaignEvents(*sim, "stuck");
        REQUIRE_FALSE(stuck.empty());
        CHECK(stuck[0]["detail"].get<std::string>().find("To the DC") != std::string::npos);
        CHECK_FALSE(Has(FootholdsGained(*sim), "dc-01"));

        // But ws-01 is still its foothold and helpdesk still logs on there: the next credential dump
        // (DCSync, run on ws-01) takes the new password, and only then does it move on.
        std::vector<SimTime> stolen_at;
        for (const auto& r : RecordsOf(*sim, "credential"))
            if (r["identity"] == "helpdesk" && r["event"] == "stolen") stolen_at.push_back(r["t"]);
        REQUIRE(stolen_at.size() == 2);
        CHECK(stolen_at[1] > stuck[0]["t"].get<SimTime>());
        SimTime ws03_at = -1;
        for (const auto& r : RecordsOf(*sim, "foothold"))
            if (r["host"] == "ws-03" && r["gained"] == true) ws03_at = r["t"];
        CHECK(ws03_at > stolen_at[1]);
        for (const auto& c : w.attacker.credentials)
            if (c.identity == w.FindIdentity("helpdesk")) CHECK(c.generation == 1);
    }
    SECTION("the same run without the reset: the stolen helpdesk credential takes it to ws-03")
    {
        auto sim = StartSmall(NoAutopilot(), s);
        sim->RunToEnd();
        const Ids gained = FootholdsGained(*sim);
        REQUIRE(gained.size() >= 2);
        CHECK(gained[1] == "ws-03");
    }
    SECTION("dadmin reset after it was used: the footholds it bought stay, further hops need it again")
    {
        auto sim = StartSmall(NoAutopilot(), s);
        RunReacting(*sim, [&](const json& r) {
            if (r["type"] == "foothold" && r["gained"] == true && r["host"] == "dc-01")
                REQUIRE(sim->Post(Cmd(CommandKind::ResetCredential, Team::ITOps, "dadmin")).ok());
            return true;
        });
        // The DC is held (a reset does not evict a foothold); DCSync there re-steals dadmin's new
        // credential, so the way to the database is open again.
        const Ids gained = FootholdsGained(*sim);
        CHECK(Has(gained, "dc-01"));
        CHECK(Has(gained, "db-01"));
        SimTime reset_at = -1;
        std::vector<SimTime> stolen_at;
        for (const auto& r : RecordsOf(*sim, "credential")) {
            if (r["identity"] != "dadmin") continue;
            if (r["event"] == "reset") reset_at = r["t"];
            if (r["event"] == "stolen") stolen_at.push_back(r["t"]);
        }
        REQUIRE(stolen_at.size() == 2);
        CHECK(stolen_at[0] < reset_at);
        CHECK(stolen_at[1] > reset_at); // taken again on the DC
        const World& w = sim->world();
        CHECK(w.identities[w.FindIdentity("dadmin")].generation == 1);
    }
}

// A lateral hop is checked again when the attempt completes: a credential reset (or the target
// isolated) while it is under way makes it fail.
TEST_CASE("Attacker - a reset while a hop is under way makes that hop fail", "[engine]")
{
    auto sim = StartSmall(NoAutopilot());
    // The hop to ws-03 with helpdesk is planned the moment helpdesk is stolen; the reset lands 10
    // minutes later, about half an hour before the hop completes.
    RunReacting(*sim, [&](const json& r) {
        if (r["type"] == "credential" && r["identity"] == "helpdesk" && r["event"] == "stolen")
            REQUIRE(sim->Post(Cmd(CommandKind::ResetCredential, Team::ITOps, "helpdesk")).ok());
        return true;
    });
    CHECK_FALSE(Has(FootholdsGained(*sim), "ws-03"));
}

// Threat intel blocked ahead of time: the attacker starts on the next indicator.
TEST_CASE("Attacker - an indicator blocked ahead of time is never used", "[engine]")
{
    auto sim = StartSmall(NoAutopilot());
    REQUIRE(sim->Post(Cmd(CommandKind::BlockIndicator, Team::SecOps, "bad.example")).ok());
    sim->RunToEnd();
    for (const auto& r : RecordsOf(*sim, "c2"))
        if (r["event"] == "established") CHECK(r["indicator"] != "bad.example");
}

TEST_CASE("Attacker - a stage with nothing to act on fails and says why - then is skipped", "[engine]")
{
    // No collection stage: the exfiltration finds nothing staged; the encryption aims at a kind of
    // host the estate does not have.
    Scenario s = SmallScenario();
    auto& stages = s.campaign.stages;
    stages.erase(stages.begin() + 6); // "Stage"
    stages.back().target.zone.clear();
    stages.back().target.kinds = {"mainframe"};
    auto sim = StartSmall(NoAutopilot(), std::move(s));
    sim->RunToEnd();
    std::vector<std::string> exfil, encrypt;
    for (const auto& r : RecordsOf(*sim, "technique")) {
        if (r["name"] == "Exfil") exfil.push_back(r["ok"] == true ? "ok" : r["reason"].get<std::string>());
        if (r["name"] == "Encrypt") encrypt.push_back(r["ok"] == true ? "ok" : r["reason"].get<std::string>());
    }
    const int tries = sim->scenario().campaign.stages.back().max_attempts;
    CHECK(exfil == std::vector<std::string>((size_t)tries, "nothing staged to exfiltrate"));
    CHECK(encrypt == std::vector<std::string>((size_t)tries, "no reachable target"));
    CHECK(RecordsOf(*sim, "exfiltration").empty());
    // DCSync is skipped too: every credential on the DC is one it took on the way (ws-03's dadmin).
    const auto skipped = CampaignEvents(*sim, "skipped");
    REQUIRE(skipped.size() == 3);
    CHECK(skipped[0]["stage"] == 4);
    CHECK(skipped[0]["detail"] == "DCSync: failed " + std::to_string(tries) + " times (the last: no credential on dc-01 that it does not hold already)");
    CHECK(skipped[1]["stage"] == 6);
    CHECK(skipped[1]["detail"] == "Exfil: failed " + std::to_string(tries) + " times (the last: nothing staged to exfiltrate)");
    CHECK(skipped[2]["stage"] == 7);
    CHECK(CampaignEvents(*sim, "finished").empty());
    const auto ended = CampaignEvents(*sim, "ended");
    REQUIRE(ended.size() == 1);
    CHECK(ended[0]["detail"].get<std::string>().find("the last stage (Encrypt) was skipped: failed") == 0);
    CHECK(ended[0]["detail"].get<std::string>().find("5 of 8 stages done") != std::string::npos);
    // The facilitator's checklist says the same.
    const json view = TeamViewRestJson(*sim, Team::Facilitator);
    const json& outcomes = view["attacker"]["stages"];
    REQUIRE(outcomes.size() == 8);
    CHECK(outcomes[5]["status"] == "done");
    CHECK(outcomes[5]["note"] == "db-01");
    CHECK(outcomes[6]["status"] == "skipped");
    CHECK(outcomes[7]["status"] == "skipped");
    CHECK(CheckJournal(sim->journal().Records()).empty());
}

TEST_CASE("Attacker - every technique names where it acted from and what it hit", "[engine]")
{
    auto sim = StartSmall(NoAutopilot());
    sim->RunToEnd();
    std::map<std::string, json> first; // by stage name, the first success
    for (const auto& r : RecordsOf(*sim, "technique"))
        if (r["ok"] == true && !first.count(r["name"])) first[r["name"]] = r;
    REQUIRE(first.count("Phish"));
    CHECK(first["Phish"]["host"] == "");
    CHECK(first["Phish"]["target"] == json::array({"ws-01"}));
    CHECK(first["Dump"]["host"] == "ws-01");
    CHECK(first["Dump"]["target_kind"] == "identity");
    CHECK(first["Dump"]["target"] == json::array({"u-ws-01", "helpdesk", "vpn"}));
    CHECK(first["Stage"]["target"] == json::array({"customers"}));
    CHECK(first["Stage"]["target_kind"] == "store");
    CHECK(first["Exfil"]["target"] == json::array({"customers"}));
    // The encryption acts from a foothold and names every server it encrypted (not the foothold).
    const json& enc = first["Encrypt"];
    std::vector<std::string> encrypted;
    for (const auto& r : RecordsOf(*sim, "host"))
        if (r["encrypted"] == true && std::find(encrypted.begin(), encrypted.end(), r["id"]) == encrypted.end()) encrypted.push_back(r["id"]);
    std::vector<std::string> target = enc["target"];
    std::sort(target.begin(), target.end());
    std::sort(encrypted.begin(), encrypted.end());
    CHECK(target == encrypted);
    CHECK(target.size() >= 2);
    CHECK(enc["target_kind"] == "host");
    // DCSync finds nothing it does not hold already (it hunted dadmin on ws-03 on the way): skipped,
    // and the campaign's end says so.
    REQUIRE(CampaignEvents(*sim, "finished").size() == 1);
    CHECK(CampaignEvents(*sim, "finished")[0]["detail"] == "the last stage is done; 8 of 9 stages done, skipped: DCSync");
    CHECK(CheckJournal(sim->journal().Records()).empty());
}

// ransomware-phish with its facilitator's script (scenarios/ransomware-phish/scenario.lua: inject 7
// on a successful T1490, "Encryption started on ..." on a successful T1486), played to the end.
static std::unique_ptr<Simulation> RansomwareWithScript(uint64_t seed, bool autopilots)
{
    LoadResult lr = LoadScenario("ransomware-phish", LoadOptions{seed, 0});
    REQUIRE(lr.Ok());
    std::ifstream in(std::string(BD_SOURCE_DIR) + "/scenarios/ransomware-phish/scenario.lua");
    lr.scenario.script_name = "scenario.lua";
    lr.scenario.script_text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    REQUIRE_FALSE(lr.scenario.script_text.empty());
    RunOptions ro = autopilots ? RunOptions{} : NoAutopilot(seed);
    ro.seed = seed;
    ro.org = OrgProfile::Siloed;
    ro.scenario_ref = "ransomware-phish";
    auto sim = std::make_unique<Simulation>(std::move(lr.scenario), ro);
    std::string err;
    REQUIRE(sim->Start(err));
    sim->RunToEnd();
    return sim;
}

TEST_CASE("Attacker - the scenario script sees what T1486 encrypted - rec.target", "[engine]")
{
    auto sim = RansomwareWithScript(1, false); // nobody defends: the campaign runs to its end
    std::vector<std::string> logs;
    for (const auto& r : RecordsOf(*sim, "script_log")) logs.push_back(r["message"]);
    json first;
    for (const auto& r : RecordsOf(*sim, "technique"))
        if (r["technique"] == "T1486" && r["ok"] == true && first.is_null()) first = r;
    REQUIRE_FALSE(first.is_null());
    std::string hosts;
    for (const auto& h : first["target"]) hosts += (hosts.empty() ? "" : ", ") + h.get<std::string>();
    REQUIRE(logs.size() == 1);
    CHECK(logs[0].find("Encryption started on " + hosts + " at T+") == 0);
    CHECK(first["host"] != first["target"][0]); // it acted from a foothold, not on it
    bool vendor_called = false;
    for (const auto& r : RecordsOf(*sim, "inject")) vendor_called |= r["number"] == 7 && r["by"] == "script";
    CHECK(vendor_called);
    CHECK(CheckJournal(sim->journal().Records()).empty());
}

TEST_CASE("Attacker - no phantom effect after the defenders took everything back - ransomware-phish seed 27", "[engine]")
{
    // Issue 14: the domain controller and the ERP server reimaged, every stolen credential reset;
    // the attacker comes back in on a workstation with nothing it can reach. T1490 and T1486 used to
    // be journaled as done (and the script and the report believed them). Now an attempt from there
    // fails and says why; the attacker then goes back the way it came (dc-01 is still open to
    // Zerologon), and what it does from there has its effect in the journal.
    auto sim = RansomwareWithScript(27, true);
    const auto retraces = CampaignEvents(*sim, "retraces");
    REQUIRE(retraces.size() == 1);
    CHECK(retraces[0]["detail"].get<std::string>().find("nothing it can reach from ws-") != std::string::npos);
    int no_target = 0, done = 0;
    for (const auto& r : RecordsOf(*sim, "technique")) {
        if (r["technique"] != "T1490" && r["technique"] != "T1486") continue;
        INFO(r.dump());
        if (r["seq"] < retraces[0]["seq"]) { // from the workstation it came back in on
            CHECK(r["ok"] == false);
            no_target += r["reason"] == "no reachable target";
            CHECK(r["host"].get<std::string>().rfind("ws-", 0) == 0);
            CHECK(r["target"] == json::array());
        } else if (r["ok"] == true) {
            ++done;
            CHECK(r["host"].get<std::string>().rfind("ws-", 0) != 0); // from the ground it walked back to
        }
    }
    CHECK(no_target >= 1);
    // Each success has its effect (CheckJournal's check.* invariants), and the script saw only those.
    CHECK(RecordsOf(*sim, "backups_deleted").size() == (size_t)(done > 0));
    int encrypted_logs = 0, t1486_done = 0;
    for (const auto& r : RecordsOf(*sim, "technique")) t1486_done += r["technique"] == "T1486" && r["ok"] == true;
    for (const auto& r : RecordsOf(*sim, "script_log"))
        encrypted_logs += r["message"].get<std::string>().find("Encryption started") != std::string::npos;
    CHECK(encrypted_logs == t1486_done);
    CHECK(CheckJournal(sim->journal().Records()).empty());
}

TEST_CASE("Attacker - a campaign that is over plans nothing more - one end and no record after it", "[engine]")
{
    // cloud-key-leak seed 1 gave up twice (a C2 rebuild re-planned after it had given up);
    // noisy-day seed 1 went "quiet, will try a new initial access" after it had finished.
    int over = 0;
    for (const char* id : {"cloud-key-leak", "noisy-day", "insider-theft"}) {
        RunOptions ro;
        ro.seed = 1;
        ro.scenario_ref = id;
        auto sim = StartScenario(id, ro);
        REQUIRE(sim);
        sim->RunToEnd();
        int ends = 0, after = 0;
        for (const auto& r : RecordsOf(*sim, "campaign")) {
            after += ends > 0;
            ends += r["event"] == "gave_up" || r["event"] == "finished" || r["event"] == "ended";
        }
        INFO(id);
        CHECK(ends <= 1); // a campaign may still be under way when the exercise ends
        CHECK(after == 0);
        CHECK(CheckJournal(sim->journal().Records()).empty());
        over += ends;
    }
    CHECK(over >= 2); // and most of these did end
}

TEST_CASE("Attacker - one who keeps hours holds its impact for the evening, and says so", "[engine]")
{
    // The small campaign on a Monday from 08:00: without hours it encrypts within the working day.
    auto with_hours = [](double share) {
        Scenario s = SmallScenario();
        s.story_start = ParseStoryStart("Mon 08:00");
        s.campaign.off_hours.share = share;
        s.campaign.off_hours.actions = {StageAction::Impact};
        return s;
    };
    const StoryClock clock(ParseStoryStart("Mon 08:00"));
    auto encrypted_at = [](const Simulation& sim) -> int64_t {
        for (const auto& r : RecordsOf(sim, "technique"))
            if (r["technique"] == "T1486" && r.value("ok", false)) return r["t"].get<int64_t>();
        return -1;
    };
    auto plain = StartSmall(NoAutopilot(1), with_hours(0.0));
    plain->RunToEnd();
    const int64_t day = encrypted_at(*plain);
    REQUIRE(day > 0);
    REQUIRE(clock.BusinessHours(day)); // the premise: left alone, it lands in the working day
    CHECK(CampaignEvents(*plain, "waits").empty());

    for (uint64_t seed : {1, 2, 3}) {
        INFO("seed " << seed);
        auto sim = StartSmall(NoAutopilot(seed), with_hours(1.0));
        sim->RunToEnd();
        const auto waits = CampaignEvents(*sim, "waits");
        REQUIRE(waits.size() == 1);
        CHECK(waits[0]["stage"] == 8); // the impact stage, and only it
        CHECK(waits[0]["detail"].get<std::string>().find("outside business hours") != std::string::npos);
        const int64_t at = encrypted_at(*sim);
        REQUIRE(at > 0);
        CHECK_FALSE(clock.BusinessHours(at));
        // 2 to 8 hours after Monday's close, plus the stage's own duration.
        CHECK(at >= 10 * kHour + 2 * kHour);
        CHECK(at <= 10 * kHour + 8 * kHour + 3 * kHour);
        CHECK(CheckJournal(sim->journal().Records()).empty());
    }
}

TEST_CASE("Attacker - reconnaissance and resource development come first, from outside, and take nothing", "[engine]")
{
    // The small story with a scan of the estate's face and a domain bought before the phish; a
    // network sensor watches the DMZ (web-01, the one host the internet has a flow to).
    Scenario s = SmallScenario();
    SensorType nids;
    nids.id = "nids";
    nids.name = "Network IDS";
    nids.team = Team::SecOps;
    nids.observes = {"DC0078", "DC0085"};
    nids.detect_prob = 1.0;
    nids.delay_s = 60;
    s.world.sensor_types.push_back(nids);
    s.world.zones[1].sensors = {(SensorTypeId)(s.world.sensor_types.size() - 1)};
    Stage scan = s.campaign.stages.front(), domain = scan;
    scan.name = "Scan";
    scan.technique = "T1595.002";
    scan.action = StageAction::Reconnaissance;
    scan.target = {};
    domain.name = "Domain";
    domain.technique = "T1583.001";
    domain.action = StageAction::ResourceDevelopment;
    domain.target = {};
    s.campaign.stages.insert(s.campaign.stages.begin(), {scan, domain});
    auto sim = StartSmall(NoAutopilot(), s);
    sim->RunToEnd();

    std::vector<json> tech = RecordsOf(*sim, "technique");
    REQUIRE(tech.size() >= 3);
    // In order, from outside (host ""): the scan touched web-01 only, the domain nothing of the estate.
    CHECK(tech[0]["name"] == "Scan");
    CHECK(tech[0]["action"] == "reconnaissance");
    CHECK(tech[0]["host"] == "");
    CHECK(tech[0]["target"] == json::array({"web-01"}));
    CHECK(tech[1]["name"] == "Domain");
    CHECK(tech[1]["action"] == "resource_development");
    CHECK(tech[1]["target"] == json::array());
    CHECK(tech[2]["name"] == "Phish");
    // They compromise nothing: the first foothold is the phish's, as in the story without them.
    const auto footholds = RecordsOf(*sim, "foothold");
    REQUIRE(!footholds.empty());
    CHECK(footholds.front()["host"] == "ws-01");
    CHECK(footholds.front()["t"].get<int64_t>() >= tech[2]["t"].get<int64_t>());
    // The scan is seen by the sensor that sees network traffic on web-01; the domain by nothing.
    bool scan_alert = false, domain_alert = false;
    for (const auto& a : RecordsOf(*sim, "alert")) {
        scan_alert |= a["technique"] == "T1595.002" && a["host"] == "web-01" && a["sensor"] == "nids";
        domain_alert |= a["technique"] == "T1583.001";
    }
    CHECK(scan_alert);
    CHECK_FALSE(domain_alert);
    // The attack starts inside the estate: the scorecard times it from the phish, not the scan.
    const Scorecard card = ComputeScorecard(sim->journal().Records());
    REQUIRE(card.attack_start_s);
    CHECK(*card.attack_start_s == tech[2]["t"].get<int64_t>());
    REQUIRE(card.tool_detect_at_s);
    CHECK(*card.tool_detect_at_s >= *card.attack_start_s);
    CHECK(CheckJournal(sim->journal().Records()).empty());
}

TEST_CASE("Attacker - an impact target of several kinds encrypts hosts of those kinds only", "[engine]")
{
    // The small estate's server zone holds srv-01 (server), db-01 (database) and dc-01 (domain controller).
    auto run = [](int count) {
        Scenario s = SmallScenario();
        s.campaign.stages.back().target.kinds = {"server", "database"};
        s.campaign.stages.back().target.count = count;
        auto sim = StartSmall(NoAutopilot(), s);
        sim->AdvanceTo(2 * kDay);
        Ids encrypted;
        for (const auto& h : sim->world().hosts)
            if (h.encrypted) encrypted.push_back(h.id);
        return encrypted;
    };
    const Ids all = run(0);
    CHECK(all == Ids{"srv-01", "db-01"}); // never the domain controller, though it is in the zone and reachable
    const Ids one = run(1);
    REQUIRE(one.size() == 1);
    CHECK((one[0] == "srv-01" || one[0] == "db-01"));
    CHECK(run(1) == one); // the same choice on the same seed
}
