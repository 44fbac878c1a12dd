// format_cacao.cpp: `breachdrill import cacao` and `breachdrill export cacao` (interop/cacao.h;
// docs/formats.md, "CACAO v2 playbooks").
#include "formats.h"

#include "cacao.h"
#include "journal/journal.h"

#include <cstdio>
#include <fstream>
#include <spdlog/spdlog.h>

namespace bd::cli {

namespace {

const char* const kCacaoImportHelp = R"(Usage: breachdrill import cacao PLAYBOOK.json [-o RUNBOOK.json]

Reads an OASIS CACAO v2 playbook and writes a team's runbook (Breachdrill's own format,
docs/formats.md "The runbook format"), for `run`, `serve` and the app's --runbook TEAM=FILE.
The workflow is walked from workflow_start (branches in turn, each step once); each command of an
action step becomes one runbook step:
  manual     by its words: isolate, reimage, reset ... password, disable ... account, block,
             patch, notify ... regulator (NIS2) or GDPR, declare ... incident, investigate,
             notify/inform (a war-room message); an IPv4 address in a block step is its target
  openc2     by action and target: deny/contain an ipv4_connection, ipv4_net, domain_name or uri:
             block_indicator on it; contain a device: isolate_host; allow: release_host;
             investigate/scan a device: investigate_host; update: patch_host; restore: restore_host
  others     (bash, http-api, ssh, ...) and whatever is not mapped: a checklist item for the players
A step written by `export cacao` carries its Breachdrill command and maps back exactly.

Prints each runbook step and what it maps to, and notes on what was left out (stderr). Without -o
the runbook (JSON) goes to stdout. Refused, exit 1, with the file, the JSON pointer and the reason:
not JSON, not a CACAO v2 playbook, a step that names a step that does not exist, a workflow that
loops with no way out. Exit 2: bad usage (or -o naming the playbook itself).
)";

const char* const kCacaoExportHelp = R"(Usage: breachdrill export cacao JOURNAL --team itops|secops [-o PLAYBOOK.json]

Writes what a team did in an exercise as an OASIS CACAO v2 playbook (spec_version cacao-2.0): a
start step, one action step per command the team completed, in the order they completed (each with
a manual command saying it in words, and the Breachdrill command in the step extension
breachdrill-command), an end step. Alert triage verdicts are counted in the description, not
listed. Ids are type--uuid derived from the journal: the same journal gives the same file. It
imports back (`breachdrill import cacao`) as a runbook of the same commands: a starting point for
the improvement plan. Without -o the playbook goes to stdout. Exit 1 when the journal cannot be
read, 2 on bad usage.
)";

bool CacaoReadText(const std::string& path, std::string& text, std::string& error)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) { error = path + ": cannot open"; return false; }
    char buf[1 << 16];
    while (in && text.size() <= (16u << 20)) {
        in.read(buf, sizeof buf);
        text.append(buf, (size_t)in.gcount());
    }
    if (text.size() > (16u << 20)) { error = path + ": larger than 16 MiB: not a playbook"; return false; }
    return true;
}

int ImportCacaoCmd(const Positional& rest, const Options& options)
{
    if (rest.size() != 1) return UsageError("name one PLAYBOOK.json", kCacaoImportHelp);
    const std::string path = rest[0];
    if (const auto rc = CheckOutputOption(options, path, kCacaoImportHelp, "the runbook", "", "the playbook being read")) return *rc;
    std::string text, error;
    if (!CacaoReadText(path, text, error)) { spdlog::error("{}", error); return 1; }
    const CacaoImport im = ImportCacao(text, path);
    for (const auto& e : im.errors) std::fprintf(stderr, "%s\n", e.c_str());
    if (!im.Ok()) return 1;
    for (const auto& n : im.notes) std::fprintf(stderr, "%s: note: %s\n", path.c_str(), n.c_str());
    const std::string json_text = ToJson(im.runbook).dump(2) + "\n";
    const bool to_file = Has(options, "-o");
    FILE* listing = to_file ? stdout : stderr;
    int mapped = 0;
    for (const auto& s : im.runbook.steps) mapped += s.kind.has_value();
    std::fprintf(listing, "%s: %zu steps, %d mapped to commands, %zu checklist items\n", path.c_str(), im.runbook.steps.size(), mapped,
                 im.runbook.steps.size() - (size_t)mapped);
    for (size_t i = 0; i < im.runbook.steps.size(); ++i) {
        const RunbookStep& s = im.runbook.steps[i];
        std::fprintf(listing, "  %2zu. %-40s %s\n      from %s\n", i + 1, RunbookStepAction(s).c_str(), s.text.c_str(), s.source_step.c_str());
    }
    if (!to_file) { std::fputs(json_text.c_str(), stdout); return 0; }
    if (const std::string why = WriteFile(Get(options, "-o"), json_text); !why.empty()) {
        spdlog::error("{}: cannot write the runbook: {}", Get(options, "-o"), why);
        return 1;
    }
    spdlog::info("runbook written to {} (use it with --runbook secops={} or itops=...)", Get(options, "-o"), Get(options, "-o"));
    return 0;
}

int ExportCacaoCmd(const Positional& rest, const Options& options)
{
    if (rest.size() != 1) return UsageError("name one JOURNAL", kCacaoExportHelp);
    const std::string team = Get(options, "--team");
    if (team != "itops" && team != "secops") return UsageError("--team must be itops or secops", kCacaoExportHelp);
    const std::string path = rest[0];
    if (const auto rc = CheckOutputOption(options, path, kCacaoExportHelp, "the playbook")) return *rc;
    JournalReadResult jr = ReadJournal(path);
    for (const auto& w : jr.warnings) spdlog::warn("{}", w);
    if (!jr.ok()) { spdlog::error("{}", jr.error); return 1; }
    std::string error;
    const auto pb = ExportCacao(jr.records, team, error);
    if (!error.empty()) { spdlog::error("{}: {}", path, error); return 1; }
    const std::string text = pb.dump(2) + "\n";
    if (!Has(options, "-o")) { std::fputs(text.c_str(), stdout); return 0; }
    if (const std::string why = WriteFile(Get(options, "-o"), text); !why.empty()) {
        spdlog::error("{}: cannot write the playbook: {}", Get(options, "-o"), why);
        return 1;
    }
    spdlog::info("{} steps written to {}", pb["workflow"].size(), Get(options, "-o"));
    return 0;
}

} // namespace

extern const FormatCommand kCacaoImport;
extern const FormatCommand kCacaoExport;
const FormatCommand kCacaoImport = {"cacao", kCacaoImportHelp, ImportCacaoCmd};
const FormatCommand kCacaoExport = {"cacao", kCacaoExportHelp, ExportCacaoCmd};

} // namespace bd::cli
