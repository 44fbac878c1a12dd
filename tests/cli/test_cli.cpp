// test_cli.cpp: the headless CLI, `breachdrill` (cli/main.cpp), run as a user runs it.
//
// Each test starts the real binary (BD_CLI) through the shell and checks its exit code and what
// it prints on stdout (logs go to stderr and are not part of the contract). Exit codes: 0 ok,
// 1 bad input or a failed check, 2 bad usage, 3 a replay that diverged.
#include "script/script.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include "cli_run.h"
#include "fixture_scenario.h"

#include <regex>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

using bdtest::CliResult;

// Runs `breachdrill ARGS` with stderr discarded. ARGS is shell text: quote paths yourself.
CliResult Cli(const std::string& args) { return bdtest::RunCli(args); }

fs::path TempDir()
{
    const fs::path dir = fs::temp_directory_path() / ("breachdrill-cli-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    return dir;
}

std::string Quoted(const fs::path& p) { return "'" + p.string() + "'"; }

bool Contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

// A fresh folder TempDir()/name holding run.jsonl, the journal of exploited-webapp seed 1.
fs::path JournalIn(const std::string& name)
{
    const fs::path dir = TempDir() / name;
    fs::create_directories(dir);
    REQUIRE(Cli("run exploited-webapp --seed 1 --no-history --journal " + Quoted(dir / "run.jsonl")).code == 0);
    return dir;
}

} // namespace

TEST_CASE("CLI - help", "[cli]")
{
    SECTION("--help and help print the overview and exit 0")
    {
        for (const char* args : {"--help", "-h", "help"}) {
            INFO(args);
            const CliResult r = Cli(args);
            CHECK(r.code == 0);
            CHECK(Contains(r.out, "Usage: breachdrill"));
            for (const char* sub : {"list", "validate", "run", "replay", "view", "describe"}) CHECK(Contains(r.out, sub));
        }
    }
    SECTION("every subcommand has its own --help, exit 0")
    {
        for (const std::string sub : {"list", "validate", "run", "replay", "view", "describe"}) {
            INFO(sub);
            const CliResult r = Cli(sub + " --help");
            CHECK(r.code == 0);
            CHECK(Contains(r.out, "Usage: breachdrill " + sub));
            const CliResult h = Cli("help " + sub);
            CHECK(h.code == 0);
            CHECK(h.out == r.out);
        }
    }
    SECTION("--version prints the version")
    {
        const CliResult r = Cli("--version");
        CHECK(r.code == 0);
        CHECK(r.out == std::string("breachdrill ") + BREACHDRILL_VERSION + "\n");
    }
    SECTION("no command at all is a usage error")
    {
        const CliResult r = Cli("");
        CHECK(r.code == 2);
        CHECK(r.out.empty()); // the overview goes to stderr
    }
    SECTION("an unknown subcommand is a usage error, exit 2")
    {
        CHECK(Cli("frobnicate").code == 2);
        CHECK(Cli("Run ransomware-phish").code == 2); // commands are case-sensitive
    }
}

TEST_CASE("CLI - list and validate", "[cli]")
{
    SECTION("list shows the built-in scenario")
    {
        const CliResult r = Cli("list");
        CHECK(r.code == 0);
        CHECK(Contains(r.out, "ransomware-phish"));
    }
    SECTION("validate passes the shipped scenario, by folder and by id")
    {
        CHECK(Cli("validate " + Quoted(fs::path(BD_SOURCE_DIR) / "scenarios" / "ransomware-phish")).code == 0);
        CHECK(Cli("validate ransomware-phish").code == 0);
    }
    SECTION("validate reports every problem of a broken scenario as FILE: /pointer: [scenario.NNN] and exits 1")
    {
        const fs::path dir = TempDir() / "broken";
        fs::create_directories(dir);
        std::ofstream(dir / "scenario.json") << R"({
  "metadata": { "id": "broken", "title": "Broken" },
  "infrastructure": {
    "zones": [ { "id": "internet", "internet": true }, { "id": "lan" } ],
    "flows": [ ["lan", "internet"] ],
    "hosts": [ { "id": "db-01", "kind": "database", "zone": "nowhere" } ]
  },
  "campaign": { "c2_indicators": ["evil.example"],
    "stages": [ { "technique": "T9999", "action": "initial_access", "target": { "host": "db-01" } } ] }
})";
        const CliResult r = Cli("validate " + Quoted(dir));
        CHECK(r.code == 1);
        const std::regex line(R"(^.*scenario\.json: /[^:]*: \[scenario\.\d{3}\] .+$)");
        int problems = 0;
        std::istringstream in(r.out);
        for (std::string l; std::getline(in, l);) {
            INFO(l);
            CHECK(std::regex_match(l, line));
            ++problems;
        }
        CHECK(problems >= 2);                                     // both problems, not just the first
        CHECK(Contains(r.out, "/infrastructure/hosts/0/zone: [scenario."));
        CHECK(Contains(r.out, "/campaign/stages/0/technique: [scenario."));
        // One broken and one good: still 1, and the broken one's problems are printed.
        CHECK(Cli("validate ransomware-phish " + Quoted(dir)).code == 1);
        fs::remove_all(dir.parent_path());
    }
    SECTION("a scenario with warnings is valid and says how many; --strict makes them fail")
    {
        // The second newcomer's trial: a scenario where no breach could begin printed "valid" and
        // exited 0; `validate --strict` was accepted and did nothing.
        const fs::path dir = TempDir() / "warned";
        fs::create_directories(dir);
        nlohmann::json doc = nlohmann::json::parse(bdtest::kMinimalScenario);
        doc["infrastructure"]["vulnerabilities"].push_back({{"id", "CVE-2024-4577"}, {"software", "PHP"}}); // on no host: scenario.088
        std::ofstream(dir / "scenario.json") << doc.dump(2);
        const CliResult r = Cli("validate " + Quoted(dir));
        CHECK(r.code == 0);
        CHECK(Contains(r.out, "[scenario.088]"));
        const std::string said = bdtest::CliStderr("validate " + Quoted(dir));
        CHECK(Contains(said, "valid (5 hosts, 2 stages), with "));
        CHECK(Contains(said, " warnings: it can be played, but may not play as written")); // 088, and the path check's 087
        CHECK(Cli("validate --strict " + Quoted(dir)).code == 1);
        CHECK(Cli("validate --strict ransomware-phish").code == 0); // no warning: still 0
        fs::remove_all(dir.parent_path());
    }
    SECTION("validate without a path is a usage error; a missing file is a bad input")
    {
        CHECK(Cli("validate").code == 2);
        CHECK(Cli("validate /nonexistent/scenario.json").code == 1);
    }
}

TEST_CASE("CLI - run", "[cli]")
{
    SECTION("run --json prints one scorecard object")
    {
        const CliResult r = Cli("run ransomware-phish --seed 3 --json");
        REQUIRE(r.code == 0);
        json card;
        REQUIRE_NOTHROW(card = json::parse(r.out)); // the whole stdout is one JSON document
        REQUIRE(card.is_object());
        CHECK(card["scenario"] == "ransomware-phish");
        CHECK(card["seed"] == 3);
        CHECK(card["org"] == "siloed");
        for (const char* k : {"time_to_detect_s", "time_to_contain_s", "time_to_recover_s"}) {
            INFO(k);
            CHECK(card.contains(k));
            CHECK((card[k].is_null() || card[k].is_number_integer()));
        }
        REQUIRE(card["impact"].is_object());
        CHECK(card["impact"]["attacker_caused"].is_number());
        CHECK(card["impact"]["self_inflicted"].is_number());
        CHECK(card["compliance"].is_array());
        REQUIRE(card["state_hash"].is_string());
        CHECK(std::regex_match(card["state_hash"].get<std::string>(), std::regex("[0-9a-f]{16}")));
    }
    SECTION("the same seed twice: the same scorecard; --org converged: another run")
    {
        // With the run date fixed (SOURCE_DATE_EPOCH), byte for byte the same; without, the same but
        // for run_at, the real date the header records (two runs can straddle a second).
        ::setenv("SOURCE_DATE_EPOCH", "1764835200", 1);
        const CliResult a = Cli("run ransomware-phish --seed 9 --json");
        const CliResult b = Cli("run ransomware-phish --seed 9 --json");
        ::unsetenv("SOURCE_DATE_EPOCH");
        REQUIRE(a.code == 0);
        CHECK(a.out == b.out);
        CHECK(json::parse(a.out)["run_at"] == "2025-12-04T08:00:00Z");
        json now = json::parse(Cli("run ransomware-phish --seed 9 --json").out), fixed = json::parse(a.out);
        CHECK(now["run_at"] != fixed["run_at"]);
        now.erase("run_at");
        fixed.erase("run_at");
        CHECK(now == fixed);
        const CliResult c = Cli("run ransomware-phish --seed 9 --org converged --json");
        REQUIRE(c.code == 0);
        CHECK(json::parse(c.out)["org"] == "converged");
        CHECK(json::parse(c.out)["state_hash"] != json::parse(a.out)["state_hash"]);
    }
    SECTION("bad options are usage errors, exit 2")
    {
        CHECK(Cli("run ransomware-phish --seed abc").code == 2);
        CHECK(Cli("run ransomware-phish --seed -1").code == 2);
        CHECK(Cli("run ransomware-phish --seed 99999999999999999999").code == 2);
        CHECK(Cli("run ransomware-phish --org matrix").code == 2);
        CHECK(Cli("run ransomware-phish --autopilot some").code == 2);
        CHECK(Cli("run ransomware-phish --seed").code == 2); // an option without its value
        CHECK(Cli("run").code == 2);
        CHECK(Cli("run ransomware-phish --seed 1").code == 0); // the passing input beside them
    }
    SECTION("a scenario that does not exist is a bad input, exit 1")
    {
        CHECK(Cli("run no-such-scenario").code == 1);
    }
}

TEST_CASE("CLI - replay", "[cli]")
{
    const fs::path dir = TempDir();
    const fs::path journal = dir / "run.jsonl";
    const fs::path commands = dir / "commands.jsonl";
    std::ofstream(commands) << R"({"t": 72000, "cmd": {"kind": "block_indicator", "team": "secops", "target": "cdn-update-check.com"}})" "\n"
                            << R"({"t": 90000, "cmd": {"kind": "isolate_host", "team": "itops", "target": "fs-01", "emergency": true}})" "\n";
    const CliResult run = Cli("run ransomware-phish --seed 5 --json --commands " + Quoted(commands) + " --journal " + Quoted(journal));
    REQUIRE(run.code == 0);
    const std::string hash = json::parse(run.out)["state_hash"];

    SECTION("replay of a run's journal prints the same state hash and scorecard")
    {
        const CliResult r = Cli("replay " + Quoted(journal) + " --json");
        CHECK(r.code == 0);
        CHECK(json::parse(r.out)["state_hash"] == hash);
        CHECK(r.out == run.out);
    }
    SECTION("a journal whose end hash was altered: diverged, exit 3")
    {
        std::ifstream in(journal);
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        const size_t at = text.rfind(hash);
        REQUIRE(at != std::string::npos);
        text.replace(at, hash.size(), "0123456789abcdef");
        const fs::path altered = dir / "altered.jsonl";
        std::ofstream(altered) << text;
        CHECK(Cli("replay " + Quoted(altered)).code == 3);
    }
    SECTION("no journal, or not a journal: exit 1; no argument: exit 2")
    {
        CHECK(Cli("replay " + Quoted(dir / "missing.jsonl")).code == 1);
        CHECK(Cli("replay " + Quoted(commands)).code == 1);
        CHECK(Cli("replay").code == 2);
    }
    fs::remove_all(dir);
}

TEST_CASE("CLI - check proves a journal's claims - exit 0 / 1 / 2", "[cli]")
{
    const fs::path dir = TempDir();
    const fs::path journal = dir / "check.jsonl";
    REQUIRE(Cli("run ransomware-phish --seed 27 --no-history --journal " + Quoted(journal)).code == 0);
    std::vector<json> records;
    {
        std::ifstream in(journal);
        for (std::string line; std::getline(in, line);) records.push_back(json::parse(line));
    }
    REQUIRE(records.size() > 10);

    SECTION("a real run's journal: one line, exit 0")
    {
        const CliResult r = Cli("check " + Quoted(journal));
        CHECK(r.code == 0);
        CHECK(r.out == journal.string() + ": " + std::to_string(records.size()) + " records, every claimed effect is in the journal\n");
    }
    SECTION("a foothold taken out of it: the violation with its seq, exit 1")
    {
        size_t at = 0;
        while (at < records.size() && !(records[at]["type"] == "foothold" && records[at]["gained"] == true)) ++at;
        REQUIRE(at < records.size());
        records.erase(records.begin() + (ptrdiff_t)at);
        const fs::path bad = dir / "bad.jsonl";
        {
            std::ofstream out(bad);
            for (size_t i = 0; i < records.size(); ++i) {
                records[i]["seq"] = i;
                out << records[i].dump() << "\n";
            }
        }
        const CliResult r = Cli("check " + Quoted(bad));
        INFO(r.out);
        CHECK(r.code == 1);
        CHECK(Contains(r.out, bad.string() + ": seq "));
        CHECK(Contains(r.out, "[check.foothold]"));
    }
    SECTION("not a journal, no such file: exit 2; no argument: exit 2")
    {
        const fs::path text = dir / "notes.txt";
        std::ofstream(text) << "these are my notes\n";
        CHECK(Cli("check " + Quoted(text)).code == 2);
        CHECK(Cli("check " + Quoted(dir / "missing.jsonl")).code == 2);
        CHECK(Cli("check").code == 2);
        CHECK(Cli("check " + Quoted(text)).out.empty());
    }
    SECTION("its help")
    {
        const CliResult r = Cli("check --help");
        CHECK(r.code == 0);
        CHECK(Contains(r.out, "Usage: breachdrill check JOURNAL"));
        CHECK(Contains(Cli("--help").out, "check JOURNAL"));
    }
    fs::remove_all(dir);
}

TEST_CASE("CLI - view and describe", "[cli]")
{
    SECTION("view prints a seat's view as JSON, without the ground truth for a team")
    {
        const CliResult r = Cli("view ransomware-phish --team secops --at 86400");
        REQUIRE(r.code == 0);
        const json v = json::parse(r.out);
        CHECK(v["team"] == "secops");
        CHECK(v["time"] == 86400);
        CHECK_FALSE(v.contains("attacker"));
        const json f = json::parse(Cli("view ransomware-phish --team facilitator --at 86400").out);
        CHECK(f.contains("attacker"));
        CHECK(Cli("view ransomware-phish --team attacker").code == 2);
        CHECK(Cli("view ransomware-phish").code == 2);
    }
    SECTION("describe shows the campaign with ATT&CK names")
    {
        const CliResult r = Cli("describe ransomware-phish");
        CHECK(r.code == 0);
        CHECK(Contains(r.out, "T1566.001 Spearphishing Attachment"));
        CHECK(Cli("describe").code == 2);
    }
}

TEST_CASE("CLI - a policy file larger than 1 MiB is refused with its name - run and client alike", "[cli]")
{
    const fs::path big = TempDir() / "huge-policy.lua";
    {
        std::ofstream out(big, std::ios::binary);
        const std::string line = "-- padding padding padding padding padding padding padding padding\n";
        for (size_t n = 0; n <= bd::kMaxPolicyBytes; n += line.size()) out << line;
    }
    int code = -1;
    const std::string all = bdtest::ReadCommand(std::string("'") + BD_CLI + "' run ransomware-phish --no-history --secops-policy " + Quoted(big) + " 2>&1", &code);
    CHECK(code == 1);
    CHECK(Contains(all, "larger than 1 MiB"));
    CHECK(Contains(all, "huge-policy.lua"));
    std::string text, error;
    CHECK_FALSE(bd::ReadPolicyFile(big.string(), text, error));
    CHECK(text.empty());
    CHECK(Contains(error, "huge-policy.lua"));
}

TEST_CASE("CLI - report never writes over a journal - exit 2, the file unchanged", "[cli]")
{
    const fs::path dir = JournalIn("report");
    const fs::path journal = dir / "run.jsonl";
    auto read = [](const fs::path& p) {
        std::ifstream in(p, std::ios::binary);
        return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    };
    const std::string before = read(journal);
    REQUIRE(before.find("\"type\":\"header\"") < before.find('\n'));

    SECTION("-o naming the journal itself, or the same file by another name")
    {
        CHECK(Cli("report " + Quoted(journal) + " --baseline-seeds 0 -o " + Quoted(journal)).code == 2);
        CHECK(Cli("report " + Quoted(journal) + " --baseline-seeds 0 -o " + Quoted(dir / "." / "run.jsonl")).code == 2);
        fs::create_hard_link(journal, dir / "link.jsonl");
        CHECK(Cli("report " + Quoted(dir / "link.jsonl") + " --baseline-seeds 0 -o " + Quoted(journal)).code == 2);
        CHECK(read(journal) == before);
    }
    SECTION("-o naming another journal; compare -o too")
    {
        const fs::path other = dir / "other.jsonl";
        fs::copy_file(journal, other);
        CHECK(Cli("report " + Quoted(journal) + " --baseline-seeds 0 --format md -o " + Quoted(other)).code == 2);
        CHECK(Cli("compare exploited-webapp --seeds 1..1 -o " + Quoted(other)).code == 2);
        CHECK(read(other) == before);
    }
    SECTION("the passing input beside them: a new file, and a file that is not a journal")
    {
        const fs::path html = dir / "r.html";
        std::ofstream(html) << "an old report";
        CHECK(Cli("report " + Quoted(journal) + " --baseline-seeds 0 -o " + Quoted(html)).code == 0);
        CHECK(Contains(read(html), "<!DOCTYPE html>"));
        CHECK(Cli("report " + Quoted(journal) + " --baseline-seeds 0 -o " + Quoted(dir / "new.md") + " --format md").code == 0);
    }
    fs::remove_all(dir);
}

TEST_CASE("CLI - report of a journal without an end record warns on stderr", "[cli]")
{
    const fs::path dir = JournalIn("noend");
    const fs::path journal = dir / "run.jsonl";
    std::ifstream in(journal);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    in.close();
    REQUIRE(text.size() > 2);
    text.erase(text.rfind('\n', text.size() - 2) + 1); // drop the end record, the last line
    const fs::path cut = dir / "cut.jsonl";
    std::ofstream(cut) << text;
    // stderr into the pipe (the helper discards only what is left on the shell's stderr).
    const CliResult r = Cli("report " + Quoted(cut) + " --format md --baseline-seeds 0 -o " + Quoted(dir / "r.md") + " 2>&1 | cat");
    CHECK(Contains(r.out, "[report.incomplete]"));
    const CliResult full = Cli("report " + Quoted(journal) + " --format md --baseline-seeds 0 -o " + Quoted(dir / "f.md") + " 2>&1 | cat");
    CHECK_FALSE(Contains(full.out, "[report.incomplete]"));
    fs::remove_all(dir);
}

TEST_CASE("CLI - an -o that cannot be written fails at once, with the reason", "[cli]")
{
    const fs::path dir = JournalIn("unwritable");
    const fs::path journal = dir / "run.jsonl";
    SECTION("compare checks -o before it plays a seed")
    {
        // -v prints a progress line per second of runs: none may appear (no test here times itself).
        const CliResult r = Cli("-v compare exploited-webapp --seeds 1..400 -o /no/such/dir/x.html 2>&1 | cat");
        CHECK(Contains(r.out, "cannot write the HTML page: the folder /no/such/dir does not exist (nothing was run)"));
        CHECK_FALSE(Contains(r.out, "progress:"));
        CHECK(Cli("compare exploited-webapp --seeds 1..400 -o /no/such/dir/x.html").code == 1);
    }
    SECTION("report gives the reason")
    {
        const CliResult r = Cli("report " + Quoted(journal) + " --baseline-seeds 0 -o /no/such/dir/r.html 2>&1 | cat");
        CHECK(Contains(r.out, "cannot write the report: the folder /no/such/dir does not exist"));
        CHECK(Cli("report " + Quoted(journal) + " --baseline-seeds 0 -o " + Quoted(dir) + "").code == 1); // a folder
    }
    SECTION("history --scenario that matches nothing is not \"nothing recorded\"")
    {
        const fs::path db = dir / "h.db";
        REQUIRE(Cli("run exploited-webapp --seed 1 --db " + Quoted(db)).code == 0);
        const CliResult r = Cli("history --db " + Quoted(db) + " --scenario unknown");
        CHECK(r.code == 0);
        CHECK(Contains(r.out, "No exercise of scenario 'unknown' is recorded"));
        CHECK(Contains(r.out, "exploited-webapp"));
    }
    fs::remove_all(dir);
}
