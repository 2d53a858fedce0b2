#pragma once
// `oncomatch kb import civic`: CIViC's evidence export (and optionally variant tables with
// GRCh37 coordinates) -> knowledgebase YAML in our schema (biomarkers, evidence, drug stubs)
// plus a report of every item not imported, counted by reason. Levels and directions are mapped
// as PRODUCT.md says (CIViC A->B, B->C, C->D, D->D, E untiered; CIViC's level kept).
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace oncomatch::kb_import {

struct CivicImportConfig {
    std::filesystem::path evidence;                  // ClinicalEvidenceSummaries TSV
    std::vector<std::filesystem::path> variants;     // tables with gene, variant, chromosome, start, stop, reference_bases, variant_bases
    std::filesystem::path doid_map;                  // doid -> oncotree_code TSV
    std::filesystem::path out_dir;
    std::string dump_date;                           // empty: taken from the evidence file name (YYYY-MM[-DD])
    void validate();                                 // throws UsageError / InputError
};

struct CivicImportResult {
    long rows = 0;                                   // evidence rows in the dump
    long predictive = 0;                             // accepted predictive rows
    long imported_items = 0;                         // CIViC items imported (one EID -> one or more entries)
    long evidence_entries = 0;                       // evidence entries written
    long biomarkers = 0;
    long biomarkers_with_coordinates = 0;
    long drugs = 0;
    std::map<std::string, long> skipped;             // reason -> count
    std::map<std::string, long> unmapped_diseases;   // "DOID:x name" -> count
};

// Reads, maps and writes DIR/civic_biomarkers.yaml, civic_evidence.yaml, civic_drugs.yaml and
// civic_import_report.tsv (all or none: atomic). Throws InputError naming file:line on bad input.
CivicImportResult import_civic(const CivicImportConfig& cfg);

// Mapping pieces, exposed for tests.
std::string civic_level_to_amp(const std::string& civic_level);  // "A" -> "B", ..., "E" -> ""
// Empty when the pair is not imported.
std::string civic_direction(const std::string& direction, const std::string& significance);

}  // namespace oncomatch::kb_import
