// msel_import.h: the MSEL spreadsheet back into a scenario (`breachdrill import msel MSEL.csv
// --into SCENARIO_DIR`): the HSEEP columns that `breachdrill msel --csv` writes (msel_csv.h),
// read back into the scenario's injects. docs/formats.md, "The MSEL as a spreadsheet", has the
// mapping of each column.
//
// The sheet is the whole MSEL: its rows become the injects, in its order; an inject missing from
// it is removed, a new number is added. A field changes in scenario.json only when the sheet says
// something else than the scenario does, so the author's own spelling (a stage by name, a text as
// an array of lines, a default written out) survives, and every inject the sheet leaves as it was
// keeps its text byte for byte, and in a changed one only the changed members are rewritten, in
// place: `msel --csv` then `import msel` leaves scenario.json unchanged.
// Times read what `msel --csv` writes (`Mon 14:00 (T+06:00)`, `06:00:00 after inject 3`, ...) and
// the planners' relative form (`D+2 H+3 M+45`, as OpenAEV's spreadsheet import reads it). Story
// times are to the minute: a time the sheet gives in minutes equals a scenario time within that minute.
#pragma once
#include <string>
#include <vector>

namespace bd {

struct MselImportResult {
    // "FILE: row R, column "NAME": [msel.ID] problem" (or the scenario validator's own lines);
    // any error: nothing is to be written.
    std::vector<std::string> errors;
    std::vector<std::string> changes; // what changed, in words: "inject 3: Scenario time", "inject 9 added"
    std::string text;                 // the new scenario.json (the old one when nothing changed)
    bool changed = false;
    bool ok() const { return errors.empty(); }
};

// `csv_file` and `scenario_file` label the problems; the scenario text is validated after the
// change with the scenario's own loader (its script found beside `scenario_file`).
MselImportResult ImportMsel(const std::string& csv_file, const std::string& csv_text, const std::string& scenario_file,
                            const std::string& scenario_text);

// A span: "06:00:00", "1d 04:00:00", "04:00", or the relative "D+1 H+4 M+30" (each part optional,
// in that order, S+ for seconds). Whether seconds were given goes to *seconds_given. nullopt: not a span.
bool ParseMselSpan(const std::string& text, long long& seconds, bool* seconds_given = nullptr);

} // namespace bd
