// test_scenario_template.cpp: the files `breachdrill new` writes (world/scenario_template.h): the
// blank template is valid as written and plays; a copy keeps its source's text but not its id.
#include "play_scenario.h"
#include "world/scenario.h"
#include "world/scenario_template.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

using namespace bd;

namespace {
std::string TemplateProblems(const LoadResult& r)
{
    std::string out;
    for (const auto& p : r.problems) out += p.Format() + "\n";
    return out;
}

// Writes the files into a fresh folder under the temp directory and returns its path.
std::filesystem::path TemplateWrite(const NewScenario& made, const std::string& name)
{
    const auto dir = std::filesystem::temp_directory_path() / ("breachdrill-template-" + std::to_string(::getpid())) / name;
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    for (const auto& f : made.files) std::ofstream(dir / f.name, std::ios::binary) << f.text;
    return dir;
}
} // namespace

TEST_CASE("Template - the blank template validates without a warning and plays", "[template]")
{
    const NewScenario made = ScenarioFromTemplate("hospital", "St. Mary's: the night shift");
    REQUIRE(made.error.empty());
    REQUIRE(made.files.size() == 3);
    CHECK(made.files[0].name == "scenario.json");
    CHECK(made.files[1].name == "scenario.lua");
    CHECK(made.files[2].name == "README.md");
    const auto dir = TemplateWrite(made, "blank");
    LoadResult r = LoadScenario(dir.string(), LoadOptions{});
    INFO(TemplateProblems(r));
    CHECK(r.problems.empty()); // not even a warning: the example is the one to follow
    REQUIRE(r.Ok());
    CHECK(r.scenario.id == "hospital");
    CHECK(r.scenario.title == "St. Mary's: the night shift");
    CHECK(r.scenario.script_name == "scenario.lua"); // the Lua script is wired
    SECTION("every section of the format has an example")
    {
        const auto doc = nlohmann::json::parse(made.files[0].text);
        for (const char* key : {"metadata", "infrastructure", "identities", "services", "data_stores", "campaign", "operations_events",
                                "org_profiles", "autopilot", "command_durations", "injects", "script", "script_limits"}) {
            INFO(key);
            CHECK(doc.contains(key));
        }
        for (const char* key : {"sensor_types", "vulnerabilities", "zones", "flows", "hosts", "host_groups"}) {
            INFO(key);
            CHECK(doc["infrastructure"].contains(key));
        }
    }
    SECTION("it plays to an end, and the script runs")
    {
        for (uint64_t seed : {1, 2, 3}) {
            LoadResult seeded = LoadScenario(dir.string(), LoadOptions{seed});
            REQUIRE(seeded.Ok());
            auto sim = bdtest::PlayLoaded(std::move(seeded.scenario), dir.string(), seed, OrgProfile::Siloed);
            const auto& recs = sim->journal().Records();
            REQUIRE(!recs.empty());
            CHECK(recs.back().value("type", "") == "end");
            bool technique = false;
            for (const auto& rec : recs) technique |= rec.value("type", "") == "technique";
            CHECK(technique); // the attacker acted
        }
    }
}

TEST_CASE("Template - a copy keeps its source's text with a new id and title", "[template]")
{
    SECTION("every built-in copies to a scenario that loads, with its scripts")
    {
        for (const auto& b : BuiltinScenarios()) {
            INFO(b.id);
            const NewScenario made = CopyScenario(b.id, "my-drill");
            REQUIRE(made.error.empty());
            CHECK(made.id == "my-drill");
            CHECK(made.title.find(" (copy)") != std::string::npos);
            const auto dir = TemplateWrite(made, std::string("copy-") + b.id);
            LoadResult r = LoadScenario(dir.string(), LoadOptions{});
            INFO(TemplateProblems(r));
            CHECK(r.Ok());
            CHECK(r.scenario.id == "my-drill");
            const LoadResult source = LoadScenario(b.id, LoadOptions{});
            CHECK(r.scenario.script_text == source.scenario.script_text);
            CHECK(r.scenario.world.hosts.size() == source.scenario.world.hosts.size());
            CHECK(r.scenario.title == source.scenario.title + " (copy)");
        }
    }
    SECTION("only the id and the title change: every other line is as written")
    {
        const NewScenario made = CopyScenario("noisy-day", "noisy-copy", "My noisy day");
        std::string source;
        for (const auto& b : BuiltinScenarios())
            if (std::string(b.id) == "noisy-day") source = b.text;
        const std::string& copy = made.files[0].text;
        REQUIRE(copy.size() > 1000);
        // The source's relative "$schema" would not resolve from the new folder: its line is left out.
        CHECK(made.dropped_schema == "../../docs/scenario.schema.json");
        CHECK(copy.find("$schema") == std::string::npos);
        const size_t schema_line = source.find("  \"$schema\"");
        REQUIRE(schema_line != std::string::npos);
        source.erase(schema_line, source.find('\n', schema_line) - schema_line + 1);
        size_t differ = 0;
        std::istringstream a(source), c(copy);
        for (std::string la, lc; std::getline(a, la) && std::getline(c, lc);) differ += la != lc;
        CHECK(differ == 2);
    }
    SECTION("a copy never takes its source's or a built-in's id")
    {
        CHECK(CopyScenario("exploited-webapp", "exploited-webapp").id == "exploited-webapp-copy");
        CHECK(CopyScenario("exploited-webapp", "noisy-day").id == "noisy-day-copy");
        CHECK(ScenarioFromTemplate("x").id == "x");
    }
    SECTION("what cannot be copied says why")
    {
        CHECK(CopyScenario("random", "x").error.find("dealt from a seed") != std::string::npos);
        CHECK(CopyScenario("no-such-drill", "x").error.find("not a built-in id") != std::string::npos);
        CHECK(CopyScenario("/nonexistent/folder", "x").files.empty());
    }
    SECTION("ids from folder names")
    {
        CHECK(ScenarioIdFromName("St Mary's ward 3") == "St-Mary-s-ward-3");
        CHECK(ScenarioIdFromName("...") == "new-scenario");
        CHECK(ScenarioIdFromName(std::string(80, 'a')).size() == 64);
    }
}
