// sweep.h: what compare and whatif share: many autopilot runs of one scenario, "arms" (an
// organisation profile and the parameter changes its runs make) x seeds, played in memory on
// threads; a sweep cut into shards that run on different machines, each writing a partial result,
// and the merge of those parts back into the runs of the whole sweep (docs/sweeps.md).
//
//   bd::Shard s = *bd::ParseShard("2/4", &why);         // seeds first+1, first+5, ... of the range
//   std::vector<uint64_t> seeds = bd::ShardSeeds(1, 100, s);
//   bd::PlayedRuns p = bd::PlayArms("ransomware-phish", 0, arms, seeds, 2, {});
//   nlohmann::json part = bd::PartialJson(...);          // what `--shard K/N -o PART.json` writes
//   bd::MergedParts m = bd::MergePartials({{"a.json", a}, {"b.json", b}});  // every shard once
//
// The split is round-robin: seed s of the range first..last belongs to shard ((s - first) mod N) + 1,
// so every shard gets about the same number of seeds whatever the range. The statistics are never
// computed on a part: the merge gives back the runs in the unsharded order (arm-major, seeds
// ascending) and the command summarises them as if it had played them all itself, so the merged
// result is byte for byte the unsharded one.
#pragma once
#include "compare.h"

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace bd {

// [SECTION] Shards

// Shard (compare.h) K of N, parsed from "K/N" with 1 <= K <= N <= 10000. nullopt with the reason in *error.
std::optional<Shard> ParseShard(const std::string& text, std::string* error);
// The seeds of first..last (inclusive) that shard `s` plays, ascending (all of them when !s.Active()).
std::vector<uint64_t> ShardSeeds(uint64_t first, uint64_t last, Shard s);
// How a partial result names the split, for people reading one.
inline constexpr const char* kShardRule = "round-robin: seed s is in shard ((s - first) mod n) + 1";

// [SECTION] Playing

// One arm of a sweep: the profile its runs play and the parameter changes every run makes
// (LoadOptions::org_changes, in order).
struct Arm {
    OrgProfile org = OrgProfile::Siloed;
    std::vector<OrgChange> changes;
};

// What the scenario is, from loading it once per arm before any run: an arm whose changes the
// loader refuses stops the sweep here, with the loader's first problem.
struct ScenarioInfo {
    std::string error;
    std::string id, title, currency, content_hash;
    std::vector<std::string> stages; // the campaign's stage names, in order (the first seed's)
    bool story_per_seed = false;     // the random breach: each seed deals its own campaign
};
// `text` (not empty): the scenario's JSON, labelled `scenario` (CompareOptions::scenario_text).
ScenarioInfo CheckArms(const std::string& scenario, int64_t size, uint64_t seed, const std::vector<Arm>& arms,
                       const std::string& text = "");

struct PlayedRuns {
    std::vector<RunSummary> runs; // arms x seeds, arm-major, seeds in the order given
    unsigned threads = 1;         // how many workers played
    double wall_seconds = 0;
};
// Plays every (arm, seed) with autopilot teams on `threads` workers (0: the number of cores).
// Results land at their index: the same whatever the thread count. `progress` as CompareOptions'.
PlayedRuns PlayArms(const std::string& scenario, int64_t size, const std::vector<Arm>& arms, const std::vector<uint64_t>& seeds,
                    unsigned threads, const std::function<void(size_t, size_t)>& progress, const std::string& text = "");

// [SECTION] Partial results

inline constexpr const char* kPartialFormat = "breachdrill-partial/1";

// A run with every field exact (costs unrounded), for partial results; RunFromJson reads it back
// to the same RunSummary (nullopt and the reason when it does not read).
nlohmann::json RunJson(const RunSummary& run);
std::optional<RunSummary> RunFromJson(const nlohmann::json& j, std::string* error);

// A shard's result: {"format", "command", "scenario": {ref, id, title, currency, content_hash, stages, story_per_seed},
// "seeds": {first, last}, "shard": {k, n, rule}, "options": OPTIONS, "arms": N, "runs": [...]}.
// `options` is everything that must agree between the parts (the command's own).
nlohmann::json PartialJson(const std::string& command, const std::string& ref, const ScenarioInfo& info, uint64_t seed_first,
                           uint64_t seed_last, Shard shard, const nlohmann::json& options, size_t arms, const std::vector<RunSummary>& runs);

// The parts merged: the runs of the whole sweep in the unsharded order.
struct MergedParts {
    std::string error;       // "[merge.ID] FILE: problem"; the rest is empty
    std::string command;     // "compare" or "whatif"
    std::string ref;         // the scenario as the command was given it
    ScenarioInfo scenario;
    uint64_t seed_first = 0, seed_last = 0;
    nlohmann::json options;
    std::vector<RunSummary> runs; // arms x seeds, arm-major, seeds ascending
};
// Checks that the parts belong together (the same format, command, scenario, seeds, shard count
// and options; every shard exactly once; each part's runs exactly its seeds for every arm) and
// merges them. Problems ids: merge.format, merge.mismatch, merge.duplicate_shard,
// merge.missing_shard, merge.runs. `parts` holds (file name, its JSON).
MergedParts MergePartials(const std::vector<std::pair<std::string, nlohmann::json>>& parts);

// [SECTION] Per command

// compare's partial result (RunCompare with a shard): options {"orgs", "size", "org_changes"}.
nlohmann::json ComparePartial(const CompareResult& r, const CompareOptions& o);
// The merged parts of a compare, summarised: byte for byte what RunCompare gives unsharded (the
// error "[merge...." when they are not of a compare).
CompareResult CompareFromParts(const MergedParts& m);

} // namespace bd
