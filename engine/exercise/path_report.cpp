// path_report.cpp: the estate and the attack path before a run (path_report.h). The walk over the
// campaign plays the attacker's rules (attack/attacker.cpp, docs/authoring.md "Actions") in the order
// of the story, with every roll coming up and nobody defending: an initial access lands on a host, a
// lateral move goes hop by hop through zones where it can take a host, and a hop opens only with an
// unpatched remote vulnerability or a credential the attacker holds by then: stolen by an earlier
// stage on a host it stood on, or dumped on a host it took on the way while hunting one. A credential
// cached on a host it cannot take first opens nothing.
#include "exercise/path_report.h"

#include "attack/detection.h"
#include "attack/pre_attack.h"
#include "attack/reach.h"
#include "exercise/injects.h"
#include "world/attack_catalog.h"

#include <algorithm>
#include <map>
#include <set>

namespace bd {

namespace {

// "a, b and 3 more" from a list, at most `shown` named.
std::string PathList(const std::vector<std::string>& items, size_t shown = 4)
{
    std::string out;
    for (size_t i = 0; i < items.size() && i < shown; ++i) out += (i ? ", " : "") + items[i];
    if (items.size() > shown) out += " and " + std::to_string(items.size() - shown) + " more";
    return out;
}

// A host group's prefix from a generated id ("ws-014" -> "ws"); "" for a name that is not one.
std::string PathPrefix(const std::string& id)
{
    const size_t dash = id.rfind('-');
    if (dash == std::string::npos || dash == 0 || id.size() - dash - 1 < 3) return "";
    for (size_t i = dash + 1; i < id.size(); ++i)
        if (id[i] < '0' || id[i] > '9') return "";
    return id.substr(0, dash);
}

// Host names in words: each written host, and "N of ws-*" for a group's.
std::string PathHosts(const World& w, const std::vector<HostId>& hosts)
{
    std::vector<std::string> named;
    std::map<std::string, size_t> groups;
    std::vector<std::string> order;
    for (HostId h : hosts) {
        const std::string& id = w.hosts[h].id;
        const std::string prefix = PathPrefix(id);
        if (prefix.empty()) named.push_back(id);
        else if (groups[prefix]++ == 0) order.push_back(prefix);
    }
    for (const auto& p : order) named.push_back(std::to_string(groups[p]) + " of " + p + "-*");
    return PathList(named, 5);
}

std::string PathZoneName(const World& w, ZoneId z) { return z >= 0 && z < (ZoneId)w.zones.size() ? w.zones[z].id : "?"; }

std::vector<std::string> PathZones(const World& w, const std::vector<bool>& zones)
{
    std::vector<std::string> out;
    for (size_t z = 0; z < zones.size(); ++z)
        if (zones[z]) out.push_back(w.zones[z].id);
    return out;
}

bool PathMatches(const World& w, HostId h, const TargetSelector& t)
{
    const Host& host = w.hosts[h];
    if (!t.host.empty() && host.id != t.host) return false;
    if (!t.KindMatches(host.kind)) return false;
    if (!t.zone.empty() && PathZoneName(w, host.zone) != t.zone) return false;
    return true;
}

// Whether a combined trigger has stage `stage` among its parts.
bool PathConditionNames(const InjectCondition& c, int stage)
{
    if (c.kind == InjectCondition::Kind::Stage && c.stage == stage) return true;
    for (const auto& p : c.parts)
        if (PathConditionNames(p, stage)) return true;
    return false;
}

std::string PathSelector(const TargetSelector& t)
{
    std::string d;
    const std::string kinds = t.KindText();
    for (const auto& [k, v] : {std::pair<const char*, const std::string*>{"host", &t.host}, {"kind", &kinds}, {"zone", &t.zone},
                               {"store", &t.store}})
        if (!v->empty()) d += (d.empty() ? "" : ", ") + std::string(k) + " " + *v;
    return d;
}

void PathEstate(const Scenario& s, PathReport& r)
{
    const World& w = s.world;
    for (ZoneId z = 0; z < (ZoneId)w.zones.size(); ++z) {
        PathZoneRow row;
        row.id = w.zones[z].id;
        row.name = w.zones[z].name;
        row.internet = w.zones[z].internet;
        for (SensorTypeId st : w.zones[z].sensors) row.sensors.push_back(w.sensor_types[st].id);
        for (ZoneId b = 0; b < (ZoneId)w.zones.size(); ++b)
            if (b != z && z < (ZoneId)w.flows.size() && w.flows[z][b]) row.flows_to.push_back(w.zones[b].id);
        std::map<std::string, size_t> kinds;
        for (const Host& h : w.hosts)
            if (h.zone == z) { ++row.hosts; ++kinds[h.kind]; }
        std::vector<std::pair<size_t, std::string>> sorted;
        for (const auto& [k, n] : kinds) sorted.push_back({n, k});
        std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
        for (const auto& [n, k] : sorted) row.kinds += (row.kinds.empty() ? "" : ", ") + std::to_string(n) + " " + k;
        r.zones.push_back(std::move(row));
    }
    // Hosts: a run of one group's hosts (same prefix, zone and kind, one after the other) is one row.
    for (size_t i = 0; i < w.hosts.size();) {
        const Host& h = w.hosts[i];
        const std::string prefix = PathPrefix(h.id);
        size_t j = i + 1;
        while (!prefix.empty() && j < w.hosts.size() && PathPrefix(w.hosts[j].id) == prefix && w.hosts[j].zone == h.zone &&
               w.hosts[j].kind == h.kind)
            ++j;
        PathHostRow row;
        row.count = j - i;
        row.hosts = row.count == 1 ? h.id : h.id + ".." + w.hosts[j - 1].id;
        row.zone = PathZoneName(w, h.zone);
        row.kind = h.kind;
        std::map<std::string, size_t> vulns, sensors;
        size_t users = 0;
        for (size_t k = i; k < j; ++k) {
            for (int32_t v : w.hosts[k].vulns) ++vulns[w.vulns[v].id];
            for (SensorTypeId st : w.hosts[k].sensors) ++sensors[w.sensor_types[st].id];
            users += w.hosts[k].user != kNone;
        }
        auto words = [&](const std::map<std::string, size_t>& m) {
            std::string out;
            for (const auto& [id, n] : m) out += (out.empty() ? "" : ", ") + id + (row.count > 1 && n < row.count ? " on " + std::to_string(n) : "");
            return out;
        };
        row.vulns = words(vulns);
        row.sensors = words(sensors);
        if (row.count == 1) row.users = h.user != kNone ? w.identities[h.user].id : "";
        else row.users = users ? std::to_string(users) + (users == 1 ? " user" : " users") : "";
        r.hosts.push_back(std::move(row));
        i = j;
    }
    for (const Identity& id : w.identities) {
        if (PathPrefix(id.id).size() > 0 && id.id.rfind("u-", 0) == 0) continue; // a group's generated users: the hosts' "users"
        PathIdentityRow row;
        row.id = id.id;
        row.privilege = PrivilegeName(id.privilege);
        row.admin_on = PathHosts(w, id.admin_on);
        row.cached_on = PathHosts(w, id.cached_on);
        row.remote_access = id.remote_access;
        r.identities.push_back(std::move(row));
    }
}

// The sensors that can see `technique` on `hosts` (carried by the host, or watching its zone).
std::vector<PathSight> PathSights(const World& w, const std::string& technique, const std::vector<HostId>& hosts)
{
    std::vector<PathSight> out;
    const Technique* t = Catalog().FindTechnique(technique);
    if (!t) return out;
    for (SensorTypeId s = 0; s < (SensorTypeId)w.sensor_types.size(); ++s) {
        const SensorType& st = w.sensor_types[s];
        const auto dcs = ObservedComponents(st, *t);
        if (dcs.empty()) continue;
        PathSight sight;
        sight.sensor = st.id;
        sight.team = TeamName(st.team);
        for (const auto& dc : dcs) sight.components.push_back(dc + " " + std::string(Catalog().DataComponentName(dc)));
        sight.of = hosts.size();
        for (HostId h : hosts) {
            const auto& on = w.hosts[h].sensors;
            const auto& zone = w.zones[w.hosts[h].zone].sensors;
            if (std::find(on.begin(), on.end(), s) != on.end() || std::find(zone.begin(), zone.end(), s) != zone.end()) ++sight.hosts;
        }
        out.push_back(std::move(sight));
    }
    return out;
}

bool PathIsExploit(const std::string& t) { return t.rfind("T1190", 0) == 0 || t.rfind("T1133", 0) == 0 || t.rfind("T1210", 0) == 0; }
bool PathIsPhish(const std::string& t) { return t.rfind("T1566", 0) == 0 || t.rfind("T1204", 0) == 0; }

// The walk's state, in the order of the story: the hosts the attacker may stand on by now, the
// credentials it may hold and how it came by each. It starts with nothing, as the engine's attacker
// does (attack/attacker.cpp: no credential until a stage steals one), and grows only as that attacker
// grows it: an initial access lands on a host, a lateral move takes its hops (and, when it hunts a
// credential, dumps what is cached where it lands), a credential-access stage steals what is cached
// on its foothold. A scripted campaign takes the first candidate each time, as the engine does; a
// seeded one may take any, so every candidate counts.
struct PathWalk {
    std::vector<uint8_t> held;               // per host: the attacker may stand on it by now (1 user-level, 2 admin-level)
    std::vector<HostId> footholds;           // where the next stage without a target acts from
    std::map<IdentityId, std::string> creds; // credentials it may hold, and how: "stolen by stage 5 on vpn-01"
    std::set<StoreId> staged;                // data stores a collection stage may have staged
    bool backups_gone = false;               // an inhibit_recovery stage may have deleted them
    bool seeded = false;
};

std::vector<bool> PathHeldZones(const World& w, const PathWalk& walk)
{
    std::vector<bool> zones(w.zones.size(), false);
    for (HostId h = 0; h < (HostId)w.hosts.size(); ++h)
        if (walk.held[h]) zones[w.hosts[h].zone] = true;
    return zones;
}

// Zones reachable from `from` over flows, transitively (whether or not anything on the way can be taken).
std::vector<bool> PathReach(const World& w, const std::vector<bool>& from)
{
    std::vector<bool> seen = from;
    std::vector<ZoneId> todo;
    for (size_t z = 0; z < seen.size(); ++z)
        if (seen[z]) todo.push_back((ZoneId)z);
    while (!todo.empty()) {
        const ZoneId z = todo.back();
        todo.pop_back();
        for (size_t b = 0; b < seen.size(); ++b)
            if (w.flows[z][b] && !seen[b]) { seen[b] = true; todo.push_back((ZoneId)b); }
    }
    return seen;
}

// A remote vulnerability on the host that is public before the exercise ends (scenario.086 warns
// about one that comes late).
bool PathRemoteVuln(const Scenario& s, HostId h)
{
    for (int32_t v : s.world.hosts[h].vulns)
        if (s.world.vulns[v].remote && s.world.vulns[v].disclosed_at <= s.duration_s) return true;
    return false;
}

// What the credentials held are admin on, summed up once (attacker.cpp AdminReach, World::IsAdminOn's
// rules: a domain admin everywhere, a server admin on every host that is not a workstation, anyone
// on the hosts in its admin_on). A walk may hold thousands of host users' credentials.
struct PathAdmin {
    bool domain = false, server = false;
    std::vector<uint8_t> on;
    PathAdmin(const World& w, const PathWalk& walk) : on(w.hosts.size(), 0)
    {
        for (const auto& [id, how] : walk.creds) {
            const Identity& ident = w.identities[id];
            if (ident.disabled) continue;
            domain = domain || ident.privilege == Privilege::DomainAdmin;
            server = server || ident.privilege == Privilege::ServerAdmin;
            for (HostId h : ident.admin_on) on[h] = 1;
        }
    }
    bool Has(const World& w, HostId h) const { return domain || (server && w.hosts[h].kind != "workstation") || on[h]; }
};

// attacker.cpp Takeable: a host not held yet, running, with an open remote vulnerability or a
// credential held that is admin there.
bool PathTakeable(const Scenario& s, const PathWalk& walk, const PathAdmin& admin, HostId h)
{
    if (walk.held[h] || s.world.hosts[h].state != HostState::Running) return false;
    return admin.Has(s.world, h) || PathRemoteVuln(s, h);
}

// What lets the attacker take `h` with what it holds, one line each: "vulnerability X on h",
// "credential C (privilege), stolen by stage 5 on vpn-01".
std::vector<std::string> PathOpeners(const Scenario& s, const PathWalk& walk, HostId h)
{
    const World& w = s.world;
    std::vector<std::string> out;
    for (int32_t v : w.hosts[h].vulns)
        if (w.vulns[v].remote && w.vulns[v].disclosed_at <= s.duration_s)
            out.push_back("vulnerability " + w.vulns[v].id + " on " + w.hosts[h].id +
                          (w.vulns[v].disclosed_at > s.campaign.start_s ? " (public at " + FormatScenarioTime(w.vulns[v].disclosed_at) + ")" : ""));
    for (const auto& [id, how] : walk.creds)
        if (!w.identities[id].disabled && w.IsAdminOn(id, h))
            out.push_back("credential " + w.identities[id].id + " (" + PrivilegeName(w.identities[id].privilege) + "), " + how);
    return out;
}

// Takes `h` into the walk and, when `dump`, the credentials cached there that it does not hold yet
// (attacker.cpp StealableCredentials), each noted with `how`. Returns their ids.
std::vector<std::string> PathTake(const World& w, PathWalk& walk, HostId h, bool dump, const std::string& how)
{
    walk.held[h] = 2; // a lateral move's host is an admin-level foothold
    std::vector<std::string> got;
    if (!dump) return got;
    for (IdentityId id = 0; id < (IdentityId)w.identities.size(); ++id) {
        const Identity& ident = w.identities[id];
        if (ident.disabled || walk.creds.count(id)) continue;
        if (std::find(ident.cached_on.begin(), ident.cached_on.end(), h) == ident.cached_on.end()) continue;
        walk.creds.emplace(id, how);
        got.push_back(ident.id);
    }
    return got;
}

// One lateral stage towards `target`, hop by hop, as attacker.cpp NextHop plays it when every roll
// comes up and nobody defends: from the zones it holds, through zones where it can take a host, to
// the target once a vulnerability or a held credential opens it; otherwise it hunts a credential that
// is admin on the target, cached on a host it can take now (the most privileged first), and dumps
// what is cached wherever it lands on the way. `via` gets one line per hop short of the target.
bool PathHopTo(const Scenario& s, PathWalk& walk, HostId target, int stage, std::vector<std::string>& via)
{
    const World& w = s.world;
    const size_t nz = w.zones.size();
    const std::string on_the_way = " on the way (stage " + std::to_string(stage) + ")";
    for (size_t guard = 0; guard <= w.hosts.size(); ++guard) {
        if (walk.held[target]) return true;
        std::vector<uint8_t> can(w.hosts.size(), 0);
        std::vector<std::vector<HostId>> takeable(nz);
        std::vector<HostId> live;
        const PathAdmin admin(w, walk);
        for (HostId h = 0; h < (HostId)w.hosts.size(); ++h) {
            if (walk.held[h]) live.push_back(h);
            else if (PathTakeable(s, walk, admin, h)) { can[h] = 1; takeable[w.hosts[h].zone].push_back(h); }
        }
        std::vector<int> parent(nz, -2);
        std::vector<ZoneId> frontier;
        std::vector<uint8_t> live_zone(nz, 0);
        for (HostId f : live) // in the order of the hosts held, as NextHop's frontier
            if (!live_zone[w.hosts[f].zone]) { live_zone[w.hosts[f].zone] = 1; parent[w.hosts[f].zone] = -1; frontier.push_back(w.hosts[f].zone); }
        for (size_t i = 0; i < frontier.size(); ++i)
            for (ZoneId z = 0; z < (ZoneId)nz; ++z)
                if (parent[z] == -2 && !takeable[z].empty() && w.CanReach(frontier[i], z)) { parent[z] = frontier[i]; frontier.push_back(z); }
        auto first_step = [&](HostId goal) -> HostId {
            ZoneId z = w.hosts[goal].zone;
            bool direct = false;
            for (ZoneId f = 0; f < (ZoneId)nz; ++f) direct = direct || (live_zone[f] && w.CanReach(f, z));
            if (direct && can[goal]) return goal;
            while (parent[z] >= 0 && parent[parent[z]] >= 0) z = parent[z];
            if (parent[z] == -2 || z == w.hosts[goal].zone) return kNone;
            return takeable[z].front();
        };
        HostId to = kNone;
        bool hunting = false;
        if (can[target] && parent[w.hosts[target].zone] != -2) to = first_step(target);
        if (to == kNone) {
            std::vector<IdentityId> wanted; // admin on the target, not held: found once, in id order
            for (IdentityId id = 0; id < (IdentityId)w.identities.size(); ++id)
                if (!w.identities[id].disabled && !walk.creds.count(id) && w.IsAdminOn(id, target)) wanted.push_back(id);
            IdentityId hunted = kNone;
            const HostId best = HuntCredentialHost(w, takeable, parent, wanted, &hunted); // the attacker's choice
            if (best == kNone) return false;
            const std::string wanted_id = w.identities[hunted].id;
            to = first_step(best);
            if (to == kNone) return false;
            hunting = true;
            via.push_back("first a hop to " + w.hosts[to].id +
                          (to == best ? ", where " + wanted_id + " is cached" : ", towards " + w.hosts[best].id + " where " + wanted_id + " is cached") +
                          " (taken with " + PathList(PathOpeners(s, walk, to), 2) + ")");
        } else if (to != target) {
            via.push_back("first a hop to " + w.hosts[to].id + " (taken with " + PathList(PathOpeners(s, walk, to), 2) + ")");
        }
        const auto got = PathTake(w, walk, to, hunting, "dumped on " + w.hosts[to].id + on_the_way);
        if (hunting) via.back() += got.empty() ? "; dumps nothing new there" : "; dumps " + PathList(got, 6) + " there (T1003.001)";
    }
    return walk.held[target] != 0;
}

// The first candidate for a scripted campaign (attacker.cpp Pick), every one for a seeded campaign.
std::vector<HostId> PathPicks(const PathWalk& walk, const std::vector<HostId>& candidates)
{
    if (walk.seeded || candidates.size() <= 1) return candidates;
    return {candidates.front()};
}

void PathInitialAccess(const Scenario& s, const Stage& st, const std::vector<HostId>& matches, PathWalk& walk, PathStage& out)
{
    const World& w = s.world;
    std::vector<bool> exposed(w.zones.size(), false);
    for (size_t a = 0; a < w.zones.size(); ++a)
        if (w.zones[a].internet)
            for (size_t b = 0; b < w.zones.size(); ++b) exposed[b] = exposed[b] || a == b || w.flows[a][b];
    std::vector<HostId> ok;
    std::set<std::string> vulns;
    for (HostId h : matches) {
        const Host& host = w.hosts[h];
        if (walk.held[h] || host.state != HostState::Running) continue; // attacker.cpp InitialAccessCandidates
        bool can = PathIsPhish(st.technique) ? host.user != kNone && !w.identities[host.user].disabled : (bool)exposed[host.zone];
        if (can && PathIsExploit(st.technique)) {
            can = false;
            for (int32_t v : host.vulns)
                if (w.vulns[v].remote && w.vulns[v].disclosed_at <= s.duration_s) { can = true; vulns.insert(w.vulns[v].id); }
        }
        if (can) ok.push_back(h);
    }
    if (PathIsPhish(st.technique)) out.opens.push_back("a user who opens it, on " + std::to_string(ok.size()) + " of the targets");
    else if (PathIsExploit(st.technique))
        for (const auto& v : vulns) {
            const Vulnerability* vu = nullptr;
            for (const auto& x : w.vulns)
                if (x.id == v) vu = &x;
            out.opens.push_back("vulnerability " + v + (vu && !vu->software.empty() ? " (" + vu->software + ")" : "") +
                                (vu && vu->disclosed_at > s.campaign.start_s ? ", public at " + FormatScenarioTime(vu->disclosed_at) : ""));
        }
    else out.opens.push_back("a flow from the internet into the host's zone");
    if (ok.empty()) {
        out.reachable = false;
        out.why_not = "no target host can be entered this way";
        return;
    }
    walk.footholds = PathPicks(walk, ok);
    if (!walk.seeded && ok.size() > 1)
        out.opens.push_back("lands on " + w.hosts[ok.front()].id + ", the first it can enter (a scripted campaign takes the first)");
    for (HostId h : walk.footholds) walk.held[h] = 1;
}

// Why no hop reaches `target`, in words.
std::string PathWhyStuck(const Scenario& s, const PathWalk& walk, HostId target)
{
    const World& w = s.world;
    const Host& t = w.hosts[target];
    const std::vector<bool> held_zones = PathHeldZones(w, walk);
    if (std::none_of(held_zones.begin(), held_zones.end(), [](bool z) { return z; }))
        return "no earlier stage gives the attacker a foothold";
    if (!PathReach(w, held_zones)[t.zone])
        return "no flow leads to " + t.id + "'s zone (" + PathZoneName(w, t.zone) + ") from where the attacker stands (" +
               PathList(PathZones(w, held_zones), 6) + ")";
    if (PathTakeable(s, walk, PathAdmin(w, walk), target))
        return "the way to " + t.id + "'s zone (" + PathZoneName(w, t.zone) + ") crosses only zones where the attacker can take no host";
    std::vector<std::string> cached;
    for (IdentityId i = 0; i < (IdentityId)w.identities.size(); ++i)
        if (!w.identities[i].disabled && w.IsAdminOn(i, target))
            cached.push_back(w.identities[i].id + (w.identities[i].cached_on.empty() ? std::string(" nowhere") : " on " + PathHosts(w, w.identities[i].cached_on)));
    std::string why = "no remote vulnerability on " + t.id + " and no credential that is admin there is held by then or cached on a host the attacker can take first";
    if (cached.empty()) return why + " (no credential is admin there)";
    std::string list;
    for (size_t k = 0; k < cached.size() && k < 3; ++k) list += (k ? "; " : "") + cached[k];
    if (cached.size() > 3) list += "; and " + std::to_string(cached.size() - 3) + " more";
    return why + " (cached: " + list + ")";
}

void PathLateral(const Scenario& s, const std::vector<HostId>& matches, PathWalk& walk, PathStage& out)
{
    const World& w = s.world;
    out.acts_on += "; from " + PathList(PathZones(w, PathHeldZones(w, walk)), 6);
    if (matches.empty()) {
        out.reachable = false;
        out.why_not = "no host matches its target";
        return;
    }
    const std::vector<HostId> picks = PathPicks(walk, matches);
    if (!walk.seeded && matches.size() > 1) out.acts_on += "; goes for " + w.hosts[picks.front()].id + ", the first (a scripted campaign)";
    PathWalk after = walk;
    std::vector<HostId> reached;
    std::set<std::string> seen;
    std::string why;
    for (HostId t : picks) {
        PathWalk trial = walk;
        std::vector<std::string> via;
        if (!PathHopTo(s, trial, t, out.number, via)) {
            if (why.empty()) why = PathWhyStuck(s, trial, t);
            continue;
        }
        reached.push_back(t);
        std::vector<std::string> lines = via;
        if (walk.held[t]) lines.push_back(w.hosts[t].id + " is held already");
        else {
            PathWalk before = trial; // what it holds when it takes the target (the target's own cache not dumped)
            before.held[t] = 0;
            for (const auto& o : PathOpeners(s, before, t)) lines.push_back(o);
        }
        for (const auto& l : lines)
            if (seen.insert(l).second) out.opens.push_back(l);
        for (size_t h = 0; h < after.held.size(); ++h) after.held[h] = std::max(after.held[h], trial.held[h]);
        for (const auto& [id, how] : trial.creds) after.creds.emplace(id, how);
    }
    if (reached.empty()) {
        out.reachable = false;
        out.why_not = why;
        return;
    }
    walk = after;
    walk.footholds = reached;
}

// attacker.cpp ImpactTargets: the matching running hosts it holds with admin rights, or that are
// one flow from a host it holds, with a credential admin there.
std::vector<HostId> PathImpactTargets(const World& w, const PathWalk& walk, const std::vector<HostId>& matches)
{
    const std::vector<bool> held_zones = PathHeldZones(w, walk);
    std::vector<bool> zone_reach(w.zones.size(), false);
    for (ZoneId f = 0; f < (ZoneId)w.zones.size(); ++f)
        if (held_zones[f])
            for (ZoneId z = 0; z < (ZoneId)w.zones.size(); ++z) zone_reach[z] = zone_reach[z] || w.CanReach(f, z);
    const PathAdmin admin(w, walk);
    std::vector<HostId> out;
    for (HostId h : matches) {
        if (w.hosts[h].state != HostState::Running || w.hosts[h].encrypted) continue;
        if (walk.held[h] >= 2 || (zone_reach[w.hosts[h].zone] && admin.Has(w, h))) out.push_back(h);
    }
    return out;
}

// Collection, exfiltration, backup deletion and impact, as attacker.cpp's aims need them: a store on
// the foothold or one flow from it with an admin credential for its host; something staged; a host
// it can encrypt (and a backup left).
void PathEffect(const Scenario& s, const Stage& st, const std::vector<HostId>& matches, PathWalk& walk, PathStage& out)
{
    const World& w = s.world;
    const PathAdmin admin(w, walk);
    switch (st.action) {
    case StageAction::Collection: {
        std::vector<std::string> staged, out_of_reach;
        for (StoreId d = 0; d < (StoreId)w.stores.size(); ++d) {
            const DataStore& ds = w.stores[d];
            if ((!st.target.store.empty() && ds.id != st.target.store) || walk.staged.count(d)) continue;
            bool ok = false;
            for (HostId f : walk.footholds)
                ok = ok || ds.host == f ||
                     (ds.host != kNone && w.CanReach(w.hosts[f].zone, w.hosts[ds.host].zone) && admin.Has(w, ds.host));
            (ok ? staged : out_of_reach).push_back(ds.id + (ds.host != kNone ? " on " + w.hosts[ds.host].id : ""));
            if (ok) walk.staged.insert(d);
        }
        if (!staged.empty()) out.opens.push_back("stages " + PathList(staged, 4) + " (its foothold there, or one flow away with a credential admin there)");
        else {
            out.reachable = false;
            out.why_not = out_of_reach.empty() ? "nothing left to stage"
                                                : "no data store it can reach: " + PathList(out_of_reach, 4) +
                                                      " is neither where it stands nor one flow away with a credential admin there";
        }
        break;
    }
    case StageAction::Exfiltration: {
        bool any = false;
        for (StoreId d : walk.staged) any = any || st.target.store.empty() || w.stores[d].id == st.target.store;
        if (!any) {
            out.reachable = false;
            out.why_not = "nothing staged to send: no earlier collection stage it reaches stages " +
                          (st.target.store.empty() ? std::string("a data store") : st.target.store);
        }
        break;
    }
    case StageAction::InhibitRecovery:
    case StageAction::Impact: {
        const auto targets = PathImpactTargets(w, walk, matches);
        const bool backup = std::any_of(w.hosts.begin(), w.hosts.end(), [](const Host& h) { return h.backup && h.backup_intact; });
        if (targets.empty()) {
            out.reachable = false;
            out.why_not = "no target it holds with admin rights, or one flow away with a credential admin there";
        } else if (st.action == StageAction::InhibitRecovery && (!backup || walk.backups_gone)) {
            out.reachable = false;
            out.why_not = backup ? "an earlier stage deletes the backups already" : "no host has a backup to delete";
        } else {
            out.opens.push_back("reaches " + std::to_string(targets.size()) + " of the " + std::to_string(matches.size()) + " hosts it targets: " +
                                PathHosts(w, targets));
            if (st.action == StageAction::InhibitRecovery) walk.backups_gone = true;
        }
        break;
    }
    default: break;
    }
}

} // namespace

PathReport AnalyzePaths(const Scenario& s)
{
    PathReport r;
    PathEstate(s, r);
    for (const char* hook : {"on_start", "on_tick", "on_technique", "on_alert", "on_command", "on_inject"})
        if (s.script_text.find(std::string("function ") + hook) != std::string::npos) r.script_hooks.push_back(hook);
    const World& w = s.world;
    if (w.zones.empty() || w.flows.size() != w.zones.size()) return r;
    PathWalk walk;
    walk.held.assign(w.hosts.size(), 0);
    walk.seeded = s.campaign.seeded;
    const bool technique_hook = std::find(r.script_hooks.begin(), r.script_hooks.end(), "on_technique") != r.script_hooks.end();
    for (size_t i = 0; i < s.campaign.stages.size(); ++i) {
        const Stage& st = s.campaign.stages[i];
        PathStage out;
        out.number = (int)i + 1;
        out.name = st.name;
        out.action = StageActionName(st.action);
        out.technique = Catalog().Label(st.technique);
        std::vector<HostId> matches;
        HostId store_host = kNone;
        for (const auto& store : w.stores)
            if (!st.target.store.empty() && store.id == st.target.store) store_host = store.host;
        const bool targeted = !st.target.host.empty() || !st.target.kinds.empty() || !st.target.zone.empty() || store_host != kNone;
        for (HostId h = 0; h < (HostId)w.hosts.size(); ++h)
            if (store_host != kNone ? h == store_host : PathMatches(w, h, st.target)) matches.push_back(h);
        const std::string sel = PathSelector(st.target);
        out.acts_on = targeted ? std::to_string(matches.size()) + (matches.size() == 1 ? " host" : " hosts") + " (" + sel + "): " + PathHosts(w, matches)
                               : "the foothold: " + (walk.footholds.empty() ? std::string("none yet") : PathHosts(w, walk.footholds));
        std::vector<HostId> acting = targeted ? matches : walk.footholds;
        switch (st.action) {
        case StageAction::InitialAccess: PathInitialAccess(s, st, matches, walk, out); acting = walk.footholds; break;
        case StageAction::Reconnaissance:
        case StageAction::ResourceDevelopment: // before the breach, from outside (pre_attack.h)
            acting = PreAttackTargets(w, st);
            out.acts_on = acting.empty() ? std::string("outside the estate: touches none of its hosts")
                                         : "outside the estate: probes " + std::to_string(acting.size()) +
                                               (acting.size() == 1 ? " internet-facing host: " : " internet-facing hosts: ") + PathHosts(w, acting);
            break;
        case StageAction::LateralMovement: PathLateral(s, matches, walk, out); if (out.reachable) acting = walk.footholds; break;
        case StageAction::CredentialAccess: {
            // attacker.cpp steals on the foothold it stands on, whatever the stage's target says.
            std::set<IdentityId> users; // the hosts' own users: counted, not named
            for (HostId h : walk.footholds)
                if (w.hosts[h].user != kNone) users.insert(w.hosts[h].user);
            std::vector<std::string> names;
            size_t user_count = 0;
            const std::string on = walk.footholds.size() == 1 ? " on " + w.hosts[walk.footholds.front()].id : " on its foothold";
            std::vector<uint8_t> here(w.hosts.size(), 0);
            for (HostId h : walk.footholds) here[h] = 1;
            for (IdentityId id = 0; id < (IdentityId)w.identities.size(); ++id) {
                const Identity& ident = w.identities[id];
                if (ident.disabled || walk.creds.count(id)) continue;
                if (std::none_of(ident.cached_on.begin(), ident.cached_on.end(), [&](HostId c) { return here[c] != 0; })) continue;
                if (users.count(id)) ++user_count;
                else names.push_back(ident.id);
                walk.creds.emplace(id, "stolen by stage " + std::to_string(out.number) + on);
            }
            if (user_count) names.push_back(std::to_string(user_count) + (user_count == 1 ? " host user" : " host users"));
            if (!names.empty())
                out.opens.push_back((walk.footholds.size() == 1 ? "steals " : "may steal ") + PathList(names, 6) +
                                     (walk.footholds.size() == 1 ? on : " (whichever of them its foothold holds)"));
            if (walk.footholds.empty()) {
                out.reachable = false;
                out.why_not = "no earlier stage gives the attacker a foothold";
            } else if (names.empty()) { // attacker.cpp: the attempt has nothing to act on, and fails
                out.reachable = false;
                out.why_not = "nothing to steal: no credential the attacker does not hold already is cached" + on + ", where it stands";
            }
            break;
        }
        case StageAction::PrivilegeEscalation:
            for (HostId h : walk.footholds) walk.held[h] = 2;
            [[fallthrough]];
        default:
            if (walk.footholds.empty() && st.action != StageAction::InitialAccess) {
                out.reachable = false;
                out.why_not = "no earlier stage gives the attacker a foothold";
            } else PathEffect(s, st, matches, walk, out); // an impact without a target matches every host
            break;
        }
        out.seen_by = PathSights(w, st.technique, acting);
        if (IsPreAttack(st.action) && acting.empty()) out.seen_by.clear(); // nothing inside the estate to see it
        for (const auto& in : s.injects)
            if (in.trigger == InjectTrigger::Stage && in.stage == (int)i)
                out.fires.push_back("inject " + std::to_string(in.number) + ": " +
                                    (in.delay_s > 0 ? FormatScenarioTime(in.delay_s).substr(2) + " after its first success" : "at its first success"));
            else if (in.trigger == InjectTrigger::Combined && PathConditionNames(in.condition, (int)i))
                out.fires.push_back("inject " + std::to_string(in.number) + ": " + DescribeInjectTiming(in, s) + " (this stage is a part)");
        if (technique_hook)
            out.fires.push_back(std::string("script: on_technique") +
                                (s.script_text.find("\"" + st.technique + "\"") != std::string::npos ? " (names " + st.technique + ")" : ""));
        r.stages.push_back(std::move(out));
    }
    return r;
}

} // namespace bd
