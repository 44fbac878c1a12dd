// play_scenario.h: loads a built-in scenario (or "random") by id and plays it to the end with both
// autopilots, for tests that check what a whole run does. The loader's problems are shown if it fails.
#pragma once
#include "world/scenario.h"
#include "sim/simulation.h"

#include <catch2/catch.hpp>
#include <memory>
#include <string>

namespace bdtest {

// Plays a scenario already loaded (`ref` is what the journal's header names).
inline std::unique_ptr<bd::Simulation> PlayLoaded(bd::Scenario scenario, const std::string& ref, uint64_t seed, bd::OrgProfile org,
                                                  int64_t size = 0)
{
    bd::RunOptions ro;
    ro.seed = seed;
    ro.org = org;
    ro.size = size;
    ro.scenario_ref = ref;
    auto sim = std::make_unique<bd::Simulation>(std::move(scenario), ro);
    std::string err;
    if (!sim->Start(err)) FAIL("Start: " << err);
    sim->RunToEnd();
    return sim;
}

inline std::unique_ptr<bd::Simulation> PlayScenario(const std::string& id, uint64_t seed, bd::OrgProfile org, int64_t size = 0)
{
    bd::LoadResult r = bd::LoadScenario(id, bd::LoadOptions{seed, size});
    std::string problems;
    for (const auto& p : r.problems) problems += p.Format() + "\n";
    INFO(problems);
    REQUIRE(r.Ok());
    return PlayLoaded(std::move(r.scenario), id, seed, org, size);
}

} // namespace bdtest
