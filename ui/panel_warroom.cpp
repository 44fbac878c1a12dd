// panel_warroom.cpp: the shared channel (messages between teams, hand-offs), the incident record,
// and the compliance clocks counting down.
#include "panels.h"

#include <algorithm>
#include <vector>

namespace bdui {

using nlohmann::json;

namespace {
// The part above the channel (clocks, injects, incidents) as it was last drawn: its height, so the
// channel keeps at least a few lines however much is above it (a small window, long injects).
float war_room_top_h = 0;
} // namespace

void DrawWarRoom(App& app)
{
    const json& view = app.View();
    const float line = ImGui::GetTextLineHeightWithSpacing();
    const float channel_min = line * 4 + ImGui::GetFrameHeightWithSpacing() * 2 + 8; // its title, 3 lines, the input
    const float avail = ImGui::GetContentRegionAvail().y;
    const float top_h = std::max(line * 3, std::min(war_room_top_h, avail - channel_min));
    const bool top_scrolls = war_room_top_h > top_h + ImGui::GetStyle().ItemSpacing.y + 1; // (the measure holds a spacing)
    ImGui::BeginChild("war_room_top", ImVec2(0, top_scrolls ? top_h : war_room_top_h > 0 ? war_room_top_h : avail - channel_min), false);
    // Compliance clocks first: they are what a manager asks about.
    const auto& card = app.Score();
    ImGui::TextColored(ImVec4(0.95f, 0.80f, 0.45f, 1), "Compliance clocks");
    bool any = false;
    for (const auto& c : card.compliance) {
        if (!c.clock_started_s) continue;
        // Players see a clock only once their organisation is aware (it starts at detection).
        any = true;
        const std::string name = bd::ComplianceLabel(c); // "NIS2 early warning (24 h)"
        // One sent before the clock started (after a false alarm) does not count: say so.

        if (c.done_s) {
            ImGui::TextColored(c.status == bd::ComplianceStatus::Met ? ImVec4(0.55f, 0.95f, 0.60f, 1) : ImVec4(1, 0.45f, 0.45f, 1),
                               "%-30s sent %s%s", name.c_str(), ClockText(*c.done_s).c_str(),
                               c.status == bd::ComplianceStatus::Met ? "" : " (late)");
        } else if (c.deadline_s && app.Now() > *c.deadline_s) {
            ImGui::TextColored(ImVec4(1, 0.45f, 0.45f, 1), "%-30s MISSED (due %s)", name.c_str(), ClockText(*c.deadline_s).c_str());
        } else if (c.deadline_s) {
            const bd::SimTime left = *c.deadline_s - app.Now();
            ImGui::TextColored(left < 6 * bd::kHour ? ImVec4(0.95f, 0.55f, 0.15f, 1) : ImVec4(0.85f, 0.85f, 0.85f, 1),
                               "%-30s due in %s", name.c_str(), ShortDuration(left).c_str());
        }
        if (c.sent_before_clock_s && !c.done_s) {
            ImGui::PushTextWrapPos(0);
            ImGui::TextDisabled("    the one sent %s was before the clock started: it does not count", ClockText(*c.sent_before_clock_s).c_str());
            ImGui::PopTextWrapPos();
        }
    }
    if (!any) {
        ImGui::PushTextWrapPos(0);
        ImGui::TextDisabled("No clock running: they start when the organisation becomes aware of an incident.");
        ImGui::PopTextWrapPos();
    }
    ImGui::Separator();
    // Injects delivered to this seat (the facilitator sees them all, with what is expected).
    // The two most recent by delivery time (an inject fired early, or one a trigger brought forward,
    // is delivered out of the MSEL's order).
    std::vector<const json*> delivered;
    if (view.contains("injects"))
        for (const auto& i : view["injects"])
            if (!i.contains("delivered") || i.value("delivered", false)) delivered.push_back(&i);
    std::stable_sort(delivered.begin(), delivered.end(),
                     [](const json* a, const json* b) { return a->value("time", (int64_t)0) > b->value("time", (int64_t)0); });
    int shown = 0;
    for (const json* ip : delivered) {
        if (shown >= 2) break;
        const json& i = *ip;
        if (shown++ == 0) ImGui::TextColored(ImVec4(0.95f, 0.80f, 0.45f, 1), "Injects");
        ImGui::PushTextWrapPos(0);
        ImGui::TextColored(ImVec4(0.95f, 0.80f, 0.45f, 1), "#%d %s -> %s%s%s", i.value("number", 0), ShortClock(i.value("time", 0)).c_str(),
                           Str(i, "team").c_str(), Str(i, "role").empty() ? "" : "/", Str(i, "role").c_str());
        ImGui::TextWrapped("%s", Str(i, "text").c_str());
        if (app.role == Team::Facilitator && i.contains("expected"))
            ImGui::TextDisabled("expected: %s, %s", Str(i, "expected").c_str(), Str(i, "outcome").empty() ? "pending" : Str(i, "outcome").c_str());
        ImGui::PopTextWrapPos();
    }
    if (shown) ImGui::Separator();
    ImGui::Text("Incidents");
    for (const auto& i : view["incidents"]) {
        std::string assets;
        for (const auto& a : i["assets"]) assets += " " + a.get<std::string>();
        ImGui::BulletText("#%d %s by %s:%s", i.value("id", 0), ClockText(i.value("declared", 0)).c_str(), bd::TeamLabel(Str(i, "by")).c_str(), assets.c_str());
    }
    if (view["incidents"].empty()) ImGui::TextDisabled("  none declared");
    war_room_top_h = ImGui::GetCursorPosY() + ImGui::GetStyle().ItemSpacing.y; // what it took: the next frame's height
    ImGui::EndChild();
    ImGui::Separator();
    ImGui::Text("Channel");
    if (top_scrolls) {
        ImGui::SameLine();
        ImGui::TextDisabled("(scroll above for the rest)");
    }
    const float input_h = ImGui::GetFrameHeightWithSpacing() + 4;
    ImGui::BeginChild("messages", ImVec2(0, -input_h), true);
    for (const auto& m : view["messages"]) {
        const std::string from = Str(m, "from");
        const Team t = from == "secops" ? Team::SecOps : from == "itops" ? Team::ITOps : Team::Facilitator;
        ImGui::TextColored(TeamColor(t), "%s %s -> %s:", ShortClock(m.value("time", 0)).c_str(), from.c_str(), Words(Str(m, "to")).c_str());
        ImGui::SameLine();
        ImGui::TextWrapped("%s", Str(m, "text").c_str());
    }
    if (ImGui::GetScrollY() >= ImGui::GetScrollMaxY()) ImGui::SetScrollHereY(1.0f);
    ImGui::EndChild();
    static char text[256] = "";
    static int to = 0;
    static Team drafted_by = Team::Engine; // a draft never carries over to the next seat at this screen
    if (drafted_by != app.role) {
        text[0] = 0;
        to = 0;
        drafted_by = app.role;
    }
    const char* targets[] = {"war room", "itops", "secops"};
    ImGui::SetNextItemWidth(90);
    ImGui::Combo("##to", &to, targets, 3);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-60);
    const bool enter = ImGui::InputTextWithHint("##msg", "message", text, sizeof text, ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::SameLine();
    if ((ImGui::Button("Send") || enter) && text[0]) {
        app.Act(bd::CommandKind::SendMessage, "", to == 0 ? "" : targets[to], text);
        text[0] = 0;
        ImGui::SetKeyboardFocusHere(-1);
    }
}

} // namespace bdui
