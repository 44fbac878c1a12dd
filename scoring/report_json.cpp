// report_json.cpp: the report as data (ToJson(Report)): the same content as the page, the
// scorecard's own JSON inside it.
#include "report.h"

#include <optional>

namespace bd {

using nlohmann::json;

namespace {

json OptD(const std::optional<double>& t) { return t ? json(*t) : json(nullptr); }

} // namespace

json ToJson(const Report& r)
{
    json j;
    j["incomplete"] = r.incomplete.empty() ? json(nullptr) : json(r.incomplete); // null for a finished exercise
    json parts = json::array();
    for (const auto& p : r.participants)
        parts.push_back({{"team", p.team}, {"role", p.role}, {"issuers", p.issuers}, {"autopilot", p.autopilot}, {"commands", p.commands}});
    j["overview"] = {{"scenario", r.card.scenario}, {"title", r.card.title}, {"scenario_ref", r.scenario_ref},
                     {"date", r.date.empty() ? json(nullptr) : json(r.date)}, {"date_source", r.date_source},
                     {"org", r.card.org}, {"seed", r.card.seed ? json(*r.card.seed) : json(nullptr)}, {"hosts", r.hosts},
                     {"all_autopilot", r.all_autopilot}, {"participants", parts},
                     {"scenario_loaded", r.scenario_loaded}, {"scenario_note", r.scenario_note}};
    j["executive_summary"] = r.executive_summary;
    j["scorecard"] = ToJson(r.card);
    json objs = json::array();
    for (const auto& o : r.objectives)
        objs.push_back({{"objective", o.objective}, {"kind", o.kind}, {"rating", o.rating}, {"rule", o.rule}, {"evidence", o.evidence}});
    j["objectives"] = objs;
    auto findings = [](const std::vector<ReportFinding>& v) {
        json a = json::array();
        for (const auto& f : v) a.push_back({{"id", f.id}, {"capability", f.capability}, {"text", f.text}, {"evidence", f.evidence}});
        return a;
    };
    j["strengths"] = findings(r.strengths);
    j["areas_for_improvement"] = findings(r.areas);
    json plan = json::array();
    for (const auto& p : r.plan)
        plan.push_back({{"area", p.area}, {"capability", p.capability}, {"action", p.action}, {"owner", p.owner}, {"due", p.due},
                        {"status", p.status}, {"facilitator", p.facilitator}});
    j["improvement_plan"] = plan;
    json events = json::array();
    for (const auto& e : r.events) events.push_back({{"t", e.t}, {"lane", e.lane}, {"label", e.label}, {"strong", e.strong}});
    j["timeline_events"] = events;
    if (r.baseline) {
        json lines = json::array();
        for (const auto& l : r.baseline->lines)
            lines.push_back({{"figure", l.figure}, {"mine", OptD(l.mine)}, {"median", OptD(l.median)}, {"beat_percent", l.beat_percent},
                             {"reached_percent", l.reached_percent}, {"outcome", l.outcome}, {"sentence", l.sentence}});
        j["baseline"] = {{"org", r.baseline->org}, {"seeds", r.baseline->seeds}, {"runs", r.baseline->runs}, {"lines", lines}};
    } else {
        j["baseline"] = nullptr;
    }
    j["problems"] = r.problems;
    return j;
}

} // namespace bd
