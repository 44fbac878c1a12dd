// attack_flow_story.cpp: the scenario around an imported flow's stages (attack_flow_parts.h): the
// estate's document kept whole (infrastructure, identities, services, stores, the organisation),
// the flow's name, description and references as the scenario's metadata, its threat actors and
// tools in the briefing and the facilitator notes, and the check that the result loads.
#include "attack_flow_parts.h"

#include <algorithm>
#include <cctype>

namespace bd::flow_detail {

namespace {

// "conti-pwc" from "Conti PWC": a scenario id (letters, digits, '.', '_', '-'; at most 64).
std::string FlowSlug(const std::string& name)
{
    std::string id;
    for (char c : name) {
        if (std::isalnum((unsigned char)c)) id += (char)std::tolower((unsigned char)c);
        else if (!id.empty() && id.back() != '-') id += '-';
        if (id.size() >= 56) break;
    }
    while (!id.empty() && id.back() == '-') id.pop_back();
    return id.empty() ? "attack-flow" : id;
}

// A line of the notes: at most 2000 characters (a scenario's strings may hold 64 KiB).
std::string FlowLine(std::string s)
{
    for (auto& c : s)
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    if (s.size() > 2000) s = s.substr(0, 1997) + "...";
    return s;
}

// The objects of one STIX type, each as "name: description" (or the name alone).
std::vector<std::string> FlowNamed(const ReadFlow& f, const char* type, std::vector<std::string>* names = nullptr)
{
    std::vector<std::string> out;
    for (const auto& o : *f.objects) {
        if (Str(o, "type") != type) continue;
        const std::string name = Str(o, "name");
        if (name.empty()) continue;
        if (names) names->push_back(name);
        std::string line = name;
        std::vector<std::string> facts;
        for (const char* k : {"sophistication", "resource_level", "primary_motivation"})
            if (!Str(o, k).empty()) facts.push_back(std::string(k) == "resource_level" ? "resources: " + Str(o, k) : Str(o, k));
        if (!facts.empty()) {
            line += " (";
            for (size_t i = 0; i < facts.size(); ++i) line += (i ? ", " : "") + facts[i];
            line += ")";
        }
        if (!Str(o, "description").empty()) line += ": " + Str(o, "description");
        out.push_back(FlowLine(line));
    }
    return out;
}

std::string FlowJoin(const std::vector<std::string>& v)
{
    std::string s;
    for (size_t i = 0; i < v.size(); ++i) s += (i == 0 ? "" : i + 1 == v.size() ? " and " : ", ") + v[i];
    return s;
}

// The flow's external references, one line each: "source: description <url>".
std::vector<std::string> FlowReferences(const json& flow)
{
    std::vector<std::string> out;
    auto it = flow.find("external_references");
    if (it == flow.end() || !it->is_array()) return out;
    for (const auto& r : *it) {
        std::string line = Str(r, "source_name");
        if (!Str(r, "description").empty()) line += (line.empty() ? "" : ": ") + Str(r, "description");
        if (!Str(r, "url").empty()) line += (line.empty() ? "" : " ") + ("<" + Str(r, "url") + ">");
        if (!line.empty()) out.push_back(FlowLine(line));
    }
    return out;
}

std::string FlowTargetText(const json& st)
{
    // Pre-attack stages act outside the estate (engine/attack/pre_attack.cpp), not on a foothold.
    if (st.value("action", "") == "reconnaissance") return "the estate's internet-facing hosts, from outside";
    if (st.value("action", "") == "resource_development") return "the attacker's own infrastructure, outside the estate";
    if (!st.contains("target")) return "the attacker's current foothold";
    const json& t = st["target"];
    std::string s;
    if (t.contains("store")) s = "store " + t["store"].get<std::string>();
    if (t.contains("kind")) s = std::string(t.value("count", 1) == 0 ? "every reachable " : "a ") + t["kind"].get<std::string>();
    if (s.empty()) s = t.value("count", 1) == 0 ? "every reachable host" : "any host";
    return s;
}

std::vector<std::string> FlowNotes(const ReadFlow& f, const FlowStory& story, const std::vector<FlowStage>& stages, const FlowImport& fates,
                                   const std::vector<std::string>& actors, const std::vector<std::string>& tools)
{
    const json& flow = (*f.objects)[f.flow];
    std::vector<std::string> n;
    n.push_back(FlowLine("Imported with `breachdrill import attack-flow` from the Attack Flow '" + Str(flow, "name") + "' (" + story.file +
                         "), played on the estate of '" + story.estate + "' (" + story.estate_title + ")."));
    if (!Str(flow, "description").empty()) n.push_back(FlowLine("The flow: " + Str(flow, "description")));
    if (!Str(flow, "scope").empty()) n.push_back("Scope: " + Str(flow, "scope") + ".");
    n.push_back("Stages (the flow's actions in its order; docs/formats.md says how each is mapped):");
    for (size_t i = 0; i < stages.size(); ++i) {
        const json& st = stages[i].stage;
        const std::string t = st["technique"];
        n.push_back(FlowLine("  " + std::to_string(i + 1) + ". " + st["name"].get<std::string>() + ": " + Catalog().Label(t) + ", as " +
                             st["action"].get<std::string>() + " on " + FlowTargetText(st) +
                             (stages[i].fate < fates.actions.size() && !fates.actions[stages[i].fate].why.empty()
                                  ? " (" + fates.actions[stages[i].fate].why + ")" : "")));
    }
    std::vector<std::string> left;
    for (const auto& a : fates.actions)
        if (!a.staged) left.push_back("  " + (a.name.empty() ? a.action_id : a.name) + ": " + a.why);
    if (!left.empty()) {
        n.push_back("Actions of the flow that are not stages:");
        for (auto& l : left) n.push_back(FlowLine(l));
    }
    if (!story.before.empty()) {
        n.push_back("Reconnaissance and resource development the flow puts after its way in (not played: a pre-attack stage comes before the breach):");
        for (const auto& b : story.before) n.push_back(FlowLine("  " + b));
    }
    if (!f.conditions.empty()) {
        n.push_back("Conditions in the flow:");
        for (const auto& c : f.conditions) n.push_back(FlowLine("  " + c));
    }
    if (!actors.empty()) {
        n.push_back("Threat actors:");
        for (const auto& a : actors) n.push_back("  " + a);
    }
    if (!tools.empty()) {
        n.push_back("Tools and malware:");
        for (const auto& t : tools) n.push_back("  " + t);
    }
    const auto infra = FlowNamed(f, "infrastructure");
    if (!infra.empty()) {
        n.push_back("Attacker infrastructure:");
        for (const auto& i : infra) n.push_back("  " + i);
    }
    for (const auto& o : *f.objects)
        if (Str(o, "type") == "note" && !Str(o, "content").empty())
            n.push_back(FlowLine("Note in the flow" + (Str(o, "abstract").empty() ? "" : " (" + Str(o, "abstract") + ")") + ": " + Str(o, "content")));
    if (story.start_s > 3600)
        n.push_back("The way in exploits a vulnerability the estate has made public only at " + std::to_string(story.start_s - 3600) +
                    " s: the campaign starts an hour after that.");
    const auto refs = FlowReferences(flow);
    if (!refs.empty()) {
        n.push_back("References:");
        for (const auto& r : refs) n.push_back("  " + r);
    }
    return n;
}

json FlowText(const json& v)
{
    if (v.is_string()) return json::array({v});
    if (v.is_array()) return v;
    return json::array();
}

} // namespace

json FlowScenario(const ReadFlow& f, const json& estate_doc, const FlowStory& story, const std::vector<FlowStage>& stages, const FlowImport& fates)
{
    const json& flow = (*f.objects)[f.flow];
    std::vector<std::string> actor_names, tool_names;
    const auto actors = FlowNamed(f, "threat-actor", &actor_names);
    auto tools = FlowNamed(f, "tool", &tool_names);
    for (auto& m : FlowNamed(f, "malware", &tool_names)) tools.push_back(m);
    const json em = estate_doc.value("metadata", json::object());
    const std::string name = Str(flow, "name").empty() ? "Unnamed attack flow" : Str(flow, "name");

    json md = json::object();
    md["id"] = FlowSlug(name);
    md["title"] = FlowLine(name);
    md["summary"] = json::array({FlowLine(Str(flow, "description").empty() ? name : Str(flow, "description")),
                                 "Imported from an Attack Flow: " + std::to_string(stages.size()) + " stages on the estate of '" + story.estate + "'."});
    json briefing = FlowText(em.value("briefing", json()));
    if (!actor_names.empty() || !tool_names.empty()) {
        briefing.push_back("");
        std::string ti = "Threat intelligence:";
        if (!actor_names.empty()) ti += " recent intrusions in your sector were attributed to " + FlowJoin(actor_names) + ".";
        if (!tool_names.empty()) ti += " The tools reported in them: " + FlowJoin(tool_names) + ".";
        briefing.push_back(FlowLine(ti));
    }
    md["briefing"] = briefing;
    md["facilitator_notes"] = FlowNotes(f, story, stages, fates, actors, tools);
    for (const char* k : {"currency", "duration_s", "start", "regimes"})
        if (em.contains(k)) md[k] = em[k];

    json s = json::object();
    s["format"] = "breachdrill-scenario/1";
    s["metadata"] = md;
    for (const char* k : {"infrastructure", "identities", "services", "data_stores", "org_profiles", "autopilot", "command_durations"})
        if (estate_doc.contains(k)) s[k] = estate_doc[k];
    json c = json::object();
    c["seeded"] = true;
    c["start_s"] = story.start_s;
    const json ec = estate_doc.value("campaign", json::object());
    c["c2_indicators"] = ec.contains("c2_indicators") && ec["c2_indicators"].is_array() && !ec["c2_indicators"].empty()
                             ? ec["c2_indicators"]
                             : json::array({"c2.attack-flow.invalid"});
    c["c2_rebuild_s"] = 21600;
    c["max_reentries"] = 2;
    json st = json::array();
    for (const auto& x : stages) st.push_back(x.stage);
    c["stages"] = st;
    s["campaign"] = c;
    return s;
}

int FlowSettle(const json& scenario, std::vector<FlowStage>& stages, const FlowImportOptions& o, Reporter& rep, FlowImport& out)
{
    const LoadResult r = LoadScenarioText(scenario.dump(), "scenario.json", LoadOptions{1, o.size});
    if (r.Ok()) return 1;
    const std::string prefix = "/campaign/stages/";
    for (const auto& p : r.problems) {
        if (p.warning) continue;
        const bool path_check = p.id == "scenario.041" || p.id == "scenario.042" || p.id == "scenario.043";
        if (!path_check || p.pointer.rfind(prefix, 0) != 0) continue;
        const size_t i = std::stoul(p.pointer.substr(prefix.size()));
        if (i >= stages.size()) continue;
        json& st = stages[i].stage;
        const std::string name = st["name"];
        if (st.contains("target") && st["target"].contains("kind")) {
            json& t = st["target"];
            rep.Warn("", fid::kRetargeted, "stage '" + name + "': " + p.message + ": it takes any host instead");
            t.erase("kind");
            if (t.empty()) st.erase("target");
            return 0;
        }
        if (stages[i].fate < out.actions.size()) {
            auto& fate = out.actions[stages[i].fate];
            fate.staged = false;
            fate.why = "estate '" + o.estate + "' cannot give it: " + p.message;
        }
        rep.Warn("", fid::kRetargeted, "stage '" + name + "' is left out: " + p.message);
        stages.erase(stages.begin() + (long)i);
        return 0;
    }
    std::string first;
    for (const auto& p : r.problems)
        if (!p.warning) { first = p.Format(); break; }
    rep.Error("", fid::kInvalid, "the scenario made from the flow does not load (a bug of the importer: please report it): " + first);
    return -1;
}

} // namespace bd::flow_detail
