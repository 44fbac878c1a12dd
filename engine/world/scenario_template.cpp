// scenario_template.cpp: the blank template and copies of scenarios (scenario_template.h).
#include "world/scenario_template.h"

#include "world/random_breach.h"
#include "world/scenario.h"

#include <nlohmann/json.hpp>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

// assets/templates/blank/, embedded by engine/CMakeLists.txt (cmake/Embed.cmake).
extern const char kTemplateScenarioJson[];
extern const char kTemplateScenarioLua[];
extern const char kTemplateReadme[];

namespace bd {

namespace {

using nlohmann::json;
using nlohmann::ordered_json;

bool TemplateIsBuiltinId(const std::string& id)
{
    if (id == kRandomScenarioId) return true;
    for (const auto& b : BuiltinScenarios())
        if (id == b.id) return true;
    return false;
}

// Replaces the value of `key` in the text's "metadata" object (the first `"key": "old"` after
// `"metadata"`), keeping every other byte as written. False when it is not written that way.
bool TemplateReplaceMetadataString(std::string& text, const std::string& key, const std::string& old_value,
                                   const std::string& new_value)
{
    const size_t meta = text.find("\"metadata\"");
    if (meta == std::string::npos) return false;
    const std::string quoted_key = "\"" + key + "\"";
    const std::string old_json = json(old_value).dump();
    for (size_t at = text.find(quoted_key, meta); at != std::string::npos; at = text.find(quoted_key, at + 1)) {
        size_t i = at + quoted_key.size();
        while (i < text.size() && std::isspace((unsigned char)text[i])) ++i;
        if (i >= text.size() || text[i] != ':') continue;
        ++i;
        while (i < text.size() && std::isspace((unsigned char)text[i])) ++i;
        if (text.compare(i, old_json.size(), old_json) != 0) continue;
        text.replace(i, old_json.size(), json(new_value).dump());
        return true;
    }
    return false;
}

// The scenario text with metadata.id and metadata.title set. As written where the text allows it;
// otherwise the whole document again, keys in their order, two spaces of indent.
std::string TemplateRetitle(const std::string& text, const std::string& id, const std::string& title, std::string& error)
{
    ordered_json doc = ordered_json::parse(text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object() || !doc.contains("metadata") || !doc["metadata"].is_object()) {
        error = "it is not a scenario (no metadata object): fix it with `breachdrill validate` first";
        return {};
    }
    ordered_json& meta = doc["metadata"];
    const std::string old_id = meta.value("id", std::string()), old_title = meta.value("title", std::string());
    std::string out = text;
    bool ok = meta.contains("id") && meta["id"].is_string() && meta.contains("title") && meta["title"].is_string() &&
              TemplateReplaceMetadataString(out, "id", old_id, id) && TemplateReplaceMetadataString(out, "title", old_title, title);
    if (ok) {
        const json check = json::parse(out, nullptr, false);
        ok = !check.is_discarded() && check["metadata"].value("id", "") == id && check["metadata"].value("title", "") == title;
    }
    if (ok) return out;
    meta["id"] = id;
    meta["title"] = title;
    return doc.dump(2) + "\n";
}

// A relative "$schema" (for editors; the loader ignores it) points from the source's folder and
// would not resolve from the copy's: left out, the line as written removed (else the document
// again without it). Returns what it was; "" when there was none or it is a URL or an absolute path.
std::string TemplateDropRelativeSchema(std::string& text)
{
    const ordered_json doc = ordered_json::parse(text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object() || !doc.contains("$schema") || !doc["$schema"].is_string()) return "";
    const std::string value = doc["$schema"].get<std::string>();
    if (value.empty() || value[0] == '/' || value.find("://") != std::string::npos) return "";
    ordered_json without = doc;
    without.erase("$schema");
    const std::string key = "\"$schema\"";
    const size_t at = text.find(key);
    size_t end = at == std::string::npos ? at : text.find('\n', at);
    size_t begin = at == std::string::npos ? at : text.rfind('\n', at);
    if (end != std::string::npos && begin != std::string::npos) {
        std::string cut = text;
        cut.erase(begin + 1, end - begin);
        if (ordered_json::parse(cut, nullptr, false) == without) {
            text = cut;
            return value;
        }
    }
    text = without.dump(2) + "\n";
    return value;
}

std::optional<std::string> TemplateReadFile(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream s;
    s << in.rdbuf();
    if (in.bad()) return std::nullopt;
    return s.str();
}

} // namespace

std::string ScenarioIdFromName(const std::string& name)
{
    std::string id;
    for (char c : name) {
        if (id.size() >= 64) break;
        id += std::isalnum((unsigned char)c) || c == '.' || c == '_' || c == '-' ? c : '-';
    }
    while (!id.empty() && (id.front() == '.' || id.front() == '-')) id.erase(id.begin());
    return id.empty() ? "new-scenario" : id;
}

NewScenario ScenarioFromTemplate(const std::string& id, const std::string& title)
{
    NewScenario out;
    out.from = "the blank template";
    out.id = id;
    out.title = title.empty() ? "New scenario: a phish that ends at the file server" : title;
    const std::string text = TemplateRetitle(kTemplateScenarioJson, out.id, out.title, out.error);
    if (!out.error.empty()) return out; // a broken template is a bug the tests catch
    out.files = {{"scenario.json", text}, {"scenario.lua", kTemplateScenarioLua}, {"README.md", kTemplateReadme}};
    return out;
}

NewScenario CopyScenario(const std::string& from, const std::string& id, const std::string& title)
{
    namespace fs = std::filesystem;
    NewScenario out;
    std::string text, source_dir; // source_dir: "" for a built-in
    std::vector<ScenarioFile> scripts;
    const bool looks_like_path = from.find('/') != std::string::npos || from.find('\\') != std::string::npos ||
                                 (from.size() > 5 && from.compare(from.size() - 5, 5, ".json") == 0);
    if (!looks_like_path && from == kRandomScenarioId) {
        out.error = "'random' is dealt from a seed, not a file: copy a built-in or a folder";
        return out;
    }
    for (const auto& b : BuiltinScenarios())
        if (!looks_like_path && from == b.id) {
            text = b.text;
            out.from = "built-in '" + from + "'";
            for (const auto& f : BuiltinScenarioFiles())
                if (from == f.scenario) scripts.push_back({f.name, f.text});
        }
    if (out.from.empty()) {
        std::error_code ec;
        fs::path path(from);
        if (fs::is_directory(path, ec)) path /= "scenario.json";
        auto read = TemplateReadFile(path);
        if (!read) {
            out.error = fs::exists(path, ec) ? "cannot read '" + path.string() + "'"
                                              : "'" + from + "' is not a built-in id, a folder with scenario.json or a .json file";
            return out;
        }
        text = std::move(*read);
        out.from = "'" + path.string() + "'";
        // The script it names, from beside it (the loader's rules: a relative .lua path inside the folder).
        const json doc = json::parse(text, nullptr, false);
        if (!doc.is_discarded() && doc.is_object() && doc.contains("script") && doc["script"].is_string()) {
            const std::string name = doc["script"].get<std::string>();
            const fs::path rel(name);
            bool safe = rel.is_relative() && rel.extension() == ".lua";
            for (const auto& part : rel) safe = safe && part != "..";
            auto script = safe ? TemplateReadFile(path.parent_path() / rel) : std::nullopt;
            if (script) scripts.push_back({name, *script});
        }
    }
    const json doc = json::parse(text, nullptr, false);
    const std::string source_id = !doc.is_discarded() && doc.is_object() && doc.contains("metadata") && doc["metadata"].is_object()
                                      ? doc["metadata"].value("id", std::string())
                                      : std::string();
    const std::string source_title = source_id.empty() ? std::string() : doc["metadata"].value("title", std::string());
    out.id = id;
    if (out.id == source_id || TemplateIsBuiltinId(out.id)) out.id += "-copy";
    out.title = title.empty() ? source_title + " (copy)" : title;
    std::string retitled = TemplateRetitle(text, out.id, out.title, out.error);
    if (!out.error.empty()) return out;
    out.dropped_schema = TemplateDropRelativeSchema(retitled);
    out.files.push_back({"scenario.json", retitled});
    for (auto& s : scripts) out.files.push_back(std::move(s));
    return out;
}

} // namespace bd
