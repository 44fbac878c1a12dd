// simulation.h: the deterministic discrete-event engine that plays one exercise.
//
// Events are ordered by (time, sequence); time is integer simulated seconds; one seeded Rng drives
// the world (the autopilots draw from generators of their own, derived from the seed, so a human
// taking a seat does not change what the attacker does). Every change goes through Post(); every
// command and every engine event is appended to the journal as it happens (docs/journal.md).
//
//   Simulation sim(std::move(scenario), options);
//   sim.Start();
//   sim.AdvanceTo(sim.Now() + 600);   // process everything up to t+600
//   sim.Post(cmd);                    // a player's command, stamped with Now()
//   sim.RunToEnd();
//   sim.StateHash();
#pragma once
#include "world/commands.h"
#include "core/event_queue.h"
#include "sim/inject_book.h"
#include "journal/journal.h"
#include "core/rng.h"
#include "world/runbook.h"
#include "world/scenario.h"

#include <functional>
#include <memory>
#include <queue>
#include <vector>

namespace bd {

class Autopilot;
class ScriptHost;

struct RunOptions {
    uint64_t seed = 1;
    OrgProfile org = OrgProfile::Siloed;
    bool autopilot_itops = true;
    bool autopilot_secops = true;
    std::string journal_path; // "" for an in-memory journal only
    // false: journal records go to the file and to observers only, not kept in memory
    // (Journal::Records() stays empty; journal.h). Runs with a Lua script or policy keep them anyway.
    bool keep_journal = true;
    std::string scenario_ref; // how the scenario was named (built-in id or path), for the header
    int64_t size = 0;         // the size the scenario was generated at (0 = its own)
    // Lua policy files (docs/lua-api.md) that play a seat instead of its built-in autopilot.
    std::string itops_policy, secops_policy;
    // The teams' runbooks (world/runbook.h; 0 ITOps, 1 SecOps): the seat's autopilot follows it, its
    // view shows it as a checklist, the scorecard reports on it. Written whole into the header.
    std::optional<Runbook> runbooks[2];
    // When the exercise was run, in real time (ISO 8601 UTC, "2026-12-04T18:45:12Z"), for the header:
    // the report dates the exercise from it. The engine never reads the wall clock; the CLI and the
    // app set it (SOURCE_DATE_EPOCH fixes it), a replay or a resume takes the journal's. "" = unknown.
    std::string run_at;
};

// A disruptive action on another team's asset counts as coordinated if a ticket asked for it, or
// if the acting team told the owner (a message naming the target) within this window before.
constexpr SimTime kCoordinationWindow = 4 * kHour;

// Why an exercise ended.
// Recovered: no attack started, and every operations event that happened is fixed.
enum class EndReason : uint8_t { NotEnded, ContainedAndRecovered, Duration, Stopped, Recovered };
const char* EndReasonName(EndReason r);

class Simulation {
public:
    Simulation(Scenario scenario, RunOptions options);
    ~Simulation();
    Simulation(const Simulation&) = delete;
    Simulation& operator=(const Simulation&) = delete;

    // Writes the journal header and schedules the campaign, sensors and autopilots.
    // Returns false (and sets `error`) when the journal file cannot be created.
    bool Start(std::string& error);

    // Processes every event with time <= t (stopping early if the exercise ends), then the clock
    // reads t (or the end time).
    void AdvanceTo(SimTime t);
    // Advances until the exercise ends (contained and recovered, or the scenario's duration).
    void RunToEnd();
    // Ends the exercise now (a facilitator stops it). Writes the end record.
    void Stop();
    bool Finished() const { return end_reason_ != EndReason::NotEnded; }
    EndReason EndedBecause() const { return end_reason_; }

    // The one entry point for changes. Stamps the command with Now() and the next sequence
    // number, checks it, journals it and its result, and schedules its effect.
    CommandResult Post(Command cmd);
    // For code that runs inside the engine's own callbacks (on_record observers, scripts): the
    // command is posted right after the current event is processed, at the same simulated time,
    // so an observer never re-enters the event it is observing. Order is kept.
    void PostLater(Command cmd);
    // Would Post() accept it now? Changes nothing.
    CommandResult Check(const Command& cmd) const;

    SimTime Now() const { return now_; }
    // Commands accepted and not yet done (for the views: changes waiting for approval, work under way).
    struct InFlight {
        Command cmd;
        bool awaiting_approval;
    };
    std::vector<InFlight> InFlightCommands() const;
    // Time of the next pending event, or -1 when none.
    SimTime NextEventTime() const;
    uint64_t StateHash() const;
    std::string StateHashHex() const;

    const World& world() const { return world_; }
    const Scenario& scenario() const { return scenario_; }
    const RunOptions& options() const { return options_; }
    const Journal& journal() const { return journal_; }
    // Renames the journal file (it stays open; appends go on). Resume uses it.
    bool MoveJournal(const std::string& path, std::string& error) { return journal_.MoveTo(path, error); }
    const OrgParams& org() const { return scenario_.org[options_.org == OrgProfile::Siloed ? 0 : 1]; }
    SimTime DurationOf(CommandKind k) const;
    // The team's runbook (RunOptions::runbooks), or nullptr; and where each of its steps stands:
    // a step is done by the first command of the team that completes ok and does it (runbook.h).
    const Runbook* RunbookOf(Team team) const;
    const std::vector<RunbookStepStatus>& RunbookProgress(Team team) const;
    // A checklist item of `team`'s runbook ticked (or unticked) by `by` (tick_step; its check has
    // passed): the step's index from 0.
    void SetRunbookTick(Team team, size_t index, bool tick, Team by, uint64_t command);

    // Delivers inject `number` of the scenario's MSEL now (an "inject" record; the intended team's
    // view shows it). `by`: "schedule", "condition", "facilitator" or "script". An inject is
    // delivered once: false (and `why`, if given) for an unknown or already delivered number.
    // Lua scripts call this (or post fire_inject); players' facilitators post fire_inject.
    bool FireInject(int number, const char* by, std::string* why = nullptr);
    // Each scenario inject's delivery and outcome, in scenario order.
    const InjectBook& injects() const { return injects_; }
    InjectBook& mutable_injects() { return injects_; }

    // Called after every journal record (the UI's live panels, scripts).
    // A RecordRef converts to the record's JSON object (built once, on first use): an observer
    // that takes `const nlohmann::json&` works as it is; one that needs only r.type() is cheaper.
    std::function<void(const RecordRef&)> on_record;
    // More observers of every record, called after on_record, in the order added (scripts use
    // this; on_record stays free for a front-end). An observer may PostLater, not Post.
    void AddObserver(std::function<void(const RecordRef&)> observer) { observers_.push_back(std::move(observer)); }

    // [SECTION] Used by the engine's own rooms (attack/, response/, exercise/, script/, run/)
    enum class EventType : uint8_t {
        AttackerStep,   // a = stage index; the attacker's current attempt completes
        AlertDue,       // a = index into pending_alerts_
        FalsePositive,  // a = sensor type, b = host or -(zone+1): a sensor instance's noise timer
        CommandDue,     // a = pending command index: its duration has passed
        ApprovalDue,    // a = pending command index: its change approval came through
        AutopilotWake,  // a = 0 ITOps, 1 SecOps; b = the autopilot's generation (set_autopilot)
        C2Rebuilt,      // the attacker has a new C2 channel
        End,            // the scenario's duration
        InjectDue,      // a = inject index: its time (or its condition's delay) has come
        InjectDeadline, // a = inject index: its expected action is due by now
        ScriptTick,     // a = script index; b = -1 its on_tick cadence, >= 0 a bd.schedule_inject timer
        Bench,          // a, b: the benchmark's own (bench/): calls the SetBenchHandler handler; the product never schedules it
        Operations,     // a = operations event index; b = 0 it happens, 1 its hosts come back by themselves
    };
    struct Event {
        SimTime time;
        uint64_t seq;
        EventType type;
        int32_t a, b;
        bool operator>(const Event& o) const { return time != o.time ? time > o.time : seq > o.seq; }
    };
    // Queues an event (never in the past: an earlier time means now). Inline: the hottest call.
    [[gnu::always_inline]] void Schedule(SimTime at, EventType type, int32_t a = 0, int32_t b = 0)
    {
        queue_.emplace_last(at < now_ ? now_ : at, next_event_seq_++, type, a, b);
    }
    // Is this seat played by its built-in autopilot now? (RunOptions, then set_autopilot commands)
    bool AutopilotOn(Team team) const { return team == Team::ITOps ? autopilots_[0] != nullptr : team == Team::SecOps && autopilots_[1] != nullptr; }
    // The generation of a seat's autopilot (0 ITOps, 1 SecOps): its wake events carry it in `b`.
    int32_t AutopilotGeneration(int seat) const { return autopilot_generation_[seat]; }
    // Called for EventType::Bench events (bench/ drives the real event loop with models of its own):
    // f(a, b), f kept by reference. A plain function and a context, not a std::function: the call is
    // one indirect jump into the benchmark's code, with the handler inlined in it.
    template <typename F>
    void SetBenchHandler(F& f)
    {
        bench_context_ = &f;
        on_bench_event_ = [](void* context, int32_t a, int32_t b) { (*static_cast<F*>(context))(a, b); };
    }
    Rng& rng() { return rng_; }
    World& mutable_world() { return world_; }
    // Journals a record {"t","seq","type",...fields}: typed fields (record.h; the braced form picks this one), or a JSON object
    // made elsewhere. Then on_record, the injects and the observers get it.
    void Record(const char* type, std::initializer_list<RecordField> fields);
    void Record(const char* type, nlohmann::json fields);

    // detection.cpp's tables, built at Start: per sensor type, the techniques it can see and where it sits.
    std::vector<std::vector<const struct Technique*>> sensor_techniques;
    std::vector<std::vector<HostId>> sensor_hosts;
    // EmitTelemetry's answer for the last technique it was given: per sensor type, does it observe it
    // (telemetry repeats one technique many times: it was a binary search per sensor and event).
    const struct Technique* observes_for = nullptr;
    std::vector<uint8_t> observes_last;
    // Raises an alert after a sensor's delay (detection.cpp decides whether and when).
    void QueueAlert(Alert alert, SimTime at);
    // Host and service state changes, journaled; services and containment recomputed.
    void SetHostState(HostId h, HostState s, Cause cause);
    void SetEncrypted(HostId h, bool encrypted);
    void SetCompromise(HostId h, int level, const char* cause);
    void RefreshServices();
    void RefreshContainment();
    // The monitoring that sees a service go down (RefreshServices): a symptom for ITOps. Wired at
    // Start (run/dispatch.cpp) to attack/detection.h's EmitSymptom.
    void (*service_monitor)(Simulation& sim, HostId host, const std::string& summary, int severity, bool attacker_caused) = nullptr;
    // approve_change: is the command with this id a change waiting for approval? Approving starts
    // the work of every such change (response/, the approve_change command).
    bool AwaitingApproval(const std::string& command_id) const;
    void ApproveWaiting(const std::string& command_id, Team by);
    // set_autopilot: hands a seat (0 ITOps, 1 SecOps) to a fresh autopilot, or back to a player
    // (response/autopilot.cpp, where the Autopilot is a complete type).
    void SetSeatAutopilot(int seat, bool on);
    // A cross-team request, from a command or an autopilot.
    TicketId OpenTicket(Team from, Team to, const std::string& action, const std::string& target, const std::string& reason);
    // Closes an open ticket (a closed one stays as it is); `answer` says why, for the team that asked.
    void CloseTicket(TicketId id, TicketStatus status, uint64_t command_id, const std::string& answer);

private:
    struct PendingCommand {
        Command cmd;
        bool awaiting_approval = false;
        bool done = false;
    };
    // run/dispatch.cpp: the wiring to the rooms above this one.
    void Publish(const RecordRef& rec); // Record's second half: the journal, then who observes
    void Dispatch(const Event& e);
    void RunEvents(SimTime t); // AdvanceTo's loop: every event at or before t, unless the exercise ends
    void CheckEnd();
    void AlertDue(int32_t index);
    void ApprovalDue(int32_t index);
    void StartWork(int32_t pending_index);
    void Complete(PendingCommand& pc);
    // response/command_table.cpp: the checks every command passes, then its kind's own check and effect.
    CommandResult CheckAt(const Command& cmd, bool at_completion) const;
    void Apply(const Command& cmd, CommandResult& result, bool& uncoordinated);
    bool IsUncoordinated(const Command& cmd) const;
    void Finish(EndReason reason);

    Scenario scenario_;
    World& world_;
    RunOptions options_;
    Rng rng_;
    Journal journal_;
    SimTime now_ = 0;
    uint64_t next_event_seq_ = 0;
    uint64_t next_command_id_ = 1;
    EventQueue<Event> queue_; // on (time, seq): a timing wheel and a heap, event_queue.h
    HostId live_hint_ = kNone; // RefreshContainment: a live foothold seen last time (checked first)
    std::vector<PendingCommand> pending_;
    std::vector<int32_t> open_commands_; // indices into pending_ of those not done, in order (scanning all was O(commands) a command)
    std::vector<Command> later_; // PostLater() queue
    bool dispatching_ = false, flushing_ = false;
    void FlushLater();
    std::vector<Alert> pending_alerts_;
    std::unique_ptr<Autopilot> autopilots_[2];
    int32_t autopilot_generation_[2] = {0, 0}; // set_autopilot: a wake of an earlier autopilot is dropped
    uint64_t autopilot_seeds_[2] = {0, 0};
    std::vector<std::function<void(const RecordRef&)>> observers_;
    void (*on_bench_event_)(void* context, int32_t a, int32_t b) = nullptr;
    void* bench_context_ = nullptr;
    std::vector<std::unique_ptr<ScriptHost>> scripts_; // the scenario's script, then Lua policies
    void StartScripts(); // script/script.cpp
    EndReason end_reason_ = EndReason::NotEnded;
    bool started_ = false;
    bool attack_started_ = false;
    InjectBook injects_;
    std::vector<RunbookStepStatus> runbook_progress_[2];
    friend class Attacker;
};

} // namespace bd
