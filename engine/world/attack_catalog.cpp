// attack_catalog.cpp: parses the embedded ATT&CK tables (see attack_catalog.h).
#include "world/attack_catalog.h"

#include <algorithm>
#include <stdexcept>

extern const char kAttackTechniquesCsv[];
extern const char kAttackTacticsCsv[];
extern const char kAttackDataComponentsCsv[];
extern const char kAttackTechniqueDataComponentsCsv[];

namespace bd {

std::vector<std::string> SplitCsvLine(std::string_view line)
{
    std::vector<std::string> fields(1);
    bool quoted = false;
    for (size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') { fields.back() += '"'; ++i; }
            else if (c == '"') quoted = false;
            else fields.back() += c;
        } else if (c == '"') quoted = true;
        else if (c == ',') fields.emplace_back();
        else if (c != '\r') fields.back() += c;
    }
    return fields;
}

namespace {

// Calls fn(fields) for every data row (the header is skipped).
template <typename Fn>
void ForEachRow(std::string_view text, Fn fn)
{
    bool header = true;
    while (!text.empty()) {
        const size_t end = text.find('\n');
        std::string_view line = text.substr(0, end);
        text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
        if (line.empty() || line == "\r") continue;
        if (header) { header = false; continue; }
        fn(SplitCsvLine(line));
    }
}

std::vector<std::string> SplitSemicolons(const std::string& s)
{
    std::vector<std::string> out;
    size_t start = 0;
    while (start <= s.size()) {
        const size_t end = s.find(';', start);
        std::string part = s.substr(start, end == std::string::npos ? std::string::npos : end - start);
        if (!part.empty()) out.push_back(part);
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return out;
}

} // namespace

AttackCatalog::AttackCatalog()
{
    ForEachRow(kAttackTechniquesCsv, [&](const std::vector<std::string>& f) {
        if (f.size() < 6) throw std::runtime_error("ATT&CK techniques table: short row");
        Technique t;
        t.id = f[0];
        t.name = f[1];
        t.tactics = SplitSemicolons(f[2]);
        t.subtechnique = f[3] == "true";
        t.deprecated = f[4] == "true";
        t.revoked = f[5] == "true";
        technique_index_[t.id] = techniques_.size();
        techniques_.push_back(std::move(t));
    });
    ForEachRow(kAttackTacticsCsv, [&](const std::vector<std::string>& f) {
        if (f.size() < 4) throw std::runtime_error("ATT&CK tactics table: short row");
        tactics_.push_back(Tactic{std::stoi(f[0]), f[1], f[2], f[3]});
    });
    ForEachRow(kAttackDataComponentsCsv, [&](const std::vector<std::string>& f) {
        if (f.size() < 2) throw std::runtime_error("ATT&CK data components table: short row");
        data_components_[f[0]] = f[1];
    });
    ForEachRow(kAttackTechniqueDataComponentsCsv, [&](const std::vector<std::string>& f) {
        if (f.size() < 2) throw std::runtime_error("ATT&CK detection table: short row");
        auto it = technique_index_.find(f[0]);
        if (it != technique_index_.end()) techniques_[it->second].data_components.push_back(f[1]);
    });
    for (auto& t : techniques_) {
        std::sort(t.data_components.begin(), t.data_components.end());
        t.data_components.erase(std::unique(t.data_components.begin(), t.data_components.end()),
                                t.data_components.end());
    }
}

const Technique* AttackCatalog::FindTechnique(std::string_view id) const
{
    auto it = technique_index_.find(std::string(id));
    return it == technique_index_.end() ? nullptr : &techniques_[it->second];
}

std::string_view AttackCatalog::DataComponentName(std::string_view dc_id) const
{
    auto it = data_components_.find(std::string(dc_id));
    return it == data_components_.end() ? std::string_view{} : std::string_view(it->second);
}

const Tactic* AttackCatalog::FindTactic(std::string_view shortname) const
{
    for (const auto& t : tactics_)
        if (t.shortname == shortname) return &t;
    return nullptr;
}

std::string AttackCatalog::Label(std::string_view technique_id) const
{
    const Technique* t = FindTechnique(technique_id);
    return t ? t->id + " " + t->name : std::string(technique_id);
}

const AttackCatalog& Catalog()
{
    static const AttackCatalog catalog;
    return catalog;
}

} // namespace bd
