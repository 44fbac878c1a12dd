// test_path_report.cpp: the story before it is played (exercise/path_report.h): what opens each
// move, which sensors see it, what fires on it, and a stage no path reaches.
#include "exercise/path_report.h"
#include "fixture_scenario.h"
#include "world/scenario.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace bd;

namespace {
bool PathHas(const std::vector<std::string>& v, const std::string& part)
{
    for (const auto& s : v)
        if (s.find(part) != std::string::npos) return true;
    return false;
}
} // namespace

TEST_CASE("Path report - ransomware-phish hop by hop", "[paths]")
{
    const LoadResult r = LoadScenario("ransomware-phish", LoadOptions{});
    REQUIRE(r.Ok());
    const PathReport p = AnalyzePaths(r.scenario);
    REQUIRE(p.stages.size() == 14);
    SECTION("stages are numbered from 1 and every one is reachable")
    {
        for (size_t i = 0; i < p.stages.size(); ++i) {
            CHECK(p.stages[i].number == (int)i + 1);
            CHECK(p.stages[i].reachable);
        }
    }
    SECTION("the move to the domain controller: Zerologon, or a dumped server admin")
    {
        const PathStage& dc = p.stages[6];
        CHECK(dc.name == "SMB to the domain controller");
        CHECK(PathHas(dc.opens, "vulnerability CVE-2020-1472 on dc-01"));
        CHECK(PathHas(dc.opens, "credential adm-server (server_admin), if stage 6 dumps it"));
    }
    SECTION("sensors by data component, on the hosts acted on")
    {
        const PathStage& dcsync = p.stages[7];
        REQUIRE(!dcsync.seen_by.empty());
        bool siem = false;
        for (const auto& s : dcsync.seen_by)
            if (s.sensor == "siem-logs") {
                siem = true;
                CHECK(s.hosts == 1);
                CHECK(PathHas(s.components, "DC0071 Active Directory Object Access"));
            }
        CHECK(siem);
        for (const auto& s : dcsync.seen_by) CHECK(s.sensor != "edr"); // DCSync leaves no process of its own on the DC
    }
    SECTION("injects and script hooks where they fire")
    {
        CHECK(PathHas(p.stages[10].fires, "inject 5: 08:00:00 after its first success"));
        CHECK(PathHas(p.stages[11].fires, "script: on_technique (names T1490)"));
        CHECK(p.script_hooks == std::vector<std::string>{"on_technique", "on_command"});
    }
    SECTION("the estate: a host group on one row, identities with where they are cached")
    {
        bool group = false;
        for (const auto& h : p.hosts)
            if (h.hosts == "ws-001..ws-060") {
                group = true;
                CHECK(h.count == 60);
                CHECK(h.users == "60 users");
            }
        CHECK(group);
        bool domain = false;
        for (const auto& id : p.identities)
            if (id.id == "adm-domain") {
                domain = true;
                CHECK(id.cached_on == "dc-01, it-admin-01, it-admin-02");
            }
        CHECK(domain);
    }
}

TEST_CASE("Path report - a lateral move nothing opens is not reached, and says why", "[paths]")
{
    nlohmann::json doc = nlohmann::json::parse(bdtest::kMinimalScenario);
    // No vulnerability on db-01 and no credential: the hop to the database cannot happen.
    doc["identities"] = nlohmann::json::array();
    doc["campaign"]["stages"][1]["name"] = "To the DB";
    const LoadResult r = LoadScenarioText(doc.dump(), "t.json", {});
    std::string all;
    for (const auto& pr : r.problems) all += pr.Format() + "\n";
    INFO(all);
    const PathReport p = AnalyzePaths(r.scenario);
    REQUIRE(!p.stages.empty());
    const PathStage& last = p.stages.back();
    CHECK(last.name == "To the DB");
    CHECK_FALSE(last.reachable);
    CHECK(last.why_not.find("no remote vulnerability") != std::string::npos);
    SECTION("with the credential cached where the attacker lands, it is")
    {
        nlohmann::json with = nlohmann::json::parse(bdtest::kMinimalScenario);
        const PathReport q = AnalyzePaths(LoadScenarioText(with.dump(), "t.json", {}).scenario);
        CHECK(q.stages.back().reachable);
    }
}
