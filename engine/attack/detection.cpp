// detection.cpp: sensors turn activity into alerts, with probability, delay and noise.
//
// A technique run on a host can raise an alert from a sensor on that host (or watching its zone)
// only if the sensor observes one of the technique's ATT&CK data components. ITOps monitoring
// sensors see symptoms instead (a service down, disks filling, a ransom note), not techniques.
// False positives arrive as a Poisson process per sensor type (rate x instances), so noise costs
// one event each, whatever the size of the estate.
#include "world/attack_catalog.h"
#include "attack/detection.h"
#include "attack/evidence.h"

#include <algorithm>
#include <functional>
#include <iterator>
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

// What ITOps' monitoring sees of a technique (docs/model.md, mechanism 3): symptoms that are
// indicators. Keyed by the base technique; each shows with its chance on a host whose monitoring
// can see it (a symptoms sensor). Data staging's "disk usage growing" is the attacker's own
// (attacker.cpp, per store staged), and a ransom note comes with the encryption's effect.
struct TechniqueSymptom {
    const char* technique;
    const char* what; // "<what> on <host>"
    int severity;
    double chance;
};
const TechniqueSymptom kTechniqueSymptoms[] = {
    {"T1486", "CPU and disk I/O at 100%", 3, 0.9},                            // Data Encrypted for Impact
    {"T1485", "volume usage dropping fast", 3, 0.8},                          // Data Destruction
    {"T1490", "backup job failed: shadow copies and restore points gone", 2, 0.8}, // Inhibit System Recovery
    {"T1489", "services stopped outside any change", 2, 0.8},                 // Service Stop
    {"T1562", "security agent stopped reporting", 2, 0.6},                    // Impair Defenses
    {"T1041", "outbound traffic far above its baseline", 2, 0.5},             // Exfiltration Over C2 Channel
    {"T1048", "outbound traffic far above its baseline", 2, 0.5},             // Exfiltration Over Alternative Protocol
    {"T1567", "outbound traffic far above its baseline", 2, 0.5},             // Exfiltration Over Web Service
    {"T1537", "a cloud storage transfer far above its baseline", 2, 0.5},     // Transfer Data to Cloud Account
    {"T1110", "account lockouts", 2, 0.7},                                    // Brute Force
    {"T1136", "a new account created outside the change process", 2, 0.5},   // Create Account
    {"T1098", "account permissions changed outside the change process", 2, 0.5}, // Account Manipulation
    {"T1046", "firewall load high: connections to many ports", 1, 0.4},      // Network Service Discovery
    {"T1053", "configuration drift: a new scheduled task", 1, 0.4},          // Scheduled Task/Job
    {"T1543", "configuration drift: a new system service", 1, 0.4},          // Create or Modify System Process
    {"T1547", "configuration drift: a new autostart entry", 1, 0.3},         // Boot or Logon Autostart Execution
};

const TechniqueSymptom* SymptomOf(const std::string& technique)
{
    const std::string base = technique.substr(0, technique.find('.'));
    for (const auto& ts : kTechniqueSymptoms)
        if (base == ts.technique) return &ts;
    return nullptr;
}

bool HasSymptomsSensor(const World& w, const Host& h)
{
    for (SensorTypeId s : h.sensors)
        if (w.sensor_types[s].symptoms) return true;
    return false;
}

// EDR on every host (an investment, OrgParams::edr_everywhere): the SecOps host sensor that most
// hosts carry is put on every host that carries no SecOps sensor.
void PutEdrEverywhere(World& w)
{
    std::vector<size_t> carried(w.sensor_types.size(), 0);
    for (const Host& h : w.hosts)
        for (SensorTypeId s : h.sensors)
            if (w.sensor_types[s].team == Team::SecOps && !w.sensor_types[s].symptoms) ++carried[s];
    const auto best = std::max_element(carried.begin(), carried.end());
    if (best == carried.end() || *best == 0) return; // no endpoint agent in this estate to roll out
    const SensorTypeId edr = (SensorTypeId)(best - carried.begin());
    for (Host& h : w.hosts)
        if (!SecOpsCovers(w, h)) h.sensors.push_back(edr);
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
    if (sim.org().edr_everywhere) PutEdrEverywhere(sim.mutable_world());
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
    // Its symptom (ITOps' view of it) is looked up with it: SymptomOf compares strings, and ran for
    // every telemetry event (the lateral benchmark's 0.9 M events: a quarter of its work).
    thread_local std::string last_id;
    thread_local const Technique* last = nullptr;
    thread_local const TechniqueSymptom* last_symptom = nullptr;
    if (!last || technique != last_id) {
        last = Catalog().FindTechnique(technique);
        last_id = last ? technique : std::string();
        last_symptom = last ? SymptomOf(last->id) : nullptr;
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
        FillEvidence(sim, a, (uint64_t)s);
        sim.QueueAlert(std::move(a), sim.Now() + AlertDelay(sim, st));
    };
    for (SensorTypeId s : h.sensors) consider(s);
    for (SensorTypeId s : w.zones[h.zone].sensors)
        if (std::find(h.sensors.begin(), h.sensors.end(), s) == h.sensors.end()) consider(s);
    if (const TechniqueSymptom* ts = last_symptom; ts && HasSymptomsSensor(w, h) && sim.rng().Chance(ts->chance))
        EmitSymptom(sim, host, std::string(ts->what) + " on " + h.id, ts->severity, true);
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
        FillEvidence(sim, a, (uint64_t)s);
        sim.QueueAlert(std::move(a), sim.Now() + AlertDelay(sim, st));
        return;
    }
}

std::vector<std::string> ObservedComponents(const SensorType& s, const Technique& t)
{
    std::vector<std::string> out;
    if (s.symptoms) return out;
    std::set_intersection(s.observes.begin(), s.observes.end(), t.data_components.begin(), t.data_components.end(),
                          std::back_inserter(out));
    return out;
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
    FillEvidence(sim, a, (uint64_t)s + 1000);
    sim.QueueAlert(std::move(a), sim.Now());
    ScheduleNoise(sim, s);
}

} // namespace bd
