// write_file.h: writes a whole file in one call, for every room that saves one (the CLI's -o
// outputs, the app's editor). The callers choose the path (a temporary name, then a rename, where a
// half-written file must never replace a good one).
//
//   if (const std::string why = bd::WriteFile(path, text); !why.empty())
//       spdlog::error("{}: cannot write: {}", path, why);
#pragma once
#include <string>

namespace bd {

// Writes `text` to `path` (created or truncated); "" when every byte reached the file and it
// closed cleanly, else why not, in the system's words (strerror).
std::string WriteFile(const std::string& path, const std::string& text);

} // namespace bd
