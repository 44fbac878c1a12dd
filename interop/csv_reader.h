// csv_reader.h: an RFC 4180 reader for spreadsheets people save (the MSEL back in,
// msel_import.h): quoted fields, doubled quotes, new lines inside quotes, CRLF or LF record ends,
// a CRLF inside a quoted field read as one new line, the byte-order mark Excel writes before UTF-8, and a last record with or without a line end.
#pragma once
#include <string>
#include <vector>

namespace bd {

struct CsvRecord {
    std::vector<std::string> fields;
    size_t line = 0; // the text line it starts on, from 1
};

struct CsvReadResult {
    std::vector<CsvRecord> records;
    std::string error; // "line L, column C: ..." ("" when it reads); records then holds those before it
    bool ok() const { return error.empty(); }
};

// Reads the whole text. A quote that opens a field must close it; after the closing quote only a
// comma or the record's end may follow; a quote inside an unquoted field is refused (a spreadsheet
// never writes one), each with the line and column where it is.
CsvReadResult ReadCsv(const std::string& text);

} // namespace bd
