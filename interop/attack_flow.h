// attack_flow.h: MITRE Attack Flow 2.0 (STIX 2.1 bundles of attack-flow, attack-action,
// attack-condition, attack-operator and attack-asset objects) in and out of Breachdrill
// (docs/formats.md, "Attack Flow 2.0").
//
//   in:  ImportAttackFlow: a flow becomes a scenario (the chosen estate, the flow's actions as the
//        campaign's stages in the flow's order); `breachdrill import attack-flow FLOW.json -o DIR`.
//   out: ExportAttackFlow: what the attacker did in an exercise (a journal's technique records) as a
//        flow; `breachdrill export attack-flow JOURNAL -o FLOW.json`.
//
// Real flows are messy (ids written "T1218/011" or "1598.003", "N/A", ICS ids, revoked ids, dangling
// refs, cycles): the importer copes and says so, each time with a warning that names the action and
// a stable id (flow.NNN, the table in docs/formats.md); it refuses only a file that is not an
// Attack Flow, or a flow of which nothing can be played.
#pragma once
#include "world/scenario.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace bd {

struct FlowImportOptions {
    std::string estate = "ransomware-phish"; // a built-in id or a scenario path: its estate is taken whole
    int64_t size = 0;                        // the estate's size the stages are checked against (as --size)
};

// One action of the flow and what became of it, in the order of the campaign (then those left out).
struct FlowActionFate {
    std::string action_id;     // the attack-action's STIX id
    std::string name;          // its name as the flow gives it (trimmed)
    std::string technique;     // the technique played ("" when left out)
    std::string action;        // the stage action ("" when left out)
    bool valid_technique = false; // the flow names an ATT&CK Enterprise technique for it (after repairs)
    bool staged = false;
    std::string why;           // left out or changed: why
};

struct FlowImport {
    nlohmann::json scenario;       // scenario.json, ready to write (null when refused)
    std::vector<Problem> problems; // errors (refused) and warnings, each with its flow.NNN id
    std::vector<FlowActionFate> actions;
    bool Ok() const;
    // Actions with a valid enterprise technique, and how many of those became stages.
    size_t WithTechnique() const;
    size_t StagedWithTechnique() const;
};

// Reads the flow in `text` (`file` labels the problems) onto the estate of options.estate.
FlowImport ImportAttackFlow(const std::string& text, const std::string& file, const FlowImportOptions& options);

struct FlowExport {
    nlohmann::json bundle; // the STIX bundle (null on error)
    std::string error;     // "" or why nothing could be written
    size_t actions = 0, hosts = 0;
};

// The attacker's successful techniques of a journal (records as ReadJournal gives them), in order,
// as an Attack Flow 2.0 bundle. `label` names the journal in errors. Ids are derived from the
// journal's content, so the same journal always gives the same bundle.
FlowExport ExportAttackFlow(const std::vector<nlohmann::json>& records, const std::string& label);

} // namespace bd
