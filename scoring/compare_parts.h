// compare_parts.h: what the parts of the comparison share; internal to scoring/ (the interface is
// compare.h): compare.cpp (statistics, running, text, JSON), compare_diff.cpp (the differences
// between two profiles: bootstrap intervals, sign test, the headline), compare_html.cpp (the page).
#pragma once
#include "compare.h"

#include <cmath>
#include <optional>
#include <string>
#include <vector>

namespace bd::compare_parts {

// nullopt sorts after every value ("never" is slower than any time, and worse than any cost).
inline bool NeverLast(const std::optional<double>& a, const std::optional<double>& b)
{
    if (!a) return false;
    if (!b) return true;
    return *a < *b;
}

// A figure's value in print: a duration, money, or "never".
inline std::string FormatValue(const std::string& figure, const std::optional<double>& v, const std::string& currency)
{
    if (!v) return "never";
    if (FigureIsTime(figure)) return FormatDuration((ScoreTime)std::llround(*v));
    return FormatMoney(*v, currency);
}

// Why a profile's figure has no measured run (Distribution::runs == 0), for a table cell's note.
inline std::string NotMeasuredWhy(const std::string& figure, const ProfileStats& p)
{
    if (figure == "time_to_restore_s") return "no operations outage";
    if (p.no_breach == p.runs) return "no breach began";
    return "not measured (no detection)";
}

// A signed difference b - a in print ("-01:30:00", "+2,000 EUR"); "-" when either is never.
inline std::string FormatSigned(const std::string& figure, double d, const std::string& currency)
{
    const std::string s = FigureIsTime(figure) ? FormatDuration((ScoreTime)std::llround(std::fabs(d))) : FormatMoney(std::fabs(d), currency);
    return (d < 0 ? "-" : d > 0 ? "+" : "") + s;
}
inline std::string FormatDiff(const std::string& figure, const std::optional<double>& a, const std::optional<double>& b,
                              const std::string& currency)
{
    return a && b ? FormatSigned(figure, *b - *a, currency) : "-";
}

// The 95% interval of a difference in print: "-32:00:00 to -05:00:00"; an open end reads
// "unbounded" (resamples where one profile's median run never got there).
std::string FormatInterval(const FigureDifference& d, const std::string& currency);
// The interval in the words of a sentence: "05:00:00 to 1d 08:00:00" (magnitudes) when it lies on
// one side of 0, else "from 01:00:00 LESS to 02:00:00 MORE"; "not known" without one.
std::string IntervalWords(const FigureDifference& d, const std::string& currency, const char* less, const char* more);
// "p = 0.003", "p < 0.001", "p = 1" (two-sided).
std::string FormatP(double p);

// Round-number axis ticks for [0, hi] (at most about six), and their labels ("30m", "2h", "1d", "50k").
std::vector<double> Ticks(double hi, bool time);
std::string TickLabel(double v, bool time);

// The JSON forms compare's ToJson writes and whatif's reuses (compare.cpp, [SECTION] JSON).
nlohmann::json OptNum(const std::optional<double>& v);
nlohmann::json DistJson(const Distribution& d);
nlohmann::json ProfileJson(const ProfileStats& p);
// One figure's difference b - a, with both distributions (p10, p90 and never are differenced here).
nlohmann::json DifferenceJson(const FigureDifference& d, const Distribution& a, const Distribution& b);
// A run as the output lists it (costs rounded to cents; RunJson in sweep.h is the exact form).
nlohmann::json RunOutJson(const RunSummary& s);

} // namespace bd::compare_parts
