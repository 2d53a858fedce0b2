#pragma once
// Genome builds and contig naming. oncomatch supports GRCh37 and GRCh38; the build of an input
// is read from its ##contig lengths, else its ##reference= line, and checked against --genome.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace oncomatch {

enum class Build { GRCh37 = 0, GRCh38 = 1 };
inline constexpr int kBuildCount = 2;

std::string_view build_name(Build b);
std::optional<Build> parse_build(std::string_view s);  // "GRCh38", "hg38", "grch37", "hg19", "b37"...
Build other_build(Build b);

// "chr7" -> "7", "chrM"/"M" -> "MT"; anything else unchanged.
std::string normalise_chrom(std::string_view chrom);

// Length of a primary contig (1-22, X, Y, MT; any naming) in a build, or 0 when not primary.
long long primary_contig_length(Build b, std::string_view chrom);

struct ContigInfo {
    std::string name;
    long long length = 0;  // 0 when the header gives none
};

struct BuildEvidence {
    std::optional<Build> from_contigs;
    std::optional<Build> from_reference;
    std::string contig_detail;     // e.g. "##contig chr1 length 248956422"
    std::string reference_line;    // the ##reference value
    bool contigs_conflict = false; // some lengths fit GRCh37, others GRCh38
    std::string conflict_detail;
};

BuildEvidence detect_build(const std::vector<ContigInfo>& contigs, std::string_view reference_value);

}  // namespace oncomatch
