// record.h: one journal record on its way out: typed fields, written as a line without building a
// JSON object, and the object itself built only for whoever asks (docs/architecture.md, "Journal").
//
// The engine writes a record as Simulation::Record("alert", {{"id", 3}, {"host", host.id}, ...}).
// The braced fields become RecordFields: each a key and a scalar, a string or a JSON value that
// lives at least as long as the call. RecordRef is what the journal and the record observers get:
// its line is byte for byte what nlohmann's dump of the object would be (the journal format), and
// json() builds that object on first use, once, for a kept journal, a scorer, the app's panels.
// A run read live by an observer that looks only at type() (a benchmark) builds no object at all:
// building and destroying them was a third of the lateral benchmark (callgrind, bench/README.md).
#pragma once
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace bd {

struct RecordField {
    enum class Kind : uint8_t { Null, Bool, Int, Uint, Double, String, Json, Custom };

    RecordField() : kind(Kind::Null) { b = false; }
    RecordField(std::string_view k, std::nullptr_t) : key(k), kind(Kind::Null) { b = false; }
    RecordField(std::string_view k, bool v) : key(k), kind(Kind::Bool) { b = v; }
    template <std::integral T>
        requires(!std::same_as<T, bool>)
    RecordField(std::string_view k, T v) : key(k), kind(std::is_signed_v<T> ? Kind::Int : Kind::Uint)
    {
        if constexpr (std::is_signed_v<T>) i = (int64_t)v;
        else u = (uint64_t)v;
    }
    RecordField(std::string_view k, double v) : key(k), kind(Kind::Double) { d = v; }
    RecordField(std::string_view k, const char* v) : key(k), kind(Kind::String) { s = v; }
    RecordField(std::string_view k, std::string_view v) : key(k), kind(Kind::String) { s = v; }
    RecordField(std::string_view k, const std::string& v) : key(k), kind(Kind::String) { s = v; }
    // A nested value (an object, an array): it must outlive the Record() call, as a temporary does.
    RecordField(std::string_view k, const nlohmann::json& v) : key(k), kind(Kind::Json) { j = &v; }
    // A value of the engine's own type, written by its own functions (CommandField, commands.h).
    struct Writer {
        void (*dump)(const void* value, std::string& out); // its JSON text
        nlohmann::json (*make)(const void* value);          // its JSON value
    };
    RecordField(std::string_view k, const void* value, const Writer* writer) : key(k), kind(Kind::Custom), s(), w(writer) { p = value; }

    std::string_view key;
    Kind kind;
    union {
        bool b;
        int64_t i;
        uint64_t u;
        double d;
        const nlohmann::json* j;
        const void* p; // Kind::Custom
    };
    std::string_view s;         // Kind::String
    const Writer* w = nullptr;  // Kind::Custom
};

// Appends the JSON object of these fields, as nlohmann would dump it (keys in order, bytewise; of
// two fields with one name the first). The journal's writer, and CommandField's.
void DumpObject(const RecordField* fields, size_t n, std::string& out);
// The same object as a JSON value.
nlohmann::json::object_t MakeObject(const RecordField* fields, size_t n);

// Lives within one call (Simulation::Record): it keeps the braced fields, which are temporaries.
class RecordRef {
public:
    // A record from typed fields, plus the three every record has. A field named t, seq or type
    // wins over them; of two fields with one name, the first wins (as in a JSON object built from
    // the same list).
    RecordRef(std::string_view type, int64_t t, uint64_t seq, std::initializer_list<RecordField> fields)
        : type_(type), t_(t), seq_(seq), fields_(fields) {}
    // A record already built as a JSON object (with its t, seq and type).
    explicit RecordRef(const nlohmann::json& built);
    RecordRef(const RecordRef&) = delete;
    RecordRef& operator=(const RecordRef&) = delete;

    std::string_view type() const { return type_; }
    int64_t t() const { return t_; }
    uint64_t seq() const { return seq_; }
    // The record as a JSON object, built on the first call.
    const nlohmann::json& json() const;
    // So that an observer written for a JSON object takes a RecordRef as it is.
    operator const nlohmann::json&() const { return json(); }
    // Appends the journal line (no newline): the same bytes as DumpLine(json()).
    void DumpTo(std::string& out) const;

private:
    std::string_view type_;
    int64_t t_ = 0;
    uint64_t seq_ = 0;
    std::initializer_list<RecordField> fields_;
    const nlohmann::json* given_ = nullptr;
    mutable std::optional<nlohmann::json> built_;
};

} // namespace bd
