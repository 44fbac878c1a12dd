// host_cmd.cpp: the commands on one host: investigate_host, isolate_host, release_host,
// reimage_host, restore_host, patch_host. Each kind's check (changes nothing) and its effect.
#include "response/command_table.h"

#include "attack/attacker.h"

#include <algorithm>

namespace bd {

// [SECTION] investigate_host: forensics on one host

CommandResult CheckInvestigateHost(const CheckArgs& a)
{
    HostId h = kNone;
    if (auto r = TargetHost(a, h); !r.ok()) return r;
    // Asset visibility (docs/model.md, mechanism 2): without a shared inventory, SecOps cannot
    // reach a host its own tools do not cover.
    if (a.cmd.team == Team::SecOps) {
        if (!SecOpsCovers(a.w, a.w.hosts[h]) && !a.sim.org().shared_inventory)
            return Refuse(ResultCode::Precondition, a.cmd.target + " has no EDR or log source SecOps can use: "
                                                                   "ask ITOps to investigate it");
    }
    return {};
}

namespace {
// What the investigation finds on a host (a Finding: compromise, persistence, what the attacker left).
Finding Investigate(const Simulation& sim, const World& w, HostId h)
{
    const Host& host = w.hosts[h];
    Finding f;
    f.time = sim.Now();
    f.host = h;
    f.compromised = host.compromise > 0;
    f.persistence = host.persistence;
    if (f.compromised) {
        for (IdentityId id = 0; id < (IdentityId)w.identities.size(); ++id)
            for (HostId c : w.identities[id].cached_on)
                if (c == h) f.credentials_exposed.push_back(id);
        if (w.attacker.c2_established && w.attacker.c2_index < (int)sim.scenario().campaign.c2_indicators.size())
            f.indicators.push_back(sim.scenario().campaign.c2_indicators[w.attacker.c2_index]);
        for (StoreId s = 0; s < (StoreId)w.stores.size(); ++s)
            if (w.stores[s].host == h && w.stores[s].staged > 0) f.data_touched.push_back(s);
        f.linked_hosts = LinkedHosts(w, h);
    }
    return f;
}

// The finding in words, as the investigating team reads it.
std::string DescribeFinding(const World& w, const Host& host, const Finding& f)
{
    std::string msg = host.id + (f.compromised ? (host.compromise > 1 ? ": compromised (admin level)" : ": compromised (user level)")
                                               : ": no sign of compromise");
    if (f.persistence) msg += "; persistence found";
    if (!f.credentials_exposed.empty()) {
        msg += "; credentials exposed:";
        for (IdentityId id : f.credentials_exposed) msg += " " + w.identities[id].id;
    }
    for (const auto& i : f.indicators) msg += "; C2 to " + i;
    for (StoreId s : f.data_touched) msg += "; data staged from " + w.stores[s].id + (w.stores[s].personal_data ? " (personal data)" : "");
    if (!f.linked_hosts.empty()) {
        msg += "; logons linked to:";
        for (HostId l : f.linked_hosts) msg += " " + w.hosts[l].id;
    }
    return msg;
}
} // namespace

void ApplyInvestigateHost(EffectArgs& e)
{
    World& w = e.w;
    const HostId h = w.FindHost(e.cmd.target);
    const Finding f = Investigate(e.sim, w, h);
    e.r.message = DescribeFinding(w, w.hosts[h], f);
    w.KnowledgeOf(e.cmd.team).findings.push_back(f);
    if (e.sim.org().shared_tools) w.KnowledgeOf(e.cmd.team == Team::ITOps ? Team::SecOps : Team::ITOps).findings.push_back(f);
}

// [SECTION] isolate_host, release_host

CommandResult CheckIsolateHost(const CheckArgs& a)
{
    HostId h = kNone;
    if (auto r = TargetHost(a, h); !r.ok()) return r;
    if (auto r = ProductionRule(a, h); !r.ok()) return r;
    if (a.w.hosts[h].state == HostState::Isolated) return Refuse(ResultCode::Precondition, a.cmd.target + " is already isolated");
    if (a.w.hosts[h].state == HostState::Reimaging) return Refuse(ResultCode::Precondition, a.cmd.target + " is being reimaged");
    return {};
}

void ApplyIsolateHost(EffectArgs& e)
{
    e.sim.SetHostState(e.w.FindHost(e.cmd.target), HostState::Isolated, Cause::Defender);
    e.r.message = e.cmd.target + " isolated";
}

CommandResult CheckReleaseHost(const CheckArgs& a)
{
    // Bringing a host back disrupts nothing: either team may, on any host.
    HostId h = kNone;
    if (auto r = TargetHost(a, h); !r.ok()) return r;
    if (a.w.hosts[h].state != HostState::Isolated) return Refuse(ResultCode::Precondition, a.cmd.target + " is not isolated");
    return {};
}

void ApplyReleaseHost(EffectArgs& e)
{
    e.sim.SetHostState(e.w.FindHost(e.cmd.target), HostState::Running, Cause::None);
    e.r.message = e.cmd.target + " back on the network";
}

// [SECTION] reimage_host, restore_host: rebuilding

CommandResult CheckReimageHost(const CheckArgs& a)
{
    HostId h = kNone;
    if (auto r = TargetHost(a, h); !r.ok()) return r;
    if (!a.at_completion && (a.w.hosts[h].state == HostState::Reimaging || a.w.hosts[h].state == HostState::Restoring))
        return Refuse(ResultCode::Precondition, a.cmd.target + " is already being rebuilt");
    return {};
}

void ApplyReimageHost(EffectArgs& e)
{
    const HostId h = e.w.FindHost(e.cmd.target);
    Host& host = e.w.hosts[h];
    if (host.compromise > 0) e.sim.SetCompromise(h, 0, "reimaged");
    host.persistence = false;
    if (host.encrypted) e.sim.SetEncrypted(h, false);
    e.sim.SetHostState(h, HostState::Running, Cause::None);
    e.r.message = e.cmd.target + " rebuilt from the golden image";
}

CommandResult CheckRestoreHost(const CheckArgs& a)
{
    HostId h = kNone;
    if (auto r = TargetHost(a, h); !r.ok()) return r;
    if (!a.w.hosts[h].backup) return Refuse(ResultCode::Precondition, a.cmd.target + " has no backup: reimage it instead");
    if (!a.w.hosts[h].backup_intact)
        return Refuse(ResultCode::Precondition, a.cmd.target + "'s backup was deleted: reimage it instead");
    if (!a.at_completion && (a.w.hosts[h].state == HostState::Reimaging || a.w.hosts[h].state == HostState::Restoring))
        return Refuse(ResultCode::Precondition, a.cmd.target + " is already being rebuilt");
    return {};
}

void ApplyRestoreHost(EffectArgs& e)
{
    const HostId h = e.w.FindHost(e.cmd.target);
    Host& host = e.w.hosts[h];
    if (host.encrypted) e.sim.SetEncrypted(h, false);
    // The backup holds the implant if the attacker made it persistent before the backup ran.
    if (host.compromise > 0 && !host.persistence) e.sim.SetCompromise(h, 0, "restored");
    e.sim.SetHostState(h, HostState::Running, Cause::None);
    e.r.message = e.cmd.target + " restored from backup";
}

// [SECTION] patch_host

CommandResult CheckPatchHost(const CheckArgs& a)
{
    HostId h = kNone;
    if (auto r = TargetHost(a, h); !r.ok()) return r;
    const Command& cmd = a.cmd;
    bool found = false;
    for (int32_t v : a.w.hosts[h].vulns)
        if (cmd.value.empty() || a.w.vulns[v].id == cmd.value) found = true;
    if (!found)
        return Refuse(ResultCode::Precondition, cmd.target + (cmd.value.empty() ? " has nothing to patch"
                                                                                : " is not vulnerable to " + cmd.value));
    if (a.w.hosts[h].state != HostState::Running && a.w.hosts[h].state != HostState::Isolated)
        return Refuse(ResultCode::Precondition, cmd.target + " is " + HostStateName(a.w.hosts[h].state) + ": it cannot be patched now");
    return {};
}

void ApplyPatchHost(EffectArgs& e)
{
    World& w = e.w;
    const Command& cmd = e.cmd;
    const HostId h = w.FindHost(cmd.target);
    Host& host = w.hosts[h];
    double fail = 0;
    for (int32_t v : host.vulns)
        if (cmd.value.empty() || w.vulns[v].id == cmd.value) fail = std::max(fail, w.vulns[v].patch_fail_prob);
    if (cmd.emergency) fail = std::min(1.0, fail * 2);
    if (fail > 0 && e.sim.rng().Chance(fail)) {
        e.sim.SetHostState(h, HostState::Down, Cause::Defender);
        e.r.code = ResultCode::Precondition;
        e.r.message = "the patch failed and " + cmd.target + " did not come back up: reimage or restore it";
        return;
    }
    std::erase_if(host.vulns, [&](int32_t v) { return cmd.value.empty() || w.vulns[v].id == cmd.value; });
    e.r.message = cmd.target + " patched";
}

} // namespace bd
