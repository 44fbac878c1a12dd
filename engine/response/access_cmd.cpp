// access_cmd.cpp: the commands that take access away from the attacker: reset_credential,
// disable_account (stolen credentials stop working) and block_indicator (its C2 at the perimeter).
#include "response/command_table.h"

#include "attack/attacker.h"

#include <algorithm>

namespace bd {

namespace {
CommandResult FindAccount(const CheckArgs& a, IdentityId& id)
{
    id = a.w.FindIdentity(a.cmd.target);
    if (id == kNone) return Refuse(ResultCode::UnknownTarget, "there is no account '" + a.cmd.target + "'");
    return {};
}
} // namespace

// [SECTION] reset_credential, disable_account

CommandResult CheckResetCredential(const CheckArgs& a)
{
    IdentityId id = kNone;
    return FindAccount(a, id);
}

void ApplyResetCredential(EffectArgs& e)
{
    const IdentityId id = e.w.FindIdentity(e.cmd.target);
    e.w.identities[id].generation++;
    e.sim.Record("credential", {{"identity", e.cmd.target}, {"event", "reset"}});
    e.r.message = e.cmd.target + "'s credential reset";
}

CommandResult CheckDisableAccount(const CheckArgs& a)
{
    IdentityId id = kNone;
    if (auto r = FindAccount(a, id); !r.ok()) return r;
    if (a.w.identities[id].disabled && !a.at_completion)
        return Refuse(ResultCode::Precondition, a.cmd.target + " is already disabled");
    return {};
}

void ApplyDisableAccount(EffectArgs& e)
{
    const IdentityId id = e.w.FindIdentity(e.cmd.target);
    e.w.identities[id].disabled = true;
    e.sim.Record("credential", {{"identity", e.cmd.target}, {"event", "disabled"}});
    e.r.message = e.cmd.target + " disabled";
}

// [SECTION] block_indicator

CommandResult CheckBlockIndicator(const CheckArgs& a)
{
    const Command& cmd = a.cmd;
    if (cmd.target.empty() || cmd.target.size() > 253)
        return Refuse(ResultCode::Invalid, "name the domain or IP address to block");
    if (!a.at_completion && std::find(a.w.blocked_indicators.begin(), a.w.blocked_indicators.end(), cmd.target) !=
                                a.w.blocked_indicators.end())
        return Refuse(ResultCode::Precondition, cmd.target + " is already blocked");
    return {};
}

void ApplyBlockIndicator(EffectArgs& e)
{
    e.w.blocked_indicators.push_back(e.cmd.target);
    AttackerIndicatorBlocked(e.sim, e.cmd.target);
    e.r.message = e.cmd.target + " blocked at the perimeter";
}

} // namespace bd
