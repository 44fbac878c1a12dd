// inject_book.h: the MSEL's run-time state, owned by the Simulation: which injects were delivered,
// by whom, and whether what each expected was done. exercise/injects.cpp keeps it (delivery,
// conditions, expectations); the views and the scorer read it.
#pragma once
#include "world/world.h"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace bd {

enum class InjectOutcome : uint8_t { None, Pending, Met, Missed }; // None: nothing expected

struct InjectStatus {
    bool delivered = false;
    SimTime delivered_at = -1;
    std::string by;             // "schedule", "condition", "facilitator", "script"
    bool triggered = false;     // its condition came true (delivery may be delayed)
    bool unless_satisfied = false; // Unless: the watched command came in time, so it never fires
    SimTime due_at = -1;        // Combined: when it is delivered (its condition's moment + delay_s)
    InjectOutcome outcome = InjectOutcome::None;
    SimTime outcome_at = -1;
    uint64_t command = 0;       // the command that met the expectation
};

// A command accepted by the engine, as the inject book remembers it.
struct AcceptedCommand {
    uint64_t id = 0;
    SimTime t = 0;
    std::string kind, team, target, value;
};

// The run-time state of the MSEL, owned by the Simulation (one status per scenario inject, same order).
struct InjectBook {
    std::vector<InjectStatus> status;
    std::vector<AcceptedCommand> accepted; // every accepted command, in order
    nlohmann::json last_command;           // the last "command" record's cmd, until its result comes
    std::vector<bool> stages_reached;      // by stage index: the attacker has succeeded at it (combined triggers)
};

} // namespace bd
