// editor_parts.h: what the editor's own files share (editor_model.cpp, editor_schema.cpp,
// editor_tables.cpp) and nothing else includes: reading the document by JSON pointer without throwing.
#pragma once
#include "editor_model.h"

#include <string>
#include <vector>

namespace bdui {

// The value at `pointer`, nullptr when the document has none there (or the pointer is malformed).
const OJson* EditorAt(const OJson& doc, const std::string& pointer);
// The string `key` of each object of the array at `pointer`, in order (appended to `out`).
void EditorIdsOf(const OJson& doc, const char* pointer, const char* key, std::vector<std::string>& out);
// `s` without the spaces, tabs and line ends around it.
std::string EditorTrim(const std::string& s);

} // namespace bdui
