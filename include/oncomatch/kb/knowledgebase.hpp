#pragma once
// The loaded knowledgebase: every entry plus lookup tables, frozen after loading and shared
// read-only (std::shared_ptr<const Knowledgebase>) by all threads of a run or a batch.
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "oncomatch/kb/model.hpp"
#include "oncomatch/kb/oncotree.hpp"

namespace oncomatch::kb {

struct Knowledgebase {
    std::string name;
    std::string version;
    std::vector<Build> builds;
    std::vector<Source> sources;
    std::string sha256;        // PRODUCT.md content hash (files + overlay)
    std::filesystem::path dir;
    std::filesystem::path overlay_dir;

    std::vector<Gene> genes;
    std::vector<Biomarker> biomarkers;
    std::vector<Evidence> evidence;
    std::vector<Trial> trials;
    std::vector<Drug> drugs;
    OncoTree oncotree;
    std::unordered_map<std::string, std::string> doid_to_oncotree;

    // Lookups (built by freeze()).
    std::unordered_map<std::string, std::size_t> gene_by_symbol;
    std::unordered_map<std::string, std::size_t> biomarker_by_id;
    std::unordered_map<std::string, std::size_t> drug_by_name;   // lower-case name and synonyms
    std::vector<std::vector<std::size_t>> evidence_by_biomarker;  // biomarker index -> evidence

    bool covers_build(Build b) const;
    const Gene* gene(const std::string& symbol) const;
    const Biomarker* biomarker(const std::string& id) const;
    const Drug* drug(const std::string& name_or_synonym) const;
    void freeze();  // fills the lookups; the object is treated as immutable afterwards
};

}  // namespace oncomatch::kb
