// replay.h: rebuild an exercise from its journal.
//
// The journal's header names the scenario (and its content hash), the seed, the org profile and
// which seats were autopilots. Replaying loads the same scenario, starts a fresh simulation with
// the same inputs, and posts again every command that did not come from inside the engine (the
// autopilots re-decide theirs, identically) at the same simulated time. The final state hash must
// equal the one the journal recorded: that is the determinism promise, checked.
#pragma once
#include "journal/journal.h"
#include "sim/simulation.h"

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace bd {

// Commands from outside the engine (players, the facilitator, --commands files), in order.
struct TimedCommand {
    SimTime t = 0;
    Command cmd;
};

// Reads a --commands file: one JSON object per line, {"t": seconds, "cmd": {kind, team, target, ...}}.
// Lines must be in time order. Errors name the file and line.
bool ReadCommandsFile(const std::string& path, std::vector<TimedCommand>& out, std::string& error);

// The real date and time for RunOptions::run_at: now, in ISO 8601 UTC ("2026-12-04T18:45:12Z"), or
// the time SOURCE_DATE_EPOCH names (seconds since 1970, for reproducible journals). The simulation
// itself never reads the wall clock: the CLI and the app call this when they start an exercise.
std::string RunTimestamp();

// Into a started `sim` (Simulation::Start), posts each command at its time, and runs to the end (or stops at `stop_at` >= 0).
void PlayWithCommands(Simulation& sim, const std::vector<TimedCommand>& commands, SimTime stop_at = -1);

struct ReplayOutcome {
    std::string error;               // set when the journal can't be replayed (names the cause)
    std::unique_ptr<Simulation> sim; // the rebuilt run
    std::string recorded_hash;       // from the journal's end record ("" if it has none)
    bool diverged = false;           // the rebuilt run's hash differs from the recorded one
    std::string divergence;          // where the runs first differ, for a person
};

// Rebuilds the run written in `records` (as ReadJournal returns them).
ReplayOutcome ReplayRecords(const std::vector<nlohmann::json>& records);

struct ResumeOutcome {
    std::string error;                 // set when the journal cannot be resumed (names the cause)
    std::vector<std::string> warnings; // e.g. a torn last line that was dropped
    std::unique_ptr<Simulation> sim;   // the rebuilt run, still going, appending to the journal
    size_t recovered_records = 0;      // records of the interrupted run kept
};

// Picks up an exercise that was interrupted (a crash, a kill: the journal has no end record).
// Rebuilds the run into JOURNAL.resume, checks it reproduces every record of JOURNAL, then moves
// it over JOURNAL and returns the simulation, at the time of the last record, still running: the
// caller carries on (RunToEnd, or a player's session). A kill during the rebuild leaves JOURNAL as
// it was. A journal whose scenario changed since is refused (its content hash differs).
ResumeOutcome ResumeJournal(const std::string& path);

} // namespace bd
