// invariants.h: what a journal claims, checked against what it records (`breachdrill check`).
//
// A journal is the record of truth (docs/journal.md); these are the rules that make it one: every
// effect a record claims is in the journal (a successful T1486 has the host records that encrypt
// its targets, a successful T1490 its backups_deleted, ...), every effect has the record that
// claims it, the attacker's containment matches its footholds, seq counts up, time never goes
// back, nothing follows the end. docs/journal.md ("Checking a journal") lists every invariant with
// its id. Like the scorecard this reads JSON records alone, any journal, also one cut short.
//
//   auto read = bd::ReadJournal(path, false);          // seq order is checked here, not refused there
//   auto violations = bd::CheckJournal(read.records);  // empty: every claimed effect is in the journal
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace bd {

// One broken invariant: the record it is about (its seq; for a missing effect, the record that
// claimed it), the invariant's id ("check.impact") and what is missing or wrong, in words.
struct Violation {
    uint64_t seq = 0;
    std::string id;
    std::string message;
    // "seq 41: [check.impact] ..." (one line).
    std::string Format() const;
};

// Checks the records of one journal (the first should be its header) against every invariant.
// Violations in the order they were found (by seq, a claim's at the record that made it). Never
// throws: a record with a missing or wrong-typed field is itself a violation (check.field).
std::vector<Violation> CheckJournal(const std::vector<nlohmann::json>& records);

} // namespace bd
