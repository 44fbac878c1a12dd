// test_formats_cli.cpp: the field's formats from the command line, as a user runs them:
// `report --format navigator`, `compare --navigator`, `import msel` (exit codes, files written,
// the backup, never the input).
#include "cli_run.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <unistd.h>

namespace fs = std::filesystem;
using bdtest::RunCli;

namespace {

std::string FmtCliRead(const fs::path& p)
{
    std::ifstream f(p, std::ios::binary);
    std::stringstream s;
    s << f.rdbuf();
    return s.str();
}

fs::path FmtCliDir(const std::string& name)
{
    const fs::path d = fs::temp_directory_path() / ("bd-fmt-cli-" + std::to_string(::getpid())) / name;
    fs::remove_all(d);
    fs::create_directories(d);
    return d;
}

} // namespace

TEST_CASE("CLI formats - report --format navigator and compare --navigator", "[cli][navigator]")
{
    const fs::path d = FmtCliDir("nav");
    const std::string j = (d / "run.jsonl").string();
    REQUIRE(RunCli("run ransomware-phish --seed 3 --no-history --journal '" + j + "'").code == 0);
    REQUIRE(RunCli("report '" + j + "' --format navigator -o '" + (d / "layer.json").string() + "'").code == 0);
    const auto layer = nlohmann::json::parse(FmtCliRead(d / "layer.json"));
    CHECK(layer["versions"]["layer"] == "4.5");
    CHECK(layer["name"] == "Breachdrill ransomware-phish seed 3 (siloed)");
    CHECK_FALSE(layer["techniques"].empty());
    // Never over the journal.
    CHECK(RunCli("report '" + j + "' --format navigator -o '" + j + "'").code == 2);
    CHECK(RunCli("compare ransomware-phish --seeds 1..3 --threads 1 --navigator '" + (d / "cov.json").string() + "'").code == 0);
    CHECK(nlohmann::json::parse(FmtCliRead(d / "cov-siloed.json"))["domain"] == "enterprise-attack");
    CHECK(nlohmann::json::parse(FmtCliRead(d / "cov-converged.json"))["name"] == "Breachdrill ransomware-phish seeds 1..3 (converged)");
    CHECK(RunCli("compare ransomware-phish --seeds 1..3 --shard 1/2 -o '" + (d / "p.json").string() + "' --navigator x.json").code == 2);
    fs::remove_all(d);
}

TEST_CASE("CLI formats - import msel: unchanged, written with a backup, refused", "[cli][msel]")
{
    const fs::path d = FmtCliDir("msel");
    fs::copy(fs::path(BD_SOURCE_DIR) / "scenarios/bec-wire-fraud", d / "drill");
    const fs::path scenario = d / "drill/scenario.json", csv = d / "msel.csv";
    const std::string before = FmtCliRead(scenario);
    const auto sheet = RunCli("msel '" + (d / "drill").string() + "' --csv");
    REQUIRE(sheet.code == 0);
    std::ofstream(csv, std::ios::binary) << sheet.out;
    const auto same = RunCli("import msel '" + csv.string() + "' --into '" + (d / "drill").string() + "'");
    CHECK(same.code == 0);
    CHECK(same.out.find("unchanged") != std::string::npos);
    CHECK(FmtCliRead(scenario) == before);
    CHECK_FALSE(fs::exists(d / "drill/scenario.json.bak"));
    // One time moved in the planners' form: written, the old file kept.
    std::string edited = sheet.out;
    const size_t row2 = edited.find("\r\n2,");
    REQUIRE(row2 != std::string::npos);
    const size_t comma = edited.find(',', row2 + 4);
    edited = edited.substr(0, row2 + 4) + "D+1 H+2 M+0" + edited.substr(comma);
    std::ofstream(csv, std::ios::binary) << edited;
    const auto wrote = RunCli("import msel '" + csv.string() + "' --into '" + (d / "drill").string() + "'");
    CHECK(wrote.code == 0);
    CHECK(wrote.out.find("inject 2: Scenario time") != std::string::npos);
    CHECK(FmtCliRead(d / "drill/scenario.json.bak") == before);
    CHECK(FmtCliRead(scenario) != before);
    CHECK(RunCli("validate '" + (d / "drill").string() + "'").code == 0);
    // Bad input: exit 1, the file untouched; bad usage: exit 2.
    const std::string now = FmtCliRead(scenario);
    std::ofstream(csv, std::ios::binary) << "Inject number,Scenario time,Event synopsis\r\n1,T+01:00,x\r\n";
    CHECK(bdtest::CliStderr("import msel '" + csv.string() + "' --into '" + (d / "drill").string() + "'").find("[msel.missing_column]") !=
          std::string::npos);
    CHECK(RunCli("import msel '" + csv.string() + "' --into '" + (d / "drill").string() + "'").code == 1);
    CHECK(FmtCliRead(scenario) == now);
    CHECK(RunCli("import msel '" + csv.string() + "'").code == 2);
    CHECK(RunCli("import msel '" + scenario.string() + "' --into '" + (d / "drill").string() + "'").code == 2);
    fs::remove_all(d);
}
