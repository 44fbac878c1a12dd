// test_invariants.cpp: the journal's invariants (scoring/invariants.h, `breachdrill check`).
//
// A hand-made journal that holds every invariant, and beside it one broken journal per invariant,
// each caught with its id; then the checker over real runs: every built-in scenario under both
// profiles and eleven seeds, and a thousand random deals (each also checked as a deal,
// random_deal_checks.h), in slices so that CTest runs them side by side (RelWithDebInfo: 0.3-0.4 s a
// slice; ASan+UBSan: 12-17 s).
#include "invariants.h"
#include "journal/journal.h"
#include "world/scenario.h"
#include "sim/simulation.h"

#include "play_scenario.h"
#include "random_deal_checks.h"
#include <catch2/catch.hpp>

#include <functional>
#include <string>
#include <vector>

using namespace bd;
using nlohmann::json;

namespace {

// A small attack told in full: phish ws-01, steal a credential, move to fs-01, stage and send out
// its store, delete the backups, encrypt fs-01, the end. Every invariant holds.
const char* kGood = R"({"t":0,"seq":0,"type":"header","format":"breachdrill-journal/1","campaign_stages":7}
{"t":100,"seq":1,"type":"technique","stage":0,"name":"Phish","technique":"T1566.001","action":"initial_access","host":"","target":["ws-01"],"target_kind":"host","ok":true}
{"t":100,"seq":2,"type":"foothold","host":"ws-01","gained":true,"level":1}
{"t":100,"seq":3,"type":"attacker","contained":false,"footholds":1,"credentials":0}
{"t":150,"seq":4,"type":"command","cmd":{"id":0,"kind":"isolate_host","team":"itops","target":"ws-09"}}
{"t":150,"seq":5,"type":"command_result","id":0,"ok":true,"status":"scheduled","due":160}
{"t":160,"seq":6,"type":"command_done","cmd":{"id":0,"kind":"isolate_host","team":"itops","target":"ws-09"},"ok":true}
{"t":170,"seq":7,"type":"alert","id":0,"team":"secops","host":"ws-01","true_positive":true}
{"t":180,"seq":8,"type":"ticket","id":0,"from":"secops","to":"itops","action":"isolate_host","target":"ws-01"}
{"t":190,"seq":9,"type":"ticket_closed","id":0,"status":"rejected","command":0}
{"t":200,"seq":10,"type":"technique","stage":1,"name":"Dump credentials","technique":"T1003.001","action":"credential_access","host":"ws-01","target":["adm-jdoe"],"target_kind":"identity","ok":true}
{"t":200,"seq":11,"type":"credential","identity":"adm-jdoe","event":"stolen","host":"ws-01"}
{"t":250,"seq":12,"type":"technique","stage":2,"name":"Move to the file server","technique":"T1021.002","action":"lateral_movement","host":"ws-01","target":["fs-01"],"target_kind":"host","ok":false,"reason":"the attempt failed"}
{"t":300,"seq":13,"type":"technique","stage":2,"name":"Move to the file server","technique":"T1021.002","action":"lateral_movement","host":"ws-01","target":["fs-01"],"target_kind":"host","ok":true}
{"t":300,"seq":14,"type":"foothold","host":"fs-01","gained":true,"level":2}
{"t":400,"seq":15,"type":"technique","stage":3,"name":"Stage the files","technique":"T1074.001","action":"collection","host":"fs-01","target":["files"],"target_kind":"store","ok":true}
{"t":400,"seq":16,"type":"staged","store":"files","host":"fs-01","records":1000,"personal_data":true}
{"t":500,"seq":17,"type":"technique","stage":4,"name":"Send them out","technique":"T1041","action":"exfiltration","host":"fs-01","target":["files"],"target_kind":"store","ok":true}
{"t":500,"seq":18,"type":"exfiltration","store":"files","records":1000,"personal_data":true}
{"t":600,"seq":19,"type":"technique","stage":5,"name":"Backups deleted","technique":"T1490","action":"inhibit_recovery","host":"fs-01","target":["fs-01"],"target_kind":"host","ok":true}
{"t":600,"seq":20,"type":"backups_deleted","host":"fs-01"}
{"t":700,"seq":21,"type":"technique","stage":6,"name":"Servers encrypted","technique":"T1486","action":"impact","host":"fs-01","target":["fs-01"],"target_kind":"host","ok":true}
{"t":700,"seq":22,"type":"host","id":"fs-01","state":"running","encrypted":true,"cause":"attacker"}
{"t":700,"seq":23,"type":"service","id":"files","up":false,"cause":"attacker"}
{"t":700,"seq":24,"type":"campaign","event":"finished","stage":7,"detail":"every stage of the campaign is done"}
{"t":800,"seq":25,"type":"host","id":"ws-01","state":"isolated","encrypted":false,"cause":"defender"}
{"t":800,"seq":26,"type":"host","id":"fs-01","state":"isolated","encrypted":true,"cause":"attacker"}
{"t":800,"seq":27,"type":"attacker","contained":true,"footholds":0,"credentials":0}
{"t":900,"seq":28,"type":"end","reason":"duration","state_hash":"0123456789abcdef"}
)";

std::vector<json> Lines(const std::string& text)
{
    const JournalReadResult r = ReadJournalText(text, "test.jsonl", false);
    INFO(r.error);
    REQUIRE(r.ok());
    return r.records;
}

std::string Ids(const std::vector<Violation>& v)
{
    std::string out;
    for (const auto& x : v) out += x.Format() + "\n";
    return out;
}

bool Has(const std::vector<Violation>& v, const std::string& id, uint64_t seq)
{
    for (const auto& x : v)
        if (x.id == id && x.seq == seq) return true;
    return false;
}

// The record with this seq.
json& At(std::vector<json>& recs, uint64_t seq)
{
    for (auto& r : recs)
        if (r.value("seq", (uint64_t)-1) == seq) return r;
    FAIL("no record with seq " << seq);
    return recs.front();
}

// Takes a record out and numbers the rest again (so only the invariant under test breaks).
void Erase(std::vector<json>& recs, uint64_t seq)
{
    recs.erase(recs.begin() + (ptrdiff_t)seq);
    for (size_t i = 0; i < recs.size(); ++i) recs[i]["seq"] = i;
}

void Insert(std::vector<json>& recs, uint64_t seq, json r)
{
    recs.insert(recs.begin() + (ptrdiff_t)seq, std::move(r));
    for (size_t i = 0; i < recs.size(); ++i) recs[i]["seq"] = i;
}


// Plays and checks; counts the techniques that failed for want of a target (they must say so).
void PlayAndCheck(const std::string& id, uint64_t seed, OrgProfile org, int64_t size = 0)
{
    auto sim = bdtest::PlayScenario(id, seed, org, size);
    const auto v = CheckJournal(sim->journal().Records());
    INFO(id << " seed " << seed << " " << OrgName(org) << "\n" << Ids(v));
    CHECK(sim->Finished());
    CHECK(v.empty());
}

// Each deal is checked as a deal (random_deal_checks.h), then played and its journal checked.
void RandomDeals(uint64_t first, uint64_t last)
{
    for (uint64_t seed = first; seed <= last; ++seed) {
        DealtBreach d = DealRandomBreach(LoadOptions{seed, 0});
        bdtest::CheckDealtBreach(seed, d);
        const OrgProfile org = seed % 2 ? OrgProfile::Siloed : OrgProfile::Converged;
        auto sim = bdtest::PlayLoaded(std::move(d.result.scenario), "random", seed, org);
        const auto v = CheckJournal(sim->journal().Records());
        INFO("random seed " << seed << " " << OrgName(org) << "\n" << Ids(v));
        CHECK(sim->Finished());
        CHECK(v.empty());
    }
}

} // namespace

TEST_CASE("Invariants - a journal that tells the whole story holds every invariant", "[invariants]")
{
    const auto v = CheckJournal(Lines(kGood));
    INFO(Ids(v));
    CHECK(v.empty());
    SECTION("so does one cut short: no end record is not a violation")
    {
        auto recs = Lines(kGood);
        recs.pop_back();
        CHECK(CheckJournal(recs).empty());
    }
}

TEST_CASE("Invariants - each broken invariant is caught with its id and seq", "[invariants]")
{
    struct Case {
        const char* what;
        std::function<void(std::vector<json>&)> edit;
        const char* id;
        uint64_t seq;
    };
    const std::vector<Case> cases = {
        {"a T1486 ok without the host record that encrypts it", [](auto& r) { Erase(r, 22); }, "check.impact", 21},
        {"a T1490 ok without backups_deleted", [](auto& r) { Erase(r, 20); }, "check.backups", 19},
        {"a collection ok without its staged record", [](auto& r) { Erase(r, 16); }, "check.staged", 15},
        {"an exfiltration of data never staged", [](auto& r) { Erase(r, 16); }, "check.exfiltration", 17},
        {"an exfiltration ok without its exfiltration record", [](auto& r) { Erase(r, 18); }, "check.exfiltration", 17},
        {"an exfiltration of no records", [](auto& r) { At(r, 18)["records"] = 0; }, "check.exfiltration", 18},
        {"a lateral movement ok without its foothold", [](auto& r) { Erase(r, 14); }, "check.foothold", 13},
        {"an initial access ok without its foothold", [](auto& r) { Erase(r, 2); }, "check.foothold", 1},
        {"a credential access ok without the stolen credential", [](auto& r) { Erase(r, 11); }, "check.credential", 10},
        {"an encryption no technique claims",
         [](auto& r) {
             At(r, 21)["ok"] = false;
             At(r, 21)["reason"] = "no reachable target";
         },
         "check.cause", 22},
        {"a foothold no technique claims", [](auto& r) { At(r, 13)["target"] = json::array({"fs-02"}); }, "check.cause", 14},
        {"a failed technique with no reason", [](auto& r) { At(r, 12).erase("reason"); }, "check.reason", 12},
        {"a success that names no target", [](auto& r) { At(r, 19)["target"] = json::array(); }, "check.target", 19},
        {"a target of the wrong kind", [](auto& r) { At(r, 15)["target_kind"] = "host"; }, "check.target", 15},
        {"a technique without a target", [](auto& r) { At(r, 21).erase("target"); }, "check.field", 21},
        {"acting from a host that is no foothold", [](auto& r) { At(r, 10)["host"] = "db-09"; }, "check.from", 10},
        {"a record after end",
         [](auto& r) { r.push_back(json{{"t", 900}, {"seq", r.size()}, {"type", "alert"}, {"id", 5}}); }, "check.end", 29},
        {"an end with a reason it cannot have", [](auto& r) { At(r, 28)["reason"] = "won"; }, "check.end", 28},
        {"seq out of order", [](auto& r) { At(r, 9)["seq"] = 12; }, "check.seq", 12},
        {"time going back", [](auto& r) { At(r, 9)["t"] = 10; }, "check.time", 9},
        {"a second header", [](auto& r) { Insert(r, 5, Lines(kGood).front()); }, "check.header", 5},
        {"contained with a live foothold",
         [](auto& r) { Insert(r, 15, json{{"t", 300}, {"type", "attacker"}, {"contained", true}, {"footholds", 2}, {"credentials", 0}}); },
         "check.contained", 15},
        {"a live foothold while recorded as contained",
         [](auto& r) {
             At(r, 25)["state"] = "running";
             At(r, 26)["state"] = "running";
             At(r, 27)["footholds"] = 0;
         },
         "check.contained", 27},
        {"finished while its last stage was skipped",
         [](auto& r) { Insert(r, 24, json{{"t", 700}, {"type", "campaign"}, {"event", "skipped"}, {"stage", 6}, {"detail", "x"}}); },
         "check.campaign", 25},
        {"a technique after the campaign was over",
         [](auto& r) {
             json t = At(r, 12);
             t["t"] = 750;
             Insert(r, 25, t);
         },
         "check.campaign", 25},
        {"a campaign record after the campaign was over",
         [](auto& r) { Insert(r, 25, json{{"t", 750}, {"type", "campaign"}, {"event", "quiet"}, {"stage", 7}, {"detail", "x"}}); },
         "check.campaign", 25},
        {"C2 claimed over an indicator never established",
         [](auto& r) {
             Insert(r, 12, json{{"t", 210}, {"type", "technique"}, {"stage", 2}, {"name", "C2"}, {"technique", "T1071.001"},
                                {"action", "command_and_control"}, {"host", "ws-01"}, {"target", json::array({"cdn.example"})},
                                {"target_kind", "indicator"}, {"ok", true}});
         },
         "check.c2", 12},
        {"an alert twice", [](auto& r) { Insert(r, 8, At(r, 7)); }, "check.alert", 8},
        {"a ticket closed that was never opened", [](auto& r) { At(r, 9)["id"] = 4; }, "check.ticket", 9},
        {"a command done that was never accepted", [](auto& r) { At(r, 5)["ok"] = false; }, "check.command", 6},
    };
    for (const auto& c : cases) {
        auto recs = Lines(kGood);
        c.edit(recs);
        const auto v = CheckJournal(recs);
        INFO(c.what << "\n" << Ids(v));
        CHECK(Has(v, c.id, c.seq));
    }
}

TEST_CASE("Invariants - an inject that quotes the time it arrives must arrive then", "[invariants]")
{
    auto recs = Lines(kGood);
    At(recs, 0)["story_start"] = "Mon 08:00";
    // At t 120 (Mon 08:02): a stamp that says 08:02 holds; one that says 14:05 does not; a time
    // inside the quoted words is what someone says, not when the inject arrives.
    auto inject = [&](const char* text) {
        json in = {{"t", 120}, {"type", "inject"}, {"number", 1}, {"text", text}};
        Insert(recs, 4, in);
    };
    inject("Service desk call, 08:02: 'It did nothing.'");
    CHECK(CheckJournal(recs).empty());
    Erase(recs, 4);
    inject("Service desk call, 14:05: 'It did nothing.'");
    auto v = CheckJournal(recs);
    INFO(Ids(v));
    REQUIRE(v.size() == 1);
    CHECK(v[0].Format() == "seq 4: [check.inject_stamp] inject 1 says 14:05 but arrives at Mon 08:02 (T+00:02)");
    Erase(recs, 4);
    inject("Developer: 'The key was pushed 09:02: sorry.'");
    CHECK(CheckJournal(recs).empty());
    // A story start that is not one is a header fault.
    At(recs, 0)["story_start"] = "Someday 25:00";
    CHECK(Has(CheckJournal(recs), "check.header", 0));
}

TEST_CASE("Invariants - a violation reads as seq / id / what is missing", "[invariants]")
{
    auto recs = Lines(kGood);
    Erase(recs, 22);
    At(recs, 25)["encrypted"] = false; // fs-01 was never encrypted, then
    const auto v = CheckJournal(recs);
    INFO(Ids(v));
    REQUIRE(v.size() == 1);
    CHECK(v[0].Format() == "seq 21: [check.impact] T1486 'Servers encrypted' claims fs-01 encrypted: no host record encrypts it after it");
}

TEST_CASE("Invariants - a long journal is checked in one pass - 20000 hosts down and up again", "[invariants]")
{
    // A faulty update on a big estate writes a host record per host and per change, with the
    // attacker contained all along: what the checker keeps per record must not grow with the estate
    // (it once counted the live footholds over every host it knew, at each record).
    std::vector<json> recs = {json{{"t", 0}, {"seq", 0}, {"type", "header"}, {"format", "breachdrill-journal/1"}, {"campaign_stages", 0}}};
    for (const char* state : {"down", "running"})
        for (int i = 0; i < 20000; ++i)
            recs.push_back(json{{"t", 100}, {"seq", recs.size()}, {"type", "host"}, {"id", "ws-" + std::to_string(i)}, {"state", state},
                                {"encrypted", false}, {"cause", "operations"}});
    CHECK(CheckJournal(recs).empty());
}

// Every built-in scenario under one profile, seeds 1-10 and 27 (issue 14's seed).
static void Library(OrgProfile org)
{
    for (const auto& b : BuiltinScenarios())
        for (uint64_t seed : {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 27}) PlayAndCheck(b.id, seed, org);
}

TEST_CASE("Invariants - every built-in scenario - siloed - eleven seeds", "[invariants][library]") { Library(OrgProfile::Siloed); }
TEST_CASE("Invariants - every built-in scenario - converged - eleven seeds", "[invariants][library]") { Library(OrgProfile::Converged); }

TEST_CASE("Invariants - random deals 1 to 100", "[invariants][random]") { RandomDeals(1, 100); }
TEST_CASE("Invariants - random deals 101 to 200", "[invariants][random]") { RandomDeals(101, 200); }
TEST_CASE("Invariants - random deals 201 to 300", "[invariants][random]") { RandomDeals(201, 300); }
TEST_CASE("Invariants - random deals 301 to 400", "[invariants][random]") { RandomDeals(301, 400); }
TEST_CASE("Invariants - random deals 401 to 500", "[invariants][random]") { RandomDeals(401, 500); }
TEST_CASE("Invariants - random deals 501 to 600", "[invariants][random]") { RandomDeals(501, 600); }
TEST_CASE("Invariants - random deals 601 to 700", "[invariants][random]") { RandomDeals(601, 700); }
TEST_CASE("Invariants - random deals 701 to 800", "[invariants][random]") { RandomDeals(701, 800); }
TEST_CASE("Invariants - random deals 801 to 900", "[invariants][random]") { RandomDeals(801, 900); }
TEST_CASE("Invariants - random deals 901 to 1000", "[invariants][random]") { RandomDeals(901, 1000); }
