// CIViC importer: molecular profiles -> rules, level and direction mapping, and a full import
// of a real 26-row excerpt of the 2026-05 dump (tests/data/civic) with exact expectations for
// rules, levels, diseases, substitutes/combinations, coordinates and the not-imported counts.
#include <doctest/doctest.h>
#include <yaml-cpp/yaml.h>

#include <fstream>
#include <sstream>

#include "../test_support.hpp"
#include "oncomatch/kb_import/civic.hpp"
#include "oncomatch/kb_import/civic_profile.hpp"
#include "oncomatch/util/strings.hpp"

using namespace oncomatch;
using namespace oncomatch::kb_import;
using namespace oncomatch::test;

namespace {

struct Parsed {
    std::string id, rule, gene, reason;
};

Parsed parse(const std::string& profile) {
    auto p = parse_molecular_profile(profile);
    if (!p.rule) return {"", "", "", p.skip_reason};
    return {profile_biomarker_id(*p.rule), profile_rule_yaml(*p.rule, true), profile_gene(*p.rule), ""};
}

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

YAML::Node by_id(const YAML::Node& list, const std::string& id) {
    for (const auto& n : list)
        if (n["id"].as<std::string>() == id) return n;
    FAIL("no entry " << id);
    return {};
}

CivicImportResult run_excerpt(const fs::path& out) {
    CivicImportConfig c;
    c.evidence = data_path("civic/civic_evidence_excerpt_2026-05.tsv");
    c.variants = {data_path("civic/civic_variants_excerpt_2018-05.tsv")};
    c.doid_map = data_path("civic/doid_to_oncotree_excerpt.tsv");
    c.out_dir = out;
    return import_civic(c);
}

}  // namespace

TEST_CASE("civic profiles: single variants") {
    auto p = parse("BRAF V600E");
    CHECK(p.id == "BM-CIVIC-BRAF-V600E");
    CHECK(p.rule == "{protein: V600E}");
    CHECK(p.gene == "BRAF");
    CHECK(parse("KRAS G12").rule == "{codon: G12}");
    CHECK(parse("KRAS G12").id == "BM-CIVIC-KRAS-G12");
    CHECK(parse("PTEN R233*").rule == "{protein: \"R233*\"}");
    CHECK(parse("PTEN R233*").id == "BM-CIVIC-PTEN-R233STOP");
    CHECK(parse("EGFR Y772_A775DUP").rule == "{protein: Y772_A775dup}");
    CHECK(parse("EGFR E746_A750del").rule == "{protein: E746_A750del}");
    CHECK(parse("VHL R200W (c.598C>T)").rule == "{protein: R200W}");
    CHECK(parse("EGFR Exon 19 Deletion").rule == "{exon: {number: 19, class: inframe_deletion}}");
    CHECK(parse("EGFR Exon 19 Deletion").id == "BM-CIVIC-EGFR-EX19DEL");
    CHECK(parse("EGFR Exon 20 Insertion").rule == "{exon: {number: 20, class: inframe_insertion}}");
    CHECK(parse("KIT EXON 11 MUTATION").rule == "{exon: {number: 11, class: protein_altering}}");
    CHECK(parse("ERBB2 Amplification").rule == "{copy_number: amplification}");
    CHECK(parse("ERBB2 Amplification").id == "BM-CIVIC-ERBB2-AMP");
    CHECK(parse("CDKN2A Deletion").rule == "{copy_number: deletion}");
    CHECK(parse("TP53 Loss-of-function").rule == "{gene_class: truncating}");
    CHECK(parse("TP53 Loss-of-function").id == "BM-CIVIC-TP53-TRUNC");
}

TEST_CASE("civic profiles: fusions") {
    auto p = parse("EML4::ALK Fusion");
    CHECK(p.rule == "{fusion: {five_prime: EML4, three_prime: ALK}}");
    CHECK(p.id == "BM-CIVIC-EML4-ALK-FUSION");
    CHECK(p.gene == "ALK");
    CHECK(parse("v::ALK Fusion").rule == "{fusion: {three_prime: ALK}}");
    CHECK(parse("v::ALK Fusion").id == "BM-CIVIC-ALK-FUSION");
    CHECK(parse("ALK Fusion").rule == "{fusion: any}");
    CHECK(parse("ALK Fusion").id == "BM-CIVIC-ALK-FUSION");  // same meaning as v::ALK in the rule language
    CHECK(parse("FGFR2::? Fusion").rule == "{fusion: {five_prime: FGFR2}}");
    CHECK(parse("FGFR2::? Fusion").id == "BM-CIVIC-FGFR2-5P-FUSION");
    CHECK(parse("BCR::ABL1 e13::e2").reason == "fusion with exon breakpoints");
}

TEST_CASE("civic profiles: combinations") {
    auto p = parse("BCR::ABL1 Fusion AND ABL1 T315I");
    CHECK(p.id == "BM-CIVIC-BCR-ABL1-FUSION-AND-ABL1-T315I");
    CHECK(p.rule == "{all: [{gene: ABL1, fusion: {five_prime: BCR, three_prime: ABL1}}, {gene: ABL1, protein: T315I}]}");
    CHECK(p.gene == "ABL1");
    auto o = parse("EGFR L858R OR EGFR Exon 19 Deletion");
    CHECK(o.rule == "{any: [{gene: EGFR, protein: L858R}, {gene: EGFR, exon: {number: 19, class: inframe_deletion}}]}");
    CHECK(o.id == "BM-CIVIC-EGFR-L858R-OR-EGFR-EX19DEL");
    auto n = parse("MET Amplification AND NOT KRAS G12C");
    CHECK(n.rule == "{all: [{gene: MET, copy_number: amplification}, {not: {gene: KRAS, protein: G12C}}]}");
    CHECK(n.id == "BM-CIVIC-MET-AMP-AND-NOT-KRAS-G12C");
    CHECK(n.gene.empty());  // two genes: the biomarker is filed under none
    auto g = parse("BRAF Amplification AND ( BRAF V600E OR BRAF V600K )");
    CHECK(g.rule == "{all: [{gene: BRAF, copy_number: amplification}, {any: [{gene: BRAF, protein: V600E}, {gene: BRAF, protein: V600K}]}]}");
    CHECK(g.id == "BM-CIVIC-BRAF-AMP-AND-(BRAF-V600E-OR-BRAF-V600K)");
    CHECK(parse("KRAS G12/G13").rule == "{any: [{gene: KRAS, codon: G12}, {gene: KRAS, codon: G13}]}");
    CHECK(parse("FLT3 D835H/Y").rule == "{any: [{gene: FLT3, protein: D835H}, {gene: FLT3, protein: D835Y}]}");
    CHECK(parse("MET Exon 14 Skipping Mutation").rule ==
          "{any: [{gene: MET, exon: {number: 14, class: splice}}, {gene: MET, exon: {number: 14, class: inframe_deletion}}]}");
    CHECK(parse("A V1E AND B V2E OR C V3E").reason == "profile syntax not understood");
    CHECK(parse("A V1E AND ( B V2E").reason == "profile syntax not understood");
}

TEST_CASE("civic profiles: refused with a reason") {
    CHECK(parse("EGFR Overexpression").reason == "expression or protein level");
    CHECK(parse("MGMT Promoter Methylation").reason == "methylation");
    CHECK(parse("BRCA1 Mutation").reason == "gene-level 'Mutation' (qualifying variants not stated)");
    CHECK(parse("KRAS Wildtype").reason == "wild-type or negative profile");
    CHECK(parse("PTEN Loss").reason == "loss (copy number, expression or function unspecified)");
    CHECK(parse("FLT3 ITD").reason == "internal tandem duplication");
    CHECK(parse("NF2 Y177fs").reason == "frameshift named by position only");
    CHECK(parse("UGT1A1 UGT1A1*28").reason == "germline polymorphism or star allele");
    CHECK(parse("ATM c.902-1G>T").reason == "cDNA-level change");
    CHECK(parse("p16 Expression").reason == "not a gene symbol");
    CHECK(parse("KIT P551_E554delPMYE").reason == "protein change not in HGVS form");
    CHECK(parse("").reason == "empty profile");
}

TEST_CASE("civic levels and directions map exactly as PRODUCT.md says") {
    CHECK(civic_level_to_amp("A") == "B");
    CHECK(civic_level_to_amp("B") == "C");
    CHECK(civic_level_to_amp("C") == "D");
    CHECK(civic_level_to_amp("D") == "D");
    CHECK(civic_level_to_amp("E") == "");
    CHECK(civic_direction("Supports", "Sensitivity/Response") == "sensitivity");
    CHECK(civic_direction("Supports", "Reduced Sensitivity") == "reduced_sensitivity");
    CHECK(civic_direction("Supports", "Resistance") == "resistance");
    CHECK(civic_direction("Supports", "Adverse Response") == "adverse_response");
    CHECK(civic_direction("Does Not Support", "Sensitivity/Response") == "no_benefit");
    CHECK(civic_direction("Does Not Support", "Resistance") == "");
    CHECK(civic_direction("Does Not Support", "Adverse Response") == "");
    CHECK(civic_direction("Supports", "N/A") == "");
}

TEST_CASE("civic import of a real excerpt: counts and the not-imported report") {
    TempDir out;
    auto r = run_excerpt(out.path());
    CHECK(r.rows == 26);
    CHECK(r.predictive == 25);
    CHECK(r.imported_items == 20);
    CHECK(r.evidence_entries == 23);  // EID34 and EID35 list substitutes: one entry per drug
    CHECK(r.biomarkers == 18);
    CHECK(r.biomarkers_with_coordinates == 4);
    const std::map<std::string, long> expected = {
        {"direction not imported: Does Not Support + Resistance", 1},
        {"disease not mapped to OncoTree", 1},
        {"not predictive: Diagnostic", 1},
        {"profile: expression or protein level", 1},
        {"profile: gene-level 'Mutation' (qualifying variants not stated)", 1},
        {"sequential therapy (not representable)", 1},
    };
    CHECK(r.skipped == expected);
    CHECK(r.unmapped_diseases == std::map<std::string, long>{{"DOID:6477 Invasive Bladder Transitional Cell Carcinoma", 1}});
    long skipped = 0;
    for (const auto& [_, n] : r.skipped) skipped += n;
    CHECK(skipped + r.imported_items == r.rows);  // nothing dropped silently
    const auto report = slurp(out / "civic_import_report.tsv");
    CHECK(report.find("\n1\tnot predictive: Diagnostic\tJAK2 V617F\n") != std::string::npos);
    CHECK(report.find("\n296\tsequential therapy (not representable)\tFGFR2::TACC3 Fusion: ponatinib, pazopanib\n") != std::string::npos);
    CHECK(report.find("\n1370\tprofile: gene-level 'Mutation' (qualifying variants not stated)\tBRCA1 Mutation\n") != std::string::npos);
}

TEST_CASE("civic import of a real excerpt: evidence, biomarkers and drugs") {
    TempDir out;
    run_excerpt(out.path());
    const auto ev = YAML::LoadFile((out / "civic_evidence.yaml").string())["evidence"];
    const auto bm = YAML::LoadFile((out / "civic_biomarkers.yaml").string())["biomarkers"];
    const auto dr = YAML::LoadFile((out / "civic_drugs.yaml").string())["drugs"];
    REQUIRE(ev.size() == 23);
    REQUIRE(bm.size() == 18);

    // EID1409: BRAF V600E, skin melanoma, vemurafenib, CIViC A -> our B.
    auto e = by_id(ev, "CIVIC-EID1409");
    CHECK(e["biomarker"].as<std::string>() == "BM-CIVIC-BRAF-V600E");
    CHECK(e["tumor_types"][0].as<std::string>() == "SKCM");
    CHECK(e["therapy"]["drugs"][0].as<std::string>() == "vemurafenib");
    CHECK(e["direction"].as<std::string>() == "sensitivity");
    CHECK(e["level"].as<std::string>() == "B");
    CHECK(e["source_level"].as<std::string>() == "A");
    CHECK(e["source"].as<std::string>() == "civic");
    CHECK(e["source_id"].as<std::string>() == "EID1409");
    CHECK(e["last_reviewed"].IsDefined());
    // Substitutes: one entry per drug; combination: one entry.
    for (const char* d : {"IMATINIB", "NILOTINIB", "SORAFENIB"}) {
        auto s = by_id(ev, std::string("CIVIC-EID34-") + d);
        CHECK(s["therapy"]["combination"].as<bool>() == false);
        CHECK(s["level"].as<std::string>() == "D");
        CHECK(s["direction"].as<std::string>() == "resistance");
    }
    auto combo = by_id(ev, "CIVIC-EID89");
    CHECK(combo["therapy"]["combination"].as<bool>());
    CHECK(combo["therapy"]["drugs"].size() == 2);
    // Level E: untiered, CIViC's level kept.
    auto e92 = by_id(ev, "CIVIC-EID92");
    CHECK_FALSE(e92["level"].IsDefined());
    CHECK(e92["source_level"].as<std::string>() == "E");
    CHECK(e92["biomarker"].as<std::string>() == "BM-CIVIC-BRAF-V600E-AND-BRAF-AMP");
    // Does Not Support + Sensitivity -> no_benefit; reduced sensitivity; adverse response.
    CHECK(by_id(ev, "CIVIC-EID87")["direction"].as<std::string>() == "no_benefit");
    CHECK(by_id(ev, "CIVIC-EID87")["tumor_types"][0].as<std::string>() == "COADREAD");
    CHECK(by_id(ev, "CIVIC-EID1406")["direction"].as<std::string>() == "reduced_sensitivity");
    CHECK(by_id(ev, "CIVIC-EID1317")["direction"].as<std::string>() == "adverse_response");
    // Germline origin -> requires variant_origin: germline.
    auto e211 = by_id(ev, "CIVIC-EID211");
    CHECK(e211["requires"]["variant_origin"].as<std::string>() == "germline");
    CHECK(e211["biomarker"].as<std::string>() == "BM-CIVIC-BRCA1-TRUNC");
    CHECK(e211["tumor_types"][0].as<std::string>() == "OVARY");
    // Tissue-agnostic item without a DOID ("Solid Tumor") and DOID:162 "Cancer".
    CHECK(by_id(ev, "CIVIC-EID2948")["tumor_types"][0].as<std::string>() == "_SOLID_");
    CHECK(by_id(ev, "CIVIC-EID2948")["biomarker"].as<std::string>() == "BM-CIVIC-NTRK1-FUSION");
    CHECK(by_id(ev, "CIVIC-EID736")["tumor_types"][0].as<std::string>() == "_ALL_");
    CHECK(by_id(ev, "CIVIC-EID528")["tumor_types"][0].as<std::string>() == "BRCA");
    // Citations.
    auto cites = by_id(ev, "CIVIC-EID1409")["citations"];
    REQUIRE(cites.size() >= 2);
    CHECK(cites[0]["pmid"].IsDefined());
    CHECK(cites[cites.size() - 1]["url"].as<std::string>() == "https://civicdb.org/links/evidence_items/1409");

    // Biomarkers: rule and coordinates (GRCh37 from the 2018 variant table).
    auto v600e = by_id(bm, "BM-CIVIC-BRAF-V600E");
    CHECK(v600e["gene"].as<std::string>() == "BRAF");
    CHECK(v600e["rule"]["protein"].as<std::string>() == "V600E");
    CHECK(v600e["source"].as<std::string>() == "civic");
    auto a = v600e["alleles"]["GRCh37"][0];
    CHECK(a["chrom"].as<std::string>() == "7");
    CHECK(a["pos"].as<long>() == 140453136);
    CHECK(a["ref"].as<std::string>() == "A");
    CHECK(a["alt"].as<std::string>() == "T");
    CHECK_FALSE(by_id(bm, "BM-CIVIC-ERBB2-AMP")["alleles"].IsDefined());
    CHECK(by_id(bm, "BM-CIVIC-EML4-ALK-FUSION")["rule"]["fusion"]["five_prime"].as<std::string>() == "EML4");

    // Drug stubs: lower case, marked as imported.
    bool found = false;
    for (const auto& d : dr) {
        CHECK(d["source"].as<std::string>() == "civic");
        const auto name = d["name"].as<std::string>();
        CHECK(name == to_lower(name));
        if (name == "vemurafenib") found = true;
    }
    CHECK(found);
}

TEST_CASE("civic import is deterministic and records the source") {
    TempDir a, b;
    run_excerpt(a.path());
    run_excerpt(b.path());
    for (const char* f : {"civic_biomarkers.yaml", "civic_evidence.yaml", "civic_drugs.yaml", "civic_import_report.tsv"})
        CHECK(slurp(a / f) == slurp(b / f));
    const auto head = slurp(a / "civic_evidence.yaml").substr(0, 400);
    CHECK(head.find("civic_evidence_excerpt_2026-05.tsv (CIViC dump 2026-05)") != std::string::npos);
    CHECK(head.find("CC0 1.0") != std::string::npos);
}

TEST_CASE("civic import: bad input names the file and line") {
    TempDir t;
    const auto hdr = slurp(data_path("civic/civic_evidence_excerpt_2026-05.tsv")).substr(0, slurp(data_path("civic/civic_evidence_excerpt_2026-05.tsv")).find('\n') + 1);
    write_file(t / "ev_2026-05.tsv", hdr + "BRAF V600E\t12\tMelanoma\n");
    CivicImportConfig c;
    c.evidence = t / "ev_2026-05.tsv";
    c.doid_map = data_path("civic/doid_to_oncotree_excerpt.tsv");
    c.out_dir = t / "out";
    auto msg = error_message([&] { import_civic(c); });
    CHECK(msg.find("ev_2026-05.tsv:2: expected 25 tab-separated fields, found 3") != std::string::npos);
    CHECK_FALSE(fs::exists(t / "out" / "civic_evidence.yaml"));  // no partial output

    write_file(t / "wrong_2026-05.tsv", "gene\tvariant\nBRAF\tV600E\n");
    c.evidence = t / "wrong_2026-05.tsv";
    msg = error_message([&] { import_civic(c); });
    CHECK(msg.find("wrong_2026-05.tsv:1: missing column 'molecular_profile'") != std::string::npos);

    write_file(t / "undated.tsv", hdr);
    c.evidence = t / "undated.tsv";
    msg = error_message([&] { import_civic(c); });
    CHECK(msg.find("cannot tell the dump date") != std::string::npos);
}
