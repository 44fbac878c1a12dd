// simulation.cpp: the clock, the command path (check, approval, work, completion), state changes
// and their journal records, and the state hash. See simulation.h. The checks and effects of each
// command kind are response/ (command_table.cpp); Start, the event dispatch, who reads a record and
// the end of an exercise are run/dispatch.cpp.
//
// Index:
//   [SECTION] The clock
//   [SECTION] The command path
//   [SECTION] State changes with journal records
//   [SECTION] State hash
#include "sim/simulation.h"

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

// [SECTION] The clock

SimTime Simulation::NextEventTime() const { return queue_.empty() ? -1 : queue_.top_time(); }

void Simulation::AdvanceTo(SimTime t)
{
    RunEvents(t);
    if (!Finished()) now_ = std::max(now_, std::min(t, scenario_.duration_s));
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
    // Shared tools: both teams' queues get every alert; routed symptoms: SecOps gets ITOps' monitoring.
    world_.KnowledgeOf(al.team).alerts.push_back(al.id);
    const bool routed = org().symptoms_to_secops && al.team == Team::ITOps && sensor.symptoms;
    if (org().shared_tools || routed) world_.KnowledgeOf(al.team == Team::ITOps ? Team::SecOps : Team::ITOps).alerts.push_back(al.id);
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

const Runbook* Simulation::RunbookOf(Team team) const
{
    const int seat = team == Team::ITOps ? 0 : team == Team::SecOps ? 1 : -1;
    return seat >= 0 && options_.runbooks[seat] ? &*options_.runbooks[seat] : nullptr;
}

const std::vector<RunbookStepStatus>& Simulation::RunbookProgress(Team team) const
{
    static const std::vector<RunbookStepStatus> kNoSteps;
    const Runbook* rb = RunbookOf(team);
    if (!rb) return kNoSteps;
    return runbook_progress_[team == Team::ITOps ? 0 : 1]; // sized at Start
}

void Simulation::SetRunbookTick(Team team, size_t index, bool tick, Team by, uint64_t command)
{
    const int seat = team == Team::ITOps ? 0 : team == Team::SecOps ? 1 : -1;
    if (seat < 0 || !options_.runbooks[seat]) return;
    NoteRunbookTick(*options_.runbooks[seat], runbook_progress_[seat], index, tick, TeamName(by), now_, command);
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
    if (r.ok()) { // the runbooks' steps it does: the team's own, or the asking team's (runbook.h)
        auto note = [&](Team team, bool asked) {
            const int seat = team == Team::ITOps ? 0 : team == Team::SecOps ? 1 : -1;
            if (seat >= 0 && options_.runbooks[seat])
                NoteRunbookCommand(*options_.runbooks[seat], runbook_progress_[seat], cmd.kind, cmd.target, cmd.value, cmd.text, now_, cmd.id, asked);
        };
        note(cmd.team, false);
        if (cmd.ticket >= 0 && cmd.ticket < (int32_t)world_.tickets.size() && world_.tickets[cmd.ticket].from != cmd.team)
            note(world_.tickets[cmd.ticket].from, true);
    }
    if (cmd.ticket >= 0 && cmd.ticket < (int32_t)world_.tickets.size() && world_.tickets[cmd.ticket].to == cmd.team)
        CloseTicket(cmd.ticket, r.ok() ? TicketStatus::Done : TicketStatus::Rejected, cmd.id,
                    std::string(CommandKindName(cmd.kind)) + (r.ok() ? " done" : " failed") + (r.message.empty() ? "" : ": " + r.message));
    RefreshContainment();
}

bool Simulation::AwaitingApproval(const std::string& command_id) const
{
    for (const int32_t i : open_commands_) // waiting for approval: not done
        if (pending_[i].awaiting_approval && std::to_string(pending_[i].cmd.id) == command_id) return true;
    return false;
}

void Simulation::ApproveWaiting(const std::string& command_id, Team by)
{
    for (size_t i = 0; i < pending_.size(); ++i)
        if (std::to_string(pending_[i].cmd.id) == command_id && pending_[i].awaiting_approval) {
            pending_[i].awaiting_approval = false;
            Record("change_approved", {{"id", pending_[i].cmd.id}, {"by", TeamName(by)}});
            StartWork((int32_t)i);
        }
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
                    if (!world_.HostUsable(h)) { service_monitor(*this, h, "service " + s.name + " is down", 3, cause == Cause::Attacker); break; }
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
    world_.tickets.push_back(Ticket{id, now_, from, to, action, target, reason, TicketStatus::Open, -1, {}});
    world_.KnowledgeOf(to).tickets.push_back(id);
    Record("ticket", {{"id", id}, {"from", TeamName(from)}, {"to", TeamName(to)}, {"action", action},
                      {"target", target}, {"reason", reason}});
    return id;
}

void Simulation::CloseTicket(TicketId id, TicketStatus status, uint64_t command_id, const std::string& answer)
{
    Ticket& t = world_.tickets[id];
    if (t.status != TicketStatus::Open) return;
    t.status = status;
    t.closed = now_;
    t.answer = answer;
    Record("ticket_closed", {{"id", id}, {"status", status == TicketStatus::Done ? "done" : "rejected"}, {"command", command_id},
                             {"answer", answer}});
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
    // Notes change nothing else, but they are part of the exercise (an exercise without any hashes as before).
    for (const auto& n : world_.notes) {
        h.U64((uint64_t)(uint32_t)n.alert << 8 | (uint64_t)n.by << 2 | (uint64_t)n.group << 1 | (uint64_t)n.shared);
        h.I64(n.time);
        h.Str(n.text);
    }
    for (const auto& b : world_.blocked_indicators) h.Str(b);
    // Checklist items the teams ticked (tick_step): a run in which no one ticked one hashes as before.
    for (int seat = 0; seat < 2; ++seat)
        for (size_t i = 0; i < runbook_progress_[seat].size(); ++i)
            if (runbook_progress_[seat][i].ticked_at >= 0) { h.U64((uint64_t)seat << 32 | i); h.I64(runbook_progress_[seat][i].ticked_at); }
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
