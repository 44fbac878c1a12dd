// runbook_pilot.cpp: following a runbook's steps (runbook_pilot.h).
#include "response/runbook_pilot.h"

#include <algorithm>

namespace bd {

namespace {
void RunbookAddOnce(std::vector<std::string>& v, const std::string& s)
{
    if (std::find(v.begin(), v.end(), s) == v.end()) v.push_back(s);
}
} // namespace

std::vector<std::string> RunbookPilot::Targets(const RunbookStep& step) const
{
    const World& w = sim_.world();
    const TeamKnowledge& k = w.KnowledgeOf(team_);
    std::vector<std::string> out;
    switch (step.select) {
    case RunbookSelect::None: out.push_back(""); break;
    case RunbookSelect::Target: out.push_back(step.target); break;
    case RunbookSelect::AlertedHosts:
        for (AlertId id : k.alerts)
            if (w.alerts[id].status == AlertStatus::TruePositive && w.alerts[id].host != kNone) RunbookAddOnce(out, w.hosts[w.alerts[id].host].id);
        break;
    case RunbookSelect::CompromisedHosts:
        for (const Finding& f : k.findings)
            if (f.compromised) RunbookAddOnce(out, w.hosts[f.host].id);
        break;
    case RunbookSelect::ExposedAccounts:
        for (const Finding& f : k.findings)
            for (IdentityId id : f.credentials_exposed) RunbookAddOnce(out, w.identities[id].id);
        break;
    case RunbookSelect::FoundIndicators:
        for (const Finding& f : k.findings)
            for (const std::string& ind : f.indicators) RunbookAddOnce(out, ind);
        break;
    }
    return out;
}

Command RunbookPilot::Make(const RunbookStep& step, size_t index, const std::string& target) const
{
    Command c;
    c.kind = *step.kind;
    c.team = team_;
    c.issuer = std::string("autopilot:") + TeamName(team_);
    c.role = DefaultRole(team_, c.kind);
    c.target = target;
    c.value = step.value;
    c.text = step.detail;
    if (c.kind == CommandKind::DeclareIncident || c.kind == CommandKind::SendMessage) {
        if (c.text.empty()) c.text = step.text;
        if (c.kind == CommandKind::DeclareIncident) {
            // The hosts the team knows to be in it: found compromised, else named by confirmed alerts.
            RunbookStep hosts;
            hosts.select = RunbookSelect::CompromisedHosts;
            c.assets = Targets(hosts);
            hosts.select = RunbookSelect::AlertedHosts;
            if (c.assets.empty()) c.assets = Targets(hosts);
        }
    }
    if (c.text.empty()) c.text = "runbook step " + std::to_string(index + 1) + ": " + step.text;
    return c;
}

std::optional<Command> RunbookPilot::Next()
{
    if (!started_) return std::nullopt;
    const auto& progress = sim_.RunbookProgress(team_);
    for (size_t i = 0; i < rb_.steps.size(); ++i) {
        const RunbookStep& step = rb_.steps[i];
        if (!step.kind) continue; // a checklist item: for the players
        // A step without a selector is done once; a selector step applies to each new target.
        const bool once = step.select == RunbookSelect::None || step.select == RunbookSelect::Target;
        if (once && i < progress.size() && progress[i].done_at >= 0) continue;
        for (const std::string& target : Targets(step)) {
            if (!tried_.insert({i, target}).second) continue;
            Command c = Make(step, i, target);
            const CommandResult r = sim_.Check(c);
            if (r.ok()) return c;
            if (r.code != ResultCode::Permission || c.kind == CommandKind::DeclareIncident || c.kind == CommandKind::NotifyAuthority) continue;
            // Not this team's to do: ask the team whose it is.
            Command ask;
            ask.kind = CommandKind::RequestAction;
            ask.team = team_;
            ask.issuer = c.issuer;
            ask.role = DefaultRole(team_, ask.kind);
            ask.target = target;
            ask.value = CommandKindName(c.kind);
            ask.text = "runbook step " + std::to_string(i + 1) + ": " + step.text;
            if (sim_.Check(ask).ok()) return ask;
        }
    }
    return std::nullopt;
}

} // namespace bd
