// suggest.h: "did you mean" for an id nobody defined: the one or two known ids closest to what was
// written (a typo, a missing dash, a dropped digit), for the loader's problems
// ("[scenario.012] host 'dc01' is not defined (did you mean 'dc-01'?)").
//
// Close means: the same once case, '-', '_', '.' and spaces are set aside ("DC_01" for "dc-01"), or
// at most `edits` single-character edits (inserted, deleted, changed): by default 2 for an id of 5
// characters or more, 1 for a shorter one; ATT&CK ids, whose every digit means something, take 1
// ("T1003.01" for "T1003.001", not "T1199" for "T9999"). No suggestion rather than a far-fetched one.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace bd {

// The Levenshtein distance of a and b, or limit + 1 as soon as it is known to exceed `limit`.
size_t EditDistance(std::string_view a, std::string_view b, size_t limit);

// The known ids close to `wrong` (the rules above), the closest first (ties by id), at most `max`.
// `known` in any order: the result does not depend on it.
// `edits` 0: the default for the id's length.
std::vector<std::string> ClosestIds(std::string_view wrong, const std::vector<std::string>& known, size_t max = 2, size_t edits = 0);

// " (did you mean 'dc-01'?)", " (did you mean 'T1003.001' or 'T1003.002'?)", or "" when nothing is close.
std::string DidYouMean(std::string_view wrong, const std::vector<std::string>& known, size_t edits = 0);

} // namespace bd
