// detection.h: sensors, telemetry, symptoms and noise (detection.cpp).
#pragma once
#include "sim/simulation.h"

#include <string>
#include <vector>

namespace bd {

struct Technique; // world/attack_catalog.h

// Builds the sensors' tables (Simulation::sensor_techniques, sensor_hosts) and starts their noise.
void DetectionStart(Simulation& sim);
// A technique ran on a host: every sensor there (and on its zone) that observes one of the
// technique's data components may raise an alert after its delay.
void EmitTelemetry(Simulation& sim, HostId host, const std::string& technique);
// A monitoring symptom for ITOps (a service down, CPU high, disk filling).
void EmitSymptom(Simulation& sim, HostId host, const std::string& summary, int severity, bool attacker_caused);
void FalsePositiveDue(Simulation& sim, int32_t sensor_type);
// The detection model, for reports before a run: the ATT&CK data components through which sensor
// type `s` can see technique `t` (those it observes that the technique has; sorted). Empty: it never
// alerts on it. A symptoms sensor sees no technique.
std::vector<std::string> ObservedComponents(const SensorType& s, const Technique& t);

} // namespace bd
