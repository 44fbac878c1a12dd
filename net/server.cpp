// server.cpp: see server.h. docs/protocol.md describes every message.
#include "server.h"

#include "scorecard.h"
#include "exercise/seat_events.h"
#include "exercise/views.h"

#include <spdlog/spdlog.h>
#include <zmq.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <unordered_map>

namespace bd::net {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

// Named, not anonymous: Server::Impl (declared in server.h) holds these, and a class with external
// linkage must not have members of internal-linkage types (-Wsubobject-linkage).
namespace server_state {

double MsSince(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double, std::milli>(b - a).count(); }

int TeamIndex(Team t) { return t == Team::Facilitator ? 0 : t == Team::ITOps ? 1 : 2; }

// The events a team may see, each serialised once (every seat of the team shares them).
struct Stream {
    std::vector<int64_t> seqs;       // journal seq of each event
    std::vector<std::string> events; // the filtered record, as JSON text
};

// A team's latest view, serialised once for all its seats.
struct ViewCache {
    std::string text;
    uint64_t version = 0;
    size_t records = (size_t)-1;
    SimTime time = -1;
    Clock::time_point built_at{};
};

struct Seat {
    SeatCode code;
    std::string secret;
    Team team = Team::SecOps;
    bool connected = false;
    std::string routing, session;
    Clock::time_point last_seen{}, clock_sent_at{};
    size_t stream_pos = 0;     // next event of the team's stream to send
    int64_t sent_through = -1; // journal seq through which this seat has every event it may see
    uint64_t through = 0;      // the highest command number of its session applied so far
    uint64_t built_through = 0;// ... as of its team's latest view
    uint64_t view_through_sent = 0, view_version_sent = 0;
    bool view_needed = true;
    Clock::time_point view_sent_at{};
    std::vector<std::pair<uint64_t, Clock::time_point>> waiting; // commands waiting for a view (latency)
    bool end_sent = false;
};

} // namespace server_state
using namespace server_state;

double Percentile(std::vector<double> v, double p)
{
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const size_t i = (size_t)std::clamp<double>(std::ceil(p / 100.0 * (double)v.size()) - 1, 0.0, (double)v.size() - 1);
    return v[i];
}

json ServeStats::ToJson() const
{
    return {{"commands", commands},
            {"duplicates", duplicates},
            {"refused_joins", refused_joins},
            {"views_sent", views_sent},
            {"events_sent", events_sent},
            {"send_deferred", send_deferred},
            {"latency_ms",
             {{"count", latency_ms.size()},
              {"p50", Percentile(latency_ms, 50)},
              {"p99", Percentile(latency_ms, 99)},
              {"max", latency_ms.empty() ? 0.0 : *std::max_element(latency_ms.begin(), latency_ms.end())}}}};
}

struct Server::Impl {
    std::unique_ptr<Simulation> sim;
    ServeOptions o;
    CodesFile codes;
    std::string endpoint;
    zmq::context_t ctx{1};
    zmq::socket_t sock{ctx, zmq::socket_type::router};
    std::vector<Seat> seats;
    std::unordered_map<std::string, int> by_routing; // peer routing id -> seat index
    std::unordered_map<std::string, json> acks;       // client command id -> the answer given
    std::unordered_map<uint64_t, std::string> cid_of_command; // rebuilt answers waiting for their command_result
    SeatEventFilter filter;
    Stream streams[3];
    size_t records_seen = 0;
    ViewCache views[3];
    ServeStats stats;
    // The downtime cost so far (what the organisation itself knows: every seat's scoreboard shows
    // it), from a scorecard fed every record, worked out at most once a second.
    ScoreAccumulator score;
    double downtime_cost = 0;
    Clock::time_point downtime_at{};
    // The clock: while running, simulated time = base_sim + (wall - base_wall) * speed.
    bool running = false;
    double speed = 60;
    SimTime base_sim = 0;
    Clock::time_point base_wall{};
    Clock::time_point ended_at{};
    bool end_seen = false;
    std::string end_message;

    Impl(std::unique_ptr<Simulation> s, ServeOptions opts) : sim(std::move(s)), o(std::move(opts)), filter(*sim) { speed = o.speed; }

    // [SECTION] Sending
    bool Send(Seat& seat, const std::string& payload)
    {
        try {
            if (!sock.send(zmq::buffer(seat.routing), zmq::send_flags::sndmore | zmq::send_flags::dontwait)) {
                ++stats.send_deferred; // its queue is full: a slow seat; try again next turn
                return false;
            }
            sock.send(zmq::buffer(payload), zmq::send_flags::dontwait);
            return true;
        } catch (const zmq::error_t& e) {
            // EHOSTUNREACH: the peer is gone (ROUTER_MANDATORY). It will say hello again.
            seat.connected = false;
            return false;
        }
    }
    void SendTo(const std::string& routing, const json& msg)
    {
        try {
            if (sock.send(zmq::buffer(routing), zmq::send_flags::sndmore | zmq::send_flags::dontwait))
                sock.send(zmq::buffer(msg.dump()), zmq::send_flags::dontwait);
        } catch (const zmq::error_t&) {
        }
    }
    json ClockJson() const
    {
        return Message("clock", {{"time", sim->Now()}, {"running", running && !sim->Finished()}, {"speed", speed},
                                 {"finished", sim->Finished()}, {"duration_s", sim->scenario().duration_s},
                                 {"downtime_cost", downtime_cost}});
    }
    void BroadcastClock()
    {
        const std::string c = ClockJson().dump();
        for (auto& s : seats)
            if (s.connected) Send(s, c), s.clock_sent_at = Clock::now();
    }
    json SeatsJson() const
    {
        json list = json::array();
        const auto now = Clock::now();
        for (const auto& s : seats) {
            json j = {{"seat", s.code.seat}, {"team", s.code.team}, {"connected", s.connected}};
            if (s.last_seen != Clock::time_point{}) j["silent_s"] = std::floor(MsSince(s.last_seen, now) / 100) / 10;
            if (s.team != Team::Facilitator) j["autopilot"] = sim->AutopilotOn(s.team);
            list.push_back(std::move(j));
        }
        return Message("seats", {{"seats", list}});
    }

    // [SECTION] Receiving
    void Handle(const std::string& routing, const zmq::message_t& frame, Clock::time_point now)
    {
        std::string why;
        auto msg = ParseMessage(frame.data(), frame.size(), why);
        if (!msg) {
            SendTo(routing, Message("error", {{"message", "message refused: " + why}}));
            return;
        }
        const std::string type = (*msg)["type"].get<std::string>();
        if (type == "hello") return Hello(routing, *msg, now);
        const auto it = by_routing.find(routing);
        if (it == by_routing.end() || !seats[it->second].connected || seats[it->second].routing != routing) {
            // A server that restarted does not know the peer yet: the seat says hello again.
            SendTo(routing, Message("error", {{"code", "hello_first"}, {"message", "say hello first (the server restarted?)"}}));
            return;
        }
        Seat& seat = seats[it->second];
        seat.last_seen = now;
        if (type == "command") Command(seat, *msg, now);
        else if (type == "control") Control(seat, *msg);
        else if (type == "resync") {
            const int64_t since = msg->value("since", (int64_t)-1);
            Rewind(seat, since);
        } else if (type == "bye") {
            seat.connected = false;
            by_routing.erase(routing);
            spdlog::info("seat {} left", seat.code.seat);
        } else if (type != "ping") {
            Send(seat, Message("error", {{"message", "unknown message type '" + type + "'"}}).dump());
        }
    }

    void Rewind(Seat& seat, int64_t since)
    {
        const Stream& st = streams[TeamIndex(seat.team)];
        since = std::max<int64_t>(since, -1);
        seat.stream_pos = (size_t)(std::upper_bound(st.seqs.begin(), st.seqs.end(), since) - st.seqs.begin());
        seat.sent_through = std::min<int64_t>(since, (int64_t)records_seen - 1);
    }

    void Hello(const std::string& routing, const json& msg, Clock::time_point now)
    {
        auto refuse = [&](const std::string& reason) {
            ++stats.refused_joins;
            spdlog::warn("join refused: {}", reason);
            SendTo(routing, Message("refused", {{"reason", reason}}));
        };
        const std::string code = msg.value("code", "");
        const std::string session = msg.value("session", "");
        JoinCode jc;
        std::string why;
        if (!ParseJoinCode(code, jc, why)) return refuse(why);
        if (jc.server_key != codes.server.public_key) return refuse("this code is for another server (or an earlier exercise): ask the facilitator for this exercise's code");
        int index = -1;
        for (size_t i = 0; i < seats.size(); ++i)
            if (seats[i].secret.size() == jc.secret.size() && seats[i].secret == jc.secret) index = (int)i;
        if (index < 0) return refuse("unknown join code: check it against the one the facilitator gave you");
        if (session.empty() || session.size() > 64) return refuse("the seat sent no session id");
        Seat& seat = seats[index];
        if (seat.connected && seat.session != session && MsSince(seat.last_seen, now) < o.lost_after_ms)
            return refuse("code already in use: seat " + seat.code.seat + " is connected from another program; ask the facilitator for your own code (a code frees itself " +
                          std::to_string(o.lost_after_ms / 1000) + " s after its seat goes silent)");
        if (auto old = by_routing.find(routing); old != by_routing.end() && old->second != index) seats[old->second].connected = false;
        if (seat.connected && seat.routing != routing) by_routing.erase(seat.routing);
        if (seat.session != session) {
            seat.through = seat.built_through = seat.view_through_sent = 0;
            seat.waiting.clear();
        }
        seat.routing = routing;
        seat.session = session;
        seat.connected = true;
        seat.last_seen = now;
        seat.view_needed = true;
        seat.end_sent = false;
        by_routing[routing] = index;
        Rewind(seat, msg.value("since", (int64_t)-1));
        json welcome = {{"seat", seat.code.seat},
                        {"team", seat.code.team},
                        {"protocol", kProtocolVersion},
                        {"scenario", {{"id", sim->scenario().id}, {"title", sim->scenario().title}, {"briefing", sim->scenario().briefing}}},
                        {"org", OrgName(sim->options().org)},
                        {"currency", sim->scenario().currency},
                        {"story_start", sim->scenario().story_start ? json(StoryStartText(*sim->scenario().story_start)) : json(nullptr)},
                        {"regimes", sim->scenario().regimes}};
        // The network every seat's map draws: the zones and the flows between them (no hosts).
        json zones = json::array(), flows = json::array();
        const World& w = sim->world();
        for (const auto& z : w.zones) zones.push_back({{"id", z.id}, {"name", z.name.empty() ? z.id : z.name}, {"internet", z.internet}});
        for (size_t a = 0; a < w.flows.size(); ++a)
            for (size_t b = 0; b < w.flows[a].size(); ++b)
                if (a != b && w.flows[a][b]) flows.push_back({w.zones[a].id, w.zones[b].id});
        welcome["network"] = {{"zones", std::move(zones)}, {"flows", std::move(flows)}};
        if (seat.team == Team::Facilitator) {
            welcome["seed"] = sim->options().seed;
            welcome["journal"] = sim->journal().Path();
            json stages = json::array();
            for (const auto& st : sim->scenario().campaign.stages) stages.push_back({{"technique", st.technique}, {"name", st.name}});
            welcome["campaign"] = stages;
        }
        SendTo(routing, Message("welcome", welcome));
        Send(seat, ClockJson().dump());
        if (seat.team == Team::Facilitator) Send(seat, SeatsJson().dump());
        spdlog::info("seat {} joined", seat.code.seat);
    }

    void Command(Seat& seat, const json& msg, Clock::time_point now)
    {
        const std::string cid = msg.value("cid", "");
        auto answer = [&](json ack) {
            ack["cid"] = cid;
            Send(seat, Message("ack", ack).dump());
        };
        if (cid.empty() || cid.size() > 80) return answer({{"ok", false}, {"code", "invalid"}, {"message", "a command needs a cid (its id, at most 80 characters)"}});
        if (auto it = acks.find(cid); it != acks.end()) {
            ++stats.duplicates;
            json again = it->second;
            again["duplicate"] = true;
            seat.view_needed = true;
            return answer(again);
        }
        if (!msg.contains("cmd") || !msg["cmd"].is_object()) return answer({{"ok", false}, {"code", "invalid"}, {"message", "no cmd object"}});
        bd::Command c;
        std::string error;
        json body = msg["cmd"];
        body["team"] = seat.code.team; // a seat acts as its own team, whatever it claims
        if (!FromJson(body, c, error)) return answer({{"ok", false}, {"code", "invalid"}, {"message", error}});
        if (c.text.size() > kMaxCommandText || c.target.size() > 200 || c.value.size() > 200 || c.assets.size() > 1000)
            return answer({{"ok", false}, {"code", "invalid"}, {"message", "the command is too long (text at most " + std::to_string(kMaxCommandText) + " characters)"}});
        c.issuer = "seat:" + seat.code.seat;
        c.client_id = cid;
        c.ticket = body.value("ticket", (int32_t)kNone);
        const CommandResult r = sim->Post(c);
        ++stats.commands;
        json ack = {{"ok", r.ok()}, {"code", ResultCodeName(r.code)}, {"message", r.message}, {"id", r.id}, {"t", sim->Now()}};
        if (r.id != 0) acks[cid] = ack; // journaled: a resend gets this answer, never a second copy
        // Command numbers of the seat's session ("SESSION:N") say which views include it.
        const size_t colon = cid.rfind(':');
        if (colon != std::string::npos && cid.compare(0, colon, seat.session) == 0) {
            const uint64_t n = std::strtoull(cid.c_str() + colon + 1, nullptr, 10);
            seat.through = std::max(seat.through, n);
            seat.waiting.emplace_back(n, now);
        }
        answer(ack);
    }

    void Control(Seat& seat, const json& msg)
    {
        const std::string action = msg.value("action", "");
        if (seat.team != Team::Facilitator) {
            Send(seat, Message("error", {{"message", "only the facilitator controls the clock"}}).dump());
            return;
        }
        if (action == "pause") Pause();
        else if (action == "resume") Resume();
        else if (action == "speed") {
            const double v = msg.value("value", 0.0);
            if (!(v >= 1 && v <= 100000)) {
                Send(seat, Message("error", {{"message", "speed is 1 to 100000 simulated seconds per second"}}).dump());
                return;
            }
            const bool was = running;
            Pause();
            speed = v;
            if (was) Resume();
        } else {
            Send(seat, Message("error", {{"message", "unknown control '" + action + "' (pause, resume, speed)"}}).dump());
            return;
        }
        spdlog::info("{} by the facilitator: {}", action, running ? "running" : "paused");
        BroadcastClock();
    }
    void Pause() { running = false; }
    void Resume()
    {
        if (running || sim->Finished()) return;
        running = true;
        base_sim = sim->Now();
        base_wall = Clock::now();
    }

    // [SECTION] The clock, the streams and the views
    void Advance(Clock::time_point now)
    {
        if (!running || sim->Finished()) return;
        const SimTime target = base_sim + (SimTime)(MsSince(base_wall, now) / 1000.0 * speed);
        const auto deadline = now + std::chrono::microseconds(o.tick_budget_us);
        while (!sim->Finished() && sim->Now() < target) {
            const SimTime next = sim->NextEventTime();
            if (next < 0 || next > target) { sim->AdvanceTo(target); break; }
            sim->AdvanceTo(next);
            if (Clock::now() >= deadline) break;
        }
        // Behind by more than a second of play: the clock slows for a moment instead of racing.
        if (!sim->Finished() && target - sim->Now() > (SimTime)speed) {
            base_sim = sim->Now();
            base_wall = now;
        }
    }

    void PullRecords()
    {
        const auto& records = sim->journal().Records();
        for (; records_seen < records.size(); ++records_seen) {
            const json& r = records[records_seen];
            filter.Observe(r);
            score.Feed(r);
            const int64_t seq = r.value("seq", (int64_t)records_seen);
            for (Team t : {Team::Facilitator, Team::ITOps, Team::SecOps}) {
                auto e = filter.For(t, r);
                if (!e) continue;
                Stream& st = streams[TeamIndex(t)];
                st.seqs.push_back(seq);
                st.events.push_back(e->dump());
            }
            // The answers to seats' commands, rebuilt from the journal after a restart (serve
            // --resume): the command record names its cid, the command_result record the answer.
            const std::string type = r.value("type", "");
            if (type == "command" && r.contains("cmd")) {
                const std::string cid = r["cmd"].value("client_id", "");
                const uint64_t id = r["cmd"].value("id", (uint64_t)0);
                if (!cid.empty() && !acks.count(cid)) {
                    acks[cid] = {{"id", id}, {"t", r.value("t", (SimTime)0)}, {"ok", true}, {"code", "ok"}, {"message", "taken before the server restarted"}};
                    cid_of_command[id] = cid;
                }
            } else if (type == "command_result" && !cid_of_command.empty()) {
                const auto it = cid_of_command.find(r.value("id", (uint64_t)0));
                if (it != cid_of_command.end()) {
                    json& ack = acks[it->second];
                    ack["ok"] = r.value("ok", false);
                    if (!r.value("ok", false)) {
                        ack["code"] = r.value("code", "");
                        ack["message"] = r.value("message", "");
                    }
                    cid_of_command.erase(it);
                }
            }
        }
    }

    void SendEvents(Seat& seat)
    {
        const Stream& st = streams[TeamIndex(seat.team)];
        const int64_t last = (int64_t)records_seen - 1;
        while (seat.sent_through < last) {
            const size_t end = std::min(st.events.size(), seat.stream_pos + 256);
            const int64_t to = end < st.events.size() ? st.seqs[end - 1] : last;
            std::string m = R"({"v":1,"type":"events","from":)" + std::to_string(seat.sent_through) + R"(,"to":)" + std::to_string(to) + R"(,"events":[)";
            for (size_t i = seat.stream_pos; i < end; ++i) {
                if (i > seat.stream_pos) m += ',';
                m += st.events[i];
            }
            m += "]}";
            if (!Send(seat, m)) return;
            stats.events_sent += end - seat.stream_pos;
            seat.stream_pos = end;
            seat.sent_through = to;
        }
    }

    void RefreshView(int team_index, Team team, Clock::time_point now)
    {
        ViewCache& vc = views[team_index];
        const size_t n = sim->journal().Records().size();
        if (vc.records == n && vc.time == sim->Now()) return;
        if (vc.version > 0 && MsSince(vc.built_at, now) < 20) return; // at most 50 builds a second per team
        vc.text = TeamViewJson(*sim, team).dump();
        vc.records = n;
        vc.time = sim->Now();
        vc.built_at = now;
        ++vc.version;
        for (auto& s : seats)
            if (s.team == team) s.built_through = s.through;
    }

    void SendView(Seat& seat, Clock::time_point now)
    {
        const int ti = TeamIndex(seat.team);
        const ViewCache& vc = views[ti];
        if (vc.version == 0) return;
        const bool commands = seat.built_through > seat.view_through_sent;
        const bool newer = vc.version > seat.view_version_sent && MsSince(seat.view_sent_at, now) >= o.view_interval_ms;
        if (!seat.view_needed && !commands && !newer) return;
        const std::string m = R"({"v":1,"type":"view","through":)" + std::to_string(seat.built_through) + R"(,"version":)" +
                              std::to_string(vc.version) + R"(,"view":)" + vc.text + "}";
        if (!Send(seat, m)) return;
        ++stats.views_sent;
        seat.view_needed = false;
        seat.view_through_sent = seat.built_through;
        seat.view_version_sent = vc.version;
        seat.view_sent_at = now;
        auto done = std::partition(seat.waiting.begin(), seat.waiting.end(), [&](const auto& w) { return w.first > seat.built_through; });
        for (auto it = done; it != seat.waiting.end(); ++it) stats.latency_ms.push_back(MsSince(it->second, now));
        seat.waiting.erase(done, seat.waiting.end());
    }

    void Turn(Clock::time_point now)
    {
        Advance(now);
        PullRecords();
        if (sim->Finished() && !end_seen) {
            end_seen = true;
            ended_at = now;
            running = false;
            const Scorecard card = ComputeScorecard(sim->journal().Records());
            end_message = Message("end", {{"reason", EndReasonName(sim->EndedBecause())}, {"scorecard", ToJson(card)},
                                          {"text", FormatScorecard(card)}}).dump();
            spdlog::info("the exercise is over ({}); state hash {}", EndReasonName(sim->EndedBecause()),
                         sim->journal().Records().back().value("state_hash", ""));
            BroadcastClock();
        }
        bool team_wanted[3] = {false, false, false};
        for (auto& s : seats)
            if (s.connected) team_wanted[TeamIndex(s.team)] = true;
        for (Team t : {Team::Facilitator, Team::ITOps, Team::SecOps})
            if (team_wanted[TeamIndex(t)]) RefreshView(TeamIndex(t), t, now);
        if (MsSince(downtime_at, now) >= 1000) {
            downtime_at = now;
            const Impact& i = score.Result(sim->Now()).impact; // to the clock: a service still down keeps costing
            downtime_cost = i.attacker_caused + i.self_inflicted + i.operations + i.unattributed;
        }
        std::string seats_msg;
        for (auto& s : seats) {
            if (!s.connected) continue;
            if (MsSince(s.last_seen, now) > o.lost_after_ms) {
                s.connected = false;
                by_routing.erase(s.routing);
                spdlog::warn("seat {} went silent", s.code.seat);
                continue;
            }
            SendEvents(s);
            SendView(s, now);
            if (MsSince(s.clock_sent_at, now) >= 1000) {
                if (Send(s, ClockJson().dump())) s.clock_sent_at = now;
                if (s.team == Team::Facilitator) {
                    if (seats_msg.empty()) seats_msg = SeatsJson().dump();
                    Send(s, seats_msg);
                }
            }
            if (end_seen && !s.end_sent && s.sent_through >= (int64_t)records_seen - 1) s.end_sent = Send(s, end_message);
        }
    }
};

Server::Server(std::unique_ptr<Simulation> sim, ServeOptions options) : impl_(std::make_unique<Impl>(std::move(sim), std::move(options))) {}
Server::~Server() = default;

bool Server::Open(std::string& error, const CodesFile* reuse)
{
    Impl& s = *impl_;
    if (reuse) s.codes = *reuse;
    else if (!NewCodes(s.o.seats_per_team, s.codes, error)) return false;
    try {
        s.sock.set(zmq::sockopt::curve_server, 1);
        s.sock.set(zmq::sockopt::curve_secretkey, s.codes.server.secret_key);
        s.sock.set(zmq::sockopt::router_mandatory, 1);
        s.sock.set(zmq::sockopt::router_handover, 1);
        s.sock.set(zmq::sockopt::maxmsgsize, kMaxClientMessage);
        s.sock.set(zmq::sockopt::sndhwm, 2000);
        s.sock.set(zmq::sockopt::linger, 0);
        s.sock.bind("tcp://" + s.o.bind + ":" + (s.o.port == 0 ? std::string("*") : std::to_string(s.o.port)));
        s.endpoint = s.sock.get(zmq::sockopt::last_endpoint);
    } catch (const zmq::error_t& e) {
        error = "cannot listen on " + s.o.bind + ":" + std::to_string(s.o.port) + ": " + e.what();
        return false;
    }
    s.codes.scenario = s.sim->scenario().id;
    s.codes.endpoint = s.endpoint;
    if (!s.o.codes_path.empty() && !WriteCodesFile(s.o.codes_path, s.codes, error)) return false;
    for (const auto& c : s.codes.seats) {
        Seat seat;
        seat.code = c;
        JoinCode jc;
        std::string why;
        ParseJoinCode(c.code, jc, why);
        seat.secret = jc.secret;
        seat.team = *ParseTeam(c.team);
        s.seats.push_back(std::move(seat));
    }
    s.PullRecords();
    if (s.sim->Finished()) s.Turn(Clock::now());
    if (s.o.autostart) s.Resume();
    return true;
}

const std::string& Server::endpoint() const { return impl_->endpoint; }
const CodesFile& Server::codes() const { return impl_->codes; }
const ServeStats& Server::stats() const { return impl_->stats; }
const Simulation& Server::sim() const { return *impl_->sim; }

void Server::Run(const std::atomic<bool>& stop)
{
    Impl& s = *impl_;
    zmq::pollitem_t items[] = {{s.sock.handle(), 0, ZMQ_POLLIN, 0}};
    while (!stop.load()) {
        if (s.end_seen && MsSince(s.ended_at, Clock::now()) > s.o.linger_s * 1000) break;
        try {
            zmq::poll(items, 1, std::chrono::milliseconds(s.running ? 2 : 20));
        } catch (const zmq::error_t& e) {
            if (e.num() != EINTR) throw;
            continue; // a signal (Ctrl-C): the loop looks at `stop`
        }
        const auto now = Clock::now();
        // Drain what arrived (bounded, so the clock and the other seats get their turn).
        for (int i = 0; i < 5000; ++i) {
            zmq::message_t id, body;
            if (!s.sock.recv(id, zmq::recv_flags::dontwait)) break;
            if (!id.more()) continue;
            if (!s.sock.recv(body, zmq::recv_flags::dontwait)) break;
            while (body.more()) { // a seat sends one frame; drop any extra
                zmq::message_t extra;
                if (!s.sock.recv(extra, zmq::recv_flags::dontwait)) break;
                if (!extra.more()) break;
            }
            try {
                s.Handle(id.to_string(), body, now);
            } catch (const std::exception& e) {
                // A field of the wrong type ("since": "x"...): that message is refused, nothing else.
                s.SendTo(id.to_string(), Message("error", {{"message", std::string("message refused: ") + e.what()}}));
            }
        }
        s.Turn(Clock::now());
    }
    if (!s.o.stats_path.empty()) {
        std::ofstream out(s.o.stats_path);
        out << s.stats.ToJson().dump() << "\n";
    }
}

} // namespace bd::net
