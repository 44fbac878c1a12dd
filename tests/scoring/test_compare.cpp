// test_compare.cpp: the siloed-versus-converged comparison (scoring/compare.h): the nearest-rank
// percentiles, the "beat N% of simulated teams" placement, and determinism across thread counts.
// Runs are kept to a few seeds so the suite stays fast.
#include "compare.h"
#include "sweep.h"
#include "sim/simulation.h"
#include "world/scenario.h"

#include <algorithm>

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

TEST_CASE("Compare - the sign test", "[compare]")
{
    CHECK(SignTestP(8, 0) == Approx(2.0 / 256));     // 2 * (1/2)^8
    CHECK(SignTestP(0, 8) == Approx(2.0 / 256));
    CHECK(SignTestP(5, 5) == Approx(1));
    CHECK(SignTestP(0, 0) == 1);
    CHECK(SignTestP(63, 17) < 0.001);
    CHECK(SignTestP(9, 1) == Approx(2.0 * 11 / 1024)); // P(X <= 1) = (1 + 10) / 1024
}

TEST_CASE("Compare - differences: bootstrap interval, seed by seed, the headline, the page", "[compare]")
{
    // Ten seeds: converged contains 2 h faster on eight of them, 1 h slower on one, the same on one;
    // costs are 0 everywhere (no chart for them).
    std::vector<RunSummary> runs;
    for (int org = 0; org < 2; ++org)
        for (uint64_t seed = 1; seed <= 10; ++seed) {
            RunSummary s;
            s.seed = seed;
            s.org = org ? OrgProfile::Converged : OrgProfile::Siloed;
            s.outcomes = {Reach::Reached, Reach::Reached, Reach::Reached};
            s.contained = true;
            s.time_to_detect_s = 3600;
            const ScoreTime base = 3600 * (ScoreTime)(10 + seed);
            s.time_to_contain_s = !org ? base : seed <= 8 ? base - 7200 : seed == 9 ? base + 3600 : base;
            s.time_to_recover_s = *s.time_to_contain_s + 3600;
            runs.push_back(s);
        }
    CompareResult r;
    r.scenario = "x";
    r.title = "X";
    r.currency = "EUR";
    r.seed_first = 1;
    r.seed_last = 10;
    r.runs = runs;
    r.profiles = SummariseRuns(runs, {OrgProfile::Siloed, OrgProfile::Converged}, 10);
    r.differences = Differences(r, 0, 1);
    REQUIRE(r.differences.size() == CompareFigures().size());
    const FigureDifference& c = r.differences[1];
    REQUIRE(c.figure == "time_to_contain_s");
    CHECK(c.lower == 8);
    CHECK(c.higher == 1);
    CHECK(c.equal == 1);
    CHECK(c.sign_p == Approx(SignTestP(8, 1)));
    REQUIRE(c.median.has_value());
    CHECK(*c.median == -7200); // medians: siloed rank 5 of 11..20 h = 15 h; converged 13 h
    REQUIRE(c.ci_known);
    REQUIRE((c.ci_low && c.ci_high));
    CHECK(*c.ci_low <= *c.median);
    CHECK(*c.ci_high >= *c.median);
    // Reproducible: the generator is seeded, not the clock.
    const auto again = Differences(r, 0, 1);
    CHECK(again[1].ci_low == c.ci_low);
    CHECK(again[1].ci_high == c.ci_high);

    const std::string headline = CompareHeadline(r);
    INFO(headline);
    CHECK(headline.rfind("Converged contained the attacker 02:00:00 faster than siloed (median; 95% CI ", 0) == 0);
    CHECK(headline.find("better on 8 of 9 seeds that differed (sign test p = 0.039)") != std::string::npos);

    const std::string html = CompareHtml(r);
    CHECK(html.find(headline.substr(0, 40)) < html.find("<table>")); // the page opens with it
    // The never column holds the never difference; seed by seed has its own column.
    CHECK(html.find("<td class=\"num\"><em>0</em></td><td><em>converged lower on 8, higher on 1, equal on 1</em>") != std::string::npos);
    CHECK(html.find("Every run: 0 EUR (nothing to chart).") != std::string::npos);
    CHECK(html.find("aria-label=\"Impact, total downtime cost\"") == std::string::npos); // no all-zero chart
    CHECK(html.find("aria-label=\"Time to contain\"") != std::string::npos);
    const auto j = ToJson(r);
    CHECK(j["difference"]["figures"]["time_to_contain_s"]["seeds_lower"] == 8);
    CHECK(j["difference"]["figures"]["time_to_contain_s"]["median_ci95"].size() == 2);
    CHECK(j["headline"] == headline);
}

TEST_CASE("Compare - cost axes name the currency", "[compare]")
{
    std::vector<RunSummary> runs;
    for (uint64_t seed = 1; seed <= 3; ++seed) {
        RunSummary s;
        s.seed = seed;
        s.total = s.attacker_caused = 1000.0 * (double)seed;
        runs.push_back(s);
    }
    CompareResult r;
    r.currency = "EUR";
    r.seed_first = 1;
    r.seed_last = 3;
    r.runs = runs;
    r.profiles = SummariseRuns(runs, {OrgProfile::Siloed}, 3);
    CHECK(CompareSvg(r, "total").find("cost in EUR") != std::string::npos);
}

TEST_CASE("Compare - an outage that is not an attack: time to restore per profile, and no word of an attacker", "[compare]")
{
    CompareOptions o;
    o.scenario = "faulty-vendor-update";
    o.seed_first = 1;
    o.seed_last = 8;
    o.threads = 2;
    const CompareResult r = RunCompare(o);
    REQUIRE(r.error.empty());
    REQUIRE(r.profiles.size() == 2);
    for (const auto& p : r.profiles) {
        INFO(OrgName(p.org));
        CHECK(p.no_breach == p.runs);
        CHECK(p.outage == p.runs);
        const Distribution* d = p.Find("time_to_restore_s");
        REQUIRE(d);
        CHECK(d->runs == 8);
        CHECK(d->never == p.never_restored);
        REQUIRE(d->median);
        CHECK(*d->median > 0);
        CHECK(p.Find("time_to_contain_s")->runs == 0); // nothing to contain: not a "never"
    }
    // Each run's restore time is its scorecard's (sweep.cpp copies it), and a merge reads it back.
    for (const auto& run : r.runs) {
        CHECK(run.outage);
        std::string why;
        const auto back = RunFromJson(RunJson(run), &why);
        REQUIRE(back);
        CHECK(back->time_to_restore_s == run.time_to_restore_s);
        CHECK(back->outage);
    }
    const std::string headline = CompareHeadline(r);
    const std::string text = FormatCompareText(r);
    const std::string html = CompareHtml(r);
    const nlohmann::json j = ToJson(r);
    INFO(headline);
    CHECK(headline.find("attacker") == std::string::npos);
    CHECK(headline.find("restored the business") != std::string::npos);
    CHECK(headline.find(" sooner than siloed (median; 95% CI ") != std::string::npos);
    CHECK(text.find(headline) != std::string::npos);
    CHECK(text.find("never contained") == std::string::npos);
    CHECK(text.find("Time to restore (outage)") != std::string::npos);
    CHECK(text.find("No breach began in any run") != std::string::npos);
    CHECK(html.find("contained the attacker") == std::string::npos);
    CHECK(html.find("Every run: 00:00:00") == std::string::npos); // a time no run measured is not a time of zero
    CHECK(j["profiles"][0]["figures"]["time_to_restore_s"]["runs"] == 8);
    CHECK(j["difference"]["figures"].contains("time_to_restore_s"));
    CHECK(j["runs"][0]["time_to_restore_s"].is_number_integer());
}

TEST_CASE("Compare - an attack scenario: the same as before apart from the time to restore", "[compare]")
{
    // The first six figures keep their bootstrap salts (1..6, the order they had), so their
    // intervals are what they were before the time to restore joined the figures.
    const char* before[] = {"time_to_detect_s", "time_to_contain_s", "time_to_recover_s", "attacker_caused", "self_inflicted", "total"};
    for (uint64_t i = 0; i < 6; ++i) CHECK(FigureSalt(before[i]) == i + 1);
    CompareOptions o;
    o.scenario = "ransomware-phish";
    o.seed_first = 1;
    o.seed_last = 6;
    o.threads = 2;
    const CompareResult r = RunCompare(o);
    REQUIRE(r.error.empty());
    const std::string headline = CompareHeadline(r);
    CHECK((headline.rfind("Converged contained the attacker", 0) == 0 || headline.rfind("Half or more of the", 0) == 0));
    const std::string text = FormatCompareText(r);
    CHECK(text.find("NEVER HAPPENED") != std::string::npos);
    CHECK(text.find("OUTAGE NOT RESTORED") == std::string::npos);
    CHECK(text.find("Time to restore (outage)          median") != std::string::npos);
    CHECK(text.find("  siloed                          - (no operations outage)") != std::string::npos);
    for (const auto& p : r.profiles) {
        CHECK(p.outage == 0);
        CHECK(p.Find("time_to_restore_s")->runs == 0);
    }
}

TEST_CASE("Compare - a stage is reached when the attacker completed it, not when a re-entry is written under its number", "[compare]")
{
    // ransomware-phish seed 2, siloed: contained after the ERP database (stage index 8), the attacker
    // phishes its way back in; that re-entry is written under stage 9 (the staging of the records),
    // which it never does. Counting technique records said stage 9 was reached.
    CompareOptions o;
    o.scenario = "ransomware-phish";
    o.seed_first = 2;
    o.seed_last = 2;
    o.threads = 1;
    const CompareResult r = RunCompare(o);
    REQUIRE(r.error.empty());
    const RunSummary* siloed = nullptr;
    for (const auto& run : r.runs)
        if (run.org == OrgProfile::Siloed) siloed = &run;
    REQUIRE(siloed);
    const auto& reached = siloed->stages_reached;
    CHECK(std::find(reached.begin(), reached.end(), 8) != reached.end());
    CHECK(std::find(reached.begin(), reached.end(), 9) == reached.end());
    // The text's stage table counts the same lists, stages numbered from 1 and named: index 8 is
    // stage 9 (the ERP database), reached; index 9 is stage 10 (the records staged), not.
    const std::string text = FormatCompareText(r);
    INFO(text);
    CHECK(text.find("HOW OFTEN THE ATTACKER REACHED EACH STAGE") != std::string::npos);
    CHECK(text.find("  1. Invoice e-mail with a macro document is opened") != std::string::npos);
    const size_t row9 = text.find("  9. SMB to the ERP database server");
    const size_t row10 = text.find("  10. Customer records staged in an archive");
    REQUIRE(row9 != std::string::npos);
    REQUIRE(row10 != std::string::npos);
    // The siloed column (the first) starts after the 2 + 56 characters of the stage's name.
    CHECK(text.substr(row9 + 58, 4) == "1/1 ");
    CHECK(text.substr(row10 + 58, 4) == "0/1 "); // then the converged column
    size_t runs = 0;
    const auto counts = StageReachCounts(r, OrgProfile::Siloed, &runs);
    CHECK(runs == 1);
    REQUIRE(counts.size() == 14);
    for (size_t i = 0; i < counts.size(); ++i)
        CHECK(counts[i] == (size_t)std::count(reached.begin(), reached.end(), (int)i));

    // The journal of the same run says why: a successful technique under stage 9 that is the
    // re-entry, and no record staged.
    RunOptions ro;
    ro.seed = 2;
    ro.scenario_ref = "ransomware-phish";
    LoadResult lr = LoadScenario("ransomware-phish", LoadOptions{2, 0});
    REQUIRE(lr.Ok());
    Simulation sim(std::move(lr.scenario), ro);
    std::string err;
    REQUIRE(sim.Start(err));
    sim.RunToEnd();
    CHECK(sim.journal().Records().back().value("state_hash", "") == siloed->state_hash); // the same run
    bool reentry_under_9 = false, staged = false;
    std::vector<int> delivered;
    for (const auto& rec : sim.journal().Records()) {
        const std::string type = rec.value("type", "");
        if (type == "technique" && rec.value("stage", -1) == 9 && rec.value("ok", false))
            reentry_under_9 |= rec.value("name", "").find("(again)") != std::string::npos;
        staged |= type == "staged";
        if (type == "inject") delivered.push_back(rec.value("number", 0) - 1);
    }
    CHECK(reentry_under_9);
    CHECK_FALSE(staged);
    // The injects delivered are the journal's inject records (ransomware-phish numbers them from 1
    // in file order).
    std::sort(delivered.begin(), delivered.end());
    CHECK(siloed->injects_delivered == delivered);
    CHECK_FALSE(delivered.empty());
}

TEST_CASE("Compare - the stage table: named stages from the scenario, none for the random breach", "[compare]")
{
    // Loading is enough to know the stages (CheckArms plays nothing).
    const ScenarioInfo phish = CheckArms("ransomware-phish", 0, 1, {Arm{}});
    REQUIRE(phish.error.empty());
    REQUIRE(phish.stages.size() == 14);
    CHECK(phish.stages[13] == "Workstations encrypted");
    CHECK_FALSE(phish.story_per_seed);
    const ScenarioInfo random = CheckArms("random", 0, 1, {Arm{}});
    REQUIRE(random.error.empty());
    CHECK(random.story_per_seed);

    // Two profiles, two runs each: the table gives runs out of runs per profile, a stage reached in
    // no run reads 0/2.
    CompareResult r;
    r.scenario = "x";
    r.seed_first = 1;
    r.seed_last = 2;
    r.stage_names = {"In", "Across", "Out"};
    auto run = [](uint64_t seed, OrgProfile org, std::vector<int> reached) {
        RunSummary s;
        s.seed = seed;
        s.org = org;
        s.stages_reached = std::move(reached);
        return s;
    };
    r.runs = {run(1, OrgProfile::Siloed, {0, 1, 2}), run(2, OrgProfile::Siloed, {0, 1}), run(1, OrgProfile::Converged, {0}),
              run(2, OrgProfile::Converged, {0})};
    r.profiles = SummariseRuns(r.runs, {OrgProfile::Siloed, OrgProfile::Converged}, 2);
    std::string text = FormatCompareText(r);
    INFO(text);
    CHECK(text.find("  stage                                                   siloed        converged\n"
                    "  1. In                                                   2/2           2/2\n"
                    "  2. Across                                               2/2           0/2\n"
                    "  3. Out                                                  1/2           0/2\n") != std::string::npos);
    r.story_per_seed = true;
    text = FormatCompareText(r);
    CHECK(text.find("HOW OFTEN THE ATTACKER REACHED EACH STAGE") == std::string::npos);
    CHECK(text.find("Stages reached: not shown for the random breach: each seed deals its own campaign") != std::string::npos);
}
