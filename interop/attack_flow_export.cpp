// attack_flow_export.cpp: what the attacker did in an exercise, as an Attack Flow 2.0 bundle
// (attack_flow.h). Each successful `technique` record of the journal is an attack-action (its
// technique id and name, the stage it played, when it was done), in the journal's order, each one's
// effect_refs naming the next; the hosts it acted from and on are attack-assets. The journal is the
// only source: a host's kind and zone are added when the scenario the header names still loads.
#include "attack_flow.h"

#include "core/story_clock.h"
#include "world/attack_catalog.h"

#include <ctime>
#include <map>

namespace bd {

namespace {

using json = nlohmann::json;

// Stable ids: FNV-1a 64 of the journal's identity and the object's place, laid out as a UUID
// (version 4 and variant bits set, so validators take it). Same journal, same ids.
uint64_t FlowFnv(const std::string& s)
{
    uint64_t h = 1469598103934665603ull;
    for (unsigned char c : s) { h ^= c; h *= 1099511628211ull; }
    return h;
}

std::string FlowUuid(const std::string& type, const std::string& key)
{
    const uint64_t a = FlowFnv(key), b = FlowFnv(key + "\x1f" + type);
    char buf[40];
    std::snprintf(buf, sizeof buf, "%08x-%04x-4%03x-%04x-%012llx", (unsigned)(a >> 32), (unsigned)((a >> 16) & 0xffff), (unsigned)(a & 0xfff),
                  (unsigned)(0x8000 | ((b >> 48) & 0x3fff)), (unsigned long long)(b & 0xffffffffffffull));
    return type + "--" + buf;
}

// ISO 8601 UTC of (run_at + t); run_at unknown: seconds from 1970-01-01T00:00:00Z.
std::string FlowStamp(int64_t base, int64_t t)
{
    const std::time_t at = (std::time_t)(base + t);
    std::tm tm{};
    gmtime_r(&at, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S.000Z", &tm);
    return buf;
}

int64_t FlowRunAt(const json& header)
{
    auto it = header.find("run_at");
    if (it == header.end() || !it->is_string()) return 0;
    std::tm tm{};
    const std::string s = it->get<std::string>();
    if (!strptime(s.c_str(), "%Y-%m-%dT%H:%M:%S", &tm)) return 0;
    return (int64_t)timegm(&tm);
}

const char* kExtension = "extension-definition--fb9c968a-745b-4ade-9b25-c324172197f4";

json FlowExt() { return {{kExtension, {{"extension_type", "new-sdo"}}}}; }

json FlowExtensionDefinition()
{
    return {{"type", "extension-definition"}, {"id", kExtension}, {"spec_version", "2.1"}, {"created", "2022-08-02T19:34:35.143Z"},
            {"modified", "2022-08-02T19:34:35.143Z"}, {"name", "Attack Flow"},
            {"description", "Extends STIX 2.1 with features to create Attack Flows."},
            {"created_by_ref", "identity--fb9c968a-745b-4ade-9b25-c324172197f4"},
            {"schema", "https://center-for-threat-informed-defense.github.io/attack-flow/stix/attack-flow-schema-2.0.0.json"},
            {"version", "2.0.0"}, {"extension_types", json::array({"new-sdo"})},
            {"external_references",
             json::array({{{"source_name", "Documentation"}, {"description", "Documentation for Attack Flow"},
               {"url", "https://center-for-threat-informed-defense.github.io/attack-flow"}},
              {{"source_name", "GitHub"}, {"description", "Source code repository for Attack Flow"},
               {"url", "https://github.com/center-for-threat-informed-defense/attack-flow"}}})}};
}

// "dc-01: domain_controller in zone server (windows), criticality 5", from the scenario the
// header names; the id alone when it no longer loads.
std::map<std::string, std::string> FlowHostWords(const json& header)
{
    std::map<std::string, std::string> out;
    const json sc = header.value("scenario", json::object());
    std::string ref = sc.value("source", std::string());
    if (ref.rfind("builtin:", 0) == 0) ref = ref.substr(8);
    if (ref.empty()) return out;
    const uint64_t seed = header.value("seed", json()).is_number_unsigned() ? header["seed"].get<uint64_t>() : 1;
    const int64_t size = sc.value("size", json()).is_number_integer() ? sc["size"].get<int64_t>() : 0;
    const LoadResult r = LoadScenario(ref, LoadOptions{seed, size});
    if (!r.Ok()) return out;
    const World& w = r.scenario.world;
    for (const auto& h : w.hosts)
        out[h.id] = h.id + ": " + h.kind + " in zone " + w.zones[h.zone].id + " (" + h.os + "), criticality " + std::to_string(h.criticality);
    return out;
}

std::string FlowTacticId(const std::string& action)
{
    static const std::map<std::string, std::string> k = {
        {"initial_access", "initial-access"}, {"execution", "execution"}, {"persistence", "persistence"},
        {"privilege_escalation", "privilege-escalation"}, {"credential_access", "credential-access"}, {"discovery", "discovery"},
        {"lateral_movement", "lateral-movement"}, {"command_and_control", "command-and-control"}, {"collection", "collection"},
        {"exfiltration", "exfiltration"}, {"inhibit_recovery", "impact"}, {"impact", "impact"},
        {"reconnaissance", "reconnaissance"}, {"resource_development", "resource-development"}};
    auto it = k.find(action);
    const Tactic* t = it == k.end() ? nullptr : Catalog().FindTactic(it->second);
    return t ? t->id : "";
}

std::string FlowList(const json& v)
{
    std::string s;
    if (!v.is_array()) return s;
    for (size_t i = 0; i < v.size(); ++i)
        if (v[i].is_string()) s += (s.empty() ? "" : ", ") + v[i].get<std::string>();
    return s;
}

FlowExport FlowExportRecords(const std::vector<json>& records, const std::string& label);

} // namespace

FlowExport ExportAttackFlow(const std::vector<json>& records, const std::string& label)
{
    // ReadJournal checks t, seq and type only: a record whose other fields have the wrong type
    // is refused here, never a crash.
    try {
        return FlowExportRecords(records, label);
    } catch (const json::exception& e) {
        FlowExport out;
        out.error = label + ": a record with a field of the wrong type (" + e.what() + "): not exported";
        return out;
    }
}

namespace {

FlowExport FlowExportRecords(const std::vector<json>& records, const std::string& label)
{
    FlowExport out;
    if (records.empty() || records[0].value("type", "") != "header") {
        out.error = label + ": not an exercise journal (no header record)";
        return out;
    }
    const json& header = records[0];
    const json sc = header.value("scenario", json::object());
    const std::string key = sc.value("content_hash", std::string()) + "/" + header.value("seed", json()).dump() + "/" +
                            header.value("org", std::string()) + "/" + header.value("run_at", json()).dump();
    const int64_t base = FlowRunAt(header);
    const StoryClock clock = StoryClock::Named(header.value("story_start", json()).is_string() ? header["story_start"].get<std::string>() : "");
    const auto host_words = FlowHostWords(header);
    const std::string identity = FlowUuid("identity", key);
    const std::string created = FlowStamp(base, 0);

    json actions = json::array(), assets = json::array();
    std::map<std::string, std::string> asset_ids; // host -> attack-asset id, in first-seen order in `assets`
    auto asset = [&](const std::string& host) {
        auto it = asset_ids.find(host);
        if (it != asset_ids.end()) return it->second;
        const std::string id = FlowUuid("attack-asset", key + "/host/" + host);
        asset_ids[host] = id;
        auto words = host_words.find(host);
        assets.push_back({{"type", "attack-asset"}, {"spec_version", "2.1"}, {"id", id}, {"created", created}, {"modified", created},
                          {"extensions", FlowExt()}, {"name", host},
                          {"description", words != host_words.end() ? words->second : host + ": a host of the exercise's estate"}});
        return id;
    };
    for (size_t i = 1; i < records.size(); ++i) {
        const json& r = records[i];
        if (r.value("type", "") != "technique" || !r.value("ok", false)) continue;
        const std::string technique = r.value("technique", ""), action = r.value("action", ""), from = r.value("host", "");
        const int64_t t = r.value("t", json()).is_number_integer() ? r["t"].get<int64_t>() : 0;
        const Technique* tech = Catalog().FindTechnique(technique);
        json a = {{"type", "attack-action"}, {"spec_version", "2.1"}, {"id", FlowUuid("attack-action", key + "/" + std::to_string(i))},
                  {"created", created}, {"modified", created}, {"extensions", FlowExt()},
                  {"name", tech ? tech->name : r.value("name", technique)}, {"technique_id", technique}};
        if (!FlowTacticId(action).empty()) a["tactic_id"] = FlowTacticId(action);
        const std::string hit = FlowList(r.value("target", json()));
        a["description"] = "Stage " + std::to_string(r.value("stage", 0) + 1) + ", '" + r.value("name", "") + "' (" + action + "), done " +
                           clock.At(t) + (from.empty() ? ", from outside the estate" : ", from " + from) +
                           (hit.empty() ? "" : "; " + r.value("target_kind", "target") + ": " + hit) + ".";
        a["execution_end"] = FlowStamp(base, t);
        json refs = json::array();
        if (!from.empty()) refs.push_back(asset(from));
        if (r.value("target_kind", "") == "host" && r.value("target", json()).is_array())
            for (const auto& h : r["target"])
                if (h.is_string() && h.get<std::string>() != from) refs.push_back(asset(h.get<std::string>()));
        if (!refs.empty()) a["asset_refs"] = refs;
        actions.push_back(a);
    }
    if (actions.empty()) {
        out.error = label + ": the attacker did nothing that succeeded in this exercise (no successful technique record): there is no flow to write";
        return out;
    }
    for (size_t i = 0; i + 1 < actions.size(); ++i) actions[i]["effect_refs"] = json::array({actions[i + 1]["id"]});

    const std::string title = sc.value("title", sc.value("id", std::string("an exercise")));
    json flow = {{"type", "attack-flow"}, {"spec_version", "2.1"}, {"id", FlowUuid("attack-flow", key)}, {"created", created},
                 {"modified", created}, {"created_by_ref", identity}, {"extensions", FlowExt()},
                 {"name", title + ": what the attacker did"},
                 {"description", "The attacker's " + std::to_string(actions.size()) + " successful techniques in a Breachdrill exercise of '" +
                                     sc.value("id", std::string()) + "' (seed " + header.value("seed", json()).dump() + ", " +
                                     header.value("org", std::string()) + " organisation), in the order the simulation played them. "
                                     "Times are simulated: execution_end is the run's start (run_at) plus the simulated time."},
                 {"scope", "other"}, {"start_refs", json::array({actions[0]["id"]})},
                 {"external_references", json::array({{{"source_name", "Breachdrill journal"},
                                                       {"description", "scenario " + sc.value("id", std::string()) + ", content hash " +
                                                                           sc.value("content_hash", std::string()) + ", seed " +
                                                                           header.value("seed", json()).dump() + ", org " + header.value("org", std::string())}}})}};
    json objects = json::array({FlowExtensionDefinition(),
                                {{"type", "identity"}, {"spec_version", "2.1"}, {"id", "identity--fb9c968a-745b-4ade-9b25-c324172197f4"},
                                 {"created", "2022-08-02T19:34:35.143Z"}, {"modified", "2022-08-02T19:34:35.143Z"},
                                 {"name", "MITRE Engenuity Center for Threat-Informed Defense"}, {"identity_class", "organization"}},
                                {{"type", "identity"}, {"spec_version", "2.1"}, {"id", identity}, {"created", created}, {"modified", created},
                                 {"name", "Breachdrill"}, {"identity_class", "system"}},
                                flow});
    for (auto& a : actions) objects.push_back(a);
    for (auto& a : assets) objects.push_back(a);
    out.bundle = {{"type", "bundle"}, {"id", FlowUuid("bundle", key)}, {"objects", objects}};
    out.actions = actions.size();
    out.hosts = assets.size();
    return out;
}

} // namespace

} // namespace bd
