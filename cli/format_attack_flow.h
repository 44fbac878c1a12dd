// format_attack_flow.h: the Attack Flow 2.0 rows of `breachdrill import` and `export`
// (cli/formats.cpp dispatches; the work is in interop/attack_flow.h).
#pragma once
#include "formats.h"

namespace bd::cli {

extern const char* const kImportAttackFlowHelp;
extern const char* const kExportAttackFlowHelp;
int ImportAttackFlow(const Positional& rest, const Options& options);
int ExportAttackFlow(const Positional& rest, const Options& options);

} // namespace bd::cli
