// path_report.cpp: the estate and the attack path before a run (path_report.h). The walk over the
// campaign follows the loader's attack-path checks (world/scenario_loader_campaign.cpp) and the
// attacker's rules (attack/attacker.cpp, docs/authoring.md "Actions"): foothold zones grow with each
// initial access and lateral move; a hop opens with an unpatched remote vulnerability or a credential
// that is admin on the host, held from an earlier dump or cached on a host the attacker can reach.
#include "exercise/path_report.h"

#include "attack/detection.h"
#include "attack/pre_attack.h"
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

// The walk's state: where the attacker may stand, and which credentials it may hold.
struct PathWalk {
    std::vector<bool> foothold_zones;
    std::vector<HostId> footholds;   // the hosts the next stage without a target acts from
    std::map<IdentityId, int> held;  // credentials it may hold, with the stage (from 1) that dumps them
};

// Zones reachable from the foothold zones over flows, transitively.
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
        bool can = PathIsPhish(st.technique) ? host.user != kNone : (bool)exposed[host.zone];
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
    for (HostId h : ok) walk.foothold_zones[w.hosts[h].zone] = true;
    walk.footholds = ok;
}

void PathLateral(const Scenario& s, const std::vector<HostId>& matches, PathWalk& walk, PathStage& out)
{
    const World& w = s.world;
    const std::vector<bool> reach = PathReach(w, walk.foothold_zones);
    std::vector<HostId> reached, opened;
    for (HostId h : matches)
        if (reach[w.hosts[h].zone]) reached.push_back(h);
    std::set<std::string> seen;
    for (HostId h : reached) {
        bool open = false;
        for (int32_t v : w.hosts[h].vulns)
            if (w.vulns[v].remote && w.vulns[v].disclosed_at <= s.duration_s) {
                open = true;
                if (seen.insert("v" + w.vulns[v].id).second)
                    out.opens.push_back("vulnerability " + w.vulns[v].id + " on " + w.hosts[h].id +
                                        (w.vulns[v].disclosed_at > s.campaign.start_s ? " (public at " + FormatScenarioTime(w.vulns[v].disclosed_at) + ")" : ""));
            }
        for (IdentityId i = 0; i < (IdentityId)w.identities.size(); ++i) {
            if (!w.IsAdminOn(i, h)) continue;
            const Identity& id = w.identities[i];
            std::string how;
            if (auto it = walk.held.find(i); it != walk.held.end()) how = "if stage " + std::to_string(it->second) + " dumps it (where the foothold holds it)";
            else {
                std::vector<HostId> where;
                for (HostId c : id.cached_on)
                    if (c != h && reach[w.hosts[c].zone]) where.push_back(c);
                if (where.empty()) continue;
                how = "cached on " + PathHosts(w, where) + ", dumped there first (T1003.001)";
            }
            open = true;
            if (seen.insert("i" + id.id).second) out.opens.push_back("credential " + id.id + " (" + PrivilegeName(id.privilege) + "), " + how);
        }
        if (open) opened.push_back(h);
    }
    std::vector<bool> from = walk.foothold_zones;
    out.acts_on += "; from " + PathList(PathZones(w, from), 6);
    if (reached.empty()) {
        out.reachable = false;
        out.why_not = "no target is reachable over flows from the foothold zones";
        return;
    }
    if (opened.empty()) {
        out.reachable = false;
        out.why_not = "no remote vulnerability on " + PathHosts(w, reached) + " and no credential that is admin there is held or cached where the attacker can reach";
        return;
    }
    for (HostId h : opened) walk.foothold_zones[w.hosts[h].zone] = true;
    walk.footholds = opened;
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
    walk.foothold_zones.assign(w.zones.size(), false);
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
            std::set<IdentityId> ids;
            for (IdentityId id = 0; id < (IdentityId)w.identities.size(); ++id)
                for (HostId c : w.identities[id].cached_on)
                    if (std::find(acting.begin(), acting.end(), c) != acting.end()) ids.insert(id);
            std::vector<std::string> names;
            std::set<IdentityId> users; // the hosts' own users: counted, not named
            for (HostId h : acting)
                if (w.hosts[h].user != kNone) users.insert(w.hosts[h].user);
            size_t user_count = 0;
            for (IdentityId id : ids) {
                if (users.count(id)) ++user_count;
                else names.push_back(w.identities[id].id);
                walk.held.emplace(id, out.number);
            }
            if (user_count) names.push_back(std::to_string(user_count) + (user_count == 1 ? " host user" : " host users"));
            out.opens.push_back(names.empty() ? std::string("no credential is cached on these hosts")
                                              : "may steal " + PathList(names, 6) + " (whichever of them the foothold holds)");
            break;
        }
        default:
            if (walk.footholds.empty() && st.action != StageAction::InitialAccess) {
                out.reachable = false;
                out.why_not = "no earlier stage gives the attacker a foothold";
            }
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
