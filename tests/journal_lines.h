// journal_lines.h: a hand-written journal for the scoring tests, one JSON object per line.
#pragma once
#include <nlohmann/json.hpp>

#include <sstream>
#include <string>
#include <vector>

namespace bdtest {

// One JSON object per line (blank lines skipped); seq added when a record has none.
inline std::vector<nlohmann::json> JournalLines(const std::string& lines)
{
    std::vector<nlohmann::json> out;
    std::istringstream in(lines);
    std::string line;
    while (std::getline(in, line)) {
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        nlohmann::json j = nlohmann::json::parse(line);
        if (j.is_object() && !j.contains("seq")) j["seq"] = out.size();
        out.push_back(std::move(j));
    }
    return out;
}

} // namespace bdtest
