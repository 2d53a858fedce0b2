// Frozen per-build index (see header): interval lookups and hash maps, built once per run.
#include "oncomatch/kb/index.hpp"

#include <algorithm>

namespace oncomatch::kb {

void RegionSet::add(const std::string& chrom, std::int64_t beg0, std::int64_t end0) {
    if (end0 <= beg0) end0 = beg0 + 1;
    by_chrom_[chrom].emplace_back(beg0, end0);
}

void RegionSet::finalise() {
    for (auto& [chrom, v] : by_chrom_) {
        std::sort(v.begin(), v.end());
        std::vector<std::pair<std::int64_t, std::int64_t>> merged;
        for (const auto& iv : v) {
            if (!merged.empty() && iv.first <= merged.back().second) merged.back().second = std::max(merged.back().second, iv.second);
            else merged.push_back(iv);
        }
        v = std::move(merged);
    }
}

const std::vector<std::pair<std::int64_t, std::int64_t>>* RegionSet::on(const std::string& chrom) const {
    auto it = by_chrom_.find(chrom);
    return it == by_chrom_.end() ? nullptr : &it->second;
}

bool RegionSet::overlaps(const std::string& chrom, std::int64_t beg0, std::int64_t end0) const {
    const auto* v = on(chrom);
    if (!v) return false;
    if (end0 <= beg0) end0 = beg0 + 1;
    auto it = std::upper_bound(v->begin(), v->end(), std::make_pair(beg0, INT64_MAX));
    if (it != v->begin() && std::prev(it)->second > beg0) return true;
    return it != v->end() && it->first < end0;
}

bool RegionSet::contains(const std::string& chrom, std::int64_t beg0, std::int64_t end0) const {
    const auto* v = on(chrom);
    if (!v) return false;
    auto it = std::upper_bound(v->begin(), v->end(), std::make_pair(beg0, INT64_MAX));
    if (it == v->begin()) return false;
    --it;
    return it->first <= beg0 && it->second >= end0;
}

std::vector<std::string> RegionSet::chroms() const {
    std::vector<std::string> out;
    for (const auto& [c, _] : by_chrom_) out.push_back(c);
    std::sort(out.begin(), out.end());
    return out;
}

std::size_t RegionSet::size() const {
    std::size_t n = 0;
    for (const auto& [c, v] : by_chrom_) n += v.size();
    return n;
}

std::string KbIndex::key(const std::string& chrom, std::int64_t pos0) { return chrom + ":" + std::to_string(pos0); }

KbIndex::KbIndex(const Knowledgebase& kb, Build build) : kb_(&kb), build_(build) {
    const int bi = static_cast<int>(build);
    for (std::size_t i = 0; i < kb.genes.size(); ++i) {
        const auto& loc = kb.genes[i].location[bi];
        if (!loc) continue;
        genes_by_chrom_[loc->chrom].push_back({loc->beg0, loc->end0, i});
        max_gene_len_ = std::max(max_gene_len_, loc->end0 - loc->beg0);
        regions_.add(loc->chrom, loc->beg0, loc->end0);
        const auto& ex = kb.genes[i].exons[bi];
        if (ex && !ex->exons.empty()) {
            for (const auto& e : ex->exons) coding_regions_.add(ex->chrom, std::max<std::int64_t>(0, e.beg0 - kSplicePad), e.end0 + kSplicePad);
        } else {
            coding_regions_.add(loc->chrom, loc->beg0, loc->end0);
        }
    }
    for (auto& [c, v] : genes_by_chrom_)
        std::sort(v.begin(), v.end(), [](const GeneSpan& a, const GeneSpan& b) { return a.beg0 < b.beg0 || (a.beg0 == b.beg0 && a.gene < b.gene); });

    auto add_alleles = [&](std::size_t bm, const std::array<std::vector<GenomicAllele>, kBuildCount>& per_build, bool from_rule) {
        for (int b = 0; b < kBuildCount; ++b) {
            for (const auto& a : per_build[b]) {
                known_ref_[b][key(a.chrom, a.pos0)] = a.ref[0];
                known_allele_[b][key(a.chrom, a.pos0) + ":" + a.ref + ":" + a.alt] = 1;
                regions_.add(a.chrom, a.pos0, a.pos0 + static_cast<std::int64_t>(a.ref.size()));
                coding_regions_.add(a.chrom, a.pos0, a.pos0 + static_cast<std::int64_t>(a.ref.size()));
                if (b == bi) alleles_[key(a.chrom, a.pos0) + ":" + a.ref + ":" + a.alt].push_back({bm, from_rule});
            }
        }
    };
    for (std::size_t i = 0; i < kb.biomarkers.size(); ++i) {
        const auto& bm = kb.biomarkers[i];
        if (bm.retired) continue;
        const auto& r = bm.rule;
        switch (r.kind) {
            case RuleKind::allele: add_alleles(i, r.alleles, true); break;
            case RuleKind::protein: rules_[r.gene].protein.push_back(i); break;
            case RuleKind::codon: rules_[r.gene].codon.push_back(i); break;
            case RuleKind::exon: rules_[r.gene].exon.push_back(i); break;
            case RuleKind::gene_class: rules_[r.gene].gene_class.push_back(i); break;
            default: break;
        }
        add_alleles(i, bm.alleles, false);
    }
    regions_.finalise();
    coding_regions_.finalise();
}

std::vector<std::size_t> KbIndex::genes_at(const std::string& chrom, std::int64_t beg0, std::int64_t end0) const {
    std::vector<std::size_t> out;
    auto it = genes_by_chrom_.find(chrom);
    if (it == genes_by_chrom_.end()) return out;
    if (end0 <= beg0) end0 = beg0 + 1;
    const auto& v = it->second;
    auto lo = std::lower_bound(v.begin(), v.end(), beg0 - max_gene_len_,
                               [](const GeneSpan& g, std::int64_t x) { return g.beg0 < x; });
    for (; lo != v.end() && lo->beg0 < end0; ++lo)
        if (lo->end0 > beg0) out.push_back(lo->gene);
    return out;
}

const std::vector<AlleleHit>* KbIndex::alleles(const std::string& chrom, std::int64_t pos0, const std::string& ref,
                                               const std::string& alt) const {
    auto it = alleles_.find(key(chrom, pos0) + ":" + ref + ":" + alt);
    return it == alleles_.end() ? nullptr : &it->second;
}

const GeneRules* KbIndex::rules_for(const std::string& gene) const {
    auto it = rules_.find(gene);
    return it == rules_.end() ? nullptr : &it->second;
}

char KbIndex::known_ref(Build b, const std::string& chrom, std::int64_t pos0) const {
    const auto& m = known_ref_[static_cast<int>(b)];
    auto it = m.find(key(chrom, pos0));
    return it == m.end() ? 0 : it->second;
}

bool KbIndex::is_known_allele(Build b, const std::string& chrom, std::int64_t pos0, const std::string& ref,
                              const std::string& alt) const {
    return known_allele_[static_cast<int>(b)].count(key(chrom, pos0) + ":" + ref + ":" + alt) > 0;
}

}  // namespace oncomatch::kb
