// report_parts.h: what the parts of the after-action report share; internal to scoring/ (the
// interface is report.h). The report is built and written in one file per part:
//   report.cpp           BuildReport: the parts put together, in order
//   report_overview.cpp  who played (participants) and the events of the timeline chart
//   report_ratings.cpp   the objectives, rated P/S/M/U by the rules of docs/reports.md
//   report_findings.cpp  strengths, areas for improvement and the improvement plan (MergePlan, AddDays)
//   report_summary.cpp   the executive summary
//   report_baseline.cpp  the placement against autopilot runs (PlaceAgainstBaseline, BaselineOneLine)
//   report_json.cpp      ToJson(Report)
//   report_figures.cpp   the scorecard section: every figure with its definition (HTML and Markdown)
//   report_timeline.cpp  the timeline chart (TimelineSvg)
//   report_html.cpp      the HTML page, one function per section
//   report_markdown.cpp  the Markdown version
// The page's style sheet and HtmlEscape are compare.h's (the compare page shares them); the words and
// tables every presenter shares (the PDF's too, in interop/) are report_words.h's.
//
// Index
//   [SECTION] Reading records safely
//   [SECTION] Overview
//   [SECTION] Objectives
//   [SECTION] Strengths, areas for improvement, the plan
//   [SECTION] Executive summary
//   [SECTION] Presenting: HTML and Markdown helpers
#pragma once
#include "compare.h"
#include "report.h"
#include "report_words.h"

#include <cctype>
#include <cstdint>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace bd::report_parts {

using nlohmann::json;

// [SECTION] Reading records safely
//
// The journal is data from a file: every field is checked before use (nlohmann's get<> throws).

inline std::string Str(const json& o, const char* key)
{
    if (!o.is_object()) return "";
    auto it = o.find(key);
    return it != o.end() && it->is_string() ? it->get<std::string>() : "";
}

inline std::optional<int64_t> Int(const json& o, const char* key)
{
    if (!o.is_object()) return std::nullopt;
    auto it = o.find(key);
    if (it == o.end()) return std::nullopt;
    if (it->is_number_integer()) return it->get<int64_t>();
    if (it->is_number_unsigned() && it->get<uint64_t>() <= (uint64_t)INT64_MAX) return (int64_t)it->get<uint64_t>();
    return std::nullopt;
}

inline bool Bool(const json& o, const char* key, bool def = false)
{
    if (!o.is_object()) return def;
    auto it = o.find(key);
    return it != o.end() && it->is_boolean() ? it->get<bool>() : def;
}

inline const json& Obj(const json& o, const char* key)
{
    static const json empty = json::object();
    if (!o.is_object()) return empty;
    auto it = o.find(key);
    return it != o.end() && it->is_object() ? *it : empty;
}

inline std::string Lower(std::string s)
{
    for (auto& c : s) c = (char)std::tolower((unsigned char)c);
    return s;
}

inline bool Has(const std::string& text, const char* part) { return text.find(part) != std::string::npos; }

inline std::string Dur(ScoreTime s) { return FormatDuration(s); }
inline std::string At(const Scorecard& k, ScoreTime t) { return "at " + When(k, t); }



// [SECTION] Overview (report_overview.cpp)

// One row per (team, role) that posted a command, in (team, role) order.
std::vector<Participant> Participants(const std::vector<json>& records);
// The marks of the timeline chart: time order, journal order within a time.
std::vector<ChartEvent> ChartEvents(const std::vector<json>& records);
// Each service's outages, one per stretch of one cause (a service record starts a stretch, the
// next one for that service or `end` ends it).
std::vector<ChartOutage> ChartOutages(const std::vector<json>& records, ScoreTime end);

// [SECTION] Objectives (report_ratings.cpp)

struct ServiceInfo {
    std::string id, name;
};

// The header record's services, in its order.
std::vector<ServiceInfo> HeaderServices(const std::vector<json>& records);

// What the rules read besides the scorecard.
struct Context {
    const Scorecard& card;
    const std::vector<json>& records;
    std::vector<ServiceInfo> services;
    std::optional<ScoreTime> first_encryption;
    bool staged = false;
    int64_t hosts_still_encrypted = 0;
};

// The objective's text chooses the rule (the first that matches, docs/reports.md); inject outcomes
// that name the objective add evidence, and rate it when no rule applies.
ObjectiveRating RateObjective(const Context& c, const std::string& text);

// [SECTION] Strengths, areas for improvement, the plan (report_findings.cpp)

struct AreaAction {
    const char* id;
    const char* action;
    const char* owner;         // when no one team caused it
    const char* secops_owner;  // when SecOps' actions caused it ("" = owner)
    const char* itops_owner;   // when ITOps' actions caused it ("" = owner)
};

// The corrective action and owner role suggested for an area for improvement; nullptr if none.
const AreaAction* ActionFor(const std::string& id);
// The plan row for an area: its action and an owner role that follows who caused it (the
// finding's teams: SecOps' emergency isolations are SecOps' item), docs/reports.md.
PlanRow PlanRowFor(const ReportFinding& area, const std::string& due);
// Appends the strengths and the areas for improvement the rules find to r.strengths and r.areas.
void Findings(const Context& c, Report& r);

// [SECTION] Executive summary (report_summary.cpp)

// The sentences of the executive summary, from r's card, date, participants, objectives and
// baseline (BuildReport calls it last).
std::vector<std::string> Summary(const Report& r);

// [SECTION] Presenting: HTML and Markdown helpers (the rest: report_words.h)

inline std::string E(const std::string& s) { return HtmlEscape(s); }
} // namespace bd::report_parts
