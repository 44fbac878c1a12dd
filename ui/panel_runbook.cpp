// panel_runbook.cpp: the team's runbook as a checklist (a tab of the SecOps and ITOps consoles, when
// the team was given one with --runbook). It reads the seat's view ("runbook": engine/exercise/
// views.h), so a served seat shows the same; a step is ticked when the team's command that does it
// completes (world/runbook.h), whoever typed it.
#include "panels.h"

#include "app.h"

#include <imgui.h>

namespace bdui {

using nlohmann::json;

bool HasRunbook(App& app) { return app.View().contains("runbook") && app.View()["runbook"].is_object(); }

void DrawRunbook(App& app)
{
    const json& rb = app.View()["runbook"];
    ImGui::TextWrapped("%s", Str(rb, "name").empty() ? "Runbook" : Str(rb, "name").c_str());
    ImGui::TextDisabled("%d of %d command steps done; the rest are checklist items for you", rb.value("steps_done", 0),
                        rb.value("command_steps", 0));
    if (!rb.contains("steps") || !rb["steps"].is_array()) return;
    for (const json& s : rb["steps"]) {
        const std::string status = Str(s, "status");
        ImGui::PushID(s.value("n", 0));
        const bool done = status == "done";
        ImGui::TextColored(done ? ImVec4(0.55f, 0.95f, 0.60f, 1) : status == "checklist" ? ImVec4(0.75f, 0.75f, 0.75f, 1) : ImVec4(1, 0.8f, 0.4f, 1),
                           "%s %d.", done ? "[x]" : "[ ]", s.value("n", 0));
        ImGui::SameLine();
        ImGui::TextWrapped("%s", Str(s, "text").c_str());
        if (status == "checklist") ImGui::TextDisabled("    not simulated: the team does it outside the exercise (not tracked)");
        else if (done)
            ImGui::TextDisabled("    %s, done %s%s", Str(s, "action").c_str(), ClockText(s.value("done_at", (int64_t)0)).c_str(),
                                s.value("asked", false) ? " (by the other team, asked)" : "");
        else ImGui::TextDisabled("    to do: %s", Str(s, "action").c_str());
        ImGui::PopID();
    }
}

} // namespace bdui
