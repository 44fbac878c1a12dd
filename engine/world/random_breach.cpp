// random_breach.cpp: deals the "random" breach from a seed (see random_breach.h).
//
// The decks are tables below. Each card knows what it needs from the estate and what stages it
// puts into the campaign; the dealer draws from one bd::Rng seeded from the seed, in a fixed order
// (initial access, pivot, persistence, C2, data target, exfiltration, impact, then timings), so
// a seed always gives the same breach. Stage names carry the card names, so the facilitator's
// `describe random --seed N` shows the hand.
#include "world/random_breach.h"

#include "core/rng.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace bd {

using nlohmann::json;

namespace {

struct Step {
    const char* technique;
    const char* action;
    const char* name;
};

// Initial access: where the attacker lands, and what runs first.
struct AccessCard {
    const char* name;
    const char* technique;
    const char* need;      // "user" (a phishable workstation), "exposed_vuln:<host>", "remote_identity:<host>"
    json target;
    Step execution;
    const char* foothold;  // "workstation", "web", "vpn": which persistence cards fit
};

struct PivotCard {
    const char* name;
    Step before;           // credential access or discovery on the foothold
    const char* lateral;   // the lateral-movement technique to the DC ...
    const char* onward;    // ... and from there on to the data, with the domain's credentials
};

struct PersistCard {
    const char* name;
    const char* technique;
    const char* fits;      // foothold kinds, space separated
    bool late;             // played after the domain is taken (a new domain account)
};

struct C2Card {
    const char* name;
    const char* technique;
    std::vector<std::string> indicators;
};

struct ExfilCard {
    const char* name;
    const char* technique;
};

struct ImpactStage {
    const char* technique;
    const char* action;
    const char* name;
    json target;
};
struct ImpactCard {
    const char* name;
    std::vector<ImpactStage> stages;
};

const std::vector<AccessCard>& AccessDeck()
{
    static const std::vector<AccessCard> deck = {
        {"Phishing attachment", "T1566.001", "user", {{"kind", "workstation"}, {"zone", "office"}},
         {"T1204.002", "execution", "The attachment's macro runs a loader"}, "workstation"},
        {"Phishing link", "T1566.002", "user", {{"kind", "workstation"}, {"zone", "office"}},
         {"T1204.001", "execution", "The link downloads and runs a loader"}, "workstation"},
        {"Exploited web shop", "T1190", "exposed_vuln:web-01", {{"host", "web-01"}},
         {"T1059.003", "execution", "Commands run through the PHP-CGI flaw"}, "web"},
        {"VPN appliance exploit", "T1133", "exposed_vuln:vpn-01", {{"host", "vpn-01"}},
         {"T1059.004", "execution", "A shell on the VPN appliance"}, "vpn"},
        {"Bought VPN credentials", "T1078", "remote_identity:vpn-01", {{"host", "vpn-01"}},
         {"T1059.001", "execution", "PowerShell through the VPN session"}, "vpn"},
    };
    return deck;
}

const std::vector<PivotCard>& PivotDeck()
{
    static const std::vector<PivotCard> deck = {
        {"Credential dumping and admin shares", {"T1003.001", "credential_access", "LSASS memory dumped"}, "T1021.002", "T1021.002"},
        {"Credential dumping and RDP", {"T1003.001", "credential_access", "LSASS memory dumped"}, "T1021.001", "T1021.001"},
        {"Pass the hash", {"T1003.001", "credential_access", "NTLM hashes dumped"}, "T1550.002", "T1550.002"},
        {"Kerberoasting", {"T1558.003", "credential_access", "Service tickets requested and cracked"}, "T1021.002", "T1021.002"},
        {"Zerologon", {"T1018", "discovery", "Domain controllers located"}, "T1210", "T1021.002"},
    };
    return deck;
}

const std::vector<PersistCard>& PersistDeck()
{
    static const std::vector<PersistCard> deck = {
        {"Registry run key", "T1547.001", "workstation", false},
        {"Scheduled task", "T1053.005", "workstation web", false},
        {"Malicious Windows service", "T1543.003", "workstation web", false},
        {"Web shell", "T1505.003", "web", false},
        {"Backdoored VPN authentication", "T1556.004", "vpn", false},
        {"New domain account", "T1136.002", "workstation web vpn", true},
    };
    return deck;
}

const std::vector<C2Card>& C2Deck()
{
    static const std::vector<C2Card> deck = {
        {"HTTPS beacon", "T1071.001", {"cdn-update-check.com", "185.220.101.47", "telemetry-azureedge.net"}},
        {"DNS tunnel", "T1071.004", {"ns1.metrics-cdn.net", "ns2.sync-telemetry.org", "45.153.160.2"}},
        {"Protocol tunnelling", "T1572", {"tunnel.edge-relay.net", "91.215.85.17", "ws.cloud-sync-relay.dev"}},
        {"Remote access tool", "T1219", {"relay.remote-support-desk.com", "193.42.33.14", "connect.helpdesk-rmm.net"}},
    };
    return deck;
}

const std::vector<ExfilCard>& ExfilDeck()
{
    static const std::vector<ExfilCard> deck = {
        {"Exfiltration over the C2 channel", "T1041"},
        {"Upload to cloud storage", "T1567.002"},
        {"Exfiltration over plain FTP", "T1048.003"},
    };
    return deck;
}

const std::vector<ImpactCard>& ImpactDeck()
{
    static const std::vector<ImpactCard> deck = {
        {"Ransomware",
         {{"T1490", "inhibit_recovery", "Backups and shadow copies deleted", {{"kind", "backup"}, {"count", 0}}},
          {"T1486", "impact", "Servers encrypted", {{"zone", "server"}, {"count", 0}}},
          {"T1486", "impact", "Workstations encrypted", {{"kind", "workstation"}, {"count", 0}}}}},
        {"Wiper", {{"T1485", "impact", "Server data destroyed", {{"zone", "server"}, {"count", 0}}}}},
        {"Domain controller disk wiped", {{"T1561.002", "impact", "Boot records of the DC overwritten", {{"host", "dc-01"}}}}},
        {"Backups first, then the ERP",
         {{"T1490", "inhibit_recovery", "Backups deleted", {{"kind", "backup"}, {"count", 0}}},
          {"T1486", "impact", "ERP database encrypted", {{"host", "erp-db-01"}}}}},
    };
    return deck;
}

json StageJson(const std::string& name, const std::string& technique, const std::string& action, const json& target,
               SimTime median, double sigma, double success, SimTime quiet = 0, int attempts = 5)
{
    json s = {{"name", name}, {"technique", technique}, {"action", action},
              {"duration", {{"median_s", median}, {"sigma", sigma}}}, {"success_prob", success}, {"max_attempts", attempts}};
    if (!target.is_null() && !target.empty()) s["target"] = target;
    if (quiet > 0) s["quiet_after_s"] = quiet;
    return s;
}

const json* FindById(const json& array, const std::string& id)
{
    for (const auto& x : array)
        if (x.value("id", "") == id) return &x;
    return nullptr;
}

// Does the estate support this initial-access card?
bool Fits(const json& doc, const AccessCard& c)
{
    const std::string need = c.need;
    if (need == "user") return true; // user_per_host workstations in the office
    const std::string host = need.substr(need.find(':') + 1);
    const json* h = FindById(doc["infrastructure"]["hosts"], host);
    if (!h) return false;
    if (need.rfind("exposed_vuln", 0) == 0) {
        for (const auto& v : h->value("vulns", json::array())) {
            const json* vuln = FindById(doc["infrastructure"]["vulnerabilities"], v.get<std::string>());
            if (vuln && vuln->value("remote", true)) return true;
        }
        return false;
    }
    for (const auto& id : doc.value("identities", json::array()))
        if (id.value("remote_access", false)) return true;
    return false;
}

// The estate: the ransomware-phish scenario, with a remote-access gateway in the DMZ.
json BaseEstate()
{
    for (const auto& b : BuiltinScenarios())
        if (std::string(b.id) == "ransomware-phish") {
            json doc = json::parse(b.text);
            doc.erase("$schema");
            doc.erase("injects");
            doc.erase("script"); // ransomware-phish's script plays its own MSEL (inject 7), which a deal has not
            auto& infra = doc["infrastructure"];
            infra["vulnerabilities"].push_back({{"id", "CVE-2024-3400"}, {"software", "PAN-OS GlobalProtect (command injection)"},
                                                {"disclosed_at_s", 0}, {"remote", true}, {"patch_fail_prob", 0.05}});
            infra["hosts"].push_back({{"id", "vpn-01"}, {"kind", "server"}, {"os", "pan-os"}, {"zone", "dmz"}, {"criticality", 4},
                                      {"software", {"PAN-OS 10.2", "GlobalProtect gateway"}}, {"vulns", {"CVE-2024-3400"}},
                                      {"sensors", {"siem-logs", "monitoring"}}, {"backup", true}});
            doc["services"].push_back({{"id", "remote-access"}, {"name", "Remote access (VPN)"},
                                       {"depends_on", {"vpn-01", "dc-01"}}, {"cost_per_hour", 800}, {"owner", "itops"}});
            return doc;
        }
    return json::object();
}

// Deals one hand from `deal_seed`; `seed` is the exercise seed the title names.
json Deal(const json& base, uint64_t deal_seed, uint64_t seed, std::vector<BreachCard>& cards)
{
    json doc = base;
    Rng rng(deal_seed);
    cards.clear();
    auto pick = [&](size_t n) { return (size_t)rng.Below(n); };

    std::vector<const AccessCard*> access;
    for (const auto& c : AccessDeck())
        if (Fits(doc, c)) access.push_back(&c);
    const AccessCard& ia = *access[pick(access.size())];
    const PivotCard& pivot = PivotDeck()[pick(PivotDeck().size())];
    std::vector<const PersistCard*> persists;
    for (const auto& c : PersistDeck())
        if (std::string(" ") .append(c.fits).append(" ").find(std::string(" ") + ia.foothold + " ") != std::string::npos)
            persists.push_back(&c);
    const PersistCard& persist = *persists[pick(persists.size())];
    const C2Card& c2 = C2Deck()[pick(C2Deck().size())];
    const bool erp_data = rng.Chance(0.6);
    const std::string store = erp_data ? "erp-customers" : "hr-share";
    const std::string store_host = erp_data ? "erp-db-01" : "fs-01";
    const ExfilCard& exfil = ExfilDeck()[pick(ExfilDeck().size())];
    const ImpactCard& impact = ImpactDeck()[pick(ImpactDeck().size())];
    cards = {{"Initial access", ia.name, ia.technique}, {"Pivot and escalate", pivot.name, pivot.lateral},
             {"Persistence", persist.name, persist.technique}, {"C2", c2.name, c2.technique},
             {"Exfiltration", exfil.name, exfil.technique}, {"Impact", impact.name, impact.stages.back().technique}};

    // When the attack starts: an exploit comes about two days after the flaw is public.
    SimTime start = rng.Range(1, 6) * kHour;
    if (std::string(ia.technique) == "T1190") start = 108000 + rng.Range(12, 36) * kHour; // CVE-2024-4577 is disclosed at 108000
    if (std::string(ia.technique) == "T1133") start = rng.Range(24, 48) * kHour;           // CVE-2024-3400 at 0
    const bool phish = std::string(ia.need) == "user";

    json stages = json::array();
    stages.push_back(StageJson(std::string("Initial access: ") + ia.name, ia.technique, "initial_access", ia.target,
                               phish ? 2 * kHour : kHour, 0.8, phish ? 0.5 : 0.7, 0, phish ? 6 : 8));
    stages.push_back(StageJson(ia.execution.name, ia.execution.technique, ia.execution.action, json(), 10 * kMinute, 0.5, 0.9));
    stages.push_back(StageJson(std::string("C2: ") + c2.name, c2.technique, "command_and_control", json(), 15 * kMinute, 0.5,
                               0.95, rng.Range(2, 8) * kHour));
    const json persist_stage = StageJson(std::string("Persistence: ") + persist.name, persist.technique, "persistence", json(),
                                         30 * kMinute, 0.5, 0.9);
    if (!persist.late) stages.push_back(persist_stage);
    const bool domain_accounts = rng.Chance(0.5);
    stages.push_back(StageJson(domain_accounts ? "Operators enumerate domain accounts" : "Operators map the network",
                               domain_accounts ? "T1087.002" : "T1018", "discovery", json(), 90 * kMinute, 0.6, 0.95,
                               rng.Range(4, 12) * kHour));
    stages.push_back(StageJson(std::string("Pivot: ") + pivot.before.name, pivot.before.technique, pivot.before.action, json(),
                               kHour, 0.6, 0.8));
    stages.push_back(StageJson(std::string("Pivot: ") + pivot.name + " to the domain controller", pivot.lateral,
                               "lateral_movement", {{"host", "dc-01"}}, 3 * kHour, 0.7, 0.7, 0, 6));
    stages.push_back(StageJson("DCSync of every domain account", "T1003.006", "credential_access", json(), 45 * kMinute, // on dc-01, reached by the pivot
                               0.5, 0.9, rng.Range(6, 14) * kHour));
    if (persist.late) stages.push_back(persist_stage);
    stages.push_back(StageJson("Onward to " + store_host + " with the domain's credentials", pivot.onward, "lateral_movement",
                               {{"host", store_host}}, 2 * kHour, 0.6, 0.8));
    const bool archive = rng.Chance(0.5);
    stages.push_back(StageJson(archive ? "Records packed with an archiver" : "Records staged in a local folder",
                               archive ? "T1560.001" : "T1074.001", "collection", {{"store", store}}, 4 * kHour, 0.5, 0.9));
    stages.push_back(StageJson(std::string("Exfiltration: ") + exfil.name, exfil.technique, "exfiltration", {{"store", store}},
                               6 * kHour, 0.5, 0.85, rng.Range(6, 18) * kHour));
    for (const auto& st : impact.stages)
        stages.push_back(StageJson(std::string("Impact: ") + st.name, st.technique, st.action, st.target,
                                   std::string(st.action) == "impact" ? 90 * kMinute : kHour, 0.4, 0.9));

    doc["campaign"] = {{"seeded", true},       {"start_s", start}, {"c2_indicators", c2.indicators},
                       {"c2_rebuild_s", rng.Range(4, 10) * kHour}, {"max_reentries", 2}, {"stages", stages},
                       // Most ransomware is launched outside business hours (docs/model.md, mechanism 6).
                       {"off_hours", {{"share", 0.8}, {"actions", {"inhibit_recovery", "impact"}}}}};

    // Metadata: the hand, for the facilitator; the players get the company's briefing.
    std::string hand, notes;
    for (const auto& c : cards) {
        hand += (hand.empty() ? "" : "; ") + c.deck + ": " + c.name + " (" + c.technique + ")";
        notes += c.deck + ": " + c.name + " (" + c.technique + ")\n";
    }
    auto& m = doc["metadata"];
    m["id"] = kRandomScenarioId;
    // The title is shown to players (the start screen, a served seat's toolbar): it names no card.
    // The hand is in the summary and the facilitator notes.
    m["title"] = "Random breach (seed " + std::to_string(seed) + ")";
    m["summary"] = "A breach dealt from the seed like a hand of Backdoors & Breaches: " + hand + ". Stolen data: " + store + ".";
    m["facilitator_notes"] = json::array({"The hand dealt for this seed (ground truth, keep it from the players):"});
    for (const auto& c : cards) m["facilitator_notes"].push_back("  " + c.deck + ": " + c.name + " (" + c.technique + ")");
    m["facilitator_notes"].push_back("  Data the attacker is after: " + store + " on " + store_host + ".");
    m["facilitator_notes"].push_back("The attack starts at about T+" + std::to_string(start / kHour) +
                                     " h. The players win a card by naming its technique in an incident summary or a finding; "
                                     "a debrief walks the hand card by card.");
    m["objectives"] = {"Detect the initial compromise within 24 hours",
                       "Identify the five cards: initial access, pivot, persistence, C2 and exfiltration",
                       "Contain the attacker before the impact card is played",
                       "Prevent the exfiltration of personal data",
                       "Meet the NIS2 early warning (24 h) and the GDPR notification (72 h) deadlines"};

    doc["injects"] = json::array({
        {{"number", 1}, {"time_s", start + 6 * kHour}, {"team", "secops"}, {"role", "threat_intel"},
         {"synopsis", "A threat-intelligence feed warns of a campaign"},
         {"text", std::string("Sector CERT advisory: an affiliate group is active against manufacturers; initial access "
                              "observed through ") + ia.name + " (" + ia.technique + "). Hunt for it."},
         {"expected", {{"kind", "investigate_host"}, {"team", "secops"}}}, {"expect_within_s", 8 * kHour},
         {"objective", "Detect the initial compromise within 24 hours"},
         {"notes", "The procedure card of the game: a hint at the initial-access card."}},
        {{"number", 2}, {"when", {{"unless", {{"kind", "declare_incident"}, {"by_s", start + 2 * kDay}}}}}, {"team", "all"},
         {"synopsis", "The CEO wants to know whether this is an incident"},
         {"text", "The CEO: 'I hear about odd alerts. Is this an incident? Who tells the authorities?'"},
         {"expected", {{"kind", "declare_incident"}}}, {"expect_within_s", 6 * kHour},
         {"objective", "Meet the NIS2 early warning (24 h) and the GDPR notification (72 h) deadlines"}},
        {{"number", 3}, {"when", {{"stage", std::string("Exfiltration: ") + exfil.name}, {"delay_s", 8 * kHour}}}, {"team", "all"},
         {"synopsis", "A journalist asks about a leak-site listing"},
         {"text", "A reporter: 'Your company is listed on a leak site with a sample of your data. Can you confirm a breach?'"},
         {"expected", {{"kind", "notify_authority"}, {"team", "secops"}}}, {"expect_within_s", kDay},
         {"objective", "Meet the NIS2 early warning (24 h) and the GDPR notification (72 h) deadlines"}, {"contingency", 4}},
        {{"number", 4}, {"team", "secops"}, {"role", "soc_manager"},
         {"synopsis", "The data-protection authority asks whether a notification is coming"},
         {"text", "The supervisory authority has read the press reports and has no Art. 33 notification from you."},
         {"expected", {{"kind", "notify_authority"}, {"team", "secops"}}}, {"expect_within_s", kDay},
         {"objective", "Meet the NIS2 early warning (24 h) and the GDPR notification (72 h) deadlines"}},
    });
    return doc;
}

} // namespace

DealtBreach DealRandomBreach(const LoadOptions& options)
{
    DealtBreach out;
    const json base = BaseEstate();
    // Deal, validate, and deal again from the next derived seed if the hand is not playable.
    Rng seeder(options.seed ^ 0xB4EAC4D5ull);
    for (int attempt = 0; attempt < 32; ++attempt) {
        const uint64_t deal_seed = attempt == 0 ? options.seed : seeder.DeriveSeed((uint64_t)attempt);
        const json doc = Deal(base, deal_seed, options.seed, out.cards);
        out.result = LoadScenarioText(doc.dump(2), "builtin:random", options);
        out.result.scenario.source = "builtin:random";
        out.redeals = attempt;
        if (out.result.Ok()) break;
    }
    return out;
}

} // namespace bd
