// remote.h: the desktop app as one seat of a served exercise (`breachdrill-gui --join`, net/).
// The server sends the seat's view as JSON (TeamViewJson); the panels read typed rows
// (bd::SeatView): SeatViewFromJson makes them from it, cut exactly as the server cut them.
#pragma once
#include "exercise/views.h"

#include <nlohmann/json.hpp>

namespace bdui {

// The typed seat view of a received view. Host indices are the rows of the view's hosts list
// (the seat does not know the world's numbering); alerts name hosts by those rows.
bd::SeatView SeatViewFromJson(const nlohmann::json& view, bd::Team team);

} // namespace bdui
