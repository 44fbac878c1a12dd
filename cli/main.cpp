// main.cpp: `breachdrill`, the headless CLI. Every subcommand's --help is the reference; README.md
// and docs/user-guide.md show them in use. Exit codes: 0 ok, 1 bad input or a failed check,
// 2 bad usage, 3 a replay that diverged.
#include "script/script.h"
#include "sandbox/syntax.h"
#include "analysis.h"
#include "netplay.h"
#include "formats.h"
#include "author.h"
#include "world/attack_catalog.h"
#include "msel_csv.h"
#include "journal/journal.h"
#include "run/replay.h"
#include "world/scenario.h"
#include "invariants.h"
#include "scorecard.h"
#include "sim/simulation.h"
#include "exercise/injects.h"
#include "exercise/msel.h"
#include "exercise/views.h"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <vector>

namespace {

using namespace bd;
using nlohmann::json;

const char* kMainHelp = R"(breachdrill - incident-response tabletop exercises, simulated

Usage: breachdrill [-v | -q] COMMAND [ARGS...]

Commands:
  list                     the built-in scenarios, id and title
  validate PATH...         check scenario files or folders; every problem as FILE: POINTER: [ID] message
  run SCENARIO             play an exercise headless and print its scorecard
  replay JOURNAL           rebuild a run from its journal: same scorecard, same state hash
  resume JOURNAL           carry on an exercise that was interrupted (a crash, a kill) to its end
  view SCENARIO            print one seat's view of a run at a given time, as JSON
  describe SCENARIO        the scenario for the facilitator: briefing, estate, campaign (--paths: hop by hop)
  new DIR                  a new scenario folder: the blank template, or a copy (--from ID|PATH)
  msel SCENARIO            the injects as a Master Scenario Events List (--csv for a spreadsheet)
  compare SCENARIO         many autopilot runs per org profile: siloed versus converged, side by side
  whatif SCENARIO          which change buys the most: investments against a baseline, ranked
  merge PART.json...       join the shards of a compare or whatif (--shard K/N) into its output
  report JOURNAL           the after-action report (HTML, JSON, Markdown or PDF) of an exercise
  import FORMAT FILE       a file of the field into Breachdrill's own (docs/formats.md)
  export FORMAT JOURNAL    an exercise in a format of the field (docs/formats.md)
  check JOURNAL            prove that every effect the journal claims is in it (exit 1: what is missing)
  history                  the exercises recorded so far, and how the times moved (--trend)
  serve SCENARIO           host an exercise for seats on the network, one join code per seat
  client HOST:PORT         join a served exercise as a seat, headless (--dump-view, --autopilot, --policy)
  help [COMMAND]           this text, or a command's

SCENARIO is a built-in id (see `breachdrill list`), a scenario folder or a scenario.json file;
`random` deals a new breach from --seed (`breachdrill describe random --seed 7` shows the hand).

Options for every command:
  -v, --verbose            log more (debug) to stderr
  -q, --quiet              log only errors
  -h, --help               help for the command

Examples:
  breachdrill run ransomware-phish
  breachdrill run ransomware-phish --seed 7 --org converged --journal run.jsonl
  breachdrill replay run.jsonl --json
  breachdrill check run.jsonl
)";

const char* kCheckHelp = R"(Usage: breachdrill check JOURNAL

Reads a journal and checks its invariants (docs/journal.md, "Checking a journal"): every effect a
record claims is in the journal (a successful T1486 has the host records that encrypt its targets,
a T1490 its backups_deleted, an exfiltration its staged data, a lateral movement its foothold),
every such effect has the record that claims it, a contained attacker has no live foothold, seq
counts up by one, time never goes back, nothing follows the end.

Exit 0 and one line "JOURNAL: N records, every claimed effect is in the journal" when it holds;
exit 1 and one line per violation, "JOURNAL: seq N: [check.ID] what is missing"; exit 2 when the file
cannot be read or is not a journal (the file, the line and the problem).
)";

const char* kRunHelp = R"(Usage: breachdrill run SCENARIO [options]

Plays one exercise from start to end without a screen and prints the scorecard.

Options:
  --seed N                 the random seed (default 1): same scenario + seed + commands = same run
  --org siloed|converged   the organisation profile (default siloed)
  --autopilot WHO          which seats the built-in responders fill: all (default), secops, itops, none
  --itops-policy FILE      play the ITOps seat with a Lua policy instead (docs/lua-api.md); same for
  --secops-policy FILE     the SecOps seat
  --runbook TEAM=FILE      give the team (itops or secops) a runbook (`breachdrill import cacao` writes
                           one from a CACAO v2 playbook; docs/formats.md): its autopilot follows the
                           runbook's steps instead of its built-in response, its view shows them as a
                           checklist, the scorecard says which were done, when, and which skipped,
                           and which checklist items the team ticked (tick_step in --commands).
                           May be given once for each team; kept in the journal (replay needs no file)
  --size N                 generate the estate at about N hosts (default: the scenario's own size)
  --journal FILE           write the exercise journal (JSON Lines) to FILE
  --commands FILE          post these commands at their times: one JSON object a line,
                           {"t": 3600, "cmd": {"kind": "isolate_host", "team": "itops", "target": "fs-01"}}
  --until SECONDS          stop the exercise at this simulated time (its end record says "stopped",
                           as when a facilitator stops it)
  --json                   print the scorecard as one JSON object
  --strict                 exit 1 if the run produced warnings
  --db PATH                record the finished exercise in this history database (default
                           $XDG_DATA_HOME/breachdrill/history.db, else ~/.local/share/breachdrill/history.db)
  --no-history             do not record it in the history
  --baseline-seeds N       when a person held a seat, place the result against N autopilot runs of
                           the same scenario and profile (default 50; 0 skips)
)";

const char* kResumeHelp = R"(Usage: breachdrill resume JOURNAL [--json]

Carries on an exercise whose journal has no end record (the program was killed or crashed): rebuilds
the run from the journal (a torn last line is dropped, with a warning), checks that the rebuild
reproduces every record, then plays on to the end, appending to the same journal, and prints the
scorecard. The final state hash equals that of an uninterrupted run with the same inputs. A
journal whose scenario has changed since is refused; an exercise that ended cleanly has nothing to
resume (use replay). The journal file is only replaced once the rebuild has caught up.
)";

const char* kReplayHelp = R"(Usage: breachdrill replay JOURNAL [--json]

Rebuilds the run a journal records: loads the same scenario (refusing it if its content changed),
replays the commands of players and facilitator at their times, lets the autopilots decide again,
and checks that the final state hash equals the recorded one. Prints the scorecard (computed from
the journal) and exits 3 if the rebuilt run diverged.
)";

const char* kValidateHelp = R"(Usage: breachdrill validate PATH... [--strict]

Checks each scenario (a folder with scenario.json, a .json file, or a built-in id). Prints every
problem as FILE: /json/pointer: [id] message (docs/authoring.md lists the ids). Exit 0 when all
are valid (warnings allowed), 1 otherwise. A warning is a story that may not play as written (a
stage no path reaches, an inject that never fires): "valid" says it can be played, not that it
plays as the author meant.

Options:
  --strict                 exit 1 when any scenario has a warning, too
)";

const char* kViewHelp = R"(Usage: breachdrill view SCENARIO --team itops|secops|facilitator [--at SECONDS] [run options]

Runs the exercise to the given simulated time (default: the end) and prints what that seat sees,
as JSON: its alerts, tickets, findings, hosts and services, and with --runbook its runbook as a
checklist ("runbook": each step done, to do, or a checklist item, "ticked" with who ticked it
when the team said it did it: tick_step, e.g. in --commands). Players never see the ground truth;
the facilitator sees everything. Takes the run options of `breachdrill run`.
)";

const char* kDescribeHelp = R"(Usage: breachdrill describe SCENARIO [--seed N] [--size N] [--paths]

Prints the scenario for the facilitator: title, briefing, facilitator notes, the estate generated
for the seed, and the attack campaign with each technique's ATT&CK name. Stages are numbered from 1.

  --paths   also the story before it is played: zones (hosts, network sensors, flows), hosts,
            identities and where their credentials are cached, and the attack path stage by
            stage, in the order of the story as the engine's attacker plays it: what it acts on,
            what opens each move (a vulnerability, a credential it holds by then and how it got
            it, a host it takes on the way to dump one, a user to phish), which sensors can see it
            (by ATT&CK data component), which injects and script hooks fire on it, and a stage no
            path reaches as the estate is written. The seed decides which group hosts carry what:
            try a few.
)";

const char* kMselHelp = R"(Usage: breachdrill msel SCENARIO [--csv] [--seed N]

Prints the scenario's injects as a Master Scenario Events List (MSEL) with the HSEEP columns:
inject number, scenario time, event synopsis, inject text, responsible controller, intended
player, expected action, objective, notes. A conditional inject shows what it waits for in the
time column, e.g. 01:00:00 after inject 2; attacker stage 7 (...); T+1d 00:00:00 unless declare_incident.
Stages are numbered from 1, as `describe` numbers them.

Options:
  --csv                    RFC 4180 CSV (a header line, CRLF line ends, quoted where needed)
  --seed N                 the seed (for `random`, it deals the breach; default 1)
)";

const char* kListHelp = R"(Usage: breachdrill list

Lists the built-in scenarios: id and title.
)";

// Parsed command line: positional arguments and --name value options.
struct Args {
    std::vector<std::string> positional;
    std::map<std::string, std::string> options;
    bool Has(const std::string& k) const { return options.count(k) > 0; }
    std::string Get(const std::string& k, const std::string& def = "") const
    {
        auto it = options.find(k);
        return it == options.end() ? def : it->second;
    }
};

const std::vector<std::string> kFlags = {"--json", "--csv", "--strict", "--help", "-h", "-v", "--verbose", "-q", "--quiet",
                                         "--trend", "--no-history"};

// Flags of one command only (`client --autopilot` is a flag; `run --autopilot WHO` takes a value).
const std::map<std::string, std::vector<std::string>> kCommandFlags = {{"client", {"--dump-view", "--autopilot"}}, {"serve", {"--autostart"}},
                                                                               {"import", {"--dry-run"}}, {"describe", {"--paths"}}};

bool Parse(int argc, char** argv, int first, Args& out, std::string& error)
{
    const std::string cmd = first > 0 && first - 1 < argc ? argv[first - 1] : "";
    const auto extra = kCommandFlags.find(cmd);
    for (int i = first; i < argc; ++i) {
        std::string a = argv[i];
        if (a.rfind("-", 0) == 0 && a.size() > 1) {
            if (std::find(kFlags.begin(), kFlags.end(), a) != kFlags.end() ||
                (extra != kCommandFlags.end() && std::find(extra->second.begin(), extra->second.end(), a) != extra->second.end())) {
                out.options[a] = "1";
                continue;
            }
            if (i + 1 >= argc) { error = "option " + a + " needs a value"; return false; }
            // --set may be given again: its lists add up (compare, whatif).
            if (a == "--set" && out.options.count(a)) out.options[a] += std::string(",") + argv[++i];
            else if (a == "--runbook" && out.options.count(a)) out.options[a] += std::string("\n") + argv[++i]; // one per team
            else out.options[a] = argv[++i];
        } else {
            out.positional.push_back(a);
        }
    }
    return true;
}

bool ParseInt(const std::string& s, int64_t lo, int64_t hi, int64_t& out)
{
    if (s.empty() || s.size() > 19) return false;
    size_t i = 0;
    bool neg = s[0] == '-';
    if (neg) i = 1;
    if (i >= s.size()) return false;
    int64_t v = 0;
    for (; i < s.size(); ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
        v = v * 10 + (s[i] - '0');
    }
    v = neg ? -v : v;
    if (v < lo || v > hi) return false;
    out = v;
    return true;
}

// A usage error: the problem, the command's usage line, and where the rest is (cli/analysis.h).
constexpr auto Usage = cli::UsageError;

int CmdList()
{
    for (const auto& b : BuiltinScenarios()) {
        LoadResult r = LoadScenario(b.id, LoadOptions{});
        std::printf("%-24s %s\n", b.id, r.scenario.title.c_str());
    }
    std::printf("%-24s %s\n", "random", "A breach dealt from the seed, card by card (--seed N)");
    return 0;
}

int CmdValidate(const Args& args)
{
    if (args.positional.empty()) return Usage("validate needs at least one PATH", kValidateHelp);
    int errors = 0, warned = 0;
    for (const auto& path : args.positional) {
        LoadResult r = LoadScenario(path, LoadOptions{});
        size_t warnings = 0;
        for (const auto& p : r.problems) {
            std::printf("%s\n", p.Format().c_str());
            warnings += p.warning;
        }
        // What only the layers above the loader can tell: the attack path, the report's rules.
        if (r.Ok())
            for (const auto& p : cli::AuthorWarnings(r.scenario, r.scenario.source)) {
                std::printf("%s\n", p.Format().c_str());
                warnings += p.warning;
            }
        warned += warnings > 0;
        if (!r.Ok()) ++errors;
        else if (warnings == 0) spdlog::info("{}: valid ({} hosts, {} stages)", path, r.scenario.world.hosts.size(), r.scenario.campaign.stages.size());
        else
            spdlog::info("{}: valid ({} hosts, {} stages), with {} warning{}: it can be played, but may not play as written", path,
                         r.scenario.world.hosts.size(), r.scenario.campaign.stages.size(), warnings, warnings == 1 ? "" : "s");
    }
    return errors || (args.Has("--strict") && warned) ? 1 : 0;
}

// Builds a simulation from the run options shared by run and view. Returns nullptr after
// printing the reason.
std::unique_ptr<Simulation> Setup(const Args& args, const char* help, std::vector<TimedCommand>& commands, int& rc)
{
    rc = 2;
    if (args.positional.size() != 1) { Usage("name one SCENARIO", help); return nullptr; }
    int64_t seed = 1, size = 0;
    if (args.Has("--seed") && !ParseInt(args.Get("--seed"), 0, INT64_MAX, seed)) { Usage("--seed must be a whole number >= 0", help); return nullptr; }
    if (args.Has("--size") && !ParseInt(args.Get("--size"), 1, 1000000, size)) { Usage("--size must be between 1 and 1000000 hosts", help); return nullptr; }
    const auto org = ParseOrg(args.Get("--org", "siloed"));
    if (!org) { Usage("--org must be siloed or converged", help); return nullptr; }
    const std::string who = args.Get("--autopilot", "all");
    if (who != "all" && who != "secops" && who != "itops" && who != "none") { Usage("--autopilot must be all, secops, itops or none", help); return nullptr; }
    rc = 1;
    if (args.Has("--commands")) {
        std::string e;
        if (!ReadCommandsFile(args.Get("--commands"), commands, e)) { spdlog::error("{}", e); return nullptr; }
    }
    LoadOptions lo;
    lo.seed = (uint64_t)seed;
    lo.size = size;
    LoadResult lr = LoadScenario(args.positional[0], lo);
    for (const auto& p : lr.problems) std::fprintf(stderr, "%s\n", p.Format().c_str());
    if (!lr.Ok()) return nullptr;
    RunOptions ro;
    ro.seed = (uint64_t)seed;
    ro.size = size;
    ro.org = *org;
    ro.autopilot_itops = who == "all" || who == "itops";
    ro.autopilot_secops = who == "all" || who == "secops";
    ro.journal_path = args.Get("--journal");
    ro.scenario_ref = args.positional[0];
    ro.run_at = RunTimestamp();
    for (int i = 0; i < 2; ++i) { // a Lua policy plays its seat instead of the autopilot
        const char* opt = i == 0 ? "--itops-policy" : "--secops-policy";
        if (!args.Has(opt)) continue;
        const std::string path = args.Get(opt);
        std::string text, why;
        if (!ReadPolicyFile(path, text, why)) { spdlog::error("{}: {}", opt, why); return nullptr; }
        const std::string bad = CheckScriptSyntax(std::filesystem::path(path).filename().string(), text);
        if (!bad.empty()) { spdlog::error("{} {}: {}", opt, path, bad); return nullptr; }
        (i == 0 ? ro.itops_policy : ro.secops_policy) = path;
        (i == 0 ? ro.autopilot_itops : ro.autopilot_secops) = false;
    }
    if (args.Has("--runbook")) { // TEAM=FILE, once per team (docs/formats.md, "The runbook format")
        std::string list = args.Get("--runbook"), why;
        for (size_t pos = 0; pos <= list.size();) {
            size_t nl = list.find('\n', pos);
            if (nl == std::string::npos) nl = list.size();
            bool usage = false;
            if (!ReadRunbookOption(list.substr(pos, nl - pos), ro.runbooks, why, usage)) {
                if (usage) { rc = 2; Usage(why, help); }
                else std::fprintf(stderr, "%s\n", why.c_str());
                return nullptr;
            }
            pos = nl + 1;
        }
    }
    spdlog::info("scenario {} ({} hosts), seed {}, org {}, autopilot {}", lr.scenario.id, lr.scenario.world.hosts.size(),
                 seed, OrgName(*org), who);
    auto sim = std::make_unique<Simulation>(std::move(lr.scenario), ro);
    std::string err;
    if (!sim->Start(err)) { spdlog::error("{}", err); return nullptr; }
    rc = 0;
    return sim;
}

int CmdRun(const Args& args)
{
    std::vector<TimedCommand> commands;
    int rc = 0;
    int64_t until = -1;
    if (args.Has("--until") && !ParseInt(args.Get("--until"), 0, INT64_MAX, until)) return Usage("--until must be seconds >= 0", kRunHelp);
    auto sim = Setup(args, kRunHelp, commands, rc);
    if (!sim) return rc;
    PlayWithCommands(*sim, commands, until);
    const Scorecard card = ComputeScorecard(sim->journal().Records());
    if (args.Has("--json")) std::printf("%s\n", ToJson(card).dump(2).c_str());
    else std::printf("%s", FormatScorecard(card).c_str());
    if (!sim->options().journal_path.empty()) spdlog::info("journal written to {}", sim->options().journal_path);
    // History record and, when a person held a seat, the placement against autopilot teams.
    const std::string placed = cli::AfterRun(sim->journal().Records(), card, args.options);
    if (!placed.empty() && !args.Has("--json")) std::printf("\n%s\n", placed.c_str());
    return args.Has("--strict") && !card.warnings.empty() ? 1 : 0;
}

int CmdView(const Args& args)
{
    const auto team = ParseTeam(args.Get("--team"));
    if (!team) return Usage("--team must be itops, secops or facilitator", kViewHelp);
    int64_t at = -1;
    if (args.Has("--at") && !ParseInt(args.Get("--at"), 0, INT64_MAX, at)) return Usage("--at must be seconds >= 0", kViewHelp);
    std::vector<TimedCommand> commands;
    int rc = 0;
    auto sim = Setup(args, kViewHelp, commands, rc);
    if (!sim) return rc;
    if (at >= 0) {
        for (const auto& tc : commands) {
            if (tc.t > at) break;
            sim->AdvanceTo(tc.t);
            sim->Post(tc.cmd);
        }
        sim->AdvanceTo(at);
    } else {
        PlayWithCommands(*sim, commands);
    }
    std::printf("%s\n", TeamViewJson(*sim, *team).dump(2).c_str());
    return 0;
}

int CmdResume(const Args& args)
{
    if (args.positional.size() != 1) return Usage("name one JOURNAL", kResumeHelp);
    ResumeOutcome out = ResumeJournal(args.positional[0]);
    for (const auto& w : out.warnings) spdlog::warn("{}", w);
    if (!out.error.empty()) { spdlog::error("{}", out.error); return 1; }
    spdlog::info("{}: rebuilt {} records at {}; playing on to the end", args.positional[0], out.recovered_records,
                 out.sim->Now());
    out.sim->RunToEnd();
    const Scorecard card = ComputeScorecard(out.sim->journal().Records());
    if (args.Has("--json")) std::printf("%s\n", ToJson(card).dump(2).c_str());
    else std::printf("%s", FormatScorecard(card).c_str());
    return 0;
}

int CmdReplay(const Args& args)
{
    if (args.positional.size() != 1) return Usage("name one JOURNAL", kReplayHelp);
    JournalReadResult jr = ReadJournal(args.positional[0]);
    for (const auto& w : jr.warnings) spdlog::warn("{}", w);
    if (!jr.ok()) { spdlog::error("{}", jr.error); return 1; }
    ReplayOutcome out = ReplayRecords(jr.records);
    if (!out.error.empty()) { spdlog::error("{}: {}", args.positional[0], out.error); return 1; }
    Scorecard card = ComputeScorecard(jr.records);
    if (out.diverged) {
        spdlog::error("{}: the replay diverged: recorded state hash {}, rebuilt {}; {}", args.positional[0], out.recorded_hash,
                      out.sim->journal().Records().back().value("state_hash", ""), out.divergence);
    } else if (out.recorded_hash.empty()) {
        // An interrupted run: score what the rebuilt run reached.
        card = ComputeScorecard(out.sim->journal().Records());
        spdlog::warn("{}: the journal has no end record (the run was interrupted); replayed up to its last record", args.positional[0]);
    } else {
        spdlog::info("replay verified: state hash {}", out.recorded_hash);
    }
    if (args.Has("--json")) std::printf("%s\n", ToJson(card).dump(2).c_str());
    else std::printf("%s", FormatScorecard(card).c_str());
    return out.diverged ? 3 : 0;
}

int CmdCheck(const Args& args)
{
    if (args.positional.size() != 1) return Usage("name one JOURNAL", kCheckHelp);
    const std::string& path = args.positional[0];
    // seq order is one of the invariants: reported below, not refused by the reader.
    JournalReadResult jr = ReadJournal(path, false);
    for (const auto& w : jr.warnings) spdlog::warn("{}", w);
    if (!jr.ok()) {
        std::fprintf(stderr, "%s\n", jr.error.c_str());
        return 2;
    }
    const auto violations = CheckJournal(jr.records);
    if (violations.empty()) {
        std::printf("%s: %zu records, every claimed effect is in the journal\n", path.c_str(), jr.records.size());
        return 0;
    }
    for (const auto& v : violations) std::printf("%s: %s\n", path.c_str(), v.Format().c_str());
    std::fprintf(stderr, "%s: %zu records, %zu violation%s\n", path.c_str(), jr.records.size(), violations.size(),
                 violations.size() == 1 ? "" : "s");
    return 1;
}

// Indents every line of a paragraph.
std::string Indent(const std::string& text, const char* pad = "  ")
{
    std::string out = pad;
    for (char c : text) {
        out += c;
        if (c == '\n') out += pad;
    }
    return out;
}

int CmdMsel(const Args& args)
{
    if (args.positional.size() != 1) return Usage("name one SCENARIO", kMselHelp);
    int64_t seed = 1;
    if (args.Has("--seed") && !ParseInt(args.Get("--seed"), 0, INT64_MAX, seed)) return Usage("--seed must be a whole number >= 0", kMselHelp);
    LoadResult lr = LoadScenario(args.positional[0], LoadOptions{(uint64_t)seed, 0});
    for (const auto& p : lr.problems) std::fprintf(stderr, "%s\n", p.Format().c_str());
    if (!lr.Ok()) return 1;
    const auto rows = BuildMsel(lr.scenario);
    const std::string out = args.Has("--csv") ? MselCsv(rows) : MselText(lr.scenario, rows);
    std::fwrite(out.data(), 1, out.size(), stdout);
    return 0;
}

int CmdDescribe(const Args& args)
{
    if (args.positional.size() != 1) return Usage("name one SCENARIO", kDescribeHelp);
    int64_t seed = 1, size = 0;
    if (args.Has("--seed") && !ParseInt(args.Get("--seed"), 0, INT64_MAX, seed)) return Usage("--seed must be a whole number >= 0", kDescribeHelp);
    if (args.Has("--size") && !ParseInt(args.Get("--size"), 1, 1000000, size)) return Usage("--size must be between 1 and 1000000", kDescribeHelp);
    LoadResult lr = LoadScenario(args.positional[0], LoadOptions{(uint64_t)seed, size});
    for (const auto& p : lr.problems) std::fprintf(stderr, "%s\n", p.Format().c_str());
    if (!lr.Ok()) return 1;
    const Scenario& s = lr.scenario;
    const World& w = s.world;
    std::printf("%s  (%s)\n\n%s\n\nBriefing for players:\n%s\n\nFacilitator notes:\n%s\n\n", s.title.c_str(), s.id.c_str(),
                s.summary.c_str(), Indent(s.briefing).c_str(), Indent(s.facilitator_notes).c_str());
    std::map<std::string, int> kinds;
    for (const auto& h : w.hosts) kinds[h.kind]++;
    std::printf("Story clock: %s; the exercise lasts %s\n",
                s.story_start ? ("starts " + StoryStartText(*s.story_start)).c_str() : "the scenario names no start (times are elapsed time)",
                FormatScenarioTime(s.duration_s).substr(2).c_str());
    std::string estate;
    for (const auto& [k, n] : kinds) estate += (estate.empty() ? "" : ", ") + std::to_string(n) + " " + k;
    char head[96];
    std::snprintf(head, sizeof head, "Estate (seed %lld): %zu hosts in %zu zones: ", (long long)seed, w.hosts.size(), w.zones.size());
    std::fputs(cli::Wrapped(head, estate, 2).c_str(), stdout);
    std::printf("Services:\n");
    for (const auto& sv : w.services) {
        char cost[64];
        std::snprintf(cost, sizeof cost, "%s %.0f/h", s.currency.c_str(), sv.cost_per_hour);
        std::string name = sv.name.size() > 56 ? sv.name.substr(0, 55) + "~" : sv.name;
        std::printf("  %-14s %-56s %s\n", sv.id.c_str(), name.c_str(), cost);
    }
    std::printf("Regimes:");
    for (const auto& r : s.regimes) std::printf(" %s", r.c_str());
    if (s.campaign.stages.empty()) std::printf("\nCampaign: none (no attacker)\n");
    else std::printf("\nCampaign (%s):\n", s.campaign.seeded ? "the seed picks the targets" : "scripted");
    int i = 1;
    for (const auto& st : s.campaign.stages) {
        char head[40];
        std::snprintf(head, sizeof head, "  %2d. %-20s ", i++, StageActionName(st.action));
        std::fputs(cli::Wrapped(head, Catalog().Label(st.technique) + ": " + st.name, 27).c_str(), stdout);
    }
    if (!s.operations_events.empty()) std::printf("Operations events (not an attack):\n");
    for (const auto& e : s.operations_events) {
        std::string what;
        for (const std::string* f : {&e.host, &e.os, &e.kind, &e.zone})
            if (!f->empty()) what += (what.empty() ? "" : " ") + *f;
        char head[64], share[32];
        std::snprintf(head, sizeof head, "  %-22s ", StoryClock(s.story_start).At(e.time_s).c_str());
        std::snprintf(share, sizeof share, "%.0f%%", e.fraction * 100);
        std::fputs(cli::Wrapped(head, e.name + ": " + share + " of " + (what.empty() ? "all" : what) + " hosts: " + e.symptom + "; fix: " +
                                          (e.fix == OpsFix::Rollback ? "rollback_update" : "reboot"),
                                25)
                       .c_str(),
                   stdout);
    }
    if (!s.objectives.empty()) {
        std::printf("Objectives:\n");
        for (const auto& o : s.objectives) std::fputs(cli::Wrapped("  - ", o, 4).c_str(), stdout);
    }
    if (args.Has("--paths")) std::fputs(cli::DescribePaths(s).c_str(), stdout);
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    auto logger = spdlog::stderr_color_mt("breachdrill");
    spdlog::set_default_logger(logger);
    spdlog::set_pattern("%^%l%$: %v");
    spdlog::set_level(spdlog::level::info);
    int first = 1;
    while (first < argc && (std::strcmp(argv[first], "-v") == 0 || std::strcmp(argv[first], "--verbose") == 0 ||
                            std::strcmp(argv[first], "-q") == 0 || std::strcmp(argv[first], "--quiet") == 0)) {
        const bool verbose = argv[first][1] == 'v' || argv[first][2] == 'v';
        spdlog::set_level(verbose ? spdlog::level::debug : spdlog::level::err);
        ++first;
    }
    if (first >= argc) { std::fputs(kMainHelp, stderr); return 2; }
    if (std::strcmp(argv[first], "--version") == 0) { std::printf("breachdrill %s\n", BREACHDRILL_VERSION); return 0; }
    const std::string cmd = argv[first];
    if (cmd == "--help" || cmd == "-h" || cmd == "help") {
        static const std::map<std::string, const char*> helps = {{"run", kRunHelp}, {"replay", kReplayHelp}, {"resume", kResumeHelp},
            {"validate", kValidateHelp}, {"view", kViewHelp}, {"describe", kDescribeHelp}, {"list", kListHelp},
            {"msel", kMselHelp}, {"compare", cli::kCompareHelp}, {"whatif", cli::kWhatifHelp}, {"merge", cli::kMergeHelp}, {"report", cli::kReportHelp}, {"history", cli::kHistoryHelp},
            {"serve", cli::kServeHelp}, {"client", cli::kClientHelp}, {"check", kCheckHelp},
            {"import", cli::kImportHelp}, {"export", cli::kExportHelp}, {"new", cli::kNewHelp}};
        if (cmd == "help" && first + 1 < argc && helps.count(argv[first + 1])) std::fputs(helps.at(argv[first + 1]), stdout);
        else std::fputs(kMainHelp, stdout);
        return 0;
    }
    Args args;
    std::string error;
    if (!Parse(argc, argv, first + 1, args, error)) return Usage(error, kMainHelp);
    try {
        struct Sub { const char* help; int (*fn)(const Args&); };
        static const std::map<std::string, Sub> subs = {
            {"list", {kListHelp, [](const Args&) { return CmdList(); }}},
            {"validate", {kValidateHelp, CmdValidate}},
            {"run", {kRunHelp, CmdRun}},
            {"replay", {kReplayHelp, CmdReplay}},
            {"check", {kCheckHelp, CmdCheck}},
            {"resume", {kResumeHelp, CmdResume}},
            {"view", {kViewHelp, CmdView}},
            {"describe", {kDescribeHelp, CmdDescribe}},
            {"msel", {kMselHelp, CmdMsel}},
            {"new", {cli::kNewHelp, [](const Args& a) { return cli::New(a.positional, a.options); }}},
            {"compare", {cli::kCompareHelp, [](const Args& a) { return cli::Compare(a.positional, a.options); }}},
            {"whatif", {cli::kWhatifHelp, [](const Args& a) { return cli::Whatif(a.positional, a.options); }}},
            {"merge", {cli::kMergeHelp, [](const Args& a) { return cli::Merge(a.positional, a.options); }}},
            {"report", {cli::kReportHelp, [](const Args& a) { return cli::Report(a.positional, a.options); }}},
            {"history", {cli::kHistoryHelp, [](const Args& a) { return cli::History(a.positional, a.options); }}},
            {"serve", {cli::kServeHelp, [](const Args& a) {
                 Args with = a; // served exercises are played by people: no autopilot unless asked
                 if (!with.Has("--autopilot")) with.options["--autopilot"] = "none";
                 if (!with.Has("--journal") && a.positional.size() == 1) {
                     // SCENARIO-seedN-serve.jsonl here, never over an earlier exercise's journal.
                     std::string stem = std::filesystem::path(a.positional[0]).filename().string();
                     if (stem == "scenario.json") stem = std::filesystem::path(a.positional[0]).parent_path().filename().string();
                     for (char& ch : stem)
                         if (!std::isalnum((unsigned char)ch) && ch != '-') ch = '_';
                     const std::string base = stem + "-seed" + with.Get("--seed", "1") + "-serve";
                     std::string path = base + ".jsonl";
                     for (int n = 2; std::filesystem::exists(path) && n < 10000; ++n) path = base + "-" + std::to_string(n) + ".jsonl";
                     with.options["--journal"] = path;
                 }
                 return cli::Serve(a.positional, a.options, [&](int& rc) {
                     std::vector<TimedCommand> none;
                     return Setup(with, cli::kServeHelp, none, rc);
                 });
             }}},
            {"client", {cli::kClientHelp, [](const Args& a) { return cli::Client(a.positional, a.options); }}},
            {"import", {cli::kImportHelp, [](const Args& a) { return cli::Import(a.positional, a.options); }}},
            {"export", {cli::kExportHelp, [](const Args& a) { return cli::Export(a.positional, a.options); }}},
        };
        auto it = subs.find(cmd);
        if (it == subs.end()) return Usage("unknown command '" + cmd + "'", kMainHelp);
        // import/export FORMAT --help is the format's own help (cli/formats.cpp).
        const bool per_format = (cmd == "import" || cmd == "export") && !args.positional.empty();
        if ((args.Has("--help") || args.Has("-h")) && !per_format) { std::fputs(it->second.help, stdout); return 0; }
        if (args.Has("-v") || args.Has("--verbose")) spdlog::set_level(spdlog::level::debug);
        if (args.Has("-q") || args.Has("--quiet")) spdlog::set_level(spdlog::level::err);
        return it->second.fn(args);
    } catch (const std::exception& e) {
        spdlog::error("{}", e.what());
        return 1;
    }
}
