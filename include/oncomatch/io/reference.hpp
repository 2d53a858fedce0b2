#pragma once
// Reference FASTA access (faidx) for left-alignment and REF checks. Used only by the serial
// read stage.
#include <cstdint>
#include <string>

#include "oncomatch/io/hts.hpp"

namespace oncomatch {

class ReferenceFasta {
public:
    explicit ReferenceFasta(const std::string& path);
    // Upper-case bases [beg0, end0) of a contig (any of "7"/"chr7" naming); "" when unknown.
    std::string fetch(const std::string& chrom, std::int64_t beg0, std::int64_t end0) const;
    bool has_contig(const std::string& chrom) const;
    const std::string& path() const { return path_; }

private:
    std::string resolve(const std::string& chrom) const;
    std::string path_;
    hts::Fai fai_;
};

}  // namespace oncomatch
