// facilitator_cmd.cpp: the facilitator's commands: fire_inject (an inject of the MSEL now),
// set_autopilot (a seat to its autopilot, or back). (add_note, open to every seat, is in team_cmd.cpp.)
#include "response/command_table.h"

namespace bd {

// [SECTION] fire_inject

CommandResult CheckFireInject(const CheckArgs& a)
{
    const auto& injects = a.sim.scenario().injects;
    const InjectBook& book = a.sim.injects();
    for (size_t i = 0; i < injects.size(); ++i) {
        if (std::to_string(injects[i].number) != a.cmd.target) continue;
        if (i < book.status.size() && book.status[i].delivered && !a.at_completion)
            return Refuse(ResultCode::Precondition, "inject " + a.cmd.target + " was already delivered at t=" +
                                                        std::to_string(book.status[i].delivered_at));
        return {};
    }
    return Refuse(ResultCode::UnknownTarget, "the MSEL has no inject '" + a.cmd.target + "'");
}

void ApplyFireInject(EffectArgs& e)
{
    // A script posts with issuer "script..."; anyone else is the facilitator at the console.
    e.sim.FireInject(std::stoi(e.cmd.target), e.cmd.issuer.rfind("script", 0) == 0 ? "script" : "facilitator");
    e.r.message = "inject " + e.cmd.target + " delivered";
}

// [SECTION] set_autopilot

CommandResult CheckSetAutopilot(const CheckArgs& a)
{
    const auto seat = ParseTeam(a.cmd.target);
    if (!seat || (*seat != Team::ITOps && *seat != Team::SecOps))
        return Refuse(ResultCode::UnknownTarget, "hand which seat to its autopilot: itops or secops");
    if (a.cmd.value != "on" && a.cmd.value != "off") return Refuse(ResultCode::Invalid, "set_autopilot takes value on or off");
    if (!a.at_completion && a.sim.AutopilotOn(*seat) == (a.cmd.value == "on"))
        return Refuse(ResultCode::Precondition, std::string("the ") + TeamName(*seat) + " autopilot is already " + a.cmd.value);
    return {};
}

void ApplySetAutopilot(EffectArgs& e)
{
    const int seat = *ParseTeam(e.cmd.target) == Team::ITOps ? 0 : 1;
    const bool on = e.cmd.value == "on";
    e.sim.SetSeatAutopilot(seat, on);
    e.r.message = on ? std::string("the ") + e.cmd.target + " seat is played by its autopilot"
                     : std::string("the ") + e.cmd.target + " seat is back in a player's hands";
}

} // namespace bd
