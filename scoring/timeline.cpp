// timeline.cpp: the key moments of an exercise from its scorecard (see timeline.h).
#include "timeline.h"

#include <algorithm>
#include <map>

namespace bd {

namespace {

// Order of the story among entries at the same second; raw moments keep journal order among themselves.
enum Rank : int { kAttackStart, kToolDetect, kDetected, kMoment, kContained, kRecovered, kEnd };

struct Ranked {
    TimelineEntry entry;
    int rank;
};

const char* SummaryNoun(const std::string& kind)
{
    if (kind == "encryption") return "hosts encrypted";
    if (kind == "exfiltration") return "exfiltrations";
    if (kind == "notification") return "notifications";
    return "events";
}

} // namespace

std::string TechniqueLabel(const nlohmann::json& r)
{
    auto str = [&](const char* k) {
        const auto it = r.find(k);
        return it != r.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    std::vector<std::string> ids;
    const auto t = r.find("target");
    if (t != r.end() && t->is_array())
        for (const auto& id : *t)
            if (id.is_string()) ids.push_back(id.get<std::string>());
    const std::string host = str("host");
    if (t == r.end() && !host.empty()) ids.push_back(host);
    std::string label = str("technique") + " " + str("name");
    const std::string kind = str("target_kind");
    // Before the breach, from outside the estate (reconnaissance, resource development): said so.
    const std::string action = str("action");
    const bool pre = action == "reconnaissance" || action == "resource_development";
    if (pre) label += action == "reconnaissance" ? " (reconnaissance, from outside" : " (resource development, outside the estate";
    if (pre) label += ids.empty() ? std::string(")") : action == "reconnaissance" ? "; probing" : ";";
    const char* lead = pre ? " " : kind == "identity" ? ", stealing " : kind == "store" ? ", store " : kind == "indicator" ? " via " : " on ";
    for (size_t i = 0; i < ids.size() && i < 5; ++i) label += (i ? ", " : lead) + ids[i];
    if (ids.size() > 5) label += " and " + std::to_string(ids.size() - 5) + " more";
    if (pre && !ids.empty()) label += ")";
    if (t != r.end() && !host.empty() && !(ids.size() == 1 && ids[0] == host)) label += " from " + host;
    const auto ok = r.find("ok");
    if (ok == r.end() || !ok->is_boolean() || !ok->get<bool>())
        label += str("reason").empty() ? " (failed)" : " (failed: " + str("reason") + ")";
    return label;
}

std::vector<TimelineEntry> BuildTimeline(const Scorecard& c, size_t max_per_kind)
{
    std::vector<Ranked> all;
    if (c.attack_start_s) all.push_back({{*c.attack_start_s, "attack_start", "Attack started (the attacker's first step inside the estate)"}, kAttackStart});
    if (c.tool_detect_at_s) all.push_back({{*c.tool_detect_at_s, "tool_detect", "A tool raised the first true alert"}, kToolDetect});
    if (c.detected_at_s) {
        const std::string by = c.detected_by.empty() ? "" : " by " + TeamLabel(c.detected_by);
        const std::string how = c.detected_how == "triage_alert" ? ": a true alert triaged as true"
                                : c.detected_how == "declare_incident" ? ": incident declared naming a compromised host"
                                                                       : "";
        all.push_back({{*c.detected_at_s, "detected", "Detected" + by + how}, kDetected});
    }

    // Raw moments, at most max_per_kind of each kind one by one, the rest summarised.
    std::map<std::string, size_t> total, shown;
    for (const auto& m : c.moments) ++total[m.kind];
    std::map<std::string, ScoreTime> last_hidden;
    for (const auto& m : c.moments) {
        size_t& n = shown[m.kind];
        if (max_per_kind == 0 || n < max_per_kind) {
            all.push_back({m, kMoment});
            ++n;
        } else {
            last_hidden[m.kind] = m.t;
        }
    }
    for (const auto& [kind, t] : last_hidden) {
        const size_t hidden = total[kind] - shown[kind];
        all.push_back({{t, kind, "... and " + std::to_string(hidden) + " more " + SummaryNoun(kind) + ", the last at this time"}, kMoment});
    }

    if (c.contained_at_s) all.push_back({{*c.contained_at_s, "contained", "Attacker contained (no live foothold, no usable stolen credential)"}, kContained});
    if (c.recovered_at_s) all.push_back({{*c.recovered_at_s, "recovered", "Recovered: attacker contained, services back up, no host encrypted"}, kRecovered});
    if (c.ended)
        all.push_back({{c.duration_s, "end", "Exercise ended: " + DescribeEndReason(c.end_reason)}, kEnd});
    else
        all.push_back({{c.duration_s, "end", "Journal stops here (no end record)"}, kEnd});

    // Stable: equal (t, rank) keep insertion order, which is journal order for moments.
    std::stable_sort(all.begin(), all.end(), [](const Ranked& a, const Ranked& b) {
        return a.entry.t != b.entry.t ? a.entry.t < b.entry.t : a.rank < b.rank;
    });
    std::vector<TimelineEntry> out;
    out.reserve(all.size());
    for (auto& r : all) out.push_back(std::move(r.entry));
    return out;
}

} // namespace bd
