// bot.h: a simple responder that plays a networked seat from its view alone (`breachdrill client
// --autopilot`), the way a new analyst follows the runbook. It sees exactly what a person at that
// seat sees (the server cut the view), so it is also the check that a seat can be played with the
// view it gets. It is not the engine's built-in autopilot (engine/response/autopilot.cpp), which runs inside
// the server with its own latencies; the facilitator hands a seat to that one with set_autopilot.
//
// SecOps: triage each new alert (severity 3 and up as real), investigate the hosts of real alerts,
// declare an incident on the first compromise found, contain compromised hosts (isolate, or ask ITOps
// for production hosts), reset exposed credentials, block indicators.
// ITOps: approve changes waiting for approval, carry out each open ticket addressed to it, naming the
// ticket, and reject what it cannot do.
#pragma once
#include "client.h"

#include <set>
#include <string>

namespace bd::net {

class ViewBot {
public:
    // Looks at the client's latest view and posts what is due (each decision once). Returns how
    // many commands it posted.
    int Act(Client& client);

private:
    uint64_t seen_generation_ = 0;
    std::set<std::string> done_; // "kind target" already posted
    bool declared_ = false;
    bool Once(Client& c, const std::string& kind, const std::string& target, nlohmann::json extra = nlohmann::json::object());
};

} // namespace bd::net
