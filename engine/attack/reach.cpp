// reach.cpp: what the attacker holds and can reach (reach.h).
#include "attack/reach.h"

#include "world/scenario.h"

namespace bd {

bool Live(const World& w, HostId h)
{
    return h != kNone && w.hosts[h].compromise > 0 && w.hosts[h].state == HostState::Running;
}

bool Usable(const World& w, const StolenCredential& c)
{
    const Identity& id = w.identities[c.identity];
    return !id.disabled && id.generation == c.generation;
}

std::vector<HostId> LiveFootholds(const World& w)
{
    std::vector<HostId> out;
    for (HostId h = 0; h < (HostId)w.hosts.size(); ++h)
        if (Live(w, h)) out.push_back(h);
    return out;
}

bool HasAdminCredential(const World& w, HostId target)
{
    for (const auto& c : w.attacker.credentials)
        if (Usable(w, c) && w.IsAdminOn(c.identity, target)) return true;
    return false;
}

AdminReach::AdminReach(const World& w) : on(w.hosts.size(), 0)
{
    for (const auto& c : w.attacker.credentials) {
        if (!Usable(w, c)) continue;
        const Identity& id = w.identities[c.identity];
        domain |= id.privilege == Privilege::DomainAdmin;
        server |= id.privilege == Privilege::ServerAdmin;
        for (HostId h : id.admin_on) on[h] = 1;
    }
}

bool HasRemoteVuln(const World& w, HostId target, SimTime now)
{
    for (int32_t v : w.hosts[target].vulns)
        if (w.vulns[v].remote && w.vulns[v].disclosed_at <= now) return true;
    return false;
}

bool Takeable(const World& w, HostId h, SimTime now)
{
    const Host& host = w.hosts[h];
    return host.state == HostState::Running && (HasAdminCredential(w, h) || HasRemoteVuln(w, h, now));
}

bool Matches(const World& w, HostId h, const TargetSelector& sel)
{
    const Host& host = w.hosts[h];
    if (!sel.host.empty() && host.id != sel.host) return false;
    if (!sel.KindMatches(host.kind)) return false;
    if (!sel.zone.empty() && w.zones[host.zone].id != sel.zone) return false;
    return true;
}

} // namespace bd
