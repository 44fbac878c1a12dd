// runbook_pilot.h: an autopilot that follows its team's runbook (world/runbook.h).
//
// With `--runbook secops=FILE` the seat's autopilot keeps its triage desk, its investigations and
// its answers to the other team's tickets, but what it does about a confirmed attack is the
// runbook's, not its built-in response (docs/model.md, "Runbooks"): declaring the incident,
// containment, credentials, indicators, rebuilds, notifications. A runbook without a notification
// step notifies no one, and the scorecard shows what that cost.
//
// The runbook starts when the team first knows of an attack (a confirmed alert, a compromise its
// investigation found). Then its steps are taken in order, one command at a time, each when it can
// apply: a step whose selector finds nothing yet (no exposed account known) is passed over for now
// and taken when the team learns of one; a selector step is taken again for each new target (every
// compromised host is isolated). Each (step, target) is tried once: a command the engine would
// refuse as not now (the host is not running), duplicate or unknown is not posted; one the team may
// not make (SecOps reimaging) becomes a request to the team that may.
#pragma once
#include "sim/simulation.h"

#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace bd {

class RunbookPilot {
public:
    RunbookPilot(const Simulation& sim, Team team, const Runbook& runbook) : sim_(sim), team_(team), rb_(runbook) {}
    // The team knows of an attack: from now on the steps apply.
    void Start() { started_ = true; }
    bool Started() const { return started_; }
    // The next command the runbook calls for (step order, then target order) that was not tried
    // yet and that the engine would accept now, stamped as the autopilot's; nullopt when none.
    std::optional<Command> Next();

private:
    // The targets a step applies to now, from what the team knows, in the order it learnt them.
    std::vector<std::string> Targets(const RunbookStep& step) const;
    Command Make(const RunbookStep& step, size_t index, const std::string& target) const;

    const Simulation& sim_;
    Team team_;
    const Runbook& rb_;
    bool started_ = false;
    std::set<std::pair<size_t, std::string>> tried_; // (step, target)
};

} // namespace bd
