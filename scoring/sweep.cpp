// sweep.cpp: arms x seeds played on threads, shards, partial results and their merge (sweep.h;
// docs/sweeps.md).
//
// Index
//   [SECTION] Shards
//   [SECTION] Playing (worker threads)
//   [SECTION] Partial results
//   [SECTION] Merging
#include "sweep.h"
#include "coverage.h"

#include "sim/simulation.h"
#include "world/random_breach.h"
#include "world/scenario.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

namespace bd {

using nlohmann::json;

// [SECTION] Shards

std::optional<Shard> ParseShard(const std::string& text, std::string* error)
{
    auto fail = [&](const std::string& why) -> std::optional<Shard> {
        if (error) *error = "'" + text + "': " + why;
        return std::nullopt;
    };
    const size_t slash = text.find('/');
    if (slash == std::string::npos) return fail("expected K/N, as 2/4");
    auto number = [](const std::string& s, uint64_t& out) {
        if (s.empty() || s.size() > 5) return false;
        out = 0;
        for (char c : s) {
            if (c < '0' || c > '9') return false;
            out = out * 10 + (uint64_t)(c - '0');
        }
        return true;
    };
    Shard s;
    if (!number(text.substr(0, slash), s.k) || !number(text.substr(slash + 1), s.n)) return fail("expected K/N, as 2/4");
    if (s.n < 1 || s.n > 10000) return fail("N must be between 1 and 10000");
    if (s.k < 1 || s.k > s.n) return fail("K must be between 1 and N (shards count from 1; JOB_COMPLETION_INDEX is 0-based: K = index + 1)");
    return s;
}

std::vector<uint64_t> ShardSeeds(uint64_t first, uint64_t last, Shard s)
{
    std::vector<uint64_t> out;
    if (last < first) return out;
    for (uint64_t seed = first;; ++seed) {
        if (!s.Active() || (seed - first) % s.n + 1 == s.k) out.push_back(seed);
        if (seed == last) break;
    }
    return out;
}

// [SECTION] Playing (worker threads)

namespace {

std::string FirstError(const LoadResult& lr)
{
    for (const auto& p : lr.problems)
        if (!p.warning) return p.Format();
    return "the scenario did not load";
}

// One run, start to end, in memory. Touches no shared state: safe on any thread.
// A scenario by reference, or from the text an editor holds (labelled `ref`, its script beside it).
LoadResult SweepLoad(const std::string& ref, const std::string& text, const LoadOptions& options)
{
    return text.empty() ? LoadScenario(ref, options) : LoadScenarioText(text, ref, options);
}

RunSummary PlayOne(const std::string& ref, uint64_t seed, OrgProfile org, int64_t size, const std::vector<OrgChange>& changes,
                   const std::string& text)
{
    RunSummary s;
    s.seed = seed;
    s.org = org;
    try {
        LoadResult lr = SweepLoad(ref, text, LoadOptions{seed, size, changes});
        if (!lr.Ok()) {
            s.error = FirstError(lr);
            return s;
        }
        RunOptions ro;
        ro.seed = seed;
        ro.org = org;
        ro.size = size;
        ro.scenario_ref = ref;
        Simulation sim(std::move(lr.scenario), ro);
        std::string err;
        if (!sim.Start(err)) {
            s.error = err;
            return s;
        }
        sim.RunToEnd();
        const Scorecard c = ComputeScorecard(sim.journal().Records());
        s.time_to_detect_s = c.time_to_detect_s;
        s.time_to_contain_s = c.time_to_contain_s;
        s.time_to_recover_s = c.time_to_recover_s;
        s.time_to_restore_s = c.time_to_restore_s;
        s.foothold_time_s = c.foothold_time_s;
        s.intrusions = c.intrusions;
        s.outage = c.outage_start_s.has_value();
        s.contained = c.contained_at_s.has_value();
        s.outcomes = OutcomesOf(c);
        s.attacker_caused = c.impact.attacker_caused;
        s.self_inflicted = c.impact.self_inflicted;
        s.total = c.impact.total();
        s.end_reason = c.end_reason;
        s.state_hash = c.state_hash;
        for (const auto& t : ComputeCoverage(sim.journal().Records()))
            s.techniques.push_back(RunTechnique{t.technique, t.Detected(), t.outcome == CoverageOutcome::Confirmed});
        // From the run's own end state, not from technique records: a successful hop or a
        // re-entry under a stage's number is not that stage done.
        const auto& outcomes = sim.world().attacker.outcomes;
        for (size_t i = 0; i < outcomes.size(); ++i)
            if (outcomes[i].status == StageStatus::Done) s.stages_reached.push_back((int)i);
        const auto& delivered = sim.injects().status;
        for (size_t i = 0; i < delivered.size(); ++i)
            if (delivered[i].delivered) s.injects_delivered.push_back((int)i);
    } catch (const std::exception& e) {
        s.error = std::string("the run failed: ") + e.what();
    }
    return s;
}

} // namespace

ScenarioInfo CheckArms(const std::string& scenario, int64_t size, uint64_t seed, const std::vector<Arm>& arms, const std::string& text)
{
    ScenarioInfo info;
    for (size_t i = 0; i < arms.size(); ++i) {
        // The first arm's load names the scenario; each further arm only proves its changes load.
        if (i > 0 && arms[i].changes.empty()) continue;
        LoadResult lr = SweepLoad(scenario, text, LoadOptions{seed, size, arms[i].changes});
        if (!lr.Ok()) {
            info.error = FirstError(lr);
            return info;
        }
        if (i == 0) {
            info.id = lr.scenario.id;
            info.title = lr.scenario.title;
            info.currency = lr.scenario.currency;
            info.content_hash = lr.scenario.content_hash;
            for (const auto& st : lr.scenario.campaign.stages) info.stages.push_back(st.name);
            info.story_per_seed = lr.scenario.source == std::string("builtin:") + kRandomScenarioId;
        }
    }
    return info;
}

PlayedRuns PlayArms(const std::string& scenario, int64_t size, const std::vector<Arm>& arms, const std::vector<uint64_t>& seeds,
                    unsigned threads, const std::function<void(size_t, size_t)>& progress, const std::string& text)
{
    PlayedRuns p;
    const size_t per_arm = seeds.size();
    const size_t total = per_arm * arms.size();
    p.runs.resize(total);
    threads = threads ? threads : std::max(1u, std::thread::hardware_concurrency());
    threads = (unsigned)std::max<size_t>(1, std::min<size_t>(threads, total));
    p.threads = threads;

    // Each worker takes the next index; results land at their index, so the order (and every
    // figure) is the same whatever the thread count and timing.
    std::atomic<size_t> next{0};
    std::mutex progress_mutex;
    size_t done = 0;
    auto work = [&] {
        for (;;) {
            const size_t i = next.fetch_add(1);
            if (i >= total) return;
            const Arm& arm = arms[i / per_arm];
            p.runs[i] = PlayOne(scenario, seeds[i % per_arm], arm.org, size, arm.changes, text);
            std::lock_guard<std::mutex> lock(progress_mutex);
            ++done;
            if (progress) progress(done, total);
        }
    };
    const auto start = std::chrono::steady_clock::now();
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
    work();
    for (auto& t : pool) t.join();
    p.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return p;
}

// [SECTION] Partial results

json RunJson(const RunSummary& s)
{
    json j{{"seed", s.seed}, {"org", OrgName(s.org)}};
    if (!s.error.empty()) {
        j["error"] = s.error;
        return j;
    }
    j["time_to_detect_s"] = TimeOrNull(s.time_to_detect_s);
    j["time_to_contain_s"] = TimeOrNull(s.time_to_contain_s);
    j["time_to_recover_s"] = TimeOrNull(s.time_to_recover_s);
    j["time_to_restore_s"] = TimeOrNull(s.time_to_restore_s);
    j["foothold_time_s"] = TimeOrNull(s.foothold_time_s);
    j["intrusions"] = s.intrusions;
    j["outage"] = s.outage;
    j["contained"] = s.contained;
    j["outcomes"] = {{"detected", ReachName(s.outcomes.detected)}, {"contained", ReachName(s.outcomes.contained)},
                     {"recovered", ReachName(s.outcomes.recovered)}};
    // Unrounded: nlohmann writes the shortest text that reads back to the same double.
    j["attacker_caused"] = s.attacker_caused;
    j["self_inflicted"] = s.self_inflicted;
    j["total"] = s.total;
    j["end_reason"] = s.end_reason;
    j["state_hash"] = s.state_hash;
    j["stages_reached"] = s.stages_reached;
    j["injects_delivered"] = s.injects_delivered;
    return j;
}

std::optional<RunSummary> RunFromJson(const json& j, std::string* error)
{
    auto fail = [&](const std::string& why) -> std::optional<RunSummary> {
        if (error) *error = why;
        return std::nullopt;
    };
    if (!j.is_object()) return fail("a run is not an object");
    RunSummary s;
    if (!j.contains("seed") || !j["seed"].is_number_unsigned()) return fail("a run has no seed");
    s.seed = j["seed"].get<uint64_t>();
    const auto org = j.contains("org") && j["org"].is_string() ? ParseOrg(j["org"].get<std::string>()) : std::nullopt;
    if (!org) return fail("run of seed " + std::to_string(s.seed) + ": no org");
    s.org = *org;
    if (j.contains("error")) {
        if (!j["error"].is_string()) return fail("run of seed " + std::to_string(s.seed) + ": error is not text");
        s.error = j["error"].get<std::string>();
        return s;
    }
    const std::string where = "run of seed " + std::to_string(s.seed) + ": ";
    auto time = [&](const char* k, std::optional<ScoreTime>& out) {
        if (!j.contains(k)) return false;
        if (j[k].is_null()) return true;
        if (!j[k].is_number_integer()) return false;
        out = j[k].get<ScoreTime>();
        return true;
    };
    auto number = [&](const char* k, double& out) {
        if (!j.contains(k) || !j[k].is_number()) return false;
        out = j[k].get<double>();
        return true;
    };
    auto text = [&](const char* k, std::string& out) {
        if (!j.contains(k) || !j[k].is_string()) return false;
        out = j[k].get<std::string>();
        return true;
    };
    auto reach = [&](const char* k, Reach& out) {
        const json& o = j.contains("outcomes") ? j["outcomes"] : json();
        if (!o.is_object() || !o.contains(k) || !o[k].is_string()) return false;
        for (Reach r : {Reach::Reached, Reach::Never, Reach::Undetected, Reach::NoBreach})
            if (o[k] == ReachName(r)) {
                out = r;
                return true;
            }
        return false;
    };
    if (!time("time_to_detect_s", s.time_to_detect_s) || !time("time_to_contain_s", s.time_to_contain_s) ||
        !time("time_to_recover_s", s.time_to_recover_s))
        return fail(where + "a time is missing or not whole seconds");
    // The outage fields came later: a part without them had no outage to tell of.
    // The stages reached and injects delivered came later: a part without them reads as none recorded.
    if (j.contains("stages_reached")) {
        const json& st = j["stages_reached"];
        if (!st.is_array() || !std::all_of(st.begin(), st.end(), [](const json& x) { return x.is_number_integer(); }))
            return fail(where + "stages_reached is not a list of stage indexes");
        s.stages_reached = st.get<std::vector<int>>();
    }
    if (j.contains("injects_delivered")) {
        const json& in = j["injects_delivered"];
        if (!in.is_array() || !std::all_of(in.begin(), in.end(), [](const json& x) { return x.is_number_integer(); }))
            return fail(where + "injects_delivered is not a list of inject indexes");
        s.injects_delivered = in.get<std::vector<int>>();
    }
    if (j.contains("outage")) {
        if (!j["outage"].is_boolean() || !time("time_to_restore_s", s.time_to_restore_s))
            return fail(where + "outage is not true or false, or time_to_restore_s not whole seconds");
        s.outage = j["outage"].get<bool>();
    }
    // The attacker's summed time in the network came later still: a part without it did not measure it.
    if (j.contains("foothold_time_s") && !time("foothold_time_s", s.foothold_time_s))
        return fail(where + "foothold_time_s is not whole seconds");
    if (j.contains("intrusions")) {
        if (!j["intrusions"].is_number_integer()) return fail(where + "intrusions is not a whole number");
        s.intrusions = j["intrusions"].get<int64_t>();
    }
    if (!j.contains("contained") || !j["contained"].is_boolean()) return fail(where + "contained is not true or false");
    s.contained = j["contained"].get<bool>();
    if (!reach("detected", s.outcomes.detected) || !reach("contained", s.outcomes.contained) || !reach("recovered", s.outcomes.recovered))
        return fail(where + "outcomes are missing or unknown");
    if (!number("attacker_caused", s.attacker_caused) || !number("self_inflicted", s.self_inflicted) || !number("total", s.total))
        return fail(where + "a cost is missing");
    if (!text("end_reason", s.end_reason) || !text("state_hash", s.state_hash)) return fail(where + "end_reason or state_hash is missing");
    return s;
}

json PartialJson(const std::string& command, const std::string& ref, const ScenarioInfo& info, uint64_t seed_first, uint64_t seed_last,
                 Shard shard, const json& options, size_t arms, const std::vector<RunSummary>& runs)
{
    json j;
    j["format"] = kPartialFormat;
    j["command"] = command;
    j["scenario"] = {{"ref", ref},       {"id", info.id},         {"title", info.title}, {"currency", info.currency}, {"content_hash", info.content_hash},
                     {"stages", info.stages}, {"story_per_seed", info.story_per_seed}};
    j["seeds"] = {{"first", seed_first}, {"last", seed_last}};
    j["shard"] = {{"k", shard.k}, {"n", shard.n}, {"rule", kShardRule}};
    j["options"] = options;
    j["arms"] = arms;
    json rs = json::array();
    for (const auto& r : runs) rs.push_back(RunJson(r));
    j["runs"] = rs;
    return j;
}

// [SECTION] Merging

namespace {

// The part's header fields that every part must share, with the words a mismatch names.
const std::vector<std::pair<const char*, const char*>>& SharedFields()
{
    static const std::vector<std::pair<const char*, const char*>> fields = {
        {"command", "command"}, {"scenario", "scenario"}, {"seeds", "seed range"}, {"options", "options"}, {"arms", "number of arms"}};
    return fields;
}

// "" when `j` has the shape of a partial result, else the problem.
std::string PartShape(const json& j)
{
    if (!j.is_object() || !j.contains("format") || j["format"] != kPartialFormat)
        return std::string("[merge.format] not a partial result (expected \"format\": \"") + kPartialFormat +
               "\", as compare or whatif --shard K/N -o PART.json write)";
    if (!j.contains("command") || (j["command"] != "compare" && j["command"] != "whatif")) return "[merge.format] /command is not compare or whatif";
    const json& s = j.value("seeds", json());
    if (!s.is_object() || !s.value("first", json()).is_number_unsigned() || !s.value("last", json()).is_number_unsigned() ||
        s["last"].get<uint64_t>() < s["first"].get<uint64_t>())
        return "[merge.format] /seeds is not {\"first\", \"last\"} with first <= last";
    const json& sh = j.value("shard", json());
    if (!sh.is_object() || !sh.value("k", json()).is_number_unsigned() || !sh.value("n", json()).is_number_unsigned() ||
        sh["n"].get<uint64_t>() < 1 || sh["k"].get<uint64_t>() < 1 || sh["k"].get<uint64_t>() > sh["n"].get<uint64_t>())
        return "[merge.format] /shard is not {\"k\", \"n\"} with 1 <= k <= n";
    const json& sc = j.value("scenario", json());
    if (!sc.is_object() || !sc.value("ref", json()).is_string() || !sc.value("id", json()).is_string() || !sc.value("title", json()).is_string() ||
        !sc.value("currency", json()).is_string())
        return "[merge.format] /scenario is not {\"ref\", \"id\", \"title\", \"currency\"}";
    if (!j.value("arms", json()).is_number_unsigned() || j["arms"].get<uint64_t>() < 1) return "[merge.format] /arms is not a count";
    if (!j.value("options", json()).is_object()) return "[merge.format] /options is not an object";
    if (!j.value("runs", json()).is_array()) return "[merge.format] /runs is not a list";
    return "";
}

std::string Brief(const json& j)
{
    std::string s = j.dump();
    return s.size() > 120 ? s.substr(0, 117) + "..." : s;
}

} // namespace

MergedParts MergePartials(const std::vector<std::pair<std::string, json>>& parts)
{
    MergedParts m;
    auto fail = [&](const std::string& why) {
        MergedParts e;
        e.error = why;
        return e;
    };
    if (parts.empty()) return fail("[merge.missing_shard] no part to merge");
    for (const auto& [file, j] : parts)
        if (const std::string why = PartShape(j); !why.empty()) return fail(why.substr(0, why.find(']') + 1) + " " + file + ":" + why.substr(why.find(']') + 1));
    const auto& [first_file, first] = parts.front();
    for (const auto& [file, j] : parts)
        for (const auto& [key, words] : SharedFields())
            if (j[key] != first[key])
                return fail(std::string("[merge.mismatch] ") + file + ": its " + words + " " + Brief(j[key]) + " differs from " + first_file +
                            "'s " + Brief(first[key]) + ": the parts are not of one sweep");
    const uint64_t n = first["shard"]["n"].get<uint64_t>();
    for (const auto& [file, j] : parts)
        if (j["shard"]["n"].get<uint64_t>() != n)
            return fail("[merge.mismatch] " + file + ": it is a shard of " + std::to_string(j["shard"]["n"].get<uint64_t>()) + ", " + first_file +
                        " of " + std::to_string(n));
    std::vector<const std::pair<std::string, json>*> by_shard(n, nullptr);
    for (const auto& part : parts) {
        const uint64_t k = part.second["shard"]["k"].get<uint64_t>();
        if (by_shard[k - 1])
            return fail("[merge.duplicate_shard] " + part.first + ": shard " + std::to_string(k) + "/" + std::to_string(n) + " is also " +
                        by_shard[k - 1]->first + ": give each shard once");
        by_shard[k - 1] = &part;
    }
    std::string missing;
    for (uint64_t k = 1; k <= n; ++k)
        if (!by_shard[k - 1]) missing += (missing.empty() ? "" : ", ") + std::to_string(k) + "/" + std::to_string(n);
    if (!missing.empty()) return fail("[merge.missing_shard] shard " + missing + " missing: " + std::to_string(parts.size()) + " of " + std::to_string(n) + " parts given");

    m.command = first["command"].get<std::string>();
    const json& sc = first["scenario"];
    m.ref = sc["ref"].get<std::string>();
    m.scenario.id = sc["id"].get<std::string>();
    m.scenario.title = sc["title"].get<std::string>();
    m.scenario.currency = sc["currency"].get<std::string>();
    m.scenario.content_hash = sc.value("content_hash", "");
    // The stage names came later: a part without them shows the stages by number only.
    if (sc.contains("stages") && sc["stages"].is_array())
        for (const auto& n : sc["stages"]) m.scenario.stages.push_back(n.is_string() ? n.get<std::string>() : std::string());
    m.scenario.story_per_seed = sc.contains("story_per_seed") && sc["story_per_seed"].is_boolean() && sc["story_per_seed"].get<bool>();
    m.seed_first = first["seeds"]["first"].get<uint64_t>();
    m.seed_last = first["seeds"]["last"].get<uint64_t>();
    m.options = first["options"];
    const size_t arms = first["arms"].get<size_t>();
    const size_t seeds = (size_t)(m.seed_last - m.seed_first + 1);
    m.runs.resize(arms * seeds);
    for (uint64_t k = 1; k <= n; ++k) {
        const auto& [file, j] = *by_shard[k - 1];
        const std::vector<uint64_t> mine = ShardSeeds(m.seed_first, m.seed_last, Shard{k, n});
        const json& runs = j["runs"];
        if (runs.size() != arms * mine.size())
            return fail("[merge.runs] " + file + ": /runs holds " + std::to_string(runs.size()) + " runs, shard " + std::to_string(k) + "/" +
                        std::to_string(n) + " has " + std::to_string(arms * mine.size()) + " (" + std::to_string(arms) + " arms x " +
                        std::to_string(mine.size()) + " seeds)");
        for (size_t i = 0; i < runs.size(); ++i) {
            std::string why;
            auto run = RunFromJson(runs[i], &why);
            const std::string at = "[merge.runs] " + file + ": /runs/" + std::to_string(i) + ": ";
            if (!run) return fail(at + why);
            if (run->seed != mine[i % mine.size()])
                return fail(at + "seed " + std::to_string(run->seed) + " where shard " + std::to_string(k) + "/" + std::to_string(n) + " plays seed " +
                            std::to_string(mine[i % mine.size()]));
            m.runs[(i / mine.size()) * seeds + (size_t)(run->seed - m.seed_first)] = std::move(*run);
        }
    }
    return m;
}

} // namespace bd
