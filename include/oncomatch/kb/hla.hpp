#pragma once
// HLA alleles in WHO nomenclature (A*02:01, A*02:01:01:02L, A*02:01P): validation and the
// three-valued comparison of a knowledgebase rule's allele with a patient's typed allele. HLA
// type is not in a tumour VCF; it reaches oncomatch only as `--clinical hla=…`.
#include <string>

namespace oncomatch::kb {

// LOCUS*FF[:FF[:FF[:FF]]][suffix], with an optional "HLA-" prefix; loci A, B, C, E, F, G, DRB1,
// DRB3-5, DQA1, DQB1, DPA1, DPB1; suffix one of N L S C A Q (expression) or P G (groups).
bool is_hla_allele(const std::string& s);

// "A*02:01" -> "A" (after an optional "HLA-" prefix); empty when not an allele.
std::string hla_locus(const std::string& s);

enum class HlaMatch { yes, no, unknown };

// Does the typed allele fall under the rule's allele? The rule's fields must be a prefix of the
// typed allele's (A*02 covers A*02:01:01). Unknown when the typing is coarser than the rule
// (typed A*02, rule A*02:01), or, for a P/G-group rule, when the typed allele shares the first
// field but not the second: group membership beyond the group's own name needs the IMGT group
// tables, which oncomatch does not carry. Different loci or first fields: no.
HlaMatch hla_match(const std::string& rule_allele, const std::string& typed_allele);

}  // namespace oncomatch::kb
