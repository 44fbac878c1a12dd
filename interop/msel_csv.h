// msel_csv.h: the MSEL as a spreadsheet (`breachdrill msel SCENARIO --csv`): the HSEEP columns of
// exercise/msel.h, one row per inject, as RFC 4180 CSV that Excel and LibreOffice open as they are.
#pragma once
#include "exercise/msel.h"

#include <string>
#include <vector>

namespace bd {

// RFC 4180 CSV: a header line, then one line per row, CRLF line ends; a field holding a comma,
// a double quote, CR or LF is quoted, and its quotes doubled.
std::string MselCsv(const std::vector<MselRow>& rows);
// One field, quoted when RFC 4180 needs it.
std::string CsvField(const std::string& field);

} // namespace bd
