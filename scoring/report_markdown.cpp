// report_markdown.cpp: the report as Markdown (ReportMarkdown): the HTML page's sections as lists
// and tables, for a wiki or a ticket.
#include "report_parts.h"

#include <sstream>
#include <string>

namespace bd {

using namespace report_parts;

namespace {

std::string Md(const std::string& s)
{
    std::string out;
    for (char c : s) {
        if (c == '|') out += "\\|";
        else if (c == '\n') out += ' ';
        else out += c;
    }
    return out;
}

} // namespace

std::string ReportMarkdown(const Report& r)
{
    const Scorecard& k = r.card;
    std::ostringstream m;
    m << "# After-action report: " << Md(k.title.empty() ? k.scenario : k.title) << "\n\n";
    if (!r.incomplete.empty()) m << "> **Incomplete journal.** " << Md(r.incomplete) << "\n\n";
    m << "## 1. Exercise overview\n\n";
    m << "- Scenario: " << Md(k.title) << " (`" << k.scenario << "`)\n- Date: " << (r.date.empty() ? "not recorded" : r.date) << "\n";
    m << "- Organisation profile: " << k.org << "\n- Seed: " << (k.seed ? std::to_string(*k.seed) : "-") << "\n- Estate: " << r.hosts << " hosts\n";
    m << "- Exercise time: " << FormatDuration(k.duration_s) << " (" << (k.ended ? DescribeEndReason(k.end_reason) : "no end record") << ")\n";
    m << "- State hash: `" << (k.state_hash.empty() ? "-" : k.state_hash) << "`\n\n";
    m << "| team | role | played by | commands |\n|---|---|---|---:|\n";
    for (const auto& p : r.participants) {
        std::string who;
        for (const auto& i : p.issuers) who += (who.empty() ? "" : ", ") + PlayedBy(i);
        m << "| " << TeamLabel(p.team) << " | " << Md(RoleLabel(p.role)) << " | " << Md(who) << " | " << p.commands << " |\n";
    }
    m << "\n## 2. Executive summary\n\n";
    for (const auto& s : r.executive_summary) m << s << "\n";
    if (r.baseline) {
        m << "\nAgainst " << r.baseline->runs << " simulated teams (" << r.baseline->org << "):\n\n";
        for (const auto& l : r.baseline->lines) m << "- " << l.sentence << "\n";
    }
    m << "\n## 3. Objectives and ratings\n\nP performed without challenges, S with some, M with major challenges, U unable to be performed; "
         "- not rated (the facilitator rates it).\n\n";
    if (!r.scenario_note.empty()) m << "Note: " << Md(r.scenario_note) << "\n\n";
    m << "| objective | rating | evidence |\n|---|:---:|---|\n";
    for (const auto& o : r.objectives) {
        std::string ev;
        for (const auto& e : o.evidence) ev += (ev.empty() ? "" : "<br>") + Md(e);
        m << "| " << Md(o.objective) << " | **" << o.rating << "** | " << ev << " |\n";
    }
    m << "\n## 4. Strengths and areas for improvement\n\n### Strengths\n\n";
    for (const auto& f : r.strengths) m << "- **" << f.capability << ":** " << f.text << " (" << f.evidence << " " << f.id << ")\n";
    if (r.strengths.empty()) m << "None found by the rules.\n";
    m << "\n### Areas for improvement\n\n";
    for (const auto& f : r.areas) m << "- **" << f.capability << ":** " << f.text << " (" << f.evidence << " " << f.id << ")\n";
    if (r.areas.empty()) m << "None found by the rules.\n";
    m << "\n## 5. Scorecard\n\n";
    for (const auto& [group, rows] : FigureTable(k)) {
        m << "### " << group << "\n\n| figure | value | seconds | definition |\n|---|---:|---:|---|\n";
        for (const auto& row : rows) m << "| " << Md(row.name) << " | " << Md(row.value) << " | " << row.seconds << " | " << Md(row.definition) << " |\n";
        m << "\n";
    }
    m << "### Downtime by service\n\n| service | attacker | self-inflicted | operations | cost |\n|---|---:|---:|---:|---:|\n";
    for (const auto& s : k.impact.downtime)
        m << "| " << Md(s.name) << " | " << FormatDuration(s.attacker_s) << " | " << FormatDuration(s.defender_s) << " | "
          << FormatDuration(s.operations_s) << " | " << FormatMoney((double)s.total_s() / 3600.0 * s.cost_per_hour, k.impact.currency) << " |\n";
    if (k.impact.downtime.empty()) m << "| (no business service in the journal) | | | | |\n";
    if (!k.warnings.empty()) {
        m << "\n### Scoring warnings\n\n";
        for (const auto& w : k.warnings) m << "- " << Md(w) << "\n";
    }
    m << "\n## 6. Timeline\n\n| when | what happened |\n|---:|---|\n";
    for (const auto& t : r.key_moments) m << "| " << When(k, t.t) << " | " << Md(t.label) << " |\n";
    m << "\n| when | lane | event |\n|---:|---|---|\n";
    for (const auto& e : r.events)
        if ((e.lane == "attacker" && e.strong) || e.lane == "injects") m << "| " << When(k, e.t) << " | " << Lanes(e.lane) << " | " << Md(e.label) << " |\n";
    m << "\n## 7. Compliance clocks\n\n| regime | obligation | clock started | deadline | done | status |\n|---|---|---:|---:|---:|---|\n";
    for (const auto& e : k.compliance)
        m << "| " << (e.regime == "nis2" ? "NIS2" : e.regime == "gdpr" ? "GDPR" : e.regime) << " | " << KindLabel(e.obligation) << " | " << WhenOr(k, e.clock_started_s) << " | " << WhenOr(k, e.deadline_s) << " | "
          << WhenOr(k, e.done_s) << " | " << ComplianceStatusLabel(e.status)
          << (e.sent_before_clock_s && !e.done_s ? " (sent at " + When(k, *e.sent_before_clock_s) + ", before the clock)" : "") << " |\n";
    for (const auto& rb : k.runbooks) { // docs/scoring.md, "Runbook steps"
        m << "\n### Runbook steps: " << TeamLabel(rb.team) << ", " << Md(rb.name.empty() ? std::string("unnamed runbook") : rb.name) << "\n\n"
          << RunbookSummaryText(k, rb) << "\n\n| step | what the runbook says | command | done |\n|---:|---|---|---:|\n";
        for (const auto& s : rb.steps)
            m << "| " << s.n << " | " << Md(s.text) << " | " << Md(s.action) << " | "
              << RunbookStepStatusText(k, s) << " |\n";
    }
    m << "\n## 8. Improvement plan\n\n| area | capability | corrective action | owner role | due | status |\n|---|---|---|---|---|---|\n";
    for (const auto& p : r.plan)
        m << "| " << p.area << (p.facilitator ? " *" : "") << " | " << Md(p.capability) << " | " << Md(p.action) << " | " << Md(p.owner) << " | "
          << (p.due.empty() ? "to set" : p.due) << " | " << (p.status.empty() ? "open" : Md(p.status)) << " |\n";
    for (const auto& p : r.problems) m << "\n" << p << "\n";
    return m.str();
}

} // namespace bd
