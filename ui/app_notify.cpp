// app_notify.cpp: what arrives for a seat, as notices (see app.h, [SECTION] Notifications). A notice
// is made from the journal record as that seat may see it (engine/exercise/seat_events.h: locally
// the same filter a served seat gets its events through; served, the events themselves), so a
// notice never tells a player what their tools do not.
#include "app.h"

#include "exercise/seat_events.h"

namespace bdui {

using nlohmann::json;

namespace {
int SeatIndex(Team t) { return t == Team::ITOps ? 0 : t == Team::SecOps ? 1 : -1; }
} // namespace

void App::ForgetNotices()
{
    for (int s = 0; s < 2; ++s) {
        notices_[s].clear();
        seen_[s] = 0;
        sent_tickets_[s].clear();
    }
    seat_filter_.reset();
    if (sim_ && !remote_) seat_filter_ = std::make_shared<bd::SeatEventFilter>(*sim_);
    remote_noticed_ = 0;
}

void App::NoticeRecord(const json& record)
{
    if (!seat_filter_) return;
    seat_filter_->Observe(record);
    for (Team t : {Team::ITOps, Team::SecOps})
        if (auto e = seat_filter_->For(t, record)) NoticeFor(t, *e);
}

void App::NoticeFor(Team team, const json& e)
{
    const int s = SeatIndex(team);
    if (s < 0) return;
    const std::string type = Str(e, "type");
    const bd::SimTime t = e.value("t", (bd::SimTime)0);
    auto add = [&](NoticeTone tone, std::string text) {
        notices_[s].push_back(Notice{t, std::move(text), tone, std::chrono::steady_clock::now(), 1});
    };
    const std::string me = bd::TeamName(team);
    if (type == "ticket") {
        const int id = e.value("id", -1);
        if (Str(e, "from") == me) {
            sent_tickets_[s].insert(id);
        } else if (Str(e, "to") == me) {
            add(NoticeTone::Info, "Ticket #" + std::to_string(id) + " from " + Str(e, "from") + ": " + Words(Str(e, "action")) +
                                      (Str(e, "target").empty() ? "" : " " + Str(e, "target")));
        }
    } else if (type == "ticket_closed") {
        const int id = e.value("id", -1);
        if (!sent_tickets_[s].count(id)) return; // closed by us: we know
        const bool done = Str(e, "status") == "done";
        const std::string answer = Str(e, "answer");
        add(done ? NoticeTone::Good : NoticeTone::Bad,
            "Your ticket #" + std::to_string(id) + (done ? " is done" : " was rejected") + (answer.empty() ? "" : ": " + answer));
    } else if (type == "inject") {
        add(NoticeTone::Warn, "Inject #" + std::to_string(e.value("number", 0)) + (Str(e, "role").empty() ? "" : " to " + Words(Str(e, "role"))) +
                                  ": " + Str(e, "synopsis"));
    } else if (type == "alert") {
        if (e.value("severity", 0) < 3 || Str(e, "team") != me) return;
        const std::string summary = Str(e, "summary"), host = Str(e, "host");
        const std::string what = summary + (host.empty() || summary.find(host) != std::string::npos ? "" : " on " + host);
        // A burst (60 hosts in a boot loop) is one notice that counts, not 60.
        if (!notices_[s].empty() && notices_[s].back().tone == NoticeTone::Alert && t - notices_[s].back().time < 10 * 60) {
            Notice& n = notices_[s].back();
            ++n.count;
            n.text = std::to_string(n.count) + " high-severity alerts; the latest: " + what;
            n.arrived = std::chrono::steady_clock::now();
            n.time = t;
            return;
        }
        add(NoticeTone::Alert, "High-severity alert: " + what);
    } else if (type == "command_done") {
        const json& cmd = e.contains("cmd") ? e["cmd"] : json::object();
        const auto kind = bd::ParseCommandKind(Str(cmd, "kind"));
        if (!kind || bd::Spec(*kind).duration_s <= 0) return; // at once: the status line said it
        const std::string msg = Str(e, "message");
        if (e.value("ok", false)) add(NoticeTone::Good, "Done: " + (msg.empty() ? Words(Str(cmd, "kind")) + " " + Str(cmd, "target") : msg));
        else add(NoticeTone::Bad, "Failed: " + Words(Str(cmd, "kind")) + " " + Str(cmd, "target") + (msg.empty() ? "" : ": " + msg));
    }
}

const std::vector<Notice>& App::Notices(Team t) const
{
    static const std::vector<Notice> none;
    const int s = SeatIndex(t);
    return s < 0 ? none : notices_[s];
}

size_t App::Unread(Team t) const
{
    const int s = SeatIndex(t);
    if (s < 0) return 0;
    size_t n = 0;
    for (size_t i = seen_[s]; i < notices_[s].size(); ++i) n += (size_t)notices_[s][i].count;
    return n;
}

void App::MarkSeen()
{
    if (screen != Screen::Exercise) return; // a handover page hides the seat: nothing was seen
    const int s = SeatIndex(role);
    if (s >= 0) seen_[s] = notices_[s].size();
}

} // namespace bdui
