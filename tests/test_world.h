// test_world.h: a small hand-built scenario for engine tests, independent of the JSON loader.
//
//   internet -> dmz (web-01)            office (ws-01, ws-02, ws-03) -> server (srv-01 file, db-01 database, dc-01)
//   office -> internet, server -> internet
// Identities: a user per workstation; helpdesk (admin on workstations, cached on ws-01 and ws-02);
// dadmin (domain admin, cached on ws-03 and dc-01); vpn (remote access, cached on ws-01).
// Sensors: "edr" (SecOps, Process Creation + File Modification + Process Access) on every host;
// "mon" (ITOps monitoring, symptoms) on every host. Services: files (srv-01), erp (db-01), auth (dc-01).
#pragma once
#include "world/scenario.h"
#include "sim/simulation.h"

#include <algorithm>
#include <functional>

namespace bdtest {

using namespace bd;

inline Host MakeHost(const std::string& id, const std::string& kind, ZoneId zone, bool production)
{
    Host h;
    h.id = id;
    h.kind = kind;
    h.os = "windows";
    h.zone = zone;
    h.production = production;
    h.sensors = {0, 1};
    h.backup = production;
    return h;
}

inline Scenario SmallScenario()
{
    Scenario s;
    s.id = "small";
    s.title = "Small test estate";
    s.source = "test";
    s.content_hash = "0000000000000000";
    s.duration_s = 3 * kDay;
    s.regimes = {"nis2", "gdpr"};
    World& w = s.world;
    w.zones = {{"internet", "Internet", true, {}}, {"dmz", "DMZ", false, {}}, {"office", "Office", false, {}},
               {"server", "Servers", false, {}}};
    w.flows.assign(4, std::vector<uint8_t>(4, 0));
    w.flows[0][1] = 1; // internet -> dmz
    w.flows[2][0] = 1; // office -> internet
    w.flows[2][1] = 1; // office -> dmz
    w.flows[2][3] = 1; // office -> server
    w.flows[3][0] = 1; // server -> internet
    w.flows[1][3] = 1; // dmz -> server
    SensorType edr;
    edr.id = "edr";
    edr.name = "EDR";
    edr.team = Team::SecOps;
    edr.observes = {"DC0032", "DC0035", "DC0061"};
    edr.detect_prob = 1.0;
    edr.delay_s = 60;
    SensorType mon;
    mon.id = "mon";
    mon.name = "Monitoring";
    mon.team = Team::ITOps;
    mon.symptoms = true;
    mon.detect_prob = 1.0;
    mon.delay_s = 60;
    w.sensor_types = {edr, mon};
    w.hosts = {MakeHost("web-01", "web", 1, true),      MakeHost("ws-01", "workstation", 2, false),
               MakeHost("ws-02", "workstation", 2, false), MakeHost("ws-03", "workstation", 2, false),
               MakeHost("srv-01", "server", 3, true),   MakeHost("db-01", "database", 3, true),
               MakeHost("dc-01", "domain_controller", 3, true)};
    auto ident = [](const std::string& id, Privilege p, std::vector<HostId> cached, std::vector<HostId> admin, bool remote) {
        Identity i;
        i.id = id;
        i.name = id;
        i.privilege = p;
        i.cached_on = std::move(cached);
        i.admin_on = std::move(admin);
        i.remote_access = remote;
        return i;
    };
    w.identities = {ident("u-ws-01", Privilege::User, {1}, {}, false), ident("u-ws-02", Privilege::User, {2}, {}, false),
                    ident("u-ws-03", Privilege::User, {3}, {}, false),
                    ident("helpdesk", Privilege::LocalAdmin, {1, 2}, {1, 2, 3}, false),
                    ident("dadmin", Privilege::DomainAdmin, {3, 6}, {}, false),
                    ident("vpn", Privilege::User, {1}, {}, true)};
    w.hosts[1].user = 0;
    w.hosts[2].user = 1;
    w.hosts[3].user = 2;
    Service files{"files", "File shares", {4}, {}, 1000, Team::ITOps};
    Service erp{"erp", "ERP", {5}, {}, 6000, Team::ITOps};
    Service auth{"auth", "Active Directory", {6}, {}, 3000, Team::ITOps};
    w.services = {files, erp, auth};
    DataStore store;
    store.id = "customers";
    store.name = "Customer records";
    store.host = 5;
    store.records = 1000;
    store.personal_data = true;
    w.stores = {store};
    w.IndexIds();

    Campaign& c = s.campaign;
    c.seeded = false;
    c.start_s = kHour;
    c.c2_indicators = {"bad.example", "203.0.113.9"};
    c.c2_rebuild_s = 2 * kHour;
    auto stage = [](const std::string& name, const std::string& tech, StageAction a, TargetSelector t = {}) {
        Stage st;
        st.name = name;
        st.technique = tech;
        st.action = a;
        st.target = t;
        st.duration = DurationDist{30 * kMinute, 0.2};
        st.success_prob = 1.0;
        return st;
    };
    TargetSelector phish_target;
    phish_target.host = "ws-01";
    TargetSelector dc;
    dc.host = "dc-01";
    TargetSelector db;
    db.host = "db-01";
    TargetSelector store_sel;
    store_sel.store = "customers";
    TargetSelector servers;
    servers.zone = "server";
    servers.count = 0;
    c.stages = {stage("Phish", "T1566.001", StageAction::InitialAccess, phish_target),
                stage("C2", "T1071.001", StageAction::CommandAndControl),
                stage("Dump", "T1003.001", StageAction::CredentialAccess),
                stage("To the DC", "T1021.002", StageAction::LateralMovement, dc),
                stage("DCSync", "T1003.006", StageAction::CredentialAccess),
                stage("To the DB", "T1021.002", StageAction::LateralMovement, db),
                stage("Stage", "T1074.001", StageAction::Collection, store_sel),
                stage("Exfil", "T1041", StageAction::Exfiltration, store_sel),
                stage("Encrypt", "T1486", StageAction::Impact, servers)};
    return s;
}

// Runs a simulation of the small scenario with the given options; returns it started.
inline std::unique_ptr<Simulation> StartSmall(RunOptions ro, Scenario s = SmallScenario())
{
    auto sim = std::make_unique<Simulation>(std::move(s), ro);
    std::string err;
    sim->Start(err);
    return sim;
}

// Loads a scenario (a built-in id or a folder) with the options' seed, at `size` hosts (0: its own),
// and starts it; nullptr when it does not load or start (callers REQUIRE the result).
inline std::unique_ptr<Simulation> StartScenario(const std::string& ref, RunOptions ro, int64_t size = 0)
{
    LoadResult lr = LoadScenario(ref, LoadOptions{ro.seed, size});
    if (!lr.Ok()) return nullptr;
    auto sim = std::make_unique<Simulation>(std::move(lr.scenario), ro);
    std::string err;
    return sim->Start(err) ? std::move(sim) : nullptr;
}

inline RunOptions NoAutopilot(uint64_t seed = 1)
{
    RunOptions ro;
    ro.seed = seed;
    ro.autopilot_itops = false;
    ro.autopilot_secops = false;
    return ro;
}

inline Command Cmd(CommandKind k, Team team, const std::string& target, const std::string& value = "", bool emergency = false)
{
    Command c;
    c.kind = k;
    c.team = team;
    c.issuer = "test";
    c.target = target;
    c.value = value;
    c.emergency = emergency;
    return c;
}

// Records of a type in the journal.
inline std::vector<nlohmann::json> RecordsOf(const Simulation& sim, const std::string& type)
{
    std::vector<nlohmann::json> out;
    for (const auto& r : sim.journal().Records())
        if (r["type"] == type) out.push_back(r);
    return out;
}

// The small scenario with no attack campaign: for command and noise tests where the attacker would
// only get in the way. (With no attack the exercise never ends as contained: it runs to duration_s.)
inline Scenario QuietScenario()
{
    Scenario s = SmallScenario();
    s.campaign.stages.clear();
    return s;
}

// Runs the simulation event time by event time until it ends, calling `react` with every new journal
// record once the events of that time are done; `react` may Post (that is how a test plays a seat
// that answers what happens). Stops early when `react` returns false.
inline void RunReacting(Simulation& sim, const std::function<bool(const nlohmann::json&)>& react)
{
    size_t seen = sim.journal().Records().size();
    while (!sim.Finished()) {
        const SimTime t = sim.NextEventTime();
        if (t < 0) break;
        sim.AdvanceTo(t);
        while (seen < sim.journal().Records().size()) {
            const nlohmann::json r = sim.journal().Records()[seen++]; // copy: react may append
            if (!react(r)) return;
        }
    }
}

// The command_result and command_done records of a command id ({} if none yet).
inline nlohmann::json ResultOf(const Simulation& sim, uint64_t id)
{
    for (const auto& r : sim.journal().Records())
        if (r["type"] == "command_result" && r["id"] == id) return r;
    return {};
}
inline nlohmann::json DoneOf(const Simulation& sim, uint64_t id)
{
    for (const auto& r : sim.journal().Records())
        if (r["type"] == "command_done" && r["cmd"]["id"] == id) return r;
    return {};
}

} // namespace bdtest
