// attack_flow_import.cpp: an Attack Flow becomes a scenario (attack_flow.h). The estate (zones,
// hosts, identities, services, stores, the organisation's profiles) is taken whole from a scenario
// of the library or a file; the flow gives the campaign, its story and its references. Each action
// in the flow's order (attack_flow_graph.cpp) becomes a stage: its technique decides the stage's
// action (by the tactic the flow names, else the technique's own), its assets the hosts it acts on
// (by kind). The result goes through the scenario loader before it is handed back; a target the
// estate cannot give is relaxed, and said (docs/formats.md, "Attack Flow 2.0").
#include "attack_flow_parts.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace bd {

using namespace flow_detail;

bool FlowImport::Ok() const
{
    return !scenario.is_null() && std::none_of(problems.begin(), problems.end(), [](const Problem& p) { return !p.warning; });
}
size_t FlowImport::WithTechnique() const
{
    return (size_t)std::count_if(actions.begin(), actions.end(), [](const FlowActionFate& a) { return a.valid_technique; });
}
size_t FlowImport::StagedWithTechnique() const
{
    return (size_t)std::count_if(actions.begin(), actions.end(), [](const FlowActionFate& a) { return a.valid_technique && a.staged; });
}

namespace {

// [SECTION] The estate

struct FlowEstate {
    std::string label;   // "ransomware-phish" or the path
    json doc;            // its scenario.json
    Scenario scenario;   // loaded at the import's size
    std::set<std::string> kinds;
    bool Has(const std::string& kind) const { return kinds.count(kind) > 0; }
};

std::string FlowReadFile(const std::string& path, std::string& err)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) { err = "cannot be read"; return ""; }
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

bool FlowLoadEstate(const FlowImportOptions& o, FlowEstate& e, Reporter& rep)
{
    e.label = o.estate;
    std::string text, err;
    for (const auto& b : BuiltinScenarios())
        if (o.estate == b.id) text = b.text;
    if (text.empty()) {
        std::error_code ec;
        const std::string path = std::filesystem::is_directory(o.estate, ec) ? o.estate + "/scenario.json" : o.estate;
        text = FlowReadFile(path, err);
        if (!err.empty()) {
            rep.Error("", fid::kEstate, "estate '" + o.estate + "': not a built-in scenario, and " + path + " " + err);
            return false;
        }
    }
    LoadResult r = LoadScenario(o.estate, LoadOptions{1, o.size});
    if (!r.Ok()) {
        std::string first;
        for (const auto& p : r.problems)
            if (!p.warning) { first = p.Format(); break; }
        rep.Error("", fid::kEstate, "estate '" + o.estate + "' does not load: " + first);
        return false;
    }
    e.doc = json::parse(text, nullptr, false);
    if (!e.doc.is_object()) { rep.Error("", fid::kEstate, "estate '" + o.estate + "' is not a JSON object"); return false; }
    e.scenario = std::move(r.scenario);
    for (const auto& h : e.scenario.world.hosts) e.kinds.insert(h.kind);
    return true;
}

const World& EW(const FlowEstate& e) { return e.scenario.world; }

bool FlowExposed(const World& w, const Host& h)
{
    for (size_t z = 0; z < w.zones.size(); ++z)
        if (w.zones[z].internet && w.CanReach((ZoneId)z, h.zone)) return true;
    return false;
}
bool FlowRemoteVuln(const World& w, const Host& h)
{
    return std::any_of(h.vulns.begin(), h.vulns.end(), [&](int32_t v) { return w.vulns[v].remote; });
}

bool FlowIsPhish(const std::string& t) { return t.rfind("T1566", 0) == 0 || t.rfind("T1204", 0) == 0; }
bool FlowIsExploit(const std::string& t) { return t.rfind("T1190", 0) == 0 || t.rfind("T1133", 0) == 0 || t.rfind("T1210", 0) == 0; }

// Can an initial access with this technique land on a host of `kind` ("" any)?
bool FlowCanEnter(const FlowEstate& e, const std::string& technique, const std::string& kind)
{
    const World& w = EW(e);
    for (const auto& h : w.hosts) {
        if (!kind.empty() && h.kind != kind) continue;
        if (FlowIsPhish(technique) ? h.user != kNone : FlowExposed(w, h) && (!FlowIsExploit(technique) || FlowRemoteVuln(w, h))) return true;
    }
    return false;
}

// [SECTION] Assets: what they are, and the host kind that stands for them

std::string FlowLower(std::string s)
{
    for (auto& c : s) c = (char)std::tolower((unsigned char)c);
    return s;
}

// The host kind an asset's words name, "" when none (data, an account of a web service...).
std::string FlowKindOfText(const std::string& text)
{
    const std::string t = " " + FlowLower(text) + " ";
    auto any = [&](std::initializer_list<const char*> words) {
        for (const char* w : words)
            if (t.find(w) != std::string::npos) return true;
        return false;
    };
    if (any({"domain controller", "domain_controller", "active directory", " ad server", " dc "})) return "domain_controller";
    if (any({"backup"})) return "backup";
    if (any({"database", "sql", " db ", "db server"})) return "database";
    if (any({"mail server", "exchange", "e-mail server", "email server", " mail "})) return "mail";
    if (any({"web server", "website", "web site", "wordpress", "blog", "portal", "web application", "webapp", " web "})) return "web";
    if (any({"cloud", "aws", "azure", " s3 ", "bucket", "kubernetes", " k8s", "container", "gcp"})) return "cloud";
    if (any({"workstation", "laptop", "desktop", "endpoint", " pc ", "patient zero", " user"})) return "workstation";
    if (any({"server", " host ", "system"})) return "server";
    return "";
}

// An asset's words: its name and description, and those of what its object_ref names (followed
// through other assets, which real files do, at most 8 deep and never round).
std::string FlowAssetText(const ReadFlow& f, size_t i, Reporter& rep)
{
    std::string text;
    std::set<size_t> seen;
    size_t at = i;
    for (int depth = 0; depth < 8; ++depth) {
        const json& o = (*f.objects)[at];
        seen.insert(at);
        text += " " + Str(o, "name") + " " + Str(o, "description") + " " + Str(o, "account_type") + " " + Str(o, "type");
        const std::string ref = Str(o, "object_ref");
        if (ref.empty()) break;
        auto it = f.index.find(ref);
        if (it == f.index.end()) {
            rep.Warn(ObjPtr(at, "object_ref"), fid::kDangling, "'" + ref + "' is not an object of the bundle: the ref is ignored");
            break;
        }
        if (Str((*f.objects)[it->second], "type") == "attack-asset") {
            if (seen.count(it->second)) break;
            rep.Warn(ObjPtr(at, "object_ref"), fid::kAssetRef,
                     "the asset's object_ref names another asset ('" + Str((*f.objects)[it->second], "name") +
                         "'), not the STIX object it stands for: read as that asset");
        }
        at = it->second;
        if (Str((*f.objects)[at], "type") != "attack-asset") {
            const json& so = (*f.objects)[at];
            text += " " + Str(so, "name") + " " + Str(so, "description") + " " + Str(so, "account_type") + " " + Str(so, "type");
            break;
        }
    }
    return text;
}

// The host kind of an action's first asset that names one the estate has ("" none).
std::string FlowActionKind(const ReadFlow& f, const json& action, size_t ai, const FlowEstate& e, Reporter& rep)
{
    const auto refs = Refs(action, "asset_refs");
    for (size_t r = 0; r < refs.size(); ++r) {
        auto it = f.index.find(refs[r]);
        if (it == f.index.end() || Str((*f.objects)[it->second], "type") != "attack-asset") {
            rep.Warn(ObjPtr(ai, "asset_refs") + "/" + std::to_string(r), fid::kDangling,
                     "'" + refs[r] + "' is not an attack-asset of the bundle: the ref is ignored");
            continue;
        }
        const std::string kind = FlowKindOfText(FlowAssetText(f, it->second, rep));
        if (kind.empty()) continue;
        if (e.Has(kind)) return kind;
        rep.Warn(ObjPtr(ai, "asset_refs") + "/" + std::to_string(r), fid::kNoKind,
                 "asset '" + Str((*f.objects)[it->second], "name") + "' reads as a " + kind + ", and estate '" + e.label +
                     "' has none: the stage takes the estate's own choice of host");
    }
    return "";
}

// [SECTION] Actions: the stage action a technique is played as

struct FlowChoice {
    std::string action;  // "" left out
    const char* problem = nullptr;
    std::string note;
};

bool FlowHas(const Technique& t, const char* tactic) { return std::find(t.tactics.begin(), t.tactics.end(), tactic) != t.tactics.end(); }

// The stage action of each tactic that has one (attacker.cpp plays them).
const char* FlowActionOfTactic(const std::string& tactic)
{
    static const std::map<std::string, const char*> k = {
        {"initial-access", "initial_access"},   {"execution", "execution"},          {"persistence", "persistence"},
        {"privilege-escalation", "privilege_escalation"}, {"credential-access", "credential_access"}, {"discovery", "discovery"},
        {"lateral-movement", "lateral_movement"}, {"command-and-control", "command_and_control"}, {"collection", "collection"},
        {"exfiltration", "exfiltration"},       {"impact", "impact"}};
    auto it = k.find(tactic);
    return it == k.end() ? nullptr : it->second;
}

// Impact as the engine plays it: backups deleted (T1490), or hosts made unusable (encrypted, wiped).
std::string FlowImpactAction(const Technique& t, FlowChoice& c)
{
    static const std::set<std::string> destructive = {"T1485", "T1485.001", "T1486", "T1561", "T1561.001", "T1561.002", "T1529"};
    if (t.id == "T1490") return "inhibit_recovery";
    if (destructive.count(t.id)) return "impact";
    c.problem = fid::kTelemetryOnly;
    c.note = t.id + " (" + t.name + ") is an impact the engine does not model (its impact encrypts or wipes hosts): played as execution, telemetry only";
    return "execution";
}

FlowChoice FlowChooseAction(const Technique& t, const std::string& hint, bool have_way_in)
{
    FlowChoice c;
    const bool pre = std::all_of(t.tactics.begin(), t.tactics.end(), [](const std::string& s) {
        return s == "reconnaissance" || s == "resource-development";
    });
    if (pre && !t.tactics.empty()) {
        // Played before the way in, from outside the estate (engine/attack/pre_attack.h). One that the
        // flow puts after its way in cannot be: the breach has begun.
        const bool recon = FlowHas(t, "reconnaissance");
        if (!have_way_in) { c.action = recon ? "reconnaissance" : "resource_development"; return c; }
        c.problem = fid::kPreAttack;
        c.note = t.id + " (" + t.name + ") is " + (recon ? "reconnaissance" : "resource development") +
                 " after the flow's way in; a pre-attack stage comes before initial access: kept in the facilitator notes, not a stage";
        return c;
    }
    if (!have_way_in && (FlowHas(t, "initial-access") || (hint == "initial-access" && FlowIsPhish(t.id)))) { c.action = "initial_access"; return c; }
    if (!hint.empty() && hint != "initial-access" && FlowHas(t, hint.c_str()) && FlowActionOfTactic(hint)) {
        c.action = hint == "impact" ? FlowImpactAction(t, c) : FlowActionOfTactic(hint);
        return c;
    }
    // The technique's own tactics, the ones that change most first.
    static const char* const kPreference[] = {"credential-access", "lateral-movement", "persistence", "privilege-escalation", "collection",
                                              "exfiltration", "command-and-control", "impact", "discovery", "execution", "initial-access"};
    for (const char* tac : kPreference) {
        if (!FlowHas(t, tac)) continue;
        c.action = std::string(tac) == "impact" ? FlowImpactAction(t, c) : FlowActionOfTactic(tac);
        return c;
    }
    c.action = "execution";
    c.problem = fid::kTelemetryOnly;
    c.note = t.id + " (" + t.name + ") is in no tactic the engine changes the world for (" +
             (t.tactics.empty() ? std::string("none") : t.tactics.front()) + "): played as execution, telemetry only (sensors may still see it)";
    return c;
}

// The technique a tactic-only action is played with: the tactic's most common, plain technique.
const char* FlowTacticDefault(const std::string& tactic)
{
    static const std::map<std::string, const char*> k = {
        {"reconnaissance", "T1595"},  {"resource-development", "T1583"},
        {"initial-access", "T1566"},  {"execution", "T1059"},         {"persistence", "T1053"},        {"privilege-escalation", "T1068"},
        {"defense-evasion", "T1070"}, {"credential-access", "T1003"}, {"discovery", "T1087"},          {"lateral-movement", "T1021"},
        {"collection", "T1074"},      {"command-and-control", "T1071"}, {"exfiltration", "T1041"},     {"impact", "T1486"}};
    auto it = k.find(tactic);
    return it == k.end() ? nullptr : it->second;
}

// [SECTION] Stages


json FlowDuration(const std::string& action)
{
    static const std::map<std::string, std::pair<int, double>> k = {
        {"initial_access", {7200, 0.8}}, {"execution", {600, 0.5}},       {"persistence", {1800, 0.5}},
        {"privilege_escalation", {3600, 0.6}}, {"credential_access", {3600, 0.6}}, {"discovery", {3600, 0.6}},
        {"lateral_movement", {7200, 0.7}}, {"command_and_control", {900, 0.5}}, {"collection", {14400, 0.5}},
        {"exfiltration", {21600, 0.5}}, {"inhibit_recovery", {3600, 0.5}}, {"impact", {5400, 0.4}},
        {"reconnaissance", {21600, 0.8}}, {"resource_development", {43200, 0.8}}};
    const auto& d = k.at(action);
    return {{"median_s", d.first}, {"sigma", d.second}};
}

double FlowSuccess(const std::string& action)
{
    if (action == "initial_access") return 0.6;
    if (action == "lateral_movement") return 0.75;
    if (action == "credential_access" || action == "privilege_escalation") return 0.8;
    return 0.9;
}

// The store a collection stages: one on a host of the asset's kind, else the first with personal
// data, else the first. "" when the estate has none.
std::string FlowPickStore(const FlowEstate& e, const std::string& kind)
{
    const World& w = EW(e);
    for (const auto& s : w.stores)
        if (!kind.empty() && s.host != kNone && w.hosts[s.host].kind == kind) return s.id;
    for (const auto& s : w.stores)
        if (s.personal_data) return s.id;
    return w.stores.empty() ? "" : w.stores.front().id;
}

// The target of a stage on this estate, from its action, technique and the asset's host kind.
json FlowTarget(const FlowEstate& e, const std::string& action, const std::string& technique, const std::string& kind,
                std::string& last_store)
{
    json t = json::object();
    if (action == "initial_access") {
        const std::string want = !kind.empty() ? kind : FlowIsPhish(technique) ? "workstation" : "";
        if (!want.empty() && FlowCanEnter(e, technique, want)) t["kind"] = want;
    } else if (action == "lateral_movement") {
        const std::string want = !kind.empty() ? kind : e.Has("domain_controller") ? "domain_controller" : e.Has("server") ? "server" : "";
        if (!want.empty()) t["kind"] = want;
    } else if (action == "collection") {
        last_store = FlowPickStore(e, kind);
        t["store"] = last_store;
    } else if (action == "exfiltration") {
        if (!last_store.empty()) t["store"] = last_store;
    } else if (action == "impact") {
        if (!kind.empty()) t["kind"] = kind;
        t["count"] = 0;
    } else if (action == "inhibit_recovery") {
        if (e.Has("backup")) t["kind"] = "backup";
        t["count"] = 0;
    }
    return t;
}

json FlowMakeStage(const std::string& name, const std::string& technique, const std::string& action, json target)
{
    json s = {{"name", name}, {"technique", technique}, {"action", action}};
    if (!target.empty()) s["target"] = std::move(target);
    s["duration"] = FlowDuration(action);
    s["success_prob"] = FlowSuccess(action);
    if (action == "initial_access" || action == "lateral_movement") s["max_attempts"] = 6;
    return s;
}

// One action of the flow: its fate, and its stage when it has one.
void FlowMapAction(const ReadFlow& f, size_t ai, const FlowEstate& e, Reporter& rep, FlowImport& out, std::vector<FlowStage>& stages,
                   std::vector<std::string>& before, std::string& last_store)
{
    const json& o = (*f.objects)[ai];
    FlowActionFate fate;
    fate.action_id = Str(o, "id");
    fate.name = Str(o, "name");
    const json* raw = o.contains("technique_id") ? &o["technique_id"] : nullptr;
    const std::string raw_id = raw && raw->is_string() ? raw->get<std::string>() : "";
    const std::string hint = ActionTactic(o);
    const std::string label = "action '" + (fate.name.empty() ? fate.action_id : fate.name) + "': ";
    TechniqueFix fix = RepairTechnique(raw_id);
    const bool have_way_in = std::any_of(stages.begin(), stages.end(), [](const FlowStage& s) { return s.stage["action"] == "initial_access"; });
    const std::string ptr = ObjPtr(ai, raw ? "technique_id" : "");
    std::string technique;
    FlowChoice choice;
    if (fix.tech) {
        fate.valid_technique = true;
        if (!fix.problem.empty()) rep.Warn(ptr, fix.problem.c_str(), label + fix.note);
        technique = fix.id;
        choice = FlowChooseAction(*fix.tech, hint, have_way_in);
    } else if (fix.problem == fid::kNoTechnique && !hint.empty() && FlowTacticDefault(hint)) {
        technique = FlowTacticDefault(hint);
        const Technique* t = Catalog().FindTechnique(technique);
        rep.Warn(ptr, fid::kTacticOnly, label + fix.note + ", tactic " + Catalog().FindTactic(hint)->name + ": played as " + technique +
                                            " (" + t->name + "), the tactic's plain technique");
        choice = FlowChooseAction(*t, hint, have_way_in);
    } else if (fix.problem == fid::kNoTechnique && (hint == "reconnaissance" || hint == "resource-development")) {
        choice.problem = fid::kPreAttack;
        choice.note = "tactic " + hint + " only, done outside the estate: kept in the facilitator notes, not a stage";
    } else {
        fate.why = fix.note + (fix.problem == fid::kNoTechnique ? " and no tactic the engine plays" : "") + ": left out";
        rep.Warn(ptr, fix.problem == fid::kNoTechnique ? fid::kNoTechnique : fix.problem.c_str(), label + fate.why);
        out.actions.push_back(fate);
        return;
    }
    if (choice.problem) {
        rep.Warn(ptr, choice.problem, label + choice.note);
        fate.why = choice.note;
    }
    if (choice.action.empty()) {
        before.push_back(fate.name + " (" + technique + ")" + (Str(o, "description").empty() ? "" : ": " + Str(o, "description")));
        out.actions.push_back(fate);
        return;
    }
    const std::string kind = FlowActionKind(f, o, ai, e, rep);
    if (choice.action == "collection" && FlowPickStore(e, kind).empty()) {
        fate.why = "collection needs a data store, and estate '" + e.label + "' has none: left out";
        rep.Warn(ptr, fid::kNoStore, label + fate.why);
        out.actions.push_back(fate);
        return;
    }
    if (choice.action == "initial_access" && !FlowCanEnter(e, technique, "")) {
        fate.why = "no host of estate '" + e.label + "' can be entered with " + technique +
                   (FlowIsPhish(technique) ? " (no host has a user to phish)" : FlowIsExploit(technique) ? " (no exposed host has a remote vulnerability)"
                                                                                : " (no zone takes connections from the internet)") + ": left out";
        rep.Warn(ptr, fid::kRetargeted, label + fate.why);
        out.actions.push_back(fate);
        return;
    }
    fate.technique = technique;
    fate.action = choice.action;
    fate.staged = true;
    const std::string name = fate.name.empty() ? Catalog().FindTechnique(technique)->name : fate.name;
    stages.push_back({FlowMakeStage(name, technique, choice.action, FlowTarget(e, choice.action, technique, kind, last_store)), out.actions.size(), kind});
    out.actions.push_back(fate);
}

// The campaign starts with a way in (scenario.044): the flow's first initial access is moved to
// the front, or one is added, said in a warning either way.
bool FlowIsPreStage(const FlowStage& s) { return s.stage["action"] == "reconnaissance" || s.stage["action"] == "resource_development"; }

void FlowEnsureWayIn(const FlowEstate& e, std::vector<FlowStage>& stages, Reporter& rep, const std::string& flow_ptr)
{
    // Reconnaissance and resource development first (they happen before the breach), in flow order.
    size_t first = 0;
    for (size_t i = 0; i < stages.size(); ++i) {
        if (!FlowIsPreStage(stages[i])) continue;
        if (i != first)
            rep.Warn(flow_ptr, fid::kWayIn,
                     "'" + stages[i].stage["name"].get<std::string>() + "' (" + stages[i].stage["action"].get<std::string>() +
                         ") happens before the breach: played before the way in");
        std::rotate(stages.begin() + (long)first, stages.begin() + (long)i, stages.begin() + (long)i + 1);
        ++first;
    }
    if (first < stages.size() && stages[first].stage["action"] == "initial_access") return;
    for (size_t i = first + 1; i < stages.size(); ++i) {
        if (stages[i].stage["action"] != "initial_access") continue;
        rep.Warn(flow_ptr, fid::kWayIn,
                 "the flow's first action the engine plays inside the estate ('" + stages[first].stage["name"].get<std::string>() +
                     "') is not a way in; a campaign starts with one, so '" + stages[i].stage["name"].get<std::string>() + "' is played first");
        FlowStage s = stages[i];
        stages.erase(stages.begin() + (long)i);
        stages.insert(stages.begin() + (long)first, s);
        return;
    }
    const char* technique = FlowCanEnter(e, "T1566", "") ? "T1566" : FlowCanEnter(e, "T1133", "") ? "T1133" : "T1078";
    std::string none;
    const json target = FlowTarget(e, "initial_access", technique, "", none);
    FlowStage s{FlowMakeStage(std::string("Way in (not in the flow): ") + Catalog().FindTechnique(technique)->name, technique, "initial_access", target),
                SIZE_MAX, ""};
    rep.Warn(flow_ptr, fid::kWayIn,
             "the flow has no initial access the engine can play; a campaign starts with one, so a stage is added: " + std::string(technique) +
                 " (" + Catalog().FindTechnique(technique)->name + "), named 'not in the flow'");
    stages.insert(stages.begin() + (long)first, s);
}

// The engine's exfiltration sends what a collection staged (attacker.cpp): an exfiltration the
// flow gives no collection before gets one, named as not in the flow and said in a warning.
void FlowEnsureStaging(const FlowEstate& e, std::vector<FlowStage>& stages, Reporter& rep, const std::string& flow_ptr)
{
    bool staged = false;
    for (size_t i = 0; i < stages.size(); ++i) {
        const std::string action = stages[i].stage["action"];
        if (action == "collection") staged = true;
        if (action != "exfiltration" || staged) continue;
        const std::string store = FlowPickStore(e, stages[i].kind);
        if (store.empty()) return; // nothing to steal in this estate: the stage is skipped as the engine plays it
        const std::string name = stages[i].stage["name"];
        json target = {{"store", store}};
        FlowStage s{FlowMakeStage("Data staged for '" + name + "' (not in the flow)", "T1074", "collection", target), SIZE_MAX, ""};
        stages[i].stage["target"] = target;
        rep.Warn(flow_ptr, fid::kStaging,
                 "exfiltration '" + name + "' has no collection before it in the flow, and the engine sends only what was staged: a stage " +
                     "T1074 (Data Staged) of store '" + store + "' is added before it, named 'not in the flow'");
        stages.insert(stages.begin() + (long)i, s);
        staged = true;
        ++i;
    }
}

// When the campaign starts: an hour in, or, when its way in exploits a vulnerability that is not
// public yet, an hour after the first such disclosure (the attacker cannot use it before).
int64_t FlowStartTime(const FlowEstate& e, const std::vector<FlowStage>& stages)
{
    const int64_t hour = 3600;
    size_t way_in = 0; // after the pre-attack stages
    while (way_in + 1 < stages.size() && FlowIsPreStage(stages[way_in])) ++way_in;
    const json& first = stages[way_in].stage;
    const std::string technique = first["technique"];
    if (!FlowIsExploit(technique)) return hour;
    const std::string kind = first.contains("target") ? first["target"].value("kind", "") : "";
    const World& w = EW(e);
    int64_t soonest = INT64_MAX;
    for (const auto& h : w.hosts) {
        if ((!kind.empty() && h.kind != kind) || !FlowExposed(w, h)) continue;
        for (int32_t v : h.vulns)
            if (w.vulns[v].remote) soonest = std::min<int64_t>(soonest, w.vulns[v].disclosed_at);
    }
    return soonest == INT64_MAX || soonest + hour <= hour ? hour : soonest + hour;
}

FlowImport FlowImportText(const std::string& text, const std::string& file, const FlowImportOptions& options);

} // namespace

FlowImport ImportAttackFlow(const std::string& text, const std::string& file, const FlowImportOptions& options)
{
    // Every read of the flow goes through Str() and Refs(), which take any JSON; this is the last
    // guard, so that a file no test foresaw is refused, never a crash.
    try {
        return FlowImportText(text, file, options);
    } catch (const std::exception& e) {
        FlowImport out;
        out.problems.push_back({file, "", fid::kInvalid, std::string("internal error of the importer (please report it): ") + e.what(), false});
        return out;
    }
}

namespace {

FlowImport FlowImportText(const std::string& text, const std::string& file, const FlowImportOptions& options)
{
    FlowImport out;
    Reporter rep{file, {}};
    json root;
    try {
        root = json::parse(text);
    } catch (const json::parse_error& e) {
        rep.Error("", fid::kNotJson, std::string("not JSON (byte ") + std::to_string(e.byte) + "): not an Attack Flow file");
        out.problems = rep.problems;
        return out;
    }
    ReadFlow f;
    if (!ReadFlowGraph(root, rep, f)) { out.problems = rep.problems; return out; }
    FlowEstate e;
    if (!FlowLoadEstate(options, e, rep)) { out.problems = rep.problems; return out; }
    std::vector<FlowStage> stages;
    std::vector<std::string> before;
    std::string last_store;
    for (size_t ai : f.order) FlowMapAction(f, ai, e, rep, out, stages, before, last_store);
    FlowMapConditions(f, out, stages, rep);
    // Reconnaissance and resource development alone happen outside the estate: nothing to play.
    if (std::all_of(stages.begin(), stages.end(), [](const FlowStage& s) { return FlowIsPreStage(s); })) {
        rep.Error(ObjPtr(f.flow), fid::kNothing,
                  "none of the flow's " + std::to_string(f.order.size()) + " actions can be played (the warnings say why): no scenario written");
        out.problems = rep.problems;
        return out;
    }
    FlowEnsureStaging(e, stages, rep, ObjPtr(f.flow));
    FlowStory story{e.label, e.scenario.title, file, 3600, before};
    for (int round = 0;; ++round) {
        if (!stages.empty()) FlowEnsureWayIn(e, stages, rep, ObjPtr(f.flow, "start_refs"));
        if (!stages.empty()) story.start_s = FlowStartTime(e, stages);
        out.scenario = FlowScenario(f, e.doc, story, stages, out);
        const int settled = round < 2 * 64 ? FlowSettle(out.scenario, stages, options, rep, out) : -1;
        if (settled == 1) break;
        if (settled < 0 || stages.empty()) {
            if (settled >= 0) rep.Error(ObjPtr(f.flow), fid::kNothing, "no stage of the flow fits estate '" + e.label + "': no scenario written");
            out.scenario = nullptr;
            break;
        }
    }
    out.problems = rep.problems;
    return out;
}

} // namespace

} // namespace bd
