// autopilot.cpp: built-in responders for the ITOps and SecOps seats.
//
// An autopilot acts on what its team can see (its alerts, tickets, findings and the CMDB), never
// on the ground truth, with one exception that stands in for human judgement: whether a triage
// verdict is right is drawn against the truth with the configured accuracy. It posts commands
// through Simulation::Post like a person would, with latencies drawn from its own generator, so
// an empty seat is filled without changing what the attacker does.
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

#include <algorithm>
#include <set>

namespace bd {

namespace {
enum class WorkKind : uint8_t { Triage, Ticket, Finding, NotifyEarly, NotifyFull, NotifyGdpr, AskRollback, AgreeRollback };
struct Work {
    SimTime due;
    uint64_t order;
    WorkKind kind;
    int32_t ref;
    bool operator<(const Work& o) const { return due != o.due ? due < o.due : order < o.order; }
};
} // namespace

struct Autopilot::State {
    Simulation& sim;
    Team team;
    AutopilotParams p;
    Rng rng;
    size_t alert_cursor = 0, ticket_cursor = 0, finding_cursor = 0;
    std::set<Work> work;
    uint64_t order = 0;
    SimTime triage_free_at = 0; // the team's triage desk works one alert at a time
    std::set<HostId> investigated, contained, rebuilt;
    std::set<IdentityId> reset;
    std::set<std::string> blocked;
    bool declared = false, notified_early = false, notified_full = false, notified_gdpr = false;
    // Operations events (a faulty update), by event index: hosts seen crashing with its symptom,
    // and whether this team has asked for (ITOps) or agreed to (SecOps) a rollback.
    std::map<int32_t, std::set<HostId>> ops_seen;
    std::set<int32_t> ops_asked, ops_agreed, ops_hesitated;

    State(Simulation& s, Team t, const AutopilotParams& params, uint64_t seed) : sim(s), team(t), p(params), rng(seed) {}

    const World& w() const { return sim.world(); }
    Team Other() const { return team == Team::ITOps ? Team::SecOps : Team::ITOps; }
    SimTime Latency(SimTime median) { return (SimTime)std::llround(rng.LogNormal((double)std::max<SimTime>(median, 1), 0.6)); }
    void Add(SimTime due, WorkKind k, int32_t ref) { work.insert(Work{due, order++, k, ref}); }

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

    void Declare(HostId h, const std::string& why)
    {
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

    void Triage(AlertId id)
    {
        const Alert& a = w().alerts[id];
        if (a.status != AlertStatus::New) return;
        const int32_t ev = a.host != kNone ? OperationsEventOfSymptom(sim, a) : kNone;
        if (ev != kNone) OnOpsSymptom(ev, a.host);
        // A crash, or an agent gone silent, already put down to a faulty update (this team asked
        // for or agreed to its rollback) is not an attack: no judgement call left.
        const int32_t known = ev != kNone ? ev : KnownOpsAlert(a);
        const bool explained = known != kNone && (ops_asked.count(known) || ops_agreed.count(known) ||
                                                  RollbackRequested(sim.scenario().operations_events[known].name));
        // The one place the truth is read: is this analyst's judgement right this time?
        const bool verdict = explained ? false : rng.Chance(p.triage_accuracy) ? a.true_positive : !a.true_positive;
        if (!Do(CommandKind::TriageAlert, std::to_string(id), verdict ? "true_positive" : "false_positive").ok()) return;
        if (!verdict || a.host == kNone) return;
        const bool ransom = a.technique.empty() && a.summary.find("ransom") != std::string::npos;
        if (team == Team::SecOps) {
            if (a.severity >= p.escalate_severity) Declare(a.host, "confirmed alert: " + a.summary);
            Investigate(a.host);
            return;
        }
        // ITOps: symptoms.
        if (ransom) {
            Declare(a.host, "ransomware: " + a.summary);
            Rebuild(a.host, kNone);
            if (rng.Chance(p.coordination)) Ask(CommandKind::InvestigateHost, w().hosts[a.host].id, "ransom note: " + a.summary);
        } else if (rng.Chance(p.coordination)) {
            Ask(CommandKind::InvestigateHost, w().hosts[a.host].id, "unusual activity: " + a.summary);
        } else {
            Investigate(a.host);
        }
    }

    void Investigate(HostId h)
    {
        if (investigated.insert(h).second) Do(CommandKind::InvestigateHost, w().hosts[h].id);
    }

    // Restore from backup if there is one; reimage otherwise (or if the restore is refused).
    void Rebuild(HostId h, int32_t ticket)
    {
        if (!rebuilt.insert(h).second && ticket == kNone) return;
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
        if (!f.compromised) return;
        const Host& host = wd.hosts[f.host];
        Declare(f.host, "compromise confirmed on " + host.id);
        if (contained.insert(f.host).second && host.state == HostState::Running) {
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
        if (team == Team::SecOps) Ask(CommandKind::ReimageHost, host.id, "compromised: rebuild from a clean image");
        else Rebuild(f.host, kNone);
        for (IdentityId id : f.credentials_exposed)
            if (reset.insert(id).second) Do(CommandKind::ResetCredential, wd.identities[id].id);
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
            rebuilt.insert(h);
            const Host& host = w().hosts[h];
            if (host.encrypted && host.backup && host.backup_intact) r = Do(CommandKind::RestoreHost, t.target, "", "", id);
            else r = Do(CommandKind::ReimageHost, t.target, "", "", id);
        } else if (kind == CommandKind::InvestigateHost && h != kNone) {
            investigated.insert(h);
            r = Do(CommandKind::InvestigateHost, t.target, "", "", id);
        } else if (kind) {
            r = Do(*kind, t.target, "", "", id);
        }
        if (!r.ok()) Do(CommandKind::CloseTicket, std::to_string(id), "rejected", r.message.empty() ? "cannot do this" : r.message);
        else Approve(r);
    }

    void Run(const Work& wk)
    {
        switch (wk.kind) {
        case WorkKind::Triage: Triage(wk.ref); break;
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
    for (; s.alert_cursor < k.alerts.size(); ++s.alert_cursor) {
        const AlertId id = k.alerts[s.alert_cursor];
        // Each team works the alerts of its own tools; shared tools let it read the others'.
        if (w.alerts[id].team == s.team) {
            // One desk: an alert waits for the analyst latency, and for the alerts before it.
            const SimTime due = std::max(s.sim.Now() + s.Latency(s.p.triage_latency_s), s.triage_free_at);
            s.triage_free_at = due + s.sim.DurationOf(CommandKind::TriageAlert);
            s.Add(due, WorkKind::Triage, id);
        }
        else if (s.team == Team::SecOps && w.alerts[id].severity >= 3 && w.alerts[id].host != kNone)
            s.Investigate(w.alerts[id].host);
        // Shared tools: SecOps sees ITOps' monitoring too, and recognises a crash pattern.
        if (s.team == Team::SecOps && w.alerts[id].team == Team::ITOps && w.alerts[id].host != kNone)
            if (const int32_t ev = OperationsEventOfSymptom(s.sim, w.alerts[id]); ev != kNone) s.OnOpsSymptom(ev, w.alerts[id].host);
    }
    for (; s.ticket_cursor < k.tickets.size(); ++s.ticket_cursor)
        s.Add(s.sim.Now() + s.Latency((SimTime)(s.p.response_latency_s * handoff)), WorkKind::Ticket, k.tickets[s.ticket_cursor]);
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
