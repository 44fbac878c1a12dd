// random_breach.h: the built-in pseudo-scenario "random": a breach dealt from the seed.
//
// Like the Backdoors & Breaches card game, one card is dealt per stage of the attack (initial
// access; pivot and escalate; persistence; command and control; exfiltration) plus an impact card,
// but from real ATT&CK techniques that fit the estate: the ransomware-phish estate (a remote-access
// gateway added), read from the built-in scenario. A card is only in the deck when the estate
// supports it (an exploit needs an exposed host with a remote vulnerability; a valid-account login
// needs a remote-access identity). The dealt scenario goes through the same loader and validator
// as any file; should a deal not validate, the dealer deals again from the next derived seed, so
// every dealt breach is playable and reachable. Same seed, same breach, on every machine.
//
//   breachdrill run random --seed 7        breachdrill describe random --seed 7
#pragma once
#include "world/scenario.h"

#include <string>
#include <vector>

namespace bd {

// One card of a dealt breach.
struct BreachCard {
    std::string deck;      // "Initial access", "Pivot and escalate", "Persistence", "C2", "Exfiltration", "Impact"
    std::string name;      // "Phishing link"
    std::string technique; // the card's main ATT&CK id
};

struct DealtBreach {
    std::vector<BreachCard> cards;
    int redeals = 0;       // deals that did not validate before this one (normally 0)
    LoadResult result;     // the loaded scenario (id "random") and its problems
};

// Deals the breach for options.seed (options.size scales the estate as for any scenario).
// The scenario's source is "builtin:random"; its facilitator notes list the cards.
DealtBreach DealRandomBreach(const LoadOptions& options);

// The ref LoadScenario() treats as the random breach.
constexpr const char* kRandomScenarioId = "random";

} // namespace bd
