// author.h: the CLI's commands for scenario authors: `new` (a scenario folder from the template or
// a copy, cli/author.cpp) and the path report of `describe --paths` (cli/describe_paths.cpp).
// main.cpp parses the command line and dispatches here.
#pragma once
#include "analysis.h"

#include "author_warnings.h"
#include "world/scenario.h"

namespace bd::cli {

extern const char* const kNewHelp;

// `breachdrill new DIR [--from ID|PATH] [--id ID] [--title TEXT]`; the exit code.
int New(const Positional& positional, const Options& options);

// The `--paths` part of describe: the estate and the attack path (bd::AnalyzePaths, engine/exercise/
// path_report.h), in columns that fit a 100-column terminal.
std::string DescribePaths(const Scenario& s);

// The warnings `validate` and `new` add to the loader's (scoring/author_warnings.h; the app's
// editor shows the same).
using bd::AuthorWarnings;

// `head` then `text` wrapped at word boundaries to `width` columns, continuation lines indented by
// `indent` spaces; ends with a new line. A word longer than a line is left whole.
std::string Wrapped(const std::string& head, const std::string& text, size_t indent, size_t width = 100);

} // namespace bd::cli
