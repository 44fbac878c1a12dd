// report_pdf_chart.cpp: the report's timeline chart drawn with cairo from the report model: the
// same lanes, marks, outage bars, milestones, axis and legend as the HTML page's SVG
// (scoring/report_timeline.cpp TimelineSvg), in the same colours. Laid out in chart units
// kPdfChartUnits wide and scaled to the width asked for, so that the proportions match the page's.
#include "report_pdf_parts.h"
#include "report_words.h"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace bd::pdf_parts {

using report_parts::Lanes;
using report_parts::TimelineCauseColour;
using report_parts::TimelineLaneColour;

namespace {

constexpr double kPdfChartUnits = 760;


// One mark: a diamond (attacker), a square (inject), a cross (a refused command) or a circle;
// filled when strong, hollow (white) when not.
void PdfMark(cairo_t* cr, const ChartEvent& e, double x, double cy)
{
    const char* col = TimelineLaneColour(e.lane);
    cairo_new_path(cr);
    if (e.refused) {
        cairo_move_to(cr, x - 4.5, cy - 4.5);
        cairo_rel_line_to(cr, 9, 9);
        cairo_move_to(cr, x + 4.5, cy - 4.5);
        cairo_rel_line_to(cr, -9, 9);
        SetColour(cr, col);
        cairo_set_line_width(cr, 2);
        cairo_stroke(cr);
        return;
    }
    if (e.lane == "attacker") {
        cairo_move_to(cr, x, cy - 7);
        cairo_line_to(cr, x + 6, cy);
        cairo_line_to(cr, x, cy + 7);
        cairo_line_to(cr, x - 6, cy);
        cairo_close_path(cr);
    } else if (e.lane == "injects") cairo_rectangle(cr, x - 5, cy - 5, 10, 10);
    else cairo_arc(cr, x, cy, 4.5, 0, 2 * 3.14159265358979);
    SetColour(cr, e.strong ? col : "#ffffff");
    cairo_fill_preserve(cr);
    SetColour(cr, col);
    cairo_set_line_width(cr, 1.2);
    cairo_stroke(cr);
}

struct PdfLabel {
    double x = 0, left = 0, right = 0;
    int row = 0;
    Anchor anchor = Anchor::Middle;
};

// Milestone labels in the lowest row where they leave a gap to the label before them, moved in to
// fit [lo, hi] (TimelineSvg's TlLayout, with measured widths).
std::vector<PdfLabel> PdfLayoutLabels(PangoContext* ctx, const std::vector<std::pair<double, std::string>>& items, double lo, double hi, double size)
{
    std::vector<PdfLabel> out;
    std::vector<double> row_right;
    for (const auto& [x, text] : items) {
        PdfLabel l;
        const double w = TextWidthAt(ctx, text, size);
        l.x = x;
        l.left = x - w / 2;
        if (l.left < lo) { l.left = lo; l.x = lo; l.anchor = Anchor::Start; }
        if (l.left + w > hi) { l.left = hi - w; l.x = hi; l.anchor = Anchor::End; }
        l.right = l.left + w;
        size_t row = 0;
        while (row < row_right.size() && row_right[row] + 8 > l.left) ++row;
        if (row == row_right.size()) row_right.push_back(0);
        row_right[row] = l.right;
        l.row = (int)row;
        out.push_back(l);
    }
    return out;
}

// The legend below the axis: the marks, then the outage colours on a second line.
void PdfLegend(cairo_t* cr, PangoContext* ctx, double x0, double y)
{
    double x = x0;
    for (const auto& it : report_parts::TimelineLegendMarks()) {
        PdfMark(cr, it.sample, x + 6, y - 4);
        TextAt(cr, ctx, it.text, 11, x + 16, y, Anchor::Start, "#1b1f24");
        x += 26 + TextWidthAt(ctx, it.text, 11);
    }
    x = x0;
    y += 17;
    const char* lead = report_parts::kTimelineCauseLead;
    TextAt(cr, ctx, lead, 11, x, y, Anchor::Start, "#1b1f24");
    x += 12 + TextWidthAt(ctx, lead, 11);
    for (const auto& [cause, text] : report_parts::TimelineLegendCauses()) {
        SetColour(cr, TimelineCauseColour(cause));
        cairo_rectangle(cr, x, y - 9, 14, 9);
        cairo_fill(cr);
        TextAt(cr, ctx, text, 11, x + 18, y, Anchor::Start, "#1b1f24");
        x += 28 + TextWidthAt(ctx, text, 11);
    }
}

// A service's name cut to fit `room` ("ERP (finance, ord…"), whole UTF-8 characters.
std::string PdfFitName(PangoContext* ctx, std::string name, double size, double room)
{
    const std::string full = name;
    while (name.size() > 4 && TextWidthAt(ctx, name + "\u2026", size) > room) {
        name.pop_back();
        while (!name.empty() && ((unsigned char)name.back() & 0xC0) == 0x80) name.pop_back();
    }
    return name == full ? name : name + "\u2026";
}

// The axis's ticks: a round step of elapsed time giving at most about 8 ticks.
ScoreTime PdfTickStep(ScoreTime span)
{
    const ScoreTime steps[] = {600, 1800, 3600, 2 * 3600, 3 * 3600, 6 * 3600, 12 * 3600, kDayS, 2 * kDayS, 7 * kDayS, 14 * kDayS};
    for (ScoreTime st : steps)
        if (span / st <= 8) return st;
    return steps[10];
}

} // namespace

double TimelineChart(cairo_t* cr, PangoContext* ctx, const Report& r, double x_at, double y_at, double width, bool draw)
{
    const Scorecard& k = r.card;
    const StoryClock clock = k.clock();
    const std::vector<std::string> lanes = {"attacker", "alerts", "secops", "itops", "injects"};
    std::vector<std::string> services; // outage lanes, in order of first outage
    for (const auto& o : r.outages)
        if (std::find(services.begin(), services.end(), o.service) == services.end()) services.push_back(o.service);
    ScoreTime lo = 0, hi = std::max<ScoreTime>(k.duration_s, 1);
    ScoreTime first = hi; // start near the first event when the quiet lead-in is over a quarter
    for (const auto& e : r.events) first = std::min(first, e.t);
    if (first > hi / 4) lo = std::max<ScoreTime>(0, first - (first % kHourS) - kHourS);
    const double W = kPdfChartUnits, left = 130, right = 16, lane_h = 40, outage_h = 22;
    const double plot_w = W - left - right;
    auto X = [&](ScoreTime t) { return left + plot_w * (double)(t - lo) / (double)(hi - lo); };

    const std::pair<const char*, std::optional<ScoreTime>> ms[] = {
        {"attack", k.attack_start_s}, {"detected", k.detected_at_s}, {"contained", k.contained_at_s}, {"recovered", k.recovered_at_s}};
    std::vector<std::pair<double, std::string>> items;
    for (const auto& [name, t] : ms)
        if (t && *t >= lo && *t <= hi) items.push_back({X(*t), std::string(name) + " " + clock.At(*t)});
    const auto labels = PdfLayoutLabels(ctx, items, 2, W - 2, 13);
    int rows = 1;
    for (const auto& l : labels) rows = std::max(rows, l.row + 1);
    const double top = 12 + 16.0 * rows;
    const double lanes_bottom = top + lane_h * (double)lanes.size();
    const double axis_y = lanes_bottom + outage_h * (double)services.size();
    const double height = axis_y + 76;
    const double scale = width / W;
    if (!draw) return height * scale;

    cairo_save(cr);
    cairo_translate(cr, x_at, y_at);
    cairo_scale(cr, scale, scale);
    for (size_t i = 0; i < lanes.size() + services.size(); ++i) { // lane bands and names
        const bool outage = i >= lanes.size();
        const double y = outage ? lanes_bottom + outage_h * (double)(i - lanes.size()) : top + lane_h * (double)i;
        const double h = outage ? outage_h : lane_h;
        SetColour(cr, i % 2 ? "#ffffff" : "#f3f5f8");
        cairo_rectangle(cr, left, y, plot_w, h);
        cairo_fill(cr);
        const std::string name = outage ? PdfFitName(ctx, services[i - lanes.size()], 12, left - 14) : Lanes(lanes[i]);
        TextAt(cr, ctx, name, outage ? 12 : 14, left - 8, y + h / 2 + 4, Anchor::End, "#1b1f24");
    }
    const ScoreTime step = PdfTickStep(hi - lo);
    cairo_set_line_width(cr, 1);
    for (ScoreTime t = ((lo + step - 1) / step) * step; t <= hi; t += step) { // ticks on the story clock
        SetColour(cr, "#d5d9df");
        cairo_move_to(cr, X(t), top);
        cairo_line_to(cr, X(t), axis_y + 4);
        cairo_stroke(cr);
        const std::string label = clock.Story(t);
        const double w = TextWidthAt(ctx, label, 12);
        TextAt(cr, ctx, label, 12, std::clamp(X(t), w / 2 + 2, W - w / 2 - 2), axis_y + 17, Anchor::Middle, "#5b6470");
    }
    SetColour(cr, "#5b6470");
    cairo_move_to(cr, left, axis_y);
    cairo_line_to(cr, left + plot_w, axis_y);
    cairo_stroke(cr);
    TextAt(cr, ctx, "story clock: weekday and time of day in the scenario", 10.5, left + plot_w, axis_y + 32, Anchor::End, "#5b6470");
    for (const auto& o : r.outages) {
        const double li = (double)(std::find(services.begin(), services.end(), o.service) - services.begin());
        const double x0 = X(std::max(o.from, lo)), x1 = X(std::min(o.to, hi));
        SetColour(cr, TimelineCauseColour(o.cause));
        cairo_rectangle(cr, x0, lanes_bottom + outage_h * li + 5, std::max(1.5, x1 - x0), outage_h - 10);
        cairo_fill(cr);
    }
    for (const auto& e : r.events) {
        if (e.t < lo || e.t > hi) continue;
        const double li = (double)(std::find(lanes.begin(), lanes.end(), e.lane) - lanes.begin());
        PdfMark(cr, e, X(e.t), top + lane_h * li + lane_h / 2.0);
    }
    const double dashes[] = {4, 3};
    for (size_t i = 0; i < labels.size(); ++i) { // milestones: dashed lines and their labels
        SetColour(cr, "#1b1f24");
        cairo_set_line_width(cr, 1.2);
        cairo_set_dash(cr, dashes, 2, 0);
        cairo_move_to(cr, items[i].first, top - 4);
        cairo_line_to(cr, items[i].first, axis_y);
        cairo_stroke(cr);
        cairo_set_dash(cr, nullptr, 0, 0);
        TextAt(cr, ctx, items[i].second, 13, labels[i].x, top - 8 - 16.0 * labels[i].row, labels[i].anchor, "#1b1f24");
    }
    PdfLegend(cr, ctx, 8, axis_y + 50);
    cairo_restore(cr);
    return height * scale;
}

} // namespace bd::pdf_parts
