// test_whatif.cpp: which change buys the most (scoring/whatif.h), and the sweep's shards and their
// merge (scoring/sweep.h). The tests rely on the parameters' keys only, never on what a parameter
// does to a run: an investment that changes nothing is one with no change at all. Runs are kept to
// a few seeds so the suite stays fast.
#include "sweep.h"
#include "whatif.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <limits>
#include <set>

using namespace bd;
using nlohmann::json;

namespace {

WhatifOptions SmallWhatif()
{
    WhatifOptions o;
    o.scenario = "ransomware-phish";
    o.seed_first = 1;
    o.seed_last = 6;
    o.threads = 2;
    return o;
}

const Investment kNothing{"nothing", "Nothing at all", {}};

} // namespace

TEST_CASE("Whatif - ranks and reports each investment", "[whatif]")
{
    WhatifOptions o = SmallWhatif();
    o.investments = DefaultInvestments();
    o.investments.push_back(kNothing);
    const WhatifResult r = RunWhatif(o);
    REQUIRE(r.error.empty());
    REQUIRE(r.investments.size() == 7);
    CHECK(r.runs.size() == 7 * 6 + 6);
    // Every investment ranked once, 1..7, and the ranking follows the rule: the median difference
    // in the attacker's time in the network ascending (a null one, "never" on a side, is not compared here).
    REQUIRE(r.ranking.size() == 7);
    std::set<size_t> ranks;
    for (const auto& inv : r.investments) ranks.insert(inv.rank);
    CHECK(ranks == std::set<size_t>{1, 2, 3, 4, 5, 6, 7});
    for (size_t k = 0; k < r.ranking.size(); ++k) CHECK(r.investments[r.ranking[k]].rank == k + 1);
    for (size_t k = 1; k < r.ranking.size(); ++k) {
        const auto* a = r.investments[r.ranking[k - 1]].Find("attacker_in_network_s");
        const auto* b = r.investments[r.ranking[k]].Find("attacker_in_network_s");
        REQUIRE(a);
        REQUIRE(b);
        if (a->median && b->median) CHECK(*a->median <= *b->median);
    }
    const std::string text = FormatWhatifText(r);
    const json j = ToJson(r);
    REQUIRE(j["investments"].size() == 7);
    CHECK(j["ranking"].size() == 7);
    CHECK(j["runs"].size() == r.runs.size());
    CHECK(j["runs"][0]["arm"] == "baseline");
    CHECK(j["runs"][6]["arm"] == "shared-tooling");
    for (const auto& inv : r.investments) {
        INFO(inv.investment.label);
        CHECK(text.find(inv.investment.label) != std::string::npos);
        CHECK(text.find(ChangesText(inv.investment)) != std::string::npos);
    }
    CHECK(j["investments"][0]["changes"][0] == "shared_tools=true");
    const std::string headline = WhatifHeadline(r);
    CHECK(headline.rfind("Of seven investments, ", 0) == 0);
    CHECK(headline.find(r.investments[r.ranking.front()].investment.label.substr(1)) != std::string::npos);
    CHECK(text.find(headline) != std::string::npos);
    const std::string html = WhatifHtml(r);
    CHECK(html.find(headline.substr(0, 40)) != std::string::npos);
    CHECK(html.find("<svg") != std::string::npos);
    CHECK(html.find("http://") == std::string::npos);
    CHECK(html.find("https://") == std::string::npos);
    CHECK(html.find("<script") == std::string::npos);
}

TEST_CASE("Whatif - an investment that changes nothing gives zero differences", "[whatif]")
{
    WhatifOptions o = SmallWhatif();
    o.investments = {kNothing};
    const WhatifResult r = RunWhatif(o);
    REQUIRE(r.error.empty());
    REQUIRE(r.investments.size() == 1);
    const InvestmentResult& inv = r.investments[0];
    CHECK(inv.identical);
    REQUIRE(inv.differences.size() == WhatifAllFigures().size());
    for (const auto& d : inv.differences) {
        INFO(d.figure);
        if (d.median) CHECK(*d.median == 0);
        CHECK(d.lower == 0);
        CHECK(d.higher == 0);
        CHECK(d.sign_p == 1);
        if (d.ci_low) CHECK(*d.ci_low == 0);
        if (d.ci_high) CHECK(*d.ci_high == 0);
    }
    for (const char* f : WhatifFigures(r)) CHECK(inv.EffectOn(f) == Effect::Nothing);
    CHECK(WhatifHeadline(r).find("changes nothing in these runs") != std::string::npos);
    CHECK(FormatWhatifText(r).find("every run identical to the baseline's") != std::string::npos);
    CHECK(ToJson(r)["investments"][0]["identical"] == true);
}

TEST_CASE("Whatif - --vary gives one investment per value", "[whatif]")
{
    std::string why;
    const auto v = VaryInvestments("secops_analysts=1,2,3", &why);
    REQUIRE(v);
    REQUIRE(v->size() == 3);
    CHECK((*v)[0].id == "secops_analysts=1");
    CHECK((*v)[2].label == "secops_analysts=3");
    REQUIRE((*v)[1].changes.size() == 1);
    CHECK((*v)[1].changes[0].key == "secops_analysts");
    CHECK((*v)[1].changes[0].value == "2");
    WhatifOptions o = SmallWhatif();
    o.investments = *v;
    const WhatifResult r = RunWhatif(o);
    REQUIRE(r.error.empty());
    CHECK(r.investments.size() == 3);
    CHECK(r.runs.size() == 4 * 6);

    SECTION("failing specs, each with its reason")
    {
        CHECK_FALSE(VaryInvestments("secops_analyst=1,2", &why));
        CHECK(why.find("unknown parameter 'secops_analyst' (known: change_approval_s,") != std::string::npos);
        CHECK_FALSE(VaryInvestments("secops_analysts", &why));
        CHECK(why.find("expected PARAM=V1,V2") != std::string::npos);
        CHECK_FALSE(VaryInvestments("secops_analysts=two", &why));
        CHECK(why.find("'two' is not true, false or a number") != std::string::npos);
        CHECK_FALSE(VaryInvestments("siloed.secops_analysts=2", &why));
        CHECK(why.find("baseline profile only") != std::string::npos);
        CHECK_FALSE(VaryInvestments("secops_analysts=2,2", &why));
        CHECK(why.find("given twice") != std::string::npos);
    }
}

TEST_CASE("Whatif - a bad investments file names the file / the pointer and the problem", "[whatif]")
{
    const json bad = json::parse(R"([
        {"id": "a", "label": "A", "change": {"secops_analyst": 2}},
        {"id": "a", "label": "", "change": {"staffed_24x7": "yes"}, "cost": 5},
        {"label": "No id", "change": []},
        7
    ])");
    std::vector<std::string> problems;
    CHECK_FALSE(ParseInvestments(bad, "inv.json", problems));
    const auto has = [&](const std::string& p) { return std::find(problems.begin(), problems.end(), p) != problems.end(); };
    std::string known;
    for (const char* k : OrgParamKeys()) known += (known.empty() ? "" : ", ") + std::string(k);
    CHECK(has("inv.json: /0/change/secops_analyst: [investments.unknown_param] unknown parameter 'secops_analyst' (known: " + known + ")"));
    CHECK(has("inv.json: /1/cost: [investments.unknown_key] unknown key 'cost' (known: id, label, change)"));
    CHECK(has("inv.json: /1/label: [investments.type] \"label\" must be non-empty text"));
    CHECK(has("inv.json: /1/id: [investments.duplicate_id] id 'a' is given twice"));
    CHECK(has("inv.json: /1/change/staffed_24x7: [investments.value] 'staffed_24x7' must be true, false or a number"));
    CHECK(has("inv.json: /2: [investments.missing] no \"id\""));
    CHECK(has("inv.json: /2/change: [investments.type] \"change\" must be an object {PARAM: value}"));
    CHECK(has("inv.json: /3: [investments.not_object] an investment is an object {\"id\", \"label\", \"change\"}"));
    CHECK(problems.size() == 8);

    SECTION("not a list, and an empty list")
    {
        problems.clear();
        CHECK_FALSE(ParseInvestments(json::object(), "x.json", problems));
        REQUIRE(problems.size() == 1);
        CHECK(problems[0].rfind("x.json: /: [investments.not_list]", 0) == 0);
        problems.clear();
        CHECK_FALSE(ParseInvestments(json::array(), "x.json", problems));
        CHECK(problems == std::vector<std::string>{"x.json: /: [investments.empty] the list holds no investment"});
    }
    SECTION("a good file reads, values as JSON text, the changes in the keys' alphabetical order")
    {
        problems.clear();
        const auto v = ParseInvestments(json::parse(R"([{"id": "soc", "label": "SOC", "change": {"secops_analysts": 3, "handoff_factor": 0.5}}])"),
                                        "ok.json", problems);
        REQUIRE(v);
        CHECK(problems.empty());
        CHECK(ChangesText((*v)[0]) == "handoff_factor=0.5, secops_analysts=3");
    }
}

TEST_CASE("Whatif - the same result with 1 and 2 threads", "[whatif]")
{
    WhatifOptions o = SmallWhatif();
    o.investments = {DefaultInvestments()[0], DefaultInvestments()[1]};
    o.threads = 1;
    const WhatifResult one = RunWhatif(o);
    o.threads = 2;
    const WhatifResult two = RunWhatif(o);
    REQUIRE(one.error.empty());
    CHECK(one.threads == 1);
    CHECK(two.threads == 2);
    CHECK(ToJson(one).dump() == ToJson(two).dump());
    CHECK(FormatWhatifText(one) == FormatWhatifText(two));
    CHECK(WhatifHtml(one) == WhatifHtml(two));
}

TEST_CASE("Merge - a run reads back exactly from its partial form", "[merge]")
{
    RunSummary s;
    s.seed = 42;
    s.org = OrgProfile::Converged;
    s.time_to_detect_s = 1234;
    s.foothold_time_s = 5678;
    s.intrusions = 3;
    s.contained = true;
    s.outcomes = {Reach::Reached, Reach::Never, Reach::Undetected};
    s.attacker_caused = 0.1 + 0.2; // not a round number: the text must keep every bit
    s.self_inflicted = 1e-7;
    s.total = s.attacker_caused + s.self_inflicted;
    s.end_reason = "duration";
    s.state_hash = "abc";
    std::string why;
    const auto back = RunFromJson(json::parse(RunJson(s).dump()), &why);
    REQUIRE(back);
    CHECK(back->seed == 42);
    CHECK(back->org == OrgProfile::Converged);
    CHECK(back->time_to_detect_s == 1234);
    CHECK(back->foothold_time_s == 5678);
    CHECK(back->intrusions == 3);
    CHECK_FALSE(back->time_to_contain_s);
    CHECK(back->outcomes.contained == Reach::Never);
    CHECK(back->outcomes.recovered == Reach::Undetected);
    CHECK(back->attacker_caused == s.attacker_caused);
    CHECK(back->total == s.total);
    CHECK(RunJson(*back) == RunJson(s));
}

TEST_CASE("Merge - shards cover every seed once / round-robin", "[merge]")
{
    std::string why;
    CHECK(ShardSeeds(1, 10, *ParseShard("1/4", &why)) == std::vector<uint64_t>{1, 5, 9});
    CHECK(ShardSeeds(1, 10, *ParseShard("4/4", &why)) == std::vector<uint64_t>{4, 8});
    CHECK(ShardSeeds(1, 2, *ParseShard("3/4", &why)).empty());
    CHECK(ShardSeeds(7, 9, Shard{}) == std::vector<uint64_t>{7, 8, 9});
    CHECK_FALSE(ParseShard("0/4", &why));
    CHECK(why.find("K = index + 1") != std::string::npos);
    CHECK_FALSE(ParseShard("5/4", &why));
    CHECK_FALSE(ParseShard("2", &why));
    CHECK_FALSE(ParseShard("1/0", &why));
}

TEST_CASE("Merge - shards merge into the unsharded comparison / and refuse what does not belong", "[merge]")
{
    CompareOptions o;
    o.scenario = "exploited-webapp";
    o.seed_first = 2;
    o.seed_last = 8;
    o.threads = 2;
    const CompareResult whole = RunCompare(o);
    REQUIRE(whole.error.empty());
    std::vector<std::pair<std::string, json>> parts;
    for (uint64_t k = 1; k <= 3; ++k) {
        CompareOptions s = o;
        s.shard = Shard{k, 3};
        const CompareResult r = RunCompare(s);
        REQUIRE(r.error.empty());
        CHECK(r.profiles.empty()); // a shard summarises nothing
        parts.emplace_back("part" + std::to_string(k) + ".json", json::parse(ComparePartial(r, s).dump()));
    }
    const CompareResult merged = CompareFromParts(MergePartials(parts));
    REQUIRE(merged.error.empty());
    CHECK(ToJson(merged).dump() == ToJson(whole).dump());
    CHECK(FormatCompareText(merged) == FormatCompareText(whole));
    CHECK(CompareHtml(merged) == CompareHtml(whole));

    SECTION("a missing shard")
    {
        parts.pop_back();
        CHECK(MergePartials(parts).error == "[merge.missing_shard] shard 3/3 missing: 2 of 3 parts given");
    }
    SECTION("a shard twice")
    {
        parts[2] = {"again.json", parts[0].second};
        CHECK(MergePartials(parts).error == "[merge.duplicate_shard] again.json: shard 1/3 is also part1.json: give each shard once");
    }
    SECTION("a part of another sweep")
    {
        parts[1].second["options"]["size"] = 500;
        CHECK(MergePartials(parts).error.rfind("[merge.mismatch] part2.json: its options ", 0) == 0);
        parts[1].second["options"]["size"] = 0;
        parts[1].second["seeds"]["last"] = 9u;
        CHECK(MergePartials(parts).error.rfind("[merge.mismatch] part2.json: its seed range ", 0) == 0);
    }
    SECTION("not a partial result")
    {
        parts[0].second = json{{"scenario", "x"}};
        CHECK(MergePartials(parts).error.rfind("[merge.format] part1.json: not a partial result", 0) == 0);
    }
    SECTION("a part whose runs are not its seeds")
    {
        parts[1].second["runs"][0]["seed"] = 4u; // shard 2/3 of 2..8 plays seeds 3 and 6
        CHECK(MergePartials(parts).error == "[merge.runs] part2.json: /runs/0: seed 4 where shard 2/3 plays seed 3");
        parts[1].second["runs"].erase(0);
        CHECK(MergePartials(parts).error.rfind("[merge.runs] part2.json: /runs holds", 0) == 0);
    }
}

TEST_CASE("Merge - whatif shards merge into the unsharded whatif", "[merge]")
{
    WhatifOptions o = SmallWhatif();
    o.investments = {DefaultInvestments()[0], kNothing};
    const WhatifResult whole = RunWhatif(o);
    REQUIRE(whole.error.empty());
    std::vector<std::pair<std::string, json>> parts;
    for (uint64_t k = 1; k <= 4; ++k) {
        WhatifOptions s = o;
        s.shard = Shard{k, 4};
        const WhatifResult r = RunWhatif(s);
        REQUIRE(r.error.empty());
        parts.emplace_back("w" + std::to_string(k) + ".json", json::parse(WhatifPartial(r, s).dump()));
    }
    std::reverse(parts.begin(), parts.end()); // the order the parts are given in does not matter
    const WhatifResult merged = WhatifFromParts(MergePartials(parts));
    REQUIRE(merged.error.empty());
    CHECK(ToJson(merged).dump() == ToJson(whole).dump());
    CHECK(FormatWhatifText(merged) == FormatWhatifText(whole));
    CHECK(WhatifHtml(merged) == WhatifHtml(whole));
    CHECK(CompareFromParts(MergePartials(parts)).error == "[merge.mismatch] the parts are of whatif, not compare");
}

TEST_CASE("Whatif - ranked by the attacker's time in the network - detecting earlier and containing at the same moment ranks ahead", "[whatif]")
{
    // Four seeds; the baseline detects after 1 h and contains 2 h later. "Nothing" changes nothing;
    // "Earlier" detects 30 min sooner and contains at the same moment (so its time to contain is
    // 30 min longer); "Never" never contains. Ranked by time to contain, "Earlier" would come after
    // "Nothing"; by the attacker's time in the network they tie, and the sooner detection decides.
    const uint64_t seeds = 4;
    auto run = [](uint64_t seed, std::optional<ScoreTime> detect, std::optional<ScoreTime> contain, const char* hash) {
        RunSummary s;
        s.seed = seed;
        s.time_to_detect_s = detect;
        s.time_to_contain_s = contain;
        s.outcomes = {detect ? Reach::Reached : Reach::Never, contain ? Reach::Reached : Reach::Never, Reach::Never};
        s.contained = contain.has_value();
        s.end_reason = "duration";
        s.state_hash = hash;
        return s;
    };
    WhatifResult r;
    r.seed_first = 1;
    r.seed_last = seeds;
    for (const char* id : {"nothing", "never", "earlier"}) r.investments.push_back(InvestmentResult{Investment{id, id, {}}, {}, {}, false, 0});
    for (uint64_t s = 1; s <= seeds; ++s) r.runs.push_back(run(s, 3600, 7200, "base"));
    for (uint64_t s = 1; s <= seeds; ++s) r.runs.push_back(run(s, 3600, 7200, "base"));
    for (uint64_t s = 1; s <= seeds; ++s) r.runs.push_back(run(s, 3600, std::nullopt, "never"));
    for (uint64_t s = 1; s <= seeds; ++s) r.runs.push_back(run(s, 1800, 9000, "earlier"));
    SummariseWhatif(r);
    REQUIRE(r.ranking.size() == 3);
    CHECK(r.investments[r.ranking[0]].investment.id == "earlier");
    CHECK(r.investments[r.ranking[1]].investment.id == "nothing");
    CHECK(r.investments[r.ranking[2]].investment.id == "never"); // never contained: after every contained one
    const InvestmentResult& earlier = r.investments[2];
    CHECK(earlier.Find("attacker_in_network_s")->median == 0.0);
    CHECK(earlier.Find("time_to_detect_s")->median == -1800.0);
    CHECK(earlier.Find("time_to_contain_s")->median == 1800.0);
    CHECK(r.baseline_stats.Find("attacker_in_network_s")->median == 10800.0);
    CHECK(r.investments[0].identical);
    // The figure is a column of the table, a field of the JSON and a chart of the page.
    const std::string text = FormatWhatifText(r);
    CHECK(text.find("Attacker in the network") != std::string::npos);
    CHECK(text.find("03:00:00") != std::string::npos);
    const nlohmann::json j = ToJson(r);
    CHECK(j["baseline_figures"]["figures"]["attacker_in_network_s"]["median"] == 10800.0);
    CHECK(j["investments"][2]["difference"]["attacker_in_network_s"]["median"] == 0.0);
    CHECK(j["investments"][1]["effect"].contains("attacker_in_network_s"));
    CHECK(std::string(j["ranking_rule"]).find("attacker's time in the network") != std::string::npos);
    CHECK(WhatifHtml(r).find("Attacker in the network") != std::string::npos);
}

TEST_CASE("Whatif - a scenario without an attacker: ranked by time to restore, and no word of an attacker", "[whatif]")
{
    WhatifOptions o = SmallWhatif();
    o.scenario = "faulty-vendor-update";
    o.seed_last = 4;
    o.investments = {kNothing, DefaultInvestments()[1]}; // nothing; faster change approval
    const WhatifResult r = RunWhatif(o);
    REQUIRE(r.error.empty());
    CHECK(std::string(WhatifLeadFigure(r)) == "time_to_restore_s");
    const auto figures = WhatifFigures(r);
    CHECK(std::find(figures.begin(), figures.end(), std::string("time_to_restore_s")) != figures.end());
    const std::string headline = WhatifHeadline(r);
    INFO(headline);
    CHECK(headline.find("attacker") == std::string::npos);
    CHECK(headline.find("restore") != std::string::npos);
    CHECK(FormatWhatifText(r).find("Time to restore (outage)") != std::string::npos);
}
