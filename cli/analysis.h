// analysis.h: the CLI's after-the-exercise commands: compare, report, history (cli/analysis.cpp),
// and the hooks `run` uses to record an exercise in the history and place it against the
// autopilot baseline. main.cpp parses the command line and dispatches here.
#pragma once
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

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

// Each returns the process exit code: 0 ok, 1 bad input or a failed check, 2 bad usage.
int Compare(const Positional& positional, const Options& options);
int Report(const Positional& positional, const Options& options);
int History(const Positional& positional, const Options& options);

// For `run`, after the exercise: records it in the history database (unless --no-history; --db
// PATH overrides the place) when it finished, and returns the one-line placement against the
// autopilot baseline ("" when every seat was autopilot, or --baseline-seeds 0). Never fails the
// run: problems are logged as warnings.
std::string AfterRun(const std::vector<nlohmann::json>& records, const Scorecard& card, const Options& options);

} // namespace bd::cli
