#pragma once
// A minimal knowledgebase folder written into a temp dir: manifest, a small OncoTree, the BRAF
// exon table (GRCh38, real coordinates from knowledgebase/genes/exons.GRCh38.tsv), BRAF and
// KRAS gene entries and a few drugs. Tests add their own biomarkers and evidence as YAML.
#include <string>

#include "test_support.hpp"
#include "oncomatch/kb/index.hpp"
#include "oncomatch/kb/loader.hpp"

namespace oncomatch::test {

inline void write_base_kb(const fs::path& dir) {
    write_file(dir / "kb.yaml",
               "name: test-kb\n"
               "version: \"1\"\n"
               "builds: [GRCh38]\n"
               "sources:\n"
               "  - {name: unit tests, licence: CC0}\n");
    write_file(dir / "oncotree" / "oncotree.tsv",
               "code\tparent\tname\tmain_type\ttissue\n"
               "TISSUE\t\tTissue\t\t\n"
               "LUNG\tTISSUE\tLung\tLung Cancer\tLung\n"
               "NSCLC\tLUNG\tNon-Small Cell Lung Cancer\tNon-Small Cell Lung Cancer\tLung\n"
               "LUAD\tNSCLC\tLung Adenocarcinoma\tNon-Small Cell Lung Cancer\tLung\n"
               "BOWEL\tTISSUE\tBowel\tBowel Cancer\tBowel\n"
               "COADREAD\tBOWEL\tColorectal Adenocarcinoma\tColorectal Cancer\tBowel\n"
               "SKIN\tTISSUE\tSkin\tSkin Cancer\tSkin\n"
               "MEL\tSKIN\tMelanoma\tMelanoma\tSkin\n"
               "MYELOID\tTISSUE\tMyeloid\tMyeloid\tMyeloid\n"
               "AML\tMYELOID\tAcute Myeloid Leukemia\tLeukemia\tMyeloid\n");
    write_file(dir / "genes" / "exons.GRCh38.tsv",
               "gene\ttranscript\tchrom\tstrand\texon\tstart\tend\n"
               "BRAF\tENST00000288602.10\t7\t-\t1\t140924566\t140924764\n"
               "BRAF\tENST00000288602.10\t7\t-\t2\t140850111\t140850212\n"
               "BRAF\tENST00000288602.10\t7\t-\t3\t140834609\t140834872\n"
               "BRAF\tENST00000288602.10\t7\t-\t4\t140808892\t140808995\n"
               "BRAF\tENST00000288602.10\t7\t-\t5\t140807960\t140808062\n"
               "BRAF\tENST00000288602.10\t7\t-\t6\t140801412\t140801560\n"
               "BRAF\tENST00000288602.10\t7\t-\t7\t140800362\t140800481\n"
               "BRAF\tENST00000288602.10\t7\t-\t8\t140794308\t140794467\n"
               "BRAF\tENST00000288602.10\t7\t-\t9\t140787548\t140787584\n"
               "BRAF\tENST00000288602.10\t7\t-\t10\t140783021\t140783157\n"
               "BRAF\tENST00000288602.10\t7\t-\t11\t140781576\t140781693\n"
               "BRAF\tENST00000288602.10\t7\t-\t12\t140777991\t140778075\n"
               "BRAF\tENST00000288602.10\t7\t-\t13\t140776912\t140777088\n"
               "BRAF\tENST00000288602.10\t7\t-\t14\t140754187\t140754233\n"
               "BRAF\tENST00000288602.10\t7\t-\t15\t140753275\t140753393\n"
               "BRAF\tENST00000288602.10\t7\t-\t16\t140749287\t140749418\n"
               "BRAF\tENST00000288602.10\t7\t-\t17\t140739812\t140739946\n"
               "BRAF\tENST00000288602.10\t7\t-\t18\t140734479\t140734770\n");
    write_file(dir / "genes" / "genes.yaml",
               "genes:\n"
               "  - symbol: BRAF\n"
               "    role: oncogene\n"
               "    transcripts:\n"
               "      GRCh38: {ensembl: ENST00000646891.2, refseq: NM_004333.6}\n"
               "    location:\n"
               "      GRCh38: {chrom: \"7\", start: 140734479, end: 140924764}\n"
               "  - symbol: KRAS\n"
               "    role: oncogene\n"
               "    location:\n"
               "      GRCh38: {chrom: \"12\", start: 25205246, end: 25250929}\n");
    write_file(dir / "drugs" / "drugs.yaml",
               "drugs:\n"
               "  - {name: dabrafenib, synonyms: [Tafinlar], classes: [braf_inhibitor], names: {zh: 达拉非尼}}\n"
               "  - {name: trametinib, synonyms: [Mekinist], classes: [mek_inhibitor]}\n"
               "  - {name: vemurafenib, classes: [braf_inhibitor]}\n"
               "  - {name: encorafenib, classes: [braf_inhibitor]}\n"
               "  - {name: cetuximab, classes: [egfr_antibody]}\n"
               "  - {name: lapatinib, classes: [her2_inhibitor]}\n"
               "  - {name: sotorasib, classes: [kras_g12c_inhibitor]}\n");
}

// The BRAF V600E biomarker with its GRCh38 encoding and a KRAS G12C allele biomarker.
inline const char* kBrafKrasBiomarkers =
    "biomarkers:\n"
    "  - id: BM-BRAF-V600E\n"
    "    label: BRAF V600E\n"
    "    gene: BRAF\n"
    "    rule: {protein: V600E}\n"
    "    alleles:\n"
    "      GRCh38:\n"
    "        - {chrom: \"7\", pos: 140753336, ref: A, alt: T}\n"
    "  - id: BM-KRAS-G12C\n"
    "    label: KRAS G12C\n"
    "    gene: KRAS\n"
    "    rule:\n"
    "      allele:\n"
    "        GRCh38:\n"
    "          - {chrom: \"12\", pos: 25245351, ref: C, alt: A}\n";

inline std::shared_ptr<const kb::Knowledgebase> load_kb(const fs::path& dir) {
    kb::LoadOptions o;
    o.dir = dir;
    o.use_cache = false;  // test the loader itself, and never write into the user's cache
    return kb::load_knowledgebase(o);
}

// All issues of a failing load, one "file:line:col: what" per entry.
inline std::vector<std::string> load_issues(const fs::path& dir) {
    try {
        load_kb(dir);
    } catch (const kb::KbLoadError& e) {
        std::vector<std::string> out;
        for (const auto& i : e.issues()) out.push_back(i.where.str() + ": " + i.what + (i.hint.empty() ? "" : " [" + i.hint + "]"));
        return out;
    }
    FAIL("expected the knowledgebase load to fail");
    return {};
}

inline bool contains_issue(const std::vector<std::string>& issues, const std::string& text) {
    for (const auto& i : issues)
        if (i == text) return true;
    std::string all;
    for (const auto& i : issues) all += "\n  " + i;
    MESSAGE("issue not found: " << text << "\nissues:" << all);
    return false;
}

}  // namespace oncomatch::test
