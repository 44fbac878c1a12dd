// scenario_loader_estate.cpp: the scenario loader's estate (scenario_loader_parts.h):
// "infrastructure" (sensor types, vulnerabilities, zones, flows, hosts, host groups), "identities",
// "services" and "data_stores" (docs/authoring.md). Host groups are expanded here, scaled to
// LoadOptions::size; every per-host draw comes from the loader's one Rng, in file order.
#include "world/scenario_loader_parts.h"

#include "world/attack_catalog.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace bd {
namespace loader_detail {

namespace {

// Removes repeated elements, keeping the first of each in place. Linear for the short lists of
// real scenarios, n log n for long ones (a hostile file's 100,000 references must not cost n^2).
template <class T>
void DedupeKeepOrder(std::vector<T>& v)
{
    if (v.size() < 2) return;
    size_t w = 0;
    if (v.size() <= 16) {
        for (size_t r = 0; r < v.size(); ++r)
            if (std::find(v.begin(), v.begin() + (std::ptrdiff_t)w, v[r]) == v.begin() + (std::ptrdiff_t)w) v[w++] = v[r];
    } else {
        std::set<T> seen;
        for (size_t r = 0; r < v.size(); ++r)
            if (seen.insert(v[r]).second) v[w++] = v[r];
    }
    v.resize(w);
}

std::string ValueText(const json& v)
{
    if (v.is_string()) return "'" + v.get<std::string>() + "'";
    std::string s = v.dump();
    if (s.size() > 40) s = s.substr(0, 37) + "...";
    return s;
}

} // namespace

// [SECTION] The loader: infrastructure

void Loader::LoadInfrastructure(const json& root)
{
    const json* infra = GetObject(root, "", "infrastructure", true);
    if (!infra) return;
    CheckKeys(*infra, "/infrastructure", {"zones", "flows", "vulnerabilities", "sensor_types", "hosts", "host_groups"});
    // Order matters: zones and hosts refer to sensor types and vulnerabilities.
    LoadSensorTypes(*infra);
    LoadVulnerabilities(*infra);
    LoadZones(*infra);
    LoadFlows(*infra);
    LoadHosts(*infra);
    LoadHostGroups(*infra);
    if (!W().hosts.empty()) return;
    // No host at all: say why, unless broken entries were reported already.
    size_t written = 0;
    for (const char* key : {"hosts", "host_groups"})
        if (auto it = infra->find(key); it != infra->end() && it->is_array()) written += it->size();
    if (!infra->contains("hosts") && !infra->contains("host_groups"))
        Error("/infrastructure", problem::kMissing, "required field 'hosts' or 'host_groups' is missing");
    else if (written == 0)
        Error(infra->contains("hosts") ? "/infrastructure/hosts" : "/infrastructure/host_groups", problem::kEmptyList,
              "the scenario defines no host (hosts and host_groups are both empty)");
}

void Loader::LoadSensorTypes(const json& infra)
{
    const json* a = GetArray(infra, "/infrastructure", "sensor_types", false);
    if (!a) return;
    for (size_t i = 0; i < a->size(); ++i) {
        const std::string p = At("/infrastructure/sensor_types", i);
        const json& o = (*a)[i];
        if (!ExpectType(o, p, json::value_t::object, "an object")) continue;
        CheckKeys(o, p, {"id", "name", "team", "observes", "detect_prob", "delay_s", "fp_per_day", "symptoms"});
        SensorType st;
        auto id = GetId(o, p, "id");
        st.name = GetStringOr(o, p, "name", id ? *id : std::string());
        st.team = GetTeam(o, p, "team", Team::SecOps);
        const auto observes = GetStrings(o, p, "observes");
        for (size_t k = 0; k < observes.size(); ++k) {
            if (!Catalog().HasDataComponent(observes[k])) {
                Error(At(At(p, "observes"), k), problem::kNoDataComponent,
                      "data component '" + observes[k] + "' is not in ATT&CK v18.1 (ids look like DC0032)");
                continue;
            }
            st.observes.push_back(observes[k]);
        }
        std::sort(st.observes.begin(), st.observes.end());
        st.observes.erase(std::unique(st.observes.begin(), st.observes.end()), st.observes.end());
        st.detect_prob = GetProbability(o, p, "detect_prob", st.detect_prob);
        st.delay_s = GetSeconds(o, p, "delay_s", st.delay_s, SecondsRule::NonNegative);
        st.fp_per_day = GetAmount(o, p, "fp_per_day", 0.0, 10000.0);
        st.symptoms = GetBool(o, p, "symptoms", false);
        if (!id || !Define(sensor_defs_, *id, At(p, "id"), "sensor type")) continue;
        st.id = *id;
        sensor_index_[st.id] = (SensorTypeId)W().sensor_types.size();
        W().sensor_types.push_back(std::move(st));
    }
}

void Loader::LoadVulnerabilities(const json& infra)
{
    const json* a = GetArray(infra, "/infrastructure", "vulnerabilities", false);
    if (!a) return;
    for (size_t i = 0; i < a->size(); ++i) {
        const std::string p = At("/infrastructure/vulnerabilities", i);
        const json& o = (*a)[i];
        if (!ExpectType(o, p, json::value_t::object, "an object")) continue;
        CheckKeys(o, p, {"id", "software", "disclosed_at_s", "remote", "patch_fail_prob"});
        Vulnerability v;
        auto id = GetId(o, p, "id");
        v.software = GetStringOr(o, p, "software", "");
        v.disclosed_at = GetSeconds(o, p, "disclosed_at_s", 0, SecondsRule::Any);
        v.remote = GetBool(o, p, "remote", true);
        v.patch_fail_prob = GetProbability(o, p, "patch_fail_prob", 0.0);
        if (!id || !Define(vuln_defs_, *id, At(p, "id"), "vulnerability")) continue;
        v.id = *id;
        vuln_index_[v.id] = (int32_t)W().vulns.size();
        W().vulns.push_back(std::move(v));
    }
}

void Loader::LoadZones(const json& infra)
{
    const json* a = GetArray(infra, "/infrastructure", "zones", true);
    if (!a) return;
    if (a->empty()) Error("/infrastructure/zones", problem::kEmptyList, "zones needs at least one zone");
    if (a->size() > kMaxZones) {
        Error("/infrastructure/zones", problem::kTooManyZones,
              std::to_string(a->size()) + " zones, more than the " + std::to_string(kMaxZones) + " the engine supports");
        return;
    }
    for (size_t i = 0; i < a->size(); ++i) {
        const std::string p = At("/infrastructure/zones", i);
        const json& o = (*a)[i];
        if (!ExpectType(o, p, json::value_t::object, "an object")) continue;
        CheckKeys(o, p, {"id", "name", "internet", "sensors"});
        Zone z;
        auto id = GetId(o, p, "id");
        z.name = GetStringOr(o, p, "name", id ? *id : std::string());
        z.internet = GetBool(o, p, "internet", false);
        std::vector<std::string> ptrs;
        const auto sensors = GetStrings(o, p, "sensors", &ptrs);
        for (size_t k = 0; k < sensors.size(); ++k)
            if (SensorTypeId s = SensorRef(sensors[k], ptrs[k]); s != kNone) z.sensors.push_back(s);
        DedupeKeepOrder(z.sensors);
        if (!id || !Define(zone_defs_, *id, At(p, "id"), "zone")) continue;
        z.id = *id;
        zone_index_[z.id] = (ZoneId)W().zones.size();
        W().zones.push_back(std::move(z));
    }
    if (!a->empty() && !W().zones.empty() &&
        std::none_of(W().zones.begin(), W().zones.end(), [](const Zone& z) { return z.internet; }))
        Error("/infrastructure/zones", problem::kNoInternet,
              "no zone has \"internet\": true: the attacker needs somewhere to start from");
}

void Loader::LoadFlows(const json& infra)
{
    const json* a = GetArray(infra, "/infrastructure", "flows", false);
    if (!a) return;
    for (size_t i = 0; i < a->size(); ++i) {
        const std::string p = At("/infrastructure/flows", i);
        const json& f = (*a)[i];
        if (!f.is_array() || f.size() != 2 || !f[0].is_string() || !f[1].is_string()) {
            Error(p, problem::kWrongType, "expected a pair of zone ids [from, to], got " + ValueText(f));
            continue;
        }
        const ZoneId from = ZoneRef(f[0].get<std::string>(), At(p, 0));
        const ZoneId to = ZoneRef(f[1].get<std::string>(), At(p, 1));
        if (from != kNone && to != kNone) flow_pairs_.emplace_back(from, to);
    }
}

void Loader::LoadHosts(const json& infra)
{
    const json* a = GetArray(infra, "/infrastructure", "hosts", false);
    if (!a) return;
    for (size_t i = 0; i < a->size(); ++i) {
        const std::string p = At("/infrastructure/hosts", i);
        const json& o = (*a)[i];
        if (!ExpectType(o, p, json::value_t::object, "an object")) continue;
        CheckKeys(o, p, {"id", "kind", "os", "zone", "criticality", "production", "owner", "software", "vulns", "sensors",
                         "backup", "user"});
        Host h;
        auto id = GetId(o, p, "id");
        h.kind = GetStringOr(o, p, "kind", "server");
        if (!IsKnownHostKind(h.kind))
            Warn(At(p, "kind"), problem::kBadHostKind,
                 "host kind '" + h.kind + "' is not one the engine knows (" + KnownHostKinds() + "); it is treated as a server");
        h.os = GetStringOr(o, p, "os", "windows");
        if (auto z = GetString(o, p, "zone", true)) h.zone = ZoneRef(*z, At(p, "zone"));
        h.criticality = (int)GetScale(o, p, "criticality", 1, 1, 5);
        h.production = GetBool(o, p, "production", h.kind != "workstation");
        h.owner = GetTeam(o, p, "owner", Team::ITOps);
        h.software = GetStrings(o, p, "software");
        std::vector<std::string> ptrs;
        const auto vulns = GetStrings(o, p, "vulns", &ptrs);
        for (size_t k = 0; k < vulns.size(); ++k)
            if (int32_t v = VulnRef(vulns[k], ptrs[k]); v != kNone) h.vulns.push_back(v);
        ptrs.clear();
        const auto sensors = GetStrings(o, p, "sensors", &ptrs);
        for (size_t k = 0; k < sensors.size(); ++k)
            if (SensorTypeId s = SensorRef(sensors[k], ptrs[k]); s != kNone) h.sensors.push_back(s);
        DedupeKeepOrder(h.vulns);
        DedupeKeepOrder(h.sensors);
        h.backup = GetBool(o, p, "backup", false);
        auto user = GetString(o, p, "user", false);
        if (!id || !Define(host_defs_, *id, At(p, "id"), "host")) continue;
        h.id = *id;
        const HostId hid = (HostId)W().hosts.size();
        host_index_[h.id] = hid;
        if (user) pending_users_.push_back({hid, *user, At(p, "user")});
        W().hosts.push_back(std::move(h));
    }
}

void Loader::LoadHostGroups(const json& infra)
{
    const json* a = GetArray(infra, "/infrastructure", "host_groups", false);
    std::vector<GroupSpec> groups;
    if (a) {
        for (size_t i = 0; i < a->size(); ++i) {
            const std::string p = At("/infrastructure/host_groups", i);
            const json& o = (*a)[i];
            if (!ExpectType(o, p, json::value_t::object, "an object")) continue;
            CheckKeys(o, p, {"prefix", "count", "scalable", "zone", "kind", "os", "criticality", "production", "owner",
                             "software", "vulns", "sensors", "backup", "user_per_host"});
            GroupSpec g;
            g.pointer = p;
            auto prefix = GetId(o, p, "prefix");
            if (prefix) {
                g.prefix = *prefix;
                if (auto it = host_defs_.find(g.prefix); it != host_defs_.end()) {
                    Error(At(p, "prefix"), problem::kDuplicateId,
                          "host group '" + g.prefix + "' has the id of a host (defined at " + it->second + ")");
                    g.valid = false;
                } else if (!Define(group_defs_, g.prefix, At(p, "prefix"), "host group")) {
                    g.valid = false;
                }
            } else {
                g.valid = false;
            }
            if (o.contains("count")) {
                if (auto n = Integer(o["count"], At(p, "count"), 1, kMaxHosts, "count")) g.count = *n;
                else g.valid = false;
            } else {
                Error(p, problem::kMissing, "required field 'count' is missing");
                g.valid = false;
            }
            g.scalable = GetBool(o, p, "scalable", false);
            if (auto z = GetString(o, p, "zone", true)) {
                g.zone = ZoneRef(*z, At(p, "zone"));
                if (g.zone == kNone) g.valid = false;
            } else {
                g.valid = false;
            }
            g.kind = GetStringOr(o, p, "kind", "workstation");
            if (!IsKnownHostKind(g.kind))
                Warn(At(p, "kind"), problem::kBadHostKind,
                     "host kind '" + g.kind + "' is not one the engine knows (" + KnownHostKinds() + "); it is treated as a server");
            g.os = GetStringOr(o, p, "os", "windows");
            g.criticality = (int)GetScale(o, p, "criticality", 1, 1, 5);
            if (const json* prod = Member(o, p, "production", false);
                prod && ExpectType(*prod, At(p, "production"), json::value_t::boolean, "true or false"))
                g.production = prod->get<bool>();
            g.owner = GetTeam(o, p, "owner", Team::ITOps);
            g.software = GetStrings(o, p, "software");
            if (const json* vs = GetArray(o, p, "vulns", false)) {
                for (size_t k = 0; k < vs->size(); ++k) {
                    const std::string vp = At(At(p, "vulns"), k);
                    if (auto e = ProbEntry((*vs)[k], vp))
                        if (int32_t v = VulnRef(e->first, (*vs)[k].is_string() ? vp : At(vp, "id")); v != kNone)
                            g.vulns.emplace_back(v, e->second);
                }
            }
            if (const json* ss = GetArray(o, p, "sensors", false)) {
                for (size_t k = 0; k < ss->size(); ++k) {
                    const std::string sp = At(At(p, "sensors"), k);
                    if (auto e = ProbEntry((*ss)[k], sp))
                        if (SensorTypeId s = SensorRef(e->first, (*ss)[k].is_string() ? sp : At(sp, "id")); s != kNone)
                            g.sensors.emplace_back(s, e->second);
                }
            }
            g.backup = GetBool(o, p, "backup", false);
            g.user_per_host = GetBool(o, p, "user_per_host", false);
            groups.push_back(std::move(g));
        }
    }
    ExpandHostGroups(groups);
}

void Loader::ExpandHostGroups(std::vector<GroupSpec>& groups)
{
    // Scaling: explicit hosts and fixed groups keep their counts; scalable groups share what is left
    // of `size` in proportion to their written counts, at least one host each.
    int64_t fixed = (int64_t)W().hosts.size(), scalable = 0;
    for (const auto& g : groups) {
        if (!g.valid) continue;
        (g.scalable ? scalable : fixed) += g.count;
    }
    if (options_.size > 0) {
        if (scalable == 0) {
            Warn("/infrastructure/host_groups", problem::kNotScalable,
                 "size " + std::to_string(options_.size) + " was asked, but no host group is scalable: the scenario keeps its " +
                     std::to_string(fixed) + " hosts");
        } else {
            const double budget = (double)std::max<int64_t>(options_.size - fixed, 0);
            for (auto& g : groups)
                if (g.valid && g.scalable)
                    g.count = std::max<int64_t>(1, std::llround((double)g.count * budget / (double)scalable));
        }
    }
    int64_t total = (int64_t)W().hosts.size();
    for (const auto& g : groups)
        if (g.valid) total += g.count;
    bool too_many = total > kMaxHosts;
    if (too_many) {
        Error("/infrastructure/host_groups", problem::kTooManyHosts,
              "the scenario would have " + std::to_string(total) + " hosts" +
                  (options_.size > 0 ? " at size " + std::to_string(options_.size) : std::string()) + "; the limit is " +
                  std::to_string(kMaxHosts));
    } else {
        // Every host of a group draws each listed vulnerability and sensor: count x draws.
        for (const auto& g : groups)
            if (g.valid && !Expand(g.count * (int64_t)(g.vulns.size() + g.sensors.size()), g.pointer,
                                   ("host group '" + g.prefix + "'").c_str()))
                too_many = true;
    }
    if (too_many) {
        // The groups still exist (empty), so references to them are not reported a second time;
        // the attack path is not checked on a world that was not built.
        for (const auto& g : groups)
            if (g.valid) group_hosts_[g.prefix];
        hosts_truncated_ = true;
        return;
    }
    W().hosts.reserve((size_t)total);
    host_defs_.reserve((size_t)total);
    host_index_.reserve((size_t)total);

    for (const auto& g : groups) {
        if (!g.valid) continue;
        int width = 3;
        for (int64_t c = g.count; c >= 1000; c /= 10) ++width;
        auto& members = group_hosts_[g.prefix];
        members.reserve((size_t)g.count);
        const std::string idp = At(g.pointer, "prefix"); // where each of its hosts is defined
        for (int64_t n = 1; n <= g.count; ++n) {
            std::string num = std::to_string(n);
            if ((int)num.size() < width) num.insert(0, (size_t)width - num.size(), '0');
            Host h;
            h.id = g.prefix + "-" + num;
            h.kind = g.kind;
            h.os = g.os;
            h.zone = g.zone;
            h.criticality = g.criticality;
            h.production = g.production ? *g.production : g.kind != "workstation";
            h.owner = g.owner;
            h.software = g.software;
            // The draws, in a fixed order: each vulnerability, then each sensor, as listed.
            for (auto [v, prob] : g.vulns)
                if (rng_.Chance(prob)) h.vulns.push_back(v);
            for (auto [s, prob] : g.sensors)
                if (rng_.Chance(prob)) h.sensors.push_back(s);
            DedupeKeepOrder(h.vulns);
            DedupeKeepOrder(h.sensors);
            h.backup = g.backup;
            if (!Define(host_defs_, h.id, idp, "host")) continue;
            const HostId hid = (HostId)W().hosts.size();
            host_index_[h.id] = hid;
            members.push_back(hid);
            if (g.user_per_host) user_hosts_.push_back(hid);
            W().hosts.push_back(std::move(h));
        }
    }
}

// [SECTION] The loader: identities, services, data stores

void Loader::LoadIdentities(const json& root)
{
    if (const json* a = GetArray(root, "", "identities", false)) {
        for (size_t i = 0; i < a->size(); ++i) {
            const std::string p = At("/identities", i);
            const json& o = (*a)[i];
            if (!ExpectType(o, p, json::value_t::object, "an object")) continue;
            CheckKeys(o, p, {"id", "name", "privilege", "cached_on", "admin_on", "remote_access"});
            Identity idn;
            auto id = GetId(o, p, "id");
            idn.name = GetStringOr(o, p, "name", id ? *id : std::string());
            if (auto pr = GetString(o, p, "privilege", false)) {
                if (auto parsed = ParsePrivilege(*pr)) idn.privilege = *parsed;
                else
                    Error(At(p, "privilege"), problem::kBadPrivilege,
                          "unknown privilege '" + *pr + "' (expected user, local_admin, server_admin or domain_admin)");
            }
            // cached_on: host ids, group prefixes (every host of the group), or {"group", "prob"} draws.
            if (const json* cs = GetArray(o, p, "cached_on", false)) {
                for (size_t k = 0; k < cs->size(); ++k) {
                    const std::string cp = At(At(p, "cached_on"), k);
                    const json& c = (*cs)[k];
                    if (c.is_string()) {
                        HostsOrGroup(c.get<std::string>(), cp, idn.cached_on);
                    } else if (c.is_object()) {
                        CheckKeys(c, cp, {"group", "prob"});
                        auto group = GetString(c, cp, "group", true);
                        const double prob = GetProbability(c, cp, "prob", 1.0);
                        if (!group) continue;
                        auto it = group_hosts_.find(*group);
                        if (it == group_hosts_.end()) {
                            Error(At(cp, "group"), problem::kNoGroup, "host group '" + *group + "' is not defined" + Suggest(*group, group_hosts_));
                            continue;
                        }
                        if (!Expand((int64_t)it->second.size(), At(cp, "group"), ("host group '" + *group + "'").c_str())) continue;
                        for (HostId h : it->second)
                            if (rng_.Chance(prob)) idn.cached_on.push_back(h);
                    } else {
                        Error(cp, problem::kWrongType,
                              std::string("expected a host id, a group prefix or {\"group\", \"prob\"}, got ") + c.type_name());
                    }
                }
            }
            std::vector<std::string> ptrs;
            const auto admin = GetStrings(o, p, "admin_on", &ptrs);
            for (size_t k = 0; k < admin.size(); ++k) HostsOrGroup(admin[k], ptrs[k], idn.admin_on);
            for (auto* v : {&idn.cached_on, &idn.admin_on}) {
                std::sort(v->begin(), v->end());
                v->erase(std::unique(v->begin(), v->end()), v->end());
            }
            idn.remote_access = GetBool(o, p, "remote_access", false);
            if (!id || !Define(identity_defs_, *id, At(p, "id"), "identity")) continue;
            idn.id = *id;
            identity_index_[idn.id] = (IdentityId)W().identities.size();
            W().identities.push_back(std::move(idn));
        }
    }
    // One user per host of the groups that ask for it, after the written identities.
    identity_defs_.reserve(identity_defs_.size() + user_hosts_.size());
    identity_index_.reserve(identity_index_.size() + user_hosts_.size());
    for (HostId h : user_hosts_) {
        Identity u;
        u.id = "u-" + W().hosts[h].id;
        u.name = "User at " + W().hosts[h].id;
        u.cached_on = {h};
        if (auto it = identity_defs_.find(u.id); it != identity_defs_.end()) {
            Error(it->second, problem::kDuplicateId,
                  "identity '" + u.id + "' is also created by user_per_host for host '" + W().hosts[h].id + "'");
            continue;
        }
        identity_defs_.emplace(u.id, "(user_per_host)");
        const IdentityId iid = (IdentityId)W().identities.size();
        identity_index_[u.id] = iid;
        W().hosts[h].user = iid;
        W().identities.push_back(std::move(u));
    }
    for (const auto& pu : pending_users_) {
        auto it = identity_index_.find(pu.identity);
        if (it == identity_index_.end()) {
            Error(pu.pointer, problem::kNoIdentity, "identity '" + pu.identity + "' is not defined" + Suggest(pu.identity, identity_index_));
            continue;
        }
        W().hosts[pu.host].user = it->second;
    }
}

void Loader::LoadServices(const json& root)
{
    const json* a = GetArray(root, "", "services", false);
    if (!a) return;
    for (size_t i = 0; i < a->size(); ++i) {
        const std::string p = At("/services", i);
        const json& o = (*a)[i];
        if (!ExpectType(o, p, json::value_t::object, "an object")) continue;
        CheckKeys(o, p, {"id", "name", "depends_on", "standby", "cost_per_hour", "owner"});
        Service s;
        auto id = GetId(o, p, "id");
        s.name = GetStringOr(o, p, "name", id ? *id : std::string());
        std::vector<std::string> ptrs;
        const json* deps = GetArray(o, p, "depends_on", true);
        if (deps && deps->empty()) Error(At(p, "depends_on"), problem::kEmptyList, "depends_on needs at least one host");
        for (const auto& [field, out] : {std::pair{"depends_on", &s.depends_on}, std::pair{"standby", &s.standby}}) {
            ptrs.clear();
            const auto ids = GetStrings(o, p, field, &ptrs);
            for (size_t k = 0; k < ids.size(); ++k)
                if (HostId h = HostRef(ids[k], ptrs[k]); h != kNone) out->push_back(h);
            DedupeKeepOrder(*out);
        }
        s.cost_per_hour = GetAmount(o, p, "cost_per_hour", 0.0, kMaxMoney);
        s.owner = GetTeam(o, p, "owner", Team::ITOps);
        if (!id || !Define(service_defs_, *id, At(p, "id"), "service")) continue;
        s.id = *id;
        W().services.push_back(std::move(s));
    }
}

void Loader::LoadStores(const json& root)
{
    const json* a = GetArray(root, "", "data_stores", false);
    if (!a) return;
    for (size_t i = 0; i < a->size(); ++i) {
        const std::string p = At("/data_stores", i);
        const json& o = (*a)[i];
        if (!ExpectType(o, p, json::value_t::object, "an object")) continue;
        CheckKeys(o, p, {"id", "name", "host", "records", "personal_data"});
        DataStore d;
        auto id = GetId(o, p, "id");
        d.name = GetStringOr(o, p, "name", id ? *id : std::string());
        if (auto h = GetString(o, p, "host", true)) d.host = HostRef(*h, At(p, "host"));
        d.records = GetCount(o, p, "records", 0, 0, kMaxRecords);
        d.personal_data = GetBool(o, p, "personal_data", false);
        if (!id || !Define(store_defs_, *id, At(p, "id"), "data store")) continue;
        d.id = *id;
        store_index_[d.id] = (StoreId)W().stores.size();
        W().stores.push_back(std::move(d));
    }
}

} // namespace loader_detail
} // namespace bd
