#pragma once
// Allele normalisation, as bcftools norm does it: trim bases shared by REF and ALT (right, then
// left, keeping one anchor base for indels) and, when a reference is available, left-align
// indels through repeats. Coordinates are 0-based (see variant.hpp).
#include <cstdint>
#include <functional>
#include <string>

namespace oncomatch {

struct Allele {
    std::int64_t pos0 = 0;
    std::string ref;
    std::string alt;
};

// Trim shared suffix then shared prefix; keeps at least one base on each side.
Allele trim_allele(Allele a);

// Fetch reference bases [beg, end) of the variant's chromosome, upper case; empty when unknown.
using RefFetcher = std::function<std::string(std::int64_t beg, std::int64_t end)>;

// Left-align an indel (after trimming) using the reference; SNVs/MNVs are returned unchanged.
Allele left_align(Allele a, const RefFetcher& fetch);

// Symbolic or non-ACGTN alleles are left as they are (and are not normalised).
bool is_plain_sequence(const std::string& s);

}  // namespace oncomatch
