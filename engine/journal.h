// journal.h: the exercise journal, JSON Lines (docs/journal.md).
//
// Append() writes one line and flushes it before returning, so a crash loses at most the record
// being written. ReadJournal() reads one back; a torn last line (a crash mid-write) is reported
// as a warning and dropped, never silently accepted as data.
#pragma once
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace bd {

class Journal {
public:
    Journal() = default;
    ~Journal();
    Journal(const Journal&) = delete;
    Journal& operator=(const Journal&) = delete;

    // Creates (truncates) the file. Returns false and sets `error` when it cannot.
    bool Open(const std::string& path, std::string& error);
    // Appends one record: to the file (flushed) if open, and to the in-memory copy.
    void Append(const nlohmann::json& record);
    const std::vector<nlohmann::json>& Records() const { return records_; }
    const std::string& Path() const { return path_; }
    // Renames the open file to `path` (atomically, on the same file system); appends go on.
    bool MoveTo(const std::string& path, std::string& error);

private:
    std::FILE* file_ = nullptr;
    std::string path_;
    std::vector<nlohmann::json> records_;
};

struct JournalReadResult {
    std::vector<nlohmann::json> records;
    std::vector<std::string> warnings; // e.g. a torn last line that was dropped
    std::string error;                 // set when the file can't be used at all
    bool ok() const { return error.empty(); }
};

// Limits of a journal read back (docs/reliability.md): larger input is refused with its id, not read.
constexpr size_t kMaxJournalBytes = 256u << 20;   // journal.011 (a week on 10,000 hosts writes about 1 MB)
constexpr size_t kMaxJournalLineBytes = 1u << 20; // journal.010

// Reads and checks a journal: the first record must be a header of a known format; every line
// must be a JSON object with t, seq and type; seq must count up from 0. Errors name the file and line
// and carry an id ([journal.004]); docs/journal.md lists them.
JournalReadResult ReadJournal(const std::string& path);
// The same, from text already in memory; `label` stands for the file in messages (fuzz_journal uses it).
JournalReadResult ReadJournalText(const std::string& text, const std::string& label);

} // namespace bd
