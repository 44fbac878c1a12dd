// test_app.cpp: the desktop app's logic without a window (ui/app.h): starting, the clock,
// hot-seat handover, acting through the command path, and what each seat's view holds.
#include "app.h"

#include <catch2/catch.hpp>
#include <filesystem>

using namespace bdui;

namespace {
App Started(bool autopilots)
{
    App app;
    app.settings.scenario = "ransomware-phish";
    app.settings.seed = 7;
    app.settings.itops_autopilot = autopilots;
    app.settings.secops_autopilot = autopilots;
    app.settings.journal_path = (std::filesystem::temp_directory_path() / "bd-ui-test.jsonl").string();
    REQUIRE(app.StartNow());
    return app;
}

bool HasKey(const nlohmann::json& j, const std::string& key)
{
    if (j.is_object()) {
        for (auto it = j.begin(); it != j.end(); ++it)
            if (it.key() == key || HasKey(it.value(), key)) return true;
    } else if (j.is_array()) {
        for (const auto& x : j)
            if (HasKey(x, key)) return true;
    }
    return false;
}
} // namespace

TEST_CASE("App - start / clock and speed", "[ui]")
{
    App app = Started(true);
    CHECK(app.screen == Screen::Exercise);
    CHECK(app.Now() == 0);
    SECTION("paused: time does not move")
    {
        app.Tick(10.0);
        CHECK(app.Now() == 0);
    }
    SECTION("60x: ten real seconds are ten simulated minutes")
    {
        app.speed = 60;
        app.Tick(10.0);
        CHECK(app.Now() == 600);
    }
    SECTION("next event jumps to it")
    {
        const auto next = app.sim()->NextEventTime();
        app.JumpToNextEvent();
        CHECK(app.Now() == next);
    }
}

TEST_CASE("App - a bad scenario is refused with the loader's words", "[ui]")
{
    App app;
    app.settings.scenario = "no-such-scenario";
    CHECK_FALSE(app.StartNow());
    CHECK(app.screen == Screen::Start);
    CHECK(app.error.find("[scenario.001]") != std::string::npos);
}

TEST_CASE("App - hot seat: switching to a player asks for a handover first", "[ui]")
{
    App app = Started(false);
    app.SwitchRole(Team::SecOps);
    CHECK(app.screen == Screen::Handover);
    CHECK(app.role == Team::Facilitator); // the old screen is gone, the new one not shown yet
    app.ConfirmHandover();
    CHECK(app.role == Team::SecOps);
    CHECK(app.screen == Screen::Exercise);
    app.SwitchRole(Team::Facilitator);
    CHECK(app.role == Team::Facilitator);
}

TEST_CASE("App - actions go through the command path and say why they fail", "[ui]")
{
    App app = Started(false);
    app.role = Team::SecOps;
    SECTION("SecOps may not reimage: refused, in words")
    {
        auto r = app.Act(bd::CommandKind::ReimageHost, "fs-01");
        CHECK_FALSE(r.ok());
        CHECK_FALSE(app.status_ok);
        CHECK(app.status.find("ITOps") != std::string::npos);
    }
    SECTION("a message is journaled with the player's issuer and role")
    {
        auto r = app.Act(bd::CommandKind::SendMessage, "", "itops", "hello");
        CHECK(r.ok());
        bool found = false;
        for (const auto& rec : app.sim()->journal().Records())
            if (rec.value("type", "") == "command" && rec["cmd"].value("issuer", "") == "player:secops" &&
                rec["cmd"].value("role", "") == "incident_responder")
                found = true;
        CHECK(found);
    }
}

TEST_CASE("App - a player's view never holds the ground truth", "[ui]")
{
    App app = Started(true);
    app.AdvanceBy(3 * bd::kDay);
    for (Team t : {Team::SecOps, Team::ITOps}) {
        app.role = t;
        const auto& v = app.View();
        CHECK_FALSE(HasKey(v, "true_positive"));
        CHECK_FALSE(HasKey(v, "compromise"));
        CHECK_FALSE(HasKey(v, "attacker"));
        CHECK_FALSE(HasKey(v, "encrypted"));
    }
    app.role = Team::Facilitator;
    CHECK(HasKey(app.View(), "attacker"));
}

TEST_CASE("App - the seat's alerts and hosts: typed / cut by the seat / up to date when paused", "[ui]")
{
    App app = Started(true);
    for (bd::SimTime step : {bd::kHour, bd::kDay, 2 * bd::kDay}) {
        app.AdvanceBy(step);
        for (Team t : {Team::SecOps, Team::ITOps, Team::Facilitator}) {
            app.role = t;
            const bd::SeatView& seat = app.Seat();
            const bd::SeatView fresh = bd::BuildSeatView(*app.sim(), t);
            INFO(bd::TeamName(t) << " at " << app.Now());
            CHECK(seat.team == t);
            CHECK(seat.alerts == fresh.alerts);
            CHECK(seat.hosts == fresh.hosts);
            CHECK(seat.tally == fresh.tally);
            if (t != Team::Facilitator) {
                // A player's seat view holds no ground truth.
                CHECK(seat.alert_truth.empty());
                CHECK(seat.host_truth.empty());
                CHECK(seat.tally.real == 0);
                CHECK_FALSE(HasKey(app.View(), "true_positive"));
            } else {
                CHECK(seat.alert_truth.size() == seat.alerts.size());
                CHECK(seat.host_truth.size() == seat.hosts.size());
            }
            // The JSON part is the rest of the view: no alerts or hosts there.
            CHECK_FALSE(app.View().contains("alerts"));
            CHECK_FALSE(app.View().contains("hosts"));
        }
    }
}

TEST_CASE("App - a command's effect is in the next view - the scorecard is exact when paused", "[ui]")
{
    App app = Started(false);
    app.AdvanceBy(bd::kDay);
    app.role = Team::SecOps;
    const bd::SeatView& seat = app.Seat();
    REQUIRE_FALSE(seat.alerts.empty());
    const auto before = seat.statuses_changed;
    const bd::SeatAlert first = seat.alerts.front();
    REQUIRE(first.status == bd::AlertStatus::New);
    CHECK(app.WhyNot(bd::CommandKind::TriageAlert, std::to_string(first.id), "false_positive").empty());
    CHECK_FALSE(app.WhyNot(bd::CommandKind::ReimageHost, "fs-01").empty()); // SecOps may not: says why
    REQUIRE(app.Act(bd::CommandKind::TriageAlert, std::to_string(first.id), "false_positive").ok());
    app.AdvanceBy(bd::kHour); // triage takes a moment of work
    const bd::SeatView& after = app.Seat();
    CHECK(after.statuses_changed > before);
    CHECK(after.alerts[after.RowOfAlert(first.id)].status == bd::AlertStatus::FalsePositive);
    // Paused: Score() waits for the scorer thread, so it is the scorecard of the whole journal.
    const bd::Scorecard card = app.Score();
    const bd::Scorecard direct = bd::ComputeScorecard(app.sim()->journal().Records());
    CHECK(card.alerts.total == direct.alerts.total);
    CHECK(card.duration_s == direct.duration_s);
    CHECK(card.warnings == direct.warnings);
}

TEST_CASE("App - running at 600x: the view and the scorecard follow the clock", "[ui]")
{
    App app = Started(true);
    app.view_interval_ms = 0; // every frame, for the test
    app.speed = 600;
    for (int frame = 0; frame < 200; ++frame) {
        app.Tick(1.0 / 60);
        app.role = frame % 2 ? Team::SecOps : Team::Facilitator;
        const bd::SeatView& seat = app.Seat();
        REQUIRE(seat.alerts.size() == bd::BuildSeatView(*app.sim(), app.role).alerts.size());
        CHECK(seat.rebuilt == 1); // every seat's view is kept up to date: a switch never starts one over
        app.Score();
    }
    CHECK(app.Now() > 0);
    app.speed = 0;
    CHECK(app.Score().alerts.total == bd::ComputeScorecard(app.sim()->journal().Records()).alerts.total);
}
