// report_pdf.cpp: the after-action report as an A4 PDF (report_pdf.h). A small page writer over
// cairo and pango (PdfWriter: headings kept with what follows, paragraphs split between lines,
// tables split between rows with the header repeated, the running header and "page N of M"),
// then one function per section of the report, in the HTML page's order and words
// (scoring/report_html.cpp). The document is laid out twice: the first pass counts the pages
// that the second prints in every footer.
//
// Index
//   [SECTION] Fonts and text
//   [SECTION] The page writer
//   [SECTION] The report's sections
//   [SECTION] The document
#include "report_pdf.h"

#include "report_pdf_parts.h"
#include "compare.h"
#include "report_words.h"

#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangofc-fontmap.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

// Everything here is in bd::pdf_parts, so that in a unity build its names and using-directives
// stay out of the other interop files' way.
namespace bd::pdf_parts {

using namespace report_parts;

// [SECTION] Fonts and text

void SetColour(cairo_t* cr, const char* hex)
{
    unsigned v = 0;
    for (const char* p = hex + 1; *p; ++p) v = v * 16 + (unsigned)(*p <= '9' ? *p - '0' : (*p | 0x20) - 'a' + 10);
    cairo_set_source_rgb(cr, ((v >> 16) & 0xff) / 255.0, ((v >> 8) & 0xff) / 255.0, (v & 0xff) / 255.0);
}

namespace {

struct PdfUnref {
    void operator()(PangoLayout* p) const { g_object_unref(p); }
};
using PdfLayoutPtr = std::unique_ptr<PangoLayout, PdfUnref>;

// A layout of `markup` (pango markup) in the sans at `size`; width <= 0: one line, unwrapped.
PdfLayoutPtr PdfNewLayout(PangoContext* ctx, const std::string& markup, double size, double width, bool bold = false, bool right = false)
{
    PdfLayoutPtr l(pango_layout_new(ctx));
    PangoFontDescription* fd = pango_font_description_new();
    pango_font_description_set_family(fd, kSans);
    pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
    pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(l.get(), fd);
    pango_font_description_free(fd);
    if (width > 0) {
        pango_layout_set_width(l.get(), (int)(width * PANGO_SCALE));
        pango_layout_set_wrap(l.get(), PANGO_WRAP_WORD_CHAR);
    }
    if (right) pango_layout_set_alignment(l.get(), PANGO_ALIGN_RIGHT);
    pango_layout_set_markup(l.get(), markup.c_str(), -1);
    return l;
}

std::string PdfEscape(const std::string& s)
{
    char* e = g_markup_escape_text(s.c_str(), (gssize)s.size());
    std::string out = e;
    g_free(e);
    return out;
}

double PdfHeight(PangoLayout* l)
{
    int w = 0, h = 0;
    pango_layout_get_size(l, &w, &h);
    return (double)h / PANGO_SCALE;
}

} // namespace

double TextWidthAt(PangoContext* ctx, const std::string& text, double size, bool bold)
{
    auto l = PdfNewLayout(ctx, PdfEscape(text), size, 0, bold);
    int w = 0, h = 0;
    pango_layout_get_size(l.get(), &w, &h);
    return (double)w / PANGO_SCALE;
}

void TextAt(cairo_t* cr, PangoContext* ctx, const std::string& text, double size, double x, double baseline, Anchor anchor,
            const char* colour, bool bold)
{
    auto l = PdfNewLayout(ctx, PdfEscape(text), size, 0, bold);
    int w = 0, h = 0;
    pango_layout_get_size(l.get(), &w, &h);
    const double width = (double)w / PANGO_SCALE;
    const double left = anchor == Anchor::Start ? x : anchor == Anchor::Middle ? x - width / 2 : x - width;
    SetColour(cr, colour);
    cairo_move_to(cr, left, baseline - (double)pango_layout_get_baseline(l.get()) / PANGO_SCALE);
    pango_cairo_show_layout(cr, l.get());
}

namespace {

// [SECTION] The page writer

constexpr double kPdfPageW = 595.276, kPdfPageH = 841.89; // A4 in points
constexpr double kPdfMargin = 48, kPdfBodyTop = 68, kPdfBodyBottom = kPdfPageH - 52;
constexpr double kPdfBodyW = kPdfPageW - 2 * kPdfMargin;
constexpr double kPdfText = 9.5, kPdfSmall = 8.2, kPdfCellPad = 3.5;
constexpr const char* kPdfInk = "#1b1f24";
constexpr const char* kPdfMuted = "#5b6470";
constexpr const char* kPdfLine = "#c9ced6";
constexpr const char* kPdfSoft = "#f3f5f8";
constexpr const char* kPdfAccent = "#1f5fa8";

std::string PdfNote(const std::string& text) { return "<span foreground=\"" + std::string(kPdfMuted) + "\" size=\"smaller\">" + PdfEscape(text) + "</span>"; }
std::string PdfBold(const std::string& text) { return "<b>" + PdfEscape(text) + "</b>"; }
std::string PdfColoured(const std::string& text, const char* colour, bool bold = true)
{
    return std::string("<span foreground=\"") + colour + "\"" + (bold ? " weight=\"bold\"" : "") + ">" + PdfEscape(text) + "</span>";
}

// How a paragraph looks: its size, colour, indent, an optional background with a bar at its left
// (the executive summary, the incomplete-journal alert), an optional bullet.
struct PdfStyle {
    double size = kPdfText;
    const char* colour = kPdfInk;
    double indent = 0;
    const char* background = nullptr;
    const char* bar = nullptr;
    bool bullet = false;
    double after = 4; // space below
};

struct PdfColumn {
    std::string header;
    double weight = 1;
    bool right = false; // numbers: right-aligned
};

// The running header's and footer's facts, and where the body is on the current page.
class PdfWriter {
public:
    PdfWriter(cairo_t* cr, PangoContext* ctx, const Report& r, int total_pages) : cr_(cr), ctx_(ctx), r_(r), total_(total_pages) { NewPage(); }

    int Pages() const { return page_; }
    const std::vector<double>& Fill() const { return fill_; }
    cairo_t* Cairo() const { return cr_; }
    PangoContext* Context() const { return ctx_; }
    // Starts a new page unless `h` points still fit on this one.
    void Need(double h)
    {
        if (y_ + h > kPdfBodyBottom && y_ > kPdfBodyTop) NewPage();
    }
    void Gap(double h) { y_ = std::min(y_ + h, kPdfBodyBottom); }
    // A block `h` high that is never cut (the chart with its caption): drawn here if it fits, else
    // at the top of the next page while the text goes on filling this one (a float, as in print).
    // `draw` gets the block's top (Y() is there too) and may draw paragraphs; Y() is then set to the
    // block's bottom. At most one is pending; a second one waits for the first.
    void Float(double h, std::function<void(double)> draw)
    {
        if (pending_) NewPage();
        if (y_ + h <= kPdfBodyBottom || y_ == kPdfBodyTop) {
            const double top = y_;
            draw(top);
            y_ = top + h;
        } else {
            pending_ = std::move(draw);
            pending_h_ = h;
        }
    }
    void Finish()
    {
        if (pending_) NewPage();
        fill_.push_back((y_ - kPdfBodyTop) / (kPdfBodyBottom - kPdfBodyTop));
    }

    // A heading (level 1 the title, 2 a section with its rule, 3 a subsection) and at least `keep`
    // points of what follows on the same page.
    void Heading(const std::string& text, int level, double keep)
    {
        const double size = level == 1 ? 18 : level == 2 ? 13 : 10.5;
        auto l = PdfNewLayout(ctx_, PdfEscape(text), size, kPdfBodyW, true);
        const double before = level == 2 && y_ > kPdfBodyTop ? 12 : level == 3 ? 6 : 0;
        const double h = PdfHeight(l.get());
        Need(before + h + 6 + keep);
        if (y_ > kPdfBodyTop) y_ += before;
        SetColour(cr_, kPdfInk);
        cairo_move_to(cr_, kPdfMargin, y_);
        pango_cairo_show_layout(cr_, l.get());
        y_ += h + 2;
        if (level == 2) {
            SetColour(cr_, kPdfAccent);
            cairo_set_line_width(cr_, 1.5);
            cairo_move_to(cr_, kPdfMargin, y_);
            cairo_line_to(cr_, kPdfMargin + kPdfBodyW, y_);
            cairo_stroke(cr_);
            y_ += 5;
        } else y_ += 2;
    }

    // The height a paragraph takes, unsplit.
    double Measure(const std::string& markup, const PdfStyle& s) const
    {
        auto l = PdfNewLayout(ctx_, markup, s.size, TextWidth(s));
        return PdfHeight(l.get()) + (s.background ? 8 : 0) + s.after;
    }

    void Para(const std::string& markup, const PdfStyle& s = {});
    void Table(const std::vector<PdfColumn>& cols, const std::vector<std::vector<std::string>>& rows, bool header = true);

private:
    double TextWidth(const PdfStyle& s) const { return kPdfBodyW - s.indent - (s.background ? 16 : 0); }
    void NewPage();
    void RunningHeader();
    double RowHeight(const std::vector<PdfLayoutPtr>& cells) const;
    void DrawRow(const std::vector<PdfLayoutPtr>& cells, const std::vector<double>& widths, double h, const char* background);

    cairo_t* cr_;
    PangoContext* ctx_;
    const Report& r_;
    int total_ = 0;
    int page_ = 0;
    double y_ = kPdfBodyTop;
    std::vector<double> fill_;
    std::function<void(double)> pending_; // a float waiting for the next page
    double pending_h_ = 0;
};

void PdfWriter::NewPage()
{
    if (page_ > 0) {
        fill_.push_back((y_ - kPdfBodyTop) / (kPdfBodyBottom - kPdfBodyTop));
        cairo_show_page(cr_);
    }
    ++page_;
    y_ = kPdfBodyTop;
    RunningHeader();
    if (pending_) {
        const auto draw = std::move(pending_);
        pending_ = nullptr;
        draw(kPdfBodyTop);
        y_ = kPdfBodyTop + pending_h_;
    }
}

// Top: the scenario on the left, seed, profile and the exercise's date on the right, a rule.
// Foot: the generator on the left, "page N of M" on the right.
void PdfWriter::RunningHeader()
{
    const Scorecard& k = r_.card;
    const std::string scenario = (k.title.empty() ? k.scenario : k.title) + (k.title.empty() || k.scenario.empty() ? "" : " (" + k.scenario + ")");
    const std::string facts = "seed " + (k.seed ? std::to_string(*k.seed) : std::string("-")) + " \u00b7 " + (k.org.empty() ? "-" : k.org) +
                              " \u00b7 " + (r_.date.empty() ? "date not recorded" : r_.date);
    const double right_w = TextWidthAt(ctx_, facts, 8);
    auto left = PdfNewLayout(ctx_, PdfEscape("After-action report: " + scenario), 8, kPdfBodyW - right_w - 16, true);
    pango_layout_set_ellipsize(left.get(), PANGO_ELLIPSIZE_END);
    SetColour(cr_, kPdfMuted);
    cairo_move_to(cr_, kPdfMargin, 34);
    pango_cairo_show_layout(cr_, left.get());
    TextAt(cr_, ctx_, facts, 8, kPdfMargin + kPdfBodyW, 34 + 8, Anchor::End, kPdfMuted);
    SetColour(cr_, kPdfLine);
    cairo_set_line_width(cr_, 0.6);
    cairo_move_to(cr_, kPdfMargin, 50);
    cairo_line_to(cr_, kPdfMargin + kPdfBodyW, 50);
    cairo_stroke(cr_);
    const double foot = kPdfPageH - 30;
    TextAt(cr_, ctx_, std::string("Breachdrill ") + BREACHDRILL_VERSION + " \u00b7 generated from the exercise journal", 7.5, kPdfMargin, foot,
           Anchor::Start, kPdfMuted);
    const std::string of = total_ > 0 ? std::to_string(total_) : std::to_string(page_);
    TextAt(cr_, ctx_, "page " + std::to_string(page_) + " of " + of, 8, kPdfMargin + kPdfBodyW, foot, Anchor::End, kPdfInk);
}

// A paragraph, split between lines where the page ends; its background (if any) drawn per piece.
void PdfWriter::Para(const std::string& markup, const PdfStyle& s)
{
    auto l = PdfNewLayout(ctx_, markup, s.size, TextWidth(s));
    struct Line {
        PangoLayoutLine* line;
        double top, bottom, baseline;
    };
    std::vector<Line> lines;
    PangoLayoutIter* it = pango_layout_get_iter(l.get());
    do {
        PangoRectangle logical;
        pango_layout_iter_get_line_extents(it, nullptr, &logical);
        lines.push_back({pango_layout_iter_get_line_readonly(it), (double)logical.y / PANGO_SCALE, (double)(logical.y + logical.height) / PANGO_SCALE,
                         (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE});
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
    const double pad = s.background ? 4 : 0, x = kPdfMargin + s.indent + (s.background ? 10 : 0);
    size_t i = 0;
    while (i < lines.size()) {
        const double start = lines[i].top;
        size_t j = i;
        while (j < lines.size() && y_ + 2 * pad + lines[j].bottom - start <= kPdfBodyBottom) ++j;
        // No line alone at the foot of a page (an orphan) nor at the head of the next (a widow).
        if (j < lines.size() && j - i < 2 && y_ > kPdfBodyTop) { NewPage(); continue; }
        if (j < lines.size() && lines.size() - j < 2 && j - i > 2) --j;
        if (j == i) j = i + 1; // a line taller than a page: drawn alone
        const double h = lines[j - 1].bottom - start + 2 * pad;
        if (s.background) {
            SetColour(cr_, s.background);
            cairo_rectangle(cr_, kPdfMargin + s.indent, y_, kPdfBodyW - s.indent, h);
            cairo_fill(cr_);
            SetColour(cr_, s.bar);
            cairo_rectangle(cr_, kPdfMargin + s.indent, y_, 3.5, h);
            cairo_fill(cr_);
        }
        if (s.bullet && i == 0) TextAt(cr_, ctx_, "\u2022", s.size, x - 9, y_ + pad + lines[0].baseline - start, Anchor::Start, s.colour);
        SetColour(cr_, s.colour);
        for (size_t n = i; n < j; ++n) {
            cairo_move_to(cr_, x, y_ + pad + lines[n].baseline - start);
            pango_cairo_show_layout_line(cr_, lines[n].line);
        }
        y_ += h;
        i = j;
        if (i < lines.size()) NewPage();
    }
    Gap(s.after);
}

double PdfWriter::RowHeight(const std::vector<PdfLayoutPtr>& cells) const
{
    double h = 0;
    for (const auto& c : cells) h = std::max(h, PdfHeight(c.get()));
    return h + 2 * kPdfCellPad;
}

void PdfWriter::DrawRow(const std::vector<PdfLayoutPtr>& cells, const std::vector<double>& widths, double h, const char* background)
{
    double x = kPdfMargin;
    cairo_set_line_width(cr_, 0.5);
    for (size_t c = 0; c < cells.size(); ++c) {
        if (background) {
            SetColour(cr_, background);
            cairo_rectangle(cr_, x, y_, widths[c], h);
            cairo_fill(cr_);
        }
        SetColour(cr_, kPdfLine);
        cairo_rectangle(cr_, x, y_, widths[c], h);
        cairo_stroke(cr_);
        SetColour(cr_, kPdfInk);
        cairo_move_to(cr_, x + kPdfCellPad, y_ + kPdfCellPad);
        pango_cairo_show_layout(cr_, cells[c].get());
        x += widths[c];
    }
    y_ += h;
}

// A table: cells are pango markup; a row of one cell spans the table; no rows: one saying "None.".
// It breaks between rows, the header row repeated on each page; the header never ends a page
// without a row below it.
void PdfWriter::Table(const std::vector<PdfColumn>& cols, const std::vector<std::vector<std::string>>& rows, bool header)
{
    double total = 0;
    for (const auto& c : cols) total += c.weight;
    std::vector<double> widths;
    for (const auto& c : cols) widths.push_back(kPdfBodyW * c.weight / total);
    const std::vector<double> whole = {kPdfBodyW};
    auto cells_of = [&](const std::vector<std::string>& row, bool bold) {
        std::vector<PdfLayoutPtr> cells;
        if (row.size() == 1 && cols.size() > 1) { // one cell across the table ("No command was posted.")
            cells.push_back(PdfNewLayout(ctx_, row[0], kPdfSmall, kPdfBodyW - 2 * kPdfCellPad, bold));
            return cells;
        }
        for (size_t c = 0; c < cols.size(); ++c)
            cells.push_back(PdfNewLayout(ctx_, c < row.size() ? row[c] : "", kPdfSmall, widths[c] - 2 * kPdfCellPad, bold, cols[c].right));
        return cells;
    };
    std::vector<std::string> titles;
    for (const auto& c : cols) titles.push_back(PdfEscape(c.header));
    const auto head = cells_of(titles, true);
    const double head_h = header ? RowHeight(head) : 0;
    bool head_drawn = false;
    const std::vector<std::vector<std::string>> none = {{PdfNote("None.")}};
    for (const auto& row : rows.empty() ? none : rows) {
        const auto cells = cells_of(row, false);
        const double h = RowHeight(cells);
        if (y_ + (head_drawn ? 0 : head_h) + h > kPdfBodyBottom && y_ > kPdfBodyTop) {
            NewPage();
            head_drawn = false;
        }
        if (!head_drawn && header) DrawRow(head, widths, head_h, kPdfSoft);
        head_drawn = true;
        DrawRow(cells, cells.size() == 1 && cols.size() > 1 ? whole : widths, h, nullptr);
    }
    Gap(8);
}

// [SECTION] The report's sections

const char* PdfRatingColour(const std::string& r)
{
    if (r == "P") return "#2e7d32";
    if (r == "S") return "#9a7d0a";
    if (r == "M") return "#c25e00";
    if (r == "U") return "#b3261e";
    return kPdfMuted;
}

const char* PdfStatusColour(ComplianceStatus s)
{
    const std::string n = ComplianceStatusName(s);
    if (n == "met") return "#2e7d32";
    if (n == "missed") return "#b3261e";
    if (n == "not_triggered") return kPdfMuted;
    return "#9a7d0a";
}

PdfStyle PdfNoteStyle()
{
    PdfStyle s;
    s.size = kPdfSmall;
    s.colour = kPdfMuted;
    return s;
}

// The title block, and the incomplete-journal alert first when there is one.
void PdfTitle(PdfWriter& w, const Report& r)
{
    const Scorecard& k = r.card;
    w.Heading("After-action report: " + (k.title.empty() ? k.scenario : k.title), 1, 40);
    w.Para(PdfEscape(std::string("After-Action Report / Improvement Plan (HSEEP style), generated from the exercise journal by breachdrill ") +
                     BREACHDRILL_VERSION),
           PdfNoteStyle());
    if (!r.incomplete.empty()) {
        PdfStyle s;
        s.background = "#fdecea";
        s.bar = "#b3261e";
        s.after = 8;
        w.Para("<b>Incomplete journal.</b> " + PdfEscape(r.incomplete), s);
    }
}

// 1. Exercise overview: the run's facts and the participants by role.
void PdfOverview(PdfWriter& w, const Report& r)
{
    const Scorecard& k = r.card;
    w.Heading("1. Exercise overview", 2, 120);
    const std::vector<std::vector<std::string>> facts = {
        {PdfBold("Scenario"), PdfEscape(k.title) + " (<span font_family=\"DejaVu Sans Mono\">" + PdfEscape(k.scenario) + "</span>)"},
        {PdfBold("Date"), PdfEscape(r.date.empty() ? std::string("not recorded") : r.date)},
        {PdfBold("Organisation profile"), PdfEscape(k.org.empty() ? std::string("-") : k.org)},
        {PdfBold("Seed"), k.seed ? std::to_string(*k.seed) : std::string("-")},
        {PdfBold("Estate"), std::to_string(r.hosts) + " hosts"},
        {PdfBold("Exercise time"), PdfEscape(FormatDuration(k.duration_s) + " (" + (k.ended ? DescribeEndReason(k.end_reason) : "no end record") + ")")},
        {PdfBold("State hash"), "<span font_family=\"DejaVu Sans Mono\">" + PdfEscape(k.state_hash.empty() ? std::string("-") : k.state_hash) + "</span>"}};
    w.Table({{"", 1}, {"", 3.2}}, facts, false);
    if (!r.summary_text.empty()) w.Para(PdfEscape(r.summary_text));
    w.Heading("Participants by role", 3, 40);
    std::vector<std::vector<std::string>> rows;
    if (r.participants.empty()) rows.push_back({PdfEscape("No command was posted.")});
    for (const auto& p : r.participants) {
        std::string who;
        for (const auto& i : p.issuers) who += (who.empty() ? "" : ", ") + PlayedBy(i);
        rows.push_back({PdfEscape(TeamLabel(p.team)), PdfEscape(RoleLabel(p.role)), PdfEscape(who), std::to_string(p.commands)});
    }
    w.Table({{"team", 1}, {"role", 1.6}, {"played by", 2}, {"commands", 0.9, true}}, rows);
}

// 2. Executive summary, and the place against simulated teams when there is one.
void PdfSummary(PdfWriter& w, const Report& r)
{
    const Scorecard& k = r.card;
    w.Heading("2. Executive summary", 2, 40);
    PdfStyle box;
    box.background = kPdfSoft;
    box.bar = kPdfAccent;
    box.after = 0;
    for (const auto& s : r.executive_summary) w.Para(PdfEscape(s), box);
    w.Gap(8);
    if (!r.baseline) return;
    w.Heading("Against simulated teams", 3, 60);
    w.Para(PdfEscape(std::to_string(r.baseline->runs) + " autopilot runs of the same scenario, " + r.baseline->org + " profile, seeds 1.." +
                     std::to_string(r.baseline->seeds) + ". \"Beat\" counts the simulated teams that were slower or never got there."),
           PdfNoteStyle());
    std::vector<std::vector<std::string>> rows;
    for (const auto& l : r.baseline->lines) {
        const bool time = l.figure != "total";
        auto fmt = [&](const std::optional<double>& v) {
            if (!v) return std::string("never");
            return time ? FormatDuration((ScoreTime)std::llround(*v)) : FormatMoney(*v, k.impact.currency);
        };
        rows.push_back({PdfEscape(l.figure == "total" ? "Total downtime cost" : FigureLabel(l.figure)), PdfEscape(fmt(l.mine)), PdfEscape(fmt(l.median)),
                        F1(l.beat_percent) + "%", PdfEscape(l.sentence)});
    }
    w.Table({{"figure", 1.5}, {"this team", 1, true}, {"simulated median", 1, true}, {"beat", 0.6, true}, {"in words", 2.4}}, rows);
}

// 3. Objectives and ratings, each with its rule and evidence.
void PdfObjectives(PdfWriter& w, const Report& r)
{
    w.Heading("3. Objectives and ratings", 2, 90);
    w.Para("HSEEP ratings: <b>P</b> performed without challenges, <b>S</b> with some challenges, <b>M</b> with major challenges, <b>U</b> unable "
           "to be performed; <b>-</b> not rated automatically (the facilitator rates it). Each rule is stated under the objective.",
           PdfNoteStyle());
    if (!r.scenario_note.empty()) w.Para("<b>Note:</b> " + PdfEscape(r.scenario_note), PdfNoteStyle());
    std::vector<std::vector<std::string>> rows;
    for (const auto& o : r.objectives) {
        std::string evidence;
        for (const auto& e : o.evidence) evidence += (evidence.empty() ? "\u2022 " : "\n\u2022 ") + PdfEscape(e);
        if (evidence.empty()) evidence = PdfNote("No evidence recorded.");
        rows.push_back({PdfEscape(o.objective) + "\n" + PdfNote(o.rule),
                        "<big>" + PdfColoured(o.rating, PdfRatingColour(o.rating)) + "</big>\n" + PdfNote(RatingLabel(o.rating)), evidence});
    }
    w.Table({{"objective", 2.2}, {"rating", 0.9}, {"evidence from the journal", 2.9}}, rows);
}

void PdfFindings(PdfWriter& w, const char* title, const std::vector<ReportFinding>& findings)
{
    w.Heading(title, 3, 30);
    if (findings.empty()) {
        w.Para(PdfEscape("None found by the rules."), PdfNoteStyle());
        return;
    }
    PdfStyle item;
    item.indent = 12;
    item.bullet = true;
    item.after = 3;
    for (const auto& f : findings)
        w.Para("<b>" + PdfEscape(f.capability) + ":</b> " + PdfEscape(f.text) + " " + PdfNote("(" + f.evidence + " " + f.id + ")"), item);
}

// 4. Strengths and areas for improvement.
void PdfAnalysis(PdfWriter& w, const Report& r)
{
    w.Heading("4. Strengths and areas for improvement", 2, 60);
    PdfFindings(w, "Strengths", r.strengths);
    PdfFindings(w, "Areas for improvement", r.areas);
    w.Gap(4);
}

// 5. Scorecard: every figure with its definition, downtime by service, scoring warnings.
void PdfScorecard(PdfWriter& w, const Report& r)
{
    const Scorecard& k = r.card;
    w.Heading("5. Scorecard", 2, 110);
    w.Para(PdfEscape("Every figure is computed from the journal alone; each is defined beside it. Times are durations (h:mm:ss, or days) with "
                     "the exact seconds."),
           PdfNoteStyle());
    const std::vector<PdfColumn> cols = {{"figure", 1.6}, {"value", 1.1, true}, {"seconds", 0.8, true}, {"definition", 3}};
    for (const auto& [group, figures] : FigureTable(k)) {
        w.Heading(group, 3, 50);
        std::vector<std::vector<std::string>> rows;
        for (const auto& f : figures) rows.push_back({PdfEscape(f.name), PdfEscape(f.value), PdfEscape(f.seconds), PdfEscape(f.definition)});
        w.Table(cols, rows);
    }
    w.Heading("Downtime by service", 3, 40);
    std::vector<std::vector<std::string>> rows;
    for (const auto& s : k.impact.downtime) {
        const double cost = (double)s.total_s() / 3600.0 * s.cost_per_hour;
        rows.push_back({PdfEscape(s.name), PdfEscape(FormatDuration(s.attacker_s)), PdfEscape(FormatDuration(s.defender_s)),
                        PdfEscape(FormatDuration(s.operations_s)), PdfEscape(FormatMoney(cost, k.impact.currency))});
    }
    w.Table({{"service", 2}, {"attacker", 1, true}, {"self-inflicted", 1, true}, {"operations", 1, true}, {"cost", 1.1, true}}, rows);
    if (k.warnings.empty()) return;
    w.Heading("Scoring warnings", 3, 30);
    PdfStyle item;
    item.indent = 12;
    item.bullet = true;
    item.after = 3;
    for (const auto& s : k.warnings) w.Para(PdfEscape(s), item);
}

// 6. Timeline: the chart (with its heading and note on one page), the key moments, the attacker's
// stages and the injects.
void PdfTimeline(PdfWriter& w, const Report& r)
{
    const std::string note = PdfEscape(
        "The attacker's techniques (diamonds; hollow: the attempt failed) against the alerts (filled: caused by the attacker; hollow: false "
        "alarm), each team's actions (hollow: failed; a cross: refused when posted), the injects (hollow: the expected action was missed) and "
        "each service's outages, coloured by cause. Dashed lines: attack start, detection, containment, recovery.");
    const double chart_h = TimelineChart(w.Cairo(), w.Context(), r, kPdfMargin, 0, kPdfBodyW, false);
    const double note_h = w.Measure(note, PdfNoteStyle());
    // The chart and its note on one page: here, or (when less than that is left) at the top of the
    // next page while the key moments fill this one.
    w.Heading("6. Timeline", 2, 60);
    w.Float(note_h + chart_h + 8, [&w, &r, note, note_h](double top) {
        w.Para(note, PdfNoteStyle());
        TimelineChart(w.Cairo(), w.Context(), r, kPdfMargin, top + note_h, kPdfBodyW, true);
    });
    w.Heading("Key moments", 3, 40);
    std::vector<std::vector<std::string>> moments;
    for (const auto& m : r.key_moments) moments.push_back({PdfEscape(When(r.card, m.t)), PdfEscape(m.label)});
    w.Table({{"when", 1.3, true}, {"what happened", 4.7}}, moments);
    w.Heading("Attacker stages and injects", 3, 40);
    std::vector<std::vector<std::string>> stages;
    for (const auto& e : r.events)
        if ((e.lane == "attacker" && e.strong) || e.lane == "injects") stages.push_back({PdfEscape(When(r.card, e.t)), PdfEscape(Lanes(e.lane)), PdfEscape(e.label)});
    w.Table({{"when", 1.3, true}, {"lane", 0.8}, {"event", 3.9}}, stages);
}

// 7. Compliance clocks.
void PdfCompliance(PdfWriter& w, const Report& r)
{
    const Scorecard& k = r.card;
    w.Heading("7. Compliance clocks", 2, 90);
    w.Para(PdfEscape("NIS2: early warning 24 h, notification 72 h, final report 30 days from detection. GDPR Art. 33: notification 72 h from the "
                     "later of detection and the first touch of personal data. Times are on the story clock, with the time since the exercise began."),
           PdfNoteStyle());
    std::vector<std::vector<std::string>> rows;
    if (k.compliance.empty()) rows.push_back({PdfEscape("The exercise tracked no regime.")});
    for (const auto& e : k.compliance)
        rows.push_back({PdfEscape(e.regime == "nis2" ? "NIS2" : e.regime == "gdpr" ? "GDPR" : e.regime), PdfEscape(KindLabel(e.obligation)),
                        PdfEscape(WhenOr(k, e.clock_started_s)), PdfEscape(WhenOr(k, e.deadline_s)), PdfEscape(WhenOr(k, e.done_s)),
                        PdfColoured(ComplianceStatusText(k, e), PdfStatusColour(e.status))});
    w.Table({{"regime", 0.7}, {"obligation", 0.95}, {"clock started", 1.8, true}, {"deadline", 1.8, true}, {"done", 1.8, true}, {"status", 1.25}}, rows);
    // The teams' runbooks (--runbook): "playbook steps done", as on the HTML page (docs/scoring.md, "Runbook steps").
    for (const auto& rb : k.runbooks) {
        w.Heading("Runbook steps: " + TeamLabel(rb.team) + ", " + (rb.name.empty() ? std::string("unnamed runbook") : rb.name), 3, 40);
        w.Para(PdfEscape(RunbookSummaryText(k, rb)), PdfNoteStyle());
        std::vector<std::vector<std::string>> steps;
        for (const auto& s : rb.steps)
            steps.push_back({PdfEscape(std::to_string(s.n)), PdfEscape(s.text), PdfEscape(s.action), PdfEscape(RunbookStepStatusText(k, s))});
        w.Table({{"step", 0.4, true}, {"what the runbook says", 2.6}, {"command", 1.6}, {"done", 1.8, true}}, steps);
    }
}

// 8. Improvement plan, the facilitator's rows that could not be used, and how to check the journal.
void PdfPlan(PdfWriter& w, const Report& r)
{
    const Scorecard& k = r.card;
    w.Heading("8. Improvement plan", 2, 90);
    w.Para(PdfEscape("Prefilled from the areas for improvement (due: 30 days after the exercise); the facilitator edits or adds rows (breachdrill "
                     "report --plan FILE). Rows marked * come from the facilitator."),
           PdfNoteStyle());
    std::vector<std::vector<std::string>> rows;
    if (r.plan.empty()) rows.push_back({PdfEscape("No area for improvement was found by the rules.")});
    for (const auto& p : r.plan)
        rows.push_back({PdfEscape(p.area + (p.facilitator ? " *" : "")), PdfEscape(p.capability), PdfEscape(p.action), PdfEscape(p.owner),
                        p.due.empty() ? PdfNote("to set") : PdfEscape(p.due), PdfEscape(p.status.empty() ? std::string("open") : p.status)});
    w.Table({{"area", 0.9}, {"capability", 1}, {"corrective action", 2.6}, {"owner role", 1.1}, {"due", 0.9, true}, {"status", 0.7}}, rows);
    if (!r.problems.empty()) {
        w.Para(PdfEscape("Plan rows not used:"), PdfNoteStyle());
        PdfStyle item = PdfNoteStyle();
        item.indent = 12;
        item.bullet = true;
        for (const auto& p : r.problems) w.Para(PdfEscape(p), item);
    }
    w.Gap(6);
    w.Para(PdfNote("Breachdrill " + std::string(BREACHDRILL_VERSION) + ". Scenario " + r.scenario_ref + ", seed " + (k.seed ? std::to_string(*k.seed) : "-") +
                   ", " + k.org + ": replay the journal with breachdrill replay JOURNAL to check the state hash."));
}

// [SECTION] The document

cairo_status_t PdfAppend(void* closure, const unsigned char* data, unsigned int length)
{
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

// A font map that knows our three fonts and nothing else, so that the same report is laid out
// the same on every machine (no system font can stand in). nullptr if a file does not load.
PangoFontMap* PdfFontMap(const std::string& dir)
{
    FcConfig* cfg = FcConfigCreate();
    bool ok = cfg != nullptr;
    for (const char* f : {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSansMono.ttf"})
        ok = ok && FcConfigAppFontAddFile(cfg, reinterpret_cast<const FcChar8*>((std::filesystem::path(dir) / f).c_str()));
    PangoFontMap* map = nullptr;
    if (ok) {
        map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
        if (map) pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(map), cfg); // takes its own reference
    }
    if (cfg) FcConfigDestroy(cfg);
    return map;
}

// One pass: the whole document on a PDF surface writing into `bytes`. `total` is the page count
// for the footers (0: not known yet, the first pass).
std::string PdfPass(const Report& r, PangoFontMap* map, int total, std::string& bytes, PdfReport& out)
{
    cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(PdfAppend, &bytes, kPdfPageW, kPdfPageH);
    const Scorecard& k = r.card;
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, ("After-action report: " + (k.title.empty() ? k.scenario : k.title)).c_str());
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_SUBJECT, "After-Action Report / Improvement Plan (HSEEP style)");
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, (std::string("breachdrill ") + BREACHDRILL_VERSION).c_str());
    // The exercise's date, never the clock's, so that the same journal gives the same file. With no
    // date known, none is written ("" keeps cairo from stamping the clock's).
    const std::string date = r.date.empty() ? "" : r.date + "T00:00:00Z";
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, date.c_str());
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, date.c_str());
    cairo_t* cr = cairo_create(surface);
    PangoContext* ctx = pango_font_map_create_context(map);
    cairo_font_options_t* fo = cairo_font_options_create();
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    pango_cairo_context_set_font_options(ctx, fo);
    cairo_font_options_destroy(fo);
    pango_cairo_update_context(cr, ctx);
    {
        PdfWriter w(cr, ctx, r, total);
        PdfTitle(w, r);
        PdfOverview(w, r);
        PdfSummary(w, r);
        PdfObjectives(w, r);
        PdfAnalysis(w, r);
        PdfScorecard(w, r);
        PdfTimeline(w, r);
        PdfCompliance(w, r);
        PdfPlan(w, r);
        w.Finish();
        out.pages = w.Pages();
        out.fill = w.Fill();
    }
    g_object_unref(ctx);
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    const cairo_status_t st = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    return st == CAIRO_STATUS_SUCCESS ? "" : std::string("cairo: ") + cairo_status_to_string(st);
}

} // namespace

} // namespace bd::pdf_parts

namespace bd {

std::string FindReportFonts(const std::string& fonts_dir)
{
    namespace fs = std::filesystem;
    std::vector<fs::path> dirs;
    if (!fonts_dir.empty()) dirs.push_back(fonts_dir);
    else dirs = {fs::path(BD_ASSETS_DIR) / "fonts", fs::path("assets") / "fonts", fs::path("/usr/share/fonts/truetype/dejavu")};
    for (const auto& d : dirs) {
        std::error_code ec;
        if (fs::is_regular_file(d / "DejaVuSans.ttf", ec) && fs::is_regular_file(d / "DejaVuSans-Bold.ttf", ec) &&
            fs::is_regular_file(d / "DejaVuSansMono.ttf", ec))
            return d.string();
    }
    return "";
}

PdfReport ReportPdf(const Report& r, const PdfReportOptions& options)
{
    PdfReport out;
    const std::string dir = FindReportFonts(options.fonts_dir);
    if (dir.empty()) {
        out.error = "the report's fonts (DejaVuSans.ttf, DejaVuSans-Bold.ttf, DejaVuSansMono.ttf) are not in " +
                    (options.fonts_dir.empty() ? std::string(BD_ASSETS_DIR) + "/fonts, ./assets/fonts or /usr/share/fonts/truetype/dejavu (apt-get install fonts-dejavu-core)"
                                               : options.fonts_dir);
        return out;
    }
    PangoFontMap* map = pdf_parts::PdfFontMap(dir);
    if (!map) {
        out.error = dir + ": the report's fonts do not load";
        return out;
    }
    std::string first;
    out.error = pdf_parts::PdfPass(r, map, 0, first, out);
    if (out.ok()) out.error = pdf_parts::PdfPass(r, map, out.pages, out.bytes, out); // the same layout, now with "of N"
    g_object_unref(map);
    if (!out.ok()) out.bytes.clear();
    return out;
}

} // namespace bd
