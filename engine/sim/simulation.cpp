// simulation.cpp: the event loop, the command path (check, approval, effect), state changes and
// their journal records, the end of an exercise, and the state hash. See simulation.h.
//
// Index:
//   [SECTION] Start, the loop and the end
//   [SECTION] The command path
//   [SECTION] Checks
//   [SECTION] Effects
//   [SECTION] State changes with journal records
//   [SECTION] State hash
#include "sim/simulation.h"

#include "world/attack_catalog.h"
#include "sim/engine_parts.h"
#include "script/script.h"

#include <algorithm>
#include <cstdio>
#include <limits>

namespace bd {

using nlohmann::json;

const char* EndReasonName(EndReason r)
{
    switch (r) {
    case EndReason::NotEnded: return "not_ended";
    case EndReason::ContainedAndRecovered: return "contained_and_recovered";
    case EndReason::Duration: return "duration";
    case EndReason::Stopped: return "stopped";
    case EndReason::Recovered: return "recovered";
    }
    return "?";
}

Simulation::Simulation(Scenario scenario, RunOptions options)
    : scenario_(std::move(scenario)), world_(scenario_.world), options_(std::move(options)), rng_(options_.seed)
{
    world_.host_states.resize(world_.hosts.size());
    for (size_t h = 0; h < world_.hosts.size(); ++h) world_.host_states[h] = world_.hosts[h].state;
}

Simulation::~Simulation() = default;

// [SECTION] Start, the loop and the end

bool Simulation::Start(std::string& error)
{
    if (started_) return true;
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
                      {"currency", scenario_.currency},
                      {"regimes", scenario_.regimes},
                      {"services", services},
                      {"stores", stores},
                      {"hosts", world_.hosts.size()}});

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

SimTime Simulation::NextEventTime() const { return queue_.empty() ? -1 : queue_.top_time(); }

void Simulation::AdvanceTo(SimTime t)
{
    RunEvents(t);
    if (!Finished()) now_ = std::max(now_, std::min(t, scenario_.duration_s));
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

void Simulation::RunToEnd()
{
    // The same events in the same order as AdvanceTo(the next event's time) until the end, in one
    // pass (a call per distinct time cost 3% of the lateral benchmark); an empty queue ends the
    // exercise at the last event's time.
    RunEvents(std::numeric_limits<SimTime>::max());
    if (!Finished()) Finish(EndReason::Duration);
}

void Simulation::Stop()
{
    if (!Finished()) Finish(EndReason::Stopped);
}

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

// Out of Dispatch, so that the switch sets up no frame for their JSON (a benchmark's event is
// small: the frame was a tenth of its cost).
void Simulation::AlertDue(int32_t index)
{
    Alert& a = pending_alerts_[index];
    a.id = (AlertId)world_.alerts.size();
    a.time = now_;
    world_.alerts.push_back(a);
    const Alert& al = world_.alerts.back();
    const auto& sensor = world_.sensor_types[al.sensor];
    // Shared tools: both teams' queues get every alert.
    world_.KnowledgeOf(al.team).alerts.push_back(al.id);
    if (org().shared_tools) world_.KnowledgeOf(al.team == Team::ITOps ? Team::SecOps : Team::ITOps).alerts.push_back(al.id);
    Record("alert", {{"id", al.id}, {"team", TeamName(al.team)}, {"sensor", sensor.id},
                     {"host", al.host >= 0 ? world_.hosts[al.host].id : ""}, {"technique", al.technique},
                     {"severity", al.severity}, {"summary", al.summary}, {"true_positive", al.true_positive}});
}

void Simulation::ApprovalDue(int32_t index)
{
    PendingCommand& pc = pending_[index];
    if (pc.awaiting_approval) {
        pc.awaiting_approval = false;
        Record("change_approved", {{"id", pc.cmd.id}, {"by", "auto"}});
        StartWork(index);
    }
}

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

void Simulation::Finish(EndReason reason)
{
    end_reason_ = reason;
    Record("end", {{"reason", EndReasonName(reason)}, {"state_hash", StateHashHex()}});
}

void Simulation::Record(const char* type, std::initializer_list<RecordField> fields)
{
    Publish(RecordRef(type, now_, journal_.Size(), fields));
}

void Simulation::Record(const char* type, json fields)
{
    json rec;
    if (fields.is_object()) {
        // The fields become the record (an object's keys are sorted: where t, seq and type are
        // added does not matter); a field of the same name wins, as it always has.
        auto& obj = fields.get_ref<json::object_t&>();
        obj.emplace("t", now_);
        obj.emplace("seq", journal_.Size());
        obj.emplace("type", type);
        rec = std::move(fields);
    } else {
        rec = {{"t", now_}, {"seq", journal_.Size()}, {"type", type}};
        for (auto& [k, v] : fields.items()) rec[k] = std::move(v);
    }
    Publish(RecordRef(rec));
}

void Simulation::Publish(const RecordRef& rec)
{
    journal_.Append(rec);
    // Observers get this record (its own object, not one in the journal: an observer that causes
    // another record grows the journal and would invalidate a reference into it).
    if (on_record) on_record(rec);
    InjectsObserve(*this, rec);
    for (size_t i = 0; i < observers_.size(); ++i) observers_[i](rec);
}

SimTime Simulation::DurationOf(CommandKind k) const
{
    auto it = scenario_.command_durations.find(CommandKindName(k));
    return it != scenario_.command_durations.end() ? it->second : Spec(k).duration_s;
}

// [SECTION] The command path

CommandResult Simulation::Post(Command cmd)
{
    JournalBatch batch(journal_); // the command and its result in one write
    CommandResult result;
    if (!started_ || Finished()) {
        result.code = ResultCode::Precondition;
        result.message = Finished() ? "the exercise has ended" : "the exercise has not started";
        return result;
    }
    cmd.id = next_command_id_++;
    cmd.time = now_;
    cmd.seq = journal_.Size();
    Record("command", {CommandField("cmd", cmd)});
    result = CheckAt(cmd, false);
    result.id = cmd.id;
    if (!result.ok()) {
        Record("command_result", {{"id", cmd.id}, {"ok", false}, {"code", ResultCodeName(result.code)},
                                  {"message", result.message}});
        return result;
    }
    const CommandSpec& spec = Spec(cmd.kind);
    const int32_t index = (int32_t)pending_.size();
    pending_.push_back(PendingCommand{cmd, false, false});
    open_commands_.push_back(index);
    // A change on production waits for approval, unless it is an emergency change.
    bool needs_approval = false;
    if (spec.change && !cmd.emergency) {
        const HostId h = world_.FindHost(cmd.target);
        const ServiceId s = world_.FindService(cmd.target);
        needs_approval = (h != kNone && world_.hosts[h].production) || s != kNone;
        // A rollback is a change on production when the update took a production host down.
        if (cmd.kind == CommandKind::RollbackUpdate)
            if (const int32_t e = FindOperationsEvent(scenario_, cmd.target); e != kNone)
                for (HostId x : world_.operations[e].hosts) needs_approval = needs_approval || world_.hosts[x].production;
    }
    if (needs_approval && org().change_approval_s > 0) {
        pending_[index].awaiting_approval = true;
        const SimTime due = now_ + org().change_approval_s;
        Record("command_result", {{"id", cmd.id}, {"ok", true}, {"status", "awaiting_approval"}, {"due", due}});
        Schedule(due, EventType::ApprovalDue, index);
        result.message = "waiting for change approval";
        return result;
    }
    Record("command_result", {{"id", cmd.id}, {"ok", true}, {"status", "scheduled"}, {"due", now_ + DurationOf(cmd.kind)}});
    StartWork(index);
    if (!dispatching_) FlushLater(); // a command from outside: its observers' commands follow at once
    return result;
}

void Simulation::StartWork(int32_t index)
{
    const Command& cmd = pending_[index].cmd;
    // Rebuilding takes the host down for the whole duration of the work.
    const HostId h = world_.FindHost(cmd.target);
    if (h != kNone && cmd.kind == CommandKind::ReimageHost) SetHostState(h, HostState::Reimaging, Cause::Defender);
    if (h != kNone && cmd.kind == CommandKind::RestoreHost) SetHostState(h, HostState::Restoring, Cause::Defender);
    const SimTime due = now_ + DurationOf(cmd.kind);
    if (due == now_) Complete(pending_[index]);
    else Schedule(due, EventType::CommandDue, index);
}

CommandResult Simulation::Check(const Command& cmd) const { return CheckAt(cmd, false); }

std::vector<Simulation::InFlight> Simulation::InFlightCommands() const
{
    std::vector<InFlight> out;
    for (const int32_t i : open_commands_) out.push_back(InFlight{pending_[i].cmd, pending_[i].awaiting_approval});
    return out;
}

void Simulation::PostLater(Command cmd) { later_.push_back(std::move(cmd)); }

void Simulation::FlushLater()
{
    if (flushing_) return;
    flushing_ = true;
    // Posting may queue more (an observer reacting to the command): drain until quiet, bounded.
    for (int round = 0; round < 64 && !later_.empty(); ++round) {
        std::vector<Command> batch;
        batch.swap(later_);
        for (auto& c : batch) Post(std::move(c));
    }
    if (!later_.empty()) {
        // A chain of commands that keeps causing commands: stop it, and say so in the journal.
        Record("warning", {{"source", "engine"},
                           {"message", "[engine.post_later] " + std::to_string(later_.size()) +
                                           " queued commands dropped after 64 rounds of commands causing commands"}});
        later_.clear();
    }
    flushing_ = false;
}

void Simulation::Complete(PendingCommand& pc)
{
    pc.done = true;
    if (auto it = std::find(open_commands_.begin(), open_commands_.end(), (int32_t)(&pc - pending_.data())); it != open_commands_.end())
        open_commands_.erase(it);
    const Command cmd = pc.cmd; // copy: Apply may grow pending_
    CommandResult r = CheckAt(cmd, true);
    bool uncoordinated = false;
    if (r.ok()) Apply(cmd, r, uncoordinated);
    if (!r.ok() && (cmd.kind == CommandKind::ReimageHost || cmd.kind == CommandKind::RestoreHost)) {
        // The rebuild could not finish (the backup vanished meanwhile): the host is as it was.
        const HostId h = world_.FindHost(cmd.target);
        if (h != kNone && (world_.hosts[h].state == HostState::Reimaging || world_.hosts[h].state == HostState::Restoring))
            SetHostState(h, HostState::Running, Cause::None);
    }
    Record("command_done", {CommandField("cmd", cmd), {"ok", r.ok()}, {"code", ResultCodeName(r.code)},
                            {"message", r.message}, {"uncoordinated", uncoordinated}});
    if (cmd.ticket >= 0 && cmd.ticket < (int32_t)world_.tickets.size() && world_.tickets[cmd.ticket].to == cmd.team)
        CloseTicket(cmd.ticket, r.ok() ? TicketStatus::Done : TicketStatus::Rejected, cmd.id);
    RefreshContainment();
}

bool Simulation::IsUncoordinated(const Command& cmd) const
{
    if (cmd.emergency) return true;
    if (!Spec(cmd.kind).disruptive || cmd.ticket != kNone) return false;
    Team owner = cmd.team;
    const HostId h = world_.FindHost(cmd.target);
    const ServiceId s = world_.FindService(cmd.target);
    if (h != kNone) owner = world_.hosts[h].owner;
    else if (s != kNone) owner = world_.services[s].owner;
    if (owner == cmd.team) return false;
    // Telling the owner first counts: a message to them (or the war room) naming the target,
    // sent in the last four hours before the command was posted.
    for (auto it = world_.messages.rbegin(); it != world_.messages.rend() && it->time >= cmd.time - kCoordinationWindow; ++it)
        if (it->from == cmd.team && (!it->to || *it->to == owner) && it->time <= cmd.time &&
            it->text.find(cmd.target) != std::string::npos)
            return false;
    return true;
}

// [SECTION] Checks

namespace {
CommandResult Refuse(ResultCode code, std::string message) { return CommandResult{code, std::move(message), 0}; }
bool IsNumber(const std::string& s)
{
    return !s.empty() && s.size() < 10 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}
} // namespace

CommandResult Simulation::CheckAt(const Command& cmd, bool at_completion) const
{
    const CommandSpec& spec = Spec(cmd.kind);
    const Team team = cmd.team;
    if (team == Team::Attacker || team == Team::Engine) return Refuse(ResultCode::Permission, "only teams issue commands");
    if (!at_completion) {
        const bool allowed = (team == Team::ITOps && spec.itops) || (team == Team::SecOps && spec.secops) ||
                             (team == Team::Facilitator && spec.facilitator);
        if (!allowed) {
            std::string who = !spec.itops && !spec.secops ? "the facilitator"
                              : spec.itops && !spec.secops ? "ITOps"
                              : spec.secops && !spec.itops ? "SecOps"
                                                           : "the teams";
            return Refuse(ResultCode::Permission, std::string("only ") + who + " can " + spec.name +
                                                      (team == Team::SecOps && spec.itops
                                                           ? ": ask ITOps with request_action"
                                                           : ""));
        }
        if (!cmd.role.empty()) {
            const RoleSpec* role = FindRole(cmd.role);
            if (!role || role->team != team)
                return Refuse(ResultCode::Invalid, "'" + cmd.role + "' is not a role of the " + TeamName(team) + " team");
            if (!RoleMay(*role, cmd.kind))
                return Refuse(ResultCode::Permission, std::string("a ") + role->title + " cannot " + spec.name +
                                                          (cmd.kind == CommandKind::ApproveChange ? ": the IT operations manager approves changes"
                                                                                                  : ": ask your manager"));
        }
        if (cmd.ticket != kNone) {
            // Naming a ticket says "this is what you asked for": it must be so.
            const bool valid = cmd.ticket >= 0 && cmd.ticket < (int32_t)world_.tickets.size();
            const Ticket* t = valid ? &world_.tickets[cmd.ticket] : nullptr;
            if (!t) return Refuse(ResultCode::UnknownTarget, "there is no ticket " + std::to_string(cmd.ticket));
            if (t->to != team) return Refuse(ResultCode::Invalid, "ticket " + std::to_string(cmd.ticket) + " is addressed to " + TeamName(t->to));
            if (t->status != TicketStatus::Open) return Refuse(ResultCode::Precondition, "ticket " + std::to_string(cmd.ticket) + " is already closed");
            if (cmd.kind != CommandKind::CloseTicket && (t->action != spec.name || t->target != cmd.target))
                return Refuse(ResultCode::Invalid, "ticket " + std::to_string(cmd.ticket) + " asked for " + t->action + " " + t->target +
                                                       ", not " + spec.name + " " + cmd.target);
        }
        if (cmd.emergency && !spec.change)
            return Refuse(ResultCode::Invalid, std::string(spec.name) + " is not a change: it cannot be an emergency change");
        // Duplicate: the same action on the same target already in flight for this team.
        for (const int32_t i : open_commands_) {
            const PendingCommand& pc = pending_[i];
            if (pc.cmd.kind == cmd.kind && pc.cmd.target == cmd.target && pc.cmd.team == team && DurationOf(cmd.kind) > 0)
                return Refuse(ResultCode::Duplicate, std::string(spec.name) + " " + cmd.target +
                                                         " is already under way (command " + std::to_string(pc.cmd.id) + ")");
        }
    }
    const World& w = world_;
    auto host_of = [&](HostId& h) -> CommandResult {
        h = w.FindHost(cmd.target);
        if (h == kNone) return Refuse(ResultCode::UnknownTarget, "there is no host '" + cmd.target + "'");
        return {};
    };
    // On production hosts, SecOps may isolate only as an emergency change.
    auto production_rule = [&](HostId h) -> CommandResult {
        if (at_completion || team != Team::SecOps || !w.hosts[h].production || cmd.emergency) return {};
        return Refuse(ResultCode::Permission, w.hosts[h].id + " is a production host: ITOps owns changes on it. "
                                              "Ask ITOps (request_action), or make it an emergency change.");
    };
    HostId h = kNone;
    switch (cmd.kind) {
    case CommandKind::TriageAlert: {
        if (!IsNumber(cmd.target) || std::stoll(cmd.target) >= (long long)w.alerts.size())
            return Refuse(ResultCode::UnknownTarget, "there is no alert '" + cmd.target + "'");
        const Alert& a = w.alerts[std::stoi(cmd.target)];
        if (a.team != team && !org().shared_tools)
            return Refuse(ResultCode::Permission, "alert " + cmd.target + " is in the " + TeamName(a.team) +
                                                      " team's tool, which your team cannot see");
        if (cmd.value != "true_positive" && cmd.value != "false_positive")
            return Refuse(ResultCode::Invalid, "a triage verdict is true_positive or false_positive");
        if (!at_completion && a.status != AlertStatus::New)
            return Refuse(ResultCode::Precondition, "alert " + cmd.target + " was already triaged");
        return {};
    }
    case CommandKind::InvestigateHost: {
        if (auto r = host_of(h); !r.ok()) return r;
        if (team == Team::SecOps) {
            bool visible = false;
            for (SensorTypeId s : w.hosts[h].sensors)
                if (w.sensor_types[s].team == Team::SecOps) visible = true;
            if (!visible && !org().shared_tools)
                return Refuse(ResultCode::Precondition, cmd.target + " has no EDR or log source SecOps can use: "
                                                                     "ask ITOps to investigate it");
        }
        return {};
    }
    case CommandKind::IsolateHost: {
        if (auto r = host_of(h); !r.ok()) return r;
        if (auto r = production_rule(h); !r.ok()) return r;
        if (w.hosts[h].state == HostState::Isolated) return Refuse(ResultCode::Precondition, cmd.target + " is already isolated");
        if (w.hosts[h].state == HostState::Reimaging) return Refuse(ResultCode::Precondition, cmd.target + " is being reimaged");
        return {};
    }
    case CommandKind::ReleaseHost: {
        // Bringing a host back disrupts nothing: either team may, on any host.
        if (auto r = host_of(h); !r.ok()) return r;
        if (w.hosts[h].state != HostState::Isolated) return Refuse(ResultCode::Precondition, cmd.target + " is not isolated");
        return {};
    }
    case CommandKind::ReimageHost: {
        if (auto r = host_of(h); !r.ok()) return r;
        if (!at_completion && (w.hosts[h].state == HostState::Reimaging || w.hosts[h].state == HostState::Restoring))
            return Refuse(ResultCode::Precondition, cmd.target + " is already being rebuilt");
        return {};
    }
    case CommandKind::RestoreHost: {
        if (auto r = host_of(h); !r.ok()) return r;
        if (!w.hosts[h].backup) return Refuse(ResultCode::Precondition, cmd.target + " has no backup: reimage it instead");
        if (!w.hosts[h].backup_intact)
            return Refuse(ResultCode::Precondition, cmd.target + "'s backup was deleted: reimage it instead");
        if (!at_completion && (w.hosts[h].state == HostState::Reimaging || w.hosts[h].state == HostState::Restoring))
            return Refuse(ResultCode::Precondition, cmd.target + " is already being rebuilt");
        return {};
    }
    case CommandKind::PatchHost: {
        if (auto r = host_of(h); !r.ok()) return r;
        bool found = false;
        for (int32_t v : w.hosts[h].vulns)
            if (cmd.value.empty() || w.vulns[v].id == cmd.value) found = true;
        if (!found)
            return Refuse(ResultCode::Precondition, cmd.target + (cmd.value.empty() ? " has nothing to patch"
                                                                                    : " is not vulnerable to " + cmd.value));
        if (w.hosts[h].state != HostState::Running && w.hosts[h].state != HostState::Isolated)
            return Refuse(ResultCode::Precondition, cmd.target + " is " + HostStateName(w.hosts[h].state) + ": it cannot be patched now");
        return {};
    }
    case CommandKind::ResetCredential:
    case CommandKind::DisableAccount: {
        const IdentityId id = w.FindIdentity(cmd.target);
        if (id == kNone) return Refuse(ResultCode::UnknownTarget, "there is no account '" + cmd.target + "'");
        if (cmd.kind == CommandKind::DisableAccount && w.identities[id].disabled && !at_completion)
            return Refuse(ResultCode::Precondition, cmd.target + " is already disabled");
        return {};
    }
    case CommandKind::BlockIndicator:
        if (cmd.target.empty() || cmd.target.size() > 253)
            return Refuse(ResultCode::Invalid, "name the domain or IP address to block");
        if (!at_completion && std::find(w.blocked_indicators.begin(), w.blocked_indicators.end(), cmd.target) !=
                                  w.blocked_indicators.end())
            return Refuse(ResultCode::Precondition, cmd.target + " is already blocked");
        return {};
    case CommandKind::TakeServiceOffline:
    case CommandKind::BringServiceOnline:
    case CommandKind::FailoverService: {
        const ServiceId s = w.FindService(cmd.target);
        if (s == kNone) return Refuse(ResultCode::UnknownTarget, "there is no service '" + cmd.target + "'");
        const Service& sv = w.services[s];
        if (cmd.kind == CommandKind::TakeServiceOffline && sv.offline)
            return Refuse(ResultCode::Precondition, sv.name + " is already offline");
        if (cmd.kind == CommandKind::BringServiceOnline && !sv.offline)
            return Refuse(ResultCode::Precondition, sv.name + " was not taken offline");
        if (cmd.kind == CommandKind::FailoverService && sv.standby.empty())
            return Refuse(ResultCode::Precondition, sv.name + " has no standby to fail over to");
        if (cmd.kind == CommandKind::FailoverService && sv.failed_over)
            return Refuse(ResultCode::Precondition, sv.name + " already runs on its standby");
        return {};
    }
    case CommandKind::DeclareIncident:
        for (const auto& a : cmd.assets)
            if (w.FindHost(a) == kNone) return Refuse(ResultCode::UnknownTarget, "there is no host '" + a + "'");
        return {};
    case CommandKind::NotifyAuthority:
        if (cmd.value == "nis2" && (cmd.text == "early_warning" || cmd.text == "notification" || cmd.text == "final_report"))
            return {};
        if (cmd.value == "gdpr" && cmd.text == "notification") return {};
        return Refuse(ResultCode::Invalid, "notify nis2 (early_warning, notification or final_report) or gdpr (notification)");
    case CommandKind::RequestAction: {
        const auto kind = ParseCommandKind(cmd.value);
        if (!kind) return Refuse(ResultCode::Invalid, "'" + cmd.value + "' is not an action that can be requested");
        if (team == Team::Facilitator) return Refuse(ResultCode::Permission, "the facilitator does not request actions");
        return {};
    }
    case CommandKind::ApproveChange: {
        for (const int32_t i : open_commands_) // waiting for approval: not done
            if (pending_[i].awaiting_approval && std::to_string(pending_[i].cmd.id) == cmd.target) return {};
        return Refuse(ResultCode::Precondition, "no change " + cmd.target + " is waiting for approval");
    }
    case CommandKind::SendMessage:
        if (cmd.text.empty()) return Refuse(ResultCode::Invalid, "the message is empty");
        if (!cmd.value.empty() && !ParseTeam(cmd.value)) return Refuse(ResultCode::Invalid, "send to itops, secops or the war room");
        return {};
    case CommandKind::AddNote:
        if (cmd.text.empty()) return Refuse(ResultCode::Invalid, "the note is empty");
        return {};
    case CommandKind::SetAutopilot: {
        const auto seat = ParseTeam(cmd.target);
        if (!seat || (*seat != Team::ITOps && *seat != Team::SecOps))
            return Refuse(ResultCode::UnknownTarget, "hand which seat to its autopilot: itops or secops");
        if (cmd.value != "on" && cmd.value != "off") return Refuse(ResultCode::Invalid, "set_autopilot takes value on or off");
        if (!at_completion && AutopilotOn(*seat) == (cmd.value == "on"))
            return Refuse(ResultCode::Precondition, std::string("the ") + TeamName(*seat) + " autopilot is already " + cmd.value);
        return {};
    }
    case CommandKind::FireInject: {
        const auto& injects = scenario_.injects;
        for (size_t i = 0; i < injects.size(); ++i) {
            if (std::to_string(injects[i].number) != cmd.target) continue;
            if (i < injects_.status.size() && injects_.status[i].delivered && !at_completion)
                return Refuse(ResultCode::Precondition, "inject " + cmd.target + " was already delivered at t=" +
                                                            std::to_string(injects_.status[i].delivered_at));
            return {};
        }
        return Refuse(ResultCode::UnknownTarget, "the MSEL has no inject '" + cmd.target + "'");
    }
    case CommandKind::RollbackUpdate: {
        const int32_t e = FindOperationsEvent(scenario_, cmd.target);
        if (e == kNone) return Refuse(ResultCode::UnknownTarget, "there is no update '" + cmd.target + "' to roll back");
        const OperationsState& st = w.operations[e];
        if (!st.happened) return Refuse(ResultCode::Precondition, "update '" + cmd.target + "' has not caused anything: nothing to roll back");
        if (scenario_.operations_events[e].fix != OpsFix::Rollback)
            return Refuse(ResultCode::Precondition, "'" + cmd.target + "' is not an update that can be rolled back: its hosts come back by themselves");
        if (st.rolled_back) return Refuse(ResultCode::Precondition, "update '" + cmd.target + "' is already rolled back");
        // The EDR is SecOps' tool: ITOps rolls its content back only when SecOps asked for it (the
        // ticket check above makes sure a named ticket asks for exactly this).
        if (!at_completion && cmd.ticket == kNone)
            return Refuse(ResultCode::Permission, "the EDR is SecOps' tool: SecOps must agree to the rollback of '" + cmd.target +
                                                      "' (they request it: request_action rollback_update " + cmd.target +
                                                      "), then name their ticket");
        return {};
    }
    case CommandKind::CloseTicket: {
        if (!IsNumber(cmd.target) || std::stoll(cmd.target) >= (long long)w.tickets.size())
            return Refuse(ResultCode::UnknownTarget, "there is no ticket '" + cmd.target + "'");
        const Ticket& t = w.tickets[std::stoi(cmd.target)];
        if (t.to != team) return Refuse(ResultCode::Permission, "ticket " + cmd.target + " is addressed to " + TeamName(t.to));
        if (t.status != TicketStatus::Open) return Refuse(ResultCode::Precondition, "ticket " + cmd.target + " is already closed");
        if (cmd.value != "done" && cmd.value != "rejected") return Refuse(ResultCode::Invalid, "close a ticket as done or rejected");
        return {};
    }
    case CommandKind::Count: break;
    }
    return Refuse(ResultCode::Invalid, "unknown command");
}

// [SECTION] Effects

void Simulation::Apply(const Command& cmd, CommandResult& r, bool& uncoordinated)
{
    World& w = world_;
    uncoordinated = IsUncoordinated(cmd);
    const HostId h = w.FindHost(cmd.target);
    switch (cmd.kind) {
    case CommandKind::TriageAlert: {
        Alert& a = w.alerts[std::stoi(cmd.target)];
        a.status = cmd.value == "true_positive" ? AlertStatus::TruePositive : AlertStatus::FalsePositive;
        a.triaged_at = now_;
        r.message = "alert " + cmd.target + " marked " + cmd.value;
        break;
    }
    case CommandKind::InvestigateHost: {
        const Host& host = w.hosts[h];
        Finding f;
        f.time = now_;
        f.host = h;
        f.compromised = host.compromise > 0;
        f.persistence = host.persistence;
        if (f.compromised) {
            for (IdentityId id = 0; id < (IdentityId)w.identities.size(); ++id)
                for (HostId c : w.identities[id].cached_on)
                    if (c == h) f.credentials_exposed.push_back(id);
            if (w.attacker.c2_established && w.attacker.c2_index < (int)scenario_.campaign.c2_indicators.size())
                f.indicators.push_back(scenario_.campaign.c2_indicators[w.attacker.c2_index]);
            for (StoreId s = 0; s < (StoreId)w.stores.size(); ++s)
                if (w.stores[s].host == h && w.stores[s].staged > 0) f.data_touched.push_back(s);
            f.linked_hosts = LinkedHosts(w, h);
        }
        std::string msg = host.id + (f.compromised ? (host.compromise > 1 ? ": compromised (admin level)" : ": compromised (user level)")
                                                   : ": no sign of compromise");
        if (f.persistence) msg += "; persistence found";
        if (!f.credentials_exposed.empty()) {
            msg += "; credentials exposed:";
            for (IdentityId id : f.credentials_exposed) msg += " " + w.identities[id].id;
        }
        for (const auto& i : f.indicators) msg += "; C2 to " + i;
        for (StoreId s : f.data_touched) msg += "; data staged from " + w.stores[s].id + (w.stores[s].personal_data ? " (personal data)" : "");
        if (!f.linked_hosts.empty()) {
            msg += "; logons linked to:";
            for (HostId l : f.linked_hosts) msg += " " + w.hosts[l].id;
        }
        r.message = msg;
        w.KnowledgeOf(cmd.team).findings.push_back(f);
        if (org().shared_tools) w.KnowledgeOf(cmd.team == Team::ITOps ? Team::SecOps : Team::ITOps).findings.push_back(f);
        break;
    }
    case CommandKind::IsolateHost:
        SetHostState(h, HostState::Isolated, Cause::Defender);
        r.message = cmd.target + " isolated";
        break;
    case CommandKind::ReleaseHost:
        SetHostState(h, HostState::Running, Cause::None);
        r.message = cmd.target + " back on the network";
        break;
    case CommandKind::ReimageHost: {
        Host& host = w.hosts[h];
        if (host.compromise > 0) SetCompromise(h, 0, "reimaged");
        host.persistence = false;
        if (host.encrypted) SetEncrypted(h, false);
        SetHostState(h, HostState::Running, Cause::None);
        r.message = cmd.target + " rebuilt from the golden image";
        break;
    }
    case CommandKind::RestoreHost: {
        Host& host = w.hosts[h];
        if (host.encrypted) SetEncrypted(h, false);
        // The backup holds the implant if the attacker made it persistent before the backup ran.
        if (host.compromise > 0 && !host.persistence) SetCompromise(h, 0, "restored");
        SetHostState(h, HostState::Running, Cause::None);
        r.message = cmd.target + " restored from backup";
        break;
    }
    case CommandKind::PatchHost: {
        Host& host = w.hosts[h];
        double fail = 0;
        for (int32_t v : host.vulns)
            if (cmd.value.empty() || w.vulns[v].id == cmd.value) fail = std::max(fail, w.vulns[v].patch_fail_prob);
        if (cmd.emergency) fail = std::min(1.0, fail * 2);
        if (fail > 0 && rng_.Chance(fail)) {
            SetHostState(h, HostState::Down, Cause::Defender);
            r.code = ResultCode::Precondition;
            r.message = "the patch failed and " + cmd.target + " did not come back up: reimage or restore it";
            break;
        }
        std::erase_if(host.vulns, [&](int32_t v) { return cmd.value.empty() || w.vulns[v].id == cmd.value; });
        r.message = cmd.target + " patched";
        break;
    }
    case CommandKind::ResetCredential: {
        const IdentityId id = w.FindIdentity(cmd.target);
        w.identities[id].generation++;
        Record("credential", {{"identity", cmd.target}, {"event", "reset"}});
        r.message = cmd.target + "'s credential reset";
        break;
    }
    case CommandKind::DisableAccount: {
        const IdentityId id = w.FindIdentity(cmd.target);
        w.identities[id].disabled = true;
        Record("credential", {{"identity", cmd.target}, {"event", "disabled"}});
        r.message = cmd.target + " disabled";
        break;
    }
    case CommandKind::BlockIndicator:
        w.blocked_indicators.push_back(cmd.target);
        AttackerIndicatorBlocked(*this, cmd.target);
        r.message = cmd.target + " blocked at the perimeter";
        break;
    case CommandKind::TakeServiceOffline:
        w.services[w.FindService(cmd.target)].offline = true;
        RefreshServices();
        r.message = cmd.target + " taken offline";
        break;
    case CommandKind::BringServiceOnline:
        w.services[w.FindService(cmd.target)].offline = false;
        RefreshServices();
        r.message = cmd.target + " back online";
        break;
    case CommandKind::FailoverService:
        w.services[w.FindService(cmd.target)].failed_over = true;
        RefreshServices();
        r.message = cmd.target + " moved to its standby";
        break;
    case CommandKind::DeclareIncident:
        w.incidents.push_back(Incident{(int)w.incidents.size() + 1, now_, cmd.team, cmd.assets, cmd.text});
        r.message = "incident " + std::to_string(w.incidents.size()) + " declared";
        break;
    case CommandKind::NotifyAuthority:
        w.notifications.push_back(Notification{now_, cmd.team, cmd.value, cmd.text});
        r.message = cmd.value + " " + cmd.text + " sent";
        break;
    case CommandKind::RequestAction: {
        const Team to = cmd.team == Team::ITOps ? Team::SecOps : Team::ITOps;
        const TicketId t = OpenTicket(cmd.team, to, cmd.value, cmd.target, cmd.text);
        r.message = "ticket " + std::to_string(t) + " opened for " + TeamName(to);
        break;
    }
    case CommandKind::ApproveChange:
        for (size_t i = 0; i < pending_.size(); ++i)
            if (std::to_string(pending_[i].cmd.id) == cmd.target && pending_[i].awaiting_approval) {
                pending_[i].awaiting_approval = false;
                Record("change_approved", {{"id", pending_[i].cmd.id}, {"by", TeamName(cmd.team)}});
                StartWork((int32_t)i);
            }
        r.message = "change " + cmd.target + " approved";
        break;
    case CommandKind::SendMessage: {
        Message m{now_, cmd.team, std::nullopt, cmd.text};
        if (!cmd.value.empty()) m.to = ParseTeam(cmd.value);
        w.messages.push_back(m);
        r.message = "sent";
        break;
    }
    case CommandKind::AddNote:
        r.message = "noted";
        break;
    case CommandKind::SetAutopilot: {
        const int seat = *ParseTeam(cmd.target) == Team::ITOps ? 0 : 1;
        ++autopilot_generation_[seat];
        if (cmd.value == "on") {
            // A fresh responder, on a generator of its own for this generation: it picks up the backlog.
            autopilots_[seat] = std::make_unique<Autopilot>(*this, seat == 0 ? Team::ITOps : Team::SecOps, scenario_.autopilot[seat],
                                                            autopilot_seeds_[seat] + (uint64_t)autopilot_generation_[seat]);
            Schedule(now_, EventType::AutopilotWake, seat, autopilot_generation_[seat]);
            r.message = std::string("the ") + cmd.target + " seat is played by its autopilot";
        } else {
            autopilots_[seat].reset();
            r.message = std::string("the ") + cmd.target + " seat is back in a player's hands";
        }
        break;
    }
    case CommandKind::FireInject:
        // A script posts with issuer "script..."; anyone else is the facilitator at the console.
        FireInject(std::stoi(cmd.target), cmd.issuer.rfind("script", 0) == 0 ? "script" : "facilitator");
        r.message = "inject " + cmd.target + " delivered";
        break;
    case CommandKind::CloseTicket:
        CloseTicket(std::stoi(cmd.target), cmd.value == "done" ? TicketStatus::Done : TicketStatus::Rejected, cmd.id);
        r.message = "ticket " + cmd.target + " closed";
        break;
    case CommandKind::RollbackUpdate: {
        const int n = OperationsRollback(*this, FindOperationsEvent(scenario_, cmd.target));
        r.message = "update " + cmd.target + " rolled back: " + std::to_string(n) + (n == 1 ? " host" : " hosts") + " back up";
        break;
    }
    case CommandKind::Count: break;
    }
}

// [SECTION] State changes with journal records

void Simulation::SetHostState(HostId h, HostState s, Cause cause)
{
    Host& host = world_.hosts[h];
    if (host.state == s && host.down_cause == cause) return;
    host.state = s;
    world_.host_states[h] = s;
    host.down_cause = s == HostState::Running ? Cause::None : cause;
    Record("host", {{"id", host.id}, {"state", HostStateName(s)}, {"encrypted", host.encrypted},
                    {"cause", CauseName(host.encrypted ? Cause::Attacker : host.down_cause)}});
    RefreshServices();
    RefreshContainment();
}

void Simulation::SetEncrypted(HostId h, bool encrypted)
{
    Host& host = world_.hosts[h];
    if (host.encrypted == encrypted) return;
    host.encrypted = encrypted;
    Record("host", {{"id", host.id}, {"state", HostStateName(host.state)}, {"encrypted", encrypted},
                    {"cause", CauseName(encrypted ? Cause::Attacker : host.down_cause)}});
    RefreshServices();
}

void Simulation::SetCompromise(HostId h, int level, const char* cause)
{
    Host& host = world_.hosts[h];
    if (host.compromise == level) return;
    const bool gained = level > host.compromise;
    host.compromise = level;
    if (level == 0) host.persistence = false;
    if (gained) {
        attack_started_ = true;
        Record("foothold", {{"host", host.id}, {"gained", true}, {"level", level}});
    } else {
        Record("foothold", {{"host", host.id}, {"gained", false}, {"cause", cause}});
    }
    RefreshContainment();
}

void Simulation::RefreshServices()
{
    for (auto& s : world_.services) {
        bool up = !s.offline;
        Cause cause = s.offline ? Cause::Defender : Cause::None;
        const auto& hosts = s.failed_over ? s.standby : s.depends_on;
        for (HostId h : hosts) {
            const Host& host = world_.hosts[h];
            if (world_.HostUsable(h)) continue;
            up = false;
            // An encrypted host is the attacker's doing, whatever else is going on.
            const Cause c = host.encrypted ? Cause::Attacker : host.down_cause;
            if (c == Cause::Attacker || cause == Cause::None) cause = c;
        }
        if (up) cause = Cause::None;
        if (s.up != up || s.cause != cause) {
            s.up = up;
            s.cause = cause;
            Record("service", {{"id", s.id}, {"up", up}, {"cause", CauseName(cause)}});
            // ITOps monitoring watches every business service.
            if (!up && started_)
                for (HostId h : hosts)
                    if (!world_.HostUsable(h)) { EmitSymptom(*this, h, "service " + s.name + " is down", 3, cause == Cause::Attacker); break; }
        }
    }
}

void Simulation::RefreshContainment()
{
    AttackerState& a = world_.attacker;
    int footholds = 0, creds = 0;
    for (const auto& c : a.credentials) {
        const Identity& id = world_.identities[c.identity];
        if (!id.disabled && id.generation == c.generation && id.remote_access) ++creds;
    }
    // Whether there is a live foothold at all: the one found last time is usually still live, so
    // this is O(1) per state change during an attack instead of a scan of every host.
    auto live = [&](HostId h) { return world_.hosts[h].compromise > 0 && world_.hosts[h].state == HostState::Running; };
    const HostId nh = (HostId)world_.hosts.size();
    bool any_live = live_hint_ >= 0 && live_hint_ < nh && live(live_hint_);
    for (HostId h = 0; !any_live && h < nh; ++h)
        if (live(h)) { any_live = true; live_hint_ = h; }
    const bool contained = !any_live && creds == 0;
    if (contained != a.contained) {
        // The record counts them: only now, when containment changes, the full count.
        for (HostId h = 0; h < nh; ++h)
            if (live(h)) ++footholds;
        a.contained = contained;
        Record("attacker", {{"contained", contained}, {"footholds", footholds}, {"credentials", creds}});
    }
}

TicketId Simulation::OpenTicket(Team from, Team to, const std::string& action, const std::string& target,
                                const std::string& reason)
{
    const TicketId id = (TicketId)world_.tickets.size();
    world_.tickets.push_back(Ticket{id, now_, from, to, action, target, reason, TicketStatus::Open, -1});
    world_.KnowledgeOf(to).tickets.push_back(id);
    Record("ticket", {{"id", id}, {"from", TeamName(from)}, {"to", TeamName(to)}, {"action", action},
                      {"target", target}, {"reason", reason}});
    return id;
}

void Simulation::CloseTicket(TicketId id, TicketStatus status, uint64_t command_id)
{
    Ticket& t = world_.tickets[id];
    if (t.status != TicketStatus::Open) return;
    t.status = status;
    t.closed = now_;
    Record("ticket_closed", {{"id", id}, {"status", status == TicketStatus::Done ? "done" : "rejected"}, {"command", command_id}});
}

void Simulation::QueueAlert(Alert alert, SimTime at)
{
    pending_alerts_.push_back(std::move(alert));
    Schedule(at, EventType::AlertDue, (int32_t)pending_alerts_.size() - 1);
}

// [SECTION] State hash

uint64_t Simulation::StateHash() const
{
    Hasher h;
    h.I64(now_);
    for (int i = 0; i < 4; ++i) h.U64(rng_.State()[i]);
    for (const auto& host : world_.hosts) {
        h.U64((uint64_t)host.state | (uint64_t)host.down_cause << 8 | (uint64_t)host.encrypted << 16 |
              (uint64_t)host.compromise << 24 | (uint64_t)host.persistence << 32 | (uint64_t)host.backup_intact << 40);
        h.U64(host.vulns.size());
    }
    for (const auto& s : world_.services) h.U64((uint64_t)s.up | s.offline << 1 | s.failed_over << 2 | (uint64_t)s.cause << 8);
    for (const auto& id : world_.identities) h.U64((uint64_t)id.disabled | (uint64_t)id.generation << 1);
    for (const auto& d : world_.stores) { h.I64(d.staged); h.I64(d.exfiltrated); }
    h.U64(world_.alerts.size());
    for (const auto& a : world_.alerts) h.U64((uint64_t)a.status | (uint64_t)a.host << 8);
    for (const auto& t : world_.tickets) { h.U64((uint64_t)t.status); h.I64(t.closed); }
    h.U64(world_.incidents.size());
    h.U64(world_.notifications.size());
    h.U64(world_.messages.size());
    for (const auto& b : world_.blocked_indicators) h.Str(b);
    const AttackerState& a = world_.attacker;
    h.U64((uint64_t)a.stage | (uint64_t)a.finished << 16 | (uint64_t)a.gave_up << 17 | (uint64_t)a.contained << 18 |
          (uint64_t)a.c2_established << 19 | (uint64_t)a.c2_blocked << 20 | (uint64_t)a.returning << 21 | (uint64_t)a.c2_index << 24);
    for (const auto& c : a.credentials) h.U64((uint64_t)c.identity << 16 | (uint64_t)c.generation);
    h.I64(a.current);
    for (const auto& o : world_.operations) h.U64((uint64_t)o.happened | (uint64_t)o.rolled_back << 1 | (uint64_t)o.recovered << 2);
    h.U64(next_command_id_);
    h.U64(journal_.Size());
    return h.Value();
}

std::string Simulation::StateHashHex() const
{
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", (unsigned long long)StateHash());
    return buf;
}

} // namespace bd
