// Lookup tables of the frozen knowledgebase.
#include "oncomatch/kb/knowledgebase.hpp"

#include <algorithm>

#include "oncomatch/util/strings.hpp"

namespace oncomatch::kb {

std::string SourcePos::str() const {
    if (line <= 0) return file;
    return file + ":" + std::to_string(line) + ":" + std::to_string(col);
}

bool Knowledgebase::covers_build(Build b) const {
    return std::find(builds.begin(), builds.end(), b) != builds.end();
}

const Gene* Knowledgebase::gene(const std::string& symbol) const {
    auto it = gene_by_symbol.find(symbol);
    return it == gene_by_symbol.end() ? nullptr : &genes[it->second];
}

const Biomarker* Knowledgebase::biomarker(const std::string& id) const {
    auto it = biomarker_by_id.find(id);
    return it == biomarker_by_id.end() ? nullptr : &biomarkers[it->second];
}

const Drug* Knowledgebase::drug(const std::string& name_or_synonym) const {
    auto it = drug_by_name.find(to_lower(name_or_synonym));
    return it == drug_by_name.end() ? nullptr : &drugs[it->second];
}

void Knowledgebase::freeze() {
    gene_by_symbol.clear();
    biomarker_by_id.clear();
    drug_by_name.clear();
    for (std::size_t i = 0; i < genes.size(); ++i) gene_by_symbol[genes[i].symbol] = i;
    for (std::size_t i = 0; i < biomarkers.size(); ++i) biomarker_by_id[biomarkers[i].id] = i;
    // Importer stubs (source: civic) carry no translations or classes: an entry of the same name or
    // synonym elsewhere takes precedence whatever the load order, so index the other entries first
    // (names before synonyms within each group).
    for (const bool stubs : {false, true}) {
        for (std::size_t i = 0; i < drugs.size(); ++i)
            if ((drugs[i].source == "civic") == stubs) drug_by_name.emplace(to_lower(drugs[i].name), i);
        for (std::size_t i = 0; i < drugs.size(); ++i)
            if ((drugs[i].source == "civic") == stubs)
                for (const auto& s : drugs[i].synonyms) drug_by_name.emplace(to_lower(s), i);
    }
    evidence_by_biomarker.assign(biomarkers.size(), {});
    for (std::size_t i = 0; i < evidence.size(); ++i) {
        if (evidence[i].retired) continue;
        auto it = biomarker_by_id.find(evidence[i].biomarker);
        if (it != biomarker_by_id.end()) evidence_by_biomarker[it->second].push_back(i);
    }
}

}  // namespace oncomatch::kb
