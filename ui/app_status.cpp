// app_status.cpp: the status line follows this seat's last action to its end (see app.h, status).
// Everything it says is read from the journal records of that command: its result (scheduled or
// waiting for approval, with the due time), its approval, and its command_done; and, for an action
// that can take services down, the services down on the host once it is done (every seat sees them).
#include "app.h"

#include <cctype>

namespace bdui {

using nlohmann::json;

namespace {
// "Isolating ws-036": the action under way, in words.
std::string Doing(bd::CommandKind k, const std::string& target)
{
    using K = bd::CommandKind;
    const char* verb = nullptr;
    switch (k) {
    case K::InvestigateHost: verb = "Investigating"; break;
    case K::IsolateHost: verb = "Isolating"; break;
    case K::ReleaseHost: verb = "Releasing"; break;
    case K::ReimageHost: verb = "Rebuilding"; break;
    case K::RestoreHost: verb = "Restoring from backup"; break;
    case K::PatchHost: verb = "Patching"; break;
    case K::ResetCredential: verb = "Resetting the credential of"; break;
    case K::DisableAccount: verb = "Disabling"; break;
    case K::BlockIndicator: verb = "Blocking"; break;
    case K::TakeServiceOffline: verb = "Taking offline"; break;
    case K::BringServiceOnline: verb = "Bringing back online"; break;
    case K::FailoverService: verb = "Failing over"; break;
    case K::RollbackUpdate: verb = "Rolling back"; break;
    default: break;
    }
    if (verb) return std::string(verb) + (target.empty() ? "" : " " + target);
    std::string words = bd::CommandKindName(k);
    for (char& ch : words)
        if (ch == '_') ch = ' ';
    if (!words.empty()) words[0] = (char)std::toupper((unsigned char)words[0]);
    return words + (target.empty() ? "" : " " + target);
}

bool TakesServicesDown(bd::CommandKind k)
{
    using K = bd::CommandKind;
    return k == K::IsolateHost || k == K::ReimageHost || k == K::RestoreHost || k == K::PatchHost || k == K::TakeServiceOffline;
}

// "2 services down (ERP, mail; 8,200 EUR an hour)" for the services that run on host `id` (or are
// service `id`) and are down now; "" when none is.
// Services counted with their names and their cost an hour: "2 services (ERP, mail; 8,200 EUR an hour)".
struct ServiceTally {
    int64_t n = 0;
    double cost = 0;
    std::string names;
    void Add(const std::string& name, double per_hour)
    {
        ++n;
        cost += per_hour;
        names += (names.empty() ? "" : ", ") + name;
    }
    std::string Text(const std::string& currency, const char* after_count = "") const
    {
        return bd::CountOf(n, "service") + after_count + " (" + names +
               (cost > 0 ? "; " + bd::FormatCount((int64_t)(cost + 0.5)) + " " + currency + " an hour" : std::string()) + ")";
    }
};

std::string ServicesDown(const bd::Simulation& sim, const std::string& id)
{
    const bd::World& w = sim.world();
    const bd::HostId h = w.FindHost(id);
    ServiceTally t;
    for (const auto& s : w.services) {
        bool on = s.id == id;
        for (bd::HostId x : s.failed_over ? s.standby : s.depends_on) on = on || (h != bd::kNone && x == h);
        if (on && !s.up) t.Add(s.name, s.cost_per_hour);
    }
    return t.n == 0 ? "" : t.Text(sim.scenario().currency, " down");
}

const json* FindRecord(const std::vector<json>& records, size_t from, const char* type, uint64_t id)
{
    for (size_t i = from; i < records.size(); ++i) {
        const json& r = records[i];
        if (r.value("type", "") != type) continue;
        const json& idj = r.contains("cmd") ? r["cmd"] : r;
        if (idj.value("id", (uint64_t)0) == id) return &r;
    }
    return nullptr;
}
} // namespace

std::string App::CostOf(bd::CommandKind kind, const std::string& target)
{
    if (!TakesServicesDown(kind) || kind == bd::CommandKind::PatchHost) return "";
    // From the seat's view (every seat sees the services): those up now that run on the target.
    ServiceTally t;
    for (const auto& s : View().value("services", json::array())) {
        bool on = s.value("id", "") == target;
        for (const auto& h : s.value("hosts", json::array())) on = on || (h.is_string() && h.get<std::string>() == target);
        if (on && s.value("up", true)) t.Add(s.value("name", ""), s.value("cost_per_hour", 0.0));
    }
    return t.n == 0 ? "" : "takes down " + t.Text(Currency());
}

void App::StatusAfterPost(const bd::Command& c, const bd::CommandResult& r, size_t records_before)
{
    followed_.reset();
    const std::string what = std::string(bd::CommandKindName(c.kind)) + (c.target.empty() ? "" : " " + c.target);
    status_ok = r.ok();
    if (!r.ok()) {
        status = "Refused: " + what + ": " + r.message;
        return;
    }
    const auto& records = sim_->journal().Records();
    if (const json* done = FindRecord(records, records_before, "command_done", r.id)) { // done at once
        StatusOnRecord(*done);
        if (followed_) followed_.reset();
        status_ok = done->value("ok", false);
        const std::string msg = done->value("message", "");
        status = status_ok ? (msg.empty() ? what + ": done" : msg) : "Failed: " + what + ": " + msg;
        return;
    }
    followed_ = Followed{r.id, c.team, c.kind, c.target};
    const json* res = FindRecord(records, records_before, "command_result", r.id);
    const bd::SimTime due = res ? res->value("due", (bd::SimTime)-1) : -1;
    if (res && res->value("status", "") == "awaiting_approval")
        status = Doing(c.kind, c.target) + " (waits for change approval, until " + ShortClock(due) + ")";
    else
        status = Doing(c.kind, c.target) + " (" + ShortDuration(due - sim_->Now()) + ": done at " + ShortClock(due) + ")";
}

void App::StatusOnRecord(const json& r)
{
    if (!followed_ || followed_->team != role) return;
    const std::string type = r.value("type", "");
    if (type == "change_approved" && r.value("id", (uint64_t)0) == followed_->id) {
        const bd::SimTime due = Now() + sim_->DurationOf(followed_->kind);
        status = Doing(followed_->kind, followed_->target) + " (approved by " + r.value("by", "") + ": done at " + ShortClock(due) + ")";
        status_ok = true;
        return;
    }
    if (type != "command_done" || !r.contains("cmd") || r["cmd"].value("id", (uint64_t)0) != followed_->id) return;
    const Followed f = *followed_;
    followed_.reset();
    status_ok = r.value("ok", false);
    const std::string msg = r.value("message", "");
    if (!status_ok) {
        status = "Failed: " + std::string(bd::CommandKindName(f.kind)) + " " + f.target + ": " + msg;
        return;
    }
    status = msg.empty() ? Doing(f.kind, f.target) + ": done" : msg;
    if (TakesServicesDown(f.kind))
        if (const std::string down = ServicesDown(*sim_, f.target); !down.empty()) status += ": " + down;
}

bd::CommandResult App::TriageAll(const std::vector<bd::AlertId>& ids, bool real)
{
    const bd::SeatView& seat = Seat();
    std::vector<bd::AlertId> fresh;
    for (bd::AlertId id : ids)
        if (const int32_t r = seat.RowOfAlert(id); r >= 0 && seat.alerts[r].status == bd::AlertStatus::New) fresh.push_back(id);
    bd::CommandResult last;
    int done = 0;
    std::string refused;
    for (bd::AlertId id : fresh) {
        last = Act(bd::CommandKind::TriageAlert, std::to_string(id), real ? "true_positive" : "false_positive");
        if (last.ok()) ++done;
        else if (refused.empty()) refused = last.message;
    }
    status_ok = done > 0 || fresh.empty();
    status = bd::CountOf(done, "alert") + " of the group marked " + (real ? "real" : "false alarms") +
             (refused.empty() ? "" : "; refused: " + refused);
    return last;
}

} // namespace bdui
