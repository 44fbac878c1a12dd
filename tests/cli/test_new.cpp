// test_new.cpp: `breachdrill new` run as an author runs it: a folder that validates and plays, a
// copy of a built-in, and the refusals (a folder that is not empty, a source that does not exist).
#include "cli_run.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <unistd.h>

namespace fs = std::filesystem;

namespace {
fs::path NewTempDir()
{
    const fs::path dir = fs::temp_directory_path() / ("breachdrill-new-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    return dir;
}
std::string NewQuoted(const fs::path& p) { return "'" + p.string() + "'"; }
} // namespace

TEST_CASE("CLI - new writes a scenario folder that validates and plays", "[cli][template]")
{
    const fs::path root = NewTempDir();
    SECTION("the blank template: scenario.json, scenario.lua, README.md; validate passes, run plays")
    {
        const fs::path dir = root / "hospital";
        fs::remove_all(dir);
        const auto made = bdtest::RunCli("new " + NewQuoted(dir));
        INFO(made.out);
        REQUIRE(made.code == 0);
        CHECK(made.out.find("scenario 'hospital'") != std::string::npos);
        for (const char* f : {"scenario.json", "scenario.lua", "README.md"}) CHECK(fs::is_regular_file(dir / f));
        CHECK(bdtest::RunCli("validate " + NewQuoted(dir)).code == 0);
        const auto run = bdtest::RunCli("run " + NewQuoted(dir) + " --seed 2 --no-history --json");
        REQUIRE(run.code == 0);
        CHECK(run.out.find("\"state_hash\"") != std::string::npos);
    }
    SECTION("--from a built-in: its script comes too, the id is the folder's")
    {
        const fs::path dir = root / "my-ransomware";
        fs::remove_all(dir);
        const auto made = bdtest::RunCli("new " + NewQuoted(dir) + " --from ransomware-phish");
        REQUIRE(made.code == 0);
        CHECK(fs::is_regular_file(dir / "scenario.lua"));
        std::ifstream in(dir / "scenario.json");
        const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        CHECK(text.find("\"id\": \"my-ransomware\"") != std::string::npos);
        CHECK(bdtest::RunCli("validate " + NewQuoted(dir)).code == 0);
    }
    SECTION("a folder that is not empty is refused, and nothing in it changes")
    {
        const fs::path dir = root / "taken";
        fs::create_directories(dir);
        std::ofstream(dir / "notes.txt") << "mine";
        CHECK(bdtest::RunCli("new " + NewQuoted(dir)).code == 1);
        CHECK(bdtest::CliStderr("new " + NewQuoted(dir)).find("not empty: nothing written") != std::string::npos);
        CHECK(!fs::exists(dir / "scenario.json"));
    }
    SECTION("an unknown source and a bad --id are refused")
    {
        CHECK(bdtest::RunCli("new " + NewQuoted(root / "x1") + " --from no-such-drill").code == 1);
        CHECK(!fs::exists(root / "x1" / "scenario.json"));
        CHECK(bdtest::RunCli("new " + NewQuoted(root / "x2") + " --id 'bad id'").code == 2);
        CHECK(bdtest::RunCli("new").code == 2);
    }
}

TEST_CASE("CLI - describe fits a 100-column terminal - with and without --paths", "[cli][paths]")
{
    for (const char* id : {"ransomware-phish", "exploited-webapp", "faulty-vendor-update", "insider-theft", "cloud-key-leak",
                           "supply-chain", "bec-wire-fraud", "noisy-day", "random"}) {
        for (const char* paths : {"", " --paths"}) {
            const auto r = bdtest::RunCli(std::string("describe ") + id + paths);
            INFO(id << paths);
            REQUIRE(r.code == 0);
            // The scenario's own prose (briefing, notes) is printed as written; everything the
            // program lays out stays within 100 columns.
            const size_t from = r.out.find("Story clock:");
            REQUIRE(from != std::string::npos);
            std::istringstream lines(r.out.substr(from));
            for (std::string line; std::getline(lines, line);) {
                INFO(line);
                CHECK(line.size() <= 100);
            }
            if (*paths) {
                CHECK(r.out.find("ATTACK PATH") != std::string::npos);
                CHECK(r.out.find("ZONES") != std::string::npos);
            }
        }
    }
}

TEST_CASE("CLI - validate warns about a stage no path reaches and an objective no rule rates", "[cli][paths]")
{
    const fs::path dir = NewTempDir() / "stuck";
    fs::remove_all(dir);
    REQUIRE(bdtest::RunCli("new " + NewQuoted(dir)).code == 0);
    std::ifstream in(dir / "scenario.json");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    in.close();
    // No credential is cached anywhere: the SMB hop to fs-01 (stage 4) has nothing to open it.
    auto replace = [&](const std::string& from, const std::string& to) {
        const size_t at = text.find(from);
        REQUIRE(at != std::string::npos);
        text.replace(at, from.size(), to);
    };
    replace("\"cached_on\": [{ \"group\": \"ws\", \"prob\": 0.2 }, \"dc-01\"]", "\"cached_on\": []");
    replace("\"cached_on\": [\"dc-01\", \"fs-01\", { \"group\": \"ws\", \"prob\": 0.1 }]", "\"cached_on\": []");
    replace("\"Prevent the exfiltration of personal data\"", "\"Prevent the exfiltration of personal data\", \"Be nice to each other\"");
    std::ofstream(dir / "scenario.json", std::ios::binary) << text;
    const auto r = bdtest::RunCli("validate " + NewQuoted(dir));
    INFO(r.out);
    CHECK(r.code == 0); // warnings only
    CHECK(r.out.find("warning: /campaign/stages/3: [scenario.087] stage 4 'SMB to the file server' is reached by no path") != std::string::npos);
    CHECK(r.out.find("warning: /metadata/objectives/3: [scenario.090] objective 'Be nice to each other'") != std::string::npos);
    // The objectives the report can rate say nothing.
    CHECK(r.out.find("objective 'Detect") == std::string::npos);
    // The template as written has nothing to warn about.
    const fs::path clean = NewTempDir() / "clean";
    fs::remove_all(clean);
    REQUIRE(bdtest::RunCli("new " + NewQuoted(clean)).code == 0);
    CHECK(bdtest::RunCli("validate " + NewQuoted(clean)).out.find("warning") == std::string::npos);
}
