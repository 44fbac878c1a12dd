// map_model.cpp: the network map's logic without ImGui (map_model.h): the network, stable slots,
// search and the attacker's path.
#include "map_model.h"

#include "world/world.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <deque>

namespace bdui {

using nlohmann::json;

// [SECTION] The network

int MapNetwork::Find(const std::string& id) const
{
    for (size_t i = 0; i < zones.size(); ++i)
        if (zones[i].id == id) return (int)i;
    return -1;
}

bool MapNetwork::Flows(int a, int b) const
{
    return std::find(flows.begin(), flows.end(), std::make_pair(a, b)) != flows.end();
}

MapNetwork NetworkOf(const bd::World& world)
{
    MapNetwork net;
    for (const auto& z : world.zones) net.zones.push_back({z.id, z.name.empty() ? z.id : z.name, z.internet});
    for (size_t a = 0; a < world.flows.size(); ++a)
        for (size_t b = 0; b < world.flows[a].size(); ++b)
            if (a != b && world.flows[a][b]) net.flows.emplace_back((int)a, (int)b);
    return net;
}

MapNetwork NetworkFromHosts(const std::vector<bd::SeatHost>& hosts)
{
    MapNetwork net;
    for (const auto& h : hosts)
        if (net.Find(h.zone) < 0) net.zones.push_back({h.zone, h.zone, false});
    return net;
}

MapNetwork NetworkFromJson(const json& j)
{
    MapNetwork net;
    if (!j.is_object() || !j.contains("zones") || !j["zones"].is_array()) return net;
    for (const auto& z : j["zones"])
        if (z.is_object() && z.contains("id") && z["id"].is_string())
            net.zones.push_back({z["id"].get<std::string>(), z.value("name", z["id"].get<std::string>()), z.value("internet", false)});
    if (j.contains("flows") && j["flows"].is_array())
        for (const auto& f : j["flows"])
            if (f.is_array() && f.size() == 2 && f[0].is_string() && f[1].is_string()) {
                const int a = net.Find(f[0].get<std::string>()), b = net.Find(f[1].get<std::string>());
                if (a >= 0 && b >= 0 && a != b) net.flows.emplace_back(a, b);
            }
    return net;
}

json NetworkJson(const MapNetwork& net)
{
    json zones = json::array(), flows = json::array();
    for (const auto& z : net.zones) zones.push_back({{"id", z.id}, {"name", z.name}, {"internet", z.internet}});
    for (auto [a, b] : net.flows) flows.push_back({net.zones[a].id, net.zones[b].id});
    return {{"zones", zones}, {"flows", flows}};
}

std::vector<int> ZonePlacement(const MapNetwork& net)
{
    // Breadth first from the internet zones along the flows' direction (who can be reached from outside).
    const int n = (int)net.zones.size();
    std::vector<int> hops(n, -1);
    std::deque<int> todo;
    for (int z = 0; z < n; ++z)
        if (net.zones[z].internet) { hops[z] = 0; todo.push_back(z); }
    while (!todo.empty()) {
        const int a = todo.front();
        todo.pop_front();
        for (auto [x, b] : net.flows)
            if (x == a && hops[b] < 0) { hops[b] = hops[a] + 1; todo.push_back(b); }
    }
    std::vector<int> order;
    for (int z = 0; z < n; ++z)
        if (!net.zones[z].internet) order.push_back(z);
    auto rank = [&](int z) { return hops[z] < 0 ? n + 1 : hops[z]; };
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return rank(a) < rank(b); });
    return order;
}

// [SECTION] Stable slots

void MapLayout::StartOver(const bd::SeatView& seat, const MapNetwork& net, uint64_t epoch)
{
    boxes_.clear();
    box_of_zone_.assign(net.zones.size(), -1);
    place_.clear();
    rows_seen_ = (size_t)-1;
    epoch_ = epoch;
    zones_ = net.zones.size();
    ++generation;
    // Each box as wide as gives the biggest zone's box one and a half times the square root of the
    // hosts known now as rows (taller than wide: the small zones beside it take width too, and the
    // map's panel is wider than tall); never narrower than kMapMinCols (room for hosts learnt later).
    std::vector<size_t> count(net.zones.size(), 0);
    for (const auto& h : seat.hosts) {
        const int z = net.Find(h.zone);
        if (z >= 0) ++count[z];
    }
    const double rows = std::max(1.0, std::round(1.5 * std::sqrt((double)seat.hosts.size())));
    float x = 0;
    // Zones in the row, then internet zones that hold hosts the seat knows (rare: a cloud service).
    std::vector<int> order = ZonePlacement(net);
    for (size_t z = 0; z < net.zones.size(); ++z)
        if (net.zones[z].internet && count[z] > 0) order.push_back((int)z);
    for (int z : order) {
        Box b;
        b.zone = z;
        b.cols = std::max(kMapMinCols, (int)std::ceil((double)count[z] / rows));
        b.x = x;
        x += b.Width() + kMapBoxGap;
        box_of_zone_[z] = (int)boxes_.size();
        boxes_.push_back(std::move(b));
    }
}

bool MapLayout::Update(const bd::SeatView& seat, const MapNetwork& net, uint64_t epoch)
{
    if (epoch_ != epoch || zones_ != net.zones.size()) StartOver(seat, net, epoch);
    else if (rows_seen_ == seat.hosts.size()) return false;
    rows_seen_ = seat.hosts.size();
    for (auto& b : boxes_) std::fill(b.rows.begin(), b.rows.end(), -1);
    bool added = false;
    for (int r = 0; r < (int)seat.hosts.size(); ++r) {
        const bd::SeatHost& h = seat.hosts[r];
        auto [it, fresh] = place_.emplace(h.id, std::make_pair(-1, -1));
        if (fresh) {
            const int z = net.Find(h.zone);
            int bi = z >= 0 ? box_of_zone_[z] : -1;
            if (bi < 0) {
                // A zone with no box yet (an internet zone whose first host just became known): at the end of the row.
                Box b;
                b.zone = z;
                b.x = Width() + (boxes_.empty() ? 0 : kMapBoxGap);
                bi = (int)boxes_.size();
                if (z >= 0) box_of_zone_[z] = bi;
                boxes_.push_back(std::move(b));
            }
            it->second = {bi, (int)boxes_[bi].hosts.size()};
            boxes_[bi].hosts.push_back(h.id);
            boxes_[bi].rows.push_back(-1);
            added = true;
        }
        boxes_[it->second.first].rows[it->second.second] = r;
    }
    if (added) ++generation;
    return added;
}

std::pair<int, int> MapLayout::PlaceOf(const std::string& id) const
{
    const auto it = place_.find(id);
    return it == place_.end() ? std::make_pair(-1, -1) : it->second;
}

float MapLayout::Width() const
{
    return boxes_.empty() ? 0 : boxes_.back().x + boxes_.back().Width();
}

float MapLayout::TallestTiles() const
{
    float h = 0;
    for (const auto& b : boxes_) h = std::max(h, b.TilesHeight());
    return h;
}

// [SECTION] Search

namespace {
std::string MapLower(std::string s)
{
    for (char& c : s) c = (char)std::tolower((unsigned char)c);
    return s;
}
} // namespace

std::vector<int> MapSearch(const std::vector<bd::SeatHost>& hosts, const std::string& query)
{
    size_t b = 0, e = query.size();
    while (b < e && std::isspace((unsigned char)query[b])) ++b;
    while (e > b && std::isspace((unsigned char)query[e - 1])) --e;
    const std::string q = MapLower(query.substr(b, e - b));
    if (q.empty()) return {};
    std::vector<int> exact, prefix, inside;
    for (int r = 0; r < (int)hosts.size(); ++r) {
        const std::string id = MapLower(hosts[r].id);
        const size_t at = id.find(q);
        if (at == std::string::npos) continue;
        (id == q ? exact : at == 0 ? prefix : inside).push_back(r);
    }
    exact.insert(exact.end(), prefix.begin(), prefix.end());
    exact.insert(exact.end(), inside.begin(), inside.end());
    return exact;
}

// [SECTION] The attacker's path

void AttackerPath::Read(const std::vector<json>& records)
{
    if (records.size() < read_) Clear(); // another journal
    for (; read_ < records.size(); ++read_) {
        const json& r = records[read_];
        if (!r.is_object() || r.value("type", "") != "technique" || !r.value("ok", false)) continue;
        const std::string action = r.value("action", "");
        if (action != "initial_access" && action != "lateral_movement") continue;
        const json& target = r.contains("target") ? r["target"] : json();
        if (!target.is_array() || target.empty() || !target[0].is_string()) continue;
        PathArrow a;
        a.stage = r.value("stage", 0);
        a.t = r.value("t", (bd::SimTime)0);
        a.from = action == "initial_access" ? "" : r.value("host", "");
        a.to = target[0].get<std::string>();
        a.technique = r.value("technique", "");
        a.name = r.value("name", "");
        last_stage_ = std::max(last_stage_, a.stage);
        arrows_.push_back(std::move(a));
    }
}

std::vector<PathArrow> PathFor(const bd::SeatView& seat, const AttackerPath& path, int up_to_stage)
{
    std::vector<PathArrow> out;
    if (!seat.truth) return out;
    for (const auto& a : path.Arrows())
        if (up_to_stage < 0 || a.stage <= up_to_stage) out.push_back(a);
    return out;
}

} // namespace bdui
