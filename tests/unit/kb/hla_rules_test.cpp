// HLA and expression rules: HLA allele names and the three-valued rule-versus-typing comparison,
// and how the loader reads (and rejects) `hla` and `expression` rules.
#include <doctest/doctest.h>

#include "../kb_fixture.hpp"
#include "oncomatch/kb/hla.hpp"

using namespace oncomatch;
using namespace oncomatch::test;

TEST_CASE("HLA allele names") {
    CHECK(kb::is_hla_allele("A*02:01"));
    CHECK(kb::is_hla_allele("HLA-A*02:01"));
    CHECK(kb::is_hla_allele("A*02:01:01:02L"));
    CHECK(kb::is_hla_allele("A*02:01P"));
    CHECK(kb::is_hla_allele("DRB1*15:01"));
    CHECK(kb::is_hla_allele("A*02"));
    CHECK_FALSE(kb::is_hla_allele("A02:01"));        // no asterisk
    CHECK_FALSE(kb::is_hla_allele("A*2:01"));        // fields have two or three digits
    CHECK_FALSE(kb::is_hla_allele("X*02:01"));       // no such locus
    CHECK_FALSE(kb::is_hla_allele("A*02:01:01:01:01"));  // at most four fields
    CHECK_FALSE(kb::is_hla_allele("A*02:01Z"));
    CHECK(kb::hla_locus("HLA-DQB1*06:02") == "DQB1");
    CHECK(kb::hla_locus("nonsense").empty());
}

TEST_CASE("HLA rule against a typed allele") {
    using M = kb::HlaMatch;
    CHECK(kb::hla_match("A*02:01", "A*02:01") == M::yes);
    CHECK(kb::hla_match("A*02:01", "A*02:01:01:01") == M::yes);   // higher resolution typing
    CHECK(kb::hla_match("A*02:01", "HLA-A*02:01:01") == M::yes);
    CHECK(kb::hla_match("A*02", "A*02:06") == M::yes);            // a one-field rule covers the group
    CHECK(kb::hla_match("A*02:01", "A*02:06") == M::no);          // another protein
    CHECK(kb::hla_match("A*02:01", "A*03:01") == M::no);
    CHECK(kb::hla_match("A*02:01", "B*02:01") == M::no);          // another locus
    CHECK(kb::hla_match("A*02:01", "A*02") == M::unknown);        // typing too coarse to tell
    CHECK(kb::hla_match("A*02:01P", "A*02:01:01") == M::yes);     // the group's own allele
    CHECK(kb::hla_match("A*02:01P", "A*02:09") == M::unknown);    // maybe in the P group: not known here
    CHECK(kb::hla_match("A*02:01P", "A*03:01") == M::no);
    CHECK(kb::hla_match("A*02:01", "A*02:01:01:02N") == M::no);   // a null allele is not expressed
    CHECK(kb::hla_match("A*02:01", "garbage") == M::unknown);
}

TEST_CASE("hla and expression rules load") {
    TempDir tmp;
    write_base_kb(tmp.path());
    write_file(tmp / "curated/t.yaml",
               "biomarkers:\n"
               "  - id: BM-HLA\n"
               "    label: HLA-A*02:01\n"
               "    rule: {hla: \"A*02:01\"}\n"
               "  - id: BM-HLA2\n"
               "    label: two P groups\n"
               "    rule: {hla: [\"A*02:01P\", \"A*02:06P\"]}\n"
               "  - id: BM-EXPR\n"
               "    label: MAGE-A4 IHC\n"
               "    gene: MAGEA4\n"
               "    rule: {expression: {status: positive, method: ihc}}\n"
               "  - id: BM-EXPR2\n"
               "    label: short form\n"
               "    gene: PDCD1LG2\n"
               "    rule: {expression: negative}\n");
    auto kb = load_kb(tmp.path());
    const auto* h = kb->biomarker("BM-HLA");
    REQUIRE(h);
    CHECK(h->rule.kind == kb::RuleKind::hla);
    CHECK(h->rule.hla == std::vector<std::string>{"A*02:01"});
    CHECK(h->rule.gene == "HLA-A");  // the locus names the gene when none is given
    CHECK(kb::rule_kind_name(h->rule.kind) == "hla");
    CHECK(kb->biomarker("BM-HLA2")->rule.hla == std::vector<std::string>{"A*02:01P", "A*02:06P"});
    const auto* e = kb->biomarker("BM-EXPR");
    REQUIRE(e);
    CHECK(e->rule.kind == kb::RuleKind::expression);
    CHECK(e->rule.gene == "MAGEA4");
    CHECK(e->rule.expression == "positive");
    CHECK(e->rule.expression_method == "ihc");
    CHECK(kb::rule_kind_name(e->rule.kind) == "expression");
    CHECK(kb->biomarker("BM-EXPR2")->rule.expression == "negative");
    CHECK(kb->biomarker("BM-EXPR2")->rule.expression_method == "any");
}

TEST_CASE("bad hla and expression rules are reported where they are") {
    TempDir tmp;
    write_base_kb(tmp.path());
    write_file(tmp / "curated/t.yaml",
               "biomarkers:\n"                                          // 1
               "  - id: BM-A\n"                                         // 2
               "    label: A\n"                                         // 3
               "    rule: {hla: \"HLA-A2\"}\n"                          // 4
               "  - id: BM-B\n"                                         // 5
               "    label: B\n"                                         // 6
               "    rule: {expression: positive}\n"                     // 7: no gene
               "  - id: BM-C\n"                                         // 8
               "    label: C\n"                                         // 9
               "    gene: MAGEA4\n"                                     // 10
               "    rule: {expression: {status: high, method: ihc}}\n"  // 11
               "  - id: BM-D\n"                                         // 12
               "    label: D\n"                                         // 13
               "    gene: MAGEA4\n"                                     // 14
               "    rule: {expression: {status: positive, method: pcr}}\n");  // 15
    auto issues = load_issues(tmp.path());
    CHECK(issues.size() == 4);
    CHECK(contains_issue(issues, "curated/t.yaml:4:17: bad HLA allele 'HLA-A2' [write LOCUS*FIELD[:FIELD…] in WHO nomenclature, without 'HLA-', "
                                 "e.g. A*02:01, A*02:01P, B*57:01 (quote it in YAML)]"));
    CHECK(contains_issue(issues, "curated/t.yaml:7:11: rule 'expression' needs a gene [add 'gene: SYMBOL']"));
    CHECK(contains_issue(issues, "curated/t.yaml:11:24: expression status must be positive or negative (got 'high') "
                                 "[e.g. expression: {status: positive, method: ihc}]"));
    CHECK(contains_issue(issues, "curated/t.yaml:15:51: expression method must be ihc, rna or any (got 'pcr')"));
}
