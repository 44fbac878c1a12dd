// panel_scoreboard.cpp: live figures during the exercise (players see only what their
// organisation could know: its own declaration, the outage cost), the facilitator's full live
// scorecard, and, when the exercise is over, the scorecard for everyone with a timeline chart.
#include "client.h"
#include "panels.h"
#include "timeline.h"

#include <algorithm>
#include <cmath>

namespace bdui {

using nlohmann::json;

namespace {

std::string Opt(const std::optional<bd::ScoreTime>& t) { return t ? ShortDuration(*t) : std::string("-"); }

void Row(const char* label, const std::string& value)
{
    ImGui::TextUnformatted(label);
    ImGui::SameLine(210);
    ImGui::TextUnformatted(value.c_str());
}

std::string Money(double v, const std::string& cur)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.0f %s", v, cur.c_str());
    return buf;
}

// Attacker techniques, alerts, team commands and the milestones along the exercise's time axis.
void DrawTimelineChart(App& app, const bd::Scorecard& card)
{
    const auto& records = static_cast<const App&>(app).Records();
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    const float w = ImGui::GetContentRegionAvail().x, h = 110;
    ImGui::Dummy(ImVec2(w, h));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p0, ImVec2(p0.x + w, p0.y + h), IM_COL32(30, 33, 40, 255));
    const double span = std::max<double>(1.0, (double)std::max<bd::SimTime>(card.duration_s, app.Now()));
    auto X = [&](double t) { return p0.x + 60 + (float)(t / span) * (w - 71); };
    const char* lanes[] = {"attacker", "alerts", "teams"};
    for (int i = 0; i < 3; ++i) dl->AddText(ImVec2(p0.x + 4, p0.y + 8 + i * 26), IM_COL32(170, 175, 185, 255), lanes[i]);
    // One tick per lane and pixel column, whatever the number of records: the chart costs the
    // same for ten alerts or a hundred thousand. Each record is read once (a noisy week has
    // 100,000 and more): what it marks is kept as (time, lane); the pixel columns are binned again
    // from that list only when the width or the span changes (the span grows with the clock, so
    // while it runs that is every frame: a pass over integers, not over JSON records).
    const int columns = std::max(1, (int)(w - 70));
    struct Mark { bd::SimTime t; int lane; };
    static std::vector<Mark> kept;
    static std::vector<std::pair<bd::SimTime, size_t>> techniques; // (t, record index) of every technique record
    static std::vector<uint8_t> marks;
    static size_t cursor = 0, binned = 0;
    static double marks_span = -1;
    static const void* marks_run = nullptr;
    if (marks_run != &records || cursor > records.size()) {
        kept.clear();
        techniques.clear();
        cursor = 0;
        marks_run = &records;
        marks_span = -1;
    }
    for (; cursor < records.size(); ++cursor) {
        const auto& r = records[cursor];
        const auto type = r.find("type");
        if (type == r.end() || !type->is_string()) continue;
        const std::string& ty = type->get_ref<const std::string&>();
        int lane = -1;
        if (ty == "technique") techniques.push_back({r.value("t", (bd::SimTime)0), cursor});
        if (ty == "technique" && r.value("ok", false)) lane = 0;
        else if (ty == "alert") lane = r.value("true_positive", false) ? 1 : 2;
        else if (ty == "command_done" && r.value("ok", false)) lane = r["cmd"].value("team", "") == "secops" ? 3 : 4;
        if (lane >= 0) kept.push_back({r.value("t", (bd::SimTime)0), lane});
    }
    if (marks.size() != (size_t)columns * 5 || marks_span != span) {
        marks.assign((size_t)columns * 5, 0);
        marks_span = span;
        binned = 0;
    }
    for (; binned < kept.size(); ++binned) {
        const int c = std::clamp((int)((double)kept[binned].t / span * (columns - 1)), 0, columns - 1);
        marks[c * 5 + kept[binned].lane] = 1;
    }
    const ImU32 colours[5] = {IM_COL32(230, 70, 70, 255), IM_COL32(240, 200, 60, 255), IM_COL32(120, 110, 60, 255),
                              IM_COL32(120, 170, 255, 255), IM_COL32(120, 230, 140, 255)};
    const float lane_y[5] = {6, 32, 32, 58, 58};
    for (int c = 0; c < columns; ++c)
        for (int k = 0; k < 5; ++k)
            if (marks[c * 5 + k]) {
                const float x = p0.x + 60 + c;
                dl->AddLine(ImVec2(x, p0.y + lane_y[k]), ImVec2(x, p0.y + lane_y[k] + 18), colours[k], k == 0 ? 2.0f : 1.0f);
            }
    // Hovering the attacker's lane: what each technique there hit, and from where (its target).
    const ImVec2 m = ImGui::GetIO().MousePos;
    if (ImGui::IsItemHovered() && m.y >= p0.y + 2 && m.y <= p0.y + 28 && m.x >= p0.x + 60) {
        const double t0 = (m.x - 3 - (p0.x + 60)) / (w - 71) * span, t1 = (m.x + 3 - (p0.x + 60)) / (w - 71) * span;
        auto it = std::lower_bound(techniques.begin(), techniques.end(), std::make_pair((bd::SimTime)std::floor(t0), (size_t)0));
        std::vector<std::string> lines;
        for (; it != techniques.end() && (double)it->first <= t1 && lines.size() < 8; ++it)
            lines.push_back(ShortDuration(it->first) + "  " + bd::TechniqueLabel(records[it->second]));
        if (!lines.empty()) {
            ImGui::BeginTooltip();
            for (const auto& l : lines) ImGui::TextUnformatted(l.c_str());
            ImGui::EndTooltip();
        }
    }
    auto mark = [&](const std::optional<bd::ScoreTime>& t, ImU32 col, const char* label) {
        if (!t) return;
        const float x = X((double)*t);
        dl->AddLine(ImVec2(x, p0.y + 2), ImVec2(x, p0.y + h - 16), col, 1.5f);
        dl->AddText(ImVec2(x + 2, p0.y + h - 16), col, label);
    };
    mark(card.detected_at_s, IM_COL32(255, 220, 120, 255), "detected");
    mark(card.contained_at_s, IM_COL32(120, 255, 160, 255), "contained");
    mark(card.recovered_at_s, IM_COL32(160, 200, 255, 255), "recovered");
}

} // namespace

void DrawScoreboard(App& app)
{
    const auto& card = app.Score();
    const bool over = app.Over();
    if (over && app.Remote() && app.role != Team::Facilitator) {
        // A served seat holds only its own events: the server's debrief scorecard, as sent.
        ImGui::TextColored(ImVec4(0.95f, 0.80f, 0.45f, 1), "Exercise over: the scorecard");
        const std::string text = app.EndText();
        ImGui::PushFont(ImGui::GetIO().Fonts->Fonts.Size > 1 ? ImGui::GetIO().Fonts->Fonts[1] : nullptr);
        ImGui::TextUnformatted(text.empty() ? "(the scorecard is on its way)" : text.c_str());
        ImGui::PopFont();
        return;
    }
    const bool truth = app.role == Team::Facilitator || over;
    const std::string cur = app.Currency();
    double total = card.impact.attacker_caused + card.impact.self_inflicted + card.impact.operations + card.impact.unattributed;
    if (over) ImGui::TextColored(ImVec4(0.95f, 0.80f, 0.45f, 1), "Exercise over: the scorecard");
    if (truth) {
        Row("Time to tool detection", Opt(card.time_to_tool_detect_s));
        Row("Time to detect", Opt(card.time_to_detect_s) + (card.detected_by.empty() ? "" : "  by " + card.detected_by));
        Row("Time to contain", Opt(card.time_to_contain_s));
        Row("Time to recover", Opt(card.time_to_recover_s));
        Row("Impact caused by the attacker", Money(card.impact.attacker_caused, cur));
        Row("Impact self-inflicted", Money(card.impact.self_inflicted, cur));
        Row("Records exfiltrated", std::to_string(card.impact.records_exfiltrated));
        Row("Hosts encrypted", std::to_string(card.impact.hosts_encrypted));
        Row("Tickets / median hand-off", std::to_string(card.coordination.requests) + " / " + Opt(card.coordination.median_handoff_s));
        Row("Uncoordinated disruptive acts", std::to_string(card.coordination.uncoordinated_disruptive));
        ImGui::Separator();
        DrawTimelineChart(app, card);
    } else {
        // What the organisation itself can know while it is happening.
        const json& view = app.View();
        bd::SimTime declared = -1;
        for (const auto& i : view["incidents"]) {
            declared = i.value("declared", (bd::SimTime)-1);
            break;
        }
        Row("Incident declared", declared >= 0 ? ClockText(declared) + " (" + ShortDuration(app.Now() - declared) + " ago)" : "not yet");
        int down = 0;
        if (view.contains("services"))
            for (const auto& s : view["services"]) down += !s.value("up", true);
        Row("Business services down", view.contains("services") ? std::to_string(down) : "(ITOps' monitoring knows)");
        // A served seat does not hold the journal the cost is computed from: the server sends it.
        Row("Downtime cost so far", Money(app.Remote() ? app.remote()->clock().value("downtime_cost", 0.0) : total, cur));
        ImGui::TextDisabled("The full scorecard appears when the exercise is over.");
    }
}

} // namespace bdui
