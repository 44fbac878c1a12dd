// client.h: a seat of a networked exercise (`breachdrill client`, `breachdrill-gui --join`).
//
// Joins with a code, keeps the latest view of its role and every event its role may see, and posts
// commands with ids of its own ("SESSION:N"): a command not yet answered is sent again after a
// reconnect, and the server recognises it, so nothing is lost or applied twice. When the server goes
// silent (a dropped network, a restarted server) the seat says hello again, with the last event it
// has, and catches up from there. Poll() never blocks longer than it is asked to.
#pragma once
#include "protocol.h"

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace bd::net {

class Client {
public:
    enum class State { Connecting, Joined, Refused, Left };
    Client();
    ~Client();
    Client(const Client&) = delete;
    Client& operator=(const Client&) = delete;

    // Starts joining HOST:PORT with a join code (checks the code's form; nothing waits here).
    bool Connect(const std::string& host_port, const std::string& code, std::string& error);
    // Handles what arrived, waiting up to timeout_ms for the first message; says hello, pings and
    // re-sends unanswered commands when due.
    void Poll(int timeout_ms);
    // Leaves politely (the code is free for another program at once); Poll() does nothing after.
    void Leave();

    State state() const { return state_; }
    const std::string& refusal() const { return refusal_; }     // why the server refused the code
    const std::string& last_error() const { return last_error_; } // the server's last error message
    const nlohmann::json& welcome() const { return welcome_; }  // seat, team, scenario ...
    std::string seat() const { return welcome_.value("seat", ""); }
    std::string team() const { return welcome_.value("team", ""); }
    bool has_view() const { return view_generation_ > 0; }
    const nlohmann::json& view() const { return view_; }
    uint64_t view_generation() const { return view_generation_; }
    const std::vector<nlohmann::json>& events() const { return events_; }
    int64_t events_through() const { return events_through_; }
    const nlohmann::json& clock() const { return clock_; }  // time, running, speed, finished
    const nlohmann::json& seats() const { return seats_; }  // the facilitator's list of seats
    const nlohmann::json& ended() const { return end_; }    // null until the exercise ended: reason, scorecard
    // Silence from the server for longer than this: the seat says hello again (and reports it).
    bool lost() const;
    int reconnects() const { return reconnects_; }

    // Posts a command ({"kind":..., "target":..., ...}; the server sets the team): returns its id.
    std::string Post(nlohmann::json cmd);
    // The server's answer to a command: {"ok","code","message","id"} (null until it came).
    const nlohmann::json* Answer(const std::string& cid) const;
    size_t Unanswered() const { return outbox_.size(); }
    // Facilitator: "pause", "resume", or "speed" with value.
    void Control(const std::string& action, double value = 0);

    // Every message as it arrives (tests, logs).
    std::function<void(const nlohmann::json&)> on_message;
    // For each of this seat's commands: milliseconds from sending it to the first view including it.
    const std::vector<double>& latencies_ms() const { return latencies_; }

    struct Impl;

private:
    std::unique_ptr<Impl> impl_;
    State state_ = State::Connecting;
    std::string refusal_, last_error_;
    nlohmann::json welcome_ = nlohmann::json::object(), view_ = nlohmann::json::object(), clock_ = nlohmann::json::object(),
                   seats_ = nlohmann::json::array(), end_;
    uint64_t view_generation_ = 0;
    std::vector<nlohmann::json> events_;
    int64_t events_through_ = -1;
    int reconnects_ = 0;
    std::string session_;
    uint64_t next_n_ = 1;
    struct Out {
        std::string text;
        uint64_t n;
        std::chrono::steady_clock::time_point first_sent, last_sent;
    };
    std::map<std::string, Out> outbox_;
    std::map<uint64_t, std::chrono::steady_clock::time_point> sent_at_; // for latencies, until a view includes it
    std::map<std::string, nlohmann::json> answers_;
    std::vector<double> latencies_;
    std::chrono::steady_clock::time_point last_recv_{}, last_hello_{}, last_ping_{}, last_welcome_{};
    void SendHello();
    bool SendText(const std::string& text);
    void Handle(nlohmann::json msg);
};

} // namespace bd::net
