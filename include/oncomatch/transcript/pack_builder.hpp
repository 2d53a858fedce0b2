#pragma once
// `oncomatch genes build`: transcript models (GTF/GFF3 rows) + genome FASTA -> transcript pack.
// Each transcript's spliced sequence is cut from the genome, its CDS is checked (whole codons,
// ends in a stop, no internal stop; the stop codon is added when the file's CDS rows exclude
// it), and one transcript per gene is marked preferred: the knowledgebase's choice, else the
// file's MANE Select, else Ensembl canonical, else the longest CDS.
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "oncomatch/io/reference.hpp"
#include "oncomatch/transcript/gene_models.hpp"
#include "oncomatch/transcript/pack.hpp"

namespace oncomatch::tx {

struct PackBuildOptions {
    std::string genome;                 // GRCh37 | GRCh38
    std::set<std::string> genes;        // empty: every gene of the file
    std::map<std::string, std::set<std::string>> preferred;  // gene -> versionless transcript ids (knowledgebase)
    std::string source;                 // per-transcript source label, e.g. "gtf:gencode.v44.annotation.gtf.gz"
    std::int64_t fasta_offset = 0;      // genomic 0-based position of the FASTA's first base (slices)
    std::string fasta_path;             // for messages
    std::int64_t flank = kDefaultFlank; // genome bases kept on each side of every exon (HGVS 3' rule in introns)
    static constexpr std::int64_t kDefaultFlank = 100;
};

struct PackBuildSummary {
    std::size_t transcripts = 0, genes = 0, coding = 0;
    std::size_t cds_dropped = 0;        // CDS incomplete or not translatable: kept as non-coding
    std::size_t no_exons = 0;           // transcripts without exon rows (skipped)
    std::vector<std::string> notes;     // first few CDS problems
};

Pack build_pack_from_models(const std::vector<RawTranscript>& models, const ReferenceFasta& fasta, const PackBuildOptions& opts,
                            PackBuildSummary& summary);

}  // namespace oncomatch::tx
