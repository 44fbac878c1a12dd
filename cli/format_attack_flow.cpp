// format_attack_flow.cpp: `breachdrill import attack-flow` and `breachdrill export attack-flow`
// (interop/attack_flow.h; docs/formats.md, "Attack Flow 2.0").
#include "format_attack_flow.h"

#include "attack_flow.h"
#include "journal/journal.h"

#include <spdlog/spdlog.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace bd::cli {

const char* const kImportAttackFlowHelp = R"(Usage: breachdrill import attack-flow FLOW.json -o DIR [--estate ID|PATH] [--size N]

Reads a MITRE Attack Flow 2.0 file (a STIX 2.1 bundle, as the Attack Flow Builder and the CTID
corpus publish them) and writes a scenario folder, DIR/scenario.json, that `breachdrill validate
DIR` passes and `breachdrill run DIR` plays:
  - the flow's actions become the campaign's stages in the flow's order (from the attack-flow's
    start_refs through effect_refs, on_true_refs and on_false_refs; an AND waits for all its
    inputs, an OR for one), each technique played as the stage action of its tactic;
  - its assets pick the hosts of the estate by kind (a domain controller, a database, a workstation);
  - its threat actors and tools go into the briefing and the facilitator notes, with its name,
    description and external references.
Every action left out or changed is named in a warning with its reason and an id (flow.NNN):
ids written 'T1218/011' or '1598.003', 'N/A', ICS ids, revoked or deprecated ids, reconnaissance
done outside the estate, dangling refs, cycles. A file that is not an Attack Flow is refused.

Options:
  -o DIR            the scenario folder to write (new, or empty)
  --estate ID|PATH  whose estate the flow is played on: a built-in scenario or a scenario file or
                    folder (default: ransomware-phish, a 350-person manufacturer with an office
                    LAN, a DMZ, a server VLAN with a domain controller and an ERP database, backups)
  --size N          check the stages against the estate at this size (then run it with --size N)

Prints the warnings (FILE: warning: /objects/N/...: [flow.NNN] ...) and how many actions became
stages. Exit 0 written, 1 refused (the errors say why), 2 a usage error.
The mapping tables: docs/formats.md, "Attack Flow 2.0".
)";

const char* const kExportAttackFlowHelp = R"(Usage: breachdrill export attack-flow JOURNAL [-o FLOW.json]

Writes what the attacker actually did in an exercise as a MITRE Attack Flow 2.0 bundle (STIX 2.1):
one attack-action per successful technique of the journal, in order (its technique id and name,
the stage it played, when: execution_end is the run's start plus the simulated time), each
pointing at the next; the hosts it acted from and on as attack-assets. It opens in the Attack
Flow Builder and imports back (`breachdrill import attack-flow`). The same journal always gives
the same file.

Options:
  -o FLOW.json   where to write it (default: standard output); never over the journal

Exit 0 written, 1 the journal cannot be read or holds no successful technique, 2 a usage error.
)";

namespace {

constexpr size_t kMaxFlowBytes = 32u << 20;

std::string AfReadFile(const std::string& path, std::string& err)
{
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) { err = "no such file"; return ""; }
    if (std::filesystem::file_size(path, ec) > kMaxFlowBytes) { err = "larger than the 32 MiB a flow may have: not read"; return ""; }
    std::ifstream in(path, std::ios::binary);
    if (!in) { err = "cannot be read"; return ""; }
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// "" when DIR may take the scenario: new, or an empty folder, and not where the flow is.
std::string AfRefuseDir(const std::string& dir, const std::string& input)
{
    namespace fs = std::filesystem;
    std::error_code ec;
    const std::string target = dir + "/scenario.json";
    if (fs::exists(target, ec) && fs::equivalent(target, input, ec))
        return "[output.is_input] " + target + " is the flow being read: writing there would destroy it; choose another -o folder";
    if (fs::exists(dir, ec) && !fs::is_directory(dir, ec)) return "[output.not_folder] " + dir + " is a file: -o names the scenario folder to write";
    if (fs::is_directory(dir, ec) && !fs::is_empty(dir, ec))
        return "[output.not_empty] " + dir + " is not empty: the scenario is written to a new or empty folder, never over one";
    return "";
}

} // namespace

int ImportAttackFlow(const Positional& rest, const Options& options)
{
    const char* help = kImportAttackFlowHelp;
    if (rest.size() != 1) return UsageError(rest.empty() ? "import attack-flow needs the FLOW.json to read" : "import attack-flow reads one file", help);
    if (!Has(options, "-o")) return UsageError("import attack-flow needs -o DIR, the scenario folder to write", help);
    for (const auto& [k, v] : options)
        if (k != "-o" && k != "--estate" && k != "--size" && k != "-v" && k != "--verbose" && k != "-q" && k != "--quiet")
            return UsageError("unknown option " + k + " for import attack-flow", help);
    const std::string path = rest[0], dir = Get(options, "-o");
    FlowImportOptions fo;
    fo.estate = Get(options, "--estate", fo.estate);
    if (Has(options, "--size")) {
        uint64_t n = 0;
        if (!ParseU64(Get(options, "--size"), n) || n > 1000000) return UsageError("--size must be a number of hosts from 0 to 1000000", help);
        fo.size = (int64_t)n;
    }
    if (const std::string why = AfRefuseDir(dir, path); !why.empty()) return UsageError(why, help);
    std::string err;
    const std::string text = AfReadFile(path, err);
    if (!err.empty()) {
        std::printf("%s: /: [flow.000] %s\n", path.c_str(), err.c_str());
        return 1;
    }
    const FlowImport r = bd::ImportAttackFlow(text, path, fo);
    for (const auto& p : r.problems) std::printf("%s\n", p.Format().c_str());
    if (!r.Ok()) {
        spdlog::error("{}: not imported: nothing was written", path);
        return 1;
    }
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    const std::string target = dir + "/scenario.json";
    if (const std::string why = WriteFile(target, r.scenario.dump(2) + "\n"); !why.empty()) {
        spdlog::error("{}: cannot write the scenario: {}", target, why);
        return 1;
    }
    const size_t with = r.WithTechnique(), staged = r.StagedWithTechnique();
    std::printf("%s: %zu stage(s) from %zu actions of the flow; %zu of the %zu actions with an ATT&CK Enterprise technique are stages (%zu%%); "
                "estate '%s'. Play it: breachdrill run %s%s\n",
                target.c_str(), r.scenario["campaign"]["stages"].size(), r.actions.size(), staged, with, with ? staged * 100 / with : 100,
                fo.estate.c_str(), dir.c_str(), fo.size ? (" --size " + std::to_string(fo.size)).c_str() : "");
    return 0;
}

int ExportAttackFlow(const Positional& rest, const Options& options)
{
    const char* help = kExportAttackFlowHelp;
    if (rest.size() != 1) return UsageError(rest.empty() ? "export attack-flow needs the JOURNAL to read" : "export attack-flow reads one journal", help);
    for (const auto& [k, v] : options)
        if (k != "-o" && k != "-v" && k != "--verbose" && k != "-q" && k != "--quiet")
            return UsageError("unknown option " + k + " for export attack-flow", help);
    if (const auto rc = CheckOutputOption(options, rest[0], help, "the Attack Flow")) return *rc;
    const JournalReadResult j = ReadJournal(rest[0]);
    if (!j.ok()) {
        spdlog::error("{}", j.error);
        return 1;
    }
    for (const auto& w : j.warnings) spdlog::warn("{}", w);
    const FlowExport f = bd::ExportAttackFlow(j.records, rest[0]);
    if (!f.error.empty()) {
        spdlog::error("{}", f.error);
        return 1;
    }
    const std::string text = f.bundle.dump(2) + "\n";
    if (!Has(options, "-o")) {
        std::fputs(text.c_str(), stdout);
        return 0;
    }
    if (const std::string why = WriteFile(Get(options, "-o"), text); !why.empty()) {
        spdlog::error("{}: cannot write the Attack Flow: {}", Get(options, "-o"), why);
        return 1;
    }
    spdlog::info("{}: {} actions, {} hosts as assets", Get(options, "-o"), f.actions, f.hosts);
    return 0;
}

} // namespace bd::cli
