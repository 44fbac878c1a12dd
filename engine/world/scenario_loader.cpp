// scenario_loader.cpp: builds a Scenario from scenario.json and validates it (see scenario.h).
//
// The format is documented field by field in docs/authoring.md (schema: docs/scenario.schema.json).
// The loader never throws: every problem becomes a Problem with the file, a JSON pointer and a
// stable id ("[scenario.012] host 'db-01' is not defined"), and loading goes on so that an author
// sees all of them at once. Host groups are expanded here, scaled to LoadOptions::size, and every
// per-host random draw comes from one bd::Rng derived from LoadOptions::seed, in file order: the
// same text, seed and size give the same world, byte for byte.
//
// Index
// [SECTION] Problem ids (the table in docs/authoring.md must match)
// [SECTION] Small helpers
// [SECTION] JSON parsing (with duplicate-key detection)
// [SECTION] The loader: typed field access
// [SECTION] The loader: metadata and infrastructure
// [SECTION] The loader: identities, services, data stores
// [SECTION] The loader: campaign and attack-path checks
// [SECTION] The loader: operations events
// [SECTION] The loader: organisation, autopilots, command durations
// [SECTION] Public API
#include "world/scenario.h"

#include "world/attack_catalog.h"
#include "world/commands.h"
#include "world/random_breach.h"
#include "core/rng.h"
#include "sandbox/syntax.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <initializer_list>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace bd {

// [SECTION] Problem ids (the table in docs/authoring.md must match)

namespace problem {
constexpr const char* kInternal = "scenario.000";          // a bug in the loader (never expected)
constexpr const char* kUnknownRef = "scenario.001";        // not a built-in id, folder or file
constexpr const char* kUnreadable = "scenario.002";        // file or folder cannot be read
constexpr const char* kSyntax = "scenario.003";            // JSON syntax error
constexpr const char* kWrongType = "scenario.004";         // a value of the wrong JSON type
constexpr const char* kMissing = "scenario.005";           // a required field is absent
constexpr const char* kUnknownKey = "scenario.006";        // warning: a key the format does not know
constexpr const char* kDuplicateId = "scenario.007";       // two things with the same id
constexpr const char* kInvalidId = "scenario.008";         // empty, too long or bad characters
constexpr const char* kEmptyList = "scenario.009";         // a list that needs at least one element
constexpr const char* kNegative = "scenario.010";          // a negative duration, count, cost or rate
constexpr const char* kNoZone = "scenario.011";            // zone not defined
constexpr const char* kNoHost = "scenario.012";            // host (or host group) not defined
constexpr const char* kNoIdentity = "scenario.013";        // identity not defined
constexpr const char* kNoStore = "scenario.014";           // data store not defined
constexpr const char* kNoSensor = "scenario.015";          // sensor type not defined
constexpr const char* kNoVuln = "scenario.016";            // vulnerability not defined
constexpr const char* kNoGroup = "scenario.017";           // host group not defined
constexpr const char* kProbability = "scenario.018";       // probability outside [0, 1]
constexpr const char* kTooLarge = "scenario.019";          // a number beyond any sane size
constexpr const char* kOutOfRange = "scenario.020";        // outside a documented range
constexpr const char* kBadTeam = "scenario.021";           // unknown team
constexpr const char* kBadPrivilege = "scenario.022";      // unknown privilege
constexpr const char* kBadAction = "scenario.023";         // unknown stage action
constexpr const char* kBadRegime = "scenario.024";         // unknown regulatory regime
constexpr const char* kBadCommand = "scenario.025";        // unknown command kind
constexpr const char* kBadOrg = "scenario.026";            // unknown organisation profile
constexpr const char* kBadHostKind = "scenario.027";       // warning: host kind the engine does not know
constexpr const char* kDuplicateKey = "scenario.028";      // a key twice in one JSON object
constexpr const char* kBadFormat = "scenario.029";         // unknown "format" version
constexpr const char* kNoTechnique = "scenario.030";       // technique id not in ATT&CK
constexpr const char* kDeprecated = "scenario.031";        // technique deprecated
constexpr const char* kRevoked = "scenario.032";           // technique revoked
constexpr const char* kNoDataComponent = "scenario.033";   // data component id not in ATT&CK
constexpr const char* kTacticMismatch = "scenario.034";    // warning: technique's tactics don't fit the action
constexpr const char* kUnobservable = "scenario.035";      // warning: no sensor type can see the technique
constexpr const char* kNoInternet = "scenario.040";        // no zone with internet: true
constexpr const char* kNoTarget = "scenario.041";          // no host matches a stage's target
constexpr const char* kNotExposed = "scenario.042";        // initial_access target unreachable from the internet
constexpr const char* kUnreachable = "scenario.043";       // lateral_movement target unreachable from earlier footholds
constexpr const char* kFirstStage = "scenario.044";        // the first stage is not initial_access
constexpr const char* kNoC2 = "scenario.045";              // stages that need a C2 channel but no c2_indicators
constexpr const char* kTooManyHosts = "scenario.046";      // more hosts than the engine supports
constexpr const char* kNotScalable = "scenario.047";       // warning: a size was asked, nothing scales
constexpr const char* kNoScript = "scenario.050";          // the script file cannot be read
constexpr const char* kScriptPath = "scenario.051";        // script is not a relative .lua path inside the folder
constexpr const char* kScriptSyntax = "scenario.052";      // the script does not compile
constexpr const char* kScriptLimits = "scenario.053";      // a script_limits value outside its range
constexpr const char* kScriptUnused = "scenario.054";      // warning: script_limits without a script
constexpr const char* kInjectTwice = "scenario.060";       // two injects with the same number
constexpr const char* kNoInject = "scenario.061";          // after / contingency names an inject that does not exist
constexpr const char* kInjectCommand = "scenario.062";     // unknown command kind in an inject
constexpr const char* kInjectTeam = "scenario.063";        // unknown inject team or role
constexpr const char* kInjectObjective = "scenario.064";   // warning: objective not in metadata.objectives
constexpr const char* kInjectNoTrigger = "scenario.065";   // neither time_s nor when (nor manual, nor a contingency)
constexpr const char* kInjectTrigger = "scenario.066";     // both time_s and when, or a when with not exactly one trigger
constexpr const char* kInjectStage = "scenario.067";       // a stage trigger names no stage of the campaign
constexpr const char* kInjectLoop = "scenario.068";        // contingencies or afters that lead back to the inject
// Limits of untrusted input (docs/reliability.md): what a hostile file can make the loader do.
constexpr const char* kFileTooLarge = "scenario.070";      // the file is larger than 16 MiB (not parsed)
constexpr const char* kTooDeep = "scenario.071";           // JSON nested deeper than 64 levels
constexpr const char* kStringTooLong = "scenario.072";     // a string over 64 KiB, or a key over 128 bytes
constexpr const char* kTooManyZones = "scenario.073";      // more than 1000 zones (the flows matrix is zones x zones)
constexpr const char* kTooMuchExpansion = "scenario.074";  // groups x draws, or identity references, beyond 20,000,000
constexpr const char* kTooManyProblems = "scenario.075";   // more than 1000 problems: the rest are counted, not listed
// Operations events (a faulty vendor update: not an attack).
constexpr const char* kOpsFix = "scenario.080";            // unknown fix (expected rollback or reboot)
constexpr const char* kOpsNoTarget = "scenario.081";       // no host matches an operations event's target
constexpr const char* kOpsNoRecovery = "scenario.082";     // fix "reboot" without recover_after_s > 0
constexpr const char* kOpsLate = "scenario.083";           // warning: the event comes after the exercise's duration
constexpr const char* kOpsUnseen = "scenario.084";         // warning: no matching host has a monitoring sensor
constexpr const char* kOpsSensor = "scenario.085";         // secops_alert.sensor is not a SecOps alerting sensor
} // namespace problem

namespace {

using json = nlohmann::json;

constexpr std::string_view kFormatName = "breachdrill-scenario/1";
constexpr int64_t kMaxHosts = 1'000'000;
constexpr SimTime kMaxSeconds = 100LL * 365 * kDay; // a century: anything longer is a typo
constexpr int64_t kMaxRecords = 1'000'000'000'000LL;
constexpr double kMaxMoney = 1e12;
constexpr size_t kMaxIdLength = 64;
// Limits of untrusted input (docs/reliability.md). Generous for any real exercise; they bound the
// memory and time a hostile file can cost, each with its own problem id.
constexpr size_t kMaxFileBytes = 16u << 20;      // scenario.070, checked before parsing
constexpr size_t kMaxDepth = 64;                 // scenario.071
constexpr size_t kMaxStringBytes = 64u << 10;    // scenario.072 (texts, names, anything)
constexpr size_t kMaxKeyBytes = 128;             // scenario.072 (object keys)
constexpr size_t kMaxZones = 1000;               // scenario.073
constexpr int64_t kMaxExpansion = 20'000'000;    // scenario.074: generated per-host draws and identity references
constexpr size_t kMaxProblems = 1000;            // scenario.075

// Host kinds the engine gives a meaning to (workstation vs everything else, backup, ...).
constexpr std::string_view kHostKinds[] = {"workstation", "server", "domain_controller", "database",
                                           "web",         "backup", "mail",              "cloud"};

// [SECTION] Small helpers

// Removes repeated elements, keeping the first of each in place. Linear for the short lists of
// real scenarios, n log n for long ones (a hostile file's 100,000 references must not cost n^2).
template <class T>
void DedupeKeepOrder(std::vector<T>& v)
{
    if (v.size() < 2) return;
    size_t w = 0;
    if (v.size() <= 16) {
        for (size_t r = 0; r < v.size(); ++r)
            if (std::find(v.begin(), v.begin() + (std::ptrdiff_t)w, v[r]) == v.begin() + (std::ptrdiff_t)w) v[w++] = v[r];
    } else {
        std::set<T> seen;
        for (size_t r = 0; r < v.size(); ++r)
            if (seen.insert(v[r]).second) v[w++] = v[r];
    }
    v.resize(w);
}

// One reference token of a JSON pointer (RFC 6901).
std::string EscapeToken(std::string_view key)
{
    std::string out;
    out.reserve(key.size());
    for (char c : key) {
        if (c == '~') out += "~0";
        else if (c == '/') out += "~1";
        else out += c;
    }
    return out;
}

std::string At(const std::string& base, std::string_view key) { return base + "/" + EscapeToken(key); }
std::string At(const std::string& base, size_t index) { return base + "/" + std::to_string(index); }

bool IsKnownHostKind(std::string_view kind)
{
    for (auto k : kHostKinds)
        if (k == kind) return true;
    return false;
}

std::string KnownHostKinds()
{
    std::string out;
    for (auto k : kHostKinds) {
        if (!out.empty()) out += ", ";
        out += k;
    }
    return out;
}

// A number for a message: integers without a fraction, others as written by %g.
std::string NumberText(double v)
{
    if (std::isfinite(v) && std::fabs(v) < 1e15 && v == std::floor(v)) return std::to_string((long long)v);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

std::string ValueText(const json& v)
{
    if (v.is_string()) return "'" + v.get<std::string>() + "'";
    std::string s = v.dump();
    if (s.size() > 40) s = s.substr(0, 37) + "...";
    return s;
}

// The ATT&CK tactic a stage action belongs to (for the fit warning).
const char* TacticOf(StageAction a)
{
    switch (a) {
    case StageAction::InitialAccess: return "initial-access";
    case StageAction::Execution: return "execution";
    case StageAction::Persistence: return "persistence";
    case StageAction::PrivilegeEscalation: return "privilege-escalation";
    case StageAction::CredentialAccess: return "credential-access";
    case StageAction::Discovery: return "discovery";
    case StageAction::LateralMovement: return "lateral-movement";
    case StageAction::CommandAndControl: return "command-and-control";
    case StageAction::Collection: return "collection";
    case StageAction::Exfiltration: return "exfiltration";
    case StageAction::InhibitRecovery: return "impact";
    case StageAction::Impact: return "impact";
    }
    return "";
}

// Initial-access techniques the engine treats specially (attacker.cpp, InitialAccessCandidates):
// a phish or a malicious file reaches a person, whatever the flows; an exploit needs a remote vuln.
bool IsUserInitiated(std::string_view technique)
{
    return technique.substr(0, 5) == "T1566" || technique.substr(0, 5) == "T1204";
}
bool IsExploit(std::string_view technique)
{
    return technique.substr(0, 5) == "T1190" || technique.substr(0, 5) == "T1133" || technique.substr(0, 5) == "T1210";
}

// Actions that work through the C2 channel (attacker.cpp, NeedsC2): all but these four.
bool NeedsC2(StageAction a)
{
    return a != StageAction::InitialAccess && a != StageAction::Execution && a != StageAction::Persistence &&
           a != StageAction::CommandAndControl;
}

std::string Hex16(uint64_t v)
{
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", (unsigned long long)v);
    return buf;
}

// [SECTION] JSON parsing (with duplicate-key detection)

// nlohmann::json keeps the last of two equal keys silently; an author who wrote "hosts" twice
// would lose half the hosts without a word. The parser callback follows the path being parsed,
// so duplicate keys and parse errors can be reported with a JSON pointer.
struct ParsePath {
    struct Frame {
        bool array = false;
        int64_t index = -1;
        std::string key;
        std::set<std::string> keys;
    };
    std::vector<Frame> frames;

    // The path of the container being parsed; with `value`, of the value being parsed in it
    // (the current key of an object, the next index of an array).
    std::string Pointer(bool value) const
    {
        std::string p;
        for (size_t i = 0; i < frames.size(); ++i) {
            const Frame& f = frames[i];
            if (i + 1 == frames.size()) {
                if (!value) break;
                if (f.array) p += "/" + std::to_string(f.index + 1);
                else if (!f.key.empty()) p += "/" + EscapeToken(f.key);
                break;
            }
            p += "/" + (f.array ? std::to_string(f.index) : EscapeToken(f.key));
        }
        return p;
    }
};

struct ParseOutcome {
    json doc;
    bool ok = false;
    std::vector<Problem> problems;
    size_t dropped = 0; // problems beyond kMaxProblems, counted only
};

// Thrown from the parser callback to stop at once: deeper input is never built.
struct TooDeep {};

// Not json::parse with a callback: nlohmann 3.11's callback parser rescans the parent container
// at the end of every object, n^2 for an array of n objects (8 s for 200,000 "{}" in a 600 KB
// file, hours for 16 MiB). A SAX handler around the plain DOM builder does the same checks.
struct Handler {
    nlohmann::detail::json_sax_dom_parser<json> dom;
    ParsePath& path;
    std::function<void(std::string, const char*, std::string)> report;

    // A value starts in the current container: count it (arrays), then enter it (containers).
    void Enter(bool object, bool array)
    {
        if (!path.frames.empty() && path.frames.back().array) path.frames.back().index++;
        if (object) path.frames.push_back({false, -1, {}, {}});
        if (array) path.frames.push_back({true, -1, {}, {}});
        if (path.frames.size() > kMaxDepth) throw TooDeep{};
    }
    bool null() { Enter(false, false); return dom.null(); }
    bool boolean(bool v) { Enter(false, false); return dom.boolean(v); }
    bool number_integer(json::number_integer_t v) { Enter(false, false); return dom.number_integer(v); }
    bool number_unsigned(json::number_unsigned_t v) { Enter(false, false); return dom.number_unsigned(v); }
    bool number_float(json::number_float_t v, const json::string_t& s) { Enter(false, false); return dom.number_float(v, s); }
    bool binary(json::binary_t& v) { Enter(false, false); return dom.binary(v); }
    bool string(json::string_t& v)
    {
        if (v.size() > kMaxStringBytes)
            report(path.Pointer(true), problem::kStringTooLong,
                   "a string of " + std::to_string(v.size()) + " bytes (at most " + std::to_string(kMaxStringBytes) + ")");
        Enter(false, false);
        return dom.string(v);
    }
    bool start_object(std::size_t n) { Enter(true, false); return dom.start_object(n); }
    bool start_array(std::size_t n) { Enter(false, true); return dom.start_array(n); }
    bool end_object() { path.frames.pop_back(); return dom.end_object(); }
    bool end_array() { path.frames.pop_back(); return dom.end_array(); }
    bool key(json::string_t& k)
    {
        auto& f = path.frames.back();
        f.key = k;
        if (f.key.size() > kMaxKeyBytes) {
            report(path.Pointer(false), problem::kStringTooLong,
                   "a key of " + std::to_string(f.key.size()) + " bytes (at most " + std::to_string(kMaxKeyBytes) + ")");
            f.key = f.key.substr(0, kMaxKeyBytes) + "...";
        }
        if (!f.keys.insert(f.key).second)
            report(path.Pointer(true), problem::kDuplicateKey,
                   "key '" + f.key + "' appears twice in the same object (only the last one would count)");
        return dom.key(k);
    }
    // A template, as the DOM builder's: it throws the exception's own type (parse_error, or
    // out_of_range 406 for a number beyond a double), each caught below.
    template <class Exception>
    bool parse_error(std::size_t pos, const std::string& token, const Exception& e)
    {
        return dom.parse_error(pos, token, e);
    }
};

ParseOutcome ParseJson(const std::string& text, const std::string& file)
{
    ParseOutcome out;
    ParsePath path;
    auto report = [&](std::string pointer, const char* id, std::string message) {
        if (out.problems.size() >= kMaxProblems) { ++out.dropped; return; }
        out.problems.push_back({file, std::move(pointer), id, std::move(message), false});
    };
    if (text.size() > kMaxFileBytes) {
        report("", problem::kFileTooLarge,
               "the file is " + std::to_string(text.size()) + " bytes, more than the " + std::to_string(kMaxFileBytes >> 20) +
                   " MiB a scenario may have: not parsed");
        return out;
    }
    try {
        Handler handler{nlohmann::detail::json_sax_dom_parser<json>(out.doc, /*allow_exceptions=*/true), path, report};
        out.ok = json::sax_parse(text, &handler, json::input_format_t::json, /*strict=*/true, /*ignore_comments=*/false);
    } catch (const TooDeep&) {
        out.problems.push_back({file, path.Pointer(false), problem::kTooDeep,
                                "JSON nested more than " + std::to_string(kMaxDepth) + " levels deep: not parsed further",
                                false});
    } catch (const json::parse_error& e) {
        // Line and column of the byte where the parser stopped (e.byte counts from 1).
        const size_t byte = e.byte;
        const size_t upto = std::min(byte > 0 ? byte - 1 : 0, text.size());
        size_t line = 1, line_start = 0;
        for (size_t i = 0; i < upto; ++i)
            if (text[i] == '\n') { ++line; line_start = i + 1; }
        const size_t column = upto - line_start + 1;
        std::string detail = e.what();
        if (auto p = detail.find("] "); p != std::string::npos) detail = detail.substr(p + 2);
        if (detail.rfind("parse error", 0) == 0)
            if (auto p = detail.find(": "); p != std::string::npos) detail = detail.substr(p + 2);
        out.problems.push_back({file, path.Pointer(false), problem::kSyntax,
                                "JSON syntax error at line " + std::to_string(line) + ", column " +
                                    std::to_string(column) + " (byte " + std::to_string(byte) + "): " + detail,
                                false});
    } catch (const json::out_of_range& e) {
        // 406: a number literal that does not fit a double (1e999).
        std::string detail = e.what();
        if (auto p = detail.find("] "); p != std::string::npos) detail = detail.substr(p + 2);
        out.problems.push_back({file, path.Pointer(true), problem::kTooLarge, detail, false});
    } catch (const json::exception& e) {
        out.problems.push_back({file, path.Pointer(false), problem::kSyntax, e.what(), false});
    }
    return out;
}

// [SECTION] The loader: typed field access

enum class SecondsRule { NonNegative, Positive, Any };

struct PendingHostUser {
    HostId host;
    std::string identity;
    std::string pointer;
};

struct GroupSpec {
    std::string pointer;
    std::string prefix;
    int64_t count = 0;
    bool scalable = false;
    ZoneId zone = kNone;
    std::string kind = "workstation";
    std::string os = "windows";
    int criticality = 1;
    std::optional<bool> production;
    Team owner = Team::ITOps;
    std::vector<std::string> software;
    std::vector<std::pair<int32_t, double>> vulns;   // index into world.vulns, probability
    std::vector<std::pair<int32_t, double>> sensors; // sensor type, coverage probability
    bool backup = false;
    bool user_per_host = false;
    bool valid = true; // false: a problem was reported, the group is not expanded
};

class Loader {
public:
    Loader(std::string file, const LoadOptions& options, LoadResult& result)
        : file_(std::move(file)), options_(options), result_(result),
          rng_(Rng(options.seed).DeriveSeed(0x776F726C64ull /* "world" */))
    {
    }

    void Run(const std::string& text);
    // After Run: one summary problem for those beyond kMaxProblems (scenario.075).
    void Finish();

private:
    Scenario& S() { return result_.scenario; }
    World& W() { return result_.scenario.world; }

    // -- problems
    void Error(std::string pointer, const char* id, std::string message)
    {
        Add({file_, std::move(pointer), id, std::move(message), false});
    }
    void Warn(std::string pointer, const char* id, std::string message)
    {
        Add({file_, std::move(pointer), id, std::move(message), true});
    }
    // Past kMaxProblems a problem is counted, not kept: a file with a million unknown keys must
    // not cost a million messages.
    void Add(Problem p)
    {
        if (result_.problems.size() >= kMaxProblems) {
            ++dropped_;
            dropped_error_ = dropped_error_ || !p.warning;
            return;
        }
        result_.problems.push_back(std::move(p));
    }
    // Counts `n` generated items against kMaxExpansion; false (reported once) when over.
    bool Expand(int64_t n, const std::string& ptr, const char* what)
    {
        expansion_ += n;
        if (expansion_ <= kMaxExpansion) return true;
        if (!expansion_reported_)
            Error(ptr, problem::kTooMuchExpansion,
                  std::string(what) + " would generate more than " + std::to_string(kMaxExpansion) +
                      " items in all (host-group draws and identity references): not generated");
        expansion_reported_ = true;
        return false;
    }

    // -- typed access. Every getter reports what is wrong and returns the default (or nullopt).
    void CheckKeys(const json& obj, const std::string& ptr, std::initializer_list<std::string_view> known)
    {
        for (auto it = obj.begin(); it != obj.end(); ++it) {
            bool ok = false;
            for (auto k : known)
                if (k == it.key()) { ok = true; break; }
            if (!ok) Warn(At(ptr, it.key()), problem::kUnknownKey, "unknown key '" + it.key() + "' is ignored");
        }
    }

    bool ExpectType(const json& v, const std::string& ptr, json::value_t type, const char* what)
    {
        const bool ok = type == json::value_t::number_float ? v.is_number() : v.type() == type;
        if (!ok) Error(ptr, problem::kWrongType, std::string("expected ") + what + ", got " + v.type_name());
        return ok;
    }

    const json* Member(const json& obj, const std::string& ptr, const char* key, bool required)
    {
        auto it = obj.find(key);
        if (it == obj.end()) {
            if (required) Error(ptr, problem::kMissing, std::string("required field '") + key + "' is missing");
            return nullptr;
        }
        return &*it;
    }

    const json* GetObject(const json& obj, const std::string& ptr, const char* key, bool required)
    {
        const json* v = Member(obj, ptr, key, required);
        if (v && !ExpectType(*v, At(ptr, key), json::value_t::object, "an object")) return nullptr;
        return v;
    }

    const json* GetArray(const json& obj, const std::string& ptr, const char* key, bool required)
    {
        const json* v = Member(obj, ptr, key, required);
        if (v && !ExpectType(*v, At(ptr, key), json::value_t::array, "an array")) return nullptr;
        return v;
    }

    std::optional<std::string> GetString(const json& obj, const std::string& ptr, const char* key, bool required)
    {
        const json* v = Member(obj, ptr, key, required);
        if (!v || !ExpectType(*v, At(ptr, key), json::value_t::string, "a string")) return std::nullopt;
        return v->get<std::string>();
    }

    std::string GetStringOr(const json& obj, const std::string& ptr, const char* key, const std::string& def)
    {
        auto s = GetString(obj, ptr, key, false);
        return s ? *s : def;
    }

    // A string, or an array of strings joined by new lines (long prose is easier to write so).
    std::string GetText(const json& obj, const std::string& ptr, const char* key)
    {
        const json* v = Member(obj, ptr, key, false);
        if (!v) return {};
        if (v->is_string()) return v->get<std::string>();
        if (!v->is_array()) {
            Error(At(ptr, key), problem::kWrongType, std::string("expected a string or an array of strings, got ") + v->type_name());
            return {};
        }
        std::string out;
        for (size_t i = 0; i < v->size(); ++i) {
            if (!ExpectType((*v)[i], At(At(ptr, key), i), json::value_t::string, "a string")) continue;
            if (i) out += "\n";
            out += (*v)[i].get<std::string>();
        }
        return out;
    }

    std::vector<std::string> GetStrings(const json& obj, const std::string& ptr, const char* key,
                                        std::vector<std::string>* pointers = nullptr)
    {
        std::vector<std::string> out;
        const json* a = GetArray(obj, ptr, key, false);
        if (!a) return out;
        for (size_t i = 0; i < a->size(); ++i) {
            const std::string p = At(At(ptr, key), i);
            if (!ExpectType((*a)[i], p, json::value_t::string, "a string")) continue;
            out.push_back((*a)[i].get<std::string>());
            if (pointers) pointers->push_back(p);
        }
        return out;
    }

    bool GetBool(const json& obj, const std::string& ptr, const char* key, bool def)
    {
        const json* v = Member(obj, ptr, key, false);
        if (!v || !ExpectType(*v, At(ptr, key), json::value_t::boolean, "true or false")) return def;
        return v->get<bool>();
    }

    // A JSON number that is finite. (JSON cannot spell NaN or infinity, but a huge literal such
    // as 1e308 * 10 is refused by the parser; this catches anything that slips through.)
    std::optional<double> Number(const json& v, const std::string& ptr)
    {
        if (!ExpectType(v, ptr, json::value_t::number_float, "a number")) return std::nullopt;
        const double d = v.get<double>();
        if (!std::isfinite(d)) {
            Error(ptr, problem::kTooLarge, "number is not finite");
            return std::nullopt;
        }
        return d;
    }

    // An integer with a sanity limit: negative -> 010, above max -> 019, below min -> 020.
    std::optional<int64_t> Integer(const json& v, const std::string& ptr, int64_t min, int64_t max, const char* what)
    {
        auto d = Number(v, ptr);
        if (!d) return std::nullopt;
        if (*d != std::floor(*d)) {
            Error(ptr, problem::kWrongType, std::string("expected a whole number (") + what + "), got " + NumberText(*d));
            return std::nullopt;
        }
        if (*d > (double)max) {
            Error(ptr, problem::kTooLarge, std::string(what) + " " + NumberText(*d) + " is too large (at most " + NumberText((double)max) + ")");
            return std::nullopt;
        }
        if (*d < (double)-max) {
            Error(ptr, problem::kTooLarge, std::string(what) + " " + NumberText(*d) + " is too large a negative number");
            return std::nullopt;
        }
        if (*d < 0 && min >= 0) {
            Error(ptr, problem::kNegative, std::string(what) + " must not be negative, got " + NumberText(*d));
            return std::nullopt;
        }
        if (*d < (double)min) {
            Error(ptr, problem::kOutOfRange, std::string(what) + " must be at least " + NumberText((double)min) + ", got " + NumberText(*d));
            return std::nullopt;
        }
        // Exact for integers written as such; a float literal is within +-max anyway.
        if (v.is_number_integer()) return v.get<int64_t>();
        return (int64_t)*d;
    }

    SimTime GetSeconds(const json& obj, const std::string& ptr, const char* key, SimTime def, SecondsRule rule)
    {
        const json* v = Member(obj, ptr, key, false);
        if (!v) return def;
        const int64_t min = rule == SecondsRule::Any ? -kMaxSeconds : rule == SecondsRule::Positive ? 1 : 0;
        auto n = Integer(*v, At(ptr, key), min, kMaxSeconds, key);
        return n ? *n : def;
    }

    int64_t GetCount(const json& obj, const std::string& ptr, const char* key, int64_t def, int64_t min, int64_t max,
                     bool required = false)
    {
        const json* v = Member(obj, ptr, key, required);
        if (!v) return def;
        auto n = Integer(*v, At(ptr, key), min, max, key);
        return n ? *n : def;
    }

    // An integer from a bounded scale (criticality 1..5): anything outside -> 020.
    int64_t GetScale(const json& obj, const std::string& ptr, const char* key, int64_t def, int64_t lo, int64_t hi)
    {
        const json* v = Member(obj, ptr, key, false);
        if (!v) return def;
        auto d = Number(*v, At(ptr, key));
        if (!d) return def;
        if (*d != std::floor(*d)) {
            Error(At(ptr, key), problem::kWrongType, std::string("expected a whole number (") + key + "), got " + NumberText(*d));
            return def;
        }
        if (*d < (double)lo || *d > (double)hi) {
            Error(At(ptr, key), problem::kOutOfRange,
                  std::string(key) + " must be between " + std::to_string(lo) + " and " + std::to_string(hi) + ", got " + NumberText(*d));
            return def;
        }
        return (int64_t)*d;
    }

    double ProbabilityOf(const json& v, const std::string& ptr, double def, const char* what)
    {
        auto d = Number(v, ptr);
        if (!d) return def;
        if (*d < 0.0 || *d > 1.0) {
            Error(ptr, problem::kProbability, std::string(what) + " must be a probability between 0 and 1, got " + NumberText(*d));
            return def;
        }
        return *d;
    }

    double GetProbability(const json& obj, const std::string& ptr, const char* key, double def)
    {
        const json* v = Member(obj, ptr, key, false);
        return v ? ProbabilityOf(*v, At(ptr, key), def, key) : def;
    }

    // A non-negative quantity without a natural upper bound (a cost, a rate): negative -> 010,
    // beyond the sanity limit -> 019.
    double GetAmount(const json& obj, const std::string& ptr, const char* key, double def, double max)
    {
        const json* v = Member(obj, ptr, key, false);
        if (!v) return def;
        auto d = Number(*v, At(ptr, key));
        if (!d) return def;
        if (*d > max) {
            Error(At(ptr, key), problem::kTooLarge, std::string(key) + " " + NumberText(*d) + " is too large (at most " + NumberText(max) + ")");
            return def;
        }
        if (*d < 0) {
            Error(At(ptr, key), problem::kNegative, std::string(key) + " must not be negative, got " + NumberText(*d));
            return def;
        }
        return *d;
    }

    // A real number on a documented scale: anything outside [lo, hi] -> 020.
    double GetRanged(const json& obj, const std::string& ptr, const char* key, double def, double lo, double hi)
    {
        const json* v = Member(obj, ptr, key, false);
        if (!v) return def;
        auto d = Number(*v, At(ptr, key));
        if (!d) return def;
        if (*d < lo || *d > hi) {
            Error(At(ptr, key), problem::kOutOfRange,
                  std::string(key) + " must be between " + NumberText(lo) + " and " + NumberText(hi) + ", got " + NumberText(*d));
            return def;
        }
        return *d;
    }

    Team GetTeam(const json& obj, const std::string& ptr, const char* key, Team def)
    {
        auto s = GetString(obj, ptr, key, false);
        if (!s) return def;
        if (*s == "itops") return Team::ITOps;
        if (*s == "secops") return Team::SecOps;
        Error(At(ptr, key), problem::kBadTeam, "unknown team '" + *s + "' (expected itops or secops)");
        return def;
    }

    // An id: required, a string of letters, digits, '.', '_' or '-', at most 64 characters.
    std::optional<std::string> GetId(const json& obj, const std::string& ptr, const char* key)
    {
        auto s = GetString(obj, ptr, key, true);
        if (!s) return std::nullopt;
        if (!CheckIdText(*s, At(ptr, key))) return std::nullopt;
        return s;
    }

    bool CheckIdText(const std::string& s, const std::string& ptr)
    {
        bool ok = !s.empty() && s.size() <= kMaxIdLength;
        for (char c : s)
            if (!(std::isalnum((unsigned char)c) || c == '.' || c == '_' || c == '-')) ok = false;
        if (!ok)
            Error(ptr, problem::kInvalidId,
                  "id '" + s + "' must be 1 to 64 letters, digits, '.', '_' or '-'");
        return ok;
    }

    // Records the first definition of an id; reports a second one.
    bool Define(std::unordered_map<std::string, std::string>& table, const std::string& id, const std::string& ptr, const char* what)
    {
        auto [it, fresh] = table.emplace(id, ptr);
        if (!fresh) Error(ptr, problem::kDuplicateId, std::string(what) + " '" + id + "' is defined twice (first at " + it->second + ")");
        return fresh;
    }

    // -- sections
    void LoadMetadata(const json& root);
    void LoadInfrastructure(const json& root);
    void LoadSensorTypes(const json& infra);
    void LoadVulnerabilities(const json& infra);
    void LoadZones(const json& infra);
    void LoadFlows(const json& infra);
    void LoadHosts(const json& infra);
    void LoadHostGroups(const json& infra);
    void ExpandHostGroups(std::vector<GroupSpec>& groups);
    void LoadIdentities(const json& root);
    void LoadServices(const json& root);
    void LoadStores(const json& root);
    void LoadCampaign(const json& root);
    void LoadOperations(const json& root);
    void CheckAttackPath();
    void LoadOrgProfiles(const json& root);
    void LoadAutopilot(const json& root);
    void LoadCommandDurations(const json& root);
    void LoadInjects(const json& root);
    void LoadScript(const json& root, const std::string& scenario_text);
    std::optional<InjectAction> LoadInjectAction(const json& o, const std::string& p, bool by);

    // Resolvers: kNone (and a problem reported) when undefined.
    ZoneId ZoneRef(const std::string& id, const std::string& ptr)
    {
        auto it = zone_index_.find(id);
        if (it != zone_index_.end()) return it->second;
        Error(ptr, problem::kNoZone, "zone '" + id + "' is not defined");
        return kNone;
    }
    HostId HostRef(const std::string& id, const std::string& ptr)
    {
        auto it = host_index_.find(id);
        if (it != host_index_.end()) return it->second;
        Error(ptr, problem::kNoHost, "host '" + id + "' is not defined");
        return kNone;
    }
    SensorTypeId SensorRef(const std::string& id, const std::string& ptr)
    {
        auto it = sensor_index_.find(id);
        if (it != sensor_index_.end()) return it->second;
        Error(ptr, problem::kNoSensor, "sensor type '" + id + "' is not defined");
        return kNone;
    }
    int32_t VulnRef(const std::string& id, const std::string& ptr)
    {
        auto it = vuln_index_.find(id);
        if (it != vuln_index_.end()) return it->second;
        Error(ptr, problem::kNoVuln, "vulnerability '" + id + "' is not defined");
        return kNone;
    }
    // A host id or a host-group prefix: appends the hosts it names. False (reported) when neither.
    bool HostsOrGroup(const std::string& id, const std::string& ptr, std::vector<HostId>& out)
    {
        if (auto it = host_index_.find(id); it != host_index_.end()) { out.push_back(it->second); return true; }
        if (auto it = group_hosts_.find(id); it != group_hosts_.end()) {
            if (Expand((int64_t)it->second.size(), ptr, ("host group '" + id + "'").c_str()))
                out.insert(out.end(), it->second.begin(), it->second.end());
            return true;
        }
        Error(ptr, problem::kNoHost, "host or host group '" + id + "' is not defined");
        return false;
    }

    // An entry of a "probability list": "id" (probability 1) or {"id": "...", "prob": p}.
    std::optional<std::pair<std::string, double>> ProbEntry(const json& v, const std::string& ptr)
    {
        if (v.is_string()) return std::make_pair(v.get<std::string>(), 1.0);
        if (!v.is_object()) {
            Error(ptr, problem::kWrongType, std::string("expected a string or an object {\"id\", \"prob\"}, got ") + v.type_name());
            return std::nullopt;
        }
        CheckKeys(v, ptr, {"id", "prob"});
        auto id = GetString(v, ptr, "id", true);
        const double p = GetProbability(v, ptr, "prob", 1.0);
        if (!id) return std::nullopt;
        return std::make_pair(*id, p);
    }

    std::string file_;
    LoadOptions options_;
    LoadResult& result_;
    Rng rng_;

    // First definitions (id -> pointer) for the duplicate check, and id -> index for references.
    // Looked up, never walked: hashed (a 1,000-host estate spent a fifth of its load on ordered
    // string maps, callgrind).
    std::unordered_map<std::string, std::string> zone_defs_, host_defs_, group_defs_, vuln_defs_, sensor_defs_,
        identity_defs_, service_defs_, store_defs_;
    std::unordered_map<std::string, ZoneId> zone_index_;
    std::unordered_map<std::string, HostId> host_index_;
    std::unordered_map<std::string, SensorTypeId> sensor_index_;
    std::unordered_map<std::string, int32_t> vuln_index_;
    std::unordered_map<std::string, IdentityId> identity_index_;
    std::unordered_map<std::string, StoreId> store_index_;
    std::unordered_map<std::string, std::vector<HostId>> group_hosts_; // prefix -> its hosts, in order
    std::vector<std::pair<ZoneId, ZoneId>> flow_pairs_;
    std::vector<PendingHostUser> pending_users_;
    std::vector<HostId> user_hosts_; // hosts of groups with user_per_host, in host order
    bool hosts_truncated_ = false;
    std::vector<bool> stage_refs_ok_;
    size_t dropped_ = 0;        // problems beyond kMaxProblems
    bool dropped_error_ = false;
    int64_t expansion_ = 0;     // items generated so far (kMaxExpansion)
    bool expansion_reported_ = false;
};

// [SECTION] The loader: metadata and infrastructure

void Loader::Run(const std::string& text)
{
    Hasher h;
    h.Bytes(text.data(), text.size());
    S().content_hash = Hex16(h.Value());

    ParseOutcome parsed = ParseJson(text, file_);
    for (auto& p : parsed.problems) Add(std::move(p));
    dropped_ += parsed.dropped;
    dropped_error_ = dropped_error_ || parsed.dropped > 0; // the parser reports errors only
    if (!parsed.ok) return;
    const json& root = parsed.doc;
    if (!root.is_object()) {
        Error("", problem::kWrongType, std::string("a scenario must be a JSON object, got ") + root.type_name());
        return;
    }
    CheckKeys(root, "", {"$schema", "format", "metadata", "infrastructure", "identities", "services", "data_stores",
                         "campaign", "operations_events", "org_profiles", "autopilot", "command_durations", "injects",
                         "script", "script_limits"});
    if (auto f = GetString(root, "", "format", false); f && *f != kFormatName)
        Error("/format", problem::kBadFormat, "unknown format '" + *f + "' (this program reads '" + std::string(kFormatName) + "')");
    if (options_.size < 0)
        Error("", problem::kOutOfRange, "size must be 0 (the scenario's own host counts) or more, got " + std::to_string(options_.size));

    LoadMetadata(root);
    LoadInfrastructure(root);
    LoadIdentities(root);
    LoadServices(root);
    LoadStores(root);
    LoadCampaign(root);
    LoadOperations(root);
    LoadOrgProfiles(root);
    LoadAutopilot(root);
    LoadCommandDurations(root);
    LoadInjects(root);
    LoadScript(root, text);

    // The flows matrix: zones x zones.
    const size_t nz = W().zones.size();
    W().flows.assign(nz, std::vector<uint8_t>(nz, 0));
    for (auto [a, b] : flow_pairs_) W().flows[a][b] = 1;
    W().IndexIds();

    CheckAttackPath();
}

void Loader::Finish()
{
    if (dropped_ == 0) return;
    result_.problems.push_back({file_, "", problem::kTooManyProblems,
                                "more than " + std::to_string(kMaxProblems) + " problems: " + std::to_string(dropped_) +
                                    " more were not listed",
                                !dropped_error_});
}

void Loader::LoadMetadata(const json& root)
{
    const json* m = GetObject(root, "", "metadata", true);
    if (!m) return;
    const std::string p = "/metadata";
    CheckKeys(*m, p, {"id", "title", "summary", "briefing", "facilitator_notes", "currency", "duration_s", "regimes", "objectives"});
    Scenario& s = S();
    if (auto id = GetId(*m, p, "id")) s.id = *id;
    if (auto t = GetString(*m, p, "title", true)) s.title = *t;
    s.summary = GetText(*m, p, "summary");
    s.briefing = GetText(*m, p, "briefing");
    s.facilitator_notes = GetText(*m, p, "facilitator_notes");
    s.currency = GetStringOr(*m, p, "currency", "EUR");
    s.duration_s = GetSeconds(*m, p, "duration_s", 7 * kDay, SecondsRule::Positive);
    const auto regimes = GetStrings(*m, p, "regimes");
    for (size_t i = 0; i < regimes.size(); ++i) {
        const std::string& r = regimes[i];
        if (r != "nis2" && r != "gdpr") {
            Error(At(At(p, "regimes"), i), problem::kBadRegime, "unknown regime '" + r + "' (expected nis2 or gdpr)");
            continue;
        }
        if (std::find(s.regimes.begin(), s.regimes.end(), r) == s.regimes.end()) s.regimes.push_back(r);
    }
    s.objectives = GetStrings(*m, p, "objectives");
}

void Loader::LoadInfrastructure(const json& root)
{
    const json* infra = GetObject(root, "", "infrastructure", true);
    if (!infra) return;
    CheckKeys(*infra, "/infrastructure", {"zones", "flows", "vulnerabilities", "sensor_types", "hosts", "host_groups"});
    // Order matters: zones and hosts refer to sensor types and vulnerabilities.
    LoadSensorTypes(*infra);
    LoadVulnerabilities(*infra);
    LoadZones(*infra);
    LoadFlows(*infra);
    LoadHosts(*infra);
    LoadHostGroups(*infra);
    if (!W().hosts.empty()) return;
    // No host at all: say why, unless broken entries were reported already.
    size_t written = 0;
    for (const char* key : {"hosts", "host_groups"})
        if (auto it = infra->find(key); it != infra->end() && it->is_array()) written += it->size();
    if (!infra->contains("hosts") && !infra->contains("host_groups"))
        Error("/infrastructure", problem::kMissing, "required field 'hosts' or 'host_groups' is missing");
    else if (written == 0)
        Error(infra->contains("hosts") ? "/infrastructure/hosts" : "/infrastructure/host_groups", problem::kEmptyList,
              "the scenario defines no host (hosts and host_groups are both empty)");
}

void Loader::LoadSensorTypes(const json& infra)
{
    const json* a = GetArray(infra, "/infrastructure", "sensor_types", false);
    if (!a) return;
    for (size_t i = 0; i < a->size(); ++i) {
        const std::string p = At("/infrastructure/sensor_types", i);
        const json& o = (*a)[i];
        if (!ExpectType(o, p, json::value_t::object, "an object")) continue;
        CheckKeys(o, p, {"id", "name", "team", "observes", "detect_prob", "delay_s", "fp_per_day", "symptoms"});
        SensorType st;
        auto id = GetId(o, p, "id");
        st.name = GetStringOr(o, p, "name", id ? *id : std::string());
        st.team = GetTeam(o, p, "team", Team::SecOps);
        const auto observes = GetStrings(o, p, "observes");
        for (size_t k = 0; k < observes.size(); ++k) {
            if (!Catalog().HasDataComponent(observes[k])) {
                Error(At(At(p, "observes"), k), problem::kNoDataComponent,
                      "data component '" + observes[k] + "' is not in ATT&CK v18.1 (ids look like DC0032)");
                continue;
            }
            st.observes.push_back(observes[k]);
        }
        std::sort(st.observes.begin(), st.observes.end());
        st.observes.erase(std::unique(st.observes.begin(), st.observes.end()), st.observes.end());
        st.detect_prob = GetProbability(o, p, "detect_prob", st.detect_prob);
        st.delay_s = GetSeconds(o, p, "delay_s", st.delay_s, SecondsRule::NonNegative);
        st.fp_per_day = GetAmount(o, p, "fp_per_day", 0.0, 10000.0);
        st.symptoms = GetBool(o, p, "symptoms", false);
        if (!id || !Define(sensor_defs_, *id, At(p, "id"), "sensor type")) continue;
        st.id = *id;
        sensor_index_[st.id] = (SensorTypeId)W().sensor_types.size();
        W().sensor_types.push_back(std::move(st));
    }
}

void Loader::LoadVulnerabilities(const json& infra)
{
    const json* a = GetArray(infra, "/infrastructure", "vulnerabilities", false);
    if (!a) return;
    for (size_t i = 0; i < a->size(); ++i) {
        const std::string p = At("/infrastructure/vulnerabilities", i);
        const json& o = (*a)[i];
        if (!ExpectType(o, p, json::value_t::object, "an object")) continue;
        CheckKeys(o, p, {"id", "software", "disclosed_at_s", "remote", "patch_fail_prob"});
        Vulnerability v;
        auto id = GetId(o, p, "id");
        v.software = GetStringOr(o, p, "software", "");
        v.disclosed_at = GetSeconds(o, p, "disclosed_at_s", 0, SecondsRule::Any);
        v.remote = GetBool(o, p, "remote", true);
        v.patch_fail_prob = GetProbability(o, p, "patch_fail_prob", 0.0);
        if (!id || !Define(vuln_defs_, *id, At(p, "id"), "vulnerability")) continue;
        v.id = *id;
        vuln_index_[v.id] = (int32_t)W().vulns.size();
        W().vulns.push_back(std::move(v));
    }
}

void Loader::LoadZones(const json& infra)
{
    const json* a = GetArray(infra, "/infrastructure", "zones", true);
    if (!a) return;
    if (a->empty()) Error("/infrastructure/zones", problem::kEmptyList, "zones needs at least one zone");
    if (a->size() > kMaxZones) {
        Error("/infrastructure/zones", problem::kTooManyZones,
              std::to_string(a->size()) + " zones, more than the " + std::to_string(kMaxZones) + " the engine supports");
        return;
    }
    for (size_t i = 0; i < a->size(); ++i) {
        const std::string p = At("/infrastructure/zones", i);
        const json& o = (*a)[i];
        if (!ExpectType(o, p, json::value_t::object, "an object")) continue;
        CheckKeys(o, p, {"id", "name", "internet", "sensors"});
        Zone z;
        auto id = GetId(o, p, "id");
        z.name = GetStringOr(o, p, "name", id ? *id : std::string());
        z.internet = GetBool(o, p, "internet", false);
        std::vector<std::string> ptrs;
        const auto sensors = GetStrings(o, p, "sensors", &ptrs);
        for (size_t k = 0; k < sensors.size(); ++k)
            if (SensorTypeId s = SensorRef(sensors[k], ptrs[k]); s != kNone) z.sensors.push_back(s);
        DedupeKeepOrder(z.sensors);
        if (!id || !Define(zone_defs_, *id, At(p, "id"), "zone")) continue;
        z.id = *id;
        zone_index_[z.id] = (ZoneId)W().zones.size();
        W().zones.push_back(std::move(z));
    }
    if (!a->empty() && !W().zones.empty() &&
        std::none_of(W().zones.begin(), W().zones.end(), [](const Zone& z) { return z.internet; }))
        Error("/infrastructure/zones", problem::kNoInternet,
              "no zone has \"internet\": true: the attacker needs somewhere to start from");
}

void Loader::LoadFlows(const json& infra)
{
    const json* a = GetArray(infra, "/infrastructure", "flows", false);
    if (!a) return;
    for (size_t i = 0; i < a->size(); ++i) {
        const std::string p = At("/infrastructure/flows", i);
        const json& f = (*a)[i];
        if (!f.is_array() || f.size() != 2 || !f[0].is_string() || !f[1].is_string()) {
            Error(p, problem::kWrongType, "expected a pair of zone ids [from, to], got " + ValueText(f));
            continue;
        }
        const ZoneId from = ZoneRef(f[0].get<std::string>(), At(p, 0));
        const ZoneId to = ZoneRef(f[1].get<std::string>(), At(p, 1));
        if (from != kNone && to != kNone) flow_pairs_.emplace_back(from, to);
    }
}

void Loader::LoadHosts(const json& infra)
{
    const json* a = GetArray(infra, "/infrastructure", "hosts", false);
    if (!a) return;
    for (size_t i = 0; i < a->size(); ++i) {
        const std::string p = At("/infrastructure/hosts", i);
        const json& o = (*a)[i];
        if (!ExpectType(o, p, json::value_t::object, "an object")) continue;
        CheckKeys(o, p, {"id", "kind", "os", "zone", "criticality", "production", "owner", "software", "vulns", "sensors",
                         "backup", "user"});
        Host h;
        auto id = GetId(o, p, "id");
        h.kind = GetStringOr(o, p, "kind", "server");
        if (!IsKnownHostKind(h.kind))
            Warn(At(p, "kind"), problem::kBadHostKind,
                 "host kind '" + h.kind + "' is not one the engine knows (" + KnownHostKinds() + "); it is treated as a server");
        h.os = GetStringOr(o, p, "os", "windows");
        if (auto z = GetString(o, p, "zone", true)) h.zone = ZoneRef(*z, At(p, "zone"));
        h.criticality = (int)GetScale(o, p, "criticality", 1, 1, 5);
        h.production = GetBool(o, p, "production", h.kind != "workstation");
        h.owner = GetTeam(o, p, "owner", Team::ITOps);
        h.software = GetStrings(o, p, "software");
        std::vector<std::string> ptrs;
        const auto vulns = GetStrings(o, p, "vulns", &ptrs);
        for (size_t k = 0; k < vulns.size(); ++k)
            if (int32_t v = VulnRef(vulns[k], ptrs[k]); v != kNone) h.vulns.push_back(v);
        ptrs.clear();
        const auto sensors = GetStrings(o, p, "sensors", &ptrs);
        for (size_t k = 0; k < sensors.size(); ++k)
            if (SensorTypeId s = SensorRef(sensors[k], ptrs[k]); s != kNone) h.sensors.push_back(s);
        DedupeKeepOrder(h.vulns);
        DedupeKeepOrder(h.sensors);
        h.backup = GetBool(o, p, "backup", false);
        auto user = GetString(o, p, "user", false);
        if (!id || !Define(host_defs_, *id, At(p, "id"), "host")) continue;
        h.id = *id;
        const HostId hid = (HostId)W().hosts.size();
        host_index_[h.id] = hid;
        if (user) pending_users_.push_back({hid, *user, At(p, "user")});
        W().hosts.push_back(std::move(h));
    }
}

void Loader::LoadHostGroups(const json& infra)
{
    const json* a = GetArray(infra, "/infrastructure", "host_groups", false);
    std::vector<GroupSpec> groups;
    if (a) {
        for (size_t i = 0; i < a->size(); ++i) {
            const std::string p = At("/infrastructure/host_groups", i);
            const json& o = (*a)[i];
            if (!ExpectType(o, p, json::value_t::object, "an object")) continue;
            CheckKeys(o, p, {"prefix", "count", "scalable", "zone", "kind", "os", "criticality", "production", "owner",
                             "software", "vulns", "sensors", "backup", "user_per_host"});
            GroupSpec g;
            g.pointer = p;
            auto prefix = GetId(o, p, "prefix");
            if (prefix) {
                g.prefix = *prefix;
                if (auto it = host_defs_.find(g.prefix); it != host_defs_.end()) {
                    Error(At(p, "prefix"), problem::kDuplicateId,
                          "host group '" + g.prefix + "' has the id of a host (defined at " + it->second + ")");
                    g.valid = false;
                } else if (!Define(group_defs_, g.prefix, At(p, "prefix"), "host group")) {
                    g.valid = false;
                }
            } else {
                g.valid = false;
            }
            if (o.contains("count")) {
                if (auto n = Integer(o["count"], At(p, "count"), 1, kMaxHosts, "count")) g.count = *n;
                else g.valid = false;
            } else {
                Error(p, problem::kMissing, "required field 'count' is missing");
                g.valid = false;
            }
            g.scalable = GetBool(o, p, "scalable", false);
            if (auto z = GetString(o, p, "zone", true)) {
                g.zone = ZoneRef(*z, At(p, "zone"));
                if (g.zone == kNone) g.valid = false;
            } else {
                g.valid = false;
            }
            g.kind = GetStringOr(o, p, "kind", "workstation");
            if (!IsKnownHostKind(g.kind))
                Warn(At(p, "kind"), problem::kBadHostKind,
                     "host kind '" + g.kind + "' is not one the engine knows (" + KnownHostKinds() + "); it is treated as a server");
            g.os = GetStringOr(o, p, "os", "windows");
            g.criticality = (int)GetScale(o, p, "criticality", 1, 1, 5);
            if (const json* prod = Member(o, p, "production", false);
                prod && ExpectType(*prod, At(p, "production"), json::value_t::boolean, "true or false"))
                g.production = prod->get<bool>();
            g.owner = GetTeam(o, p, "owner", Team::ITOps);
            g.software = GetStrings(o, p, "software");
            if (const json* vs = GetArray(o, p, "vulns", false)) {
                for (size_t k = 0; k < vs->size(); ++k) {
                    const std::string vp = At(At(p, "vulns"), k);
                    if (auto e = ProbEntry((*vs)[k], vp))
                        if (int32_t v = VulnRef(e->first, (*vs)[k].is_string() ? vp : At(vp, "id")); v != kNone)
                            g.vulns.emplace_back(v, e->second);
                }
            }
            if (const json* ss = GetArray(o, p, "sensors", false)) {
                for (size_t k = 0; k < ss->size(); ++k) {
                    const std::string sp = At(At(p, "sensors"), k);
                    if (auto e = ProbEntry((*ss)[k], sp))
                        if (SensorTypeId s = SensorRef(e->first, (*ss)[k].is_string() ? sp : At(sp, "id")); s != kNone)
                            g.sensors.emplace_back(s, e->second);
                }
            }
            g.backup = GetBool(o, p, "backup", false);
            g.user_per_host = GetBool(o, p, "user_per_host", false);
            groups.push_back(std::move(g));
        }
    }
    ExpandHostGroups(groups);
}

void Loader::ExpandHostGroups(std::vector<GroupSpec>& groups)
{
    // Scaling: explicit hosts and fixed groups keep their counts; scalable groups share what is left
    // of `size` in proportion to their written counts, at least one host each.
    int64_t fixed = (int64_t)W().hosts.size(), scalable = 0;
    for (const auto& g : groups) {
        if (!g.valid) continue;
        (g.scalable ? scalable : fixed) += g.count;
    }
    if (options_.size > 0) {
        if (scalable == 0) {
            Warn("/infrastructure/host_groups", problem::kNotScalable,
                 "size " + std::to_string(options_.size) + " was asked, but no host group is scalable: the scenario keeps its " +
                     std::to_string(fixed) + " hosts");
        } else {
            const double budget = (double)std::max<int64_t>(options_.size - fixed, 0);
            for (auto& g : groups)
                if (g.valid && g.scalable)
                    g.count = std::max<int64_t>(1, std::llround((double)g.count * budget / (double)scalable));
        }
    }
    int64_t total = (int64_t)W().hosts.size();
    for (const auto& g : groups)
        if (g.valid) total += g.count;
    bool too_many = total > kMaxHosts;
    if (too_many) {
        Error("/infrastructure/host_groups", problem::kTooManyHosts,
              "the scenario would have " + std::to_string(total) + " hosts" +
                  (options_.size > 0 ? " at size " + std::to_string(options_.size) : std::string()) + "; the limit is " +
                  std::to_string(kMaxHosts));
    } else {
        // Every host of a group draws each listed vulnerability and sensor: count x draws.
        for (const auto& g : groups)
            if (g.valid && !Expand(g.count * (int64_t)(g.vulns.size() + g.sensors.size()), g.pointer,
                                   ("host group '" + g.prefix + "'").c_str()))
                too_many = true;
    }
    if (too_many) {
        // The groups still exist (empty), so references to them are not reported a second time;
        // the attack path is not checked on a world that was not built.
        for (const auto& g : groups)
            if (g.valid) group_hosts_[g.prefix];
        hosts_truncated_ = true;
        return;
    }
    W().hosts.reserve((size_t)total);
    host_defs_.reserve((size_t)total);
    host_index_.reserve((size_t)total);

    for (const auto& g : groups) {
        if (!g.valid) continue;
        int width = 3;
        for (int64_t c = g.count; c >= 1000; c /= 10) ++width;
        auto& members = group_hosts_[g.prefix];
        members.reserve((size_t)g.count);
        const std::string idp = At(g.pointer, "prefix"); // where each of its hosts is defined
        for (int64_t n = 1; n <= g.count; ++n) {
            std::string num = std::to_string(n);
            if ((int)num.size() < width) num.insert(0, (size_t)width - num.size(), '0');
            Host h;
            h.id = g.prefix + "-" + num;
            h.kind = g.kind;
            h.os = g.os;
            h.zone = g.zone;
            h.criticality = g.criticality;
            h.production = g.production ? *g.production : g.kind != "workstation";
            h.owner = g.owner;
            h.software = g.software;
            // The draws, in a fixed order: each vulnerability, then each sensor, as listed.
            for (auto [v, prob] : g.vulns)
                if (rng_.Chance(prob)) h.vulns.push_back(v);
            for (auto [s, prob] : g.sensors)
                if (rng_.Chance(prob)) h.sensors.push_back(s);
            DedupeKeepOrder(h.vulns);
            DedupeKeepOrder(h.sensors);
            h.backup = g.backup;
            if (!Define(host_defs_, h.id, idp, "host")) continue;
            const HostId hid = (HostId)W().hosts.size();
            host_index_[h.id] = hid;
            members.push_back(hid);
            if (g.user_per_host) user_hosts_.push_back(hid);
            W().hosts.push_back(std::move(h));
        }
    }
}

// [SECTION] The loader: identities, services, data stores

void Loader::LoadIdentities(const json& root)
{
    if (const json* a = GetArray(root, "", "identities", false)) {
        for (size_t i = 0; i < a->size(); ++i) {
            const std::string p = At("/identities", i);
            const json& o = (*a)[i];
            if (!ExpectType(o, p, json::value_t::object, "an object")) continue;
            CheckKeys(o, p, {"id", "name", "privilege", "cached_on", "admin_on", "remote_access"});
            Identity idn;
            auto id = GetId(o, p, "id");
            idn.name = GetStringOr(o, p, "name", id ? *id : std::string());
            if (auto pr = GetString(o, p, "privilege", false)) {
                if (auto parsed = ParsePrivilege(*pr)) idn.privilege = *parsed;
                else
                    Error(At(p, "privilege"), problem::kBadPrivilege,
                          "unknown privilege '" + *pr + "' (expected user, local_admin, server_admin or domain_admin)");
            }
            // cached_on: host ids, group prefixes (every host of the group), or {"group", "prob"} draws.
            if (const json* cs = GetArray(o, p, "cached_on", false)) {
                for (size_t k = 0; k < cs->size(); ++k) {
                    const std::string cp = At(At(p, "cached_on"), k);
                    const json& c = (*cs)[k];
                    if (c.is_string()) {
                        HostsOrGroup(c.get<std::string>(), cp, idn.cached_on);
                    } else if (c.is_object()) {
                        CheckKeys(c, cp, {"group", "prob"});
                        auto group = GetString(c, cp, "group", true);
                        const double prob = GetProbability(c, cp, "prob", 1.0);
                        if (!group) continue;
                        auto it = group_hosts_.find(*group);
                        if (it == group_hosts_.end()) {
                            Error(At(cp, "group"), problem::kNoGroup, "host group '" + *group + "' is not defined");
                            continue;
                        }
                        if (!Expand((int64_t)it->second.size(), At(cp, "group"), ("host group '" + *group + "'").c_str())) continue;
                        for (HostId h : it->second)
                            if (rng_.Chance(prob)) idn.cached_on.push_back(h);
                    } else {
                        Error(cp, problem::kWrongType,
                              std::string("expected a host id, a group prefix or {\"group\", \"prob\"}, got ") + c.type_name());
                    }
                }
            }
            std::vector<std::string> ptrs;
            const auto admin = GetStrings(o, p, "admin_on", &ptrs);
            for (size_t k = 0; k < admin.size(); ++k) HostsOrGroup(admin[k], ptrs[k], idn.admin_on);
            for (auto* v : {&idn.cached_on, &idn.admin_on}) {
                std::sort(v->begin(), v->end());
                v->erase(std::unique(v->begin(), v->end()), v->end());
            }
            idn.remote_access = GetBool(o, p, "remote_access", false);
            if (!id || !Define(identity_defs_, *id, At(p, "id"), "identity")) continue;
            idn.id = *id;
            identity_index_[idn.id] = (IdentityId)W().identities.size();
            W().identities.push_back(std::move(idn));
        }
    }
    // One user per host of the groups that ask for it, after the written identities.
    identity_defs_.reserve(identity_defs_.size() + user_hosts_.size());
    identity_index_.reserve(identity_index_.size() + user_hosts_.size());
    for (HostId h : user_hosts_) {
        Identity u;
        u.id = "u-" + W().hosts[h].id;
        u.name = "User at " + W().hosts[h].id;
        u.cached_on = {h};
        if (auto it = identity_defs_.find(u.id); it != identity_defs_.end()) {
            Error(it->second, problem::kDuplicateId,
                  "identity '" + u.id + "' is also created by user_per_host for host '" + W().hosts[h].id + "'");
            continue;
        }
        identity_defs_.emplace(u.id, "(user_per_host)");
        const IdentityId iid = (IdentityId)W().identities.size();
        identity_index_[u.id] = iid;
        W().hosts[h].user = iid;
        W().identities.push_back(std::move(u));
    }
    for (const auto& pu : pending_users_) {
        auto it = identity_index_.find(pu.identity);
        if (it == identity_index_.end()) {
            Error(pu.pointer, problem::kNoIdentity, "identity '" + pu.identity + "' is not defined");
            continue;
        }
        W().hosts[pu.host].user = it->second;
    }
}

void Loader::LoadServices(const json& root)
{
    const json* a = GetArray(root, "", "services", false);
    if (!a) return;
    for (size_t i = 0; i < a->size(); ++i) {
        const std::string p = At("/services", i);
        const json& o = (*a)[i];
        if (!ExpectType(o, p, json::value_t::object, "an object")) continue;
        CheckKeys(o, p, {"id", "name", "depends_on", "standby", "cost_per_hour", "owner"});
        Service s;
        auto id = GetId(o, p, "id");
        s.name = GetStringOr(o, p, "name", id ? *id : std::string());
        std::vector<std::string> ptrs;
        const json* deps = GetArray(o, p, "depends_on", true);
        if (deps && deps->empty()) Error(At(p, "depends_on"), problem::kEmptyList, "depends_on needs at least one host");
        for (const auto& [field, out] : {std::pair{"depends_on", &s.depends_on}, std::pair{"standby", &s.standby}}) {
            ptrs.clear();
            const auto ids = GetStrings(o, p, field, &ptrs);
            for (size_t k = 0; k < ids.size(); ++k)
                if (HostId h = HostRef(ids[k], ptrs[k]); h != kNone) out->push_back(h);
            DedupeKeepOrder(*out);
        }
        s.cost_per_hour = GetAmount(o, p, "cost_per_hour", 0.0, kMaxMoney);
        s.owner = GetTeam(o, p, "owner", Team::ITOps);
        if (!id || !Define(service_defs_, *id, At(p, "id"), "service")) continue;
        s.id = *id;
        W().services.push_back(std::move(s));
    }
}

void Loader::LoadStores(const json& root)
{
    const json* a = GetArray(root, "", "data_stores", false);
    if (!a) return;
    for (size_t i = 0; i < a->size(); ++i) {
        const std::string p = At("/data_stores", i);
        const json& o = (*a)[i];
        if (!ExpectType(o, p, json::value_t::object, "an object")) continue;
        CheckKeys(o, p, {"id", "name", "host", "records", "personal_data"});
        DataStore d;
        auto id = GetId(o, p, "id");
        d.name = GetStringOr(o, p, "name", id ? *id : std::string());
        if (auto h = GetString(o, p, "host", true)) d.host = HostRef(*h, At(p, "host"));
        d.records = GetCount(o, p, "records", 0, 0, kMaxRecords);
        d.personal_data = GetBool(o, p, "personal_data", false);
        if (!id || !Define(store_defs_, *id, At(p, "id"), "data store")) continue;
        d.id = *id;
        store_index_[d.id] = (StoreId)W().stores.size();
        W().stores.push_back(std::move(d));
    }
}

// [SECTION] The loader: campaign and attack-path checks

void Loader::LoadCampaign(const json& root)
{
    // A scenario without an attack is allowed only when operations events give it something to play.
    const auto ops = root.find("operations_events");
    const bool has_ops = ops != root.end() && ops->is_array() && !ops->empty();
    const json* c = GetObject(root, "", "campaign", !has_ops);
    if (!c) return;
    const std::string cp = "/campaign";
    CheckKeys(*c, cp, {"seeded", "start_s", "c2_indicators", "c2_rebuild_s", "max_reentries", "stages"});
    Campaign& camp = S().campaign;
    camp.seeded = GetBool(*c, cp, "seeded", false);
    camp.start_s = GetSeconds(*c, cp, "start_s", 0, SecondsRule::NonNegative);
    camp.c2_indicators = GetStrings(*c, cp, "c2_indicators");
    camp.c2_rebuild_s = GetSeconds(*c, cp, "c2_rebuild_s", camp.c2_rebuild_s, SecondsRule::NonNegative);
    camp.max_reentries = (int)GetCount(*c, cp, "max_reentries", camp.max_reentries, 0, 1000);
    const json* stages = GetArray(*c, cp, "stages", !has_ops);
    if (!stages) return;
    if (stages->empty() && !has_ops)
        Error(At(cp, "stages"), problem::kEmptyList, "stages needs at least one stage (or the scenario needs operations_events)");

    bool needs_c2 = false;
    for (size_t i = 0; i < stages->size(); ++i) {
        const std::string p = At(At(cp, "stages"), i);
        const json& o = (*stages)[i];
        Stage st;
        bool refs_ok = true;
        if (!ExpectType(o, p, json::value_t::object, "an object")) {
            camp.stages.push_back(st);
            stage_refs_ok_.push_back(false);
            continue;
        }
        CheckKeys(o, p, {"name", "technique", "action", "target", "duration", "success_prob", "quiet_after_s", "max_attempts"});
        bool action_ok = false;
        if (auto a = GetString(o, p, "action", true)) {
            if (auto parsed = ParseStageAction(*a)) { st.action = *parsed; action_ok = true; }
            else
                Error(At(p, "action"), problem::kBadAction,
                      "unknown stage action '" + *a + "' (expected initial_access, execution, persistence, privilege_escalation, "
                      "credential_access, discovery, lateral_movement, command_and_control, collection, exfiltration, "
                      "inhibit_recovery or impact)");
        }
        if (!action_ok) refs_ok = false;
        if (action_ok && (st.action == StageAction::CommandAndControl || NeedsC2(st.action))) needs_c2 = true;
        if (auto t = GetString(o, p, "technique", true)) {
            st.technique = *t;
            const Technique* tech = Catalog().FindTechnique(*t);
            if (!tech) {
                Error(At(p, "technique"), problem::kNoTechnique, "technique '" + *t + "' is not in ATT&CK v18.1");
            } else if (tech->revoked) {
                Error(At(p, "technique"), problem::kRevoked,
                      "technique '" + *t + "' (" + tech->name + ") is revoked in ATT&CK v18.1: use the technique that replaced it");
            } else if (tech->deprecated) {
                Error(At(p, "technique"), problem::kDeprecated,
                      "technique '" + *t + "' (" + tech->name + ") is deprecated in ATT&CK v18.1");
            } else {
                if (action_ok) {
                    const std::string want = TacticOf(st.action);
                    if (std::find(tech->tactics.begin(), tech->tactics.end(), want) == tech->tactics.end())
                        Warn(At(p, "technique"), problem::kTacticMismatch,
                             "technique '" + *t + "' (" + tech->name + ") is not in the " + want + " tactic, but the stage action is " +
                                 StageActionName(st.action));
                }
                bool seen = tech->data_components.empty();
                for (const auto& sensor : W().sensor_types)
                    for (const auto& dc : tech->data_components)
                        if (std::binary_search(sensor.observes.begin(), sensor.observes.end(), dc)) seen = true;
                if (!seen)
                    Warn(At(p, "technique"), problem::kUnobservable,
                         "no sensor type observes any data component of technique '" + *t + "' (" + tech->name +
                             "): it can never raise an alert");
            }
        }
        {
            const Technique* tech = Catalog().FindTechnique(st.technique);
            st.name = GetStringOr(o, p, "name", tech ? tech->name : st.technique);
        }
        if (const json* tg = GetObject(o, p, "target", false)) {
            const std::string tp = At(p, "target");
            CheckKeys(*tg, tp, {"host", "kind", "zone", "store", "count"});
            st.target.host = GetStringOr(*tg, tp, "host", "");
            st.target.kind = GetStringOr(*tg, tp, "kind", "");
            st.target.zone = GetStringOr(*tg, tp, "zone", "");
            st.target.store = GetStringOr(*tg, tp, "store", "");
            st.target.count = (int)GetCount(*tg, tp, "count", 1, 0, kMaxHosts);
            if (!st.target.host.empty() && !host_index_.count(st.target.host)) {
                HostRef(st.target.host, At(tp, "host"));
                refs_ok = false;
            }
            if (!st.target.zone.empty() && !zone_index_.count(st.target.zone)) {
                ZoneRef(st.target.zone, At(tp, "zone"));
                refs_ok = false;
            }
            if (!st.target.store.empty() && !store_index_.count(st.target.store)) {
                Error(At(tp, "store"), problem::kNoStore, "data store '" + st.target.store + "' is not defined");
                refs_ok = false;
            }
            if (!st.target.kind.empty() && !IsKnownHostKind(st.target.kind))
                Warn(At(tp, "kind"), problem::kBadHostKind,
                     "host kind '" + st.target.kind + "' is not one the engine knows (" + KnownHostKinds() + ")");
        }
        if (action_ok && st.action == StageAction::Collection && st.target.store.empty()) {
            Error(o.contains("target") ? At(p, "target") : p, problem::kMissing,
                  "a collection stage needs target.store: the data store it stages records from");
            refs_ok = false;
        }
        if (const json* d = GetObject(o, p, "duration", false)) {
            const std::string dp = At(p, "duration");
            CheckKeys(*d, dp, {"median_s", "sigma"});
            st.duration.median_s = GetSeconds(*d, dp, "median_s", st.duration.median_s, SecondsRule::NonNegative);
            st.duration.sigma = GetRanged(*d, dp, "sigma", st.duration.sigma, 0.0, 5.0);
        }
        st.success_prob = GetProbability(o, p, "success_prob", st.success_prob);
        st.quiet_after_s = GetSeconds(o, p, "quiet_after_s", 0, SecondsRule::NonNegative);
        st.max_attempts = (int)GetCount(o, p, "max_attempts", st.max_attempts, 1, 1000);
        camp.stages.push_back(std::move(st));
        stage_refs_ok_.push_back(refs_ok);
    }
    if (!camp.stages.empty() && stage_refs_ok_[0] && camp.stages[0].action != StageAction::InitialAccess)
        Error(cp + "/stages/0/action", problem::kFirstStage,
              std::string("the first stage must be initial_access (the attacker starts outside), got ") +
                  StageActionName(camp.stages[0].action));
    if (needs_c2 && camp.c2_indicators.empty())
        Error(c->contains("c2_indicators") ? At(cp, "c2_indicators") : cp, problem::kNoC2,
              "the campaign has stages that work over a C2 channel but no c2_indicators: the defenders could never block it");
}

void Loader::CheckAttackPath()
{
    const World& w = W();
    const size_t nz = w.zones.size();
    if (nz == 0 || w.hosts.empty() || hosts_truncated_) return;

    // Zones reachable from `start` over flows, transitively (a zone reaches itself).
    auto reach = [&](const std::vector<bool>& start) {
        std::vector<bool> seen = start;
        std::vector<ZoneId> todo;
        for (size_t z = 0; z < nz; ++z)
            if (seen[z]) todo.push_back((ZoneId)z);
        while (!todo.empty()) {
            const ZoneId z = todo.back();
            todo.pop_back();
            for (size_t b = 0; b < nz; ++b)
                if (w.flows[z][b] && !seen[b]) { seen[b] = true; todo.push_back((ZoneId)b); }
        }
        return seen;
    };
    std::vector<bool> internet(nz, false);
    for (size_t z = 0; z < nz; ++z) internet[z] = w.zones[z].internet;
    // Zones the internet may open connections into directly (an internet zone counts for itself).
    std::vector<bool> exposed(nz, false);
    for (size_t a = 0; a < nz; ++a)
        if (internet[a])
            for (size_t b = 0; b < nz; ++b)
                if (a == b || w.flows[a][b]) exposed[b] = true;

    std::vector<bool> footholds(nz, false);
    bool any_foothold = false;
    const auto& stages = S().campaign.stages;
    for (size_t i = 0; i < stages.size(); ++i) {
        if (!stage_refs_ok_[i]) continue;
        const Stage& st = stages[i];
        const std::string p = "/campaign/stages/" + std::to_string(i);
        const TargetSelector& t = st.target;
        const bool via_store = !t.store.empty() &&
                               (st.action == StageAction::Collection || st.action == StageAction::Exfiltration);
        const HostId store_host = via_store ? w.stores[store_index_.at(t.store)].host : kNone;
        if (via_store && store_host == kNone) continue; // the store's own host was reported undefined
        const ZoneId tzone = t.zone.empty() ? kNone : zone_index_.at(t.zone);
        std::vector<HostId> matches;
        for (HostId h = 0; h < (HostId)w.hosts.size(); ++h) {
            const Host& host = w.hosts[h];
            if (host.zone == kNone) continue; // its zone was reported undefined
            if (!t.host.empty() && host.id != t.host) continue;
            if (!t.kind.empty() && host.kind != t.kind) continue;
            if (tzone != kNone && host.zone != tzone) continue;
            if (via_store && h != store_host) continue;
            matches.push_back(h);
        }
        auto describe = [&] {
            std::string d;
            auto add = [&](const char* k, const std::string& v) {
                if (v.empty()) return;
                if (!d.empty()) d += ", ";
                d += std::string(k) + " '" + v + "'";
            };
            add("host", t.host);
            add("kind", t.kind);
            add("zone", t.zone);
            add("store", t.store);
            return d.empty() ? std::string("any host") : d;
        };
        if (matches.empty()) {
            Error(st.target.host.empty() && st.target.kind.empty() && st.target.zone.empty() && t.store.empty() ? p : p + "/target",
                  problem::kNoTarget, "no host matches the target of stage '" + st.name + "' (" + describe() + ")");
            continue;
        }
        if (st.action == StageAction::InitialAccess) {
            // As the engine picks initial-access candidates (attacker.cpp): a phish needs a person at
            // the host; anything else needs a flow from an internet zone straight into the host's zone,
            // and an exploit of a public-facing service needs a remote vulnerability there too.
            const bool phish = IsUserInitiated(st.technique);
            const bool exploit = IsExploit(st.technique);
            bool any = false;
            for (HostId h : matches) {
                const Host& host = w.hosts[h];
                bool ok;
                if (phish) ok = host.user != kNone;
                else {
                    ok = exposed[host.zone];
                    if (ok && exploit)
                        ok = std::any_of(host.vulns.begin(), host.vulns.end(), [&](int32_t v) { return w.vulns[v].remote; });
                }
                if (ok) { footholds[host.zone] = true; any = true; }
            }
            if (!any)
                Error(p + "/target", problem::kNotExposed,
                      "initial_access stage '" + st.name + "' (" + st.technique + "): no target host (" + describe() + ") " +
                          (phish     ? "has a user who could open the phish (set the host's user, or user_per_host on its group)"
                           : exploit ? "is in a zone the internet has a flow into and has an unpatched remote vulnerability"
                                     : "is in a zone that an internet zone has a flow into"));
            any_foothold = any_foothold || any;
        } else if (st.action == StageAction::LateralMovement && any_foothold) {
            const std::vector<bool> reachable = reach(footholds);
            bool any = false;
            for (HostId h : matches)
                if (reachable[w.hosts[h].zone]) { footholds[w.hosts[h].zone] = true; any = true; }
            if (!any)
                Error(p + "/target", problem::kUnreachable,
                      "lateral_movement stage '" + st.name + "': no target host (" + describe() +
                          ") can be reached over flows from the zones of earlier footholds");
        }
    }
}

// [SECTION] The loader: operations events

void Loader::LoadOperations(const json& root)
{
    const json* a = GetArray(root, "", "operations_events", false);
    if (!a) return;
    std::unordered_map<std::string, std::string> names;
    for (size_t i = 0; i < a->size(); ++i) {
        const std::string p = At("/operations_events", i);
        const json& o = (*a)[i];
        if (!ExpectType(o, p, json::value_t::object, "an object")) continue;
        CheckKeys(o, p, {"name", "synopsis", "time_s", "target", "fraction", "symptom", "secops_alert", "fix", "recover_after_s"});
        OperationsEvent e;
        if (auto name = GetId(o, p, "name")) {
            e.name = *name;
            Define(names, e.name, p, "operations event");
        }
        e.synopsis = GetStringOr(o, p, "synopsis", e.name);
        e.time_s = GetSeconds(o, p, "time_s", 0, SecondsRule::NonNegative);
        if (e.time_s > S().duration_s)
            Warn(At(p, "time_s"), problem::kOpsLate,
                 "operations event '" + e.name + "' at " + std::to_string(e.time_s) + " s comes after the exercise ends (duration_s " +
                     std::to_string(S().duration_s) + "): it never happens");
        e.fraction = GetProbability(o, p, "fraction", 1.0);
        if (auto sy = GetString(o, p, "symptom", true)) e.symptom = *sy;
        bool refs_ok = true;
        if (const json* tg = GetObject(o, p, "target", false)) {
            const std::string tp = At(p, "target");
            CheckKeys(*tg, tp, {"host", "kind", "zone", "os"});
            e.host = GetStringOr(*tg, tp, "host", "");
            e.kind = GetStringOr(*tg, tp, "kind", "");
            e.zone = GetStringOr(*tg, tp, "zone", "");
            e.os = GetStringOr(*tg, tp, "os", "");
            if (!e.host.empty() && !host_index_.count(e.host)) { HostRef(e.host, At(tp, "host")); refs_ok = false; }
            if (!e.zone.empty() && !zone_index_.count(e.zone)) { ZoneRef(e.zone, At(tp, "zone")); refs_ok = false; }
            if (!e.kind.empty() && !IsKnownHostKind(e.kind))
                Warn(At(tp, "kind"), problem::kBadHostKind,
                     "host kind '" + e.kind + "' is not one the engine knows (" + KnownHostKinds() + ")");
        }
        if (auto fix = GetString(o, p, "fix", false)) {
            if (*fix == "rollback") e.fix = OpsFix::Rollback;
            else if (*fix == "reboot") e.fix = OpsFix::Reboot;
            else Error(At(p, "fix"), problem::kOpsFix, "unknown fix '" + *fix + "' (expected rollback or reboot)");
        }
        e.recover_after_s = GetSeconds(o, p, "recover_after_s", 0, SecondsRule::NonNegative);
        if (e.fix == OpsFix::Reboot && e.recover_after_s <= 0)
            Error(o.contains("recover_after_s") ? At(p, "recover_after_s") : p, problem::kOpsNoRecovery,
                  "operations event '" + e.name + "' is fixed by a reboot: give recover_after_s (> 0), how long its hosts stay down");
        if (const json* al = GetObject(o, p, "secops_alert", false)) {
            const std::string ap = At(p, "secops_alert");
            CheckKeys(*al, ap, {"technique", "summary", "sensor", "severity"});
            e.secops_alert = true;
            if (auto sm = GetString(*al, ap, "summary", true)) e.alert_summary = *sm;
            e.alert_severity = (int)GetScale(*al, ap, "severity", 3, 1, 4);
            if (auto t = GetString(*al, ap, "technique", false)) {
                e.alert_technique = *t;
                const Technique* tech = Catalog().FindTechnique(*t);
                if (!tech) Error(At(ap, "technique"), problem::kNoTechnique, "technique '" + *t + "' is not in ATT&CK v18.1");
                else if (tech->revoked)
                    Error(At(ap, "technique"), problem::kRevoked,
                          "technique '" + *t + "' (" + tech->name + ") is revoked in ATT&CK v18.1: use the technique that replaced it");
                else if (tech->deprecated)
                    Error(At(ap, "technique"), problem::kDeprecated,
                          "technique '" + *t + "' (" + tech->name + ") is deprecated in ATT&CK v18.1");
            }
            if (auto sn = GetString(*al, ap, "sensor", false)) {
                const SensorTypeId sid = SensorRef(*sn, At(ap, "sensor"));
                if (sid != kNone && (W().sensor_types[sid].team != Team::SecOps || W().sensor_types[sid].symptoms))
                    Error(At(ap, "sensor"), problem::kOpsSensor,
                          "sensor type '" + *sn + "' is not a SecOps alerting sensor (team secops, not symptoms): SecOps' console never shows it");
                else if (sid != kNone)
                    e.alert_sensor = *sn;
            }
        }
        // The target must match a host, and ITOps should be able to see the crash.
        if (refs_ok && !hosts_truncated_) {
            const ZoneId z = e.zone.empty() ? kNone : zone_index_.at(e.zone);
            bool any = false, monitored = false;
            for (const Host& h : W().hosts) {
                if ((!e.host.empty() && h.id != e.host) || (!e.kind.empty() && h.kind != e.kind) ||
                    (!e.os.empty() && h.os != e.os) || (z != kNone && h.zone != z))
                    continue;
                any = true;
                for (SensorTypeId sid : h.sensors)
                    if (sid >= 0 && sid < (SensorTypeId)W().sensor_types.size() && W().sensor_types[sid].symptoms &&
                        W().sensor_types[sid].team == Team::ITOps)
                        monitored = true;
                if (monitored) break;
            }
            std::string d;
            const std::pair<const char*, const std::string*> fields[] = {{"host", &e.host}, {"kind", &e.kind}, {"zone", &e.zone}, {"os", &e.os}};
            for (const auto& [k, v] : fields)
                if (!v->empty()) d += std::string(d.empty() ? "" : ", ") + k + " '" + *v + "'";
            if (d.empty()) d = "any host";
            const std::string tp = o.contains("target") ? At(p, "target") : p;
            if (!any)
                Error(tp, problem::kOpsNoTarget, "no host matches the target of operations event '" + e.name + "' (" + d + ")");
            else if (!monitored)
                Warn(tp, problem::kOpsUnseen,
                     "no host that operations event '" + e.name + "' can hit (" + d +
                         ") has an ITOps monitoring sensor (symptoms: true): ITOps sees it only through its services");
        }
        S().operations_events.push_back(std::move(e));
    }
}

// [SECTION] The loader: organisation, autopilots, command durations

void Loader::LoadOrgProfiles(const json& root)
{
    // Defaults: siloed 4 h / separate tools / 1.0; converged 30 min / shared tools / 0.4.
    S().org[0] = OrgParams{4 * kHour, false, 1.0};
    S().org[1] = OrgParams{30 * kMinute, true, 0.4};
    const json* o = GetObject(root, "", "org_profiles", false);
    if (!o) return;
    for (auto it = o->begin(); it != o->end(); ++it) {
        const std::string p = At("/org_profiles", it.key());
        auto org = ParseOrg(it.key());
        if (!org) {
            Error(p, problem::kBadOrg, "unknown organisation profile '" + it.key() + "' (expected siloed or converged)");
            continue;
        }
        if (!ExpectType(it.value(), p, json::value_t::object, "an object")) continue;
        const json& v = it.value();
        CheckKeys(v, p, {"change_approval_s", "shared_tools", "handoff_factor"});
        OrgParams& op = S().org[*org == OrgProfile::Siloed ? 0 : 1];
        op.change_approval_s = GetSeconds(v, p, "change_approval_s", op.change_approval_s, SecondsRule::NonNegative);
        op.shared_tools = GetBool(v, p, "shared_tools", op.shared_tools);
        op.handoff_factor = GetRanged(v, p, "handoff_factor", op.handoff_factor, 0.0, 100.0);
    }
}

void Loader::LoadAutopilot(const json& root)
{
    const json* o = GetObject(root, "", "autopilot", false);
    if (!o) return;
    for (auto it = o->begin(); it != o->end(); ++it) {
        const std::string p = At("/autopilot", it.key());
        int slot = -1;
        if (it.key() == "itops") slot = 0;
        if (it.key() == "secops") slot = 1;
        if (slot < 0) {
            Error(p, problem::kBadTeam, "unknown team '" + it.key() + "' (expected itops or secops)");
            continue;
        }
        if (!ExpectType(it.value(), p, json::value_t::object, "an object")) continue;
        const json& v = it.value();
        CheckKeys(v, p, {"triage_accuracy", "triage_latency_s", "response_latency_s", "coordination", "escalate_severity"});
        AutopilotParams& ap = S().autopilot[slot];
        ap.triage_accuracy = GetProbability(v, p, "triage_accuracy", ap.triage_accuracy);
        ap.triage_latency_s = GetSeconds(v, p, "triage_latency_s", ap.triage_latency_s, SecondsRule::NonNegative);
        ap.response_latency_s = GetSeconds(v, p, "response_latency_s", ap.response_latency_s, SecondsRule::NonNegative);
        ap.coordination = GetProbability(v, p, "coordination", ap.coordination);
        ap.escalate_severity = GetRanged(v, p, "escalate_severity", ap.escalate_severity, 1.0, 4.0);
    }
}

void Loader::LoadCommandDurations(const json& root)
{
    const json* o = GetObject(root, "", "command_durations", false);
    if (!o) return;
    for (auto it = o->begin(); it != o->end(); ++it) {
        const std::string p = At("/command_durations", it.key());
        if (!ParseCommandKind(it.key())) {
            Error(p, problem::kBadCommand, "unknown command kind '" + it.key() + "'");
            continue;
        }
        if (auto n = Integer(it.value(), p, 0, kMaxSeconds, it.key().c_str())) S().command_durations[it.key()] = *n;
    }
}

// An expected action or a watched command: {"kind", "target", "team"}, and with `by`, "by_s".
std::optional<InjectAction> Loader::LoadInjectAction(const json& o, const std::string& p, bool by)
{
    if (by) CheckKeys(o, p, {"kind", "target", "team", "by_s"});
    else CheckKeys(o, p, {"kind", "target", "team"});
    InjectAction a;
    auto kind = GetString(o, p, "kind", true);
    a.target = GetStringOr(o, p, "target", "");
    bool ok = kind.has_value();
    if (kind && !ParseCommandKind(*kind)) {
        Error(At(p, "kind"), problem::kInjectCommand, "unknown command kind '" + *kind + "'");
        ok = false;
    }
    if (kind) a.kind = *kind;
    if (auto t = GetString(o, p, "team", false)) {
        if (*t != "itops" && *t != "secops" && *t != "facilitator") {
            Error(At(p, "team"), problem::kInjectTeam, "unknown team '" + *t + "' (expected itops, secops or facilitator)");
            ok = false;
        } else {
            a.team = *t;
        }
    }
    if (!ok) return std::nullopt;
    return a;
}

void Loader::LoadInjects(const json& root)
{
    const json* a = GetArray(root, "", "injects", false);
    if (!a) return;
    auto& injects = S().injects;
    std::map<int, std::string> numbers;    // number -> pointer of its first definition
    std::vector<std::string> pointers;     // of each inject kept
    std::vector<bool> manual; // manual, or with a trigger written (valid or not)
    for (size_t i = 0; i < a->size(); ++i) {
        const std::string p = At("/injects", i);
        const json& o = (*a)[i];
        if (!ExpectType(o, p, json::value_t::object, "an object")) continue;
        CheckKeys(o, p, {"number", "time_s", "when", "manual", "synopsis", "text", "team", "role", "controller", "expected",
                         "expect_within_s", "objective", "contingency", "notes"});
        Inject in;
        const int64_t number = GetCount(o, p, "number", 0, 1, 99999, true);
        if (number <= 0) continue;
        in.number = (int)number;
        if (auto [it, fresh] = numbers.emplace(in.number, At(p, "number")); !fresh) {
            Error(At(p, "number"), problem::kInjectTwice,
                  "inject " + std::to_string(in.number) + " is defined twice (first at " + it->second + ")");
            continue;
        }
        in.synopsis = GetStringOr(o, p, "synopsis", "");
        in.text = GetText(o, p, "text");
        in.controller = GetStringOr(o, p, "controller", "facilitator");
        in.notes = GetText(o, p, "notes");
        in.team = GetStringOr(o, p, "team", "all");
        if (in.team != "itops" && in.team != "secops" && in.team != "facilitator" && in.team != "all") {
            Error(At(p, "team"), problem::kInjectTeam, "unknown team '" + in.team + "' (expected itops, secops, facilitator or all)");
            in.team = "all";
        }
        in.role = GetStringOr(o, p, "role", "");
        if (!in.role.empty()) {
            const RoleSpec* role = FindRole(in.role);
            if (!role || (in.team != "all" && in.team != TeamName(role->team)))
                Error(At(p, "role"), problem::kInjectTeam,
                      "'" + in.role + "' is not a role of " + (in.team == "all" ? std::string("any team") : "the " + in.team + " team") +
                          " (docs/commands.md lists the roles)");
        }
        const bool has_time = o.contains("time_s");
        const json* when = GetObject(o, p, "when", false);
        const bool is_manual = GetBool(o, p, "manual", false);
        if (has_time && o.contains("when")) {
            Error(p, problem::kInjectTrigger, "inject " + std::to_string(in.number) + " has both time_s and when: give one");
        } else if (has_time) {
            in.trigger = InjectTrigger::Time;
            in.time_s = GetSeconds(o, p, "time_s", 0, SecondsRule::NonNegative);
        } else if (when) {
            const std::string wp = At(p, "when");
            CheckKeys(*when, wp, {"after", "stage", "command", "unless", "delay_s"});
            int triggers = 0;
            for (const char* k : {"after", "stage", "command", "unless"}) triggers += when->contains(k) ? 1 : 0;
            in.delay_s = GetSeconds(*when, wp, "delay_s", 0, SecondsRule::NonNegative);
            if (triggers != 1) {
                Error(wp, problem::kInjectTrigger,
                      triggers == 0 ? "when needs one trigger: after, stage, command or unless"
                                    : "when has more than one trigger (after, stage, command, unless): give one");
            } else if (when->contains("after")) {
                in.trigger = InjectTrigger::AfterInject;
                in.after = (int)GetCount(*when, wp, "after", 0, 1, 99999);
            } else if (when->contains("stage")) {
                in.trigger = InjectTrigger::Stage;
                const json& sv = (*when)["stage"];
                const auto& stages = S().campaign.stages;
                if (sv.is_string()) {
                    for (size_t k = 0; k < stages.size() && in.stage < 0; ++k)
                        if (stages[k].name == sv.get<std::string>()) in.stage = (int)k;
                    if (in.stage < 0)
                        Error(At(wp, "stage"), problem::kInjectStage, "no stage of the campaign is named '" + sv.get<std::string>() + "'");
                } else if (auto n = Integer(sv, At(wp, "stage"), 0, 100000, "stage")) {
                    if (*n >= (int64_t)stages.size())
                        Error(At(wp, "stage"), problem::kInjectStage,
                              "stage " + std::to_string(*n) + " does not exist (the campaign has " + std::to_string(stages.size()) +
                                  " stages, numbered from 0)");
                    else in.stage = (int)*n;
                }
            } else {
                const bool unless = when->contains("unless");
                const char* key = unless ? "unless" : "command";
                in.trigger = unless ? InjectTrigger::Unless : InjectTrigger::Command;
                if (const json* c = GetObject(*when, wp, key, true)) {
                    if (auto act = LoadInjectAction(*c, At(wp, key), unless)) in.watch = *act;
                    if (unless) {
                        if (!c->contains("by_s")) Error(At(wp, key), problem::kMissing, "required field 'by_s' is missing");
                        in.time_s = GetSeconds(*c, At(wp, key), "by_s", 0, SecondsRule::NonNegative);
                    }
                }
            }
        }
        if (const json* e = GetObject(o, p, "expected", false)) {
            in.expected = LoadInjectAction(*e, At(p, "expected"), false);
            if (in.expected && in.expected->team.empty() && (in.team == "itops" || in.team == "secops")) in.expected->team = in.team;
        }
        in.expect_within_s = GetSeconds(o, p, "expect_within_s", in.expect_within_s, SecondsRule::Positive);
        in.objective = GetStringOr(o, p, "objective", "");
        if (!in.objective.empty() &&
            std::find(S().objectives.begin(), S().objectives.end(), in.objective) == S().objectives.end())
            Warn(At(p, "objective"), problem::kInjectObjective,
                 "objective '" + in.objective + "' is not one of metadata.objectives: the after-action report cannot rate it");
        in.contingency = (int)GetCount(o, p, "contingency", 0, 1, 99999);
        if (in.contingency && !o.contains("expected"))
            Error(At(p, "contingency"), problem::kMissing,
                  "inject " + std::to_string(in.number) + " has a contingency but no expected action to miss");
        injects.push_back(std::move(in));
        pointers.push_back(p);
        manual.push_back(is_manual || has_time || o.contains("when")); // a broken trigger was reported already
    }
    // References, and injects nothing can fire.
    std::map<int, size_t> index;
    for (size_t i = 0; i < injects.size(); ++i) index[injects[i].number] = i;
    std::set<int> contingencies;
    for (size_t i = 0; i < injects.size(); ++i) {
        const Inject& in = injects[i];
        if (in.contingency) {
            contingencies.insert(in.contingency);
            if (!index.count(in.contingency))
                Error(At(pointers[i], "contingency"), problem::kNoInject, "inject " + std::to_string(in.contingency) + " is not defined");
        }
        if (in.trigger == InjectTrigger::AfterInject && in.after && !index.count(in.after))
            Error(At(At(pointers[i], "when"), "after"), problem::kNoInject, "inject " + std::to_string(in.after) + " is not defined");
    }
    for (size_t i = 0; i < injects.size(); ++i) {
        const Inject& in = injects[i];
        if (in.trigger == InjectTrigger::None && !manual[i] && !contingencies.count(in.number))
            Error(pointers[i], problem::kInjectNoTrigger,
                  "inject " + std::to_string(in.number) +
                      " has neither time_s nor when: give one, mark it \"manual\": true, or make it another inject's contingency");
    }
    // Loops: an inject that fires after itself, or is its own contingency through others.
    // Edges: after -> inject, inject -> contingency. An inject is in a loop when its strongly
    // connected component has another inject in it, or an edge to itself (Tarjan, iterative: a
    // walk from every inject cost n^2, minutes for a hostile chain of 99,999 injects).
    std::map<int, std::vector<int>> next;
    for (const auto& in : injects) {
        if (in.contingency) next[in.number].push_back(in.contingency);
        if (in.trigger == InjectTrigger::AfterInject && in.after) next[in.after].push_back(in.number);
    }
    std::map<int, int> order, low; // discovery index and low link of each visited number
    std::vector<int> stack;         // Tarjan's stack of open numbers
    std::set<int> on_stack, in_loop;
    int counter = 0;
    for (const auto& root : injects) {
        if (order.count(root.number)) continue;
        std::vector<std::pair<int, size_t>> walk{{root.number, 0}}; // number, next edge to follow
        order[root.number] = low[root.number] = counter++;
        stack.push_back(root.number);
        on_stack.insert(root.number);
        while (!walk.empty()) {
            auto& [n, edge] = walk.back();
            const std::vector<int>& out = next[n];
            if (edge < out.size()) {
                const int m = out[edge++];
                if (m == n) in_loop.insert(n);
                if (!order.count(m)) {
                    order[m] = low[m] = counter++;
                    stack.push_back(m);
                    on_stack.insert(m);
                    walk.push_back({m, 0});
                } else if (on_stack.count(m)) {
                    low[n] = std::min(low[n], order[m]);
                }
                continue;
            }
            const int done = n;
            walk.pop_back();
            if (!walk.empty()) low[walk.back().first] = std::min(low[walk.back().first], low[done]);
            if (low[done] != order[done]) continue;
            std::vector<int> component;
            int m;
            do {
                m = stack.back();
                stack.pop_back();
                on_stack.erase(m);
                component.push_back(m);
            } while (m != done);
            if (component.size() > 1) in_loop.insert(component.begin(), component.end());
        }
    }
    for (size_t i = 0; i < injects.size(); ++i) {
        const int start = injects[i].number;
        if (in_loop.count(start))
            Error(pointers[i], problem::kInjectLoop,
                  "inject " + std::to_string(start) + " leads back to itself through its after and contingency references");
    }
}

// Reads at most kMaxFileBytes + 1 bytes: one more than allowed is enough to refuse the file
// (scenario.070), and /dev/zero or a 10 GB file costs no more than that.
std::optional<std::string> ReadFile(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::string text;
    char buf[1 << 16];
    while (text.size() <= kMaxFileBytes) {
        in.read(buf, sizeof buf);
        if (in.gcount() <= 0) break;
        text.append(buf, (size_t)in.gcount());
    }
    if (in.bad()) return std::nullopt;
    return text;
}

// The scenario's Lua script (docs/lua-api.md): "script", a .lua file in the scenario's folder (for
// a built-in, the file embedded beside it), and "script_limits". The script is compiled, not run,
// so syntax errors are reported now; its text joins the content hash, so a journal refuses to
// replay against a changed script.
void Loader::LoadScript(const json& root, const std::string& scenario_text)
{
    const json* limits = GetObject(root, "", "script_limits", false);
    if (limits) {
        const std::string p = "/script_limits";
        CheckKeys(*limits, p, {"instructions", "memory_bytes", "tick_s"});
        auto ranged = [&](const char* key, int64_t def, int64_t lo, int64_t hi) {
            const json* v = Member(*limits, p, key, false);
            if (!v) return def;
            auto d = Number(*v, At(p, key));
            if (!d) return def;
            if (*d != std::floor(*d) || *d < (double)lo || *d > (double)hi) {
                Error(At(p, key), problem::kScriptLimits,
                      std::string(key) + " must be a whole number from " + std::to_string(lo) + " to " + std::to_string(hi) +
                          ", got " + NumberText(*d));
                return def;
            }
            return (int64_t)*d;
        };
        S().script_budget_instructions = ranged("instructions", kScriptInstructionsDefault, kScriptInstructionsMin, kScriptInstructionsMax);
        S().script_memory_bytes = ranged("memory_bytes", kScriptMemoryDefault, kScriptMemoryMin, kScriptMemoryMax);
        S().script_tick_s = ranged("tick_s", kScriptTickDefault, kScriptTickMin, kMaxSeconds);
    }
    const auto name = GetString(root, "", "script", false);
    if (!name) {
        if (limits) Warn("/script_limits", problem::kScriptUnused, "script_limits is set but there is no script: it is ignored");
        return;
    }
    const std::filesystem::path rel(*name);
    bool ok = !name->empty() && rel.is_relative() && rel.extension() == ".lua" && name->find('\\') == std::string::npos;
    for (const auto& part : rel)
        if (part == "..") ok = false;
    if (!ok) {
        Error("/script", problem::kScriptPath, "script '" + *name + "' must be a relative path to a .lua file inside the scenario's folder");
        return;
    }
    std::optional<std::string> text;
    std::string where;
    if (file_.rfind("builtin:", 0) == 0) {
        const std::string id = file_.substr(8);
        for (const auto& f : BuiltinScenarioFiles())
            if (id == f.scenario && *name == f.name) text = std::string(f.text);
        where = "beside the built-in scenario '" + id + "'";
    } else {
        const auto path = std::filesystem::path(file_).parent_path() / rel;
        text = ReadFile(path);
        where = "'" + path.string() + "'";
    }
    if (!text) {
        Error("/script", problem::kNoScript, "script '" + *name + "' cannot be read (looked for it " + where + ")");
        return;
    }
    if (text->size() > (1u << 20)) {
        Error("/script", problem::kTooLarge, "script '" + *name + "' is " + std::to_string(text->size()) + " bytes (at most 1048576)");
        return;
    }
    const std::string syntax = CheckScriptSyntax(*name, *text);
    if (!syntax.empty()) Error("/script", problem::kScriptSyntax, "script '" + *name + "' does not compile: " + syntax);
    S().script_name = *name;
    S().script_text = std::move(*text);
    Hasher h;
    h.Bytes(scenario_text.data(), scenario_text.size());
    h.Str(S().script_text);
    S().content_hash = Hex16(h.Value());
}

} // namespace

// [SECTION] Public API

const char* StageActionName(StageAction a)
{
    switch (a) {
    case StageAction::InitialAccess: return "initial_access";
    case StageAction::Execution: return "execution";
    case StageAction::Persistence: return "persistence";
    case StageAction::PrivilegeEscalation: return "privilege_escalation";
    case StageAction::CredentialAccess: return "credential_access";
    case StageAction::Discovery: return "discovery";
    case StageAction::LateralMovement: return "lateral_movement";
    case StageAction::CommandAndControl: return "command_and_control";
    case StageAction::Collection: return "collection";
    case StageAction::Exfiltration: return "exfiltration";
    case StageAction::InhibitRecovery: return "inhibit_recovery";
    case StageAction::Impact: return "impact";
    }
    return "?";
}

std::optional<StageAction> ParseStageAction(std::string_view s)
{
    for (int i = 0; i <= (int)StageAction::Impact; ++i)
        if (s == StageActionName((StageAction)i)) return (StageAction)i;
    return std::nullopt;
}

std::string Problem::Format() const
{
    std::string out = (file.empty() ? std::string("<input>") : file) + ": ";
    if (warning) out += "warning: ";
    out += (pointer.empty() ? std::string("/") : pointer) + ": [" + id + "] " + message;
    // Messages quote the file's own text: control characters are shown escaped, so a hostile
    // scenario cannot send escape sequences to the facilitator's terminal.
    std::string safe;
    safe.reserve(out.size());
    for (unsigned char c : out) {
        if (c < 0x20 || c == 0x7f) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", c);
            safe += buf;
        } else {
            safe += (char)c;
        }
    }
    return safe;
}

bool LoadResult::Ok() const
{
    return std::none_of(problems.begin(), problems.end(), [](const Problem& p) { return !p.warning; });
}

LoadResult LoadScenarioText(const std::string& text, const std::string& file, const LoadOptions& options)
{
    LoadResult result;
    result.scenario.source = file;
    try {
        Loader loader(file, options, result);
        loader.Run(text);
        loader.Finish();
    } catch (const std::exception& e) {
        // Not expected: every problem with the input is reported above. Still, nothing escapes.
        result.problems.push_back({file, "", problem::kInternal, std::string("internal error while loading: ") + e.what(), false});
    }
    return result;
}

LoadResult LoadScenario(const std::string& ref, const LoadOptions& options)
{
    namespace fs = std::filesystem;
    // A ref with a path separator or a .json ending is a path; otherwise a built-in id first.
    const bool looks_like_path = ref.find('/') != std::string::npos || ref.find('\\') != std::string::npos ||
                                 (ref.size() > 5 && ref.compare(ref.size() - 5, 5, ".json") == 0);
    std::string builtin_ids;
    try {
        if (!looks_like_path && ref == kRandomScenarioId) return DealRandomBreach(options).result; // dealt from the seed
        for (const auto& b : BuiltinScenarios()) {
            if (!looks_like_path && ref == b.id) {
                LoadResult r = LoadScenarioText(b.text, std::string("builtin:") + b.id, options);
                r.scenario.source = std::string("builtin:") + b.id;
                return r;
            }
            builtin_ids += (builtin_ids.empty() ? "" : ", ") + std::string(b.id);
        }
        std::error_code ec;
        fs::path path(ref);
        if (fs::is_directory(path, ec)) {
            path /= "scenario.json";
            if (!fs::is_regular_file(path, ec)) {
                LoadResult r;
                r.problems.push_back({ref, "", problem::kUnreadable, "folder '" + ref + "' has no scenario.json", false});
                return r;
            }
        } else if (!fs::exists(path, ec)) {
            LoadResult r;
            r.problems.push_back({ref, "", problem::kUnknownRef,
                                  "unknown scenario '" + ref + "': not a built-in id (" + builtin_ids +
                                      "), a folder with scenario.json, or a .json file",
                                  false});
            return r;
        }
        const std::string file = path.string();
        auto text = ReadFile(path);
        if (!text) {
            LoadResult r;
            r.problems.push_back({file, "", problem::kUnreadable, "cannot read '" + file + "'", false});
            return r;
        }
        return LoadScenarioText(*text, file, options);
    } catch (const std::exception& e) {
        LoadResult r;
        r.problems.push_back({ref, "", problem::kInternal, std::string("internal error while loading: ") + e.what(), false});
        return r;
    }
}

} // namespace bd
