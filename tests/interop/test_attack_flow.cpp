// test_attack_flow.cpp: MITRE Attack Flow 2.0 in and out (interop/attack_flow.h): the real flows of
// the corpus import, validate and play; every irregularity of a messy file gives its warning, and
// what is not an Attack Flow is refused; the walk keeps the flow's order (AND, OR, cycles); the
// export of a fixed run matches its golden file, carries the schema's required fields, and imports
// back with the techniques in order. Fixtures: tests/interop/data/attack-flow/ (SOURCE.md).
#include "attack_flow.h"
#include "attack_flow_parts.h" // RepairTechnique, tested on its own

#include "cli_run.h"
#include "journal/journal.h"
#include "play_scenario.h"
#include "world/attack_catalog.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <unistd.h>

using namespace bd;
using nlohmann::json;

namespace {

std::string AfData(const std::string& name) { return std::string(BD_SOURCE_DIR) + "/tests/interop/data/attack-flow/" + name; }

std::string AfSlurp(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

FlowImport AfImport(const std::string& file, const FlowImportOptions& o = {}) { return ImportAttackFlow(AfSlurp(AfData(file)), file, o); }

std::string AfProblems(const std::vector<Problem>& ps)
{
    std::string s;
    for (const auto& p : ps) s += p.Format() + "\n";
    return s;
}

// The problems with this id, as "pointer message" lines.
std::vector<std::string> AfWith(const FlowImport& r, const std::string& id)
{
    std::vector<std::string> out;
    for (const auto& p : r.problems)
        if (p.id == id) out.push_back(p.pointer + " " + p.message);
    return out;
}

std::vector<std::string> AfTechniques(const json& scenario)
{
    std::vector<std::string> out;
    for (const auto& s : scenario["campaign"]["stages"]) out.push_back(s["technique"]);
    return out;
}

std::string AfJoin(const json& lines)
{
    std::string s;
    for (const auto& l : lines) s += l.get<std::string>() + "\n";
    return s;
}

// What a stage action means to the engine: the imported scenario loads with no error, and a run of
// it reaches its end with the attacker having done something.
void AfPlays(const json& scenario, const std::string& label)
{
    LoadResult lr = LoadScenarioText(scenario.dump(), label, LoadOptions{1, 0});
    INFO(AfProblems(lr.problems));
    REQUIRE(lr.Ok());
    auto sim = bdtest::PlayLoaded(std::move(lr.scenario), label, 1, OrgProfile::Siloed);
    const auto& recs = sim->journal().Records();
    size_t done = 0;
    for (const auto& r : recs)
        if (r.value("type", "") == "technique" && r.value("ok", false)) ++done;
    CHECK(done >= 1);
    CHECK(recs.back().value("type", "") == "end");
}

} // namespace

TEST_CASE("Attack Flow import - the real flows of the corpus import, validate and play", "[interop][attack-flow]")
{
    // The spec's example flow too: four of its five actions are reconnaissance or resource
    // development, played as pre-attack stages. The corpus flows keep at least what they staged
    // before there were pre-attack stages (Conti 4, Marriott 5, Tesla 7).
    const std::pair<const char*, size_t> files[] = {
        {"conti-pwc.json", 4}, {"marriott-breach.json", 5}, {"tesla-kubernetes-breach.json", 7}, {"example.json", 5}};
    for (const auto& [file, at_least] : files) {
        SECTION(file)
        {
            const FlowImport r = AfImport(file);
            INFO(AfProblems(r.problems));
            REQUIRE(r.Ok());
            // At least 80 % of the actions with a valid enterprise technique become stages.
            REQUIRE(r.WithTechnique() > 0);
            CHECK(r.StagedWithTechnique() * 5 >= r.WithTechnique() * 4);
            CHECK(r.StagedWithTechnique() >= at_least);
            // Each action left out is named in a warning.
            for (const auto& a : r.actions) {
                if (a.staged) continue;
                bool named = false;
                for (const auto& p : r.problems) named |= p.warning && p.message.find("'" + a.name + "'") != std::string::npos;
                CHECK(named);
            }
            // Pre-attack stages first, then the way in; none after it.
            const json& stages = r.scenario["campaign"]["stages"];
            size_t first = 0;
            while (first < stages.size() && (stages[first]["action"] == "reconnaissance" || stages[first]["action"] == "resource_development")) ++first;
            REQUIRE(first < stages.size());
            CHECK(stages[first]["action"] == "initial_access");
            for (size_t i = first; i < stages.size(); ++i) CHECK(stages[i]["action"] != "reconnaissance");
            AfPlays(r.scenario, file);
        }
    }
}

TEST_CASE("Attack Flow import - what the flow says is kept: name, description, references, actors, tools", "[interop][attack-flow]")
{
    SECTION("Marriott: the threat actor and Mimikatz in the briefing and the notes, the three references")
    {
        const FlowImport r = AfImport("marriott-breach.json");
        REQUIRE(r.Ok());
        const json& md = r.scenario["metadata"];
        CHECK(md["title"] == "Marriott Breach");
        CHECK(md["id"] == "marriott-breach");
        const std::string briefing = AfJoin(md["briefing"]), notes = AfJoin(md["facilitator_notes"]);
        CHECK(briefing.find("Individuals on behalf of the Chinese Government") != std::string::npos);
        CHECK(briefing.find("Mimikatz") != std::string::npos);
        CHECK(notes.find("A data breach at the Marriott hotel group in 2018.") != std::string::npos);
        CHECK(notes.find("Individuals on behalf of the Chinese Government (strategic, resources: government, organizational-gain)") != std::string::npos);
        CHECK(notes.find("https://www.hsgac.senate.gov/imo/media/doc/Soresnson%20Testimony.pdf") != std::string::npos);
        CHECK(notes.find("https://hoteltechreport.com/news/marriott-data-breach") != std::string::npos);
        CHECK(notes.find("CSO Online") != std::string::npos);
        // Reconnaissance the flow puts after its way in is not a stage: it is in the notes.
        CHECK(notes.find("Gather Victim Network Information: Network Topology (T1590.004)") != std::string::npos);
        CHECK(AfJoin(md["summary"]).find("A data breach at the Marriott hotel group in 2018.") != std::string::npos);
    }
    SECTION("Conti: the stages in the flow's order, each technique mapped by its tactic")
    {
        const FlowImport r = AfImport("conti-pwc.json");
        REQUIRE(r.Ok());
        // The exfiltration gets the staging the engine needs before it (T1074, not in the flow).
        CHECK(AfTechniques(r.scenario) == std::vector<std::string>{"T1566.001", "T1204", "T1083", "T1021", "T1074", "T1041", "T1486"});
        const json& st = r.scenario["campaign"]["stages"];
        CHECK(st[0]["target"]["kind"] == "workstation"); // the phish lands on "Patient Zero Workstation"
        CHECK(st[3]["action"] == "lateral_movement");
        CHECK(st[4]["name"] == "Data staged for 'Exfiltration' (not in the flow)");
        CHECK(st[4]["target"]["store"] == st[5]["target"]["store"]);
        CHECK(AfWith(r, "flow.031").size() == 1);
        CHECK(st[6]["action"] == "impact");
        CHECK(st[6]["target"]["count"] == 0);
        CHECK(AfWith(r, "flow.010").size() == 2); // Lateral Movement and Exfiltration name a tactic only
    }
    SECTION("Tesla: the tactic the flow names decides between a technique's tactics; the AND comes last")
    {
        const FlowImport r = AfImport("tesla-kubernetes-breach.json");
        REQUIRE(r.Ok());
        const auto t = AfTechniques(r.scenario);
        REQUIRE(!t.empty());
        std::string way_in;
        for (const auto& s : r.scenario["campaign"]["stages"])
            if (way_in.empty() && s["action"] == "initial_access") way_in = s["technique"];
        CHECK(way_in == "T1133"); // the way in; the flow's reconnaissance comes before it, from outside
        CHECK(t.back() == "T1496"); // a start ref, but behind the AND of Deploy Container and Proxy
        for (const auto& s : r.scenario["campaign"]["stages"])
            if (s["technique"] == "T1078.004") CHECK(s["action"] == "privilege_escalation"); // tactic_id TA0004
        // The exploit waits for the estate's flaw to be public (CVE-2024-4577, disclosed at 108000 s).
        CHECK(r.scenario["campaign"]["start_s"] == 108000 + 3600);
    }
}

TEST_CASE("Attack Flow import - a messy file: every irregularity gives its warning", "[interop][attack-flow]")
{
    const FlowImport r = AfImport("messy.json");
    INFO(AfProblems(r.problems));
    REQUIRE(r.Ok());
    auto has = [&](const char* id, const std::string& pointer, const std::string& words) {
        for (const auto& p : r.problems)
            if (p.id == id && p.pointer == pointer && p.message.find(words) != std::string::npos && p.warning) return true;
        return false;
    };
    CHECK(has("flow.012", "/objects/4/technique_id", "'T1218/011' read as T1218.011 (Rundll32)"));
    CHECK(has("flow.012", "/objects/10/technique_id", "'T1083 ' read as T1083"));
    CHECK(has("flow.012", "/objects/12/technique_id", "'1003.001' read as T1003.001 (LSASS Memory)"));
    CHECK(has("flow.011", "/objects/5/technique_id", "'N/A'"));
    CHECK(has("flow.013", "/objects/6/technique_id", "ATT&CK for ICS"));
    CHECK(has("flow.015", "/objects/7/technique_id", "played as T1547.004 (Winlogon Helper DLL)"));
    CHECK(has("flow.015", "/objects/9/technique_id", "no live technique has its name: left out"));
    CHECK(has("flow.016", "/objects/8/technique_id", "played as its parent T1053 (Scheduled Task/Job)"));
    CHECK(has("flow.018", "/objects/4/technique_id", "played as execution, telemetry only"));
    CHECK(has("flow.010", "/objects/13", "played as T1021 (Remote Services)"));
    CHECK(has("flow.026", "/objects/7/x_color", "unknown property 'x_color'"));
    CHECK(has("flow.019", "/objects/0/start_refs/1", "'attack-action--missing'"));
    CHECK(has("flow.019", "/objects/4/effect_refs/1", "'attack-condition--nowhere'"));
    CHECK(has("flow.020", "/objects/12", "cycle through 'LSASS Memory'"));
    CHECK(has("flow.021", "/objects/15", "'Data Encrypted for Impact' is not reached"));
    CHECK(has("flow.022", "/objects/2/object_ref", "names another asset ('Finance workstation')"));
    CHECK(has("flow.029", "/objects/16/id", "is also /objects/7"));
    CHECK(has("flow.030", "/objects/0/description", "must be a string, got number"));
    // What became of it: the repaired and mapped techniques, in the flow's order, the unreachable last.
    CHECK(AfTechniques(r.scenario) ==
          std::vector<std::string>{"T1566.001", "T1218.011", "T1547.004", "T1053", "T1083", "T1003.001", "T1021", "T1486"});
    const json& st = r.scenario["campaign"]["stages"];
    CHECK(st[0]["target"]["kind"] == "workstation");     // through the asset that names another asset
    CHECK(st[0]["name"] == "Spearphishing Attachment");  // trailing spaces trimmed
    CHECK(st[6]["target"]["kind"] == "domain_controller");
    CHECK(r.StagedWithTechnique() == r.WithTechnique());
    // The notes keep the actor, the tool and the reference.
    const std::string notes = AfJoin(r.scenario["metadata"]["facilitator_notes"]);
    CHECK(notes.find("Test Spider: A made-up crew.") != std::string::npos);
    CHECK(notes.find("Cobalt Strike") != std::string::npos);
    CHECK(notes.find("<https://example.org/report>") != std::string::npos);
    AfPlays(r.scenario, "messy.json");
}

TEST_CASE("Attack Flow import - what is not an Attack Flow is refused with the file and the reason", "[interop][attack-flow]")
{
    auto refused = [](const std::string& text, const char* id, const std::string& words, const FlowImportOptions& o = {}) {
        const FlowImport r = ImportAttackFlow(text, "bad.json", o);
        INFO(AfProblems(r.problems));
        CHECK_FALSE(r.Ok());
        CHECK(r.scenario.is_null());
        bool found = false;
        for (const auto& p : r.problems)
            found |= !p.warning && p.id == id && p.file == "bad.json" && p.message.find(words) != std::string::npos;
        CHECK(found);
    };
    SECTION("not JSON") { refused("{\"type\": \"bundle\", ", "flow.001", "not JSON"); }
    SECTION("JSON, not a bundle") { refused("[1, 2, 3]", "flow.002", "not a STIX 2.1 bundle"); }
    SECTION("a lone attack-flow object") { refused(R"({"type": "attack-flow", "name": "x"})", "flow.002", "a lone attack-flow object"); }
    SECTION("a bundle without an attack-flow")
    {
        refused(R"({"type": "bundle", "objects": [{"type": "identity", "id": "identity--1", "name": "x"}]})", "flow.003", "no attack-flow object");
    }
    SECTION("a flow of reconnaissance only: nothing to play")
    {
        refused(R"({"type": "bundle", "objects": [
            {"type": "attack-flow", "id": "attack-flow--1", "name": "Recon", "scope": "incident", "start_refs": ["attack-action--1"]},
            {"type": "attack-action", "id": "attack-action--1", "name": "Scan", "technique_id": "T1595"}]})",
                "flow.005", "none of the flow's 1 actions can be played");
    }
    SECTION("an estate that does not exist")
    {
        FlowImportOptions o;
        o.estate = "no-such-estate";
        refused(AfSlurp(AfData("conti-pwc.json")), "flow.004", "estate 'no-such-estate'", o);
    }
}

TEST_CASE("Attack Flow import - the walk: AND waits for all its inputs, OR for the first", "[interop][attack-flow]")
{
    // a1 (way in) -> a2 (discovery) -> OP ; a1 -> a3 (discovery) -> a3b (discovery) -> OP ; OP -> a4 (credential access)
    auto flow = [](const char* op) {
        return std::string(R"({"type": "bundle", "objects": [
            {"type": "attack-flow", "id": "attack-flow--1", "name": "Join", "scope": "incident", "start_refs": ["attack-action--1"]},
            {"type": "attack-action", "id": "attack-action--1", "name": "In", "technique_id": "T1566.001", "effect_refs": ["attack-action--2", "attack-action--3"]},
            {"type": "attack-action", "id": "attack-action--2", "name": "Accounts", "technique_id": "T1087", "effect_refs": ["attack-operator--1"]},
            {"type": "attack-action", "id": "attack-action--3", "name": "Files", "technique_id": "T1083", "effect_refs": ["attack-action--4"]},
            {"type": "attack-action", "id": "attack-action--4", "name": "Shares", "technique_id": "T1135", "effect_refs": ["attack-operator--1"]},
            {"type": "attack-operator", "id": "attack-operator--1", "operator": ")") + op + R"(", "effect_refs": ["attack-action--5"]},
            {"type": "attack-action", "id": "attack-action--5", "name": "Dump", "technique_id": "T1003.001"}]})";
    };
    SECTION("AND: the dump comes after both branches")
    {
        const FlowImport r = ImportAttackFlow(flow("AND"), "and.json", {});
        REQUIRE(r.Ok());
        CHECK(AfTechniques(r.scenario) == std::vector<std::string>{"T1566.001", "T1087", "T1083", "T1135", "T1003.001"});
    }
    SECTION("OR: the dump comes as soon as one branch is done (credential access before discovery)")
    {
        const FlowImport r = ImportAttackFlow(flow("OR"), "or.json", {});
        REQUIRE(r.Ok());
        CHECK(AfTechniques(r.scenario) == std::vector<std::string>{"T1566.001", "T1087", "T1003.001", "T1083", "T1135"});
    }
}

TEST_CASE("Attack Flow import - conditions: tested by what the attacker holds, or by chance where the flow gives no test", "[interop][attack-flow]")
{
    SECTION("the real flows' conditions (true ways only) are the way the incident went, each said in the notes with its test")
    {
        const std::pair<const char*, const char*> said[] = {
            {"marriott-breach.json", "Attackers obtained credentials, including for an admin account (tested by what the attacker holds, a stolen credential:"},
            {"conti-pwc.json", "HSE Server is compromised (tested by what the attacker holds, a foothold on a host: 'Lateral Movement', "
                               "'Data Encrypted for Impact', 'File and Directory Discovery' act only when it does)"},
            {"conti-pwc.json", "User of Patient Zero workstation receives malicious Excel file (the way the incident went: 'User Execution' played after it)"},
            {"tesla-kubernetes-breach.json", "no password required for access. (tested by what the attacker holds, an exposed host (a way in)"}};
        for (const auto& [file, line] : said) {
            INFO(file << ": " << line);
            const FlowImport r = AfImport(file);
            REQUIRE(r.Ok());
            CHECK(AfJoin(r.scenario["metadata"]["facilitator_notes"]).find(line) != std::string::npos);
            CHECK(AfWith(r, "flow.028").empty());
            CHECK(AfWith(r, "flow.032").empty());
        }
        // Nothing of their stages is left to chance: the usual chances and attempts.
        const FlowImport conti = AfImport("conti-pwc.json"); // kept: the loop reads into it (a temporary's member dangled: ASan)
        for (const auto& st : conti.scenario["campaign"]["stages"]) CHECK(st.value("max_attempts", 5) > 1);
    }
    // In (phish) -> condition A (credentials: true RDP to the DC, false LSASS) -> OR -> condition B
    // (no test: true encrypt, false exfiltrate) ; condition C (a STIX pattern) with a way in on its false way.
    auto flow = [](const std::string& b_pattern) {
        return std::string(R"({"type": "bundle", "objects": [
            {"type": "attack-flow", "id": "attack-flow--1", "name": "Branches", "scope": "incident", "start_refs": ["attack-action--in"]},
            {"type": "attack-action", "id": "attack-action--in", "name": "Phish", "technique_id": "T1566.001", "effect_refs": ["attack-condition--a"]},
            {"type": "attack-condition", "id": "attack-condition--a", "description": "The attacker obtained credentials for an admin account",
             "on_true_refs": ["attack-action--rdp"], "on_false_refs": ["attack-action--dump"]},
            {"type": "attack-action", "id": "attack-action--rdp", "name": "RDP to the DC", "technique_id": "T1021.001", "asset_refs": ["attack-asset--dc"], "effect_refs": ["attack-operator--or"]},
            {"type": "attack-action", "id": "attack-action--dump", "name": "Dump LSASS", "technique_id": "T1003.001", "effect_refs": ["attack-operator--or"]},
            {"type": "attack-asset", "id": "attack-asset--dc", "name": "Domain controller"},
            {"type": "attack-operator", "id": "attack-operator--or", "operator": "OR", "effect_refs": ["attack-condition--b"]},
            {"type": "attack-condition", "id": "attack-condition--b", "description": "The affiliate picks how to get paid")") +
               b_pattern + R"(,
             "on_true_refs": ["attack-action--encrypt"], "on_false_refs": ["attack-action--exfil"]},
            {"type": "attack-action", "id": "attack-action--encrypt", "name": "Encrypt", "technique_id": "T1486"},
            {"type": "attack-action", "id": "attack-action--exfil", "name": "Exfiltrate", "technique_id": "T1041"}]})";
    };
    SECTION("a test on what the attacker holds: both ways are stages with their usual chances; said in flow.028")
    {
        const FlowImport r = ImportAttackFlow(flow(""), "branches.json", {});
        INFO(AfProblems(r.problems));
        REQUIRE(r.Ok());
        const auto w = AfWith(r, "flow.028");
        REQUIRE(w.size() == 1);
        CHECK(w[0].rfind("/objects/2/on_false_refs condition 'The attacker obtained credentials for an admin account' tests what the attacker "
                         "holds (a stolen credential): both ways are stages", 0) == 0);
        CHECK(w[0].find("(true: 'RDP to the DC'; false: 'Dump LSASS')") != std::string::npos);
        for (const auto& st : r.scenario["campaign"]["stages"])
            if (st["name"] == "RDP to the DC" || st["name"] == "Dump LSASS") CHECK(st.value("max_attempts", 5) > 1);
        AfPlays(r.scenario, "branches.json");
    }
    SECTION("no test: the first stage of each way is tried once at half its chance; said in flow.032, the scenario plays")
    {
        const FlowImport r = ImportAttackFlow(flow(""), "branches.json", {});
        REQUIRE(r.Ok());
        const auto w = AfWith(r, "flow.032");
        REQUIRE(w.size() == 1);
        CHECK(w[0].find("condition 'The affiliate picks how to get paid' gives no test the engine can make: its ways are taken by chance") != std::string::npos);
        CHECK(w[0].find("'Encrypt' (true, 0.45), 'Exfiltrate' (false, 0.45)") != std::string::npos);
        int gated = 0;
        for (const auto& st : r.scenario["campaign"]["stages"])
            if (st["name"] == "Encrypt" || st["name"] == "Exfiltrate") {
                CHECK(st["max_attempts"] == 1);
                CHECK(st["success_prob"] == Approx(0.45));
                ++gated;
            }
        CHECK(gated == 2);
        CHECK(AfJoin(r.scenario["metadata"]["facilitator_notes"]).find("The affiliate picks how to get paid (no test: by chance,") != std::string::npos);
        AfPlays(r.scenario, "branches.json");
    }
    SECTION("a STIX pattern is a test the engine does not evaluate: by chance too, and said so")
    {
        const FlowImport r = ImportAttackFlow(flow(R"(, "pattern": "[x-payout:method = 'ransom']", "pattern_type": "stix")"), "pattern.json", {});
        REQUIRE(r.Ok());
        const auto w = AfWith(r, "flow.032");
        REQUIRE(w.size() == 1);
        CHECK(w[0].find("tests a STIX pattern, which the engine does not evaluate") != std::string::npos);
    }
}

TEST_CASE("Attack Flow import - technique ids as real files write them", "[interop][attack-flow]")
{
    using flow_check = std::pair<const char*, const char*>;
    for (const auto& [raw, want] : {flow_check{"T1218.011", "T1218.011"}, flow_check{"T1218/011", "T1218.011"}, flow_check{"t1218.011", "T1218.011"},
                                    flow_check{" T1083 ", "T1083"}, flow_check{"1598.003", "T1598.003"}, flow_check{"T1004", "T1547.004"},
                                    flow_check{"T1193", "T1566.001"}, flow_check{"T1053.004", "T1053"}, flow_check{"N/A", ""}, flow_check{"T0866", ""},
                                    flow_check{"T9999", ""}, flow_check{"Phishing", ""}}) {
        INFO(raw);
        CHECK(flow_detail::RepairTechnique(raw).id == want);
    }
    // The default techniques of tactic-only actions are live techniques of their tactic.
    for (const char* t : {"T1566", "T1059", "T1053", "T1068", "T1070", "T1003", "T1087", "T1021", "T1074", "T1071", "T1041", "T1486"}) {
        const Technique* tech = Catalog().FindTechnique(t);
        REQUIRE(tech);
        CHECK_FALSE(tech->revoked);
        CHECK_FALSE(tech->deprecated);
    }
}

namespace {

// The fields Attack Flow 2.0's schema requires of each object, STIX's common ones, and refs that
// resolve.
void AfCheckSchemaFields(const json& bundle)
{
    REQUIRE(bundle["type"] == "bundle");
    std::set<std::string> ids;
    for (const auto& o : bundle["objects"]) ids.insert(o["id"].get<std::string>());
    size_t flows = 0;
    for (const auto& o : bundle["objects"]) {
        const std::string type = o["type"];
        INFO(o.dump());
        CHECK(o["spec_version"] == "2.1");
        CHECK(o["id"].get<std::string>().rfind(type + "--", 0) == 0);
        CHECK(o["id"].get<std::string>().size() == type.size() + 2 + 36);
        if (type.rfind("attack-", 0) == 0) {
            CHECK(o.contains("created"));
            CHECK(o.contains("modified"));
            CHECK(o["extensions"]["extension-definition--fb9c968a-745b-4ade-9b25-c324172197f4"]["extension_type"] == "new-sdo");
        }
        if (type == "attack-flow") {
            ++flows;
            CHECK(o["name"].is_string());
            CHECK(o["scope"].is_string());
            CHECK(!o["start_refs"].empty());
        }
        if (type == "attack-action" || type == "attack-asset") CHECK(o["name"].is_string());
        for (const char* k : {"start_refs", "effect_refs", "asset_refs"})
            if (o.contains(k))
                for (const auto& ref : o[k]) CHECK(ids.count(ref.get<std::string>()) == 1);
    }
    CHECK(flows == 1);
}

} // namespace

TEST_CASE("Attack Flow export - the golden export of a fixed run", "[interop][attack-flow]")
{
    const JournalReadResult j = ReadJournal(AfData("ransomware-phish-seed5.techniques.jsonl"));
    REQUIRE(j.ok());
    const FlowExport f = ExportAttackFlow(j.records, "seed5");
    REQUIRE(f.error.empty());
    const json golden = json::parse(AfSlurp(AfData("ransomware-phish-seed5.flow.json")));
    CHECK(f.bundle == golden);
    CHECK(f.actions == 14);
    CHECK(f.hosts == 4);
    AfCheckSchemaFields(f.bundle);
    // The first action: the phish, its time on the run's clock, the host it landed on.
    const json* first = nullptr;
    for (const auto& o : f.bundle["objects"])
        if (o["type"] == "attack-action" && !first) first = &o;
    REQUIRE(first);
    CHECK((*first)["technique_id"] == "T1566.001");
    CHECK((*first)["name"] == "Spearphishing Attachment");
    CHECK((*first)["execution_end"] == "2026-01-05T11:48:" + (*first)["execution_end"].get<std::string>().substr(17));
    CHECK((*first)["description"].get<std::string>().find("done Mon 11:48 (T+03:48), from outside the estate; host: ws-056") != std::string::npos);
}

TEST_CASE("Attack Flow export - export then import round-trips the techniques in order", "[interop][attack-flow]")
{
    for (uint64_t seed : {2u, 5u}) {
        auto sim = bdtest::PlayScenario("ransomware-phish", seed, OrgProfile::Siloed);
        std::vector<json> records = sim->journal().Records();
        std::vector<std::string> played;
        for (const auto& r : records)
            if (r.value("type", "") == "technique" && r.value("ok", false)) played.push_back(r["technique"]);
        const FlowExport f = ExportAttackFlow(records, "run");
        REQUIRE(f.error.empty());
        AfCheckSchemaFields(f.bundle);
        const FlowImport back = ImportAttackFlow(f.bundle.dump(), "exported.json", {});
        INFO(AfProblems(back.problems));
        REQUIRE(back.Ok());
        CHECK(AfTechniques(back.scenario) == played);
        CHECK(back.problems.empty()); // our own export is clean
        AfPlays(back.scenario, "exported.json");
    }
}

TEST_CASE("Attack Flow export - journals it cannot export are refused with the reason", "[interop][attack-flow]")
{
    SECTION("a record with a field of the wrong type is refused, not a crash")
    {
        const FlowExport f = ExportAttackFlow({json{{"t", 0}, {"seq", 0}, {"type", "header"}},
                                               json{{"t", 5}, {"seq", 1}, {"type", "technique"}, {"ok", true}, {"stage", "first"}}},
                                              "odd.jsonl");
        CHECK(f.bundle.is_null());
        CHECK(f.error.find("odd.jsonl: a record with a field of the wrong type") != std::string::npos);
    }
    SECTION("a journal where the attacker did nothing is refused: there is no flow")
    {
        const FlowExport f = ExportAttackFlow({json{{"t", 0}, {"seq", 0}, {"type", "header"}}}, "empty.jsonl");
        CHECK(f.bundle.is_null());
        CHECK(f.error.find("empty.jsonl: the attacker did nothing that succeeded") != std::string::npos);
    }
}

TEST_CASE("Attack Flow CLI - import writes a folder that validate passes, and refuses a full one or a file that is not JSON", "[interop][attack-flow][cli]")
{
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / ("bd-af-cli-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    const std::string flow = "'" + AfData("conti-pwc.json") + "'";
    const auto r = bdtest::RunCli("import attack-flow " + flow + " -o '" + dir.string() + "/conti'");
    CHECK(r.code == 0);
    CHECK(r.out.find("[flow.010] action 'Lateral Movement'") != std::string::npos);
    CHECK(r.out.find("4 of the 5 actions with an ATT&CK Enterprise technique are stages (80%)") != std::string::npos);
    CHECK(bdtest::RunCli("validate '" + dir.string() + "/conti'").code == 0);
    // Never over a folder that holds something, never over the flow itself.
    CHECK(bdtest::RunCli("import attack-flow " + flow + " -o '" + dir.string() + "/conti'").code == 2);
    CHECK(bdtest::CliStderr("import attack-flow " + flow + " -o '" + dir.string() + "/conti'").find("[output.not_empty]") != std::string::npos);
    const auto bad = bdtest::RunCli("import attack-flow '" + AfData("SOURCE.md") + "' -o '" + dir.string() + "/x'");
    CHECK(bad.code == 1);
    CHECK(bad.out.find("SOURCE.md: /: [flow.001] not JSON") != std::string::npos);
    CHECK_FALSE(fs::exists(dir / "x"));
    fs::remove_all(dir);
}
