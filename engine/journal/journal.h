// journal.h: the exercise journal, JSON Lines (docs/journal.md).
//
// Append() writes each line at once (one write(2): in the kernel's hands when it returns, so a
// killed process has written it) except inside a batch:
// - Simulation::Post makes one of the command it is given: the command and its result are written
//   together before Post returns. A command a player, facilitator or seat posted is never lost
//   once it was answered.
// - The event loop (AdvanceTo, RunToEnd) makes one of all its events: the engine's own records (what
//   the attacker, detection and autopilots did, which a rebuild from the seed and the commands
//   recomputes: `resume`) are written in blocks, at an event's end, once 64 KiB have gathered or
//   20 ms have passed since the last write, and when the call returns (the app and the server call
//   it every frame or tick). A write per event was a tenth of the lateral benchmark (ext4, perf).
// So a kill loses at most the engine's records of the last 20 ms (or 64 KiB), which `resume`
// rebuilds, never a posted command, and the file never ends in half an event; a torn last line (a
// kill inside write(2)) is dropped on reading, with a warning.
//
// The journal keeps a copy of every record in memory (Records()) unless told not to
// (KeepRecords(false), RunOptions::keep_journal): then the records go only to the file and to the
// simulation's observers, which is what a run needs when it is read live (a streaming scorecard,
// a benchmark) and lets a long run on a big estate keep its memory flat (a record kept costs
// about 1 KB as a JSON object).
#pragma once
#include "core/record.h"

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
    // Appends one record: to the file if open (written at once, or with its batch), and to the
    // in-memory copy if kept (only then is the record's JSON object built: record.h).
    void Append(const RecordRef& record);
    // Lines appended from BeginBatch() to the matching EndBatch() are written to the file in one
    // write when the outermost batch ends (batches nest). Outside a batch every line is written
    // at once.
    void BeginBatch() { ++batch_depth_; }
    void EndBatch()
    {
        if (--batch_depth_ == 0 && !line_.empty()) WriteLines();
    }
    // Between two events of the event loop's batch (one batch open): writes the lines so far once
    // they make a block (kBlockBytes, or kBlockAge since the last write). Inside a batch within it
    // (a command being posted), nothing.
    void Commit()
    {
        if (batch_depth_ == 1 && (line_.size() >= kBlockBytes || due_)) WriteLines();
    }
    static constexpr size_t kBlockBytes = 64 * 1024;
    static constexpr int64_t kBlockAgeNs = 20'000'000;
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
    bool due_ = false;         // kBlockAge has passed since the last write: Commit writes
    int64_t last_write_ns_ = 0; // steady clock
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
// check_seq false: seq need not count up (breachdrill check reads such a file and reports it).
JournalReadResult ReadJournal(const std::string& path, bool check_seq = true);
// The same, from text already in memory; `label` stands for the file in messages (fuzz_journal uses it).
JournalReadResult ReadJournalText(const std::string& text, const std::string& label, bool check_seq = true);

} // namespace bd
