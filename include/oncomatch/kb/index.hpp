#pragma once
// The frozen per-build index over a knowledgebase: gene intervals, exact alleles, per-gene rule
// lists, the regions a streaming reader must look at, and the reference bases the knowledgebase
// knows (for the genome-build cross-check). Built once, then read concurrently without locks.
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "oncomatch/kb/knowledgebase.hpp"

namespace oncomatch::kb {

// Sorted, merged 0-based half-open intervals per normalised chromosome.
class RegionSet {
public:
    void add(const std::string& chrom, std::int64_t beg0, std::int64_t end0);
    void finalise();  // sort and merge
    bool overlaps(const std::string& chrom, std::int64_t beg0, std::int64_t end0) const;
    bool contains(const std::string& chrom, std::int64_t beg0, std::int64_t end0) const;  // fully inside
    const std::vector<std::pair<std::int64_t, std::int64_t>>* on(const std::string& chrom) const;
    std::vector<std::string> chroms() const;
    bool empty() const { return by_chrom_.empty(); }
    std::size_t size() const;

private:
    std::unordered_map<std::string, std::vector<std::pair<std::int64_t, std::int64_t>>> by_chrom_;
};

struct AlleleHit {
    std::size_t biomarker;
    bool from_rule;  // true: the biomarker's own allele rule; false: a known encoding ('alleles')
};

struct GeneRules {
    std::vector<std::size_t> protein, codon, exon, gene_class;
};

class KbIndex {
public:
    KbIndex(const Knowledgebase& kb, Build build);

    Build build() const { return build_; }
    const Knowledgebase& kb() const { return *kb_; }

    // Genes (indices into kb().genes) whose location overlaps [beg0, end0) on chrom.
    std::vector<std::size_t> genes_at(const std::string& chrom, std::int64_t beg0, std::int64_t end0) const;
    const std::vector<AlleleHit>* alleles(const std::string& chrom, std::int64_t pos0, const std::string& ref,
                                          const std::string& alt) const;
    const GeneRules* rules_for(const std::string& gene) const;

    // Regions a reader must parse: gene spans and allele loci of this build, plus the allele
    // loci of the other build (for the cross-check).
    const RegionSet& regions() const { return regions_; }
    // The part of regions() where a file without consequence annotation can hold anything worth
    // reporting: the exons of genes with an exon table, widened by kSplicePad bases for splice
    // variants, the whole span of genes without one, and every allele locus. Outside it an
    // unannotated record can only be intronic or intergenic, which is never listed.
    const RegionSet& coding_regions() const { return coding_regions_; }
    static constexpr std::int64_t kSplicePad = 12;
    // Reference base the knowledgebase knows at a locus, per build (0 when unknown).
    char known_ref(Build b, const std::string& chrom, std::int64_t pos0) const;
    // Known alleles of build b at a locus (for the exact-allele test of the cross-check).
    bool is_known_allele(Build b, const std::string& chrom, std::int64_t pos0, const std::string& ref,
                         const std::string& alt) const;

private:
    static std::string key(const std::string& chrom, std::int64_t pos0);
    const Knowledgebase* kb_;
    Build build_;
    struct GeneSpan {
        std::int64_t beg0, end0;
        std::size_t gene;
    };
    std::unordered_map<std::string, std::vector<GeneSpan>> genes_by_chrom_;  // sorted by beg0
    std::int64_t max_gene_len_ = 0;
    std::unordered_map<std::string, std::vector<AlleleHit>> alleles_;  // chrom:pos0:ref:alt
    std::unordered_map<std::string, GeneRules> rules_;
    RegionSet regions_;
    RegionSet coding_regions_;
    std::unordered_map<std::string, char> known_ref_[kBuildCount];
    std::unordered_map<std::string, int> known_allele_[kBuildCount];
};

}  // namespace oncomatch::kb
