// panel_secops.cpp: the SecOps console: the SIEM/EDR alert queue (sortable, filterable), the
// selected alert, findings with the actions they suggest, requests from ITOps, and notifications.
#include "alert_groups.h"
#include "panels.h"

#include <SFML/Window/Keyboard.hpp>
#include <algorithm>
#include <chrono>
#include <cctype>
#include <cstdio>
#include <set>

namespace bdui {

using nlohmann::json;

namespace {

// The rows of an alert queue (indices into Seat().alerts), filtered and sorted, and what they were
// built for. A filter or sort change rebuilds them; new alerts are filtered, sorted as a batch and
// merged in; a triage only takes rows out. So a frame costs the new alerts, not the 100,000 old ones.
struct QueueState {
    char filter[64] = "";
    int min_severity = 1;
    bool show_triaged = false;
    int sort_column = 0;
    bool sort_ascending = false;
    std::vector<int> rows;
    std::vector<int> merge_scratch; // MergeSortedBatch's other buffer (swapped with rows)
    // What the rows were built for.
    const bd::SeatView* seat = nullptr;
    uint64_t rebuilt = (uint64_t)-1, statuses_changed = 0;
    size_t host_rows = 0;
    size_t alerts_read = 0; // rows of Seat().alerts looked at
    std::string built_filter;
    int built_severity = 0, built_column = -1;
    bool built_triaged = false, built_ascending = false, built_converged = false;
    Team built_role = Team::Engine;
    std::vector<int32_t> host_rank; // per row of Seat().hosts: its place in the order of host ids
    int focused = -1;               // the alert whose row has the keyboard focus (arrow keys move it)
    // Rows folded by rule (alert_groups.h): regrouped when the rows or their statuses changed.
    bool grouped = true;
    AlertGrouper grouper;
    AlertGroups groups;
    uint64_t rows_version = 0, grouped_for = (uint64_t)-1;
    uint64_t structure_version = 0;     // grows when the rows were rebuilt (filter, sort, seat) or triaged: regroup at once
    uint64_t grouped_structure = (uint64_t)-1;
    std::chrono::steady_clock::time_point grouped_at;
    uint64_t view_seen = (uint64_t)-1;  // App::ViewGeneration() at the last grouped frame
    // Alerts with a note, and rules with a group note (App::AllNotes), for the mark in their rows.
    std::set<int> noted;
    std::set<int32_t> noted_rules;
    uint64_t noted_for = (uint64_t)-1;
    int group_of_selected_for = -2;     // the selected alert, groups and grouping the App's selected_group was made for
    uint64_t group_selection_version = (uint64_t)-1;
    bool group_selection_grouped = false;
};

// The mark before a row's text: the alert (or its group) has a note; hovering it shows the notes.
void NoteMark(App& app, int alert)
{
    ImGui::TextColored(ImVec4(0.95f, 0.80f, 0.45f, 1), "[note]");
    if (ImGui::IsItemHovered()) {
        std::string text;
        for (const App::NoteRow& n : app.NotesOn(alert)) text += (text.empty() ? "" : "\n") + ShortClock(n.time) + "  " + n.text;
        ImGui::SetTooltip("%s", text.c_str());
    }
    ImGui::SameLine();
}

// The alerts and rules with notes, again when the view changed (notes are few: a pass over them).
void UpdateNoted(App& app, QueueState& q, const bd::SeatView& seat)
{
    if (q.noted_for == app.ViewGeneration()) return;
    q.noted_for = app.ViewGeneration();
    q.noted.clear();
    q.noted_rules.clear();
    for (const App::NoteRow& n : app.AllNotes()) {
        if (n.alert < 0) continue;
        q.noted.insert(n.alert);
        if (n.group) q.noted_rules.insert(q.grouper.RuleOf(seat.RowOfAlert(n.alert)));
    }
}

// Case-insensitive search of a lowercase needle, without copying the haystack.
bool ContainsNoCase(const std::string& hay, const std::string& needle)
{
    if (needle.empty()) return true;
    const auto it = std::search(hay.begin(), hay.end(), needle.begin(), needle.end(),
                                [](char a, char b) { return std::tolower((unsigned char)a) == b; });
    return it != hay.end();
}

bool Matches(const bd::SeatView& seat, const bd::SeatAlert& a, const QueueState& q, const std::string& needle)
{
    if (a.severity < q.min_severity) return false;
    if (!q.show_triaged && a.status != bd::AlertStatus::New) return false;
    if (needle.rfind("host:", 0) == 0) { // "host:ws-01": that host exactly (not ws-010)
        const std::string& host = seat.HostIdOf(a);
        return host.size() == needle.size() - 5 && ContainsNoCase(host, needle.substr(5));
    }
    if (!needle.empty() && !ContainsNoCase(a.summary, needle) && !ContainsNoCase(seat.HostIdOf(a), needle) &&
        !ContainsNoCase(a.technique_name, needle))
        return false;
    return true;
}

// The filter line: text, lowest severity, and whether triaged alerts are shown.
void DrawQueueFilters(App& app, QueueState& q)
{
    ImGui::SetNextItemWidth(160);
    if (!app.filter_to.empty()) { // "show them" in the host panel
        std::snprintf(q.filter, sizeof q.filter, "host:%s", app.filter_to.c_str());
        q.show_triaged = true;
        app.filter_to.clear();
    }
    if (app.focus_filter) { // the / key
        ImGui::SetKeyboardFocusHere();
        app.focus_filter = false;
    }
    ImGui::InputTextWithHint("##filter", "filter: host, technique", q.filter, sizeof q.filter);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Any part of the host, the technique or the summary; host:ws-01 for that host alone");
    // On a narrow panel (1024x600) what does not fit goes to the next line, not under the edge.
    const ImGuiStyle& style = ImGui::GetStyle();
    auto next_fits = [&](float w) {
        const float right = ImGui::GetItemRectMax().x + style.ItemSpacing.x + w;
        if (right <= ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x) ImGui::SameLine();
    };
    auto checkbox_w = [&](const char* label) { return ImGui::GetFrameHeight() + style.ItemInnerSpacing.x + ImGui::CalcTextSize(label).x; };
    next_fits(90);
    ImGui::SetNextItemWidth(90);
    const char* sev[] = {"all", "medium+", "high+", "critical"};
    int sev_index = q.min_severity - 1;
    if (ImGui::Combo("##sev", &sev_index, sev, 4)) q.min_severity = sev_index + 1;
    next_fits(checkbox_w("triaged too"));
    ImGui::Checkbox("triaged too", &q.show_triaged);
    next_fits(checkbox_w("group"));
    ImGui::Checkbox("group", &q.grouped);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Alerts of one rule (sensor, technique, summary) as one row with a count, triaged together");
}

// The columns, and the sort the user picked (a click on a header).
void SetupQueueTable(QueueState& q, bool symptoms)
{
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
}

// The host column sorts by host id: ranks computed once per change of the seat's hosts.
// (Host ids never change: the ranks change only when rows appear.)
void UpdateHostRanks(QueueState& q, const App& app, const bd::SeatView& seat)
{
    if (q.seat != &seat || q.rebuilt != seat.rebuilt || q.built_role != app.role || q.host_rank.size() != seat.hosts.size()) {
        std::vector<int32_t> order(seat.hosts.size());
        for (size_t r = 0; r < order.size(); ++r) order[r] = (int32_t)r;
        std::sort(order.begin(), order.end(), [&](int32_t x, int32_t y) { return seat.hosts[x].id < seat.hosts[y].id; });
        q.host_rank.assign(order.size(), 0);
        for (size_t k = 0; k < order.size(); ++k) q.host_rank[order[k]] = (int32_t)k;
    }
}

// The rows for this frame: rebuilt when the filter, the sort or the seat changed; else the new
// alerts merged in and triaged ones taken out.
void UpdateRows(QueueState& q, const App& app, const bd::SeatView& seat, bool symptoms, bool converged, Team own)
{
    const auto& alerts = seat.alerts;
    auto host_rank = [&](const bd::SeatAlert& a) {
        const int32_t r = seat.RowOfHost(a.host);
        return r >= 0 && r < (int32_t)q.host_rank.size() ? q.host_rank[r] : -1; // no host: "" sorts first
    };
    // Integer keys but for the text column; ties broken by id, newest first (a total order).
    auto before = [&](int x, int y) {
        const bd::SeatAlert &a = alerts[x], &b = alerts[y];
        int c = 0;
        switch (q.sort_column) {
        case 1: c = a.time < b.time ? -1 : a.time > b.time; break;
        case 2: c = a.severity - b.severity; break;
        case 3: c = host_rank(a) - host_rank(b); break;
        case 4: c = (symptoms || a.technique.empty() ? a.summary : a.technique_name)
                        .compare(symptoms || b.technique.empty() ? b.summary : b.technique_name);
                break;
        default: c = a.id < b.id ? -1 : a.id > b.id; break;
        }
        if (c == 0) return a.id > b.id;
        return q.sort_ascending ? c < 0 : c > 0;
    };
    std::string needle = q.filter;
    std::transform(needle.begin(), needle.end(), needle.begin(), [](unsigned char ch) { return (char)std::tolower(ch); });
    auto wanted = [&](int i) {
        const bd::SeatAlert& a = alerts[i];
        return (converged || a.team == own) && Matches(seat, a, q, needle);
    };
    const bool full = q.seat != &seat || q.rebuilt != seat.rebuilt || q.built_role != app.role || q.built_filter != q.filter ||
                      q.built_severity != q.min_severity || q.built_triaged != q.show_triaged ||
                      q.built_column != q.sort_column || q.built_ascending != q.sort_ascending ||
                      q.built_converged != converged || q.alerts_read > alerts.size() ||
                      (q.sort_column == 3 && q.host_rows != seat.hosts.size());
    if (full || q.statuses_changed != seat.statuses_changed || q.alerts_read < alerts.size()) ++q.rows_version;
    if (full || q.statuses_changed != seat.statuses_changed) ++q.structure_version;
    if (full) {
        q.rows.clear();
        for (int i = 0; i < (int)alerts.size(); ++i)
            if (wanted(i)) q.rows.push_back(i);
        std::sort(q.rows.begin(), q.rows.end(), before);
    } else {
        if (q.statuses_changed != seat.statuses_changed && !q.show_triaged) // triaged alerts leave the queue
            std::erase_if(q.rows, [&](int i) { return alerts[i].status != bd::AlertStatus::New; });
        if (q.alerts_read < alerts.size()) {
            const size_t old = q.rows.size();
            for (int i = (int)q.alerts_read; i < (int)alerts.size(); ++i)
                if (wanted(i)) q.rows.push_back(i);
            std::sort(q.rows.begin() + (long)old, q.rows.end(), before);
            MergeSortedBatch(q.rows, old, before, q.merge_scratch);
        }
    }
    q.seat = &seat;
    q.built_role = app.role;
    q.rebuilt = seat.rebuilt;
    q.statuses_changed = seat.statuses_changed;
    q.host_rows = seat.hosts.size();
    q.alerts_read = alerts.size();
    q.built_filter = q.filter;
    q.built_severity = q.min_severity;
    q.built_triaged = q.show_triaged;
    q.built_column = q.sort_column;
    q.built_ascending = q.sort_ascending;
    q.built_converged = converged;
}

// A queue row's selectable cell: a click, or the keyboard focus arriving on it, selects the alert
// (and its host).
void SelectableRow(App& app, QueueState& q, const char* label, bool selected, int alert, const std::string& host)
{
    const bool clicked = ImGui::Selectable(label, selected, ImGuiSelectableFlags_SpanAllColumns);
    const bool focus_moved = ImGui::IsItemFocused() && q.focused != alert;
    if (clicked || focus_moved) {
        app.selected_alert = alert;
        app.selected_host = host;
    }
    if (ImGui::IsItemFocused()) q.focused = alert;
}

// The visible rows; a click on one selects the alert and its host.
void DrawQueueRows(App& app, QueueState& q, const bd::SeatView& seat, const char* id, bool symptoms)
{
    const auto& alerts = seat.alerts;
    ImGuiListClipper clipper; // only the visible rows are drawn: 100,000 alerts stay cheap
    clipper.Begin((int)q.rows.size());
    while (clipper.Step()) {
        for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
            const bd::SeatAlert& a = alerts[q.rows[r]];
            const std::string& host = seat.HostIdOf(a);
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            char label[32];
            std::snprintf(label, sizeof label, "%d##%s", a.id, id);
            // The selection follows the keyboard focus when it moves (arrow keys, Page Up/Down): T and F
            // act on the row that is highlighted. A selection made elsewhere is kept until it moves again.
            SelectableRow(app, q, label, app.selected_alert == a.id, a.id, host);
            ImGui::TableNextColumn();
            CellText(ShortClock(a.time), ImVec4(0, 0, 0, 0), ClockText(a.time));
            ImGui::TableNextColumn();
            CellText(SeverityName(a.severity), SeverityColor(a.severity));
            ImGui::TableNextColumn();
            CellText(host);
            ImGui::TableNextColumn();
            if (q.noted.count(a.id)) NoteMark(app, a.id);
            const std::string& text = symptoms || a.technique.empty() ? a.summary : a.technique_name;
            const float cell = ImGui::GetContentRegionAvail().x;
            if (a.status == bd::AlertStatus::New) ImGui::TextUnformatted(text.c_str());
            else ImGui::TextDisabled("%s  [%s]", text.c_str(), a.status == bd::AlertStatus::TruePositive ? "real" : "false alarm");
            TooltipIfClipped(text, cell, text == a.summary ? text : text + "\n" + a.summary);
        }
    }
}

// The visible groups (q.grouped): one row per rule with its count; a click selects the group (its
// newest-sorted alert shows in the panel below, and T/F triage every alert of it).
void DrawGroupRows(App& app, QueueState& q, const bd::SeatView& seat, const char* id, bool symptoms)
{
    const auto& alerts = seat.alerts;
    ImGuiListClipper clipper;
    clipper.Begin((int)q.groups.groups.size());
    while (clipper.Step()) {
        for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
            const AlertGroup& g = q.groups.groups[r];
            const bd::SeatAlert& a = alerts[q.groups.FirstRow(g)];
            const std::string& host = seat.HostIdOf(a);
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            char label[48];
            std::snprintf(label, sizeof label, "%d##%s", a.id, id);
            const bool selected = app.selected_alert == a.id || (g.size > 1 && q.grouper.RuleOf(seat.RowOfAlert(app.selected_alert)) == g.rule);
            SelectableRow(app, q, label, selected, a.id, g.hosts == 1 ? host : std::string());
            ImGui::TableNextColumn();
            CellText(ShortClock(a.time), ImVec4(0, 0, 0, 0), ClockText(a.time));
            ImGui::TableNextColumn();
            CellText(SeverityName(g.max_severity), SeverityColor(g.max_severity));
            ImGui::TableNextColumn();
            if (g.hosts <= 1) CellText(host);
            else CellTextDisabled(bd::CountOf(g.hosts, "host"));
            ImGui::TableNextColumn();
            const std::string& text = symptoms || a.technique.empty() ? a.summary : a.technique_name;
            if (q.noted_rules.count(g.rule) || (g.size == 1 && q.noted.count(a.id))) NoteMark(app, a.id);
            if (g.size > 1) {
                ImGui::TextColored(ImVec4(0.95f, 0.80f, 0.45f, 1), "x%d", g.size);
                ImGui::SameLine();
            }
            const float cell = ImGui::GetContentRegionAvail().x;
            if (g.fresh > 0) ImGui::TextUnformatted(text.c_str());
            else ImGui::TextDisabled("%s  [triaged]", text.c_str());
            if (ImGui::IsItemHovered() && g.size > 1)
                ImGui::SetTooltip("%s\n%d alerts of this rule, %d not triaged, on %s", a.summary.c_str(), g.size, g.fresh, bd::CountOf(g.hosts, "host").c_str());
            else if (g.size == 1)
                TooltipIfClipped(text, cell, text == a.summary ? text : text + "\n" + a.summary);
        }
    }
}

// The App's selected_group: the alert ids of the selected alert's group, made again only when the
// selection or the groups changed (a group may hold thousands).
void UpdateSelectedGroup(App& app, QueueState& q, const bd::SeatView& seat)
{
    if (q.group_of_selected_for == app.selected_alert && q.group_selection_version == q.grouped_for && q.group_selection_grouped == q.grouped)
        return;
    q.group_of_selected_for = app.selected_alert;
    q.group_selection_version = q.grouped_for;
    q.group_selection_grouped = q.grouped;
    app.selected_group.clear();
    if (!q.grouped) return;
    const int32_t rule = q.grouper.RuleOf(seat.RowOfAlert(app.selected_alert));
    for (const auto& g : q.groups.groups)
        if (g.rule == rule && g.size > 1) {
            for (int row : q.groups.RowsOf(g)) app.selected_group.push_back(seat.alerts[row].id);
            break;
        }
}

} // namespace

// The alert queue of the current seat; shared with the ITOps console for its monitoring alerts.
void DrawAlertQueue(App& app, const char* id, bool symptoms)
{
    static QueueState states[2];
    QueueState& q = states[symptoms ? 1 : 0];
    const bd::SeatView& seat = app.Seat();
    const auto& alerts = seat.alerts;
    const Team own = symptoms ? Team::ITOps : Team::SecOps;
    // The view holds the other team's alerts only with shared tools (converged): show them too.
    const bool converged = Str(app.View(), "org") == "converged";

    DrawQueueFilters(app, q);

    const ImGuiTableFlags flags = ImGuiTableFlags_Sortable | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                                  ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_Resizable | ImGuiTableFlags_SizingFixedFit;
    const float height = ImGui::GetContentRegionAvail().y * (symptoms ? 0.40f : 0.45f);
    if (ImGui::BeginTable(id, 5, flags, ImVec2(0, height))) {
        SetupQueueTable(q, symptoms);
        UpdateHostRanks(q, app, seat);
        UpdateRows(q, app, seat, symptoms, converged, own);
        if (q.grouped) q.grouper.Learn(seat);
        UpdateNoted(app, q, seat);
        if (q.grouped) {
            // Regrouping costs a pass over the rows (about 2 ms for 95,000 on the 2-core machine):
            // at once when the rows were rebuilt or triaged, or the clock is paused; while it runs,
            // new alerts join their groups at most once a second (bench/README.md, frame time).
            // Nor in a frame that refreshed the view (its new rows were just merged in): the two
            // passes in one frame made the slowest frames (p99 10 ms, bench/README.md).
            const auto now = std::chrono::steady_clock::now();
            const bool running = app.speed > 0 && !app.Over();
            const bool view_refreshed = q.view_seen != app.ViewGeneration();
            if (q.grouped_for != q.rows_version &&
                (q.grouped_structure != q.structure_version || !running || (!view_refreshed && now - q.grouped_at >= std::chrono::seconds(1)))) {
                q.grouper.Group(seat, q.rows, !q.show_triaged, q.groups);
                q.grouped_for = q.rows_version;
                q.grouped_structure = q.structure_version;
                q.grouped_at = now;
            }
            q.view_seen = app.ViewGeneration();
            DrawGroupRows(app, q, seat, id, symptoms);
        } else {
            DrawQueueRows(app, q, seat, id, symptoms);
        }
        ImGui::EndTable();
    }
    UpdateSelectedGroup(app, q, seat);
    if (q.grouped)
        ImGui::TextDisabled("%s shown of %s, in %s", bd::FormatCount((int64_t)q.rows.size()).c_str(), bd::CountOf((int64_t)alerts.size(), "alert").c_str(),
                            bd::CountOf((int64_t)q.groups.groups.size(), "group").c_str());
    else
        ImGui::TextDisabled("%s shown of %s", bd::FormatCount((int64_t)q.rows.size()).c_str(), bd::CountOf((int64_t)alerts.size(), "alert").c_str());
}

// What the tool shows about the alert (engine/attack/evidence.h): the fields its telemetry has, as a
// tool's detail pane lays them out, and how many alerts like it this seat has had on the host.
void DrawEvidence(const bd::SeatAlert& a)
{
    const bd::AlertEvidence& e = a.evidence;
    const std::pair<const char*, const std::string*> fields[] = {
        {"seen as", &e.data_component}, {"user", &e.user}, {"process", &e.process}, {"parent", &e.parent},
        {"command line", &e.command_line}, {"file", &e.file}, {"source", &e.source}, {"destination", &e.destination},
        {"detail", &e.detail}};
    if (!ImGui::BeginTable("evidence", 2, ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_RowBg)) return;
    ImGui::TableSetupColumn("field", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
    for (const auto& [label, value] : fields) {
        if (value->empty()) continue;
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        ImGui::TextDisabled("%s", label);
        ImGui::TableSetColumnIndex(1);
        ImGui::TextWrapped("%s", value->c_str());
    }
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    ImGui::TextDisabled("similar");
    ImGui::TableSetColumnIndex(1);
    if (a.similar > 1) ImGui::Text("#%d of its kind on this host (%d before it)", a.similar, a.similar - 1);
    else ImGui::Text("the first of its kind on this host");
    ImGui::EndTable();
}

// The selected alert: what it says, and triage.
void DrawSelectedAlert(App& app)
{
    const bd::SeatView& seat = app.Seat();
    const int32_t row = seat.RowOfAlert(app.selected_alert); // a binary search, not a scan of 100,000 rows
    if (row < 0) {
        ImGui::TextDisabled("Select an alert to triage it.");
        return;
    }
    const bd::SeatAlert& a = seat.alerts[row];
    const std::string& host = seat.HostIdOf(a);
    ImGui::TextColored(SeverityColor(a.severity), "Alert %d  %s", a.id, SeverityName(a.severity));
    ImGui::SameLine();
    ImGui::TextDisabled("from %s at %s", a.sensor.c_str(), ClockText(a.time).c_str());
    ImGui::TextWrapped("%s", a.summary.c_str());
    if (!a.technique.empty()) ImGui::TextDisabled("ATT&CK %s", a.technique_name.c_str());
    DrawEvidence(a);
    const std::string id = std::to_string(a.id);
    // A key acts only where its button would: greyed is greyed for the keyboard too.
    const bool keys = !ImGui::GetIO().WantTextInput;
    if (app.selected_group.size() > 1) {
        // A group: its verdict is given to every alert of it not triaged yet.
        int fresh = 0;
        for (bd::AlertId gid : app.selected_group) {
            const int32_t r = seat.RowOfAlert(gid);
            fresh += r >= 0 && seat.alerts[r].status == bd::AlertStatus::New;
        }
        ImGui::TextColored(ImVec4(0.95f, 0.80f, 0.45f, 1), "Group of %s, %d not triaged", bd::CountOf((int64_t)app.selected_group.size(), "alert").c_str(), fresh);
        const std::string why = fresh == 0 ? "every alert of the group is triaged" : "";
        if (ActionButton("All real (T)", why) || (keys && why.empty() && ImGui::IsKeyPressed(sf::Keyboard::T))) app.TriageAll(app.selected_group, true);
        ImGui::SameLine();
        if (ActionButton("All false alarms (F)", why) || (keys && why.empty() && ImGui::IsKeyPressed(sf::Keyboard::F))) app.TriageAll(app.selected_group, false);
        ImGui::SameLine();
        const std::string why_look = host.empty() ? "the alert names no host" : app.WhyNot(bd::CommandKind::InvestigateHost, host);
        if (ActionButton("Investigate this host (I)", why_look) || (keys && why_look.empty() && ImGui::IsKeyPressed(sf::Keyboard::I)))
            app.Act(bd::CommandKind::InvestigateHost, host);
        DrawAlertNotes(app, a.id, true);
        return;
    }
    const std::string why_real = app.WhyNot(bd::CommandKind::TriageAlert, id, "true_positive");
    const std::string why_false = app.WhyNot(bd::CommandKind::TriageAlert, id, "false_positive");
    if (ActionButton("Real (T)", why_real) || (keys && why_real.empty() && ImGui::IsKeyPressed(sf::Keyboard::T)))
        app.Act(bd::CommandKind::TriageAlert, id, "true_positive");
    ImGui::SameLine();
    if (ActionButton("False alarm (F)", why_false) || (keys && why_false.empty() && ImGui::IsKeyPressed(sf::Keyboard::F)))
        app.Act(bd::CommandKind::TriageAlert, id, "false_positive");
    ImGui::SameLine();
    const std::string why_look = host.empty() ? "the alert names no host" : app.WhyNot(bd::CommandKind::InvestigateHost, host);
    if (ActionButton("Investigate host (I)", why_look) || (keys && why_look.empty() && ImGui::IsKeyPressed(sf::Keyboard::I)))
        app.Act(bd::CommandKind::InvestigateHost, host);
    DrawAlertNotes(app, a.id, false);
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
    const auto regimes = app.Regimes();
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

namespace {
ImVec4 TicketStateColor(const std::string& state)
{
    if (state == "new") return ImVec4(0.95f, 0.80f, 0.45f, 1);
    if (state == "in progress") return ImVec4(0.55f, 0.75f, 1.0f, 1);
    if (state == "done") return ImVec4(0.55f, 0.95f, 0.60f, 1);
    return ImVec4(1, 0.45f, 0.45f, 1); // rejected
}

// One ticket addressed to the seat: its request, its state, and the answers this team can give
// (App::OfferFor: "Do it" when the team may issue the action, "Agree" when only the asking team may).
void DrawIncomingTicket(App& app, const json& t)
{
    const int id = t.value("id", -1);
    const TicketOffer offer = app.OfferFor(id);
    ImGui::PushID(id);
    ImGui::TextColored(TicketStateColor(offer.state), "[%s]", offer.state.c_str());
    ImGui::SameLine();
    ImGui::TextColored(TeamColor(Str(t, "from") == "secops" ? Team::SecOps : Team::ITOps), "#%d from %s", id, Str(t, "from").c_str());
    ImGui::SameLine();
    ImGui::Text("%s %s", Str(t, "action").c_str(), Str(t, "target").c_str());
    ImGui::SameLine();
    ImGui::TextDisabled("(%s ago)", ShortDuration(app.Now() - t.value("created", 0)).c_str());
    if (!Str(t, "reason").empty()) ImGui::TextWrapped("   \"%s\"", Str(t, "reason").c_str());
    if (offer.reply != TicketReply::None) {
        if (ActionButton(offer.label.c_str(), offer.why_not)) app.AnswerTicket(id);
        if (offer.why_not.empty() && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", offer.what.c_str());
        ImGui::SameLine();
    } else if (!offer.why_not.empty()) {
        ImGui::TextDisabled("%s", offer.why_not.c_str());
        ImGui::SameLine();
    }
    static char reason[160] = "";
    if (ActionButton("Reject...", offer.can_reject ? "" : "the work on it is under way")) {
        reason[0] = 0;
        ImGui::OpenPopup("reject");
    }
    if (ImGui::BeginPopup("reject")) {
        ImGui::Text("Reject ticket #%d: why? (the team that asked reads it)", id);
        ImGui::SetNextItemWidth(360);
        if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
        const bool enter = ImGui::InputTextWithHint("##why", "e.g. not before the change window at 22:00", reason, sizeof reason,
                                                    ImGuiInputTextFlags_EnterReturnsTrue);
        if (ActionButton("Reject", reason[0] ? "" : "say why first") || (enter && reason[0])) {
            app.RejectTicket(id, reason);
            ImGui::CloseCurrentPopup();
        }
        ImGui::SameLine();
        if (ImGui::Button("Cancel")) ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
    }
    ImGui::PopID();
}
} // namespace

// Tickets: those addressed to the seat (open ones first, with their answers), then the requests
// it sent and what became of them.
void DrawTicketQueue(App& app)
{
    const json& view = app.View();
    const std::string me = bd::TeamName(app.role);
    int open = 0;
    for (const auto& t : view["tickets"]) {
        if (Str(t, "to") != me || Str(t, "status") != "open") continue;
        ++open;
        DrawIncomingTicket(app, t);
    }
    if (open == 0) ImGui::TextDisabled("No open requests for your team.");
    ImGui::Spacing();
    ImGui::TextDisabled("Sent by your team, and answered to it:");
    int shown = 0;
    for (auto it = view["tickets"].rbegin(); it != view["tickets"].rend() && shown < 50; ++it) {
        const json& t = *it;
        const bool sent = Str(t, "from") == me;
        if (!sent && (Str(t, "to") != me || Str(t, "status") == "open")) continue;
        ++shown;
        std::string state = Str(t, "status") == "open" ? "new" : Str(t, "status");
        for (const auto& w : view.value("work", json::array()))
            if (state == "new" && w.value("ticket", -1) == t.value("id", -1)) state = "in progress";
        ImGui::TextColored(TicketStateColor(state), "[%s]", state.c_str());
        ImGui::SameLine();
        ImGui::Text("#%d %s %s %s", t.value("id", -1), sent ? "to" : "from", Str(t, sent ? "to" : "from").c_str(),
                    (Str(t, "action") + " " + Str(t, "target")).c_str());
        if (!Str(t, "answer").empty()) {
            ImGui::SameLine();
            ImGui::TextDisabled("- %s", Str(t, "answer").c_str());
        }
    }
    if (shown == 0) ImGui::TextDisabled("  none yet");
}

void DrawSecOpsConsole(App& app)
{
    const int fresh = app.Seat().tally.fresh[1]; // kept by the seat view, not counted per frame
    ImGui::TextColored(TeamColor(Team::SecOps), "SIEM / EDR");
    ImGui::SameLine();
    ImGui::Text("%s to triage", bd::CountOf(fresh, "alert").c_str());
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
        char tickets_label[48];
        int open = 0;
        for (const auto& t : app.View()["tickets"]) open += Str(t, "to") == "secops" && Str(t, "status") == "open";
        std::snprintf(tickets_label, sizeof tickets_label, "Tickets (%d)###tickets", open);
        if (ImGui::BeginTabItem(tickets_label, nullptr, app.open_tab == "Tickets" ? ImGuiTabItemFlags_SetSelected : 0)) {
            if (app.open_tab == "Tickets") app.open_tab.clear();
            DrawTicketQueue(app);
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
