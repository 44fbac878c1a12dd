// test_sweeps.cpp: `breachdrill whatif`, `compare/whatif --shard K/N` and `breachdrill merge`, run
// as a user runs them: the real binary (BD_CLI) through the shell, four shards as four processes,
// and the merged output compared byte for byte with the unsharded run's.
#include "cli_run.h"
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;

// A namespace of its own: in a unity build test_cli.cpp's helpers share the translation unit.
namespace sweep_cli {

using Result = bdtest::CliResult;
Result Run(const std::string& args) { return bdtest::RunCli(args); }
std::string Stderr(const std::string& args) { return bdtest::CliStderr(args); }

fs::path Dir(const std::string& name)
{
    const fs::path dir = fs::temp_directory_path() / ("breachdrill-sweeps-" + std::to_string(::getpid())) / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

std::string Q(const fs::path& p) { return "'" + p.string() + "'"; }

std::string Slurp(const fs::path& p)
{
    std::ifstream f(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(f), {});
}

bool Contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

// COMMAND in four shards, as four processes started at once (as a job array would), then merged;
// checks the text, --json and the page against the unsharded run, byte for byte.
void ShardsMergeByteForByte(const std::string& command, const fs::path& dir)
{
    const Result text = Run(command);
    REQUIRE(text.code == 0);
    REQUIRE_FALSE(text.out.empty());
    const Result json = Run(command + " --json");
    REQUIRE(json.code == 0);
    REQUIRE(Run(command + " --threads 1 -o " + Q(dir / "whole.html")).code == 0);

    std::string shards;
    for (int k = 1; k <= 4; ++k)
        shards += "'" + std::string(BD_CLI) + "' -q " + command + " --threads 1 --shard " + std::to_string(k) + "/4 -o " +
                  Q(dir / ("part" + std::to_string(k) + ".json")) + " & ";
    REQUIRE(std::system(("(" + shards + "wait) 2>/dev/null").c_str()) == 0);
    std::string parts;
    for (int k = 4; k >= 1; --k) {
        REQUIRE(fs::exists(dir / ("part" + std::to_string(k) + ".json")));
        parts += " " + Q(dir / ("part" + std::to_string(k) + ".json"));
    }
    const Result merged_text = Run("merge" + parts);
    CHECK(merged_text.code == 0);
    CHECK(merged_text.out == text.out);
    const Result merged_json = Run("merge" + parts + " --json");
    CHECK(merged_json.code == 0);
    CHECK(merged_json.out == json.out);
    CHECK(Run("merge" + parts + " -o " + Q(dir / "merged.html")).code == 0);
    CHECK(Slurp(dir / "merged.html") == Slurp(dir / "whole.html"));
    CHECK_FALSE(Slurp(dir / "whole.html").empty());
}

// The tests sit in the namespace too, so that its helpers hide test_cli.cpp's of the same name.

TEST_CASE("CLI - whatif and merge have their help and are listed", "[cli]")
{
    const Result main = Run("--help");
    CHECK(Contains(main.out, "  whatif SCENARIO"));
    CHECK(Contains(main.out, "  merge PART.json..."));
    for (const std::string sub : {"whatif", "merge"}) {
        INFO(sub);
        const Result r = Run(sub + " --help");
        CHECK(r.code == 0);
        CHECK(Contains(r.out, "Usage: breachdrill " + sub));
        CHECK(Run("help " + sub).out == r.out);
    }
    CHECK(Contains(Run("whatif --help").out, "in the attacker's time in the network (from attack start to containment"));
    CHECK(Contains(Run("compare --help").out, "--shard K/N"));
}

TEST_CASE("CLI - whatif prints the ranking / one row per investment", "[cli]")
{
    const Result r = Run("whatif exploited-webapp --seeds 1..4");
    REQUIRE(r.code == 0);
    CHECK(Contains(r.out, "BREACHDRILL WHATIF  exploited-webapp"));
    CHECK(Contains(r.out, "Of six investments, "));
    for (const char* label : {"Shared tooling", "Faster change approval", "EDR on every host", "48-hour patch SLA", "A second SecOps analyst",
                              "24/7 staffing"})
        CHECK(Contains(r.out, label));
    SECTION("--vary: one row per value, named PARAM=V")
    {
        const Result v = Run("whatif exploited-webapp --seeds 1..4 --vary secops_analysts=1,2,3 --json");
        REQUIRE(v.code == 0);
        const auto j = nlohmann::json::parse(v.out);
        REQUIRE(j["investments"].size() == 3);
        CHECK(j["investments"][0]["id"] == "secops_analysts=1");
        CHECK(j["investments"][2]["changes"][0] == "secops_analysts=3");
        CHECK(j["runs"].size() == 16);
        const Result t = Run("whatif exploited-webapp --seeds 1..4 --vary secops_analysts=1,2,3");
        for (const char* row : {"secops_analysts=1", "secops_analysts=2", "secops_analysts=3"}) CHECK(Contains(t.out, row));
    }
    SECTION("usage errors, exit 2")
    {
        CHECK(Run("whatif exploited-webapp --vary nope=1").code == 2);
        CHECK(Run("whatif exploited-webapp --org siloed,converged").code == 2);
        CHECK(Run("whatif exploited-webapp --shard 1/2").code == 2); // no -o
        CHECK(Run("whatif exploited-webapp --shard 3/2 -o x.json").code == 2);
    }
}

TEST_CASE("CLI - whatif --investments: a bad file names file / pointer and problem / nothing runs", "[cli]")
{
    const fs::path dir = Dir("investments");
    std::ofstream(dir / "inv.json") << R"([{"id": "x", "label": "X", "change": {"secops_analyst": 2}}])";
    const Result r = Run("whatif exploited-webapp --seeds 1..2 --investments " + Q(dir / "inv.json"));
    CHECK(r.code == 1);
    CHECK(r.out.empty());
    const std::string err = Stderr("whatif exploited-webapp --seeds 1..2 --investments " + Q(dir / "inv.json"));
    CHECK(Contains(err, (dir / "inv.json").string() + ": /0/change/secops_analyst: [investments.unknown_param] unknown parameter 'secops_analyst' (known: "));
    std::ofstream(dir / "good.json") << R"([{"id": "soc", "label": "Three analysts", "change": {"secops_analysts": 3}}])";
    const Result ok = Run("whatif exploited-webapp --seeds 1..2 --investments " + Q(dir / "good.json"));
    CHECK(ok.code == 0);
    CHECK(Contains(ok.out, "Three analysts"));
    CHECK(Contains(ok.out, "The one investment, "));
}

TEST_CASE("CLI - compare in four shards merges byte for byte into the unsharded output", "[cli]")
{
    ShardsMergeByteForByte("compare ransomware-phish --seeds 3..13", Dir("compare"));
}

TEST_CASE("CLI - whatif in four shards merges byte for byte into the unsharded output", "[cli]")
{
    ShardsMergeByteForByte("whatif ransomware-phish --seeds 2..8", Dir("whatif"));
}

TEST_CASE("CLI - merge refuses a missing or duplicate shard or parts of different sweeps - exit 1 / nothing printed", "[cli]")
{
    const fs::path dir = Dir("refuse");
    for (int k = 1; k <= 3; ++k)
        REQUIRE(Run("compare exploited-webapp --seeds 1..6 --shard " + std::to_string(k) + "/3 -o " + Q(dir / ("c" + std::to_string(k) + ".json"))).code == 0);
    REQUIRE(Run("compare exploited-webapp --seeds 1..7 --shard 3/3 -o " + Q(dir / "other.json")).code == 0);
    const std::string c1 = Q(dir / "c1.json"), c2 = Q(dir / "c2.json"), c3 = Q(dir / "c3.json");
    REQUIRE(Run("merge " + c1 + " " + c2 + " " + c3).code == 0);

    auto refused = [&](const std::string& parts, const std::string& error) {
        INFO(parts);
        const Result r = Run("merge " + parts);
        CHECK(r.code == 1);
        CHECK(r.out.empty());
        CHECK(Contains(Stderr("merge " + parts), error));
    };
    refused(c1 + " " + c2, "[merge.missing_shard] shard 3/3 missing");
    refused(c1 + " " + c2 + " " + c2 + " " + c3, "[merge.duplicate_shard] " + (dir / "c2.json").string() + ": shard 2/3 is also");
    refused(c1 + " " + c2 + " " + Q(dir / "other.json"), "[merge.mismatch] " + (dir / "other.json").string() + ": its seed range");
    std::ofstream(dir / "junk.json") << "{\"hello\": 1}";
    refused(c1 + " " + Q(dir / "junk.json"), "[merge.format] " + (dir / "junk.json").string() + ": not a partial result");
    // -o never over a part: exit 2, the part unchanged.
    const std::string before = Slurp(dir / "c2.json");
    CHECK(Run("merge " + c1 + " " + c2 + " " + c3 + " -o " + c2).code == 2);
    CHECK(Contains(Stderr("merge " + c1 + " " + c2 + " " + c3 + " -o " + c2), "[output.is_input] " + (dir / "c2.json").string() + " is a part being merged"));
    CHECK(Slurp(dir / "c2.json") == before);
}

} // namespace sweep_cli
