// attacker.h: the campaign, played stage by stage over paths that exist (attacker.cpp).
// Called by the event loop (run/) and by the response commands (block_indicator, investigate_host).
#pragma once
#include "sim/simulation.h"

#include <string>
#include <vector>

namespace bd {

void AttackerStart(Simulation& sim);
// a = -1: start the current stage; a >= 0: the attempt at stage a completes. b: the attempt's token.
void AttackerStep(Simulation& sim, int32_t a, int32_t b);
void AttackerC2Rebuilt(Simulation& sim);
// A C2 indicator was blocked at the perimeter.
void AttackerIndicatorBlocked(Simulation& sim, const std::string& indicator);
// Hosts the attacker reached from `h` (for forensics), sorted.
std::vector<HostId> LinkedHosts(const World& w, HostId h);

} // namespace bd
