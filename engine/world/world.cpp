// world.cpp: names of the world's enums, and id lookup.
#include "world/world.h"

namespace bd {

const char* TeamName(Team t)
{
    switch (t) {
    case Team::ITOps: return "itops";
    case Team::SecOps: return "secops";
    case Team::Facilitator: return "facilitator";
    case Team::Attacker: return "attacker";
    case Team::Engine: return "engine";
    }
    return "?";
}

std::optional<Team> ParseTeam(std::string_view s)
{
    if (s == "itops") return Team::ITOps;
    if (s == "secops") return Team::SecOps;
    if (s == "facilitator") return Team::Facilitator;
    return std::nullopt;
}

const char* OrgName(OrgProfile o) { return o == OrgProfile::Siloed ? "siloed" : "converged"; }

std::optional<OrgProfile> ParseOrg(std::string_view s)
{
    if (s == "siloed") return OrgProfile::Siloed;
    if (s == "converged") return OrgProfile::Converged;
    return std::nullopt;
}

bool SecOpsCovers(const World& w, const Host& h)
{
    for (SensorTypeId s : h.sensors)
        if (w.sensor_types[s].team == Team::SecOps) return true;
    return false;
}

const char* HostStateName(HostState s)
{
    switch (s) {
    case HostState::Running: return "running";
    case HostState::Down: return "down";
    case HostState::Isolated: return "isolated";
    case HostState::Reimaging: return "reimaging";
    case HostState::Restoring: return "restoring";
    }
    return "?";
}

const char* CauseName(Cause c)
{
    switch (c) {
    case Cause::None: return "none";
    case Cause::Attacker: return "attacker";
    case Cause::Defender: return "defender";
    case Cause::Operations: return "operations";
    }
    return "?";
}

const char* StageStatusName(StageStatus s)
{
    switch (s) {
    case StageStatus::Pending: return "pending";
    case StageStatus::Done: return "done";
    case StageStatus::Skipped: return "skipped";
    }
    return "?";
}

const char* PrivilegeName(Privilege p)
{
    switch (p) {
    case Privilege::User: return "user";
    case Privilege::LocalAdmin: return "local_admin";
    case Privilege::ServerAdmin: return "server_admin";
    case Privilege::DomainAdmin: return "domain_admin";
    }
    return "?";
}

std::optional<Privilege> ParsePrivilege(std::string_view s)
{
    if (s == "user") return Privilege::User;
    if (s == "local_admin") return Privilege::LocalAdmin;
    if (s == "server_admin") return Privilege::ServerAdmin;
    if (s == "domain_admin") return Privilege::DomainAdmin;
    return std::nullopt;
}

namespace {
int32_t Lookup(const std::unordered_map<std::string, int32_t>& m, std::string_view id)
{
    auto it = m.find(std::string(id));
    return it == m.end() ? kNone : it->second;
}
template <typename T>
void Index(std::unordered_map<std::string, int32_t>& m, const std::vector<T>& v)
{
    m.clear();
    m.reserve(v.size());
    for (size_t i = 0; i < v.size(); ++i) m.emplace(v[i].id, (int32_t)i);
}
} // namespace

HostId World::FindHost(std::string_view id) const { return Lookup(host_ids_, id); }
ZoneId World::FindZone(std::string_view id) const { return Lookup(zone_ids_, id); }
ServiceId World::FindService(std::string_view id) const { return Lookup(service_ids_, id); }
IdentityId World::FindIdentity(std::string_view id) const { return Lookup(identity_ids_, id); }
StoreId World::FindStore(std::string_view id) const { return Lookup(store_ids_, id); }
SensorTypeId World::FindSensorType(std::string_view id) const { return Lookup(sensor_ids_, id); }

void World::IndexIds()
{
    Index(host_ids_, hosts);
    Index(zone_ids_, zones);
    Index(service_ids_, services);
    Index(identity_ids_, identities);
    Index(store_ids_, stores);
    Index(sensor_ids_, sensor_types);
}

bool World::IsAdminOn(IdentityId who, HostId host) const
{
    const Identity& id = identities[who];
    const Host& h = hosts[host];
    switch (id.privilege) {
    case Privilege::DomainAdmin: return true;
    case Privilege::ServerAdmin:
        if (h.kind != "workstation") return true;
        break;
    default: break;
    }
    for (HostId a : id.admin_on)
        if (a == host) return true;
    return false;
}

} // namespace bd
