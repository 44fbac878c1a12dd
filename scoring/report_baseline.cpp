// report_baseline.cpp: the team placed against autopilot runs of the same scenario and profile
// (compare.h RunCompare): the share of simulated teams it beat on each headline figure, and the
// one line `breachdrill run` prints.
#include "report_parts.h"

#include <cstdio>
#include <optional>
#include <string>
#include <utility>

namespace bd {

using nlohmann::json;
using namespace report_parts;

std::optional<Baseline> PlaceAgainstBaseline(const Scorecard& card, const std::string& ref, const std::string& org_name,
                                             int64_t size, uint64_t seeds, unsigned threads)
{
    const auto org = ParseOrg(org_name);
    if (!org || seeds == 0 || ref.empty()) return std::nullopt;
    CompareOptions o;
    o.scenario = ref;
    o.seed_first = 1;
    o.seed_last = seeds;
    o.orgs = {*org};
    o.size = size;
    o.threads = threads;
    const CompareResult cr = RunCompare(o);
    if (!cr.error.empty() || cr.profiles.empty() || cr.profiles[0].runs == 0) return std::nullopt;
    Baseline b;
    b.org = org_name;
    b.seeds = seeds;
    b.runs = cr.profiles[0].runs;
    auto opt = [](const std::optional<ScoreTime>& t) { return t ? std::optional<double>((double)*t) : std::nullopt; };
    const Outcomes oc = OutcomesOf(card);
    struct Mine {
        const char* fig;
        std::optional<double> value;
        Reach reach;
    };
    const Mine mine[] = {{"time_to_detect_s", opt(card.time_to_detect_s), oc.detected},
                         {"time_to_contain_s", opt(card.time_to_contain_s), oc.contained},
                         {"time_to_recover_s", opt(card.time_to_recover_s), oc.recovered},
                         {"total", card.impact.total(), Reach::Reached}};
    for (const auto& [fig, value, reach] : mine) {
        const Distribution* d = cr.profiles[0].Find(fig);
        if (!d) continue;
        BaselineLine l;
        l.figure = fig;
        l.mine = value;
        l.median = d->median;
        l.beat_percent = PercentBeaten(value, d->values).value_or(0);
        l.reached_percent = d->runs ? 100.0 * (double)(d->runs - d->never) / (double)d->runs : 0;
        const std::string what = fig == std::string("total") ? "total downtime cost" : Lower(FigureLabel(fig));
        l.outcome = ReachName(reach);
        char buf[200];
        if (reach == Reach::NoBreach || reach == Reach::Undetected) {
            // Not a failure, and no time to place: say what happened instead (docs/scoring.md, "Outcomes").
            l.beat_percent = 0;
            l.sentence = reach == Reach::NoBreach ? "the attack never succeeded, so there was nothing to " +
                                                        std::string(fig == std::string("time_to_detect_s") ? "detect" : fig == std::string("time_to_contain_s") ? "contain" : "recover from")
                                                  : std::string(fig == std::string("time_to_contain_s") ? "the attacker was contained" : "the business recovered") +
                                                        " without the breach being detected: no time to compare";
            b.lines.push_back(l);
            continue;
        }
        if (value) std::snprintf(buf, sizeof buf, "your %s beat %.0f%% of simulated teams", what.c_str(), l.beat_percent);
        else if (fig == std::string("time_to_detect_s")) std::snprintf(buf, sizeof buf, "you did not detect the breach; %.0f%% of simulated teams did", l.reached_percent);
        else if (fig == std::string("time_to_contain_s")) std::snprintf(buf, sizeof buf, "you did not contain the attacker; %.0f%% of simulated teams did", l.reached_percent);
        else std::snprintf(buf, sizeof buf, "you did not recover; %.0f%% of simulated teams did", l.reached_percent);
        l.sentence = buf;
        b.lines.push_back(l);
    }
    return b;
}

std::string BaselineOneLine(const Baseline& b)
{
    std::string out = "Against " + std::to_string(b.runs) + " simulated teams (autopilot, seeds 1.." + std::to_string(b.seeds) + ", " + b.org + "): ";
    bool first = true;
    for (const auto& l : b.lines) {
        if (l.figure == "total") continue;
        out += (first ? "" : "; ") + l.sentence;
        first = false;
    }
    return out + ".";
}

} // namespace bd
