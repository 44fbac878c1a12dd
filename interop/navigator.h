// navigator.h: ATT&CK Navigator layers (format 4.5, attack-navigator's layers/spec): the techniques
// an exercise's attacker played, coloured and scored by what the defenders made of them
// (`breachdrill report JOURNAL --format navigator`), and for a comparison the share of runs in
// which each was detected, one layer per organisation profile (`breachdrill compare --navigator`).
// docs/formats.md, "ATT&CK Navigator layers", has the mapping.
//
// Only the journal's own technique ids are written, each as itself: a sub-technique never marks
// its parent, and an id the embedded ATT&CK v18.1 catalogue does not hold is left out with a warning.
#pragma once
#include "compare.h"
#include "coverage.h"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace bd {

// The versions every layer names: ATT&CK "18" (the embedded v18.1 tables), Navigator "5.1.0", layer "4.5".
inline constexpr const char* kNavigatorAttackVersion = "18";
inline constexpr const char* kNavigatorVersion = "5.1.0";
inline constexpr const char* kNavigatorLayerVersion = "4.5";

// A layer's score and colour per outcome: confirmed 3 (green), pending 2 (yellow), dismissed 1
// (orange), unseen 0 (red); the gradient runs through the same colours from 0 to 3, and the
// legend names each.
int NavigatorScore(CoverageOutcome o);
const char* NavigatorColor(CoverageOutcome o);

// The layer of one exercise from its journal records (the header names the scenario, seed and
// profile), its keys in the order of the format's property table. `warnings` gets a line for each technique id left out. Deterministic: the same
// journal gives the same layer, byte for byte once dumped.
nlohmann::ordered_json NavigatorLayer(const std::vector<nlohmann::json>& records, std::vector<std::string>* warnings = nullptr);

// For profile `org` of a comparison: each technique played in any of its runs, scored with the
// percentage of the runs that played it in which a tool raised a true alert of it (0..100, one
// decimal), with the counts (played, detected, confirmed) in its metadata. `warnings` as above.
nlohmann::ordered_json NavigatorCompareLayer(const CompareResult& r, OrgProfile org, std::vector<std::string>* warnings = nullptr);

// The file a profile's compare layer goes to: "cov.json" -> "cov-converged.json" ("cov" -> "cov-converged.json").
std::string NavigatorProfilePath(const std::string& path, OrgProfile org);

// The problems of a layer against format 4.5 as Breachdrill writes it: the required fields
// (name, domain "enterprise-attack", versions.layer "4.5", versions.navigator), every technique's
// id a real ATT&CK id, each score within the gradient's range, colours "#rrggbb". Empty: it is
// well-formed. For the tests and for anyone checking a layer by hand.
std::vector<std::string> CheckNavigatorLayer(const nlohmann::json& layer);

} // namespace bd
