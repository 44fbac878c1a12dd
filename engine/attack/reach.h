// reach.h: what the attacker holds and what it can reach with it, read from the world's ground
// truth (engine/attack/attacker.cpp plays the campaign with these rules; docs/authoring.md, section 8).
#pragma once
#include "world/world.h"

#include <cstdint>
#include <vector>

namespace bd {

struct TargetSelector;

// A foothold it can work from: a host it compromised that is running (not isolated, not down).
bool Live(const World& w, HostId h);
// A stolen credential that still works: the account is not disabled and was not reset since.
bool Usable(const World& w, const StolenCredential& c);
// Every live foothold, in host order.
std::vector<HostId> LiveFootholds(const World& w);
// Does a usable stolen credential give admin rights on `target` (World::IsAdminOn)?
bool HasAdminCredential(const World& w, HostId target);

// HasAdminCredential for many hosts at once: what the usable stolen credentials are admin on,
// summed up once (World::IsAdminOn's rules: a domain admin everywhere, a server admin on every
// host that is not a workstation, anyone on the hosts listed in its admin_on).
struct AdminReach {
    bool domain = false, server = false;
    std::vector<uint8_t> on; // per host: listed in a usable credential's admin_on
    explicit AdminReach(const World& w);
    bool Has(const World& w, HostId h) const { return domain || (server && w.hosts[h].kind != "workstation") || on[h]; }
};

// An unpatched vulnerability on `target` that can be exploited over the network, disclosed by `now`.
bool HasRemoteVuln(const World& w, HostId target, SimTime now);
// Can the attacker take this host over the network, given a zone it can send from?
bool Takeable(const World& w, HostId h, SimTime now);
// Does host `h` match a stage's target (its host, kinds and zone, where given)?
bool Matches(const World& w, HostId h, const TargetSelector& sel);

// Credential hunting's choice: of the hosts it can take (`takeable`, per zone) in the zones it
// reaches (`parent[z] != -2`, the zone walk's parent links), the one where the most privileged of
// the `wanted` identities is cached; the first in (zone, host, identity) order on a tie. kNone when
// none; `found` gets the identity. The attacker (NextHop) and the path report (describe --paths)
// both choose with it, so the report's hunt is the attacker's.
HostId HuntCredentialHost(const World& w, const std::vector<std::vector<HostId>>& takeable, const std::vector<int>& parent,
                          const std::vector<IdentityId>& wanted, IdentityId* found = nullptr);

} // namespace bd
