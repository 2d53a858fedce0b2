// Single-variant rule matching against the frozen index (see header).
#include "oncomatch/match/matcher.hpp"

#include <algorithm>
#include <set>

#include "oncomatch/error.hpp"
#include "oncomatch/hgvs/consequence.hpp"
#include "oncomatch/util/strings.hpp"
#include "oncomatch/variant/protein.hpp"

namespace oncomatch {
namespace {

bool has(const std::vector<std::string>& terms, std::string_view t) {
    return std::find(terms.begin(), terms.end(), t) != terms.end();
}

bool any_of_terms(const std::vector<std::string>& terms, std::initializer_list<std::string_view> want) {
    for (auto w : want)
        if (has(terms, w)) return true;
    return false;
}

std::string versionless(const std::string& id) {
    auto d = id.find('.');
    return d == std::string::npos ? id : id.substr(0, d);
}

int leading_number(const std::string& s) {  // "19/28" -> 19
    int n = 0;
    for (char c : s) {
        if (!std::isdigit(static_cast<unsigned char>(c))) break;
        n = n * 10 + (c - '0');
    }
    return n;
}

}  // namespace

bool is_reportable(const std::vector<std::string>& terms) {
    if (terms.empty()) return true;  // consequence unknown: never silently dropped
    return any_of_terms(terms, {"missense_variant", "stop_gained", "stop_lost", "start_lost", "frameshift_variant",
                                "inframe_insertion", "inframe_deletion", "protein_altering_variant",
                                "splice_donor_variant", "splice_acceptor_variant", "splice_region_variant",
                                "splice_donor_5th_base_variant", "coding_sequence_variant", "transcript_ablation",
                                "feature_elongation", "feature_truncation", "incomplete_terminal_codon_variant"});
}

bool class_matches(kb::VariantClass cls, const std::vector<std::string>& t) {
    using kb::VariantClass;
    switch (cls) {
        case VariantClass::any: return is_reportable(t);
        case VariantClass::protein_altering:
            return any_of_terms(t, {"missense_variant", "stop_gained", "stop_lost", "start_lost", "frameshift_variant",
                                    "inframe_insertion", "inframe_deletion", "protein_altering_variant"});
        case VariantClass::missense: return has(t, "missense_variant");
        case VariantClass::truncating:
            return any_of_terms(t, {"stop_gained", "frameshift_variant", "splice_donor_variant", "splice_acceptor_variant",
                                    "transcript_ablation"});
        case VariantClass::frameshift: return has(t, "frameshift_variant");
        case VariantClass::nonsense: return has(t, "stop_gained");
        case VariantClass::splice: return any_of_terms(t, {"splice_donor_variant", "splice_acceptor_variant"});
        case VariantClass::inframe:
            return any_of_terms(t, {"inframe_insertion", "inframe_deletion", "protein_altering_variant"}) &&
                   !has(t, "frameshift_variant");
        case VariantClass::inframe_deletion:
            return (has(t, "inframe_deletion") || has(t, "protein_altering_variant")) && !has(t, "frameshift_variant") &&
                   !has(t, "inframe_insertion");
        case VariantClass::inframe_insertion:
            return (has(t, "inframe_insertion") || has(t, "protein_altering_variant")) && !has(t, "frameshift_variant") &&
                   !has(t, "inframe_deletion");
    }
    return false;
}

TranscriptConsequence locate_on_exons(const kb::ExonTable& table, const Variant& v) {
    TranscriptConsequence tc;
    tc.source = "own";
    tc.transcript = table.transcript;
    const int n = static_cast<int>(table.exons.size());
    if (n == 0) return tc;
    // Affected interval: deletions the deleted bases, insertions the two bases around the
    // insertion point, substitutions the substituted bases.
    std::int64_t s = v.pos0, e = v.end0();
    const bool is_del = v.ref.size() > v.alt.size() && v.ref[0] == v.alt[0];
    const bool is_ins = v.alt.size() > v.ref.size() && v.ref.size() == 1 && v.ref[0] == v.alt[0];
    if (is_del) s = v.pos0 + static_cast<std::int64_t>(v.alt.size());
    if (is_ins) e = v.pos0 + 2;
    const bool plus = table.strand == '+';
    auto overlaps = [&](std::int64_t b, std::int64_t en) { return s < en && b < e; };
    std::int64_t tx_beg = table.exons.front().beg0, tx_end = table.exons.front().end0;
    for (const auto& ex : table.exons) {
        tx_beg = std::min(tx_beg, ex.beg0);
        tx_end = std::max(tx_end, ex.end0);
    }
    const std::string total = std::to_string(n);
    // Splice sites first (the two intronic bases at each exon-intron junction).
    for (int k = 0; k < n; ++k) {
        const auto& ex = table.exons[static_cast<std::size_t>(k)];
        const bool has_acceptor = k > 0, has_donor = k < n - 1;
        const std::int64_t acc_b = plus ? ex.beg0 - 2 : ex.end0, acc_e = plus ? ex.beg0 : ex.end0 + 2;
        const std::int64_t don_b = plus ? ex.end0 : ex.beg0 - 2, don_e = plus ? ex.end0 + 2 : ex.beg0;
        if (has_acceptor && overlaps(acc_b, acc_e)) {
            tc.consequences.push_back("splice_acceptor_variant");
            tc.intron = std::to_string(k) + "/" + std::to_string(n - 1);
            return tc;
        }
        if (has_donor && overlaps(don_b, don_e)) {
            tc.consequences.push_back("splice_donor_variant");
            tc.intron = std::to_string(k + 1) + "/" + std::to_string(n - 1);
            return tc;
        }
    }
    for (int k = 0; k < n; ++k) {
        const auto& ex = table.exons[static_cast<std::size_t>(k)];
        if (!overlaps(ex.beg0, ex.end0)) continue;
        tc.exon = std::to_string(k + 1) + "/" + total;
        const bool inside = s >= ex.beg0 && e <= ex.end0;
        if (!inside) {
            tc.consequences.push_back("splice_region_variant");
            return tc;
        }
        const bool internal = k > 0 && k < n - 1;  // first/last exons may hold UTR
        if (internal && (is_del || is_ins)) {
            const auto diff = static_cast<long long>(v.ref.size()) - static_cast<long long>(v.alt.size());
            if (diff % 3 != 0) tc.consequences.push_back("frameshift_variant");
            else tc.consequences.push_back(is_del ? "inframe_deletion" : "inframe_insertion");
        }
        return tc;  // substitutions: exonic, consequence unknown without a CDS model
    }
    if (s >= tx_end || e <= tx_beg) {
        const bool before = e <= tx_beg;
        tc.consequences.push_back((before == plus) ? "upstream_gene_variant" : "downstream_gene_variant");
        return tc;
    }
    // Intronic: find the intron and the distance to the nearest exon.
    std::int64_t best = INT64_MAX;
    for (int k = 0; k + 1 < n; ++k) {
        const auto& a = table.exons[static_cast<std::size_t>(k)];
        const auto& b = table.exons[static_cast<std::size_t>(k + 1)];
        const std::int64_t ib = plus ? a.end0 : b.end0, ie = plus ? b.beg0 : a.beg0;
        if (s >= ib && e <= ie) {
            tc.intron = std::to_string(k + 1) + "/" + std::to_string(n - 1);
            best = std::min(s - ib, ie - e);
        }
    }
    tc.consequences.push_back(best < 8 ? "splice_region_variant" : "intron_variant");
    if (best < 8) tc.consequences.push_back("intron_variant");
    return tc;
}

bool leaf_matches(const kb::Rule& r, const TranscriptConsequence& c) {
    const auto& terms = c.consequences;
    switch (r.kind) {
        case kb::RuleKind::protein:
            return !c.hgvsp_short.empty() && r.protein == c.hgvsp_short;
        case kb::RuleKind::codon: {
            auto start = protein_start(c.hgvsp_short);
            if (!start) return false;
            const bool codon_change = any_of_terms(terms, {"missense_variant", "inframe_deletion", "inframe_insertion",
                                                           "protein_altering_variant"}) ||
                                      (terms.empty() && c.hgvsp_short.find('=') == std::string::npos &&
                                       c.hgvsp_short.find("fs") == std::string::npos && c.hgvsp_short.find('*') == std::string::npos);
            return codon_change && start->position == r.codon && (!r.codon_aa || r.codon_aa == start->ref_aa);
        }
        case kb::RuleKind::exon: {
            const int exon_no = leading_number(c.exon);
            const int intron_no = leading_number(c.intron);
            if (exon_no == r.exon && class_matches(r.cls, terms)) return true;
            // Splice sites flanking the exon (acceptor in intron N-1, donor in intron N).
            return intron_no && (intron_no == r.exon - 1 || intron_no == r.exon) &&
                   (r.cls == kb::VariantClass::splice || r.cls == kb::VariantClass::truncating || r.cls == kb::VariantClass::any) &&
                   class_matches(kb::VariantClass::splice, terms);
        }
        case kb::RuleKind::gene_class:
            return !terms.empty() && class_matches(r.cls, terms);
        default:
            return false;
    }
}

namespace {

// Own vs file consequence on the preferred transcript: HGVS p. (one-letter) when both give one,
// else the most severe SO term.
bool own_file_differ(const TranscriptConsequence& own, const TranscriptConsequence& file) {
    const std::string fp = !file.hgvsp_short.empty() ? file.hgvsp_short : protein_short(file.hgvsp);
    if (!own.hgvsp_short.empty() && !fp.empty()) {
        auto norm = [](std::string s) {  // "fs*17" and "fsTer17"/"fs" variants: compare up to "fs"
            const auto f = s.find("fs");
            if (f != std::string::npos) s.resize(f + 2);
            return s;
        };
        return norm(own.hgvsp_short) != norm(fp);
    }
    return own.consequences.front() != file.consequences.front();
}

// Both give a protein change, or neither does and both give consequence terms.
bool comparable(const TranscriptConsequence& own, const TranscriptConsequence& file) {
    const bool op = !own.hgvsp_short.empty(), fp = !file.hgvsp_short.empty() || !file.hgvsp.empty();
    if (op && fp) return true;
    return !op && !fp && !own.consequences.empty() && !file.consequences.empty();
}

}  // namespace

MatchedVariant match_variant(Variant v, const kb::KbIndex& index, const AnnotationSchema& schema, const ConsequenceOptions& copts) {
    MatchedVariant m;
    match_variant_into(m, std::move(v), index, schema, copts);
    return m;
}

void match_variant_into(MatchedVariant& m, Variant&& v, const kb::KbIndex& index, const AnnotationSchema& schema, const ConsequenceOptions& copts) {
    const auto& kb = index.kb();
    const int bi = static_cast<int>(index.build());
    // Build cross-check on the record as written (POS and first REF base).
    {
        const std::int64_t p0 = v.vcf_pos - 1;
        if (char k = index.known_ref(index.build(), v.chrom_norm, p0); k && !v.vcf_ref.empty())
            m.xcheck_declared = (std::toupper(static_cast<unsigned char>(v.vcf_ref[0])) == k) ? 1 : -1;
        const Build other = other_build(index.build());
        if (kb.covers_build(other)) {
            if (char k = index.known_ref(other, v.chrom_norm, p0); k && !v.vcf_ref.empty() &&
                std::toupper(static_cast<unsigned char>(v.vcf_ref[0])) == k)
                m.xcheck_other_ref = true;
            m.xcheck_other_exact = index.is_known_allele(other, v.chrom_norm, v.pos0, v.ref, v.alt);
        }
    }
    v.file_consequences = parse_file_consequences(schema, v);
    // Own annotation on every transcript of the pack the variant touches.
    std::vector<hgvs::Annotation> own;
    if (copts.pack && copts.mode != ConsequenceMode::file) {
        // An indel's 3' shift may run past the pack's sequence: the reference, when given, goes on.
        std::optional<hgvs::GenomeWindow> genome;
        if (copts.reference && v.ref.size() != v.alt.size()) {
            genome.emplace();
            genome->beg0 = std::max<std::int64_t>(0, v.pos0 - hgvs::kGenomeWindowFlank);
            genome->seq = copts.reference->fetch(v.chrom, genome->beg0, v.end0() + hgvs::kGenomeWindowFlank);
        }
        own = hgvs::annotate_variant(*copts.pack, v, genome ? &*genome : nullptr);
        for (const auto& a : own) {
            if (!a.ref_mismatch) continue;
            const std::string what = "REF " + a.ref_mismatch->found + " differs from the transcript model " + a.ref_mismatch->transcript +
                                     " (" + a.csq.gene + "), which has " + a.ref_mismatch->expected + " there";
            if (copts.ref_mismatch_is_error)
                throw InputError(describe_record(v) + " (record " + std::to_string(v.record_no) +
                                     (v.line_no ? ", line " + std::to_string(v.line_no) : std::string()) + ")",
                                 what,
                                 "check the genome build and the reference the VCF was called on, or pass --on-ref-mismatch warn");
            if (m.ref_mismatch.empty()) m.ref_mismatch = describe_record(v) + ": " + what;
        }
    }

    // Candidate genes: by location, and by annotation symbol when the gene is in the knowledgebase.
    std::vector<std::size_t> genes = index.genes_at(v.chrom_norm, v.pos0, v.end0());
    for (const auto& tc : v.file_consequences) {
        auto it = kb.gene_by_symbol.find(tc.gene);
        if (it != kb.gene_by_symbol.end() && std::find(genes.begin(), genes.end(), it->second) == genes.end())
            genes.push_back(it->second);
    }
    std::sort(genes.begin(), genes.end(), [&](std::size_t a, std::size_t b) { return kb.genes[a].symbol < kb.genes[b].symbol; });

    std::set<std::size_t> seen;
    auto add_hit = [&](std::size_t bm, const std::string& type) {
        if (seen.insert(bm).second) m.hits.push_back({bm, type});
    };
    // Exact alleles (rule alleles and known encodings).
    const std::vector<kb::AlleleHit>* exact = index.alleles(v.chrom_norm, v.pos0, v.ref, v.alt);
    if (exact)
        for (const auto& h : *exact) add_hit(h.biomarker, "allele");

    for (std::size_t gi : genes) {
        const auto& g = kb.genes[gi];
        // Consequence on the preferred transcript: annotator's, else exon-level location.
        std::optional<TranscriptConsequence> chosen;
        int best_rank = -1;
        for (const auto& tc : v.file_consequences) {
            if (tc.gene != g.symbol) continue;
            int rank = 0;
            const auto t = versionless(tc.transcript);
            if (!t.empty() && (t == versionless(g.ensembl[bi]) || t == versionless(g.refseq[bi]))) rank = 3;
            else if (tc.canonical) rank = 2;
            else if (!tc.hgvsp.empty() || !tc.hgvsp_short.empty()) rank = 1;
            if (rank > best_rank) {
                best_rank = rank;
                chosen = tc;
            }
        }
        std::optional<TranscriptConsequence> file_chosen = chosen;
        std::string status = chosen ? "file" : "";
        // Own annotation: the knowledgebase's transcript, else the pack's preferred, else the first.
        hgvs::Annotation* own_pick = nullptr;
        int own_rank = -1;
        for (auto& a : own) {
            if (a.csq.gene != g.symbol || a.ref_mismatch) continue;
            const auto t = versionless(a.csq.transcript);
            const int rank = (t == versionless(g.ensembl[bi]) || t == versionless(g.refseq[bi])) ? 2 : a.csq.canonical ? 1 : 0;
            if (rank > own_rank) {
                own_rank = rank;
                own_pick = &a;
            }
        }
        const bool has_model = copts.pack && copts.pack->has_gene(g.symbol);  // (no model: never "computed")
        if (own_pick) {
            if (own_pick->shift_incomplete && m.shift_incomplete.empty())
                m.shift_incomplete = describe_record(v) + " " + g.symbol + " " + own_pick->csq.transcript + ":" + own_pick->csq.hgvsc +
                                     ": the HGVS 3' shift reached intron sequence the transcript pack does not hold, so this position may not be the "
                                     "most 3' one";
            if (file_chosen && best_rank >= 2 && comparable(own_pick->csq, *file_chosen)) {
                m.own_file_compared = 1;
                if (own_file_differ(own_pick->csq, *file_chosen)) {
                    m.own_file_disagree = 1;
                    m.disagreement = describe_record(v) + " " + g.symbol + ": own " + own_pick->csq.transcript + " " +
                                     (own_pick->csq.hgvsp_short.empty() ? join(own_pick->csq.consequences, "&") : own_pick->csq.hgvsp_short) +
                                     " vs " + file_chosen->source + " " + file_chosen->transcript + " " +
                                     (file_chosen->hgvsp_short.empty() ? join(file_chosen->consequences, "&") : file_chosen->hgvsp_short);
                }
            }
            status = "computed";
            if (copts.mode == ConsequenceMode::both && file_chosen) m.file_csq = file_chosen;
            for (const auto& a : own)
                if (a.csq.gene == g.symbol && &a != own_pick) m.other_csq.push_back(a.csq);
            // Taken, not copied: this gene's annotations are not looked at again (the moved-from
            // one no longer names a gene).
            chosen = std::move(own_pick->csq);
            own_pick->csq.gene.clear();
        }
        if (!chosen && g.exons[bi]) {
            const auto& table = *g.exons[bi];
            if (table.chrom == v.chrom_norm) {
                chosen = locate_on_exons(table, v);
                chosen->gene = g.symbol;
                status = chosen->consequences.empty() ? "not_computed" : "exon_level";
            }
        }
        if (!chosen) status = "not_computed";
        (void)has_model;
        const std::vector<std::string> no_terms;
        const auto& terms = chosen ? chosen->consequences : no_terms;
        const bool reportable = is_reportable(terms);
        const bool take = m.gene.empty() || (reportable && !m.reportable);
        if (take) {
            m.gene = g.symbol;
            m.csq_status = status;
            m.in_kb_gene = true;
            m.reportable = reportable;
        }
        const auto* rules = index.rules_for(g.symbol);
        if (!rules || !chosen) {
            if (take) m.csq = std::move(chosen);
            continue;
        }
        const auto& c = *chosen;
        for (std::size_t bm : rules->protein)
            if (leaf_matches(kb.biomarkers[bm].rule, c)) add_hit(bm, "protein");
        for (std::size_t bm : rules->codon)
            if (leaf_matches(kb.biomarkers[bm].rule, c)) add_hit(bm, "codon");
        for (std::size_t bm : rules->exon)
            if (leaf_matches(kb.biomarkers[bm].rule, c)) add_hit(bm, "exon");
        for (std::size_t bm : rules->gene_class)
            if (leaf_matches(kb.biomarkers[bm].rule, c)) add_hit(bm, "gene_class");
        // --consequence both: the annotator's call can match too.
        if (copts.mode == ConsequenceMode::both && file_chosen && status == "computed") {
            const auto& f = *file_chosen;
            for (std::size_t bm : rules->protein)
                if (leaf_matches(kb.biomarkers[bm].rule, f)) add_hit(bm, "protein");
            for (std::size_t bm : rules->codon)
                if (leaf_matches(kb.biomarkers[bm].rule, f)) add_hit(bm, "codon");
            for (std::size_t bm : rules->exon)
                if (leaf_matches(kb.biomarkers[bm].rule, f)) add_hit(bm, "exon");
            for (std::size_t bm : rules->gene_class)
                if (leaf_matches(kb.biomarkers[bm].rule, f)) add_hit(bm, "gene_class");
        }
        if (take) m.csq = std::move(chosen);
    }
    // A raw VCF matched through a known genomic encoding: show the protein change the
    // knowledgebase gives for it (also for genes without an exon model, where no consequence
    // was located at all).
    if (exact && !m.gene.empty() && (!m.csq || m.csq->hgvsp_short.empty())) {
        for (const auto& h : *exact) {
            const auto& r = kb.biomarkers[h.biomarker].rule;
            if (r.kind == kb::RuleKind::protein && kb.biomarkers[h.biomarker].gene == m.gene) {
                if (!m.csq) {
                    m.csq.emplace();
                    m.csq->gene = m.gene;
                }
                m.csq->hgvsp_short = r.protein;
                m.csq->hgvsp = protein_long(r.protein);
                m.csq->source = "knowledgebase";
                if (m.csq->consequences.empty() && r.protein.size() > 1 && std::isalpha(static_cast<unsigned char>(r.protein.back())) &&
                    std::isdigit(static_cast<unsigned char>(r.protein[r.protein.size() - 2])))
                    m.csq->consequences.push_back("missense_variant");
                break;
            }
        }
    }
    if (!m.hits.empty() && !m.in_kb_gene) {
        m.reportable = true;
        if (m.gene.empty()) m.gene = kb.biomarkers[m.hits.front().biomarker].gene;
    }
    m.v = std::move(v);
}

std::optional<double> population_af(const MatchedVariant& m) {
    std::optional<double> af = m.v.population_af;
    if (m.csq && m.csq->population_af) af = std::max(af.value_or(0.0), *m.csq->population_af);
    return af;
}

}  // namespace oncomatch
