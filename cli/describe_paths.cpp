// describe_paths.cpp: `breachdrill describe SCENARIO --paths`: the path report of
// engine/exercise/path_report.h printed for a facilitator, every line within 100 columns.
#include "author.h"

#include "exercise/path_report.h"
#include "world/scenario.h"

#include <algorithm>
#include <cstdio>

namespace bd::cli {

namespace {

// A cell cut to `width` characters (with '~' at the end when cut) and padded.
std::string PathCell(const std::string& s, size_t width)
{
    if (s.size() > width) return s.substr(0, width - 1) + "~";
    return s + std::string(width - s.size(), ' ');
}

std::string PathJoin(const std::vector<std::string>& items, const char* sep = ", ")
{
    std::string out;
    for (const auto& i : items) out += (out.empty() ? "" : sep) + i;
    return out;
}

} // namespace

std::string Wrapped(const std::string& head, const std::string& text, size_t indent, size_t width)
{
    std::string out = head, line_pad(indent, ' ');
    size_t col = head.size();
    bool first_word = true;
    size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && text[i] == ' ') ++i;
        size_t j = text.find(' ', i);
        if (j == std::string::npos) j = text.size();
        if (i >= j) break;
        const std::string word = text.substr(i, j - i);
        if (!first_word && col + 1 + word.size() > width) {
            out += "\n" + line_pad;
            col = indent;
        } else if (!first_word) {
            out += ' ';
            ++col;
        }
        out += word;
        col += word.size();
        first_word = false;
        i = j;
    }
    return out + "\n";
}

std::string DescribePaths(const Scenario& s)
{
    const PathReport r = AnalyzePaths(s);
    std::string out = "\nZONES (hosts, network sensors, flows out)\n";
    for (const auto& z : r.zones) {
        std::string what = z.internet ? "the internet: the attacker starts here" : std::to_string(z.hosts) + (z.hosts == 1 ? " host" : " hosts") + (z.kinds.empty() ? "" : ": " + z.kinds);
        if (!z.sensors.empty()) what += "; watched by " + PathJoin(z.sensors);
        what += "; flows to " + (z.flows_to.empty() ? std::string("nothing") : PathJoin(z.flows_to));
        out += Wrapped("  " + PathCell(z.id, 14) + " ", what, 17);
    }
    out += "\nHOSTS (a host group's hosts on one line)\n";
    out += "  " + PathCell("host", 22) + " " + PathCell("zone", 10) + " " + PathCell("kind", 17) + " vulnerabilities; sensors; user\n";
    for (const auto& h : r.hosts) {
        std::string rest = (h.vulns.empty() ? "-" : h.vulns) + "; " + (h.sensors.empty() ? "no sensor" : h.sensors) + "; " +
                           (h.users.empty() ? "no user" : h.users);
        out += Wrapped("  " + PathCell(h.hosts, 22) + " " + PathCell(h.zone, 10) + " " + PathCell(h.kind, 17) + " ", rest, 55);
    }
    if (!r.identities.empty()) out += "\nIDENTITIES (privilege; admin on besides it; where the credential is cached)\n";
    for (const auto& id : r.identities) {
        std::string rest = id.privilege + (id.remote_access ? ", remote access" : "") +
                           (id.admin_on.empty() ? "" : "; admin on " + id.admin_on) + "; cached on " +
                           (id.cached_on.empty() ? std::string("no host") : id.cached_on);
        out += Wrapped("  " + PathCell(id.id, 16) + " ", rest, 19);
    }
    if (r.stages.empty()) return out + "\nATTACK PATH: no campaign (no attacker)\n";
    out += "\nATTACK PATH (stages numbered from 1; the journal's `stage` and a numeric `when.stage` count from 0)\n";
    for (const auto& st : r.stages) {
        out += Wrapped("  " + std::to_string(st.number) + ". ", st.name + " [" + st.action + ", " + st.technique + "]", 6);
        out += Wrapped("      acts on: ", st.acts_on, 15);
        for (const auto& o : st.opens) out += Wrapped("      opened by: ", o, 17);
        if (!st.reachable) out += Wrapped("      NOT REACHED: ", st.why_not, 18);
        if (st.seen_by.empty()) out += "      seen by: no sensor type observes this technique: it can never raise an alert\n";
        for (const auto& v : st.seen_by)
            out += Wrapped("      seen by: ", v.sensor + " (" + v.team + ") on " + std::to_string(v.hosts) + " of " + std::to_string(v.of) +
                                                  " hosts, via " + PathJoin(v.components),
                           15);
        for (const auto& f : st.fires) out += Wrapped("      fires: ", f, 13);
    }
    if (!r.script_hooks.empty()) out += Wrapped("\nSCRIPT " + s.script_name + ": handles ", PathJoin(r.script_hooks), 2);
    return out;
}

} // namespace bd::cli
