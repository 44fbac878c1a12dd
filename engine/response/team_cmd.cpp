// team_cmd.cpp: the teams' commands on alerts, incidents, notifications, requests, changes,
// messages and tickets: triage_alert, declare_incident, notify_authority, request_action,
// approve_change, send_message, close_ticket, add_note, tick_step.
#include "response/command_table.h"

#include <algorithm>
#include <cctype>

namespace bd {

// [SECTION] triage_alert

CommandResult CheckTriageAlert(const CheckArgs& a)
{
    const Command& cmd = a.cmd;
    if (!IsNumber(cmd.target) || std::stoll(cmd.target) >= (long long)a.w.alerts.size())
        return Refuse(ResultCode::UnknownTarget, "there is no alert '" + cmd.target + "'");
    const Alert& al = a.w.alerts[std::stoi(cmd.target)];
    // Another team's tool: shared tools, or ITOps' monitoring symptoms routed to SecOps' desk.
    const bool routed = a.sim.org().symptoms_to_secops && cmd.team == Team::SecOps && a.w.sensor_types[al.sensor].symptoms;
    if (al.team != cmd.team && !a.sim.org().shared_tools && !routed)
        return Refuse(ResultCode::Permission, "alert " + cmd.target + " is in the " + TeamName(al.team) +
                                                  " team's tool, which your team cannot see");
    if (cmd.value != "true_positive" && cmd.value != "false_positive")
        return Refuse(ResultCode::Invalid, "a triage verdict is true_positive or false_positive");
    if (!a.at_completion && al.status != AlertStatus::New)
        return Refuse(ResultCode::Precondition, "alert " + cmd.target + " was already triaged");
    return {};
}

void ApplyTriageAlert(EffectArgs& e)
{
    Alert& al = e.w.alerts[std::stoi(e.cmd.target)];
    al.status = e.cmd.value == "true_positive" ? AlertStatus::TruePositive : AlertStatus::FalsePositive;
    al.triaged_at = e.sim.Now();
    // In words: the message is what a seat's toast and status line say ("marked false_positive" was the
    // command's value, not a sentence).
    e.r.message = "alert " + e.cmd.target + (e.cmd.value == "true_positive" ? " marked real: an attack" : " marked a false alarm");
}

// [SECTION] declare_incident, notify_authority

CommandResult CheckDeclareIncident(const CheckArgs& a)
{
    for (const auto& asset : a.cmd.assets)
        if (a.w.FindHost(asset) == kNone) return Refuse(ResultCode::UnknownTarget, "there is no host '" + asset + "'");
    return {};
}

void ApplyDeclareIncident(EffectArgs& e)
{
    e.w.incidents.push_back(Incident{(int)e.w.incidents.size() + 1, e.sim.Now(), e.cmd.team, e.cmd.assets, e.cmd.text});
    e.r.message = "incident " + std::to_string(e.w.incidents.size()) + " declared";
}

CommandResult CheckNotifyAuthority(const CheckArgs& a)
{
    const Command& cmd = a.cmd;
    if (cmd.value == "nis2" && (cmd.text == "early_warning" || cmd.text == "notification" || cmd.text == "final_report"))
        return {};
    if (cmd.value == "gdpr" && cmd.text == "notification") return {};
    return Refuse(ResultCode::Invalid, "notify nis2 (early_warning, notification or final_report) or gdpr (notification)");
}

void ApplyNotifyAuthority(EffectArgs& e)
{
    e.w.notifications.push_back(Notification{e.sim.Now(), e.cmd.team, e.cmd.value, e.cmd.text});
    // In words: "NIS2 early warning sent" (the journal keeps value and text as posted).
    std::string regime = e.cmd.value, what = e.cmd.text;
    for (char& c : regime) c = (char)std::toupper((unsigned char)c);
    for (char& c : what)
        if (c == '_') c = ' ';
    e.r.message = regime + " " + what + " sent";
}

// [SECTION] request_action, approve_change: across the teams

CommandResult CheckRequestAction(const CheckArgs& a)
{
    const auto kind = ParseCommandKind(a.cmd.value);
    if (!kind) return Refuse(ResultCode::Invalid, "'" + a.cmd.value + "' is not an action that can be requested");
    if (a.cmd.team == Team::Facilitator) return Refuse(ResultCode::Permission, "the facilitator does not request actions");
    return {};
}

void ApplyRequestAction(EffectArgs& e)
{
    const Team to = e.cmd.team == Team::ITOps ? Team::SecOps : Team::ITOps;
    const TicketId t = e.sim.OpenTicket(e.cmd.team, to, e.cmd.value, e.cmd.target, e.cmd.text);
    e.r.message = "ticket " + std::to_string(t) + " opened for " + TeamName(to);
}

CommandResult CheckApproveChange(const CheckArgs& a)
{
    if (a.sim.AwaitingApproval(a.cmd.target)) return {};
    return Refuse(ResultCode::Precondition, "no change " + a.cmd.target + " is waiting for approval");
}

void ApplyApproveChange(EffectArgs& e)
{
    e.sim.ApproveWaiting(e.cmd.target, e.cmd.team);
    e.r.message = "change " + e.cmd.target + " approved";
}

// [SECTION] send_message, close_ticket

CommandResult CheckSendMessage(const CheckArgs& a)
{
    if (a.cmd.text.empty()) return Refuse(ResultCode::Invalid, "the message is empty");
    if (!a.cmd.value.empty() && !ParseTeam(a.cmd.value)) return Refuse(ResultCode::Invalid, "send to itops, secops or the war room");
    return {};
}

void ApplySendMessage(EffectArgs& e)
{
    Message m{e.sim.Now(), e.cmd.team, std::nullopt, e.cmd.text};
    if (!e.cmd.value.empty()) m.to = ParseTeam(e.cmd.value);
    e.w.messages.push_back(m);
    e.r.message = "sent";
}

CommandResult CheckCloseTicket(const CheckArgs& a)
{
    const Command& cmd = a.cmd;
    if (!IsNumber(cmd.target) || std::stoll(cmd.target) >= (long long)a.w.tickets.size())
        return Refuse(ResultCode::UnknownTarget, "there is no ticket '" + cmd.target + "'");
    const Ticket& t = a.w.tickets[std::stoi(cmd.target)];
    if (t.to != cmd.team) return Refuse(ResultCode::Permission, "ticket " + cmd.target + " is addressed to " + TeamName(t.to));
    if (t.status != TicketStatus::Open) return Refuse(ResultCode::Precondition, "ticket " + cmd.target + " is already closed");
    if (cmd.value != "done" && cmd.value != "rejected") return Refuse(ResultCode::Invalid, "close a ticket as done or rejected");
    return {};
}

void ApplyCloseTicket(EffectArgs& e)
{
    e.sim.CloseTicket(std::stoi(e.cmd.target), e.cmd.value == "done" ? TicketStatus::Done : TicketStatus::Rejected, e.cmd.id, e.cmd.text);
    e.r.message = "ticket " + e.cmd.target + " closed";
}

// [SECTION] add_note

namespace {
// add_note's value: the words "group" and "shared", in any order, or nothing.
bool NoteScope(const std::string& value, bool& group, bool& shared)
{
    group = shared = false;
    size_t at = 0;
    while (at < value.size()) {
        const size_t end = std::min(value.find(' ', at), value.size());
        const std::string_view word = std::string_view(value).substr(at, end - at);
        if (word == "group") group = true;
        else if (word == "shared") shared = true;
        else if (!word.empty()) return false;
        at = end + 1;
    }
    return true;
}
} // namespace

CommandResult CheckAddNote(const CheckArgs& a)
{
    const Command& cmd = a.cmd;
    if (const std::string problem = NoteTextProblem(cmd.text); !problem.empty()) return Refuse(ResultCode::Invalid, problem);
    bool group = false, shared = false;
    if (!NoteScope(cmd.value, group, shared))
        return Refuse(ResultCode::Invalid, "a note's value is empty, group (on the alert's group), shared (the other team reads it) or both");
    if (shared && cmd.team == Team::Facilitator)
        return Refuse(ResultCode::Invalid, "the facilitator's notes are for the debrief: players never read them (send a message to tell them)");
    if (cmd.target.empty()) {
        if (group) return Refuse(ResultCode::Invalid, "a note on a group names one of its alerts (target)");
        return {};
    }
    if (!IsNumber(cmd.target) || std::stoll(cmd.target) >= (long long)a.w.alerts.size())
        return Refuse(ResultCode::UnknownTarget, "there is no alert '" + cmd.target + "'");
    const Alert& al = a.w.alerts[std::stoi(cmd.target)];
    // The alerts the team's tools show (as for triage_alert).
    const bool routed = a.sim.org().symptoms_to_secops && cmd.team == Team::SecOps && a.w.sensor_types[al.sensor].symptoms;
    if (cmd.team != Team::Facilitator && al.team != cmd.team && !a.sim.org().shared_tools && !routed)
        return Refuse(ResultCode::Permission, "alert " + cmd.target + " is in the " + TeamName(al.team) +
                                                  " team's tool, which your team cannot see");
    return {};
}

void ApplyAddNote(EffectArgs& e)
{
    Note n;
    n.time = e.sim.Now();
    n.by = e.cmd.team;
    n.command = e.cmd.id;
    n.alert = e.cmd.target.empty() ? kNone : (AlertId)std::stoi(e.cmd.target);
    NoteScope(e.cmd.value, n.group, n.shared);
    n.text = e.cmd.text;
    e.w.notes.push_back(std::move(n));
    e.r.message = e.cmd.target.empty() ? "noted" : std::string("noted on ") + (e.w.notes.back().group ? "the group of alert " : "alert ") + e.cmd.target;
}

// [SECTION] tick_step

namespace {
// A team's runbook as people say it: "SecOps' runbook".
std::string TickRunbookName(Team t) { return std::string(t == Team::ITOps ? "ITOps" : "SecOps") + "' runbook"; }
} // namespace

CommandResult CheckTickStep(const CheckArgs& a)
{
    const Command& cmd = a.cmd;
    const auto team = ParseTeam(cmd.target);
    if (!team || (*team != Team::ITOps && *team != Team::SecOps))
        return Refuse(ResultCode::UnknownTarget, "tick_step's target is the team whose runbook it is: itops or secops, not '" + cmd.target + "'");
    if (cmd.team != Team::Facilitator && cmd.team != *team)
        return Refuse(ResultCode::Permission, TickRunbookName(*team) + " is ticked by its own team or the facilitator, not by " +
                                                  (cmd.team == Team::ITOps ? "ITOps" : "SecOps"));
    const Runbook* rb = a.sim.RunbookOf(*team);
    if (!rb)
        return Refuse(ResultCode::UnknownTarget, std::string(*team == Team::ITOps ? "ITOps" : "SecOps") + " has no runbook in this exercise (--runbook " +
                                                     TeamName(*team) + "=FILE)");
    size_t index = 0;
    bool tick = true;
    return RunbookTickCheck(*rb, a.sim.RunbookProgress(*team), cmd.value, cmd.text, index, tick);
}

void ApplyTickStep(EffectArgs& e)
{
    const Team team = *ParseTeam(e.cmd.target);
    const Runbook& rb = *e.sim.RunbookOf(team);
    size_t index = 0;
    bool tick = true;
    RunbookTickCheck(rb, e.sim.RunbookProgress(team), e.cmd.value, e.cmd.text, index, tick);
    e.sim.SetRunbookTick(team, index, tick, e.cmd.team, e.cmd.id);
    const std::string step = "step " + e.cmd.value + " of " + TickRunbookName(team) + " ('" + rb.steps[index].text + "')";
    e.r.message = tick ? "ticked " + step + (e.cmd.team == Team::Facilitator ? " for the team" : "") + ": the team's word, not simulated"
                       : "unticked " + step;
}

} // namespace bd
