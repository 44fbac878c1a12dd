// scorecard_text.cpp: the scorecard as text for a terminal (FormatScorecard, one function per
// section), and the Format* helpers (scorecard.h) the report uses too.
#include "scorecard_parts.h"

#include "timeline.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace bd {

using namespace scorecard_parts;

// [SECTION] Text

std::string FormatDuration(ScoreTime s)
{
    std::string sign;
    uint64_t v;
    if (s < 0) {
        sign = "-";
        v = (uint64_t)0 - (uint64_t)s; // also right for INT64_MIN
    } else {
        v = (uint64_t)s;
    }
    const uint64_t days = v / kDayS, rest = v % kDayS;
    char buf[64];
    if (days > 0)
        std::snprintf(buf, sizeof buf, "%llud %02llu:%02llu:%02llu", (unsigned long long)days,
                      (unsigned long long)(rest / 3600), (unsigned long long)(rest % 3600 / 60),
                      (unsigned long long)(rest % 60));
    else
        std::snprintf(buf, sizeof buf, "%02llu:%02llu:%02llu", (unsigned long long)(rest / 3600),
                      (unsigned long long)(rest % 3600 / 60), (unsigned long long)(rest % 60));
    return sign + buf;
}

std::string FormatDurationWithSeconds(ScoreTime s)
{
    return FormatDuration(s) + " (" + std::to_string(s) + " s)";
}

std::string DescribeEndReason(const std::string& reason)
{
    if (reason == "contained_and_recovered") return "attacker contained and business recovered";
    if (reason == "recovered") return "business recovered (no attack)";
    if (reason == "duration") return "scheduled duration reached";
    // The journal does not say who stopped it: a facilitator, or `run --until`.
    if (reason == "stopped") return "stopped before its end (by the facilitator or a time limit)";
    return reason.empty() ? "no reason given" : Words(reason);
}

std::string FormatCount(int64_t n)
{
    const bool negative = n < 0;
    std::string digits = std::to_string(n);
    if (negative) digits.erase(0, 1);
    std::string out;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return negative ? "-" + out : out;
}

std::string CountOf(int64_t n, const std::string& noun, const std::string& plural)
{
    return FormatCount(n) + " " + (n == 1 ? noun : plural.empty() ? noun + "s" : plural);
}

std::string FormatMoney(double amount, const std::string& currency)
{
    std::string s;
    if (!std::isfinite(amount)) s = "?";
    else if (std::fabs(amount) >= 9.2e18) s = amount < 0 ? "-overflow" : "overflow";
    else s = FormatCount(std::llround(amount));
    return currency.empty() ? s : s + " " + currency;
}

std::string PadRight(std::string s, size_t width)
{
    const size_t n = TextWidth(s);
    if (n < width) s.append(width - n, ' ');
    return s;
}

size_t TextWidth(const std::string& s)
{
    size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
}

namespace {

std::string PadLeft(const std::string& s, size_t width)
{
    return s.size() < width ? std::string(width - s.size(), ' ') + s : s;
}

const char* LimitText(const std::string& regime, const std::string& stage)
{
    if (regime == "nis2")
        for (const auto& o : kNis2)
            if (stage == o.stage) return o.limit_text;
    if (regime == "gdpr")
        for (const auto& o : kGdpr)
            if (stage == o.stage) return o.limit_text;
    return "";
}

// Heading
void WriteHeading(std::ostream& out, const Scorecard& c)
{
    out << "BREACHDRILL SCORECARD  " << (c.scenario.empty() ? "(unknown scenario)" : c.scenario);
    if (!c.title.empty()) out << ": " << c.title;
    out << "\n";
    out << "  Run: seed " << (c.seed ? std::to_string(*c.seed) : "?") << ", "
        << (c.org.empty() ? "unknown" : c.org) << " organisation, ";
    if (c.ended)
        out << "ended after " << FormatDurationWithSeconds(c.duration_s) << ": " << DescribeEndReason(c.end_reason) << "\n";
    else
        out << "NOT ENDED: journal stops at " << FormatDurationWithSeconds(c.duration_s) << "\n";
    out << "  Story clock: " << (c.story_start.empty() ? "the scenario names no start; times are elapsed time" : "starts " + c.story_start)
        << "; run " << (c.run_at.empty() ? "at an unknown date" : "on " + c.run_at) << "\n";
    if (!c.state_hash.empty()) out << "  State hash: " << c.state_hash << "\n";
}

// Response times
void WriteResponseTimes(std::ostream& out, const Scorecard& c)
{
    out << "\n" << PadRight("RESPONSE TIMES", 36) << PadRight("duration", 14) << PadLeft("seconds", 9) << "   measured\n";
    auto row = [&](const std::string& label, const std::optional<ScoreTime>& v, const std::string& note,
                   const std::string& missing) {
        out << "  " << PadRight(label, 34);
        if (v)
            out << PadRight(FormatDuration(*v), 14) << PadLeft(std::to_string(*v), 9) << "   " << note << "\n";
        else
            out << PadRight("-", 14) << PadLeft("", 9) << "   " << missing << "\n";
    };
    out << "  " << PadRight("Attack started", 34)
        << (c.attack_start_s ? c.clock().At(*c.attack_start_s) : std::string("-   the attack never succeeded")) << "\n";
    row("Time to tool detection", c.time_to_tool_detect_s, "from attack start",
        c.attack_start_s ? "no tool raised a true alert" : "no attack");
    std::string how = c.detected_how == "triage_alert"       ? "alert triage"
                      : c.detected_how == "declare_incident" ? "incident declared"
                                                             : c.detected_how;
    row("Time to detect", c.time_to_detect_s,
        "from attack start; " + (c.detected_by.empty() ? std::string("?") : TeamLabel(c.detected_by)) + ", " + how,
        c.detected_at_s ? "detected, but no attack started" : "not detected");
    row("Time to contain", c.time_to_contain_s, "from detection",
        !c.attack_start_s ? "no attack" : !c.contained_at_s ? "not contained at the end" : "contained, but not detected");
    row("Time to recover", c.time_to_recover_s, "from detection",
        !c.attack_start_s ? "no attack" : !c.recovered_at_s ? "not recovered at the end" : "recovered, but not detected");
    row("Attacker in the network", c.foothold_time_s,
        "summed over " + FormatCount(c.intrusions) + (c.intrusions == 1 ? " intrusion" : " intrusions") + (c.contained_at_s ? "" : ", still in at the end"),
        "no attack");
    // An outage that is not an attack (a faulty vendor update): measured from its first host or service down.
    const std::string took = FormatCount(c.outage_hosts) + (c.outage_hosts == 1 ? " host, " : " hosts, ") + FormatCount(c.outage_services) +
                             (c.outage_services == 1 ? " service" : " services");
    row("Time to restore (outage)", c.time_to_restore_s, "from the first outage (" + took + " down)",
        !c.outage_start_s ? "no operations outage" : "not restored at the end (" + took + " down)");
}

// Business impact
void WriteImpact(std::ostream& out, const Scorecard& c)
{
    const std::string currency = c.impact.currency;
    const Impact& im = c.impact;
    std::vector<std::pair<std::string, double>> money = {{"Caused by the attacker", im.attacker_caused},
                                                         {"Self-inflicted (defenders' own actions)", im.self_inflicted},
                                                         {"Operations failures (not an attack)", im.operations}};
    if (im.unattributed != 0) money.push_back({"No cause recorded", im.unattributed});
    money.push_back({"Total downtime cost", im.total()});
    size_t money_width = 0;
    for (const auto& [label, v] : money) money_width = std::max(money_width, FormatMoney(v, currency).size());
    out << "\nBUSINESS IMPACT\n";
    for (const auto& [label, v] : money) out << "  " << PadRight(label, 42) << PadLeft(FormatMoney(v, currency), money_width) << "\n";
    bool any_down = false;
    size_t cost_width = 4;
    for (const auto& d : im.downtime)
        cost_width = std::max(cost_width, FormatMoney((double)d.total_s() * d.cost_per_hour / 3600.0, currency).size());
    for (const auto& d : im.downtime) {
        if (d.total_s() == 0) continue;
        if (!any_down)
            out << "  " << PadRight("Downtime by service", 34) << PadRight("duration", 22) << PadLeft("cost", cost_width)
                << "   caused by\n";
        any_down = true;
        std::string split;
        auto part = [&](const char* what, ScoreTime s) {
            if (s == 0) return;
            split += (split.empty() ? "" : ", ") + std::string(what) + " " + FormatDuration(s);
        };
        part("attacker", d.attacker_s);
        part("defenders", d.defender_s);
        part("operations", d.operations_s);
        part("no cause", d.other_s);
        // A name too long for its column gets a line of its own, so the columns stay aligned.
        const std::string name = d.name == d.id ? d.id : d.name + " (" + d.id + ")";
        if (TextWidth(name) >= 32) out << "    " << name << "\n" << std::string(36, ' ');
        else out << "    " << PadRight(name, 32);
        out << PadRight(FormatDurationWithSeconds(d.total_s()), 22)
            << PadLeft(FormatMoney((double)d.total_s() * d.cost_per_hour / 3600.0, currency), cost_width) << "   " << split
            << "\n";
    }
    if (!any_down) out << "  No business service went down.\n";
    out << "  Data: " << FormatCount(im.records_exfiltrated) << " records exfiltrated (" << FormatCount(im.personal_records_exfiltrated)
        << " with personal data); " << im.hosts_encrypted << (im.hosts_encrypted == 1 ? " host" : " hosts") << " encrypted\n";
}

// Coordination
void WriteCoordination(std::ostream& out, const Scorecard& c)
{
    const Coordination& co = c.coordination;
    out << "\nCOORDINATION\n";
    out << "  " << PadRight("Requests between teams (tickets)", 42) << co.requests << " (answered " << co.answered
        << ", still open at the end " << co.open_tickets << ")\n";
    out << "  " << PadRight("Median hand-off time", 42);
    if (co.median_handoff_s)
        out << FormatDurationWithSeconds(*co.median_handoff_s) << "; longest " << FormatDuration(*co.max_handoff_s) << "\n";
    else
        out << "- (no request was answered)\n";
    out << "  " << PadRight("Disruptive actions without coordination", 42) << co.uncoordinated_disruptive << "\n";
    out << "  " << PadRight("Emergency changes (no approval)", 42) << co.emergency_changes << "\n";
}

// Compliance
void WriteCompliance(std::ostream& out, const Scorecard& c)
{
    out << "\n" << PadRight("COMPLIANCE", 36) << "status\n";
    if (c.compliance.empty()) out << "  No reporting regime applies to this scenario.\n";
    const StoryClock clock = c.clock();
    for (const auto& e : c.compliance) {
        out << "  " << PadRight(ComplianceLabel(e), 34) << ComplianceStatusLabel(e.status);
        if (e.status == ComplianceStatus::Missed && e.done_s) out << " (late by " << FormatDuration(*e.done_s - *e.deadline_s) << ")";
        if (e.sent_before_clock_s && !e.done_s)
            out << (e.status == ComplianceStatus::SentBeforeClock ? " (at " : " (sent only before the clock started, at ")
                << clock.At(*e.sent_before_clock_s) << ")";
        std::string when;
        for (const auto& [what, t] : {std::pair{"clock started ", e.clock_started_s}, {"due ", e.deadline_s}, {"done ", e.done_s}})
            if (t) when += (when.empty() ? "" : "; ") + std::string(what) + clock.At(*t);
        out << "\n";
        if (!when.empty()) out << "      " << when << "\n";
    }
}

// Alerts
void WriteAlerts(std::ostream& out, const Scorecard& c)
{
    const AlertCounts& al = c.alerts;
    out << "\nALERTS\n";
    out << "  " << FormatCount(al.total) << " alerts, " << FormatCount(al.true_positive) << " caused by the attacker; of those "
        << al.true_positive - al.missed_true - al.true_alerts_triaged_as_false << " confirmed, " << al.true_alerts_triaged_as_false
        << " dismissed as false, " << al.missed_true << " never triaged\n";
    out << "  " << FormatCount(al.false_positives_triaged_as_true) << (al.false_positives_triaged_as_true == 1 ? " false alarm" : " false alarms")
        << " taken for real\n";
}

// Runbook steps: done (when), skipped, checklist items
void WriteRunbooks(std::ostream& out, const Scorecard& c)
{
    const StoryClock clock = c.clock();
    for (const auto& rb : c.runbooks) {
        out << "\nRUNBOOK STEPS (" << TeamLabel(rb.team) << ": " << (rb.name.empty() ? "unnamed runbook" : rb.name) << ")\n";
        out << "  " << rb.done << " of " << rb.done + rb.skipped << " command steps done, " << rb.skipped
            << (c.ended ? " skipped" : " not done yet");
        if (rb.checklist)
            out << "; " << CountOf(rb.checklist, "checklist item") << " for the players, " << rb.ticked
                << " ticked by the team (not simulated)";
        out << "\n";
        for (const auto& s : rb.steps) {
            const std::string status = s.checklist ? (s.ticked_s ? "ticked " + clock.At(*s.ticked_s) : "checklist, not ticked")
                                       : s.done_s ? "done " + clock.At(*s.done_s)
                                       : c.ended  ? "SKIPPED"
                                                  : "not yet";
            out << "  " << PadLeft(std::to_string(s.n), 2) << ". " << PadRight(status, 30) << s.text;
            if (!s.checklist) out << " [" << s.action << "]";
            if (s.asked) out << " (by the other team, asked)";
            if (s.ticked_s) out << " [ticked by " << (s.ticked_by == "facilitator" ? std::string("the facilitator") : TeamLabel(s.ticked_by)) << ": not simulated]";
            out << "\n";
        }
    }
}

// Timeline
void WriteTimeline(std::ostream& out, const Scorecard& c)
{
    const auto timeline = BuildTimeline(c);
    if (!timeline.empty()) {
        out << "\nTIMELINE\n";
        const StoryClock clock = c.clock();
        for (const auto& e : timeline) out << "  " << PadRight(clock.At(e.t), 24) << e.label << "\n";
    }
}

// Warnings
void WriteWarnings(std::ostream& out, const Scorecard& c)
{
    if (!c.warnings.empty()) {
        out << "\nWARNINGS\n";
        for (const auto& w : c.warnings) out << "  - " << w << "\n";
    }
}

} // namespace

std::string ComplianceLabel(const ComplianceEntry& e)
{
    std::string label = ObligationLabel(e.regime, e.obligation);
    if (const char* limit = LimitText(e.regime, e.obligation); *limit) label += std::string(" (") + limit + ")";
    return label;
}

std::string FormatScorecard(const Scorecard& c)
{
    std::ostringstream out;
    WriteHeading(out, c);
    WriteResponseTimes(out, c);
    WriteImpact(out, c);
    WriteCoordination(out, c);
    WriteCompliance(out, c);
    WriteAlerts(out, c);
    WriteRunbooks(out, c);
    WriteTimeline(out, c);
    WriteWarnings(out, c);
    return out.str();
}

} // namespace bd
