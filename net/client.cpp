// client.cpp: see client.h. docs/protocol.md describes every message.
#include "client.h"

#include <zmq.hpp>

namespace bd::net {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {
constexpr int kHelloEveryMs = 500;  // while joining
constexpr int kPingEveryMs = 1000;  // while joined
constexpr int kLostAfterMs = 3000;  // the server sends its clock every second
constexpr int kResendAfterMs = 3000;
double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }
} // namespace

struct Client::Impl {
    zmq::context_t ctx{1};
    zmq::socket_t sock{ctx, zmq::socket_type::dealer};
    std::string code;
};

Client::Client() : impl_(std::make_unique<Impl>()) {}
Client::~Client() = default;

bool Client::Connect(const std::string& host_port, const std::string& code, std::string& error)
{
    std::string endpoint;
    JoinCode jc;
    if (!ParseHostPort(host_port, endpoint, error) || !ParseJoinCode(code, jc, error)) return false;
    KeyPair mine;
    if (!NewKeyPair(mine, error)) return false;
    session_ = NewSessionId();
    impl_->code = code;
    try {
        auto& s = impl_->sock;
        s.set(zmq::sockopt::curve_serverkey, jc.server_key);
        s.set(zmq::sockopt::curve_publickey, mine.public_key);
        s.set(zmq::sockopt::curve_secretkey, mine.secret_key);
        s.set(zmq::sockopt::routing_id, session_);
        s.set(zmq::sockopt::immediate, 1); // nothing queues for a server that is not there
        s.set(zmq::sockopt::linger, 0);
        s.set(zmq::sockopt::reconnect_ivl, 200);
        s.set(zmq::sockopt::reconnect_ivl_max, 2000);
        s.connect(endpoint);
    } catch (const zmq::error_t& e) {
        error = "cannot connect to " + host_port + ": " + e.what();
        return false;
    }
    last_recv_ = Clock::now();
    SendHello();
    return true;
}

bool Client::SendText(const std::string& text)
{
    try {
        return (bool)impl_->sock.send(zmq::buffer(text), zmq::send_flags::dontwait);
    } catch (const zmq::error_t&) {
        return false;
    }
}

void Client::SendHello()
{
    last_hello_ = Clock::now();
    SendText(Message("hello", {{"code", impl_->code}, {"session", session_}, {"since", events_through_}}).dump());
}

bool Client::lost() const { return state_ == State::Joined && Ms(Clock::now() - last_recv_) > kLostAfterMs; }

std::string Client::Post(json cmd)
{
    const uint64_t n = next_n_++;
    const std::string cid = session_ + ":" + std::to_string(n);
    const auto now = Clock::now();
    // A player's text may hold anything: invalid UTF-8 is replaced, never a reason to throw.
    Out out{Message("command", {{"cid", cid}, {"cmd", std::move(cmd)}}).dump(-1, ' ', false, json::error_handler_t::replace), n, now, now};
    if (state_ == State::Joined) SendText(out.text);
    sent_at_[n] = now;
    outbox_.emplace(cid, std::move(out));
    return cid;
}

const json* Client::Answer(const std::string& cid) const
{
    const auto it = answers_.find(cid);
    return it == answers_.end() ? nullptr : &it->second;
}

void Client::Control(const std::string& action, double value)
{
    SendText(Message("control", {{"action", action}, {"value", value}}).dump());
}

void Client::Leave()
{
    if (state_ == State::Joined) {
        impl_->sock.set(zmq::sockopt::linger, 500); // the goodbye gets out before the socket closes
        SendText(Message("bye").dump());
    }
    state_ = State::Left;
}

void Client::Poll(int timeout_ms)
{
    if (state_ == State::Refused || state_ == State::Left) return;
    zmq::pollitem_t items[] = {{impl_->sock.handle(), 0, ZMQ_POLLIN, 0}};
    try {
        zmq::poll(items, 1, std::chrono::milliseconds(std::max(timeout_ms, 0)));
    } catch (const zmq::error_t& e) {
        if (e.num() != EINTR) throw;
        return; // a signal: the caller decides
    }
    for (int i = 0; i < 10000; ++i) {
        zmq::message_t frame;
        if (!impl_->sock.recv(frame, zmq::recv_flags::dontwait)) break;
        std::string why;
        auto msg = ParseMessage(frame.data(), frame.size(), why);
        if (!msg) {
            last_error_ = "the server sent something this program does not understand: " + why;
            continue;
        }
        last_recv_ = Clock::now();
        try {
            Handle(std::move(*msg));
        } catch (const std::exception& e) {
            last_error_ = std::string("the server sent a message this program cannot read: ") + e.what();
        }
        if (state_ == State::Refused) return;
    }
    const auto now = Clock::now();
    if (state_ == State::Joined && Ms(now - last_recv_) > kLostAfterMs) {
        state_ = State::Connecting; // the server went silent: join again and catch up
        ++reconnects_;
    }
    if (state_ == State::Connecting && Ms(now - last_hello_) >= kHelloEveryMs) SendHello();
    if (state_ == State::Joined) {
        if (Ms(now - last_ping_) >= kPingEveryMs) {
            last_ping_ = now;
            SendText(Message("ping", {{"since", events_through_}}).dump());
        }
        for (auto& [cid, out] : outbox_)
            if (Ms(now - out.last_sent) >= kResendAfterMs) {
                out.last_sent = now;
                SendText(out.text);
            }
    }
}

void Client::Handle(json msg)
{
    if (on_message) on_message(msg);
    const std::string type = msg["type"].get<std::string>();
    if (type == "welcome") {
        welcome_ = std::move(msg);
        state_ = State::Joined;
        // Whatever the server has not answered goes again: it knows the ids it has applied. Once per
        // join: a second welcome (to a hello sent before the first arrived) must not send it all again.
        const auto now = Clock::now();
        const bool again = Ms(now - last_welcome_) < kHelloEveryMs;
        last_welcome_ = now;
        if (again) return;
        for (auto& [cid, out] : outbox_) {
            out.last_sent = now;
            SendText(out.text);
        }
    } else if (type == "refused") {
        state_ = State::Refused;
        refusal_ = msg.value("reason", "refused");
    } else if (type == "error") {
        last_error_ = msg.value("message", "");
        if (msg.value("code", "") == "hello_first") {
            if (state_ == State::Joined) ++reconnects_;
            state_ = State::Connecting;
            // Every command sent before the server knew us comes back with this: one hello answers
            // them all (a hello per error, each welcomed with the whole outbox sent again, once
            // snowballed into hundreds of joins under load). Poll sends the next when it is due.
            if (Ms(Clock::now() - last_hello_) >= kHelloEveryMs) SendHello();
        }
    } else if (type == "events") {
        const int64_t from = msg.value("from", (int64_t)-2);
        if (from != events_through_) {
            // A gap (a message dropped on the way): ask for everything after the last one we have.
            SendText(Message("resync", {{"since", events_through_}}).dump());
            return;
        }
        for (auto& e : msg["events"]) events_.push_back(std::move(e));
        events_through_ = msg.value("to", events_through_);
    } else if (type == "view") {
        view_ = std::move(msg["view"]);
        ++view_generation_;
        const uint64_t through = msg.value("through", (uint64_t)0);
        const auto now = Clock::now();
        for (auto it = sent_at_.begin(); it != sent_at_.end() && it->first <= through;) {
            latencies_.push_back(Ms(now - it->second));
            it = sent_at_.erase(it);
        }
    } else if (type == "ack") {
        const std::string cid = msg.value("cid", "");
        outbox_.erase(cid);
        answers_[cid] = std::move(msg);
    } else if (type == "clock") {
        clock_ = std::move(msg);
    } else if (type == "seats") {
        seats_ = std::move(msg["seats"]);
    } else if (type == "end") {
        end_ = std::move(msg);
    }
}

} // namespace bd::net
