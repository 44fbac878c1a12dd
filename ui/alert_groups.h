// alert_groups.h: an alert queue's rows folded by rule, so that sixty identical alerts from sixty
// hosts (a faulty update's boot loops) or a noisy sensor's hundred are one row with a count,
// triaged together. No ImGui here: the SecOps and ITOps queues (panel_secops.cpp) use it, the
// tests drive it.
//
// An alert's rule is what the tool that raised it would call its rule: its team, its sensor, its
// ATT&CK technique and its summary with the host's id taken out ("EDR agent: Malicious File on
// ws-036" and "... on ws-041" are one rule). Rules are learned once per alert (alerts only ever
// come at the end of the seat view), so grouping a queue costs integer work per row.
#pragma once
#include "exercise/views.h"

#include <string>
#include <unordered_map>
#include <vector>

namespace bdui {

struct AlertGroup {
    int32_t rule = -1;
    std::vector<int> rows;  // indices into SeatView::alerts, in the queue's order: rows[0] is the one shown
    int max_severity = 0;
    int fresh = 0;          // of them, not triaged yet
    int hosts = 0;          // distinct hosts they name
};

class AlertGrouper {
public:
    // Learns the rules of the alerts the seat view gained since the last call (all of them again
    // when the view was rebuilt or is another seat's).
    void Learn(const bd::SeatView& seat);
    // `rows` (filtered and sorted, indices into seat.alerts) folded by rule, in the order of each
    // rule's first row. Learn() first.
    void Group(const bd::SeatView& seat, const std::vector<int>& rows, std::vector<AlertGroup>& out);
    int32_t RuleOf(int row) const { return row >= 0 && row < (int)rule_of_.size() ? rule_of_[row] : -1; }
    size_t Rules() const { return ids_.size(); }
    // The rule's text for one alert (what Learn() keys on).
    static std::string RuleKey(const bd::SeatView& seat, const bd::SeatAlert& a);

private:
    const bd::SeatView* seat_ = nullptr;
    uint64_t rebuilt_ = (uint64_t)-1;
    bd::Team team_ = bd::Team::Engine;
    std::vector<int32_t> rule_of_;                   // per alert row
    std::unordered_map<std::string, int32_t> ids_;   // rule key -> rule id
    std::vector<int32_t> slot_;                      // per rule: its group in the last Group(), or -1
    std::vector<uint32_t> host_seen_;                // per host row: the last group (+1) that counted it
};

} // namespace bdui
