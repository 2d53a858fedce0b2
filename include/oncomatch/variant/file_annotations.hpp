#pragma once
// Consequences an annotator already wrote into the VCF: VEP CSQ (field order from the header),
// SnpEff ANN (fixed order) and bcftools csq BCSQ. Parsing is pure string work so it runs in the
// parallel match stage; the reader only hands over the raw INFO strings.
#include <string>
#include <vector>

#include "oncomatch/variant/variant.hpp"

namespace oncomatch {

struct AnnotationSchema {
    std::vector<std::string> csq_fields;  // from ##INFO=<ID=CSQ,...,Description="...Format: A|B|C">
    bool has_csq = false, has_ann = false, has_bcsq = false;
    static std::vector<std::string> parse_csq_format(const std::string& description);
};

// Consequences of one ALT allele (by its index among all ALTs) from the record's raw strings.
std::vector<TranscriptConsequence> parse_file_consequences(const AnnotationSchema& schema, const Variant& v);

// Normalise annotator consequence names to Sequence Ontology terms (bcftools "missense" ->
// "missense_variant", SnpEff "5_prime_UTR_variant" unchanged, ...).
std::string so_term(const std::string& name);

// bcftools amino-acid change "600V>600E" -> "V600E" (empty when it cannot be expressed).
std::string bcsq_protein_short(const std::string& aa_change, const std::string& consequence);

}  // namespace oncomatch
