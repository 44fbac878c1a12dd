// timeline.h: the key moments of an exercise, for the scorecard's TIMELINE section and the UI.
//
// The timeline is derived from a Scorecard (no journal access of its own): its milestones (attack
// start, first tool detection, detection, containment, recovery, end) and its raw moments
// (encryption, exfiltration, notifications), merged and sorted by time.
#pragma once
#include "scorecard.h"

#include <vector>

namespace bd {

// The key moments, sorted by time; equal times keep the order of the story (attack start, tool
// detection, detection, moments in journal order, containment, recovery, end). Of each kind of
// raw moment at most `max_per_kind` are listed one by one; the rest become one summary entry
// ("... and 12 more hosts encrypted, the last at 1d 02:00:00") at the time of the last of them.
// max_per_kind 0 lists every moment.
std::vector<TimelineEntry> BuildTimeline(const Scorecard& card, size_t max_per_kind = 3);

// A `technique` record in words, for the report's timeline and the app: what it hit (`target`),
// from where (`host`), why it failed: "T1486 Servers encrypted on fs-01, erp-db-01 from dc-01",
// "T1003.001 Dump, stealing adm-jdoe from ws-01", "T1041 Send, store erp-db from db-01",
// "T1490 Backups deleted from ws-001 (failed: no reachable target)". At most five targets are
// named ("... and 12 more"). A journal from before `target` names the host it gives.
std::string TechniqueLabel(const nlohmann::json& technique_record);

} // namespace bd
