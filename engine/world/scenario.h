// scenario.h: a scenario as the engine uses it, and the loader that builds one from JSON.
//
// A scenario is a folder under scenarios/ with scenario.json (format: docs/authoring.md, schema:
// docs/scenario.schema.json). Loading collects every problem it finds, each with the file, a JSON
// pointer and a stable id ("[scenario.012] host 'db-01' is not defined"), so an author sees all of
// them at once. A scenario that loads with no error can be played; warnings do not stop it.
#pragma once
#include "core/story_clock.h"
#include "world/world.h"

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

namespace bd {

// [SECTION] The attack campaign

// What a stage does to the world. The technique id names how (real ATT&CK id); the action says
// what the engine changes when it succeeds.
enum class StageAction : uint8_t {
    InitialAccess,    // gain a user-level foothold on a target host from the internet (phish, exploit, valid account)
    Execution,        // run code on a foothold: no state change, but telemetry
    Persistence,      // the foothold survives resets and reboots (only a reimage removes it)
    PrivilegeEscalation, // user-level foothold becomes admin-level
    CredentialAccess, // steal every credential cached on the foothold host
    Discovery,        // learn the network: telemetry only, lowers the time of later stages
    LateralMovement,  // move hop by hop towards the target over allowed flows, with a credential or a remote vuln
    CommandAndControl,// (re)establish the C2 channel; needed before anything else acts through it
    Collection,       // stage records from a data store on a reachable host
    Exfiltration,     // send staged records out over C2
    InhibitRecovery,  // delete the backups of reachable hosts
    Impact,           // encrypt reachable hosts of the target selector
    // Pre-attack stages (engine/attack/pre_attack.cpp): before initial access and outside the estate.
    // They take time and compromise nothing; only a sensor that sees their data components notices.
    Reconnaissance,      // TA0043: scan or probe the estate's internet-facing hosts, gather what is public
    ResourceDevelopment, // TA0042: acquire infrastructure, obtain or stage capabilities: nothing inside the estate
};
const char* StageActionName(StageAction a);
// True for reconnaissance and resource development: stages that happen before initial access,
// from outside the estate, on no foothold.
constexpr bool IsPreAttack(StageAction a)
{
    return a == StageAction::Reconnaissance || a == StageAction::ResourceDevelopment;
}
std::optional<StageAction> ParseStageAction(std::string_view s);

// A duration drawn from a log-normal distribution: median and spread (sigma of the log).
struct DurationDist {
    SimTime median_s = 10 * kMinute;
    double sigma = 0.5;
};

// Which hosts a stage may act on. Empty fields match anything. Scripted stages name one host;
// seeded stages let the seed choose among the matching hosts that are reachable.
struct TargetSelector {
    std::string host;  // a host id
    std::vector<std::string> kinds; // host kinds: a host of any of them matches (empty = any kind)
    std::string zone;  // a zone id
    std::string store; // a data store id (collection, exfiltration)
    int count = 1;     // impact: how many hosts at most (0 = every reachable match)
    bool KindMatches(const std::string& k) const
    {
        if (kinds.empty()) return true;
        for (const auto& want : kinds)
            if (want == k) return true;
        return false;
    }
    std::string KindText() const // "server", "server or database", "" for any
    {
        std::string out;
        for (const auto& k : kinds) out += (out.empty() ? "" : " or ") + k;
        return out;
    }
};

struct Stage {
    std::string name;        // "Phishing e-mail opened"
    std::string technique;   // ATT&CK id, must exist and not be deprecated or revoked
    StageAction action = StageAction::Execution;
    TargetSelector target;
    DurationDist duration;
    double success_prob = 0.9; // per attempt; a failed attempt is retried after another duration
    SimTime quiet_after_s = 0; // the attacker lies low after this stage
    int max_attempts = 5;      // then the stage is skipped (impact/exfil) or the attacker re-plans
};

// Attackers who keep hours (docs/model.md, mechanism 6; most ransomware is launched outside business
// hours): a stage of one of `actions` that comes due within business hours (StoryClock) waits, with
// probability `share`, for the evening: it starts 2 to 8 hours after the close.
struct OffHours {
    double share = 0.0;               // 0: the attacker keeps no hours
    std::vector<StageAction> actions; // the stages that wait
    bool Covers(StageAction a) const;
};

struct Campaign {
    bool seeded = false;        // false: scripted, targets as written; true: the seed picks among matches
    SimTime start_s = 0;        // when the first stage starts
    std::vector<Stage> stages;
    std::vector<std::string> c2_indicators; // in order of use: blocking one forces the next
    SimTime c2_rebuild_s = 6 * kHour;        // how long a new C2 channel takes after a block
    int max_reentries = 2;                   // fresh initial-access attempts after losing every foothold
    OffHours off_hours;
};

// [SECTION] Operations events: failures that are not an attack

// How the hosts an operations event took down come back.
enum class OpsFix : uint8_t {
    Rollback, // the command rollback_update (ITOps, with SecOps' agreement) fixes every host it hit
    Reboot,   // they come back by themselves after recover_after_s
};

// A faulty vendor update, a power cut...: at time_s, `fraction` of the running hosts that match
// `target` (drawn with the simulation's generator at that time) go down with cause "operations".
struct OperationsEvent {
    std::string name;          // id: the target of rollback_update
    std::string synopsis;      // what ITOps sees it called once a symptom arrived
    SimTime time_s = 0;
    std::string host, kind, zone, os; // the target selector: empty fields match anything
    double fraction = 1.0;     // of the matching hosts: round(fraction x matches), at least 1 if > 0
    std::string symptom;       // ITOps monitoring, per host: "<symptom> on <host>"
    bool secops_alert = false; // also an alert in SecOps' console per host (true_positive false)
    std::string alert_technique, alert_summary, alert_sensor; // sensor "" = the host's first SecOps sensor
    int alert_severity = 3;
    OpsFix fix = OpsFix::Rollback;
    SimTime recover_after_s = 0; // reboot: required; rollback: 0 = only the rollback (or a rebuild) fixes a host
};

// [SECTION] Teams and organisation

// How an organisation works, as the engine's mechanisms read it (docs/model.md says what each one
// stands for in the field, and how the two profiles differ). Keys as in "org_profiles".
struct OrgParams {
    SimTime change_approval_s = 4 * kHour; // a normal change waits this long for approval
    bool shared_tools = false;             // both teams see both tools (alerts, monitoring, tickets)
    double handoff_factor = 1.0;           // multiplies autopilot latencies on cross-team work
    // 1. Tool fragmentation: correlated, an alert joins its host's case and the desk works the most
    // severe case first; otherwise every alert is its own item, first in first out. Each item
    // waiting ahead adds `alert_fatigue` to the time before the next is picked up; uncorrelated,
    // each of the team's alerting tools beyond the first is another console to watch, and adds
    // `console_switch` to it.
    bool correlate_alerts = false;
    double alert_fatigue = 0.05;
    double console_switch = 0.2;
    // 2. Asset visibility: SecOps may investigate hosts that carry none of its sensors (the CMDB's).
    bool shared_inventory = false;
    // 3. ITOps' monitoring symptoms of the attack (CPU, disks, backups, traffic) reach SecOps' desk.
    bool symptoms_to_secops = false;
    // 4. The patch race: median time from a vulnerability's disclosure (during the exercise) to
    // ITOps' patch of the hosts that carry it.
    SimTime patch_within_s = 7 * kDay;
    // 6. Time of day: outside business hours (Mon-Fri 08:00-18:00 of the story clock) the teams'
    // latencies are multiplied by `after_hours_factor`, unless the desk is staffed around the clock.
    bool staffed_24x7 = false;
    double after_hours_factor = 3.0;
    // Capacity and coverage: SecOps analysts triaging at once; SecOps' endpoint agent on every host.
    int secops_analysts = 1;
    bool edr_everywhere = false;
};

// The keys of OrgParams, in the order docs/authoring.md lists them.
const std::vector<const char*>& OrgParamKeys();
// A profile's defaults: siloed has none of the mechanisms that join the teams' work, converged all
// of them (docs/model.md).
OrgParams DefaultOrgParams(OrgProfile profile);

struct AutopilotParams {
    double triage_accuracy = 0.85;          // chance a triage verdict is right
    SimTime triage_latency_s = 20 * kMinute; // median time before an alert is looked at
    SimTime response_latency_s = 30 * kMinute; // median time before acting on a finding or ticket
    double coordination = 0.7;               // chance of asking the other team instead of acting alone, and of sharing findings
    double escalate_severity = 3;            // SecOps: declare and notify after a confirmed alert of at least this severity
    double inject_compliance = 0.7;          // chance of taking an inject's expected action (when not done already)
};

// [SECTION] Injects: the Master Scenario Events List (MSEL)

// What makes an inject fire (besides a facilitator's fire_inject, or another inject's contingency).
enum class InjectTrigger : uint8_t {
    None,        // only by hand (manual), or as another inject's contingency
    Time,        // at time_s
    AfterInject, // `delay_s` after inject `after` was delivered
    Stage,       // `delay_s` after the attacker first succeeds at stage `stage`
    Command,     // `delay_s` after `team` first has a command of `kind` (and `target`) accepted
    Unless,      // at `by_s`, if `team` has had no command of `kind` (and `target`) accepted by then
    Combined,    // `delay_s` after `condition` (all / any of the conditions above, and times) first holds
};

// A command kind with an optional target, as expected of the players or watched by a trigger.
struct InjectAction {
    std::string kind;   // a command kind name ("declare_incident")
    std::string target; // "" = any target
    std::string team;   // "itops", "secops" or "" (any team)
    std::string value;  // "" = any value; else the command's value ("gdpr" for the GDPR notification)
};

// A combined trigger (when.all / when.any, docs/authoring.md "Combined triggers"): a tree whose
// leaves, once true, stay true, so the combination comes true once, at a moment the simulation sees.
struct InjectCondition {
    enum class Kind : uint8_t {
        All,         // every part holds
        Any,         // at least one part holds
        AfterInject, // inject `after` was delivered
        Stage,       // the attacker has succeeded at stage `stage`
        Command,     // a command like `watch` was accepted
        Unless,      // `time_s` has come and no command like `watch` was accepted by then
        Time,        // `time_s` has come
    };
    Kind kind = Kind::All;
    int after = 0;
    int stage = -1;
    SimTime time_s = 0;
    InjectAction watch;
    std::vector<InjectCondition> parts; // All, Any
};
// The injects a condition waits on (its after parts, in order, at any depth).
inline std::vector<int> InjectConditionAfters(const InjectCondition& c)
{
    std::vector<int> out;
    if (c.kind == InjectCondition::Kind::AfterInject) out.push_back(c.after);
    for (const auto& p : c.parts)
        for (int a : InjectConditionAfters(p)) out.push_back(a);
    return out;
}
// Whether a condition can never hold in an exercise of `duration`: a time or unless part after the
// end, a stage in `unreached` (by index; may be empty); an all with such a part, an any with only such parts.
inline bool InjectConditionNever(const InjectCondition& c, SimTime duration, const std::vector<bool>& unreached)
{
    using Kind = InjectCondition::Kind;
    switch (c.kind) {
    case Kind::All:
        for (const auto& p : c.parts)
            if (InjectConditionNever(p, duration, unreached)) return true;
        return false;
    case Kind::Any:
        for (const auto& p : c.parts)
            if (!InjectConditionNever(p, duration, unreached)) return false;
        return true;
    case Kind::Time:
    case Kind::Unless: return c.time_s > duration;
    case Kind::Stage: return c.stage >= 0 && (size_t)c.stage < unreached.size() && unreached[c.stage];
    default: return false;
    }
}
constexpr int kInjectConditionDepth = 4; // all / any levels a when may nest (scenario.066 beyond)

// One line of the MSEL (docs/authoring.md, "injects").
struct Inject {
    int number = 0;
    InjectTrigger trigger = InjectTrigger::None;
    SimTime time_s = 0;    // Time: when; Unless: by when
    SimTime delay_s = 0;   // AfterInject, Stage, Command: how long after
    int after = 0;         // AfterInject: the inject number
    int stage = -1;        // Stage: the stage index
    InjectAction watch;    // Command, Unless: the command watched for
    InjectCondition condition; // Combined: what must hold
    std::string synopsis, text;
    std::string team = "all"; // intended players: itops, secops, facilitator or all
    std::string role;         // intended role within the team ("" = the team)
    std::string controller = "facilitator"; // the responsible controller (HSEEP)
    std::optional<InjectAction> expected;   // the action the inject should provoke
    SimTime expect_within_s = 4 * kHour;    // after delivery; then the outcome is "missed"
    std::string objective;    // one of metadata.objectives
    int contingency = 0;      // the inject fired when the expected action is missed (0 = none)
    std::string notes;
};

// Defaults and the ranges the scenario loader accepts (script_limits in docs/authoring.md).
constexpr int64_t kScriptInstructionsDefault = 1'000'000;
constexpr int64_t kScriptInstructionsMin = 10'000;
constexpr int64_t kScriptInstructionsMax = 1'000'000'000;
constexpr int64_t kScriptMemoryDefault = 16ll << 20;
constexpr int64_t kScriptMemoryMin = 1ll << 20;
constexpr int64_t kScriptMemoryMax = 1ll << 30;
constexpr SimTime kScriptTickDefault = 15 * kMinute;
constexpr SimTime kScriptTickMin = kMinute;

struct Scenario {
    // metadata
    std::string id, title, summary, briefing, facilitator_notes;
    std::string source;        // file path, or "builtin:<id>"
    std::string content_hash;  // hex FNV-1a of the scenario text: journals refer to it
    std::string currency = "EUR";
    SimTime duration_s = 7 * kDay; // the exercise stops here at the latest
    // Where the story starts in the week ("start": "Mon 08:00"): the story clock (core/story_clock.h).
    // None: times read as elapsed time only.
    std::optional<StoryStart> story_start;
    std::vector<std::string> regimes; // "nis2", "gdpr"
    std::vector<std::string> objectives;

    World world;               // the initial world, generated for the seed and size
    Campaign campaign;         // may have no stage when there are operations events
    std::vector<OperationsEvent> operations_events;
    OrgParams org[2] = {DefaultOrgParams(OrgProfile::Siloed), DefaultOrgParams(OrgProfile::Converged)}; // [Siloed], [Converged]
    AutopilotParams autopilot[2]; // [ITOps], [SecOps]
    std::map<std::string, SimTime> command_durations; // overrides of the command table's defaults
    std::vector<Inject> injects; // the MSEL, in file order
    // The scenario's Lua script (docs/lua-api.md): "script" and "script_limits" in scenario.json.
    std::string script_name, script_text; // name as written ("scenario.lua"), and its text ("" = none)
    int64_t script_budget_instructions = kScriptInstructionsDefault; // per call
    int64_t script_memory_bytes = kScriptMemoryDefault;
    SimTime script_tick_s = kScriptTickDefault;                      // on_tick cadence
};

// The index of the scenario's operations event with this name, or kNone.
inline int32_t FindOperationsEvent(const Scenario& s, std::string_view name)
{
    for (size_t i = 0; i < s.operations_events.size(); ++i)
        if (s.operations_events[i].name == name) return (int32_t)i;
    return kNone;
}

// One problem found while loading or validating. Formatted as "FILE: POINTER: [ID] MESSAGE".
struct Problem {
    std::string file;
    std::string pointer; // JSON pointer, "" for the whole document
    std::string id;      // "scenario.012"
    std::string message;
    bool warning = false;
    std::string Format() const;
};

// One organisation parameter changed for a run (compare and whatif's --set, an investment): applied
// after the scenario's own org_profiles, checked like them (problems name the file "--set").
struct OrgChange {
    std::string profile; // "siloed", "converged", or "" for both
    std::string key;     // one of OrgParamKeys()
    std::string value;   // JSON text: "true", "172800", "0.5"
};

struct LoadOptions {
    LoadOptions() = default;
    LoadOptions(uint64_t seed_, int64_t size_ = 0, std::vector<OrgChange> changes = {})
        : seed(seed_), size(size_), org_changes(std::move(changes)) {}
    uint64_t seed = 1;     // drives the infrastructure generator (which host gets what)
    int64_t size = 0;      // 0: the scenario's own host counts; N: scale scalable groups to about N hosts
    std::vector<OrgChange> org_changes; // applied in order after the scenario's org_profiles
};

struct LoadResult {
    Scenario scenario;
    std::vector<Problem> problems; // errors and warnings
    bool Ok() const;               // no errors (warnings allowed)
};

// Loads a scenario from a folder (reads FOLDER/scenario.json), a .json file, or a built-in id.
LoadResult LoadScenario(const std::string& ref, const LoadOptions& options);
// Loads from JSON text; `file` only labels the problems.
LoadResult LoadScenarioText(const std::string& text, const std::string& file, const LoadOptions& options);

// Built-in scenarios, embedded in the binary from scenarios/*/scenario.json.
struct BuiltinScenario {
    const char* id;
    const char* text;
};
const std::vector<BuiltinScenario>& BuiltinScenarios();
// Other files of the built-in scenario folders (scenarios/*/*.lua), embedded the same way.
struct BuiltinScenarioFile {
    const char* scenario; // the built-in id
    const char* name;     // the file name, as a scenario's "script" names it
    const char* text;
};
const std::vector<BuiltinScenarioFile>& BuiltinScenarioFiles();

} // namespace bd
