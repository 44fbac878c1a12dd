// scorecard_runbooks.cpp: "Runbook steps" (docs/scoring.md): which steps of each team's runbook
// were done, when, and which were skipped, from the journal's `runbooks` record and the team's
// command_done records. The step a command does is decided by world/runbook.h's NoteRunbookCommand,
// the same function the engine's seat views use, so the scorecard and the checklist agree. A
// checklist item the players ticked (tick_step) is noted by NoteRunbookTick, as the engine does.
#include "scorecard.h"

namespace bd {

using nlohmann::json;

void ScoreAccumulator::FeedRunbooks(const json& r)
{
    const auto it = r.find("runbooks");
    if (it == r.end() || !it->is_object()) return BadRecord(r, "'runbooks' missing or not an object");
    for (const char* team : {"itops", "secops"}) {
        if (!it->contains(team)) continue;
        Runbook rb;
        std::vector<std::string> problems;
        if (!RunbookFromJson((*it)[team], rb, problems)) {
            BadRecord(r, std::string("the ") + team + " runbook does not read: " + (problems.empty() ? "?" : problems.front()));
            continue;
        }
        runbook_status_.emplace_back(rb.steps.size());
        runbooks_.emplace_back(team, std::move(rb));
    }
}

void ScoreAccumulator::FeedRunbookCommand(const json& cmd, const std::string& kind, const std::string& team, ScoreTime t)
{
    const auto k = ParseCommandKind(kind);
    if (!k) return;
    auto text = [&](const char* key) {
        const auto f = cmd.find(key);
        return f != cmd.end() && f->is_string() ? f->get<std::string>() : std::string();
    };
    const auto id = cmd.find("id");
    const uint64_t command = id != cmd.end() && id->is_number_unsigned() ? id->get<uint64_t>() : 0;
    if (*k == CommandKind::TickStep) { // a checklist item of the target team's runbook, ticked or unticked
        for (size_t i = 0; i < runbooks_.size(); ++i) {
            if (runbooks_[i].first != text("target")) continue;
            size_t index = 0;
            bool tick = true;
            // The engine checked it; checked again, so a hand-edited journal cannot tick a command step.
            if (RunbookTickCheck(runbooks_[i].second, runbook_status_[i], text("value"), text("text"), index, tick).ok())
                NoteRunbookTick(runbooks_[i].second, runbook_status_[i], index, tick, team, t, command);
        }
        return;
    }
    // On another team's ticket: the asking team's runbook step, done at its request.
    std::string asker;
    if (const auto tk = cmd.find("ticket"); tk != cmd.end() && tk->is_number_integer())
        if (const auto it = tickets_.find(tk->get<int64_t>()); it != tickets_.end() && it->second.from != team) asker = it->second.from;
    for (size_t i = 0; i < runbooks_.size(); ++i) {
        if (runbooks_[i].first == team)
            NoteRunbookCommand(runbooks_[i].second, runbook_status_[i], *k, text("target"), text("value"), text("text"), t, command, false);
        else if (!asker.empty() && runbooks_[i].first == asker)
            NoteRunbookCommand(runbooks_[i].second, runbook_status_[i], *k, text("target"), text("value"), text("text"), t, command, true);
    }
}

void ScoreAccumulator::ResultRunbooks(Scorecard& c) const
{
    for (size_t i = 0; i < runbooks_.size(); ++i) {
        const auto& [team, rb] = runbooks_[i];
        RunbookResult out;
        out.team = team;
        out.name = rb.name;
        for (size_t n = 0; n < rb.steps.size(); ++n) {
            const RunbookStep& st = rb.steps[n];
            const RunbookStepStatus& status = runbook_status_[i][n];
            RunbookStepResult s;
            s.n = (int)n + 1;
            s.text = st.text;
            s.action = RunbookStepAction(st);
            s.source_step = st.source_step;
            s.checklist = !st.kind;
            if (status.done_at >= 0) {
                s.done_s = status.done_at;
                s.command = status.command;
                s.asked = status.asked;
            }
            if (s.checklist && status.ticked_at >= 0) {
                s.ticked_s = status.ticked_at;
                s.ticked_by = status.ticked_by;
            }
            out.checklist += s.checklist;
            out.ticked += s.ticked_s.has_value();
            out.done += s.done_s.has_value();
            out.skipped += !s.checklist && !s.done_s;
            out.steps.push_back(std::move(s));
        }
        c.runbooks.push_back(std::move(out));
    }
}

} // namespace bd
