// layout.h: where the desktop app's panels sit and how large its text is, as the person at the
// screen arranged them (splitters between the panels, Ctrl +/- for a projector), kept between
// runs in $XDG_CONFIG_HOME/breachdrill/layout.json (else ~/.config/...). No ImGui here.
#pragma once
#include <string>

namespace bdui {

struct Layout {
    // Fractions of the window: the left column's width, the right column's width, and where the
    // centre and the right columns are split between their top and bottom panels.
    float left = 0.36f, right = 0.28f, center_split = 0.62f, right_split = 0.55f;
    float scale = 1.0f; // text and bars; 0.7 to 2.0
    // Keeps every value where the panels stay usable (no column under 15 %, the centre at least 25 %).
    void Clamp();
    bool operator==(const Layout& o) const;
};

// The file the layout is kept in.
std::string LayoutPath();
// Reads a layout; a missing, unreadable or malformed file gives the defaults (and `why`, if asked).
Layout LoadLayout(const std::string& path, std::string* why = nullptr);
// Writes it whole (a temporary file moved into place). Returns "" or why not.
std::string SaveLayout(const Layout& layout, const std::string& path);

} // namespace bdui
