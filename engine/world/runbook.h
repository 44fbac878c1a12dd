// runbook.h: a team's runbook, Breachdrill's own format (docs/formats.md, "The runbook format").
//
// A runbook is an ordered list of steps. A step is either a command the team can post (a kind, and
// what it applies to: a selector such as "compromised_hosts", or one literal target) or a checklist
// item for the players (no kind: something Breachdrill does not simulate, "call the insurer").
// `breachdrill import cacao` writes one from a CACAO v2 playbook (interop/); the engine knows only
// this format. With `--runbook secops=FILE` the team's autopilot follows it (response/runbook_pilot.h),
// its seat view shows it as a checklist (exercise/views.h), the players tick its checklist items
// (the command tick_step: they say they did them), and the scorecard says which steps were done and
// when, and which items were ticked (scoring/). The whole runbook is written into the journal's
// header, so a replay or a resume needs no file.
#pragma once
#include "world/commands.h"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace bd {

// What a step applies to. The dynamic selectors read what the team knows (its own findings and
// alerts), never the ground truth.
enum class RunbookSelect : uint8_t {
    None,             // no target: declare_incident, notify_authority, send_message
    Target,           // one literal target, the step's `target` (a host, account, indicator, service)
    AlertedHosts,     // the hosts of the alerts the team confirmed (triaged true_positive)
    CompromisedHosts, // the hosts the team's investigations found compromised
    ExposedAccounts,  // the accounts whose credentials those investigations found exposed
    FoundIndicators,  // the C2 indicators those investigations found
};
// "none", "target", "alerted_hosts", "compromised_hosts", "exposed_accounts", "found_indicators".
const char* RunbookSelectName(RunbookSelect s);
std::optional<RunbookSelect> ParseRunbookSelect(std::string_view s);

struct RunbookStep {
    std::string text;                 // what the checklist says, for a person
    std::optional<CommandKind> kind;  // nullopt: a checklist item, not a command
    RunbookSelect select = RunbookSelect::None;
    std::string target;               // with RunbookSelect::Target
    std::string value;                // the command's value (notify_authority: "nis2" / "gdpr"; send_message: a team)
    std::string detail;               // the command's text (notify_authority: the stage; a message's text)
    std::string source_step;          // where it came from: a CACAO step id ("action--..."), or ""
};

struct Runbook {
    std::string name, description;
    std::string source; // where it came from ("cacao-2.0 playbook--..."), or ""
    std::vector<RunbookStep> steps;
};

// The kinds a runbook step may have: what a team does in response. Not triage (the desk's), not
// approve_change, close_ticket or rollback_update (they answer something that cannot be named in
// advance), not the facilitator's.
bool RunbookKindAllowed(CommandKind k);
// The selectors that fit a kind: hosts for host commands, accounts for account commands, and so
// on; None for the kinds without a target. Target fits every kind with a target.
bool RunbookSelectFits(CommandKind k, RunbookSelect s);

// The runbook as its file holds it ({"format":"breachdrill-runbook/1", ...}; docs/formats.md).
nlohmann::json ToJson(const Runbook& rb);
// Reads a runbook; false when it is not one. Each problem is "/json/pointer: [runbook.NNN] message"
// (every problem, not just the first).
bool RunbookFromJson(const nlohmann::json& j, Runbook& out, std::vector<std::string>& problems);
// Reads a runbook file; false with `error` naming the file and every problem.
bool LoadRunbookFile(const std::string& path, Runbook& out, std::string& error);

// One `--runbook TEAM=FILE` (run, serve, view, the app): reads FILE into runbooks[0] (itops) or
// runbooks[1] (secops). False with `error`; `usage` true when the argument itself is wrong (no
// '=', an unknown team, that team given twice), false when the file is (it names the file).
bool ReadRunbookOption(const std::string& arg, std::optional<Runbook> (&runbooks)[2], std::string& error, bool& usage);

// Does a command of `kind` on `target` (with `value` and `text`) do this step? The kind must be
// the step's; a Target step needs that target, a dynamic selector takes any target; a step's value
// (and, for notify_authority, its stage) must match when set.
bool RunbookStepMatches(const RunbookStep& step, CommandKind kind, const std::string& target, const std::string& value,
                        const std::string& text);

// Where each step of a runbook stands in an exercise: done (when, by which command), or not yet.
struct RunbookStepStatus {
    int64_t done_at = -1;   // simulated time of the command_done that did it; -1 not done
    uint64_t command = 0;   // that command's id
    bool asked = false;     // done by the other team, on this team's request (the command named its ticket)
    // A checklist item (no kind) the players ticked (tick_step): they say they did it; nothing simulated it.
    int64_t ticked_at = -1;  // simulated time of the tick; -1 not ticked (or unticked since)
    std::string ticked_by;   // the seat that ticked it: "itops", "secops" or "facilitator"
    uint64_t tick_command = 0;
};
// A command completed (ok) by the runbook's team, or by the other team on a ticket the runbook's
// team opened (`asked`: a SecOps runbook's "reimage" is done when ITOps reimages on its request):
// marks the first step, in runbook order, that it does and that is not done yet. Returns that
// step's index, or -1. The engine (seat views) and the scorer (from the journal) both use this.
int NoteRunbookCommand(const Runbook& rb, std::vector<RunbookStepStatus>& status, CommandKind kind, const std::string& target,
                       const std::string& value, const std::string& text, int64_t t, uint64_t command_id, bool asked);

// tick_step (commands.h) on a runbook: its value (the step's number, from 1) and text ("" or "tick",
// "untick") read into `index` (from 0) and `tick`. Ok when the command may tick (or untick) that step
// now, else a refusal in words: unknown_target (no such step), invalid (a command step: done by its
// command, never by hand; a text other than tick/untick), precondition (already ticked, not ticked).
// `status` may be shorter than the runbook (nothing ticked yet).
CommandResult RunbookTickCheck(const Runbook& rb, const std::vector<RunbookStepStatus>& status, const std::string& value,
                               const std::string& text, size_t& index, bool& tick);
// Records a tick (or an untick) that RunbookTickCheck allowed. The engine and the scorer both use it.
void NoteRunbookTick(const Runbook& rb, std::vector<RunbookStepStatus>& status, size_t index, bool tick, const std::string& by,
                     int64_t t, uint64_t command_id);

// A step in a few words for a checklist: "isolate_host: compromised_hosts", "block_indicator 198.2.3.4",
// "checklist".
std::string RunbookStepAction(const RunbookStep& step);

} // namespace bd
