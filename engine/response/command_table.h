// command_table.h: each command kind's own check and effect, reached from one table (in the style
// of OpenTTD's CommandProcs). Internal to engine/: the public surface is Simulation::Post/Check.
//
// Every command first passes the checks all kinds share (Simulation::CheckAt in command_table.cpp:
// the team may issue it, the role, a named ticket, emergency, duplicates); then its kind's check,
// which changes nothing; when its work is done the check runs again (at_completion) and the effect
// applies it. A check returns a refusal with a code and a message a trainee understands.
//
// Adding a command kind: its row in world/commands.cpp (name, teams, duration), a Check and an
// Apply function in the file of its topic here, its row in kCommandProcs (command_table.cpp, the
// same order as CommandKind), docs/commands.md, and a test in tests/engine/response/test_commands.cpp.
#pragma once
#include "sim/simulation.h"

#include <string>

namespace bd {

struct CheckArgs {
    const Simulation& sim;
    const World& w;
    const Command& cmd;
    bool at_completion; // the work is done: checked again before the effect
};
struct EffectArgs {
    Simulation& sim;
    World& w;
    const Command& cmd;
    CommandResult& r; // the effect's message; a failure sets the code
};
using CheckProc = CommandResult (*)(const CheckArgs&);
using EffectProc = void (*)(EffectArgs&);
struct CommandProc {
    CommandKind kind;
    CheckProc check;
    EffectProc apply;
};
// The proc of a kind (kCommandProcs, indexed by kind).
const CommandProc& ProcOf(CommandKind k);

inline CommandResult Refuse(ResultCode code, std::string message) { return CommandResult{code, std::move(message), 0}; }
// A decimal id as players type it ("12"): digits only, short enough for an int.
bool IsNumber(const std::string& s);
// The command's target as a host: sets h, or refuses "there is no host".
CommandResult TargetHost(const CheckArgs& a, HostId& h);
// On production hosts, SecOps may isolate (or rebuild) only as an emergency change.
CommandResult ProductionRule(const CheckArgs& a, HostId h);

// [SECTION] host_cmd.cpp
CommandResult CheckInvestigateHost(const CheckArgs& a);
void ApplyInvestigateHost(EffectArgs& e);
CommandResult CheckIsolateHost(const CheckArgs& a);
void ApplyIsolateHost(EffectArgs& e);
CommandResult CheckReleaseHost(const CheckArgs& a);
void ApplyReleaseHost(EffectArgs& e);
CommandResult CheckReimageHost(const CheckArgs& a);
void ApplyReimageHost(EffectArgs& e);
CommandResult CheckRestoreHost(const CheckArgs& a);
void ApplyRestoreHost(EffectArgs& e);
CommandResult CheckPatchHost(const CheckArgs& a);
void ApplyPatchHost(EffectArgs& e);

// [SECTION] access_cmd.cpp: accounts and the perimeter
CommandResult CheckResetCredential(const CheckArgs& a);
void ApplyResetCredential(EffectArgs& e);
CommandResult CheckDisableAccount(const CheckArgs& a);
void ApplyDisableAccount(EffectArgs& e);
CommandResult CheckBlockIndicator(const CheckArgs& a);
void ApplyBlockIndicator(EffectArgs& e);

// [SECTION] service_cmd.cpp: business services and operations events
CommandResult CheckTakeServiceOffline(const CheckArgs& a);
void ApplyTakeServiceOffline(EffectArgs& e);
CommandResult CheckBringServiceOnline(const CheckArgs& a);
void ApplyBringServiceOnline(EffectArgs& e);
CommandResult CheckFailoverService(const CheckArgs& a);
void ApplyFailoverService(EffectArgs& e);
CommandResult CheckRollbackUpdate(const CheckArgs& a);
void ApplyRollbackUpdate(EffectArgs& e);

// [SECTION] team_cmd.cpp: alerts, incidents, notifications, tickets, messages, notes
CommandResult CheckTriageAlert(const CheckArgs& a);
void ApplyTriageAlert(EffectArgs& e);
CommandResult CheckDeclareIncident(const CheckArgs& a);
void ApplyDeclareIncident(EffectArgs& e);
CommandResult CheckNotifyAuthority(const CheckArgs& a);
void ApplyNotifyAuthority(EffectArgs& e);
CommandResult CheckRequestAction(const CheckArgs& a);
void ApplyRequestAction(EffectArgs& e);
CommandResult CheckApproveChange(const CheckArgs& a);
void ApplyApproveChange(EffectArgs& e);
CommandResult CheckSendMessage(const CheckArgs& a);
void ApplySendMessage(EffectArgs& e);
CommandResult CheckCloseTicket(const CheckArgs& a);
void ApplyCloseTicket(EffectArgs& e);
CommandResult CheckAddNote(const CheckArgs& a);
void ApplyAddNote(EffectArgs& e);
CommandResult CheckTickStep(const CheckArgs& a);
void ApplyTickStep(EffectArgs& e);

// [SECTION] facilitator_cmd.cpp
CommandResult CheckFireInject(const CheckArgs& a);
void ApplyFireInject(EffectArgs& e);
CommandResult CheckSetAutopilot(const CheckArgs& a);
void ApplySetAutopilot(EffectArgs& e);

} // namespace bd
