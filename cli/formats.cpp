// formats.cpp: the import and export commands dispatch on their first argument, the format.
#include "formats.h"

#include <cstdio>
#include <string>

namespace bd::cli {

extern const FormatCommand kCacaoImport, kCacaoExport; // format_cacao.cpp

namespace {

// [SECTION] The formats. One row each; the command is in cli/format_*.cpp.
// (Rows are added as the formats land: attack-flow, msel, cacao.)
const FormatCommand kImports[] = {
    kCacaoImport,
    {nullptr, nullptr, nullptr},
};
const FormatCommand kExports[] = {
    kCacaoExport,
    {nullptr, nullptr, nullptr},
};

std::string Names(const FormatCommand* table, size_t n)
{
    std::string s;
    for (size_t i = 0; i < n; ++i)
        if (table[i].format) s += std::string(s.empty() ? "" : ", ") + table[i].format;
    return s.empty() ? "(none yet)" : s;
}

template <size_t N>
int Dispatch(const FormatCommand (&table)[N], const char* help, const Positional& positional, const Options& options)
{
    if (positional.empty()) return UsageError("which format? one of: " + Names(table, N), help);
    for (const auto& f : table) {
        if (!f.format || positional[0] != f.format) continue;
        if (Has(options, "--help") || Has(options, "-h")) { std::fputs(f.help, stdout); return 0; }
        return f.run(Positional(positional.begin() + 1, positional.end()), options);
    }
    return UsageError("unknown format '" + positional[0] + "': one of " + Names(table, N), help);
}

} // namespace

const char* const kImportHelp = R"(Usage: breachdrill import FORMAT FILE [OPTIONS]

Reads a file of the field into Breachdrill's own: `breachdrill import FORMAT --help` says how.
Formats and their mapping tables: docs/formats.md.
)";

const char* const kExportHelp = R"(Usage: breachdrill export FORMAT JOURNAL [OPTIONS]

Writes what happened in an exercise in a format of the field: `breachdrill export FORMAT --help`
says how. Formats and their mapping tables: docs/formats.md.
)";

int Import(const Positional& positional, const Options& options) { return Dispatch(kImports, kImportHelp, positional, options); }
int Export(const Positional& positional, const Options& options) { return Dispatch(kExports, kExportHelp, positional, options); }

} // namespace bd::cli
