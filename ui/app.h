// app.h: the desktop app's state and logic, kept out of the panels so it runs (and is tested)
// without a window. Panels (ui/panel_*.cpp) read App and call its methods; they never touch the
// Simulation's world except through App::View() (the seat's view, cut by engine/views.h) and
// App::Act() (the one command path).
#pragma once
#include "replay.h"
#include "scenario.h"
#include "scorecard.h"
#include "simulation.h"
#include "views.h"

#include <chrono>
#include <future>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace bdui {

using bd::Team;

enum class Screen { Start, Loading, Handover, Exercise };

struct ExerciseSettings {
    std::string scenario = "ransomware-phish"; // built-in id or path
    uint64_t seed = 1;
    bd::OrgProfile org = bd::OrgProfile::Siloed;
    bool itops_autopilot = false; // seats played by people by default: it is a desktop exercise
    bool secops_autopilot = false;
    int64_t size = 0;
    std::string journal_path; // "" = the app's default location
};

class App {
public:
    ExerciseSettings settings;
    Screen screen = Screen::Start;
    Team role = Team::Facilitator;    // whose screen this is now
    Team handover_to = Team::Facilitator;

    // [SECTION] Setup
    // Loads the chosen scenario on a worker thread (a big estate takes a moment) and shows progress.
    void BeginLoading();
    // Called every frame while loading: true once the exercise has started (or failed: see error).
    bool PollLoading();
    std::string error;                 // why the last load or start failed, for a person
    std::string LoadingWhat() const { return settings.scenario; }
    // Starts directly (screenshot mode, tests): loads on this thread.
    bool StartNow();
    // Journals in the app's folder whose exercise was not closed cleanly (no end record), newest first.
    std::vector<std::string> UnfinishedJournals() const;
    // Picks such an exercise up where it stopped (engine/replay.h ResumeJournal), paused.
    bool Resume(const std::string& journal_path);

    // [SECTION] The clock
    int speed = 0;                     // simulated seconds per real second: 0 paused, 1, 10, 60, 600
    void Tick(double real_seconds);    // advances the exercise by speed * real_seconds (within tick_budget_us)
    int tick_budget_us = 2000;         // the most a frame spends on the simulation
    void AdvanceBy(bd::SimTime seconds);
    void JumpToNextEvent();
    bd::SimTime Now() const { return sim_ ? sim_->Now() : 0; }

    // [SECTION] Seats
    // Hot seat: switching to another player's role asks the people to swap first.
    void SwitchRole(Team to);
    void ConfirmHandover() { role = handover_to; screen = Screen::Exercise; }
    bool SeatIsAutopilot(Team t) const;

    // [SECTION] Reading and acting
    // The current role's view (engine/views.h), rebuilt only when the journal has grown or the clock
    // moved; while the clock runs, at most every view_interval_ms and on a worker thread (a
    // 100,000-alert view takes a while to build: the panels draw the previous view meanwhile, and the
    // simulation waits, not the frame); at once, on this thread, when paused, after a command from
    // this app or a change of seat.
    const nlohmann::json& View();
    // Counts the rebuilds of View(): panels cache what they derive from the view until it changes.
    uint64_t ViewGeneration() const { return view_generation_; }
    int view_interval_ms = 250;
    // The scorecard so far (rebuilt when the journal has grown).
    const bd::Scorecard& Score();
    // Posts a command as the current role (or `team`), remembers the result for the status line.
    bd::CommandResult Act(bd::CommandKind kind, const std::string& target, const std::string& value = "",
                          const std::string& text = "", bool emergency = false, std::vector<std::string> assets = {},
                          int32_t ticket = bd::kNone);
    std::string status;                // the last action's result, in words
    bool status_ok = true;

    const bd::Simulation* sim() const { return sim_.get(); }
    bd::Simulation* sim() { FinishViewBuild(); return sim_.get(); } // may change it: no view build may be reading it
    const std::vector<nlohmann::json>& Notes() const { return notes_; }

    // Records a finished exercise in the history database (scoring/history.h), once. The start
    // of the next exercise, or the app's exit, calls it. Off in screenshot mode.
    bool record_history = true;
    void RecordHistory();

    // [SECTION] Selection, shared by the panels
    std::string selected_host;
    int selected_alert = -1;
    int selected_ticket = -1;

private:
    std::future<bd::LoadResult> loading_;
    std::unique_ptr<bd::Simulation> sim_;
    double clock_debt_ = 0;            // fractional simulated seconds not yet advanced
    nlohmann::json view_;
    size_t view_records_ = (size_t)-1;
    Team view_team_ = Team::Facilitator;
    uint64_t view_generation_ = 0;
    bool view_dirty_ = true;
    std::chrono::steady_clock::time_point view_built_at_;
    std::future<nlohmann::json> view_next_; // a view being built on a worker (the simulation is not advanced meanwhile)
    std::future<void> view_disposal_;       // an old view being freed on a worker
    size_t view_next_records_ = 0;
    void FinishViewBuild();                 // waits for view_next_, if any, and takes it
    void DisposeView(nlohmann::json old);
    bd::ScoreAccumulator score_;
    bd::Scorecard card_;
    size_t card_records_ = (size_t)-1;
    std::chrono::steady_clock::time_point card_built_at_;
    std::vector<nlohmann::json> notes_;
    bool recorded_ = false;
    bool Launch(bd::LoadResult lr);
    void Observe();
};

// Formats simulated seconds as "d2 14:05" (day of the exercise, time of day from 00:00).
std::string ClockText(bd::SimTime t);
// "d2 14:05": a compact clock for tables.
std::string ShortClock(bd::SimTime t);
// "1h 05m", "3d 2h", "45s": a compact duration.
std::string ShortDuration(bd::SimTime s);

} // namespace bdui
