// navigator.cpp: ATT&CK Navigator layers of an exercise and of a comparison (navigator.h).
//
// Index
//   [SECTION] Shared: versions, outcome colours, the tactic a stage action plays
//   [SECTION] One exercise
//   [SECTION] A comparison, per profile
//   [SECTION] Checking a layer
#include "navigator.h"

#include "core/story_clock.h"
#include "world/attack_catalog.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <map>

namespace bd {

using NavJson = nlohmann::ordered_json; // (bd::json would meet attack_flow's in the unity build)

// [SECTION] Shared: versions, outcome colours, the tactic a stage action plays

int NavigatorScore(CoverageOutcome o)
{
    switch (o) {
    case CoverageOutcome::Confirmed: return 3;
    case CoverageOutcome::Pending: return 2;
    case CoverageOutcome::Dismissed: return 1;
    case CoverageOutcome::Unseen: return 0;
    }
    return 0;
}

const char* NavigatorColor(CoverageOutcome o)
{
    switch (o) {
    case CoverageOutcome::Confirmed: return "#31a354";
    case CoverageOutcome::Pending: return "#fed976";
    case CoverageOutcome::Dismissed: return "#fd8d3c";
    case CoverageOutcome::Unseen: return "#de2d26";
    }
    return "#de2d26";
}

namespace {

const char* NavOutcomeLabel(CoverageOutcome o)
{
    switch (o) {
    case CoverageOutcome::Confirmed: return "Detected and confirmed as real";
    case CoverageOutcome::Pending: return "Detected, never triaged";
    case CoverageOutcome::Dismissed: return "Detected and dismissed as a false alarm";
    case CoverageOutcome::Unseen: return "Seen by no tool";
    }
    return "?";
}

NavJson NavVersions() { return {{"attack", kNavigatorAttackVersion}, {"navigator", kNavigatorVersion}, {"layer", kNavigatorLayerVersion}}; }

NavJson NavMeta(const std::string& name, const std::string& value) { return {{"name", name}, {"value", value}}; }

// The layer's frame: what every layer Breachdrill writes has, around its techniques.
NavJson NavFrame(const std::string& name, const std::string& description, NavJson gradient, NavJson legend, NavJson metadata)
{
    return {{"name", name},
            {"versions", NavVersions()},
            {"domain", "enterprise-attack"},
            {"description", description},
            {"sorting", 3},
            {"layout",
             {{"layout", "side"}, {"showID", true}, {"showName", true}, {"showAggregateScores", false}, {"countUnscored", false},
              {"aggregateFunction", "average"}, {"expandedSubtechniques", "annotated"}}},
            {"hideDisabled", false},
            {"techniques", NavJson::array()},
            {"gradient", std::move(gradient)},
            {"legendItems", std::move(legend)},
            {"showTacticRowBackground", false},
            {"tacticRowBackground", "#dddddd"},
            {"selectTechniquesAcrossTactics", true},
            {"selectSubtechniquesWithParent", false},
            {"selectVisibleTechniques", false},
            {"metadata", std::move(metadata)}};
}

// The ATT&CK tactic a stage action plays (docs/journal.md, `technique`), as Navigator's shortname.
std::string NavTacticOf(const std::string& action)
{
    if (action == "inhibit_recovery") return "impact";
    std::string t = action;
    std::replace(t.begin(), t.end(), '_', '-');
    return t;
}

// The tactic to file a technique under: the one its stage actions played, when it was played as one
// tactic only and ATT&CK lists the technique under it; else "" (Navigator shows it under each of its tactics).
std::string NavTactic(const Technique& t, const std::vector<std::string>& actions)
{
    std::string tactic;
    for (const auto& a : actions) {
        const std::string x = NavTacticOf(a);
        if (!tactic.empty() && x != tactic) return "";
        tactic = x;
    }
    return std::find(t.tactics.begin(), t.tactics.end(), tactic) != t.tactics.end() ? tactic : "";
}

std::string NavTeamName(const std::string& team) { return team == "secops" ? "SecOps" : team == "itops" ? "ITOps" : team; }

std::string NavHeaderText(const nlohmann::json& header, const char* key)
{
    auto it = header.find(key);
    return it != header.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// The comment of one exercise's technique: how it was played and who saw it, in words.
std::string NavComment(const TechniqueCoverage& c, const StoryClock& clock)
{
    std::string out = "Played " + CountOf(c.attempts, "time") + " (" + std::to_string(c.successes) + " succeeded) from " + clock.At(c.first_t);
    if (!c.stages.empty()) {
        out += " as ";
        for (size_t i = 0; i < c.stages.size(); ++i) out += (i ? ", '" : "'") + c.stages[i] + "'";
    }
    out += ". ";
    if (c.sensors.empty()) return out + "Seen by no tool.";
    out += "Seen by ";
    for (size_t i = 0; i < c.sensors.size(); ++i)
        out += (i ? ", " : "") + c.sensors[i].sensor + " (" + NavTeamName(c.sensors[i].team) + ", " + CountOf(c.sensors[i].alerts, "alert") + ")";
    out += "; first alert " + clock.At(*c.first_alert_t) + "; " + std::to_string(c.confirmed) + " confirmed as real, " +
           std::to_string(c.dismissed) + " dismissed as a false alarm, " + std::to_string(c.alerts - c.confirmed - c.dismissed) +
           " never triaged.";
    return out;
}

// A catalogue entry for a journal's id, or nullptr with a warning.
const Technique* NavFind(const std::string& id, std::vector<std::string>* warnings)
{
    const Technique* t = Catalog().FindTechnique(id);
    if (!t && warnings) warnings->push_back("[navigator.unknown_technique] " + id + " is not an ATT&CK v18.1 technique: left out of the layer");
    return t;
}

} // namespace

// [SECTION] One exercise

NavJson NavigatorLayer(const std::vector<nlohmann::json>& records, std::vector<std::string>* warnings)
{
    const nlohmann::json header = !records.empty() && records.front().is_object() ? records.front() : nlohmann::json::object();
    const nlohmann::json scenario = header.value("scenario", nlohmann::json::object());
    const std::string id = scenario.is_object() ? scenario.value("id", "") : "";
    const std::string title = scenario.is_object() ? scenario.value("title", "") : "";
    const std::string seed = header.contains("seed") ? header["seed"].dump() : "?";
    const std::string org = NavHeaderText(header, "org");
    const StoryClock clock = StoryClock::Named(NavHeaderText(header, "story_start"));

    NavJson legend = NavJson::array(), colors = NavJson::array();
    for (CoverageOutcome o : {CoverageOutcome::Unseen, CoverageOutcome::Dismissed, CoverageOutcome::Pending, CoverageOutcome::Confirmed})
        colors.push_back(NavigatorColor(o));
    for (CoverageOutcome o : {CoverageOutcome::Confirmed, CoverageOutcome::Pending, CoverageOutcome::Dismissed, CoverageOutcome::Unseen})
        legend.push_back({{"label", std::string(NavOutcomeLabel(o)) + " (score " + std::to_string(NavigatorScore(o)) + ")"}, {"color", NavigatorColor(o)}});
    NavJson meta = NavJson::array({NavMeta("scenario", id), NavMeta("title", title), NavMeta("seed", seed), NavMeta("profile", org)});
    if (scenario.is_object() && scenario.contains("content_hash")) meta.push_back(NavMeta("scenario content hash", scenario.value("content_hash", "")));
    if (const std::string at = NavHeaderText(header, "run_at"); !at.empty()) meta.push_back(NavMeta("run at", at));
    meta.push_back(NavMeta("source", "breachdrill report --format navigator"));

    const auto coverage = ComputeCoverage(records);
    size_t counts[4] = {0, 0, 0, 0};
    NavJson techniques = NavJson::array();
    for (const auto& c : coverage) {
        const Technique* t = NavFind(c.technique, warnings);
        if (!t) continue;
        ++counts[(int)c.outcome];
        NavJson e = {{"techniqueID", c.technique}};
        if (const std::string tactic = NavTactic(*t, c.actions); !tactic.empty()) e["tactic"] = tactic;
        e["score"] = NavigatorScore(c.outcome);
        e["color"] = NavigatorColor(c.outcome);
        e["comment"] = NavComment(c, clock);
        e["enabled"] = true;
        NavJson tm = NavJson::array({NavMeta("outcome", CoverageOutcomeName(c.outcome)), NavMeta("attempts", std::to_string(c.attempts)),
                               NavMeta("succeeded", std::to_string(c.successes)), NavMeta("true alerts", std::to_string(c.alerts)),
                               NavMeta("confirmed", std::to_string(c.confirmed)), NavMeta("dismissed", std::to_string(c.dismissed))});
        e["metadata"] = std::move(tm);
        techniques.push_back(std::move(e));
    }
    const std::string description =
        "Breachdrill exercise: " + (title.empty() ? id : title) + " (" + id + "), seed " + seed + ", " + org + " organisation. " +
        CountOf((int64_t)techniques.size(), "technique") + " played by the attacker: " + std::to_string(counts[0]) +
        " detected and confirmed, " + std::to_string(counts[1]) + " detected but never triaged, " + std::to_string(counts[2]) +
        " detected and dismissed, " + std::to_string(counts[3]) +
        " seen by no tool. Each comment names the tools (sensor, team) whose true alerts saw it.";
    NavJson layer = NavFrame("Breachdrill " + id + " seed " + seed + " (" + org + ")", description,
                          {{"colors", colors}, {"minValue", 0}, {"maxValue", 3}}, legend, meta);
    layer["techniques"] = std::move(techniques);
    return layer;
}

// [SECTION] A comparison, per profile

NavJson NavigatorCompareLayer(const CompareResult& r, OrgProfile org, std::vector<std::string>* warnings)
{
    struct Tally {
        std::string technique;
        size_t played = 0, detected = 0, confirmed = 0;
    };
    std::vector<Tally> tallies;
    std::map<std::string, size_t> index;
    size_t runs = 0;
    for (const auto& run : r.runs) {
        if (run.org != org || !run.error.empty()) continue;
        ++runs;
        for (const auto& t : run.techniques) {
            auto [it, fresh] = index.emplace(t.technique, tallies.size());
            if (fresh) tallies.push_back(Tally{t.technique});
            Tally& y = tallies[it->second];
            ++y.played;
            y.detected += t.detected ? 1 : 0;
            y.confirmed += t.confirmed ? 1 : 0;
        }
    }
    const std::string profile = OrgName(org);
    const std::string seeds = std::to_string(r.seed_first) + ".." + std::to_string(r.seed_last);
    NavJson techniques = NavJson::array();
    for (const auto& y : tallies) {
        if (!NavFind(y.technique, warnings)) continue;
        const double share = std::round(1000.0 * (double)y.detected / (double)y.played) / 10.0;
        char pct[32];
        std::snprintf(pct, sizeof pct, "%.1f", share);
        NavJson e = {{"techniqueID", y.technique},
                  {"score", share},
                  {"comment", "Detected (a tool raised a true alert) in " + std::to_string(y.detected) + " of the " +
                                  CountOf((int64_t)y.played, "run") + " that played it (" + pct + " %); confirmed as real in " +
                                  std::to_string(y.confirmed) + ". Played in " + std::to_string(y.played) + " of " +
                                  std::to_string(runs) + " " + profile + " runs."},
                  {"enabled", true},
                  {"metadata", NavJson::array({NavMeta("profile", profile), NavMeta("runs played", std::to_string(y.played)),
                                            NavMeta("runs detected", std::to_string(y.detected)),
                                            NavMeta("runs confirmed", std::to_string(y.confirmed)), NavMeta("detected %", pct)})}};
        techniques.push_back(std::move(e));
    }
    NavJson meta = NavJson::array({NavMeta("scenario", r.scenario), NavMeta("title", r.title), NavMeta("seeds", seeds), NavMeta("profile", profile),
                             NavMeta("runs", std::to_string(runs)), NavMeta("scenario content hash", r.content_hash)});
    for (const auto& c : r.org_changes) meta.push_back(NavMeta("changed", OrgChangeText(c)));
    meta.push_back(NavMeta("source", "breachdrill compare --navigator"));
    const std::string description = "Breachdrill comparison: " + r.title + " (" + r.scenario + "), seeds " + seeds + ", the " + profile +
                                    " organisation played by autopilot teams (" + CountOf((int64_t)runs, "run") +
                                    "). Score: the percentage of the runs that played a technique in which a tool raised a true alert of it.";
    NavJson legend = NavJson::array({{{"label", "Detected in no run that played it (0 %)"}, {"color", "#de2d26"}},
                               {{"label", "Detected in half of them (50 %)"}, {"color", "#fed976"}},
                               {{"label", "Detected in every run that played it (100 %)"}, {"color", "#31a354"}}});
    NavJson layer = NavFrame("Breachdrill " + r.scenario + " seeds " + seeds + " (" + profile + ")", description,
                          {{"colors", NavJson::array({"#de2d26", "#fed976", "#31a354"})}, {"minValue", 0}, {"maxValue", 100}}, legend, meta);
    layer["techniques"] = std::move(techniques);
    return layer;
}

std::string NavigatorProfilePath(const std::string& path, OrgProfile org)
{
    const std::string suffix = std::string("-") + OrgName(org) + ".json";
    if (path.size() >= 5 && path.compare(path.size() - 5, 5, ".json") == 0) return path.substr(0, path.size() - 5) + suffix;
    return path + suffix;
}

// [SECTION] Checking a layer

namespace {

bool NavIsColor(const nlohmann::json& c)
{
    if (!c.is_string()) return false;
    const std::string s = c.get<std::string>();
    return s.size() == 7 && s[0] == '#' && std::all_of(s.begin() + 1, s.end(), [](char ch) { return std::isxdigit((unsigned char)ch) != 0; });
}

} // namespace

std::vector<std::string> CheckNavigatorLayer(const nlohmann::json& layer)
{
    std::vector<std::string> p;
    if (!layer.is_object()) return {"/: a layer is a JSON object"};
    if (!layer.contains("name") || !layer["name"].is_string() || layer["name"].get<std::string>().empty()) p.push_back("/name: required, a non-empty string");
    if (layer.value("domain", "") != "enterprise-attack") p.push_back("/domain: must be \"enterprise-attack\"");
    const nlohmann::json v = layer.value("versions", nlohmann::json::object());
    if (!v.is_object() || v.value("layer", "") != "4.5") p.push_back("/versions/layer: must be \"4.5\"");
    if (!v.is_object() || !v.contains("navigator") || !v["navigator"].is_string()) p.push_back("/versions/navigator: required");
    double lo = 0, hi = 100;
    if (layer.contains("gradient")) {
        const nlohmann::json& g = layer["gradient"];
        if (!g.is_object() || !g.contains("colors") || !g["colors"].is_array() || g["colors"].size() < 2 || !g.contains("minValue") ||
            !g.contains("maxValue") || !g["minValue"].is_number() || !g["maxValue"].is_number())
            p.push_back("/gradient: needs colors (2 or more), minValue and maxValue");
        else {
            lo = g["minValue"].get<double>();
            hi = g["maxValue"].get<double>();
            if (!(hi > lo)) p.push_back("/gradient/maxValue: must be above minValue");
            for (size_t i = 0; i < g["colors"].size(); ++i)
                if (!NavIsColor(g["colors"][i])) p.push_back("/gradient/colors/" + std::to_string(i) + ": not #rrggbb");
        }
    }
    for (size_t i = 0; layer.contains("legendItems") && i < layer["legendItems"].size(); ++i) {
        const nlohmann::json& l = layer["legendItems"][i];
        if (!l.is_object() || !l.contains("label") || !l["label"].is_string() || !NavIsColor(l.value("color", nlohmann::json())))
            p.push_back("/legendItems/" + std::to_string(i) + ": needs a label and a #rrggbb color");
    }
    const nlohmann::json techniques = layer.value("techniques", nlohmann::json::array());
    for (size_t i = 0; i < techniques.size(); ++i) {
        const std::string at = "/techniques/" + std::to_string(i);
        const nlohmann::json& t = techniques[i];
        const std::string id = t.is_object() ? t.value("techniqueID", "") : "";
        if (!Catalog().FindTechnique(id)) p.push_back(at + "/techniqueID: '" + id + "' is not an ATT&CK technique");
        if (t.is_object() && t.contains("score") && (!t["score"].is_number() || t["score"].get<double>() < lo || t["score"].get<double>() > hi))
            p.push_back(at + "/score: outside the gradient's range");
        if (t.is_object() && t.contains("color") && !NavIsColor(t["color"])) p.push_back(at + "/color: not #rrggbb");
        if (t.is_object() && t.contains("tactic")) {
            const Technique* tech = Catalog().FindTechnique(id);
            const std::string tactic = t["tactic"].is_string() ? t["tactic"].get<std::string>() : "";
            if (tech && std::find(tech->tactics.begin(), tech->tactics.end(), tactic) == tech->tactics.end())
                p.push_back(at + "/tactic: " + id + " is not under '" + tactic + "'");
        }
    }
    return p;
}

} // namespace bd
