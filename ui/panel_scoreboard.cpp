// panel_scoreboard.cpp: live figures during the exercise (players see only what their
// organisation could know: its own declaration, the outage cost), the facilitator's full live
// scorecard, and, when the exercise is over, the scorecard for everyone (tabs: the scorecard,
// compliance, the teams, the objectives' ratings, a timeline chart). It only draws: the rows and
// their figures are App::Scoreboard()'s (scoreboard.h), the same as `breachdrill replay`.
#include "panels.h"
#include "timeline.h"

#include <initializer_list>
#include <string>
#include <vector>

#include <algorithm>
#include <cmath>

namespace bdui {

using nlohmann::json;

namespace {

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

ImVec4 ToneColour(ScoreTone tone)
{
    switch (tone) {
    case ScoreTone::Good: return ImVec4(0.55f, 0.95f, 0.60f, 1);
    case ScoreTone::Bad: return ImVec4(1, 0.45f, 0.45f, 1);
    case ScoreTone::Muted: return ImVec4(0.62f, 0.64f, 0.70f, 1);
    case ScoreTone::Total: return ImVec4(0.95f, 0.80f, 0.45f, 1);
    case ScoreTone::Plain: break;
    }
    return ImGui::GetStyleColorVec4(ImGuiCol_Text);
}

// Rows as a two-column table, each half the width; both wrap (the panel is a quarter of the screen).
void DrawScoreRows(const std::vector<const ScoreSection*>& sections)
{
    if (!ImGui::BeginTable("score_rows", 2, ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_RowBg)) return;
    ImGui::TableSetupColumn("what", ImGuiTableColumnFlags_WidthStretch, 1.1f);
    ImGui::TableSetupColumn("figure", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    for (const ScoreSection* sec : sections) {
        if (!sec->title.empty()) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextColored(ImVec4(0.60f, 0.75f, 0.95f, 1), "%s", sec->title.c_str());
        }
        for (const ScoreRow& r : sec->rows) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::PushStyleColor(ImGuiCol_Text, r.tone == ScoreTone::Muted ? ToneColour(ScoreTone::Muted) : ImGui::GetStyleColorVec4(ImGuiCol_Text));
            ImGui::TextWrapped("%s", r.label.c_str());
            ImGui::PopStyleColor();
            ImGui::TableNextColumn();
            if (!r.text.empty()) {
                ImGui::PushStyleColor(ImGuiCol_Text, ToneColour(r.tone));
                ImGui::TextWrapped("%s", r.text.c_str());
                ImGui::PopStyleColor();
            }
        }
    }
    ImGui::EndTable();
}

// The objectives rated P/S/M/U by the report's rules; hover one for the rule and the evidence.
void DrawObjectives(const std::vector<bd::ObjectiveRating>& objectives)
{
    ImGui::PushStyleColor(ImGuiCol_Text, ToneColour(ScoreTone::Muted));
    ImGui::TextWrapped("Rated by the report's rules (breachdrill report): P performed, S some challenges, M major challenges, "
                       "U unable, - for the facilitator to rate. Hover one for the rule and the evidence.");
    ImGui::PopStyleColor();
    for (const auto& o : objectives) {
        const ImVec4 col = o.rating == "P"   ? ToneColour(ScoreTone::Good)
                           : o.rating == "S" ? ImVec4(0.85f, 0.90f, 0.55f, 1)
                           : o.rating == "M" ? ImVec4(0.95f, 0.65f, 0.35f, 1)
                           : o.rating == "U" ? ToneColour(ScoreTone::Bad)
                                             : ToneColour(ScoreTone::Muted);
        ImGui::TextColored(col, "[%s]", o.rating.c_str());
        ImGui::SameLine();
        ImGui::TextWrapped("%s", o.objective.c_str());
        if (ImGui::IsItemHovered()) {
            ImGui::BeginTooltip();
            ImGui::PushTextWrapPos(ImGui::GetFontSize() * 36.0f);
            ImGui::TextUnformatted(o.rule.c_str());
            for (const auto& e : o.evidence) ImGui::BulletText("%s", e.c_str());
            ImGui::PopTextWrapPos();
            ImGui::EndTooltip();
        }
    }
}

// The facilitator's scorecard, or anyone's at the end, in tabs (a tab opens with --tab NAME).
void DrawFullScorecard(App& app, const ScoreboardModel& m)
{
    auto section = [&](const char* title) -> const ScoreSection* {
        for (const auto& s : m.sections)
            if (s.title == title) return &s;
        return nullptr;
    };
    auto tab = [&](const char* name) {
        const bool open = ImGui::BeginTabItem(name, nullptr, app.open_tab == name ? ImGuiTabItemFlags_SetSelected : 0);
        if (open && app.open_tab == name) app.open_tab.clear();
        return open;
    };
    auto rows = [&](std::initializer_list<const char*> titles) {
        std::vector<const ScoreSection*> list;
        for (const char* t : titles)
            if (const ScoreSection* s = section(t)) list.push_back(s);
        DrawScoreRows(list);
    };
    if (!ImGui::BeginTabBar("score_tabs")) return;
    if (tab("Scorecard")) { rows({"Response times", "Business impact"}); ImGui::EndTabItem(); }
    if (tab("Compliance")) { rows({"Compliance"}); ImGui::EndTabItem(); }
    if (tab("Teams")) { rows({"Coordination", "Alerts"}); ImGui::EndTabItem(); }
    if (!m.objectives.empty() && tab("Objectives")) { DrawObjectives(m.objectives); ImGui::EndTabItem(); }
    if (tab("Timeline")) { DrawTimelineChart(app, app.Score()); ImGui::EndTabItem(); }
    ImGui::EndTabBar();
}

} // namespace

void DrawScoreboard(App& app)
{
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
    // Every figure below comes from the model (scoreboard.h): the tests compare it with the CLI's.
    const ScoreboardModel& m = app.Scoreboard();
    if (!m.heading.empty()) ImGui::TextColored(ImVec4(0.95f, 0.80f, 0.45f, 1), "%s", m.heading.c_str());
    if (app.role == Team::Facilitator || over) DrawFullScorecard(app, m);
    else {
        std::vector<const ScoreSection*> list;
        for (const auto& s : m.sections) list.push_back(&s);
        DrawScoreRows(list);
    }
    if (!m.note.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ToneColour(ScoreTone::Muted));
        ImGui::TextWrapped("%s", m.note.c_str());
        ImGui::PopStyleColor();
    }
}

// The debrief: over the exercise once it has ended. The scorecard as the CLI prints it, the same
// figures in tabs (compliance, objectives rated, the timeline), and what comes next: the report,
// a new exercise, or a last look at the exercise's screens (Esc; the toolbar's Debrief reopens it).
void DrawDebrief(App& app)
{
    if (!app.Over() || !app.debrief_open || app.screen != Screen::Exercise) return;
    const ImVec2 d = ImGui::GetIO().DisplaySize;
    ImGui::SetNextWindowPos(ImVec2(d.x * 0.5f, d.y * 0.5f), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(std::min(d.x - 40, 1200.0f), d.y - 90), ImGuiCond_Always);
    ImGui::SetNextWindowBgAlpha(1.0f);
    bool open = true;
    if (!ImGui::Begin("Debrief: the exercise is over", &open, ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove)) {
        ImGui::End();
        return;
    }
    const std::string why = app.sim() ? bd::EndReasonName(app.sim()->EndedBecause()) : std::string("ended");
    ImGui::TextColored(ImVec4(0.95f, 0.80f, 0.45f, 1), "Exercise over (%s) at %s", Words(why).c_str(), ClockText(app.Now()).c_str());
    const std::string no_report = app.Remote() ? "the server keeps the journal: breachdrill report JOURNAL there" : "";
    if (ActionButton("Write the after-action report and open it", no_report)) {
        const std::string path = app.WriteReport();
        if (!path.empty()) App::OpenFile(path);
    }
    ImGui::SameLine();
    if (ImGui::Button("New exercise")) {
        app.NewExercise();
        ImGui::End();
        return;
    }
    ImGui::SameLine();
    if (ImGui::Button("Look at the exercise (Esc)") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) open = false;
    if (!app.report_path.empty()) ImGui::TextDisabled("Report: %s", app.report_path.c_str());
    if (!app.error.empty()) ImGui::TextColored(ImVec4(1, 0.45f, 0.45f, 1), "%s", app.error.c_str());
    ImGui::Separator();
    if (ImGui::BeginTabBar("debrief_tabs")) {
        if (ImGui::BeginTabItem("Scorecard (as the CLI prints it)")) {
            // Formatted once per ended exercise (the card no longer changes), not every frame.
            static std::string text;
            static std::pair<const void*, size_t> made_for{nullptr, 0};
            const std::pair<const void*, size_t> now{app.Remote() ? (const void*)app.remote() : (const void*)app.sim(), app.Records().size()};
            if (made_for != now || text.empty()) {
                text = app.Remote() ? app.EndText() : bd::FormatScorecard(app.Score());
                made_for = now;
            }
            ImGui::BeginChild("card_text", ImVec2(0, 0), false, ImGuiWindowFlags_HorizontalScrollbar);
            ImGui::PushFont(ImGui::GetIO().Fonts->Fonts.Size > 1 ? ImGui::GetIO().Fonts->Fonts[1] : nullptr);
            ImGui::TextUnformatted(text.empty() ? "(the scorecard is on its way)" : text.c_str());
            ImGui::PopFont();
            ImGui::EndChild();
            ImGui::EndTabItem();
        }
        if (!(app.Remote() && app.role != Team::Facilitator) && ImGui::BeginTabItem("Figures, objectives, timeline")) {
            ImGui::BeginChild("card_tabs");
            DrawFullScorecard(app, app.Scoreboard());
            ImGui::EndChild();
            ImGui::EndTabItem();
        }
        ImGui::EndTabBar();
    }
    ImGui::End();
    if (!open) app.debrief_open = false;
}

} // namespace bdui
