// test_fuzz_regressions.cpp: every input the fuzzers found a bug with, replayed in the normal
// suite (and under ASan+UBSan in build-asan/). tests/fuzz/regressions/scenario/ holds scenario
// texts, tests/fuzz/regressions/journal/ journal texts; the contract is the fuzz targets' own
// (tests/fuzz/fuzz_*.cpp): no crash, no exception, no scenario.000, a small accepted scenario plays
// two simulated days, every journal error with an id.
// The seed corpus runs through the same checks, so a seed that stops loading is noticed.
#include "journal/journal.h"
#include "world/scenario.h"
#include "sim/simulation.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using namespace bd;
namespace fs = std::filesystem;

namespace {

std::vector<fs::path> FilesIn(const fs::path& dir)
{
    std::vector<fs::path> out;
    if (!fs::is_directory(dir)) return out;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.is_regular_file() && e.path().filename() != "README.md") out.push_back(e.path());
    std::sort(out.begin(), out.end());
    return out;
}

std::string Slurp(const fs::path& p)
{
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void CheckScenario(const fs::path& p)
{
    INFO(p.string());
    LoadResult r;
    REQUIRE_NOTHROW(r = LoadScenarioText(Slurp(p), p.filename().string(), LoadOptions{7, 0}));
    for (const auto& problem : r.problems) {
        INFO(problem.Format());
        CHECK(problem.id != "scenario.000");
    }
    // As fuzz_scenario does: a small scenario the loader accepts is played for two days.
    if (!r.Ok() || r.scenario.world.hosts.size() > 500) return;
    RunOptions run;
    run.seed = 7;
    Simulation sim(r.scenario, run);
    std::string error;
    if (!sim.Start(error)) return;
    sim.AdvanceTo(std::min<SimTime>(r.scenario.duration_s, 2 * kDay));
    CHECK_FALSE(sim.StateHashHex().empty());
}

void CheckJournal(const fs::path& p)
{
    INFO(p.string());
    JournalReadResult r;
    REQUIRE_NOTHROW(r = ReadJournalText(Slurp(p), p.filename().string()));
    if (!r.ok()) CHECK(r.error.find("[journal.") != std::string::npos);
    for (size_t i = 0; i < r.records.size(); ++i) CHECK(r.records[i].at("seq").get<uint64_t>() == i);
}

} // namespace

TEST_CASE("Fuzz regressions - scenario inputs the fuzzer found", "[fuzz]")
{
    for (const auto& p : FilesIn(fs::path(BD_SOURCE_DIR) / "tests/fuzz/regressions/scenario")) CheckScenario(p);
}

TEST_CASE("Fuzz regressions - journal inputs the fuzzer found", "[fuzz]")
{
    for (const auto& p : FilesIn(fs::path(BD_SOURCE_DIR) / "tests/fuzz/regressions/journal")) CheckJournal(p);
}

TEST_CASE("Fuzz regressions - the seed corpus passes the fuzz contract - valid seeds load", "[fuzz]")
{
    const auto scenarios = FilesIn(fs::path(BD_SOURCE_DIR) / "tests/fuzz/corpus/scenario");
    const auto journals = FilesIn(fs::path(BD_SOURCE_DIR) / "tests/fuzz/corpus/journal");
    CHECK(scenarios.size() >= 5);
    CHECK(journals.size() >= 3);
    for (const auto& p : scenarios) {
        CheckScenario(p);
        INFO(p.string());
        CHECK(LoadScenarioText(Slurp(p), p.filename().string(), LoadOptions{}).Ok());
    }
    for (const auto& p : journals) CheckJournal(p);
}
