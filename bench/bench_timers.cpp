// bench_timers.cpp: the event core. T timers, each rescheduling itself after an exponential delay
// (integer simulated seconds, at least 1), until E events have been processed.
//
// --queue sim (the figure that counts): through the product's scheduler, Simulation::Schedule and
// Simulation::AdvanceTo, with EventType::Bench calling back into this file (the only test hook).
// --queue wheel / heap4 / stdheap: the bare queue types, no Simulation around them (the engine's
// EventQueue, a timing wheel with a heap for far events; HeapQueue, the 4-ary heap it used before;
// and std::priority_queue: the "bare binary-heap loop" reference point).
#include "bench_common.h"
#include "core/event_queue.h"
#include "core/rng.h"
#include "sim/simulation.h"

#include <cstdio>
#include <queue>

namespace bench {

namespace {

struct Ev {
    int64_t time;
    uint64_t seq;
    uint8_t type;
    int32_t a, b;
    bool operator>(const Ev& o) const { return time != o.time ? time > o.time : seq > o.seq; }
};

template <typename Q>
uint64_t BareLoop(Q& q, int timers, uint64_t events, double mean, uint64_t seed, int64_t& last_time)
{
    bd::Rng rng(seed);
    uint64_t seq = 0;
    for (int i = 0; i < timers; ++i) q.push(Ev{1 + (int64_t)rng.Exponential(mean), seq++, 0, i, 0});
    uint64_t done = 0;
    int64_t now = 0;
    while (done < events) {
        const Ev e = q.top();
        q.pop();
        now = e.time;
        ++done;
        q.push(Ev{now + 1 + (int64_t)rng.Exponential(mean), seq++, 0, e.a, 0});
    }
    last_time = now;
    return done;
}

} // namespace

int Timers(const Args& args)
{
    const int timers = (int)args.Int("timers", 10000);
    const uint64_t events = (uint64_t)args.Int("events", 20000000);
    const double mean = args.Num("mean", 3600);
    const uint64_t seed = (uint64_t)args.Int("seed", 1);
    const std::string queue = args.Get("queue", "sim");
    uint64_t done = 0;
    int64_t last_time = 0;
    double t0 = 0, t1 = 0, c0 = CpuSeconds();
    if (queue == "sim") {
        bd::Scenario sc;
        sc.id = "bench-timers";
        sc.duration_s = INT64_MAX / 4;
        bd::RunOptions ro;
        ro.seed = seed;
        bd::Simulation sim(std::move(sc), ro);
        bd::Rng rng(seed);
        auto on_event = [&](int32_t a, int32_t) {
            ++done;
            sim.Schedule(sim.Now() + 1 + (bd::SimTime)rng.Exponential(mean), bd::Simulation::EventType::Bench, a);
        };
        sim.SetBenchHandler(on_event);
        for (int i = 0; i < timers; ++i) sim.Schedule(1 + (bd::SimTime)rng.Exponential(mean), bd::Simulation::EventType::Bench, i);
        t0 = Seconds();
        // In slices of simulated time, as a front-end would; stop once enough events have run.
        const bd::SimTime slice = (bd::SimTime)(mean * 10);
        while (done < events) sim.AdvanceTo(sim.Now() + slice);
        t1 = Seconds();
        last_time = sim.Now();
    } else if (queue == "wheel") {
        bd::EventQueue<Ev> q;
        t0 = Seconds();
        done = BareLoop(q, timers, events, mean, seed, last_time);
        t1 = Seconds();
    } else if (queue == "heap4") {
        bd::HeapQueue<Ev> q;
        t0 = Seconds();
        done = BareLoop(q, timers, events, mean, seed, last_time);
        t1 = Seconds();
    } else if (queue == "stdheap") {
        std::priority_queue<Ev, std::vector<Ev>, std::greater<Ev>> q;
        t0 = Seconds();
        done = BareLoop(q, timers, events, mean, seed, last_time);
        t1 = Seconds();
    } else {
        std::fprintf(stderr, "breachdrill-bench timers: --queue must be sim, wheel, heap4 or stdheap\n");
        return 2;
    }
    const double run = t1 - t0, cpu = CpuSeconds() - c0;
    nlohmann::json out = {{"bench", "timers"}, {"queue", queue}, {"timers", timers}, {"run_s", run}, {"cpu_s", cpu}, {"events", done},
                          {"events_per_s", done / run}, {"sim_time_end", last_time}, {"peak_rss_kb", PeakRssKb()}};
    std::puts(out.dump().c_str());
    return 0;
}

} // namespace bench
