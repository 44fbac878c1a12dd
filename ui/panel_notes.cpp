// panel_notes.cpp: notes in the consoles: the notes on the selected alert (or its group) under it,
// with a line to write one, and the Notes tab (every note the seat may read, and a note on the
// exercise: a decision, what a user said on the phone). A note is a command (App::WriteNote).
#include "panels.h"

#include <imgui_stdlib.h>

namespace bdui {

namespace {

// "SecOps, Mon 16:14, on the group of alert 12, shared: checked with the user..."
void DrawNoteLine(const App::NoteRow& n, bool say_where)
{
    ImGui::TextColored(n.by == Team::Facilitator ? ImVec4(0.95f, 0.80f, 0.45f, 1) : TeamColor(n.by), "%s",
                       bd::TeamLabel(bd::TeamName(n.by)).c_str());
    ImGui::SameLine();
    std::string where = ShortClock(n.time);
    if (say_where) where += n.alert < 0 ? ", on the exercise" : n.group ? ", on the group of alert " + std::to_string(n.alert)
                                                                        : ", on alert " + std::to_string(n.alert);
    else if (n.group) where += ", on the group";
    if (n.shared) where += ", shared";
    ImGui::TextDisabled("%s", where.c_str());
    ImGui::SameLine();
    ImGui::TextWrapped("%s", n.text.c_str());
}

// The line to write a note: the text, Enter or the button; the engine's refusal goes to the status line.
bool NoteInput(App& app, const char* id, std::string& draft, const char* hint)
{
    ImGui::SetNextItemWidth(-ImGui::CalcTextSize("Note").x - ImGui::GetStyle().FramePadding.x * 2 - ImGui::GetStyle().ItemSpacing.x);
    const bool enter = ImGui::InputTextWithHint(id, hint, &draft, ImGuiInputTextFlags_EnterReturnsTrue);
    if (ImGui::IsItemHovered() && draft.empty())
        ImGui::SetTooltip("One line, at most %zu characters. Your team and the facilitator read it.", bd::kNoteMaxChars);
    ImGui::SameLine();
    const std::string problem = draft.empty() ? std::string("write the note first") : bd::NoteTextProblem(draft);
    const bool go = ActionButton((std::string("Note") + id).c_str(), app.Over() ? "the exercise is over" : problem) ||
                    (enter && problem.empty() && !app.Over());
    return go;
}

const char* OtherTeam(const App& app) { return app.role == Team::ITOps ? "SecOps" : "ITOps"; }

} // namespace

void DrawAlertNotes(App& app, int alert, bool group_selected)
{
    ImGui::PushID("alert_notes");
    for (const App::NoteRow& n : app.NotesOn(alert)) DrawNoteLine(n, false);
    const char* hint = group_selected && app.note_on_group ? "a note on this group, e.g. checked with the user: she did not open it"
                                                           : "a note on this alert, e.g. checked with the user: she did not open it";
    if (NoteInput(app, "##alert", app.note_draft, hint)) {
        if (app.WriteNote(app.note_draft, alert, group_selected && app.note_on_group, app.note_shared).ok()) app.note_draft.clear();
    }
    if (group_selected) {
        ImGui::Checkbox("on the whole group", &app.note_on_group);
        ImGui::SameLine();
    }
    if (app.role != Team::Facilitator) {
        ImGui::Checkbox((std::string("shared with ") + OtherTeam(app)).c_str(), &app.note_shared);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Without it only your team and the facilitator read the note");
    }
    ImGui::PopID();
}

void DrawTeamNotes(App& app)
{
    ImGui::PushID("team_notes");
    const char* hint = app.role == Team::Facilitator ? "an observation for the debrief (players never read it)"
                                                     : "a note on the exercise, e.g. decided not to notify yet: no personal data involved";
    if (NoteInput(app, "##exercise", app.exercise_note_draft, hint)) {
        if (app.WriteNote(app.exercise_note_draft, -1, false, app.role != Team::Facilitator && app.note_shared).ok())
            app.exercise_note_draft.clear();
    }
    if (app.role != Team::Facilitator) {
        ImGui::Checkbox((std::string("shared with ") + OtherTeam(app)).c_str(), &app.note_shared);
    }
    const auto notes = app.AllNotes();
    if (notes.empty())
        ImGui::TextDisabled(app.role == Team::Facilitator ? "No note yet: the teams' notes show here too." : "No note yet. Notes on alerts show here too.");
    for (auto it = notes.rbegin(); it != notes.rend(); ++it) DrawNoteLine(*it, true);
    ImGui::PopID();
}

} // namespace bdui
