// msel_splice.cpp: the imported injects written into scenario.json's own text, the injects that did
// not change byte for byte (msel_splice.h). Split from msel_import.cpp.
#include "msel_splice.h"

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

namespace bd {

using ojson = nlohmann::ordered_json;

namespace {

// [SECTION] The injects into scenario.json's text (unchanged ones byte for byte)

// Where the top-level "injects" array's elements are in the text: [begin, end) of each, and of the
// array's brackets. False when the text has no such array (then the whole file is written anew).
struct MselSpans {
    size_t open = 0, close = 0;
    std::vector<std::pair<size_t, size_t>> elements;
};

size_t MselSkipString(const std::string& t, size_t i) // i at the opening quote; returns past the closing one
{
    for (++i; i < t.size(); ++i) {
        if (t[i] == '\\') ++i;
        else if (t[i] == '"') return i + 1;
    }
    return t.size();
}

size_t MselSkipValue(const std::string& t, size_t i)
{
    if (t[i] == '"') return MselSkipString(t, i);
    if (t[i] == '{' || t[i] == '[') {
        int depth = 0;
        for (; i < t.size(); ++i) {
            if (t[i] == '"') i = MselSkipString(t, i) - 1;
            else if (t[i] == '{' || t[i] == '[') ++depth;
            else if ((t[i] == '}' || t[i] == ']') && --depth == 0) return i + 1;
        }
        return t.size();
    }
    while (i < t.size() && t[i] != ',' && t[i] != '}' && t[i] != ']' && !std::isspace((unsigned char)t[i])) ++i;
    return i;
}

bool MselFindInjects(const std::string& t, MselSpans& sp)
{
    size_t i = t.find('{');
    if (i == std::string::npos) return false;
    ++i;
    auto ws = [&] { while (i < t.size() && std::isspace((unsigned char)t[i])) ++i; };
    for (;;) {
        ws();
        if (i >= t.size() || t[i] != '"') return false;
        const size_t kend = MselSkipString(t, i);
        const std::string key = t.substr(i + 1, kend - i - 2);
        i = kend;
        ws();
        if (i >= t.size() || t[i] != ':') return false;
        ++i;
        ws();
        if (i >= t.size()) return false;
        if (key == "injects" && t[i] == '[') {
            sp.open = i++;
            for (;;) {
                ws();
                if (i < t.size() && t[i] == ']') {
                    sp.close = i;
                    return true;
                }
                if (i >= t.size()) return false;
                const size_t b = i;
                i = MselSkipValue(t, i);
                sp.elements.emplace_back(b, i);
                ws();
                if (i < t.size() && t[i] == ',') ++i;
            }
        }
        i = MselSkipValue(t, i);
        ws();
        if (i < t.size() && t[i] == ',') ++i;
        else return false;
    }
}

// One inject in the file's style: dump(2), every line but the first indented to the array's elements.
std::string MselElementText(const ojson& o, const std::string& indent)
{
    const std::string d = o.dump(2);
    std::string out;
    for (char c : d) {
        out += c;
        if (c == '\n') out += indent;
    }
    return out;
}

// A value in the author's one-line style: `{ "kind": "x", "team": "y" }`, `["a", "b"]`.
std::string MselInline(const ojson& v)
{
    if (v.is_object()) {
        std::string out = "{ ";
        bool first = true;
        for (const auto& [k, x] : v.items()) {
            out += (first ? "" : ", ") + ojson(k).dump() + ": " + MselInline(x);
            first = false;
        }
        return v.empty() ? "{}" : out + " }";
    }
    if (v.is_array()) {
        std::string out = "[";
        for (size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + MselInline(v[i]);
        return out + "]";
    }
    return v.dump();
}

// The members of the object whose text is `t` (from its opening brace): key, member begin, value [begin, end).
struct MselMember {
    std::string key;
    size_t begin = 0, value_begin = 0, value_end = 0;
};

bool MselMembers(const std::string& t, std::vector<MselMember>& out, size_t& close)
{
    size_t i = 1;
    auto ws = [&] { while (i < t.size() && std::isspace((unsigned char)t[i])) ++i; };
    for (;;) {
        ws();
        if (i < t.size() && t[i] == '}') {
            close = i;
            return true;
        }
        if (i >= t.size() || t[i] != '"') return false;
        MselMember m;
        m.begin = i;
        const size_t kend = MselSkipString(t, i);
        m.key = ojson::parse(t.substr(i, kend - i), nullptr, false).get<std::string>();
        i = kend;
        ws();
        if (i >= t.size() || t[i] != ':') return false;
        ++i;
        ws();
        m.value_begin = i;
        i = MselSkipValue(t, i);
        m.value_end = i;
        out.push_back(m);
        ws();
        if (i < t.size() && t[i] == ',') ++i;
    }
}

// The author's text of one inject with only the changed members rewritten, the removed ones cut
// and the new ones added at the end, each in the style of its neighbours. "" when it does not scan.
std::string MselSpliceObject(const std::string& t, const ojson& was, const ojson& now)
{
    std::vector<MselMember> members;
    size_t close = 0;
    if (!MselMembers(t, members, close) || members.empty()) return "";
    std::string out;
    size_t at = 0;
    for (size_t k = 0; k < members.size(); ++k) {
        const MselMember& m = members[k];
        if (!now.contains(m.key)) { // cut ", key: value" (or "key: value, " for the first)
            const size_t from = k > 0 ? members[k - 1].value_end : m.begin;
            const size_t to = k > 0 ? m.value_end : (k + 1 < members.size() ? members[k + 1].begin : m.value_end);
            out += t.substr(at, from - at);
            at = to;
            continue;
        }
        if (was.contains(m.key) && was[m.key] == now[m.key]) continue;
        const std::string old_value = t.substr(m.value_begin, m.value_end - m.value_begin);
        const size_t line = t.rfind('\n', m.begin);
        const std::string indent = line == std::string::npos ? "" : t.substr(line + 1, m.begin - line - 1);
        const std::string value = old_value.find('\n') == std::string::npos ? MselInline(now[m.key]) : MselElementText(now[m.key], indent);
        out += t.substr(at, m.value_begin - at) + value;
        at = m.value_end;
    }
    const size_t last_end = members.back().value_end;
    std::string added;
    const size_t line = t.rfind('\n', members.back().begin);
    std::string indent = line == std::string::npos ? "  " : t.substr(line + 1, members.back().begin - line - 1);
    if (indent.find_first_not_of(' ') != std::string::npos) indent = "  ";
    for (const auto& [k, v] : now.items())
        if (!was.contains(k) || std::none_of(members.begin(), members.end(), [&](const MselMember& m) { return m.key == k; }))
            added += ",\n" + indent + ojson(k).dump() + ": " + MselInline(v);
    if (at <= last_end) {
        out += t.substr(at, last_end - at) + added;
        at = last_end;
    } else if (!added.empty()) {
        out += added;
    }
    out += t.substr(at);
    return out;
}

} // namespace

std::string MselSpliceInjects(const std::string& text, const ojson& old_injects, const ojson& injects)
{
    MselSpans sp;
    if (!MselFindInjects(text, sp) || sp.elements.size() != old_injects.size()) return "";
    // The elements' indent: the spaces before the first one (or the array's line and two more).
    size_t line_start = text.rfind('\n', sp.elements.empty() ? sp.open : sp.elements[0].first);
    line_start = line_start == std::string::npos ? 0 : line_start + 1;
    std::string indent;
    if (!sp.elements.empty()) indent = text.substr(line_start, sp.elements[0].first - line_start);
    else {
        for (size_t k = line_start; k < text.size() && text[k] == ' '; ++k) indent += ' ';
        indent += "  ";
    }
    if (indent.find_first_not_of(' ') != std::string::npos) indent = "    ";
    const std::string closing_indent = indent.size() >= 2 ? indent.substr(2) : "";
    std::string body = "[\n";
    for (size_t i = 0; i < injects.size(); ++i) {
        std::string el;
        for (size_t k = 0; k < old_injects.size() && el.empty(); ++k)
            if (old_injects[k] == injects[i]) el = text.substr(sp.elements[k].first, sp.elements[k].second - sp.elements[k].first);
        for (size_t k = 0; k < old_injects.size() && el.empty(); ++k)
            if (old_injects[k].is_object() && old_injects[k].value("number", -1) == injects[i].value("number", -2))
                el = MselSpliceObject(text.substr(sp.elements[k].first, sp.elements[k].second - sp.elements[k].first), old_injects[k], injects[i]);
        if (el.empty()) el = MselElementText(injects[i], indent);
        body += indent + el + (i + 1 < injects.size() ? ",\n" : "\n");
    }
    body += closing_indent + "]";
    if (injects.empty()) body = "[]";
    return text.substr(0, sp.open) + body + text.substr(sp.close + 1);
}

} // namespace bd
