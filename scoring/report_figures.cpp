// report_figures.cpp: the scorecard section of the report: every scorecard figure, grouped as in
// docs/scoring.md, with its value, its exact seconds and its definition in that page's words. The
// HTML page and the Markdown version both print this table.
#include "report_parts.h"

#include <string>
#include <utility>
#include <vector>

namespace bd::report_parts {

// Every scorecard figure with its definition in docs/scoring.md's words.
std::vector<std::pair<std::string, std::vector<FigureRow>>> FigureTable(const Scorecard& k)
{
    const std::string cur = k.impact.currency;
    const Coordination& co = k.coordination;
    const AlertCounts& a = k.alerts;
    auto cnt = [](int64_t v) { return FormatCount(v); };
    return {
        {"Response times",
         {{"Attack started", WhenOr(k, k.attack_start_s), SecsOr(k.attack_start_s), "When the attacker's first step inside the estate worked (reconnaissance and resource development from outside do not count), on the story clock; the seconds are since the exercise began."},
          {"Time to tool detection", DurOr(k.time_to_tool_detect_s), SecsOr(k.time_to_tool_detect_s), "From the attack start to the first alert a tool raised that the attacker really caused: what the tools did, before any person looked."},
          {"Time to detect", DurOr(k.time_to_detect_s), SecsOr(k.time_to_detect_s), "From the attack start to the moment a team showed it knew: a real alert triaged as real, or an incident declared naming a compromised host." + (k.detected_by.empty() ? std::string() : " Detected by " + TeamLabel(k.detected_by) + ".")},
          {"Time to contain", DurOr(k.time_to_contain_s), SecsOr(k.time_to_contain_s), "From detection to containment: the attacker has no live foothold and no stolen credential that still works. Containment that did not hold is not containment."},
          {"Time to recover", DurOr(k.time_to_recover_s), SecsOr(k.time_to_recover_s), "From detection to the moment the attacker was contained, every service that went down was back up, and no host was left encrypted."},
          {"Attacker in the network", DurOr(k.foothold_time_s), SecsOr(k.foothold_time_s),
           "The time the attacker held a live foothold or a stolen credential that still worked, added up over its " +
               cnt(k.intrusions) + (k.intrusions == 1 ? " intrusion" : " intrusions") +
               ": a re-entry after a containment adds its own stretch, the time it was out counts for nothing."},
          {"Exercise duration", FormatDuration(k.duration_s), std::to_string(k.duration_s), "The time of the end record: " + (k.ended ? DescribeEndReason(k.end_reason) : std::string("no end record")) + "."}}},
        {"Business impact",
         {{"Caused by the attacker", FormatMoney(k.impact.attacker_caused, cur), "", "Downtime hours x the service's cost per hour, for outages the attacker caused (encryption, wiping)."},
          {"Self-inflicted", FormatMoney(k.impact.self_inflicted, cur), "", "The same for outages the defenders' own actions caused: isolating a server, taking a service offline, a failed rushed patch."},
          {"Operations failures", FormatMoney(k.impact.operations, cur), "", "Outages from an operations failure that is not an attack (a faulty vendor update)."},
          {"Unattributed", FormatMoney(k.impact.unattributed, cur), "", "Outages with no cause recorded; should be 0."},
          {"Total downtime cost", FormatMoney(k.impact.total(), cur), "", "The sum of the four above."},
          {"Records exfiltrated", cnt(k.impact.records_exfiltrated), "", "Records that left the organisation (sum over exfiltration records)."},
          {"Personal records exfiltrated", cnt(k.impact.personal_records_exfiltrated), "", "Of those, records with personal data (GDPR)."},
          {"Hosts encrypted", cnt(k.impact.hosts_encrypted), "", "Different hosts encrypted at any time."}}},
        {"Coordination",
         {{"Requests between teams", cnt(co.requests), "", "Tickets: one team asking the other to act."},
          {"Answered", cnt(co.answered), "", "Tickets the other team acted on or closed."},
          {"Median hand-off time", DurOr(co.median_handoff_s), SecsOr(co.median_handoff_s), "From a ticket to the first sign the other team acted on it; the lower middle value over the answered tickets."},
          {"Longest hand-off time", DurOr(co.max_handoff_s), SecsOr(co.max_handoff_s), "The slowest answered ticket."},
          {"Tickets open at the end", cnt(co.open_tickets), "", "Tickets never closed."},
          {"Disruptive actions without coordination", cnt(co.uncoordinated_disruptive), "", "Disruptive actions on the other team's assets that no ticket asked for, and every emergency change."},
          {"Emergency changes", cnt(co.emergency_changes), "", "Changes made at once, without change approval."}}},
        {"Alerts",
         {{"Alerts", cnt(a.total), "", "Alerts raised by every tool."},
          {"Caused by the attacker", cnt(a.true_positive), "", "Alerts the attacker really caused (ground truth)."},
          {"Triaged", cnt(a.triaged), "", "Alerts with a verdict; the last verdict counts."},
          {"Triaged as real / as false", cnt(a.triaged_true) + " / " + cnt(a.triaged_false), "", "Verdicts given, right or wrong."},
          {"False alarms taken for real", cnt(a.false_positives_triaged_as_true), "", "Effort spent on noise."},
          {"Real alerts dismissed", cnt(a.true_alerts_triaged_as_false), "", "The attacker slipped through."},
          {"Real alerts never triaged", cnt(a.missed_true), "", "Real alerts nobody looked at."}}},
    };
}

} // namespace bd::report_parts
