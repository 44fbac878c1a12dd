// commands.cpp: the command table, and commands to and from JSON (see commands.h).
// The checks and effects of each kind live in simulation.cpp (Simulation::CheckAt / Apply).
#include "world/commands.h"

#include <cstdio>

namespace bd {

// The command table: one row per kind, in CommandKind order.
//   kind, name, itops, secops, facilitator, duration, disruptive, change, help
static const std::vector<CommandSpec> kTable = {
    {CommandKind::TriageAlert, "triage_alert", true, true, false, 5 * kMinute, false, false,
     "Mark an alert as a true or false positive (value: true_positive | false_positive)."},
    {CommandKind::InvestigateHost, "investigate_host", true, true, false, 45 * kMinute, false, false,
     "Examine a host: reveals a compromise, cached credentials, C2 indicators and linked hosts."},
    {CommandKind::IsolateHost, "isolate_host", true, true, false, 15 * kMinute, true, true,
     "Cut a host off the network. Its services go down. On production hosts a change: ITOps, after approval."},
    {CommandKind::ReleaseHost, "release_host", true, true, false, 10 * kMinute, false, false,
     "Put an isolated host back on the network."},
    {CommandKind::ReimageHost, "reimage_host", true, false, false, 4 * kHour, true, true,
     "Wipe and rebuild a host: removes footholds, persistence and encryption. The host is down meanwhile."},
    {CommandKind::RestoreHost, "restore_host", true, false, false, 3 * kHour, true, true,
     "Restore a host from its backup: removes encryption; an implant with persistence comes back with it."},
    {CommandKind::PatchHost, "patch_host", true, false, false, 1 * kHour, false, true,
     "Patch a host's vulnerabilities (value: one vulnerability id, or empty for all). A patch can fail."},
    {CommandKind::ResetCredential, "reset_credential", true, true, false, 10 * kMinute, false, false,
     "Reset an account's credential: stolen copies stop working."},
    {CommandKind::DisableAccount, "disable_account", true, true, false, 5 * kMinute, true, false,
     "Disable an account."},
    {CommandKind::BlockIndicator, "block_indicator", true, true, false, 15 * kMinute, false, false,
     "Block a domain or IP address at the perimeter."},
    {CommandKind::TakeServiceOffline, "take_service_offline", true, false, false, 5 * kMinute, true, true,
     "Take a business service offline."},
    {CommandKind::BringServiceOnline, "bring_service_online", true, false, false, 10 * kMinute, false, true,
     "Bring a service that was taken offline back."},
    {CommandKind::FailoverService, "failover_service", true, false, false, 30 * kMinute, false, true,
     "Move a service to its standby hosts."},
    {CommandKind::DeclareIncident, "declare_incident", true, true, false, 0, false, false,
     "Declare an incident, naming the affected hosts (assets) and a summary (text)."},
    {CommandKind::NotifyAuthority, "notify_authority", true, true, false, 0, false, false,
     "Notify an authority: value nis2 (text early_warning | notification | final_report) or gdpr (text notification)."},
    {CommandKind::RequestAction, "request_action", true, true, false, 0, false, false,
     "Ask the other team to act: value is the command kind wanted, target its target, text the reason."},
    {CommandKind::ApproveChange, "approve_change", true, false, false, 0, false, false,
     "Approve a change that waits for approval (target: its command id) so it runs now."},
    {CommandKind::SendMessage, "send_message", true, true, true, 0, false, false,
     "Send a message (value: itops | secops, or empty for the shared war room)."},
    {CommandKind::CloseTicket, "close_ticket", true, true, false, 0, false, false,
     "Close a ticket addressed to your team (value: done | rejected; text: why)."},
    {CommandKind::AddNote, "add_note", true, true, true, 0, false, false,
     "Write a note (text, one line, at most 500 characters) on an alert (target: its number), on its group (value: group) "
     "or on the exercise (no target). Your team and the facilitator read it; the other team too with value shared. "
     "The facilitator's notes are for the debrief alone."},
    {CommandKind::FireInject, "fire_inject", false, false, true, 0, false, false,
     "Facilitator: deliver an inject of the MSEL now (target: its number)."},
    {CommandKind::RollbackUpdate, "rollback_update", true, false, false, 45 * kMinute, false, true,
     "Roll back a faulty vendor update (target: the operations event): every host it took down comes back. "
     "SecOps must agree: name the ticket in which SecOps asked for it."},
    {CommandKind::SetAutopilot, "set_autopilot", false, false, true, 0, false, false,
     "Facilitator: hand a seat to its autopilot (target itops | secops, value on) when a player leaves, or take it back (value off)."},
    {CommandKind::TickStep, "tick_step", true, true, true, 0, false, false,
     "Tick a checklist item of a team's runbook done (target: the team, itops | secops; value: the step's number), or untick it "
     "(text: untick). The team says it did it: nothing is simulated. A command step is done by its command, not ticked."},
};

const std::vector<CommandSpec>& CommandTable() { return kTable; }
const CommandSpec& Spec(CommandKind k) { return kTable[(size_t)k]; }
const char* CommandKindName(CommandKind k) { return (size_t)k < kTable.size() ? kTable[(size_t)k].name : "?"; }

std::optional<CommandKind> ParseCommandKind(std::string_view s)
{
    for (const auto& spec : kTable)
        if (s == spec.name) return spec.kind;
    return std::nullopt;
}

const char* ResultCodeName(ResultCode c)
{
    switch (c) {
    case ResultCode::Ok: return "ok";
    case ResultCode::UnknownTarget: return "unknown_target";
    case ResultCode::Permission: return "permission";
    case ResultCode::Precondition: return "precondition";
    case ResultCode::Invalid: return "invalid";
    case ResultCode::Duplicate: return "duplicate";
    }
    return "?";
}

static const std::vector<RoleSpec> kRoles = {
    {"sysadmin", Team::ITOps, "System administrator"},
    {"network_engineer", Team::ITOps, "Network engineer"},
    {"service_desk", Team::ITOps, "Service desk"},
    {"it_manager", Team::ITOps, "IT operations manager"},
    {"analyst", Team::SecOps, "Security analyst"},
    {"incident_responder", Team::SecOps, "Incident responder"},
    {"security_engineer", Team::SecOps, "Security engineer"},
    {"threat_intel", Team::SecOps, "Threat intelligence analyst"},
    {"soc_manager", Team::SecOps, "SOC manager"},
    {"facilitator", Team::Facilitator, "Facilitator"},
};

const std::vector<RoleSpec>& Roles() { return kRoles; }

const RoleSpec* FindRole(std::string_view id)
{
    for (const auto& r : kRoles)
        if (id == r.id) return &r;
    return nullptr;
}

bool RoleMay(const RoleSpec& role, CommandKind kind)
{
    const std::string_view id = role.id;
    switch (kind) {
    case CommandKind::ApproveChange: return id == "it_manager";
    case CommandKind::NotifyAuthority: return id == "it_manager" || id == "soc_manager";
    case CommandKind::DeclareIncident: return id == "it_manager" || id == "soc_manager" || id == "incident_responder";
    default: return true;
    }
}

const char* DefaultRole(Team team, CommandKind kind)
{
    if (team == Team::Facilitator) return "facilitator";
    if (team == Team::ITOps) {
        switch (kind) {
        case CommandKind::ApproveChange:
        case CommandKind::NotifyAuthority:
        case CommandKind::DeclareIncident: return "it_manager";
        case CommandKind::BlockIndicator: return "network_engineer";
        case CommandKind::TriageAlert:
        case CommandKind::ResetCredential:
        case CommandKind::DisableAccount: return "service_desk";
        default: return "sysadmin";
        }
    }
    switch (kind) {
    case CommandKind::TriageAlert: return "analyst";
    case CommandKind::NotifyAuthority: return "soc_manager";
    case CommandKind::BlockIndicator: return "security_engineer";
    default: return "incident_responder";
    }
}

nlohmann::json ToJson(const Command& c)
{
    nlohmann::json j = {{"id", c.id}, {"kind", CommandKindName(c.kind)}, {"team", TeamName(c.team)},
                        {"issuer", c.issuer}, {"target", c.target}};
    if (!c.role.empty()) j["role"] = c.role;
    if (!c.value.empty()) j["value"] = c.value;
    if (!c.text.empty()) j["text"] = c.text;
    if (!c.assets.empty()) j["assets"] = c.assets;
    if (c.emergency) j["emergency"] = true;
    if (c.ticket != kNone) j["ticket"] = c.ticket;
    if (!c.client_id.empty()) j["client_id"] = c.client_id;
    return j;
}

namespace {

// ToJson(c) as record fields (the same keys, the same conditions).
template <typename F>
void WithCommandFields(const Command& c, F&& f)
{
    const nlohmann::json assets = c.assets.empty() ? nlohmann::json() : nlohmann::json(c.assets);
    RecordField fields[12] = {{"id", c.id}, {"kind", CommandKindName(c.kind)}, {"team", TeamName(c.team)},
                              {"issuer", c.issuer}, {"target", c.target}};
    size_t n = 5;
    if (!c.role.empty()) fields[n++] = {"role", c.role};
    if (!c.value.empty()) fields[n++] = {"value", c.value};
    if (!c.text.empty()) fields[n++] = {"text", c.text};
    if (!c.assets.empty()) fields[n++] = {"assets", assets};
    if (c.emergency) fields[n++] = {"emergency", true};
    if (c.ticket != kNone) fields[n++] = {"ticket", c.ticket};
    if (!c.client_id.empty()) fields[n++] = {"client_id", c.client_id};
    f(fields, n);
}

const RecordField::Writer kCommandWriter = {
    [](const void* p, std::string& out) {
        WithCommandFields(*static_cast<const Command*>(p), [&](const RecordField* f, size_t n) { DumpObject(f, n, out); });
    },
    [](const void* p) { return ToJson(*static_cast<const Command*>(p)); },
};

} // namespace

RecordField CommandField(std::string_view key, const Command& c) { return RecordField(key, &c, &kCommandWriter); }

bool FromJson(const nlohmann::json& j, Command& out, std::string& error)
{
    if (!j.is_object()) { error = "a command must be a JSON object"; return false; }
    auto str = [&](const char* key, std::string& dst) {
        if (!j.contains(key)) return true;
        if (!j[key].is_string()) { error = std::string("'") + key + "' must be a string"; return false; }
        dst = j[key].get<std::string>();
        return true;
    };
    std::string kind, team;
    if (!str("kind", kind) || !str("team", team) || !str("issuer", out.issuer) || !str("target", out.target) ||
        !str("value", out.value) || !str("text", out.text) || !str("role", out.role) || !str("client_id", out.client_id))
        return false;
    auto k = ParseCommandKind(kind);
    if (!k) { error = "unknown command kind '" + kind + "'"; return false; }
    out.kind = *k;
    auto t = ParseTeam(team);
    if (!t) { error = "unknown team '" + team + "' (itops, secops, facilitator)"; return false; }
    out.team = *t;
    if (j.contains("assets")) {
        if (!j["assets"].is_array()) { error = "'assets' must be a list of host ids"; return false; }
        for (const auto& a : j["assets"]) {
            if (!a.is_string()) { error = "'assets' must be a list of host ids"; return false; }
            out.assets.push_back(a.get<std::string>());
        }
    }
    if (j.contains("emergency")) {
        if (!j["emergency"].is_boolean()) { error = "'emergency' must be true or false"; return false; }
        out.emergency = j["emergency"].get<bool>();
    }
    if (j.contains("ticket")) {
        if (!j["ticket"].is_number_integer()) { error = "'ticket' must be a ticket number"; return false; }
        out.ticket = j["ticket"].get<int32_t>();
    }
    if (j.contains("id") && j["id"].is_number_unsigned()) out.id = j["id"].get<uint64_t>();
    return true;
}

// Why a note's text cannot be kept ("" when it can): at most kNoteMaxChars characters of valid
// UTF-8 on one line, no control characters (a note is shown in a table cell and in the report).
std::string NoteTextProblem(std::string_view text)
{
    size_t chars = 0, visible = 0;
    for (size_t i = 0; i < text.size(); ++chars) {
        const unsigned char c = (unsigned char)text[i];
        const int len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        if (len == 0 || i + len > text.size()) return "the note is not valid UTF-8 (byte " + std::to_string(i + 1) + ")";
        uint32_t cp = len == 1 ? c : c & (0x7F >> len);
        for (int k = 1; k < len; ++k) {
            const unsigned char cc = (unsigned char)text[i + k];
            if ((cc >> 6) != 0x2) return "the note is not valid UTF-8 (byte " + std::to_string(i + k + 1) + ")";
            cp = cp << 6 | (cc & 0x3F);
        }
        const bool overlong = (len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
        if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return "the note is not valid UTF-8 (byte " + std::to_string(i + 1) + ")";
        if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) {
            char hex[8];
            std::snprintf(hex, sizeof hex, "%04X", (unsigned)cp);
            return std::string("the note holds a control character (U+") + hex + ") at character " + std::to_string(chars + 1) +
                   ": a note is one line of text, without tabs or line breaks";
        }
        visible += cp != ' ';
        i += (size_t)len;
    }
    if (visible == 0) return "the note is empty";
    if (chars > kNoteMaxChars)
        return "the note is " + std::to_string(chars) + " characters long: at most " + std::to_string(kNoteMaxChars);
    return "";
}

} // namespace bd
