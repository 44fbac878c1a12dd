// whatif.h: the manager's question, "which change buys the most?" (docs/reports.md, "whatif").
//
// The scenario is played per seed under a baseline profile (siloed unless asked) and under each
// *investment*: a list of organisation-parameter changes made to the baseline profile only
// (OrgChange, LoadOptions::org_changes). Every arm faces the same attacks (the same seeds), so each
// investment is compared with the baseline seed by seed, as compare compares the profiles: the
// difference of the medians with its bootstrap 95% interval and the exact sign test
// (PairedDifferences, compare_diff.cpp), of time to detect, time to contain and total cost.
//
//   bd::WhatifOptions o;  o.scenario = "ransomware-phish";  o.seed_last = 200;  // DefaultInvestments()
//   bd::WhatifResult r = bd::RunWhatif(o);
//   std::puts(bd::FormatWhatifText(r).c_str());
//
// The ranking rule (kWhatifRankingRule): by the median difference in the attacker's time in the
// network ("attacker_in_network_s": from the attack's start to its containment, time to detect +
// time to contain, in the runs where both are measured; a run never contained counts as longer
// than any contained one), the most negative first; ties broken by time to restore (an outage
// that is not an attack), then time to detect, then total cost, then the order given. A median
// that is "never" on one side ranks as infinitely better or worse. An investment whose interval
// includes zero makes "no clear difference"; one whose runs are all identical to the baseline's
// (the same state hash, seed by seed) "changes nothing".
#pragma once
#include "compare.h"
#include "sweep.h"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace bd {

// [SECTION] Investments

struct Investment {
    std::string id;    // short, unique: "shared-tooling"; never "baseline"
    std::string label; // how people read it: "Shared tooling"
    std::vector<OrgChange> changes; // profile "": made to the baseline profile when played
};

// Shared tooling, faster change approval, EDR on every host, a 48-hour patch SLA, a second SecOps
// analyst, 24/7 staffing (docs/reports.md lists their changes).
const std::vector<Investment>& DefaultInvestments();
// "shared_tools=true, correlate_alerts=true" ("nothing" when there is no change).
std::string ChangesText(const Investment& inv);

// An investments file: [{"id": ..., "label": ..., "change": {PARAM: value, ...}}, ...] (the changes
// are made in the keys' alphabetical order: a JSON object has no order). Every
// problem is "FILE: POINTER: [investments.ID] what", all of them at once; nullopt when there is one.
// Ids: json, not_list, empty, not_object, unknown_key, missing, type, duplicate_id, unknown_param, value.
std::optional<std::vector<Investment>> ParseInvestments(const nlohmann::json& j, const std::string& file, std::vector<std::string>& problems);
std::optional<std::vector<Investment>> ReadInvestments(const std::string& path, std::vector<std::string>& problems);
// --vary PARAM=V1,V2,...: one investment per value, id and label "PARAM=V". nullopt and *error
// when it does not read (an unknown parameter lists the known ones).
std::optional<std::vector<Investment>> VaryInvestments(const std::string& spec, std::string* error);

// [SECTION] Running

inline constexpr const char* kWhatifRankingRule =
    "by the median difference in the attacker's time in the network (from attack start to containment: time to detect + time to "
    "contain, in runs where both are measured; a run never contained counts as longer than any contained one), most negative first; "
    "ties broken by time to restore (outage), then time to detect, then total cost, then the order given";

struct WhatifOptions {
    std::string scenario;
    uint64_t seed_first = 1, seed_last = 50; // inclusive
    OrgProfile baseline = OrgProfile::Siloed;
    int64_t size = 0;
    unsigned threads = 0;                   // 0: the number of cores
    std::vector<OrgChange> org_changes;     // --set: made for every arm, the baseline's too, before an investment's
    std::vector<Investment> investments = DefaultInvestments();
    Shard shard;                            // play only this shard's seeds, and summarise nothing
    std::function<void(size_t done, size_t total)> progress;
};

// What an investment did to a figure, against the baseline.
enum class Effect { Nothing, Better, Worse, Unclear };
// "changes nothing", "better", "worse", "no clear difference".
const char* EffectName(Effect e);

struct InvestmentResult {
    Investment investment;
    ProfileStats stats;                        // its runs' figures (stats.org: the baseline profile)
    std::vector<FigureDifference> differences; // CompareFigures() order: the investment minus the baseline
    bool identical = false;                    // every run the same as the baseline's of its seed
    size_t rank = 0;                           // 1: buys the most (kWhatifRankingRule)
    const FigureDifference* Find(const std::string& figure) const;
    // Better: the interval lies below zero; Worse: above; Unclear: it includes zero; Nothing: identical.
    Effect EffectOn(const std::string& figure) const;
};

struct WhatifResult {
    std::string error;
    std::string scenario, title, currency, content_hash;
    uint64_t seed_first = 0, seed_last = 0;
    Shard shard;
    OrgProfile baseline = OrgProfile::Siloed;
    std::vector<OrgChange> org_changes;
    unsigned threads = 1;
    double wall_seconds = 0;                   // for a person; not in the JSON
    std::vector<RunSummary> runs;              // arms x seeds, arm-major: the baseline, then each investment
    ProfileStats baseline_stats;
    std::vector<InvestmentResult> investments; // in the order given
    std::vector<size_t> ranking;               // indices into `investments`, the one that buys the most first
};

// The figures whatif measures: compare's (CompareFigures) and the attacker's time in the network.
const std::vector<const char*>& WhatifAllFigures();
// The figures whatif shows, in its table's order: the attacker in the network, time to detect,
// time to contain, time to restore (only when some run had an operations outage), total cost.
std::vector<const char*> WhatifFigures(const WhatifResult& r);
// The figure the ranking and the headline lead with: the attacker in the network; when no breach
// began in any run, the time to restore (with an outage) or the total cost.
const char* WhatifLeadFigure(const WhatifResult& r);

// Fills baseline_stats, the investments' stats, differences, identical, rank and ranking from
// r.runs and r.investments[*].investment: what RunWhatif does after playing, and merge.
void SummariseWhatif(WhatifResult& r);
// Plays the baseline and each investment for every seed (of the shard) and summarises them (unless sharded).
WhatifResult RunWhatif(const WhatifOptions& options);
// The partial result of a sharded whatif; options {"baseline", "size", "org_changes", "investments"}.
nlohmann::json WhatifPartial(const WhatifResult& r, const WhatifOptions& o);
// The merged parts of a whatif, summarised: byte for byte what RunWhatif gives unsharded.
WhatifResult WhatifFromParts(const MergedParts& m);

// [SECTION] Presenting (whatif_report.cpp)

// The ranking in one sentence: "Of six investments, shared tooling buys the most: ...; 24/7
// staffing buys the least (no clear difference)."
std::string WhatifHeadline(const WhatifResult& r);
// The ranked table: per investment its changes, medians, differences, intervals and sign tests.
std::string FormatWhatifText(const WhatifResult& r);
// Everything, every run included (docs/reports.md lists the fields).
nlohmann::json ToJson(const WhatifResult& r);
// A self-contained page: the sentence, the table, a chart of the differences per figure.
std::string WhatifHtml(const WhatifResult& r);

} // namespace bd
