// attack_flow_graph.cpp: the Attack Flow importer's reading side (attack_flow_parts.h): the bundle
// checked, the graph walked from the attack-flow's start_refs in the flow's order (an AND operator
// waits for all its inputs, an OR for the first; a cycle is broken where it was entered; what
// start_refs never reach comes last), the conditions' two ways found (attack_flow_conditions.cpp
// maps them), and technique ids repaired as real files need.
#include "attack_flow_parts.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace bd::flow_detail {

std::string ObjPtr(size_t i, const std::string& key) { return "/objects/" + std::to_string(i) + (key.empty() ? "" : "/" + key); }

std::string Str(const json& o, const char* key)
{
    if (!o.is_object()) return "";
    auto it = o.find(key);
    if (it == o.end() || !it->is_string()) return "";
    std::string s = it->get<std::string>();
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return "";
    return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

std::vector<std::string> Refs(const json& o, const char* key)
{
    std::vector<std::string> out;
    if (!o.is_object()) return out;
    auto it = o.find(key);
    if (it == o.end() || !it->is_array()) return out;
    for (const auto& r : *it)
        if (r.is_string()) out.push_back(r.get<std::string>());
    return out;
}

int TacticOrder(const std::string& shortname)
{
    const Tactic* t = Catalog().FindTactic(shortname);
    return t ? t->order : 99;
}

std::string ActionTactic(const json& action)
{
    const std::string raw = Str(action, "tactic_id");
    if (raw.empty()) return "";
    std::string low;
    for (char c : raw) low += c == ' ' || c == '_' ? '-' : (char)std::tolower((unsigned char)c);
    for (const auto& t : Catalog().Tactics()) {
        std::string name;
        for (char c : t.name) name += c == ' ' ? '-' : (char)std::tolower((unsigned char)c);
        if (low == t.shortname || low == name) return t.shortname;
        std::string id;
        for (char c : t.id) id += (char)std::tolower((unsigned char)c);
        if (low == id) return t.shortname;
    }
    return "";
}

namespace {

// [SECTION] Technique ids as real files write them

bool FlowIsDigits(const std::string& s, size_t from, size_t n)
{
    if (from + n > s.size()) return false;
    for (size_t i = from; i < from + n; ++i)
        if (!std::isdigit((unsigned char)s[i])) return false;
    return true;
}

// "T1218.011" from "t1218/011", "1598.003", "T1059.001 PowerShell", "T1218,011"; "" when it is no id.
std::string FlowCanonicalId(const std::string& raw, std::string& rest)
{
    std::string s = raw;
    size_t i = 0;
    if (i < s.size() && (s[i] == 'T' || s[i] == 't')) ++i;
    if (!FlowIsDigits(s, i, 4)) return "";
    std::string id = "T" + s.substr(i, 4);
    i += 4;
    if (i < s.size() && (s[i] == '.' || s[i] == '/' || s[i] == ',' || s[i] == '_' || s[i] == '-') && FlowIsDigits(s, i + 1, 3)) {
        id += "." + s.substr(i + 1, 3);
        i += 4;
    }
    rest = s.substr(i);
    return id;
}

// A revoked technique's replacement: ATT&CK's tables here hold only the revoked flag, not the
// revoked-by relation, so the live technique of the same name (how ATT&CK replaced them when it
// moved techniques under others: T1004 Winlogon Helper DLL is T1547.004), one sharing a tactic when
// several have the name. nullptr when there is none.
const Technique* FlowReplacement(const Technique& old)
{
    auto lower = [](std::string s) {
        for (auto& c : s) c = (char)std::tolower((unsigned char)c);
        return s;
    };
    const std::string name = lower(old.name);
    const Technique* only = nullptr;
    int count = 0;
    const Technique* sharing = nullptr;
    for (const auto& t : Catalog().Techniques()) {
        if (t.revoked || t.deprecated || lower(t.name) != name) continue;
        ++count;
        only = &t;
        for (const auto& tac : t.tactics)
            if (!sharing && std::find(old.tactics.begin(), old.tactics.end(), tac) != old.tactics.end()) sharing = &t;
    }
    if (count == 1) return only;
    return sharing;
}

} // namespace

TechniqueFix RepairTechnique(const std::string& raw_in)
{
    TechniqueFix fix;
    // Spaces around an id are a repair like any other: "T1083 " is read as T1083, and said.
    const auto b = raw_in.find_first_not_of(" \t\r\n");
    const std::string raw = b == std::string::npos ? "" : raw_in.substr(b, raw_in.find_last_not_of(" \t\r\n") - b + 1);
    std::string upper;
    for (char c : raw) upper += (char)std::toupper((unsigned char)c);
    if (raw.empty() || upper == "N/A" || upper == "NA" || upper == "NONE" || upper == "UNKNOWN" || upper == "-" || upper == "TBD") {
        fix.problem = fid::kNoTechnique;
        fix.note = raw.empty() ? "no technique" : "technique '" + raw + "' (no technique)";
        return fix;
    }
    std::string rest;
    const std::string id = FlowCanonicalId(raw, rest);
    if (id.empty()) {
        fix.problem = fid::kUnknown;
        fix.note = "technique '" + raw + "' is not an ATT&CK technique id";
        return fix;
    }
    if (id.size() >= 3 && id[1] == '0') { // T0800..T0899: ATT&CK for ICS
        fix.problem = fid::kIcs;
        fix.note = "technique '" + raw + "' is an ATT&CK for ICS technique, not an Enterprise one: the engine simulates Enterprise techniques only";
        return fix;
    }
    const Technique* t = Catalog().FindTechnique(id);
    if (!t) {
        fix.problem = fid::kUnknown;
        fix.note = "technique '" + raw + "' is not in ATT&CK Enterprise v18.1";
        return fix;
    }
    if (id != raw_in) {
        fix.problem = fid::kRepaired;
        fix.note = "technique '" + raw_in + "' read as " + id + " (" + t->name + ")";
    }
    if (t->revoked) {
        const Technique* r = FlowReplacement(*t);
        fix.problem = fid::kRevoked;
        if (!r) {
            fix.note = "technique " + id + " (" + t->name + ") is revoked in ATT&CK v18.1 and no live technique has its name";
            return fix;
        }
        fix.note = "technique " + id + " (" + t->name + ") is revoked in ATT&CK v18.1: played as " + r->id + " (" + r->name +
                   "), the live technique of the same name";
        t = r;
    } else if (t->deprecated) {
        const Technique* parent = t->subtechnique ? Catalog().FindTechnique(id.substr(0, 5)) : nullptr;
        fix.problem = fid::kDeprecated;
        if (!parent || parent->revoked || parent->deprecated) {
            fix.note = "technique " + id + " (" + t->name + ") is deprecated in ATT&CK v18.1 and names no replacement";
            return fix;
        }
        fix.note = "technique " + id + " (" + t->name + ") is deprecated in ATT&CK v18.1: played as its parent " + parent->id + " (" +
                   parent->name + ")";
        t = parent;
    }
    fix.id = t->id;
    fix.tech = t;
    fix.valid = true;
    return fix;
}

namespace {

// [SECTION] The bundle

const std::set<std::string>& FlowCommonKeys()
{
    static const std::set<std::string> k = {"type", "spec_version", "id", "created", "modified", "created_by_ref", "revoked", "labels",
                                            "confidence", "lang", "external_references", "object_marking_refs", "granular_markings",
                                            "extensions"};
    return k;
}

// The properties Attack Flow 2.0 defines for its objects (attack-flow-schema-2.0.0.json).
const std::vector<std::string>* FlowKnownKeys(const std::string& type)
{
    static const std::map<std::string, std::vector<std::string>> k = {
        {"attack-flow", {"name", "description", "scope", "start_refs"}},
        {"attack-action", {"name", "tactic_id", "tactic_ref", "technique_id", "technique_ref", "description", "execution_start",
                           "execution_end", "command_ref", "asset_refs", "effect_refs"}},
        {"attack-asset", {"name", "description", "object_ref"}},
        {"attack-condition", {"description", "pattern", "pattern_type", "pattern_version", "on_true_refs", "on_false_refs"}},
        {"attack-operator", {"operator", "effect_refs"}},
    };
    auto it = k.find(type);
    return it == k.end() ? nullptr : &it->second;
}

// Unknown properties (a warning each: the Builder would refuse them, the importer ignores them)
// and properties of the wrong type (a warning: the property is not used).
void FlowCheckObject(const json& o, size_t i, Reporter& rep)
{
    const std::string type = Str(o, "type");
    const auto* known = FlowKnownKeys(type);
    if (!known) return;
    for (auto it = o.begin(); it != o.end(); ++it) {
        const std::string& k = it.key();
        if (FlowCommonKeys().count(k) || std::find(known->begin(), known->end(), k) != known->end()) {
            const bool is_list = k == "start_refs" || k == "effect_refs" || k == "asset_refs" || k == "on_true_refs" || k == "on_false_refs";
            const bool is_text = k == "name" || k == "description" || k == "technique_id" || k == "tactic_id" || k == "operator" ||
                                 k == "object_ref";
            if ((is_list && !it->is_array()) || (is_text && !it->is_string()))
                rep.Warn(ObjPtr(i, k), fid::kBadValue,
                         "'" + k + "' of " + type + " must be " + (is_list ? "a list of refs" : "a string") + ", got " + it->type_name() +
                             ": it is not used");
            continue;
        }
        rep.Warn(ObjPtr(i, k), fid::kUnknownKey, "unknown property '" + k + "' of " + type + " is ignored");
    }
}

// [SECTION] The walk

struct FlowNodeState {
    std::vector<size_t> out;   // successors (object indices)
    size_t inputs = 0;         // from reachable nodes
    size_t arrived = 0;
    bool is_or = false;
    bool reached = false, done = false, queued = false;
    size_t found = 0;          // discovery order from start_refs
    int rank = 99;             // tactic order for actions; conditions and operators -1 (no time)
};

bool FlowIsNode(const std::string& type) { return type == "attack-action" || type == "attack-condition" || type == "attack-operator"; }

// The successors of node i, in the order the flow lists them (true branch before false).
std::vector<size_t> FlowSuccessors(const ReadFlow& f, size_t i, Reporter& rep)
{
    const json& o = (*f.objects)[i];
    const std::string type = Str(o, "type");
    std::vector<std::pair<const char*, std::vector<std::string>>> lists;
    if (type == "attack-condition") lists = {{"on_true_refs", Refs(o, "on_true_refs")}, {"on_false_refs", Refs(o, "on_false_refs")}};
    else lists = {{"effect_refs", Refs(o, "effect_refs")}};
    std::vector<size_t> out;
    for (const auto& [key, refs] : lists)
        for (size_t r = 0; r < refs.size(); ++r) {
            auto it = f.index.find(refs[r]);
            const std::string ptr = ObjPtr(i, key) + "/" + std::to_string(r);
            if (it == f.index.end()) {
                rep.Warn(ptr, fid::kDangling, "'" + refs[r] + "' is not an object of the bundle: the ref is ignored");
                continue;
            }
            if (!FlowIsNode(Str((*f.objects)[it->second], "type"))) {
                rep.Warn(ptr, fid::kDangling, "'" + refs[r] + "' is not an action, condition or operator: the ref is ignored");
                continue;
            }
            if (std::find(out.begin(), out.end(), it->second) == out.end()) out.push_back(it->second);
        }
    return out;
}

int FlowRank(const json& o)
{
    if (Str(o, "type") != "attack-action") return -1;
    const std::string tactic = ActionTactic(o);
    if (!tactic.empty()) return TacticOrder(tactic);
    const TechniqueFix fix = RepairTechnique(Str(o, "technique_id"));
    if (fix.tech && !fix.tech->tactics.empty()) {
        int best = 99;
        for (const auto& t : fix.tech->tactics) best = std::min(best, TacticOrder(t));
        return best;
    }
    return 99;
}

// Kahn's walk: among the nodes whose inputs have arrived, conditions and operators first (they
// take no time), then the action of the earliest tactic, then the one that became ready first.
void FlowWalk(ReadFlow& f, std::vector<FlowNodeState>& st, const std::vector<size_t>& reached, Reporter& rep)
{
    std::vector<std::pair<size_t, size_t>> ready; // (ready sequence, node)
    size_t seq = 0;
    auto release = [&](size_t n) {
        if (st[n].queued || st[n].done) return;
        st[n].queued = true;
        ready.push_back({seq++, n});
    };
    for (size_t n : reached)
        if (st[n].inputs == 0) release(n);
    size_t left = reached.size();
    while (left > 0) {
        if (ready.empty()) {
            // Only a cycle leaves reachable nodes waiting: enter it where the flow first got to it.
            size_t pick = SIZE_MAX;
            for (size_t n : reached)
                if (!st[n].done && !st[n].queued && (pick == SIZE_MAX || (st[n].arrived > 0) > (st[pick].arrived > 0) ||
                                                     ((st[n].arrived > 0) == (st[pick].arrived > 0) && st[n].found < st[pick].found)))
                    pick = n;
            const json& o = (*f.objects)[pick];
            const std::string name = Str(o, "name").empty() ? Str(o, "id") : Str(o, "name");
            rep.Warn(ObjPtr(pick), fid::kCycle, "the flow's refs go round in a cycle through '" + name + "': it is played from here, once");
            release(pick);
        }
        auto best = ready.begin();
        for (auto it = ready.begin(); it != ready.end(); ++it)
            if (std::make_pair(st[it->second].rank, it->first) < std::make_pair(st[best->second].rank, best->first)) best = it;
        const size_t n = best->second;
        ready.erase(best);
        st[n].done = true;
        --left;
        if (Str((*f.objects)[n], "type") == "attack-action") f.order.push_back(n);
        for (size_t m : st[n].out) {
            if (st[m].done) continue;
            st[m].arrived++;
            if (st[m].arrived >= (st[m].is_or ? std::min<size_t>(1, st[m].inputs) : st[m].inputs)) release(m);
        }
    }
}

} // namespace

bool ReadFlowGraph(const json& root, Reporter& rep, ReadFlow& f)
{
    if (!root.is_object() || Str(root, "type") != "bundle" || !root.contains("objects") || !root["objects"].is_array()) {
        rep.Error("", fid::kNotBundle,
                  root.is_object() && Str(root, "type") == "attack-flow"
                      ? "a lone attack-flow object, not a STIX bundle: an Attack Flow file is a bundle ({\"type\": \"bundle\", \"objects\": [...]})"
                      : "not a STIX 2.1 bundle ({\"type\": \"bundle\", \"objects\": [...]}): not an Attack Flow file");
        return false;
    }
    f.objects = &root["objects"];
    const json& objs = *f.objects;
    bool have_flow = false;
    for (size_t i = 0; i < objs.size(); ++i) {
        const std::string id = Str(objs[i], "id");
        if (!objs[i].is_object()) { rep.Warn(ObjPtr(i), fid::kBadValue, "not a STIX object (expected an object): ignored"); continue; }
        if (id.empty()) continue;
        auto [it, fresh] = f.index.emplace(id, i);
        if (!fresh) rep.Warn(ObjPtr(i, "id"), fid::kDuplicate, "id '" + id + "' is also " + ObjPtr(it->second) + ": this one is ignored");
        FlowCheckObject(objs[i], i, rep);
        if (Str(objs[i], "type") == "attack-flow" && !have_flow && fresh) { f.flow = i; have_flow = true; }
    }
    if (!have_flow) {
        rep.Error("/objects", fid::kNoFlow, "the bundle holds no attack-flow object: a STIX bundle, but not an Attack Flow");
        return false;
    }
    std::vector<FlowNodeState> st(objs.size());
    std::vector<size_t> reached, todo;
    const auto starts = Refs(objs[f.flow], "start_refs");
    for (size_t r = 0; r < starts.size(); ++r) {
        auto it = f.index.find(starts[r]);
        if (it == f.index.end() || !FlowIsNode(Str(objs[it->second], "type"))) {
            rep.Warn(ObjPtr(f.flow, "start_refs") + "/" + std::to_string(r), fid::kDangling,
                     "'" + starts[r] + "' is not an action, condition or operator of the bundle: the ref is ignored");
            continue;
        }
        todo.push_back(it->second);
    }
    // Discovery order: depth first from each start, in the order the flow lists them.
    std::reverse(todo.begin(), todo.end());
    while (!todo.empty()) {
        const size_t n = todo.back();
        todo.pop_back();
        if (st[n].reached) continue;
        st[n].reached = true;
        st[n].found = reached.size();
        reached.push_back(n);
        st[n].out = FlowSuccessors(f, n, rep);
        st[n].is_or = Str(objs[n], "type") == "attack-operator" && Str(objs[n], "operator") == "OR";
        st[n].rank = FlowRank(objs[n]);
        for (auto it = st[n].out.rbegin(); it != st[n].out.rend(); ++it)
            if (!st[*it].reached) todo.push_back(*it);
    }
    for (size_t n : reached)
        for (size_t m : st[n].out) st[m].inputs++;
    FlowWalk(f, st, reached, rep);
    for (size_t i = 0; i < objs.size(); ++i) {
        const std::string type = Str(objs[i], "type");
        if (type == "attack-action" && !st[i].reached && f.index.count(Str(objs[i], "id")) && f.index.at(Str(objs[i], "id")) == i) {
            f.order.push_back(i);
            rep.Warn(ObjPtr(i), fid::kUnreachable,
                     "action '" + Str(objs[i], "name") + "' is not reached from the flow's start_refs: it is played after the others, in file order");
        }
    }
    // The conditions reached, with the actions each way leads to first (operators and conditions
    // between are walked through, each node once).
    for (size_t n : reached) {
        if (Str(objs[n], "type") != "attack-condition") continue;
        FlowCondition c;
        c.obj = n;
        c.description = Str(objs[n], "description");
        c.pattern = Str(objs[n], "pattern");
        auto first_actions = [&](const char* key, std::vector<size_t>& into, std::vector<size_t>& only) {
            std::vector<size_t> todo;
            std::set<size_t> seen;
            for (const auto& r : Refs(objs[n], key))
                if (auto it = f.index.find(r); it != f.index.end() && FlowIsNode(Str(objs[it->second], "type"))) todo.push_back(it->second);
            const size_t direct = todo.size(); // the condition's own arrows
            for (size_t k = 0; k < todo.size(); ++k) {
                const size_t m = todo[k];
                if (m == n || !seen.insert(m).second) continue;
                if (Str(objs[m], "type") == "attack-action") {
                    into.push_back(m);
                    if (st[m].inputs == 1 && k < direct) only.push_back(m); // the condition's own arrow, and no other
                    continue;
                }
                for (size_t next : st[m].out) todo.push_back(next);
            }
        };
        first_actions("on_true_refs", c.on_true, c.only_true);
        first_actions("on_false_refs", c.on_false, c.only_false);
        f.branches.push_back(std::move(c));
    }
    return true;
}

} // namespace bd::flow_detail
