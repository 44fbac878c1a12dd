// attack_catalog.h: MITRE ATT&CK Enterprise v18.1 reference data, built into the binary.
//
// The tables under assets/attack/ are embedded at build time (cmake/Embed.cmake), so the engine
// never looks for them on disk. Use Catalog() for the one shared, read-only instance.
#pragma once
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace bd {

struct Technique {
    std::string id;                  // "T1566.001"
    std::string name;                // "Spearphishing Attachment"
    std::vector<std::string> tactics; // shortnames: "initial-access", ...
    bool subtechnique = false;
    bool deprecated = false;
    bool revoked = false;
    std::vector<std::string> data_components; // DC ids that can detect it, sorted
};

struct Tactic {
    int order = 0;
    std::string id, shortname, name;
};

class AttackCatalog {
public:
    // Parses the embedded tables. Called once by Catalog().
    AttackCatalog();

    // nullptr when the id is not in the table at all.
    const Technique* FindTechnique(std::string_view id) const;
    // "" when unknown.
    std::string_view DataComponentName(std::string_view dc_id) const;
    bool HasDataComponent(std::string_view dc_id) const { return !DataComponentName(dc_id).empty(); }
    const Tactic* FindTactic(std::string_view shortname) const;
    // "T1566.001 Spearphishing Attachment", or the id alone when unknown.
    std::string Label(std::string_view technique_id) const;

    const std::vector<Technique>& Techniques() const { return techniques_; }
    const std::vector<Tactic>& Tactics() const { return tactics_; }

private:
    std::vector<Technique> techniques_;
    std::unordered_map<std::string, size_t> technique_index_;
    std::unordered_map<std::string, std::string> data_components_;
    std::vector<Tactic> tactics_;
};

const AttackCatalog& Catalog();

// Splits one CSV line (RFC 4180 quoting) into fields. Exposed for tests.
std::vector<std::string> SplitCsvLine(std::string_view line);

} // namespace bd
