// test_compare.cpp: the siloed-versus-converged comparison (scoring/compare.h): the nearest-rank
// percentiles, the "beat N% of simulated teams" placement, and determinism across thread counts.
// Runs are kept to a few seeds so the suite stays fast.
#include "compare.h"

#include <catch2/catch.hpp>

using namespace bd;
using Opt = std::optional<double>;

TEST_CASE("Compare - nearest-rank percentiles", "[compare]")
{
    SECTION("rank ceil(p/100 n) of an ascending list")
    {
        const std::vector<Opt> v = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        CHECK(*NearestRank(v, 10) == 1);
        CHECK(*NearestRank(v, 50) == 5);
        CHECK(*NearestRank(v, 90) == 9);
        CHECK(*NearestRank(v, 100) == 10);
        const std::vector<Opt> three = {10, 20, 30};
        CHECK(*NearestRank(three, 10) == 10); // rank ceil(0.3) = 1
        CHECK(*NearestRank(three, 50) == 20); // rank ceil(1.5) = 2
        CHECK(*NearestRank(three, 90) == 30); // rank ceil(2.7) = 3
    }
    SECTION("never sorts last and a percentile can land on it")
    {
        const Distribution d = Distribute({Opt(), 5, Opt(), 1});
        CHECK(d.runs == 4);
        CHECK(d.never == 2);
        CHECK(*d.p10 == 1);
        CHECK(*d.median == 5);    // rank 2
        CHECK_FALSE(d.p90.has_value()); // rank 4: never
    }
    SECTION("empty list: nothing")
    {
        CHECK_FALSE(NearestRank({}, 50).has_value());
        CHECK(Distribute({}).runs == 0);
    }
}

TEST_CASE("Compare - percent of simulated teams beaten", "[compare]")
{
    const std::vector<Opt> others = {10, 20, 30, Opt()};
    CHECK(*PercentBeaten(15, others) == 75);   // 20, 30 and never
    CHECK(*PercentBeaten(20, others) == 50);   // a tie does not count
    CHECK(*PercentBeaten(40, others) == 25);   // only never
    CHECK(*PercentBeaten(Opt(), others) == 0); // never beats nobody
    CHECK_FALSE(PercentBeaten(1, {}).has_value());
}

TEST_CASE("Compare - deterministic / and the same with 1 and 2 threads", "[compare]")
{
    CompareOptions o;
    o.scenario = "ransomware-phish";
    o.seed_first = 3;
    o.seed_last = 6;
    o.threads = 1;
    size_t calls = 0;
    o.progress = [&](size_t done, size_t total) {
        ++calls;
        CHECK(done <= total);
    };
    const CompareResult one = RunCompare(o);
    REQUIRE(one.error.empty());
    CHECK(calls == 8);
    o.threads = 2;
    const CompareResult two = RunCompare(o);
    REQUIRE(two.error.empty());
    CHECK(ToJson(one) == ToJson(two));
    CHECK(FormatCompareText(one) == FormatCompareText(two));
    REQUIRE(one.runs.size() == 8);
    CHECK(one.runs[0].seed == 3);
    CHECK(one.runs[0].org == OrgProfile::Siloed);
    CHECK(one.runs[4].org == OrgProfile::Converged);
    REQUIRE(one.profiles.size() == 2);
    CHECK(one.profiles[0].runs == 4);
    CHECK(one.profiles[0].Find("time_to_detect_s")->values.size() == 4);
    const auto j = ToJson(one);
    CHECK(j["percentile_method"].get<std::string>().find("nearest-rank") == 0);
    CHECK(j["difference"]["of"] == "converged");
    CHECK(j["runs"].size() == 8);

    SECTION("a run equals a plain run of the same seed")
    {
        CompareOptions single = o;
        single.seed_first = single.seed_last = 5;
        single.orgs = {OrgProfile::Converged};
        const CompareResult r = RunCompare(single);
        REQUIRE(r.runs.size() == 1);
        CHECK(r.runs[0].state_hash == one.runs[6].state_hash);
    }
}

TEST_CASE("Compare - failing inputs", "[compare]")
{
    CompareOptions o;
    SECTION("a scenario that does not load names the problem")
    {
        o.scenario = "no-such-scenario";
        const CompareResult r = RunCompare(o);
        CHECK_FALSE(r.error.empty());
        CHECK(r.runs.empty());
        CHECK(ToJson(r).contains("error"));
    }
    SECTION("an empty seed range")
    {
        o.scenario = "ransomware-phish";
        o.seed_first = 5;
        o.seed_last = 4;
        CHECK(RunCompare(o).error == "the seed range is empty");
    }
}

TEST_CASE("Compare - the HTML page is self-contained", "[compare]")
{
    CompareOptions o;
    o.scenario = "ransomware-phish";
    o.seed_first = 1;
    o.seed_last = 3;
    const std::string html = CompareHtml(RunCompare(o));
    CHECK(html.find("http://") == std::string::npos);
    CHECK(html.find("https://") == std::string::npos);
    CHECK(html.find("<svg") != std::string::npos);
    CHECK(html.find("<script") == std::string::npos);
}

TEST_CASE("Compare - \"never contained\" means one thing: the table's never column and the summary agree", "[compare]")
{
    // Four seeds of one profile: detected and contained; contained but never detected; no breach
    // at all; detected and never contained.
    auto run = [](uint64_t seed, Outcomes oc, std::optional<ScoreTime> detect, std::optional<ScoreTime> contain) {
        RunSummary s;
        s.seed = seed;
        s.outcomes = oc;
        s.time_to_detect_s = detect;
        s.time_to_contain_s = contain;
        s.contained = oc.contained == Reach::Reached || oc.contained == Reach::Undetected;
        return s;
    };
    const std::vector<RunSummary> runs = {
        run(1, {Reach::Reached, Reach::Reached, Reach::Reached}, 3600, 7200),
        run(2, {Reach::Never, Reach::Undetected, Reach::Undetected}, std::nullopt, std::nullopt),
        run(3, {Reach::NoBreach, Reach::NoBreach, Reach::NoBreach}, std::nullopt, std::nullopt),
        run(4, {Reach::Reached, Reach::Never, Reach::Never}, 1800, std::nullopt),
    };
    const auto stats = SummariseRuns(runs, {OrgProfile::Siloed}, 4);
    REQUIRE(stats.size() == 1);
    const ProfileStats& p = stats[0];
    CHECK(p.runs == 4);
    CHECK(p.never_contained == 1);   // seed 4 only: seed 2 was contained, seed 3 never breached
    CHECK(p.contained_undetected == 1);
    CHECK(p.no_breach == 1);
    CHECK(p.never_detected == 1);    // seed 2; seed 3 had nothing to detect
    CHECK(p.never_recovered == 1);   // seed 4; seed 2 recovered, undetected
    const Distribution* contain = p.Find("time_to_contain_s");
    CHECK(contain->never == p.never_contained); // the table and the summary: the same count
    CHECK(contain->runs == 2);                  // of the same runs (1 and 4)
    const Distribution* detect = p.Find("time_to_detect_s");
    CHECK(detect->never == p.never_detected);
    CHECK(detect->runs == 3);
    CHECK(p.Find("total")->runs == 4); // costs: every run

    CompareResult r;
    r.scenario = "x";
    r.seed_first = 1;
    r.seed_last = 4;
    r.runs = runs;
    r.profiles = stats;
    const std::string text = FormatCompareText(r);
    CHECK(text.find("never 1/3") != std::string::npos);     // detected: 1 of the 3 breached
    CHECK(text.find("never 1/2") != std::string::npos);     // contained: 1 of the 2 measured, as the table
    CHECK(text.find("not counted: 1 run(s) where the breach never began; 1 contained and 1 recovered without being detected") !=
          std::string::npos);
}

TEST_CASE("Compare - outcomes of a scorecard", "[compare]")
{
    Scorecard c;
    CHECK(OutcomesOf(c).detected == Reach::NoBreach);
    c.attack_start_s = 100;
    CHECK(OutcomesOf(c).detected == Reach::Never);
    CHECK(OutcomesOf(c).contained == Reach::Never);
    c.contained_at_s = 500;
    CHECK(OutcomesOf(c).contained == Reach::Undetected);
    c.detected_at_s = 300;
    c.time_to_contain_s = 200;
    CHECK(OutcomesOf(c).contained == Reach::Reached);
    CHECK(OutcomesOf(c).recovered == Reach::Never);
    CHECK(std::string(ReachName(Reach::NoBreach)) == "no_breach");
}
