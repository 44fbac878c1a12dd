// analysis.h: the CLI's after-the-exercise commands: compare, report, history (cli/analysis.cpp),
// whatif and merge (cli/sweeps.cpp),
// and the hooks `run` uses to record an exercise in the history and place it against the
// autopilot baseline. main.cpp parses the command line and dispatches here.
#pragma once
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "compare.h"
#include "core/write_file.h" // WriteFile: every command that writes -o

#include <cstdint>
#include <functional>
#include <optional>

namespace bd {
struct Scorecard;
}

namespace bd::cli {

// The parsed command line as main.cpp's Args holds it: positional arguments and --name value
// options (flags have the value "1").
using Positional = std::vector<std::string>;
using Options = std::map<std::string, std::string>;

extern const char* const kCompareHelp;
extern const char* const kReportHelp;
extern const char* const kHistoryHelp;

// The value of option `k`, or `def`.
std::string Get(const Options& o, const std::string& k, const std::string& def = "");
// A usage error: the problem, the command's usage line (the first line of `help`), where the rest is;
// returns exit code 2.
int UsageError(const std::string& message, const char* help);

// [SECTION] Helpers the analysis commands share (analysis.cpp; sweeps.cpp uses them)

bool Has(const Options& o, const std::string& k);
bool ParseU64(const std::string& s, uint64_t& out);
// Before any work: whether -o may be written (never over `input` or a journal: exit 2) and can be
// (exit 1, "cannot write WHAT: why"). `input_what` names the input in the refusal. nullopt: go on.
std::optional<int> CheckOutputOption(const Options& options, const std::string& input, const char* help, const char* what,
                                     const char* tail = "", const char* input_what = "the journal being read");
bool Verbose();
// A progress bar on stderr when it is a terminal (a line a second with -v), for RunCompare/RunWhatif.
std::function<void(size_t, size_t)> ProgressOnStderr();
// --seeds A..B (default 1..50; N means 1..N; at most 100000 seeds). nullopt: read; else the exit code.
std::optional<int> ParseSeedsOption(const Options& options, const char* help, uint64_t& first, uint64_t& last);
// --threads N, --size N, --set LIST (the sweep's options compare and whatif share).
std::optional<int> ParseRunOptions(const Options& options, const char* help, unsigned& threads, int64_t& size, std::vector<OrgChange>& changes);
// --shard K/N: needs -o, refuses --json. nullopt: read (or absent); else the exit code.
std::optional<int> ParseShardOption(const Options& options, const char* help, Shard& shard);
// Writes a shard's partial result to -o; the exit code.
std::optional<int> WritePartial(const Options& options, const nlohmann::json& part, size_t runs, Shard shard);
// A comparison's output: text or --json on stdout, and the page to -o. The exit code.
int PrintCompare(const CompareResult& r, const Options& options);

extern const char* const kWhatifHelp;
extern const char* const kMergeHelp;

// Each returns the process exit code: 0 ok, 1 bad input or a failed check, 2 bad usage.
int Compare(const Positional& positional, const Options& options);
int Report(const Positional& positional, const Options& options);
int History(const Positional& positional, const Options& options);
int Whatif(const Positional& positional, const Options& options); // sweeps.cpp
int Merge(const Positional& positional, const Options& options);  // sweeps.cpp

// For `run`, after the exercise: records it in the history database (unless --no-history; --db
// PATH overrides the place) when it finished, and returns the one-line placement against the
// autopilot baseline ("" when every seat was autopilot, or --baseline-seeds 0). Never fails the
// run: problems are logged as warnings.
std::string AfterRun(const std::vector<nlohmann::json>& records, const Scorecard& card, const Options& options);

} // namespace bd::cli
