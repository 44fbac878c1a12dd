// panel_map.cpp: the network map: zones as boxes, hosts as tiles, coloured by what the seat knows
// (the facilitator sees the truth: compromised, encrypted, isolated). Drag with the right mouse
// button to pan, wheel to zoom, click a host to open it. Only tiles on screen are drawn; below six
// pixels a grid row's same-coloured tiles are drawn as one rectangle, and below two pixels a zone is
// one bar of its states: 10,000 hosts stay smooth.
#include "panels.h"

#include <cmath>
#include <map>
#include <tuple>
#include <unordered_map>
#include <set>

namespace bdui {

using nlohmann::json;

namespace {

struct MapState {
    float zoom = 1.0f;
    ImVec2 pan = ImVec2(10, 10);
    // Layout cache: per zone, the rows of its hosts in Seat().hosts; rebuilt when the rows change.
    std::vector<std::string> zones;
    std::vector<std::vector<int>> members; // beside zones
    const bd::SeatView* seat = nullptr;
    uint64_t layout_for = (uint64_t)-1, layout_rebuilt = (uint64_t)-1;
    size_t layout_rows = (size_t)-1;
    bool fit = true; // fit the map to the canvas on the next frame
    // Colour cache: per host row, and per zone the count of each colour (the zoomed-out bars);
    // rebuilt once per view refresh, not per frame.
    std::vector<ImU32> colour;
    std::vector<uint8_t> marks; // per host row: kMark* (drawn on tiles large enough)
    std::vector<std::vector<std::pair<ImU32, int>>> zone_colours; // beside zones
    // Zoomed out, a zone's grid is drawn as runs of same-coloured tiles along each grid row: a
    // few hundred rectangles for 10,000 hosts instead of 10,000 (each costs triangles to set up,
    // in software under Xvfb). In grid cells, so they hold for any zoom.
    struct Run { int row, col0, col1; ImU32 colour; };
    std::vector<std::vector<Run>> zone_runs; // beside zones
    std::tuple<uint64_t, uint64_t, uint64_t, uint64_t, size_t, uint64_t> colours_key{(uint64_t)-1, 0, 0, 0, 0, 0};
    // Where each host row sits: its zone and its place in the zone's grid.
    std::vector<int> zone_of, place_of;
    // The selected host's row, looked up when the selection or the layout changes.
    std::string selected;
    int selected_row = -1;
    uint64_t selected_layout = (uint64_t)-1;
    uint64_t layout_generation = 0;
};

int PerRow(size_t hosts) { return std::max(4, (int)std::ceil(std::sqrt((double)hosts * 2.0))); }

// Width and height of a zone box at zoom 1 (the same arithmetic as the drawing below).
ImVec2 ZoneBox(size_t hosts)
{
    const float tile = 12.0f, gap = 3.0f;
    const int per_row = PerRow(hosts);
    const int rows = ((int)hosts + per_row - 1) / per_row;
    return ImVec2(std::max(per_row * (tile + gap) + gap + 8, 120.0f), rows * (tile + gap) + gap + 22);
}

// The map's colours and marks, one place for the tiles and the legend. The fill says the host's
// state (a host not running keeps its state's colour, whatever else is true); a mark on the tile says
// what is known about it, so the map reads without colour too.
constexpr ImU32 kQuiet = IM_COL32(105, 110, 122, 255);      // running, nothing known: no data is not "healthy"
constexpr ImU32 kClean = IM_COL32(70, 160, 90, 255);        // the facilitator's: running, not compromised
constexpr ImU32 kAlerted = IM_COL32(230, 200, 60, 255);
constexpr ImU32 kBad = IM_COL32(230, 60, 60, 255);          // compromised (truth) or found compromised
constexpr ImU32 kEncrypted = IM_COL32(170, 80, 220, 255);
constexpr ImU32 kIsolated = IM_COL32(90, 120, 200, 255);
constexpr ImU32 kDown = IM_COL32(230, 140, 40, 255);
constexpr ImU32 kRebuilding = IM_COL32(60, 175, 185, 255);
enum Mark : uint8_t { kMarkBad = 1, kMarkEncrypted = 2, kMarkAlert = 4 };

ImU32 HostColor(const bd::SeatHost& h, const bd::HostTruth* truth, bool known_bad, bool alerted)
{
    using bd::HostState;
    if (h.state == HostState::Isolated) return kIsolated;
    if (h.state == HostState::Down) return truth && truth->encrypted ? kEncrypted : kDown;
    if (h.state == HostState::Reimaging || h.state == HostState::Restoring) return kRebuilding;
    if (truth) return truth->encrypted ? kEncrypted : truth->compromise > 0 ? kBad : kClean;
    if (known_bad) return kBad;
    if (alerted) return kAlerted;
    return kQuiet;
}

uint8_t HostMarks(const bd::HostTruth* truth, bool known_bad, bool alerted)
{
    uint8_t m = 0;
    if ((truth && truth->compromise > 0) || known_bad) m |= kMarkBad;
    if (truth && truth->encrypted) m |= kMarkEncrypted;
    if (alerted) m |= kMarkAlert;
    return m;
}

// The marks on a tile at (x, y) of size s: a cross for compromised, a bar for encrypted, a dot for an
// open alert; dark on the fill, in the tile's corners so that all three can show.
void DrawMarks(ImDrawList* dl, float x, float y, float s, uint8_t marks)
{
    const ImU32 ink = IM_COL32(15, 15, 20, 255);
    const float t = std::max(1.0f, s / 8);
    if (marks & kMarkBad) {
        dl->AddLine(ImVec2(x + s * 0.2f, y + s * 0.2f), ImVec2(x + s * 0.8f, y + s * 0.8f), ink, t * 1.5f);
        dl->AddLine(ImVec2(x + s * 0.8f, y + s * 0.2f), ImVec2(x + s * 0.2f, y + s * 0.8f), ink, t * 1.5f);
    }
    if (marks & kMarkEncrypted) dl->AddRectFilled(ImVec2(x + s * 0.15f, y + s * 0.78f), ImVec2(x + s * 0.85f, y + s * 0.92f), ink);
    if (marks & kMarkAlert) dl->AddCircleFilled(ImVec2(x + s * 0.78f, y + s * 0.24f), s * 0.14f, ink);
}

// The legend, swatches as the tiles draw them: what this seat's map can show.
void DrawLegend(bool truth)
{
    struct Item {
        ImU32 fill;
        uint8_t marks;
        const char* text;
    };
    static const Item kPlayer[] = {{kQuiet, 0, "running, nothing known"}, {kAlerted, kMarkAlert, "open alert"},
                                   {kBad, kMarkBad, "found compromised"},    {kIsolated, 0, "isolated"},
                                   {kDown, 0, "down"},                        {kRebuilding, 0, "rebuilding"}};
    static const Item kTruth[] = {{kClean, 0, "clean"},          {kBad, kMarkBad, "compromised"}, {kEncrypted, kMarkEncrypted, "encrypted"},
                                  {kIsolated, 0, "isolated"},     {kDown, 0, "down"},              {kRebuilding, 0, "rebuilding"},
                                  {kQuiet, kMarkAlert, "(mark) open alert"}};
    const float s = ImGui::GetTextLineHeight() * 0.85f;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImGui::TextDisabled(truth ? "truth:" : "your tools:");
    auto draw = [&](const Item* items, size_t n) {
        for (size_t i = 0; i < n; ++i) {
            // On the same line while it fits; a narrow panel wraps the legend instead of cutting it.
            const float need = s + 3 + ImGui::CalcTextSize(items[i].text).x + ImGui::GetStyle().ItemSpacing.x;
            ImGui::SameLine();
            if (ImGui::GetContentRegionAvail().x < need) ImGui::NewLine();
            const ImVec2 p = ImGui::GetCursorScreenPos();
            dl->AddRectFilled(ImVec2(p.x, p.y + 2), ImVec2(p.x + s, p.y + 2 + s), items[i].fill, 2);
            DrawMarks(dl, p.x, p.y + 2, s, items[i].marks);
            ImGui::Dummy(ImVec2(s, s));
            ImGui::SameLine(0, 3);
            ImGui::TextDisabled("%s", items[i].text);
        }
    };
    if (truth) draw(kTruth, std::size(kTruth));
    else draw(kPlayer, std::size(kPlayer));
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Marks: a cross compromised, a bar encrypted, a dot an open alert. Wheel: zoom; right-drag: pan; right double-click: fit.");
}

// Rows appear (SecOps learns of a host) or the seat changed: group the rows by zone again.
void RebuildLayout(MapState& m, const bd::SeatView& seat)
{
    const auto& hosts = seat.hosts;
    m.zones.clear();
    m.members.clear();
    std::unordered_map<std::string, size_t> zone_of;
    for (int i = 0; i < (int)hosts.size(); ++i) {
        const auto [it, added] = zone_of.emplace(hosts[i].zone, m.zones.size());
        if (added) { m.zones.push_back(hosts[i].zone); m.members.emplace_back(); }
        m.members[it->second].push_back(i);
    }
    m.zone_of.assign(hosts.size(), 0);
    m.place_of.assign(hosts.size(), 0);
    for (size_t z = 0; z < m.members.size(); ++z)
        for (size_t k = 0; k < m.members[z].size(); ++k) {
            m.zone_of[m.members[z][k]] = (int)z;
            m.place_of[m.members[z][k]] = (int)k;
        }
    ++m.layout_generation;
    m.fit = m.fit || m.seat != &seat || m.layout_rebuilt != seat.rebuilt;
    m.seat = &seat;
    m.layout_rebuilt = seat.rebuilt;
    m.layout_rows = hosts.size();
    m.colours_key = {};
}

// What the seat knows: hosts found compromised (findings), hosts with an open alert (the seat
// view counts them per host). Colours once per view refresh, not per frame.
// They change with the host rows, the alerts (new ones, triage) and the findings (which only grow).
void UpdateColours(MapState& m, const json& view, const bd::SeatView& seat)
{
    const auto& hosts = seat.hosts;
    const bool truth = seat.truth;
    const size_t findings = view["findings"].is_array() ? view["findings"].size() : 0;
    const auto colours_key = std::make_tuple(seat.rebuilt, seat.hosts_changed, seat.alerts_added, seat.statuses_changed, findings,
                                             m.layout_generation);
    if (m.colours_key != colours_key) {
        std::set<std::string> known_bad;
        if (view["findings"].is_array())
            for (const auto& f : view["findings"])
                if (f.value("compromised", false)) known_bad.insert(Str(f, "host"));
        m.colour.resize(hosts.size());
        m.marks.resize(hosts.size());
        for (size_t r = 0; r < hosts.size(); ++r) {
            const bd::HostTruth* t = truth ? &seat.host_truth[r] : nullptr;
            const bool bad = known_bad.count(hosts[r].id) > 0, alerted = seat.open_alerts_on_host[r] > 0;
            m.colour[r] = HostColor(hosts[r], t, bad, alerted);
            m.marks[r] = HostMarks(t, bad, alerted);
        }
        m.zone_colours.assign(m.zones.size(), {});
        m.zone_runs.assign(m.zones.size(), {});
        for (size_t z = 0; z < m.zones.size(); ++z) {
            std::map<ImU32, int> counts;
            const auto& mem = m.members[z];
            const int per_row = PerRow(mem.size());
            for (size_t k = 0; k < mem.size(); ++k) {
                const ImU32 c = m.colour[mem[k]];
                counts[c]++;
                const int row = (int)k / per_row, col = (int)k % per_row;
                auto& runs = m.zone_runs[z];
                if (!runs.empty() && runs.back().row == row && runs.back().colour == c) runs.back().col1 = col + 1;
                else runs.push_back({row, col, col + 1, c});
            }
            m.zone_colours[z].assign(counts.begin(), counts.end());
        }
        m.colours_key = colours_key;
    }
}

// Right-drag pans, the wheel zooms around the cursor; the first frame (and a right double-click)
// fits the whole estate to the canvas.
void PanAndZoom(MapState& m, ImVec2 origin, ImVec2 avail, bool hovered)
{
    ImGuiIO& io = ImGui::GetIO();
    if (hovered && ImGui::IsMouseDragging(ImGuiMouseButton_Right)) {
        m.pan.x += io.MouseDelta.x;
        m.pan.y += io.MouseDelta.y;
    }
    if (hovered && io.MouseWheel != 0) {
        const float old = m.zoom;
        m.zoom = std::clamp(m.zoom * (io.MouseWheel > 0 ? 1.2f : 1 / 1.2f), 0.05f, 8.0f);
        // Zoom around the cursor.
        const ImVec2 c(io.MousePos.x - origin.x, io.MousePos.y - origin.y);
        m.pan.x = c.x - (c.x - m.pan.x) * (m.zoom / old);
        m.pan.y = c.y - (c.y - m.pan.y) * (m.zoom / old);
    }
    if (m.fit && avail.x > 50 && avail.y > 50) {
        // Zoom so the whole estate fits: the same grid of zone boxes, measured at zoom 1.
        const int c = std::max(1, (int)std::ceil(std::sqrt((double)m.zones.size())));
        float total_w = 0, total_h = 0, row_w = 0, row_h = 0;
        int k = 0;
        for (const auto& mem : m.members) {
            const ImVec2 b = ZoneBox(mem.size());
            row_w += b.x + 16;
            row_h = std::max(row_h, b.y);
            if (++k % c == 0) { total_w = std::max(total_w, row_w); total_h += row_h + 16; row_w = row_h = 0; }
        }
        total_w = std::max(total_w, row_w);
        total_h += row_h;
        m.zoom = std::clamp(std::min((avail.x - 20) / std::max(total_w, 1.0f), (avail.y - 20) / std::max(total_h, 1.0f)), 0.05f, 3.0f);
        m.pan = ImVec2(10, 10);
        m.fit = false;
    }
    if (hovered && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Right)) m.fit = true;
}

// The selected host's row, looked up when the selection or the layout changes.
void FindSelectedRow(MapState& m, const std::string& selected_host, const std::vector<bd::SeatHost>& hosts)
{
    if (m.selected != selected_host || m.selected_layout != m.layout_generation) {
        m.selected = selected_host;
        m.selected_layout = m.layout_generation;
        m.selected_row = -1;
        for (size_t r = 0; r < hosts.size() && !m.selected.empty(); ++r)
            if (hosts[r].id == m.selected) { m.selected_row = (int)r; break; }
    }
}

// The canvas of a frame: its draw list, where it is, whether the mouse is on it, and the size of
// a tile and of the gap between tiles at the current zoom.
struct Canvas {
    ImDrawList* dl;
    ImVec2 origin, avail;
    bool hovered;
    float tile, gap;
};

// One zone box at p0, its tiles (or at small zoom their runs, or one bar) and the host under the
// mouse (a tooltip; a click selects it into clicked). Returns the box's far corner.
ImVec2 DrawZone(const MapState& m, const Canvas& cv, const std::vector<bd::SeatHost>& hosts, size_t zi, ImVec2 p0,
                std::string& clicked)
{
    ImDrawList* dl = cv.dl;
    const ImVec2 origin = cv.origin, avail = cv.avail;
    const bool hovered = cv.hovered;
    const float tile = cv.tile, gap = cv.gap;
    ImGuiIO& io = ImGui::GetIO();
    const std::string& z = m.zones[zi];
    const auto& mem = m.members[zi];
    const int per_row = PerRow(mem.size());
    const int rows = ((int)mem.size() + per_row - 1) / per_row;
    const float w = per_row * (tile + gap) + gap + 8 * m.zoom, h = rows * (tile + gap) + gap + 22 * m.zoom;
    const ImVec2 p1(p0.x + std::max(w, 120.0f * m.zoom), p0.y + h);
    dl->AddRectFilled(p0, p1, IM_COL32(40, 44, 54, 255), 4);
    dl->AddRect(p0, p1, IM_COL32(90, 96, 110, 255), 4);
    const std::string label = z + " (" + std::to_string(mem.size()) + ")";
    if (ImGui::CalcTextSize(label.c_str()).x + 8 < p1.x - p0.x && p1.y - p0.y > 18)
        dl->AddText(ImVec2(p0.x + 4, p0.y + 3), IM_COL32(200, 205, 215, 255), label.c_str());
    const float hx = p0.x + 4 * m.zoom + gap, hy = p0.y + 20 * m.zoom;
    const bool visible_box = !(p1.x < origin.x || p0.x > origin.x + avail.x || p1.y < origin.y || p0.y > origin.y + avail.y);
    // Tiles cost 4 vertices each (no rounding when small); past ~12,000 on screen a draw list
    // would outgrow ImGui's 16-bit indices, so big zones fall back to the bar below.
    const bool tiles = tile >= 2.0f && mem.size() <= 12000;
    const float cell = tile + gap;
    if (visible_box && tiles && tile < 6.0f) {
        // Zoomed out: runs of same-coloured tiles along each grid row (cached per view refresh).
        for (const auto& run : m.zone_runs[zi]) {
            const float ty = hy + run.row * cell;
            if (ty > origin.y + avail.y || ty + tile < origin.y) continue;
            dl->AddRectFilled(ImVec2(hx + run.col0 * cell, ty), ImVec2(hx + run.col1 * cell - gap, ty + tile), run.colour);
        }
        if (m.selected_row >= 0 && m.zone_of[m.selected_row] == (int)zi) {
            const int k = m.place_of[m.selected_row];
            const float tx = hx + (k % per_row) * cell, ty = hy + (k / per_row) * cell;
            dl->AddRect(ImVec2(tx - 2, ty - 2), ImVec2(tx + tile + 2, ty + tile + 2), IM_COL32(255, 255, 255, 255), 2, 0, 2);
        }
        // The host under the mouse, by arithmetic.
        if (hovered && io.MousePos.x >= hx && io.MousePos.y >= hy) {
            const int col = (int)((io.MousePos.x - hx) / cell), row = (int)((io.MousePos.y - hy) / cell);
            const size_t k = (size_t)row * per_row + col;
            if (col < per_row && k < mem.size() && io.MousePos.x < hx + col * cell + tile && io.MousePos.y < hy + row * cell + tile) {
                const bd::SeatHost& hj = hosts[mem[k]];
                ImGui::SetTooltip("%s  %s  %s", hj.id.c_str(), Words(hj.kind).c_str(), bd::HostStateName(hj.state));
                if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) clicked = hj.id;
            }
        }
    } else if (visible_box && tiles) {
        for (size_t k = 0; k < mem.size(); ++k) {
            const float tx = hx + (k % per_row) * cell, ty = hy + (k / per_row) * cell;
            if (ty > origin.y + avail.y || ty + tile < origin.y || tx > origin.x + avail.x || tx + tile < origin.x) continue;
            const bd::SeatHost& hj = hosts[mem[k]];
            const std::string& id = hj.id;
            dl->AddRectFilled(ImVec2(tx, ty), ImVec2(tx + tile, ty + tile), m.colour[mem[k]], tile >= 8 ? 2.0f : 0.0f);
            if (tile >= 8 && m.marks[mem[k]]) DrawMarks(dl, tx, ty, tile, m.marks[mem[k]]);
            if ((int)mem[k] == m.selected_row) dl->AddRect(ImVec2(tx - 2, ty - 2), ImVec2(tx + tile + 2, ty + tile + 2), IM_COL32(255, 255, 255, 255), 2, 0, 2);
            if (hovered && io.MousePos.x >= tx && io.MousePos.x < tx + tile && io.MousePos.y >= ty && io.MousePos.y < ty + tile) {
                ImGui::SetTooltip("%s  %s  %s", id.c_str(), Words(hj.kind).c_str(), bd::HostStateName(hj.state));
                if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) clicked = id;
            }
            if (tile >= 40.0f) dl->AddText(ImVec2(tx + 2, ty + tile * 0.4f), IM_COL32(10, 10, 10, 255), id.c_str());
        }
    } else if (visible_box) {
        // Zoomed far out: one bar per zone, split by colour (counted once per view refresh).
        float bx = hx;
        const float bw = (p1.x - hx - 4);
        for (const auto& [c, n] : m.zone_colours[zi]) {
            const float part = bw * (float)n / (float)mem.size();
            dl->AddRectFilled(ImVec2(bx, hy), ImVec2(bx + part, p1.y - 4), c);
            bx += part;
        }
    }
    return p1;
}

} // namespace

void DrawNetworkMap(App& app)
{
    static MapState m;
    const json& view = app.View();
    const bd::SeatView& seat = app.Seat();
    const auto& hosts = seat.hosts;
    const bool truth = seat.truth;
    if (m.seat != &seat || m.layout_rebuilt != seat.rebuilt || m.layout_rows != hosts.size()) RebuildLayout(m, seat);
    UpdateColours(m, view, seat);

    DrawLegend(truth);
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    ImGui::InvisibleButton("map_canvas", avail, ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight);
    const bool hovered = ImGui::IsItemHovered();
    PanAndZoom(m, origin, avail, hovered);
    FindSelectedRow(m, app.selected_host, hosts);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->PushClipRect(origin, ImVec2(origin.x + avail.x, origin.y + avail.y), true);
    const float tile = 12.0f * m.zoom, gap = 3.0f * m.zoom;
    const int cols = std::max(1, (int)std::ceil(std::sqrt((double)m.zones.size())));
    // Zone boxes in a grid; each box is as wide as its square-ish host grid.
    float x = origin.x + m.pan.x, y = origin.y + m.pan.y, row_h = 0;
    int col = 0;
    std::string clicked;
    const Canvas cv{dl, origin, avail, hovered, tile, gap};
    for (size_t zi = 0; zi < m.zones.size(); ++zi) {
        const ImVec2 p0(x, y);
        const ImVec2 p1 = DrawZone(m, cv, hosts, zi, p0, clicked);
        row_h = std::max(row_h, p1.y - p0.y);
        x = p1.x + 16 * m.zoom;
        if (++col == cols) {
            col = 0;
            x = origin.x + m.pan.x;
            y += row_h + 16 * m.zoom;
            row_h = 0;
        }
    }
    dl->PopClipRect();
    if (!clicked.empty()) app.selected_host = clicked;
    if (hosts.empty()) ImGui::TextDisabled("Your tools know no hosts.");
}

} // namespace bdui
