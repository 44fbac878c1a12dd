// attack_flow_parts.h: what the Attack Flow importer's files share (attack_flow_graph.cpp reads the
// bundle, walks its graph and repairs technique ids; attack_flow_import.cpp maps the actions onto an
// estate). Not for use outside interop/attack_flow_*.cpp.
#pragma once
#include "attack_flow.h"

#include "world/attack_catalog.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace bd::flow_detail {

using json = nlohmann::json;

// The problem ids of the importer (docs/formats.md, "Attack Flow 2.0": every id has its row).
namespace fid {
inline constexpr const char* kNotJson = "flow.001";        // not JSON
inline constexpr const char* kNotBundle = "flow.002";      // not a STIX bundle
inline constexpr const char* kNoFlow = "flow.003";         // no attack-flow object
inline constexpr const char* kEstate = "flow.004";         // the estate cannot be loaded
inline constexpr const char* kNothing = "flow.005";        // no action can be played
inline constexpr const char* kInvalid = "flow.006";        // the scenario made does not validate (a bug)
inline constexpr const char* kTacticOnly = "flow.010";     // no technique, a tactic: its default technique
inline constexpr const char* kNoTechnique = "flow.011";    // neither technique nor tactic: left out
inline constexpr const char* kRepaired = "flow.012";       // an id written irregularly, read as another
inline constexpr const char* kIcs = "flow.013";            // an ATT&CK for ICS id: left out
inline constexpr const char* kUnknown = "flow.014";        // not in ATT&CK Enterprise: left out
inline constexpr const char* kRevoked = "flow.015";        // revoked: its replacement, or left out
inline constexpr const char* kDeprecated = "flow.016";     // deprecated: its parent, or left out
inline constexpr const char* kPreAttack = "flow.017";      // reconnaissance, resource development: notes
inline constexpr const char* kTelemetryOnly = "flow.018";  // no such effect in the engine: execution
inline constexpr const char* kDangling = "flow.019";       // a ref to no object of the bundle
inline constexpr const char* kCycle = "flow.020";          // a cycle, broken
inline constexpr const char* kUnreachable = "flow.021";    // not reachable from start_refs: at the end
inline constexpr const char* kAssetRef = "flow.022";       // an asset's object_ref names another asset
inline constexpr const char* kNoKind = "flow.023";         // an asset no host kind of the estate matches
inline constexpr const char* kRetargeted = "flow.024";     // a target the estate cannot give: relaxed
inline constexpr const char* kWayIn = "flow.025";          // initial access moved first, or added
inline constexpr const char* kUnknownKey = "flow.026";     // a property Attack Flow does not define
inline constexpr const char* kNoStore = "flow.027";        // collection without a data store
inline constexpr const char* kBranch = "flow.028";         // a condition's false branch: played after
inline constexpr const char* kDuplicate = "flow.029";      // an id given to two objects
inline constexpr const char* kBadValue = "flow.030";       // a property of the wrong JSON type
inline constexpr const char* kStaging = "flow.031";        // exfiltration with nothing staged: staging added
inline constexpr const char* kChance = "flow.032";         // a condition with no test the engine makes: its ways by chance
} // namespace fid

// Collects problems with the file's name, as the scenario loader does.
struct Reporter {
    std::string file;
    std::vector<Problem> problems;
    void Warn(const std::string& ptr, const char* id, const std::string& msg) { problems.push_back({file, ptr, id, msg, true}); }
    void Error(const std::string& ptr, const char* id, const std::string& msg) { problems.push_back({file, ptr, id, msg, false}); }
};

// An attack-condition the walk reached, and where its two ways lead (attack_flow_conditions.cpp maps
// it onto the campaign).
struct FlowCondition {
    size_t obj = 0;                          // its index in objects
    std::string description, pattern;        // trimmed; "" when absent
    std::vector<size_t> on_true, on_false;   // the attack-actions each way leads to first (through operators and conditions)
    std::vector<size_t> only_true, only_false; // of those, the ones no other arrow leads into: a chance may gate them
};

// The bundle read: the objects by id, and the attack-actions in the order the campaign plays them.
struct ReadFlow {
    const json* objects = nullptr;       // the bundle's "objects" array
    size_t flow = 0;                     // index of the attack-flow object
    std::map<std::string, size_t> index; // STIX id -> index in objects (the first of a duplicated id)
    std::vector<size_t> order;           // attack-actions: reachable ones in flow order, then the rest
    std::vector<FlowCondition> branches;  // the conditions reached, in discovery order
    std::vector<std::string> conditions; // what the flow's conditions say and how they are played, for the facilitator
};

// "/objects/3" and "/objects/3/technique_id".
std::string ObjPtr(size_t i, const std::string& key = "");
// A string property, trimmed; "" when absent or not a string (a wrong type is reported by ReadFlowGraph).
std::string Str(const json& o, const char* key);
// A list of refs (strings); others are skipped.
std::vector<std::string> Refs(const json& o, const char* key);

// Checks the bundle and walks the graph from the attack-flow's start_refs. False: refused (an error
// is in rep).
bool ReadFlowGraph(const json& root, Reporter& rep, ReadFlow& out);

// An action's technique, repaired where the flow wrote it irregularly.
struct TechniqueFix {
    std::string id;                  // the technique to play: "" when none (see `problem`)
    const Technique* tech = nullptr; // its catalogue entry
    bool valid = false;              // the flow names an ATT&CK Enterprise technique (after a repair)
    std::string problem;             // a fid:: id when something was repaired, mapped or is missing
    std::string note;                // what, in words ("'T1218/011' read as T1218.011 (Rundll32)")
};
TechniqueFix RepairTechnique(const std::string& raw);
// The tactic an action names (tactic_id "TA0008", a shortname, or a name): its shortname, or "".
std::string ActionTactic(const json& action);
// The order of a tactic in the matrix (reconnaissance 1 ... impact 14); 99 when unknown.
int TacticOrder(const std::string& shortname);

// [SECTION] Conditions (attack_flow_conditions.cpp)

// Maps each condition of f.branches onto the campaign the engine can play (docs/formats.md, "Attack
// Flow 2.0", "Conditions"): what it tests among what the attacker holds, or, when it tests nothing
// the engine tracks and has both ways, the first stage of each way left to chance. Fills
// f.conditions (the facilitator notes) and warns flow.028 / flow.032.
struct FlowStage;
void FlowMapConditions(ReadFlow& f, const FlowImport& out, std::vector<FlowStage>& stages, Reporter& rep);
// What a condition's words test among what the engine's attacker holds ("a foothold on a host", "a
// stolen credential", "data staged", "a command-and-control channel", "an exposed host (a way in)"),
// or "" when nothing it tracks.
std::string FlowConditionHolds(const std::string& text);

// [SECTION] The scenario around the stages (attack_flow_story.cpp)

struct FlowStage {
    json stage;
    size_t fate = SIZE_MAX; // index into FlowImport::actions; SIZE_MAX for a stage the flow does not have
    std::string kind;       // the asset's host kind, "" none
};

struct FlowStory {
    std::string estate, estate_title, file;
    int64_t start_s = 3600;
    std::vector<std::string> before; // reconnaissance and resource development, for the notes
};

// The scenario: the estate's document with the flow's metadata and campaign.
json FlowScenario(const ReadFlow& f, const json& estate_doc, const FlowStory& story, const std::vector<FlowStage>& stages,
                  const FlowImport& fates);
// Loads the scenario as `breachdrill validate` would. 1: it loads. 0: a stage target the estate
// cannot give was relaxed, or a way in it cannot give dropped (warned; out.actions' fates kept
// true): build the scenario again. -1: it does not load (a bug: an error is in rep).
int FlowSettle(const json& scenario, std::vector<FlowStage>& stages, const FlowImportOptions& o, Reporter& rep, FlowImport& out);

} // namespace bd::flow_detail
