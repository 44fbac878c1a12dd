// test_report_pdf.cpp: the after-action report as PDF (interop/report_pdf.h, `breachdrill report
// --format pdf`), read back as a reader would see it: poppler's pdfinfo, pdftotext and pdffonts
// (poppler-utils, scripts/deps.sh). A4 pages; the running header and "page N of M" on every page;
// every section and every scorecard figure in the text; tables split with their header repeated;
// no page but the last mostly empty; the fonts embedded; the same bytes for the same journal; and
// the CLI's refusals (-o over the journal, a folder that does not exist, no -o).
#include "report_pdf.h"

#include "journal/journal.h"
#include "report_words.h"

#include "cli_run.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <string>
#include <unistd.h>

using namespace bd;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

fs::path PdfTestDir(const std::string& name)
{
    const fs::path dir = fs::temp_directory_path() / ("breachdrill-pdf-" + std::to_string(::getpid())) / name;
    fs::create_directories(dir);
    return dir;
}

std::string PdfTestQuoted(const fs::path& p) { return "'" + p.string() + "'"; }

std::string PdfTestRead(const fs::path& p)
{
    std::ifstream in(p, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// A poppler tool's output (stderr dropped); the test fails when the tool is missing.
std::string PdfTestTool(const std::string& command)
{
    int code = -1;
    const std::string out = bdtest::ReadCommand(command + " 2>/dev/null", &code);
    INFO(command);
    REQUIRE(code == 0); // poppler-utils missing? bash scripts/deps.sh installs it
    return out;
}

// pdftotext in content order (-raw: a table cell's lines stay together), whitespace collapsed.
std::string PdfTestText(const fs::path& pdf, int page = 0)
{
    const std::string range = page > 0 ? " -f " + std::to_string(page) + " -l " + std::to_string(page) : "";
    const std::string raw = PdfTestTool("pdftotext -raw -enc UTF-8" + range + " " + PdfTestQuoted(pdf) + " -");
    return std::regex_replace(raw, std::regex("\\s+"), " ");
}

int PdfTestPages(const fs::path& pdf)
{
    std::smatch m;
    const std::string info = PdfTestTool("pdfinfo " + PdfTestQuoted(pdf));
    REQUIRE(std::regex_search(info, m, std::regex("Pages:\\s+(\\d+)")));
    return std::stoi(m[1]);
}

bool PdfTestHas(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

// The journal of `scenario` with `seed`, played by the CLI into `dir`/run.jsonl.
fs::path PdfTestJournal(const fs::path& dir, const std::string& scenario, int seed)
{
    const fs::path journal = dir / "run.jsonl";
    REQUIRE(bdtest::RunCli("run " + scenario + " --seed " + std::to_string(seed) + " --no-history --journal " + PdfTestQuoted(journal)).code == 0);
    return journal;
}

Report PdfTestReport(const fs::path& journal)
{
    const JournalReadResult jr = ReadJournal(journal.string());
    REQUIRE(jr.ok());
    ReportOptions o;
    o.baseline_seeds = 0;
    return BuildReport(jr.records, o);
}

fs::path PdfTestWrite(const fs::path& dir, const std::string& name, const PdfReport& pdf)
{
    REQUIRE(pdf.ok());
    const fs::path p = dir / name;
    std::ofstream(p, std::ios::binary) << pdf.bytes;
    return p;
}

} // namespace

TEST_CASE("Report PDF - A4 pages each with the running header and page N of M", "[interop][pdf]")
{
    const fs::path dir = PdfTestDir("pages");
    const fs::path journal = PdfTestJournal(dir, "ransomware-phish", 7);
    const fs::path pdf = dir / "report.pdf";
    REQUIRE(bdtest::RunCli("report " + PdfTestQuoted(journal) + " --baseline-seeds 0 --format pdf -o " + PdfTestQuoted(pdf)).code == 0);
    const std::string bytes = PdfTestRead(pdf);
    REQUIRE(bytes.rfind("%PDF-", 0) == 0);
    CHECK(PdfTestHas(PdfTestTool("pdfinfo " + PdfTestQuoted(pdf)), "595.276 x 841.89 pts (A4)"));
    const int pages = PdfTestPages(pdf);
    // A week-long exercise with 14 stages: the report is a handful of pages, not one, not dozens.
    CHECK(pages >= 4);
    CHECK(pages <= 10);
    const Report r = PdfTestReport(journal);
    REQUIRE_FALSE(r.date.empty());
    for (int p = 1; p <= pages; ++p) {
        INFO("page " << p);
        const std::string text = PdfTestText(pdf, p);
        CHECK(PdfTestHas(text, "After-action report: "));
        CHECK(PdfTestHas(text, "seed 7 \u00b7 siloed \u00b7 " + r.date));
        CHECK(PdfTestHas(text, "page " + std::to_string(p) + " of " + std::to_string(pages)));
    }
}

TEST_CASE("Report PDF - every section heading and scorecard figure is in the text", "[interop][pdf]")
{
    const fs::path dir = PdfTestDir("content");
    const fs::path journal = PdfTestJournal(dir, "exploited-webapp", 1);
    const Report r = PdfTestReport(journal);
    const fs::path pdf = PdfTestWrite(dir, "r.pdf", ReportPdf(r));
    const std::string text = PdfTestText(pdf);
    for (const char* h : {"1. Exercise overview", "Participants by role", "2. Executive summary", "3. Objectives and ratings",
                          "4. Strengths and areas for improvement", "5. Scorecard", "Downtime by service", "6. Timeline", "Key moments",
                          "Attacker stages and injects", "7. Compliance clocks", "8. Improvement plan"}) {
        INFO(h);
        CHECK(PdfTestHas(text, h));
    }
    // Every figure with its value, as the HTML's scorecard table has them.
    for (const auto& [group, rows] : report_parts::FigureTable(r.card)) {
        CHECK(PdfTestHas(text, group));
        for (const auto& row : rows) {
            INFO(group << ": " << row.name << " = " << row.value);
            CHECK(PdfTestHas(text, row.name));
            CHECK(PdfTestHas(text, row.value));
        }
    }
    CHECK(PdfTestHas(text, r.card.state_hash));
    CHECK(PdfTestHas(text, r.card.title));
    for (const auto& o : r.objectives) {
        INFO(o.objective);
        CHECK(PdfTestHas(text, report_parts::RatingLabel(o.rating)));
    }
    for (const auto& a : r.areas) CHECK(PdfTestHas(text, a.id));
    // The chart's lanes and legend are drawn as text too.
    for (const char* lane : {"Attacker", "Alerts", "SecOps actions", "ITOps actions", "Injects", "technique worked", "false alarm"}) CHECK(PdfTestHas(text, lane));
    // DejaVu, subset and embedded: pdffonts says "yes" in the emb column of every font.
    const std::string fonts = PdfTestTool("pdffonts " + PdfTestQuoted(pdf));
    CHECK(PdfTestHas(fonts, "DejaVuSans"));
    CHECK(PdfTestHas(fonts, "DejaVuSans-Bold"));
    CHECK(PdfTestHas(fonts, "DejaVuSansMono")); // the state hash
    CHECK_FALSE(std::regex_search(fonts, std::regex("\\bno\\s+(yes|no)\\s+(yes|no)\\s+\\d+\\s+\\d+\\s*$", std::regex::multiline)));
}

TEST_CASE("Report PDF - a long table breaks between rows with its header on every page", "[interop][pdf]")
{
    const fs::path dir = PdfTestDir("long");
    Report r = PdfTestReport(PdfTestJournal(dir, "exploited-webapp", 1));
    r.key_moments.clear();
    for (int i = 0; i < 150; ++i) r.key_moments.push_back({(ScoreTime)(i * 60), "end", "moment-" + std::to_string(1000 + i) + " of the long table"});
    const PdfReport out = ReportPdf(r);
    const fs::path pdf = PdfTestWrite(dir, "long.pdf", out);
    const int pages = PdfTestPages(pdf);
    REQUIRE(pages == out.pages);
    int seen = 0, pages_with_rows = 0;
    const std::regex row("moment-1\\d\\d\\d of the long table");
    for (int p = 1; p <= pages; ++p) {
        const std::string text = PdfTestText(pdf, p);
        const auto rows = std::distance(std::sregex_iterator(text.begin(), text.end(), row), std::sregex_iterator());
        if (rows == 0) continue;
        INFO("page " << p);
        ++pages_with_rows;
        seen += (int)rows;
        CHECK(PdfTestHas(text, "when what happened")); // the header row, repeated
    }
    CHECK(seen == 150);           // no row lost or doubled at a break
    CHECK(pages_with_rows >= 3);  // it did break
}

TEST_CASE("Report PDF - no page but the last is mostly empty", "[interop][pdf]")
{
    const fs::path dir = PdfTestDir("fill");
    for (const auto& [scenario, seed] : {std::pair{"ransomware-phish", 1}, {"ransomware-phish", 7}, {"exploited-webapp", 1}, {"noisy-day", 2}}) {
        INFO(scenario << " seed " << seed);
        const fs::path sub = dir / (std::string(scenario) + "-" + std::to_string(seed));
        fs::create_directories(sub);
        const PdfReport out = ReportPdf(PdfTestReport(PdfTestJournal(sub, scenario, seed)));
        REQUIRE(out.ok());
        REQUIRE(out.fill.size() == (size_t)out.pages);
        for (int p = 0; p + 1 < out.pages; ++p) {
            INFO("page " << p + 1 << " of " << out.pages);
            CHECK(out.fill[p] >= 0.5);
        }
    }
}

TEST_CASE("Report PDF - the same journal gives the same bytes, dated by the exercise", "[interop][pdf]")
{
    const fs::path dir = PdfTestDir("same");
    const fs::path journal = PdfTestJournal(dir, "exploited-webapp", 3);
    const Report r = PdfTestReport(journal);
    const PdfReport a = ReportPdf(r), b = ReportPdf(r);
    REQUIRE(a.ok());
    CHECK(a.bytes == b.bytes);
    REQUIRE(r.date.size() == 10);
    // cairo 1.16 writes a date it is given without the "D:" prefix (pdfinfo reads it either way).
    const std::string stamp = r.date.substr(0, 4) + r.date.substr(5, 2) + r.date.substr(8, 2) + "000000Z";
    CHECK(std::regex_search(a.bytes, std::regex("/CreationDate \\((D:)?" + stamp + "\\)")));
    CHECK(std::regex_search(a.bytes, std::regex("/ModDate \\((D:)?" + stamp + "\\)")));
    SECTION("a journal with no date writes none (not the clock's)")
    {
        Report undated = r;
        undated.date.clear();
        const PdfReport u = ReportPdf(undated);
        REQUIRE(u.ok());
        CHECK_FALSE(PdfTestHas(u.bytes, "/CreationDate"));
        CHECK(PdfTestHas(PdfTestText(PdfTestWrite(dir, "undated.pdf", u), 1), "date not recorded"));
    }
}

TEST_CASE("Report PDF - fonts that are not there are named, no file is made", "[interop][pdf]")
{
    Report r;
    PdfReportOptions o;
    o.fonts_dir = "/no/such/fonts";
    const PdfReport out = ReportPdf(r, o);
    CHECK_FALSE(out.ok());
    CHECK(PdfTestHas(out.error, "DejaVuSans.ttf"));
    CHECK(PdfTestHas(out.error, "/no/such/fonts"));
    CHECK(out.bytes.empty());
    CHECK_FALSE(FindReportFonts().empty()); // the repository's assets/fonts
}

TEST_CASE("Report PDF - the CLI refuses -o over the journal, an unwritable path and no -o", "[interop][pdf][cli]")
{
    const fs::path dir = PdfTestDir("cli");
    const fs::path journal = PdfTestJournal(dir, "exploited-webapp", 1);
    const std::string before = PdfTestRead(journal);
    const std::string report = "report " + PdfTestQuoted(journal) + " --baseline-seeds 0 --format pdf";
    SECTION("-o naming the journal: exit 2, the journal unchanged")
    {
        CHECK(bdtest::RunCli(report + " -o " + PdfTestQuoted(journal)).code == 2);
        CHECK(PdfTestRead(journal) == before);
    }
    SECTION("-o in a folder that does not exist: exit 1, the reason, no file")
    {
        const std::string err = bdtest::CliStderr(report + " -o /no/such/dir/r.pdf");
        CHECK(PdfTestHas(err, "cannot write the report: the folder /no/such/dir does not exist"));
        CHECK(bdtest::RunCli(report + " -o /no/such/dir/r.pdf").code == 1);
        CHECK_FALSE(fs::exists("/no/such/dir/r.pdf"));
    }
    SECTION("no -o: exit 2, nothing on the terminal")
    {
        const bdtest::CliResult r = bdtest::RunCli(report);
        CHECK(r.code == 2);
        CHECK(r.out.empty());
        CHECK(PdfTestHas(bdtest::CliStderr(report), "--format pdf needs -o FILE.pdf"));
    }
}

TEST_CASE("Report PDF - a team's runbook: command steps done, apart from the checklist items the team ticked", "[interop][pdf][runbook]")
{
    const fs::path dir = PdfTestDir("runbook");
    const fs::path runbook = dir / "secops.json", commands = dir / "ticks.jsonl", journal = dir / "run.jsonl";
    REQUIRE(bdtest::RunCli("import cacao " + PdfTestQuoted(std::string(BD_SOURCE_DIR) + "/tests/interop/data/cacao/containment-playbook.json") +
                           " -o " + PdfTestQuoted(runbook))
                .code == 0);
    std::ofstream(commands) << R"({"t": 7200, "cmd": {"kind": "tick_step", "team": "secops", "target": "secops", "value": "6"}})" << "\n";
    REQUIRE(bdtest::RunCli("run ransomware-phish --no-history --runbook secops=" + PdfTestQuoted(runbook) + " --commands " +
                           PdfTestQuoted(commands) + " --journal " + PdfTestQuoted(journal))
                .code == 0);
    const std::string text = PdfTestText(PdfTestWrite(dir, "r.pdf", ReportPdf(PdfTestReport(journal))));
    CHECK(PdfTestHas(text, "Runbook steps: SecOps, Ransomware containment (test fixture)"));
    CHECK(PdfTestHas(text, "5 of 6 command steps done (their commands completed in the simulation), 1 skipped; 2 checklist items for the "
                           "players, 1 of them ticked by the team, not simulated."));
    CHECK(PdfTestHas(text, "Phone the cyber insurance hotline checklist ticked by SecOps at Mon 10:00 (T+02:00) (not simulated)"));
    CHECK(PdfTestHas(text, "checklist not ticked"));
}
