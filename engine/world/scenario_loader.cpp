// scenario_loader.cpp: builds a Scenario from scenario.json and validates it (see scenario.h).
//
// The format is documented field by field in docs/authoring.md (schema: docs/scenario.schema.json).
// The loader never throws: every problem becomes a Problem with the file, a JSON pointer and a
// stable id ("[scenario.012] host 'db-01' is not defined"), and loading goes on so that an author
// sees all of them at once. Host groups are expanded by the loader (scenario_loader_estate.cpp),
// scaled to LoadOptions::size, and every per-host random draw comes from one bd::Rng derived from
// LoadOptions::seed, in file order: the same text, seed and size give the same world, byte for byte.
//
// The loader is one class in one file per section of the format (scenario_loader_parts.h lists
// them, with the problem ids). This file holds what they share: the order of the sections
// (Loader::Run), the small helpers, and the public API.
//
// Index
// [SECTION] Small helpers
// [SECTION] The loader: the order of the sections
// [SECTION] Public API
#include "world/scenario.h"

#include "world/random_breach.h"
#include "world/scenario_loader_parts.h"
#include "core/rng.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

namespace bd {
namespace loader_detail {

namespace {

constexpr std::string_view kFormatName = "breachdrill-scenario/1";

// Host kinds the engine gives a meaning to (workstation vs everything else, backup, ...).
constexpr std::string_view kHostKinds[] = {"workstation", "server", "domain_controller", "database",
                                           "web",         "backup", "mail",              "cloud"};

} // namespace

// [SECTION] Small helpers

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

std::string Hex16(uint64_t v)
{
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", (unsigned long long)v);
    return buf;
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

// [SECTION] The loader: the order of the sections

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
    CheckVulnerabilityTiming();
    CheckUnusedAndNever();
}

void Loader::Finish()
{
    if (dropped_ == 0) return;
    result_.problems.push_back({file_, "", problem::kTooManyProblems,
                                "more than " + std::to_string(kMaxProblems) + " problems: " + std::to_string(dropped_) +
                                    " more were not listed",
                                !dropped_error_});
}

} // namespace loader_detail

// [SECTION] Public API

bool OffHours::Covers(StageAction a) const
{
    return share > 0.0 && std::find(actions.begin(), actions.end(), a) != actions.end();
}

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
    case StageAction::Reconnaissance: return "reconnaissance";
    case StageAction::ResourceDevelopment: return "resource_development";
    }
    return "?";
}

std::optional<StageAction> ParseStageAction(std::string_view s)
{
    for (int i = 0; i <= (int)StageAction::ResourceDevelopment; ++i)
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
        loader_detail::Loader loader(file, options, result);
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
            // A path (a slash, or a .json name) that is not there is a missing file, not an unknown id.
            const bool looks_like_path = ref.find('/') != std::string::npos ||
                                         (ref.size() > 5 && ref.compare(ref.size() - 5, 5, ".json") == 0);
            LoadResult r;
            r.problems.push_back({ref, "", problem::kUnknownRef,
                                  looks_like_path ? "no such file or folder: '" + ref + "'"
                                                  : "unknown scenario '" + ref + "': not a built-in id (" + builtin_ids +
                                                        "), a folder with scenario.json, or a .json file",
                                  false});
            return r;
        }
        const std::string file = path.string();
        auto text = loader_detail::ReadFile(path);
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
