// Standard genetic code translation and SO term severity order (see consequence.hpp).
#include <array>
#include <string>
#include <string_view>

#include "oncomatch/hgvs/consequence.hpp"

namespace oncomatch::hgvs {

namespace {
int base_index(char c) {
    switch (c) {
        case 'T': case 't': return 0;
        case 'C': case 'c': return 1;
        case 'A': case 'a': return 2;
        case 'G': case 'g': return 3;
        default: return -1;
    }
}
// TCAG order: first base slowest.
constexpr std::string_view kCode = "FFLLSSSSYY**CC*WLLLLPPPPHHQQRRRRIIIMTTTTNNKKSSRRVVVVAAAADDEEGGGG";

constexpr std::array<std::string_view, 28> kSeverity = {
    "transcript_ablation", "splice_acceptor_variant", "splice_donor_variant", "stop_gained", "frameshift_variant",
    "stop_lost", "start_lost", "transcript_amplification", "inframe_insertion", "inframe_deletion",
    "missense_variant", "protein_altering_variant", "splice_donor_5th_base_variant", "splice_region_variant",
    "splice_donor_region_variant", "splice_polypyrimidine_tract_variant", "incomplete_terminal_codon_variant",
    "start_retained_variant", "stop_retained_variant", "synonymous_variant", "coding_sequence_variant",
    "5_prime_UTR_variant", "3_prime_UTR_variant", "non_coding_transcript_exon_variant", "intron_variant",
    "non_coding_transcript_variant", "upstream_gene_variant", "downstream_gene_variant"};
}  // namespace

char translate_codon(const char* c) {
    const int a = base_index(c[0]), b = base_index(c[1]), d = base_index(c[2]);
    if (a < 0 || b < 0 || d < 0) return 'X';
    return kCode[static_cast<std::size_t>(a * 16 + b * 4 + d)];
}

std::string translate(std::string_view cds) {
    std::string p;
    p.reserve(cds.size() / 3);
    for (std::size_t i = 0; i + 3 <= cds.size(); i += 3) p.push_back(translate_codon(cds.data() + i));
    return p;
}

int severity(std::string_view t) {
    for (std::size_t i = 0; i < kSeverity.size(); ++i)
        if (kSeverity[i] == t) return static_cast<int>(i);
    return static_cast<int>(kSeverity.size());
}

}  // namespace oncomatch::hgvs
