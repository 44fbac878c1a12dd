// autopilot.h: the built-in ITOps and SecOps responders (autopilot.cpp). Each wakes on its own
// cadence, reads what its seat may see and posts commands like a player (docs/authoring.md).
#pragma once
#include "sim/simulation.h"

#include <memory>

namespace bd {

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
