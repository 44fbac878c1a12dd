// cacao_import.cpp: a CACAO v2 playbook to a runbook (cacao.h; docs/formats.md has the tables).
//
// Index:
//   [SECTION] Manual commands: words to command kinds
//   [SECTION] OpenC2 commands: action and target
//   [SECTION] The workflow: references, loops, the walk
//   [SECTION] ImportCacao
#include "cacao.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

namespace bd {

using nlohmann::json;

const char* const kCacaoExtensionId = "extension-definition--6f1c6e4a-2b7d-5c1e-9a3f-b7ea0c4d1e21";

namespace {

// [SECTION] Manual commands: words to command kinds

std::vector<std::string> CacaoWords(const std::string& text)
{
    std::vector<std::string> words;
    std::string w;
    for (char ch : text) {
        const unsigned char c = (unsigned char)ch;
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_') w += (char)std::tolower(c);
        else if (!w.empty()) { words.push_back(w); w.clear(); }
    }
    if (!w.empty()) words.push_back(w);
    return words;
}

// Does a word of `words` start with one of the stems ("isolat" matches isolate, isolated, isolation)?
bool CacaoHas(const std::vector<std::string>& words, const std::vector<const char*>& stems)
{
    for (const auto& w : words)
        for (const char* s : stems)
            if (w.rfind(s, 0) == 0) return true;
    return false;
}

// The first IPv4 address in the text, or "".
std::string CacaoFirstIp(const std::vector<std::string>& words)
{
    for (const auto& w : words) {
        int dots = 0, digits = 0;
        bool ok = !w.empty();
        for (char c : w) {
            if (c == '.') { ok &= digits > 0; ++dots; digits = 0; }
            else if (std::isdigit((unsigned char)c) && digits < 3) ++digits;
            else ok = false;
        }
        if (ok && dots == 3 && digits > 0) return w;
    }
    return "";
}

// One row of the words table: every group must have a word (a group is a list of stems, any of
// which will do); first row that matches wins, so the more specific rows come first.
struct CacaoWordRule {
    std::vector<std::vector<const char*>> groups; // owned: an initializer_list kept in a table would dangle
    CommandKind kind;
    RunbookSelect select;
    const char* value;
    const char* detail;
};

const std::vector<CacaoWordRule>& CacaoWordRules()
{
    using K = CommandKind;
    using S = RunbookSelect;
    static const std::vector<CacaoWordRule> rules = {
        {{{"restor"}, {"backup"}}, K::RestoreHost, S::CompromisedHosts, "", ""},
        {{{"reimag", "re-imag", "rebuild", "wipe", "reinstall"}}, K::ReimageHost, S::CompromisedHosts, "", ""},
        {{{"isolat", "quarantin", "contain", "disconnect"}}, K::IsolateHost, S::CompromisedHosts, "", ""},
        {{{"reset", "rotat", "change", "revok", "expire"}, {"password", "credential", "passphrase", "token", "secret", "key"}},
         K::ResetCredential, S::ExposedAccounts, "", ""},
        {{{"disabl", "lock", "suspend", "deactivat"}, {"account", "user", "login", "identit"}}, K::DisableAccount, S::ExposedAccounts, "", ""},
        {{{"block", "blacklist", "blocklist", "denylist", "sinkhol", "deny", "null-rout"}}, K::BlockIndicator, S::FoundIndicators, "", ""},
        {{{"patch", "hotfix"}}, K::PatchHost, S::CompromisedHosts, "", ""},
        {{{"notif", "report", "inform", "alert"}, {"gdpr", "supervisory", "dpa", "data-protection", "ico", "cnil"}},
         K::NotifyAuthority, S::None, "gdpr", "notification"},
        {{{"notif", "report", "inform", "alert", "warn"}, {"authorit", "regulator", "csirt", "cert", "nis2", "ncsc", "agency"}},
         K::NotifyAuthority, S::None, "nis2", "early_warning"},
        {{{"declar", "open", "rais", "escalat"}, {"incident"}}, K::DeclareIncident, S::None, "", ""},
        {{{"investigat", "analys", "analyz", "forensic", "triag", "examin", "scan", "inspect"}}, K::InvestigateHost, S::AlertedHosts, "", ""},
        {{{"notif", "inform", "tell", "brief", "escalat", "messag", "email", "call"}}, K::SendMessage, S::None, "", ""},
    };
    return rules;
}

// [SECTION] OpenC2 commands: action and target

std::string CacaoBase64(const std::string& in, bool& ok)
{
    std::string out;
    int val = 0, bits = -8;
    ok = true;
    for (unsigned char c : in) {
        int d;
        if (c >= 'A' && c <= 'Z') d = c - 'A';
        else if (c >= 'a' && c <= 'z') d = c - 'a' + 26;
        else if (c >= '0' && c <= '9') d = c - '0' + 52;
        else if (c == '+' || c == '-') d = 62;
        else if (c == '/' || c == '_') d = 63;
        else if (c == '=' || std::isspace(c)) continue;
        else { ok = false; return ""; }
        val = (val << 6) + d;
        bits += 6;
        if (bits >= 0) { out += (char)((val >> bits) & 0xFF); bits -= 8; }
    }
    return out;
}

// The OpenC2 request in a command's content: {"action", "target"} at the top, or wrapped as an
// OpenC2-over-HTTPS message ({"body": {"openc2": {"request": ...}}}).
const json* CacaoOpenC2Request(const json& content)
{
    if (!content.is_object()) return nullptr;
    if (content.contains("action")) return &content;
    for (const char* wrap : {"body", "openc2", "request"})
        if (content.contains(wrap) && content[wrap].is_object()) return CacaoOpenC2Request(content[wrap]);
    return nullptr;
}

std::string CacaoStr(const json& j, const char* key)
{
    return j.is_object() && j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : "";
}

// An OpenC2 request as a runbook step (its text set by the caller); `why` says what was read.
RunbookStep MapOpenC2(const json& req, std::string& why)
{
    RunbookStep s;
    const std::string action = CacaoStr(req, "action");
    const json target = req.value("target", json::object());
    const std::string type = target.is_object() && !target.empty() ? target.begin().key() : "";
    const json& t = type.empty() ? target : target[type];
    why = "OpenC2 " + (action.empty() ? "(no action)" : action) + " " + (type.empty() ? "(no target)" : type);
    std::string address;
    if (type == "ipv4_connection" || type == "ipv6_connection") address = !CacaoStr(t, "dst_addr").empty() ? CacaoStr(t, "dst_addr") : CacaoStr(t, "src_addr");
    else if (type == "ipv4_net" || type == "ipv6_net" || type == "domain_name" || type == "uri" || type == "idn_domain_name")
        address = t.is_string() ? t.get<std::string>() : CacaoStr(t, "value");
    if (address.size() > 3 && address.compare(address.size() - 3, 3, "/32") == 0) address.resize(address.size() - 3);
    const std::string device = type == "device" ? (!CacaoStr(t, "hostname").empty() ? CacaoStr(t, "hostname") : CacaoStr(t, "device_id")) : "";
    auto host = [&](CommandKind k) {
        s.kind = k;
        s.select = device.empty() ? RunbookSelect::CompromisedHosts : RunbookSelect::Target;
        s.target = device;
    };
    if ((action == "deny" || action == "contain" || action == "stop") && !address.empty()) {
        s.kind = CommandKind::BlockIndicator;
        s.select = RunbookSelect::Target;
        s.target = address;
        why += " " + address;
    } else if ((action == "contain" || action == "deny") && type == "device") {
        host(CommandKind::IsolateHost);
    } else if (action == "allow" && type == "device") {
        host(CommandKind::ReleaseHost);
    } else if ((action == "investigate" || action == "scan" || action == "query") && type == "device") {
        host(CommandKind::InvestigateHost);
    } else if (action == "update" && (type == "device" || type == "file")) {
        host(CommandKind::PatchHost);
    } else if (action == "restore" && type == "device") {
        host(CommandKind::RestoreHost);
    }
    return s;
}

// [SECTION] The workflow: references, loops, the walk

std::string CacaoPointerPart(const std::string& s)
{
    std::string out;
    for (char c : s) out += c == '~' ? std::string("~0") : c == '/' ? std::string("~1") : std::string(1, c);
    return out;
}

// A step's references to other steps, in walk order, each with the JSON pointer it sits at.
std::vector<std::pair<std::string, std::string>> CacaoRefs(const json& step, const std::string& at)
{
    std::vector<std::pair<std::string, std::string>> refs;
    auto one = [&](const char* key) {
        if (step.contains(key) && step[key].is_string()) refs.push_back({step[key].get<std::string>(), at + "/" + key});
    };
    one("on_true");
    one("on_false");
    if (step.contains("next_steps") && step["next_steps"].is_array())
        for (size_t i = 0; i < step["next_steps"].size(); ++i)
            if (step["next_steps"][i].is_string()) refs.push_back({step["next_steps"][i].get<std::string>(), at + "/next_steps/" + std::to_string(i)});
    if (step.contains("cases") && step["cases"].is_object())
        for (const auto& [k, v] : step["cases"].items())
            if (v.is_string()) refs.push_back({v.get<std::string>(), at + "/cases/" + CacaoPointerPart(k)});
    one("on_success");
    one("on_completion");
    one("on_failure");
    return refs;
}

// The runbook steps of one action step: one per command.
void CacaoActionSteps(const json& step, const std::string& id, const std::string& at, CacaoImport& out)
{
    const std::string name = CacaoStr(step, "name");
    // Our own export: the Breachdrill command, exactly.
    if (step.contains("step_extensions") && step["step_extensions"].is_object() && step["step_extensions"].contains(kCacaoExtensionId)) {
        json ext = step["step_extensions"][kCacaoExtensionId];
        if (ext.is_object()) {
            ext["text"] = name.empty() ? "(unnamed step)" : name;
            ext["source_step"] = id;
            // A command a runbook cannot hold (a triage, closing a ticket): a checklist item.
            if (const auto k = ext.contains("kind") && ext["kind"].is_string() ? ParseCommandKind(ext["kind"].get<std::string>()) : std::nullopt;
                k && !RunbookKindAllowed(*k))
                for (const char* key : {"kind", "select", "target", "value", "detail"}) ext.erase(key);
            Runbook one;
            std::vector<std::string> problems;
            if (RunbookFromJson(json{{"format", "breachdrill-runbook/1"}, {"steps", json::array({ext})}}, one, problems)) {
                out.runbook.steps.push_back(one.steps[0]);
                return;
            }
            out.notes.push_back(at + "/step_extensions: the Breachdrill command does not read (" + problems.front() + "): mapped by its words");
        }
    }
    const json commands = step.value("commands", json::array());
    if (!commands.is_array() || commands.empty()) {
        RunbookStep s = MapCacaoManualText(name + " " + CacaoStr(step, "description"));
        s.text = name.empty() ? CacaoStr(step, "description") : name;
        if (s.text.empty()) s.text = "(unnamed step)";
        s.source_step = id;
        out.notes.push_back(at + ": an action step without commands: mapped by its name");
        out.runbook.steps.push_back(std::move(s));
        return;
    }
    for (size_t i = 0; i < commands.size(); ++i) {
        const json& c = commands[i];
        const std::string type = CacaoStr(c, "type"), text = CacaoStr(c, "command");
        const std::string cat = at + "/commands/" + std::to_string(i);
        RunbookStep s;
        if (type == "manual") {
            s = MapCacaoManualText(text.empty() ? name : text);
            s.text = text.empty() ? name : text;
        } else if (type == "openc2" || type == "openc2-http") {
            json content;
            if (!CacaoStr(c, "content_b64").empty()) {
                bool ok = false;
                const std::string raw = CacaoBase64(CacaoStr(c, "content_b64"), ok);
                content = ok ? json::parse(raw, nullptr, false) : json();
            } else if (c.contains("content")) {
                content = c["content"].is_string() ? json::parse(c["content"].get<std::string>(), nullptr, false) : c["content"];
            }
            const json* req = content.is_discarded() ? nullptr : CacaoOpenC2Request(content);
            std::string why = "OpenC2 (no request found in the content)";
            if (req) s = MapOpenC2(*req, why);
            else out.notes.push_back(cat + ": no OpenC2 request in its content: a checklist item");
            s.text = (name.empty() ? std::string() : name + ": ") + why;
        } else {
            s.text = (name.empty() ? std::string() : name + ": ") + (type.empty() ? "command" : type) + (text.empty() ? "" : " " + text);
            out.notes.push_back(cat + ": a '" + type + "' command is not simulated: a checklist item");
        }
        if (s.text.empty()) s.text = "(unnamed step)";
        s.source_step = id;
        out.runbook.steps.push_back(std::move(s));
    }
}

// The steps reached from `start`, in the order a person reads the workflow: reverse postorder of
// a depth-first walk (children taken last to first), so both arms of a branch come before the step
// where they join, in the order the playbook gives them; each step once, loops cut where they close.
std::vector<std::string> CacaoOrder(const std::string& start, std::map<std::string, std::vector<std::string>>& next)
{
    std::vector<std::string> post;
    std::set<std::string> seen = {start};
    std::vector<std::pair<std::string, size_t>> stack = {{start, 0}}; // (step, children left to visit)
    stack.back().second = next[start].size();
    while (!stack.empty()) {
        auto& [id, left] = stack.back();
        if (left == 0) {
            post.push_back(id);
            stack.pop_back();
            continue;
        }
        const std::string child = next[id][--left];
        if (seen.insert(child).second) stack.push_back({child, next[child].size()});
    }
    return {post.rbegin(), post.rend()};
}

} // namespace

RunbookStep MapCacaoManualText(const std::string& text)
{
    RunbookStep s;
    const auto words = CacaoWords(text);
    for (const auto& rule : CacaoWordRules()) {
        bool all = true;
        for (const auto& g : rule.groups) all &= CacaoHas(words, g);
        if (!all) continue;
        s.kind = rule.kind;
        s.select = rule.select;
        s.value = rule.value;
        s.detail = rule.detail;
        if (rule.kind == CommandKind::BlockIndicator)
            if (const std::string ip = CacaoFirstIp(words); !ip.empty()) { s.select = RunbookSelect::Target; s.target = ip; }
        if (rule.kind == CommandKind::SendMessage) s.detail = text;
        return s;
    }
    return s;
}

// [SECTION] ImportCacao

CacaoImport ImportCacao(const std::string& text, const std::string& file)
{
    CacaoImport out;
    auto err = [&](const std::string& at, const char* id, const std::string& msg) { out.errors.push_back(file + ": " + at + ": [cacao." + id + "] " + msg); };
    json pb;
    try {
        pb = json::parse(text);
    } catch (const json::parse_error& e) {
        err("", "001", std::string("not JSON: ") + e.what());
        return out;
    }
    if (!pb.is_object() || CacaoStr(pb, "type") != "playbook") {
        err("/type", "002", "not a CACAO playbook: 'type' must be \"playbook\"");
        return out;
    }
    const std::string spec = CacaoStr(pb, "spec_version");
    if (spec.rfind("cacao-2.", 0) != 0) {
        err("/spec_version", "002", "not a CACAO v2 playbook: 'spec_version' is '" + spec + "', not cacao-2.0");
        return out;
    }
    if (!pb.contains("workflow") || !pb["workflow"].is_object() || pb["workflow"].empty()) {
        err("/workflow", "003", "the playbook has no workflow (an object of steps)");
        return out;
    }
    const json& wf = pb["workflow"];
    const std::string start = CacaoStr(pb, "workflow_start");
    if (start.empty()) { err("/workflow_start", "003", "'workflow_start' must name the first step"); return out; }
    if (!wf.contains(start)) { err("/workflow_start", "004", "step '" + start + "' does not exist in the workflow"); return out; }
    // Every step an object with a type; every reference to a step that exists.
    static const std::set<std::string> kTypes = {"start", "end", "action", "playbook-action", "parallel", "if-condition", "while-condition", "switch-condition", "single"};
    std::map<std::string, std::vector<std::string>> next;
    for (const auto& [id, step] : wf.items()) {
        const std::string at = "/workflow/" + CacaoPointerPart(id);
        if (!step.is_object()) { err(at, "003", "step '" + id + "' is not an object"); continue; }
        if (!kTypes.count(CacaoStr(step, "type"))) err(at + "/type", "003", "step '" + id + "' has no known type ('" + CacaoStr(step, "type") + "')");
        for (const auto& [ref, where] : CacaoRefs(step, at)) {
            if (!wf.contains(ref)) err(where, "004", "step '" + id + "' goes on to step '" + ref + "', which does not exist in the workflow");
            else next[id].push_back(ref);
        }
    }
    if (const std::string ex = CacaoStr(pb, "workflow_exception"); !ex.empty() && !wf.contains(ex))
        err("/workflow_exception", "004", "step '" + ex + "' does not exist in the workflow");
    if (!out.errors.empty()) return out;

    const std::vector<std::string> order = CacaoOrder(start, next);
    const std::set<std::string> seen(order.begin(), order.end());
    // A loop with no way out: a step reached from the start from which no end (an end step, or a
    // step that goes on to nothing) can be reached.
    std::set<std::string> finishes;
    for (bool grew = true; grew;) {
        grew = false;
        for (const auto& id : order) {
            if (finishes.count(id)) continue;
            const auto& n = next[id];
            bool ends = n.empty() || CacaoStr(wf[id], "type") == "end";
            for (const auto& m : n) ends |= finishes.count(m) > 0;
            if (ends) grew = finishes.insert(id).second;
        }
    }
    // Named by the loop's head: the step that the loop goes back to.
    for (size_t i = 0; i < order.size(); ++i)
        for (const auto& m : next[order[i]]) {
            const size_t head = (size_t)(std::find(order.begin(), order.end(), m) - order.begin());
            if (finishes.count(m) || head > i) continue;
            err("/workflow/" + CacaoPointerPart(m), "005", "the workflow loops with no way out: step '" + order[i] + "' goes back to step '" + m +
                                                          "', and no path from there reaches an end step");
            return out;
        }

    out.runbook.name = CacaoStr(pb, "name");
    out.runbook.description = CacaoStr(pb, "description");
    out.runbook.source = spec + " " + CacaoStr(pb, "id");
    for (const auto& id : order) {
        const json& step = wf[id];
        const std::string type = CacaoStr(step, "type"), at = "/workflow/" + CacaoPointerPart(id);
        if (type == "action" || type == "single") {
            CacaoActionSteps(step, id, at, out);
        } else if (type == "playbook-action") {
            RunbookStep s;
            s.text = "Run playbook " + CacaoStr(step, "playbook_id") + (CacaoStr(step, "name").empty() ? "" : " (" + CacaoStr(step, "name") + ")");
            s.source_step = id;
            out.runbook.steps.push_back(std::move(s));
            out.notes.push_back(at + ": another playbook is not followed here: a checklist item");
        } else if (type == "if-condition" || type == "while-condition" || type == "switch-condition") {
            out.notes.push_back(at + ": an " + type + " ('" + CacaoStr(step, "condition") + CacaoStr(step, "switch") +
                                "'): its branches are listed in turn, each step applying when it can");
        }
    }
    for (const auto& [id, step] : wf.items())
        if (!seen.count(id)) out.notes.push_back("/workflow/" + CacaoPointerPart(id) + ": not reached from workflow_start: left out");
    if (out.runbook.steps.size() > 1000) err("/workflow", "006", "more than 1000 steps");
    return out;
}

} // namespace bd
