// analysis.cpp: `breachdrill compare`, `report` and `history`, and what `run` does after an
// exercise (history record, baseline placement). The logic lives in scoring/ (compare.h,
// report.h, history.h); this file parses options, shows progress and writes the output.
//
// Index
//   [SECTION] Help texts
//   [SECTION] Small helpers
//   [SECTION] compare
//   [SECTION] report
//   [SECTION] history
//   [SECTION] After `run`
#include "analysis.h"

#include "compare.h"
#include "sweep.h"
#include "history.h"
#include "journal/journal.h"
#include "navigator.h"
#include "report.h"
#include "report_pdf.h"
#include "scorecard.h"

#include <spdlog/spdlog.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <optional>
#include <sstream>
#include <unistd.h>

namespace bd::cli {

std::string Get(const Options& o, const std::string& k, const std::string& def)
{
    auto it = o.find(k);
    return it == o.end() ? def : it->second;
}

int UsageError(const std::string& message, const char* help)
{
    const std::string h = help;
    std::fprintf(stderr, "breachdrill: %s\n%s\n(--help for every option)\n", message.c_str(), h.substr(0, h.find('\n')).c_str());
    return 2;
}


using nlohmann::json;

// [SECTION] Help texts

const char* const kCompareHelp = R"(Usage: breachdrill compare SCENARIO [--seeds A..B] [--org siloed,converged] [options]

Plays the scenario once per seed under each organisation profile, with autopilot ITOps and SecOps
teams (in memory: no journal files), and prints per profile the median, p10 and p90 of time to
detect, to contain and to recover and of the impact (caused by the attacker, self-inflicted,
total), how many runs never detected or never contained, the differences between the
profiles (of the medians with a bootstrap 95% interval, and seed by seed with a sign test), and
per campaign stage (numbered from 1) how many runs the attacker completed it (not for `random`,
where each seed deals its own campaign); one sentence first says what it means. Both profiles
face the same attacks (the same seeds). Results are the same whatever --threads is (the
bootstrap's generator has a fixed seed). Percentiles are nearest-rank (docs/reports.md).

Options:
  --seeds A..B             the seeds, inclusive (default 1..50); a single N means 1..N
  --org LIST               the profiles, comma-separated (default siloed,converged)
  --size N                 generate the estate at about N hosts (default: the scenario's own size)
  --threads N              worker threads (default: the number of cores)
  --set LIST               change organisation parameters for every run, comma-separated:
                           converged.correlate_alerts=false, patch_within_s=172800 (both profiles);
                           the keys are docs/authoring.md's section 10, what they model docs/model.md
  --json                   print the comparison, every run included, as one JSON object
  -o FILE                  also write a self-contained HTML page with the table and charts
  --navigator FILE         also write ATT&CK Navigator layers (format 4.5), one file per profile,
                           FILE with the profile's name: cov.json gives cov-siloed.json and
                           cov-converged.json (two layers, since a layer file holds one; open both
                           in the Navigator, or make a b-a layer of them to see the difference).
                           Each technique the attacker played in the profile's runs is scored with
                           the percentage of those runs in which a tool raised a true alert of it
                           (0 red .. 100 green); played, detected and confirmed counts in its
                           metadata (docs/formats.md). Not with --shard
  --shard K/N              play only shard K of N of the seeds (seed s is in shard ((s - A) mod N) + 1)
                           and write a partial result to -o PART.json (required); `breachdrill
                           merge` joins the N parts into exactly this command's unsharded output
                           (docs/sweeps.md: a Kubernetes Indexed Job, a Slurm job array)

A progress bar with the time left goes to stderr when it is a terminal (plain lines with -v).
)";

const char* const kReportHelp = R"(Usage: breachdrill report JOURNAL [-o FILE] [--format html|json|md|pdf|navigator] [options]

Writes the after-action report of an exercise, in the spirit of an HSEEP After-Action Report /
Improvement Plan: overview (scenario, date, participants by role, org profile, seed), executive
summary, scorecard, a timeline chart, per-objective ratings P/S/M/U with the evidence, strengths,
areas for improvement, the compliance clocks and an improvement plan. HTML is one self-contained
file (no network needed) that prints well; PDF is the same report on A4 pages, with a running header
and page numbers, to share. docs/reports.md explains every figure and rule.

Options:
  -o FILE                  write to FILE (default: standard output); never the journal itself,
                           nor any file that reads as a journal (refused, exit 2)
  --format F               html (default), json (the same content as data), md (Markdown), pdf
                           (A4, fonts embedded; needs -o), or
                           navigator: an ATT&CK Navigator layer (format 4.5) of the techniques the
                           attacker played, coloured and scored by outcome: detected and confirmed
                           (3, green), detected and never triaged (2, yellow), detected and dismissed
                           (1, orange), seen by no tool (0, red); each comment names the tools that
                           saw it; the scenario, seed and profile in its name, description and
                           metadata (docs/formats.md). --plan, --baseline-seeds and --date do not apply
  --plan FILE              merge the facilitator's improvement-plan rows: a JSON array of
                           {"area": ID?, "action", "owner", "due", "status"?}; a row naming a
                           generated area's ID replaces that row's fields, others are added
  --baseline-seeds N       place the team against N autopilot runs of the same scenario and
                           profile (default 50; 0 skips; skipped anyway when every seat was autopilot)
  --date YYYY-MM-DD        the exercise date for a journal whose header has no run_at (older journals)
)";

const char* const kHistoryHelp = R"(Usage: breachdrill history [--scenario ID] [--trend] [--db PATH] [--json]

Lists the exercises recorded in the history database: date, scenario, seed, profile, seats, the
headline times and the cost. `breachdrill run` records every exercise that finished (unless
--no-history). The database is $XDG_DATA_HOME/breachdrill/history.db, else
~/.local/share/breachdrill/history.db.

Options:
  --scenario ID            only this scenario's exercises
  --trend                  how time to detect and time to contain moved across the exercises,
                           oldest first, with a sparkline (one per scenario and profile)
  --db PATH                use this database file
  --limit N                at most the N most recent exercises (default 50; 0 = all)
  --json                   print them as JSON
)";

// [SECTION] Small helpers (analysis.h)

bool Has(const Options& o, const std::string& k) { return o.count(k) > 0; }
bool ParseU64(const std::string& s, uint64_t& out)
{
    if (s.empty() || s.size() > 19) return false;
    uint64_t v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return false;
        v = v * 10 + (uint64_t)(c - '0');
    }
    out = v;
    return true;
}

// Whether the file at `path` reads as a Breachdrill journal: its first line is a header record of
// the journal format (docs/journal.md). A file that cannot be read does not.
bool ReadsAsJournal(const std::string& path)
{
    std::ifstream f(path, std::ios::binary);
    if (!f) return false;
    std::string line;
    char c;
    while (line.size() < kMaxJournalLineBytes && f.get(c) && c != '\n') line += c;
    const json j = json::parse(line, nullptr, false);
    if (!j.is_object()) return false;
    auto type = j.find("type"), format = j.find("format");
    return type != j.end() && *type == "header" && format != j.end() && format->is_string() &&
           format->get<std::string>().rfind("breachdrill-journal/", 0) == 0;
}

// "" when an output may be written to `out`; else why not, with its id. Never over `input` (the
// same file by any name: a link, "./J"), never over a file that reads as a journal.
std::string RefuseOutput(const std::string& out, const std::string& input, const char* input_what)
{
    std::error_code ec;
    if (!input.empty() && std::filesystem::exists(out, ec) && std::filesystem::equivalent(out, input, ec))
        return "[output.is_input] " + out + " is " + input_what + ": writing there would destroy it; choose another -o file";
    if (ReadsAsJournal(out))
        return "[output.is_journal] " + out + " holds an exercise journal: it is never written over; choose another -o file";
    return "";
}

// Writes `text` to `path`; "" or why not, in the system's words ("No such file or directory").
// "" when `path` can be written, else why not; checked before the work that fills it, so that a
// typo in -o costs nothing. Leaves no file behind.
std::string CheckWritable(const std::string& path)
{
    std::error_code ec;
    const std::filesystem::path p(path);
    const std::filesystem::path dir = p.has_parent_path() ? p.parent_path() : std::filesystem::path(".");
    if (!std::filesystem::is_directory(dir, ec)) return "the folder " + dir.string() + " does not exist";
    if (std::filesystem::is_directory(p, ec)) return "it is a folder";
    if (::access(dir.c_str(), W_OK) != 0) return "the folder " + dir.string() + ": " + std::strerror(errno);
    if (std::filesystem::exists(p, ec) && ::access(path.c_str(), W_OK) != 0) return std::strerror(errno);
    return "";
}

// Before any work: whether -o may be written (RefuseOutput: exit 2, a usage error) and can be
// (CheckWritable: exit 1, "cannot write WHAT: why"). nullopt: go on.
std::optional<int> CheckOutputOption(const Options& options, const std::string& input, const char* help, const char* what,
                                     const char* tail, const char* input_what)
{
    if (!Has(options, "-o")) return std::nullopt;
    const std::string out = Get(options, "-o");
    if (const std::string why = RefuseOutput(out, input, input_what); !why.empty()) return UsageError(why, help);
    if (const std::string why = CheckWritable(out); !why.empty()) {
        spdlog::error("{}: cannot write {}: {}{}", out, what, why, tail);
        return 1;
    }
    return std::nullopt;
}

namespace {

// Progress on stderr: a redrawn bar on a terminal, or a plain line a second with -v.
class Progress {
public:
    Progress(bool tty, bool lines) : tty_(tty), lines_(lines), start_(Clock::now()), last_(start_ - std::chrono::seconds(10)) {}
    void Update(size_t done, size_t total)
    {
        if (!tty_ && !lines_) return;
        const auto now = Clock::now();
        const bool final = done == total;
        const double since_last = std::chrono::duration<double>(now - last_).count();
        if (!final && since_last < (tty_ ? 0.1 : 1.0)) return;
        last_ = now;
        const double elapsed = std::chrono::duration<double>(now - start_).count();
        const double left = done ? elapsed / (double)done * (double)(total - done) : 0;
        char eta[32];
        std::snprintf(eta, sizeof eta, "%d:%02d", (int)left / 60, (int)left % 60);
        const int width = 30;
        const int filled = total ? (int)((double)done / (double)total * width) : width;
        if (tty_) {
            std::string bar(filled, '#');
            bar.append(width - filled, '.');
            std::fprintf(stderr, "\r[%s] %zu/%zu runs, %s left %s", bar.c_str(), done, total, eta, final ? "\n" : "");
        } else {
            std::fprintf(stderr, "progress: %zu/%zu runs, about %s left\n", done, total, eta);
        }
        std::fflush(stderr);
    }

private:
    using Clock = std::chrono::steady_clock;
    bool tty_, lines_;
    Clock::time_point start_, last_;
};

} // namespace

bool Verbose() { return spdlog::get_level() <= spdlog::level::debug; }

std::function<void(size_t, size_t)> ProgressOnStderr()
{
    auto p = std::make_shared<Progress>(::isatty(2) == 1, Verbose());
    return [p](size_t done, size_t total) { p->Update(done, total); };
}

std::optional<int> ParseSeedsOption(const Options& options, const char* help, uint64_t& first, uint64_t& last)
{
    const std::string seeds = Get(options, "--seeds", "1..50");
    const size_t dots = seeds.find("..");
    uint64_t a = 1, b = 0;
    if (dots == std::string::npos ? !ParseU64(seeds, b) : !ParseU64(seeds.substr(0, dots), a) || !ParseU64(seeds.substr(dots + 2), b))
        return UsageError("--seeds must be A..B (or N for 1..N)", help);
    if (b < a) return UsageError("--seeds A..B needs A <= B", help);
    if (b - a >= 100000) return UsageError("--seeds: at most 100000 seeds", help);
    first = a;
    last = b;
    return std::nullopt;
}

std::optional<int> ParseShardOption(const Options& options, const char* help, Shard& shard)
{
    if (!Has(options, "--shard")) return std::nullopt;
    std::string why;
    const auto s = ParseShard(Get(options, "--shard"), &why);
    if (!s) return UsageError("--shard " + why, help);
    if (!Has(options, "-o")) return UsageError("--shard writes a partial result: name it with -o PART.json (then breachdrill merge the parts)", help);
    if (Has(options, "--json")) return UsageError("--shard writes its partial result to -o; --json and the page come from breachdrill merge", help);
    shard = *s;
    return std::nullopt;
}

std::optional<int> WritePartial(const Options& options, const nlohmann::json& part, size_t runs, Shard shard)
{
    const std::string path = Get(options, "-o");
    if (const std::string why = WriteFile(path, part.dump(1) + "\n"); !why.empty()) {
        spdlog::error("{}: cannot write the partial result: {}", path, why);
        return 1;
    }
    spdlog::info("shard {}/{}: {} runs written to {} (breachdrill merge the {} parts)", shard.k, shard.n, runs, path, shard.n);
    return 0;
}

std::optional<int> ParseRunOptions(const Options& options, const char* help, unsigned& threads, int64_t& size, std::vector<OrgChange>& changes)
{
    uint64_t n = 0;
    if (Has(options, "--threads")) {
        if (!ParseU64(Get(options, "--threads"), n) || n < 1 || n > 256) return UsageError("--threads must be between 1 and 256", help);
        threads = (unsigned)n;
    }
    if (Has(options, "--size")) {
        if (!ParseU64(Get(options, "--size"), n) || n < 1 || n > 1000000) return UsageError("--size must be between 1 and 1000000 hosts", help);
        size = (int64_t)n;
    }
    if (Has(options, "--set")) {
        std::stringstream list(Get(options, "--set"));
        for (std::string item; std::getline(list, item, ',');) {
            std::string why;
            const auto c = ParseOrgChange(item, &why);
            if (!c) return UsageError("--set " + why, help);
            changes.push_back(*c);
        }
    }
    return std::nullopt;
}

int PrintCompare(const CompareResult& r, const Options& options)
{
    for (const auto& run : r.runs)
        if (!run.error.empty()) spdlog::warn("seed {} ({}): {}", run.seed, OrgName(run.org), run.error);
    if (Has(options, "--json")) std::printf("%s\n", ToJson(r).dump(2).c_str());
    else std::printf("%s", FormatCompareText(r).c_str());
    if (Has(options, "-o")) {
        const std::string path = Get(options, "-o");
        if (const std::string why = WriteFile(path, CompareHtml(r)); !why.empty()) {
            spdlog::error("{}: cannot write the HTML page: {}", path, why);
            return 1;
        }
        spdlog::info("HTML page written to {}", path);
    }
    return 0;
}

// [SECTION] compare

namespace {

// Before any run: --navigator's files (one per profile) may be written and can be. nullopt: go on.
std::optional<int> CheckNavigatorOption(const Options& options, const CompareOptions& co)
{
    if (!Has(options, "--navigator")) return std::nullopt;
    if (co.shard.Active()) return UsageError("--navigator needs every run: not with --shard", kCompareHelp);
    const std::string base = Get(options, "--navigator");
    if (base.empty()) return UsageError("--navigator needs a file name (FILE.json)", kCompareHelp);
    for (OrgProfile org : co.orgs) {
        const std::string path = NavigatorProfilePath(base, org);
        if (Has(options, "-o") && path == Get(options, "-o")) return UsageError("--navigator's " + path + " is also -o: choose another name", kCompareHelp);
        if (const std::string why = RefuseOutput(path, "", ""); !why.empty()) return UsageError(why, kCompareHelp);
        if (const std::string why = CheckWritable(path); !why.empty()) {
            spdlog::error("{}: cannot write the Navigator layer: {} (nothing was run)", path, why);
            return 1;
        }
    }
    return std::nullopt;
}

// One layer per profile (navigator.h); the exit code.
int WriteNavigatorLayers(const CompareResult& r, const std::vector<OrgProfile>& orgs, const std::string& base)
{
    for (OrgProfile org : orgs) {
        std::vector<std::string> warnings;
        const auto layer = NavigatorCompareLayer(r, org, &warnings);
        for (const auto& w : warnings) spdlog::warn("{}", w);
        const std::string path = NavigatorProfilePath(base, org);
        if (const std::string why = WriteFile(path, layer.dump(2) + "\n"); !why.empty()) {
            spdlog::error("{}: cannot write the Navigator layer: {}", path, why);
            return 1;
        }
        spdlog::info("ATT&CK Navigator layer ({}, {}) written to {}", OrgName(org), CountOf((int64_t)layer["techniques"].size(), "technique"), path);
    }
    return 0;
}

} // namespace

int Compare(const Positional& positional, const Options& options)
{
    if (positional.size() != 1) return UsageError("name one SCENARIO", kCompareHelp);
    CompareOptions co;
    co.scenario = positional[0];
    if (const auto rc = ParseSeedsOption(options, kCompareHelp, co.seed_first, co.seed_last)) return *rc;
    if (const auto rc = ParseShardOption(options, kCompareHelp, co.shard)) return *rc;
    co.orgs.clear();
    std::stringstream orgs(Get(options, "--org", "siloed,converged"));
    for (std::string item; std::getline(orgs, item, ',');) {
        const auto org = ParseOrg(item);
        if (!org) return UsageError("--org: '" + item + "' is not siloed or converged", kCompareHelp);
        for (auto seen : co.orgs)
            if (seen == *org) return UsageError("--org names " + item + " twice", kCompareHelp);
        co.orgs.push_back(*org);
    }
    if (co.orgs.empty()) return UsageError("--org needs at least one profile", kCompareHelp);
    if (const auto rc = ParseRunOptions(options, kCompareHelp, co.threads, co.size, co.org_changes)) return *rc;
    if (const auto rc = CheckOutputOption(options, "", kCompareHelp, co.shard.Active() ? "the partial result" : "the HTML page", " (nothing was run)"))
        return *rc;
    if (const auto rc = CheckNavigatorOption(options, co)) return *rc;
    co.progress = ProgressOnStderr();
    const CompareResult r = RunCompare(co);
    if (!r.error.empty()) {
        spdlog::error("{}", r.error);
        return 1;
    }
    spdlog::info("{} runs on {} thread(s) in {:.2f} s ({:.0f} runs/s)", r.runs.size(), r.threads, r.wall_seconds,
                 r.wall_seconds > 0 ? (double)r.runs.size() / r.wall_seconds : 0.0);
    if (co.shard.Active()) return *WritePartial(options, ComparePartial(r, co), r.runs.size(), co.shard);
    const int rc = PrintCompare(r, options);
    return rc != 0 || !Has(options, "--navigator") ? rc : WriteNavigatorLayers(r, co.orgs, Get(options, "--navigator"));
}

// [SECTION] report

namespace {

bool IsDate(const std::string& s) { return !AddDays(s, 0).empty(); }

// The journal's ATT&CK Navigator layer to -o or standard output; the exit code.
int WriteNavigatorLayer(const std::string& journal, const std::vector<json>& records, const Options& options)
{
    std::vector<std::string> warnings;
    const auto layer = NavigatorLayer(records, &warnings);
    for (const auto& w : warnings) spdlog::warn("{}: {}", journal, w);
    const std::string out = layer.dump(2) + "\n";
    if (!Has(options, "-o")) {
        std::fwrite(out.data(), 1, out.size(), stdout);
        return 0;
    }
    if (const std::string why = WriteFile(Get(options, "-o"), out); !why.empty()) {
        spdlog::error("{}: cannot write the layer: {}", Get(options, "-o"), why);
        return 1;
    }
    spdlog::info("ATT&CK Navigator layer of {} written to {}", CountOf((int64_t)layer["techniques"].size(), "technique"), Get(options, "-o"));
    return 0;
}

} // namespace

int Report(const Positional& positional, const Options& options)
{
    if (positional.size() != 1) return UsageError("name one JOURNAL", kReportHelp);
    const std::string format = Get(options, "--format", "html");
    if (format != "html" && format != "json" && format != "md" && format != "pdf" && format != "navigator")
        return UsageError("--format must be html, json, md, pdf or navigator", kReportHelp);
    if (format == "pdf" && !Has(options, "-o")) return UsageError("--format pdf needs -o FILE.pdf (a PDF is not for the terminal)", kReportHelp);
    ReportOptions ro;
    uint64_t n = 0;
    if (Has(options, "--baseline-seeds")) {
        if (!ParseU64(Get(options, "--baseline-seeds"), n) || n > 10000) return UsageError("--baseline-seeds must be between 0 and 10000", kReportHelp);
        ro.baseline_seeds = n;
    }
    if (Has(options, "--date") && !IsDate(Get(options, "--date"))) return UsageError("--date must be YYYY-MM-DD", kReportHelp);
    const std::string path = positional[0];
    if (const auto rc = CheckOutputOption(options, path, kReportHelp, "the report")) return *rc;
    JournalReadResult jr = ReadJournal(path);
    for (const auto& w : jr.warnings) spdlog::warn("{}", w);
    if (!jr.ok()) {
        spdlog::error("{}", jr.error);
        return 1;
    }
    if (format == "navigator") return WriteNavigatorLayer(path, jr.records, options);
    if (Has(options, "--date")) ro.date = Get(options, "--date"); // the header's run_at wins (report.cpp)
    if (Has(options, "--plan")) {
        const std::string plan_path = Get(options, "--plan");
        std::ifstream f(plan_path, std::ios::binary);
        if (!f) {
            spdlog::error("{}: cannot read the plan file", plan_path);
            return 1;
        }
        ro.plan = json::parse(f, nullptr, false);
        if (ro.plan.is_discarded()) {
            spdlog::error("{}: [report.plan] not valid JSON", plan_path);
            return 1;
        }
    }
    const bd::Report r = BuildReport(jr.records, ro);
    if (!r.incomplete.empty()) spdlog::warn("{}: {}", path, r.incomplete);
    for (const auto& p : r.problems) spdlog::warn("{}", p);
    if (!r.scenario_note.empty()) spdlog::info("{}", r.scenario_note);
    std::string out;
    if (format == "json") out = ToJson(r).dump(2) + "\n";
    else if (format == "md") out = ReportMarkdown(r);
    else if (format == "pdf") {
        PdfReport pdf = ReportPdf(r);
        if (!pdf.ok()) {
            spdlog::error("{}: cannot make the PDF: {}", Get(options, "-o"), pdf.error);
            return 1;
        }
        out = std::move(pdf.bytes);
    } else out = ReportHtml(r);
    if (!Has(options, "-o")) {
        std::fwrite(out.data(), 1, out.size(), stdout);
        return 0;
    }
    if (const std::string why = WriteFile(Get(options, "-o"), out); !why.empty()) {
        spdlog::error("{}: cannot write the report: {}", Get(options, "-o"), why);
        return 1;
    }
    spdlog::info("report written to {}", Get(options, "-o"));
    return 0;
}

// [SECTION] history

int History(const Positional& positional, const Options& options)
{
    if (!positional.empty()) return UsageError("history takes no positional argument", kHistoryHelp);
    HistoryQuery q;
    q.scenario = Get(options, "--scenario");
    uint64_t n = 50;
    if (Has(options, "--limit") && !ParseU64(Get(options, "--limit"), n)) return UsageError("--limit must be a whole number >= 0", kHistoryHelp);
    q.limit = (int64_t)std::min<uint64_t>(n, 1000000);
    const std::string path = Has(options, "--db") ? Get(options, "--db") : DefaultHistoryPath();
    std::error_code ec;
    if (!path.empty() && !std::filesystem::exists(path, ec)) {
        // Nothing recorded yet: say so rather than create an empty database.
        if (Has(options, "--json")) std::printf("[]\n");
        else std::printf("No exercise recorded yet (%s does not exist).\n", path.c_str());
        return 0;
    }
    HistoryDb db;
    std::string error;
    std::vector<HistoryEntry> rows;
    if (!db.Open(path, error, false) || !db.List(q, rows, error)) {
        spdlog::error("{}", error);
        return 1;
    }
    if (db.OpenedVersion() < kHistorySchemaVersion)
        spdlog::info("{}: migrated from schema version {} to {}", path, db.OpenedVersion(), kHistorySchemaVersion);
    if (rows.empty() && !q.scenario.empty() && !Has(options, "--json")) {
        std::vector<HistoryEntry> all;
        if (!db.List(HistoryQuery{"", 0}, all, error)) {
            spdlog::error("{}", error);
            return 1;
        }
        std::printf("%s", NoneRecordedFor(q.scenario, all, path).c_str());
        return 0;
    }
    if (Has(options, "--json")) std::printf("%s\n", ToJson(rows).dump(2).c_str());
    else if (Has(options, "--trend")) std::printf("%s", FormatTrend(rows).c_str());
    else std::printf("%s", FormatHistory(rows).c_str());
    return 0;
}

// [SECTION] After `run`

std::string AfterRun(const std::vector<json>& records, const Scorecard& card, const Options& options)
{
    json header = json::object();
    if (!records.empty() && records.front().is_object() && records.front().value("type", "") == "header") header = records.front();
    if (card.ended && !Has(options, "--no-history")) {
        const std::string path = Has(options, "--db") ? Get(options, "--db") : DefaultHistoryPath();
        std::string journal = Get(options, "--journal");
        std::error_code ec;
        if (!journal.empty()) journal = std::filesystem::absolute(journal, ec).string();
        HistoryDb db;
        std::string error;
        int64_t id = 0;
        if (db.Open(path, error) && db.Record(EntryFromScorecard(card, SeatsOf(header), journal, "cli"), &id, error))
            spdlog::info("recorded in the history as exercise {} ({})", id, path);
        else
            spdlog::warn("not recorded in the history: {}", error);
    }
    const std::string seats = SeatsOf(header);
    if (seats.empty() || seats.find("human") == std::string::npos) return ""; // every seat an autopilot
    uint64_t seeds = 50;
    if (Has(options, "--baseline-seeds") && !ParseU64(Get(options, "--baseline-seeds"), seeds)) {
        spdlog::warn("--baseline-seeds must be a whole number; using 50");
        seeds = 50;
    }
    if (seeds == 0) return "";
    const json& sc = header.contains("scenario") && header["scenario"].is_object() ? header["scenario"] : json::object();
    std::string ref = sc.value("ref", "");
    if (ref.empty()) ref = sc.value("id", "");
    const int64_t size = sc.contains("size") && sc["size"].is_number_integer() ? sc["size"].get<int64_t>() : 0;
    const auto b = PlaceAgainstBaseline(card, ref, card.org, size, std::min<uint64_t>(seeds, 10000), 0);
    return b ? BaselineOneLine(*b) : "";
}

} // namespace bd::cli
