// compare.h: the same breach played many times under each organisation profile, by autopilot
// teams, and the distributions of the headline figures side by side (docs/reports.md, "compare").
//
// This is the product's argument in one table: the siloed and the converged organisation face the
// same attacks (the same seeds), and the medians show what silos cost. Each run is an ordinary
// in-memory Simulation (no journal file), scored by ComputeScorecard; runs are independent and
// deterministic, so the result does not depend on how many threads played them.
//
//   bd::CompareOptions o;  o.scenario = "ransomware-phish";  o.seed_first = 1;  o.seed_last = 200;
//   bd::CompareResult r = bd::RunCompare(o);           // r.error set when the scenario won't load
//   std::puts(bd::FormatCompareText(r).c_str());
//
// Percentiles are nearest-rank over every run: a run where the moment never came (never detected,
// never contained) sorts after every run where it did, and a percentile that lands on such a run
// reads "never" (docs/reports.md).
#pragma once
#include "scorecard.h"
#include "world/scenario.h"
#include "world/world.h"

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace bd {

// [SECTION] Statistics

// The nearest-rank percentile of an ascending list: the value at rank ceil(p/100 * n) (1-based,
// at least 1). p in (0, 100]. Empty list: nullopt. nullopt entries are "never" and must sort last.
std::optional<double> NearestRank(const std::vector<std::optional<double>>& ascending, double p);

// The spread of one figure over the runs of one profile.
struct Distribution {
    size_t runs = 0;                    // every run of the profile
    size_t never = 0;                   // runs where the figure is null (the moment never came)
    std::optional<double> min, p10, p25, median, p75, p90, max; // nullopt: "never" (or no runs)
    std::vector<std::optional<double>> values; // every run's value, ascending, nulls last
};

// Builds a Distribution from the runs' values (any order).
Distribution Distribute(std::vector<std::optional<double>> values);

// How many of `others` the value `mine` beat, in percent (0..100): others that are strictly
// worse, meaning larger, or null while `mine` is not. Ties do not count. Lower is better.
// `mine` null beats nobody (0). `others` empty: nullopt.
std::optional<double> PercentBeaten(std::optional<double> mine, const std::vector<std::optional<double>>& others);

// [SECTION] Running

// "converged.correlate_alerts=false" or "patch_within_s=172800" (both profiles): the text people
// write after --set, and back. OrgChangeText gives what ParseOrgChange reads.
std::optional<OrgChange> ParseOrgChange(const std::string& text, std::string* error);
std::string OrgChangeText(const OrgChange& c);

// Shard K of N of a sweep's seeds (1 <= K <= N); n == 0: not sharded. sweep.h has the rule.
struct Shard {
    uint64_t k = 0, n = 0;
    bool Active() const { return n > 0; }
};

struct CompareOptions {
    std::string scenario;             // built-in id, folder, file, or "random"
    // Not empty: the scenario's JSON text as an editor holds it (unsaved edits), played instead of
    // reading `scenario`, which then names the file it stands for (its script is read from beside it).
    std::string scenario_text;
    uint64_t seed_first = 1, seed_last = 50; // inclusive
    std::vector<OrgProfile> orgs = {OrgProfile::Siloed, OrgProfile::Converged};
    int64_t size = 0;                 // estate size (0 = the scenario's own)
    unsigned threads = 0;             // 0: std::thread::hardware_concurrency() (at least 1)
    std::vector<OrgChange> org_changes; // the profiles' parameters changed for every run (--set)
    Shard shard;                      // play only this shard's seeds, and summarise nothing (sweep.h)
    // Called after each finished run from a worker thread (serialised by RunCompare: never two at
    // once), with runs done and runs in all. May be empty.
    std::function<void(size_t done, size_t total)> progress;
};

// A technique the attacker played in a run (coverage.h): whether a tool raised a true alert of it,
// and whether one was triaged as real. For `compare --navigator`; not in the JSON or partial results.
struct RunTechnique {
    std::string technique;
    bool detected = false, confirmed = false;
};

// One autopilot run, summed up.
struct RunSummary {
    uint64_t seed = 0;
    OrgProfile org = OrgProfile::Siloed;
    std::string error;                // the scenario failed to load for this seed; the rest is empty
    std::optional<ScoreTime> time_to_detect_s, time_to_contain_s, time_to_recover_s;
    std::optional<ScoreTime> time_to_restore_s; // an operations outage restored (scorecard.h); null: not restored, or none
    std::optional<ScoreTime> foothold_time_s;   // the attacker's time in the network, summed (scorecard.h); null: no attack
    int64_t intrusions = 0;                     // its stretches: 1, plus one per re-entry (scorecard.h)
    bool outage = false;              // an operations event took a host or service down (outage_start_s set)
    bool contained = false;           // contained at the end (contained_at_s set)
    Outcomes outcomes;                // whether detection, containment, recovery came (scorecard.h)
    double attacker_caused = 0, self_inflicted = 0, total = 0;
    std::string end_reason, state_hash;
    std::vector<RunTechnique> techniques; // in the order of their first attempt
    // The campaign stages (indexes from 0, as the journal's `stage`) the attacker completed: the
    // stage's effect happened (a lateral move reached its target, not just a hop; a re-entry logged
    // under the stage's number does not count), ascending: how often the attacker got where the
    // story says (the app's play test; each run's "stages_reached" in the JSON and partial results).
    std::vector<int> stages_reached;
    // The injects delivered in the run (indexes from 0, in the scenario's order), ascending.
    std::vector<int> injects_delivered;
};

// The figures compared, in report order: "time_to_detect_s", "time_to_contain_s",
// "time_to_recover_s", "foothold_time_s" (the attacker's time in the network, summed over its
// intrusions), "time_to_restore_s" (an outage that is not an attack), "attacker_caused",
// "self_inflicted", "total".
const std::vector<const char*>& CompareFigures();
// Each figure's salt for its bootstrap generator, by name (adding a figure changes no other's interval).
uint64_t FigureSalt(const std::string& figure);
// A run's value of one of CompareFigures(), or of "attacker_in_network_s" (whatif's: time to detect
// + time to contain, from attack start to containment; measured where time to contain is) (null:
// never happened).
std::optional<double> FigureOf(const RunSummary& run, const std::string& figure);
// Whether the figure is measured for the run: a time is not when no breach began, or when the
// moment came without a detection to measure from (Reach::NoBreach, Reach::Undetected); the time to
// restore only in a run with an operations outage (RunSummary::outage). Such runs are left out of
// the time's distribution and counted apart; costs are measured for every run.
bool Measured(const RunSummary& run, const std::string& figure);
// The printed name: "Time to detect", "Impact: self-inflicted" ...
const char* FigureLabel(const std::string& figure);
bool FigureIsTime(const std::string& figure);

struct ProfileStats {
    OrgProfile org = OrgProfile::Siloed;
    size_t runs = 0, failed = 0;      // failed: the scenario did not load (not in the figures)
    // Reach::Never counts (scorecard.h OutcomesOf): the same as each time's Distribution::never.
    size_t never_detected = 0, never_contained = 0, never_recovered = 0;
    size_t no_breach = 0;             // runs where no attacker technique succeeded
    size_t contained_undetected = 0, recovered_undetected = 0; // got there, never detected
    size_t outage = 0, never_restored = 0; // runs with an operations outage; of those not restored at the end
    std::vector<std::pair<std::string, Distribution>> figures; // CompareFigures() order
    const Distribution* Find(const std::string& figure) const;
};

// [SECTION] The difference between two profiles

// Of one figure, profile b minus profile a, seed by seed (both face the same attack per seed).
struct FigureDifference {
    std::string figure;
    std::optional<double> median;          // b's median - a's median; nullopt: a median is "never"
    // Bootstrap 95% interval of `median` (percentile method, resampling the seeds, both runs of a
    // seed together; kBootstrapResamples draws from a generator seeded with kBootstrapSeed and the
    // figure's index: the same result every time). nullopt: that end is unbounded (in over 2.5% of
    // the resamples one median was "never").
    std::optional<double> ci_low, ci_high;
    bool ci_known = false;                 // false: no seed to resample
    size_t lower = 0, higher = 0, equal = 0; // seeds where b was lower (better), higher, the same
    size_t not_comparable = 0;             // seeds where the figure is not measured for a run (Measured)
    double sign_p = 1;                     // two-sided exact sign test of lower against higher
};
inline constexpr uint64_t kBootstrapSeed = 0xB0075EEDull;
// Resamples per figure: 1,000, or 200 above 20,000 seeds (to stay within seconds).
size_t BootstrapResamples(size_t seeds);

// The two-sided exact sign test: the chance of a split at least as uneven as lower:higher if
// either profile were as likely to do better on a seed. 1 when both are 0.
double SignTestP(size_t lower, size_t higher);

struct CompareResult {
    std::string error;                // nothing ran (the scenario does not load); names the cause
    std::string scenario, title, currency, content_hash;
    uint64_t seed_first = 0, seed_last = 0;
    Shard shard;                      // as CompareOptions: when active, `runs` holds only its seeds, the rest is empty
    std::vector<OrgChange> org_changes; // as CompareOptions: what the runs changed of the scenario's profiles
    unsigned threads = 1;             // how many workers played
    double wall_seconds = 0;          // how long it took (for a person; not part of the JSON)
    std::vector<RunSummary> runs;     // orgs x seeds, org-major, seeds ascending
    std::vector<std::string> stage_names; // the campaign's stages in order (the text's stage table)
    bool story_per_seed = false;      // the random breach: each seed deals its own campaign (no stage table)
    std::vector<ProfileStats> profiles; // CompareOptions::orgs order
    // With exactly two profiles: profiles[1] minus profiles[0], in CompareFigures() order.
    std::vector<FigureDifference> differences;
    const ProfileStats* Find(OrgProfile org) const;
};

// Of every figure (CompareFigures() order), the runs `b` minus the runs `a`, paired by index (both
// hold one run per seed of the same seeds, ascending), with `pa` and `pb` their ProfileStats: what
// Differences does for two profiles, and whatif for an investment against the baseline.
// `figures`: which figures (whatif adds its own to compare's).
std::vector<FigureDifference> PairedDifferences(std::span<const RunSummary> a, std::span<const RunSummary> b, const ProfileStats& pa,
                                                const ProfileStats& pb, const std::vector<const char*>& figures = CompareFigures());
// The differences of profile b from profile a, per figure (RunCompare fills
// CompareResult::differences with them when there are two profiles).
std::vector<FigureDifference> Differences(const CompareResult& r, size_t a, size_t b);
// One sentence a manager reads in a minute, from the differences of time to contain and total
// cost: "Converged contained the attacker 18:00:00 faster than siloed (median; 95% CI 05:00:00 to
// 1d 08:00:00), better on 63 of 80 seeds that differed (sign test p < 0.001), and ...". When no
// breach began in any run it never speaks of an attacker: with an operations outage it speaks of
// the time to restore ("Converged restored the business 03:10:00 sooner than siloed ..."). "" unless
// two profiles.
std::string CompareHeadline(const CompareResult& r);

// The per-profile figures of `runs` (orgs x seeds, org-major, as CompareResult::runs): runs that
// failed are left out, times are distributed over the runs where they are Measured().
std::vector<ProfileStats> SummariseRuns(const std::vector<RunSummary>& runs, const std::vector<OrgProfile>& orgs, size_t seeds,
                                       const std::vector<const char*>& figures = CompareFigures());
// Whether any run of `profiles` had a breach (an attacker technique succeeded) / an operations outage.
bool AnyBreach(const std::vector<ProfileStats>& profiles);
bool AnyOutage(const std::vector<ProfileStats>& profiles);

// Fills r.profiles and r.differences from r.runs (orgs x the whole seed range, org-major): what
// RunCompare does after playing, and `merge` after joining the shards' runs.
void SummariseCompare(CompareResult& r, const std::vector<OrgProfile>& orgs);

// Plays every (org, seed) with autopilot teams on `threads` workers and summarises them.
// Deterministic: the same options give the same result whatever the thread count.
CompareResult RunCompare(const CompareOptions& options);

// [SECTION] Presenting

// How many runs of `org` completed each stage (index from 0, as RunSummary::stages_reached), counted
// from the runs' stages_reached, the same lists the JSON gives; `runs` gets how many runs of the
// profile loaded (the denominator). As many entries as stage_names, or as the highest index reached.
std::vector<size_t> StageReachCounts(const CompareResult& r, OrgProfile org, size_t* runs);

// Text tables: per figure, each profile's median / p10 / p90 / never, and the differences; the
// never-happened counts; how often the attacker reached each stage (numbered from 1, named), per
// profile, except for the random breach (its stages differ from seed to seed).
std::string FormatCompareText(const CompareResult& r);
// The same as data (docs/reports.md lists the fields); includes every run.
nlohmann::json ToJson(const CompareResult& r);
// A self-contained HTML page: the table and an SVG box-and-whisker chart per figure.
std::string CompareHtml(const CompareResult& r);
// Just the chart of one figure (an <svg> element), for CompareHtml and the report's baseline.
std::string CompareSvg(const CompareResult& r, const std::string& figure, int width = 640);

// [SECTION] Shared HTML helpers (also used by the report: report_parts.h)

// Escapes & < > " ' for HTML text and attributes.
std::string HtmlEscape(const std::string& s);
// The page's inline stylesheet: screen and print (@media print) rules, no external resources.
const char* ReportCss();

} // namespace bd
