// report_findings.cpp: the strengths and areas for improvement, each from a documented rule on the
// metrics with a stable id ("S-DETECT", "A-CONTAIN": docs/reports.md), the corrective action and
// owner suggested for each area, and the improvement plan: the facilitator's rows merged in
// (MergePlan) and the due date (AddDays).
//
// Index
//   [SECTION] Strengths and areas for improvement
//   [SECTION] Improvement plan
#include "report_parts.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace bd {

namespace report_parts {

// [SECTION] Strengths and areas for improvement

namespace {

// The corrective action and owner role suggested for each area for improvement.
const AreaAction kActions[] = {
    {"A-DETECT", "Review detection coverage and the alert triage routine so that a real intrusion is confirmed within 24 hours; "
                 "rehearse the triage of EDR and SIEM alerts.", "SOC Manager", "", ""},
    {"A-TRIAGE", "Introduce a second look before a high-severity alert is closed as false; track real alerts never triaged.",
     "SOC Manager", "", ""},
    {"A-NOISE", "Tune the noisiest detection rules and document known false-positive patterns.", "Security Engineer", "", ""},
    {"A-CONTAIN", "Agree a containment playbook (isolate, reset credentials, block C2) that SecOps can trigger and ITOps can "
                  "execute within hours; pre-approve emergency isolation.", "Incident Responder", "", ""},
    {"A-RECOVER", "Test restores from backup and set recovery time objectives for each business service.", "IT operations manager", "", ""},
    {"A-ENCRYPT", "Harden backups (offline copy) and segment file servers; rehearse ransomware containment.", "System administrator", "", ""},
    {"A-EXFIL", "Monitor and block large outbound transfers from data stores holding personal data.", "Security Engineer", "", ""},
    {"A-SELF", "Weigh the business cost of each disruptive action with the other team before acting; prefer narrow actions (a host, "
               "not a server that a service depends on).", "IT operations manager", "Incident Responder", "IT operations manager"},
    {"A-UNCOORD", "Route disruptive actions on the other team's assets through a ticket or the shared channel first; agree "
                  "beforehand when an emergency change may skip that.", "IT operations manager", "SOC Manager", "IT operations manager"},
    {"A-HANDOFF", "Set a response-time target for cross-team tickets and a shared queue both teams watch.", "SOC Manager",
     "SOC Manager", "IT operations manager"},
    {"A-COMPLY", "Pre-write the NIS2 and GDPR notifications and name who sends them; start the clock at detection.", "SOC Manager", "", ""},
    {"A-INJECT", "Review each inject whose expected action was missed with the team that received it.", "SOC Manager", "", ""},
};

// Who caused what, from the records. A defender outage is an effect of the last command that took
// effect before it (its command_done comes first in the journal, at the same t).
struct Causes {
    std::set<std::string> self_inflicted; // teams whose commands took a service down
    std::set<std::string> uncoordinated;  // teams that acted on the other's assets unasked, or in an emergency
    std::set<std::string> slow_handoff;   // teams that left a ticket to them open, or answered after an hour
};

Causes WhoCaused(const std::vector<json>& records)
{
    Causes c;
    std::string last_team;
    std::map<int64_t, std::pair<std::string, ScoreTime>> tickets; // id -> (to, opened)
    std::set<int64_t> answered;
    auto answer = [&](int64_t id, ScoreTime t) {
        auto it = tickets.find(id);
        if (it == tickets.end() || !answered.insert(id).second) return;
        if (t - it->second.second > kHourS) c.slow_handoff.insert(it->second.first);
    };
    for (const auto& r : records) {
        const std::string type = Str(r, "type");
        const ScoreTime t = Int(r, "t").value_or(0);
        if (type == "command_done" && Bool(r, "ok")) {
            last_team = Str(Obj(r, "cmd"), "team");
            if (Bool(r, "uncoordinated") && !last_team.empty()) c.uncoordinated.insert(last_team);
        } else if (type == "service" && !Bool(r, "up", true) && Str(r, "cause") == "defender" && !last_team.empty()) {
            c.self_inflicted.insert(last_team);
        } else if (type == "ticket") {
            tickets[Int(r, "id").value_or(-1)] = {Str(r, "to"), t};
        } else if (type == "command" && Int(Obj(r, "cmd"), "ticket")) {
            answer(*Int(Obj(r, "cmd"), "ticket"), t);
        } else if (type == "ticket_closed") {
            answer(Int(r, "id").value_or(-1), t);
        }
    }
    for (const auto& [id, to] : tickets)
        if (!answered.count(id) && !to.first.empty()) c.slow_handoff.insert(to.first);
    return c;
}

std::vector<std::string> Sorted(const std::set<std::string>& s) { return {s.begin(), s.end()}; }

std::string Teams(const std::vector<std::string>& teams)
{
    std::string out;
    for (const auto& t : teams) out += (out.empty() ? "" : " and ") + TeamLabel(t);
    return out;
}

} // namespace

PlanRow PlanRowFor(const ReportFinding& a, const std::string& due)
{
    const AreaAction* act = ActionFor(a.id);
    PlanRow row{a.id, a.capability, act ? act->action : a.text, act ? act->owner : "", due, "", false};
    if (!act || a.teams.empty()) return row;
    std::vector<std::string> owners;
    for (const auto& t : a.teams) {
        const char* o = t == "secops" ? act->secops_owner : t == "itops" ? act->itops_owner : "";
        const std::string owner = *o ? o : act->owner;
        if (std::find(owners.begin(), owners.end(), owner) == owners.end()) owners.push_back(owner);
    }
    row.owner.clear();
    for (const auto& o : owners) row.owner += (row.owner.empty() ? "" : " and ") + o;
    row.action = Teams(a.teams) + ": " + row.action;
    return row;
}

const AreaAction* ActionFor(const std::string& id)
{
    for (const auto& a : kActions)
        if (id == a.id) return &a;
    return nullptr;
}

void Findings(const Context& c, Report& r)
{
    const Scorecard& k = c.card;
    auto strength = [&](const char* id, const char* cap, std::string text, std::string ev) { r.strengths.push_back({id, cap, text, ev, {}}); };
    auto area = [&](const char* id, const char* cap, std::string text, std::string ev) { r.areas.push_back({id, cap, text, ev, {}}); };
    const bool attack = k.attack_start_s.has_value();
    if (attack) {
        if (k.time_to_detect_s && *k.time_to_detect_s <= kDayS)
            strength("S-DETECT", "Detection", "The breach was detected within 24 hours.", "Time to detect " + Dur(*k.time_to_detect_s) + ".");
        else
            area("A-DETECT", "Detection", k.time_to_detect_s ? "Detection took longer than 24 hours." : "The breach was never detected.",
                 k.time_to_detect_s ? "Time to detect " + Dur(*k.time_to_detect_s) + "." : "No detection by the end of the exercise.");
        if (k.time_to_contain_s && *k.time_to_contain_s <= kDayS)
            strength("S-CONTAIN", "Containment", "The attacker was contained within 24 hours of detection.",
                     "Time to contain " + Dur(*k.time_to_contain_s) + ".");
        else if (k.detected_at_s)
            area("A-CONTAIN", "Containment",
                 k.time_to_contain_s ? "Containment took longer than 24 hours after detection." : "The attacker was not contained by the end.",
                 k.time_to_contain_s ? "Time to contain " + Dur(*k.time_to_contain_s) + "." : "No lasting containment.");
        if (!k.recovered_at_s && k.detected_at_s)
            area("A-RECOVER", "Recovery", "The business had not recovered by the end of the exercise.",
                 "A service still down, a host still encrypted, or the attacker not contained.");
        if (k.alerts.true_positive > 0 && k.alerts.true_alerts_triaged_as_false == 0 && k.alerts.missed_true == 0)
            strength("S-TRIAGE", "Detection", "Every real alert was triaged, and confirmed as real.",
                     CountOf(k.alerts.true_positive, "real alert") + ".");
    }
    if (k.alerts.true_alerts_triaged_as_false > 0 || k.alerts.missed_true > 0)
        area("A-TRIAGE", "Detection", "Real alerts were dismissed or never looked at.",
             FormatCount(k.alerts.true_alerts_triaged_as_false) + " dismissed as false, " + FormatCount(k.alerts.missed_true) + " never triaged.");
    if (k.alerts.false_positives_triaged_as_true > 0)
        area("A-NOISE", "Detection", "False alarms were taken for real, spending effort on noise.",
             CountOf(k.alerts.false_positives_triaged_as_true, "false alarm") + " triaged as real.");
    if (k.impact.hosts_encrypted > 0)
        area("A-ENCRYPT", "Protection", "The attacker encrypted hosts.", CountOf(k.impact.hosts_encrypted, "host") + " encrypted.");
    if (k.impact.records_exfiltrated > 0)
        area("A-EXFIL", "Protection", "Data left the organisation.",
             FormatCount(k.impact.records_exfiltrated) + " records (" + FormatCount(k.impact.personal_records_exfiltrated) + " personal).");
    else if (c.staged)
        strength("S-EXFIL", "Protection", "Data was staged for theft, but none left the organisation.", "0 records exfiltrated.");
    const std::string cur = k.impact.currency;
    const Causes who = WhoCaused(c.records);
    if (k.impact.self_inflicted > 0 && k.impact.self_inflicted >= k.impact.attacker_caused) {
        area("A-SELF", "Coordination", "The response's own outages cost as much as or more than the attack.",
             "Self-inflicted " + FormatMoney(k.impact.self_inflicted, cur) + " against " + FormatMoney(k.impact.attacker_caused, cur) +
                 " caused by the attacker" + (who.self_inflicted.empty() ? "" : ", through actions of " + Teams(Sorted(who.self_inflicted))) + ".");
        r.areas.back().teams = Sorted(who.self_inflicted);
    }
    else if (attack && k.impact.self_inflicted == 0 && k.contained_at_s)
        strength("S-SELF", "Coordination", "The attacker was contained without any self-inflicted outage.", "Self-inflicted cost 0.");
    if (k.coordination.uncoordinated_disruptive > 0) {
        area("A-UNCOORD", "Coordination", "Disruptive actions were taken on the other team's assets without coordination.",
             CountOf(k.coordination.uncoordinated_disruptive, "uncoordinated disruptive action") + ", " +
                 CountOf(k.coordination.emergency_changes, "emergency change") +
                 (who.uncoordinated.empty() ? "" : ", by " + Teams(Sorted(who.uncoordinated))) + ".");
        r.areas.back().teams = Sorted(who.uncoordinated);
    }
    const Coordination& co = k.coordination;
    if (co.requests > 0) {
        const bool slow = co.median_handoff_s && *co.median_handoff_s > kHourS;
        if (slow || co.open_tickets > 0 || co.answered < co.requests) {
            area("A-HANDOFF", "Coordination", "Requests between the teams were slow or left open.",
                 "Median hand-off " + (co.median_handoff_s ? Dur(*co.median_handoff_s) : std::string("-")) + ", " +
                     CountOf(co.open_tickets, "ticket") + " open at the end.");
            r.areas.back().teams = Sorted(who.slow_handoff);
        } else
            strength("S-HANDOFF", "Coordination", "Requests between the teams were answered within the hour.",
                     CountOf(co.requests, "ticket") + ", median hand-off " + (co.median_handoff_s ? Dur(*co.median_handoff_s) : "-") + ".");
    }
    const ComplianceTally tally = TallyCompliance(k.compliance);
    const int met = tally.met, missed = tally.missed, started = tally.started;
    if (missed > 0)
        area("A-COMPLY", "Compliance", "Reporting deadlines were missed.", std::to_string(missed) + " of " + CountOf(started, "obligation") + " missed.");
    else if (started > 0 && met == started)
        strength("S-COMPLY", "Compliance", "Every reporting deadline that started was met.", CountOf(met, "obligation") + " met.");
    int inj_met = 0, inj_missed = 0;
    for (const auto& rec : c.records)
        if (Str(rec, "type") == "inject_outcome") Bool(rec, "met") ? ++inj_met : ++inj_missed;
    if (inj_missed > 0)
        area("A-INJECT", "Exercise play", "Some injects did not get the expected response.",
             std::to_string(inj_missed) + " of " + CountOf(inj_met + inj_missed, "expected action") + " missed.");
    else if (inj_met > 0)
        strength("S-INJECT", "Exercise play", "Every inject got the expected response.", CountOf(inj_met, "expected action") + " taken.");
}

} // namespace report_parts

using nlohmann::json;
using namespace report_parts;

// [SECTION] Improvement plan

std::string AddDays(const std::string& date, int days)
{
    int y = 0, m = 0, d = 0;
    if (date.size() != 10 || std::sscanf(date.c_str(), "%4d-%2d-%2d", &y, &m, &d) != 3) return "";
    using namespace std::chrono;
    const year_month_day ymd{year{y}, month{(unsigned)m}, day{(unsigned)d}};
    if (!ymd.ok()) return "";
    const year_month_day due{sys_days{ymd} + std::chrono::days{days}};
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", (int)due.year(), (unsigned)due.month(), (unsigned)due.day());
    return buf;
}

std::vector<std::string> MergePlan(Report& r, const json& plan)
{
    std::vector<std::string> problems;
    if (plan.is_null()) return problems;
    if (!plan.is_array()) {
        problems.push_back("[report.plan] the plan must be a JSON array of rows");
        return problems;
    }
    size_t n = 0;
    for (const auto& row : plan) {
        ++n;
        const std::string where = "[report.plan] row " + std::to_string(n) + ": ";
        if (!row.is_object()) {
            problems.push_back(where + "must be an object");
            continue;
        }
        bool bad = false;
        for (const char* key : {"area", "action", "owner", "due", "status", "capability"}) {
            auto it = row.find(key);
            if (it != row.end() && !it->is_string() && !it->is_null()) {
                problems.push_back(where + "\"" + key + "\" must be a string");
                bad = true;
            }
        }
        if (!Str(row, "due").empty() && AddDays(Str(row, "due"), 0).empty()) {
            problems.push_back(where + "\"due\" must be a date YYYY-MM-DD, not \"" + Str(row, "due") + "\"");
            bad = true;
        }
        if (bad) continue;
        const std::string area = Str(row, "area");
        PlanRow* target = nullptr;
        for (auto& p : r.plan)
            if (!area.empty() && p.area == area) target = &p;
        if (!target) {
            if (Str(row, "action").empty()) {
                problems.push_back(where + "a new row needs an \"action\"" + (area.empty() ? "" : " (no generated row has area " + area + ")"));
                continue;
            }
            r.plan.push_back(PlanRow{area, "", "", "", "", "", true});
            target = &r.plan.back();
        }
        target->facilitator = true;
        for (auto [key, field] : {std::pair{"action", &target->action}, {"owner", &target->owner}, {"due", &target->due},
                                  {"status", &target->status}, {"capability", &target->capability}}) {
            const std::string v = Str(row, key);
            if (!v.empty()) *field = v;
        }
    }
    return problems;
}

} // namespace bd
