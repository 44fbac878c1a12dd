// report_ratings.cpp: the objectives rated P/S/M/U (HSEEP). The objective's words choose the rule
// (RateObjective); each rule is one function that states itself in ObjectiveRating::rule and lists
// what the journal shows in ::evidence. docs/reports.md gives every rule to a manager.
//
// Index
//   [SECTION] What an objective names: time limits and services
//   [SECTION] Outages
//   [SECTION] The rules
//   [SECTION] Choosing the rule
#include "report_parts.h"

#include <algorithm>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <vector>

namespace bd::report_parts {

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

namespace {

// [SECTION] What an objective names: time limits and services

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

// [SECTION] Outages

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

// [SECTION] The rules

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
        o.evidence.push_back("The breach was never detected (attack started " + At(k, *k.attack_start_s) + ").");
    } else {
        const bool in_time = *k.time_to_detect_s <= limit;
        o.rating = !in_time ? "M" : k.alerts.true_alerts_triaged_as_false > 0 ? "S" : "P";
        o.evidence.push_back("Detected " + At(k, *k.detected_at_s) + " by " + TeamLabel(k.detected_by) + " (" +
                             (k.detected_how == "triage_alert" ? "a real alert triaged as real" : "incident declared naming a compromised host") +
                             "), " + Dur(*k.time_to_detect_s) + " after the attack started; limit " + Dur(limit) + ".");
    }
    if (k.alerts.true_alerts_triaged_as_false > 0)
        o.evidence.push_back(CountOf(k.alerts.true_alerts_triaged_as_false, "real alert") + " dismissed as false positives.");
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
        o.evidence.push_back(CountOf(k.impact.hosts_encrypted, "host") + " encrypted" +
                             (c.first_encryption ? ", the first " + At(k, *c.first_encryption) : "") + ".");
    } else {
        o.kind = "contain";
        o.rule = "P: contained within 24 h of detection; S: within 72 h; M: later; U: not contained at the end.";
        if (!contained) o.rating = "U";
        else if (!k.time_to_contain_s) o.rating = "M"; // contained, but never detected: luck, not response
        else o.rating = *k.time_to_contain_s <= kDayS ? "P" : *k.time_to_contain_s <= 3 * kDayS ? "S" : "M";
    }
    if (contained)
        o.evidence.push_back("Attacker contained " + At(k, *k.contained_at_s) +
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
    o.evidence.push_back("Longest outage: " + worst->service + " down " + At(c.card, worst->from) + " for " + Dur(longest) +
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
        o.evidence.push_back(out.service + " down " + At(c.card, out.from) + (out.ongoing ? ", still down at the end" : " for " + Dur(len)) + ".");
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
        if (m.kind == "exfiltration") o.evidence.push_back(When(c.card, m.t) + ": " + m.label);
}

// The obligations a compliance objective names, as (regime, obligation) pairs; empty: all. Each
// obligation the text names binds to the regimes named just before it ("the NIS2 early warning and
// the GDPR notification": NIS2 early warning, GDPR notification; "the NIS2 and GDPR
// notifications": both notifications); a regime named with no obligation after it stands for all
// of its obligations; obligations named with no regime bind to every regime ("the early warning").
struct NamedObligation {
    std::string regime, obligation; // regime "" = every regime
};
std::vector<NamedObligation> NamedObligations(const std::string& lower)
{
    static const std::regex re(R"(nis\s?2|gdpr|early[ -]warning|notification|final[ -]report)");
    std::vector<NamedObligation> out;
    std::vector<std::string> group; // the regimes the next obligation binds to
    bool group_bound = false;       // an obligation already followed the group
    auto close_group = [&] {
        if (!group_bound)
            for (const auto& g : group) out.push_back({g, ""});
        group.clear();
        group_bound = false;
    };
    for (auto it = std::sregex_iterator(lower.begin(), lower.end(), re); it != std::sregex_iterator(); ++it) {
        const std::string w = it->str();
        if (w.rfind("nis", 0) == 0 || w == "gdpr") {
            if (group_bound) close_group();
            group.push_back(w == "gdpr" ? "gdpr" : "nis2");
            continue;
        }
        const std::string ob = w[0] == 'e' ? "early_warning" : w[0] == 'n' ? "notification" : "final_report";
        if (group.empty()) out.push_back({"", ob});
        for (const auto& g : group) out.push_back({g, ob});
        group_bound = !group.empty();
    }
    close_group();
    return out;
}

bool Names(const std::vector<NamedObligation>& named, const ComplianceEntry& e)
{
    if (named.empty()) return true;
    for (const auto& n : named)
        if ((n.regime.empty() || n.regime == e.regime) && (n.obligation.empty() || n.obligation == e.obligation)) return true;
    return false;
}

void RateCompliance(const Context& c, ObjectiveRating& o, const std::string& lower)
{
    o.kind = "compliance";
    o.rule = "Over the obligations the objective names (all, if none named) whose clock started: P all met; S none missed "
             "(some still open at the end); M some missed, some met; U all missed. A notification sent before its clock "
             "started does not count.";
    const auto named = NamedObligations(lower);
    std::vector<ComplianceEntry> relevant;
    for (const auto& e : c.card.compliance) {
        if (!Names(named, e)) continue;
        relevant.push_back(e);
        std::string line = ObligationLabel(e.regime, e.obligation) + ": " + ComplianceStatusLabel(e.status);
        if (e.deadline_s) line += ", due " + When(c.card, *e.deadline_s);
        if (e.done_s) line += ", sent " + When(c.card, *e.done_s);
        if (e.sent_before_clock_s)
            line += ", one sent " + When(c.card, *e.sent_before_clock_s) + " before the clock " +
                    (e.clock_started_s ? "started (" + When(c.card, *e.clock_started_s) + ") does not count" : "started does not count");
        o.evidence.push_back(line + ".");
    }
    const ComplianceTally n = TallyCompliance(relevant);
    if (relevant.empty()) {
        o.rating = "-";
        o.evidence.push_back("The exercise tracked none of the regimes named.");
    } else if (n.started == 0) {
        o.rating = "-";
        o.evidence.push_back(c.card.detected_at_s ? "No clock started (no personal data was touched)."
                                                  : "No clock started: the breach was never detected (which the detection objective rates).");
    } else if (n.missed == 0) {
        o.rating = n.open ? "S" : "P";
    } else {
        o.rating = n.met > 0 ? "M" : "U";
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
    o.evidence.push_back(CountOf(enc, "host") + " encrypted, " + FormatCount(enc - still) + " restored by the end.");
    if (c.card.recovered_at_s) o.evidence.push_back("Business recovered " + At(c.card, *c.card.recovered_at_s) + ".");
}

// Inject outcomes that name an objective: evidence for it, and its rating when no rule applies.
void AddInjectEvidence(const std::vector<json>& records, const Scorecard& k, ObjectiveRating& o)
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
        if (ok) line += "taken" + (Int(r, "command_t") ? " " + At(k, *Int(r, "command_t")) : std::string()) + ".";
        else line += "not taken by " + When(k, Int(r, "at").value_or(0)) + ".";
        o.evidence.push_back(line);
    }
    if (o.kind == "none" && met + missed > 0) {
        o.kind = "injects";
        o.rule = "From the injects that test this objective: P every expected action taken; S more than half; M some; U none.";
        o.rating = missed == 0 ? "P" : met * 2 > met + missed ? "S" : met > 0 ? "M" : "U";
    }
}

} // namespace

// [SECTION] Choosing the rule

// The rule an objective's words choose (docs/reports.md, "Which rule rates an objective"), in its order.
std::string ChooseRule(const std::string& t, bool names_service)
{
    if (Has(t, "nis2") || Has(t, "gdpr") || Has(t, "deadline") || Has(t, "notif")) return "compliance";
    if (Has(t, "exfiltrat") || ((Has(t, "prevent") || Has(t, "stop")) &&
                                (Has(t, "download") || Has(t, "upload") || Has(t, "theft") || Has(t, "data") || Has(t, "leak"))))
        return "exfiltration";
    if (Has(t, "contain") || Has(t, "evict") || Has(t, "remove the attacker")) return Has(t, "encrypt") ? "contain_before_encryption" : "contain";
    if ((Has(t, "recover") || Has(t, "restore")) && (Has(t, "encrypt") || Has(t, "backup") || Has(t, "host"))) return "recover_hosts";
    if ((Has(t, "restore") || Has(t, "recover")) && names_service) return "restore_service";
    if (Has(t, "self-inflicted") || Has(t, "outage") || (Has(t, "keep") && Has(t, "running"))) return "availability";
    if (Has(t, "detect") || Has(t, "spot")) return "detect";
    return "none";
}

ObjectiveRating RateObjective(const Context& c, const std::string& text)
{
    ObjectiveRating o;
    o.objective = text;
    o.kind = "none";
    o.rating = "-";
    const std::string t = Lower(text);
    const auto named = NamedServices(text, c.services);
    const std::string rule = ChooseRule(t, !named.empty());
    if (rule == "compliance") RateCompliance(c, o, t);
    else if (rule == "exfiltration") RateExfiltration(c, o, Has(t, "personal") || Has(t, "customer"));
    else if (rule == "contain" || rule == "contain_before_encryption") RateContain(c, o, Has(t, "encrypt"));
    else if (rule == "recover_hosts") RateRecoverHosts(c, o);
    else if (rule == "restore_service") RateRestoreService(c, o, LimitIn(t, 4 * kHourS), named);
    else if (rule == "availability") RateAvailability(c, o, LimitIn(t, 4 * kHourS), Has(t, "self-inflicted"), named);
    else if (rule == "detect") RateDetect(c, o, LimitIn(t, 24 * kHourS));
    AddInjectEvidence(c.records, c.card, o);
    if (o.kind == "none") {
        o.rule = "No automatic rule matches this objective and no inject measured it: the facilitator rates it.";
    }
    return o;
}

} // namespace bd::report_parts

namespace bd {

std::string ObjectiveRule(const std::string& objective, const std::vector<std::pair<std::string, std::string>>& services)
{
    std::vector<report_parts::ServiceInfo> infos;
    for (const auto& [id, name] : services) infos.push_back({id, name});
    return report_parts::ChooseRule(report_parts::Lower(objective), !report_parts::NamedServices(objective, infos).empty());
}

} // namespace bd
