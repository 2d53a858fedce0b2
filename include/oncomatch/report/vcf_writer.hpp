#pragma once
// Annotated VCF pass-through for shell pipelines: every input record, in input order and unsplit,
// with ONCOMATCH_TIER / ONCOMATCH_BIOMARKER / ONCOMATCH_THERAPIES INFO tags (Number=A) on records
// whose alleles match a single-variant biomarker or lie in a knowledgebase gene. Filtered records
// and records outside the knowledgebase pass unchanged. Tags describe each allele on its own;
// combined and negated biomarkers are resolved only in the JSON/TSV report, which is authoritative.
#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "oncomatch/interpret/interpret.hpp"
#include "oncomatch/io/vcf_reader.hpp"
#include "oncomatch/kb/index.hpp"
#include "oncomatch/match/matcher.hpp"

namespace oncomatch {

// Tags of one allele; "." where there is nothing to say.
struct AlleleTags {
    std::string tier = ".", biomarkers = ".", therapies = ".";
    bool empty() const { return tier == "." && biomarkers == "." && therapies == "."; }
};

class VcfWriter {
public:
    // `meta` are extra ## lines (without newline) written after the input's own meta lines.
    VcfWriter(std::ostream& out, const kb::KbIndex& index, const InterpretOptions& opts, std::vector<std::string> meta);
    void write_header(const std::string& input_header);
    void write_chunk(const TextChunk& c, const std::vector<MatchedVariant>& variants);
    AlleleTags tags_for(const MatchedVariant& m) const;
    std::uint64_t records_tagged() const { return tagged_; }

private:
    std::ostream& out_;
    const kb::KbIndex& index_;
    InterpretOptions opts_;
    std::vector<std::string> meta_;
    std::uint64_t tagged_ = 0;
};

}  // namespace oncomatch
