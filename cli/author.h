// author.h: the CLI's commands for scenario authors: `new` (a scenario folder from the template or
// a copy, cli/author.cpp) and the path report of `describe --paths` (cli/describe_paths.cpp).
// main.cpp parses the command line and dispatches here.
#pragma once
#include "analysis.h"

namespace bd {
struct Scenario;
}

namespace bd::cli {

extern const char* const kNewHelp;

// `breachdrill new DIR [--from ID|PATH] [--id ID] [--title TEXT]`; the exit code.
int New(const Positional& positional, const Options& options);

} // namespace bd::cli
