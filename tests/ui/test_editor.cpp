// test_editor.cpp: the scenario editor's logic without a window (ui/editor_model.h): a cell's
// edit and the problem shown at that cell, rows added and deleted, unknown keys kept, the stable key
// order, saving (the .bak, never over a file changed on disk), a file that is not JSON, a sheet
// imported with `import msel`, and the play test's figures held against compare's.
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
