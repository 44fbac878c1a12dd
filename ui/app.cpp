// app.cpp: the desktop app's logic (see app.h). No ImGui here.
#include "app.h"

#include "client.h"
#include "exercise/seat_events.h"
#include "history.h"
#include "remote.h"

#include <cstdio>
#include <cstdlib>
#include <algorithm>
#include <cctype>
#include <ctime>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <thread>

namespace bdui {

using nlohmann::json;

namespace {
bd::StoryClock g_story_clock; // the UI thread's; one exercise per process
} // namespace

void SetStoryClock(bd::StoryClock clock) { g_story_clock = std::move(clock); }

std::string ClockText(bd::SimTime t) { return g_story_clock.At(t); }

std::string ShortClock(bd::SimTime t) { return g_story_clock.Story(t); }

std::string Str(const nlohmann::json& j, const char* key)
{
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string Words(std::string id)
{
    for (char& c : id)
        if (c == '_') c = ' ';
    return id;
}

std::string ShortDuration(bd::SimTime s)
{
    char buf[32];
    if (s < 0) s = 0;
    if (s >= bd::kDay) std::snprintf(buf, sizeof buf, "%lldd %lldh", (long long)(s / bd::kDay), (long long)(s % bd::kDay / 3600));
    else if (s >= 3600) std::snprintf(buf, sizeof buf, "%lldh %02lldm", (long long)(s / 3600), (long long)(s % 3600 / 60));
    else if (s >= 60) std::snprintf(buf, sizeof buf, "%lldm %02llds", (long long)(s / 60), (long long)(s % 60));
    else std::snprintf(buf, sizeof buf, "%llds", (long long)s);
    return buf;
}

namespace {
double ThreadCpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

// Where the app keeps journals: $XDG_DATA_HOME/breachdrill/journals, else ~/.local/share/...
std::filesystem::path JournalDir()
{
    namespace fs = std::filesystem;
    fs::path base;
    if (const char* x = std::getenv("XDG_DATA_HOME"); x && *x) base = x;
    else if (const char* h = std::getenv("HOME"); h && *h) base = fs::path(h) / ".local" / "share";
    else base = fs::temp_directory_path();
    return base / "breachdrill" / "journals";
}

std::string DefaultJournalPath(const std::string& scenario, uint64_t seed)
{
    namespace fs = std::filesystem;
    fs::path dir = JournalDir();
    std::error_code ec;
    fs::create_directories(dir, ec);
    std::string name = scenario;
    for (char& c : name)
        if (!std::isalnum((unsigned char)c) && c != '-') c = '_';
    for (int n = 1; n < 10000; ++n) {
        fs::path p = dir / (name + "-seed" + std::to_string(seed) + "-" + std::to_string(n) + ".jsonl");
        if (!fs::exists(p)) return p.string();
    }
    return (dir / (name + ".jsonl")).string();
}
} // namespace

// [SECTION] The scorer thread
//
// Owns its ScoreAccumulator: the UI thread hands it copies of the journal records (Post) and takes
// the latest published scorecard (Latest). Nothing else is shared; the mutex guards the inbox and
// the published card.
struct App::ScoreWorker {
    std::mutex mu;
    std::condition_variable cv;        // wakes the worker (records, a request, stop) and the UI (published)
    std::vector<json> inbox;
    size_t posted = 0;                 // records posted so far
    size_t published_for = 0;          // records the published card covers
    bd::SimTime as_of = 0;             // the clock the UI last asked for (the card is as of it)
    bd::SimTime published_as_of = -1;  // the clock the published card is as of
    uint64_t version = 0;              // grows with each published card
    bd::Scorecard published;
    bool urgent = false, stop = false;
    int interval_ms = 250;
    std::thread thread;

    void Post(const json& r)
    {
        {
            std::lock_guard lock(mu);
            inbox.push_back(r);
            ++posted;
        }
        cv.notify_all();
    }
    void Run()
    {
        bd::ScoreAccumulator acc;
        size_t fed = 0;
        auto last = std::chrono::steady_clock::now() - std::chrono::hours(1);
        std::unique_lock lock(mu);
        while (!stop) {
            const auto due = last + std::chrono::milliseconds(interval_ms);
            // Stale: records came, or the clock moved on (a service still down costs by the second).
            const bool stale = fed != published_for || as_of != published_as_of;
            if (inbox.empty() && (!stale || (!urgent && std::chrono::steady_clock::now() < due))) {
                if (!stale) cv.wait(lock);
                else cv.wait_until(lock, due);
                continue;
            }
            std::vector<json> batch;
            batch.swap(inbox);
            lock.unlock();
            for (const auto& r : batch) acc.Feed(r);
            fed += batch.size();
            lock.lock();
            if (!inbox.empty()) continue; // feed everything before scoring
            if (!urgent && std::chrono::steady_clock::now() < due) continue;
            const bd::SimTime at = as_of;
            lock.unlock();
            bd::Scorecard card = acc.Result(at);
            last = std::chrono::steady_clock::now();
            lock.lock();
            published = std::move(card);
            published_for = fed;
            published_as_of = at;
            urgent = false;
            ++version;
            cv.notify_all();
        }
    }
    ~ScoreWorker()
    {
        {
            std::lock_guard lock(mu);
            stop = true;
        }
        cv.notify_all();
        if (thread.joinable()) thread.join();
    }
};

std::vector<std::string> App::UnfinishedJournals() const
{
    namespace fs = std::filesystem;
    std::vector<std::pair<fs::file_time_type, std::string>> found;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(JournalDir(), ec)) {
        if (!e.is_regular_file(ec) || e.path().extension() != ".jsonl") continue;
        // The end record is the last line: read the tail only.
        std::FILE* f = std::fopen(e.path().c_str(), "rb");
        if (!f) continue;
        std::fseek(f, 0, SEEK_END);
        const long size = std::ftell(f);
        std::string tail(std::min<long>(size, 4096), '\0');
        std::fseek(f, size - (long)tail.size(), SEEK_SET);
        const size_t n = std::fread(tail.data(), 1, tail.size(), f);
        std::fclose(f);
        tail.resize(n);
        if (size > 0 && tail.find("\"type\":\"end\"") == std::string::npos) found.emplace_back(e.last_write_time(ec), e.path().string());
    }
    std::sort(found.begin(), found.end(), std::greater<>());
    std::vector<std::string> out;
    for (size_t i = 0; i < found.size() && i < 5; ++i) out.push_back(found[i].second);
    return out;
}

bool App::Resume(const std::string& journal_path)
{
    bd::ResumeOutcome out = bd::ResumeJournal(journal_path);
    if (!out.error.empty()) {
        error = out.error;
        return false;
    }
    sim_ = std::move(out.sim);
    SetStoryClock(bd::StoryClock(sim_->scenario().story_start));
    const auto& opts = sim_->options();
    settings.scenario = opts.scenario_ref;
    settings.seed = opts.seed;
    settings.org = opts.org;
    settings.itops_autopilot = opts.autopilot_itops;
    settings.secops_autopilot = opts.autopilot_secops;
    settings.size = opts.size;
    StartScorer(sim_->journal().Records());
    ForgetNotices();
    for (const auto& r : sim_->journal().Records()) seat_filter_->Observe(r); // what was before: no notices
    Observe();
    ForgetViews();
    speed = 0;
    status = "Resumed " + journal_path + " at " + ClockText(sim_->Now()) + ": paused";
    status_ok = true;
    screen = Screen::Exercise;
    return true;
}

void App::RecordHistory()
{
    if (!record_history || recorded_ || !sim_ || !sim_->Finished()) return;
    recorded_ = true;
    std::string err;
    bd::HistoryDb db;
    const auto& records = sim_->journal().Records();
    if (!db.Open(bd::DefaultHistoryPath(), err) ||
        !db.Record(bd::EntryFromScorecard(bd::ComputeScorecard(records), bd::SeatsOf(records.front()), sim_->journal().Path(), "app"),
                   nullptr, err)) {
        status = "The exercise is over, but it could not be recorded in the history: " + err;
        status_ok = false;
    }
}

void App::Observe()
{
    sim_->on_record = [this](const json& r) {
        if (scorer_) scorer_->Post(r);
        StatusOnRecord(r);
        NoticeRecord(r);
        if (r.value("type", "") != "command_done" || !r.contains("cmd")) return;
        const std::string kind = r["cmd"].value("kind", "");
        // A completed triage is the one way an alert's status changes: the seat views look at
        // those alerts only, not at all 100,000 (engine/exercise/views.h UpdateSeatView).
        if (kind == "triage_alert") {
            const std::string target = r["cmd"].value("target", "");
            if (!target.empty() && target.size() < 10 && std::all_of(target.begin(), target.end(), [](unsigned char c) { return std::isdigit(c) != 0; }))
                for (auto& list : triaged_) list.push_back((bd::AlertId)std::stol(target));
        }
    };
}

void App::BeginLoading()
{
    error.clear();
    const bd::LoadOptions lo{settings.seed, settings.size};
    const std::string ref = settings.scenario;
    loading_ = std::async(std::launch::async, [ref, lo] { return bd::LoadScenario(ref, lo); });
    screen = Screen::Loading;
}

bool App::PollLoading()
{
    if (!loading_.valid()) return false;
    if (loading_.wait_for(std::chrono::milliseconds(0)) != std::future_status::ready) return false;
    return Launch(loading_.get());
}

bool App::StartNow()
{
    return Launch(bd::LoadScenario(settings.scenario, bd::LoadOptions{settings.seed, settings.size}));
}

bool App::Launch(bd::LoadResult lr)
{
    if (!lr.Ok()) {
        error.clear();
        for (const auto& p : lr.problems)
            if (!p.warning) error += p.Format() + "\n";
        screen = Screen::Start;
        return false;
    }
    bd::RunOptions ro;
    ro.seed = settings.seed;
    ro.size = settings.size;
    ro.org = settings.org;
    ro.autopilot_itops = settings.itops_autopilot;
    ro.autopilot_secops = settings.secops_autopilot;
    ro.runbooks[0] = settings.runbooks[0];
    ro.runbooks[1] = settings.runbooks[1];
    ro.scenario_ref = settings.scenario;
    ro.run_at = bd::RunTimestamp();
    ro.journal_path = settings.journal_path.empty() ? DefaultJournalPath(lr.scenario.id, settings.seed) : settings.journal_path;
    sim_ = std::make_unique<bd::Simulation>(std::move(lr.scenario), ro);
    SetStoryClock(bd::StoryClock(sim_->scenario().story_start));
    StartScorer({});
    recorded_ = false;
    ForgetNotices();
    Observe();
    std::string err;
    if (!sim_->Start(err)) {
        error = err;
        sim_.reset();
        screen = Screen::Start;
        return false;
    }
    ForgetViews();
    screen = Screen::Exercise;
    return true;
}

void App::Tick(double real_seconds)
{
    if (remote_) return PollRemote();
    if (!sim_ || sim_->Finished() || speed <= 0 || screen != Screen::Exercise) return;
    clock_debt_ += real_seconds * speed;
    const auto whole = (bd::SimTime)clock_debt_;
    if (whole <= 0) return;
    clock_debt_ -= (double)whole;
    // In slices, event time by event time, within a budget: a frame never waits for the simulation.
    // What does not fit is carried to the next frame (at most a second of play), so a burst of events
    // slows the clock for a moment instead of freezing the window.
    const bd::SimTime target = sim_->Now() + whole;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::microseconds(tick_budget_us);
    while (!sim_->Finished() && sim_->Now() < target) {
        const bd::SimTime next = sim_->NextEventTime();
        if (next < 0 || next > target) { sim_->AdvanceTo(target); break; }
        sim_->AdvanceTo(next);
        if (std::chrono::steady_clock::now() >= deadline) break;
    }
    if (!sim_->Finished() && sim_->Now() < target) clock_debt_ = std::min<double>(clock_debt_ + (double)(target - sim_->Now()), speed);
}

void App::AdvanceBy(bd::SimTime seconds)
{
    if (sim_ && !sim_->Finished()) sim_->AdvanceTo(sim_->Now() + seconds);
}

void App::JumpToNextEvent()
{
    if (!sim_ || sim_->Finished()) return;
    const bd::SimTime next = sim_->NextEventTime();
    if (next >= 0) sim_->AdvanceTo(next);
}

void App::SwitchRole(Team to)
{
    if (to == role || remote_) return; // a served seat is its code's role, nothing else
    handover_to = to;
    if (to == Team::Facilitator) {
        if (!PlayersAtThisScreen()) { // both seats are autopilots: no player sits at this screen
            role = to;
            NewSeat();
            return;
        }
        // The facilitator's screen shows the ground truth: a player must not open it with F1.
        unlock_error.clear();
        screen = Screen::Unlock;
        return;
    }
    // Hand the screen over: the next person must not see the previous seat's screen.
    screen = Screen::Handover;
}

std::string App::ConfirmHandover()
{
    if (PlayersAtThisScreen() && settings.facilitator_pin.empty())
        return "Set the facilitator's PIN first: with a player at this screen, the PIN is what keeps your screen (the attacker, "
               "the ground truth) from them.";
    role = handover_to;
    screen = Screen::Exercise;
    NewSeat();
    return "";
}

std::string App::SetPin(const std::string& pin)
{
    if (pin.size() < 4) return "A PIN has at least 4 characters.";
    settings.facilitator_pin = pin;
    return "";
}

bool App::Unlock(const std::string& pin)
{
    if (settings.facilitator_pin.empty()) {
        unlock_error = "No facilitator PIN was set, and this exercise started on a player's seat: the facilitator's screen stays "
                       "closed. Start the app with --pin, or from the start screen.";
        return false;
    }
    if (pin != settings.facilitator_pin) {
        unlock_error = "Wrong PIN.";
        return false;
    }
    role = Team::Facilitator;
    screen = Screen::Exercise;
    unlock_error.clear();
    NewSeat();
    return true;
}

void App::NewSeat()
{
    // Nothing of the last seat's screen carries over: what it selected, what it last did.
    selected_host.clear();
    selected_alert = -1;
    selected_group.clear();
    selected_ticket = -1;
    note_draft.clear();
    exercise_note_draft.clear();
    note_shared = false;
    status.clear();
    status_ok = true;
    followed_.reset();
    view_dirty_ = true;
}

bool App::Idle() const
{
    if (remote_ || screen == Screen::Loading) return false; // the network, the spinner
    if (screen == Screen::Exercise && speed > 0 && sim_ && !sim_->Finished()) return false;
    const auto now = std::chrono::steady_clock::now();
    for (const auto& list : notices_)
        if (!list.empty() && now - list.back().arrived < std::chrono::seconds(9)) return false; // a toast fades
    return true;
}

bool App::SeatIsAutopilot(Team t) const
{
    return t == Team::ITOps ? settings.itops_autopilot : t == Team::SecOps ? settings.secops_autopilot : false;
}

void App::ForgetViews()
{
    // The counters of a seat view keep growing across a rebuild (panels key their caches on them):
    // dropping the source makes the next UpdateSeatView start over.
    for (auto& s : seats_) s.source = nullptr;
    for (auto& list : triaged_) list.clear();
    view_records_ = (size_t)-1;
    view_dirty_ = true;
    // And what was derived from the last exercise's journal.
    board_card_ = (uint64_t)-1;
    board_json_for_ = (uint64_t)-1;
    ratings_for_ = (size_t)-1;
    ratings_.clear();
}

void App::RefreshView()
{
    if (!sim_) return;
    const size_t n = sim_->journal().Records().size();
    const auto now = std::chrono::steady_clock::now();
    const bool changed = n != view_records_ || sim_->Now() != view_time_;
    const bool running = speed > 0 && !sim_->Finished() && screen == Screen::Exercise;
    if (!(view_dirty_ || role != view_team_ ||
          (changed && (!running || now - view_built_at_ >= std::chrono::milliseconds(view_interval_ms)))))
        return;
    const double cpu0 = ThreadCpuMs();
    // Every seat's view is kept up to date, not only the one on screen (0.1-0.4 ms each on a noisy
    // week): a hot-seat switch finds its view there, instead of building 100,000 alerts (~100 ms).
    const Team teams[3] = {Team::ITOps, Team::SecOps, Team::Facilitator};
    for (int s = 0; s < 3; ++s) {
        if (seats_[s].source == nullptr) seats_[s].team = teams[s];
        bd::UpdateSeatView(*sim_, seats_[s], &triaged_[s]);
        triaged_[s].clear();
    }
    view_ = bd::TeamViewRestJson(*sim_, role);
    view_records_ = n;
    view_time_ = sim_->Now();
    view_team_ = role;
    view_dirty_ = false;
    view_built_at_ = now;
    ++view_generation_;
    refresh_ms += ThreadCpuMs() - cpu0;
}

const json& App::View()
{
    static const json empty = json::object();
    if (remote_) {
        PollRemote();
        return view_;
    }
    if (!sim_) return empty;
    RefreshView();
    return view_;
}

const bd::SeatView& App::Seat()
{
    static const bd::SeatView empty;
    if (remote_) {
        PollRemote();
        return seats_[0];
    }
    if (!sim_) return empty;
    RefreshView();
    return seats_[view_team_ == Team::ITOps ? 0 : view_team_ == Team::SecOps ? 1 : 2];
}

std::string App::WhyNot(bd::CommandKind kind, const std::string& target, const std::string& value, bool emergency) const
{
    if (remote_) return ""; // the server checks, and the status line shows its answer
    if (!sim_) return "no exercise is running";
    if (sim_->Finished()) return "the exercise has ended";
    bd::Command c;
    c.kind = kind;
    c.team = role;
    c.role = bd::DefaultRole(role, kind);
    c.target = target;
    c.value = value;
    c.emergency = emergency;
    const auto r = sim_->Check(c);
    return r.ok() ? std::string() : r.message;
}

void App::StartScorer(const std::vector<json>& records_so_far)
{
    scorer_.reset(); // joins the previous exercise's worker
    auto w = std::make_shared<ScoreWorker>();
    w->interval_ms = view_interval_ms;
    w->inbox = records_so_far;
    w->posted = records_so_far.size();
    w->thread = std::thread([raw = w.get()] { raw->Run(); });
    scorer_ = std::move(w);
    card_version_ = (uint64_t)-1;
}

const bd::Scorecard& App::Score()
{
    if (remote_) {
        // The facilitator's events are the journal's records: the live scorecard, as locally.
        // A player's are cut: it sees the server's scorecard at the end (EndText).
        // As of the server's clock; while it runs, at most every view_interval_ms (Result reads every alert).
        const auto& events = remote_->events();
        const bd::SimTime now = Now();
        const auto wall = std::chrono::steady_clock::now();
        const bool due = speed <= 0 || wall - remote_scored_at_ >= std::chrono::milliseconds(view_interval_ms);
        if (role == Team::Facilitator && (remote_scored_ < events.size() || now != remote_scored_now_) && due) {
            for (; remote_scored_ < events.size(); ++remote_scored_) remote_score_.Feed(events[remote_scored_]);
            card_ = remote_score_.Result(now);
            remote_scored_now_ = now;
            remote_scored_at_ = wall;
            ++card_serial_;
        }
        return card_;
    }
    if (!scorer_) return card_;
    const bool running = speed > 0 && sim_ && !sim_->Finished() && screen == Screen::Exercise;
    const bd::SimTime now = Now();
    std::unique_lock lock(scorer_->mu);
    if (scorer_->as_of != now) {
        scorer_->as_of = now; // the live figures run to the clock, not to the last record
        scorer_->cv.notify_all();
    }
    auto current = [&] { return scorer_->published_for == scorer_->posted && scorer_->published_as_of == scorer_->as_of; };
    if (!running && !current()) {
        // Paused or over: the card must say what the journal says now. Wait for the worker.
        const double cpu0 = ThreadCpuMs();
        scorer_->urgent = true;
        scorer_->cv.notify_all();
        scorer_->cv.wait(lock, current);
        score_ms += ThreadCpuMs() - cpu0;
    }
    if (scorer_->version != card_version_) {
        const double cpu0 = ThreadCpuMs();
        card_ = std::move(scorer_->published); // the worker replaces it whole next time: no copy
        card_version_ = scorer_->version;
        ++card_serial_;
        score_ms += ThreadCpuMs() - cpu0;
    }
    return card_;
}

const ScoreboardModel& App::Scoreboard()
{
    const bd::Scorecard& card = Score();
    const bool over = Over(), truth = role == Team::Facilitator || over;
    const json* view = truth ? nullptr : &View(); // a player's rows come partly from its own view
    const bd::SimTime now = Now();
    const uint64_t gen = truth ? 0 : view_generation_;
    if (board_card_ == card_serial_ && board_view_ == gen && board_now_ == now && board_role_ == role && board_over_ == over)
        return board_;
    if (board_json_for_ != card_serial_) { // a player's rows follow the clock: the card's JSON only when it changed
        board_json_ = bd::ToJson(card);
        board_json_for_ = card_serial_;
    }
    ScoreboardInput in;
    in.card = &card;
    in.card_json = &board_json_;
    in.over = over;
    in.truth = truth;
    in.now = now;
    if (view) {
        if (auto inc = view->find("incidents"); inc != view->end() && inc->is_array() && !inc->empty())
            in.declared = inc->front().value("declared", (bd::SimTime)-1);
        if (auto sv = view->find("services"); sv != view->end() && sv->is_array()) {
            in.services_down = 0;
            for (const auto& sr : *sv) in.services_down += !sr.value("up", true);
        }
        // A served seat does not hold the journal the cost is computed from: the server sends it.
        if (remote_) {
            in.served_cost = remote_->clock().value("downtime_cost", 0.0);
            in.served_currency = Currency();
        }
    }
    if (over) in.objectives = &EndRatings();
    if (sim_ && !remote_) in.journal = sim_->journal().Path();
    board_ = ScoreboardRows(in);
    board_card_ = card_serial_;
    board_view_ = gen;
    board_now_ = now;
    board_role_ = role;
    board_over_ = over;
    return board_;
}

const std::vector<bd::ObjectiveRating>& App::EndRatings()
{
    static const std::vector<bd::ObjectiveRating> none;
    if (remote_ || !sim_ || !sim_->Finished()) return none;
    const auto& records = sim_->journal().Records();
    if (ratings_for_ != records.size()) {
        ratings_ = bd::RateObjectives(Score(), records, sim_->scenario().objectives);
        ratings_for_ = records.size();
    }
    return ratings_;
}

// The scorecard's own attack start (the first technique that succeeded): one definition, not a second scan.
bool App::AttackBegun() { return Score().attack_start_s.has_value(); }

bd::CommandResult App::Act(bd::CommandKind kind, const std::string& target, const std::string& value, const std::string& text,
                           bool emergency, std::vector<std::string> assets, int32_t ticket)
{
    bd::CommandResult r;
    const std::string what = std::string(bd::CommandKindName(kind)) + (target.empty() ? "" : " " + target);
    if (remote_) {
        json cmd = {{"kind", bd::CommandKindName(kind)}, {"target", target}, {"role", bd::DefaultRole(role, kind)}};
        if (!value.empty()) cmd["value"] = value;
        if (!text.empty()) cmd["text"] = text;
        if (!assets.empty()) cmd["assets"] = assets;
        if (emergency) cmd["emergency"] = true;
        if (ticket != bd::kNone) cmd["ticket"] = ticket;
        remote_pending_[remote_->Post(std::move(cmd))] = what;
        status = what + ": sent to the server";
        status_ok = true;
        return r;
    }
    if (!sim_) { r.code = bd::ResultCode::Precondition; r.message = "no exercise is running"; return r; }
    bd::Command c;
    c.kind = kind;
    c.team = role;
    c.role = bd::DefaultRole(role, kind);
    c.issuer = std::string("player:") + bd::TeamName(role);
    c.target = target;
    c.value = value;
    c.text = text;
    c.emergency = emergency;
    c.assets = std::move(assets);
    c.ticket = ticket;
    const size_t before = sim_->journal().Records().size();
    r = sim_->Post(c);
    view_dirty_ = true; // the player sees the effect of what they did on the next frame
    StatusAfterPost(c, r, before);
    return r;
}

bool App::Join(const std::string& host_port, const std::string& code)
{
    auto c = std::make_shared<bd::net::Client>();
    std::string err;
    if (!c->Connect(host_port, code, err)) {
        error = err;
        return false;
    }
    remote_ = std::move(c);
    remote_where = host_port;
    remote_joining_since_ = std::chrono::steady_clock::now();
    record_history = false; // the server keeps the journal
    screen = Screen::Loading;
    return true;
}

void App::PollRemote()
{
    bd::net::Client& c = *remote_;
    c.Poll(0);
    if (c.state() == bd::net::Client::State::Refused) {
        error = "The server refused the code: " + c.refusal();
        remote_.reset();
        screen = Screen::Start;
        return;
    }
    if (screen == Screen::Loading && c.state() != bd::net::Client::State::Joined &&
        std::chrono::steady_clock::now() - remote_joining_since_ > std::chrono::seconds(20)) {
        error = "No answer from " + remote_where + " in 20 s: is breachdrill serve running there, is the port open, and is the code for "
                "this server? (a code of another server gets no answer at all)";
        remote_.reset();
        screen = Screen::Start;
        return;
    }
    if (screen == Screen::Loading && c.state() == bd::net::Client::State::Joined && c.has_view()) {
        role = bd::ParseTeam(c.team()).value_or(Team::SecOps);
        const json& start = c.welcome().contains("story_start") ? c.welcome()["story_start"] : json();
        SetStoryClock(bd::StoryClock::Named(start.is_string() ? start.get<std::string>() : ""));
        screen = Screen::Exercise;
        remote_noticed_ = c.events().size(); // what happened before joining is in the view, not news
        status = "Joined as " + c.seat() + " (" + c.team() + ") at " + remote_where;
        status_ok = true;
    }
    for (auto it = remote_pending_.begin(); it != remote_pending_.end();) {
        const json* a = c.Answer(it->first);
        if (!a) { ++it; continue; }
        status_ok = a->value("ok", false);
        const std::string msg = a->value("message", "");
        status = status_ok ? it->second + ": " + (msg.empty() ? "under way" : msg) : "Refused: " + it->second + ": " + msg;
        view_dirty_ = true;
        it = remote_pending_.erase(it);
    }
    // The seat's events since the last poll: its notices (they are cut for this seat by the server).
    for (const auto& events = c.events(); remote_noticed_ < events.size(); ++remote_noticed_) NoticeFor(role, events[remote_noticed_]);
    if (c.view_generation() != remote_view_generation_) {
        remote_view_generation_ = c.view_generation();
        view_ = c.view();
        // The panels key their caches on the seat view's counters: a new view from the server is a
        // new build (rebuilt grows), so nothing derived from the previous one is kept.
        const uint64_t rebuilt = seats_[0].rebuilt;
        seats_[0] = SeatViewFromJson(view_, role);
        seats_[0].rebuilt = rebuilt + 1;
        ++view_generation_;
    }
    const json& clock = c.clock();
    speed = clock.value("running", false) ? (int)clock.value("speed", 0.0) : 0;
}

bd::SimTime App::Now() const
{
    if (remote_) return remote_->clock().value("time", (bd::SimTime)0);
    return sim_ ? sim_->Now() : 0;
}

std::string App::Currency() const
{
    if (remote_) return remote_->welcome().value("currency", "");
    return sim_ ? sim_->scenario().currency : "";
}

std::vector<std::string> App::Regimes() const
{
    if (remote_) return remote_->welcome().value("regimes", std::vector<std::string>{});
    return sim_ ? sim_->scenario().regimes : std::vector<std::string>{};
}

std::vector<App::Stage> App::CampaignStages() const
{
    std::vector<Stage> out;
    if (remote_) {
        for (const auto& st : remote_->welcome().value("campaign", json::array())) out.push_back({st.value("technique", ""), st.value("name", "")});
    } else if (sim_) {
        for (const auto& st : sim_->scenario().campaign.stages) out.push_back({st.technique, st.name});
    }
    return out;
}

MapNetwork App::Network()
{
    if (remote_) {
        MapNetwork net = NetworkFromJson(remote_->welcome().value("network", json::object()));
        return net.zones.empty() ? NetworkFromHosts(Seat().hosts) : net;
    }
    return sim_ ? NetworkOf(sim_->world()) : MapNetwork{};
}

bool App::Over() const
{
    if (remote_) return !remote_->ended().is_null() || remote_->clock().value("finished", false);
    return sim_ && sim_->Finished();
}

std::string App::EndText() const
{
    return remote_ && !remote_->ended().is_null() ? remote_->ended().value("text", "") : "";
}

const std::vector<json>& App::Records() const
{
    static const std::vector<json> none;
    if (remote_) return remote_->events();
    return sim_ ? sim_->journal().Records() : none;
}

} // namespace bdui
