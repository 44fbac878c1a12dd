// sweeps.cpp: `breachdrill whatif` (which change buys the most) and `breachdrill merge` (the
// shards of a compare or whatif joined into its unsharded output). The logic lives in scoring/
// (whatif.h, sweep.h); this file parses options, reads files and writes the output.
//
// Index
//   [SECTION] Help texts
//   [SECTION] whatif
//   [SECTION] merge
#include "analysis.h"

#include "sweep.h"
#include "whatif.h"

#include <spdlog/spdlog.h>

#include <cstdio>
#include <fstream>
#include <sstream>

namespace bd::cli {

using nlohmann::json;

// [SECTION] Help texts

const char* const kWhatifHelp = R"(Usage: breachdrill whatif SCENARIO [--seeds A..B] [--org siloed|converged] [options]

Which change buys the most? Plays the scenario once per seed under the baseline profile (siloed
unless --org names another) and under each investment: a list of organisation-parameter changes
made to the baseline profile only. The defaults: shared tooling (shared_tools, correlate_alerts,
symptoms_to_secops, shared_inventory), faster change approval (change_approval_s=1800,
handoff_factor=0.4), EDR on every host, a 48-hour patch SLA (patch_within_s=172800), a second
SecOps analyst (secops_analysts=2), 24/7 staffing (staffed_24x7). Every arm faces the same
attacks (the same seeds), played by autopilot ITOps and SecOps teams in memory.

It prints one sentence, then the investments ranked by the median difference from the baseline
in the attacker's time in the network (from attack start to containment: time to detect + time to
contain, in runs where both are measured; a run never contained counts as longer than any
contained one), the most negative first, ties broken by time to restore (an outage that is not
an attack), then time to detect, then total cost, then the order given: per investment its
changes, its medians of the attacker's time in the network, time to detect, time to contain,
time to restore (when a run had an operations outage) and total cost, and each
difference from the baseline (the investment minus the baseline, seed by seed; negative is
better) with its bootstrap 95% interval and the exact sign test. An interval that includes zero
is "no clear difference"; an investment whose runs are all the baseline's "changes nothing".
Results are the same whatever --threads is (docs/reports.md, "whatif").

Options:
  --seeds A..B             the seeds, inclusive (default 1..50); a single N means 1..N
  --org PROFILE            the baseline profile: siloed (default) or converged
  --investments FILE       the investments to play instead of the defaults, a JSON list:
                           [{"id": "soc-hire", "label": "Two more analysts", "change": {"secops_analysts": 3}}]
  --vary PARAM=V1,V2,...   instead, sweep one parameter: one investment per value, named PARAM=V
  --set LIST               change organisation parameters for every run, the baseline's too
                           (as compare --set: converged.correlate_alerts=false, patch_within_s=172800)
  --size N                 generate the estate at about N hosts (default: the scenario's own size)
  --threads N              worker threads (default: the number of cores)
  --json                   print everything, every run included, as one JSON object
  -o FILE                  also write a self-contained HTML page: the sentence, the table, a chart
                           of the differences per figure
  --shard K/N              play only shard K of N of the seeds and write a partial result to
                           -o PART.json (required); `breachdrill merge` joins the parts into exactly
                           the unsharded output (docs/sweeps.md)

The parameters are docs/authoring.md's section 10; what they model is docs/model.md.
A progress bar with the time left goes to stderr when it is a terminal (plain lines with -v).
)";

const char* const kMergeHelp = R"(Usage: breachdrill merge PART.json... [--json] [-o FILE]

Joins the partial results of a sharded compare or whatif (each written by `--shard K/N -o
PART.json`) and prints what the command prints unsharded, byte for byte: the text, or the JSON
with --json, and the HTML page with -o. The statistics are computed here, from every run.

The parts must belong together: the same command, scenario (and its content), seed range,
options and shard count, and every shard exactly once. Otherwise nothing is printed and the
error names the file: [merge.format] not a partial result, [merge.mismatch] a part of another
sweep, [merge.duplicate_shard] a shard given twice, [merge.missing_shard] a shard missing,
[merge.runs] a part's runs are not its shard's seeds (exit 1).

Options:
  --json                   print the merged result as JSON (as compare/whatif --json)
  -o FILE                  also write the HTML page (as compare/whatif -o)

docs/sweeps.md runs the shards as a Kubernetes Indexed Job and as a Slurm job array.
)";

namespace {

int PrintWhatif(const WhatifResult& r, const Options& options)
{
    const size_t seeds = (size_t)(r.seed_last - r.seed_first + 1);
    for (size_t i = 0; i < r.runs.size(); ++i)
        if (!r.runs[i].error.empty())
            spdlog::warn("seed {} ({}): {}", r.runs[i].seed, i < seeds ? std::string("baseline") : r.investments[i / seeds - 1].investment.id,
                         r.runs[i].error);
    if (Has(options, "--json")) std::printf("%s\n", ToJson(r).dump(2).c_str());
    else std::printf("%s", FormatWhatifText(r).c_str());
    if (Has(options, "-o")) {
        const std::string path = Get(options, "-o");
        if (const std::string why = WriteFile(path, WhatifHtml(r)); !why.empty()) {
            spdlog::error("{}: cannot write the HTML page: {}", path, why);
            return 1;
        }
        spdlog::info("HTML page written to {}", path);
    }
    return 0;
}

} // namespace

// [SECTION] whatif

int Whatif(const Positional& positional, const Options& options)
{
    if (positional.size() != 1) return UsageError("name one SCENARIO", kWhatifHelp);
    WhatifOptions wo;
    wo.scenario = positional[0];
    if (const auto rc = ParseSeedsOption(options, kWhatifHelp, wo.seed_first, wo.seed_last)) return *rc;
    if (const auto rc = ParseShardOption(options, kWhatifHelp, wo.shard)) return *rc;
    if (Has(options, "--org")) {
        const auto org = ParseOrg(Get(options, "--org"));
        if (!org) return UsageError("--org: '" + Get(options, "--org") + "' is not siloed or converged (whatif has one baseline)", kWhatifHelp);
        wo.baseline = *org;
    }
    if (const auto rc = ParseRunOptions(options, kWhatifHelp, wo.threads, wo.size, wo.org_changes)) return *rc;
    if (Has(options, "--vary") && Has(options, "--investments"))
        return UsageError("--vary and --investments both name the investments: give one", kWhatifHelp);
    if (Has(options, "--vary")) {
        std::string why;
        const auto v = VaryInvestments(Get(options, "--vary"), &why);
        if (!v) return UsageError("--vary " + why, kWhatifHelp);
        wo.investments = *v;
    }
    if (Has(options, "--investments")) {
        std::vector<std::string> problems;
        const auto v = ReadInvestments(Get(options, "--investments"), problems);
        if (!v) {
            for (const auto& p : problems) std::fprintf(stderr, "%s\n", p.c_str());
            spdlog::error("{}: {} problem(s); nothing was run", Get(options, "--investments"), problems.size());
            return 1;
        }
        wo.investments = *v;
    }
    if (const auto rc = CheckOutputOption(options, Get(options, "--investments"), kWhatifHelp,
                                          wo.shard.Active() ? "the partial result" : "the HTML page", " (nothing was run)", "the investments file"))
        return *rc;
    wo.progress = ProgressOnStderr();
    const WhatifResult r = RunWhatif(wo);
    if (!r.error.empty()) {
        spdlog::error("{}", r.error);
        return 1;
    }
    spdlog::info("{} runs on {} thread(s) in {:.2f} s ({:.0f} runs/s)", r.runs.size(), r.threads, r.wall_seconds,
                 r.wall_seconds > 0 ? (double)r.runs.size() / r.wall_seconds : 0.0);
    if (wo.shard.Active()) return *WritePartial(options, WhatifPartial(r, wo), r.runs.size(), wo.shard);
    return PrintWhatif(r, options);
}

// [SECTION] merge

int Merge(const Positional& positional, const Options& options)
{
    if (positional.empty()) return UsageError("name the PART.json files to merge", kMergeHelp);
    for (const auto& part : positional)
        if (const auto rc = CheckOutputOption(options, part, kMergeHelp, "the HTML page", " (nothing was merged)", "a part being merged")) return *rc;
    std::vector<std::pair<std::string, json>> parts;
    for (const auto& path : positional) {
        std::ifstream f(path, std::ios::binary);
        if (!f) {
            spdlog::error("[merge.format] {}: cannot be read", path);
            return 1;
        }
        std::ostringstream text;
        text << f.rdbuf();
        json j = json::parse(text.str(), nullptr, false);
        if (j.is_discarded()) {
            spdlog::error("[merge.format] {}: not valid JSON (a partial result is what --shard K/N -o PART.json writes)", path);
            return 1;
        }
        parts.emplace_back(path, std::move(j));
    }
    const MergedParts m = MergePartials(parts);
    if (!m.error.empty()) {
        spdlog::error("{}", m.error);
        return 1;
    }
    spdlog::info("{} parts of a {} of {}, seeds {}..{}: {} runs", parts.size(), m.command, m.scenario.id, m.seed_first, m.seed_last, m.runs.size());
    if (m.command == "whatif") {
        const WhatifResult r = WhatifFromParts(m);
        if (!r.error.empty()) {
            spdlog::error("{}", r.error);
            return 1;
        }
        return PrintWhatif(r, options);
    }
    const CompareResult r = CompareFromParts(m);
    if (!r.error.empty()) {
        spdlog::error("{}", r.error);
        return 1;
    }
    return PrintCompare(r, options);
}

} // namespace bd::cli
