#pragma once
// The knowledgebase model: genes, biomarkers (rules), evidence, trials, drugs and the OncoTree.
// Built by the loader from YAML, validated, then frozen (see kb/knowledgebase.hpp) and shared
// read-only by every worker thread. Genomic positions are 0-based (pos0) like the rest of
// oncomatch; the YAML is 1-based, VCF-style, and converted by the loader.
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "oncomatch/genome/build.hpp"

namespace oncomatch::kb {

// Where an entry was written: file:line:col (1-based), for messages and traceability.
struct SourcePos {
    std::string file;  // relative to the knowledgebase folder
    int line = 0;
    int col = 0;
    std::string str() const;
};

struct GenomicAllele {
    std::string chrom;      // normalised ("7")
    std::int64_t pos0 = 0;  // 0-based
    std::string ref;
    std::string alt;
};

struct GeneLocation {
    std::string chrom;
    std::int64_t beg0 = 0;  // 0-based half-open
    std::int64_t end0 = 0;
};

struct Exon {
    int number = 0;
    std::int64_t beg0 = 0;  // 0-based half-open
    std::int64_t end0 = 0;
};

struct ExonTable {
    std::string transcript;
    std::string chrom;
    char strand = '+';
    std::vector<Exon> exons;  // in transcript order (exon 1 first)
};

struct Gene {
    std::string symbol;
    std::string role;
    std::array<std::string, kBuildCount> ensembl;  // preferred transcript per build
    std::array<std::string, kBuildCount> refseq;
    std::array<std::optional<GeneLocation>, kBuildCount> location;
    std::array<std::optional<ExonTable>, kBuildCount> exons;
    SourcePos where;
};

// Classes of variants used by exon and gene-class rules.
enum class VariantClass {
    any, protein_altering, missense, truncating, frameshift, nonsense, splice, inframe,
    inframe_deletion, inframe_insertion
};
std::optional<VariantClass> parse_variant_class(const std::string& s);
std::string variant_class_name(VariantClass c);

// hla and expression are not variants: a VCF cannot show them; they hold only when the clinical
// context gives the HLA typing or the expression result (--clinical hla=…, expression=…).
enum class RuleKind { allele, protein, codon, exon, gene_class, fusion, copy_number, signature, hla, expression, all, any, negation, ref };

std::string rule_kind_name(RuleKind k);

struct Rule {
    RuleKind kind = RuleKind::allele;
    std::string gene;
    std::array<std::vector<GenomicAllele>, kBuildCount> alleles;  // allele rules
    std::string protein;      // normalised one-letter form, e.g. "V600E", "E746_A750del"
    int codon = 0;            // codon rules
    char codon_aa = 0;        // reference amino acid when given ("G12"), else 0
    int exon = 0;             // exon rules
    VariantClass cls = VariantClass::any;
    std::string five_prime, three_prime;  // fusion
    std::string copy_number;  // amplification | deletion
    std::string signature;    // "msi_high", "tmb", "hrd"
    double tmb_min = 0;
    std::vector<std::string> hla;  // hla: any of these alleles ("A*02:01", "A*02:01P", "A*02")
    std::string expression;         // expression of `gene`: positive | negative
    std::string expression_method;  // ihc | rna | any
    std::vector<Rule> children;  // all / any / negation (one child)
    std::string ref_id;       // kind == ref: a biomarker id
    SourcePos where;
};

struct Biomarker {
    std::string id;
    std::string label;
    std::string gene;
    Rule rule;
    // Known genomic encodings of a protein/codon/exon rule, per build, so that VCFs without
    // consequence annotation still match.
    std::array<std::vector<GenomicAllele>, kBuildCount> alleles;
    std::string origin = "any";  // somatic | germline | any
    std::string source = "curated";  // curated | civic | local (from --kb-overlay)
    bool retired = false;
    SourcePos where;
};

struct Approval {
    std::string agency;
    int year = 0;
    std::string indication;
};

struct Citation {
    std::string kind;  // pmid | label | guideline | url | nct
    std::string value;
};

struct Evidence {
    std::string id;
    std::string biomarker;
    std::vector<std::string> tumor_types;
    std::vector<std::string> exclude_tumor_types;
    std::vector<std::string> drugs;
    bool combination = false;
    std::string direction;     // sensitivity | reduced_sensitivity | resistance | no_benefit | adverse_response
    std::string level;         // A-D, or empty (untiered)
    std::string source_level;  // imported items: the source's own level
    std::vector<std::pair<std::string, std::string>> requirements;  // ordered key -> value
    std::vector<Approval> approvals;
    std::vector<Citation> citations;
    std::string source = "curated";  // curated | civic | local
    std::string source_id;
    std::string summary;
    std::string last_reviewed;
    std::string review;
    bool retired = false;
    bool local = false;  // came from --kb-overlay
    SourcePos where;
};

struct Site {
    std::string country, city, facility;
};

struct Trial {
    std::string nct_id;
    std::string title;
    std::string phase;
    std::string status;
    std::string status_as_of;
    std::vector<std::string> interventions;
    std::optional<Rule> criteria;
    std::vector<std::string> tumor_types;
    std::vector<std::string> exclude_tumor_types;
    std::optional<int> age_min, age_max;
    std::string sex = "all";
    std::vector<Site> sites;
    std::string summary;
    std::string review;
    bool retired = false;
    SourcePos where;
};

struct Drug {
    std::string name;
    std::vector<std::string> synonyms;
    std::vector<std::string> classes;
    std::vector<std::string> targets;
    std::map<std::string, std::string> names;  // language -> name
    std::string source = "curated";  // curated | civic (an importer's stub: yields to any other entry of that name)
    SourcePos where;
};

struct TumourType {
    std::string code, parent, name, main_type, tissue, name_zh;
};

struct Source {
    std::string name, version_or_date, licence, url;
};

}  // namespace oncomatch::kb
