// test_clock.cpp: the event clock (engine/sim/simulation.h) and the random generator (engine/core/rng.h).
//
// The clock: events run in (time, sequence) order; AdvanceTo(t) runs everything at or before t and
// nothing after; the exercise stops at the scenario's duration. The generator: the same seed gives
// the same numbers on every machine, and our own distributions have the bounds and centres they
// promise (loose statistical bounds, fixed seeds: these tests never flake).
#include "core/rng.h"
#include "test_world.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <numeric>
#include <vector>

using namespace bdtest;

namespace {

// Ids of the commands whose command_done records appear in the journal, in journal order.
std::vector<uint64_t> DoneOrder(const Simulation& sim)
{
    std::vector<uint64_t> out;
    for (const auto& r : RecordsOf(sim, "command_done")) out.push_back(r["cmd"]["id"].get<uint64_t>());
    return out;
}

} // namespace

TEST_CASE("Clock - events at the same time run in posting order", "[engine]")
{
    SECTION("commands due at the same second complete in the order they were posted")
    {
        Scenario s = QuietScenario();
        // Three kinds share one duration here, so all twelve commands come due at t = 600.
        s.command_durations = {{"reset_credential", 600}, {"block_indicator", 600}, {"disable_account", 600}};
        auto sim = StartSmall(NoAutopilot(), s);
        std::vector<uint64_t> posted;
        const char* const ids[] = {"vpn", "helpdesk", "dadmin", "u-ws-03"};
        for (const char* id : ids) {
            posted.push_back(sim->Post(Cmd(CommandKind::BlockIndicator, Team::SecOps, std::string(id) + ".example")).id);
            posted.push_back(sim->Post(Cmd(CommandKind::ResetCredential, Team::ITOps, id)).id);
            posted.push_back(sim->Post(Cmd(CommandKind::DisableAccount, Team::SecOps, id)).id);
        }
        REQUIRE(posted.size() == 12);
        sim->AdvanceTo(600);
        CHECK(DoneOrder(*sim) == posted);
        for (const auto& r : RecordsOf(*sim, "command_done")) CHECK(r["t"] == 600);
    }
    SECTION("an earlier time runs first, whatever the posting order")
    {
        auto sim = StartSmall(NoAutopilot(), QuietScenario());
        const uint64_t block = sim->Post(Cmd(CommandKind::BlockIndicator, Team::SecOps, "x.example")).id;   // 15 min
        const uint64_t reset = sim->Post(Cmd(CommandKind::ResetCredential, Team::ITOps, "helpdesk")).id;    // 10 min
        const uint64_t disable = sim->Post(Cmd(CommandKind::DisableAccount, Team::ITOps, "helpdesk")).id;   // 5 min
        sim->AdvanceTo(kHour);
        CHECK(DoneOrder(*sim) == std::vector<uint64_t>{disable, reset, block});
    }
    SECTION("the event ordering itself: time first, then sequence")
    {
        using Event = Simulation::Event;
        const Event early{10, 9, Simulation::EventType::End, 0, 0};
        const Event late{11, 1, Simulation::EventType::End, 0, 0};
        const Event same_later_seq{10, 10, Simulation::EventType::End, 0, 0};
        CHECK(late > early);             // time decides before sequence
        CHECK_FALSE(early > late);
        CHECK(same_later_seq > early);   // same time: the later posting runs later
        CHECK_FALSE(early > same_later_seq);
        CHECK_FALSE(early > early);      // strict: equal events are not "after" each other
    }
}

TEST_CASE("Clock - AdvanceTo runs everything up to t and nothing after", "[engine]")
{
    auto sim = StartSmall(NoAutopilot(), QuietScenario());
    CHECK(sim->Now() == 0);
    const uint64_t id = sim->Post(Cmd(CommandKind::ResetCredential, Team::ITOps, "helpdesk")).id; // due at 600

    SECTION("one second short: not done, and the clock reads t")
    {
        sim->AdvanceTo(599);
        CHECK(sim->Now() == 599);
        CHECK(DoneOf(*sim, id).is_null());
        CHECK(sim->world().identities[sim->world().FindIdentity("helpdesk")].generation == 0);
        CHECK(sim->NextEventTime() == 600);
    }
    SECTION("exactly t: an event at t is processed")
    {
        sim->AdvanceTo(600);
        CHECK(sim->Now() == 600);
        REQUIRE_FALSE(DoneOf(*sim, id).is_null());
        CHECK(DoneOf(*sim, id)["t"] == 600);
        CHECK(sim->world().identities[sim->world().FindIdentity("helpdesk")].generation == 1);
    }
    SECTION("past the last event: the clock still reads t, not the last event's time")
    {
        sim->AdvanceTo(5000);
        CHECK(sim->Now() == 5000);
        CHECK_FALSE(DoneOf(*sim, id).is_null());
        CHECK(sim->NextEventTime() > 5000);
    }
    SECTION("the clock never runs backwards")
    {
        sim->AdvanceTo(1000);
        sim->AdvanceTo(10);
        CHECK(sim->Now() == 1000);
        const uint64_t later = sim->Post(Cmd(CommandKind::ResetCredential, Team::ITOps, "dadmin")).id;
        CHECK(ResultOf(*sim, later)["due"] == 1600); // stamped with the clock, not the argument
    }
    SECTION("nothing at all after t, across the whole campaign")
    {
        auto attacked = StartSmall(NoAutopilot());
        for (SimTime t = 0; t <= 12 * kHour; t += 17 * kMinute) {
            attacked->AdvanceTo(t);
            CHECK(attacked->Now() == t);
            CHECK(attacked->journal().Records().back()["t"].get<SimTime>() <= t);
            CHECK((attacked->NextEventTime() > t || attacked->NextEventTime() == -1));
        }
    }
}

TEST_CASE("Clock - the exercise stops at duration_s", "[engine]")
{
    SECTION("with nothing left to contain, it runs to the scenario's duration and ends there")
    {
        auto sim = StartSmall(NoAutopilot(), QuietScenario());
        sim->RunToEnd();
        CHECK(sim->Finished());
        CHECK(sim->EndedBecause() == EndReason::Duration);
        CHECK(sim->Now() == 3 * kDay);
        const auto& last = sim->journal().Records().back();
        CHECK(last["type"] == "end");
        CHECK(last["t"] == 3 * kDay);
        CHECK(last["reason"] == "duration");
    }
    SECTION("AdvanceTo beyond the duration stops at it")
    {
        auto sim = StartSmall(NoAutopilot());
        sim->AdvanceTo(10 * kDay);
        CHECK(sim->Finished());
        CHECK(sim->Now() == 3 * kDay);
        CHECK(RecordsOf(*sim, "end").size() == 1);
    }
    SECTION("a command due after the end never takes effect")
    {
        Scenario s = QuietScenario();
        s.duration_s = 300; // a reset takes 600 s
        auto sim = StartSmall(NoAutopilot(), s);
        const uint64_t id = sim->Post(Cmd(CommandKind::ResetCredential, Team::ITOps, "helpdesk")).id;
        sim->RunToEnd();
        CHECK(sim->Now() == 300);
        CHECK(DoneOf(*sim, id).is_null());
    }
    SECTION("after the end, commands are refused and the clock stays")
    {
        auto sim = StartSmall(NoAutopilot(), QuietScenario());
        sim->RunToEnd();
        const size_t records = sim->journal().Records().size();
        const CommandResult r = sim->Post(Cmd(CommandKind::ResetCredential, Team::ITOps, "helpdesk"));
        CHECK(r.code == ResultCode::Precondition);
        CHECK(r.message == "the exercise has ended");
        CHECK(sim->journal().Records().size() == records); // nothing journaled after the end record
        sim->AdvanceTo(5 * kDay);
        CHECK(sim->Now() == 3 * kDay);
    }
    SECTION("a facilitator's Stop ends it now")
    {
        auto sim = StartSmall(NoAutopilot());
        sim->AdvanceTo(kHour);
        sim->Stop();
        CHECK(sim->EndedBecause() == EndReason::Stopped);
        CHECK(sim->journal().Records().back()["reason"] == "stopped");
        CHECK(sim->journal().Records().back()["t"] == kHour);
    }
}

TEST_CASE("Clock - Rng: the same seed gives the same sequence", "[engine]")
{
    SECTION("two generators with one seed agree, draw for draw")
    {
        Rng a(42), b(42);
        int differ = 0;
        for (int i = 0; i < 1000; ++i) differ += a.Next() != b.Next();
        CHECK(differ == 0);
        CHECK(a.LogNormal(600, 0.5) == b.LogNormal(600, 0.5));
        CHECK(a.Below(1000) == b.Below(1000));
    }
    SECTION("Seed() restarts the sequence")
    {
        Rng a(7);
        const uint64_t first = a.Next();
        a.Next();
        a.Seed(7);
        CHECK(a.Next() == first);
    }
    SECTION("different seeds differ")
    {
        Rng a(1), b(2);
        int same = 0;
        for (int i = 0; i < 100; ++i) same += a.Next() == b.Next();
        CHECK(same == 0);
    }
    SECTION("the numbers themselves are fixed: xoshiro256** seeded by SplitMix64 (old journals replay)")
    {
        // Values from the reference algorithm; if these change, every recorded journal diverges.
        Rng a(1);
        CHECK(a.Next() == 0xb3f2af6d0fc710c5ull);
        CHECK(a.Next() == 0x853b559647364ceaull);
        CHECK(a.Next() == 0x92f89756082a4514ull);
        CHECK(Rng(0).Next() == 0x99ec5f36cb75f2b4ull);
    }
}

TEST_CASE("Clock - Rng: Below / Range / Uniform and Chance bounds", "[engine]")
{
    Rng r(12345);
    SECTION("Below(n) stays in [0, n) and reaches every value")
    {
        std::vector<int> counts(8, 0);
        for (int i = 0; i < 70000; ++i) counts[std::min<uint64_t>(r.Below(7), 7)]++;
        CHECK(counts[7] == 0); // never n or more
        for (int v = 0; v < 7; ++v) CHECK((counts[v] > 9000 && counts[v] < 11000)); // 10000 expected each: unbiased
        uint64_t ones = 0;
        for (int i = 0; i < 100; ++i) ones |= r.Below(1);
        CHECK(ones == 0);
        // A bound just above 2^63: a modulo without rejection would favour the low half 2:1.
        const uint64_t big = (1ull << 63) + 12345;
        int over = 0, low = 0;
        for (int i = 0; i < 10000; ++i) {
            const uint64_t v = r.Below(big);
            over += v >= big;
            low += v < big / 2;
        }
        CHECK(over == 0);
        CHECK((low > 4700 && low < 5300));
    }
    SECTION("Range(lo, hi) includes both ends")
    {
        int64_t lo = 0, hi = 0;
        for (int i = 0; i < 10000; ++i) {
            const int64_t v = r.Range(-3, 3);
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
        CHECK(lo == -3); // both ends reached, nothing beyond
        CHECK(hi == 3);
        CHECK(r.Range(5, 5) == 5);
        const int64_t far = r.Range(1'000'000'000'000, 1'000'000'000'010);
        CHECK(far >= 1'000'000'000'000);
        CHECK(far <= 1'000'000'000'010);
    }
    SECTION("Uniform is in [0, 1)")
    {
        double lo = 1, hi = 0;
        for (int i = 0; i < 100000; ++i) {
            const double u = r.Uniform();
            lo = std::min(lo, u);
            hi = std::max(hi, u);
        }
        CHECK(lo >= 0.0);
        CHECK(lo < 0.001);
        CHECK(hi < 1.0);
        CHECK(hi > 0.999);
    }
    SECTION("Chance: 0 never, 1 always, p about p")
    {
        int never = 0, always = 0, hits = 0;
        for (int i = 0; i < 10000; ++i) {
            never += r.Chance(0.0) + r.Chance(-1.0);
            always += r.Chance(1.0);
            hits += r.Chance(0.3);
        }
        CHECK(never == 0);
        CHECK(always == 10000);
        CHECK((hits > 2800 && hits < 3200));
    }
}

TEST_CASE("Clock - Rng: Exponential mean and LogNormal median", "[engine]")
{
    Rng r(2024);
    SECTION("Exponential(1000) averages about 1000 and is never negative")
    {
        const int n = 100000;
        double sum = 0, lowest = 1;
        for (int i = 0; i < n; ++i) {
            const double v = r.Exponential(1000);
            lowest = std::min(lowest, v);
            sum += v;
        }
        CHECK(lowest >= 0);
        CHECK(sum / n == Approx(1000).epsilon(0.03)); // sd of the mean is 0.3%: a loose bound
    }
    SECTION("LogNormal(600, 0.5) has median about 600, and sigma 0 gives the median itself")
    {
        std::vector<double> v(20001);
        for (auto& x : v) x = r.LogNormal(600, 0.5);
        CHECK(*std::min_element(v.begin(), v.end()) > 0);
        std::nth_element(v.begin(), v.begin() + 10000, v.end());
        CHECK(v[10000] == Approx(600).epsilon(0.03));
        CHECK(r.LogNormal(600, 0.0) == Approx(600));
    }
    SECTION("Normal is centred on 0 with spread 1")
    {
        const int n = 100000;
        double sum = 0, sq = 0;
        for (int i = 0; i < n; ++i) {
            const double x = r.Normal();
            sum += x;
            sq += x * x;
        }
        CHECK(std::abs(sum / n) < 0.02);
        CHECK(sq / n == Approx(1.0).epsilon(0.03));
    }
}
