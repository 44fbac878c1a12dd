// panel_runbook.cpp: the team's runbook as a checklist (a tab of the SecOps and ITOps consoles, when
// the team was given one with --runbook; the facilitator's Runbooks tab shows both teams'). It reads
// the seat's view ("runbook", "runbooks": engine/exercise/views.h), so a served seat shows the same.
// A command step is marked done when the team's command that does it completes (world/runbook.h),
// whoever typed it; a checklist item, which nothing simulates, is ticked by the players themselves:
// its box posts tick_step (a journaled command, so it replays, resumes and reaches served seats).
#include "panels.h"

#include "app.h"

#include <imgui.h>

namespace bdui {

using nlohmann::json;

bool HasRunbook(App& app) { return app.View().contains("runbook") && app.View()["runbook"].is_object(); }

bool HasRunbooks(App& app) { return app.View().contains("runbooks") && app.View()["runbooks"].is_object(); }

namespace {

// A grey line under a step, wrapped to the panel (a long one is not cut off).
void RunbookNoteLine(const std::string& text)
{
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyle().Colors[ImGuiCol_TextDisabled]);
    ImGui::Indent();
    ImGui::TextWrapped("%s", text.c_str());
    ImGui::Unindent();
    ImGui::PopStyleColor();
}

// Who ticked a step, as people say it: "SecOps", "ITOps", "the facilitator".
std::string RunbookTickerName(const std::string& seat) { return seat == "facilitator" ? "the facilitator" : bd::TeamLabel(seat); }

// One checklist item: a box the seat ticks or unticks (tick_step), and who ticked it when.
void RunbookChecklistRow(App& app, const json& s, const std::string& team)
{
    const bool ticked = Str(s, "status") == "ticked";
    const int n = s.value("n", 0);
    bool box = ticked;
    if (ImGui::Checkbox("##tick", &box))
        app.Act(bd::CommandKind::TickStep, team, std::to_string(n), box ? "tick" : "untick");
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", ticked ? "Untick: the team has not done this after all"
                                       : "Tick when the team has done this: the scorecard and the report say the team ticked it, at this clock");
    ImGui::SameLine();
    ImGui::TextColored(ticked ? ImVec4(0.55f, 0.95f, 0.60f, 1) : ImVec4(0.75f, 0.75f, 0.75f, 1), "%d.", n);
    ImGui::SameLine();
    ImGui::TextWrapped("%s", Str(s, "text").c_str());
    if (ticked)
        RunbookNoteLine("checklist: ticked by " + RunbookTickerName(Str(s, "ticked_by")) + " at " + ClockText(s.value("ticked_at", (int64_t)0)) +
                        ": the team's word, not simulated");
    else RunbookNoteLine("checklist: not simulated; tick it when the team has done it");
}

} // namespace

void DrawRunbookSteps(App& app, const json& rb, const std::string& team)
{
    ImGui::TextWrapped("%s", Str(rb, "name").empty() ? "Runbook" : Str(rb, "name").c_str());
    RunbookNoteLine(std::to_string(rb.value("steps_done", 0)) + " of " + std::to_string(rb.value("command_steps", 0)) +
                    " command steps done (their commands completed); " + std::to_string(rb.value("checklist_ticked", 0)) + " of " +
                    std::to_string(rb.value("checklist_steps", 0)) + " checklist items ticked (the players' word, not simulated)");
    if (!rb.contains("steps") || !rb["steps"].is_array()) return;
    for (const json& s : rb["steps"]) {
        const std::string status = Str(s, "status");
        ImGui::PushID(s.value("n", 0));
        if (status == "checklist" || status == "ticked") {
            RunbookChecklistRow(app, s, team);
            ImGui::PopID();
            continue;
        }
        const bool done = status == "done";
        ImGui::TextColored(done ? ImVec4(0.55f, 0.95f, 0.60f, 1) : ImVec4(1, 0.8f, 0.4f, 1), "%s %d.", done ? "[x]" : "[ ]", s.value("n", 0));
        ImGui::SameLine();
        ImGui::TextWrapped("%s", Str(s, "text").c_str());
        if (done)
            RunbookNoteLine(Str(s, "action") + ", done " + ClockText(s.value("done_at", (int64_t)0)) +
                            (s.value("asked", false) ? " (by the other team, asked)" : ""));
        else RunbookNoteLine("to do: " + Str(s, "action") + " (done when the command completes)");
        ImGui::PopID();
    }
}

void DrawRunbook(App& app) { DrawRunbookSteps(app, app.View()["runbook"], Str(app.View(), "team")); }

void DrawFacilitatorRunbooks(App& app)
{
    const json& all = app.View()["runbooks"];
    for (const char* team : {"itops", "secops"}) {
        if (!all.contains(team) || !all[team].is_object()) continue;
        ImGui::PushID(team);
        ImGui::Separator();
        ImGui::TextUnformatted(team == std::string("itops") ? "ITOps' runbook" : "SecOps' runbook");
        DrawRunbookSteps(app, all[team], team);
        ImGui::PopID();
    }
}

} // namespace bdui
