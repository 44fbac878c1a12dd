// compare.cpp: many autopilot runs per organisation profile, their distributions, and the
// text, JSON and HTML forms of the comparison (see compare.h; docs/reports.md explains the figures).
//
// Index
//   [SECTION] Statistics
//   [SECTION] Running (worker threads)
//   [SECTION] Text
//   [SECTION] JSON
//   [SECTION] HTML and SVG
#include "compare.h"

#include "world/scenario.h"
#include "sim/simulation.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <mutex>
#include <sstream>
#include <thread>

namespace bd {

using nlohmann::json;

// [SECTION] Statistics

namespace {

// nullopt sorts after every value ("never" is slower than any time, and worse than any cost).
bool NeverLast(const std::optional<double>& a, const std::optional<double>& b)
{
    if (!a) return false;
    if (!b) return true;
    return *a < *b;
}

} // namespace

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
    static const std::vector<const char*> figures = {"time_to_detect_s", "time_to_contain_s", "time_to_recover_s",
                                                     "attacker_caused", "self_inflicted", "total"};
    return figures;
}

std::optional<double> FigureOf(const RunSummary& run, const std::string& f)
{
    auto opt = [](const std::optional<ScoreTime>& t) { return t ? std::optional<double>((double)*t) : std::nullopt; };
    if (f == "time_to_detect_s") return opt(run.time_to_detect_s);
    if (f == "time_to_contain_s") return opt(run.time_to_contain_s);
    if (f == "time_to_recover_s") return opt(run.time_to_recover_s);
    if (f == "attacker_caused") return run.attacker_caused;
    if (f == "self_inflicted") return run.self_inflicted;
    if (f == "total") return run.total;
    return std::nullopt;
}

bool Measured(const RunSummary& run, const std::string& f)
{
    const Reach* reach = f == "time_to_detect_s" ? &run.outcomes.detected : f == "time_to_contain_s" ? &run.outcomes.contained
                         : f == "time_to_recover_s" ? &run.outcomes.recovered : nullptr;
    return !reach || *reach == Reach::Reached || *reach == Reach::Never;
}

const char* FigureLabel(const std::string& f)
{
    if (f == "time_to_detect_s") return "Time to detect";
    if (f == "time_to_contain_s") return "Time to contain";
    if (f == "time_to_recover_s") return "Time to recover";
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

// [SECTION] Running (worker threads)

namespace {

std::string FirstError(const LoadResult& lr)
{
    for (const auto& p : lr.problems)
        if (!p.warning) return p.Format();
    return "the scenario did not load";
}

// One run, start to end, in memory. Touches no shared state: safe on any thread.
RunSummary PlayOne(const std::string& ref, uint64_t seed, OrgProfile org, int64_t size)
{
    RunSummary s;
    s.seed = seed;
    s.org = org;
    try {
        LoadResult lr = LoadScenario(ref, LoadOptions{seed, size});
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
        s.contained = c.contained_at_s.has_value();
        s.outcomes = OutcomesOf(c);
        s.attacker_caused = c.impact.attacker_caused;
        s.self_inflicted = c.impact.self_inflicted;
        s.total = c.impact.total();
        s.end_reason = c.end_reason;
        s.state_hash = c.state_hash;
    } catch (const std::exception& e) {
        s.error = std::string("the run failed: ") + e.what();
    }
    return s;
}

} // namespace

std::vector<ProfileStats> SummariseRuns(const std::vector<RunSummary>& runs, const std::vector<OrgProfile>& orgs, size_t seeds)
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
        }
        for (const char* f : CompareFigures()) {
            std::vector<std::optional<double>> values;
            for (const RunSummary* run : ok)
                if (Measured(*run, f)) values.push_back(FigureOf(*run, f));
            ps.figures.emplace_back(f, Distribute(std::move(values)));
        }
        out.push_back(std::move(ps));
    }
    return out;
}

CompareResult RunCompare(const CompareOptions& o)
{
    CompareResult r;
    r.seed_first = o.seed_first;
    r.seed_last = o.seed_last;
    if (o.seed_last < o.seed_first) {
        r.error = "the seed range is empty";
        return r;
    }
    if (o.orgs.empty()) {
        r.error = "no organisation profile to compare";
        return r;
    }
    {
        // Loaded once up front: a scenario that does not load stops here with its reason.
        LoadResult lr = LoadScenario(o.scenario, LoadOptions{o.seed_first, o.size});
        if (!lr.Ok()) {
            r.error = FirstError(lr);
            return r;
        }
        r.scenario = lr.scenario.id;
        r.title = lr.scenario.title;
        r.currency = lr.scenario.currency;
    }
    const uint64_t seeds = o.seed_last - o.seed_first + 1;
    if (seeds > 1'000'000) {
        r.error = "at most 1,000,000 seeds";
        return r;
    }
    const size_t total = (size_t)seeds * o.orgs.size();
    r.runs.resize(total);
    unsigned threads = o.threads ? o.threads : std::max(1u, std::thread::hardware_concurrency());
    threads = (unsigned)std::min<size_t>(threads, total);
    r.threads = threads;

    // Each worker takes the next index; results land at their index, so the order (and every
    // figure) is the same whatever the thread count and timing.
    std::atomic<size_t> next{0};
    std::mutex progress_mutex;
    size_t done = 0;
    auto work = [&] {
        for (;;) {
            const size_t i = next.fetch_add(1);
            if (i >= total) return;
            const OrgProfile org = o.orgs[i / seeds];
            const uint64_t seed = o.seed_first + i % seeds;
            r.runs[i] = PlayOne(o.scenario, seed, org, o.size);
            std::lock_guard<std::mutex> lock(progress_mutex);
            ++done;
            if (o.progress) o.progress(done, total);
        }
    };
    const auto start = std::chrono::steady_clock::now();
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
    work();
    for (auto& t : pool) t.join();
    r.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    r.profiles = SummariseRuns(r.runs, o.orgs, (size_t)seeds);
    return r;
}

// [SECTION] Text

namespace {

std::string FormatValue(const std::string& figure, const std::optional<double>& v, const std::string& currency)
{
    if (!v) return "never";
    if (FigureIsTime(figure)) return FormatDuration((ScoreTime)std::llround(*v));
    return FormatMoney(*v, currency);
}

std::string FormatDiff(const std::string& figure, const std::optional<double>& a, const std::optional<double>& b,
                       const std::string& currency)
{
    if (!a || !b) return "-";
    const double d = *b - *a;
    std::string s = FigureIsTime(figure) ? FormatDuration((ScoreTime)std::llround(std::fabs(d))) : FormatMoney(std::fabs(d), currency);
    return (d < 0 ? "-" : d > 0 ? "+" : "") + s;
}


// Per seed, is the second profile better (lower), worse or equal? Null is worst.
struct Paired {
    size_t better = 0, worse = 0, equal = 0;
};

Paired PairUp(const CompareResult& r, size_t a, size_t b, const std::string& figure)
{
    Paired p;
    const size_t seeds = (size_t)(r.seed_last - r.seed_first + 1);
    for (size_t i = 0; i < seeds; ++i) {
        const RunSummary& x = r.runs[a * seeds + i];
        const RunSummary& y = r.runs[b * seeds + i];
        if (!x.error.empty() || !y.error.empty() || !Measured(x, figure) || !Measured(y, figure)) continue;
        const auto vx = FigureOf(x, figure), vy = FigureOf(y, figure);
        if (NeverLast(vy, vx)) ++p.better;
        else if (NeverLast(vx, vy)) ++p.worse;
        else ++p.equal;
    }
    return p;
}

std::string Fraction(size_t k, size_t n) { return std::to_string(k) + "/" + std::to_string(n); }

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
    o << "  Percentiles by nearest rank over all runs; a run where the moment never came counts as slower than any.\n";
    for (const auto& p : r.profiles)
        if (p.failed) o << "  " << OrgName(p.org) << ": " << p.failed << " run(s) failed to load and are left out\n";
    for (const char* f : CompareFigures()) {
        const std::string fig = f;
        o << "\n" << PadRight(FigureLabel(fig), 34) << PadRight("median", 16) << PadRight("p10", 16) << PadRight("p90", 16) << "never\n";
        for (const auto& p : r.profiles) {
            const Distribution* d = p.Find(fig);
            o << "  " << PadRight(OrgName(p.org), 32) << PadRight(FormatValue(fig, d->median, r.currency), 16)
              << PadRight(FormatValue(fig, d->p10, r.currency), 16) << PadRight(FormatValue(fig, d->p90, r.currency), 16)
              << Fraction(d->never, d->runs) << "\n";
        }
        if (r.profiles.size() == 2) {
            const Distribution* a = r.profiles[0].Find(fig);
            const Distribution* b = r.profiles[1].Find(fig);
            const std::string label = std::string("difference (") + OrgName(r.profiles[1].org) + " - " + OrgName(r.profiles[0].org) + ")";
            o << "  " << PadRight(label, 32) << PadRight(FormatDiff(fig, a->median, b->median, r.currency), 16)
              << PadRight(FormatDiff(fig, a->p10, b->p10, r.currency), 16) << PadRight(FormatDiff(fig, a->p90, b->p90, r.currency), 16)
              << ((long long)b->never - (long long)a->never > 0 ? "+" : "") << (long long)b->never - (long long)a->never << "\n";
            const Paired pr = PairUp(r, 0, 1, fig);
            o << "  seed by seed: " << OrgName(r.profiles[1].org) << " lower in " << pr.better << ", higher in " << pr.worse
              << ", equal in " << pr.equal << "\n";
        }
    }
    o << "\nNEVER HAPPENED               detected       contained      recovered\n";
    for (const auto& p : r.profiles) {
        const size_t breached = p.runs - p.no_breach;
        o << "  " << PadRight(OrgName(p.org), 27) << PadRight("never " + Fraction(p.never_detected, breached), 15)
          << PadRight("never " + Fraction(p.never_contained, breached - p.contained_undetected), 15) << "never "
          << Fraction(p.never_recovered, breached - p.recovered_undetected) << "\n";
        if (p.no_breach || p.contained_undetected || p.recovered_undetected)
            o << "    not counted: " << p.no_breach << " run(s) where the breach never began; " << p.contained_undetected
              << " contained and " << p.recovered_undetected << " recovered without being detected\n";
    }
    return o.str();
}

// [SECTION] JSON

namespace {

json OptNum(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

json DistJson(const Distribution& d)
{
    return json{{"runs", d.runs}, {"never", d.never}, {"min", OptNum(d.min)}, {"p10", OptNum(d.p10)}, {"p25", OptNum(d.p25)},
                {"median", OptNum(d.median)}, {"p75", OptNum(d.p75)}, {"p90", OptNum(d.p90)}, {"max", OptNum(d.max)}};
}


} // namespace

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
    j["percentile_method"] = "nearest-rank; null (never) sorts last";
    json profiles = json::array();
    for (const auto& p : r.profiles) {
        json pj{{"org", OrgName(p.org)}, {"runs", p.runs}, {"failed", p.failed}, {"never_detected", p.never_detected},
                {"never_contained", p.never_contained}, {"never_recovered", p.never_recovered}, {"no_breach", p.no_breach},
                {"contained_undetected", p.contained_undetected}, {"recovered_undetected", p.recovered_undetected}};
        json figs = json::object();
        for (const auto& [name, d] : p.figures) figs[name] = DistJson(d);
        pj["figures"] = figs;
        profiles.push_back(pj);
    }
    j["profiles"] = profiles;
    if (r.profiles.size() == 2) {
        json diff = json::object();
        for (const char* f : CompareFigures()) {
            const Distribution* a = r.profiles[0].Find(f);
            const Distribution* b = r.profiles[1].Find(f);
            auto d = [](const std::optional<double>& x, const std::optional<double>& y) {
                return x && y ? json(*y - *x) : json(nullptr);
            };
            const Paired pr = PairUp(r, 0, 1, f);
            diff[f] = {{"median", d(a->median, b->median)}, {"p10", d(a->p10, b->p10)}, {"p90", d(a->p90, b->p90)},
                       {"never", (long long)b->never - (long long)a->never},
                       {"seeds_lower", pr.better}, {"seeds_higher", pr.worse}, {"seeds_equal", pr.equal}};
        }
        j["difference"] = {{"of", OrgName(r.profiles[1].org)}, {"minus", OrgName(r.profiles[0].org)}, {"figures", diff}};
    }
    json runs = json::array();
    for (const auto& s : r.runs) {
        json rj{{"seed", s.seed}, {"org", OrgName(s.org)}};
        if (!s.error.empty()) {
            rj["error"] = s.error;
        } else {
            rj["time_to_detect_s"] = TimeOrNull(s.time_to_detect_s);
            rj["time_to_contain_s"] = TimeOrNull(s.time_to_contain_s);
            rj["time_to_recover_s"] = TimeOrNull(s.time_to_recover_s);
            rj["contained"] = s.contained;
            rj["outcomes"] = {{"detected", ReachName(s.outcomes.detected)}, {"contained", ReachName(s.outcomes.contained)},
                              {"recovered", ReachName(s.outcomes.recovered)}};
            rj["attacker_caused"] = std::round(s.attacker_caused * 100) / 100;
            rj["self_inflicted"] = std::round(s.self_inflicted * 100) / 100;
            rj["total"] = std::round(s.total * 100) / 100;
            rj["end_reason"] = s.end_reason;
            rj["state_hash"] = s.state_hash;
        }
        runs.push_back(rj);
    }
    j["runs"] = runs;
    return j;
}

// [SECTION] HTML and SVG

std::string HtmlEscape(const std::string& s)
{
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += c;
        }
    }
    return out;
}

const char* ReportCss()
{
    return R"CSS(
:root { --ink:#1b1f24; --muted:#5b6470; --line:#c9ced6; --soft:#f3f5f8; --accent:#1f5fa8;
        --p:#2e7d32; --s:#9a7d0a; --m:#c25e00; --u:#b3261e; --siloed:#b35c00; --converged:#1f5fa8; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif; color: var(--ink);
       background: #fff; margin: 0 auto; max-width: 60rem; padding: 1.5rem 2rem; line-height: 1.45; font-size: 11pt; }
h1 { font-size: 1.6rem; margin: 0 0 .2rem 0; }
h2 { font-size: 1.2rem; border-bottom: 2px solid var(--accent); padding-bottom: .15rem; margin: 1.8rem 0 .6rem 0; }
h3 { font-size: 1rem; margin: 1.1rem 0 .4rem 0; }
p { margin: .35rem 0; }
.subtitle { color: var(--muted); margin-bottom: 1rem; }
.note { color: var(--muted); font-size: .9em; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 .8rem 0; font-size: .92em; }
th, td { border: 1px solid var(--line); padding: .25rem .45rem; text-align: left; vertical-align: top; }
th { background: var(--soft); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.rating { display: inline-block; min-width: 1.8em; text-align: center; font-weight: 700; border-radius: 3px;
          padding: 0 .3em; border: 1.5px solid currentColor; }
.r-P { color: var(--p); } .r-S { color: var(--s); } .r-M { color: var(--m); } .r-U { color: var(--u); } .r-NA { color: var(--muted); }
.st-met { color: var(--p); font-weight: 600; } .st-missed { color: var(--u); font-weight: 600; }
.st-open, .st-sent_before_clock { color: var(--s); font-weight: 600; } .st-not_triggered { color: var(--muted); }
ul.tight { margin: .2rem 0 .6rem 1.2rem; padding: 0; }
ul.tight li { margin: .15rem 0; }
.alert { background: #fdecea; border: 1px solid var(--u); border-left: 6px solid var(--u); padding: .6rem .9rem; margin: .6rem 0; }
.summary { background: var(--soft); border-left: 4px solid var(--accent); padding: .6rem .9rem; }
dl.overview { display: grid; grid-template-columns: 11rem 1fr; gap: .15rem 1rem; margin: .4rem 0; }
dl.overview dt { font-weight: 600; color: var(--muted); }
dl.overview dd { margin: 0; }
svg { max-width: 100%; height: auto; display: block; margin: .4rem 0; }
svg text { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; }
.legend span { display: inline-block; margin-right: 1rem; font-size: .88em; }
.swatch { display: inline-block; width: .8em; height: .8em; margin-right: .3em; vertical-align: -0.05em; border: 1px solid #555; }
.fill-in { min-width: 8rem; color: var(--muted); }
td.nowrap { white-space: nowrap; }
footer { margin-top: 2rem; color: var(--muted); font-size: .85em; border-top: 1px solid var(--line); padding-top: .4rem; }
@media print {
  @page { size: A4; margin: 16mm 14mm; }
  body { max-width: none; padding: 0 2px; font-size: 10pt; }
  h2 { break-before: page; page-break-before: always; break-after: avoid; page-break-after: avoid; }
  h2.keep { break-before: auto; page-break-before: auto; }
  h3 { break-after: avoid; page-break-after: avoid; }
  svg, .summary, figure, dl.overview { break-inside: avoid; page-break-inside: avoid; }
  figure { margin: 0; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  a { color: inherit; text-decoration: none; }
  .summary { background: none; border: 1px solid var(--line); border-left: 4px solid var(--accent); }
  th { background: none; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
)CSS";
}

namespace {

std::string Num(double v)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

const char* OrgColour(OrgProfile o) { return o == OrgProfile::Siloed ? "#b35c00" : "#1f5fa8"; }

// Round-number axis ticks for [0, hi].
std::vector<double> Ticks(double hi, bool time)
{
    std::vector<double> steps;
    if (time) steps = {60, 300, 600, 1800, 3600, 2 * 3600, 4 * 3600, 6 * 3600, 12 * 3600, 86400, 2 * 86400, 7 * 86400, 14 * 86400, 30 * 86400};
    else
        for (double m = 1; m < 1e13; m *= 10) { steps.push_back(m); steps.push_back(2 * m); steps.push_back(5 * m); }
    double step = steps.back();
    for (double s : steps)
        if (hi / s <= 6) { step = s; break; }
    std::vector<double> out;
    for (double v = 0; v <= hi + 1e-9 && out.size() < 20; v += step) out.push_back(v);
    return out;
}

std::string TickLabel(double v, bool time)
{
    if (!time) {
        char buf[32];
        if (v >= 1e6) std::snprintf(buf, sizeof buf, "%gM", v / 1e6);
        else if (v >= 1e3) std::snprintf(buf, sizeof buf, "%gk", v / 1e3);
        else std::snprintf(buf, sizeof buf, "%g", v);
        return buf;
    }
    if (v >= 86400 && std::fmod(v, 86400) == 0) return std::to_string((long long)(v / 86400)) + "d";
    if (v >= 3600) return Num(v / 3600).substr(0, Num(v / 3600).size() - (std::fmod(v, 3600) == 0 ? 2 : 0)) + "h";
    return std::to_string((long long)(v / 60)) + "m";
}

} // namespace

std::string CompareSvg(const CompareResult& r, const std::string& figure, int width)
{
    const bool time = FigureIsTime(figure);
    double hi = 0;
    for (const auto& p : r.profiles)
        if (const Distribution* d = p.Find(figure))
            for (const auto& v : d->values)
                if (v) hi = std::max(hi, *v);
    if (hi <= 0) hi = time ? 3600 : 1;
    const auto ticks = Ticks(hi, time);
    hi = std::max(hi, ticks.back());
    const int left = 100, right = 70, row_h = 46, top = 14;
    const int plot_w = width - left - right;
    const int height = top + row_h * (int)r.profiles.size() + 30;
    auto X = [&](double v) { return left + plot_w * (v / hi); };
    std::ostringstream s;
    s << "<svg viewBox=\"0 0 " << width << " " << height << "\" width=\"" << width
      << "\" height=\"" << height << "\" role=\"img\" aria-label=\"" << HtmlEscape(FigureLabel(figure)) << "\">\n";
    s << "<title>" << HtmlEscape(FigureLabel(figure)) << "</title>\n";
    const int axis_y = top + row_h * (int)r.profiles.size();
    for (double t : ticks) {
        s << "<line x1=\"" << Num(X(t)) << "\" y1=\"" << top << "\" x2=\"" << Num(X(t)) << "\" y2=\"" << axis_y
          << "\" stroke=\"#e1e4e8\" stroke-width=\"1\"/>\n";
        s << "<text x=\"" << Num(X(t)) << "\" y=\"" << axis_y + 16 << "\" font-size=\"11\" text-anchor=\"middle\" fill=\"#5b6470\">"
          << HtmlEscape(TickLabel(t, time)) << "</text>\n";
    }
    s << "<line x1=\"" << left << "\" y1=\"" << axis_y << "\" x2=\"" << left + plot_w << "\" y2=\"" << axis_y
      << "\" stroke=\"#5b6470\" stroke-width=\"1\"/>\n";
    s << "<text x=\"" << left + plot_w + 8 << "\" y=\"" << top + 10 << "\" font-size=\"11\" fill=\"#5b6470\">never</text>\n";
    int row = 0;
    for (const auto& p : r.profiles) {
        const Distribution* d = p.Find(figure);
        const double cy = top + row_h * row + row_h / 2.0;
        const char* col = OrgColour(p.org);
        s << "<text x=\"" << left - 8 << "\" y=\"" << Num(cy + 4) << "\" font-size=\"12\" text-anchor=\"end\" fill=\"#1b1f24\">"
          << OrgName(p.org) << "</text>\n";
        // Dot strip: every run, spread over the row by its index (deterministic, no randomness).
        size_t i = 0;
        for (const auto& v : d->values) {
            if (!v) break;
            const double jitter = ((double)((i * 7919) % 17) / 16.0 - 0.5) * (row_h * 0.55);
            s << "<circle cx=\"" << Num(X(*v)) << "\" cy=\"" << Num(cy + jitter) << "\" r=\"2\" fill=\"" << col
              << "\" fill-opacity=\"0.28\"/>\n";
            ++i;
        }
        // Whiskers p10..p90, box p25..p75, median line; a "never" end stops at the plot's edge.
        auto xv = [&](const std::optional<double>& v) { return v ? X(*v) : (double)(left + plot_w); };
        if (d->runs) {
            s << "<line x1=\"" << Num(xv(d->p10)) << "\" y1=\"" << Num(cy) << "\" x2=\"" << Num(xv(d->p90)) << "\" y2=\"" << Num(cy)
              << "\" stroke=\"" << col << "\" stroke-width=\"1.5\"/>\n";
            for (const auto* v : {&d->p10, &d->p90})
                s << "<line x1=\"" << Num(xv(*v)) << "\" y1=\"" << Num(cy - 8) << "\" x2=\"" << Num(xv(*v)) << "\" y2=\"" << Num(cy + 8)
                  << "\" stroke=\"" << col << "\" stroke-width=\"1.5\"/>\n";
            const double bx = xv(d->p25), bw = std::max(1.0, xv(d->p75) - bx);
            s << "<rect x=\"" << Num(bx) << "\" y=\"" << Num(cy - 11) << "\" width=\"" << Num(bw) << "\" height=\"22\" fill=\"" << col
              << "\" fill-opacity=\"0.18\" stroke=\"" << col << "\" stroke-width=\"1.5\"/>\n";
            s << "<line x1=\"" << Num(xv(d->median)) << "\" y1=\"" << Num(cy - 13) << "\" x2=\"" << Num(xv(d->median)) << "\" y2=\""
              << Num(cy + 13) << "\" stroke=\"" << col << "\" stroke-width=\"3\"/>\n";
        }
        s << "<text x=\"" << left + plot_w + 8 << "\" y=\"" << Num(cy + 4) << "\" font-size=\"12\" fill=\"" << col << "\">" << d->never
          << "/" << d->runs << "</text>\n";
        ++row;
    }
    s << "</svg>\n";
    return s.str();
}

std::string CompareHtml(const CompareResult& r)
{
    std::ostringstream h;
    h << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Breachdrill compare: "
      << HtmlEscape(r.scenario) << "</title>\n<style>" << ReportCss() << "</style>\n</head>\n<body>\n";
    if (!r.error.empty()) {
        h << "<h1>Compare failed</h1>\n<p>" << HtmlEscape(r.error) << "</p>\n</body>\n</html>\n";
        return h.str();
    }
    const size_t seeds = (size_t)(r.seed_last - r.seed_first + 1);
    h << "<h1>What silos cost: " << HtmlEscape(r.title) << "</h1>\n";
    h << "<p class=\"subtitle\">Scenario <code>" << HtmlEscape(r.scenario) << "</code>, " << seeds << " seeds (" << r.seed_first << ".."
      << r.seed_last << ") per organisation profile, played by the autopilot ITOps and SecOps teams: " << r.runs.size()
      << " runs. Both profiles face the same attacks (the same seeds).</p>\n";
    h << "<p class=\"note\">Percentiles by nearest rank over all runs: p10 is the value 10% of runs did at least as well as. "
         "A run where the moment never came (never detected, never contained) counts as slower than any; when a percentile lands "
         "on such a run it reads <em>never</em>. Times run from the attack's start (detect) or from detection (contain, recover). "
         "The box spans p25 to p75, the whiskers p10 to p90, the thick line is the median; each dot is one run.</p>\n";
    h << "<div class=\"legend\">";
    for (const auto& p : r.profiles)
        h << "<span><span class=\"swatch\" style=\"background:" << OrgColour(p.org) << "\"></span>" << OrgName(p.org) << "</span>";
    h << "</div>\n";
    h << "<table>\n<thead><tr><th>figure</th><th>profile</th><th class=\"num\">median</th><th class=\"num\">p10</th>"
         "<th class=\"num\">p90</th><th class=\"num\">never</th></tr></thead>\n<tbody>\n";
    for (const char* f : CompareFigures()) {
        const std::string fig = f;
        bool first = true;
        for (const auto& p : r.profiles) {
            const Distribution* d = p.Find(fig);
            h << "<tr>";
            if (first) h << "<th rowspan=\"" << r.profiles.size() + (r.profiles.size() == 2 ? 1 : 0) << "\">" << HtmlEscape(FigureLabel(fig)) << "</th>";
            first = false;
            h << "<td>" << OrgName(p.org) << "</td><td class=\"num\">" << HtmlEscape(FormatValue(fig, d->median, r.currency))
              << "</td><td class=\"num\">" << HtmlEscape(FormatValue(fig, d->p10, r.currency)) << "</td><td class=\"num\">"
              << HtmlEscape(FormatValue(fig, d->p90, r.currency)) << "</td><td class=\"num\">" << d->never << "/" << d->runs
              << "</td></tr>\n";
        }
        if (r.profiles.size() == 2) {
            const Distribution* a = r.profiles[0].Find(fig);
            const Distribution* b = r.profiles[1].Find(fig);
            const Paired pr = PairUp(r, 0, 1, fig);
            h << "<tr><td><em>difference</em></td><td class=\"num\"><em>" << HtmlEscape(FormatDiff(fig, a->median, b->median, r.currency))
              << "</em></td><td class=\"num\"><em>" << HtmlEscape(FormatDiff(fig, a->p10, b->p10, r.currency))
              << "</em></td><td class=\"num\"><em>" << HtmlEscape(FormatDiff(fig, a->p90, b->p90, r.currency))
              << "</em></td><td class=\"num\" title=\"seeds where " << OrgName(r.profiles[1].org) << " was lower / higher\"><em>"
              << pr.better << " lower, " << pr.worse << " higher</em></td></tr>\n";
        }
    }
    h << "</tbody>\n</table>\n";
    if (r.profiles.size() == 2)
        h << "<p class=\"note\">Difference: " << OrgName(r.profiles[1].org) << " minus " << OrgName(r.profiles[0].org)
          << " (negative is faster or cheaper). The last column counts the seeds where " << OrgName(r.profiles[1].org)
          << " did better (lower) or worse (higher) on the same attack.</p>\n";
    for (const char* f : CompareFigures()) {
        h << "<h3>" << HtmlEscape(FigureLabel(f)) << "</h3>\n" << CompareSvg(r, f);
    }
    h << "<footer>Generated by breachdrill " << BREACHDRILL_VERSION << " compare. Every run can be reproduced with "
         "<code>breachdrill run " << HtmlEscape(r.scenario) << " --seed N --org PROFILE</code>.</footer>\n";
    h << "</body>\n</html>\n";
    return h.str();
}

} // namespace bd
