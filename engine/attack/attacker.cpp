// attacker.cpp: the attacker plays its campaign stage by stage, over paths that exist.
//
// One attempt is in flight at a time: StartStage() picks where to act and schedules the attempt;
// the attempt completes in AttackerStep(), which rolls success, emits telemetry and applies the
// effect. Lateral movement goes hop by hop: each hop needs a usable stolen credential that is admin
// on the next host, or an unpatched remote vulnerability there; when the target can't be reached
// with what it holds, the attacker goes after a better credential first (credential hunting). When
// it loses its footholds it lies low, then re-plans: another live foothold, a stolen remote-access
// credential (T1078), or a fresh initial access, a bounded number of times; then it gives up. Back
// in from elsewhere, a stage that finds nothing it can reach goes back the way an earlier lateral
// movement went first (Retrace).
#include "world/attack_catalog.h"
#include "attack/attacker.h"
#include "attack/detection.h"
#include "attack/pre_attack.h"
#include "attack/reach.h"
#include "core/story_clock.h"

#include <algorithm>

namespace bd {

namespace {

using EventType = Simulation::EventType;
using json = nlohmann::json;

const Campaign& CampaignOf(const Simulation& sim) { return sim.scenario().campaign; }

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
           a != StageAction::CommandAndControl && !IsPreAttack(a);
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
    sim.Record("campaign", {{"event", event}, {"stage", sim.world().attacker.stage}, {"detail", detail}});
}

void StartStage(Simulation& sim);

// Lie low for 1 to about 13 hours, then try to come back in (AttackerStep a = -2: Reenter).
void LieLowThenReturn(Simulation& sim)
{
    AttackerState& a = sim.mutable_world().attacker;
    a.returning = true;
    sim.Schedule(sim.Now() + kHour + (SimTime)sim.rng().Exponential(12 * kHour), EventType::AttackerStep, -2, ++a.token);
}

// The attacker lost what it was working from: lie low, then come back another way.
void Replan(Simulation& sim)
{
    World& w = sim.mutable_world();
    AttackerState& a = w.attacker;
    if (a.gave_up || a.finished) return;
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
        LieLowThenReturn(sim);
        return;
    }
    a.gave_up = true;
    a.returning = false;
    CampaignEvent(sim, "gave_up", "no foothold, no usable credential, no re-entry left");
}

// A re-entry that finds no way in waits for one to come back this many times, then gives up.
constexpr int kReentryWaits = 3;

// Is a host the initial access aims at only offline for now (isolated, being rebuilt or restored,
// down), so that it will be a way in again once the defenders are done with it?
bool WayInComesBack(const World& w, const TargetSelector& sel)
{
    for (HostId h = 0; h < (HostId)w.hosts.size(); ++h)
        if (Matches(w, h, sel) && w.hosts[h].state != HostState::Running) return true;
    return false;
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
    const HostId best = HuntCredentialHost(w, takeable, parent, wanted);
    if (best == kNone) return {kNone, kNone};
    hunting = true;
    return first_step(best);
}

// The credentials cached on `h` that it does not hold yet (or holds from before a reset), in id order.
std::vector<IdentityId> StealableCredentials(const World& w, HostId h)
{
    std::vector<IdentityId> out;
    for (IdentityId id = 0; id < (IdentityId)w.identities.size(); ++id) {
        const Identity& ident = w.identities[id];
        if (ident.disabled || std::find(ident.cached_on.begin(), ident.cached_on.end(), h) == ident.cached_on.end()) continue;
        const bool have = std::any_of(w.attacker.credentials.begin(), w.attacker.credentials.end(), [&](const StolenCredential& c) {
            return c.identity == id && c.generation == ident.generation;
        });
        if (!have) out.push_back(id);
    }
    return out;
}

// Steals these credentials (StealableCredentials) from `h`: a credential it held before a reset is
// renewed, a new one added.
void StealCredentials(Simulation& sim, HostId h, const std::vector<IdentityId>& ids)
{
    World& w = sim.mutable_world();
    for (IdentityId id : ids) {
        const Identity& ident = w.identities[id];
        bool held = false;
        for (auto& c : w.attacker.credentials)
            if (c.identity == id) { c.generation = ident.generation; held = true; }
        if (!held) w.attacker.credentials.push_back({id, ident.generation});
        sim.Record("credential", {{"identity", ident.id}, {"event", "stolen"}, {"host", w.hosts[h].id}});
    }
    sim.RefreshContainment();
}

// [SECTION] What an attempt hits

// What one attempt acts on, decided when it completes (the world may have changed while it was
// under way): the hosts, stores, identities or C2 indicator it changes and, when there is nothing
// it could change, why, in plain words; the attempt then fails (docs/journal.md, "technique").
struct Aim {
    const char* kind = "host"; // what the record's `target` lists: host, store, identity, indicator
    std::vector<HostId> hosts;
    std::vector<StoreId> stores;
    std::vector<IdentityId> identities;
    std::string indicator;
    std::string reason; // non-empty: nothing to act on
    bool out_of_reach = false; // why: there is something, but not within reach of where it stands (Retrace)
};

std::vector<std::string> AimIds(const World& w, const Aim& aim)
{
    std::vector<std::string> ids;
    for (HostId h : aim.hosts) ids.push_back(w.hosts[h].id);
    for (StoreId s : aim.stores) ids.push_back(w.stores[s].id);
    for (IdentityId i : aim.identities) ids.push_back(w.identities[i].id);
    if (!aim.indicator.empty()) ids.push_back(aim.indicator);
    return ids;
}

// "fs-01, erp-db-01" (at most 5 named, then "and N more").
std::string IdList(const std::vector<std::string>& ids)
{
    std::string out;
    for (size_t i = 0; i < ids.size() && i < 5; ++i) out += (i ? ", " : "") + ids[i];
    if (ids.size() > 5) out += " and " + std::to_string(ids.size() - 5) + " more";
    return out;
}

// One `technique` record: `host` is where it acted from ("" from outside the estate), `target`
// what it hit (on a failure: what it aimed at, if one thing), `reason` why a failure failed.
void TechniqueRecord(Simulation& sim, int stage, const std::string& name, const std::string& technique, StageAction action,
                     HostId from, const Aim& aim, bool ok)
{
    const World& w = sim.world();
    const json target = AimIds(w, aim);
    const std::string host = from != kNone ? w.hosts[from].id : "";
    if (ok)
        sim.Record("technique", {{"stage", stage}, {"name", name}, {"technique", technique}, {"action", StageActionName(action)},
                                 {"host", host}, {"target", target}, {"target_kind", aim.kind}, {"ok", true}});
    else
        sim.Record("technique", {{"stage", stage}, {"name", name}, {"technique", technique}, {"action", StageActionName(action)},
                                 {"host", host}, {"target", target}, {"target_kind", aim.kind}, {"ok", false}, {"reason", aim.reason}});
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

// A stage's work in progress, cleared when the attacker turns to another stage.
void ClearStageWork(AttackerState& a)
{
    a.stage_failures = 0;
    a.stage_target = kNone;
    a.hop_target = kNone;
    a.hunting = false;
}

// The current stage is over (done or skipped): on to the next, after the stage's quiet time.
void Advance(Simulation& sim, const Stage& st, StageStatus status, const std::string& note)
{
    AttackerState& a = sim.mutable_world().attacker;
    if (a.resume_stage >= 0) {
        // The end of a retrace (Retrace): the stage keeps its first outcome; back to the stage that
        // needed the ground, at once.
        a.stage = a.resume_stage;
        a.resume_stage = -1;
        ClearStageWork(a);
        ScheduleStart(sim, sim.Now());
        return;
    }
    if (a.stage >= 0 && a.stage < (int)a.outcomes.size()) a.outcomes[a.stage] = {status, note};
    a.stage++;
    ClearStageWork(a);
    ScheduleStart(sim, sim.Now() + st.quiet_after_s);
}

// The stage could not be done: say so (`event`: skipped, stuck) and go on.
void Skip(Simulation& sim, const Stage& st, const char* event, const std::string& why)
{
    const bool retracing = sim.world().attacker.resume_stage >= 0; // the stage keeps its first outcome (Advance)
    CampaignEvent(sim, event, st.name + (retracing ? " (again)" : "") + ": " + why);
    Advance(sim, st, StageStatus::Skipped, why);
}

// Every stage is done or skipped. "finished" only when the last stage's effect happened.
void EndCampaign(Simulation& sim)
{
    AttackerState& a = sim.mutable_world().attacker;
    const auto& stages = CampaignOf(sim).stages;
    a.finished = true;
    std::vector<std::string> skipped;
    for (size_t i = 0; i < a.outcomes.size(); ++i)
        if (a.outcomes[i].status != StageStatus::Done) skipped.push_back(stages[i].name);
    const std::string done = std::to_string(stages.size() - skipped.size()) + " of " + std::to_string(stages.size()) + " stages done";
    if (a.outcomes.empty() || a.outcomes.back().status == StageStatus::Done) {
        CampaignEvent(sim, "finished", skipped.empty() ? "every stage of the campaign is done"
                                                       : "the last stage is done; " + done + ", skipped: " + IdList(skipped));
        return;
    }
    CampaignEvent(sim, "ended", "the last stage (" + stages.back().name + ") was skipped: " + a.outcomes.back().note + "; " + done);
}

// An attacker who keeps hours (Campaign::off_hours): a stage it would rather run at night that comes
// due within business hours waits, with the campaign's odds, until 2 to 8 hours after the close. Decided
// once per stage; true when it now waits.
bool WaitsForEvening(Simulation& sim, const Stage& st)
{
    AttackerState& a = sim.mutable_world().attacker;
    const OffHours& oh = CampaignOf(sim).off_hours;
    if (!oh.Covers(st.action) || a.hours_decided == a.stage) return false;
    const StoryClock clock(sim.scenario().story_start);
    if (!clock.has_start() || !clock.BusinessHours(sim.Now())) return false;
    a.hours_decided = a.stage;
    if (!sim.rng().Chance(oh.share)) return false;
    const SimTime at = clock.NextClose(sim.Now()) + sim.rng().Range(2 * kHour, 8 * kHour);
    CampaignEvent(sim, "waits", st.name + ": until " + clock.Story(at) + ", outside business hours");
    ScheduleStart(sim, at);
    return true;
}

void StartStage(Simulation& sim)
{
    World& w = sim.mutable_world();
    AttackerState& a = w.attacker;
    const auto& stages = CampaignOf(sim).stages;
    if (a.finished || a.gave_up) return;
    if (a.stage >= (int)stages.size()) { EndCampaign(sim); return; }
    const Stage& st = stages[a.stage];
    const bool outside = st.action == StageAction::InitialAccess || IsPreAttack(st.action); // no foothold needed
    if (!outside && LiveFootholds(w).empty()) { Replan(sim); return; }
    if (!Live(w, a.current) && !outside) a.current = Pick(sim, LiveFootholds(w));
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
            if (++a.stage_failures >= st.max_attempts) {
                a.gave_up = true;
                a.outcomes[a.stage] = {StageStatus::Skipped, "no way in"};
                CampaignEvent(sim, "gave_up", "no way in: " + st.name);
                return;
            }
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
        if (a.stage_target == kNone) { Skip(sim, st, "skipped", "no host matches its target"); return; }
        if (Live(w, a.stage_target)) {
            a.current = a.stage_target;
            Advance(sim, st, StageStatus::Done, w.hosts[a.stage_target].id);
            return;
        }
        bool hunting = false;
        auto [from, to] = NextHop(sim, a.stage_target, hunting);
        if (to == kNone) {
            if (++a.stage_failures >= st.max_attempts) {
                Skip(sim, st, "stuck", "no path to " + w.hosts[a.stage_target].id + " with what it holds");
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
    if (WaitsForEvening(sim, st)) return;
    sim.Schedule(sim.Now() + Draw(sim, st.duration), EventType::AttackerStep, a.stage, ++a.token);
}

// Stores the stage may stage: matching, not fully staged, on its foothold or on a host it
// reaches with admin rights.
Aim CollectionAim(const World& w, const Stage& st, HostId from)
{
    Aim aim;
    aim.kind = "store";
    bool left = false;
    for (StoreId s = 0; s < (StoreId)w.stores.size(); ++s) {
        const DataStore& d = w.stores[s];
        if (!st.target.store.empty() && d.id != st.target.store) continue;
        if (d.staged >= d.records) continue;
        left = true;
        const bool on_host = d.host == from;
        const bool reach = d.host != kNone && w.CanReach(w.hosts[from].zone, w.hosts[d.host].zone) && HasAdminCredential(w, d.host);
        if (on_host || reach) aim.stores.push_back(s);
    }
    if (aim.stores.empty()) aim.reason = left ? "no reachable data store" : "nothing left to stage";
    aim.out_of_reach = aim.stores.empty() && left;
    return aim;
}

Aim ExfiltrationAim(const World& w, const Stage& st)
{
    Aim aim;
    aim.kind = "store";
    for (StoreId s = 0; s < (StoreId)w.stores.size(); ++s) {
        const DataStore& d = w.stores[s];
        if (!st.target.store.empty() && d.id != st.target.store) continue;
        if (d.staged > d.exfiltrated) aim.stores.push_back(s);
    }
    if (aim.stores.empty()) aim.reason = "nothing staged to exfiltrate";
    return aim;
}

// The C2 indicator it would set up: the current one if the channel is up, else the first from
// the current one on that is not blocked ("" when there are none: the channel needs no name).
Aim C2Aim(const Simulation& sim)
{
    const World& w = sim.world();
    const AttackerState& a = w.attacker;
    const auto& ind = CampaignOf(sim).c2_indicators;
    Aim aim;
    aim.kind = "indicator";
    int i = a.c2_index;
    if (!C2Up(w))
        while (i < (int)ind.size() && IsBlocked(w, ind[i])) ++i;
    if (ind.empty()) return aim;
    if (i >= (int)ind.size()) aim.reason = "every C2 channel is blocked";
    else aim.indicator = ind[i];
    return aim;
}

Aim HostAim(const World& w, HostId h, const char* reason_if_down)
{
    Aim aim;
    if (h == kNone) { aim.reason = "no target host"; return aim; }
    aim.hosts = {h};
    if (w.hosts[h].state != HostState::Running) aim.reason = w.hosts[h].id + " " + reason_if_down;
    return aim;
}

// What the attempt at this stage would change now. `rolled`: the success roll came up; a failed
// roll aims only at the one host it tried, if any. Impact's shuffle draws from the generator only
// after a successful roll, as it always did.
Aim AimOf(Simulation& sim, const Stage& st, HostId where, bool rolled)
{
    const World& w = sim.world();
    const AttackerState& a = w.attacker;
    Aim aim;
    switch (st.action) {
    case StageAction::InitialAccess: return HostAim(w, where, "is not running");
    case StageAction::LateralMovement:
        aim = HostAim(w, where, "is not running");
        if (aim.reason.empty() && w.hosts[where].compromise == 0 && !Takeable(w, where, sim.Now()))
            aim.reason = "no usable credential or open vulnerability on " + w.hosts[where].id;
        return aim;
    case StageAction::Execution:
    case StageAction::Discovery:
    case StageAction::Persistence:
    case StageAction::PrivilegeEscalation: return HostAim(w, a.current, "is not running");
    default: break;
    }
    if (!rolled) {
        aim.kind = st.action == StageAction::CredentialAccess                                        ? "identity"
                   : st.action == StageAction::Collection || st.action == StageAction::Exfiltration ? "store"
                   : st.action == StageAction::CommandAndControl                                     ? "indicator"
                                                                                                     : "host";
        aim.reason = "the attempt failed";
        return aim;
    }
    switch (st.action) {
    case StageAction::CredentialAccess:
        aim.kind = "identity";
        aim.identities = StealableCredentials(w, a.current);
        if (aim.identities.empty()) aim.reason = "no credential on " + w.hosts[a.current].id + " that it does not hold already";
        break;
    case StageAction::CommandAndControl: aim = C2Aim(sim); break;
    case StageAction::Collection: aim = CollectionAim(w, st, a.current); break;
    case StageAction::Exfiltration: aim = ExfiltrationAim(w, st); break;
    case StageAction::InhibitRecovery: {
        const auto targets = ImpactTargets(sim, st.target);
        const bool any_backup = std::any_of(w.hosts.begin(), w.hosts.end(), [](const Host& h) { return h.backup && h.backup_intact; });
        aim.out_of_reach = targets.empty();
        if (targets.empty()) aim.reason = "no reachable target";
        else if (!any_backup) aim.reason = "no backup left to delete";
        else aim.hosts = {targets.front()};
        break;
    }
    case StageAction::Impact: {
        auto targets = ImpactTargets(sim, st.target);
        if (CampaignOf(sim).seeded)
            for (size_t i = targets.size(); i > 1; --i) std::swap(targets[i - 1], targets[sim.rng().Below(i)]);
        if (st.target.count > 0 && (int)targets.size() > st.target.count) targets.resize(st.target.count);
        aim.hosts = std::move(targets);
        aim.out_of_reach = aim.hosts.empty();
        if (aim.hosts.empty()) aim.reason = "no reachable target";
        break;
    }
    default: break;
    }
    return aim;
}

// A stage that acts on what it reaches (collection, backup deletion, impact) found nothing from
// where it is now, and the host an earlier lateral movement had won is no longer held (it came back
// in from elsewhere, or lost that foothold): it goes back the way it came, walking that lateral
// movement again (its technique records say "(again)"), then comes back to this stage. The latest
// such lateral movement; once per stage. False: nothing to retrace.
bool Retrace(Simulation& sim, const Stage& st)
{
    World& w = sim.mutable_world();
    AttackerState& a = w.attacker;
    if (a.resume_stage >= 0 || a.retraced == a.stage) return false;
    const auto& stages = CampaignOf(sim).stages;
    for (int i = std::min(a.stage, (int)a.outcomes.size()) - 1; i >= 0; --i) {
        if (stages[i].action != StageAction::LateralMovement || a.outcomes[i].status != StageStatus::Done) continue;
        const HostId t = w.FindHost(a.outcomes[i].note);
        if (t == kNone || Live(w, t)) return false; // the ground it won is still held: going back changes nothing
        a.retraced = a.stage;
        CampaignEvent(sim, "retraces",
                      st.name + ": nothing it can reach from " + (a.current != kNone ? w.hosts[a.current].id : std::string("where it is")) +
                          "; goes back the way of stage " + std::to_string(i + 1) + " (" + stages[i].name + ", to " + w.hosts[t].id + ") first");
        a.resume_stage = a.stage;
        a.stage = i;
        ClearStageWork(a);
        a.stage_target = t;
        StartStage(sim);
        return true;
    }
    return false;
}

// The attempt failed (the roll, or nothing to act on): go back the way it came when that is why,
// else try again, or skip the stage after max_attempts.
void Failed(Simulation& sim, const Stage& st, const std::string& reason, bool out_of_reach = false)
{
    AttackerState& a = sim.mutable_world().attacker;
    if (out_of_reach && Retrace(sim, st)) return;
    if (++a.stage_failures >= st.max_attempts) {
        Skip(sim, st, "skipped", "failed " + std::to_string(st.max_attempts) + " times (the last: " + reason + ")");
        return;
    }
    StartStage(sim);
}

// The effect of a successful attempt, on what it aimed at. False: the stage goes on (a hop short
// of the target), nothing to advance.
bool ApplyEffect(Simulation& sim, int stage, const Stage& st, HostId where, const Aim& aim)
{
    World& w = sim.mutable_world();
    AttackerState& a = w.attacker;
    switch (st.action) {
    case StageAction::InitialAccess:
        sim.SetCompromise(where, 1, "");
        w.hosts[where].compromised_from = kNone;
        a.current = where;
        break;
    case StageAction::Execution:
    case StageAction::Discovery:
    case StageAction::Reconnaissance:      // the pre-attack stages act outside the estate
    case StageAction::ResourceDevelopment: // (attack/pre_attack.cpp) and change nothing in it
        break;
    case StageAction::Persistence: w.hosts[a.current].persistence = true; break;
    case StageAction::PrivilegeEscalation: sim.SetCompromise(a.current, 2, ""); break;
    case StageAction::CredentialAccess: StealCredentials(sim, a.current, aim.identities); break;
    case StageAction::CommandAndControl:
        if (!C2Up(w)) EstablishC2(sim);
        break;
    case StageAction::LateralMovement: {
        w.hosts[where].compromised_from = a.current;
        sim.SetCompromise(where, 2, "");
        a.current = where;
        if (a.hunting) {
            // It came here for a credential: dump it now.
            Aim dump;
            dump.kind = "identity";
            dump.identities = StealableCredentials(w, where);
            if (dump.identities.empty()) dump.reason = "no credential on " + w.hosts[where].id + " that it does not hold already";
            TechniqueRecord(sim, stage, st.name, "T1003.001", StageAction::CredentialAccess, where, dump, dump.reason.empty());
            EmitTelemetry(sim, where, "T1003.001");
            StealCredentials(sim, where, dump.identities);
        }
        if (where != a.stage_target) return false; // next hop
        break;
    }
    case StageAction::Collection:
        for (StoreId s : aim.stores) {
            DataStore& d = w.stores[s];
            d.staged = d.records;
            sim.Record("staged", {{"store", d.id}, {"host", d.host != kNone ? w.hosts[d.host].id : ""},
                                  {"records", d.records}, {"personal_data", d.personal_data}});
            if (d.host != kNone) EmitSymptom(sim, d.host, "disk usage growing fast on " + w.hosts[d.host].id, 2, true);
        }
        break;
    case StageAction::Exfiltration:
        for (StoreId s : aim.stores) {
            DataStore& d = w.stores[s];
            const int64_t n = d.staged - d.exfiltrated;
            d.exfiltrated = d.staged;
            sim.Record("exfiltration", {{"store", d.id}, {"records", n}, {"personal_data", d.personal_data}});
        }
        break;
    case StageAction::InhibitRecovery:
        for (auto& h : w.hosts) h.backup_intact = false;
        sim.Record("backups_deleted", {{"host", w.hosts[aim.hosts.front()].id}});
        EmitTelemetry(sim, aim.hosts.front(), st.technique);
        break;
    case StageAction::Impact:
        for (HostId h : aim.hosts) {
            sim.SetEncrypted(h, true);
            EmitTelemetry(sim, h, st.technique);
            EmitSymptom(sim, h, "files unreadable and a ransom note on " + w.hosts[h].id, 4, true);
        }
        break;
    }
    return true;
}

void Attempt(Simulation& sim)
{
    World& w = sim.mutable_world();
    AttackerState& a = w.attacker;
    const int stage = a.stage;
    const Stage& st = CampaignOf(sim).stages[stage];
    if (IsPreAttack(st.action)) { // from outside, on no foothold (pre_attack.cpp)
        std::vector<std::string> touched;
        const std::string why = PreAttackAttempt(sim, stage, st, touched);
        if (why.empty()) Advance(sim, st, StageStatus::Done, touched.empty() ? "outside the estate" : IdList(touched));
        else Failed(sim, st, why);
        return;
    }
    if (st.action != StageAction::InitialAccess && !Live(w, a.current)) { Replan(sim); return; }
    if (NeedsC2(st.action) && !C2Up(w)) { a.waiting = true; return; }

    HostId where = a.current;
    if (st.action == StageAction::InitialAccess) where = a.stage_target;
    if (st.action == StageAction::LateralMovement) where = a.hop_target;
    // The roll comes first, always, so the generator's sequence does not depend on the check. The
    // attempt succeeds only if it also has something to act on now (a hop's way may have closed
    // while it was under way: credential reset, host isolated; a target may be gone).
    const bool rolled = sim.rng().Chance(st.success_prob);
    Aim aim = AimOf(sim, st, where, rolled);
    if (!rolled) aim.reason = "the attempt failed";
    const bool ok = aim.reason.empty();
    const HostId from = st.action == StageAction::InitialAccess ? kNone : a.current;
    TechniqueRecord(sim, stage, a.resume_stage >= 0 ? st.name + " (again)" : st.name, st.technique, st.action, from, aim, ok);
    // Impact and backup deletion report telemetry on every host they touch, below.
    const bool per_target = st.action == StageAction::Impact || st.action == StageAction::InhibitRecovery;
    if (where != kNone && (!ok || !per_target)) EmitTelemetry(sim, where, st.technique);
    if (!ok) { Failed(sim, st, aim.reason, aim.out_of_reach); return; }
    if (!ApplyEffect(sim, stage, st, where, aim)) { StartStage(sim); return; }
    const auto ids = AimIds(w, aim);
    Advance(sim, st, StageStatus::Done, IdList(ids));
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
        Aim aim;
        aim.hosts = {h};
        TechniqueRecord(sim, a.stage, "Log in with a stolen account", "T1078", StageAction::InitialAccess, kNone, aim, true);
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
        if (t == kNone) {
            // Its way in is closed only for now: the host it aims at is isolated, being rebuilt or
            // restored. It does not give up because the defenders are still at work: it lies low
            // and tries again, a few times (a team that rebuilds sooner is not spared the return).
            if (!WayInComesBack(w, st.target) || a.reentry_waits >= kReentryWaits) break;
            a.reentry_waits++;
            CampaignEvent(sim, "quiet", "its way back in is closed for now (the host it aims at is offline); will try again");
            LieLowThenReturn(sim);
            return;
        }
        const bool ok = sim.rng().Chance(st.success_prob);
        Aim aim;
        aim.hosts = {t};
        if (!ok) aim.reason = "the attempt failed";
        TechniqueRecord(sim, a.stage, st.name + " (again)", st.technique, StageAction::InitialAccess, kNone, aim, ok);
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
    sim.mutable_world().attacker.outcomes.assign(CampaignOf(sim).stages.size(), StageOutcome{});
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
    // A campaign that is over plans nothing more (it used to give up a second time here).
    if (!a.c2_blocked || a.gave_up || a.finished) return;
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
