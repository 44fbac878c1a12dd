// scenario_loader_injects.cpp: the scenario loader's "injects" (scenario_loader_parts.h,
// docs/authoring.md "injects"): each inject's fields and trigger, then the references between
// injects, the injects nothing can fire, and the loops of after and contingency references.
#include "world/scenario_loader_parts.h"
#include "core/story_clock.h"

#include "world/commands.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace bd {
namespace loader_detail {

// [SECTION] The loader: injects

// An expected action or a watched command: {"kind", "target", "team"}, and with `by`, "by_s".
std::optional<InjectAction> Loader::LoadInjectAction(const json& o, const std::string& p, bool by)
{
    if (by) CheckKeys(o, p, {"kind", "target", "team", "value", "by_s"});
    else CheckKeys(o, p, {"kind", "target", "team", "value"});
    InjectAction a;
    auto kind = GetString(o, p, "kind", true);
    a.target = GetStringOr(o, p, "target", "");
    a.value = GetStringOr(o, p, "value", "");
    bool ok = kind.has_value();
    if (kind && !ParseCommandKind(*kind)) {
        Error(At(p, "kind"), problem::kInjectCommand, "unknown command kind '" + *kind + "'");
        ok = false;
    }
    if (kind) a.kind = *kind;
    if (ok && !a.value.empty() && !CheckInjectValue(a, At(p, "value"))) ok = false;
    if (auto t = GetString(o, p, "team", false)) {
        if (*t != "itops" && *t != "secops" && *t != "facilitator") {
            Error(At(p, "team"), problem::kInjectTeam, "unknown team '" + *t + "' (expected itops, secops or facilitator)");
            ok = false;
        } else {
            a.team = *t;
        }
    }
    if (!ok) return std::nullopt;
    return a;
}

// A value an action names must be one its command kind takes (docs/commands.md), or it could never
// be matched: notify_authority nis2 or gdpr, request_action a command kind, patch_host a vulnerability, ...
bool Loader::CheckInjectValue(const InjectAction& a, const std::string& p)
{
    static const std::map<std::string, std::vector<std::string>> kValues = {
        {"notify_authority", {"nis2", "gdpr"}},          {"triage_alert", {"true_positive", "false_positive"}},
        {"send_message", {"itops", "secops"}},            {"close_ticket", {"done", "rejected"}},
        {"request_action", {}},                           {"patch_host", {}}};
    const auto it = kValues.find(a.kind);
    std::string expected;
    bool ok = false;
    if (it == kValues.end()) {
        expected = a.kind + " takes no value";
    } else if (a.kind == "request_action") {
        ok = ParseCommandKind(a.value).has_value();
        expected = "request_action takes the command kind it asks for, such as reimage_host";
    } else if (a.kind == "patch_host") {
        ok = vuln_index_.count(a.value) > 0;
        expected = "patch_host takes one of the scenario's vulnerabilities";
    } else {
        ok = std::find(it->second.begin(), it->second.end(), a.value) != it->second.end();
        for (const auto& v : it->second) expected += (expected.empty() ? a.kind + " takes " : " or ") + v;
    }
    if (!ok)
        Error(p, problem::kInjectValue, "value '" + a.value + "' can never match: " + expected + " (docs/commands.md)");
    return ok;
}

void Loader::LoadInjects(const json& root)
{
    const json* a = GetArray(root, "", "injects", false);
    if (!a) return;
    auto& injects = S().injects;
    std::map<int, std::string> numbers;    // number -> pointer of its first definition
    std::vector<std::string> pointers;     // of each inject kept
    std::vector<bool> manual; // manual, or with a trigger written (valid or not)
    for (size_t i = 0; i < a->size(); ++i) {
        const std::string p = At("/injects", i);
        const json& o = (*a)[i];
        if (!ExpectType(o, p, json::value_t::object, "an object")) continue;
        CheckKeys(o, p, {"number", "time_s", "when", "manual", "synopsis", "text", "team", "role", "controller", "expected",
                         "expect_within_s", "objective", "contingency", "notes"});
        Inject in;
        const int64_t number = GetCount(o, p, "number", 0, 1, 99999, true);
        if (number <= 0) continue;
        in.number = (int)number;
        if (auto [it, fresh] = numbers.emplace(in.number, At(p, "number")); !fresh) {
            Error(At(p, "number"), problem::kInjectTwice,
                  "inject " + std::to_string(in.number) + " is defined twice (first at " + it->second + ")");
            continue;
        }
        in.synopsis = GetStringOr(o, p, "synopsis", "");
        in.text = GetText(o, p, "text");
        in.controller = GetStringOr(o, p, "controller", "facilitator");
        in.notes = GetText(o, p, "notes");
        in.team = GetStringOr(o, p, "team", "all");
        if (in.team != "itops" && in.team != "secops" && in.team != "facilitator" && in.team != "all") {
            Error(At(p, "team"), problem::kInjectTeam, "unknown team '" + in.team + "' (expected itops, secops, facilitator or all)");
            in.team = "all";
        }
        in.role = GetStringOr(o, p, "role", "");
        if (!in.role.empty()) {
            const RoleSpec* role = FindRole(in.role);
            if (!role || (in.team != "all" && in.team != TeamName(role->team)))
                Error(At(p, "role"), problem::kInjectTeam,
                      "'" + in.role + "' is not a role of " + (in.team == "all" ? std::string("any team") : "the " + in.team + " team") +
                          " (docs/commands.md lists the roles)");
        }
        const bool triggered = LoadInjectTrigger(o, p, in);
        if (const json* e = GetObject(o, p, "expected", false)) {
            in.expected = LoadInjectAction(*e, At(p, "expected"), false);
            if (in.expected && in.expected->team.empty() && (in.team == "itops" || in.team == "secops")) in.expected->team = in.team;
        }
        in.expect_within_s = GetSeconds(o, p, "expect_within_s", in.expect_within_s, SecondsRule::Positive);
        in.objective = GetStringOr(o, p, "objective", "");
        if (!in.objective.empty() &&
            std::find(S().objectives.begin(), S().objectives.end(), in.objective) == S().objectives.end())
            Warn(At(p, "objective"), problem::kInjectObjective,
                 "objective '" + in.objective + "' is not one of metadata.objectives: the after-action report cannot rate it");
        in.contingency = (int)GetCount(o, p, "contingency", 0, 1, 99999);
        if (in.contingency && !o.contains("expected"))
            Error(At(p, "contingency"), problem::kMissing,
                  "inject " + std::to_string(in.number) + " has a contingency but no expected action to miss");
        injects.push_back(std::move(in));
        pointers.push_back(p);
        manual.push_back(triggered); // a broken trigger was reported already
    }
    CheckInjectReferences(pointers, manual);
    CheckInjectLoops(pointers);
    CheckInjectStamps(pointers);
}

// An inject whose text opens with a time of day ("Service desk call, 14:00: '...'") and whose delivery
// time is known before the run (a time_s, or delay_s after such an inject) must arrive at that time of
// the story: the players read both. The same stamp `breachdrill check` reads (core/story_clock.h).
void Loader::CheckInjectStamps(const std::vector<std::string>& pointers)
{
    if (!S().story_start) return;
    const StoryClock clock(S().story_start);
    const auto& injects = S().injects;
    std::map<int, size_t> by_number;
    for (size_t i = 0; i < injects.size(); ++i) by_number.emplace(injects[i].number, i);
    for (size_t i = 0; i < injects.size() && i < pointers.size(); ++i) {
        const auto stamp = TextTimeStamp(injects[i].text);
        if (!stamp) continue;
        // Follow `after` back to a fixed time; a loop (scenario.068) or an unknown inject stops it.
        std::optional<SimTime> at;
        SimTime delay = 0;
        size_t k = i;
        for (size_t steps = 0; steps <= injects.size(); ++steps) {
            const Inject& in = injects[k];
            if (in.trigger == InjectTrigger::Time) { at = in.time_s + delay; break; }
            if (in.trigger != InjectTrigger::AfterInject) break;
            auto it = by_number.find(in.after);
            if (it == by_number.end()) break;
            delay += in.delay_s;
            k = it->second;
        }
        if (!at || *stamp == clock.TimeOfDay(*at)) continue;
        Warn(At(pointers[i], "text"), problem::kInjectStamp,
             "inject " + std::to_string(injects[i].number) + " says " + *stamp + " but arrives at " + clock.At(*at) +
                 ": the players read both (write " + clock.TimeOfDay(*at) + " in the text, or move its time)");
    }
}

// An inject's trigger: time_s, or when with exactly one of after, stage, command, unless, all and any. True
// when the inject is manual or has a trigger written (valid or not: a broken one was reported).
bool Loader::LoadInjectTrigger(const json& o, const std::string& p, Inject& in)
{
    const bool has_time = o.contains("time_s");
    const json* when = GetObject(o, p, "when", false);
    const bool is_manual = GetBool(o, p, "manual", false);
    if (has_time && o.contains("when")) {
        Error(p, problem::kInjectTrigger, "inject " + std::to_string(in.number) + " has both time_s and when: give one");
    } else if (has_time) {
        in.trigger = InjectTrigger::Time;
        in.time_s = GetSeconds(o, p, "time_s", 0, SecondsRule::NonNegative);
    } else if (when) {
        LoadInjectWhen(*when, At(p, "when"), in);
    }
    return is_manual || has_time || o.contains("when");
}

// An inject's "when" (at wp): its one trigger, or all / any of several (LoadInjectCondition), and delay_s.
void Loader::LoadInjectWhen(const json& when, const std::string& wp, Inject& in)
{
    if (when.contains("all") || when.contains("any")) {
        CheckKeys(when, wp, {"all", "any", "delay_s"});
        in.delay_s = GetSeconds(when, wp, "delay_s", 0, SecondsRule::NonNegative);
        int given = 0;
        for (const char* k : {"after", "stage", "command", "unless", "all", "any"}) given += when.contains(k) ? 1 : 0;
        if (given != 1) {
            Error(wp, problem::kInjectTrigger, "when has all or any beside another trigger: put every condition inside one all or any");
            return;
        }
        InjectCondition c;
        if (LoadInjectCondition(when, wp, c, 0)) {
            in.trigger = InjectTrigger::Combined;
            in.condition = std::move(c);
        }
        return;
    }
    CheckKeys(when, wp, {"after", "stage", "command", "unless", "delay_s", "all", "any"});
    int triggers = 0;
    for (const char* k : {"after", "stage", "command", "unless"}) triggers += when.contains(k) ? 1 : 0;
    in.delay_s = GetSeconds(when, wp, "delay_s", 0, SecondsRule::NonNegative);
    if (triggers != 1) {
        Error(wp, problem::kInjectTrigger,
              triggers == 0 ? "when needs one trigger: after, stage, command or unless (or all / any of them)"
                            : "when has more than one trigger (after, stage, command, unless): give one, or combine them with all or any");
        return;
    }
    InjectCondition c;
    if (!LoadInjectCondition(when, wp, c, 0)) return;
    switch (c.kind) {
    case InjectCondition::Kind::AfterInject: in.trigger = InjectTrigger::AfterInject; in.after = c.after; break;
    case InjectCondition::Kind::Stage: in.trigger = InjectTrigger::Stage; in.stage = c.stage; break;
    case InjectCondition::Kind::Command: in.trigger = InjectTrigger::Command; in.watch = c.watch; break;
    case InjectCondition::Kind::Unless: in.trigger = InjectTrigger::Unless; in.watch = c.watch; in.time_s = c.time_s; break;
    default: break;
    }
}

// One condition (at cp) of a when: after, stage, command, unless, or (inside all / any) time_s, and
// all / any of further conditions, at most kInjectConditionDepth levels of them. `depth` counts the
// all / any levels around this condition. False when it cannot be used (the problem was reported).
bool Loader::LoadInjectCondition(const json& c, const std::string& cp, InjectCondition& out, int depth)
{
    using Kind = InjectCondition::Kind;
    if (depth > 0) { // a part of an all / any (the when itself was checked by LoadInjectWhen)
        if (!ExpectType(c, cp, json::value_t::object, "an object")) return false;
        CheckKeys(c, cp, {"after", "stage", "command", "unless", "time_s", "all", "any"});
        int given = 0;
        for (const char* k : {"after", "stage", "command", "unless", "time_s", "all", "any"}) given += c.contains(k) ? 1 : 0;
        if (given != 1) {
            Error(cp, problem::kInjectTrigger,
                  given == 0 ? "a condition needs one of after, stage, command, unless, time_s, all or any"
                             : "a condition has more than one of after, stage, command, unless, time_s, all and any: give one per "
                               "condition, and list them in an all or any");
            return false;
        }
    }
    for (const char* k : {"all", "any"}) {
        if (!c.contains(k)) continue;
        out.kind = std::string(k) == "all" ? Kind::All : Kind::Any;
        const std::string lp = At(cp, k);
        if (depth >= kInjectConditionDepth) {
            Error(lp, problem::kInjectTrigger,
                  "conditions nest too deep: at most " + std::to_string(kInjectConditionDepth) + " levels of all / any");
            return false;
        }
        const json& list = c[k];
        if (!ExpectType(list, lp, json::value_t::array, "an array of conditions")) return false;
        if (list.empty()) {
            Error(lp, problem::kEmptyList, std::string(k) + " needs at least one condition");
            return false;
        }
        bool ok = true;
        for (size_t i = 0; i < list.size(); ++i) {
            InjectCondition part;
            if (LoadInjectCondition(list[i], At(lp, i), part, depth + 1)) out.parts.push_back(std::move(part));
            else ok = false;
        }
        return ok;
    }
    if (c.contains("time_s")) {
        out.kind = Kind::Time;
        out.time_s = GetSeconds(c, cp, "time_s", 0, SecondsRule::NonNegative);
        return true;
    }
    if (c.contains("after")) {
        out.kind = Kind::AfterInject;
        out.after = (int)GetCount(c, cp, "after", 0, 1, 99999);
        return out.after > 0;
    }
    if (c.contains("stage")) {
        out.kind = Kind::Stage;
        const json& sv = c["stage"];
        const auto& stages = S().campaign.stages;
        if (sv.is_string()) {
            for (size_t k = 0; k < stages.size() && out.stage < 0; ++k)
                if (stages[k].name == sv.get<std::string>()) out.stage = (int)k;
            if (out.stage < 0)
                Error(At(cp, "stage"), problem::kInjectStage, "no stage of the campaign is named '" + sv.get<std::string>() + "'" + SuggestStage(sv.get<std::string>()));
        } else if (auto n = Integer(sv, At(cp, "stage"), 0, 100000, "stage")) {
            if (*n >= (int64_t)stages.size())
                Error(At(cp, "stage"), problem::kInjectStage,
                      "stage " + std::to_string(*n) + " does not exist (the campaign has " + std::to_string(stages.size()) +
                          " stages, numbered from 0)");
            else {
                out.stage = (int)*n;
                // People read stages from 1 everywhere (describe, the MSEL, the app): a number here
                // is an index from 0, one off from what the author sees. Say which stage it is.
                Warn(At(cp, "stage"), problem::kInjectStageIndex,
                     "stage " + std::to_string(*n) + " is an index from 0: it is '" + stages[*n].name +
                         "', which describe, the MSEL and the app show as stage " + std::to_string(*n + 1) +
                         "; name the stage instead ({\"stage\": \"" + stages[*n].name + "\"})");
            }
        }
        return out.stage >= 0;
    }
    const bool unless = c.contains("unless");
    const char* key = unless ? "unless" : "command";
    out.kind = unless ? Kind::Unless : Kind::Command;
    const json* a = GetObject(c, cp, key, true);
    if (!a) return false;
    auto act = LoadInjectAction(*a, At(cp, key), unless);
    if (unless) {
        if (!a->contains("by_s")) {
            Error(At(cp, key), problem::kMissing, "required field 'by_s' is missing");
            return false;
        }
        out.time_s = GetSeconds(*a, At(cp, key), "by_s", 0, SecondsRule::NonNegative);
    }
    if (!act) return false;
    out.watch = *act;
    return true;
}

// References between injects (after, contingency), and injects nothing can fire.
void Loader::CheckInjectReferences(const std::vector<std::string>& pointers, const std::vector<bool>& manual)
{
    const auto& injects = S().injects;
    std::map<int, size_t> index;
    for (size_t i = 0; i < injects.size(); ++i) index[injects[i].number] = i;
    std::set<int> contingencies;
    for (size_t i = 0; i < injects.size(); ++i) {
        const Inject& in = injects[i];
        if (in.contingency) {
            contingencies.insert(in.contingency);
            if (!index.count(in.contingency))
                Error(At(pointers[i], "contingency"), problem::kNoInject, "inject " + std::to_string(in.contingency) + " is not defined");
        }
        if (in.trigger == InjectTrigger::AfterInject && in.after && !index.count(in.after))
            Error(At(At(pointers[i], "when"), "after"), problem::kNoInject, "inject " + std::to_string(in.after) + " is not defined");
        if (in.trigger == InjectTrigger::Combined)
            for (int after : InjectConditionAfters(in.condition))
                if (!index.count(after))
                    Error(At(pointers[i], "when"), problem::kNoInject, "inject " + std::to_string(after) + " is not defined");
    }
    for (size_t i = 0; i < injects.size(); ++i) {
        const Inject& in = injects[i];
        if (in.trigger == InjectTrigger::None && !manual[i] && !contingencies.count(in.number))
            Error(pointers[i], problem::kInjectNoTrigger,
                  "inject " + std::to_string(in.number) +
                      " has neither time_s nor when: give one, mark it \"manual\": true, or make it another inject's contingency");
    }
}

// Loops: an inject that fires after itself, or is its own contingency through others.
// Edges: after -> inject, inject -> contingency. An inject is in a loop when its strongly
// connected component has another inject in it, or an edge to itself (Tarjan, iterative: a
// walk from every inject cost n^2, minutes for a hostile chain of 99,999 injects).
void Loader::CheckInjectLoops(const std::vector<std::string>& pointers)
{
    const auto& injects = S().injects;
    std::map<int, std::vector<int>> next;
    for (const auto& in : injects) {
        if (in.contingency) next[in.number].push_back(in.contingency);
        if (in.trigger == InjectTrigger::AfterInject && in.after) next[in.after].push_back(in.number);
        // A combined trigger: a loop through an after in an any could still fire by another part; the
        // check stays conservative and reports it, as a loop an author did not mean is the likelier case.
        if (in.trigger == InjectTrigger::Combined)
            for (int after : InjectConditionAfters(in.condition)) next[after].push_back(in.number);
    }
    std::map<int, int> order, low; // discovery index and low link of each visited number
    std::vector<int> stack;         // Tarjan's stack of open numbers
    std::set<int> on_stack, in_loop;
    int counter = 0;
    for (const auto& root : injects) {
        if (order.count(root.number)) continue;
        std::vector<std::pair<int, size_t>> walk{{root.number, 0}}; // number, next edge to follow
        order[root.number] = low[root.number] = counter++;
        stack.push_back(root.number);
        on_stack.insert(root.number);
        while (!walk.empty()) {
            auto& [n, edge] = walk.back();
            const std::vector<int>& out = next[n];
            if (edge < out.size()) {
                const int m = out[edge++];
                if (m == n) in_loop.insert(n);
                if (!order.count(m)) {
                    order[m] = low[m] = counter++;
                    stack.push_back(m);
                    on_stack.insert(m);
                    walk.push_back({m, 0});
                } else if (on_stack.count(m)) {
                    low[n] = std::min(low[n], order[m]);
                }
                continue;
            }
            const int done = n;
            walk.pop_back();
            if (!walk.empty()) low[walk.back().first] = std::min(low[walk.back().first], low[done]);
            if (low[done] != order[done]) continue;
            std::vector<int> component;
            int m;
            do {
                m = stack.back();
                stack.pop_back();
                on_stack.erase(m);
                component.push_back(m);
            } while (m != done);
            if (component.size() > 1) in_loop.insert(component.begin(), component.end());
        }
    }
    for (size_t i = 0; i < injects.size(); ++i) {
        const int start = injects[i].number;
        if (in_loop.count(start))
            Error(pointers[i], problem::kInjectLoop,
                  "inject " + std::to_string(start) + " leads back to itself through its after and contingency references");
    }
}

} // namespace loader_detail
} // namespace bd
