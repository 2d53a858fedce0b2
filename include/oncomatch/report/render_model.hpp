#pragma once
// The render model: a saved report JSON (ID.oncomatch.json) read back into typed structs for the
// PDF and HTML writers. `oncomatch report` re-renders from the JSON alone, without the
// knowledgebase, so everything the clinician report shows must be in the JSON. Reading validates
// every field the report uses and names the file and the JSON path of a missing or wrong one.
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace oncomatch::render {

struct Approval {
    std::string agency, indication;
    std::optional<int> year;
};

struct Citation {
    std::string type, value;  // pmid | label | guideline | url | nct
};

struct Requirement {
    std::string key, value, given;
    std::optional<bool> provided;  // true met, false not met, nullopt not given
};

struct Therapy {
    std::vector<std::string> drugs;
    std::vector<std::optional<std::string>> drugs_zh;  // parallel to drugs; nullopt = no Chinese name
    bool combination = false;
    std::string direction;  // sensitivity | reduced_sensitivity | resistance | no_benefit | adverse_response
    std::string evidence_level, source_level;
    std::optional<std::string> tier;
    std::string tier_reason;
    bool on_label = false, applies_here = false, excluded_here = false, offered = true, conflict = false;
    std::vector<Requirement> requires_;
    std::vector<std::string> unconfirmed;
    std::vector<Approval> approvals;
    std::string evidence_id, evidence_source, evidence_source_id, summary, supports;
    std::vector<Citation> citations;
    bool is_resistance() const;
};

struct Finding {
    std::string id, biomarker_id, biomarker_label, gene, match_type;
    std::vector<std::string> variant_ids;
    std::optional<std::string> tier;
    bool confirmed = true;
    std::vector<std::string> unconfirmed;
    std::vector<Therapy> therapies;
};

struct Variant {
    std::string id, gene, chrom, ref, alt, transcript, hgvsc, hgvsp, hgvsp_short, consequence, exon, intron, filter, origin;
    long long pos = 0;
    std::optional<long long> depth;
    std::optional<double> vaf, population_af;
    std::optional<std::string> tier;  // III | IV
    std::vector<std::string> finding_ids;
    std::string change() const;  // "H1047R", else "c.…", else "chr:pos ref>alt"
};

struct Site {
    std::string country, city, facility;
};

struct Trial {
    std::string nct_id, title, phase, status, status_as_of;
    std::vector<std::string> interventions, matched_on, tumor_types;
    std::vector<std::optional<std::string>> interventions_zh;  // parallel to interventions
    std::vector<Site> sites;
};

struct NotAssessed {
    std::string target, reason;
};

struct Source {
    std::string name, version_or_date, licence;
};

struct Model {
    std::string schema_version, tool_name, tool_version, generated_at;  // generated_at empty with --no-timestamp
    std::string kb_name, kb_version, kb_sha256;
    bool kb_overlay = false;
    std::vector<Source> sources;
    std::vector<std::string> genes_tested;  // knowledgebase genes with a location in this build
    std::string sample_id, vcf_column, tumor_code, tumor_name, tumor_name_zh, genome;
    std::vector<std::pair<std::string, std::string>> clinical;
    std::vector<Variant> variants;
    std::vector<Finding> findings;
    std::vector<Trial> trials;
    std::vector<NotAssessed> not_assessed;
    std::vector<std::pair<std::string, std::string>> qc;  // key -> value as text, in JSON order
    // Genes whose consequences oncomatch computed itself (qc.consequence_genes_modelled) and the
    // transcript pack used (qc.transcript_pack); empty when no pack was used.
    std::vector<std::string> consequence_genes_modelled;
    std::string transcript_pack;

    const Variant* variant(const std::string& id) const;
};

// Parses and validates report JSON text; `name` (the file) prefixes every error.
// Throws InputError "NAME: $.path: what" with a hint.
Model read_model(const std::string& json_text, const std::string& name);
Model read_model_file(const std::string& path);

}  // namespace oncomatch::render
