#pragma once
// The clinician report as a format-independent document: a title block, then a flow of
// headings, paragraphs, callouts and tables built from the render model in the chosen language.
// The PDF writer (cairo + pango) and the HTML writer only lay this out; what the report says,
// and in which order, is decided once, in document.cpp.
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

struct RenderOptions {
    Lang lang = Lang::en;
    std::string report_date;  // YYYY-MM-DD, empty to leave out (--no-timestamp)
    int page1_trials = 3;     // trials listed on page 1
    int page1_resistance = 3; // resistance warnings listed on page 1 (all are in the findings in detail)
};

Document build_document(const Model& m, const LabConfig& lab, const RenderOptions& opt);

// Tier display order and colour family (shared by the writers): "I", "II", "III", "IV", "R".
std::string tier_family(const std::string& badge);

}  // namespace oncomatch::render
