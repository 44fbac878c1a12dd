// msel.h: the scenario's injects as a Master Scenario Events List (MSEL), with the HSEEP columns,
// for a facilitator's printout (`breachdrill msel SCENARIO`; the CSV is interop/msel_csv.h).
#pragma once
#include "world/scenario.h"

#include <string>
#include <vector>

namespace bd {

// One MSEL row: every field is text, in the HSEEP column order of MselColumns().
struct MselRow {
    std::string number, time, synopsis, text, controller, player, expected, objective, notes;
};

// "Inject number", "Scenario time", "Event synopsis", "Inject text", "Responsible controller",
// "Intended player", "Expected action", "Objective", "Notes".
const std::vector<std::string>& MselColumns();

// The scenario's injects in file order. Timed injects show their time (T+1d 06:00:00);
// conditional ones say what they wait for ("2h after inject 3", "attacker stage 7 (...)", counted from 1 as people read stages).
std::vector<MselRow> BuildMsel(const Scenario& scenario);

// A plain-text listing for a terminal: one block per inject.
std::string MselText(const Scenario& scenario, const std::vector<MselRow>& rows);

} // namespace bd
