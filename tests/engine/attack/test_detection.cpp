// test_detection.cpp: sensors, alerts, symptoms and noise (engine/attack/detection.cpp).
//
// A sensor can alert on a technique only if it observes one of the technique's ATT&CK data
// components; detect_prob says how often it does; false positives arrive at fp_per_day per sensor
// instance; ITOps monitoring reports symptoms (a service down, a ransom note) rather than
// techniques. The small scenario's campaign supplies the activity, autopilots off.
#include "world/attack_catalog.h"
#include "test_world.h"
#include "exercise/views.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <string>

using namespace bdtest;
using nlohmann::json;

namespace {

// The small scenario with the EDR (sensor 0) observing these data components.
Scenario WithEdr(std::vector<std::string> observes, double detect_prob = 1.0)
{
    Scenario s = SmallScenario();
    std::sort(observes.begin(), observes.end());
    s.world.sensor_types[0].observes = std::move(observes);
    s.world.sensor_types[0].detect_prob = detect_prob;
    return s;
}

std::vector<json> AlertsFrom(const Simulation& sim, const std::string& sensor)
{
    std::vector<json> out;
    for (const auto& r : RecordsOf(sim, "alert"))
        if (r["sensor"] == sensor) out.push_back(r);
    return out;
}

bool TechniqueHas(const std::string& technique, const std::string& dc)
{
    const Technique* t = Catalog().FindTechnique(technique);
    return t && std::find(t->data_components.begin(), t->data_components.end(), dc) != t->data_components.end();
}

} // namespace

TEST_CASE("Detection - a sensor alerts on a technique through a data component it observes", "[engine]")
{
    SECTION("File Modification (DC0061) sees the encryption (T1486) on every host it hits")
    {
        auto sim = StartSmall(NoAutopilot(), WithEdr({"DC0061"}));
        sim->RunToEnd();
        const auto alerts = AlertsFrom(*sim, "edr");
        REQUIRE_FALSE(alerts.empty());
        std::set<std::string> hosts;
        for (const auto& a : alerts) {
            CHECK(TechniqueHas(a["technique"], "DC0061")); // nothing it cannot see
            CHECK(a["team"] == "secops");
            if (a["technique"] == "T1486") {
                CHECK(a["true_positive"] == true);
                CHECK(a["severity"] == 4); // impact
                hosts.insert(a["host"].get<std::string>());
            }
        }
        CHECK(hosts == std::set<std::string>{"srv-01", "db-01", "dc-01"});
        // The alert comes after the activity, by the sensor's delay, and lands in SecOps' queue.
        const auto& w = sim->world();
        for (const auto& a : w.alerts)
            if (a.sensor == 0) CHECK(std::find(w.KnowledgeOf(Team::SecOps).alerts.begin(), w.KnowledgeOf(Team::SecOps).alerts.end(), a.id) !=
                                     w.KnowledgeOf(Team::SecOps).alerts.end());
        SimTime encrypted_at = -1;
        for (const auto& r : RecordsOf(*sim, "technique"))
            if (r["technique"] == "T1486") encrypted_at = r["t"];
        for (const auto& a : alerts)
            if (a["technique"] == "T1486") CHECK(a["t"].get<SimTime>() >= encrypted_at);
    }
    SECTION("Process Creation (DC0032) sees the phish on ws-01, with its technique and host")
    {
        auto sim = StartSmall(NoAutopilot(), WithEdr({"DC0032"}));
        sim->RunToEnd();
        bool phish = false;
        for (const auto& a : AlertsFrom(*sim, "edr"))
            if (a["technique"] == "T1566.001") {
                phish = true;
                CHECK(a["host"] == "ws-01");
                CHECK(a["true_positive"] == true);
                CHECK(a["summary"] == "EDR: Spearphishing Attachment on ws-01");
            }
        CHECK(phish);
    }
    SECTION("a sensor in a zone sees what runs on the zone's hosts")
    {
        Scenario s = WithEdr({"DC0061"});
        for (auto& h : s.world.hosts) h.sensors = {1};   // no EDR agents on the hosts ...
        s.world.zones[s.world.FindZone("server")].sensors = {0}; // ... but a network sensor on the server zone
        auto sim = StartSmall(NoAutopilot(), s);
        sim->RunToEnd();
        std::set<std::string> hosts;
        for (const auto& a : AlertsFrom(*sim, "edr")) hosts.insert(a["host"].get<std::string>());
        CHECK(hosts == std::set<std::string>{"srv-01", "db-01", "dc-01"});
    }
}

TEST_CASE("Detection - no alert without an observed data component / or with detect_prob 0", "[engine]")
{
    SECTION("observing only Scheduled Job Creation (DC0001): none of the campaign's techniques, no alert")
    {
        auto sim = StartSmall(NoAutopilot(), WithEdr({"DC0001"}));
        sim->RunToEnd();
        CHECK(AlertsFrom(*sim, "edr").empty());
        CHECK_FALSE(RecordsOf(*sim, "technique").empty()); // the campaign did run
    }
    SECTION("observing nothing at all: no alert")
    {
        auto sim = StartSmall(NoAutopilot(), WithEdr({}));
        sim->RunToEnd();
        CHECK(AlertsFrom(*sim, "edr").empty());
    }
    SECTION("detect_prob 0: it could see everything, and reports nothing")
    {
        auto sim = StartSmall(NoAutopilot(), WithEdr({"DC0032", "DC0035", "DC0061"}, 0.0));
        sim->RunToEnd();
        CHECK(AlertsFrom(*sim, "edr").empty());
    }
    SECTION("detect_prob 1 with the same components: an alert for every technique run on a covered host")
    {
        auto sim = StartSmall(NoAutopilot(), WithEdr({"DC0032", "DC0035", "DC0061"}, 1.0));
        sim->RunToEnd();
        std::multiset<std::pair<std::string, std::string>> alerted; // (technique, host)
        for (const auto& a : AlertsFrom(*sim, "edr"))
            alerted.insert({a["technique"].get<std::string>(), a["host"].get<std::string>()});
        size_t visible = 0;
        for (const auto& r : RecordsOf(*sim, "technique")) {
            if (!TechniqueHas(r["technique"], "DC0032") && !TechniqueHas(r["technique"], "DC0035") &&
                !TechniqueHas(r["technique"], "DC0061"))
                continue;
            ++visible;
            INFO(r.dump());
            // The technique runs on its target host for a way in or a hop, else on the foothold it acts from.
            const std::string action = r["action"];
            const std::string on = action == "initial_access" || action == "lateral_movement" ? r["target"][0] : r["host"];
            CHECK(alerted.count({r["technique"].get<std::string>(), on}) >= 1);
        }
        CHECK(visible >= 9);
    }
}

TEST_CASE("Detection - false positives", "[engine]")
{
    // No attacker: every alert is noise. 7 hosts carry each sensor.
    Scenario s = QuietScenario();
    s.duration_s = 30 * kDay;
    s.world.sensor_types[0].fp_per_day = 2.0; // edr: 14 a day over 7 hosts
    s.world.sensor_types[1].fp_per_day = 0.5; // monitoring: 3.5 a day

    SECTION("they arrive at about fp_per_day x instances, are false, and land in the sensor team's queue")
    {
        auto sim = StartSmall(NoAutopilot(), s);
        sim->RunToEnd();
        const World& w = sim->world();
        size_t edr = 0, mon = 0;
        std::set<HostId> hosts;
        for (const auto& a : w.alerts) {
            CHECK_FALSE(a.true_positive);
            if (a.sensor == 0) {
                ++edr;
                CHECK(a.team == Team::SecOps);
                CHECK_FALSE(a.technique.empty()); // a technique the EDR could see
                REQUIRE(Catalog().FindTechnique(a.technique) != nullptr);
                hosts.insert(a.host);
            } else {
                ++mon;
                CHECK(a.team == Team::ITOps);
                CHECK(a.technique.empty()); // a symptom
            }
        }
        // Expected 420 and 105 over 30 days (Poisson sd about 20 and 10): a loose +-25% bound.
        CHECK((edr > 315 && edr < 525));
        CHECK((mon > 79 && mon < 131));
        CHECK(hosts.size() == 7); // spread over the sensor's hosts
        // Siloed: each team's queue holds its own tool's alerts only.
        CHECK(w.KnowledgeOf(Team::SecOps).alerts.size() == edr);
        CHECK(w.KnowledgeOf(Team::ITOps).alerts.size() == mon);
        for (AlertId id : w.KnowledgeOf(Team::SecOps).alerts) CHECK(w.alerts[id].sensor == 0);
        for (const auto& r : RecordsOf(*sim, "alert")) CHECK(r["true_positive"] == false);
    }
    SECTION("the rate scales with the number of instances")
    {
        for (auto& h : s.world.hosts)
            if (h.id != "ws-01") h.sensors = {1}; // the EDR on one host only: 2 a day
        auto sim = StartSmall(NoAutopilot(), s);
        sim->RunToEnd();
        size_t edr = 0;
        for (const auto& a : sim->world().alerts)
            if (a.sensor == 0) {
                ++edr;
                CHECK(sim->world().hosts[a.host].id == "ws-01");
            }
        CHECK((edr > 35 && edr < 85)); // expected 60
    }
    SECTION("fp_per_day 0: silence")
    {
        s.world.sensor_types[0].fp_per_day = 0;
        s.world.sensor_types[1].fp_per_day = 0;
        auto sim = StartSmall(NoAutopilot(), s);
        sim->RunToEnd();
        CHECK(sim->world().alerts.empty());
    }
    SECTION("converged (shared tools): both teams' queues get every alert")
    {
        RunOptions ro = NoAutopilot();
        ro.org = OrgProfile::Converged;
        auto sim = StartSmall(ro, s);
        sim->AdvanceTo(2 * kDay);
        const World& w = sim->world();
        REQUIRE_FALSE(w.alerts.empty());
        CHECK(w.KnowledgeOf(Team::SecOps).alerts.size() == w.alerts.size());
        CHECK(w.KnowledgeOf(Team::ITOps).alerts.size() == w.alerts.size());
    }
}

TEST_CASE("Detection - monitoring reports symptoms to ITOps", "[engine]")
{
    SECTION("ransomware on an encrypted host: a ransom-note symptom, severity 4, caused by the attacker")
    {
        auto sim = StartSmall(NoAutopilot());
        sim->RunToEnd();
        std::set<std::string> ransom_hosts;
        for (const auto& a : AlertsFrom(*sim, "mon")) {
            CHECK(a["team"] == "itops");
            CHECK(a["technique"] == "");
            if (a["summary"].get<std::string>().find("ransom note") != std::string::npos) {
                CHECK(a["severity"] == 4);
                CHECK(a["true_positive"] == true);
                ransom_hosts.insert(a["host"].get<std::string>());
            }
        }
        CHECK(ransom_hosts == std::set<std::string>{"srv-01", "db-01", "dc-01"});
        // The ransom symptoms are in ITOps' queue, not SecOps' (siloed).
        const World& w = sim->world();
        for (AlertId id : w.KnowledgeOf(Team::SecOps).alerts) CHECK(w.alerts[id].team == Team::SecOps);
        size_t itops_ransom = 0;
        for (AlertId id : w.KnowledgeOf(Team::ITOps).alerts)
            itops_ransom += w.alerts[id].summary.find("ransom note") != std::string::npos;
        CHECK(itops_ransom == 3);
    }
    SECTION("a service taken down by the defenders is a symptom too, but not the attacker's doing")
    {
        auto sim = StartSmall(NoAutopilot(), QuietScenario());
        REQUIRE(sim->Post(Cmd(CommandKind::IsolateHost, Team::ITOps, "db-01", "", true)).ok());
        sim->AdvanceTo(kHour);
        const auto mon = AlertsFrom(*sim, "mon");
        REQUIRE(mon.size() == 1);
        CHECK(mon[0]["summary"] == "service ERP is down");
        CHECK(mon[0]["host"] == "db-01");
        CHECK(mon[0]["true_positive"] == false);
    }
    SECTION("a host without a monitoring sensor reports no symptom")
    {
        Scenario s = QuietScenario();
        s.world.hosts[s.world.FindHost("db-01")].sensors = {0};
        auto sim = StartSmall(NoAutopilot(), s);
        REQUIRE(sim->Post(Cmd(CommandKind::IsolateHost, Team::ITOps, "db-01", "", true)).ok());
        sim->AdvanceTo(kHour);
        CHECK(AlertsFrom(*sim, "mon").empty());
        CHECK_FALSE(sim->world().services[sim->world().FindService("erp")].up); // it is down all the same
    }
}

TEST_CASE("Evidence - an alert shows what its tool saw, by data component, the same on every run", "[engine]")
{
    auto run = [](uint64_t seed) {
        auto sim = StartScenario("ransomware-phish", NoAutopilot(seed));
        REQUIRE(sim);
        sim->AdvanceTo(36 * kHour);
        return sim;
    };
    auto a = run(3);
    auto b = run(3);
    const World& w = a->world();
    REQUIRE(w.alerts.size() == b->world().alerts.size());
    REQUIRE_FALSE(w.alerts.empty());
    size_t with_process = 0, c2_seen = 0, false_with_fields = 0;
    for (size_t i = 0; i < w.alerts.size(); ++i) {
        const Alert& al = w.alerts[i];
        INFO("alert " << al.id << " " << al.summary);
        CHECK(al.evidence == b->world().alerts[i].evidence); // no clock, no generator: the same run, the same evidence
        const SensorType& st = w.sensor_types[al.sensor];
        if (st.symptoms || al.technique.empty()) continue;
        // The component named is one the technique has and the sensor observes.
        REQUIRE_FALSE(al.evidence.data_component.empty());
        const std::string dc = al.evidence.data_component.substr(0, 6);
        const Technique* t = Catalog().FindTechnique(al.technique);
        REQUIRE(t);
        CHECK(std::find(t->data_components.begin(), t->data_components.end(), dc) != t->data_components.end());
        CHECK(std::binary_search(st.observes.begin(), st.observes.end(), dc));
        with_process += !al.evidence.process.empty();
        if (al.true_positive && al.technique == "T1003.001" && !al.evidence.command_line.empty())
            CHECK(al.evidence.command_line.find("comsvcs.dll, MiniDump") != std::string::npos);
        if (al.true_positive && al.technique == "T1071.001" && !al.evidence.destination.empty()) {
            const auto& c2 = a->scenario().campaign.c2_indicators;
            CHECK(std::find(c2.begin(), c2.end(), al.evidence.destination.substr(0, al.evidence.destination.find(':'))) != c2.end());
            ++c2_seen;
        }
        if (!al.true_positive) false_with_fields += !al.evidence.process.empty() || !al.evidence.detail.empty();
    }
    CHECK(with_process > 0);
    CHECK(c2_seen + false_with_fields > 0);
    // The seat's view carries it, with the count of alerts like it so far.
    const json view = TeamViewJson(*a, Team::SecOps);
    REQUIRE(view["alerts"].is_array());
    for (const auto& al : view["alerts"]) {
        REQUIRE(al.contains("evidence"));
        CHECK(al["evidence"]["similar"].get<int>() >= 1);
    }
}
