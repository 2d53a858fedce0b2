#pragma once
// Per-variant matching (the parallel stage): find the knowledgebase genes a variant falls in,
// choose its consequence on the preferred transcript (annotator's, else oncomatch's exon-level
// location), and test single-variant biomarker rules (allele, protein, codon, exon, gene class).
// Pure: reads only the variant and the frozen index.
#include <optional>
#include <string>
#include <vector>

#include "oncomatch/io/reference.hpp"
#include "oncomatch/kb/index.hpp"
#include "oncomatch/transcript/pack.hpp"
#include "oncomatch/variant/file_annotations.hpp"
#include "oncomatch/variant/variant.hpp"

namespace oncomatch {

struct BiomarkerHit {
    std::size_t biomarker;
    std::string match_type;  // allele | protein | codon | exon | gene_class
};

// Which consequence annotation the matcher uses (annotate --consequence / --on-ref-mismatch).
enum class ConsequenceMode { own, file, both };
struct ConsequenceOptions {
    const tx::Pack* pack = nullptr;   // frozen transcript pack of the run's build (nullptr: none)
    ConsequenceMode mode = ConsequenceMode::own;
    bool ref_mismatch_is_error = true;
    // --reference: genome sequence for the HGVS 3' rule of indels where the pack holds none.
    const SharedReference* reference = nullptr;
};

struct MatchedVariant {
    Variant v;
    std::string gene;                           // primary knowledgebase gene ("" when none)
    std::optional<TranscriptConsequence> csq;   // consequence on that gene's chosen transcript
    // How csq was obtained: "computed" (oncomatch's own annotation on a transcript model),
    // "file" (the annotator's), "exon_level" (knowledgebase exon table only: no CDS, no HGVS),
    // "not_computed" (knowledgebase gene without a model or annotation), "" (no gene).
    std::string csq_status;
    std::optional<TranscriptConsequence> file_csq;  // the annotator's, on the preferred transcript (--consequence both)
    std::vector<TranscriptConsequence> other_csq;   // own annotation on the gene's other transcripts
    int own_file_compared = 0;   // 1 when own and file consequences on the preferred transcript were compared
    int own_file_disagree = 0;   // 1 when they disagree (HGVS p. or, without p., the consequence terms)
    std::string disagreement;    // "own p.X vs vep p.Y" for the QC list
    std::string ref_mismatch;    // warning text when REF differs from the pack (--on-ref-mismatch warn)
    std::string shift_incomplete;  // the reported own HGVS c. could not finish the 3' rule (QC list)
    bool in_kb_gene = false;
    bool reportable = false;                    // protein-altering, splice-affecting or unknown
    std::vector<BiomarkerHit> hits;
    // Genome-build cross-check at loci whose reference base the knowledgebase knows.
    int xcheck_declared = 0;   // +1 REF fits the declared build there, -1 it does not, 0 no locus
    bool xcheck_other_ref = false;    // REF fits the other build at a locus it knows
    bool xcheck_other_exact = false;  // the record is exactly a known allele of the other build
    // Set by the pipeline on a record it does not list (not in a knowledgebase gene, not reportable,
    // no hit) but leaves in its batch's vector to spare moving the others: interpretation skips it.
    bool dropped = false;
};

// Exon-level location of a variant on a gene's exon table (no CDS needed): exon/intron number,
// splice donor/acceptor/region, and in-frame/frameshift for indels inside internal exons.
TranscriptConsequence locate_on_exons(const kb::ExonTable& table, const Variant& v);

// True when the consequence terms make a variant reportable (or when they are unknown).
bool is_reportable(const std::vector<std::string>& terms);
bool class_matches(kb::VariantClass cls, const std::vector<std::string>& terms);

// Protein, codon, exon and gene-class rules against one transcript consequence.
bool leaf_matches(const kb::Rule& rule, const TranscriptConsequence& csq);

// Highest population allele frequency known for the variant: the file's INFO fields or the
// consequence annotator's (gnomAD etc.); nothing when neither gives one.
std::optional<double> population_af(const MatchedVariant& m);

MatchedVariant match_variant(Variant v, const kb::KbIndex& index, const AnnotationSchema& schema,
                             const ConsequenceOptions& copts = {});
// The same, filling `m` (default-constructed) in place: the streaming pipeline matches straight
// into its batch's vector instead of moving a 1.3 kB result there.
void match_variant_into(MatchedVariant& m, Variant&& v, const kb::KbIndex& index, const AnnotationSchema& schema,
                        const ConsequenceOptions& copts = {});

}  // namespace oncomatch
