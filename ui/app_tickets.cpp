// app_tickets.cpp: what a seat answers to a ticket, and the rollback hand-off of a faulty update
// (see app.h, [SECTION] Tickets). Everything is read from the seat's view, so a served seat offers
// the same answers; the engine checks every command again when it is posted.
#include "app.h"

namespace bdui {

using nlohmann::json;

namespace {
bool MayIssue(Team t, bd::CommandKind k)
{
    const bd::CommandSpec& s = bd::Spec(k);
    return t == Team::ITOps ? s.itops : t == Team::SecOps ? s.secops : s.facilitator;
}

const char* TeamWord(Team t) { return t == Team::ITOps ? "ITOps" : t == Team::SecOps ? "SecOps" : "the facilitator"; }

// The work in flight (the view's `work`) that names ticket `id`, or nullptr.
const json* WorkFor(const json& view, int id)
{
    if (auto w = view.find("work"); w != view.end() && w->is_array())
        for (const auto& item : *w)
            if (item.value("ticket", -1) == id) return &item;
    return nullptr;
}
} // namespace

const json* App::Ticket(int id)
{
    const json& view = View();
    if (auto t = view.find("tickets"); t != view.end() && t->is_array())
        for (const auto& item : *t)
            if (item.value("id", -1) == id) return &item;
    return nullptr;
}

TicketOffer App::OfferFor(int id)
{
    TicketOffer o;
    const json* t = Ticket(id);
    if (!t) {
        o.why_not = "this seat does not see ticket " + std::to_string(id);
        return o;
    }
    const std::string status = Str(*t, "status");
    if (status != "open") {
        o.state = status;
        o.why_not = "ticket " + std::to_string(id) + " is " + status;
        return o;
    }
    o.state = "new";
    const auto from = bd::ParseTeam(Str(*t, "from"));
    if (bd::ParseTeam(Str(*t, "to")) != role) {
        o.why_not = "ticket " + std::to_string(id) + " is addressed to " + Str(*t, "to");
        return o;
    }
    if (Over()) {
        o.why_not = "the exercise has ended";
        return o;
    }
    o.can_reject = true;
    if (const json* w = WorkFor(View(), id)) {
        o.state = "in progress";
        o.why_not = "under way: " + Str(*w, "kind") + " " + Str(*w, "target") +
                    (w->value("awaiting_approval", false) ? ", waiting for change approval" : "");
        o.can_reject = false;
        return o;
    }
    const std::string action = Str(*t, "action"), target = Str(*t, "target");
    const auto kind = bd::ParseCommandKind(action);
    if (!kind) {
        o.why_not = "'" + action + "' is not an action";
        return o;
    }
    if (MayIssue(role, *kind)) {
        o.reply = TicketReply::DoIt;
        o.label = "Do it";
        o.what = action + (target.empty() ? "" : " " + target) + ", as " + TeamWord(role) + " (closes the ticket when it is done)";
        if (!remote_ && sim_) {
            bd::Command c;
            c.kind = *kind;
            c.team = role;
            c.role = bd::DefaultRole(role, *kind);
            c.target = target;
            c.ticket = id;
            const auto r = sim_->Check(c);
            if (!r.ok()) o.why_not = r.message;
        }
        return o;
    }
    if (from && MayIssue(*from, *kind)) {
        // Their action, on something of ours: the answer is our agreement, as the request their
        // command must name (rollback_update names SecOps' ticket asking for it).
        o.reply = TicketReply::Agree;
        o.label = "Agree";
        o.what = "tell " + std::string(TeamWord(*from)) + " to go ahead: asks them for " + action + (target.empty() ? "" : " " + target) +
                 " (the ticket their command names) and closes this one as done";
        return o;
    }
    o.why_not = "only " + std::string(TeamWord(Team::Facilitator)) + " can " + action;
    return o;
}

bd::CommandResult App::AnswerTicket(int id)
{
    const TicketOffer o = OfferFor(id);
    bd::CommandResult r;
    if (o.reply == TicketReply::None || !o.why_not.empty()) {
        r.code = bd::ResultCode::Precondition;
        r.message = o.why_not.empty() ? "nothing to answer" : o.why_not;
        status = "Refused: ticket " + std::to_string(id) + ": " + r.message;
        status_ok = false;
        return r;
    }
    const json t = *Ticket(id); // a copy: posting refreshes the view
    const std::string action = Str(t, "action"), target = Str(t, "target");
    const auto kind = bd::ParseCommandKind(action);
    if (o.reply == TicketReply::DoIt) return Act(*kind, target, "", "", false, {}, id);
    const std::string reason = Str(t, "reason");
    r = Act(bd::CommandKind::RequestAction, target, action,
            "agreed (ticket " + std::to_string(id) + ")" + (reason.empty() ? "" : ": " + reason));
    if (!r.ok()) return r;
    const bd::CommandResult closed =
        Act(bd::CommandKind::CloseTicket, std::to_string(id), "done", "agreed: go ahead with " + action + " " + target);
    if (!closed.ok()) return closed;
    status = "Agreed to ticket " + std::to_string(id) + ": " + TeamWord(*bd::ParseTeam(Str(t, "from"))) + " can now " + action + " " + target;
    status_ok = true;
    return r;
}

bd::CommandResult App::RejectTicket(int id, const std::string& reason)
{
    return Act(bd::CommandKind::CloseTicket, std::to_string(id), "rejected", reason.empty() ? "rejected without a reason" : reason);
}

RollbackStep App::RollbackOf(const std::string& update)
{
    RollbackStep s;
    const json& view = View();
    for (const auto& op : view.value("operations", json::array()))
        if (Str(op, "name") == update && op.value("rolled_back", false)) {
            s.kind = RollbackStep::Done;
            s.text = "rolled back";
            return s;
        }
    for (const auto& w : view.value("work", json::array()))
        if (Str(w, "kind") == "rollback_update" && Str(w, "target") == update) {
            s.kind = RollbackStep::Rolling;
            s.ticket = w.value("ticket", -1);
            s.text = w.value("awaiting_approval", false) ? "rollback waits for change approval (Changes tab)" : "rolling back";
            return s;
        }
    std::string refused;
    for (const auto& t : view.value("tickets", json::array())) {
        if (Str(t, "action") != "rollback_update" || Str(t, "target") != update) continue;
        const std::string from = Str(t, "from"), status = Str(t, "status");
        if (from == "secops" && status == "open") {
            s.kind = RollbackStep::Agreed;
            s.ticket = t.value("id", -1);
            s.text = "SecOps agreed (ticket " + std::to_string(s.ticket) + ")";
            return s;
        }
        if (from == "itops" && status == "open") {
            s.kind = RollbackStep::Asked;
            s.ticket = t.value("id", -1);
            s.text = "asked SecOps (ticket " + std::to_string(s.ticket) + "), no answer yet";
        }
        if (from == "itops" && status == "rejected") refused = "SecOps refused: " + Str(t, "answer");
    }
    if (s.kind == RollbackStep::Ask && !refused.empty()) s.text = refused + "; ask again when you know more";
    return s;
}

bd::CommandResult App::AdvanceRollback(const std::string& update)
{
    const RollbackStep s = RollbackOf(update);
    if (s.kind == RollbackStep::Ask)
        return Act(bd::CommandKind::RequestAction, update, "rollback_update", "the " + update + " update crashes our hosts: agree to roll it back?");
    if (s.kind == RollbackStep::Agreed) return Act(bd::CommandKind::RollbackUpdate, update, "", "", false, {}, s.ticket);
    bd::CommandResult r;
    r.code = bd::ResultCode::Precondition;
    r.message = s.text;
    status = "Refused: rollback_update " + update + ": " + s.text;
    status_ok = false;
    return r;
}

} // namespace bdui
