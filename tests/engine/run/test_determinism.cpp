// test_determinism.cpp: scenario + seed + journal reproduce the exercise (docs/architecture.md,
// docs/journal.md, engine/run/replay.h).
//
// Same inputs give the same state hash and the same journal, record for record; another seed gives
// another run; a journal replays to its recorded hash; a journal is refused when its scenario
// changed, and read with care when the run was cut short (a torn last line) or the file is damaged.
#include "journal/journal.h"
#include "run/replay.h"
#include "world/scenario.h"
#include "test_world.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <unistd.h>

using namespace bdtest;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// A fresh directory for this test process's files.
fs::path TempDir()
{
    const fs::path dir = fs::temp_directory_path() / ("breachdrill-determinism-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    return dir;
}

std::unique_ptr<Simulation> Builtin(uint64_t seed, OrgProfile org, const std::string& journal = "")
{
    LoadResult lr = LoadScenario("ransomware-phish", LoadOptions{seed, 0});
    REQUIRE(lr.Ok());
    RunOptions ro;
    ro.seed = seed;
    ro.org = org;
    ro.journal_path = journal;
    ro.scenario_ref = "ransomware-phish";
    auto sim = std::make_unique<Simulation>(std::move(lr.scenario), ro);
    std::string err;
    REQUIRE(sim->Start(err));
    return sim;
}

std::vector<std::string> Dumps(const std::vector<json>& records)
{
    std::vector<std::string> out;
    for (const auto& r : records) out.push_back(r.dump());
    return out;
}

std::string ReadText(const fs::path& p)
{
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void WriteText(const fs::path& p, const std::string& text)
{
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out << text;
}

// Player commands posted during the replay test: a message, a block of the first C2 indicator,
// an emergency isolation of the file server, a credential reset.
std::vector<TimedCommand> PlayerCommands()
{
    auto make = [](SimTime t, CommandKind k, Team team, const std::string& target, const std::string& value = "",
                   bool emergency = false, const std::string& text = "") {
        TimedCommand tc;
        tc.t = t;
        tc.cmd.kind = k;
        tc.cmd.team = team;
        tc.cmd.issuer = "player";
        tc.cmd.target = target;
        tc.cmd.value = value;
        tc.cmd.emergency = emergency;
        tc.cmd.text = text;
        return tc;
    };
    return {make(kHour, CommandKind::SendMessage, Team::SecOps, "", "", false, "morning all"),
            make(20 * kHour, CommandKind::BlockIndicator, Team::SecOps, "cdn-update-check.com"),
            make(30 * kHour, CommandKind::IsolateHost, Team::ITOps, "fs-01", "", true),
            make(30 * kHour, CommandKind::ResetCredential, Team::ITOps, "adm-domain"),
            make(40 * kHour, CommandKind::IsolateHost, Team::ITOps, "no-such-host")}; // refused, and replayed as refused
}

} // namespace

TEST_CASE("Determinism - same scenario and seed / same run", "[engine]")
{
    SECTION("small scenario with autopilots: same state hash and an identical journal")
    {
        RunOptions ro;
        ro.seed = 11;
        auto a = StartSmall(ro);
        auto b = StartSmall(ro);
        a->RunToEnd();
        b->RunToEnd();
        CHECK(a->StateHash() == b->StateHash());
        CHECK(Dumps(a->journal().Records()) == Dumps(b->journal().Records()));
        CHECK(a->StateHashHex().size() == 16);
    }
    SECTION("at every checkpoint along the way, not just at the end")
    {
        RunOptions ro;
        ro.seed = 4;
        auto a = StartSmall(ro);
        auto b = StartSmall(ro);
        for (SimTime t = 0; t <= 3 * kDay; t += 4 * kHour) {
            a->AdvanceTo(t);
            b->AdvanceTo(t);
            REQUIRE(a->StateHash() == b->StateHash());
        }
    }
    SECTION("different seeds give different runs")
    {
        std::set<uint64_t> hashes;
        for (uint64_t seed : {1, 2, 3, 4, 5}) {
            RunOptions ro;
            ro.seed = seed;
            auto sim = StartSmall(ro);
            sim->RunToEnd();
            hashes.insert(sim->StateHash());
        }
        CHECK(hashes.size() == 5);
    }
    SECTION("the state hash notices a change: one command more, another hash")
    {
        auto a = StartSmall(NoAutopilot(), QuietScenario());
        auto b = StartSmall(NoAutopilot(), QuietScenario());
        CHECK(a->StateHash() == b->StateHash());
        b->Post(Cmd(CommandKind::ResetCredential, Team::ITOps, "dadmin"));
        CHECK(a->StateHash() != b->StateHash());
        a->Post(Cmd(CommandKind::ResetCredential, Team::ITOps, "dadmin"));
        CHECK(a->StateHash() == b->StateHash());
    }
}

TEST_CASE("Determinism - the built-in ransomware-phish under both org profiles", "[engine]")
{
    for (uint64_t seed : {1, 7}) {
        std::string hashes[2];
        for (auto org : {OrgProfile::Siloed, OrgProfile::Converged}) {
            INFO("seed " << seed << ", " << OrgName(org));
            auto a = Builtin(seed, org);
            auto b = Builtin(seed, org);
            a->RunToEnd();
            b->RunToEnd();
            CHECK(a->StateHashHex() == b->StateHashHex());
            CHECK(Dumps(a->journal().Records()) == Dumps(b->journal().Records()));
            hashes[org == OrgProfile::Siloed ? 0 : 1] = a->StateHashHex();
        }
        CHECK(hashes[0] != hashes[1]); // the profile matters
    }
}

TEST_CASE("Determinism - replaying a journal rebuilds the run", "[engine]")
{
    const fs::path dir = TempDir();
    const fs::path path = dir / "run.jsonl";
    std::string end_hash;   // in the end record: taken just before that record was written
    std::string final_hash; // StateHashHex() after the run (the journal holds one record more)
    std::vector<std::string> original;
    {
        auto sim = Builtin(3, OrgProfile::Siloed, path.string());
        PlayWithCommands(*sim, PlayerCommands());
        end_hash = sim->journal().Records().back()["state_hash"];
        final_hash = sim->StateHashHex();
        original = Dumps(sim->journal().Records());
        REQUIRE(sim->Finished());
    }
    // The player's commands are in the journal, as posted.
    int players = 0;
    for (const auto& line : original) players += line.find("\"issuer\":\"player\"") != std::string::npos && line.find("\"type\":\"command\"") != std::string::npos;
    REQUIRE(players == 5);

    SECTION("ReadJournal + ReplayRecords: the same end hash, not diverged, the same journal")
    {
        const JournalReadResult jr = ReadJournal(path.string());
        REQUIRE(jr.ok());
        CHECK(jr.warnings.empty());
        CHECK(Dumps(jr.records) == original); // the file holds what the run journaled
        const ReplayOutcome out = ReplayRecords(jr.records);
        REQUIRE(out.error.empty());
        CHECK_FALSE(out.diverged);
        CHECK(out.recorded_hash == end_hash);
        REQUIRE(out.sim);
        CHECK(out.sim->StateHashHex() == final_hash);
        CHECK(Dumps(out.sim->journal().Records()) == original);
    }
    SECTION("a run stopped early (--until) replays to the same stop")
    {
        const fs::path stopped = dir / "stopped.jsonl";
        std::string hash;
        {
            auto sim = Builtin(3, OrgProfile::Converged, stopped.string());
            PlayWithCommands(*sim, PlayerCommands(), 35 * kHour);
            REQUIRE(sim->EndedBecause() == EndReason::Stopped);
            hash = sim->StateHashHex();
        }
        const JournalReadResult jr = ReadJournal(stopped.string());
        REQUIRE(jr.ok());
        const ReplayOutcome out = ReplayRecords(jr.records);
        REQUIRE(out.error.empty());
        CHECK_FALSE(out.diverged);
        CHECK(out.sim->StateHashHex() == hash);
        CHECK(out.sim->Now() == 35 * kHour);
    }
    SECTION("a journal whose recorded hash does not match the rebuilt run is reported as diverged")
    {
        JournalReadResult jr = ReadJournal(path.string());
        REQUIRE(jr.ok());
        jr.records.back()["state_hash"] = "0123456789abcdef";
        const ReplayOutcome out = ReplayRecords(jr.records);
        REQUIRE(out.error.empty());
        CHECK(out.diverged);
        CHECK(out.divergence.find("first differs at record " + std::to_string(jr.records.size() - 1)) != std::string::npos);
    }
    SECTION("a journal with another player command replays to another run: diverged")
    {
        JournalReadResult jr = ReadJournal(path.string());
        REQUIRE(jr.ok());
        for (auto& r : jr.records)
            if (r["type"] == "command" && r["cmd"]["target"] == "fs-01" && r["cmd"]["issuer"] == "player")
                r["cmd"]["target"] = "mail-01";
        const ReplayOutcome out = ReplayRecords(jr.records);
        REQUIRE(out.error.empty());
        CHECK(out.diverged);
    }
    SECTION("a journal whose scenario changed is refused")
    {
        JournalReadResult jr = ReadJournal(path.string());
        REQUIRE(jr.ok());
        jr.records[0]["scenario"]["content_hash"] = "ffffffffffffffff";
        const ReplayOutcome out = ReplayRecords(jr.records);
        CHECK(out.error.find("changed") != std::string::npos);
        CHECK(out.error.find("ransomware-phish") != std::string::npos);
        CHECK_FALSE(out.sim);
    }
    SECTION("a journal naming a scenario that does not load is refused")
    {
        JournalReadResult jr = ReadJournal(path.string());
        REQUIRE(jr.ok());
        jr.records[0]["scenario"]["ref"] = "no-such-scenario";
        const ReplayOutcome out = ReplayRecords(jr.records);
        CHECK(out.error.find("no-such-scenario") != std::string::npos);
    }
    fs::remove_all(dir);
}

TEST_CASE("Determinism - reading damaged journals", "[engine]")
{
    const fs::path dir = TempDir();
    const fs::path good = dir / "good.jsonl";
    {
        auto sim = Builtin(2, OrgProfile::Siloed, good.string());
        sim->AdvanceTo(2 * kDay);
        sim->Stop();
    }
    const std::string text = ReadText(good);
    const size_t lines = (size_t)std::count(text.begin(), text.end(), '\n');
    REQUIRE(lines > 10);
    const fs::path bad = dir / "bad.jsonl";

    SECTION("a torn last line (the run was killed mid-write) is dropped with a warning")
    {
        WriteText(bad, text + R"({"t":172800,"seq":)" + std::to_string(lines) + R"(,"type":"alert","id":4)");
        const JournalReadResult jr = ReadJournal(bad.string());
        REQUIRE(jr.ok());
        CHECK(jr.records.size() == lines);
        REQUIRE(jr.warnings.size() == 1);
        CHECK(jr.warnings[0].find("[journal.torn]") != std::string::npos);
        CHECK(jr.warnings[0].find(":" + std::to_string(lines + 1) + ":") != std::string::npos);
    }
    SECTION("a journal cut after a whole line, with no end record, replays up to its last record")
    {
        const size_t cut = text.find('\n', text.size() / 2) + 1;
        WriteText(bad, text.substr(0, cut));
        const JournalReadResult jr = ReadJournal(bad.string());
        REQUIRE(jr.ok());
        CHECK(jr.warnings.empty());
        const ReplayOutcome out = ReplayRecords(jr.records);
        REQUIRE(out.error.empty());
        CHECK(out.recorded_hash.empty());
        CHECK_FALSE(out.diverged);
        CHECK(out.sim->Now() == jr.records.back()["t"].get<SimTime>());
    }
    SECTION("a bad line in the middle is an error naming the file and the line")
    {
        std::string broken = text;
        size_t at = 0;
        for (int i = 0; i < 4; ++i) at = broken.find('\n', at) + 1; // the start of line 5
        broken.insert(at, "this is not json\n");
        WriteText(bad, broken);
        const JournalReadResult jr = ReadJournal(bad.string());
        CHECK_FALSE(jr.ok());
        CHECK(jr.error.find(bad.string() + ":5:") != std::string::npos);
        CHECK(jr.error.find("[journal.002]") != std::string::npos);
    }
    SECTION("a record out of sequence is an error naming the line")
    {
        std::string broken = text;
        const size_t second = broken.find('\n') + 1;
        const size_t third = broken.find('\n', second) + 1;
        broken.erase(second, third - second); // line 2 removed: seq jumps from 0 to 2
        WriteText(bad, broken);
        const JournalReadResult jr = ReadJournal(bad.string());
        CHECK_FALSE(jr.ok());
        CHECK(jr.error.find(":2:") != std::string::npos);
        CHECK(jr.error.find("[journal.004]") != std::string::npos);
    }
    SECTION("a file that does not start with a header is not a journal")
    {
        WriteText(bad, R"({"t":0,"seq":0,"type":"alert"})" "\n");
        CHECK(ReadJournal(bad.string()).error.find("[journal.005]") != std::string::npos);
        WriteText(bad, "");
        CHECK(ReadJournal(bad.string()).error.find("[journal.001]") != std::string::npos);
        CHECK_FALSE(ReadJournal((dir / "missing.jsonl").string()).ok());
    }
    fs::remove_all(dir);
}
