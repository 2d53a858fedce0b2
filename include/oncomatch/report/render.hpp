#pragma once
// Report renderers: the clinician report document (document.hpp) as PDF (cairo + pango, A4) or as
// one self-contained, printable HTML file (inline CSS, no scripts, no external resources).
#include <ostream>

#include "oncomatch/report/document.hpp"

namespace oncomatch::render {

// Checks that the fonts the PDF needs resolve to real fonts (pango silently substitutes another
// family otherwise); throws InputError naming the Debian package to install.
void check_pdf_fonts();

// Writes the PDF and returns true. With must_fit_page1, returns false and writes nothing when a
// block of the answer (Block::page1) would not fit on page 1.
bool write_pdf(std::ostream& out, const Document& doc, bool must_fit_page1 = false);
void write_html(std::ostream& out, const Document& doc);

}  // namespace oncomatch::render
