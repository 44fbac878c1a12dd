// cacao_export.cpp: what a team did, as a CACAO v2 playbook (cacao.h; docs/formats.md).
#include "cacao.h"

#include "core/story_clock.h"

#include <cstdio>
#include <iterator>

namespace bd {

using nlohmann::json;
using nlohmann::ordered_json;

namespace {

uint64_t CacaoFnv(const std::string& s, uint64_t basis)
{
    uint64_t h = basis;
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
    // splitmix64's finaliser: FNV alone leaves keys that differ in one character with ids alike.
    h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ull;
    h = (h ^ (h >> 27)) * 0x94d049bb133111ebull;
    return h ^ (h >> 31);
}

// "type--uuid", the uuid derived from `key` (RFC 9562 version 8: name-based, our own hash), so the
// same journal gives the same ids.
std::string CacaoId(const std::string& type, const std::string& key)
{
    const uint64_t a = CacaoFnv(key, 14695981039346656037ull), b = CacaoFnv(key, 0x84222325cbf29ce4ull ^ a);
    unsigned char u[16];
    for (int i = 0; i < 8; ++i) u[i] = (unsigned char)(a >> (56 - 8 * i)), u[8 + i] = (unsigned char)(b >> (56 - 8 * i));
    u[6] = (unsigned char)((u[6] & 0x0F) | 0x80); // version 8
    u[8] = (unsigned char)((u[8] & 0x3F) | 0x80); // RFC variant
    char buf[40];
    std::snprintf(buf, sizeof buf, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", u[0], u[1], u[2], u[3], u[4],
                  u[5], u[6], u[7], u[8], u[9], u[10], u[11], u[12], u[13], u[14], u[15]);
    return type + "--" + buf;
}

std::string CacaoJStr(const json& j, const char* key)
{
    return j.is_object() && j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : "";
}

// A command in words, for the manual command a person reads.
std::string CacaoWordsOf(const std::string& kind, const std::string& target, const std::string& value, const std::string& text,
                         const std::string& other)
{
    const std::string on = target.empty() ? "" : " " + target;
    if (kind == "investigate_host") return "Investigate host" + on;
    if (kind == "isolate_host") return "Isolate host" + on + " from the network";
    if (kind == "release_host") return "Release host" + on + " back onto the network";
    if (kind == "reimage_host") return "Reimage host" + on + " from a clean image";
    if (kind == "restore_host") return "Restore host" + on + " from its backup";
    if (kind == "patch_host") return "Patch host" + on + (value.empty() ? "" : " against " + value);
    if (kind == "reset_credential") return "Reset the password of account" + on;
    if (kind == "disable_account") return "Disable account" + on;
    if (kind == "block_indicator") return "Block indicator" + on + " at the perimeter";
    if (kind == "take_service_offline") return "Take service" + on + " offline";
    if (kind == "bring_service_online") return "Bring service" + on + " back online";
    if (kind == "failover_service") return "Fail service" + on + " over to its standby hosts";
    if (kind == "declare_incident") return "Declare an incident: " + text;
    if (kind == "notify_authority") return "Notify the authority (" + value + " " + text + ")";
    if (kind == "send_message") return "Message " + (value.empty() ? std::string("the war room") : value) + ": " + text;
    if (kind == "request_action") return "Ask " + other + " to " + value + on + (text.empty() ? "" : ": " + text);
    if (kind == "close_ticket") return "Close ticket" + on + " as " + value + (text.empty() ? "" : ": " + text);
    if (kind == "approve_change") return "Approve change" + on;
    if (kind == "rollback_update") return "Roll back update" + on;
    if (kind == "tick_step") return text + " (a checklist item the team ticked: not simulated)";
    return kind + on;
}

} // namespace

ordered_json ExportCacao(const std::vector<json>& records, const std::string& team, std::string& error)
{
    if (team != "itops" && team != "secops") { error = "--team must be itops or secops"; return nullptr; }
    if (records.empty() || CacaoJStr(records.front(), "type") != "header") { error = "the journal has no header"; return nullptr; }
    const json& h = records.front();
    const std::string scenario = h.contains("scenario") ? CacaoJStr(h["scenario"], "id") : "";
    const std::string seed = h.contains("seed") ? h["seed"].dump() : "?";
    const std::string org = CacaoJStr(h, "org"), run_at = CacaoJStr(h, "run_at");
    std::string state_hash;
    for (const auto& r : records)
        if (CacaoJStr(r, "type") == "end") state_hash = CacaoJStr(r, "state_hash");
    const StoryClock clock = StoryClock::Named(CacaoJStr(h, "story_start"));
    const std::string key = scenario + "|" + seed + "|" + org + "|" + team + "|" + state_hash + "|" + run_at;
    const std::string label = team == "itops" ? "ITOps" : "SecOps", other = team == "itops" ? "SecOps" : "ITOps";
    const std::string when = run_at.size() >= 19 ? run_at.substr(0, 19) + ".000Z" : "1970-01-01T00:00:00.000Z";

    // The team's completed commands, in journal order (triage verdicts counted, not listed).
    std::vector<std::pair<int64_t, json>> done;
    int64_t triaged = 0;
    const json* runbook = nullptr; // the team's runbook, when it had one: a ticked checklist item is its step's text
    for (const auto& r : records) {
        if (CacaoJStr(r, "type") == "runbooks" && r.contains("runbooks") && r["runbooks"].is_object() && r["runbooks"].contains(team))
            runbook = &r["runbooks"][team];
        if (CacaoJStr(r, "type") != "command_done" || !r.value("ok", false) || !r.contains("cmd")) continue;
        const json& c = r["cmd"];
        if (CacaoJStr(c, "kind") == "tick_step") { // a checklist item of this team's runbook the team (or the facilitator) ticked
            if (CacaoJStr(c, "target") != team) continue;
            const std::string n = CacaoJStr(c, "value");
            if (CacaoJStr(c, "text") == "untick") { // taken back: the team did not do it after all
                for (auto it = done.rbegin(); it != done.rend(); ++it)
                    if (CacaoJStr(it->second, "kind") == "tick_step" && CacaoJStr(it->second, "value") == n) { done.erase(std::next(it).base()); break; }
                continue;
            }
            json ticked = c;
            const size_t i = n.empty() || n.find_first_not_of("0123456789") != std::string::npos || n.size() > 6 ? 0 : std::stoul(n);
            const json* steps = runbook && runbook->contains("steps") && (*runbook)["steps"].is_array() ? &(*runbook)["steps"] : nullptr;
            ticked["text"] = steps && i >= 1 && i <= steps->size() ? CacaoJStr((*steps)[i - 1], "text") : "checklist item " + n;
            done.push_back({r.value("t", (int64_t)0), std::move(ticked)});
            continue;
        }
        if (CacaoJStr(c, "team") != team) continue;
        if (CacaoJStr(c, "kind") == "triage_alert") { ++triaged; continue; }
        done.push_back({r.value("t", (int64_t)0), c});
    }

    const std::string start_id = CacaoId("start", key + "|start"), end_id = CacaoId("end", key + "|end");
    std::vector<std::string> ids;
    for (size_t i = 0; i < done.size(); ++i) ids.push_back(CacaoId("action", key + "|action|" + std::to_string(i)));
    ordered_json wf = ordered_json::object();
    wf[start_id] = {{"type", "start"}, {"name", "Start"}, {"on_completion", ids.empty() ? end_id : ids[0]}};
    for (size_t i = 0; i < done.size(); ++i) {
        const auto& [t, c] = done[i];
        const std::string kind = CacaoJStr(c, "kind"), target = CacaoJStr(c, "target"), value = CacaoJStr(c, "value"), text = CacaoJStr(c, "text");
        const std::string words = CacaoWordsOf(kind, target, value, text, other);
        // The Breachdrill command, for `import cacao` (a request to the other team is the step it asked for).
        ordered_json ext = ordered_json::object();
        const bool ask = kind == "request_action";
        ext["kind"] = ask ? value : kind;
        const auto k = ParseCommandKind(ask ? value : kind);
        const bool has_target = k && RunbookKindAllowed(*k) && RunbookSelectFits(*k, RunbookSelect::Target);
        if (has_target) ext["target"] = target;
        if (!ask && !value.empty() && k && (*k == CommandKind::NotifyAuthority || *k == CommandKind::SendMessage || *k == CommandKind::PatchHost))
            ext["value"] = value;
        if (k && (*k == CommandKind::NotifyAuthority || *k == CommandKind::SendMessage)) ext["detail"] = text;
        ext["t"] = t;
        ext["command"] = c.value("id", (uint64_t)0);
        ext["issuer"] = CacaoJStr(c, "issuer");
        wf[ids[i]] = {{"type", "action"},
                      {"name", words},
                      {"description", label + " at " + clock.At(t) + " (command " + std::to_string(c.value("id", (uint64_t)0)) + ")"},
                      {"commands", ordered_json::array({{{"type", "manual"}, {"command", words}}})},
                      {"step_extensions", {{kCacaoExtensionId, ext}}},
                      {"on_completion", i + 1 < ids.size() ? ids[i + 1] : end_id}};
    }
    wf[end_id] = {{"type", "end"}, {"name", "End"}};

    ordered_json pb = ordered_json::object();
    pb["type"] = "playbook";
    pb["spec_version"] = "cacao-2.0";
    pb["id"] = CacaoId("playbook", key);
    pb["name"] = label + " response in " + (scenario.empty() ? std::string("an exercise") : scenario) + " (seed " + seed + ", " + org + ")";
    pb["description"] = "What " + label + " did in a Breachdrill exercise, in order: " + std::to_string(done.size()) + " commands" +
                        (triaged ? " (and " + std::to_string(triaged) + " alert triage verdicts, not listed)" : std::string()) +
                        ". A starting point for the improvement plan; `breachdrill import cacao` reads it back as a runbook.";
    pb["playbook_types"] = {"investigation", "remediation"};
    pb["created_by"] = CacaoId("identity", "breachdrill");
    pb["created"] = when;
    pb["modified"] = when;
    pb["labels"] = {"breachdrill", "exercise", team};
    pb["workflow_start"] = start_id;
    pb["workflow"] = std::move(wf);
    pb["extension_definitions"] = {
        {kCacaoExtensionId,
         {{"type", "extension-definition"},
          {"name", "breachdrill-command"},
          {"description", "The Breachdrill command of the step (docs/formats.md, \"CACAO v2 playbooks\"): kind, target, value, detail; "
                          "t, the simulated second it completed; command, its id in the journal"},
          {"created_by", CacaoId("identity", "breachdrill")},
          {"schema", "https://breachdrill.invalid/docs/formats.md#cacao-v2-playbooks"},
          {"version", "1.0.0"}}}};
    return pb;
}

} // namespace bd
