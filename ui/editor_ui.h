// editor_ui.h: the editor screen's state and colours, shared by editor_panel.cpp (the screen: header,
// tabs, problems, path report, play test) and editor_tables.cpp (the cells, tables and forms).
// Nothing else includes it.
#pragma once
#include "editor_model.h"

#include <imgui.h>

#include <string>
#include <vector>

namespace bdui {

struct EditorUi {
    ScenarioEditor ed;
    PlayTest play;
    uint64_t play_revision = 0;     // the document's revision the play test ran on
    uint64_t seen_revision = 0;     // to time the debounce
    double edited_at = 0;           // ImGui time of the last edit
    std::string tab;                // a tab to select once
    std::string focus;              // a problem's pointer to scroll to and mark
    int scroll_frames = 0;          // frames left to scroll `focus` into view (a tab shows a frame late)
    std::string status;             // the last save's outcome
    bool status_error = false;
    std::string json_text, json_error; // the JSON tab's text while it is edited
    uint64_t json_revision = 0;
    bool ask_overwrite = false, ask_discard = false;
    // The JSON cell being edited in its popup: the row, the column, the text as typed.
    std::string popup_row, popup_text, popup_error;
    const EditorColumn* popup_column = nullptr;
    bool open_popup = false;
};

inline const ImVec4 kEditorRed(1.0f, 0.45f, 0.45f, 1), kEditorAmber(0.95f, 0.80f, 0.45f, 1), kEditorGreen(0.45f, 0.85f, 0.55f, 1);
inline const ImVec4 kEditorTitle(0.55f, 0.75f, 1.0f, 1);

// A tooltip of a field's help, a refusal and problems with their ids (a cell's, a row's).
void EditorProblemTooltip(const std::vector<const EditorProblem*>& problems, const std::string& refusal, const char* help = "");
// The tables and forms of one tab, sharing `height`.
void DrawEditorTab(EditorUi& ui, const char* tab, float height);
// The popup where a JSON cell (a `when`, an `expected`, a target) is edited as text.
void DrawEditorJsonPopup(EditorUi& ui);

} // namespace bdui
