// test_scoring.cpp: the scorecard (scoring/scorecard.h, definitions in docs/scoring.md).
//
// Small hand-built journals, one definition per TEST_CASE, passing and failing variants side by
// side. The worked example of docs/scoring.md is the first test: if the doc and the code part,
// it fails. Records are built inline; Journal() numbers their `seq`.
#include <catch2/catch.hpp>

#include "scorecard.h"
#include "timeline.h"

#include <cstdint>
#include "journal_lines.h"
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

using nlohmann::json;

// Everything in a namespace of its own: the unity build compiles this file with others, whose
// helpers and `using namespace bd` must not meet these.
namespace scoring_test {


std::vector<json> Journal(const std::string& lines) { return bdtest::JournalLines(lines); }

const std::string kHeader =
    R"({"t":0,"type":"header","format":"breachdrill-journal/1","program":"breachdrill 0.1.0",)"
    R"("scenario":{"id":"unit","title":"Unit test"},"seed":7,"org":"siloed","duration_s":2592000,"currency":"EUR",)"
    R"("regimes":["nis2","gdpr"],"services":[{"id":"erp","name":"ERP","cost_per_hour":12000.0,"hosts":["db-01"]},)"
    R"({"id":"web","name":"Web shop","cost_per_hour":3600,"hosts":["web-01"]}],)"
    R"("stores":[{"id":"erp-db","name":"ERP database","host":"db-01","records":1000,"personal_data":true}],"hosts":10})"
    "\n";

// Record builders for the common shapes.
std::string Rec(long t, const std::string& type, const std::string& fields = "")
{
    return "{\"t\":" + std::to_string(t) + ",\"type\":\"" + type + "\"" + (fields.empty() ? "" : "," + fields) + "}\n";
}
std::string Done(long t, const std::string& cmd, bool ok = true, bool uncoordinated = false)
{
    return Rec(t, "command_done", "\"cmd\":" + cmd + ",\"ok\":" + (ok ? "true" : "false") +
                                      ",\"code\":\"ok\",\"message\":\"\",\"uncoordinated\":" + (uncoordinated ? "true" : "false"));
}
std::string Triage(long t, int alert, const std::string& verdict, const std::string& team = "secops", bool ok = true)
{
    return Done(t, R"({"id":1,"kind":"triage_alert","team":")" + team + R"(","target":")" + std::to_string(alert) +
                       R"(","value":")" + verdict + "\"}", ok);
}
std::string Declare(long t, const std::string& assets_json, const std::string& team = "itops")
{
    return Done(t, R"({"id":2,"kind":"declare_incident","team":")" + team + R"(","target":"","assets":)" + assets_json + "}");
}
std::string Notify(long t, const std::string& regime, const std::string& stage)
{
    return Done(t, R"({"id":3,"kind":"notify_authority","team":"secops","target":"","value":")" + regime +
                       R"(","text":")" + stage + "\"}");
}
std::string Technique(long t, const std::string& host, bool ok = true)
{
    return Rec(t, "technique", R"("stage":0,"name":"x","technique":"T1566.001","host":")" + host + R"(","ok":)" + (ok ? "true" : "false"));
}
std::string Foothold(long t, const std::string& host, bool gained = true)
{
    return Rec(t, "foothold", R"("host":")" + host + R"(","gained":)" + (gained ? "true,\"level\":1" : "false,\"cause\":\"reimaged\""));
}
std::string Alert(long t, int id, bool tp)
{
    return Rec(t, "alert", R"("id":)" + std::to_string(id) + R"(,"team":"secops","sensor":"edr","host":"ws-1","technique":"T1204.002","severity":3,"summary":"s","true_positive":)" +
                               (tp ? "true" : "false"));
}
std::string Attacker(long t, bool contained)
{
    return Rec(t, "attacker", std::string(R"("contained":)") + (contained ? "true" : "false") + R"(,"footholds":0,"credentials":0)");
}
std::string Service(long t, const std::string& id, bool up, const std::string& cause)
{
    return Rec(t, "service", R"("id":")" + id + R"(","up":)" + (up ? "true" : "false") + R"(,"cause":")" + cause + "\"");
}
std::string HostRec(long t, const std::string& id, bool encrypted, const std::string& state = "running")
{
    return Rec(t, "host", R"("id":")" + id + R"(","state":")" + state + R"(","encrypted":)" + (encrypted ? "true" : "false") +
                              R"(,"cause":"attacker")");
}
std::string End(long t, const std::string& reason = "duration")
{
    return Rec(t, "end", R"("reason":")" + reason + R"(","state_hash":"00ff00ff00ff00ff")");
}

// An attack that starts at 100 on ws-1 with a true alert at 400.
const std::string kAttack = Technique(100, "ws-1") + Foothold(100, "ws-1") + Attacker(100, false) + Alert(400, 1, true);

bool HasWarning(const bd::Scorecard& c, const std::string& needle)
{
    for (const auto& w : c.warnings)
        if (w.find(needle) != std::string::npos) return true;
    return false;
}

const bd::ComplianceEntry* Obligation(const bd::Scorecard& c, const std::string& regime, const std::string& stage)
{
    for (const auto& e : c.compliance)
        if (e.regime == regime && e.obligation == stage) return &e;
    return nullptr;
}


TEST_CASE("Scoring - the worked example of docs/scoring.md", "[scoring]")
{
    const auto records = Journal(R"(
{"t":0,"type":"header","format":"breachdrill-journal/1","scenario":{"id":"ransomware-phish","title":"Ransomware by phishing"},"seed":1,"org":"siloed","duration_s":302400,"story_start":"Mon 08:00","run_at":"2026-12-04T09:00:00Z","currency":"EUR","regimes":["nis2","gdpr"],"services":[{"id":"erp","name":"ERP","cost_per_hour":12000},{"id":"files","name":"File shares","cost_per_hour":1800},{"id":"payroll","name":"Payroll","cost_per_hour":2000}],"stores":[{"id":"erp-db","name":"ERP database","host":"db-01","records":250000,"personal_data":true}],"hosts":74}
{"t":600,"type":"technique","stage":0,"name":"Phishing e-mail opened","technique":"T1566.001","host":"ws-014","ok":true}
{"t":600,"type":"foothold","host":"ws-014","gained":true,"level":1}
{"t":600,"type":"attacker","contained":false,"footholds":1,"credentials":0}
{"t":1500,"type":"alert","id":1,"team":"secops","sensor":"edr","host":"ws-014","technique":"T1204.002","severity":3,"summary":"Suspicious macro","true_positive":true}
{"t":2400,"type":"alert","id":2,"team":"secops","sensor":"siem","host":"dc-01","technique":"T1110","severity":2,"summary":"Failed logons","true_positive":false}
{"t":3000,"type":"command_done","cmd":{"id":1,"kind":"triage_alert","team":"secops","target":"2","value":"true_positive"},"ok":true,"code":"ok","message":"","uncoordinated":false}
{"t":3600,"type":"technique","stage":1,"name":"Lateral movement","technique":"T1021.002","host":"db-01","ok":true}
{"t":3600,"type":"foothold","host":"db-01","gained":true,"level":2}
{"t":4200,"type":"command_done","cmd":{"id":2,"kind":"triage_alert","team":"secops","target":"1","value":"true_positive"},"ok":true,"code":"ok","message":"","uncoordinated":false}
{"t":4800,"type":"staged","store":"erp-db","host":"db-01","records":250000,"personal_data":true}
{"t":5400,"type":"ticket","id":1,"from":"secops","to":"itops","action":"isolate_host","target":"db-01","reason":"compromised"}
{"t":6000,"type":"exfiltration","store":"erp-db","records":250000,"personal_data":true}
{"t":7200,"type":"command","cmd":{"id":3,"kind":"isolate_host","team":"itops","issuer":"autopilot:itops","target":"db-01","ticket":1}}
{"t":7800,"type":"host","id":"fs-01","state":"down","encrypted":true,"cause":"attacker"}
{"t":7800,"type":"service","id":"files","up":false,"cause":"attacker"}
{"t":8100,"type":"command_done","cmd":{"id":3,"kind":"isolate_host","team":"itops","target":"db-01","ticket":1},"ok":true,"code":"ok","message":"","uncoordinated":false}
{"t":8100,"type":"host","id":"db-01","state":"isolated","encrypted":false,"cause":"defender"}
{"t":8100,"type":"service","id":"erp","up":false,"cause":"defender"}
{"t":8100,"type":"ticket_closed","id":1,"status":"done","command":3}
{"t":9000,"type":"command_done","cmd":{"id":4,"kind":"notify_authority","team":"secops","target":"","value":"nis2","text":"early_warning"},"ok":true,"code":"ok","message":"","uncoordinated":false}
{"t":9600,"type":"command_done","cmd":{"id":5,"kind":"isolate_host","team":"secops","target":"ws-014","emergency":true},"ok":true,"code":"ok","message":"","uncoordinated":true}
{"t":9600,"type":"attacker","contained":true,"footholds":0,"credentials":0}
{"t":12000,"type":"service","id":"payroll","up":false,"cause":"operations"}
{"t":15600,"type":"service","id":"payroll","up":true,"cause":"none"}
{"t":20400,"type":"host","id":"fs-01","state":"running","encrypted":false,"cause":"none"}
{"t":20400,"type":"service","id":"files","up":true,"cause":"none"}
{"t":22500,"type":"host","id":"db-01","state":"running","encrypted":false,"cause":"none"}
{"t":22500,"type":"service","id":"erp","up":true,"cause":"none"}
{"t":180000,"type":"command_done","cmd":{"id":6,"kind":"notify_authority","team":"secops","target":"","value":"gdpr","text":"notification"},"ok":true,"code":"ok","message":"","uncoordinated":false}
{"t":270000,"type":"command_done","cmd":{"id":7,"kind":"notify_authority","team":"secops","target":"","value":"nis2","text":"notification"},"ok":true,"code":"ok","message":"","uncoordinated":false}
{"t":302400,"type":"end","reason":"duration","state_hash":"9c1e5d0a7b3f2e41"}
)");
    const bd::Scorecard c = bd::ComputeScorecard(records);
    const json expected = json::parse(R"({
  "scenario": "ransomware-phish", "title": "Ransomware by phishing", "seed": 1, "org": "siloed",
  "story_start": "Mon 08:00", "run_at": "2026-12-04T09:00:00Z", "end_reason": "duration", "duration_s": 302400, "planned_duration_s": 302400,
  "attack_start_s": 600, "tool_detect_at_s": 1500, "detected_at_s": 4200, "contained_at_s": 9600, "recovered_at_s": 22500,
  "time_to_tool_detect_s": 900, "time_to_detect_s": 3600, "detected_by": "secops", "detected_how": "triage_alert",
  "time_to_contain_s": 5400, "time_to_recover_s": 18300, "foothold_time_s": 9000, "intrusions": 1,
  "outage_start_s": 12000, "outage_recovered_at_s": 15600, "time_to_restore_s": 3600, "outage_hosts": 0, "outage_services": 1,
  "impact": {"attacker_caused": 6300.0, "self_inflicted": 48000.0, "operations": 2000.0, "unattributed": 0.0,
             "total": 56300.0, "currency": "EUR", "records_exfiltrated": 250000, "personal_records_exfiltrated": 250000,
             "hosts_encrypted": 1, "downtime_s": {"erp": 14400, "files": 12600, "payroll": 3600}},
  "coordination": {"requests": 1, "answered": 1, "median_handoff_s": 1800, "max_handoff_s": 1800, "open_tickets": 0,
                   "uncoordinated_disruptive": 1, "emergency_changes": 1},
  "compliance": [
    {"regime": "nis2", "obligation": "early_warning", "clock_started_s": 4200, "deadline_s": 90600, "done_s": 9000, "sent_before_clock_s": null, "status": "met"},
    {"regime": "nis2", "obligation": "notification", "clock_started_s": 4200, "deadline_s": 263400, "done_s": 270000, "sent_before_clock_s": null, "status": "missed"},
    {"regime": "nis2", "obligation": "final_report", "clock_started_s": 4200, "deadline_s": 2596200, "done_s": null, "sent_before_clock_s": null, "status": "open"},
    {"regime": "gdpr", "obligation": "notification", "clock_started_s": 4800, "deadline_s": 264000, "done_s": 180000, "sent_before_clock_s": null, "status": "met"}],
  "alerts": {"total": 2, "true_positive": 1, "triaged": 2, "triaged_true": 2, "triaged_false": 0,
             "false_positives_triaged_as_true": 1, "true_alerts_triaged_as_false": 0, "missed_true": 0},
  "warnings": [], "state_hash": "9c1e5d0a7b3f2e41"})");
    json got = bd::ToJson(c);
    got["impact"].erase("services"); // per-service detail: checked in the impact test
    got.erase("timeline");           // checked in the timeline test
    CHECK(got == expected);
    if (got != expected) FAIL_CHECK("got:\n" << got.dump(2));
}

TEST_CASE("Scoring - detection", "[scoring]")
{
    SECTION("triaging a true alert as true is a detection")
    {
        auto c = bd::ComputeScorecard(Journal(kHeader + kAttack + Triage(1000, 1, "true_positive") + End(5000)));
        REQUIRE(c.detected_at_s == 1000);
        CHECK(c.time_to_detect_s == 900);
        CHECK(c.time_to_tool_detect_s == 300);
        CHECK(c.detected_by == "secops");
        CHECK(c.detected_how == "triage_alert");
    }
    SECTION("triaging a false positive as true is not a detection")
    {
        auto c = bd::ComputeScorecard(Journal(kHeader + kAttack + Alert(500, 2, false) + Triage(600, 2, "true_positive") + End(5000)));
        CHECK_FALSE(c.detected_at_s);
        CHECK_FALSE(c.time_to_detect_s);
        CHECK(c.detected_by.empty());
        CHECK(c.alerts.false_positives_triaged_as_true == 1);
    }
    SECTION("triaging a true alert as false is not a detection")
    {
        auto c = bd::ComputeScorecard(Journal(kHeader + kAttack + Triage(600, 1, "false_positive") + End(5000)));
        CHECK_FALSE(c.detected_at_s);
        CHECK(c.alerts.true_alerts_triaged_as_false == 1);
    }
    SECTION("a triage that failed (ok:false) is not a detection")
    {
        auto c = bd::ComputeScorecard(Journal(kHeader + kAttack + Triage(600, 1, "true_positive", "secops", false) + End(5000)));
        CHECK_FALSE(c.detected_at_s);
    }
    SECTION("declaring an incident that names a compromised host is a detection")
    {
        auto c = bd::ComputeScorecard(Journal(kHeader + kAttack + Declare(2000, R"(["fs-9","ws-1"])") + End(5000)));
        REQUIRE(c.detected_at_s == 2000);
        CHECK(c.time_to_detect_s == 1900);
        CHECK(c.detected_by == "itops");
        CHECK(c.detected_how == "declare_incident");
    }
    SECTION("declaring an incident naming only unaffected hosts is not a detection")
    {
        auto c = bd::ComputeScorecard(Journal(kHeader + kAttack + Declare(2000, R"(["fs-9"])") + End(5000)));
        CHECK_FALSE(c.detected_at_s);
    }
    SECTION("naming a host before the attacker got there is not a detection")
    {
        auto c = bd::ComputeScorecard(Journal(kHeader + kAttack + Declare(2000, R"(["db-01"])") + Foothold(3000, "db-01") + End(5000)));
        CHECK_FALSE(c.detected_at_s);
    }
    SECTION("a foothold at the same second counts, even when its record comes after the declaration")
    {
        auto c = bd::ComputeScorecard(Journal(kHeader + kAttack + Declare(2000, R"(["db-01"])") + Foothold(2000, "db-01") + End(5000)));
        CHECK(c.detected_at_s == 2000);
    }
    SECTION("a host whose foothold was later removed still counts (it had one at or before)")
    {
        auto c = bd::ComputeScorecard(Journal(kHeader + kAttack + Foothold(500, "ws-1", false) + Declare(2000, R"(["ws-1"])") + End(5000)));
        CHECK(c.detected_at_s == 2000);
    }
    SECTION("the first qualifying command wins; non-qualifying ones before it do not count")
    {
        auto c = bd::ComputeScorecard(Journal(kHeader + kAttack + Alert(500, 2, false) + Triage(600, 2, "true_positive") +
                                              Declare(700, R"(["fs-9"])") + Triage(900, 1, "true_positive") +
                                              Declare(1200, R"(["ws-1"])") + End(5000)));
        CHECK(c.detected_at_s == 900);
        CHECK(c.detected_by == "secops");
    }
    SECTION("no successful technique: a confirmed alert about a failed attempt is not a detection")
    {
        auto c = bd::ComputeScorecard(Journal(kHeader + Technique(100, "ws-1", false) + Alert(400, 1, true) +
                                              Triage(1000, 1, "true_positive") + End(5000)));
        CHECK_FALSE(c.attack_start_s);
        CHECK_FALSE(c.detected_at_s);
        CHECK_FALSE(c.time_to_detect_s);
        CHECK_FALSE(c.time_to_tool_detect_s);
    }
    SECTION("a triage before the attack start does not count; the tool detection counts as 0, never negative")
    {
        auto c = bd::ComputeScorecard(Journal(kHeader + Alert(50, 1, true) + Triage(80, 1, "true_positive") + Technique(100, "ws-1") +
                                              Alert(150, 2, true) + Triage(400, 2, "true_positive") + End(5000)));
        CHECK(c.time_to_tool_detect_s == 0);
        CHECK(c.detected_at_s == 400);
        CHECK(c.time_to_detect_s == 300);
    }
}

TEST_CASE("Scoring - containment", "[scoring]")
{
    const std::string detected = kHeader + kAttack + Triage(1000, 1, "true_positive");
    SECTION("the last attacker record says contained: time from detection")
    {
        auto c = bd::ComputeScorecard(Journal(detected + Attacker(5000, true) + End(9000)));
        CHECK(c.contained_at_s == 5000);
        CHECK(c.time_to_contain_s == 4000);
    }
    SECTION("re-compromised after containment: not contained")
    {
        auto c = bd::ComputeScorecard(Journal(detected + Attacker(5000, true) + Attacker(6000, false) + End(9000)));
        CHECK_FALSE(c.contained_at_s);
        CHECK_FALSE(c.time_to_contain_s);
    }
    SECTION("contained again after the re-compromise: the last containment counts")
    {
        auto c = bd::ComputeScorecard(Journal(detected + Attacker(5000, true) + Attacker(6000, false) + Attacker(7000, true) + End(9000)));
        CHECK(c.contained_at_s == 7000);
        CHECK(c.time_to_contain_s == 6000);
    }
    SECTION("contained before it was detected: 0")
    {
        auto c = bd::ComputeScorecard(Journal(kHeader + kAttack + Attacker(800, true) + Triage(1000, 1, "true_positive") + End(9000)));
        CHECK(c.contained_at_s == 800);
        CHECK(c.time_to_contain_s == 0);
    }
    SECTION("contained but never detected: contained_at known, time to contain null")
    {
        auto c = bd::ComputeScorecard(Journal(kHeader + kAttack + Attacker(800, true) + End(9000)));
        CHECK(c.contained_at_s == 800);
        CHECK_FALSE(c.time_to_contain_s);
    }
    SECTION("an attacker record before the attack started is not a containment")
    {
        auto c = bd::ComputeScorecard(Journal(kHeader + Attacker(0, true) + Technique(100, "ws-1") + Alert(400, 1, true) +
                                              Triage(1000, 1, "true_positive") + End(9000)));
        CHECK_FALSE(c.contained_at_s);
    }
}

TEST_CASE("Scoring - the attacker in the network, summed over its intrusions", "[scoring]")
{
    SECTION("in at 100, out at 400, back at 1000, out at 1500: 800 s, two intrusions; time to contain runs to the last")
    {
        auto c = bd::ComputeScorecard(Journal(kHeader + kAttack + Triage(200, 1, "true_positive") + Attacker(400, true) +
                                              Attacker(1000, false) + Attacker(1500, true) + End(20000)));
        CHECK(c.foothold_time_s == 800);
        CHECK(c.intrusions == 2);
        CHECK(c.time_to_contain_s == 1300); // 1500 - 200: the last containment
        CHECK(bd::ToJson(c)["foothold_time_s"] == 800);
        CHECK(bd::FormatScorecard(c).find("summed over 2 intrusions") != std::string::npos);
    }
    SECTION("still in at the end: counted to the end")
    {
        auto c = bd::ComputeScorecard(Journal(kHeader + kAttack + Attacker(400, true) + Attacker(1000, false) + End(5000)));
        CHECK(c.foothold_time_s == 300 + 4000);
        CHECK(c.intrusions == 2);
        CHECK(bd::FormatScorecard(c).find("still in at the end") != std::string::npos);
    }
    SECTION("no attack: no figure")
    {
        auto c = bd::ComputeScorecard(Journal(kHeader + End(5000)));
        CHECK_FALSE(c.foothold_time_s);
        CHECK(bd::ToJson(c)["foothold_time_s"].is_null());
    }
}

TEST_CASE("Scoring - recovery", "[scoring]")
{
    // Detected at 1000, contained at 5000; erp down and fs-01 encrypted by the attacker at 3000.
    const std::string base = kHeader + kAttack + Triage(1000, 1, "true_positive") + HostRec(3000, "fs-01", true, "down") +
                             Service(3000, "erp", false, "attacker") + Attacker(5000, true);
    SECTION("a service still down: not recovered")
    {
        auto c = bd::ComputeScorecard(Journal(base + HostRec(6000, "fs-01", false) + End(20000)));
        CHECK_FALSE(c.recovered_at_s);
        CHECK_FALSE(c.time_to_recover_s);
    }
    SECTION("services up but a host still encrypted: not recovered")
    {
        auto c = bd::ComputeScorecard(Journal(base + Service(8000, "erp", true, "none") + End(20000)));
        CHECK_FALSE(c.recovered_at_s);
    }
    SECTION("a host record that does not mention encryption leaves it encrypted")
    {
        auto c = bd::ComputeScorecard(Journal(base + Service(8000, "erp", true, "none") +
                                              Rec(9000, "host", R"("id":"fs-01","state":"running","cause":"none")") + End(20000)));
        CHECK_FALSE(c.recovered_at_s);
    }
    SECTION("services up and no host encrypted: recovered when the last of them came true")
    {
        auto c = bd::ComputeScorecard(Journal(base + Service(8000, "erp", true, "none") + HostRec(9000, "fs-01", false) + End(20000)));
        CHECK(c.recovered_at_s == 9000);
        CHECK(c.time_to_recover_s == 8000);
    }
    SECTION("everything back before containment: recovered at containment")
    {
        auto c = bd::ComputeScorecard(Journal(kHeader + kAttack + Triage(1000, 1, "true_positive") + Service(2000, "erp", false, "defender") +
                                              Service(3000, "erp", true, "none") + Attacker(5000, true) + End(20000)));
        CHECK(c.recovered_at_s == 5000);
        CHECK(c.time_to_recover_s == 4000);
    }
    SECTION("not contained: not recovered, even with everything up")
    {
        auto c = bd::ComputeScorecard(Journal(base + Service(8000, "erp", true, "none") + HostRec(9000, "fs-01", false) +
                                              Attacker(9500, false) + End(20000)));
        CHECK_FALSE(c.recovered_at_s);
    }
    SECTION("a service that goes down again after coming back: not recovered")
    {
        auto c = bd::ComputeScorecard(Journal(base + Service(8000, "erp", true, "none") + HostRec(9000, "fs-01", false) +
                                              Service(10000, "erp", false, "operations") + End(20000)));
        CHECK_FALSE(c.recovered_at_s);
    }
}

TEST_CASE("Scoring - impact", "[scoring]")
{
    SECTION("downtime cost split by cause, to the cent")
    {
        // erp (12000/h): attacker 0-7200 (2 h = 24000), then defender 7200-10800 (1 h = 12000), then up.
        // web (3600/h): operations from 10000 to the end at 13600 (1 h = 3600).
        auto c = bd::ComputeScorecard(Journal(kHeader + Service(0, "erp", false, "attacker") + Service(7200, "erp", false, "defender") +
                                              Service(10000, "web", false, "operations") + Service(10800, "erp", true, "none") + End(13600)));
        CHECK(c.impact.attacker_caused == Approx(24000.0));
        CHECK(c.impact.self_inflicted == Approx(12000.0));
        CHECK(c.impact.operations == Approx(3600.0));
        CHECK(c.impact.unattributed == 0.0);
        CHECK(c.impact.total() == Approx(39600.0));
        REQUIRE(c.impact.downtime.size() == 2);
        CHECK(c.impact.downtime[0].id == "erp");
        CHECK(c.impact.downtime[0].attacker_s == 7200);
        CHECK(c.impact.downtime[0].defender_s == 3600);
        CHECK(c.impact.downtime[1].id == "web");
        CHECK(c.impact.downtime[1].operations_s == 3600);
        const json j = bd::ToJson(c);
        CHECK(j["impact"]["downtime_s"] == json::parse(R"({"erp":10800,"web":3600})"));
        CHECK(j["impact"]["attacker_caused"] == 24000.0);
        CHECK(j["impact"]["currency"] == "EUR");
    }
    SECTION("an odd number of seconds is rounded to the cent in JSON")
    {
        // 1 s of erp = 12000/3600 = 3.333... EUR
        auto c = bd::ComputeScorecard(Journal(kHeader + Service(0, "erp", false, "defender") + Service(1, "erp", true, "none") + End(10)));
        CHECK(bd::ToJson(c)["impact"]["self_inflicted"] == 3.33);
    }
    SECTION("without an end record the outage runs to the last record")
    {
        auto c = bd::ComputeScorecard(Journal(kHeader + Service(0, "web", false, "attacker") + Rec(1800, "c2", R"("indicator":"x","event":"blocked")")));
        CHECK(c.impact.attacker_caused == Approx(1800.0));
        CHECK(c.duration_s == 1800);
    }
    SECTION("down with no cause: downtime counted, cost unattributed, a warning")
    {
        auto c = bd::ComputeScorecard(Journal(kHeader + Rec(0, "service", R"("id":"web","up":false)") + End(3600)));
        CHECK(c.impact.unattributed == Approx(3600.0));
        CHECK(c.impact.attacker_caused == 0.0);
        CHECK(HasWarning(c, "[scoring.unattributed] service 'web'"));
    }
    SECTION("a service missing from the header: downtime counted at no cost, a warning")
    {
        auto c = bd::ComputeScorecard(Journal(kHeader + Service(0, "mail", false, "attacker") + End(3600)));
        CHECK(c.impact.attacker_caused == 0.0);
        CHECK(c.impact.downtime.back().id == "mail");
        CHECK(c.impact.downtime.back().attacker_s == 3600);
        CHECK(HasWarning(c, "[scoring.unknown_service] service 'mail'"));
    }
    SECTION("records exfiltrated and hosts encrypted")
    {
        auto c = bd::ComputeScorecard(Journal(
            kHeader + Rec(10, "exfiltration", R"("store":"erp-db","records":100,"personal_data":true)") +
            Rec(20, "exfiltration", R"("store":"logs","records":50,"personal_data":false)") + HostRec(30, "fs-01", true) +
            HostRec(40, "fs-01", false) + HostRec(50, "fs-01", true) + HostRec(60, "fs-02", true) + HostRec(70, "fs-03", false) + End(100)));
        CHECK(c.impact.records_exfiltrated == 150);
        CHECK(c.impact.personal_records_exfiltrated == 100);
        CHECK(c.impact.hosts_encrypted == 2);
    }
}

TEST_CASE("Scoring - coordination", "[scoring]")
{
    const std::string tickets = kHeader + Rec(100, "ticket", R"("id":1,"from":"secops","to":"itops","action":"isolate_host","target":"a","reason":"r")") +
                                Rec(200, "ticket", R"("id":2,"from":"secops","to":"itops","action":"isolate_host","target":"b","reason":"r")") +
                                Rec(300, "ticket", R"("id":3,"from":"itops","to":"secops","action":"investigate_host","target":"c","reason":"r")") +
                                Rec(400, "ticket", R"("id":4,"from":"secops","to":"itops","action":"patch_host","target":"d","reason":"r")") +
                                // ticket 2: rejected after 300 s; a command naming it later does not change that
                                Rec(500, "ticket_closed", R"("id":2,"status":"rejected","command":0)") +
                                // ticket 1: a command naming it 600 s later
                                Rec(700, "command", R"("cmd":{"id":9,"kind":"isolate_host","team":"itops","target":"a","ticket":1})") +
                                Rec(900, "command", R"("cmd":{"id":10,"kind":"isolate_host","team":"itops","target":"b","ticket":2})") +
                                // ticket 3: 1000 s; commands without a ticket do not count
                                Rec(1000, "command", R"("cmd":{"id":11,"kind":"send_message","team":"secops","target":""})") +
                                Rec(1300, "command", R"("cmd":{"id":12,"kind":"investigate_host","team":"secops","target":"c","ticket":3})") +
                                Rec(1400, "ticket_closed", R"("id":1,"status":"done","command":9)");
    SECTION("three answered: the median is the middle one")
    {
        auto c = bd::ComputeScorecard(Journal(tickets + End(5000)));
        CHECK(c.coordination.requests == 4);
        CHECK(c.coordination.answered == 3);
        CHECK(c.coordination.median_handoff_s == 600); // of 300, 600, 1000
        CHECK(c.coordination.max_handoff_s == 1000);
        CHECK(c.coordination.open_tickets == 2);      // 3 and 4 were never closed
    }
    SECTION("four answered: the median is the lower middle one")
    {
        auto c = bd::ComputeScorecard(Journal(tickets + Rec(2400, "command", R"("cmd":{"id":13,"kind":"patch_host","team":"itops","target":"d","ticket":4})") + End(5000)));
        CHECK(c.coordination.answered == 4);
        CHECK(c.coordination.median_handoff_s == 600); // of 300, 600, 1000, 2000
    }
    SECTION("no ticket: median null")
    {
        auto c = bd::ComputeScorecard(Journal(kHeader + End(5000)));
        CHECK(c.coordination.requests == 0);
        CHECK_FALSE(c.coordination.median_handoff_s);
        CHECK(bd::ToJson(c)["coordination"]["median_handoff_s"].is_null());
    }
    SECTION("uncoordinated and emergency changes count only when they took effect")
    {
        const std::string iso = R"({"id":5,"kind":"isolate_host","team":"secops","target":"db-01"})";
        const std::string emergency = R"({"id":6,"kind":"isolate_host","team":"secops","target":"db-01","emergency":true})";
        auto c = bd::ComputeScorecard(Journal(kHeader + Done(10, iso, true, true) + Done(20, iso, false, true) + Done(30, iso, true, false) +
                                              Done(40, emergency, true, true) + Done(50, emergency, false, true) + End(100)));
        CHECK(c.coordination.uncoordinated_disruptive == 2);
        CHECK(c.coordination.emergency_changes == 1);
    }
}

TEST_CASE("Scoring - compliance", "[scoring]")
{
    // Detected at 1000: NIS2 deadlines 1000 + 24 h = 87400, + 72 h = 260200, + 30 days = 2593000.
    const std::string detected = kHeader + kAttack + Triage(1000, 1, "true_positive");
    SECTION("met, missed late, missed not done, open")
    {
        auto c = bd::ComputeScorecard(Journal(detected + Notify(5000, "nis2", "early_warning") + Notify(260201, "nis2", "notification") + End(300000)));
        REQUIRE(c.compliance.size() == 4);
        const auto* ew = Obligation(c, "nis2", "early_warning");
        const auto* n = Obligation(c, "nis2", "notification");
        const auto* fr = Obligation(c, "nis2", "final_report");
        const auto* g = Obligation(c, "gdpr", "notification");
        REQUIRE((ew && n && fr && g));
        CHECK(ew->status == bd::ComplianceStatus::Met);
        CHECK(ew->clock_started_s == 1000);
        CHECK(ew->deadline_s == 87400);
        CHECK(ew->done_s == 5000);
        CHECK(n->status == bd::ComplianceStatus::Missed);
        CHECK(n->done_s == 260201);
        CHECK(fr->status == bd::ComplianceStatus::Open);
        CHECK(fr->deadline_s == 2593000);
        CHECK_FALSE(fr->done_s);
        CHECK(g->status == bd::ComplianceStatus::NotTriggered); // no personal data touched
        CHECK_FALSE(g->clock_started_s);
    }
    SECTION("not done and the end is past the deadline: missed")
    {
        auto c = bd::ComputeScorecard(Journal(detected + End(87401)));
        CHECK(Obligation(c, "nis2", "early_warning")->status == bd::ComplianceStatus::Missed);
        CHECK(Obligation(c, "nis2", "notification")->status == bd::ComplianceStatus::Open);
    }
    SECTION("the deadline itself is still in time")
    {
        auto c = bd::ComputeScorecard(Journal(detected + Notify(87400, "nis2", "early_warning") + End(87400)));
        CHECK(Obligation(c, "nis2", "early_warning")->status == bd::ComplianceStatus::Met);
        CHECK(Obligation(c, "nis2", "notification")->status == bd::ComplianceStatus::Open);
    }
    SECTION("a notification that failed, or names another stage, does not count")
    {
        auto c = bd::ComputeScorecard(Journal(detected +
                                              Done(2000, R"({"id":3,"kind":"notify_authority","team":"secops","target":"","value":"nis2","text":"early_warning"})", false) +
                                              Notify(3000, "gdpr", "early_warning") + End(90000)));
        CHECK(Obligation(c, "nis2", "early_warning")->status == bd::ComplianceStatus::Missed);
        CHECK_FALSE(Obligation(c, "nis2", "early_warning")->done_s);
    }
    SECTION("not detected: nothing triggered; a notification sent anyway is its own status, not done")
    {
        auto c = bd::ComputeScorecard(Journal(kHeader + kAttack + Notify(2000, "nis2", "early_warning") + End(3000000)));
        const auto* ew = Obligation(c, "nis2", "early_warning");
        CHECK(ew->status == bd::ComplianceStatus::SentBeforeClock);
        CHECK_FALSE(ew->done_s);
        CHECK(ew->sent_before_clock_s == 2000);
        for (const auto& e : c.compliance)
            if (e.obligation != "early_warning") CHECK(e.status == bd::ComplianceStatus::NotTriggered);
        CHECK(bd::ToJson(c)["compliance"][0]["status"] == "sent_before_clock");
    }
    SECTION("a notification sent before the clock started does not count (a false alarm, exploited-webapp seed 1)")
    {
        // Sent at 500, detected at 1000: the early warning is still owed from 1000 on.
        const std::string early = kHeader + kAttack + Notify(500, "nis2", "early_warning") + Triage(1000, 1, "true_positive");
        auto open = bd::ComputeScorecard(Journal(early + End(5000)));
        const auto* ew = Obligation(open, "nis2", "early_warning");
        CHECK(ew->status == bd::ComplianceStatus::SentBeforeClock); // not MET: the deadline is still ahead
        CHECK_FALSE(ew->done_s);
        CHECK(ew->sent_before_clock_s == 500);
        CHECK(bd::TallyCompliance(open.compliance).open == 3);
        CHECK(bd::TallyCompliance(open.compliance).met == 0);
        CHECK(bd::FormatScorecard(open).find("SENT BEFORE THE CLOCK STARTED (at T+00:08)") != std::string::npos);
        const auto j = bd::ToJson(open)["compliance"][0];
        CHECK(j["status"] == "sent_before_clock");
        CHECK(j["sent_before_clock_s"] == 500);
        CHECK(j["done_s"].is_null());

        auto missed = bd::ComputeScorecard(Journal(early + End(87401)));
        CHECK(Obligation(missed, "nis2", "early_warning")->status == bd::ComplianceStatus::Missed);
        auto met = bd::ComputeScorecard(Journal(early + Notify(2000, "nis2", "early_warning") + End(87401)));
        CHECK(Obligation(met, "nis2", "early_warning")->status == bd::ComplianceStatus::Met);
        CHECK(Obligation(met, "nis2", "early_warning")->done_s == 2000);
        CHECK(Obligation(met, "nis2", "early_warning")->sent_before_clock_s == 500);
        // Both notifications are on the timeline, the first said not to count.
        int notes = 0;
        for (const auto& m : met.moments)
            if (m.kind == "notification") {
                ++notes;
                CHECK((m.t == 2000) == (m.label.find("before the clock") == std::string::npos));
            }
        CHECK(notes == 2);
    }
    SECTION("GDPR starts at personal data staged when that is after detection")
    {
        auto c = bd::ComputeScorecard(Journal(detected + Rec(5000, "staged", R"("store":"erp-db","host":"db-01","records":10,"personal_data":true)") + End(10000)));
        const auto* g = Obligation(c, "gdpr", "notification");
        CHECK(g->clock_started_s == 5000);
        CHECK(g->deadline_s == 5000 + 72 * 3600);
        CHECK(g->status == bd::ComplianceStatus::Open);
    }
    SECTION("GDPR starts at detection when personal data was staged before")
    {
        auto c = bd::ComputeScorecard(Journal(kHeader + kAttack + Rec(500, "staged", R"("store":"erp-db","host":"db-01","records":10,"personal_data":true)") +
                                              Triage(1000, 1, "true_positive") + Notify(2000, "gdpr", "notification") + End(10000)));
        const auto* g = Obligation(c, "gdpr", "notification");
        CHECK(g->clock_started_s == 1000);
        CHECK(g->status == bd::ComplianceStatus::Met);
    }
    SECTION("GDPR: an exfiltration of personal data starts it too; data without personal data does not")
    {
        auto c = bd::ComputeScorecard(Journal(detected + Rec(3000, "staged", R"("store":"logs","host":"x","records":10,"personal_data":false)") +
                                              Rec(4000, "exfiltration", R"("store":"erp-db","records":10,"personal_data":true)") + End(10000)));
        CHECK(Obligation(c, "gdpr", "notification")->clock_started_s == 4000);
    }
    SECTION("GDPR: personal data touched but never detected: not triggered")
    {
        auto c = bd::ComputeScorecard(Journal(kHeader + kAttack + Rec(500, "staged", R"("store":"erp-db","host":"db-01","records":10,"personal_data":true)") + End(10000)));
        CHECK(Obligation(c, "gdpr", "notification")->status == bd::ComplianceStatus::NotTriggered);
    }
    SECTION("an unknown regime gives a warning, no obligation")
    {
        std::string header = kHeader;
        header.replace(header.find(R"(["nis2","gdpr"])"), 15, R"(["dora"])");
        auto c = bd::ComputeScorecard(Journal(header + End(10)));
        CHECK(c.compliance.empty());
        CHECK(HasWarning(c, "[scoring.unknown_regime] regime 'dora'"));
    }
}

TEST_CASE("Scoring - alert counts", "[scoring]")
{
    auto c = bd::ComputeScorecard(Journal(kHeader + Alert(10, 1, true) + Alert(20, 2, true) + Alert(30, 3, true) + Alert(40, 4, false) +
                                          Alert(50, 5, false) + Triage(60, 1, "true_positive") + Triage(70, 2, "false_positive") +
                                          Triage(80, 4, "true_positive") + Triage(90, 5, "true_positive") +
                                          Triage(95, 5, "false_positive") + // the final verdict counts
                                          Triage(99, 42, "true_positive") + End(100)));
    CHECK(c.alerts.total == 5);
    CHECK(c.alerts.true_positive == 3);
    CHECK(c.alerts.triaged == 4);
    CHECK(c.alerts.triaged_true == 2);
    CHECK(c.alerts.triaged_false == 2);
    CHECK(c.alerts.false_positives_triaged_as_true == 1);
    CHECK(c.alerts.true_alerts_triaged_as_false == 1);
    CHECK(c.alerts.missed_true == 1);
    CHECK(HasWarning(c, "[scoring.unknown_alert] 1 triaged alert id(s)"));
}

TEST_CASE("Scoring - the run / the end and the warnings", "[scoring]")
{
    SECTION("an end record gives duration, reason and state hash")
    {
        auto c = bd::ComputeScorecard(Journal(kHeader + End(7200, "contained_and_recovered")));
        CHECK(c.ended);
        CHECK(c.duration_s == 7200);
        CHECK(c.end_reason == "contained_and_recovered");
        CHECK(c.state_hash == "00ff00ff00ff00ff");
        CHECK(c.scenario == "unit");
        CHECK(c.title == "Unit test");
        CHECK(c.seed == 7u);
        CHECK(c.org == "siloed");
        CHECK(c.warnings.empty());
    }
    SECTION("no end record: a warning, the last record's time, no hash")
    {
        auto c = bd::ComputeScorecard(Journal(kHeader + kAttack));
        CHECK_FALSE(c.ended);
        CHECK(c.duration_s == 400);
        CHECK(c.state_hash.empty());
        CHECK(HasWarning(c, "[scoring.no_end]"));
        const json j = bd::ToJson(c);
        CHECK(j["end_reason"].is_null());
        CHECK(j["state_hash"] == "");
    }
    SECTION("the journal's own warning records are passed on")
    {
        auto c = bd::ComputeScorecard(Journal(kHeader + Rec(5, "warning", R"("message":"script 'ceo-call' failed and was disabled")") + End(10)));
        REQUIRE(c.warnings.size() == 1);
        CHECK(c.warnings[0] == "script 'ceo-call' failed and was disabled");
    }
    SECTION("records after the end are ignored, with a warning")
    {
        auto c = bd::ComputeScorecard(Journal(kHeader + End(10) + Service(20, "erp", false, "attacker")));
        CHECK(c.duration_s == 10);
        CHECK(c.impact.attacker_caused == 0.0);
        CHECK(HasWarning(c, "[scoring.after_end] 1 record(s)"));
    }
    SECTION("no header: a warning, the rest still scored")
    {
        auto c = bd::ComputeScorecard(Journal(kAttack + Triage(1000, 1, "true_positive") + End(2000)));
        CHECK(HasWarning(c, "[scoring.no_header]"));
        CHECK(c.time_to_detect_s == 900);
    }
    SECTION("a seed written as a signed integer is read")
    {
        auto records = Journal(kHeader + End(10));
        records[0]["seed"] = int64_t{7};
        REQUIRE_FALSE(records[0]["seed"].is_number_unsigned());
        CHECK(bd::ComputeScorecard(records).seed == 7u);
    }
    SECTION("an empty journal")
    {
        auto c = bd::ComputeScorecard({});
        CHECK(c.duration_s == 0);
        CHECK(HasWarning(c, "[scoring.no_header]"));
        CHECK(HasWarning(c, "[scoring.no_end]"));
        CHECK_NOTHROW(bd::FormatScorecard(c));
    }
}

TEST_CASE("Scoring - malformed records do not crash", "[scoring]")
{
    std::vector<json> records = Journal(kHeader + kAttack);
    const std::vector<std::string> bad = {
        R"([1,2,3])",
        R"("a string")",
        R"(42)",
        R"(null)",
        R"({"type":"alert","id":9,"true_positive":true})",                          // no t
        R"({"t":"soon","type":"alert","id":9,"true_positive":true})",              // t not an integer
        R"({"t":1.5,"type":"alert","id":9,"true_positive":true})",                 // t not an integer
        R"({"t":500,"type":7})",                                                   // type not a string
        R"({"t":500,"type":"alert","id":"nine","true_positive":true})",
        R"({"t":500,"type":"alert","id":9,"true_positive":"yes"})",
        R"({"t":500,"type":"technique","ok":1})",
        R"({"t":500,"type":"foothold","host":["x"],"gained":true})",
        R"({"t":500,"type":"attacker"})",
        R"({"t":500,"type":"service","id":"erp","up":"no","cause":"attacker"})",
        R"({"t":500,"type":"service","id":"erp","up":false,"cause":3})",
        R"({"t":500,"type":"host","id":"fs-01","encrypted":"very"})",
        R"({"t":500,"type":"exfiltration","store":"erp-db","records":-5})",
        R"({"t":500,"type":"exfiltration","store":"erp-db","records":"all"})",
        R"({"t":500,"type":"staged","personal_data":"maybe"})",
        R"({"t":500,"type":"ticket","id":null})",
        R"({"t":500,"type":"ticket_closed","id":77})",
        R"({"t":500,"type":"command","cmd":"isolate everything"})",
        R"({"t":500,"type":"command","cmd":{"ticket":"one"}})",
        R"({"t":500,"type":"command_done","cmd":"triage","ok":true})",
        R"({"t":500,"type":"command_done","cmd":{"kind":"triage_alert","target":"1","value":"true_positive"},"ok":"yes"})",
        R"({"t":500,"type":"command_done","cmd":{"kind":"triage_alert","target":"abc","value":"true_positive"},"ok":true})",
        R"({"t":500,"type":"command_done","cmd":{"kind":"triage_alert","target":"1","value":"maybe"},"ok":true})",
        R"({"t":500,"type":"command_done","cmd":{"kind":"declare_incident","assets":"ws-1"},"ok":true})",
        R"({"t":500,"type":"command_done","cmd":{"kind":"notify_authority","value":"nis2"},"ok":true})",
        R"({"t":500,"type":"command_done","cmd":{"kind":5},"ok":true})",
        R"({"t":500,"type":"warning"})",
        R"({"t":500,"type":"header","services":5})",                               // a second header
        R"({"t":500,"type":"something_new","whatever":[1,{"a":null}]})",          // unknown: ignored
        R"({"t":-5,"type":"technique","ok":true})",                                // t out of range
        R"({"t":18446744073709551615,"type":"technique","ok":true})",              // t out of range
        R"({"t":500,"type":"exfiltration","records":9223372036854775807})",        // sums saturate
        R"({"t":500,"type":"exfiltration","records":9223372036854775807})",
    };
    for (const auto& b : bad) {
        json j = json::parse(b);
        if (j.is_object() && !j.contains("seq")) j["seq"] = records.size();
        records.push_back(std::move(j));
    }
    // After all the noise a valid detection and end still count.
    for (auto r : Journal(Triage(1000, 1, "true_positive") + End(2000))) {
        r["seq"] = records.size();
        records.push_back(std::move(r));
    }

    bd::Scorecard c;
    REQUIRE_NOTHROW(c = bd::ComputeScorecard(records));
    CHECK(c.detected_at_s == 1000);
    CHECK(c.attack_start_s == 100); // the out-of-range techniques did not move it
    CHECK(c.duration_s == 2000);
    CHECK(c.impact.records_exfiltrated == INT64_MAX);
    CHECK(HasWarning(c, "[scoring.bad_record]"));
    CHECK(HasWarning(c, "[scoring.duplicate_header]"));
    CHECK(HasWarning(c, "[scoring.bad_record] seq 13 (alert): 'id' missing or not an integer; skipped"));
    CHECK(HasWarning(c, "[scoring.bad_record] ... and "));  // more than 20: the rest summarised
    CHECK_NOTHROW(bd::ToJson(c).dump());
    CHECK_NOTHROW(bd::FormatScorecard(c));

    SECTION("a header with wrong-typed fields keeps what it can")
    {
        auto h = bd::ComputeScorecard(Journal(
            R"({"t":0,"type":"header","scenario":5,"seed":-1,"org":"siloed","currency":["EUR"],"regimes":"nis2","services":[{"id":"erp","cost_per_hour":"lots"},{"name":"no id"},7]})"
            "\n" + Service(0, "erp", false, "attacker") + End(3600)));
        CHECK(h.org == "siloed");
        CHECK_FALSE(h.seed);
        CHECK(h.impact.downtime.at(0).id == "erp");
        CHECK(h.impact.downtime.at(0).attacker_s == 3600);
        CHECK(h.impact.attacker_caused == 0.0);
        CHECK(HasWarning(h, "[scoring.bad_header] service 'erp': 'cost_per_hour' missing or not a number"));
        CHECK(HasWarning(h, "[scoring.bad_header] 'regimes' is not a list"));
    }
}

TEST_CASE("Scoring - streaming gives the same scorecard as the whole journal", "[scoring]")
{
    const auto records = Journal(kHeader + kAttack + Triage(1000, 1, "true_positive") + Service(1200, "erp", false, "defender") +
                                 Notify(1500, "nis2", "early_warning") + Attacker(2000, true) + Service(3000, "erp", true, "none") + End(4000));
    bd::ScoreAccumulator acc;
    for (size_t i = 0; i < records.size(); ++i) {
        acc.Feed(records[i]);
        const bd::Scorecard partial = acc.Result(); // a live UI asks at any moment
        if (i + 1 < records.size()) CHECK(HasWarning(partial, "[scoring.no_end]"));
    }
    CHECK(acc.RecordsFed() == records.size());
    CHECK(bd::ToJson(acc.Result()) == bd::ToJson(bd::ComputeScorecard(records)));
    SECTION("midway, an outage still running counts up to the last record")
    {
        bd::ScoreAccumulator mid;
        for (size_t i = 0; i < records.size() && records[i]["t"].get<int>() <= 2000; ++i) mid.Feed(records[i]);
        CHECK(mid.Result().impact.downtime.at(0).defender_s == 800);
        SECTION("as of a clock past the last record, it counts up to the clock (a live UI)")
        {
            const bd::Scorecard at = mid.Result(2600);
            CHECK(at.impact.downtime.at(0).defender_s == 1400);
            CHECK(at.duration_s == 2600);
            CHECK(HasWarning(at, "[scoring.no_end] the journal has no end record (the exercise is still running or was "
                                 "interrupted); figures are as of the clock, t=2600"));
            // A clock before the last record changes nothing.
            CHECK(bd::ToJson(mid.Result(100)) == bd::ToJson(mid.Result()));
        }
    }
    SECTION("once the end record came, the clock is not read: the end is the end record")
    {
        CHECK(bd::ToJson(acc.Result(99999)) == bd::ToJson(acc.Result()));
    }
}

TEST_CASE("Scoring - timeline", "[scoring]")
{
    std::string encryptions;
    for (int i = 0; i < 6; ++i) encryptions += HostRec(2000 + i, "fs-0" + std::to_string(i), true);
    auto c = bd::ComputeScorecard(Journal(kHeader + kAttack + Triage(1000, 1, "true_positive") + Notify(1000, "nis2", "early_warning") +
                                          encryptions + Attacker(3000, true) + End(4000)));
    const auto t = bd::BuildTimeline(c);
    std::vector<std::string> kinds;
    for (const auto& e : t) kinds.push_back(e.kind);
    CHECK(kinds == std::vector<std::string>{"attack_start", "tool_detect", "detected", "notification", "encryption", "encryption",
                                            "encryption", "encryption", "contained", "end"});
    CHECK(t[7].label == "... and 3 more hosts encrypted, the last at this time");
    CHECK(t[7].t == 2005);
    CHECK(bd::BuildTimeline(c, 0).size() == 12);
    CHECK(c.warnings.empty());
}

TEST_CASE("Scoring - the printed scorecard", "[scoring]")
{
    SECTION("number formats")
    {
        CHECK(bd::FormatDuration(0) == "00:00:00");
        CHECK(bd::FormatDuration(3599) == "00:59:59");
        CHECK(bd::FormatDuration(101520) == "1d 04:12:00");
        CHECK(bd::FormatDuration(-60) == "-00:01:00");
        CHECK(bd::FormatDurationWithSeconds(101520) == "1d 04:12:00 (101520 s)");
        CHECK(bd::FormatCount(0) == "0");
        CHECK(bd::FormatCount(999) == "999");
        CHECK(bd::FormatCount(250000) == "250,000");
        CHECK(bd::FormatCount(-1234567) == "-1,234,567");
        CHECK(bd::FormatMoney(1234567.5, "EUR") == "1,234,568 EUR");
        CHECK(bd::FormatMoney(0, "") == "0");
        // The journal does not say who stopped it (`run --until` writes the same end record).
        CHECK(bd::DescribeEndReason("stopped") == "stopped before its end (by the facilitator or a time limit)");
        CHECK(bd::DescribeEndReason("new_reason") == "new reason");
    }
    SECTION("every status is printed, lines fit a terminal")
    {
        auto c = bd::ComputeScorecard(Journal(kHeader + kAttack + Triage(1000, 1, "true_positive") + Service(2000, "erp", false, "attacker") +
                                              Notify(5000, "nis2", "early_warning") + Notify(260201, "nis2", "notification") + End(300000)));
        const std::string text = bd::FormatScorecard(c);
        CHECK_THAT(text, Catch::Contains("BREACHDRILL SCORECARD  unit: Unit test"));
        CHECK_THAT(text, Catch::Contains("MET"));
        CHECK_THAT(text, Catch::Contains("MISSED (late by 00:00:01)"));
        CHECK_THAT(text, Catch::Contains("OPEN"));
        CHECK_THAT(text, Catch::Contains("NOT TRIGGERED"));
        CHECK_THAT(text, Catch::Contains("00:15:00")); // time to detect, 900 s
        CHECK_THAT(text, Catch::Contains("EUR"));
        std::istringstream in(text);
        std::string line;
        while (std::getline(in, line)) CHECK(line.size() <= 120);
    }
    SECTION("a long service name does not run into its columns")
    {
        std::string header = kHeader;
        header.replace(header.find(R"("name":"ERP")"), 12, R"("name":"Enterprise resource planning and payroll")");
        auto c = bd::ComputeScorecard(Journal(header + Service(2000, "erp", false, "attacker") + Service(5600, "erp", true, "none") + End(10000)));
        const std::string text = bd::FormatScorecard(c);
        INFO(text);
        // The name on a line of its own; the duration in its column below it.
        CHECK_THAT(text, Catch::Contains("    Enterprise resource planning and payroll (erp)\n" + std::string(36, ' ') + "01:00:00 (3600 s)"));
        CHECK_THAT(text, !Catch::Contains("(erp)01:00:00"));
    }
}

TEST_CASE("Timeline - a technique in words - what it hit and from where", "[scoring]")
{
    using nlohmann::json;
    using bd::TechniqueLabel;
    auto rec = [](const std::string& text) { return json::parse(text); };
    CHECK(TechniqueLabel(rec(R"({"technique":"T1486","name":"Servers encrypted","host":"dc-01","target":["fs-01","erp-db-01"],"target_kind":"host","ok":true})")) ==
          "T1486 Servers encrypted on fs-01, erp-db-01 from dc-01");
    CHECK(TechniqueLabel(rec(R"({"technique":"T1566.001","name":"Phish","host":"","target":["ws-01"],"target_kind":"host","ok":true})")) ==
          "T1566.001 Phish on ws-01");
    CHECK(TechniqueLabel(rec(R"({"technique":"T1204.002","name":"Macro runs","host":"ws-01","target":["ws-01"],"target_kind":"host","ok":true})")) ==
          "T1204.002 Macro runs on ws-01");
    CHECK(TechniqueLabel(rec(R"({"technique":"T1003.001","name":"Dump","host":"ws-01","target":["u-ws-01","vpn"],"target_kind":"identity","ok":true})")) ==
          "T1003.001 Dump, stealing u-ws-01, vpn from ws-01");
    CHECK(TechniqueLabel(rec(R"({"technique":"T1041","name":"Send","host":"db-01","target":["erp-db"],"target_kind":"store","ok":true})")) ==
          "T1041 Send, store erp-db from db-01");
    CHECK(TechniqueLabel(rec(R"({"technique":"T1071.001","name":"Beacon over HTTPS","host":"ws-01","target":["cdn.example"],"target_kind":"indicator","ok":true})")) ==
          "T1071.001 Beacon over HTTPS via cdn.example from ws-01");
    CHECK(TechniqueLabel(rec(R"({"technique":"T1490","name":"Backups deleted","host":"ws-001","target":[],"target_kind":"host","ok":false,"reason":"no reachable target"})")) ==
          "T1490 Backups deleted from ws-001 (failed: no reachable target)");
    // Many targets: five named, then a count.
    json many = rec(R"({"technique":"T1486","name":"Workstations encrypted","host":"dc-01","target_kind":"host","ok":true})");
    for (int i = 1; i <= 8; ++i) many["target"].push_back("ws-0" + std::to_string(i));
    CHECK(TechniqueLabel(many) == "T1486 Workstations encrypted on ws-01, ws-02, ws-03, ws-04, ws-05 and 3 more from dc-01");
    // A journal from before `target`: the host it names.
    CHECK(TechniqueLabel(rec(R"({"technique":"T1486","name":"Servers encrypted","host":"dc-01","ok":false})")) ==
          "T1486 Servers encrypted on dc-01 (failed)");
}

} // namespace scoring_test
