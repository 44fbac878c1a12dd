// panel_host.cpp: the selected host as the seat knows it, its alerts and findings, and the actions
// the seat may take on it. A button the seat may not use is greyed out and its tooltip says why,
// in the engine's own words (Simulation::Check).
#include "panels.h"

namespace bdui {

namespace {

// An action on the host. One that takes services down says so first and asks (App::CostOf).
void Action(App& app, const char* label, bd::CommandKind kind, const std::string& target, bool emergency = false)
{
    const std::string why_not = app.WhyNot(kind, target, "", emergency);
    const std::string cost = why_not.empty() ? app.CostOf(kind, target) : "";
    ImGui::PushID(label);
    if (ActionButton(label, why_not)) {
        if (cost.empty()) app.Act(kind, target, "", "", emergency);
        else ImGui::OpenPopup("confirm");
    }
    if (!cost.empty() && ImGui::IsItemHovered()) ImGui::SetTooltip("%s %s", label, cost.c_str());
    if (ImGui::BeginPopup("confirm")) {
        ImGui::Text("%s %s?", label, target.c_str());
        ImGui::TextColored(ImVec4(1, 0.65f, 0.35f, 1), "It %s.", cost.c_str());
        if (ImGui::Button("Go ahead")) {
            app.Act(kind, target, "", "", emergency);
            ImGui::CloseCurrentPopup();
        }
        ImGui::SameLine();
        if (ImGui::Button("Cancel")) ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
    }
    ImGui::PopID();
    ImGui::SameLine();
}

void Request(App& app, const char* label, bd::CommandKind kind, const std::string& target)
{
    if (ImGui::Button(label)) app.Act(bd::CommandKind::RequestAction, target, bd::CommandKindName(kind), "requested from the host panel");
    ImGui::SameLine();
}

} // namespace

void DrawHostPanel(App& app)
{
    const bd::SeatView& seat = app.Seat();
    // The selected host's row: looked up when the selection or the rows change, not per frame.
    static const bd::SeatView* found_in = nullptr;
    static uint64_t found_rebuilt = (uint64_t)-1;
    static size_t found_rows = (size_t)-1;
    static std::string found_host;
    static int row = -1;
    if (found_in != &seat || found_rebuilt != seat.rebuilt || found_rows != seat.hosts.size() || // rows move only when rows appear
        found_host != app.selected_host) {
        row = -1;
        for (size_t r = 0; r < seat.hosts.size() && !app.selected_host.empty(); ++r)
            if (seat.hosts[r].id == app.selected_host) { row = (int)r; break; }
        found_in = &seat;
        found_rebuilt = seat.rebuilt;
        found_rows = seat.hosts.size();
        found_host = app.selected_host;
    }
    if (row < 0) {
        ImGui::TextDisabled(app.selected_host.empty() ? "Click a host on the map, or select an alert."
                                                      : "Your tools do not know this host.");
        return;
    }
    const bd::SeatHost& h = seat.hosts[row];
    const std::string id = h.id;
    ImGui::Text("%s", id.c_str());
    ImGui::SameLine();
    ImGui::TextDisabled("%s in %s, criticality %d, %s, owned by %s", Words(h.kind).c_str(), h.zone.c_str(), h.criticality,
                        h.production ? "production" : "not production", bd::TeamName(h.owner));
    ImGui::Text("state: %s", bd::HostStateName(h.state));
    if (!h.open_vulnerabilities.empty()) {
        ImGui::SameLine();
        std::string v;
        for (const auto& x : h.open_vulnerabilities) v += " " + x;
        ImGui::TextColored(ImVec4(0.95f, 0.55f, 0.15f, 1), "| open:%s", v.c_str());
    }
    if (seat.truth) {
        const bd::HostTruth& t = seat.host_truth[row];
        ImGui::TextColored(ImVec4(1, 0.45f, 0.45f, 1), "truth: compromise %d%s%s%s", t.compromise, t.persistence ? ", persistent" : "",
                           t.encrypted ? ", ENCRYPTED" : "", t.backup_intact ? "" : ", backup deleted");
    }
    const int alerts = seat.alerts_on_host[row]; // counted by the seat view
    ImGui::TextDisabled("%s about this host in your tools", bd::CountOf(alerts, "alert").c_str());
    if (alerts > 0 && app.role != Team::Facilitator) {
        ImGui::SameLine();
        if (ImGui::SmallButton("show them")) app.filter_to = id; // the alert queue, filtered to this host
    }
    ImGui::Separator();
    if (app.role == Team::Facilitator) {
        ImGui::TextDisabled("The facilitator watches; the teams act. Switch seats (F2/F3) to act as a team.");
        return;
    }
    const bool production = h.production;
    Action(app, "Investigate", bd::CommandKind::InvestigateHost, id);
    if (app.role == Team::SecOps) {
        if (production) {
            Request(app, "Ask ITOps to isolate", bd::CommandKind::IsolateHost, id);
            Action(app, "Emergency isolate", bd::CommandKind::IsolateHost, id, true);
        } else {
            Action(app, "Isolate (EDR)", bd::CommandKind::IsolateHost, id);
        }
        Action(app, "Release", bd::CommandKind::ReleaseHost, id, production);
        ImGui::NewLine();
        if (!app.WhyNot(bd::CommandKind::InvestigateHost, id).empty()) Request(app, "Ask ITOps to investigate", bd::CommandKind::InvestigateHost, id);
        Request(app, "Ask ITOps to reimage", bd::CommandKind::ReimageHost, id);
        Request(app, "Ask ITOps to restore", bd::CommandKind::RestoreHost, id);
        Request(app, "Ask ITOps to patch", bd::CommandKind::PatchHost, id);
    } else {
        Action(app, "Isolate", bd::CommandKind::IsolateHost, id);
        Action(app, "Release", bd::CommandKind::ReleaseHost, id);
        Action(app, "Reimage", bd::CommandKind::ReimageHost, id);
        Action(app, "Restore from backup", bd::CommandKind::RestoreHost, id);
        ImGui::NewLine();
        Action(app, "Emergency isolate", bd::CommandKind::IsolateHost, id, true);
        Request(app, "Ask SecOps to investigate", bd::CommandKind::InvestigateHost, id);
    }
    ImGui::NewLine();
    if (ImGui::Button("Declare an incident naming this host"))
        app.Act(bd::CommandKind::DeclareIncident, "", "", "declared from the host panel", false, {id});
    ImGui::SameLine();
    static char msg[256] = "";
    ImGui::SetNextItemWidth(-90);
    ImGui::InputTextWithHint("##hostmsg", "tell the other team about this host", msg, sizeof msg);
    ImGui::SameLine();
    if (ImGui::Button("Tell them") && msg[0]) {
        app.Act(bd::CommandKind::SendMessage, "", app.role == Team::SecOps ? "itops" : "secops", id + ": " + msg);
        msg[0] = 0;
    }
}

} // namespace bdui
