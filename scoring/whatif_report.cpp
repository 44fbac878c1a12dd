// whatif_report.cpp: a whatif in words (WhatifHeadline), as a ranked text table, as JSON, and as a
// self-contained page with a chart of the differences per figure (whatif.h). The page follows
// compare_html.cpp: the same style sheet (ReportCss), inline SVG, no external resource.
//
// Index
//   [SECTION] The sentence
//   [SECTION] Text
//   [SECTION] JSON
//   [SECTION] HTML and SVG
#include "compare_parts.h"
#include "whatif.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <sstream>

namespace bd {

using nlohmann::json;
using namespace compare_parts;

// [SECTION] The sentence

namespace {

std::string CountWord(size_t n)
{
    static const char* words[] = {"no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"};
    return n < 13 ? words[n] : std::to_string(n);
}

// "Shared tooling" inside a sentence: "shared tooling" (a label that starts with two capitals,
// "EDR on every host", keeps them).
std::string InSentence(const std::string& label)
{
    std::string s = label;
    if (s.size() > 1 && std::isupper((unsigned char)s[0]) && !std::isupper((unsigned char)s[1])) s[0] = (char)std::tolower((unsigned char)s[0]);
    return s;
}

struct Verb {
    const char *does, *less, *more, *same;
};
Verb VerbOf(const std::string& figure)
{
    if (figure == "time_to_detect_s") return {"detects the breach", "sooner", "later", "detects the breach as soon"};
    if (figure == "time_to_contain_s") return {"contains the attacker", "faster", "slower", "contains the attacker as fast"};
    if (figure == "attacker_in_network_s")
        return {"ends the attacker's time in the network", "sooner", "later", "ends the attacker's time in the network as soon"};
    if (figure == "time_to_restore_s") return {"restores the business", "sooner", "later", "restores the business as soon"};
    return {"costs", "less", "more", "costs the same"};
}

// "contains the attacker 09:40:00 faster (median; 95% CI 05:00:00 to 12:00:00)".
std::string DiffWords(const WhatifResult& r, const InvestmentResult& inv, const std::string& figure, bool with_median_word)
{
    const Verb v = VerbOf(figure);
    const FigureDifference* d = inv.Find(figure);
    if (!d) return std::string(v.does) + " as the baseline does";
    const std::string ci = std::string("(") + (with_median_word ? "median; " : "") + "95% CI " + IntervalWords(*d, r.currency, v.less, v.more) + ")";
    if (d->median) {
        const double m = *d->median;
        // No seed differed: no interval worth quoting.
        if (m == 0 && d->lower + d->higher == 0) return std::string(v.same) + " on every seed";
        if (m == 0) return std::string(v.same) + " " + ci;
        const std::string amount = FormatValue(figure, std::fabs(m), r.currency);
        if (figure == "total") return "costs " + amount + " " + (m < 0 ? v.less : v.more) + " " + ci;
        return std::string(v.does) + " " + amount + " " + (m < 0 ? v.less : v.more) + " " + ci;
    }
    const Distribution* a = r.baseline_stats.Find(figure);
    const Distribution* b = inv.stats.Find(figure);
    if (a && b && a->runs && b->runs && !a->median && b->median)
        return std::string(v.does) + " in its median run, where the baseline's median run never does " + ci;
    if (a && b && a->runs && b->runs && a->median && !b->median) return std::string("never ") + v.does + " in its median run " + ci;
    return std::string("makes no difference that can be measured to ") + FigureLabel(figure);
}

// What "a clear improvement" improves: "shortens the attacker's time in the network".
std::string LeadWords(const std::string& lead)
{
    if (lead == "attacker_in_network_s") return "shortens the attacker's time in the network";
    if (lead == "time_to_restore_s") return "shortens the time to restore";
    return "lowers the total cost";
}

std::string LeastWords(const WhatifResult& r, const InvestmentResult& inv)
{
    const std::string lead = WhatifLeadFigure(r);
    switch (inv.EffectOn(lead)) {
    case Effect::Nothing: return "it changes nothing in these runs: every run is the baseline's";
    case Effect::Unclear:
        return std::string("no clear difference to ") + (lead == "attacker_in_network_s" ? "the attacker's time in the network"
                                                         : lead == "time_to_restore_s"   ? "the time to restore"
                                                                                         : "total cost");
    case Effect::Better:
    case Effect::Worse: return "it " + DiffWords(r, inv, lead, false);
    }
    return "";
}

} // namespace

std::string WhatifHeadline(const WhatifResult& r)
{
    if (!r.error.empty() || r.ranking.empty()) return "";
    const size_t n = r.ranking.size();
    const InvestmentResult& best = r.investments[r.ranking.front()];
    const InvestmentResult& worst = r.investments[r.ranking.back()];
    // The lead figure, and beside it the time to detect (with an attacker) or the cost (without).
    const std::string lead = WhatifLeadFigure(r);
    const std::string second = lead == "attacker_in_network_s" ? "time_to_detect_s" : "total";
    auto effects = [&](const InvestmentResult& inv) {
        if (inv.identical) return std::string("it changes nothing in these runs (every run is the baseline's)");
        if (lead == second) return "it " + DiffWords(r, inv, lead, true);
        return "it " + DiffWords(r, inv, lead, true) + " and " + DiffWords(r, inv, second, false);
    };
    std::string s;
    if (n == 1) {
        s = "The one investment, " + InSentence(best.investment.label) + ", ";
        s += best.EffectOn(lead) == Effect::Better ? "buys a clear improvement: " : "makes no clear improvement: ";
        return s + effects(best) + ".";
    }
    s = "Of " + CountWord(n) + " investments, ";
    if (best.EffectOn(lead) == Effect::Better) s += InSentence(best.investment.label) + " buys the most: " + effects(best);
    else
        s += "none clearly " + LeadWords(lead) + " (every 95% CI includes zero or lies above it); " + InSentence(best.investment.label) +
             " comes first: " + effects(best);
    s += "; " + InSentence(worst.investment.label) + " buys the least (" + LeastWords(r, worst) + ")";
    size_t nothing = 0;
    for (const auto& inv : r.investments) nothing += inv.identical;
    if (nothing > 0 && !(nothing == 1 && worst.identical))
        s += ", and " + CountWord(nothing) + " of the " + CountWord(n) + (nothing == 1 ? " changes" : " change") + " nothing in these runs";
    return s + ".";
}

// [SECTION] Text

namespace {

std::string SignCounts(const FigureDifference& d)
{
    return std::to_string(d.lower) + " better, " + std::to_string(d.higher) + " worse, " + FormatP(d.sign_p);
}

} // namespace

std::string FormatWhatifText(const WhatifResult& r)
{
    std::ostringstream o;
    if (!r.error.empty()) {
        o << "whatif failed: " << r.error << "\n";
        return o.str();
    }
    const size_t seeds = (size_t)(r.seed_last - r.seed_first + 1);
    o << "BREACHDRILL WHATIF  " << r.scenario << ": " << r.title << "\n";
    o << "  " << seeds << " seeds (" << r.seed_first << ".." << r.seed_last << ") for the baseline (" << OrgName(r.baseline) << ") and each of "
      << r.investments.size() << " investment(s), autopilot ITOps and SecOps; " << r.runs.size() << " runs\n";
    if (!r.org_changes.empty()) {
        o << "  Changed for every run, the baseline's too:";
        for (const auto& c : r.org_changes) o << " " << OrgChangeText(c);
        o << "\n";
    }
    o << "  Ranked " << kWhatifRankingRule << ".\n";
    o << "  Differences: the investment minus the baseline, seed by seed on the same attacks (negative is better); 95% CI of the\n"
         "  median difference by bootstrap; sign test over the seeds that differed. A CI that includes zero: no clear difference.\n";
    for (size_t i = 0; i < r.investments.size() + 1; ++i) {
        const ProfileStats& p = i == 0 ? r.baseline_stats : r.investments[i - 1].stats;
        if (p.failed) o << "  " << (i == 0 ? std::string("baseline") : r.investments[i - 1].investment.id) << ": " << p.failed << " run(s) failed to load and are left out\n";
    }
    if (const std::string h = WhatifHeadline(r); !h.empty()) o << "\n  " << h << "\n";
    const size_t w = 32;
    const std::vector<const char*> figures = WhatifFigures(r);
    o << "\n" << PadRight("RANK  INVESTMENT", 34);
    for (const char* f : figures) o << PadRight(FigureIsTime(f) ? FigureLabel(f) : "Total cost", w);
    o << "\n" << PadRight("   -  baseline (" + std::string(OrgName(r.baseline)) + ")", 34);
    for (const char* f : figures) o << PadRight(FormatValue(f, r.baseline_stats.Find(f)->median, r.currency), w);
    o << "\n";
    for (size_t idx : r.ranking) {
        const InvestmentResult& inv = r.investments[idx];
        std::string rank = std::to_string(inv.rank);
        o << "\n" << PadRight(std::string(4 - std::min<size_t>(4, rank.size()), ' ') + rank + "  " + inv.investment.label, 34);
        for (const char* f : figures) o << PadRight(FormatValue(f, inv.stats.Find(f)->median, r.currency), w);
        o << "\n" << PadRight("      difference", 34);
        for (const char* f : figures) {
            o << PadRight(FormatDiff(f, r.baseline_stats.Find(f)->median, inv.stats.Find(f)->median, r.currency) + "  " + EffectName(inv.EffectOn(f)), w);
        }
        o << "\n" << PadRight("      95% CI", 34);
        for (const char* f : figures) o << PadRight(FormatInterval(*inv.Find(f), r.currency), w);
        o << "\n" << PadRight("      seeds, sign test", 34);
        for (const char* f : figures) o << PadRight(SignCounts(*inv.Find(f)), w);
        o << "\n      changes: " << ChangesText(inv.investment) << (inv.identical ? "  (every run identical to the baseline's)" : "") << "\n";
    }
    // The padded columns leave spaces at the ends of lines: drop them.
    std::string out;
    for (char c : o.str()) {
        if (c == '\n')
            while (!out.empty() && out.back() == ' ') out.pop_back();
        out += c;
    }
    return out;
}

// [SECTION] JSON

json ToJson(const WhatifResult& r)
{
    json j;
    if (!r.error.empty()) {
        j["error"] = r.error;
        return j;
    }
    j["scenario"] = r.scenario;
    j["title"] = r.title;
    j["currency"] = r.currency;
    j["seeds"] = {{"first", r.seed_first}, {"last", r.seed_last}};
    j["baseline"] = OrgName(r.baseline);
    if (!r.org_changes.empty()) {
        json changes = json::array();
        for (const auto& c : r.org_changes) changes.push_back(OrgChangeText(c));
        j["org_changes"] = changes;
    }
    j["percentile_method"] = "nearest-rank; null (never) sorts last";
    j["ranking_rule"] = kWhatifRankingRule;
    j["bootstrap"] = {{"resamples", BootstrapResamples((size_t)(r.seed_last - r.seed_first + 1))}, {"seed", kBootstrapSeed},
                      {"method", "percentile, seeds resampled in pairs"}};
    j["headline"] = WhatifHeadline(r);
    j["baseline_figures"] = ProfileJson(r.baseline_stats);
    json ranking = json::array();
    for (size_t i : r.ranking) ranking.push_back(r.investments[i].investment.id);
    j["ranking"] = ranking;
    json investments = json::array();
    for (const auto& inv : r.investments) {
        json changes = json::array();
        for (const auto& c : inv.investment.changes) changes.push_back(OrgChangeText(c));
        json diff = json::object(), effect = json::object();
        for (const auto& d : inv.differences) diff[d.figure] = DifferenceJson(d, *r.baseline_stats.Find(d.figure), *inv.stats.Find(d.figure));
        for (const char* f : WhatifFigures(r)) effect[f] = EffectName(inv.EffectOn(f));
        investments.push_back({{"id", inv.investment.id}, {"label", inv.investment.label}, {"changes", changes}, {"rank", inv.rank},
                               {"identical", inv.identical}, {"effect", effect}, {"figures", ProfileJson(inv.stats)}, {"difference", diff}});
    }
    j["investments"] = investments;
    json runs = json::array();
    const size_t seeds = (size_t)(r.seed_last - r.seed_first + 1);
    for (size_t i = 0; i < r.runs.size(); ++i) {
        json rj = RunOutJson(r.runs[i]);
        const size_t arm = seeds ? i / seeds : 0;
        rj["arm"] = arm == 0 ? std::string("baseline") : r.investments[arm - 1].investment.id;
        runs.push_back(rj);
    }
    j["runs"] = runs;
    return j;
}

// [SECTION] HTML and SVG

namespace {

std::string Num(double v)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

const char* EffectColour(Effect e)
{
    switch (e) {
    case Effect::Better: return "#2e7d32";
    case Effect::Worse: return "#b3261e";
    default: return "#8a939e";
    }
}

// One figure: per investment (rank order) a bar from 0 to the median difference and a whisker
// over its 95% interval; an open end runs to the edge with an arrow.
std::string DiffSvg(const WhatifResult& r, const std::string& figure, int width = 760)
{
    double span = 0;
    for (const auto& inv : r.investments)
        if (const FigureDifference* d = inv.Find(figure))
            for (const auto& v : {d->median, d->ci_low, d->ci_high})
                if (v && std::isfinite(*v)) span = std::max(span, std::fabs(*v));
    if (span <= 0) span = FigureIsTime(figure) ? 3600 : 1;
    // Round ticks either side of zero, as compare's axes: the span grows to the outer tick.
    std::vector<double> ticks = Ticks(span, FigureIsTime(figure));
    if (ticks.size() > 4) ticks = Ticks(span * 1.5, FigureIsTime(figure)); // fewer, wider steps: labels on both sides must fit
    span = std::max(span, ticks.back()) * 1.04;
    const int left = 210, right = 150, row_h = 30, top = 10;
    const int plot_w = width - left - right;
    const int rows = (int)r.ranking.size();
    const int axis_y = top + row_h * rows;
    const int height = axis_y + 34;
    auto X = [&](double v) { return left + plot_w * (std::clamp(v, -span, span) + span) / (2 * span); };
    std::ostringstream s;
    s << "<svg viewBox=\"0 0 " << width << " " << height << "\" width=\"" << width << "\" height=\"" << height
      << "\" role=\"img\" aria-label=\"" << HtmlEscape(FigureLabel(figure)) << ": difference from the baseline\">\n";
    s << "<title>" << HtmlEscape(FigureLabel(figure)) << ": median difference from the baseline, 95% CI</title>\n";
    // Axis: zero in the middle, the span's ends and halves labelled.
    std::vector<double> both;
    for (auto it = ticks.rbegin(); it != ticks.rend(); ++it)
        if (*it > 0) both.push_back(-*it);
    both.insert(both.end(), ticks.begin(), ticks.end());
    for (double t : both) {
        s << "<line x1=\"" << Num(X(t)) << "\" y1=\"" << top << "\" x2=\"" << Num(X(t)) << "\" y2=\"" << axis_y << "\" stroke=\""
          << (t == 0 ? "#5b6470" : "#e1e4e8") << "\" stroke-width=\"1\"/>\n";
        s << "<text x=\"" << Num(X(t)) << "\" y=\"" << axis_y + 14 << "\" font-size=\"10\" text-anchor=\"middle\" fill=\"#5b6470\">"
          << (t < 0 ? "-" : t > 0 ? "+" : "") << HtmlEscape(TickLabel(std::fabs(t), FigureIsTime(figure))) << "</text>\n";
    }
    const std::string unit = FigureIsTime(figure) ? std::string("m minutes, h hours, d days") : r.currency.empty() ? std::string("cost") : "cost in " + r.currency;
    s << "<text x=\"" << Num(X(0)) << "\" y=\"" << axis_y + 28 << "\" font-size=\"10\" text-anchor=\"middle\" fill=\"#5b6470\">"
      << HtmlEscape(unit) << "</text>\n";
    s << "<text x=\"" << Num(X(-span)) << "\" y=\"" << axis_y + 28 << "\" font-size=\"10\" fill=\"#2e7d32\">&#8592; better</text>\n";
    s << "<text x=\"" << Num(X(span)) << "\" y=\"" << axis_y + 28 << "\" font-size=\"10\" text-anchor=\"end\" fill=\"#b3261e\">worse &#8594;</text>\n";
    int row = 0;
    for (size_t idx : r.ranking) {
        const InvestmentResult& inv = r.investments[idx];
        const FigureDifference* d = inv.Find(figure);
        const double cy = top + row_h * row + row_h / 2.0;
        const char* col = EffectColour(inv.EffectOn(figure));
        std::string label = std::to_string(inv.rank) + ". " + inv.investment.label;
        if (label.size() > 30) label = label.substr(0, 29) + "...";
        s << "<text x=\"" << left - 8 << "\" y=\"" << Num(cy + 4) << "\" font-size=\"12\" text-anchor=\"end\" fill=\"#1b1f24\">"
          << HtmlEscape(label) << "</text>\n";
        std::string value = "-";
        if (inv.identical) value = "no change";
        else if (d && d->median) value = std::isinf(*d->median) ? "never" : FormatSigned(figure, *d->median, r.currency);
        if (d && d->median && !inv.identical) {
            const double x0 = X(0), x1 = X(*d->median);
            s << "<rect x=\"" << Num(std::min(x0, x1)) << "\" y=\"" << Num(cy - 8) << "\" width=\"" << Num(std::max(1.5, std::fabs(x1 - x0)))
              << "\" height=\"16\" fill=\"" << col << "\" fill-opacity=\"0.35\" stroke=\"" << col << "\" stroke-width=\"1\"/>\n";
        }
        if (d && d->ci_known && !inv.identical) {
            const double lo = d->ci_low ? X(*d->ci_low) : X(-span), hi = d->ci_high ? X(*d->ci_high) : X(span);
            s << "<line x1=\"" << Num(lo) << "\" y1=\"" << Num(cy) << "\" x2=\"" << Num(hi) << "\" y2=\"" << Num(cy) << "\" stroke=\"" << col
              << "\" stroke-width=\"1.5\"/>\n";
            for (const auto& [end, x, dir] : {std::make_tuple(d->ci_low, lo, -1), std::make_tuple(d->ci_high, hi, 1)}) {
                if (end) s << "<line x1=\"" << Num(x) << "\" y1=\"" << Num(cy - 6) << "\" x2=\"" << Num(x) << "\" y2=\"" << Num(cy + 6);
                else s << "<polyline fill=\"none\" points=\"" << Num(x - dir * 6) << "," << Num(cy - 5) << " " << Num(x) << "," << Num(cy) << " "
                       << Num(x - dir * 6) << "," << Num(cy + 5);
                s << "\" stroke=\"" << col << "\" stroke-width=\"1.5\"/>\n";
            }
        }
        s << "<text x=\"" << left + plot_w + 8 << "\" y=\"" << Num(cy + 4) << "\" font-size=\"12\" fill=\"" << col << "\">" << HtmlEscape(value)
          << "</text>\n";
        ++row;
    }
    s << "</svg>\n";
    return s.str();
}

} // namespace

std::string WhatifHtml(const WhatifResult& r)
{
    std::ostringstream h;
    h << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Breachdrill whatif: " << HtmlEscape(r.scenario)
      << "</title>\n<style>" << ReportCss()
      // Five figure columns must fit the page: their cells wrap (the shared sheet keeps numbers on one line).
      << "\ntable.whatif td.num, table.whatif th.num { white-space: normal; } table.whatif td:nth-child(2) { width: 20%; }\n</style>\n</head>\n<body>\n";
    if (!r.error.empty()) {
        h << "<h1>Whatif failed</h1>\n<p>" << HtmlEscape(r.error) << "</p>\n</body>\n</html>\n";
        return h.str();
    }
    const std::vector<const char*> figures = WhatifFigures(r);
    const size_t seeds = (size_t)(r.seed_last - r.seed_first + 1);
    h << "<h1>Which change buys the most: " << HtmlEscape(r.title) << "</h1>\n";
    h << "<p class=\"summary headline\">" << HtmlEscape(WhatifHeadline(r)) << "</p>\n";
    h << "<p class=\"subtitle\">Scenario <code>" << HtmlEscape(r.scenario) << "</code>, " << seeds << " seeds (" << r.seed_first << ".."
      << r.seed_last << ") for the baseline (the " << OrgName(r.baseline) << " profile) and for each investment, played by the autopilot "
      << "ITOps and SecOps teams: " << r.runs.size() << " runs. Every investment faces the same attacks as the baseline (the same seeds).";
    if (!r.org_changes.empty()) {
        h << " Changed for every run, the baseline's too:";
        for (const auto& c : r.org_changes) h << " <code>" << HtmlEscape(OrgChangeText(c)) << "</code>";
        h << ".";
    }
    h << "</p>\n";
    h << "<p class=\"note\">Ranked " << HtmlEscape(kWhatifRankingRule) << ". A difference is the investment minus the baseline, seed by "
         "seed (negative is better); its 95% confidence interval is a bootstrap of the median difference (the seeds resampled in pairs, "
      << BootstrapResamples(seeds) << " times from a fixed generator seed: the page is the same every time). An interval that includes "
         "zero is <em>no clear difference</em>. The sign test counts the seeds where the investment did better or worse on the same "
         "attack and gives the chance of a split at least that uneven if it made no difference. <em>Changes nothing</em>: every run "
         "ended in the same state as the baseline's.</p>\n";
    h << "<table class=\"whatif\">\n<thead><tr><th class=\"num\">rank</th><th>investment</th>";
    for (const char* f : figures) h << "<th class=\"num\">" << HtmlEscape(FigureIsTime(f) ? FigureLabel(f) : "Total cost") << "</th>";
    h << "</tr></thead>\n<tbody>\n<tr><td class=\"num\">-</td><td>baseline (" << OrgName(r.baseline) << ")</td>";
    for (const char* f : figures) h << "<td class=\"num\">" << HtmlEscape(FormatValue(f, r.baseline_stats.Find(f)->median, r.currency)) << "</td>";
    h << "</tr>\n";
    for (size_t idx : r.ranking) {
        const InvestmentResult& inv = r.investments[idx];
        h << "<tr><td class=\"num\">" << inv.rank << "</td><td><strong>" << HtmlEscape(inv.investment.label) << "</strong><br><span class=\"note\">"
          << HtmlEscape(ChangesText(inv.investment)) << (inv.identical ? " (changes nothing: every run is the baseline's)" : "") << "</span></td>";
        for (const char* f : figures) {
            const FigureDifference& d = *inv.Find(f);
            const Effect e = inv.EffectOn(f);
            h << "<td class=\"num\">" << HtmlEscape(FormatValue(f, inv.stats.Find(f)->median, r.currency)) << "<br><strong style=\"color:"
              << EffectColour(e) << "\">" << HtmlEscape(FormatDiff(f, r.baseline_stats.Find(f)->median, inv.stats.Find(f)->median, r.currency))
              << "</strong> <span class=\"note\">" << EffectName(e) << "</span><br><span class=\"note\">95% CI "
              << HtmlEscape(FormatInterval(d, r.currency)) << "<br>" << d.lower << " better, " << d.higher << " worse, " << HtmlEscape(FormatP(d.sign_p))
              << "</span></td>";
        }
        h << "</tr>\n";
    }
    h << "</tbody>\n</table>\n";
    h << "<p class=\"note\">Each chart: the bar is the median difference from the baseline, the whisker its 95% interval (an arrow: "
         "unbounded); green is a clear improvement, red clearly worse, grey no clear difference.</p>\n";
    for (const char* f : figures) {
        h << "<h3>" << HtmlEscape(FigureLabel(f)) << ": difference from the baseline</h3>\n";
        h << DiffSvg(r, f);
    }
    h << "<footer>Generated by breachdrill " << BREACHDRILL_VERSION << " whatif. Every run can be reproduced with "
         "<code>breachdrill run " << HtmlEscape(r.scenario) << " --seed N --org " << OrgName(r.baseline) << "</code> and the investment's "
         "changes in the scenario's <code>org_profiles</code>.</footer>\n";
    h << "</body>\n</html>\n";
    return h.str();
}

} // namespace bd
