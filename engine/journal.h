// journal.h: the exercise journal, JSON Lines (docs/journal.md).
//
// Append() writes one line and flushes it before returning, so a crash loses at most the record
// being written; inside a batch (BeginBatch/EndBatch: the engine makes one of each event it
// processes and each command posted) the lines are written together when the batch ends, so a
// crash loses at most the event being processed, and never leaves half of one. ReadJournal() reads one back; a torn last line (a crash mid-write) is reported
// as a warning and dropped, never silently accepted as data.
//
// The journal keeps a copy of every record in memory (Records()) unless told not to
// (KeepRecords(false), RunOptions::keep_journal): then the records go only to the file and to the
// simulation's observers, which is what a run needs when it is read live (a streaming scorecard,
// a benchmark) and lets a long run on a big estate keep its memory flat (a record kept costs
// about 1 KB as a JSON object).
#pragma once
#include "record.h"

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
    // Appends one record: to the file (flushed) if open, and to the in-memory copy if kept (only
    // then is the record's JSON object built: record.h).
    void Append(const RecordRef& record);
    // Lines appended from BeginBatch() to the matching EndBatch() are written to the file in one
    // write when the outermost batch ends (batches nest). Outside a batch every line is written
    // at once.
    void BeginBatch() { ++batch_depth_; }
    void EndBatch()
    {
        if (--batch_depth_ == 0 && !line_.empty()) WriteLines();
    }
    // The records kept in memory: all of them, or none after KeepRecords(false).
    const std::vector<nlohmann::json>& Records() const { return records_; }
    // How many records were appended, kept or not (the next record's seq).
    size_t Size() const { return size_; }
    // Whether Append keeps a copy in memory (default true). Set it before the first Append: the
    // copy is all or nothing.
    void KeepRecords(bool keep) { keep_ = keep; }
    bool KeepsRecords() const { return keep_; }
    const std::string& Path() const { return path_; }
    // Renames the open file to `path` (atomically, on the same file system); appends go on.
    bool MoveTo(const std::string& path, std::string& error);

private:
    std::FILE* file_ = nullptr;
    std::string path_;
    std::vector<nlohmann::json> records_;
    size_t size_ = 0;
    bool keep_ = true;
    void WriteLines(); // writes line_ (whole lines) to the file and empties it

    std::string line_; // lines not written yet (in a batch), a buffer reused
    int batch_depth_ = 0;
};

// One batch of journal lines for the lifetime of the object (Journal::BeginBatch).
class JournalBatch {
public:
    explicit JournalBatch(Journal& j) : j_(j) { j_.BeginBatch(); }
    ~JournalBatch() { j_.EndBatch(); }
    JournalBatch(const JournalBatch&) = delete;
    JournalBatch& operator=(const JournalBatch&) = delete;

private:
    Journal& j_;
};

// Appends record.dump(-1, ' ', false, error_handler_t::replace) to `out`, the same bytes, faster:
// the journal's line format.
void DumpLine(const nlohmann::json& record, std::string& out);

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
