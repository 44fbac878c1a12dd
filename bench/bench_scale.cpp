// bench_scale.cpp: a generated estate (the scenario's host groups scaled by --size), loaded, then
// played from start to end with autopilot ITOps and SecOps teams, as `breachdrill run --size` does.
// Reports the load time, the run time, the events processed and the peak memory.
#include "world/attack_catalog.h"
#include "bench_common.h"
#include "world/scenario.h"
#include "sim/simulation.h"

#include <cstdio>

namespace bench {

int Scale(const Args& args)
{
    const std::string ref = args.Get("scenario", "ransomware-phish");
    const int64_t size = args.Int("size", 100000);
    const uint64_t seed = (uint64_t)args.Int("seed", 1);
    const std::string org = args.Get("org", "siloed");
    const double t0 = Seconds();
    bd::LoadResult lr = bd::LoadScenario(ref, bd::LoadOptions{seed, size});
    const double t1 = Seconds();
    if (!lr.Ok()) {
        for (const auto& p : lr.problems) std::fprintf(stderr, "%s\n", p.Format().c_str());
        return 1;
    }
    const size_t hosts = lr.scenario.world.hosts.size();
    bd::RunOptions ro;
    ro.seed = seed;
    ro.size = size;
    ro.org = bd::ParseOrg(org).value_or(bd::OrgProfile::Siloed);
    ro.scenario_ref = ref;
    ro.journal_path = args.Get("journal", "");
    bd::Simulation sim(std::move(lr.scenario), ro);
    uint64_t records = 0;
    std::string err;
    const double t2 = Seconds(), c2 = CpuSeconds();
    if (!sim.Start(err)) { std::fprintf(stderr, "breachdrill-bench scale: %s\n", err.c_str()); return 1; }
    sim.RunToEnd();
    const double t3 = Seconds(), c3 = CpuSeconds();
    records = sim.journal().Records().size();
    nlohmann::json out = {{"bench", "scale"}, {"scenario", ref}, {"size", size}, {"hosts", hosts}, {"seed", seed},
                          {"org", org}, {"load_s", t1 - t0}, {"run_s", t3 - t2}, {"run_cpu_s", c3 - c2}, {"sim_end_s", sim.Now()},
                          {"end", bd::EndReasonName(sim.EndedBecause())}, {"journal_records", records},
                          {"alerts", sim.world().alerts.size()}, {"state_hash", sim.StateHashHex()},
                          {"peak_rss_kb", PeakRssKb()}};
    std::puts(out.dump().c_str());
    return 0;
}

} // namespace bench
