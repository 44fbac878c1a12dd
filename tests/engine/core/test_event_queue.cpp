// test_event_queue.cpp: the engine's event queue (engine/core/event_queue.h).
//
// EventQueue (the timing wheel with a heap for far events) must pop in exactly the order of
// HeapQueue (the 4-ary heap the engine used before): the same (time, seq) sequence for the same
// pushes, so a run cannot change with the queue. Random workloads, fixed seeds: shaped like the
// engine's (monotone, growing seqs, near and far delays, many events at one second) and not
// (pushes into the past, seqs out of order, an empty queue refilled, times near the limits).
#include "core/event_queue.h"
#include "core/rng.h"

#include <catch2/catch.hpp>

#include <cstdint>
#include <vector>

namespace {

struct Ev {
    int64_t time;
    uint64_t seq;
    int32_t payload;
};

struct Workload {
    double near_delay_mean;  // exponential delays (seconds) of most pushes
    double far_share;        // share of pushes far beyond the wheel's window
    double same_time_share;  // share of pushes at the time just popped (delay 0)
    double past_share;       // share of pushes before the last pop (never in the engine)
    double shuffled_seq_share; // share of pushes with a seq smaller than earlier ones
    int64_t start;           // the first time
};

// Pushes and pops `ops` times on both queues in lockstep; every pop must agree.
void Lockstep(const Workload& w, uint64_t seed, int ops)
{
    bd::Rng rng(seed);
    bd::EventQueue<Ev> wheel;
    bd::HeapQueue<Ev> heap;
    uint64_t seq = 1000000, small_seq = 999999; // seqs below the first ones, for pushes out of order (each used once)
    int64_t now = w.start;
    uint64_t popped = 0;
    auto push = [&](int64_t t, uint64_t s) {
        const Ev e{t, s, (int32_t)rng.Below(1000)};
        // Both ways in: push (a copy, any seq) and, for a seq larger than all before it, emplace_last
        // (Simulation::Schedule's: built in its node).
        if (s == seq - 1 && s % 2 == 0) wheel.emplace_last(e.time, e.seq, e.payload);
        else wheel.push(e);
        heap.push(e);
    };
    for (int i = 0; i < 200; ++i) push(now + (int64_t)rng.Exponential(w.near_delay_mean), seq++);
    for (int op = 0; op < ops; ++op) {
        REQUIRE(wheel.size() == heap.size());
        // Pop more often than push when the queue is big, so it empties now and then.
        const bool do_pop = !heap.empty() && rng.Uniform() < (heap.size() > 400 ? 0.7 : 0.5);
        if (do_pop) {
            const Ev a = wheel.top(), b = heap.top();
            REQUIRE(a.time == b.time);
            REQUIRE(a.seq == b.seq);
            REQUIRE(a.payload == b.payload);
            wheel.pop();
            heap.pop();
            now = a.time;
            ++popped;
            continue;
        }
        const double u = rng.Uniform();
        int64_t t;
        if (u < w.same_time_share) t = now;
        else if (u < w.same_time_share + w.far_share) t = now + bd::EventQueue<Ev>::kWheelSlots + (int64_t)rng.Below(100000);
        else if (u < w.same_time_share + w.far_share + w.past_share) t = now - (int64_t)rng.Below(20000);
        else t = now + (int64_t)rng.Exponential(w.near_delay_mean);
        const bool shuffled = rng.Uniform() < w.shuffled_seq_share;
        push(t, shuffled ? small_seq-- : seq++);
    }
    while (!heap.empty()) {
        const Ev a = wheel.top(), b = heap.top();
        REQUIRE(a.time == b.time);
        REQUIRE(a.seq == b.seq);
        wheel.pop();
        heap.pop();
        ++popped;
    }
    CHECK(wheel.empty());
    CHECK(popped > 0);
}

} // namespace

TEST_CASE("EventQueue - pops in the same (time / seq) order as the 4-ary heap", "[engine]")
{
    SECTION("engine-shaped: monotone times, growing seqs, near and far delays")
    {
        for (uint64_t seed = 1; seed <= 20; ++seed) Lockstep({300, 0.05, 0.1, 0, 0, 0}, seed, 20000);
    }
    SECTION("delays around the wheel's window (its edges and wrap-around)")
    {
        for (uint64_t seed = 1; seed <= 10; ++seed) Lockstep({(double)bd::EventQueue<Ev>::kWheelSlots, 0.1, 0.05, 0, 0, 0}, seed, 20000);
    }
    SECTION("many events at each second (the wheel's FIFOs grow long)")
    {
        for (uint64_t seed = 1; seed <= 10; ++seed) Lockstep({3, 0, 0.3, 0, 0, 0}, seed, 20000);
    }
    SECTION("sparse: delays of days, the wheel mostly empty")
    {
        for (uint64_t seed = 1; seed <= 10; ++seed) Lockstep({86400 * 3, 0.2, 0, 0, 0, 0}, seed, 5000);
    }
    SECTION("not the engine's shape: pushes before the last pop (the window is rebuilt)")
    {
        for (uint64_t seed = 1; seed <= 10; ++seed) Lockstep({600, 0.05, 0.05, 0.05, 0, 0}, seed, 10000);
    }
    SECTION("not the engine's shape: seqs out of order (inserted in place in their slot)")
    {
        for (uint64_t seed = 1; seed <= 10; ++seed) Lockstep({20, 0.05, 0.2, 0, 0.3, 0}, seed, 10000);
    }
    SECTION("times far from zero: negative and near the top of the range")
    {
        Lockstep({300, 0.05, 0.1, 0.01, 0, -1000000}, 7, 10000);
        Lockstep({300, 0.05, 0.1, 0.01, 0, INT64_MAX / 4}, 8, 10000);
    }
}

TEST_CASE("EventQueue - basics: empty / refill / same second in push order", "[engine]")
{
    bd::EventQueue<Ev> q;
    CHECK(q.empty());
    q.push({50, 3, 0});
    q.push({50, 4, 1});
    q.push({10, 5, 2}); // earlier than the first push: the window starts again at 10
    q.push({50 + bd::EventQueue<Ev>::kWheelSlots * 3, 6, 3});
    REQUIRE(q.size() == 4);
    std::vector<int32_t> order;
    while (!q.empty()) {
        order.push_back(q.top().payload);
        q.pop();
    }
    CHECK(order == std::vector<int32_t>{2, 0, 1, 3});
    // Empty again: a push anywhere starts a new window.
    q.push({-7, 9, 4});
    CHECK(q.top().time == -7);
    q.pop();
    CHECK(q.empty());
}
