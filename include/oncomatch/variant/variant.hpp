#pragma once
// The variant model shared by every stage after the reader. Coordinates are 0-based half-open
// inside oncomatch: `pos0` is the 0-based position of the first REF base, so the REF allele
// covers [pos0, pos0 + ref.size()). VCF's 1-based POS is pos0 + 1 and is converted only at the
// edges (reader, reports, error messages).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace oncomatch {

// One transcript-level consequence as written by an annotator into the file (VEP CSQ,
// SnpEff ANN, bcftools BCSQ), or computed by oncomatch itself.
struct TranscriptConsequence {
    std::string source;        // "vep", "snpeff", "bcsq", "own"
    std::string gene;
    std::string transcript;    // as written (versioned when the file has versions)
    std::string hgvsc;         // "c.2573T>G" (no transcript prefix)
    std::string hgvsp;         // "p.Leu858Arg" (no transcript prefix)
    std::string hgvsp_short;   // "L858R"
    std::vector<std::string> consequences;  // Sequence Ontology terms, most severe first as given
    std::string exon;          // "21/28"
    std::string intron;        // "18/27"
    bool canonical = false;    // the annotator flagged it (VEP CANONICAL / MANE_SELECT)
    std::optional<double> population_af;  // highest population AF the annotator reported
};

// One ALT allele of a VCF record, after splitting multi-allelic records and normalising.
struct Variant {
    std::string chrom;        // as in the file
    std::string chrom_norm;   // "7" for "chr7"
    std::int64_t pos0 = 0;    // 0-based start of `ref`
    std::string ref;
    std::string alt;
    // Where it came from, for messages and reports.
    std::uint64_t record_no = 0;   // 1-based data record number; 0 when unknown (read by index region)
    std::uint64_t line_no = 0;     // 1-based line in a text VCF (0 for BCF)
    std::int64_t vcf_pos = 0;      // POS as written (1-based)
    std::string vcf_ref;           // REF as written
    std::string vcf_alt;           // this ALT as written
    int alt_index = 1;             // 1-based index of the ALT in the record
    int n_alts = 1;
    std::string id;                // VCF ID column
    std::string filter;            // "PASS" or the failing filters joined with ';'
    bool pass = true;
    std::optional<int> depth;      // tumour depth, when the file gives one
    std::optional<double> vaf;     // tumour allele fraction, when the file gives one
    std::string depth_source;      // which field gave it, e.g. "FORMAT/AD" (for the QC section)
    std::optional<double> population_af;  // INFO-level population frequency (gnomAD etc.)
    bool somatic_flag = false;     // INFO/SOMATIC
    // Raw annotation strings of the record (shared by its ALTs), parsed in the match stage.
    std::string info_csq;   // VEP
    std::string info_ann;   // SnpEff
    std::string info_bcsq;  // bcftools csq
    std::vector<std::string> all_alts;  // every ALT of the record as written (for allele matching)
    std::vector<TranscriptConsequence> file_consequences;

    std::int64_t end0() const { return pos0 + static_cast<std::int64_t>(ref.size()); }
    bool is_snv() const { return ref.size() == 1 && alt.size() == 1; }
};

// "chr7:55191822 T>G" as written in the file: how errors and reports name a record.
std::string describe_record(const Variant& v);

}  // namespace oncomatch
