// alert_groups.cpp: see alert_groups.h.
#include "alert_groups.h"

#include <algorithm>

namespace bdui {

std::string AlertGrouper::RuleKey(const bd::SeatView& seat, const bd::SeatAlert& a)
{
    std::string summary = a.summary;
    const std::string& host = seat.HostIdOf(a);
    if (!host.empty())
        for (size_t at = summary.find(host); at != std::string::npos; at = summary.find(host, at)) summary.erase(at, host.size());
    return std::string(bd::TeamName(a.team)) + '\x1f' + a.sensor + '\x1f' + a.technique + '\x1f' + summary;
}

void AlertGrouper::Learn(const bd::SeatView& seat)
{
    if (seat_ != &seat || rebuilt_ != seat.rebuilt || team_ != seat.team || rule_of_.size() > seat.alerts.size()) {
        seat_ = &seat;
        rebuilt_ = seat.rebuilt;
        team_ = seat.team;
        rule_of_.clear();
        host_of_.clear();
        severity_of_.clear();
        ids_.clear();
    }
    for (size_t r = rule_of_.size(); r < seat.alerts.size(); ++r) {
        const bd::SeatAlert& a = seat.alerts[r];
        const auto it = ids_.emplace(RuleKey(seat, a), (int32_t)ids_.size()).first;
        rule_of_.push_back(it->second);
        host_of_.push_back(a.host); // the world's host index: stable (a seat's host rows may move)
        severity_of_.push_back((int8_t)a.severity);
    }
}

void AlertGrouper::Group(const bd::SeatView& seat, const std::vector<int>& rows, bool all_new, AlertGroups& out)
{
    auto& groups = out.groups;
    groups.clear();
    slot_.assign(ids_.size(), -1);
    // 1. The groups in the order of their first row, their sizes, severities and untriaged counts.
    for (int row : rows) {
        const int32_t rule = RuleOf(row);
        if (rule < 0) continue;
        int32_t& g = slot_[rule];
        if (g < 0) {
            g = (int32_t)groups.size();
            groups.push_back(AlertGroup{rule, 0, 0, 0, 0, 0});
        }
        AlertGroup& group = groups[g];
        ++group.size;
        group.max_severity = std::max<int>(group.max_severity, severity_of_[row]);
        group.fresh += all_new || seat.alerts[row].status == bd::AlertStatus::New;
    }
    // 2. Each group's rows together, in the queue's order (a counting sort).
    fill_.resize(groups.size());
    int at = 0;
    for (size_t g = 0; g < groups.size(); ++g) {
        groups[g].begin = fill_[g] = at;
        at += groups[g].size;
    }
    out.flat.resize((size_t)at);
    for (int row : rows)
        if (const int32_t rule = RuleOf(row); rule >= 0) out.flat[fill_[slot_[rule]]++] = row;
    // 3. Distinct hosts per group: one stamp per world host, the group's number + 1.
    host_seen_.assign(seat.row_of_host.size(), 0);
    for (size_t g = 0; g < groups.size(); ++g)
        for (int row : out.RowsOf(groups[g])) {
            const int32_t h = row < (int)host_of_.size() ? host_of_[row] : -1;
            if (h < 0 || h >= (int32_t)host_seen_.size() || host_seen_[h] == g + 1) continue;
            host_seen_[h] = (uint32_t)(g + 1);
            ++groups[g].hosts;
        }
}

} // namespace bdui
