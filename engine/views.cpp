// views.cpp: per-team views of the world (see views.h).
#include "views.h"

#include "attack_catalog.h"
#include "engine_parts.h"

namespace bd {

using nlohmann::json;

bool TeamSeesAlert(const Simulation& sim, Team team, const Alert& a)
{
    return team == Team::Facilitator || a.team == team || sim.org().shared_tools;
}

namespace {

const char* AlertStatusName(AlertStatus s)
{
    return s == AlertStatus::New ? "new" : s == AlertStatus::TruePositive ? "true_positive" : "false_positive";
}

json HostIds(const World& w, const std::vector<HostId>& v)
{
    json out = json::array();
    for (HostId h : v) out.push_back(w.hosts[h].id);
    return out;
}

bool SecOpsCovers(const World& w, const Host& h)
{
    for (SensorTypeId s : h.sensors)
        if (w.sensor_types[s].team == Team::SecOps) return true;
    return false;
}

} // namespace

json TeamViewJson(const Simulation& sim, Team team)
{
    const World& w = sim.world();
    const bool truth = team == Team::Facilitator;
    const bool shared = sim.org().shared_tools;
    json v = {{"team", TeamName(team)}, {"time", sim.Now()}, {"org", OrgName(sim.options().org)},
              {"scenario", sim.scenario().id}, {"finished", sim.Finished()}};

    json alerts = json::array();
    for (const auto& a : w.alerts) {
        if (!TeamSeesAlert(sim, team, a)) continue;
        json j = {{"id", a.id}, {"time", a.time}, {"team", TeamName(a.team)}, {"sensor", w.sensor_types[a.sensor].id},
                  {"host", a.host != kNone ? w.hosts[a.host].id : ""}, {"technique", a.technique},
                  {"technique_name", a.technique.empty() ? "" : Catalog().Label(a.technique)},
                  {"severity", a.severity}, {"summary", a.summary}, {"status", AlertStatusName(a.status)}};
        if (truth) j["true_positive"] = a.true_positive;
        alerts.push_back(std::move(j));
    }
    v["alerts"] = std::move(alerts);

    json tickets = json::array();
    for (const auto& t : w.tickets) {
        if (!truth && t.to != team && t.from != team && !shared) continue;
        tickets.push_back({{"id", t.id}, {"created", t.created}, {"from", TeamName(t.from)}, {"to", TeamName(t.to)},
                           {"action", t.action}, {"target", t.target}, {"reason", t.reason},
                           {"status", t.status == TicketStatus::Open ? "open" : t.status == TicketStatus::Done ? "done" : "rejected"},
                           {"closed", t.closed}});
    }
    v["tickets"] = std::move(tickets);

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

    // Hosts: the CMDB for ITOps, the sensor coverage for SecOps, everything for the facilitator.
    // SecOps also knows a host its alerts name (a network sensor saw it), even without an agent there.
    std::vector<uint8_t> named(team == Team::SecOps ? w.hosts.size() : 0, 0);
    if (team == Team::SecOps)
        for (const auto& a : w.alerts)
            if (a.host != kNone && TeamSeesAlert(sim, team, a)) named[a.host] = 1;
    json hosts = json::array();
    for (HostId hid = 0; hid < (HostId)w.hosts.size(); ++hid) {
        const Host& h = w.hosts[hid];
        if (team == Team::SecOps && !shared && !SecOpsCovers(w, h) && !named[hid]) continue;
        json j = {{"id", h.id}, {"kind", h.kind}, {"zone", w.zones[h.zone].id}, {"state", HostStateName(h.state)},
                  {"production", h.production}, {"owner", TeamName(h.owner)}, {"criticality", h.criticality}};
        if (team == Team::ITOps || shared || truth) {
            json vulns = json::array();
            for (int32_t x : h.vulns)
                if (w.vulns[x].disclosed_at <= sim.Now()) vulns.push_back(w.vulns[x].id);
            j["open_vulnerabilities"] = vulns;
            j["backup"] = h.backup;
        }
        if (truth) {
            j["compromise"] = h.compromise;
            j["persistence"] = h.persistence;
            j["encrypted"] = h.encrypted;
            j["backup_intact"] = h.backup_intact;
        }
        hosts.push_back(std::move(j));
    }
    v["hosts"] = std::move(hosts);

    if (team == Team::ITOps || shared || truth) {
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
    {
        const auto& events = sim.scenario().operations_events;
        std::vector<uint8_t> seen(events.size(), 0);
        if (!truth)
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
    json work = json::array();
    for (const auto& f : sim.InFlightCommands()) {
        if (!truth && f.cmd.team != team && !(shared && f.awaiting_approval)) continue;
        work.push_back({{"id", f.cmd.id}, {"kind", CommandKindName(f.cmd.kind)}, {"team", TeamName(f.cmd.team)},
                        {"target", f.cmd.target}, {"posted", f.cmd.time}, {"awaiting_approval", f.awaiting_approval},
                        {"emergency", f.cmd.emergency}});
    }
    v["work"] = std::move(work);

    json incidents = json::array();
    for (const auto& i : w.incidents)
        incidents.push_back({{"id", i.id}, {"declared", i.declared}, {"by", TeamName(i.by)}, {"assets", i.assets}, {"summary", i.summary}});
    v["incidents"] = std::move(incidents);

    json messages = json::array();
    for (const auto& m : w.messages) {
        if (!truth && m.to && *m.to != team && m.from != team) continue;
        messages.push_back({{"time", m.time}, {"from", TeamName(m.from)}, {"to", m.to ? TeamName(*m.to) : "war_room"}, {"text", m.text}});
    }
    v["messages"] = std::move(messages);

    json notes = json::array();
    for (const auto& n : w.notifications)
        notes.push_back({{"time", n.time}, {"by", TeamName(n.by)}, {"regime", n.regime}, {"stage", n.stage}});
    v["notifications"] = std::move(notes);
    v["blocked_indicators"] = w.blocked_indicators;

    // Injects (the MSEL): players see those delivered to their team or to all; the facilitator sees
    // every inject with its timing, expectation and outcome.
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

    if (truth) {
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
        v["attacker"] = {{"stage", a.stage}, {"stage_name", a.stage < (int)stages.size() ? stages[a.stage].name : "done"},
                         {"technique", a.stage < (int)stages.size() ? stages[a.stage].technique : ""},
                         {"contained", a.contained}, {"finished", a.finished}, {"gave_up", a.gave_up},
                         {"c2_established", a.c2_established}, {"c2_blocked", a.c2_blocked},
                         {"footholds", footholds}, {"credentials", creds}};
        v["stores"] = std::move(stores);
    }
    return v;
}

} // namespace bd
