// story_clock.cpp: the story clock (story_clock.h).
#include "core/story_clock.h"

#include <cctype>
#include <cstdio>

namespace bd {

namespace {

constexpr int64_t kStoryDay = 86400;
constexpr int64_t kStoryWeek = 7 * kStoryDay;
constexpr const char* kWeekdays[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
constexpr const char* kWeekdayNames[7] = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};

// Floor division and modulo: a moment before the start still has a weekday.
int64_t FloorMod(int64_t a, int64_t b) { return ((a % b) + b) % b; }

} // namespace

std::optional<StoryStart> ParseStoryStart(const std::string& text, std::string* error)
{
    auto fail = [&](const std::string& why) -> std::optional<StoryStart> {
        if (error) *error = why;
        return std::nullopt;
    };
    const size_t space = text.find(' ');
    if (space == std::string::npos) return fail("expected a weekday and a time of day, as \"Mon 08:00\"");
    std::string day = text.substr(0, space);
    for (auto& c : day) c = (char)std::tolower((unsigned char)c);
    int weekday = -1;
    for (int i = 0; i < 7; ++i) {
        const std::string full = kWeekdayNames[i];
        if (day == full || day == full.substr(0, 3)) weekday = i;
    }
    if (weekday < 0) return fail("'" + text.substr(0, space) + "' is not a weekday (Mon, Tue, Wed, Thu, Fri, Sat, Sun)");
    const std::string time = text.substr(space + 1);
    int h = -1, m = -1;
    char tail = 0;
    if (time.size() != 5 || std::sscanf(time.c_str(), "%2d:%2d%c", &h, &m, &tail) != 2 || h < 0 || h > 23 || m < 0 || m > 59 ||
        !std::isdigit((unsigned char)time[0]) || !std::isdigit((unsigned char)time[3]))
        return fail("'" + time + "' is not a time of day (HH:MM, 00:00 to 23:59)");
    return StoryStart{weekday, (int64_t)h * 3600 + (int64_t)m * 60};
}

std::string StoryStartText(const StoryStart& s)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%s %02lld:%02lld", kWeekdays[FloorMod(s.weekday, 7)], (long long)(s.second_of_day / 3600),
                  (long long)(s.second_of_day % 3600 / 60));
    return buf;
}

StoryClock StoryClock::Named(const std::string& start_text)
{
    if (start_text.empty()) return StoryClock();
    return StoryClock(ParseStoryStart(start_text));
}

std::string StoryClock::Elapsed(int64_t t)
{
    const bool neg = t < 0;
    // Minutes are truncated toward the start: T+08:14:59 is still T+08:14.
    const uint64_t v = neg ? (uint64_t)0 - (uint64_t)t : (uint64_t)t;
    const unsigned long long d = v / kStoryDay, h = v % kStoryDay / 3600, m = v % 3600 / 60;
    char buf[48];
    if (d > 0) std::snprintf(buf, sizeof buf, "T%s%llud %02llu:%02llu", neg ? "-" : "+", d, h, m);
    else std::snprintf(buf, sizeof buf, "T%s%02llu:%02llu", neg ? "-" : "+", h, m);
    return buf;
}

std::string StoryClock::TimeOfDay(int64_t t) const
{
    if (!start_) return Elapsed(t);
    // Clamp far-out values (a clock from a hostile server) before adding the start.
    const int64_t limit = INT64_MAX / 4;
    const int64_t at = (t > limit ? limit : t < -limit ? -limit : t) + start_->second_of_day;
    const int64_t s = FloorMod(at, kStoryDay);
    char buf[48]; // s is within a day; room for any int64 all the same (-Wformat-truncation)
    std::snprintf(buf, sizeof buf, "%02lld:%02lld", (long long)(s / 3600), (long long)(s % 3600 / 60));
    return buf;
}

std::string StoryClock::Story(int64_t t) const
{
    if (!start_) return Elapsed(t);
    const int64_t limit = INT64_MAX / 4;
    const int64_t at = (t > limit ? limit : t < -limit ? -limit : t) + start_->weekday * kStoryDay + start_->second_of_day;
    return std::string(kWeekdays[FloorMod(at, kStoryWeek) / kStoryDay]) + " " + TimeOfDay(t);
}

bool StoryClock::BusinessHours(int64_t t) const
{
    if (!start_) return true;
    const int64_t limit = INT64_MAX / 4;
    const int64_t at = FloorMod((t > limit ? limit : t < -limit ? -limit : t) + start_->weekday * kStoryDay + start_->second_of_day, kStoryWeek);
    const int64_t day = at / kStoryDay, second = at % kStoryDay;
    return day < 5 && second >= 8 * 3600 && second < 18 * 3600;
}

int64_t StoryClock::NextClose(int64_t t) const
{
    const int64_t limit = INT64_MAX / 4;
    if (!start_ || t > limit || t < -limit || !BusinessHours(t)) return t;
    // Within business hours it is a weekday between 08:00 and 18:00: the close is that day's 18:00.
    const int64_t at = FloorMod(t + start_->weekday * kStoryDay + start_->second_of_day, kStoryWeek);
    return t + (18 * 3600 - at % kStoryDay);
}

std::string StoryClock::At(int64_t t) const
{
    if (!start_) return Elapsed(t);
    return Story(t) + " (" + Elapsed(t) + ")";
}

std::optional<std::string> TextTimeStamp(const std::string& s)
{
    const size_t quote = s.find_first_of("'\"");
    const auto digit = [&](size_t k) { return s[k] >= '0' && s[k] <= '9'; };
    for (size_t i = 0; i + 5 < s.size() && i + 5 <= quote; ++i) {
        if (!(digit(i) && digit(i + 1) && s[i + 2] == ':' && digit(i + 3) && digit(i + 4) && s[i + 5] == ':')) continue;
        if (i > 0 && digit(i - 1)) continue;
        return s.substr(i, 5);
    }
    return std::nullopt;
}

} // namespace bd
