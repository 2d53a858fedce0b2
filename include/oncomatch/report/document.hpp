#pragma once
// The clinician report as a format-independent document: a title block, then a flow of
// headings, paragraphs, callouts and tables built from the render model in the chosen language.
// The PDF writer (cairo + pango) and the HTML writer only lay this out; what the report says,
// and in which order, is decided once, in document.cpp.
#include <cstddef>
#include <string>
#include <vector>

#include "oncomatch/report/i18n.hpp"
#include "oncomatch/report/lab_config.hpp"
#include "oncomatch/report/render_model.hpp"

namespace oncomatch::render {

struct Span {
    enum Style { normal, bold, muted, mono, warn, small };
    std::string text;
    Style style = normal;
};
using Rich = std::vector<Span>;  // one paragraph of styled runs

struct Cell {
    std::string badge;       // a tier ("IA", "IIC", "III", "R" for resistance): drawn as a coloured pill
    std::vector<Rich> paras;
};

struct Table {
    std::vector<double> widths;  // relative column widths
    std::vector<std::string> header;  // empty: a borderless key/value grid
    std::vector<std::vector<Cell>> rows;
    std::vector<std::string> row_tone;  // per row: "" or "warn" (tinted)
    bool boxed = false;                 // key/value grid drawn in a light box
};

struct Block {
    enum Kind { heading, subheading, paragraph, callout, tabular, page_break, signoff };
    Kind kind = paragraph;
    Rich text;                // heading/subheading/paragraph text
    std::string badge;        // subheading: optional tier pill before the text
    std::string tone;         // callout: "warn" | "info" | "ok"
    std::vector<Rich> lines;  // callout lines
    Table table;
    bool page1 = false;       // part of the answer: the PDF must keep it on page 1 (see Page1Budget)
};

struct Document {
    Lang lang = Lang::en;
    std::string title, subtitle;
    // Header (lab block) and footer.
    std::string lab_name, accreditation, logo_path;
    std::vector<std::string> lab_address;
    std::string sample_id, report_date;  // report_date empty with --no-timestamp
    std::string page_pattern;            // "page {} of {}" in the report language
    std::vector<Signatory> signatories;
    std::string signature_label, date_label, signed_by_label, disclaimer;
    std::vector<Block> blocks;
};

// How much of each list page 1 shows; the rest is counted ("and N more: see ...") and listed in
// full in the sections that follow. Page 1 must hold every summary (actionable findings, resistance,
// trials, not assessed); the PDF writer checks that it does and, when it does not, the report is
// rebuilt with the next, tighter level (page1_budget(level + 1)) until it fits.
struct Page1Budget {
    std::size_t alterations = 6;       // rows of the actionable table
    std::size_t therapies = 3;         // therapies per alteration
    std::size_t resistance = 3;        // resistance warnings
    std::size_t trials = 3;            // trials listed
    std::size_t trial_title_bytes = 120;  // trial titles cut at a word boundary
    std::size_t na_reasons = 6;        // not-assessed lines (one per reason)
    std::size_t na_names_bytes = 160;  // target names per reason, cut to about this many bytes (0: the count only)
    bool tier_legend = true;           // the tiers shown explained under the table (always in "Tiers and evidence levels")
    bool secondary_lines = true;       // "Tested: ...", the resistance introduction and the report date /
                                       // software row (each said again later: gene list, footer, methods)
};
constexpr int kPage1Levels = 6;  // level 0 (default) .. kPage1Levels - 1 (tightest)
Page1Budget page1_budget(int level);

struct RenderOptions {
    Lang lang = Lang::en;
    std::string report_date;  // YYYY-MM-DD, empty to leave out (--no-timestamp)
    Page1Budget page1;        // page1_budget(0) unless the PDF needs a tighter one
};

Document build_document(const Model& m, const LabConfig& lab, const RenderOptions& opt);

// Tier display order and colour family (shared by the writers): "I", "II", "III", "IV", "R".
std::string tier_family(const std::string& badge);

}  // namespace oncomatch::render
