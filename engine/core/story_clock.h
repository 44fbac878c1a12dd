// story_clock.h: one way to say when something happened, everywhere (CLI, app, MSEL, report, CSV).
//
// A scenario names where its story starts in the week ("start": "Mon 08:00" in its metadata;
// docs/authoring.md). Simulation time is seconds since the exercise started; the story clock adds
// that start, so a moment reads as the scenario's own wall time with the elapsed time beside it:
//
//   StoryClock clock = StoryClock::Named(start);   // from Scenario::story_start or a journal header
//   clock.At(29640);        // "Mon 16:14 (T+08:14)"
//   clock.Story(29640);     // "Mon 16:14"
//   clock.TimeOfDay(29640); // "16:14"
//   StoryClock::Elapsed(29640); // "T+08:14"; "T+2d 03:47" past a day; "T-00:30" before the start
//
// A scenario that names no start has no story time: At() is the elapsed time alone ("T+08:14"),
// never an invented weekday. Minutes are the unit people read; the journal keeps exact seconds.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace bd {

struct StoryStart {
    int weekday = 0;        // 0 = Monday ... 6 = Sunday
    int64_t second_of_day = 0;
};

// "Mon 08:00" (also "Monday 08:00", any case) -> a start; nullopt and `error` when it is not one.
std::optional<StoryStart> ParseStoryStart(const std::string& text, std::string* error = nullptr);
std::string StoryStartText(const StoryStart& s); // "Mon 08:00"

class StoryClock {
public:
    StoryClock() = default; // no start: elapsed time only
    explicit StoryClock(std::optional<StoryStart> start) : start_(start) {}
    // From the text a header or a scenario carries ("" or an unreadable text: no start).
    static StoryClock Named(const std::string& start_text);

    bool has_start() const { return start_.has_value(); }
    const std::optional<StoryStart>& start() const { return start_; }

    std::string At(int64_t t) const;        // "Mon 16:14 (T+08:14)", or "T+08:14" without a start
    std::string Story(int64_t t) const;     // "Mon 16:14", or "T+08:14" without a start
    std::string TimeOfDay(int64_t t) const; // "16:14", or "T+08:14" without a start
    static std::string Elapsed(int64_t t);  // "T+08:14", "T+2d 03:47", "T-00:30"
    // Within business hours, Monday to Friday 08:00-18:00 of the story (the staffing of
    // docs/model.md, mechanism 6). Without a start: always (no story time to be outside of).
    bool BusinessHours(int64_t t) const;
    // The first moment at or after t outside business hours (t itself when it is; without a start:
    // t, there being no hours to keep).
    int64_t NextClose(int64_t t) const;

private:
    std::optional<StoryStart> start_;
};

// The time stamp a text opens with: the first "HH:MM" followed by ':' before any quote mark and not
// after a digit ("Service desk call, 14:00: 'the printers...'" gives "14:00"); nullopt when there is
// none. Such a text says when it happens in the story, so it must arrive at that time of day: the
// loader warns when a fixed delivery time disagrees (scenario.098), `breachdrill check` when a
// journal's inject did (check.inject_stamp).
std::optional<std::string> TextTimeStamp(const std::string& text);

} // namespace bd
