// compare.cpp: many autopilot runs per organisation profile, their distributions, and the
// text, JSON and HTML forms of the comparison (see compare.h; docs/reports.md explains the figures).
//
// Index
//   [SECTION] Statistics
//   [SECTION] Running (worker threads)
//   [SECTION] Text
//   [SECTION] JSON
// The HTML page and its charts are in compare_html.cpp, the differences between two profiles
// (bootstrap intervals, sign test, the headline) in compare_diff.cpp.
#include "compare.h"
#include "compare_parts.h"
#include "sweep.h"

#include "world/scenario.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iterator>
#include <mutex>
#include <sstream>
#include <thread>

namespace bd {

using nlohmann::json;
using namespace compare_parts;

// [SECTION] Statistics


std::optional<double> NearestRank(const std::vector<std::optional<double>>& ascending, double p)
{
    if (ascending.empty()) return std::nullopt;
    const double n = (double)ascending.size();
    size_t rank = (size_t)std::ceil(p / 100.0 * n - 1e-9);
    rank = std::clamp<size_t>(rank, 1, ascending.size());
    return ascending[rank - 1];
}

Distribution Distribute(std::vector<std::optional<double>> values)
{
    Distribution d;
    std::stable_sort(values.begin(), values.end(), NeverLast);
    d.runs = values.size();
    for (const auto& v : values)
        if (!v) ++d.never;
    if (!values.empty()) {
        d.min = values.front();
        d.p10 = NearestRank(values, 10);
        d.p25 = NearestRank(values, 25);
        d.median = NearestRank(values, 50);
        d.p75 = NearestRank(values, 75);
        d.p90 = NearestRank(values, 90);
        d.max = values.back();
    }
    d.values = std::move(values);
    return d;
}

std::optional<double> PercentBeaten(std::optional<double> mine, const std::vector<std::optional<double>>& others)
{
    if (others.empty()) return std::nullopt;
    if (!mine) return 0.0;
    size_t beaten = 0;
    for (const auto& o : others)
        if (!o || *o > *mine) ++beaten;
    return 100.0 * (double)beaten / (double)others.size();
}

const std::vector<const char*>& CompareFigures()
{
    static const std::vector<const char*> figures = {"time_to_detect_s", "time_to_contain_s", "time_to_recover_s", "foothold_time_s",
                                                     "time_to_restore_s", "attacker_caused", "self_inflicted", "total"};
    return figures;
}

uint64_t FigureSalt(const std::string& f)
{
    // The first six in the order they were added, so their intervals stay what they were.
    static const char* order[] = {"time_to_detect_s", "time_to_contain_s", "time_to_recover_s", "attacker_caused",
                                  "self_inflicted", "total", "time_to_restore_s", "attacker_in_network_s", "foothold_time_s"};
    for (size_t i = 0; i < std::size(order); ++i)
        if (f == order[i]) return i + 1;
    return std::size(order) + 1;
}

std::optional<double> FigureOf(const RunSummary& run, const std::string& f)
{
    auto opt = [](const std::optional<ScoreTime>& t) { return t ? std::optional<double>((double)*t) : std::nullopt; };
    if (f == "time_to_detect_s") return opt(run.time_to_detect_s);
    if (f == "time_to_contain_s") return opt(run.time_to_contain_s);
    if (f == "time_to_recover_s") return opt(run.time_to_recover_s);
    if (f == "time_to_restore_s") return opt(run.time_to_restore_s);
    if (f == "foothold_time_s") return opt(run.foothold_time_s);
    if (f == "attacker_in_network_s") // attack start to containment: both parts measured, else never
        return run.time_to_detect_s && run.time_to_contain_s ? std::optional<double>((double)(*run.time_to_detect_s + *run.time_to_contain_s))
                                                             : std::nullopt;
    if (f == "attacker_caused") return run.attacker_caused;
    if (f == "self_inflicted") return run.self_inflicted;
    if (f == "total") return run.total;
    return std::nullopt;
}

bool Measured(const RunSummary& run, const std::string& f)
{
    if (f == "time_to_restore_s") return run.outage;
    if (f == "foothold_time_s") return run.outcomes.detected != Reach::NoBreach; // every run with an attack
    const Reach* reach = f == "time_to_detect_s" ? &run.outcomes.detected : f == "time_to_contain_s" ? &run.outcomes.contained
                         : f == "time_to_recover_s" ? &run.outcomes.recovered
                         : f == "attacker_in_network_s" ? &run.outcomes.contained : nullptr;
    return !reach || *reach == Reach::Reached || *reach == Reach::Never;
}

const char* FigureLabel(const std::string& f)
{
    if (f == "time_to_detect_s") return "Time to detect";
    if (f == "time_to_contain_s") return "Time to contain";
    if (f == "time_to_recover_s") return "Time to recover";
    if (f == "time_to_restore_s") return "Time to restore (outage)";
    if (f == "attacker_in_network_s") return "Attacker in the network";
    if (f == "foothold_time_s") return "Attacker in the network, summed";
    if (f == "attacker_caused") return "Impact caused by the attacker";
    if (f == "self_inflicted") return "Impact self-inflicted";
    if (f == "total") return "Impact, total downtime cost";
    return "?";
}

bool FigureIsTime(const std::string& f) { return f.size() > 2 && f.compare(f.size() - 2, 2, "_s") == 0; }

const Distribution* ProfileStats::Find(const std::string& figure) const
{
    for (const auto& [name, d] : figures)
        if (name == figure) return &d;
    return nullptr;
}

const ProfileStats* CompareResult::Find(OrgProfile org) const
{
    for (const auto& p : profiles)
        if (p.org == org) return &p;
    return nullptr;
}

// [SECTION] Running (worker threads: sweep.cpp)

bool AnyBreach(const std::vector<ProfileStats>& profiles)
{
    return std::any_of(profiles.begin(), profiles.end(), [](const ProfileStats& p) { return p.runs > p.no_breach; });
}

bool AnyOutage(const std::vector<ProfileStats>& profiles)
{
    return std::any_of(profiles.begin(), profiles.end(), [](const ProfileStats& p) { return p.outage > 0; });
}

std::vector<ProfileStats> SummariseRuns(const std::vector<RunSummary>& runs, const std::vector<OrgProfile>& orgs, size_t seeds,
                                       const std::vector<const char*>& figures)
{
    std::vector<ProfileStats> out;
    for (size_t k = 0; k < orgs.size(); ++k) {
        ProfileStats ps;
        ps.org = orgs[k];
        std::vector<const RunSummary*> ok;
        for (size_t i = k * seeds; i < (k + 1) * seeds; ++i) {
            if (!runs[i].error.empty()) { ++ps.failed; continue; }
            ok.push_back(&runs[i]);
        }
        ps.runs = ok.size();
        for (const RunSummary* run : ok) {
            const Outcomes& oc = run->outcomes;
            ps.never_detected += oc.detected == Reach::Never;
            ps.never_contained += oc.contained == Reach::Never;
            ps.never_recovered += oc.recovered == Reach::Never;
            ps.no_breach += oc.detected == Reach::NoBreach;
            ps.contained_undetected += oc.contained == Reach::Undetected;
            ps.recovered_undetected += oc.recovered == Reach::Undetected;
            ps.outage += run->outage;
            ps.never_restored += run->outage && !run->time_to_restore_s;
        }
        for (const char* f : figures) {
            std::vector<std::optional<double>> values;
            for (const RunSummary* run : ok)
                if (Measured(*run, f)) values.push_back(FigureOf(*run, f));
            ps.figures.emplace_back(f, Distribute(std::move(values)));
        }
        out.push_back(std::move(ps));
    }
    return out;
}

std::optional<OrgChange> ParseOrgChange(const std::string& text, std::string* error)
{
    const size_t eq = text.find('=');
    auto fail = [&](const std::string& why) -> std::optional<OrgChange> {
        if (error) *error = "'" + text + "': " + why;
        return std::nullopt;
    };
    if (eq == std::string::npos || eq + 1 == text.size()) return fail("expected PARAM=VALUE or PROFILE.PARAM=VALUE");
    OrgChange c;
    std::string name = text.substr(0, eq);
    c.value = text.substr(eq + 1);
    if (const size_t dot = name.find('.'); dot != std::string::npos) {
        c.profile = name.substr(0, dot);
        name = name.substr(dot + 1);
        if (!ParseOrg(c.profile)) return fail("'" + c.profile + "' is not siloed or converged");
    }
    c.key = name;
    const auto& keys = OrgParamKeys();
    if (std::find_if(keys.begin(), keys.end(), [&](const char* k) { return name == k; }) == keys.end()) {
        std::string known;
        for (const char* k : keys) known += (known.empty() ? "" : ", ") + std::string(k);
        return fail("unknown parameter '" + name + "' (known: " + known + ")");
    }
    return c;
}

std::string OrgChangeText(const OrgChange& c) { return (c.profile.empty() ? "" : c.profile + ".") + c.key + "=" + c.value; }

namespace {

std::vector<Arm> CompareArms(const CompareOptions& o)
{
    std::vector<Arm> arms;
    for (OrgProfile org : o.orgs) arms.push_back(Arm{org, o.org_changes});
    return arms;
}

} // namespace

void SummariseCompare(CompareResult& r, const std::vector<OrgProfile>& orgs)
{
    const size_t seeds = (size_t)(r.seed_last - r.seed_first + 1);
    r.profiles = SummariseRuns(r.runs, orgs, seeds);
    if (r.profiles.size() == 2) r.differences = Differences(r, 0, 1);
}

CompareResult RunCompare(const CompareOptions& o)
{
    CompareResult r;
    r.seed_first = o.seed_first;
    r.seed_last = o.seed_last;
    r.org_changes = o.org_changes;
    r.shard = o.shard;
    if (o.seed_last < o.seed_first) {
        r.error = "the seed range is empty";
        return r;
    }
    if (o.orgs.empty()) {
        r.error = "no organisation profile to compare";
        return r;
    }
    if (o.seed_last - o.seed_first >= 1'000'000) {
        r.error = "at most 1,000,000 seeds";
        return r;
    }
    // Loaded once up front: a scenario that does not load stops here with its reason.
    const std::vector<Arm> arms = CompareArms(o);
    const ScenarioInfo info = CheckArms(o.scenario, o.size, o.seed_first, {arms.front()}, o.scenario_text);
    if (!info.error.empty()) {
        r.error = info.error;
        return r;
    }
    r.scenario = info.id;
    r.title = info.title;
    r.currency = info.currency;
    r.content_hash = info.content_hash;
    r.stage_names = info.stages;
    r.story_per_seed = info.story_per_seed;
    PlayedRuns p = PlayArms(o.scenario, o.size, arms, ShardSeeds(o.seed_first, o.seed_last, o.shard), o.threads, o.progress, o.scenario_text);
    r.runs = std::move(p.runs);
    r.threads = p.threads;
    r.wall_seconds = p.wall_seconds;
    // A shard's runs are summarised only once merged with the others (MergePartials).
    if (!o.shard.Active()) SummariseCompare(r, o.orgs);
    return r;
}

json ComparePartial(const CompareResult& r, const CompareOptions& o)
{
    json orgs = json::array();
    for (OrgProfile org : o.orgs) orgs.push_back(OrgName(org));
    json changes = json::array();
    for (const auto& c : o.org_changes) changes.push_back(OrgChangeText(c));
    const json options{{"orgs", orgs}, {"size", o.size}, {"org_changes", changes}};
    ScenarioInfo info;
    info.id = r.scenario;
    info.title = r.title;
    info.currency = r.currency;
    info.content_hash = r.content_hash;
    info.stages = r.stage_names;
    info.story_per_seed = r.story_per_seed;
    return PartialJson("compare", o.scenario, info, r.seed_first, r.seed_last, r.shard, options, o.orgs.size(), r.runs);
}

CompareResult CompareFromParts(const MergedParts& m)
{
    CompareResult r;
    auto fail = [&](const std::string& why) {
        CompareResult e;
        e.error = why;
        return e;
    };
    if (!m.error.empty()) return fail(m.error);
    if (m.command != "compare") return fail("[merge.mismatch] the parts are of " + m.command + ", not compare");
    std::vector<OrgProfile> orgs;
    for (const auto& o : m.options.value("orgs", json::array())) {
        const auto org = o.is_string() ? ParseOrg(o.get<std::string>()) : std::nullopt;
        if (!org) return fail("[merge.format] /options/orgs: " + o.dump() + " is not siloed or converged");
        orgs.push_back(*org);
    }
    for (const auto& c : m.options.value("org_changes", json::array())) {
        std::string why;
        const auto change = c.is_string() ? ParseOrgChange(c.get<std::string>(), &why) : std::nullopt;
        if (!change) return fail("[merge.format] /options/org_changes: " + (why.empty() ? c.dump() : why));
        r.org_changes.push_back(*change);
    }
    if (orgs.empty() || m.runs.size() != orgs.size() * (size_t)(m.seed_last - m.seed_first + 1))
        return fail("[merge.format] /options/orgs does not match the runs");
    r.scenario = m.scenario.id;
    r.title = m.scenario.title;
    r.currency = m.scenario.currency;
    r.content_hash = m.scenario.content_hash;
    r.stage_names = m.scenario.stages;
    r.story_per_seed = m.scenario.story_per_seed;
    r.seed_first = m.seed_first;
    r.seed_last = m.seed_last;
    r.runs = m.runs;
    SummariseCompare(r, orgs);
    return r;
}

// [SECTION] Text

namespace {

std::string Fraction(size_t k, size_t n) { return std::to_string(k) + "/" + std::to_string(n); }

} // namespace

std::vector<size_t> StageReachCounts(const CompareResult& r, OrgProfile org, size_t* runs)
{
    std::vector<size_t> counts(r.stage_names.size(), 0);
    size_t n = 0;
    for (const auto& run : r.runs) {
        if (run.org != org || !run.error.empty()) continue;
        ++n;
        for (int st : run.stages_reached) {
            if (st < 0) continue;
            if ((size_t)st >= counts.size()) counts.resize((size_t)st + 1, 0);
            ++counts[(size_t)st];
        }
    }
    if (runs) *runs = n;
    return counts;
}

namespace {

// "HOW OFTEN THE ATTACKER REACHED EACH STAGE": per stage (from 1, named), per profile, the runs
// that completed it out of the runs that loaded.
void CompareStageTable(std::ostringstream& o, const CompareResult& r)
{
    if (r.story_per_seed) {
        o << "\nStages reached: not shown for the random breach: each seed deals its own campaign, so a stage's\n"
             "  number names a different stage in each run (--json lists each run's stages_reached).\n";
        return;
    }
    std::vector<std::vector<size_t>> counts;
    std::vector<size_t> runs;
    size_t stages = r.stage_names.size();
    for (const auto& p : r.profiles) {
        size_t n = 0;
        counts.push_back(StageReachCounts(r, p.org, &n));
        runs.push_back(n);
        stages = std::max(stages, counts.back().size());
    }
    if (stages == 0) return;
    o << "\nHOW OFTEN THE ATTACKER REACHED EACH STAGE (completed it: its effect happened; runs out of runs)\n";
    o << "  " << PadRight("stage", 56);
    for (size_t k = 0; k < r.profiles.size(); ++k) o << (k + 1 < r.profiles.size() ? PadRight(OrgName(r.profiles[k].org), 14) : OrgName(r.profiles[k].org));
    o << "\n";
    for (size_t i = 0; i < stages; ++i) {
        std::string name = std::to_string(i + 1) + ". " + (i < r.stage_names.size() ? r.stage_names[i] : std::string("(name not recorded)"));
        if (name.size() > 54) name = name.substr(0, 53) + "~";
        o << "  " << PadRight(name, 56);
        for (size_t k = 0; k < counts.size(); ++k) {
            const std::string cell = Fraction(i < counts[k].size() ? counts[k][i] : 0, runs[k]);
            o << (k + 1 < counts.size() ? PadRight(cell, 14) : cell);
        }
        o << "\n";
    }
}

} // namespace

std::string FormatCompareText(const CompareResult& r)
{
    std::ostringstream o;
    if (!r.error.empty()) {
        o << "compare failed: " << r.error << "\n";
        return o.str();
    }
    const size_t seeds = (size_t)(r.seed_last - r.seed_first + 1);
    o << "BREACHDRILL COMPARE  " << r.scenario << ": " << r.title << "\n";
    o << "  " << seeds << " seeds (" << r.seed_first << ".." << r.seed_last << ") per profile, autopilot ITOps and SecOps; "
      << r.runs.size() << " runs\n";
    if (!r.org_changes.empty()) {
        o << "  The scenario's profiles changed for every run:";
        for (const auto& c : r.org_changes) o << " " << OrgChangeText(c);
        o << "\n";
    }
    o << "  Percentiles by nearest rank over all runs; a run where the moment never came counts as slower than any.\n";
    for (const auto& p : r.profiles)
        if (p.failed) o << "  " << OrgName(p.org) << ": " << p.failed << " run(s) failed to load and are left out\n";
    if (const std::string headline = CompareHeadline(r); !headline.empty()) o << "\n  " << headline << "\n";
    size_t fi = 0;
    for (const char* f : CompareFigures()) {
        const std::string fig = f;
        o << "\n" << PadRight(FigureLabel(fig), 34) << PadRight("median", 16) << PadRight("p10", 16) << PadRight("p90", 16) << "never\n";
        bool measured = false;
        for (const auto& p : r.profiles) {
            const Distribution* d = p.Find(fig);
            measured = measured || d->runs > 0;
            if (d->runs == 0) {
                o << "  " << PadRight(OrgName(p.org), 32) << "- (" << NotMeasuredWhy(fig, p) << ")\n";
                continue;
            }
            o << "  " << PadRight(OrgName(p.org), 32) << PadRight(FormatValue(fig, d->median, r.currency), 16)
              << PadRight(FormatValue(fig, d->p10, r.currency), 16) << PadRight(FormatValue(fig, d->p90, r.currency), 16)
              << Fraction(d->never, d->runs) << "\n";
        }
        if (r.profiles.size() == 2 && measured) {
            const Distribution* a = r.profiles[0].Find(fig);
            const Distribution* b = r.profiles[1].Find(fig);
            const std::string label = std::string("difference (") + OrgName(r.profiles[1].org) + " - " + OrgName(r.profiles[0].org) + ")";
            o << "  " << PadRight(label, 32) << PadRight(FormatDiff(fig, a->median, b->median, r.currency), 16)
              << PadRight(FormatDiff(fig, a->p10, b->p10, r.currency), 16) << PadRight(FormatDiff(fig, a->p90, b->p90, r.currency), 16)
              << ((long long)b->never - (long long)a->never > 0 ? "+" : "") << (long long)b->never - (long long)a->never << "\n";
            if (fi < r.differences.size()) {
                const FigureDifference& d = r.differences[fi];
                o << "  median difference 95% CI (bootstrap): " << FormatInterval(d, r.currency) << "\n";
                o << "  seed by seed: " << OrgName(r.profiles[1].org) << " lower in " << d.lower << ", higher in " << d.higher
                  << ", equal in " << d.equal << " (sign test " << FormatP(d.sign_p) << ")"
                  << (d.not_comparable ? ", not comparable in " + std::to_string(d.not_comparable) : std::string()) << "\n";
            }
        }
        ++fi;
    }
    if (AnyBreach(r.profiles)) o << "\nNEVER HAPPENED               detected       contained      recovered\n";
    else o << "\nNo breach began in any run: nothing to detect, contain or recover from.\n";
    for (const auto& p : r.profiles) {
        if (!AnyBreach(r.profiles)) break;
        const size_t breached = p.runs - p.no_breach;
        o << "  " << PadRight(OrgName(p.org), 27) << PadRight("never " + Fraction(p.never_detected, breached), 15)
          << PadRight("never " + Fraction(p.never_contained, breached - p.contained_undetected), 15) << "never "
          << Fraction(p.never_recovered, breached - p.recovered_undetected) << "\n";
        if (p.no_breach || p.contained_undetected || p.recovered_undetected)
            o << "    not counted: " << p.no_breach << " run(s) where the breach never began; " << p.contained_undetected
              << " contained and " << p.recovered_undetected << " recovered without being detected\n";
    }
    if (AnyOutage(r.profiles)) {
        o << "\nOUTAGE NOT RESTORED          (runs where an operations event took a host or service down)\n";
        for (const auto& p : r.profiles)
            o << "  " << PadRight(OrgName(p.org), 27) << "never restored " << Fraction(p.never_restored, p.outage) << "\n";
    }
    CompareStageTable(o, r);
    return o.str();
}

// [SECTION] JSON

namespace compare_parts {

json OptNum(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

json DistJson(const Distribution& d)
{
    return json{{"runs", d.runs}, {"never", d.never}, {"min", OptNum(d.min)}, {"p10", OptNum(d.p10)}, {"p25", OptNum(d.p25)},
                {"median", OptNum(d.median)}, {"p75", OptNum(d.p75)}, {"p90", OptNum(d.p90)}, {"max", OptNum(d.max)}};
}

json ProfileJson(const ProfileStats& p)
{
    json pj{{"org", OrgName(p.org)}, {"runs", p.runs}, {"failed", p.failed}, {"never_detected", p.never_detected},
            {"never_contained", p.never_contained}, {"never_recovered", p.never_recovered}, {"no_breach", p.no_breach},
            {"contained_undetected", p.contained_undetected}, {"recovered_undetected", p.recovered_undetected},
            {"outage", p.outage}, {"never_restored", p.never_restored}};
    json figs = json::object();
    for (const auto& [name, d] : p.figures) figs[name] = DistJson(d);
    pj["figures"] = figs;
    return pj;
}

json DifferenceJson(const FigureDifference& d, const Distribution& a, const Distribution& b)
{
    auto dd = [](const std::optional<double>& x, const std::optional<double>& y) { return x && y ? json(*y - *x) : json(nullptr); };
    return {{"median", OptNum(d.median)}, {"median_ci95", {OptNum(d.ci_low), OptNum(d.ci_high)}},
            {"p10", dd(a.p10, b.p10)}, {"p90", dd(a.p90, b.p90)},
            {"never", (long long)b.never - (long long)a.never}, {"seeds_lower", d.lower},
            {"seeds_higher", d.higher}, {"seeds_equal", d.equal}, {"seeds_not_comparable", d.not_comparable},
            {"sign_test_p", d.sign_p}};
}

json RunOutJson(const RunSummary& s)
{
    json rj{{"seed", s.seed}, {"org", OrgName(s.org)}};
    if (!s.error.empty()) {
        rj["error"] = s.error;
    } else {
        rj["time_to_detect_s"] = TimeOrNull(s.time_to_detect_s);
        rj["time_to_contain_s"] = TimeOrNull(s.time_to_contain_s);
        rj["time_to_recover_s"] = TimeOrNull(s.time_to_recover_s);
        rj["time_to_restore_s"] = TimeOrNull(s.time_to_restore_s);
        rj["foothold_time_s"] = TimeOrNull(s.foothold_time_s);
        rj["intrusions"] = s.intrusions;
        rj["outage"] = s.outage;
        rj["contained"] = s.contained;
        rj["outcomes"] = {{"detected", ReachName(s.outcomes.detected)}, {"contained", ReachName(s.outcomes.contained)},
                          {"recovered", ReachName(s.outcomes.recovered)}};
        rj["attacker_caused"] = std::round(s.attacker_caused * 100) / 100;
        rj["self_inflicted"] = std::round(s.self_inflicted * 100) / 100;
        rj["total"] = std::round(s.total * 100) / 100;
        rj["end_reason"] = s.end_reason;
        rj["state_hash"] = s.state_hash;
        rj["stages_reached"] = s.stages_reached;
        rj["injects_delivered"] = s.injects_delivered;
    }
    return rj;
}

} // namespace compare_parts

json ToJson(const CompareResult& r)
{
    json j;
    if (!r.error.empty()) {
        j["error"] = r.error;
        return j;
    }
    j["scenario"] = r.scenario;
    j["title"] = r.title;
    j["currency"] = r.currency;
    j["seeds"] = {{"first", r.seed_first}, {"last", r.seed_last}};
    if (!r.org_changes.empty()) {
        json changes = json::array();
        for (const auto& c : r.org_changes) changes.push_back(OrgChangeText(c));
        j["org_changes"] = changes;
    }
    j["percentile_method"] = "nearest-rank; null (never) sorts last";
    json profiles = json::array();
    for (const auto& p : r.profiles) profiles.push_back(ProfileJson(p));
    j["profiles"] = profiles;
    if (r.profiles.size() == 2 && r.differences.size() == CompareFigures().size()) {
        json diff = json::object();
        for (size_t k = 0; k < r.differences.size(); ++k) {
            const FigureDifference& d = r.differences[k];
            diff[d.figure] = DifferenceJson(d, *r.profiles[0].Find(d.figure), *r.profiles[1].Find(d.figure));
        }
        j["difference"] = {{"of", OrgName(r.profiles[1].org)}, {"minus", OrgName(r.profiles[0].org)}, {"figures", diff},
                           {"bootstrap", {{"resamples", BootstrapResamples((size_t)(r.seed_last - r.seed_first + 1))},
                                          {"seed", kBootstrapSeed}, {"method", "percentile, seeds resampled in pairs"}}}};
        j["headline"] = CompareHeadline(r);
    }
    json runs = json::array();
    for (const auto& s : r.runs) runs.push_back(RunOutJson(s));
    j["runs"] = runs;
    return j;
}

} // namespace bd
