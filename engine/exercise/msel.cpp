// msel.cpp: the MSEL view of a scenario's injects (see msel.h).
#include "exercise/msel.h"

#include "world/commands.h"
#include "exercise/injects.h"

namespace bd {

const std::vector<std::string>& MselColumns()
{
    static const std::vector<std::string> kColumns = {"Inject number", "Scenario time", "Event synopsis",
                                                      "Inject text",   "Responsible controller", "Intended player",
                                                      "Expected action", "Objective",  "Notes"};
    return kColumns;
}

namespace {

std::string Player(const Inject& in)
{
    std::string out = in.team == "itops" ? "ITOps" : in.team == "secops" ? "SecOps" : in.team == "facilitator" ? "Facilitator" : "All players";
    if (const RoleSpec* r = in.role.empty() ? nullptr : FindRole(in.role)) out += ": " + std::string(r->title);
    return out;
}

std::string Within(SimTime s) { return FormatScenarioTime(s).substr(2); }

} // namespace

std::vector<MselRow> BuildMsel(const Scenario& scenario)
{
    std::vector<MselRow> rows;
    for (const auto& in : scenario.injects) {
        MselRow r;
        r.number = std::to_string(in.number);
        r.time = DescribeInjectTiming(in, scenario);
        r.synopsis = in.synopsis;
        r.text = in.text;
        r.controller = in.controller;
        r.player = Player(in);
        if (in.expected) r.expected = DescribeInjectAction(in) + " within " + Within(in.expect_within_s);
        r.objective = in.objective;
        r.notes = in.notes;
        if (in.contingency) {
            if (!r.notes.empty()) r.notes += "\n";
            r.notes += "Contingency: inject " + std::to_string(in.contingency) + " if not done in time.";
        }
        rows.push_back(std::move(r));
    }
    return rows;
}

std::string MselText(const Scenario& scenario, const std::vector<MselRow>& rows)
{
    std::string out = "MSEL: " + scenario.title + " (" + scenario.id + "), " + std::to_string(rows.size()) + " injects\n";
    auto indent = [](const std::string& s) {
        std::string o = "      ";
        for (char c : s) {
            o += c;
            if (c == '\n') o += "      ";
        }
        return o;
    };
    for (const auto& r : rows) {
        out += "\n#" + r.number + "  " + r.time + "  " + r.synopsis + "\n";
        out += "    to: " + r.player + "   controller: " + r.controller + "\n";
        if (!r.text.empty()) out += indent(r.text) + "\n";
        if (!r.expected.empty()) out += "    expected: " + r.expected + "\n";
        if (!r.objective.empty()) out += "    objective: " + r.objective + "\n";
        if (!r.notes.empty()) out += "    notes:\n" + indent(r.notes) + "\n";
    }
    return out;
}

} // namespace bd
