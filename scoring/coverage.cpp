// coverage.cpp: the ATT&CK coverage of an exercise from its journal (coverage.h).
#include "coverage.h"

#include <algorithm>
#include <map>

namespace bd {

using nlohmann::json;

const char* CoverageOutcomeName(CoverageOutcome o)
{
    switch (o) {
    case CoverageOutcome::Confirmed: return "confirmed";
    case CoverageOutcome::Pending: return "pending";
    case CoverageOutcome::Dismissed: return "dismissed";
    case CoverageOutcome::Unseen: return "unseen";
    }
    return "?";
}

namespace {

std::string CoverageStr(const json& r, const char* key)
{
    auto it = r.find(key);
    return it != r.end() && it->is_string() ? it->get<std::string>() : std::string();
}

int64_t CoverageInt(const json& r, const char* key, int64_t def)
{
    auto it = r.find(key);
    return it != r.end() && it->is_number_integer() ? it->get<int64_t>() : def;
}

void CoverageAddOnce(std::vector<std::string>& list, const std::string& s)
{
    if (!s.empty() && std::find(list.begin(), list.end(), s) == list.end()) list.push_back(s);
}

} // namespace

std::vector<TechniqueCoverage> ComputeCoverage(const std::vector<json>& records)
{
    std::vector<TechniqueCoverage> out;
    std::map<std::string, size_t> index;          // technique id -> out
    std::map<int64_t, size_t> alert_of;           // true alert id -> out
    std::map<int64_t, std::string> verdict;       // alert id -> the last accepted triage value
    for (const auto& r : records) {
        if (!r.is_object()) continue;
        const std::string type = CoverageStr(r, "type");
        if (type == "technique") {
            const std::string id = CoverageStr(r, "technique");
            if (id.empty()) continue;
            auto [it, fresh] = index.emplace(id, out.size());
            if (fresh) {
                out.emplace_back();
                out.back().technique = id;
                out.back().first_t = CoverageInt(r, "t", 0);
            }
            TechniqueCoverage& c = out[it->second];
            ++c.attempts;
            if (r.value("ok", false)) ++c.successes;
            CoverageAddOnce(c.actions, CoverageStr(r, "action"));
            CoverageAddOnce(c.stages, CoverageStr(r, "name"));
        } else if (type == "alert") {
            // Only a true alert sees the attacker; it can come only after the technique it names.
            if (!r.value("true_positive", false)) continue;
            auto it = index.find(CoverageStr(r, "technique"));
            if (it == index.end()) continue;
            TechniqueCoverage& c = out[it->second];
            ++c.alerts;
            if (!c.first_alert_t) c.first_alert_t = CoverageInt(r, "t", 0);
            alert_of[CoverageInt(r, "id", -1)] = it->second;
            const std::string sensor = CoverageStr(r, "sensor"), team = CoverageStr(r, "team");
            auto s = std::find_if(c.sensors.begin(), c.sensors.end(), [&](const CoverageSensor& x) { return x.sensor == sensor && x.team == team; });
            if (s == c.sensors.end()) c.sensors.push_back(CoverageSensor{sensor, team, 1});
            else ++s->alerts;
        } else if (type == "command_done" && r.value("ok", false)) {
            const json cmd = r.value("cmd", json::object());
            if (!cmd.is_object() || CoverageStr(cmd, "kind") != "triage_alert") continue;
            const std::string target = CoverageStr(cmd, "target");
            if (target.empty() || target.size() > 18 || !std::all_of(target.begin(), target.end(), [](char ch) { return ch >= '0' && ch <= '9'; }))
                continue;
            verdict[std::stoll(target)] = CoverageStr(cmd, "value");
        }
    }
    for (const auto& [alert, value] : verdict) {
        auto it = alert_of.find(alert);
        if (it == alert_of.end()) continue;
        if (value == "true_positive") ++out[it->second].confirmed;
        else if (value == "false_positive") ++out[it->second].dismissed;
    }
    for (auto& c : out) {
        if (c.confirmed > 0) c.outcome = CoverageOutcome::Confirmed;
        else if (c.alerts == 0) c.outcome = CoverageOutcome::Unseen;
        else if (c.dismissed > 0) c.outcome = CoverageOutcome::Dismissed;
        else c.outcome = CoverageOutcome::Pending;
    }
    return out;
}

} // namespace bd
