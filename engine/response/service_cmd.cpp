// service_cmd.cpp: the commands on business services (take_service_offline, bring_service_online,
// failover_service) and on operations events (rollback_update: a faulty vendor update undone).
#include "response/command_table.h"

#include "response/operations.h"

namespace bd {

namespace {
CommandResult FindService(const CheckArgs& a, const Service*& sv)
{
    const ServiceId s = a.w.FindService(a.cmd.target);
    if (s == kNone) return Refuse(ResultCode::UnknownTarget, "there is no service '" + a.cmd.target + "'");
    sv = &a.w.services[s];
    return {};
}
} // namespace

// [SECTION] take_service_offline, bring_service_online, failover_service

CommandResult CheckTakeServiceOffline(const CheckArgs& a)
{
    const Service* sv = nullptr;
    if (auto r = FindService(a, sv); !r.ok()) return r;
    if (sv->offline) return Refuse(ResultCode::Precondition, sv->name + " is already offline");
    return {};
}

void ApplyTakeServiceOffline(EffectArgs& e)
{
    e.w.services[e.w.FindService(e.cmd.target)].offline = true;
    e.sim.RefreshServices();
    e.r.message = e.cmd.target + " taken offline";
}

CommandResult CheckBringServiceOnline(const CheckArgs& a)
{
    const Service* sv = nullptr;
    if (auto r = FindService(a, sv); !r.ok()) return r;
    if (!sv->offline) return Refuse(ResultCode::Precondition, sv->name + " was not taken offline");
    return {};
}

void ApplyBringServiceOnline(EffectArgs& e)
{
    e.w.services[e.w.FindService(e.cmd.target)].offline = false;
    e.sim.RefreshServices();
    e.r.message = e.cmd.target + " back online";
}

CommandResult CheckFailoverService(const CheckArgs& a)
{
    const Service* sv = nullptr;
    if (auto r = FindService(a, sv); !r.ok()) return r;
    if (sv->standby.empty()) return Refuse(ResultCode::Precondition, sv->name + " has no standby to fail over to");
    if (sv->failed_over) return Refuse(ResultCode::Precondition, sv->name + " already runs on its standby");
    return {};
}

void ApplyFailoverService(EffectArgs& e)
{
    e.w.services[e.w.FindService(e.cmd.target)].failed_over = true;
    e.sim.RefreshServices();
    e.r.message = e.cmd.target + " moved to its standby";
}

// [SECTION] rollback_update

CommandResult CheckRollbackUpdate(const CheckArgs& a)
{
    const Command& cmd = a.cmd;
    const Scenario& scenario = a.sim.scenario();
    const int32_t ev = FindOperationsEvent(scenario, cmd.target);
    if (ev == kNone) return Refuse(ResultCode::UnknownTarget, "there is no update '" + cmd.target + "' to roll back");
    const OperationsState& st = a.w.operations[ev];
    if (!st.happened) return Refuse(ResultCode::Precondition, "update '" + cmd.target + "' has not caused anything: nothing to roll back");
    if (scenario.operations_events[ev].fix != OpsFix::Rollback)
        return Refuse(ResultCode::Precondition, "'" + cmd.target + "' is not an update that can be rolled back: its hosts come back by themselves");
    if (st.rolled_back) return Refuse(ResultCode::Precondition, "update '" + cmd.target + "' is already rolled back");
    // The EDR is SecOps' tool: ITOps rolls its content back only when SecOps asked for it (the
    // ticket check in Simulation::CheckAt makes sure a named ticket asks for exactly this).
    if (!a.at_completion && cmd.ticket == kNone)
        return Refuse(ResultCode::Permission, "the EDR is SecOps' tool: SecOps must agree to the rollback of '" + cmd.target +
                                                  "' (they request it: request_action rollback_update " + cmd.target +
                                                  "), then name their ticket");
    return {};
}

void ApplyRollbackUpdate(EffectArgs& e)
{
    const int n = OperationsRollback(e.sim, FindOperationsEvent(e.sim.scenario(), e.cmd.target));
    e.r.message = "update " + e.cmd.target + " rolled back: " + std::to_string(n) + (n == 1 ? " host" : " hosts") + " back up";
}

} // namespace bd
