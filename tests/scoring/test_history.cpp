// test_history.cpp: the exercise history database (scoring/history.h): round trip, migration
// from an older schema made by hand, and untrusted files (garbage, a newer version, a foreign
// SQLite database) refused with a named error, never a crash.
#include "history.h"

#include <catch2/catch.hpp>
#include <sqlite3.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <unistd.h>

using namespace bd;
namespace fs = std::filesystem;

namespace {

// `breachdrill run` records finished exercises in the user's history. Every test process (and the
// CLI it starts) writes to a private folder instead of the real ~/.local/share: set before main().
const bool kPrivateDataHome = [] {
    const fs::path dir = fs::temp_directory_path() / ("breachdrill-xdg-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    ::setenv("XDG_DATA_HOME", dir.c_str(), 1);
    return true;
}();

fs::path TempDb(const std::string& name)
{
    const fs::path dir = fs::temp_directory_path() / ("breachdrill-history-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const fs::path p = dir / name;
    fs::remove(p);
    return p;
}

void Sql(const fs::path& path, const char* sql)
{
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    char* err = nullptr;
    const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &err);
    INFO((err ? err : ""));
    sqlite3_free(err);
    sqlite3_close(db);
    REQUIRE(rc == SQLITE_OK);
}

Scorecard SampleCard()
{
    Scorecard c;
    c.scenario = "ransomware-phish";
    c.title = "Ransomware";
    c.org = "siloed";
    c.seed = 7;
    c.ended = true;
    c.end_reason = "duration";
    c.state_hash = "0123456789abcdef";
    c.duration_s = 604800;
    c.attack_start_s = 600;
    c.time_to_detect_s = 3600;
    c.time_to_contain_s = std::nullopt; // never contained
    c.impact.attacker_caused = 6300;
    c.impact.self_inflicted = 48000;
    return c;
}

} // namespace

TEST_CASE("History - record and list round-trip", "[history]")
{
    REQUIRE(kPrivateDataHome);
    const fs::path path = TempDb("roundtrip.db");
    HistoryDb db;
    std::string error;
    REQUIRE(db.Open(path.string(), error));
    CHECK(db.OpenedVersion() == 0);
    HistoryEntry e = EntryFromScorecard(SampleCard(), "secops:human,itops:autopilot", "/tmp/run.jsonl", "cli");
    int64_t id = 0;
    REQUIRE(db.Record(e, &id, error));
    CHECK(id == 1);
    e.scenario = "noisy-day";
    REQUIRE(db.Record(e, &id, error));

    std::vector<HistoryEntry> rows;
    REQUIRE(db.List({}, rows, error));
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].id == 1); // oldest first
    CHECK(rows[0].scenario == "ransomware-phish");
    CHECK(rows[0].seed == 7u);
    CHECK(rows[0].seats == "secops:human,itops:autopilot");
    CHECK(rows[0].journal == "/tmp/run.jsonl");
    CHECK(rows[0].state_hash == "0123456789abcdef");
    CHECK(rows[0].source == "cli");
    CHECK(rows[0].metrics.at("time_to_detect_s") == 3600.0);
    CHECK_FALSE(rows[0].metrics.at("time_to_contain_s").has_value()); // null survives
    CHECK(rows[0].metrics.at("impact_total") == 54300.0);
    CHECK(rows[0].metrics == e.metrics);

    SECTION("filter by scenario and limit")
    {
        REQUIRE(db.List({"noisy-day", 50}, rows, error));
        REQUIRE(rows.size() == 1);
        CHECK(rows[0].id == 2);
        REQUIRE(db.List({"", 1}, rows, error));
        REQUIRE(rows.size() == 1);
        CHECK(rows[0].id == 2); // the most recent
    }
    SECTION("reopening finds the current schema and the rows")
    {
        HistoryDb again;
        REQUIRE(again.Open(path.string(), error));
        CHECK(again.OpenedVersion() == kHistorySchemaVersion);
        REQUIRE(again.List({}, rows, error));
        CHECK(rows.size() == 2);
    }
    SECTION("text and trend")
    {
        const std::string text = FormatHistory(rows);
        CHECK(text.find("ransomware-phish") != std::string::npos);
        CHECK(text.find("01:00:00") != std::string::npos);
        const std::string trend = FormatTrend(rows);
        CHECK(trend.find("TREND  ransomware-phish (siloed)") != std::string::npos);
        CHECK(trend.find("contain  x") != std::string::npos); // never contained
    }
}

TEST_CASE("History - a version-1 database made by hand opens and migrates", "[history]")
{
    const fs::path path = TempDb("v1.db");
    Sql(path, R"SQL(
        CREATE TABLE exercises(id INTEGER PRIMARY KEY, date TEXT NOT NULL, scenario TEXT NOT NULL, seed INTEGER, org TEXT,
                               journal TEXT, time_to_detect_s INTEGER, time_to_contain_s INTEGER, total_cost REAL);
        INSERT INTO exercises VALUES (1, '2024-05-02T09:00:00Z', 'ransomware-phish', 3, 'siloed', 'old.jsonl', 5400, NULL, 120000.5);
        INSERT INTO exercises VALUES (2, '2024-06-02T09:00:00Z', 'ransomware-phish', 4, NULL, NULL, 1800, 7200, 0);
        PRAGMA user_version = 1;
    )SQL");
    HistoryDb db;
    std::string error;
    REQUIRE(db.Open(path.string(), error));
    CHECK(db.OpenedVersion() == 1);
    std::vector<HistoryEntry> rows;
    REQUIRE(db.List({}, rows, error));
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].date == "2024-05-02T09:00:00Z");
    CHECK(rows[0].journal == "old.jsonl");
    CHECK(rows[0].metrics.at("time_to_detect_s") == 5400.0);
    CHECK_FALSE(rows[0].metrics.at("time_to_contain_s").has_value());
    CHECK(rows[0].metrics.at("impact_total") == 120000.5);
    CHECK(rows[1].org == "");
    CHECK(rows[1].metrics.at("time_to_contain_s") == 7200.0);
    // New rows go in after the migrated ones.
    int64_t id = 0;
    REQUIRE(db.Record(EntryFromScorecard(SampleCard(), "", "", "cli"), &id, error));
    CHECK(id == 3);
    HistoryDb again;
    REQUIRE(again.Open(path.string(), error));
    CHECK(again.OpenedVersion() == kHistorySchemaVersion);
}

TEST_CASE("History - untrusted files are refused with a named error", "[history]")
{
    HistoryDb db;
    std::string error;
    SECTION("garbage bytes")
    {
        const fs::path path = TempDb("garbage.db");
        std::ofstream(path) << "this is not an SQLite file, just some text that is long enough to look like a header........";
        CHECK_FALSE(db.Open(path.string(), error));
        CHECK(error.rfind("[history.corrupt] ", 0) == 0);
        CHECK(error.find(path.string()) != std::string::npos);
        CHECK_FALSE(db.IsOpen());
    }
    SECTION("an SQLite header followed by garbage")
    {
        const fs::path path = TempDb("torn.db");
        std::string bytes = std::string("SQLite format 3") + '\0';
        bytes += std::string(200, '\xff');
        std::ofstream(path, std::ios::binary) << bytes;
        CHECK_FALSE(db.Open(path.string(), error));
        CHECK(error.rfind("[history.corrupt] ", 0) == 0);
    }
    SECTION("a newer schema")
    {
        const fs::path path = TempDb("newer.db");
        Sql(path, "CREATE TABLE exercises(id INTEGER PRIMARY KEY); PRAGMA user_version = 99;");
        CHECK_FALSE(db.Open(path.string(), error));
        CHECK(error.rfind("[history.newer] ", 0) == 0);
    }
    SECTION("someone else's SQLite database")
    {
        const fs::path path = TempDb("foreign.db");
        Sql(path, "CREATE TABLE notes(id INTEGER PRIMARY KEY, text TEXT);");
        CHECK_FALSE(db.Open(path.string(), error));
        CHECK(error.rfind("[history.foreign] ", 0) == 0);
    }
    SECTION("the right version number on the wrong tables")
    {
        const fs::path path = TempDb("wrong.db");
        Sql(path, "CREATE TABLE exercises(id INTEGER PRIMARY KEY); PRAGMA user_version = 3;");
        CHECK_FALSE(db.Open(path.string(), error));
        CHECK(error.rfind("[history.corrupt] ", 0) == 0);
    }
    SECTION("wrong-typed values are read as absent, not trusted")
    {
        const fs::path path = TempDb("types.db");
        REQUIRE(db.Open(path.string(), error));
        Sql(path, "INSERT INTO exercises(id, date, scenario, seed) VALUES (5, 'd', 's', 'not a number');"
                  "INSERT INTO metrics VALUES (5, 'time_to_detect_s', 'soon');");
        std::vector<HistoryEntry> rows;
        REQUIRE(db.List({}, rows, error));
        REQUIRE(rows.size() == 1);
        CHECK_FALSE(rows[0].seed.has_value());
        CHECK_FALSE(rows[0].metrics.at("time_to_detect_s").has_value());
    }
    SECTION("a folder, and a missing file when not creating")
    {
        const fs::path dir = TempDb("a-folder");
        fs::create_directories(dir);
        CHECK_FALSE(db.Open(dir.string(), error));
        CHECK(error.rfind("[history.open] ", 0) == 0);
        CHECK_FALSE(db.Open(TempDb("missing.db").string(), error, false));
        CHECK(error.rfind("[history.open] ", 0) == 0);
    }
}

TEST_CASE("History - the default path follows XDG_DATA_HOME", "[history]")
{
    const char* old = std::getenv("XDG_DATA_HOME");
    const std::string saved = old ? old : "";
    const char* old_home = std::getenv("HOME");
    const std::string saved_home = old_home ? old_home : "";
    ::setenv("XDG_DATA_HOME", "/data/x", 1);
    CHECK(DefaultHistoryPath() == "/data/x/breachdrill/history.db");
    ::setenv("XDG_DATA_HOME", "relative/ignored", 1); // the XDG spec: relative paths are invalid
    ::setenv("HOME", "/home/u", 1);
    CHECK(DefaultHistoryPath() == "/home/u/.local/share/breachdrill/history.db");
    ::setenv("XDG_DATA_HOME", saved.c_str(), 1);
    ::setenv("HOME", saved_home.c_str(), 1);
}

TEST_CASE("History - sparkline", "[history]")
{
    CHECK(Sparkline({}) == "");
    CHECK(Sparkline({0.0, 10.0, std::nullopt}) == "\u2581\u2588x");
}

TEST_CASE("History - a breach that never began is not the worst run", "[history]")
{
    Scorecard breached = SampleCard();
    breached.detected_at_s = 4200;
    breached.contained_at_s = 9000;
    breached.time_to_contain_s = 4800;
    Scorecard prevented = SampleCard();
    prevented.attack_start_s = std::nullopt; // the attack never succeeded
    prevented.time_to_detect_s = std::nullopt;
    prevented.time_to_contain_s = std::nullopt;
    std::vector<HistoryEntry> rows = {EntryFromScorecard(breached, "", "", "cli"), EntryFromScorecard(prevented, "", "", "cli"),
                                      EntryFromScorecard(SampleCard(), "", "", "cli")};
    for (size_t i = 0; i < rows.size(); ++i) rows[i].id = (int64_t)i + 1;
    const std::string trend = FormatTrend(rows);
    INFO(trend);
    // The prevented run is "-" (not measured), the never-contained run "x" (the worst).
    CHECK(trend.find("contain  \u2588-x") != std::string::npos);
    CHECK(trend.find("detect   ") != std::string::npos);
    CHECK(trend.find("no breach") != std::string::npos);
    CHECK(FormatHistory(rows).find("no breach") != std::string::npos);
}

TEST_CASE("History - a --scenario that matches nothing says so, and what is recorded", "[history]")
{
    std::vector<HistoryEntry> all = {EntryFromScorecard(SampleCard(), "", "", "cli")};
    CHECK(NoneRecordedFor("unknown", all, "/x/h.db") ==
          "No exercise of scenario 'unknown' is recorded in /x/h.db; it holds 1 exercise(s) of: ransomware-phish.\n");
    CHECK(NoneRecordedFor("unknown", {}, "/x/h.db") == "No exercise recorded yet (/x/h.db holds none).\n");
}
