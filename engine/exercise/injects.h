// injects.h: the MSEL at run time: which injects were delivered, by whom, and whether the players
// did what each one expected of them (docs/authoring.md, "injects"; records: docs/journal.md).
//
// An inject is delivered once: by its time, by its condition (after another inject, an attacker
// stage, a team's command or the lack of one), by a facilitator's fire_inject command, by a script
// (Simulation::FireInject), or as the contingency of an inject whose expected action was missed.
// Delivery writes an "inject" record and puts it in the intended team's view (views.cpp). The
// expected action is met by the first matching command accepted after delivery (or before it: an
// action already taken counts at delivery), within expect_within_s; otherwise it is missed at the
// deadline and the contingency inject is delivered.
#pragma once
#include "sim/inject_book.h"
#include "world/world.h"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace bd {

class Simulation;
class RecordRef;
struct Inject;
struct InjectCondition;

const char* InjectOutcomeName(InjectOutcome o); // "none", "pending", "met", "missed"

// One line describing when an inject fires, for the MSEL and the facilitator's view: a time on the
// story clock (core/story_clock.h), "Mon 14:00 (T+06:00)", "12:00:00 after inject 3", "when stage 6 'SMB to the DC' succeeds", ...
std::string DescribeInjectTiming(const Inject& in, const struct Scenario& scenario);
// A combined trigger in words, as the MSEL and its CSV spell it (docs/formats.md): "all of [attacker
// stage 4 (NAME); no notify_authority gdpr by Mon 16:00 (T+08:00)]", "any of [...]", "inject 3 delivered",
// "declare_incident (secops) done", "from Mon 12:00 (T+04:00)"; interop/msel_import.cpp reads it back.
std::string DescribeInjectCondition(const InjectCondition& c, const struct Scenario& scenario);
// "declare_incident" / "isolate_host web-01 (secops)"; "" when nothing is expected.
std::string DescribeInjectAction(const Inject& in);
// A scenario time as "T+1d 04:00:00" (T+hh:mm:ss below a day); a moment people read goes through the
// story clock instead (StoryClock::At): this is for spans ("06:00:00 after", via substr(2)).
std::string FormatScenarioTime(SimTime t);

// [SECTION] Called by Simulation (simulation.cpp)
void InjectsStart(Simulation& sim);
void InjectsObserve(Simulation& sim, const RecordRef& record); // builds the record's JSON only when injects wait on records
void InjectDue(Simulation& sim, int32_t index);
void InjectDeadline(Simulation& sim, int32_t index);

} // namespace bd
