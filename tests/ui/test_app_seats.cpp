// test_app_seats.cpp: the seats of one screen (ui/app.h): the facilitator's PIN, what a seat change
// clears, and the answers a seat gives to tickets (ui/app_tickets.cpp), played as the panels post
// them: faulty-vendor-update taken to recovery by two human seats.
#include "alert_groups.h"
#include "app.h"
#include "panels.h"

#include <imgui_internal.h>

#include <SFML/Window/Keyboard.hpp>
#include <algorithm>
#include <array>
#include <catch2/catch.hpp>
#include <filesystem>
#include <functional>
#include <fstream>
#include <iterator>
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

// The first production host a service runs on, and that service's name.
std::pair<std::string, std::string> ProductionHostWithService(App& app)
{
    const bd::World& w = app.sim()->world();
    for (const auto& s : w.services)
        for (bd::HostId h : s.depends_on)
            if (w.hosts[h].production) return {w.hosts[h].id, s.name};
    return {};
}
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
    const auto [host, service] = ProductionHostWithService(app);
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
    const auto [host, service] = ProductionHostWithService(app);
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

TEST_CASE("Cost - a disruptive action says what it takes down before the click", "[ui]")
{
    App app = Human("ransomware-phish", "2468", "bd-ui-cost.jsonl");
    const bd::World& w = app.sim()->world();
    // The host most services run on, and what they cost an hour together.
    std::string host;
    int most = 0;
    for (const auto& h : w.hosts) {
        int n = 0;
        for (const auto& s : w.services)
            for (bd::HostId x : s.depends_on) n += w.hosts[x].id == h.id;
        if (n > most) most = n, host = h.id;
    }
    REQUIRE(most > 0);
    double cost = 0;
    for (const auto& s : w.services)
        for (bd::HostId x : s.depends_on)
            if (w.hosts[x].id == host) cost += s.cost_per_hour;
    Seat(app, Team::ITOps);
    const std::string said = app.CostOf(bd::CommandKind::IsolateHost, host);
    CHECK(said.rfind("takes down " + std::to_string(most) + (most == 1 ? " service (" : " services ("), 0) == 0);
    if (cost > 0) CHECK(said.find("; " + bd::FormatCount((int64_t)(cost + 0.5)) + " " + app.Currency() + " an hour)") != std::string::npos);
    CHECK(app.CostOf(bd::CommandKind::InvestigateHost, host).empty()); // takes nothing down
    // Once it is isolated, its services are down already: isolating again would cost nothing more.
    REQUIRE(app.Act(bd::CommandKind::IsolateHost, host, "", "", true).ok());
    app.AdvanceBy(3600);
    CHECK(app.CostOf(bd::CommandKind::ReimageHost, host).empty());
}

TEST_CASE("Seats - after the end nothing acts: the buttons say the exercise has ended", "[ui]")
{
    App app = Human("faulty-vendor-update", "2468", "bd-ui-seats-end.jsonl");
    app.AdvanceBy(3600);
    Seat(app, Team::ITOps);
    REQUIRE(app.AdvanceRollback(kUpdate).ok());
    app.sim()->Stop();
    CHECK(app.WhyNot(bd::CommandKind::IsolateHost, "dc-01") == "the exercise has ended");
    Seat(app, Team::SecOps);
    const int asked = OpenTicket(app, "itops", "rollback_update", kUpdate);
    REQUIRE(asked >= 0);
    const TicketOffer o = app.OfferFor(asked);
    CHECK(o.why_not == "the exercise has ended");
    CHECK_FALSE(o.can_reject);
    CHECK_FALSE(app.AnswerTicket(asked).ok());
}

TEST_CASE("Notices - what arrives for a seat (a ticket, its answer, an inject), counted until seen", "[ui]")
{
    App app = Human("faulty-vendor-update", "2468", "bd-ui-notices.jsonl");
    app.AdvanceBy(3600);
    Seat(app, Team::ITOps);
    const size_t before = app.Unread(Team::SecOps); // the crashes' alerts, folded into notices
    REQUIRE(app.AdvanceRollback(kUpdate).ok());
    CHECK(app.Unread(Team::SecOps) == before + 1); // SecOps is not on screen: its ticket waits for it
    const auto& secops = app.Notices(Team::SecOps);
    REQUIRE_FALSE(secops.empty());
    CHECK(secops.back().text.rfind("Ticket #", 0) == 0);
    CHECK(secops.back().text.find("from itops: rollback update " + std::string(kUpdate)) != std::string::npos);
    Seat(app, Team::SecOps);
    app.MarkSeen(); // the toasts do this every frame
    CHECK(app.Unread(Team::SecOps) == 0);
    const int asked = OpenTicket(app, "itops", "rollback_update", kUpdate);
    REQUIRE(app.RejectTicket(asked, "first we rule out tampering").ok());
    const auto& itops = app.Notices(Team::ITOps);
    REQUIRE_FALSE(itops.empty());
    CHECK(itops.back().tone == NoticeTone::Bad);
    CHECK(itops.back().text == "Your ticket #" + std::to_string(asked) + " was rejected: first we rule out tampering");
    // The inject to ITOps' service desk (04:40) was a notice for ITOps, never for SecOps.
    bool inject_itops = false, inject_secops = false;
    for (const auto& n : itops) inject_itops |= n.text.rfind("Inject #1", 0) == 0;
    for (const auto& n : app.Notices(Team::SecOps)) inject_secops |= n.text.rfind("Inject #1", 0) == 0;
    CHECK(inject_itops);
    CHECK_FALSE(inject_secops);
    CHECK(app.Notices(Team::Facilitator).empty());
}

TEST_CASE("Notices - a burst of high-severity alerts is one notice with its count", "[ui]")
{
    App app = Human("faulty-vendor-update", "2468", "bd-ui-notices-burst.jsonl");
    app.AdvanceBy(3600); // 60 hosts crash: SecOps' EDR reports each one as an agent gone quiet
    int high = 0, folded = 0;
    for (const auto& r : app.sim()->journal().Records())
        if (r.value("type", "") == "alert" && r.value("team", "") == "secops" && r.value("severity", 0) >= 3) ++high;
    for (const auto& n : app.Notices(Team::SecOps))
        if (n.tone == NoticeTone::Alert) folded += n.count;
    REQUIRE(high > 10);
    CHECK(folded == high); // every one counted
    int alert_notices = 0;
    for (const auto& n : app.Notices(Team::SecOps)) alert_notices += n.tone == NoticeTone::Alert;
    CHECK(alert_notices < high / 5); // but not one toast each
}

TEST_CASE("Debrief - the report is written beside the journal, never over it, and a new exercise starts clean", "[ui]")
{
    App app = Human("faulty-vendor-update", "2468", "bd-ui-debrief.jsonl");
    CHECK(app.WriteReport().empty()); // not over yet
    CHECK(app.error.find("over") != std::string::npos);
    app.sim()->Stop();
    const std::string journal = app.sim()->journal().Path();
    const std::string path = app.WriteReport();
    REQUIRE_FALSE(path.empty());
    CHECK(path != journal);
    CHECK(path == App::ReportPathFor(journal));
    std::ifstream in(path);
    const std::string html((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(html.find("<html") != std::string::npos);
    CHECK(html.find(app.sim()->scenario().title) != std::string::npos);
    CHECK(std::filesystem::exists(journal)); // the journal is still there, as it was
    CHECK(App::ReportPathFor("x/run.jsonl") == "x/run-report.html");
    CHECK(App::ReportPathFor("x/run") == "x/run-report.html");
    app.NewExercise();
    CHECK(app.screen == Screen::Start);
    CHECK(app.sim() == nullptr);
    CHECK_FALSE(app.Score().attack_start_s.has_value());
    CHECK(app.Notices(Team::SecOps).empty());
    app.settings.scenario = "ransomware-phish";
    REQUIRE(app.StartNow());
    CHECK(app.Now() == 0);
    CHECK_FALSE(app.Over());
}

TEST_CASE("Layout - kept between runs, read back as written, and a bad file gives the defaults", "[ui]")
{
    const std::string path = (std::filesystem::temp_directory_path() / "bd-ui-layout" / "layout.json").string();
    std::filesystem::remove_all(std::filesystem::path(path).parent_path());
    Layout l;
    l.left = 0.30f;
    l.right = 0.25f;
    l.center_split = 0.5f;
    l.right_split = 0.7f;
    l.scale = 1.4f;
    REQUIRE(SaveLayout(l, path).empty());
    CHECK(LoadLayout(path) == l);
    SECTION("out of range: clamped, the centre keeps a quarter of the window")
    {
        std::ofstream(path) << R"({"left":0.9,"right":0.9,"scale":9,"center_split":-1})";
        const Layout c = LoadLayout(path);
        CHECK(c.left + c.right <= 0.75f + 1e-6f);
        CHECK(c.scale == 2.0f);
        CHECK(c.center_split == 0.2f);
    }
    SECTION("not JSON: the defaults, and why")
    {
        std::ofstream(path) << "{ not json";
        std::string why;
        CHECK(LoadLayout(path, &why) == Layout{});
        CHECK(why.find("not a JSON object") != std::string::npos);
    }
    SECTION("no file: the defaults")
    {
        std::filesystem::remove(path);
        CHECK(LoadLayout(path) == Layout{});
    }
    SECTION("a panel moved into another slot swaps with the one there, and is read back so")
    {
        Layout moved = l;
        moved.MoveTo(2, 3); // the host panel (centre, bottom) into the right, top: the war room goes to the centre
        CHECK(moved.slot_of[2] == 3);
        CHECK(moved.slot_of[3] == 2);
        CHECK(moved.PanelIn(2) == 3);
        moved.MoveTo(0, 4); // the console to the right, bottom; the scoreboard to the left
        CHECK(moved.slot_of == std::array<int, 5>{4, 1, 3, 2, 0});
        REQUIRE(SaveLayout(moved, path).empty());
        std::ifstream in(path);
        const json saved = json::parse(in);
        CHECK(saved["panels"]["host"] == "right_top");
        CHECK(saved["panels"]["war_room"] == "center_bottom");
        CHECK(saved["panels"]["console"] == "right_bottom");
        CHECK(LoadLayout(path) == moved);
    }
    SECTION("a file from before panels could move keeps its sizes, in the default places")
    {
        std::ofstream(path) << R"({"left":0.3,"right":0.25,"center_split":0.5,"right_split":0.7,"scale":1.4})";
        std::string why;
        const Layout old = LoadLayout(path, &why);
        CHECK(why.empty());
        CHECK(old.left == 0.3f);
        CHECK(old.scale == 1.4f);
        CHECK(old.slot_of == Layout{}.slot_of);
    }
    SECTION("an arrangement with two panels in one slot, or an unknown slot, is ignored, saying why")
    {
        std::ofstream(path) << R"({"left":0.3,"panels":{"console":"left","map":"left","host":"center_bottom","war_room":"right_top","scoreboard":"right_bottom"}})";
        std::string why;
        Layout bad = LoadLayout(path, &why);
        CHECK(bad.slot_of == Layout{}.slot_of);
        CHECK(bad.left == 0.3f);
        CHECK(why.find("two panels in one slot") != std::string::npos);
        std::ofstream(path) << R"({"panels":{"console":"top","map":"center_top","host":"center_bottom","war_room":"right_top","scoreboard":"right_bottom"}})";
        why.clear();
        bad = LoadLayout(path, &why);
        CHECK(bad.slot_of == Layout{}.slot_of);
        CHECK(why.find("puts the console in no known slot") != std::string::npos);
    }
}

TEST_CASE("Groups - a batch of new rows merged into the sorted queue: the order std::inplace_merge gives", "[ui]")
{
    // Pairs (key, tag) ordered by key alone, so equal keys show that the merge is stable.
    using Row = std::pair<int, int>;
    const auto by_key = [](const Row& a, const Row& b) { return a.first > b.first; }; // newest first, as the queue
    uint64_t seed = 7;
    auto next = [&] { seed = seed * 6364136223846793005ULL + 1442695040888963407ULL; return (int)(seed >> 40); };
    for (const size_t old : {0ul, 1ul, 100ul, 5000ul})
        for (const size_t batch : {0ul, 1ul, 3ul, 40ul, 400ul}) {
            INFO(old << " rows, " << batch << " new");
            std::vector<Row> v;
            for (size_t i = 0; i < old; ++i) v.push_back({next() % 1000, (int)i});
            std::stable_sort(v.begin(), v.end(), by_key);
            for (size_t i = 0; i < batch; ++i) v.push_back({next() % 1200, 100000 + (int)i}); // some above every old key
            std::stable_sort(v.begin() + (long)old, v.end(), by_key);
            std::vector<Row> expected = v, scratch;
            std::inplace_merge(expected.begin(), expected.begin() + (long)old, expected.end(), by_key);
            MergeSortedBatch(v, old, by_key, scratch);
            CHECK(v == expected);
        }
}

TEST_CASE("Groups - sixty boot loops are one row with a count, and triaged together", "[ui]")
{
    App app = Human("faulty-vendor-update", "2468", "bd-ui-groups.jsonl");
    app.AdvanceBy(3600);
    Seat(app, Team::SecOps);
    const bd::SeatView& seat = app.Seat();
    std::vector<int> rows;
    for (int r = 0; r < (int)seat.alerts.size(); ++r)
        if (seat.alerts[r].team == Team::SecOps) rows.push_back(r);
    REQUIRE(rows.size() > 20);
    AlertGrouper grouper;
    grouper.Learn(seat);
    AlertGroups groups;
    grouper.Group(seat, rows, false, groups);
    size_t total = 0;
    const AlertGroup* biggest = nullptr;
    for (const auto& g : groups.groups) {
        total += (size_t)g.size;
        if (!biggest || g.size > biggest->size) biggest = &g;
        int fresh = 0;
        for (int r : groups.RowsOf(g)) { // one rule: the same sensor and technique
            CHECK(seat.alerts[r].sensor == seat.alerts[groups.FirstRow(g)].sensor);
            CHECK(seat.alerts[r].technique == seat.alerts[groups.FirstRow(g)].technique);
            CHECK(grouper.RuleOf(r) == g.rule);
            fresh += seat.alerts[r].status == bd::AlertStatus::New;
        }
        CHECK(fresh == g.fresh);
    }
    CHECK(total == rows.size()); // every row in exactly one group
    REQUIRE(biggest != nullptr);
    CHECK(biggest->size >= 20);
    CHECK(biggest->hosts == biggest->size); // one alert per crashed host
    CHECK(groups.groups.size() * 3 < rows.size());
    // The group's rows in the queue's order: the first is the one shown.
    const auto members = groups.RowsOf(*biggest);
    std::vector<int> expected;
    for (int r : rows)
        if (grouper.RuleOf(r) == biggest->rule) expected.push_back(r);
    CHECK(std::vector<int>(members.begin(), members.end()) == expected);
    std::vector<bd::AlertId> ids;
    for (int r : members) ids.push_back(seat.alerts[r].id);
    app.TriageAll(ids, false);
    CHECK(app.status == std::to_string(ids.size()) + " alerts of the group marked false alarms");
    app.AdvanceBy(3600);
    const bd::SeatView& after = app.Seat();
    for (bd::AlertId id : ids) CHECK(after.alerts[after.RowOfAlert(id)].status == bd::AlertStatus::FalsePositive);
    // Once triaged, a second verdict is given to none.
    app.TriageAll(ids, true);
    CHECK(app.status.rfind("0 alerts", 0) == 0);
}

TEST_CASE("Notes - a note on a group is read by its team and the facilitator, not the other team, and survives a resume", "[ui]")
{
    App app = Human("faulty-vendor-update", "2468", "bd-ui-notes.jsonl");
    app.AdvanceBy(8 * 3600); // the boot loops, and other alerts besides
    Seat(app, Team::SecOps);
    const bd::SeatView& seat = app.Seat();
    std::vector<int> rows;
    for (int r = 0; r < (int)seat.alerts.size(); ++r)
        if (seat.alerts[r].team == Team::SecOps) rows.push_back(r);
    AlertGrouper grouper;
    grouper.Learn(seat);
    AlertGroups groups;
    grouper.Group(seat, rows, false, groups);
    const AlertGroup* big = nullptr;
    const AlertGroup* other = nullptr;
    for (const auto& g : groups.groups) {
        if (!big || g.size > big->size) big = &g;
    }
    REQUIRE(big != nullptr);
    REQUIRE(big->size > 2);
    for (const auto& g : groups.groups)
        if (&g != big) other = &g;
    const int shown = seat.alerts[groups.FirstRow(*big)].id;            // the row the queue shows
    const int member = seat.alerts[groups.RowsOf(*big).back()].id;      // another alert of the group
    // An alert of another rule: another group's, or one of ITOps' monitoring (SecOps cannot see it).
    int elsewhere = other ? seat.alerts[groups.FirstRow(*other)].id : -1;
    for (int r = 0; r < (int)seat.alerts.size() && elsewhere < 0; ++r)
        if (grouper.RuleOf(r) != big->rule) elsewhere = seat.alerts[r].id;
    REQUIRE(elsewhere >= 0);

    SECTION("refused text says why, and leaves nothing")
    {
        const auto r = app.WriteNote("checked\nwith the user", shown, true, false);
        CHECK_FALSE(r.ok());
        CHECK(app.status.find("control character") != std::string::npos);
        CHECK(app.AllNotes().empty());
    }
    SECTION("on the group: every alert of the group shows it, the alert alone only itself")
    {
        REQUIRE(app.WriteNote("the EDR content update, not an attack", shown, true, false).ok());
        REQUIRE(app.WriteNote("this one rebooted twice", member, false, false).ok());
        REQUIRE(app.AllNotes().size() == 2);
        const auto on_member = app.NotesOn(member);
        REQUIRE(on_member.size() == 2);
        CHECK(on_member[0].text == "the EDR content update, not an attack");
        CHECK(on_member[0].group);
        CHECK(on_member[0].by == Team::SecOps);
        const auto on_shown = app.NotesOn(shown);
        REQUIRE(on_shown.size() == 1); // the note on `member` alone is not the group's
        CHECK(app.NotesOn(elsewhere).empty());

        // ITOps at this screen: not shared, so nothing.
        Seat(app, Team::ITOps);
        CHECK(app.AllNotes().empty());
        // A shared note reaches ITOps; the facilitator reads them all.
        Seat(app, Team::SecOps);
        REQUIRE(app.WriteNote("we see boot loops on 60 hosts: is it your update?", -1, false, true).ok());
        Seat(app, Team::ITOps);
        REQUIRE(app.AllNotes().size() == 1);
        CHECK(app.AllNotes()[0].shared);
        CHECK(app.AllNotes()[0].alert == -1);
        app.SwitchRole(Team::Facilitator);
        REQUIRE(app.Unlock("2468"));
        CHECK(app.AllNotes().size() == 3);

        // The notes are in the journal: the exercise resumed elsewhere (a crash, another screen) has them.
        App again;
        again.record_history = false;
        again.settings.facilitator_pin = "2468";
        REQUIRE(again.Resume(app.sim()->journal().Path()));
        Seat(again, Team::SecOps);
        CHECK(again.NotesOn(member).size() == 2);
        CHECK(again.AllNotes().size() == 3); // the three SecOps wrote
    }
    SECTION("a draft does not carry over to the next seat")
    {
        app.note_draft = "half-written";
        app.exercise_note_draft = "also";
        Seat(app, Team::ITOps);
        CHECK(app.note_draft.empty());
        CHECK(app.exercise_note_draft.empty());
    }
}

// [SECTION] The SecOps queue drawn headless (Dear ImGui without a window): the keys as a person presses them

namespace {
// An ImGui context of its own, with the app's keyboard navigation and the SFML key codes the app
// maps (ui/imgui_impl_sfml.cpp); Frame() draws `draw` with a key held for that frame.
struct HeadlessImGui {
    HeadlessImGui()
    {
        ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
        io.DisplaySize = ImVec2(1280, 720);
        io.DeltaTime = 1.0f / 60;
        unsigned char* pixels = nullptr;
        int w = 0, h = 0;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
        io.KeyMap[ImGuiKey_UpArrow] = sf::Keyboard::Up;
        io.KeyMap[ImGuiKey_DownArrow] = sf::Keyboard::Down;
        io.KeyMap[ImGuiKey_Enter] = sf::Keyboard::Enter;
        io.KeyMap[ImGuiKey_Space] = sf::Keyboard::Space;
    }
    ~HeadlessImGui() { ImGui::DestroyContext(); }
    HeadlessImGui(const HeadlessImGui&) = delete;
    HeadlessImGui& operator=(const HeadlessImGui&) = delete;
    void Frame(const std::function<void()>& draw, int key = -1)
    {
        ImGuiIO& io = ImGui::GetIO();
        if (key >= 0) io.KeysDown[key] = true;
        ImGui::NewFrame();
        draw();
        ImGui::Render();
        if (key >= 0) io.KeysDown[key] = false;
    }
    // A click of `button` at `at` (pressed one frame, released the next), then the mouse away.
    void Click(const std::function<void()>& draw, ImVec2 at, int button = 0)
    {
        ImGuiIO& io = ImGui::GetIO();
        io.MousePos = at;
        io.MouseDown[button] = true;
        Frame(draw);
        io.MouseDown[button] = false;
        Frame(draw);
        io.MousePos = ImVec2(-1, -1); // away: no hover tooltips
        Frame(draw);
    }
};

// The SecOps queue and the selected alert in a window, as the console draws them.
struct HeadlessQueue : HeadlessImGui {
    App& app;
    explicit HeadlessQueue(App& a) : app(a) {}
    void Draw()
    {
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(ImVec2(900, 700));
        ImGui::Begin("SecOps queue");
        DrawAlertQueue(app, "secops_alerts", false);
        DrawSelectedAlert(app);
        ImGui::End();
    }
    void Frame(int key = -1) { HeadlessImGui::Frame([this] { Draw(); }, key); }
    // A click at the middle of the queue's first row (the table's scrolling child window, found by
    // its name), as a person starts: then the arrow keys move from there.
    void ClickFirstRow()
    {
        ImGuiWindow* table = nullptr;
        for (ImGuiWindow* w : GImGui->Windows)
            if (std::string(w->Name).find("secops_alerts") != std::string::npos) table = w;
        REQUIRE(table != nullptr);
        const float row = ImGui::GetTextLineHeight() + ImGui::GetStyle().CellPadding.y * 2;
        Click([this] { Draw(); }, ImVec2(table->Pos.x + 12, table->Pos.y + row * 1.5f + 1));
    }
};

// The last command the journal holds.
json LastCommand(App& app)
{
    const auto& records = app.sim()->journal().Records();
    for (auto it = records.rbegin(); it != records.rend(); ++it)
        if (it->value("type", "") == "command") return (*it)["cmd"];
    return json();
}
} // namespace

TEST_CASE("Keys - the arrow keys move the selection through the queue, and T / F act on the highlighted alert", "[ui]")
{
    App app = Human("ransomware-phish", "2468", "bd-ui-keys.jsonl");
    app.AdvanceBy(30 * 3600);
    Seat(app, Team::SecOps);
    REQUIRE(app.Seat().tally.fresh[1] >= 3);
    HeadlessQueue ui(app);
    ui.Frame();
    ui.Frame();
    // A click on the first row selects it; from there the arrow keys move.
    ui.ClickFirstRow();
    REQUIRE(app.selected_alert >= 0);
    const int first = app.selected_alert;
    ui.Frame(sf::Keyboard::Down);
    ui.Frame();
    const int second = app.selected_alert;
    CHECK(second != first);
    CHECK(second < first); // the queue is newest first
    ui.Frame(sf::Keyboard::Up);
    ui.Frame();
    CHECK(app.selected_alert == first);
    ui.Frame(sf::Keyboard::Down);
    ui.Frame();
    REQUIRE(app.selected_alert == second);

    // T: the highlighted alert, not another, is marked real.
    ui.Frame(sf::Keyboard::T);
    json cmd = LastCommand(app);
    CHECK(cmd.value("kind", "") == "triage_alert");
    CHECK(cmd.value("target", "") == std::to_string(second));
    CHECK(cmd.value("value", "") == "true_positive");
    // Up to the first and F: a false alarm, on that one.
    ui.Frame(sf::Keyboard::Up);
    ui.Frame();
    REQUIRE(app.selected_alert == first);
    ui.Frame(sf::Keyboard::F);
    cmd = LastCommand(app);
    CHECK(cmd.value("target", "") == std::to_string(first));
    CHECK(cmd.value("value", "") == "false_positive");
}

TEST_CASE("Layout - a panel's title menu moves it into another place, swapping with the panel there", "[ui]")
{
    App app; // the menu needs no exercise
    HeadlessImGui ui;
    const ImVec2 pos(100, 100);
    auto draw = [&] {
        ImGui::SetNextWindowPos(pos);
        ImGui::SetNextWindowSize(ImVec2(400, 300));
        const bool open = ImGui::Begin("Host", nullptr, ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoCollapse);
        DrawPanelPlaceMenu(app, 2); // the host panel: centre, bottom by default
        (void)open;
        ImGui::End();
    };
    ui.Frame(draw);
    // Right-click the title: the menu opens.
    ui.Click(draw, ImVec2(pos.x + 60, pos.y + ImGui::GetFrameHeight() / 2), 1);
    REQUIRE(GImGui->OpenPopupStack.Size == 1);
    ImGuiWindow* menu = GImGui->OpenPopupStack[0].Window;
    REQUIRE(menu != nullptr);
    // Its lines: "Move this panel to", then the five places in slot order.
    const float line = ImGui::GetTextLineHeight(), gap = ImGui::GetStyle().ItemSpacing.y;
    auto place_at = [&](int slot) { return ImVec2(menu->Pos.x + 30, menu->Pos.y + ImGui::GetStyle().WindowPadding.y + (1 + slot) * (line + gap) + line / 2); };
    // Its own place is greyed: a click there changes nothing (and the menu stays open).
    ui.Click(draw, place_at(2));
    CHECK(app.layout.slot_of == Layout{}.slot_of);
    // The right, top (the war room's): the host goes there, the war room to the centre, bottom.
    ui.Click(draw, place_at(3));
    CHECK(app.layout.slot_of[2] == 3);
    CHECK(app.layout.slot_of[3] == 2);
    CHECK(app.layout.PanelIn(3) == 2);
    CHECK(GImGui->OpenPopupStack.Size == 0);
}

// [SECTION] The Runbook tab drawn headless: a checklist item ticked and unticked with its box

namespace {
// A SecOps runbook of one command step and two checklist items.
bd::Runbook UiTickRunbook()
{
    bd::Runbook rb;
    std::vector<std::string> problems;
    REQUIRE(bd::RunbookFromJson(json::parse(R"({"format": "breachdrill-runbook/1", "name": "Ransomware first hour", "steps": [
        {"text": "Declare the incident", "kind": "declare_incident"},
        {"text": "Phone the cyber insurance hotline"},
        {"text": "Brief the CEO"}]})"),
                                rb, problems));
    return rb;
}

// The Runbook tab's checklist in a window, as the console draws it; the box of step `n` is found
// by hovering down the window until ImGui says that box is under the mouse.
struct HeadlessRunbook : HeadlessImGui {
    App& app;
    bool facilitator = false;
    explicit HeadlessRunbook(App& a) : app(a) {}
    void Draw()
    {
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(ImVec2(900, 700));
        ImGui::Begin("Runbook");
        if (facilitator) DrawFacilitatorRunbooks(app);
        else DrawRunbook(app);
        ImGui::End();
    }
    void Frame() { HeadlessImGui::Frame([this] { Draw(); }); }
    bool ClickBox(int n, const char* team_scope = nullptr)
    {
        Frame();
        ImGuiID box = 0;
        ImGui::NewFrame(); // the box's id, as the panel makes it: window "Runbook", [team], step n, "##tick"
        ImGui::Begin("Runbook");
        if (team_scope) ImGui::PushID(team_scope);
        ImGui::PushID(n);
        box = ImGui::GetID("##tick");
        ImGui::PopID();
        if (team_scope) ImGui::PopID();
        ImGui::End();
        ImGui::Render();
        for (float y = 4; y < 690; y += 3) {
            ImGui::GetIO().MousePos = ImVec2(14, y);
            Frame();
            if (GImGui->HoveredIdPreviousFrame == box || GImGui->HoveredId == box) {
                Click([this] { Draw(); }, ImVec2(14, y));
                return true;
            }
        }
        return false;
    }
};
} // namespace

TEST_CASE("Runbook - a player ticks a checklist item in the Runbook tab, unticks it, and the facilitator ticks one too", "[ui]")
{
    App app;
    app.settings.scenario = "ransomware-phish";
    app.settings.seed = 3;
    app.settings.facilitator_pin = "2468";
    app.settings.journal_path = (std::filesystem::temp_directory_path() / "bd-ui-runbook.jsonl").string();
    app.settings.runbooks[1] = UiTickRunbook();
    app.record_history = false;
    REQUIRE(app.StartNow());
    app.AdvanceBy(3600);
    Seat(app, Team::SecOps);
    REQUIRE(HasRunbook(app));
    HeadlessRunbook ui(app);

    // The box of step 2: a tick_step command, and the view says who ticked it and when.
    REQUIRE(ui.ClickBox(2));
    json cmd = LastCommand(app);
    CHECK(cmd.value("kind", "") == "tick_step");
    CHECK(cmd.value("target", "") == "secops");
    CHECK(cmd.value("value", "") == "2");
    CHECK(cmd.value("text", "") == "tick");
    const json& step = app.View()["runbook"]["steps"][1];
    CHECK(step["status"] == "ticked");
    CHECK(step["ticked_by"] == "secops");
    CHECK(step["ticked_at"] == app.View()["time"]);
    CHECK(app.View()["runbook"]["checklist_ticked"] == 1);
    CHECK(app.status.find("ticked step 2") != std::string::npos);
    // Clicked again: unticked.
    REQUIRE(ui.ClickBox(2));
    CHECK(LastCommand(app).value("text", "") == "untick");
    CHECK(app.View()["runbook"]["steps"][1]["status"] == "checklist");
    // A command step has no box; ticked by hand anyway (a script, a typed command), it is refused in words.
    CHECK_FALSE(ui.ClickBox(1));
    const bd::CommandResult by_hand = app.Act(bd::CommandKind::TickStep, "secops", "1");
    CHECK(by_hand.code == bd::ResultCode::Invalid);
    CHECK(app.status.find("command step") != std::string::npos);
    // ITOps may not tick SecOps' runbook.
    Seat(app, Team::ITOps);
    CHECK_FALSE(HasRunbook(app));
    CHECK(app.Act(bd::CommandKind::TickStep, "secops", "3").code == bd::ResultCode::Permission);

    // The facilitator's Runbooks tab: step 3 ticked there; SecOps' checklist says the facilitator did.
    app.SwitchRole(Team::Facilitator);
    REQUIRE(app.Unlock("2468"));
    REQUIRE(HasRunbooks(app));
    ui.facilitator = true;
    REQUIRE(ui.ClickBox(3, "secops"));
    CHECK(LastCommand(app).value("team", "") == "facilitator");
    Seat(app, Team::SecOps);
    CHECK(app.View()["runbook"]["steps"][2]["ticked_by"] == "facilitator");
    std::filesystem::remove(app.settings.journal_path);
}
