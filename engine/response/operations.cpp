// operations.cpp: operations events, failures that are not an attack (a faulty vendor update).
//
// At its time an event takes a drawn share of the matching running hosts down with cause
// "operations": ITOps monitoring shows a symptom per host, and, when the scenario says so, SecOps'
// console shows an alert per host that looks like tampering (true_positive false: the ambiguity).
// The hosts come back when ITOps rolls the update back (rollback_update, with SecOps' agreement:
// simulation.cpp checks it), by themselves after recover_after_s, or one by one when rebuilt.
// Journal: {"type":"operations","name":...,"hosts":N,"event":"started"|"rolled_back"|"recovered"}.
#include "response/operations.h"
#include "attack/detection.h"

#include <algorithm>
#include <cmath>

namespace bd {

namespace {

using EventType = Simulation::EventType;

bool Matches(const World& w, const OperationsEvent& e, const Host& h)
{
    if (!e.host.empty() && h.id != e.host) return false;
    if (!e.kind.empty() && h.kind != e.kind) return false;
    if (!e.os.empty() && h.os != e.os) return false;
    if (!e.zone.empty() && (h.zone == kNone || w.zones[h.zone].id != e.zone)) return false;
    return true;
}

// Brings back the event's hosts that are still down from it; returns how many.
int BringBack(Simulation& sim, int32_t index)
{
    World& w = sim.mutable_world();
    int n = 0;
    for (HostId h : w.operations[index].hosts) {
        const Host& host = w.hosts[h];
        if (host.state != HostState::Down || host.down_cause != Cause::Operations) continue;
        sim.SetHostState(h, HostState::Running, Cause::None);
        ++n;
    }
    return n;
}

void Happen(Simulation& sim, int32_t index)
{
    World& w = sim.mutable_world();
    const OperationsEvent& e = sim.scenario().operations_events[index];
    OperationsState& st = w.operations[index];
    if (st.happened) return;
    std::vector<HostId> matches;
    for (HostId h = 0; h < (HostId)w.hosts.size(); ++h)
        if (Matches(w, e, w.hosts[h])) matches.push_back(h);
    // The seed draws which hosts: a partial shuffle of the matches, with the world's generator.
    size_t k = (size_t)std::llround(e.fraction * (double)matches.size());
    if (k == 0 && e.fraction > 0 && !matches.empty()) k = 1;
    k = std::min(k, matches.size());
    for (size_t i = 0; i < k; ++i) std::swap(matches[i], matches[i + (size_t)sim.rng().Below(matches.size() - i)]);
    matches.resize(k);
    std::sort(matches.begin(), matches.end());
    // Only a running host crashes (one already down, isolated or being rebuilt is not hit).
    std::erase_if(matches, [&](HostId h) { return w.hosts[h].state != HostState::Running; });
    st.happened = true;
    st.at = sim.Now();
    st.hosts = matches;
    sim.Record("operations", {{"name", e.name}, {"synopsis", e.synopsis}, {"hosts", matches.size()}, {"event", "started"}});
    for (HostId h : matches) sim.SetHostState(h, HostState::Down, Cause::Operations);
    for (HostId h : matches) {
        const Host& host = w.hosts[h];
        EmitSymptom(sim, h, e.symptom + " on " + host.id, host.criticality >= 3 ? 3 : 2, false);
        if (!e.secops_alert) continue;
        SensorTypeId sensor = kNone;
        if (!e.alert_sensor.empty()) {
            const SensorTypeId s = w.FindSensorType(e.alert_sensor);
            if (s != kNone && std::find(host.sensors.begin(), host.sensors.end(), s) != host.sensors.end()) sensor = s;
        } else {
            for (SensorTypeId s : host.sensors)
                if (w.sensor_types[s].team == Team::SecOps && !w.sensor_types[s].symptoms) { sensor = s; break; }
        }
        if (sensor == kNone) continue; // no SecOps agent there: nothing stops reporting
        const SensorType& stype = w.sensor_types[sensor];
        Alert a;
        a.sensor = sensor;
        a.team = stype.team;
        a.host = h;
        a.technique = e.alert_technique;
        a.severity = e.alert_severity;
        a.summary = stype.name + ": " + e.alert_summary + " on " + host.id;
        a.true_positive = false;
        const double median = (double)std::max<SimTime>(stype.delay_s, 1);
        sim.QueueAlert(std::move(a), sim.Now() + std::max<SimTime>(0, (SimTime)std::llround(sim.rng().LogNormal(median, 0.5))));
    }
    if (e.recover_after_s > 0) sim.Schedule(sim.Now() + e.recover_after_s, EventType::Operations, index, 1);
}

void Recover(Simulation& sim, int32_t index)
{
    OperationsState& st = sim.mutable_world().operations[index];
    if (!st.happened || st.rolled_back || st.recovered) return;
    st.recovered = true;
    const int n = BringBack(sim, index);
    sim.Record("operations", {{"name", sim.scenario().operations_events[index].name}, {"hosts", n}, {"event", "recovered"}});
}

} // namespace

void OperationsStart(Simulation& sim)
{
    const auto& events = sim.scenario().operations_events;
    sim.mutable_world().operations.assign(events.size(), OperationsState{});
    for (size_t i = 0; i < events.size(); ++i) sim.Schedule(events[i].time_s, EventType::Operations, (int32_t)i, 0);
}

void OperationsDue(Simulation& sim, int32_t index, int32_t phase)
{
    if (index < 0 || index >= (int32_t)sim.world().operations.size()) return;
    if (phase == 0) Happen(sim, index);
    else Recover(sim, index);
}

int OperationsRollback(Simulation& sim, int32_t index)
{
    OperationsState& st = sim.mutable_world().operations[index];
    st.rolled_back = true;
    const int n = BringBack(sim, index);
    sim.Record("operations", {{"name", sim.scenario().operations_events[index].name}, {"hosts", n}, {"event", "rolled_back"}});
    return n;
}

bool OperationsResolved(const World& w, int32_t index)
{
    const OperationsState& st = w.operations[index];
    if (!st.happened) return false;
    if (st.rolled_back || st.recovered) return true;
    for (HostId h : st.hosts)
        if (w.hosts[h].state == HostState::Down && w.hosts[h].down_cause == Cause::Operations) return false;
    return true;
}

int32_t OperationsEventOfSymptom(const Simulation& sim, const Alert& a)
{
    if (!a.technique.empty() || a.true_positive) return kNone;
    const auto& events = sim.scenario().operations_events;
    const auto& states = sim.world().operations;
    for (size_t i = 0; i < events.size() && i < states.size(); ++i) {
        if (!states[i].happened || a.time < states[i].at) continue;
        const std::string& s = events[i].symptom;
        if (a.summary.size() > s.size() + 4 && a.summary.compare(0, s.size(), s) == 0 && a.summary.compare(s.size(), 4, " on ") == 0)
            return (int32_t)i;
    }
    return kNone;
}

} // namespace bd
