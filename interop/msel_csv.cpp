// msel_csv.cpp: the MSEL written as RFC 4180 CSV (msel_csv.h).
#include "msel_csv.h"

namespace bd {

std::string CsvField(const std::string& f)
{
    if (f.find_first_of(",\"\r\n") == std::string::npos) return f;
    std::string out = "\"";
    for (char c : f) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

std::string MselCsv(const std::vector<MselRow>& rows)
{
    std::string out;
    auto line = [&](const std::vector<std::string>& fields) {
        for (size_t i = 0; i < fields.size(); ++i) out += (i ? "," : "") + CsvField(fields[i]);
        out += "\r\n";
    };
    line(MselColumns());
    for (const auto& r : rows) line({r.number, r.time, r.synopsis, r.text, r.controller, r.player, r.expected, r.objective, r.notes});
    return out;
}

} // namespace bd
