// GTF/GFF3 models + FASTA -> transcript pack (see header).
#include "oncomatch/transcript/pack_builder.hpp"

#include <algorithm>

#include "oncomatch/error.hpp"
#include "oncomatch/hgvs/consequence.hpp"

namespace oncomatch::tx {

namespace {

std::string revcomp(const std::string& s) {
    std::string r(s.rbegin(), s.rend());
    for (auto& c : r) c = c == 'A' ? 'T' : c == 'C' ? 'G' : c == 'G' ? 'C' : c == 'T' ? 'A' : 'N';
    return r;
}

std::string versionless(const std::string& id) {
    auto d = id.find('.');
    return d == std::string::npos ? id : id.substr(0, d);
}

// Transcript offset of genomic base g, or -1 when not exonic.
std::int64_t tx_offset(const Transcript& t, std::int64_t g) {
    std::int64_t off = 0;
    for (const auto& e : t.exons) {
        if (g >= e.g_beg0 && g < e.g_end0) return t.strand == '+' ? off + (g - e.g_beg0) : off + (e.g_end0 - 1 - g);
        off += e.g_end0 - e.g_beg0;
    }
    return -1;
}

// Genome sequence within opts.flank bases of the exons (whole introns up to 2 x flank), from the
// FASTA: the HGVS 3' rule shifts intronic and exon-boundary indels through it.
void add_flanks(Transcript& t, const RawTranscript& r, const ReferenceFasta& fasta, const PackBuildOptions& opts) {
    if (opts.flank <= 0) return;
    std::vector<std::pair<std::int64_t, std::int64_t>> ex;
    for (const auto& e : t.exons) ex.emplace_back(e.g_beg0, e.g_end0);
    std::sort(ex.begin(), ex.end());
    std::vector<std::pair<std::int64_t, std::int64_t>> want;
    want.emplace_back(std::max<std::int64_t>(0, ex.front().first - opts.flank), ex.front().first);
    for (std::size_t i = 0; i + 1 < ex.size(); ++i) {
        const std::int64_t a = ex[i].second, b = ex[i + 1].first;
        if (b <= a) continue;
        if (b - a <= 2 * opts.flank) want.emplace_back(a, b);
        else {
            want.emplace_back(a, a + opts.flank);
            want.emplace_back(b - opts.flank, b);
        }
    }
    want.emplace_back(ex.back().second, ex.back().second + opts.flank);
    for (const auto& [b, e] : want) {
        const std::int64_t fb = std::max(b, opts.fasta_offset);
        if (fb >= e) continue;
        std::string s = fasta.fetch(r.seqid, fb - opts.fasta_offset, e - opts.fasta_offset);
        if (s.empty() && t.chrom != r.seqid) s = fasta.fetch(t.chrom, fb - opts.fasta_offset, e - opts.fasta_offset);
        if (s.empty() || static_cast<std::int64_t>(s.size()) > e - fb) continue;  // past the contig (or slice) end
        t.flanks.push_back({fb, std::move(s)});
    }
}

}  // namespace

Pack build_pack_from_models(const std::vector<RawTranscript>& models, const ReferenceFasta& fasta, const PackBuildOptions& opts,
                            PackBuildSummary& summary) {
    Pack pack;
    pack.genome = opts.genome;
    std::map<std::string, std::vector<std::size_t>> by_gene;
    std::map<std::size_t, const RawTranscript*> raw_of;
    for (const auto& r : models) {
        if (!opts.genes.empty() && !opts.genes.count(r.gene)) continue;
        if (r.exons.empty()) {
            ++summary.no_exons;
            continue;
        }
        Transcript t;
        t.gene = r.gene;
        t.id = r.id.substr(r.id.rfind('^') == std::string::npos ? 0 : r.id.rfind('^') + 1);  // igv-reports "GENE^GENE^ENST..."
        t.source = opts.source;
        t.chrom = chrom_from_seqid(r.seqid);
        t.strand = r.strand;
        auto ex = r.exons;
        std::sort(ex.begin(), ex.end());
        ex.erase(std::unique(ex.begin(), ex.end()), ex.end());
        if (t.strand == '-') std::reverse(ex.begin(), ex.end());
        for (const auto& [b, e] : ex) {
            std::string s = fasta.fetch(r.seqid, b - opts.fasta_offset, e - opts.fasta_offset);
            if (s.empty() && t.chrom != r.seqid) s = fasta.fetch(t.chrom, b - opts.fasta_offset, e - opts.fasta_offset);
            if (static_cast<std::int64_t>(s.size()) != e - b)
                throw InputError(opts.fasta_path, "no sequence for " + r.seqid + ":" + std::to_string(b + 1) + "-" + std::to_string(e) + " (exon of " + t.id +
                                                      " " + t.gene + ", annotation line " + std::to_string(r.first_line) + ")",
                                 "use the FASTA of the same genome build and contig names as the annotation (and --fasta-offset for a slice)");
            t.exons.push_back({b, e, 0, 0});
            t.seq += t.strand == '+' ? s : revcomp(s);
        }
        add_flanks(t, r, fasta, opts);
        if (!r.cds.empty()) {
            std::int64_t cb = r.cds.front().first, ce = r.cds.front().second;
            for (const auto& [b, e] : r.cds) {
                cb = std::min(cb, b);
                ce = std::max(ce, e);
            }
            const std::int64_t x1 = tx_offset(t, cb), x2 = tx_offset(t, ce - 1);
            std::string problem;
            if (x1 < 0 || x2 < 0) {
                problem = "CDS outside the exons";
            } else {
                std::int64_t lo = std::min(x1, x2), hi = std::max(x1, x2) + 1;
                const auto n = static_cast<std::int64_t>(t.seq.size());
                auto prot = [&](std::int64_t a, std::int64_t b2) { return hgvs::translate(std::string_view(t.seq).substr(static_cast<std::size_t>(a), static_cast<std::size_t>(b2 - a))); };
                if ((hi - lo) % 3 == 0 && hi + 3 <= n && prot(lo, hi).back() != '*' && prot(hi, hi + 3) == "*") hi += 3;  // stop codon outside the CDS rows
                if ((hi - lo) % 3 != 0) problem = "CDS is not a whole number of codons (incomplete CDS?)";
                else {
                    const auto p = prot(lo, hi);
                    if (p.empty() || p.back() != '*') problem = "CDS does not end in a stop codon";
                    else if (p.find('*') != p.size() - 1) problem = "internal stop codon";
                }
                if (problem.empty()) {
                    t.cds_beg0 = lo;
                    t.cds_end0 = hi;
                }
            }
            if (!problem.empty()) {
                ++summary.cds_dropped;
                if (summary.notes.size() < 5) summary.notes.push_back(t.id + " (" + t.gene + "): " + problem + "; kept as non-coding");
            }
        }
        by_gene[t.gene].push_back(pack.transcripts.size());
        raw_of[pack.transcripts.size()] = &r;
        pack.transcripts.push_back(std::move(t));
    }
    for (const auto& [gene, idx] : by_gene) {
        auto score = [&](std::size_t i) {
            const auto& t = pack.transcripts[i];
            const auto* r = raw_of[i];
            int s = 0;
            auto it = opts.preferred.find(gene);
            if (it != opts.preferred.end() && it->second.count(versionless(t.id))) s += 1000;
            if (r->mane_select) s += 100;
            if (r->canonical) s += 10;
            return std::make_tuple(s, t.coding() ? t.cds_end0 - t.cds_beg0 : -1, std::string_view(t.id));
        };
        std::size_t best = idx.front();
        for (auto i : idx) {
            const auto a = score(i), b = score(best);
            if (std::get<0>(a) != std::get<0>(b) ? std::get<0>(a) > std::get<0>(b)
                : std::get<1>(a) != std::get<1>(b) ? std::get<1>(a) > std::get<1>(b)
                                                   : std::get<2>(a) < std::get<2>(b))
                best = i;
        }
        pack.transcripts[best].preferred = true;
    }
    pack.finalise(opts.fasta_path);
    summary.transcripts = pack.transcripts.size();
    summary.genes = by_gene.size();
    for (const auto& t : pack.transcripts) summary.coding += t.coding();
    return pack;
}

}  // namespace oncomatch::tx
