// panels.h: every panel of the desktop app, listed in one place (panels.cpp holds the table).
// One panel per file (ui/panel_<name>.cpp). A panel draws from App (the seat's view, the score)
// and acts only through App::Act(); it never reads the ground truth unless the seat is the
// facilitator's.
#pragma once
#include "app.h"

#include <imgui.h>

namespace bdui {

// Where a panel sits on the screen: the layout is fixed so that screenshots and hot-seat swaps
// always look the same (no imgui.ini).
enum class Slot { Left, CenterTop, CenterBottom, RightTop, RightBottom };

struct Panel {
    const char* title;
    Slot slot;
    bool (*shown)(const App&); // for which roles
    void (*draw)(App&);
};
const std::vector<Panel>& Panels();

// Full-screen pages.
void DrawStartScreen(App& app);
void DrawLoadingScreen(App& app);
void DrawHandoverScreen(App& app);
void DrawUnlockScreen(App& app);      // the facilitator's PIN, from a player's seat
// The bar at the top (roles, clock, speed) and the status line at the bottom.
void DrawToolbar(App& app);
void DrawStatusBar(App& app);
// Keyboard shortcuts that work on every exercise screen.
void HandleGlobalShortcuts(App& app);
// The debrief, over the exercise once it is over (panel_scoreboard.cpp).
void DrawDebrief(App& app);
// What arrived for the seat on screen, for a few seconds, bottom right (App::Notices).
void DrawToasts(App& app);
// The keys, over everything (? opens and closes it).
void DrawHelpOverlay(App& app);

// The panels (one file each).
void DrawFacilitatorConsole(App& app);
void DrawSecOpsConsole(App& app);
// The alert queue (sortable, filterable, grouped by rule; the arrow keys move the selection) and the
// selected alert with its verdict keys (panel_secops.cpp); the ITOps console shows its symptoms so.
void DrawAlertQueue(App& app, const char* id, bool symptoms);
void DrawSelectedAlert(App& app);
void DrawItOpsConsole(App& app);
void DrawNetworkMap(App& app);
void DrawHostPanel(App& app);
void DrawWarRoom(App& app);
void DrawScoreboard(App& app);
// Notes (panel_notes.cpp): those on the selected alert (or its group) with a line to write one,
// and the Notes tab of a console (every note the seat reads, and a note on the exercise).
void DrawAlertNotes(App& app, int alert, bool group_selected);
void DrawTeamNotes(App& app);
// The team's runbook as a checklist, a tab of its console (panel_runbook.cpp); HasRunbook: it has one.
bool HasRunbook(App& app);
void DrawRunbook(App& app);
// The facilitator's Runbooks tab: both teams' checklists, each item tickable (HasRunbooks: a team has one).
bool HasRunbooks(App& app);
void DrawFacilitatorRunbooks(App& app);

// The menu of a panel's title (right-click it, just after its Begin): move the panel `home` (its
// default slot, Layout::slot_of) into another slot, swapping with the panel there, or back to the
// default arrangement. The layout is saved as the splitters' (main.cpp).
void DrawPanelPlaceMenu(App& app, int home);
// The bars' heights at the current text scale (Ctrl +/-).
float TopBarHeight();
float StatusBarHeight();

// [SECTION] Shared drawing helpers (panels.cpp)
ImVec4 SeverityColor(int severity);
const char* SeverityName(int severity);
ImVec4 TeamColor(Team t);
// A button that is greyed out and explains why when `why_not` is non-empty (hover for the reason).
bool ActionButton(const char* label, const std::string& why_not = "");
void HelpMarker(const char* text);
// After a table cell's text: when the text is wider than the cell was (its width before the text:
// ImGui::GetContentRegionAvail().x), hovering it shows the text whole.
// `full`, when given, is what the tooltip says (the shown text and more).
void TooltipIfClipped(const std::string& text, float cell_width, const std::string& full = "");
// A table cell's text that does not wrap: drawn (in `colour`, when its alpha is not 0), and when the
// cell cuts it off, hovering it shows it whole (or `full`). Every such cell of every table uses it.
void CellText(const std::string& text, ImVec4 colour = ImVec4(0, 0, 0, 0), const std::string& full = "");
void CellTextDisabled(const std::string& text, const std::string& full = "");

} // namespace bdui
