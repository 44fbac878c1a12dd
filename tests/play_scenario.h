// play_scenario.h: loads a built-in scenario (or "random") by id and plays it to the end with both
// autopilots, for tests that check what a whole run does. The loader's problems are shown if it fails.
#pragma once
#include "world/scenario.h"
#include "sim/simulation.h"

#include <catch2/catch.hpp>
#include <memory>
#include <string>

namespace bdtest {

inline std::unique_ptr<bd::Simulation> PlayScenario(const std::string& id, uint64_t seed, bd::OrgProfile org, int64_t size = 0)
{
    bd::LoadResult r = bd::LoadScenario(id, bd::LoadOptions{seed, size});
    std::string problems;
    for (const auto& p : r.problems) problems += p.Format() + "\n";
    INFO(problems);
    REQUIRE(r.Ok());
    bd::RunOptions ro;
    ro.seed = seed;
    ro.org = org;
    ro.size = size;
    ro.scenario_ref = id;
    auto sim = std::make_unique<bd::Simulation>(std::move(r.scenario), ro);
    std::string err;
    REQUIRE(sim->Start(err));
    sim->RunToEnd();
    return sim;
}

} // namespace bdtest
