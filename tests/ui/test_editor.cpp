// test_editor.cpp: the scenario editor's logic without a window (ui/editor_model.h): a cell's
// edit and the problem shown at that cell, rows added and deleted, unknown keys kept, the stable key
// order, saving (the .bak, never over a file changed on disk), a file that is not JSON, a sheet
// imported with `import msel`, the play test's figures held against compare's, undo and redo, times
// typed as planners write them, the one-line summaries of a `when`, and a table or form for every
// section of the format.
#include "editor_model.h"

#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

using namespace bdui;
namespace fs = std::filesystem;

namespace {

// A fresh folder holding the blank template (what `breachdrill new` writes).
fs::path EditorTestFolder(const std::string& name)
{
    const fs::path dir = fs::temp_directory_path() / ("bd-editor-test-" + name);
    fs::remove_all(dir);
    REQUIRE(WriteTemplateScenario(dir.string()) == "");
    return dir;
}

std::string EditorTestRead(const fs::path& p)
{
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void EditorTestWrite(const fs::path& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }

const EditorColumn& EditorTestColumn(const char* table, const std::string& key)
{
    const EditorTable* t = FindEditorTable(table);
    REQUIRE(t);
    for (const auto& c : t->columns)
        if (key == c.key) return c;
    FAIL("no column " << key << " in " << table);
    throw 0;
}

bool EditorTestHas(const std::vector<const EditorProblem*>& ps, const std::string& id)
{
    for (auto* p : ps)
        if (p->id == id) return true;
    return false;
}

} // namespace

TEST_CASE("Editor - an edit shows its problem at that cell, with its id", "[ui][editor]")
{
    const fs::path dir = EditorTestFolder("cell");
    ScenarioEditor ed;
    REQUIRE(ed.Open(dir.string()));
    REQUIRE(ed.Parsed());
    CHECK(ed.Errors() == 0); // the template validates as written
    const std::string row = "/infrastructure/hosts/0";

    SECTION("a zone name broken: scenario.011 at the host's zone cell, nowhere else")
    {
        REQUIRE(ed.SetCellText(row, EditorTestColumn("Hosts", "zone"), "nowhere") == "");
        CHECK(ed.Revision() != ed.ValidatedRevision()); // the panel validates a moment later
        ed.Validate();
        const auto at = ed.ProblemsAt(row + "/zone");
        CHECK(EditorTestHas(at, "scenario.011"));
        CHECK(ed.ProblemsAt(row + "/kind").empty());
        CHECK(ed.Loaded() == nullptr);
        CHECK(ed.Paths().has_value()); // the last report that loaded stays on screen
        CHECK_FALSE(ed.PathsCurrent());
        // Put back: valid again.
        REQUIRE(ed.SetCellText(row, EditorTestColumn("Hosts", "zone"), ed.Doc()["infrastructure"]["zones"][1]["id"].get<std::string>()) == "");
        ed.Validate();
        CHECK(ed.ProblemsAt(row + "/zone").empty());
    }
    SECTION("a technique that does not exist: scenario.030 at the stage's technique cell")
    {
        REQUIRE(ed.SetCellText("/campaign/stages/0", EditorTestColumn("Campaign stages", "technique"), "T9999") == "");
        ed.Validate();
        CHECK(EditorTestHas(ed.ProblemsAt("/campaign/stages/0/technique"), "scenario.030"));
    }
    SECTION("a number that is not one is refused at the cell and the document keeps its value")
    {
        const auto& crit = EditorTestColumn("Hosts", "criticality");
        const std::string before = ed.CellText(row, crit);
        CHECK(ed.SetCellText(row, crit, "high") == "'high' is not a whole number");
        CHECK(ed.CellText(row, crit) == "high"); // what was typed stays in the cell
        CHECK(ed.CellRefusal(row, crit) != "");
        REQUIRE(ed.SetCellText(row, crit, "4") == "");
        CHECK(ed.Doc()["infrastructure"]["hosts"][0]["criticality"] == 4);
        CHECK(ed.CellRefusal(row, crit) == "");
        CHECK(before != "high");
    }
    SECTION("an emptied field is removed (its default applies); a required one is then reported at the row")
    {
        REQUIRE(ed.SetCellText(row, EditorTestColumn("Hosts", "zone"), "") == "");
        CHECK_FALSE(ed.Doc()["infrastructure"]["hosts"][0].contains("zone"));
        ed.Validate();
        const EditorTable& hosts = *FindEditorTable("Hosts");
        CHECK(EditorTestHas(ed.RowProblems(row, hosts), "scenario.005"));
    }
    SECTION("a JSON cell takes JSON and refuses what is not")
    {
        const auto& when = EditorTestColumn("Injects (MSEL)", "when");
        CHECK(ed.SetCellText("/injects/0", when, "{\"after\": ").rfind("not JSON: line 1", 0) == 0);
        REQUIRE(ed.SetCellText("/injects/0", EditorTestColumn("Injects (MSEL)", "time_s"), "") == "");
        REQUIRE(ed.SetCellText("/injects/0", when, "{\"stage\": 0, \"delay_s\": 600}") == "");
        CHECK(ed.Doc()["injects"][0]["when"]["delay_s"] == 600);
    }
    SECTION("an inject has a time or a condition: a when typed into a row replaces its time_s, and back")
    {
        const EditorTable& injects = *FindEditorTable("Injects (MSEL)");
        const size_t i = ed.AddRow(injects); // starts with a time_s
        const std::string row = "/injects/" + std::to_string(i);
        REQUIRE(ed.Doc()["injects"][i].contains("time_s"));
        REQUIRE(ed.SetCellText(row, EditorTestColumn("Injects (MSEL)", "when"), "{\"after\": 1}") == "");
        CHECK_FALSE(ed.Doc()["injects"][i].contains("time_s"));
        ed.Validate();
        CHECK_FALSE(EditorTestHas(ed.RowProblems(row, injects), "scenario.066"));
        REQUIRE(ed.SetCellText(row, EditorTestColumn("Injects (MSEL)", "time_s"), "7200") == "");
        CHECK_FALSE(ed.Doc()["injects"][i].contains("when"));
        CHECK(ed.Doc()["injects"][i]["time_s"] == 7200);
    }
    SECTION("rows added with what the format requires, and deleted")
    {
        const EditorTable& hosts = *FindEditorTable("Hosts");
        const size_t n = ed.RowCount(hosts);
        const size_t i = ed.AddRow(hosts);
        CHECK(i == n);
        CHECK(ed.Doc()["infrastructure"]["hosts"][i]["id"] == "host-1");
        ed.Validate();
        CHECK(ed.Errors() == 0); // a new host in the first zone is a valid host
        const EditorTable& injects = *FindEditorTable("Injects (MSEL)");
        const size_t k = ed.AddRow(injects);
        int64_t top = 0;
        for (size_t j = 0; j < k; ++j) top = std::max(top, ed.Doc()["injects"][j]["number"].get<int64_t>());
        CHECK(ed.Doc()["injects"][k]["number"] == top + 1);
        REQUIRE(ed.DeleteRow(hosts, i));
        CHECK(ed.RowCount(hosts) == n);
        CHECK_FALSE(ed.DeleteRow(hosts, n + 5));
    }
    fs::remove_all(dir);
}

TEST_CASE("Editor - undo and redo over the document", "[ui][editor]")
{
    const fs::path dir = EditorTestFolder("undo");
    ScenarioEditor ed;
    REQUIRE(ed.Open(dir.string()));
    const std::string row = "/infrastructure/zones/0";
    const auto& name = EditorTestColumn("Zones", "name");
    const OJson opened = ed.Doc();
    CHECK_FALSE(ed.CanUndo());
    CHECK_FALSE(ed.Undo());

    SECTION("keys typed into one cell are one step; Redo brings them back")
    {
        for (const char* typed : {"T", "Th", "The"}) REQUIRE(ed.SetCellText(row, name, typed) == "");
        CHECK(ed.UndoSteps() == 1);
        REQUIRE(ed.Undo());
        CHECK(ed.Doc() == opened);
        CHECK_FALSE(ed.Dirty()); // back to the file as opened
        CHECK(ed.CanRedo());
        REQUIRE(ed.Redo());
        CHECK(ed.Doc()["infrastructure"]["zones"][0]["name"] == "The");
        CHECK(ed.Dirty());
    }
    SECTION("a time refused while it is being typed (H, H+) makes nothing unsaved; undone, the file is as opened")
    {
        // Found at the keyboard: typing H+7 into an inject's time passed through two refused texts,
        // and after Ctrl+Z the editor still said "unsaved changes" with the document as on disk.
        const auto& when = EditorTestColumn("Injects (MSEL)", "time_s");
        const std::string inject = "/injects/0";
        REQUIRE(ed.SetCellText(inject, when, "H") != "");
        CHECK_FALSE(ed.Dirty()); // a refusal shown at the cell, nothing to save
        REQUIRE(ed.SetCellText(inject, when, "H+") != "");
        REQUIRE(ed.SetCellText(inject, when, "H+7") == "");
        CHECK(ed.Dirty());
        REQUIRE(ed.Undo());
        CHECK(ed.Doc() == opened);
        CHECK_FALSE(ed.Dirty());
    }
    SECTION("another cell, a row added, a row deleted, the JSON tab: a step each, taken back in turn")
    {
        REQUIRE(ed.SetCellText(row, name, "Outside") == "");
        REQUIRE(ed.SetCellText("/infrastructure/hosts/0", EditorTestColumn("Hosts", "os"), "linux") == "");
        const EditorTable& hosts = *FindEditorTable("Hosts");
        const size_t n = ed.RowCount(hosts);
        ed.AddRow(hosts);
        REQUIRE(ed.DeleteRow(hosts, 0));
        OJson doc = ed.Doc();
        doc["metadata"]["title"] = "Applied as text";
        REQUIRE(ed.SetText(doc.dump()) == "");
        CHECK(ed.UndoSteps() == 5);
        REQUIRE(ed.Undo());
        CHECK(ed.Doc()["metadata"]["title"] != "Applied as text");
        REQUIRE(ed.Undo());
        CHECK(ed.RowCount(hosts) == n + 1);
        REQUIRE(ed.Undo());
        CHECK(ed.RowCount(hosts) == n);
        REQUIRE(ed.Undo());
        CHECK(ed.Doc()["infrastructure"]["hosts"][0]["os"] != "linux");
        REQUIRE(ed.Undo());
        CHECK(ed.Doc() == opened);
        CHECK_FALSE(ed.Undo());
    }
    SECTION("a change after an undo drops the redo; the validator follows the state restored")
    {
        REQUIRE(ed.SetCellText("/infrastructure/hosts/0", EditorTestColumn("Hosts", "zone"), "nowhere") == "");
        ed.Validate();
        CHECK(ed.Errors() > 0);
        const uint64_t broken = ed.Revision();
        REQUIRE(ed.Undo());
        CHECK(ed.Revision() != ed.ValidatedRevision());
        ed.Validate();
        CHECK(ed.Errors() == 0);
        REQUIRE(ed.Redo());
        CHECK(ed.Revision() == broken); // the same state, the same number
        REQUIRE(ed.Undo());
        REQUIRE(ed.SetCellText(row, name, "Elsewhere") == "");
        CHECK_FALSE(ed.CanRedo());
        CHECK(ed.Revision() != broken); // a new state never reuses a number
    }
    SECTION("undone past a save: the document is unsaved again, and clean when redone")
    {
        REQUIRE(ed.SetCellText(row, name, "Saved name") == "");
        REQUIRE(ed.Save() == "");
        REQUIRE(ed.Undo());
        CHECK(ed.Dirty());
        REQUIRE(ed.Redo());
        CHECK_FALSE(ed.Dirty());
    }
    SECTION("the history is bounded")
    {
        const auto& os = EditorTestColumn("Hosts", "os");
        for (size_t i = 0; i < ScenarioEditor::kUndoDepth + 20; ++i) {
            // Two cells in turn: each edit a step of its own.
            REQUIRE(ed.SetCellText(i % 2 ? row : "/infrastructure/hosts/0", i % 2 ? name : os, "v" + std::to_string(i)) == "");
        }
        CHECK(ed.UndoSteps() == ScenarioEditor::kUndoDepth);
        while (ed.Undo()) {}
        CHECK(ed.Doc() != opened); // the oldest steps were let go
        CHECK(ed.Doc()["infrastructure"]["hosts"][0]["os"] == "v18");
    }
    fs::remove_all(dir);
}

TEST_CASE("Editor - times as planners write them, stored as seconds", "[ui][editor]")
{
    SECTION("shown in the relative form import msel reads")
    {
        CHECK(FormatEditorSpan(9000) == "H+2 M+30");
        CHECK(FormatEditorSpan(100800) == "D+1 H+4");
        CHECK(FormatEditorSpan(45) == "S+45");
        CHECK(FormatEditorSpan(-172800) == "-D+2");
        CHECK(FormatEditorSpan(0) == "D+0");
        CHECK(HumanEditorSpan(1800) == "30 min");
        CHECK(HumanEditorSpan(9000) == "2 h 30 min");
        CHECK(HumanEditorSpan(86400) == "1 d");
    }
    SECTION("typed in any of the forms, or as seconds; anything else refused")
    {
        long long s = 0;
        for (const char* t : {"D+0 H+2 M+30", "H+2 M+30", "02:30", "2:30", "9000", " d+0 h+2 m+30 "}) {
            INFO(t);
            REQUIRE(ParseEditorSpan(t, s));
            CHECK(s == 9000);
        }
        REQUIRE(ParseEditorSpan("1d 04:00:00", s));
        CHECK(s == 100800);
        REQUIRE(ParseEditorSpan("-D+2", s));
        CHECK(s == -172800);
        for (const char* t : {"", "D+x", "2:30pm", "tomorrow", "M+5 H+1", "1.5"}) {
            INFO(t);
            CHECK_FALSE(ParseEditorSpan(t, s));
        }
    }
    SECTION("an inject's time: typed D+0 H+2 M+30 or 02:30, the file holds 9000, the cell shows H+2 M+30")
    {
        const fs::path dir = EditorTestFolder("span");
        ScenarioEditor ed;
        REQUIRE(ed.Open(dir.string()));
        const auto& time = EditorTestColumn("Injects (MSEL)", "time_s");
        CHECK(ed.CellText("/injects/0", time) == "H+6"); // 21600 in the file
        REQUIRE(ed.SetCellText("/injects/0", time, "D+0 H+2 M+30") == "");
        CHECK(ed.Doc()["injects"][0]["time_s"] == 9000);
        CHECK(ed.CellText("/injects/0", time) == "H+2 M+30");
        REQUIRE(ed.SetCellText("/injects/0", time, "02:45") == "");
        CHECK(ed.Doc()["injects"][0]["time_s"] == 9900);
        CHECK(ed.CellText("/injects/0", time) == "H+2 M+45");
        CHECK(ed.SetCellText("/injects/0", time, "after lunch").find("is not a time") != std::string::npos);
        CHECK(ed.Doc()["injects"][0]["time_s"] == 9900); // the document keeps its value
        // A vulnerability already public at the start: a negative time.
        const auto& disclosed = EditorTestColumn("Vulnerabilities", "disclosed_at_s");
        REQUIRE(ed.SetCellText("/infrastructure/vulnerabilities/0", disclosed, "-D+2") == "");
        CHECK(ed.Doc()["infrastructure"]["vulnerabilities"][0]["disclosed_at_s"] == -172800);
        fs::remove_all(dir);
    }
}

TEST_CASE("Editor - a when, an expected and a target read as one line", "[ui][editor]")
{
    const fs::path dir = EditorTestFolder("summary");
    ScenarioEditor ed;
    REQUIRE(ed.Open(dir.string()));
    const OJson& doc = ed.Doc();
    auto when = [&](const char* j) { return SummariseJsonCell(doc, "when", OJson::parse(j)); };
    CHECK(when(R"({"stage": "Archive sent out over the C2 channel", "delay_s": 28800})") ==
          "after stage 'Archive sent out over the C2 channel' + 8 h");
    CHECK(when(R"({"stage": 0})") == "after stage 1 'Invoice e-mail with a macro document is opened' (index 0)");
    CHECK(when(R"({"after": 2, "delay_s": 3600})") == "after inject 2 + 1 h");
    CHECK(when(R"({"unless": {"kind": "declare_incident", "by_s": 86400}})") == "no declare_incident by Tue 08:00 (T+1d 00:00)");
    CHECK(when(R"({"command": {"kind": "isolate_host", "team": "secops", "target": "web-01"}})") == "after isolate_host on web-01 by secops");
    CHECK(when(R"({"all": [{"stage": "Records out"}, {"unless": {"kind": "notify_authority", "value": "gdpr", "by_s": 7200}}]})") ==
          "all of [after stage 'Records out'; no notify_authority gdpr by Mon 10:00 (T+02:00)]");
    CHECK(when(R"({"any": [{"command": {"kind": "declare_incident"}}, {"time_s": 14400}], "delay_s": 600})") ==
          "any of [after declare_incident; from Mon 12:00 (T+04:00)] + 10 min");
    CHECK(EditorMoment(doc, 21600) == "Mon 14:00 (T+06:00)"); // the template starts Mon 08:00
    CHECK(EditorMoment(OJson::object(), 21600) == "T+06:00"); // no start: no invented weekday
    // A form it does not know is shown as written: nothing is guessed.
    CHECK(when(R"({"stage": "X", "weird": 1})") == R"({"stage":"X","weird":1})");
    CHECK(SummariseJsonCell(doc, "expected", OJson::parse(R"({"kind": "notify_authority", "value": "gdpr", "team": "secops"})")) ==
          "notify_authority gdpr by secops");
    CHECK(SummariseJsonCell(doc, "target", OJson::parse(R"({"kind": ["server", "database"], "count": 2})")) == "kind server or database, at most 2");
    CHECK(SummariseJsonCell(doc, "target", OJson::object()) == "the foothold");
    CHECK(SummariseJsonCell(doc, "sensors", OJson::parse(R"([{"id": "edr", "prob": 0.85}, "nids"])")) == "edr on 85 % of the hosts, nids");
    CHECK(SummariseJsonCell(doc, "cached_on", OJson::parse(R"(["dc-01", {"group": "ws", "prob": 0.1}])")) == "dc-01, ws on 10 % of the hosts");
    CHECK(SummariseJsonCell(doc, "vulns", OJson::parse(R"([{"id": "CVE-1", "odd": 1}])")) == R"([{"id":"CVE-1","odd":1}])");
    CHECK(SummariseJsonCell(doc, "duration", OJson::parse(R"({"median_s": 60})")) == R"({"median_s":60})");
    CHECK(SummariseJsonCell(doc, "off_hours", OJson::parse(R"({"share": 0.8, "actions": ["inhibit_recovery", "impact"]})")) ==
          "a stage of inhibit_recovery or impact due in business hours waits for the close, 80 % of the time");
    // An inject with neither a time nor a when: what delivers it.
    CHECK(InjectTriggerNote(doc, "/injects/1") == "(contingency of inject 1)");
    CHECK(InjectTriggerNote(doc, "/injects/3") == "(manual: the facilitator fires it)");
    CHECK(InjectTriggerNote(doc, "/injects/0") == ""); // it has a time
    // A yes/no field not written shows the loader's default, not "no".
    const EditorTable& vulns = *FindEditorTable("Vulnerabilities");
    for (const auto& c : vulns.columns)
        if (std::string(c.key) == "remote") CHECK(EditorBoolDefault(doc, "/infrastructure/vulnerabilities/0", c));
    CHECK(EditorBoolDefault(doc, "/infrastructure/hosts/0", EditorTestColumn("Hosts", "production")));      // dc-01, a domain controller
    CHECK_FALSE(EditorBoolDefault(doc, "/infrastructure/host_groups/0", EditorTestColumn("Host groups", "backup")));
    CHECK_FALSE(EditorBoolDefault(doc, "/infrastructure/host_groups/0", EditorTestColumn("Host groups", "production"))); // workstations
    CHECK(EditorChoiceDefault("/infrastructure/hosts/0", EditorTestColumn("Hosts", "kind")) == "server");
    CHECK(EditorChoiceDefault("/infrastructure/host_groups/0", EditorTestColumn("Host groups", "kind")) == "workstation");
    CHECK(EditorChoiceDefault("/infrastructure/sensor_types/0", EditorTestColumn("Sensor types", "team")) == "secops");
    CHECK(EditorChoiceDefault("/infrastructure/hosts/0", EditorTestColumn("Hosts", "zone")) == ""); // required: nothing assumed
    fs::remove_all(dir);
}

TEST_CASE("Editor - every section an author fills in has its table or form", "[ui][editor]")
{
    // The fields of docs/authoring.md's tables, each with a column.
    auto keys = [](const char* table) {
        std::vector<std::string> out;
        for (const auto& c : FindEditorTable(table)->columns) out.push_back(c.key);
        return out;
    };
    auto has_all = [&](const char* table, const std::vector<std::string>& want) {
        const auto got = keys(table);
        for (const auto& k : want) {
            INFO(table << ": " << k);
            CHECK(std::find(got.begin(), got.end(), k) != got.end());
        }
    };
    has_all("Scenario", {"id", "title", "summary", "briefing", "facilitator_notes", "currency", "duration_s", "start", "regimes"});
    has_all("The attacker", {"seeded", "start_s", "c2_indicators", "c2_rebuild_s", "max_reentries", "off_hours"});
    has_all("Sensor types", {"id", "name", "team", "observes", "detect_prob", "delay_s", "fp_per_day", "symptoms"});
    has_all("Vulnerabilities", {"id", "software", "disclosed_at_s", "remote", "patch_fail_prob"});
    has_all("Campaign stages", {"name", "technique", "action", "target", "duration/median_s", "duration/sigma", "success_prob", "quiet_after_s",
                                "max_attempts"});
    has_all("Injects (MSEL)", {"number", "time_s", "when", "manual", "team", "role", "synopsis", "text", "expected", "expect_within_s",
                               "objective", "contingency", "notes"});
    CHECK(EditorTableOf("/campaign/stages/2/name") == FindEditorTable("Campaign stages"));
    CHECK(EditorTableOf("/campaign/start_s") == FindEditorTable("The attacker"));
    CHECK(EditorTableOf("/metadata/objectives/0") == FindEditorTable("Objectives"));
    CHECK(EditorTableOf("/org_profiles/siloed") == nullptr); // the JSON tab's

    const fs::path dir = EditorTestFolder("forms");
    ScenarioEditor ed;
    REQUIRE(ed.Open(dir.string()));
    SECTION("a metadata field in its form; the title emptied is the loader's problem at the metadata")
    {
        const auto& title = EditorTestColumn("Scenario", "title");
        REQUIRE(ed.SetCellText("/metadata", title, "Hospital night shift") == "");
        CHECK(ed.Doc()["metadata"]["title"] == "Hospital night shift");
        REQUIRE(ed.SetCellText("/metadata", title, "") == "");
        ed.Validate();
        CHECK(EditorTestHas(ed.RowProblems("/metadata", *FindEditorTable("Scenario")), "scenario.005"));
        const auto& duration = EditorTestColumn("Scenario", "duration_s");
        REQUIRE(ed.SetCellText("/metadata", duration, "D+3") == "");
        CHECK(ed.Doc()["metadata"]["duration_s"] == 259200);
    }
    SECTION("a stage's quiet time and duration: the duration object made when typed into")
    {
        const auto& quiet = EditorTestColumn("Campaign stages", "quiet_after_s");
        REQUIRE(ed.SetCellText("/campaign/stages/1", quiet, "H+1") == "");
        CHECK(ed.Doc()["campaign"]["stages"][1]["quiet_after_s"] == 3600);
        ed.SetValue("/campaign/stages/1/duration", OJson(), true);
        REQUIRE(ed.SetCellText("/campaign/stages/1", EditorTestColumn("Campaign stages", "duration/median_s"), "M+20") == "");
        CHECK(ed.Doc()["campaign"]["stages"][1]["duration"] == OJson({{"median_s", 1200}}));
        ed.Validate();
        CHECK(ed.Errors() == 0);
        // Emptied again: no `"duration": {}` left behind.
        REQUIRE(ed.SetCellText("/campaign/stages/1", EditorTestColumn("Campaign stages", "duration/median_s"), "") == "");
        CHECK_FALSE(ed.Doc()["campaign"]["stages"][1].contains("duration"));
    }
    SECTION("where a sensor type and a vulnerability are used, worked out and read only")
    {
        const auto& uses = EditorTestColumn("Sensor types", kEditorUsesKey);
        CHECK(ed.CellText("/infrastructure/sensor_types/0", uses) == "hosts dc-01, fs-01, web-01; group ws"); // edr
        CHECK(ed.CellText("/infrastructure/sensor_types/2", uses) == "zones dmz, server");                    // nids
        CHECK(ed.CellText("/infrastructure/vulnerabilities/0", EditorTestColumn("Vulnerabilities", kEditorUsesKey)) == "host web-01");
        CHECK(ed.SetCellText("/infrastructure/sensor_types/0", uses, "x") != "");
        REQUIRE(ed.SetCellText("/infrastructure/hosts/2", EditorTestColumn("Hosts", "vulns"), "") == "");
        CHECK(ed.CellText("/infrastructure/vulnerabilities/0", EditorTestColumn("Vulnerabilities", kEditorUsesKey)) == "nowhere");
    }
    fs::remove_all(dir);
}

TEST_CASE("Editor - saving: formatted, keys in a stable order, unknown keys kept", "[ui][editor]")
{
    const fs::path dir = EditorTestFolder("save");
    const fs::path file = dir / "scenario.json";

    SECTION("save then load gives the same document")
    {
        ScenarioEditor ed;
        REQUIRE(ed.Open(dir.string()));
        REQUIRE(ed.SetCellText("/infrastructure/zones/0", EditorTestColumn("Zones", "name"), "The Internet") == "");
        const OJson edited = ed.Doc();
        REQUIRE(ed.Save() == "");
        CHECK_FALSE(ed.Dirty());
        CHECK(fs::exists(dir / "scenario.json.bak"));
        CHECK_FALSE(fs::exists(dir / "scenario.json.tmp"));
        ScenarioEditor again;
        REQUIRE(again.Open(dir.string()));
        CHECK(nlohmann::json::parse(EditorTestRead(file)) == nlohmann::json::parse(edited.dump()));
        CHECK(again.Text() == EditorTestRead(file)); // saved text is already in the stable order
        CHECK(again.Errors() == 0);
    }
    SECTION("unknown keys survive an edit and a save, and the loader's warning sits at them")
    {
        OJson doc = OJson::parse(EditorTestRead(file));
        doc["infrastructure"]["hosts"][0]["x_reviewed_by"] = "ana";
        doc["x_drill_notes"] = {{"owner", "soc"}};
        EditorTestWrite(file, doc.dump(2));
        ScenarioEditor ed;
        REQUIRE(ed.Open(dir.string()));
        CHECK(EditorTestHas(ed.RowProblems("/infrastructure/hosts/0", *FindEditorTable("Hosts")), "scenario.006"));
        REQUIRE(ed.SetCellText("/infrastructure/hosts/0", EditorTestColumn("Hosts", "os"), "linux") == "");
        REQUIRE(ed.Save() == "");
        const OJson saved = OJson::parse(EditorTestRead(file));
        CHECK(saved["infrastructure"]["hosts"][0]["x_reviewed_by"] == "ana");
        CHECK(saved["x_drill_notes"]["owner"] == "soc");
        CHECK(saved["infrastructure"]["hosts"][0]["os"] == "linux");
    }
    SECTION("keys in a stable order: the format's order, then unknown keys by name, whatever order they came in")
    {
        const OJson a = OJson::parse(R"({"injects": [], "zz": 1, "metadata": {"title": "T", "id": "x"},
            "infrastructure": {"hosts": [{"zone": "z", "x_b": 1, "id": "h", "x_a": 2}], "zones": [{"name": "Z", "id": "z"}]}, "aa": 2})");
        const OJson b = OJson::parse(R"({"aa": 2, "infrastructure": {"zones": [{"id": "z", "name": "Z"}],
            "hosts": [{"x_a": 2, "id": "h", "x_b": 1, "zone": "z"}]}, "metadata": {"id": "x", "title": "T"}, "zz": 1, "injects": []})");
        CHECK(CanonicalText(a) == CanonicalText(b));
        const OJson c = CanonicalOrder(a);
        std::vector<std::string> top, host;
        for (const auto& [k, _] : c.items()) top.push_back(k);
        for (const auto& [k, _] : c["infrastructure"]["hosts"][0].items()) host.push_back(k);
        CHECK(top == std::vector<std::string>{"metadata", "infrastructure", "injects", "aa", "zz"});
        CHECK(host == std::vector<std::string>{"id", "zone", "x_a", "x_b"});
        // A flow and a short list stay on one line; the text ends with a new line.
        const std::string text = CanonicalText(OJson::parse(R"({"infrastructure": {"flows": [["a", "b"]]}})"));
        CHECK(text.find("[\"a\", \"b\"]") != std::string::npos);
        CHECK(text.back() == '\n');
    }
    SECTION("never over a file changed on disk since it was opened, unless asked")
    {
        ScenarioEditor ed;
        REQUIRE(ed.Open(dir.string()));
        REQUIRE(ed.SetCellText("/infrastructure/zones/0", EditorTestColumn("Zones", "name"), "Outside") == "");
        const std::string changed = EditorTestRead(file) + "\n";
        EditorTestWrite(file, changed);
        CHECK(ed.ChangedOnDisk());
        CHECK(ed.Save().find("changed on disk since it was opened") != std::string::npos);
        CHECK(EditorTestRead(file) == changed); // untouched
        REQUIRE(ed.Save(true) == "");
        CHECK(EditorTestRead(dir / "scenario.json.bak") == changed); // what it wrote over is kept
        CHECK(OJson::parse(EditorTestRead(file))["infrastructure"]["zones"][0]["name"] == "Outside");
    }
    fs::remove_all(dir);
}

TEST_CASE("Editor - what it cannot open, and a file that is not JSON", "[ui][editor]")
{
    ScenarioEditor ed;
    SECTION("a missing folder, a folder without scenario.json, a built-in id: a clear refusal")
    {
        CHECK_FALSE(ed.Open("/nonexistent/bd-editor"));
        CHECK(ed.OpenError() == "/nonexistent/bd-editor: no such folder or file");
        const fs::path empty = fs::temp_directory_path() / "bd-editor-test-empty";
        fs::create_directories(empty);
        CHECK_FALSE(ed.Open(empty.string()));
        CHECK(ed.OpenError().find("the folder has no scenario.json") != std::string::npos);
        CHECK_FALSE(ed.Open("ransomware-phish"));
        CHECK(ed.OpenError().find("breachdrill new DIR --from ransomware-phish") != std::string::npos);
        fs::remove_all(empty);
    }
    SECTION("a malformed file opens, with the loader's syntax error, and is not saved until it parses")
    {
        const fs::path dir = EditorTestFolder("malformed");
        const std::string good = EditorTestRead(dir / "scenario.json");
        const std::string bad = good.substr(0, good.size() / 2);
        EditorTestWrite(dir / "scenario.json", bad);
        REQUIRE(ed.Open(dir.string()));
        CHECK_FALSE(ed.Parsed());
        REQUIRE(ed.Problems().size() == 1);
        CHECK(ed.Problems()[0].id == "scenario.003");
        CHECK(ed.Text() == bad);
        CHECK(ed.Save().find("not JSON") != std::string::npos);
        CHECK(EditorTestRead(dir / "scenario.json") == bad);
        CHECK(ed.SetText(bad + "}").rfind("line ", 0) == 0); // still not JSON: where it breaks
        CHECK(ed.SetText(good) == "");
        CHECK(ed.Parsed());
        ed.Validate();
        CHECK(ed.Errors() == 0);
        fs::remove_all(dir);
    }
    SECTION("New from template refuses a folder that is not empty, as `new` does")
    {
        const fs::path dir = EditorTestFolder("notempty");
        CHECK(WriteTemplateScenario(dir.string()).find("the folder is not empty") != std::string::npos);
        fs::remove_all(dir);
    }
}

TEST_CASE("Editor - a scenario whose injects came from a spreadsheet MSEL", "[ui][editor]")
{
    const fs::path dir = fs::temp_directory_path() / "bd-editor-test-msel";
    fs::remove_all(dir);
    const std::string cli = std::string("'") + BD_CLI + "'";
    REQUIRE(std::system((cli + " new '" + dir.string() + "' --from ransomware-phish >/dev/null 2>&1").c_str()) == 0);
    const std::string sheet = std::string(BD_SOURCE_DIR) + "/tests/interop/msel/quoted-newlines.csv";
    REQUIRE(std::system((cli + " import msel '" + sheet + "' --into '" + dir.string() + "' >/dev/null 2>&1").c_str()) == 0);
    ScenarioEditor ed;
    REQUIRE(ed.Open(dir.string()));
    CHECK(ed.Errors() == 0);
    const auto& text = EditorTestColumn("Injects (MSEL)", "text");
    CHECK(ed.CellText("/injects/0", text) == "Service desk call, 14:00: \"It did nothing.\"\nSecond line, after a new line in the cell.");
    CHECK(ed.RowCount(*FindEditorTable("Injects (MSEL)")) == ed.Loaded()->injects.size());
    fs::remove_all(dir);
}

TEST_CASE("Editor - the play test's figures are compare's", "[ui][editor]")
{
    const fs::path dir = EditorTestFolder("play");
    ScenarioEditor ed;
    REQUIRE(ed.Open(dir.string()));
    REQUIRE(ed.Paths());
    std::vector<std::string> names;
    for (const auto& st : ed.Paths()->stages) names.push_back(st.name);
    // Unsaved: the stage's success made certain in the document only.
    REQUIRE(ed.SetCellText("/campaign/stages/0", EditorTestColumn("Campaign stages", "success_prob"), "1") == "");
    PlayTest play;
    const std::vector<std::string> injects = PlayTestInjectNames(ed.Doc());
    REQUIRE(play.Start(ed.Text(), ed.Path(), names, 3, injects));
    play.Wait();
    const auto r = play.Result();
    REQUIRE(r);
    REQUIRE(r->error == "");
    bd::CompareOptions o;
    o.scenario = ed.Path();
    o.scenario_text = ed.Text();
    o.seed_first = 1;
    o.seed_last = 3;
    const bd::CompareResult c = bd::RunCompare(o);
    REQUIRE(c.profiles.size() == 2);
    REQUIRE(r->profiles.size() == 2);
    for (size_t i = 0; i < 2; ++i) {
        const auto& p = r->profiles[i];
        CHECK(p.runs == 3);
        CHECK(p.detect_median == c.profiles[i].Find("time_to_detect_s")->median);
        CHECK(p.contain_median == c.profiles[i].Find("time_to_contain_s")->median);
        CHECK(p.never_contained == c.profiles[i].never_contained);
        REQUIRE(p.reached.size() == names.size());
        CHECK(p.reached[0] == 3); // the way in always succeeds now
        for (size_t s = 1; s < p.reached.size(); ++s) CHECK(p.reached[s] <= p.reached[0]);
        // Per inject, the runs that delivered it: compare's injects_delivered, counted.
        REQUIRE(p.delivered.size() == injects.size());
        size_t want = 0;
        for (const auto& run : c.runs)
            if (run.org == p.org)
                for (int k : run.injects_delivered) want += k == 0;
        CHECK(p.delivered[0] == want);
    }
    CHECK(r->headline == bd::CompareHeadline(c));
    // The CLI says the same: compare --json lists each run's stages reached (from 0).
    const nlohmann::json j = bd::ToJson(c);
    size_t first_stage = 0;
    for (const auto& run : j["runs"]) first_stage += run["stages_reached"].size() && run["stages_reached"][0] == 0;
    CHECK(first_stage == 6);
    fs::remove_all(dir);
}
