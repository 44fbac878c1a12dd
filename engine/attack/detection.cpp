// detection.cpp: sensors turn activity into alerts, with probability, delay and noise.
//
// A technique run on a host can raise an alert from a sensor on that host (or watching its zone)
// only if the sensor observes one of the technique's ATT&CK data components. ITOps monitoring
// sensors see symptoms instead (a service down, disks filling, a ransom note), not techniques.
// False positives arrive as a Poisson process per sensor type (rate x instances), so noise costs
// one event each, whatever the size of the estate.
#include "world/attack_catalog.h"
#include "attack/detection.h"

#include <algorithm>
#include <functional>
#include <string>

namespace bd {

namespace {

using EventType = Simulation::EventType;

int SeverityOf(const Technique& t)
{
    int sev = 1;
    for (const auto& tac : t.tactics) {
        if (tac == "impact") sev = std::max(sev, 4);
        else if (tac == "credential-access" || tac == "lateral-movement" || tac == "exfiltration") sev = std::max(sev, 3);
        else if (tac == "initial-access" || tac == "execution" || tac == "persistence" || tac == "privilege-escalation" ||
                 tac == "command-and-control" || tac == "defense-evasion" || tac == "collection")
            sev = std::max(sev, 2);
    }
    return sev;
}

bool Observes(const SensorType& s, const Technique& t)
{
    // Both lists are sorted: a merge walk.
    auto a = s.observes.begin();
    auto b = t.data_components.begin();
    while (a != s.observes.end() && b != t.data_components.end()) {
        if (*a == *b) return true;
        if (*a < *b) ++a;
        else ++b;
    }
    return false;
}

SimTime AlertDelay(Simulation& sim, const SensorType& s)
{
    return std::max<SimTime>(0, (SimTime)std::llround(sim.rng().LogNormal((double)std::max<SimTime>(s.delay_s, 1), 0.5)));
}

void ScheduleNoise(Simulation& sim, SensorTypeId s)
{
    const SensorType& st = sim.world().sensor_types[s];
    const double per_day = st.fp_per_day * (double)sim.sensor_hosts[s].size();
    if (per_day <= 0) return;
    sim.Schedule(sim.Now() + 1 + (SimTime)sim.rng().Exponential((double)kDay / per_day), EventType::FalsePositive, s);
}

} // namespace

void DetectionStart(Simulation& sim)
{
    const World& w = sim.world();
    const size_t n = w.sensor_types.size();
    sim.sensor_techniques.assign(n, {});
    sim.sensor_hosts.assign(n, {});
    for (SensorTypeId s = 0; s < (SensorTypeId)n; ++s) {
        const SensorType& st = w.sensor_types[s];
        if (st.symptoms) continue;
        for (const auto& t : Catalog().Techniques())
            if (!t.deprecated && !t.revoked && Observes(st, t)) sim.sensor_techniques[s].push_back(&t);
    }
    // Instances: hosts carrying the sensor, and hosts in zones it watches (noise lands on a host).
    for (HostId h = 0; h < (HostId)w.hosts.size(); ++h) {
        for (SensorTypeId s : w.hosts[h].sensors) sim.sensor_hosts[s].push_back(h);
        for (SensorTypeId s : w.zones[w.hosts[h].zone].sensors) sim.sensor_hosts[s].push_back(h);
    }
    for (auto& v : sim.sensor_hosts) {
        std::sort(v.begin(), v.end());
        v.erase(std::unique(v.begin(), v.end()), v.end());
    }
    for (SensorTypeId s = 0; s < (SensorTypeId)n; ++s) ScheduleNoise(sim, s);
}

void EmitTelemetry(Simulation& sim, HostId host, const std::string& technique)
{
    // The last technique looked up, per thread (the catalog is one for the process): telemetry
    // repeats a technique many times in a row, and the lookup hashed the id every time.
    thread_local std::string last_id;
    thread_local const Technique* last = nullptr;
    if (!last || technique != last_id) {
        last = Catalog().FindTechnique(technique);
        last_id = last ? technique : std::string();
    }
    const Technique* t = last;
    if (!t) return;
    const World& w = sim.world();
    const Host& h = w.hosts[host];
    // DetectionStart listed, per sensor type, the current techniques it observes, in catalog order
    // (so by address): a binary search instead of a walk over two lists of strings. A deprecated or
    // revoked technique is not listed there: asked the long way.
    const bool listed = !t->deprecated && !t->revoked;
    auto observes = [&](SensorTypeId s, const SensorType& st) {
        if (!listed || (size_t)s >= sim.sensor_techniques.size()) return Observes(st, *t);
        const auto& v = sim.sensor_techniques[s];
        return std::binary_search(v.begin(), v.end(), t, std::less<const Technique*>());
    };
    if (sim.observes_for != t || sim.observes_last.size() != w.sensor_types.size()) {
        sim.observes_last.resize(w.sensor_types.size());
        for (SensorTypeId s = 0; s < (SensorTypeId)w.sensor_types.size(); ++s) sim.observes_last[s] = observes(s, w.sensor_types[s]);
        sim.observes_for = t;
    }
    auto consider = [&](SensorTypeId s) {
        const SensorType& st = w.sensor_types[s];
        if (st.symptoms || !sim.observes_last[s] || !sim.rng().Chance(st.detect_prob)) return;
        Alert a;
        a.sensor = s;
        a.team = st.team;
        a.host = host;
        a.technique = t->id;
        a.severity = SeverityOf(*t);
        a.summary = st.name + ": " + t->name + " on " + h.id;
        a.true_positive = true;
        sim.QueueAlert(std::move(a), sim.Now() + AlertDelay(sim, st));
    };
    for (SensorTypeId s : h.sensors) consider(s);
    for (SensorTypeId s : w.zones[h.zone].sensors)
        if (std::find(h.sensors.begin(), h.sensors.end(), s) == h.sensors.end()) consider(s);
}

void EmitSymptom(Simulation& sim, HostId host, const std::string& summary, int severity, bool attacker_caused)
{
    const World& w = sim.world();
    for (SensorTypeId s : w.hosts[host].sensors) {
        const SensorType& st = w.sensor_types[s];
        if (!st.symptoms) continue;
        Alert a;
        a.sensor = s;
        a.team = st.team;
        a.host = host;
        a.severity = severity;
        a.summary = summary;
        a.true_positive = attacker_caused;
        sim.QueueAlert(std::move(a), sim.Now() + AlertDelay(sim, st));
        return;
    }
}

void FalsePositiveDue(Simulation& sim, SensorTypeId s)
{
    const World& w = sim.world();
    const SensorType& st = w.sensor_types[s];
    const auto& hosts = sim.sensor_hosts[s];
    if (hosts.empty()) return;
    const HostId host = hosts[sim.rng().Below(hosts.size())];
    Alert a;
    a.sensor = s;
    a.team = st.team;
    a.host = host;
    a.true_positive = false;
    if (st.symptoms) {
        static const char* const kNoise[] = {"CPU above 95% on ", "disk latency high on ", "memory pressure on ",
                                             "backup job overran on ", "service restarts on "};
        a.summary = std::string(kNoise[sim.rng().Below(5)]) + w.hosts[host].id;
        a.severity = 1 + (int)sim.rng().Below(2);
    } else if (!sim.sensor_techniques[s].empty()) {
        const Technique* t = sim.sensor_techniques[s][sim.rng().Below(sim.sensor_techniques[s].size())];
        a.technique = t->id;
        a.severity = SeverityOf(*t);
        a.summary = st.name + ": " + t->name + " on " + w.hosts[host].id;
    } else {
        ScheduleNoise(sim, s);
        return;
    }
    sim.QueueAlert(std::move(a), sim.Now());
    ScheduleNoise(sim, s);
}

} // namespace bd
