#pragma once
// CIViC molecular profiles ("BRAF V600E", "EML4::ALK Fusion", "BCR::ABL1 Fusion AND ABL1 T315I",
// "EGFR L858R OR EGFR Exon 19 Deletion") parsed into oncomatch's rule language. A profile the
// rule language cannot express faithfully (expression, methylation, exon-level fusion
// breakpoints, rsIDs, domain classes...) is refused with a short reason the importer counts.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace oncomatch::kb_import {

struct ProfileRule {
    enum class Kind { leaf, all, any, negation };
    Kind kind = Kind::leaf;
    std::string gene;        // leaf: the gene the rule is about (3' gene of a fusion)
    std::string body;        // leaf: YAML flow body without the gene, e.g. "protein: V600E"
    std::string id_part;     // leaf: "BRAF-V600E"; combinations are derived from children
    std::string rule_kind;   // leaf: protein | codon | exon | gene_class | fusion | copy_number
    std::string variant;     // leaf: CIViC's variant name as written ("V600E"), for coordinates
    std::vector<ProfileRule> children;
};

struct ProfileParse {
    std::optional<ProfileRule> rule;
    std::string skip_reason;  // set when rule is empty: a short category ("expression", ...)
    std::string skip_detail;  // the part of the profile that could not be expressed
};

ProfileParse parse_molecular_profile(std::string_view profile);

// Stable biomarker id derived from the rule alone: BM-CIVIC-BRAF-V600E,
// BM-CIVIC-BCR-ABL1-FUSION-AND-ABL1-T315I. The same rule always gets the same id.
std::string profile_biomarker_id(const ProfileRule& r);

// The rule as a YAML flow mapping. top = true leaves out the gene of a leaf (the biomarker
// names it); nested leaves carry their own gene.
std::string profile_rule_yaml(const ProfileRule& r, bool top);

// The gene a biomarker is filed under: the leaf gene, or the one gene every leaf shares.
std::string profile_gene(const ProfileRule& r);

}  // namespace oncomatch::kb_import
