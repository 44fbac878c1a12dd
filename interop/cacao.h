// cacao.h: OASIS CACAO v2 security playbooks, in and out (docs/formats.md, "CACAO v2 playbooks").
//
// In (`breachdrill import cacao`): a playbook's workflow, walked from `workflow_start`, becomes a
// runbook (engine/world/runbook.h, Breachdrill's own format): one step per command of each action
// step, in workflow order. A manual command maps to a command kind by its words ("isolate",
// "reset ... password", "block", "reimage", "notify ... regulator", ...), an OpenC2 command by its
// action and target (`deny` an ipv4_connection: block_indicator on its address; `contain` a device:
// isolate_host); what cannot be mapped stays a checklist item. A step written by our own export
// carries the Breachdrill command in a step extension and maps back exactly.
//
// Out (`breachdrill export cacao`): what a team did in an exercise, as a CACAO v2 playbook: a start
// step, one action step per command the team completed (in journal order, each with a manual
// command in words and the Breachdrill command in the step extension), an end step. Ids are
// type--uuid, derived from the journal (same journal, same ids).
#pragma once
#include "world/runbook.h"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace bd {

// The id of the step extension that carries a Breachdrill command (in the playbook's
// extension_definitions and each action step's step_extensions).
extern const char* const kCacaoExtensionId;

struct CacaoImport {
    Runbook runbook;
    std::vector<std::string> notes;  // what was left out or guessed, for a person ("step X is not reached from workflow_start")
    std::vector<std::string> errors; // "FILE: /json/pointer: [cacao.NNN] message"; non-empty: refused
    bool Ok() const { return errors.empty(); }
};

// Reads the playbook `text` (from `file`, for the messages).
CacaoImport ImportCacao(const std::string& text, const std::string& file);

// A manual instruction in words to a runbook step (the step's text is set by the caller): the
// command kind and selector its words name, or a checklist item. Exposed for the tests.
RunbookStep MapCacaoManualText(const std::string& text);

// What `team` ("itops" or "secops") did in the exercise of `records` (a journal) as a CACAO v2
// playbook. `error` is set (and null returned) when the journal has no header or the team is wrong.
nlohmann::ordered_json ExportCacao(const std::vector<nlohmann::json>& records, const std::string& team, std::string& error);

} // namespace bd
