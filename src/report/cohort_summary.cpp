// Cohort summary model from per-sample JSON reports, and the cohort TSV (see report/cohort.hpp).
#include <fstream>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "oncomatch/error.hpp"
#include "oncomatch/report/cohort.hpp"
#include "oncomatch/report/cohort_store.hpp"
#include "oncomatch/report/model.hpp"
#include "oncomatch/util/strings.hpp"

namespace oncomatch {

using json = nlohmann::json;

namespace {

std::string str(const json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string na(const std::string& s) { return s.empty() ? std::string("NA") : tsv_cell(s); }

}  // namespace

bool is_actionable(const CohortFinding& f) { return tier_rank(f.tier) <= 3; }

void summarise_report_json(const std::filesystem::path& json_path, CohortSample& s) {
    std::ifstream in(json_path, std::ios::binary);
    if (!in) throw InputError(json_path.string(), "cannot read the sample's JSON report");
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    json j = json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) throw InputError(json_path.string(), "the sample's JSON report is not valid JSON");
    try {
        const auto& sample = j.at("sample");
        s.tumor_type = str(sample.at("tumor_type"), "code");
        s.tumor_type_name = str(sample.at("tumor_type"), "name");
        s.genome = str(sample, "genome");
        std::map<std::string, std::string> label_of_variant;
        s.variants = static_cast<long long>(j.at("variants").size());
        for (const auto& v : j.at("variants")) {
            std::string label = str(v, "hgvsp_short");
            if (label.empty())
                label = str(v, "chrom") + ":" + std::to_string(v.at("pos").get<long long>()) + " " + str(v, "ref") + ">" + str(v, "alt");
            label_of_variant[str(v, "id")] = label;
            const std::string tier = str(v, "tier");
            if (tier == "III") ++s.tier3_variants;
            if (tier == "IV") ++s.tier4_variants;
        }
        s.trials = static_cast<long long>(j.at("trials").size());
        s.not_assessed = static_cast<long long>(j.at("not_assessed").size());
        s.findings.clear();
        for (const auto& f : j.at("findings")) {
            CohortFinding cf;
            cf.gene = str(f, "gene");
            cf.biomarker_id = str(f.at("biomarker"), "id");
            cf.biomarker_label = str(f.at("biomarker"), "label");
            cf.match_type = str(f.at("match"), "type");
            if (f.at("tier").is_string()) cf.tier = f.at("tier").get<std::string>();
            std::vector<std::string> vs;
            for (const auto& id : f.at("variant_ids")) {
                auto it = label_of_variant.find(id.get<std::string>());
                if (it != label_of_variant.end()) vs.push_back(it->second);
            }
            cf.variants = join(vs, ", ");
            std::set<std::string> seen;
            for (const auto& t : f.at("therapies")) {
                if (!t.at("tier").is_string() || !t.value("offered", true)) continue;
                CohortTherapy ct;
                std::vector<std::string> drugs = t.at("drugs").get<std::vector<std::string>>();
                ct.drugs = join(drugs, " + ");
                ct.direction = str(t, "direction");
                ct.tier = t.at("tier").get<std::string>();
                if (seen.insert(ct.drugs + "|" + ct.direction + "|" + ct.tier).second) cf.therapies.push_back(std::move(ct));
            }
            s.findings.push_back(std::move(cf));
        }
    } catch (const json::exception& e) {
        throw InputError(json_path.string(), std::string("the sample's JSON report lacks an expected field: ") + e.what(),
                         "rerun the sample (batch --force)");
    }
}

void summarise_report(const Report& rep, const kb::Knowledgebase& kb, CohortSample& s) {
    s.tumor_type = rep.sample.tumor_type;
    const auto* tt = kb.oncotree.find(rep.sample.tumor_type);
    s.tumor_type_name = tt ? tt->name : std::string();
    s.genome = rep.sample.genome;
    s.variants = static_cast<long long>(rep.variants.size());
    s.tier3_variants = s.tier4_variants = 0;
    // Labels only for the variants a finding names (a panel lists thousands of variants).
    std::map<std::string, std::string> label_of_variant;
    for (const auto& f : rep.findings)
        for (const auto& id : f.variant_ids) label_of_variant.emplace(id, std::string());
    for (const auto& rv : rep.variants) {
        if (auto it = label_of_variant.find(rv.id); it != label_of_variant.end()) {
            std::string label = rv.mv.csq ? rv.mv.csq->hgvsp_short : std::string();
            if (label.empty()) label = rv.mv.v.chrom + ":" + std::to_string(rv.mv.v.pos0 + 1) + " " + rv.mv.v.ref + ">" + rv.mv.v.alt;
            it->second = std::move(label);
        }
        if (rv.tier == "III") ++s.tier3_variants;
        if (rv.tier == "IV") ++s.tier4_variants;
    }
    s.trials = static_cast<long long>(rep.trials.size());
    s.not_assessed = static_cast<long long>(rep.not_assessed.size());
    s.findings.clear();
    for (const auto& f : rep.findings) {
        const auto& bm = kb.biomarkers[f.biomarker];
        CohortFinding cf;
        cf.gene = f.gene;
        cf.biomarker_id = bm.id;
        cf.biomarker_label = bm.label;
        cf.match_type = f.match_type;
        cf.tier = f.tier;
        std::vector<std::string> vs;
        for (const auto& id : f.variant_ids) {
            auto it = label_of_variant.find(id);
            if (it != label_of_variant.end() && !it->second.empty()) vs.push_back(it->second);  // "" : not listed
        }
        cf.variants = join(vs, ", ");
        std::set<std::string> seen;
        for (const auto& t : f.therapies) {
            if (!t.tier || !t.offered) continue;
            CohortTherapy ct{join(t.drugs, " + "), t.direction, *t.tier};
            if (seen.insert(ct.drugs + "|" + ct.direction + "|" + ct.tier).second) cf.therapies.push_back(std::move(ct));
        }
        s.findings.push_back(std::move(cf));
    }
}

void write_cohort_tsv(std::ostream& out, const std::vector<CohortSample>& samples) { write_cohort_tsv(out, CohortVector(samples)); }

void write_cohort_tsv(std::ostream& out, const CohortSamples& samples) {
    out << "sample\tstatus\ttumor_type\tgenome\tgene\tvariants\tbiomarker_id\tbiomarker_label\tmatch_type\ttier\ttherapies"
           "\tvariants_listed\ttrials\terror\n";
    samples.for_each([&](const CohortSample& s) {
        const std::string head = tsv_cell(s.sample) + "\t" + s.status + "\t" + na(s.tumor_type) + "\t" + na(s.genome) + "\t";
        const std::string tail = "\t" + (s.status == "ok" ? std::to_string(s.variants) : std::string("NA")) + "\t" +
                                 (s.status == "ok" ? std::to_string(s.trials) : std::string("NA")) + "\t" + na(s.error) + "\n";
        if (s.findings.empty()) {
            out << head << "NA\tNA\tNA\tNA\tNA\tNA\tNA" << tail;
            return;
        }
        for (const auto& f : s.findings) {
            std::vector<std::string> th;
            for (const auto& t : f.therapies) th.push_back(t.drugs + " (" + t.tier + " " + t.direction + ")");
            out << head << na(f.gene) << "\t" << na(f.variants) << "\t" << na(f.biomarker_id) << "\t" << na(f.biomarker_label) << "\t"
                << na(f.match_type) << "\t" << (f.tier ? *f.tier : std::string("NA")) << "\t" << na(join(th, "; ")) << tail;
        }
    });
}

}  // namespace oncomatch
