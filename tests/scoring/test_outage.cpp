// test_outage.cpp: the scorecard's measure of an outage that is not an attack (scoring/scorecard.h,
// docs/scoring.md "Outage"): hand-built journals, then a real faulty-vendor-update run checked
// against its own journal's host records.
#include <catch2/catch.hpp>

#include "../play_scenario.h"
#include "scorecard.h"

#include <map>
#include "journal_lines.h"
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

using nlohmann::json;

// Everything in a namespace of its own: the unity build compiles this file with others, whose
// helpers and `using namespace bd` must not meet these.
namespace outage_test {


std::vector<json> Journal(const std::string& lines) { return bdtest::JournalLines(lines); }

const std::string kHeader =
    R"({"t":0,"type":"header","format":"breachdrill-journal/1","scenario":{"id":"unit","title":"Unit test"},"seed":7,"org":"siloed",)"
    R"("duration_s":2592000,"currency":"EUR","services":[{"id":"erp","name":"ERP","cost_per_hour":12000.0,"hosts":["db-01"]}],"hosts":10})"
    "\n";

std::string Rec(long t, const std::string& type, const std::string& fields)
{
    return "{\"t\":" + std::to_string(t) + ",\"type\":\"" + type + "\"," + fields + "}\n";
}
std::string Service(long t, const std::string& id, bool up, const std::string& cause)
{
    return Rec(t, "service", "\"id\":\"" + id + "\",\"up\":" + (up ? "true" : "false") + ",\"cause\":\"" + cause + "\"");
}
std::string End(long t, const std::string& reason = "duration")
{
    return Rec(t, "end", "\"reason\":\"" + reason + "\",\"state_hash\":\"0\"");
}


TEST_CASE("Scoring - an outage that is not an attack: time to restore", "[scoring]")
{
    // Two hosts crash from an operations event at 1000; erp goes down with them.
    const std::string base = kHeader + Rec(1000, "host", R"("id":"ws-1","state":"down","encrypted":false,"cause":"operations")") +
                             Rec(1000, "host", R"("id":"db-01","state":"down","encrypted":false,"cause":"operations")") +
                             Service(1000, "erp", false, "operations");
    SECTION("every one back: restored when the last came back")
    {
        auto c = bd::ComputeScorecard(Journal(base + Rec(4000, "host", R"("id":"db-01","state":"running","encrypted":false,"cause":"none")") +
                                              Service(4000, "erp", true, "none") +
                                              Rec(7000, "host", R"("id":"ws-1","state":"running","encrypted":false,"cause":"none")") +
                                              End(9000, "recovered")));
        CHECK(c.outage_start_s == 1000);
        CHECK(c.outage_recovered_at_s == 7000);
        CHECK(c.time_to_restore_s == 6000);
        CHECK(c.outage_hosts == 2);
        CHECK(c.outage_services == 1);
        // No attacker: the attack's times stay unmeasured, and the outage does not make one.
        CHECK_FALSE(c.attack_start_s);
        CHECK_FALSE(c.recovered_at_s);
        CHECK(bd::OutcomesOf(c).contained == bd::Reach::NoBreach);
        const json j = bd::ToJson(c);
        CHECK(j["outage_start_s"] == 1000);
        CHECK(j["outage_recovered_at_s"] == 7000);
        CHECK(j["time_to_restore_s"] == 6000);
        const std::string text = bd::FormatScorecard(c);
        CHECK(text.find("Time to restore (outage)          01:40:00           6000   from the first outage (2 hosts, 1 service down)") !=
              std::string::npos);
    }
    SECTION("one host still down at the end: not restored")
    {
        auto c = bd::ComputeScorecard(Journal(base + Rec(4000, "host", R"("id":"db-01","state":"running","encrypted":false,"cause":"none")") +
                                              Service(4000, "erp", true, "none") + End(9000)));
        CHECK(c.outage_start_s == 1000);
        CHECK_FALSE(c.outage_recovered_at_s);
        CHECK_FALSE(c.time_to_restore_s);
        CHECK(bd::FormatScorecard(c).find("not restored at the end (2 hosts, 1 service down)") != std::string::npos);
    }
    SECTION("a host rebuilt after the crash is back when it runs again; a later outage of another cause is not this one")
    {
        auto c = bd::ComputeScorecard(Journal(base + Rec(3000, "host", R"("id":"ws-1","state":"reimaging","encrypted":false,"cause":"defender")") +
                                              Rec(4000, "host", R"("id":"db-01","state":"running","encrypted":false,"cause":"none")") +
                                              Service(4000, "erp", true, "none") +
                                              Rec(5000, "host", R"("id":"ws-1","state":"running","encrypted":false,"cause":"none")") +
                                              Rec(6000, "host", R"("id":"db-01","state":"isolated","encrypted":false,"cause":"defender")") +
                                              Service(6000, "erp", false, "defender") + End(9000)));
        CHECK(c.outage_recovered_at_s == 5000);
        CHECK(c.time_to_restore_s == 4000);
    }
    SECTION("no operations outage: nothing measured")
    {
        auto c = bd::ComputeScorecard(Journal(kHeader + Rec(1000, "host", R"("id":"ws-1","state":"isolated","encrypted":false,"cause":"defender")") +
                                              Service(1000, "erp", false, "defender") + End(9000)));
        CHECK_FALSE(c.outage_start_s);
        CHECK_FALSE(c.time_to_restore_s);
        CHECK(bd::ToJson(c)["time_to_restore_s"].is_null());
        CHECK(bd::FormatScorecard(c).find("no operations outage") != std::string::npos);
    }
}

TEST_CASE("Scoring - faulty-vendor-update: the outage times agree with the journal's host records", "[scoring]")
{
    for (bd::OrgProfile org : {bd::OrgProfile::Siloed, bd::OrgProfile::Converged}) {
        auto sim = bdtest::PlayScenario("faulty-vendor-update", 3, org);
        const auto& records = sim->journal().Records();
        // From the journal directly: the first host down with cause operations, and the last
        // moment one of those hosts came back to running.
        std::optional<int64_t> first_down, last_back;
        std::map<std::string, bool> down; // host -> still down
        for (const auto& r : records) {
            if (r.value("type", "") != "host") continue;
            const std::string id = r["id"], state = r["state"], cause = r.value("cause", "");
            const int64_t t = r["t"];
            if (state != "running" && cause == "operations") {
                if (!first_down) first_down = t;
                down[id] = true;
            } else if (state == "running" && down.count(id) && down[id]) {
                down[id] = false;
                last_back = t;
            }
        }
        REQUIRE(first_down);
        const bd::Scorecard c = bd::ComputeScorecard(records);
        INFO(bd::OrgName(org));
        CHECK(c.end_reason == "recovered");
        CHECK(c.outage_start_s == first_down);
        CHECK(c.outage_hosts == (int64_t)down.size());
        REQUIRE(c.time_to_restore_s);
        CHECK(c.outage_recovered_at_s == last_back); // the services came back with their hosts
        CHECK(*c.time_to_restore_s == *last_back - *first_down);
        CHECK(*c.time_to_restore_s > 0);
        CHECK_FALSE(c.time_to_contain_s);
    }
}

} // namespace outage_test
