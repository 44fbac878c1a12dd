// scenario_loader_campaign.cpp: the scenario loader's attack and operations (scenario_loader_parts.h):
// "campaign" with its ATT&CK checks and the attack-path checks (the estate must let each stage
// happen), and "operations_events" (docs/authoring.md).
#include "world/scenario_loader_parts.h"

#include "world/attack_catalog.h"

#include <algorithm>
#include <string>
#include <unordered_map>
#include <vector>

namespace bd {
namespace loader_detail {

namespace {

// The ATT&CK tactic a stage action belongs to (for the fit warning).
const char* TacticOf(StageAction a)
{
    switch (a) {
    case StageAction::InitialAccess: return "initial-access";
    case StageAction::Execution: return "execution";
    case StageAction::Persistence: return "persistence";
    case StageAction::PrivilegeEscalation: return "privilege-escalation";
    case StageAction::CredentialAccess: return "credential-access";
    case StageAction::Discovery: return "discovery";
    case StageAction::LateralMovement: return "lateral-movement";
    case StageAction::CommandAndControl: return "command-and-control";
    case StageAction::Collection: return "collection";
    case StageAction::Exfiltration: return "exfiltration";
    case StageAction::InhibitRecovery: return "impact";
    case StageAction::Impact: return "impact";
    case StageAction::Reconnaissance: return "reconnaissance";
    case StageAction::ResourceDevelopment: return "resource-development";
    }
    return "";
}

// Initial-access techniques the engine treats specially (attacker.cpp, InitialAccessCandidates):
// a phish or a malicious file reaches a person, whatever the flows; an exploit needs a remote vuln.
bool IsUserInitiated(std::string_view technique)
{
    return technique.substr(0, 5) == "T1566" || technique.substr(0, 5) == "T1204";
}
bool IsExploit(std::string_view technique)
{
    return technique.substr(0, 5) == "T1190" || technique.substr(0, 5) == "T1133" || technique.substr(0, 5) == "T1210";
}

// Actions that work through the C2 channel (attacker.cpp, NeedsC2): all but these four.
bool NeedsC2(StageAction a)
{
    return a != StageAction::InitialAccess && a != StageAction::Execution && a != StageAction::Persistence &&
           a != StageAction::CommandAndControl && !IsPreAttack(a);
}

} // namespace

// [SECTION] The loader: campaign and attack-path checks

void Loader::LoadCampaign(const json& root)
{
    // A scenario without an attack is allowed only when operations events give it something to play.
    const auto ops = root.find("operations_events");
    const bool has_ops = ops != root.end() && ops->is_array() && !ops->empty();
    const json* c = GetObject(root, "", "campaign", !has_ops);
    if (!c) return;
    const std::string cp = "/campaign";
    CheckKeys(*c, cp, {"seeded", "start_s", "c2_indicators", "c2_rebuild_s", "max_reentries", "off_hours", "stages"});
    Campaign& camp = S().campaign;
    camp.seeded = GetBool(*c, cp, "seeded", false);
    camp.start_s = GetSeconds(*c, cp, "start_s", 0, SecondsRule::NonNegative);
    camp.c2_indicators = GetStrings(*c, cp, "c2_indicators");
    camp.c2_rebuild_s = GetSeconds(*c, cp, "c2_rebuild_s", camp.c2_rebuild_s, SecondsRule::NonNegative);
    camp.max_reentries = (int)GetCount(*c, cp, "max_reentries", camp.max_reentries, 0, 1000);
    if (const json* oh = GetObject(*c, cp, "off_hours", false)) {
        const std::string op = At(cp, "off_hours");
        CheckKeys(*oh, op, {"share", "actions"});
        camp.off_hours.share = GetRanged(*oh, op, "share", 0.0, 0.0, 1.0);
        std::vector<std::string> where;
        const auto names = GetStrings(*oh, op, "actions", &where);
        for (size_t i = 0; i < names.size(); ++i) {
            if (auto a = ParseStageAction(names[i])) camp.off_hours.actions.push_back(*a);
            else Error(where[i], problem::kBadAction, "unknown stage action '" + names[i] + "' (the actions a stage names)");
        }
        if (names.empty() && !oh->contains("actions"))
            Error(op, problem::kMissing, "off_hours needs actions: the stage actions that wait for the evening");
        else if (names.empty())
            Error(At(op, "actions"), problem::kEmptyList, "off_hours needs at least one stage action that waits for the evening");
    }
    const json* stages = GetArray(*c, cp, "stages", !has_ops);
    if (!stages) return;
    if (stages->empty() && !has_ops)
        Error(At(cp, "stages"), problem::kEmptyList, "stages needs at least one stage (or the scenario needs operations_events)");

    bool needs_c2 = false;
    for (size_t i = 0; i < stages->size(); ++i) {
        const std::string p = At(At(cp, "stages"), i);
        const json& o = (*stages)[i];
        Stage st;
        if (!ExpectType(o, p, json::value_t::object, "an object")) {
            camp.stages.push_back(st);
            stage_refs_ok_.push_back(false);
            continue;
        }
        const bool refs_ok = LoadStage(o, p, st, needs_c2);
        camp.stages.push_back(std::move(st));
        stage_refs_ok_.push_back(refs_ok);
    }
    // Pre-attack stages (reconnaissance, resource development) may come first; then initial access.
    size_t first = 0;
    while (first < camp.stages.size() && stage_refs_ok_[first] && IsPreAttack(camp.stages[first].action)) ++first;
    if (first < camp.stages.size() && stage_refs_ok_[first] && camp.stages[first].action != StageAction::InitialAccess)
        Error(cp + "/stages/" + std::to_string(first) + "/action", problem::kFirstStage,
              std::string("the first stage after any reconnaissance and resource development must be initial_access (the "
                          "attacker starts outside), got ") +
                  StageActionName(camp.stages[first].action));
    for (size_t i = first; i < camp.stages.size(); ++i)
        if (stage_refs_ok_[i] && IsPreAttack(camp.stages[i].action))
            Error(cp + "/stages/" + std::to_string(i) + "/action", problem::kPreAttackLate,
                  std::string("a ") + StageActionName(camp.stages[i].action) +
                      " stage must come before the first initial_access: it happens outside the estate, before the breach");
    if (needs_c2 && camp.c2_indicators.empty())
        Error(c->contains("c2_indicators") ? At(cp, "c2_indicators") : cp, problem::kNoC2,
              "the campaign has stages that work over a C2 channel but no c2_indicators: the defenders could never block it");
}

// One stage of the campaign (an object): its action, technique, name, target, duration and odds.
// False when a reference of it is broken (the attack-path checks skip the stage); needs_c2 is set
// when its action works over the C2 channel.
bool Loader::LoadStage(const json& o, const std::string& p, Stage& st, bool& needs_c2)
{
    bool refs_ok = true;
    CheckKeys(o, p, {"name", "technique", "action", "target", "duration", "success_prob", "quiet_after_s", "max_attempts"});
    bool action_ok = false;
    if (auto a = GetString(o, p, "action", true)) {
        if (auto parsed = ParseStageAction(*a)) { st.action = *parsed; action_ok = true; }
        else
            Error(At(p, "action"), problem::kBadAction,
                  "unknown stage action '" + *a + "' (expected initial_access, execution, persistence, privilege_escalation, "
                  "credential_access, discovery, lateral_movement, command_and_control, collection, exfiltration, "
                  "inhibit_recovery, impact, reconnaissance or resource_development)");
    }
    if (!action_ok) refs_ok = false;
    if (action_ok && (st.action == StageAction::CommandAndControl || NeedsC2(st.action))) needs_c2 = true;
    if (auto t = GetString(o, p, "technique", true)) {
        st.technique = *t;
        CheckStageTechnique(st, p, action_ok);
    }
    {
        const Technique* tech = Catalog().FindTechnique(st.technique);
        st.name = GetStringOr(o, p, "name", tech ? tech->name : st.technique);
    }
    if (const json* tg = GetObject(o, p, "target", false)) {
        if (!LoadStageTarget(*tg, At(p, "target"), st)) refs_ok = false;
        // These act on the foothold the attacker stands on (docs/authoring.md, section 8): a target
        // there is silently not what the story gets.
        const bool on_foothold = st.action == StageAction::Execution || st.action == StageAction::Persistence ||
                                 st.action == StageAction::PrivilegeEscalation || st.action == StageAction::CredentialAccess ||
                                 st.action == StageAction::Discovery || st.action == StageAction::CommandAndControl;
        if (action_ok && on_foothold)
            Warn(At(p, "target"), problem::kTargetUnused,
                 std::string("a ") + StageActionName(st.action) + " stage acts on the foothold the attacker stands on: its target is not used" +
                     (st.target.host.empty() ? std::string(" (to act somewhere, move there first with a lateral_movement stage)")
                                             : " (to act on " + st.target.host + ", move there first with a lateral_movement stage)"));
    }
    if (action_ok && st.action == StageAction::Collection && st.target.store.empty()) {
        Error(o.contains("target") ? At(p, "target") : p, problem::kMissing,
              "a collection stage needs target.store: the data store it stages records from");
        refs_ok = false;
    }
    if (const json* d = GetObject(o, p, "duration", false)) {
        const std::string dp = At(p, "duration");
        CheckKeys(*d, dp, {"median_s", "sigma"});
        st.duration.median_s = GetSeconds(*d, dp, "median_s", st.duration.median_s, SecondsRule::NonNegative);
        st.duration.sigma = GetRanged(*d, dp, "sigma", st.duration.sigma, 0.0, 5.0);
    }
    st.success_prob = GetProbability(o, p, "success_prob", st.success_prob);
    st.quiet_after_s = GetSeconds(o, p, "quiet_after_s", 0, SecondsRule::NonNegative);
    st.max_attempts = (int)GetCount(o, p, "max_attempts", st.max_attempts, 1, 1000);
    return refs_ok;
}

std::string Loader::SuggestTechnique(const std::string& wrong)
{
    std::vector<std::string> ids;
    for (const Technique& t : Catalog().Techniques())
        if (!t.revoked && !t.deprecated) ids.push_back(t.id);
    return DidYouMean(wrong, ids, 1); // one edit: every digit of an ATT&CK id means something
}

std::string Loader::SuggestStage(const std::string& wrong)
{
    std::vector<std::string> names;
    for (const Stage& st : S().campaign.stages) names.push_back(st.name);
    return DidYouMean(wrong, names);
}

// A stage's technique (at p/technique) against ATT&CK v18.1: an error when it is unknown, revoked or
// deprecated; else a warning when its tactics do not fit a valid action, or no sensor type observes it.
void Loader::CheckStageTechnique(const Stage& st, const std::string& p, bool action_ok)
{
    const std::string& t = st.technique;
    const Technique* tech = Catalog().FindTechnique(t);
    if (!tech) {
        Error(At(p, "technique"), problem::kNoTechnique, "technique '" + t + "' is not in ATT&CK v18.1" + SuggestTechnique(t));
    } else if (tech->revoked) {
        Error(At(p, "technique"), problem::kRevoked,
              "technique '" + t + "' (" + tech->name + ") is revoked in ATT&CK v18.1: use the technique that replaced it");
    } else if (tech->deprecated) {
        Error(At(p, "technique"), problem::kDeprecated,
              "technique '" + t + "' (" + tech->name + ") is deprecated in ATT&CK v18.1");
    } else {
        if (action_ok && IsPreAttack(st.action)) {
            // Outside the estate the engine simulates only these two tactics: any other is an error.
            const std::string want = TacticOf(st.action);
            if (std::find(tech->tactics.begin(), tech->tactics.end(), want) == tech->tactics.end())
                Error(At(p, "technique"), problem::kPreAttackTactic,
                      "technique '" + t + "' (" + tech->name + ") is not in the " + want + " tactic (" +
                          (want == "reconnaissance" ? "TA0043" : "TA0042") + "), but the stage action is " + StageActionName(st.action));
        } else if (action_ok) {
            const std::string want = TacticOf(st.action);
            if (std::find(tech->tactics.begin(), tech->tactics.end(), want) == tech->tactics.end())
                Warn(At(p, "technique"), problem::kTacticMismatch,
                     "technique '" + t + "' (" + tech->name + ") is not in the " + want + " tactic, but the stage action is " +
                         StageActionName(st.action));
        }
        // Resource development happens on the attacker's own infrastructure: that no sensor of the
        // estate sees it is the point, not a mistake to warn about.
        bool seen = tech->data_components.empty() || (action_ok && st.action == StageAction::ResourceDevelopment);
        for (const auto& sensor : W().sensor_types)
            for (const auto& dc : tech->data_components)
                if (std::binary_search(sensor.observes.begin(), sensor.observes.end(), dc)) seen = true;
        if (!seen)
            Warn(At(p, "technique"), problem::kUnobservable,
                 "no sensor type observes any data component of technique '" + t + "' (" + tech->name +
                     "): it can never raise an alert");
    }
}

// A stage's target selector (at tp): false when it names a host, zone or data store that is not
// defined.
bool Loader::LoadStageTarget(const json& tg, const std::string& tp, Stage& st)
{
    bool refs_ok = true;
    CheckKeys(tg, tp, {"host", "kind", "zone", "store", "count"});
    st.target.host = GetStringOr(tg, tp, "host", "");
    LoadStageKinds(tg, tp, st.target);
    st.target.zone = GetStringOr(tg, tp, "zone", "");
    st.target.store = GetStringOr(tg, tp, "store", "");
    st.target.count = (int)GetCount(tg, tp, "count", 1, 0, kMaxHosts);
    if (!st.target.host.empty() && !host_index_.count(st.target.host)) {
        HostRef(st.target.host, At(tp, "host"));
        refs_ok = false;
    }
    if (!st.target.zone.empty() && !zone_index_.count(st.target.zone)) {
        ZoneRef(st.target.zone, At(tp, "zone"));
        refs_ok = false;
    }
    if (!st.target.store.empty() && !store_index_.count(st.target.store)) {
        Error(At(tp, "store"), problem::kNoStore, "data store '" + st.target.store + "' is not defined" + Suggest(st.target.store, store_index_));
        refs_ok = false;
    }
    return refs_ok;
}

// A target's "kind": one host kind ("server") or a list of them (["server", "database"]): a host of
// any listed kind matches. A kind the engine does not know is a warning (it may be the author's own).
void Loader::LoadStageKinds(const json& tg, const std::string& tp, TargetSelector& t)
{
    if (!tg.contains("kind")) return;
    const json& k = tg["kind"];
    const std::string kp = At(tp, "kind");
    std::vector<std::pair<std::string, std::string>> named; // kind, pointer
    if (k.is_string()) {
        named.push_back({k.get<std::string>(), kp});
    } else if (k.is_array()) {
        if (k.empty()) Error(kp, problem::kEmptyList, "an empty list of host kinds matches no host: name one kind or more, or leave kind out");
        for (size_t i = 0; i < k.size(); ++i) {
            if (!k[i].is_string()) {
                Error(At(kp, i), problem::kWrongType, "a host kind must be a string, got " + std::string(k[i].type_name()));
                continue;
            }
            named.push_back({k[i].get<std::string>(), At(kp, i)});
        }
    } else {
        Error(kp, problem::kWrongType, "kind must be a host kind or a list of them, got " + std::string(k.type_name()));
        return;
    }
    for (const auto& [kind, p] : named) {
        if (std::find(t.kinds.begin(), t.kinds.end(), kind) != t.kinds.end()) {
            Warn(p, problem::kBadHostKind, "host kind '" + kind + "' is listed twice");
            continue;
        }
        if (!IsKnownHostKind(kind))
            Warn(p, problem::kBadHostKind, "host kind '" + kind + "' is not one the engine knows (" + KnownHostKinds() + ")");
        t.kinds.push_back(kind);
    }
}

void Loader::CheckAttackPath()
{
    const World& w = W();
    const size_t nz = w.zones.size();
    if (nz == 0 || w.hosts.empty() || hosts_truncated_) return;

    // Zones reachable from `start` over flows, transitively (a zone reaches itself).
    auto reach = [&](const std::vector<bool>& start) {
        std::vector<bool> seen = start;
        std::vector<ZoneId> todo;
        for (size_t z = 0; z < nz; ++z)
            if (seen[z]) todo.push_back((ZoneId)z);
        while (!todo.empty()) {
            const ZoneId z = todo.back();
            todo.pop_back();
            for (size_t b = 0; b < nz; ++b)
                if (w.flows[z][b] && !seen[b]) { seen[b] = true; todo.push_back((ZoneId)b); }
        }
        return seen;
    };
    std::vector<bool> internet(nz, false);
    for (size_t z = 0; z < nz; ++z) internet[z] = w.zones[z].internet;
    // Zones the internet may open connections into directly (an internet zone counts for itself).
    std::vector<bool> exposed(nz, false);
    for (size_t a = 0; a < nz; ++a)
        if (internet[a])
            for (size_t b = 0; b < nz; ++b)
                if (a == b || w.flows[a][b]) exposed[b] = true;

    std::vector<bool> footholds(nz, false);
    bool any_foothold = false;
    const auto& stages = S().campaign.stages;
    for (size_t i = 0; i < stages.size(); ++i) {
        if (!stage_refs_ok_[i]) continue;
        const Stage& st = stages[i];
        const std::string p = "/campaign/stages/" + std::to_string(i);
        const TargetSelector& t = st.target;
        const bool via_store = !t.store.empty() &&
                               (st.action == StageAction::Collection || st.action == StageAction::Exfiltration);
        const HostId store_host = via_store ? w.stores[store_index_.at(t.store)].host : kNone;
        if (via_store && store_host == kNone) continue; // the store's own host was reported undefined
        const ZoneId tzone = t.zone.empty() ? kNone : zone_index_.at(t.zone);
        std::vector<HostId> matches;
        for (HostId h = 0; h < (HostId)w.hosts.size(); ++h) {
            const Host& host = w.hosts[h];
            if (host.zone == kNone) continue; // its zone was reported undefined
            if (!t.host.empty() && host.id != t.host) continue;
            if (!t.KindMatches(host.kind)) continue;
            if (tzone != kNone && host.zone != tzone) continue;
            if (via_store && h != store_host) continue;
            matches.push_back(h);
        }
        auto describe = [&] {
            std::string d;
            auto add = [&](const char* k, const std::string& v) {
                if (v.empty()) return;
                if (!d.empty()) d += ", ";
                d += std::string(k) + " '" + v + "'";
            };
            add("host", t.host);
            add("kind", t.KindText());
            add("zone", t.zone);
            add("store", t.store);
            return d.empty() ? std::string("any host") : d;
        };
        if (matches.empty()) {
            Error(st.target.host.empty() && st.target.kinds.empty() && st.target.zone.empty() && t.store.empty() ? p : p + "/target",
                  problem::kNoTarget, "no host matches the target of stage '" + st.name + "' (" + describe() + ")");
            continue;
        }
        if (st.action == StageAction::InitialAccess) {
            // As the engine picks initial-access candidates (attacker.cpp): a phish needs a person at
            // the host; anything else needs a flow from an internet zone straight into the host's zone,
            // and an exploit of a public-facing service needs a remote vulnerability there too.
            const bool phish = IsUserInitiated(st.technique);
            const bool exploit = IsExploit(st.technique);
            bool any = false;
            for (HostId h : matches) {
                const Host& host = w.hosts[h];
                bool ok;
                if (phish) ok = host.user != kNone;
                else {
                    ok = exposed[host.zone];
                    if (ok && exploit)
                        ok = std::any_of(host.vulns.begin(), host.vulns.end(), [&](int32_t v) { return w.vulns[v].remote; });
                }
                if (ok) { footholds[host.zone] = true; any = true; }
            }
            if (!any)
                Error(p + "/target", problem::kNotExposed,
                      "initial_access stage '" + st.name + "' (" + st.technique + "): no target host (" + describe() + ") " +
                          (phish     ? "has a user who could open the phish (set the host's user, or user_per_host on its group)"
                           : exploit ? "is in a zone the internet has a flow into and has an unpatched remote vulnerability"
                                     : "is in a zone that an internet zone has a flow into"));
            any_foothold = any_foothold || any;
        } else if (st.action == StageAction::LateralMovement && any_foothold) {
            const std::vector<bool> reachable = reach(footholds);
            bool any = false;
            for (HostId h : matches)
                if (reachable[w.hosts[h].zone]) { footholds[w.hosts[h].zone] = true; any = true; }
            if (!any)
                Error(p + "/target", problem::kUnreachable,
                      "lateral_movement stage '" + st.name + "': no target host (" + describe() +
                          ") can be reached over flows from the zones of earlier footholds");
        }
    }
}

// [SECTION] The loader: operations events

void Loader::LoadOperations(const json& root)
{
    const json* a = GetArray(root, "", "operations_events", false);
    if (!a) return;
    std::unordered_map<std::string, std::string> names;
    for (size_t i = 0; i < a->size(); ++i) {
        const std::string p = At("/operations_events", i);
        const json& o = (*a)[i];
        if (!ExpectType(o, p, json::value_t::object, "an object")) continue;
        CheckKeys(o, p, {"name", "synopsis", "time_s", "target", "fraction", "symptom", "secops_alert", "fix", "recover_after_s"});
        OperationsEvent e;
        if (auto name = GetId(o, p, "name")) {
            e.name = *name;
            Define(names, e.name, p, "operations event");
        }
        e.synopsis = GetStringOr(o, p, "synopsis", e.name);
        e.time_s = GetSeconds(o, p, "time_s", 0, SecondsRule::NonNegative);
        if (e.time_s > S().duration_s)
            Warn(At(p, "time_s"), problem::kOpsLate,
                 "operations event '" + e.name + "' at " + std::to_string(e.time_s) + " s comes after the exercise ends (duration_s " +
                     std::to_string(S().duration_s) + "): it never happens");
        e.fraction = GetProbability(o, p, "fraction", 1.0);
        if (auto sy = GetString(o, p, "symptom", true)) e.symptom = *sy;
        bool refs_ok = true;
        if (const json* tg = GetObject(o, p, "target", false)) {
            const std::string tp = At(p, "target");
            CheckKeys(*tg, tp, {"host", "kind", "zone", "os"});
            e.host = GetStringOr(*tg, tp, "host", "");
            e.kind = GetStringOr(*tg, tp, "kind", "");
            e.zone = GetStringOr(*tg, tp, "zone", "");
            e.os = GetStringOr(*tg, tp, "os", "");
            if (!e.host.empty() && !host_index_.count(e.host)) { HostRef(e.host, At(tp, "host")); refs_ok = false; }
            if (!e.zone.empty() && !zone_index_.count(e.zone)) { ZoneRef(e.zone, At(tp, "zone")); refs_ok = false; }
            if (!e.kind.empty() && !IsKnownHostKind(e.kind))
                Warn(At(tp, "kind"), problem::kBadHostKind,
                     "host kind '" + e.kind + "' is not one the engine knows (" + KnownHostKinds() + ")");
        }
        if (auto fix = GetString(o, p, "fix", false)) {
            if (*fix == "rollback") e.fix = OpsFix::Rollback;
            else if (*fix == "reboot") e.fix = OpsFix::Reboot;
            else Error(At(p, "fix"), problem::kOpsFix, "unknown fix '" + *fix + "' (expected rollback or reboot)");
        }
        e.recover_after_s = GetSeconds(o, p, "recover_after_s", 0, SecondsRule::NonNegative);
        if (e.fix == OpsFix::Reboot && e.recover_after_s <= 0)
            Error(o.contains("recover_after_s") ? At(p, "recover_after_s") : p, problem::kOpsNoRecovery,
                  "operations event '" + e.name + "' is fixed by a reboot: give recover_after_s (> 0), how long its hosts stay down");
        if (const json* al = GetObject(o, p, "secops_alert", false)) {
            const std::string ap = At(p, "secops_alert");
            CheckKeys(*al, ap, {"technique", "summary", "sensor", "severity"});
            e.secops_alert = true;
            if (auto sm = GetString(*al, ap, "summary", true)) e.alert_summary = *sm;
            e.alert_severity = (int)GetScale(*al, ap, "severity", 3, 1, 4);
            if (auto t = GetString(*al, ap, "technique", false)) {
                e.alert_technique = *t;
                const Technique* tech = Catalog().FindTechnique(*t);
                if (!tech) Error(At(ap, "technique"), problem::kNoTechnique, "technique '" + *t + "' is not in ATT&CK v18.1" + SuggestTechnique(*t));
                else if (tech->revoked)
                    Error(At(ap, "technique"), problem::kRevoked,
                          "technique '" + *t + "' (" + tech->name + ") is revoked in ATT&CK v18.1: use the technique that replaced it");
                else if (tech->deprecated)
                    Error(At(ap, "technique"), problem::kDeprecated,
                          "technique '" + *t + "' (" + tech->name + ") is deprecated in ATT&CK v18.1");
            }
            if (auto sn = GetString(*al, ap, "sensor", false)) {
                const SensorTypeId sid = SensorRef(*sn, At(ap, "sensor"));
                if (sid != kNone && (W().sensor_types[sid].team != Team::SecOps || W().sensor_types[sid].symptoms))
                    Error(At(ap, "sensor"), problem::kOpsSensor,
                          "sensor type '" + *sn + "' is not a SecOps alerting sensor (team secops, not symptoms): SecOps' console never shows it");
                else if (sid != kNone)
                    e.alert_sensor = *sn;
            }
        }
        // The target must match a host, and ITOps should be able to see the crash.
        if (refs_ok && !hosts_truncated_) {
            const ZoneId z = e.zone.empty() ? kNone : zone_index_.at(e.zone);
            bool any = false, monitored = false;
            for (const Host& h : W().hosts) {
                if ((!e.host.empty() && h.id != e.host) || (!e.kind.empty() && h.kind != e.kind) ||
                    (!e.os.empty() && h.os != e.os) || (z != kNone && h.zone != z))
                    continue;
                any = true;
                for (SensorTypeId sid : h.sensors)
                    if (sid >= 0 && sid < (SensorTypeId)W().sensor_types.size() && W().sensor_types[sid].symptoms &&
                        W().sensor_types[sid].team == Team::ITOps)
                        monitored = true;
                if (monitored) break;
            }
            std::string d;
            const std::pair<const char*, const std::string*> fields[] = {{"host", &e.host}, {"kind", &e.kind}, {"zone", &e.zone}, {"os", &e.os}};
            for (const auto& [k, v] : fields)
                if (!v->empty()) d += std::string(d.empty() ? "" : ", ") + k + " '" + *v + "'";
            if (d.empty()) d = "any host";
            const std::string tp = o.contains("target") ? At(p, "target") : p;
            if (!any)
                Error(tp, problem::kOpsNoTarget, "no host matches the target of operations event '" + e.name + "' (" + d + ")");
            else if (!monitored)
                Warn(tp, problem::kOpsUnseen,
                     "no host that operations event '" + e.name + "' can hit (" + d +
                         ") has an ITOps monitoring sensor (symptoms: true): ITOps sees it only through its services");
        }
        S().operations_events.push_back(std::move(e));
    }
}

// A vulnerability the attacker can exploit only from its disclosure (docs/authoring.md): one
// disclosed after the exercise ends is never exploitable; and when the campaign has an exploit
// stage but every remote vulnerability is disclosed after the campaign starts, that stage fails
// until then. (One disclosed mid-exercise beside others already public is the patch race: fine.)
// Both validate, and both usually are a slip (a flaw already public has a negative disclosed_at_s).
void Loader::CheckVulnerabilityTiming()
{
    const Scenario& s = S();
    bool exploits = false, remote_at_start = false;
    for (const auto& st : s.campaign.stages)
        for (const char* t : {"T1190", "T1133", "T1210"}) exploits |= st.technique.rfind(t, 0) == 0;
    for (const auto& v : s.world.vulns) remote_at_start |= v.remote && v.disclosed_at <= s.campaign.start_s;
    for (size_t i = 0; i < s.world.vulns.size(); ++i) {
        const Vulnerability& v = s.world.vulns[i];
        const std::string p = At(At("/infrastructure/vulnerabilities", i), "disclosed_at_s");
        if (v.disclosed_at > s.duration_s)
            Warn(p, problem::kVulnTiming,
                 "vulnerability '" + v.id + "' is disclosed at " + std::to_string(v.disclosed_at) + " s, after the exercise ends (duration_s " +
                     std::to_string(s.duration_s) + "): the attacker can never exploit it (already public at the start: a negative disclosed_at_s)");
        else if (exploits && !remote_at_start && v.remote && v.disclosed_at > s.campaign.start_s)
            Warn(p, problem::kVulnTiming,
                 "vulnerability '" + v.id + "' is disclosed at " + std::to_string(v.disclosed_at) + " s, after the campaign starts (start_s " +
                     std::to_string(s.campaign.start_s) + "): an exploit stage fails on it until then (already public at the start: a negative disclosed_at_s)");
    }
}

// Parts of the story that are written but can never happen: a vulnerability no host carries (the
// attacker cannot exploit it, ITOps never patches it), an inject whose time or deadline comes after
// the exercise ends.
void Loader::CheckUnusedAndNever()
{
    const Scenario& s = S();
    for (size_t i = 0; i < s.world.vulns.size(); ++i)
        if (!vulns_used_.count((int32_t)i))
            Warn(At(At("/infrastructure/vulnerabilities", i), "id"), problem::kVulnUnused,
                 "vulnerability '" + s.world.vulns[i].id + "' is on no host or host group: nothing can exploit or patch it");
    for (size_t i = 0; i < s.injects.size(); ++i) {
        const Inject& in = s.injects[i];
        const bool timed = in.trigger == InjectTrigger::Time, unless = in.trigger == InjectTrigger::Unless;
        if ((timed || unless) && in.time_s > s.duration_s)
            Warn(At(At("/injects", i), timed ? "time_s" : "when"), problem::kInjectNever,
                 "inject " + std::to_string(in.number) + (timed ? " is due at " : "'s unless deadline is ") + std::to_string(in.time_s) +
                     " s, after the exercise ends (duration_s " + std::to_string(s.duration_s) + "): it never fires");
        if (in.trigger == InjectTrigger::Combined && InjectConditionNever(in.condition, s.duration_s, {}))
            Warn(At(At("/injects", i), "when"), problem::kInjectNever,
                 "inject " + std::to_string(in.number) + "'s condition can never hold: " +
                     (in.condition.kind == InjectCondition::Kind::All ? "a part of its all" : "every part of its any") +
                     " waits for a time after the exercise ends (duration_s " + std::to_string(s.duration_s) + "): it never fires");
    }
}

} // namespace loader_detail
} // namespace bd
