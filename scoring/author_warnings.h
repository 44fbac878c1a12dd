// author_warnings.h: the warnings `validate`, `new` and the app's editor add to the loader's, from
// what only the layers above the loader know: the attack path (engine/exercise/path_report.h) and the
// after-action report's rules for rating an objective (report.h ObjectiveRule).
#pragma once
#include "world/scenario.h"

#include <string>
#include <vector>

namespace bd {

// scenario.087 a stage no path reaches and scenario.089 an inject waiting for such a stage
// (AnalyzePaths), scenario.090 an objective no rule of the report rates and no inject names
// (ObjectiveRule). `file` labels them as the loader's problems are labelled. `s` is a scenario
// that loaded (LoadResult::Ok()).
std::vector<Problem> AuthorWarnings(const Scenario& s, const std::string& file);

} // namespace bd
