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
        ids_.clear();
    }
    for (size_t r = rule_of_.size(); r < seat.alerts.size(); ++r) {
        const auto [it, fresh] = ids_.emplace(RuleKey(seat, seat.alerts[r]), (int32_t)ids_.size());
        (void)fresh;
        rule_of_.push_back(it->second);
    }
}

void AlertGrouper::Group(const bd::SeatView& seat, const std::vector<int>& rows, std::vector<AlertGroup>& out)
{
    out.clear();
    slot_.assign(ids_.size(), -1);
    for (int row : rows) {
        const int32_t rule = RuleOf(row);
        if (rule < 0) continue;
        int32_t& g = slot_[rule];
        if (g < 0) {
            g = (int32_t)out.size();
            out.push_back(AlertGroup{rule, {}, 0, 0, 0});
        }
        AlertGroup& group = out[g];
        const bd::SeatAlert& a = seat.alerts[row];
        group.rows.push_back(row);
        group.max_severity = std::max(group.max_severity, a.severity);
        group.fresh += a.status == bd::AlertStatus::New;
    }
    // Distinct hosts per group: one stamp per host row, the group's number + 1.
    host_seen_.assign(seat.hosts.size(), 0);
    for (size_t g = 0; g < out.size(); ++g)
        for (int row : out[g].rows) {
            const int32_t h = seat.RowOfHost(seat.alerts[row].host);
            if (h < 0 || h >= (int32_t)host_seen_.size() || host_seen_[h] == g + 1) continue;
            host_seen_[h] = (uint32_t)(g + 1);
            ++out[g].hosts;
        }
}

} // namespace bdui
