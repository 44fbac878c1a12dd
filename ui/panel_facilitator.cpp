// panel_facilitator.cpp: the facilitator's console: the ground truth (the attacker's stage,
// footholds, stolen credentials, C2; what is detected and what is not), the MSEL with a button to
// fire an inject by hand, and the observation notes kept in the journal.
#include "client.h"
#include "panels.h"

#include <algorithm>
#include <cstdio>

namespace bdui {

using nlohmann::json;

namespace {

// A served exercise: who is connected, and handing a seat to its autopilot when a player leaves.
void DrawSeats(App& app)
{
    const json& seats = app.remote()->seats();
    if (ImGui::BeginTable("seats", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) {
        ImGui::TableSetupColumn("seat");
        ImGui::TableSetupColumn("connection");
        ImGui::TableSetupColumn("played by");
        ImGui::TableSetupColumn("");
        ImGui::TableHeadersRow();
        for (const auto& seat : seats) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            CellText(Str(seat, "seat"));
            ImGui::TableNextColumn();
            if (seat.value("connected", false)) CellText("connected", ImVec4(0.55f, 0.95f, 0.60f, 1));
            else {
                char gone[48];
                std::snprintf(gone, sizeof gone, "gone (%.0f s)", seat.value("silent_s", 0.0));
                CellTextDisabled(seat.contains("silent_s") ? gone : "not joined yet");
            }
            const std::string team = Str(seat, "team");
            if (team == "facilitator") continue;
            const bool bot = seat.value("autopilot", false);
            ImGui::TableNextColumn();
            CellText(bot ? "autopilot (and any player)" : "the players");
            ImGui::TableNextColumn();
            ImGui::PushID(Str(seat, "seat").c_str());
            if (ImGui::SmallButton(bot ? "take back" : "hand to autopilot"))
                app.Act(bd::CommandKind::SetAutopilot, team, bot ? "off" : "on");
            ImGui::PopID();
        }
        ImGui::EndTable();
    }
    ImGui::TextWrapped("The autopilot plays a team's seat (every seat of that team) from now, picking up the backlog; "
                       "take it back when the player returns. Pause the clock for everyone from the bar at the top.");
}

// The attacker's footholds, stolen credentials and C2 channel.
void DrawFootholds(const json& a)
{
    // Footholds and stolen credentials: thousands on a big estate left alone, so each list is a
    // scrolling region that draws only its visible lines (ImGuiListClipper).
    const json& footholds = a["footholds"];
    const json& creds = a["credentials"];
    const float line = ImGui::GetTextLineHeightWithSpacing();
    ImGui::Text("Footholds (%zu)", footholds.size());
    if (footholds.empty()) ImGui::TextDisabled("  none");
    else if (ImGui::BeginChild("footholds", ImVec2(0, std::min(8.0f, (float)footholds.size()) * line + 4))) {
        ImGuiListClipper clip;
        clip.Begin((int)footholds.size());
        while (clip.Step())
            for (int i = clip.DisplayStart; i < clip.DisplayEnd; ++i) {
                const json& f = footholds[i];
                ImGui::BulletText("%s  level %d%s%s", Str(f, "host").c_str(), f.value("level", 0), f.value("persistence", false) ? ", persistent" : "",
                                  f.value("live", false) ? "" : "  (cut off)");
            }
    }
    if (!footholds.empty()) ImGui::EndChild();
    ImGui::Text("Stolen credentials (%zu)", creds.size());
    if (creds.empty()) ImGui::TextDisabled("  none");
    else if (ImGui::BeginChild("credentials", ImVec2(0, std::min(6.0f, (float)creds.size()) * line + 4))) {
        ImGuiListClipper clip;
        clip.Begin((int)creds.size());
        while (clip.Step())
            for (int i = clip.DisplayStart; i < clip.DisplayEnd; ++i) {
                const json& c = creds[i];
                ImGui::BulletText("%s (%s)%s", Str(c, "identity").c_str(), Str(c, "privilege").c_str(), c.value("usable", false) ? "" : "  reset: useless");
            }
    }
    if (!creds.empty()) ImGui::EndChild();
    ImGui::Text("C2: %s", a.value("c2_blocked", false) ? "blocked" : a.value("c2_established", false) ? "up" : "not yet");
}

void DrawGroundTruth(App& app)
{
    const json& view = app.View();
    if (!view.contains("attacker")) return;
    const json& a = view["attacker"];
    const auto stages = app.CampaignStages();
    ImGui::TextColored(ImVec4(1, 0.45f, 0.45f, 1), "Attacker");
    ImGui::SameLine();
    // What became of each stage (views.cpp): "done" only when its effect happened. The words are
    // FacilitatorHeadline's (scoreboard.h), which the tests read.
    const json& outcomes = a.contains("stages") ? a["stages"] : json::array();
    auto status_of = [&](size_t i) { return i < outcomes.size() ? Str(outcomes[i], "status") : std::string("pending"); };
    const AttackerHeadline head = FacilitatorHeadline(a, stages.size(), app.AttackBegun());
    const float head_w = ImGui::GetContentRegionAvail().x;
    ImGui::TextUnformatted(head.text.c_str());
    TooltipIfClipped(head.text, head_w);
    if (!head.tag.empty()) {
        ImGui::SameLine();
        const ImVec4 col = head.tone == ScoreTone::Good  ? ImVec4(0.55f, 0.95f, 0.60f, 1)
                           : head.tone == ScoreTone::Bad ? ImVec4(1, 0.45f, 0.45f, 1)
                                                         : ImVec4(0.65f, 0.65f, 0.70f, 1);
        ImGui::TextColored(col, "%s", head.tag.c_str());
    }
    // The campaign as a checklist.
    // x: done (on what), -: skipped (why), >: the current stage.
    for (size_t i = 0; i < stages.size(); ++i) {
        const int cur = a.value("stage", 0);
        const std::string status = status_of(i);
        const bool done = status == "done", skip = status == "skipped";
        const ImVec4 col = done ? ImVec4(1, 0.55f, 0.45f, 1)
                           : skip ? ImVec4(0.60f, 0.60f, 0.70f, 1)
                           : (int)i == cur ? ImVec4(0.95f, 0.80f, 0.45f, 1)
                                           : ImVec4(0.5f, 0.5f, 0.5f, 1);
        const std::string note = i < outcomes.size() ? Str(outcomes[i], "note") : "";
        char head[48];
        std::snprintf(head, sizeof head, "%s %2zu. %-10s ", done ? "x" : skip ? "-" : (int)i == cur ? ">" : " ", i + 1, stages[i].technique.c_str());
        const std::string text = head + stages[i].name + (note.empty() ? "" : done ? ": " : " (skipped: ") +
                                 (note.empty() ? "" : note + (skip ? ")" : ""));
        const float width = ImGui::GetContentRegionAvail().x;
        ImGui::TextColored(col, "%s", text.c_str());
        TooltipIfClipped(text, width); // a long stage or note: hover for the whole line
    }
    ImGui::Separator();
    if (!stages.empty()) DrawFootholds(a); // no attacker: nothing to list, and "C2: not yet" would be a hint
    // Detected or not: the alerts' truth against the teams' verdicts (the seat view keeps the tally).
    const bd::AlertTally& t = app.Seat().tally;
    const int real = t.real, real_seen = t.real_confirmed, real_dismissed = t.real_dismissed, false_taken = t.false_confirmed;
    ImGui::Separator();
    ImGui::TextWrapped("Alerts: %s real, %s confirmed, %s dismissed, %s taken as real", bd::FormatCount(real).c_str(),
                       bd::FormatCount(real_seen).c_str(), bd::CountOf(real_dismissed, "real one").c_str(), bd::CountOf(false_taken, "false alarm").c_str());
    for (const auto& s : view["stores"])
        if (s.value("staged", 0) > 0)
            ImGui::TextColored(ImVec4(1, 0.45f, 0.45f, 1), "%s: %lld records staged, %lld exfiltrated", Str(s, "id").c_str(),
                               (long long)s.value("staged", 0), (long long)s.value("exfiltrated", 0));
}

void DrawMsel(App& app)
{
    const json& view = app.View();
    const auto fire = bd::ParseCommandKind("fire_inject");
    if (!view.contains("injects") || view["injects"].empty()) {
        ImGui::TextDisabled("This scenario has no injects.");
        return;
    }
    if (ImGui::BeginTable("msel", 5, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_ScrollY)) {
        ImGui::TableSetupColumn("#", 0, 24);
        ImGui::TableSetupColumn("when", 0, 120);
        ImGui::TableSetupColumn("to", 0, 60);
        ImGui::TableSetupColumn("synopsis / expected", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn("", 0, 80);
        ImGui::TableHeadersRow();
        for (const auto& i : view["injects"]) {
            const std::string num = i.contains("number") ? i["number"].dump() : "?";
            ImGui::PushID(num.c_str());
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            CellText(num);
            ImGui::TableNextColumn();
            ImGui::TextWrapped("%s", Str(i, "timing").c_str());
            ImGui::TableNextColumn();
            CellText(Str(i, "team") + (Str(i, "role").empty() ? "" : "/" + Str(i, "role")));
            ImGui::TableNextColumn();
            ImGui::TextWrapped("%s", Str(i, "synopsis").c_str());
            if (i.contains("expected")) ImGui::TextDisabled("expects %s", Str(i, "expected").c_str());
            ImGui::TableNextColumn();
            const std::string outcome = Str(i, "outcome");
            if (i.value("delivered", false)) {
                const bool met = outcome == "met";
                ImGui::TextColored(outcome.empty() ? ImVec4(0.85f, 0.85f, 0.85f, 1) : met ? ImVec4(0.55f, 0.95f, 0.60f, 1) : ImVec4(1, 0.45f, 0.45f, 1),
                                   "%s", outcome.empty() ? "sent" : outcome.c_str());
            } else if (fire) {
                // Firing cannot be undone: show what the players will read, then ask.
                if (ActionButton("Fire now...", app.WhyNot(*fire, num))) ImGui::OpenPopup("fire");
                if (ImGui::BeginPopup("fire")) {
                    ImGui::Text("Deliver inject #%s now, to %s%s%s?", num.c_str(), Str(i, "team").c_str(), Str(i, "role").empty() ? "" : "/",
                                Str(i, "role").c_str());
                    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 32.0f);
                    ImGui::TextColored(ImVec4(0.95f, 0.80f, 0.45f, 1), "%s", Str(i, "text").c_str());
                    ImGui::PopTextWrapPos();
                    if (ImGui::Button("Fire")) {
                        app.Act(*fire, num);
                        ImGui::CloseCurrentPopup();
                    }
                    ImGui::SameLine();
                    if (ImGui::Button("Cancel")) ImGui::CloseCurrentPopup();
                    ImGui::EndPopup();
                }
            }
            ImGui::PopID();
        }
        ImGui::EndTable();
    }
}

} // namespace

void DrawFacilitatorConsole(App& app)
{
    ImGui::TextColored(ImVec4(0.95f, 0.80f, 0.45f, 1), "Ground truth: players never see this screen");
    if (ImGui::BeginTabBar("fac_tabs")) {
        if (ImGui::BeginTabItem("Ground truth")) { DrawGroundTruth(app); ImGui::EndTabItem(); }
        if (ImGui::BeginTabItem("MSEL")) { DrawMsel(app); ImGui::EndTabItem(); }
        if (ImGui::BeginTabItem("Notes", nullptr, app.open_tab == "Notes" ? ImGuiTabItemFlags_SetSelected : 0)) {
            if (app.open_tab == "Notes") app.open_tab.clear();
            DrawTeamNotes(app);
            ImGui::EndTabItem();
        }
        if (HasRunbooks(app) && ImGui::BeginTabItem("Runbooks", nullptr, app.open_tab == "Runbooks" ? ImGuiTabItemFlags_SetSelected : 0)) {
            if (app.open_tab == "Runbooks") app.open_tab.clear();
            DrawFacilitatorRunbooks(app);
            ImGui::EndTabItem();
        }
        const ImGuiTabItemFlags seats_flags = app.open_tab == "Seats" ? ImGuiTabItemFlags_SetSelected : 0;
        if (app.Remote() && ImGui::BeginTabItem("Seats", nullptr, seats_flags)) {
            app.open_tab.clear(); // opened: the player may leave it now
            DrawSeats(app);
            ImGui::EndTabItem();
        }
        ImGui::EndTabBar();
    }
}

} // namespace bdui
