// command_table.cpp: the table of command procs, the checks every command passes, and the way from
// Simulation's command path (sim/simulation.cpp: Post, Complete) to each kind's own check and effect.
#include "response/command_table.h"

#include <algorithm>
#include <iterator>

namespace bd {

namespace {
// In the order of CommandKind (checked by ProcOf).
const CommandProc kCommandProcs[] = {
    {CommandKind::TriageAlert, CheckTriageAlert, ApplyTriageAlert},
    {CommandKind::InvestigateHost, CheckInvestigateHost, ApplyInvestigateHost},
    {CommandKind::IsolateHost, CheckIsolateHost, ApplyIsolateHost},
    {CommandKind::ReleaseHost, CheckReleaseHost, ApplyReleaseHost},
    {CommandKind::ReimageHost, CheckReimageHost, ApplyReimageHost},
    {CommandKind::RestoreHost, CheckRestoreHost, ApplyRestoreHost},
    {CommandKind::PatchHost, CheckPatchHost, ApplyPatchHost},
    {CommandKind::ResetCredential, CheckResetCredential, ApplyResetCredential},
    {CommandKind::DisableAccount, CheckDisableAccount, ApplyDisableAccount},
    {CommandKind::BlockIndicator, CheckBlockIndicator, ApplyBlockIndicator},
    {CommandKind::TakeServiceOffline, CheckTakeServiceOffline, ApplyTakeServiceOffline},
    {CommandKind::BringServiceOnline, CheckBringServiceOnline, ApplyBringServiceOnline},
    {CommandKind::FailoverService, CheckFailoverService, ApplyFailoverService},
    {CommandKind::DeclareIncident, CheckDeclareIncident, ApplyDeclareIncident},
    {CommandKind::NotifyAuthority, CheckNotifyAuthority, ApplyNotifyAuthority},
    {CommandKind::RequestAction, CheckRequestAction, ApplyRequestAction},
    {CommandKind::ApproveChange, CheckApproveChange, ApplyApproveChange},
    {CommandKind::SendMessage, CheckSendMessage, ApplySendMessage},
    {CommandKind::CloseTicket, CheckCloseTicket, ApplyCloseTicket},
    {CommandKind::AddNote, CheckAddNote, ApplyAddNote},
    {CommandKind::FireInject, CheckFireInject, ApplyFireInject},
    {CommandKind::RollbackUpdate, CheckRollbackUpdate, ApplyRollbackUpdate},
    {CommandKind::SetAutopilot, CheckSetAutopilot, ApplySetAutopilot},
    {CommandKind::TickStep, CheckTickStep, ApplyTickStep},
};
static_assert(std::size(kCommandProcs) == (size_t)CommandKind::Count, "a proc for every command kind");

bool ProcsInOrder()
{
    for (size_t i = 0; i < std::size(kCommandProcs); ++i)
        if (kCommandProcs[i].kind != (CommandKind)i) return false;
    return true;
}
} // namespace

const CommandProc& ProcOf(CommandKind k)
{
    static const bool in_order = ProcsInOrder();
    if (!in_order) std::abort(); // a row out of place would run another kind's effect
    return kCommandProcs[(size_t)k];
}

bool IsNumber(const std::string& s)
{
    return !s.empty() && s.size() < 10 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

CommandResult TargetHost(const CheckArgs& a, HostId& h)
{
    h = a.w.FindHost(a.cmd.target);
    if (h == kNone) return Refuse(ResultCode::UnknownTarget, "there is no host '" + a.cmd.target + "'");
    return {};
}

CommandResult ProductionRule(const CheckArgs& a, HostId h)
{
    if (a.at_completion || a.cmd.team != Team::SecOps || !a.w.hosts[h].production || a.cmd.emergency) return {};
    return Refuse(ResultCode::Permission, a.w.hosts[h].id + " is a production host: ITOps owns changes on it. "
                                          "Ask ITOps (request_action), or make it an emergency change.");
}

CommandResult Simulation::CheckAt(const Command& cmd, bool at_completion) const
{
    const CommandSpec& spec = Spec(cmd.kind);
    const Team team = cmd.team;
    if (team == Team::Attacker || team == Team::Engine) return Refuse(ResultCode::Permission, "only teams issue commands");
    if (!at_completion) {
        const bool allowed = (team == Team::ITOps && spec.itops) || (team == Team::SecOps && spec.secops) ||
                             (team == Team::Facilitator && spec.facilitator);
        if (!allowed) {
            std::string who = !spec.itops && !spec.secops ? "the facilitator"
                              : spec.itops && !spec.secops ? "ITOps"
                              : spec.secops && !spec.itops ? "SecOps"
                                                           : "the teams";
            return Refuse(ResultCode::Permission, std::string("only ") + who + " can " + spec.name +
                                                      (team == Team::SecOps && spec.itops
                                                           ? ": ask ITOps with request_action"
                                                           : ""));
        }
        if (!cmd.role.empty()) {
            const RoleSpec* role = FindRole(cmd.role);
            if (!role || role->team != team)
                return Refuse(ResultCode::Invalid, "'" + cmd.role + "' is not a role of the " + TeamName(team) + " team");
            if (!RoleMay(*role, cmd.kind))
                return Refuse(ResultCode::Permission, std::string("a ") + role->title + " cannot " + spec.name +
                                                          (cmd.kind == CommandKind::ApproveChange ? ": the IT operations manager approves changes"
                                                                                                  : ": ask your manager"));
        }
        if (cmd.ticket != kNone) {
            // Naming a ticket says "this is what you asked for": it must be so.
            const bool valid = cmd.ticket >= 0 && cmd.ticket < (int32_t)world_.tickets.size();
            const Ticket* t = valid ? &world_.tickets[cmd.ticket] : nullptr;
            if (!t) return Refuse(ResultCode::UnknownTarget, "there is no ticket " + std::to_string(cmd.ticket));
            if (t->to != team) return Refuse(ResultCode::Invalid, "ticket " + std::to_string(cmd.ticket) + " is addressed to " + TeamName(t->to));
            if (t->status != TicketStatus::Open) return Refuse(ResultCode::Precondition, "ticket " + std::to_string(cmd.ticket) + " is already closed");
            if (cmd.kind != CommandKind::CloseTicket && (t->action != spec.name || t->target != cmd.target))
                return Refuse(ResultCode::Invalid, "ticket " + std::to_string(cmd.ticket) + " asked for " + t->action + " " + t->target +
                                                       ", not " + spec.name + " " + cmd.target);
        }
        if (cmd.emergency && !spec.change)
            return Refuse(ResultCode::Invalid, std::string(spec.name) + " is not a change: it cannot be an emergency change");
        // Duplicate: the same action on the same target already in flight for this team.
        for (const int32_t i : open_commands_) {
            const PendingCommand& pc = pending_[i];
            if (pc.cmd.kind == cmd.kind && pc.cmd.target == cmd.target && pc.cmd.team == team && DurationOf(cmd.kind) > 0)
                return Refuse(ResultCode::Duplicate, std::string(spec.name) + " " + cmd.target +
                                                         " is already under way (command " + std::to_string(pc.cmd.id) + ")");
        }
    }
    if (cmd.kind >= CommandKind::Count) return Refuse(ResultCode::Invalid, "unknown command");
    return ProcOf(cmd.kind).check(CheckArgs{*this, world_, cmd, at_completion});
}

void Simulation::Apply(const Command& cmd, CommandResult& r, bool& uncoordinated)
{
    uncoordinated = IsUncoordinated(cmd);
    if (cmd.kind >= CommandKind::Count) return;
    EffectArgs e{*this, world_, cmd, r};
    ProcOf(cmd.kind).apply(e);
}

} // namespace bd
