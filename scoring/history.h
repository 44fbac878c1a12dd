// history.h: every finished exercise, recorded in an embedded SQLite database, for managers
// who compare exercises over time (docs/reports.md, "History").
//
// The database lives at $XDG_DATA_HOME/breachdrill/history.db, else
// ~/.local/share/breachdrill/history.db (DefaultHistoryPath). Two tables: `exercises` (one row an
// exercise: date, scenario, title, seed, org, seats, journal path, state hash, end reason, source)
// and `metrics` (exercise_id, name, value: every scorecard number; null value = never happened).
// The schema is versioned with PRAGMA user_version and migrated forward from version 1 on open.
//
// The file is untrusted: it may be from another version, hand-edited, truncated or not a database
// at all. Every statement is prepared with bound parameters; every value read is type-checked;
// SQLite's defensive mode is on and the schema is not trusted (no functions from views or
// triggers). Errors carry a stable id and the path: "[history.corrupt] /x/history.db: ...".
//
//   bd::HistoryDb db;
//   if (!db.Open(bd::DefaultHistoryPath(), err)) ...;
//   db.Record(bd::EntryFromScorecard(card, "secops:human,itops:autopilot", "run.jsonl", "cli"), nullptr, err);
//   std::vector<bd::HistoryEntry> rows;  db.List({"ransomware-phish", 50}, rows, err);
#pragma once
#include "scorecard.h"

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

struct sqlite3;

namespace bd {

// The schema version this build writes. Older databases (1 ..) are migrated on open; a newer
// one is refused ([history.newer]).
constexpr int kHistorySchemaVersion = 3;

struct HistoryEntry {
    int64_t id = 0;            // set by Record / List
    std::string date;          // when it was recorded, UTC, "2025-03-14T10:22:05Z"
    std::string scenario, title;
    std::optional<uint64_t> seed;
    std::string org;           // "siloed", "converged"
    std::string seats;         // "secops:autopilot,itops:human"
    std::string journal;       // the journal file's path, "" when none was written
    std::string state_hash, end_reason;
    std::string source;        // "cli", "app" ("" in databases migrated from version 2 or older)
    std::map<std::string, std::optional<double>> metrics; // MetricsOf(); null: never happened
};

// Every scorecard number by a stable name: "time_to_detect_s", "impact_total", "alerts_missed_true"...
std::map<std::string, std::optional<double>> MetricsOf(const Scorecard& card);
// An entry for `card`, dated now (UTC).
HistoryEntry EntryFromScorecard(const Scorecard& card, const std::string& seats, const std::string& journal,
                                const std::string& source);
// "secops:autopilot,itops:human" from a journal header's "autopilot" object ("" when absent).
std::string SeatsOf(const nlohmann::json& header);

// $XDG_DATA_HOME/breachdrill/history.db, else $HOME/.local/share/breachdrill/history.db; "" when
// neither variable is set.
std::string DefaultHistoryPath();

struct HistoryQuery {
    std::string scenario; // "" = every scenario
    int64_t limit = 50;   // the most recent N; 0 = all
};

class HistoryDb {
public:
    HistoryDb() = default;
    ~HistoryDb();
    HistoryDb(const HistoryDb&) = delete;
    HistoryDb& operator=(const HistoryDb&) = delete;

    // Opens (creating the file and its folder if `create`) and migrates to kHistorySchemaVersion.
    // False with `error` ("[history.*] PATH: ...") when the file is not a usable history database.
    bool Open(const std::string& path, std::string& error, bool create = true);
    bool IsOpen() const { return db_ != nullptr; }
    // The schema version found on open, before migrating (0 for a new file).
    int OpenedVersion() const { return opened_version_; }

    // Appends an exercise and its metrics in one transaction; `id` gets its row id.
    bool Record(const HistoryEntry& entry, int64_t* id, std::string& error);
    // Oldest first (by id) among the `limit` most recent that match.
    bool List(const HistoryQuery& query, std::vector<HistoryEntry>& out, std::string& error);

private:
    bool Exec(const char* sql, std::string& error, const char* id);
    bool Migrate(int from, std::string& error);
    std::string Error(const char* id, const std::string& what) const;

    sqlite3* db_ = nullptr;
    std::string path_;
    int opened_version_ = 0;
};

// [SECTION] Presenting

// One line an exercise: id, date, scenario, seed, org, seats, time to detect/contain, total cost.
std::string FormatHistory(const std::vector<HistoryEntry>& entries);
// When a --scenario filter matched nothing: says so, and which scenarios `all` (every exercise
// of the database at `path`) does hold, rather than "No exercise recorded yet".
std::string NoneRecordedFor(const std::string& scenario, const std::vector<HistoryEntry>& all, const std::string& path);
// Per scenario and org, oldest first: time to detect and to contain per exercise, a sparkline of
// each and the change from the first to the last.
std::string FormatTrend(const std::vector<HistoryEntry>& entries);
nlohmann::json ToJson(const std::vector<HistoryEntry>& entries);
// "▁▃█" from values (UTF-8 block characters, scaled to the largest); "x" for a null.
std::string Sparkline(const std::vector<std::optional<double>>& values);

} // namespace bd
