// map_model.h: what the network map draws, worked out without ImGui so the tests run it headless
// (panel_map.cpp draws it). Four parts:
//   - the network: the scenario's zones and the flows between them (MapNetwork), and where each
//     zone sits (ZonePlacement: the internet above, the zones in a row by their distance from it);
//   - stable slots (MapLayout): a host keeps the tile it got when it first became known to the
//     seat; hosts learnt later take the next free slot of their zone, so no tile ever moves;
//   - host search (MapSearch): the rows whose id contains the text, the best match first;
//   - the attacker's path (AttackerPath, PathFor): footholds and moves from the journal's
//     technique records, by stage, for the facilitator's seat only.
#pragma once
#include "exercise/views.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace bd {
struct World;
}

namespace bdui {

// [SECTION] The network

struct MapZone {
    std::string id, name;
    bool internet = false; // the outside world: drawn as a cloud above the zones
};
struct MapNetwork {
    std::vector<MapZone> zones;             // in the scenario's order
    std::vector<std::pair<int, int>> flows; // (a, b): hosts in zone a may open connections to zone b
    // The index of zone `id`, or -1.
    int Find(const std::string& id) const;
    // Whether a flow a -> b exists.
    bool Flows(int a, int b) const;
};
// The scenario's zones and flows, as the world holds them (they never change during an exercise).
MapNetwork NetworkOf(const bd::World& world);
// A network known only from host rows (a served seat whose server sends no network): the zones the
// hosts name, in order of first appearance, no flows.
MapNetwork NetworkFromHosts(const std::vector<bd::SeatHost>& hosts);
// Reads the "network" object of a served seat's welcome ({"zones":[{id,name,internet}],
// "flows":[[a,b],...]}); an empty network when there is none.
MapNetwork NetworkFromJson(const nlohmann::json& j);
nlohmann::json NetworkJson(const MapNetwork& net);

// The order of the zone boxes in the map's row, left to right: zones by how many flows away from
// the internet they are (the DMZ before the LAN behind it), then in the scenario's order; zones no
// flow from the internet reaches come last. Internet zones are not in the row (they are the cloud).
std::vector<int> ZonePlacement(const MapNetwork& net);

// [SECTION] Stable slots

// World units (pixels at zoom 1) of a tile and of the gap between tiles.
constexpr float kMapTile = 12.0f, kMapGap = 3.0f, kMapCell = kMapTile + kMapGap;
constexpr float kMapPad = 6.0f;      // inside a zone box, around its tiles
constexpr float kMapBoxGap = 28.0f;  // between two zone boxes
constexpr int kMapMinCols = 3;

class MapLayout {
public:
    struct Box {
        int zone = -1;                    // index into the network's zones
        int cols = kMapMinCols;           // fixed when the box first appears: it grows downwards only
        float x = 0;                      // left edge, world units (fixed, like cols)
        std::vector<std::string> hosts;   // the host id in each slot, in the order they became known
        std::vector<int> rows;            // beside hosts: the host's row in the seat's view now, -1 when it
                                          // knows the host no longer (the slot stays empty)
        float Width() const { return cols * kMapCell + kMapGap + 2 * kMapPad; }
        int Rows() const { return std::max(1, ((int)hosts.size() + cols - 1) / cols); }
        // The tiles' height (world units), without the label strip above them.
        float TilesHeight() const { return Rows() * kMapCell + kMapGap + 2 * kMapPad; }
    };
    // Brings the layout up to date with `seat`: a host new to the seat takes the next slot of its
    // zone's box; hosts keep their slots whatever else changes (hosts are told apart by id: a
    // served seat's rows carry no world index). A pass over the rows, only when their count
    // changed (rows move only when a host appears or goes). The first call (and the first
    // after `epoch` changed: another simulation) chooses each box's width from the hosts
    // known then, so that the biggest zone's box is taller than wide (the small zones beside it take
    // width too). Returns true when
    // a slot was added.
    // `epoch`: seat.rebuilt for a local exercise (it grows with a new simulation); a served seat,
    // whose every view is a new build, passes one value for the whole connection.
    bool Update(const bd::SeatView& seat, const MapNetwork& net, uint64_t epoch);
    bool Update(const bd::SeatView& seat, const MapNetwork& net) { return Update(seat, net, seat.rebuilt); }
    const std::vector<Box>& Boxes() const { return boxes_; }
    // Where host `id` sits: {box, slot}, or {-1, -1} when the seat never knew it.
    std::pair<int, int> PlaceOf(const std::string& id) const;
    // The top-left of slot `slot` relative to the box's first tile, world units.
    static float SlotX(const Box& b, int slot) { return (slot % b.cols) * kMapCell; }
    static float SlotY(const Box& b, int slot) { return (slot / b.cols) * kMapCell; }
    // The row's width (world units) and the tallest box's tiles.
    float Width() const;
    float TallestTiles() const;
    // Grows whenever a slot was added or the layout started over: what the panel derives from it is stale.
    uint64_t generation = 0;

private:
    std::vector<Box> boxes_;
    std::vector<int> box_of_zone_;            // per network zone
    std::unordered_map<std::string, std::pair<int, int>> place_; // per host id
    uint64_t epoch_ = (uint64_t)-1;
    size_t rows_seen_ = (size_t)-1;
    size_t zones_ = 0;
    void StartOver(const bd::SeatView& seat, const MapNetwork& net, uint64_t epoch);
};

// [SECTION] Search

// The rows of `hosts` whose id contains `query` (ignoring case, spaces around it ignored): the
// exact id first, then the ids that start with it, then the others, each in host order. Empty for
// an empty query.
std::vector<int> MapSearch(const std::vector<bd::SeatHost>& hosts, const std::string& query);

// [SECTION] The attacker's path (the facilitator's)

// A foothold or a move: initial access from outside (`from` empty) or a lateral movement from one
// host to the next, as a successful technique record of the journal says.
struct PathArrow {
    int stage = 0;        // the campaign stage, from 0 (people read stage + 1)
    bd::SimTime t = 0;    // when it succeeded
    std::string from, to; // host ids; from "" = from outside the estate
    std::string technique, name;
};
// Reads the journal's records incrementally: call Read with the same (growing) records.
class AttackerPath {
public:
    void Read(const std::vector<nlohmann::json>& records);
    const std::vector<PathArrow>& Arrows() const { return arrows_; }
    int LastStage() const { return arrows_.empty() ? -1 : last_stage_; }
    void Clear() { *this = AttackerPath(); }

private:
    size_t read_ = 0;
    int last_stage_ = -1;
    std::vector<PathArrow> arrows_;
};
// The arrows the map shows to `seat`: none unless the seat is the facilitator's (players never see
// the ground truth); those of stages 0..up_to_stage (all when up_to_stage < 0), in journal order.
std::vector<PathArrow> PathFor(const bd::SeatView& seat, const AttackerPath& path, int up_to_stage = -1);

} // namespace bdui
