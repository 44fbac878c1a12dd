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

TEST_CASE("App - start, clock and speed", "[ui]")
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
