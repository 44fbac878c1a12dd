// scorecard_json.cpp: the scorecard as JSON (ToJson(Scorecard); the layout in docs/scoring.md).
#include "scorecard.h"

#include "timeline.h"

#include <cmath>
#include <optional>
#include <string>

namespace bd {

using nlohmann::json;

namespace {

json OptJson(const std::optional<ScoreTime>& v) { return v ? json(*v) : json(nullptr); }
json StrOrNull(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }
// Money to the cent, so golden files do not depend on the last bits of a double.
double Cents(double v) { return std::round(v * 100.0) / 100.0; }

} // namespace

json ToJson(const Scorecard& c)
{
    json j;
    j["scenario"] = c.scenario;
    j["title"] = c.title;
    j["seed"] = c.seed ? json(*c.seed) : json(nullptr);
    j["org"] = c.org;
    j["story_start"] = StrOrNull(c.story_start);
    j["run_at"] = StrOrNull(c.run_at);
    j["end_reason"] = c.ended ? json(c.end_reason) : json(nullptr);
    j["duration_s"] = c.duration_s;
    j["planned_duration_s"] = OptJson(c.planned_duration_s);
    j["attack_start_s"] = OptJson(c.attack_start_s);
    j["tool_detect_at_s"] = OptJson(c.tool_detect_at_s);
    j["detected_at_s"] = OptJson(c.detected_at_s);
    j["contained_at_s"] = OptJson(c.contained_at_s);
    j["recovered_at_s"] = OptJson(c.recovered_at_s);
    j["time_to_tool_detect_s"] = OptJson(c.time_to_tool_detect_s);
    j["time_to_detect_s"] = OptJson(c.time_to_detect_s);
    j["detected_by"] = StrOrNull(c.detected_by);
    j["detected_how"] = StrOrNull(c.detected_how);
    j["time_to_contain_s"] = OptJson(c.time_to_contain_s);
    j["time_to_recover_s"] = OptJson(c.time_to_recover_s);
    j["foothold_time_s"] = OptJson(c.foothold_time_s);
    j["intrusions"] = c.intrusions;
    j["outage_start_s"] = OptJson(c.outage_start_s);
    j["outage_recovered_at_s"] = OptJson(c.outage_recovered_at_s);
    j["time_to_restore_s"] = OptJson(c.time_to_restore_s);
    j["outage_hosts"] = c.outage_hosts;
    j["outage_services"] = c.outage_services;

    const Impact& im = c.impact;
    json downtime_s = json::object(), downtime = json::array();
    for (const auto& d : im.downtime) {
        downtime_s[d.id] = d.total_s();
        downtime.push_back({{"id", d.id}, {"name", d.name}, {"cost_per_hour", d.cost_per_hour},
                            {"attacker_s", d.attacker_s}, {"defender_s", d.defender_s},
                            {"operations_s", d.operations_s}, {"other_s", d.other_s}, {"total_s", d.total_s()},
                            {"cost", Cents((double)d.total_s() * d.cost_per_hour / 3600.0)}});
    }
    j["impact"] = {{"attacker_caused", Cents(im.attacker_caused)},
                   {"self_inflicted", Cents(im.self_inflicted)},
                   {"operations", Cents(im.operations)},
                   {"unattributed", Cents(im.unattributed)},
                   {"total", Cents(im.total())},
                   {"currency", im.currency},
                   {"records_exfiltrated", im.records_exfiltrated},
                   {"personal_records_exfiltrated", im.personal_records_exfiltrated},
                   {"hosts_encrypted", im.hosts_encrypted},
                   {"downtime_s", downtime_s},
                   {"services", downtime}};

    const Coordination& co = c.coordination;
    j["coordination"] = {{"requests", co.requests},
                         {"answered", co.answered},
                         {"median_handoff_s", OptJson(co.median_handoff_s)},
                         {"max_handoff_s", OptJson(co.max_handoff_s)},
                         {"open_tickets", co.open_tickets},
                         {"uncoordinated_disruptive", co.uncoordinated_disruptive},
                         {"emergency_changes", co.emergency_changes}};

    json compliance = json::array();
    for (const auto& e : c.compliance)
        compliance.push_back({{"regime", e.regime},
                              {"obligation", e.obligation},
                              {"clock_started_s", OptJson(e.clock_started_s)},
                              {"deadline_s", OptJson(e.deadline_s)},
                              {"done_s", OptJson(e.done_s)},
                              {"sent_before_clock_s", OptJson(e.sent_before_clock_s)},
                              {"status", ComplianceStatusName(e.status)}});
    j["compliance"] = compliance;

    const AlertCounts& al = c.alerts;
    j["alerts"] = {{"total", al.total},
                   {"true_positive", al.true_positive},
                   {"triaged", al.triaged},
                   {"triaged_true", al.triaged_true},
                   {"triaged_false", al.triaged_false},
                   {"false_positives_triaged_as_true", al.false_positives_triaged_as_true},
                   {"true_alerts_triaged_as_false", al.true_alerts_triaged_as_false},
                   {"missed_true", al.missed_true}};

    json timeline = json::array();
    for (const auto& e : BuildTimeline(c)) timeline.push_back({{"t", e.t}, {"kind", e.kind}, {"label", e.label}});
    j["timeline"] = timeline;
    if (!c.runbooks.empty()) { // only when a team had a runbook (docs/scoring.md)
        json runbooks = json::array();
        for (const auto& rb : c.runbooks) {
            json steps = json::array();
            for (const auto& s : rb.steps) {
                json step = {{"n", s.n}, {"text", s.text}, {"action", s.action}, {"source_step", s.source_step},
                             {"status", s.checklist ? (s.ticked_s ? "ticked" : "checklist") : s.done_s ? "done" : "skipped"},
                             {"done_s", OptJson(s.done_s)}, {"command", s.done_s ? json(s.command) : json(nullptr)},
                             {"asked", s.asked}};
                if (s.checklist) { // the players' word, not the simulation's (tick_step)
                    step["ticked_s"] = OptJson(s.ticked_s);
                    step["ticked_by"] = s.ticked_s ? json(s.ticked_by) : json(nullptr);
                }
                steps.push_back(std::move(step));
            }
            runbooks.push_back({{"team", rb.team}, {"name", rb.name}, {"done", rb.done}, {"skipped", rb.skipped},
                                {"checklist", rb.checklist}, {"ticked", rb.ticked}, {"steps", steps}});
        }
        j["runbooks"] = runbooks;
    }
    j["warnings"] = c.warnings;
    j["state_hash"] = c.state_hash;
    return j;
}

} // namespace bd
