// remote.cpp: see remote.h.
#include "remote.h"

#include <unordered_map>

namespace bdui {

using nlohmann::json;

namespace {
bd::HostState StateOf(const std::string& s)
{
    for (auto st : {bd::HostState::Running, bd::HostState::Down, bd::HostState::Isolated, bd::HostState::Reimaging, bd::HostState::Restoring})
        if (s == bd::HostStateName(st)) return st;
    return bd::HostState::Running;
}
bd::AlertStatus StatusOf(const std::string& s)
{
    return s == "true_positive" ? bd::AlertStatus::TruePositive : s == "false_positive" ? bd::AlertStatus::FalsePositive : bd::AlertStatus::New;
}
} // namespace

bd::SeatView SeatViewFromJson(const json& view, bd::Team team)
{
    bd::SeatView v;
    v.team = team;
    v.truth = team == bd::Team::Facilitator;
    std::unordered_map<std::string, int32_t> row;
    for (const auto& h : view.value("hosts", json::array())) {
        bd::SeatHost sh;
        sh.index = (bd::HostId)v.hosts.size();
        sh.id = h.value("id", "");
        sh.kind = h.value("kind", "");
        sh.zone = h.value("zone", "");
        sh.state = StateOf(h.value("state", ""));
        sh.production = h.value("production", false);
        sh.owner = bd::ParseTeam(h.value("owner", "itops")).value_or(bd::Team::ITOps);
        sh.criticality = h.value("criticality", 1);
        if (h.contains("open_vulnerabilities")) {
            v.cmdb = true;
            for (const auto& x : h["open_vulnerabilities"])
                if (x.is_string()) sh.open_vulnerabilities.push_back(x.get<std::string>());
            sh.backup = h.value("backup", false);
        }
        if (v.truth)
            v.host_truth.push_back({h.value("compromise", 0), h.value("persistence", false), h.value("encrypted", false), h.value("backup_intact", true)});
        row[sh.id] = sh.index;
        v.hosts.push_back(std::move(sh));
    }
    v.row_of_host.resize(v.hosts.size());
    for (size_t i = 0; i < v.hosts.size(); ++i) v.row_of_host[i] = (int32_t)i;
    v.alerts_on_host.assign(v.hosts.size(), 0);
    v.open_alerts_on_host.assign(v.hosts.size(), 0);
    for (const auto& a : view.value("alerts", json::array())) {
        bd::SeatAlert sa;
        sa.id = a.value("id", 0);
        sa.time = a.value("time", (bd::SimTime)0);
        sa.team = bd::ParseTeam(a.value("team", "secops")).value_or(bd::Team::SecOps);
        const auto it = row.find(a.value("host", ""));
        sa.host = it == row.end() ? bd::kNone : it->second;
        sa.severity = a.value("severity", 1);
        sa.status = StatusOf(a.value("status", "new"));
        sa.sensor = a.value("sensor", "");
        sa.technique = a.value("technique", "");
        sa.technique_name = a.value("technique_name", "");
        sa.summary = a.value("summary", "");
        if (const auto ev = a.find("evidence"); ev != a.end() && ev->is_object()) {
            bd::AlertEvidence& e = sa.evidence;
            e.data_component = ev->value("data_component", "");
            e.user = ev->value("user", "");
            e.process = ev->value("process", "");
            e.parent = ev->value("parent", "");
            e.command_line = ev->value("command_line", "");
            e.file = ev->value("file", "");
            e.source = ev->value("source", "");
            e.destination = ev->value("destination", "");
            e.detail = ev->value("detail", "");
            sa.similar = ev->value("similar", 1);
        }
        const bool real = v.truth && a.value("true_positive", false);
        if (v.truth) v.alert_truth.push_back(real);
        if (sa.status == bd::AlertStatus::New && sa.team != bd::Team::Facilitator) ++v.tally.fresh[sa.team == bd::Team::ITOps ? 0 : 1];
        v.tally.real += real;
        v.tally.real_confirmed += real && sa.status == bd::AlertStatus::TruePositive;
        v.tally.real_dismissed += real && sa.status == bd::AlertStatus::FalsePositive;
        v.tally.false_confirmed += v.truth && !real && sa.status == bd::AlertStatus::TruePositive;
        if (sa.host != bd::kNone) {
            ++v.alerts_on_host[sa.host];
            v.open_alerts_on_host[sa.host] += sa.status == bd::AlertStatus::New;
        }
        v.alert_source.push_back((int32_t)v.alerts.size());
        v.alerts.push_back(std::move(sa));
    }
    return v;
}

} // namespace bdui
