// bench_lateral.cpp: lateral movement over a random graph, on the engine (bench/README.md).
//
// The model (the same as bench/lateral_simpy.py): N hosts on a seeded random graph with 2N edges;
// host 0 compromised at t=0; each compromised host tries a random uncompromised, unisolated
// neighbour after an exponential delay of mean 30 minutes (again and again, until it is isolated or
// has no such neighbour left), and emits telemetry every 5 minutes; the detector flags a host with
// probability 0.02 per telemetry event (a flagged host stays flagged: only hosts not flagged yet are
// looked at); one defender isolates flagged hosts one at a time, each
// 10 minutes after it takes it up (first flagged, first isolated); 7 simulated days.
//
// What is the product's and what is the benchmark's own:
// - product: the scenario is a real scenario file (generated here as JSON, loaded by LoadScenario:
//   hosts from a host group, a zone, an EDR sensor type with detect_prob 0.02 observing T1021's
//   data components, isolate_host lasting 10 minutes in command_durations); the event loop
//   (Simulation::Schedule/AdvanceTo); the Rng; compromise through Simulation::SetCompromise; the
//   telemetry through the engine's detection (EmitTelemetry: the sensor rolls detect_prob and
//   queues an alert, AlertDue journals it); isolation as an isolate_host command posted by SecOps
//   (PostLater from the alert observer: check, journal, 10 minutes of work, effect, RefreshServices
//   and RefreshContainment); the journal, written to a file and kept in memory.
// - the benchmark's own: the host graph (the engine's attacker moves between zones, and one zone
//   per host would need an N x N flow matrix: 100 MB at N = 10,000), so every host sits in one zone
//   and the graph lives here; the attacker's per-host timers (EventType::Bench events); the
//   defender's queue. The scenario's own campaign is cleared: the model here is the attacker.
#include "world/attack_catalog.h"
#include "bench_common.h"
#include "attack/detection.h"
#include "world/scenario.h"
#include "sim/simulation.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <deque>

namespace bench {

namespace {

using bd::HostId;
using bd::SimTime;
using EventType = bd::Simulation::EventType;

enum Kind : int32_t { kAttack = 0, kTelemetry = 1 };

constexpr double kAttackMean = 30 * 60;
constexpr SimTime kTelemetryEvery = 5 * 60;
constexpr SimTime kIsolateTakes = 10 * 60;
constexpr const char* kTechnique = "T1021"; // Remote Services

std::string ScenarioJson(long long n, long long days)
{
    nlohmann::json j = {
        {"format", "breachdrill-scenario/1"},
        {"metadata", {{"id", "bench-lateral"}, {"title", "Lateral movement benchmark"}, {"duration_s", days * 86400}}},
        {"infrastructure",
         {{"sensor_types", {{{"id", "edr"}, {"name", "EDR agent"}, {"team", "secops"},
                             {"observes", {"DC0032", "DC0064", "DC0067", "DC0082"}}, {"detect_prob", 0.02},
                             {"delay_s", 0}, {"fp_per_day", 0}}}},
          {"zones", {{{"id", "internet"}, {"name", "Internet"}, {"internet", true}}, {{"id", "lan"}, {"name", "LAN"}}}},
          {"flows", nlohmann::json::array({nlohmann::json::array({"internet", "lan"})})},
          {"host_groups", {{{"prefix", "h"}, {"count", n}, {"zone", "lan"}, {"kind", "workstation"}, {"os", "windows"},
                            {"sensors", {"edr"}}, {"user_per_host", true}}}}}},
        {"campaign",
         {{"seeded", true},
          {"stages", {{{"name", "replaced by the benchmark's model"}, {"technique", "T1566.001"}, {"action", "initial_access"},
                       {"target", {{"zone", "lan"}}}, {"duration", {{"median_s", 60}, {"sigma", 0.1}}}, {"success_prob", 1}}}}}},
        {"command_durations", {{"isolate_host", kIsolateTakes}}}};
    return j.dump(1);
}

// N nodes, 2N distinct undirected edges (fewer if N < 5), no loops: uniform random pairs, duplicates redrawn.
std::vector<std::vector<HostId>> RandomGraph(HostId n, uint64_t seed)
{
    bd::Rng rng(seed ^ 0x6C6174657261ull);
    std::vector<std::vector<HostId>> adj(n);
    int64_t edges = 0;
    const int64_t want = std::min<int64_t>(2 * (int64_t)n, (int64_t)n * (n - 1) / 2); // a tiny graph is complete
    // The edges drawn so far: an open-addressing set of u * n + v + 1 (0 is empty), at most a
    // quarter full (a node-based std::unordered_set cost a malloc an edge: 1.5% of the run at N=1,000).
    size_t cap = 16;
    while (cap < 4 * (size_t)want) cap *= 2;
    std::vector<uint64_t> seen(cap, 0);
    auto insert = [&](uint64_t key) {
        for (size_t i = (size_t)((key * 0x9E3779B97F4A7C15ull) >> 20) & (cap - 1);; i = (i + 1) & (cap - 1)) {
            if (seen[i] == key) return false;
            if (seen[i] == 0) { seen[i] = key; return true; }
        }
    };
    while (edges < want) {
        HostId u = (HostId)rng.Below(n), v = (HostId)rng.Below(n);
        if (u == v) continue;
        if (u > v) std::swap(u, v);
        if (!insert((uint64_t)u * (uint64_t)n + (uint64_t)v + 1)) continue;
        adj[u].push_back(v);
        adj[v].push_back(u);
        ++edges;
    }
    return adj;
}

// The model's state and its handler of EventType::Bench events (Simulation::SetBenchHandler):
// the telemetry path, nearly every event, stays small; the attack path is out of line.
struct Model {
    Model(bd::Simulation& s, const std::vector<std::vector<HostId>>& graph, HostId n)
        : sim(s), w(s.world()), adj(graph), compromised_at(n, -1), flagged_at(n, -1), isolated_at(n, -1) {}
    bd::Simulation& sim;
    const bd::World& w;
    const std::vector<std::vector<HostId>>& adj;
    std::vector<SimTime> compromised_at, flagged_at, isolated_at;
    std::deque<HostId> flagged;     // waiting for the defender
    HostId defender_on = bd::kNone; // the host being isolated
    uint64_t events = 0, attack_events = 0, telemetry_events = 0, alerts = 0;
    std::vector<HostId> candidates;
    std::string technique = kTechnique;

    void operator()(int32_t kind, int32_t h)
    {
        ++events;
        if (w.StateOf(h) != bd::HostState::Running) return; // isolated: its processes end
        if (kind != kTelemetry) return Attack(h);
        ++telemetry_events;
        // A flagged host stays flagged: the detector looks only at hosts not flagged yet (as in
        // lateral_simpy.py); their telemetry goes through the engine's sensors. (The sensor's
        // delay is about a second: an alert always lands before the next telemetry.)
        if (flagged_at[h] < 0) bd::EmitTelemetry(sim, h, technique);
        sim.Schedule(sim.Now() + kTelemetryEvery, EventType::Bench, kTelemetry, h);
    }
    [[gnu::noinline]] void Attack(HostId h)
    {
        ++attack_events;
        candidates.clear();
        for (HostId v : adj[h])
            if (w.hosts[v].compromise == 0 && w.StateOf(v) == bd::HostState::Running) candidates.push_back(v);
        if (candidates.empty()) return; // no neighbour left to take, ever (nothing is cleaned up)
        Compromise(candidates[sim.rng().Below(candidates.size())], h);
        sim.Schedule(sim.Now() + (SimTime)std::llround(sim.rng().Exponential(kAttackMean)), EventType::Bench, kAttack, h);
    }
    void Compromise(HostId h, HostId from)
    {
        sim.mutable_world().hosts[h].compromised_from = from;
        sim.SetCompromise(h, 1, "");
        compromised_at[h] = sim.Now();
        sim.Schedule(sim.Now() + (SimTime)std::llround(sim.rng().Exponential(kAttackMean)), EventType::Bench, kAttack, h);
        sim.Schedule(sim.Now() + kTelemetryEvery, EventType::Bench, kTelemetry, h);
    }
    void TakeNext()
    {
        if (defender_on != bd::kNone || flagged.empty()) return;
        defender_on = flagged.front();
        flagged.pop_front();
        bd::Command c;
        c.kind = bd::CommandKind::IsolateHost;
        c.team = bd::Team::SecOps;
        c.issuer = "bench:defender";
        c.target = w.hosts[defender_on].id;
        sim.PostLater(std::move(c)); // from an observer: posted right after the current event
    }
    // Alerts flag hosts; an isolated host frees the defender. The type is all it needs: no JSON
    // object is built (record.h).
    void OnRecord(const bd::RecordRef& r)
    {
        const std::string_view type = r.type();
        if (type == "alert") {
            ++alerts;
            const HostId h = w.alerts.back().host;
            if (h == bd::kNone || flagged_at[h] >= 0 || w.hosts[h].state != bd::HostState::Running) return;
            flagged_at[h] = sim.Now();
            flagged.push_back(h);
            TakeNext();
        } else if (type == "host" && defender_on != bd::kNone && w.hosts[defender_on].state == bd::HostState::Isolated) {
            isolated_at[defender_on] = sim.Now();
            defender_on = bd::kNone;
            TakeNext();
        }
    }
};

// The run's parameters (--hosts, --seed, --days, --journal).
struct LateralArgs {
    long long n = 0;
    uint64_t seed = 0;
    long long days = 0;
    std::string journal;
};

// Reads the options; false (with a message) if they do not make a run.
bool ReadArgs(const Args& args, LateralArgs& la)
{
    la.n = args.Int("hosts", 1000);
    la.seed = (uint64_t)args.Int("seed", 1);
    la.days = args.Int("days", 7);
    la.journal =
        args.Get("journal", "/tmp/breachdrill-bench-lateral-" + std::to_string(la.n) + "-" + std::to_string(la.seed) + ".jsonl");
    if (la.n < 3) { std::fprintf(stderr, "breachdrill-bench lateral: --hosts must be at least 3\n"); return false; }
    return true;
}

// The JSON line: the outcome (hosts compromised, flagged, isolated; mean times to detect and to
// contain), the events, the times and the memory.
void Report(const Model& m, const bd::Simulation& sim, HostId hosts, uint64_t seed, long long days, const std::string& journal,
            double t0, double c0, double c_setup, double t1, double c1)
{
    // Outcome.
    long long n_comp = 0, n_iso = 0, n_flag = 0;
    double ttd = 0, ttc = 0;
    for (HostId h = 0; h < hosts; ++h) {
        if (m.compromised_at[h] < 0) continue;
        ++n_comp;
        if (m.flagged_at[h] >= 0) { ++n_flag; ttd += (double)(m.flagged_at[h] - m.compromised_at[h]); }
        if (m.isolated_at[h] >= 0) { ++n_iso; ttc += (double)(m.isolated_at[h] - m.compromised_at[h]); }
    }
    // Events the engine processed: the model's timers, the alerts (AlertDue) and the isolations (CommandDue).
    const uint64_t total = m.events + m.alerts + (uint64_t)n_iso;
    const double run = t1 - t0;
    nlohmann::json out = {{"bench", "lateral"}, {"impl", "breachdrill"}, {"hosts", hosts}, {"seed", seed}, {"days", days},
                          {"run_s", run}, {"cpu_s", c1 - c0}, {"setup_cpu_s", c_setup - c0}, {"events", total}, {"events_per_s", total / run},
                          {"attack_events", m.attack_events}, {"telemetry_events", m.telemetry_events}, {"alerts", m.alerts},
                          {"compromised", n_comp}, {"flagged", n_flag}, {"isolated", n_iso},
                          {"mean_ttd_min", n_flag ? ttd / n_flag / 60 : 0.0}, {"mean_ttc_min", n_iso ? ttc / n_iso / 60 : 0.0},
                          {"journal", journal}, {"journal_records", sim.journal().Size()},
                          {"end", bd::EndReasonName(sim.EndedBecause())}, {"peak_rss_kb", PeakRssKb()}};
    std::puts(out.dump().c_str());
}

} // namespace

int Lateral(const Args& args)
{
    LateralArgs la;
    if (!ReadArgs(args, la)) return 2;
    const auto& [n, seed, days, journal] = la;
    bd::Catalog(); // the ATT&CK tables are parsed once per process, like the interpreter's imports: not timed

    const double t0 = Seconds(), c0 = CpuSeconds();
    const std::string text = ScenarioJson(n, days);
    if (args.Has("write-scenario")) {
        if (std::FILE* f = std::fopen(args.Get("write-scenario", "").c_str(), "w")) { std::fputs(text.c_str(), f); std::fclose(f); }
    }
    bd::LoadResult lr = bd::LoadScenarioText(text, "bench-lateral.json", bd::LoadOptions{seed, 0});
    if (!lr.Ok()) {
        for (const auto& p : lr.problems) std::fprintf(stderr, "%s\n", p.Format().c_str());
        return 1;
    }
    lr.scenario.campaign.stages.clear(); // the attacker is the model below
    const HostId hosts = (HostId)lr.scenario.world.hosts.size();
    const auto adj = RandomGraph(hosts, seed);

    bd::RunOptions ro;
    ro.seed = seed;
    ro.autopilot_itops = ro.autopilot_secops = false;
    ro.journal_path = journal;
    ro.keep_journal = false; // the file and the observer below are the journal's readers here
    ro.scenario_ref = "bench-lateral";
    bd::Simulation sim(std::move(lr.scenario), ro);

    Model m(sim, adj, hosts);
    sim.AddObserver([&m](const bd::RecordRef& r) { m.OnRecord(r); });
    sim.SetBenchHandler(m);

    const double c_setup = CpuSeconds();
    std::string err;
    if (!sim.Start(err)) { std::fprintf(stderr, "breachdrill-bench lateral: %s\n", err.c_str()); return 1; }
    m.Compromise(0, bd::kNone);
    sim.RunToEnd();
    const double t1 = Seconds(), c1 = CpuSeconds();

    Report(m, sim, hosts, seed, days, journal, t0, c0, c_setup, t1, c1);
    return 0;
}

} // namespace bench
