// app.h: the desktop app's state and logic, kept out of the panels so it runs (and is tested)
// without a window. Panels (ui/panel_*.cpp) read App and call its methods; they never touch the
// Simulation's world except through App::View() (the seat's view, cut by engine/exercise/views.h) and
// App::Act() (the one command path).
#pragma once
#include "run/replay.h"
#include "world/scenario.h"
#include "scorecard.h"
#include "scoreboard.h"
#include "sim/simulation.h"
#include "exercise/views.h"
#include "layout.h"
#include "map_model.h"

#include <chrono>
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace bd::net {
class Client;
}
namespace bd {
class SeatEventFilter;
}

namespace bdui {

using bd::Team;

enum class Screen { Start, Loading, Handover, Unlock, Exercise };

struct ExerciseSettings {
    std::string scenario = "ransomware-phish"; // built-in id or path
    uint64_t seed = 1;
    bd::OrgProfile org = bd::OrgProfile::Siloed;
    bool itops_autopilot = false; // seats played by people by default: it is a desktop exercise
    bool secops_autopilot = false;
    int64_t size = 0;
    std::string journal_path; // "" = the app's default location
    // --runbook TEAM=FILE (world/runbook.h): 0 ITOps, 1 SecOps; their consoles show it as a checklist.
    std::optional<bd::Runbook> runbooks[2];
    // The secret that keeps the facilitator's screen (the ground truth) from the players at this
    // screen: set on the start screen, with --pin, or before the first handover. Never written anywhere.
    std::string facilitator_pin;
};

// Something that arrived for a seat (App::Notices): a ticket, the answer to one of its tickets, an
// inject, a high-severity alert (a burst is one notice with a count), a command with a duration done
// or failed.
enum class NoticeTone { Info, Good, Bad, Warn, Alert };
struct Notice {
    bd::SimTime time = 0;                          // simulated
    std::string text;
    NoticeTone tone = NoticeTone::Info;
    std::chrono::steady_clock::time_point arrived; // on this screen (how long a toast stays)
    int count = 1;                                 // alerts folded into it
};

// What a seat can answer to a ticket addressed to its team (App::OfferFor).
enum class TicketReply {
    DoIt,   // the team may issue the action: post it, naming the ticket (closed when it completes)
    Agree,  // only the asking team may issue it (a rollback of SecOps' EDR content by ITOps): agree by
            // asking them for it (request_action, same action and target), and close the ticket as done
    None,   // nobody at a seat may issue it, or the ticket is closed or under way: only the state shows
};
struct TicketOffer {
    TicketReply reply = TicketReply::None;
    std::string state;   // "new", "in progress", "done", "rejected"
    std::string label;   // the answer's button: "Do it" or "Agree"
    std::string what;    // what the button posts, in words (its tooltip)
    std::string why_not; // "" when the button can act now, else why it is greyed (the engine's words)
    bool can_reject = false;
};

// Where the rollback of a faulty vendor update stands, from ITOps' side (App::RollbackOf). The EDR
// is SecOps' tool: ITOps asks, SecOps agrees by asking for it, ITOps rolls back naming that ticket.
struct RollbackStep {
    enum Kind { Ask, Asked, Agreed, Rolling, Done } kind = Ask;
    int ticket = -1;   // Asked: ITOps' ticket to SecOps; Agreed: SecOps' ticket to ITOps
    std::string text;  // the state in words ("SecOps refused: ...", "waits for change approval")
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
    // Picks such an exercise up where it stopped (engine/run/replay.h ResumeJournal), paused.
    bool Resume(const std::string& journal_path);

    // [SECTION] The clock
    int speed = 0;                     // simulated seconds per real second: 0 paused, 1, 10, 60, 600
    void Tick(double real_seconds);    // advances the exercise by speed * real_seconds (within tick_budget_us)
    int tick_budget_us = 2000;         // the most a frame spends on the simulation
    void AdvanceBy(bd::SimTime seconds);
    void JumpToNextEvent();
    bd::SimTime Now() const; // the local simulation's clock, or the server's

    // [SECTION] Seats
    // Hot seat: switching to another player's role asks the people to swap first (Screen::Handover);
    // switching to the facilitator from a player's seat asks for the facilitator's PIN
    // (Screen::Unlock). Each new seat starts with no selection and an empty status line.
    void SwitchRole(Team to);
    // The handover page's button. Refused ("" = done, else why) while no facilitator PIN is set and a
    // person plays a seat here: the facilitator sets one first (SetPin), then passes the screen.
    std::string ConfirmHandover();
    // Sets the facilitator's PIN: at least 4 characters. Returns "" or why not.
    std::string SetPin(const std::string& pin);
    // The unlock page: the right PIN opens the facilitator's screen; a wrong one says so.
    bool Unlock(const std::string& pin);
    void CancelUnlock() { screen = Screen::Exercise; unlock_error.clear(); }
    std::string unlock_error;          // why the last Unlock failed
    // Whether this screen's facilitator view needs the PIN: a person plays a seat here.
    bool PlayersAtThisScreen() const { return !remote_ && (!settings.itops_autopilot || !settings.secops_autopilot); }
    bool SeatIsAutopilot(Team t) const;
    // Whether nothing on screen changes until the next input: paused or over (or a start, handover or
    // unlock page), local, and no notice is still showing. The window then stops drawing.
    bool Idle() const;

    // [SECTION] Reading and acting
    // The current role's view (engine/exercise/views.h), in two parts cut the same way:
    //   View(): everything but the alerts and the hosts, as JSON (TeamViewRestJson: tickets,
    //           findings, services, work, incidents, messages, injects; the facilitator's attacker);
    //   Seat(): the alerts and the hosts as typed rows (bd::SeatView), updated in place at the cost
    //           of what changed (a noisy week has 100,000 alerts), with counters saying what changed.
    // Both are brought up to date together when the journal has grown or the clock moved: while the
    // clock runs at most every view_interval_ms; at once when paused, after a command from this app
    // or a change of seat. Everything runs on this thread: an update costs the new alerts plus a pass
    // over the host rows, not a rebuild, so no frame waits for one (bench/README.md, frame time).
    // The three seats' typed views are all kept up to date, so a hot-seat switch never builds one.
    const nlohmann::json& View();
    const bd::SeatView& Seat();
    // Counts the refreshes of View()/Seat(): panels cache what they derive until it changes.
    uint64_t ViewGeneration() const { return view_generation_; }
    int view_interval_ms = 250;
    // Thread CPU time of the last refresh of the view and of the scorecard, in ms (--bench-frames
    // prints where a frame's time goes); 0 when a frame did not refresh.
    double refresh_ms = 0, score_ms = 0;
    // The scorecard so far. A worker thread keeps its own ScoreAccumulator, fed a copy of each
    // journal record, and publishes a Result() at most every view_interval_ms while the clock runs
    // (Result() reads every alert: 30 ms on a noisy week, too much for a frame); when the clock is
    // paused or the exercise is over, Score() waits until the worker has scored every record.
    // The worker shares nothing with the simulation.
    const bd::Scorecard& Score();
    // The scoreboard as rows (ui/scoreboard.h): the figures of Score() read from bd::ToJson of it,
    // what `breachdrill replay --json` prints; once the exercise is over, with the objectives rated
    // by the report's rules. Rebuilt only when the card, the view, the clock or the seat changed.
    const ScoreboardModel& Scoreboard();
    // The objectives rated as the report rates them (bd::RateObjectives), once the exercise is
    // over; empty before, and for a served seat (which has no scenario's objectives).
    const std::vector<bd::ObjectiveRating>& EndRatings();
    // Whether the attack has begun: a technique succeeded (the scorecard's attack start; a failed try changed nothing).
    bool AttackBegun();
    // Posts a command as the current role (or `team`), remembers the result for the status line.
    bd::CommandResult Act(bd::CommandKind kind, const std::string& target, const std::string& value = "",
                          const std::string& text = "", bool emergency = false, std::vector<std::string> assets = {},
                          int32_t ticket = bd::kNone);
    // The status line: the last action of this seat, in words, followed to its end (a local
    // exercise): "Isolating ws-036 (waits for change approval, until Mon 16:14)", then "Isolating
    // ws-036 (approved: done at Mon 16:29)", then "ws-036 isolated: 2 services down (ERP, mail; 8,200
    // EUR an hour)", or "Failed: ..." in red. A served seat shows the server's answer.
    std::string status;
    bool status_ok = true;
    // Triages every alert of `ids` not triaged yet with one verdict (a group of the queue): one
    // triage_alert each; the status line says how many.
    bd::CommandResult TriageAll(const std::vector<bd::AlertId>& ids, bool real);
    // Why the current role may not post this command now ("" if it may): greys out a button and
    // says why, in the engine's words (Simulation::Check; nothing changes).
    std::string WhyNot(bd::CommandKind kind, const std::string& target, const std::string& value = "", bool emergency = false) const;
    // What a disruptive action would cost now, for a person about to click it: "takes down 2
    // services (ERP, mail; 8,200 EUR an hour)"; "" when it takes nothing down (app_status.cpp).
    std::string CostOf(bd::CommandKind kind, const std::string& target);

    // [SECTION] Tickets (app_tickets.cpp): what a seat answers, as the panels offer it
    // The ticket `id` of the view, or nullptr when this seat does not see it.
    const nlohmann::json* Ticket(int id);
    // The answer this seat can give to ticket `id` (addressed to its team), and its state.
    TicketOffer OfferFor(int id);
    // Gives the answer OfferFor offers (Do it or Agree); refused with the reason when it cannot act.
    bd::CommandResult AnswerTicket(int id);
    // Closes ticket `id` as rejected; the reason reaches the team that asked.
    bd::CommandResult RejectTicket(int id, const std::string& reason);
    // The rollback of operations event `update` (ITOps' Updates tab) and its next step: Ask posts
    // the request to SecOps, Agreed the rollback naming SecOps' ticket; other steps are refused.
    RollbackStep RollbackOf(const std::string& update);
    bd::CommandResult AdvanceRollback(const std::string& update);

    // [SECTION] Notes (app_notes.cpp): what a seat writes on an alert, a group or the exercise
    // A note is a command (add_note), journaled like every other: it survives a crash and a resume,
    // replays, and reaches the other seats of the team over the network. The view holds the notes
    // this seat may read (its team's, those the other team shared; the facilitator: all).
    struct NoteRow {
        bd::SimTime time = 0;
        Team by = Team::Facilitator;
        int alert = -1;      // the alert it is on, or -1: the exercise
        bool group = false;  // on the alert's group
        bool shared = false; // the other team reads it too
        std::string text;
    };
    // Every note of the view, oldest first.
    std::vector<NoteRow> AllNotes();
    // The notes on alert `id`: those on it, and those on its group (a group note on any alert of
    // the same rule as the queue folds them, ui/alert_groups.h), oldest first.
    std::vector<NoteRow> NotesOn(int id);
    // Writes a note as the current seat: on alert `alert` (or its group), or on the exercise (-1).
    // Refused with the engine's reason (empty, too long, a line break, an alert the team cannot see).
    bd::CommandResult WriteNote(const std::string& text, int alert, bool group, bool shared);
    // What the seat is typing in its note fields (cleared when the seat changes: a draft never
    // carries over to the next person at the screen).
    std::string note_draft, exercise_note_draft;
    bool note_on_group = true, note_shared = false;

    // [SECTION] The debrief (app_debrief.cpp): the end of an exercise
    // The after-action report (docs/reports.md, the same as `breachdrill report JOURNAL`) of the
    // finished exercise, written as HTML beside its journal (JOURNAL-report.html: never the
    // journal). Returns its path, or "" with `error` saying why (not over yet, a served seat).
    std::string WriteReport();
    static std::string ReportPathFor(const std::string& journal);
    std::string report_path;           // the last report written
    // Opens a file in the desktop's viewer (xdg-open), without waiting for it.
    static bool OpenFile(const std::string& path);
    // Back to the start screen: the finished exercise is recorded in the history first.
    void NewExercise();
    bool debrief_open = true;          // the debrief shows over the exercise once it is over

    // [SECTION] Notifications (app_notify.cpp)
    // What arrived for ITOps or SecOps this exercise, oldest first (empty for the facilitator).
    const std::vector<Notice>& Notices(Team t) const;
    // Notices of a seat that arrived since it was last on screen (the count on its seat button).
    size_t Unread(Team t) const;
    // The seat on screen has seen its notices (the toasts call it every frame).
    void MarkSeen();

    const bd::Simulation* sim() const { return sim_.get(); }
    bd::Simulation* sim() { return sim_.get(); }

    // Records a finished exercise in the history database (scoring/history.h), once. The start
    // of the next exercise, or the app's exit, calls it. Off in screenshot mode.
    bool record_history = true;
    void RecordHistory();

    // [SECTION] A seat of a served exercise (breachdrill serve; --join; docs/multi-seat.md)
    // Joins HOST:PORT with a join code: the loading screen shows "joining" until the server has
    // answered and sent the first view; then this app is that seat only (no local simulation, no hot
    // seat): the view, the events and the clock come from the server, Act() sends commands there,
    // and the status line shows the server's answer when it comes. Tick() polls the connection.
    bool Join(const std::string& host_port, const std::string& code);
    bool Remote() const { return remote_ != nullptr; }
    bd::net::Client* remote() { return remote_.get(); }
    const bd::net::Client* remote() const { return remote_.get(); }
    std::string remote_where;          // HOST:PORT
    std::string open_tab;              // a tab to open once (--tab: Seats, Tickets, Updates; screenshots of a tab)
    bool show_help = false;            // the keys overlay (?)
    Layout layout;                     // the panels' sizes and the text scale (layout.h); main.cpp loads and saves it
    std::string filter_to;             // put this text in the alert filter on the next frame ("all alerts for this host")
    bool focus_filter = false;         // put the cursor in the alert filter on the next frame (/)

    // [SECTION] What the panels know of the exercise, local or served
    std::string Currency() const;
    std::vector<std::string> Regimes() const;
    struct Stage {
        std::string technique, name;
    };
    std::vector<Stage> CampaignStages() const; // the facilitator's: the attacker's plan
    // The estate's zones and the flows between them, for the map (they never change in an exercise):
    // the scenario's; a served seat's from the server's welcome ("network"), else the zones its
    // hosts name, without flows.
    MapNetwork Network();
    bool Over() const;                         // the exercise has ended
    std::string EndText() const;               // served: the scorecard the server sent at the end
    // The journal records this app holds: the local journal, or (served) the facilitator's events.
    const std::vector<nlohmann::json>& Records() const;

    // [SECTION] Selection, shared by the panels
    std::string selected_host;
    int selected_alert = -1;
    std::vector<bd::AlertId> selected_group; // the alert ids of the selected alert's group (the queue's "group"), or empty
    int selected_ticket = -1;

private:
    std::future<bd::LoadResult> loading_;
    std::unique_ptr<bd::Simulation> sim_;
    double clock_debt_ = 0;            // fractional simulated seconds not yet advanced
    nlohmann::json view_;                  // TeamViewRestJson of view_team_
    bd::SeatView seats_[3];                // typed views of ITOps, SecOps, the facilitator, all kept up to date
    std::vector<bd::AlertId> triaged_[3];  // per seat view: alerts triaged since its last update (journal's command_done)
    size_t view_records_ = (size_t)-1;     // journal length and clock when the view was refreshed
    bd::SimTime view_time_ = -1;
    Team view_team_ = Team::Facilitator;
    uint64_t view_generation_ = 0;
    bool view_dirty_ = true;
    std::chrono::steady_clock::time_point view_built_at_;
    void RefreshView();
    void ForgetViews();                    // a new simulation: every seat view starts over
    struct ScoreWorker;                    // app.cpp
    std::shared_ptr<ScoreWorker> scorer_;  // one per exercise
    bd::Scorecard card_;
    uint64_t card_version_ = (uint64_t)-1;
    void StartScorer(const std::vector<nlohmann::json>& records_so_far);
    bool recorded_ = false;
    bool Launch(bd::LoadResult lr);
    void Observe();
    std::shared_ptr<bd::net::Client> remote_;  // served exercise: the connection (shared_ptr: App stays movable without net's header)
    uint64_t remote_view_generation_ = 0;
    std::chrono::steady_clock::time_point remote_joining_since_;
    std::map<std::string, std::string> remote_pending_; // command id -> "kind target", until answered
    bd::ScoreAccumulator remote_score_;
    size_t remote_scored_ = 0;
    bd::SimTime remote_scored_now_ = -1;
    std::chrono::steady_clock::time_point remote_scored_at_;
    uint64_t card_serial_ = 0;             // grows whenever card_ changes
    // Scoreboard(): the model, and what it was built from.
    ScoreboardModel board_;
    nlohmann::json board_json_;            // bd::ToJson(card_), for card_serial_ board_json_for_
    uint64_t board_json_for_ = (uint64_t)-1;
    uint64_t board_card_ = (uint64_t)-1, board_view_ = (uint64_t)-1;
    bd::SimTime board_now_ = -1;
    Team board_role_ = Team::Facilitator;
    bool board_over_ = false;
    std::vector<bd::ObjectiveRating> ratings_; // the end's objective ratings, rated once
    size_t ratings_for_ = (size_t)-1;          // the journal length they were rated for
    void PollRemote();
    void NewSeat();                        // a seat change: no selection, no status line carried over
    std::vector<Notice> notices_[2];       // ITOps, SecOps
    size_t seen_[2] = {0, 0};
    std::set<int> sent_tickets_[2];        // tickets each seat sent (their answers are notices)
    std::shared_ptr<bd::SeatEventFilter> seat_filter_; // local: the records as each seat sees them
    size_t remote_noticed_ = 0;            // served: events made into notices so far
    void ForgetNotices();
    void NoticeRecord(const nlohmann::json& record);
    void NoticeFor(Team team, const nlohmann::json& event);
    // The action the status line follows until its command_done (app_status.cpp).
    struct Followed {
        uint64_t id = 0;
        Team team = Team::Facilitator;
        bd::CommandKind kind = bd::CommandKind::SendMessage;
        std::string target;
    };
    std::optional<Followed> followed_;
    void StatusAfterPost(const bd::Command& c, const bd::CommandResult& r, size_t records_before);
    void StatusOnRecord(const nlohmann::json& r);
};

// The story clock every moment in the app is shown on (engine/core/story_clock.h): the scenario's
// start for a local exercise, the welcome's story_start for a joined seat. Set by the App.
void SetStoryClock(bd::StoryClock clock);
// A moment: "Mon 16:14 (T+08:14)" (the elapsed time alone when the scenario names no start).
std::string ClockText(bd::SimTime t);
// The same moment, without the elapsed time, for narrow table columns: "Mon 16:14".
std::string ShortClock(bd::SimTime t);
// "1h 05m", "3d 2h", "45s": a compact duration.
std::string ShortDuration(bd::SimTime s);
// Text of a JSON string field ("" if missing or not a string).
std::string Str(const nlohmann::json& j, const char* key);
// An identifier as people read it: "domain_controller" -> "domain controller", "war_room" -> "war room".
std::string Words(std::string id);

} // namespace bdui
