// scorecard.cpp: the scorecard from journal records (see scorecard.h; definitions in docs/scoring.md):
// reading fields safely and feeding records. The result is in scorecard_result.cpp, the JSON in
// scorecard_json.cpp, the text in scorecard_text.cpp (scorecard_parts.h lists the parts).
//
// Index
//   [SECTION] Reading fields safely
//   [SECTION] Feeding records
#include "scorecard_parts.h"

#include <algorithm>
#include <charconv>
#include <limits>
#include <string>

namespace bd {

using nlohmann::json;
using namespace scorecard_parts;

namespace {

// Far beyond any exercise (about 31 million years); keeps every sum of times and deadlines inside int64.
constexpr ScoreTime kMaxTime = 1'000'000'000'000'000;

// Record counts come from the journal: a sum saturates instead of overflowing.
int64_t SaturatingAdd(int64_t a, int64_t b)
{
    return a > std::numeric_limits<int64_t>::max() - b ? std::numeric_limits<int64_t>::max() : a + b;
}

// [SECTION] Reading fields safely
//
// nlohmann's get<>() throws on a wrong type; these check first. A null value counts as absent.

const json* Find(const json& obj, const char* key)
{
    if (!obj.is_object()) return nullptr;
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) return nullptr;
    return &*it;
}

bool AsInt(const json& v, int64_t& out)
{
    if (v.is_number_unsigned()) {
        const uint64_t u = v.get<uint64_t>();
        if (u > (uint64_t)std::numeric_limits<int64_t>::max()) return false;
        out = (int64_t)u;
        return true;
    }
    if (v.is_number_integer()) {
        out = v.get<int64_t>();
        return true;
    }
    return false;
}

bool GetInt(const json& obj, const char* key, int64_t& out)
{
    const json* v = Find(obj, key);
    return v && AsInt(*v, out);
}

bool GetBool(const json& obj, const char* key, bool& out)
{
    const json* v = Find(obj, key);
    if (!v || !v->is_boolean()) return false;
    out = v->get<bool>();
    return true;
}

bool GetString(const json& obj, const char* key, std::string& out)
{
    const json* v = Find(obj, key);
    if (!v || !v->is_string()) return false;
    out = v->get<std::string>();
    return true;
}

bool GetNumber(const json& obj, const char* key, double& out)
{
    const json* v = Find(obj, key);
    if (!v || !v->is_number()) return false;
    out = v->get<double>();
    return true;
}

// Optional fields: true when absent (out unchanged) or of the right type; false when present
// with the wrong type.
bool OptBool(const json& obj, const char* key, bool& out)
{
    return !Find(obj, key) || GetBool(obj, key, out);
}
bool OptString(const json& obj, const char* key, std::string& out)
{
    return !Find(obj, key) || GetString(obj, key, out);
}

// An alert id as a triage command names it: the command's target is a string ("12"); accept a
// JSON integer too.
bool AlertIdOf(const json& cmd, int64_t& out)
{
    const json* v = Find(cmd, "target");
    if (!v) return false;
    if (AsInt(*v, out)) return true;
    if (!v->is_string()) return false;
    const std::string& s = v->get_ref<const std::string&>();
    const char* end = s.data() + s.size();
    auto [p, ec] = std::from_chars(s.data(), end, out);
    return ec == std::errc() && p == end && !s.empty();
}

} // namespace

const char* ComplianceStatusName(ComplianceStatus s)
{
    switch (s) {
    case ComplianceStatus::Met: return "met";
    case ComplianceStatus::Missed: return "missed";
    case ComplianceStatus::Open: return "open";
    case ComplianceStatus::NotTriggered: return "not_triggered";
    case ComplianceStatus::SentBeforeClock: return "sent_before_clock";
    }
    return "?";
}

const char* ComplianceStatusLabel(ComplianceStatus s)
{
    switch (s) {
    case ComplianceStatus::Met: return "MET";
    case ComplianceStatus::Missed: return "MISSED";
    case ComplianceStatus::Open: return "OPEN";
    case ComplianceStatus::NotTriggered: return "NOT TRIGGERED";
    case ComplianceStatus::SentBeforeClock: return "SENT BEFORE THE CLOCK STARTED";
    }
    return "?";
}

const char* ReachName(Reach r)
{
    switch (r) {
    case Reach::Reached: return "reached";
    case Reach::Never: return "never";
    case Reach::Undetected: return "undetected";
    case Reach::NoBreach: return "no_breach";
    }
    return "?";
}

Outcomes OutcomesOf(const Scorecard& c)
{
    Outcomes o;
    if (!c.attack_start_s) return o;
    o.detected = c.detected_at_s ? Reach::Reached : Reach::Never;
    o.contained = c.time_to_contain_s ? Reach::Reached : c.contained_at_s ? Reach::Undetected : Reach::Never;
    o.recovered = c.time_to_recover_s ? Reach::Reached : c.recovered_at_s ? Reach::Undetected : Reach::Never;
    return o;
}

std::string ObligationLabel(const std::string& regime, const std::string& obligation)
{
    return Upper(regime) + " " + Words(obligation);
}

ComplianceTally TallyCompliance(const std::vector<ComplianceEntry>& entries)
{
    ComplianceTally n;
    for (const auto& e : entries) {
        if (e.sent_before_clock_s && !e.done_s) ++n.sent_before_clock;
        if (!e.clock_started_s) continue;
        ++n.started;
        n.met += e.status == ComplianceStatus::Met;
        n.missed += e.status == ComplianceStatus::Missed;
        n.open += e.status == ComplianceStatus::Open || e.status == ComplianceStatus::SentBeforeClock;
    }
    return n;
}

// [SECTION] Feeding records

void ScoreAccumulator::BadRecord(const json& r, const std::string& why)
{
    ++bad_records_;
    if (bad_records_ > kMaxBadRecordWarnings) return;
    std::string where;
    int64_t seq = 0;
    if (GetInt(r, "seq", seq))
        where = "seq " + std::to_string(seq);
    else
        where = "record #" + std::to_string(fed_) + " fed";
    std::string type;
    if (GetString(r, "type", type)) where += " (" + type + ")";
    Warn("[scoring.bad_record] " + where + ": " + why + "; skipped");
}

void ScoreAccumulator::Feed(const json& r)
{
    ++fed_;
    // Feed must never throw: a bug in here, or a JSON shape no check foresaw, costs one record.
    try {
        if (!r.is_object()) {
            BadRecord(r, "not a JSON object");
            return;
        }
        std::string type;
        int64_t t = 0;
        if (!GetString(r, "type", type)) {
            BadRecord(r, "'type' missing or not a string");
            return;
        }
        if (!GetInt(r, "t", t)) {
            BadRecord(r, "'t' missing or not an integer");
            return;
        }
        if (t < 0 || t > kMaxTime) {
            BadRecord(r, "'t' out of range (0 to " + std::to_string(kMaxTime) + ")");
            return;
        }
        if (ended_) {
            ++after_end_;
            return;
        }
        if (fed_ > 1 && t < last_t_ && !time_order_warned_) {
            time_order_warned_ = true;
            Warn("[scoring.time_order] time goes backwards at t=" + std::to_string(t) + " (after t=" +
                 std::to_string(last_t_) + "); intervals that would be negative count as 0");
        }
        last_t_ = t;
        FeedUnchecked(r, t, type);
    } catch (const std::exception& e) {
        BadRecord(r, std::string("could not be read (") + e.what() + ")");
    } catch (...) {
        BadRecord(r, "could not be read");
    }
}

void ScoreAccumulator::FeedHeader(const json& r)
{
    if (have_header_) {
        Warn("[scoring.duplicate_header] a second header record was ignored");
        return;
    }
    have_header_ = true;
    auto bad = [&](const std::string& what) { Warn("[scoring.bad_header] " + what); };

    if (const json* s = Find(r, "scenario")) {
        if (s->is_object()) {
            if (!OptString(*s, "id", scenario_)) bad("'scenario.id' is not a string");
            if (!OptString(*s, "title", title_)) bad("'scenario.title' is not a string");
        } else if (s->is_string()) {
            scenario_ = s->get<std::string>();
        } else {
            bad("'scenario' is neither an object nor a string");
        }
    }
    if (const json* s = Find(r, "seed")) {
        int64_t signed_seed = 0;
        if (s->is_number_unsigned())
            seed_ = s->get<uint64_t>();
        else if (AsInt(*s, signed_seed) && signed_seed >= 0)
            seed_ = (uint64_t)signed_seed;
        else
            bad("'seed' is not a non-negative integer");
    }
    if (!OptString(r, "org", org_)) bad("'org' is not a string");
    if (!OptString(r, "currency", currency_)) bad("'currency' is not a string");
    if (const json* s = Find(r, "story_start"); s && !s->is_null()) {
        if (!s->is_string() || !ParseStoryStart(s->get<std::string>())) bad("'story_start' is not a weekday and a time of day (\"Mon 08:00\")");
        else story_start_ = s->get<std::string>();
    }
    if (const json* s = Find(r, "run_at"); s && !s->is_null()) {
        if (!s->is_string()) bad("'run_at' is not a string");
        else run_at_ = s->get<std::string>();
    }
    if (Find(r, "duration_s")) {
        int64_t d = 0;
        if (GetInt(r, "duration_s", d))
            planned_duration_ = d;
        else
            bad("'duration_s' is not an integer");
    }
    if (const json* regimes = Find(r, "regimes")) {
        if (!regimes->is_array()) {
            bad("'regimes' is not a list");
        } else {
            for (const auto& reg : *regimes) {
                if (!reg.is_string()) {
                    bad("a regime is not a string: " + reg.dump());
                    continue;
                }
                const std::string id = reg.get<std::string>();
                if (std::find(regimes_.begin(), regimes_.end(), id) == regimes_.end()) regimes_.push_back(id);
            }
        }
    }
    if (const json* services = Find(r, "services")) {
        if (!services->is_array()) {
            bad("'services' is not a list");
        } else {
            for (const auto& s : *services) {
                std::string id, name;
                double cost = 0;
                if (!GetString(s, "id", id)) {
                    bad("a service without a string 'id' was ignored: " + s.dump());
                    continue;
                }
                if (service_info_.count(id)) {
                    bad("service '" + id + "' is listed twice; the first is used");
                    continue;
                }
                if (!OptString(s, "name", name)) bad("service '" + id + "': 'name' is not a string");
                if (!GetNumber(s, "cost_per_hour", cost))
                    bad("service '" + id + "': 'cost_per_hour' missing or not a number; its downtime costs 0");
                service_info_[id] = {name.empty() ? id : name, cost};
                service_order_.push_back(id);
            }
        }
    }
}

void ScoreAccumulator::FeedCommandDone(const json& r, ScoreTime t)
{
    const json* cmd = Find(r, "cmd");
    bool ok = false, uncoordinated = false, emergency = false;
    std::string kind, team;
    if (!cmd || !cmd->is_object()) return BadRecord(r, "'cmd' missing or not an object");
    if (!GetBool(r, "ok", ok)) return BadRecord(r, "'ok' missing or not a boolean");
    if (!GetString(*cmd, "kind", kind)) return BadRecord(r, "'cmd.kind' missing or not a string");
    if (!OptBool(r, "uncoordinated", uncoordinated)) return BadRecord(r, "'uncoordinated' is not a boolean");
    if (!OptBool(*cmd, "emergency", emergency)) return BadRecord(r, "'cmd.emergency' is not a boolean");
    if (!OptString(*cmd, "team", team)) return BadRecord(r, "'cmd.team' is not a string");
    if (!ok) return; // a command that failed when it came due changed nothing
    if (!runbooks_.empty()) FeedRunbookCommand(*cmd, kind, team, t);

    if (kind == "triage_alert") {
        int64_t alert = 0;
        std::string verdict;
        if (!AlertIdOf(*cmd, alert)) return BadRecord(r, "triage_alert: 'cmd.target' is not an alert id");
        if (!GetString(*cmd, "value", verdict) || (verdict != "true_positive" && verdict != "false_positive"))
            return BadRecord(r, "triage_alert: 'cmd.value' is not true_positive or false_positive");
        verdicts_[alert] = verdict;
        if (verdict == "true_positive" && !detection_certain_) {
            auto truth = alert_truth_.find(alert);
            if (truth != alert_truth_.end() && !truth->second) {
                // a false alarm taken for true: never a detection, nothing to keep
            } else {
                if (truth != alert_truth_.end() && attack_start_ && t >= *attack_start_ && !prelude_alerts_.count(alert))
                    detection_certain_ = true;
                // else: its alert record is not in yet; Result() decides
                candidates_.push_back({t, team, kind, alert, {}});
            }
        }
    } else if (kind == "declare_incident") {
        std::vector<std::string> assets;
        if (const json* a = Find(*cmd, "assets")) {
            if (!a->is_array()) return BadRecord(r, "declare_incident: 'cmd.assets' is not a list");
            for (const auto& h : *a)
                if (h.is_string()) assets.push_back(h.get<std::string>());
        }
        if (!detection_certain_ && !assets.empty()) {
            for (const auto& h : assets) {
                auto f = first_foothold_.find(h);
                if (f != first_foothold_.end() && f->second <= t && attack_start_ && t >= *attack_start_)
                    detection_certain_ = true;
            }
            candidates_.push_back({t, team, kind, std::nullopt, std::move(assets)});
        }
    } else if (kind == "notify_authority") {
        std::string regime, stage;
        if (!GetString(*cmd, "value", regime) || !GetString(*cmd, "text", stage))
            return BadRecord(r, "notify_authority: 'cmd.value' (regime) or 'cmd.text' (stage) missing");
        // Its moment on the timeline is added in Result, which knows whether the clock had started.
        notified_[std::make_pair(regime, stage)].push_back({t, team});
    }
    if (uncoordinated) ++uncoordinated_;
    if (emergency) ++emergency_;
}

// Rare record types, out of FeedUnchecked's way (a few per journal).
void ScoreAccumulator::FeedExfiltration(const json& r, ScoreTime t)
{
    int64_t records = 0;
    bool personal = false;
    std::string store;
    if (!GetInt(r, "records", records) || records < 0)
        return BadRecord(r, "'records' missing or not a non-negative integer");
    if (!OptBool(r, "personal_data", personal)) return BadRecord(r, "'personal_data' is not a boolean");
    if (!OptString(r, "store", store)) return BadRecord(r, "'store' is not a string");
    exfiltrated_ = SaturatingAdd(exfiltrated_, records);
    if (personal) {
        personal_exfiltrated_ = SaturatingAdd(personal_exfiltrated_, records);
        if (!personal_data_at_) personal_data_at_ = t;
    }
    moments_.push_back({t, "exfiltration",
                        FormatCount(records) + " records exfiltrated" + (store.empty() ? "" : " from " + store) +
                            (personal ? " (personal data)" : "")});
}

void ScoreAccumulator::FeedEnd(const json& r, ScoreTime t)
{
    std::string reason, hash;
    if (!OptString(r, "reason", reason)) Warn("[scoring.bad_record] end: 'reason' is not a string; ignored");
    if (!OptString(r, "state_hash", hash)) Warn("[scoring.bad_record] end: 'state_hash' is not a string; ignored");
    ended_ = true;
    end_t_ = t;
    end_reason_ = reason;
    state_hash_ = hash;
}

// A host or service record: one the operations took down is tracked from then on, whatever
// happens to it later (a host rebuilt after the crash is back when it runs again).
void ScoreAccumulator::FeedOutage(std::map<std::string, OutageTrack>& tracks, const std::string& id, bool back, bool operations, ScoreTime t)
{
    auto it = tracks.find(id);
    if (it == tracks.end()) {
        if (back || !operations) return;
        if (!outage_start_) outage_start_ = t;
        it = tracks.emplace(id, OutageTrack{}).first;
    }
    OutageTrack& o = it->second;
    if (!back && o.back && !operations) return; // back from the outage, then down for another cause: not this outage
    if (back && !o.back) o.back_since = t;
    o.back = back;
}

void ScoreAccumulator::FeedTechnique(const json& r, ScoreTime t)
{
    bool ok = false;
    if (!GetBool(r, "ok", ok)) return BadRecord(r, "'ok' missing or not a boolean");
    std::string action;
    GetString(r, "action", action);
    if (action == "reconnaissance" || action == "resource_development") {
        // Before the breach, from outside: the attack starts at the first step inside the estate.
        std::string technique;
        if (GetString(r, "technique", technique)) prelude_techniques_.insert(technique);
        return;
    }
    if (ok && !attack_start_) attack_start_ = t;
}

void ScoreAccumulator::FeedUnchecked(const json& r, ScoreTime t, const std::string& type)
{
    if (type == "header") {
        FeedHeader(r);
    } else if (type == "technique") {
        FeedTechnique(r, t);
    } else if (type == "alert") {
        int64_t id = 0;
        bool tp = false;
        if (!GetInt(r, "id", id)) return BadRecord(r, "'id' missing or not an integer");
        if (!GetBool(r, "true_positive", tp)) return BadRecord(r, "'true_positive' missing or not a boolean");
        if (!alert_truth_.emplace(id, tp).second) return BadRecord(r, "alert " + std::to_string(id) + " appears twice");
        std::string technique;
        GetString(r, "technique", technique);
        if (tp && !attack_start_ && prelude_techniques_.count(technique)) {
            prelude_alerts_.insert(id);
            return;
        }
        if (tp && !tool_detect_) tool_detect_ = t;
    } else if (type == "foothold") {
        std::string host;
        bool gained = false;
        if (!GetString(r, "host", host)) return BadRecord(r, "'host' missing or not a string");
        if (!GetBool(r, "gained", gained)) return BadRecord(r, "'gained' missing or not a boolean");
        if (gained) first_foothold_.emplace(host, t);
    } else if (type == "attacker") {
        bool contained = false;
        if (!GetBool(r, "contained", contained)) return BadRecord(r, "'contained' missing or not a boolean");
        attacker_last_t_ = t;
        attacker_last_contained_ = contained;
        if (!contained && !live_since_) {
            live_since_ = t;
            ++intrusions_;
        } else if (contained && live_since_) {
            live_total_ += std::max<ScoreTime>(0, t - *live_since_);
            live_since_.reset();
        }
    } else if (type == "host") {
        std::string id, state, cause;
        bool encrypted = false;
        if (!GetString(r, "id", id)) return BadRecord(r, "'id' missing or not a string");
        if (!OptString(r, "state", state) || !OptString(r, "cause", cause)) return BadRecord(r, "'state' or 'cause' is not a string");
        if (!state.empty()) FeedOutage(outage_hosts_, id, state == "running", cause == "operations", t);
        if (!Find(r, "encrypted")) return; // a state change that does not speak of encryption
        if (!GetBool(r, "encrypted", encrypted)) return BadRecord(r, "'encrypted' is not a boolean");
        auto it = hosts_.find(id);
        if (it == hosts_.end()) {
            if (!encrypted) return; // never encrypted: nothing to track
            it = hosts_.emplace(id, HostTrack{}).first;
        }
        HostTrack& h = it->second;
        if (encrypted && !h.encrypted) {
            if (!h.ever_encrypted) moments_.push_back({t, "encryption", "Host " + id + " encrypted"});
            h.encrypted = h.ever_encrypted = true;
        } else if (!encrypted && h.encrypted) {
            h.encrypted = false;
            h.clean_since = t;
        }
    } else if (type == "service") {
        std::string id, cause = "none";
        bool up = true;
        if (!GetString(r, "id", id)) return BadRecord(r, "'id' missing or not a string");
        if (!GetBool(r, "up", up)) return BadRecord(r, "'up' missing or not a boolean");
        if (!OptString(r, "cause", cause)) return BadRecord(r, "'cause' is not a string");
        if (!service_info_.count(id) && std::find(service_order_.begin(), service_order_.end(), id) == service_order_.end()) {
            service_order_.push_back(id);
            if (have_header_) Warn("[scoring.unknown_service] service '" + id + "' is not in the header; its downtime costs 0");
        }
        FeedOutage(outage_services_, id, up, cause == "operations", t);
        ServiceTrack& s = services_[id];
        if (s.seen && !s.up) s.secs[CauseIndex(s.cause)] += AtLeastZero(t - s.since);
        if (!up) s.ever_down = true;
        if (up && s.seen && !s.up) s.up_since = t;
        s.seen = true;
        s.up = up;
        s.cause = cause;
        s.since = t;
    } else if (type == "staged") {
        bool personal = false;
        if (!OptBool(r, "personal_data", personal)) return BadRecord(r, "'personal_data' is not a boolean");
        if (personal && !personal_data_at_) personal_data_at_ = t;
    } else if (type == "exfiltration") {
        FeedExfiltration(r, t);
    } else if (type == "ticket") {
        int64_t id = 0;
        if (!GetInt(r, "id", id)) return BadRecord(r, "'id' missing or not an integer");
        TicketTrack track;
        track.opened = t;
        OptString(r, "from", track.from);
        if (!tickets_.emplace(id, track).second) return BadRecord(r, "ticket " + std::to_string(id) + " opened twice");
    } else if (type == "ticket_closed") {
        int64_t id = 0;
        if (!GetInt(r, "id", id)) return BadRecord(r, "'id' missing or not an integer");
        auto it = tickets_.find(id);
        if (it == tickets_.end()) return BadRecord(r, "closes ticket " + std::to_string(id) + ", which no ticket record opened");
        it->second.closed = true;
        if (!it->second.answered || t < *it->second.answered) it->second.answered = t;
    } else if (type == "command") {
        const json* cmd = Find(r, "cmd");
        if (!cmd || !cmd->is_object()) return BadRecord(r, "'cmd' missing or not an object");
        if (!Find(*cmd, "ticket")) return;
        int64_t ticket = 0;
        if (!GetInt(*cmd, "ticket", ticket)) return BadRecord(r, "'cmd.ticket' is not an integer");
        auto it = tickets_.find(ticket);
        if (it == tickets_.end()) return; // e.g. -1, or a ticket this journal never opened
        if (!it->second.answered || t < *it->second.answered) it->second.answered = t;
    } else if (type == "command_done") {
        FeedCommandDone(r, t);
    } else if (type == "warning") {
        std::string message;
        if (!GetString(r, "message", message)) return BadRecord(r, "'message' missing or not a string");
        Warn(message);
    } else if (type == "end") {
        FeedEnd(r, t);
    } else if (type == "runbooks") {
        FeedRunbooks(r);
    }
    // Other types (command_result, change_approved, credential, c2, and any added later) do not
    // enter the scorecard.
}

} // namespace bd
