// views.h: what each seat may see. The only place a team's picture of the world is cut from it.
//
// ITOps sees its monitoring (symptoms, service health), the CMDB (every host and its state), its
// tickets and what it has found; SecOps sees its SIEM/EDR alerts, the hosts its sensors cover, its
// tickets and findings. With the converged profile both see both tools. Neither ever sees the
// ground truth: whether an alert is true, where the attacker is, what is encrypted or stolen until
// someone has found it. The facilitator's view is the ground truth.
//
// Two forms of the same cut:
//   - TeamViewJson: the whole view as one JSON document (the CLI's `view`, tests, a network peer);
//   - SeatView: the two big lists of a view (alerts and hosts) as typed rows, kept up to date by
//     UpdateSeatView at the cost of what changed (a noisy week has 100,000 alerts: the desktop app
//     cannot serialise them four times a second), plus TeamViewRestJson for everything else.
// TeamViewJson's "alerts" and "hosts" are SeatAlertsJson/SeatHostsJson of a fresh SeatView, so the
// two forms cannot drift apart.
#pragma once
#include "sim/simulation.h"

#include <nlohmann/json.hpp>

#include <string>
#include <unordered_map>
#include <vector>

namespace bd {

// The view of `team` (ITOps, SecOps or Facilitator) now, as JSON (docs/architecture.md lists the fields).
nlohmann::json TeamViewJson(const Simulation& sim, Team team);
// The team's runbook as its checklist (part of its view: "runbook"; the facilitator's: "runbooks"),
// or null when it has none: {"name", "steps_done", "command_steps", "checklist_ticked", "checklist_steps",
// "steps": [{"n", "text", "action", "status": "done" | "to_do" | "checklist" | "ticked", "done_at",
// "command", "asked", "source_step"; a checklist item's "ticked_at", "ticked_by" (tick_step: the seat
// that said it was done, or null)}]}.
nlohmann::json RunbookViewJson(const Simulation& sim, Team team);


// Can `team` see this alert in its tools?
bool TeamSeesAlert(const Simulation& sim, Team team, const Alert& alert);

// [SECTION] The typed seat view

// One alert as the seat sees it: TeamViewJson's alert row without the truth.
struct SeatAlert {
    AlertId id = 0;
    SimTime time = 0;
    Team team = Team::SecOps;       // whose queue it landed in
    HostId host = kNone;            // the host it names (SeatView::RowOfHost gives the host's row), or kNone
    int severity = 1;               // 1 low .. 4 critical
    AlertStatus status = AlertStatus::New;
    std::string sensor, technique, technique_name, summary;
    AlertEvidence evidence;         // what the tool shows (engine/attack/evidence.h)
    int similar = 1;                // this seat's alerts on the same host about the same thing, this one included
    bool operator==(const SeatAlert&) const = default;
};

// One host as the seat's tools know it.
struct SeatHost {
    HostId index = kNone;           // the world's host index (alerts name hosts by it)
    std::string id, kind, zone;
    HostState state = HostState::Running;
    bool production = false;
    Team owner = Team::ITOps;
    int criticality = 1;
    // The CMDB's fields: only when SeatView::cmdb (ITOps, shared tools, the facilitator).
    std::vector<std::string> open_vulnerabilities; // disclosed and not patched
    bool backup = false;
    bool operator==(const SeatHost&) const = default;
};

// The ground truth about a host: the facilitator's view only.
struct HostTruth {
    int compromise = 0;
    bool persistence = false, encrypted = false, backup_intact = true;
    bool operator==(const HostTruth&) const = default;
};

// Counts over the seat's alerts, kept by UpdateSeatView. The last four are ground truth: zero
// unless the seat is the facilitator's.
struct AlertTally {
    int fresh[2] = {0, 0};          // status new, landed in ITOps' [0] or SecOps' [1] queue
    int real = 0, real_confirmed = 0, real_dismissed = 0, false_confirmed = 0;
    bool operator==(const AlertTally&) const = default;
};

struct SeatView {
    Team team = Team::Facilitator;
    bool truth = false;             // the facilitator's: alert_truth and host_truth are filled
    bool cmdb = false;              // hosts carry open_vulnerabilities and backup
    std::vector<SeatAlert> alerts;  // in id order (append-only: new alerts come at the end)
    std::vector<uint8_t> alert_truth; // facilitator only (else empty): alerts[i] is real
    std::vector<SeatHost> hosts;    // in the world's host order
    std::vector<HostTruth> host_truth; // facilitator only (else empty), beside hosts
    std::vector<int32_t> alerts_on_host, open_alerts_on_host; // per row of hosts: all, and status new
    AlertTally tally;

    // What changed, for readers that cache what they derive (each counter grows when its part changed):
    uint64_t alerts_added = 0;      // rows appended to alerts
    uint64_t statuses_changed = 0;  // an alert's status changed (triage)
    uint64_t hosts_changed = 0;     // a host row changed, appeared or went (rows may move)
    uint64_t rebuilt = 0;           // the view started over (another simulation): nothing derived holds

    // The row of the world's host `index` in hosts, or -1 when the seat does not know it.
    int32_t RowOfHost(HostId index) const { return index >= 0 && index < (HostId)row_of_host.size() ? row_of_host[index] : -1; }
    // The row of alert `id` in alerts, or -1 (binary search: alerts are in id order).
    int32_t RowOfAlert(AlertId id) const;
    // The id of the host an alert names ("" when none).
    const std::string& HostIdOf(const SeatAlert& a) const;

    // Bookkeeping of UpdateSeatView (not content): how far the world's alerts were read, and
    // where each visible alert sits in them.
    std::vector<int32_t> row_of_host; // per world host
    std::vector<int32_t> alert_source; // per row of alerts: its index in World::alerts
    std::vector<uint8_t> named_host;  // per world host: a visible alert named it
    size_t world_alerts_read = 0;
    std::unordered_map<std::string, int32_t> similar_seen; // host and technique (or summary): alerts so far
    const Simulation* source = nullptr;
};

// The seat view of `team` now, built from scratch.
SeatView BuildSeatView(const Simulation& sim, Team team);
// Brings `view` (built for `sim` and view.team) up to date: appends new alerts, follows status
// changes and host changes; rebuilds only if it was built for another simulation. Returns true if
// anything changed.
// A status changes only when a triage_alert command completes (its command_done record names the
// alert). `triaged`, when given, lists the alerts of every such record since the last update of
// this view (duplicates and alerts the seat does not see are fine): only those rows are looked at,
// and an update costs the new alerts plus one pass over the host rows. Without it every alert row
// is compared with the world (a byte each, but 100,000 alerts are 10 MB of World::alerts to touch:
// about a millisecond).
bool UpdateSeatView(const Simulation& sim, SeatView& view, const std::vector<AlertId>* triaged = nullptr);
// TeamViewJson's "alerts" and "hosts" arrays, from a seat view.
nlohmann::json SeatAlertsJson(const SeatView& view);
nlohmann::json SeatHostsJson(const SeatView& view);
// Everything of TeamViewJson but "alerts" and "hosts" (tickets, findings, services, work,
// incidents, messages, notifications, injects; for the facilitator the attacker and the stores):
// small, cheap to build.
nlohmann::json TeamViewRestJson(const Simulation& sim, Team team);

const char* AlertStatusName(AlertStatus s);

} // namespace bd
