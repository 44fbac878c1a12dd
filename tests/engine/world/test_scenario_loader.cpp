// test_scenario_loader.cpp: the scenario loader (engine/world/scenario_loader.cpp, format: docs/authoring.md).
//
// One TEST_CASE per area. Every validation id has a broken fixture beside a passing one, and the
// test checks the exact id and JSON pointer. Most fixtures are a small JSON merge patch (RFC 7386)
// over kMinimal, written inline as raw strings; syntax fixtures are whole texts.
#include "world/attack_catalog.h"
#include "world/scenario.h"

#include "fixture_scenario.h"
#include "loader_checks.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>


// Everything in a namespace of its own: the unity build compiles this file with others, whose
// helpers and `using namespace bd` must not meet these.
namespace loader_test {

using namespace bd;
using json = nlohmann::json;

// Everything the seed and size decide, as text: equal text, equal world.
std::string Fingerprint(const World& w)
{
    std::ostringstream out;
    for (const auto& z : w.zones) {
        out << "zone " << z.id << (z.internet ? " internet" : "") << " sensors";
        for (auto s : z.sensors) out << " " << s;
        out << "\n";
    }
    for (const auto& row : w.flows) {
        for (auto f : row) out << int(f);
        out << "\n";
    }
    for (const auto& h : w.hosts) {
        out << "host " << h.id << " " << h.kind << " " << h.os << " z" << h.zone << " c" << h.criticality << " p"
            << h.production << " b" << h.backup << " u" << h.user << " sensors";
        for (auto s : h.sensors) out << " " << w.sensor_types[s].id;
        out << " vulns";
        for (auto v : h.vulns) out << " " << w.vulns[v].id;
        out << "\n";
    }
    for (const auto& i : w.identities) {
        out << "identity " << i.id << " " << PrivilegeName(i.privilege) << " cached";
        for (auto h : i.cached_on) out << " " << w.hosts[h].id;
        out << " admin";
        for (auto h : i.admin_on) out << " " << w.hosts[h].id;
        out << "\n";
    }
    return out.str();
}

// A fresh, empty folder under the system temp dir (removed at the end of the test).
struct TempDir {
    std::filesystem::path path;
    explicit TempDir(const std::string& name)
    {
        path = std::filesystem::temp_directory_path() / ("breachdrill-test-" + name);
        std::filesystem::remove_all(path);
        std::filesystem::create_directories(path);
    }
    ~TempDir()
    {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
    void Write(const std::string& file, const std::string& text) const
    {
        std::ofstream(path / file, std::ios::binary) << text;
    }
};


TEST_CASE("Scenario loader - minimal scenario", "[scenario]")
{
    const LoadResult r = Load(kMinimal);
    CHECK_CLEAN(r);
    REQUIRE(r.Ok());
    const Scenario& s = r.scenario;
    const World& w = s.world;

    SECTION("metadata and defaults")
    {
        CHECK(s.id == "mini");
        CHECK(s.title == "Mini");
        CHECK(s.source == "test.json");
        CHECK(s.currency == "EUR");
        CHECK(s.duration_s == 7 * kDay);
        CHECK(s.regimes.empty());
        CHECK(s.org[0].change_approval_s == 4 * kHour);
        CHECK_FALSE(s.org[0].shared_tools);
        CHECK(s.org[0].handoff_factor == 1.0);
        CHECK(s.org[1].change_approval_s == 30 * kMinute);
        CHECK(s.org[1].shared_tools);
        CHECK(s.org[1].handoff_factor == 0.4);
        CHECK(s.autopilot[0].triage_accuracy == AutopilotParams{}.triage_accuracy);
        CHECK(s.autopilot[1].response_latency_s == AutopilotParams{}.response_latency_s);
        CHECK(s.command_durations.empty());
    }
    SECTION("hosts: explicit first, then groups expanded with zero padding")
    {
        REQUIRE(w.hosts.size() == 5);
        CHECK(w.hosts[0].id == "db-01");
        CHECK(w.hosts[1].id == "ws-001");
        CHECK(w.hosts[4].id == "ws-004");
        CHECK(w.hosts[0].production);       // a non-workstation defaults to production
        CHECK_FALSE(w.hosts[1].production); // a workstation does not
        CHECK(w.hosts[1].kind == "workstation");
        CHECK(w.hosts[1].os == "windows");
        CHECK(w.hosts[0].owner == Team::ITOps);
        CHECK(w.hosts[0].user == kNone);
    }
    SECTION("user_per_host creates u-<host>, cached there and set as the host's user")
    {
        const IdentityId u = w.FindIdentity("u-ws-002");
        REQUIRE(u != kNone);
        CHECK(w.identities[u].privilege == Privilege::User);
        CHECK(w.identities[u].cached_on == std::vector<HostId>{w.FindHost("ws-002")});
        CHECK(w.hosts[w.FindHost("ws-002")].user == u);
        CHECK(w.identities[0].id == "admin"); // written identities come first
    }
    SECTION("ids are indexed and flows are a zones x zones matrix")
    {
        CHECK(w.FindHost("db-01") == 0);
        CHECK(w.FindZone("srv") == 2);
        CHECK(w.FindService("crm") == 0);
        CHECK(w.FindStore("customers") == 0);
        CHECK(w.FindSensorType("edr") == 0);
        REQUIRE(w.flows.size() == 3);
        for (const auto& row : w.flows) CHECK(row.size() == 3);
        CHECK(w.CanReach(w.FindZone("lan"), w.FindZone("srv")));
        CHECK_FALSE(w.CanReach(w.FindZone("srv"), w.FindZone("lan"))); // flows are directional
    }
    SECTION("campaign defaults")
    {
        REQUIRE(s.campaign.stages.size() == 2);
        const Stage& st = s.campaign.stages[0];
        CHECK(st.name == "Spearphishing Attachment"); // defaults to the technique's name
        CHECK(st.action == StageAction::InitialAccess);
        CHECK(st.success_prob == Stage{}.success_prob);
        CHECK(st.max_attempts == Stage{}.max_attempts);
        CHECK(st.target.count == 1);
        CHECK_FALSE(s.campaign.seeded);
        CHECK(s.campaign.c2_rebuild_s == 6 * kHour);
        CHECK(s.campaign.max_reentries == 2);
    }
    SECTION("every other field, written out")
    {
        const LoadResult full = Patched(R"({
          "metadata": { "summary": ["line one", "line two"], "briefing": "brief", "facilitator_notes": "notes",
                        "currency": "USD", "duration_s": 86400, "regimes": ["nis2", "gdpr", "nis2"],
                        "objectives": ["Detect within 24 h"] },
          "org_profiles": { "converged": { "change_approval_s": 600, "shared_tools": true, "handoff_factor": 0.5 } },
          "autopilot": { "secops": { "triage_accuracy": 0.9, "triage_latency_s": 60, "response_latency_s": 120,
                                     "coordination": 1, "escalate_severity": 2 } },
          "command_durations": { "isolate_host": 900 }
        })");
        CHECK_CLEAN(full);
        const Scenario& f = full.scenario;
        CHECK(f.summary == "line one\nline two");
        CHECK(f.currency == "USD");
        CHECK(f.duration_s == kDay);
        CHECK(f.regimes == std::vector<std::string>{"nis2", "gdpr"});
        CHECK(f.org[1].change_approval_s == 600);
        CHECK(f.org[0].change_approval_s == 4 * kHour); // the other profile keeps its defaults
        CHECK(f.autopilot[1].coordination == 1.0);
        CHECK(f.autopilot[1].escalate_severity == 2);
        CHECK(f.command_durations.at("isolate_host") == 900);
    }
}

TEST_CASE("Scenario loader - problems / names and the content hash", "[scenario]")
{
    SECTION("Problem::Format")
    {
        CHECK(Problem{"a.json", "/hosts/0/zone", "scenario.011", "zone 'x' is not defined", false}.Format() ==
              "a.json: /hosts/0/zone: [scenario.011] zone 'x' is not defined");
        CHECK(Problem{"a.json", "", "scenario.040", "m", false}.Format() == "a.json: /: [scenario.040] m");
        CHECK(Problem{"a.json", "/x", "scenario.006", "m", true}.Format() == "a.json: warning: /x: [scenario.006] m");
    }
    SECTION("LoadResult::Ok ignores warnings")
    {
        LoadResult r;
        CHECK(r.Ok());
        r.problems.push_back({"f", "", "scenario.006", "m", true});
        CHECK(r.Ok());
        r.problems.push_back({"f", "", "scenario.005", "m", false});
        CHECK_FALSE(r.Ok());
    }
    SECTION("stage action names round-trip")
    {
        const char* names[] = {"initial_access", "execution", "persistence", "privilege_escalation", "credential_access",
                               "discovery", "lateral_movement", "command_and_control", "collection", "exfiltration",
                               "inhibit_recovery", "impact"};
        for (int i = 0; i <= (int)StageAction::Impact; ++i) {
            CHECK(std::string(StageActionName((StageAction)i)) == names[i]);
            CHECK(ParseStageAction(names[i]) == (StageAction)i);
        }
        CHECK_FALSE(ParseStageAction("Initial_Access"));
        CHECK_FALSE(ParseStageAction(""));
    }
    SECTION("content hash: FNV-1a 64 of the raw text, 16 lowercase hex digits")
    {
        CHECK(Load("a").scenario.content_hash == "af63dc4c8601ec8c"); // the FNV-1a test vector
        const LoadResult r = Load(kMinimal);
        // An independent FNV-1a 64, written out here.
        uint64_t h = 0xCBF29CE484222325ull;
        for (const char* c = kMinimal; *c; ++c) h = (h ^ (unsigned char)*c) * 0x100000001B3ull;
        char hex[17];
        std::snprintf(hex, sizeof hex, "%016llx", (unsigned long long)h);
        CHECK(r.scenario.content_hash == hex);
        CHECK(Load(kMinimal, {99, 40}).scenario.content_hash == hex); // seed and size don't change it
        CHECK(Load(std::string(kMinimal) + " ").scenario.content_hash != hex);
    }
}

TEST_CASE("Scenario loader - scenario references", "[scenario]")
{
    SECTION("a built-in id")
    {
        const LoadResult r = LoadScenario("ransomware-phish", {});
        INFO(Dump(r));
        CHECK(r.Ok());
        CHECK(r.scenario.source == "builtin:ransomware-phish");
        CHECK(r.scenario.id == "ransomware-phish");
    }
    SECTION("a folder holding scenario.json, and the file itself")
    {
        TempDir dir("refs");
        dir.Write("scenario.json", kMinimal);
        const LoadResult by_folder = LoadScenario(dir.path.string(), {});
        CHECK_CLEAN(by_folder);
        CHECK(by_folder.scenario.source == (dir.path / "scenario.json").string());
        const LoadResult by_file = LoadScenario((dir.path / "scenario.json").string(), {});
        CHECK_CLEAN(by_file);
        CHECK(by_file.scenario.content_hash == by_folder.scenario.content_hash);
    }
    SECTION("scenario.001: unknown reference")
    {
        const LoadResult r = LoadScenario("no-such-scenario", {});
        CHECK_ERROR(r, "scenario.001", "");
        CHECK(MessageOf(r, "scenario.001", "").find("'no-such-scenario'") != std::string::npos);
        CHECK_ERROR(LoadScenario("/nonexistent/dir/scenario.json", {}), "scenario.001", "");
        // A path that is not there is a missing file, not an unknown built-in.
        CHECK(MessageOf(LoadScenario("/nonexistent/dir/scenario.json", {}), "scenario.001", "") == "no such file or folder: '/nonexistent/dir/scenario.json'");
    }
    SECTION("scenario.002: a folder without scenario.json")
    {
        TempDir dir("empty");
        CHECK_ERROR(LoadScenario(dir.path.string(), {}), "scenario.002", "");
    }
}

TEST_CASE("Scenario loader - JSON syntax", "[scenario]")
{
    SECTION("scenario.003: syntax error with line and column")
    {
        const LoadResult r = Load(R"({
  "metadata": {"id": "x",}
})");
        CHECK_ERROR(r, "scenario.003", "/metadata");
        CHECK(MessageOf(r, "scenario.003", "/metadata").find("line 2, column 26") != std::string::npos);
        CHECK(r.problems.size() == 1); // nothing else is checked on a broken document
    }
    SECTION("scenario.003: empty text")
    {
        CHECK_ERROR(Load(""), "scenario.003", "");
    }
    SECTION("scenario.028: a key twice in one object")
    {
        const LoadResult r = Load(R"({"metadata": {"id": "a", "title": "t", "title": "u"}})");
        CHECK_ERROR(r, "scenario.028", "/metadata/title");
    }
    SECTION("scenario.028: the same key in different objects is fine")
    {
        const LoadResult r = Load(R"({"metadata": {"id": "a", "title": "t"}, "campaign": {"x": {"id": 1}, "y": {"id": 2}}})");
        CHECK(Find(r, "scenario.028", "/campaign/y/id") == nullptr);
    }
    SECTION("scenario.019: a number literal beyond a double")
    {
        CHECK_ERROR(Load(R"({"metadata": {"id": "a", "title": "t", "duration_s": 1e999}})"), "scenario.019",
                    "/metadata/duration_s");
        CHECK_ERROR(Load(R"({"objectives": [1, 2, -1e999]})"), "scenario.019", "/objectives/2");
    }
    SECTION("scenario.004: the document is not an object")
    {
        CHECK_ERROR(Load("[1, 2]"), "scenario.004", "");
    }
}

TEST_CASE("Scenario loader - types / required fields / unknown keys", "[scenario]")
{
    SECTION("scenario.004: wrong type")
    {
        CHECK_ERROR(Patched(R"({"metadata": {"id": 5}})"), "scenario.004", "/metadata/id");
        CHECK_ERROR(Patched(R"({"infrastructure": {"hosts": [{"id": "db-01", "zone": "srv", "backup": "yes"}]}})"),
                    "scenario.004", "/infrastructure/hosts/0/backup");
        CHECK_ERROR(Patched(R"({"infrastructure": {"flows": [["lan"]]}})"), "scenario.004", "/infrastructure/flows/0");
        CHECK_ERROR(Patched(R"({"infrastructure": {"host_groups": [{"prefix": "ws", "count": 2.5, "zone": "lan", "user_per_host": true}]}})"),
                    "scenario.004", "/infrastructure/host_groups/0/count");
        CHECK_ERROR(Patched(R"({"services": {"id": "crm"}})"), "scenario.004", "/services");
    }
    SECTION("scenario.005: missing required field")
    {
        CHECK_ERROR(Patched(R"({"metadata": {"title": null}})"), "scenario.005", "/metadata");
        CHECK(MessageOf(Patched(R"({"metadata": {"title": null}})"), "scenario.005", "/metadata").find("'title'") !=
              std::string::npos);
        CHECK_ERROR(Patched(R"({"campaign": null})"), "scenario.005", "");
        CHECK_ERROR(Patched(R"({"infrastructure": {"hosts": [{"id": "db-01"}]}})"), "scenario.005", "/infrastructure/hosts/0");
        CHECK_ERROR(Patched(R"({"infrastructure": {"hosts": null, "host_groups": null}})"), "scenario.005", "/infrastructure");
        // A collection stage must say which store.
        CHECK_ERROR(Patched(R"({"campaign": {"stages": [
            {"technique": "T1566.001", "action": "initial_access"},
            {"technique": "T1074.001", "action": "collection", "target": {"host": "db-01"}}]}})"),
                    "scenario.005", "/campaign/stages/1/target");
        CHECK_CLEAN(Patched(R"({"campaign": {"stages": [
            {"technique": "T1566.001", "action": "initial_access"},
            {"technique": "T1074.001", "action": "collection", "target": {"store": "customers"}}]}})"));
    }
    SECTION("scenario.006: unknown keys are warnings, at any level")
    {
        CHECK_WARNING(Patched(R"({"colour": "red"})"), "scenario.006", "/colour");
        CHECK_WARNING(Patched(R"({"metadata": {"titel": "x"}})"), "scenario.006", "/metadata/titel");
        CHECK_WARNING(Patched(R"({"infrastructure": {"hosts": [{"id": "db-01", "zone": "srv", "ip": "10.0.0.1"}]}})"),
                      "scenario.006", "/infrastructure/hosts/0/ip");
        CHECK_CLEAN(Patched(R"({"$schema": "../../docs/scenario.schema.json"})")); // for editors
    }
    SECTION("scenario.029: unknown format version")
    {
        CHECK_ERROR(Patched(R"({"format": "breachdrill-scenario/9"})"), "scenario.029", "/format");
        CHECK_CLEAN(Patched(R"({"format": "breachdrill-scenario/1"})"));
    }
}

TEST_CASE("Scenario loader - ids", "[scenario]")
{
    SECTION("scenario.007: duplicate ids")
    {
        const LoadResult r = Patched(R"({"infrastructure": {"hosts": [
            {"id": "db-01", "zone": "srv"}, {"id": "db-01", "zone": "lan"}]}})");
        CHECK_ERROR(r, "scenario.007", "/infrastructure/hosts/1/id");
        CHECK(MessageOf(r, "scenario.007", "/infrastructure/hosts/1/id").find("/infrastructure/hosts/0") != std::string::npos);
        CHECK(r.scenario.world.hosts[0].zone == r.scenario.world.FindZone("srv")); // the first one counts
        CHECK_ERROR(Patched(R"({"infrastructure": {"zones": [{"id": "internet", "internet": true}, {"id": "lan"}, {"id": "srv"}, {"id": "lan"}]}})"),
                    "scenario.007", "/infrastructure/zones/3/id");
        CHECK_ERROR(Patched(R"({"services": [{"id": "crm", "depends_on": ["db-01"]}, {"id": "crm", "depends_on": ["db-01"]}]})"),
                    "scenario.007", "/services/1/id");
    }
    SECTION("scenario.007: a group whose prefix is a host id, or whose hosts collide")
    {
        CHECK_ERROR(Patched(R"({"infrastructure": {"host_groups": [{"prefix": "db-01", "count": 2, "zone": "lan"}]}})"),
                    "scenario.007", "/infrastructure/host_groups/0/prefix");
        CHECK_ERROR(Patched(R"({"infrastructure": {"hosts": [{"id": "db-01", "zone": "srv"}, {"id": "ws-003", "zone": "lan"}]}})"),
                    "scenario.007", "/infrastructure/host_groups/0/prefix");
    }
    SECTION("scenario.007: an identity that user_per_host also creates")
    {
        CHECK_ERROR(Patched(R"({"identities": [{"id": "u-ws-001"}]})"), "scenario.007", "/identities/0/id");
    }
    SECTION("scenario.008: invalid id")
    {
        CHECK_ERROR(Patched(R"({"infrastructure": {"hosts": [{"id": "db 01", "zone": "srv"}]}})"), "scenario.008",
                    "/infrastructure/hosts/0/id");
        CHECK_ERROR(Patched(R"({"metadata": {"id": ""}})"), "scenario.008", "/metadata/id");
        CHECK_ERROR(Patched(R"({"infrastructure": {"host_groups": [{"prefix": "ws/", "count": 2, "zone": "lan"}]}})"),
                    "scenario.008", "/infrastructure/host_groups/0/prefix");
        CHECK_CLEAN(Patched(R"({"services": [{"id": "crm_v2.0-A", "depends_on": ["db-01"]}]})"));
    }
}

TEST_CASE("Scenario loader - numbers", "[scenario]")
{
    SECTION("scenario.009: empty lists that need an element")
    {
        CHECK_ERROR(Patched(R"({"infrastructure": {"zones": []}})"), "scenario.009", "/infrastructure/zones");
        CHECK_ERROR(Patched(R"({"campaign": {"stages": []}})"), "scenario.009", "/campaign/stages");
        CHECK_ERROR(Patched(R"({"services": [{"id": "crm", "depends_on": []}]})"), "scenario.009", "/services/0/depends_on");
        CHECK_ERROR(Patched(R"({"infrastructure": {"hosts": [], "host_groups": []}})"), "scenario.009", "/infrastructure/hosts");
    }
    SECTION("scenario.010: negative durations, counts, costs")
    {
        CHECK_ERROR(Patched(R"({"campaign": {"stages": [{"technique": "T1566.001", "action": "initial_access",
                                 "duration": {"median_s": -5}}]}})"),
                    "scenario.010", "/campaign/stages/0/duration/median_s");
        CHECK_ERROR(Patched(R"({"data_stores": [{"id": "customers", "host": "db-01", "records": -1}]})"), "scenario.010",
                    "/data_stores/0/records");
        CHECK_ERROR(Patched(R"({"services": [{"id": "crm", "depends_on": ["db-01"], "cost_per_hour": -100}]})"),
                    "scenario.010", "/services/0/cost_per_hour");
        CHECK_ERROR(Patched(R"({"infrastructure": {"host_groups": [{"prefix": "ws", "count": -3, "zone": "lan"}]}})"),
                    "scenario.010", "/infrastructure/host_groups/0/count");
        // Disclosure dates may lie in the past.
        CHECK_CLEAN(Patched(R"({"infrastructure": {"vulnerabilities": [{"id": "CVE-2024-3400", "disclosed_at_s": -864000}]}})"));
    }
    SECTION("scenario.018: probabilities outside [0, 1]")
    {
        CHECK_ERROR(Patched(R"({"infrastructure": {"sensor_types": [{"id": "edr", "observes": ["DC0032"], "detect_prob": 1.5}]}})"),
                    "scenario.018", "/infrastructure/sensor_types/0/detect_prob");
        CHECK_ERROR(Patched(R"({"infrastructure": {"host_groups": [{"prefix": "ws", "count": 2, "zone": "lan",
                                 "user_per_host": true, "sensors": [{"id": "edr", "prob": -0.1}]}]}})"),
                    "scenario.018", "/infrastructure/host_groups/0/sensors/0/prob");
        CHECK_ERROR(Patched(R"({"identities": [{"id": "admin", "cached_on": [{"group": "ws", "prob": 2}]}]})"),
                    "scenario.018", "/identities/0/cached_on/0/prob");
        CHECK_CLEAN(Patched(R"({"campaign": {"stages": [{"technique": "T1566.001", "action": "initial_access", "success_prob": 0},
                                  {"technique": "T1021.002", "action": "lateral_movement", "success_prob": 1}]}})"));
    }
    SECTION("scenario.019: numbers beyond any sane size")
    {
        CHECK_ERROR(Patched(R"({"metadata": {"duration_s": 1e12}})"), "scenario.019", "/metadata/duration_s");
        CHECK_ERROR(Patched(R"({"infrastructure": {"host_groups": [{"prefix": "ws", "count": 2000000, "zone": "lan"}]}})"),
                    "scenario.019", "/infrastructure/host_groups/0/count");
        CHECK_ERROR(Patched(R"({"services": [{"id": "crm", "depends_on": ["db-01"], "cost_per_hour": 1e300}]})"),
                    "scenario.019", "/services/0/cost_per_hour");
        CHECK_ERROR(Patched(R"({"data_stores": [{"id": "c", "host": "db-01", "records": 99999999999999999999}]})"),
                    "scenario.019", "/data_stores/0/records");
    }
    SECTION("scenario.020: outside a documented range")
    {
        CHECK_ERROR(Patched(R"({"infrastructure": {"hosts": [{"id": "db-01", "zone": "srv", "criticality": 7}]}})"),
                    "scenario.020", "/infrastructure/hosts/0/criticality");
        CHECK_ERROR(Patched(R"({"campaign": {"stages": [{"technique": "T1566.001", "action": "initial_access",
                                 "duration": {"sigma": 9}, "max_attempts": 0}]}})"),
                    "scenario.020", "/campaign/stages/0/duration/sigma");
        CHECK_ERROR(Patched(R"({"campaign": {"stages": [{"technique": "T1566.001", "action": "initial_access", "max_attempts": 0}]}})"),
                    "scenario.020", "/campaign/stages/0/max_attempts");
        CHECK_ERROR(Patched(R"({"org_profiles": {"siloed": {"handoff_factor": 500}}})"), "scenario.020",
                    "/org_profiles/siloed/handoff_factor");
        CHECK_ERROR(Patched(R"({"autopilot": {"secops": {"escalate_severity": 5}}})"), "scenario.020",
                    "/autopilot/secops/escalate_severity");
        CHECK_ERROR(Patched(R"({"infrastructure": {"host_groups": [{"prefix": "ws", "count": 0, "zone": "lan"}]}})"),
                    "scenario.020", "/infrastructure/host_groups/0/count");
        CHECK_ERROR(Patched(R"({"metadata": {"duration_s": 0}})"), "scenario.020", "/metadata/duration_s");
        CHECK_ERROR(Load(kMinimal, {1, -5}), "scenario.020", "");
        CHECK_CLEAN(Patched(R"({"infrastructure": {"hosts": [{"id": "db-01", "zone": "srv", "criticality": 5, "vulns": ["CVE-2024-3400"]}]}})"));
    }
}

TEST_CASE("Scenario loader - references to undefined things", "[scenario]")
{
    SECTION("scenario.011: zone")
    {
        CHECK_ERROR(Patched(R"({"infrastructure": {"hosts": [{"id": "db-01", "zone": "nowhere"}]}})"), "scenario.011",
                    "/infrastructure/hosts/0/zone");
        CHECK_ERROR(Patched(R"({"infrastructure": {"flows": [["lan", "mars"]]}})"), "scenario.011", "/infrastructure/flows/0/1");
        CHECK_ERROR(Patched(R"({"campaign": {"stages": [{"technique": "T1566.001", "action": "initial_access",
                                 "target": {"zone": "mars"}}]}})"),
                    "scenario.011", "/campaign/stages/0/target/zone");
    }
    SECTION("scenario.012: host")
    {
        const LoadResult r = Patched(R"({"services": [{"id": "crm", "depends_on": ["db-02"]}]})");
        CHECK_ERROR(r, "scenario.012", "/services/0/depends_on/0");
        CHECK(MessageOf(r, "scenario.012", "/services/0/depends_on/0") == "host 'db-02' is not defined (did you mean 'db-01'?)");
        CHECK_ERROR(Patched(R"({"campaign": {"stages": [{"technique": "T1566.001", "action": "initial_access"},
                                 {"technique": "T1021.002", "action": "lateral_movement", "target": {"host": "db-02"}}]}})"),
                    "scenario.012", "/campaign/stages/1/target/host");
        CHECK_ERROR(Patched(R"({"data_stores": [{"id": "customers", "host": "db-02"}]})"), "scenario.012", "/data_stores/0/host");
        CHECK_ERROR(Patched(R"({"identities": [{"id": "admin", "admin_on": ["db-01", "nas"]}]})"), "scenario.012",
                    "/identities/0/admin_on/1");
    }
    SECTION("scenario.013: identity")
    {
        CHECK_ERROR(Patched(R"({"infrastructure": {"hosts": [{"id": "db-01", "zone": "srv", "user": "nobody"}]}})"),
                    "scenario.013", "/infrastructure/hosts/0/user");
        const LoadResult ok = Patched(R"({"infrastructure": {"hosts": [{"id": "db-01", "zone": "srv", "user": "admin", "vulns": ["CVE-2024-3400"]}]}})");
        CHECK_CLEAN(ok);
        CHECK(ok.scenario.world.hosts[0].user == ok.scenario.world.FindIdentity("admin"));
    }
    SECTION("scenario.014: data store")
    {
        CHECK_ERROR(Patched(R"({"campaign": {"stages": [{"technique": "T1566.001", "action": "initial_access"},
                                 {"technique": "T1074.001", "action": "collection", "target": {"store": "payroll"}}]}})"),
                    "scenario.014", "/campaign/stages/1/target/store");
    }
    SECTION("scenario.015: sensor type")
    {
        CHECK_ERROR(Patched(R"({"infrastructure": {"hosts": [{"id": "db-01", "zone": "srv", "sensors": ["ids"]}]}})"),
                    "scenario.015", "/infrastructure/hosts/0/sensors/0");
        CHECK_ERROR(Patched(R"({"infrastructure": {"zones": [{"id": "internet", "internet": true}, {"id": "lan", "sensors": ["ids"]}, {"id": "srv"}]}})"),
                    "scenario.015", "/infrastructure/zones/1/sensors/0");
        CHECK_ERROR(Patched(R"({"infrastructure": {"host_groups": [{"prefix": "ws", "count": 2, "zone": "lan",
                                 "user_per_host": true, "sensors": [{"id": "ids", "prob": 0.5}]}]}})"),
                    "scenario.015", "/infrastructure/host_groups/0/sensors/0/id");
    }
    SECTION("scenario.016: vulnerability")
    {
        CHECK_ERROR(Patched(R"({"infrastructure": {"hosts": [{"id": "db-01", "zone": "srv", "vulns": ["CVE-0000-0000"]}]}})"),
                    "scenario.016", "/infrastructure/hosts/0/vulns/0");
        CHECK_ERROR(Patched(R"({"infrastructure": {"host_groups": [{"prefix": "ws", "count": 2, "zone": "lan",
                                 "user_per_host": true, "vulns": ["CVE-0000-0000"]}]}})"),
                    "scenario.016", "/infrastructure/host_groups/0/vulns/0");
    }
    SECTION("scenario.017: host group")
    {
        CHECK_ERROR(Patched(R"({"identities": [{"id": "admin", "cached_on": [{"group": "srv", "prob": 0.5}]}]})"),
                    "scenario.017", "/identities/0/cached_on/0/group");
    }
    SECTION("host ids and group prefixes both work where a list of hosts is asked")
    {
        const LoadResult r = Patched(R"({"identities": [{"id": "admin", "privilege": "local_admin",
                                           "cached_on": ["db-01", "ws"], "admin_on": ["ws", "ws-001", "db-01"]}]})");
        CHECK_CLEAN(r);
        const Identity& a = r.scenario.world.identities[0];
        CHECK(a.cached_on.size() == 5);
        CHECK(a.admin_on.size() == 5); // sorted, without duplicates
        CHECK(std::is_sorted(a.admin_on.begin(), a.admin_on.end()));
    }
}

TEST_CASE("Scenario loader - names of teams / privileges / actions and the like", "[scenario]")
{
    SECTION("scenario.021: team")
    {
        CHECK_ERROR(Patched(R"({"infrastructure": {"sensor_types": [{"id": "edr", "observes": ["DC0032"], "team": "blue"}]}})"),
                    "scenario.021", "/infrastructure/sensor_types/0/team");
        CHECK_ERROR(Patched(R"({"services": [{"id": "crm", "depends_on": ["db-01"], "owner": "facilitator"}]})"),
                    "scenario.021", "/services/0/owner");
        CHECK_ERROR(Patched(R"({"autopilot": {"redteam": {}}})"), "scenario.021", "/autopilot/redteam");
        const LoadResult ok = Patched(R"({"services": [{"id": "crm", "depends_on": ["db-01"], "owner": "secops"}]})");
        CHECK_CLEAN(ok);
        CHECK(ok.scenario.world.services[0].owner == Team::SecOps);
    }
    SECTION("scenario.022: privilege")
    {
        CHECK_ERROR(Patched(R"({"identities": [{"id": "admin", "privilege": "root"}]})"), "scenario.022",
                    "/identities/0/privilege");
    }
    SECTION("scenario.023: stage action")
    {
        CHECK_ERROR(Patched(R"({"campaign": {"stages": [{"technique": "T1566.001", "action": "initial_access"},
                                 {"technique": "T1021.002", "action": "pwn"}]}})"),
                    "scenario.023", "/campaign/stages/1/action");
    }
    SECTION("scenario.024: regime")
    {
        CHECK_ERROR(Patched(R"({"metadata": {"regimes": ["gdpr", "hipaa"]}})"), "scenario.024", "/metadata/regimes/1");
    }
    SECTION("scenario.025: command kind")
    {
        CHECK_ERROR(Patched(R"({"command_durations": {"hack_host": 10}})"), "scenario.025", "/command_durations/hack_host");
    }
    SECTION("scenario.026: organisation profile")
    {
        CHECK_ERROR(Patched(R"({"org_profiles": {"chaotic": {}}})"), "scenario.026", "/org_profiles/chaotic");
    }
    SECTION("scenario.027: unknown host kind is a warning")
    {
        CHECK_WARNING(Patched(R"({"infrastructure": {"hosts": [{"id": "db-01", "zone": "srv", "kind": "router"}]}})"),
                      "scenario.027", "/infrastructure/hosts/0/kind");
    }
}

TEST_CASE("Scenario loader - ATT&CK ids", "[scenario]")
{
    auto with_stage = [](const std::string& technique, const std::string& action) {
        return Patched(("{\"campaign\": {\"stages\": [{\"technique\": \"T1566.001\", \"action\": \"initial_access\"}, "
                        "{\"technique\": \"" + technique + "\", \"action\": \"" + action + "\"}]}}").c_str());
    };
    SECTION("a real, current technique passes")
    {
        CHECK_CLEAN(with_stage("T1003.001", "credential_access"));
    }
    SECTION("scenario.030: unknown technique")
    {
        const LoadResult r = with_stage("T9999", "execution");
        CHECK_ERROR(r, "scenario.030", "/campaign/stages/1/technique");
        CHECK(MessageOf(r, "scenario.030", "/campaign/stages/1/technique").find("'T9999'") != std::string::npos);
    }
    SECTION("scenario.031: deprecated technique")
    {
        REQUIRE(Catalog().FindTechnique("T1053.004")->deprecated);
        const LoadResult r = with_stage("T1053.004", "persistence");
        CHECK_ERROR(r, "scenario.031", "/campaign/stages/1/technique");
        CHECK(MessageOf(r, "scenario.031", "/campaign/stages/1/technique").find("'T1053.004'") != std::string::npos);
    }
    SECTION("scenario.032: revoked technique")
    {
        REQUIRE(Catalog().FindTechnique("T1004")->revoked);
        const LoadResult r = with_stage("T1004", "persistence");
        CHECK_ERROR(r, "scenario.032", "/campaign/stages/1/technique");
        CHECK(MessageOf(r, "scenario.032", "/campaign/stages/1/technique").find("'T1004'") != std::string::npos);
    }
    SECTION("scenario.033: unknown data component")
    {
        CHECK_ERROR(Patched(R"({"infrastructure": {"sensor_types": [{"id": "edr", "observes": ["DC0032", "DC9999"]}]}})"),
                    "scenario.033", "/infrastructure/sensor_types/0/observes/1");
    }
    SECTION("scenario.034: technique of another tactic than the action is a warning")
    {
        CHECK_WARNING(with_stage("T1486", "execution"), "scenario.034", "/campaign/stages/1/technique");
    }
    SECTION("scenario.035: technique that no sensor type can observe is a warning")
    {
        // DCSync is seen in AD object access and network content, not in process creation.
        CHECK_WARNING(with_stage("T1003.006", "credential_access"), "scenario.035", "/campaign/stages/1/technique");
    }
}

TEST_CASE("Scenario loader - attack path", "[scenario]")
{
    SECTION("scenario.040: no internet zone")
    {
        CHECK_ERROR(Patched(R"({"infrastructure": {"zones": [{"id": "lan"}, {"id": "srv"}], "flows": [["lan", "srv"]]}})"),
                    "scenario.040", "/infrastructure/zones");
    }
    SECTION("scenario.041: no host matches a stage's target")
    {
        CHECK_ERROR(Patched(R"({"campaign": {"stages": [{"technique": "T1566.001", "action": "initial_access",
                                 "target": {"kind": "workstation", "zone": "srv"}}]}})"),
                    "scenario.041", "/campaign/stages/0/target");
    }
    SECTION("scenario.042: initial access must be able to reach its target")
    {
        // A phish needs a person at the host: db-01 has no user.
        CHECK_ERROR(Patched(R"({"campaign": {"stages": [{"technique": "T1566.001", "action": "initial_access",
                                 "target": {"host": "db-01"}}]}})"),
                    "scenario.042", "/campaign/stages/0/target");
        // Anything else needs a flow from the internet into the zone (lan has egress only)...
        CHECK_ERROR(Patched(R"({"campaign": {"stages": [{"technique": "T1078", "action": "initial_access",
                                 "target": {"zone": "lan"}}]}})"),
                    "scenario.042", "/campaign/stages/0/target");
        CHECK_CLEAN(Patched(R"({"infrastructure": {"flows": [["internet", "lan"], ["lan", "srv"]]},
                                 "campaign": {"stages": [{"technique": "T1078", "action": "initial_access",
                                 "target": {"zone": "lan"}}]}})"));
        // ... and an exploit of a public-facing application a remote vulnerability there.
        CHECK_ERROR(Patched(R"({"infrastructure": {"flows": [["internet", "srv"]]},
                                 "campaign": {"stages": [{"technique": "T1190", "action": "initial_access",
                                 "target": {"host": "db-01"}}]}})"),
                    "scenario.042", "/campaign/stages/0/target");
        CHECK_CLEAN(Patched(R"({"infrastructure": {"flows": [["internet", "srv"]],
                                 "vulnerabilities": [{"id": "CVE-2024-3400", "software": "PAN-OS GlobalProtect"}],
                                 "hosts": [{"id": "db-01", "kind": "database", "zone": "srv", "sensors": ["edr"], "vulns": ["CVE-2024-3400"]}]},
                                 "campaign": {"stages": [{"technique": "T1190", "action": "initial_access",
                                 "target": {"host": "db-01"}}]}})"));
    }
    SECTION("scenario.043: lateral movement must have a path over flows")
    {
        CHECK_ERROR(Patched(R"({"infrastructure": {"flows": [["lan", "internet"]]}})"), "scenario.043",
                    "/campaign/stages/1/target");
        // Transitive paths count: lan -> dmz -> srv.
        CHECK_CLEAN(Patched(R"({"infrastructure": {"zones": [{"id": "internet", "internet": true}, {"id": "lan"}, {"id": "dmz"}, {"id": "srv"}],
                                 "flows": [["lan", "dmz"], ["dmz", "srv"]]}})"));
    }
    SECTION("scenario.044: the first stage is not initial access")
    {
        CHECK_ERROR(Patched(R"({"campaign": {"stages": [{"technique": "T1204.002", "action": "execution"},
                                 {"technique": "T1566.001", "action": "initial_access"}]}})"),
                    "scenario.044", "/campaign/stages/0/action");
        // After reconnaissance and resource development, the first stage inside the estate is the one named.
        CHECK_ERROR(Patched(R"({"campaign": {"stages": [{"technique": "T1595.002", "action": "reconnaissance"},
                                 {"technique": "T1204.002", "action": "execution"},
                                 {"technique": "T1566.001", "action": "initial_access"}]}})"),
                    "scenario.044", "/campaign/stages/1/action");
    }
    SECTION("scenario.095, .096: pre-attack stages come before initial access, with a technique of their tactic")
    {
        // Passing: a scan and a bought domain, then the phish.
        // (its fixture has no network sensor: the scan's scenario.035 warning is all it says)
        CHECK(Patched(R"({"campaign": {"stages": [{"technique": "T1595.002", "action": "reconnaissance"},
                                 {"technique": "T1583.001", "action": "resource_development"},
                                 {"technique": "T1566.001", "action": "initial_access"}]}})").Ok());
        // After the way in, the breach has begun.
        CHECK_ERROR(Patched(R"({"campaign": {"stages": [{"technique": "T1566.001", "action": "initial_access"},
                                 {"technique": "T1595.002", "action": "reconnaissance"}]}})"),
                    "scenario.095", "/campaign/stages/1/action");
        // A technique of another tactic is an error here (elsewhere a mismatch is only warning scenario.034).
        CHECK_ERROR(Patched(R"({"campaign": {"stages": [{"technique": "T1059", "action": "reconnaissance"},
                                 {"technique": "T1566.001", "action": "initial_access"}]}})"),
                    "scenario.096", "/campaign/stages/0/technique");
        CHECK_ERROR(Patched(R"({"campaign": {"stages": [{"technique": "T1595.002", "action": "resource_development"},
                                 {"technique": "T1566.001", "action": "initial_access"}]}})"),
                    "scenario.096", "/campaign/stages/0/technique");
    }
    SECTION("scenario.045: stages that need a C2 channel, but no indicators")
    {
        CHECK_ERROR(Patched(R"({"campaign": {"c2_indicators": null}})"), "scenario.045", "/campaign");
        CHECK_ERROR(Patched(R"({"campaign": {"c2_indicators": []}})"), "scenario.045", "/campaign/c2_indicators");
        // Initial access, execution and persistence work without one.
        CHECK_CLEAN(Patched(R"({"campaign": {"c2_indicators": null, "stages": [
            {"technique": "T1566.001", "action": "initial_access"},
            {"technique": "T1204.002", "action": "execution"},
            {"technique": "T1547.001", "action": "persistence"}]}})"));
    }
}

TEST_CASE("Scenario loader - host groups and --size", "[scenario]")
{
    SECTION("size scales scalable groups; fixed groups and explicit hosts keep their counts")
    {
        const char* patch = R"({"infrastructure": {"host_groups": [
            {"prefix": "ws", "count": 30, "scalable": true, "zone": "lan", "user_per_host": true},
            {"prefix": "lab", "count": 10, "scalable": true, "zone": "lan"},
            {"prefix": "app", "count": 5, "zone": "srv", "kind": "server"}]}})";
        const LoadResult own = Patched(patch);
        CHECK_CLEAN(own);
        CHECK(own.scenario.world.hosts.size() == 46);
        const LoadResult big = Patched(patch, {1, 1006});
        CHECK_CLEAN(big);
        const World& w = big.scenario.world;
        CHECK(w.hosts.size() == 1006);
        CHECK(w.FindHost("ws-750") != kNone); // 1000 hosts left, shared 30:10
        CHECK(w.FindHost("ws-751") == kNone);
        CHECK(w.FindHost("lab-250") != kNone);
        CHECK(w.FindHost("app-005") != kNone);
        CHECK(w.FindHost("app-006") == kNone);
        // Tiny sizes still keep one host per scalable group.
        const LoadResult tiny = Patched(patch, {1, 3});
        CHECK_CLEAN(tiny);
        CHECK(tiny.scenario.world.hosts.size() == 8);
        CHECK(tiny.scenario.world.FindHost("lab-001") != kNone);
    }
    SECTION("scenario.046: too many hosts")
    {
        CHECK_ERROR(Load(kMinimal, {1, 5'000'000}), "scenario.046", "/infrastructure/host_groups");
        const LoadResult r = Load(kMinimal, {1, 5'000'000});
        CHECK(Errors(r) == 1); // no cascade of "group not defined"
    }
    SECTION("scenario.047: a size, but nothing scales (a warning)")
    {
        CHECK_WARNING(Patched(R"({"infrastructure": {"host_groups": [{"prefix": "ws", "count": 4, "zone": "lan", "user_per_host": true}]}})",
                              {1, 100}),
                      "scenario.047", "/infrastructure/host_groups");
    }
}

TEST_CASE("Scenario loader - determinism", "[scenario]")
{
    SECTION("the same seed and size give the same world")
    {
        const LoadResult a = LoadScenario("ransomware-phish", {42, 300});
        const LoadResult b = LoadScenario("ransomware-phish", {42, 300});
        REQUIRE(a.Ok());
        CHECK(Fingerprint(a.scenario.world) == Fingerprint(b.scenario.world));
    }
    SECTION("another seed gives another world")
    {
        const LoadResult a = LoadScenario("ransomware-phish", {1, 300});
        const LoadResult b = LoadScenario("ransomware-phish", {2, 300});
        REQUIRE(b.Ok());
        CHECK(Fingerprint(a.scenario.world) != Fingerprint(b.scenario.world));
        // ... of the same shape.
        CHECK(a.scenario.world.hosts.size() == b.scenario.world.hosts.size());
        CHECK(a.scenario.content_hash == b.scenario.content_hash);
    }
    SECTION("draws follow the probabilities")
    {
        const LoadResult r = LoadScenario("ransomware-phish", {7, 2000});
        const World& w = r.scenario.world;
        const SensorTypeId edr = w.FindSensorType("edr");
        int ws = 0, with_edr = 0;
        for (const auto& h : w.hosts)
            if (h.id.rfind("ws-", 0) == 0) {
                ++ws;
                with_edr += std::count(h.sensors.begin(), h.sensors.end(), edr) > 0;
            }
        REQUIRE(ws > 1900);
        CHECK(with_edr > ws * 0.80);
        CHECK(with_edr < ws * 0.90);
    }
}

TEST_CASE("Scenario loader - built-in ransomware-phish", "[scenario]")
{
    const LoadResult r = LoadScenario("ransomware-phish", {});
    INFO(Dump(r));
    REQUIRE(r.Ok());
    CHECK(r.problems.empty()); // not even a warning
    const Scenario& s = r.scenario;
    const World& w = s.world;

    SECTION("the company")
    {
        CHECK(w.hosts.size() == 69);
        for (const char* id : {"dc-01", "fs-01", "erp-app-01", "erp-db-01", "web-01", "mail-01", "bkp-01", "ws-001", "ws-060"})
            CHECK(w.FindHost(id) != kNone);
        CHECK(w.hosts[w.FindHost("erp-db-01")].production);
        CHECK(s.regimes == std::vector<std::string>{"nis2", "gdpr"});
        const StoreId st = w.FindStore("erp-customers");
        REQUIRE(st != kNone);
        CHECK(w.stores[st].records == 250000);
        CHECK(w.stores[st].personal_data);
        CHECK(w.stores[st].host == w.FindHost("erp-db-01"));
        for (const auto& svc : w.services) CHECK(svc.cost_per_hour > 0);
        const IdentityId helpdesk = w.FindIdentity("helpdesk");
        REQUIRE(helpdesk != kNone);
        CHECK(w.identities[helpdesk].admin_on.size() == 60);
        CHECK(w.identities[w.FindIdentity("adm-domain")].privilege == Privilege::DomainAdmin);
        CHECK(w.identities[w.FindIdentity("vpn-erp-vendor")].remote_access);
    }
    SECTION("the campaign: seeded, real techniques, C2 indicators")
    {
        CHECK(s.campaign.seeded);
        REQUIRE(s.campaign.stages.size() >= 13);
        CHECK(s.campaign.stages.front().technique == "T1566.001");
        CHECK(s.campaign.stages.back().technique == "T1486");
        CHECK(s.campaign.c2_indicators.size() >= 2);
        for (const auto& st : s.campaign.stages) {
            const Technique* t = Catalog().FindTechnique(st.technique);
            REQUIRE(t != nullptr);
            CHECK_FALSE(t->deprecated);
            CHECK_FALSE(t->revoked);
        }
    }
    SECTION("each technique can be seen by a sensor on a host where it may run")
    {
        // Untargeted stages act on the foothold: an office workstation, or the host the last lateral
        // movement before them reached (DCSync runs on dc-01).
        HostId ws = w.FindHost("ws-001");
        for (const auto& st : s.campaign.stages) {
            INFO(st.name << " " << st.technique);
            const Technique* t = Catalog().FindTechnique(st.technique);
            REQUIRE(t != nullptr);
            std::vector<HostId> where;
            for (HostId h = 0; h < (HostId)w.hosts.size(); ++h) {
                const Host& host = w.hosts[h];
                const TargetSelector& sel = st.target;
                if (!sel.store.empty()) { if (w.stores[w.FindStore(sel.store)].host != h) continue; }
                else if (sel.host.empty() && sel.kinds.empty() && sel.zone.empty()) { if (h != ws) continue; }
                if (!sel.host.empty() && host.id != sel.host) continue;
                if (!sel.KindMatches(host.kind)) continue;
                if (!sel.zone.empty() && w.zones[host.zone].id != sel.zone) continue;
                where.push_back(h);
            }
            REQUIRE_FALSE(where.empty());
            bool seen = false;
            for (HostId h : where) {
                std::vector<SensorTypeId> sensors = w.hosts[h].sensors;
                for (auto z : w.zones[w.hosts[h].zone].sensors) sensors.push_back(z);
                for (SensorTypeId sid : sensors)
                    for (const auto& dc : t->data_components)
                        if (std::binary_search(w.sensor_types[sid].observes.begin(), w.sensor_types[sid].observes.end(), dc))
                            seen = true;
            }
            CHECK(seen);
            if (st.action == StageAction::LateralMovement && !st.target.host.empty()) ws = w.FindHost(st.target.host);
        }
    }
    SECTION("sizes")
    {
        const LoadResult big = LoadScenario("ransomware-phish", {1, 2000});
        CHECK(big.Ok());
        CHECK(big.scenario.world.hosts.size() >= 1980);
        CHECK(big.scenario.world.hosts.size() <= 2020);
        CHECK(big.scenario.world.FindHost("ws-0001") != kNone);
        const LoadResult small = LoadScenario("ransomware-phish", {1, 50});
        CHECK(small.Ok());
        CHECK(small.scenario.world.hosts.size() == 50);
        CHECK(small.scenario.world.FindIdentity("u-ws-041") != kNone);
    }
}

} // namespace loader_test
