// scorecard.h: the exercise scorecard, computed from the journal records alone (docs/scoring.md).
//
// Every figure here is defined in docs/scoring.md together with the journal records it comes from,
// so a manager can trace each number back to the journal (docs/journal.md). This library reads
// nothing but JSON records: no engine state, no scenario file. It works on any journal, also one
// from an older build, one cut short by a crash, or one being written right now.
//
//   auto read = bd::ReadJournal(path);                  // engine/journal/journal.h
//   bd::Scorecard card = bd::ComputeScorecard(read.records);
//   std::puts(bd::FormatScorecard(card).c_str());      // a terminal report
//   nlohmann::json j = bd::ToJson(card);               // for files, the UI, golden tests
//
// A live UI feeds records as they come instead:
//   bd::ScoreAccumulator acc;  sim.on_record = [&](const nlohmann::json& r) { acc.Feed(r); };
//   bd::Scorecard now = acc.Result();
//
// Nothing here throws: a record with a missing or wrong-typed field is skipped and named in
// Scorecard::warnings with a stable id ("[scoring.bad_record] ..."), and the rest is still scored.
#pragma once
#include "core/story_clock.h"
#include "world/runbook.h"

#include <cstdint>
#include <map>
#include <set>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace bd {

// All times are integer simulated seconds (the journal's `t`); std::nullopt is "never happened"
// and becomes JSON null.
using ScoreTime = int64_t;
// Named apart from world.h's kHour/kDay (SimTime): scoring reads journals, not the world.
inline constexpr ScoreTime kHourS = 3600;
inline constexpr ScoreTime kDayS = 86400;

// [SECTION] The scorecard

// SentBeforeClock: the only notification was sent before the clock started (after a false alarm, or
// before the breach was known); it does not count, and the obligation is still to be met: the
// deadline had not passed at the end, or the clock never started. Once the deadline passes
// without a notification sent after the clock started, the status is Missed.
enum class ComplianceStatus : uint8_t { Met, Missed, Open, NotTriggered, SentBeforeClock };
// "met", "missed", "open", "not_triggered", "sent_before_clock" (the JSON form).
const char* ComplianceStatusName(ComplianceStatus s);
// "MET", "MISSED", "OPEN", "NOT TRIGGERED", "SENT BEFORE THE CLOCK STARTED" (the printed form).
const char* ComplianceStatusLabel(ComplianceStatus s);

// One reporting obligation of one regime: NIS2 gives three, GDPR one.
struct ComplianceEntry {
    std::string regime;     // "nis2", "gdpr"
    std::string obligation; // "early_warning", "notification", "final_report"
    std::optional<ScoreTime> clock_started_s; // exercise time the clock started; nullopt: not triggered
    std::optional<ScoreTime> deadline_s;      // clock_started_s + the regime's limit
    std::optional<ScoreTime> done_s;          // first successful notify_authority for it at or after the
                                              // clock started, even if late; nullopt: none
    std::optional<ScoreTime> sent_before_clock_s; // first one sent before the clock started (or with
                                                  // no clock): it does not count
    ComplianceStatus status = ComplianceStatus::NotTriggered;
};

// The obligations counted the way every part of the report counts them (docs/scoring.md,
// "Compliance clocks"): `started` those whose clock started; of those `met`, `missed`, and `open`
// (Open, or SentBeforeClock with its clock started); `sent_before_clock` every entry with a
// notification that did not count because it came before the clock.
struct ComplianceTally {
    int started = 0, met = 0, missed = 0, open = 0, sent_before_clock = 0;
};
ComplianceTally TallyCompliance(const std::vector<ComplianceEntry>& entries);
// An obligation in words: ("nis2", "early_warning") -> "NIS2 early warning".
std::string ObligationLabel(const std::string& regime, const std::string& obligation);

// Downtime of one business service, split by the cause the journal gave its outage.
struct ServiceDowntime {
    std::string id, name;    // name from the header, else the id
    double cost_per_hour = 0;
    ScoreTime attacker_s = 0, defender_s = 0, operations_s = 0;
    ScoreTime other_s = 0;   // down with cause "none" or an unknown cause: counted, cost unattributed
    ScoreTime total_s() const { return attacker_s + defender_s + operations_s + other_s; }
};

struct Impact {
    std::string currency;      // from the header; "" if it has none
    double attacker_caused = 0;
    double self_inflicted = 0; // outages the defenders' own actions caused
    double operations = 0;     // ops failures that are not an attack (a faulty vendor update)
    double unattributed = 0;   // outages with cause "none" or unknown; normally 0
    double total() const { return attacker_caused + self_inflicted + operations + unattributed; }
    std::vector<ServiceDowntime> downtime; // header order first, then services seen only in records
    int64_t records_exfiltrated = 0;
    int64_t personal_records_exfiltrated = 0;
    int64_t hosts_encrypted = 0; // distinct hosts ever encrypted
};

struct Coordination {
    int64_t requests = 0;  // ticket records
    int64_t answered = 0;  // tickets with a response (a command naming them, or a close)
    std::optional<ScoreTime> median_handoff_s; // lower middle of the answered tickets' latencies
    std::optional<ScoreTime> max_handoff_s;
    int64_t open_tickets = 0;             // no ticket_closed by the end
    int64_t uncoordinated_disruptive = 0; // command_done ok with uncoordinated:true
    int64_t emergency_changes = 0;        // command_done ok with cmd.emergency:true
};

struct AlertCounts {
    int64_t total = 0;          // alert records
    int64_t true_positive = 0;  // of which the attacker caused (ground truth)
    int64_t triaged = 0;        // alerts with a final triage verdict
    int64_t triaged_true = 0;   // ... verdict true_positive (right or wrong)
    int64_t triaged_false = 0;  // ... verdict false_positive (right or wrong)
    int64_t false_positives_triaged_as_true = 0;
    int64_t true_alerts_triaged_as_false = 0;
    int64_t missed_true = 0;    // true alerts never triaged
};

// A key moment for the timeline. Raw moments (encryption, exfiltration, notification) are kept in
// journal order in Scorecard::moments; BuildTimeline (timeline.h) merges them with the milestones.
struct TimelineEntry {
    ScoreTime t = 0;
    std::string kind;  // "attack_start", "tool_detect", "detected", "contained", "recovered",
                       // "encryption", "exfiltration", "notification", "end"
    std::string label; // one line for a person
};

// A team's runbook (the journal's `runbooks` record) and what became of each step: done (when, by
// which command, asked of the other team or not), not done by the end (skipped), or a checklist
// item the simulation does not model, which the players may have ticked (tick_step: they say they
// did it, and when; kept apart from the command steps the simulation verified; docs/scoring.md,
// "Runbook steps").
struct RunbookStepResult {
    int n = 0;                      // 1-based, in runbook order
    std::string text, action, source_step;
    bool checklist = false;         // no command: the players' to tick off, not scored
    std::optional<ScoreTime> done_s; // the command_done that did it
    uint64_t command = 0;           // its command id
    bool asked = false;             // done by asking the other team (request_action)
    std::optional<ScoreTime> ticked_s; // a checklist item: when the players ticked it (its last tick, if not unticked since)
    std::string ticked_by;          // the seat that ticked it: "itops", "secops", "facilitator"
};
struct RunbookResult {
    std::string team, name;
    std::vector<RunbookStepResult> steps;
    int done = 0;      // command steps done
    int skipped = 0;   // command steps not done by the end (or by the last record)
    int checklist = 0; // checklist items
    int ticked = 0;    // checklist items ticked by the players at the end (not simulated)
};

struct Scorecard {
    // The run, from the header and the end record.
    std::string scenario, title, org;
    std::optional<uint64_t> seed;
    std::string story_start;  // the header's: where the story starts in the week ("Mon 08:00"; "" = none)
    std::string run_at;       // the header's: when the exercise was run, ISO 8601 UTC ("" = unknown)
    StoryClock clock() const { return StoryClock::Named(story_start); } // how every moment is shown
    std::string end_reason;   // from the end record; "" when the journal has none
    std::string state_hash;   // from the end record; "" when none
    bool ended = false;       // the journal has an end record
    ScoreTime duration_s = 0; // the end record's t, else the last record's t
    std::optional<ScoreTime> planned_duration_s; // the header's duration_s

    // Absolute exercise times of the milestones.
    std::optional<ScoreTime> attack_start_s;   // first technique ok:true
    std::optional<ScoreTime> tool_detect_at_s; // first alert true_positive:true
    std::optional<ScoreTime> detected_at_s;
    std::optional<ScoreTime> contained_at_s;
    std::optional<ScoreTime> recovered_at_s;
    std::string detected_by;  // team of the detecting command ("secops", "itops"); "" if not detected
    std::string detected_how; // "triage_alert" or "declare_incident"; "" if not detected

    // The headline durations (docs/scoring.md).
    std::optional<ScoreTime> time_to_tool_detect_s; // tool_detect_at - attack_start, at least 0
    std::optional<ScoreTime> time_to_detect_s;      // detected_at - attack_start, at least 0
    std::optional<ScoreTime> time_to_contain_s;     // contained_at - detected_at, at least 0
    std::optional<ScoreTime> time_to_recover_s;     // recovered_at - detected_at, at least 0
    // The attacker's time in the network, summed: the seconds during which it held a live foothold
    // or a stolen credential that still works (from an attacker record saying not contained to the
    // next saying contained, or to the end). A re-entry after a containment adds its own stretch;
    // the time it was out counts for nothing. Set once the attack began; `intrusions` counts the
    // stretches (1, plus one per re-entry).
    std::optional<ScoreTime> foothold_time_s;
    int64_t intrusions = 0;

    // An outage that is not an attack (docs/scoring.md, "Outage"): hosts and services an
    // operations event took down (host or service records with cause "operations").
    std::optional<ScoreTime> outage_start_s;        // the first host or service down with cause "operations"
    std::optional<ScoreTime> outage_recovered_at_s; // every one of them back (host running, service up) since then
    std::optional<ScoreTime> time_to_restore_s;     // outage_recovered_at - outage_start, at least 0
    int64_t outage_hosts = 0, outage_services = 0;  // distinct hosts and services it took down

    Impact impact;
    Coordination coordination;
    std::vector<ComplianceEntry> compliance; // header regime order; NIS2 stages in deadline order
    AlertCounts alerts;
    std::vector<TimelineEntry> moments;      // encryption / exfiltration / notification, journal order
    std::vector<RunbookResult> runbooks;     // ITOps', then SecOps'; empty when no team had one
    std::vector<std::string> warnings;       // ours ("[scoring.*] ...") and the journal's own
};

// [SECTION] Outcomes: whether each headline moment came
//
// The one definition of "never detected / contained / recovered" that the report, compare and
// history use (docs/scoring.md, "Outcomes"). A breach that never began is not a failure to detect
// it, and a run contained or recovered without anyone detecting the breach has no time to contain
// or recover (those are measured from detection), but it did not "never" get there either.
enum class Reach : uint8_t {
    Reached,    // it happened, and its headline time is set
    Never,      // a breach began, and by the end it had not happened
    Undetected, // contained / recovered, but the breach was never detected: no time to measure
    NoBreach,   // no attacker technique succeeded: nothing to detect, contain or recover from
};
// "reached", "never", "undetected", "no_breach".
const char* ReachName(Reach r);
struct Outcomes {
    Reach detected = Reach::NoBreach, contained = Reach::NoBreach, recovered = Reach::NoBreach;
};
Outcomes OutcomesOf(const Scorecard& c);

// [SECTION] Computing it

// Feeds journal records one at a time, in journal order, and gives the scorecard so far.
// Result() reads the exercise as ending at the last record fed when no end record came yet (and
// says so in the warnings), so a live UI can call it at any moment. Result(as_of) reads it as
// ending at the clock `as_of` instead (a live UI passes its clock: a service still down keeps
// costing after the last record, and an open deadline can pass); an `as_of` before the last record
// is ignored, and so is any `as_of` once the end record came (the end is the end record's t). Feed() never throws; records
// of unknown types are ignored, malformed ones skipped with a warning. Records after the end
// record are ignored (with one warning). Result() costs about O(alerts + tickets + services + hosts).
class ScoreAccumulator {
public:
    void Feed(const nlohmann::json& record);
    Scorecard Result(std::optional<ScoreTime> as_of = std::nullopt) const;
    size_t RecordsFed() const { return fed_; }

private:
    struct ServiceTrack {
        bool seen = false, up = true, ever_down = false;
        std::string cause;            // of the current outage
        ScoreTime since = 0;          // time of the last record for it
        ScoreTime up_since = 0;       // when it last came back up
        ScoreTime secs[4] = {0, 0, 0, 0}; // attacker, defender, operations, other
    };
    struct HostTrack {
        bool encrypted = false, ever_encrypted = false;
        ScoreTime clean_since = 0;    // when encryption was last removed
    };
    struct OutageTrack {              // a host or service an operations event took down
        bool back = false;            // running (host) or up (service) now
        ScoreTime back_since = 0;     // when it last came back
    };
    struct TicketTrack {
        ScoreTime opened = 0;
        std::string from; // the team that asked
        std::optional<ScoreTime> answered;
        bool closed = false;
    };
    struct DetectCandidate {          // a command_done that may be the detection (resolved in Result)
        ScoreTime t = 0;
        std::string team, kind;
        std::optional<int64_t> alert; // triage_alert: the alert id
        std::vector<std::string> assets; // declare_incident: the hosts named
    };

    void FeedUnchecked(const nlohmann::json& r, ScoreTime t, const std::string& type);
    void FeedHeader(const nlohmann::json& r);
    void FeedCommandDone(const nlohmann::json& r, ScoreTime t);
    void FeedTechnique(const nlohmann::json& r, ScoreTime t); // a technique record: when the attack started
    void FeedExfiltration(const nlohmann::json& r, ScoreTime t);
    void FeedEnd(const nlohmann::json& r, ScoreTime t);
    void FeedRunbooks(const nlohmann::json& r);
    void FeedRunbookCommand(const nlohmann::json& cmd, const std::string& kind, const std::string& team, ScoreTime t);
    void ResultRunbooks(Scorecard& c) const;
    void FeedOutage(std::map<std::string, OutageTrack>& tracks, const std::string& id, bool back, bool operations, ScoreTime t);
    void BadRecord(const nlohmann::json& r, const std::string& why);
    void Warn(std::string w) { warnings_.push_back(std::move(w)); }
    std::optional<ScoreTime> ResolveDetection(const DetectCandidate** by) const;
    // Result() by figure group (scorecard_result.cpp); end is the exercise's end or last record.
    void ResultDetection(Scorecard& c) const;
    void ResultContainment(Scorecard& c, ScoreTime end) const;
    void ResultRecovery(Scorecard& c) const;
    void ResultOutage(Scorecard& c) const;
    void ResultImpact(Scorecard& c, ScoreTime end) const;
    void ResultCoordination(Scorecard& c) const;
    void ResultCompliance(Scorecard& c, ScoreTime end) const;
    void ResultAlerts(Scorecard& c) const;

    size_t fed_ = 0;
    bool have_header_ = false, ended_ = false;
    ScoreTime last_t_ = 0;
    bool time_order_warned_ = false;
    int64_t after_end_ = 0;
    int64_t bad_records_ = 0;
    std::vector<std::string> warnings_;

    // header
    std::string scenario_, title_, org_, currency_, story_start_, run_at_;
    std::optional<uint64_t> seed_;
    std::optional<ScoreTime> planned_duration_;
    std::vector<std::string> regimes_;
    std::vector<std::string> service_order_; // header order, then first seen
    std::map<std::string, std::pair<std::string, double>> service_info_; // id -> name, cost/hour

    // end
    ScoreTime end_t_ = 0;
    std::string end_reason_, state_hash_;

    // attacker and detection
    std::optional<ScoreTime> attack_start_, tool_detect_;
    std::optional<ScoreTime> attacker_last_t_;
    bool attacker_last_contained_ = false;
    std::optional<ScoreTime> live_since_; // the attacker holds a live foothold since then
    ScoreTime live_total_ = 0;            // the stretches that ended
    int64_t intrusions_ = 0;
    std::map<std::string, ScoreTime> first_foothold_;     // host -> first foothold gained:true
    std::map<int64_t, bool> alert_truth_;                 // alert id -> true_positive
    // Pre-attack traces (a scan of the internet-facing hosts, before initial access): real alerts, but
    // confirming one is not detecting a breach that had not begun. Techniques of reconnaissance or
    // resource development records, and the true alerts of those techniques raised before the attack start.
    std::set<std::string> prelude_techniques_;
    std::set<int64_t> prelude_alerts_;
    std::map<int64_t, std::string> verdicts_;             // alert id -> last triage verdict
    std::vector<DetectCandidate> candidates_;
    bool detection_certain_ = false;   // a candidate already qualified: later ones cannot be first

    // impact
    std::map<std::string, ServiceTrack> services_;
    std::map<std::string, HostTrack> hosts_;
    int64_t exfiltrated_ = 0, personal_exfiltrated_ = 0;
    std::optional<ScoreTime> personal_data_at_;           // first staged/exfiltration personal_data:true

    // outage (operations)
    std::optional<ScoreTime> outage_start_;
    std::map<std::string, OutageTrack> outage_hosts_, outage_services_; // id -> since it went down from operations

    // coordination
    std::map<int64_t, TicketTrack> tickets_;
    int64_t uncoordinated_ = 0, emergency_ = 0;

    // compliance: (regime, stage) -> every successful notify_authority, journal order (the clock
    // start is known only in Result)
    struct Notice {
        ScoreTime t = 0;
        std::string team;
    };
    std::map<std::pair<std::string, std::string>, std::vector<Notice>> notified_;

    std::vector<TimelineEntry> moments_;

    // runbooks: (team, runbook), and where each step stands (world/runbook.h, as the engine counts it)
    std::vector<std::pair<std::string, Runbook>> runbooks_;
    std::vector<std::vector<RunbookStepStatus>> runbook_status_;
};

// Feeds every record to a ScoreAccumulator and returns its Result(). Never throws.
Scorecard ComputeScorecard(const std::vector<nlohmann::json>& records);

// [SECTION] Presenting it

// The scorecard as JSON (the layout in docs/scoring.md); absent values are null.
nlohmann::json ToJson(const Scorecard& card);

// A plain-text scorecard for a terminal, about 40 lines of at most 100 columns, for a manager.
std::string FormatScorecard(const Scorecard& card);

// "04:12:00" below a day, "1d 04:12:00" from a day on; negative values get a leading '-'.
std::string FormatDuration(ScoreTime seconds);
// FormatDuration plus the exact seconds: "1d 04:12:00 (101520 s)".
std::string FormatDurationWithSeconds(ScoreTime seconds);
// Rounded to whole units with thousands separators: "1,234,568 EUR" ("1,234,568" if no currency).
std::string FormatMoney(double amount, const std::string& currency);
// The end record's reason in plain words: "duration" -> "scheduled duration reached".
std::string DescribeEndReason(const std::string& reason);
// Pads to `width` characters with spaces on the right (UTF-8: continuation bytes count as nothing).
std::string PadRight(std::string s, size_t width);
// A team as people write it: "secops" -> "SecOps", "itops" -> "ITOps"; "" -> "(no team)".
inline std::string TeamLabel(const std::string& team)
{
    if (team == "secops") return "SecOps";
    if (team == "itops") return "ITOps";
    if (team == "facilitator") return "Facilitator";
    return team.empty() ? "(no team)" : team;
}

// One obligation in words, as the printed scorecard names it: "NIS2 early warning (24 h)".
std::string ComplianceLabel(const ComplianceEntry& e);
// Characters on screen (UTF-8: continuation bytes count as nothing).
size_t TextWidth(const std::string& s);
// A time or null, for JSON.
inline nlohmann::json TimeOrNull(const std::optional<ScoreTime>& t) { return t ? nlohmann::json(*t) : nlohmann::json(nullptr); }
// Thousands separators: 250000 -> "250,000".
std::string FormatCount(int64_t n);
// A count with its noun: "1 host", "2 hosts", "1,200 alerts" (the plural: the noun + "s", or `plural`).
std::string CountOf(int64_t n, const std::string& noun, const std::string& plural = "");

} // namespace bd
