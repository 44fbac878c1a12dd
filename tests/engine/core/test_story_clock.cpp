// test_story_clock.cpp: the story clock (engine/core/story_clock.h), the scenario's `start`, the
// journal header's story_start and run_at, and the places that show a moment through it.
#include "core/story_clock.h"
#include "exercise/msel.h"
#include "run/replay.h"
#include "world/scenario.h"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

using namespace bd;
using nlohmann::json;

namespace {

// One workstation, a phish that always works at 1 h, and an inject that quotes the time it arrives.
constexpr const char* kClockScenario = R"({
  "metadata": { "id": "clock-test", "title": "Clock", "duration_s": 200000, "start": "Fri 04:00" },
  "infrastructure": {
    "zones": [ { "id": "internet", "internet": true }, { "id": "lan" } ],
    "flows": [ ["lan", "internet"] ],
    "hosts": [ { "id": "ws-01", "kind": "workstation", "zone": "lan", "user": "alice" } ]
  },
  "identities": [ { "id": "alice", "cached_on": ["ws-01"] } ],
  "campaign": {
    "start_s": 3600,
    "stages": [
      { "name": "Phish opened", "technique": "T1566.001", "action": "initial_access", "target": { "host": "ws-01" },
        "duration": { "median_s": 60, "sigma": 0 }, "success_prob": 1 }
    ]
  },
  "injects": [
    { "number": 1, "time_s": 2400, "synopsis": "Call", "text": "Call to the on-call phone, 04:40: 'Blue screens.'", "team": "itops" }
  ]
})";

LoadResult LoadClockScenario(const std::string& start)
{
    json doc = json::parse(kClockScenario);
    if (start.empty()) doc["metadata"].erase("start");
    else doc["metadata"]["start"] = start;
    return LoadScenarioText(doc.dump(), "clock.json", LoadOptions{});
}

std::string Problems(const LoadResult& r)
{
    std::string all;
    for (const auto& p : r.problems) all += p.Format() + "\n";
    return all;
}

} // namespace

TEST_CASE("Story clock - a moment reads as the scenario's weekday and time with the elapsed time beside it", "[clock]")
{
    const StoryClock clock(ParseStoryStart("Mon 08:00"));
    CHECK(clock.At(0) == "Mon 08:00 (T+00:00)");
    CHECK(clock.At(8 * 3600 + 14 * 60 + 59) == "Mon 16:14 (T+08:14)"); // seconds are truncated, never rounded up
    CHECK(clock.At(16 * 3600) == "Tue 00:00 (T+16:00)");
    CHECK(clock.At(2 * 86400 + 3 * 3600 + 47 * 60) == "Wed 11:47 (T+2d 03:47)");
    CHECK(clock.At(7 * 86400) == "Mon 08:00 (T+7d 00:00)"); // the week comes round; the elapsed time tells them apart
    CHECK(clock.At(-1800) == "Mon 07:30 (T-00:30)");
    CHECK(clock.Story(29640) == "Mon 16:14");
    CHECK(clock.TimeOfDay(29640) == "16:14");
    const StoryClock sunday(ParseStoryStart("Sun 23:30"));
    CHECK(sunday.At(3600) == "Mon 00:30 (T+01:00)");
}

TEST_CASE("Story clock - without a start, times are elapsed time only, never an invented weekday", "[clock]")
{
    const StoryClock none;
    CHECK_FALSE(none.has_start());
    CHECK(none.At(29640) == "T+08:14");
    CHECK(none.Story(29640) == "T+08:14");
    CHECK(StoryClock::Named("").At(90000) == "T+1d 01:00");
    CHECK(StoryClock::Named("not a start").At(60) == "T+00:01");
    // Values a hostile server could send do not overflow.
    CHECK(StoryClock::Elapsed(INT64_MIN).rfind("T-", 0) == 0);
    CHECK(StoryClock(ParseStoryStart("Mon 08:00")).At(INT64_MAX).find("(T+") != std::string::npos);
}

TEST_CASE("Story clock - a start is a weekday and a time of day", "[clock]")
{
    for (const char* good : {"Mon 08:00", "monday 08:00", "FRI 23:59", "Sun 00:00", "Wednesday 12:30"}) {
        INFO(good);
        CHECK(ParseStoryStart(good).has_value());
    }
    CHECK(StoryStartText(*ParseStoryStart("friday 04:09")) == "Fri 04:09");
    for (const char* bad : {"", "Mon", "08:00", "Mon 8:00", "Mon 24:00", "Mon 08:60", "Mon 08:00x", "Mo 08:00", "Mon  08:00", "Mon -8:00"}) {
        INFO(bad);
        std::string why;
        CHECK_FALSE(ParseStoryStart(bad, &why).has_value());
        CHECK_FALSE(why.empty());
    }
}

TEST_CASE("Story clock - the scenario's start: loaded, refused with scenario.036, shown by the MSEL", "[clock]")
{
    const LoadResult ok = LoadClockScenario("Fri 04:00");
    INFO(Problems(ok));
    REQUIRE(ok.Ok());
    REQUIRE(ok.scenario.story_start.has_value());
    const auto rows = BuildMsel(ok.scenario);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].time == "Fri 04:40 (T+00:40)");

    const LoadResult none = LoadClockScenario("");
    REQUIRE(none.Ok());
    CHECK_FALSE(none.scenario.story_start.has_value());
    CHECK(BuildMsel(none.scenario)[0].time == "T+00:40");

    const LoadResult bad = LoadClockScenario("Friday 4am");
    REQUIRE_FALSE(bad.Ok());
    CHECK(Problems(bad).find("/metadata/start: [scenario.036] start \"Friday 4am\": '4am' is not a time of day") != std::string::npos);
}

TEST_CASE("Story clock - the header names the story start and the run date, and a replay keeps the run date", "[clock]")
{
    // From a file, so that the replay below can load the scenario again.
    const auto path = std::filesystem::temp_directory_path() / "breachdrill-story-clock-test.json";
    {
        json doc = json::parse(kClockScenario);
        std::ofstream(path) << doc.dump();
    }
    LoadResult lr = LoadScenario(path.string(), LoadOptions{});
    INFO(Problems(lr));
    REQUIRE(lr.Ok());
    RunOptions ro;
    ro.scenario_ref = path.string();
    ro.run_at = "2026-12-04T18:45:12Z";
    Simulation sim(std::move(lr.scenario), ro);
    std::string err;
    REQUIRE(sim.Start(err));
    PlayWithCommands(sim, {});
    const auto& recs = sim.journal().Records();
    REQUIRE(!recs.empty());
    INFO(recs.front().dump().substr(0, 300));
    CHECK(recs.front()["story_start"] == "Fri 04:00");
    CHECK(recs.front()["run_at"] == "2026-12-04T18:45:12Z");
    // The inject's text quotes the time it arrives: 04:40 on the story clock.
    bool inject = false;
    for (const auto& r : recs)
        if (r["type"] == "inject") {
            inject = true;
            CHECK(r["t"] == 2400);
            CHECK(StoryClock::Named(recs.front()["story_start"]).TimeOfDay(r["t"]) == "04:40");
        }
    CHECK(inject);
    // Replayed, the rebuilt run carries the journal's run date, not today's.
    const ReplayOutcome again = ReplayRecords(recs);
    INFO(again.error);
    REQUIRE(again.sim);
    CHECK_FALSE(again.diverged);
    CHECK(again.sim->journal().Records().front()["run_at"] == "2026-12-04T18:45:12Z");
    std::filesystem::remove(path);

    RunOptions unknown; // no run_at: the header says null, not an invented date
    LoadResult lr2 = LoadClockScenario("");
    Simulation sim2(std::move(lr2.scenario), unknown);
    REQUIRE(sim2.Start(err));
    CHECK(sim2.journal().Records().front()["run_at"].is_null());
    CHECK(sim2.journal().Records().front()["story_start"].is_null());
}

TEST_CASE("Story clock - SOURCE_DATE_EPOCH fixes the run date, for byte-identical journals", "[clock]")
{
    ::setenv("SOURCE_DATE_EPOCH", "1733337912", 1);
    CHECK(RunTimestamp() == "2024-12-04T18:45:12Z");
    ::setenv("SOURCE_DATE_EPOCH", "not a number", 1);
    CHECK(RunTimestamp().size() == 20); // ignored: now
    ::unsetenv("SOURCE_DATE_EPOCH");
    CHECK(RunTimestamp().size() == 20);
}

TEST_CASE("Story clock - business hours are Monday to Friday 08:00 to 18:00 of the story", "[clock]")
{
    const StoryClock fri(ParseStoryStart("Fri 04:00"));
    CHECK_FALSE(fri.BusinessHours(0));          // Fri 04:00
    CHECK(fri.BusinessHours(4 * 3600));         // Fri 08:00
    CHECK(fri.BusinessHours(14 * 3600 - 1));    // Fri 17:59:59
    CHECK_FALSE(fri.BusinessHours(14 * 3600));  // Fri 18:00
    CHECK_FALSE(fri.BusinessHours(30 * 3600));  // Sat 10:00
    CHECK_FALSE(fri.BusinessHours(54 * 3600));  // Sun 10:00
    CHECK(fri.BusinessHours(76 * 3600));        // Mon 08:00
    CHECK(fri.BusinessHours(76 * 3600 + 7 * 86400)); // a week later
    CHECK_FALSE(fri.BusinessHours(-5 * 3600));  // Thu 23:00, before the start
    CHECK(StoryClock().BusinessHours(3 * 3600)); // no start: no story time to be outside of
}

TEST_CASE("Story clock - the next close is that weekday's 18:00 within business hours, else now", "[clock]")
{
    const StoryClock mon(ParseStoryStart("Mon 08:00"));
    CHECK(mon.NextClose(0) == 10 * 3600);                  // Mon 08:00 -> Mon 18:00
    CHECK(mon.NextClose(10 * 3600 - 1) == 10 * 3600);      // Mon 17:59:59 -> Mon 18:00
    CHECK(mon.NextClose(10 * 3600) == 10 * 3600);          // Mon 18:00 is already outside
    CHECK(mon.NextClose(15 * 3600) == 15 * 3600);          // Mon 23:00
    CHECK(mon.NextClose(4 * 86400 + 3600) == 4 * 86400 + 10 * 3600); // Fri 09:00 -> Fri 18:00
    CHECK(mon.NextClose(5 * 86400 + 3600) == 5 * 86400 + 3600);      // Sat 09:00: the weekend
    CHECK(StoryClock().NextClose(3600) == 3600);           // no start: no hours to keep
}
