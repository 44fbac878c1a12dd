// scorecard.cpp: the scorecard from journal records (see scorecard.h; definitions in docs/scoring.md).
//
// Index
//   [SECTION] Reading fields safely
//   [SECTION] Feeding records
//   [SECTION] The result
//   [SECTION] JSON
//   [SECTION] Text
#include "scorecard.h"

#include "timeline.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <sstream>

namespace bd {

using nlohmann::json;

namespace {

constexpr ScoreTime kHour = 3600;
constexpr ScoreTime kDay = 86400;
constexpr int64_t kMaxBadRecordWarnings = 20; // then one line counts the rest
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

int CauseIndex(const std::string& cause)
{
    if (cause == "attacker") return 0;
    if (cause == "defender") return 1;
    if (cause == "operations") return 2;
    return 3; // "none" or unknown: downtime counted, cost unattributed
}

ScoreTime AtLeastZero(ScoreTime v) { return v < 0 ? 0 : v; }

std::string Upper(std::string s)
{
    for (char& c : s)
        if (c >= 'a' && c <= 'z') c = (char)(c - 'a' + 'A');
    return s;
}

// "early_warning" -> "early warning"
std::string Words(std::string s)
{
    std::replace(s.begin(), s.end(), '_', ' ');
    return s;
}

struct Obligation {
    const char* stage;
    ScoreTime limit_s;
    const char* limit_text;
};
const Obligation kNis2[] = {{"early_warning", 24 * kHour, "24 h"},
                            {"notification", 72 * kHour, "72 h"},
                            {"final_report", 30 * kDay, "30 days"}};
const Obligation kGdpr[] = {{"notification", 72 * kHour, "72 h"}};

const char* LimitText(const std::string& regime, const std::string& stage)
{
    if (regime == "nis2")
        for (const auto& o : kNis2)
            if (stage == o.stage) return o.limit_text;
    if (regime == "gdpr")
        for (const auto& o : kGdpr)
            if (stage == o.stage) return o.limit_text;
    return "";
}

} // namespace

const char* ComplianceStatusName(ComplianceStatus s)
{
    switch (s) {
    case ComplianceStatus::Met: return "met";
    case ComplianceStatus::Missed: return "missed";
    case ComplianceStatus::Open: return "open";
    case ComplianceStatus::NotTriggered: return "not_triggered";
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
    }
    return "?";
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
                if (truth != alert_truth_.end() && attack_start_ && t >= *attack_start_) detection_certain_ = true;
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
        if (notified_.emplace(std::make_pair(regime, stage), t).second)
            moments_.push_back({t, "notification",
                                Upper(regime) + " " + Words(stage) + " sent" + (team.empty() ? "" : " by " + team)});
    }
    if (uncoordinated) ++uncoordinated_;
    if (emergency) ++emergency_;
}

void ScoreAccumulator::FeedUnchecked(const json& r, ScoreTime t, const std::string& type)
{
    if (type == "header") {
        FeedHeader(r);
    } else if (type == "technique") {
        bool ok = false;
        if (!GetBool(r, "ok", ok)) return BadRecord(r, "'ok' missing or not a boolean");
        if (ok && !attack_start_) attack_start_ = t;
    } else if (type == "alert") {
        int64_t id = 0;
        bool tp = false;
        if (!GetInt(r, "id", id)) return BadRecord(r, "'id' missing or not an integer");
        if (!GetBool(r, "true_positive", tp)) return BadRecord(r, "'true_positive' missing or not a boolean");
        if (!alert_truth_.emplace(id, tp).second) return BadRecord(r, "alert " + std::to_string(id) + " appears twice");
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
    } else if (type == "host") {
        std::string id;
        bool encrypted = false;
        if (!GetString(r, "id", id)) return BadRecord(r, "'id' missing or not a string");
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
    } else if (type == "ticket") {
        int64_t id = 0;
        if (!GetInt(r, "id", id)) return BadRecord(r, "'id' missing or not an integer");
        TicketTrack track;
        track.opened = t;
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
        std::string reason, hash;
        if (!OptString(r, "reason", reason)) Warn("[scoring.bad_record] end: 'reason' is not a string; ignored");
        if (!OptString(r, "state_hash", hash)) Warn("[scoring.bad_record] end: 'state_hash' is not a string; ignored");
        ended_ = true;
        end_t_ = t;
        end_reason_ = reason;
        state_hash_ = hash;
    }
    // Other types (command_result, change_approved, credential, c2, and any added later) do not
    // enter the scorecard.
}

// [SECTION] The result

std::optional<ScoreTime> ScoreAccumulator::ResolveDetection(const DetectCandidate** by) const
{
    // Candidates are in journal order; the first that qualifies is the detection. Only what comes
    // at or after the attack start counts: confirming a failed phishing attempt is good hygiene,
    // not the detection of a breach that had not begun.
    for (const auto& c : candidates_) {
        if (!attack_start_ || c.t < *attack_start_) continue;
        bool qualifies = false;
        if (c.alert) {
            auto truth = alert_truth_.find(*c.alert);
            qualifies = truth != alert_truth_.end() && truth->second;
        } else {
            for (const auto& h : c.assets) {
                auto f = first_foothold_.find(h);
                if (f != first_foothold_.end() && f->second <= c.t) qualifies = true;
            }
        }
        if (qualifies) {
            *by = &c;
            return c.t;
        }
    }
    return std::nullopt;
}

Scorecard ScoreAccumulator::Result() const
{
    Scorecard c;
    c.warnings = warnings_;
    try {
        if (!have_header_)
            c.warnings.push_back("[scoring.no_header] the journal has no header record: scenario, service costs and "
                                 "regimes are unknown");
        const ScoreTime end = ended_ ? end_t_ : last_t_;
        if (!ended_)
            c.warnings.push_back("[scoring.no_end] the journal has no end record (the exercise is still running or "
                                 "was interrupted); figures are as of its last record, t=" + std::to_string(end));
        if (after_end_ > 0)
            c.warnings.push_back("[scoring.after_end] " + std::to_string(after_end_) +
                                 " record(s) after the end record were ignored");
        if (bad_records_ > kMaxBadRecordWarnings)
            c.warnings.push_back("[scoring.bad_record] ... and " + std::to_string(bad_records_ - kMaxBadRecordWarnings) +
                                 " more malformed record(s) skipped");

        c.scenario = scenario_;
        c.title = title_;
        c.org = org_;
        c.seed = seed_;
        c.ended = ended_;
        c.end_reason = end_reason_;
        c.state_hash = state_hash_;
        c.duration_s = end;
        c.planned_duration_s = planned_duration_;

        // Detection and the headline times.
        c.attack_start_s = attack_start_;
        c.tool_detect_at_s = tool_detect_;
        if (attack_start_ && tool_detect_) c.time_to_tool_detect_s = AtLeastZero(*tool_detect_ - *attack_start_);
        const DetectCandidate* by = nullptr;
        c.detected_at_s = ResolveDetection(&by);
        if (by) {
            c.detected_by = by->team;
            c.detected_how = by->kind;
        }
        if (attack_start_ && c.detected_at_s) c.time_to_detect_s = AtLeastZero(*c.detected_at_s - *attack_start_);

        if (attacker_last_t_ && attacker_last_contained_ && attack_start_ && *attacker_last_t_ >= *attack_start_)
            c.contained_at_s = attacker_last_t_;
        if (c.detected_at_s && c.contained_at_s) c.time_to_contain_s = AtLeastZero(*c.contained_at_s - *c.detected_at_s);

        // Recovered: each of the three conditions holds now and has held since it last became true,
        // so all three have held together since the latest of those times.
        if (c.contained_at_s) {
            bool recovered = true;
            ScoreTime at = *c.contained_at_s;
            for (const auto& [id, s] : services_) {
                if (!s.ever_down) continue;
                if (!s.up) recovered = false;
                else at = std::max(at, s.up_since);
            }
            for (const auto& [id, h] : hosts_) {
                if (h.encrypted) recovered = false;
                else if (h.ever_encrypted) at = std::max(at, h.clean_since);
            }
            if (recovered) c.recovered_at_s = at;
        }
        if (c.detected_at_s && c.recovered_at_s) c.time_to_recover_s = AtLeastZero(*c.recovered_at_s - *c.detected_at_s);

        // Impact.
        Impact& im = c.impact;
        im.currency = currency_;
        for (const auto& id : service_order_) {
            ServiceDowntime d;
            d.id = id;
            d.name = id;
            if (auto info = service_info_.find(id); info != service_info_.end()) {
                d.name = info->second.first;
                d.cost_per_hour = info->second.second;
            }
            if (auto it = services_.find(id); it != services_.end()) {
                const ServiceTrack& s = it->second;
                ScoreTime secs[4] = {s.secs[0], s.secs[1], s.secs[2], s.secs[3]};
                if (s.seen && !s.up) secs[CauseIndex(s.cause)] += AtLeastZero(end - s.since); // still down at the end
                d.attacker_s = secs[0];
                d.defender_s = secs[1];
                d.operations_s = secs[2];
                d.other_s = secs[3];
            }
            im.attacker_caused += (double)d.attacker_s * d.cost_per_hour / 3600.0;
            im.self_inflicted += (double)d.defender_s * d.cost_per_hour / 3600.0;
            im.operations += (double)d.operations_s * d.cost_per_hour / 3600.0;
            im.unattributed += (double)d.other_s * d.cost_per_hour / 3600.0;
            if (d.other_s > 0)
                c.warnings.push_back("[scoring.unattributed] service '" + id + "' was down " + std::to_string(d.other_s) +
                                     " s with no known cause; its cost is counted as unattributed");
            im.downtime.push_back(std::move(d));
        }
        im.records_exfiltrated = exfiltrated_;
        im.personal_records_exfiltrated = personal_exfiltrated_;
        for (const auto& [id, h] : hosts_)
            if (h.ever_encrypted) ++im.hosts_encrypted;

        // Coordination.
        Coordination& co = c.coordination;
        std::vector<ScoreTime> latencies;
        co.requests = (int64_t)tickets_.size();
        for (const auto& [id, tk] : tickets_) {
            if (tk.answered) latencies.push_back(AtLeastZero(*tk.answered - tk.opened));
            if (!tk.closed) ++co.open_tickets;
        }
        co.answered = (int64_t)latencies.size();
        if (!latencies.empty()) {
            std::sort(latencies.begin(), latencies.end());
            co.median_handoff_s = latencies[(latencies.size() - 1) / 2]; // the lower middle for an even count
            co.max_handoff_s = latencies.back();
        }
        co.uncoordinated_disruptive = uncoordinated_;
        co.emergency_changes = emergency_;

        // Compliance.
        for (const auto& regime : regimes_) {
            const Obligation* list = nullptr;
            size_t n = 0;
            std::optional<ScoreTime> start;
            if (regime == "nis2") {
                list = kNis2;
                n = std::size(kNis2);
                start = c.detected_at_s;
            } else if (regime == "gdpr") {
                list = kGdpr;
                n = std::size(kGdpr);
                if (c.detected_at_s && personal_data_at_) start = std::max(*c.detected_at_s, *personal_data_at_);
            } else {
                c.warnings.push_back("[scoring.unknown_regime] regime '" + regime + "' has no obligations known to the scorer");
                continue;
            }
            for (size_t i = 0; i < n; ++i) {
                ComplianceEntry e;
                e.regime = regime;
                e.obligation = list[i].stage;
                if (auto d = notified_.find({regime, list[i].stage}); d != notified_.end()) e.done_s = d->second;
                if (start) {
                    e.clock_started_s = start;
                    e.deadline_s = *start + list[i].limit_s;
                    if (e.done_s)
                        e.status = *e.done_s <= *e.deadline_s ? ComplianceStatus::Met : ComplianceStatus::Missed;
                    else
                        e.status = end > *e.deadline_s ? ComplianceStatus::Missed : ComplianceStatus::Open;
                }
                c.compliance.push_back(std::move(e));
            }
        }

        // Alerts.
        AlertCounts& al = c.alerts;
        int64_t unknown_verdicts = 0;
        al.total = (int64_t)alert_truth_.size();
        for (const auto& [id, tp] : alert_truth_)
            if (tp) {
                ++al.true_positive;
                if (!verdicts_.count(id)) ++al.missed_true;
            }
        for (const auto& [id, verdict] : verdicts_) {
            auto truth = alert_truth_.find(id);
            if (truth == alert_truth_.end()) {
                ++unknown_verdicts;
                continue;
            }
            ++al.triaged;
            const bool said_true = verdict == "true_positive";
            if (said_true) ++al.triaged_true;
            else ++al.triaged_false;
            if (said_true && !truth->second) ++al.false_positives_triaged_as_true;
            if (!said_true && truth->second) ++al.true_alerts_triaged_as_false;
        }
        if (unknown_verdicts > 0)
            c.warnings.push_back("[scoring.unknown_alert] " + std::to_string(unknown_verdicts) +
                                 " triaged alert id(s) have no alert record; not counted");

        c.moments = moments_;
    } catch (const std::exception& e) {
        // Only an allocation failure can land here; the scorecard so far is still returned.
        c.warnings.push_back(std::string("[scoring.internal] the scorecard is incomplete: ") + e.what());
    }
    return c;
}

Scorecard ComputeScorecard(const std::vector<json>& records)
{
    ScoreAccumulator acc;
    for (const auto& r : records) acc.Feed(r);
    return acc.Result();
}

// [SECTION] JSON

namespace {

json OptJson(const std::optional<ScoreTime>& v) { return v ? json(*v) : json(nullptr); }
json StrOrNull(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }
// Money to the cent, so golden files do not depend on the last bits of a double.
double Cents(double v) { return std::round(v * 100.0) / 100.0; }

} // namespace

json ToJson(const Scorecard& c)
{
    json j;
    j["scenario"] = c.scenario;
    j["title"] = c.title;
    j["seed"] = c.seed ? json(*c.seed) : json(nullptr);
    j["org"] = c.org;
    j["end_reason"] = c.ended ? json(c.end_reason) : json(nullptr);
    j["duration_s"] = c.duration_s;
    j["planned_duration_s"] = OptJson(c.planned_duration_s);
    j["attack_start_s"] = OptJson(c.attack_start_s);
    j["tool_detect_at_s"] = OptJson(c.tool_detect_at_s);
    j["detected_at_s"] = OptJson(c.detected_at_s);
    j["contained_at_s"] = OptJson(c.contained_at_s);
    j["recovered_at_s"] = OptJson(c.recovered_at_s);
    j["time_to_tool_detect_s"] = OptJson(c.time_to_tool_detect_s);
    j["time_to_detect_s"] = OptJson(c.time_to_detect_s);
    j["detected_by"] = StrOrNull(c.detected_by);
    j["detected_how"] = StrOrNull(c.detected_how);
    j["time_to_contain_s"] = OptJson(c.time_to_contain_s);
    j["time_to_recover_s"] = OptJson(c.time_to_recover_s);

    const Impact& im = c.impact;
    json downtime_s = json::object(), downtime = json::array();
    for (const auto& d : im.downtime) {
        downtime_s[d.id] = d.total_s();
        downtime.push_back({{"id", d.id}, {"name", d.name}, {"cost_per_hour", d.cost_per_hour},
                            {"attacker_s", d.attacker_s}, {"defender_s", d.defender_s},
                            {"operations_s", d.operations_s}, {"other_s", d.other_s}, {"total_s", d.total_s()},
                            {"cost", Cents((double)d.total_s() * d.cost_per_hour / 3600.0)}});
    }
    j["impact"] = {{"attacker_caused", Cents(im.attacker_caused)},
                   {"self_inflicted", Cents(im.self_inflicted)},
                   {"operations", Cents(im.operations)},
                   {"unattributed", Cents(im.unattributed)},
                   {"total", Cents(im.total())},
                   {"currency", im.currency},
                   {"records_exfiltrated", im.records_exfiltrated},
                   {"personal_records_exfiltrated", im.personal_records_exfiltrated},
                   {"hosts_encrypted", im.hosts_encrypted},
                   {"downtime_s", downtime_s},
                   {"services", downtime}};

    const Coordination& co = c.coordination;
    j["coordination"] = {{"requests", co.requests},
                         {"answered", co.answered},
                         {"median_handoff_s", OptJson(co.median_handoff_s)},
                         {"max_handoff_s", OptJson(co.max_handoff_s)},
                         {"open_tickets", co.open_tickets},
                         {"uncoordinated_disruptive", co.uncoordinated_disruptive},
                         {"emergency_changes", co.emergency_changes}};

    json compliance = json::array();
    for (const auto& e : c.compliance)
        compliance.push_back({{"regime", e.regime},
                              {"obligation", e.obligation},
                              {"clock_started_s", OptJson(e.clock_started_s)},
                              {"deadline_s", OptJson(e.deadline_s)},
                              {"done_s", OptJson(e.done_s)},
                              {"status", ComplianceStatusName(e.status)}});
    j["compliance"] = compliance;

    const AlertCounts& al = c.alerts;
    j["alerts"] = {{"total", al.total},
                   {"true_positive", al.true_positive},
                   {"triaged", al.triaged},
                   {"triaged_true", al.triaged_true},
                   {"triaged_false", al.triaged_false},
                   {"false_positives_triaged_as_true", al.false_positives_triaged_as_true},
                   {"true_alerts_triaged_as_false", al.true_alerts_triaged_as_false},
                   {"missed_true", al.missed_true}};

    json timeline = json::array();
    for (const auto& e : BuildTimeline(c)) timeline.push_back({{"t", e.t}, {"kind", e.kind}, {"label", e.label}});
    j["timeline"] = timeline;
    j["warnings"] = c.warnings;
    j["state_hash"] = c.state_hash;
    return j;
}

// [SECTION] Text

std::string FormatDuration(ScoreTime s)
{
    std::string sign;
    uint64_t v;
    if (s < 0) {
        sign = "-";
        v = (uint64_t)0 - (uint64_t)s; // also right for INT64_MIN
    } else {
        v = (uint64_t)s;
    }
    const uint64_t days = v / kDay, rest = v % kDay;
    char buf[64];
    if (days > 0)
        std::snprintf(buf, sizeof buf, "%llud %02llu:%02llu:%02llu", (unsigned long long)days,
                      (unsigned long long)(rest / 3600), (unsigned long long)(rest % 3600 / 60),
                      (unsigned long long)(rest % 60));
    else
        std::snprintf(buf, sizeof buf, "%02llu:%02llu:%02llu", (unsigned long long)(rest / 3600),
                      (unsigned long long)(rest % 3600 / 60), (unsigned long long)(rest % 60));
    return sign + buf;
}

std::string FormatDurationWithSeconds(ScoreTime s)
{
    return FormatDuration(s) + " (" + std::to_string(s) + " s)";
}

std::string DescribeEndReason(const std::string& reason)
{
    if (reason == "contained_and_recovered") return "attacker contained and business recovered";
    if (reason == "recovered") return "business recovered (no attack)";
    if (reason == "duration") return "scheduled duration reached";
    if (reason == "stopped") return "stopped by the facilitator";
    return reason.empty() ? "no reason given" : Words(reason);
}

std::string FormatCount(int64_t n)
{
    const bool negative = n < 0;
    std::string digits = std::to_string(n);
    if (negative) digits.erase(0, 1);
    std::string out;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return negative ? "-" + out : out;
}

std::string FormatMoney(double amount, const std::string& currency)
{
    std::string s;
    if (!std::isfinite(amount)) s = "?";
    else if (std::fabs(amount) >= 9.2e18) s = amount < 0 ? "-overflow" : "overflow";
    else s = FormatCount(std::llround(amount));
    return currency.empty() ? s : s + " " + currency;
}

namespace {

std::string PadRight(std::string s, size_t width)
{
    if (s.size() < width) s.append(width - s.size(), ' ');
    return s;
}

std::string PadLeft(const std::string& s, size_t width)
{
    return s.size() < width ? std::string(width - s.size(), ' ') + s : s;
}

std::string OrDash(const std::optional<ScoreTime>& t) { return t ? FormatDuration(*t) : "-"; }


} // namespace

std::string FormatScorecard(const Scorecard& c)
{
    std::ostringstream out;
    const std::string currency = c.impact.currency;

    // Heading
    out << "BREACHDRILL SCORECARD  " << (c.scenario.empty() ? "(unknown scenario)" : c.scenario);
    if (!c.title.empty()) out << ": " << c.title;
    out << "\n";
    out << "  Run: seed " << (c.seed ? std::to_string(*c.seed) : "?") << ", "
        << (c.org.empty() ? "unknown" : c.org) << " organisation, ";
    if (c.ended)
        out << "ended after " << FormatDurationWithSeconds(c.duration_s) << ": " << DescribeEndReason(c.end_reason) << "\n";
    else
        out << "NOT ENDED: journal stops at " << FormatDurationWithSeconds(c.duration_s) << "\n";
    if (!c.state_hash.empty()) out << "  State hash: " << c.state_hash << "\n";

    // Response times
    out << "\n" << PadRight("RESPONSE TIMES", 36) << PadRight("duration", 14) << PadLeft("seconds", 9) << "   measured\n";
    auto row = [&](const std::string& label, const std::optional<ScoreTime>& v, const std::string& note,
                   const std::string& missing) {
        out << "  " << PadRight(label, 34);
        if (v)
            out << PadRight(FormatDuration(*v), 14) << PadLeft(std::to_string(*v), 9) << "   " << note << "\n";
        else
            out << PadRight("-", 14) << PadLeft("", 9) << "   " << missing << "\n";
    };
    row("Attack started", c.attack_start_s, "exercise time", "the attack never succeeded");
    row("Time to tool detection", c.time_to_tool_detect_s, "from attack start",
        c.attack_start_s ? "no tool raised a true alert" : "no attack");
    std::string how = c.detected_how == "triage_alert"       ? "alert triage"
                      : c.detected_how == "declare_incident" ? "incident declared"
                                                             : c.detected_how;
    row("Time to detect", c.time_to_detect_s,
        "from attack start; " + (c.detected_by.empty() ? std::string("?") : c.detected_by) + ", " + how,
        c.detected_at_s ? "detected, but no attack started" : "not detected");
    row("Time to contain", c.time_to_contain_s, "from detection",
        !c.attack_start_s ? "no attack" : !c.contained_at_s ? "not contained at the end" : "contained, but not detected");
    row("Time to recover", c.time_to_recover_s, "from detection",
        !c.attack_start_s ? "no attack" : !c.recovered_at_s ? "not recovered at the end" : "recovered, but not detected");

    // Business impact
    const Impact& im = c.impact;
    std::vector<std::pair<std::string, double>> money = {{"Caused by the attacker", im.attacker_caused},
                                                         {"Self-inflicted (defenders' own actions)", im.self_inflicted},
                                                         {"Operations failures (not an attack)", im.operations}};
    if (im.unattributed != 0) money.push_back({"No cause recorded", im.unattributed});
    money.push_back({"Total downtime cost", im.total()});
    size_t money_width = 0;
    for (const auto& [label, v] : money) money_width = std::max(money_width, FormatMoney(v, currency).size());
    out << "\nBUSINESS IMPACT\n";
    for (const auto& [label, v] : money) out << "  " << PadRight(label, 42) << PadLeft(FormatMoney(v, currency), money_width) << "\n";
    bool any_down = false;
    size_t cost_width = 4;
    for (const auto& d : im.downtime)
        cost_width = std::max(cost_width, FormatMoney((double)d.total_s() * d.cost_per_hour / 3600.0, currency).size());
    for (const auto& d : im.downtime) {
        if (d.total_s() == 0) continue;
        if (!any_down)
            out << "  " << PadRight("Downtime by service", 34) << PadRight("duration", 22) << PadLeft("cost", cost_width)
                << "   caused by\n";
        any_down = true;
        std::string split;
        auto part = [&](const char* what, ScoreTime s) {
            if (s == 0) return;
            split += (split.empty() ? "" : ", ") + std::string(what) + " " + FormatDuration(s);
        };
        part("attacker", d.attacker_s);
        part("defenders", d.defender_s);
        part("operations", d.operations_s);
        part("no cause", d.other_s);
        out << "    " << PadRight(d.name == d.id ? d.id : d.name + " (" + d.id + ")", 32)
            << PadRight(FormatDurationWithSeconds(d.total_s()), 22)
            << PadLeft(FormatMoney((double)d.total_s() * d.cost_per_hour / 3600.0, currency), cost_width) << "   " << split
            << "\n";
    }
    if (!any_down) out << "  No business service went down.\n";
    out << "  Data: " << FormatCount(im.records_exfiltrated) << " records exfiltrated (" << FormatCount(im.personal_records_exfiltrated)
        << " with personal data); " << im.hosts_encrypted << (im.hosts_encrypted == 1 ? " host" : " hosts") << " encrypted\n";

    // Coordination
    const Coordination& co = c.coordination;
    out << "\nCOORDINATION\n";
    out << "  " << PadRight("Requests between teams (tickets)", 42) << co.requests << " (answered " << co.answered
        << ", still open at the end " << co.open_tickets << ")\n";
    out << "  " << PadRight("Median hand-off time", 42);
    if (co.median_handoff_s)
        out << FormatDurationWithSeconds(*co.median_handoff_s) << "; longest " << FormatDuration(*co.max_handoff_s) << "\n";
    else
        out << "- (no request was answered)\n";
    out << "  " << PadRight("Disruptive actions without coordination", 42) << co.uncoordinated_disruptive << "\n";
    out << "  " << PadRight("Emergency changes (no approval)", 42) << co.emergency_changes << "\n";

    // Compliance
    out << "\n" << PadRight("COMPLIANCE (exercise time)", 36) << PadRight("clock start", 14) << PadRight("deadline", 14)
        << PadRight("done", 14) << "status\n";
    if (c.compliance.empty()) out << "  No reporting regime applies to this scenario.\n";
    for (const auto& e : c.compliance) {
        std::string label = Upper(e.regime) + " " + Words(e.obligation);
        if (const char* limit = LimitText(e.regime, e.obligation); *limit) label += std::string(" (") + limit + ")";
        out << "  " << PadRight(label, 34) << PadRight(OrDash(e.clock_started_s), 14) << PadRight(OrDash(e.deadline_s), 14)
            << PadRight(OrDash(e.done_s), 14) << ComplianceStatusLabel(e.status);
        if (e.status == ComplianceStatus::Missed && e.done_s) out << " (late by " << FormatDuration(*e.done_s - *e.deadline_s) << ")";
        out << "\n";
    }

    // Alerts
    const AlertCounts& al = c.alerts;
    out << "\nALERTS\n";
    out << "  " << FormatCount(al.total) << " alerts, " << FormatCount(al.true_positive) << " caused by the attacker; of those "
        << al.true_positive - al.missed_true - al.true_alerts_triaged_as_false << " confirmed, " << al.true_alerts_triaged_as_false
        << " dismissed as false, " << al.missed_true << " never triaged\n";
    out << "  " << al.false_positives_triaged_as_true << " false alarm(s) taken for real\n";

    // Timeline
    const auto timeline = BuildTimeline(c);
    if (!timeline.empty()) {
        out << "\nTIMELINE (exercise time)\n";
        for (const auto& e : timeline) out << "  " << PadRight(FormatDuration(e.t), 14) << e.label << "\n";
    }

    if (!c.warnings.empty()) {
        out << "\nWARNINGS\n";
        for (const auto& w : c.warnings) out << "  - " << w << "\n";
    }
    return out.str();
}

} // namespace bd
