// test_journal.cpp: the journal writer (engine/journal/journal.h): its line format and records kept or not.
//
// DumpLine writes a record's line itself (faster than nlohmann's serializer) and must give the same
// bytes as record.dump(-1, ' ', false, error_handler_t::replace): checked on hand-made records with
// every kind of value and string that needs escaping, and on every record of the built-in
// scenarios' runs. A journal that does not keep its records (RunOptions::keep_journal = false)
// must write the same file and end in the same state as one that does. A record written from typed
// fields (record.h: no JSON object built) must give the bytes of its object's dump, and the object
// must be the one a braced JSON list made.
#include "world/commands.h"
#include "journal/journal.h"
#include "core/record.h"
#include "world/scenario.h"
#include "sim/simulation.h"
#include "test_world.h"

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
    SECTION("one byte that needs escaping at every place of strings of every length up to 20")
    {
        // The plain-string test reads eight bytes at a time: every byte value, at each place in a
        // word and in the tail.
        for (int c = 0; c < 256; ++c)
            for (size_t len = 1; len <= 20; ++len)
                for (size_t at = 0; at < len; ++at) {
                    std::string str(len, 'a');
                    str[at] = (char)c;
                    INFO("byte " << c << " at " << at << " of " << len);
                    REQUIRE(Mine(json(str)) == Reference(json(str)));
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
    // (ransomware-phish has a Lua script, which reads the records: its journal is always kept, below.)
    for (const char* id : {"exploited-webapp", "faulty-vendor-update"}) {
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
    // A scenario with a Lua script keeps its records even when asked not to: the script reads them.
    const std::string c = "/tmp/bd-test-journal-scripted.jsonl";
    CHECK(Play("ransomware-phish", false, c)->journal().KeepsRecords());
    std::remove(c.c_str());
}

namespace {

// A record's line and object. (A RecordRef lives within a call, as in Simulation::Record: the
// braced fields are temporaries of the full expression.)
struct Written {
    std::string line;
    json object;
    std::string type;
    std::string line_after; // written again once the object is built
};

Written Write(std::string_view type, int64_t t, uint64_t seq, std::initializer_list<RecordField> fields)
{
    const RecordRef r(type, t, seq, fields);
    Written w;
    r.DumpTo(w.line);
    w.object = r.json();
    w.type = std::string(r.type());
    r.DumpTo(w.line_after);
    return w;
}

} // namespace

TEST_CASE("Journal - a record from typed fields writes its object's dump", "[engine]")
{
    const std::string name = "h-0001", tricky = "quote \" tab\t caf\xc3\xa9 bad \xff";
    const json nested = {{"b", {1, 2}}, {"a", nullptr}};
    SECTION("every kind of field")
    {
        const Written r = Write("alert", 4501, 7,
                                {{"id", 3}, {"big", UINT64_MAX}, {"neg", (int64_t)INT64_MIN}, {"size", (size_t)12}, {"ok", true},
                                 {"no", false}, {"none", nullptr}, {"f", 0.1}, {"g", 2.5}, {"host", name}, {"summary", tricky},
                                 {"lit", "plain"}, {"view", std::string_view("sv")}, {"nested", nested}, {"zz", -1}, {"a", 0}});
        const json expected = {{"id", 3}, {"big", UINT64_MAX}, {"neg", INT64_MIN}, {"size", 12u}, {"ok", true},
                               {"no", false}, {"none", nullptr}, {"f", 0.1}, {"g", 2.5}, {"host", name},
                               {"summary", tricky}, {"lit", "plain"}, {"view", "sv"}, {"nested", nested},
                               {"zz", -1}, {"a", 0}, {"t", 4501}, {"seq", 7u}, {"type", "alert"}};
        CHECK(r.line == Reference(expected));
        CHECK(r.object == expected);
        CHECK(r.type == "alert");
        CHECK(r.line_after == r.line); // once built, the object is what is written: the same bytes
    }
    SECTION("a field named t, seq or type wins; of two fields with one name, the first")
    {
        const Written r = Write("x", 1, 2, {{"type", "mine"}, {"t", 99}, {"k", 1}, {"k", 2}});
        CHECK(r.line == R"({"k":1,"seq":2,"t":99,"type":"mine"})");
        const json braced = {{"type", "mine"}, {"t", 99}, {"k", 1}, {"k", 2}};
        CHECK(braced.at("k") == 1); // nlohmann keeps the first too: the same object
        CHECK(r.object == json({{"k", 1}, {"seq", 2u}, {"t", 99}, {"type", "mine"}}));
    }
    SECTION("no fields; many fields")
    {
        CHECK(Write("end", 0, 0, {}).line == R"({"seq":0,"t":0,"type":"end"})");
        std::vector<std::string> keys;
        for (int i = 40; i > 0; --i) keys.push_back("k" + std::to_string(i));
        // More fields than DumpObject sorts on its stack (32): the heap path, the same result.
        std::vector<RecordField> fields;
        json expected = json::object();
        for (const auto& k : keys) { fields.emplace_back(k, (int)k.size()); expected[k] = (int)k.size(); }
        std::string line;
        DumpObject(fields.data(), fields.size(), line);
        CHECK(line == Reference(expected));
        CHECK(json(MakeObject(fields.data(), fields.size())) == expected);
    }
    SECTION("a command field writes ToJson(command)")
    {
        Command c;
        c.id = 12;
        c.kind = CommandKind::IsolateHost;
        c.team = Team::SecOps;
        c.issuer = "seat:secops";
        c.target = "h-0001";
        std::string line;
        const RecordField f = CommandField("cmd", c);
        DumpObject(&f, 1, line);
        CHECK(line == Reference(json{{"cmd", ToJson(c)}}));
        c.role = "lead";
        c.value = "v\"al";
        c.text = "why";
        c.assets = {"a", "b"};
        c.emergency = true;
        c.ticket = 4;
        c.client_id = "seat-1:7";
        line.clear();
        DumpObject(&f, 1, line);
        CHECK(line == Reference(json{{"cmd", ToJson(c)}}));
        CHECK(json(MakeObject(&f, 1)) == json{{"cmd", ToJson(c)}});
    }
    SECTION("every record of the built-in scenarios' runs, written typed, is its object's dump")
    {
        for (const auto& b : BuiltinScenarios()) {
            INFO(b.id);
            const std::string path = std::string("/tmp/bd-test-journal-typed-") + b.id + ".jsonl";
            LoadResult lr = LoadScenario(b.id, LoadOptions{1, 0});
            REQUIRE(lr.Ok());
            RunOptions ro;
            ro.seed = 1;
            ro.scenario_ref = b.id;
            ro.journal_path = path;
            ro.keep_journal = false;
            Simulation sim(std::move(lr.scenario), ro);
            std::string expected; // what nlohmann writes for each record's object, built after the line was written
            sim.on_record = [&](const RecordRef& r) { expected += Reference(r.json()) + "\n"; };
            std::string err;
            REQUIRE(sim.Start(err));
            sim.RunToEnd();
            CHECK(sim.journal().Size() > 10);
            CHECK(ReadFile(path) == expected);
            std::remove(path.c_str());
        }
    }
}

namespace {

std::vector<std::string> Lines(const std::string& text)
{
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

} // namespace

TEST_CASE("Journal - on disk at every moment: whole lines / a prefix of the run / every answered command", "[engine]")
{
    // What a kill -9 would find (docs/reliability.md): the file read back at every record, after
    // every Post and every AdvanceTo.
    const std::string path = "/tmp/bd-test-journal-on-disk.jsonl";
    RunOptions ro;
    ro.seed = 3;
    ro.journal_path = path;
    ro.scenario_ref = "ransomware-phish";
    ro.autopilot_itops = false; // the commands come from Post, as a player's do
    auto sim = bdtest::StartScenario("ransomware-phish", ro, 1000);
    REQUIRE(sim);
    {
        // The header, written at once (and what the scenario's script wrote when it started).
        const std::vector<std::string> first = Lines(ReadFile(path));
        REQUIRE(!first.empty());
        CHECK(json::parse(first[0]).at("type") == "header");
        CHECK(first.size() == sim->journal().Size());
    }

    std::vector<std::string> seen_on_disk; // the file as read from inside the engine, one snapshot a record
    size_t checks = 0;
    sim->on_record = [&](const RecordRef&) {
        if (++checks % 97 != 0) return; // a sample: reading the file at every record is slow
        const std::string text = ReadFile(path);
        CHECK((text.empty() || text.back() == '\n')); // never half a line
        seen_on_disk.push_back(text);
    };
    uint64_t commands = 0;
    for (SimTime t = 600; t <= 2 * 86400 && !sim->Finished(); t += 600) {
        sim->AdvanceTo(t);
        // After AdvanceTo returns, everything is on disk.
        CHECK(Lines(ReadFile(path)).size() == sim->journal().Size());
        // A player's command: on disk, with its result, when Post returns.
        const size_t before = sim->journal().Size();
        Command c = bdtest::Cmd(CommandKind::SendMessage, Team::ITOps, "", "secops");
        c.text = "status at " + std::to_string(t);
        const CommandResult r = sim->Post(c);
        CHECK(r.ok());
        const std::vector<std::string> lines = Lines(ReadFile(path));
        REQUIRE(lines.size() == sim->journal().Size());
        REQUIRE(lines.size() >= before + 2);
        const json cmd = json::parse(lines[before]), result = json::parse(lines[before + 1]);
        CHECK(cmd.at("type") == "command");
        CHECK(cmd.at("cmd").at("text") == c.text);
        CHECK(result.at("type") == "command_result");
        CHECK(result.at("id") == cmd.at("cmd").at("id"));
        ++commands;
    }
    sim->Stop();
    const std::string final_text = ReadFile(path);
    CHECK(Lines(final_text).size() == sim->journal().Size());
    CHECK(commands > 100);
    REQUIRE(seen_on_disk.size() > 10);
    // Every snapshot is a prefix of the final journal: what a kill at that moment would have left.
    for (const auto& snap : seen_on_disk) CHECK(final_text.compare(0, snap.size(), snap) == 0);
    std::remove(path.c_str());
}
