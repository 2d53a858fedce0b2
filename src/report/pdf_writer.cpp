// PDF renderer: lays out the report document on A4 pages with cairo + pango. A small layout
// engine: paragraphs and callouts wrap to the column width, tables wrap every cell and repeat
// their header row on each page they continue on, headings are kept with what follows. Layout
// records drawing operations per page; the pages are drawn afterwards, once the page count is
// known, so every footer can say "page X of Y" (two passes without laying out twice).
// Fonts come from fontconfig (Noto Sans for Latin text, WenQuanYi Micro Hei for Chinese, DejaVu Sans
// Mono for identifiers) and are checked before any work. The Chinese face is a TrueType (glyf) font
// on purpose: cairo embeds a subset of a TrueType font by reading only the glyphs used, whereas for
// a CFF-flavoured font such as Noto Sans CJK it copies the whole 16 MB CFF table twice per face
// (once when the page is emitted, once when the subset is written): measured with perf, that was
// ~0.2 s of page faults and memcpy per Chinese report, half its rendering time.
#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <unordered_map>
#include <memory>
#include <mutex>

#include "oncomatch/error.hpp"
#include "oncomatch/report/render.hpp"

namespace oncomatch::render {

namespace {

// Geometry (points; A4). Nothing is drawn within kSafe of the paper edge.
constexpr double kPageW = 595.276, kPageH = 841.89;
constexpr double kLeft = 48, kRight = 48, kTop = 40, kBottom = 58;
constexpr double kContentW = kPageW - kLeft - kRight;
constexpr double kFooterY = kPageH - 46;

constexpr const char* kSans = "Noto Sans, WenQuanYi Micro Hei";
constexpr const char* kMono = "DejaVu Sans Mono";

struct Rgb {
    double r, g, b;
};
constexpr Rgb hex(unsigned v) { return {((v >> 16) & 0xff) / 255.0, ((v >> 8) & 0xff) / 255.0, (v & 0xff) / 255.0}; }

// Palette: restrained navy/grey, colour only where it carries meaning (tiers, warnings).
constexpr Rgb kInk = hex(0x1f2933), kNavy = hex(0x1e3a5f), kMuted = hex(0x64748b), kRule = hex(0xd5dde6),
              kHeaderBg = hex(0xe8eef5), kBoxBg = hex(0xf6f8fb), kWarnBg = hex(0xfff4e8), kWarnBar = hex(0xc2410c),
              kInfoBar = hex(0x64748b), kInfoBg = hex(0xf3f5f8);

Rgb badge_colour(const std::string& badge) {
    const std::string f = tier_family(badge);
    if (f == "I") return hex(0xb42318);
    if (f == "II") return hex(0xc4660a);
    if (f == "III") return hex(0x4b6a8f);
    if (f == "IV") return hex(0x98a2b3);
    if (f == "R") return hex(0x6941c6);
    return hex(0xb0b8c4);
}

std::string esc(const std::string& s) {
    std::unique_ptr<char, decltype(&g_free)> e(g_markup_escape_text(s.c_str(), static_cast<gssize>(s.size())), &g_free);
    return e.get();
}

std::string span_markup(const Span& s) {
    const std::string t = esc(s.text);
    switch (s.style) {
        case Span::bold: return "<b>" + t + "</b>";
        case Span::muted: return "<span foreground=\"#64748b\">" + t + "</span>";
        case Span::mono: return std::string("<span font_family=\"") + kMono + "\" size=\"92%\">" + t + "</span>";
        case Span::warn: return "<span foreground=\"#b54708\">" + t + "</span>";
        case Span::small: return "<span size=\"88%\" foreground=\"#475467\">" + t + "</span>";
        case Span::normal: break;
    }
    return t;
}

std::string rich_markup(const Rich& r) {
    std::string m;
    for (const auto& s : r) m += span_markup(s);
    return m;
}

using LayoutPtr = std::shared_ptr<PangoLayout>;

struct Op {
    enum Kind { text, rect, rrect, line, image };
    Kind kind = text;
    double x = 0, y = 0, w = 0, h = 0;
    Rgb colour{0, 0, 0};
    LayoutPtr layout;
    double radius = 0;
    std::shared_ptr<cairo_surface_t> img;
};

class Layouter {
public:
    Layouter(const Document& doc, PangoContext* ctx) : doc_(doc), ctx_(ctx) {}

    // Lays out every block. With must_fit_page1, stops (returns false) as soon as a block of the
    // answer (Block::page1) ends beyond page 1: the caller rebuilds with a tighter page-1 budget.
    bool run(bool must_fit_page1) {
        new_page();
        for (std::size_t i = 0; i < doc_.blocks.size(); ++i) {
            const Block& b = doc_.blocks[i];
            if (i > 0 && doc_.blocks[i - 1].page1 && pages_.size() > 1 && must_fit_page1) return false;
            switch (b.kind) {
                case Block::heading:
                    heading(b, i + 1 < doc_.blocks.size() ? &doc_.blocks[i + 1] : nullptr, i + 2 < doc_.blocks.size() ? &doc_.blocks[i + 2] : nullptr);
                    break;
                case Block::subheading: subheading(b); break;
                case Block::paragraph: paragraph(b.text); break;
                case Block::callout: callout(b); break;
                case Block::tabular: table(b.table); break;
                case Block::page_break:  // details start on a fresh page unless this one is mostly empty
                    if (y_ > kTop + 0.4 * (kPageH - kTop - kBottom)) new_page();
                    else y_ += 10;
                    break;
                case Block::signoff: signoff(b); break;
            }
        }
        return !(must_fit_page1 && !doc_.blocks.empty() && doc_.blocks.back().page1 && pages_.size() > 1);
    }

    const std::vector<std::vector<Op>>& pages() const { return pages_; }

    // Footer texts are laid out per page after the page count is known.
    // Layouts are immutable once made, so the same text at the same width and size (column
    // labels, "on label", levels, agencies, a paragraph measured before it is placed) is shaped once.
    LayoutPtr make(const std::string& markup, double width, double size, bool bold = false, PangoAlignment align = PANGO_ALIGN_LEFT) const {
        std::string key = markup;
        key += '\x1f';
        key += std::to_string(static_cast<int>(width * 64)) + ',' + std::to_string(static_cast<int>(size * 64)) + ',' + (bold ? 'b' : 'n') + ',' +
               std::to_string(static_cast<int>(align));
        auto [it, fresh] = made_.try_emplace(std::move(key));
        if (fresh) it->second = shape(markup, width, size, bold, align);
        return it->second;
    }
    LayoutPtr shape(const std::string& markup, double width, double size, bool bold, PangoAlignment align) const {
        LayoutPtr l(pango_layout_new(ctx_), &g_object_unref);
        PangoFontDescription* fd = pango_font_description_from_string(kSans);
        pango_font_description_set_size(fd, static_cast<gint>(size * PANGO_SCALE));
        if (bold) pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
        pango_layout_set_font_description(l.get(), fd);
        pango_font_description_free(fd);
        pango_layout_set_width(l.get(), static_cast<int>(width * PANGO_SCALE));
        pango_layout_set_wrap(l.get(), PANGO_WRAP_WORD_CHAR);
        pango_layout_set_alignment(l.get(), align);
        pango_layout_set_markup(l.get(), markup.c_str(), -1);
        return l;
    }
    static double height(const LayoutPtr& l) {
        int w = 0, h = 0;
        pango_layout_get_size(l.get(), &w, &h);
        return static_cast<double>(h) / PANGO_SCALE;
    }
    static double width(const LayoutPtr& l) {  // logical width only: ink extents would load every glyph's outline
        int w = 0, h = 0;
        pango_layout_get_size(l.get(), &w, &h);
        return static_cast<double>(w) / PANGO_SCALE;
    }

private:
    const Document& doc_;
    PangoContext* ctx_;
    std::vector<std::vector<Op>> pages_;
    double y_ = 0;
    double logo_h_ = 0;
    mutable std::unordered_map<std::string, LayoutPtr> made_;

    double bottom() const { return kPageH - kBottom; }
    double room() const { return bottom() - y_; }
    std::vector<Op>& page() { return pages_.back(); }

    void text_at(const LayoutPtr& l, double x, double y, Rgb c = kInk) {
        Op o;
        o.kind = Op::text;
        o.x = x;
        o.y = y;
        o.layout = l;
        o.colour = c;
        page().push_back(o);
    }
    void rect(double x, double y, double w, double h, Rgb c, double radius = 0) {
        Op o;
        o.kind = radius > 0 ? Op::rrect : Op::rect;
        o.x = x;
        o.y = y;
        o.w = w;
        o.h = h;
        o.colour = c;
        o.radius = radius;
        page().push_back(o);
    }
    void hline(double x, double y, double w, Rgb c, double thick = 0.5) {
        Op o;
        o.kind = Op::line;
        o.x = x;
        o.y = y;
        o.w = w;
        o.h = thick;
        o.colour = c;
        page().push_back(o);
    }

    void new_page() {
        pages_.emplace_back();
        y_ = kTop;
        if (pages_.size() == 1) first_header();
        else running_header();
    }

    void first_header() {
        double logo_w = 0;
        if (!doc_.logo_path.empty()) {
            std::shared_ptr<cairo_surface_t> img(cairo_image_surface_create_from_png(doc_.logo_path.c_str()), &cairo_surface_destroy);
            if (cairo_surface_status(img.get()) != CAIRO_STATUS_SUCCESS)
                throw InputError(doc_.logo_path, "the logo cannot be read as PNG", "convert the logo to an 8-bit PNG");
            const double iw = cairo_image_surface_get_width(img.get()), ih = cairo_image_surface_get_height(img.get());
            const double scale = std::min({44.0 / ih, 150.0 / iw, 1.0});
            Op o;
        o.kind = Op::image;
            o.w = iw * scale;
            o.h = ih * scale;
            o.x = kLeft + kContentW - o.w;
            o.y = y_;
            o.img = img;
            page().push_back(o);
            logo_w = o.w + 12;
            logo_h_ = o.h;
        }
        const double lw = kContentW - logo_w;
        auto name = make("<b>" + esc(doc_.lab_name) + "</b>", lw, 13);
        text_at(name, kLeft, y_, kNavy);
        double y = y_ + height(name);
        std::string sub;
        for (const auto& a : doc_.lab_address) sub += (sub.empty() ? "" : "\n") + esc(a);
        if (!doc_.accreditation.empty()) sub += (sub.empty() ? "" : "\n") + esc(doc_.accreditation);
        if (!sub.empty()) {
            auto l = make(sub, lw, 8.5);
            text_at(l, kLeft, y + 1, kMuted);
            y += height(l) + 1;
        }
        y_ = std::max(y, y_ + (doc_.logo_path.empty() ? 0.0 : logo_h_)) + 8;
        hline(kLeft, y_, kContentW, kNavy, 1.6);
        y_ += 8;
        auto title = make("<b>" + esc(doc_.title) + "</b>", kContentW, 17);
        text_at(title, kLeft, y_, kNavy);
        y_ += height(title);
        auto subt = make(esc(doc_.subtitle), kContentW, 9.5);
        text_at(subt, kLeft, y_, kMuted);
        y_ += height(subt) + 10;
    }

    void running_header() {
        auto l = make("<b>" + esc(doc_.lab_name) + "</b>", kContentW * 0.4, 8.5);
        text_at(l, kLeft, y_, kNavy);
        auto r = make(esc(doc_.title) + "  ·  " + esc(doc_.sample_id), kContentW * 0.6, 8.5, false, PANGO_ALIGN_RIGHT);
        text_at(r, kLeft + kContentW * 0.4, y_, kMuted);
        y_ += std::max(height(l), height(r)) + 4;
        hline(kLeft, y_, kContentW, kRule, 0.6);
        y_ += 12;
    }

    void ensure(double h) {
        if (h > room() && y_ > kTop + 60) new_page();
    }

    // Space the block after a heading needs on the same page (keep-with-next).
    double lead_height(const Block* next, const Block* after) {
        if (!next) return 20;
        switch (next->kind) {
            case Block::callout: return callout_height(*next);
            case Block::paragraph:  // an introduction: keep it with the first row of its table
                return std::min(height(make(rich_markup(next->text), kContentW, 9.5)), 40.0) +
                       (after && (after->kind == Block::tabular || after->kind == Block::callout) ? 60 : 0);
            case Block::subheading: return 110;
            default: return 60;
        }
    }

    void heading(const Block& b, const Block* next = nullptr, const Block* after = nullptr) {
        auto l = make(rich_markup(b.text), kContentW, 13, true);
        const double h = height(l);
        if (y_ > kTop + 70) y_ += 5;
        ensure(h + 10 + lead_height(next, after));  // keep with what follows
        text_at(l, kLeft, y_, kNavy);
        y_ += h + 2;
        hline(kLeft, y_, kContentW, kRule, 0.8);
        y_ += 6;
    }

    double pill(const std::string& badge, double x, double y) {
        // One layout per distinct badge text (a long report draws hundreds of pills), centred by offset.
        const LayoutPtr l = make("<b>" + esc(badge) + "</b>", 60, 8.5);
        const double tw = width(l), th = height(l);
        const double w = std::max(tw + 9, 22.0), h = th + 3;
        rect(x, y, w, h, badge_colour(badge), h / 2);
        text_at(l, x + (w - tw) / 2, y + 1.5, {1, 1, 1});
        return h;
    }

    void subheading(const Block& b) {
        const double badge_w = b.badge.empty() ? 0 : 30;
        auto l = make(rich_markup(b.text), kContentW - badge_w, 10.5);
        const double h = height(l);
        y_ += 6;
        ensure(h + 150);  // keep with the variant box and the first evidence row
        if (!b.badge.empty()) pill(b.badge, kLeft, y_ + 0.5);
        text_at(l, kLeft + badge_w, y_);
        y_ += h + 4;
    }

    void paragraph(const Rich& r) {
        if (r.empty()) return;
        auto l = make(rich_markup(r), kContentW, 9.5);
        // Paragraphs longer than the room left are split at line boundaries.
        const double h = height(l);
        if (h <= room()) {
            text_at(l, kLeft, y_);
            y_ += h + 5;
            return;
        }
        PangoLayoutIter* it = pango_layout_get_iter(l.get());
        double page_top_in_layout = 0;
        double drawn_y = y_;
        do {
            int y0, y1;
            pango_layout_iter_get_line_yrange(it, &y0, &y1);
            const double ly1 = static_cast<double>(y1) / PANGO_SCALE;
            if (drawn_y + (ly1 - page_top_in_layout) > bottom()) {
                // Draw what fits so far with a clip band, then continue on a new page.
                clip_text(l, kLeft, drawn_y, page_top_in_layout, static_cast<double>(y0) / PANGO_SCALE);
                new_page();
                page_top_in_layout = static_cast<double>(y0) / PANGO_SCALE;
                drawn_y = y_;
            }
        } while (pango_layout_iter_next_line(it));
        pango_layout_iter_free(it);
        clip_text(l, kLeft, drawn_y, page_top_in_layout, h);
        y_ = drawn_y + (h - page_top_in_layout) + 5;
    }
    // Part [from, to) of a layout's height, drawn at y (a clipped text op).
    void clip_text(const LayoutPtr& l, double x, double y, double from, double to) {
        Op o;
        o.kind = Op::text;
        o.x = x;
        o.y = y - from;
        o.layout = l;
        o.colour = kInk;
        o.w = from;  // clip band in layout coordinates
        o.h = to;
        o.radius = -1;  // marks a clipped text op
        page().push_back(o);
    }

    double callout_height(const Block& b) {
        double h = 0;
        for (const auto& r : b.lines) h += height(make(rich_markup(r), kContentW - 2 * 7 - 3, 9.5)) + 2;
        return h + 2 * 7 - 2;
    }

    void callout(const Block& b) {
        const double pad = 7, bar = 3;
        std::vector<LayoutPtr> ls;
        double h = 0;
        for (const auto& r : b.lines) {
            ls.push_back(make(rich_markup(r), kContentW - 2 * pad - bar, 9.5));
            h += height(ls.back()) + 2;
        }
        h += 2 * pad - 2;
        ensure(h);
        const bool warn = b.tone == "warn";
        rect(kLeft, y_, kContentW, h, warn ? kWarnBg : kInfoBg, 3);
        rect(kLeft, y_, bar, h, warn ? kWarnBar : kInfoBar);
        double y = y_ + pad;
        for (const auto& l : ls) {
            text_at(l, kLeft + bar + pad, y);
            y += height(l) + 2;
        }
        y_ += h + 7;
    }

    struct LaidCell {
        std::vector<LayoutPtr> paras;
        std::string badge;
        double h = 0;
    };

    LaidCell lay_cell(const Cell& c, double w, double size) {
        LaidCell lc;
        lc.badge = c.badge;
        if (!c.badge.empty()) lc.h += 16;
        for (const auto& p : c.paras) {
            lc.paras.push_back(make(rich_markup(p), w, size));
            lc.h += height(lc.paras.back()) + 1;
        }
        return lc;
    }

    void draw_cell(const LaidCell& lc, double x, double y) {
        if (!lc.badge.empty()) {
            pill(lc.badge, x, y);
            y += 16;
        }
        for (const auto& l : lc.paras) {
            text_at(l, x, y);
            y += height(l) + 1;
        }
    }

    void table(const Table& t) {
        const double padx = 4.5, pady = t.header.empty() ? 2.5 : 4;
        const double inset = t.boxed ? 6 : 0;
        const double tw = kContentW - 2 * inset;
        double total = 0;
        for (double w : t.widths) total += w;
        std::vector<double> xs, ws;
        double x = kLeft + inset;
        for (double w : t.widths) {
            xs.push_back(x);
            ws.push_back(tw * w / total);
            x += ws.back();
        }
        const double size = 9;
        auto lay_row = [&](const std::vector<Cell>& row, std::vector<LaidCell>& out) {
            double h = 0;
            out.clear();
            for (std::size_t i = 0; i < row.size() && i < ws.size(); ++i) {
                out.push_back(lay_cell(row[i], ws[i] - 2 * padx, size));
                h = std::max(h, out.back().h);
            }
            return h + 2 * pady;
        };
        std::vector<LayoutPtr> head;
        double head_h = 0;
        for (std::size_t i = 0; i < t.header.size(); ++i) {
            head.push_back(make("<b>" + esc(t.header[i]) + "</b>", ws[i] - 2 * padx, 8));
            head_h = std::max(head_h, height(head.back()));
        }
        if (!head.empty()) head_h += 2 * 3.5;
        auto draw_header = [&]() {
            if (head.empty()) return;
            rect(kLeft, y_, kContentW, head_h, kHeaderBg);
            for (std::size_t i = 0; i < head.size(); ++i) text_at(head[i], xs[i] + padx, y_ + 3.5, kNavy);
            y_ += head_h;
        };
        // Lay out all rows first (heights decide page breaks; boxed grids are kept together).
        std::vector<std::vector<LaidCell>> rows(t.rows.size());
        std::vector<double> hs;
        double sum = 0;
        for (std::size_t r = 0; r < t.rows.size(); ++r) {
            hs.push_back(lay_row(t.rows[r], rows[r]));
            sum += hs.back();
        }
        const double first = hs.empty() ? 0 : hs.front();
        ensure(head_h + (t.boxed ? sum + 2 * inset : std::min(first, 120.0)));
        // What a fresh page holds below the running header and the repeated table header.
        const double fresh = (kPageH - kBottom) - (kTop + 28) - head_h - 2 * inset;
        double box_top = y_;
        if (t.boxed) y_ += inset;
        draw_header();
        for (std::size_t r = 0; r < rows.size(); ++r) {
            if (hs[r] > room() && (hs[r] <= fresh || room() < 80)) {
                if (t.boxed) box(box_top, y_ + inset);
                new_page();
                box_top = y_;
                if (t.boxed) y_ += inset;
                draw_header();
            }
            const bool warn = r < t.row_tone.size() && t.row_tone[r] == "warn";
            if (hs[r] > room()) {
                // Taller than a whole page: the row continues on the next page(s), paragraph by
                // paragraph, with the header repeated, so nothing is drawn below the margin.
                split_row(rows[r], xs, padx, pady, warn, [&] {
                    new_page();
                    draw_header();
                });
            } else {
                if (warn) rect(kLeft, y_, kContentW, hs[r], kWarnBg);
                for (std::size_t i = 0; i < rows[r].size(); ++i) draw_cell(rows[r][i], xs[i] + padx, y_ + pady);
                y_ += hs[r];
            }
            if (!t.boxed && !t.header.empty()) hline(kLeft, y_, kContentW, kRule, 0.5);
        }
        if (t.boxed) {
            y_ += inset;
            box(box_top, y_);
        }
        y_ += 8;
    }
    template <class NewPage>
    void split_row(const std::vector<LaidCell>& cells, const std::vector<double>& xs, double padx, double pady, bool warn, NewPage next_page) {
        std::vector<std::size_t> at(cells.size(), 0);  // next paragraph per cell
        std::vector<bool> badge_done(cells.size(), false);
        for (;;) {
            const double top = y_;
            double used = 0;
            bool more = false;
            for (std::size_t i = 0; i < cells.size(); ++i) {
                double y = top + pady;
                if (!badge_done[i] && !cells[i].badge.empty()) {
                    pill(cells[i].badge, xs[i] + padx, y);
                    y += 16;
                    badge_done[i] = true;
                }
                while (at[i] < cells[i].paras.size()) {
                    const double h = height(cells[i].paras[at[i]]);
                    if (y + h > bottom() && y > top + pady) break;  // a paragraph taller than a page still gets its own page
                    text_at(cells[i].paras[at[i]], xs[i] + padx, y);
                    y += h + 1;
                    ++at[i];
                }
                used = std::max(used, y - top);
                if (at[i] < cells[i].paras.size()) more = true;
            }
            if (warn) {
                Op o;
                o.kind = Op::rect;
                o.x = kLeft;
                o.y = top;
                o.w = kContentW;
                o.h = used + pady;
                o.colour = kWarnBg;
                auto& ops = page();
                auto pos = std::find_if(ops.begin(), ops.end(), [&](const Op& op) { return op.y >= top - 0.01 && op.kind != Op::image; });
                ops.insert(pos, o);
            }
            y_ = top + used + pady;
            if (!more) return;
            next_page();
        }
    }

    // A light box behind rows already recorded: inserted at the start of the page's ops for this span.
    void box(double top, double bottom_y) {
        Op o;
        o.kind = Op::rrect;
        o.x = kLeft;
        o.y = top;
        o.w = kContentW;
        o.h = bottom_y - top;
        o.colour = kBoxBg;
        o.radius = 4;
        // Draw beneath the text already placed: find the first op at or below `top`.
        auto& ops = page();
        auto pos = std::find_if(ops.begin(), ops.end(), [&](const Op& op) { return op.y >= top - 0.01 && op.kind != Op::image; });
        ops.insert(pos, o);
    }

    void signoff(const Block& b) {
        const double block_h = 150;
        if (room() < block_h) new_page();
        heading(Block{Block::heading, b.text, {}, {}, {}, {}});
        std::vector<Signatory> sigs = doc_.signatories;
        if (sigs.empty()) sigs.push_back({"", ""});
        const double colw = kContentW / 2;
        for (std::size_t i = 0; i < sigs.size(); i += 2) {
            double row_h = 0;
            for (std::size_t k = i; k < std::min(i + 2, sigs.size()); ++k) {
                const double x = kLeft + (k - i) * colw;
                double y = y_;
                auto lbl = make(esc(doc_.signed_by_label), colw - 20, 8.5);
                text_at(lbl, x, y, kMuted);
                y += height(lbl) + 22;
                hline(x, y, colw - 30, kInk, 0.6);
                y += 2;
                std::string who = sigs[k].name.empty() ? esc(doc_.signature_label) : "<b>" + esc(sigs[k].name) + "</b>";
                if (!sigs[k].role.empty()) who += "\n<span foreground=\"#64748b\">" + esc(sigs[k].role) + "</span>";
                auto wl = make(who, colw - 30, 9.5);
                text_at(wl, x, y);
                y += height(wl) + 16;
                hline(x, y, (colw - 30) / 2, kInk, 0.6);
                y += 2;
                auto dl = make(esc(doc_.date_label), colw - 30, 8.5);
                text_at(dl, x, y, kMuted);
                y += height(dl);
                row_h = std::max(row_h, y - y_);
            }
            y_ += row_h + 12;
            if (i + 2 < sigs.size() && room() < row_h + 12) new_page();
        }
        auto disc = make("<span size=\"92%\">" + esc(doc_.disclaimer) + "</span>", kContentW - 16, 9);
        const double dh = height(disc) + 12;
        ensure(dh);
        rect(kLeft, y_, kContentW, dh, kInfoBg, 3);
        text_at(disc, kLeft + 8, y_ + 6, kMuted);
        y_ += dh + 6;
    }
};

cairo_status_t write_stream(void* closure, const unsigned char* data, unsigned int length) {
    auto* out = static_cast<std::ostream*>(closure);
    out->write(reinterpret_cast<const char*>(data), length);
    return out->good() ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

void draw_op(cairo_t* cr, const Op& o) {
    cairo_set_source_rgb(cr, o.colour.r, o.colour.g, o.colour.b);
    switch (o.kind) {
        case Op::text:
            cairo_save(cr);
            if (o.radius < 0) {  // clipped band [w, h) of the layout
                cairo_rectangle(cr, 0, o.y + o.w, kPageW, o.h - o.w);
                cairo_clip(cr);
            }
            cairo_move_to(cr, o.x, o.y);
            pango_cairo_show_layout(cr, o.layout.get());
            cairo_restore(cr);
            break;
        case Op::rect:
            cairo_rectangle(cr, o.x, o.y, o.w, o.h);
            cairo_fill(cr);
            break;
        case Op::rrect: {
            const double r = std::min({o.radius, o.w / 2, o.h / 2});
            cairo_new_sub_path(cr);
            cairo_arc(cr, o.x + o.w - r, o.y + r, r, -M_PI / 2, 0);
            cairo_arc(cr, o.x + o.w - r, o.y + o.h - r, r, 0, M_PI / 2);
            cairo_arc(cr, o.x + r, o.y + o.h - r, r, M_PI / 2, M_PI);
            cairo_arc(cr, o.x + r, o.y + r, r, M_PI, 3 * M_PI / 2);
            cairo_close_path(cr);
            cairo_fill(cr);
            break;
        }
        case Op::line:
            cairo_set_line_width(cr, o.h);
            cairo_move_to(cr, o.x, o.y);
            cairo_line_to(cr, o.x + o.w, o.y);
            cairo_stroke(cr);
            break;
        case Op::image:
            cairo_save(cr);
            cairo_translate(cr, o.x, o.y);
            cairo_scale(cr, o.w / cairo_image_surface_get_width(o.img.get()), o.h / cairo_image_surface_get_height(o.img.get()));
            cairo_set_source_surface(cr, o.img.get(), 0, 0);
            cairo_paint(cr);
            cairo_restore(cr);
            break;
    }
}

// The families the report uses and the Debian package that installs each.
struct FaceFamily {
    const char* family;
    const char* package;
};
constexpr FaceFamily kFamilies[] = {{"Noto Sans", "fonts-noto-core"},
                                    {"WenQuanYi Micro Hei", "fonts-wqy-microhei"},
                                    {"DejaVu Sans Mono", "fonts-dejavu-core"},
                                    {"DejaVu Sans", "fonts-dejavu-core"}};  // last resort for symbols the others lack

// Synthetic bold for a family without a bold face (WenQuanYi Micro Hei), as the system's
// 90-synthetic.conf does; the private configuration below has no other rules.
constexpr const char* kRules = R"(<?xml version="1.0"?>
<fontconfig>
  <match target="font">
    <test name="weight" compare="less_eq"><const>medium</const></test>
    <test target="pattern" name="weight" compare="more_eq"><const>bold</const></test>
    <edit name="embolden" mode="assign"><bool>true</bool></edit>
    <edit name="weight" mode="assign"><const>bold</const></edit>
  </match>
</fontconfig>
)";

struct FcPatternDeleter {
    void operator()(FcPattern* p) const { FcPatternDestroy(p); }
};
struct FcFontSetDeleter {
    void operator()(FcFontSet* s) const { FcFontSetDestroy(s); }
};

// The installed faces of a family, from the system fontconfig's cache (no font file is read).
std::unique_ptr<FcFontSet, FcFontSetDeleter> faces_of(const char* family) {
    std::unique_ptr<FcPattern, FcPatternDeleter> pat(FcPatternCreate());
    FcPatternAddString(pat.get(), FC_FAMILY, reinterpret_cast<const FcChar8*>(family));
    FcPatternAddBool(pat.get(), FC_OUTLINE, FcTrue);
    return std::unique_ptr<FcFontSet, FcFontSetDeleter>(FcFontList(nullptr, pat.get(), nullptr));  // every property
}

// A font map over a private fontconfig configuration that holds only the report's faces.
// Pango sorts the whole font set for every distinct font description (FcFontSort, in helper
// threads); over the ~300 faces of a typical system that was ~15 % of a report's CPU time, over
// these few faces it is negligible. The faces are those the system configuration lists (whatever
// the Debian packages installed, found at run time), copied as patterns.
PangoFontMap* make_font_map() {
    FcConfig* cfg = FcConfigCreate();
    if (!cfg || !FcConfigParseAndLoadFromMemory(cfg, reinterpret_cast<const FcChar8*>(kRules), FcTrue))
        throw Error(ExitCode::internal, "fontconfig", "cannot create the report's font configuration");
    for (const FaceFamily& f : kFamilies) {
        auto faces = faces_of(f.family);
        for (int i = 0; faces && i < faces->nfont; ++i) {
            FcChar8* file = nullptr;
            if (FcPatternGetString(faces->fonts[i], FC_FILE, 0, &file) != FcResultMatch) continue;
            // fontconfig creates the application font set when a first file is added (scanned);
            // the other faces are added as the patterns already read, without rescanning.
            FcFontSet* app = FcConfigGetFonts(cfg, FcSetApplication);
            if (!app) {
                FcConfigAppFontAddFile(cfg, file);
                continue;
            }
            FcPattern* copy = FcPatternDuplicate(faces->fonts[i]);
            if (!copy || !FcFontSetAdd(app, copy)) {
                if (copy) FcPatternDestroy(copy);
                throw Error(ExitCode::internal, "fontconfig", "out of memory");
            }
        }
    }
    PangoFontMap* map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
    if (!map) throw Error(ExitCode::internal, "pango", "no FreeType font map");
    pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(map), cfg);
    FcConfigDestroy(cfg);  // the font map holds its own reference
    return map;
}

// One font map per thread, reused for every report the thread renders (batch renders samples on
// several threads; a pango font map must not be shared between threads, like pango's own default).
PangoFontMap* pdf_font_map() {
    thread_local PangoFontMap* map = make_font_map();
    return map;
}

std::mutex& layout_mutex() {
    static std::mutex m;
    return m;
}

}  // namespace

void check_pdf_fonts() {
    // Each family must be installed (pango would silently substitute another one).
    for (const FaceFamily& f : kFamilies) {
        auto faces = faces_of(f.family);
        if (!faces || faces->nfont == 0)
            throw InputError("PDF report", std::string("font '") + f.family + "' is not installed",
                             std::string("install the Debian package ") + f.package + " (apt-get install " + f.package + "), or render the HTML report instead");
    }
}

bool write_pdf(std::ostream& out, const Document& doc, bool must_fit_page1) {
    // Layout first, on a context of its own (no surface yet): a layout that does not fit page 1
    // returns before anything is written to `out`.
    std::unique_ptr<PangoContext, decltype(&g_object_unref)> ctx(pango_font_map_create_context(pdf_font_map()), &g_object_unref);
    // Metrics independent of the target resolution (no hinting): the same layout whatever the device.
    cairo_font_options_t* fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(ctx.get(), fo);
    pango_cairo_context_set_resolution(ctx.get(), 72);  // font sizes in points = PDF user units
    cairo_font_options_destroy(fo);
    if (doc.lang == Lang::zh) pango_context_set_language(ctx.get(), pango_language_from_string("zh-cn"));
    else pango_context_set_language(ctx.get(), pango_language_from_string("en"));

    Layouter lay(doc, ctx.get());
    // Laying out (shaping and line breaking) is done one report at a time in the process: when
    // two threads laid out at once (batch renders samples side by side, each thread with its own
    // font map and context), a word broken inside itself could break one character earlier or
    // later now and then (the race is below pango, in state the font stack shares process-wide).
    // Drawing the laid-out pages stays parallel; the layouts are final before it starts.
    std::vector<std::pair<LayoutPtr, LayoutPtr>> footers;  // per page: "sample · date", "page X of Y"
    {
        std::lock_guard<std::mutex> lock(layout_mutex());
        if (!lay.run(must_fit_page1)) return false;
        const std::size_t total = lay.pages().size();
        const std::string left = esc(doc.sample_id) + (doc.report_date.empty() ? "" : "  ·  " + esc(doc.report_date));
        for (std::size_t p = 0; p < total; ++p) {
            std::string page_text = doc.page_pattern;
            for (const std::string& v : {std::to_string(p + 1), std::to_string(total)}) {
                auto at = page_text.find("{}");
                if (at != std::string::npos) page_text.replace(at, 2, v);
            }
            auto l = lay.make(left, kContentW / 2, 8.5);
            auto r = lay.make(esc(page_text), kContentW / 2, 8.5, false, PANGO_ALIGN_RIGHT);
            Layouter::height(l);  // shaped now, under the lock
            Layouter::height(r);
            footers.emplace_back(std::move(l), std::move(r));
        }
    }

    std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> surface(
        cairo_pdf_surface_create_for_stream(write_stream, &out, kPageW, kPageH), &cairo_surface_destroy);
    if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS)
        throw InputError("PDF report", std::string("cannot create the PDF: ") + cairo_status_to_string(cairo_surface_status(surface.get())));
    cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, (doc.title + " · " + doc.sample_id).c_str());
    cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "oncomatch");
    // The creation date is the report date, or none at all with --no-timestamp (byte-identical PDFs).
    cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATE_DATE,
                                   doc.report_date.empty() ? "" : (doc.report_date + "T00:00:00Z").c_str());
    std::unique_ptr<cairo_t, decltype(&cairo_destroy)> cr(cairo_create(surface.get()), &cairo_destroy);
    const auto& pages = lay.pages();
    const std::size_t total = pages.size();
    for (std::size_t p = 0; p < total; ++p) {
        for (const auto& op : pages[p]) draw_op(cr.get(), op);
        // Footer: "sample · date" left, "page X of Y" right, above a hairline.
        cairo_set_source_rgb(cr.get(), kRule.r, kRule.g, kRule.b);
        cairo_set_line_width(cr.get(), 0.6);
        cairo_move_to(cr.get(), kLeft, kFooterY - 4);
        cairo_line_to(cr.get(), kLeft + kContentW, kFooterY - 4);
        cairo_stroke(cr.get());
        Op fl;
        fl.x = kLeft;
        fl.y = kFooterY;
        fl.colour = kMuted;
        fl.layout = footers[p].first;
        draw_op(cr.get(), fl);
        fl.x = kLeft + kContentW / 2;
        fl.layout = footers[p].second;
        draw_op(cr.get(), fl);
        cairo_show_page(cr.get());
    }
    cr.reset();
    cairo_surface_finish(surface.get());
    if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS)
        throw InputError("PDF report", std::string("writing the PDF failed: ") + cairo_status_to_string(cairo_surface_status(surface.get())), "check the disk space and the output folder");
    return true;
}

}  // namespace oncomatch::render
