// panel_secops.cpp: the SecOps console: the SIEM/EDR alert queue (sortable, filterable), the
// selected alert, findings with the actions they suggest, requests from ITOps, and notifications.
#include "panels.h"

#include <SFML/Window/Keyboard.hpp>
#include <algorithm>

namespace bdui {

using nlohmann::json;

namespace {

struct QueueState {
    char filter[64] = "";
    int min_severity = 1;
    bool show_triaged = false;
    std::vector<int> rows; // indices into view["alerts"]
    size_t built_for = (size_t)-1;
    // What the rows were built and sorted for: rebuilt only when one of these changes.
    uint64_t generation = (uint64_t)-1;
    std::string built_filter;
    int built_severity = 0, built_column = -1;
    bool built_triaged = false, built_ascending = false;
    int sort_column = 0;
    bool sort_ascending = false;
};

bool Matches(const json& a, const QueueState& q)
{
    if (a.value("severity", 1) < q.min_severity) return false;
    if (!q.show_triaged && Str(a, "status") != "new") return false;
    if (q.filter[0]) {
        const std::string hay = Str(a, "summary") + " " + Str(a, "host") + " " + Str(a, "technique_name");
        std::string needle = q.filter, lower = hay;
        std::transform(needle.begin(), needle.end(), needle.begin(), ::tolower);
        std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
        if (lower.find(needle) == std::string::npos) return false;
    }
    return true;
}

} // namespace

// The alert queue of the current seat; shared with the ITOps console for its monitoring alerts.
void DrawAlertQueue(App& app, const char* id, bool symptoms)
{
    static QueueState states[2];
    QueueState& q = states[symptoms ? 1 : 0];
    const json& view = app.View();
    const json& alerts = view["alerts"];
    const std::string own = symptoms ? "itops" : "secops";

    ImGui::SetNextItemWidth(160);
    ImGui::InputTextWithHint("##filter", "filter: host, technique", q.filter, sizeof q.filter);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(90);
    const char* sev[] = {"all", "medium+", "high+", "critical"};
    int sev_index = q.min_severity - 1;
    if (ImGui::Combo("##sev", &sev_index, sev, 4)) q.min_severity = sev_index + 1;
    ImGui::SameLine();
    ImGui::Checkbox("triaged too", &q.show_triaged);

    // Rebuild the row list when the view or the filter changed (not every frame: 100,000 alerts).
    bool rebuilt = false;
    if (q.generation != app.ViewGeneration() || q.built_filter != q.filter || q.built_severity != q.min_severity ||
        q.built_triaged != q.show_triaged || q.built_for != alerts.size()) {
        q.rows.clear();
        const bool converged = Str(view, "org") == "converged";
        for (int i = 0; i < (int)alerts.size(); ++i) {
            const json& a = alerts[i];
            // The view holds the other team's alerts only with shared tools (converged): show them too.
            if (!converged && Str(a, "team") != own) continue;
            if (Matches(a, q)) q.rows.push_back(i);
        }
        q.generation = app.ViewGeneration();
        q.built_filter = q.filter;
        q.built_severity = q.min_severity;
        q.built_triaged = q.show_triaged;
        q.built_for = alerts.size();
        rebuilt = true;
    }
    const ImGuiTableFlags flags = ImGuiTableFlags_Sortable | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                                  ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_Resizable | ImGuiTableFlags_SizingFixedFit;
    const float height = ImGui::GetContentRegionAvail().y * (symptoms ? 0.40f : 0.45f);
    if (ImGui::BeginTable(id, 5, flags, ImVec2(0, height))) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn("#", ImGuiTableColumnFlags_DefaultSort | ImGuiTableColumnFlags_PreferSortDescending, 36);
        ImGui::TableSetupColumn("time", 0, 86);
        ImGui::TableSetupColumn("sev", 0, 56);
        ImGui::TableSetupColumn("host", 0, 80);
        ImGui::TableSetupColumn(symptoms ? "symptom" : "technique", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableHeadersRow();
        if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs()) {
            if (specs->SpecsCount > 0) {
                q.sort_column = specs->Specs[0].ColumnIndex;
                q.sort_ascending = specs->Specs[0].SortDirection == ImGuiSortDirection_Ascending;
            }
            specs->SpecsDirty = false;
        }
        auto key = [&](int i) -> std::pair<long long, std::string> {
            const json& a = alerts[i];
            switch (q.sort_column) {
            case 2: return {a.value("severity", 0), ""};
            case 3: return {0, Str(a, "host")};
            case 4: return {0, Str(a, symptoms ? "summary" : "technique_name")};
            default: return {a.value("id", 0), ""};
            }
        };
        if (rebuilt || q.built_column != q.sort_column || q.built_ascending != q.sort_ascending) {
            std::stable_sort(q.rows.begin(), q.rows.end(), [&](int x, int y) {
                auto kx = key(x), ky = key(y);
                if (kx == ky) return alerts[x].value("id", 0) > alerts[y].value("id", 0); // full tie-break
                return q.sort_ascending ? kx < ky : kx > ky;
            });
            q.built_column = q.sort_column;
            q.built_ascending = q.sort_ascending;
        }
        ImGuiListClipper clipper; // only the visible rows are drawn: 100,000 alerts stay cheap
        clipper.Begin((int)q.rows.size());
        while (clipper.Step()) {
            for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
                const json& a = alerts[q.rows[r]];
                const int aid = a.value("id", -1);
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                char label[32];
                std::snprintf(label, sizeof label, "%d##%s", aid, id);
                if (ImGui::Selectable(label, app.selected_alert == aid, ImGuiSelectableFlags_SpanAllColumns)) {
                    app.selected_alert = aid;
                    app.selected_host = Str(a, "host");
                }
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(ShortClock(a.value("time", 0)).c_str());
                ImGui::TableNextColumn();
                ImGui::TextColored(SeverityColor(a.value("severity", 1)), "%s", SeverityName(a.value("severity", 1)));
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(Str(a, "host").c_str());
                ImGui::TableNextColumn();
                const std::string status = Str(a, "status");
                const std::string text = symptoms || Str(a, "technique").empty() ? Str(a, "summary") : Str(a, "technique_name");
                if (status == "new") ImGui::TextUnformatted(text.c_str());
                else ImGui::TextDisabled("%s  [%s]", text.c_str(), status == "true_positive" ? "real" : "false alarm");
            }
        }
        ImGui::EndTable();
    }
    ImGui::TextDisabled("%zu shown of %zu alerts", q.rows.size(), alerts.size());
}

// The selected alert: what it says, and triage.
void DrawSelectedAlert(App& app)
{
    const json& alerts = app.View()["alerts"];
    const json* sel = nullptr;
    // The view lists alerts in id order: a binary search, not a scan of 100,000 rows a frame.
    const auto it = std::lower_bound(alerts.begin(), alerts.end(), app.selected_alert,
                                     [](const json& a, int id) { return a.value("id", -1) < id; });
    if (it != alerts.end() && it->value("id", -1) == app.selected_alert) sel = &*it;
    if (!sel) {
        ImGui::TextDisabled("Select an alert to triage it.");
        return;
    }
    const json& a = *sel;
    ImGui::TextColored(SeverityColor(a.value("severity", 1)), "Alert %d  %s", app.selected_alert, SeverityName(a.value("severity", 1)));
    ImGui::SameLine();
    ImGui::TextDisabled("from %s at %s", Str(a, "sensor").c_str(), ClockText(a.value("time", 0)).c_str());
    ImGui::TextWrapped("%s", Str(a, "summary").c_str());
    if (!Str(a, "technique").empty()) ImGui::TextDisabled("ATT&CK %s", Str(a, "technique_name").c_str());
    const std::string id = std::to_string(app.selected_alert);
    auto why = [&](bd::CommandKind k, const std::string& value) {
        bd::Command c;
        c.kind = k;
        c.team = app.role;
        c.target = id;
        c.value = value;
        auto r = app.sim()->Check(c);
        return r.ok() ? std::string() : r.message;
    };
    const bool keys = !ImGui::GetIO().WantTextInput;
    if (ActionButton("Real (T)", why(bd::CommandKind::TriageAlert, "true_positive")) || (keys && ImGui::IsKeyPressed(sf::Keyboard::T)))
        app.Act(bd::CommandKind::TriageAlert, id, "true_positive");
    ImGui::SameLine();
    if (ActionButton("False alarm (F)", why(bd::CommandKind::TriageAlert, "false_positive")) || (keys && ImGui::IsKeyPressed(sf::Keyboard::F)))
        app.Act(bd::CommandKind::TriageAlert, id, "false_positive");
    ImGui::SameLine();
    if (!Str(a, "host").empty() && (ImGui::Button("Investigate host (I)") || (keys && ImGui::IsKeyPressed(sf::Keyboard::I))))
        app.Act(bd::CommandKind::InvestigateHost, Str(a, "host"));
}

// Findings of the seat's investigations, each with the actions it suggests.
void DrawFindings(App& app)
{
    const json& view = app.View();
    const json& findings = view["findings"].is_array() ? view["findings"] : json::array();
    if (findings.empty()) {
        ImGui::TextDisabled("No investigation finished yet.");
        return;
    }
    for (int i = (int)findings.size() - 1; i >= 0; --i) {
        const json& f = findings[i];
        const std::string host = Str(f, "host");
        ImGui::PushID(i);
        const bool bad = f.value("compromised", false);
        ImGui::TextColored(bad ? ImVec4(1, 0.45f, 0.45f, 1) : ImVec4(0.55f, 0.95f, 0.60f, 1), "%s %s", host.c_str(),
                           bad ? "COMPROMISED" : "clean");
        ImGui::SameLine();
        ImGui::TextDisabled("(%s)", ClockText(f.value("time", 0)).c_str());
        if (bad) {
            ImGui::SameLine();
            if (ImGui::SmallButton("select")) app.selected_host = host;
            if (f.value("persistence_found", false)) ImGui::BulletText("persistence found: only a reimage removes it");
            for (const auto& c : f["credentials_exposed"]) {
                ImGui::BulletText("credential exposed: %s", c.get<std::string>().c_str());
                ImGui::SameLine();
                if (ImGui::SmallButton(("reset##" + c.get<std::string>()).c_str())) app.Act(bd::CommandKind::ResetCredential, c.get<std::string>());
            }
            for (const auto& c : f["indicators"]) {
                ImGui::BulletText("C2 indicator: %s", c.get<std::string>().c_str());
                ImGui::SameLine();
                if (ImGui::SmallButton(("block##" + c.get<std::string>()).c_str())) app.Act(bd::CommandKind::BlockIndicator, c.get<std::string>());
            }
            for (const auto& c : f["linked_hosts"]) {
                ImGui::BulletText("logons linked to %s", c.get<std::string>().c_str());
                ImGui::SameLine();
                if (ImGui::SmallButton(("investigate##" + c.get<std::string>()).c_str())) app.Act(bd::CommandKind::InvestigateHost, c.get<std::string>());
            }
            for (const auto& c : f["data_touched"]) ImGui::BulletText("data staged from %s", c.get<std::string>().c_str());
        }
        ImGui::PopID();
    }
}

// Reporting obligations: the buttons for NIS2 and GDPR notifications.
void DrawNotifyButtons(App& app)
{
    const auto& regimes = app.sim()->scenario().regimes;
    auto has = [&](const char* r) { return std::find(regimes.begin(), regimes.end(), r) != regimes.end(); };
    if (has("nis2")) {
        if (ImGui::SmallButton("NIS2 early warning")) app.Act(bd::CommandKind::NotifyAuthority, "", "nis2", "early_warning");
        ImGui::SameLine();
        if (ImGui::SmallButton("NIS2 notification")) app.Act(bd::CommandKind::NotifyAuthority, "", "nis2", "notification");
        ImGui::SameLine();
        if (ImGui::SmallButton("NIS2 final report")) app.Act(bd::CommandKind::NotifyAuthority, "", "nis2", "final_report");
    }
    if (has("gdpr")) {
        if (has("nis2")) ImGui::SameLine();
        if (ImGui::SmallButton("GDPR notification")) app.Act(bd::CommandKind::NotifyAuthority, "", "gdpr", "notification");
    }
}

// Tickets addressed to the seat, with "do it" and "reject".
void DrawTicketQueue(App& app)
{
    const json& view = app.View();
    const std::string me = bd::TeamName(app.role);
    int open = 0;
    for (const auto& t : view["tickets"]) {
        if (Str(t, "to") != me || Str(t, "status") != "open") continue;
        ++open;
        const int id = t.value("id", -1);
        ImGui::PushID(id);
        ImGui::TextColored(TeamColor(Str(t, "from") == "secops" ? Team::SecOps : Team::ITOps), "#%d from %s", id, Str(t, "from").c_str());
        ImGui::SameLine();
        ImGui::Text("%s %s", Str(t, "action").c_str(), Str(t, "target").c_str());
        ImGui::SameLine();
        ImGui::TextDisabled("(%s ago)", ShortDuration(app.Now() - t.value("created", 0)).c_str());
        if (!Str(t, "reason").empty()) ImGui::TextWrapped("   \"%s\"", Str(t, "reason").c_str());
        const auto kind = bd::ParseCommandKind(Str(t, "action"));
        if (kind && ImGui::SmallButton("Do it")) app.Act(*kind, Str(t, "target"), "", "", false, {}, id);
        ImGui::SameLine();
        if (ImGui::SmallButton("Reject")) app.Act(bd::CommandKind::CloseTicket, std::to_string(id), "rejected", "not now");
        ImGui::PopID();
    }
    if (open == 0) ImGui::TextDisabled("No open requests for your team.");
}

void DrawSecOpsConsole(App& app)
{
    const json& view = app.View();
    static uint64_t counted_for = (uint64_t)-1;
    static int fresh = 0;
    if (counted_for != app.ViewGeneration()) { // once per view, not per frame
        fresh = 0;
        for (const auto& a : view["alerts"])
            if (Str(a, "status") == "new" && Str(a, "team") == "secops") ++fresh;
        counted_for = app.ViewGeneration();
    }
    ImGui::TextColored(TeamColor(Team::SecOps), "SIEM / EDR");
    ImGui::SameLine();
    ImGui::Text("%d alerts to triage", fresh);
    if (app.SeatIsAutopilot(Team::SecOps)) {
        ImGui::SameLine();
        ImGui::TextDisabled("(autopilot seat)");
    }
    DrawAlertQueue(app, "secops_alerts", false);
    ImGui::Separator();
    DrawSelectedAlert(app);
    ImGui::Separator();
    if (ImGui::BeginTabBar("secops_tabs")) {
        if (ImGui::BeginTabItem("Findings")) { DrawFindings(app); ImGui::EndTabItem(); }
        if (ImGui::BeginTabItem("Requests to SecOps")) { DrawTicketQueue(app); ImGui::EndTabItem(); }
        if (ImGui::BeginTabItem("Report")) {
            ImGui::TextWrapped("Declare the incident from the host panel (it names the host). Notify the authorities here: "
                               "NIS2 wants an early warning within 24 h of becoming aware and a notification within 72 h; "
                               "GDPR a notification within 72 h of a personal-data breach.");
            DrawNotifyButtons(app);
            ImGui::EndTabItem();
        }
        ImGui::EndTabBar();
    }
}

} // namespace bdui
