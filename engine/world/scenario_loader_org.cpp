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

void Loader::LoadOrgProfiles(const json& root)
{
    // Defaults: siloed 4 h / separate tools / 1.0; converged 30 min / shared tools / 0.4.
    S().org[0] = OrgParams{4 * kHour, false, 1.0};
    S().org[1] = OrgParams{30 * kMinute, true, 0.4};
    const json* o = GetObject(root, "", "org_profiles", false);
    if (!o) return;
    for (auto it = o->begin(); it != o->end(); ++it) {
        const std::string p = At("/org_profiles", it.key());
        auto org = ParseOrg(it.key());
        if (!org) {
            Error(p, problem::kBadOrg, "unknown organisation profile '" + it.key() + "' (expected siloed or converged)");
            continue;
        }
        if (!ExpectType(it.value(), p, json::value_t::object, "an object")) continue;
        const json& v = it.value();
        CheckKeys(v, p, {"change_approval_s", "shared_tools", "handoff_factor"});
        OrgParams& op = S().org[*org == OrgProfile::Siloed ? 0 : 1];
        op.change_approval_s = GetSeconds(v, p, "change_approval_s", op.change_approval_s, SecondsRule::NonNegative);
        op.shared_tools = GetBool(v, p, "shared_tools", op.shared_tools);
        op.handoff_factor = GetRanged(v, p, "handoff_factor", op.handoff_factor, 0.0, 100.0);
    }
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
        CheckKeys(v, p, {"triage_accuracy", "triage_latency_s", "response_latency_s", "coordination", "escalate_severity"});
        AutopilotParams& ap = S().autopilot[slot];
        ap.triage_accuracy = GetProbability(v, p, "triage_accuracy", ap.triage_accuracy);
        ap.triage_latency_s = GetSeconds(v, p, "triage_latency_s", ap.triage_latency_s, SecondsRule::NonNegative);
        ap.response_latency_s = GetSeconds(v, p, "response_latency_s", ap.response_latency_s, SecondsRule::NonNegative);
        ap.coordination = GetProbability(v, p, "coordination", ap.coordination);
        ap.escalate_severity = GetRanged(v, p, "escalate_severity", ap.escalate_severity, 1.0, 4.0);
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
} // namespace bd
