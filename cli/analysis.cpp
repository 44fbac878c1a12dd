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
#include "journal.h"
#include "scorecard.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace bd::cli {

using nlohmann::json;

// [SECTION] Help texts

const char* const kCompareHelp = R"(Usage: breachdrill compare SCENARIO [--seeds A..B] [--org siloed,converged] [options]

Plays the scenario once per seed under each organisation profile, with autopilot ITOps and SecOps
teams (in memory: no journal files), and prints per profile the median, p10 and p90 of time to
detect, to contain and to recover and of the impact (caused by the attacker, self-inflicted,
total), how many runs never detected or never contained, and the differences between the
profiles. Both profiles face the same attacks (the same seeds). Results are the same whatever
--threads is. Percentiles are nearest-rank (docs/reports.md).

Options:
  --seeds A..B             the seeds, inclusive (default 1..50); a single N means 1..N
  --org LIST               the profiles, comma-separated (default siloed,converged)
  --size N                 generate the estate at about N hosts (default: the scenario's own size)
  --threads N              worker threads (default: the number of cores)
  --json                   print the comparison, every run included, as one JSON object
  -o FILE                  also write a self-contained HTML page with the table and charts

A progress bar with the time left goes to stderr when it is a terminal (plain lines with -v).
)";

const char* const kReportHelp = R"(Usage: breachdrill report JOURNAL [-o FILE] [--format html|json|md] [options]

Writes the after-action report of an exercise, in the spirit of an HSEEP After-Action Report /
Improvement Plan: overview (scenario, date, participants by role, org profile, seed), executive
summary, scorecard, a timeline chart, per-objective ratings P/S/M/U with the evidence, strengths,
areas for improvement, the compliance clocks and an improvement plan. HTML is one self-contained
file (no network needed) that prints well. docs/reports.md explains every figure and rule.

Options:
  -o FILE                  write to FILE (default: standard output)
  --format F               html (default), json (the same content as data) or md (Markdown)
  --plan FILE              merge the facilitator's improvement-plan rows: a JSON array of
                           {"area": ID?, "action", "owner", "due", "status"?}; a row naming a
                           generated area's ID replaces that row's fields, others are added
  --baseline-seeds N       place the team against N autopilot runs of the same scenario and
                           profile (default 50; 0 skips; skipped anyway when every seat was autopilot)
  --date YYYY-MM-DD        the exercise date (default: the header's date, else the file's time)
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

// [SECTION] Small helpers

namespace {

bool Has(const Options& o, const std::string& k) { return o.count(k) > 0; }
std::string Get(const Options& o, const std::string& k, const std::string& def = "")
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

bool WriteFile(const std::string& path, const std::string& text)
{
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    if (!f) return false;
    f.write(text.data(), (std::streamsize)text.size());
    return (bool)f.flush();
}

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

bool Verbose() { return spdlog::get_level() <= spdlog::level::debug; }

} // namespace

// [SECTION] compare

int Compare(const Positional& positional, const Options& options)
{
    if (positional.size() != 1) return UsageError("name one SCENARIO", kCompareHelp);
    CompareOptions co;
    co.scenario = positional[0];
    const std::string seeds = Get(options, "--seeds", "1..50");
    const size_t dots = seeds.find("..");
    uint64_t a = 1, b = 0;
    if (dots == std::string::npos ? !ParseU64(seeds, b) : !ParseU64(seeds.substr(0, dots), a) || !ParseU64(seeds.substr(dots + 2), b))
        return UsageError("--seeds must be A..B (or N for 1..N)", kCompareHelp);
    if (b < a) return UsageError("--seeds A..B needs A <= B", kCompareHelp);
    if (b - a >= 100000) return UsageError("--seeds: at most 100000 seeds", kCompareHelp);
    co.seed_first = a;
    co.seed_last = b;
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
    uint64_t n = 0;
    if (Has(options, "--threads")) {
        if (!ParseU64(Get(options, "--threads"), n) || n < 1 || n > 256) return UsageError("--threads must be between 1 and 256", kCompareHelp);
        co.threads = (unsigned)n;
    }
    if (Has(options, "--size")) {
        if (!ParseU64(Get(options, "--size"), n) || n < 1 || n > 1000000) return UsageError("--size must be between 1 and 1000000 hosts", kCompareHelp);
        co.size = (int64_t)n;
    }
    Progress progress(::isatty(2) == 1, Verbose());
    co.progress = [&](size_t done, size_t total) { progress.Update(done, total); };
    const CompareResult r = RunCompare(co);
    if (!r.error.empty()) {
        spdlog::error("{}", r.error);
        return 1;
    }
    spdlog::info("{} runs on {} thread(s) in {:.2f} s ({:.0f} runs/s)", r.runs.size(), r.threads, r.wall_seconds,
                 r.wall_seconds > 0 ? (double)r.runs.size() / r.wall_seconds : 0.0);
    for (const auto& run : r.runs)
        if (!run.error.empty()) spdlog::warn("seed {} ({}): {}", run.seed, OrgName(run.org), run.error);
    if (Has(options, "--json")) std::printf("%s\n", ToJson(r).dump(2).c_str());
    else std::printf("%s", FormatCompareText(r).c_str());
    if (Has(options, "-o")) {
        const std::string path = Get(options, "-o");
        if (!WriteFile(path, CompareHtml(r))) {
            spdlog::error("{}: cannot write the HTML page", path);
            return 1;
        }
        spdlog::info("HTML page written to {}", path);
    }
    return 0;
}

int Report(const Positional&, const Options&) { return 1; }
int History(const Positional&, const Options&) { return 1; }
std::string AfterRun(const std::vector<nlohmann::json>&, const Scorecard&, const Options&) { return ""; }

} // namespace bd::cli
