// replay.cpp: rebuild an exercise from its journal (see replay.h).
#include "run/replay.h"

#include "script/script.h"

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>

namespace bd {

using nlohmann::json;

bool ReadCommandsFile(const std::string& path, std::vector<TimedCommand>& out, std::string& error)
{
    // Errors carry an id (commands.NNN, docs/reliability.md). The file is read with a bound, so
    // /dev/zero or a runaway file is refused, not swallowed.
    constexpr size_t kMaxBytes = 64u << 20, kMaxLine = 1u << 20;
    std::ifstream in(path, std::ios::binary);
    if (!in) { error = path + ": [commands.001] cannot open"; return false; }
    std::string text;
    char buf[1 << 16];
    while (text.size() <= kMaxBytes) {
        in.read(buf, sizeof buf);
        if (in.gcount() <= 0) break;
        text.append(buf, (size_t)in.gcount());
    }
    if (text.size() > kMaxBytes) { error = path + ": [commands.006] the file is larger than 64 MiB"; return false; }
    int n = 0;
    SimTime last = 0;
    for (size_t pos = 0; pos < text.size();) {
        ++n;
        size_t nl = text.find('\n', pos);
        if (nl == std::string::npos) nl = text.size();
        const std::string line = text.substr(pos, nl - pos);
        pos = nl + 1;
        const std::string where = path + ":" + std::to_string(n) + ": ";
        if (line.size() > kMaxLine) { error = where + "[commands.007] a line longer than 1 MiB"; return false; }
        if (line.empty() || line[0] == '#') continue;
        const json j = json::parse(line, nullptr, false);
        if (j.is_discarded() || !j.is_object()) { error = where + "[commands.002] not a JSON object"; return false; }
        if (!j.contains("t") || !j["t"].is_number_integer() || j["t"].get<int64_t>() < 0) {
            error = where + "[commands.003] 't' must be a time in seconds (an integer >= 0)";
            return false;
        }
        TimedCommand tc;
        tc.t = j["t"].get<SimTime>();
        if (tc.t < last) { error = where + "[commands.004] commands must be in time order"; return false; }
        last = tc.t;
        std::string e;
        if (!j.contains("cmd") || !FromJson(j["cmd"], tc.cmd, e)) {
            error = where + "[commands.005] " + (e.empty() ? "missing 'cmd'" : e);
            return false;
        }
        if (tc.cmd.issuer.empty()) tc.cmd.issuer = "player";
        out.push_back(std::move(tc));
    }
    return true;
}

void PlayWithCommands(Simulation& sim, const std::vector<TimedCommand>& commands, SimTime stop_at)
{
    for (const auto& tc : commands) {
        if (sim.Finished() || (stop_at >= 0 && tc.t > stop_at)) break;
        sim.AdvanceTo(tc.t);
        if (sim.Finished()) break;
        sim.Post(tc.cmd);
    }
    if (stop_at >= 0) {
        sim.AdvanceTo(stop_at);
        sim.Stop();
    } else {
        sim.RunToEnd();
    }
}

namespace {

// Everything a rebuild needs, read from a journal: a started simulation with the same inputs, the
// commands from outside the engine, and where the original run stopped.
struct ReplayPlan {
    std::string error;
    std::unique_ptr<Simulation> sim;
    std::vector<TimedCommand> commands;
    SimTime stop_at = -1;      // the original was stopped here (or cut off here)
    std::string recorded_hash; // "" if the journal has no end record
};

ReplayPlan Plan(const std::vector<json>& records, const std::string& journal_path)
{
    ReplayPlan out;
    if (records.empty()) { out.error = "[journal.001] the journal is empty"; return out; }
    const json& h = records.front();
    try {
        const json& sc = h.at("scenario");
        std::string ref = sc.value("ref", "");
        if (ref.empty()) ref = sc.value("source", "");
        LoadOptions lo;
        lo.seed = h.at("seed").get<uint64_t>();
        lo.size = sc.value("size", (int64_t)0);
        LoadResult lr = LoadScenario(ref, lo);
        if (!lr.Ok()) {
            out.error = "line 1: [journal.020] the journal's scenario '" + ref + "' does not load: " +
                        (lr.problems.empty() ? std::string("unknown error") : lr.problems.front().Format());
            return out;
        }
        if (lr.scenario.content_hash != sc.value("content_hash", "")) {
            out.error = "line 1: [journal.021] scenario '" + ref + "' has changed since this journal was written (content hash " +
                        lr.scenario.content_hash + ", the journal has " + sc.value("content_hash", "") +
                        "): replaying it would build a different world";
            return out;
        }
        RunOptions ro;
        ro.seed = lo.seed;
        ro.size = lo.size;
        ro.scenario_ref = ref;
        ro.journal_path = journal_path;
        if (h.contains("run_at") && h["run_at"].is_string()) ro.run_at = h["run_at"].get<std::string>();
        const auto org = ParseOrg(h.at("org").get<std::string>());
        if (!org) { out.error = "line 1: [journal.022] the journal names an unknown org profile"; return out; }
        ro.org = *org;
        ro.autopilot_itops = h.at("autopilot").value("itops", true);
        ro.autopilot_secops = h.at("autopilot").value("secops", true);

        for (const auto& r : records) {
            const std::string type = r.value("type", "");
            if (type == "end") {
                out.recorded_hash = r.value("state_hash", "");
                if (r.value("reason", "") == "stopped") out.stop_at = r.at("t").get<SimTime>();
            }
            if (type == "script" && (r.value("seat", "") == "itops" || r.value("seat", "") == "secops")) {
                // A Lua policy played the seat: play it again from the same, unchanged file.
                const std::string path = r.value("source", "");
                // The path comes from the journal (untrusted): read at most 16 MiB + 1 byte, so a
                // journal naming /dev/zero is refused, not read forever (docs/reliability.md).
                std::ifstream in(path, std::ios::binary);
                std::string text;
                char buf[1 << 16];
                while (in && text.size() <= (16u << 20)) {
                    in.read(buf, sizeof buf);
                    text.append(buf, (size_t)in.gcount());
                }
                if (!in.is_open() || text.size() > (16u << 20) || ScriptHash(text) != r.value("hash", "")) {
                    out.error = "line " + std::to_string(r.at("seq").get<uint64_t>() + 1) + ": [journal.024] the Lua policy '" + path +
                                "' is missing or has changed since this journal was written";
                    return out;
                }
                (r.value("seat", "") == "itops" ? ro.itops_policy : ro.secops_policy) = path;
            }
            if (type == "runbooks" && r.contains("runbooks") && r["runbooks"].is_object()) {
                // The teams' runbooks, as the run followed them (world/runbook.h): followed again.
                for (int i = 0; i < 2; ++i) {
                    const char* team = i == 0 ? "itops" : "secops";
                    if (!r["runbooks"].contains(team)) continue;
                    Runbook rb;
                    std::vector<std::string> problems;
                    if (!RunbookFromJson(r["runbooks"][team], rb, problems)) {
                        out.error = "line " + std::to_string(r.at("seq").get<uint64_t>() + 1) + ": [journal.025] the " + team +
                                    " runbook does not read: " + (problems.empty() ? std::string("?") : problems.front());
                        return out;
                    }
                    ro.runbooks[i] = std::move(rb);
                }
            }
            if (type != "command") continue;
            TimedCommand tc;
            std::string e;
            if (!FromJson(r.at("cmd"), tc.cmd, e)) {
                out.error = "line " + std::to_string(r.at("seq").get<uint64_t>() + 1) + ": [journal.023] record " + r.at("seq").dump() + ": " + e;
                return out;
            }
            // Autopilots and scripts decide again, identically; only outside commands are replayed.
            if (tc.cmd.issuer.rfind("autopilot:", 0) == 0 || tc.cmd.issuer.rfind("script:", 0) == 0) continue;
            tc.t = r.at("t").get<SimTime>();
            out.commands.push_back(std::move(tc));
        }
        if (out.recorded_hash.empty()) out.stop_at = records.back().at("t").get<SimTime>();
        out.sim = std::make_unique<Simulation>(std::move(lr.scenario), ro);
        std::string err;
        if (!out.sim->Start(err)) { out.error = err; out.sim.reset(); }
    } catch (const std::exception& e) {
        out.error = std::string("line 1: [journal.022] the journal's header is incomplete: ") + e.what();
        out.sim.reset();
    }
    return out;
}

// Index of the first record where two journals differ (the shorter's size if one is a prefix).
size_t FirstDifference(const std::vector<json>& a, const std::vector<json>& b)
{
    size_t i = 0;
    while (i < a.size() && i < b.size() && a[i].dump() == b[i].dump()) ++i;
    return i;
}

} // namespace

std::string RunTimestamp()
{
    std::time_t now = std::time(nullptr);
    if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH")) {
        char* end = nullptr;
        const long long v = std::strtoll(epoch, &end, 10);
        if (end != epoch && *end == 0 && v >= 0 && v < 253402300800LL) now = (std::time_t)v; // before year 10000
    }
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

ReplayOutcome ReplayRecords(const std::vector<json>& records)
{
    ReplayOutcome out;
    ReplayPlan plan = Plan(records, "");
    if (!plan.error.empty()) { out.error = plan.error; return out; }
    out.sim = std::move(plan.sim);
    out.recorded_hash = plan.recorded_hash;
    PlayWithCommands(*out.sim, plan.commands, plan.stop_at);
    // Compare the hash each end record carries (taken just before the end record was written).
    const auto& mine = out.sim->journal().Records();
    const std::string rebuilt = mine.empty() ? "" : mine.back().value("state_hash", "");
    if (!out.recorded_hash.empty() && rebuilt != out.recorded_hash) {
        out.diverged = true;
        const size_t i = FirstDifference(mine, records);
        out.divergence = "the rebuilt run first differs at record " + std::to_string(i) +
                         (i < records.size() ? " (journal: " + records[i].dump().substr(0, 160) + ")" : "");
    }
    return out;
}

ResumeOutcome ResumeJournal(const std::string& path)
{
    ResumeOutcome out;
    JournalReadResult jr = ReadJournal(path);
    out.warnings = jr.warnings;
    if (!jr.ok()) { out.error = jr.error; return out; }
    for (const auto& r : jr.records)
        if (r.value("type", "") == "end") {
            out.error = path + ": this exercise ended cleanly (" + r.value("reason", "") + "): nothing to resume; `breachdrill replay` rebuilds it";
            return out;
        }
    // Rebuild into a side file; the original stays untouched until the rebuild has caught up.
    const std::string side = path + ".resume";
    ReplayPlan plan = Plan(jr.records, side);
    if (!plan.error.empty()) { out.error = path + ": " + plan.error; std::remove(side.c_str()); return out; }
    Simulation& sim = *plan.sim;
    for (const auto& tc : plan.commands) {
        sim.AdvanceTo(tc.t);
        if (sim.Finished()) break;
        sim.Post(tc.cmd);
    }
    sim.AdvanceTo(plan.stop_at);
    // The rebuilt run must contain the journal as written: same records, in the same order.
    const auto& mine = sim.journal().Records();
    const size_t same = FirstDifference(mine, jr.records);
    if (same < jr.records.size()) {
        out.error = path + ": a rebuild of this run differs from its journal at record " + std::to_string(same) +
                    " (was it written by another version of breachdrill?); refusing to continue it";
        std::remove(side.c_str());
        return out;
    }
    out.recovered_records = jr.records.size();
    std::string err;
    if (!sim.MoveJournal(path, err)) { out.error = err; return out; }
    out.sim = std::move(plan.sim);
    return out;
}

} // namespace bd
