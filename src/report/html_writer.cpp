// HTML renderer: the report document as one self-contained file (inline CSS, no scripts and no
// external resources; the logo is embedded as a data: URI) that prints cleanly on A4: table
// headers repeat on each printed page, rows are not split, sections start where they fit.
#include <fstream>
#include <iterator>

#include "oncomatch/error.hpp"
#include "oncomatch/report/render.hpp"

#include "oncomatch/util/strings.hpp"

namespace oncomatch::render {

namespace {

std::string esc(const std::string& s) { return html_escape(s); }

std::string base64(const std::string& in) {
    static const char* t = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    std::size_t i = 0;
    for (; i + 2 < in.size(); i += 3) {
        const unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8) | static_cast<unsigned char>(in[i + 2]);
        out += {t[(v >> 18) & 63], t[(v >> 12) & 63], t[(v >> 6) & 63], t[v & 63]};
    }
    if (i + 1 == in.size()) {
        const unsigned v = static_cast<unsigned char>(in[i]) << 16;
        out += {t[(v >> 18) & 63], t[(v >> 12) & 63], '=', '='};
    } else if (i + 2 == in.size()) {
        const unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8);
        out += {t[(v >> 18) & 63], t[(v >> 12) & 63], t[(v >> 6) & 63], '='};
    }
    return out;
}

std::string span(const Span& s) {
    const std::string t = esc(s.text);
    switch (s.style) {
        case Span::bold: return "<b>" + t + "</b>";
        case Span::muted: return "<span class=\"mu\">" + t + "</span>";
        case Span::mono: return "<code>" + t + "</code>";
        case Span::warn: return "<span class=\"warn\">" + t + "</span>";
        case Span::small: return "<span class=\"sm\">" + t + "</span>";
        case Span::normal: break;
    }
    return t;
}

std::string rich(const Rich& r) {
    std::string o;
    for (const auto& s : r) o += span(s);
    return o;
}

std::string badge(const std::string& b) {
    const std::string fam = tier_family(b);
    return "<span class=\"badge t" + (fam.empty() ? std::string("x") : fam) + "\">" + esc(b) + "</span>";
}

const char* kCss = R"CSS(
@page { size: A4; margin: 16mm 15mm 18mm 15mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans", "Noto Sans CJK SC", "WenQuanYi Micro Hei", "Helvetica Neue", Arial, sans-serif; color: #1f2933; font-size: 10pt; line-height: 1.4; margin: 0 auto; max-width: 190mm; padding: 12px; }
header.lab { display: flex; justify-content: space-between; align-items: flex-start; border-bottom: 2px solid #1e3a5f; padding-bottom: 8px; }
header.lab .name { font-weight: 700; color: #1e3a5f; font-size: 13pt; }
header.lab .addr { color: #64748b; font-size: 8pt; white-space: pre-line; }
header.lab img { max-height: 52px; max-width: 180px; }
h1 { color: #1e3a5f; font-size: 18pt; margin: 10px 0 0; }
.subtitle { color: #64748b; font-size: 9pt; margin-bottom: 10px; }
h2 { color: #1e3a5f; font-size: 12.5pt; border-bottom: 1px solid #d5dde6; padding-bottom: 2px; margin: 18px 0 6px; break-after: avoid; }
h3 { font-size: 10.5pt; margin: 14px 0 4px; break-after: avoid; }
p { margin: 4px 0 6px; }
table { width: 100%; border-collapse: collapse; margin: 4px 0 10px; font-size: 9pt; }
thead { display: table-header-group; }
th { background: #e8eef5; color: #1e3a5f; text-align: left; font-size: 8pt; padding: 4px 5px; }
td { padding: 4px 5px; vertical-align: top; border-bottom: 1px solid #e5eaf0; overflow-wrap: anywhere; }
td p { margin: 0 0 1px; }
tr { break-inside: avoid; }
tr.warn td { background: #fff4e8; }
table.box { background: #f6f8fb; border-radius: 4px; }
table.box td, table.grid td { border-bottom: none; padding: 2px 6px; }
.callout { padding: 7px 10px; border-left: 3px solid #64748b; background: #f3f5f8; border-radius: 3px; margin: 4px 0 10px; break-inside: avoid; }
.callout.warn { border-left-color: #c2410c; background: #fff4e8; }
.callout p { margin: 1px 0; }
.mu { color: #64748b; }
.sm { color: #475467; font-size: 88%; }
.warn { color: #b54708; }
code { font-family: "DejaVu Sans Mono", "Noto Sans Mono CJK SC", monospace; font-size: 90%; }
.badge { display: inline-block; min-width: 26px; text-align: center; color: #fff; font-weight: 700; font-size: 8pt; border-radius: 8px; padding: 1px 6px; }
.tI { background: #b42318; } .tII { background: #c4660a; } .tIII { background: #4b6a8f; } .tIV { background: #98a2b3; } .tR { background: #6941c6; } .tx { background: #b0b8c4; }
.pagebreak { break-before: page; }
.signoff { display: flex; flex-wrap: wrap; gap: 24px; margin: 8px 0; break-inside: avoid; }
.sig { width: 45%; } .sig .line { border-bottom: 1px solid #1f2933; height: 28px; } .sig .date { border-bottom: 1px solid #1f2933; height: 22px; width: 50%; }
.disclaimer { color: #64748b; font-size: 8pt; background: #f3f5f8; padding: 6px 8px; border-radius: 3px; }
footer { color: #64748b; font-size: 8pt; border-top: 1px solid #d5dde6; margin-top: 16px; padding-top: 4px; }
@media print { body { padding: 0; max-width: none; } }
)CSS";

void cell_html(std::ostream& o, const Cell& c) {
    if (!c.badge.empty()) o << badge(c.badge);
    for (const auto& p : c.paras) o << "<p>" << rich(p) << "</p>";
}

}  // namespace

void write_html(std::ostream& o, const Document& d) {
    o << "<!DOCTYPE html>\n<html lang=\"" << (d.lang == Lang::zh ? "zh-CN" : "en") << "\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" << esc(d.title + " · " + d.sample_id) << "</title>\n<style>"
      << kCss << "</style>\n</head>\n<body>\n<header class=\"lab\"><div><div class=\"name\">" << esc(d.lab_name) << "</div><div class=\"addr\">";
    std::string addr;
    for (const auto& a : d.lab_address) addr += (addr.empty() ? "" : "\n") + a;
    if (!d.accreditation.empty()) addr += (addr.empty() ? "" : "\n") + d.accreditation;
    o << esc(addr) << "</div></div>";
    if (!d.logo_path.empty()) {
        std::ifstream in(d.logo_path, std::ios::binary);
        if (!in) throw InputError(d.logo_path, "cannot read the logo");
        std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        o << "<img alt=\"logo\" src=\"data:image/png;base64," << base64(bytes) << "\">";
    }
    o << "</header>\n<h1>" << esc(d.title) << "</h1>\n<div class=\"subtitle\">" << esc(d.subtitle) << "</div>\n";
    for (const auto& b : d.blocks) {
        switch (b.kind) {
            case Block::heading: o << "<h2>" << rich(b.text) << "</h2>\n"; break;
            case Block::subheading: o << "<h3>" << (b.badge.empty() ? "" : badge(b.badge) + " ") << rich(b.text) << "</h3>\n"; break;
            case Block::paragraph:
                if (!b.text.empty()) o << "<p>" << rich(b.text) << "</p>\n";
                break;
            case Block::callout:
                o << "<div class=\"callout" << (b.tone == "warn" ? " warn" : "") << "\">";
                for (const auto& l : b.lines) o << "<p>" << rich(l) << "</p>";
                o << "</div>\n";
                break;
            case Block::tabular: {
                const auto& t = b.table;
                o << "<table class=\"" << (t.boxed ? "box" : (t.header.empty() ? "grid" : "")) << "\">";
                double total = 0;
                for (double w : t.widths) total += w;
                o << "<colgroup>";
                for (double w : t.widths) o << "<col style=\"width:" << static_cast<int>(100 * w / total + 0.5) << "%\">";
                o << "</colgroup>";
                if (!t.header.empty()) {
                    o << "<thead><tr>";
                    for (const auto& h : t.header) o << "<th>" << esc(h) << "</th>";
                    o << "</tr></thead>";
                }
                o << "<tbody>\n";
                for (std::size_t r = 0; r < t.rows.size(); ++r) {
                    o << (r < t.row_tone.size() && t.row_tone[r] == "warn" ? "<tr class=\"warn\">" : "<tr>");
                    for (const auto& c : t.rows[r]) {
                        o << "<td>";
                        cell_html(o, c);
                        o << "</td>";
                    }
                    o << "</tr>\n";
                }
                o << "</tbody></table>\n";
                break;
            }
            case Block::page_break: o << "<div class=\"pagebreak\"></div>\n"; break;
            case Block::signoff: {
                o << "<h2>" << rich(b.text) << "</h2>\n<div class=\"signoff\">";
                std::vector<Signatory> sigs = d.signatories;
                if (sigs.empty()) sigs.push_back({"", ""});
                for (const auto& s : sigs) {
                    o << "<div class=\"sig\"><div class=\"mu sm\">" << esc(d.signed_by_label) << "</div><div class=\"line\"></div><div>"
                      << (s.name.empty() ? esc(d.signature_label) : "<b>" + esc(s.name) + "</b>") << "</div>";
                    if (!s.role.empty()) o << "<div class=\"mu\">" << esc(s.role) << "</div>";
                    o << "<div class=\"date\"></div><div class=\"mu sm\">" << esc(d.date_label) << "</div></div>";
                }
                o << "</div>\n<div class=\"disclaimer\">" << esc(d.disclaimer) << "</div>\n";
                break;
            }
        }
    }
    o << "<footer>" << esc(d.sample_id) << (d.report_date.empty() ? "" : " · " + esc(d.report_date)) << " · oncomatch</footer>\n</body>\n</html>\n";
}

}  // namespace oncomatch::render
