// reach.cpp: what the attacker holds and can reach (reach.h).
#include "attack/reach.h"

#include "world/scenario.h"

#include <algorithm>

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

HostId HuntCredentialHost(const World& w, const std::vector<std::vector<HostId>>& takeable, const std::vector<int>& parent,
                          const std::vector<IdentityId>& wanted, IdentityId* found)
{
    HostId best = kNone;
    int best_priv = -1;
    for (ZoneId z = 0; z < (ZoneId)takeable.size() && !wanted.empty(); ++z) {
        if (parent[z] == -2) continue;
        for (HostId h : takeable[z])
            for (IdentityId id : wanted) {
                const Identity& ident = w.identities[id];
                if ((int)ident.privilege <= best_priv) continue;
                if (std::find(ident.cached_on.begin(), ident.cached_on.end(), h) == ident.cached_on.end()) continue;
                best = h;
                best_priv = (int)ident.privilege;
                if (found) *found = id;
            }
    }
    return best;
}

} // namespace bd
