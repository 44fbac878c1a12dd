// format_msel.cpp: `breachdrill import msel MSEL.csv --into SCENARIO_DIR`, the MSEL spreadsheet
// back into the scenario's injects (the work is interop/msel_import.h).
#include "formats.h"

#include "msel_import.h"

#include <spdlog/spdlog.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace bd::cli {

const char* const kImportMselHelp = R"(Usage: breachdrill import msel MSEL.csv --into SCENARIO_DIR [--dry-run]

Reads a Master Scenario Events List kept as a spreadsheet (CSV, RFC 4180: quoted fields, new lines
inside quotes, CRLF or LF, Excel's byte-order mark) back into the injects of SCENARIO_DIR/scenario.json.
The columns are the HSEEP ones `breachdrill msel SCENARIO --csv` writes, found by name in any order:
Inject number, Scenario time, Event synopsis, Intended player (required), Inject text, Responsible
controller, Expected action, Objective, Notes (when a column is missing, that field stays as it is).

The sheet is the whole MSEL: its rows become the injects in its order; an inject missing from it
is removed, a new number is added. Only what the sheet changes is rewritten, in place and in the
file's style: every other inject and field keeps its text byte for byte, so the diff is the edit,
and `msel --csv` then `import msel` leaves scenario.json unchanged.

Scenario time, as msel --csv writes it or as planners do:
  Mon 14:00 (T+06:00)   T+06:00   T+1d 04:00   D+1 H+4 M+30     at that time (to the minute)
  06:00:00 after inject 3    H+6 after attacker stage 2 (NAME)    first isolate_host web-01 (secops)
  T+2d 00:00 unless declare_incident by then    contingency of inject 4    by hand
Intended player: ITOps, SecOps, Facilitator or All players, and ": ROLE" (its title or id).
Expected action: KIND [TARGET] [(TEAM)] within SPAN (04:00:00, 1d 00:00:00, H+4).
Notes: a last line "Contingency: inject N if not done in time." sets the contingency.

Every problem names the file, the row (the header is row 1) and the column. The result is checked
with the scenario validator before anything is written, and refused with its messages. The old
file is kept as scenario.json.bak; the new one is written beside it and renamed into place.

Options:
  --into DIR               the scenario folder (or its scenario.json) whose injects are replaced
  --dry-run                say what would change, write nothing
)";

namespace {

bool MselCliRead(const std::string& path, std::string& out)
{
    std::ifstream f(path, std::ios::binary);
    if (!f) return false;
    std::stringstream s;
    s << f.rdbuf();
    out = s.str();
    return true;
}

} // namespace

int ImportMselCommand(const Positional& rest, const Options& options)
{
    if (rest.size() != 1) return UsageError("name one MSEL.csv", kImportMselHelp);
    if (!Has(options, "--into")) return UsageError("--into SCENARIO_DIR: which scenario's injects to replace", kImportMselHelp);
    namespace fs = std::filesystem;
    const std::string csv_path = rest[0];
    fs::path scenario = Get(options, "--into");
    std::error_code ec;
    if (fs::is_directory(scenario, ec)) scenario /= "scenario.json";
    if (!fs::is_regular_file(scenario, ec)) {
        spdlog::error("{}: no scenario.json there (--into names a scenario folder)", scenario.string());
        return 1;
    }
    if (fs::exists(csv_path, ec) && fs::equivalent(csv_path, scenario, ec))
        return UsageError("[output.is_input] " + csv_path + " is the scenario itself: name the MSEL's CSV file", kImportMselHelp);
    std::string csv, text;
    if (!MselCliRead(csv_path, csv)) {
        spdlog::error("{}: cannot read the MSEL", csv_path);
        return 1;
    }
    if (!MselCliRead(scenario.string(), text)) {
        spdlog::error("{}: cannot read the scenario", scenario.string());
        return 1;
    }
    const MselImportResult r = ImportMsel(csv_path, csv, scenario.string(), text);
    for (const auto& e : r.errors) std::fprintf(stderr, "%s\n", e.c_str());
    if (!r.ok()) return 1;
    for (const auto& c : r.changes) std::printf("%s\n", c.c_str());
    if (!r.changed) {
        std::printf("%s: unchanged (the sheet says what the scenario says)\n", scenario.string().c_str());
        return 0;
    }
    if (Has(options, "--dry-run")) {
        std::printf("%s: would be rewritten (--dry-run: nothing written)\n", scenario.string().c_str());
        return 0;
    }
    const std::string backup = scenario.string() + ".bak", tmp = scenario.string() + ".tmp";
    if (const std::string why = WriteFile(backup, text); !why.empty()) {
        spdlog::error("{}: cannot keep the backup: {} (nothing written)", backup, why);
        return 1;
    }
    if (const std::string why = WriteFile(tmp, r.text); !why.empty()) {
        spdlog::error("{}: cannot write: {} (scenario.json untouched)", tmp, why);
        return 1;
    }
    fs::rename(tmp, scenario, ec);
    if (ec) {
        spdlog::error("{}: cannot replace it: {} (the new text is in {})", scenario.string(), ec.message(), tmp);
        return 1;
    }
    std::printf("%s: written (the old one is %s)\n", scenario.string().c_str(), backup.c_str());
    return 0;
}

} // namespace bd::cli
