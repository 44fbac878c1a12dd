// fuzz_journal.cpp: libFuzzer target for the journal reader (BREACHDRILL_FUZZ).
//
// One input = the text of a journal (JSON Lines). ReadJournalText checks every line; the contract
// under test is that it never crashes or throws, that it either fails with an error that carries
// an id ("[journal.NNN]") or returns records that all have integer t, counting seq and string type.
// Replaying is not fuzzed here: it loads the scenario the header names, from the disk.
#include "journal/journal.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const std::string text(reinterpret_cast<const char*>(data), size);
    const bd::JournalReadResult r = bd::ReadJournalText(text, "fuzz.jsonl");
    if (!r.ok()) {
        if (r.error.find("[journal.") == std::string::npos) {
            std::fprintf(stderr, "journal error without an id: %s\n", r.error.c_str());
            std::abort();
        }
        return 0;
    }
    for (size_t i = 0; i < r.records.size(); ++i) {
        const auto& j = r.records[i];
        if (!j.is_object() || !j.at("t").is_number_integer() || j.at("seq").get<uint64_t>() != i || !j.at("type").is_string())
            std::abort();
    }
    return 0;
}
