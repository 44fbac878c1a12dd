// world.h: the simulated organisation and the attacker's hold on it: plain data, no behaviour.
//
// Everything is stored in vectors and referred to by index (HostId, ServiceId, ...): cheap to copy,
// hash and iterate in a fixed order, and fit for 100,000 hosts. String ids are for people, files
// and the journal; World::Find* maps them back. Ground truth lives here (compromise, encryption,
// stolen credentials); what a team may see is cut out of it by views.h, never by the panels.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace bd {

using SimTime = int64_t; // seconds since the exercise started; never wall-clock time
using HostId = int32_t;
using ZoneId = int32_t;
using ServiceId = int32_t;
using IdentityId = int32_t;
using StoreId = int32_t;
using SensorTypeId = int32_t;
using AlertId = int32_t;
using TicketId = int32_t;
constexpr int32_t kNone = -1;

constexpr SimTime kMinute = 60;
constexpr SimTime kHour = 3600;
constexpr SimTime kDay = 86400;

enum class Team : uint8_t { ITOps, SecOps, Facilitator, Attacker, Engine };
const char* TeamName(Team t); // "itops", "secops", "facilitator", "attacker", "engine"
std::optional<Team> ParseTeam(std::string_view s);

enum class OrgProfile : uint8_t { Siloed, Converged };
const char* OrgName(OrgProfile o);
std::optional<OrgProfile> ParseOrg(std::string_view s);

enum class HostState : uint8_t { Running, Down, Isolated, Reimaging, Restoring };
const char* HostStateName(HostState s);

// Who caused an outage: the attacker (encryption, a wiper) or the defenders' own action.
enum class Cause : uint8_t { None, Attacker, Defender, Operations };
const char* CauseName(Cause c);

enum class Privilege : uint8_t { User, LocalAdmin, ServerAdmin, DomainAdmin };
const char* PrivilegeName(Privilege p);
std::optional<Privilege> ParsePrivilege(std::string_view s);

// [SECTION] Infrastructure

struct Zone {
    std::string id, name;
    bool internet = false;          // the outside world: where the attacker starts
    std::vector<SensorTypeId> sensors; // network sensors watching traffic into this zone
};

struct Vulnerability {
    std::string id;          // "CVE-2024-3400" or a scenario-local name
    std::string software;    // "PAN-OS GlobalProtect"
    SimTime disclosed_at = 0; // scenario time of public disclosure (may be negative: old)
    bool remote = true;       // exploitable over the network (T1190 / T1210)
    double patch_fail_prob = 0.0; // a rushed patch can fail and take the host down
};

struct Host {
    std::string id;       // "fs-01"
    std::string kind;     // workstation, server, domain_controller, database, web, backup, mail, cloud
    std::string os;       // windows, linux, ...
    ZoneId zone = kNone;
    int criticality = 1;  // 1 (low) .. 5 (critical)
    bool production = false; // changes need ITOps and a change approval
    Team owner = Team::ITOps;
    std::vector<std::string> software;
    std::vector<int32_t> vulns;   // indices into World::vulns, still unpatched
    std::vector<SensorTypeId> sensors;
    bool backup = false;          // a backup exists
    bool backup_intact = true;    // not deleted by the attacker (T1490)
    IdentityId user = kNone;      // the person who works at it (phishing target)

    // state, ground truth
    HostState state = HostState::Running;
    Cause down_cause = Cause::None;
    bool encrypted = false;
    int compromise = 0;       // 0 clean, 1 user-level foothold, 2 admin/system
    bool persistence = false; // survives a credential reset and a reboot; only a reimage removes it
    HostId compromised_from = kNone; // the foothold the attacker came from (forensics can trace it)
};

struct Service {
    std::string id, name;
    std::vector<HostId> depends_on; // all must be running
    std::vector<HostId> standby;    // where a failover moves it (empty: no failover)
    double cost_per_hour = 0;       // downtime cost, in the scenario's currency
    Team owner = Team::ITOps;
    // state
    bool offline = false;           // taken offline by a command
    bool failed_over = false;
    bool up = true;                 // derived, kept so changes are journaled once
    Cause cause = Cause::None;      // of the current outage
};

struct Identity {
    std::string id, name;
    Privilege privilege = Privilege::User;
    std::vector<HostId> cached_on;  // where its credential can be dumped from
    std::vector<HostId> admin_on;   // hosts it may log on to as admin (besides what privilege gives)
    bool remote_access = false;     // usable from the internet (VPN, cloud console)
    // state
    bool disabled = false;
    int generation = 0;             // bumped by a reset: stolen copies of older generations stop working
};

struct DataStore {
    std::string id, name;
    HostId host = kNone;
    int64_t records = 0;
    bool personal_data = false;
    // state, ground truth
    int64_t staged = 0;
    int64_t exfiltrated = 0;
};

// A kind of sensor (EDR agent, log forwarder, network IDS, monitoring). Instances are listed on hosts
// and zones. It can raise an alert about a technique only if it observes one of that technique's
// ATT&CK data components (assets/attack/enterprise-technique-data-components.csv).
struct SensorType {
    std::string id, name;
    Team team = Team::SecOps;              // whose tool receives its alerts
    std::vector<std::string> observes;     // DC ids, sorted
    double detect_prob = 0.5;              // per technique run it can see
    SimTime delay_s = 5 * kMinute;         // median delay from activity to alert
    double fp_per_day = 0;                 // false positives per day per sensor instance
    bool symptoms = false;                 // a monitoring sensor: reports symptoms, not techniques
};

// [SECTION] The response side

enum class AlertStatus : uint8_t { New, TruePositive, FalsePositive };

// What the tool that raised an alert shows to triage on (engine/attack/evidence.cpp): the fields of
// the telemetry of the data component it observed. Empty fields are not part of that telemetry.
struct AlertEvidence {
    std::string data_component;                 // "DC0032 Process Creation": what the sensor saw
    std::string user, process, parent, command_line, file;
    std::string source, destination;            // a host id, an address or a domain; "host:port" for traffic
    std::string detail;                         // one more line of the log (a logon type, a request line)
    bool operator==(const AlertEvidence&) const = default;
};

struct Alert {
    AlertId id = 0;
    SimTime time = 0;
    SensorTypeId sensor = kNone;
    Team team = Team::SecOps;       // whose queue it lands in
    HostId host = kNone;
    std::string technique;          // shown technique id ("" for a symptom)
    std::string summary;            // one line a person reads
    AlertEvidence evidence;         // what the tool shows (not in the state hash: derived from the above)
    int severity = 1;               // 1 low .. 4 critical
    AlertStatus status = AlertStatus::New;
    SimTime triaged_at = -1;
    // ground truth: never in a team's view
    bool true_positive = false;
};

enum class TicketStatus : uint8_t { Open, Done, Rejected };

// A request from one team to another (a hand-off). Requests for actions land in the target
// team's queue; the command that fulfils it names the ticket.
struct Ticket {
    TicketId id = 0;
    SimTime created = 0;
    Team from = Team::SecOps, to = Team::ITOps;
    std::string action;   // command kind requested, e.g. "isolate_host"
    std::string target;
    std::string reason;
    TicketStatus status = TicketStatus::Open;
    SimTime closed = -1;
    std::string answer; // when closed: why (close_ticket's text, or the result of the command that named it)
};

struct Incident {
    int id = 0;
    SimTime declared = 0;
    Team by = Team::SecOps;
    std::vector<std::string> assets;
    std::string summary;
};

struct Message {
    SimTime time = 0;
    Team from = Team::SecOps;
    std::optional<Team> to; // nullopt: the shared war-room channel
    std::string text;
};

// A note a person wrote (add_note): on an alert, on an alert's group (the alerts of its rule, as the
// consoles fold them), or on the exercise. Its team and the facilitator read it; the other team only
// when it is shared; the facilitator's own notes are for the debrief alone.
struct Note {
    SimTime time = 0;
    Team by = Team::Facilitator;
    uint64_t command = 0;   // the add_note command
    AlertId alert = kNone;  // the alert it is on, or kNone: the exercise
    bool group = false;     // on the alert's group, not the alert alone
    bool shared = false;    // the other team reads it too
    std::string text;
};

struct Notification {
    SimTime time = 0;
    Team by = Team::SecOps;
    std::string regime; // "nis2", "gdpr"
    std::string stage;  // "early_warning", "notification", "final_report"
};

// What a team has learnt by investigating (the only way compromise becomes visible to players).
struct Finding {
    SimTime time = 0;
    HostId host = kNone;
    bool compromised = false;
    bool persistence = false;
    std::vector<IdentityId> credentials_exposed; // cached credentials of a compromised host
    std::vector<std::string> indicators;         // C2 indicators seen
    std::vector<StoreId> data_touched;           // stores staged from this host
    std::vector<HostId> linked_hosts;            // logons from/to other compromised hosts
};

struct TeamKnowledge {
    std::vector<Finding> findings;
    std::vector<AlertId> alerts;    // in arrival order
    std::vector<TicketId> tickets;  // addressed to this team, in arrival order
};

// [SECTION] The attacker's hold

struct StolenCredential {
    IdentityId identity = kNone;
    int generation = 0;
};

// What became of one campaign stage: done (its last effect happened; `note` names what it hit) or
// skipped (it could not be done; `note` says why, in plain words).
enum class StageStatus : uint8_t { Pending, Done, Skipped };
const char* StageStatusName(StageStatus s);
struct StageOutcome {
    StageStatus status = StageStatus::Pending;
    std::string note;
};

struct AttackerState {
    int stage = 0;                 // index of the next campaign stage
    bool finished = false;         // the campaign has nothing left to do (its stages are done or skipped)
    std::vector<StageOutcome> outcomes; // per campaign stage, in campaign order (sized at AttackerStart)
    bool gave_up = false;          // no way back in: re-planning found nothing
    bool contained = true;         // ground truth: no live foothold and no usable credential
    std::vector<StolenCredential> credentials;
    int c2_index = 0;              // which of the campaign's C2 indicators is in use
    bool c2_established = false;   // a C2 channel was set up ...
    bool c2_blocked = false;       // ... and is now blocked at the perimeter
    HostId current = kNone;        // the foothold it works from
    HostId hop_target = kNone;     // lateral movement: the next host it is trying to reach
    HostId stage_target = kNone;   // the host the current stage aims at
    bool hunting = false;          // the current hop goes after a better credential, not the target
    bool waiting = false;          // nothing to do until its C2 channel works again
    int32_t token = 0;             // identifies the attempt in flight; older events are stale
    int reentry_attempts = 0;
    int reentry_waits = 0;         // times a re-entry found its way in closed for now and waited (kReentryWaits)
    int resume_stage = -1;         // retracing an earlier lateral movement: the stage to come back to
    int retraced = -1;             // the stage that last sent it back the way it came (once per stage)
    bool returning = false;        // lying low with a plan to come back (a re-entry is scheduled)
    int stage_failures = 0;
    int hours_decided = -1;        // the stage whose wait for the evening was last decided (OffHours)
    SimTime busy_until = 0;
};

// [SECTION] Operations events (scenario.h): ground truth, one per scenario event

struct OperationsState {
    bool happened = false;
    bool rolled_back = false;   // rollback_update completed
    bool recovered = false;     // reboot: its hosts came back by themselves
    SimTime at = -1;            // when it happened
    std::vector<HostId> hosts;  // the hosts it took down, in host order
};

// [SECTION] The world

struct World {
    std::vector<Zone> zones;
    std::vector<std::vector<uint8_t>> flows; // flows[a][b]: hosts in zone a may open connections to zone b
    std::vector<Vulnerability> vulns;
    std::vector<Host> hosts;
    std::vector<Service> services;
    std::vector<Identity> identities;
    std::vector<DataStore> stores;
    std::vector<SensorType> sensor_types;

    std::vector<Alert> alerts;
    std::vector<Ticket> tickets;
    std::vector<Incident> incidents;
    std::vector<Message> messages;
    std::vector<Note> notes;
    std::vector<Notification> notifications;
    std::vector<std::string> blocked_indicators;
    TeamKnowledge knowledge[2]; // [ITOps], [SecOps]
    AttackerState attacker;
    std::vector<OperationsState> operations; // per Scenario::operations_events, same order
    // hosts[h].state again, one byte a host: what an event loop checks on every event stays in the
    // cache (a Host is about 200 bytes; in the lateral benchmark the load of its state was half of
    // the handler's time, perf). Simulation sets it up and SetHostState, the one writer of a host's state,
    // keeps both; tests/engine/response/test_commands.cpp checks them equal along whole runs.
    std::vector<HostState> host_states;
    HostState StateOf(HostId h) const { return host_states[h]; }

    // Lookup by string id; kNone when absent.
    HostId FindHost(std::string_view id) const;
    ZoneId FindZone(std::string_view id) const;
    ServiceId FindService(std::string_view id) const;
    IdentityId FindIdentity(std::string_view id) const;
    StoreId FindStore(std::string_view id) const;
    SensorTypeId FindSensorType(std::string_view id) const;
    // Rebuilds the id maps after hosts etc. were added. Loader and generator call it.
    void IndexIds();

    bool CanReach(ZoneId from, ZoneId to) const { return from == to || flows[from][to] != 0; }
    // Is the identity allowed to log on to the host as admin?
    bool IsAdminOn(IdentityId who, HostId host) const;
    // Is the host up for work (not down, isolated, reimaging, restoring, encrypted)?
    bool HostUsable(HostId h) const { return hosts[h].state == HostState::Running && !hosts[h].encrypted; }
    TeamKnowledge& KnowledgeOf(Team t) { return knowledge[t == Team::ITOps ? 0 : 1]; }
    const TeamKnowledge& KnowledgeOf(Team t) const { return knowledge[t == Team::ITOps ? 0 : 1]; }

private:
    std::unordered_map<std::string, int32_t> host_ids_, zone_ids_, service_ids_, identity_ids_,
        store_ids_, sensor_ids_;
};

// Does a SecOps sensor on this host see it (an EDR agent, a log source)? A host that carries none
// is known to the CMDB alone (docs/model.md, mechanism 2).
bool SecOpsCovers(const World& w, const Host& h);

} // namespace bd
