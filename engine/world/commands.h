// commands.h: the one path for every change of the simulated world.
//
// A command is a plain struct that serialises to JSON. The command table (commands.cpp) gives each
// kind its owning teams, default duration, whether it disrupts operations, and whether it is a
// change that needs approval on production hosts. People, autopilots, scripts and the replay reader
// all call Simulation::Post(); it checks the command (changing nothing), journals it, and schedules
// its completion. Nothing on this path throws: a refused command returns a result with a code and
// a message a trainee understands.
#pragma once
#include "core/record.h"
#include "world/world.h"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace bd {

enum class CommandKind : uint8_t {
    TriageAlert,       // target: alert id; value: "true_positive" | "false_positive"
    InvestigateHost,   // target: host; reveals compromise, cached credentials, indicators
    IsolateHost,       // target: host; cuts it from the network (its services go down)
    ReleaseHost,       // target: host; back on the network
    ReimageHost,       // target: host; wipes footholds, persistence and encryption; long, host down
    RestoreHost,       // target: host; from backup: removes encryption (needs an intact backup)
    PatchHost,         // target: host; value: vulnerability id or "" for all; may fail
    ResetCredential,   // target: identity; stolen copies stop working
    DisableAccount,    // target: identity
    BlockIndicator,    // target: indicator (domain, IP) at the perimeter
    TakeServiceOffline,// target: service
    BringServiceOnline,// target: service
    FailoverService,   // target: service; moves it to its standby hosts
    DeclareIncident,   // assets: host ids named; text: summary
    NotifyAuthority,   // value: regime ("nis2", "gdpr"); text: stage ("early_warning", "notification", "final_report")
    RequestAction,     // to another team: value: requested kind; target: its target; text: reason
    ApproveChange,     // target: the command id of a change waiting for approval
    SendMessage,       // value: "itops" | "secops" | "" (war room); text
    CloseTicket,       // target: ticket id; value: "done" | "rejected"; text: reason
    AddNote,           // any seat: text; target: an alert id or "" (the exercise); value: "group" and/or "shared" (NoteTextProblem)
    FireInject,        // facilitator: target: an inject number of the scenario's MSEL; delivers it now
    RollbackUpdate,    // ITOps: target: an operations event (a faulty update); needs SecOps' ticket asking for it
    SetAutopilot,      // facilitator: target: itops | secops; value: on | off: hands a seat to its autopilot (a player left) or back
    TickStep,          // a team or the facilitator: target: itops | secops (whose runbook); value: a checklist step's number; text: "" / "tick" or "untick"
    Count
};

const char* CommandKindName(CommandKind k);
std::optional<CommandKind> ParseCommandKind(std::string_view s);

struct Command {
    uint64_t id = 0;         // assigned by the engine when posted
    CommandKind kind = CommandKind::SendMessage;
    Team team = Team::SecOps; // the issuing team
    std::string issuer;      // "autopilot:secops", "player:alice", "script", "replay" ...
    std::string role;        // the issuer's role within the team ("analyst", "it_manager"...); "" = the team's lead
    std::string target;
    std::string value;
    std::string text;
    std::vector<std::string> assets;
    bool emergency = false;  // a change made now, without approval: fast, but it has a cost
    int32_t ticket = kNone;  // the ticket this command fulfils
    std::string client_id;   // a networked seat's own id for it (net/): a resent command is recognised, never applied twice
    // stamped by the engine
    SimTime time = 0;
    uint64_t seq = 0;
};

nlohmann::json ToJson(const Command& c);
// A journal record's field holding ToJson(c), written without building it (record.h); `c` must
// outlive the Record() call.
RecordField CommandField(std::string_view key, const Command& c);
// Returns false and fills `error` when the JSON does not describe a command.
bool FromJson(const nlohmann::json& j, Command& out, std::string& error);

// add_note's text: at most this many characters (Unicode code points) of valid UTF-8, on one line.
constexpr size_t kNoteMaxChars = 500;
// Why a note's text cannot be kept, in words ("" when it can): empty, too long, not UTF-8, or a
// control character (a tab, a line break), with where.
std::string NoteTextProblem(std::string_view text);

// Why a command was refused. Stable strings, in the journal and in tests.
enum class ResultCode : uint8_t { Ok, UnknownTarget, Permission, Precondition, Invalid, Duplicate };
const char* ResultCodeName(ResultCode c);

struct CommandResult {
    ResultCode code = ResultCode::Ok;
    std::string message; // for a person: what is wrong and what to do instead
    uint64_t id = 0;     // the command id given when accepted
    bool ok() const { return code == ResultCode::Ok; }
};

// Static facts about each kind (the command table).
struct CommandSpec {
    CommandKind kind;
    const char* name;
    bool itops, secops, facilitator; // which teams may issue it (before host-level rules)
    SimTime duration_s;              // default; a scenario may override by name
    bool disruptive;                 // takes something out of service
    bool change;                     // a change on production: ITOps executes it after approval
    const char* help;
};
const CommandSpec& Spec(CommandKind k);
const std::vector<CommandSpec>& CommandTable();

// Roles within the teams, as named in the field (docs/commands.md).
struct RoleSpec {
    const char* id;    // "it_manager"
    Team team;
    const char* title; // "IT operations manager"
};
const std::vector<RoleSpec>& Roles();
const RoleSpec* FindRole(std::string_view id);
// May a member of this role issue this kind? Most kinds are open to every role of a team that may
// issue them; approving changes, declaring incidents and notifying authorities are for a few.
bool RoleMay(const RoleSpec& role, CommandKind kind);
// The role an autopilot (or a front-end without a role picker) uses for a kind.
const char* DefaultRole(Team team, CommandKind kind);

} // namespace bd
