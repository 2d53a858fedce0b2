#pragma once
// Helpers for the interpreter tests: a knowledgebase written from YAML on top of the base
// fixture (tests/unit/kb_fixture.hpp), hand-made variants, one interpretation run, and lookups of
// findings and therapy lines by their knowledgebase ids.
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "../kb_fixture.hpp"
#include "oncomatch/interpret/interpret.hpp"

namespace oncomatch::test {

// The base knowledgebase plus `curated` (written to curated/test.yaml); `extra` may add files first.
struct KbFixture {
    TempDir tmp;
    std::shared_ptr<const kb::Knowledgebase> kb;
    std::unique_ptr<kb::KbIndex> index;
    explicit KbFixture(const std::string& curated, const std::function<void(const fs::path&)>& extra = {}) {
        write_base_kb(tmp.path());
        if (extra) extra(tmp.path());
        write_file(tmp / "curated/test.yaml", curated);
        kb = load_kb(tmp.path());
        index = std::make_unique<kb::KbIndex>(*kb, Build::GRCh38);
    }
};

inline Variant snv(const std::string& chrom, std::int64_t pos1, const std::string& ref, const std::string& alt, bool pass = true) {
    Variant v;
    v.chrom = chrom;
    v.chrom_norm = chrom;
    v.pos0 = pos1 - 1;
    v.vcf_pos = pos1;
    v.ref = v.vcf_ref = ref;
    v.alt = v.vcf_alt = alt;
    v.all_alts = {alt};
    v.pass = pass;
    v.filter = pass ? "PASS" : "LowQual";
    return v;
}

inline Variant braf_v600e() { return snv("7", 140753336, "A", "T"); }
inline Variant kras_g12c(bool pass = true) { return snv("12", 25245351, "C", "A", pass); }

inline Report run(const KbFixture& f, std::vector<Variant> vs, const std::string& tumour,
                  std::vector<std::pair<std::string, std::string>> clinical = {}, const kb::RegionSet* target = nullptr) {
    std::vector<MatchedVariant> calls;
    for (auto& v : vs) calls.push_back(match_variant(std::move(v), *f.index, AnnotationSchema{}));
    InterpretOptions o;
    o.tumor_type = tumour;
    o.clinical = std::move(clinical);
    o.target = target;
    return interpret(*f.index, std::move(calls), o);
}

inline const Finding* finding(const Report& r, const KbFixture& f, const std::string& bm_id) {
    for (const auto& x : r.findings)
        if (f.kb->biomarkers[x.biomarker].id == bm_id) return &x;
    return nullptr;
}

inline const TherapyLine& therapy(const Finding& fd, const KbFixture& f, const std::string& ev_id) {
    for (const auto& t : fd.therapies)
        if (f.kb->evidence[t.evidence].id == ev_id) return t;
    FAIL("no therapy line for " << ev_id);
    return fd.therapies.front();
}

inline bool any_contains(const std::vector<std::string>& v, const std::string& s) {
    for (const auto& x : v)
        if (x.find(s) != std::string::npos) return true;
    return false;
}

}  // namespace oncomatch::test
