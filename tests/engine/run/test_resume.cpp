// test_resume.cpp: an interrupted exercise picks up from its journal (engine/run/replay.h ResumeJournal):
// cut the journal of a finished run anywhere, even mid-line, and resuming it reaches the same final
// state hash as the run that was never interrupted.
#include "journal/journal.h"
#include "run/replay.h"
#include "world/scenario.h"
#include "sim/simulation.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace bd;
namespace fs = std::filesystem;

namespace {

std::string ReadAll(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void WriteAll(const std::string& path, const std::string& text)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
}

// Runs ransomware-phish with autopilots (and a player's message at 2 h) to the end into `path`.
// A cut before the message's records loses the message: that run had other inputs.
std::string FullRun(const std::string& path, uint64_t seed)
{
    RunOptions ro;
    ro.seed = seed;
    ro.scenario_ref = "ransomware-phish";
    ro.journal_path = path;
    LoadResult lr = LoadScenario("ransomware-phish", LoadOptions{seed, 0});
    REQUIRE(lr.Ok());
    Simulation sim(std::move(lr.scenario), ro);
    std::string err;
    REQUIRE(sim.Start(err));
    Command msg;
    msg.kind = CommandKind::SendMessage;
    msg.team = Team::ITOps;
    msg.issuer = "player";
    msg.text = "anyone seeing odd logons?";
    PlayWithCommands(sim, {TimedCommand{2 * kHour, msg}});
    return sim.journal().Records().back().value("state_hash", "");
}

std::string Temp(const std::string& name) { return (fs::temp_directory_path() / ("bd-resume-" + name)).string(); }

} // namespace

TEST_CASE("Resume - a journal cut anywhere resumes to the uninterrupted run's state hash", "[engine][resume]")
{
    const std::string full = Temp("full.jsonl");
    const std::string hash = FullRun(full, 3);
    REQUIRE(hash.size() == 16);
    const std::string text = ReadAll(full);
    // Cut at several places after the player's message was journaled: on a line boundary, mid-line
    // (a torn write), just after it, very late.
    const size_t after_message = text.find('\n', text.rfind("anyone seeing odd logons?")) + 1;
    REQUIRE(after_message > 0);
    const size_t rest = text.size() - after_message;
    const size_t cuts[] = {after_message, after_message + rest / 10, after_message + rest / 3 + 7, after_message + rest / 2,
                           after_message + rest * 9 / 10};
    for (size_t cut : cuts) {
        DYNAMIC_SECTION("cut at byte " << cut)
        {
            const std::string path = Temp("cut.jsonl");
            WriteAll(path, text.substr(0, cut));
            ResumeOutcome out = ResumeJournal(path);
            REQUIRE(out.error.empty());
            REQUIRE(out.sim);
            CHECK_FALSE(out.sim->Finished());
            out.sim->RunToEnd();
            CHECK(out.sim->journal().Records().back().value("state_hash", "") == hash);
            // The journal on disk is now the whole run, line for line.
            CHECK(ReadAll(path) == text);
            CHECK_FALSE(fs::exists(path + ".resume"));
        }
    }
}

TEST_CASE("Resume - what cannot be resumed is refused / and the journal is left as it was", "[engine][resume]")
{
    const std::string full = Temp("done.jsonl");
    FullRun(full, 4);
    SECTION("an exercise that ended cleanly")
    {
        ResumeOutcome out = ResumeJournal(full);
        CHECK(out.error.find("ended cleanly") != std::string::npos);
    }
    SECTION("a journal whose scenario changed since: its content hash differs")
    {
        std::string text = ReadAll(full);
        text = text.substr(0, text.size() / 2);
        const size_t at = text.find("\"content_hash\":\"");
        REQUIRE(at != std::string::npos);
        text[at + 17] = text[at + 17] == '0' ? '1' : '0';
        const std::string path = Temp("changed.jsonl");
        WriteAll(path, text);
        ResumeOutcome out = ResumeJournal(path);
        CHECK(out.error.find("has changed") != std::string::npos);
        CHECK(ReadAll(path) == text);
        CHECK_FALSE(fs::exists(path + ".resume"));
    }
    SECTION("a file that is not a journal")
    {
        const std::string path = Temp("garbage.jsonl");
        WriteAll(path, "hello\n");
        CHECK_FALSE(ResumeJournal(path).error.empty());
    }
}
