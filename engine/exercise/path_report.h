// path_report.h: the story before it is played, for authors: the estate (zones with their hosts,
// sensors and flows; hosts; identities and where their credentials are cached) and the attack path
// stage by stage: which hosts each stage can act on, what opens each move (a vulnerability, a
// credential the attacker holds by then, a host it takes on the way to dump one, a user to phish),
// which sensors can see it (by ATT&CK data component, as attack/detection.h decides), which injects
// and script hooks fire on it. Read from the Scenario alone, without running it, in the order of the
// story as attack/attacker.cpp plays it (every roll coming up, nobody defending): a stage it does not
// reach, the engine's attacker does not reach either. `breachdrill describe --paths` prints it,
// `validate` warns from it (scenario.087), the app's editor shows it.
#pragma once
#include "world/scenario.h"

#include <string>
#include <vector>

namespace bd {

// [SECTION] The estate

struct PathZoneRow {
    std::string id, name;
    bool internet = false;
    size_t hosts = 0;
    std::string kinds;                 // "60 workstation, 2 it-admin", by count then name
    std::vector<std::string> sensors;  // network sensors watching the zone
    std::vector<std::string> flows_to; // zones it may open connections to (itself not listed)
};

// A host written one by one, or a run of a host group's hosts (ws-001..ws-060) summarised.
struct PathHostRow {
    std::string hosts;   // "dc-01", or "ws-001..ws-060"
    size_t count = 1;
    std::string zone, kind;
    std::string vulns;   // "CVE-2020-1472", or for a group "CVE-2023-36884 on 18"
    std::string sensors; // "edr siem-logs", or for a group "edr on 51"
    std::string users;   // the host's user, or "60 users"
};

struct PathIdentityRow {
    std::string id, privilege;
    std::string admin_on;  // where it is admin besides what its privilege gives ("" none)
    std::string cached_on; // "dc-01, fs-01 and 6 of ws-*"
    bool remote_access = false;
};

// [SECTION] The attack path

// A sensor type that can see a stage: through which data components, on how many of the hosts the
// stage acts on.
struct PathSight {
    std::string sensor, team;
    std::vector<std::string> components; // "DC0032 Process Creation"
    size_t hosts = 0, of = 0;            // hosts carrying it (or in a zone it watches), of the hosts acted on
};

struct PathStage {
    int number = 0; // from 1, as people read it (the journal's `stage` is number - 1)
    std::string name, action, technique; // technique: "T1566.001 Spearphishing Attachment"
    std::string acts_on;                 // in words: "60 hosts (kind workstation, zone office)", "the foothold (office)"
    std::vector<std::string> opens;      // what opens the move: vulnerabilities, credentials, users
    std::vector<PathSight> seen_by;      // empty: no sensor can ever alert on it
    std::vector<std::string> fires;      // "inject 5: 08:00:00 after it", "script: on_technique"
    bool reachable = true;               // false: no path reaches it as the estate is written (nor in play)
    std::string why_not;                 // when not reachable, in words
};

struct PathReport {
    std::vector<PathZoneRow> zones;
    std::vector<PathHostRow> hosts;
    std::vector<PathIdentityRow> identities;
    std::vector<PathStage> stages;
    std::vector<std::string> script_hooks; // the script's handlers ("on_technique", ...), "" = none
};

// The report for a loaded scenario (LoadScenario's result: the world as generated for its seed).
PathReport AnalyzePaths(const Scenario& s);

} // namespace bd
