// report.cpp: BuildReport, the after-action report put together from its parts (see report.h;
// docs/reports.md states every rule). The parts live one to a file: report_parts.h lists them.
#include "report.h"

#include "report_parts.h"
#include "timeline.h"
#include "world/scenario.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace bd {

using nlohmann::json;
using namespace report_parts;

namespace {

// What the rules read besides the card: the header's services, the first encryption, whether data
// was staged, the hosts still encrypted at the end.
Context ReadContext(const Scorecard& card, const std::vector<json>& records)
{
    Context c{card, records, HeaderServices(records), std::nullopt, false, 0};
    std::map<std::string, bool> encrypted;
    for (const auto& rec : records) {
        const std::string type = Str(rec, "type");
        if (type == "staged") c.staged = true;
        if (type == "host" && rec.contains("encrypted")) {
            const bool e = Bool(rec, "encrypted");
            encrypted[Str(rec, "id")] = e;
            if (e && !c.first_encryption) c.first_encryption = Int(rec, "t");
        }
    }
    for (const auto& [h, e] : encrypted) c.hosts_still_encrypted += e;
    return c;
}

} // namespace

std::vector<ObjectiveRating> RateObjectives(const Scorecard& card, const std::vector<json>& records, std::vector<std::string> objectives)
{
    if (objectives.empty()) {
        objectives = {"Detect the compromise within 24 hours", "Contain the attacker before any host is encrypted",
                      "No self-inflicted outage longer than 4 hours", "Prevent the exfiltration of personal data"};
        if (!card.compliance.empty()) objectives.push_back("Meet the reporting deadlines (NIS2, GDPR)");
        objectives.push_back("Recover every encrypted host");
    }
    const Context c = ReadContext(card, records);
    std::vector<ObjectiveRating> out;
    for (const auto& text : objectives) out.push_back(RateObjective(c, text));
    return out;
}

Report BuildReport(const std::vector<json>& records, const ReportOptions& options)
{
    Report r;
    r.card = ComputeScorecard(records);
    json header = json::object();
    for (const auto& rec : records)
        if (Str(rec, "type") == "header") { header = rec; break; }
    const json& sc = Obj(header, "scenario");
    r.scenario_ref = Str(sc, "ref");
    if (r.scenario_ref.empty()) r.scenario_ref = Str(sc, "id");
    r.hosts = Int(header, "hosts").value_or(0);
    // The day the exercise was run: the header's run_at (UTC), which a copy or a mail attachment does
    // not move; --date only for a journal that has none (written before run_at existed).
    const std::string run_at = Str(header, "run_at");
    if (run_at.size() >= 10 && !AddDays(run_at.substr(0, 10), 0).empty()) { r.date = run_at.substr(0, 10); r.date_source = "header"; }
    else if (!options.date.empty()) { r.date = options.date; r.date_source = "given"; }
    r.participants = Participants(records);
    const json& ap = Obj(header, "autopilot");
    for (const char* seat : {"secops", "itops"})
        if (ap.contains(seat) && ap[seat].is_boolean()) r.seat_autopilot[seat] = ap[seat].get<bool>();
    if (ap.contains("itops") || ap.contains("secops")) {
        r.all_autopilot = Bool(ap, "itops") && Bool(ap, "secops");
    } else {
        r.all_autopilot = true;
        for (const auto& p : r.participants)
            if ((p.team == "secops" || p.team == "itops") && !p.autopilot) r.all_autopilot = false;
    }
    if (!r.card.ended)
        r.incomplete = "[report.incomplete] The journal has no end record (the exercise was still running, or was interrupted, at " +
                       When(r.card, r.card.duration_s) + "): every figure and rating below is as of its last record, not of a finished "
                       "exercise; an open deadline or an outage may still have changed.";
    r.events = ChartEvents(records);
    r.outages = ChartOutages(records, r.card.duration_s);
    r.key_moments = BuildTimeline(r.card);

    // The scenario's objectives.
    std::vector<std::string> objectives;
    if (options.load_scenario && !r.scenario_ref.empty()) {
        LoadResult lr = LoadScenario(r.scenario_ref, LoadOptions{r.card.seed.value_or(1), Int(sc, "size").value_or(0)});
        if (lr.Ok()) {
            r.scenario_loaded = true;
            objectives = lr.scenario.objectives;
            r.summary_text = lr.scenario.summary;
            const std::string hash = Str(sc, "content_hash");
            if (!hash.empty() && hash != lr.scenario.content_hash)
                r.scenario_note = "The scenario '" + r.scenario_ref + "' changed since the exercise (content hash " + hash + " then, " +
                                  lr.scenario.content_hash + " now): its current objectives are rated.";
            if (objectives.empty()) r.scenario_note = "The scenario lists no objectives: generic objectives are rated from the metrics.";
        } else {
            r.scenario_note = "The scenario '" + r.scenario_ref + "' does not load here (" +
                              (lr.problems.empty() ? std::string("unknown reason") : lr.problems.front().Format()) +
                              "): generic objectives are rated from the metrics.";
        }
    } else {
        r.scenario_note = options.load_scenario ? "The journal does not name its scenario: generic objectives are rated from the metrics."
                                                : "The scenario was not loaded: generic objectives are rated from the metrics.";
    }
    r.objectives = RateObjectives(r.card, records, objectives);
    const Context c = ReadContext(r.card, records);
    Findings(c, r);
    const std::string due = AddDays(r.date, 30);
    for (const auto& a : r.areas) r.plan.push_back(PlanRowFor(a, due));
    r.problems = MergePlan(r, options.plan);

    if (options.baseline_seeds > 0 && !r.all_autopilot && !r.scenario_ref.empty() && options.load_scenario)
        r.baseline = PlaceAgainstBaseline(r.card, r.scenario_ref, r.card.org, Int(sc, "size").value_or(0), options.baseline_seeds,
                                          options.threads);
    r.executive_summary = Summary(r);
    return r;
}

} // namespace bd
