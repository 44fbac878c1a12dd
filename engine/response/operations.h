// operations.h: operations events (faulty vendor updates), failures that are not an attack
// (operations.cpp). The scenario's events are looked up with FindOperationsEvent (world/scenario.h).
#pragma once
#include "sim/simulation.h"

namespace bd {

void OperationsStart(Simulation& sim);
// phase 0: the event happens; 1: its hosts come back by themselves (recover_after_s).
void OperationsDue(Simulation& sim, int32_t index, int32_t phase);
// rollback_update's effect: every host still down from the event comes back. Returns how many.
int OperationsRollback(Simulation& sim, int32_t index);
// The event happened and none of its hosts is still down from it (rolled back, recovered, rebuilt).
bool OperationsResolved(const World& w, int32_t index);
// The operations event whose monitoring symptom this (delivered) alert is, or kNone.
int32_t OperationsEventOfSymptom(const Simulation& sim, const Alert& a);

} // namespace bd
