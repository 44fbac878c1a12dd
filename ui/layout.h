// layout.h: where the desktop app's panels sit and how large its text is, as the person at the
// screen arranged them (splitters between the panels, a panel moved into another slot from its
// title's menu, Ctrl +/- for a projector), kept between runs in
// $XDG_CONFIG_HOME/breachdrill/layout.json (else ~/.config/...). No ImGui here.
#pragma once
#include <array>
#include <string>

namespace bdui {

struct Layout {
    // Fractions of the window: the left column's width, the right column's width, and where the
    // centre and the right columns are split between their top and bottom panels.
    float left = 0.36f, right = 0.28f, center_split = 0.62f, right_split = 0.55f;
    float scale = 1.0f; // text and bars; 0.7 to 2.0
    // The five slots (0 left, 1 centre top, 2 centre bottom, 3 right top, 4 right bottom, as
    // panels.h's Slot) and the panels by the slot they sit in by default (0 the team's console, 1
    // the map, 2 the host, 3 the war room, 4 the scoreboard): slot_of[panel] is where it is now.
    // Always a permutation (each slot holds one panel).
    static constexpr int kSlots = 5;
    std::array<int, kSlots> slot_of = {0, 1, 2, 3, 4};
    // The panel in `slot` now.
    int PanelIn(int slot) const;
    // Puts `panel` into `slot`; the panel that was there takes its old place.
    void MoveTo(int panel, int slot);
    // Their names in layout.json ("console", "map", ...; "left", "center_top", ...) and for people.
    static const char* PanelKey(int panel);
    static const char* SlotKey(int slot);
    static const char* SlotWords(int slot); // "the left column", "the centre, top", ...
    // Keeps every value where the panels stay usable (no column under 15 %, the centre at least 25 %;
    // an arrangement that is not a permutation: the default one).
    void Clamp();
    bool operator==(const Layout& o) const;
};

// The file the layout is kept in.
std::string LayoutPath();
// Reads a layout; a missing, unreadable or malformed file gives the defaults (and `why`, if asked).
// A file without "panels" (written before panels could move) keeps its sizes, in the default
// arrangement; a "panels" that does not put each panel in its own known slot is ignored, with why.
Layout LoadLayout(const std::string& path, std::string* why = nullptr);
// Writes it whole (a temporary file moved into place). Returns "" or why not.
std::string SaveLayout(const Layout& layout, const std::string& path);

} // namespace bdui
