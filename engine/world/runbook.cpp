// runbook.cpp: the runbook format (runbook.h): reading, writing, and which command does which step.
#include "world/runbook.h"

#include <fstream>

namespace bd {

using nlohmann::json;

namespace {

struct RunbookSelectRow {
    RunbookSelect select;
    const char* name;
};
constexpr RunbookSelectRow kRunbookSelects[] = {
    {RunbookSelect::None, "none"},
    {RunbookSelect::Target, "target"},
    {RunbookSelect::AlertedHosts, "alerted_hosts"},
    {RunbookSelect::CompromisedHosts, "compromised_hosts"},
    {RunbookSelect::ExposedAccounts, "exposed_accounts"},
    {RunbookSelect::FoundIndicators, "found_indicators"},
};

// What a kind's target is, for the selectors that fit it.
enum class RunbookTargetOf : uint8_t { Nothing, Host, Account, Indicator, Service, NotAllowed };
RunbookTargetOf RunbookTargetKind(CommandKind k)
{
    switch (k) {
    case CommandKind::InvestigateHost:
    case CommandKind::IsolateHost:
    case CommandKind::ReleaseHost:
    case CommandKind::ReimageHost:
    case CommandKind::RestoreHost:
    case CommandKind::PatchHost: return RunbookTargetOf::Host;
    case CommandKind::ResetCredential:
    case CommandKind::DisableAccount: return RunbookTargetOf::Account;
    case CommandKind::BlockIndicator: return RunbookTargetOf::Indicator;
    case CommandKind::TakeServiceOffline:
    case CommandKind::BringServiceOnline:
    case CommandKind::FailoverService: return RunbookTargetOf::Service;
    case CommandKind::DeclareIncident:
    case CommandKind::NotifyAuthority:
    case CommandKind::SendMessage: return RunbookTargetOf::Nothing;
    default: return RunbookTargetOf::NotAllowed;
    }
}

bool RunbookStageValid(const std::string& regime, const std::string& stage)
{
    if (regime == "nis2") return stage == "early_warning" || stage == "notification" || stage == "final_report";
    return regime == "gdpr" && stage == "notification";
}

// Reads one step at `at` (its JSON pointer); problems are appended.
void RunbookReadStep(const json& s, const std::string& at, RunbookStep& step, std::vector<std::string>& problems)
{
    auto bad = [&](const std::string& key, const char* id, const std::string& msg) {
        problems.push_back(at + (key.empty() ? "" : "/" + key) + ": [runbook." + id + "] " + msg);
    };
    if (!s.is_object()) { bad("", "003", "a step must be an object"); return; }
    auto str = [&](const char* key, std::string& into) {
        if (!s.contains(key) || s[key].is_null()) return;
        if (!s[key].is_string()) { bad(key, "012", std::string("'") + key + "' must be a string"); return; }
        into = s[key].get<std::string>();
    };
    str("text", step.text);
    str("target", step.target);
    str("value", step.value);
    str("detail", step.detail);
    str("source_step", step.source_step);
    if (step.text.empty()) bad("text", "004", "every step needs its 'text': what the checklist says");
    std::string kind, select;
    str("kind", kind);
    str("select", select);
    if (kind.empty()) { // a checklist item
        if (!select.empty() || !step.target.empty()) bad("kind", "009", "a checklist item (no 'kind') has no 'select' or 'target'");
        return;
    }
    const auto k = ParseCommandKind(kind);
    if (!k) { bad("kind", "005", "unknown command kind '" + kind + "' (docs/commands.md lists them)"); return; }
    if (!RunbookKindAllowed(*k)) {
        bad("kind", "006", "'" + kind + "' cannot be a runbook step: a step is a response a team takes (isolate_host, "
                                        "reset_credential, block_indicator, notify_authority, ...; docs/formats.md)");
        return;
    }
    step.kind = k;
    if (select.empty()) select = !step.target.empty() ? "target" : RunbookTargetKind(*k) == RunbookTargetOf::Nothing ? "none" : "";
    if (select.empty()) { bad("select", "009", "'" + kind + "' needs a 'select' (which targets) or a 'target'"); return; }
    const auto sel = ParseRunbookSelect(select);
    if (!sel) {
        bad("select", "007", "unknown selector '" + select + "': one of none, target, alerted_hosts, compromised_hosts, "
                                                           "exposed_accounts, found_indicators");
        return;
    }
    step.select = *sel;
    if (!RunbookSelectFits(*k, *sel)) bad("select", "008", "'" + select + "' does not fit '" + kind + "'");
    if (*sel == RunbookSelect::Target && step.target.empty()) bad("target", "009", "select 'target' needs a 'target'");
    if (*sel != RunbookSelect::Target && !step.target.empty()) bad("target", "009", "a 'target' goes with select 'target'");
    if (*k == CommandKind::NotifyAuthority) {
        if (step.value != "nis2" && step.value != "gdpr") { bad("value", "010", "notify_authority needs 'value' nis2 or gdpr"); return; }
        if (step.detail.empty()) step.detail = step.value == "nis2" ? "early_warning" : "notification";
        if (!RunbookStageValid(step.value, step.detail))
            bad("detail", "011", "'" + step.detail + "' is not a stage of " + step.value +
                                     " (nis2: early_warning, notification, final_report; gdpr: notification)");
    }
    if (*k == CommandKind::SendMessage && !step.value.empty() && step.value != "itops" && step.value != "secops")
        bad("value", "010", "send_message's 'value' is itops, secops, or empty for the war room");
}

} // namespace

const char* RunbookSelectName(RunbookSelect s)
{
    for (const auto& r : kRunbookSelects)
        if (r.select == s) return r.name;
    return "none";
}

std::optional<RunbookSelect> ParseRunbookSelect(std::string_view s)
{
    for (const auto& r : kRunbookSelects)
        if (s == r.name) return r.select;
    return std::nullopt;
}

bool RunbookKindAllowed(CommandKind k) { return RunbookTargetKind(k) != RunbookTargetOf::NotAllowed; }

bool RunbookSelectFits(CommandKind k, RunbookSelect s)
{
    switch (RunbookTargetKind(k)) {
    case RunbookTargetOf::Nothing: return s == RunbookSelect::None;
    case RunbookTargetOf::Host: return s == RunbookSelect::Target || s == RunbookSelect::AlertedHosts || s == RunbookSelect::CompromisedHosts;
    case RunbookTargetOf::Account: return s == RunbookSelect::Target || s == RunbookSelect::ExposedAccounts;
    case RunbookTargetOf::Indicator: return s == RunbookSelect::Target || s == RunbookSelect::FoundIndicators;
    case RunbookTargetOf::Service: return s == RunbookSelect::Target;
    case RunbookTargetOf::NotAllowed: return false;
    }
    return false;
}

json ToJson(const Runbook& rb)
{
    json steps = json::array();
    for (const auto& s : rb.steps) {
        json j = {{"text", s.text}, {"kind", s.kind ? json(CommandKindName(*s.kind)) : json(nullptr)}};
        if (s.kind) j["select"] = RunbookSelectName(s.select);
        if (!s.target.empty()) j["target"] = s.target;
        if (!s.value.empty()) j["value"] = s.value;
        if (!s.detail.empty()) j["detail"] = s.detail;
        j["source_step"] = s.source_step;
        steps.push_back(std::move(j));
    }
    return {{"format", "breachdrill-runbook/1"}, {"name", rb.name}, {"description", rb.description}, {"source", rb.source}, {"steps", steps}};
}

bool RunbookFromJson(const json& j, Runbook& out, std::vector<std::string>& problems)
{
    const size_t before = problems.size();
    out = Runbook{};
    if (!j.is_object()) {
        problems.push_back(": [runbook.001] a runbook is a JSON object with \"format\": \"breachdrill-runbook/1\"");
        return false;
    }
    if (!j.contains("format") || j["format"] != "breachdrill-runbook/1") {
        problems.push_back("/format: [runbook.001] not a runbook: 'format' must be \"breachdrill-runbook/1\" (a CACAO "
                           "playbook is read with `breachdrill import cacao`)");
        return false;
    }
    for (const char* key : {"name", "description", "source"}) {
        if (!j.contains(key) || j[key].is_null()) continue;
        if (!j[key].is_string()) { problems.push_back(std::string("/") + key + ": [runbook.012] '" + key + "' must be a string"); continue; }
        (std::string(key) == "name" ? out.name : std::string(key) == "description" ? out.description : out.source) = j[key].get<std::string>();
    }
    if (!j.contains("steps") || !j["steps"].is_array()) {
        problems.push_back("/steps: [runbook.002] 'steps' must be an array of steps");
        return false;
    }
    constexpr size_t kMaxSteps = 1000;
    if (j["steps"].size() > kMaxSteps) {
        problems.push_back("/steps: [runbook.013] more than 1000 steps");
        return false;
    }
    for (size_t i = 0; i < j["steps"].size(); ++i) {
        RunbookStep step;
        RunbookReadStep(j["steps"][i], "/steps/" + std::to_string(i), step, problems);
        out.steps.push_back(std::move(step));
    }
    return problems.size() == before;
}

bool LoadRunbookFile(const std::string& path, Runbook& out, std::string& error)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) { error = path + ": [runbook.000] cannot open"; return false; }
    std::string text;
    char buf[1 << 16];
    while (in && text.size() <= (16u << 20)) {
        in.read(buf, sizeof buf);
        text.append(buf, (size_t)in.gcount());
    }
    if (text.size() > (16u << 20)) { error = path + ": [runbook.000] larger than 16 MiB"; return false; }
    const json j = json::parse(text, nullptr, false);
    if (j.is_discarded()) { error = path + ": [runbook.001] not JSON"; return false; }
    std::vector<std::string> problems;
    if (RunbookFromJson(j, out, problems)) return true;
    for (const auto& p : problems) error += (error.empty() ? "" : "\n") + path + ": " + p;
    return false;
}

bool ReadRunbookOption(const std::string& arg, std::optional<Runbook> (&runbooks)[2], std::string& error, bool& usage)
{
    usage = true;
    const size_t eq = arg.find('=');
    const std::string team = arg.substr(0, eq);
    if (eq == std::string::npos || eq + 1 == arg.size() || (team != "itops" && team != "secops")) {
        error = "--runbook takes TEAM=FILE, TEAM itops or secops (got '" + arg + "')";
        return false;
    }
    const int seat = team == "itops" ? 0 : 1;
    if (runbooks[seat]) { error = "--runbook " + team + "= is given twice"; return false; }
    usage = false;
    Runbook rb;
    if (!LoadRunbookFile(arg.substr(eq + 1), rb, error)) return false;
    runbooks[seat] = std::move(rb);
    return true;
}

bool RunbookStepMatches(const RunbookStep& step, CommandKind kind, const std::string& target, const std::string& value,
                        const std::string& text)
{
    if (!step.kind || kind != *step.kind) return false;
    if (step.select == RunbookSelect::Target && target != step.target) return false;
    if (!step.value.empty() && value != step.value) return false;
    if (kind == CommandKind::NotifyAuthority && !step.detail.empty() && text != step.detail) return false;
    return true;
}

int NoteRunbookCommand(const Runbook& rb, std::vector<RunbookStepStatus>& status, CommandKind kind, const std::string& target,
                       const std::string& value, const std::string& text, int64_t t, uint64_t command_id, bool asked)
{
    status.resize(rb.steps.size());
    for (size_t i = 0; i < rb.steps.size(); ++i) {
        if (status[i].done_at >= 0 || !RunbookStepMatches(rb.steps[i], kind, target, value, text)) continue;
        status[i].done_at = t;
        status[i].command = command_id;
        status[i].asked = asked;
        return (int)i;
    }
    return -1;
}

CommandResult RunbookTickCheck(const Runbook& rb, const std::vector<RunbookStepStatus>& status, const std::string& value,
                               const std::string& text, size_t& index, bool& tick)
{
    auto refuse = [](ResultCode code, std::string why) { return CommandResult{code, std::move(why), 0}; };
    if (text != "" && text != "tick" && text != "untick")
        return refuse(ResultCode::Invalid, "tick_step's text is tick (or empty) or untick, not '" + text + "'");
    tick = text != "untick";
    const bool digits = !value.empty() && value.size() <= 6 && value.find_first_not_of("0123456789") == std::string::npos;
    const size_t n = digits ? std::stoul(value) : 0;
    if (n == 0 || n > rb.steps.size())
        return refuse(ResultCode::UnknownTarget, "the runbook has no step '" + value + "' (its steps are numbered 1 to " +
                                                     std::to_string(rb.steps.size()) + ")");
    index = n - 1;
    const RunbookStep& step = rb.steps[index];
    if (step.kind)
        return refuse(ResultCode::Invalid, "step " + value + " is a command step (" + RunbookStepAction(step) +
                                               "): it is done when that command completes, not ticked by hand");
    const bool ticked = index < status.size() && status[index].ticked_at >= 0;
    if (tick && ticked) {
        const std::string& by = status[index].ticked_by;
        const std::string who = by == "facilitator" ? "the facilitator" : by == "itops" ? "ITOps" : by == "secops" ? "SecOps" : by;
        return refuse(ResultCode::Precondition, "step " + value + " is already ticked (by " + who + ")");
    }
    if (!tick && !ticked) return refuse(ResultCode::Precondition, "step " + value + " is not ticked");
    return {};
}

void NoteRunbookTick(const Runbook& rb, std::vector<RunbookStepStatus>& status, size_t index, bool tick, const std::string& by,
                     int64_t t, uint64_t command_id)
{
    status.resize(rb.steps.size());
    if (index >= status.size()) return;
    RunbookStepStatus& s = status[index];
    s.ticked_at = tick ? t : -1;
    s.ticked_by = tick ? by : "";
    s.tick_command = command_id;
}

std::string RunbookStepAction(const RunbookStep& step)
{
    if (!step.kind) return "checklist";
    std::string s = CommandKindName(*step.kind);
    if (step.select == RunbookSelect::Target) s += " " + step.target;
    else if (step.select != RunbookSelect::None) s += ": " + std::string(RunbookSelectName(step.select));
    if (!step.value.empty()) s += " " + step.value;
    if (*step.kind == CommandKind::NotifyAuthority && !step.detail.empty()) s += " " + step.detail;
    return s;
}

} // namespace bd
