// formats.h: `breachdrill import FORMAT ...` and `breachdrill export FORMAT ...`, the field's file
// formats (docs/formats.md). Each format's command lives in its own file (cli/format_*.cpp) and has
// one row in the tables of cli/formats.cpp; the work itself is in interop/.
#pragma once
#include "analysis.h"

namespace bd::cli {

extern const char* const kImportHelp;
extern const char* const kExportHelp;

// `positional` starts with the format's name ("attack-flow", "msel", ...).
int Import(const Positional& positional, const Options& options);
int Export(const Positional& positional, const Options& options);

// One format's side of import or export: its name, its --help text, and the command.
struct FormatCommand {
    const char* format;
    const char* help;
    int (*run)(const Positional& rest, const Options& options); // rest: the arguments after FORMAT
};

// [SECTION] The formats' commands (cli/format_*.cpp)
extern const char* const kImportMselHelp;
int ImportMselCommand(const Positional& rest, const Options& options); // format_msel.cpp

} // namespace bd::cli
