// journal.cpp: JSON Lines journal writer and reader (see journal.h, docs/journal.md).
#include "journal.h"

#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <string_view>
#include <unistd.h>

namespace bd {

namespace {

// Appends j.dump(-1, ' ', false, error_handler_t::replace), byte for byte: objects, arrays,
// integers, booleans, null and plain strings (printable ASCII) are written here; anything else (a
// float, a string that needs escaping or is not ASCII) by nlohmann's serializer, value by value.
// The serializer's generic path was a tenth of the lateral benchmark's time (bench/README.md).
void DumpValue(const nlohmann::json& j, std::string& out);

void DumpString(const std::string& s, std::string& out)
{
    for (const char c : s)
        if ((unsigned char)c < 0x20 || (unsigned char)c > 0x7E || c == '"' || c == '\\') {
            out += nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
            return;
        }
    out += '"';
    out += s;
    out += '"';
}

void DumpValue(const nlohmann::json& j, std::string& out)
{
    using V = nlohmann::json::value_t;
    char buf[24];
    switch (j.type()) {
    case V::object: {
        out += '{';
        bool first = true;
        for (const auto& [k, v] : j.get_ref<const nlohmann::json::object_t&>()) {
            if (!first) out += ',';
            first = false;
            DumpString(k, out);
            out += ':';
            DumpValue(v, out);
        }
        out += '}';
        return;
    }
    case V::array: {
        out += '[';
        bool first = true;
        for (const auto& v : j.get_ref<const nlohmann::json::array_t&>()) {
            if (!first) out += ',';
            first = false;
            DumpValue(v, out);
        }
        out += ']';
        return;
    }
    case V::string: DumpString(j.get_ref<const std::string&>(), out); return;
    case V::boolean: out += j.get<bool>() ? "true" : "false"; return;
    case V::null: out += "null"; return;
    case V::number_integer: out.append(buf, std::to_chars(buf, buf + sizeof buf, j.get<int64_t>()).ptr); return;
    case V::number_unsigned: out.append(buf, std::to_chars(buf, buf + sizeof buf, j.get<uint64_t>()).ptr); return;
    default: out += j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); return; // float, binary, discarded
    }
}

} // namespace

void DumpLine(const nlohmann::json& record, std::string& out) { DumpValue(record, out); }

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

bool Journal::MoveTo(const std::string& path, std::string& error)
{
    if (!file_) { error = "the journal is not a file"; return false; }
    std::fflush(file_);
    if (std::rename(path_.c_str(), path.c_str()) != 0) {
        error = "cannot move journal '" + path_ + "' to '" + path + "': " + std::strerror(errno);
        return false;
    }
    path_ = path;
    return true;
}

void Journal::Append(const nlohmann::json& record)
{
    if (file_) {
        // One write per record, flushed at once: a kill loses at most the line being written.
        line_.clear();
        DumpLine(record, line_);
        line_ += '\n';
        std::fwrite(line_.data(), 1, line_.size(), file_);
        std::fflush(file_);
    }
    ++size_;
    if (keep_) records_.push_back(record);
}

JournalReadResult ReadJournal(const std::string& path)
{
    JournalReadResult out;
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        out.error = path + ": [journal.012] cannot open journal: " + std::strerror(errno);
        return out;
    }
    // At most one byte more than the limit: enough to refuse the file, and /dev/zero costs no more.
    std::string text;
    char buf[1 << 16];
    while (text.size() <= kMaxJournalBytes) {
        in.read(buf, sizeof buf);
        if (in.gcount() <= 0) break;
        text.append(buf, (size_t)in.gcount());
    }
    if (in.bad()) {
        out.error = path + ": [journal.012] cannot read journal: " + std::strerror(errno);
        return out;
    }
    return ReadJournalText(text, path);
}

JournalReadResult ReadJournalText(const std::string& text, const std::string& label)
{
    JournalReadResult out;
    if (text.size() > kMaxJournalBytes) {
        out.error = label + ": [journal.011] the journal is larger than " + std::to_string(kMaxJournalBytes >> 20) +
                    " MiB: not read";
        return out;
    }
    size_t line_no = 0;
    for (size_t pos = 0; pos < text.size();) {
        ++line_no;
        const size_t nl = text.find('\n', pos);
        const bool last_had_newline = nl != std::string::npos;
        const size_t end = last_had_newline ? nl : text.size();
        const std::string where = label + ":" + std::to_string(line_no) + ": ";
        if (end - pos > kMaxJournalLineBytes) {
            out.error = where + "[journal.010] a line of " + std::to_string(end - pos) + " bytes (at most " +
                        std::to_string(kMaxJournalLineBytes) + ")";
            return out;
        }
        const std::string_view line(text.data() + pos, end - pos);
        pos = last_had_newline ? nl + 1 : text.size();
        if (line.empty()) continue;
        nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
        if (j.is_discarded() || !j.is_object()) {
            if (!last_had_newline) {
                out.warnings.push_back(where + "[journal.torn] the last line is incomplete (the run was interrupted); dropped");
                break;
            }
            out.error = where + "[journal.002] not a JSON object";
            return out;
        }
        if (!j.contains("t") || !j["t"].is_number_integer() || !j.contains("seq") ||
            !j["seq"].is_number_unsigned() || !j.contains("type") || !j["type"].is_string()) {
            out.error = where + "[journal.003] a record needs integer 't', 'seq' and string 'type'";
            return out;
        }
        if (j["seq"].get<uint64_t>() != out.records.size()) {
            out.error = where + "[journal.004] seq " + j["seq"].dump() + " out of order (expected " +
                        std::to_string(out.records.size()) + ")";
            return out;
        }
        // (No j.value("format", ""): it throws when "format" is there but not a string.)
        const auto format = j.find("format");
        if (out.records.empty() && (j["type"] != "header" || format == j.end() || *format != "breachdrill-journal/1")) {
            out.error = where + "[journal.005] the first record must be a breachdrill-journal/1 header";
            return out;
        }
        out.records.push_back(std::move(j));
    }
    if (out.records.empty()) out.error = label + ": [journal.001] empty journal: no header";
    return out;
}

} // namespace bd
