// csv_reader.cpp: the RFC 4180 reader (csv_reader.h).
#include "csv_reader.h"

namespace bd {

CsvReadResult ReadCsv(const std::string& text)
{
    CsvReadResult out;
    size_t i = text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0; // Excel's UTF-8 byte-order mark
    size_t line = 1, line_start = i;
    const size_t n = text.size();
    auto fail = [&](size_t at, const std::string& why) {
        out.error = "line " + std::to_string(line) + ", column " + std::to_string(at - line_start + 1) + ": " + why;
        return out;
    };
    while (i < n) {
        CsvRecord rec;
        rec.line = line;
        for (;;) { // one field per turn
            std::string field;
            if (i < n && text[i] == '"') {
                const size_t open = i++;
                const size_t open_line = line, open_start = line_start;
                for (;;) {
                    if (i >= n) {
                        line = open_line;
                        line_start = open_start;
                        return fail(open, "a quoted field opened here is never closed");
                    }
                    const char c = text[i];
                    if (c == '"') {
                        if (i + 1 < n && text[i + 1] == '"') {
                            field += '"';
                            i += 2;
                            continue;
                        }
                        ++i;
                        break;
                    }
                    if (c == '\n') {
                        ++line;
                        line_start = i + 1;
                    }
                    // A CRLF inside a cell is one new line (an editor that turned every line end
                    // into CRLF changed no text).
                    if (c == '\r' && i + 1 < n && text[i + 1] == '\n') {
                        ++i;
                        continue;
                    }
                    field += c;
                    ++i;
                }
                if (i < n && text[i] != ',' && text[i] != '\r' && text[i] != '\n')
                    return fail(i, "after a closing quote only a comma or the end of the line may follow");
            } else {
                while (i < n && text[i] != ',' && text[i] != '\r' && text[i] != '\n') {
                    if (text[i] == '"') return fail(i, "a quote inside a field that does not start with one (quote the whole field, and double the quote)");
                    field += text[i++];
                }
            }
            rec.fields.push_back(std::move(field));
            if (i < n && text[i] == ',') {
                ++i;
                continue;
            }
            break;
        }
        if (i < n && text[i] == '\r') ++i;
        if (i < n && text[i] == '\n') ++i;
        ++line;
        line_start = i;
        out.records.push_back(std::move(rec));
    }
    return out;
}

} // namespace bd
