// random_deal_checks.h: what every random deal must be (engine/world/random_breach.h), checked where
// a test deals one anyway: test_random_breach.cpp's hundreds of seeds, and the thousand deals that
// test_invariants.cpp plays and checks (each deal is dealt once, not once per test).
#pragma once
#include "world/attack_catalog.h"
#include "world/random_breach.h"

#include <catch2/catch.hpp>
#include <string>

namespace bdtest {

// A valid breach (not even a warning, no redeal), six cards from current ATT&CK techniques,
// initial access first, and an exploit card only after its flaw is public.
inline void CheckDealtBreach(uint64_t seed, const bd::DealtBreach& d)
{
    std::string problems;
    for (const auto& p : d.result.problems) problems += p.Format() + "\n";
    INFO("seed " << seed << "\n" << problems);
    REQUIRE(d.result.Ok());
    CHECK(d.result.problems.empty());
    CHECK(d.redeals == 0);
    REQUIRE(d.cards.size() == 6);
    const bd::Scenario& s = d.result.scenario;
    CHECK(s.id == "random");
    CHECK(s.source == "builtin:random");
    CHECK(s.campaign.stages.front().action == bd::StageAction::InitialAccess);
    for (const auto& st : s.campaign.stages) {
        const bd::Technique* t = bd::Catalog().FindTechnique(st.technique);
        REQUIRE(t);
        CHECK_FALSE(t->deprecated);
        CHECK_FALSE(t->revoked);
    }
    if (d.cards[0].technique == "T1190") CHECK(s.campaign.start_s > 108000);
}

} // namespace bdtest
