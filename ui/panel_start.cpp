// panel_start.cpp: the start screen (scenario, briefing, seed, org, seats), the loading page, and
// the hot-seat handover page.
#include "editor_panel.h"
#include "panels.h"

#include <cstring>

namespace bdui {

namespace {
void FullScreenWindow(const char* name)
{
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
    ImGui::Begin(name, nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoBringToFrontOnFocus);
}

struct Preview {
    std::string ref;
    uint64_t seed = 0;
    bd::LoadResult result;
};

// 1. The scenario: a built-in one, a random breach, or a folder / scenario.json.
void DrawScenarioList(App& app, int& seed)
{
    static char path[512] = "";
    ImGui::Text("1. Scenario");
    for (const auto& b : bd::BuiltinScenarios()) {
        if (ImGui::Selectable(b.id, app.settings.scenario == b.id)) app.settings.scenario = b.id;
    }
    // A breach dealt from the seed, card by card (engine/world/random_breach.h): a new one each seed.
    if (ImGui::Selectable("random: deal a breach from the seed", app.settings.scenario == "random")) app.settings.scenario = "random";
    if (app.settings.scenario == "random") {
        ImGui::SameLine();
        if (ImGui::SmallButton("deal another")) seed = seed + 1;
    }
    ImGui::Spacing();
    ImGui::TextDisabled("or a scenario folder / scenario.json:");
    ImGui::SetNextItemWidth(-70);
    ImGui::InputText("##path", path, sizeof path);
    ImGui::SameLine();
    if (ImGui::Button("Use") && path[0]) app.settings.scenario = path;
}

// 2. The seed and the organisation profile.
void DrawSeedAndOrg(App& app, int& seed)
{
    ImGui::Text("2. Seed and organisation");
    ImGui::SetNextItemWidth(120);
    if (ImGui::InputInt("seed", &seed)) seed = std::max(seed, 0);
    ImGui::SameLine();
    HelpMarker("Same scenario, seed and commands give the same exercise. Change it for a different phished PC, timings and noise.");
    app.settings.seed = (uint64_t)seed;
    int org = app.settings.org == bd::OrgProfile::Siloed ? 0 : 1;
    ImGui::RadioButton("siloed", &org, 0);
    ImGui::SameLine();
    ImGui::RadioButton("converged", &org, 1);
    HelpMarker("Siloed: each team sees only its own tools; production changes wait 4 h for approval.\n"
               "Converged: shared dashboards and tickets; approvals in 30 min.");
    app.settings.org = org == 0 ? bd::OrgProfile::Siloed : bd::OrgProfile::Converged;
}

// 3. Who plays each seat: people or an autopilot.
void DrawSeatChoice(App& app)
{
    ImGui::Text("3. Seats");
    int itops = app.settings.itops_autopilot ? 1 : 0, secops = app.settings.secops_autopilot ? 1 : 0;
    ImGui::Text("ITOps: ");
    ImGui::SameLine();
    ImGui::RadioButton("people##it", &itops, 0);
    ImGui::SameLine();
    ImGui::RadioButton("autopilot##it", &itops, 1);
    ImGui::Text("SecOps:");
    ImGui::SameLine();
    ImGui::RadioButton("people##sec", &secops, 0);
    ImGui::SameLine();
    ImGui::RadioButton("autopilot##sec", &secops, 1);
    app.settings.itops_autopilot = itops == 1;
    app.settings.secops_autopilot = secops == 1;
    if (app.settings.itops_autopilot && app.settings.secops_autopilot) return; // no player at this screen
    // The players share this screen: the facilitator's (the ground truth) opens with a PIN.
    static char pin[64] = "";
    ImGui::SetNextItemWidth(160);
    if (ImGui::InputTextWithHint("facilitator PIN", "4 characters or more", pin, sizeof pin, ImGuiInputTextFlags_Password))
        app.settings.facilitator_pin = std::strlen(pin) >= 4 ? pin : "";
    HelpMarker("F1 (the facilitator's screen) asks for it once a player has the screen. Kept in memory only. "
               "Leave it empty to set it at the first handover.");
}

// Exercises that were not closed cleanly (a crash, a power cut): offer to pick them up.
void DrawResumeList(App& app)
{
    static std::vector<std::string> unfinished;
    static bool scanned = false;
    if (!scanned) { unfinished = app.UnfinishedJournals(); scanned = true; }
    if (!unfinished.empty()) {
        ImGui::Spacing();
        ImGui::TextColored(ImVec4(0.95f, 0.80f, 0.45f, 1), "Interrupted exercises (not closed cleanly):");
        for (const auto& j : unfinished) {
            ImGui::PushID(j.c_str());
            if (ImGui::SmallButton("Resume")) app.Resume(j);
            ImGui::SameLine();
            ImGui::TextDisabled("%s", j.substr(j.find_last_of('/') + 1).c_str());
            ImGui::PopID();
        }
    }
}

// A player of an exercise the facilitator serves from another machine (docs/multi-seat.md).
void DrawJoinForm(App& app)
{
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::Text("Or join an exercise served on the network");
    static char where[256] = "", code[256] = "";
    ImGui::SetNextItemWidth(-90);
    ImGui::InputTextWithHint("server##join", "host:port, e.g. 192.168.1.20:7878", where, sizeof where);
    ImGui::SetNextItemWidth(-90);
    ImGui::InputTextWithHint("code##join", "the join code the facilitator gave you", code, sizeof code, ImGuiInputTextFlags_Password);
    if (ImGui::Button("Join", ImVec2(-1, 28)) && where[0] && code[0]) {
        app.error.clear();
        app.Join(where, code);
    }
}

// The briefing of the chosen scenario (loaded small and fast for the preview).
void DrawBriefing(App& app)
{
    static Preview preview;
    if (preview.ref != app.settings.scenario || preview.seed != app.settings.seed) {
        preview.ref = app.settings.scenario;
        preview.seed = app.settings.seed;
        preview.result = bd::LoadScenario(preview.ref, bd::LoadOptions{preview.seed, 0});
    }
    ImGui::SameLine();
    ImGui::BeginChild("briefing", ImVec2(0, 0), true);
    const auto& s = preview.result.scenario;
    if (!preview.result.Ok()) {
        ImGui::TextColored(ImVec4(1, 0.45f, 0.45f, 1), "This scenario does not load:");
        for (const auto& p : preview.result.problems) ImGui::TextWrapped("%s", p.Format().c_str());
    } else {
        ImGui::TextWrapped("%s", s.title.c_str());
        ImGui::TextDisabled("%s, %s, regimes:", bd::CountOf((int64_t)s.world.hosts.size(), "host").c_str(),
                            bd::CountOf((int64_t)s.world.services.size(), "service").c_str());
        for (const auto& r : s.regimes) { ImGui::SameLine(); ImGui::TextDisabled("%s", r.c_str()); }
        ImGui::Separator();
        ImGui::TextColored(ImVec4(0.55f, 0.75f, 1.0f, 1), "Briefing (read it to the players)");
        ImGui::TextWrapped("%s", s.briefing.c_str());
        ImGui::Spacing();
        if (!s.objectives.empty()) {
            ImGui::TextColored(ImVec4(0.55f, 0.75f, 1.0f, 1), "Objectives");
            for (const auto& o : s.objectives) ImGui::BulletText("%s", o.c_str());
        }
        ImGui::Spacing();
        if (ImGui::CollapsingHeader("Facilitator notes (not for players)")) ImGui::TextWrapped("%s", s.facilitator_notes.c_str());
    }
    ImGui::EndChild();
}

} // namespace

void DrawStartScreen(App& app)
{
    static int seed = 1;
    FullScreenWindow("Start");
    ImGui::TextColored(ImVec4(0.95f, 0.80f, 0.45f, 1), "BREACHDRILL");
    ImGui::SameLine();
    ImGui::TextDisabled("incident-response tabletop exercises, simulated");
    ImGui::Separator();

    ImGui::BeginChild("choose", ImVec2(ImGui::GetContentRegionAvail().x * 0.35f, 0), true);
    DrawScenarioList(app, seed);
    ImGui::Spacing();
    ImGui::Separator();
    DrawSeedAndOrg(app, seed);
    ImGui::Spacing();
    ImGui::Separator();
    DrawSeatChoice(app);
    ImGui::Spacing();
    ImGui::Separator();
    if (ImGui::Button("Start the exercise", ImVec2(-1, 36))) app.BeginLoading();
    DrawResumeList(app);
    DrawJoinForm(app);
    DrawEditorLauncher(app); // editor_panel.cpp: Edit a scenario..., New from template
    if (!app.error.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 0.45f, 0.45f, 1));
        ImGui::TextWrapped("Could not start: %s", app.error.c_str());
        ImGui::PopStyleColor();
    }
    ImGui::EndChild();

    DrawBriefing(app);
    ImGui::End();
}

void DrawLoadingScreen(App& app)
{
    FullScreenWindow("Loading");
    const ImVec2 c = ImVec2(ImGui::GetIO().DisplaySize.x * 0.5f, ImGui::GetIO().DisplaySize.y * 0.5f);
    const float t = (float)ImGui::GetTime();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (int i = 0; i < 12; ++i) {
        const float a = t * 4.0f + i * 0.5236f;
        const float alpha = (float)(i + 1) / 12.0f;
        dl->AddCircleFilled(ImVec2(c.x + std::cos(a) * 24, c.y - 40 + std::sin(a) * 24), 4, ImColor(0.95f, 0.80f, 0.45f, alpha));
    }
    const std::string what = app.Remote() ? "Joining the exercise at " + app.remote_where + " ..." : "Building the estate for " + app.LoadingWhat() + " ...";
    ImGui::SetCursorPos(ImVec2(c.x - ImGui::CalcTextSize(what.c_str()).x * 0.5f, c.y));
    ImGui::TextUnformatted(what.c_str());
    ImGui::End();
}

void DrawHandoverScreen(App& app)
{
    FullScreenWindow("Handover");
    const ImVec2 d = ImGui::GetIO().DisplaySize;
    const std::string who = app.handover_to == Team::SecOps ? "SecOps" : "ITOps";
    static std::string refused;
    float y = d.y * 0.36f;
    if (app.PlayersAtThisScreen() && app.settings.facilitator_pin.empty()) {
        // The first handover: the facilitator sets the PIN that keeps the players out of their screen.
        static char pin[64] = "";
        const char* ask = "Before you pass the screen: set the facilitator's PIN (F1 asks for it; the players must not see your screen).";
        ImGui::SetCursorPos(ImVec2(d.x * 0.5f - ImGui::CalcTextSize(ask).x * 0.5f, y));
        ImGui::TextColored(ImVec4(0.95f, 0.80f, 0.45f, 1), "%s", ask);
        ImGui::SetCursorPos(ImVec2(d.x * 0.5f - 160, y + 30));
        ImGui::SetNextItemWidth(220);
        if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
        const bool enter = ImGui::InputTextWithHint("##pin", "PIN, 4 characters or more", pin, sizeof pin,
                                                    ImGuiInputTextFlags_Password | ImGuiInputTextFlags_EnterReturnsTrue);
        ImGui::SameLine();
        if (ImGui::Button("Set PIN") || enter) {
            refused = app.SetPin(pin);
            pin[0] = 0;
        }
        if (!refused.empty()) {
            ImGui::SetCursorPos(ImVec2(d.x * 0.5f - 160, y + 60));
            ImGui::TextColored(ImVec4(1, 0.45f, 0.45f, 1), "%s", refused.c_str());
        }
        ImGui::End();
        return;
    }
    const std::string line1 = "Pass the screen to " + who + ".";
    const std::string line2 = "The previous seat's screen is hidden. Press Enter or click when " + who + " is seated.";
    ImGui::SetCursorPos(ImVec2(d.x * 0.5f - ImGui::CalcTextSize(line1.c_str()).x, y));
    ImGui::SetWindowFontScale(2.0f);
    ImGui::TextColored(TeamColor(app.handover_to), "%s", line1.c_str());
    ImGui::SetWindowFontScale(1.0f);
    ImGui::SetCursorPos(ImVec2(d.x * 0.5f - ImGui::CalcTextSize(line2.c_str()).x * 0.5f, y + 50));
    ImGui::TextUnformatted(line2.c_str());
    ImGui::SetCursorPos(ImVec2(d.x * 0.5f - 80, y + 90));
    if (ImGui::Button((who + " is ready").c_str(), ImVec2(160, 32)) || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter)))
        refused = app.ConfirmHandover();
    ImGui::End();
}

void DrawUnlockScreen(App& app)
{
    FullScreenWindow("Unlock");
    const ImVec2 d = ImGui::GetIO().DisplaySize;
    static char pin[64] = "";
    const char* line = "The facilitator's screen: enter the facilitator's PIN.";
    const float y = d.y * 0.38f;
    ImGui::SetCursorPos(ImVec2(d.x * 0.5f - ImGui::CalcTextSize(line).x * 0.5f, y));
    ImGui::TextUnformatted(line);
    ImGui::SetCursorPos(ImVec2(d.x * 0.5f - 160, y + 30));
    ImGui::SetNextItemWidth(220);
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    const bool enter = ImGui::InputTextWithHint("##pin", "PIN", pin, sizeof pin, ImGuiInputTextFlags_Password | ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::SameLine();
    if (ImGui::Button("Open") || enter) {
        app.Unlock(pin);
        pin[0] = 0;
    }
    ImGui::SameLine();
    if (ImGui::Button("Back to the seat") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
        pin[0] = 0;
        app.CancelUnlock();
    }
    if (!app.unlock_error.empty()) {
        ImGui::SetCursorPos(ImVec2(d.x * 0.5f - 160, y + 62));
        ImGui::PushTextWrapPos(d.x * 0.5f + 320);
        ImGui::TextColored(ImVec4(1, 0.45f, 0.45f, 1), "%s", app.unlock_error.c_str());
        ImGui::PopTextWrapPos();
    }
    ImGui::End();
}

} // namespace bdui
