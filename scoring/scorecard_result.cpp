// scorecard_result.cpp: the scorecard from what feeding the records gathered (scorecard.cpp):
// ScoreAccumulator::Result in one function per figure group (detection, containment, recovery,
// outage, impact, coordination, compliance, alerts), and ComputeScorecard. Definitions in docs/scoring.md.
#include "scorecard_parts.h"

#include <algorithm>
#include <iterator>
#include <set>
#include <string>
#include <vector>

namespace bd {

using nlohmann::json;
using namespace scorecard_parts;

// [SECTION] The result

std::optional<ScoreTime> ScoreAccumulator::ResolveDetection(const DetectCandidate** by) const
{
    // Candidates are in journal order; the first that qualifies is the detection. Only what comes
    // at or after the attack start counts: confirming a failed phishing attempt is good hygiene,
    // not the detection of a breach that had not begun.
    for (const auto& c : candidates_) {
        if (!attack_start_ || c.t < *attack_start_) continue;
        bool qualifies = false;
        if (c.alert) {
            auto truth = alert_truth_.find(*c.alert);
            qualifies = truth != alert_truth_.end() && truth->second && !prelude_alerts_.count(*c.alert);
        } else {
            for (const auto& h : c.assets) {
                auto f = first_foothold_.find(h);
                if (f != first_foothold_.end() && f->second <= c.t) qualifies = true;
            }
        }
        if (qualifies) {
            *by = &c;
            return c.t;
        }
    }
    return std::nullopt;
}

// Detection and the headline times.
void ScoreAccumulator::ResultDetection(Scorecard& c) const
{
    c.attack_start_s = attack_start_;
    c.tool_detect_at_s = tool_detect_;
    if (attack_start_ && tool_detect_) c.time_to_tool_detect_s = AtLeastZero(*tool_detect_ - *attack_start_);
    const DetectCandidate* by = nullptr;
    c.detected_at_s = ResolveDetection(&by);
    if (by) {
        c.detected_by = by->team;
        c.detected_how = by->kind;
    }
    if (attack_start_ && c.detected_at_s) c.time_to_detect_s = AtLeastZero(*c.detected_at_s - *attack_start_);
}

// Containment.
void ScoreAccumulator::ResultContainment(Scorecard& c, ScoreTime end) const
{
    if (attack_start_) {
        c.foothold_time_s = live_total_ + (live_since_ ? std::max<ScoreTime>(0, end - *live_since_) : 0);
        c.intrusions = intrusions_;
    }
    if (attacker_last_t_ && attacker_last_contained_ && attack_start_ && *attacker_last_t_ >= *attack_start_)
        c.contained_at_s = attacker_last_t_;
    if (c.detected_at_s && c.contained_at_s) c.time_to_contain_s = AtLeastZero(*c.contained_at_s - *c.detected_at_s);
}

// Recovered: each of the three conditions holds now and has held since it last became true,
// so all three have held together since the latest of those times.
void ScoreAccumulator::ResultRecovery(Scorecard& c) const
{
    if (c.contained_at_s) {
        bool recovered = true;
        ScoreTime at = *c.contained_at_s;
        for (const auto& [id, s] : services_) {
            if (!s.ever_down) continue;
            if (!s.up) recovered = false;
            else at = std::max(at, s.up_since);
        }
        for (const auto& [id, h] : hosts_) {
            if (h.encrypted) recovered = false;
            else if (h.ever_encrypted) at = std::max(at, h.clean_since);
        }
        if (recovered) c.recovered_at_s = at;
    }
    if (c.detected_at_s && c.recovered_at_s) c.time_to_recover_s = AtLeastZero(*c.recovered_at_s - *c.detected_at_s);
}

// The outage: every host and service the operations took down is back now; it was restored
// when the last of them came back.
void ScoreAccumulator::ResultOutage(Scorecard& c) const
{
    c.outage_start_s = outage_start_;
    c.outage_hosts = (int64_t)outage_hosts_.size();
    c.outage_services = (int64_t)outage_services_.size();
    if (!outage_start_) return;
    ScoreTime at = *outage_start_;
    for (const auto* tracks : {&outage_hosts_, &outage_services_})
        for (const auto& [id, o] : *tracks) {
            if (!o.back) return;
            at = std::max(at, o.back_since);
        }
    c.outage_recovered_at_s = at;
    c.time_to_restore_s = AtLeastZero(at - *outage_start_);
}

// Impact.
void ScoreAccumulator::ResultImpact(Scorecard& c, ScoreTime end) const
{
    Impact& im = c.impact;
    im.currency = currency_;
    for (const auto& id : service_order_) {
        ServiceDowntime d;
        d.id = id;
        d.name = id;
        if (auto info = service_info_.find(id); info != service_info_.end()) {
            d.name = info->second.first;
            d.cost_per_hour = info->second.second;
        }
        if (auto it = services_.find(id); it != services_.end()) {
            const ServiceTrack& s = it->second;
            ScoreTime secs[4] = {s.secs[0], s.secs[1], s.secs[2], s.secs[3]};
            if (s.seen && !s.up) secs[CauseIndex(s.cause)] += AtLeastZero(end - s.since); // still down at the end
            d.attacker_s = secs[0];
            d.defender_s = secs[1];
            d.operations_s = secs[2];
            d.other_s = secs[3];
        }
        im.attacker_caused += (double)d.attacker_s * d.cost_per_hour / 3600.0;
        im.self_inflicted += (double)d.defender_s * d.cost_per_hour / 3600.0;
        im.operations += (double)d.operations_s * d.cost_per_hour / 3600.0;
        im.unattributed += (double)d.other_s * d.cost_per_hour / 3600.0;
        if (d.other_s > 0)
            c.warnings.push_back("[scoring.unattributed] service '" + id + "' was down " + std::to_string(d.other_s) +
                                 " s with no known cause; its cost is counted as unattributed");
        im.downtime.push_back(std::move(d));
    }
    im.records_exfiltrated = exfiltrated_;
    im.personal_records_exfiltrated = personal_exfiltrated_;
    for (const auto& [id, h] : hosts_)
        if (h.ever_encrypted) ++im.hosts_encrypted;
}

// Coordination.
void ScoreAccumulator::ResultCoordination(Scorecard& c) const
{
    Coordination& co = c.coordination;
    std::vector<ScoreTime> latencies;
    co.requests = (int64_t)tickets_.size();
    for (const auto& [id, tk] : tickets_) {
        if (tk.answered) latencies.push_back(AtLeastZero(*tk.answered - tk.opened));
        if (!tk.closed) ++co.open_tickets;
    }
    co.answered = (int64_t)latencies.size();
    if (!latencies.empty()) {
        std::sort(latencies.begin(), latencies.end());
        co.median_handoff_s = latencies[(latencies.size() - 1) / 2]; // the lower middle for an even count
        co.max_handoff_s = latencies.back();
    }
    co.uncoordinated_disruptive = uncoordinated_;
    co.emergency_changes = emergency_;
}

// Compliance. A notification counts from the moment its clock started; one sent before (after a
// false alarm, say) is kept apart and does not meet the obligation. Adds the notifications' moments.
void ScoreAccumulator::ResultCompliance(Scorecard& c, ScoreTime end) const
{
    std::vector<TimelineEntry> notes;
    auto note = [&](const std::pair<std::string, std::string>& key, const Notice& n, const char* tail) {
        notes.push_back({n.t, "notification", ObligationLabel(key.first, key.second) + " sent" + (n.team.empty() ? "" : " by " + TeamLabel(n.team)) + tail});
    };
    std::set<std::pair<std::string, std::string>> scored;
    for (const auto& regime : regimes_) {
        const Obligation* list = nullptr;
        size_t n = 0;
        std::optional<ScoreTime> start;
        if (regime == "nis2") {
            list = kNis2;
            n = std::size(kNis2);
            start = c.detected_at_s;
        } else if (regime == "gdpr") {
            list = kGdpr;
            n = std::size(kGdpr);
            if (c.detected_at_s && personal_data_at_) start = std::max(*c.detected_at_s, *personal_data_at_);
        } else {
            c.warnings.push_back("[scoring.unknown_regime] regime '" + regime + "' has no obligations known to the scorer");
            continue;
        }
        for (size_t i = 0; i < n; ++i) {
            ComplianceEntry e;
            e.regime = regime;
            e.obligation = list[i].stage;
            const std::pair<std::string, std::string> key{regime, list[i].stage};
            const bool first_time = scored.insert(key).second; // a regime listed twice: its moments once
            if (auto d = notified_.find(key); d != notified_.end()) {
                for (const Notice& n : d->second) {
                    if (start && n.t >= *start) {
                        e.done_s = n.t;
                        if (first_time) note(key, n, "");
                        break;
                    }
                    if (!e.sent_before_clock_s) {
                        e.sent_before_clock_s = n.t;
                        if (first_time) note(key, n, " before the clock started (it does not count)");
                    }
                }
            }
            if (start) {
                e.clock_started_s = start;
                e.deadline_s = *start + list[i].limit_s;
                if (e.done_s)
                    e.status = *e.done_s <= *e.deadline_s ? ComplianceStatus::Met : ComplianceStatus::Missed;
                else if (end > *e.deadline_s)
                    e.status = ComplianceStatus::Missed;
                else
                    e.status = e.sent_before_clock_s ? ComplianceStatus::SentBeforeClock : ComplianceStatus::Open;
            } else if (e.sent_before_clock_s) {
                e.status = ComplianceStatus::SentBeforeClock;
            }
            c.compliance.push_back(std::move(e));
        }
    }
    // Notifications of a regime or stage the scorer knows no obligation for: their first, as sent.
    for (const auto& [key, list] : notified_)
        if (!scored.count(key) && !list.empty()) note(key, list.front(), "");
    std::stable_sort(notes.begin(), notes.end(), [](const TimelineEntry& a, const TimelineEntry& b) { return a.t < b.t; });
    std::vector<TimelineEntry> merged;
    merged.reserve(c.moments.size() + notes.size());
    std::merge(c.moments.begin(), c.moments.end(), notes.begin(), notes.end(), std::back_inserter(merged),
               [](const TimelineEntry& a, const TimelineEntry& b) { return a.t < b.t; });
    c.moments = std::move(merged);
}

// Alerts.
void ScoreAccumulator::ResultAlerts(Scorecard& c) const
{
    AlertCounts& al = c.alerts;
    int64_t unknown_verdicts = 0;
    al.total = (int64_t)alert_truth_.size();
    for (const auto& [id, tp] : alert_truth_)
        if (tp) {
            ++al.true_positive;
            if (!verdicts_.count(id)) ++al.missed_true;
        }
    for (const auto& [id, verdict] : verdicts_) {
        auto truth = alert_truth_.find(id);
        if (truth == alert_truth_.end()) {
            ++unknown_verdicts;
            continue;
        }
        ++al.triaged;
        const bool said_true = verdict == "true_positive";
        if (said_true) ++al.triaged_true;
        else ++al.triaged_false;
        if (said_true && !truth->second) ++al.false_positives_triaged_as_true;
        if (!said_true && truth->second) ++al.true_alerts_triaged_as_false;
    }
    if (unknown_verdicts > 0)
        c.warnings.push_back("[scoring.unknown_alert] " + std::to_string(unknown_verdicts) +
                             " triaged alert id(s) have no alert record; not counted");
}

Scorecard ScoreAccumulator::Result(std::optional<ScoreTime> as_of) const
{
    Scorecard c;
    c.warnings = warnings_;
    try {
        if (!have_header_)
            c.warnings.push_back("[scoring.no_header] the journal has no header record: scenario, service costs and "
                                 "regimes are unknown");
        const bool at_clock = !ended_ && as_of && *as_of > last_t_;
        const ScoreTime end = ended_ ? end_t_ : at_clock ? *as_of : last_t_;
        if (!ended_)
            c.warnings.push_back("[scoring.no_end] the journal has no end record (the exercise is still running or "
                                 "was interrupted); figures are as of " + std::string(at_clock ? "the clock" : "its last record") +
                                 ", t=" + std::to_string(end));
        if (after_end_ > 0)
            c.warnings.push_back("[scoring.after_end] " + std::to_string(after_end_) +
                                 " record(s) after the end record were ignored");
        if (bad_records_ > kMaxBadRecordWarnings)
            c.warnings.push_back("[scoring.bad_record] ... and " + std::to_string(bad_records_ - kMaxBadRecordWarnings) +
                                 " more malformed record(s) skipped");

        c.scenario = scenario_;
        c.title = title_;
        c.org = org_;
        c.seed = seed_;
        c.story_start = story_start_;
        c.run_at = run_at_;
        c.ended = ended_;
        c.end_reason = end_reason_;
        c.state_hash = state_hash_;
        c.duration_s = end;
        c.planned_duration_s = planned_duration_;

        c.moments = moments_; // ResultCompliance adds the notifications
        ResultDetection(c);
        ResultContainment(c, end);
        ResultRecovery(c);
        ResultOutage(c);
        ResultImpact(c, end);
        ResultCoordination(c);
        ResultCompliance(c, end);
        ResultAlerts(c);
        ResultRunbooks(c);
    } catch (const std::exception& e) {
        // Only an allocation failure can land here; the scorecard so far is still returned.
        c.warnings.push_back(std::string("[scoring.internal] the scorecard is incomplete: ") + e.what());
    }
    return c;
}

Scorecard ComputeScorecard(const std::vector<json>& records)
{
    ScoreAccumulator acc;
    for (const auto& r : records) acc.Feed(r);
    return acc.Result();
}

} // namespace bd
