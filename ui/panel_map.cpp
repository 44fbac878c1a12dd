// panel_map.cpp: the network map: zones as boxes, hosts as tiles, coloured by what the seat knows
// (the facilitator sees the truth: compromised, encrypted, isolated). Drag with the right mouse
// button to pan, wheel to zoom, click a host to open it. Only tiles on screen are drawn, and when
// they get smaller than two pixels a zone is drawn as one bar of its states: 10,000 hosts stay smooth.
#include "panels.h"

#include <cmath>
#include <map>
#include <set>

namespace bdui {

using nlohmann::json;

namespace {

struct MapState {
    float zoom = 1.0f;
    ImVec2 pan = ImVec2(10, 10);
    // Layout cache: per zone, the indices of its hosts in view["hosts"].
    std::vector<std::string> zones;
    std::map<std::string, std::vector<int>> members;
    size_t built_for = (size_t)-1;
    Team built_role = Team::Engine;
    bool fit = true; // fit the map to the canvas on the next frame
};

// Width and height of a zone box at zoom 1 (the same arithmetic as the drawing below).
ImVec2 ZoneBox(size_t hosts)
{
    const float tile = 12.0f, gap = 3.0f;
    const int per_row = std::max(4, (int)std::ceil(std::sqrt((double)hosts * 2.0)));
    const int rows = ((int)hosts + per_row - 1) / per_row;
    return ImVec2(std::max(per_row * (tile + gap) + gap + 8, 120.0f), rows * (tile + gap) + gap + 22);
}

ImU32 HostColor(const json& h, bool truth, bool known_bad, bool alerted)
{
    const std::string st = Str(h, "state");
    if (truth && h.value("encrypted", false)) return IM_COL32(170, 80, 220, 255);
    if (truth && h.value("compromise", 0) > 0) return st == "running" ? IM_COL32(230, 60, 60, 255) : IM_COL32(120, 40, 40, 255);
    if (st == "isolated") return IM_COL32(90, 120, 200, 255);
    if (st == "down") return IM_COL32(230, 140, 40, 255);
    if (st == "reimaging" || st == "restoring") return IM_COL32(200, 200, 90, 255);
    if (known_bad) return IM_COL32(230, 60, 60, 255);
    if (alerted) return IM_COL32(230, 200, 60, 255);
    return IM_COL32(70, 160, 90, 255);
}

} // namespace

void DrawNetworkMap(App& app)
{
    static MapState m;
    const json& view = app.View();
    const json& hosts = view["hosts"];
    const bool truth = app.role == Team::Facilitator;
    if (m.built_for != hosts.size() || m.built_role != app.role) {
        m.zones.clear();
        m.members.clear();
        for (int i = 0; i < (int)hosts.size(); ++i) {
            const std::string z = Str(hosts[i], "zone");
            if (!m.members.count(z)) m.zones.push_back(z);
            m.members[z].push_back(i);
        }
        m.built_for = hosts.size();
        m.built_role = app.role;
        m.fit = true;
    }
    // What the seat knows: hosts found compromised, hosts with an open alert (once per view, not per frame).
    static std::set<std::string> known_bad, alerted;
    static uint64_t known_for = (uint64_t)-1;
    if (known_for != app.ViewGeneration()) {
        known_bad.clear();
        alerted.clear();
        if (view["findings"].is_array())
            for (const auto& f : view["findings"])
                if (f.value("compromised", false)) known_bad.insert(Str(f, "host"));
        for (const auto& a : view["alerts"])
            if (Str(a, "status") == "new") alerted.insert(Str(a, "host"));
        known_for = app.ViewGeneration();
    }

    ImGui::TextDisabled(truth ? "truth: red compromised, purple encrypted, blue isolated, orange down  (wheel: zoom, right-drag: pan)"
                              : "your tools: yellow alert, red found compromised, blue isolated, orange down  (wheel: zoom, right-drag: pan)");
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    ImGui::InvisibleButton("map_canvas", avail, ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight);
    const bool hovered = ImGui::IsItemHovered();
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
        for (const auto& z : m.zones) {
            const ImVec2 b = ZoneBox(m.members[z].size());
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
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->PushClipRect(origin, ImVec2(origin.x + avail.x, origin.y + avail.y), true);
    const float tile = 12.0f * m.zoom, gap = 3.0f * m.zoom;
    const int cols = std::max(1, (int)std::ceil(std::sqrt((double)m.zones.size())));
    // Zone boxes in a grid; each box is as wide as its square-ish host grid.
    float x = origin.x + m.pan.x, y = origin.y + m.pan.y, row_h = 0;
    int col = 0;
    std::string clicked;
    for (const auto& z : m.zones) {
        const auto& mem = m.members[z];
        const int per_row = std::max(4, (int)std::ceil(std::sqrt((double)mem.size() * 2.0)));
        const int rows = ((int)mem.size() + per_row - 1) / per_row;
        const float w = per_row * (tile + gap) + gap + 8 * m.zoom, h = rows * (tile + gap) + gap + 22 * m.zoom;
        const ImVec2 p0(x, y), p1(x + std::max(w, 120.0f * m.zoom), y + h);
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
        if (visible_box && tiles) {
            for (size_t k = 0; k < mem.size(); ++k) {
                const float tx = hx + (k % per_row) * (tile + gap), ty = hy + (k / per_row) * (tile + gap);
                if (ty > origin.y + avail.y || ty + tile < origin.y || tx > origin.x + avail.x || tx + tile < origin.x) continue;
                const json& hj = hosts[mem[k]];
                const std::string id = Str(hj, "id");
                dl->AddRectFilled(ImVec2(tx, ty), ImVec2(tx + tile, ty + tile),
                                  HostColor(hj, truth, known_bad.count(id) > 0, alerted.count(id) > 0), tile >= 8 ? 2.0f : 0.0f);
                if (id == app.selected_host) dl->AddRect(ImVec2(tx - 2, ty - 2), ImVec2(tx + tile + 2, ty + tile + 2), IM_COL32(255, 255, 255, 255), 2, 0, 2);
                if (hovered && io.MousePos.x >= tx && io.MousePos.x < tx + tile && io.MousePos.y >= ty && io.MousePos.y < ty + tile) {
                    ImGui::SetTooltip("%s  %s  %s", id.c_str(), Str(hj, "kind").c_str(), Str(hj, "state").c_str());
                    if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) clicked = id;
                }
                if (tile >= 40.0f) dl->AddText(ImVec2(tx + 2, ty + tile * 0.4f), IM_COL32(10, 10, 10, 255), id.c_str());
            }
        } else if (visible_box) {
            // Zoomed far out: one bar per zone, split by colour.
            std::map<ImU32, int> counts;
            for (int idx : mem) counts[HostColor(hosts[idx], truth, known_bad.count(Str(hosts[idx], "id")) > 0, alerted.count(Str(hosts[idx], "id")) > 0)]++;
            float bx = hx;
            const float bw = (p1.x - hx - 4);
            for (const auto& [c, n] : counts) {
                const float part = bw * (float)n / (float)mem.size();
                dl->AddRectFilled(ImVec2(bx, hy), ImVec2(bx + part, p1.y - 4), c);
                bx += part;
            }
        }
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
