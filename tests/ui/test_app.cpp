// test_app.cpp: the desktop app's logic without a window (ui/app.h): starting, the clock,
// hot-seat handover, acting through the command path, what each seat's view holds, and the
// scoreboard (ui/scoreboard.h) held against the CLI's `replay --json` of the same journal.
#include "app.h"
#include "panels.h"

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>
#include <string>

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
    CHECK(app.SetPin("2468").empty());
    CHECK(app.ConfirmHandover().empty());
    CHECK(app.role == Team::SecOps);
    CHECK(app.screen == Screen::Exercise);
    app.SwitchRole(Team::Facilitator); // the PIN first: tests/ui/test_app_seats.cpp
    CHECK(app.screen == Screen::Unlock);
    CHECK(app.Unlock("2468"));
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
    // Paused: Score() waits for the scorer thread, so it is the scorecard of the whole journal, as of the clock.
    const bd::Scorecard card = app.Score();
    bd::ScoreAccumulator acc;
    for (const auto& r : app.sim()->journal().Records()) acc.Feed(r);
    const bd::Scorecard direct = acc.Result(app.Now());
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

// [SECTION] The scoreboard is the CLI's scorecard (issue 14)

namespace {
std::string TempJournal(const std::string& name)
{
    return (std::filesystem::temp_directory_path() / ("bd-ui-" + name + ".jsonl")).string();
}

// Plays a scenario to its end through the app, both seats on autopilot, with its journal at `journal`.
App PlayedToEnd(const std::string& scenario, uint64_t seed, const std::string& journal)
{
    std::filesystem::remove(journal);
    App app;
    app.record_history = false;
    app.settings.scenario = scenario;
    app.settings.seed = seed;
    app.settings.itops_autopilot = true;
    app.settings.secops_autopilot = true;
    app.settings.journal_path = journal;
    REQUIRE(app.StartNow());
    for (int i = 0; i < 2000 && !app.Over(); ++i) app.AdvanceBy(6 * bd::kHour);
    REQUIRE(app.Over());
    return app;
}

// The standard output of the real CLI.
std::string CliOut(const std::string& args)
{
    const std::string command = std::string("'") + BD_CLI + "' " + args + " 2>/dev/null";
    FILE* p = ::popen(command.c_str(), "r");
    REQUIRE(p != nullptr);
    std::string out;
    char buf[4096];
    for (size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
    ::pclose(p);
    return out;
}
// ... parsed (discarded, i.e. not an object, if it printed no JSON).
nlohmann::json CliJson(const std::string& args) { return nlohmann::json::parse(CliOut(args), nullptr, false); }

std::set<std::string> ShownPointers(const ScoreboardModel& m)
{
    std::set<std::string> out;
    for (const auto& s : m.sections)
        for (const auto& r : s.rows)
            for (const auto& f : r.figures) out.insert(f.pointer);
    return out;
}
} // namespace

TEST_CASE("App - the scoreboard shows the figures of breachdrill replay --json of its journal", "[ui]")
{
    struct Case {
        const char* scenario;
        uint64_t seed;
    };
    const Case c = GENERATE(Case{"faulty-vendor-update", 1}, Case{"ransomware-phish", 7});
    CAPTURE(c.scenario, c.seed);
    const std::string journal = TempJournal(std::string(c.scenario) + "-end");
    App app = PlayedToEnd(c.scenario, c.seed, journal);
    const ScoreboardModel& m = app.Scoreboard();
    const nlohmann::json cli = CliJson("replay '" + journal + "' --json");
    REQUIRE(cli.is_object());
    const std::string cur = cli["impact"]["currency"].get<std::string>();

    // The card the app scores is the CLI's, to the last field.
    CHECK(bd::ToJson(app.Score()) == cli);
    CHECK(m.heading == "Exercise over: the scorecard");

    // The facilitator's "Alerts:" line (the seat view's tally) tells the card's story.
    REQUIRE(app.role == bd::Team::Facilitator);
    const bd::AlertTally& tally = app.Seat().tally;
    const bd::AlertCounts& al = app.Score().alerts;
    CHECK(tally.real == al.true_positive);
    CHECK(tally.real_confirmed == al.true_positive - al.missed_true - al.true_alerts_triaged_as_false);
    CHECK(tally.real_dismissed == al.true_alerts_triaged_as_false);
    CHECK(tally.false_confirmed == al.false_positives_triaged_as_true);

    // Every figure shown is the CLI's value at its place in the JSON, and its words are in its row.
    for (const auto& s : m.sections)
        for (const auto& r : s.rows)
            for (const auto& f : r.figures) {
                CAPTURE(s.title, r.label, r.text, f.pointer);
                const nlohmann::json::json_pointer at(f.pointer);
                REQUIRE(cli.contains(at));
                CHECK(f.value == cli.at(at));
                CHECK(r.text.find(f.text) != std::string::npos);
            }

    // What must be shown: each headline time, each cost line and the total, every service that
    // went down, every obligation's status and deadline.
    const auto shown = ShownPointers(m);
    for (const char* p : {"/time_to_tool_detect_s", "/time_to_detect_s", "/time_to_contain_s", "/time_to_recover_s",
                          "/impact/attacker_caused", "/impact/self_inflicted", "/impact/operations", "/impact/total",
                          "/impact/records_exfiltrated", "/impact/hosts_encrypted"})
        CHECK(shown.count(p) == 1);
    for (size_t i = 0; i < cli["impact"]["services"].size(); ++i)
        if (cli["impact"]["services"][i]["total_s"] > 0) CHECK(shown.count("/impact/services/" + std::to_string(i) + "/cost") == 1);
    for (size_t i = 0; i < cli["compliance"].size(); ++i) {
        CHECK(shown.count("/compliance/" + std::to_string(i) + "/status") == 1);
        if (!cli["compliance"][i]["deadline_s"].is_null()) CHECK(shown.count("/compliance/" + std::to_string(i) + "/deadline_s") == 1);
    }

    // The words: money as the CLI prints it ("3,379,770 EUR": rounded from the card, not from the
    // JSON's cents, where 260,544.4999 is 260,544.50), statuses as it labels them.
    std::map<std::string, std::string> text_of;
    for (const auto& s : m.sections)
        for (const auto& r : s.rows)
            for (const auto& f : r.figures) text_of[f.pointer] = f.text;
    const std::string printed = CliOut("replay '" + journal + "'");
    REQUIRE(printed.find("BUSINESS IMPACT") != std::string::npos);
    auto printed_line = [&](const std::string& label) {
        const size_t at = printed.find("  " + label);
        return at == std::string::npos ? std::string() : printed.substr(at, printed.find('\n', at) - at);
    };
    const std::pair<const char*, const char*> cost_lines[] = {{"/impact/attacker_caused", "Caused by the attacker"},
                                                              {"/impact/self_inflicted", "Self-inflicted (defenders' own actions)"},
                                                              {"/impact/operations", "Operations failures (not an attack)"},
                                                              {"/impact/total", "Total downtime cost"}};
    for (const auto& [p, label] : cost_lines) {
        CAPTURE(p, printed_line(label));
        const std::string line = printed_line(label);
        REQUIRE_FALSE(line.empty());
        CHECK(line.size() >= text_of[p].size());
        CHECK(line.compare(line.size() - text_of[p].size(), std::string::npos, text_of[p]) == 0); // the line ends with it
    }
    for (size_t i = 0; i < cli["impact"]["services"].size(); ++i)
        if (cli["impact"]["services"][i]["total_s"] > 0) {
            const std::string p = "/impact/services/" + std::to_string(i) + "/cost";
            CAPTURE(p, text_of[p]);
            CHECK(printed.find(text_of[p]) != std::string::npos);
        }
    for (size_t i = 0; i < cli["compliance"].size(); ++i) {
        const std::string st = cli["compliance"][i]["status"];
        const std::map<std::string, std::string> words = {{"met", "MET"}, {"missed", "MISSED"}, {"open", "OPEN"},
                                                          {"not_triggered", "NOT TRIGGERED"}, {"sent_before_clock", "SENT BEFORE THE CLOCK STARTED"}};
        REQUIRE(words.count(st) == 1); // a status the app does not know would show as its identifier
        CHECK(text_of["/compliance/" + std::to_string(i) + "/status"] == words.at(st));
    }

    // The objectives: the report's ratings of the same journal (`breachdrill report --format json`).
    const nlohmann::json report = CliJson("report '" + journal + "' --format json --baseline-seeds 0");
    REQUIRE(report.is_object());
    REQUIRE(m.objectives.size() == report["objectives"].size());
    for (size_t i = 0; i < m.objectives.size(); ++i) {
        CHECK(m.objectives[i].objective == report["objectives"][i]["objective"]);
        CHECK(m.objectives[i].rating == report["objectives"][i]["rating"]);
    }

    if (std::string(c.scenario) == "faulty-vendor-update") {
        // The case of the issue: nobody attacks, the cost is all operations', and it is not 0.
        CHECK(cli["attack_start_s"].is_null());
        CHECK(cli["impact"]["operations"].get<double>() > 0);
        CHECK(cli["impact"]["total"] == cli["impact"]["operations"]);
        CHECK(text_of["/impact/total"] != bd::FormatMoney(0, cur));
        CHECK_FALSE(cli["compliance"].empty()); // NIS2
    }
}

TEST_CASE("App - the live downtime cost runs to the clock, not to the last record", "[ui]")
{
    App app;
    app.record_history = false;
    app.settings.scenario = "faulty-vendor-update"; // nobody plays: the crashed hosts stay down
    app.settings.seed = 1;
    app.settings.journal_path = TempJournal("live");
    REQUIRE(app.StartNow());
    app.AdvanceBy(2 * bd::kHour);
    const bd::Scorecard at2 = app.Score(); // paused: exact
    CHECK(at2.duration_s == app.Now());
    // The scoring library's own answer, as of the clock.
    bd::ScoreAccumulator acc;
    for (const auto& r : app.sim()->journal().Records()) acc.Feed(r);
    CHECK(bd::ToJson(at2) == bd::ToJson(acc.Result(app.Now())));
    REQUIRE(at2.impact.operations > 0);
    double per_hour_down = 0; // the services down now, and what an hour of them costs
    for (const auto& s : app.View()["services"])
        if (!s.value("up", true))
            for (const auto& d : at2.impact.downtime)
                if (d.id == s.value("id", "")) per_hour_down += d.cost_per_hour;
    REQUIRE(per_hour_down > 0);
    app.AdvanceBy(bd::kHour);
    const bd::Scorecard at3 = app.Score();
    CHECK(at3.duration_s == app.Now());
    CHECK(at3.impact.total() == Approx(at2.impact.total() + per_hour_down).epsilon(1e-9));
    // A player sees that same figure as the cost so far.
    app.role = Team::ITOps;
    const ScoreboardModel& m = app.Scoreboard();
    REQUIRE(m.sections.size() == 1);
    const auto& rows = m.sections[0].rows;
    REQUIRE(rows.size() == 3);
    CHECK(rows[2].label == "Downtime cost so far");
    REQUIRE(rows[2].figures.size() == 1);
    CHECK(rows[2].figures[0].value == bd::ToJson(at3)["impact"]["total"]);
    CHECK(rows[2].text == bd::FormatMoney(at3.impact.total(), "EUR"));
    // A served seat has no journal: the server's figure, in the scenario's currency all the same.
    ScoreboardInput served;
    served.served_cost = 108915.4;
    served.served_currency = "EUR";
    const ScoreboardModel sm = ScoreboardRows(served);
    REQUIRE(sm.sections.size() == 1);
    bool shown = false;
    for (const auto& r : sm.sections[0].rows)
        if (r.label == "Downtime cost so far") shown = r.text == "108,915 EUR";
    CHECK(shown);
}

TEST_CASE("App - the facilitator's header says what is true", "[ui]")
{
    SECTION("a scenario without an attacker")
    {
        App app;
        app.record_history = false;
        app.settings.scenario = "faulty-vendor-update";
        app.settings.journal_path = TempJournal("header-ops");
        REQUIRE(app.StartNow());
        app.AdvanceBy(bd::kDay);
        REQUIRE(app.CampaignStages().empty());
        const AttackerHeadline h = FacilitatorHeadline(app.View()["attacker"], app.CampaignStages().size(), app.AttackBegun());
        CHECK(h.text == "no attacker in this scenario");
        CHECK(h.tag.empty()); // not "[contained]", and never "stage 1/0"
    }
    SECTION("before the first technique, and after it")
    {
        App app = Started(true);
        REQUIRE_FALSE(app.CampaignStages().empty());
        REQUIRE_FALSE(app.AttackBegun());
        const AttackerHeadline before = FacilitatorHeadline(app.View()["attacker"], app.CampaignStages().size(), app.AttackBegun());
        CHECK(before.tag == "[no attack yet]");
        CHECK(before.text.rfind("stage 1/" + std::to_string(app.CampaignStages().size()) + ": ", 0) == 0);
        // Begun means what the scorecard's attack start means: the first technique that succeeded.
        for (int i = 0; i < 200 && !app.AttackBegun(); ++i) {
            app.AdvanceBy(bd::kHour);
            CHECK(app.AttackBegun() == bd::ComputeScorecard(app.Records()).attack_start_s.has_value());
        }
        REQUIRE(app.AttackBegun());
        const AttackerHeadline after = FacilitatorHeadline(app.View()["attacker"], app.CampaignStages().size(), true);
        CHECK((after.tag == "[active]" || after.tag == "[contained]"));
        CHECK(after.tag == (app.View()["attacker"].value("contained", true) ? "[contained]" : "[active]"));
    }
    SECTION("the words alone, from a view")
    {
        const nlohmann::json idle = {{"stage", 0}, {"stage_name", "(no stage left)"}, {"contained", true}, {"finished", false}};
        CHECK(FacilitatorHeadline(idle, 0, false).text == "no attacker in this scenario");
        CHECK(FacilitatorHeadline(idle, 0, true).text == "no attacker in this scenario");
        const nlohmann::json active = {{"stage", 2}, {"stage_name", "Lateral movement"}, {"contained", false}};
        CHECK(FacilitatorHeadline(active, 7, true).text == "stage 3/7: Lateral movement");
        CHECK(FacilitatorHeadline(active, 7, true).tag == "[active]");
    }
}

// [SECTION] The network map's logic (ui/map_model.h): what panel_map.cpp draws

using nlohmann::json;

namespace {
bd::SeatView MapSeat(std::vector<std::pair<std::string, std::string>> hosts, uint64_t rebuilt = 1)
{
    bd::SeatView v;
    v.team = Team::SecOps;
    v.rebuilt = rebuilt;
    for (size_t i = 0; i < hosts.size(); ++i) {
        bd::SeatHost h;
        h.id = hosts[i].first;
        h.zone = hosts[i].second;
        h.index = std::stoi(h.id.substr(h.id.find('-') + 1)); // the world's index: the id's number
        v.hosts.push_back(h);
    }
    return v;
}

// Where a host's tile is (world units): its box's left edge plus its slot's place in the box.
std::pair<float, float> TilePlace(const MapLayout& l, const std::string& id)
{
    const auto [b, k] = l.PlaceOf(id);
    if (b < 0) return {-1, -1};
    const auto& box = l.Boxes()[b];
    return {box.x + MapLayout::SlotX(box, k), MapLayout::SlotY(box, k)};
}
} // namespace

TEST_CASE("Map - a tile keeps its place as more hosts become known", "[ui]")
{
    MapNetwork net;
    net.zones = {{"internet", "Internet", true}, {"office", "Office", false}, {"server", "Servers", false}};
    net.flows = {{0, 1}, {1, 2}};
    SECTION("a host learnt later takes the next slot of its zone; the others stay where they were")
    {
        MapLayout l;
        REQUIRE(l.Update(MapSeat({{"ws-1", "office"}, {"ws-3", "office"}, {"fs-9", "server"}}), net));
        const auto ws1 = TilePlace(l, "ws-1"), ws3 = TilePlace(l, "ws-3"), fs9 = TilePlace(l, "fs-9");
        // The rows are in world order, so ws-2 comes between ws-1 and ws-3 in the seat's view:
        // the old grid put it in ws-3's place and moved ws-3 on.
        CHECK(l.Update(MapSeat({{"ws-1", "office"}, {"ws-2", "office"}, {"ws-3", "office"}, {"ws-4", "office"}, {"fs-9", "server"}}), net));
        CHECK(TilePlace(l, "ws-1") == ws1);
        CHECK(TilePlace(l, "ws-3") == ws3);
        CHECK(TilePlace(l, "fs-9") == fs9);
        CHECK(l.PlaceOf("ws-2") == std::make_pair(0, 2));
        CHECK(l.PlaceOf("ws-4") == std::make_pair(0, 3));
        // Each slot knows its host's row now (ws-3 moved from row 1 to row 2 of the seat's view).
        CHECK(l.Boxes()[0].rows == std::vector<int>{0, 2, 1, 3});
        // Nothing new: nothing changes.
        const uint64_t g = l.generation;
        CHECK_FALSE(l.Update(MapSeat({{"ws-1", "office"}, {"ws-2", "office"}, {"ws-3", "office"}, {"ws-4", "office"}, {"fs-9", "server"}}), net));
        CHECK(l.generation == g);
        // Another simulation (the view rebuilt): the layout starts over.
        CHECK(l.Update(MapSeat({{"ws-4", "office"}}, 2), net));
        CHECK(l.PlaceOf("ws-4") == std::make_pair(0, 0));
        CHECK(l.PlaceOf("ws-1").first == -1);
    }
    SECTION("a served seat's every view is a new build: the tiles stay as long as the connection does")
    {
        MapLayout l;
        l.Update(MapSeat({{"ws-1", "office"}, {"ws-3", "office"}}, 7), net, 1);
        const auto ws3 = TilePlace(l, "ws-3");
        l.Update(MapSeat({{"ws-1", "office"}, {"ws-2", "office"}, {"ws-3", "office"}}, 8), net, 1);
        CHECK(TilePlace(l, "ws-3") == ws3);
        CHECK(l.PlaceOf("ws-2") == std::make_pair(0, 2));
    }
    SECTION("a box grows downwards only: past a full row the next host starts a new row, the box keeps its width")
    {
        MapLayout l;
        std::vector<std::pair<std::string, std::string>> hosts;
        for (int i = 0; i < kMapMinCols; ++i) hosts.push_back({"ws-" + std::to_string(i), "office"});
        l.Update(MapSeat(hosts), net);
        const float width = l.Boxes()[0].Width(), server_x = l.Boxes()[1].x;
        hosts.push_back({"ws-" + std::to_string(kMapMinCols), "office"});
        l.Update(MapSeat(hosts), net);
        CHECK(l.Boxes()[0].Rows() == 2);
        CHECK(l.Boxes()[0].Width() == width);
        CHECK(l.Boxes()[1].x == server_x); // the next zone did not move either
        CHECK(TilePlace(l, "ws-" + std::to_string(kMapMinCols)) == std::make_pair(0.0f, kMapCell));
    }
    SECTION("ransomware-phish played for a day: no SecOps tile moves, and the map holds only the hosts SecOps knows")
    {
        App app = Started(true);
        app.role = Team::SecOps;
        const MapNetwork rnet = app.Network();
        MapLayout l;
        l.Update(app.Seat(), rnet);
        std::map<std::string, std::pair<float, float>> first;
        for (const auto& h : app.Seat().hosts) first[h.id] = TilePlace(l, h.id);
        for (int step = 0; step < 6; ++step) {
            app.AdvanceBy(4 * bd::kHour);
            const bd::SeatView& seat = app.Seat();
            l.Update(seat, rnet);
            for (const auto& h : seat.hosts) {
                auto [it, added] = first.emplace(h.id, TilePlace(l, h.id));
                CHECK(TilePlace(l, h.id) == it->second);
            }
            size_t placed = 0;
            for (const auto& b : l.Boxes()) {
                placed += b.hosts.size();
                for (size_t k = 0; k < b.hosts.size(); ++k) {
                    REQUIRE(b.rows[k] >= 0);
                    CHECK(seat.hosts[b.rows[k]].id == b.hosts[k]);
                }
            }
            CHECK(placed == seat.hosts.size());
        }
        // Siloed, SecOps sees fewer hosts than there are: the map shows no other.
        CHECK(app.Seat().hosts.size() < app.sim()->world().hosts.size());
    }
}

TEST_CASE("Map - the network, host search and the attacker's path", "[ui]")
{
    App app = Started(true);
    SECTION("the scenario's zones and flows; the zones in a row from the internet inwards")
    {
        const MapNetwork net = app.Network();
        REQUIRE(net.zones.size() == 5);
        CHECK(net.zones[0].internet);
        CHECK(net.Flows(net.Find("internet"), net.Find("dmz")));
        CHECK_FALSE(net.Flows(net.Find("internet"), net.Find("office")));
        CHECK(net.Flows(net.Find("office"), net.Find("internet")));
        CHECK(net.flows.size() == 10);
        // internet -> dmz (1 flow away) -> server (2) -> office, backup (3; in the scenario's order).
        std::vector<std::string> row;
        for (int z : ZonePlacement(net)) row.push_back(net.zones[z].id);
        CHECK(row == std::vector<std::string>{"dmz", "server", "office", "backup"});
        // The same network read back as a served seat gets it.
        const MapNetwork back = NetworkFromJson(NetworkJson(net));
        CHECK(back.flows == net.flows);
        CHECK(back.zones.size() == net.zones.size());
        CHECK(NetworkFromJson(json::parse(R"({"zones":[{"id":"a"}],"flows":[["a","nowhere"]]})")).flows.empty());
    }
    SECTION("search finds ws-036: the exact id first, then ids that start with the text, then the rest")
    {
        app.role = Team::ITOps;
        const auto& hosts = app.Seat().hosts;
        const std::vector<int> ws036 = MapSearch(hosts, "ws-036");
        REQUIRE(ws036.size() == 1);
        CHECK(hosts[ws036[0]].id == "ws-036");
        CHECK(hosts[MapSearch(hosts, "  WS-036 ")[0]].id == "ws-036");
        CHECK(MapSearch(hosts, "ws-03").size() == 10);
        CHECK(MapSearch(hosts, "").empty());
        CHECK(MapSearch(hosts, "nowhere").empty());
        const bd::SeatView s = MapSeat({{"db-01", "x"}, {"web-01", "x"}, {"ws-10", "x"}, {"ws-1", "x"}});
        const std::vector<int> ws1 = MapSearch(s.hosts, "ws-1");
        CHECK(ws1 == std::vector<int>{3, 2}); // ws-1 itself before ws-10
        CHECK(MapSearch(s.hosts, "01") == std::vector<int>{0, 1});
    }
    SECTION("the facilitator's map has the attacker's footholds and moves by stage; a player's has none")
    {
        app.AdvanceBy(3 * bd::kDay);
        AttackerPath path;
        path.Read(app.Records());
        REQUIRE_FALSE(path.Arrows().empty());
        const PathArrow& in = path.Arrows().front();
        CHECK(in.from.empty()); // the way in, from outside
        CHECK(in.stage == 0);
        CHECK(in.technique.rfind("T1566", 0) == 0);
        bool moved = false;
        for (const auto& a : path.Arrows()) moved = moved || (!a.from.empty() && a.from != a.to);
        CHECK(moved);
        app.role = Team::Facilitator;
        CHECK(PathFor(app.Seat(), path).size() == path.Arrows().size());
        CHECK(PathFor(app.Seat(), path, 0).size() < path.Arrows().size());
        for (const auto& a : PathFor(app.Seat(), path, 0)) CHECK(a.stage == 0);
        for (Team t : {Team::SecOps, Team::ITOps}) {
            app.role = t;
            CHECK(PathFor(app.Seat(), path).empty());
        }
        // Read again with nothing new: the same arrows, not twice.
        const size_t n = path.Arrows().size();
        path.Read(app.Records());
        CHECK(path.Arrows().size() == n);
    }
}

TEST_CASE("Map - drawn without a window for every seat, small and at 2,000 hosts", "[ui]")
{
    // ImGui without a window: a context, a font atlas, a display size; the map panel drawn into a
    // window of the map's size, frame after frame (the first fits, the next draw the fitted view).
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr; // no imgui.ini left in the folder the test runs in
    io.DisplaySize = ImVec2(1600, 900);
    io.DeltaTime = 1.0f / 60;
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    for (int64_t size : {0, 2000}) {
        App app;
        app.settings.scenario = "ransomware-phish";
        app.settings.seed = 7;
        app.settings.size = size;
        app.settings.itops_autopilot = app.settings.secops_autopilot = true;
        app.settings.journal_path = (std::filesystem::temp_directory_path() / "bd-ui-map-test.jsonl").string();
        app.record_history = false;
        REQUIRE(app.StartNow());
        app.AdvanceBy(2 * bd::kDay);
        for (Team t : {Team::Facilitator, Team::SecOps, Team::ITOps}) {
            INFO(bd::TeamName(t) << " at " << size << " hosts");
            app.role = t;
            app.selected_host = "ws-031";
            size_t vertices = 0;
            for (int frame = 0; frame < 3; ++frame) {
                ImGui::NewFrame();
                ImGui::SetNextWindowPos(ImVec2(0, 0));
                ImGui::SetNextWindowSize(ImVec2(580, 500));
                ImGui::Begin("Network map");
                DrawNetworkMap(app);
                ImGui::End();
                ImGui::Render();
                vertices = 0;
                for (int l = 0; l < ImGui::GetDrawData()->CmdListsCount; ++l) vertices += ImGui::GetDrawData()->CmdLists[l]->VtxBuffer.Size;
            }
            CHECK(vertices > 1000); // the zones, the flows, the tiles or cards were drawn
            CHECK(vertices < 65536); // within one draw list's 16-bit indices
        }
    }
    ImGui::DestroyContext();
}
