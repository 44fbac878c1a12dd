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

} // namespace report_parts

using namespace report_parts;

std::string TimelineSvg(const Report& r, int width)
{
    const Scorecard& k = r.card;
    const std::vector<std::string> lanes = {"attacker", "alerts", "secops", "itops", "injects"};
    ScoreTime lo = 0, hi = std::max<ScoreTime>(k.duration_s, 1);
    // Start the axis near the first event when the quiet lead-in would take over a quarter of it.
    ScoreTime first = hi;
    for (const auto& e : r.events) first = std::min(first, e.t);
    if (first > hi / 4) lo = first - (first % kHourS) - kHourS;
    if (lo < 0) lo = 0;
    const int left = 130, right = 16, top = 40, lane_h = 40;
    const int plot_w = width - left - right;
    const int axis_y = top + lane_h * (int)lanes.size();
    const int height = axis_y + 34;
    auto X = [&](ScoreTime t) { return left + (double)plot_w * (double)(t - lo) / (double)(hi - lo); };
    std::ostringstream s;
    s << "<svg viewBox=\"0 0 " << width << " " << height << "\" width=\"" << width << "\" height=\"" << height
      << "\" role=\"img\" aria-label=\"Timeline of the exercise\">\n<title>Timeline: attacker stages against alerts, actions and injects</title>\n";
    for (size_t i = 0; i < lanes.size(); ++i) {
        const int y = top + lane_h * (int)i;
        s << "<rect x=\"" << left << "\" y=\"" << y << "\" width=\"" << plot_w << "\" height=\"" << lane_h << "\" fill=\""
          << (i % 2 ? "#ffffff" : "#f3f5f8") << "\"/>\n";
        s << "<text x=\"" << left - 8 << "\" y=\"" << y + lane_h / 2 + 4 << "\" font-size=\"14\" text-anchor=\"end\" fill=\"#1b1f24\">"
          << Lanes(lanes[i]) << "</text>\n";
    }
    // Axis ticks: a round step giving at most about 8 ticks.
    const ScoreTime steps[] = {600, 1800, 3600, 2 * 3600, 3 * 3600, 6 * 3600, 12 * 3600, kDayS, 2 * kDayS, 7 * kDayS, 14 * kDayS};
    ScoreTime step = steps[10];
    for (ScoreTime st : steps)
        if ((hi - lo) / st <= 8) { step = st; break; }
    for (ScoreTime t = ((lo + step - 1) / step) * step; t <= hi; t += step) {
        s << "<line x1=\"" << F1(X(t)) << "\" y1=\"" << top << "\" x2=\"" << F1(X(t)) << "\" y2=\"" << axis_y
          << "\" stroke=\"#d5d9df\" stroke-width=\"1\"/>\n";
        std::string label = t % kDayS == 0 ? "day " + std::to_string(t / kDayS) : FormatDuration(t).substr(0, FormatDuration(t).size() - 3);
        s << "<text x=\"" << F1(X(t)) << "\" y=\"" << axis_y + 15 << "\" font-size=\"13\" text-anchor=\"middle\" fill=\"#5b6470\">"
          << E(label) << "</text>\n";
    }
    s << "<line x1=\"" << left << "\" y1=\"" << axis_y << "\" x2=\"" << left + plot_w << "\" y2=\"" << axis_y
      << "\" stroke=\"#5b6470\" stroke-width=\"1\"/>\n";
    s << "<text x=\"" << left + plot_w << "\" y=\"" << axis_y + 30 << "\" font-size=\"10.5\" text-anchor=\"end\" fill=\"#5b6470\">exercise time (h:mm; day N = N x 24 h)</text>\n";
    const std::map<std::string, const char*> colour = {{"attacker", "#b3261e"}, {"alerts", "#c25e00"}, {"secops", "#1f5fa8"},
                                                       {"itops", "#2e7d32"}, {"injects", "#6a3d9a"}};
    for (const auto& e : r.events) {
        if (e.t < lo || e.t > hi) continue;
        const auto li = std::find(lanes.begin(), lanes.end(), e.lane) - lanes.begin();
        const double cy = top + lane_h * (double)li + lane_h / 2.0;
        const char* col = colour.at(e.lane);
        const std::string fill = e.strong ? col : "#ffffff";
        if (e.lane == "attacker")
            s << "<path d=\"M" << F1(X(e.t)) << " " << F1(cy - 7) << " l6 7 l-6 7 l-6 -7 z\" fill=\"" << fill << "\" stroke=\"" << col
              << "\" stroke-width=\"1.2\"><title>" << E(FormatDuration(e.t) + "  " + e.label) << "</title></path>\n";
        else if (e.lane == "injects")
            s << "<rect x=\"" << F1(X(e.t) - 5) << "\" y=\"" << F1(cy - 5) << "\" width=\"10\" height=\"10\" fill=\"" << fill << "\" stroke=\"" << col
              << "\" stroke-width=\"1.2\"><title>" << E(FormatDuration(e.t) + "  " + e.label) << "</title></rect>\n";
        else
            s << "<circle cx=\"" << F1(X(e.t)) << "\" cy=\"" << F1(cy) << "\" r=\"4.5\" fill=\"" << fill << "\" fill-opacity=\"0.8\" stroke=\""
              << col << "\" stroke-width=\"1.2\"><title>" << E(FormatDuration(e.t) + "  " + e.label) << "</title></circle>\n";
    }
    // Milestones: vertical dashed lines labelled above the lanes, staggered when close.
    const std::pair<const char*, std::optional<ScoreTime>> ms[] = {
        {"attack", k.attack_start_s}, {"detected", k.detected_at_s}, {"contained", k.contained_at_s}, {"recovered", k.recovered_at_s}};
    double last_x = -1000;
    int stagger = 0;
    for (const auto& [name, t] : ms) {
        if (!t || *t < lo || *t > hi) continue;
        const double x = X(*t);
        stagger = x - last_x < 170 ? (stagger + 1) % 2 : 0;
        last_x = x;
        s << "<line x1=\"" << F1(x) << "\" y1=\"" << top - 4 << "\" x2=\"" << F1(x) << "\" y2=\"" << axis_y
          << "\" stroke=\"#1b1f24\" stroke-width=\"1.2\" stroke-dasharray=\"4 3\"/>\n";
        s << "<text x=\"" << F1(x) << "\" y=\"" << (stagger ? top - 8 : top - 24) << "\" font-size=\"13\" text-anchor=\"middle\" fill=\"#1b1f24\">"
          << name << " " << E(FormatDuration(*t)) << "</text>\n";
    }
    s << "</svg>\n";
    return s.str();
}

} // namespace bd
