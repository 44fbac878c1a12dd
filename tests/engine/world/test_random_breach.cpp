// test_random_breach.cpp: the "random" pseudo-scenario (engine/world/random_breach.cpp): every seed deals
// a valid, reachable breach from real ATT&CK techniques; the same seed deals the same breach; a
// handful of deals play to the end under both organisation profiles.
#include "world/attack_catalog.h"
#include "world/random_breach.h"
#include "sim/simulation.h"

#include <catch2/catch.hpp>

#include <set>

using namespace bd;

TEST_CASE("Random breach - a thousand seeds deal valid / reachable breaches", "[random]")
{
    std::set<std::string> hands, initial, impact;
    for (uint64_t seed = 0; seed < 1000; ++seed) {
        const DealtBreach d = DealRandomBreach(LoadOptions{seed, 0});
        std::string problems;
        for (const auto& p : d.result.problems) problems += p.Format() + "\n";
        INFO("seed " << seed << "\n" << problems);
        REQUIRE(d.result.Ok());
        CHECK(d.result.problems.empty()); // not even a warning
        CHECK(d.redeals == 0);
        REQUIRE(d.cards.size() == 6);
        const Scenario& s = d.result.scenario;
        CHECK(s.id == "random");
        CHECK(s.source == "builtin:random");
        CHECK(s.campaign.stages.front().action == StageAction::InitialAccess);
        for (const auto& st : s.campaign.stages) {
            const Technique* t = Catalog().FindTechnique(st.technique);
            REQUIRE(t);
            CHECK_FALSE(t->deprecated);
            CHECK_FALSE(t->revoked);
        }
        std::string hand;
        for (const auto& c : d.cards) hand += c.technique + "/" + c.name + ";";
        hands.insert(hand);
        initial.insert(d.cards[0].technique);
        impact.insert(d.cards[5].name);
    }
    // Every card of the initial-access and impact decks comes up, and hands vary.
    CHECK(initial == std::set<std::string>{"T1078", "T1133", "T1190", "T1566.001", "T1566.002"});
    CHECK(impact.size() == 4);
    CHECK(hands.size() > 300);
}

TEST_CASE("Random breach - same seed / same breach - LoadScenario deals it for \"random\"", "[random]")
{
    const LoadResult a = LoadScenario("random", LoadOptions{42, 0});
    const LoadResult b = LoadScenario("random", LoadOptions{42, 0});
    const LoadResult c = LoadScenario("random", LoadOptions{43, 0});
    REQUIRE(a.Ok());
    REQUIRE(c.Ok());
    CHECK(a.scenario.content_hash == b.scenario.content_hash);
    CHECK(a.scenario.title == b.scenario.title);
    CHECK(a.scenario.content_hash != c.scenario.content_hash);
    CHECK(a.scenario.title.find("seed 42") != std::string::npos);
    CHECK(a.scenario.facilitator_notes.find("Initial access: ") != std::string::npos);
    CHECK(a.scenario.injects.size() == 4);
    SECTION("an exploit card comes after the flaw is public")
    {
        for (uint64_t seed = 0; seed < 200; ++seed) {
            const DealtBreach d = DealRandomBreach(LoadOptions{seed, 0});
            if (d.cards[0].technique == "T1190") CHECK(d.result.scenario.campaign.start_s > 108000);
        }
    }
}

TEST_CASE("Random breach - a handful of deals play to the end", "[random]")
{
    for (uint64_t seed : {1, 3, 7, 11, 23}) {
        for (OrgProfile org : {OrgProfile::Siloed, OrgProfile::Converged}) {
            LoadResult r = LoadScenario("random", LoadOptions{seed, 0});
            REQUIRE(r.Ok());
            RunOptions ro;
            ro.seed = seed;
            ro.org = org;
            ro.scenario_ref = "random";
            Simulation sim(std::move(r.scenario), ro);
            std::string err;
            REQUIRE(sim.Start(err));
            sim.RunToEnd();
            INFO("seed " << seed << " org " << OrgName(org));
            CHECK(sim.Finished());
            bool attacked = false;
            for (const auto& rec : sim.journal().Records())
                if (rec.value("type", "") == "technique" && rec.value("ok", false)) attacked = true;
            CHECK(attacked);
        }
    }
}
