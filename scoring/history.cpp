// history.cpp: the exercise history in SQLite (see history.h; docs/reports.md, "History").
//
// Index
//   [SECTION] Metrics of a scorecard
//   [SECTION] Opening and migrating
//   [SECTION] Writing and reading
//   [SECTION] Text and JSON
#include "history.h"

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <sstream>

namespace bd {

using nlohmann::json;

// [SECTION] Metrics of a scorecard

std::map<std::string, std::optional<double>> MetricsOf(const Scorecard& c)
{
    std::map<std::string, std::optional<double>> m;
    auto t = [](const std::optional<ScoreTime>& v) { return v ? std::optional<double>((double)*v) : std::nullopt; };
    m["duration_s"] = (double)c.duration_s;
    m["attack_start_s"] = t(c.attack_start_s);
    m["tool_detect_at_s"] = t(c.tool_detect_at_s);
    m["detected_at_s"] = t(c.detected_at_s);
    m["contained_at_s"] = t(c.contained_at_s);
    m["recovered_at_s"] = t(c.recovered_at_s);
    m["time_to_tool_detect_s"] = t(c.time_to_tool_detect_s);
    m["time_to_detect_s"] = t(c.time_to_detect_s);
    m["time_to_contain_s"] = t(c.time_to_contain_s);
    m["time_to_recover_s"] = t(c.time_to_recover_s);
    // Added with the outage measure: an older database has no row of these for its entries (null).
    m["outage_start_s"] = t(c.outage_start_s);
    m["outage_recovered_at_s"] = t(c.outage_recovered_at_s);
    m["time_to_restore_s"] = t(c.time_to_restore_s);
    m["impact_attacker_caused"] = c.impact.attacker_caused;
    m["impact_self_inflicted"] = c.impact.self_inflicted;
    m["impact_operations"] = c.impact.operations;
    m["impact_unattributed"] = c.impact.unattributed;
    m["impact_total"] = c.impact.total();
    m["records_exfiltrated"] = (double)c.impact.records_exfiltrated;
    m["personal_records_exfiltrated"] = (double)c.impact.personal_records_exfiltrated;
    m["hosts_encrypted"] = (double)c.impact.hosts_encrypted;
    m["requests"] = (double)c.coordination.requests;
    m["answered"] = (double)c.coordination.answered;
    m["median_handoff_s"] = t(c.coordination.median_handoff_s);
    m["max_handoff_s"] = t(c.coordination.max_handoff_s);
    m["open_tickets"] = (double)c.coordination.open_tickets;
    m["uncoordinated_disruptive"] = (double)c.coordination.uncoordinated_disruptive;
    m["emergency_changes"] = (double)c.coordination.emergency_changes;
    m["alerts_total"] = (double)c.alerts.total;
    m["alerts_true_positive"] = (double)c.alerts.true_positive;
    m["alerts_triaged"] = (double)c.alerts.triaged;
    m["alerts_triaged_true"] = (double)c.alerts.triaged_true;
    m["alerts_triaged_false"] = (double)c.alerts.triaged_false;
    m["alerts_false_positives_triaged_as_true"] = (double)c.alerts.false_positives_triaged_as_true;
    m["alerts_true_triaged_as_false"] = (double)c.alerts.true_alerts_triaged_as_false;
    m["alerts_missed_true"] = (double)c.alerts.missed_true;
    for (const auto& e : c.compliance) // per obligation: when it was done (null: not done, or only before the clock)
        m["compliance_" + e.regime + "_" + e.obligation + "_done_s"] = t(e.done_s);
    const ComplianceTally tally = TallyCompliance(c.compliance);
    m["compliance_met"] = tally.met;
    m["compliance_missed"] = tally.missed;
    m["compliance_open"] = tally.open;
    return m;
}

std::string SeatsOf(const json& header)
{
    if (!header.is_object()) return "";
    auto it = header.find("autopilot");
    if (it == header.end() || !it->is_object()) return "";
    auto seat = [&](const char* team) {
        auto s = it->find(team);
        return std::string(team) + ":" + (s != it->end() && s->is_boolean() && s->get<bool>() ? "autopilot" : "human");
    };
    return seat("secops") + "," + seat("itops");
}

HistoryEntry EntryFromScorecard(const Scorecard& c, const std::string& seats, const std::string& journal, const std::string& source)
{
    HistoryEntry e;
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    e.date = buf;
    e.scenario = c.scenario;
    e.title = c.title;
    e.seed = c.seed;
    e.org = c.org;
    e.seats = seats;
    e.journal = journal;
    e.state_hash = c.state_hash;
    e.end_reason = c.end_reason;
    e.source = source;
    e.metrics = MetricsOf(c);
    return e;
}

std::string DefaultHistoryPath()
{
    const char* xdg = std::getenv("XDG_DATA_HOME");
    if (xdg && *xdg == '/') return std::string(xdg) + "/breachdrill/history.db";
    const char* home = std::getenv("HOME");
    if (home && *home) return std::string(home) + "/.local/share/breachdrill/history.db";
    return "";
}

// [SECTION] Opening and migrating

namespace {

// A prepared statement that finalizes itself.
class Stmt {
public:
    Stmt(sqlite3* db, const char* sql) { rc_ = sqlite3_prepare_v2(db, sql, -1, &s_, nullptr); }
    ~Stmt() { sqlite3_finalize(s_); }
    Stmt(const Stmt&) = delete;
    Stmt& operator=(const Stmt&) = delete;
    bool Ok() const { return rc_ == SQLITE_OK && s_; }
    sqlite3_stmt* get() { return s_; }
    void Text(int i, const std::string& v) { sqlite3_bind_text(s_, i, v.data(), (int)v.size(), SQLITE_TRANSIENT); }
    void Int(int i, int64_t v) { sqlite3_bind_int64(s_, i, v); }
    void Real(int i, const std::optional<double>& v) { v ? sqlite3_bind_double(s_, i, *v) : sqlite3_bind_null(s_, i); }
    void Null(int i) { sqlite3_bind_null(s_, i); }
    int Step() { return sqlite3_step(s_); }
    // Column readers check the stored type: the file is untrusted.
    std::string ColText(int i)
    {
        if (sqlite3_column_type(s_, i) != SQLITE_TEXT) return "";
        const unsigned char* p = sqlite3_column_text(s_, i);
        return p ? std::string((const char*)p, (size_t)sqlite3_column_bytes(s_, i)) : std::string();
    }
    std::optional<int64_t> ColInt(int i)
    {
        return sqlite3_column_type(s_, i) == SQLITE_INTEGER ? std::optional<int64_t>(sqlite3_column_int64(s_, i)) : std::nullopt;
    }
    std::optional<double> ColReal(int i)
    {
        const int t = sqlite3_column_type(s_, i);
        if (t != SQLITE_FLOAT && t != SQLITE_INTEGER) return std::nullopt;
        const double v = sqlite3_column_double(s_, i);
        return std::isfinite(v) ? std::optional<double>(v) : std::nullopt;
    }

private:
    sqlite3_stmt* s_ = nullptr;
    int rc_ = SQLITE_ERROR;
};

// Version 1: the first history (detect, contain and cost as columns). Kept here so the tests can
// build one, and as the record of what migration 1 -> 2 starts from.
[[maybe_unused]] const char* kSchemaV1 = R"SQL(
CREATE TABLE exercises(id INTEGER PRIMARY KEY, date TEXT NOT NULL, scenario TEXT NOT NULL, seed INTEGER, org TEXT,
                       journal TEXT, time_to_detect_s INTEGER, time_to_contain_s INTEGER, total_cost REAL);
)SQL";

// The current schema, for a new file.
const char* kSchemaCurrent = R"SQL(
CREATE TABLE exercises(id INTEGER PRIMARY KEY, date TEXT NOT NULL, scenario TEXT NOT NULL, title TEXT NOT NULL DEFAULT '',
                       seed INTEGER, org TEXT NOT NULL DEFAULT '', seats TEXT NOT NULL DEFAULT '', journal TEXT NOT NULL DEFAULT '',
                       state_hash TEXT NOT NULL DEFAULT '', end_reason TEXT NOT NULL DEFAULT '', source TEXT NOT NULL DEFAULT '');
CREATE TABLE metrics(exercise_id INTEGER NOT NULL REFERENCES exercises(id) ON DELETE CASCADE, name TEXT NOT NULL, value REAL,
                     PRIMARY KEY(exercise_id, name));
CREATE INDEX exercises_scenario ON exercises(scenario, id);
PRAGMA user_version = 3;
)SQL";

// Migration 1 -> 2: the metrics table (every scorecard number, by name) and the exercise's title,
// seats, state hash and end reason; the three v1 metric columns move into `metrics`.
const char* kMigrate1To2 = R"SQL(
CREATE TABLE exercises_v2(id INTEGER PRIMARY KEY, date TEXT NOT NULL, scenario TEXT NOT NULL, title TEXT NOT NULL DEFAULT '',
                          seed INTEGER, org TEXT NOT NULL DEFAULT '', seats TEXT NOT NULL DEFAULT '', journal TEXT NOT NULL DEFAULT '',
                          state_hash TEXT NOT NULL DEFAULT '', end_reason TEXT NOT NULL DEFAULT '');
INSERT INTO exercises_v2(id, date, scenario, seed, org, journal)
  SELECT id, COALESCE(CAST(date AS TEXT), ''), COALESCE(CAST(scenario AS TEXT), ''), seed, COALESCE(CAST(org AS TEXT), ''),
         COALESCE(CAST(journal AS TEXT), '') FROM exercises;
CREATE TABLE metrics(exercise_id INTEGER NOT NULL REFERENCES exercises(id) ON DELETE CASCADE, name TEXT NOT NULL, value REAL,
                     PRIMARY KEY(exercise_id, name));
INSERT INTO metrics SELECT id, 'time_to_detect_s', time_to_detect_s FROM exercises;
INSERT INTO metrics SELECT id, 'time_to_contain_s', time_to_contain_s FROM exercises;
INSERT INTO metrics SELECT id, 'impact_total', total_cost FROM exercises;
DROP TABLE exercises;
ALTER TABLE exercises_v2 RENAME TO exercises;
PRAGMA user_version = 2;
)SQL";

// Migration 2 -> 3: where the exercise was played (cli or app), and an index for --scenario.
const char* kMigrate2To3 = R"SQL(
ALTER TABLE exercises ADD COLUMN source TEXT NOT NULL DEFAULT '';
CREATE INDEX exercises_scenario ON exercises(scenario, id);
PRAGMA user_version = 3;
)SQL";

} // namespace

HistoryDb::~HistoryDb()
{
    if (db_) sqlite3_close_v2(db_);
}

std::string HistoryDb::Error(const char* id, const std::string& what) const
{
    return std::string("[") + id + "] " + path_ + ": " + what;
}

bool HistoryDb::Exec(const char* sql, std::string& error, const char* id)
{
    char* msg = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &msg) == SQLITE_OK) return true;
    error = Error(id, msg ? msg : sqlite3_errmsg(db_));
    sqlite3_free(msg);
    return false;
}

bool HistoryDb::Migrate(int from, std::string& error)
{
    if (!Exec("BEGIN IMMEDIATE", error, "history.migrate")) return false;
    bool ok = true;
    if (ok && from < 2) ok = Exec(kMigrate1To2, error, "history.migrate");
    if (ok && from < 3) ok = Exec(kMigrate2To3, error, "history.migrate");
    if (!ok) {
        std::string ignored;
        Exec("ROLLBACK", ignored, "history.migrate");
        error += " (migrating from schema version " + std::to_string(from) + "; the file is unchanged)";
        return false;
    }
    return Exec("COMMIT", error, "history.migrate");
}

bool HistoryDb::Open(const std::string& path, std::string& error, bool create)
{
    path_ = path;
    if (path.empty()) {
        error = "[history.open] no database path (set XDG_DATA_HOME or HOME, or pass --db PATH)";
        return false;
    }
    namespace fs = std::filesystem;
    std::error_code ec;
    if (create) {
        const fs::path parent = fs::path(path).parent_path();
        if (!parent.empty()) fs::create_directories(parent, ec);
        if (ec) {
            error = Error("history.open", "cannot create the folder " + parent.string() + ": " + ec.message());
            return false;
        }
    } else if (!fs::exists(path, ec)) {
        error = Error("history.open", "no such file");
        return false;
    }
    if (fs::is_directory(path, ec)) {
        error = Error("history.open", "is a folder, not a database file");
        return false;
    }
    const int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
        error = Error("history.open", db_ ? sqlite3_errmsg(db_) : "out of memory");
        if (db_) sqlite3_close_v2(db_);
        db_ = nullptr;
        return false;
    }
    // The file is untrusted: no schema edits through SQL, no functions run from its views or triggers.
    sqlite3_db_config(db_, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
    sqlite3_db_config(db_, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
    sqlite3_busy_timeout(db_, 2000); // the app and the CLI may write at the same time
    auto fail = [&](const char* id, const std::string& what) {
        error = Error(id, what);
        sqlite3_close_v2(db_);
        db_ = nullptr;
        return false;
    };
    int version = -1, tables = -1;
    {
        Stmt s(db_, "PRAGMA user_version");
        if (!s.Ok() || s.Step() != SQLITE_ROW)
            return fail("history.corrupt", std::string("not a Breachdrill history database (") + sqlite3_errmsg(db_) + ")");
        version = (int)s.ColInt(0).value_or(-1);
    }
    {
        Stmt s(db_, "SELECT count(*) FROM sqlite_master WHERE type = 'table'");
        if (!s.Ok() || s.Step() != SQLITE_ROW)
            return fail("history.corrupt", std::string("not a Breachdrill history database (") + sqlite3_errmsg(db_) + ")");
        tables = (int)s.ColInt(0).value_or(-1);
    }
    opened_version_ = version;
    if (version > kHistorySchemaVersion)
        return fail("history.newer", "written by a newer Breachdrill (schema version " + std::to_string(version) + "; this build knows up to " +
                                         std::to_string(kHistorySchemaVersion) + ")");
    if (version < 0) return fail("history.corrupt", "unreadable schema version");
    if (version == 0) {
        if (tables != 0) return fail("history.foreign", "an SQLite database, but not a Breachdrill history (it has tables and no schema version)");
        std::string e;
        if (!Exec(("BEGIN IMMEDIATE;" + std::string(kSchemaCurrent) + "COMMIT;").c_str(), e, "history.create")) {
            std::string ignored;
            Exec("ROLLBACK", ignored, "history.create");
            return fail("history.create", e);
        }
    } else if (version < kHistorySchemaVersion) {
        std::string e;
        if (!Migrate(version, e)) {
            error = e;
            sqlite3_close_v2(db_);
            db_ = nullptr;
            return false;
        }
    }
    // The tables must look as this build expects, whatever the version number says.
    Stmt check(db_, "SELECT id, date, scenario, title, seed, org, seats, journal, state_hash, end_reason, source FROM exercises LIMIT 0");
    Stmt check_m(db_, "SELECT exercise_id, name, value FROM metrics LIMIT 0");
    if (!check.Ok() || !check_m.Ok())
        return fail("history.corrupt", std::string("the tables do not match schema version ") + std::to_string(kHistorySchemaVersion) +
                                           " (" + sqlite3_errmsg(db_) + ")");
    return true;
}

// [SECTION] Writing and reading

bool HistoryDb::Record(const HistoryEntry& e, int64_t* id, std::string& error)
{
    if (!db_) {
        error = "[history.open] the database is not open";
        return false;
    }
    if (!Exec("BEGIN IMMEDIATE", error, "history.write")) return false;
    auto rollback = [&](const std::string& what) {
        error = Error("history.write", what);
        std::string ignored;
        Exec("ROLLBACK", ignored, "history.write");
        return false;
    };
    Stmt ins(db_, "INSERT INTO exercises(date, scenario, title, seed, org, seats, journal, state_hash, end_reason, source) "
                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
    if (!ins.Ok()) return rollback(sqlite3_errmsg(db_));
    ins.Text(1, e.date);
    ins.Text(2, e.scenario);
    ins.Text(3, e.title);
    // SQLite integers are signed: a seed above INT64_MAX is stored as text-free null rather than wrapped.
    if (e.seed && *e.seed <= (uint64_t)INT64_MAX) ins.Int(4, (int64_t)*e.seed);
    else ins.Null(4);
    ins.Text(5, e.org);
    ins.Text(6, e.seats);
    ins.Text(7, e.journal);
    ins.Text(8, e.state_hash);
    ins.Text(9, e.end_reason);
    ins.Text(10, e.source);
    if (ins.Step() != SQLITE_DONE) return rollback(sqlite3_errmsg(db_));
    const int64_t row = sqlite3_last_insert_rowid(db_);
    Stmt m(db_, "INSERT INTO metrics(exercise_id, name, value) VALUES (?1, ?2, ?3)");
    if (!m.Ok()) return rollback(sqlite3_errmsg(db_));
    for (const auto& [name, value] : e.metrics) {
        sqlite3_reset(m.get());
        m.Int(1, row);
        m.Text(2, name);
        m.Real(3, value);
        if (m.Step() != SQLITE_DONE) return rollback(sqlite3_errmsg(db_));
    }
    if (!Exec("COMMIT", error, "history.write")) return rollback(error);
    if (id) *id = row;
    return true;
}

bool HistoryDb::List(const HistoryQuery& q, std::vector<HistoryEntry>& out, std::string& error)
{
    out.clear();
    if (!db_) {
        error = "[history.open] the database is not open";
        return false;
    }
    Stmt s(db_, "SELECT id, date, scenario, title, seed, org, seats, journal, state_hash, end_reason, source FROM exercises "
                "WHERE (?1 = '' OR scenario = ?1) ORDER BY id DESC LIMIT ?2");
    if (!s.Ok()) {
        error = Error("history.read", sqlite3_errmsg(db_));
        return false;
    }
    s.Text(1, q.scenario);
    s.Int(2, q.limit > 0 ? q.limit : -1);
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) {
        HistoryEntry e;
        e.id = s.ColInt(0).value_or(0);
        e.date = s.ColText(1);
        e.scenario = s.ColText(2);
        e.title = s.ColText(3);
        if (auto seed = s.ColInt(4); seed && *seed >= 0) e.seed = (uint64_t)*seed;
        e.org = s.ColText(5);
        e.seats = s.ColText(6);
        e.journal = s.ColText(7);
        e.state_hash = s.ColText(8);
        e.end_reason = s.ColText(9);
        e.source = s.ColText(10);
        out.push_back(std::move(e));
    }
    if (rc != SQLITE_DONE) {
        error = Error("history.read", sqlite3_errmsg(db_));
        return false;
    }
    std::reverse(out.begin(), out.end());
    Stmt m(db_, "SELECT name, value FROM metrics WHERE exercise_id = ?1");
    if (!m.Ok()) {
        error = Error("history.read", sqlite3_errmsg(db_));
        return false;
    }
    for (auto& e : out) {
        sqlite3_reset(m.get());
        m.Int(1, e.id);
        while ((rc = m.Step()) == SQLITE_ROW) {
            const std::string name = m.ColText(0);
            if (!name.empty() && name.size() < 200) e.metrics[name] = m.ColReal(1);
        }
        if (rc != SQLITE_DONE) {
            error = Error("history.read", sqlite3_errmsg(db_));
            return false;
        }
    }
    return true;
}

// [SECTION] Text and JSON

namespace {

std::optional<double> Metric(const HistoryEntry& e, const char* name)
{
    auto it = e.metrics.find(name);
    return it == e.metrics.end() ? std::nullopt : it->second;
}

// The entry's outcomes (scorecard.h OutcomesOf), from the milestones its metrics keep.
Outcomes EntryOutcomes(const HistoryEntry& e)
{
    Scorecard c;
    auto get = [&](const char* name) {
        const auto v = Metric(e, name);
        return v ? std::optional<ScoreTime>((ScoreTime)std::llround(*v)) : std::nullopt;
    };
    c.attack_start_s = get("attack_start_s");
    c.detected_at_s = get("detected_at_s");
    c.contained_at_s = get("contained_at_s");
    c.recovered_at_s = get("recovered_at_s");
    c.time_to_contain_s = get("time_to_contain_s");
    c.time_to_recover_s = get("time_to_recover_s");
    return OutcomesOf(c);
}

// A headline time in words: the time, "never", "no breach", or "undetected" (got there without a
// detection to measure from).
std::string Time(const std::optional<double>& v, Reach reach)
{
    if (reach == Reach::NoBreach) return "no breach";
    if (reach == Reach::Undetected) return "undetected";
    if (!v) return "never";
    return FormatDuration((ScoreTime)std::llround(*v));
}


} // namespace

std::string Sparkline(const std::vector<std::optional<double>>& values)
{
    static const char* blocks[] = {"\u2581", "\u2582", "\u2583", "\u2584", "\u2585", "\u2586", "\u2587", "\u2588"};
    double hi = 0;
    for (const auto& v : values)
        if (v) hi = std::max(hi, *v);
    std::string out;
    for (const auto& v : values) {
        if (!v) { out += "x"; continue; }
        const int i = hi > 0 ? (int)std::lround(*v / hi * 7.0) : 0;
        out += blocks[std::clamp(i, 0, 7)];
    }
    return out;
}

std::string FormatHistory(const std::vector<HistoryEntry>& entries)
{
    std::ostringstream o;
    if (entries.empty()) return "No exercise recorded yet.\n";
    o << PadRight("id", 6) << PadRight("date (UTC)", 22) << PadRight("scenario", 22) << PadRight("seed", 8) << PadRight("org", 11) << PadRight("seats", 34)
      << PadRight("detect", 13) << PadRight("contain", 13) << "cost\n";
    for (const auto& e : entries) {
        const auto cost = Metric(e, "impact_total");
        o << PadRight(std::to_string(e.id), 6) << PadRight(e.date, 22) << PadRight(e.scenario, 22) << PadRight(e.seed ? std::to_string(*e.seed) : "-", 8)
          << PadRight(e.org, 11) << PadRight(e.seats.empty() ? "-" : e.seats, 34)
          << PadRight(Time(Metric(e, "time_to_detect_s"), EntryOutcomes(e).detected), 13)
          << PadRight(Time(Metric(e, "time_to_contain_s"), EntryOutcomes(e).contained), 13) << (cost ? FormatMoney(*cost, "") : "-") << "\n";
    }
    return o.str();
}

std::string NoneRecordedFor(const std::string& scenario, const std::vector<HistoryEntry>& all, const std::string& path)
{
    if (all.empty()) return "No exercise recorded yet (" + path + " holds none).\n";
    std::vector<std::string> ids;
    for (const auto& e : all)
        if (std::find(ids.begin(), ids.end(), e.scenario) == ids.end()) ids.push_back(e.scenario);
    std::sort(ids.begin(), ids.end());
    std::string list;
    for (const auto& id : ids) list += (list.empty() ? "" : ", ") + id;
    return "No exercise of scenario '" + scenario + "' is recorded in " + path + "; it holds " + std::to_string(all.size()) +
           " exercise(s) of: " + list + ".\n";
}

std::string FormatTrend(const std::vector<HistoryEntry>& entries)
{
    std::ostringstream o;
    if (entries.empty()) return "No exercise recorded yet.\n";
    // Groups in order of first appearance; entries come oldest first.
    std::vector<std::pair<std::string, std::vector<const HistoryEntry*>>> groups;
    for (const auto& e : entries) {
        const std::string key = e.scenario + " (" + (e.org.empty() ? "?" : e.org) + ")";
        auto it = std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == key; });
        if (it == groups.end()) groups.push_back({key, {&e}});
        else it->second.push_back(&e);
    }
    for (const auto& [key, list] : groups) {
        o << "TREND  " << key << ": " << list.size() << " exercise(s), oldest first\n";
        o << "  " << PadRight("#", 5) << PadRight("date (UTC)", 22) << PadRight("seats", 34) << PadRight("time to detect", 16) << "time to contain\n";
        // Marks: a time, "x" never (the worst), "-" not measured (no breach began, or got there
        // without a detection): a prevented breach is never drawn as a failure.
        std::vector<std::optional<double>> detect, contain;
        std::vector<bool> detect_measured, contain_measured;
        for (const auto* e : list) {
            const Outcomes oc = EntryOutcomes(*e);
            detect.push_back(Metric(*e, "time_to_detect_s"));
            contain.push_back(Metric(*e, "time_to_contain_s"));
            detect_measured.push_back(oc.detected == Reach::Reached || oc.detected == Reach::Never);
            contain_measured.push_back(oc.contained == Reach::Reached || oc.contained == Reach::Never);
            o << "  " << PadRight(std::to_string(e->id), 5) << PadRight(e->date, 22) << PadRight(e->seats.empty() ? "-" : e->seats, 34)
              << PadRight(Time(detect.back(), oc.detected), 16) << Time(contain.back(), oc.contained) << "\n";
        }
        auto spark = [](const std::vector<std::optional<double>>& v, const std::vector<bool>& measured) {
            std::string out, line = Sparkline(v);
            // Sparkline gives one mark per value (3 bytes a block, 1 an "x"): replace the unmeasured.
            size_t at = 0;
            for (size_t i = 0; i < v.size(); ++i) {
                const size_t len = v[i] ? 3 : 1;
                out += measured[i] ? line.substr(at, len) : "-";
                at += len;
            }
            return out;
        };
        auto change = [](const std::vector<std::optional<double>>& v) -> std::string {
            if (v.size() < 2 || !v.front() || !v.back()) return "";
            const double d = *v.back() - *v.front();
            return std::string(", first to last ") + (d < 0 ? "-" : d > 0 ? "+" : "") + FormatDuration((ScoreTime)std::llround(std::fabs(d))) +
                   (d < 0 ? " (faster)" : d > 0 ? " (slower)" : "");
        };
        o << "  detect   " << spark(detect, detect_measured) << change(detect) << "\n";
        o << "  contain  " << spark(contain, contain_measured) << change(contain) << "\n";
        o << "  (each mark one exercise, higher is slower; x: never happened, the worst; -: not measured: no breach began,\n"
             "   or contained without a detection)\n\n";
    }
    return o.str();
}

json ToJson(const std::vector<HistoryEntry>& entries)
{
    json a = json::array();
    for (const auto& e : entries) {
        json m = json::object();
        for (const auto& [k, v] : e.metrics) m[k] = v ? json(*v) : json(nullptr);
        a.push_back({{"id", e.id}, {"date", e.date}, {"scenario", e.scenario}, {"title", e.title},
                     {"seed", e.seed ? json(*e.seed) : json(nullptr)}, {"org", e.org}, {"seats", e.seats}, {"journal", e.journal},
                     {"state_hash", e.state_hash}, {"end_reason", e.end_reason}, {"source", e.source}, {"metrics", m}});
    }
    return a;
}

} // namespace bd
