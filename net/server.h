// server.h: `breachdrill serve`: one exercise, headless and authoritative, for seats on the network.
//
// The server owns the Simulation and its journal (crash-safe: flushed per record; `serve --resume
// JOURNAL` picks an interrupted exercise up). It accepts commands from seats, stamps each with its
// seat's team (a seat cannot act as another), and sends each seat only its role's view
// (engine/exercise/views.h) and the events its role may see (engine/exercise/seat_events.h), both cut here, on the
// server. The clock runs in real time at a speed the facilitator controls; the facilitator may pause
// it for everyone and hand a seat to its autopilot. One thread, one ROUTER socket: a slow seat's
// messages wait in its own queue (or are dropped and re-sent), never stalling the others.
#pragma once
#include "protocol.h"
#include "sim/simulation.h"

#include <atomic>
#include <memory>
#include <string>
#include <vector>

namespace bd::net {

struct ServeOptions {
    std::string bind = "*";      // the interface address to listen on; "*" every interface
    int port = 7878;             // 0: any free port (tests); endpoint() tells which
    std::string codes_path;      // where the join codes are written (mode 0600)
    int seats_per_team = 1;      // codes for itops-1..N and secops-1..N (plus the facilitator)
    double speed = 60;           // simulated seconds per real second while the clock runs
    bool autostart = false;      // start the clock at once (otherwise the facilitator starts it)
    double linger_s = 300;       // keep answering this long after the exercise ended
    int view_interval_ms = 200;  // a seat's view at most this often when only the clock moved
    int lost_after_ms = 5000;    // a seat silent this long is shown as gone; its code may join again
    int tick_budget_us = 5000;   // the most one turn of the loop spends advancing the simulation
    std::string stats_path;      // when set, the latency figures are written here (JSON) at exit
};

// The p-th percentile (0-100) of `v`, nearest rank; 0 for none.
double Percentile(std::vector<double> v, double p);

struct ServeStats {
    uint64_t commands = 0;        // commands posted to the engine
    uint64_t duplicates = 0;      // resent commands recognised by their id and not applied again
    uint64_t refused_joins = 0;   // hellos with a wrong or busy code
    uint64_t views_sent = 0, events_sent = 0, send_deferred = 0;
    std::vector<double> latency_ms; // each command: received -> first view that includes it, sent
    nlohmann::json ToJson() const;
};

class Server {
public:
    Server(std::unique_ptr<Simulation> sim, ServeOptions options);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Listens and writes the codes file: new codes, or `reuse` (serve --resume) so seats rejoin
    // with the codes they have. False and a reason when the port or the file cannot be had.
    bool Open(std::string& error, const CodesFile* reuse = nullptr);
    // Where it listens, e.g. tcp://0.0.0.0:7878 (with the port actually bound).
    const std::string& endpoint() const;
    const CodesFile& codes() const;
    // Serves until `stop` turns true, or until linger_s after the exercise ended.
    void Run(const std::atomic<bool>& stop);
    const ServeStats& stats() const;
    const Simulation& sim() const;

    struct Impl;

private:
    std::unique_ptr<Impl> impl_;
};

} // namespace bd::net
