// test_report.cpp: the after-action report (scoring/report.h) on a known journal: the numbers,
// the P/S/M/U ratings, every section present, the improvement plan merge, and the HTML checked
// for well-formedness (one <html>, balanced tags, no network references).
#include "report.h"

#include "world/scenario.h"
#include "sim/simulation.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <regex>
#include <sstream>

using namespace bd;
using nlohmann::json;

namespace {

// The worked example of docs/scoring.md, with issuers, roles, a "hosts" count and an inject.
const char* kJournal = R"JSONL(
{"t":0,"seq":0,"type":"header","format":"breachdrill-journal/1","scenario":{"id":"ransomware-phish","title":"Ransomware by phishing","ref":"no-such-scenario-here"},"seed":1,"org":"siloed","autopilot":{"itops":true,"secops":false},"duration_s":302400,"currency":"EUR","regimes":["nis2","gdpr"],"services":[{"id":"erp","name":"ERP","cost_per_hour":12000},{"id":"files","name":"File shares","cost_per_hour":1800},{"id":"payroll","name":"Payroll","cost_per_hour":2000}],"stores":[{"id":"erp-db","name":"ERP database","host":"db-01","records":250000,"personal_data":true}],"hosts":74}
{"t":300,"type":"inject","number":1,"team":"secops","role":"","synopsis":"The CEO wants a status","text":"...","expected":{"kind":"send_message","target":"","team":"secops"},"objective":"Keep the board informed","by":"schedule"}
{"t":600,"type":"technique","stage":0,"name":"Phishing e-mail opened","technique":"T1566.001","host":"ws-014","ok":true}
{"t":600,"type":"foothold","host":"ws-014","gained":true,"level":1}
{"t":600,"type":"attacker","contained":false,"footholds":1,"credentials":0}
{"t":1500,"type":"alert","id":1,"team":"secops","sensor":"edr","host":"ws-014","technique":"T1204.002","severity":3,"summary":"Suspicious macro","true_positive":true}
{"t":2400,"type":"alert","id":2,"team":"secops","sensor":"siem","host":"dc-01","technique":"T1110","severity":2,"summary":"Failed logons","true_positive":false}
{"t":3000,"type":"command","cmd":{"id":1,"kind":"triage_alert","team":"secops","role":"analyst","issuer":"player:alice","target":"2","value":"true_positive"}}
{"t":3000,"type":"command_done","cmd":{"id":1,"kind":"triage_alert","team":"secops","target":"2","value":"true_positive"},"ok":true,"code":"ok","message":"","uncoordinated":false}
{"t":3600,"type":"technique","stage":1,"name":"Lateral movement","technique":"T1021.002","host":"db-01","ok":true}
{"t":3600,"type":"foothold","host":"db-01","gained":true,"level":2}
{"t":4200,"type":"command","cmd":{"id":2,"kind":"triage_alert","team":"secops","role":"analyst","issuer":"player:alice","target":"1","value":"true_positive"}}
{"t":4200,"type":"command_done","cmd":{"id":2,"kind":"triage_alert","team":"secops","target":"1","value":"true_positive"},"ok":true,"code":"ok","message":"","uncoordinated":false}
{"t":4800,"type":"staged","store":"erp-db","host":"db-01","records":250000,"personal_data":true}
{"t":5400,"type":"ticket","id":1,"from":"secops","to":"itops","action":"isolate_host","target":"db-01","reason":"compromised"}
{"t":6000,"type":"exfiltration","store":"erp-db","records":250000,"personal_data":true}
{"t":7200,"type":"command","cmd":{"id":3,"kind":"isolate_host","team":"itops","role":"sysadmin","issuer":"autopilot:itops","target":"db-01","ticket":1}}
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
{"t":14700,"type":"inject_outcome","number":1,"met":false,"at":14700,"objective":"Keep the board informed"}
{"t":15600,"type":"service","id":"payroll","up":true,"cause":"none"}
{"t":20400,"type":"host","id":"fs-01","state":"running","encrypted":false,"cause":"none"}
{"t":20400,"type":"service","id":"files","up":true,"cause":"none"}
{"t":22500,"type":"host","id":"db-01","state":"running","encrypted":false,"cause":"none"}
{"t":22500,"type":"service","id":"erp","up":true,"cause":"none"}
{"t":180000,"type":"command_done","cmd":{"id":6,"kind":"notify_authority","team":"secops","target":"","value":"gdpr","text":"notification"},"ok":true,"code":"ok","message":"","uncoordinated":false}
{"t":270000,"type":"command_done","cmd":{"id":7,"kind":"notify_authority","team":"secops","target":"","value":"nis2","text":"notification"},"ok":true,"code":"ok","message":"","uncoordinated":false}
{"t":302400,"type":"end","reason":"duration","state_hash":"9c1e5d0a7b3f2e41"}
)JSONL";

std::vector<json> Records()
{
    std::vector<json> out;
    std::istringstream in(kJournal);
    for (std::string line; std::getline(in, line);)
        if (!line.empty()) out.push_back(json::parse(line));
    return out;
}

const ObjectiveRating& Objective(const Report& r, const std::string& kind)
{
    for (const auto& o : r.objectives)
        if (o.kind == kind) return o;
    FAIL("no objective of kind " << kind);
    return r.objectives.front();
}

bool HasFinding(const std::vector<ReportFinding>& v, const std::string& id)
{
    for (const auto& f : v)
        if (f.id == id) return true;
    return false;
}

// A small HTML checker: exactly one <html>, every non-void element closed in order, no
// http(s):// anywhere. Returns "" or the first problem.
std::string CheckHtml(const std::string& html)
{
    static const char* kVoid[] = {"meta", "br", "hr", "img", "input", "link", "col", "wbr"};
    std::vector<std::string> stack;
    int html_open = 0;
    size_t i = 0;
    if (html.find("http://") != std::string::npos || html.find("https://") != std::string::npos) return "a network reference";
    while ((i = html.find('<', i)) != std::string::npos) {
        if (html.compare(i, 4, "<!--") == 0) { i = html.find("-->", i); if (i == std::string::npos) return "unclosed comment"; continue; }
        if (html.compare(i, 2, "<!") == 0) { i = html.find('>', i); continue; }
        const size_t end = html.find('>', i);
        if (end == std::string::npos) return "unclosed tag";
        std::string tag = html.substr(i + 1, end - i - 1);
        const bool closing = !tag.empty() && tag[0] == '/';
        const bool self_closing = !tag.empty() && tag.back() == '/';
        if (closing) tag = tag.substr(1);
        const std::string name = tag.substr(0, tag.find_first_of(" \t\n/"));
        if (name.empty()) return "empty tag at " + std::to_string(i);
        bool is_void = false;
        for (const char* v : kVoid) is_void |= name == v;
        if (closing) {
            if (stack.empty() || stack.back() != name) return "</" + name + "> closes <" + (stack.empty() ? "" : stack.back()) + ">";
            stack.pop_back();
        } else if (!self_closing && !is_void) {
            if (name == "html") ++html_open;
            stack.push_back(name);
            if (name == "style" || name == "script") { // raw text: skip to its end tag
                const size_t close = html.find("</" + name + ">", end);
                if (close == std::string::npos) return "unclosed <" + name + ">";
                i = close;
                continue;
            }
        }
        i = end + 1;
    }
    if (!stack.empty()) return "<" + stack.back() + "> never closed";
    if (html_open != 1) return std::to_string(html_open) + " <html> elements";
    return "";
}

} // namespace

TEST_CASE("Report - the HTML checker itself", "[report]")
{
    CHECK(CheckHtml("<html><body><p>x<br></p><svg><line/></svg></body></html>") == "");
    CHECK(CheckHtml("<html><body><p>x</body></html>") != "");
    CHECK(CheckHtml("<html></html><html></html>") == "2 <html> elements");
    CHECK(CheckHtml("<html><img src=\"https://x\"></html>") == "a network reference");
}

TEST_CASE("Report - a known journal", "[report]")
{
    ReportOptions o;
    o.load_scenario = true; // its ref does not load: generic objectives, and the report says so
    o.baseline_seeds = 0;
    o.date = "2025-03-14";
    const Report r = BuildReport(Records(), o);

    SECTION("overview")
    {
        CHECK(r.card.scenario == "ransomware-phish");
        CHECK(r.date == "2025-03-14");
        CHECK(r.date_source == "given");
        CHECK(r.hosts == 74);
        CHECK_FALSE(r.all_autopilot); // SecOps was a person
        CHECK_FALSE(r.scenario_loaded);
        CHECK(r.scenario_note.find("does not load") != std::string::npos);
        REQUIRE(r.participants.size() == 2);
        CHECK(r.participants[0].team == "itops");
        CHECK(r.participants[0].autopilot);
        CHECK(r.participants[1].team == "secops");
        CHECK(r.participants[1].role == "analyst");
        CHECK(r.participants[1].issuers == std::vector<std::string>{"player:alice"});
        CHECK(r.participants[1].commands == 2);
    }
    SECTION("numbers come from the scorecard")
    {
        CHECK(r.card.time_to_detect_s == 3600);
        CHECK(r.card.time_to_contain_s == 5400);
        CHECK(r.card.time_to_recover_s == 18300);
        CHECK(r.card.impact.total() == Approx(56300));
        bool found = false;
        for (const auto& s : r.executive_summary) found |= s.find("56,300 EUR") != std::string::npos;
        CHECK(found);
    }
    SECTION("P/S/M/U ratings of the generic objectives")
    {
        REQUIRE(r.objectives.size() == 6);
        CHECK(Objective(r, "detect").rating == "P");                    // 1 h, nothing dismissed
        CHECK(Objective(r, "contain_before_encryption").rating == "S"); // 1 of 74 hosts encrypted
        CHECK(Objective(r, "availability").rating == "S");              // ERP isolated exactly 4 h
        CHECK(Objective(r, "exfiltration").rating == "U");              // personal data left
        CHECK(Objective(r, "compliance").rating == "M");                // met, missed and open
        CHECK(Objective(r, "recover_hosts").rating == "P");             // fs-01 back, business recovered
        CHECK(Objective(r, "availability").evidence.front().find("erp down at T+02:15 for 04:00:00") != std::string::npos);
    }
    SECTION("strengths and areas for improvement")
    {
        CHECK(HasFinding(r.strengths, "S-DETECT"));
        CHECK(HasFinding(r.strengths, "S-CONTAIN"));
        CHECK(HasFinding(r.strengths, "S-HANDOFF"));
        CHECK(HasFinding(r.areas, "A-SELF"));
        CHECK(HasFinding(r.areas, "A-COMPLY"));
        CHECK(HasFinding(r.areas, "A-EXFIL"));
        CHECK(HasFinding(r.areas, "A-NOISE"));
        CHECK(HasFinding(r.areas, "A-UNCOORD"));
        CHECK(HasFinding(r.areas, "A-INJECT"));
        CHECK_FALSE(HasFinding(r.areas, "A-DETECT"));
        REQUIRE(r.plan.size() == r.areas.size());
        CHECK(r.plan.front().due == "2025-04-13");
        CHECK_FALSE(r.plan.front().owner.empty());
    }
    SECTION("HTML: every section, well-formed, self-contained")
    {
        const std::string html = ReportHtml(r);
        CHECK(CheckHtml(html) == "");
        for (const char* part : {"1. Exercise overview", "2. Executive summary", "3. Objectives and ratings",
                                 "4. Strengths and areas for improvement", "5. Scorecard", "6. Timeline", "7. Compliance clocks",
                                 "8. Improvement plan", "@media print", "<svg", "alice", "MISSED (late by 01:50:00)"})
            CHECK(html.find(part) != std::string::npos);
        CHECK(html.find("<script") == std::string::npos);
        CHECK(html.find("<link") == std::string::npos);
    }
    SECTION("JSON and Markdown carry the same content")
    {
        const json j = ToJson(r);
        CHECK(j["overview"]["seed"] == 1);
        CHECK(j["scorecard"]["time_to_contain_s"] == 5400);
        CHECK(j["objectives"].size() == 6);
        CHECK(j["objectives"][0]["rating"] == "P");
        CHECK(j["improvement_plan"].size() == r.plan.size());
        CHECK(j["baseline"].is_null());
        const std::string md = ReportMarkdown(r);
        CHECK(md.find("## 8. Improvement plan") != std::string::npos);
        CHECK(md.find("| **U** |") != std::string::npos);
    }
}

TEST_CASE("Report - compliance: an objective is rated on the obligations it names, and only on notifications after the clock", "[report]")
{
    // The known journal names the real scenario: its objectives are rated (its content hash is not
    // in the header, so no note). NIS2 early warning met, NIS2 notification missed, GDPR met.
    std::vector<json> records = Records();
    records[0]["scenario"]["ref"] = "ransomware-phish";
    ReportOptions o;
    o.baseline_seeds = 0;
    const std::string text = "Meet the NIS2 early warning (24 h) and the GDPR notification (72 h) deadlines";
    auto objective = [&](const Report& r) -> const ObjectiveRating& {
        for (const auto& ob : r.objectives)
            if (ob.objective == text) return ob;
        FAIL("no objective '" << text << "'");
        return r.objectives.front();
    };
    SECTION("exactly the two named were met: P, though the NIS2 notification was missed")
    {
        const Report r = BuildReport(records, o);
        REQUIRE(r.scenario_loaded);
        const ObjectiveRating& ob = objective(r);
        CHECK(ob.kind == "compliance");
        CHECK(ob.rating == "P");
        REQUIRE(ob.evidence.size() == 2);
        CHECK(ob.evidence[0].rfind("NIS2 early warning: MET", 0) == 0);
        CHECK(ob.evidence[1].rfind("GDPR notification: MET", 0) == 0);
    }
    SECTION("an early warning sent only before the clock started is not MET: S (still open), not P")
    {
        // Move the early warning (t=9000) to before the detection (4200).
        for (auto& rec : records)
            if (rec["type"] == "command_done" && rec["cmd"]["kind"] == "notify_authority" && rec["cmd"]["text"] == "early_warning") rec["t"] = 3000;
        std::stable_sort(records.begin(), records.end(), [](const json& a, const json& b) { return a["t"] < b["t"]; });
        // End the exercise before its deadline (4200 + 24 h) so that it is still open.
        records.erase(std::remove_if(records.begin(), records.end(), [](const json& rec) { return rec["t"] > 50000 && rec["type"] != "end"; }),
                      records.end());
        records.back()["t"] = 50000;
        const Report r = BuildReport(records, o);
        const ObjectiveRating& ob = objective(r);
        CHECK(ob.rating == "S");
        REQUIRE_FALSE(ob.evidence.empty());
        CHECK(ob.evidence[0].find("SENT BEFORE THE CLOCK STARTED") != std::string::npos);
        CHECK(ob.evidence[0].find("does not count") != std::string::npos);
        CHECK(r.card.compliance[0].status == ComplianceStatus::SentBeforeClock); // the scorecard says the same
        const std::string html = ReportHtml(r);
        CHECK(html.find("SENT BEFORE THE CLOCK STARTED (at T+00:50)") != std::string::npos);
        CHECK(ReportMarkdown(r).find("SENT BEFORE THE CLOCK STARTED") != std::string::npos);
    }
}

TEST_CASE("Report - the facilitator's improvement plan", "[report]")
{
    ReportOptions o;
    o.load_scenario = false;
    o.baseline_seeds = 0;
    o.date = "2025-03-14";
    o.plan = json::parse(R"([
        {"area": "A-SELF", "owner": "CIO", "due": "2025-05-01", "status": "agreed"},
        {"action": "Buy the SOC a second screen", "owner": "SOC Manager", "due": "2025-06-01"},
        {"area": "A-NOPE"},
        {"action": 7},
        "not a row",
        {"action": "Buy a calendar", "due": "2027-13-45"}
    ])");
    const Report r = BuildReport(Records(), o);
    const PlanRow* self = nullptr;
    for (const auto& p : r.plan)
        if (p.area == "A-SELF") self = &p;
    REQUIRE(self);
    CHECK(self->owner == "CIO");
    CHECK(self->due == "2025-05-01");
    CHECK(self->status == "agreed");
    CHECK(self->facilitator);
    CHECK_FALSE(self->action.empty()); // kept from the generated row
    CHECK(r.plan.back().action == "Buy the SOC a second screen");
    REQUIRE(r.problems.size() == 4);
    CHECK(r.problems[3] == "[report.plan] row 6: \"due\" must be a date YYYY-MM-DD, not \"2027-13-45\"");
    for (const auto& p : r.plan) CHECK(p.action != "Buy a calendar");
    CHECK(r.problems[0] == "[report.plan] row 3: a new row needs an \"action\" (no generated row has area A-NOPE)");
    CHECK(r.problems[1] == "[report.plan] row 4: \"action\" must be a string");
    CHECK(r.problems[2] == "[report.plan] row 5: must be an object");
    CHECK(CheckHtml(ReportHtml(r)) == "");
}

TEST_CASE("Report - a real exercise: the scenario's objectives and the baseline", "[report]")
{
    LoadResult lr = LoadScenario("ransomware-phish", LoadOptions{2, 0});
    REQUIRE(lr.Ok());
    RunOptions ro;
    ro.seed = 2;
    ro.autopilot_secops = false; // a person's seat (who did nothing)
    ro.scenario_ref = "ransomware-phish";
    Simulation sim(std::move(lr.scenario), ro);
    std::string err;
    REQUIRE(sim.Start(err));
    sim.RunToEnd();
    ReportOptions o;
    o.baseline_seeds = 3;
    const Report r = BuildReport(sim.journal().Records(), o);
    CHECK(r.scenario_loaded);
    REQUIRE(r.objectives.size() == 6);
    CHECK(r.objectives[0].objective == "Detect the initial compromise within 24 hours");
    CHECK(r.objectives[0].kind == "detect");
    REQUIRE(r.baseline.has_value());
    CHECK(r.baseline->runs == 3);
    CHECK(r.baseline->lines.size() == 4);
    CHECK(CheckHtml(ReportHtml(r)) == "");

    SECTION("every seat an autopilot: no baseline")
    {
        LoadResult again = LoadScenario("ransomware-phish", LoadOptions{2, 0});
        RunOptions all;
        all.seed = 2;
        all.scenario_ref = "ransomware-phish";
        Simulation auto_sim(std::move(again.scenario), all);
        REQUIRE(auto_sim.Start(err));
        auto_sim.RunToEnd();
        const Report ar = BuildReport(auto_sim.journal().Records(), o);
        CHECK(ar.all_autopilot);
        CHECK_FALSE(ar.baseline.has_value());
    }
}

TEST_CASE("Report - dates", "[report]")
{
    CHECK(AddDays("2025-03-14", 30) == "2025-04-13");
    CHECK(AddDays("2024-12-31", 1) == "2025-01-01");
    CHECK(AddDays("2025-02-30", 1) == "");
    CHECK(AddDays("soon", 1) == "");
}

TEST_CASE("Report - preventing the breach is not scored as a failure against simulated teams", "[report]")
{
    Scorecard prevented; // no attacker technique succeeded
    prevented.org = "siloed";
    const auto b = PlaceAgainstBaseline(prevented, "ransomware-phish", "siloed", 0, 2, 1);
    REQUIRE(b.has_value());
    REQUIRE(b->lines.size() == 4);
    CHECK(b->lines[0].outcome == "no_breach");
    CHECK(b->lines[0].sentence == "the attack never succeeded, so there was nothing to detect");
    CHECK(b->lines[1].sentence == "the attack never succeeded, so there was nothing to contain");
    const std::string line = BaselineOneLine(*b);
    CHECK(line.find("you did not detect") == std::string::npos);
    CHECK(line.find("simulated teams did") == std::string::npos);
}

TEST_CASE("Report - the summary says who held a seat that posted no command, as the header does", "[report]")
{
    // The header says ITOps was an autopilot; drop its one command: it posted nothing.
    std::vector<json> records;
    for (const auto& rec : Records())
        if (!(rec["type"] == "command" && rec["cmd"]["team"] == "itops")) records.push_back(rec);
    ReportOptions o;
    o.load_scenario = false;
    o.baseline_seeds = 0;
    SECTION("an autopilot seat is never called a person")
    {
        const Report r = BuildReport(records, o);
        REQUIRE_FALSE(r.executive_summary.empty());
        const std::string& first = r.executive_summary.front();
        INFO(first);
        CHECK(first.find("SecOps played by alice and ITOps by the autopilot (which posted no command)") != std::string::npos);
        CHECK(first.find("a person who posted no command") == std::string::npos);
    }
    SECTION("a person's seat that posted nothing is a person")
    {
        records[0]["autopilot"]["itops"] = false;
        const Report r = BuildReport(records, o);
        CHECK(r.executive_summary.front().find("ITOps by a person who posted no command") != std::string::npos);
    }
}

TEST_CASE("Report - a journal without an end record says so first, in every format", "[report]")
{
    std::vector<json> records = Records();
    records.pop_back(); // the end record
    ReportOptions o;
    o.load_scenario = false;
    o.baseline_seeds = 0;
    const Report r = BuildReport(records, o);
    REQUIRE_FALSE(r.incomplete.empty());
    CHECK(r.incomplete.rfind("[report.incomplete] The journal has no end record", 0) == 0);
    CHECK(r.executive_summary.front().find("incomplete") != std::string::npos);
    const std::string html = ReportHtml(r), md = ReportMarkdown(r);
    REQUIRE(html.find("Incomplete journal.") != std::string::npos);
    CHECK(html.find("Incomplete journal.") < html.find("1. Exercise overview"));
    CHECK(CheckHtml(html) == "");
    REQUIRE(md.find("**Incomplete journal.**") != std::string::npos);
    CHECK(md.find("**Incomplete journal.**") < md.find("## 1."));
    CHECK(ToJson(r)["incomplete"] == r.incomplete);

    const Report complete = BuildReport(Records(), o);
    CHECK(complete.incomplete.empty());
    CHECK(ReportHtml(complete).find("Incomplete journal.") == std::string::npos);
    CHECK(ToJson(complete)["incomplete"].is_null());
}

TEST_CASE("Report - improvement-plan owners follow who caused the finding", "[report]")
{
    ReportOptions o;
    o.load_scenario = false;
    o.baseline_seeds = 0;
    const Report r = BuildReport(Records(), o);
    auto row = [&](const std::string& area) -> const PlanRow& {
        for (const auto& p : r.plan)
            if (p.area == area) return p;
        FAIL("no plan row " << area);
        return r.plan.front();
    };
    // SecOps' emergency isolation of ws-014 (t=9600) was the uncoordinated action: SecOps' item.
    CHECK(row("A-UNCOORD").owner == "SOC Manager");
    CHECK(row("A-UNCOORD").action.rfind("SecOps: ", 0) == 0);
    // ITOps' isolation of db-01 (t=8100) took the ERP down: ITOps' item.
    CHECK(row("A-SELF").owner == "IT operations manager");
    CHECK(row("A-SELF").action.rfind("ITOps: ", 0) == 0);
    for (const auto& a : r.areas)
        if (a.id == "A-SELF") CHECK(a.evidence.find("through actions of ITOps") != std::string::npos);
    // A finding no one team caused keeps its role.
    CHECK(row("A-EXFIL").owner == "Security Engineer");
}

TEST_CASE("Report - words for people, not identifiers", "[report]")
{
    ReportOptions o;
    o.load_scenario = false;
    o.baseline_seeds = 0;
    const Report r = BuildReport(Records(), o);
    // What a reader sees: the page without its style sheet and tags.
    std::string html = ReportHtml(r);
    html.erase(html.find("<style>"), html.find("</style>") - html.find("<style>"));
    std::string text;
    bool in_tag = false;
    for (char ch : html) {
        if (ch == '<') in_tag = true;
        else if (ch == '>') { in_tag = false; text += ' '; }
        else if (!in_tag) text += ch;
    }
    for (const std::string& md : {text, ReportMarkdown(r)}) {
        std::smatch m;
        CHECK_FALSE(std::regex_search(md, m, std::regex(R"(\b[a-z0-9]+_[a-z0-9_]+\b)"))); // early_warning, it_manager, ...
        if (std::regex_search(md, m, std::regex(R"(\b[a-z0-9]+_[a-z0-9_]+\b)"))) INFO(m.str());
        CHECK(md.find("player:") == std::string::npos);
        CHECK(md.find("autopilot:") == std::string::npos);
        CHECK(md.find("docs/") == std::string::npos);
        CHECK(md.find("Security analyst") != std::string::npos); // the role "analyst"
        CHECK(md.find("early warning") != std::string::npos);
    }
}

TEST_CASE("Report - the Markdown has the downtime per service and the warnings, as the HTML", "[report]")
{
    std::vector<json> records = Records();
    records.pop_back(); // no end record: a scoring warning
    ReportOptions o;
    o.load_scenario = false;
    o.baseline_seeds = 0;
    const Report r = BuildReport(records, o);
    const std::string md = ReportMarkdown(r);
    REQUIRE(md.find("### Downtime by service") != std::string::npos);
    CHECK(md.find("| ERP | 00:00:00 | 04:00:00 | 00:00:00 | 48,000 EUR |") != std::string::npos);
    CHECK(md.find("| File shares | 03:30:00 | 00:00:00 | 00:00:00 | 6,300 EUR |") != std::string::npos);
    REQUIRE(md.find("### Scoring warnings") != std::string::npos);
    CHECK(md.find("- [scoring.no_end]") != std::string::npos);
}

TEST_CASE("Report - the timeline - labels never collide nor leave the chart, outage lanes, refused commands, an axis", "[report]")
{
    std::vector<json> records = Records();
    // A refused command of SecOps' (posted, then refused at once).
    records.insert(records.end() - 1, json::parse(R"({"t":9700,"type":"command","cmd":{"id":9,"kind":"reset_credential","team":"secops","issuer":"player:alice","target":"svc-x"}})"));
    records.insert(records.end() - 1, json::parse(R"({"t":9700,"type":"command_result","id":9,"ok":false,"code":"unknown_target","message":"no such identity"})"));
    ReportOptions o;
    o.load_scenario = false;
    o.baseline_seeds = 0;
    const Report r = BuildReport(records, o);
    const int width = 900;
    const std::string svg = TimelineSvg(r, width);
    // The four milestone labels (attack 600, detected 4200, contained 9600, recovered 22500 on a
    // 3.5-day axis: a few pixels apart). Each is a 13 px <text> with an anchor.
    struct Box {
        double left, right, y;
    };
    std::vector<Box> boxes;
    const std::regex label(R"re(<text x="([0-9.]+)" y="([0-9.-]+)" font-size="13" text-anchor="(start|middle|end)"[^>]*>([^<]+)</text>)re");
    for (auto it = std::sregex_iterator(svg.begin(), svg.end(), label); it != std::sregex_iterator(); ++it) {
        const double x = std::stod((*it)[1]), y = std::stod((*it)[2]);
        const double w = 0.6 * 13 * (double)(*it)[4].str().size(); // the chart's own estimate, ASCII labels
        const std::string anchor = (*it)[3];
        const double left = anchor == "start" ? x : anchor == "end" ? x - w : x - w / 2;
        boxes.push_back({left, left + w, y});
    }
    REQUIRE(boxes.size() == 4);
    for (size_t i = 0; i < boxes.size(); ++i) {
        CHECK(boxes[i].left >= 0);
        CHECK(boxes[i].right <= width);
        for (size_t j = i + 1; j < boxes.size(); ++j)
            if (boxes[i].y == boxes[j].y) CHECK((boxes[i].right <= boxes[j].left || boxes[j].right <= boxes[i].left));
    }
    // Outage lanes, one per service that went down, coloured by cause; the refused command; an axis.
    CHECK(svg.find(">ERP<title>") != std::string::npos);
    CHECK(svg.find(">File shares<title>") != std::string::npos);
    CHECK(svg.find("ERP down T+02:15 to T+06:15, cause defender") != std::string::npos);
    CHECK(svg.find("refused: reset credential svc-x (no such identity)") != std::string::npos);
    CHECK(svg.find(">refused</text>") != std::string::npos); // in the legend
    CHECK(svg.find(">T+1d 00:00</text>") != std::string::npos); // the axis, in elapsed time: this journal names no story start
    CHECK(CheckHtml("<html>" + svg + "</html>") == "");
}

TEST_CASE("Report - print - page numbers, a running header, no forced page per section, headings kept with what follows", "[report]")
{
    ReportOptions o;
    o.load_scenario = false;
    o.baseline_seeds = 0;
    std::vector<json> records = Records();
    records[0]["scenario"]["title"] = "Ransomware \"by\" phishing </style>";
    const std::string html = ReportHtml(BuildReport(records, o));
    CHECK(html.find("@bottom-right { content: \"page \" counter(page) \" of \" counter(pages)") != std::string::npos);
    // The title in the running header, escaped so that it can neither end the string nor the style.
    CHECK(html.find("@top-left { content: \"After-action report: Ransomware \\\"by\\\" phishing  /style \"") != std::string::npos);
    CHECK(html.find("break-before: page") == std::string::npos); // sections follow on: no 9 mostly empty pages
    CHECK(html.find("footer { break-before: avoid") != std::string::npos);
    CHECK(html.find("h2 { break-after: avoid") != std::string::npos);
    // The timeline's heading sits in one unbreakable block with its chart.
    const size_t keep = html.find("<div class=\"keep-together\">\n<h2>6. Timeline</h2>");
    REQUIRE(keep != std::string::npos);
    CHECK(html.find("</figure>\n</div>", keep) != std::string::npos);
    CHECK(CheckHtml(html) == "");
}

TEST_CASE("Report - the exercise date is the header's run_at, not the file's time nor --date", "[report]")
{
    ReportOptions o;
    o.load_scenario = false;
    o.baseline_seeds = 0;
    o.date = "1999-01-01"; // what --date gives: only for a journal without run_at
    auto records = Records();
    SECTION("with run_at: its day (UTC), and the improvement plan counts from it")
    {
        records.front()["run_at"] = "2026-12-04T18:45:12Z";
        const Report r = BuildReport(records, o);
        CHECK(r.date == "2026-12-04");
        CHECK(r.date_source == "header");
        bool dated = false;
        for (const auto& row : r.plan) {
            INFO(row.area << " " << row.due);
            if (!row.due.empty()) CHECK(row.due > "2026-12-04");
            dated = dated || !row.due.empty();
        }
        CHECK(dated);
    }
    SECTION("a run_at that is no date does not count")
    {
        records.front()["run_at"] = "yesterday";
        const Report r = BuildReport(records, o);
        CHECK(r.date == "1999-01-01");
        CHECK(r.date_source == "given");
    }
    SECTION("without run_at (a journal older than it), --date, else unknown")
    {
        records.front().erase("run_at");
        CHECK(BuildReport(records, o).date == "1999-01-01");
        o.date.clear();
        const Report r = BuildReport(records, o);
        CHECK(r.date.empty());
        CHECK(r.date_source.empty());
    }
}

TEST_CASE("Report - every moment is on the story clock of the header, durations stay durations", "[report]")
{
    ReportOptions o;
    o.load_scenario = false;
    o.baseline_seeds = 0;
    auto records = Records();
    records.front()["story_start"] = "Mon 08:00";
    const Report r = BuildReport(records, o);
    const std::string html = ReportHtml(r), md = ReportMarkdown(r);
    // The attack's first technique at t 600: Mon 08:10, ten minutes in.
    REQUIRE_FALSE(r.executive_summary.empty());
    bool began = false;
    for (const auto& line : r.executive_summary) began |= line.find("The attack began at Mon 08:10 (T+00:10).") != std::string::npos;
    CHECK(began);
    CHECK(md.find("| Mon 08:10 (T+00:10) |") != std::string::npos);
    CHECK(html.find("Mon 08:10 (T+00:10)") != std::string::npos);
    CHECK(CheckHtml(html) == "");
    // No elapsed time printed as if it were a time of day: "00:10:00" is the old form of a moment.
    CHECK(md.find("| 00:10:00 |") == std::string::npos);
    // Without a start in the header: elapsed time alone, never an invented weekday.
    records.front().erase("story_start");
    const std::string plain = ReportMarkdown(BuildReport(records, o));
    CHECK(plain.find("| T+00:10 |") != std::string::npos);
    CHECK(plain.find("Mon 08:10") == std::string::npos);
}
