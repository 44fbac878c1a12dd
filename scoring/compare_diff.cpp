// compare_diff.cpp: how two organisation profiles differ on the same attacks (compare.h): per
// figure the difference of the medians with a bootstrap 95% interval, the seeds where one did
// better with a paired sign test, and the one sentence that opens the page (CompareHeadline).
// docs/reports.md, "Compare", states the method.
#include "compare.h"
#include "compare_parts.h"
#include "core/rng.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <span>
#include <string>
#include <vector>

namespace bd {

using namespace compare_parts;

namespace {

constexpr double kNeverValue = std::numeric_limits<double>::infinity();

// The nearest-rank median of `v` ("never" as +infinity); nullopt when empty. Reorders v.
std::optional<double> MedianOf(std::vector<double>& v)
{
    if (v.empty()) return std::nullopt;
    const size_t k = (v.size() + 1) / 2 - 1; // rank ceil(n/2), 1-based
    std::nth_element(v.begin(), v.begin() + (long)k, v.end());
    return v[k];
}

// b's median minus a's, with "never" medians: +inf when only b's is never (b is worse), -inf
// when only a's is, 0 when both are; nullopt when a profile has no measured run.
std::optional<double> MedianDiff(std::optional<double> a, std::optional<double> b)
{
    if (!a || !b) return std::nullopt;
    const bool an = std::isinf(*a), bn = std::isinf(*b);
    if (an && bn) return 0.0;
    if (an) return -kNeverValue;
    if (bn) return kNeverValue;
    return *b - *a;
}

FigureDifference DiffOf(std::span<const RunSummary> ra, std::span<const RunSummary> rb, const ProfileStats& pa, const ProfileStats& pb,
                        const std::string& fig, uint64_t salt)
{
    FigureDifference d;
    d.figure = fig;
    // Per seed that both runs played: each run's value (NaN: not measured, +inf: never).
    std::vector<std::pair<double, double>> pairs;
    for (size_t i = 0; i < ra.size() && i < rb.size(); ++i) {
        const RunSummary& x = ra[i];
        const RunSummary& y = rb[i];
        if (!x.error.empty() || !y.error.empty()) continue;
        auto value = [&](const RunSummary& run) {
            if (!Measured(run, fig)) return std::numeric_limits<double>::quiet_NaN();
            const auto v = FigureOf(run, fig);
            return v ? *v : kNeverValue;
        };
        const double vx = value(x), vy = value(y);
        pairs.push_back({vx, vy});
        if (std::isnan(vx) || std::isnan(vy)) ++d.not_comparable;
        else if (vy < vx) ++d.lower;
        else if (vy > vx) ++d.higher;
        else ++d.equal;
    }
    d.sign_p = SignTestP(d.lower, d.higher);
    if (const Distribution* da = pa.Find(fig), *db = pb.Find(fig); da && db && da->median && db->median) d.median = *db->median - *da->median;
    if (pairs.empty()) return d;

    Rng rng(kBootstrapSeed ^ (salt * 0x9E3779B97F4A7C15ull));
    const size_t draws = BootstrapResamples(pairs.size());
    std::vector<double> diffs, va, vb;
    diffs.reserve(draws);
    for (size_t k = 0; k < draws; ++k) {
        va.clear();
        vb.clear();
        for (size_t i = 0; i < pairs.size(); ++i) {
            const auto& p = pairs[rng.Below(pairs.size())];
            if (!std::isnan(p.first)) va.push_back(p.first);
            if (!std::isnan(p.second)) vb.push_back(p.second);
        }
        if (const auto m = MedianDiff(MedianOf(va), MedianOf(vb))) diffs.push_back(*m);
    }
    if (diffs.empty()) return d;
    std::sort(diffs.begin(), diffs.end());
    const double lo = diffs[(size_t)std::floor(0.025 * (double)(diffs.size() - 1))];
    const double hi = diffs[(size_t)std::ceil(0.975 * (double)(diffs.size() - 1))];
    d.ci_known = true;
    if (!std::isinf(lo)) d.ci_low = lo;
    if (!std::isinf(hi)) d.ci_high = hi;
    return d;
}

} // namespace

size_t BootstrapResamples(size_t seeds) { return seeds > 20000 ? 200 : 1000; }

double SignTestP(size_t lower, size_t higher)
{
    const size_t n = lower + higher;
    if (n == 0) return 1;
    const size_t k = std::min(lower, higher);
    // 2 * P(X <= k) for X ~ Binomial(n, 1/2), summed in logs (n may be large).
    const double ln2 = std::log(2.0);
    double sum = 0;
    for (size_t i = 0; i <= k; ++i)
        sum += std::exp(std::lgamma((double)n + 1) - std::lgamma((double)i + 1) - std::lgamma((double)(n - i) + 1) - (double)n * ln2);
    return std::min(1.0, 2 * sum);
}

std::vector<FigureDifference> PairedDifferences(std::span<const RunSummary> a, std::span<const RunSummary> b, const ProfileStats& pa,
                                                const ProfileStats& pb, const std::vector<const char*>& figures)
{
    std::vector<FigureDifference> out;
    for (const char* f : figures) out.push_back(DiffOf(a, b, pa, pb, f, FigureSalt(f)));
    return out;
}

std::vector<FigureDifference> Differences(const CompareResult& r, size_t a, size_t b)
{
    if (a >= r.profiles.size() || b >= r.profiles.size()) return {};
    const size_t seeds = (size_t)(r.seed_last - r.seed_first + 1);
    const std::span<const RunSummary> runs(r.runs);
    if ((std::max(a, b) + 1) * seeds > r.runs.size()) return PairedDifferences({}, {}, r.profiles[a], r.profiles[b]); // no pair to count
    return PairedDifferences(runs.subspan(a * seeds, seeds), runs.subspan(b * seeds, seeds), r.profiles[a], r.profiles[b]);
}

namespace compare_parts {

std::string FormatInterval(const FigureDifference& d, const std::string& currency)
{
    if (!d.ci_known) return "-";
    auto end = [&](const std::optional<double>& v) { return v ? FormatSigned(d.figure, *v, currency) : std::string("unbounded"); };
    return end(d.ci_low) + " to " + end(d.ci_high);
}

std::string IntervalWords(const FigureDifference& d, const std::string& currency, const char* less, const char* more)
{
    if (!d.ci_known) return "not known";
    auto mag = [&](const std::optional<double>& v) { return v ? FormatValue(d.figure, std::fabs(*v), currency) : std::string("unbounded"); };
    const double lo = d.ci_low.value_or(-kNeverValue), hi = d.ci_high.value_or(kNeverValue);
    if (hi <= 0) return mag(d.ci_high) + " to " + mag(d.ci_low);
    if (lo >= 0) return mag(d.ci_low) + " to " + mag(d.ci_high);
    return "from " + mag(d.ci_low) + " " + less + " to " + mag(d.ci_high) + " " + more;
}

std::string FormatP(double p)
{
    if (p < 0.001) return "p < 0.001";
    char buf[32];
    std::snprintf(buf, sizeof buf, p >= 0.995 ? "p = %.0f" : p >= 0.1 ? "p = %.2f" : "p = %.3f", p);
    return buf;
}

} // namespace compare_parts

namespace {

// "better on 63 of 80 seeds that differed (sign test p < 0.001)"
std::string SeedsWords(const FigureDifference& d)
{
    return "better on " + std::to_string(d.lower) + " of " + std::to_string(d.lower + d.higher) + " seeds that differed (sign test " +
           FormatP(d.sign_p) + ")";
}

// The first half of the headline, of one time: "Converged contained the attacker 18:00:00 faster
// than siloed (median; 95% CI ...), better on ..." (`did`: "contained the attacker"; `same`: "as
// fast as"; `less`, `more`: "faster", "slower"), or, when a median is "never", why it does not compare.
std::string TimeClause(const CompareResult& r, const FigureDifference& d, const char* did, const char* same, const char* less, const char* more,
                       const std::string& never_words, const char* never_label, size_t never_a, size_t never_b, size_t measured_b)
{
    const std::string a = OrgName(r.profiles[0].org), b = OrgName(r.profiles[1].org);
    std::string B = b;
    if (!B.empty()) B[0] = (char)std::toupper((unsigned char)B[0]);
    if (d.median) {
        const double m = *d.median;
        return B + " " + did + (m == 0 ? " " + std::string(same) + " " + a
                                       : " " + FormatValue(d.figure, std::fabs(m), r.currency) + " " + (m < 0 ? less : more) + " than " + a) +
               " (median; 95% CI " + IntervalWords(d, r.currency, less, more) + "), " + SeedsWords(d);
    }
    return "Half or more of the " + (never_b * 2 >= measured_b ? b : a) + " runs never " + never_words + " (" + never_label + ": " + a + " " +
           std::to_string(never_a) + ", " + b + " " + std::to_string(never_b) + ")";
}

} // namespace

std::string CompareHeadline(const CompareResult& r)
{
    if (r.profiles.size() != 2 || r.differences.size() != CompareFigures().size()) return "";
    const FigureDifference* contain = nullptr;
    const FigureDifference* restore = nullptr;
    const FigureDifference* cost = nullptr;
    for (const auto& d : r.differences) {
        if (d.figure == "time_to_contain_s") contain = &d;
        if (d.figure == "time_to_restore_s") restore = &d;
        if (d.figure == "total") cost = &d;
    }
    const ProfileStats& pa = r.profiles[0];
    const ProfileStats& pb = r.profiles[1];
    std::string s, its = "its";
    if (AnyBreach(r.profiles) && contain) {
        s = TimeClause(r, *contain, "contained the attacker", "as fast as", "faster", "slower",
                       "contained the attacker, so the median time to contain does not compare", "never contained", pa.never_contained, pb.never_contained,
                       pb.runs - pb.no_breach);
    } else if (AnyOutage(r.profiles) && restore) {
        // No attacker in any run: the business was hit by an outage that is not an attack.
        s = TimeClause(r, *restore, "restored the business", "as soon as", "sooner", "later",
                       "restored the business after the outage, so the median time to restore does not compare", "never restored", pa.never_restored,
                       pb.never_restored, pb.outage);
    } else {
        s = "No attacker technique succeeded and no operations outage happened in any run, so no response time compares";
        its = std::string(OrgName(pb.org)) + "'s";
    }
    if (cost && cost->median && *cost->median != 0) {
        const double m = *cost->median;
        s += ", and " + its + " downtime cost " + FormatValue("total", std::fabs(m), r.currency) + (m < 0 ? " less" : " more") + " (median; 95% CI " +
             IntervalWords(*cost, r.currency, "less", "more") + "), less on " + std::to_string(cost->lower) + " of " +
             std::to_string(cost->lower + cost->higher) + " seeds that differed";
    } else if (cost && cost->lower + cost->higher > 0) {
        s += ", and " + its + " downtime cost less on " + std::to_string(cost->lower) + " of " + std::to_string(cost->lower + cost->higher) +
             " seeds that differed (sign test " + FormatP(cost->sign_p) + "; the median cost is the same)";
    }
    return s + ".";
}

} // namespace bd
