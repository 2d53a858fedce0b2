#pragma once
// Reading transcript models from the standard public annotation files: GENCODE / Ensembl GTF,
// RefSeq GFF3 and MANE GFF3 (plain or gzip). Only exon, CDS and stop_codon rows (and, for
// GFF3, the mRNA/transcript rows that carry ids and tags) are used. Errors name file:line.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace oncomatch::tx {

enum class ModelFormat { gtf, gff3 };

struct RawTranscript {
    std::string id;        // versioned when the file gives a version
    std::string gene;      // gene symbol
    std::string seqid;     // as in the file ("17", "chr17", "NC_000017.11", "minigenome")
    char strand = '+';
    std::string biotype;
    bool mane_select = false, canonical = false;
    std::vector<std::pair<std::int64_t, std::int64_t>> exons;  // genomic 0-based half-open (any order)
    std::vector<std::pair<std::int64_t, std::int64_t>> cds;    // CDS (+ stop_codon) rows, same convention
    std::uint64_t first_line = 0;  // where the transcript first appears (for messages)
};

// All transcripts of the file, in order of first appearance.
std::vector<RawTranscript> read_gene_models(const std::string& path, ModelFormat format);

// "chr17" -> "17", "NC_000017.11" -> "17" (RefSeq chromosome accessions), else unchanged.
std::string chrom_from_seqid(const std::string& seqid);

}  // namespace oncomatch::tx
