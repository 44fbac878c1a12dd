// coverage.h: the ATT&CK coverage of an exercise, from its journal alone: each technique the
// attacker played, which tools saw it, and what the defenders made of what they saw (for the
// ATT&CK Navigator layers of interop/navigator.h, and per run in compare).
//
//   std::vector<bd::TechniqueCoverage> c = bd::ComputeCoverage(records);
//
// A technique counts only as the journal names it: its `technique` records give the ids (a
// sub-technique is itself, never its parent), and only an alert that is a true positive and names
// one of those ids counts as seeing it. Noise that happens to name a technique is not coverage.
#pragma once
#include "scorecard.h"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace bd {

// What became of a technique, best first. Confirmed: a true alert of it was triaged as real.
// Pending: alerted, but no alert of it was triaged (still in the queue at the end). Dismissed:
// every triaged alert of it was marked a false alarm. Unseen: no tool raised a true alert of it.
enum class CoverageOutcome { Confirmed, Pending, Dismissed, Unseen };
const char* CoverageOutcomeName(CoverageOutcome o); // "confirmed", "pending", "dismissed", "unseen"

// One tool that saw a technique: the sensor id the alert records name, and the team it alerts.
struct CoverageSensor {
    std::string sensor, team;
    int64_t alerts = 0;
};

struct TechniqueCoverage {
    std::string technique;             // "T1566.001", as the journal wrote it
    std::vector<std::string> actions;  // the stage actions it was played as ("initial_access"), first seen first
    std::vector<std::string> stages;   // the stage names, first seen first
    int64_t attempts = 0, successes = 0;
    ScoreTime first_t = 0;             // its first attempt
    std::optional<ScoreTime> first_alert_t; // its first true alert
    int64_t alerts = 0, confirmed = 0, dismissed = 0; // true alerts; of them triaged real / false alarm
    std::vector<CoverageSensor> sensors; // by first alert
    CoverageOutcome outcome = CoverageOutcome::Unseen;
    bool Detected() const { return alerts > 0; }
};

// Every technique of the journal's `technique` records, in the order of its first attempt.
std::vector<TechniqueCoverage> ComputeCoverage(const std::vector<nlohmann::json>& records);

} // namespace bd
