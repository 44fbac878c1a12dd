// injects.cpp: the MSEL at run time (see injects.h): triggers, delivery, expected actions and
// contingencies. Everything here is driven by the simulation's own events and journal records,
// so a replay delivers the same injects at the same times.
#include "exercise/injects.h"

#include "core/story_clock.h"
#include "sim/simulation.h"

#include <algorithm>
#include <cstdio>

namespace bd {

using nlohmann::json;
using EventType = Simulation::EventType;

const char* InjectOutcomeName(InjectOutcome o)
{
    switch (o) {
    case InjectOutcome::None: return "none";
    case InjectOutcome::Pending: return "pending";
    case InjectOutcome::Met: return "met";
    case InjectOutcome::Missed: return "missed";
    }
    return "?";
}

std::string FormatScenarioTime(SimTime t)
{
    const bool neg = t < 0;
    if (neg) t = -t;
    char buf[48];
    const long long d = t / kDay, h = t % kDay / kHour, m = t % kHour / kMinute, s = t % kMinute;
    if (d > 0) std::snprintf(buf, sizeof buf, "T%s%lldd %02lld:%02lld:%02lld", neg ? "-" : "+", d, h, m, s);
    else std::snprintf(buf, sizeof buf, "T%s%02lld:%02lld:%02lld", neg ? "-" : "+", h, m, s);
    return buf;
}

namespace {

std::string DescribeAction(const InjectAction& a)
{
    std::string out = a.kind;
    if (!a.value.empty()) out += " " + a.value;
    if (!a.target.empty()) out += " " + a.target;
    if (!a.team.empty()) out += " (" + a.team + ")";
    return out;
}

std::string Delay(SimTime d) { return d > 0 ? FormatScenarioTime(d).substr(2) + " after " : ""; }

json ActionJson(const InjectAction& a)
{
    json j = {{"kind", a.kind}, {"target", a.target}, {"team", a.team}};
    if (!a.value.empty()) j["value"] = a.value; // only when given: journals of scenarios without one stay as they were
    return j;
}

bool Matches(const InjectAction& want, const AcceptedCommand& c)
{
    return want.kind == c.kind && (want.target.empty() || want.target == c.target) && (want.team.empty() || want.team == c.team) &&
           (want.value.empty() || want.value == c.value);
}

int IndexOf(const Simulation& sim, int number)
{
    const auto& injects = sim.scenario().injects;
    for (size_t i = 0; i < injects.size(); ++i)
        if (injects[i].number == number) return (int)i;
    return -1;
}

void RecordOutcome(Simulation& sim, int index, bool met, const AcceptedCommand* by)
{
    const Inject& in = sim.scenario().injects[index];
    InjectStatus& st = sim.mutable_injects().status[index];
    st.outcome = met ? InjectOutcome::Met : InjectOutcome::Missed;
    st.outcome_at = sim.Now();
    json rec = {{"number", in.number}, {"met", met}, {"at", sim.Now()}, {"objective", in.objective}};
    if (by) {
        st.command = by->id;
        rec["command"] = by->id;
        rec["command_t"] = by->t;
    }
    sim.Record("inject_outcome", rec);
}

// Whether a combined trigger's condition holds now. Every leaf, once true, stays true (a stage
// reached, a command accepted, an inject delivered, a time passed, a deadline passed without the
// command), so the combination comes true once; the callers evaluate it whenever a leaf can change.
bool ConditionHolds(const Simulation& sim, const InjectCondition& c)
{
    using Kind = InjectCondition::Kind;
    const InjectBook& book = sim.injects();
    switch (c.kind) {
    case Kind::All:
        for (const auto& p : c.parts)
            if (!ConditionHolds(sim, p)) return false;
        return true;
    case Kind::Any:
        for (const auto& p : c.parts)
            if (ConditionHolds(sim, p)) return true;
        return false;
    case Kind::AfterInject: {
        const int i = IndexOf(sim, c.after);
        return i >= 0 && (size_t)i < book.status.size() && book.status[i].delivered;
    }
    case Kind::Stage: return c.stage >= 0 && (size_t)c.stage < book.stages_reached.size() && book.stages_reached[c.stage];
    case Kind::Command:
        for (const auto& a : book.accepted)
            if (Matches(c.watch, a)) return true;
        return false;
    case Kind::Unless:
        if (sim.Now() < c.time_s) return false;
        for (const auto& a : book.accepted)
            if (a.t <= c.time_s && Matches(c.watch, a)) return false;
        return true;
    case Kind::Time: return sim.Now() >= c.time_s;
    }
    return false;
}

// The moments a combined condition's time and unless parts come true, to look at it then.
void ConditionTimes(const InjectCondition& c, std::vector<SimTime>& out)
{
    if (c.kind == InjectCondition::Kind::Time || c.kind == InjectCondition::Kind::Unless) out.push_back(c.time_s);
    for (const auto& p : c.parts) ConditionTimes(p, out);
}

// Combined triggers that have come true since they were last looked at: due delay_s from now.
void CheckCombined(Simulation& sim)
{
    InjectBook& book = sim.mutable_injects();
    const auto& injects = sim.scenario().injects;
    for (size_t i = 0; i < injects.size() && i < book.status.size(); ++i) {
        InjectStatus& st = book.status[i];
        if (injects[i].trigger != InjectTrigger::Combined || st.triggered || st.delivered) continue;
        if (!ConditionHolds(sim, injects[i].condition)) continue;
        st.triggered = true;
        st.due_at = sim.Now() + injects[i].delay_s;
        sim.Schedule(st.due_at, EventType::InjectDue, (int32_t)i);
    }
}

// A command was accepted: triggers that watch for it, and expectations it meets.
void OnAccepted(Simulation& sim, const AcceptedCommand& c)
{
    InjectBook& book = sim.mutable_injects();
    const auto& injects = sim.scenario().injects;
    for (size_t i = 0; i < injects.size(); ++i) {
        const Inject& in = injects[i];
        InjectStatus& st = book.status[i];
        if (in.trigger == InjectTrigger::Command && !st.triggered && Matches(in.watch, c)) {
            st.triggered = true;
            sim.Schedule(sim.Now() + in.delay_s, EventType::InjectDue, (int32_t)i);
        }
        if (in.trigger == InjectTrigger::Unless && !st.triggered && sim.Now() <= in.time_s && Matches(in.watch, c))
            st.unless_satisfied = true;
        if (st.outcome == InjectOutcome::Pending && in.expected && Matches(*in.expected, c)) RecordOutcome(sim, (int)i, true, &c);
    }
    CheckCombined(sim);
}

} // namespace

std::string DescribeInjectCondition(const InjectCondition& c, const Scenario& scenario)
{
    using Kind = InjectCondition::Kind;
    const StoryClock clock(scenario.story_start);
    switch (c.kind) {
    case Kind::All:
    case Kind::Any: {
        std::string out = c.kind == Kind::All ? "all of [" : "any of [";
        for (size_t i = 0; i < c.parts.size(); ++i) out += (i ? "; " : "") + DescribeInjectCondition(c.parts[i], scenario);
        return out + "]";
    }
    case Kind::AfterInject: return "inject " + std::to_string(c.after) + " delivered";
    case Kind::Stage: {
        const auto& stages = scenario.campaign.stages;
        const std::string name = c.stage >= 0 && c.stage < (int)stages.size() ? stages[c.stage].name : "?";
        return "attacker stage " + std::to_string(c.stage + 1) + " (" + name + ")";
    }
    case Kind::Command: return DescribeAction(c.watch) + " done";
    case Kind::Unless: return "no " + DescribeAction(c.watch) + " by " + clock.At(c.time_s);
    case Kind::Time: return "from " + clock.At(c.time_s);
    }
    return "?";
}

std::string DescribeInjectAction(const Inject& in) { return in.expected ? DescribeAction(*in.expected) : ""; }

std::string DescribeInjectTiming(const Inject& in, const Scenario& scenario)
{
    switch (in.trigger) {
    case InjectTrigger::Time: return StoryClock(scenario.story_start).At(in.time_s);
    case InjectTrigger::AfterInject: return Delay(in.delay_s) + (in.delay_s > 0 ? "" : "right after ") + "inject " + std::to_string(in.after);
    case InjectTrigger::Stage: {
        std::string name = in.stage >= 0 && in.stage < (int)scenario.campaign.stages.size() ? scenario.campaign.stages[in.stage].name : "?";
        // Counted from 1, as describe and the app count stages for people (the journal's `stage` is this - 1).
        return Delay(in.delay_s) + "attacker stage " + std::to_string(in.stage + 1) + " (" + name + ")";
    }
    case InjectTrigger::Command: return Delay(in.delay_s) + "first " + DescribeAction(in.watch);
    case InjectTrigger::Unless: return StoryClock(scenario.story_start).At(in.time_s) + " unless " + DescribeAction(in.watch) + " by then";
    case InjectTrigger::Combined: return Delay(in.delay_s) + DescribeInjectCondition(in.condition, scenario);
    case InjectTrigger::None: break;
    }
    for (const auto& other : scenario.injects)
        if (other.contingency == in.number) return "contingency of inject " + std::to_string(other.number);
    return "by hand";
}

void InjectsStart(Simulation& sim)
{
    InjectBook& book = sim.mutable_injects();
    const auto& injects = sim.scenario().injects;
    book.status.assign(injects.size(), InjectStatus{});
    book.stages_reached.assign(sim.scenario().campaign.stages.size(), false);
    for (size_t i = 0; i < injects.size(); ++i) {
        if (injects[i].trigger == InjectTrigger::Time || injects[i].trigger == InjectTrigger::Unless)
            sim.Schedule(injects[i].time_s, EventType::InjectDue, (int32_t)i);
        if (injects[i].trigger == InjectTrigger::Combined) {
            // Looked at again at each of its times (and whenever a stage, command or delivery comes).
            std::vector<SimTime> times;
            ConditionTimes(injects[i].condition, times);
            std::sort(times.begin(), times.end());
            times.erase(std::unique(times.begin(), times.end()), times.end());
            for (SimTime t : times) sim.Schedule(t, EventType::InjectDue, (int32_t)i);
        }
    }
}

void InjectsObserve(Simulation& sim, const RecordRef& rec)
{
    InjectBook& book = sim.mutable_injects();
    if (book.status.empty()) return;
    const std::string_view type = rec.type();
    if (type != "command" && type != "command_result" && type != "technique") return;
    const json& r = rec.json();
    if (type == "command") {
        book.last_command = r.value("cmd", json::object());
    } else if (type == "command_result") {
        if (!r.value("ok", false) || !book.last_command.is_object() || r.value("id", (uint64_t)0) != book.last_command.value("id", (uint64_t)0))
            return;
        AcceptedCommand c{book.last_command.value("id", (uint64_t)0), sim.Now(), book.last_command.value("kind", ""),
                          book.last_command.value("team", ""), book.last_command.value("target", ""),
                          book.last_command.value("value", "")};
        book.last_command = nullptr;
        book.accepted.push_back(c);
        OnAccepted(sim, book.accepted.back());
    } else if (type == "technique" && r.value("ok", false)) {
        const int stage = r.value("stage", -1);
        const auto& stages = sim.scenario().campaign.stages;
        // Only the stage's own attempts (not a re-entry logged under the current stage number).
        if (stage < 0 || stage >= (int)stages.size() || r.value("name", "") != stages[stage].name) return;
        if ((size_t)stage < book.stages_reached.size() && !book.stages_reached[stage]) {
            book.stages_reached[stage] = true;
            CheckCombined(sim);
        }
        const auto& injects = sim.scenario().injects;
        for (size_t i = 0; i < injects.size(); ++i)
            if (injects[i].trigger == InjectTrigger::Stage && injects[i].stage == stage && !book.status[i].triggered) {
                book.status[i].triggered = true;
                sim.Schedule(sim.Now() + injects[i].delay_s, EventType::InjectDue, (int32_t)i);
            }
    }
}

void InjectDue(Simulation& sim, int32_t index)
{
    const Inject& in = sim.scenario().injects[index];
    InjectStatus& st = sim.mutable_injects().status[index];
    if (st.delivered) return;
    if (in.trigger == InjectTrigger::Combined) {
        // A look at one of its times; or, once true, its delivery (at due_at: not at a later time's look).
        if (!st.triggered) return CheckCombined(sim);
        if (sim.Now() < st.due_at) return;
    }
    if (in.trigger == InjectTrigger::Unless) {
        st.triggered = true;
        if (st.unless_satisfied) return;
    }
    sim.FireInject(in.number, in.trigger == InjectTrigger::Time ? "schedule" : "condition");
}

void InjectDeadline(Simulation& sim, int32_t index)
{
    const Inject& in = sim.scenario().injects[index];
    if (sim.mutable_injects().status[index].outcome != InjectOutcome::Pending) return;
    RecordOutcome(sim, index, false, nullptr);
    if (in.contingency) sim.FireInject(in.contingency, "condition");
}

bool Simulation::FireInject(int number, const char* by, std::string* why)
{
    const int index = IndexOf(*this, number);
    if (index < 0 || (size_t)index >= injects_.status.size()) {
        if (why) *why = "the MSEL has no inject " + std::to_string(number);
        return false;
    }
    InjectStatus& st = injects_.status[index];
    if (st.delivered) {
        if (why) *why = "inject " + std::to_string(number) + " was already delivered";
        return false;
    }
    if (Finished()) {
        if (why) *why = "the exercise has ended";
        return false;
    }
    const Inject& in = scenario_.injects[index];
    st.delivered = true;
    st.delivered_at = now_;
    st.by = by;
    Record("inject", {{"number", in.number}, {"team", in.team}, {"role", in.role}, {"synopsis", in.synopsis},
                      {"text", in.text}, {"expected", in.expected ? ActionJson(*in.expected) : json(nullptr)},
                      {"objective", in.objective}, {"by", by}});
    // The expected action: already taken counts now; otherwise it has expect_within_s.
    if (in.expected) {
        st.outcome = InjectOutcome::Pending;
        for (const auto& c : injects_.accepted)
            if (Matches(*in.expected, c)) { RecordOutcome(*this, index, true, &c); break; }
        if (st.outcome == InjectOutcome::Pending) Schedule(now_ + in.expect_within_s, EventType::InjectDeadline, index);
    }
    // Injects that follow this one.
    for (size_t i = 0; i < scenario_.injects.size(); ++i) {
        const Inject& next = scenario_.injects[i];
        if (next.trigger == InjectTrigger::AfterInject && next.after == number && !injects_.status[i].triggered) {
            injects_.status[i].triggered = true;
            Schedule(now_ + next.delay_s, EventType::InjectDue, (int32_t)i);
        }
    }
    CheckCombined(*this);
    return true;
}

} // namespace bd
