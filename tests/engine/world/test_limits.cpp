// test_limits.cpp: the limits of untrusted input (docs/reliability.md): scenario files, journals
// and --commands files. Each limit has a failing input beside a passing one at the limit, and the
// test checks the exact id and place. The whole-program view (the CLI on broken files) is
// test_bad_inputs.cpp; the fuzzers' finds are test_fuzz_regressions.cpp.
#include "journal/journal.h"
#include "run/replay.h"
#include "world/scenario.h"

#include "fixture_scenario.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

using namespace bd;
using json = nlohmann::json;

namespace {

// The small scenario that loads with no problem (tests/fixture_scenario.h).
const char* const kMinimal = bdtest::kMinimalScenario;

LoadResult Load(const std::string& text) { return LoadScenarioText(text, "limits.json", LoadOptions{}); }

json Minimal() { return json::parse(kMinimal); }

// The problem with this id and pointer, or nullptr.
const Problem* Find(const LoadResult& r, const std::string& id, const std::string& pointer)
{
    for (const auto& p : r.problems)
        if (p.id == id && p.pointer == pointer) return &p;
    return nullptr;
}

bool HasId(const LoadResult& r, const std::string& id)
{
    return std::any_of(r.problems.begin(), r.problems.end(), [&](const Problem& p) { return p.id == id; });
}

std::string LimitsDump(const LoadResult& r)
{
    std::string out;
    for (const auto& p : r.problems) out += p.Format() + "\n";
    return out.empty() ? "(no problems)" : out;
}

// `levels` nested arrays: [[[...]]].
std::string Nested(size_t levels) { return std::string(levels, '[') + std::string(levels, ']'); }

// The sizes below are where the quadratic paths these tests guard took minutes: run linearly they
// take well under a second (about 10 s under ASan). No test here times itself (a loaded machine
// must not fail a test); a path gone quadratic again runs into CTest's per-test timeout instead.

std::filesystem::path TempFile(const std::string& name, const std::string& text)
{
    const auto path = std::filesystem::temp_directory_path() / ("bd-limits-" + name);
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

} // namespace

TEST_CASE("Limits - scenario file size: more than 16 MiB is refused before parsing", "[limits]")
{
    SECTION("text just over the limit: one problem, scenario.070, nothing parsed")
    {
        std::string text = kMinimal;
        text.resize((16u << 20) + 1, ' ');
        const LoadResult r = Load(text);
        REQUIRE(r.problems.size() == 1);
        CHECK(r.problems[0].id == "scenario.070");
        CHECK(r.problems[0].pointer.empty());
        CHECK(r.scenario.world.hosts.empty());
    }
    SECTION("text at the limit (padded with spaces) loads")
    {
        std::string text = kMinimal;
        text.resize(16u << 20, ' ');
        const LoadResult r = Load(text);
        CHECK(r.Ok());
        CHECK_FALSE(HasId(r, "scenario.070"));
    }
    SECTION("a file: the same id, and an endless device costs only the bounded read")
    {
        std::string text(17u << 20, ' ');
        text[0] = '{';
        const auto path = TempFile("big.json", text);
        const LoadResult r = LoadScenario(path.string(), LoadOptions{});
        REQUIRE(r.problems.size() == 1);
        CHECK(r.problems[0].id == "scenario.070");
        CHECK(r.problems[0].file == path.string());
        std::filesystem::remove(path);
        if (std::filesystem::exists("/dev/zero")) {
            LoadResult z;
            z = LoadScenario("/dev/zero", LoadOptions{}); // read at most 16 MiB + 1 byte, then refused
            REQUIRE(z.problems.size() == 1);
            CHECK(z.problems[0].id == "scenario.070");
        }
    }
}

TEST_CASE("Limits - JSON nesting deeper than 64 levels", "[limits]")
{
    SECTION("64 levels in all (the root object is one) are fine: only the unknown key warns")
    {
        json doc = Minimal();
        doc["deep"] = json::parse(Nested(63));
        const LoadResult r = Load(doc.dump());
        CHECK(r.Ok());
        CHECK_FALSE(HasId(r, "scenario.071"));
    }
    SECTION("65 levels: scenario.071 at the container where it stopped")
    {
        std::string text = kMinimal;
        text.insert(1, "\"deep\": " + Nested(64) + ",");
        const LoadResult r = Load(text);
        INFO(LimitsDump(r));
        CHECK_FALSE(r.Ok());
        REQUIRE(HasId(r, "scenario.071"));
        std::string pointer = "/deep"; // the 64th array, inside 63 others
        for (int i = 0; i < 63; ++i) pointer += "/0";
        CHECK(Find(r, "scenario.071", pointer) != nullptr);
    }
    SECTION("a million levels: refused at once, no stack overflow")
    {
        const LoadResult r = Load(Nested(1'000'000));
        REQUIRE(r.problems.size() == 1);
        CHECK(r.problems[0].id == "scenario.071");
    }
}

TEST_CASE("Limits - strings over 64 KiB and keys over 128 bytes", "[limits]")
{
    SECTION("a briefing of exactly 64 KiB loads; one byte more is scenario.072 at its pointer")
    {
        json doc = Minimal();
        doc["metadata"]["briefing"] = std::string(64u << 10, 'x');
        CHECK(Load(doc.dump()).Ok());
        doc["metadata"]["briefing"] = std::string((64u << 10) + 1, 'x');
        const LoadResult r = Load(doc.dump());
        INFO(LimitsDump(r));
        CHECK(Find(r, "scenario.072", "/metadata/briefing") != nullptr);
        CHECK_FALSE(r.Ok());
    }
    SECTION("a long string in an array names its index")
    {
        json doc = Minimal();
        doc["campaign"]["c2_indicators"] = {"ok.example", std::string(70000, 'c')};
        const LoadResult r = Load(doc.dump());
        INFO(LimitsDump(r));
        CHECK(Find(r, "scenario.072", "/campaign/c2_indicators/1") != nullptr);
    }
    SECTION("a key of 129 bytes is scenario.072 at its object; 128 is only an unknown key")
    {
        json doc = Minimal();
        doc["metadata"][std::string(128, 'k')] = 1;
        LoadResult r = Load(doc.dump());
        CHECK(r.Ok());
        doc = Minimal();
        doc["metadata"][std::string(129, 'k')] = 1;
        r = Load(doc.dump());
        INFO(LimitsDump(r));
        CHECK(Find(r, "scenario.072", "/metadata") != nullptr);
    }
    SECTION("ids longer than 64 characters stay scenario.008")
    {
        json doc = Minimal();
        doc["metadata"]["id"] = std::string(65, 'a');
        CHECK(Find(Load(doc.dump()), "scenario.008", "/metadata/id") != nullptr);
    }
}

TEST_CASE("Limits - numbers out of range", "[limits]")
{
    SECTION("1e308 hosts: scenario.019, nothing generated")
    {
        json doc = Minimal();
        doc["infrastructure"]["host_groups"][0]["count"] = 1e308;
        const LoadResult r = Load(doc.dump());
        CHECK(Find(r, "scenario.019", "/infrastructure/host_groups/0/count") != nullptr);
    }
    SECTION("1e999 does not fit a double: the parser refuses it with scenario.019 and its pointer")
    {
        std::string text = Minimal().dump();
        const std::string from = "\"cost_per_hour\":100";
        REQUIRE(text.find(from) != std::string::npos);
        text.replace(text.find(from), from.size(), "\"cost_per_hour\":1e999");
        const LoadResult r = Load(text);
        INFO(LimitsDump(r));
        REQUIRE(r.problems.size() == 1);
        CHECK(r.problems[0].id == "scenario.019");
        CHECK(r.problems[0].pointer == "/services/0/cost_per_hour");
    }
    SECTION("negative durations: scenario.010")
    {
        json doc = Minimal();
        doc["campaign"]["stages"][0]["duration"] = {{"median_s", -5}};
        doc["metadata"]["duration_s"] = -1;
        const LoadResult r = Load(doc.dump());
        INFO(LimitsDump(r));
        CHECK(Find(r, "scenario.010", "/campaign/stages/0/duration/median_s") != nullptr);
        CHECK(HasId(r, "scenario.010"));
    }
    SECTION("a huge negative number: scenario.019, not an overflow")
    {
        json doc = Minimal();
        doc["campaign"]["start_s"] = -1e300;
        CHECK(Find(Load(doc.dump()), "scenario.019", "/campaign/start_s") != nullptr);
    }
    SECTION("more than 1,000,000 hosts in all: scenario.046 before any is generated")
    {
        json doc = Minimal();
        doc["infrastructure"]["host_groups"][0]["count"] = 1'000'000;
        const LoadResult r = Load(doc.dump()); // 1,000,001 with db-01
        CHECK(Find(r, "scenario.046", "/infrastructure/host_groups") != nullptr);
        CHECK(r.scenario.world.hosts.size() <= 1);
    }
}

TEST_CASE("Limits - zones / generated draws and identity references", "[limits]")
{
    SECTION("1000 zones load; 1001 are scenario.073 (the flows matrix is zones x zones)")
    {
        json doc = Minimal();
        auto& zones = doc["infrastructure"]["zones"];
        for (int i = 3; i < 1000; ++i) zones.push_back({{"id", "z" + std::to_string(i)}});
        CHECK(Load(doc.dump()).Ok());
        zones.push_back({{"id", "one-too-many"}});
        const LoadResult r = Load(doc.dump());
        CHECK(Find(r, "scenario.073", "/infrastructure/zones") != nullptr);
    }
    SECTION("a million hosts each drawing 21 vulnerabilities: scenario.074, nothing generated")
    {
        json doc = Minimal();
        auto& g = doc["infrastructure"]["host_groups"][0];
        g["count"] = 999'999;
        g["vulns"] = json::array();
        for (int i = 0; i < 21; ++i) g["vulns"].push_back({{"id", "CVE-2024-3400"}, {"prob", 0.1}});
        LoadResult r;
        r = Load(doc.dump());
        INFO(LimitsDump(r));
        CHECK(Find(r, "scenario.074", "/infrastructure/host_groups/0") != nullptr);
        CHECK(r.scenario.world.hosts.size() <= 1);
    }
    SECTION("an identity naming a 100,000-host group 201 times: scenario.074, bounded time")
    {
        json doc = Minimal();
        doc["infrastructure"]["host_groups"][0]["count"] = 100'000;
        doc["infrastructure"]["host_groups"][0]["user_per_host"] = false;
        json cached = json::array();
        for (int i = 0; i < 201; ++i) cached.push_back("ws");
        doc["identities"][0]["cached_on"] = cached;
        LoadResult r;
        r = Load(doc.dump());
        INFO(LimitsDump(r).substr(0, 2000));
        CHECK(HasId(r, "scenario.074"));
    }
    SECTION("50,000 distinct references in one list are deduplicated in n log n")
    {
        json doc = Minimal();
        doc["infrastructure"]["host_groups"][0]["count"] = 50'000;
        json deps = json::array();
        for (int i = 1; i <= 50'000; ++i) {
            char id[16];
            std::snprintf(id, sizeof id, "ws-%05d", i);
            deps.push_back(id);
        }
        doc["services"][0]["depends_on"] = deps;
        LoadResult r;
        r = Load(doc.dump());
        INFO(LimitsDump(r).substr(0, 2000));
        CHECK(r.Ok());
        REQUIRE(r.scenario.world.services.size() == 1);
        CHECK(r.scenario.world.services[0].depends_on.size() == 50'000);
    }
    SECTION("an array of 200,000 empty objects parses in linear time (nlohmann's callback parser was n^2)")
    {
        std::string text = "{\"x\": [{}";
        for (int i = 1; i < 200'000; ++i) text += ",{}";
        text += "]}";
        LoadResult r;
        r = Load(text);
        CHECK(HasId(r, "scenario.005")); // and it is reported as usual
    }
    SECTION("a chain of 20,000 injects, each after the one before: loop check in linear time")
    {
        json doc = Minimal();
        json injects = json::array({{{"number", 1}, {"time_s", 0}, {"text", "a"}}});
        for (int i = 2; i <= 20'000; ++i) injects.push_back({{"number", i}, {"when", {{"after", i - 1}}}, {"text", "b"}});
        doc["injects"] = injects;
        LoadResult r;
        r = Load(doc.dump());
        CHECK(r.Ok());
        // ... and a loop closed at its end is still found, for every inject on it.
        doc["injects"][0] = {{"number", 1}, {"when", {{"after", 20'000}}}, {"text", "a"}};
        r = Load(doc.dump());
        CHECK(Find(r, "scenario.068", "/injects/0") != nullptr);
        CHECK(Find(r, "scenario.068", "/injects/999") != nullptr); // then the list is cut (scenario.075)
        CHECK(r.problems.back().id == "scenario.075");
    }
}

TEST_CASE("Limits - at most 1000 problems are listed", "[limits]")
{
    SECTION("1500 duplicate keys: 1000 listed, then one scenario.075 error counting the rest")
    {
        std::string text = "{\"metadata\": {\"id\": \"a\", \"title\": \"t\"";
        for (int i = 0; i < 1501; ++i) text += ", \"x\": 1";
        text += "}}";
        const LoadResult r = Load(text);
        REQUIRE(r.problems.size() == 1001);
        CHECK(r.problems.back().id == "scenario.075");
        CHECK_FALSE(r.problems.back().warning);
        // 500 duplicates, and the loader's errors about the missing sections, counted not listed
        CHECK(r.problems.back().message.find("more were not listed") != std::string::npos);
    }
    SECTION("1500 unknown keys are warnings: scenario.075 is a warning too, and the scenario loads")
    {
        json doc = Minimal();
        for (int i = 0; i < 1500; ++i) doc["metadata"]["k" + std::to_string(i)] = 1;
        const LoadResult r = Load(doc.dump());
        CHECK(r.Ok());
        REQUIRE_FALSE(r.problems.empty());
        CHECK(r.problems.back().id == "scenario.075");
        CHECK(r.problems.back().warning);
    }
}

TEST_CASE("Limits - messages show control characters escaped", "[limits]")
{
    json doc = Minimal();
    doc["metadata"]["id"] = "evil\x1b[2Jid";
    const LoadResult r = Load(doc.dump());
    const Problem* p = Find(r, "scenario.008", "/metadata/id");
    REQUIRE(p != nullptr);
    const std::string f = p->Format();
    CHECK(f.find('\x1b') == std::string::npos);
    CHECK(f.find("\\x1b[2J") != std::string::npos);
}

TEST_CASE("Limits - journal lines / journal size and the header", "[limits]")
{
    const std::string header =
        R"({"t":0,"seq":0,"type":"header","format":"breachdrill-journal/1"})"
        "\n";
    SECTION("a line of 1 MiB is read; one byte more is journal.010 with the line number")
    {
        std::string rec = R"({"t":1,"seq":1,"type":"note"})";
        rec += std::string((1u << 20) - rec.size(), ' ');
        CHECK(ReadJournalText(header + rec + "\n", "j.jsonl").ok());
        const JournalReadResult r = ReadJournalText(header + rec + " \n", "j.jsonl");
        CHECK(r.error.rfind("j.jsonl:2: [journal.010]", 0) == 0);
    }
    SECTION("more than 256 MiB: journal.011, not read")
    {
        std::string text = header;
        text.resize((256u << 20) + 1, '\n');
        const JournalReadResult r = ReadJournalText(text, "big.jsonl");
        CHECK(r.error.rfind("big.jsonl: [journal.011]", 0) == 0);
        CHECK(r.records.empty());
    }
    SECTION("a file that cannot be opened: journal.012")
    {
        CHECK(ReadJournal("/nonexistent/j.jsonl").error.find("[journal.012]") != std::string::npos);
    }
    SECTION("a header whose format is not a string: journal.005, not an exception")
    {
        const JournalReadResult r = ReadJournalText(R"({"t":0,"seq":0,"type":"header","format":5})"
                                                    "\n",
                                                    "j.jsonl");
        CHECK(r.error.rfind("j.jsonl:1: [journal.005]", 0) == 0);
    }
    SECTION("ReadJournal and ReadJournalText agree")
    {
        const std::string text = header + R"({"t":5,"seq":1,"type":"note"})" "\n" R"({"t":6,"seq":)";
        const auto path = TempFile("agree.jsonl", text);
        const JournalReadResult a = ReadJournal(path.string());
        const JournalReadResult b = ReadJournalText(text, path.string());
        CHECK(a.ok());
        CHECK(a.records == b.records);
        CHECK(a.warnings == b.warnings);
        REQUIRE(a.warnings.size() == 1);
        CHECK(a.warnings[0].find(":3: [journal.torn]") != std::string::npos);
        std::filesystem::remove(path);
    }
}

TEST_CASE("Limits - --commands files: every error has an id and a line", "[limits]")
{
    struct Case {
        const char* text;
        const char* want;
    };
    const Case cases[] = {
        {"{\"t\": 1, \"cmd\": {\"kind\": \"declare_incident\", \"team\": \"secops\"}}\nnot json\n", ":2: [commands.002]"},
        {"{\"t\": -1, \"cmd\": {}}\n", ":1: [commands.003]"},
        {"{\"t\": 9, \"cmd\": {\"kind\": \"declare_incident\", \"team\": \"secops\"}}\n{\"t\": 3, \"cmd\": {}}\n", ":2: [commands.004]"},
        {"# a comment\n{\"t\": 1, \"cmd\": {\"kind\": \"hack\", \"team\": \"secops\"}}\n", ":2: [commands.005]"},
        {"{\"t\": 1}\n", ":1: [commands.005]"},
    };
    for (const auto& c : cases) {
        const auto path = TempFile("cmds.jsonl", c.text);
        std::vector<TimedCommand> out;
        std::string error;
        CHECK_FALSE(ReadCommandsFile(path.string(), out, error));
        CHECK(error.find(path.string() + c.want) == 0);
        std::filesystem::remove(path);
    }
    std::vector<TimedCommand> out;
    std::string error;
    CHECK_FALSE(ReadCommandsFile("/nonexistent/c.jsonl", out, error));
    CHECK(error.find("[commands.001]") != std::string::npos);
    std::string line(1u << 20, ' ');
    line += "{}";
    const auto path = TempFile("long.jsonl", line);
    CHECK_FALSE(ReadCommandsFile(path.string(), out, error));
    CHECK(error.find(":1: [commands.007]") != std::string::npos);
    std::filesystem::remove(path);
}
