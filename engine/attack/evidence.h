// evidence.h: what a tool shows about an alert, to triage on (AlertEvidence, world/world.h).
//
// The engine writes it when it raises the alert, from the technique, the data component the sensor
// observed it by (ATT&CK v18.1: a process creation shows the process, its parent, the command line
// and the user; a network flow the source and destination; a logon the account and where from), the
// host, its user, and what the attacker holds. It draws nothing from the simulation's generator:
// the variety (a process id, a file name) comes from a hash of the seed and the alert, so evidence
// changes no run. A false positive gets the same fields, filled with what an ordinary day shows.
#pragma once
#include "sim/simulation.h"

namespace bd {

// Fills alert.evidence for an alert of sensor `a.sensor` on `a.host` about `a.technique` (a symptom:
// no technique). `nth` makes alerts raised in the same instant differ.
void FillEvidence(const Simulation& sim, Alert& a, uint64_t nth);

} // namespace bd
