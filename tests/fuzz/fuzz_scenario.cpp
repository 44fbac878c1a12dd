// fuzz_scenario.cpp: libFuzzer target for the scenario loader and validator (BREACHDRILL_FUZZ).
//
// One input = the text of a scenario.json. LoadScenarioText parses, builds the world and runs
// every check; the contract under test is that it never crashes, never throws, never reports
// scenario.000 (an internal error), and stays within the limits of docs/reliability.md. A small
// scenario it accepts is then played for two simulated days with both autopilots: whatever the
// loader lets through, the engine must survive. scripts/fuzz.sh runs it;
// a crasher goes to tests/fuzz/regressions/scenario/, which test_fuzz_regressions.cpp replays.
#include "world/scenario.h"
#include "sim/simulation.h"

#include <algorithm>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstdio>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const std::string text(reinterpret_cast<const char*>(data), size);
    bd::LoadOptions options;
    options.seed = 7;
    const bd::LoadResult r = bd::LoadScenarioText(text, "fuzz.json", options);
    for (const auto& p : r.problems) {
        if (p.id == "scenario.000") {
            std::fprintf(stderr, "internal error: %s\n", p.Format().c_str());
            std::abort();
        }
        (void)p.Format();
    }
    if (!r.Ok() || r.scenario.world.hosts.size() > 500) return 0;
    bd::RunOptions run;
    run.seed = 7;
    bd::Simulation sim(r.scenario, run);
    std::string error;
    if (!sim.Start(error)) return 0;
    sim.AdvanceTo(std::min<bd::SimTime>(r.scenario.duration_s, 2 * bd::kDay));
    (void)sim.StateHash();
    return 0;
}
