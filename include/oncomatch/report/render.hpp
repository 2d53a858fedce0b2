#pragma once
// Report renderers: the clinician report document (document.hpp) as PDF (cairo + pango, A4) or as
// one self-contained, printable HTML file (inline CSS, no scripts, no external resources).
#include <ostream>

#include "oncomatch/report/document.hpp"

namespace oncomatch::render {

// Checks that the fonts the PDF needs resolve to real fonts (pango silently substitutes another
// family otherwise); throws InputError naming the Debian package to install.
void check_pdf_fonts();

void write_pdf(std::ostream& out, const Document& doc);
void write_html(std::ostream& out, const Document& doc);

}  // namespace oncomatch::render
