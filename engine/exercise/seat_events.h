// seat_events.h: the journal as one seat may see it, record by record.
//
// A networked seat (net/) receives the exercise's events as they happen, cut on the server like its
// view (views.h): an ITOps or SecOps seat gets its team's own commands and their results, the alerts
// its tools show (never whether they are true), tickets to or from it, messages to it or the war
// room, notes the other team shared, injects for it, host and service states its tools show (never why they changed), and the end.
// Never the attacker's moves, footholds, stolen credentials, staged or stolen data, the containment
// flag, operations events, facilitator notes, scripts, warnings or inject outcomes. The facilitator
// gets every record as it is.
//
// Each player record is built anew from a whitelist of fields, never copied and trimmed, so a field
// added to the journal later stays on the server until someone decides a seat may see it.
#pragma once
#include "sim/simulation.h"

#include <nlohmann/json.hpp>
#include <optional>
#include <unordered_map>

namespace bd {

class SeatEventFilter {
public:
    explicit SeatEventFilter(const Simulation& sim) : sim_(sim) {}
    // Feed every journal record once, in order (it remembers which team posted which command);
    // then ask For() for each seat. Records from before the filter was made may be fed the same way.
    void Observe(const nlohmann::json& record);
    // What `team` may see of `record` (observed already), or nothing.
    std::optional<nlohmann::json> For(Team team, const nlohmann::json& record) const;

private:
    const Simulation& sim_;
    std::unordered_map<uint64_t, Team> command_team_; // command id -> the team that posted it
};

} // namespace bd
