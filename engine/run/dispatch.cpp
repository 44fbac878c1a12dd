// dispatch.cpp: where an exercise is put together and its events reach the room that handles
// them. Simulation (sim/) declares the loop; this, the top room, wires it to the parts above it:
// Start builds the autopilots, the attacker, operations events, the sensors, the injects and the
// scripts; RunEvents/Dispatch route each event (attack/, response/, exercise/, script/); Publish
// hands each record to the journal, the front-end, the injects and the observers; CheckEnd ends
// the exercise when it is contained and recovered (docs/architecture.md, "The end").
//
// Index:
//   [SECTION] Start and the end of a Simulation's life
//   [SECTION] The event loop
//   [SECTION] Records to their readers
//   [SECTION] The end
#include "sim/simulation.h"

#include "attack/attacker.h"
#include "attack/detection.h"
#include "exercise/injects.h"
#include "response/autopilot.h"
#include "response/operations.h"
#include "script/script.h"

#include <algorithm>

namespace bd {

using nlohmann::json;

// [SECTION] Start and the end of a Simulation's life

// Here, where Autopilot and ScriptHost are complete types (a unique_ptr member needs them).
Simulation::Simulation(Scenario scenario, RunOptions options)
    : scenario_(std::move(scenario)), world_(scenario_.world), options_(std::move(options)), rng_(options_.seed)
{
    world_.host_states.resize(world_.hosts.size());
    for (size_t h = 0; h < world_.hosts.size(); ++h) world_.host_states[h] = world_.hosts[h].state;
}

Simulation::~Simulation() = default;


bool Simulation::Start(std::string& error)
{
    if (started_) return true;
    // Monitoring sees a service go down (RefreshServices, sim/simulation.cpp) as a symptom for ITOps.
    service_monitor = &EmitSymptom;
    if (!options_.journal_path.empty() && !journal_.Open(options_.journal_path, error)) return false;
    started_ = true;
    // Scripts read the journal back from memory (script.cpp): with one, the records are kept.
    journal_.KeepRecords(options_.keep_journal || !scenario_.script_name.empty() || !scenario_.script_text.empty() ||
                         !options_.itops_policy.empty() || !options_.secops_policy.empty());

    json services = json::array();
    for (const auto& s : world_.services) {
        json hosts = json::array();
        for (HostId h : s.depends_on) hosts.push_back(world_.hosts[h].id);
        services.push_back({{"id", s.id}, {"name", s.name}, {"cost_per_hour", s.cost_per_hour}, {"hosts", hosts}});
    }
    json stores = json::array();
    for (const auto& d : world_.stores)
        stores.push_back({{"id", d.id}, {"name", d.name}, {"host", d.host >= 0 ? world_.hosts[d.host].id : ""},
                          {"records", d.records}, {"personal_data", d.personal_data}});
    Record("header", {{"format", "breachdrill-journal/1"},
                      {"program", std::string("breachdrill ") + BREACHDRILL_VERSION},
                      {"scenario", {{"id", scenario_.id}, {"title", scenario_.title}, {"source", scenario_.source},
                                    {"ref", options_.scenario_ref}, {"content_hash", scenario_.content_hash},
                                    {"size", options_.size}}},
                      {"seed", options_.seed},
                      {"org", OrgName(options_.org)},
                      {"autopilot", {{"itops", options_.autopilot_itops}, {"secops", options_.autopilot_secops}}},
                      {"duration_s", scenario_.duration_s},
                      {"story_start", scenario_.story_start ? json(StoryStartText(*scenario_.story_start)) : json(nullptr)},
                      {"run_at", options_.run_at.empty() ? json(nullptr) : json(options_.run_at)},
                      {"currency", scenario_.currency},
                      {"regimes", scenario_.regimes},
                      {"services", services},
                      {"stores", stores},
                      {"hosts", world_.hosts.size()},
                      {"campaign_stages", scenario_.campaign.stages.size()}});
    if (options_.runbooks[0] || options_.runbooks[1]) {
        // The runbooks go into the journal whole (a record of their own, right after the header): a
        // replay or a resume follows them again without the files, and the scorer reads them.
        json runbooks = json::object();
        for (int i = 0; i < 2; ++i)
            if (options_.runbooks[i]) {
                runbooks[i == 0 ? "itops" : "secops"] = ToJson(*options_.runbooks[i]);
                runbook_progress_[i].assign(options_.runbooks[i]->steps.size(), RunbookStepStatus{});
            }
        Record("runbooks", json{{"runbooks", runbooks}});
    }

    // The autopilots draw from generators of their own, derived from the seed without touching
    // the world's generator: taking or leaving a seat never changes what the attacker does.
    Rng seeder(options_.seed ^ 0xA5A5A5A55A5A5A5Aull);
    autopilot_seeds_[0] = seeder.Next();
    autopilot_seeds_[1] = seeder.Next();
    if (options_.autopilot_itops)
        autopilots_[0] = std::make_unique<Autopilot>(*this, Team::ITOps, scenario_.autopilot[0], autopilot_seeds_[0]);
    if (options_.autopilot_secops)
        autopilots_[1] = std::make_unique<Autopilot>(*this, Team::SecOps, scenario_.autopilot[1], autopilot_seeds_[1]);

    RefreshServices();
    AttackerStart(*this);
    OperationsStart(*this);
    DetectionStart(*this);
    InjectsStart(*this);
    for (int i = 0; i < 2; ++i)
        if (autopilots_[i]) Schedule(0, EventType::AutopilotWake, i);
    Schedule(scenario_.duration_s, EventType::End);
    StartScripts(); // the scenario's script and Lua policies (script.cpp)
    return true;
}

// [SECTION] The event loop

// Inlined in RunEvents, its only caller (the compiler had stopped inlining it: perf showed it as a call
// of its own, 4% of the lateral benchmark; inlined, the run measured no different).
[[gnu::always_inline]] inline void Simulation::Dispatch(const Event& e)
{
    switch (e.type) {
    case EventType::AttackerStep: AttackerStep(*this, e.a, e.b); break;
    case EventType::AlertDue: AlertDue(e.a); break;
    case EventType::FalsePositive: FalsePositiveDue(*this, e.a); break;
    case EventType::CommandDue: {
        PendingCommand& pc = pending_[e.a];
        if (!pc.done) Complete(pc);
        break;
    }
    case EventType::ApprovalDue: ApprovalDue(e.a); break;
    case EventType::AutopilotWake:
        if (autopilots_[e.a] && e.b == autopilot_generation_[e.a]) autopilots_[e.a]->Wake();
        break;
    case EventType::C2Rebuilt: AttackerC2Rebuilt(*this); break;
    case EventType::End: Finish(EndReason::Duration); break;
    case EventType::InjectDue: InjectDue(*this, e.a); break;
    case EventType::InjectDeadline: InjectDeadline(*this, e.a); break;
    case EventType::ScriptTick:
        if (e.a >= 0 && e.a < (int32_t)scripts_.size()) scripts_[e.a]->OnTimer(e.b);
        break;
    case EventType::Bench:
        if (on_bench_event_) on_bench_event_(bench_context_, e.a, e.b);
        break;
    case EventType::Operations: OperationsDue(*this, e.a, e.b); break;
    }
}

void Simulation::RunEvents(SimTime t)
{
    // The engine's own records go to the file in blocks, between events (Commit), and the rest when
    // this returns (journal.h: what a kill can lose, and why resume does not miss it).
    JournalBatch batch(journal_);
    while (!Finished() && queue_.due_by(t)) {
        const Event e = queue_.take();
        now_ = e.time;
        dispatching_ = true;
        Dispatch(e);
        dispatching_ = false;
        // The same as calling both unconditionally: each returns at once when its test fails.
        if (!later_.empty()) FlushLater();
        if (world_.attacker.contained && !world_.attacker.returning && (attack_started_ || !world_.operations.empty())) CheckEnd();
        journal_.Commit();
    }
}

// [SECTION] Records to their readers

void Simulation::Publish(const RecordRef& rec)
{
    journal_.Append(rec);
    // Observers get this record (its own object, not one in the journal: an observer that causes
    // another record grows the journal and would invalidate a reference into it).
    if (on_record) on_record(rec);
    InjectsObserve(*this, rec);
    for (size_t i = 0; i < observers_.size(); ++i) observers_[i](rec);
}

// [SECTION] The end

void Simulation::CheckEnd()
{
    if (Finished()) return;
    // Operations events (a faulty update): each that happened must be fixed. With no attack, the
    // exercise can end once every one has happened and is fixed (and the campaign, if any, is over).
    bool ops_done = !world_.operations.empty();
    for (int32_t i = 0; i < (int32_t)world_.operations.size(); ++i) {
        if (world_.operations[i].happened && !OperationsResolved(world_, i)) return;
        ops_done = ops_done && world_.operations[i].happened;
    }
    const bool campaign_over = scenario_.campaign.stages.empty() || world_.attacker.finished || world_.attacker.gave_up;
    if (!attack_started_ && !(ops_done && campaign_over)) return;
    // Contained, and not lying low with a plan to come back.
    if (!world_.attacker.contained || world_.attacker.returning) return;
    for (const auto& s : world_.services)
        if (!s.up) return;
    for (const auto& h : world_.hosts)
        if (h.encrypted || h.state == HostState::Reimaging || h.state == HostState::Restoring) return;
    for (const auto& t : world_.tickets)
        if (t.status == TicketStatus::Open) return;
    if (!open_commands_.empty()) return;
    // The notification clocks run on after recovery: the exercise goes on until the 72-hour
    // notifications are made or their deadline has passed (docs/scoring.md).
    if (!world_.incidents.empty() && now_ < world_.incidents.front().declared + 72 * kHour) {
        auto notified = [&](const char* regime, const char* stage) {
            for (const auto& n : world_.notifications)
                if (n.regime == regime && n.stage == stage) return true;
            return false;
        };
        auto applies = [&](const char* regime) {
            return std::find(scenario_.regimes.begin(), scenario_.regimes.end(), regime) != scenario_.regimes.end();
        };
        bool personal = false;
        for (const auto& d : world_.stores) personal |= d.personal_data && d.staged > 0;
        if (applies("nis2") && (!notified("nis2", "early_warning") || !notified("nis2", "notification"))) return;
        if (applies("gdpr") && personal && !notified("gdpr", "notification")) return;
    }
    // Contained and recovered, with no work in flight: the exercise is over.
    Finish(attack_started_ ? EndReason::ContainedAndRecovered : EndReason::Recovered);
}

} // namespace bd
