// scoreboard.h: what the scoreboard panel and the facilitator's header say, as rows and words built
// without ImGui (panel_scoreboard.cpp and panel_facilitator.cpp only draw them), so that a test
// can hold every figure the app shows against `breachdrill replay --json` of the same journal.
//
// One source of truth: every figure is read from bd::ToJson(card), the very JSON the CLI prints,
// at a JSON pointer the row keeps; the words are that value formatted (bd::FormatMoney,
// bd::FormatDuration, ClockText, bd::ComplianceStatusLabel). The objectives are rated by the
// report's own rules (bd::RateObjectives, scoring/report.h), never by a second rating here.
#pragma once
#include "report.h"
#include "scorecard.h"
#include "sim/simulation.h"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace bdui {

// One figure the scoreboard shows.
struct ScoreFigure {
    std::string pointer;  // JSON pointer into bd::ToJson(card): "/impact/total", "/compliance/0/status"
    nlohmann::json value; // ToJson(card) at that pointer (seconds, money to the cent, a count, a name; null: never)
    std::string text;     // the figure as shown: "3,379,770 EUR", "1d 04:12:00", "MET", "-"
};

enum class ScoreTone : uint8_t { Plain, Good, Bad, Muted, Total };

struct ScoreRow {
    std::string label;
    std::string text;                 // the value column: the figures' texts, with words between them
    std::vector<ScoreFigure> figures; // the figures in `text`, in its order
    ScoreTone tone = ScoreTone::Plain;
};

struct ScoreSection {
    std::string title;                // "Response times", "Business impact", ... ("" : no title)
    std::vector<ScoreRow> rows;
};

struct ScoreboardModel {
    std::string heading;              // "Exercise over: the scorecard", or ""
    std::vector<ScoreSection> sections;
    std::vector<bd::ObjectiveRating> objectives; // rated at the end (RateObjectives); empty before
    std::string note;                 // a line under it all ("" none)
};

// What the scoreboard is drawn from.
struct ScoreboardInput {
    const bd::Scorecard* card = nullptr; // the app's scorecard (App::Score()): as of the clock while it runs
    const nlohmann::json* card_json = nullptr; // bd::ToJson(*card) when the caller keeps it (else computed here)
    bool over = false;                   // the exercise has ended
    bool truth = false;                  // the facilitator, or anyone once it is over: the full scorecard
    bd::SimTime now = 0;
    // A player during the exercise sees only what the organisation itself can know:
    bd::SimTime declared = -1;           // its first incident's declaration (-1: none yet)
    int services_down = -1;              // business services down in its view (-1: its tools do not show them)
    std::optional<double> served_cost;   // a served seat: the server's downtime cost (the card is not here)
    std::string served_currency;         // ... in the scenario's currency (the welcome's)
    const std::vector<bd::ObjectiveRating>* objectives = nullptr; // the end's ratings, when known
    std::string journal;                 // the journal's path, for the note ("" unknown)
};

// The scoreboard's rows: for the truth, the headline times, every cost line and the total, downtime
// by service, data, coordination, each reporting obligation's status with its deadline, alerts (and
// the objectives' ratings when given); for a player mid-exercise the three things it can know.
ScoreboardModel ScoreboardRows(const ScoreboardInput& in);

// The facilitator's one-line summary of the attacker, above the campaign checklist.
struct AttackerHeadline {
    std::string text; // "stage 3/7: Credential dumping", "campaign complete", "no attacker in this scenario"
    std::string tag;  // "[active]", "[contained]", "[no attack yet]", or "" (no attacker)
    ScoreTone tone = ScoreTone::Plain; // of the tag: Bad active, Good contained, Muted otherwise
};
// From the facilitator's view of the attacker (views.cpp "attacker"), the number of campaign
// stages, and whether any attacker technique was tried yet (App::AttackBegun: a technique that succeeded, as the scorecard's attack start).
AttackerHeadline FacilitatorHeadline(const nlohmann::json& attacker, size_t stages, bool attack_begun);

} // namespace bdui
