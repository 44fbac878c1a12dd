// autopilot.cpp: built-in responders for the ITOps and SecOps seats.
//
// An autopilot acts on what its team can see (its alerts, tickets, findings and the CMDB), never
// on the ground truth, with one exception that stands in for human judgement: whether a triage
// verdict is right is drawn against the truth with the configured accuracy. It posts commands
// through Simulation::Post like a person would, with latencies drawn from its own generator, so
// an empty seat is filled without changing what the attacker does.
//
// The triage desk (docs/model.md): an alert is picked up after a latency that shrinks with its
// severity (a SOC's triage SLA) and grows with the backlog (alert fatigue); the desk's analysts
// work one item at a time each. Siloed, every alert is its own item, first in first out. With
// correlation (a converged organisation's shared tooling), alerts on one host join one case: a
// case that two sources corroborate is more severe, picked up sooner and judged better, and the
// desk takes the most severe case first. Outside business hours every latency is longer unless
// the desk is staffed around the clock.
//
// SecOps runbook: triage -> investigate -> declare -> contain (isolate, or ask ITOps to on
// production hosts; or an emergency change when it doesn't coordinate) -> reset exposed
// credentials -> block C2 -> follow linked hosts -> ask ITOps to rebuild -> notify authorities.
// ITOps runbook: work its ticket queue (approving urgent changes when it coordinates), restore
// encrypted hosts (or rebuild them when the backup is gone), and pass attack-like symptoms to SecOps.
// Operations events (a faulty EDR update): ITOps sees hosts crash with the same symptom and asks
// SecOps to agree to a rollback (request_action rollback_update); SecOps agrees by asking ITOps for
// it (with shared tools it may propose it first), and ITOps rolls back naming SecOps' ticket.
#include "response/autopilot.h"
#include "response/operations.h"
#include "response/runbook_pilot.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace bd {

// Named, not anonymous: Autopilot::State (declared in autopilot.h) holds these, and a class with
// external linkage must not have members of internal-linkage types (-Wsubobject-linkage).
namespace autopilot_desk {
enum class WorkKind : uint8_t { Triage, Follow, Ticket, Finding, NotifyEarly, NotifyFull, NotifyGdpr, AskRollback, AgreeRollback, Patch, Recheck, Inject, Runbook };
struct Work {
    SimTime due;
    int prio; // among items due at once: lower first (a correlated desk: the most severe case)
    uint64_t order;
    WorkKind kind;
    int32_t ref;
    bool operator<(const Work& o) const
    {
        if (due != o.due) return due < o.due;
        if (prio != o.prio) return prio < o.prio;
        return order < o.order;
    }
};

// One item of the triage desk: an alert (siloed), or a host's correlated alerts (a case).
struct Case {
    std::vector<AlertId> alerts;
    std::set<SensorTypeId> sources; // distinct sensors: corroboration
    HostId host = kNone;
    int severity = 1;
    uint64_t token = 0;  // the order of the Work item that will work it (a reschedule makes older ones stale)
    SimTime opened = 0, due = 0;
    bool open = true;    // not yet worked
    bool verdict = false; // once worked: judged an attack
    SimTime worked_at = 0;
};

// How much sooner a desk picks up an item of this severity (1 low .. 4 critical): a triage SLA.
double SeverityFactor(int severity)
{
    static const double kFactor[] = {2.0, 2.0, 1.0, 0.5, 0.25};
    return kFactor[std::clamp(severity, 0, 4)];
}
} // namespace autopilot_desk
using namespace autopilot_desk;

struct Autopilot::State {
    Simulation& sim;
    Team team;
    AutopilotParams p;
    Rng rng;
    size_t alert_cursor = 0, ticket_cursor = 0, finding_cursor = 0;
    std::set<Work> work;
    uint64_t order = 0;
    std::vector<Case> cases;
    std::map<HostId, int32_t> host_case; // correlated: each host's latest case
    std::vector<SimTime> desk;          // each analyst: busy until
    size_t backlog = 0;                 // open cases
    size_t consoles = 1;                // the team's alerting tools in this estate
    bool patches_planned = false;
    std::set<size_t> inject_done; // MSEL entries delivered and looked at
    std::vector<std::pair<HostId, int32_t>> patches; // (host, vulnerability) to patch, by Work ref
    // When this team last investigated, contained or rebuilt a host, and reset a credential: the
    // same step again only after kRevisit (an attacker who comes back is met again).
    std::map<HostId, SimTime> investigated, contained, rebuilt;
    std::map<IdentityId, SimTime> reset;
    std::set<HostId> seen_rebuilding, rechecked, rebuilding;
    std::map<HostId, SimTime> rebuilt_done; // when this team saw a host it rebuilt come back up
    std::set<std::string> blocked;
    bool declared = false, notified_early = false, notified_full = false, notified_gdpr = false;
    // Operations events (a faulty update), by event index: hosts seen crashing with its symptom,
    // and whether this team has asked for (ITOps) or agreed to (SecOps) a rollback.
    std::map<int32_t, std::set<HostId>> ops_seen;
    std::set<int32_t> ops_asked, ops_agreed, ops_hesitated;
    // The team's runbook (--runbook): it, not the built-in response, says what to do about a
    // confirmed attack (response/runbook_pilot.h). One step at a time: a Runbook work item queued.
    std::unique_ptr<RunbookPilot> runbook;
    bool runbook_queued = false;

    State(Simulation& s, Team t, const AutopilotParams& params, uint64_t seed) : sim(s), team(t), p(params), rng(seed)
    {
        desk.assign(team == Team::SecOps ? (size_t)std::max(1, sim.org().secops_analysts) : 1, 0);
        const World& wd = sim.world();
        std::set<SensorTypeId> tools;
        for (const Host& h : wd.hosts)
            for (SensorTypeId st : h.sensors) tools.insert(st);
        for (const Zone& z : wd.zones)
            for (SensorTypeId st : z.sensors) tools.insert(st);
        consoles = 0;
        for (SensorTypeId st : tools) consoles += wd.sensor_types[st].team == team;
        consoles = std::max<size_t>(consoles, 1);
        if (const Runbook* rb = sim.RunbookOf(team)) runbook = std::make_unique<RunbookPilot>(sim, team, *rb);
    }

    const World& w() const { return sim.world(); }
    Team Other() const { return team == Team::ITOps ? Team::SecOps : Team::ITOps; }
    // Outside business hours a team on call answers later (mechanism 6), unless staffed 24/7.
    double Staffing() const
    {
        const OrgParams& o = sim.org();
        if (o.staffed_24x7 || StoryClock(sim.scenario().story_start).BusinessHours(sim.Now())) return 1.0;
        return o.after_hours_factor;
    }
    SimTime Draw(double median) { return (SimTime)std::llround(rng.LogNormal(std::max(median, 1.0), 0.6)); }
    SimTime Latency(SimTime median) { return Draw((double)median * Staffing()); }
    static constexpr SimTime kRevisit = 4 * kHour;
    // Whether the step on `key` is due (never done, or not for kRevisit); if so, it is noted as done now.
    template <class K> bool Due(std::map<K, SimTime>& done, K key)
    {
        auto [it, fresh] = done.emplace(key, sim.Now());
        if (fresh) return true;
        if (sim.Now() - it->second < kRevisit) return false;
        it->second = sim.Now();
        return true;
    }
    uint64_t Add(SimTime due, WorkKind k, int32_t ref, int prio = 0)
    {
        work.insert(Work{due, prio, order, k, ref});
        return order++;
    }

    CommandResult Do(CommandKind kind, const std::string& target, const std::string& value = "", const std::string& text = "",
                     int32_t ticket = kNone, bool emergency = false, std::vector<std::string> assets = {})
    {
        Command c;
        c.kind = kind;
        c.team = team;
        c.issuer = std::string("autopilot:") + TeamName(team);
        c.role = DefaultRole(team, kind);
        c.target = target;
        c.value = value;
        c.text = text;
        c.ticket = ticket;
        c.emergency = emergency;
        c.assets = std::move(assets);
        return sim.Post(c);
    }
    void Ask(CommandKind kind, const std::string& target, const std::string& reason)
    {
        Do(CommandKind::RequestAction, target, CommandKindName(kind), reason);
    }

    // The team knows of an attack: its runbook's steps may apply now, the next one after a short while.
    void RunbookTrigger()
    {
        runbook->Start();
        if (runbook_queued) return;
        runbook_queued = true;
        Add(sim.Now() + Latency(std::max<SimTime>(p.response_latency_s / 4, kMinute)), WorkKind::Runbook, 0);
    }

    // The runbook's next step, if one applies; then the one after.
    void FollowRunbook()
    {
        runbook_queued = false;
        const auto c = runbook->Next();
        if (!c) return; // nothing applies now: new evidence starts it again (RunbookTrigger)
        Approve(sim.Post(*c));
        runbook_queued = true;
        Add(sim.Now() + Latency(std::max<SimTime>(p.response_latency_s / 4, kMinute)), WorkKind::Runbook, 0);
    }

    void Declare(HostId h, const std::string& why)
    {
        if (runbook) { RunbookTrigger(); return; } // declaring and notifying are the runbook's to say
        if (declared) return;
        declared = true;
        Do(CommandKind::DeclareIncident, "", "", why, kNone, false, {w().hosts[h].id});
        if (team == Team::SecOps && !sim.scenario().regimes.empty()) {
            const bool nis2 = std::find(sim.scenario().regimes.begin(), sim.scenario().regimes.end(), "nis2") != sim.scenario().regimes.end();
            if (nis2) {
                Add(sim.Now() + Latency(p.response_latency_s * 16), WorkKind::NotifyEarly, 0);
                Add(sim.Now() + Latency(p.response_latency_s * 80), WorkKind::NotifyFull, 0);
            }
        }
    }

    // [desk] An alert this team works arrives: correlated, it joins its host's open case, or the
    // host's confirmed one while that is being handled (kRevisit); otherwise it is an item of its own.
    void Intake(AlertId id)
    {
        const Alert& a = w().alerts[id];
        const bool correlate = sim.org().correlate_alerts && a.host != kNone;
        if (correlate) {
            if (auto it = host_case.find(a.host); it != host_case.end()) {
                Case& c = cases[it->second];
                if (c.open) {
                    c.alerts.push_back(id);
                    c.sources.insert(a.sensor);
                    Rate(c);
                    Schedule(it->second, false);
                    return;
                }
                // The host's incident, being handled: part of it. Not when this team's investigation
                // found the host clean since (an attack that failed at first and came back: new evidence).
                if (c.verdict && sim.Now() - c.worked_at < kRevisit && !FoundCleanSince(a.host, c.worked_at)) {
                    c.alerts.push_back(id);
                    Add(sim.Now() + Latency(sim.DurationOf(CommandKind::TriageAlert)), WorkKind::Follow, id);
                    return;
                }
            }
        }
        Case c;
        c.alerts = {id};
        c.sources = {a.sensor};
        c.host = a.host;
        c.opened = sim.Now();
        cases.push_back(std::move(c));
        const int32_t ci = (int32_t)cases.size() - 1;
        Rate(cases[ci]);
        if (correlate) host_case[a.host] = ci;
        ++backlog;
        Schedule(ci, true);
    }

    // A case is as severe as its worst alert, one step more when two sources corroborate it.
    void Rate(Case& c) const
    {
        int sev = 1;
        for (AlertId a : c.alerts) sev = std::max(sev, w().alerts[a].severity);
        c.severity = c.sources.size() >= 2 ? std::min(4, sev + 1) : sev;
    }
    int Prio(const Case& c) const { return sim.org().correlate_alerts ? 4 - c.severity : 0; }

    // The pick-up: the severity's latency from the item's arrival, longer with every item waiting
    // (alert fatigue). A case that became more severe is picked up sooner (its clock runs from
    // when it opened, as a triage SLA does), never later than planned.
    void Schedule(int32_t ci, bool fresh)
    {
        Case& c = cases[ci];
        const OrgParams& o = sim.org();
        double fatigue = 1.0 + o.alert_fatigue * (double)(backlog > 0 ? backlog - 1 : 0);
        if (!o.correlate_alerts) fatigue *= 1.0 + o.console_switch * (double)(consoles - 1);
        const SimTime pickup = Latency((SimTime)std::llround((double)p.triage_latency_s * SeverityFactor(c.severity) * fatigue));
        const SimTime due = std::max(sim.Now(), c.opened + pickup);
        if (!fresh && due >= c.due) return;
        c.due = due;
        c.token = Add(due, WorkKind::Triage, ci, Prio(c));
    }

    // The item's time has come: the first free analyst works it; all busy, it waits for one.
    void WorkCase(int32_t ci, uint64_t token)
    {
        Case& c = cases[ci];
        if (!c.open || token != c.token) return; // worked already, or rescheduled sooner
        auto analyst = std::min_element(desk.begin(), desk.end());
        if (*analyst > sim.Now()) {
            c.token = Add(*analyst, WorkKind::Triage, ci, Prio(c));
            return;
        }
        *analyst = sim.Now() + sim.DurationOf(CommandKind::TriageAlert);
        c.open = false;
        c.worked_at = sim.Now();
        --backlog;
        Judge(c);
    }

    void Judge(Case& c)
    {
        bool truth = false, explained = true;
        const Alert* lead = nullptr; // the most severe alert, the one the team acts on
        for (AlertId id : c.alerts) {
            const Alert& a = w().alerts[id];
            truth |= a.true_positive;
            if (!lead || a.severity > lead->severity) lead = &a;
            const int32_t ev = a.host != kNone ? OperationsEventOfSymptom(sim, a) : kNone;
            if (ev != kNone) OnOpsSymptom(ev, a.host);
            // A crash, or an agent gone silent, already put down to a faulty update (this team asked
            // for or agreed to its rollback) is not an attack: no judgement call left.
            const int32_t known = ev != kNone ? ev : KnownOpsAlert(a);
            explained &= known != kNone && (ops_asked.count(known) || ops_agreed.count(known) ||
                                            RollbackRequested(sim.scenario().operations_events[known].name));
        }
        // The one place the truth is read: is this analyst's judgement right this time? Each
        // independent source of a correlated case is another chance to get it right.
        const double accuracy = 1.0 - std::pow(1.0 - p.triage_accuracy, (double)c.sources.size());
        const bool verdict = explained ? false : rng.Chance(accuracy) ? truth : !truth;
        c.verdict = verdict;
        const Alert acted_on = *lead; // a copy: the world's alerts may grow while the team acts
        bool posted = false;
        for (AlertId id : c.alerts)
            if (w().alerts[id].status == AlertStatus::New)
                posted |= Do(CommandKind::TriageAlert, std::to_string(id), verdict ? "true_positive" : "false_positive").ok();
        if (!verdict || acted_on.host == kNone) return;
        if (!posted && acted_on.team == team) return; // the other team got there first
        Act(acted_on);
    }

    // A confirmed alert: what the team's runbook does next.
    void Act(const Alert& a)
    {
        const bool ransom = a.technique.empty() && a.summary.find("ransom") != std::string::npos;
        if (runbook) RunbookTrigger();
        if (team == Team::SecOps) {
            if (a.severity >= p.escalate_severity) Declare(a.host, "confirmed alert: " + a.summary);
            Investigate(a.host);
            return;
        }
        // ITOps: symptoms.
        if (ransom) {
            Declare(a.host, "ransomware: " + a.summary);
            if (!runbook) Rebuild(a.host, kNone);
            if (rng.Chance(p.coordination)) Ask(CommandKind::InvestigateHost, w().hosts[a.host].id, "ransom note: " + a.summary);
        } else if (rng.Chance(p.coordination)) {
            Ask(CommandKind::InvestigateHost, w().hosts[a.host].id, "unusual activity: " + a.summary);
        } else {
            Investigate(a.host);
        }
    }

    // An alert on a host already confirmed: marked as part of that incident.
    void Follow(AlertId id)
    {
        if (w().alerts[id].status == AlertStatus::New) Do(CommandKind::TriageAlert, std::to_string(id), "true_positive");
    }

    // Without a shared inventory SecOps cannot reach a host its tools do not cover: it asks ITOps.
    void Investigate(HostId h)
    {
        // Once within kRevisit, unless the last look found the host clean and a confirmed alert says otherwise now.
        const auto last = investigated.find(h);
        const bool again = last != investigated.end() && FoundCleanSince(h, last->second);
        if (!Due(investigated, h) && !again) return;
        if (again) investigated[h] = sim.Now();
        if (team == Team::SecOps && !sim.org().shared_inventory && !SecOpsCovers(w(), w().hosts[h]))
            Ask(CommandKind::InvestigateHost, w().hosts[h].id, "suspicious activity; SecOps has no agent there: please investigate");
        else
            Do(CommandKind::InvestigateHost, w().hosts[h].id);
    }

    // [patch race] ITOps patches each host of a vulnerability disclosed during the exercise, the
    // profile's patch_within_s after the disclosure (a median: a weekly window, or a risk-based SLA).
    void PlanPatches()
    {
        patches_planned = true;
        const World& wd = w();
        for (HostId h = 0; h < (HostId)wd.hosts.size(); ++h)
            for (int32_t v : wd.hosts[h].vulns) {
                const SimTime disclosed = wd.vulns[v].disclosed_at;
                if (disclosed < 0 || disclosed >= sim.scenario().duration_s) continue; // old debt, or after the end
                patches.push_back({h, v});
                Add(disclosed + Draw((double)sim.org().patch_within_s), WorkKind::Patch, (int32_t)patches.size() - 1);
            }
    }

    void Patch(int32_t ref)
    {
        const auto [h, v] = patches[ref];
        const Host& host = w().hosts[h];
        if (std::find(host.vulns.begin(), host.vulns.end(), v) == host.vulns.end()) return; // patched, or rebuilt
        if (host.state != HostState::Running && host.state != HostState::Isolated) {
            Add(sim.Now() + Latency(p.response_latency_s * 4), WorkKind::Patch, ref); // down or being rebuilt: later
            return;
        }
        Approve(Do(CommandKind::PatchHost, host.id, w().vulns[v].id));
    }

    // [release] A host this team isolated, seen rebuilt since and isolated still: checked once more,
    // and released when clean (OnFinding).
    void WatchContained()
    {
        for (const auto& [h, at] : rebuilt) {
            const HostState st = w().hosts[h].state;
            if (st == HostState::Reimaging || st == HostState::Restoring) rebuilding.insert(h);
            else if (rebuilding.erase(h)) rebuilt_done[h] = sim.Now();
        }
        for (const auto& [h, at] : contained) {
            const HostState st = w().hosts[h].state;
            if (st == HostState::Reimaging || st == HostState::Restoring) seen_rebuilding.insert(h);
            else if (st == HostState::Isolated && seen_rebuilding.count(h) && rechecked.insert(h).second)
                Add(sim.Now() + Latency(p.response_latency_s / 2), WorkKind::Recheck, h);
        }
    }

    // [injects] An inject delivered to this team that expects an action: the team takes it with
    // the autopilot's inject_compliance, after its response latency (a patch: after the profile's
    // patch_within_s), unless the action was taken already or would be refused (an expected action
    // without the value it needs). It takes the action as written: its target and its value.
    void WatchInjects()
    {
        const auto& status = sim.injects().status;
        const auto& injects = sim.scenario().injects;
        for (size_t i = 0; i < status.size() && i < injects.size(); ++i) {
            if (!status[i].delivered || inject_done.count(i)) continue;
            inject_done.insert(i);
            const Inject& in = injects[i];
            if (!in.expected) continue;
            const std::string mine = TeamName(team);
            const bool for_me = in.expected->team.empty() ? (in.team == mine || in.team == "all") : in.expected->team == mine;
            if (!for_me || !rng.Chance(p.inject_compliance)) continue;
            // A patch goes through the organisation's patch process (the patch race), whoever asks.
            const bool patch = in.expected->kind == CommandKindName(CommandKind::PatchHost);
            Add(sim.Now() + (patch ? Draw((double)sim.org().patch_within_s) : Latency(p.response_latency_s)), WorkKind::Inject, (int32_t)i);
        }
    }

    void TakeInjectAction(size_t i)
    {
        const InjectAction& want = *sim.scenario().injects[i].expected;
        const std::string mine = TeamName(team);
        for (const auto& a : sim.injects().accepted)
            if (a.kind == want.kind && a.team == mine && (want.target.empty() || a.target == want.target) &&
                (want.value.empty() || a.value == want.value))
                return; // done already (the NIS2 early warning is not the GDPR notification the inject asks for)
        const auto kind = ParseCommandKind(want.kind);
        if (!kind) return;
        Command c;
        c.kind = *kind;
        c.team = team;
        c.issuer = std::string("autopilot:") + TeamName(team);
        c.role = DefaultRole(team, *kind);
        c.target = want.target;
        c.value = want.value; // the value the inject names (gdpr, not any notification)
        c.text = "as the inject asks";
        // A notification's text is its stage: NIS2 starts with the early warning, GDPR has one.
        if (*kind == CommandKind::NotifyAuthority) {
            bool early = false;
            for (const auto& a : sim.injects().accepted) early |= a.kind == "notify_authority" && a.value == "nis2";
            c.text = want.value == "nis2" && !early ? "early_warning" : "notification";
        }
        if (!sim.Check(c).ok()) return;
        Approve(Do(*kind, want.target, want.value, c.text));
    }

    void Release(HostId h)
    {
        const std::string& id = w().hosts[h].id;
        if (w().hosts[h].state != HostState::Isolated) return;
        const CommandResult r = Do(CommandKind::ReleaseHost, id);
        if (!r.ok() && r.code == ResultCode::Permission) Ask(CommandKind::ReleaseHost, id, "clean after the rebuild: release it");
        else Approve(r);
    }

    // Restore from backup if there is one; reimage otherwise (or if the restore is refused).
    void Rebuild(HostId h, int32_t ticket)
    {
        if (!Due(rebuilt, h) && ticket == kNone) return;
        const std::string& id = w().hosts[h].id;
        const Host& host = w().hosts[h];
        CommandResult r;
        if (host.encrypted && host.backup) r = Do(CommandKind::RestoreHost, id, "", "", ticket);
        if (!r.ok() || !host.encrypted || !host.backup) r = Do(CommandKind::ReimageHost, id, "", "", ticket);
        Approve(r);
    }

    // ITOps pushes an urgent change through when it coordinates well.
    void Approve(const CommandResult& r)
    {
        if (team == Team::ITOps && r.ok() && r.message == "waiting for change approval" && rng.Chance(p.coordination))
            Do(CommandKind::ApproveChange, std::to_string(r.id));
    }

    void OnFinding(const Finding& f)
    {
        const World& wd = w();
        if (!f.compromised) {
            // A host this team isolated, found clean: back on the network.
            if (contained.count(f.host)) Release(f.host);
            return;
        }
        const Host& host = wd.hosts[f.host];
        Declare(f.host, "compromise confirmed on " + host.id);
        if (runbook) {
            // The runbook contains, resets, blocks, rebuilds and notifies; the desk follows the trail.
            for (HostId l : f.linked_hosts) Investigate(l);
            return;
        }
        // A finding from before the host's rebuild: the compromise it saw is gone.
        const bool overtaken = !Overtaken(f.host, f.time).empty();
        if (!overtaken && host.state == HostState::Running && Due(contained, f.host)) {
            if (team == Team::ITOps) {
                Approve(Do(CommandKind::IsolateHost, host.id));
            } else if (!host.production) {
                // A workstation: SecOps isolates it with its EDR, telling ITOps first when it coordinates.
                if (rng.Chance(p.coordination))
                    Do(CommandKind::SendMessage, "", "itops", "isolating " + host.id + " with the EDR: it is compromised");
                Do(CommandKind::IsolateHost, host.id);
            } else if (rng.Chance(p.coordination)) {
                Ask(CommandKind::IsolateHost, host.id, "compromised production host: isolate");
            } else {
                Do(CommandKind::IsolateHost, host.id, "", "compromised: isolating now", kNone, true);
            }
        }
        if (!overtaken && team == Team::SecOps) {
            rebuilt[f.host] = sim.Now(); // asked for: watched, so that a later finding knows of the rebuild
            Ask(CommandKind::ReimageHost, host.id, "compromised: rebuild from a clean image");
        } else if (!overtaken) {
            Rebuild(f.host, kNone);
        }
        for (IdentityId id : f.credentials_exposed)
            if (Due(reset, id)) Do(CommandKind::ResetCredential, wd.identities[id].id);
        for (const auto& ind : f.indicators)
            if (blocked.insert(ind).second) Do(CommandKind::BlockIndicator, ind);
        for (HostId l : f.linked_hosts) Investigate(l);
        bool personal = false;
        for (StoreId s : f.data_touched) personal |= wd.stores[s].personal_data;
        const auto& regimes = sim.scenario().regimes;
        if (personal && team == Team::SecOps && !notified_gdpr &&
            std::find(regimes.begin(), regimes.end(), "gdpr") != regimes.end()) {
            notified_gdpr = true;
            Add(sim.Now() + Latency(p.response_latency_s * 40), WorkKind::NotifyGdpr, 0);
        }
        if (rng.Chance(p.coordination) || sim.org().shared_tools)
            Do(CommandKind::SendMessage, "", "", std::string(TeamName(team)) + ": " + host.id + " is compromised; containing it");
    }

    // A host crashed with an operations event's symptom. ITOps does not know at first that it is
    // the update: after several hosts with the same symptom (a pattern), or after a while, it asks
    // SecOps to agree to a rollback; a team that coordinates asks sooner. SecOps, when it sees
    // ITOps' monitoring (shared tools), can propose the rollback itself.
    void OnOpsSymptom(int32_t ev, HostId h)
    {
        auto& seen = ops_seen[ev];
        if (!seen.insert(h).second || ops_asked.count(ev) || ops_agreed.count(ev)) return;
        const double handoff = sim.org().handoff_factor;
        const WorkKind k = team == Team::ITOps ? WorkKind::AskRollback : WorkKind::AgreeRollback;
        if (seen.size() == 1 && team == Team::ITOps) Add(sim.Now() + Latency(p.response_latency_s * 4), k, ev);
        if (seen.size() == 3) {
            const double hesitation = rng.Chance(p.coordination) ? 1.0 : 3.0;
            Add(sim.Now() + Latency((SimTime)((double)p.response_latency_s * handoff * hesitation)), k, ev);
        }
    }

    // The operations event whose SecOps alert this looks like (its technique and text), or kNone.
    int32_t KnownOpsAlert(const Alert& a) const
    {
        const auto& events = sim.scenario().operations_events;
        for (size_t i = 0; i < events.size(); ++i)
            if (events[i].secops_alert && a.technique == events[i].alert_technique &&
                a.summary.find(events[i].alert_summary) != std::string::npos)
                return (int32_t)i;
        return kNone;
    }

    // Is some host seen with the event's symptom still down (as the CMDB shows it)?
    bool OpsStillDown(int32_t ev) const
    {
        for (HostId h : ops_seen.count(ev) ? ops_seen.at(ev) : std::set<HostId>{})
            if (w().hosts[h].state == HostState::Down) return true;
        return false;
    }

    // Did SecOps already ask ITOps for this rollback?
    bool RollbackRequested(const std::string& name) const
    {
        for (const auto& t : w().tickets)
            if (t.from == Team::SecOps && t.action == "rollback_update" && t.target == name) return true;
        return false;
    }

    void AskRollback(int32_t ev)
    {
        const OperationsEvent& e = sim.scenario().operations_events[ev];
        if (ops_asked.count(ev) || !OpsStillDown(ev) || RollbackRequested(e.name)) return;
        ops_asked.insert(ev);
        Ask(CommandKind::RollbackUpdate, e.name,
            std::to_string(ops_seen[ev].size()) + " hosts down with '" + e.symptom + "' since " + e.synopsis +
                ": please agree to roll it back");
    }

    // SecOps agrees to a rollback by asking ITOps for it (ITOps names this ticket when it acts).
    void AgreeRollback(int32_t ev)
    {
        const OperationsEvent& e = sim.scenario().operations_events[ev];
        if (!ops_agreed.insert(ev).second || RollbackRequested(e.name)) return;
        Ask(CommandKind::RollbackUpdate, e.name, "agreed: " + e.synopsis + " is a faulty update, not an attack: roll it back");
        // A SOC that coordinates says so in the war room: one answer for everyone who asks.
        if (rng.Chance(p.coordination) || sim.org().shared_tools)
            Do(CommandKind::SendMessage, "", "", "secops: the crashes come from " + e.synopsis +
                                                     ", a faulty vendor update, not an attack; ITOps is rolling it back");
    }

    // Did this team's latest investigation of host h, at or after `since`, find it clean?
    bool FoundCleanSince(HostId h, SimTime since) const
    {
        const auto& findings = w().KnowledgeOf(team).findings;
        for (auto f = findings.rbegin(); f != findings.rend() && f->time >= since; ++f)
            if (f->host == h) return !f->compromised;
        return false;
    }

    // Why a request about host h made at `since` no longer holds ("" if it still does).
    std::string Overtaken(HostId h, SimTime since) const
    {
        const Host& host = w().hosts[h];
        if (auto it = rebuilt_done.find(h); it != rebuilt_done.end() && it->second >= since && host.state == HostState::Running)
            return host.id + " was rebuilt since: nothing left to isolate";
        const auto& findings = w().KnowledgeOf(team).findings;
        for (auto f = findings.rbegin(); f != findings.rend() && f->time >= since; ++f)
            if (f->host == h) return f->compromised ? "" : host.id + " was found clean after the request";
        return "";
    }

    void OnTicket(TicketId id)
    {
        const Ticket& t = w().tickets[id];
        if (t.status != TicketStatus::Open) return;
        const auto kind = ParseCommandKind(t.action);
        if (kind == CommandKind::RollbackUpdate && team == Team::SecOps) {
            // ITOps asks to roll the EDR content back. A SOC that does not coordinate well first
            // wants to rule out tampering: it agrees later.
            const int32_t ev = FindOperationsEvent(sim.scenario(), t.target);
            if (ev == kNone) {
                Do(CommandKind::CloseTicket, std::to_string(id), "rejected", "no such update");
            } else if (ops_agreed.count(ev) || ops_hesitated.count(ev) || rng.Chance(p.coordination)) {
                AgreeRollback(ev);
                Do(CommandKind::CloseTicket, std::to_string(id), "done", "agreed: we asked you to roll it back");
            } else {
                ops_hesitated.insert(ev);
                Add(sim.Now() + Latency(p.response_latency_s * 2), WorkKind::Ticket, id);
            }
            return;
        }
        const HostId h = w().FindHost(t.target);
        CommandResult r;
        if (kind == CommandKind::ReimageHost && h != kNone) {
            rebuilt[h] = sim.Now();
            const Host& host = w().hosts[h];
            if (host.encrypted && host.backup && host.backup_intact) r = Do(CommandKind::RestoreHost, t.target, "", "", id);
            else r = Do(CommandKind::ReimageHost, t.target, "", "", id);
        } else if (kind == CommandKind::InvestigateHost && h != kNone) {
            investigated[h] = sim.Now();
            r = Do(CommandKind::InvestigateHost, t.target, "", "", id);
        } else if (kind == CommandKind::IsolateHost && h != kNone) {
            // A request overtaken by events: the host was rebuilt, or found clean, since it was asked.
            if (const std::string why = Overtaken(h, t.created); !why.empty()) {
                Do(CommandKind::CloseTicket, std::to_string(id), "rejected", why);
                return;
            }
            contained[h] = sim.Now(); // released once seen rebuilt and clean (WatchContained)
            r = Do(CommandKind::IsolateHost, t.target, "", "", id);
        } else if (kind) {
            r = Do(*kind, t.target, "", "", id);
        }
        if (!r.ok()) Do(CommandKind::CloseTicket, std::to_string(id), "rejected", r.message.empty() ? "cannot do this" : r.message);
        else Approve(r);
    }

    void Run(const Work& wk)
    {
        switch (wk.kind) {
        case WorkKind::Triage: WorkCase(wk.ref, wk.order); break;
        case WorkKind::Follow: Follow(wk.ref); break;
        case WorkKind::Patch: Patch(wk.ref); break;
        case WorkKind::Recheck: // a fresh look: past the Investigate() dedupe, by the same route
            investigated.erase(wk.ref);
            Investigate(wk.ref);
            break;
        case WorkKind::Inject: TakeInjectAction((size_t)wk.ref); break;
        case WorkKind::Ticket: OnTicket(wk.ref); break;
        case WorkKind::Finding: OnFinding(w().KnowledgeOf(team).findings[wk.ref]); break;
        case WorkKind::NotifyEarly:
            if (!notified_early) { notified_early = true; Do(CommandKind::NotifyAuthority, "", "nis2", "early_warning"); }
            break;
        case WorkKind::NotifyFull:
            if (!notified_full) { notified_full = true; Do(CommandKind::NotifyAuthority, "", "nis2", "notification"); }
            break;
        case WorkKind::NotifyGdpr: Do(CommandKind::NotifyAuthority, "", "gdpr", "notification"); break;
        case WorkKind::AskRollback: AskRollback(wk.ref); break;
        case WorkKind::AgreeRollback: AgreeRollback(wk.ref); break;
        case WorkKind::Runbook: FollowRunbook(); break;
        }
    }
};

Autopilot::Autopilot(Simulation& sim, Team team, const AutopilotParams& params, uint64_t seed)
    : s_(std::make_unique<State>(sim, team, params, seed))
{
}

Autopilot::~Autopilot() = default;

void Simulation::SetSeatAutopilot(int seat, bool on)
{
    ++autopilot_generation_[seat];
    if (on) {
        // A fresh responder, on a generator of its own for this generation: it picks up the backlog.
        autopilots_[seat] = std::make_unique<Autopilot>(*this, seat == 0 ? Team::ITOps : Team::SecOps, scenario_.autopilot[seat],
                                                        autopilot_seeds_[seat] + (uint64_t)autopilot_generation_[seat]);
        Schedule(now_, EventType::AutopilotWake, seat, autopilot_generation_[seat]);
    } else {
        autopilots_[seat].reset();
    }
}

void Autopilot::Wake()
{
    State& s = *s_;
    const World& w = s.w();
    const TeamKnowledge& k = w.KnowledgeOf(s.team);
    const double handoff = s.sim.org().handoff_factor;
    const OrgParams& org = s.sim.org();
    if (s.team == Team::ITOps && !s.patches_planned) s.PlanPatches();
    for (; s.alert_cursor < k.alerts.size(); ++s.alert_cursor) {
        const AlertId id = k.alerts[s.alert_cursor];
        const Alert& al = w.alerts[id];
        // Each team works the alerts of its own tools; SecOps also ITOps' symptoms when they are
        // routed to its desk. Shared tools let a team read the other's alerts.
        const bool routed = s.team == Team::SecOps && al.team == Team::ITOps && org.symptoms_to_secops &&
                            w.sensor_types[al.sensor].symptoms && al.host != kNone;
        if (al.team == s.team || routed) s.Intake(id);
        else if (s.team == Team::SecOps && al.severity >= 3 && al.host != kNone) s.Investigate(al.host);
        // Shared tools: SecOps sees ITOps' monitoring too, and recognises a crash pattern.
        if (s.team == Team::SecOps && al.team == Team::ITOps && al.host != kNone)
            if (const int32_t ev = OperationsEventOfSymptom(s.sim, al); ev != kNone) s.OnOpsSymptom(ev, al.host);
    }
    s.WatchContained();
    s.WatchInjects();
    for (; s.ticket_cursor < k.tickets.size(); ++s.ticket_cursor) {
        // A patch goes through the organisation's patch process whoever asks for it (the profile's
        // patch_within_s, docs/authoring.md): a ticket asking for one is not worked at the desk's pace.
        const TicketId id = k.tickets[s.ticket_cursor];
        const bool patch = w.tickets[id].action == CommandKindName(CommandKind::PatchHost);
        s.Add(s.sim.Now() + (patch ? s.Draw((double)org.patch_within_s) : s.Latency((SimTime)(s.p.response_latency_s * handoff))),
              WorkKind::Ticket, id);
    }
    for (; s.finding_cursor < k.findings.size(); ++s.finding_cursor)
        s.Add(s.sim.Now() + s.Latency(s.p.response_latency_s / 2), WorkKind::Finding, (int32_t)s.finding_cursor);
    while (!s.work.empty() && s.work.begin()->due <= s.sim.Now() && !s.sim.Finished()) {
        const Work wk = *s.work.begin();
        s.work.erase(s.work.begin());
        s.Run(wk);
    }
    SimTime next = s.sim.Now() + 15 * kMinute;
    if (!s.work.empty()) next = std::min(next, std::max(s.sim.Now() + 1, s.work.begin()->due));
    const int seat = s.team == Team::ITOps ? 0 : 1;
    s.sim.Schedule(next, Simulation::EventType::AutopilotWake, seat, s.sim.AutopilotGeneration(seat));
}

} // namespace bd
