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
#include "world/world.h"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace bd {

class Simulation;
class RecordRef;
struct Inject;

enum class InjectOutcome : uint8_t { None, Pending, Met, Missed }; // None: nothing expected
const char* InjectOutcomeName(InjectOutcome o); // "none", "pending", "met", "missed"

struct InjectStatus {
    bool delivered = false;
    SimTime delivered_at = -1;
    std::string by;             // "schedule", "condition", "facilitator", "script"
    bool triggered = false;     // its condition came true (delivery may be delayed)
    bool unless_satisfied = false; // Unless: the watched command came in time, so it never fires
    InjectOutcome outcome = InjectOutcome::None;
    SimTime outcome_at = -1;
    uint64_t command = 0;       // the command that met the expectation
};

// A command accepted by the engine, as the inject book remembers it.
struct AcceptedCommand {
    uint64_t id = 0;
    SimTime t = 0;
    std::string kind, team, target;
};

// The run-time state of the MSEL, owned by the Simulation (one status per scenario inject, same order).
struct InjectBook {
    std::vector<InjectStatus> status;
    std::vector<AcceptedCommand> accepted; // every accepted command, in order
    nlohmann::json last_command;           // the last "command" record's cmd, until its result comes
};

// One line describing when an inject fires, for the MSEL and the facilitator's view:
// "T+06:00:00", "12 after inject 3", "when stage 6 'SMB to the DC' succeeds", ...
std::string DescribeInjectTiming(const Inject& in, const struct Scenario& scenario);
// "declare_incident" / "isolate_host web-01 (secops)"; "" when nothing is expected.
std::string DescribeInjectAction(const Inject& in);
// Scenario time as "T+1d 04:00:00" (T+hh:mm:ss below a day).
std::string FormatScenarioTime(SimTime t);

// [SECTION] Called by Simulation (simulation.cpp)
void InjectsStart(Simulation& sim);
void InjectsObserve(Simulation& sim, const RecordRef& record); // builds the record's JSON only when injects wait on records
void InjectDue(Simulation& sim, int32_t index);
void InjectDeadline(Simulation& sim, int32_t index);

} // namespace bd
