// pre_attack.cpp: reconnaissance and resource development, before initial access (pre_attack.h).
#include "attack/pre_attack.h"

#include "attack/detection.h"

namespace bd {

std::vector<HostId> PreAttackTargets(const World& w, const Stage& st)
{
    std::vector<HostId> out;
    if (st.action != StageAction::Reconnaissance) return out;
    const TargetSelector& sel = st.target;
    for (HostId h = 0; h < (HostId)w.hosts.size(); ++h) {
        const Host& host = w.hosts[h];
        if (host.state != HostState::Running || host.zone == kNone) continue;
        if (!sel.host.empty() && host.id != sel.host) continue;
        if (!sel.KindMatches(host.kind)) continue;
        if (!sel.zone.empty() && w.zones[host.zone].id != sel.zone) continue;
        bool exposed = false;
        for (ZoneId z = 0; z < (ZoneId)w.zones.size() && !exposed; ++z)
            exposed = w.zones[z].internet && w.CanReach(z, host.zone);
        if (exposed) out.push_back(h);
    }
    return out;
}

std::string PreAttackAttempt(Simulation& sim, int stage, const Stage& st, std::vector<std::string>& touched)
{
    const World& w = sim.world();
    // The roll first, as every stage does, so the generator's sequence does not depend on the hosts.
    const bool ok = sim.rng().Chance(st.success_prob);
    const std::vector<HostId> hosts = PreAttackTargets(w, st);
    touched.clear();
    for (HostId h : hosts) touched.push_back(w.hosts[h].id);
    nlohmann::json target = touched;
    nlohmann::json r = {{"stage", stage}, {"name", st.name}, {"technique", st.technique}, {"action", StageActionName(st.action)},
                        {"host", ""}, {"target", target}, {"target_kind", "host"}, {"ok", ok}};
    if (!ok) r["reason"] = "the attempt failed";
    sim.Record("technique", std::move(r));
    // A probe reaches the hosts it probes whether it found what it wanted or not.
    for (HostId h : hosts) EmitTelemetry(sim, h, st.technique);
    return ok ? std::string() : std::string("the attempt failed");
}

} // namespace bd
