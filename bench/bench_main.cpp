// breachdrill-bench: the benchmarks of bench/README.md. Each subcommand prints one JSON line with
// at least run_s, events, events_per_s and peak_rss_kb.
#include "bench_common.h"

#include <cstdio>
#include <cstring>

namespace {
const char* kHelp = R"(Usage: breachdrill-bench COMMAND [--option value ...]

Commands (each prints one JSON line: run_s, events, events_per_s, peak_rss_kb, ...):
  timers   [--timers 10000] [--events 20000000] [--mean 3600] [--seed 1] [--queue sim|heap4|stdheap]
           self-rescheduling timers with exponential delays through Simulation::Schedule/AdvanceTo
           (--queue sim, the default); heap4 / stdheap: the bare queue types alone, for reference
  lateral  --hosts N [--seed S] [--days 7] [--journal FILE]
           the lateral-movement model on the engine (compare: bench/lateral_simpy.py)
  scale    [--scenario ransomware-phish] [--size 100000] [--seed 1] [--org siloed] [--journal FILE]
           load a generated estate, then play the scenario to its end with autopilot teams
)";
}

int main(int argc, char** argv)
{
    if (argc < 2 || !std::strcmp(argv[1], "-h") || !std::strcmp(argv[1], "--help")) { std::fputs(kHelp, stdout); return argc < 2 ? 2 : 0; }
    bench::Args a;
    for (int i = 2; i < argc; ++i) {
        std::string k = argv[i];
        if (k.rfind("--", 0) != 0 || i + 1 >= argc) { std::fprintf(stderr, "breachdrill-bench: bad option '%s'\n", k.c_str()); return 2; }
        a.opt[k.substr(2)] = argv[++i];
    }
    const std::string cmd = argv[1];
    try {
        if (cmd == "timers") return bench::Timers(a);
        if (cmd == "lateral") return bench::Lateral(a);
        if (cmd == "scale") return bench::Scale(a);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "breachdrill-bench: %s\n", e.what());
        return 1;
    }
    std::fprintf(stderr, "breachdrill-bench: unknown command '%s'\n%s", cmd.c_str(), kHelp);
    return 2;
}
