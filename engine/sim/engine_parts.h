// engine_parts.h: the engine's internal parts, called by Simulation's event loop.
// Not for use outside engine/: the public surface is simulation.h, views.h and scenario.h.
#pragma once
#include "sim/simulation.h"

namespace bd {

// [SECTION] attacker.cpp: the campaign, played stage by stage over paths that exist.
void AttackerStart(Simulation& sim);
// a = -1: start the current stage; a >= 0: the attempt at stage a completes. b: the attempt's token.
void AttackerStep(Simulation& sim, int32_t a, int32_t b);
void AttackerC2Rebuilt(Simulation& sim);
// A C2 indicator was blocked at the perimeter.
void AttackerIndicatorBlocked(Simulation& sim, const std::string& indicator);
// Hosts the attacker reached from `h` (for forensics), sorted.
std::vector<HostId> LinkedHosts(const World& w, HostId h);

// [SECTION] detection.cpp: sensors, telemetry, symptoms and noise.
void DetectionStart(Simulation& sim);
// A technique ran on a host: every sensor there (and on its zone) that observes one of the
// technique's data components may raise an alert after its delay.
void EmitTelemetry(Simulation& sim, HostId host, const std::string& technique);
// A monitoring symptom for ITOps (a service down, CPU high, disk filling).
void EmitSymptom(Simulation& sim, HostId host, const std::string& summary, int severity, bool attacker_caused);
void FalsePositiveDue(Simulation& sim, int32_t sensor_type);

// [SECTION] operations.cpp: operations events (faulty vendor updates), not an attack.
void OperationsStart(Simulation& sim);
// phase 0: the event happens; 1: its hosts come back by themselves (recover_after_s).
void OperationsDue(Simulation& sim, int32_t index, int32_t phase);
// The index of the scenario's operations event with this name, or kNone.
int32_t FindOperationsEvent(const Scenario& s, std::string_view name);
// rollback_update's effect: every host still down from the event comes back. Returns how many.
int OperationsRollback(Simulation& sim, int32_t index);
// The event happened and none of its hosts is still down from it (rolled back, recovered, rebuilt).
bool OperationsResolved(const World& w, int32_t index);
// The operations event whose monitoring symptom this (delivered) alert is, or kNone.
int32_t OperationsEventOfSymptom(const Simulation& sim, const Alert& a);

// [SECTION] autopilot.cpp
class Autopilot {
public:
    Autopilot(Simulation& sim, Team team, const AutopilotParams& params, uint64_t seed);
    ~Autopilot();
    void Wake();
    struct State;

private:
    std::unique_ptr<State> s_;
};

} // namespace bd
