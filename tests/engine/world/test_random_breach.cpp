// test_random_breach.cpp: the "random" pseudo-scenario (engine/world/random_breach.cpp): every seed deals
// a valid breach from real ATT&CK techniques (random_deal_checks.h, here and over the thousand deals
// that test_invariants.cpp plays); the same seed deals the same breach; a handful of deals play to
// the end under both organisation profiles.
#include "world/attack_catalog.h"
#include "world/random_breach.h"
#include "sim/simulation.h"

#include "random_deal_checks.h"

#include <catch2/catch.hpp>

#include <set>

using namespace bd;

TEST_CASE("Random breach - three hundred seeds deal valid breaches / every card comes up / hands vary", "[random]")
{
    // The thousand deals that test_invariants.cpp plays are each checked there the same way
    // (CheckDealtBreach); here, what only many deals together show.
    std::set<std::string> hands, initial, impact;
    for (uint64_t seed = 0; seed < 300; ++seed) {
        const DealtBreach d = DealRandomBreach(LoadOptions{seed, 0});
        bdtest::CheckDealtBreach(seed, d);
        std::string hand;
        for (const auto& c : d.cards) hand += c.technique + "/" + c.name + ";";
        hands.insert(hand);
        initial.insert(d.cards[0].technique);
        impact.insert(d.cards[5].name);
    }
    // Every card of the initial-access and impact decks comes up, and hands vary.
    CHECK(initial == std::set<std::string>{"T1078", "T1133", "T1190", "T1566.001", "T1566.002"});
    CHECK(impact.size() == 4);
    CHECK(hands.size() > 200);
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
    // Players read the title (the start screen, a served seat's toolbar): it gives no card away.
    CHECK(a.scenario.title == "Random breach (seed 42)");
    CHECK(a.scenario.facilitator_notes.find("Initial access: ") != std::string::npos);
    CHECK(a.scenario.injects.size() == 4);
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
            bool attacked = false, patched = false;
            for (const auto& rec : sim.journal().Records()) {
                if (rec.value("type", "") == "technique" && rec.value("ok", false)) attacked = true;
                if (rec.value("type", "") == "command_done" && rec["cmd"]["kind"] == "patch_host" && rec.value("ok", false)) patched = true;
            }
            // The breach began, or ITOps won the patch race (docs/model.md, mechanism 4).
            CHECK((attacked || patched));
            if (org == OrgProfile::Siloed) CHECK(attacked);
        }
    }
}
