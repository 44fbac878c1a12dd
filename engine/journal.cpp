// journal.cpp: JSON Lines journal writer and reader (see journal.h, docs/journal.md).
#include "journal.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <unistd.h>

namespace bd {

Journal::~Journal()
{
    if (file_) std::fclose(file_);
}

bool Journal::Open(const std::string& path, std::string& error)
{
    file_ = std::fopen(path.c_str(), "wb");
    if (!file_) {
        error = "cannot create journal '" + path + "': " + std::strerror(errno);
        return false;
    }
    path_ = path;
    return true;
}

void Journal::Append(const nlohmann::json& record)
{
    if (file_) {
        // One write per record, flushed at once: a kill loses at most the line being written.
        std::string line = record.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        line += '\n';
        std::fwrite(line.data(), 1, line.size(), file_);
        std::fflush(file_);
    }
    records_.push_back(record);
}

JournalReadResult ReadJournal(const std::string& path)
{
    JournalReadResult out;
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        out.error = path + ": cannot open journal: " + std::strerror(errno);
        return out;
    }
    std::string line;
    size_t line_no = 0;
    bool last_had_newline = true;
    while (std::getline(in, line)) {
        ++line_no;
        last_had_newline = !in.eof();
        if (line.empty()) continue;
        nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
        const bool torn_tail = !last_had_newline || in.peek() == EOF;
        if (j.is_discarded() || !j.is_object()) {
            if (torn_tail && !last_had_newline) {
                out.warnings.push_back(path + ":" + std::to_string(line_no) +
                                       ": [journal.torn] the last line is incomplete (the run was interrupted); dropped");
                break;
            }
            out.error = path + ":" + std::to_string(line_no) + ": [journal.002] not a JSON object";
            return out;
        }
        if (!j.contains("t") || !j["t"].is_number_integer() || !j.contains("seq") ||
            !j["seq"].is_number_unsigned() || !j.contains("type") || !j["type"].is_string()) {
            out.error = path + ":" + std::to_string(line_no) + ": [journal.003] a record needs integer 't', 'seq' and string 'type'";
            return out;
        }
        if (j["seq"].get<uint64_t>() != out.records.size()) {
            out.error = path + ":" + std::to_string(line_no) + ": [journal.004] seq " + j["seq"].dump() +
                        " out of order (expected " + std::to_string(out.records.size()) + ")";
            return out;
        }
        if (out.records.empty() && (j["type"] != "header" || j.value("format", "") != "breachdrill-journal/1")) {
            out.error = path + ":" + std::to_string(line_no) + ": [journal.005] the first record must be a breachdrill-journal/1 header";
            return out;
        }
        out.records.push_back(std::move(j));
    }
    if (out.records.empty()) out.error = path + ": [journal.001] empty journal: no header";
    return out;
}

} // namespace bd
