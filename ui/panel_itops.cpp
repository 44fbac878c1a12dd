// panel_itops.cpp: the ITOps console: service health, monitoring symptoms, the ticket and change
// queue (requests from SecOps land here), changes waiting for approval, and the patch console.
#include "panels.h"

namespace bdui {

using nlohmann::json;

void DrawTicketQueue(App& app);
void DrawFindings(App& app);
void DrawNotifyButtons(App& app);

namespace {

// Vendor updates the monitoring has seen crash hosts (the view's `operations`: a faulty update, not an
// attack). Rolling one back is ITOps' change, and SecOps must agree: ITOps asks, SecOps answers with
// a ticket asking for it, and the rollback names that ticket (docs/commands.md, rollback_update).
void DrawUpdates(App& app)
{
    const json& view = app.View();
    const json ops = view.value("operations", json::array());
    if (ops.empty()) {
        ImGui::TextDisabled("No vendor update has shown a symptom in your monitoring.");
        return;
    }
    for (const auto& op : ops) {
        const std::string name = Str(op, "name");
        ImGui::PushID(name.c_str());
        ImGui::Text("%s", name.c_str());
        ImGui::SameLine();
        if (op.value("rolled_back", false)) ImGui::TextColored(ImVec4(0.55f, 0.95f, 0.60f, 1), "rolled back");
        else ImGui::TextColored(ImVec4(1, 0.65f, 0.35f, 1), "hosts crashing");
        ImGui::TextWrapped("%s", Str(op, "synopsis").c_str());
        const RollbackStep step = app.RollbackOf(name);
        if (step.kind == RollbackStep::Ask) {
            if (ImGui::SmallButton("Ask SecOps to agree to a rollback")) app.AdvanceRollback(name);
            ImGui::SameLine();
            ImGui::TextDisabled("(their EDR: they agree by asking for it)");
        } else if (step.kind == RollbackStep::Agreed) {
            if (ImGui::SmallButton("Roll back (SecOps agreed)")) app.AdvanceRollback(name);
        }
        if (!step.text.empty() && step.kind != RollbackStep::Done) ImGui::TextDisabled("%s", step.text.c_str());
        ImGui::Separator();
        ImGui::PopID();
    }
}

void DrawServices(App& app)
{
    const json& view = app.View();
    if (!view.contains("services")) return;
    if (ImGui::BeginTable("services", 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) {
        ImGui::TableSetupColumn("service");
        ImGui::TableSetupColumn("state");
        ImGui::TableSetupColumn("runs on");
        ImGui::TableHeadersRow();
        for (const auto& s : view["services"]) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            CellText(Str(s, "name"));
            ImGui::TableNextColumn();
            if (s.value("up", true)) CellText("up", ImVec4(0.55f, 0.95f, 0.60f, 1));
            else CellText(s.value("offline", false) ? "OFFLINE" : "DOWN", ImVec4(1, 0.45f, 0.45f, 1));
            ImGui::TableNextColumn();
            std::string hosts;
            for (const auto& h : s["hosts"]) hosts += (hosts.empty() ? "" : ", ") + h.get<std::string>();
            CellTextDisabled(hosts);
        }
        ImGui::EndTable();
    }
}

void DrawChanges(App& app)
{
    const json& view = app.View();
    int n = 0;
    for (const auto& w : view["work"]) {
        ++n;
        ImGui::PushID(w.value("id", 0));
        ImGui::Text("%s %s", Words(Str(w, "kind")).c_str(), Str(w, "target").c_str());
        ImGui::SameLine();
        ImGui::TextDisabled("by %s, %s ago", Str(w, "team").c_str(), ShortDuration(app.Now() - w.value("posted", 0)).c_str());
        if (w.value("awaiting_approval", false)) {
            ImGui::SameLine();
            ImGui::TextColored(ImVec4(0.95f, 0.80f, 0.45f, 1), "waits for approval");
            ImGui::SameLine();
            if (ImGui::SmallButton("Approve now")) app.Act(bd::CommandKind::ApproveChange, std::to_string(w.value("id", 0)));
        } else {
            ImGui::SameLine();
            ImGui::TextDisabled("under way");
        }
        ImGui::PopID();
    }
    if (n == 0) ImGui::TextDisabled("No change or action under way.");
}

void DrawPatchConsole(App& app)
{
    const bd::SeatView& seat = app.Seat();
    int n = 0;
    for (const auto& h : seat.hosts) {
        if (h.open_vulnerabilities.empty()) continue;
        ++n;
        ImGui::PushID(h.id.c_str());
        std::string vulns;
        for (const auto& v : h.open_vulnerabilities) vulns += (vulns.empty() ? "" : ", ") + v;
        ImGui::Text("%s", h.id.c_str());
        ImGui::SameLine();
        ImGui::TextColored(ImVec4(0.95f, 0.55f, 0.15f, 1), "%s", vulns.c_str());
        ImGui::SameLine();
        if (ImGui::SmallButton("Patch")) app.Act(bd::CommandKind::PatchHost, h.id);
        ImGui::SameLine();
        if (ImGui::SmallButton("Emergency patch")) app.Act(bd::CommandKind::PatchHost, h.id, "", "", true);
        if (n > 200) { ImGui::TextDisabled("... more"); ImGui::PopID(); break; }
        ImGui::PopID();
    }
    if (n == 0) ImGui::TextDisabled("No disclosed vulnerability is open.");
}

} // namespace

void DrawItOpsConsole(App& app)
{
    const json& view = app.View();
    int open = 0;
    for (const auto& t : view["tickets"])
        if (Str(t, "to") == "itops" && Str(t, "status") == "open") ++open;
    ImGui::TextColored(TeamColor(Team::ITOps), "Monitoring");
    ImGui::SameLine();
    ImGui::Text("| %s", bd::CountOf(open, "open request").c_str());
    if (app.SeatIsAutopilot(Team::ITOps)) {
        ImGui::SameLine();
        ImGui::TextDisabled("(autopilot seat)");
    }
    DrawServices(app);
    ImGui::Separator();
    DrawAlertQueue(app, "itops_alerts", true);
    DrawSelectedAlert(app);
    ImGui::Separator();
    char tickets_label[48];
    std::snprintf(tickets_label, sizeof tickets_label, "Tickets (%d)###tickets", open);
    if (ImGui::BeginTabBar("itops_tabs")) {
        if (ImGui::BeginTabItem(tickets_label, nullptr, app.open_tab == "Tickets" ? ImGuiTabItemFlags_SetSelected : 0)) {
            if (app.open_tab == "Tickets") app.open_tab.clear();
            DrawTicketQueue(app);
            ImGui::EndTabItem();
        }
        if (ImGui::BeginTabItem("Changes")) { DrawChanges(app); ImGui::EndTabItem(); }
        if (ImGui::BeginTabItem("Patches")) { DrawPatchConsole(app); ImGui::EndTabItem(); }
        if (ImGui::BeginTabItem("Findings")) { DrawFindings(app); ImGui::EndTabItem(); }
        if (ImGui::BeginTabItem("Updates", nullptr, app.open_tab == "Updates" ? ImGuiTabItemFlags_SetSelected : 0)) {
            if (app.open_tab == "Updates") app.open_tab.clear();
            DrawUpdates(app);
            ImGui::EndTabItem();
        }
        if (HasRunbook(app) && ImGui::BeginTabItem("Runbook", nullptr, app.open_tab == "Runbook" ? ImGuiTabItemFlags_SetSelected : 0)) {
            if (app.open_tab == "Runbook") app.open_tab.clear();
            DrawRunbook(app);
            ImGui::EndTabItem();
        }
        if (ImGui::BeginTabItem("Notes", nullptr, app.open_tab == "Notes" ? ImGuiTabItemFlags_SetSelected : 0)) {
            if (app.open_tab == "Notes") app.open_tab.clear();
            DrawTeamNotes(app);
            ImGui::EndTabItem();
        }
        if (ImGui::BeginTabItem("Report")) { DrawNotifyButtons(app); ImGui::EndTabItem(); }
        ImGui::EndTabBar();
    }
}

} // namespace bdui
