// editor_model.cpp: the scenario editor's logic without ImGui (editor_model.h): the stable key
// order, the document's edits and their undo, live validation, saving, the play test. The tables
// are in editor_schema.cpp.
#include "editor_model.h"

#include "editor_parts.h"

#include "author_warnings.h"
#include "core/write_file.h"
#include "world/scenario_template.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace bdui {

namespace fs = std::filesystem;

// [SECTION] The stable key order

namespace {

// The format's key order by the key an object sits under (its parent's key; "" the top level, "[]"
// never: an array's items take their array's key). From docs/authoring.md's tables.
const std::map<std::string, std::vector<std::string>>& EditorKeyOrders()
{
    static const std::map<std::string, std::vector<std::string>> orders = {
        {"", {"$schema", "format", "metadata", "infrastructure", "identities", "services", "data_stores", "campaign", "operations_events",
              "org_profiles", "autopilot", "command_durations", "injects", "script", "script_limits"}},
        {"metadata", {"id", "title", "summary", "briefing", "facilitator_notes", "currency", "duration_s", "start", "regimes", "objectives"}},
        {"infrastructure", {"sensor_types", "vulnerabilities", "zones", "flows", "hosts", "host_groups"}},
        {"sensor_types", {"id", "name", "team", "observes", "detect_prob", "delay_s", "fp_per_day", "symptoms"}},
        {"vulnerabilities", {"id", "software", "disclosed_at_s", "remote", "patch_fail_prob"}},
        {"zones", {"id", "name", "internet", "sensors"}},
        {"hosts", {"id", "zone", "kind", "os", "criticality", "production", "owner", "software", "vulns", "sensors", "backup", "user"}},
        {"host_groups", {"prefix", "count", "scalable", "zone", "kind", "os", "criticality", "production", "owner", "software", "backup", "vulns",
                         "sensors", "user_per_host"}},
        {"identities", {"id", "name", "privilege", "cached_on", "admin_on", "remote_access"}},
        {"cached_on", {"group", "prob"}},
        {"services", {"id", "name", "depends_on", "standby", "cost_per_hour", "owner"}},
        {"data_stores", {"id", "name", "host", "records", "personal_data"}},
        {"campaign", {"seeded", "start_s", "c2_indicators", "c2_rebuild_s", "max_reentries", "off_hours", "stages"}},
        {"stages", {"name", "technique", "action", "target", "duration", "success_prob", "quiet_after_s", "max_attempts"}},
        {"target", {"host", "kind", "zone", "os", "store", "count"}},
        {"duration", {"median_s", "sigma"}},
        {"off_hours", {"share", "actions"}},
        {"injects", {"number", "time_s", "when", "manual", "team", "role", "controller", "synopsis", "text", "expected", "expect_within_s",
                     "objective", "contingency", "notes"}},
        {"when", {"after", "stage", "command", "unless", "all", "any", "delay_s"}},
        {"expected", {"kind", "target", "team", "value"}},
        {"command", {"kind", "target", "team", "value"}},
        {"unless", {"kind", "target", "team", "value", "by_s"}},
        {"operations_events", {"name", "synopsis", "time_s", "target", "fraction", "symptom", "secops_alert", "fix", "recover_after_s"}},
        {"secops_alert", {"technique", "summary", "severity", "sensor"}},
        {"org_profiles", {"siloed", "converged"}},
        {"autopilot", {"itops", "secops"}},
        {"script_limits", {"instructions", "memory_bytes", "tick_s"}},
    };
    return orders;
}

OJson EditorOrdered(const OJson& v, const std::string& under)
{
    if (v.is_array()) {
        OJson out = OJson::array();
        for (const auto& item : v) out.push_back(EditorOrdered(item, under));
        return out;
    }
    if (!v.is_object()) return v;
    static const std::vector<std::string> no_order;
    const auto& orders = EditorKeyOrders();
    const auto it = orders.find(under);
    const std::vector<std::string>& order = it == orders.end() ? no_order : it->second;
    std::vector<std::string> keys;
    for (const auto& [k, _] : v.items()) keys.push_back(k);
    auto rank = [&](const std::string& k) { return (size_t)(std::find(order.begin(), order.end(), k) - order.begin()); };
    // Known keys by their rank; the others (rank == order.size()) after them, by name: a full order.
    std::sort(keys.begin(), keys.end(), [&](const std::string& a, const std::string& b) {
        const size_t ra = rank(a), rb = rank(b);
        return ra != rb ? ra < rb : a < b;
    });
    OJson out = OJson::object();
    for (const auto& k : keys) out[k] = EditorOrdered(v[k], k);
    return out;
}

bool EditorIsPlain(const OJson& v) { return !v.is_array() && !v.is_object(); }

void EditorDumpTo(const OJson& v, int indent, int column, std::string& out)
{
    const std::string pad((size_t)indent + 2, ' '), close((size_t)indent, ' ');
    if (v.is_array()) {
        if (v.empty()) {
            out += "[]";
            return;
        }
        const bool plain = std::all_of(v.begin(), v.end(), EditorIsPlain);
        if (plain) {
            std::string line = "[";
            for (size_t i = 0; i < v.size(); ++i) line += (i ? ", " : "") + v[i].dump();
            line += "]";
            if (column + line.size() <= 100) {
                out += line;
                return;
            }
        }
        out += "[\n";
        for (size_t i = 0; i < v.size(); ++i) {
            out += pad;
            EditorDumpTo(v[i], indent + 2, indent + 2, out);
            out += i + 1 < v.size() ? ",\n" : "\n";
        }
        out += close + "]";
        return;
    }
    if (v.is_object()) {
        if (v.empty()) {
            out += "{}";
            return;
        }
        out += "{\n";
        size_t i = 0;
        for (const auto& [k, item] : v.items()) {
            const std::string head = pad + OJson(k).dump() + ": ";
            out += head;
            EditorDumpTo(item, indent + 2, (int)head.size(), out);
            out += ++i < v.size() ? ",\n" : "\n";
        }
        out += close + "}";
        return;
    }
    out += v.dump();
}

} // namespace

OJson CanonicalOrder(const OJson& doc) { return EditorOrdered(doc, ""); }

std::string CanonicalText(const OJson& doc)
{
    std::string out;
    EditorDumpTo(CanonicalOrder(doc), 0, 0, out);
    return out + "\n";
}

// [SECTION] The document and its edits

namespace {

std::optional<std::string> EditorReadFile(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// "line 3, column 14: ..." from nlohmann's parse error (its byte offset counted in `text`).
std::string EditorParseError(const std::string& text, const nlohmann::json::parse_error& e)
{
    size_t line = 1, col = 1;
    for (size_t i = 0; i + 1 < e.byte && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
            col = 1;
        } else {
            ++col;
        }
    }
    std::string what = e.what();
    if (const size_t at = what.find("parse error"); at != std::string::npos) what = what.substr(at);
    return "line " + std::to_string(line) + ", column " + std::to_string(col) + ": " + what;
}


std::string EditorCellPointer(const std::string& row, const EditorColumn& c)
{
    return *c.key ? row + "/" + c.key : row;
}

} // namespace

bool ScenarioEditor::Open(const std::string& ref)
{
    *this = ScenarioEditor();
    std::error_code ec;
    fs::path path(ref);
    const bool is_dir = fs::is_directory(path, ec);
    if (is_dir) path /= "scenario.json";
    if (!fs::exists(path, ec)) {
        const bool builtin = std::any_of(bd::BuiltinScenarios().begin(), bd::BuiltinScenarios().end(),
                                         [&](const bd::BuiltinScenario& b) { return ref == b.id; });
        if (builtin)
            open_error_ = "'" + ref + "' is a built-in scenario: it is part of the program, not a file to edit. Copy it first: "
                          "breachdrill new DIR --from " + ref + ", then edit DIR";
        else if (is_dir)
            open_error_ = ref + ": the folder has no scenario.json (New from template writes one; so does breachdrill new DIR)";
        else
            open_error_ = ref + ": no such folder or file";
        return false;
    }
    if (fs::is_directory(path, ec)) {
        open_error_ = path.string() + ": is a folder, not a scenario.json";
        return false;
    }
    auto text = EditorReadFile(path);
    if (!text) {
        open_error_ = path.string() + ": cannot read it: " + std::strerror(errno);
        return false;
    }
    path_ = path.string();
    disk_text_ = *text;
    try {
        doc_ = OJson::parse(*text);
        parsed_ = true;
    } catch (const std::exception&) {
        parsed_ = false;
        raw_text_ = *text;
    }
    Validate();
    return true;
}

std::string ScenarioEditor::Text() const { return parsed_ ? CanonicalText(doc_) : raw_text_; }

std::string ScenarioEditor::SetText(const std::string& text)
{
    try {
        OJson parsed = OJson::parse(text);
        if (parsed_ && parsed == doc_) return "";
        Remember("");
        doc_ = std::move(parsed);
        parsed_ = true;
        raw_text_.clear();
        refused_.clear();
        Changed();
        return "";
    } catch (const nlohmann::json::parse_error& e) {
        if (!parsed_ && text != raw_text_) {
            Remember("");
            raw_text_ = text;
            Changed();
        }
        return EditorParseError(text, e);
    }
}

void ScenarioEditor::Changed(bool document)
{
    revision_ = ++next_state_;
    if (document) doc_state_ = revision_;
}

// [SECTION] Undo

ScenarioEditor::State ScenarioEditor::Current() const { return State{doc_, parsed_, raw_text_, revision_, doc_state_}; }

void ScenarioEditor::Restore(State s)
{
    doc_ = std::move(s.doc);
    parsed_ = s.parsed;
    raw_text_ = std::move(s.raw_text);
    revision_ = s.revision;
    doc_state_ = s.doc_state;
    refused_.clear();
    last_edit_.clear();
}

// Called just before the document changes: keeps the state it is leaving, unless the change is one
// more key typed into the cell the last change was typed into.
void ScenarioEditor::Remember(const std::string& what)
{
    redo_.clear();
    if (!what.empty() && what == last_edit_ && !undo_.empty()) return;
    last_edit_ = what;
    undo_.push_back(Current());
    if (undo_.size() > kUndoDepth) undo_.pop_front();
}

bool ScenarioEditor::Undo()
{
    if (undo_.empty()) return false;
    redo_.push_back(Current());
    State s = std::move(undo_.back());
    undo_.pop_back();
    Restore(std::move(s));
    return true;
}

bool ScenarioEditor::Redo()
{
    if (redo_.empty()) return false;
    undo_.push_back(Current());
    State s = std::move(redo_.back());
    redo_.pop_back();
    Restore(std::move(s));
    return true;
}

std::string ScenarioEditor::CellText(const std::string& row, const EditorColumn& column) const
{
    if (column.kind == CellKind::Uses) return EditorUsesOf(doc_, row);
    const std::string cell = EditorCellPointer(row, column);
    if (auto it = refused_.find(cell); it != refused_.end()) return it->second.first;
    const OJson* v = EditorAt(doc_, cell);
    if (!v || v->is_null()) return "";
    switch (column.kind) {
    case CellKind::Span:
        return v->is_number_integer() ? FormatEditorSpan(v->get<long long>()) : v->dump();
    case CellKind::Uses:
    case CellKind::Text:
    case CellKind::Choice:
        return v->is_string() ? v->get<std::string>() : v->dump();
    case CellKind::LongText:
        if (v->is_string()) return v->get<std::string>();
        if (v->is_array() && std::all_of(v->begin(), v->end(), [](const OJson& x) { return x.is_string(); })) {
            std::string out;
            for (size_t i = 0; i < v->size(); ++i) out += (i ? "\n" : "") + (*v)[i].get<std::string>();
            return out;
        }
        return v->dump();
    case CellKind::List:
        if (v->is_array() && std::all_of(v->begin(), v->end(), [](const OJson& x) { return x.is_string(); })) {
            std::string out;
            for (size_t i = 0; i < v->size(); ++i) out += (i ? ", " : "") + (*v)[i].get<std::string>();
            return out;
        }
        return v->dump();
    case CellKind::Bool:
    case CellKind::Int:
    case CellKind::Number:
    case CellKind::Json:
        return v->dump();
    }
    return v->dump();
}

std::string ScenarioEditor::CellRefusal(const std::string& row, const EditorColumn& column) const
{
    auto it = refused_.find(EditorCellPointer(row, column));
    return it == refused_.end() ? "" : it->second.second;
}

void ScenarioEditor::ForgetRefusal(const std::string& row, const EditorColumn& column)
{
    if (refused_.erase(EditorCellPointer(row, column))) Changed(false);
}

namespace {

// The JSON a cell's text stands for; nullopt and *why when it stands for none. A null result:
// remove the key.
std::optional<OJson> EditorCellValue(const EditorColumn& column, const std::string& text, const OJson* old, std::string* why)
{
    const std::string t = EditorTrim(text);
    if (t.empty() && column.kind != CellKind::LongText) return OJson();
    switch (column.kind) {
    case CellKind::Text:
    case CellKind::Choice: return OJson(text);
    case CellKind::LongText: {
        if (text.empty()) return OJson();
        if (old && old->is_array()) { // the file wrote it one line an item: keep that form
            OJson lines = OJson::array();
            std::istringstream in(text);
            for (std::string line; std::getline(in, line);) lines.push_back(line);
            return lines;
        }
        return OJson(text);
    }
    case CellKind::Int: {
        errno = 0;
        char* end = nullptr;
        const long long n = std::strtoll(t.c_str(), &end, 10);
        if (*end || errno) {
            *why = "'" + t + "' is not a whole number";
            return std::nullopt;
        }
        return OJson(n);
    }
    case CellKind::Number: {
        char* end = nullptr;
        const double d = std::strtod(t.c_str(), &end);
        if (*end || !std::isfinite(d)) {
            *why = "'" + t + "' is not a number";
            return std::nullopt;
        }
        if (d == std::floor(d) && std::fabs(d) < 9e15 && t.find_first_of(".eE") == std::string::npos) return OJson((long long)d);
        return OJson(d);
    }
    case CellKind::Bool: {
        if (t == "true" || t == "false") return OJson(t == "true");
        *why = "true or false";
        return std::nullopt;
    }
    case CellKind::Span: {
        long long s = 0;
        if (ParseEditorSpan(t, s)) return OJson(s);
        *why = "'" + t + "' is not a time: D+1 H+4 M+30, 02:30 (hours:minutes), 1d 04:00:00, or seconds";
        return std::nullopt;
    }
    case CellKind::Uses: *why = "worked out from the hosts and zones: edit their lists"; return std::nullopt;
    case CellKind::List: {
        if (t.front() == '[') break; // written as JSON
        OJson items = OJson::array();
        std::istringstream in(t);
        for (std::string item; std::getline(in, item, ',');)
            if (const std::string s = EditorTrim(item); !s.empty()) items.push_back(s);
        return items;
    }
    case CellKind::Json: break;
    }
    try {
        return OJson::parse(t);
    } catch (const nlohmann::json::parse_error& e) {
        *why = "not JSON: " + EditorParseError(t, e);
        return std::nullopt;
    }
}

} // namespace

std::string ScenarioEditor::SetCellText(const std::string& row, const EditorColumn& column, const std::string& text)
{
    if (!parsed_) return "the file is not JSON yet: fix it in the JSON tab";
    if (column.kind == CellKind::Uses) return "worked out from the hosts and zones: edit their lists";
    const std::string cell = EditorCellPointer(row, column);
    std::string why;
    const auto value = EditorCellValue(column, text, EditorAt(doc_, cell), &why);
    if (!value) {
        auto& r = refused_[cell];
        if (r.first != text) Changed(false); // the panel shows the refusal at once
        r = {text, why};
        return why;
    }
    refused_.erase(cell);
    // Keys typed into this cell one after the other are one undo step (SetValue's Remember).
    struct EditKey {
        std::string& key;
        ~EditKey() { key.clear(); }
    } edit_key{edit_key_};
    edit_key_ = cell;
    // An objective (the row itself) or a flow's end is never removed: it becomes "".
    const bool whole_row = !*column.key || std::isdigit((unsigned char)column.key[0]);
    if (value->is_null() && whole_row) return SetValue(cell, OJson("")) ? "" : "no such row";
    if (!SetValue(cell, *value, value->is_null())) return "no such row";
    // A field below the row's member ("duration/median_s") emptied: an object left empty goes too,
    // so the file does not keep `"duration": {}`.
    if (value->is_null() && std::strchr(column.key, '/')) {
        const std::string parent = cell.substr(0, cell.rfind('/'));
        if (const OJson* p = EditorAt(doc_, parent); p && p->is_object() && p->empty()) SetValue(parent, OJson(), true);
    }
    // An inject is delivered at a time or on a condition, never both (scenario.066): a `when`
    // typed into a row replaces its `time_s` (the one a new row starts with), and the other way round.
    const std::string key = column.key;
    if (!value->is_null() && row.rfind("/injects/", 0) == 0 && (key == "when" || key == "time_s"))
        SetValue(row + (key == "when" ? "/time_s" : "/when"), OJson(), true);
    return "";
}

bool ScenarioEditor::SetValue(const std::string& pointer, const OJson& value, bool erase)
{
    if (!parsed_) return false;
    try {
        const OJson::json_pointer p(pointer);
        if (erase) {
            if (!doc_.contains(p)) return true;
            Remember(edit_key_);
            OJson& parent = doc_.at(p.parent_pointer());
            if (parent.is_object()) parent.erase(p.back());
            else if (parent.is_array()) parent.erase((size_t)std::stoull(p.back()));
            Changed();
            return true;
        }
        if (doc_.contains(p) && doc_.at(p) == value) return true;
        // An index must name an existing item or the end (no holes of nulls in an array).
        if (!p.empty()) {
            const OJson::json_pointer parent = p.parent_pointer();
            if (doc_.contains(parent) && doc_.at(parent).is_array() && std::stoull(p.back()) > doc_.at(parent).size()) return false;
        }
        Remember(edit_key_);
        doc_[p] = value;
        Changed();
        return true;
    } catch (const std::exception&) {
        return false;
    }
}

size_t ScenarioEditor::RowCount(const EditorTable& table) const
{
    const OJson* a = EditorAt(doc_, table.pointer);
    return a && a->is_array() ? a->size() : 0;
}

namespace {

// A fresh id "base-N" that no row of `rows` has under `key`.
std::string EditorFreshId(const OJson* rows, const char* key, const std::string& base)
{
    std::set<std::string> taken;
    if (rows && rows->is_array())
        for (const auto& r : *rows)
            if (r.is_object() && r.contains(key) && r[key].is_string()) taken.insert(r[key].get<std::string>());
    for (int n = 1;; ++n)
        if (std::string id = base + "-" + std::to_string(n); !taken.count(id)) return id;
}

OJson EditorNewRow(const OJson& doc, const EditorTable& t)
{
    const OJson* rows = EditorAt(doc, t.pointer);
    std::vector<std::string> zones;
    EditorIdsOf(doc, "/infrastructure/zones", "id", zones);
    const std::string zone = zones.empty() ? "" : zones.front();
    const std::string name = t.name;
    if (name == "Zones") return {{"id", EditorFreshId(rows, "id", "zone")}};
    if (name == "Flows") return OJson::array({zone, zones.size() > 1 ? zones[1] : zone});
    if (name == "Hosts") return {{"id", EditorFreshId(rows, "id", "host")}, {"zone", zone}};
    if (name == "Host groups") return {{"prefix", EditorFreshId(rows, "prefix", "group")}, {"count", 10}, {"zone", zone}};
    if (name == "Identities") return {{"id", EditorFreshId(rows, "id", "identity")}};
    if (name == "Services") {
        std::vector<std::string> hosts;
        EditorIdsOf(doc, "/infrastructure/hosts", "id", hosts);
        return {{"id", EditorFreshId(rows, "id", "service")}, {"depends_on", hosts.empty() ? OJson::array() : OJson::array({hosts.front()})}};
    }
    if (name == "Data stores") {
        std::vector<std::string> hosts;
        EditorIdsOf(doc, "/infrastructure/hosts", "id", hosts);
        return {{"id", EditorFreshId(rows, "id", "store")}, {"host", hosts.empty() ? "" : hosts.front()}};
    }
    if (name == "Campaign stages") return {{"name", "Network discovery"}, {"technique", "T1046"}, {"action", "discovery"}};
    if (name == "Injects (MSEL)") {
        int64_t next = 1;
        if (rows && rows->is_array())
            for (const auto& r : *rows)
                if (r.is_object() && r.contains("number") && r["number"].is_number_integer()) next = std::max(next, r["number"].get<int64_t>() + 1);
        return {{"number", next}, {"time_s", 3600}, {"team", "all"}, {"synopsis", "New inject"}};
    }
    if (name == "Objectives") return "Detect the intrusion within 24 hours";
    return OJson::object();
}

} // namespace

size_t ScenarioEditor::AddRow(const EditorTable& table)
{
    if (!parsed_) return 0;
    const OJson row = EditorNewRow(doc_, table);
    const OJson::json_pointer p(table.pointer);
    Remember("");
    if (!doc_.contains(p) || !doc_.at(p).is_array()) doc_[p] = OJson::array();
    doc_[p].push_back(row);
    Changed();
    return doc_[p].size() - 1;
}

bool ScenarioEditor::DeleteRow(const EditorTable& table, size_t index)
{
    if (!parsed_ || index >= RowCount(table)) return false;
    Remember("");
    doc_[OJson::json_pointer(table.pointer)].erase(index);
    // Refused texts of this table's rows would now sit at other rows: drop them.
    for (auto it = refused_.begin(); it != refused_.end();)
        it = it->first.rfind(std::string(table.pointer) + "/", 0) == 0 ? refused_.erase(it) : std::next(it);
    Changed();
    return true;
}

// [SECTION] Validation

void ScenarioEditor::Validate()
{
    validated_revision_ = revision_;
    problems_.clear();
    loaded_.reset();
    // The text as the file holds it until the first edit: the loader then sees what the CLI sees
    // (a key written twice, the exact syntax error).
    const std::string text = revision_ == 1 ? disk_text_ : Text();
    bd::LoadResult r = bd::LoadScenarioText(text, path_, bd::LoadOptions{});
    for (const auto& p : r.problems) problems_.push_back({p.pointer, p.id, p.message, p.warning});
    if (r.Ok()) {
        for (const auto& p : bd::AuthorWarnings(r.scenario, path_)) problems_.push_back({p.pointer, p.id, p.message, p.warning});
        paths_ = bd::AnalyzePaths(r.scenario);
        paths_revision_ = revision_;
        loaded_ = std::move(r.scenario);
    }
    // Errors first, then by place: the order the list and a cell's tooltip show them in.
    std::stable_sort(problems_.begin(), problems_.end(), [](const EditorProblem& a, const EditorProblem& b) {
        return a.warning != b.warning ? !a.warning : false;
    });
}

size_t ScenarioEditor::Errors() const
{
    return (size_t)std::count_if(problems_.begin(), problems_.end(), [](const EditorProblem& p) { return !p.warning; });
}

std::vector<const EditorProblem*> ScenarioEditor::ProblemsAt(const std::string& pointer) const
{
    std::vector<const EditorProblem*> out;
    for (const auto& p : problems_)
        if (p.pointer == pointer || p.pointer.rfind(pointer + "/", 0) == 0) out.push_back(&p);
    return out;
}

std::vector<const EditorProblem*> ScenarioEditor::RowProblems(const std::string& row, const EditorTable& table) const
{
    std::vector<const EditorProblem*> out;
    for (const EditorProblem* p : ProblemsAt(row)) {
        bool in_column = false;
        for (const auto& c : table.columns) {
            const std::string cell = EditorCellPointer(row, c);
            in_column |= *c.key && (p->pointer == cell || p->pointer.rfind(cell + "/", 0) == 0);
        }
        if (!in_column) out.push_back(p);
    }
    return out;
}

// [SECTION] Saving

bool ScenarioEditor::ChangedOnDisk() const
{
    const auto now = EditorReadFile(path_);
    return !now || *now != disk_text_;
}

std::string ScenarioEditor::Save(bool over_changed)
{
    if (path_.empty()) return "nothing is open";
    if (!parsed_) return "the file is not JSON: fix it in the JSON tab first (nothing written)";
    if (!over_changed && ChangedOnDisk())
        return path_ + " changed on disk since it was opened: saving would lose those changes (nothing written; "
                       "Save anyway to write over them, or reopen it)";
    const std::string text = Text();
    const auto on_disk = EditorReadFile(path_);
    if (on_disk) {
        if (const std::string why = bd::WriteFile(path_ + ".bak", *on_disk); !why.empty())
            return path_ + ".bak: cannot keep the backup: " + why + " (nothing written)";
    }
    const std::string tmp = path_ + ".tmp";
    if (const std::string why = bd::WriteFile(tmp, text); !why.empty()) return tmp + ": cannot write: " + why + " (scenario.json untouched)";
    std::error_code ec;
    fs::rename(tmp, path_, ec);
    if (ec) return path_ + ": cannot replace it: " + ec.message() + " (the new text is in " + tmp + ")";
    disk_text_ = text;
    saved_doc_state_ = doc_state_;
    return "";
}

// [SECTION] New from template

std::string WriteTemplateScenario(const std::string& dir_text)
{
    if (EditorTrim(dir_text).empty()) return "name a folder for the new scenario";
    const fs::path dir(dir_text);
    std::error_code ec;
    if (fs::exists(dir, ec)) {
        if (!fs::is_directory(dir, ec)) return dir_text + ": exists and is not a folder: nothing written";
        if (!fs::is_empty(dir, ec)) return dir_text + ": the folder is not empty: nothing written (name a new or empty folder)";
    }
    std::string name = fs::absolute(dir, ec).lexically_normal().filename().string();
    if (name.empty()) name = fs::absolute(dir, ec).lexically_normal().parent_path().filename().string();
    const bd::NewScenario made = bd::ScenarioFromTemplate(bd::ScenarioIdFromName(name));
    if (!made.error.empty()) return made.error;
    fs::create_directories(dir, ec);
    if (ec) return dir_text + ": cannot create the folder: " + ec.message();
    for (const auto& f : made.files)
        if (const std::string why = bd::WriteFile((dir / f.name).string(), f.text); !why.empty())
            return (dir / f.name).string() + ": cannot write: " + why;
    return "";
}

// [SECTION] The play test

std::vector<std::string> PlayTestInjectNames(const OJson& doc)
{
    std::vector<std::string> out;
    const OJson* injects = doc.is_object() && doc.contains("injects") ? &doc["injects"] : nullptr;
    if (!injects || !injects->is_array()) return out;
    for (size_t i = 0; i < injects->size(); ++i) {
        const OJson& in = (*injects)[i];
        const bool has_number = in.is_object() && in.contains("number") && in["number"].is_number_integer();
        std::string label = (has_number ? std::to_string(in["number"].get<int64_t>()) : std::to_string(i + 1)) + ".";
        if (in.is_object() && in.contains("synopsis") && in["synopsis"].is_string()) label += " " + in["synopsis"].get<std::string>();
        out.push_back(label);
    }
    return out;
}

PlayTestSummary SummarisePlayTest(const bd::CompareResult& r, const std::vector<std::string>& stage_names,
                                  const std::vector<std::string>& inject_names)
{
    PlayTestSummary out;
    out.error = r.error;
    out.seed_first = r.seed_first;
    out.seed_last = r.seed_last;
    out.stages = stage_names;
    out.injects = inject_names;
    if (!r.error.empty()) return out;
    out.headline = bd::CompareHeadline(r);
    for (const auto& p : r.profiles) {
        PlayTestProfile t;
        t.org = p.org;
        t.runs = p.runs;
        t.failed = p.failed;
        t.no_breach = p.no_breach;
        t.never_detected = p.never_detected;
        t.never_contained = p.never_contained;
        if (const bd::Distribution* d = p.Find("time_to_detect_s")) {
            t.detect_median = d->median;
            t.detect_measured = d->runs;
        }
        if (const bd::Distribution* d = p.Find("time_to_contain_s")) {
            t.contain_median = d->median;
            t.contain_measured = d->runs;
        }
        t.reached.assign(stage_names.size(), 0);
        t.delivered.assign(inject_names.size(), 0);
        for (const auto& run : r.runs) {
            if (run.org != p.org) continue;
            if (!run.error.empty()) {
                if (out.first_failure.empty()) out.first_failure = run.error;
                continue;
            }
            for (int s : run.stages_reached)
                if (s >= 0 && (size_t)s < t.reached.size()) ++t.reached[(size_t)s];
            for (int i : run.injects_delivered)
                if (i >= 0 && (size_t)i < t.delivered.size()) ++t.delivered[(size_t)i];
        }
        out.profiles.push_back(std::move(t));
    }
    return out;
}

PlayTest::~PlayTest() { Wait(); }

bool PlayTest::Start(const std::string& text, const std::string& path, std::vector<std::string> stage_names, uint64_t seeds,
                     std::vector<std::string> inject_names)
{
    if (running_) return false;
    if (worker_.joinable()) worker_.join();
    running_ = true;
    done_ = 0;
    total_ = (size_t)seeds * 2;
    worker_ = std::thread([this, text, path, names = std::move(stage_names), injects = std::move(inject_names), seeds] {
        bd::CompareOptions o;
        o.scenario = path;
        o.scenario_text = text;
        o.seed_first = 1;
        o.seed_last = seeds;
        o.threads = 1; // the app keeps the other core
        o.progress = [this](size_t done, size_t) { done_ = done; };
        PlayTestSummary s = SummarisePlayTest(bd::RunCompare(o), names, injects);
        {
            std::lock_guard<std::mutex> lock(mutex_);
            result_ = std::move(s);
        }
        running_ = false;
    });
    return true;
}

std::optional<PlayTestSummary> PlayTest::Result() const
{
    std::lock_guard<std::mutex> lock(mutex_);
    return result_;
}

void PlayTest::Wait()
{
    if (worker_.joinable()) worker_.join();
}

} // namespace bdui
