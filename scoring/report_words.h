// report_words.h: the words and tables every presenter of the after-action report shares, so that
// the HTML and Markdown pages (scoring/) and the PDF (interop/report_pdf.cpp) say the same thing in
// the same words: moments on the story clock, the scorecard's figures with their definitions, a
// role or an issuer for people, a timeline lane's name. Defined in scoring/report_*.cpp.
#pragma once
#include "report.h"
#include "scorecard.h"

#include <cstdio>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace bd::report_parts {

// A moment on the story clock of the journal's header: "Mon 16:14 (T+08:14)" (core/story_clock.h).
// Durations stay FormatDuration's ("1d 04:12:00").
inline std::string When(const Scorecard& k, ScoreTime t) { return k.clock().At(t); }

// Words for people, not identifiers (report_overview.cpp): a role ("it_manager" -> "IT operations
// manager"), who played ("player:alice" -> "alice", "autopilot:secops" -> "autopilot"), a command
// kind ("isolate_host" -> "isolate host").
std::string RoleLabel(const std::string& role);
std::string PlayedBy(const std::string& issuer);
std::string KindLabel(const std::string& kind);

// The timeline chart's colours, the same on the page and on paper (report_timeline.cpp): a lane's
// marks, and an outage by its cause.
const char* TimelineLaneColour(const std::string& lane);
const char* TimelineCauseColour(const std::string& cause);

// The chart's legend, in the order it is drawn: a sample mark and what it means, then the outage
// causes with their words (the line begins with kTimelineCauseLead).
struct TimelineLegendMark {
    ChartEvent sample;
    const char* text;
};
const std::vector<TimelineLegendMark>& TimelineLegendMarks();
const std::vector<std::pair<const char*, const char*>>& TimelineLegendCauses(); // cause, words
inline constexpr const char* kTimelineCauseLead = "service down, caused by:";

inline std::string F1(double v)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

inline std::string DurOr(const std::optional<ScoreTime>& t, const char* never = "-") { return t ? FormatDuration(*t) : never; }
inline std::string WhenOr(const Scorecard& k, const std::optional<ScoreTime>& t, const char* never = "-") { return t ? When(k, *t) : never; }
inline std::string SecsOr(const std::optional<ScoreTime>& t) { return t ? std::to_string(*t) : ""; }

// A team's runbook steps (docs/scoring.md, "Runbook steps"), the same words on every page: the line
// under its heading, and a step's "done" cell. Command steps are what the simulation saw done; a
// checklist item ticked is the team's word (tick_step), said so.
inline std::string RunbookSummaryText(const Scorecard& k, const RunbookResult& rb)
{
    std::string s = std::to_string(rb.done) + " of " + std::to_string(rb.done + rb.skipped) + " command steps done (their commands completed in the simulation), " +
                    std::to_string(rb.skipped) + (k.ended ? " skipped" : " not done yet");
    if (rb.checklist)
        s += "; " + CountOf(rb.checklist, "checklist item") + " for the players, " + std::to_string(rb.ticked) +
             " of them ticked by the team, not simulated";
    return s + ".";
}
inline std::string RunbookStepStatusText(const Scorecard& k, const RunbookStepResult& s)
{
    if (s.checklist) return s.ticked_s ? "ticked by " + (s.ticked_by == "facilitator" ? std::string("the facilitator") : TeamLabel(s.ticked_by)) + " at " + When(k, *s.ticked_s) + " (not simulated)" : "not ticked";
    if (s.done_s) return When(k, *s.done_s) + (s.asked ? " (by the other team, asked)" : "");
    return k.ended ? "SKIPPED" : "not yet";
}

struct FigureRow {
    std::string name, value, seconds, definition;
};

// Every scorecard figure with its definition in docs/scoring.md's words (report_figures.cpp).
std::vector<std::pair<std::string, std::vector<FigureRow>>> FigureTable(const Scorecard& k);

// An HSEEP rating in words: "P" -> "Performed without challenges", "-" -> "Not rated (facilitator)".
inline std::string RatingLabel(const std::string& r)
{
    if (r == "P") return "Performed without challenges";
    if (r == "S") return "Performed with some challenges";
    if (r == "M") return "Performed with major challenges";
    if (r == "U") return "Unable to be performed";
    return "Not rated (facilitator)";
}

// A compliance obligation's status as the report's table says it: "missed (late by 02:00:00)",
// "open (sent only before the clock started, at Mon 09:00 (T+01:00))".
inline std::string ComplianceStatusText(const Scorecard& k, const ComplianceEntry& e)
{
    std::string status = ComplianceStatusLabel(e.status);
    if (e.status == ComplianceStatus::Missed && e.done_s && e.deadline_s) status += " (late by " + FormatDuration(*e.done_s - *e.deadline_s) + ")";
    if (e.sent_before_clock_s && !e.done_s)
        status += (e.status == ComplianceStatus::SentBeforeClock ? " (at " : " (sent only before the clock started, at ") + When(k, *e.sent_before_clock_s) +
                  ")";
    return status;
}

// A lane's name on the chart and in the tables: "attacker" -> "Attacker" (report_timeline.cpp).
std::string Lanes(const std::string& lane);

} // namespace bd::report_parts
