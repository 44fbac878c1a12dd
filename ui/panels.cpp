// panels.cpp: the table of panels, the fixed layout, and helpers shared by the panels.
#include "panels.h"

namespace bdui {

namespace {
bool Everyone(const App&) { return true; }
// A panel by its home slot, in words: "console", "map" ...
const char* PanelWords(int home)
{
    static const char* const words[Layout::kSlots] = {"console", "network map", "host panel", "war room", "scoreboard"};
    return home >= 0 && home < Layout::kSlots ? words[home] : "?";
}
bool FacilitatorOnly(const App& a) { return a.role == Team::Facilitator; }
bool SecOpsOnly(const App& a) { return a.role == Team::SecOps; }
bool ItOpsOnly(const App& a) { return a.role == Team::ITOps; }
} // namespace

const std::vector<Panel>& Panels()
{
    static const std::vector<Panel> panels = {
        {"Facilitator console", Slot::Left, FacilitatorOnly, DrawFacilitatorConsole},
        {"SecOps console: SIEM / EDR", Slot::Left, SecOpsOnly, DrawSecOpsConsole},
        {"ITOps console: monitoring, tickets, changes", Slot::Left, ItOpsOnly, DrawItOpsConsole},
        {"Network map", Slot::CenterTop, Everyone, DrawNetworkMap},
        {"Host", Slot::CenterBottom, Everyone, DrawHostPanel},
        {"War room", Slot::RightTop, Everyone, DrawWarRoom},
        {"Scoreboard", Slot::RightBottom, Everyone, DrawScoreboard},
    };
    return panels;
}

ImVec4 SeverityColor(int severity)
{
    switch (severity) {
    case 4: return ImVec4(0.95f, 0.25f, 0.25f, 1);
    case 3: return ImVec4(0.95f, 0.55f, 0.15f, 1);
    case 2: return ImVec4(0.95f, 0.85f, 0.30f, 1);
    default: return ImVec4(0.60f, 0.75f, 0.95f, 1);
    }
}

const char* SeverityName(int severity)
{
    switch (severity) {
    case 4: return "critical";
    case 3: return "high";
    case 2: return "medium";
    default: return "low";
    }
}

ImVec4 TeamColor(Team t)
{
    switch (t) {
    case Team::SecOps: return ImVec4(0.55f, 0.75f, 1.0f, 1);
    case Team::ITOps: return ImVec4(0.55f, 0.95f, 0.60f, 1);
    default: return ImVec4(0.95f, 0.80f, 0.45f, 1);
    }
}

bool ActionButton(const char* label, const std::string& why_not)
{
    if (why_not.empty()) return ImGui::Button(label);
    ImGui::PushStyleVar(ImGuiStyleVar_Alpha, ImGui::GetStyle().Alpha * 0.45f);
    ImGui::Button(label);
    ImGui::PopStyleVar();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("%s", why_not.c_str());
    return false;
}

void HelpMarker(const char* text)
{
    ImGui::SameLine();
    ImGui::TextDisabled("(?)");
    if (ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30.0f);
        ImGui::TextUnformatted(text);
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
    }
}

void TooltipIfClipped(const std::string& text, float cell_width, const std::string& full)
{
    if (ImGui::IsItemHovered() && ImGui::CalcTextSize(text.c_str()).x > cell_width) ImGui::SetTooltip("%s", (full.empty() ? text : full).c_str());
}

float TopBarHeight() { return 26.0f * ImGui::GetIO().FontGlobalScale; }
float StatusBarHeight() { return 28.0f * ImGui::GetIO().FontGlobalScale; }



void CellText(const std::string& text, ImVec4 colour, const std::string& full)
{
    const float cell = ImGui::GetContentRegionAvail().x;
    if (colour.w > 0) ImGui::PushStyleColor(ImGuiCol_Text, colour);
    ImGui::TextUnformatted(text.c_str());
    if (colour.w > 0) ImGui::PopStyleColor();
    TooltipIfClipped(text, cell, full);
}

void CellTextDisabled(const std::string& text, const std::string& full)
{
    CellText(text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled), full);
}

void DrawPanelPlaceMenu(App& app, int home)
{
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenBlockedByPopup) && !ImGui::IsPopupOpen("place"))
        ImGui::SetTooltip("Right-click to move this panel to another place");
    if (!ImGui::BeginPopupContextItem("place")) return;
    Layout& l = app.layout;
    ImGui::TextDisabled("Move this panel to");
    for (int slot = 0; slot < Layout::kSlots; ++slot) {
        const bool here = l.slot_of[home] == slot;
        const int there = l.PanelIn(slot);
        std::string label = std::string(Layout::SlotWords(slot));
        if (!here) label += std::string(" (swaps with the ") + PanelWords(there) + ")";
        if (ImGui::MenuItem(label.c_str(), nullptr, here, !here)) l.MoveTo(home, slot);
    }
    ImGui::Separator();
    const bool arranged = l.slot_of != Layout{}.slot_of;
    if (ImGui::MenuItem("Every panel back to its place", nullptr, false, arranged)) l.slot_of = Layout{}.slot_of;
    ImGui::EndPopup();
}

} // namespace bdui
