// author.cpp: `breachdrill new`: a scenario folder an author owns, from the blank template or a copy
// of a built-in or another folder (world/scenario_template.h), validated once written.
#include "author.h"

#include "world/scenario.h"
#include "world/scenario_template.h"

#include <spdlog/spdlog.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace bd::cli {

const char* const kNewHelp = R"help(Usage: breachdrill new DIR [--from ID|PATH] [--id ID] [--title TEXT]

Writes a new scenario folder DIR (created if needed; refused if it exists and is not empty):

  without --from   the blank template: scenario.json with every section of the format and one
                   example each, scenario.lua wired to it, and README.md saying what each section
                   holds. It validates and plays as written.
  --from ID|PATH   a copy of a built-in (its scenario.json and Lua script) or of a scenario folder
                   or .json file (and the script it names), to adapt.

The scenario's metadata.id becomes ID (default: DIR's name; "-copy" is added when that is the
source's own id or a built-in's) and its title TEXT (default: the source's title with " (copy)").
Then the new folder is validated: its problems are printed as by `breachdrill validate`.

Examples:
  breachdrill new drills/hospital
  breachdrill new drills/my-ransomware --from ransomware-phish
  breachdrill validate drills/hospital && breachdrill describe drills/hospital --paths
)help";

int New(const Positional& positional, const Options& options)
{
    namespace fs = std::filesystem;
    if (positional.size() != 1) return UsageError("name one DIR", kNewHelp);
    const fs::path dir(positional[0]);
    std::error_code ec;
    if (fs::exists(dir, ec)) {
        if (!fs::is_directory(dir, ec)) {
            std::fprintf(stderr, "%s: exists and is not a folder: nothing written\n", dir.string().c_str());
            return 1;
        }
        if (!fs::is_empty(dir, ec)) {
            std::fprintf(stderr, "%s: the folder is not empty: nothing written (name a new or empty folder)\n", dir.string().c_str());
            return 1;
        }
    }
    std::string name = fs::absolute(dir, ec).lexically_normal().filename().string();
    if (name.empty()) name = fs::absolute(dir, ec).lexically_normal().parent_path().filename().string();
    const std::string id = Has(options, "--id") ? Get(options, "--id") : ScenarioIdFromName(name);
    if (id != ScenarioIdFromName(id) || id.size() > 64)
        return UsageError("--id must be 1 to 64 letters, digits, '.', '_' or '-'", kNewHelp);
    const NewScenario made = Has(options, "--from") ? CopyScenario(Get(options, "--from"), id, Get(options, "--title"))
                                                    : ScenarioFromTemplate(id, Get(options, "--title"));
    if (!made.error.empty()) {
        std::fprintf(stderr, "%s: %s: nothing written\n", Get(options, "--from", "template").c_str(), made.error.c_str());
        return 1;
    }
    fs::create_directories(dir, ec);
    if (ec) {
        std::fprintf(stderr, "%s: cannot create the folder: %s\n", dir.string().c_str(), ec.message().c_str());
        return 1;
    }
    for (const auto& f : made.files) {
        const fs::path path = dir / f.name;
        if (path.has_parent_path()) fs::create_directories(path.parent_path(), ec);
        const std::string why = WriteFile(path.string(), f.text);
        if (!why.empty()) {
            std::fprintf(stderr, "%s: cannot write: %s\n", path.string().c_str(), why.c_str());
            return 1;
        }
    }
    std::printf("%s: scenario '%s' (%s) from %s:", dir.string().c_str(), made.id.c_str(), made.title.c_str(), made.from.c_str());
    for (const auto& f : made.files) std::printf(" %s", f.name.c_str());
    std::printf("\n");
    if (!made.dropped_schema.empty())
        std::printf("Its \"$schema\" (%s) is left out: that path was relative to the source's folder. For an editor's "
                    "checking, add one that points from %s to docs/scenario.schema.json.\n",
                    made.dropped_schema.c_str(), dir.string().c_str());
    const LoadResult r = LoadScenario(dir.string(), LoadOptions{});
    for (const auto& p : r.problems) std::printf("%s\n", p.Format().c_str());
    if (r.Ok())
        for (const auto& p : AuthorWarnings(r.scenario, (dir / "scenario.json").string())) std::printf("%s\n", p.Format().c_str());
    if (!r.Ok()) {
        std::printf("It does not validate yet (the source did not either): fix the problems above.\n");
        return 1;
    }
    // A bare name would be looked up among the built-in ids first: say it as a path.
    const std::string ref = dir.string().find('/') == std::string::npos ? "./" + dir.string() : dir.string();
    std::printf("Valid (%zu hosts, %zu stages). Next: breachdrill describe %s --paths; breachdrill run %s\n",
                r.scenario.world.hosts.size(), r.scenario.campaign.stages.size(), ref.c_str(), ref.c_str());
    return 0;
}

} // namespace bd::cli
