// test_net.cpp: multi-seat exercises over the network (net/, docs/multi-seat.md). Real sockets on
// loopback, CURVE on, the server on a thread of this process: join codes, refusals, what each seat
// may see (checked on every message of whole exercises), idempotent commands, reconnect and catch-up,
// a server stopped without warning and resumed from its journal, pause and hand-over, and a short
// form of the load test (bench/multiseat.sh runs the full one).
#include "bot.h"
#include "cacao.h"
#include "client.h"
#include "policy.h"
#include "protocol.h"
#include "run/replay.h"
#include "world/scenario.h"
#include "server.h"
#include "sim/simulation.h"
#include "test_world.h"

#include <catch2/catch.hpp>
#include <zmq.hpp>

#include <sys/stat.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <thread>

using namespace bd;
using nlohmann::json;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

std::unique_ptr<Simulation> NewSim(const std::string& journal, uint64_t seed = 1, OrgProfile org = OrgProfile::Siloed)
{
    RunOptions ro = bdtest::NoAutopilot(seed);
    ro.org = org;
    ro.scenario_ref = "ransomware-phish";
    ro.journal_path = journal;
    auto sim = bdtest::StartScenario("ransomware-phish", ro);
    REQUIRE(sim);
    return sim;
}

std::string TempPath(const std::string& name)
{
    const fs::path dir = fs::temp_directory_path() / ("bd-net-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const fs::path p = dir / name;
    fs::remove(p);
    return p.string();
}

// A server on its own thread, on a free loopback port.
struct Served {
    std::unique_ptr<net::Server> server;
    std::atomic<bool> stop{false};
    std::thread thread;
    std::string host_port;
    Served(std::unique_ptr<Simulation> sim, net::ServeOptions o, const net::CodesFile* reuse = nullptr)
    {
        o.bind = "127.0.0.1";
        o.port = 0;
        server = std::make_unique<net::Server>(std::move(sim), o);
        std::string err;
        REQUIRE(server->Open(err, reuse));
        host_port = "127.0.0.1:" + server->endpoint().substr(server->endpoint().rfind(':') + 1);
        thread = std::thread([this] { server->Run(stop); });
    }
    ~Served() { Stop(); }
    void Stop()
    {
        stop = true;
        if (thread.joinable()) thread.join();
    }
    std::string Code(const std::string& seat) const
    {
        for (const auto& s : server->codes().seats)
            if (s.seat == seat) return s.code;
        FAIL("no seat " << seat);
        return "";
    }
};

// How long a test waits for something that must happen. Patience, not a deadline: what a test
// asserts never depends on how fast the machine is (a loaded CI machine under ASan can be 20 times
// slower than a laptop); this only turns a hang into a failure before CTest's own timeout.
constexpr double kPatience = 240;

// Polls the clients until `done` or the time runs out. A short `seconds` is for letting messages
// arrive when nothing more is expected; a wait for something that must happen takes kPatience.
bool PollUntil(std::vector<net::Client*> clients, const std::function<bool()>& done, double seconds = kPatience)
{
    const auto end = Clock::now() + std::chrono::milliseconds((int64_t)(seconds * 1000));
    while (Clock::now() < end) {
        for (auto* c : clients) c->Poll(clients.size() > 1 ? 1 : 10);
        if (done()) return true;
    }
    return false;
}

net::ServeOptions FastOptions(double speed = 50000)
{
    net::ServeOptions o;
    o.autostart = true;
    o.speed = speed;
    o.linger_s = 30;
    o.view_interval_ms = 50;
    return o;
}

// Keys that are ground truth: never in a player's message.
const std::set<std::string> kTruthKeys = {"true_positive", "compromise", "persistence", "encrypted", "backup_intact",
                                          "cause", "attacker", "footholds", "stores", "expected", "objective", "outcome",
                                          "contingency", "happened", "gave_up", "c2_established", "seed", "journal"};
const std::set<std::string> kTruthRecords = {"header", "technique", "foothold", "credential", "c2", "staged", "exfiltration",
                                             "attacker", "script", "script_log", "warning", "inject_outcome", "operations"};

void FindTruth(const json& j, const std::string& path, std::vector<std::string>& found)
{
    if (j.is_object()) {
        for (auto it = j.begin(); it != j.end(); ++it) {
            if (kTruthKeys.count(it.key())) found.push_back(path + "/" + it.key());
            FindTruth(it.value(), path + "/" + it.key(), found);
        }
    } else if (j.is_array()) {
        for (size_t i = 0; i < j.size(); ++i) FindTruth(j[i], path + "/" + std::to_string(i), found);
    }
}

} // namespace

TEST_CASE("Net - join codes: the form / mistakes named / the codes file 0600 and read back", "[net]")
{
    net::CodesFile codes;
    std::string err;
    REQUIRE(net::NewCodes(2, codes, err));
    REQUIRE(codes.seats.size() == 5);
    CHECK(codes.seats[0].seat == "facilitator");
    CHECK(codes.seats[1].seat == "itops-1");
    CHECK(codes.seats[4].seat == "secops-2");
    std::set<std::string> distinct;
    for (const auto& s : codes.seats) {
        net::JoinCode jc;
        REQUIRE(net::ParseJoinCode(s.code, jc, err));
        CHECK(jc.server_key == codes.server.public_key);
        CHECK(jc.secret.size() == 23);
        distinct.insert(jc.secret);
    }
    CHECK(distinct.size() == 5);

    net::JoinCode jc;
    CHECK_FALSE(net::ParseJoinCode("abcde-fghij", jc, err));
    CHECK_THAT(err, Catch::Contains("not a join code"));
    CHECK_FALSE(net::ParseJoinCode(codes.seats[1].code.substr(0, codes.seats[1].code.size() - 3), jc, err));
    CHECK_THAT(err, Catch::Contains("cut or changed"));

    const std::string path = TempPath("codes.json");
    { std::ofstream(path) << "old"; }
    ::chmod(path.c_str(), 0644);
    REQUIRE(net::WriteCodesFile(path, codes, err));
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    net::CodesFile back;
    REQUIRE(net::ReadCodesFile(path, back, err));
    CHECK(back.server.public_key == codes.server.public_key);
    REQUIRE(back.seats.size() == codes.seats.size());
    CHECK(back.seats[3].code == codes.seats[3].code);
    { std::ofstream(path) << "{\"format\":\"something else\"}"; }
    CHECK_FALSE(net::ReadCodesFile(path, back, err));
    CHECK_THAT(err, Catch::Contains(path) && Catch::Contains("not a codes file"));
}

TEST_CASE("Net - a wrong code / another server's code and a code in use are refused with a reason", "[net]")
{
    Served s(NewSim(TempPath("refuse.jsonl")), FastOptions(1));
    auto refused = [&](const std::string& code) {
        net::Client c;
        std::string err;
        REQUIRE(c.Connect(s.host_port, code, err));
        PollUntil({&c}, [&] { return c.state() != net::Client::State::Connecting; });
        CHECK(c.state() == net::Client::State::Refused);
        return c.refusal();
    };
    const std::string good = s.Code("secops-1");
    const std::string key = good.substr(good.find('.') + 1);
    CHECK_THAT(refused("aaaaa-bbbbb-ccccc-ddddd." + key), Catch::Contains("unknown join code"));

    // The same code from a second program while the first is connected.
    net::Client first;
    std::string err;
    REQUIRE(first.Connect(s.host_port, good, err));
    REQUIRE(PollUntil({&first}, [&] { return first.has_view(); }));
    CHECK(first.team() == "secops");
    CHECK_THAT(refused(good), Catch::Contains("already in use"));
    // Once the first leaves, the code may join again (a player who changed laptops). The server
    // may not have read the leave yet: until it has, the code is still in use; then it joins.
    first.Leave();
    first.Poll(50);
    bool joined = false;
    std::string last_refusal;
    const auto patience = Clock::now() + std::chrono::seconds((int64_t)kPatience);
    while (!joined && Clock::now() < patience) {
        net::Client again;
        REQUIRE(again.Connect(s.host_port, good, err));
        PollUntil({&again}, [&] { return again.has_view() || again.state() == net::Client::State::Refused; });
        joined = again.has_view();
        if (!joined) {
            last_refusal = again.refusal();
            REQUIRE_THAT(last_refusal, Catch::Contains("already in use")); // nothing else may refuse it
        }
    }
    INFO(last_refusal);
    CHECK(joined);

    // A code of another server: its key differs, the CURVE handshake fails, nothing answers.
    net::CodesFile other;
    REQUIRE(net::NewCodes(1, other, err));
    net::Client stranger;
    REQUIRE(stranger.Connect(s.host_port, other.seats[2].code, err));
    CHECK_FALSE(PollUntil({&stranger}, [&] { return stranger.state() != net::Client::State::Connecting; }, 1.5));
}

TEST_CASE("Net - over a whole exercise / player seats receive no ground truth - the facilitator gets it all", "[net]")
{
    for (OrgProfile org : {OrgProfile::Siloed, OrgProfile::Converged}) {
        DYNAMIC_SECTION("org " << OrgName(org))
        {
            Served s(NewSim(TempPath("truth.jsonl"), 3, org), FastOptions(200000));
            net::Client sec, it, fac;
            std::string err;
            std::vector<std::string> leaks;
            std::map<std::string, int> seen[3];
            auto watch = [&](int i, net::Client& c) {
                c.on_message = [&, i](const json& m) {
                    const std::string type = m.value("type", "");
                    ++seen[i][type];
                    // The facilitator sees everything; the end message carries the scorecard, the
                    // debrief everyone sees once the exercise is over (as in the desktop app).
                    if (i == 0 || type == "end") return;
                    FindTruth(m, type, leaks);
                    if (type == "events")
                        for (const auto& e : m["events"]) {
                            ++seen[i]["record:" + e.value("type", "")];
                            if (kTruthRecords.count(e.value("type", ""))) leaks.push_back("record " + e.value("type", ""));
                        }
                };
            };
            watch(0, fac);
            watch(1, sec);
            watch(2, it);
            REQUIRE(fac.Connect(s.host_port, s.Code("facilitator"), err));
            REQUIRE(sec.Connect(s.host_port, s.Code("secops-1"), err));
            REQUIRE(it.Connect(s.host_port, s.Code("itops-1"), err));
            net::ViewBot sec_bot, it_bot;
            REQUIRE(PollUntil({&fac, &sec, &it}, [&] {
                sec_bot.Act(sec);
                it_bot.Act(it);
                return !sec.ended().is_null() && !it.ended().is_null() && !fac.ended().is_null();
            }));
            CHECK(leaks.empty());
            if (!leaks.empty()) FAIL("ground truth reached a player: " << json(leaks).dump());
            // They did play: alerts, views, their own commands answered, the end with the scorecard.
            CHECK(seen[1]["record:alert"] > 0);
            CHECK(seen[1]["record:command_done"] > 0);
            CHECK(seen[1]["view"] > 0);
            CHECK(seen[2]["view"] > 0);
            CHECK(sec.ended().contains("scorecard"));
            // The downtime cost so far reaches players (what the organisation itself knows), and
            // equals the facilitator's scorecard at the end.
            const auto& impact = sec.ended()["scorecard"]["impact"];
            const double total = impact.value("attacker_caused", 0.0) + impact.value("self_inflicted", 0.0) +
                                 impact.value("operations", 0.0) + impact.value("unattributed", 0.0);
            // The clock message after the end carries it; wait for that one, however late it comes.
            PollUntil({&fac, &sec, &it}, [&] { return std::fabs(it.clock().value("downtime_cost", -1.0) - total) <= 0.05; });
            CHECK(it.clock().value("downtime_cost", -1.0) == Approx(total).margin(0.05));
            // The facilitator saw the attacker's moves and the truth of alerts.
            CHECK(seen[0]["events"] > 0);
            bool technique = false, truth = false;
            for (const auto& e : fac.events()) {
                technique |= e.value("type", "") == "technique";
                truth |= e.contains("true_positive");
            }
            CHECK(technique);
            CHECK(truth);
            // Everyone's event stream is the journal's order, without gaps or doubles.
            for (auto* c : {&fac, &sec, &it}) {
                int64_t last = -1;
                for (const auto& e : c->events()) {
                    CHECK(e.value("seq", (int64_t)-1) > last);
                    last = e.value("seq", (int64_t)-1);
                }
            }
            CHECK(fac.events().size() == s.server->sim().journal().Records().size());
        }
    }
}

TEST_CASE("Net - a command sent twice with the same id is applied once", "[net]")
{
    const std::string journal = TempPath("dup.jsonl");
    Served s(NewSim(journal), FastOptions(1));
    // A raw seat, to send exactly what a seat re-sending after a lost answer sends.
    zmq::context_t ctx;
    zmq::socket_t d(ctx, zmq::socket_type::dealer);
    net::KeyPair mine;
    std::string err;
    REQUIRE(net::NewKeyPair(mine, err));
    const std::string code = s.Code("itops-1");
    d.set(zmq::sockopt::curve_serverkey, code.substr(code.find('.') + 1));
    d.set(zmq::sockopt::curve_publickey, mine.public_key);
    d.set(zmq::sockopt::curve_secretkey, mine.secret_key);
    d.set(zmq::sockopt::linger, 0);
    d.connect("tcp://" + s.host_port);
    auto send = [&](const json& m) { d.send(zmq::buffer(m.dump())); };
    auto next = [&](const std::string& type) {
        const auto end = Clock::now() + std::chrono::seconds((int64_t)kPatience);
        while (Clock::now() < end) {
            zmq::message_t f;
            if (!d.recv(f, zmq::recv_flags::dontwait)) { std::this_thread::sleep_for(std::chrono::milliseconds(5)); continue; }
            json m = json::parse(f.to_string());
            if (m["type"] == type) return m;
        }
        FAIL("no " << type << " message");
        return json();
    };
    send(net::Message("hello", {{"code", code}, {"session", "raw1"}, {"since", -1}}));
    CHECK(next("welcome")["team"] == "itops");
    const json cmd = net::Message("command", {{"cid", "raw1:1"}, {"cmd", {{"kind", "send_message"}, {"value", "secops"}, {"text", "hello SOC"}, {"team", "secops"}}}});
    send(cmd);
    const json a1 = next("ack");
    CHECK(a1["ok"] == true);
    send(cmd);
    const json a2 = next("ack");
    CHECK(a2["duplicate"] == true);
    CHECK(a2["id"] == a1["id"]);
    // Fields of the wrong type, garbage, another version: each refused, the server goes on.
    send(net::Message("resync", {{"since", "yesterday"}}));
    CHECK_THAT(next("error").value("message", ""), Catch::Contains("message refused"));
    d.send(zmq::buffer(std::string("{not json")));
    CHECK_THAT(next("error").value("message", ""), Catch::Contains("not a JSON object"));
    send(json{{"v", 99}, {"type", "ping"}});
    CHECK_THAT(next("error").value("message", ""), Catch::Contains("protocol version 99"));
    send(net::Message("command", {{"cid", "raw1:2"}, {"cmd", {{"kind", "send_message"}, {"text", 42}}}}));
    CHECK(next("ack")["ok"] == false);
    send(cmd);
    CHECK(next("ack")["duplicate"] == true); // still serving
    s.Stop();
    int copies = 0;
    for (const auto& r : s.server->sim().journal().Records())
        if (r["type"] == "command" && r["cmd"].value("client_id", "") == "raw1:1") {
            ++copies;
            CHECK(r["cmd"]["team"] == "itops"); // the seat's team, whatever the message claimed
            CHECK(r["cmd"]["issuer"] == "seat:itops-1");
        }
    CHECK(copies == 1);
}

TEST_CASE("Net - a server stopped without warning resumes from its journal - seats reconnect and catch up / nothing lost or doubled", "[net]")
{
    const std::string journal = TempPath("kill.jsonl");
    net::CodesFile codes;
    std::string err;
    net::Client sec;
    std::vector<std::string> cids;
    {
        Served s(NewSim(journal), FastOptions(3000));
        codes = s.server->codes();
        REQUIRE(sec.Connect(s.host_port, s.Code("secops-1"), err));
        REQUIRE(PollUntil({&sec}, [&] { return sec.has_view() && sec.clock().value("time", 0) > 20000; }));
        cids.push_back(sec.Post({{"kind", "send_message"}, {"value", "itops"}, {"text", "before the crash"}}));
        REQUIRE(PollUntil({&sec}, [&] { return sec.Unanswered() == 0; }));
        codes.endpoint = s.host_port;
        // The server dies: no end record, no goodbye. (Its port is the resumed one's too.)
        s.Stop();
    }
    const int64_t had = sec.events_through();
    REQUIRE(had > 0);
    // While it is down, the player acts: the command waits in the seat's outbox.
    cids.push_back(sec.Post({{"kind", "send_message"}, {"value", "itops"}, {"text", "while the server was down"}}));
    sec.Poll(50);

    ResumeOutcome out = ResumeJournal(journal);
    REQUIRE(out.error.empty());
    net::ServeOptions o = FastOptions(3000);
    o.bind = "127.0.0.1";
    o.port = std::stoi(codes.endpoint.substr(codes.endpoint.rfind(':') + 1));
    net::Server server(std::move(out.sim), o);
    REQUIRE(server.Open(err, &codes));
    std::atomic<bool> stop{false};
    std::thread t([&] { server.Run(stop); });
    const bool caught_up = PollUntil({&sec}, [&] { return sec.Unanswered() == 0 && sec.reconnects() > 0 && sec.events_through() > had + 5; });
    stop = true;
    t.join();
    REQUIRE(caught_up);
    // One copy of each command in the journal, and the seat's events continue without a gap or a double.
    std::map<std::string, int> copies;
    for (const auto& r : server.sim().journal().Records())
        if (r["type"] == "command") ++copies[r["cmd"].value("client_id", "")];
    for (const auto& cid : cids) CHECK(copies[cid] == 1);
    int64_t last = -1;
    for (const auto& e : sec.events()) {
        REQUIRE(e.value("seq", (int64_t)-1) > last);
        last = e.value("seq", (int64_t)-1);
    }
    bool down_message = false;
    for (const auto& e : sec.events())
        down_message |= e.value("type", "") == "command_done" && e["cmd"].value("text", "") == "while the server was down";
    CHECK(down_message);
}

TEST_CASE("Net - the facilitator pauses for everyone and hands a seat to its autopilot", "[net]")
{
    Served s(NewSim(TempPath("pause.jsonl")), FastOptions(2000));
    net::Client fac, it;
    std::string err;
    REQUIRE(fac.Connect(s.host_port, s.Code("facilitator"), err));
    REQUIRE(it.Connect(s.host_port, s.Code("itops-1"), err));
    REQUIRE(PollUntil({&fac, &it}, [&] { return fac.has_view() && it.has_view() && it.clock().value("time", 0) > 3600; }));
    it.Control("pause"); // a player may not
    REQUIRE(PollUntil({&fac, &it}, [&] { return !it.last_error().empty(); }));
    CHECK_THAT(it.last_error(), Catch::Contains("only the facilitator"));
    fac.Control("pause");
    REQUIRE(PollUntil({&fac, &it}, [&] { return it.clock().value("running", true) == false; }));
    const int64_t paused_at = it.clock().value("time", (int64_t)0);
    PollUntil({&fac, &it}, [] { return false; }, 1.2);
    CHECK(it.clock().value("time", (int64_t)0) == paused_at);
    CHECK(s.server->sim().Now() == paused_at);

    // As the app's Seats tab posts it (with the facilitator's role).
    const std::string hand = fac.Post({{"kind", "set_autopilot"}, {"target", "itops"}, {"value", "on"}, {"role", "facilitator"}});
    REQUIRE(PollUntil({&fac, &it}, [&] { return fac.Answer(hand) != nullptr; }));
    CHECK((*fac.Answer(hand))["ok"] == true);
    REQUIRE(PollUntil({&fac, &it}, [&] {
        for (const auto& seat : fac.seats())
            if (seat["seat"] == "itops-1") return seat.value("autopilot", false);
        return false;
    }));
    fac.Control("resume");
    // Two more hours of play, or the end if the exercise ends sooner (where the pause fell in the
    // exercise depends on how fast the machine is; the clock must run again either way).
    REQUIRE(PollUntil({&fac, &it}, [&] { return it.clock().value("time", (int64_t)0) > paused_at + 7200 || !it.ended().is_null(); }));
    CHECK(it.clock().value("time", (int64_t)0) > paused_at);
    // A player may not hand seats over.
    const std::string mine = it.Post({{"kind", "set_autopilot"}, {"target", "secops"}, {"value", "on"}});
    REQUIRE(PollUntil({&fac, &it}, [&] { return it.Answer(mine) != nullptr; }));
    CHECK((*it.Answer(mine))["code"] == "permission");
    s.Stop();
    // The hand-over is in the journal, so a replay plays the autopilot from the same moment.
    bool journaled = false;
    for (const auto& r : s.server->sim().journal().Records())
        journaled |= r["type"] == "command" && r["cmd"]["kind"] == "set_autopilot";
    CHECK(journaled);
}

TEST_CASE("Net - a served exercise with a SecOps runbook - its seats see the checklist and the autopilot works it", "[net][runbook]")
{
    // The real CACAO playbook of the runbook tests (tests/interop/data/cacao/), as `serve --runbook
    // secops=FILE` gives it: in the run options, journaled at the start.
    std::ifstream in(std::string(BD_SOURCE_DIR) + "/tests/interop/data/cacao/containment-playbook.json", std::ios::binary);
    REQUIRE(in);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const CacaoImport im = ImportCacao(text, "containment-playbook.json");
    REQUIRE(im.Ok());
    RunOptions ro = bdtest::NoAutopilot(1);
    ro.scenario_ref = "ransomware-phish";
    ro.journal_path = TempPath("runbook.jsonl");
    ro.runbooks[1] = im.runbook;
    auto sim = bdtest::StartScenario("ransomware-phish", ro);
    REQUIRE(sim);
    Served s(std::move(sim), FastOptions());
    net::Client fac, sec, it;
    std::string err;
    REQUIRE(fac.Connect(s.host_port, s.Code("facilitator"), err));
    REQUIRE(sec.Connect(s.host_port, s.Code("secops-1"), err));
    REQUIRE(it.Connect(s.host_port, s.Code("itops-1"), err));
    REQUIRE(PollUntil({&fac, &sec, &it}, [&] { return fac.has_view() && sec.has_view() && it.has_view(); }));
    // The team's own checklist, step by step; the other team has none; the facilitator sees it.
    REQUIRE(sec.view().contains("runbook"));
    REQUIRE(sec.view()["runbook"]["steps"].size() == im.runbook.steps.size());
    for (const auto& step : sec.view()["runbook"]["steps"]) CHECK(step["status"] != "done");
    CHECK_FALSE(it.view().contains("runbook"));
    CHECK(fac.view()["runbooks"].contains("secops"));

    // A checklist item ticked by the seat (the app's box posts this), one by the facilitator: the
    // seat's next view says who ticked each; ITOps may not tick SecOps' runbook.
    const std::string mine = sec.Post({{"kind", "tick_step"}, {"target", "secops"}, {"value", "6"}});
    const std::string theirs = fac.Post({{"kind", "tick_step"}, {"target", "secops"}, {"value", "7"}, {"role", "facilitator"}});
    const std::string other = it.Post({{"kind", "tick_step"}, {"target", "secops"}, {"value", "6"}, {"text", "untick"}});
    REQUIRE(PollUntil({&fac, &sec, &it}, [&] {
        const auto& steps = sec.view()["runbook"]["steps"];
        return sec.Answer(mine) && fac.Answer(theirs) && it.Answer(other) && steps[5]["status"] == "ticked" && steps[6]["status"] == "ticked";
    }));
    CHECK((*sec.Answer(mine))["ok"] == true);
    CHECK((*it.Answer(other))["code"] == "permission");
    CHECK(sec.view()["runbook"]["steps"][5]["ticked_by"] == "secops");
    CHECK(sec.view()["runbook"]["steps"][6]["ticked_by"] == "facilitator");
    CHECK(sec.view()["runbook"]["checklist_ticked"] == 2);

    // Handed to its autopilot (as the app's Seats tab posts it), the seat works the runbook: its
    // steps turn done in the seat's own view, over the network.
    const std::string hand = fac.Post({{"kind", "set_autopilot"}, {"target", "secops"}, {"value", "on"}, {"role", "facilitator"}});
    REQUIRE(PollUntil({&fac, &sec, &it}, [&] { return fac.Answer(hand) != nullptr; }));
    CHECK((*fac.Answer(hand))["ok"] == true);
    auto done_steps = [&] {
        size_t n = 0;
        for (const auto& step : sec.view()["runbook"]["steps"]) n += step["status"] == "done";
        return n;
    };
    REQUIRE(PollUntil({&fac, &sec, &it}, [&] { return done_steps() > 0 || !sec.ended().is_null(); }));
    CHECK(done_steps() > 0);
    s.Stop();
    const auto& records = s.server->sim().journal().Records();
    REQUIRE(records.size() > 1);
    CHECK(records[1]["type"] == "runbooks");
    CHECK(records[1]["runbooks"].contains("secops"));
}

TEST_CASE("Net - load / short form: 10 seats x 10 commands a second / nothing lost or doubled / a silent seat stalls no one", "[net]")
{
    net::ServeOptions o = FastOptions(60);
    o.view_interval_ms = 200; // the default: views follow commands, and the clock's moves at most 5 a second
    o.seats_per_team = 5;
    o.stats_path = TempPath("load-stats.json");
    Served s(NewSim(TempPath("load.jsonl")), o);
    std::vector<std::unique_ptr<net::Client>> seats;
    std::string err;
    for (const char* team : {"itops", "secops"})
        for (int i = 1; i <= 5; ++i) {
            seats.push_back(std::make_unique<net::Client>());
            REQUIRE(seats.back()->Connect(s.host_port, s.Code(std::string(team) + "-" + std::to_string(i)), err));
        }
    std::vector<net::Client*> all;
    for (auto& c : seats) all.push_back(c.get());
    REQUIRE(PollUntil(all, [&] { return std::all_of(all.begin(), all.end(), [](auto* c) { return c->has_view(); }); }));
    // The facilitator's seat joins and then never reads: its queue fills, nothing else waits.
    net::Client silent;
    REQUIRE(silent.Connect(s.host_port, s.Code("facilitator"), err));
    PollUntil({&silent}, [&] { return silent.has_view(); });

    // 30 commands per seat at 10 a second (at most: a slow build, e.g. under ASan, takes longer to
    // poll, and then sends them as fast as it can; every one must still arrive exactly once).
    std::vector<std::string> cids;
    const auto start = Clock::now();
    int sent = 0;
    while (sent < 30) {
        const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
        while (sent < std::min(30, 1 + (int)(elapsed * 10))) {
            for (auto* c : all) cids.push_back(c->Post({{"kind", "send_message"}, {"value", c->team()}, {"text", "load"}}));
            ++sent;
        }
        for (auto* c : all) c->Poll(0);
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    REQUIRE(PollUntil(all, [&] { return std::all_of(all.begin(), all.end(), [](auto* c) { return c->Unanswered() == 0; }); }));
    s.Stop();
    std::map<std::string, int> copies;
    size_t with_id = 0;
    for (const auto& r : s.server->sim().journal().Records())
        if (r["type"] == "command" && r["cmd"].contains("client_id")) ++copies[r["cmd"]["client_id"].get<std::string>()], ++with_id;
    CHECK(with_id == cids.size());
    for (const auto& cid : cids) CHECK(copies[cid] == 1);
    const auto& st = s.server->stats();
    CHECK(st.commands == cids.size());
    INFO("server command-to-view latency: " << st.ToJson().dump());
    CHECK(st.latency_ms.size() > cids.size() / 2);
}

TEST_CASE("Net - a Lua policy plays a seat from the client - a hostile one is stopped and the seat goes on", "[net]")
{
    const std::string soc = TempPath("soc.lua"), loop = TempPath("loop.lua"), bad = TempPath("bad.lua");
    std::ofstream(soc) << "local n = 0\n"
                          "function on_alert(a)\n"
                          "  n = n + 1\n"
                          "  local ok, err, code = bd.post{kind = 'triage_alert', target = a.id, value = 'true_positive'}\n"
                          "  assert(ok == true)\n"
                          "  assert(bd.post{kind = 'isolate_host', team = 'itops', target = 'x'} == nil)\n"
                          "  assert(bd.seat() == 'secops' and bd.now() >= 0 and #bd.hosts() > 0)\n"
                          "end\n";
    std::ofstream(loop) << "function on_alert(a) while true do end end\n";
    std::ofstream(bad) << "function on_alert(a) oops(\n";
    Served s(NewSim(TempPath("policy.jsonl")), FastOptions(100000));
    net::Client sec, it;
    std::string err;
    REQUIRE(sec.Connect(s.host_port, s.Code("secops-1"), err));
    REQUIRE(it.Connect(s.host_port, s.Code("itops-1"), err));
    REQUIRE(PollUntil({&sec, &it}, [&] { return sec.has_view() && it.has_view(); }));
    net::PolicyHost syntax(it);
    CHECK_FALSE(syntax.Load(bad, err));
    CHECK_THAT(err, Catch::Contains("bad.lua"));
    net::PolicyHost good(sec), hostile(it);
    REQUIRE(good.Load(soc, err));
    REQUIRE(hostile.Load(loop, err));
    REQUIRE(PollUntil({&sec, &it}, [&] {
        good.Step();
        hostile.Step();
        return !sec.ended().is_null() && !it.ended().is_null() && sec.Unanswered() == 0;
    }));
    CHECK(good.enabled());
    CHECK(good.posted() > 0);
    CHECK_FALSE(hostile.enabled());
    CHECK_THAT(hostile.failure(), Catch::Contains("instruction budget") && Catch::Contains("loop.lua"));
    // The loop did not hang the seat: Step() returned after each call, or the wait above could not
    // have ended (a hang is CTest's timeout, not a wall-clock check here).
    good.Step(); // the last answers
    s.Stop();
    int triaged = 0;
    for (const auto& r : s.server->sim().journal().Records())
        if (r["type"] == "command" && r["cmd"]["kind"] == "triage_alert" && r["cmd"]["issuer"] == "seat:secops-1") ++triaged;
    // Every post is journaled or refused: an alert that reached the seat as the exercise ended is
    // triaged too late and refused ("the exercise has ended"); nothing else may be.
    CHECK(triaged + good.refused() == good.posted());
    CHECK(triaged > 0); // the seat went on playing after its partner's policy was stopped
}
