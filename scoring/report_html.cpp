// report_html.cpp: the report as one self-contained HTML page (ReportHtml): inline CSS with print
// rules (compare.h ReportCss), the chart as inline SVG (report_timeline.cpp), no script, nothing
// loaded from elsewhere. One function per section of the page, called in page order; each appends
// its section to the page.
//
// Index
//   [SECTION] Ratings in words
//   [SECTION] The page's sections
//   [SECTION] The page
#include "report_parts.h"

#include <cmath>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>

namespace bd {

using namespace report_parts;

namespace {

// [SECTION] Ratings in words

std::string RatingClass(const std::string& r) { return r == "-" ? "r-NA" : "r-" + r; }

// The running header of every printed page: the report's title, top left (a CSS string: quotes,
// backslashes and anything that could close the style element escaped).
std::string PrintHeaderCss(const std::string& title)
{
    std::string quoted;
    for (char c : title) {
        if (c == '"' || c == '\\') quoted += '\\';
        if (c == '<' || c == '>' || c == '\n') { quoted += ' '; continue; }
        quoted += c;
    }
    return "@media print { @page { @top-left { content: \"" + quoted + "\"; font-size: 8pt; color: #5b6470; } } }\n";
}

// [SECTION] The page's sections

// The document head (title, the style sheet) and the page heading.
void HtmlHead(std::ostream& h, const std::string& title)
{
    h << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width\">\n<title>"
      << E(title) << "</title>\n<style>" << ReportCss() << PrintHeaderCss(title) << "</style>\n</head>\n<body>\n";
    h << "<header>\n<h1>" << E(title) << "</h1>\n<p class=\"subtitle\">After-Action Report / Improvement Plan (HSEEP style), generated from the "
         "exercise journal by breachdrill "
      << BREACHDRILL_VERSION << "</p>\n</header>\n";
}

// 1. Exercise overview: the run's facts and the participants by role.
void HtmlOverview(std::ostream& h, const Report& r)
{
    const Scorecard& k = r.card;
    h << "<section id=\"overview\">\n<h2 class=\"keep\">1. Exercise overview</h2>\n<dl class=\"overview\">\n";
    h << "<dt>Scenario</dt><dd>" << E(k.title) << " (<code>" << E(k.scenario) << "</code>)</dd>\n";
    h << "<dt>Date</dt><dd>" << (r.date.empty() ? std::string("not recorded") : E(r.date)) << "</dd>\n";
    h << "<dt>Organisation profile</dt><dd>" << E(k.org.empty() ? std::string("-") : k.org) << "</dd>\n";
    h << "<dt>Seed</dt><dd>" << (k.seed ? std::to_string(*k.seed) : std::string("-")) << "</dd>\n";
    h << "<dt>Estate</dt><dd>" << r.hosts << " hosts</dd>\n";
    h << "<dt>Exercise time</dt><dd>" << E(FormatDuration(k.duration_s)) << " (" << E(k.ended ? DescribeEndReason(k.end_reason) : "no end record")
      << ")</dd>\n";
    h << "<dt>State hash</dt><dd><code>" << E(k.state_hash.empty() ? std::string("-") : k.state_hash) << "</code></dd>\n</dl>\n";
    if (!r.summary_text.empty()) h << "<p>" << E(r.summary_text) << "</p>\n";
    h << "<h3>Participants by role</h3>\n<table>\n<thead><tr><th>team</th><th>role</th><th>played by</th><th class=\"num\">commands</th></tr></thead>\n<tbody>\n";
    if (r.participants.empty()) h << "<tr><td colspan=\"4\">No command was posted.</td></tr>\n";
    for (const auto& p : r.participants) {
        std::string who;
        for (const auto& i : p.issuers) who += (who.empty() ? "" : ", ") + PlayedBy(i);
        h << "<tr><td>" << E(TeamLabel(p.team)) << "</td><td>" << E(RoleLabel(p.role)) << "</td><td>" << E(who)
          << "</td><td class=\"num\">" << p.commands << "</td></tr>\n";
    }
    h << "</tbody>\n</table>\n</section>\n";
}

// 2. Executive summary, and the place against simulated teams when there is one.
void HtmlSummary(std::ostream& h, const Report& r)
{
    const Scorecard& k = r.card;
    h << "<section id=\"summary\">\n<h2 class=\"keep\">2. Executive summary</h2>\n<div class=\"summary\">\n";
    for (const auto& s : r.executive_summary) h << "<p>" << E(s) << "</p>\n";
    h << "</div>\n";
    if (r.baseline) {
        h << "<h3>Against simulated teams</h3>\n<p class=\"note\">" << r.baseline->runs << " autopilot runs of the same scenario, "
          << E(r.baseline->org) << " profile, seeds 1.." << r.baseline->seeds
          << ". \"Beat\" counts the simulated teams that were slower or never got there.</p>\n<table>\n<thead><tr><th>figure</th>"
             "<th class=\"num\">this team</th><th class=\"num\">simulated median</th><th class=\"num\">beat</th><th>in words</th></tr></thead>\n<tbody>\n";
        for (const auto& l : r.baseline->lines) {
            const bool time = l.figure != "total";
            auto fmt = [&](const std::optional<double>& v) {
                if (!v) return std::string("never");
                return time ? FormatDuration((ScoreTime)std::llround(*v)) : FormatMoney(*v, k.impact.currency);
            };
            h << "<tr><td>" << E(l.figure == "total" ? "Total downtime cost" : FigureLabel(l.figure)) << "</td><td class=\"num\">" << E(fmt(l.mine))
              << "</td><td class=\"num\">" << E(fmt(l.median)) << "</td><td class=\"num\">" << F1(l.beat_percent) << "%</td><td>" << E(l.sentence)
              << "</td></tr>\n";
        }
        h << "</tbody>\n</table>\n";
    }
    h << "</section>\n";
}

// 3. Objectives and ratings, each with its rule and evidence.
void HtmlObjectives(std::ostream& h, const Report& r)
{
    h << "<section id=\"objectives\">\n<h2>3. Objectives and ratings</h2>\n";
    h << "<p class=\"note\">HSEEP ratings: <b>P</b> performed without challenges, <b>S</b> with some challenges, <b>M</b> with major "
         "challenges, <b>U</b> unable to be performed; <b>-</b> not rated automatically (the facilitator rates it). Each rule is stated "
         "under the objective.</p>\n";
    if (!r.scenario_note.empty()) h << "<p class=\"note\"><b>Note:</b> " << E(r.scenario_note) << "</p>\n";
    h << "<table>\n<thead><tr><th>objective</th><th>rating</th><th>evidence from the journal</th></tr></thead>\n<tbody>\n";
    for (const auto& o : r.objectives) {
        h << "<tr><td>" << E(o.objective) << "<br><span class=\"note\">" << E(o.rule) << "</span></td><td><span class=\"rating "
          << RatingClass(o.rating) << "\" title=\"" << E(RatingLabel(o.rating)) << "\">" << E(o.rating) << "</span></td><td>";
        if (o.evidence.empty()) h << "<span class=\"note\">No evidence recorded.</span>";
        else {
            h << "<ul class=\"tight\">";
            for (const auto& e : o.evidence) h << "<li>" << E(e) << "</li>";
            h << "</ul>";
        }
        h << "</td></tr>\n";
    }
    h << "</tbody>\n</table>\n</section>\n";
}

// 4. Strengths and areas for improvement.
void HtmlAnalysis(std::ostream& h, const Report& r)
{
    h << "<section id=\"analysis\">\n<h2 class=\"keep\">4. Strengths and areas for improvement</h2>\n<h3>Strengths</h3>\n";
    if (r.strengths.empty()) h << "<p class=\"note\">None found by the rules.</p>\n";
    else {
        h << "<ul class=\"tight\">\n";
        for (const auto& f : r.strengths)
            h << "<li><b>" << E(f.capability) << ":</b> " << E(f.text) << " <span class=\"note\">(" << E(f.evidence) << " " << E(f.id) << ")</span></li>\n";
        h << "</ul>\n";
    }
    h << "<h3>Areas for improvement</h3>\n";
    if (r.areas.empty()) h << "<p class=\"note\">None found by the rules.</p>\n";
    else {
        h << "<ul class=\"tight\">\n";
        for (const auto& f : r.areas)
            h << "<li><b>" << E(f.capability) << ":</b> " << E(f.text) << " <span class=\"note\">(" << E(f.evidence) << " " << E(f.id) << ")</span></li>\n";
        h << "</ul>\n";
    }
    h << "</section>\n";
}

// 5. Scorecard: every figure with its definition, downtime by service, scoring warnings.
void HtmlScorecard(std::ostream& h, const Report& r)
{
    const Scorecard& k = r.card;
    // The heading, its note and the first (short) table on one page.
    h << "<section id=\"scorecard\">\n<div class=\"keep-together\">\n<h2>5. Scorecard</h2>\n<p class=\"note\">Every figure is computed from "
         "the journal alone; each is defined beside it. Times are durations (h:mm:ss, or days) with the exact seconds.</p>\n";
    bool first = true;
    for (const auto& [group, rows] : FigureTable(k)) {
        if (!first) h << "<div class=\"keep-start\">\n";
        h << "<h3>" << E(group) << "</h3>\n<table>\n<thead><tr><th>figure</th><th class=\"num\">value</th><th class=\"num\">seconds</th>"
             "<th>definition</th></tr></thead>\n<tbody>\n";
        for (const auto& row : rows)
            h << "<tr><td>" << E(row.name) << "</td><td class=\"num\">" << E(row.value) << "</td><td class=\"num\">" << E(row.seconds)
              << "</td><td>" << E(row.definition) << "</td></tr>\n";
        h << "</tbody>\n</table>\n</div>\n";
        first = false;
    }
    h << "<h3>Downtime by service</h3>\n<table>\n<thead><tr><th>service</th><th class=\"num\">attacker</th><th class=\"num\">self-inflicted</th>"
         "<th class=\"num\">operations</th><th class=\"num\">cost</th></tr></thead>\n<tbody>\n";
    for (const auto& s : k.impact.downtime) {
        const double cost = (double)s.total_s() / 3600.0 * s.cost_per_hour;
        h << "<tr><td>" << E(s.name) << "</td><td class=\"num\">" << E(FormatDuration(s.attacker_s)) << "</td><td class=\"num\">"
          << E(FormatDuration(s.defender_s)) << "</td><td class=\"num\">" << E(FormatDuration(s.operations_s)) << "</td><td class=\"num\">"
          << E(FormatMoney(cost, k.impact.currency)) << "</td></tr>\n";
    }
    h << "</tbody>\n</table>\n";
    if (!k.warnings.empty()) {
        h << "<h3>Scoring warnings</h3>\n<ul class=\"tight\">\n";
        for (const auto& w : k.warnings) h << "<li>" << E(w) << "</li>\n";
        h << "</ul>\n";
    }
    h << "</section>\n";
}

// 6. Timeline: the chart, the key moments, the attacker's stages and the injects.
void HtmlTimeline(std::ostream& h, const Report& r)
{
    // The heading, its note and the chart on one page: a heading never ends a page alone.
    h << "<section id=\"timeline\">\n<div class=\"keep-together\">\n<h2>6. Timeline</h2>\n<p class=\"note\">The attacker's techniques (diamonds; hollow: the attempt "
         "failed) against the alerts (filled: caused by the attacker; hollow: false alarm), each team's actions (hollow: failed; a cross: "
         "refused when posted), the injects (hollow: the expected action was missed) and each service's outages, coloured by cause. "
         "Dashed lines: attack start, detection, containment, recovery.</p>\n";
    h << "<figure>\n" << TimelineSvg(r) << "</figure>\n</div>\n";
    h << "<h3>Key moments</h3>\n<table>\n<thead><tr><th class=\"num\">when</th><th>what happened</th></tr></thead>\n<tbody>\n";
    for (const auto& m : r.key_moments) h << "<tr><td class=\"num\">" << E(When(r.card, m.t)) << "</td><td>" << E(m.label) << "</td></tr>\n";
    h << "</tbody>\n</table>\n";
    h << "<h3>Attacker stages and injects</h3>\n<table>\n<thead><tr><th class=\"num\">when</th><th>lane</th><th>event</th></tr></thead>\n<tbody>\n";
    for (const auto& e : r.events)
        if ((e.lane == "attacker" && e.strong) || e.lane == "injects")
            h << "<tr><td class=\"num\">" << E(When(r.card, e.t)) << "</td><td>" << E(Lanes(e.lane)) << "</td><td>" << E(e.label) << "</td></tr>\n";
    h << "</tbody>\n</table>\n</section>\n";
}

// 7. Compliance clocks.
void HtmlCompliance(std::ostream& h, const Report& r)
{
    const Scorecard& k = r.card;
    h << "<section id=\"compliance\">\n<h2 class=\"keep\">7. Compliance clocks</h2>\n<p class=\"note\">NIS2: early warning 24 h, notification "
         "72 h, final report 30 days from detection. GDPR Art. 33: notification 72 h from the later of detection and the first touch of "
         "personal data. Times are on the story clock, with the time since the exercise began.</p>\n";
    h << "<table>\n<thead><tr><th>regime</th><th>obligation</th><th class=\"num\">clock started</th><th class=\"num\">deadline</th>"
         "<th class=\"num\">done</th><th>status</th></tr></thead>\n<tbody>\n";
    if (k.compliance.empty()) h << "<tr><td colspan=\"6\">The exercise tracked no regime.</td></tr>\n";
    for (const auto& e : k.compliance) {
        const std::string status = ComplianceStatusText(k, e);
        h << "<tr><td>" << E(e.regime == "nis2" ? "NIS2" : e.regime == "gdpr" ? "GDPR" : e.regime) << "</td><td>" << E(KindLabel(e.obligation))
          << "</td><td class=\"num\">" << E(WhenOr(k, e.clock_started_s)) << "</td><td class=\"num\">" << E(WhenOr(k, e.deadline_s))
          << "</td><td class=\"num\">" << E(WhenOr(k, e.done_s)) << "</td><td class=\"st-" << ComplianceStatusName(e.status) << "\">" << E(status)
          << "</td></tr>\n";
    }
    h << "</tbody>\n</table>\n";
    // The teams' runbooks (--runbook): "playbook steps done" (docs/scoring.md, "Runbook steps").
    for (const auto& rb : k.runbooks) {
        h << "<h3>Runbook steps: " << E(TeamLabel(rb.team)) << ", " << E(rb.name.empty() ? std::string("unnamed runbook") : rb.name) << "</h3>\n<p>"
          << E(RunbookSummaryText(k, rb)) << "</p>\n";
        h << "<table>\n<thead><tr><th class=\"num\">step</th><th>what the runbook says</th><th>command</th><th class=\"num\">done</th></tr></thead>\n<tbody>\n";
        for (const auto& s : rb.steps)
            h << "<tr><td class=\"num\">" << s.n << "</td><td>" << E(s.text) << "</td><td>" << E(s.action) << "</td><td class=\"num\">"
              << E(RunbookStepStatusText(k, s)) << "</td></tr>\n";
        h << "</tbody>\n</table>\n";
    }
    h << "</section>\n";
}

// 8. Improvement plan, and the facilitator's rows that could not be used.
void HtmlPlan(std::ostream& h, const Report& r)
{
    h << "<section id=\"plan\">\n<h2>8. Improvement plan</h2>\n<p class=\"note\">Prefilled from the areas for improvement (due: 30 days "
         "after the exercise); the facilitator edits or adds rows (breachdrill report --plan FILE). Rows marked * come from the facilitator.</p>\n";
    h << "<table>\n<thead><tr><th>area</th><th>capability</th><th>corrective action</th><th>owner role</th><th class=\"num\">due</th>"
         "<th>status</th></tr></thead>\n<tbody>\n";
    if (r.plan.empty()) h << "<tr><td colspan=\"6\">No area for improvement was found by the rules.</td></tr>\n";
    for (const auto& p : r.plan)
        h << "<tr><td class=\"nowrap\">" << E(p.area) << (p.facilitator ? " *" : "") << "</td><td>" << E(p.capability) << "</td><td>" << E(p.action) << "</td><td>"
          << E(p.owner) << "</td><td class=\"num\">" << (p.due.empty() ? "<span class=\"fill-in\">to set</span>" : E(p.due)) << "</td><td>"
          << (p.status.empty() ? "open" : E(p.status)) << "</td></tr>\n";
    h << "</tbody>\n</table>\n";
    if (!r.problems.empty()) {
        h << "<p class=\"note\">Plan rows not used:</p>\n<ul class=\"tight\">\n";
        for (const auto& p : r.problems) h << "<li>" << E(p) << "</li>\n";
        h << "</ul>\n";
    }
    h << "</section>\n";
}

// The footer (how to check the journal) and the end of the page.
void HtmlFooter(std::ostream& h, const Report& r)
{
    const Scorecard& k = r.card;
    h << "<footer>Breachdrill " << BREACHDRILL_VERSION << ". Scenario " << E(r.scenario_ref) << ", seed "
      << (k.seed ? std::to_string(*k.seed) : "-") << ", " << E(k.org) << ": replay the journal with <code>breachdrill replay JOURNAL</code> "
         "to check the state hash.</footer>\n";
    h << "</body>\n</html>\n";
}

} // namespace

// [SECTION] The page

std::string ReportHtml(const Report& r)
{
    const Scorecard& k = r.card;
    std::ostringstream h;
    const std::string title = "After-action report: " + (k.title.empty() ? k.scenario : k.title);
    HtmlHead(h, title);
    if (!r.incomplete.empty()) h << "<p class=\"alert\" role=\"alert\"><b>Incomplete journal.</b> " << E(r.incomplete) << "</p>\n";
    HtmlOverview(h, r);
    HtmlSummary(h, r);
    HtmlObjectives(h, r);
    HtmlAnalysis(h, r);
    HtmlScorecard(h, r);
    HtmlTimeline(h, r);
    HtmlCompliance(h, r);
    HtmlPlan(h, r);
    HtmlFooter(h, r);
    return h.str();
}

} // namespace bd
