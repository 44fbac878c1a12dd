// scorecard_parts.h: what the parts of the scorecard share; internal to scoring/ (the interface is
// scorecard.h). The scorecard is computed and written in one file per part:
//   scorecard.cpp         reading fields safely, and feeding records (ScoreAccumulator::Feed)
//   scorecard_result.cpp  the result: ScoreAccumulator::Result, one function per figure group
//   scorecard_json.cpp    ToJson(Scorecard)
//   scorecard_text.cpp    the text: FormatScorecard, one function per section, and the Format* helpers
#pragma once
#include "scorecard.h"

#include <algorithm>
#include <string>

namespace bd::scorecard_parts {

inline constexpr int64_t kMaxBadRecordWarnings = 20; // then one line counts the rest

inline int CauseIndex(const std::string& cause)
{
    if (cause == "attacker") return 0;
    if (cause == "defender") return 1;
    if (cause == "operations") return 2;
    return 3; // "none" or unknown: downtime counted, cost unattributed
}

inline ScoreTime AtLeastZero(ScoreTime v) { return v < 0 ? 0 : v; }

inline std::string Upper(std::string s)
{
    for (char& c : s)
        if (c >= 'a' && c <= 'z') c = (char)(c - 'a' + 'A');
    return s;
}

// "early_warning" -> "early warning"
inline std::string Words(std::string s)
{
    std::replace(s.begin(), s.end(), '_', ' ');
    return s;
}

struct Obligation {
    const char* stage;
    ScoreTime limit_s;
    const char* limit_text;
};
inline constexpr Obligation kNis2[] = {{"early_warning", 24 * kHourS, "24 h"},
                                       {"notification", 72 * kHourS, "72 h"},
                                       {"final_report", 30 * kDayS, "30 days"}};
inline constexpr Obligation kGdpr[] = {{"notification", 72 * kHourS, "72 h"}};

} // namespace bd::scorecard_parts
