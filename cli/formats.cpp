// formats.cpp: the import and export commands dispatch on their first argument, the format.
#include "formats.h"

#include "format_attack_flow.h"

#include <cstdio>
#include <string>

namespace bd::cli {

extern const FormatCommand kCacaoImport, kCacaoExport; // format_cacao.cpp

namespace {

// [SECTION] The formats. One row each; the command is in cli/format_*.cpp.
// (Rows are added as the formats land: attack-flow, msel, cacao.)
const FormatCommand kImports[] = {
    {"attack-flow", kImportAttackFlowHelp, ImportAttackFlow},
    {"msel", kImportMselHelp, ImportMselCommand},
    kCacaoImport,
    {nullptr, nullptr, nullptr},
};
const FormatCommand kExports[] = {
    {"attack-flow", kExportAttackFlowHelp, ExportAttackFlow},
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

Formats:
  attack-flow FLOW.json -o DIR      a MITRE Attack Flow 2.0 incident as a scenario folder
  msel MSEL.csv --into DIR          a spreadsheet MSEL (HSEEP columns) back into a scenario's injects
  cacao PLAYBOOK.json -o RUNBOOK    an OASIS CACAO v2 playbook as a team's runbook (--runbook)

Their mapping tables: docs/formats.md.
)";

const char* const kExportHelp = R"(Usage: breachdrill export FORMAT JOURNAL [OPTIONS]

Writes what happened in an exercise in a format of the field: `breachdrill export FORMAT --help`
says how.

Formats:
  attack-flow JOURNAL -o FLOW.json          what the attacker did, as a MITRE Attack Flow 2.0 bundle
  cacao JOURNAL --team T -o PLAYBOOK.json   what a team did, as an OASIS CACAO v2 playbook

The report as PDF or an ATT&CK Navigator layer: `breachdrill report JOURNAL --format pdf|navigator`.
Mapping tables: docs/formats.md.
)";

int Import(const Positional& positional, const Options& options) { return Dispatch(kImports, kImportHelp, positional, options); }
int Export(const Positional& positional, const Options& options) { return Dispatch(kExports, kExportHelp, positional, options); }

} // namespace bd::cli
