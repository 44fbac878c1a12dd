// panel_map.cpp: the network map. The internet as a cloud above, the scenario's zones in a row
// below it (nearest the internet first), the flows between them as lines with arrowheads (an arrow
// points at the zone that may be connected to); in each zone its hosts as tiles, shaped by kind and
// filled by what the seat knows (the facilitator sees the truth). A tile keeps its place once drawn
// (map_model.h, MapLayout). Zoomed out (a tile under 4 pixels: a big estate), each zone is a card
// with its hosts counted by state; click a card to zoom into the zone. The facilitator also sees the
// attacker's path: footholds and moves as numbered arrows, by stage. Host search centres on the
// first match; Enter selects it. Wheel zoom, right-drag pan, right double-click fit.
//
// [SECTION] Colours, marks and shapes (one place for the tiles, the cards and the legend)
// [SECTION] The legend and the map's bar (search, fit, the attacker's path)
// [SECTION] Per seat: the layout and the colours
// [SECTION] Geometry: the zone boxes on screen, pan and zoom
// [SECTION] Drawing: flows, tiles, cards, the attacker's path
// [SECTION] DrawNetworkMap
#include "map_model.h"
#include "panels.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <array>
#include <set>
#include <tuple>
#include <unordered_map>

namespace bdui {

using nlohmann::json;

namespace {

// [SECTION] Colours, marks and shapes

// The fill says the host's state (a host not running keeps its state's colour, whatever else is
// true); marks say the state and what is known again, so the map reads without colour.
constexpr ImU32 kQuiet = IM_COL32(105, 110, 122, 255);      // running, nothing known: no data is not "healthy"
constexpr ImU32 kClean = IM_COL32(70, 160, 90, 255);        // the facilitator's: running, not compromised
constexpr ImU32 kAlerted = IM_COL32(230, 200, 60, 255);
constexpr ImU32 kBad = IM_COL32(230, 60, 60, 255);          // compromised (truth) or found compromised
constexpr ImU32 kEncrypted = IM_COL32(170, 80, 220, 255);
constexpr ImU32 kIsolated = IM_COL32(90, 120, 200, 255);
constexpr ImU32 kDown = IM_COL32(230, 140, 40, 255);
constexpr ImU32 kRebuilding = IM_COL32(60, 175, 185, 255);
constexpr ImU32 kInk = IM_COL32(15, 15, 20, 255);
constexpr ImU32 kFlow = IM_COL32(140, 148, 165, 255);
constexpr ImU32 kMatch = IM_COL32(86, 180, 233, 255);
enum MapMark : uint8_t {
    kMarkBad = 1,        // a cross: compromised (truth) or found compromised
    kMarkEncrypted = 2,  // a bar along the bottom
    kMarkAlert = 4,      // a dot, top right: an open alert
    kMarkIsolated = 8,   // a frame inside the edge: fenced off
    kMarkDown = 16,      // a ring in the middle: powered off
    kMarkRebuilding = 32 // a triangle in the middle: under way
};

// What a tile is, in the legend's words: one category each (its fill), counted on the cards.
enum Category : uint8_t { kCatQuiet, kCatClean, kCatAlerted, kCatBad, kCatEncrypted, kCatIsolated, kCatDown, kCatRebuilding, kCatCount };
constexpr ImU32 kCatFill[kCatCount] = {kQuiet, kClean, kAlerted, kBad, kEncrypted, kIsolated, kDown, kRebuilding};
constexpr uint8_t kCatMarks[kCatCount] = {0, 0, kMarkAlert, kMarkBad, kMarkEncrypted, kMarkIsolated, kMarkDown, kMarkRebuilding};
const char* const kCatPlayer[kCatCount] = {"running, nothing known", "", "open alert", "found compromised", "", "isolated", "down", "rebuilding"};
const char* const kCatTruth[kCatCount] = {"", "clean", "", "compromised", "encrypted", "isolated", "down", "rebuilding"};

Category HostCategory(const bd::SeatHost& h, const bd::HostTruth* truth, bool known_bad, bool alerted)
{
    using bd::HostState;
    if (h.state == HostState::Isolated) return kCatIsolated;
    if (h.state == HostState::Down) return truth && truth->encrypted ? kCatEncrypted : kCatDown;
    if (h.state == HostState::Reimaging || h.state == HostState::Restoring) return kCatRebuilding;
    if (truth) return truth->encrypted ? kCatEncrypted : truth->compromise > 0 ? kCatBad : kCatClean;
    if (known_bad) return kCatBad;
    if (alerted) return kCatAlerted;
    return kCatQuiet;
}

uint8_t HostMarks(const bd::SeatHost& h, const bd::HostTruth* truth, bool known_bad, bool alerted)
{
    using bd::HostState;
    uint8_t m = 0;
    if ((truth && truth->compromise > 0) || known_bad) m |= kMarkBad;
    if (truth && truth->encrypted) m |= kMarkEncrypted;
    if (alerted) m |= kMarkAlert;
    if (h.state == HostState::Isolated) m |= kMarkIsolated;
    if (h.state == HostState::Down && !(truth && truth->encrypted)) m |= kMarkDown;
    if (h.state == HostState::Reimaging || h.state == HostState::Restoring) m |= kMarkRebuilding;
    return m;
}

// Host kinds by shape (docs/authoring.md lists the kinds; any other kind behaves as a server).
enum Shape : uint8_t { kSquare, kTall, kDiamond, kCircle, kHexagon, kWide, kTriangle, kPill, kShapeCount };
const char* const kShapeKinds[kShapeCount] = {"workstation", "server", "domain controller", "database", "web", "mail", "backup", "cloud"};
Shape ShapeOf(const std::string& kind)
{
    if (kind == "workstation") return kSquare;
    if (kind == "domain_controller") return kDiamond;
    if (kind == "database") return kCircle;
    if (kind == "web") return kHexagon;
    if (kind == "mail") return kWide;
    if (kind == "backup") return kTriangle;
    if (kind == "cloud") return kPill;
    return kTall;
}

// A tile of shape `sh` and fill `fill` in the square at (x, y) of side s.
void DrawShape(ImDrawList* dl, float x, float y, float s, Shape sh, ImU32 fill)
{
    const ImVec2 c(x + s / 2, y + s / 2);
    switch (sh) {
    case kSquare: dl->AddRectFilled(ImVec2(x, y), ImVec2(x + s, y + s), fill, s >= 8 ? 2.0f : 0.0f); break;
    case kTall: dl->AddRectFilled(ImVec2(x + s * 0.16f, y), ImVec2(x + s * 0.84f, y + s), fill); break;
    case kWide: dl->AddRectFilled(ImVec2(x, y + s * 0.16f), ImVec2(x + s, y + s * 0.84f), fill); break;
    case kDiamond: dl->AddQuadFilled(ImVec2(c.x, y - s * 0.08f), ImVec2(x + s * 1.08f, c.y), ImVec2(c.x, y + s * 1.08f), ImVec2(x - s * 0.08f, c.y), fill); break;
    case kCircle: dl->AddCircleFilled(c, s * 0.55f, fill, 16); break;
    case kHexagon: dl->AddNgonFilled(c, s * 0.58f, fill, 6); break;
    case kTriangle: dl->AddTriangleFilled(ImVec2(c.x, y - s * 0.05f), ImVec2(x + s * 1.08f, y + s), ImVec2(x - s * 0.08f, y + s), fill); break;
    case kPill: dl->AddRectFilled(ImVec2(x - s * 0.05f, y + s * 0.18f), ImVec2(x + s * 1.05f, y + s * 0.82f), fill, s * 0.32f); break;
    case kShapeCount: break;
    }
}

// The marks on a tile at (x, y) of size s, dark on the fill; all of them can show at once.
void DrawMarks(ImDrawList* dl, float x, float y, float s, uint8_t marks)
{
    const float t = std::max(1.0f, s / 8);
    const ImVec2 c(x + s / 2, y + s / 2);
    if (marks & kMarkIsolated) dl->AddRect(ImVec2(x + t * 0.8f, y + t * 0.8f), ImVec2(x + s - t * 0.8f, y + s - t * 0.8f), kInk, 0, 0, t * 1.2f);
    if (marks & kMarkDown) dl->AddCircle(c, s * 0.2f, kInk, 12, t * 1.3f);
    if (marks & kMarkRebuilding)
        dl->AddTriangleFilled(ImVec2(c.x - s * 0.16f, c.y - s * 0.2f), ImVec2(c.x + s * 0.22f, c.y), ImVec2(c.x - s * 0.16f, c.y + s * 0.2f), kInk);
    if (marks & kMarkBad) {
        dl->AddLine(ImVec2(x + s * 0.27f, y + s * 0.27f), ImVec2(x + s * 0.73f, y + s * 0.73f), kInk, t * 1.5f);
        dl->AddLine(ImVec2(x + s * 0.73f, y + s * 0.27f), ImVec2(x + s * 0.27f, y + s * 0.73f), kInk, t * 1.5f);
    }
    if (marks & kMarkEncrypted) dl->AddRectFilled(ImVec2(x + s * 0.2f, y + s * 0.76f), ImVec2(x + s * 0.8f, y + s * 0.9f), kInk);
    if (marks & kMarkAlert) dl->AddCircleFilled(ImVec2(x + s * 0.74f, y + s * 0.26f), s * 0.13f, kInk);
}

// The attacker's path: one colour per stage (Okabe-Ito, safe for colour-blind eyes), and the
// stage's number on each arrow, so the colour is never the only clue.
ImU32 StageColour(int stage)
{
    static const ImU32 k[] = {IM_COL32(230, 159, 0, 255), IM_COL32(86, 180, 233, 255), IM_COL32(0, 158, 115, 255),
                              IM_COL32(240, 228, 66, 255), IM_COL32(213, 94, 0, 255),  IM_COL32(204, 121, 167, 255),
                              IM_COL32(245, 245, 245, 255)};
    return k[stage % (int)std::size(k)];
}

void ArrowHead(ImDrawList* dl, ImVec2 tip, ImVec2 from, float size, ImU32 col)
{
    float dx = tip.x - from.x, dy = tip.y - from.y;
    const float len = std::sqrt(dx * dx + dy * dy);
    if (len < 0.5f) return;
    dx /= len;
    dy /= len;
    dl->AddTriangleFilled(tip, ImVec2(tip.x - dx * size - dy * size * 0.55f, tip.y - dy * size + dx * size * 0.55f),
                          ImVec2(tip.x - dx * size + dy * size * 0.55f, tip.y - dy * size - dx * size * 0.55f), col);
}

// [SECTION] The legend and the map's bar

// One swatch and its words, on the same line while it fits (a narrow panel wraps instead of cutting).
void LegendItem(ImDrawList* dl, const char* text, ImU32 fill, uint8_t marks, Shape shape, const char* tooltip = nullptr)
{
    const float s = ImGui::GetTextLineHeight() * 0.8f;
    const float need = s + 4 + ImGui::CalcTextSize(text).x + ImGui::GetStyle().ItemSpacing.x;
    ImGui::SameLine();
    if (ImGui::GetContentRegionAvail().x < need) ImGui::NewLine();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    DrawShape(dl, p.x + 1, p.y + 3, s - 2, shape, fill);
    DrawMarks(dl, p.x + 1, p.y + 3, s - 2, marks);
    ImGui::Dummy(ImVec2(s, s));
    ImGui::SameLine(0, 4);
    ImGui::TextDisabled("%s", text);
    if (tooltip && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tooltip);
}

// What this seat's map can show: states (fill and mark), the marks of what is known, the kinds
// the seat's hosts have (shape), a flow, and for the facilitator the attacker's path.
void DrawLegend(bool truth, const std::set<Shape>& shapes)
{
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImGui::TextDisabled(truth ? "truth:" : "your tools:");
    const char* const* words = truth ? kCatTruth : kCatPlayer;
    for (int c = 0; c < kCatCount; ++c)
        if (*words[c]) LegendItem(dl, words[c], kCatFill[c], kCatMarks[c], kSquare);
    if (truth) LegendItem(dl, "open alert (dot)", kQuiet, kMarkAlert, kSquare, "A dot on any tile: an alert about the host is open in a team's queue.");
    ImGui::TextDisabled("kinds:");
    for (Shape sh : shapes) LegendItem(dl, kShapeKinds[sh], kQuiet, 0, sh);
    ImGui::SameLine();
    const float need = ImGui::CalcTextSize("--> a flow").x + 20;
    if (ImGui::GetContentRegionAvail().x < need) ImGui::NewLine();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float y = p.y + ImGui::GetTextLineHeight() * 0.55f;
    dl->AddLine(ImVec2(p.x, y), ImVec2(p.x + 18, y), kFlow, 1.5f);
    ArrowHead(dl, ImVec2(p.x + 20, y), ImVec2(p.x, y), 6, kFlow);
    ImGui::Dummy(ImVec2(22, 4));
    ImGui::SameLine(0, 4);
    ImGui::TextDisabled("a flow");
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("The scenario's flows: an arrow points at the zone that the other zone's hosts may open connections to.");
}

// [SECTION] Per seat: the layout and the colours

struct SeatMap {
    MapLayout layout;
    float zoom = 1.0f;
    ImVec2 pan = ImVec2(10, 10);
    bool fit = true;
    // Per host row: its category and marks; per box: counts by category. Rebuilt when the view
    // changed (not per frame).
    std::vector<uint8_t> category, marks;
    std::vector<std::array<int, kCatCount>> counts; // beside layout.Boxes()
    std::set<Shape> shapes;             // the kinds the seat's hosts have
    std::tuple<uint64_t, uint64_t, uint64_t, uint64_t, size_t, uint64_t> key{(uint64_t)-1, 0, 0, 0, 0, 0};
    // The row of each host id, for the selection (rows move only when the count changes: a host
    // appeared or went); checked on use.
    std::unordered_map<std::string, int> row_of_id;
    std::pair<uint64_t, size_t> ids_for{(uint64_t)-1, 0};
    uint64_t layout_for = (uint64_t)-1; // seat.hosts_changed + seat.rebuilt the layout was updated for
    int RowOf(const bd::SeatView& seat, const std::string& id)
    {
        if (id.empty()) return -1;
        if (ids_for != std::make_pair(seat.rebuilt, seat.hosts.size())) {
            ids_for = {seat.rebuilt, seat.hosts.size()};
            row_of_id.clear();
            for (size_t r = 0; r < seat.hosts.size(); ++r) row_of_id[seat.hosts[r].id] = (int)r;
        }
        const auto it = row_of_id.find(id);
        if (it != row_of_id.end() && it->second < (int)seat.hosts.size() && seat.hosts[it->second].id == id) return it->second;
        for (size_t r = 0; r < seat.hosts.size(); ++r) // a host came and another went at once
            if (seat.hosts[r].id == id) return (int)r;
        return -1;
    }
    // The seat's own search (a hot-seat swap carries no text over).
    char search[64] = "";
    std::string searched;     // the text the matches are for
    std::vector<int> matches; // host rows
    uint64_t matched_generation = (uint64_t)-1;
};

struct MapState {
    SeatMap seats[3]; // ITOps, SecOps, the facilitator
    MapNetwork net;
    std::vector<int> clouds; // internet zones without a box: the clouds
    uint64_t net_epoch = (uint64_t)-1;
    AttackerPath path;
    bool show_path = true;
    int path_upto = -1;      // the last stage shown; -1: all so far
};

SeatMap& MapOf(MapState& m, const bd::SeatView& seat)
{
    return m.seats[seat.team == Team::ITOps ? 0 : seat.team == Team::SecOps ? 1 : 2];
}

// What the seat knows: hosts found compromised (findings), hosts with an open alert (the seat view
// counts them per host). Once per view refresh, not per frame.
void UpdateColours(SeatMap& sm, const json& view, const bd::SeatView& seat)
{
    const size_t findings = view.contains("findings") && view["findings"].is_array() ? view["findings"].size() : 0;
    const auto key = std::make_tuple(seat.rebuilt, seat.hosts_changed, seat.alerts_added, seat.statuses_changed, findings, sm.layout.generation);
    if (sm.key == key) return;
    sm.key = key;
    std::set<std::string> known_bad;
    if (findings)
        for (const auto& f : view["findings"])
            if (f.value("compromised", false)) known_bad.insert(Str(f, "host"));
    const auto& hosts = seat.hosts;
    sm.category.resize(hosts.size());
    sm.marks.resize(hosts.size());
    sm.shapes.clear();
    for (size_t r = 0; r < hosts.size(); ++r) {
        const bd::HostTruth* t = seat.truth ? &seat.host_truth[r] : nullptr;
        const bool bad = known_bad.count(hosts[r].id) > 0, alerted = seat.open_alerts_on_host[r] > 0;
        sm.category[r] = HostCategory(hosts[r], t, bad, alerted);
        sm.marks[r] = HostMarks(hosts[r], t, bad, alerted);
        sm.shapes.insert(ShapeOf(hosts[r].kind));
    }
    const auto& boxes = sm.layout.Boxes();
    sm.counts.assign(boxes.size(), {});
    for (size_t b = 0; b < boxes.size(); ++b)
        for (int r : boxes[b].rows) {
            if (r >= 0) sm.counts[b][sm.category[r]]++; // a host the seat no longer knows: its slot stays empty
        }
}

// [SECTION] Geometry: the zone boxes on screen, pan and zoom

// The frame's canvas and where everything sits on it.
struct Canvas {
    ImDrawList* dl = nullptr;
    ImVec2 origin, avail;
    bool hovered = false;
    float zoom = 1, tile = 12, cell = 15;
    bool cards = false;           // zoomed out: each zone a card of counts
    bool truth = false;           // the facilitator's seat
    float line = 16, header = 22; // text line, and the label strip on top of a box (pixels)
    float band = 0;               // the height of the cloud and the flows' lanes above the boxes
    float row_top = 0;            // screen y of the boxes' top
    std::vector<ImVec4> rects;    // per box: x0, y0, x1, y1 on screen
    std::vector<ImVec4> cloud_rects;
    int lanes = 0;
};

constexpr float kLanePx = 7.0f, kCloudH = 36.0f, kCloudW = 120.0f, kCardGap = 24.0f;

// The flows between two boxes (each pair once), and those between a cloud and a box.
struct Link { int a, b; bool a_to_b, b_to_a; bool cloud; };
std::vector<Link> Links(const MapState& m, const SeatMap& sm)
{
    std::vector<int> box_of(m.net.zones.size(), -1), cloud_of(m.net.zones.size(), -1);
    const auto& boxes = sm.layout.Boxes();
    for (size_t b = 0; b < boxes.size(); ++b)
        if (boxes[b].zone >= 0) box_of[boxes[b].zone] = (int)b;
    for (size_t c = 0; c < m.clouds.size(); ++c) cloud_of[m.clouds[c]] = (int)c;
    std::vector<Link> out;
    for (size_t za = 0; za < m.net.zones.size(); ++za)
        for (size_t zb = za + 1; zb < m.net.zones.size(); ++zb) {
            const bool ab = m.net.Flows((int)za, (int)zb), ba = m.net.Flows((int)zb, (int)za);
            if (!ab && !ba) continue;
            if (box_of[za] >= 0 && box_of[zb] >= 0) {
                if (boxes[box_of[za]].x <= boxes[box_of[zb]].x) out.push_back({box_of[za], box_of[zb], ab, ba, false});
                else out.push_back({box_of[zb], box_of[za], ba, ab, false});
            } else if (cloud_of[za] >= 0 && box_of[zb] >= 0) out.push_back({cloud_of[za], box_of[zb], ab, ba, true});
            else if (cloud_of[zb] >= 0 && box_of[za] >= 0) out.push_back({cloud_of[zb], box_of[za], ba, ab, true});
        }
    // Short lanes nearest the boxes, so that lines cross as little as they can.
    std::stable_sort(out.begin(), out.end(), [](const Link& x, const Link& y) {
        return x.cloud != y.cloud ? !x.cloud : (x.b - x.a) < (y.b - y.a);
    });
    return out;
}

// A card's size: its title and one line per category it counts.
ImVec2 CardSize(const MapState& m, const SeatMap& sm, size_t b, const Canvas& cv)
{
    const auto& box = sm.layout.Boxes()[b];
    const std::string title = box.zone >= 0 ? m.net.zones[box.zone].name : "?";
    int lines = 0;
    float w = std::max(96.0f, ImGui::CalcTextSize(title.c_str()).x + 16);
    const char* const* words = cv.truth ? kCatTruth : kCatPlayer;
    for (int c = 0; c < kCatCount; ++c)
        if (sm.counts[b][c] > 0) {
            ++lines;
            w = std::max(w, ImGui::CalcTextSize((bd::FormatCount(sm.counts[b][c]) + " " + words[c]).c_str()).x + cv.line * 0.75f + 22);
        }
    return ImVec2(w, cv.header + std::max(1, lines) * cv.line + 8);
}

// The narrowest a box may be: its zone's id (its label's shortest form, DrawBoxFrame), so that
// a box's label is never cut and never sits under tiles, yet a row of small zones leaves the tiles room.
float BoxMinWidth(const MapState& m, const SeatMap& sm, size_t b)
{
    const auto& box = sm.layout.Boxes()[b];
    return ImGui::CalcTextSize(box.zone >= 0 ? m.net.zones[box.zone].id.c_str() : "?").x + 12;
}

// Where box b's left edge is, in pixels from the row's left at `zoom`: each box before it is as
// wide as its tiles or its id, whichever is wider. Only the zoom moves a box: its width is fixed
// (MapLayout), so no tile moves as hosts become known.
float BoxOffset(const MapState& m, const SeatMap& sm, size_t b, float zoom, float* width = nullptr)
{
    float x = 0;
    for (size_t i = 0; i <= b && i < sm.layout.Boxes().size(); ++i) {
        const float w = std::max(sm.layout.Boxes()[i].Width() * zoom, BoxMinWidth(m, sm, i));
        if (i == b) {
            if (width) *width = w;
            break;
        }
        x += w + kMapBoxGap * zoom;
    }
    return x;
}

void PlaceBoxes(const MapState& m, const SeatMap& sm, Canvas& cv, const std::vector<Link>& links)
{
    const auto& boxes = sm.layout.Boxes();
    cv.lanes = 0;
    for (const auto& l : links) cv.lanes += !l.cloud;
    cv.band = (m.clouds.empty() ? 0 : kCloudH + 14) + cv.lanes * kLanePx + 12;
    cv.row_top = cv.origin.y + sm.pan.y + cv.band;
    cv.rects.clear();
    float x = cv.origin.x + sm.pan.x;
    for (size_t b = 0; b < boxes.size(); ++b) {
        if (cv.cards) {
            const ImVec2 s = CardSize(m, sm, b, cv);
            cv.rects.emplace_back(x, cv.row_top, x + s.x, cv.row_top + s.y);
            x += s.x + kCardGap;
        } else {
            const float w = std::max(boxes[b].Width() * cv.zoom, BoxMinWidth(m, sm, b));
            cv.rects.emplace_back(x, cv.row_top, x + w, cv.row_top + cv.header + boxes[b].TilesHeight() * cv.zoom);
            x += w + kMapBoxGap * cv.zoom;
        }
    }
    cv.cloud_rects.clear();
    const float left = cv.rects.empty() ? cv.origin.x + sm.pan.x : cv.rects.front().x;
    const float right = cv.rects.empty() ? left + 200 : cv.rects.back().z;
    for (size_t c = 0; c < m.clouds.size(); ++c) {
        const float cx = left + (right - left) * (float)(c + 1) / (float)(m.clouds.size() + 1);
        const float y0 = cv.origin.y + sm.pan.y + 2;
        cv.cloud_rects.emplace_back(cx - kCloudW / 2, y0, cx + kCloudW / 2, y0 + kCloudH);
    }
}

// The whole estate on the canvas: tiles if they can be 4 pixels or more, else the cards.
void Fit(const MapState& m, SeatMap& sm, const Canvas& cv)
{
    const float w = std::max(sm.layout.Width(), 1.0f), h = std::max(sm.layout.TallestTiles(), 1.0f);
    const float room_w = cv.avail.x - 20, room_h = cv.avail.y - 20 - cv.band - cv.header;
    sm.zoom = std::clamp(std::min(room_w / w, room_h / h), 0.02f, 3.0f);
    // Labels wider than their boxes take room the tiles' arithmetic did not count: zoom out until the row fits.
    const size_t n = sm.layout.Boxes().size();
    float total = 0;
    for (int i = 0; i < 8 && n; ++i) {
        float last = 0;
        total = BoxOffset(m, sm, n - 1, sm.zoom, &last) + last;
        if (total <= room_w) break;
        sm.zoom = std::max(0.02f, sm.zoom * room_w / total);
    }
    sm.pan = ImVec2(10, 4);
    if (sm.zoom * kMapTile < 4.0f) {
        // The cards, centred.
        float total = 0;
        for (size_t b = 0; b < sm.layout.Boxes().size(); ++b) total += CardSize(m, sm, b, cv).x + kCardGap;
        sm.pan.x = std::max(10.0f, (cv.avail.x - total + kCardGap) / 2);
    } else {
        sm.pan.x = std::max(10.0f, (cv.avail.x - total) / 2);
    }
    sm.fit = false;
}

// Zoom into box b: its tiles at least 6 pixels, the whole box if it fits, its top left in view.
void ZoomToBox(const MapState& m, SeatMap& sm, const Canvas& cv, size_t b)
{
    const auto& box = sm.layout.Boxes()[b];
    const float fit = std::min((cv.avail.x - 20) / box.Width(), (cv.avail.y - 20 - cv.header) / box.TilesHeight());
    sm.zoom = std::clamp(fit, 6.0f / kMapTile, 3.0f);
    float w = 0;
    const float x = BoxOffset(m, sm, b, sm.zoom, &w);
    sm.pan.x = (w < cv.avail.x ? (cv.avail.x - w) / 2 : 10) - x;
    sm.pan.y = 10 - cv.band;
}

// Centre the view on a host's tile, tiles at least 8 pixels.
void CentreOn(const MapState& m, SeatMap& sm, const Canvas& cv, const std::string& id)
{
    const auto [b, k] = sm.layout.PlaceOf(id);
    if (b < 0) return;
    const auto& box = sm.layout.Boxes()[b];
    sm.zoom = std::max(sm.zoom, 8.0f / kMapTile);
    const float tx = BoxOffset(m, sm, b, sm.zoom) + (kMapPad + kMapGap + MapLayout::SlotX(box, k) + kMapTile / 2) * sm.zoom;
    const float ty = cv.band + cv.header + (kMapPad + kMapGap + MapLayout::SlotY(box, k) + kMapTile / 2) * sm.zoom;
    sm.pan = ImVec2(cv.avail.x / 2 - tx, cv.avail.y / 2 - ty);
}

// Right-drag pans, the wheel zooms around the cursor, a right double-click fits.
void PanAndZoom(SeatMap& sm, const Canvas& cv)
{
    ImGuiIO& io = ImGui::GetIO();
    if (!cv.hovered) return;
    if (ImGui::IsMouseDragging(ImGuiMouseButton_Right)) {
        sm.pan.x += io.MouseDelta.x;
        sm.pan.y += io.MouseDelta.y;
    }
    if (io.MouseWheel != 0 && !cv.cards) {
        const float old = sm.zoom;
        sm.zoom = std::clamp(sm.zoom * (io.MouseWheel > 0 ? 1.2f : 1 / 1.2f), 0.02f, 8.0f);
        const ImVec2 c(io.MousePos.x - cv.origin.x, io.MousePos.y - cv.origin.y - cv.band);
        sm.pan.x = c.x - (c.x - sm.pan.x) * (sm.zoom / old);
        sm.pan.y = c.y - (c.y - sm.pan.y) * (sm.zoom / old);
    }
    if (ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Right)) sm.fit = true;
}

// [SECTION] Drawing: flows, tiles, cards, the attacker's path

// The flows: a lane each between two boxes, above them; a line from the cloud to each box it
// has a flow with. Attachment points spread along each box's top edge.
void DrawFlows(const Canvas& cv, const std::vector<Link>& links)
{
    ImDrawList* dl = cv.dl;
    // Each box's ends, ordered by where the other end is, spread along its top.
    std::vector<std::vector<std::pair<float, int>>> ends(cv.rects.size()); // (other x, end id)
    auto centre_x = [&](const Link& l, bool a) { const ImVec4& r = a ? (l.cloud ? cv.cloud_rects[l.a] : cv.rects[l.a]) : cv.rects[l.b]; return (r.x + r.z) / 2; };
    std::vector<std::vector<std::pair<float, int>>> cloud_ends(cv.cloud_rects.size());
    for (size_t i = 0; i < links.size(); ++i) {
        const Link& l = links[i];
        if (!l.cloud) ends[l.a].emplace_back(centre_x(l, false), (int)i * 2);
        else cloud_ends[l.a].emplace_back((cv.rects[l.b].x + cv.rects[l.b].z) / 2, (int)i * 2);
        ends[l.b].emplace_back(centre_x(l, true), (int)i * 2 + 1);
    }
    std::vector<float> at(links.size() * 2, 0);
    for (size_t c = 0; c < cloud_ends.size(); ++c) {
        std::sort(cloud_ends[c].begin(), cloud_ends[c].end());
        const ImVec4& r = cv.cloud_rects[c];
        for (size_t k = 0; k < cloud_ends[c].size(); ++k)
            at[cloud_ends[c][k].second] = r.x + 14 + (r.z - r.x - 28) * (float)(k + 1) / (float)(cloud_ends[c].size() + 1);
    }
    for (size_t b = 0; b < ends.size(); ++b) {
        std::sort(ends[b].begin(), ends[b].end());
        const ImVec4& r = cv.rects[b];
        const float margin = std::min(14.0f, (r.z - r.x) / 4);
        for (size_t k = 0; k < ends[b].size(); ++k)
            at[ends[b][k].second] = r.x + margin + (r.z - r.x - 2 * margin) * (float)(k + 1) / (float)(ends[b].size() + 1);
    }
    const float head = 7;
    int lane = 0;
    for (size_t i = 0; i < links.size(); ++i) {
        const Link& l = links[i];
        const float xb = at[i * 2 + 1], yb = cv.row_top;
        if (l.cloud) {
            const ImVec4& c = cv.cloud_rects[l.a];
            const ImVec2 pa(at[i * 2], c.w), pb(xb, yb);
            dl->AddLine(pa, pb, kFlow, 1.5f);
            if (l.a_to_b) ArrowHead(dl, pb, pa, head, kFlow);
            if (l.b_to_a) ArrowHead(dl, pa, pb, head, kFlow);
            continue;
        }
        const float xa = at[i * 2], y = cv.row_top - 8 - (float)lane++ * kLanePx;
        dl->AddLine(ImVec2(xa, cv.row_top), ImVec2(xa, y), kFlow, 1.5f);
        dl->AddLine(ImVec2(xa, y), ImVec2(xb, y), kFlow, 1.5f);
        dl->AddLine(ImVec2(xb, y), ImVec2(xb, yb), kFlow, 1.5f);
        if (l.a_to_b) ArrowHead(dl, ImVec2(xb, yb), ImVec2(xb, y), head, kFlow);
        if (l.b_to_a) ArrowHead(dl, ImVec2(xa, cv.row_top), ImVec2(xa, y), head, kFlow);
    }
}

void DrawCloud(ImDrawList* dl, const ImVec4& r, const std::string& name)
{
    // A cloud's silhouette: a flat base and three puffs, one colour (an outline would show the seams).
    const ImU32 fill = IM_COL32(66, 73, 90, 255);
    const float w = r.z - r.x, h = r.w - r.y;
    dl->AddRectFilled(ImVec2(r.x, r.y + h * 0.42f), ImVec2(r.z, r.w), fill, h * 0.29f);
    dl->AddCircleFilled(ImVec2(r.x + w * 0.3f, r.y + h * 0.5f), h * 0.36f, fill, 20);
    dl->AddCircleFilled(ImVec2(r.x + w * 0.52f, r.y + h * 0.38f), h * 0.46f, fill, 24);
    dl->AddCircleFilled(ImVec2(r.x + w * 0.72f, r.y + h * 0.52f), h * 0.34f, fill, 20);
    const ImVec2 ts = ImGui::CalcTextSize(name.c_str());
    dl->AddText(ImVec2((r.x + r.z - ts.x) / 2, r.y + h * 0.62f - ts.y / 2), IM_COL32(220, 224, 232, 255), name.c_str());
}

// A box's label strip: the zone's name and how many hosts the seat knows there, cut to fit.
// The label is the first that fits of: "Office LAN (62)", "Office LAN", "office (62)", "office".
void DrawBoxFrame(const Canvas& cv, const ImVec4& r, const MapZone& zone, size_t known, bool hovered_box)
{
    cv.dl->AddRectFilled(ImVec2(r.x, r.y), ImVec2(r.z, r.w), IM_COL32(40, 44, 54, 255), 4);
    cv.dl->AddRect(ImVec2(r.x, r.y), ImVec2(r.z, r.w), hovered_box ? IM_COL32(170, 178, 195, 255) : IM_COL32(90, 96, 110, 255), 4);
    char n[32];
    std::snprintf(n, sizeof n, " (%s)", bd::FormatCount((int64_t)known).c_str());
    const float room = r.z - r.x - 10;
    std::string label = zone.id;
    for (const std::string& l : {zone.name + n, zone.name, zone.id + n})
        if (ImGui::CalcTextSize(l.c_str()).x <= room) { label = l; break; }
    // Cut to fit, ".." saying so (the box's tooltip says it whole).
    while (label.size() > 1 && ImGui::CalcTextSize(label.c_str()).x > room) label = label.substr(0, label.size() - (label.size() > 2 && label.compare(label.size() - 2, 2, "..") == 0 ? 3 : 1)) + "..";
    if (ImGui::CalcTextSize(label.c_str()).x > room) return;
    cv.dl->AddText(ImVec2(r.x + 5, r.y + (cv.header - cv.line) / 2), IM_COL32(205, 210, 220, 255), label.c_str());
}

// A zone card (zoomed out): its name and its hosts counted by category, each with its swatch.
void DrawCard(const Canvas& cv, const ImVec4& r, const MapZone& zone, const std::array<int, kCatCount>& counts, bool truth)
{
    int total = 0;
    for (int c : counts) total += c;
    DrawBoxFrame(cv, r, zone, (size_t)total, false);
    const char* const* words = truth ? kCatTruth : kCatPlayer;
    float y = r.y + cv.header;
    const float s = cv.line * 0.75f;
    if (total == 0) cv.dl->AddText(ImVec2(r.x + 8, y), IM_COL32(150, 155, 165, 255), "no host known");
    for (int c = 0; c < kCatCount; ++c) {
        if (!counts[c]) continue;
        DrawShape(cv.dl, r.x + 8, y + 2, s, kSquare, kCatFill[c]);
        DrawMarks(cv.dl, r.x + 8, y + 2, s, kCatMarks[c]);
        const std::string t = bd::FormatCount(counts[c]) + " " + words[c];
        cv.dl->AddText(ImVec2(r.x + 8 + s + 6, y), IM_COL32(200, 205, 215, 255), t.c_str());
        y += cv.line;
    }
}

// The screen position of a slot's tile (its top left).
ImVec2 TileAt(const Canvas& cv, const MapLayout::Box& box, const ImVec4& r, int k)
{
    return ImVec2(r.x + (kMapPad + kMapGap + MapLayout::SlotX(box, k)) * cv.zoom, r.y + cv.header + (kMapPad + kMapGap + MapLayout::SlotY(box, k)) * cv.zoom);
}

// The tiles of box b (plain squares when small), the selection and the search's matches;
// the host under the mouse gets a tooltip, and a click selects it into `clicked`.
void DrawTiles(const SeatMap& sm, const Canvas& cv, const bd::SeatView& seat, size_t b, const std::set<int>& matched,
               int selected_row, std::string& clicked)
{
    const auto& box = sm.layout.Boxes()[b];
    const ImVec4& r = cv.rects[b];
    if (r.z < cv.origin.x || r.x > cv.origin.x + cv.avail.x || r.w < cv.origin.y || r.y > cv.origin.y + cv.avail.y) return;
    ImDrawList* dl = cv.dl;
    const ImVec2 first = TileAt(cv, box, r, 0);
    const bool small = cv.tile < 6.0f; // squares alone: shapes and marks would not read
    const ImGuiIO& io = ImGui::GetIO();
    const float lo_y = cv.origin.y - cv.cell, hi_y = cv.origin.y + cv.avail.y;
    const int row0 = std::max(0, (int)((lo_y - first.y) / cv.cell)), row1 = (int)((hi_y - first.y) / cv.cell) + 1;
    for (int k = row0 * box.cols; k < (int)box.hosts.size() && k < row1 * box.cols; ++k) {
        const int row = box.rows[k];
        if (row < 0) continue;
        const ImVec2 p = TileAt(cv, box, r, k);
        if (p.x > cv.origin.x + cv.avail.x || p.x + cv.tile < cv.origin.x) continue;
        const bd::SeatHost& h = seat.hosts[row];
        if (small) dl->AddRectFilled(p, ImVec2(p.x + cv.tile, p.y + cv.tile), kCatFill[sm.category[row]]);
        else {
            DrawShape(dl, p.x, p.y, cv.tile, ShapeOf(h.kind), kCatFill[sm.category[row]]);
            if (cv.tile >= 8 && sm.marks[row]) DrawMarks(dl, p.x, p.y, cv.tile, sm.marks[row]);
            if (cv.tile >= 40.0f) dl->AddText(ImVec2(p.x + 2, p.y + cv.tile + 1), IM_COL32(200, 205, 215, 255), h.id.c_str());
        }
        if (matched.count(row)) dl->AddRect(ImVec2(p.x - 3, p.y - 3), ImVec2(p.x + cv.tile + 3, p.y + cv.tile + 3), kMatch, 2, 0, 2);
        if (row == selected_row) dl->AddRect(ImVec2(p.x - 2, p.y - 2), ImVec2(p.x + cv.tile + 2, p.y + cv.tile + 2), IM_COL32(255, 255, 255, 255), 2, 0, 2);
        if (cv.hovered && io.MousePos.x >= p.x && io.MousePos.x < p.x + cv.cell && io.MousePos.y >= p.y && io.MousePos.y < p.y + cv.cell) {
            if (seat.truth) {
                const bd::HostTruth& t = seat.host_truth[row];
                ImGui::SetTooltip("%s  %s  %s%s%s%s", h.id.c_str(), Words(h.kind).c_str(), bd::HostStateName(h.state),
                                  t.compromise == 0 ? "  clean" : t.compromise == 1 ? "  compromised (user)" : "  compromised (admin)",
                                  t.persistence ? ", persistent" : "", t.encrypted ? ", encrypted" : "");
            } else {
                ImGui::SetTooltip("%s  %s  %s", h.id.c_str(), Words(h.kind).c_str(), bd::HostStateName(h.state));
            }
            if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) clicked = h.id;
        }
    }
}

// The centre of a host on screen: its tile's, or (cards) the middle of its zone card's bottom edge
// (`top`: of its top edge); false if not on the map.
bool HostPoint(const SeatMap& sm, const Canvas& cv, const std::string& id, ImVec2& out, bool top = false)
{
    const auto [b, k] = sm.layout.PlaceOf(id);
    if (b < 0 || sm.layout.Boxes()[b].rows[k] < 0) return false;
    const ImVec4& r = cv.rects[b];
    if (cv.cards) out = ImVec2((r.x + r.z) / 2, top ? r.y : r.w);
    else {
        const ImVec2 p = TileAt(cv, sm.layout.Boxes()[b], r, k);
        out = ImVec2(p.x + cv.tile / 2, p.y + cv.tile / 2);
    }
    return true;
}

// The attacker's footholds and moves: an arrow each (from the cloud for a way in), in its stage's
// colour, the stage's number (as people count) in a badge on it. Zoomed out, one arrow per pair of
// zones, under the cards, with the numbers of every stage that moved that way ("7, 9").
void DrawPath(const SeatMap& sm, const Canvas& cv, const std::vector<PathArrow>& arrows)
{
    ImDrawList* dl = cv.dl;
    struct Drawn { ImVec2 from, to; int stage; std::string label; bool from_outside; std::string what; };
    std::vector<Drawn> todo;
    for (const auto& a : arrows) {
        ImVec2 to, from;
        if (!HostPoint(sm, cv, a.to, to, a.from.empty())) continue;
        if (a.from.empty()) {
            if (cv.cloud_rects.empty()) from = ImVec2(to.x, cv.row_top - cv.band + 4);
            else from = ImVec2((cv.cloud_rects[0].x + cv.cloud_rects[0].z) / 2, cv.cloud_rects[0].w);
        } else if (!HostPoint(sm, cv, a.from, from)) continue;
        if (cv.cards && std::fabs(from.x - to.x) < 1 && std::fabs(from.y - to.y) < 1) continue; // within one zone
        const std::string n = std::to_string(a.stage + 1);
        // What the badge's tooltip says: "Stage 7, Tue 10:14 (T+1d 02:14): SMB to the domain controller (T1021.002), ws-031 -> dc-01".
        const std::string what = "Stage " + n + ", " + ClockText(a.t) + ": " + a.name + " (" + a.technique + "), " +
                                 (a.from.empty() ? std::string("from outside") : a.from) + " -> " + a.to;
        auto same = std::find_if(todo.begin(), todo.end(), [&](const Drawn& d) {
            return std::fabs(d.from.x - from.x) < 1 && std::fabs(d.from.y - from.y) < 1 && std::fabs(d.to.x - to.x) < 1 && std::fabs(d.to.y - to.y) < 1;
        });
        if (same == todo.end()) {
            todo.push_back({from, to, a.stage, n, a.from.empty(), what});
            continue;
        }
        if (same->label != n && same->label.size() < 24 && (same->label.size() < n.size() || same->label.compare(same->label.size() - n.size(), n.size(), n) != 0))
            same->label += ", " + n;
        if (std::count(same->what.begin(), same->what.end(), '\n') < 12) same->what += "\n" + what;
    }
    for (const auto& d : todo) {
        const ImVec2 from = d.from, to = d.to;
        const ImU32 col = StageColour(d.stage);
        // A gentle curve, so that a move back and forth shows two arrows; under the cards when zoomed out.
        const ImVec2 mid((from.x + to.x) / 2, (from.y + to.y) / 2);
        const float dx = to.x - from.x, dy = to.y - from.y, len = std::max(1.0f, std::sqrt(dx * dx + dy * dy));
        ImVec2 ctrl(mid.x - dy / len * std::min(40.0f, len * 0.2f), mid.y + dx / len * std::min(40.0f, len * 0.2f));
        if (cv.cards && !d.from_outside) ctrl = ImVec2(mid.x, std::max(from.y, to.y) + std::min(90.0f, 30 + len * 0.25f));
        dl->AddBezierQuadratic(from, ctrl, to, IM_COL32(0, 0, 0, 200), 5.0f);
        dl->AddBezierQuadratic(from, ctrl, to, col, 2.5f);
        ArrowHead(dl, to, ctrl, 10, col);
        const ImVec2 badge((from.x + 2 * ctrl.x + to.x) / 4, (from.y + 2 * ctrl.y + to.y) / 4);
        const std::string& n = d.label;
        const ImVec2 ts = ImGui::CalcTextSize(n.c_str());
        dl->AddRectFilled(ImVec2(badge.x - ts.x / 2 - 3, badge.y - ts.y / 2), ImVec2(badge.x + ts.x / 2 + 3, badge.y + ts.y / 2), col, 3);
        dl->AddText(ImVec2(badge.x - ts.x / 2, badge.y - ts.y / 2), kInk, n.c_str());
        const ImVec2 mouse = ImGui::GetIO().MousePos;
        if (cv.hovered && std::fabs(mouse.x - badge.x) <= ts.x / 2 + 4 && std::fabs(mouse.y - badge.y) <= ts.y / 2 + 2)
            ImGui::SetTooltip("%s", d.what.c_str());
    }
}

// The bar above the map: search, fit, and the facilitator's attacker path (shown, up to which stage).
void DrawMapBar(MapState& m, SeatMap& sm, const bd::SeatView& seat, bool& centre_on_match, bool& select_match)
{
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9);
    select_match = ImGui::InputTextWithHint("##mapfind", "find host", sm.search, sizeof sm.search, ImGuiInputTextFlags_EnterReturnsTrue);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Part of a host's id: matches are ringed in blue and the map centres on the first; Enter selects it.");
    if (sm.searched != sm.search || sm.matched_generation != seat.hosts_changed + seat.rebuilt) {
        centre_on_match = sm.searched != sm.search;
        sm.searched = sm.search;
        sm.matched_generation = seat.hosts_changed + seat.rebuilt;
        sm.matches = MapSearch(seat.hosts, sm.searched);
    }
    if (!sm.searched.empty()) {
        ImGui::SameLine();
        if (sm.matches.empty()) ImGui::TextDisabled("no host");
        else ImGui::TextDisabled("%s", bd::CountOf((int64_t)sm.matches.size(), "host").c_str());
    }
    ImGui::SameLine();
    if (ImGui::SmallButton("Fit")) sm.fit = true;
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("The whole estate (or a right double-click). Wheel: zoom; right-drag: pan; click a tile: open the host;\n"
                          "double-click a zone's name, or click a zone's card, to zoom into it.");
    if (seat.truth) {
        ImGui::SameLine();
        ImGui::Checkbox("attacker's path", &m.show_path);
        const int last = m.path.LastStage();
        if (m.show_path && last >= 0) {
            ImGui::SameLine();
            ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10);
            int upto = m.path_upto < 0 ? last + 1 : std::min(m.path_upto, last) + 1;
            if (ImGui::SliderInt("##upto", &upto, 1, last + 1, upto == last + 1 ? "all (to stage %d)" : "to stage %d"))
                m.path_upto = upto == last + 1 ? -1 : upto - 1;
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("Footholds and moves up to this stage of the campaign (as the facilitator's console numbers them).");
        } else if (m.show_path) {
            ImGui::SameLine();
            ImGui::TextDisabled("no foothold yet");
        }
    }
}

// The clouds and the zones (cards, or boxes with their tiles), with their tooltips; a click on a
// card or a double-click on a box's label zooms into it, a click on a tile selects it into `clicked`.
void DrawZones(const MapState& m, SeatMap& sm, const Canvas& cv, const bd::SeatView& seat, int selected_row, std::string& clicked)
{
    const std::set<int> matched(sm.matches.begin(), sm.matches.end());
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    for (size_t c = 0; c < m.clouds.size(); ++c) {
        const ImVec4& r = cv.cloud_rects[c];
        DrawCloud(cv.dl, r, m.net.zones[m.clouds[c]].name);
        if (cv.hovered && mouse.x >= r.x && mouse.x < r.z && mouse.y >= r.y && mouse.y < r.w)
            ImGui::SetTooltip("%s: outside the estate, where the attacker starts. A line ends in an arrowhead at the side\n"
                              "that may be connected to: from the %s into a zone, or from a zone out to the %s.",
                              m.net.zones[m.clouds[c]].name.c_str(), m.net.zones[m.clouds[c]].name.c_str(), m.net.zones[m.clouds[c]].name.c_str());
    }
    for (size_t b = 0; b < sm.layout.Boxes().size(); ++b) {
        const auto& box = sm.layout.Boxes()[b];
        const ImVec4& r = cv.rects[b];
        static const MapZone kNoZone{"?", "?", false};
        const MapZone& zone = box.zone >= 0 ? m.net.zones[box.zone] : kNoZone;
        const std::string& name = zone.name;
        const bool over = cv.hovered && mouse.x >= r.x && mouse.x < r.z && mouse.y >= r.y && mouse.y < r.w;
        if (cv.cards) {
            DrawCard(cv, r, zone, sm.counts[b], seat.truth);
            if (over) {
                ImGui::SetTooltip("%s: click to zoom in", name.c_str());
                if (ImGui::IsMouseClicked(ImGuiMouseButton_Left) || ImGui::GetIO().MouseWheel > 0) ZoomToBox(m, sm, cv, b);
            }
            continue;
        }
        int known = 0;
        for (int c : sm.counts[b]) known += c;
        DrawBoxFrame(cv, r, zone, (size_t)known, over);
        DrawTiles(sm, cv, seat, b, matched, selected_row, clicked);
        if (over && mouse.y < r.y + cv.header) {
            ImGui::SetTooltip("%s: %d host%s known; double-click to zoom in", name.c_str(), known, known == 1 ? "" : "s");
            if (ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) ZoomToBox(m, sm, cv, b);
        }
    }
}

} // namespace

// [SECTION] DrawNetworkMap

void DrawNetworkMap(App& app)
{
    static MapState m;
    const json& view = app.View();
    const bd::SeatView& seat = app.Seat();
    // What starts the map over: another simulation (a local view rebuilt), or another server (a
    // served seat's every view is a new build, but the exercise is the same).
    // (The simulation's address and size as well: a test may start another App whose views count
    // from 1 again, in this process's one map state.)
    const uint64_t epoch = app.Remote() ? (uint64_t)(uintptr_t)app.remote()
                                        : (seat.rebuilt * 1000003u) ^ (uint64_t)(uintptr_t)seat.source ^
                                              ((uint64_t)(app.sim() ? app.sim()->world().hosts.size() : 0) << 40);
    if (m.net_epoch != epoch || m.net.zones.empty()) {
        m.net = app.Network();
        m.net_epoch = epoch;
        m.clouds.clear();
        for (size_t z = 0; z < m.net.zones.size(); ++z)
            if (m.net.zones[z].internet) m.clouds.push_back((int)z);
        m.path.Clear();
    }
    SeatMap& sm = MapOf(m, seat);
    if (sm.layout_for != seat.hosts_changed + seat.rebuilt) {
        sm.layout.Update(seat, m.net, epoch);
        sm.layout_for = seat.hosts_changed + seat.rebuilt;
    }
    // An internet zone that holds a host is a box, not a cloud.
    for (const auto& b : sm.layout.Boxes()) m.clouds.erase(std::remove(m.clouds.begin(), m.clouds.end(), b.zone), m.clouds.end());
    UpdateColours(sm, view, seat);
    if (seat.truth) m.path.Read(app.Records());

    bool centre_on_match = false, select_match = false;
    DrawMapBar(m, sm, seat, centre_on_match, select_match);
    DrawLegend(seat.truth, sm.shapes);

    Canvas cv;
    cv.dl = ImGui::GetWindowDrawList();
    cv.origin = ImGui::GetCursorScreenPos();
    cv.avail = ImGui::GetContentRegionAvail();
    cv.line = ImGui::GetTextLineHeight();
    cv.header = cv.line + 6;
    cv.truth = seat.truth;
    ImGui::InvisibleButton("map_canvas", ImVec2(std::max(cv.avail.x, 1.0f), std::max(cv.avail.y, 1.0f)),
                           ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight);
    cv.hovered = ImGui::IsItemHovered();
    const std::vector<Link> links = Links(m, sm);
    PlaceBoxes(m, sm, cv, links); // for the band's height
    if (sm.fit && cv.avail.x > 50 && cv.avail.y > 50) Fit(m, sm, cv);
    const int selected_row = sm.RowOf(seat, app.selected_host);
    if (!sm.matches.empty() && (centre_on_match || select_match)) {
        CentreOn(m, sm, cv, seat.hosts[sm.matches[0]].id);
        if (select_match) app.selected_host = seat.hosts[sm.matches[0]].id;
    }
    cv.cards = sm.zoom * kMapTile < 4.0f;
    PanAndZoom(sm, cv);
    // Zoomed out past the tiles: the cards, fitted (the tiles' pan means nothing to them; a small
    // estate's fit is its tiles again, so the wheel stops there).
    if (!cv.cards && sm.zoom * kMapTile < 4.0f) Fit(m, sm, cv);
    cv.zoom = sm.zoom;
    cv.cards = sm.zoom * kMapTile < 4.0f;
    cv.tile = kMapTile * cv.zoom;
    cv.cell = kMapCell * cv.zoom;
    PlaceBoxes(m, sm, cv, links);

    cv.dl->PushClipRect(cv.origin, ImVec2(cv.origin.x + cv.avail.x, cv.origin.y + cv.avail.y), true);
    DrawFlows(cv, links);
    std::string clicked;
    DrawZones(m, sm, cv, seat, selected_row, clicked);
    if (seat.truth && m.show_path) DrawPath(sm, cv, PathFor(seat, m.path, m.path_upto));
    cv.dl->PopClipRect();
    if (!clicked.empty()) app.selected_host = clicked;
    if (seat.hosts.empty()) {
        ImGui::SetCursorScreenPos(ImVec2(cv.origin.x + 10, cv.origin.y + cv.avail.y - cv.line - 6));
        ImGui::TextDisabled("Your tools know no hosts.");
    }
}

} // namespace bdui
