// test_app_seats.cpp: the seats of one screen (ui/app.h): the facilitator's PIN, what a seat change
// clears, and the answers a seat gives to tickets (ui/app_tickets.cpp), played as the panels post
// them: faulty-vendor-update taken to recovery by two human seats.
#include "app.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <string>

using namespace bdui;
using nlohmann::json;

namespace {
App Human(const std::string& scenario, const std::string& pin, const char* journal)
{
    App app;
    app.settings.scenario = scenario;
    app.settings.seed = 3;
    app.settings.facilitator_pin = pin;
    app.settings.journal_path = (std::filesystem::temp_directory_path() / journal).string();
    app.record_history = false;
    REQUIRE(app.StartNow());
    return app;
}

void Seat(App& app, Team t)
{
    app.SwitchRole(t);
    REQUIRE(app.screen == Screen::Handover);
    REQUIRE(app.ConfirmHandover().empty());
    REQUIRE(app.role == t);
}

// The open ticket of `from` asking for `action` on `target`, as the current seat's view shows it.
int OpenTicket(App& app, const std::string& from, const std::string& action, const std::string& target)
{
    for (const auto& t : app.View()["tickets"])
        if (t.value("from", "") == from && t.value("action", "") == action && t.value("target", "") == target &&
            t.value("status", "") == "open")
            return t.value("id", -1);
    return -1;
}

const char* kUpdate = "edr-content-update";
} // namespace

TEST_CASE("Seats - the facilitator's screen opens with the PIN only", "[ui]")
{
    App app = Human("ransomware-phish", "", "bd-ui-seats-pin.jsonl");
    SECTION("no PIN yet: the first handover asks for one")
    {
        app.SwitchRole(Team::SecOps);
        CHECK(app.screen == Screen::Handover);
        CHECK_FALSE(app.ConfirmHandover().empty());
        CHECK(app.role == Team::Facilitator);
        CHECK_FALSE(app.SetPin("12").empty()); // too short
        CHECK(app.SetPin("2468").empty());
        CHECK(app.ConfirmHandover().empty());
        CHECK(app.role == Team::SecOps);
    }
    SECTION("F1 from a player's seat: the unlock page, and only the right PIN opens it")
    {
        CHECK(app.SetPin("2468").empty());
        Seat(app, Team::SecOps);
        app.SwitchRole(Team::Facilitator);
        CHECK(app.screen == Screen::Unlock);
        CHECK(app.role == Team::SecOps); // still the player's seat behind the page
        CHECK_FALSE(app.Unlock("0000"));
        CHECK(app.unlock_error == "Wrong PIN.");
        CHECK(app.role == Team::SecOps);
        app.CancelUnlock();
        CHECK(app.screen == Screen::Exercise);
        CHECK(app.role == Team::SecOps);
        app.SwitchRole(Team::Facilitator);
        CHECK(app.Unlock("2468"));
        CHECK(app.role == Team::Facilitator);
        CHECK(app.screen == Screen::Exercise);
    }
}

TEST_CASE("Seats - started on a player's seat without a PIN, the facilitator's screen stays closed", "[ui]")
{
    App app = Human("ransomware-phish", "", "bd-ui-seats-closed.jsonl");
    app.role = Team::ITOps; // breachdrill-gui --role itops
    app.SwitchRole(Team::Facilitator);
    CHECK(app.screen == Screen::Unlock);
    CHECK_FALSE(app.Unlock(""));
    CHECK(app.unlock_error.find("--pin") != std::string::npos);
    CHECK(app.role == Team::ITOps);
}

TEST_CASE("Seats - with both seats on autopilot no player is here: no PIN is asked", "[ui]")
{
    App app;
    app.settings.scenario = "ransomware-phish";
    app.settings.itops_autopilot = app.settings.secops_autopilot = true;
    app.settings.journal_path = (std::filesystem::temp_directory_path() / "bd-ui-seats-auto.jsonl").string();
    app.record_history = false;
    REQUIRE(app.StartNow());
    app.SwitchRole(Team::SecOps);
    CHECK(app.ConfirmHandover().empty());
    app.SwitchRole(Team::Facilitator);
    CHECK(app.screen == Screen::Exercise);
    CHECK(app.role == Team::Facilitator);
}

TEST_CASE("Seats - a seat change carries no selection and no status line over", "[ui]")
{
    App app = Human("ransomware-phish", "2468", "bd-ui-seats-clear.jsonl");
    app.AdvanceBy(6 * 3600);
    Seat(app, Team::SecOps);
    app.selected_host = "ws-001";
    app.selected_alert = 0;
    app.Act(bd::CommandKind::InvestigateHost, "ws-001");
    REQUIRE_FALSE(app.status.empty());
    Seat(app, Team::ITOps);
    CHECK(app.selected_host.empty());
    CHECK(app.selected_alert == -1);
    CHECK(app.status.empty());
    app.selected_host = "fs-01";
    app.status = "ITOps' last action";
    app.SwitchRole(Team::Facilitator);
    REQUIRE(app.Unlock("2468"));
    CHECK(app.selected_host.empty());
    CHECK(app.status.empty());
}

TEST_CASE("Seats - faulty-vendor-update played to recovery by two human seats", "[ui]")
{
    App app = Human("faulty-vendor-update", "2468", "bd-ui-seats-fvu.jsonl");
    app.AdvanceBy(3600); // the update crashed the hosts at 00:09
    Seat(app, Team::ITOps);
    REQUIRE(app.RollbackOf(kUpdate).kind == RollbackStep::Ask);
    // ITOps may not roll back alone: the EDR is SecOps' tool.
    CHECK_FALSE(app.WhyNot(bd::CommandKind::RollbackUpdate, kUpdate).empty());
    REQUIRE(app.AdvanceRollback(kUpdate).ok()); // "Ask SecOps to agree to a rollback"
    CHECK(app.RollbackOf(kUpdate).kind == RollbackStep::Asked);

    Seat(app, Team::SecOps);
    const int asked = OpenTicket(app, "itops", "rollback_update", kUpdate);
    REQUIRE(asked >= 0);
    const TicketOffer offer = app.OfferFor(asked);
    CHECK(offer.reply == TicketReply::Agree); // not "Do it": SecOps cannot issue rollback_update
    CHECK(offer.label == "Agree");
    CHECK(offer.why_not.empty());
    CHECK(offer.state == "new");
    REQUIRE(app.AnswerTicket(asked).ok());
    CHECK(app.status_ok);
    CHECK(app.Ticket(asked)->value("status", "") == "done");
    CHECK(app.OfferFor(asked).reply == TicketReply::None); // answered once

    Seat(app, Team::ITOps);
    const RollbackStep agreed = app.RollbackOf(kUpdate);
    REQUIRE(agreed.kind == RollbackStep::Agreed);
    // The same answer from the ticket queue: SecOps' ticket asks ITOps, and ITOps may do it.
    const TicketOffer mine = app.OfferFor(agreed.ticket);
    CHECK(mine.reply == TicketReply::DoIt);
    CHECK(mine.why_not.empty());
    REQUIRE(app.AdvanceRollback(kUpdate).ok()); // "Roll back (SecOps agreed)"
    CHECK(app.RollbackOf(kUpdate).kind == RollbackStep::Rolling);
    // Under way: no second rollback from a second click.
    CHECK(app.OfferFor(agreed.ticket).state == "in progress");
    CHECK_FALSE(app.AnswerTicket(agreed.ticket).ok());
    CHECK_FALSE(app.AdvanceRollback(kUpdate).ok());

    app.AdvanceBy(2 * bd::kDay); // the change approval (siloed: hours) and the rollback's work
    CHECK(app.RollbackOf(kUpdate).kind == RollbackStep::Done);
    CHECK(app.Ticket(agreed.ticket)->value("status", "") == "done");
    const bd::Scorecard& card = app.Score();
    REQUIRE(card.outage_recovered_at_s.has_value());
    int rollbacks = 0;
    for (const auto& r : app.sim()->journal().Records())
        if (r.value("type", "") == "command_done" && r["cmd"].value("kind", "") == "rollback_update") rollbacks += r.value("ok", false);
    CHECK(rollbacks == 1);
}

TEST_CASE("Seats - a rejection carries its reason to the team that asked", "[ui]")
{
    App app = Human("faulty-vendor-update", "2468", "bd-ui-seats-reject.jsonl");
    app.AdvanceBy(3600);
    Seat(app, Team::ITOps);
    REQUIRE(app.AdvanceRollback(kUpdate).ok());
    Seat(app, Team::SecOps);
    const int asked = OpenTicket(app, "itops", "rollback_update", kUpdate);
    REQUIRE(asked >= 0);
    REQUIRE(app.RejectTicket(asked, "we first rule out tampering with the agent").ok());
    Seat(app, Team::ITOps);
    const RollbackStep s = app.RollbackOf(kUpdate);
    CHECK(s.kind == RollbackStep::Ask); // they may ask again
    CHECK(s.text.find("we first rule out tampering with the agent") != std::string::npos);
    CHECK(app.Ticket(asked)->value("answer", "") == "we first rule out tampering with the agent");
    bool journaled = false;
    for (const auto& r : app.sim()->journal().Records())
        if (r.value("type", "") == "ticket_closed" && r.value("id", -1) == asked)
            journaled = r.value("answer", "") == "we first rule out tampering with the agent" && r.value("status", "") == "rejected";
    CHECK(journaled);
}

TEST_CASE("Status - the status line follows an action to its end", "[ui]")
{
    App app = Human("ransomware-phish", "2468", "bd-ui-status.jsonl");
    // A production host a service runs on: isolating it waits for approval, then takes the service down.
    const bd::World& w = app.sim()->world();
    std::string host, service;
    for (const auto& s : w.services)
        for (bd::HostId h : s.depends_on)
            if (host.empty() && w.hosts[h].production) host = w.hosts[h].id, service = s.name;
    REQUIRE_FALSE(host.empty());
    Seat(app, Team::ITOps);
    REQUIRE(app.Act(bd::CommandKind::IsolateHost, host).ok());
    CHECK(app.status.rfind("Isolating " + host + " (waits for change approval, until ", 0) == 0);
    const auto& work = app.View()["work"];
    REQUIRE(work.size() == 1);
    REQUIRE(app.Act(bd::CommandKind::ApproveChange, std::to_string(work[0].value("id", 0))).ok()); // "Approve now"
    // Approving is this seat's last action now; it was done at once and says so.
    CHECK(app.status.find("approved") != std::string::npos);
    app.AdvanceBy(bd::kDay);
    SECTION("a zero-time command is done at once: its result, not 'under way'")
    {
        REQUIRE(app.Act(bd::CommandKind::SendMessage, "", "secops", "hello").ok());
        CHECK(app.status == "sent");
    }
    SECTION("a refused command says why")
    {
        CHECK_FALSE(app.Act(bd::CommandKind::IsolateHost, host).ok());
        CHECK(app.status.rfind("Refused: isolate_host " + host + ": ", 0) == 0);
        CHECK_FALSE(app.status_ok);
    }
}

TEST_CASE("Status - a followed action ends with its outcome and the services it took down", "[ui]")
{
    App app = Human("ransomware-phish", "2468", "bd-ui-status2.jsonl");
    const bd::World& w = app.sim()->world();
    std::string host, service;
    for (const auto& s : w.services)
        for (bd::HostId h : s.depends_on)
            if (host.empty() && w.hosts[h].production) host = w.hosts[h].id, service = s.name;
    REQUIRE_FALSE(host.empty());
    Seat(app, Team::ITOps);
    REQUIRE(app.Act(bd::CommandKind::IsolateHost, host, "", "", true).ok()); // an emergency change: no approval
    CHECK(app.status.rfind("Isolating " + host + " (", 0) == 0);
    CHECK(app.status.find("done at") != std::string::npos);
    app.AdvanceBy(2 * 3600);
    CHECK(app.status_ok);
    CHECK(app.status.rfind(host + " isolated: ", 0) == 0);
    CHECK(app.status.find(service) != std::string::npos);
    CHECK(app.status.find("down") != std::string::npos);
}
