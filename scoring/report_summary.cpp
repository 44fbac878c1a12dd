// report_summary.cpp: the executive summary, a few sentences for a manager: who played, how long,
// when the attack began and was detected, contained and recovered, what it cost, the deadlines, the
// objectives' ratings and the place against simulated teams.
#include "report_parts.h"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace bd::report_parts {

namespace {

// Who held a seat: the names of those who posted its commands; when nobody did, what the header
// says the seat was (an autopilot can post nothing in a quiet exercise too).
std::string Seats(const Report& r, const std::string& team)
{
    std::set<std::string> who;
    for (const auto& p : r.participants)
        if (p.team == team)
            for (const auto& i : p.issuers) who.insert(i.rfind("autopilot:", 0) == 0 ? "the autopilot" : i.rfind("player:", 0) == 0 ? i.substr(7) : i);
    if (who.empty()) {
        const auto it = r.seat_autopilot.find(team);
        if (it == r.seat_autopilot.end()) return "nobody who posted a command";
        return it->second ? "the autopilot (which posted no command)" : "a person who posted no command";
    }
    std::string out;
    for (const auto& w : who) out += (out.empty() ? "" : ", ") + w;
    return out;
}

} // namespace

std::vector<std::string> Summary(const Report& r)
{
    const Scorecard& k = r.card;
    std::vector<std::string> s;
    if (!r.incomplete.empty()) s.push_back("This exercise is incomplete: its journal stops at " + When(k, k.duration_s) +
                                           " without an end record, so the figures below are provisional.");
    std::string first = (r.date.empty() ? std::string("The ") : "On " + r.date + ", the ") + (k.org.empty() ? "" : k.org + " ") +
                        "organisation exercised the scenario \"" + (k.title.empty() ? k.scenario : k.title) + "\"" +
                        (k.seed ? " (seed " + std::to_string(*k.seed) + ")" : "");
    const std::string sec = Seats(r, "secops"), it = Seats(r, "itops");
    first += ", with SecOps played by " + sec + " and ITOps by " + it;
    s.push_back(first + ". It ran for " + FormatDuration(k.duration_s) + " of exercise time and ended: " +
                (k.ended ? DescribeEndReason(k.end_reason) : "without an end record") + ".");
    if (!k.attack_start_s) {
        s.push_back("No attacker technique succeeded, so there was no breach to detect or contain.");
    } else {
        std::string d = "The attack began " + At(k, *k.attack_start_s) + ". ";
        if (k.time_to_tool_detect_s) d += "The tools raised the first real alert " + Dur(*k.time_to_tool_detect_s) + " later; ";
        else d += "No tool raised a real alert; ";
        d += k.time_to_detect_s ? "the teams detected the breach " + Dur(*k.time_to_detect_s) + " after it began (" + TeamLabel(k.detected_by) + ")."
                                : "the teams never detected the breach.";
        s.push_back(d);
        if (k.detected_at_s) {
            std::string c = k.time_to_contain_s ? "The attacker was contained " + Dur(*k.time_to_contain_s) + " after detection"
                                                : "The attacker was still not contained when the exercise ended";
            c += k.time_to_recover_s ? ", and the business recovered " + Dur(*k.time_to_recover_s) + " after detection."
                                     : ", and the business had not fully recovered.";
            s.push_back(c);
        }
    }
    const Impact& i = k.impact;
    if (i.total() > 0) {
        s.push_back("Downtime cost " + FormatMoney(i.total(), i.currency) + ": " + FormatMoney(i.attacker_caused, i.currency) +
                    " caused by the attacker, " + FormatMoney(i.self_inflicted, i.currency) + " self-inflicted by the response" +
                    (i.operations > 0 ? ", " + FormatMoney(i.operations, i.currency) + " from operations failures" : std::string()) + ".");
    } else {
        s.push_back("No business service went down.");
    }
    if (i.records_exfiltrated > 0 || i.hosts_encrypted > 0)
        s.push_back(FormatCount(i.records_exfiltrated) + " records were exfiltrated (" + FormatCount(i.personal_records_exfiltrated) +
                    " with personal data) and " + CountOf(i.hosts_encrypted, "host") + " encrypted.");
    const ComplianceTally n = TallyCompliance(k.compliance);
    if (n.started)
        s.push_back("Of " + CountOf(n.started, "reporting obligation") + " whose clock started, " + std::to_string(n.met) + " met, " +
                    std::to_string(n.missed) + " missed, " + std::to_string(n.open) + " still open at the end.");
    if (n.sent_before_clock)
        s.push_back(CountOf(n.sent_before_clock, "notification") + (n.sent_before_clock == 1 ? " was" : " were") + " sent before their clock started (before the breach "
                    "was detected) and do not count: an obligation is met only by a notification sent after its clock starts.");
    std::map<std::string, int> ratings;
    for (const auto& o : r.objectives) ratings[o.rating]++;
    if (!r.objectives.empty()) {
        std::string line = "Objectives: " + std::to_string(ratings["P"]) + " performed without challenges, " + std::to_string(ratings["S"]) +
                           " with some challenges, " + std::to_string(ratings["M"]) + " with major challenges, " + std::to_string(ratings["U"]) +
                           " unable to be performed";
        if (ratings["-"]) line += ", " + std::to_string(ratings["-"]) + " left to the facilitator";
        s.push_back(line + ".");
    }
    if (r.baseline) {
        for (const auto& l : r.baseline->lines)
            if ((l.figure == "time_to_contain_s" || l.figure == "time_to_detect_s") && l.outcome != "no_breach") s.push_back("Against " + std::to_string(r.baseline->runs) +
                                                                                              " simulated teams: " + l.sentence + ".");
    }
    return s;
}

} // namespace bd::report_parts
