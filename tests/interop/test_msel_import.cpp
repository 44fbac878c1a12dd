// test_msel_import.cpp: the MSEL spreadsheet back into a scenario (interop/msel_import.h) and the
// RFC 4180 reader under it (interop/csv_reader.h): the round trip of every built-in scenario byte
// for byte, an edit that rewrites one inject and nothing else, and a fixture for each problem
// (tests/interop/msel/), each naming the file, the row and the column.
#include "msel_import.h"

#include "csv_reader.h"
#include "msel_csv.h"
#include "exercise/msel.h"
#include "world/scenario.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

using namespace bd;

namespace {

std::string MselTestRead(const std::filesystem::path& p)
{
    std::ifstream f(p, std::ios::binary);
    std::stringstream s;
    s << f.rdbuf();
    return s.str();
}

std::filesystem::path MselTestScenario(const std::string& id) { return std::filesystem::path(BD_SOURCE_DIR) / "scenarios" / id / "scenario.json"; }
std::filesystem::path MselTestFixture(const std::string& name) { return std::filesystem::path(BD_SOURCE_DIR) / "tests/interop/msel" / name; }

// The fixture imported into ransomware-phish (the sheets are its MSEL, edited).
MselImportResult MselTestImport(const std::string& fixture)
{
    const auto scenario = MselTestScenario("ransomware-phish");
    return ImportMsel(fixture, MselTestRead(MselTestFixture(fixture)), scenario.string(), MselTestRead(scenario));
}

std::string MselTestJoined(const std::vector<std::string>& lines)
{
    std::string s;
    for (const auto& l : lines) s += l + "\n";
    return s;
}

} // namespace

TEST_CASE("CSV reader - RFC 4180", "[interop][msel]")
{
    SECTION("quotes, doubled quotes, new lines in quotes, CRLF and LF, a BOM, no last line end")
    {
        const auto r = ReadCsv("\xEF\xBB\xBF" "a,\"b,c\",\"say \"\"hi\"\"\"\r\n\"two\r\nlines\",,x\nlast");
        REQUIRE(r.ok());
        REQUIRE(r.records.size() == 3);
        CHECK(r.records[0].fields == std::vector<std::string>{"a", "b,c", "say \"hi\""});
        CHECK(r.records[1].fields == std::vector<std::string>{"two\nlines", "", "x"});
        CHECK(r.records[1].line == 2);
        CHECK(r.records[2].line == 4);
        CHECK(r.records[2].fields == std::vector<std::string>{"last"});
    }
    SECTION("broken quoting, with the line and column")
    {
        CHECK(ReadCsv("a,b\nc,\"open\n").error == "line 2, column 3: a quoted field opened here is never closed");
        CHECK(ReadCsv("\"a\"b,c\n").error == "line 1, column 4: after a closing quote only a comma or the end of the line may follow");
        CHECK(ReadCsv("a,b\"c\n").error ==
              "line 1, column 4: a quote inside a field that does not start with one (quote the whole field, and double the quote)");
    }
}

TEST_CASE("MSEL import - spans: msel --csv's and the planners' relative form", "[interop][msel]")
{
    long long t = -1;
    bool secs = false;
    CHECK(ParseMselSpan("D+2 H+3 M+45", t, &secs));
    CHECK(t == 2 * 86400 + 3 * 3600 + 45 * 60);
    CHECK_FALSE(secs);
    CHECK(ParseMselSpan("h+6", t));
    CHECK(t == 6 * 3600);
    CHECK(ParseMselSpan("M+5 S+30", t, &secs));
    CHECK(t == 330);
    CHECK(secs);
    CHECK(ParseMselSpan("1d 04:00:00", t, &secs));
    CHECK(t == 86400 + 4 * 3600);
    CHECK(secs);
    CHECK(ParseMselSpan("04:30", t, &secs));
    CHECK(t == 4 * 3600 + 30 * 60);
    CHECK_FALSE(secs);
    // Out of order, a unit twice, no number, minutes past 59, words: not spans.
    for (const char* bad : {"H+3 D+2", "D+1 D+2", "D+", "04:75", "soon", "", "1d 25:00:00"}) {
        INFO(bad);
        CHECK_FALSE(ParseMselSpan(bad, t));
    }
}

TEST_CASE("MSEL import - msel --csv then import msel leaves every built-in's scenario.json as it was", "[interop][msel]")
{
    for (const auto& b : BuiltinScenarios()) {
        INFO(b.id);
        const auto path = MselTestScenario(b.id);
        const std::string text = MselTestRead(path);
        LoadResult lr = LoadScenarioText(text, path.string(), LoadOptions{});
        REQUIRE(lr.Ok());
        const std::string csv = MselCsv(BuildMsel(lr.scenario));
        const MselImportResult r = ImportMsel("msel.csv", csv, path.string(), text);
        INFO(MselTestJoined(r.errors) << MselTestJoined(r.changes));
        CHECK(r.ok());
        CHECK(r.changes.empty());
        CHECK_FALSE(r.changed);
        CHECK(r.text == text);
        // As a spreadsheet saves it again: LF line ends everywhere, a byte-order mark.
        std::string lf = "\xEF\xBB\xBF";
        for (char c : csv)
            if (c != '\r') lf += c;
        const MselImportResult again = ImportMsel("msel.csv", lf, path.string(), text);
        CHECK(again.ok());
        CHECK_FALSE(again.changed);
    }
}

TEST_CASE("MSEL import - an edit rewrites that inject alone, and the result validates", "[interop][msel]")
{
    const auto path = MselTestScenario("ransomware-phish");
    const std::string text = MselTestRead(path);
    LoadResult lr = LoadScenarioText(text, path.string(), LoadOptions{});
    REQUIRE(lr.Ok());
    auto rows = BuildMsel(lr.scenario);
    REQUIRE(rows.size() >= 3);
    REQUIRE(rows[2].number == "3");
    rows[2].time = "D+1 H+5 M+30";                         // the planners' form
    rows[2].player = "ITOps: System administrator";
    rows[2].expected = "send_message (itops) within H+3";
    MselRow added{"9", "02:00:00 after inject 3", "The auditor asks for the change log", "Auditor: 'Send me the log.'", "Lead controller",
                  "All players", "", "", ""};
    rows.push_back(added);
    const MselImportResult r = ImportMsel("msel.csv", MselCsv(rows), path.string(), text);
    INFO(MselTestJoined(r.errors));
    REQUIRE(r.ok());
    REQUIRE(r.changed);
    CHECK(r.changes == std::vector<std::string>{"inject 3: Scenario time", "inject 3: Intended player", "inject 3: Expected action", "inject 9 added"});
    LoadResult after = LoadScenarioText(r.text, path.string(), LoadOptions{});
    REQUIRE(after.Ok());
    REQUIRE(after.scenario.injects.size() == lr.scenario.injects.size() + 1);
    const Inject& three = after.scenario.injects[2];
    CHECK(three.time_s == 86400 + 5 * 3600 + 30 * 60);
    CHECK(three.role == "sysadmin");
    CHECK(three.expect_within_s == 3 * 3600);
    const Inject& nine = after.scenario.injects.back();
    CHECK(nine.number == 9);
    CHECK(nine.trigger == InjectTrigger::AfterInject);
    CHECK(nine.after == 3);
    CHECK(nine.delay_s == 7200);
    CHECK(nine.controller == "Lead controller");
    // Everything else is byte for byte: the text before the injects, and the untouched injects.
    const size_t injects = text.find("\"injects\"");
    REQUIRE(injects != std::string::npos);
    CHECK(r.text.substr(0, injects) == text.substr(0, injects));
    const std::string one = text.substr(text.find("{", injects + 10), 60);
    CHECK(r.text.find(one) != std::string::npos);
    for (size_t i = 0; i < lr.scenario.injects.size(); ++i)
        if (i != 2) CHECK(BuildMsel(after.scenario)[i].text == BuildMsel(lr.scenario)[i].text);
    // Inside inject 3 only the members that changed are rewritten, in the author's one-line style:
    // three lines of the old file are gone, no other.
    CHECK(r.text.find("\"number\": 3, \"time_s\": 106200,") != std::string::npos);
    std::set<std::string> new_lines;
    std::istringstream nl(r.text), ol(text);
    for (std::string l; std::getline(nl, l);) new_lines.insert(l);
    std::vector<std::string> gone;
    for (std::string l; std::getline(ol, l);)
        if (!new_lines.count(l)) gone.push_back(l);
    CHECK(gone.size() == 3);
}

TEST_CASE("MSEL import - a stage trigger is written with the stage's name, not its index", "[interop][msel]")
{
    const auto path = MselTestScenario("ransomware-phish");
    const std::string text = MselTestRead(path);
    LoadResult lr = LoadScenarioText(text, path.string(), LoadOptions{});
    REQUIRE(lr.Ok());
    auto rows = BuildMsel(lr.scenario);
    const std::string name = lr.scenario.campaign.stages[5].name;
    rows.push_back(MselRow{"9", "01:00:00 after attacker stage 6 (" + name + ")", "A stage-6 call", "Caller: 'Hello.'", "",
                           "All players", "", "", ""});
    const MselImportResult r = ImportMsel("msel.csv", MselCsv(rows), path.string(), text);
    INFO(MselTestJoined(r.errors));
    REQUIRE(r.ok());
    // Stage 6 as people count it is index 5: written as the name, so validate has nothing to warn
    // about (a number would be scenario.097) and the file reads as the sheet does.
    CHECK(r.text.find("\"stage\": \"" + name + "\"") != std::string::npos);
    LoadResult after = LoadScenarioText(r.text, path.string(), LoadOptions{});
    REQUIRE(after.Ok());
    CHECK(after.scenario.injects.back().stage == 5);
    for (const auto& p : after.problems) CHECK(p.id != "scenario.097");
}

TEST_CASE("MSEL import - each problem names the file, the row and the column", "[interop][msel]")
{
    auto first = [](const MselImportResult& r) { return r.errors.empty() ? std::string() : r.errors.front(); };
    SECTION("a bad time")
    {
        CHECK(first(MselTestImport("bad-time.csv")) ==
              "bad-time.csv: row 4, column \"Scenario time\": [msel.bad_time] 'Tuesday-ish' is not a time: write Mon 14:00 (T+06:00), T+06:00, "
              "T+1d 04:00 or D+0 H+6 M+0");
    }
    SECTION("a story time that disagrees with its T+ time")
    {
        CHECK(first(MselTestImport("story-disagrees.csv")) ==
              "story-disagrees.csv: row 2, column \"Scenario time\": [msel.bad_time] 'Mon 15:00' and T+06:00 disagree: on this scenario's "
              "clock T+06:00 is Mon 14:00 (change both, or give only the T+ time)");
    }
    SECTION("an unknown team")
    {
        CHECK(first(MselTestImport("unknown-team.csv")) ==
              "unknown-team.csv: row 3, column \"Intended player\": [msel.unknown_team] unknown team 'Marketing' (expected ITOps, SecOps, "
              "Facilitator or All players)");
    }
    SECTION("a missing column")
    {
        CHECK(first(MselTestImport("missing-column.csv")) ==
              "missing-column.csv: row 1, column \"Intended player\": [msel.missing_column] the header has no column \"Intended player\" "
              "(needed: Inject number, Scenario time, Event synopsis, Intended player)");
    }
    SECTION("an unknown inject id")
    {
        CHECK(first(MselTestImport("unknown-inject.csv")) ==
              "unknown-inject.csv: row 3, column \"Scenario time\": [msel.unknown_inject] inject 42 is not in the sheet");
    }
    SECTION("quoted new lines and doubled quotes become the text")
    {
        const MselImportResult r = MselTestImport("quoted-newlines.csv");
        INFO(MselTestJoined(r.errors));
        REQUIRE(r.ok());
        CHECK(r.changes == std::vector<std::string>{"inject 1: Inject text"});
        LoadResult after = LoadScenarioText(r.text, MselTestScenario("ransomware-phish").string(), LoadOptions{});
        REQUIRE(after.Ok());
        CHECK(after.scenario.injects[0].text == "Service desk call, 14:00: \"It did nothing.\"\nSecond line, after a new line in the cell.");
    }
    SECTION("a BOM and LF line ends from Excel: nothing changes")
    {
        const MselImportResult r = MselTestImport("bom.csv");
        INFO(MselTestJoined(r.errors));
        CHECK(r.ok());
        CHECK_FALSE(r.changed);
    }
    SECTION("a result the validator refuses is refused with its messages")
    {
        const MselImportResult r = MselTestImport("invalid-result.csv");
        REQUIRE_FALSE(r.ok());
        CHECK(r.errors.front() == "invalid-result.csv: the scenario would not validate with these injects, so nothing was written:");
        CHECK(MselTestJoined(r.errors).find("scenario.") != std::string::npos);
    }
}
