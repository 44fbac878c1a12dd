// layout.cpp: see layout.h.
#include "layout.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace bdui {

namespace {
bool LayoutIsPermutation(const std::array<int, Layout::kSlots>& slot_of)
{
    std::array<int, Layout::kSlots> seen{};
    for (int s : slot_of) {
        if (s < 0 || s >= Layout::kSlots || seen[s]) return false;
        seen[s] = 1;
    }
    return true;
}
constexpr const char* kLayoutPanelKeys[Layout::kSlots] = {"console", "map", "host", "war_room", "scoreboard"};
constexpr const char* kLayoutSlotKeys[Layout::kSlots] = {"left", "center_top", "center_bottom", "right_top", "right_bottom"};
constexpr const char* kLayoutSlotWords[Layout::kSlots] = {"the left column", "the centre, top", "the centre, bottom",
                                                          "the right, top", "the right, bottom"};
} // namespace

void Layout::Clamp()
{
    auto fix = [](float& v, float lo, float hi, float fallback) { v = v == v ? std::clamp(v, lo, hi) : fallback; }; // NaN: the default
    fix(left, 0.15f, 0.60f, 0.36f);
    fix(right, 0.15f, 0.60f, 0.28f);
    if (left + right > 0.75f) { // the centre keeps a quarter of the window
        const float over = left + right - 0.75f;
        left -= over / 2;
        right -= over / 2;
    }
    fix(center_split, 0.2f, 0.85f, 0.62f);
    fix(right_split, 0.2f, 0.85f, 0.55f);
    fix(scale, 0.7f, 2.0f, 1.0f);
    if (!LayoutIsPermutation(slot_of)) slot_of = Layout{}.slot_of;
}


const char* Layout::PanelKey(int panel) { return panel >= 0 && panel < kSlots ? kLayoutPanelKeys[panel] : "?"; }
const char* Layout::SlotKey(int slot) { return slot >= 0 && slot < kSlots ? kLayoutSlotKeys[slot] : "?"; }
const char* Layout::SlotWords(int slot) { return slot >= 0 && slot < kSlots ? kLayoutSlotWords[slot] : "?"; }

int Layout::PanelIn(int slot) const
{
    for (int p = 0; p < kSlots; ++p)
        if (slot_of[p] == slot) return p;
    return slot; // (not reached: slot_of is a permutation)
}

void Layout::MoveTo(int panel, int slot)
{
    if (panel < 0 || panel >= kSlots || slot < 0 || slot >= kSlots) return;
    const int there = PanelIn(slot);
    slot_of[there] = slot_of[panel];
    slot_of[panel] = slot;
}

bool Layout::operator==(const Layout& o) const
{
    return left == o.left && right == o.right && center_split == o.center_split && right_split == o.right_split && scale == o.scale &&
           slot_of == o.slot_of;
}

std::string LayoutPath()
{
    namespace fs = std::filesystem;
    fs::path base;
    if (const char* x = std::getenv("XDG_CONFIG_HOME"); x && *x) base = x;
    else if (const char* h = std::getenv("HOME"); h && *h) base = fs::path(h) / ".config";
    else base = fs::temp_directory_path();
    return (base / "breachdrill" / "layout.json").string();
}

Layout LoadLayout(const std::string& path, std::string* why)
{
    Layout l;
    std::ifstream in(path);
    if (!in) {
        if (why) *why = "no layout file " + path;
        return l;
    }
    std::stringstream text;
    text << in.rdbuf();
    const nlohmann::json j = nlohmann::json::parse(text.str(), nullptr, false);
    if (!j.is_object()) {
        if (why) *why = path + ": not a JSON object: the default layout";
        return l;
    }
    auto get = [&](const char* k, float& v) {
        if (auto it = j.find(k); it != j.end() && it->is_number()) v = it->get<float>();
    };
    get("left", l.left);
    get("right", l.right);
    get("center_split", l.center_split);
    get("right_split", l.right_split);
    get("scale", l.scale);
    if (auto it = j.find("panels"); it != j.end()) {
        // {"console": "left", "map": "center_top", ...}: every panel named, each in a slot of its own.
        std::array<int, Layout::kSlots> slot_of{};
        std::string problem = it->is_object() ? "" : "\"panels\" is not an object";
        for (int p = 0; p < Layout::kSlots && problem.empty(); ++p) {
            const auto at = it->find(Layout::PanelKey(p));
            int slot = -1;
            for (int s = 0; s < Layout::kSlots && at != it->end() && at->is_string(); ++s)
                if (*at == Layout::SlotKey(s)) slot = s;
            if (slot < 0) problem = std::string("\"panels\" puts the ") + Layout::PanelKey(p) + " in no known slot";
            slot_of[p] = slot;
        }
        if (problem.empty() && !LayoutIsPermutation(slot_of)) problem = "\"panels\" puts two panels in one slot";
        if (problem.empty()) l.slot_of = slot_of;
        else if (why) *why = path + ": " + problem + ": the default arrangement";
    }
    l.Clamp();
    return l;
}

std::string SaveLayout(const Layout& layout, const std::string& path)
{
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::create_directories(fs::path(path).parent_path(), ec);
    nlohmann::json j = {{"left", layout.left}, {"right", layout.right}, {"center_split", layout.center_split},
                        {"right_split", layout.right_split}, {"scale", layout.scale}};
    for (int p = 0; p < Layout::kSlots; ++p) j["panels"][Layout::PanelKey(p)] = Layout::SlotKey(layout.slot_of[p]);
    const std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp, std::ios::trunc);
        out << j.dump(2) << "\n";
        if (!out) return "cannot write " + tmp;
    }
    fs::rename(tmp, path, ec);
    return ec ? "cannot write " + path + ": " + ec.message() : "";
}

} // namespace bdui
