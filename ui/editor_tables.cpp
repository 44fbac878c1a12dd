// editor_tables.cpp: the editor's cells, tables and forms (editor_ui.h): a widget per field kind, the
// problems at their cells, a JSON cell's summary and its popup. Only drawing: what a cell means and
// does is in editor_model.h and editor_schema.cpp.
//
// [SECTION] index: tooltips; cells; tables; forms; a tab; the JSON popup.
#include "editor_ui.h"

#include "editor_parts.h"
#include "panels.h"
#include "world/attack_catalog.h"

#include <imgui_stdlib.h>

#include <algorithm>
#include <cfloat>
#include <cstdlib>
#include <optional>

namespace bdui {

// [SECTION] Tooltips

void EditorProblemTooltip(const std::vector<const EditorProblem*>& problems, const std::string& refusal, const char* help)
{
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 36);
    if (*help) ImGui::TextDisabled("%s", help);
    if (!refusal.empty()) ImGui::TextColored(kEditorRed, "not taken: %s", refusal.c_str());
    for (const EditorProblem* p : problems)
        ImGui::TextColored(p->warning ? kEditorAmber : kEditorRed, "%s[%s] %s", p->warning ? "warning " : "", p->id.c_str(), p->message.c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
}

// [SECTION] Cells

namespace {

// A Choice cell: a combo of the known values, and the value as written when it is none of them.
void EditorChoiceCell(EditorUi& ui, const std::string& row, const EditorColumn& c, const std::string& text)
{
    // Not written: the default that applies, in brackets and greyed ("-" when there is none). A text
    // colour, not the alpha: the list it opens is drawn at full strength.
    const std::string def = text.empty() ? EditorChoiceDefault(row, c) : "";
    if (!def.empty()) ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.80f, 0.82f, 0.86f, 0.80f));
    const std::string preview = !text.empty() ? text : def.empty() ? "-" : "(" + def + ")";
    const bool open = ImGui::BeginCombo("##v", preview.c_str(), ImGuiComboFlags_HeightLarge);
    if (!def.empty()) ImGui::PopStyleColor();
    if (open) {
        if (ImGui::Selectable("- (none: the default)", text.empty())) ui.ed.SetCellText(row, c, "");
        for (const auto& v : ChoiceValues(ui.ed.Doc(), c))
            if (ImGui::Selectable(v.c_str(), v == text)) ui.ed.SetCellText(row, c, v);
        ImGui::EndCombo();
    }
}

// A JSON cell: its one-line summary, in a frame like a text field's; a click opens the popup with
// the JSON to edit. Returns the text the cell shows.
std::string EditorJsonCell(EditorUi& ui, const std::string& row, const EditorColumn& c, const std::string& cell)
{
    const std::string refusal = ui.ed.CellRefusal(row, c);
    const OJson* v = EditorAt(ui.ed.Doc(), cell);
    std::string shown;
    if (!refusal.empty()) shown = ui.ed.CellText(row, c); // what was typed, not taken
    else if (v) shown = SummariseJsonCell(ui.ed.Doc(), c.key, *v);
    else if (std::string(c.key) == "when") shown = InjectTriggerNote(ui.ed.Doc(), row);
    ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_FrameBg));
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImGui::GetStyleColorVec4(ImGuiCol_FrameBgHovered));
    ImGui::PushStyleVar(ImGuiStyleVar_ButtonTextAlign, ImVec2(0, 0.5f));
    if (ImGui::Button(((shown.empty() ? std::string("-") : shown) + "###v").c_str(), ImVec2(-FLT_MIN, 0))) {
        ui.popup_row = row;
        ui.popup_column = &c;
        ui.popup_error = refusal;
        ui.popup_text = !refusal.empty() ? ui.ed.CellText(row, c) : v ? v->dump(2) : "";
        ui.open_popup = true;
    }
    ImGui::PopStyleVar();
    ImGui::PopStyleColor(2);
    return shown;
}

// Numbers, times and short ids: a click selects the whole text, so that what is typed replaces it
// (as in a spreadsheet; typing 40 into 50 gave 5040). Names and lists keep the cursor where clicked.
bool EditorSelectsAll(const EditorColumn& c)
{
    if (c.kind == CellKind::Int || c.kind == CellKind::Number || c.kind == CellKind::Span) return true;
    const std::string key = c.key;
    return c.kind == CellKind::Text && (key == "id" || key == "prefix" || key == "technique" || key == "currency" || key == "start");
}

// One cell: its widget, red when a problem points into it, the problems on hover. `lines`: the
// height of a long text (a form gives it room; a table one line).
void EditorCell(EditorUi& ui, const std::string& row, const EditorColumn& c, int lines = 1)
{
    const std::string cell = *c.key ? row + "/" + c.key : row;
    const auto problems = c.kind == CellKind::Uses ? std::vector<const EditorProblem*>{} : ui.ed.ProblemsAt(cell);
    const std::string refusal = ui.ed.CellRefusal(row, c);
    const bool error = !refusal.empty() || std::any_of(problems.begin(), problems.end(), [](auto* p) { return !p->warning; });
    const bool warning = !problems.empty() && !error;
    ImGui::PushID(cell.c_str());
    if (error || warning) {
        ImGui::PushStyleColor(ImGuiCol_FrameBg, error ? ImVec4(0.55f, 0.12f, 0.12f, 1) : ImVec4(0.45f, 0.35f, 0.08f, 1));
        ImGui::PushStyleColor(ImGuiCol_Border, error ? kEditorRed : kEditorAmber);
        ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 1.0f);
    }
    if (ui.scroll_frames > 0 && ui.focus == cell) {
        ImGui::SetScrollHereX(0.5f);
        if (lines > 1 || c.kind != CellKind::LongText) ImGui::SetScrollHereY(0.5f);
    }
    ImGui::SetNextItemWidth(-FLT_MIN);
    std::string text = ui.ed.CellText(row, c);
    if (c.kind == CellKind::Bool) {
        // Not written: the default, dimmed (a vulnerability is remote unless it says not).
        const bool written = !text.empty();
        bool v = written ? text == "true" : EditorBoolDefault(ui.ed.Doc(), row, c);
        if (!written) ImGui::PushStyleVar(ImGuiStyleVar_Alpha, ImGui::GetStyle().Alpha * 0.5f);
        if (ImGui::Checkbox("##v", &v)) ui.ed.SetCellText(row, c, v ? "true" : "false");
        if (!written) ImGui::PopStyleVar();
        if (!written && ImGui::IsItemHovered() && problems.empty())
            ImGui::SetTooltip("%s\n\nNot written: the default (%s) applies.", c.help, v ? "yes" : "no");
    } else if (c.kind == CellKind::Choice) {
        EditorChoiceCell(ui, row, c, text);
    } else if (c.kind == CellKind::Json) {
        text = EditorJsonCell(ui, row, c, cell);
    } else if (c.kind == CellKind::Uses) {
        ImGui::AlignTextToFramePadding();
        ImGui::TextDisabled("%s", text.c_str());
    } else if (c.kind == CellKind::LongText) {
        const float h = lines > 1 ? ImGui::GetTextLineHeight() * (float)lines + ImGui::GetStyle().FramePadding.y * 2 : ImGui::GetFrameHeight();
        if (ImGui::InputTextMultiline("##v", &text, ImVec2(-FLT_MIN, h))) ui.ed.SetCellText(row, c, text);
    } else {
        const ImGuiInputTextFlags flags = EditorSelectsAll(c) ? ImGuiInputTextFlags_AutoSelectAll : 0;
        if (ImGui::InputText("##v", &text, flags)) ui.ed.SetCellText(row, c, text);
    }
    if (ImGui::IsItemHovered()) {
        // The field's meaning, the technique's ATT&CK name, a time in seconds, the text whole when
        // the cell cuts it, and the problems with their ids.
        std::string help = c.help;
        const std::string key = c.key;
        if (key == "technique" && !text.empty()) {
            const bd::Technique* t = bd::Catalog().FindTechnique(text);
            help = t ? text + " " + t->name : text + ": not an ATT&CK v18.1 technique";
        }
        if (key == "observes" && !text.empty()) {
            // Each data component by its ATT&CK name (an unknown id is the loader's scenario.033).
            help.clear();
            for (const auto& dc : ui.ed.Doc().value(OJson::json_pointer(cell), OJson::array()))
                if (dc.is_string()) {
                    const std::string id = dc.get<std::string>();
                    const std::string_view name = bd::Catalog().DataComponentName(id);
                    help += id + " " + (name.empty() ? std::string("(not an ATT&CK v18.1 data component)") : std::string(name)) + "\n";
                }
            help += std::string("\n") + c.help;
        }
        long long seconds = 0;
        const bool span = c.kind == CellKind::Span && refusal.empty() && ParseEditorSpan(text, seconds);
        if (span) {
            help = text + " = " + std::to_string(seconds) + " s (" + HumanEditorSpan(seconds) + ")";
            // A moment of the scenario (not a delay): also as the MSEL and the app write it.
            if (key == "time_s" || key == "disclosed_at_s" || key == "start_s") help += ": " + EditorMoment(ui.ed.Doc(), seconds);
            help += std::string("\n\n") + c.help;
        }
        const bool clipped = c.kind != CellKind::Bool && ImGui::CalcTextSize(text.c_str()).x > ImGui::GetItemRectSize().x - 8;
        if (clipped && !span && key != "observes") help = text + "\n\n" + c.help;
        if (c.kind == CellKind::Json) help += "\n\nClick to edit it as JSON.";
        if (!problems.empty() || !refusal.empty() || clipped || span || key == "technique" || key == "observes" || c.kind == CellKind::Json)
            EditorProblemTooltip(problems, refusal, help.c_str());
    }
    if (error || warning) {
        ImGui::PopStyleVar();
        ImGui::PopStyleColor(2);
    }
    ImGui::PopID();
}

// [SECTION] Tables

// One row of a table: its number (marked when the row has a problem no column shows), its cells,
// its delete button (`remove` set when clicked: deleted after the table is drawn).
void DrawEditorRow(EditorUi& ui, const EditorTable& t, size_t r, int ncols, std::optional<size_t>& remove)
{
    const std::string row = std::string(t.pointer) + "/" + std::to_string(r);
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    const auto row_problems = ui.ed.RowProblems(row, t);
    const bool row_error = std::any_of(row_problems.begin(), row_problems.end(), [](auto* p) { return !p->warning; });
    if (ui.focus == row || (!ui.focus.empty() && ui.focus.rfind(row + "/", 0) == 0)) {
        ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, ImGui::GetColorU32(ImVec4(0.25f, 0.35f, 0.55f, 0.6f)));
        if (ui.scroll_frames > 0) ImGui::SetScrollHereY(0.5f);
    }
    if (!row_problems.empty()) {
        ImGui::TextColored(row_error ? kEditorRed : kEditorAmber, "%zu!", r + 1);
        if (ImGui::IsItemHovered()) EditorProblemTooltip(row_problems, "");
    } else {
        ImGui::TextDisabled("%zu", r + 1);
    }
    for (size_t c = 0; c < t.columns.size(); ++c) {
        ImGui::TableSetColumnIndex((int)c + 1);
        EditorCell(ui, row, t.columns[c]);
    }
    ImGui::TableSetColumnIndex(ncols - 1);
    ImGui::PushID((int)r);
    if (ImGui::SmallButton("x")) remove = r;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("delete row %zu", r + 1);
    ImGui::PopID();
}

// A table of the document: a row per array item, a column per field, "+ Add" and a delete per row.
void DrawEditorTable(EditorUi& ui, const EditorTable& t, float height)
{
    const size_t rows = ui.ed.RowCount(t);
    ImGui::PushID(t.name);
    ImGui::TextColored(kEditorTitle, "%s", t.name);
    ImGui::SameLine();
    ImGui::TextDisabled("(%zu, %s)", rows, t.pointer);
    ImGui::SameLine();
    if (ImGui::SmallButton("+ Add")) {
        const size_t i = ui.ed.AddRow(t);
        ui.focus = std::string(t.pointer) + "/" + std::to_string(i);
        ui.scroll_frames = 2;
    }
    const int ncols = (int)t.columns.size() + 2;
    const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_ScrollX |
                                  ImGuiTableFlags_Resizable | ImGuiTableFlags_SizingFixedFit;
    const float scale = ImGui::GetIO().FontGlobalScale;
    std::optional<size_t> remove;
    if (ImGui::BeginTable("t", ncols, flags, ImVec2(0, height))) {
        ImGui::TableSetupScrollFreeze(1, 1);
        ImGui::TableSetupColumn("#", ImGuiTableColumnFlags_WidthFixed, 30 * scale);
        for (const auto& c : t.columns)
            ImGui::TableSetupColumn(c.label, c.width > 0 ? ImGuiTableColumnFlags_WidthFixed : ImGuiTableColumnFlags_WidthStretch,
                                    c.width > 0 ? c.width * scale : 0);
        ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, 22 * scale);
        ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
        for (int i = 0; i < ncols; ++i) {
            ImGui::TableSetColumnIndex(i);
            ImGui::TableHeader(ImGui::TableGetColumnName(i));
            if (i >= 1 && i <= (int)t.columns.size() && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", t.columns[(size_t)i - 1].help);
        }
        // Only the rows on screen are drawn (a host table can be long), and the row of a problem
        // picked in the list, so that it can be scrolled to.
        ImGuiListClipper clipper;
        clipper.Begin((int)rows);
        const std::string prefix = std::string(t.pointer) + "/";
        if (ui.scroll_frames > 0 && ui.focus.rfind(prefix, 0) == 0) {
            const int focus_row = std::atoi(ui.focus.c_str() + prefix.size());
            if (focus_row >= 0 && (size_t)focus_row < rows) clipper.ForceDisplayRangeByIndices(focus_row, focus_row + 1);
        }
        while (clipper.Step()) {
            for (size_t r = (size_t)clipper.DisplayStart; r < (size_t)clipper.DisplayEnd; ++r)
                DrawEditorRow(ui, t, r, ncols, remove);
        }
        ImGui::EndTable();
    }
    if (remove) ui.ed.DeleteRow(t, *remove);
    ImGui::PopID();
}

// [SECTION] Forms

// A form: a line per field, its label (the field's meaning on hover) and its cell; the problems of
// the object that no field shows (a required one missing) above it.
void DrawEditorForm(EditorUi& ui, const EditorTable& t)
{
    ImGui::PushID(t.name);
    ImGui::TextColored(kEditorTitle, "%s", t.name);
    ImGui::SameLine();
    ImGui::TextDisabled("(%s)", t.pointer);
    for (const EditorProblem* p : ui.ed.RowProblems(t.pointer, t))
        if (EditorTableOf(p->pointer) == &t) // a stage's problem is the stages table's, not the campaign form's
            ImGui::TextColored(p->warning ? kEditorAmber : kEditorRed, "%s[%s] %s: %s", p->warning ? "warning " : "", p->id.c_str(),
                               p->pointer.c_str(), p->message.c_str());
    const float scale = ImGui::GetIO().FontGlobalScale;
    if (ImGui::BeginTable("form", 2, ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit)) {
        ImGui::TableSetupColumn("field", ImGuiTableColumnFlags_WidthFixed, 140 * scale);
        ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
        for (const auto& c : t.columns) {
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            ImGui::AlignTextToFramePadding();
            ImGui::TextUnformatted(c.label);
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s: %s", c.key, c.help);
            ImGui::TableSetColumnIndex(1);
            EditorCell(ui, t.pointer, c, c.kind == CellKind::LongText ? 3 : 1);
        }
        ImGui::EndTable();
    }
    ImGui::PopID();
}

} // namespace

// [SECTION] A tab

void DrawEditorTab(EditorUi& ui, const char* tab, float height)
{
    std::vector<const EditorTable*> tables, forms;
    for (const auto& t : EditorTables())
        if (std::string(t.tab) == tab) (t.form ? forms : tables).push_back(&t);
    if (tables.empty()) {
        // Forms only (the metadata): one column of fields that scrolls.
        ImGui::BeginChild("forms", ImVec2(0, height), false);
        for (const EditorTable* f : forms) {
            DrawEditorForm(ui, *f);
            ImGui::Spacing();
        }
        ImGui::EndChild();
        return;
    }
    for (const EditorTable* f : forms) DrawEditorForm(ui, *f);
    if (!forms.empty()) height -= ImGui::GetCursorPosY();
    // Each table as tall as its rows need; when they do not all fit, the short ones still get
    // theirs and the long ones share what is left (they scroll).
    const float line = ImGui::GetFrameHeightWithSpacing(), row = ImGui::GetFrameHeight() + 2 * ImGui::GetStyle().CellPadding.y;
    std::vector<float> need, give(tables.size(), 0);
    for (const EditorTable* t : tables) need.push_back(row * (float)(ui.ed.RowCount(*t) + 2) + 6);
    std::vector<size_t> order(tables.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return need[a] != need[b] ? need[a] < need[b] : a < b; });
    float left = height - line * (float)tables.size();
    for (size_t k = 0; k < order.size(); ++k) {
        const float fair = left / (float)(order.size() - k);
        give[order[k]] = std::max(row * 3, std::min(need[order[k]], fair));
        left -= give[order[k]];
    }
    for (size_t i = 0; i < tables.size(); ++i) DrawEditorTable(ui, *tables[i], give[i]);
}

// [SECTION] The JSON popup

void DrawEditorJsonPopup(EditorUi& ui)
{
    if (ui.open_popup) ImGui::OpenPopup("Edit as JSON");
    ui.open_popup = false;
    if (!ui.popup_column) return;
    ImGui::SetNextWindowSize(ImVec2(ImGui::GetFontSize() * 44, 0), ImGuiCond_Appearing);
    if (!ImGui::BeginPopupModal("Edit as JSON", nullptr, 0)) return;
    const EditorColumn& c = *ui.popup_column;
    ImGui::TextColored(kEditorTitle, "%s", c.label);
    ImGui::SameLine();
    ImGui::TextDisabled("%s/%s", ui.popup_row.c_str(), c.key);
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled("%s", c.help);
    // What the text says, as the cell will show it, while it is typed.
    std::string reads;
    try {
        reads = EditorTrim(ui.popup_text).empty() ? "(removed: the field's default applies)"
                                                  : SummariseJsonCell(ui.ed.Doc(), c.key, OJson::parse(ui.popup_text));
    } catch (const std::exception&) {
        reads = "(not JSON yet)";
    }
    ImGui::Text("Reads: %s", reads.c_str());
    ImGui::PopTextWrapPos();
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    ImGui::InputTextMultiline("##json", &ui.popup_text, ImVec2(-FLT_MIN, ImGui::GetTextLineHeight() * 12));
    if (!ui.popup_error.empty()) ImGui::TextColored(kEditorRed, "not taken: %s", ui.popup_error.c_str());
    bool close = false;
    if (ImGui::Button("Apply")) {
        ui.popup_error = ui.ed.SetCellText(ui.popup_row, c, ui.popup_text);
        close = ui.popup_error.empty();
    }
    ImGui::SameLine();
    if (ImGui::Button("Cancel") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
        // The cell goes back to the document's value (a text it refused is dropped).
        ui.ed.ForgetRefusal(ui.popup_row, c);
        close = true;
    }
    ImGui::SameLine();
    ImGui::TextDisabled("Esc: cancel. Empty: the field is removed.");
    if (close) {
        ui.popup_column = nullptr;
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

} // namespace bdui
