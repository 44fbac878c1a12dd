// editor_panel.cpp: the scenario editor's screen: the tabs of the document's tables and forms (drawn
// by editor_tables.cpp), the problems listed, the path report beside the campaign, Save, Undo and
// Redo, and the play test's outcome. The logic is in editor_model.cpp; this file only draws and
// forwards edits.
//
// [SECTION] index: state; the path report; problems; the play test; the screen.
#include "editor_panel.h"

#include "editor_ui.h"
#include "panels.h"
#include "scorecard.h"

#include <imgui_stdlib.h>

#include <algorithm>
#include <cfloat>
#include <cstdlib>
#include <memory>

namespace bdui {

// [SECTION] State

namespace {

std::unique_ptr<EditorUi> g_editor_ui;

// The tab that shows a pointer's cell: its table's tab, else the JSON tab.
std::string EditorTabOf(const std::string& pointer)
{
    const EditorTable* t = EditorTableOf(pointer);
    return t ? t->tab : "JSON";
}

} // namespace

bool OpenEditor(const std::string& ref, std::string* why, const std::string& tab)
{
    auto ui = std::make_unique<EditorUi>();
    if (!ui->ed.Open(ref)) {
        if (why) *why = ui->ed.OpenError();
        return false;
    }
    ui->seen_revision = ui->ed.Revision();
    ui->tab = ui->ed.Parsed() ? tab : "JSON";
    if (tab == "Play test" && ui->ed.Errors() == 0 && ui->ed.Paths()) {
        std::vector<std::string> names;
        for (const auto& st : ui->ed.Paths()->stages) names.push_back(std::to_string(st.number) + ". " + st.name);
        ui->play.Start(ui->ed.Text(), ui->ed.Path(), names, 20, PlayTestInjectNames(ui->ed.Doc()));
        ui->play_revision = ui->ed.Revision();
    }
    g_editor_ui = std::move(ui);
    return true;
}

bool EditorOpen() { return g_editor_ui != nullptr; }

void DrawEditorLauncher(App& app)
{
    static std::string folder, outcome;
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::Text("Or author a scenario");
    ImGui::SetNextItemWidth(-FLT_MIN);
    ImGui::InputTextWithHint("##editfolder", "a scenario folder, e.g. drills/hospital", &folder);
    if (ImGui::Button("Edit a scenario...") && !folder.empty()) {
        outcome.clear();
        OpenEditor(folder, &outcome);
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Opens the folder's scenario.json in the editor: tables, problems at their fields, the attack path, play test.");
    ImGui::SameLine();
    if (ImGui::Button("New from template")) {
        outcome = WriteTemplateScenario(folder);
        if (outcome.empty()) OpenEditor(folder, &outcome);
    }
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Writes the blank template into the folder (as breachdrill new DIR does: a new or empty folder), then opens it.");
    if (!outcome.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, kEditorRed);
        ImGui::TextWrapped("%s", outcome.c_str());
        ImGui::PopStyleColor();
    }
    (void)app;
}

bool EditorBusy()
{
    return g_editor_ui && (g_editor_ui->play.Running() || g_editor_ui->ed.Revision() != g_editor_ui->ed.ValidatedRevision());
}

// [SECTION] The path report

namespace {

void DrawEditorPaths(EditorUi& ui)
{
    ImGui::TextColored(kEditorTitle, "Attack path");
    ImGui::SameLine();
    ImGui::TextDisabled("(breachdrill describe --paths; stages from 1)");
    const auto& paths = ui.ed.Paths();
    if (!paths) {
        ImGui::TextWrapped("The scenario does not load yet: the path appears when the errors are fixed.");
        return;
    }
    if (!ui.ed.PathsCurrent()) ImGui::TextColored(kEditorAmber, "As the scenario last loaded: fix the errors to bring it up to date.");
    ImGui::BeginChild("paths", ImVec2(0, 0), false);
    if (paths->stages.empty()) ImGui::TextWrapped("No campaign: no attacker.");
    for (const auto& st : paths->stages) {
        ImGui::TextColored(st.reachable ? ImVec4(0.9f, 0.9f, 0.9f, 1) : kEditorRed, "%d. %s", st.number, st.name.c_str());
        ImGui::SameLine();
        ImGui::TextDisabled("[%s, %s]", st.action.c_str(), st.technique.c_str());
        ImGui::Indent();
        ImGui::TextWrapped("acts on: %s", st.acts_on.c_str());
        for (const auto& o : st.opens) ImGui::TextWrapped("opened by: %s", o.c_str());
        if (!st.reachable) ImGui::TextColored(kEditorRed, "NOT REACHED: %s", st.why_not.c_str());
        if (st.seen_by.empty()) ImGui::TextColored(kEditorAmber, "seen by: no sensor type observes this technique");
        for (const auto& v : st.seen_by) {
            std::string via;
            for (const auto& c : v.components) via += (via.empty() ? "" : ", ") + c;
            ImGui::TextWrapped("seen by: %s (%s) on %zu of %zu hosts, via %s", v.sensor.c_str(), v.team.c_str(), v.hosts, v.of, via.c_str());
        }
        for (const auto& f : st.fires) ImGui::TextWrapped("fires: %s", f.c_str());
        ImGui::Unindent();
    }
    ImGui::EndChild();
}

// [SECTION] Problems

void DrawEditorProblems(EditorUi& ui, float height)
{
    const size_t errors = ui.ed.Errors(), warnings = ui.ed.Problems().size() - errors;
    ImGui::TextColored(kEditorTitle, "Problems");
    ImGui::SameLine();
    if (errors) ImGui::TextColored(kEditorRed, "%zu error%s", errors, errors == 1 ? "" : "s");
    else ImGui::TextColored(kEditorGreen, "valid: it can be played");
    ImGui::SameLine();
    ImGui::TextDisabled("%zu warning%s (click one to go to its field)", warnings, warnings == 1 ? "" : "s");
    ImGui::BeginChild("problems", ImVec2(0, height), true);
    for (size_t i = 0; i < ui.ed.Problems().size(); ++i) {
        const EditorProblem& p = ui.ed.Problems()[i];
        ImGui::PushID((int)i);
        ImGui::PushStyleColor(ImGuiCol_Text, p.warning ? kEditorAmber : kEditorRed);
        ImGui::PushTextWrapPos(0);
        const std::string line = std::string(p.warning ? "warning " : "") + "[" + p.id + "] " + (p.pointer.empty() ? "/" : p.pointer) + ": " + p.message;
        if (ImGui::Selectable("##p", ui.focus == p.pointer, 0, ImVec2(0, ImGui::CalcTextSize(line.c_str(), nullptr, false, ImGui::GetContentRegionAvail().x).y))) {
            ui.tab = EditorTabOf(p.pointer);
            ui.focus = p.pointer;
            ui.scroll_frames = 2;
        }
        ImGui::SameLine(0, 0);
        ImGui::SetCursorPosX(ImGui::GetStyle().WindowPadding.x);
        ImGui::TextWrapped("%s", line.c_str());
        ImGui::PopTextWrapPos();
        ImGui::PopStyleColor();
        ImGui::PopID();
    }
    ImGui::EndChild();
}

// [SECTION] The play test

std::string EditorTime(const std::optional<double>& t) { return t ? bd::FormatDuration((bd::ScoreTime)*t) : std::string("never"); }

void DrawEditorPlayResult(EditorUi& ui, const PlayTestSummary& r)
{
    if (!r.error.empty()) {
        ImGui::TextColored(kEditorRed, "Did not run: %s", r.error.c_str());
        return;
    }
    if (ui.play_revision != ui.ed.Revision()) ImGui::TextColored(kEditorAmber, "Played on an earlier version of the document: play again.");
    if (!r.headline.empty()) ImGui::TextWrapped("%s", r.headline.c_str());
    if (!r.first_failure.empty()) ImGui::TextColored(kEditorRed, "Some runs failed: %s", r.first_failure.c_str());
    const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingFixedFit;
    if (!ImGui::BeginTable("outcome", 1 + (int)r.profiles.size(), flags, ImVec2(0, 0))) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthStretch);
    for (const auto& p : r.profiles) ImGui::TableSetupColumn(bd::OrgName(p.org), ImGuiTableColumnFlags_WidthFixed, 90 * ImGui::GetIO().FontGlobalScale);
    ImGui::TableHeadersRow();
    auto row = [&](const std::string& label, auto value, const char* help) {
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        const float w = ImGui::GetContentRegionAvail().x;
        ImGui::TextUnformatted(label.c_str());
        if (*help && ImGui::IsItemHovered()) ImGui::SetTooltip("%s: %s", label.c_str(), help);
        else TooltipIfClipped(label, w);
        for (size_t i = 0; i < r.profiles.size(); ++i) {
            ImGui::TableSetColumnIndex((int)i + 1);
            ImGui::TextUnformatted(value(r.profiles[i]).c_str());
        }
    };
    auto frac = [](size_t k, size_t n) { return std::to_string(k) + "/" + std::to_string(n); };
    row("Time to detect (median)", [&](const PlayTestProfile& p) { return EditorTime(p.detect_median); },
        "compare's median over the runs where it is measured (a breach began); a run never detected counts as slower than any");
    row("  never detected", [&](const PlayTestProfile& p) { return frac(p.never_detected, p.runs); }, "");
    row("Time to contain (median)", [&](const PlayTestProfile& p) { return EditorTime(p.contain_median); },
        "from the detection to the containment, compare's median; a run never contained counts as slower than any");
    row("  never contained", [&](const PlayTestProfile& p) { return frac(p.never_contained, p.runs); }, "");
    row("  no breach at all", [&](const PlayTestProfile& p) { return frac(p.no_breach, p.runs); }, "runs where no attacker technique succeeded");
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    ImGui::TextColored(kEditorTitle, "Attacker reached (runs)");
    for (size_t s = 0; s < r.stages.size(); ++s)
        row(r.stages[s], [&](const PlayTestProfile& p) { return frac(s < p.reached.size() ? p.reached[s] : 0, p.runs); },
            "runs where the attacker completed this stage: its effect happened (a lateral move reached its target)");
    if (!r.injects.empty()) {
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        ImGui::TextColored(kEditorTitle, "Injects delivered (runs)");
        for (size_t i = 0; i < r.injects.size(); ++i)
            row(r.injects[i], [&](const PlayTestProfile& p) { return frac(i < p.delivered.size() ? p.delivered[i] : 0, p.runs); },
                "runs in which this inject reached its players (a manual inject only when the facilitator fires it)");
    }
    ImGui::EndTable();
}

void DrawEditorPlayTest(EditorUi& ui)
{
    ImGui::TextColored(kEditorTitle, "Play test");
    ImGui::SameLine();
    ImGui::TextDisabled("(seeds 1..20, siloed and converged, autopilots)");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("what breachdrill compare SCENARIO --seeds 1..20 plays: the same code, the same figures");
    std::string why_not;
    if (ui.play.Running()) why_not = "a play test is running";
    else if (ui.ed.Errors()) why_not = "the scenario has errors: fix them first";
    if (ActionButton("Play test", why_not)) {
        std::vector<std::string> names;
        if (ui.ed.Paths())
            for (const auto& st : ui.ed.Paths()->stages) names.push_back(std::to_string(st.number) + ". " + st.name);
        ui.play.Start(ui.ed.Text(), ui.ed.Path(), names, 20, PlayTestInjectNames(ui.ed.Doc()));
        ui.play_revision = ui.ed.Revision();
    }
    if (!why_not.empty() && !ui.play.Running()) {
        ImGui::SameLine();
        ImGui::TextDisabled("%s", why_not.c_str());
    }
    if (ui.play.Running()) {
        ImGui::SameLine();
        const size_t total = std::max<size_t>(1, ui.play.Total());
        ImGui::ProgressBar((float)ui.play.Done() / (float)total, ImVec2(-FLT_MIN, 0),
                           (std::to_string(ui.play.Done()) + " of " + std::to_string(total) + " runs").c_str());
    }
    if (const auto r = ui.play.Result()) DrawEditorPlayResult(ui, *r);
    else if (!ui.play.Running()) ImGui::TextWrapped("How often the attacker gets where the story says, and how fast each organisation detects and contains it, without leaving the editor. The unsaved document is played.");
}

// [SECTION] The screen

void DrawEditorJsonTab(EditorUi& ui, float height)
{
    if (ui.json_revision != ui.ed.Revision() && !ImGui::IsAnyItemActive()) {
        ui.json_text = ui.ed.Text();
        ui.json_revision = ui.ed.Revision();
    }
    ImGui::TextWrapped("The whole document as Save writes it (keys in the format's order). Edit anything here, keys the tables do not show included, then Apply.");
    if (ImGui::Button("Apply")) ui.json_error = ui.ed.SetText(ui.json_text);
    ImGui::SameLine();
    if (ImGui::Button("Revert to the document")) {
        ui.json_text = ui.ed.Text();
        ui.json_error.clear();
    }
    if (!ui.json_error.empty()) {
        ImGui::SameLine();
        ImGui::TextColored(kEditorRed, "not applied: %s", ui.json_error.c_str());
    }
    ImGui::InputTextMultiline("##json", &ui.json_text, ImVec2(-FLT_MIN, height - ImGui::GetFrameHeightWithSpacing() * 3));
}

void DrawEditorHeader(App& app, EditorUi& ui)
{
    ImGui::TextColored(kEditorAmber, "SCENARIO EDITOR");
    ImGui::SameLine();
    const bd::Scenario* s = ui.ed.Loaded();
    ImGui::TextUnformatted(ui.ed.Path().c_str());
    if (s) {
        ImGui::SameLine();
        ImGui::TextDisabled("%s: %s, %zu hosts, %zu stages", s->id.c_str(), s->title.c_str(), s->world.hosts.size(), s->campaign.stages.size());
    }
    ImGui::SameLine();
    if (ui.ed.Dirty()) ImGui::TextColored(kEditorAmber, "(unsaved changes)");
    else ImGui::TextDisabled("(no unsaved changes)");
    if (ActionButton("Save", ui.ed.Parsed() ? "" : "the file is not JSON yet: fix it in the JSON tab")) {
        if (ui.ed.ChangedOnDisk()) ui.ask_overwrite = true;
        else {
            ui.status = ui.ed.Save();
            ui.status_error = !ui.status.empty();
            if (ui.status.empty()) ui.status = "saved " + ui.ed.Path() + " (the old one is scenario.json.bak)";
        }
    }
    ImGui::SameLine();
    // Ctrl+Z / Ctrl+Y (and Ctrl+Shift+Z) when no text field is being typed into: a field being
    // typed into takes them back itself, key by key, as any text field does.
    const ImGuiIO& io = ImGui::GetIO();
    const bool keys = io.KeyCtrl && !io.WantTextInput && !ImGui::IsPopupOpen(nullptr, ImGuiPopupFlags_AnyPopupId);
    const bool undo_key = keys && !io.KeyShift && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Z));
    const bool redo_key = keys && (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Y)) || (io.KeyShift && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Z))));
    if ((ActionButton("Undo", ui.ed.CanUndo() ? "" : "nothing to undo") || undo_key) && ui.ed.Undo()) ui.status.clear();
    if (ImGui::IsItemHovered() && ui.ed.CanUndo()) ImGui::SetTooltip("Ctrl+Z: take back the last change (%zu kept)", ui.ed.UndoSteps());
    ImGui::SameLine();
    if ((ActionButton("Redo", ui.ed.CanRedo() ? "" : "nothing to redo") || redo_key) && ui.ed.Redo()) ui.status.clear();
    if (ImGui::IsItemHovered() && ui.ed.CanRedo()) ImGui::SetTooltip("Ctrl+Y: make the change taken back again");
    ImGui::SameLine();
    if (ImGui::Button("Back to the start screen")) {
        if (ui.ed.Dirty()) ui.ask_discard = true;
        else g_editor_ui.reset();
    }
    if (!g_editor_ui) return;
    if (!ui.status.empty()) {
        ImGui::SameLine();
        ImGui::TextColored(ui.status_error ? kEditorRed : kEditorGreen, "%s", ui.status.c_str());
    }
    (void)app;
}

void DrawEditorPopups(EditorUi& ui)
{
    if (ui.ask_overwrite) ImGui::OpenPopup("Changed on disk");
    if (ui.ask_discard) ImGui::OpenPopup("Unsaved changes");
    ui.ask_overwrite = ui.ask_discard = false;
    if (ImGui::BeginPopupModal("Changed on disk", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
        ImGui::Text("%s changed on disk since it was opened (another editor, import msel?).", ui.ed.Path().c_str());
        ImGui::Text("Saving writes over those changes (the file as it is now is kept as scenario.json.bak).");
        if (ImGui::Button("Save anyway")) {
            ui.status = ui.ed.Save(true);
            ui.status_error = !ui.status.empty();
            if (ui.status.empty()) ui.status = "saved over the changed file (it is kept as scenario.json.bak)";
            ImGui::CloseCurrentPopup();
        }
        ImGui::SameLine();
        if (ImGui::Button("Cancel")) ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
    }
    if (ImGui::BeginPopupModal("Unsaved changes", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
        ImGui::Text("The document has changes that are not saved.");
        if (ImGui::Button("Discard them")) {
            ImGui::CloseCurrentPopup();
            ImGui::EndPopup();
            g_editor_ui.reset();
            return;
        }
        ImGui::SameLine();
        if (ImGui::Button("Keep editing")) ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
    }
}

void DrawEditorTabs(EditorUi& ui, float height)
{
    static const char* const tabs[] = {"Scenario", "Estate", "Sensors and vulnerabilities", "People and business", "Campaign", "MSEL", "Objectives", "JSON"};
    if (!ImGui::BeginTabBar("editor tabs")) return;
    for (const char* tab : tabs) {
        const bool select = ui.tab == tab;
        if (!ImGui::BeginTabItem(tab, nullptr, select ? ImGuiTabItemFlags_SetSelected : 0)) continue;
        if (select) ui.tab.clear();
        const float h = height - ImGui::GetFrameHeightWithSpacing() * 1.5f;
        if (std::string(tab) == "JSON") DrawEditorJsonTab(ui, h);
        else if (!ui.ed.Parsed()) ImGui::TextWrapped("The file is not JSON yet: fix it in the JSON tab (the problem is listed on the right).");
        else if (std::string(tab) == "Campaign") {
            DrawEditorTab(ui, tab, h * 0.5f);
            ImGui::Separator();
            DrawEditorPaths(ui);
        } else {
            DrawEditorTab(ui, tab, h);
        }
        ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
}

} // namespace

void DrawEditorScreen(App& app)
{
    EditorUi& ui = *g_editor_ui;
    // Live validation, debounced: a moment after the last edit, not at every key.
    const double now = ImGui::GetTime();
    if (ui.ed.Revision() != ui.seen_revision) {
        ui.seen_revision = ui.ed.Revision();
        ui.edited_at = now;
    }
    if (ui.ed.Revision() != ui.ed.ValidatedRevision() && now - ui.edited_at > 0.3) ui.ed.Validate();

    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
    ImGui::Begin("Editor", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoBringToFrontOnFocus);
    DrawEditorHeader(app, ui);
    if (!g_editor_ui) {
        ImGui::End();
        return;
    }
    ImGui::Separator();
    const float h = ImGui::GetContentRegionAvail().y;
    ImGui::BeginChild("main", ImVec2(ImGui::GetContentRegionAvail().x * 0.66f, h), false);
    DrawEditorTabs(ui, h);
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("side", ImVec2(0, h), false);
    // A short box when there is little to list: the play test gets the room.
    const float listed = ImGui::GetTextLineHeightWithSpacing() * (float)(2 * ui.ed.Problems().size() + 2);
    DrawEditorProblems(ui, std::min(h * 0.36f, std::max(listed, ImGui::GetTextLineHeightWithSpacing() * 3)));
    ImGui::Separator();
    DrawEditorPlayTest(ui);
    ImGui::EndChild();
    if (ui.scroll_frames > 0) --ui.scroll_frames; // the mark stays until another problem is picked
    DrawEditorPopups(ui);
    if (g_editor_ui) DrawEditorJsonPopup(ui);
    ImGui::End();
}

} // namespace bdui
