// compare_html.cpp: the comparison as one self-contained HTML page (CompareHtml) with a
// box-and-whisker chart per figure (CompareSvg), and the style sheet and escaping the report's
// page shares (ReportCss, HtmlEscape; see compare.h).
#include "compare.h"
#include "compare_parts.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace bd {

using namespace compare_parts;

// [SECTION] HTML and SVG

std::string HtmlEscape(const std::string& s)
{
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += c;
        }
    }
    return out;
}

const char* ReportCss()
{
    return R"CSS(
:root { --ink:#1b1f24; --muted:#5b6470; --line:#c9ced6; --soft:#f3f5f8; --accent:#1f5fa8;
        --p:#2e7d32; --s:#9a7d0a; --m:#c25e00; --u:#b3261e; --siloed:#b35c00; --converged:#1f5fa8; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif; color: var(--ink);
       background: #fff; margin: 0 auto; max-width: 60rem; padding: 1.5rem 2rem; line-height: 1.45; font-size: 11pt; }
h1 { font-size: 1.6rem; margin: 0 0 .2rem 0; }
h2 { font-size: 1.2rem; border-bottom: 2px solid var(--accent); padding-bottom: .15rem; margin: 1.8rem 0 .6rem 0; }
h3 { font-size: 1rem; margin: 1.1rem 0 .4rem 0; }
p { margin: .35rem 0; }
.subtitle { color: var(--muted); margin-bottom: 1rem; }
.note { color: var(--muted); font-size: .9em; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 .8rem 0; font-size: .92em; }
th, td { border: 1px solid var(--line); padding: .25rem .45rem; text-align: left; vertical-align: top; }
th { background: var(--soft); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.rating { display: inline-block; min-width: 1.8em; text-align: center; font-weight: 700; border-radius: 3px;
          padding: 0 .3em; border: 1.5px solid currentColor; }
.r-P { color: var(--p); } .r-S { color: var(--s); } .r-M { color: var(--m); } .r-U { color: var(--u); } .r-NA { color: var(--muted); }
.st-met { color: var(--p); font-weight: 600; } .st-missed { color: var(--u); font-weight: 600; }
.st-open, .st-sent_before_clock { color: var(--s); font-weight: 600; } .st-not_triggered { color: var(--muted); }
ul.tight { margin: .2rem 0 .6rem 1.2rem; padding: 0; }
ul.tight li { margin: .15rem 0; }
.alert { background: #fdecea; border: 1px solid var(--u); border-left: 6px solid var(--u); padding: .6rem .9rem; margin: .6rem 0; }
.summary { background: var(--soft); border-left: 4px solid var(--accent); padding: .6rem .9rem; }
dl.overview { display: grid; grid-template-columns: 11rem 1fr; gap: .15rem 1rem; margin: .4rem 0; }
dl.overview dt { font-weight: 600; color: var(--muted); }
dl.overview dd { margin: 0; }
svg { max-width: 100%; height: auto; display: block; margin: .4rem 0; }
svg text { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; }
.legend span { display: inline-block; margin-right: 1rem; font-size: .88em; }
.swatch { display: inline-block; width: .8em; height: .8em; margin-right: .3em; vertical-align: -0.05em; border: 1px solid #555; }
.fill-in { min-width: 8rem; color: var(--muted); }
td.nowrap { white-space: nowrap; }
footer { margin-top: 2rem; color: var(--muted); font-size: .85em; border-top: 1px solid var(--line); padding-top: .4rem; }
@media print {
  @page { size: A4; margin: 18mm 14mm 16mm 14mm;
          @bottom-right { content: "page " counter(page) " of " counter(pages); font-size: 8pt; color: #5b6470; } }
  body { max-width: none; padding: 0 2px; font-size: 10pt; }
  /* Sections follow on from each other (a clean run fits a few pages, not one per section); a
     heading never ends a page: it stays with what follows, and so does the footer. */
  h2 { break-after: avoid; page-break-after: avoid; margin-top: 1.2rem; }
  h3 { break-after: avoid; page-break-after: avoid; }
  .keep-start h3 + table tr:first-child, .keep-start h3 + table thead { break-before: avoid; }
  h2 + p, h3 + p, h2 + .note, h3 + .note { break-before: avoid; page-break-before: avoid; }
  footer { break-before: avoid; page-break-before: avoid; break-inside: avoid; }
  svg, .alert, figure, dl.overview, .keep-together { break-inside: avoid; page-break-inside: avoid; }
  figure { margin: 0; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  a { color: inherit; text-decoration: none; }
  .summary { background: none; border: 1px solid var(--line); border-left: 4px solid var(--accent); }
  th { background: none; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
)CSS";
}

namespace {

std::string Num(double v)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

const char* OrgColour(OrgProfile o) { return o == OrgProfile::Siloed ? "#b35c00" : "#1f5fa8"; }

} // namespace

namespace compare_parts {

// Round-number axis ticks for [0, hi].
std::vector<double> Ticks(double hi, bool time)
{
    std::vector<double> steps;
    if (time) steps = {60, 300, 600, 1800, 3600, 2 * 3600, 4 * 3600, 6 * 3600, 12 * 3600, 86400, 2 * 86400, 7 * 86400, 14 * 86400, 30 * 86400};
    else
        for (double m = 1; m < 1e13; m *= 10) { steps.push_back(m); steps.push_back(2 * m); steps.push_back(5 * m); }
    double step = steps.back();
    for (double s : steps)
        if (hi / s <= 6) { step = s; break; }
    std::vector<double> out;
    for (double v = 0; v <= hi + 1e-9 && out.size() < 20; v += step) out.push_back(v);
    return out;
}

std::string TickLabel(double v, bool time)
{
    if (!time) {
        char buf[32];
        if (v >= 1e6) std::snprintf(buf, sizeof buf, "%gM", v / 1e6);
        else if (v >= 1e3) std::snprintf(buf, sizeof buf, "%gk", v / 1e3);
        else std::snprintf(buf, sizeof buf, "%g", v);
        return buf;
    }
    if (v >= 86400 && std::fmod(v, 86400) == 0) return std::to_string((long long)(v / 86400)) + "d";
    if (v >= 3600) return Num(v / 3600).substr(0, Num(v / 3600).size() - (std::fmod(v, 3600) == 0 ? 2 : 0)) + "h";
    return std::to_string((long long)(v / 60)) + "m";
}

} // namespace compare_parts

std::string CompareSvg(const CompareResult& r, const std::string& figure, int width)
{
    const bool time = FigureIsTime(figure);
    double hi = 0;
    for (const auto& p : r.profiles)
        if (const Distribution* d = p.Find(figure))
            for (const auto& v : d->values)
                if (v) hi = std::max(hi, *v);
    if (hi <= 0) hi = time ? 3600 : 1;
    const auto ticks = Ticks(hi, time);
    hi = std::max(hi, ticks.back());
    const int left = 100, right = 70, row_h = 46, top = 14;
    const int plot_w = width - left - right;
    const int height = top + row_h * (int)r.profiles.size() + 40;
    auto X = [&](double v) { return left + plot_w * (v / hi); };
    std::ostringstream s;
    s << "<svg viewBox=\"0 0 " << width << " " << height << "\" width=\"" << width
      << "\" height=\"" << height << "\" role=\"img\" aria-label=\"" << HtmlEscape(FigureLabel(figure)) << "\">\n";
    s << "<title>" << HtmlEscape(FigureLabel(figure)) << "</title>\n";
    const int axis_y = top + row_h * (int)r.profiles.size();
    for (double t : ticks) {
        s << "<line x1=\"" << Num(X(t)) << "\" y1=\"" << top << "\" x2=\"" << Num(X(t)) << "\" y2=\"" << axis_y
          << "\" stroke=\"#e1e4e8\" stroke-width=\"1\"/>\n";
        s << "<text x=\"" << Num(X(t)) << "\" y=\"" << axis_y + 16 << "\" font-size=\"11\" text-anchor=\"middle\" fill=\"#5b6470\">"
          << HtmlEscape(TickLabel(t, time)) << "</text>\n";
    }
    s << "<line x1=\"" << left << "\" y1=\"" << axis_y << "\" x2=\"" << left + plot_w << "\" y2=\"" << axis_y
      << "\" stroke=\"#5b6470\" stroke-width=\"1\"/>\n";
    s << "<text x=\"" << left + plot_w + 8 << "\" y=\"" << top + 10 << "\" font-size=\"11\" fill=\"#5b6470\">never</text>\n";
    // What the axis counts: the currency for costs (the ticks are 50k, 100k ...), the unit for times.
    const std::string unit = time ? std::string("time (m minutes, h hours, d days)") : r.currency.empty() ? std::string("cost") : "cost in " + r.currency;
    s << "<text x=\"" << left + plot_w << "\" y=\"" << axis_y + 30 << "\" font-size=\"11\" text-anchor=\"end\" fill=\"#5b6470\">"
      << HtmlEscape(unit) << "</text>\n";
    int row = 0;
    for (const auto& p : r.profiles) {
        const Distribution* d = p.Find(figure);
        const double cy = top + row_h * row + row_h / 2.0;
        const char* col = OrgColour(p.org);
        s << "<text x=\"" << left - 8 << "\" y=\"" << Num(cy + 4) << "\" font-size=\"12\" text-anchor=\"end\" fill=\"#1b1f24\">"
          << OrgName(p.org) << "</text>\n";
        // Dot strip: every run, spread over the row by its index (deterministic, no randomness).
        size_t i = 0;
        for (const auto& v : d->values) {
            if (!v) break;
            const double jitter = ((double)((i * 7919) % 17) / 16.0 - 0.5) * (row_h * 0.55);
            s << "<circle cx=\"" << Num(X(*v)) << "\" cy=\"" << Num(cy + jitter) << "\" r=\"2\" fill=\"" << col
              << "\" fill-opacity=\"0.28\"/>\n";
            ++i;
        }
        // Whiskers p10..p90, box p25..p75, median line; a "never" end stops at the plot's edge.
        auto xv = [&](const std::optional<double>& v) { return v ? X(*v) : (double)(left + plot_w); };
        if (d->runs) {
            s << "<line x1=\"" << Num(xv(d->p10)) << "\" y1=\"" << Num(cy) << "\" x2=\"" << Num(xv(d->p90)) << "\" y2=\"" << Num(cy)
              << "\" stroke=\"" << col << "\" stroke-width=\"1.5\"/>\n";
            for (const auto* v : {&d->p10, &d->p90})
                s << "<line x1=\"" << Num(xv(*v)) << "\" y1=\"" << Num(cy - 8) << "\" x2=\"" << Num(xv(*v)) << "\" y2=\"" << Num(cy + 8)
                  << "\" stroke=\"" << col << "\" stroke-width=\"1.5\"/>\n";
            const double bx = xv(d->p25), bw = std::max(1.0, xv(d->p75) - bx);
            s << "<rect x=\"" << Num(bx) << "\" y=\"" << Num(cy - 11) << "\" width=\"" << Num(bw) << "\" height=\"22\" fill=\"" << col
              << "\" fill-opacity=\"0.18\" stroke=\"" << col << "\" stroke-width=\"1.5\"/>\n";
            s << "<line x1=\"" << Num(xv(d->median)) << "\" y1=\"" << Num(cy - 13) << "\" x2=\"" << Num(xv(d->median)) << "\" y2=\""
              << Num(cy + 13) << "\" stroke=\"" << col << "\" stroke-width=\"3\"/>\n";
        }
        s << "<text x=\"" << left + plot_w + 8 << "\" y=\"" << Num(cy + 4) << "\" font-size=\"12\" fill=\"" << col << "\">" << d->never
          << "/" << d->runs << "</text>\n";
        ++row;
    }
    s << "</svg>\n";
    return s.str();
}

std::string CompareHtml(const CompareResult& r)
{
    std::ostringstream h;
    h << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Breachdrill compare: "
      << HtmlEscape(r.scenario) << "</title>\n<style>" << ReportCss() << "</style>\n</head>\n<body>\n";
    if (!r.error.empty()) {
        h << "<h1>Compare failed</h1>\n<p>" << HtmlEscape(r.error) << "</p>\n</body>\n</html>\n";
        return h.str();
    }
    const size_t seeds = (size_t)(r.seed_last - r.seed_first + 1);
    h << "<h1>What silos cost: " << HtmlEscape(r.title) << "</h1>\n";
    h << "<p class=\"subtitle\">Scenario <code>" << HtmlEscape(r.scenario) << "</code>, " << seeds << " seeds (" << r.seed_first << ".."
      << r.seed_last << ") per organisation profile, played by the autopilot ITOps and SecOps teams: " << r.runs.size()
      << " runs. Both profiles face the same attacks (the same seeds).</p>\n";
    if (const std::string headline = CompareHeadline(r); !headline.empty())
        h << "<p class=\"summary headline\">" << HtmlEscape(headline) << "</p>\n";
    h << "<p class=\"note\">Percentiles by nearest rank over all runs: p10 is the value 10% of runs did at least as well as. "
         "A run where the moment never came (never detected, never contained) counts as slower than any; when a percentile lands "
         "on such a run it reads <em>never</em>. Times run from the attack's start (detect) or from detection (contain, recover); the time to "
         "restore from the first host or service an operations outage (not an attack, such as a faulty update) took down. "
         "The box spans p25 to p75, the whiskers p10 to p90, the thick line is the median; each dot is one run.</p>\n";
    h << "<div class=\"legend\">";
    for (const auto& p : r.profiles)
        h << "<span><span class=\"swatch\" style=\"background:" << OrgColour(p.org) << "\"></span>" << OrgName(p.org) << "</span>";
    h << "</div>\n";
    h << "<table>\n<thead><tr><th>figure</th><th>profile</th><th class=\"num\">median</th><th class=\"num\">p10</th>"
         "<th class=\"num\">p90</th><th class=\"num\">never</th><th>seed by seed</th></tr></thead>\n<tbody>\n";
    for (const char* f : CompareFigures()) {
        const std::string fig = f;
        bool first = true;
        for (const auto& p : r.profiles) {
            const Distribution* d = p.Find(fig);
            h << "<tr>";
            if (first) h << "<th rowspan=\"" << r.profiles.size() + (r.profiles.size() == 2 ? 1 : 0) << "\">" << HtmlEscape(FigureLabel(fig)) << "</th>";
            first = false;
            if (d->runs == 0) {
                h << "<td>" << OrgName(p.org) << "</td><td colspan=\"5\" class=\"note\">not measured in any run: " << HtmlEscape(NotMeasuredWhy(fig, p))
                  << "</td></tr>\n";
                continue;
            }
            h << "<td>" << OrgName(p.org) << "</td><td class=\"num\">" << HtmlEscape(FormatValue(fig, d->median, r.currency))
              << "</td><td class=\"num\">" << HtmlEscape(FormatValue(fig, d->p10, r.currency)) << "</td><td class=\"num\">"
              << HtmlEscape(FormatValue(fig, d->p90, r.currency)) << "</td><td class=\"num\">" << d->never << "/" << d->runs
              << "</td><td></td></tr>\n";
        }
        const FigureDifference* d = nullptr;
        for (const auto& x : r.differences)
            if (x.figure == fig) d = &x;
        const bool measured = std::any_of(r.profiles.begin(), r.profiles.end(), [&](const ProfileStats& p) { return p.Find(fig)->runs > 0; });
        if (r.profiles.size() == 2 && d && !measured)
            h << "<tr class=\"diff\"><td><em>difference</em></td><td colspan=\"5\" class=\"note\">none to measure</td></tr>\n";
        if (r.profiles.size() == 2 && d && measured) {
            const Distribution* a = r.profiles[0].Find(fig);
            const Distribution* b = r.profiles[1].Find(fig);
            const long long never = (long long)b->never - (long long)a->never;
            h << "<tr class=\"diff\"><td><em>difference</em></td><td class=\"num\"><em>" << HtmlEscape(FormatDiff(fig, a->median, b->median, r.currency))
              << "</em><br><span class=\"note\">95% CI " << HtmlEscape(FormatInterval(*d, r.currency)) << "</span></td><td class=\"num\"><em>"
              << HtmlEscape(FormatDiff(fig, a->p10, b->p10, r.currency)) << "</em></td><td class=\"num\"><em>"
              << HtmlEscape(FormatDiff(fig, a->p90, b->p90, r.currency)) << "</em></td><td class=\"num\"><em>" << (never > 0 ? "+" : "") << never
              << "</em></td><td><em>" << OrgName(r.profiles[1].org) << " lower on " << d->lower << ", higher on " << d->higher << ", equal on "
              << d->equal << "</em><br><span class=\"note\">sign test " << HtmlEscape(FormatP(d->sign_p)) << "</span></td></tr>\n";
        }
    }
    h << "</tbody>\n</table>\n";
    if (r.profiles.size() == 2)
        h << "<p class=\"note\">Difference: " << OrgName(r.profiles[1].org) << " minus " << OrgName(r.profiles[0].org)
          << " (negative is faster or cheaper). The 95% confidence interval of the median difference is a bootstrap: the seeds are "
             "resampled in pairs (both profiles' runs of a seed together) "
          << BootstrapResamples(seeds) << " times from a fixed generator seed, so the page is the same every time; \"unbounded\" means "
             "that in those resamples a median run often never got there. Seed by seed counts the seeds where "
          << OrgName(r.profiles[1].org) << " did better (lower) or worse (higher) on the same attack; the sign test gives the chance "
             "of a split at least that uneven if neither profile were better.</p>\n";
    for (const char* f : CompareFigures()) {
        h << "<h3>" << HtmlEscape(FigureLabel(f)) << "</h3>\n";
        bool all_zero = true, measured = false;
        for (const auto& p : r.profiles)
            if (const Distribution* d = p.Find(f)) {
                measured = measured || d->runs > 0;
                for (const auto& v : d->values) all_zero = all_zero && v && *v == 0;
            }
        if (!measured)
            h << "<p class=\"note\">Not measured in any run (" << HtmlEscape(NotMeasuredWhy(f, r.profiles.front())) << "): nothing to chart.</p>\n";
        else if (all_zero) h << "<p class=\"note\">Every run: " << HtmlEscape(FormatValue(f, 0.0, r.currency)) << " (nothing to chart).</p>\n";
        else h << CompareSvg(r, f);
    }
    h << "<footer>Generated by breachdrill " << BREACHDRILL_VERSION << " compare. Every run can be reproduced with "
         "<code>breachdrill run " << HtmlEscape(r.scenario) << " --seed N --org PROFILE</code>.</footer>\n";
    h << "</body>\n</html>\n";
    return h.str();
}

} // namespace bd
