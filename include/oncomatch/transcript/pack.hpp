#pragma once
// Transcript pack: the gene models oncomatch annotates against (exons, CDS, strand, spliced
// transcript sequence, gene, versioned id, source). Built by `oncomatch genes build` (GTF/GFF3
// + genome FASTA) or scripts/build_pack.py (the bundled default packs), stored as a versioned
// text file with a content hash, loaded once and shared read-only by all match threads.
//
// Coordinates: genomic 0-based half-open [g_beg0, g_end0) on the + strand; transcript 0-based
// half-open offsets into `seq` (transcript orientation, 5'->3'). Exons are listed in transcript
// order (exon 1 first); exon i covers seq[t_beg0, t_end0) (gapless: every exon base is in seq).
#include <cstdint>
#include <filesystem>
#include <string>
#include <unordered_map>
#include <vector>

namespace oncomatch::tx {

inline constexpr int kPackFormatVersion = 2;  // 2 added the flanks column; format 1 packs still load

// Genomic sequence beside the exons (introns, up/downstream), + strand, for the HGVS 3' rule on
// intronic and exon-boundary indels. Only what a real genome gave the pack builder: may be empty.
struct Flank {
    std::int64_t g_beg0 = 0;
    std::string seq;  // upper case, + strand, covers [g_beg0, g_beg0 + seq.size())
};

struct Exon {
    std::int64_t g_beg0 = 0, g_end0 = 0;  // genomic, + strand, half-open
    std::int64_t t_beg0 = 0, t_end0 = 0;  // transcript offsets, half-open
};

struct Transcript {
    std::string gene;
    std::string id;        // versioned when the source has a version ("NM_005228.4", "ENST00000275493.7")
    std::string source;    // where the model came from ("uta", "cellbase", "gencode_gtf:file", ...)
    std::string chrom;     // without "chr" ("7", "X", "MT")
    char strand = '+';
    bool preferred = false;  // MANE Select / canonical / the knowledgebase's choice for the gene
    bool lifted = false;     // coordinates lifted from the other build with a chain file
    std::vector<Exon> exons; // transcript order
    std::int64_t cds_beg0 = -1, cds_end0 = -1;  // transcript offsets, half-open, stop codon included; -1 = non-coding
    std::string seq;         // spliced transcript sequence, upper case, transcript orientation
    std::vector<Flank> flanks;  // sorted by g_beg0, not overlapping the exons; empty = none known
    std::string protein;     // translation of the CDS, stop included (derived by Pack::finalise; "" when non-coding)
    std::int64_t g_beg0 = 0, g_end0 = 0;        // genomic span (derived)

    bool coding() const { return cds_beg0 >= 0 && cds_end0 > cds_beg0; }
    // The + strand genomic base at g from the exons or the flanks; 0 when the pack does not know it
    // (or knows it only as N).
    char genomic_base(std::int64_t g) const;
    std::string versionless_id() const;
};

struct Pack {
    int format_version = kPackFormatVersion;
    std::string genome;        // "GRCh37" | "GRCh38"
    std::string content_hash;  // sha256 of the body lines (transcripts) as written
    std::vector<std::string> notes;  // "##source=..." lines, free text provenance
    std::vector<Transcript> transcripts;  // sorted by chrom, g_beg0, gene, id (after finalise())

    // Transcripts whose span, widened by `flank` bases, overlaps [beg0, end0) on chrom.
    void overlapping(const std::string& chrom, std::int64_t beg0, std::int64_t end0, std::int64_t flank,
                     std::vector<const Transcript*>& out) const;
    // All transcripts of a gene (preferred first), empty when the gene has no model.
    std::vector<const Transcript*> of_gene(const std::string& gene) const;
    bool has_gene(const std::string& gene) const { return by_gene_.count(gene) != 0; }
    std::vector<std::string> genes() const;  // sorted
    // Sorts, derives spans and transcript offsets, checks every model (throws InputError naming
    // `where` and the transcript) and builds the lookups.
    void finalise(const std::string& where);

private:
    std::unordered_map<std::string, std::vector<std::size_t>> by_gene_;
    std::unordered_map<std::string, std::vector<std::size_t>> by_chrom_;  // indices sorted by g_beg0
    std::int64_t max_span_ = 0;
};

// Text form: "##oncomatch-transcript-pack\t1", "##genome\tGRCh38", "##content-sha256\t<hex>",
// "##source\t<text>"..., a "#gene..." column line, then one line per transcript:
// gene, id, chrom, strand, flags (preferred,lifted or .), source, cds ("beg-end" transcript
// offsets or .), exons ("beg-end,..." genomic, transcript order), sequence, and (format 2)
// flanks ("beg:SEQ,..." genomic + strand sequence beside the exons, or .).
// The complementary base of an upper-case A/C/G/T; N for anything else.
char complement_base(char c);

std::string pack_to_text(const Pack& pack);  // also sets nothing: hash computed from the body
Pack read_pack(const std::filesystem::path& path);
Pack parse_pack(const std::string& text, const std::string& where);
void write_pack(const Pack& pack, const std::filesystem::path& path);  // atomic

}  // namespace oncomatch::tx
