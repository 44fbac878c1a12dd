// replay.cpp: rebuild an exercise from its journal (see replay.h).
#include "replay.h"

#include <fstream>

namespace bd {

using nlohmann::json;

bool ReadCommandsFile(const std::string& path, std::vector<TimedCommand>& out, std::string& error)
{
    std::ifstream in(path);
    if (!in) { error = path + ": cannot open"; return false; }
    std::string line;
    int n = 0;
    SimTime last = 0;
    while (std::getline(in, line)) {
        ++n;
        if (line.empty() || line[0] == '#') continue;
        const json j = json::parse(line, nullptr, false);
        const std::string where = path + ":" + std::to_string(n) + ": ";
        if (j.is_discarded() || !j.is_object()) { error = where + "not a JSON object"; return false; }
        if (!j.contains("t") || !j["t"].is_number_integer() || j["t"].get<int64_t>() < 0) {
            error = where + "'t' must be a time in seconds (an integer >= 0)";
            return false;
        }
        TimedCommand tc;
        tc.t = j["t"].get<SimTime>();
        if (tc.t < last) { error = where + "commands must be in time order"; return false; }
        last = tc.t;
        std::string e;
        if (!j.contains("cmd") || !FromJson(j["cmd"], tc.cmd, e)) {
            error = where + (e.empty() ? "missing 'cmd'" : e);
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

ReplayOutcome ReplayRecords(const std::vector<json>& records)
{
    ReplayOutcome out;
    if (records.empty()) { out.error = "the journal is empty"; return out; }
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
            out.error = "the journal's scenario '" + ref + "' does not load: " +
                        (lr.problems.empty() ? std::string("unknown error") : lr.problems.front().Format());
            return out;
        }
        if (lr.scenario.content_hash != sc.value("content_hash", "")) {
            out.error = "scenario '" + ref + "' has changed since this journal was written (content hash " +
                        lr.scenario.content_hash + ", the journal has " + sc.value("content_hash", "") +
                        "): replaying it would build a different world";
            return out;
        }
        RunOptions ro;
        ro.seed = lo.seed;
        ro.size = lo.size;
        ro.scenario_ref = ref;
        const auto org = ParseOrg(h.at("org").get<std::string>());
        if (!org) { out.error = "the journal names an unknown org profile"; return out; }
        ro.org = *org;
        ro.autopilot_itops = h.at("autopilot").value("itops", true);
        ro.autopilot_secops = h.at("autopilot").value("secops", true);

        std::vector<TimedCommand> commands;
        SimTime stop_at = -1;
        for (const auto& r : records) {
            const std::string type = r.value("type", "");
            if (type == "end") {
                out.recorded_hash = r.value("state_hash", "");
                if (r.value("reason", "") == "stopped") stop_at = r.at("t").get<SimTime>();
            }
            if (type != "command") continue;
            TimedCommand tc;
            std::string e;
            if (!FromJson(r.at("cmd"), tc.cmd, e)) { out.error = "record " + r.at("seq").dump() + ": " + e; return out; }
            if (tc.cmd.issuer.rfind("autopilot:", 0) == 0) continue; // re-decided by the autopilot
            tc.t = r.at("t").get<SimTime>();
            commands.push_back(std::move(tc));
        }
        if (out.recorded_hash.empty() && !records.empty()) stop_at = records.back().at("t").get<SimTime>();
        out.sim = std::make_unique<Simulation>(std::move(lr.scenario), ro);
        std::string err;
        if (!out.sim->Start(err)) { out.error = err; return out; }
        PlayWithCommands(*out.sim, commands, stop_at);
        // Compare the hash each end record carries (taken just before the end record was written).
        const auto& mine = out.sim->journal().Records();
        const std::string rebuilt = mine.empty() ? "" : mine.back().value("state_hash", "");
        if (!out.recorded_hash.empty() && rebuilt != out.recorded_hash) {
            out.diverged = true;
            size_t i = 0;
            while (i < mine.size() && i < records.size() && mine[i].dump() == records[i].dump()) ++i;
            out.divergence = "the rebuilt run first differs at record " + std::to_string(i) +
                             (i < records.size() ? " (journal: " + records[i].dump().substr(0, 160) + ")" : "");
        }
    } catch (const std::exception& e) {
        out.error = std::string("the journal's header is incomplete: ") + e.what();
    }
    return out;
}

} // namespace bd
