// editor_schema.cpp: what the editor knows of the scenario format (editor_model.h): its tables and
// forms (a column per field of docs/authoring.md), the values a choice offers, time spans as planners
// write them (`D+0 H+2 M+30`), and the one-line summaries of a `when`, an `expected` and a target.
//
// [SECTION] index: the tables; choices; spans; summaries; where an id is used.
#include "editor_model.h"

#include "editor_parts.h"
#include "core/story_clock.h"
#include "msel_import.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace bdui {

// [SECTION] The tables

namespace {

const std::vector<std::string> kEditorHostKinds = {"workstation", "server", "domain_controller", "database",
                                                   "web",         "backup", "mail",              "cloud"};
const std::vector<std::string> kEditorTeams = {"itops", "secops"};

std::vector<std::string> EditorStageActions()
{
    std::vector<std::string> out;
    for (int i = 0; i <= (int)bd::StageAction::Impact; ++i) out.push_back(bd::StageActionName((bd::StageAction)i));
    return out;
}

#define BD_SPAN_HELP "; typed D+1 H+4 M+30, 02:30 (hours:minutes), 1d 04:00:00 or seconds"

// The forms: objects of the document, a field a line.
std::vector<EditorTable> BuildEditorForms()
{
    using K = CellKind;
    using F = ChoiceFrom;
    const std::vector<std::string> none;
    return {
        {"Scenario", "/metadata", "Scenario",
         {{"id", "id", K::Text, none, F::Fixed, 0, "the scenario's id (journals name it; required)"},
          {"title", "title", K::Text, none, F::Fixed, 0, "shown in the app and the report (required)"},
          {"summary", "summary", K::LongText, none, F::Fixed, 0, "one paragraph for the scenario list"},
          {"briefing", "briefing", K::LongText, none, F::Fixed, 0, "what the players are told at the start"},
          {"facilitator_notes", "facilitator notes", K::LongText, none, F::Fixed, 0, "ground truth and hints, for the facilitator only"},
          {"currency", "currency", K::Text, none, F::Fixed, 0, "of every cost (default EUR)"},
          {"duration_s", "duration", K::Span, none, F::Fixed, 0, "the exercise stops here at the latest (default 7 days)" BD_SPAN_HELP},
          {"start", "story starts", K::Text, none, F::Fixed, 0, "a weekday and a time of day: Mon 08:00 (none: only elapsed time is shown)"},
          {"regimes", "regimes", K::List, none, F::Fixed, 0, "the compliance clocks that run: nis2, gdpr"}},
         true},
        {"The attacker", "/campaign", "Scenario",
         {{"seeded", "seeded", K::Bool, none, F::Fixed, 0, "off: a fixed story (each stage takes the first matching host); on: the seed picks"},
          {"start_s", "starts at", K::Span, none, F::Fixed, 0, "when the first stage starts (default 0)" BD_SPAN_HELP},
          {"c2_indicators", "C2 indicators", K::List, none, F::Fixed, 0, "domains / IPs of the C2 channel, in order of use"},
          {"c2_rebuild_s", "C2 rebuilt in", K::Span, none, F::Fixed, 0, "how long a new C2 channel takes after a block (default 6 h)" BD_SPAN_HELP},
          {"max_reentries", "re-entries", K::Int, none, F::Fixed, 0, "fresh initial-access attempts after losing every foothold (default 2)"},
          {"off_hours", "off hours", K::Json, none, F::Fixed, 0, "{\"share\": 0.8, \"actions\": [\"impact\"]}: waits for the night (needs the story start)"}},
         true},
    };
}

std::vector<EditorTable> BuildEditorTables()
{
    using K = CellKind;
    using F = ChoiceFrom;
    const std::vector<std::string> none;
    std::vector<EditorTable> tables = BuildEditorForms();
    std::vector<EditorTable> more = {
        {"Zones", "/infrastructure/zones", "Estate",
         {{"id", "id", K::Text, none, F::Fixed, 110, "unique; flows, hosts and targets name it"},
          {"name", "name", K::Text, none, F::Fixed, 160, "shown to players (default: the id)"},
          {"internet", "internet", K::Bool, none, F::Fixed, 60, "the outside world, where the attacker starts (at least one zone)"},
          {"sensors", "network sensors", K::List, none, F::Fixed, 0, "sensor type ids watching every host of the zone"}}},
        {"Flows", "/infrastructure/flows", "Estate",
         {{"0", "from zone", K::Choice, none, F::Zones, 140, "hosts in this zone may open connections ..."},
          {"1", "to zone", K::Choice, none, F::Zones, 140, "... to hosts in this zone (one way)"}}},
        {"Hosts", "/infrastructure/hosts", "Estate",
         {{"id", "id", K::Text, none, F::Fixed, 100, "unique among hosts and group prefixes"},
          {"zone", "zone", K::Choice, none, F::Zones, 90, "a zone id"},
          {"kind", "kind", K::Choice, kEditorHostKinds, F::Fixed, 120, "workstation, server, domain_controller, ... (default server)"},
          {"os", "os", K::Text, none, F::Fixed, 70, "free text (default windows)"},
          {"criticality", "crit.", K::Int, none, F::Fixed, 40, "1..5, 5 = critical (default 1)"},
          {"production", "prod.", K::Bool, none, F::Fixed, 40, "changes need ITOps and a change approval (default: yes unless a workstation)"},
          {"owner", "owner", K::Choice, kEditorTeams, F::Fixed, 80, "itops or secops (default itops)"},
          {"vulns", "vulnerabilities", K::List, none, F::Fixed, 130, "unpatched vulnerability ids"},
          {"sensors", "sensors", K::List, none, F::Fixed, 110, "sensor type ids on the host"},
          {"backup", "backup", K::Bool, none, F::Fixed, 50, "a backup exists (restore_host needs one)"},
          {"user", "user", K::Choice, none, F::Identities, 0, "the identity working at it: the target of a phish"}}},
        {"Host groups", "/infrastructure/host_groups", "Estate",
         {{"prefix", "prefix", K::Text, none, F::Fixed, 80, "hosts are named prefix-001, prefix-002, ..."},
          {"count", "count", K::Int, none, F::Fixed, 55, "how many hosts (before --size scales them)"},
          {"scalable", "scalable", K::Bool, none, F::Fixed, 55, "--size scales this group"},
          {"zone", "zone", K::Choice, none, F::Zones, 90, "a zone id"},
          {"kind", "kind", K::Choice, kEditorHostKinds, F::Fixed, 110, "as for hosts (default workstation)"},
          {"criticality", "crit.", K::Int, none, F::Fixed, 40, "1..5, as for hosts (default 1)"},
          {"production", "prod.", K::Bool, none, F::Fixed, 40, "changes need ITOps and a change approval (default: yes unless the kind is workstation)"},
          {"backup", "backup", K::Bool, none, F::Fixed, 50, "every host of the group has a backup"},
          {"vulns", "vulnerabilities", K::Json, none, F::Fixed, 190, "[\"CVE-...\"] or [{\"id\": \"CVE-...\", \"prob\": 0.3}]"},
          {"sensors", "sensors", K::Json, none, F::Fixed, 170, "[\"edr\"] or [{\"id\": \"edr\", \"prob\": 0.85}]"},
          {"user_per_host", "user per host", K::Bool, none, F::Fixed, 0, "an identity u-<host> for each host, cached there"}}},
        {"Sensor types", "/infrastructure/sensor_types", "Sensors and vulnerabilities",
         {{"id", "id", K::Text, none, F::Fixed, 100, "unique; hosts and zones list it"},
          {"name", "name", K::Text, none, F::Fixed, 150, "shown to players (default: the id)"},
          {"team", "team", K::Choice, kEditorTeams, F::Fixed, 80, "whose tool receives its alerts (default secops)"},
          {"observes", "observes (data components)", K::List, none, F::Fixed, 200, "ATT&CK data components it sees: DC0032, DC0064, ..."},
          {"detect_prob", "detect", K::Number, none, F::Fixed, 50, "chance of an alert per technique run it can see, 0..1 (default 0.5)"},
          {"delay_s", "alert delay", K::Span, none, F::Fixed, 90, "median delay from the activity to the alert (default 5 min)" BD_SPAN_HELP},
          {"fp_per_day", "FP / day", K::Number, none, F::Fixed, 55, "false positives per day per instance (default 0)"},
          {"symptoms", "symptoms", K::Bool, none, F::Fixed, 70, "a monitoring sensor: reports symptoms (disk filling, service down), not techniques"},
          {kEditorUsesKey, "on", K::Uses, none, F::Fixed, 0, "the hosts, host groups and zones that carry it (from their sensors lists)"}}},
        {"Vulnerabilities", "/infrastructure/vulnerabilities", "Sensors and vulnerabilities",
         {{"id", "id", K::Text, none, F::Fixed, 130, "a CVE id or a scenario-local name; hosts list it"},
          {"software", "software", K::Text, none, F::Fixed, 170, "what is affected"},
          {"disclosed_at_s", "disclosed at", K::Span, none, F::Fixed, 90,
           "scenario time of public disclosure; negative (-D+2): already public at the start. Exploitable only from then on" BD_SPAN_HELP},
          {"remote", "remote", K::Bool, none, F::Fixed, 55, "exploitable over the network: the attacker takes the host without a credential (default yes)"},
          {"patch_fail_prob", "patch fails", K::Number, none, F::Fixed, 70, "chance that patching fails and takes the host down, 0..1 (default 0)"},
          {kEditorUsesKey, "on", K::Uses, none, F::Fixed, 0, "the hosts and host groups that have it unpatched (from their vulnerabilities lists)"}}},
        {"Identities", "/identities", "People and business",
         {{"id", "id", K::Text, none, F::Fixed, 110, "unique"},
          {"name", "name", K::Text, none, F::Fixed, 150, "default: the id"},
          {"privilege", "privilege", K::Choice, {"user", "local_admin", "server_admin", "domain_admin"}, F::Fixed, 110, "where it is admin (docs/authoring.md, section 6)"},
          {"cached_on", "cached on", K::Json, none, F::Fixed, 210, "host ids, group prefixes, or {\"group\": \"ws\", \"prob\": 0.1}"},
          {"admin_on", "admin on", K::List, none, F::Fixed, 120, "host ids and group prefixes, besides its privilege"},
          {"remote_access", "remote", K::Bool, none, F::Fixed, 0, "usable from the internet (VPN): a stolen copy lets the attacker back in"}}},
        {"Services", "/services", "People and business",
         {{"id", "id", K::Text, none, F::Fixed, 100, "unique"},
          {"name", "name", K::Text, none, F::Fixed, 150, "default: the id"},
          {"depends_on", "depends on", K::List, none, F::Fixed, 160, "host ids: up only while all of them are usable"},
          {"standby", "standby", K::List, none, F::Fixed, 100, "host ids failover_service moves it to"},
          {"cost_per_hour", "cost / hour", K::Number, none, F::Fixed, 80, "downtime cost in the scenario's currency"},
          {"owner", "owner", K::Choice, kEditorTeams, F::Fixed, 0, "itops or secops (default itops)"}}},
        {"Data stores", "/data_stores", "People and business",
         {{"id", "id", K::Text, none, F::Fixed, 110, "unique"},
          {"name", "name", K::Text, none, F::Fixed, 170, "default: the id"},
          {"host", "host", K::Choice, none, F::Hosts, 110, "where the data lives"},
          {"records", "records", K::Int, none, F::Fixed, 80, "how many records"},
          {"personal_data", "personal data", K::Bool, none, F::Fixed, 0, "a theft is a GDPR personal-data breach"}}},
        {"Campaign stages", "/campaign/stages", "Campaign",
         {{"name", "name", K::Text, none, F::Fixed, 230, "what the facilitator sees (default: the technique's name)"},
          {"technique", "technique", K::Text, none, F::Fixed, 85, "an ATT&CK Enterprise v18.1 id: T1566.001"},
          {"action", "action", K::Choice, EditorStageActions(), F::Fixed, 160, "what the engine changes when it succeeds"},
          {"target", "target", K::Json, none, F::Fixed, 150, "{\"kind\": \"workstation\"}, {\"host\": \"fs-01\"}, {\"store\": \"hr\"}; empty: the foothold"},
          {"duration/median_s", "takes", K::Span, none, F::Fixed, 90, "one attempt takes a log-normal time with this median (duration.median_s, default 10 min)" BD_SPAN_HELP},
          {"duration/sigma", "spread", K::Number, none, F::Fixed, 50, "the sigma of the log of the duration, 0..5 (default 0.5)"},
          {"success_prob", "success", K::Number, none, F::Fixed, 55, "per attempt, 0..1 (default 0.9)"},
          {"quiet_after_s", "quiet after", K::Span, none, F::Fixed, 90, "the attacker lies low this long after the stage (default 0)" BD_SPAN_HELP},
          {"max_attempts", "attempts", K::Int, none, F::Fixed, 60, "then the stage is skipped (default 5)"}}},
        {"Injects (MSEL)", "/injects", "MSEL",
         {{"number", "#", K::Int, none, F::Fixed, 40, "the inject number, unique"},
          {"time_s", "time", K::Span, none, F::Fixed, 90, "deliver at this scenario time ..." BD_SPAN_HELP},
          {"when", "when", K::Json, none, F::Fixed, 270, "... or when a condition comes true: {\"stage\": \"...\", \"delay_s\": 600}, {\"after\": 2}, {\"unless\": {...}}"},
          {"manual", "manual", K::Bool, none, F::Fixed, 50, "only the facilitator fires it"},
          {"team", "team", K::Choice, {"itops", "secops", "facilitator", "all"}, F::Fixed, 70, "the intended players (default all)"},
          {"role", "role", K::Text, none, F::Fixed, 80, "the intended role in that team: service_desk, soc_manager, ... (docs/commands.md)"},
          {"synopsis", "synopsis", K::Text, none, F::Fixed, 190, "one line for the MSEL"},
          {"text", "text", K::LongText, none, F::Fixed, 190, "the inject as the players receive it"},
          {"expected", "expected", K::Json, none, F::Fixed, 160, "{\"kind\": \"notify_authority\", \"value\": \"gdpr\"}"},
          {"expect_within_s", "within", K::Span, none, F::Fixed, 90, "how long after delivery the expected action may come (default 4 h)" BD_SPAN_HELP},
          {"objective", "objective", K::Choice, none, F::Objectives, 130, "one of the objectives"},
          {"contingency", "cont.", K::Int, none, F::Fixed, 40, "the inject number delivered when the expected action is missed"},
          {"notes", "notes", K::LongText, none, F::Fixed, 0, "for the controller (the MSEL's notes column)"}}},
        {"Objectives", "/metadata/objectives", "Objectives",
         {{"", "objective", K::Text, none, F::Fixed, 0, "rated P/S/M/U in the after-action report by its wording (docs/reports.md)"}}},
    };
    for (auto& t : more) tables.push_back(std::move(t));
    return tables;
}

#undef BD_SPAN_HELP

} // namespace

const std::vector<EditorTable>& EditorTables()
{
    static const std::vector<EditorTable> tables = BuildEditorTables();
    return tables;
}

const EditorTable* FindEditorTable(const std::string& name)
{
    for (const auto& t : EditorTables())
        if (name == t.name) return &t;
    return nullptr;
}

const EditorTable* EditorTableOf(const std::string& pointer)
{
    const EditorTable* best = nullptr;
    for (const auto& t : EditorTables()) {
        const std::string p = t.pointer;
        if ((pointer == p || pointer.rfind(p + "/", 0) == 0) && (!best || p.size() > std::string(best->pointer).size())) best = &t;
    }
    return best;
}

// [SECTION] Choices

const OJson* EditorAt(const OJson& doc, const std::string& pointer)
{
    try {
        const OJson::json_pointer p(pointer);
        return doc.contains(p) ? &doc.at(p) : nullptr;
    } catch (const std::exception&) {
        return nullptr;
    }
}

void EditorIdsOf(const OJson& doc, const char* pointer, const char* key, std::vector<std::string>& out)
{
    const OJson* a = EditorAt(doc, pointer);
    if (!a || !a->is_array()) return;
    for (const auto& row : *a)
        if (row.is_object() && row.contains(key) && row[key].is_string()) out.push_back(row[key].get<std::string>());
}

std::string EditorTrim(const std::string& s)
{
    const size_t a = s.find_first_not_of(" \t\r\n");
    if (a == std::string::npos) return "";
    return s.substr(a, s.find_last_not_of(" \t\r\n") - a + 1);
}

std::vector<std::string> ChoiceValues(const OJson& doc, const EditorColumn& column)
{
    std::vector<std::string> out;
    switch (column.from) {
    case ChoiceFrom::Fixed: return column.choices;
    case ChoiceFrom::Zones: EditorIdsOf(doc, "/infrastructure/zones", "id", out); break;
    case ChoiceFrom::Hosts: EditorIdsOf(doc, "/infrastructure/hosts", "id", out); break;
    case ChoiceFrom::Identities: EditorIdsOf(doc, "/identities", "id", out); break;
    case ChoiceFrom::Objectives:
        if (const OJson* o = EditorAt(doc, "/metadata/objectives"); o && o->is_array())
            for (const auto& s : *o)
                if (s.is_string()) out.push_back(s.get<std::string>());
        break;
    }
    return out;
}

// [SECTION] Spans

std::string FormatEditorSpan(long long seconds)
{
    if (seconds < 0) return "-" + FormatEditorSpan(-seconds);
    if (seconds == 0) return "D+0";
    const long long d = seconds / 86400, h = seconds % 86400 / 3600, m = seconds % 3600 / 60, s = seconds % 60;
    std::string out;
    auto part = [&](long long n, const char* unit) {
        if (n) out += (out.empty() ? "" : " ") + std::string(unit) + "+" + std::to_string(n);
    };
    part(d, "D");
    part(h, "H");
    part(m, "M");
    part(s, "S");
    return out;
}

bool ParseEditorSpan(const std::string& text, long long& seconds)
{
    std::string t = EditorTrim(text);
    bool negative = false;
    if (!t.empty() && t.front() == '-') {
        negative = true;
        t = EditorTrim(t.substr(1));
    }
    if (t.empty()) return false;
    long long v = 0;
    if (std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        if (t.size() > 15) return false;
        v = std::stoll(t); // a plain number: seconds, as the file writes it
    } else if (!bd::ParseMselSpan(t, v)) {
        return false;
    }
    seconds = negative ? -v : v;
    return true;
}

std::string HumanEditorSpan(long long seconds)
{
    if (seconds < 0) return "-" + HumanEditorSpan(-seconds);
    if (seconds == 0) return "0 min";
    const long long d = seconds / 86400, h = seconds % 86400 / 3600, m = seconds % 3600 / 60, s = seconds % 60;
    std::string out;
    auto part = [&](long long n, const char* unit) {
        if (n) out += (out.empty() ? "" : " ") + std::to_string(n) + " " + unit;
    };
    part(d, "d");
    part(h, "h");
    part(m, "min");
    part(s, "s");
    return out;
}

std::string EditorMoment(const OJson& doc, long long t)
{
    const OJson* start = EditorAt(doc, "/metadata/start");
    return bd::StoryClock::Named(start && start->is_string() ? start->get<std::string>() : "").At(t);
}

// [SECTION] Summaries

namespace {

std::string EditorQuoted(const OJson& v) { return v.is_string() ? "'" + v.get<std::string>() + "'" : v.dump(); }

std::string EditorSpanOf(const OJson& v) { return v.is_number_integer() ? HumanEditorSpan(v.get<long long>()) : v.dump(); }

// "notify_authority gdpr on web-01 by secops": a command pattern (an `expected`, a `command`, an `unless`).
std::string EditorCommandSummary(const OJson& c)
{
    if (!c.is_object() || !c.contains("kind")) return c.dump();
    std::string out = c["kind"].is_string() ? c["kind"].get<std::string>() : c["kind"].dump();
    if (c.contains("value")) out += " " + (c["value"].is_string() ? c["value"].get<std::string>() : c["value"].dump());
    if (c.contains("target")) out += " on " + (c["target"].is_string() ? c["target"].get<std::string>() : c["target"].dump());
    if (c.contains("team")) out += " by " + (c["team"].is_string() ? c["team"].get<std::string>() : c["team"].dump());
    for (const auto& [k, _] : c.items())
        if (k != "kind" && k != "value" && k != "target" && k != "team" && k != "by_s") return c.dump(); // a key it does not know: as written
    return out;
}

std::string EditorStageName(const OJson& doc, const OJson& stage)
{
    if (stage.is_string()) return "stage " + EditorQuoted(stage);
    if (!stage.is_number_integer()) return "stage " + stage.dump();
    const long long i = stage.get<long long>();
    const OJson* stages = EditorAt(doc, "/campaign/stages");
    std::string out = "stage " + std::to_string(i + 1);
    if (stages && stages->is_array() && i >= 0 && (size_t)i < stages->size() && (*stages)[(size_t)i].is_object() &&
        (*stages)[(size_t)i].contains("name") && (*stages)[(size_t)i]["name"].is_string())
        out += " " + EditorQuoted((*stages)[(size_t)i]["name"]);
    return out + " (index " + std::to_string(i) + ")";
}

// One condition of a `when` (or of its all / any), without the delay.
std::string EditorCondition(const OJson& doc, const OJson& w, int depth)
{
    if (!w.is_object() || depth > 6) return w.dump();
    std::vector<std::string> parts;
    for (const auto& [k, v] : w.items()) {
        if (k == "delay_s") continue;
        if (k == "after") parts.push_back("after inject " + v.dump());
        else if (k == "stage") parts.push_back("after " + EditorStageName(doc, v));
        else if (k == "command") parts.push_back("after " + EditorCommandSummary(v));
        else if (k == "unless") {
            const bool by_time = v.is_object() && v.contains("by_s") && v["by_s"].is_number_integer();
            std::string by = by_time ? " by " + EditorMoment(doc, v["by_s"].get<long long>()) : "";
            parts.push_back("no " + EditorCommandSummary(v) + by);
        } else if (k == "time_s") parts.push_back("from " + (v.is_number_integer() ? EditorMoment(doc, v.get<long long>()) : v.dump()));
        else if ((k == "all" || k == "any") && v.is_array()) {
            std::string list;
            for (const auto& c : v) list += (list.empty() ? "" : "; ") + EditorCondition(doc, c, depth + 1);
            parts.push_back(k + " of [" + list + "]");
        } else {
            return w.dump(); // a form it does not know: as written
        }
    }
    if (parts.empty()) return w.dump();
    std::string out;
    for (const auto& p : parts) out += (out.empty() ? "" : " and ") + p;
    return out;
}

std::string EditorTargetSummary(const OJson& t)
{
    if (!t.is_object()) return t.dump();
    if (t.empty()) return "the foothold";
    std::string out;
    for (const auto& [k, v] : t.items()) {
        std::string value = v.is_string() ? v.get<std::string>() : v.dump();
        if (k == "kind" && v.is_array()) {
            value.clear();
            for (const auto& x : v) value += (value.empty() ? "" : " or ") + (x.is_string() ? x.get<std::string>() : x.dump());
        }
        if (k == "host" || k == "kind" || k == "zone" || k == "os" || k == "store") out += (out.empty() ? "" : ", ") + k + " " + value;
        else if (k == "count") out += (out.empty() ? "" : ", ") + std::string("at most ") + value + (value == "0" ? " (all)" : "");
        else return t.dump();
    }
    return out;
}

// A host group's vulns or sensors, an identity's cached_on: "edr on 85 % of the hosts, nids".
std::string EditorShareList(const OJson& v, const char* id_key)
{
    if (!v.is_array()) return v.dump();
    std::string out;
    for (const auto& item : v) {
        std::string one;
        if (item.is_string()) one = item.get<std::string>();
        else if (item.is_object() && item.contains(id_key) && item[id_key].is_string() && item.size() <= 2 &&
                 (item.size() == 1 || (item.contains("prob") && item["prob"].is_number()))) {
            one = item[id_key].get<std::string>();
            if (item.contains("prob")) {
                const double pct = item["prob"].get<double>() * 100;
                char buf[32];
                std::snprintf(buf, sizeof buf, "%g", std::round(pct * 10) / 10);
                one += std::string(" on ") + buf + " % of the hosts";
            }
        } else {
            return v.dump(); // a form it does not know: as written
        }
        out += (out.empty() ? "" : ", ") + one;
    }
    return out.empty() ? "none" : out;
}

} // namespace

std::string SummariseJsonCell(const OJson& doc, const std::string& key, const OJson& value)
{
    if (value.is_null()) return "";
    if (key == "vulns" || key == "sensors") return EditorShareList(value, "id");
    if (key == "cached_on") return EditorShareList(value, "group");
    if (key == "off_hours" && value.is_object() && value.size() == 2 && value.contains("share") && value["share"].is_number() &&
        value.contains("actions") && value["actions"].is_array()) {
        std::string actions;
        for (const auto& x : value["actions"]) actions += (actions.empty() ? "" : " or ") + (x.is_string() ? x.get<std::string>() : x.dump());
        char pct[32];
        std::snprintf(pct, sizeof pct, "%g", std::round(value["share"].get<double>() * 1000) / 10);
        return (actions.empty() ? std::string("no stage") : "a stage of " + actions) + " due in business hours waits for the close, " + pct +
               " % of the time";
    }
    if (key == "when") {
        std::string out = EditorCondition(doc, value, 0);
        if (value.is_object() && value.contains("delay_s") && out != value.dump()) out += " + " + EditorSpanOf(value["delay_s"]);
        return out;
    }
    if (key == "expected") return EditorCommandSummary(value);
    if (key == "target") return EditorTargetSummary(value);
    return value.dump();
}

std::string InjectTriggerNote(const OJson& doc, const std::string& row)
{
    const OJson* in = EditorAt(doc, row);
    if (!in || !in->is_object() || in->contains("when") || in->contains("time_s")) return "";
    if (in->value("manual", false)) return "(manual: the facilitator fires it)";
    const OJson* all = EditorAt(doc, "/injects");
    if (in->contains("number") && all && all->is_array())
        for (const auto& other : *all)
            if (other.is_object() && other.contains("contingency") && other["contingency"] == (*in)["number"])
                return "(contingency of inject " + (other.contains("number") ? other["number"].dump() : std::string("?")) + ")";
    return "";
}

bool EditorBoolDefault(const OJson& doc, const std::string& row, const EditorColumn& column)
{
    const std::string key = column.key;
    if (key == "remote") return row.rfind("/infrastructure/vulnerabilities/", 0) == 0; // a vulnerability's; an identity's remote_access is false
    if (key != "production") return false;
    // Production unless a workstation: a host's kind defaults to server, a group's to workstation.
    const OJson* r = EditorAt(doc, row);
    const bool group = row.rfind("/infrastructure/host_groups/", 0) == 0;
    std::string kind = group ? "workstation" : "server";
    if (r && r->is_object() && r->contains("kind") && (*r)["kind"].is_string()) kind = (*r)["kind"].get<std::string>();
    return kind != "workstation";
}

std::string EditorChoiceDefault(const std::string& row, const EditorColumn& column)
{
    const std::string key = column.key;
    auto under = [&](const char* p) { return row.rfind(p, 0) == 0; };
    if (key == "owner") return "itops";
    if (key == "kind" && under("/infrastructure/hosts/")) return "server";
    if (key == "kind" && under("/infrastructure/host_groups/")) return "workstation";
    if (key == "team" && under("/infrastructure/sensor_types/")) return "secops";
    if (key == "team" && under("/injects/")) return "all";
    if (key == "privilege") return "user";
    return "";
}

// [SECTION] Where an id is used

std::string EditorUsesOf(const OJson& doc, const std::string& row)
{
    const bool vuln = row.rfind("/infrastructure/vulnerabilities/", 0) == 0;
    const char* list = vuln ? "vulns" : "sensors";
    const OJson* r = EditorAt(doc, row);
    if (!r || !r->is_object() || !r->contains("id") || !(*r)["id"].is_string()) return "";
    const std::string id = (*r)["id"].get<std::string>();
    auto names = [&](const OJson& item) {
        if (!item.is_object() || !item.contains(list) || !item[list].is_array()) return false;
        for (const auto& x : item[list])
            if ((x.is_string() && x == id) || (x.is_object() && x.contains("id") && x["id"] == id)) return true;
        return false;
    };
    std::vector<std::string> hosts, groups, zones;
    auto collect = [&](const char* pointer, const char* key, std::vector<std::string>& out) {
        const OJson* a = EditorAt(doc, pointer);
        if (!a || !a->is_array()) return;
        for (const auto& item : *a)
            if (names(item) && item.contains(key) && item[key].is_string()) out.push_back(item[key].get<std::string>());
    };
    collect("/infrastructure/hosts", "id", hosts);
    collect("/infrastructure/host_groups", "prefix", groups);
    if (!vuln) collect("/infrastructure/zones", "id", zones);
    std::string out;
    auto add = [&](const char* one, const char* many, const std::vector<std::string>& ids) {
        if (ids.empty()) return;
        std::string s = std::string(ids.size() == 1 ? one : many) + " ";
        for (size_t i = 0; i < ids.size(); ++i) s += (i ? ", " : "") + ids[i];
        out += (out.empty() ? "" : "; ") + s;
    };
    add("host", "hosts", hosts);
    add("group", "groups", groups);
    add("zone", "zones", zones);
    return out.empty() ? "nowhere" : out;
}

} // namespace bdui
