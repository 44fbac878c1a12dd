// report_overview.cpp: the overview's facts read from the records: who played (one row per team
// and role) and the events of the timeline chart (report.h Participant, ChartEvent).
#include "report_parts.h"
#include "timeline.h"
#include "world/commands.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace bd::report_parts {

std::string RoleLabel(const std::string& role)
{
    if (role.empty()) return "lead";
    if (const RoleSpec* r = FindRole(role)) return r->title;
    return KindLabel(role);
}

std::string PlayedBy(const std::string& issuer)
{
    if (issuer.rfind("player:", 0) == 0) return issuer.substr(7);
    if (issuer.rfind("seat:", 0) == 0) return issuer.substr(5);
    if (issuer.rfind("autopilot:", 0) == 0) return "autopilot";
    return issuer;
}

std::string KindLabel(const std::string& kind)
{
    std::string s = kind;
    std::replace(s.begin(), s.end(), '_', ' ');
    return s;
}

std::vector<Participant> Participants(const std::vector<json>& records)
{
    std::map<std::pair<std::string, std::string>, Participant> rows;
    std::map<std::pair<std::string, std::string>, std::set<std::string>> issuers;
    for (const auto& r : records) {
        if (Str(r, "type") != "command") continue;
        const json& cmd = Obj(r, "cmd");
        const std::string team = Str(cmd, "team"), role = Str(cmd, "role");
        std::string issuer = Str(cmd, "issuer");
        if (issuer.empty()) issuer = "(unnamed)";
        auto& p = rows[{team, role}];
        p.team = team;
        p.role = role;
        ++p.commands;
        issuers[{team, role}].insert(issuer);
    }
    std::vector<Participant> out;
    for (auto& [key, p] : rows) {
        p.issuers.assign(issuers[key].begin(), issuers[key].end());
        p.autopilot = std::all_of(p.issuers.begin(), p.issuers.end(), [](const std::string& i) { return i.rfind("autopilot:", 0) == 0; });
        out.push_back(p);
    }
    return out;
}

std::vector<ChartOutage> ChartOutages(const std::vector<json>& records, ScoreTime end)
{
    std::map<std::string, std::string> names;
    for (const auto& s : HeaderServices(records)) names[s.id] = s.name.empty() ? s.id : s.name;
    std::map<std::string, ChartOutage> open; // service id -> its current stretch
    std::vector<std::string> order;          // services in order of first outage
    std::vector<std::pair<std::string, ChartOutage>> done;
    for (const auto& r : records) {
        if (Str(r, "type") != "service") continue;
        const auto t = Int(r, "t");
        const std::string id = Str(r, "id");
        if (!t || id.empty()) continue;
        if (auto it = open.find(id); it != open.end()) {
            it->second.to = *t;
            done.push_back({id, it->second});
            open.erase(it);
        }
        if (!Bool(r, "up", true)) {
            if (std::find(order.begin(), order.end(), id) == order.end()) order.push_back(id);
            open[id] = ChartOutage{names.count(id) ? names[id] : id, Str(r, "cause"), *t, *t};
        }
    }
    for (auto& [id, o] : open) {
        o.to = end;
        done.push_back({id, o});
    }
    std::vector<ChartOutage> out;
    for (const auto& id : order)
        for (const auto& [sid, o] : done)
            if (sid == id) out.push_back(o);
    return out;
}

std::vector<ChartEvent> ChartEvents(const std::vector<json>& records)
{
    std::vector<ChartEvent> out;
    std::map<int64_t, std::string> inject_synopsis;
    std::map<int64_t, json> posted; // command id -> its cmd, for refusals
    for (const auto& r : records) {
        const std::string type = Str(r, "type");
        const auto t = Int(r, "t");
        if (!t) continue;
        if (type == "command") posted[Int(Obj(r, "cmd"), "id").value_or(-1)] = Obj(r, "cmd");
        if (type == "command_result" && !Bool(r, "ok", true)) {
            const json& cmd = posted[Int(r, "id").value_or(-1)];
            const std::string team = Str(cmd, "team");
            if (team != "secops" && team != "itops") continue;
            std::string label = "refused: " + KindLabel(Str(cmd, "kind"));
            if (!Str(cmd, "target").empty()) label += " " + Str(cmd, "target");
            ChartEvent e{*t, team, label + " (" + Str(r, "message") + ")", false};
            e.refused = true;
            out.push_back(e);
        }
        if (type == "technique") {
            const bool ok = Bool(r, "ok");
            out.push_back({*t, "attacker", TechniqueLabel(r), ok});
        } else if (type == "alert") {
            const bool tp = Bool(r, "true_positive");
            out.push_back({*t, "alerts",
                           "alert " + std::to_string(Int(r, "id").value_or(-1)) + " (" + Str(r, "sensor") + ", " + Str(r, "host") + "): " +
                               Str(r, "summary") + (tp ? " [attacker]" : " [false alarm]"),
                           tp});
        } else if (type == "command_done") {
            const json& cmd = Obj(r, "cmd");
            const std::string team = Str(cmd, "team");
            if (team != "secops" && team != "itops") continue;
            const bool ok = Bool(r, "ok");
            std::string label = KindLabel(Str(cmd, "kind"));
            if (!Str(cmd, "target").empty()) label += " " + Str(cmd, "target");
            if (Str(cmd, "kind") == "add_note") // a note says what it says, and on what
                label = std::string(Str(cmd, "target").empty() ? "note" : Str(cmd, "value").find("group") != std::string::npos
                                                                               ? "note on the group of alert " + Str(cmd, "target")
                                                                               : "note on alert " + Str(cmd, "target")) +
                        ": " + Str(cmd, "text");
            if (!ok) label += " (failed)";
            out.push_back({*t, team, label, ok});
        } else if (type == "inject") {
            const auto n = Int(r, "number").value_or(0);
            inject_synopsis[n] = Str(r, "synopsis");
            out.push_back({*t, "injects", "inject " + std::to_string(n) + ": " + Str(r, "synopsis"), true});
        }
    }
    // An inject whose expected action was missed is drawn hollow.
    for (const auto& r : records)
        if (Str(r, "type") == "inject_outcome" && !Bool(r, "met", true))
            for (auto& e : out)
                if (e.lane == "injects" && e.label.rfind("inject " + std::to_string(Int(r, "number").value_or(0)) + ":", 0) == 0) e.strong = false;
    std::stable_sort(out.begin(), out.end(), [](const ChartEvent& a, const ChartEvent& b) { return a.t < b.t; });
    return out;
}

} // namespace bd::report_parts
