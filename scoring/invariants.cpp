// invariants.cpp: the journal's invariants (invariants.h; the list with ids: docs/journal.md,
// "Checking a journal").
//
// One pass over the records, keeping what the journal lets one know: per host its foothold level,
// whether it runs and whether it is encrypted; per store the records staged and exfiltrated; per
// C2 indicator its last event; the last containment record. A successful technique opens a claim:
// the effect records that must follow it, at the same second and before the next technique record
// (the engine writes an attempt's effects right after its record). A claim is closed, and what is
// still missing reported, at the next technique record, when time moves on, and at the end. An
// effect record that no open claim expects is reported too: every effect has its cause.
#include "invariants.h"

#include "core/story_clock.h"

#include <map>
#include <optional>
#include <set>

namespace bd {

using json = nlohmann::json;

std::string Violation::Format() const { return "seq " + std::to_string(seq) + ": [" + id + "] " + message; }

namespace {

// [SECTION] Reading fields without throwing

std::optional<std::string> GetStr(const json& r, const char* k)
{
    const auto it = r.find(k);
    if (it == r.end() || !it->is_string()) return std::nullopt;
    return it->get<std::string>();
}

std::optional<int64_t> GetInt(const json& r, const char* k)
{
    const auto it = r.find(k);
    if (it == r.end() || !it->is_number_integer()) return std::nullopt;
    return it->get<int64_t>();
}

std::optional<bool> GetBool(const json& r, const char* k)
{
    const auto it = r.find(k);
    if (it == r.end() || !it->is_boolean()) return std::nullopt;
    return it->get<bool>();
}

// An array of strings.
std::optional<std::vector<std::string>> GetIds(const json& r, const char* k)
{
    const auto it = r.find(k);
    if (it == r.end() || !it->is_array()) return std::nullopt;
    std::vector<std::string> out;
    for (const auto& v : *it) {
        if (!v.is_string()) return std::nullopt;
        out.push_back(v.get<std::string>());
    }
    return out;
}

// What a technique's `target` lists, by its action (docs/journal.md, "technique").
const char* TargetKindOf(const std::string& action)
{
    if (action == "credential_access") return "identity";
    if (action == "collection" || action == "exfiltration") return "store";
    if (action == "command_and_control") return "indicator";
    for (const char* a : {"initial_access", "execution", "persistence", "privilege_escalation", "discovery", "lateral_movement",
                          "inhibit_recovery", "impact", "reconnaissance", "resource_development"})
        if (action == a) return "host";
    return nullptr;
}

// [SECTION] The checker

// An effect a successful technique claims: a record of `type` about `key`.
struct Expect {
    std::string type, key;
    bool optional = false; // may come (a privilege escalation's foothold record), need not
    bool met = false;
};

struct Claim {
    bool open = false;
    uint64_t seq = 0;
    int64_t t = 0;
    std::string label, action;
    std::vector<std::string> target;
    std::vector<Expect> expects;
};

struct HostTrack {
    int64_t level = 0;
    bool running = true; // a host the journal has said nothing about runs (every host starts running)
    bool encrypted = false;
};

class Checker {
public:
    std::vector<Violation> out;

    void Feed(const json& r, size_t index);
    void Finish() { Close(); }

private:
    void Bad(uint64_t seq, const char* id, std::string message) { out.push_back({seq, id, std::move(message)}); }
    bool Order(const json& r, size_t index, uint64_t& seq, int64_t& t, std::string& type);
    void Close();
    bool Match(const std::string& type, const std::string& key);
    void Effect(uint64_t seq, const std::string& type, const std::string& key, const std::string& what);
    bool LiveFoothold(const std::string& host) const
    {
        const auto it = hosts_.find(host);
        return it != hosts_.end() && it->second.level > 0 && it->second.running;
    }
    size_t LiveCount() const { return live_.size(); }
    // Keeps live_ (the live footholds) up to date after a change to host `id`: one lookup, not a
    // scan of every host per record (a faulty update on 50,000 hosts writes 170,000 records).
    void Refresh(const std::string& id, const HostTrack& h)
    {
        if (h.level > 0 && h.running) live_.insert(id);
        else live_.erase(id);
    }
    void Header(const json& r, uint64_t seq);
    void Technique(const json& r, uint64_t seq, int64_t t);
    void OpenClaim(const json& r, uint64_t seq, int64_t t, const std::string& action, const std::vector<std::string>& target);
    void Foothold(const json& r, uint64_t seq);
    void HostRecord(const json& r, uint64_t seq);
    void Store(const json& r, uint64_t seq, bool exfiltration);
    void Attacker(const json& r, uint64_t seq);
    void Campaign(const json& r, uint64_t seq);
    void Books(const json& r, uint64_t seq, const std::string& type);
    void End(const json& r, uint64_t seq);
    void InjectStamp(const json& r, uint64_t seq, int64_t t);
    void WatchContainment(uint64_t seq, int64_t t);

    std::optional<uint64_t> prev_seq_;
    int64_t prev_t_ = 0;
    std::optional<uint64_t> end_seq_;
    std::optional<int64_t> campaign_stages_;
    StoryClock clock_; // from the header's story_start
    Claim claim_;
    std::map<std::string, HostTrack> hosts_;
    std::set<std::string> live_; // hosts with a foothold whose last host record says running
    std::map<std::string, int64_t> staged_, exfiltrated_;
    std::map<std::string, std::string> c2_;
    bool contained_ = true; // the attacker starts contained
    std::optional<std::pair<uint64_t, int64_t>> live_while_contained_; // (seq, t) it was first seen
    bool live_reported_ = false;
    std::set<int64_t> skipped_stages_; // stages a campaign record skipped (skipped, stuck, gave_up)
    std::optional<uint64_t> campaign_over_;
    std::set<int64_t> alerts_, tickets_, tickets_closed_;
    std::set<uint64_t> commands_, accepted_, done_;
};

// The fields every record has, seq counting up, time never going back, the header first, nothing
// after the end. False: the record cannot be read further.
bool Checker::Order(const json& r, size_t index, uint64_t& seq, int64_t& t, std::string& type)
{
    const auto s = r.find("seq");
    if (!r.is_object() || s == r.end() || !s->is_number_integer() || s->get<int64_t>() < 0 || !GetInt(r, "t") || !GetStr(r, "type")) {
        Bad(prev_seq_ ? *prev_seq_ + 1 : index, "check.field", "record " + std::to_string(index) + " needs integer 't', unsigned 'seq' and string 'type'");
        return false;
    }
    seq = s->get<uint64_t>();
    t = *GetInt(r, "t");
    type = *GetStr(r, "type");
    const uint64_t want = prev_seq_ ? *prev_seq_ + 1 : 0;
    if (seq != want)
        Bad(seq, "check.seq", "seq " + std::to_string(seq) + " where " + std::to_string(want) + " was due (each record's seq is one more than the last, from 0)");
    prev_seq_ = seq;
    if (t < 0) Bad(seq, "check.time", "t " + std::to_string(t) + " is before the start");
    else if (index > 0 && t < prev_t_)
        Bad(seq, "check.time", "t " + std::to_string(t) + " is before the record before it (t " + std::to_string(prev_t_) + ")");
    if (t >= prev_t_ || index == 0) prev_t_ = t;
    if (index == 0 && type != "header") Bad(seq, "check.header", "the first record is '" + type + "', not the header");
    if (index > 0 && type == "header") Bad(seq, "check.header", "a second header");
    if (end_seq_) Bad(seq, "check.end", "a '" + type + "' record after the end (seq " + std::to_string(*end_seq_) + ")");
    return true;
}

void Checker::Feed(const json& r, size_t index)
{
    uint64_t seq = 0;
    int64_t t = 0;
    std::string type;
    if (!Order(r, index, seq, t, type)) return;
    if (claim_.open && (t != claim_.t || type == "technique")) Close();
    if (type == "header") Header(r, seq);
    else if (type == "technique") Technique(r, seq, t);
    else if (type == "foothold") Foothold(r, seq);
    else if (type == "host") HostRecord(r, seq);
    else if (type == "staged") Store(r, seq, false);
    else if (type == "exfiltration") Store(r, seq, true);
    else if (type == "backups_deleted") {
        const auto host = GetStr(r, "host");
        if (!host) Bad(seq, "check.field", "backups_deleted without a string 'host'");
        else Effect(seq, "backups_deleted", *host, "backups deleted via " + *host);
    } else if (type == "credential") {
        const auto id = GetStr(r, "identity"), event = GetStr(r, "event");
        if (!id || !event) Bad(seq, "check.field", "credential without string 'identity' and 'event'");
        else if (*event == "stolen") Effect(seq, "stolen", *id, "credential " + *id + " stolen");
    } else if (type == "c2") {
        const auto ind = GetStr(r, "indicator"), event = GetStr(r, "event");
        if (!ind || !event) Bad(seq, "check.field", "c2 without string 'indicator' and 'event'");
        else c2_[*ind] = *event;
    } else if (type == "attacker") Attacker(r, seq);
    else if (type == "campaign") Campaign(r, seq);
    else if (type == "end") End(r, seq);
    else if (type == "inject") InjectStamp(r, seq, t);
    else Books(r, seq, type);
    WatchContainment(seq, t);
}

void Checker::Header(const json& r, uint64_t seq)
{
    campaign_stages_ = GetInt(r, "campaign_stages");
    if (const auto start = GetStr(r, "story_start")) {
        std::string why;
        if (!ParseStoryStart(*start, &why)) Bad(seq, "check.header", "story_start \"" + *start + "\": " + why);
        clock_ = StoryClock::Named(*start);
    }
}

// An inject whose text opens with a time stamp ("Service desk call, 14:00: '...'": HH:MM and a colon
// before any quote) must arrive at that story time: the players read both.
void Checker::InjectStamp(const json& r, uint64_t seq, int64_t t)
{
    const auto text = GetStr(r, "text");
    if (!text || !clock_.has_start()) return;
    const auto stamp = TextTimeStamp(*text); // the loader's scenario.098 reads the same stamp
    if (!stamp) return;
    if (*stamp != clock_.TimeOfDay(t))
        Bad(seq, "check.inject_stamp", "inject " + std::to_string(GetInt(r, "number").value_or(0)) + " says " + *stamp + " but arrives at " + clock_.At(t));
}

// [SECTION] Techniques and the effects they claim

void Checker::Technique(const json& r, uint64_t seq, int64_t t)
{
    const auto name = GetStr(r, "name"), technique = GetStr(r, "technique"), action = GetStr(r, "action"), host = GetStr(r, "host"),
               kind = GetStr(r, "target_kind");
    const auto ok = GetBool(r, "ok");
    const auto stage = GetInt(r, "stage");
    const auto target = GetIds(r, "target");
    if (!name || !technique || !action || !host || !kind || !ok || !stage || !target) {
        std::string missing;
        const std::pair<const char*, bool> fields[] = {{"stage", !!stage}, {"name", !!name}, {"technique", !!technique}, {"action", !!action},
                                                       {"host", !!host}, {"target", !!target}, {"target_kind", !!kind}, {"ok", !!ok}};
        for (const auto& [key, there] : fields)
            if (!there) missing += std::string(missing.empty() ? "'" : ", '") + key + "'";
        Bad(seq, "check.field", "technique record without " + missing + " (or not of its type; 'target' is a list of ids): a journal "
                                "written before technique records named their target cannot show its effects");
        return;
    }
    const std::string label = *technique + " '" + *name + "'";
    if (campaign_over_) Bad(seq, "check.campaign", label + " after the campaign was over (seq " + std::to_string(*campaign_over_) + ")");
    const char* want_kind = TargetKindOf(*action);
    if (!want_kind) { Bad(seq, "check.field", label + ": unknown action '" + *action + "'"); return; }
    if (*kind != want_kind) Bad(seq, "check.target", label + ": target_kind '" + *kind + "' for " + *action + " (want '" + want_kind + "')");
    // Initial access and the pre-attack stages (reconnaissance, resource development) come from outside.
    const bool outside = *action == "initial_access" || *action == "reconnaissance" || *action == "resource_development";
    if (outside ? !host->empty() : !LiveFoothold(*host))
        Bad(seq, "check.from", label + (outside ? " comes from outside, yet names host '" + *host + "'"
                                                : " acted from '" + *host + "', which is not a live foothold"));
    if (outside && *action != "initial_access") {
        // A pre-attack stage compromises nothing: it claims no effect, and the breach has not begun.
        if (!*ok && (!GetStr(r, "reason") || GetStr(r, "reason")->empty())) Bad(seq, "check.reason", label + " failed and gives no reason");
        return;
    }
    if (!*ok) {
        const auto reason = GetStr(r, "reason");
        if (!reason || reason->empty()) Bad(seq, "check.reason", label + " failed and gives no reason");
        return;
    }
    if (target->empty() && *action != "command_and_control") { Bad(seq, "check.target", label + " succeeded and names no target"); return; }
    if ((*action == "initial_access" || *action == "lateral_movement" || *action == "inhibit_recovery") && target->size() != 1)
        Bad(seq, "check.target", label + ": " + *action + " hits one host, the record names " + std::to_string(target->size()));
    if ((*action == "execution" || *action == "discovery" || *action == "persistence") && !LiveFoothold(target->front()))
        Bad(seq, "check.foothold", label + " acted on '" + target->front() + "', which is not a live foothold");
    claim_ = Claim{};
    claim_.open = true;
    claim_.seq = seq;
    claim_.t = t;
    claim_.label = label;
    OpenClaim(r, seq, t, *action, *target);
}

void Checker::OpenClaim(const json&, uint64_t, int64_t, const std::string& action, const std::vector<std::string>& target)
{
    claim_.action = action;
    claim_.target = target;
    const char* type = action == "initial_access" || action == "lateral_movement" ? "foothold"
                       : action == "privilege_escalation"                         ? "foothold"
                       : action == "credential_access"                            ? "stolen"
                       : action == "collection"                                   ? "staged"
                       : action == "exfiltration"                                 ? "exfiltration"
                       : action == "inhibit_recovery"                             ? "backups_deleted"
                       : action == "impact"                                       ? "encrypted"
                                                                                  : nullptr;
    if (!type) return;
    for (const auto& id : target) claim_.expects.push_back({type, id, action == "privilege_escalation", false});
}

bool Checker::Match(const std::string& type, const std::string& key)
{
    if (!claim_.open) return false;
    for (auto& e : claim_.expects)
        if (!e.met && e.type == type && e.key == key) { e.met = true; return true; }
    return false;
}

// An effect record: some open claim must expect it.
void Checker::Effect(uint64_t seq, const std::string& type, const std::string& key, const std::string& what)
{
    if (!Match(type, key)) Bad(seq, "check.cause", what + ", and no successful technique just before claims it");
}

void Checker::Close()
{
    if (!claim_.open) return;
    claim_.open = false;
    static const std::map<std::string, std::string> kMissing = {
        {"foothold", "a foothold on %: no foothold record gains it"},   {"stolen", "credential % stolen: no credential record"},
        {"staged", "store % staged: no staged record"},                 {"exfiltration", "store % exfiltrated: no exfiltration record"},
        {"backups_deleted", "backups deleted via %: no backups_deleted record"}, {"encrypted", "% encrypted: no host record encrypts it"},
    };
    static const std::map<std::string, std::string> kId = {{"foothold", "check.foothold"}, {"stolen", "check.credential"},
                                                           {"staged", "check.staged"},     {"exfiltration", "check.exfiltration"},
                                                           {"backups_deleted", "check.backups"}, {"encrypted", "check.impact"}};
    for (const auto& e : claim_.expects) {
        if (e.met || e.optional) continue;
        std::string what = kMissing.at(e.type);
        what.replace(what.find('%'), 1, e.key);
        out.push_back({claim_.seq, kId.at(e.type), claim_.label + " claims " + what + " after it"});
    }
    if (claim_.action == "privilege_escalation" && !claim_.target.empty()) {
        const auto it = hosts_.find(claim_.target.front());
        if (it == hosts_.end() || it->second.level < 2)
            out.push_back({claim_.seq, "check.foothold", claim_.label + " claims admin on " + claim_.target.front() + ": the journal shows no level 2 foothold"});
    }
    if (claim_.action == "command_and_control" && !claim_.target.empty()) {
        const auto it = c2_.find(claim_.target.front());
        if (it == c2_.end() || it->second != "established")
            out.push_back({claim_.seq, "check.c2", claim_.label + " claims C2 over " + claim_.target.front() + ": no c2 record establishes it"});
    }
}

// [SECTION] The state the records change

void Checker::Foothold(const json& r, uint64_t seq)
{
    const auto host = GetStr(r, "host");
    const auto gained = GetBool(r, "gained");
    if (!host || !gained) { Bad(seq, "check.field", "foothold without string 'host' and boolean 'gained'"); return; }
    HostTrack& h = hosts_[*host];
    if (!*gained) {
        h.level = 0;
        Refresh(*host, h);
        return;
    }
    const auto level = GetInt(r, "level");
    if (!level || *level < 1 || *level > 2) { Bad(seq, "check.field", "foothold gained on " + *host + " without a 'level' of 1 or 2"); return; }
    if (*level <= h.level) Bad(seq, "check.foothold", "foothold on " + *host + " 'gained' level " + std::to_string(*level) + ", which it held already");
    h.level = *level;
    Refresh(*host, h);
    Effect(seq, "foothold", *host, "a foothold on " + *host);
}

void Checker::HostRecord(const json& r, uint64_t seq)
{
    const auto id = GetStr(r, "id"), state = GetStr(r, "state");
    if (!id || !state) { Bad(seq, "check.field", "host without string 'id' and 'state'"); return; }
    HostTrack& h = hosts_[*id];
    h.running = *state == "running";
    Refresh(*id, h);
    const auto enc = GetBool(r, "encrypted");
    if (!enc) return;
    if (*enc && !h.encrypted) Effect(seq, "encrypted", *id, *id + " encrypted");
    h.encrypted = *enc;
}

void Checker::Store(const json& r, uint64_t seq, bool exfiltration)
{
    const char* type = exfiltration ? "exfiltration" : "staged";
    const auto store = GetStr(r, "store");
    const auto records = GetInt(r, "records");
    if (!store || !records) { Bad(seq, "check.field", std::string(type) + " without string 'store' and integer 'records'"); return; }
    Effect(seq, type, *store, "store " + *store + (exfiltration ? " exfiltrated" : " staged"));
    if (!exfiltration) { staged_[*store] = *records; return; }
    if (*records <= 0) Bad(seq, "check.exfiltration", "store " + *store + ": " + std::to_string(*records) + " records exfiltrated");
    int64_t& sent = exfiltrated_[*store];
    sent += *records;
    if (sent > staged_[*store])
        Bad(seq, "check.exfiltration", "store " + *store + ": " + std::to_string(sent) + " records exfiltrated in all, " +
                                           std::to_string(staged_[*store]) + " staged");
}

void Checker::Attacker(const json& r, uint64_t seq)
{
    const auto contained = GetBool(r, "contained");
    const auto footholds = GetInt(r, "footholds"), creds = GetInt(r, "credentials");
    if (!contained || !footholds || !creds) { Bad(seq, "check.field", "attacker without 'contained', 'footholds' and 'credentials'"); return; }
    if (*contained == contained_)
        Bad(seq, "check.contained", std::string("containment recorded as ") + (*contained ? "contained" : "not contained") + " again (it is recorded when it changes)");
    const size_t live = LiveCount();
    if (*footholds != (int64_t)live)
        Bad(seq, "check.contained", "the record counts " + std::to_string(*footholds) + " live footholds, the journal shows " + std::to_string(live));
    if (*contained && (*footholds > 0 || *creds > 0))
        Bad(seq, "check.contained", "contained with " + std::to_string(*footholds) + " live footholds and " + std::to_string(*creds) + " usable credentials");
    contained_ = *contained;
    live_while_contained_.reset();
    live_reported_ = false;
}

// A contained attacker has no live foothold: one that appears is followed, in the same second, by
// the record that says it is no longer contained.
void Checker::WatchContainment(uint64_t seq, int64_t t)
{
    if (!contained_ || live_reported_) return;
    if (LiveCount() == 0) { live_while_contained_.reset(); return; }
    if (!live_while_contained_) { live_while_contained_ = {{seq, t}}; return; }
    if (t == live_while_contained_->second) return;
    Bad(live_while_contained_->first, "check.contained", "a live foothold on " + *live_.begin() + " while the attacker is recorded as contained");
    live_reported_ = true;
}

void Checker::Campaign(const json& r, uint64_t seq)
{
    const auto event = GetStr(r, "event");
    const auto stage = GetInt(r, "stage");
    if (!event || !stage) { Bad(seq, "check.field", "campaign without string 'event' and integer 'stage'"); return; }
    if (*event == "skipped" || *event == "stuck" || *event == "gave_up") skipped_stages_.insert(*stage);
    // Once over, the campaign says nothing more (it once gave up twice, and went "quiet, will try a
    // new initial access" after it had finished).
    if (campaign_over_)
        Bad(seq, "check.campaign", "a '" + *event + "' campaign record after the campaign was over (seq " + std::to_string(*campaign_over_) + ")");
    else if (*event == "gave_up" || *event == "finished" || *event == "ended")
        campaign_over_ = seq;
    if ((*event != "finished" && *event != "ended") || !campaign_stages_) return;
    if (*stage != *campaign_stages_)
        Bad(seq, "check.campaign", "the campaign is over at stage " + std::to_string(*stage) + " of " + std::to_string(*campaign_stages_));
    const bool last_skipped = skipped_stages_.count(*campaign_stages_ - 1) > 0;
    if (*event == "finished" && last_skipped)
        Bad(seq, "check.campaign", "'finished', yet its last stage (" + std::to_string(*campaign_stages_ - 1) + ") was skipped");
    if (*event == "ended" && !last_skipped)
        Bad(seq, "check.campaign", "'ended' (the last stage skipped), yet no record skips its last stage");
}

// Alerts, tickets and commands: each id once, each answer to something asked.
void Checker::Books(const json& r, uint64_t seq, const std::string& type)
{
    if (type == "alert") {
        const auto id = GetInt(r, "id");
        if (!id) Bad(seq, "check.field", "alert without an integer 'id'");
        else if (!alerts_.insert(*id).second) Bad(seq, "check.alert", "alert " + std::to_string(*id) + " appears twice");
    } else if (type == "ticket") {
        const auto id = GetInt(r, "id");
        if (!id) Bad(seq, "check.field", "ticket without an integer 'id'");
        else if (!tickets_.insert(*id).second) Bad(seq, "check.ticket", "ticket " + std::to_string(*id) + " opened twice");
    } else if (type == "ticket_closed") {
        const auto id = GetInt(r, "id");
        if (!id) Bad(seq, "check.field", "ticket_closed without an integer 'id'");
        else if (!tickets_.count(*id)) Bad(seq, "check.ticket", "ticket " + std::to_string(*id) + " closed, never opened");
        else if (!tickets_closed_.insert(*id).second) Bad(seq, "check.ticket", "ticket " + std::to_string(*id) + " closed twice");
    } else if (type == "command" || type == "command_done") {
        const auto cmd = r.find("cmd");
        const auto id = cmd != r.end() && cmd->is_object() ? GetInt(*cmd, "id") : std::nullopt;
        if (!id || *id < 0) { Bad(seq, "check.field", type + " without a 'cmd' with an integer 'id'"); return; }
        if (type == "command") {
            if (!commands_.insert((uint64_t)*id).second) Bad(seq, "check.command", "command " + std::to_string(*id) + " posted twice");
        } else if (!accepted_.count((uint64_t)*id)) {
            Bad(seq, "check.command", "command " + std::to_string(*id) + " done, never accepted");
        } else if (!done_.insert((uint64_t)*id).second) {
            Bad(seq, "check.command", "command " + std::to_string(*id) + " done twice");
        }
    } else if (type == "command_result") {
        const auto id = GetInt(r, "id");
        const auto ok = GetBool(r, "ok");
        if (!id || !ok || *id < 0) { Bad(seq, "check.field", "command_result without an integer 'id' and boolean 'ok'"); return; }
        if (!commands_.count((uint64_t)*id)) Bad(seq, "check.command", "an answer to command " + std::to_string(*id) + ", never posted");
        else if (*ok && !accepted_.insert((uint64_t)*id).second) Bad(seq, "check.command", "command " + std::to_string(*id) + " accepted twice");
    }
}

void Checker::End(const json& r, uint64_t seq)
{
    const auto reason = GetStr(r, "reason"), hash = GetStr(r, "state_hash");
    const std::set<std::string> reasons = {"contained_and_recovered", "recovered", "duration", "stopped"};
    if (!reason || !reasons.count(*reason)) Bad(seq, "check.end", "the end record's reason is not one of contained_and_recovered, recovered, duration, stopped");
    if (!hash || hash->size() != 16 || hash->find_first_not_of("0123456789abcdef") != std::string::npos)
        Bad(seq, "check.end", "the end record's state_hash is not 16 hex digits");
    if (!end_seq_) end_seq_ = seq;
}

} // namespace

std::vector<Violation> CheckJournal(const std::vector<json>& records)
{
    Checker c;
    for (size_t i = 0; i < records.size(); ++i) c.Feed(records[i], i);
    c.Finish();
    return std::move(c.out);
}

} // namespace bd
