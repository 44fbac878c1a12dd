// scenario_loader_parse.cpp: the scenario loader's JSON parse (scenario_loader_parts.h): a SAX
// handler around nlohmann's DOM builder that follows the path being parsed, so that duplicate keys,
// over-long strings and keys, too deep nesting and syntax errors are reported with a JSON pointer,
// within the limits of untrusted input (docs/reliability.md).
#include "world/scenario_loader_parts.h"

#include <algorithm>
#include <functional>
#include <set>
#include <string>
#include <vector>

namespace bd {
namespace loader_detail {

namespace {

// [SECTION] JSON parsing (with duplicate-key detection)

// nlohmann::json keeps the last of two equal keys silently; an author who wrote "hosts" twice
// would lose half the hosts without a word. The parser callback follows the path being parsed,
// so duplicate keys and parse errors can be reported with a JSON pointer.
struct ParsePath {
    struct Frame {
        bool array = false;
        int64_t index = -1;
        std::string key;
        std::set<std::string> keys;
    };
    std::vector<Frame> frames;

    // The path of the container being parsed; with `value`, of the value being parsed in it
    // (the current key of an object, the next index of an array).
    std::string Pointer(bool value) const
    {
        std::string p;
        for (size_t i = 0; i < frames.size(); ++i) {
            const Frame& f = frames[i];
            if (i + 1 == frames.size()) {
                if (!value) break;
                if (f.array) p += "/" + std::to_string(f.index + 1);
                else if (!f.key.empty()) p += "/" + EscapeToken(f.key);
                break;
            }
            p += "/" + (f.array ? std::to_string(f.index) : EscapeToken(f.key));
        }
        return p;
    }
};

// Thrown from the parser callback to stop at once: deeper input is never built.
struct TooDeep {};

// Not json::parse with a callback: nlohmann 3.11's callback parser rescans the parent container
// at the end of every object, n^2 for an array of n objects (8 s for 200,000 "{}" in a 600 KB
// file, hours for 16 MiB). A SAX handler around the plain DOM builder does the same checks.
struct Handler {
    nlohmann::detail::json_sax_dom_parser<json> dom;
    ParsePath& path;
    std::function<void(std::string, const char*, std::string)> report;

    // A value starts in the current container: count it (arrays), then enter it (containers).
    void Enter(bool object, bool array)
    {
        if (!path.frames.empty() && path.frames.back().array) path.frames.back().index++;
        if (object) path.frames.push_back({false, -1, {}, {}});
        if (array) path.frames.push_back({true, -1, {}, {}});
        if (path.frames.size() > kMaxDepth) throw TooDeep{};
    }
    bool null() { Enter(false, false); return dom.null(); }
    bool boolean(bool v) { Enter(false, false); return dom.boolean(v); }
    bool number_integer(json::number_integer_t v) { Enter(false, false); return dom.number_integer(v); }
    bool number_unsigned(json::number_unsigned_t v) { Enter(false, false); return dom.number_unsigned(v); }
    bool number_float(json::number_float_t v, const json::string_t& s) { Enter(false, false); return dom.number_float(v, s); }
    bool binary(json::binary_t& v) { Enter(false, false); return dom.binary(v); }
    bool string(json::string_t& v)
    {
        if (v.size() > kMaxStringBytes)
            report(path.Pointer(true), problem::kStringTooLong,
                   "a string of " + std::to_string(v.size()) + " bytes (at most " + std::to_string(kMaxStringBytes) + ")");
        Enter(false, false);
        return dom.string(v);
    }
    bool start_object(std::size_t n) { Enter(true, false); return dom.start_object(n); }
    bool start_array(std::size_t n) { Enter(false, true); return dom.start_array(n); }
    bool end_object() { path.frames.pop_back(); return dom.end_object(); }
    bool end_array() { path.frames.pop_back(); return dom.end_array(); }
    bool key(json::string_t& k)
    {
        auto& f = path.frames.back();
        f.key = k;
        if (f.key.size() > kMaxKeyBytes) {
            report(path.Pointer(false), problem::kStringTooLong,
                   "a key of " + std::to_string(f.key.size()) + " bytes (at most " + std::to_string(kMaxKeyBytes) + ")");
            f.key = f.key.substr(0, kMaxKeyBytes) + "...";
        }
        if (!f.keys.insert(f.key).second)
            report(path.Pointer(true), problem::kDuplicateKey,
                   "key '" + f.key + "' appears twice in the same object (only the last one would count)");
        return dom.key(k);
    }
    // A template, as the DOM builder's: it throws the exception's own type (parse_error, or
    // out_of_range 406 for a number beyond a double), each caught below.
    template <class Exception>
    bool parse_error(std::size_t pos, const std::string& token, const Exception& e)
    {
        return dom.parse_error(pos, token, e);
    }
};

} // namespace

ParseOutcome ParseJson(const std::string& text, const std::string& file)
{
    ParseOutcome out;
    ParsePath path;
    auto report = [&](std::string pointer, const char* id, std::string message) {
        if (out.problems.size() >= kMaxProblems) { ++out.dropped; return; }
        out.problems.push_back({file, std::move(pointer), id, std::move(message), false});
    };
    if (text.size() > kMaxFileBytes) {
        report("", problem::kFileTooLarge,
               "the file is " + std::to_string(text.size()) + " bytes, more than the " + std::to_string(kMaxFileBytes >> 20) +
                   " MiB a scenario may have: not parsed");
        return out;
    }
    try {
        Handler handler{nlohmann::detail::json_sax_dom_parser<json>(out.doc, /*allow_exceptions=*/true), path, report};
        out.ok = json::sax_parse(text, &handler, json::input_format_t::json, /*strict=*/true, /*ignore_comments=*/false);
    } catch (const TooDeep&) {
        out.problems.push_back({file, path.Pointer(false), problem::kTooDeep,
                                "JSON nested more than " + std::to_string(kMaxDepth) + " levels deep: not parsed further",
                                false});
    } catch (const json::parse_error& e) {
        // Line and column of the byte where the parser stopped (e.byte counts from 1).
        const size_t byte = e.byte;
        const size_t upto = std::min(byte > 0 ? byte - 1 : 0, text.size());
        size_t line = 1, line_start = 0;
        for (size_t i = 0; i < upto; ++i)
            if (text[i] == '\n') { ++line; line_start = i + 1; }
        const size_t column = upto - line_start + 1;
        std::string detail = e.what();
        if (auto p = detail.find("] "); p != std::string::npos) detail = detail.substr(p + 2);
        if (detail.rfind("parse error", 0) == 0)
            if (auto p = detail.find(": "); p != std::string::npos) detail = detail.substr(p + 2);
        out.problems.push_back({file, path.Pointer(false), problem::kSyntax,
                                "JSON syntax error at line " + std::to_string(line) + ", column " +
                                    std::to_string(column) + " (byte " + std::to_string(byte) + "): " + detail,
                                false});
    } catch (const json::out_of_range& e) {
        // 406: a number literal that does not fit a double (1e999).
        std::string detail = e.what();
        if (auto p = detail.find("] "); p != std::string::npos) detail = detail.substr(p + 2);
        out.problems.push_back({file, path.Pointer(true), problem::kTooLarge, detail, false});
    } catch (const json::exception& e) {
        out.problems.push_back({file, path.Pointer(false), problem::kSyntax, e.what(), false});
    }
    return out;
}

} // namespace loader_detail
} // namespace bd
