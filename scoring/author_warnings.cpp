// author_warnings.cpp: the authoring warnings above the loader (author_warnings.h).
#include "author_warnings.h"

#include "exercise/injects.h"
#include "exercise/path_report.h"
#include "report.h"

namespace bd {

std::vector<Problem> AuthorWarnings(const Scenario& s, const std::string& file)
{
    std::vector<Problem> out;
    const PathReport paths = AnalyzePaths(s);
    std::vector<bool> unreached(s.campaign.stages.size(), false);
    for (size_t i = 0; i < paths.stages.size() && i < unreached.size(); ++i) unreached[i] = !paths.stages[i].reachable;
    for (size_t k = 0; k < s.injects.size(); ++k) {
        const Inject& in = s.injects[k];
        // A combined trigger that only stages no path reaches keep from firing (a late time is the loader's warning).
        if (in.trigger == InjectTrigger::Combined && InjectConditionNever(in.condition, s.duration_s, unreached) &&
            !InjectConditionNever(in.condition, s.duration_s, {}))
            out.push_back({file, "/injects/" + std::to_string(k) + "/when", "scenario.089",
                           "inject " + std::to_string(in.number) + "'s condition can never hold: it needs a stage no path reaches (" +
                               DescribeInjectCondition(in.condition, s) + "): it never fires",
                           true});
    }
    for (size_t i = 0; i < paths.stages.size(); ++i) {
        const PathStage& st = paths.stages[i];
        if (st.reachable) continue;
        out.push_back({file, "/campaign/stages/" + std::to_string(i), "scenario.087",
                       "stage " + std::to_string(st.number) + " '" + st.name + "' is reached by no path: " + st.why_not +
                           " (breachdrill describe --paths shows the path)",
                       true});
        for (size_t k = 0; k < s.injects.size(); ++k)
            if (s.injects[k].trigger == InjectTrigger::Stage && s.injects[k].stage == (int)i)
                out.push_back({file, "/injects/" + std::to_string(k) + "/when/stage", "scenario.089",
                               "inject " + std::to_string(s.injects[k].number) + " waits for stage " + std::to_string(st.number) +
                                   ", which no path reaches: it never fires",
                               true});
    }
    std::vector<std::pair<std::string, std::string>> services;
    for (const auto& sv : s.world.services) services.push_back({sv.id, sv.name});
    for (size_t i = 0; i < s.objectives.size(); ++i) {
        const std::string& o = s.objectives[i];
        if (ObjectiveRule(o, services) != "none") continue;
        bool measured = false;
        for (const auto& in : s.injects) measured |= in.objective == o && in.expected.has_value();
        if (!measured)
            out.push_back({file, "/metadata/objectives/" + std::to_string(i), "scenario.090",
                           "objective '" + o + "' matches no rating rule and no inject with an expected action names it: the "
                           "after-action report cannot rate it (docs/reports.md, \"Which rule rates an objective\": say detect, "
                           "contain, restore, outage, exfiltration or a deadline)",
                           true});
    }
    return out;
}

} // namespace bd
