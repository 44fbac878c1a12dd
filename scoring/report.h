// report.h: the after-action report of one exercise, in the spirit of an HSEEP After-Action
// Report / Improvement Plan (AAR/IP), built from its journal (docs/reports.md explains every
// figure and rule to a manager).
//
//   auto read = bd::ReadJournal(path);
//   bd::ReportOptions o;  o.date = "2025-03-14";
//   bd::Report r = bd::BuildReport(read.records, o);
//   std::string html = bd::ReportHtml(r);   // one self-contained page: inline CSS and SVG, prints well
//   nlohmann::json j = bd::ToJson(r);       // the same content as data
//   std::string md = bd::ReportMarkdown(r);
//
// The figures come from the scorecard (scorecard.h), i.e. from the journal alone. Two things are
// read besides the journal: the scenario (LoadScenario of the header's scenario.ref, for its
// objectives; when it does not load, generic objectives are rated and the report says so), and,
// for the baseline placement, autopilot runs of the same scenario (compare.h). Nothing throws.
#pragma once
#include "scorecard.h"

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace bd {

// [SECTION] The report

// Who played: one row per (team, role), from the commands' team, role and issuer.
struct Participant {
    std::string team;                 // "secops", "itops", "facilitator"
    std::string role;                 // the issuer's role ("" = the team's lead)
    std::vector<std::string> issuers; // "autopilot:secops", "player:alice", ... sorted
    bool autopilot = false;           // every issuer of the row is an autopilot
    int64_t commands = 0;             // commands posted
};

// One objective rated P/S/M/U (HSEEP): "P" performed without challenges, "S" with some challenges,
// "M" with major challenges, "U" unable to be performed; "-" not rated (no rule applies and no
// inject measured it: the facilitator rates it).
struct ObjectiveRating {
    std::string objective;  // the scenario's text (or a generic objective's)
    std::string kind;       // "detect", "contain", "contain_before_encryption", "availability",
                            // "restore_service", "exfiltration", "compliance", "recover_hosts",
                            // "injects", "none"
    std::string rating;     // "P", "S", "M", "U" or "-"
    std::string rule;       // the rule applied, in words
    std::vector<std::string> evidence; // what the journal shows, with exercise times
};

// A strength or an area for improvement, from a documented rule on the metrics.
struct ReportFinding {
    std::string id;         // stable: "S-DETECT", "A-CONTAIN", ... (docs/reports.md)
    std::string capability; // "Detection", "Containment", "Coordination", ...
    std::string text;       // one sentence for a manager
    std::string evidence;   // the figure behind it
    std::vector<std::string> teams; // whose actions caused it ("itops", "secops"; sorted); empty: no one team
};

// A row of the improvement plan.
struct PlanRow {
    std::string area;       // the area for improvement it answers ("A-CONTAIN"), or "" for a new row
    std::string capability;
    std::string action;     // corrective action
    std::string owner;      // owner role
    std::string due;        // YYYY-MM-DD, or "" (to be set)
    std::string status;     // "" (open), or what the facilitator wrote
    bool facilitator = false; // written or edited by the facilitator (--plan)
};

// A mark on the timeline chart.
struct ChartEvent {
    ScoreTime t = 0;
    std::string lane;  // "attacker", "alerts", "secops", "itops", "injects"
    std::string label; // for the tooltip and the tables
    bool strong = true; // attacker: the technique worked; alerts: true positive; actions: ok; injects: expected action met
    bool refused = false; // actions: the command was refused when posted (command_result ok:false)
};

// A stretch of a business service being down, for the timeline's outage lanes.
struct ChartOutage {
    std::string service;   // the service's name (the header's, else its id)
    std::string cause;     // "attacker", "defender", "operations", other
    ScoreTime from = 0, to = 0;
};

// The team's figures placed against autopilot runs of the same scenario and profile.
struct BaselineLine {
    std::string figure;              // "time_to_detect_s", "time_to_contain_s", "time_to_recover_s", "total"
    std::optional<double> mine;      // the team's value (null: never)
    std::optional<double> median;    // the simulated teams' median
    double beat_percent = 0;         // simulated teams the team beat (compare.h PercentBeaten)
    double reached_percent = 0;      // simulated teams for which the moment came at all
    std::string outcome;             // the team's Reach (scorecard.h): "reached", "never", "no_breach", "undetected"
    std::string sentence;            // "your time to contain beat 78% of simulated teams"
};
struct Baseline {
    std::string org;
    uint64_t seeds = 0;
    size_t runs = 0;
    std::vector<BaselineLine> lines;
};

struct Report {
    Scorecard card;
    // Overview
    std::string date;            // YYYY-MM-DD (the header's run_at, else ReportOptions::date); "" unknown
    std::string date_source;     // "header", "given", "" (unknown)
    std::string scenario_ref;    // how the journal names the scenario (header scenario.ref)
    bool scenario_loaded = false;
    std::string scenario_note;   // why the scenario's objectives are not used, when they are not
    std::string summary_text;    // the scenario's summary ("" when not loaded)
    int64_t hosts = 0;           // the header's host count
    bool all_autopilot = false;  // every seat was an autopilot (header autopilot, else the issuers)
    // Per seat ("secops", "itops"), what the header's "autopilot" says: true an autopilot, false a
    // person; absent when the header does not say.
    std::map<std::string, bool> seat_autopilot;
    std::vector<Participant> participants;
    // Analysis
    std::vector<std::string> executive_summary; // sentences
    std::vector<ObjectiveRating> objectives;
    std::vector<ReportFinding> strengths, areas;
    std::vector<PlanRow> plan;
    std::vector<ChartEvent> events;             // time order, journal order within a time
    std::vector<ChartOutage> outages;           // service order of first outage, then time
    std::vector<TimelineEntry> key_moments;     // BuildTimeline(card)
    std::optional<Baseline> baseline;
    std::vector<std::string> problems;          // e.g. "[report.plan] ..." (shown in the report)
    // Set when the journal has no end record: one sentence saying that every figure and rating is
    // as of the last record. Every format shows it first (HTML, Markdown, JSON "incomplete"), and
    // the CLI prints it on stderr. "" for a finished exercise.
    std::string incomplete;
};

struct ReportOptions {
    std::string date;               // YYYY-MM-DD when the header has no run_at ("" unknown)
    bool load_scenario = true;      // false: rate generic objectives (tests, or no scenario at hand)
    uint64_t baseline_seeds = 50;   // 0: no baseline placement
    unsigned threads = 0;           // for the baseline runs (0: every core)
    nlohmann::json plan;            // the facilitator's rows (MergePlan), or null
};

// Builds the whole report. Never throws; problems (a plan row that is not usable) go to
// Report::problems with a stable id.
Report BuildReport(const std::vector<nlohmann::json>& records, const ReportOptions& options);

// The objectives rated P/S/M/U as the report rates them (docs/reports.md), from the card of these
// records: `objectives` are the scenario's; when it lists none, the generic objectives are rated.
// BuildReport calls it, and so does the desktop app's scoreboard (one rating, not two). It reads
// every record once per objective: call it once the exercise is over, not every frame. Never throws.
std::vector<ObjectiveRating> RateObjectives(const Scorecard& card, const std::vector<nlohmann::json>& records,
                                            std::vector<std::string> objectives);

// The rule the report rates an objective by, chosen by its words (docs/reports.md, "Which rule rates
// an objective"): "compliance", "exfiltration", "contain", "contain_before_encryption",
// "recover_hosts", "restore_service", "availability", "detect", or "none" (then only the injects that
// name it can rate it). `services`: the scenario's (id, name), which "restore ..." may name.
std::string ObjectiveRule(const std::string& objective, const std::vector<std::pair<std::string, std::string>>& services);

// Merges the facilitator's improvement-plan rows into r.plan: a JSON array of objects
// {"area"?, "action", "owner", "due", "status"?} (strings). A row whose "area" names a
// generated row replaces its non-empty fields; other rows are added. Returns the problems
// ("[report.plan] row 2: \"due\" must be a string") and skips those rows.
std::vector<std::string> MergePlan(Report& r, const nlohmann::json& plan);

// The baseline placement: runs `seeds` autopilot runs (seeds 1..N) of scenario `ref` under `org`
// and places the card against them. nullopt when the scenario does not load.
std::optional<Baseline> PlaceAgainstBaseline(const Scorecard& card, const std::string& ref, const std::string& org,
                                             int64_t size, uint64_t seeds, unsigned threads);
// One line for `breachdrill run`: "Against 50 simulated teams (autopilot, siloed): your time to
// detect beat 62%, time to contain 78%, ...".
std::string BaselineOneLine(const Baseline& b);

// [SECTION] Presenting it

nlohmann::json ToJson(const Report& r);
// One self-contained HTML page: inline CSS (with print rules) and inline SVG, no scripts, no
// external references.
std::string ReportHtml(const Report& r);
std::string ReportMarkdown(const Report& r);
// The timeline chart alone (an <svg> element).
std::string TimelineSvg(const Report& r, int width = 900);

// "2025-03-14" + 30 days -> "2025-04-13"; "" if `date` is not YYYY-MM-DD.
std::string AddDays(const std::string& date, int days);

} // namespace bd
