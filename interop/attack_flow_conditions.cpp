// attack_flow_conditions.cpp: an Attack Flow's conditions mapped onto the campaign the engine plays
// (attack_flow_parts.h, FlowMapConditions; docs/formats.md, "Attack Flow 2.0", "Conditions").
//
// The engine's campaign is one sequence of stages. What it can express of a branch: a stage acts
// only on what the attacker holds (a foothold, a stolen credential, data staged, a C2 channel, a
// path), and a stage with nothing to act on is skipped after its attempts; and each stage has a
// success chance and a number of attempts, after which it is skipped. It has no "either this way or
// that one", and no test on a STIX pattern. So:
// - a condition whose words test something the attacker holds is tested by the engine itself: the
//   stages of its ways act only when the attacker holds it;
// - a condition with both ways and no test the engine tracks is decided by chance: the first stage
//   of each way (one no other arrow leads into) is tried once, at half its usual chance;
// - a condition with only its true way is the way the incident went: it is played.
// Each is one line of the facilitator notes; a branch is a warning (flow.028 or flow.032).
#include "attack_flow_parts.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

namespace bd::flow_detail {

namespace {

std::string FlowCondLower(std::string s)
{
    for (auto& c : s) c = (char)std::tolower((unsigned char)c);
    return s;
}

bool FlowCondHasAny(const std::string& low, std::initializer_list<const char*> words)
{
    return std::any_of(words.begin(), words.end(), [&](const char* w) { return low.find(w) != std::string::npos; });
}

std::string FlowCondName(const json& o)
{
    const std::string n = Str(o, "name");
    return n.empty() ? Str(o, "id") : n;
}

std::string FlowCondChance(double p)
{
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.2f", p);
    return buf;
}

// The names of `actions`, quoted, joined: "'Lateral Movement', 'Data Encrypted for Impact'".
std::string FlowCondNames(const ReadFlow& f, const std::vector<size_t>& actions)
{
    std::string out;
    for (size_t a : actions) out += (out.empty() ? "'" : ", '") + FlowCondName((*f.objects)[a]) + "'";
    return out.empty() ? "no action" : out;
}

} // namespace

std::string FlowConditionHolds(const std::string& text)
{
    const std::string low = FlowCondLower(text);
    if (low.empty()) return "";
    // Exposure first: "exposed to the internet with no password" is a way in, not a credential.
    if (FlowCondHasAny(low, {"exposed", "internet", "public-facing", "publicly", "unpatched", "vulnerab"})) return "an exposed host (a way in)";
    if (FlowCondHasAny(low, {"credential", "password", "hash", "ntlm", "kerberos", "ticket", "token", "admin account", "domain admin", "logon"}))
        return "a stolen credential";
    if (FlowCondHasAny(low, {"staged", "collected", "archived", "exfiltrat", "data copied"})) return "data staged";
    if (FlowCondHasAny(low, {"c2", "command and control", "command-and-control", "beacon", "implant calls"}))
        return "a command-and-control channel";
    if (FlowCondHasAny(low, {"compromis", "foothold", "access to", "gains access", "gained access", "obtained access", "shell", "opens", "executes",
                             "infected", "control of"}))
        return "a foothold on a host";
    return "";
}

void FlowMapConditions(ReadFlow& f, const FlowImport& out, std::vector<FlowStage>& stages, Reporter& rep)
{
    // The stage each action became (by object index), if any.
    auto stage_of = [&](size_t obj) -> FlowStage* {
        const std::string id = Str((*f.objects)[obj], "id");
        for (auto& s : stages)
            if (s.fate < out.actions.size() && out.actions[s.fate].action_id == id) return &s;
        return nullptr;
    };
    f.conditions.clear();
    for (const FlowCondition& c : f.branches) {
        const std::string said = c.description.empty() ? (c.pattern.empty() ? "(a condition without a description)" : c.pattern) : c.description;
        const std::string holds = FlowConditionHolds(c.description + " " + c.pattern);
        const std::string quoted = "condition '" + said + "'";
        const bool both = !c.on_false.empty();
        if (!both) {
            f.conditions.push_back(said + (holds.empty() ? " (the way the incident went: " + FlowCondNames(f, c.on_true) + " played after it)"
                                                         : " (tested by what the attacker holds, " + holds + ": " + FlowCondNames(f, c.on_true) +
                                                               " act only when it does)"));
            continue;
        }
        if (!holds.empty()) {
            rep.Warn(ObjPtr(c.obj, "on_false_refs"), fid::kBranch,
                     quoted + " tests what the attacker holds (" + holds + "): both ways are stages, in the flow's order (true: " +
                         FlowCondNames(f, c.on_true) + "; false: " + FlowCondNames(f, c.on_false) +
                         "); each acts only on what the attacker holds, a stage with nothing to act on is skipped; the campaign has no "
                         "either-or, so the false way is played too when the test holds");
            f.conditions.push_back(said + " (tested by what the attacker holds, " + holds + "; both ways are stages)");
            continue;
        }
        // No test the engine makes (no words it tracks; a STIX pattern is a test on observables it
        // does not evaluate): the way is left to chance, on the first stage of each way.
        std::string gated;
        for (const auto* way : {&c.only_true, &c.only_false}) {
            for (size_t a : *way) {
                FlowStage* s = stage_of(a);
                if (!s) continue;
                const std::string action = s->stage.value("action", "");
                // A failed way in ends the campaign, a pre-attack stage is outside the estate: never left to chance.
                if (action == "initial_access" || action == "reconnaissance" || action == "resource_development") continue;
                const double p = std::round(s->stage.value("success_prob", 0.9) * 50.0) / 100.0; // half, to two places
                s->stage["success_prob"] = p;
                s->stage["max_attempts"] = 1;
                gated += (gated.empty() ? "'" : ", '") + s->stage.value("name", "") + "' (" + (way == &c.only_true ? "true" : "false") +
                         ", " + FlowCondChance(p) + ")";
            }
        }
        const std::string why = c.pattern.empty() ? "gives no test the engine can make" : "tests a STIX pattern, which the engine does not evaluate";
        if (gated.empty()) {
            rep.Warn(ObjPtr(c.obj, "on_false_refs"), fid::kChance,
                     quoted + " " + why + ", and no stage of its ways can be left to chance (each is a way in, reached another way too, or "
                              "not a stage): both ways are stages, in the flow's order (true: " + FlowCondNames(f, c.on_true) + "; false: " +
                         FlowCondNames(f, c.on_false) + ")");
            f.conditions.push_back(said + " (no test; both ways are stages)");
            continue;
        }
        rep.Warn(ObjPtr(c.obj, "on_false_refs"), fid::kChance,
                 quoted + " " + why + ": its ways are taken by chance: the first stage of each is tried once, at half its usual chance: " +
                     gated + "; the stages after them act on what the attacker then holds. The campaign has no either-or: both ways, "
                             "one or neither may be played");
        f.conditions.push_back(said + " (no test: by chance, " + gated + " tried once each)");
    }
}

} // namespace bd::flow_detail
