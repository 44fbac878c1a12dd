// scenario_loader_script.cpp: the scenario loader's "script" and "script_limits"
// (scenario_loader_parts.h, docs/lua-api.md).
#include "world/scenario_loader_parts.h"

#include "sandbox/syntax.h"

#include <cctype>
#include <cmath>
#include <filesystem>
#include <optional>
#include <string>

namespace bd {
namespace loader_detail {

// The scenario's Lua script (docs/lua-api.md): "script", a .lua file in the scenario's folder (for
// a built-in, the file embedded beside it), and "script_limits". The script is compiled, not run,
// so syntax errors are reported now; its text joins the content hash, so a journal refuses to
// replay against a changed script.
void Loader::LoadScript(const json& root, const std::string& scenario_text)
{
    const json* limits = GetObject(root, "", "script_limits", false);
    if (limits) {
        const std::string p = "/script_limits";
        CheckKeys(*limits, p, {"instructions", "memory_bytes", "tick_s"});
        auto ranged = [&](const char* key, int64_t def, int64_t lo, int64_t hi) {
            const json* v = Member(*limits, p, key, false);
            if (!v) return def;
            auto d = Number(*v, At(p, key));
            if (!d) return def;
            if (*d != std::floor(*d) || *d < (double)lo || *d > (double)hi) {
                Error(At(p, key), problem::kScriptLimits,
                      std::string(key) + " must be a whole number from " + std::to_string(lo) + " to " + std::to_string(hi) +
                          ", got " + NumberText(*d));
                return def;
            }
            return (int64_t)*d;
        };
        S().script_budget_instructions = ranged("instructions", kScriptInstructionsDefault, kScriptInstructionsMin, kScriptInstructionsMax);
        S().script_memory_bytes = ranged("memory_bytes", kScriptMemoryDefault, kScriptMemoryMin, kScriptMemoryMax);
        S().script_tick_s = ranged("tick_s", kScriptTickDefault, kScriptTickMin, kMaxSeconds);
    }
    const auto name = GetString(root, "", "script", false);
    if (!name) {
        if (limits) Warn("/script_limits", problem::kScriptUnused, "script_limits is set but there is no script: it is ignored");
        return;
    }
    const std::filesystem::path rel(*name);
    bool ok = !name->empty() && rel.is_relative() && rel.extension() == ".lua" && name->find('\\') == std::string::npos;
    for (const auto& part : rel)
        if (part == "..") ok = false;
    if (!ok) {
        Error("/script", problem::kScriptPath, "script '" + *name + "' must be a relative path to a .lua file inside the scenario's folder");
        return;
    }
    std::optional<std::string> text;
    std::string where;
    if (file_.rfind("builtin:", 0) == 0) {
        const std::string id = file_.substr(8);
        for (const auto& f : BuiltinScenarioFiles())
            if (id == f.scenario && *name == f.name) text = std::string(f.text);
        where = "beside the built-in scenario '" + id + "'";
    } else {
        const auto path = std::filesystem::path(file_).parent_path() / rel;
        text = ReadFile(path);
        where = "'" + path.string() + "'";
    }
    if (!text) {
        Error("/script", problem::kNoScript, "script '" + *name + "' cannot be read (looked for it " + where + ")");
        return;
    }
    if (text->size() > (1u << 20)) {
        Error("/script", problem::kTooLarge, "script '" + *name + "' is " + std::to_string(text->size()) + " bytes (at most 1048576)");
        return;
    }
    const std::string syntax = CheckScriptSyntax(*name, *text);
    if (!syntax.empty()) Error("/script", problem::kScriptSyntax, "script '" + *name + "' does not compile: " + syntax);
    if (syntax.empty()) WarnScriptedInjects(*name, *text);
    S().script_name = *name;
    S().script_text = std::move(*text);
    Hasher h;
    h.Bytes(scenario_text.data(), scenario_text.size());
    h.Str(S().script_text);
    S().content_hash = Hex16(h.Value());
}

// An inject the script schedules (`bd.schedule_inject(N, ...)` with a literal N, outside a comment)
// that also has a trigger of its own: it is delivered once, at whichever comes first, and the MSEL
// shows only its own. `new`'s template script schedules inject 4; an author who reuses that number
// for a timed inject got it early with no word (the second newcomer's trial).
void Loader::WarnScriptedInjects(const std::string& name, const std::string& text)
{
    static const std::string call = "schedule_inject(";
    size_t line_start = 0;
    for (int line = 1; line_start < text.size(); ++line) {
        size_t end = text.find('\n', line_start);
        if (end == std::string::npos) end = text.size();
        const std::string ln = text.substr(line_start, end - line_start);
        line_start = end + 1;
        const size_t comment = ln.find("--");
        for (size_t at = ln.find(call); at != std::string::npos && at < comment; at = ln.find(call, at + 1)) {
            size_t i = at + call.size();
            while (i < ln.size() && ln[i] == ' ') ++i;
            int number = 0, digits = 0;
            for (; i < ln.size() && std::isdigit((unsigned char)ln[i]) && digits < 6; ++i, ++digits) number = number * 10 + (ln[i] - '0');
            if (digits == 0) continue;
            for (const Inject& in : S().injects) {
                if (in.number != number || in.trigger == InjectTrigger::None) continue;
                Warn("/script", problem::kScriptInjectTwice,
                     "script '" + name + "' line " + std::to_string(line) + " schedules inject " + std::to_string(number) +
                         ", which also has its own " + (in.trigger == InjectTrigger::Time ? "time_s" : "when") +
                         ": it is delivered once, at whichever comes first (make the inject manual, or schedule another number)");
            }
        }
    }
}

} // namespace loader_detail
} // namespace bd
