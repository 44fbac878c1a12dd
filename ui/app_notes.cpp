// app_notes.cpp: the notes a seat writes on an alert, an alert's group or the exercise (add_note),
// read from the seat's view (see app.h, "Notes").
#include "alert_groups.h"
#include "app.h"

namespace bdui {

using nlohmann::json;

std::vector<App::NoteRow> App::AllNotes()
{
    std::vector<NoteRow> out;
    const json& view = View();
    const auto it = view.find("notes");
    if (it == view.end() || !it->is_array()) return out;
    for (const json& n : *it) {
        NoteRow row;
        row.time = n.value("time", (bd::SimTime)0);
        row.by = bd::ParseTeam(Str(n, "by")).value_or(Team::Facilitator);
        const auto alert = n.find("alert");
        row.alert = alert != n.end() && alert->is_number_integer() ? alert->get<int>() : -1;
        row.group = n.value("group", false);
        row.shared = n.value("shared", false);
        row.text = Str(n, "text");
        out.push_back(std::move(row));
    }
    return out;
}

std::vector<App::NoteRow> App::NotesOn(int id)
{
    std::vector<NoteRow> out;
    const bd::SeatView& seat = Seat();
    const int32_t row = seat.RowOfAlert(id);
    std::string rule; // the alert's rule, made only when a group note asks
    for (NoteRow& n : AllNotes()) {
        if (n.alert < 0) continue;
        bool on = n.alert == id;
        if (!on && n.group && row >= 0) {
            const int32_t other = seat.RowOfAlert(n.alert);
            if (other >= 0) {
                if (rule.empty()) rule = AlertGrouper::RuleKey(seat, seat.alerts[row]);
                on = AlertGrouper::RuleKey(seat, seat.alerts[other]) == rule;
            }
        }
        if (on) out.push_back(std::move(n));
    }
    return out;
}

bd::CommandResult App::WriteNote(const std::string& text, int alert, bool group, bool shared)
{
    std::string value;
    if (alert >= 0 && group) value = "group";
    if (shared) value += value.empty() ? "shared" : " shared";
    return Act(bd::CommandKind::AddNote, alert >= 0 ? std::to_string(alert) : "", value, text);
}

} // namespace bdui
