// msel_splice.h: `import msel` writes the injects back into scenario.json's own text, so that an
// inject the spreadsheet did not change keeps its bytes (its formatting and key order).
#pragma once
#include <nlohmann/json.hpp>

#include <string>

namespace bd {

// `text` is scenario.json as read; old_injects its "injects" as parsed, injects the new ones. Returns
// the new text: unchanged elements copied byte for byte, changed ones with only their changed members
// rewritten, new ones written in the file's indentation. "" when the text has no top-level "injects"
// array to splice into (the caller then writes the document anew).
std::string MselSpliceInjects(const std::string& text, const nlohmann::ordered_json& old_injects,
                              const nlohmann::ordered_json& injects);

} // namespace bd
