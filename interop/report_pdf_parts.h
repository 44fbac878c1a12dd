// report_pdf_parts.h: what the PDF report's two files share (internal to interop/): text drawn
// and measured with pango in the report's fonts (report_pdf.cpp), and the timeline chart drawn
// with cairo (report_pdf_chart.cpp).
#pragma once
#include "report.h"

#include <cairo.h>
#include <pango/pangocairo.h>

#include <string>

namespace bd::pdf_parts {

constexpr const char* kSans = "DejaVu Sans";
constexpr const char* kMono = "DejaVu Sans Mono";

// An sRGB colour from "#rrggbb".
void SetColour(cairo_t* cr, const char* hex);

// Where a text's x is: its left edge, its centre or its right edge (SVG's text-anchor).
enum class Anchor { Start, Middle, End };

// The width of one line of plain text in user units at `size` (user units too).
double TextWidthAt(PangoContext* ctx, const std::string& text, double size, bool bold = false);
// Draws one line of plain text with its baseline at y.
void TextAt(cairo_t* cr, PangoContext* ctx, const std::string& text, double size, double x, double baseline, Anchor anchor,
            const char* colour, bool bold = false);

// The timeline chart of ReportHtml (scoring/report_timeline.cpp TimelineSvg), drawn from the model
// at (x, y), `width` wide. Returns its height; with draw = false only measures.
double TimelineChart(cairo_t* cr, PangoContext* ctx, const Report& r, double x, double y, double width, bool draw);

} // namespace bd::pdf_parts
