// pre_attack.h: the stages before initial access (pre_attack.cpp): reconnaissance (TA0043) and
// resource development (TA0042), played from outside the estate. They take time (the stage's
// duration, retried after a failed roll like any stage), compromise no host and need no C2 channel.
// Reconnaissance touches the estate's internet-facing hosts (those in a zone an internet zone has a
// flow into, matching the stage's target), and each of them may raise an alert in a sensor there
// that observes one of the technique's data components (active scanning T1595: network traffic).
// Resource development happens on the attacker's own infrastructure: nothing inside the estate sees it.
#pragma once
#include "sim/simulation.h"

#include <string>
#include <vector>

namespace bd {

// The estate hosts a pre-attack stage touches, in host order: for reconnaissance, the running
// internet-facing hosts that match its target; for resource development, none.
std::vector<HostId> PreAttackTargets(const World& w, const Stage& st);

// The attempt at pre-attack stage `stage` completes: rolls success, writes its `technique` record
// (host "": from outside; target: the hosts it touched) and emits telemetry on those hosts. Returns
// "" when it succeeded, else why it failed; `touched` is set to the ids it touched (for the outcome).
std::string PreAttackAttempt(Simulation& sim, int stage, const Stage& st, std::vector<std::string>& touched);

} // namespace bd
