// test_msel_csv.cpp: the MSEL as RFC 4180 CSV (interop/msel_csv.h): quoting, the header in the HSEEP
// column order, CRLF record ends, and a built-in's MSEL (exercise/msel.h) as a spreadsheet reads it.
#include "msel_csv.h"

#include "world/scenario.h"

#include <catch2/catch.hpp>

using namespace bd;

namespace {
// Records of a CSV text: CRLFs outside quoted fields.
size_t CsvRecords(const std::string& csv)
{
    size_t records = 0;
    bool quoted = false;
    for (size_t i = 0; i < csv.size(); ++i) {
        if (csv[i] == '"') quoted = !quoted;
        else if (!quoted && csv.compare(i, 2, "\r\n") == 0) ++records;
    }
    return records;
}
} // namespace

TEST_CASE("Interop MSEL CSV - RFC 4180 quoting", "[interop]")
{
    CHECK(CsvField("plain") == "plain");
    CHECK(CsvField("a,b") == "\"a,b\"");
    CHECK(CsvField("say \"hi\"") == "\"say \"\"hi\"\"\"");
    CHECK(CsvField("two\nlines") == "\"two\nlines\"");
    CHECK(CsvField("cr\r") == "\"cr\r\"");
    CHECK(CsvField("") == "");
}

TEST_CASE("Interop MSEL CSV - the header and one line per inject", "[interop]")
{
    MselRow row{"1", "T+1d 02:00:00", "CFO, angry", "He said \"now\", twice.\nCall back.", "Lead, Controller",
                "ITOps: IT operations manager", "send_message (itops) within 02:00:00", "Detect the compromise",
                "plain\nContingency: inject 2 if not done in time."};
    MselRow second{"2", "01:00:00 after inject 1", "Follow-up", "", "", "All players", "", "", ""};
    const std::string csv = MselCsv({row, second});
    CHECK(csv.rfind("Inject number,Scenario time,Event synopsis,Inject text,Responsible controller,Intended player,"
                    "Expected action,Objective,Notes\r\n", 0) == 0);
    CHECK(csv.find("\r\n1,T+1d 02:00:00,\"CFO, angry\",\"He said \"\"now\"\", twice.\nCall back.\",\"Lead, Controller\","
                   "ITOps: IT operations manager,send_message (itops) within 02:00:00,Detect the compromise,"
                   "\"plain\nContingency: inject 2 if not done in time.\"\r\n") != std::string::npos);
    CHECK(csv.find("\r\n2,01:00:00 after inject 1,Follow-up,,,All players,,,\r\n") != std::string::npos);
    CHECK(csv.substr(csv.size() - 2) == "\r\n");
    // Three records: the header and two rows (the embedded new lines are inside quotes).
    CHECK(CsvRecords(csv) == 3);
}

TEST_CASE("Interop MSEL CSV - a built-in's MSEL has a record per inject", "[interop]")
{
    LoadResult r = LoadScenario("ransomware-phish", LoadOptions{});
    REQUIRE(r.Ok());
    const auto rows = BuildMsel(r.scenario);
    REQUIRE(rows.size() == r.scenario.injects.size());
    REQUIRE_FALSE(rows.empty());
    CHECK(CsvRecords(MselCsv(rows)) == rows.size() + 1);
}
