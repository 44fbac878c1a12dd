// scenario_loader_org.cpp: the scenario loader's sections about the exercise rather than the estate
// or the attack (scenario_loader_parts.h): "metadata", "org_profiles", "autopilot" and
// "command_durations" (docs/authoring.md).
#include "world/scenario_loader_parts.h"

#include "world/commands.h"

#include <algorithm>
#include <string>
#include <vector>

namespace bd {
namespace loader_detail {

// [SECTION] The loader: metadata

void Loader::LoadMetadata(const json& root)
{
    const json* m = GetObject(root, "", "metadata", true);
    if (!m) return;
    const std::string p = "/metadata";
    CheckKeys(*m, p, {"id", "title", "summary", "briefing", "facilitator_notes", "currency", "duration_s", "start", "regimes", "objectives"});
    Scenario& s = S();
    if (auto id = GetId(*m, p, "id")) s.id = *id;
    if (auto t = GetString(*m, p, "title", true)) s.title = *t;
    s.summary = GetText(*m, p, "summary");
    s.briefing = GetText(*m, p, "briefing");
    s.facilitator_notes = GetText(*m, p, "facilitator_notes");
    s.currency = GetStringOr(*m, p, "currency", "EUR");
    s.duration_s = GetSeconds(*m, p, "duration_s", 7 * kDay, SecondsRule::Positive);
    if (m->contains("start")) {
        if (auto start = GetString(*m, p, "start", false)) {
            std::string why;
            s.story_start = ParseStoryStart(*start, &why);
            if (!s.story_start) Error(At(p, "start"), problem::kBadStart, "start \"" + *start + "\": " + why);
        }
    }
    const auto regimes = GetStrings(*m, p, "regimes");
    for (size_t i = 0; i < regimes.size(); ++i) {
        const std::string& r = regimes[i];
        if (r != "nis2" && r != "gdpr") {
            Error(At(At(p, "regimes"), i), problem::kBadRegime, "unknown regime '" + r + "' (expected nis2 or gdpr)");
            continue;
        }
        if (std::find(s.regimes.begin(), s.regimes.end(), r) == s.regimes.end()) s.regimes.push_back(r);
    }
    s.objectives = GetStrings(*m, p, "objectives");
}

// [SECTION] The loader: organisation, autopilots, command durations

const std::vector<const char*>& OrgKeys()
{
    static const std::vector<const char*> keys = {"change_approval_s", "shared_tools",       "handoff_factor",     "correlate_alerts",
                                                  "alert_fatigue",     "console_switch",     "shared_inventory",   "symptoms_to_secops", "patch_within_s",
                                                  "staffed_24x7",      "after_hours_factor", "secops_analysts",    "edr_everywhere"};
    return keys;
}

// The keys of one profile's object present in `v` (at pointer `p`) onto `op`.
void Loader::LoadOrgParams(const json& v, const std::string& p, OrgParams& op)
{
    op.change_approval_s = GetSeconds(v, p, "change_approval_s", op.change_approval_s, SecondsRule::NonNegative);
    op.shared_tools = GetBool(v, p, "shared_tools", op.shared_tools);
    op.handoff_factor = GetRanged(v, p, "handoff_factor", op.handoff_factor, 0.0, 100.0);
    op.correlate_alerts = GetBool(v, p, "correlate_alerts", op.correlate_alerts);
    op.alert_fatigue = GetRanged(v, p, "alert_fatigue", op.alert_fatigue, 0.0, 10.0);
    op.console_switch = GetRanged(v, p, "console_switch", op.console_switch, 0.0, 10.0);
    op.shared_inventory = GetBool(v, p, "shared_inventory", op.shared_inventory);
    op.symptoms_to_secops = GetBool(v, p, "symptoms_to_secops", op.symptoms_to_secops);
    op.patch_within_s = GetSeconds(v, p, "patch_within_s", op.patch_within_s, SecondsRule::NonNegative);
    op.staffed_24x7 = GetBool(v, p, "staffed_24x7", op.staffed_24x7);
    op.after_hours_factor = GetRanged(v, p, "after_hours_factor", op.after_hours_factor, 1.0, 100.0);
    op.secops_analysts = (int)GetCount(v, p, "secops_analysts", op.secops_analysts, 1, 50);
    op.edr_everywhere = GetBool(v, p, "edr_everywhere", op.edr_everywhere);
}

void Loader::LoadOrgProfiles(const json& root)
{
    S().org[0] = DefaultOrgParams(OrgProfile::Siloed);
    S().org[1] = DefaultOrgParams(OrgProfile::Converged);
    if (const json* o = GetObject(root, "", "org_profiles", false)) {
        for (auto it = o->begin(); it != o->end(); ++it) {
            const std::string p = At("/org_profiles", it.key());
            auto org = ParseOrg(it.key());
            if (!org) {
                Error(p, problem::kBadOrg, "unknown organisation profile '" + it.key() + "' (expected siloed or converged)");
                continue;
            }
            if (!ExpectType(it.value(), p, json::value_t::object, "an object")) continue;
            CheckKeys(it.value(), p, OrgKeys());
            LoadOrgParams(it.value(), p, S().org[*org == OrgProfile::Siloed ? 0 : 1]);
        }
    }
    LoadOrgChanges();
}

// LoadOptions::org_changes: each one checked like a key of org_profiles, its problems in "--set".
void Loader::LoadOrgChanges()
{
    const std::string saved = file_;
    file_ = "--set";
    for (const OrgChange& c : options_.org_changes) {
        std::vector<int> slots;
        if (c.profile.empty()) slots = {0, 1};
        else if (auto org = ParseOrg(c.profile)) slots = {*org == OrgProfile::Siloed ? 0 : 1};
        else {
            Error("/" + c.profile, problem::kBadOrg, "unknown organisation profile '" + c.profile + "' (expected siloed or converged)");
            continue;
        }
        const auto& keys = OrgKeys();
        if (std::find_if(keys.begin(), keys.end(), [&](const char* k) { return c.key == k; }) == keys.end()) {
            Error("/" + c.key, problem::kUnknownKey, "unknown organisation parameter '" + c.key + "' (docs/authoring.md, section 10)");
            continue;
        }
        json v = json::object();
        const json parsed = json::parse(c.value, nullptr, false);
        v[c.key] = parsed.is_discarded() ? json(c.value) : parsed; // not JSON: a string, refused by the key's type check
        for (int slot : slots) {
            const std::string p = "/" + std::string(OrgName(slot == 0 ? OrgProfile::Siloed : OrgProfile::Converged));
            LoadOrgParams(v, p, S().org[slot]);
        }
    }
    file_ = saved;
}

void Loader::LoadAutopilot(const json& root)
{
    const json* o = GetObject(root, "", "autopilot", false);
    if (!o) return;
    for (auto it = o->begin(); it != o->end(); ++it) {
        const std::string p = At("/autopilot", it.key());
        int slot = -1;
        if (it.key() == "itops") slot = 0;
        if (it.key() == "secops") slot = 1;
        if (slot < 0) {
            Error(p, problem::kBadTeam, "unknown team '" + it.key() + "' (expected itops or secops)");
            continue;
        }
        if (!ExpectType(it.value(), p, json::value_t::object, "an object")) continue;
        const json& v = it.value();
        CheckKeys(v, p, {"triage_accuracy", "triage_latency_s", "response_latency_s", "coordination", "escalate_severity", "inject_compliance"});
        AutopilotParams& ap = S().autopilot[slot];
        ap.triage_accuracy = GetProbability(v, p, "triage_accuracy", ap.triage_accuracy);
        ap.triage_latency_s = GetSeconds(v, p, "triage_latency_s", ap.triage_latency_s, SecondsRule::NonNegative);
        ap.response_latency_s = GetSeconds(v, p, "response_latency_s", ap.response_latency_s, SecondsRule::NonNegative);
        ap.coordination = GetProbability(v, p, "coordination", ap.coordination);
        ap.escalate_severity = GetRanged(v, p, "escalate_severity", ap.escalate_severity, 1.0, 4.0);
        ap.inject_compliance = GetProbability(v, p, "inject_compliance", ap.inject_compliance);
    }
}

void Loader::LoadCommandDurations(const json& root)
{
    const json* o = GetObject(root, "", "command_durations", false);
    if (!o) return;
    for (auto it = o->begin(); it != o->end(); ++it) {
        const std::string p = At("/command_durations", it.key());
        if (!ParseCommandKind(it.key())) {
            Error(p, problem::kBadCommand, "unknown command kind '" + it.key() + "'");
            continue;
        }
        if (auto n = Integer(it.value(), p, 0, kMaxSeconds, it.key().c_str())) S().command_durations[it.key()] = *n;
    }
}

} // namespace loader_detail

const std::vector<const char*>& OrgParamKeys() { return loader_detail::OrgKeys(); }

OrgParams DefaultOrgParams(OrgProfile profile)
{
    OrgParams o; // siloed: the struct's defaults
    if (profile == OrgProfile::Converged) {
        o.change_approval_s = 30 * kMinute;
        o.shared_tools = true;
        o.handoff_factor = 0.4;
        o.correlate_alerts = true;
        o.shared_inventory = true;
        o.symptoms_to_secops = true;
        o.patch_within_s = 2 * kDay;
    }
    return o;
}

} // namespace bd
