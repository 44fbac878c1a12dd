// scoreboard.cpp: the scoreboard's rows from the scorecard's JSON (ScoreboardRows) and the
// facilitator's attacker headline (FacilitatorHeadline); scoreboard.h says why they live apart
// from the panels.
#include "scoreboard.h"

#include "app.h"

#include <cstdio>
#include <string>
#include <utility>

namespace bdui {

using nlohmann::json;

namespace {

// How a figure is put in words.
enum class FigureKind : uint8_t { Duration, Moment, Money, Count, Status, Team };

std::string StatusWords(const json& name)
{
    for (auto s : {bd::ComplianceStatus::Met, bd::ComplianceStatus::Missed, bd::ComplianceStatus::Open, bd::ComplianceStatus::NotTriggered,
                   bd::ComplianceStatus::SentBeforeClock})
        if (name == bd::ComplianceStatusName(s)) return bd::ComplianceStatusLabel(s);
    return name.is_string() ? name.get<std::string>() : "?";
}

std::string FigureWords(FigureKind kind, const json& v, const std::string& currency)
{
    if (v.is_null()) return "-";
    switch (kind) {
    case FigureKind::Duration: return v.is_number() ? bd::FormatDuration(v.get<bd::ScoreTime>()) : "?";
    case FigureKind::Moment: return v.is_number() ? ClockText(v.get<bd::SimTime>()) : "?";
    case FigureKind::Money: return v.is_number() ? bd::FormatMoney(v.get<double>(), currency) : "?";
    case FigureKind::Count: return v.is_number() ? bd::FormatCount(v.get<int64_t>()) : "?";
    case FigureKind::Status: return StatusWords(v);
    case FigureKind::Team: return v.is_string() ? bd::TeamLabel(v.get<std::string>()) : "?";
    }
    return "?";
}

// Reads the figures of one card's JSON.
struct CardFigures {
    const json& j;
    std::string currency;

    // `unrounded`: money as the card holds it. The JSON has it to the cent, and a figure that
    // ends in .50 there may be .4999 here: the words round what the card holds, as the CLI prints.
    ScoreFigure At(const std::string& pointer, FigureKind kind, std::optional<double> unrounded = std::nullopt) const
    {
        ScoreFigure f;
        f.pointer = pointer;
        const json::json_pointer p(pointer);
        f.value = j.contains(p) ? j.at(p) : json(nullptr);
        f.text = unrounded && kind == FigureKind::Money ? bd::FormatMoney(*unrounded, currency) : FigureWords(kind, f.value, currency);
        return f;
    }
    // A row of one figure, with words after it.
    ScoreRow One(std::string label, const std::string& pointer, FigureKind kind, const std::string& after = "",
                 ScoreTone tone = ScoreTone::Plain) const
    {
        ScoreRow r{std::move(label), "", {At(pointer, kind)}, tone};
        r.text = r.figures[0].text + after;
        return r;
    }
    ScoreRow Cost(std::string label, const std::string& pointer, double unrounded, ScoreTone tone = ScoreTone::Plain) const
    {
        ScoreRow r{std::move(label), "", {At(pointer, FigureKind::Money, unrounded)}, tone};
        r.text = r.figures[0].text;
        return r;
    }
};

ScoreSection ResponseTimes(const CardFigures& f)
{
    ScoreSection s{"Response times", {}};
    const bool attack = !f.j["attack_start_s"].is_null();
    const std::string never = attack ? "" : "  (no attack)";
    s.rows.push_back(f.One("Time to tool detection", "/time_to_tool_detect_s", FigureKind::Duration, never));
    ScoreRow detect = f.One("Time to detect", "/time_to_detect_s", FigureKind::Duration, never);
    if (f.j["detected_by"].is_string()) {
        detect.figures.push_back(f.At("/detected_by", FigureKind::Team));
        detect.text += "  by " + detect.figures.back().text;
    }
    s.rows.push_back(std::move(detect));
    s.rows.push_back(f.One("Time to contain", "/time_to_contain_s", FigureKind::Duration, never));
    s.rows.push_back(f.One("Time to recover", "/time_to_recover_s", FigureKind::Duration, never));
    s.rows.push_back(f.One("Attacker in the network (summed)", "/foothold_time_s", FigureKind::Duration, never));
    return s;
}

ScoreSection ImpactRows(const CardFigures& f, const bd::Impact& im)
{
    ScoreSection s{"Business impact", {}};
    s.rows.push_back(f.Cost("Caused by the attacker", "/impact/attacker_caused", im.attacker_caused));
    s.rows.push_back(f.Cost("Self-inflicted (defenders' own actions)", "/impact/self_inflicted", im.self_inflicted));
    s.rows.push_back(f.Cost("Operations failures (not an attack)", "/impact/operations", im.operations));
    if (im.unattributed != 0) s.rows.push_back(f.Cost("No cause recorded", "/impact/unattributed", im.unattributed));
    s.rows.push_back(f.Cost("Total downtime cost", "/impact/total", im.total(), ScoreTone::Total));
    for (size_t i = 0; i < im.downtime.size(); ++i) {
        const bd::ServiceDowntime& d = im.downtime[i];
        if (d.total_s() == 0) continue;
        const std::string at = "/impact/services/" + std::to_string(i);
        ScoreRow r{"  " + (d.name == d.id ? d.id : d.name + " (" + d.id + ")"), "",
                   {f.At(at + "/cost", FigureKind::Money, (double)d.total_s() * d.cost_per_hour / 3600.0),
                    f.At(at + "/total_s", FigureKind::Duration)},
                   ScoreTone::Muted};
        r.text = r.figures[0].text + "\n" + r.figures[1].text + " down"; // two lines: the label wraps to two too
        s.rows.push_back(std::move(r));
    }
    ScoreRow data{"Records exfiltrated", "",
                  {f.At("/impact/records_exfiltrated", FigureKind::Count), f.At("/impact/personal_records_exfiltrated", FigureKind::Count)}};
    data.text = data.figures[0].text + " (" + data.figures[1].text + " with personal data)";
    s.rows.push_back(std::move(data));
    s.rows.push_back(f.One("Hosts encrypted", "/impact/hosts_encrypted", FigureKind::Count));
    return s;
}

ScoreSection CoordinationRows(const CardFigures& f)
{
    ScoreSection s{"Coordination", {}};
    ScoreRow tickets{"Requests between teams (tickets)", "",
                     {f.At("/coordination/requests", FigureKind::Count), f.At("/coordination/answered", FigureKind::Count),
                      f.At("/coordination/open_tickets", FigureKind::Count)}};
    tickets.text = tickets.figures[0].text + " (answered " + tickets.figures[1].text + ", open " + tickets.figures[2].text + ")";
    s.rows.push_back(std::move(tickets));
    s.rows.push_back(f.One("Median hand-off time", "/coordination/median_handoff_s", FigureKind::Duration));
    s.rows.push_back(f.One("Disruptive actions without coordination", "/coordination/uncoordinated_disruptive", FigureKind::Count));
    s.rows.push_back(f.One("Emergency changes (no approval)", "/coordination/emergency_changes", FigureKind::Count));
    return s;
}

// Each obligation: its status, when it was done and its deadline (on the story clock).
ScoreSection ComplianceRows(const CardFigures& f, const bd::Scorecard& card)
{
    ScoreSection s{"Compliance", {}};
    if (card.compliance.empty()) s.rows.push_back({"No reporting regime applies to this scenario.", "", {}, ScoreTone::Muted});
    for (size_t i = 0; i < card.compliance.size(); ++i) {
        const bd::ComplianceEntry& e = card.compliance[i];
        const std::string at = "/compliance/" + std::to_string(i);
        const ScoreTone tone = e.status == bd::ComplianceStatus::Met      ? ScoreTone::Good
                               : e.status == bd::ComplianceStatus::Missed ? ScoreTone::Bad
                               : e.status == bd::ComplianceStatus::Open   ? ScoreTone::Plain
                                                                          : ScoreTone::Muted;
        ScoreRow r{bd::ComplianceLabel(e), "", {f.At(at + "/status", FigureKind::Status)}, tone};
        r.text = r.figures[0].text;
        if (e.done_s) {
            r.figures.push_back(f.At(at + "/done_s", FigureKind::Moment));
            r.text += "  done " + r.figures.back().text;
        } else if (e.sent_before_clock_s) {
            r.figures.push_back(f.At(at + "/sent_before_clock_s", FigureKind::Moment));
            r.text += "  sent before the clock started, " + r.figures.back().text;
        }
        if (e.deadline_s) {
            r.figures.push_back(f.At(at + "/deadline_s", FigureKind::Moment));
            r.text += "\ndeadline " + r.figures.back().text; // a line of its own: the panel is narrow
        }
        s.rows.push_back(std::move(r));
    }
    return s;
}

ScoreSection AlertRows(const CardFigures& f)
{
    ScoreSection s{"Alerts", {}};
    ScoreRow all{"Alerts (caused by the attacker)", "", {f.At("/alerts/total", FigureKind::Count), f.At("/alerts/true_positive", FigureKind::Count)}};
    all.text = all.figures[0].text + " (" + all.figures[1].text + ")";
    s.rows.push_back(std::move(all));
    s.rows.push_back(f.One("Real alerts never triaged", "/alerts/missed_true", FigureKind::Count));
    s.rows.push_back(f.One("Real alerts dismissed as false", "/alerts/true_alerts_triaged_as_false", FigureKind::Count));
    s.rows.push_back(f.One("False alarms taken for real", "/alerts/false_positives_triaged_as_true", FigureKind::Count));
    return s;
}

// A player during the exercise: its own declaration, the services it sees down, the cost so far.
ScoreSection PlayerRows(const ScoreboardInput& in, const CardFigures& f)
{
    ScoreSection s{"", {}};
    s.rows.push_back({"Incident declared",
                      in.declared >= 0 ? ClockText(in.declared) + " (" + ShortDuration(in.now - in.declared) + " ago)" : "not yet", {}});
    s.rows.push_back({"Business services down", in.services_down >= 0 ? std::to_string(in.services_down) : "(ITOps' monitoring knows)", {}});
    if (in.served_cost) s.rows.push_back({"Downtime cost so far", bd::FormatMoney(*in.served_cost, in.served_currency), {}});
    else s.rows.push_back(f.Cost("Downtime cost so far", "/impact/total", in.card ? in.card->impact.total() : 0.0));
    return s;
}

} // namespace

ScoreboardModel ScoreboardRows(const ScoreboardInput& in)
{
    ScoreboardModel m;
    static const bd::Scorecard empty;
    const bd::Scorecard& card = in.card ? *in.card : empty;
    const json computed = in.card_json ? json() : bd::ToJson(card);
    const CardFigures f{in.card_json ? *in.card_json : computed, card.impact.currency};
    if (in.over) m.heading = "Exercise over: the scorecard";
    if (!in.truth) {
        m.sections.push_back(PlayerRows(in, f));
        m.note = "The full scorecard appears when the exercise is over.";
        return m;
    }
    m.sections.push_back(ResponseTimes(f));
    m.sections.push_back(ImpactRows(f, card.impact));
    m.sections.push_back(ComplianceRows(f, card));
    m.sections.push_back(CoordinationRows(f));
    m.sections.push_back(AlertRows(f));
    if (in.objectives) m.objectives = *in.objectives;
    if (!in.over) m.note = "Live: the figures so far, as of " + ClockText(card.duration_s) + "; the objectives are rated at the end.";
    else m.note = "The same figures as `breachdrill replay " + (in.journal.empty() ? std::string("JOURNAL") : in.journal) + "`.";
    return m;
}

AttackerHeadline FacilitatorHeadline(const json& a, size_t stages, bool attack_begun)
{
    AttackerHeadline h;
    if (stages == 0) {
        h.text = "no attacker in this scenario";
        h.tone = ScoreTone::Muted;
        return h;
    }
    const json& outcomes = a.contains("stages") && a["stages"].is_array() ? a["stages"] : json::array();
    size_t skipped = 0;
    for (const auto& o : outcomes) skipped += o.is_object() && o.value("status", "") == "skipped";
    char buf[160];
    if (a.value("gave_up", false)) h.text = "gave up";
    else if (a.value("finished", false) && skipped == 0) h.text = "campaign complete";
    else if (a.value("finished", false)) {
        std::snprintf(buf, sizeof buf, "campaign over: %zu of %zu stages skipped", skipped, stages);
        h.text = buf;
    } else {
        std::snprintf(buf, sizeof buf, "stage %d/%zu: ", a.value("stage", 0) + 1, stages);
        h.text = buf + a.value("stage_name", std::string());
    }
    // Before the first technique the attacker holds nothing, so the engine calls it contained:
    // true, but it reads as if the teams had already won. Say what is so.
    if (!attack_begun) {
        h.tag = "[no attack yet]";
        h.tone = ScoreTone::Muted;
    } else if (a.value("contained", true)) {
        h.tag = "[contained]";
        h.tone = ScoreTone::Good;
    } else {
        h.tag = "[active]";
        h.tone = ScoreTone::Bad;
    }
    return h;
}

} // namespace bdui
