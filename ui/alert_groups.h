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

#include <algorithm>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

namespace bdui {

struct AlertGroup {
    int32_t rule = -1;
    int begin = 0, size = 0; // its rows: AlertGroups::flat[begin .. begin + size), in the queue's order
    int max_severity = 0;
    int fresh = 0;           // of them, not triaged yet
    int hosts = 0;           // distinct hosts they name
};

// The groups of one queue, and their rows in one array (group after group).
struct AlertGroups {
    std::vector<AlertGroup> groups;
    std::vector<int> flat;   // indices into SeatView::alerts
    std::span<const int> RowsOf(const AlertGroup& g) const { return {flat.data() + g.begin, (size_t)g.size}; }
    int FirstRow(const AlertGroup& g) const { return flat[g.begin]; } // the one shown
};

// v[0, old) and the sorted batch v[old, end) merged in the order `before` (a strict weak order), as
// std::inplace_merge would (stable: equal elements of the first range first). A queue merges the few
// alerts of a view refresh into 95,000 sorted rows: a merge compares, and so reads the alert of, every
// row (2.5 ms on the 2-core machine, the slowest frames; bench/README.md); a small batch is placed by
// binary searches instead and the rows copied around it. `scratch` is swapped with v (kept for reuse).
template <typename T, typename Before>
void MergeSortedBatch(std::vector<T>& v, size_t old, const Before& before, std::vector<T>& scratch)
{
    const size_t k = v.size() - old;
    if (k == 0 || old == 0) return;
    if (k * 32 >= old) {
        std::inplace_merge(v.begin(), v.begin() + (long)old, v.end(), before);
        return;
    }
    scratch.clear();
    scratch.reserve(v.size());
    auto from = v.begin();
    const auto old_end = v.begin() + (long)old;
    for (size_t j = old; j < v.size(); ++j) {
        const auto at = std::upper_bound(from, old_end, v[j], before); // after equal ones, as a merge
        scratch.insert(scratch.end(), from, at);
        scratch.push_back(v[j]);
        from = at;
    }
    scratch.insert(scratch.end(), from, old_end);
    v.swap(scratch);
}

class AlertGrouper {
public:
    // Learns the rules of the alerts the seat view gained since the last call (all of them again
    // when the view was rebuilt or is another seat's).
    void Learn(const bd::SeatView& seat);
    // `rows` (filtered and sorted, indices into seat.alerts) folded by rule, in the order of each
    // rule's first row. Learn() first. `all_new`: every row is untriaged (the queue hides triaged
    // alerts), so no alert needs reading: integer passes over compact arrays, a counting sort.
    void Group(const bd::SeatView& seat, const std::vector<int>& rows, bool all_new, AlertGroups& out);
    int32_t RuleOf(int row) const { return row >= 0 && row < (int)rule_of_.size() ? rule_of_[row] : -1; }
    size_t Rules() const { return ids_.size(); }
    // The rule's text for one alert (what Learn() keys on).
    static std::string RuleKey(const bd::SeatView& seat, const bd::SeatAlert& a);

private:
    const bd::SeatView* seat_ = nullptr;
    uint64_t rebuilt_ = (uint64_t)-1;
    bd::Team team_ = bd::Team::Engine;
    std::vector<int32_t> rule_of_;                   // per alert row
    std::vector<int32_t> host_of_;                   // per alert row: the world's index of its host, or -1
    std::vector<int8_t> severity_of_;                // per alert row
    std::unordered_map<std::string, int32_t> ids_;   // rule key -> rule id
    std::vector<int32_t> slot_;                      // per rule: its group in the last Group(), or -1
    std::vector<int> fill_;                          // per group: the next free place in flat
    std::vector<uint32_t> host_seen_;                // per world host: the last group (+1) that counted it
};

} // namespace bdui
