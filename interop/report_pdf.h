// report_pdf.h: the after-action report as an A4 PDF (`breachdrill report JOURNAL --format pdf`),
// drawn with cairo and laid out with pango from the report model (scoring/report.h), not from the
// HTML: the same sections, tables and timeline chart as ReportHtml, in the same words
// (scoring/report_words.h).
//
//   bd::Report r = bd::BuildReport(records, options);
//   bd::PdfReport pdf = bd::ReportPdf(r);
//   if (!pdf.ok()) { /* pdf.error: the fonts were not found, or cairo failed */ }
//   else WriteFile("report.pdf", pdf.bytes);
//
// Every page: a running header (scenario, seed, profile, date of the exercise) and "page N of M" at
// its foot. Tables break between rows with their header row repeated; a heading is never the last
// thing on a page; a chart is never cut. Fonts: DejaVu Sans, Sans Bold and Sans Mono
// (assets/fonts/), subset and embedded in the file. The same report gives the same bytes: the PDF's
// creation and modification dates are the exercise's (midnight UTC of Report::date; none when the
// journal has no date), never the clock's. Nothing throws.
#pragma once
#include "report.h"

#include <string>
#include <vector>

namespace bd {

struct PdfReportOptions {
    // The folder holding DejaVuSans.ttf, DejaVuSans-Bold.ttf and DejaVuSansMono.ttf; "" looks in
    // the source tree's assets/fonts/, ./assets/fonts/ and /usr/share/fonts/truetype/dejavu/.
    std::string fonts_dir;
};

struct PdfReport {
    std::string bytes;          // the PDF file
    std::string error;          // "" or why there is no file
    int pages = 0;
    // Per page, the share of the body's height that holds content (0..1): tests check that no page
    // but the last is mostly empty.
    std::vector<double> fill;
    bool ok() const { return error.empty(); }
};

PdfReport ReportPdf(const Report& r, const PdfReportOptions& options = {});

// The fonts folder ReportPdf would use with `fonts_dir` (as in PdfReportOptions), or "" when the
// three fonts are not all there.
std::string FindReportFonts(const std::string& fonts_dir = "");

} // namespace bd
