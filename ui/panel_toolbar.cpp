// panel_toolbar.cpp: the bar at the top (seat, clock, speed) and the status line at the bottom;
// the keyboard shortcuts that work on every exercise screen.
#include "client.h"
#include "panels.h"

#include <SFML/Window/Keyboard.hpp>
#include <chrono>
#include <cstdio>

namespace bdui {

namespace {
const int kSpeeds[] = {0, 1, 10, 60, 600};
const char* kSpeedNames[] = {"pause", "1x", "10x", "60x", "600x"};

void RoleButton(App& app, Team t, const char* label)
{
    const bool active = app.role == t;
    // What arrived for that seat while it was not on screen.
    const size_t unread = active ? 0 : app.Unread(t);
    const std::string text = unread ? std::string(label) + "  " + std::to_string(unread) + " new###" + label : std::string(label);
    if (active) ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.25f, 0.40f, 0.65f, 1));
    else if (unread) ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.55f, 0.35f, 0.15f, 1));
    if (ImGui::Button(text.c_str())) app.SwitchRole(t);
    if (active || unread) ImGui::PopStyleColor();
    if (t != Team::Facilitator && app.SeatIsAutopilot(t) && ImGui::IsItemHovered())
        ImGui::SetTooltip("This seat is played by an autopilot: you can watch, and act as well.");
}
} // namespace

// A served exercise: the seat's name, the server's clock; the facilitator's controls go to the server.
void DrawRemoteToolbar(App& app)
{
    bd::net::Client& c = *app.remote();
    ImGui::Text("Seat %s (%s)", c.seat().c_str(), c.team().c_str());
    ImGui::SameLine();
    ImGui::TextDisabled("|");
    ImGui::SameLine();
    ImGui::Text("%s", ClockText(app.Now()).c_str());
    ImGui::SameLine();
    const bool running = c.clock().value("running", false);
    if (app.Over()) {
        ImGui::TextColored(ImVec4(0.95f, 0.80f, 0.45f, 1), "exercise over");
        if (!app.debrief_open) {
            ImGui::SameLine();
            if (ImGui::SmallButton("Debrief")) app.debrief_open = true;
        }
    } else if (app.role == Team::Facilitator) {
        if (ImGui::SmallButton(running ? "pause all" : "run")) c.Control(running ? "pause" : "resume");
        for (int i = 1; i < 5; ++i) {
            ImGui::SameLine();
            const bool on = running && (int)c.clock().value("speed", 0.0) == kSpeeds[i];
            if (on) ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.55f, 0.35f, 0.15f, 1));
            if (ImGui::SmallButton(kSpeedNames[i])) {
                c.Control("speed", kSpeeds[i]);
                c.Control("resume");
            }
            if (on) ImGui::PopStyleColor();
        }
    } else {
        ImGui::TextDisabled(running ? "(running)" : "(paused by the facilitator)");
    }
    const bool connected = !c.lost() && c.state() == bd::net::Client::State::Joined;
    const std::string title = c.welcome().contains("scenario") ? c.welcome()["scenario"].value("title", "") : "";
    const std::string right = connected ? title.substr(0, 40) + " | " + c.welcome().value("org", "") + " | served by " + app.remote_where
                                        : "reconnecting to " + app.remote_where + " ...";
    ImGui::SameLine(ImGui::GetIO().DisplaySize.x - ImGui::CalcTextSize(right.c_str()).x - 12);
    if (connected) ImGui::TextDisabled("%s", right.c_str());
    else ImGui::TextColored(ImVec4(1, 0.45f, 0.45f, 1), "%s", right.c_str());
}

void HandleGlobalShortcuts(App& app)
{
    if (ImGui::GetIO().WantTextInput) return;
    if (app.Remote()) {
        // The clock is the server's: Space pauses or runs it for everyone (the facilitator only).
        if (app.role == Team::Facilitator && ImGui::IsKeyPressed(sf::Keyboard::Space))
            app.remote()->Control(app.remote()->clock().value("running", false) ? "pause" : "resume");
        return;
    }
    if (ImGui::IsKeyPressed(sf::Keyboard::Space)) app.speed = app.speed == 0 ? 60 : 0;
    for (int i = 1; i <= 4; ++i)
        if (ImGui::IsKeyPressed(sf::Keyboard::Num1 + i - 1)) app.speed = kSpeeds[i];
    if (ImGui::IsKeyPressed(sf::Keyboard::N)) app.JumpToNextEvent();
    if (ImGui::IsKeyPressed(sf::Keyboard::H)) app.AdvanceBy(bd::kHour);
    if (ImGui::IsKeyPressed(sf::Keyboard::Slash)) {
        if (ImGui::GetIO().KeyShift) app.show_help = !app.show_help; // ?
        else app.focus_filter = true;
    }
    if (app.show_help && ImGui::IsKeyPressed(sf::Keyboard::Escape)) app.show_help = false;
    // Ctrl + / Ctrl - / Ctrl 0: the text scale, for a projector (kept with the layout).
    if (ImGui::GetIO().KeyCtrl) {
        float& s = app.layout.scale;
        if (ImGui::IsKeyPressed(sf::Keyboard::Equal) || ImGui::IsKeyPressed(sf::Keyboard::Add)) s += 0.1f;
        if (ImGui::IsKeyPressed(sf::Keyboard::Hyphen) || ImGui::IsKeyPressed(sf::Keyboard::Subtract)) s -= 0.1f;
        if (ImGui::IsKeyPressed(sf::Keyboard::Num0)) s = 1.0f;
        app.layout.Clamp();
    }
    if (ImGui::IsKeyPressed(sf::Keyboard::F1)) app.SwitchRole(Team::Facilitator);
    if (ImGui::IsKeyPressed(sf::Keyboard::F2)) app.SwitchRole(Team::SecOps);
    if (ImGui::IsKeyPressed(sf::Keyboard::F3)) app.SwitchRole(Team::ITOps);
}

void DrawToasts(App& app)
{
    const auto& notices = app.Notices(app.role);
    app.MarkSeen();
    const auto now = std::chrono::steady_clock::now();
    const ImVec2 d = ImGui::GetIO().DisplaySize;
    float y = d.y - 36;
    int shown = 0;
    for (auto it = notices.rbegin(); it != notices.rend() && shown < 4; ++it) {
        const double age = std::chrono::duration<double>(now - it->arrived).count();
        if (age > 8.0) break; // the newest first: the rest are older still
        const ImVec4 col = it->tone == NoticeTone::Good  ? ImVec4(0.55f, 0.95f, 0.60f, 1)
                           : it->tone == NoticeTone::Bad ? ImVec4(1, 0.45f, 0.45f, 1)
                           : it->tone == NoticeTone::Warn ? ImVec4(0.95f, 0.80f, 0.45f, 1)
                           : it->tone == NoticeTone::Alert ? ImVec4(1, 0.60f, 0.30f, 1)
                                                           : ImVec4(0.75f, 0.85f, 1.0f, 1);
        char name[32];
        std::snprintf(name, sizeof name, "##toast%d", shown);
        ImGui::SetNextWindowPos(ImVec2(d.x - 12, y), ImGuiCond_Always, ImVec2(1, 1));
        ImGui::SetNextWindowBgAlpha(0.92f);
        ImGui::SetNextWindowSizeConstraints(ImVec2(0, 0), ImVec2(d.x * 0.4f, 200));
        ImGui::Begin(name, nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoFocusOnAppearing |
                                        ImGuiWindowFlags_NoNav | ImGuiWindowFlags_NoInputs);
        ImGui::PushTextWrapPos(d.x * 0.4f - 16);
        ImGui::TextColored(col, "%s  %s", ShortClock(it->time).c_str(), it->text.c_str());
        ImGui::PopTextWrapPos();
        y -= ImGui::GetWindowHeight() + 6;
        ImGui::End();
        ++shown;
    }
}

void DrawHelpOverlay(App& app)
{
    if (!app.show_help) return;
    const ImVec2 d = ImGui::GetIO().DisplaySize;
    ImGui::SetNextWindowPos(ImVec2(d.x * 0.5f, d.y * 0.5f), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowBgAlpha(0.96f);
    if (ImGui::Begin("Keys (? or Esc closes)", &app.show_help, ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoCollapse)) {
        static const char* kKeys[][2] = {
            {"F1", "the facilitator's screen (asks for the PIN from a player's seat)"},
            {"F2 / F3", "SecOps' / ITOps' seat (hands the screen over first)"},
            {"Space", "pause or run the clock (60x)"},
            {"1 2 3 4", "run at 1x, 10x, 60x, 600x"},
            {"N", "jump to the next event"},
            {"H", "one hour on"},
            {"/", "type in the alert filter"},
            {"Up / Down", "move through the alert queue (the selection follows)"},
            {"T / F", "the selected alert is real / a false alarm"},
            {"I", "investigate the selected alert's host"},
            {"Ctrl + / Ctrl - / Ctrl 0", "text scale (kept with the panels' sizes)"},
            {"?", "this help"},
        };
        if (ImGui::BeginTable("keys", 2, ImGuiTableFlags_SizingFixedFit)) {
            for (const auto& k : kKeys) {
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::TextColored(ImVec4(0.95f, 0.80f, 0.45f, 1), "%s", k[0]);
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(k[1]);
            }
            ImGui::EndTable();
        }
        ImGui::TextDisabled("Keys do nothing while you type in a field.");
    }
    ImGui::End();
}

void DrawToolbar(App& app)
{
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(ImGui::GetIO().DisplaySize.x, TopBarHeight()));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(6, 2));
    ImGui::Begin("##toolbar", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove);
    if (app.Remote()) {
        DrawRemoteToolbar(app);
        ImGui::End();
        ImGui::PopStyleVar();
        return;
    }
    RoleButton(app, Team::Facilitator, "Facilitator (F1)");
    ImGui::SameLine();
    RoleButton(app, Team::SecOps, "SecOps (F2)");
    ImGui::SameLine();
    RoleButton(app, Team::ITOps, "ITOps (F3)");
    ImGui::SameLine();
    ImGui::TextDisabled("|");
    ImGui::SameLine();
    const auto* sim = app.sim();
    ImGui::Text("%s", ClockText(app.Now()).c_str());
    ImGui::SameLine();
    if (sim && sim->Finished()) {
        ImGui::TextColored(ImVec4(0.95f, 0.80f, 0.45f, 1), "exercise over (%s)", Words(bd::EndReasonName(sim->EndedBecause())).c_str());
        if (!app.debrief_open) {
            ImGui::SameLine();
            if (ImGui::SmallButton("Debrief")) app.debrief_open = true;
        }
    } else {
        // The clock belongs to the facilitator; players see it run.
        if (app.role == Team::Facilitator) {
            for (int i = 0; i < 5; ++i) {
                ImGui::SameLine();
                const bool on = app.speed == kSpeeds[i];
                if (on) ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.55f, 0.35f, 0.15f, 1));
                if (ImGui::SmallButton(kSpeedNames[i])) app.speed = kSpeeds[i];
                if (on) ImGui::PopStyleColor();
            }
            ImGui::SameLine();
            if (ImGui::SmallButton("next event (N)")) app.JumpToNextEvent();
            ImGui::SameLine();
            if (ImGui::SmallButton("+1 h")) app.AdvanceBy(bd::kHour);
        } else {
            ImGui::SameLine();
            ImGui::TextDisabled(app.speed == 0 ? "(paused by the facilitator)" : "(running)");
        }
    }
    if (sim) {
        // Right-aligned where there is room; never over the buttons (a narrow window drops it).
        char info[160];
        std::snprintf(info, sizeof info, "%s | seed %llu | %s", sim->scenario().id.c_str(), (unsigned long long)sim->options().seed,
                      bd::OrgName(sim->options().org));
        ImGui::SameLine();
        const float x = ImGui::GetIO().DisplaySize.x - ImGui::CalcTextSize(info).x - 12;
        if (x > ImGui::GetCursorPosX() + 12) {
            ImGui::SetCursorPosX(x);
            ImGui::TextDisabled("%s", info);
        } else {
            ImGui::NewLine();
        }
    }
    ImGui::End();
    ImGui::PopStyleVar();
}

void DrawStatusBar(App& app)
{
    const ImVec2 d = ImGui::GetIO().DisplaySize;
    ImGui::SetNextWindowPos(ImVec2(0, d.y - StatusBarHeight()));
    ImGui::SetNextWindowSize(ImVec2(d.x, StatusBarHeight()));
    ImGui::Begin("##status", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove);
    if (app.status.empty())
        ImGui::TextDisabled("Space: pause/run   1-4: speed   N: next event   H: +1 h   F1-F3: seats   ?: all keys   select an alert or a host to act on it");
    else
        ImGui::TextColored(app.status_ok ? ImVec4(0.55f, 0.95f, 0.60f, 1) : ImVec4(1, 0.45f, 0.45f, 1), "%s", app.status.c_str());
    ImGui::End();
}

} // namespace bdui
