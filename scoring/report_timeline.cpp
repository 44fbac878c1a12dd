// report_timeline.cpp: the timeline chart (TimelineSvg): one lane each for the attacker, the alerts,
// SecOps' and ITOps' actions and the injects, against exercise time, with dashed lines at the attack
// start, detection, containment and recovery. An <svg> element, no script.
#include "report_parts.h"

#include <algorithm>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace bd {

namespace report_parts {

std::string Lanes(const std::string& lane)
{
    if (lane == "attacker") return "Attacker";
    if (lane == "alerts") return "Alerts";
    if (lane == "secops") return "SecOps actions";
    if (lane == "itops") return "ITOps actions";
    return "Injects";
}

const char* TimelineLaneColour(const std::string& lane)
{
    if (lane == "attacker") return "#b3261e";
    if (lane == "alerts") return "#c25e00";
    if (lane == "secops") return "#1f5fa8";
    if (lane == "itops") return "#2e7d32";
    return "#6a3d9a";
}

const char* TimelineCauseColour(const std::string& cause)
{
    if (cause == "attacker") return "#b3261e";
    if (cause == "defender") return "#1f5fa8";
    if (cause == "operations") return "#6a3d9a";
    return "#8a939e";
}

const std::vector<TimelineLegendMark>& TimelineLegendMarks()
{
    static const std::vector<TimelineLegendMark> marks = {
        {{0, "attacker", "", true}, "technique worked"}, {{0, "attacker", "", false}, "failed"},
        {{0, "alerts", "", true}, "real alert"},        {{0, "alerts", "", false}, "false alarm"},
        {{0, "secops", "", true}, "action done"},       {{0, "secops", "", false}, "failed"},
        {{0, "secops", "", false, true}, "refused"},    {{0, "injects", "", true}, "inject"}};
    return marks;
}

const std::vector<std::pair<const char*, const char*>>& TimelineLegendCauses()
{
    static const std::vector<std::pair<const char*, const char*>> causes = {
        {"attacker", "the attacker"}, {"defender", "the defenders (self-inflicted)"}, {"operations", "operations"}};
    return causes;
}

} // namespace report_parts

using namespace report_parts;

namespace {

// Text width in the chart's sans-serif at `size` px: about 0.6 em a character, an estimate on the
// safe side for DejaVu Sans (the widest of the fonts the style sheet names).
double TlTextWidth(const std::string& s, double size) { return 0.6 * size * (double)TextWidth(s); }

// A label placed above the plot: its anchor x, its row (0 nearest the plot) and its text anchor.
struct TlLabel {
    double x = 0, left = 0, right = 0;
    int row = 0;
    const char* anchor = "middle";
};

// Places labels at x (each centred, moved in to fit [lo, hi]) in the lowest row where it leaves
// a gap to the label before it: labels never overlap, and never run off either edge.
std::vector<TlLabel> TlLayout(const std::vector<std::pair<double, std::string>>& items, double lo, double hi, double size)
{
    std::vector<TlLabel> out;
    std::vector<double> row_right; // right edge of the last label in each row
    for (const auto& [x, text] : items) {
        TlLabel l;
        const double w = TlTextWidth(text, size);
        l.x = x;
        l.left = x - w / 2;
        if (l.left < lo) { l.left = lo; l.x = lo; l.anchor = "start"; }
        if (l.left + w > hi) { l.left = hi - w; l.x = hi; l.anchor = "end"; }
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


// One mark: a diamond (attacker), a square (inject), a cross (a refused command) or a circle.
void TlMark(std::ostringstream& s, const StoryClock& clock, const ChartEvent& e, double x, double cy)
{
    const char* col = TimelineLaneColour(e.lane);
    const std::string fill = e.strong ? col : "#ffffff";
    const std::string title = "<title>" + E(clock.At(e.t) + "  " + e.label) + "</title>";
    if (e.refused)
        s << "<path d=\"M" << F1(x - 4.5) << " " << F1(cy - 4.5) << " l9 9 m0 -9 l-9 9\" stroke=\"" << col
          << "\" stroke-width=\"2\" fill=\"none\">" << title << "</path>\n";
    else if (e.lane == "attacker")
        s << "<path d=\"M" << F1(x) << " " << F1(cy - 7) << " l6 7 l-6 7 l-6 -7 z\" fill=\"" << fill << "\" stroke=\"" << col
          << "\" stroke-width=\"1.2\">" << title << "</path>\n";
    else if (e.lane == "injects")
        s << "<rect x=\"" << F1(x - 5) << "\" y=\"" << F1(cy - 5) << "\" width=\"10\" height=\"10\" fill=\"" << fill << "\" stroke=\"" << col
          << "\" stroke-width=\"1.2\">" << title << "</rect>\n";
    else
        s << "<circle cx=\"" << F1(x) << "\" cy=\"" << F1(cy) << "\" r=\"4.5\" fill=\"" << fill << "\" fill-opacity=\"0.8\" stroke=\"" << col
          << "\" stroke-width=\"1.2\">" << title << "</circle>\n";
}

// The legend below the axis: what each mark and colour means, as the note above the chart says.
void TlLegend(std::ostringstream& s, int x0, int y)
{
    double x = x0;
    for (const auto& it : TimelineLegendMarks()) {
        TlMark(s, StoryClock(), it.sample, x + 6, y - 4);
        s << "<text x=\"" << F1(x + 16) << "\" y=\"" << y << "\" font-size=\"11\" fill=\"#1b1f24\">" << it.text << "</text>\n";
        x += 26 + TlTextWidth(it.text, 11);
    }
    x = x0; // the outage colours on a second line
    y += 17;
    s << "<text x=\"" << F1(x) << "\" y=\"" << y << "\" font-size=\"11\" fill=\"#1b1f24\">" << kTimelineCauseLead << "</text>\n";
    x += 12 + TlTextWidth(kTimelineCauseLead, 11);
    for (const auto& [cause, text] : TimelineLegendCauses()) {
        s << "<rect x=\"" << F1(x) << "\" y=\"" << y - 9 << "\" width=\"14\" height=\"9\" fill=\"" << TimelineCauseColour(cause) << "\"/>\n";
        s << "<text x=\"" << F1(x + 18) << "\" y=\"" << y << "\" font-size=\"11\" fill=\"#1b1f24\">" << text << "</text>\n";
        x += 28 + TlTextWidth(text, 11);
    }
}

} // namespace

std::string TimelineSvg(const Report& r, int width)
{
    const Scorecard& k = r.card;
    const StoryClock clock = k.clock();
    std::vector<std::string> lanes = {"attacker", "alerts", "secops", "itops", "injects"};
    std::vector<std::string> services; // outage lanes, in order of first outage
    for (const auto& o : r.outages)
        if (std::find(services.begin(), services.end(), o.service) == services.end()) services.push_back(o.service);
    ScoreTime lo = 0, hi = std::max<ScoreTime>(k.duration_s, 1);
    // Start the axis near the first event when the quiet lead-in would take over a quarter of it.
    ScoreTime first = hi;
    for (const auto& e : r.events) first = std::min(first, e.t);
    if (first > hi / 4) lo = std::max<ScoreTime>(0, first - (first % kHourS) - kHourS);
    const int left = 130, right = 16, lane_h = 40, outage_h = 22;
    const int plot_w = width - left - right;
    auto X = [&](ScoreTime t) { return left + (double)plot_w * (double)(t - lo) / (double)(hi - lo); };

    // Milestone labels first: how many rows they need sets the top margin.
    const std::pair<const char*, std::optional<ScoreTime>> ms[] = {
        {"attack", k.attack_start_s}, {"detected", k.detected_at_s}, {"contained", k.contained_at_s}, {"recovered", k.recovered_at_s}};
    std::vector<std::pair<double, std::string>> items;
    std::vector<double> lines;
    for (const auto& [name, t] : ms)
        if (t && *t >= lo && *t <= hi) {
            items.push_back({X(*t), std::string(name) + " " + clock.At(*t)});
            lines.push_back(X(*t));
        }
    const auto labels = TlLayout(items, 2, width - 2, 13);
    int rows = 0;
    for (const auto& l : labels) rows = std::max(rows, l.row + 1);
    const int top = 12 + 16 * std::max(rows, 1);
    const int lanes_bottom = top + lane_h * (int)lanes.size();
    const int axis_y = lanes_bottom + outage_h * (int)services.size();
    const int height = axis_y + 76;

    std::ostringstream s;
    s << "<svg viewBox=\"0 0 " << width << " " << height << "\" width=\"" << width << "\" height=\"" << height
      << "\" role=\"img\" aria-label=\"Timeline of the exercise\">\n<title>Timeline: attacker stages against alerts, actions, injects and outages</title>\n";
    for (size_t i = 0; i < lanes.size() + services.size(); ++i) {
        const bool outage = i >= lanes.size();
        const int y = outage ? lanes_bottom + outage_h * (int)(i - lanes.size()) : top + lane_h * (int)i;
        const int h = outage ? outage_h : lane_h;
        std::string name = outage ? services[i - lanes.size()] : Lanes(lanes[i]);
        // A service's name cut to the margin (whole in the tooltip): "ERP (finance, ord…".
        const std::string full = name;
        while (outage && name.size() > 4 && TlTextWidth(name, 12) > left - 14) {
            name.pop_back();
            while (!name.empty() && ((unsigned char)name.back() & 0xC0) == 0x80) name.pop_back(); // whole UTF-8 characters
        }
        if (name != full) name += "\u2026";
        s << "<rect x=\"" << left << "\" y=\"" << y << "\" width=\"" << plot_w << "\" height=\"" << h << "\" fill=\"" << (i % 2 ? "#ffffff" : "#f3f5f8") << "\"/>\n";
        s << "<text x=\"" << left - 8 << "\" y=\"" << y + h / 2 + 4 << "\" font-size=\"" << (outage ? 12 : 14)
          << "\" text-anchor=\"end\" fill=\"#1b1f24\">" << E(name) << "<title>" << E(outage ? full + ": outages" : full) << "</title></text>\n";
    }
    // Axis ticks: a round step of elapsed time giving at most about 8 ticks, labelled on the story
    // clock ("Tue 14:00"; "T+06:00" when the scenario names no start).
    const ScoreTime steps[] = {600, 1800, 3600, 2 * 3600, 3 * 3600, 6 * 3600, 12 * 3600, kDayS, 2 * kDayS, 7 * kDayS, 14 * kDayS};
    ScoreTime step = steps[10];
    for (ScoreTime st : steps)
        if ((hi - lo) / st <= 8) { step = st; break; }
    for (ScoreTime t = ((lo + step - 1) / step) * step; t <= hi; t += step) {
        s << "<line x1=\"" << F1(X(t)) << "\" y1=\"" << top << "\" x2=\"" << F1(X(t)) << "\" y2=\"" << axis_y + 4 << "\" stroke=\"#d5d9df\" stroke-width=\"1\"/>\n";
        const std::string label = clock.Story(t);
        const double w = TlTextWidth(label, 12);
        const double x = std::clamp(X(t), w / 2 + 2, width - w / 2 - 2);
        s << "<text x=\"" << F1(x) << "\" y=\"" << axis_y + 17 << "\" font-size=\"12\" text-anchor=\"middle\" fill=\"#5b6470\">" << E(label) << "</text>\n";
    }
    s << "<line x1=\"" << left << "\" y1=\"" << axis_y << "\" x2=\"" << left + plot_w << "\" y2=\"" << axis_y << "\" stroke=\"#5b6470\" stroke-width=\"1\"/>\n";
    s << "<text x=\"" << left + plot_w << "\" y=\"" << axis_y + 32 << "\" font-size=\"10.5\" text-anchor=\"end\" fill=\"#5b6470\">story clock: weekday and time of day in the scenario</text>\n";
    for (const auto& o : r.outages) {
        const auto li = std::find(services.begin(), services.end(), o.service) - services.begin();
        const double x0 = X(std::max(o.from, lo)), x1 = X(std::min(o.to, hi));
        s << "<rect x=\"" << F1(x0) << "\" y=\"" << lanes_bottom + outage_h * li + 5 << "\" width=\"" << F1(std::max(1.5, x1 - x0))
          << "\" height=\"" << outage_h - 10 << "\" fill=\"" << TimelineCauseColour(o.cause) << "\"><title>" << E(o.service + " down " + clock.At(o.from) + " to " + clock.At(o.to) + ", cause " + (o.cause.empty() ? "none" : o.cause))
          << "</title></rect>\n";
    }
    for (const auto& e : r.events) {
        if (e.t < lo || e.t > hi) continue;
        const auto li = std::find(lanes.begin(), lanes.end(), e.lane) - lanes.begin();
        TlMark(s, clock, e, X(e.t), top + lane_h * (double)li + lane_h / 2.0);
    }
    // Milestones: dashed lines through every lane, their labels in the rows TlLayout chose.
    for (size_t i = 0; i < labels.size(); ++i) {
        const TlLabel& l = labels[i];
        const int y = top - 8 - 16 * l.row;
        s << "<line x1=\"" << F1(lines[i]) << "\" y1=\"" << top - 4 << "\" x2=\"" << F1(lines[i]) << "\" y2=\"" << axis_y
          << "\" stroke=\"#1b1f24\" stroke-width=\"1.2\" stroke-dasharray=\"4 3\"/>\n";
        s << "<text x=\"" << F1(l.x) << "\" y=\"" << y << "\" font-size=\"13\" text-anchor=\"" << l.anchor << "\" fill=\"#1b1f24\">" << E(items[i].second)
          << "</text>\n";
    }
    TlLegend(s, 8, axis_y + 50);
    s << "</svg>\n";
    return s.str();
}

} // namespace bd
