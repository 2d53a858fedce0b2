// Transcript pack model, text format, validation and lookups (see header).
#include "oncomatch/transcript/pack.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include "oncomatch/error.hpp"
#include "oncomatch/hgvs/consequence.hpp"
#include "oncomatch/util/atomic_file.hpp"
#include "oncomatch/util/sha256.hpp"
#include "oncomatch/util/strings.hpp"

namespace oncomatch::tx {

namespace {

constexpr std::string_view kMagic = "##oncomatch-transcript-pack";
constexpr std::string_view kColumns = "#gene\tid\tchrom\tstrand\tflags\tsource\tcds\texons\tsequence\tflanks";

int chrom_rank(const std::string& c) {
    if (auto n = parse_number<int>(c)) return *n;
    if (c == "X") return 23;
    if (c == "Y") return 24;
    if (c == "MT") return 25;
    return 100;
}

std::string transcript_line(const Transcript& t) {
    std::string flags;
    if (t.preferred) flags = "preferred";
    if (t.lifted) flags += flags.empty() ? "lifted" : ",lifted";
    if (flags.empty()) flags = ".";
    std::string exons;
    for (const auto& e : t.exons) {
        if (!exons.empty()) exons += ',';
        exons += std::to_string(e.g_beg0) + "-" + std::to_string(e.g_end0);
    }
    std::string cds = t.coding() ? std::to_string(t.cds_beg0) + "-" + std::to_string(t.cds_end0) : ".";
    std::string flanks;
    for (const auto& f : t.flanks) {
        if (!flanks.empty()) flanks += ',';
        flanks += std::to_string(f.g_beg0) + ":" + f.seq;
    }
    if (flanks.empty()) flanks = ".";
    return t.gene + '\t' + t.id + '\t' + t.chrom + '\t' + t.strand + '\t' + flags + '\t' + t.source + '\t' + cds + '\t' + exons +
           '\t' + t.seq + '\t' + flanks;
}


std::pair<std::int64_t, std::int64_t> parse_range(std::string_view s, const std::string& where, const char* what) {
    auto d = s.find('-');
    std::optional<std::int64_t> a, b;
    if (d != std::string_view::npos) {
        a = parse_number<std::int64_t>(s.substr(0, d));
        b = parse_number<std::int64_t>(s.substr(d + 1));
    }
    if (!a || !b || *a < 0 || *b < *a) throw InputError(where, std::string("bad ") + what + " range '" + std::string(s) + "'", "expected BEG-END, 0-based half-open");
    return {*a, *b};
}

}  // namespace

std::string Transcript::versionless_id() const {
    auto d = id.find('.');
    return d == std::string::npos ? id : id.substr(0, d);
}

char Transcript::genomic_base(std::int64_t g) const {
    char b = 0;
    for (const auto& e : exons)
        if (g >= e.g_beg0 && g < e.g_end0) {
            const auto t = strand == '+' ? e.t_beg0 + (g - e.g_beg0) : e.t_beg0 + (e.g_end0 - 1 - g);
            b = strand == '+' ? seq[static_cast<std::size_t>(t)] : complement_base(seq[static_cast<std::size_t>(t)]);
            return b == 'N' ? 0 : b;
        }
    auto it = std::upper_bound(flanks.begin(), flanks.end(), g, [](std::int64_t v, const Flank& f) { return v < f.g_beg0; });
    if (it == flanks.begin()) return 0;
    --it;
    if (g >= it->g_beg0 + static_cast<std::int64_t>(it->seq.size())) return 0;
    b = it->seq[static_cast<std::size_t>(g - it->g_beg0)];
    return b == 'N' ? 0 : b;
}

void Pack::finalise(const std::string& where) {
    for (auto& t : transcripts) {
        const std::string w = where + ": transcript " + t.id + " (" + t.gene + ")";
        if (t.exons.empty()) throw InputError(w, "has no exons");
        if (t.strand != '+' && t.strand != '-') throw InputError(w, "strand must be + or -");
        std::int64_t off = 0;
        for (std::size_t i = 0; i < t.exons.size(); ++i) {
            auto& e = t.exons[i];
            if (e.g_end0 <= e.g_beg0) throw InputError(w, "empty exon " + std::to_string(i + 1));
            if (i > 0) {
                const auto& p = t.exons[i - 1];
                const bool ordered = t.strand == '+' ? e.g_beg0 >= p.g_end0 : e.g_end0 <= p.g_beg0;
                if (!ordered) throw InputError(w, "exons overlap or are not in transcript order at exon " + std::to_string(i + 1));
            }
            e.t_beg0 = off;
            off += e.g_end0 - e.g_beg0;
            e.t_end0 = off;
        }
        if (static_cast<std::int64_t>(t.seq.size()) != off)
            throw InputError(w, "sequence length " + std::to_string(t.seq.size()) + " differs from the exon total " + std::to_string(off));
        for (auto& c : t.seq) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        if (t.coding() && (t.cds_end0 > off || (t.cds_end0 - t.cds_beg0) % 3 != 0))
            throw InputError(w, "CDS " + std::to_string(t.cds_beg0) + "-" + std::to_string(t.cds_end0) + " is not a whole number of codons inside the transcript");
        // Translated once here, not for every variant annotated on the transcript.
        t.protein = t.coding() ? hgvs::translate(std::string_view(t.seq).substr(static_cast<std::size_t>(t.cds_beg0),
                                                                                static_cast<std::size_t>(t.cds_end0 - t.cds_beg0)))
                               : std::string();
        t.g_beg0 = std::min(t.exons.front().g_beg0, t.exons.back().g_beg0);
        t.g_end0 = std::max(t.exons.front().g_end0, t.exons.back().g_end0);
        for (auto& f : t.flanks)
            for (auto& c : f.seq) {
                c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
                if (c != 'A' && c != 'C' && c != 'G' && c != 'T' && c != 'N') throw InputError(w, "flank sequence has a base other than A, C, G, T, N");
            }
        std::sort(t.flanks.begin(), t.flanks.end(), [](const Flank& a, const Flank& b) { return a.g_beg0 < b.g_beg0; });
        for (std::size_t i = 0; i < t.flanks.size(); ++i) {
            const auto& f = t.flanks[i];
            const std::int64_t fe = f.g_beg0 + static_cast<std::int64_t>(f.seq.size());
            if (i > 0 && f.g_beg0 < t.flanks[i - 1].g_beg0 + static_cast<std::int64_t>(t.flanks[i - 1].seq.size()))
                throw InputError(w, "flanks overlap at " + std::to_string(f.g_beg0));
            for (const auto& e : t.exons)
                if (f.g_beg0 < e.g_end0 && e.g_beg0 < fe) throw InputError(w, "flank at " + std::to_string(f.g_beg0) + " overlaps an exon");
        }
    }
    std::sort(transcripts.begin(), transcripts.end(), [](const Transcript& a, const Transcript& b) {
        const int ra = chrom_rank(a.chrom), rb = chrom_rank(b.chrom);
        if (ra != rb) return ra < rb;
        if (a.chrom != b.chrom) return a.chrom < b.chrom;
        if (a.g_beg0 != b.g_beg0) return a.g_beg0 < b.g_beg0;
        if (a.gene != b.gene) return a.gene < b.gene;
        return a.id < b.id;
    });
    by_gene_.clear();
    by_chrom_.clear();
    max_span_ = 0;
    for (std::size_t i = 0; i < transcripts.size(); ++i) {
        const auto& t = transcripts[i];
        if (i > 0 && transcripts[i - 1].id == t.id && transcripts[i - 1].chrom == t.chrom && transcripts[i - 1].g_beg0 == t.g_beg0)
            throw InputError(where, "transcript " + t.id + " is listed twice");
        by_gene_[t.gene].push_back(i);
        by_chrom_[t.chrom].push_back(i);
        max_span_ = std::max(max_span_, t.g_end0 - t.g_beg0);
    }
    for (auto& [g, v] : by_gene_)
        std::stable_sort(v.begin(), v.end(), [&](std::size_t a, std::size_t b) {
            return transcripts[a].preferred > transcripts[b].preferred;
        });
}

void Pack::overlapping(const std::string& chrom, std::int64_t beg0, std::int64_t end0, std::int64_t flank,
                       std::vector<const Transcript*>& out) const {
    out.clear();
    auto it = by_chrom_.find(chrom);
    if (it == by_chrom_.end()) return;
    const auto& idx = it->second;
    // Transcripts are sorted by g_beg0; any overlapping one starts at or after beg0 - flank - max_span_.
    const std::int64_t lo = beg0 - flank - max_span_;
    auto first = std::lower_bound(idx.begin(), idx.end(), lo,
                                  [&](std::size_t i, std::int64_t v) { return transcripts[i].g_beg0 < v; });
    for (auto i = first; i != idx.end(); ++i) {
        const auto& t = transcripts[*i];
        if (t.g_beg0 - flank >= std::max(end0, beg0 + 1)) break;
        if (t.g_end0 + flank > beg0 && t.g_beg0 - flank < std::max(end0, beg0 + 1)) out.push_back(&t);
    }
}

std::vector<const Transcript*> Pack::of_gene(const std::string& gene) const {
    std::vector<const Transcript*> out;
    auto it = by_gene_.find(gene);
    if (it != by_gene_.end())
        for (auto i : it->second) out.push_back(&transcripts[i]);
    return out;
}

std::vector<std::string> Pack::genes() const {
    std::vector<std::string> g;
    for (const auto& [k, v] : by_gene_) g.push_back(k);
    std::sort(g.begin(), g.end());
    return g;
}

std::string pack_to_text(const Pack& pack) {
    std::string body;
    for (const auto& t : pack.transcripts) body += transcript_line(t) + '\n';
    std::string out;
    out += std::string(kMagic) + '\t' + std::to_string(kPackFormatVersion) + '\n';
    out += "##genome\t" + pack.genome + '\n';
    out += "##content-sha256\t" + sha256_hex(body) + '\n';
    for (const auto& n : pack.notes) out += "##source\t" + n + '\n';
    out += std::string(kColumns) + '\n';
    out += body;
    return out;
}

Pack parse_pack(const std::string& text, const std::string& where) {
    Pack pack;
    std::size_t line_no = 0, pos = 0, body_start = std::string::npos;
    bool magic = false;
    std::string declared_hash;
    while (pos < text.size()) {
        const auto nl = text.find('\n', pos);
        const auto end = nl == std::string::npos ? text.size() : nl;
        std::string_view line(text.data() + pos, end - pos);
        const std::size_t line_start = pos;
        pos = end + 1;
        ++line_no;
        const std::string w = where + ":" + std::to_string(line_no);
        if (line.empty()) continue;
        if (line.starts_with("##")) {
            auto f = split(line, '\t');
            if (f.size() < 2) throw InputError(w, "header line without a value", "header lines are '##key<TAB>value'");
            if (f[0] == kMagic) {
                auto v = parse_number<int>(f[1]);
                if (!v || *v < 1 || *v > kPackFormatVersion)
                    throw InputError(w, "transcript pack format " + std::string(f[1]) + " is not supported (this oncomatch reads formats 1 to " +
                                            std::to_string(kPackFormatVersion) + ")", "rebuild the pack with 'oncomatch genes build'");
                pack.format_version = *v;
                magic = true;
            } else if (f[0] == "##genome") {
                pack.genome = std::string(f[1]);
            } else if (f[0] == "##content-sha256") {
                declared_hash = std::string(f[1]);
            } else if (f[0] == "##source") {
                pack.notes.emplace_back(line.substr(f[0].size() + 1));
            }
            continue;
        }
        if (!magic) throw InputError(w, "not an oncomatch transcript pack (first line must be '##oncomatch-transcript-pack<TAB>1')", "build one with 'oncomatch genes build'");
        if (line.starts_with("#")) continue;
        if (body_start == std::string::npos) body_start = line_start;
        auto f = split(line, '\t');
        const std::size_t ncol = pack.format_version >= 2 ? 10 : 9;
        if (f.size() != ncol)
            throw InputError(w, "expected " + std::to_string(ncol) + " tab-separated columns (pack format " + std::to_string(pack.format_version) +
                                    "), found " + std::to_string(f.size()));
        Transcript t;
        t.gene = std::string(f[0]);
        t.id = std::string(f[1]);
        t.chrom = std::string(f[2]);
        if (f[3] != "+" && f[3] != "-") throw InputError(w, "strand must be + or -, found '" + std::string(f[3]) + "'");
        t.strand = f[3][0];
        if (f[4] != ".")
            for (auto fl : split(f[4], ',')) {
                if (fl == "preferred") t.preferred = true;
                else if (fl == "lifted") t.lifted = true;
                else throw InputError(w, "unknown flag '" + std::string(fl) + "'", "flags are preferred, lifted");
            }
        t.source = std::string(f[5]);
        if (f[6] != ".") {
            auto [a, b] = parse_range(f[6], w, "cds");
            t.cds_beg0 = a;
            t.cds_end0 = b;
        }
        for (auto ex : split(f[7], ',')) {
            auto [a, b] = parse_range(ex, w, "exon");
            t.exons.push_back({a, b, 0, 0});
        }
        t.seq = std::string(f[8]);
        if (ncol == 10 && f[9] != ".")
            for (auto fl : split(f[9], ',')) {
                const auto colon = fl.find(':');
                const auto beg = colon == std::string_view::npos ? std::nullopt : parse_number<std::int64_t>(fl.substr(0, colon));
                if (!beg || *beg < 0 || colon + 1 >= fl.size())
                    throw InputError(w, "bad flank '" + std::string(fl.substr(0, 40)) + "'", "flanks are BEG:SEQUENCE (0-based genomic start, + strand)");
                t.flanks.push_back({*beg, std::string(fl.substr(colon + 1))});
            }
        pack.transcripts.push_back(std::move(t));
    }
    if (!magic) throw InputError(where, "not an oncomatch transcript pack (empty)", "build one with 'oncomatch genes build'");
    if (pack.genome != "GRCh37" && pack.genome != "GRCh38")
        throw InputError(where, "the pack names no genome build (##genome GRCh37|GRCh38)");
    const std::string_view body = body_start == std::string::npos ? std::string_view() : std::string_view(text).substr(body_start);
    pack.content_hash = sha256_hex(body);
    if (!declared_hash.empty() && declared_hash != pack.content_hash)
        throw InputError(where, "content hash does not match the transcripts (the file was edited or truncated)",
                         "rebuild the pack with 'oncomatch genes build' or scripts/build_pack.py");
    pack.finalise(where);
    return pack;
}

Pack read_pack(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path.string(), "cannot open the transcript pack");
    std::ostringstream ss;
    ss << in.rdbuf();
    return parse_pack(ss.str(), path.string());
}

void write_pack(const Pack& pack, const std::filesystem::path& path) {
    AtomicFile f(path);
    f.stream() << pack_to_text(pack);
    f.commit();
}

char complement_base(char c) {
    switch (c) {
        case 'A': return 'T';
        case 'C': return 'G';
        case 'G': return 'C';
        case 'T': return 'A';
        default: return 'N';
    }
}

}  // namespace oncomatch::tx
