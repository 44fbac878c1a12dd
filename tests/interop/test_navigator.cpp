// test_navigator.cpp: ATT&CK Navigator layers (interop/navigator.h) and the coverage they are
// made from (scoring/coverage.h): each outcome from a journal written by hand, a golden layer of a
// fixed run, the format's required fields and ranges, and compare's shares against the runs' own
// journals.
#include "navigator.h"

#include "coverage.h"
#include "play_scenario.h"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

using namespace bd;
using nlohmann::json;

namespace {

std::string NavTestRead(const std::filesystem::path& p)
{
    std::ifstream f(p, std::ios::binary);
    std::stringstream s;
    s << f.rdbuf();
    return s.str();
}

std::filesystem::path NavTestDir() { return std::filesystem::path(BD_SOURCE_DIR) / "tests/interop/navigator"; }

// A journal by hand: four techniques, one per outcome, and the noise that must not count.
std::vector<json> NavTestJournal()
{
    return {
        json{{"t", 0}, {"seq", 0}, {"type", "header"}, {"seed", 7}, {"org", "converged"}, {"story_start", "Mon 08:00"},
             {"scenario", {{"id", "hand"}, {"title", "By hand"}, {"content_hash", "00"}}}},
        json{{"t", 60}, {"type", "technique"}, {"stage", 0}, {"name", "Phish"}, {"technique", "T1566.001"}, {"action", "initial_access"}, {"ok", true}},
        json{{"t", 120}, {"type", "technique"}, {"stage", 1}, {"name", "Dump"}, {"technique", "T1003.001"}, {"action", "credential_access"}, {"ok", true}},
        json{{"t", 130}, {"type", "technique"}, {"stage", 2}, {"name", "Script"}, {"technique", "T1059.001"}, {"action", "execution"}, {"ok", false}},
        json{{"t", 140}, {"type", "technique"}, {"stage", 3}, {"name", "Encrypt"}, {"technique", "T1486"}, {"action", "impact"}, {"ok", true}},
        json{{"t", 150}, {"type", "technique"}, {"stage", 4}, {"name", "Made up"}, {"technique", "T9999"}, {"action", "impact"}, {"ok", true}},
        json{{"t", 200}, {"type", "alert"}, {"id", 0}, {"team", "secops"}, {"sensor", "mail-gw"}, {"technique", "T1566.001"}, {"true_positive", true}},
        json{{"t", 210}, {"type", "alert"}, {"id", 1}, {"team", "secops"}, {"sensor", "edr"}, {"technique", "T1003.001"}, {"true_positive", true}},
        json{{"t", 220}, {"type", "alert"}, {"id", 2}, {"team", "secops"}, {"sensor", "edr"}, {"technique", "T1059.001"}, {"true_positive", true}},
        // Noise naming a played technique, and a parent of one: neither is coverage.
        json{{"t", 230}, {"type", "alert"}, {"id", 3}, {"team", "secops"}, {"sensor", "edr"}, {"technique", "T1486"}, {"true_positive", false}},
        json{{"t", 240}, {"type", "alert"}, {"id", 4}, {"team", "secops"}, {"sensor", "edr"}, {"technique", "T1003"}, {"true_positive", true}},
        json{{"t", 300}, {"type", "command_done"}, {"ok", true}, {"cmd", {{"kind", "triage_alert"}, {"target", "0"}, {"value", "false_positive"}}}},
        json{{"t", 310}, {"type", "command_done"}, {"ok", true}, {"cmd", {{"kind", "triage_alert"}, {"target", "1"}, {"value", "true_positive"}}}},
        // A refused triage changes nothing.
        json{{"t", 320}, {"type", "command_done"}, {"ok", false}, {"cmd", {{"kind", "triage_alert"}, {"target", "2"}, {"value", "true_positive"}}}},
    };
}

const json* NavTestEntry(const json& layer, const std::string& id)
{
    for (const auto& t : layer["techniques"])
        if (t["techniqueID"] == id) return &t;
    return nullptr;
}

} // namespace

TEST_CASE("Coverage - each outcome from the journal", "[interop][navigator]")
{
    const auto c = ComputeCoverage(NavTestJournal());
    REQUIRE(c.size() == 5);
    CHECK(c[0].technique == "T1566.001");
    CHECK(c[0].outcome == CoverageOutcome::Dismissed);
    CHECK(c[1].outcome == CoverageOutcome::Confirmed);
    CHECK(c[1].sensors.size() == 1);
    CHECK(c[1].sensors[0].sensor == "edr");
    CHECK(c[2].outcome == CoverageOutcome::Pending); // the refused triage did not count
    CHECK(c[2].successes == 0);
    CHECK(c[3].outcome == CoverageOutcome::Unseen);  // the false alarm naming it is noise
    CHECK(c[3].alerts == 0);
}

TEST_CASE("Navigator - a layer of one exercise", "[interop][navigator]")
{
    std::vector<std::string> warnings;
    const json layer = json::parse(NavigatorLayer(NavTestJournal(), &warnings).dump());
    CHECK(CheckNavigatorLayer(layer).empty());
    SECTION("versions, domain, the exercise in name and metadata")
    {
        CHECK(layer["versions"] == json{{"attack", "18"}, {"navigator", "5.1.0"}, {"layer", "4.5"}});
        CHECK(layer["domain"] == "enterprise-attack");
        CHECK(layer["name"] == "Breachdrill hand seed 7 (converged)");
        std::map<std::string, std::string> meta;
        for (const auto& m : layer["metadata"]) meta[m["name"]] = m["value"];
        CHECK(meta["scenario"] == "hand");
        CHECK(meta["seed"] == "7");
        CHECK(meta["profile"] == "converged");
        CHECK(layer["description"].get<std::string>().find("1 detected and confirmed, 1 detected but never triaged, 1 detected and dismissed, 1 seen by no tool") !=
              std::string::npos);
    }
    SECTION("score and colour by outcome, the tools in the comment, the tactic played")
    {
        const json* dismissed = NavTestEntry(layer, "T1566.001");
        REQUIRE(dismissed);
        CHECK((*dismissed)["score"] == 1);
        CHECK((*dismissed)["color"] == NavigatorColor(CoverageOutcome::Dismissed));
        CHECK((*dismissed)["tactic"] == "initial-access");
        CHECK((*dismissed)["comment"].get<std::string>().find("Seen by mail-gw (SecOps, 1 alert)") != std::string::npos);
        CHECK((*NavTestEntry(layer, "T1003.001"))["score"] == 3);
        CHECK((*NavTestEntry(layer, "T1059.001"))["score"] == 2);
        const json* unseen = NavTestEntry(layer, "T1486");
        REQUIRE(unseen);
        CHECK((*unseen)["score"] == 0);
        CHECK((*unseen)["comment"].get<std::string>().find("Seen by no tool.") != std::string::npos);
        // The legend names every colour used.
        std::set<std::string> legend;
        for (const auto& l : layer["legendItems"]) legend.insert(l["color"]);
        for (const auto& t : layer["techniques"]) CHECK(legend.count(t["color"]));
    }
    SECTION("only the journal's real ids, and a sub-technique marks no parent")
    {
        CHECK(layer["techniques"].size() == 4);
        CHECK_FALSE(NavTestEntry(layer, "T9999"));
        CHECK_FALSE(NavTestEntry(layer, "T1003"));
        CHECK_FALSE(NavTestEntry(layer, "T1566"));
        REQUIRE(warnings.size() == 1);
        CHECK(warnings[0] == "[navigator.unknown_technique] T9999 is not an ATT&CK v18.1 technique: left out of the layer");
    }
}

TEST_CASE("Navigator - the checker: the format's own example passes, broken layers do not", "[interop][navigator]")
{
    const json example = json::parse(NavTestRead(NavTestDir() / "spec-example-layer.json"));
    // The format's example is well-formed; only its illustrative T1078 under discovery is not
    // where ATT&CK v18.1 files that technique (the Navigator would show it nowhere).
    const std::vector<std::string> tactic = {"/techniques/3/tactic: T1078 is not under 'discovery'"};
    CHECK(CheckNavigatorLayer(example) == tactic);
    json bad = example;
    bad["domain"] = "mitre-enterprise";
    bad["versions"]["layer"] = "3.0";
    bad["techniques"][0]["score"] = 101;
    bad["techniques"][1]["techniqueID"] = "T1110.999";
    bad["techniques"][0]["color"] = "orange";
    bad.erase("name");
    const auto p = CheckNavigatorLayer(bad);
    const std::vector<std::string> want = {"/name: required, a non-empty string", "/domain: must be \"enterprise-attack\"",
                                           "/versions/layer: must be \"4.5\"", "/techniques/0/score: outside the gradient's range",
                                           "/techniques/0/color: not #rrggbb",
                                           "/techniques/1/techniqueID: 'T1110.999' is not an ATT&CK technique",
                                           "/techniques/3/tactic: T1078 is not under 'discovery'"};
    CHECK(p == want);
}

TEST_CASE("Navigator - golden layer of ransomware-phish, seed 1, siloed", "[interop][navigator]")
{
    auto sim = bdtest::PlayScenario("ransomware-phish", 1, OrgProfile::Siloed);
    const std::string got = NavigatorLayer(sim->journal().Records()).dump(2) + "\n";
    const auto golden = NavTestDir() / "golden-ransomware-phish-1-siloed.json";
    if (std::getenv("BD_UPDATE_GOLDEN")) std::ofstream(golden, std::ios::binary) << got;
    CHECK(got == NavTestRead(golden));
    const json layer = json::parse(got);
    CHECK(CheckNavigatorLayer(layer).empty());
    // Every entry is a technique the journal played, scored as its alerts and triage say.
    const auto coverage = ComputeCoverage(sim->journal().Records());
    REQUIRE(layer["techniques"].size() == coverage.size());
    for (size_t i = 0; i < coverage.size(); ++i) {
        CHECK(layer["techniques"][i]["techniqueID"] == coverage[i].technique);
        CHECK(layer["techniques"][i]["score"] == NavigatorScore(coverage[i].outcome));
    }
}

TEST_CASE("Navigator - compare's shares are the runs' own outcomes", "[interop][navigator]")
{
    CompareOptions o;
    o.scenario = "ransomware-phish";
    o.seed_first = 1;
    o.seed_last = 6;
    o.threads = 2;
    const CompareResult r = RunCompare(o);
    REQUIRE(r.error.empty());
    for (OrgProfile org : o.orgs) {
        // Each run played again on its own, its journal read by ComputeCoverage.
        std::map<std::string, std::pair<int, int>> played_detected;
        for (uint64_t seed = o.seed_first; seed <= o.seed_last; ++seed)
            for (const auto& c : ComputeCoverage(bdtest::PlayScenario("ransomware-phish", seed, org)->journal().Records())) {
                ++played_detected[c.technique].first;
                played_detected[c.technique].second += c.Detected() ? 1 : 0;
            }
        const json layer = json::parse(NavigatorCompareLayer(r, org).dump());
        CHECK(CheckNavigatorLayer(layer).empty());
        CHECK(layer["techniques"].size() == played_detected.size());
        for (const auto& t : layer["techniques"]) {
            const auto& [played, detected] = played_detected.at(t["techniqueID"].get<std::string>());
            CHECK(t["score"].get<double>() == Approx(std::round(1000.0 * detected / played) / 10.0));
            std::map<std::string, std::string> meta;
            for (const auto& m : t["metadata"]) meta[m["name"]] = m["value"];
            CHECK(meta["runs played"] == std::to_string(played));
            CHECK(meta["runs detected"] == std::to_string(detected));
            CHECK(meta["profile"] == OrgName(org));
        }
    }
    CHECK(NavigatorProfilePath("out/cov.json", OrgProfile::Converged) == "out/cov-converged.json");
    CHECK(NavigatorProfilePath("cov", OrgProfile::Siloed) == "cov-siloed.json");
}
