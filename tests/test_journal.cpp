// test_journal.cpp: the journal writer (engine/journal.h): its line format and records kept or not.
//
// DumpLine writes a record's line itself (faster than nlohmann's serializer) and must give the same
// bytes as record.dump(-1, ' ', false, error_handler_t::replace): checked on hand-made records with
// every kind of value and string that needs escaping, and on every record of the built-in
// scenarios' runs. A journal that does not keep its records (RunOptions::keep_journal = false)
// must write the same file and end in the same state as one that does.
#include "journal.h"
#include "scenario.h"
#include "simulation.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

using namespace bd;
using nlohmann::json;

namespace {

std::string Reference(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

std::string Mine(const json& j)
{
    std::string out = "prefix:"; // DumpLine appends
    DumpLine(j, out);
    return out.substr(7);
}

std::string ReadFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::unique_ptr<Simulation> Play(const std::string& id, bool keep, const std::string& journal)
{
    LoadResult r = LoadScenario(id, LoadOptions{1, 0});
    REQUIRE(r.Ok());
    RunOptions ro;
    ro.seed = 1;
    ro.scenario_ref = id;
    ro.journal_path = journal;
    ro.keep_journal = keep;
    auto sim = std::make_unique<Simulation>(std::move(r.scenario), ro);
    std::string err;
    REQUIRE(sim->Start(err));
    sim->RunToEnd();
    return sim;
}

} // namespace

TEST_CASE("Journal - DumpLine writes what nlohmann's dump writes", "[engine]")
{
    SECTION("every kind of value")
    {
        const json cases[] = {
            json::object(),
            json::array(),
            json{{"t", 0}, {"seq", 0u}, {"type", "header"}},
            json{{"neg", -42}, {"min", INT64_MIN}, {"max", INT64_MAX}, {"umax", UINT64_MAX}, {"zero", 0u}},
            json{{"f", 0.1}, {"g", 1e300}, {"h", -0.0}, {"i", 2.5}, {"nan", NAN}, {"inf", INFINITY}},
            json{{"b", true}, {"c", false}, {"n", nullptr}},
            json{{"nested", {{"a", json::array({1, "x", json::object(), json::array(), nullptr})}, {"b", {{"c", {{"d", 1}}}}}}}},
            json{{"z", 1}, {"a", 2}, {"m", 3}}, // keys come out sorted
            json::array({json::object(), json::array({json::array()})}),
            json("a plain string"),
            json(17),
        };
        for (const auto& j : cases) CHECK(Mine(j) == Reference(j));
    }
    SECTION("strings that need escaping, non-ASCII and broken UTF-8 (replaced), in values and keys")
    {
        const std::string strings[] = {
            "", "quote \" in", "back\\slash", "tab\there", "new\nline", "cr\rx", "\b\f", std::string("nul\0x", 5),
            "\x01\x1f", "del \x7f", "caf\xc3\xa9", "\xe2\x82\xac euro", "\xf0\x9f\x94\x92 lock", "bad \xff byte",
            "cut \xe2\x82", "\xc0\xaf overlong", "/slash/", "~", " ",
        };
        for (const auto& s : strings) {
            INFO("string: " << json(s).dump(-1, ' ', true, json::error_handler_t::replace));
            CHECK(Mine(json(s)) == Reference(json(s)));
            CHECK(Mine(json{{"k", s}}) == Reference(json{{"k", s}}));
            CHECK(Mine(json{{s, 1}, {"other", s}}) == Reference(json{{s, 1}, {"other", s}}));
        }
    }
    SECTION("every record of the built-in scenarios' runs")
    {
        for (const auto& b : BuiltinScenarios()) {
            INFO(b.id);
            auto sim = Play(b.id, true, "");
            REQUIRE(!sim->journal().Records().empty());
            for (const auto& r : sim->journal().Records()) CHECK(Mine(r) == Reference(r));
        }
    }
}

TEST_CASE("Journal - records kept in memory or not: the same file / the same run", "[engine]")
{
    for (const char* id : {"ransomware-phish", "faulty-vendor-update"}) {
        INFO(id);
        const std::string a = std::string("/tmp/bd-test-journal-kept-") + id + ".jsonl";
        const std::string b = std::string("/tmp/bd-test-journal-streamed-") + id + ".jsonl";
        auto kept = Play(id, true, a);
        auto streamed = Play(id, false, b);
        CHECK(kept->journal().KeepsRecords());
        CHECK_FALSE(streamed->journal().KeepsRecords());
        CHECK(streamed->journal().Records().empty());
        CHECK(streamed->journal().Size() == kept->journal().Size());
        CHECK(kept->journal().Records().size() == kept->journal().Size());
        CHECK(streamed->StateHash() == kept->StateHash());
        const std::string text = ReadFile(a);
        CHECK(!text.empty());
        CHECK(ReadFile(b) == text);
        // And the file reads back as the records kept.
        const JournalReadResult back = ReadJournal(b);
        REQUIRE(back.ok());
        CHECK(back.records == kept->journal().Records());
        std::remove(a.c_str());
        std::remove(b.c_str());
    }
}
