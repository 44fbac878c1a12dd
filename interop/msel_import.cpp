// msel_import.cpp: the MSEL spreadsheet read back into scenario.json (msel_import.h).
//
// Index
//   [SECTION] Reading a cell: spans, moments, players, actions
//   [SECTION] One row into an inject
//   [SECTION] ImportMsel
#include "msel_import.h"

#include "csv_reader.h"
#include "msel_splice.h"
#include "core/story_clock.h"
#include "exercise/injects.h"
#include "exercise/msel.h"
#include "world/commands.h"
#include "world/scenario.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <set>

namespace bd {

using ojson = nlohmann::ordered_json;

namespace {

// [SECTION] Reading a cell: spans, moments, players, actions

std::string MselTrim(const std::string& s)
{
    size_t a = 0, b = s.size();
    while (a < b && std::isspace((unsigned char)s[a])) ++a;
    while (b > a && std::isspace((unsigned char)s[b - 1])) --b;
    return s.substr(a, b - a);
}

std::string MselLower(std::string s)
{
    for (char& c : s) c = (char)std::tolower((unsigned char)c);
    return s;
}

bool MselDigits(const std::string& s) { return !s.empty() && s.size() < 10 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }); }

// "D+2 H+3 M+45" (parts optional, in order, upper or lower case; S+ for seconds).
bool MselRelative(const std::string& text, long long& out, bool* seconds_given)
{
    long long total = 0;
    int last = -1, parts = 0;
    const std::string units = "DHMS";
    const long long scale[4] = {86400, 3600, 60, 1};
    size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && text[i] == ' ') ++i;
        if (i >= text.size()) break;
        const size_t u = units.find((char)std::toupper((unsigned char)text[i]));
        if (u == std::string::npos || (int)u <= last || i + 1 >= text.size() || text[i + 1] != '+') return false;
        size_t j = i + 2;
        while (j < text.size() && std::isdigit((unsigned char)text[j])) ++j;
        const std::string n = text.substr(i + 2, j - i - 2);
        if (!MselDigits(n)) return false;
        total += std::stoll(n) * scale[u];
        if (u == 3 && seconds_given) *seconds_given = true;
        last = (int)u;
        ++parts;
        i = j;
    }
    if (parts == 0) return false;
    out = total;
    return true;
}

} // namespace

bool ParseMselSpan(const std::string& raw, long long& seconds, bool* seconds_given)
{
    const std::string text = MselTrim(raw);
    if (seconds_given) *seconds_given = false;
    if (text.find('+') != std::string::npos) return MselRelative(text, seconds, seconds_given);
    long long days = 0;
    std::string clock = text;
    if (const size_t d = text.find("d "); d != std::string::npos) {
        if (!MselDigits(text.substr(0, d))) return false;
        days = std::stoll(text.substr(0, d));
        clock = text.substr(d + 2);
    }
    std::vector<std::string> parts;
    size_t start = 0;
    for (size_t c; (c = clock.find(':', start)) != std::string::npos; start = c + 1) parts.push_back(clock.substr(start, c - start));
    parts.push_back(clock.substr(start));
    if (parts.size() < 2 || parts.size() > 3) return false;
    for (const auto& p : parts)
        if (!MselDigits(p) || p.size() > 2) return false;
    const long long h = std::stoll(parts[0]), m = std::stoll(parts[1]), s = parts.size() == 3 ? std::stoll(parts[2]) : 0;
    if (h > 23 && days > 0) return false;
    if (m > 59 || s > 59) return false;
    if (seconds_given) *seconds_given = parts.size() == 3;
    seconds = days * 86400 + h * 3600 + m * 60 + s;
    return true;
}

namespace {

// A moment of the scenario: "Mon 14:00 (T+06:00)" (the story time must agree with the elapsed
// one), "T+06:00", "T+1d 04:00:00", or "D+0 H+6". "" or why not.
std::string MselMoment(const std::string& raw, const StoryClock& clock, long long& t, bool& seconds_given)
{
    std::string text = MselTrim(raw), story;
    if (const size_t open = text.find('('); open != std::string::npos && !text.empty() && text.back() == ')') {
        story = MselTrim(text.substr(0, open));
        text = MselTrim(text.substr(open + 1, text.size() - open - 2));
    }
    if (text.rfind("T+", 0) == 0 || text.rfind("t+", 0) == 0) {
        if (!ParseMselSpan(text.substr(2), t, &seconds_given)) return "'" + raw + "' is not a time (T+HH:MM, T+1d HH:MM, D+1 H+2 M+30)";
    } else if (!ParseMselSpan(text, t, &seconds_given) || text.find('+') == std::string::npos) {
        return "'" + raw + "' is not a time: write Mon 14:00 (T+06:00), T+06:00, T+1d 04:00 or D+0 H+6 M+0";
    }
    if (!story.empty() && clock.has_start() && MselLower(story) != MselLower(clock.Story(t)))
        return "'" + story + "' and " + StoryClock::Elapsed(t) + " disagree: on this scenario's clock " + StoryClock::Elapsed(t) + " is " +
               clock.Story(t) + " (change both, or give only the T+ time)";
    return "";
}

struct MselPlayer {
    std::string team, role;
};

// "SecOps: Security analyst", "All players", "itops". "" or why not.
std::string MselReadPlayer(const std::string& raw, MselPlayer& p)
{
    const std::string text = MselTrim(raw);
    const size_t colon = text.find(':');
    const std::string team = MselLower(MselTrim(text.substr(0, colon)));
    const std::string role = colon == std::string::npos ? "" : MselTrim(text.substr(colon + 1));
    static const std::map<std::string, std::string> kTeams = {{"itops", "itops"}, {"secops", "secops"}, {"facilitator", "facilitator"},
                                                               {"all players", "all"}, {"all", "all"}};
    auto it = kTeams.find(team);
    if (it == kTeams.end()) return "unknown team '" + MselTrim(text.substr(0, colon)) + "' (expected ITOps, SecOps, Facilitator or All players)";
    p.team = it->second;
    p.role.clear();
    if (role.empty()) return "";
    for (const auto& r : Roles()) {
        if (MselLower(r.title) != MselLower(role) && r.id != role) continue;
        if (p.team != "all" && p.team != TeamName(r.team)) return "'" + role + "' is not a role of the " + p.team + " team";
        p.role = r.id;
        return "";
    }
    return "unknown role '" + role + "' (docs/commands.md lists the roles)";
}

// "isolate_host web-01 (secops)": a command kind, a target, a team. "" or why not.
// Whether `word` is a value command `kind` takes (the loader's rule, scenario.069): a regime, a
// verdict, a team, a ticket's end, a requested command kind, or one of the scenario's vulnerabilities.
bool MselIsValueOf(const std::string& kind, const std::string& word, const std::vector<Vulnerability>* vulns)
{
    static const std::map<std::string, std::vector<std::string>> kValues = {
        {"notify_authority", {"nis2", "gdpr"}}, {"triage_alert", {"true_positive", "false_positive"}},
        {"send_message", {"itops", "secops"}},  {"close_ticket", {"done", "rejected"}}};
    if (const auto it = kValues.find(kind); it != kValues.end())
        return std::find(it->second.begin(), it->second.end(), word) != it->second.end();
    if (kind == "request_action") return ParseCommandKind(word).has_value();
    if (kind == "patch_host" && vulns)
        return std::any_of(vulns->begin(), vulns->end(), [&](const Vulnerability& v) { return v.id == word; });
    return false;
}

std::string MselReadAction(const std::string& raw, InjectAction& a, const std::vector<Vulnerability>* vulns = nullptr)
{
    std::string text = MselTrim(raw);
    a = InjectAction{};
    if (text.size() > 2 && text.back() == ')') {
        const size_t open = text.rfind(" (");
        if (open == std::string::npos) return "'" + raw + "' is not an action (KIND [TARGET] [(TEAM)])";
        a.team = MselLower(text.substr(open + 2, text.size() - open - 3));
        if (a.team != "itops" && a.team != "secops" && a.team != "facilitator") return "unknown team '" + a.team + "' (expected itops, secops or facilitator)";
        text = MselTrim(text.substr(0, open));
    }
    const size_t sp = text.find(' ');
    a.kind = text.substr(0, sp);
    std::string rest = sp == std::string::npos ? "" : MselTrim(text.substr(sp + 1));
    if (!ParseCommandKind(a.kind)) return "unknown command kind '" + a.kind + "' (docs/commands.md lists them)";
    // As the MSEL writes it (engine/exercise/injects.cpp): KIND [VALUE] [TARGET]. Two words are the
    // value and the target; one word is the value when the kind takes it, else the target.
    if (const size_t sp2 = rest.find(' '); sp2 != std::string::npos) {
        a.value = rest.substr(0, sp2);
        a.target = MselTrim(rest.substr(sp2 + 1));
    } else if (!rest.empty() && MselIsValueOf(a.kind, rest, vulns)) {
        a.value = rest;
    } else {
        a.target = rest;
    }
    if (a.target.find(' ') != std::string::npos) return "'" + raw + "' is not an action (KIND [VALUE] [TARGET] [(TEAM)]): a target has no space";
    return "";
}

bool MselSameAction(const InjectAction& a, const InjectAction& b)
{
    return a.kind == b.kind && a.target == b.target && a.team == b.team && a.value == b.value;
}

// [SECTION] One row into an inject

// The row read, with what it says about each field (whether seconds were given for its time).
struct MselRowInject {
    Inject in;
    bool time_minutes = false; // the time was given to the minute only
    bool manual = false;       // "by hand"
    int contingency_of = 0;    // "contingency of inject N"
    bool has[9] = {};          // which of MselColumns() the sheet has
};

class MselRowReader {
public:
    MselRowReader(const std::string& file, const Scenario& s, std::vector<std::string>& errors) : file_(file), s_(s), errors_(errors), clock_(s.story_start) {}

    void Error(size_t row, const std::string& column, const std::string& id, const std::string& message)
    {
        errors_.push_back(file_ + ": row " + std::to_string(row) + ", column \"" + column + "\": [msel." + id + "] " + message);
    }

    // The "Scenario time" cell into the inject's trigger.
    void Timing(size_t row, const std::string& raw, MselRowInject& r)
    {
        const std::string col = MselColumns()[1];
        std::string text = MselTrim(raw);
        Inject& in = r.in;
        if (MselLower(text) == "by hand") {
            r.manual = true;
            return;
        }
        if (MselLower(text).rfind("contingency of inject ", 0) == 0) {
            const std::string n = text.substr(22);
            if (!MselDigits(n)) return Error(row, col, "bad_time", "'" + raw + "': 'contingency of inject N' needs an inject number");
            r.contingency_of = std::stoi(n);
            return;
        }
        if (const size_t u = text.find(" unless "); u != std::string::npos) {
            std::string rest = text.substr(u + 8);
            if (rest.size() < 8 || rest.compare(rest.size() - 8, 8, " by then") != 0)
                return Error(row, col, "bad_time", "'" + raw + "': write 'TIME unless ACTION by then'");
            if (const std::string why = MselReadAction(rest.substr(0, rest.size() - 8), in.watch, &s_.world.vulns); !why.empty()) return Error(row, col, "bad_action", why);
            long long t = 0;
            bool secs = false;
            if (const std::string why = MselMoment(text.substr(0, u), clock_, t, secs); !why.empty()) return Error(row, col, "bad_time", why);
            in.trigger = InjectTrigger::Unless;
            in.time_s = t;
            r.time_minutes = !secs;
            return;
        }
        // "[DELAY after ]all of [A; B]" / "any of [...]": a combined trigger (docs/formats.md).
        {
            const std::string lt0 = MselLower(text);
            size_t at = std::string::npos;
            for (const char* k : {"all of [", "any of ["}) {
                if (lt0.rfind(k, 0) == 0) at = 0;
                else if (const size_t f = lt0.find(std::string(" after ") + k); f != std::string::npos && (at == std::string::npos || f + 7 < at)) at = f + 7;
            }
            if (at != std::string::npos) {
                long long d = 0;
                if (at > 0 && !ParseMselSpan(text.substr(0, at - 7), d))
                    return Error(row, col, "bad_time", "'" + text.substr(0, at - 7) + "' is not a delay (06:00:00, 1d 04:00:00, H+6)");
                InjectCondition c;
                if (const std::string why = Condition(text.substr(at), c, 0); !why.empty()) return Error(row, col, "bad_time", "'" + raw + "': " + why);
                in.trigger = InjectTrigger::Combined;
                in.condition = std::move(c);
                in.delay_s = d;
                return;
            }
        }
        // "[DELAY after |right after ]inject N", "... attacker stage N (NAME)", "... first ACTION"
        long long delay = 0;
        std::string what = text;
        const std::string lt = MselLower(text);
        const bool bare = lt.rfind("inject ", 0) == 0 || lt.rfind("attacker stage ", 0) == 0 || lt.rfind("first ", 0) == 0; // a stage name may hold " after "
        if (const size_t a = text.find(" after "); a != std::string::npos && !bare && lt.rfind("right after ", 0) != 0) {
            if (!ParseMselSpan(text.substr(0, a), delay)) return Error(row, col, "bad_time", "'" + text.substr(0, a) + "' is not a delay (06:00:00, 1d 04:00:00, H+6)");
            what = text.substr(a + 7);
        } else if (MselLower(text).rfind("right after ", 0) == 0) {
            what = text.substr(12);
        }
        const std::string lw = MselLower(what);
        if (lw.rfind("inject ", 0) == 0) {
            if (!MselDigits(what.substr(7))) return Error(row, col, "bad_time", "'" + raw + "': 'after inject N' needs an inject number");
            in.trigger = InjectTrigger::AfterInject;
            in.after = std::stoi(what.substr(7));
        } else if (lw.rfind("attacker stage ", 0) == 0) {
            const std::string rest = what.substr(15);
            const std::string n = rest.substr(0, rest.find(' '));
            // People number stages from 1, as describe and the MSEL do; the file keeps the index.
            if (!MselDigits(n) || n.size() > 6 || std::stoi(n) < 1)
                return Error(row, col, "bad_time", "'" + raw + "': 'attacker stage N' needs the stage's number (from 1)");
            in.trigger = InjectTrigger::Stage;
            in.stage = std::stoi(n) - 1;
            if (in.stage >= (int)s_.campaign.stages.size())
                return Error(row, col, "unknown_stage", "the campaign has no stage " + n + " (it has " + std::to_string(s_.campaign.stages.size()) + ", from 1)");
        } else if (lw.rfind("first ", 0) == 0) {
            if (const std::string why = MselReadAction(what.substr(6), in.watch, &s_.world.vulns); !why.empty()) return Error(row, col, "bad_action", why);
            in.trigger = InjectTrigger::Command;
        } else if (what != text) {
            return Error(row, col, "bad_time", "'" + raw + "': after what? (inject N, attacker stage N, first ACTION)");
        } else {
            long long t = 0;
            bool secs = false;
            if (const std::string why = MselMoment(text, clock_, t, secs); !why.empty()) return Error(row, col, "bad_time", why);
            in.trigger = InjectTrigger::Time;
            in.time_s = t;
            r.time_minutes = !secs;
            return;
        }
        in.delay_s = delay;
    }

    // One part of a combined trigger, as DescribeInjectCondition writes it: "all of [A; B]", "any of
    // [...]", "attacker stage N (NAME)", "inject N delivered", "ACTION done", "no ACTION by MOMENT",
    // "from MOMENT". `depth` counts the all / any around it. "" or why not.
    std::string Condition(const std::string& raw, InjectCondition& c, int depth)
    {
        using Kind = InjectCondition::Kind;
        const std::string text = MselTrim(raw), lt = MselLower(text);
        if (lt.rfind("all of [", 0) == 0 || lt.rfind("any of [", 0) == 0) {
            if (depth >= kInjectConditionDepth) return "conditions nest too deep (at most " + std::to_string(kInjectConditionDepth) + " levels of all / any)";
            if (text.back() != ']') return "'" + text + "' does not end with the ']' of its list";
            c.kind = lt[1] == 'l' ? Kind::All : Kind::Any;
            const std::string inner = text.substr(8, text.size() - 9);
            // Split at "; " outside brackets and parentheses (a stage's name is in parentheses).
            int level = 0;
            size_t start = 0;
            std::vector<std::string> parts;
            for (size_t i = 0; i < inner.size(); ++i) {
                const char ch = inner[i];
                if (ch == '[' || ch == '(') ++level;
                else if ((ch == ']' || ch == ')') && level > 0) --level;
                else if (ch == ';' && level == 0) {
                    parts.push_back(inner.substr(start, i - start));
                    start = i + 1;
                }
            }
            parts.push_back(inner.substr(start));
            for (const auto& part : parts) {
                if (MselTrim(part).empty()) return std::string(c.kind == Kind::All ? "all" : "any") + " of [...] has an empty part";
                InjectCondition sub;
                if (std::string why = Condition(part, sub, depth + 1); !why.empty()) return why;
                c.parts.push_back(std::move(sub));
            }
            return "";
        }
        if (lt.rfind("attacker stage ", 0) == 0) {
            const std::string rest = text.substr(15);
            const std::string n = rest.substr(0, rest.find(' '));
            if (!MselDigits(n) || n.size() > 6 || std::stoi(n) < 1) return "'" + text + "': 'attacker stage N' needs the stage's number (from 1)";
            c.kind = Kind::Stage;
            c.stage = std::stoi(n) - 1;
            if (c.stage >= (int)s_.campaign.stages.size())
                return "the campaign has no stage " + n + " (it has " + std::to_string(s_.campaign.stages.size()) + ", from 1)";
            return "";
        }
        if (lt.rfind("inject ", 0) == 0 && lt.size() > 17 && lt.compare(lt.size() - 10, 10, " delivered") == 0) {
            const std::string n = MselTrim(text.substr(7, text.size() - 17));
            if (!MselDigits(n) || n.size() > 5) return "'" + text + "': 'inject N delivered' needs an inject number";
            c.kind = Kind::AfterInject;
            c.after = std::stoi(n);
            return "";
        }
        if (lt.rfind("from ", 0) == 0) {
            long long t = 0;
            bool secs = false;
            c.kind = Kind::Time;
            if (std::string why = MselMoment(text.substr(5), clock_, t, secs); !why.empty()) return why;
            c.time_s = t;
            return "";
        }
        if (lt.rfind("no ", 0) == 0) {
            const size_t by = lt.rfind(" by ");
            if (by == std::string::npos || by < 3) return "'" + text + "': write 'no ACTION by MOMENT'";
            c.kind = Kind::Unless;
            if (std::string why = MselReadAction(text.substr(3, by - 3), c.watch, &s_.world.vulns); !why.empty()) return why;
            long long t = 0;
            bool secs = false;
            if (std::string why = MselMoment(text.substr(by + 4), clock_, t, secs); !why.empty()) return why;
            c.time_s = t;
            return "";
        }
        if (lt.size() > 5 && lt.compare(lt.size() - 5, 5, " done") == 0) {
            c.kind = Kind::Command;
            return MselReadAction(text.substr(0, text.size() - 5), c.watch, &s_.world.vulns);
        }
        return "'" + text + "' is not a condition (attacker stage N, inject N delivered, ACTION done, no ACTION by MOMENT, "
               "from MOMENT, all of [...; ...], any of [...; ...])";
    }

    // "declare_incident (secops) within 04:00:00", or "" for nothing expected.
    void Expected(size_t row, const std::string& raw, MselRowInject& r)
    {
        const std::string col = MselColumns()[6], text = MselTrim(raw);
        if (text.empty()) return;
        const size_t w = text.rfind(" within ");
        InjectAction a;
        if (const std::string why = MselReadAction(w == std::string::npos ? text : text.substr(0, w), a, &s_.world.vulns); !why.empty())
            return Error(row, col, "bad_action", why);
        if (w != std::string::npos) {
            long long span = 0;
            if (!ParseMselSpan(text.substr(w + 8), span) || span <= 0)
                return Error(row, col, "bad_time", "'" + text.substr(w + 8) + "' is not a span above zero (04:00:00, 1d 00:00:00, H+4)");
            r.in.expect_within_s = span;
        }
        r.in.expected = a;
    }

    // The notes, without the line `msel --csv` adds for a contingency (which becomes the field).
    void Notes(size_t row, const std::string& raw, MselRowInject& r)
    {
        std::string notes = raw;
        const std::string head = "Contingency: inject ", tail = " if not done in time.";
        const size_t at = notes.rfind(head);
        if (at != std::string::npos && (at == 0 || notes[at - 1] == '\n') && notes.size() > at + head.size() + tail.size() &&
            notes.compare(notes.size() - tail.size(), tail.size(), tail) == 0) {
            const std::string n = notes.substr(at + head.size(), notes.size() - tail.size() - at - head.size());
            if (!MselDigits(n)) return Error(row, MselColumns()[8], "bad_contingency", "'Contingency: inject N' needs an inject number");
            r.in.contingency = std::stoi(n);
            notes = notes.substr(0, at == 0 ? 0 : at - 1);
        }
        r.in.notes = notes;
    }

private:
    std::string file_;
    const Scenario& s_;
    std::vector<std::string>& errors_;
    StoryClock clock_;
};

// The injects into the text: in msel_splice.cpp (msel_splice.h).


// Lines of a text field as the author wrote it: an array when the old value was one.
ojson MselTextValue(const std::string& s, const ojson* old)
{
    if (!old || !old->is_array()) return s;
    ojson a = ojson::array();
    size_t start = 0;
    for (size_t nl; (nl = s.find('\n', start)) != std::string::npos; start = nl + 1) a.push_back(s.substr(start, nl - start));
    a.push_back(s.substr(start));
    return a;
}

ojson MselActionJson(const InjectAction& a, bool by = false, long long by_s = 0)
{
    ojson o = {{"kind", a.kind}};
    if (!a.target.empty()) o["target"] = a.target;
    if (!a.team.empty()) o["team"] = a.team;
    if (!a.value.empty()) o["value"] = a.value;
    if (by) o["by_s"] = by_s;
    return o;
}

// A stage as an author writes it: its name (a number is an index from 0, one off from the stage
// numbers people read, and validate warns about it: scenario.097); the index only when another
// stage has the same name, so that the name would mean the first of them.
ojson MselStageRef(int stage, const Scenario& s)
{
    const auto& stages = s.campaign.stages;
    if (stage < 0 || (size_t)stage >= stages.size() || stages[stage].name.empty()) return stage;
    for (size_t k = 0; k < stages.size(); ++k)
        if ((int)k != stage && stages[k].name == stages[stage].name) return stage;
    return stages[stage].name;
}

// A combined trigger as scenario.json writes it: {"all": [...]} / {"any": [...]} of the leaves' own forms.
ojson MselConditionJson(const InjectCondition& c, const Scenario& s)
{
    using Kind = InjectCondition::Kind;
    switch (c.kind) {
    case Kind::All:
    case Kind::Any: {
        ojson list = ojson::array();
        for (const auto& p : c.parts) list.push_back(MselConditionJson(p, s));
        return ojson{{c.kind == Kind::All ? "all" : "any", list}};
    }
    case Kind::AfterInject: return ojson{{"after", c.after}};
    case Kind::Stage: return ojson{{"stage", MselStageRef(c.stage, s)}};
    case Kind::Command: return ojson{{"command", MselActionJson(c.watch)}};
    case Kind::Unless: return ojson{{"unless", MselActionJson(c.watch, true, c.time_s)}};
    case Kind::Time: return ojson{{"time_s", c.time_s}};
    }
    return ojson::object();
}

bool MselSameTrigger(const MselRowInject& r, const Inject& old, const Scenario& s)
{
    const Inject& in = r.in;
    if (in.trigger != old.trigger) return false;
    auto same_time = [&] { return r.time_minutes ? in.time_s / 60 == old.time_s / 60 : in.time_s == old.time_s; };
    switch (in.trigger) {
    case InjectTrigger::Time: return same_time();
    case InjectTrigger::Unless: return same_time() && MselSameAction(in.watch, old.watch);
    case InjectTrigger::AfterInject: return in.after == old.after && in.delay_s == old.delay_s;
    case InjectTrigger::Stage: return in.stage == old.stage && in.delay_s == old.delay_s;
    case InjectTrigger::Command: return MselSameAction(in.watch, old.watch) && in.delay_s == old.delay_s;
    case InjectTrigger::Combined:
        // The same words are the same trigger (to the minute, as the cell shows times): the author's JSON stays.
        return in.delay_s == old.delay_s && DescribeInjectCondition(in.condition, s) == DescribeInjectCondition(old.condition, s);
    case InjectTrigger::None: return true;
    }
    return false;
}

// Writes into `o` (the inject's JSON, the author's or a new one) each field the row changes;
// `old` is the scenario's reading of it (nullptr: a new inject). Names the changed columns.
std::vector<std::string> MselApply(const MselRowInject& r, const Inject* old, ojson& o, const Scenario& s)
{
    std::vector<std::string> changed;
    const auto& cols = MselColumns();
    const Inject& in = r.in;
    const Inject blank;
    const Inject& was = old ? *old : blank;
    auto put_text = [&](const char* key, const std::string& v, const std::string& before, int col, const std::string& def) {
        if (!r.has[col] || (old && v == before)) return;
        if (!old && v == def) return;
        const ojson* prev = o.contains(key) ? &o[key] : nullptr;
        o[key] = MselTextValue(v, prev);
        if (old) changed.push_back(cols[col]);
    };
    if (!old || !MselSameTrigger(r, was, s)) {
        // Keys the new trigger keeps stay where the author had them.
        if (in.trigger != InjectTrigger::Time) o.erase("time_s");
        if (in.trigger == InjectTrigger::Time || in.trigger == InjectTrigger::None) o.erase("when");
        switch (in.trigger) {
        case InjectTrigger::Time: o["time_s"] = in.time_s; break;
        case InjectTrigger::Unless: o["when"] = {{"unless", MselActionJson(in.watch, true, in.time_s)}}; break;
        case InjectTrigger::AfterInject: o["when"] = {{"after", in.after}}; break;
        case InjectTrigger::Stage: o["when"] = {{"stage", MselStageRef(in.stage, s)}}; break;
        case InjectTrigger::Command: o["when"] = {{"command", MselActionJson(in.watch)}}; break;
        case InjectTrigger::Combined: o["when"] = MselConditionJson(in.condition, s); break;
        case InjectTrigger::None: break;
        }
        if (in.delay_s > 0 && o.contains("when")) o["when"]["delay_s"] = in.delay_s;
        if (r.manual) o["manual"] = true;
        else o.erase("manual");
        if (old) changed.push_back(cols[1]);
    }
    put_text("synopsis", in.synopsis, was.synopsis, 2, "");
    put_text("text", in.text, was.text, 3, "");
    put_text("controller", in.controller, was.controller, 4, "facilitator");
    if (r.has[5] && (in.team != was.team || in.role != was.role)) {
        if (in.team != was.team || o.contains("team") || in.team != "all") o["team"] = in.team;
        if (in.role.empty()) o.erase("role");
        else o["role"] = in.role;
        if (old) changed.push_back(cols[5]);
    }
    if (r.has[6]) {
        // The loader gives an expected action without a team the inject's team: compare as it reads.
        const bool same = in.expected.has_value() == was.expected.has_value() &&
                          (!in.expected || (MselSameAction(*in.expected, *was.expected) && in.expect_within_s == was.expect_within_s));
        if (!same || !old) {
            if (!in.expected) {
                o.erase("expected");
                o.erase("expect_within_s");
            } else {
                InjectAction a = *in.expected;
                if (a.team == in.team) a.team.clear(); // the default: the inject's own team
                if (!old || !was.expected || !MselSameAction(*in.expected, *was.expected)) o["expected"] = MselActionJson(a);
                if (in.expect_within_s != Inject{}.expect_within_s || o.contains("expect_within_s")) o["expect_within_s"] = in.expect_within_s;
            }
            if (old) changed.push_back(cols[6]);
        }
    }
    put_text("objective", in.objective, was.objective, 7, "");
    if (r.has[8]) {
        put_text("notes", in.notes, was.notes, 8, "");
        if (in.contingency != was.contingency) {
            if (in.contingency) o["contingency"] = in.contingency;
            else o.erase("contingency");
            if (old && (changed.empty() || changed.back() != cols[8])) changed.push_back(cols[8]);
        }
    }
    return changed;
}

// References between injects name a row of the sheet: after inject N, a contingency, "contingency of".
void MselCheckReferences(MselRowReader& reader, const std::vector<MselRowInject>& rows, const std::vector<size_t>& row_numbers,
                         const std::map<int, size_t>& row_of)
{
    const auto& cols = MselColumns();
    for (size_t i = 0; i < rows.size(); ++i) {
        const Inject& in = rows[i].in;
        if (in.trigger == InjectTrigger::AfterInject && !row_of.count(in.after))
            reader.Error(row_numbers[i], cols[1], "unknown_inject", "inject " + std::to_string(in.after) + " is not in the sheet");
        if (in.trigger == InjectTrigger::Combined)
            for (int after : InjectConditionAfters(in.condition))
                if (!row_of.count(after))
                    reader.Error(row_numbers[i], cols[1], "unknown_inject", "inject " + std::to_string(after) + " is not in the sheet");
        if (in.contingency && !row_of.count(in.contingency))
            reader.Error(row_numbers[i], cols[8], "unknown_inject", "contingency inject " + std::to_string(in.contingency) + " is not in the sheet");
        if (const int of = rows[i].contingency_of) {
            auto it = row_of.find(of);
            if (it == row_of.end()) reader.Error(row_numbers[i], cols[1], "unknown_inject", "inject " + std::to_string(of) + " is not in the sheet");
            else {
                const auto& other = *std::find_if(rows.begin(), rows.end(), [&](const MselRowInject& x) { return x.in.number == of; });
                if (other.in.contingency != in.number)
                    reader.Error(row_numbers[i], cols[1], "unknown_inject",
                                 "inject " + std::to_string(of) + "'s notes do not name inject " + std::to_string(in.number) +
                                     " as its contingency ('Contingency: inject " + std::to_string(in.number) + " if not done in time.')");
            }
        }
        if (!rows[i].has[6]) continue; // no Expected column: the expected actions stay as they are
        if (in.contingency && !in.expected)
            reader.Error(row_numbers[i], cols[8], "bad_contingency", "a contingency needs an expected action to miss (column \"" + cols[6] + "\")");
    }
}

} // namespace

// [SECTION] ImportMsel

MselImportResult ImportMsel(const std::string& csv_file, const std::string& csv_text, const std::string& scenario_file,
                            const std::string& scenario_text)
{
    MselImportResult out;
    out.text = scenario_text;
    LoadResult lr = LoadScenarioText(scenario_text, scenario_file, LoadOptions{});
    if (!lr.Ok()) {
        out.errors.push_back(scenario_file + ": the scenario does not validate as it is; fix it first (breachdrill validate):");
        for (const auto& p : lr.problems)
            if (!p.warning) out.errors.push_back("  " + p.Format());
        return out;
    }
    const Scenario& s = lr.scenario;
    const CsvReadResult csv = ReadCsv(csv_text);
    if (!csv.ok()) {
        out.errors.push_back(csv_file + ": " + csv.error + " [msel.csv]");
        return out;
    }
    if (csv.records.empty()) {
        out.errors.push_back(csv_file + ": row 1: [msel.empty] the file is empty: the first row must name the columns (breachdrill msel SCENARIO --csv writes them)");
        return out;
    }
    // The header: the HSEEP columns by name, in any order, any case.
    const auto& cols = MselColumns();
    int at[9];
    std::fill(std::begin(at), std::end(at), -1);
    const auto& head = csv.records[0].fields;
    for (size_t c = 0; c < head.size(); ++c)
        for (size_t k = 0; k < cols.size(); ++k)
            if (MselLower(MselTrim(head[c])) == MselLower(cols[k])) at[k] = (int)c;
    for (int k : {0, 1, 2, 5})
        if (at[k] < 0)
            out.errors.push_back(csv_file + ": row 1, column \"" + cols[k] + "\": [msel.missing_column] the header has no column \"" + cols[k] +
                                 "\" (needed: Inject number, Scenario time, Event synopsis, Intended player)");
    if (!out.ok()) return out;

    MselRowReader reader(csv_file, s, out.errors);
    std::vector<MselRowInject> rows;
    std::vector<size_t> row_numbers;
    std::map<int, size_t> row_of; // inject number -> sheet row
    for (size_t i = 1; i < csv.records.size(); ++i) {
        const auto& f = csv.records[i].fields;
        const size_t row = i + 1;
        if (std::all_of(f.begin(), f.end(), [](const std::string& x) { return MselTrim(x).empty(); })) continue;
        auto cell = [&](int k) { return at[k] >= 0 && at[k] < (int)f.size() ? f[at[k]] : std::string(); };
        MselRowInject r;
        for (int k = 0; k < 9; ++k) r.has[k] = at[k] >= 0;
        const std::string number = MselTrim(cell(0));
        if (!MselDigits(number) || std::stoi(number) < 1 || std::stoi(number) > 99999) {
            reader.Error(row, cols[0], "bad_number", "'" + number + "' is not an inject number (1 to 99999)");
            continue;
        }
        r.in.number = std::stoi(number);
        if (auto [it, fresh] = row_of.emplace(r.in.number, row); !fresh) {
            reader.Error(row, cols[0], "duplicate", "inject " + number + " is also on row " + std::to_string(it->second));
            continue;
        }
        reader.Timing(row, cell(1), r);
        r.in.synopsis = cell(2);
        r.in.text = cell(3);
        r.in.controller = at[4] >= 0 ? cell(4) : std::string("facilitator");
        MselPlayer p;
        if (const std::string why = MselReadPlayer(cell(5), p); !why.empty()) reader.Error(row, cols[5], why.rfind("unknown team", 0) == 0 ? "unknown_team" : "unknown_role", why);
        r.in.team = p.team;
        r.in.role = p.role;
        reader.Expected(row, cell(6), r);
        if (r.in.expected && r.in.expected->team.empty() && (r.in.team == "itops" || r.in.team == "secops")) r.in.expected->team = r.in.team;
        r.in.objective = cell(7);
        reader.Notes(row, cell(8), r);
        rows.push_back(std::move(r));
        row_numbers.push_back(row);
    }
    MselCheckReferences(reader, rows, row_numbers, row_of);
    if (!out.ok()) return out;

    // The new injects: each row into the author's object for that number, or a new one.
    const ojson root = ojson::parse(scenario_text, nullptr, false);
    if (!root.is_object()) {
        out.errors.push_back(scenario_file + ": not a JSON object");
        return out;
    }
    const ojson old_injects = root.contains("injects") && root["injects"].is_array() ? root["injects"] : ojson::array();
    ojson injects = ojson::array();
    std::set<int> kept;
    for (const auto& r : rows) {
        const Inject* old = nullptr;
        for (const auto& in : s.injects)
            if (in.number == r.in.number) old = &in;
        ojson o = {{"number", r.in.number}};
        for (const auto& e : old_injects)
            if (e.is_object() && e.value("number", -1) == r.in.number) o = e;
        const auto changed = MselApply(r, old, o, s);
        if (!old) out.changes.push_back("inject " + std::to_string(r.in.number) + " added");
        for (const auto& c : changed) out.changes.push_back("inject " + std::to_string(r.in.number) + ": " + c);
        kept.insert(r.in.number);
        injects.push_back(std::move(o));
    }
    for (const auto& in : s.injects)
        if (!kept.count(in.number)) out.changes.push_back("inject " + std::to_string(in.number) + " removed (not in the sheet)");
    bool reordered = false;
    for (size_t i = 0; i < injects.size() && i < s.injects.size() && !reordered; ++i) reordered = injects[i]["number"] != s.injects[i].number;
    if (reordered && out.changes.empty()) out.changes.push_back("injects reordered as the sheet lists them");
    if (injects == old_injects) return out; // nothing to write: the file stays as it is, byte for byte

    std::string text = root.contains("injects") ? MselSpliceInjects(scenario_text, old_injects, injects) : "";
    if (text.empty()) {
        ojson whole = root;
        whole["injects"] = injects;
        text = whole.dump(2) + "\n";
    }
    LoadResult check = LoadScenarioText(text, scenario_file, LoadOptions{});
    if (!check.Ok()) {
        out.errors.push_back(csv_file + ": the scenario would not validate with these injects, so nothing was written:");
        for (const auto& p : check.problems)
            if (!p.warning) out.errors.push_back("  " + p.Format());
        return out;
    }
    out.text = text;
    out.changed = true;
    return out;
}

} // namespace bd
