// whatif.cpp: investments (the defaults as data, an investments file, --vary), playing them
// against the baseline, the differences and the ranking (whatif.h). The text, JSON and page are in
// whatif_report.cpp.
//
// Index
//   [SECTION] Investments
//   [SECTION] Running
//   [SECTION] Summarising and ranking
//   [SECTION] Partial results
#include "whatif.h"
#include "compare_parts.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <span>
#include <sstream>
#include <tuple>

namespace bd {

using nlohmann::json;

// [SECTION] Investments

namespace {

Investment Make(const char* id, const char* label, std::vector<std::pair<const char*, const char*>> changes)
{
    Investment inv{id, label, {}};
    for (const auto& [k, v] : changes) inv.changes.push_back(OrgChange{"", k, v});
    return inv;
}

bool KnownParam(const std::string& key)
{
    const auto& keys = OrgParamKeys();
    return std::find_if(keys.begin(), keys.end(), [&](const char* k) { return key == k; }) != keys.end();
}

std::string KnownParams()
{
    std::string known;
    for (const char* k : OrgParamKeys()) known += (known.empty() ? "" : ", ") + std::string(k);
    return known;
}

// "/0/change/x": JSON pointer tokens escape ~ and /.
std::string Token(const std::string& s)
{
    std::string out;
    for (char c : s) out += c == '~' ? std::string("~0") : c == '/' ? std::string("~1") : std::string(1, c);
    return out;
}

} // namespace

const std::vector<Investment>& DefaultInvestments()
{
    static const std::vector<Investment> defaults = {
        Make("shared-tooling", "Shared tooling",
             {{"shared_tools", "true"}, {"correlate_alerts", "true"}, {"symptoms_to_secops", "true"}, {"shared_inventory", "true"}}),
        Make("faster-change-approval", "Faster change approval", {{"change_approval_s", "1800"}, {"handoff_factor", "0.4"}}),
        Make("edr-everywhere", "EDR on every host", {{"edr_everywhere", "true"}}),
        Make("patch-sla-48h", "48-hour patch SLA", {{"patch_within_s", "172800"}}),
        Make("second-analyst", "A second SecOps analyst", {{"secops_analysts", "2"}}),
        Make("staffed-24x7", "24/7 staffing", {{"staffed_24x7", "true"}}),
    };
    return defaults;
}

std::string ChangesText(const Investment& inv)
{
    std::string s;
    for (const auto& c : inv.changes) s += (s.empty() ? "" : ", ") + OrgChangeText(c);
    return s.empty() ? "nothing" : s;
}

std::optional<std::vector<Investment>> ParseInvestments(const json& j, const std::string& file, std::vector<std::string>& problems)
{
    const size_t before = problems.size();
    auto problem = [&](const std::string& pointer, const char* id, const std::string& what) {
        problems.push_back(file + ": " + (pointer.empty() ? "/" : pointer) + ": [investments." + id + "] " + what);
    };
    std::vector<Investment> out;
    if (!j.is_array()) {
        problem("", "not_list", "expected a list of investments: [{\"id\", \"label\", \"change\": {PARAM: value}}, ...]");
        return std::nullopt;
    }
    if (j.empty()) problem("", "empty", "the list holds no investment");
    for (size_t i = 0; i < j.size(); ++i) {
        const std::string at = "/" + std::to_string(i);
        const json& item = j[i];
        if (!item.is_object()) {
            problem(at, "not_object", "an investment is an object {\"id\", \"label\", \"change\"}");
            continue;
        }
        for (const auto& [key, value] : item.items())
            if (key != "id" && key != "label" && key != "change")
                problem(at + "/" + Token(key), "unknown_key", "unknown key '" + key + "' (known: id, label, change)");
        Investment inv;
        for (const char* key : {"id", "label"}) {
            if (!item.contains(key)) problem(at, "missing", std::string("no \"") + key + "\"");
            else if (!item[key].is_string() || item[key].get<std::string>().empty())
                problem(at + "/" + key, "type", std::string("\"") + key + "\" must be non-empty text");
        }
        if (item.contains("id") && item["id"].is_string()) inv.id = item["id"].get<std::string>();
        if (item.contains("label") && item["label"].is_string()) inv.label = item["label"].get<std::string>();
        if (inv.id == "baseline") problem(at + "/id", "duplicate_id", "'baseline' names the runs without an investment; choose another id");
        for (const auto& seen : out)
            if (!inv.id.empty() && seen.id == inv.id) problem(at + "/id", "duplicate_id", "id '" + inv.id + "' is given twice");
        if (!item.contains("change")) {
            problem(at, "missing", "no \"change\"");
        } else if (!item["change"].is_object()) {
            problem(at + "/change", "type", "\"change\" must be an object {PARAM: value}");
        } else {
            for (const auto& [key, value] : item["change"].items()) {
                const std::string p = at + "/change/" + Token(key);
                if (!KnownParam(key)) problem(p, "unknown_param", "unknown parameter '" + key + "' (known: " + KnownParams() + ")");
                else if (!value.is_boolean() && !value.is_number()) problem(p, "value", "'" + key + "' must be true, false or a number");
                else inv.changes.push_back(OrgChange{"", key, value.dump()});
            }
        }
        out.push_back(std::move(inv));
    }
    if (problems.size() > before) return std::nullopt;
    return out;
}

std::optional<std::vector<Investment>> ReadInvestments(const std::string& path, std::vector<std::string>& problems)
{
    std::ifstream f(path, std::ios::binary);
    if (!f) {
        problems.push_back(path + ": /: [investments.json] cannot be read");
        return std::nullopt;
    }
    std::ostringstream text;
    text << f.rdbuf();
    json j;
    try {
        j = json::parse(text.str());
    } catch (const json::parse_error& e) {
        problems.push_back(path + ": /: [investments.json] not valid JSON: " + e.what());
        return std::nullopt;
    }
    return ParseInvestments(j, path, problems);
}

std::optional<std::vector<Investment>> VaryInvestments(const std::string& spec, std::string* error)
{
    auto fail = [&](const std::string& why) -> std::optional<std::vector<Investment>> {
        if (error) *error = "'" + spec + "': " + why;
        return std::nullopt;
    };
    const size_t eq = spec.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == spec.size()) return fail("expected PARAM=V1,V2,...");
    const std::string key = spec.substr(0, eq);
    if (key.find('.') != std::string::npos) return fail("an investment changes the baseline profile only: name the parameter without a profile");
    if (!KnownParam(key)) return fail("unknown parameter '" + key + "' (known: " + KnownParams() + ")");
    std::vector<Investment> out;
    std::stringstream values(spec.substr(eq + 1));
    for (std::string v; std::getline(values, v, ',');) {
        const json value = json::parse(v, nullptr, false);
        if (value.is_discarded() || (!value.is_boolean() && !value.is_number())) return fail("'" + v + "' is not true, false or a number");
        const std::string name = key + "=" + v;
        for (const auto& seen : out)
            if (seen.id == name) return fail("the value " + v + " is given twice");
        out.push_back(Investment{name, name, {OrgChange{"", key, value.dump()}}});
    }
    if (out.empty()) return fail("no value to vary");
    return out;
}

// [SECTION] Running

namespace {

// The baseline arm, then one per investment: --set first, then the investment's changes made to
// the baseline profile alone.
std::vector<Arm> WhatifArms(OrgProfile baseline, const std::vector<OrgChange>& set, const std::vector<Investment>& investments)
{
    std::vector<Arm> arms{Arm{baseline, set}};
    for (const auto& inv : investments) {
        Arm arm{baseline, set};
        for (OrgChange c : inv.changes) {
            c.profile = OrgName(baseline);
            arm.changes.push_back(c);
        }
        arms.push_back(std::move(arm));
    }
    return arms;
}

} // namespace

const std::vector<const char*>& WhatifAllFigures()
{
    static const std::vector<const char*> figures = [] {
        std::vector<const char*> f = CompareFigures();
        f.push_back("attacker_in_network_s");
        return f;
    }();
    return figures;
}

namespace {

std::vector<ProfileStats> AllStats(const WhatifResult& r)
{
    std::vector<ProfileStats> all{r.baseline_stats};
    for (const auto& inv : r.investments) all.push_back(inv.stats);
    return all;
}

} // namespace

std::vector<const char*> WhatifFigures(const WhatifResult& r)
{
    std::vector<const char*> f = {"attacker_in_network_s", "time_to_detect_s", "time_to_contain_s"};
    if (AnyOutage(AllStats(r))) f.push_back("time_to_restore_s");
    f.push_back("total");
    return f;
}

const char* WhatifLeadFigure(const WhatifResult& r)
{
    const std::vector<ProfileStats> all = AllStats(r);
    if (AnyBreach(all)) return "attacker_in_network_s";
    return AnyOutage(all) ? "time_to_restore_s" : "total";
}

const char* EffectName(Effect e)
{
    switch (e) {
    case Effect::Nothing: return "changes nothing";
    case Effect::Better: return "better";
    case Effect::Worse: return "worse";
    case Effect::Unclear: return "no clear difference";
    }
    return "?";
}

const FigureDifference* InvestmentResult::Find(const std::string& figure) const
{
    for (const auto& d : differences)
        if (d.figure == figure) return &d;
    return nullptr;
}

Effect InvestmentResult::EffectOn(const std::string& figure) const
{
    if (identical) return Effect::Nothing;
    const FigureDifference* d = Find(figure);
    if (!d || !d->ci_known) return Effect::Unclear;
    const double inf = std::numeric_limits<double>::infinity();
    if (d->ci_high.value_or(inf) < 0) return Effect::Better;
    if (d->ci_low.value_or(-inf) > 0) return Effect::Worse;
    return Effect::Unclear;
}

WhatifResult RunWhatif(const WhatifOptions& o)
{
    WhatifResult r;
    r.seed_first = o.seed_first;
    r.seed_last = o.seed_last;
    r.shard = o.shard;
    r.baseline = o.baseline;
    r.org_changes = o.org_changes;
    for (const auto& inv : o.investments) r.investments.push_back(InvestmentResult{inv, {}, {}, false, 0});
    if (o.seed_last < o.seed_first) {
        r.error = "the seed range is empty";
        return r;
    }
    if (o.seed_last - o.seed_first >= 1'000'000) {
        r.error = "at most 1,000,000 seeds";
        return r;
    }
    if (o.investments.empty()) {
        r.error = "no investment to play";
        return r;
    }
    const std::vector<Arm> arms = WhatifArms(o.baseline, o.org_changes, o.investments);
    // Every arm loaded once up front: an investment the loader refuses stops here, by name.
    for (size_t i = 0; i < arms.size(); ++i) {
        const ScenarioInfo info = CheckArms(o.scenario, o.size, o.seed_first, {arms[i]});
        if (!info.error.empty()) {
            r.error = i == 0 ? info.error : "investment '" + o.investments[i - 1].id + "' (" + ChangesText(o.investments[i - 1]) + "): " + info.error;
            return r;
        }
        if (i == 0) {
            r.scenario = info.id;
            r.title = info.title;
            r.currency = info.currency;
            r.content_hash = info.content_hash;
        }
    }
    PlayedRuns p = PlayArms(o.scenario, o.size, arms, ShardSeeds(o.seed_first, o.seed_last, o.shard), o.threads, o.progress);
    r.runs = std::move(p.runs);
    r.threads = p.threads;
    r.wall_seconds = p.wall_seconds;
    if (!o.shard.Active()) SummariseWhatif(r);
    return r;
}

// [SECTION] Summarising and ranking

namespace {

bool SameRun(const RunSummary& a, const RunSummary& b)
{
    if (a.error != b.error || a.state_hash != b.state_hash) return false;
    for (const char* f : WhatifAllFigures())
        if (FigureOf(a, f) != FigureOf(b, f) || Measured(a, f) != Measured(b, f)) return false;
    return true;
}

// A figure's difference as the ranking orders it: the median difference, or, when a median is
// "never", minus infinity (only the baseline's never came: better) or plus infinity (only the
// investment's); 0 when neither has a measured run or both medians are never.
double RankValue(const InvestmentResult& inv, const ProfileStats& base, const std::string& figure)
{
    const FigureDifference* d = inv.Find(figure);
    if (d && d->median) return *d->median;
    const Distribution* a = base.Find(figure);
    const Distribution* b = inv.stats.Find(figure);
    if (!a || !b || !a->runs || !b->runs) return 0;
    const double inf = std::numeric_limits<double>::infinity();
    if (!a->median && b->median) return -inf;
    if (a->median && !b->median) return inf;
    return 0;
}

} // namespace

void SummariseWhatif(WhatifResult& r)
{
    const size_t seeds = (size_t)(r.seed_last - r.seed_first + 1);
    const size_t arms = r.investments.size() + 1;
    if (r.runs.size() != arms * seeds) return; // a bug: the runs are not arms x seeds
    const std::vector<OrgProfile> orgs(arms, r.baseline);
    std::vector<ProfileStats> stats = SummariseRuns(r.runs, orgs, seeds, WhatifAllFigures());
    r.baseline_stats = stats[0];
    const std::span<const RunSummary> runs(r.runs);
    const std::span<const RunSummary> base = runs.subspan(0, seeds);
    for (size_t i = 0; i < r.investments.size(); ++i) {
        InvestmentResult& inv = r.investments[i];
        inv.stats = stats[i + 1];
        const std::span<const RunSummary> mine = runs.subspan((i + 1) * seeds, seeds);
        inv.differences = PairedDifferences(base, mine, r.baseline_stats, inv.stats, WhatifAllFigures());
        inv.identical = std::equal(base.begin(), base.end(), mine.begin(), SameRun);
    }
    r.ranking.clear();
    for (size_t i = 0; i < r.investments.size(); ++i) r.ranking.push_back(i);
    auto key = [&](size_t i) {
        const InvestmentResult& inv = r.investments[i];
        return std::make_tuple(RankValue(inv, r.baseline_stats, "attacker_in_network_s"), RankValue(inv, r.baseline_stats, "time_to_restore_s"),
                               RankValue(inv, r.baseline_stats, "time_to_detect_s"), RankValue(inv, r.baseline_stats, "total"), i);
    };
    std::sort(r.ranking.begin(), r.ranking.end(), [&](size_t a, size_t b) { return key(a) < key(b); });
    for (size_t k = 0; k < r.ranking.size(); ++k) r.investments[r.ranking[k]].rank = k + 1;
}

// [SECTION] Partial results

namespace {

json InvestmentsJson(const std::vector<InvestmentResult>& investments)
{
    json list = json::array();
    for (const auto& ir : investments) {
        json changes = json::array();
        for (const auto& c : ir.investment.changes) changes.push_back(OrgChangeText(c));
        list.push_back({{"id", ir.investment.id}, {"label", ir.investment.label}, {"changes", changes}});
    }
    return list;
}

} // namespace

json WhatifPartial(const WhatifResult& r, const WhatifOptions& o)
{
    json set = json::array();
    for (const auto& c : o.org_changes) set.push_back(OrgChangeText(c));
    const json options{{"baseline", OrgName(o.baseline)}, {"size", o.size}, {"org_changes", set}, {"investments", InvestmentsJson(r.investments)}};
    ScenarioInfo info;
    info.id = r.scenario;
    info.title = r.title;
    info.currency = r.currency;
    info.content_hash = r.content_hash;
    return PartialJson("whatif", o.scenario, info, r.seed_first, r.seed_last, r.shard, options, r.investments.size() + 1, r.runs);
}

WhatifResult WhatifFromParts(const MergedParts& m)
{
    WhatifResult r;
    auto fail = [&](const std::string& why) {
        WhatifResult e;
        e.error = why;
        return e;
    };
    if (!m.error.empty()) return fail(m.error);
    if (m.command != "whatif") return fail("[merge.mismatch] the parts are of " + m.command + ", not whatif");
    const json& o = m.options;
    const auto baseline = o.value("baseline", json()).is_string() ? ParseOrg(o["baseline"].get<std::string>()) : std::nullopt;
    if (!baseline) return fail("[merge.format] /options/baseline is not siloed or converged");
    r.baseline = *baseline;
    auto change = [](const json& c, std::string& why) { return c.is_string() ? ParseOrgChange(c.get<std::string>(), &why) : std::nullopt; };
    for (const auto& c : o.value("org_changes", json::array())) {
        std::string why;
        const auto oc = change(c, why);
        if (!oc) return fail("[merge.format] /options/org_changes: " + (why.empty() ? c.dump() : why));
        r.org_changes.push_back(*oc);
    }
    for (const auto& item : o.value("investments", json::array())) {
        if (!item.is_object() || !item.value("id", json()).is_string() || !item.value("label", json()).is_string())
            return fail("[merge.format] /options/investments: " + item.dump() + " is not {\"id\", \"label\", \"changes\"}");
        Investment inv{item["id"].get<std::string>(), item["label"].get<std::string>(), {}};
        for (const auto& c : item.value("changes", json::array())) {
            std::string why;
            const auto oc = change(c, why);
            if (!oc) return fail("[merge.format] /options/investments: " + (why.empty() ? c.dump() : why));
            inv.changes.push_back(*oc);
        }
        r.investments.push_back(InvestmentResult{inv, {}, {}, false, 0});
    }
    if (r.investments.empty() || m.runs.size() != (r.investments.size() + 1) * (size_t)(m.seed_last - m.seed_first + 1))
        return fail("[merge.format] /options/investments does not match the runs");
    r.scenario = m.scenario.id;
    r.title = m.scenario.title;
    r.currency = m.scenario.currency;
    r.content_hash = m.scenario.content_hash;
    r.seed_first = m.seed_first;
    r.seed_last = m.seed_last;
    r.runs = m.runs;
    SummariseWhatif(r);
    return r;
}

} // namespace bd
