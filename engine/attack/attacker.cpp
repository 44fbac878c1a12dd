// attacker.cpp: the attacker plays its campaign stage by stage, over paths that exist.
//
// One attempt is in flight at a time: StartStage() picks where to act and schedules the attempt;
// the attempt completes in AttackerStep(), which rolls success, emits telemetry and applies the
// effect. Lateral movement goes hop by hop: each hop needs a usable stolen credential that is admin
// on the next host, or an unpatched remote vulnerability there; when the target can't be reached
// with what it holds, the attacker goes after a better credential first (credential hunting). When
// it loses its footholds it lies low, then re-plans: another live foothold, a stolen remote-access
// credential (T1078), or a fresh initial access, a bounded number of times; then it gives up.
#include "world/attack_catalog.h"
#include "attack/attacker.h"
#include "attack/detection.h"

#include <algorithm>

namespace bd {

namespace {

using EventType = Simulation::EventType;

const Campaign& CampaignOf(const Simulation& sim) { return sim.scenario().campaign; }

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

// HasAdminCredential for many hosts at once: what the usable stolen credentials are admin on,
// summed up once (World::IsAdminOn's rules: a domain admin everywhere, a server admin on every
// host that is not a workstation, anyone on the hosts listed in its admin_on).
struct AdminReach {
    bool domain = false, server = false;
    std::vector<uint8_t> on; // per host: listed in a usable credential's admin_on
    explicit AdminReach(const World& w) : on(w.hosts.size(), 0)
    {
        for (const auto& c : w.attacker.credentials) {
            if (!Usable(w, c)) continue;
            const Identity& id = w.identities[c.identity];
            domain |= id.privilege == Privilege::DomainAdmin;
            server |= id.privilege == Privilege::ServerAdmin;
            for (HostId h : id.admin_on) on[h] = 1;
        }
    }
    bool Has(const World& w, HostId h) const { return domain || (server && w.hosts[h].kind != "workstation") || on[h]; }
};

bool HasRemoteVuln(const World& w, HostId target, SimTime now)
{
    for (int32_t v : w.hosts[target].vulns)
        if (w.vulns[v].remote && w.vulns[v].disclosed_at <= now) return true;
    return false;
}

// Can the attacker take this host over the network, given a zone it can send from?
bool Takeable(const World& w, HostId h, SimTime now)
{
    const Host& host = w.hosts[h];
    return host.state == HostState::Running && (HasAdminCredential(w, h) || HasRemoteVuln(w, h, now));
}

bool Matches(const World& w, HostId h, const TargetSelector& sel)
{
    const Host& host = w.hosts[h];
    if (!sel.host.empty() && host.id != sel.host) return false;
    if (!sel.kind.empty() && host.kind != sel.kind) return false;
    if (!sel.zone.empty() && w.zones[host.zone].id != sel.zone) return false;
    return true;
}

// Scripted campaigns take the first candidate (a fixed story); seeded ones let the seed choose.
HostId Pick(Simulation& sim, const std::vector<HostId>& candidates)
{
    if (candidates.empty()) return kNone;
    if (!CampaignOf(sim).seeded) return candidates.front();
    return candidates[sim.rng().Below(candidates.size())];
}

bool NeedsC2(StageAction a)
{
    return a != StageAction::InitialAccess && a != StageAction::Execution && a != StageAction::Persistence &&
           a != StageAction::CommandAndControl;
}

bool C2Up(const World& w) { return w.attacker.c2_established && !w.attacker.c2_blocked; }

bool IsBlocked(const World& w, const std::string& indicator)
{
    return std::find(w.blocked_indicators.begin(), w.blocked_indicators.end(), indicator) != w.blocked_indicators.end();
}

// Sets up the C2 channel with the first indicator from the current one on that is not blocked
// yet. False when every indicator is blocked: the attacker cannot talk to its footholds.
bool EstablishC2(Simulation& sim)
{
    World& w = sim.mutable_world();
    AttackerState& a = w.attacker;
    const auto& ind = sim.scenario().campaign.c2_indicators;
    int i = a.c2_index;
    while (i < (int)ind.size() && IsBlocked(w, ind[i])) ++i;
    if (!ind.empty() && i >= (int)ind.size()) {
        a.c2_index = (int)ind.size() - 1;
        a.c2_established = true;
        a.c2_blocked = true;
        return false;
    }
    a.c2_index = ind.empty() ? 0 : i;
    a.c2_established = true;
    a.c2_blocked = false;
    sim.Record("c2", {{"indicator", ind.empty() ? "" : ind[a.c2_index]}, {"event", "established"}});
    return true;
}

SimTime Draw(Simulation& sim, const DurationDist& d)
{
    const double v = sim.rng().LogNormal((double)std::max<SimTime>(d.median_s, 1), d.sigma);
    return std::max<SimTime>(1, (SimTime)std::llround(std::min(v, 1e9)));
}

void ScheduleStart(Simulation& sim, SimTime at)
{
    AttackerState& a = sim.mutable_world().attacker;
    sim.Schedule(at, EventType::AttackerStep, -1, ++a.token);
}

void CampaignEvent(Simulation& sim, const char* event, const std::string& detail = "")
{
    sim.Record("campaign", {{"event", event}, {"detail", detail}});
}

void StartStage(Simulation& sim);

// The attacker lost what it was working from: lie low, then come back another way.
void Replan(Simulation& sim)
{
    World& w = sim.mutable_world();
    AttackerState& a = w.attacker;
    const auto live = LiveFootholds(w);
    if (!live.empty()) {
        a.current = Pick(sim, live);
        ScheduleStart(sim, sim.Now() + (SimTime)sim.rng().Exponential(2 * kHour));
        return;
    }
    a.current = kNone;
    a.hop_target = kNone;
    bool remote_cred = false;
    for (const auto& c : a.credentials)
        if (Usable(w, c) && w.identities[c.identity].remote_access) remote_cred = true;
    if (remote_cred || a.reentry_attempts < CampaignOf(sim).max_reentries) {
        if (!remote_cred) a.reentry_attempts++;
        CampaignEvent(sim, "quiet", remote_cred ? "lost every foothold; will come back with a stolen remote-access credential"
                                           : "lost every foothold; will try a new initial access");
        // a = -2: re-enter.
        a.returning = true;
        sim.Schedule(sim.Now() + kHour + (SimTime)sim.rng().Exponential(12 * kHour), EventType::AttackerStep, -2, ++a.token);
        return;
    }
    a.gave_up = true;
    a.returning = false;
    CampaignEvent(sim, "gave_up", "no foothold, no usable credential, no re-entry left");
}

std::vector<HostId> InitialAccessCandidates(Simulation& sim, const std::string& technique, const TargetSelector& sel)
{
    const World& w = sim.world();
    std::vector<HostId> out;
    std::vector<ZoneId> internet;
    for (ZoneId z = 0; z < (ZoneId)w.zones.size(); ++z)
        if (w.zones[z].internet) internet.push_back(z);
    const bool phish = technique.rfind("T1566", 0) == 0 || technique.rfind("T1204", 0) == 0;
    const bool exploit = technique.rfind("T1190", 0) == 0 || technique.rfind("T1133", 0) == 0 || technique.rfind("T1210", 0) == 0;
    for (HostId h = 0; h < (HostId)w.hosts.size(); ++h) {
        const Host& host = w.hosts[h];
        if (!Matches(w, h, sel) || host.state != HostState::Running || host.compromise > 0) continue;
        if (phish) {
            if (host.user == kNone || w.identities[host.user].disabled) continue;
        } else {
            bool reachable = false;
            for (ZoneId z : internet)
                if (w.CanReach(z, host.zone)) reachable = true;
            if (!reachable) continue;
            if (exploit && !HasRemoteVuln(w, h, sim.Now())) continue;
        }
        out.push_back(h);
    }
    return out;
}

// Next lateral hop towards `target`: returns {from, to}, or {kNone, kNone}. Works on zones: from
// the zones the attacker holds, any takeable host in a reachable zone is one hop away.
std::pair<HostId, HostId> NextHop(Simulation& sim, HostId target, bool& hunting)
{
    World& w = sim.mutable_world();
    const SimTime now = sim.Now();
    const auto live = LiveFootholds(w);
    const size_t nz = w.zones.size();
    hunting = false;
    // Takeable hosts, per zone (computed once per plan).
    const AdminReach reach(w);
    std::vector<std::vector<HostId>> takeable(nz);
    for (HostId h = 0; h < (HostId)w.hosts.size(); ++h)
        if (w.hosts[h].compromise == 0 && w.hosts[h].state == HostState::Running &&
            (reach.Has(w, h) || HasRemoteVuln(w, h, now))) // = Takeable(), with the credentials summed up once
            takeable[w.hosts[h].zone].push_back(h);
    // Zone BFS from the zones with a live foothold; parent links give the path.
    std::vector<int> parent(nz, -2);
    std::vector<ZoneId> frontier;
    for (HostId f : live)
        if (parent[w.hosts[f].zone] == -2) { parent[w.hosts[f].zone] = -1; frontier.push_back(w.hosts[f].zone); }
    for (size_t i = 0; i < frontier.size(); ++i)
        for (ZoneId z = 0; z < (ZoneId)nz; ++z)
            if (parent[z] == -2 && !takeable[z].empty() && w.CanReach(frontier[i], z)) { parent[z] = frontier[i]; frontier.push_back(z); }

    auto first_step = [&](HostId goal) -> std::pair<HostId, HostId> {
        // Walk the zone path back from the goal's zone to a zone next to a foothold zone.
        ZoneId z = w.hosts[goal].zone;
        ZoneId from_zone = -1;
        for (HostId f : live)
            if (w.CanReach(w.hosts[f].zone, z)) from_zone = w.hosts[f].zone;
        if (from_zone >= 0 && (w.hosts[goal].compromise > 0 || Takeable(w, goal, now))) {
            for (HostId f : live)
                if (w.hosts[f].zone == from_zone) return {f, goal};
        }
        while (parent[z] >= 0 && parent[parent[z]] >= 0) z = parent[z];
        if (parent[z] == -2 || z == w.hosts[goal].zone) return {kNone, kNone};
        const HostId step = Pick(sim, takeable[z]);
        for (HostId f : live)
            if (w.CanReach(w.hosts[f].zone, z)) return {f, step};
        return {kNone, kNone};
    };

    if (Takeable(w, target, now) && parent[w.hosts[target].zone] != -2) {
        auto hop = first_step(target);
        if (hop.first != kNone) return hop;
    }
    // Credential hunting: a reachable host where a credential that is admin on the target is cached.
    // The identities worth hunting do not depend on the host: found once, in id order (the scan
    // below keeps the order of (zone, host, identity), so the choice is the same as trying them all).
    std::vector<IdentityId> wanted;
    for (IdentityId id = 0; id < (IdentityId)w.identities.size(); ++id) {
        const Identity& ident = w.identities[id];
        if (ident.disabled || !w.IsAdminOn(id, target)) continue;
        bool held = false;
        for (const auto& c : w.attacker.credentials)
            if (c.identity == id && Usable(w, c)) held = true;
        if (!held) wanted.push_back(id);
    }
    HostId best = kNone;
    int best_priv = -1;
    for (ZoneId z = 0; z < (ZoneId)nz && !wanted.empty(); ++z) {
        if (parent[z] == -2) continue;
        for (HostId h : takeable[z]) {
            for (IdentityId id : wanted) {
                const Identity& ident = w.identities[id];
                if ((int)ident.privilege <= best_priv) continue;
                if (std::find(ident.cached_on.begin(), ident.cached_on.end(), h) == ident.cached_on.end()) continue;
                best = h;
                best_priv = (int)ident.privilege;
            }
        }
    }
    if (best == kNone) return {kNone, kNone};
    hunting = true;
    return first_step(best);
}

void StealCredentials(Simulation& sim, HostId h)
{
    World& w = sim.mutable_world();
    for (IdentityId id = 0; id < (IdentityId)w.identities.size(); ++id) {
        const Identity& ident = w.identities[id];
        if (ident.disabled || std::find(ident.cached_on.begin(), ident.cached_on.end(), h) == ident.cached_on.end()) continue;
        bool have = false;
        for (auto& c : w.attacker.credentials)
            if (c.identity == id) {
                have = c.generation == ident.generation;
                c.generation = ident.generation;
            }
        if (have) continue;
        if (std::none_of(w.attacker.credentials.begin(), w.attacker.credentials.end(),
                         [&](const StolenCredential& c) { return c.identity == id; }))
            w.attacker.credentials.push_back({id, ident.generation});
        sim.Record("credential", {{"identity", ident.id}, {"event", "stolen"}, {"host", w.hosts[h].id}});
    }
    sim.RefreshContainment();
}

void TechniqueRecord(Simulation& sim, int stage, const Stage& st, const std::string& technique, HostId h, bool ok)
{
    sim.Record("technique", {{"stage", stage}, {"name", st.name}, {"technique", technique},
                             {"host", h != kNone ? sim.world().hosts[h].id : ""}, {"ok", ok}});
}

// Hosts the stage may encrypt / wipe backups of: matching, up, and reachable with admin rights.
std::vector<HostId> ImpactTargets(Simulation& sim, const TargetSelector& sel)
{
    const World& w = sim.world();
    const auto live = LiveFootholds(w);
    std::vector<uint8_t> zone_reach(w.zones.size(), 0);
    for (HostId f : live)
        for (ZoneId z = 0; z < (ZoneId)w.zones.size(); ++z)
            if (w.CanReach(w.hosts[f].zone, z)) zone_reach[z] = 1;
    const AdminReach reach(w); // = HasAdminCredential(), summed up once
    std::vector<HostId> out;
    for (HostId h = 0; h < (HostId)w.hosts.size(); ++h) {
        const Host& host = w.hosts[h];
        if (!Matches(w, h, sel) || host.state != HostState::Running || host.encrypted) continue;
        const bool foothold_admin = Live(w, h) && host.compromise >= 2;
        if (foothold_admin || (zone_reach[host.zone] && reach.Has(w, h))) out.push_back(h);
    }
    return out;
}

void Advance(Simulation& sim, const Stage& st)
{
    AttackerState& a = sim.mutable_world().attacker;
    a.stage++;
    a.stage_failures = 0;
    a.stage_target = kNone;
    a.hop_target = kNone;
    a.hunting = false;
    ScheduleStart(sim, sim.Now() + st.quiet_after_s);
}

void StartStage(Simulation& sim)
{
    World& w = sim.mutable_world();
    AttackerState& a = w.attacker;
    const auto& stages = CampaignOf(sim).stages;
    if (a.finished || a.gave_up) return;
    if (a.stage >= (int)stages.size()) {
        a.finished = true;
        CampaignEvent(sim, "finished", "every stage of the campaign is done");
        return;
    }
    const Stage& st = stages[a.stage];
    if (st.action != StageAction::InitialAccess && LiveFootholds(w).empty()) { Replan(sim); return; }
    if (!Live(w, a.current) && st.action != StageAction::InitialAccess) a.current = Pick(sim, LiveFootholds(w));
    if (NeedsC2(st.action) && !C2Up(w)) {
        // Nothing to talk through yet: set the channel up first, as part of this stage.
        if (a.c2_established || !EstablishC2(sim)) {
            a.waiting = true;
            return;
        }
    }
    a.waiting = false;
    switch (st.action) {
    case StageAction::InitialAccess: {
        const HostId t = Pick(sim, InitialAccessCandidates(sim, st.technique, st.target));
        if (t == kNone) {
            if (++a.stage_failures >= st.max_attempts) { a.gave_up = true; CampaignEvent(sim, "gave_up", "no way in: " + st.name); return; }
            ScheduleStart(sim, sim.Now() + Draw(sim, st.duration));
            return;
        }
        a.stage_target = t;
        break;
    }
    case StageAction::LateralMovement: {
        if (a.stage_target == kNone || a.stage_target >= (HostId)w.hosts.size()) {
            std::vector<HostId> matches;
            for (HostId h = 0; h < (HostId)w.hosts.size(); ++h)
                if (Matches(w, h, st.target)) matches.push_back(h);
            a.stage_target = Pick(sim, matches);
        }
        if (a.stage_target == kNone) { Advance(sim, st); return; }
        if (Live(w, a.stage_target)) { a.current = a.stage_target; Advance(sim, st); return; }
        bool hunting = false;
        auto [from, to] = NextHop(sim, a.stage_target, hunting);
        if (to == kNone) {
            if (++a.stage_failures >= st.max_attempts) {
                CampaignEvent(sim, "stuck", "no path to " + w.hosts[a.stage_target].id + " with what it holds; skipping: " + st.name);
                Advance(sim, st);
                return;
            }
            ScheduleStart(sim, sim.Now() + Draw(sim, st.duration) + 6 * kHour);
            return;
        }
        a.current = from;
        a.hop_target = to;
        a.hunting = hunting;
        break;
    }
    default: break;
    }
    sim.Schedule(sim.Now() + Draw(sim, st.duration), EventType::AttackerStep, a.stage, ++a.token);
}

void Attempt(Simulation& sim)
{
    World& w = sim.mutable_world();
    AttackerState& a = w.attacker;
    const int stage = a.stage;
    const Stage& st = CampaignOf(sim).stages[stage];
    if (st.action != StageAction::InitialAccess && !Live(w, a.current)) { Replan(sim); return; }
    if (NeedsC2(st.action) && !C2Up(w)) { a.waiting = true; return; }

    HostId where = a.current;
    if (st.action == StageAction::InitialAccess) where = a.stage_target;
    if (st.action == StageAction::LateralMovement) where = a.hop_target;
    // The roll comes first, always, so the generator's sequence does not depend on the check; a
    // hop also fails if its way was closed while it was under way (credential reset, host isolated).
    bool ok = sim.rng().Chance(st.success_prob);
    if (st.action == StageAction::LateralMovement && where != kNone && w.hosts[where].compromise == 0 &&
        !Takeable(w, where, sim.Now()))
        ok = false;
    TechniqueRecord(sim, stage, st, st.technique, where, ok);
    // Impact and backup deletion report telemetry on every host they touch, below.
    const bool per_target = st.action == StageAction::Impact || st.action == StageAction::InhibitRecovery;
    if (where != kNone && (!ok || !per_target)) EmitTelemetry(sim, where, st.technique);
    if (!ok) {
        if (++a.stage_failures >= st.max_attempts) {
            CampaignEvent(sim, "skipped", st.name + " failed " + std::to_string(st.max_attempts) + " times");
            Advance(sim, st);
        } else {
            StartStage(sim);
        }
        return;
    }
    switch (st.action) {
    case StageAction::InitialAccess:
        sim.SetCompromise(where, 1, "");
        w.hosts[where].compromised_from = kNone;
        a.current = where;
        break;
    case StageAction::Execution:
    case StageAction::Discovery:
        break;
    case StageAction::Persistence:
        w.hosts[a.current].persistence = true;
        break;
    case StageAction::PrivilegeEscalation:
        sim.SetCompromise(a.current, 2, "");
        break;
    case StageAction::CredentialAccess:
        StealCredentials(sim, a.current);
        break;
    case StageAction::CommandAndControl:
        if (!C2Up(w) && !EstablishC2(sim)) CampaignEvent(sim, "quiet", "every C2 channel is blocked");
        break;
    case StageAction::LateralMovement: {
        const HostId from = a.current;
        w.hosts[where].compromised_from = from;
        sim.SetCompromise(where, 2, "");
        a.current = where;
        if (a.hunting) {
            // It came here for a credential: dump it now.
            TechniqueRecord(sim, stage, st, "T1003.001", where, true);
            EmitTelemetry(sim, where, "T1003.001");
            StealCredentials(sim, where);
        }
        if (where != a.stage_target) { StartStage(sim); return; } // next hop
        break;
    }
    case StageAction::Collection: {
        for (StoreId s = 0; s < (StoreId)w.stores.size(); ++s) {
            DataStore& d = w.stores[s];
            if (!st.target.store.empty() && d.id != st.target.store) continue;
            if (d.staged >= d.records) continue;
            const bool on_host = d.host == a.current;
            const bool reach = d.host != kNone && w.CanReach(w.hosts[a.current].zone, w.hosts[d.host].zone) &&
                               HasAdminCredential(w, d.host);
            if (!on_host && !reach) continue;
            d.staged = d.records;
            sim.Record("staged", {{"store", d.id}, {"host", d.host != kNone ? w.hosts[d.host].id : ""},
                                  {"records", d.records}, {"personal_data", d.personal_data}});
            if (d.host != kNone) EmitSymptom(sim, d.host, "disk usage growing fast on " + w.hosts[d.host].id, 2, true);
        }
        break;
    }
    case StageAction::Exfiltration:
        for (auto& d : w.stores) {
            if (!st.target.store.empty() && d.id != st.target.store) continue;
            if (d.staged <= d.exfiltrated) continue;
            const int64_t n = d.staged - d.exfiltrated;
            d.exfiltrated = d.staged;
            sim.Record("exfiltration", {{"store", d.id}, {"records", n}, {"personal_data", d.personal_data}});
        }
        break;
    case StageAction::InhibitRecovery: {
        const auto targets = ImpactTargets(sim, st.target);
        if (targets.empty()) break;
        for (auto& h : w.hosts) h.backup_intact = false;
        sim.Record("backups_deleted", {{"host", w.hosts[targets.front()].id}});
        EmitTelemetry(sim, targets.front(), st.technique);
        break;
    }
    case StageAction::Impact: {
        auto targets = ImpactTargets(sim, st.target);
        if (CampaignOf(sim).seeded)
            for (size_t i = targets.size(); i > 1; --i) std::swap(targets[i - 1], targets[sim.rng().Below(i)]);
        if (st.target.count > 0 && (int)targets.size() > st.target.count) targets.resize(st.target.count);
        for (HostId h : targets) {
            sim.SetEncrypted(h, true);
            EmitTelemetry(sim, h, st.technique);
            EmitSymptom(sim, h, "files unreadable and a ransom note on " + w.hosts[h].id, 4, true);
        }
        break;
    }
    }
    Advance(sim, st);
}

void Reenter(Simulation& sim)
{
    World& w = sim.mutable_world();
    AttackerState& a = w.attacker;
    a.returning = false;
    if (!LiveFootholds(w).empty()) { StartStage(sim); return; }
    // With a stolen remote-access credential: log in as that account (T1078).
    for (const auto& c : a.credentials) {
        if (!Usable(w, c) || !w.identities[c.identity].remote_access) continue;
        const Identity& ident = w.identities[c.identity];
        // A remote login lands where the account normally works: a workstation it is cached on,
        // else a host it administers, else any running workstation (the VPN pool).
        auto up = [&](HostId x) { return w.hosts[x].state == HostState::Running; };
        HostId h = kNone;
        for (HostId x : ident.cached_on)
            if (h == kNone && up(x) && w.hosts[x].kind == "workstation") h = x;
        for (HostId x : ident.admin_on)
            if (h == kNone && up(x)) h = x;
        for (HostId x = 0; x < (HostId)w.hosts.size() && h == kNone; ++x)
            if (up(x) && w.hosts[x].kind == "workstation") h = x;
        if (h == kNone) break;
        sim.Record("technique", {{"stage", a.stage}, {"name", "Log in with a stolen account"}, {"technique", "T1078"},
                                 {"host", w.hosts[h].id}, {"ok", true}});
        EmitTelemetry(sim, h, "T1078");
        sim.SetCompromise(h, 1, "");
        a.current = h;
        StartStage(sim);
        return;
    }
    // Otherwise a fresh initial access, with the campaign's first initial-access stage.
    for (const auto& st : CampaignOf(sim).stages) {
        if (st.action != StageAction::InitialAccess) continue;
        const HostId t = Pick(sim, InitialAccessCandidates(sim, st.technique, st.target));
        if (t == kNone) break;
        const bool ok = sim.rng().Chance(st.success_prob);
        sim.Record("technique", {{"stage", a.stage}, {"name", st.name + " (again)"}, {"technique", st.technique},
                                 {"host", w.hosts[t].id}, {"ok", ok}});
        EmitTelemetry(sim, t, st.technique);
        if (!ok) { Replan(sim); return; }
        sim.SetCompromise(t, 1, "");
        a.current = t;
        // The old channel may be burnt: build a new one if it was blocked.
        if (a.c2_blocked) AttackerC2Rebuilt(sim);
        StartStage(sim);
        return;
    }
    a.gave_up = true;
    CampaignEvent(sim, "gave_up", "no way back in");
}

} // namespace

void AttackerStart(Simulation& sim)
{
    if (CampaignOf(sim).stages.empty()) return;
    ScheduleStart(sim, CampaignOf(sim).start_s);
}

void AttackerStep(Simulation& sim, int32_t a, int32_t b)
{
    AttackerState& st = sim.mutable_world().attacker;
    if (b != st.token || st.gave_up || st.finished) return; // superseded
    if (a == -1) StartStage(sim);
    else if (a == -2) Reenter(sim);
    else if (a == st.stage) Attempt(sim);
}

void AttackerC2Rebuilt(Simulation& sim)
{
    World& w = sim.mutable_world();
    AttackerState& a = w.attacker;
    const auto& ind = CampaignOf(sim).c2_indicators;
    if (!a.c2_blocked) return;
    // The next indicator that is not blocked yet.
    int next = a.c2_index + 1;
    while (next < (int)ind.size() &&
           std::find(w.blocked_indicators.begin(), w.blocked_indicators.end(), ind[next]) != w.blocked_indicators.end())
        ++next;
    if (next >= (int)ind.size()) {
        CampaignEvent(sim, "quiet", "every C2 channel is blocked");
        return;
    }
    // Nothing to talk from: come back first (unless a return is already planned).
    if (LiveFootholds(w).empty()) {
        if (!a.returning) Replan(sim);
        return;
    }
    a.c2_index = next;
    a.c2_blocked = false;
    sim.Record("c2", {{"indicator", ind[next]}, {"event", "established"}});
    if (a.waiting) { a.waiting = false; ScheduleStart(sim, sim.Now()); }
}

void AttackerIndicatorBlocked(Simulation& sim, const std::string& indicator)
{
    World& w = sim.mutable_world();
    AttackerState& a = w.attacker;
    const auto& ind = CampaignOf(sim).c2_indicators;
    if (!a.c2_established || a.c2_blocked || a.c2_index >= (int)ind.size() || ind[a.c2_index] != indicator) return;
    a.c2_blocked = true;
    sim.Record("c2", {{"indicator", indicator}, {"event", "blocked"}});
    sim.Schedule(sim.Now() + CampaignOf(sim).c2_rebuild_s, EventType::C2Rebuilt);
}

std::vector<HostId> LinkedHosts(const World& w, HostId h)
{
    std::vector<HostId> out;
    if (w.hosts[h].compromised_from != kNone) out.push_back(w.hosts[h].compromised_from);
    for (HostId x = 0; x < (HostId)w.hosts.size(); ++x)
        if (w.hosts[x].compromise > 0 && w.hosts[x].compromised_from == h) out.push_back(x);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

} // namespace bd
