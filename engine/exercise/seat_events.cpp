// seat_events.cpp: see seat_events.h.
#include "exercise/seat_events.h"

#include "exercise/views.h"

namespace bd {

using nlohmann::json;

namespace {

// Copies the listed fields of `from` that exist: the whitelist.
json Pick(const json& from, std::initializer_list<const char*> keys)
{
    json out = json::object();
    for (const char* k : keys)
        if (auto it = from.find(k); it != from.end()) out[k] = *it;
    return out;
}

json Stamp(const json& rec, const char* type)
{
    return json{{"t", rec.value("t", (SimTime)0)}, {"seq", rec.value("seq", (uint64_t)0)}, {"type", type}};
}

} // namespace

void SeatEventFilter::Observe(const json& rec)
{
    if (rec.value("type", "") != "command") return;
    const auto it = rec.find("cmd");
    if (it == rec.end() || !it->is_object()) return;
    if (const auto team = ParseTeam(it->value("team", "")); team) command_team_[it->value("id", (uint64_t)0)] = *team;
}

std::optional<json> SeatEventFilter::For(Team team, const json& rec) const
{
    if (team == Team::Facilitator) return rec;
    if (team != Team::ITOps && team != Team::SecOps) return std::nullopt;
    const World& w = sim_.world();
    const bool shared = sim_.org().shared_tools;
    const std::string type = rec.value("type", "");
    auto team_of = [&](uint64_t id) -> std::optional<Team> {
        const auto it = command_team_.find(id);
        return it == command_team_.end() ? std::nullopt : std::optional<Team>(it->second);
    };
    auto own_cmd = [&](const json& cmd) {
        return json(Pick(cmd, {"id", "kind", "team", "issuer", "role", "target", "value", "text", "assets", "emergency", "ticket", "client_id"}));
    };

    if (type == "command") {
        const json& cmd = rec.at("cmd");
        if (ParseTeam(cmd.value("team", "")) != team) return std::nullopt;
        json out = Stamp(rec, "command");
        out["cmd"] = own_cmd(cmd);
        return out;
    }
    if (type == "command_result" || type == "change_approved") {
        if (team_of(rec.value("id", (uint64_t)0)) != team) return std::nullopt;
        json out = Stamp(rec, type.c_str());
        out.update(Pick(rec, {"id", "ok", "code", "message", "status", "due", "by"}));
        return out;
    }
    if (type == "command_done") {
        const json& cmd = rec.at("cmd");
        const auto from = ParseTeam(cmd.value("team", ""));
        if (from == team) {
            json out = Stamp(rec, "command_done");
            out["cmd"] = own_cmd(cmd);
            out.update(Pick(rec, {"ok", "code", "message", "uncoordinated"}));
            return out;
        }
        // Another team's message to this team or to the war room (the facilitator's too).
        if (cmd.value("kind", "") == "send_message" && rec.value("ok", false)) {
            const std::string to = cmd.value("value", "");
            if (!to.empty() && ParseTeam(to) != team) return std::nullopt;
            json out = Stamp(rec, "message");
            out["from"] = cmd.value("team", "");
            out["to"] = to.empty() ? "war_room" : to;
            out["text"] = cmd.value("text", "");
            return out;
        }
        // A note the other team shared (add_note, value "shared"); never the facilitator's.
        if (cmd.value("kind", "") == "add_note" && rec.value("ok", false) && from != Team::Facilitator &&
            cmd.value("value", "").find("shared") != std::string::npos) {
            json out = Stamp(rec, "note");
            out["by"] = cmd.value("team", "");
            out.update(Pick(cmd, {"target", "value", "text"}));
            return out;
        }
        return std::nullopt;
    }
    if (type == "alert") {
        const int64_t id = rec.value("id", (int64_t)-1);
        if (id < 0 || id >= (int64_t)w.alerts.size() || !TeamSeesAlert(sim_, team, w.alerts[id])) return std::nullopt;
        json out = Stamp(rec, "alert");
        out.update(Pick(rec, {"id", "team", "sensor", "host", "technique", "severity", "summary"}));
        return out;
    }
    if (type == "ticket") {
        const auto from = ParseTeam(rec.value("from", "")), to = ParseTeam(rec.value("to", ""));
        if (!shared && from != team && to != team) return std::nullopt;
        json out = Stamp(rec, "ticket");
        out.update(Pick(rec, {"id", "from", "to", "action", "target", "reason"}));
        return out;
    }
    if (type == "ticket_closed") {
        const int64_t id = rec.value("id", (int64_t)-1);
        if (id < 0 || id >= (int64_t)w.tickets.size()) return std::nullopt;
        const Ticket& t = w.tickets[id];
        if (!shared && t.from != team && t.to != team) return std::nullopt;
        json out = Stamp(rec, "ticket_closed");
        out.update(Pick(rec, {"id", "status", "command", "answer"}));
        return out;
    }
    if (type == "host") {
        // ITOps' CMDB shows every host's state; SecOps' tools the hosts with its sensors.
        if (team == Team::SecOps && !shared) {
            const HostId h = w.FindHost(rec.value("id", ""));
            if (h == kNone || !SecOpsCovers(w, w.hosts[h])) return std::nullopt;
        }
        json out = Stamp(rec, "host");
        out.update(Pick(rec, {"id", "state"}));
        return out;
    }
    if (type == "service") {
        if (team != Team::ITOps && !shared) return std::nullopt;
        json out = Stamp(rec, "service");
        out.update(Pick(rec, {"id", "up"}));
        return out;
    }
    if (type == "inject") {
        const std::string to = rec.value("team", "");
        if (to != "all" && to != TeamName(team)) return std::nullopt;
        json out = Stamp(rec, "inject");
        out.update(Pick(rec, {"number", "team", "role", "synopsis", "text"}));
        return out;
    }
    if (type == "end") {
        json out = Stamp(rec, "end");
        out.update(Pick(rec, {"reason", "state_hash"}));
        return out;
    }
    return std::nullopt;
}

} // namespace bd
