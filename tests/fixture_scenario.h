// fixture_scenario.h: the smallest scenario that loads with no problem at all, the base of the
// loader and limits tests' fixtures (each test edits a copy to break one thing).
#pragma once

namespace bdtest {

inline const char* const kMinimalScenario = R"({
  "metadata": { "id": "mini", "title": "Mini" },
  "infrastructure": {
    "sensor_types": [ { "id": "edr", "observes": ["DC0032"] } ],
    "vulnerabilities": [ { "id": "CVE-2024-3400", "software": "PAN-OS GlobalProtect", "remote": false, "disclosed_at_s": -86400 } ],
    "zones": [ { "id": "internet", "internet": true }, { "id": "lan" }, { "id": "srv" } ],
    "flows": [ ["lan", "internet"], ["lan", "srv"] ],
    "hosts": [ { "id": "db-01", "kind": "database", "zone": "srv", "sensors": ["edr"], "vulns": ["CVE-2024-3400"] } ],
    "host_groups": [
      { "prefix": "ws", "count": 4, "scalable": true, "zone": "lan",
        "sensors": [ { "id": "edr", "prob": 0.5 } ], "user_per_host": true }
    ]
  },
  "identities": [ { "id": "admin", "privilege": "domain_admin", "cached_on": [ { "group": "ws", "prob": 0.5 } ] } ],
  "services": [ { "id": "crm", "depends_on": ["db-01"], "cost_per_hour": 100 } ],
  "data_stores": [ { "id": "customers", "host": "db-01", "records": 10, "personal_data": true } ],
  "campaign": {
    "c2_indicators": ["evil.example"],
    "stages": [
      { "technique": "T1566.001", "action": "initial_access", "target": { "kind": "workstation" } },
      { "technique": "T1021.002", "action": "lateral_movement", "target": { "host": "db-01" } }
    ]
  }
})";

} // namespace bdtest
