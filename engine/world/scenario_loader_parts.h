// scenario_loader_parts.h: what the scenario loader's own files share (internal to world/: included
// by engine/world/scenario_loader*.cpp only; everyone else uses scenario.h). The loader is one class,
// Loader, with one file per section of the format:
//   scenario_loader.cpp           the order of the sections (Loader::Run), the summary of dropped
//                                 problems (Finish), the small helpers the files share, the public API
//   scenario_loader_parse.cpp     the JSON parse: duplicate keys and the limits of untrusted input
//   scenario_loader_org.cpp       "metadata", "org_profiles", "autopilot", "command_durations"
//   scenario_loader_estate.cpp    "infrastructure" (sensor types, vulnerabilities, zones, flows, hosts,
//                                 host groups), "identities", "services", "data_stores"
//   scenario_loader_campaign.cpp  "campaign" and the attack-path checks, "operations_events"
//   scenario_loader_injects.cpp   "injects"
//   scenario_loader_script.cpp    "script", "script_limits"
// A new field is read in the file of its section with the typed getters of Loader below, and every
// problem it can have gets an id in namespace problem (and its row in docs/authoring.md).
#pragma once
#include "world/scenario.h"
#include "core/rng.h"
#include "core/suggest.h"

#include <cctype>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
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
constexpr const char* kBadStart = "scenario.036";          // metadata.start is not a weekday and a time of day
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
constexpr const char* kInjectValue = "scenario.069";       // a value the command kind never takes
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
constexpr const char* kVulnTiming = "scenario.086";        // warning: a vulnerability disclosed after the end, or after an exploit's start
constexpr const char* kStageUnreached = "scenario.087";    // warning: a stage no path reaches (the CLI's validate, from AnalyzePaths)
constexpr const char* kVulnUnused = "scenario.088";        // warning: a vulnerability no host or host group carries
constexpr const char* kInjectNever = "scenario.089";       // warning: an inject whose trigger can never fire
constexpr const char* kObjectiveUnrated = "scenario.090";  // warning: an objective the report cannot rate (the CLI's validate, from scoring)
constexpr const char* kPreAttackLate = "scenario.095";     // a reconnaissance or resource_development stage after initial access
constexpr const char* kInjectStageIndex = "scenario.097"; // warning: a when.stage given as a number (an index from 0) rather than the stage's name
constexpr const char* kPreAttackTactic = "scenario.096";   // a pre-attack stage's technique is not of its tactic (TA0043, TA0042)
constexpr const char* kInjectStamp = "scenario.098";      // warning: an inject's text opens with a time of day its fixed delivery time is not
constexpr const char* kScriptInjectTwice = "scenario.100"; // warning: the script schedules an inject that has its own trigger too
constexpr const char* kTargetUnused = "scenario.099";     // warning: a stage target its action does not use (it acts on the foothold it stands on)
} // namespace problem

namespace loader_detail {

using json = nlohmann::json;

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

// [SECTION] Small helpers (scenario_loader.cpp)

// One reference token of a JSON pointer (RFC 6901).
std::string EscapeToken(std::string_view key);
inline std::string At(const std::string& base, std::string_view key) { return base + "/" + EscapeToken(key); }
inline std::string At(const std::string& base, size_t index) { return base + "/" + std::to_string(index); }

// Host kinds the engine gives a meaning to (workstation vs everything else, backup, ...), and
// their list for a message.
bool IsKnownHostKind(std::string_view kind);
std::string KnownHostKinds();

// A number for a message: integers without a fraction, others as written by %g.
std::string NumberText(double v);

std::string Hex16(uint64_t v);

// Reads at most kMaxFileBytes + 1 bytes (a larger file is refused, scenario.070); nullopt when
// the file cannot be read.
std::optional<std::string> ReadFile(const std::filesystem::path& path);

// [SECTION] JSON parsing (scenario_loader_parse.cpp)

struct ParseOutcome {
    json doc;
    bool ok = false;
    std::vector<Problem> problems;
    size_t dropped = 0; // problems beyond kMaxProblems, counted only
};

// Parses with duplicate-key detection and the limits of untrusted input; every problem has a JSON
// pointer into `file`.
ParseOutcome ParseJson(const std::string& text, const std::string& file);

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

    void CheckKeys(const json& obj, const std::string& ptr, const std::vector<const char*>& known)
    {
        for (auto it = obj.begin(); it != obj.end(); ++it)
            if (std::find_if(known.begin(), known.end(), [&](const char* k) { return it.key() == k; }) == known.end())
                Warn(At(ptr, it.key()), problem::kUnknownKey, "unknown key '" + it.key() + "' is ignored");
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
    bool LoadStage(const json& o, const std::string& p, Stage& st, bool& needs_c2);
    void CheckStageTechnique(const Stage& st, const std::string& p, bool action_ok);
    bool LoadStageTarget(const json& tg, const std::string& tp, Stage& st);
    void LoadOperations(const json& root);
    void CheckAttackPath();
    void CheckVulnerabilityTiming();
    void CheckUnusedAndNever();
    void LoadOrgProfiles(const json& root);
    void LoadOrgParams(const json& v, const std::string& p, OrgParams& op);
    void LoadOrgChanges();
    void LoadAutopilot(const json& root);
    void LoadCommandDurations(const json& root);
    void LoadInjects(const json& root);
    bool LoadInjectTrigger(const json& o, const std::string& p, Inject& in);
    void LoadInjectWhen(const json& when, const std::string& wp, Inject& in);
    bool LoadInjectCondition(const json& c, const std::string& cp, InjectCondition& out, int depth);
    void LoadStageKinds(const json& tg, const std::string& tp, TargetSelector& t);
    void CheckInjectReferences(const std::vector<std::string>& pointers, const std::vector<bool>& manual);
    void CheckInjectLoops(const std::vector<std::string>& pointers);
    void CheckInjectStamps(const std::vector<std::string>& pointers);
    void LoadScript(const json& root, const std::string& scenario_text);
    void WarnScriptedInjects(const std::string& name, const std::string& text);
    std::optional<InjectAction> LoadInjectAction(const json& o, const std::string& p, bool by);
    bool CheckInjectValue(const InjectAction& a, const std::string& p);

    // " (did you mean 'dc-01'?)" from the ids of one or more index maps (core/suggest.h), or "".
    template <typename... Maps>
    static std::string Suggest(const std::string& wrong, const Maps&... maps)
    {
        std::vector<std::string> known;
        (..., [&](const auto& m) { for (const auto& kv : m) known.push_back(kv.first); }(maps));
        return DidYouMean(wrong, known);
    }
    // The ATT&CK technique ids an author may use (not revoked, not deprecated), for a suggestion.
    static std::string SuggestTechnique(const std::string& wrong);
    // The campaign's stage names, for a suggestion.
    std::string SuggestStage(const std::string& wrong);

    // Resolvers: kNone (and a problem reported) when undefined.
    ZoneId ZoneRef(const std::string& id, const std::string& ptr)
    {
        auto it = zone_index_.find(id);
        if (it != zone_index_.end()) return it->second;
        Error(ptr, problem::kNoZone, "zone '" + id + "' is not defined" + Suggest(id, zone_index_));
        return kNone;
    }
    HostId HostRef(const std::string& id, const std::string& ptr)
    {
        auto it = host_index_.find(id);
        if (it != host_index_.end()) return it->second;
        Error(ptr, problem::kNoHost, "host '" + id + "' is not defined" + Suggest(id, host_index_));
        return kNone;
    }
    SensorTypeId SensorRef(const std::string& id, const std::string& ptr)
    {
        auto it = sensor_index_.find(id);
        if (it != sensor_index_.end()) return it->second;
        Error(ptr, problem::kNoSensor, "sensor type '" + id + "' is not defined" + Suggest(id, sensor_index_));
        return kNone;
    }
    int32_t VulnRef(const std::string& id, const std::string& ptr)
    {
        auto it = vuln_index_.find(id);
        if (it != vuln_index_.end()) {
            vulns_used_.insert(it->second);
            return it->second;
        }
        Error(ptr, problem::kNoVuln, "vulnerability '" + id + "' is not defined" + Suggest(id, vuln_index_));
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
        Error(ptr, problem::kNoHost, "host or host group '" + id + "' is not defined" + Suggest(id, host_index_, group_hosts_));
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
    std::set<int32_t> vulns_used_; // vulnerabilities a host or host group lists (scenario.088)
    size_t dropped_ = 0;        // problems beyond kMaxProblems
    bool dropped_error_ = false;
    int64_t expansion_ = 0;     // items generated so far (kMaxExpansion)
    bool expansion_reported_ = false;
};

} // namespace loader_detail
} // namespace bd
