// layout.cpp: see layout.h.
#include "layout.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace bdui {

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
}

bool Layout::operator==(const Layout& o) const
{
    return left == o.left && right == o.right && center_split == o.center_split && right_split == o.right_split && scale == o.scale;
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
    l.Clamp();
    return l;
}

std::string SaveLayout(const Layout& layout, const std::string& path)
{
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::create_directories(fs::path(path).parent_path(), ec);
    const nlohmann::json j = {{"left", layout.left}, {"right", layout.right}, {"center_split", layout.center_split},
                              {"right_split", layout.right_split}, {"scale", layout.scale}};
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
