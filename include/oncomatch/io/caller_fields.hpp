#pragma once
// Tumour depth and allele fraction from the FORMAT/INFO fields of the common somatic callers:
// generic AD/DP/AF, MuTect 1 (FA), Mutect2 (AF, AD), Strelka 1/2 (AU/CU/GU/TU, TAR/TIR),
// VarScan 2 (FREQ, AD+RD), MuSE, SomaticSniper (DP4), Pindel, RADIA, FreeBayes (AO/RO),
// VarDict (AF, AD, VD), DeepVariant (VAF, AD) and the TCGA examples' DPT/ADT and INFO TVAF/TDP.
// Unknown stays unknown: a missing value is never reported as zero.
#include <optional>
#include <string>

#include "oncomatch/io/hts.hpp"

namespace oncomatch {

struct DepthVaf {
    std::optional<int> depth;
    std::optional<double> vaf;
    std::string depth_source;  // e.g. "FORMAT/DP"
    std::string vaf_source;    // e.g. "FORMAT/AD"
};

struct CallerFieldOptions {
    std::string vaf_field;    // --vaf-field (FORMAT first, then INFO)
    std::string depth_field;  // --depth-field
};

// sample: index of the tumour column (-1 when the file has none); alt: 1-based ALT index.
DepthVaf extract_depth_vaf(const bcf_hdr_t* hdr, bcf1_t* rec, int sample, int alt, const CallerFieldOptions& opts);

}  // namespace oncomatch
