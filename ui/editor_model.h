// editor_model.h: the scenario editor's logic, without ImGui (`breachdrill-gui --edit DIR`; the
// drawing is editor_panel.cpp). It works on the scenario's JSON document itself, so that whatever
// the editor has no table for (a key it does not know, a `when` written in a form it has no form
// for) is kept as written.
//
//   bdui::ScenarioEditor ed;
//   if (!ed.Open("drills/hospital")) puts(ed.OpenError().c_str()); // no folder, no file: nothing to edit
//   ed.SetCellText("/infrastructure/hosts/0", HostsTable().columns[1], "dmz");  // one cell
//   ed.Validate();                                   // the loader and validate's warnings, as the CLI
//   for (auto* p : ed.ProblemsAt("/infrastructure/hosts/0/zone")) ...  // what that cell shows
//   ed.Undo();                                       // the cell's edit taken back (Redo: again)
//   std::string why = ed.Save();                     // formatted, keys in a stable order, .bak kept
//
// The tables and the readable forms of spans and conditions are in editor_schema.cpp.
//
// [SECTION] index: the tables; spans and summaries; the document and its edits; undo; validation;
// saving; the play test.
#pragma once
#include "compare.h"
#include "exercise/path_report.h"
#include "world/scenario.h"

#include <nlohmann/json.hpp>

#include <atomic>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace bdui {

using OJson = nlohmann::ordered_json; // keeps the author's key order while editing

// [SECTION] The tables

// How a cell is edited and how its text becomes JSON.
enum class CellKind {
    Text,     // a string; empty: the key is removed (its default applies)
    LongText, // a string, or an array of strings (one a line) when the file wrote one
    Int,      // a whole number
    Number,   // any number
    Bool,     // a checkbox
    Choice,   // a string from a list (EditorColumn::choices or ::from), typed freely too
    List,     // an array of strings, written "a, b, c"
    Json,     // any JSON value: shown as a one-line summary (SummariseJsonCell), edited as JSON text
    Span,     // a time span, whole seconds in the file, shown `D+0 H+2 M+30` (FormatEditorSpan), typed
              // either that way, `02:30`, `1d 04:00:00` or as seconds (ParseEditorSpan)
    Uses,     // read only: where the row's id is used (a sensor type's or a vulnerability's hosts)
};

// The key of a CellKind::Uses column (no member of the file has it).
inline constexpr const char* kEditorUsesKey = "@uses";

// Where a Choice's values come from: a fixed list, or the ids the document defines.
enum class ChoiceFrom { Fixed, Zones, Hosts, Identities, Objectives };

struct EditorColumn {
    const char* key;   // the member of the row ("zone"), or a path below it ("duration/median_s"); "0"/"1"
                       // in a flow pair; "" the row itself (an objective)
    const char* label; // the column's heading
    CellKind kind = CellKind::Text;
    std::vector<std::string> choices; // ChoiceFrom::Fixed
    ChoiceFrom from = ChoiceFrom::Fixed;
    float width = 0;   // at the default text scale; 0: share what is left
    const char* help = ""; // the heading's tooltip: what the field means (docs/authoring.md)
};

struct EditorTable {
    const char* name;    // "Hosts"
    const char* pointer; // the array's JSON pointer: "/infrastructure/hosts"
    const char* tab;     // which tab of the editor shows it: "Estate", "Campaign", ...
    std::vector<EditorColumn> columns;
    bool form = false;   // a form: `pointer` is an object (the metadata), a field a line; its one
                         // "row" is `pointer` itself
};

// The editor's tables and forms, in the order the tabs show them: the metadata and the campaign's
// settings (forms), zones, flows, hosts, host groups, sensor types, vulnerabilities, identities,
// services, data stores, campaign stages, injects (the MSEL), objectives.
const std::vector<EditorTable>& EditorTables();
const EditorTable* FindEditorTable(const std::string& name);
// The table whose rows hold `pointer` (the deepest: "/campaign/stages/2" is a stage, not the
// campaign's form); nullptr when no table shows it (the JSON tab does).
const EditorTable* EditorTableOf(const std::string& pointer);
// The values a Choice cell offers for this document (ids it defines, or the fixed list).
std::vector<std::string> ChoiceValues(const OJson& doc, const EditorColumn& column);

// [SECTION] Spans and summaries

// Seconds as planners write a relative time, the form `import msel` reads, the parts that are not
// zero: 9000 -> "H+2 M+30", 100800 -> "D+1 H+4", 45 -> "S+45", -172800 -> "-D+2", 0 -> "D+0".
std::string FormatEditorSpan(long long seconds);
// A span typed into a cell: the relative form ("D+1 H+4 M+30", each part optional), "02:30" (hours
// and minutes), "1d 04:00:00", or whole seconds ("9000"); a leading "-" for a time before the
// start. false: none of these (interop's ParseMselSpan reads all but the seconds).
bool ParseEditorSpan(const std::string& text, long long& seconds);
// A span for reading: 1800 -> "30 min", 9000 -> "2 h 30 min", 86400 -> "1 d".
std::string HumanEditorSpan(long long seconds);
// A moment of the scenario as the app, the MSEL and the report write it: the story time when the
// document names its start, with the elapsed time ("Mon 14:00 (T+06:00)"); else "T+06:00".
std::string EditorMoment(const OJson& doc, long long t);
// A JSON cell as one line a facilitator reads: a `when` ("after stage 'Exfiltration' + 30 min",
// "all of [after stage 4 'Records out' (index 3); no notify_authority gdpr by Mon 10:00 (T+02:00)]":
// a delay in words, a moment as the MSEL writes it, EditorMoment), an `expected`
// ("notify_authority gdpr by secops"), a stage's `target` ("kind server or database, at most 2"), a
// host group's `vulns` or `sensors` and an identity's `cached_on` ("edr on 85 % of the hosts"), the
// campaign's `off_hours`; any
// other value, or a form it does not know, as compact JSON. `doc` names the stages a number means.
std::string SummariseJsonCell(const OJson& doc, const std::string& key, const OJson& value);
// What delivers an inject that has neither a time nor a `when` ("(manual: the facilitator fires
// it)", "(contingency of inject 1)"); "" when it has one of them or nothing delivers it (scenario.066).
std::string InjectTriggerNote(const OJson& doc, const std::string& row);
// The value a yes/no field has when the row does not write it, as the loader reads it: a
// vulnerability is remote, a host production unless a workstation (docs/authoring.md); else false.
bool EditorBoolDefault(const OJson& doc, const std::string& row, const EditorColumn& column);
// The value a choice has when the row does not write it ("itops" for an owner, "server" for a
// host's kind, "workstation" for a group's); "" when nothing is assumed (a zone, a user).
std::string EditorChoiceDefault(const std::string& row, const EditorColumn& column);
// Where the sensor type or vulnerability at `row` is used: "hosts web-01, vpn-01; group ws"
// ("nowhere" when nothing lists it).
std::string EditorUsesOf(const OJson& doc, const std::string& row);

// [SECTION] The stable key order

// The document with every object's keys in the format's order (the order of docs/authoring.md's
// tables: "id" first, then what the section's table lists), keys the format does not know after
// them, alphabetically. The same document gives the same order whatever order it was written in.
OJson CanonicalOrder(const OJson& doc);
// CanonicalOrder as text, two-space indents, an array of plain values on one line when it fits in
// 100 columns (a flow, a host's sensors), a final new line: what Save writes.
std::string CanonicalText(const OJson& doc);

// [SECTION] Problems

// A problem of the loader or of validate's warnings, as the editor shows it.
struct EditorProblem {
    std::string pointer; // JSON pointer, "" for the whole document
    std::string id;      // "scenario.012"
    std::string message;
    bool warning = false;
};

// [SECTION] The editor

class ScenarioEditor {
public:
    // Opens FOLDER/scenario.json or a .json file. false (OpenError() says why): no such folder or
    // file, a folder without scenario.json, a built-in id (to adapt one: New from template, or
    // `breachdrill new DIR --from ID`). A file that is not JSON opens: Parsed() is false, Text()
    // holds it as written, Problems() the loader's syntax error with its line and column.
    bool Open(const std::string& ref);
    const std::string& OpenError() const { return open_error_; }
    const std::string& Path() const { return path_; } // the scenario.json it edits

    // [SECTION] The document and its edits
    bool Parsed() const { return parsed_; }
    const OJson& Doc() const { return doc_; }
    // The document as Save would write it; the file's text as written while it does not parse.
    std::string Text() const;
    // Replaces the whole document by JSON text (the JSON tab). "" done; else the parse error (line
    // and column) and the document is unchanged (an unparsed one keeps `text` as its text).
    std::string SetText(const std::string& text);

    // The text a cell shows: what the author typed and the editor refused (a number that is not one),
    // or the value at ROW/KEY in the cell's kind ("" when absent).
    std::string CellText(const std::string& row, const EditorColumn& column) const;
    // Why the cell refused the last text typed into it ("" it took it).
    std::string CellRefusal(const std::string& row, const EditorColumn& column) const;
    // The cell shows the document's value again (the text it refused is dropped).
    void ForgetRefusal(const std::string& row, const EditorColumn& column);
    // Sets a cell from its text, as its kind reads it (empty: the key is removed). "" done; else why
    // (not a number, not JSON): the document keeps the old value and the cell keeps the text.
    std::string SetCellText(const std::string& row, const EditorColumn& column, const std::string& text);
    // Sets (or, with a null `value` and `erase`, removes) the value at a JSON pointer, creating the
    // objects on the way. false: the pointer does not fit the document (an index past an array).
    bool SetValue(const std::string& pointer, const OJson& value, bool erase = false);
    // The rows of a table (0 when its array is absent).
    size_t RowCount(const EditorTable& table) const;
    // Appends a row with what the format requires filled in (a fresh id, the first zone, the next
    // inject number), creating the array if needed. The new row's index.
    size_t AddRow(const EditorTable& table);
    // Removes row `index`. false: no such row.
    bool DeleteRow(const EditorTable& table, size_t index);
    // Names the document's state: a fresh number at each change (edits, SetText, a refusal), never
    // used twice; Undo and Redo bring back the number of the state they restore. The panel
    // validates when it moved.
    uint64_t Revision() const { return revision_; }
    // The document is not the one last saved (or opened): an undo back to it is clean again.
    bool Dirty() const { return doc_state_ != saved_doc_state_; }

    // [SECTION] Undo
    // Every change of the document can be taken back, up to kUndoDepth of them: keys typed into
    // one cell one after the other are one step (typing 40 is one undo, not two), anything else
    // (another cell, a row added or deleted, the JSON tab applied) a step of its own. A new change
    // after an undo drops what could have been redone.
    static constexpr size_t kUndoDepth = 200;
    bool CanUndo() const { return !undo_.empty(); }
    bool CanRedo() const { return !redo_.empty(); }
    size_t UndoSteps() const { return undo_.size(); }
    // false: nothing to undo (redo). Refusals shown in cells are dropped (they were about the
    // document as it was).
    bool Undo();
    bool Redo();

    // [SECTION] Validation
    // The loader on the document as it stands (labelled with Path(), its script read from beside
    // it), then, when it loads, validate's warnings (AuthorWarnings) and the path report.
    void Validate();
    uint64_t ValidatedRevision() const { return validated_revision_; }
    const std::vector<EditorProblem>& Problems() const { return problems_; }
    size_t Errors() const;
    // The problems at `pointer` or inside it (a cell's own and its items'), errors first.
    std::vector<const EditorProblem*> ProblemsAt(const std::string& pointer) const;
    // The problems of a row that no column of its table shows (a missing key, an unknown one).
    std::vector<const EditorProblem*> RowProblems(const std::string& row, const EditorTable& table) const;
    // The scenario as the loader built it, when the last Validate found no error.
    const bd::Scenario* Loaded() const { return loaded_ ? &*loaded_ : nullptr; }
    // `describe --paths`' report of the last scenario that loaded (kept while the document has errors).
    const std::optional<bd::PathReport>& Paths() const { return paths_; }
    bool PathsCurrent() const { return paths_revision_ == validated_revision_ && loaded_.has_value(); }

    // [SECTION] Saving
    // The file on disk is no longer what it was when opened or last saved (changed or removed).
    bool ChangedOnDisk() const;
    // Writes Text() to Path(): the old file kept as scenario.json.bak, the new one written beside
    // it and renamed into place (never half a file). Refused while the document does not parse, and
    // when the file changed on disk since it was opened unless `over_changed`. "" saved; else why.
    std::string Save(bool over_changed = false);

private:
    std::string path_, open_error_;
    bool parsed_ = false;
    OJson doc_;
    std::string raw_text_;  // the text while it does not parse
    std::string disk_text_; // the file as opened or last saved
    std::map<std::string, std::pair<std::string, std::string>> refused_; // cell pointer -> (text, why)
    uint64_t revision_ = 1, validated_revision_ = 0, paths_revision_ = 0, next_state_ = 1;
    // The revision of the document alone: a refused cell text changes what is shown (revision_), not
    // what Save would write, so it does not make the file "unsaved" (Dirty).
    uint64_t doc_state_ = 1, saved_doc_state_ = 1;
    struct State {
        OJson doc;
        bool parsed = false;
        std::string raw_text;
        uint64_t revision = 0;
        uint64_t doc_state = 0; // the document's own state (doc_state_)
    };
    std::deque<State> undo_, redo_;
    std::string last_edit_; // the cell the last change was typed into ("" another kind of change)
    std::string edit_key_;  // the cell SetCellText is setting (for SetValue's Remember)
    void Remember(const std::string& what);
    State Current() const;
    void Restore(State s);
    std::vector<EditorProblem> problems_;
    std::optional<bd::Scenario> loaded_;
    std::optional<bd::PathReport> paths_;
    void Changed(bool document = true);
};

// [SECTION] New from template

// Writes the blank template (what `breachdrill new DIR` writes: world/scenario_template.h) into
// `dir`, with the folder's name as the id; refused, as `new` refuses, when `dir` exists and is not an
// empty folder. "" done (then open it); else why, and nothing was written.
std::string WriteTemplateScenario(const std::string& dir);

// [SECTION] The play test

// One profile's outcome over the play test's runs, from compare's figures (scoring/compare.h).
struct PlayTestProfile {
    bd::OrgProfile org = bd::OrgProfile::Siloed;
    size_t runs = 0, failed = 0, no_breach = 0;
    std::vector<size_t> reached;          // per campaign stage: runs where the attacker completed it (its effect happened)
    std::vector<size_t> delivered;        // per inject: runs where it was delivered
    std::optional<double> detect_median, contain_median; // nullopt: "never" (or no run measured)
    size_t detect_measured = 0, contain_measured = 0;    // runs each median is over (compare's Measured)
    size_t never_detected = 0, never_contained = 0;
};

struct PlayTestSummary {
    std::string error;                   // nothing ran (the scenario does not load): why
    uint64_t seed_first = 1, seed_last = 20;
    std::vector<std::string> stages;     // "1. Invoice e-mail opened", the campaign's stages
    std::vector<std::string> injects;    // "1. The help desk's call", the MSEL's injects
    std::vector<PlayTestProfile> profiles; // siloed, converged
    std::string headline;                // compare's headline sentence
    std::string first_failure;           // a run's load error, when some failed
};

// The play test's outcome from compare's result: `stage_names` the campaign's stages in order,
// `inject_names` the injects in order.
PlayTestSummary SummarisePlayTest(const bd::CompareResult& r, const std::vector<std::string>& stage_names,
                                  const std::vector<std::string>& inject_names = {});
// The injects of a document as the play test labels them: "NUMBER. synopsis", in the file's order.
std::vector<std::string> PlayTestInjectNames(const OJson& doc);

// The play test: `breachdrill compare` on the editor's document (seeds 1..20, both profiles,
// autopilots) on a worker thread, so the app stays live. Its figures are compare's own.
class PlayTest {
public:
    ~PlayTest();
    // Starts it on the document's text (labelled `path`); false if one is already running.
    bool Start(const std::string& text, const std::string& path, std::vector<std::string> stage_names, uint64_t seeds = 20,
               std::vector<std::string> inject_names = {});
    bool Running() const { return running_; }
    size_t Done() const { return done_; }
    size_t Total() const { return total_; }
    // The outcome of the last run that finished (nullopt before one did).
    std::optional<PlayTestSummary> Result() const;
    // Waits for a run under way to finish (tests, screenshots).
    void Wait();

private:
    std::thread worker_;
    std::atomic<bool> running_{false};
    std::atomic<size_t> done_{0}, total_{0};
    mutable std::mutex mutex_;
    std::optional<PlayTestSummary> result_;
};

} // namespace bdui
