// views.cpp: per-team views of the world (see views.h).
#include "exercise/views.h"

#include "world/attack_catalog.h"
#include "exercise/injects.h"
#include "response/operations.h"

#include <algorithm>

namespace bd {

using nlohmann::json;

bool TeamSeesAlert(const Simulation& sim, Team team, const Alert& a)
{
    return team == Team::Facilitator || a.team == team || sim.org().shared_tools;
}

const char* AlertStatusName(AlertStatus s)
{
    return s == AlertStatus::New ? "new" : s == AlertStatus::TruePositive ? "true_positive" : "false_positive";
}

namespace {

json HostIds(const World& w, const std::vector<HostId>& v)
{
    json out = json::array();
    for (HostId h : v) out.push_back(w.hosts[h].id);
    return out;
}

} // namespace

namespace {

// [SECTION] Seat view internals

// Does the seat know this host? ITOps has the CMDB; SecOps knows the hosts its sensors cover and
// the hosts its alerts name (`named`); with shared tools both know all; the facilitator knows all.
bool SeatKnowsHost(const SeatView& v, bool shared, const World& w, HostId h, const std::vector<uint8_t>& named)
{
    if (v.team != Team::SecOps || shared) return true;
    return named[h] || SecOpsCovers(w, w.hosts[h]);
}

// Copies the changing fields of a host into its row: true if anything differed.
bool RefreshHostRow(const SeatView& v, const Simulation& sim, const Host& h, SeatHost& row)
{
    const World& w = sim.world();
    bool changed = false;
    auto set = [&](auto& field, const auto& value) {
        if (field != value) { field = value; changed = true; }
    };
    set(row.state, h.state);
    set(row.production, h.production);
    set(row.owner, h.owner);
    set(row.criticality, h.criticality);
    if (v.cmdb) {
        set(row.backup, h.backup);
        // Disclosed vulnerabilities depend on the clock: compared in place, no allocation.
        size_t n = 0;
        bool same = true;
        for (int32_t x : h.vulns)
            if (w.vulns[x].disclosed_at <= sim.Now()) {
                if (n >= row.open_vulnerabilities.size() || row.open_vulnerabilities[n] != w.vulns[x].id) same = false;
                ++n;
            }
        if (!same || n != row.open_vulnerabilities.size()) {
            row.open_vulnerabilities.clear();
            for (int32_t x : h.vulns)
                if (w.vulns[x].disclosed_at <= sim.Now()) row.open_vulnerabilities.push_back(w.vulns[x].id);
            changed = true;
        }
    }
    return changed;
}

SeatHost NewHostRow(const SeatView& v, const Simulation& sim, HostId index)
{
    const World& w = sim.world();
    const Host& h = w.hosts[index];
    SeatHost row;
    row.index = index;
    row.id = h.id;
    row.kind = h.kind;
    row.zone = w.zones[h.zone].id;
    RefreshHostRow(v, sim, h, row);
    return row;
}

HostTruth TruthOf(const Host& h) { return HostTruth{h.compromise, h.persistence, h.encrypted, h.backup_intact}; }

// Adds (+1) or takes away (-1) one alert's part of the tally.
void Count(SeatView& v, const SeatAlert& a, bool real, int sign)
{
    if (a.status == AlertStatus::New && (a.team == Team::ITOps || a.team == Team::SecOps)) v.tally.fresh[a.team == Team::ITOps ? 0 : 1] += sign;
    if (!v.truth) return; // the rest is ground truth
    v.tally.real += sign * real;
    v.tally.real_confirmed += sign * (real && a.status == AlertStatus::TruePositive);
    v.tally.real_dismissed += sign * (real && a.status == AlertStatus::FalsePositive);
    v.tally.false_confirmed += sign * (!real && a.status == AlertStatus::TruePositive);
}

// [SECTION] UpdateSeatView, part by part (in the order it runs them)

// Another simulation (or a fresh view): start over, keeping the change counters growing.
void StartSeatViewOver(const Simulation& sim, SeatView& v, bool shared)
{
    const World& w = sim.world();
    SeatView fresh;
    fresh.team = v.team;
    fresh.truth = v.team == Team::Facilitator;
    fresh.cmdb = v.team == Team::ITOps || shared || fresh.truth;
    fresh.source = &sim;
    fresh.alerts_added = v.alerts_added + 1;
    fresh.statuses_changed = v.statuses_changed + 1;
    fresh.hosts_changed = v.hosts_changed + 1;
    fresh.rebuilt = v.rebuilt + 1;
    fresh.row_of_host.assign(w.hosts.size(), -1);
    fresh.named_host.assign(w.hosts.size(), 0);
    for (HostId h = 0; h < (HostId)w.hosts.size(); ++h) {
        if (!SeatKnowsHost(fresh, shared, w, h, fresh.named_host)) continue;
        fresh.row_of_host[h] = (int32_t)fresh.hosts.size();
        fresh.hosts.push_back(NewHostRow(fresh, sim, h));
        if (fresh.truth) fresh.host_truth.push_back(TruthOf(w.hosts[h]));
    }
    fresh.alerts_on_host.assign(fresh.hosts.size(), 0);
    fresh.open_alerts_on_host.assign(fresh.hosts.size(), 0);
    v = std::move(fresh);
}

// Statuses of the alerts already there (triage): the rows named by `triaged` (unless the view
// started over), else every row. True if any changed.
bool FollowAlertStatuses(const Simulation& sim, SeatView& v, const std::vector<AlertId>* triaged, bool changed)
{
    const World& w = sim.world();
    bool status_changed = false;
    auto follow_status = [&](size_t r) {
        SeatAlert& a = v.alerts[r];
        const AlertStatus now = w.alerts[v.alert_source[r]].status;
        if (now == a.status) return;
        const bool real = v.truth && v.alert_truth[r];
        Count(v, a, real, -1);
        const int32_t hr = v.RowOfHost(a.host);
        if (hr >= 0) v.open_alerts_on_host[hr] += (now == AlertStatus::New) - (a.status == AlertStatus::New);
        a.status = now;
        Count(v, a, real, +1);
        status_changed = true;
    };
    if (triaged && !changed) {
        for (AlertId id : *triaged)
            if (const int32_t r = v.RowOfAlert(id); r >= 0) follow_status((size_t)r);
    } else {
        for (size_t r = 0; r < v.alerts.size(); ++r) follow_status(r);
    }
    if (status_changed) ++v.statuses_changed;
    return status_changed;
}

// Appends the world's alerts the seat has not read yet (those it may see); the hosts SecOps learns
// of from them go to `appeared`.
void AppendNewAlerts(const Simulation& sim, SeatView& v, std::vector<HostId>& appeared)
{
    const World& w = sim.world();
    for (; v.world_alerts_read < w.alerts.size(); ++v.world_alerts_read) {
        const Alert& a = w.alerts[v.world_alerts_read];
        if (!TeamSeesAlert(sim, v.team, a)) continue;
        SeatAlert s;
        s.id = a.id;
        s.time = a.time;
        s.team = a.team;
        s.host = a.host;
        s.severity = a.severity;
        s.status = a.status;
        s.sensor = w.sensor_types[a.sensor].id;
        s.technique = a.technique;
        if (!a.technique.empty()) s.technique_name = Catalog().Label(a.technique);
        s.summary = a.summary;
        s.evidence = a.evidence;
        s.similar = ++v.similar_seen[std::to_string(a.host) + "|" + (a.technique.empty() ? a.summary : a.technique)];
        v.alerts.push_back(std::move(s));
        v.alert_source.push_back((int32_t)v.world_alerts_read);
        if (v.truth) v.alert_truth.push_back(a.true_positive);
        if (a.host != kNone && v.row_of_host[a.host] < 0 && !v.named_host[a.host]) {
            v.named_host[a.host] = 1;
            appeared.push_back(a.host);
        }
    }
}

// Hosts that appeared: each row is inserted at its place in the world's order (usually one
// host, late in a run: not a rebuild of 10,000 rows), then the rows after it are renumbered.
void InsertAppearedHosts(const Simulation& sim, SeatView& v, std::vector<HostId>& appeared)
{
    const World& w = sim.world();
    std::sort(appeared.begin(), appeared.end());
    size_t renumber_from = v.hosts.size();
    for (HostId h : appeared) {
        const auto at = std::lower_bound(v.hosts.begin(), v.hosts.end(), h, [](const SeatHost& x, HostId i) { return x.index < i; });
        const size_t r = (size_t)(at - v.hosts.begin());
        v.hosts.insert(at, NewHostRow(v, sim, h));
        if (v.truth) v.host_truth.insert(v.host_truth.begin() + (long)r, TruthOf(w.hosts[h]));
        v.alerts_on_host.insert(v.alerts_on_host.begin() + (long)r, 0);
        v.open_alerts_on_host.insert(v.open_alerts_on_host.begin() + (long)r, 0);
        renumber_from = std::min(renumber_from, r);
    }
    for (size_t r = renumber_from; r < v.hosts.size(); ++r) v.row_of_host[v.hosts[r].index] = (int32_t)r;
    ++v.hosts_changed;
}

// The alerts from row `first_new` on: their part of the tally and of the per-host counts.
void CountNewAlerts(SeatView& v, size_t first_new)
{
    for (size_t r = first_new; r < v.alerts.size(); ++r) {
        const SeatAlert& a = v.alerts[r];
        Count(v, a, v.truth && v.alert_truth[r], +1);
        if (const int32_t hr = v.RowOfHost(a.host); hr >= 0) {
            ++v.alerts_on_host[hr];
            v.open_alerts_on_host[hr] += a.status == AlertStatus::New;
        }
    }
}

// Host state (isolated, down, patched, ...): one pass over the rows. True if any row changed.
bool RefreshHostRows(const Simulation& sim, SeatView& v)
{
    const World& w = sim.world();
    bool host_changed = false;
    for (size_t r = 0; r < v.hosts.size(); ++r) {
        const Host& h = w.hosts[v.hosts[r].index];
        host_changed |= RefreshHostRow(v, sim, h, v.hosts[r]);
        if (v.truth) {
            const HostTruth t = TruthOf(h);
            if (!(t == v.host_truth[r])) { v.host_truth[r] = t; host_changed = true; }
        }
    }
    if (host_changed) ++v.hosts_changed;
    return host_changed;
}

} // namespace

int32_t SeatView::RowOfAlert(AlertId id) const
{
    const auto it = std::lower_bound(alerts.begin(), alerts.end(), id, [](const SeatAlert& a, AlertId x) { return a.id < x; });
    return it != alerts.end() && it->id == id ? (int32_t)(it - alerts.begin()) : -1;
}

const std::string& SeatView::HostIdOf(const SeatAlert& a) const
{
    static const std::string none;
    const int32_t r = RowOfHost(a.host);
    return r >= 0 ? hosts[r].id : none;
}

SeatView BuildSeatView(const Simulation& sim, Team team)
{
    SeatView v;
    v.team = team;
    UpdateSeatView(sim, v);
    return v;
}

bool UpdateSeatView(const Simulation& sim, SeatView& v, const std::vector<AlertId>* triaged)
{
    const World& w = sim.world();
    const bool shared = sim.org().shared_tools;
    bool changed = false;
    if (v.source != &sim || w.alerts.size() < v.world_alerts_read || v.row_of_host.size() != w.hosts.size()) {
        StartSeatViewOver(sim, v, shared);
        changed = true;
    }
    const bool status_changed = FollowAlertStatuses(sim, v, triaged, changed);

    // New alerts (World::alerts is append-only). SecOps learns of a host an alert names.
    const size_t first_new = v.alerts.size();
    std::vector<HostId> appeared; // hosts SecOps learns of from these alerts
    AppendNewAlerts(sim, v, appeared);
    if (v.alerts.size() > first_new) {
        ++v.alerts_added;
        changed = true;
    }

    const bool hosts_appeared = !appeared.empty();
    if (hosts_appeared) InsertAppearedHosts(sim, v, appeared);
    CountNewAlerts(v, first_new);
    const bool host_changed = RefreshHostRows(sim, v);
    return changed || status_changed || hosts_appeared || host_changed;
}

// The fields a tool shows (only those its telemetry has) and how many such alerts the seat has had.
json SeatEvidenceJson(const SeatAlert& a)
{
    const AlertEvidence& e = a.evidence;
    json j = json::object();
    for (const auto& [k, val] : {std::pair<const char*, const std::string*>{"data_component", &e.data_component}, {"user", &e.user},
                                 {"process", &e.process}, {"parent", &e.parent}, {"command_line", &e.command_line}, {"file", &e.file},
                                 {"source", &e.source}, {"destination", &e.destination}, {"detail", &e.detail}})
        if (!val->empty()) j[k] = *val;
    j["similar"] = a.similar;
    return j;
}

json SeatAlertsJson(const SeatView& v)
{
    json alerts = json::array();
    for (size_t r = 0; r < v.alerts.size(); ++r) {
        const SeatAlert& a = v.alerts[r];
        json j = {{"id", a.id}, {"time", a.time}, {"team", TeamName(a.team)}, {"sensor", a.sensor},
                  {"host", v.HostIdOf(a)}, {"technique", a.technique}, {"technique_name", a.technique_name},
                  {"severity", a.severity}, {"summary", a.summary}, {"status", AlertStatusName(a.status)},
                  {"evidence", SeatEvidenceJson(a)}};
        if (v.truth) j["true_positive"] = (bool)v.alert_truth[r];
        alerts.push_back(std::move(j));
    }
    return alerts;
}

json SeatHostsJson(const SeatView& v)
{
    json hosts = json::array();
    for (size_t r = 0; r < v.hosts.size(); ++r) {
        const SeatHost& h = v.hosts[r];
        json j = {{"id", h.id}, {"kind", h.kind}, {"zone", h.zone}, {"state", HostStateName(h.state)},
                  {"production", h.production}, {"owner", TeamName(h.owner)}, {"criticality", h.criticality}};
        if (v.cmdb) {
            j["open_vulnerabilities"] = h.open_vulnerabilities;
            j["backup"] = h.backup;
        }
        if (v.truth) {
            const HostTruth& t = v.host_truth[r];
            j["compromise"] = t.compromise;
            j["persistence"] = t.persistence;
            j["encrypted"] = t.encrypted;
            j["backup_intact"] = t.backup_intact;
        }
        hosts.push_back(std::move(j));
    }
    return hosts;
}

json TeamViewJson(const Simulation& sim, Team team)
{
    json v = TeamViewRestJson(sim, team);
    const SeatView seat = BuildSeatView(sim, team);
    v["alerts"] = SeatAlertsJson(seat);
    v["hosts"] = SeatHostsJson(seat);
    return v;
}

namespace {

// [SECTION] TeamViewRestJson, part by part (in the order it adds them)

// Tickets the team sent or received (all of them with shared tools, and for the facilitator).
void AddTickets(json& v, const Simulation& sim, Team team, bool truth, bool shared)
{
    const World& w = sim.world();
    json tickets = json::array();
    for (const auto& t : w.tickets) {
        if (!truth && t.to != team && t.from != team && !shared) continue;
        tickets.push_back({{"id", t.id}, {"created", t.created}, {"from", TeamName(t.from)}, {"to", TeamName(t.to)},
                           {"action", t.action}, {"target", t.target}, {"reason", t.reason},
                           {"status", t.status == TicketStatus::Open ? "open" : t.status == TicketStatus::Done ? "done" : "rejected"},
                           {"closed", t.closed}, {"answer", t.answer}});
    }
    v["tickets"] = std::move(tickets);
}

// What the team's investigations found (the facilitator: both teams', by team).
void AddFindings(json& v, const Simulation& sim, Team team, bool truth)
{
    const World& w = sim.world();
    auto findings_of = [&](Team t) {
        json out = json::array();
        for (const auto& f : w.KnowledgeOf(t).findings) {
            json creds = json::array(), stores = json::array();
            for (IdentityId i : f.credentials_exposed) creds.push_back(w.identities[i].id);
            for (StoreId s : f.data_touched) stores.push_back(w.stores[s].id);
            out.push_back({{"time", f.time}, {"host", w.hosts[f.host].id}, {"compromised", f.compromised},
                           {"persistence_found", f.persistence}, {"credentials_exposed", creds},
                           {"indicators", f.indicators}, {"data_touched", stores}, {"linked_hosts", HostIds(w, f.linked_hosts)}});
        }
        return out;
    };
    if (truth) v["findings"] = {{"itops", findings_of(Team::ITOps)}, {"secops", findings_of(Team::SecOps)}};
    else v["findings"] = findings_of(team);
}

// Business services and what they run on (the facilitator: with the cause of an outage).
void AddServices(json& v, const Simulation& sim, bool truth)
{
    const World& w = sim.world();
    json services = json::array();
    for (const auto& s : w.services) {
        json j = {{"id", s.id}, {"name", s.name}, {"up", s.up}, {"offline", s.offline}, {"failed_over", s.failed_over},
                  {"cost_per_hour", s.cost_per_hour}, {"hosts", HostIds(w, s.failed_over ? s.standby : s.depends_on)}};
        if (truth) j["cause"] = CauseName(s.cause);
        services.push_back(std::move(j));
    }
    v["services"] = std::move(services);
}

// Operations events (a faulty vendor update): ITOps learns an event's name once its monitoring
// showed a symptom of it (the name is what rollback_update and request_action target). SecOps
// sees them with shared tools; the facilitator sees every event with its ground truth.
void AddOperations(json& v, const Simulation& sim, Team team, bool truth, bool shared)
{
    const World& w = sim.world();
    const auto& events = sim.scenario().operations_events;
    std::vector<uint8_t> seen(events.size(), 0);
    if (!truth && !events.empty()) // (a scan of every alert: only when there are such events)
        for (const auto& a : w.alerts)
            if (TeamSeesAlert(sim, team, a) && a.team == Team::ITOps)
                if (const int32_t e = OperationsEventOfSymptom(sim, a); e != kNone) seen[e] = 1;
    json ops = json::array();
    for (size_t i = 0; i < events.size() && i < w.operations.size(); ++i) {
        if (!truth && !seen[i]) continue;
        const OperationsState& st = w.operations[i];
        json j = {{"name", events[i].name}, {"synopsis", events[i].synopsis}, {"rolled_back", st.rolled_back}};
        if (truth) {
            j["time_s"] = events[i].time_s;
            j["happened"] = st.happened;
            j["hosts"] = HostIds(w, st.hosts);
            j["fix"] = events[i].fix == OpsFix::Rollback ? "rollback" : "reboot";
            j["recovered"] = st.recovered;
            j["resolved"] = st.happened && OperationsResolved(w, (int32_t)i);
        }
        ops.push_back(std::move(j));
    }
    if (team == Team::ITOps || shared || truth) v["operations"] = std::move(ops);
}

// The team's own work in flight (the facilitator sees everyone's): changes waiting for approval
// and actions under way.
void AddWork(json& v, const Simulation& sim, Team team, bool truth, bool shared)
{
    json work = json::array();
    for (const auto& f : sim.InFlightCommands()) {
        if (!truth && f.cmd.team != team && !(shared && f.awaiting_approval)) continue;
        work.push_back({{"id", f.cmd.id}, {"kind", CommandKindName(f.cmd.kind)}, {"team", TeamName(f.cmd.team)},
                        {"target", f.cmd.target}, {"posted", f.cmd.time}, {"awaiting_approval", f.awaiting_approval},
                        {"emergency", f.cmd.emergency}, {"ticket", f.cmd.ticket}});
    }
    v["work"] = std::move(work);
}

// Declared incidents (everyone sees them).
void AddIncidents(json& v, const Simulation& sim)
{
    const World& w = sim.world();
    json incidents = json::array();
    for (const auto& i : w.incidents)
        incidents.push_back({{"id", i.id}, {"declared", i.declared}, {"by", TeamName(i.by)}, {"assets", i.assets}, {"summary", i.summary}});
    v["incidents"] = std::move(incidents);
}

// The latest 200 messages the seat may see (a chatty week would otherwise make every view, and
// every view sent over the network, grow without end); messages_total counts them all, and the
// journal (a seat's event stream) has every one.
void AddMessages(json& v, const Simulation& sim, Team team, bool truth)
{
    const World& w = sim.world();
    constexpr size_t kViewMessages = 200;
    std::vector<const Message*> visible;
    for (const auto& m : w.messages)
        if (truth || !m.to || *m.to == team || m.from == team) visible.push_back(&m);
    json messages = json::array();
    for (size_t i = visible.size() > kViewMessages ? visible.size() - kViewMessages : 0; i < visible.size(); ++i) {
        const Message& m = *visible[i];
        messages.push_back({{"time", m.time}, {"from", TeamName(m.from)}, {"to", m.to ? TeamName(*m.to) : "war_room"}, {"text", m.text}});
    }
    v["messages"] = std::move(messages);
    v["messages_total"] = visible.size();
}

// The notes the seat may read (add_note): its team's, those the other team shared, and for the
// facilitator every note, its own too. Oldest first. "alert" is null for a note on the exercise.
void AddNotes(json& v, const Simulation& sim, Team team, bool truth)
{
    json notes = json::array();
    for (const auto& n : sim.world().notes) {
        if (!truth && n.by != team && !(n.shared && n.by != Team::Facilitator)) continue;
        notes.push_back({{"time", n.time}, {"by", TeamName(n.by)}, {"command", n.command},
                         {"alert", n.alert == kNone ? json(nullptr) : json(n.alert)}, {"group", n.group}, {"shared", n.shared},
                         {"text", n.text}});
    }
    v["notes"] = std::move(notes);
}

// Notifications sent to the authorities, and the indicators blocked at the perimeter.
void AddNotifications(json& v, const Simulation& sim)
{
    const World& w = sim.world();
    json notes = json::array();
    for (const auto& n : w.notifications)
        notes.push_back({{"time", n.time}, {"by", TeamName(n.by)}, {"regime", n.regime}, {"stage", n.stage}});
    v["notifications"] = std::move(notes);
    v["blocked_indicators"] = w.blocked_indicators;
}

// Injects (the MSEL): players see those delivered to their team or to all; the facilitator sees
// every inject with its timing, expectation and outcome.
void AddInjects(json& v, const Simulation& sim, Team team, bool truth)
{
    json injects = json::array();
    const auto& msel = sim.scenario().injects;
    const auto& book = sim.injects().status;
    for (size_t i = 0; i < msel.size() && i < book.size(); ++i) {
        const Inject& in = msel[i];
        const InjectStatus& st = book[i];
        if (!truth && (!st.delivered || (in.team != "all" && in.team != TeamName(team)))) continue;
        json j = {{"number", in.number}, {"time", st.delivered_at}, {"team", in.team}, {"role", in.role},
                  {"synopsis", in.synopsis}, {"text", in.text}};
        if (truth) {
            j["delivered"] = st.delivered;
            j["by"] = st.by;
            j["timing"] = DescribeInjectTiming(in, sim.scenario());
            j["expected"] = DescribeInjectAction(in);
            j["expect_within_s"] = in.expect_within_s;
            j["objective"] = in.objective;
            j["contingency"] = in.contingency;
            j["outcome"] = InjectOutcomeName(st.outcome);
            j["outcome_at"] = st.outcome_at;
        }
        injects.push_back(std::move(j));
    }
    v["injects"] = std::move(injects);
}

// The facilitator's ground truth: the attacker (stage, footholds, stolen credentials) and the data stores.
void AddGroundTruth(json& v, const Simulation& sim)
{
    const World& w = sim.world();
    const AttackerState& a = w.attacker;
    const auto& stages = sim.scenario().campaign.stages;
    json footholds = json::array();
    for (const auto& h : w.hosts)
        if (h.compromise > 0)
            footholds.push_back({{"host", h.id}, {"level", h.compromise}, {"persistence", h.persistence},
                                 {"live", h.state == HostState::Running}});
    json creds = json::array();
    for (const auto& c : a.credentials) {
        const Identity& id = w.identities[c.identity];
        creds.push_back({{"identity", id.id}, {"privilege", PrivilegeName(id.privilege)},
                         {"usable", !id.disabled && id.generation == c.generation}});
    }
    json stores = json::array();
    for (const auto& d : w.stores)
        stores.push_back({{"id", d.id}, {"records", d.records}, {"personal_data", d.personal_data},
                          {"staged", d.staged}, {"exfiltrated", d.exfiltrated}});
    // What became of each stage: done (with what it hit) or skipped (with why), or still to come.
    json outcomes = json::array();
    for (const auto& o : a.outcomes) outcomes.push_back({{"status", StageStatusName(o.status)}, {"note", o.note}});
    v["attacker"] = {{"stage", a.stage}, {"stage_name", a.stage < (int)stages.size() ? stages[a.stage].name : "(no stage left)"},
                     {"stages", std::move(outcomes)},
                     {"technique", a.stage < (int)stages.size() ? stages[a.stage].technique : ""},
                     {"contained", a.contained}, {"finished", a.finished}, {"gave_up", a.gave_up},
                     {"c2_established", a.c2_established}, {"c2_blocked", a.c2_blocked},
                     {"footholds", footholds}, {"credentials", creds}};
    v["stores"] = std::move(stores);
}

} // namespace

json RunbookViewJson(const Simulation& sim, Team team)
{
    const Runbook* rb = sim.RunbookOf(team);
    if (!rb) return nullptr;
    const auto& progress = sim.RunbookProgress(team);
    json steps = json::array();
    int done = 0, commands = 0, ticked = 0;
    for (size_t i = 0; i < rb->steps.size(); ++i) {
        const RunbookStep& st = rb->steps[i];
        const bool is_done = i < progress.size() && progress[i].done_at >= 0;
        // A checklist item the players ticked (tick_step): they say they did it; nothing simulated it.
        const bool is_ticked = !st.kind && i < progress.size() && progress[i].ticked_at >= 0;
        commands += st.kind.has_value();
        done += is_done;
        ticked += is_ticked;
        json j = {{"n", i + 1},
                  {"text", st.text},
                  {"action", RunbookStepAction(st)},
                  {"status", !st.kind ? (is_ticked ? "ticked" : "checklist") : is_done ? "done" : "to_do"},
                  {"done_at", is_done ? json(progress[i].done_at) : json(nullptr)},
                  {"command", is_done ? json(progress[i].command) : json(nullptr)},
                  {"asked", is_done && progress[i].asked},
                  {"source_step", st.source_step}};
        if (!st.kind) {
            j["ticked_at"] = is_ticked ? json(progress[i].ticked_at) : json(nullptr);
            j["ticked_by"] = is_ticked ? json(progress[i].ticked_by) : json(nullptr);
        }
        steps.push_back(std::move(j));
    }
    return {{"name", rb->name},          {"description", rb->description}, {"steps_done", done},
            {"command_steps", commands}, {"checklist_ticked", ticked},      {"checklist_steps", (int)rb->steps.size() - commands},
            {"steps", steps}};
}

json TeamViewRestJson(const Simulation& sim, Team team)
{
    const bool truth = team == Team::Facilitator;
    const bool shared = sim.org().shared_tools;
    json v = {{"team", TeamName(team)}, {"time", sim.Now()}, {"org", OrgName(sim.options().org)},
              {"scenario", sim.scenario().id}, {"finished", sim.Finished()}};
    AddTickets(v, sim, team, truth, shared);
    AddFindings(v, sim, team, truth);
    if (team == Team::ITOps || shared || truth) AddServices(v, sim, truth);
    AddOperations(v, sim, team, truth, shared);
    AddWork(v, sim, team, truth, shared);
    AddIncidents(v, sim);
    AddMessages(v, sim, team, truth);
    AddNotes(v, sim, team, truth);
    AddNotifications(v, sim);
    AddInjects(v, sim, team, truth);
    // The team's runbook as a checklist; the facilitator sees both teams'.
    if (truth) {
        for (Team t : {Team::ITOps, Team::SecOps})
            if (sim.RunbookOf(t)) v["runbooks"][TeamName(t)] = RunbookViewJson(sim, t);
    } else if (sim.RunbookOf(team)) {
        v["runbook"] = RunbookViewJson(sim, team);
    }
    if (truth) AddGroundTruth(v, sim);
    return v;
}

} // namespace bd
