// test_scenario_suggest.cpp: "did you mean" for an unknown id in the loader's problems
// (core/suggest.h): the closest ids the file or ATT&CK defines, only when one is close.
#include "core/suggest.h"
#include "fixture_scenario.h"
#include "world/scenario.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace bd;

namespace {

// kMinimalScenario with a merge patch applied (objects merge, arrays are replaced).
LoadResult SuggestPatched(const char* patch)
{
    nlohmann::json doc = nlohmann::json::parse(bdtest::kMinimalScenario);
    doc.merge_patch(nlohmann::json::parse(patch));
    return LoadScenarioText(doc.dump(2), "test.json", {});
}

std::string SuggestMessage(const LoadResult& r, const std::string& id, const std::string& pointer)
{
    for (const auto& p : r.problems)
        if (p.id == id && p.pointer == pointer) return p.message;
    return "(no such problem)";
}

} // namespace

TEST_CASE("Scenario loader - an unknown id suggests the one meant, only when it is close", "[scenario]")
{
    SECTION("the distance and the rules")
    {
        CHECK(EditDistance("dc01", "dc-01", 2) == 1);
        CHECK(EditDistance("kitten", "sitting", 5) == 3);
        CHECK(EditDistance("kitten", "sitting", 2) == 3); // past the limit: limit + 1
        CHECK(ClosestIds("dc01", {"dc-01", "dc-02", "fs-01"}) == std::vector<std::string>{"dc-01"});
        CHECK(ClosestIds("DC_01", {"dc-02", "dc-01"}) == std::vector<std::string>{"dc-01"}); // case and separators aside
        CHECK(ClosestIds("dc-03", {"dc-02", "dc-01", "fs-01"}) == std::vector<std::string>{"dc-01", "dc-02"}); // two at most, by id
        CHECK(ClosestIds("mars", {"lan", "srv", "dmz"}).empty()); // nothing close: no guess
        CHECK(ClosestIds("ab", {"xy"}).empty());
        CHECK(DidYouMean("ws", {"ws"}).empty()); // itself is not a suggestion
    }
    SECTION("a host, a zone, a sensor type, a vulnerability")
    {
        CHECK(SuggestMessage(SuggestPatched(R"({"services": [{"id": "crm", "depends_on": ["db01"]}]})"), "scenario.012", "/services/0/depends_on/0") ==
              "host 'db01' is not defined (did you mean 'db-01'?)");
        CHECK(SuggestMessage(SuggestPatched(R"({"infrastructure": {"hosts": [{"id": "db-01", "zone": "srvv"}]}})"), "scenario.011",
                        "/infrastructure/hosts/0/zone") == "zone 'srvv' is not defined (did you mean 'srv'?)");
        CHECK(SuggestMessage(SuggestPatched(R"({"infrastructure": {"hosts": [{"id": "db-01", "zone": "srv", "sensors": ["EDR"]}]}})"), "scenario.015",
                        "/infrastructure/hosts/0/sensors/0") == "sensor type 'EDR' is not defined (did you mean 'edr'?)");
        CHECK(SuggestMessage(SuggestPatched(R"({"infrastructure": {"hosts": [{"id": "db-01", "zone": "srv", "vulns": ["CVE-2024-340"]}]}})"), "scenario.016",
                        "/infrastructure/hosts/0/vulns/0") == "vulnerability 'CVE-2024-340' is not defined (did you mean 'CVE-2024-3400'?)");
        // Far from every id: the message as before.
        CHECK(SuggestMessage(SuggestPatched(R"({"infrastructure": {"hosts": [{"id": "db-01", "zone": "mars"}]}})"), "scenario.011",
                        "/infrastructure/hosts/0/zone") == "zone 'mars' is not defined");
    }
    SECTION("an identity, a host group, a data store")
    {
        CHECK(SuggestMessage(SuggestPatched(R"({"infrastructure": {"hosts": [{"id": "db-01", "zone": "srv", "user": "admn", "vulns": ["CVE-2024-3400"]}]}})"),
                        "scenario.013", "/infrastructure/hosts/0/user") == "identity 'admn' is not defined (did you mean 'admin'?)");
        CHECK(SuggestMessage(SuggestPatched(R"({"identities": [{"id": "admin", "cached_on": [{"group": "wss", "prob": 0.5}]}]})"), "scenario.017",
                        "/identities/0/cached_on/0/group") == "host group 'wss' is not defined (did you mean 'ws'?)");
        CHECK(SuggestMessage(SuggestPatched(R"({"identities": [{"id": "admin", "admin_on": ["wss"]}]})"), "scenario.012", "/identities/0/admin_on/0") ==
              "host or host group 'wss' is not defined (did you mean 'ws'?)");
        CHECK(SuggestMessage(SuggestPatched(R"({"campaign": {"stages": [{"technique": "T1566.001", "action": "initial_access"},
                                 {"technique": "T1074.001", "action": "collection", "target": {"store": "customer"}}]}})"),
                        "scenario.014", "/campaign/stages/1/target/store") == "data store 'customer' is not defined (did you mean 'customers'?)");
    }
    SECTION("a technique: a digit dropped from a sub-technique")
    {
        const LoadResult r = SuggestPatched(R"({"campaign": {"stages": [{"technique": "T1566.001", "action": "initial_access"},
                                        {"technique": "T1003.01", "action": "credential_access"}]}})");
        CHECK(SuggestMessage(r, "scenario.030", "/campaign/stages/1/technique") == "technique 'T1003.01' is not in ATT&CK v18.1 (did you mean 'T1003.001'?)");
        const LoadResult far = SuggestPatched(R"({"campaign": {"stages": [{"technique": "T1566.001", "action": "initial_access"},
                                          {"technique": "T9999", "action": "execution"}]}})");
        CHECK(SuggestMessage(far, "scenario.030", "/campaign/stages/1/technique") == "technique 'T9999' is not in ATT&CK v18.1");
    }
    SECTION("a stage name one letter off")
    {
        const LoadResult r = SuggestPatched(R"({"campaign": {"stages": [{"name": "Phish opened", "technique": "T1566.001", "action": "initial_access"},
                                        {"name": "To the DB", "technique": "T1021.002", "action": "lateral_movement", "target": {"host": "db-01"}}]},
                                        "injects": [{"number": 1, "when": {"stage": "To the D"}}]})");
        CHECK(SuggestMessage(r, "scenario.067", "/injects/0/when/stage") == "no stage of the campaign is named 'To the D' (did you mean 'To the DB'?)");
    }
}
