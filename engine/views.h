// views.h: what each seat may see. The only place a team's picture of the world is cut from it.
//
// ITOps sees its monitoring (symptoms, service health), the CMDB (every host and its state), its
// tickets and what it has found; SecOps sees its SIEM/EDR alerts, the hosts its sensors cover, its
// tickets and findings. With the converged profile both see both tools. Neither ever sees the
// ground truth: whether an alert is true, where the attacker is, what is encrypted or stolen until
// someone has found it. The facilitator's view is the ground truth.
#pragma once
#include "simulation.h"

#include <nlohmann/json.hpp>

namespace bd {

// The view of `team` (ITOps, SecOps or Facilitator) now, as JSON (docs/architecture.md lists the fields).
nlohmann::json TeamViewJson(const Simulation& sim, Team team);

// Can `team` see this alert in its tools?
bool TeamSeesAlert(const Simulation& sim, Team team, const Alert& alert);

} // namespace bd
