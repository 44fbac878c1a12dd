// test_path_report.cpp: the story before it is played (exercise/path_report.h): what opens each
// move, which sensors see it, what fires on it, and a stage no path reaches.
#include "exercise/path_report.h"
#include "fixture_scenario.h"
#include "play_scenario.h"
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

// The trial's hospital in small: a VPN appliance in the DMZ (exploitable), a bind account cached on
// it that is admin on the jump host, the domain admin cached on the jump host and the DC, a server
// admin cached on an application server. No sensor: nobody defends, so a run shows what the
// attacker alone can do.
const char* const kReachOrder = R"({
  "metadata": { "id": "reach-order", "title": "Reach order" },
  "infrastructure": {
    "vulnerabilities": [ { "id": "CVE-2024-21887", "software": "Ivanti Connect Secure", "remote": true, "disclosed_at_s": -86400 } ],
    "zones": [ { "id": "internet", "internet": true }, { "id": "dmz" }, { "id": "srv" } ],
    "flows": [ ["internet", "dmz"], ["dmz", "srv"] ],
    "hosts": [
      { "id": "vpn-01", "kind": "server", "zone": "dmz", "vulns": ["CVE-2024-21887"] },
      { "id": "jump-01", "kind": "server", "zone": "srv" },
      { "id": "app-01", "kind": "server", "zone": "srv" },
      { "id": "dc-01", "kind": "domain_controller", "zone": "srv" }
    ]
  },
  "identities": [
    { "id": "svc-vpn", "privilege": "user", "cached_on": ["vpn-01"], "admin_on": ["jump-01"] },
    { "id": "vendor", "privilege": "user", "cached_on": ["vpn-01"], "admin_on": [] },
    { "id": "adm-server", "privilege": "server_admin", "cached_on": ["app-01"] },
    { "id": "adm-domain", "privilege": "domain_admin", "cached_on": ["jump-01", "dc-01"] }
  ],
  "data_stores": [ { "id": "ntds", "host": "dc-01", "records": 500 } ],
  "campaign": {
    "c2_indicators": ["evil.example"],
    "stages": [
      { "name": "VPN exploited", "technique": "T1190", "action": "initial_access", "target": { "host": "vpn-01" }, "success_prob": 1 },
      { "name": "Bind account read", "technique": "T1552.001", "action": "credential_access", "success_prob": 1 },
      { "name": "RDP to the jump host", "technique": "T1021.001", "action": "lateral_movement", "target": { "host": "jump-01" }, "success_prob": 1 },
      { "name": "LSASS on the jump host", "technique": "T1003.001", "action": "credential_access", "success_prob": 1 },
      { "name": "SMB to the DC", "technique": "T1021.002", "action": "lateral_movement", "target": { "host": "dc-01" }, "success_prob": 1 },
      { "name": "NTDS staged", "technique": "T1074.001", "action": "collection", "target": { "store": "ntds" }, "success_prob": 1 },
      { "name": "NTDS out", "technique": "T1041", "action": "exfiltration", "target": { "store": "ntds" }, "success_prob": 1 }
    ]
  }
})";

bd::LoadResult PathLoad(const nlohmann::json& doc)
{
    bd::LoadResult r = LoadScenarioText(doc.dump(), "reach-order.json", {});
    std::string all;
    for (const auto& pr : r.problems) all += pr.Format() + "\n";
    INFO(all);
    REQUIRE(r.Ok());
    return r;
}

// Which stages the attacker completed when the scenario is played to its end (autopilots, seed 1).
std::vector<bool> PathPlayed(const nlohmann::json& doc)
{
    auto sim = bdtest::PlayLoaded(PathLoad(doc).scenario, "reach-order.json", 1, OrgProfile::Siloed);
    std::vector<bool> done;
    for (const auto& o : sim->world().attacker.outcomes) done.push_back(o.status == StageStatus::Done);
    return done;
}

std::vector<bool> PathReachable(const PathReport& p)
{
    std::vector<bool> out;
    for (const auto& st : p.stages) out.push_back(st.reachable);
    return out;
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
        // A seeded campaign may land on any workstation: on one where adm-server is cached, stage 6 steals it.
        CHECK(PathHas(dc.opens, "credential adm-server (server_admin), stolen by stage 6 on its foothold"));
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
    SECTION("a credential cached on workstations the attacker never stands on opens nothing")
    {
        // The phish lands on ws-001 (a scripted campaign takes the first); the domain admin is cached
        // on half the others, and nothing dumps it: the engine's attacker is stuck there too.
        nlohmann::json with = nlohmann::json::parse(bdtest::kMinimalScenario);
        const PathReport q = AnalyzePaths(LoadScenarioText(with.dump(), "t.json", {}).scenario);
        CHECK(PathHas(q.stages[0].opens, "lands on ws-001, the first it can enter"));
        CHECK_FALSE(q.stages.back().reachable);
        CHECK(q.stages.back().why_not.find("(cached: admin on ") != std::string::npos);
    }
    SECTION("cached where it lands and dumped there, it is")
    {
        nlohmann::json with = nlohmann::json::parse(bdtest::kMinimalScenario);
        with["identities"][0]["cached_on"] = {"ws-001"};
        with["campaign"]["stages"].insert(with["campaign"]["stages"].begin() + 1,
                                          nlohmann::json::object({{"technique", "T1003.001"}, {"action", "credential_access"}}));
        const PathReport q = AnalyzePaths(LoadScenarioText(with.dump(), "t.json", {}).scenario);
        REQUIRE(q.stages.size() == 3);
        CHECK(q.stages.back().reachable);
        CHECK(PathHas(q.stages.back().opens, "credential admin (domain_admin), stolen by stage 2 on ws-001"));
    }
}

TEST_CASE("Path report - a credential opens a hop only once the attacker can hold it", "[paths]")
{
    const nlohmann::json base = nlohmann::json::parse(kReachOrder);
    SECTION("as written: the bind account opens the jump host, the domain admin dumped there opens the DC")
    {
        const PathReport p = AnalyzePaths(PathLoad(base).scenario);
        REQUIRE(p.stages.size() == 7);
        CHECK(PathReachable(p) == std::vector<bool>(7, true));
        CHECK(PathHas(p.stages[5].opens, "stages ntds on dc-01"));
        CHECK(PathHas(p.stages[1].opens, "steals svc-vpn, vendor on vpn-01"));
        CHECK(PathHas(p.stages[2].opens, "credential svc-vpn (user), stolen by stage 2 on vpn-01"));
        CHECK(PathHas(p.stages[4].opens, "credential adm-domain (domain_admin), stolen by stage 4 on jump-01"));
        CHECK(PathPlayed(base) == PathReachable(p)); // the engine's attacker agrees
    }
    SECTION("the bind account no longer admin on the jump host: nothing the attacker can hold opens it")
    {
        nlohmann::json doc = base;
        doc["identities"][0]["admin_on"] = nlohmann::json::array();
        const PathReport p = AnalyzePaths(PathLoad(doc).scenario);
        REQUIRE(p.stages.size() == 7);
        // The domain admin is cached on dc-01, but dc-01 cannot be taken before the jump host: it opens nothing.
        CHECK_FALSE(p.stages[2].reachable);
        CHECK(p.stages[2].why_not.find("no remote vulnerability on jump-01") != std::string::npos);
        CHECK(p.stages[2].why_not.find("(cached: adm-server on app-01; adm-domain on jump-01, dc-01)") != std::string::npos);
        CHECK_FALSE(PathHas(p.stages[2].opens, "dc-01"));
        // Nor the DC: the domain admin would have come from the jump host.
        CHECK_FALSE(p.stages[4].reachable);
        CHECK(p.stages[4].opens.empty());
        // Nor what comes after: the store is on the DC, and nothing staged is nothing to send.
        CHECK_FALSE(p.stages[5].reachable);
        CHECK(p.stages[5].why_not.find("ntds on dc-01 is neither where it stands nor one flow away") != std::string::npos);
        CHECK_FALSE(p.stages[6].reachable);
        CHECK(p.stages[6].why_not == "nothing staged to send: no earlier collection stage it reaches stages ntds");
        CHECK(PathPlayed(doc) == PathReachable(p));
    }
    SECTION("a host the attacker can take on the way, where a credential admin on the target is cached: it hunts it there")
    {
        nlohmann::json doc = base;
        doc["identities"][0]["admin_on"] = nlohmann::json::array();
        doc["identities"][1]["admin_on"] = {"app-01"}; // the vendor account opens the application server
        const PathReport p = AnalyzePaths(PathLoad(doc).scenario);
        REQUIRE(p.stages.size() == 7);
        CHECK(p.stages[2].reachable);
        CHECK(PathHas(p.stages[2].opens, "first a hop to app-01, where adm-server is cached (taken with credential vendor (user), stolen by stage 2 on vpn-01); dumps adm-server there (T1003.001)"));
        CHECK(PathHas(p.stages[2].opens, "credential adm-server (server_admin), dumped on app-01 on the way (stage 3)"));
        // The server admin also opens the DC (a server, for a server admin); stage 4 adds the domain admin.
        CHECK(p.stages[4].reachable);
        CHECK(PathHas(p.stages[4].opens, "credential adm-domain (domain_admin), stolen by stage 4 on jump-01"));
        CHECK(PathPlayed(doc) == PathReachable(p));
    }
}
