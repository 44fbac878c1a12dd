// panel_host.cpp: the selected host as the seat knows it, its alerts and findings, and the actions
// the seat may take on it. A button the seat may not use is greyed out and its tooltip says why,
// in the engine's own words (Simulation::Check).
#include "panels.h"

namespace bdui {

using nlohmann::json;

namespace {

std::string WhyNot(App& app, bd::CommandKind kind, const std::string& target, bool emergency = false)
{
    bd::Command c;
    c.kind = kind;
    c.team = app.role;
    c.target = target;
    c.emergency = emergency;
    const auto r = app.sim()->Check(c);
    return r.ok() ? std::string() : r.message;
}

void Action(App& app, const char* label, bd::CommandKind kind, const std::string& target, bool emergency = false)
{
    if (ActionButton(label, WhyNot(app, kind, target, emergency))) app.Act(kind, target, "", "", emergency);
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
    const json& view = app.View();
    const json* host = nullptr;
    for (const auto& h : view["hosts"])
        if (Str(h, "id") == app.selected_host) host = &h;
    if (!host) {
        ImGui::TextDisabled(app.selected_host.empty() ? "Click a host on the map, or select an alert."
                                                      : "Your tools do not know this host.");
        return;
    }
    const json& h = *host;
    const std::string id = Str(h, "id");
    ImGui::Text("%s", id.c_str());
    ImGui::SameLine();
    ImGui::TextDisabled("%s in %s, criticality %d, %s, owned by %s", Str(h, "kind").c_str(), Str(h, "zone").c_str(),
                        h.value("criticality", 1), h.value("production", false) ? "production" : "not production",
                        Str(h, "owner").c_str());
    ImGui::Text("state: %s", Str(h, "state").c_str());
    if (h.contains("open_vulnerabilities") && !h["open_vulnerabilities"].empty()) {
        ImGui::SameLine();
        std::string v;
        for (const auto& x : h["open_vulnerabilities"]) v += " " + x.get<std::string>();
        ImGui::TextColored(ImVec4(0.95f, 0.55f, 0.15f, 1), "| open:%s", v.c_str());
    }
    if (app.role == Team::Facilitator) {
        ImGui::TextColored(ImVec4(1, 0.45f, 0.45f, 1), "truth: compromise %d%s%s%s", h.value("compromise", 0),
                           h.value("persistence", false) ? ", persistent" : "", h.value("encrypted", false) ? ", ENCRYPTED" : "",
                           h.value("backup_intact", true) ? "" : ", backup deleted");
    }
    static int alerts = 0; // counted once per view and host, not per frame
    static uint64_t counted_for = (uint64_t)-1;
    static std::string counted_host;
    if (counted_for != app.ViewGeneration() || counted_host != id) {
        alerts = 0;
        for (const auto& a : view["alerts"])
            if (Str(a, "host") == id) ++alerts;
        counted_for = app.ViewGeneration();
        counted_host = id;
    }
    ImGui::TextDisabled("%d alert(s) about this host in your tools", alerts);
    ImGui::Separator();
    if (app.role == Team::Facilitator) {
        ImGui::TextDisabled("The facilitator watches; the teams act. Switch seats (F2/F3) to act as a team.");
        return;
    }
    const bool production = h.value("production", false);
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
        if (!WhyNot(app, bd::CommandKind::InvestigateHost, id).empty()) Request(app, "Ask ITOps to investigate", bd::CommandKind::InvestigateHost, id);
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
