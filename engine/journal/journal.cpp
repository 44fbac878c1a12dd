// journal.cpp: JSON Lines journal writer and reader (see journal.h, docs/journal.md).
#include "journal/journal.h"

#include "core/record.h"

#include <cerrno>
#include <chrono>
#include <charconv>
#include <cstring>
#include <fstream>
#include <string_view>
#include <unistd.h>

namespace bd {

namespace {

// Appends j.dump(-1, ' ', false, error_handler_t::replace), byte for byte: objects, arrays,
// integers, booleans, null and plain strings (printable ASCII) are written here; anything else (a
// float, a string that needs escaping or is not ASCII) by nlohmann's serializer, value by value.
// The serializer's generic path was a tenth of the lateral benchmark's time (bench/README.md).
void DumpValue(const nlohmann::json& j, std::string& out);

// Printable ASCII but the quote and the backslash: written as it is, between quotes.
bool Plain(std::string_view s)
{
    for (const char c : s)
        if ((unsigned char)c < 0x20 || (unsigned char)c > 0x7E || c == '"' || c == '\\') return false;
    return true;
}

void DumpString(std::string_view s, std::string& out)
{
    if (!Plain(s)) {
        out += nlohmann::json(std::string(s)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        return;
    }
    out += '"';
    out += s;
    out += '"';
}

// A record's line is put together here and appended to the string in one piece: std::string's
// members are not inlined (libstdc++ instantiates them once, extern), and a call per character
// and per piece was most of a record's cost (callgrind).
class LineOut {
public:
    explicit LineOut(std::string& s) : s_(s) {}
    ~LineOut() { Flush(); }
    LineOut(const LineOut&) = delete;
    LineOut& operator=(const LineOut&) = delete;

    void Put(char c)
    {
        if (n_ == sizeof buf_) Flush();
        buf_[n_++] = c;
    }
    void Put(std::string_view v)
    {
        if (v.size() > sizeof buf_ - n_) {
            Flush();
            if (v.size() > sizeof buf_) { s_.append(v); return; }
        }
        std::memcpy(buf_ + n_, v.data(), v.size());
        n_ += v.size();
    }
    // For the writers that append to a std::string themselves.
    std::string& Raw()
    {
        Flush();
        return s_;
    }
    void Flush()
    {
        s_.append(buf_, n_);
        n_ = 0;
    }

private:
    std::string& s_;
    size_t n_ = 0;
    char buf_[512];
};

void PutString(std::string_view s, LineOut& out)
{
    if (!Plain(s)) return DumpString(s, out.Raw());
    out.Put('"');
    out.Put(s);
    out.Put('"');
}

void DumpValue(const nlohmann::json& j, std::string& out)
{
    using V = nlohmann::json::value_t;
    char buf[24];
    switch (j.type()) {
    case V::object: {
        out += '{';
        bool first = true;
        for (const auto& [k, v] : j.get_ref<const nlohmann::json::object_t&>()) {
            if (!first) out += ',';
            first = false;
            DumpString(k, out);
            out += ':';
            DumpValue(v, out);
        }
        out += '}';
        return;
    }
    case V::array: {
        out += '[';
        bool first = true;
        for (const auto& v : j.get_ref<const nlohmann::json::array_t&>()) {
            if (!first) out += ',';
            first = false;
            DumpValue(v, out);
        }
        out += ']';
        return;
    }
    case V::string: DumpString(j.get_ref<const std::string&>(), out); return;
    case V::boolean: out += j.get<bool>() ? "true" : "false"; return;
    case V::null: out += "null"; return;
    case V::number_integer: out.append(buf, std::to_chars(buf, buf + sizeof buf, j.get<int64_t>()).ptr); return;
    case V::number_unsigned: out.append(buf, std::to_chars(buf, buf + sizeof buf, j.get<uint64_t>()).ptr); return;
    default: out += j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); return; // float, binary, discarded
    }
}

template <typename T>
void PutNumber(T v, LineOut& out)
{
    char buf[24];
    out.Put(std::string_view(buf, (size_t)(std::to_chars(buf, buf + sizeof buf, v).ptr - buf)));
}

nlohmann::json FieldJson(const RecordField& f)
{
    switch (f.kind) {
    case RecordField::Kind::Null: return nullptr;
    case RecordField::Kind::Bool: return f.b;
    case RecordField::Kind::Int: return f.i;
    case RecordField::Kind::Uint: return f.u;
    case RecordField::Kind::Double: return f.d;
    case RecordField::Kind::String: return std::string(f.s);
    case RecordField::Kind::Json: return *f.j;
    case RecordField::Kind::Custom: return f.w->make(f.p);
    }
    return nullptr;
}

void PutField(const RecordField& f, LineOut& out)
{
    switch (f.kind) {
    case RecordField::Kind::Null: out.Put("null"); return;
    case RecordField::Kind::Bool: out.Put(f.b ? std::string_view("true") : std::string_view("false")); return;
    case RecordField::Kind::Int: PutNumber(f.i, out); return;
    case RecordField::Kind::Uint: PutNumber(f.u, out); return;
    case RecordField::Kind::Double: DumpValue(nlohmann::json(f.d), out.Raw()); return;
    case RecordField::Kind::String: PutString(f.s, out); return;
    case RecordField::Kind::Json: DumpValue(*f.j, out.Raw()); return;
    case RecordField::Kind::Custom: f.w->dump(f.p, out.Raw()); return;
    }
}

int64_t SteadyNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

} // namespace

void DumpLine(const nlohmann::json& record, std::string& out) { DumpValue(record, out); }

RecordRef::RecordRef(const nlohmann::json& built) : given_(&built)
{
    if (const auto it = built.find("type"); it != built.end() && it->is_string()) type_ = it->get_ref<const std::string&>();
    if (const auto it = built.find("t"); it != built.end() && it->is_number_integer()) t_ = it->get<int64_t>();
    if (const auto it = built.find("seq"); it != built.end() && it->is_number_integer()) seq_ = it->get<uint64_t>();
}

void DumpObject(const RecordField* fields, size_t n, std::string& out)
{
    // Insertion sort of pointers (a record has a dozen fields at most; the sort is stable).
    constexpr size_t kInline = 32;
    const RecordField* inline_items[kInline];
    std::vector<const RecordField*> heap_items;
    const RecordField** items = inline_items;
    if (n > kInline) {
        heap_items.resize(n);
        items = heap_items.data();
    }
    // Keys mostly differ in their first byte: compared inline, memcmp only on a tie (bytewise, as
    // std::string's order is).
    auto less = [](std::string_view a, std::string_view b) {
        if (!a.empty() && !b.empty() && a[0] != b[0]) return (unsigned char)a[0] < (unsigned char)b[0];
        return a < b;
    };
    for (size_t i = 0; i < n; ++i) {
        const RecordField* x = &fields[i];
        size_t j = i;
        for (; j > 0 && less(x->key, items[j - 1]->key); --j) items[j] = items[j - 1];
        items[j] = x;
    }
    LineOut line(out);
    line.Put('{');
    for (size_t i = 0; i < n; ++i) {
        if (i > 0 && items[i]->key == items[i - 1]->key) continue; // a later field of the same name
        if (i > 0) line.Put(',');
        PutString(items[i]->key, line);
        line.Put(':');
        PutField(*items[i], line);
    }
    line.Put('}');
}

nlohmann::json::object_t MakeObject(const RecordField* fields, size_t n)
{
    nlohmann::json::object_t obj;
    for (size_t i = 0; i < n; ++i) obj.emplace(std::string(fields[i].key), FieldJson(fields[i])); // the first of a name wins
    return obj;
}

// The record's fields, then t, seq and type (so that a field of one of those names wins).
template <typename F>
void WithAllFields(std::initializer_list<RecordField> fields, std::string_view type, int64_t t, uint64_t seq, F&& f)
{
    constexpr size_t kInline = 32;
    const size_t n = fields.size() + 3;
    if (n <= kInline) {
        alignas(RecordField) unsigned char raw[kInline * sizeof(RecordField)];
        RecordField* all = reinterpret_cast<RecordField*>(raw);
        size_t k = 0;
        for (const RecordField& x : fields) new (&all[k++]) RecordField(x);
        new (&all[k++]) RecordField("t", t);
        new (&all[k++]) RecordField("seq", seq);
        new (&all[k++]) RecordField("type", type);
        f(all, n);
    } else {
        std::vector<RecordField> all(fields);
        all.emplace_back("t", t);
        all.emplace_back("seq", seq);
        all.emplace_back("type", type);
        f(all.data(), n);
    }
}

const nlohmann::json& RecordRef::json() const
{
    if (given_) return *given_;
    if (!built_)
        WithAllFields(fields_, type_, t_, seq_, [&](const RecordField* all, size_t n) { built_.emplace(MakeObject(all, n)); });
    return *built_;
}

void RecordRef::DumpTo(std::string& out) const
{
    if (given_ || built_) return DumpValue(json(), out);
    WithAllFields(fields_, type_, t_, seq_, [&](const RecordField* all, size_t n) { DumpObject(all, n, out); });
}

Journal::~Journal()
{
    if (file_) {
        if (!line_.empty()) WriteLines(); // a batch cut short by an exception
        std::fclose(file_);
    }
}

bool Journal::Open(const std::string& path, std::string& error)
{
    file_ = std::fopen(path.c_str(), "wb");
    if (!file_) {
        error = "cannot create journal '" + path + "': " + std::strerror(errno);
        return false;
    }
    path_ = path;
    return true;
}

bool Journal::MoveTo(const std::string& path, std::string& error)
{
    if (!file_) { error = "the journal is not a file"; return false; }
    std::fflush(file_);
    if (std::rename(path_.c_str(), path.c_str()) != 0) {
        error = "cannot move journal '" + path_ + "' to '" + path + "': " + std::strerror(errno);
        return false;
    }
    path_ = path;
    return true;
}

void Journal::Append(const RecordRef& record)
{
    if (file_) {
        record.DumpTo(line_);
        line_ += '\n';
        if (batch_depth_ == 0) WriteLines();
        else if (!due_ && SteadyNs() - last_write_ns_ >= kBlockAgeNs) due_ = true; // a clock read a record, not an event
    }
    ++size_;
    if (keep_) records_.push_back(record.json());
}

void Journal::WriteLines()
{
    // One write(2) for the lot: in the kernel's hands when this returns, so a killed process has
    // written it (no stdio buffer in between; file_ is only opened, renamed and closed).
    const int fd = fileno(file_);
    size_t done = 0;
    while (done < line_.size()) {
        const ssize_t n = ::write(fd, line_.data() + done, line_.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break; // a full disk: the exercise goes on (as before: the write was never checked)
        done += (size_t)n;
    }
    line_.clear();
    due_ = false;
    last_write_ns_ = SteadyNs();
}

JournalReadResult ReadJournal(const std::string& path, bool check_seq)
{
    JournalReadResult out;
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        out.error = path + ": [journal.012] cannot open journal: " + std::strerror(errno);
        return out;
    }
    // At most one byte more than the limit: enough to refuse the file, and /dev/zero costs no more.
    std::string text;
    char buf[1 << 16];
    while (text.size() <= kMaxJournalBytes) {
        in.read(buf, sizeof buf);
        if (in.gcount() <= 0) break;
        text.append(buf, (size_t)in.gcount());
    }
    if (in.bad()) {
        out.error = path + ": [journal.012] cannot read journal: " + std::strerror(errno);
        return out;
    }
    return ReadJournalText(text, path, check_seq);
}

JournalReadResult ReadJournalText(const std::string& text, const std::string& label, bool check_seq)
{
    JournalReadResult out;
    if (text.size() > kMaxJournalBytes) {
        out.error = label + ": [journal.011] the journal is larger than " + std::to_string(kMaxJournalBytes >> 20) +
                    " MiB: not read";
        return out;
    }
    size_t line_no = 0;
    for (size_t pos = 0; pos < text.size();) {
        ++line_no;
        const size_t nl = text.find('\n', pos);
        const bool last_had_newline = nl != std::string::npos;
        const size_t end = last_had_newline ? nl : text.size();
        const std::string where = label + ":" + std::to_string(line_no) + ": ";
        if (end - pos > kMaxJournalLineBytes) {
            out.error = where + "[journal.010] a line of " + std::to_string(end - pos) + " bytes (at most " +
                        std::to_string(kMaxJournalLineBytes) + ")";
            return out;
        }
        const std::string_view line(text.data() + pos, end - pos);
        pos = last_had_newline ? nl + 1 : text.size();
        if (line.empty()) continue;
        nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
        if (j.is_discarded() || !j.is_object()) {
            if (!last_had_newline) {
                out.warnings.push_back(where + "[journal.torn] the last line is incomplete (the run was interrupted); dropped");
                break;
            }
            out.error = where + "[journal.002] not a JSON object";
            return out;
        }
        if (!j.contains("t") || !j["t"].is_number_integer() || !j.contains("seq") ||
            !j["seq"].is_number_unsigned() || !j.contains("type") || !j["type"].is_string()) {
            out.error = where + "[journal.003] a record needs integer 't', 'seq' and string 'type'";
            return out;
        }
        if (check_seq && j["seq"].get<uint64_t>() != out.records.size()) {
            out.error = where + "[journal.004] seq " + j["seq"].dump() + " out of order (expected " +
                        std::to_string(out.records.size()) + ")";
            return out;
        }
        // (No j.value("format", ""): it throws when "format" is there but not a string.)
        const auto format = j.find("format");
        if (out.records.empty() && (j["type"] != "header" || format == j.end() || *format != "breachdrill-journal/1")) {
            out.error = where + "[journal.005] the first record must be a breachdrill-journal/1 header";
            return out;
        }
        out.records.push_back(std::move(j));
    }
    if (out.records.empty()) out.error = label + ": [journal.001] empty journal: no header";
    return out;
}

} // namespace bd
