// panel_toolbar.cpp: the bar at the top (seat, clock, speed) and the status line at the bottom;
// the keyboard shortcuts that work on every exercise screen.
#include "client.h"
#include "panels.h"

#include <SFML/Window/Keyboard.hpp>

namespace bdui {

namespace {
const int kSpeeds[] = {0, 1, 10, 60, 600};
const char* kSpeedNames[] = {"pause", "1x", "10x", "60x", "600x"};

void RoleButton(App& app, Team t, const char* label)
{
    const bool active = app.role == t;
    if (active) ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.25f, 0.40f, 0.65f, 1));
    if (ImGui::Button(label)) app.SwitchRole(t);
    if (active) ImGui::PopStyleColor();
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
    if (ImGui::IsKeyPressed(sf::Keyboard::F1)) app.SwitchRole(Team::Facilitator);
    if (ImGui::IsKeyPressed(sf::Keyboard::F2)) app.SwitchRole(Team::SecOps);
    if (ImGui::IsKeyPressed(sf::Keyboard::F3)) app.SwitchRole(Team::ITOps);
}

void DrawToolbar(App& app)
{
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(ImGui::GetIO().DisplaySize.x, 26));
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
        ImGui::TextColored(ImVec4(0.95f, 0.80f, 0.45f, 1), "exercise over (%s)", bd::EndReasonName(sim->EndedBecause()));
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
        ImGui::SameLine(ImGui::GetIO().DisplaySize.x - 420);
        ImGui::TextDisabled("%s | seed %llu | %s", sim->scenario().id.c_str(), (unsigned long long)sim->options().seed,
                            bd::OrgName(sim->options().org));
    }
    ImGui::End();
    ImGui::PopStyleVar();
}

void DrawStatusBar(App& app)
{
    const ImVec2 d = ImGui::GetIO().DisplaySize;
    ImGui::SetNextWindowPos(ImVec2(0, d.y - 28));
    ImGui::SetNextWindowSize(ImVec2(d.x, 28));
    ImGui::Begin("##status", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove);
    if (app.status.empty())
        ImGui::TextDisabled("Space: pause/run   1-4: speed   N: next event   F1-F3: seats   select an alert or a host to act on it");
    else
        ImGui::TextColored(app.status_ok ? ImVec4(0.55f, 0.95f, 0.60f, 1) : ImVec4(1, 0.45f, 0.45f, 1), "%s", app.status.c_str());
    ImGui::End();
}

} // namespace bdui
