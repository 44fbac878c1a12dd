// report.cpp: the after-action report (see report.h; docs/reports.md states every rule).
//
// Index
//   [SECTION] Reading records safely
//   [SECTION] Overview: date, participants, chart events
//   [SECTION] Objectives: P/S/M/U rules
//   [SECTION] Strengths and areas for improvement
//   [SECTION] Improvement plan
//   [SECTION] Executive summary
//   [SECTION] Baseline placement
//   [SECTION] BuildReport
//   [SECTION] JSON
//   [SECTION] HTML
//   [SECTION] Markdown
#include "report.h"

#include "compare.h"
#include "world/scenario.h"
#include "timeline.h"
#include "world/world.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <regex>
#include <set>
#include <sstream>

namespace bd {

using nlohmann::json;

namespace {

constexpr ScoreTime kHourS = 3600;
constexpr ScoreTime kDayS = 86400;

// [SECTION] Reading records safely
//
// The journal is data from a file: every field is checked before use (nlohmann's get<> throws).

std::string Str(const json& o, const char* key)
{
    if (!o.is_object()) return "";
    auto it = o.find(key);
    return it != o.end() && it->is_string() ? it->get<std::string>() : "";
}

std::optional<int64_t> Int(const json& o, const char* key)
{
    if (!o.is_object()) return std::nullopt;
    auto it = o.find(key);
    if (it == o.end()) return std::nullopt;
    if (it->is_number_integer()) return it->get<int64_t>();
    if (it->is_number_unsigned() && it->get<uint64_t>() <= (uint64_t)INT64_MAX) return (int64_t)it->get<uint64_t>();
    return std::nullopt;
}

bool Bool(const json& o, const char* key, bool def = false)
{
    if (!o.is_object()) return def;
    auto it = o.find(key);
    return it != o.end() && it->is_boolean() ? it->get<bool>() : def;
}

const json& Obj(const json& o, const char* key)
{
    static const json empty = json::object();
    if (!o.is_object()) return empty;
    auto it = o.find(key);
    return it != o.end() && it->is_object() ? *it : empty;
}

std::string Lower(std::string s)
{
    for (auto& c : s) c = (char)std::tolower((unsigned char)c);
    return s;
}

bool Has(const std::string& text, const char* part) { return text.find(part) != std::string::npos; }

std::string Dur(ScoreTime s) { return FormatDuration(s); }
std::string At(ScoreTime s) { return "at " + FormatDuration(s); }

std::string TeamLabel(const std::string& team)
{
    if (team == "secops") return "SecOps";
    if (team == "itops") return "ITOps";
    if (team == "facilitator") return "Facilitator";
    return team.empty() ? "(no team)" : team;
}

// [SECTION] Overview: date, participants, chart events

std::vector<Participant> Participants(const std::vector<json>& records)
{
    std::map<std::pair<std::string, std::string>, Participant> rows;
    std::map<std::pair<std::string, std::string>, std::set<std::string>> issuers;
    for (const auto& r : records) {
        if (Str(r, "type") != "command") continue;
        const json& cmd = Obj(r, "cmd");
        const std::string team = Str(cmd, "team"), role = Str(cmd, "role");
        std::string issuer = Str(cmd, "issuer");
        if (issuer.empty()) issuer = "(unnamed)";
        auto& p = rows[{team, role}];
        p.team = team;
        p.role = role;
        ++p.commands;
        issuers[{team, role}].insert(issuer);
    }
    std::vector<Participant> out;
    for (auto& [key, p] : rows) {
        p.issuers.assign(issuers[key].begin(), issuers[key].end());
        p.autopilot = std::all_of(p.issuers.begin(), p.issuers.end(), [](const std::string& i) { return i.rfind("autopilot:", 0) == 0; });
        out.push_back(p);
    }
    return out;
}

std::vector<ChartEvent> ChartEvents(const std::vector<json>& records)
{
    std::vector<ChartEvent> out;
    std::map<int64_t, std::string> inject_synopsis;
    for (const auto& r : records) {
        const std::string type = Str(r, "type");
        const auto t = Int(r, "t");
        if (!t) continue;
        if (type == "technique") {
            const bool ok = Bool(r, "ok");
            out.push_back({*t, "attacker",
                           Str(r, "technique") + " " + Str(r, "name") + " on " + Str(r, "host") + (ok ? "" : " (failed)"), ok});
        } else if (type == "alert") {
            const bool tp = Bool(r, "true_positive");
            out.push_back({*t, "alerts",
                           "alert " + std::to_string(Int(r, "id").value_or(-1)) + " (" + Str(r, "sensor") + ", " + Str(r, "host") + "): " +
                               Str(r, "summary") + (tp ? " [attacker]" : " [false alarm]"),
                           tp});
        } else if (type == "command_done") {
            const json& cmd = Obj(r, "cmd");
            const std::string team = Str(cmd, "team");
            if (team != "secops" && team != "itops") continue;
            const bool ok = Bool(r, "ok");
            std::string label = Str(cmd, "kind");
            if (!Str(cmd, "target").empty()) label += " " + Str(cmd, "target");
            if (!ok) label += " (failed)";
            out.push_back({*t, team, label, ok});
        } else if (type == "inject") {
            const auto n = Int(r, "number").value_or(0);
            inject_synopsis[n] = Str(r, "synopsis");
            out.push_back({*t, "injects", "inject " + std::to_string(n) + ": " + Str(r, "synopsis"), true});
        }
    }
    // An inject whose expected action was missed is drawn hollow.
    for (const auto& r : records)
        if (Str(r, "type") == "inject_outcome" && !Bool(r, "met", true))
            for (auto& e : out)
                if (e.lane == "injects" && e.label.rfind("inject " + std::to_string(Int(r, "number").value_or(0)) + ":", 0) == 0) e.strong = false;
    std::stable_sort(out.begin(), out.end(), [](const ChartEvent& a, const ChartEvent& b) { return a.t < b.t; });
    return out;
}

// [SECTION] Objectives: P/S/M/U rules

// The first "N hours|h|minutes|days" in the text, in seconds; `def` when there is none.
ScoreTime LimitIn(const std::string& lower, ScoreTime def)
{
    static const std::regex re(R"((\d+)\s*(hours?|hrs?|h\b|minutes?|mins?|days?|d\b))");
    std::smatch m;
    if (!std::regex_search(lower, m, re)) return def;
    const int64_t n = std::min<int64_t>(std::stoll(m[1].str().substr(0, 9)), 100000);
    const char u = m[2].str()[0];
    return n * (u == 'm' ? 60 : u == 'd' ? kDayS : kHourS);
}

struct ServiceInfo {
    std::string id, name;
};

std::vector<ServiceInfo> HeaderServices(const std::vector<json>& records)
{
    std::vector<ServiceInfo> out;
    for (const auto& r : records) {
        if (Str(r, "type") != "header") continue;
        auto it = r.find("services");
        if (it == r.end() || !it->is_array()) break;
        for (const auto& s : *it) out.push_back({Str(s, "id"), Str(s, "name")});
        break;
    }
    return out;
}

std::string Squash(const std::string& s)
{
    std::string out;
    for (char c : Lower(s))
        if (std::isalnum((unsigned char)c)) out += c;
    return out;
}

// The header's services an objective names (by id, or the first word of the name), compared with
// spaces and punctuation removed ("web shop" matches "webshop").
std::vector<std::string> NamedServices(const std::string& objective, const std::vector<ServiceInfo>& services)
{
    const std::string text = Squash(objective);
    std::vector<std::string> out;
    for (const auto& s : services) {
        const std::string id = Squash(s.id);
        std::string first = s.name.substr(0, s.name.find_first_of(" (,"));
        first = Squash(first);
        if ((id.size() >= 3 && Has(text, id.c_str())) || (first.size() >= 3 && Has(text, first.c_str()))) out.push_back(s.id);
    }
    return out;
}

// A continuous outage of one service. Consecutive down records of the same service merge.
struct Outage {
    std::string service;
    ScoreTime from = 0, to = 0;
    bool ongoing = false;        // still down at the end
    std::set<std::string> causes;
};

std::vector<Outage> Outages(const std::vector<json>& records, ScoreTime end, bool defender_only)
{
    std::map<std::string, Outage> open;
    std::vector<Outage> out;
    for (const auto& r : records) {
        if (Str(r, "type") != "service") continue;
        const auto t = Int(r, "t");
        const std::string id = Str(r, "id"), cause = Str(r, "cause");
        if (!t || id.empty()) continue;
        const bool down = !Bool(r, "up", true) && (!defender_only || cause == "defender");
        auto it = open.find(id);
        if (down) {
            if (it == open.end()) it = open.emplace(id, Outage{id, *t, *t, false, {}}).first;
            it->second.causes.insert(cause);
        } else if (it != open.end()) {
            it->second.to = *t;
            out.push_back(it->second);
            open.erase(it);
        }
    }
    for (auto& [id, o] : open) {
        o.to = end;
        o.ongoing = true;
        out.push_back(o);
    }
    return out;
}

std::string Grade(int level) { return level <= 0 ? "P" : level == 1 ? "S" : level == 2 ? "M" : "U"; }

struct Context {
    const Scorecard& card;
    const std::vector<json>& records;
    std::vector<ServiceInfo> services;
    std::optional<ScoreTime> first_encryption;
    bool staged = false;
    int64_t hosts_still_encrypted = 0;
};

void RateDetect(const Context& c, ObjectiveRating& o, ScoreTime limit)
{
    o.kind = "detect";
    o.rule = "P: detected within " + Dur(limit) + " of the attack start with no real alert dismissed; S: in time, but a real "
             "alert was dismissed as false on the way; M: detected later; U: never detected.";
    const Scorecard& k = c.card;
    if (!k.attack_start_s) {
        o.rating = "-";
        o.evidence.push_back("No attacker technique succeeded: there was nothing to detect.");
        return;
    }
    if (!k.time_to_detect_s) {
        o.rating = "U";
        o.evidence.push_back("The breach was never detected (attack started " + At(*k.attack_start_s) + ").");
    } else {
        const bool in_time = *k.time_to_detect_s <= limit;
        o.rating = !in_time ? "M" : k.alerts.true_alerts_triaged_as_false > 0 ? "S" : "P";
        o.evidence.push_back("Detected " + At(*k.detected_at_s) + " by " + TeamLabel(k.detected_by) + " (" +
                             (k.detected_how == "triage_alert" ? "a real alert triaged as real" : "incident declared naming a compromised host") +
                             "), " + Dur(*k.time_to_detect_s) + " after the attack started; limit " + Dur(limit) + ".");
    }
    if (k.alerts.true_alerts_triaged_as_false > 0)
        o.evidence.push_back(std::to_string(k.alerts.true_alerts_triaged_as_false) + " real alert(s) dismissed as false positives.");
    if (k.time_to_tool_detect_s) o.evidence.push_back("The first real alert came from a tool " + Dur(*k.time_to_tool_detect_s) + " after the attack started.");
}

void RateContain(const Context& c, ObjectiveRating& o, bool before_encryption)
{
    const Scorecard& k = c.card;
    if (!k.attack_start_s) {
        o.kind = before_encryption ? "contain_before_encryption" : "contain";
        o.rating = "-";
        o.evidence.push_back("No attacker technique succeeded: there was nothing to contain.");
        return;
    }
    const bool contained = k.contained_at_s.has_value();
    if (before_encryption) {
        o.kind = "contain_before_encryption";
        o.rule = "P: contained, no host ever encrypted; S: contained, at most 10% of the hosts encrypted; M: contained, at most "
                 "half encrypted; U: more than half encrypted, or not contained at the end.";
        if (!contained) o.rating = "U";
        else if (k.impact.hosts_encrypted == 0) o.rating = "P";
        else {
            int64_t estate = 0;
            for (const auto& r : c.records)
                if (Str(r, "type") == "header") { estate = Int(r, "hosts").value_or(0); break; }
            o.rating = estate > 0 && k.impact.hosts_encrypted * 10 <= estate ? "S" : estate > 0 && k.impact.hosts_encrypted * 2 > estate ? "U" : "M";
        }
        o.evidence.push_back(FormatCount(k.impact.hosts_encrypted) + " host(s) encrypted" +
                             (c.first_encryption ? ", the first " + At(*c.first_encryption) : "") + ".");
    } else {
        o.kind = "contain";
        o.rule = "P: contained within 24 h of detection; S: within 72 h; M: later; U: not contained at the end.";
        if (!contained) o.rating = "U";
        else if (!k.time_to_contain_s) o.rating = "M"; // contained, but never detected: luck, not response
        else o.rating = *k.time_to_contain_s <= kDayS ? "P" : *k.time_to_contain_s <= 3 * kDayS ? "S" : "M";
    }
    if (contained)
        o.evidence.push_back("Attacker contained " + At(*k.contained_at_s) +
                             (k.time_to_contain_s ? ", " + Dur(*k.time_to_contain_s) + " after detection." : " (never detected)."));
    else
        o.evidence.push_back("The attacker still had a live foothold or a usable stolen credential when the exercise ended.");
}

void RateAvailability(const Context& c, ObjectiveRating& o, ScoreTime limit, bool defender_only, const std::vector<std::string>& named)
{
    o.kind = "availability";
    o.rule = std::string("Longest ") + (defender_only ? "self-inflicted " : "") + "outage" +
             (named.empty() ? " of any service" : " of the services named") + ": P none; S at most " + Dur(limit) + "; M at most " +
             Dur(2 * limit) + "; U longer.";
    ScoreTime longest = 0;
    const Outage* worst = nullptr;
    const auto outages = Outages(c.records, c.card.duration_s, defender_only);
    for (const auto& out : outages) {
        if (!named.empty() && std::find(named.begin(), named.end(), out.service) == named.end()) continue;
        if (!worst || out.to - out.from > longest) { longest = out.to - out.from; worst = &out; }
    }
    if (!worst) {
        o.rating = "P";
        o.evidence.push_back(std::string("No ") + (defender_only ? "self-inflicted " : "") + "outage" +
                             (named.empty() ? "." : " of the services named."));
        return;
    }
    o.rating = longest <= limit ? "S" : longest <= 2 * limit ? "M" : "U";
    std::string causes;
    for (const auto& cs : worst->causes) causes += (causes.empty() ? "" : ", ") + (cs.empty() ? std::string("none") : cs);
    o.evidence.push_back("Longest outage: " + worst->service + " down " + At(worst->from) + " for " + Dur(longest) +
                         (worst->ongoing ? " (still down at the end)" : "") + ", cause " + causes + "; limit " + Dur(limit) + ".");
    if (defender_only) o.evidence.push_back("Self-inflicted downtime cost: " + FormatMoney(c.card.impact.self_inflicted, c.card.impact.currency) + ".");
}

void RateRestoreService(const Context& c, ObjectiveRating& o, ScoreTime limit, const std::vector<std::string>& named)
{
    o.kind = "restore_service";
    o.rule = "Longest outage of the services named, any cause: P at most " + Dur(limit) + " (or never down); S at most " +
             Dur(2 * limit) + "; M longer but restored; U still down at the end.";
    int level = 0;
    bool any = false;
    for (const auto& out : Outages(c.records, c.card.duration_s, false)) {
        if (!named.empty() && std::find(named.begin(), named.end(), out.service) == named.end()) continue;
        any = true;
        const ScoreTime len = out.to - out.from;
        const int l = out.ongoing ? 3 : len <= limit ? 0 : len <= 2 * limit ? 1 : 2;
        level = std::max(level, l);
        o.evidence.push_back(out.service + " down " + At(out.from) + (out.ongoing ? ", still down at the end" : " for " + Dur(len)) + ".");
    }
    if (!any) o.evidence.push_back("The services named never went down.");
    o.rating = Grade(level);
}

void RateExfiltration(const Context& c, ObjectiveRating& o, bool personal_only)
{
    o.kind = "exfiltration";
    o.rule = std::string("P: nothing staged or exfiltrated; S: data staged but nothing left; M: records exfiltrated") +
             (personal_only ? ", none personal" : ", under 1,000") + "; U: " + (personal_only ? "personal data exfiltrated." : "more.");
    const Impact& i = c.card.impact;
    if (i.records_exfiltrated == 0) o.rating = c.staged ? "S" : "P";
    else if (personal_only) o.rating = i.personal_records_exfiltrated > 0 ? "U" : "M";
    else o.rating = i.records_exfiltrated < 1000 ? "M" : "U";
    o.evidence.push_back(FormatCount(i.records_exfiltrated) + " records exfiltrated (" + FormatCount(i.personal_records_exfiltrated) +
                         " with personal data)" + (c.staged ? "; data was staged for theft." : "; nothing was staged."));
    for (const auto& m : c.card.moments)
        if (m.kind == "exfiltration") o.evidence.push_back(FormatDuration(m.t) + ": " + m.label);
}

void RateCompliance(const Context& c, ObjectiveRating& o, const std::string& lower)
{
    o.kind = "compliance";
    o.rule = "Over the obligations the objective names (all, if none named) whose clock started: P all met; S none missed "
             "(some still open at the end); M some missed, some met; U all missed.";
    const bool nis2 = Has(lower, "nis2"), gdpr = Has(lower, "gdpr");
    const bool ew = Has(lower, "early warning"), notif = Has(lower, "notification"), fin = Has(lower, "final report");
    int met = 0, missed = 0, open = 0, relevant = 0;
    for (const auto& e : c.card.compliance) {
        if ((nis2 || gdpr) && !((nis2 && e.regime == "nis2") || (gdpr && e.regime == "gdpr"))) continue;
        if (e.regime == "nis2" && (ew || notif || fin) &&
            !((ew && e.obligation == "early_warning") || (notif && e.obligation == "notification") || (fin && e.obligation == "final_report")))
            continue;
        ++relevant;
        std::string line = Lower(e.regime == "nis2" ? "NIS2" : "GDPR");
        line = (e.regime == "nis2" ? "NIS2 " : e.regime == "gdpr" ? "GDPR " : e.regime + " ") + e.obligation + ": " +
               ComplianceStatusLabel(e.status);
        if (e.deadline_s) line += ", due " + FormatDuration(*e.deadline_s);
        if (e.done_s) line += ", sent " + FormatDuration(*e.done_s);
        o.evidence.push_back(line + ".");
        if (e.status == ComplianceStatus::Met) ++met;
        else if (e.status == ComplianceStatus::Missed) ++missed;
        else if (e.status == ComplianceStatus::Open) ++open;
    }
    if (relevant == 0) {
        o.rating = "-";
        o.evidence.push_back("The exercise tracked none of the regimes named.");
    } else if (met + missed + open == 0) {
        o.rating = "-";
        o.evidence.push_back(c.card.detected_at_s ? "No clock started (no personal data was touched)."
                                                  : "No clock started: the breach was never detected (which the detection objective rates).");
    } else if (missed == 0) {
        o.rating = open ? "S" : "P";
    } else {
        o.rating = met > 0 ? "M" : "U";
    }
}

void RateRecoverHosts(const Context& c, ObjectiveRating& o)
{
    o.kind = "recover_hosts";
    o.rule = "P: every encrypted host restored (or none encrypted) and the business recovered; S: every host restored but a "
             "service still down or the attacker not contained; M: some hosts still encrypted; U: none restored.";
    const int64_t enc = c.card.impact.hosts_encrypted, still = c.hosts_still_encrypted;
    if (enc == 0) {
        o.rating = "P";
        o.evidence.push_back("No host was encrypted.");
        return;
    }
    o.rating = still == 0 ? (c.card.recovered_at_s ? "P" : "S") : still < enc ? "M" : "U";
    o.evidence.push_back(FormatCount(enc) + " host(s) encrypted, " + FormatCount(enc - still) + " restored by the end.");
    if (c.card.recovered_at_s) o.evidence.push_back("Business recovered " + At(*c.card.recovered_at_s) + ".");
}

// Inject outcomes that name an objective: evidence for it, and its rating when no rule applies.
void AddInjectEvidence(const std::vector<json>& records, ObjectiveRating& o)
{
    std::map<int64_t, std::string> synopsis;
    int met = 0, missed = 0;
    for (const auto& r : records) {
        const std::string type = Str(r, "type");
        if (type == "inject") synopsis[Int(r, "number").value_or(0)] = Str(r, "synopsis");
        if (type != "inject_outcome" || Str(r, "objective") != o.objective) continue;
        const int64_t n = Int(r, "number").value_or(0);
        const bool ok = Bool(r, "met");
        ok ? ++met : ++missed;
        std::string line = "Inject " + std::to_string(n) + (synopsis.count(n) ? " (" + synopsis[n] + ")" : "") + ": expected action ";
        if (ok) line += "taken" + (Int(r, "command_t") ? " " + At(*Int(r, "command_t")) : std::string()) + ".";
        else line += "not taken by " + FormatDuration(Int(r, "at").value_or(0)) + ".";
        o.evidence.push_back(line);
    }
    if (o.kind == "none" && met + missed > 0) {
        o.kind = "injects";
        o.rule = "From the injects that test this objective: P every expected action taken; S more than half; M some; U none.";
        o.rating = missed == 0 ? "P" : met * 2 > met + missed ? "S" : met > 0 ? "M" : "U";
    }
}

ObjectiveRating RateObjective(const Context& c, const std::string& text)
{
    ObjectiveRating o;
    o.objective = text;
    o.kind = "none";
    o.rating = "-";
    const std::string t = Lower(text);
    const auto named = NamedServices(text, c.services);
    if (Has(t, "nis2") || Has(t, "gdpr") || Has(t, "deadline") || Has(t, "notif")) {
        RateCompliance(c, o, t);
    } else if (Has(t, "exfiltrat") || ((Has(t, "prevent") || Has(t, "stop")) &&
                                       (Has(t, "download") || Has(t, "upload") || Has(t, "theft") || Has(t, "data") || Has(t, "leak")))) {
        RateExfiltration(c, o, Has(t, "personal") || Has(t, "customer"));
    } else if (Has(t, "contain") || Has(t, "evict") || Has(t, "remove the attacker")) {
        RateContain(c, o, Has(t, "encrypt"));
    } else if ((Has(t, "recover") || Has(t, "restore")) && (Has(t, "encrypt") || Has(t, "backup") || Has(t, "host"))) {
        RateRecoverHosts(c, o);
    } else if ((Has(t, "restore") || Has(t, "recover")) && !named.empty()) {
        RateRestoreService(c, o, LimitIn(t, 4 * kHourS), named);
    } else if (Has(t, "self-inflicted") || Has(t, "outage") || (Has(t, "keep") && Has(t, "running"))) {
        RateAvailability(c, o, LimitIn(t, 4 * kHourS), Has(t, "self-inflicted"), named);
    } else if (Has(t, "detect") || Has(t, "spot")) {
        RateDetect(c, o, LimitIn(t, 24 * kHourS));
    }
    AddInjectEvidence(c.records, o);
    if (o.kind == "none") {
        o.rule = "No automatic rule matches this objective and no inject measured it: the facilitator rates it.";
    }
    return o;
}

// [SECTION] Strengths and areas for improvement

struct AreaAction {
    const char* id;
    const char* action;
    const char* owner;
};

// The corrective action and owner role suggested for each area for improvement.
const AreaAction kActions[] = {
    {"A-DETECT", "Review detection coverage and the alert triage routine so that a real intrusion is confirmed within 24 hours; "
                 "rehearse the triage of EDR and SIEM alerts.", "SOC Manager"},
    {"A-TRIAGE", "Introduce a second look before a high-severity alert is closed as false; track real alerts never triaged.",
     "SOC Manager"},
    {"A-NOISE", "Tune the noisiest detection rules and document known false-positive patterns.", "Security Engineer"},
    {"A-CONTAIN", "Agree a containment playbook (isolate, reset credentials, block C2) that SecOps can trigger and ITOps can "
                  "execute within hours; pre-approve emergency isolation.", "Incident Responder"},
    {"A-RECOVER", "Test restores from backup and set recovery time objectives for each business service.", "IT operations manager"},
    {"A-ENCRYPT", "Harden backups (offline copy) and segment file servers; rehearse ransomware containment.", "System administrator"},
    {"A-EXFIL", "Monitor and block large outbound transfers from data stores holding personal data.", "Security Engineer"},
    {"A-SELF", "Weigh the business cost of each disruptive action with ITOps before acting; prefer narrow actions (a host, "
               "not a server that a service depends on).", "IT operations manager"},
    {"A-UNCOORD", "Route disruptive actions on the other team's assets through a ticket or the shared channel first.",
     "IT operations manager"},
    {"A-HANDOFF", "Set a response-time target for cross-team tickets and a shared queue both teams watch.", "SOC Manager"},
    {"A-COMPLY", "Pre-write the NIS2 and GDPR notifications and name who sends them; start the clock at detection.", "SOC Manager"},
    {"A-INJECT", "Review each inject whose expected action was missed with the team that received it.", "SOC Manager"},
};

const AreaAction* ActionFor(const std::string& id)
{
    for (const auto& a : kActions)
        if (id == a.id) return &a;
    return nullptr;
}

void Findings(const Context& c, Report& r)
{
    const Scorecard& k = c.card;
    auto strength = [&](const char* id, const char* cap, std::string text, std::string ev) { r.strengths.push_back({id, cap, text, ev}); };
    auto area = [&](const char* id, const char* cap, std::string text, std::string ev) { r.areas.push_back({id, cap, text, ev}); };
    const bool attack = k.attack_start_s.has_value();
    if (attack) {
        if (k.time_to_detect_s && *k.time_to_detect_s <= kDayS)
            strength("S-DETECT", "Detection", "The breach was detected within 24 hours.", "Time to detect " + Dur(*k.time_to_detect_s) + ".");
        else
            area("A-DETECT", "Detection", k.time_to_detect_s ? "Detection took longer than 24 hours." : "The breach was never detected.",
                 k.time_to_detect_s ? "Time to detect " + Dur(*k.time_to_detect_s) + "." : "No detection by the end of the exercise.");
        if (k.time_to_contain_s && *k.time_to_contain_s <= kDayS)
            strength("S-CONTAIN", "Containment", "The attacker was contained within 24 hours of detection.",
                     "Time to contain " + Dur(*k.time_to_contain_s) + ".");
        else if (k.detected_at_s)
            area("A-CONTAIN", "Containment",
                 k.time_to_contain_s ? "Containment took longer than 24 hours after detection." : "The attacker was not contained by the end.",
                 k.time_to_contain_s ? "Time to contain " + Dur(*k.time_to_contain_s) + "." : "No lasting containment.");
        if (!k.recovered_at_s && k.detected_at_s)
            area("A-RECOVER", "Recovery", "The business had not recovered by the end of the exercise.",
                 "A service still down, a host still encrypted, or the attacker not contained.");
        if (k.alerts.true_positive > 0 && k.alerts.true_alerts_triaged_as_false == 0 && k.alerts.missed_true == 0)
            strength("S-TRIAGE", "Detection", "Every real alert was triaged, and confirmed as real.",
                     FormatCount(k.alerts.true_positive) + " real alert(s).");
    }
    if (k.alerts.true_alerts_triaged_as_false > 0 || k.alerts.missed_true > 0)
        area("A-TRIAGE", "Detection", "Real alerts were dismissed or never looked at.",
             FormatCount(k.alerts.true_alerts_triaged_as_false) + " dismissed as false, " + FormatCount(k.alerts.missed_true) + " never triaged.");
    if (k.alerts.false_positives_triaged_as_true > 0)
        area("A-NOISE", "Detection", "False alarms were taken for real, spending effort on noise.",
             FormatCount(k.alerts.false_positives_triaged_as_true) + " false alarm(s) triaged as real.");
    if (k.impact.hosts_encrypted > 0)
        area("A-ENCRYPT", "Protection", "The attacker encrypted hosts.", FormatCount(k.impact.hosts_encrypted) + " host(s) encrypted.");
    if (k.impact.records_exfiltrated > 0)
        area("A-EXFIL", "Protection", "Data left the organisation.",
             FormatCount(k.impact.records_exfiltrated) + " records (" + FormatCount(k.impact.personal_records_exfiltrated) + " personal).");
    else if (c.staged)
        strength("S-EXFIL", "Protection", "Data was staged for theft, but none left the organisation.", "0 records exfiltrated.");
    const std::string cur = k.impact.currency;
    if (k.impact.self_inflicted > 0 && k.impact.self_inflicted >= k.impact.attacker_caused)
        area("A-SELF", "Coordination", "The response's own outages cost as much as or more than the attack.",
             "Self-inflicted " + FormatMoney(k.impact.self_inflicted, cur) + " against " + FormatMoney(k.impact.attacker_caused, cur) +
                 " caused by the attacker.");
    else if (attack && k.impact.self_inflicted == 0 && k.contained_at_s)
        strength("S-SELF", "Coordination", "The attacker was contained without any self-inflicted outage.", "Self-inflicted cost 0.");
    if (k.coordination.uncoordinated_disruptive > 0)
        area("A-UNCOORD", "Coordination", "Disruptive actions were taken on the other team's assets without coordination.",
             FormatCount(k.coordination.uncoordinated_disruptive) + " uncoordinated disruptive action(s), " +
                 FormatCount(k.coordination.emergency_changes) + " emergency change(s).");
    const Coordination& co = k.coordination;
    if (co.requests > 0) {
        const bool slow = co.median_handoff_s && *co.median_handoff_s > kHourS;
        if (slow || co.open_tickets > 0 || co.answered < co.requests)
            area("A-HANDOFF", "Coordination", "Requests between the teams were slow or left open.",
                 "Median hand-off " + (co.median_handoff_s ? Dur(*co.median_handoff_s) : std::string("-")) + ", " +
                     FormatCount(co.open_tickets) + " ticket(s) open at the end.");
        else
            strength("S-HANDOFF", "Coordination", "Requests between the teams were answered within the hour.",
                     FormatCount(co.requests) + " ticket(s), median hand-off " + (co.median_handoff_s ? Dur(*co.median_handoff_s) : "-") + ".");
    }
    int met = 0, missed = 0, started = 0;
    for (const auto& e : k.compliance) {
        if (e.status == ComplianceStatus::NotTriggered) continue;
        ++started;
        if (e.status == ComplianceStatus::Met) ++met;
        if (e.status == ComplianceStatus::Missed) ++missed;
    }
    if (missed > 0)
        area("A-COMPLY", "Compliance", "Reporting deadlines were missed.", std::to_string(missed) + " of " + std::to_string(started) + " obligation(s) missed.");
    else if (started > 0 && met == started)
        strength("S-COMPLY", "Compliance", "Every reporting deadline that started was met.", std::to_string(met) + " obligation(s) met.");
    int inj_met = 0, inj_missed = 0;
    for (const auto& rec : c.records)
        if (Str(rec, "type") == "inject_outcome") Bool(rec, "met") ? ++inj_met : ++inj_missed;
    if (inj_missed > 0)
        area("A-INJECT", "Exercise play", "Some injects did not get the expected response.",
             std::to_string(inj_missed) + " of " + std::to_string(inj_met + inj_missed) + " expected action(s) missed.");
    else if (inj_met > 0)
        strength("S-INJECT", "Exercise play", "Every inject got the expected response.", std::to_string(inj_met) + " expected action(s) taken.");
}

// [SECTION] Executive summary

std::string Seats(const Report& r, const std::string& team)
{
    std::set<std::string> who;
    for (const auto& p : r.participants)
        if (p.team == team)
            for (const auto& i : p.issuers) who.insert(i.rfind("autopilot:", 0) == 0 ? "the autopilot" : i.rfind("player:", 0) == 0 ? i.substr(7) : i);
    if (who.empty()) return "";
    std::string out;
    for (const auto& w : who) out += (out.empty() ? "" : ", ") + w;
    return out;
}

std::vector<std::string> Summary(const Report& r)
{
    const Scorecard& k = r.card;
    std::vector<std::string> s;
    std::string first = (r.date.empty() ? std::string("The ") : "On " + r.date + ", the ") + (k.org.empty() ? "" : k.org + " ") +
                        "organisation exercised the scenario \"" + (k.title.empty() ? k.scenario : k.title) + "\"" +
                        (k.seed ? " (seed " + std::to_string(*k.seed) + ")" : "");
    const std::string sec = Seats(r, "secops"), it = Seats(r, "itops");
    if (!sec.empty() || !it.empty()) first += ", with SecOps played by " + (sec.empty() ? "a person who posted no command" : sec) + " and ITOps by " +
                 (it.empty() ? "a person who posted no command" : it);
    s.push_back(first + ". It ran for " + FormatDuration(k.duration_s) + " of exercise time and ended: " +
                (k.ended ? DescribeEndReason(k.end_reason) : "without an end record") + ".");
    if (!k.attack_start_s) {
        s.push_back("No attacker technique succeeded, so there was no breach to detect or contain.");
    } else {
        std::string d = "The attack began " + At(*k.attack_start_s) + ". ";
        if (k.time_to_tool_detect_s) d += "The tools raised the first real alert " + Dur(*k.time_to_tool_detect_s) + " later; ";
        else d += "No tool raised a real alert; ";
        d += k.time_to_detect_s ? "the teams detected the breach " + Dur(*k.time_to_detect_s) + " after it began (" + TeamLabel(k.detected_by) + ")."
                                : "the teams never detected the breach.";
        s.push_back(d);
        if (k.detected_at_s) {
            std::string c = k.time_to_contain_s ? "The attacker was contained " + Dur(*k.time_to_contain_s) + " after detection"
                                                : "The attacker was still not contained when the exercise ended";
            c += k.time_to_recover_s ? ", and the business recovered " + Dur(*k.time_to_recover_s) + " after detection."
                                     : ", and the business had not fully recovered.";
            s.push_back(c);
        }
    }
    const Impact& i = k.impact;
    if (i.total() > 0) {
        s.push_back("Downtime cost " + FormatMoney(i.total(), i.currency) + ": " + FormatMoney(i.attacker_caused, i.currency) +
                    " caused by the attacker, " + FormatMoney(i.self_inflicted, i.currency) + " self-inflicted by the response" +
                    (i.operations > 0 ? ", " + FormatMoney(i.operations, i.currency) + " from operations failures" : std::string()) + ".");
    } else {
        s.push_back("No business service went down.");
    }
    if (i.records_exfiltrated > 0 || i.hosts_encrypted > 0)
        s.push_back(FormatCount(i.records_exfiltrated) + " records were exfiltrated (" + FormatCount(i.personal_records_exfiltrated) +
                    " with personal data) and " + FormatCount(i.hosts_encrypted) + " host(s) encrypted.");
    int met = 0, missed = 0, open = 0, started = 0;
    for (const auto& e : k.compliance) {
        if (e.status == ComplianceStatus::NotTriggered) continue;
        ++started;
        met += e.status == ComplianceStatus::Met;
        missed += e.status == ComplianceStatus::Missed;
        open += e.status == ComplianceStatus::Open;
    }
    if (started)
        s.push_back("Of " + std::to_string(started) + " reporting obligation(s) whose clock started, " + std::to_string(met) + " met, " +
                    std::to_string(missed) + " missed, " + std::to_string(open) + " still open at the end.");
    std::map<std::string, int> ratings;
    for (const auto& o : r.objectives) ratings[o.rating]++;
    if (!r.objectives.empty()) {
        std::string line = "Objectives: " + std::to_string(ratings["P"]) + " performed without challenges, " + std::to_string(ratings["S"]) +
                           " with some challenges, " + std::to_string(ratings["M"]) + " with major challenges, " + std::to_string(ratings["U"]) +
                           " unable to be performed";
        if (ratings["-"]) line += ", " + std::to_string(ratings["-"]) + " left to the facilitator";
        s.push_back(line + ".");
    }
    if (r.baseline) {
        for (const auto& l : r.baseline->lines)
            if (l.figure == "time_to_contain_s" || l.figure == "time_to_detect_s") s.push_back("Against " + std::to_string(r.baseline->runs) +
                                                                                              " simulated teams: " + l.sentence + ".");
    }
    return s;
}

} // namespace

// [SECTION] Improvement plan

std::string AddDays(const std::string& date, int days)
{
    int y = 0, m = 0, d = 0;
    if (date.size() != 10 || std::sscanf(date.c_str(), "%4d-%2d-%2d", &y, &m, &d) != 3) return "";
    using namespace std::chrono;
    const year_month_day ymd{year{y}, month{(unsigned)m}, day{(unsigned)d}};
    if (!ymd.ok()) return "";
    const year_month_day due{sys_days{ymd} + std::chrono::days{days}};
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", (int)due.year(), (unsigned)due.month(), (unsigned)due.day());
    return buf;
}

std::vector<std::string> MergePlan(Report& r, const json& plan)
{
    std::vector<std::string> problems;
    if (plan.is_null()) return problems;
    if (!plan.is_array()) {
        problems.push_back("[report.plan] the plan must be a JSON array of rows");
        return problems;
    }
    size_t n = 0;
    for (const auto& row : plan) {
        ++n;
        const std::string where = "[report.plan] row " + std::to_string(n) + ": ";
        if (!row.is_object()) {
            problems.push_back(where + "must be an object");
            continue;
        }
        bool bad = false;
        for (const char* key : {"area", "action", "owner", "due", "status", "capability"}) {
            auto it = row.find(key);
            if (it != row.end() && !it->is_string() && !it->is_null()) {
                problems.push_back(where + "\"" + key + "\" must be a string");
                bad = true;
            }
        }
        if (bad) continue;
        const std::string area = Str(row, "area");
        PlanRow* target = nullptr;
        for (auto& p : r.plan)
            if (!area.empty() && p.area == area) target = &p;
        if (!target) {
            if (Str(row, "action").empty()) {
                problems.push_back(where + "a new row needs an \"action\"" + (area.empty() ? "" : " (no generated row has area " + area + ")"));
                continue;
            }
            r.plan.push_back(PlanRow{area, "", "", "", "", "", true});
            target = &r.plan.back();
        }
        target->facilitator = true;
        for (auto [key, field] : {std::pair{"action", &target->action}, {"owner", &target->owner}, {"due", &target->due},
                                  {"status", &target->status}, {"capability", &target->capability}}) {
            const std::string v = Str(row, key);
            if (!v.empty()) *field = v;
        }
    }
    return problems;
}

// [SECTION] Baseline placement

std::optional<Baseline> PlaceAgainstBaseline(const Scorecard& card, const std::string& ref, const std::string& org_name,
                                             int64_t size, uint64_t seeds, unsigned threads)
{
    const auto org = ParseOrg(org_name);
    if (!org || seeds == 0 || ref.empty()) return std::nullopt;
    CompareOptions o;
    o.scenario = ref;
    o.seed_first = 1;
    o.seed_last = seeds;
    o.orgs = {*org};
    o.size = size;
    o.threads = threads;
    const CompareResult cr = RunCompare(o);
    if (!cr.error.empty() || cr.profiles.empty() || cr.profiles[0].runs == 0) return std::nullopt;
    Baseline b;
    b.org = org_name;
    b.seeds = seeds;
    b.runs = cr.profiles[0].runs;
    auto opt = [](const std::optional<ScoreTime>& t) { return t ? std::optional<double>((double)*t) : std::nullopt; };
    const std::pair<const char*, std::optional<double>> mine[] = {
        {"time_to_detect_s", opt(card.time_to_detect_s)},
        {"time_to_contain_s", opt(card.time_to_contain_s)},
        {"time_to_recover_s", opt(card.time_to_recover_s)},
        {"total", card.impact.total()}};
    for (const auto& [fig, value] : mine) {
        const Distribution* d = cr.profiles[0].Find(fig);
        if (!d) continue;
        BaselineLine l;
        l.figure = fig;
        l.mine = value;
        l.median = d->median;
        l.beat_percent = PercentBeaten(value, d->values).value_or(0);
        l.reached_percent = d->runs ? 100.0 * (double)(d->runs - d->never) / (double)d->runs : 0;
        const std::string what = fig == std::string("total") ? "total downtime cost" : Lower(FigureLabel(fig));
        char buf[200];
        if (value) std::snprintf(buf, sizeof buf, "your %s beat %.0f%% of simulated teams", what.c_str(), l.beat_percent);
        else if (fig == std::string("time_to_detect_s")) std::snprintf(buf, sizeof buf, "you did not detect the breach; %.0f%% of simulated teams did", l.reached_percent);
        else if (fig == std::string("time_to_contain_s")) std::snprintf(buf, sizeof buf, "you did not contain the attacker; %.0f%% of simulated teams did", l.reached_percent);
        else std::snprintf(buf, sizeof buf, "you did not recover; %.0f%% of simulated teams did", l.reached_percent);
        l.sentence = buf;
        b.lines.push_back(l);
    }
    return b;
}

std::string BaselineOneLine(const Baseline& b)
{
    std::string out = "Against " + std::to_string(b.runs) + " simulated teams (autopilot, seeds 1.." + std::to_string(b.seeds) + ", " + b.org + "): ";
    bool first = true;
    for (const auto& l : b.lines) {
        if (l.figure == "total") continue;
        out += (first ? "" : "; ") + l.sentence;
        first = false;
    }
    return out + ".";
}

// [SECTION] BuildReport

Report BuildReport(const std::vector<json>& records, const ReportOptions& options)
{
    Report r;
    r.card = ComputeScorecard(records);
    json header = json::object();
    for (const auto& rec : records)
        if (Str(rec, "type") == "header") { header = rec; break; }
    const json& sc = Obj(header, "scenario");
    r.scenario_ref = Str(sc, "ref");
    if (r.scenario_ref.empty()) r.scenario_ref = Str(sc, "id");
    r.hosts = Int(header, "hosts").value_or(0);
    const std::string hdate = Str(header, "date");
    if (!hdate.empty()) { r.date = hdate.substr(0, 10); r.date_source = "header"; }
    else if (!options.date.empty()) { r.date = options.date; r.date_source = "given"; }
    r.participants = Participants(records);
    const json& ap = Obj(header, "autopilot");
    if (ap.contains("itops") || ap.contains("secops")) {
        r.all_autopilot = Bool(ap, "itops") && Bool(ap, "secops");
    } else {
        r.all_autopilot = true;
        for (const auto& p : r.participants)
            if ((p.team == "secops" || p.team == "itops") && !p.autopilot) r.all_autopilot = false;
    }
    r.events = ChartEvents(records);
    r.key_moments = BuildTimeline(r.card);

    // The scenario's objectives.
    std::vector<std::string> objectives;
    if (options.load_scenario && !r.scenario_ref.empty()) {
        LoadResult lr = LoadScenario(r.scenario_ref, LoadOptions{r.card.seed.value_or(1), Int(sc, "size").value_or(0)});
        if (lr.Ok()) {
            r.scenario_loaded = true;
            objectives = lr.scenario.objectives;
            r.summary_text = lr.scenario.summary;
            const std::string hash = Str(sc, "content_hash");
            if (!hash.empty() && hash != lr.scenario.content_hash)
                r.scenario_note = "The scenario '" + r.scenario_ref + "' changed since the exercise (content hash " + hash + " then, " +
                                  lr.scenario.content_hash + " now): its current objectives are rated.";
            if (objectives.empty()) r.scenario_note = "The scenario lists no objectives: generic objectives are rated from the metrics.";
        } else {
            r.scenario_note = "The scenario '" + r.scenario_ref + "' does not load here (" +
                              (lr.problems.empty() ? std::string("unknown reason") : lr.problems.front().Format()) +
                              "): generic objectives are rated from the metrics.";
        }
    } else {
        r.scenario_note = options.load_scenario ? "The journal does not name its scenario: generic objectives are rated from the metrics."
                                                : "The scenario was not loaded: generic objectives are rated from the metrics.";
    }
    if (objectives.empty()) {
        objectives = {"Detect the compromise within 24 hours", "Contain the attacker before any host is encrypted",
                      "No self-inflicted outage longer than 4 hours", "Prevent the exfiltration of personal data"};
        if (!r.card.compliance.empty()) objectives.push_back("Meet the reporting deadlines (NIS2, GDPR)");
        objectives.push_back("Recover every encrypted host");
    }
    Context c{r.card, records, HeaderServices(records), std::nullopt, false, 0};
    std::map<std::string, bool> encrypted;
    for (const auto& rec : records) {
        const std::string type = Str(rec, "type");
        if (type == "staged") c.staged = true;
        if (type == "host" && rec.contains("encrypted")) {
            const bool e = Bool(rec, "encrypted");
            encrypted[Str(rec, "id")] = e;
            if (e && !c.first_encryption) c.first_encryption = Int(rec, "t");
        }
    }
    for (const auto& [h, e] : encrypted) c.hosts_still_encrypted += e;
    for (const auto& text : objectives) r.objectives.push_back(RateObjective(c, text));

    Findings(c, r);
    const std::string due = AddDays(r.date, 30);
    for (const auto& a : r.areas) {
        const AreaAction* act = ActionFor(a.id);
        r.plan.push_back(PlanRow{a.id, a.capability, act ? act->action : a.text, act ? act->owner : "", due, "", false});
    }
    r.problems = MergePlan(r, options.plan);

    if (options.baseline_seeds > 0 && !r.all_autopilot && !r.scenario_ref.empty() && options.load_scenario)
        r.baseline = PlaceAgainstBaseline(r.card, r.scenario_ref, r.card.org, Int(sc, "size").value_or(0), options.baseline_seeds,
                                          options.threads);
    r.executive_summary = Summary(r);
    return r;
}

// [SECTION] JSON

namespace {

json OptT(const std::optional<ScoreTime>& t) { return t ? json(*t) : json(nullptr); }
json OptD(const std::optional<double>& t) { return t ? json(*t) : json(nullptr); }

} // namespace

json ToJson(const Report& r)
{
    json j;
    json parts = json::array();
    for (const auto& p : r.participants)
        parts.push_back({{"team", p.team}, {"role", p.role}, {"issuers", p.issuers}, {"autopilot", p.autopilot}, {"commands", p.commands}});
    j["overview"] = {{"scenario", r.card.scenario}, {"title", r.card.title}, {"scenario_ref", r.scenario_ref},
                     {"date", r.date.empty() ? json(nullptr) : json(r.date)}, {"date_source", r.date_source},
                     {"org", r.card.org}, {"seed", r.card.seed ? json(*r.card.seed) : json(nullptr)}, {"hosts", r.hosts},
                     {"all_autopilot", r.all_autopilot}, {"participants", parts},
                     {"scenario_loaded", r.scenario_loaded}, {"scenario_note", r.scenario_note}};
    j["executive_summary"] = r.executive_summary;
    j["scorecard"] = ToJson(r.card);
    json objs = json::array();
    for (const auto& o : r.objectives)
        objs.push_back({{"objective", o.objective}, {"kind", o.kind}, {"rating", o.rating}, {"rule", o.rule}, {"evidence", o.evidence}});
    j["objectives"] = objs;
    auto findings = [](const std::vector<ReportFinding>& v) {
        json a = json::array();
        for (const auto& f : v) a.push_back({{"id", f.id}, {"capability", f.capability}, {"text", f.text}, {"evidence", f.evidence}});
        return a;
    };
    j["strengths"] = findings(r.strengths);
    j["areas_for_improvement"] = findings(r.areas);
    json plan = json::array();
    for (const auto& p : r.plan)
        plan.push_back({{"area", p.area}, {"capability", p.capability}, {"action", p.action}, {"owner", p.owner}, {"due", p.due},
                        {"status", p.status}, {"facilitator", p.facilitator}});
    j["improvement_plan"] = plan;
    json events = json::array();
    for (const auto& e : r.events) events.push_back({{"t", e.t}, {"lane", e.lane}, {"label", e.label}, {"strong", e.strong}});
    j["timeline_events"] = events;
    if (r.baseline) {
        json lines = json::array();
        for (const auto& l : r.baseline->lines)
            lines.push_back({{"figure", l.figure}, {"mine", OptD(l.mine)}, {"median", OptD(l.median)}, {"beat_percent", l.beat_percent},
                             {"reached_percent", l.reached_percent}, {"sentence", l.sentence}});
        j["baseline"] = {{"org", r.baseline->org}, {"seeds", r.baseline->seeds}, {"runs", r.baseline->runs}, {"lines", lines}};
    } else {
        j["baseline"] = nullptr;
    }
    j["problems"] = r.problems;
    (void)OptT;
    return j;
}

// [SECTION] HTML

namespace {

std::string E(const std::string& s) { return HtmlEscape(s); }

std::string F1(double v)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

std::string DurOr(const std::optional<ScoreTime>& t, const char* never = "-") { return t ? FormatDuration(*t) : never; }
std::string SecsOr(const std::optional<ScoreTime>& t) { return t ? std::to_string(*t) : ""; }

std::string RatingLabel(const std::string& r)
{
    if (r == "P") return "Performed without challenges";
    if (r == "S") return "Performed with some challenges";
    if (r == "M") return "Performed with major challenges";
    if (r == "U") return "Unable to be performed";
    return "Not rated (facilitator)";
}

std::string RatingClass(const std::string& r) { return r == "-" ? "r-NA" : "r-" + r; }

struct FigureRow {
    std::string name, value, seconds, definition;
};

// Every scorecard figure with its definition in docs/scoring.md's words.
std::vector<std::pair<std::string, std::vector<FigureRow>>> FigureTable(const Scorecard& k)
{
    const std::string cur = k.impact.currency;
    const Coordination& co = k.coordination;
    const AlertCounts& a = k.alerts;
    auto cnt = [](int64_t v) { return FormatCount(v); };
    return {
        {"Response times (docs/scoring.md, \"The four headline times\")",
         {{"Attack started", DurOr(k.attack_start_s), SecsOr(k.attack_start_s), "Exercise time of the attacker's first step that worked (first successful technique)."},
          {"Time to tool detection", DurOr(k.time_to_tool_detect_s), SecsOr(k.time_to_tool_detect_s), "From the attack start to the first alert a tool raised that the attacker really caused: what the tools did, before any person looked."},
          {"Time to detect", DurOr(k.time_to_detect_s), SecsOr(k.time_to_detect_s), "From the attack start to the moment a team showed it knew: a real alert triaged as real, or an incident declared naming a compromised host." + (k.detected_by.empty() ? std::string() : " Detected by " + TeamLabel(k.detected_by) + ".")},
          {"Time to contain", DurOr(k.time_to_contain_s), SecsOr(k.time_to_contain_s), "From detection to containment: the attacker has no live foothold and no stolen credential that still works. Containment that did not hold is not containment."},
          {"Time to recover", DurOr(k.time_to_recover_s), SecsOr(k.time_to_recover_s), "From detection to the moment the attacker was contained, every service that went down was back up, and no host was left encrypted."},
          {"Exercise duration", FormatDuration(k.duration_s), std::to_string(k.duration_s), "The time of the end record: " + (k.ended ? DescribeEndReason(k.end_reason) : std::string("no end record")) + "."}}},
        {"Business impact (docs/scoring.md, \"Business impact\")",
         {{"Caused by the attacker", FormatMoney(k.impact.attacker_caused, cur), "", "Downtime hours x the service's cost per hour, for outages the attacker caused (encryption, wiping)."},
          {"Self-inflicted", FormatMoney(k.impact.self_inflicted, cur), "", "The same for outages the defenders' own actions caused: isolating a server, taking a service offline, a failed rushed patch."},
          {"Operations failures", FormatMoney(k.impact.operations, cur), "", "Outages from an operations failure that is not an attack (a faulty vendor update)."},
          {"Unattributed", FormatMoney(k.impact.unattributed, cur), "", "Outages with no cause recorded; should be 0."},
          {"Total downtime cost", FormatMoney(k.impact.total(), cur), "", "The sum of the four above."},
          {"Records exfiltrated", cnt(k.impact.records_exfiltrated), "", "Records that left the organisation (sum over exfiltration records)."},
          {"Personal records exfiltrated", cnt(k.impact.personal_records_exfiltrated), "", "Of those, records with personal data (GDPR)."},
          {"Hosts encrypted", cnt(k.impact.hosts_encrypted), "", "Different hosts encrypted at any time."}}},
        {"Coordination (docs/scoring.md, \"Coordination between the teams\")",
         {{"Requests between teams", cnt(co.requests), "", "Tickets: one team asking the other to act."},
          {"Answered", cnt(co.answered), "", "Tickets the other team acted on or closed."},
          {"Median hand-off time", DurOr(co.median_handoff_s), SecsOr(co.median_handoff_s), "From a ticket to the first sign the other team acted on it; the lower middle value over the answered tickets."},
          {"Longest hand-off time", DurOr(co.max_handoff_s), SecsOr(co.max_handoff_s), "The slowest answered ticket."},
          {"Tickets open at the end", cnt(co.open_tickets), "", "Tickets never closed."},
          {"Disruptive actions without coordination", cnt(co.uncoordinated_disruptive), "", "Disruptive actions on the other team's assets that no ticket asked for, and every emergency change."},
          {"Emergency changes", cnt(co.emergency_changes), "", "Changes made at once, without change approval."}}},
        {"Alerts (docs/scoring.md, \"Alerts\")",
         {{"Alerts", cnt(a.total), "", "Alerts raised by every tool."},
          {"Caused by the attacker", cnt(a.true_positive), "", "Alerts the attacker really caused (ground truth)."},
          {"Triaged", cnt(a.triaged), "", "Alerts with a verdict; the last verdict counts."},
          {"Triaged as real / as false", cnt(a.triaged_true) + " / " + cnt(a.triaged_false), "", "Verdicts given, right or wrong."},
          {"False alarms taken for real", cnt(a.false_positives_triaged_as_true), "", "Effort spent on noise."},
          {"Real alerts dismissed", cnt(a.true_alerts_triaged_as_false), "", "The attacker slipped through."},
          {"Real alerts never triaged", cnt(a.missed_true), "", "Real alerts nobody looked at."}}},
    };
}

std::string Lanes(const std::string& lane)
{
    if (lane == "attacker") return "Attacker";
    if (lane == "alerts") return "Alerts";
    if (lane == "secops") return "SecOps actions";
    if (lane == "itops") return "ITOps actions";
    return "Injects";
}

} // namespace

std::string TimelineSvg(const Report& r, int width)
{
    const Scorecard& k = r.card;
    const std::vector<std::string> lanes = {"attacker", "alerts", "secops", "itops", "injects"};
    ScoreTime lo = 0, hi = std::max<ScoreTime>(k.duration_s, 1);
    // Start the axis near the first event when the quiet lead-in would take over a quarter of it.
    ScoreTime first = hi;
    for (const auto& e : r.events) first = std::min(first, e.t);
    if (first > hi / 4) lo = first - (first % kHourS) - kHourS;
    if (lo < 0) lo = 0;
    const int left = 130, right = 16, top = 40, lane_h = 40;
    const int plot_w = width - left - right;
    const int axis_y = top + lane_h * (int)lanes.size();
    const int height = axis_y + 34;
    auto X = [&](ScoreTime t) { return left + (double)plot_w * (double)(t - lo) / (double)(hi - lo); };
    std::ostringstream s;
    s << "<svg viewBox=\"0 0 " << width << " " << height << "\" width=\"" << width << "\" height=\"" << height
      << "\" role=\"img\" aria-label=\"Timeline of the exercise\">\n<title>Timeline: attacker stages against alerts, actions and injects</title>\n";
    for (size_t i = 0; i < lanes.size(); ++i) {
        const int y = top + lane_h * (int)i;
        s << "<rect x=\"" << left << "\" y=\"" << y << "\" width=\"" << plot_w << "\" height=\"" << lane_h << "\" fill=\""
          << (i % 2 ? "#ffffff" : "#f3f5f8") << "\"/>\n";
        s << "<text x=\"" << left - 8 << "\" y=\"" << y + lane_h / 2 + 4 << "\" font-size=\"14\" text-anchor=\"end\" fill=\"#1b1f24\">"
          << Lanes(lanes[i]) << "</text>\n";
    }
    // Axis ticks: a round step giving at most about 8 ticks.
    const ScoreTime steps[] = {600, 1800, 3600, 2 * 3600, 3 * 3600, 6 * 3600, 12 * 3600, kDayS, 2 * kDayS, 7 * kDayS, 14 * kDayS};
    ScoreTime step = steps[10];
    for (ScoreTime st : steps)
        if ((hi - lo) / st <= 8) { step = st; break; }
    for (ScoreTime t = ((lo + step - 1) / step) * step; t <= hi; t += step) {
        s << "<line x1=\"" << F1(X(t)) << "\" y1=\"" << top << "\" x2=\"" << F1(X(t)) << "\" y2=\"" << axis_y
          << "\" stroke=\"#d5d9df\" stroke-width=\"1\"/>\n";
        std::string label = t % kDayS == 0 ? "day " + std::to_string(t / kDayS) : FormatDuration(t).substr(0, FormatDuration(t).size() - 3);
        s << "<text x=\"" << F1(X(t)) << "\" y=\"" << axis_y + 15 << "\" font-size=\"13\" text-anchor=\"middle\" fill=\"#5b6470\">"
          << E(label) << "</text>\n";
    }
    s << "<line x1=\"" << left << "\" y1=\"" << axis_y << "\" x2=\"" << left + plot_w << "\" y2=\"" << axis_y
      << "\" stroke=\"#5b6470\" stroke-width=\"1\"/>\n";
    s << "<text x=\"" << left + plot_w << "\" y=\"" << axis_y + 30 << "\" font-size=\"10.5\" text-anchor=\"end\" fill=\"#5b6470\">exercise time (h:mm; day N = N x 24 h)</text>\n";
    const std::map<std::string, const char*> colour = {{"attacker", "#b3261e"}, {"alerts", "#c25e00"}, {"secops", "#1f5fa8"},
                                                       {"itops", "#2e7d32"}, {"injects", "#6a3d9a"}};
    for (const auto& e : r.events) {
        if (e.t < lo || e.t > hi) continue;
        const auto li = std::find(lanes.begin(), lanes.end(), e.lane) - lanes.begin();
        const double cy = top + lane_h * (double)li + lane_h / 2.0;
        const char* col = colour.at(e.lane);
        const std::string fill = e.strong ? col : "#ffffff";
        if (e.lane == "attacker")
            s << "<path d=\"M" << F1(X(e.t)) << " " << F1(cy - 7) << " l6 7 l-6 7 l-6 -7 z\" fill=\"" << fill << "\" stroke=\"" << col
              << "\" stroke-width=\"1.2\"><title>" << E(FormatDuration(e.t) + "  " + e.label) << "</title></path>\n";
        else if (e.lane == "injects")
            s << "<rect x=\"" << F1(X(e.t) - 5) << "\" y=\"" << F1(cy - 5) << "\" width=\"10\" height=\"10\" fill=\"" << fill << "\" stroke=\"" << col
              << "\" stroke-width=\"1.2\"><title>" << E(FormatDuration(e.t) + "  " + e.label) << "</title></rect>\n";
        else
            s << "<circle cx=\"" << F1(X(e.t)) << "\" cy=\"" << F1(cy) << "\" r=\"4.5\" fill=\"" << fill << "\" fill-opacity=\"0.8\" stroke=\""
              << col << "\" stroke-width=\"1.2\"><title>" << E(FormatDuration(e.t) + "  " + e.label) << "</title></circle>\n";
    }
    // Milestones: vertical dashed lines labelled above the lanes, staggered when close.
    const std::pair<const char*, std::optional<ScoreTime>> ms[] = {
        {"attack", k.attack_start_s}, {"detected", k.detected_at_s}, {"contained", k.contained_at_s}, {"recovered", k.recovered_at_s}};
    double last_x = -1000;
    int stagger = 0;
    for (const auto& [name, t] : ms) {
        if (!t || *t < lo || *t > hi) continue;
        const double x = X(*t);
        stagger = x - last_x < 170 ? (stagger + 1) % 2 : 0;
        last_x = x;
        s << "<line x1=\"" << F1(x) << "\" y1=\"" << top - 4 << "\" x2=\"" << F1(x) << "\" y2=\"" << axis_y
          << "\" stroke=\"#1b1f24\" stroke-width=\"1.2\" stroke-dasharray=\"4 3\"/>\n";
        s << "<text x=\"" << F1(x) << "\" y=\"" << (stagger ? top - 8 : top - 24) << "\" font-size=\"13\" text-anchor=\"middle\" fill=\"#1b1f24\">"
          << name << " " << E(FormatDuration(*t)) << "</text>\n";
    }
    s << "</svg>\n";
    return s.str();
}

std::string ReportHtml(const Report& r)
{
    const Scorecard& k = r.card;
    std::ostringstream h;
    const std::string title = "After-action report: " + (k.title.empty() ? k.scenario : k.title);
    h << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width\">\n<title>"
      << E(title) << "</title>\n<style>" << ReportCss() << "</style>\n</head>\n<body>\n";
    h << "<header>\n<h1>" << E(title) << "</h1>\n<p class=\"subtitle\">After-Action Report / Improvement Plan (HSEEP style), generated from the "
         "exercise journal by breachdrill "
      << BREACHDRILL_VERSION << "</p>\n</header>\n";

    // Overview
    h << "<section id=\"overview\">\n<h2 class=\"keep\">1. Exercise overview</h2>\n<dl class=\"overview\">\n";
    h << "<dt>Scenario</dt><dd>" << E(k.title) << " (<code>" << E(k.scenario) << "</code>)</dd>\n";
    h << "<dt>Date</dt><dd>" << (r.date.empty() ? std::string("not recorded") : E(r.date)) << "</dd>\n";
    h << "<dt>Organisation profile</dt><dd>" << E(k.org.empty() ? std::string("-") : k.org) << "</dd>\n";
    h << "<dt>Seed</dt><dd>" << (k.seed ? std::to_string(*k.seed) : std::string("-")) << "</dd>\n";
    h << "<dt>Estate</dt><dd>" << r.hosts << " hosts</dd>\n";
    h << "<dt>Exercise time</dt><dd>" << E(FormatDuration(k.duration_s)) << " (" << E(k.ended ? DescribeEndReason(k.end_reason) : "no end record")
      << ")</dd>\n";
    h << "<dt>State hash</dt><dd><code>" << E(k.state_hash.empty() ? std::string("-") : k.state_hash) << "</code></dd>\n</dl>\n";
    if (!r.summary_text.empty()) h << "<p>" << E(r.summary_text) << "</p>\n";
    h << "<h3>Participants by role</h3>\n<table>\n<thead><tr><th>team</th><th>role</th><th>played by</th><th class=\"num\">commands</th></tr></thead>\n<tbody>\n";
    if (r.participants.empty()) h << "<tr><td colspan=\"4\">No command was posted.</td></tr>\n";
    for (const auto& p : r.participants) {
        std::string who;
        for (const auto& i : p.issuers) who += (who.empty() ? "" : ", ") + i;
        h << "<tr><td>" << E(TeamLabel(p.team)) << "</td><td>" << E(p.role.empty() ? "lead" : p.role) << "</td><td>" << E(who)
          << "</td><td class=\"num\">" << p.commands << "</td></tr>\n";
    }
    h << "</tbody>\n</table>\n</section>\n";

    // Executive summary
    h << "<section id=\"summary\">\n<h2 class=\"keep\">2. Executive summary</h2>\n<div class=\"summary\">\n";
    for (const auto& s : r.executive_summary) h << "<p>" << E(s) << "</p>\n";
    h << "</div>\n";
    if (r.baseline) {
        h << "<h3>Against simulated teams</h3>\n<p class=\"note\">" << r.baseline->runs << " autopilot runs of the same scenario, "
          << E(r.baseline->org) << " profile, seeds 1.." << r.baseline->seeds
          << ". \"Beat\" counts the simulated teams that were slower or never got there (docs/reports.md).</p>\n<table>\n<thead><tr><th>figure</th>"
             "<th class=\"num\">this team</th><th class=\"num\">simulated median</th><th class=\"num\">beat</th><th>in words</th></tr></thead>\n<tbody>\n";
        for (const auto& l : r.baseline->lines) {
            const bool time = l.figure != "total";
            auto fmt = [&](const std::optional<double>& v) {
                if (!v) return std::string("never");
                return time ? FormatDuration((ScoreTime)std::llround(*v)) : FormatMoney(*v, k.impact.currency);
            };
            h << "<tr><td>" << E(l.figure == "total" ? "Total downtime cost" : FigureLabel(l.figure)) << "</td><td class=\"num\">" << E(fmt(l.mine))
              << "</td><td class=\"num\">" << E(fmt(l.median)) << "</td><td class=\"num\">" << F1(l.beat_percent) << "%</td><td>" << E(l.sentence)
              << "</td></tr>\n";
        }
        h << "</tbody>\n</table>\n";
    }
    h << "</section>\n";

    // Objectives
    h << "<section id=\"objectives\">\n<h2>3. Objectives and ratings</h2>\n";
    h << "<p class=\"note\">HSEEP ratings: <b>P</b> performed without challenges, <b>S</b> with some challenges, <b>M</b> with major "
         "challenges, <b>U</b> unable to be performed; <b>-</b> not rated automatically (the facilitator rates it). Each rule is stated "
         "beside the rating; docs/reports.md lists them all.</p>\n";
    if (!r.scenario_note.empty()) h << "<p class=\"note\"><b>Note:</b> " << E(r.scenario_note) << "</p>\n";
    h << "<table>\n<thead><tr><th>objective</th><th>rating</th><th>evidence from the journal</th></tr></thead>\n<tbody>\n";
    for (const auto& o : r.objectives) {
        h << "<tr><td>" << E(o.objective) << "<br><span class=\"note\">" << E(o.rule) << "</span></td><td><span class=\"rating "
          << RatingClass(o.rating) << "\" title=\"" << E(RatingLabel(o.rating)) << "\">" << E(o.rating) << "</span></td><td>";
        if (o.evidence.empty()) h << "<span class=\"note\">No evidence recorded.</span>";
        else {
            h << "<ul class=\"tight\">";
            for (const auto& e : o.evidence) h << "<li>" << E(e) << "</li>";
            h << "</ul>";
        }
        h << "</td></tr>\n";
    }
    h << "</tbody>\n</table>\n</section>\n";

    // Strengths and areas for improvement
    h << "<section id=\"analysis\">\n<h2 class=\"keep\">4. Strengths and areas for improvement</h2>\n<h3>Strengths</h3>\n";
    if (r.strengths.empty()) h << "<p class=\"note\">None found by the rules.</p>\n";
    else {
        h << "<ul class=\"tight\">\n";
        for (const auto& f : r.strengths)
            h << "<li><b>" << E(f.capability) << ":</b> " << E(f.text) << " <span class=\"note\">(" << E(f.evidence) << " " << E(f.id) << ")</span></li>\n";
        h << "</ul>\n";
    }
    h << "<h3>Areas for improvement</h3>\n";
    if (r.areas.empty()) h << "<p class=\"note\">None found by the rules.</p>\n";
    else {
        h << "<ul class=\"tight\">\n";
        for (const auto& f : r.areas)
            h << "<li><b>" << E(f.capability) << ":</b> " << E(f.text) << " <span class=\"note\">(" << E(f.evidence) << " " << E(f.id) << ")</span></li>\n";
        h << "</ul>\n";
    }
    h << "</section>\n";

    // Scorecard
    h << "<section id=\"scorecard\">\n<h2>5. Scorecard</h2>\n<p class=\"note\">Every figure is computed from the journal alone; "
         "the definitions are those of docs/scoring.md. Times are durations (h:mm:ss, or days) with the exact seconds.</p>\n";
    for (const auto& [group, rows] : FigureTable(k)) {
        h << "<h3>" << E(group) << "</h3>\n<table>\n<thead><tr><th>figure</th><th class=\"num\">value</th><th class=\"num\">seconds</th>"
             "<th>definition</th></tr></thead>\n<tbody>\n";
        for (const auto& row : rows)
            h << "<tr><td>" << E(row.name) << "</td><td class=\"num\">" << E(row.value) << "</td><td class=\"num\">" << E(row.seconds)
              << "</td><td>" << E(row.definition) << "</td></tr>\n";
        h << "</tbody>\n</table>\n";
    }
    h << "<h3>Downtime by service</h3>\n<table>\n<thead><tr><th>service</th><th class=\"num\">attacker</th><th class=\"num\">self-inflicted</th>"
         "<th class=\"num\">operations</th><th class=\"num\">cost</th></tr></thead>\n<tbody>\n";
    for (const auto& s : k.impact.downtime) {
        const double cost = (double)s.total_s() / 3600.0 * s.cost_per_hour;
        h << "<tr><td>" << E(s.name) << "</td><td class=\"num\">" << E(FormatDuration(s.attacker_s)) << "</td><td class=\"num\">"
          << E(FormatDuration(s.defender_s)) << "</td><td class=\"num\">" << E(FormatDuration(s.operations_s)) << "</td><td class=\"num\">"
          << E(FormatMoney(cost, k.impact.currency)) << "</td></tr>\n";
    }
    h << "</tbody>\n</table>\n";
    if (!k.warnings.empty()) {
        h << "<h3>Scoring warnings</h3>\n<ul class=\"tight\">\n";
        for (const auto& w : k.warnings) h << "<li>" << E(w) << "</li>\n";
        h << "</ul>\n";
    }
    h << "</section>\n";

    // Timeline
    h << "<section id=\"timeline\">\n<h2>6. Timeline</h2>\n<p class=\"note\">The attacker's techniques (diamonds; hollow: the attempt "
         "failed) against the alerts (filled: caused by the attacker; hollow: false alarm), each team's actions (hollow: failed) and the "
         "injects (hollow: the expected action was missed). Dashed lines: attack start, detection, containment, recovery.</p>\n";
    h << "<figure>\n" << TimelineSvg(r) << "</figure>\n";
    h << "<h3>Key moments</h3>\n<table>\n<thead><tr><th class=\"num\">exercise time</th><th>what happened</th></tr></thead>\n<tbody>\n";
    for (const auto& m : r.key_moments) h << "<tr><td class=\"num\">" << E(FormatDuration(m.t)) << "</td><td>" << E(m.label) << "</td></tr>\n";
    h << "</tbody>\n</table>\n";
    h << "<h3>Attacker stages and injects</h3>\n<table>\n<thead><tr><th class=\"num\">exercise time</th><th>lane</th><th>event</th></tr></thead>\n<tbody>\n";
    for (const auto& e : r.events)
        if ((e.lane == "attacker" && e.strong) || e.lane == "injects")
            h << "<tr><td class=\"num\">" << E(FormatDuration(e.t)) << "</td><td>" << E(Lanes(e.lane)) << "</td><td>" << E(e.label) << "</td></tr>\n";
    h << "</tbody>\n</table>\n</section>\n";

    // Compliance
    h << "<section id=\"compliance\">\n<h2 class=\"keep\">7. Compliance clocks</h2>\n<p class=\"note\">NIS2: early warning 24 h, notification "
         "72 h, final report 30 days from detection. GDPR Art. 33: notification 72 h from the later of detection and the first touch of "
         "personal data. Times are exercise times.</p>\n";
    h << "<table>\n<thead><tr><th>regime</th><th>obligation</th><th class=\"num\">clock started</th><th class=\"num\">deadline</th>"
         "<th class=\"num\">done</th><th>status</th></tr></thead>\n<tbody>\n";
    if (k.compliance.empty()) h << "<tr><td colspan=\"6\">The exercise tracked no regime.</td></tr>\n";
    for (const auto& e : k.compliance) {
        std::string status = ComplianceStatusLabel(e.status);
        if (e.status == ComplianceStatus::Missed && e.done_s && e.deadline_s) status += " (late by " + FormatDuration(*e.done_s - *e.deadline_s) + ")";
        h << "<tr><td>" << E(e.regime == "nis2" ? "NIS2" : e.regime == "gdpr" ? "GDPR" : e.regime) << "</td><td>" << E(e.obligation)
          << "</td><td class=\"num\">" << E(DurOr(e.clock_started_s)) << "</td><td class=\"num\">" << E(DurOr(e.deadline_s))
          << "</td><td class=\"num\">" << E(DurOr(e.done_s)) << "</td><td class=\"st-" << ComplianceStatusName(e.status) << "\">" << E(status)
          << "</td></tr>\n";
    }
    h << "</tbody>\n</table>\n</section>\n";

    // Improvement plan
    h << "<section id=\"plan\">\n<h2>8. Improvement plan</h2>\n<p class=\"note\">Prefilled from the areas for improvement (due: 30 days "
         "after the exercise); the facilitator edits or adds rows (breachdrill report --plan FILE). Rows marked * come from the facilitator.</p>\n";
    h << "<table>\n<thead><tr><th>area</th><th>capability</th><th>corrective action</th><th>owner role</th><th class=\"num\">due</th>"
         "<th>status</th></tr></thead>\n<tbody>\n";
    if (r.plan.empty()) h << "<tr><td colspan=\"6\">No area for improvement was found by the rules.</td></tr>\n";
    for (const auto& p : r.plan)
        h << "<tr><td class=\"nowrap\">" << E(p.area) << (p.facilitator ? " *" : "") << "</td><td>" << E(p.capability) << "</td><td>" << E(p.action) << "</td><td>"
          << E(p.owner) << "</td><td class=\"num\">" << (p.due.empty() ? "<span class=\"fill-in\">to set</span>" : E(p.due)) << "</td><td>"
          << (p.status.empty() ? "open" : E(p.status)) << "</td></tr>\n";
    h << "</tbody>\n</table>\n";
    if (!r.problems.empty()) {
        h << "<p class=\"note\">Plan rows not used:</p>\n<ul class=\"tight\">\n";
        for (const auto& p : r.problems) h << "<li>" << E(p) << "</li>\n";
        h << "</ul>\n";
    }
    h << "</section>\n";
    h << "<footer>Breachdrill " << BREACHDRILL_VERSION << ". Scenario " << E(r.scenario_ref) << ", seed "
      << (k.seed ? std::to_string(*k.seed) : "-") << ", " << E(k.org) << ": replay the journal with <code>breachdrill replay JOURNAL</code> "
         "to check the state hash.</footer>\n";
    h << "</body>\n</html>\n";
    return h.str();
}

// [SECTION] Markdown

namespace {

std::string Md(const std::string& s)
{
    std::string out;
    for (char c : s) {
        if (c == '|') out += "\\|";
        else if (c == '\n') out += ' ';
        else out += c;
    }
    return out;
}

} // namespace

std::string ReportMarkdown(const Report& r)
{
    const Scorecard& k = r.card;
    std::ostringstream m;
    m << "# After-action report: " << Md(k.title.empty() ? k.scenario : k.title) << "\n\n";
    m << "## 1. Exercise overview\n\n";
    m << "- Scenario: " << Md(k.title) << " (`" << k.scenario << "`)\n- Date: " << (r.date.empty() ? "not recorded" : r.date) << "\n";
    m << "- Organisation profile: " << k.org << "\n- Seed: " << (k.seed ? std::to_string(*k.seed) : "-") << "\n- Estate: " << r.hosts << " hosts\n";
    m << "- Exercise time: " << FormatDuration(k.duration_s) << " (" << (k.ended ? DescribeEndReason(k.end_reason) : "no end record") << ")\n";
    m << "- State hash: `" << (k.state_hash.empty() ? "-" : k.state_hash) << "`\n\n";
    m << "| team | role | played by | commands |\n|---|---|---|---:|\n";
    for (const auto& p : r.participants) {
        std::string who;
        for (const auto& i : p.issuers) who += (who.empty() ? "" : ", ") + i;
        m << "| " << TeamLabel(p.team) << " | " << (p.role.empty() ? "lead" : Md(p.role)) << " | " << Md(who) << " | " << p.commands << " |\n";
    }
    m << "\n## 2. Executive summary\n\n";
    for (const auto& s : r.executive_summary) m << s << "\n";
    if (r.baseline) {
        m << "\nAgainst " << r.baseline->runs << " simulated teams (" << r.baseline->org << "):\n\n";
        for (const auto& l : r.baseline->lines) m << "- " << l.sentence << "\n";
    }
    m << "\n## 3. Objectives and ratings\n\nP performed without challenges, S with some, M with major challenges, U unable to be performed; "
         "- not rated (the facilitator rates it).\n\n";
    if (!r.scenario_note.empty()) m << "Note: " << Md(r.scenario_note) << "\n\n";
    m << "| objective | rating | evidence |\n|---|:---:|---|\n";
    for (const auto& o : r.objectives) {
        std::string ev;
        for (const auto& e : o.evidence) ev += (ev.empty() ? "" : "<br>") + Md(e);
        m << "| " << Md(o.objective) << " | **" << o.rating << "** | " << ev << " |\n";
    }
    m << "\n## 4. Strengths and areas for improvement\n\n### Strengths\n\n";
    for (const auto& f : r.strengths) m << "- **" << f.capability << ":** " << f.text << " (" << f.evidence << " " << f.id << ")\n";
    if (r.strengths.empty()) m << "None found by the rules.\n";
    m << "\n### Areas for improvement\n\n";
    for (const auto& f : r.areas) m << "- **" << f.capability << ":** " << f.text << " (" << f.evidence << " " << f.id << ")\n";
    if (r.areas.empty()) m << "None found by the rules.\n";
    m << "\n## 5. Scorecard\n\n";
    for (const auto& [group, rows] : FigureTable(k)) {
        m << "### " << group << "\n\n| figure | value | seconds | definition |\n|---|---:|---:|---|\n";
        for (const auto& row : rows) m << "| " << Md(row.name) << " | " << Md(row.value) << " | " << row.seconds << " | " << Md(row.definition) << " |\n";
        m << "\n";
    }
    m << "## 6. Timeline\n\n| exercise time | what happened |\n|---:|---|\n";
    for (const auto& t : r.key_moments) m << "| " << FormatDuration(t.t) << " | " << Md(t.label) << " |\n";
    m << "\n| exercise time | lane | event |\n|---:|---|---|\n";
    for (const auto& e : r.events)
        if ((e.lane == "attacker" && e.strong) || e.lane == "injects") m << "| " << FormatDuration(e.t) << " | " << Lanes(e.lane) << " | " << Md(e.label) << " |\n";
    m << "\n## 7. Compliance clocks\n\n| regime | obligation | clock started | deadline | done | status |\n|---|---|---:|---:|---:|---|\n";
    for (const auto& e : k.compliance)
        m << "| " << e.regime << " | " << e.obligation << " | " << DurOr(e.clock_started_s) << " | " << DurOr(e.deadline_s) << " | "
          << DurOr(e.done_s) << " | " << ComplianceStatusLabel(e.status) << " |\n";
    m << "\n## 8. Improvement plan\n\n| area | capability | corrective action | owner role | due | status |\n|---|---|---|---|---|---|\n";
    for (const auto& p : r.plan)
        m << "| " << p.area << (p.facilitator ? " *" : "") << " | " << Md(p.capability) << " | " << Md(p.action) << " | " << Md(p.owner) << " | "
          << (p.due.empty() ? "to set" : p.due) << " | " << (p.status.empty() ? "open" : Md(p.status)) << " |\n";
    for (const auto& p : r.problems) m << "\n" << p << "\n";
    return m.str();
}

} // namespace bd
