#pragma once
// Reference FASTA access (faidx): left-alignment and REF checks in the serial read stage, and
// (through SharedReference) genome sequence for the HGVS 3' rule in the match stage.
#include <cstdint>
#include <mutex>
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

// The same FASTA for the parallel match stage, through its own faidx handle (the reader's stays
// with the serial read stage): fetches are serialised, since a faidx handle is not thread-safe.
class SharedReference {
public:
    explicit SharedReference(const std::string& path) : fa_(path) {}
    std::string fetch(const std::string& chrom, std::int64_t beg0, std::int64_t end0) const {
        std::lock_guard<std::mutex> lock(m_);
        return fa_.fetch(chrom, beg0, end0);
    }

private:
    ReferenceFasta fa_;
    mutable std::mutex m_;
};

}  // namespace oncomatch
