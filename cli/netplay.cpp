// netplay.cpp: `breachdrill serve` and `breachdrill client` (see netplay.h).
#include "netplay.h"

#include "bot.h"
#include "client.h"
#include "policy.h"
#include "run/replay.h"
#include "scorecard.h"
#include "server.h"
#include "sim/simulation.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cmath>
#include <cstdio>
#include <thread>

namespace bd::cli {

using nlohmann::json;

const char* const kServeHelp = R"HELP(Usage: breachdrill serve SCENARIO --codes FILE [options]
       breachdrill serve --resume JOURNAL --codes FILE [options]

Hosts one exercise for seats on the network (docs/multi-seat.md): the server owns the engine and the
journal, takes the seats' commands, and sends each seat only its role's view and events. It writes
one join code per seat to FILE (JSON, mode 0600: give each player only their own code) and prints
where it listens. The clock waits for the facilitator (or --autostart), then runs at --speed.
Ctrl-C stops the server and leaves the exercise resumable (--resume).

Options:
  --codes FILE             where to write the join codes (required); with --resume, the codes file of
                           the interrupted exercise, reused so the seats reconnect with their codes
  --port P                 the TCP port (default 7878; 0 picks a free one)
  --bind ADDR              the interface address to listen on (default: every interface, *)
  --seats N                seats per team: codes itops-1..N and secops-1..N (default 1), plus the
                           facilitator's
  --speed S                simulated seconds per real second while the clock runs (default 60)
  --autostart              start the clock at once instead of waiting for the facilitator
  --journal FILE           the exercise journal (default SCENARIO-seedN-serve.jsonl here)
  --resume JOURNAL         pick an interrupted exercise up from its journal (a killed server)
  --linger SECONDS         keep answering this long after the exercise ended (default 300)
  --stats FILE             write the command-to-view latency figures (JSON) here at exit
  --seed N, --org siloed|converged, --size N
                           as for `breachdrill run`
  --autopilot WHO          seats the built-in responders play from the start: none (default), all,
                           itops, secops (the facilitator can hand a seat over later: set_autopilot)
  --runbook TEAM=FILE      the team's runbook (itops or secops; once per team), as for `run`: each seat
                           of the team sees it as a checklist in its view, its autopilot follows it

Example:
  breachdrill serve ransomware-phish --seed 7 --port 7878 --codes codes.json
)HELP";

const char* const kClientHelp = R"HELP(Usage: breachdrill client HOST:PORT --code CODE [options]

Joins a served exercise (breachdrill serve) as the seat of CODE, headless. Prints what the seat
receives as it goes (-q for less), or:

Options:
  --dump-view              print the seat's current view as JSON and exit
  --post JSON              post one command as the seat, e.g. '{"kind":"add_note","text":"..."}' or
                           '{"kind":"set_autopilot","target":"itops","value":"on"}' (docs/commands.md),
                           print the server's answer as JSON and exit (1 if refused)
  --control ACTION         the facilitator's clock for everyone: pause, resume, or speed with --value N
                           (simulated seconds per second); prints the clock as JSON and exits
  --autopilot              play the seat with a simple view-driven responder (net/bot.h) until the
                           exercise ends, then print the scorecard
  --policy FILE            play the seat with a Lua policy (docs/lua-api.md, section 9: the same file
                           `run --secops-policy` takes), in the same sandbox; exit 1 if it failed
  --load RATE              send RATE commands a second (messages to the own team) ...
  --for SECONDS            ... for this long (default 60), then print latency figures as JSON
  --timeout SECONDS        give up joining after this long (default 15)

Once joined, a seat whose server goes silent keeps trying to rejoin (a restarted server, serve
--resume, picks it up): Ctrl-C leaves. Exit codes: 0 done, 1 refused, no answer when joining, or a
--policy that failed, 2 bad usage.

Examples:
  breachdrill client 192.168.1.20:7878 --code abcde-fghij-kmnpq-rstuv.<...> --dump-view
  breachdrill client localhost:7878 --code "$(jq -r '.seats[1].code' codes.json)" --autopilot
)HELP";

namespace {

std::atomic<bool> g_stop{false};
void OnSignal(int) { g_stop.store(true); }

bool ParseNumber(const std::string& s, double lo, double hi, double& out)
{
    char* end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    if (s.empty() || !end || *end || !(v >= lo && v <= hi)) return false;
    out = v;
    return true;
}

} // namespace

int Serve(const Positional& positional, const Options& options, const std::function<std::unique_ptr<Simulation>(int& rc)>& make_sim)
{
    net::ServeOptions so;
    so.codes_path = Get(options, "--codes");
    if (so.codes_path.empty()) return UsageError("--codes FILE is required: the join codes are written there", kServeHelp);
    double v = 0;
    if (options.count("--port")) {
        if (!ParseNumber(Get(options, "--port"), 0, 65535, v) || v != std::floor(v)) return UsageError("--port must be 0 to 65535", kServeHelp);
        so.port = (int)v;
    }
    if (options.count("--seats")) {
        if (!ParseNumber(Get(options, "--seats"), 1, 100, v) || v != std::floor(v)) return UsageError("--seats must be 1 to 100", kServeHelp);
        so.seats_per_team = (int)v;
    }
    if (options.count("--speed") && !ParseNumber(Get(options, "--speed"), 1, 100000, so.speed))
        return UsageError("--speed must be 1 to 100000 simulated seconds per second", kServeHelp);
    if (options.count("--linger") && !ParseNumber(Get(options, "--linger"), 0, 86400, so.linger_s))
        return UsageError("--linger must be 0 to 86400 seconds", kServeHelp);
    so.bind = Get(options, "--bind", "*");
    so.autostart = options.count("--autostart") > 0;
    so.stats_path = Get(options, "--stats");

    std::unique_ptr<Simulation> sim;
    net::CodesFile reuse;
    const bool resuming = options.count("--resume") > 0;
    if (resuming) {
        if (!positional.empty()) return UsageError("--resume takes the journal; name no SCENARIO", kServeHelp);
        std::string error;
        if (!net::ReadCodesFile(so.codes_path, reuse, error)) {
            spdlog::error("{} (with --resume, --codes names the interrupted exercise's codes file)", error);
            return 1;
        }
        ResumeOutcome out = ResumeJournal(Get(options, "--resume"));
        for (const auto& w : out.warnings) spdlog::warn("{}", w);
        if (!out.error.empty()) {
            spdlog::error("{}", out.error);
            return 1;
        }
        if (reuse.scenario != out.sim->scenario().id) {
            spdlog::error("{}: these codes are for scenario '{}', the journal is '{}'", so.codes_path, reuse.scenario, out.sim->scenario().id);
            return 1;
        }
        sim = std::move(out.sim);
        spdlog::info("resumed {} at t={} ({} records kept)", Get(options, "--resume"), sim->Now(), out.recovered_records);
    } else {
        int rc = 0;
        sim = make_sim(rc);
        if (!sim) return rc;
    }
    net::Server server(std::move(sim), so);
    std::string error;
    if (!server.Open(error, resuming ? &reuse : nullptr)) {
        spdlog::error("{}", error);
        return 1;
    }
    const Simulation& s = server.sim();
    std::printf("breachdrill serve: %s, listening on %s\n", s.scenario().id.c_str(), server.endpoint().c_str());
    std::printf("join codes (one per seat, mode 0600): %s\n", so.codes_path.c_str());
    for (const auto& seat : server.codes().seats) std::printf("  %-12s %s\n", seat.seat.c_str(), seat.team.c_str());
    std::printf("journal: %s\n", s.journal().Path().c_str());
    std::printf("%s\n", so.autostart ? "the clock is running" : "the clock waits for the facilitator (resume)");
    std::fflush(stdout);
    std::signal(SIGINT, OnSignal);
    std::signal(SIGTERM, OnSignal);
    server.Run(g_stop);
    if (!s.Finished())
        std::printf("stopped at t=%lld; the exercise can go on: breachdrill serve --resume %s --codes %s\n", (long long)s.Now(),
                    s.journal().Path().c_str(), so.codes_path.c_str());
    else
        std::printf("the exercise is over: %s, state hash %s\n", EndReasonName(s.EndedBecause()),
                    s.journal().Records().back().value("state_hash", "").c_str());
    const json st = server.stats().ToJson();
    std::printf("commands %llu (duplicates ignored %llu), command-to-view latency p50 %.1f ms, p99 %.1f ms\n",
                (unsigned long long)st["commands"].get<uint64_t>(), (unsigned long long)st["duplicates"].get<uint64_t>(),
                st["latency_ms"]["p50"].get<double>(), st["latency_ms"]["p99"].get<double>());
    return 0;
}

int Client(const Positional& positional, const Options& options)
{
    if (positional.size() != 1) return UsageError("name the server as HOST:PORT", kClientHelp);
    const std::string code = Get(options, "--code");
    if (code.empty()) return UsageError("--code CODE is required (the facilitator gives each seat its code)", kClientHelp);
    double timeout_s = 15, rate = 0, for_s = 60;
    if (options.count("--timeout") && !ParseNumber(Get(options, "--timeout"), 0.1, 3600, timeout_s)) return UsageError("--timeout must be 0.1 to 3600 seconds", kClientHelp);
    if (options.count("--load") && !ParseNumber(Get(options, "--load"), 0.1, 10000, rate)) return UsageError("--load must be 0.1 to 10000 commands a second", kClientHelp);
    if (options.count("--for") && !ParseNumber(Get(options, "--for"), 0.1, 86400, for_s)) return UsageError("--for must be 0.1 to 86400 seconds", kClientHelp);
    const bool dump = options.count("--dump-view") > 0, autopilot = options.count("--autopilot") > 0;
    const std::string policy_path = Get(options, "--policy");
    if (autopilot && !policy_path.empty()) return UsageError("--autopilot or --policy, not both", kClientHelp);

    net::Client c;
    std::string error;
    if (!c.Connect(positional[0], code, error)) {
        spdlog::error("{}", error);
        return 1;
    }
    using Clock = std::chrono::steady_clock;
    const auto give_up = Clock::now() + std::chrono::milliseconds((int64_t)(timeout_s * 1000));
    while (c.state() == net::Client::State::Connecting || !c.has_view()) {
        c.Poll(50);
        if (c.state() == net::Client::State::Refused) {
            spdlog::error("the server refused the code: {}", c.refusal());
            return 1;
        }
        if (Clock::now() > give_up) {
            spdlog::error("no answer from {} in {} s: is `breachdrill serve` running there, is the port open, and is this code for that "
                          "server? (a code for another server gets no answer: the encryption handshake fails)",
                          positional[0], timeout_s);
            return 1;
        }
    }
    spdlog::info("joined as {} ({}), scenario {}", c.seat(), c.team(), c.welcome()["scenario"].value("title", ""));
    std::signal(SIGINT, OnSignal);
    std::signal(SIGTERM, OnSignal);
    if (dump) {
        std::printf("%s\n", c.view().dump(2).c_str());
        c.Leave();
        return 0;
    }
    if (options.count("--post")) {
        // One command, as the GUI's buttons post them; the answer is the server's.
        const json cmd = json::parse(Get(options, "--post"), nullptr, false);
        if (!cmd.is_object()) return UsageError("--post takes a JSON object: {\"kind\": \"...\", \"target\": \"...\"}", kClientHelp);
        const std::string cid = c.Post(cmd);
        const auto until = Clock::now() + std::chrono::seconds(10);
        while (!c.Answer(cid) && Clock::now() < until && !g_stop.load()) c.Poll(20);
        const json* a = c.Answer(cid);
        std::printf("%s\n", a ? a->dump().c_str() : "{\"ok\":false,\"message\":\"no answer in 10 s\"}");
        c.Leave();
        return a && a->value("ok", false) ? 0 : 1;
    }
    if (options.count("--control")) {
        const std::string action = Get(options, "--control");
        double value = 0;
        if (action != "pause" && action != "resume" && action != "speed") return UsageError("--control is pause, resume or speed", kClientHelp);
        if (action == "speed" && !ParseNumber(Get(options, "--value"), 1, 100000, value))
            return UsageError("--control speed needs --value N (1 to 100000 simulated seconds per second)", kClientHelp);
        c.Control(action, value);
        // The server answers with the clock (or an error for a player's seat).
        const auto until = Clock::now() + std::chrono::seconds(5);
        auto done = [&] {
            const json& k = c.clock();
            if (action == "pause") return !k.value("running", true);
            if (action == "resume") return k.value("running", false) || k.value("finished", false);
            return k.value("speed", 0.0) == value;
        };
        while (!done() && c.last_error().empty() && Clock::now() < until && !g_stop.load()) c.Poll(20);
        c.Leave();
        if (!c.last_error().empty()) {
            spdlog::error("{}", c.last_error());
            return 1;
        }
        std::printf("%s\n", c.clock().dump().c_str());
        return done() ? 0 : 1;
    }
    if (rate > 0) {
        // Load: commands at a steady rate, then wait for every answer and the views that include them.
        const auto start = Clock::now();
        const auto end = start + std::chrono::milliseconds((int64_t)(for_s * 1000));
        const std::string to = c.team() == "facilitator" ? "" : c.team();
        uint64_t sent = 0;
        std::vector<std::string> cids;
        while (Clock::now() < end && !g_stop.load()) {
            const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
            while ((double)sent < elapsed * rate) {
                cids.push_back(c.Post({{"kind", "send_message"}, {"value", to}, {"text", c.seat() + " load " + std::to_string(sent)}}));
                ++sent;
            }
            c.Poll(2);
        }
        const auto drain = Clock::now() + std::chrono::seconds(30);
        while ((c.Unanswered() > 0 || c.latencies_ms().size() < sent) && Clock::now() < drain && !g_stop.load()) c.Poll(20);
        uint64_t ok = 0, answered = 0, dup = 0;
        for (const auto& cid : cids)
            if (const json* a = c.Answer(cid)) {
                ++answered;
                ok += a->value("ok", false);
                dup += a->value("duplicate", false);
            }
        const std::vector<double>& lat = c.latencies_ms();
        auto pct = [&](double p) { return net::Percentile(lat, p); };
        const json out = {{"seat", c.seat()}, {"sent", sent}, {"answered", answered}, {"ok", ok}, {"answered_as_duplicate", dup},
                          {"unanswered", c.Unanswered()}, {"reconnects", c.reconnects()},
                          {"latency_ms", {{"count", lat.size()}, {"p50", pct(50)}, {"p99", pct(99)}, {"max", net::Percentile(lat, 100)}}}};
        std::printf("%s\n", out.dump().c_str());
        c.Leave();
        c.Poll(0);
        return answered == sent ? 0 : 1;
    }
    // Follow (and with --autopilot or --policy, play) until the exercise ends.
    net::PolicyHost policy(c);
    if (!policy_path.empty()) {
        if (!policy.Load(policy_path, error)) {
            spdlog::error("{}", error);
            c.Leave();
            return 1;
        }
        spdlog::info("the Lua policy {} plays the {} seat", policy_path, c.team());
    }
    net::ViewBot bot;
    size_t printed = 0;
    while (!g_stop.load()) {
        c.Poll(50);
        if (c.state() == net::Client::State::Refused) {
            spdlog::error("the server refused the code: {}", c.refusal());
            return 1;
        }
        for (; printed < c.events().size(); ++printed) spdlog::info("{}", c.events()[printed].dump());
        if (autopilot) bot.Act(c);
        if (!policy_path.empty()) policy.Step();
        if (!c.ended().is_null() && c.Unanswered() == 0) break;
    }
    if (!c.ended().is_null()) {
        std::printf("the exercise is over: %s\n", c.ended().value("reason", "").c_str());
        if (c.ended().contains("scorecard")) std::printf("%s\n", c.ended()["scorecard"].dump(2).c_str());
    }
    c.Leave();
    return !policy_path.empty() && !policy.enabled() ? 1 : 0;
}

} // namespace bd::cli
