// bot.cpp: see bot.h.
#include "bot.h"

namespace bd::net {

using nlohmann::json;

bool ViewBot::Once(Client& c, const std::string& kind, const std::string& target, json extra)
{
    if (!done_.insert(kind + " " + target).second) return false;
    json cmd = {{"kind", kind}, {"target", target}};
    cmd.update(extra);
    c.Post(std::move(cmd));
    return true;
}

int ViewBot::Act(Client& c)
{
    if (!c.has_view() || c.view_generation() == seen_generation_ || !c.ended().is_null()) return 0;
    seen_generation_ = c.view_generation();
    const json& v = c.view();
    const std::string team = c.team();
    int posted = 0;
    std::set<std::string> production;
    for (const auto& h : v.value("hosts", json::array()))
        if (h.value("production", false)) production.insert(h.value("id", ""));

    if (team == "secops") {
        for (const auto& a : v.value("alerts", json::array())) {
            if (a.value("status", "") != "new" || a.value("team", "") != "secops") continue;
            const bool real = a.value("severity", 0) >= 3;
            posted += Once(c, "triage_alert", std::to_string(a.value("id", 0)), {{"value", real ? "true_positive" : "false_positive"}});
            if (real && !a.value("host", "").empty()) posted += Once(c, "investigate_host", a.value("host", ""));
        }
        for (const auto& f : v.value("findings", json::array())) {
            if (!f.value("compromised", false)) continue;
            const std::string host = f.value("host", "");
            if (!declared_) {
                declared_ = true;
                posted += Once(c, "declare_incident", "", {{"assets", json::array({host})}, {"text", "compromise found on " + host}});
            }
            if (production.count(host))
                posted += Once(c, "request_action", host, {{"value", "isolate_host"}, {"text", "compromised: please isolate"}});
            else
                posted += Once(c, "isolate_host", host);
            for (const auto& id : f.value("credentials_exposed", json::array())) posted += Once(c, "reset_credential", id.get<std::string>());
            for (const auto& ind : f.value("indicators", json::array())) posted += Once(c, "block_indicator", ind.get<std::string>());
        }
    } else if (team == "itops") {
        for (const auto& w : v.value("work", json::array()))
            if (w.value("awaiting_approval", false)) posted += Once(c, "approve_change", std::to_string(w.value("id", 0)));
        for (const auto& t : v.value("tickets", json::array())) {
            if (t.value("status", "") != "open" || t.value("to", "") != "itops") continue;
            const int id = t.value("id", 0);
            posted += Once(c, t.value("action", ""), t.value("target", ""), {{"ticket", id}});
        }
    }
    return posted;
}

} // namespace bd::net
