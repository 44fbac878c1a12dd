// editor_panel.h: the scenario editor's screen (`breachdrill-gui --edit DIR`, or the start screen's
// "Edit a scenario..." and "New from template"). Its logic is editor_model.h (no ImGui); this file's
// functions open, draw and close the one editor the app holds.
#pragma once
#include "app.h"

#include <string>

namespace bdui {

// Opens the editor on a scenario folder or scenario.json. false: nothing to edit, *why says so
// (a malformed file opens, its problem shown). `tab`: the tab to show first ("Estate", "People and
// business", "Campaign", "MSEL", "Objectives", "JSON"), or "Play test" to start one at once.
bool OpenEditor(const std::string& ref, std::string* why, const std::string& tab = "");
// The editor is open: the window loop draws it instead of the app's screens.
bool EditorOpen();
// Something will change without input (a validation is due, a play test runs): keep drawing.
bool EditorBusy();
// The start screen's part: a folder field, "Edit a scenario..." and "New from template" (what
// `breachdrill new DIR` writes, then opened).
void DrawEditorLauncher(App& app);
// The editor's full screen; "Back" closes it (to the start screen).
void DrawEditorScreen(App& app);

} // namespace bdui
