#pragma once
// oncomatch's own consequence annotation: for a variant and a transcript model, the Sequence
// Ontology consequence, exon/intron number, HGVS c. (intronic offsets, dup, 3' rule on the
// genome, through introns as far as the pack holds sequence) and HGVS p. (three- and one-letter). Pure functions on the frozen pack: called
// from the parallel match stage.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "oncomatch/transcript/pack.hpp"
#include "oncomatch/variant/variant.hpp"

namespace oncomatch::hgvs {

// Distance within which a variant before/after a transcript is upstream/downstream (as VEP).
inline constexpr std::int64_t kUpDownDistance = 5000;

struct RefMismatch {
    std::string transcript;
    std::string expected;  // the pack's bases (genomic + strand)
    std::string found;     // the VCF's REF bases (trimmed)
};

struct Annotation {
    TranscriptConsequence csq;                 // source "own"
    std::optional<RefMismatch> ref_mismatch;   // REF differs from the transcript sequence
    // The HGVS 3' rule could not be completed: an indel's shift reached genome sequence the pack
    // does not hold (beyond the exons and the stored flanks). hgvsc is then the most 3' position
    // the known sequence proves, which may not be the final one.
    bool shift_incomplete = false;
};

// Genome sequence around a variant from the reference FASTA (annotate --reference): the 3' rule
// continues through it where the pack holds no sequence (introns beyond its flanks).
struct GenomeWindow {
    std::int64_t beg0 = 0;  // 0-based start of seq on the contig
    std::string seq;        // + strand, upper case
    char base(std::int64_t g) const {  // 0 outside the window or for N
        if (g < beg0 || g >= beg0 + static_cast<std::int64_t>(seq.size())) return 0;
        const char b = seq[static_cast<std::size_t>(g - beg0)];
        return b == 'N' ? 0 : b;
    }
};
// Bases fetched on each side of an indel for its window: a 3' shift longer than this is reported
// as incomplete.
inline constexpr std::int64_t kGenomeWindowFlank = 1000;

// One allele on one transcript: nullopt when the variant is farther than kUpDownDistance.
// `pos0`/`ref`/`alt` as in Variant (0-based, + strand, any shared anchor bases allowed).
std::optional<Annotation> annotate_transcript(const tx::Transcript& t, std::int64_t pos0, const std::string& ref,
                                              const std::string& alt, const GenomeWindow* genome = nullptr);

// Every transcript of the pack the variant touches, the preferred transcript of each gene first.
// Symbolic or non-ACGTN alleles give no annotation.
std::vector<Annotation> annotate_variant(const tx::Pack& pack, const Variant& v, const GenomeWindow* genome = nullptr);

// Translation with the standard genetic code ('X' for codons with N).
char translate_codon(const char* codon);
std::string translate(std::string_view cds);

// SO severity rank (lower = more severe), as VEP orders terms.
int severity(std::string_view so_term);

}  // namespace oncomatch::hgvs
