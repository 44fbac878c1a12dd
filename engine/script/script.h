// script.h: sandboxed Lua scripts: a scenario's script and Lua autopilot policies (docs/lua-api.md).
//
// A ScriptHost owns one lua_State for one script. The script reacts to engine events (on_start,
// on_tick, on_technique, on_alert, on_command, on_inject) and acts only through the `bd` API: it
// reads the world as its seat sees it and posts commands (Simulation::PostLater), issued as
// "script:<name>". The sandbox (script_sandbox.cpp) opens base, table, string, math and utf8
// only, replaces what could escape, hang or break determinism, and enforces an instruction
// budget per call and a memory cap. A script that errors, loops or runs out of budget or memory
// is stopped, reported with a "warning" record naming the script, the line and the reason, and
// disabled; the exercise goes on.
//
//   ScriptHost::Config c{"scenario.lua", text};          // Simulation::Start does this
//   auto host = std::make_unique<ScriptHost>(sim, c);
//   host->Start();                                        // runs the chunk, then on_start()
//   sim.AddObserver([&](const json& r) { host->OnRecord(r); });
#pragma once
#include "world/scenario.h" // the script limits (kScript*)
#include "world/world.h"

#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>

namespace bd {

class Simulation;

class ScriptHost {
public:
    struct Config {
        std::string name;  // how reports and the issuer name it: "scenario.lua" -> "script:scenario.lua"
        std::string text;  // the Lua source (text only: precompiled chunks are refused)
        int64_t instructions = kScriptInstructionsDefault; // budget per call (per event delivered)
        int64_t memory_bytes = kScriptMemoryDefault;       // cap on the state's total allocation
        SimTime tick_s = kScriptTickDefault;               // on_tick cadence
        // Facilitator: a scenario script: sees the ground truth, may post for any team.
        // ITOps / SecOps: a Lua policy playing that seat: sees the seat's view, posts as the seat.
        Team seat = Team::Facilitator;
        int32_t index = 0; // its place in the simulation's list: ScriptTick events carry it
        std::string source;     // where it came from (the scenario's source, a policy file's path): for the journal
        std::string load_error; // set: the script could not be read; Start() reports it and stays disabled
    };

    // Creates the sandbox (nothing runs yet). A host that cannot create its state is born disabled
    // and reports why at Start().
    ScriptHost(Simulation& sim, Config config);
    ~ScriptHost();
    ScriptHost(const ScriptHost&) = delete;
    ScriptHost& operator=(const ScriptHost&) = delete;

    // Runs the main chunk, then on_start(), and schedules the first on_tick if the script has one.
    void Start();
    // Every journal record (Simulation::AddObserver): technique, alert, command_done and inject
    // records go to the script's handlers, in journal order, never re-entering a running handler.
    void OnRecord(const nlohmann::json& record);
    // A ScriptTick event: timer < 0 is the on_tick cadence; timer >= 0 a bd.schedule_inject timer.
    void OnTimer(int32_t timer);

    bool Enabled() const;
    const std::string& Name() const;
    Team Seat() const;

    struct Impl;

private:
    std::unique_ptr<Impl> impl_;
};

// A Lua policy file is at most this big (a scenario's script is bounded by the scenario's limits).
constexpr size_t kMaxPolicyBytes = 1u << 20;
// Reads a policy file named on a command line, bounded: false and a reason naming the file when it
// cannot be read or is larger than kMaxPolicyBytes.
bool ReadPolicyFile(const std::string& path, std::string& text, std::string& error);

// FNV-1a of a script's text, hex: the "script" journal record carries it, and replay refuses a
// policy file that changed.
std::string ScriptHash(const std::string& text);

} // namespace bd
