// Trial matching in interpretation: recruitment status (and --all-trials), tumour type,
// criteria, retired and uncurated trials, sex and age (checked or listed as not checked),
// country ordering and --trials-in-country.
#include <doctest/doctest.h>

#include "../kb_fixture.hpp"
#include "oncomatch/interpret/interpret.hpp"

using namespace oncomatch;
using namespace oncomatch::test;

namespace {

std::string trial(const std::string& nct, const std::string& status, const std::string& extra) {
    return "  - nct_id: " + nct + "\n    title: t " + nct + "\n    status: " + status +
           "\n    status_as_of: 2026-05-01\n    interventions: [dabrafenib]\n" + extra;
}

struct Fixture {
    TempDir tmp;
    std::shared_ptr<const kb::Knowledgebase> kb;
    std::unique_ptr<kb::KbIndex> index;
    Fixture() {
        write_base_kb(tmp.path());
        write_file(tmp / "curated/braf.yaml", std::string(kBrafKrasBiomarkers) +
                                                  "evidence:\n"
                                                  "  - {id: OMC-1, biomarker: BM-BRAF-V600E, tumor_types: [MEL], therapy: {drugs: [dabrafenib]},"
                                                  " direction: sensitivity, level: A, summary: s}\n");
        const std::string sites =
            "    sites:\n"
            "      - {country: US, city: Boston, facility: A}\n"
            "      - {country: DE, city: Berlin, facility: B}\n"
            "      - {country: CN, city: Guangzhou, facility: C}\n";
        write_file(tmp / "trials/t.yaml",
                   "trials:\n" +
                       trial("NCT00000001", "recruiting", "    criteria: BM-BRAF-V600E\n    tumor_types: [MEL]\n    age: {min: 18, max: 70}\n" + sites) +
                       trial("NCT00000002", "completed", "    criteria: BM-BRAF-V600E\n    tumor_types: [MEL]\n") +
                       trial("NCT00000003", "not_yet_recruiting", "    criteria: BM-BRAF-V600E\n    sex: female\n    sites: [{country: US, city: Boston, facility: A}]\n") +
                       trial("NCT00000004", "recruiting", "    criteria: BM-BRAF-V600E\n    tumor_types: [NSCLC]\n") +
                       trial("NCT00000005", "recruiting", "    criteria: BM-KRAS-G12C\n") +
                       trial("NCT00000006", "recruiting", "    criteria: BM-BRAF-V600E\n    retired: true\n") +
                       trial("NCT00000007", "recruiting", "    review: needs_curation\n") +
                       trial("NCT00000008", "recruiting", "    criteria: BM-BRAF-V600E\n    tumor_types: [_SOLID_]\n    exclude_tumor_types: [MEL]\n"));
        kb = load_kb(tmp.path());
        index = std::make_unique<kb::KbIndex>(*kb, Build::GRCh38);
    }
    Report run(std::vector<std::pair<std::string, std::string>> clinical, bool all = false, bool in_country = false) const {
        Variant v;
        v.chrom = v.chrom_norm = "7";
        v.pos0 = 140753335;
        v.vcf_pos = 140753336;
        v.ref = v.vcf_ref = "A";
        v.alt = v.vcf_alt = "T";
        v.all_alts = {"T"};
        v.pass = true;
        v.filter = "PASS";
        std::vector<MatchedVariant> calls;
        calls.push_back(match_variant(std::move(v), *index, AnnotationSchema{}));
        InterpretOptions o;
        o.tumor_type = "MEL";
        o.clinical = std::move(clinical);
        o.all_trials = all;
        o.trials_in_country = in_country;
        return interpret(*index, std::move(calls), o);
    }
    std::vector<std::string> ids(const Report& r) const {
        std::vector<std::string> out;
        for (const auto& m : r.trials) out.push_back(kb->trials[m.trial].nct_id);
        return out;
    }
    const TrialMatch& get(const Report& r, const std::string& nct) const {
        for (const auto& m : r.trials)
            if (kb->trials[m.trial].nct_id == nct) return m;
        FAIL("trial not listed: " << nct);
        return r.trials.front();
    }
};

}  // namespace

TEST_CASE("trials: open trials for this tumour type and biomarker; unchecked criteria listed") {
    Fixture f;
    auto r = f.run({});
    // 2 completed, 4 other tumour type, 5 other biomarker, 6 retired, 7 no criteria, 8 excludes MEL.
    CHECK(f.ids(r) == std::vector<std::string>{"NCT00000001", "NCT00000003"});
    const auto& t1 = f.get(r, "NCT00000001");
    CHECK(t1.not_checked == std::vector<std::string>{"age: 18 to 70"});
    REQUIRE(!t1.matched_on.empty());
    CHECK(t1.matched_on[0].find("BRAF V600E") != std::string::npos);
    CHECK(f.get(r, "NCT00000003").not_checked == std::vector<std::string>{"sex: trial enrols female patients only"});
    CHECK(f.ids(f.run({}, true)) == std::vector<std::string>{"NCT00000001", "NCT00000003", "NCT00000002"});
}

TEST_CASE("trials: sex and age given are checked") {
    Fixture f;
    CHECK(f.ids(f.run({{"sex", "male"}, {"age", "40"}})) == std::vector<std::string>{"NCT00000001"});
    CHECK(f.get(f.run({{"sex", "male"}, {"age", "40"}}), "NCT00000001").not_checked.empty());
    CHECK(f.ids(f.run({{"sex", "female"}, {"age", "71"}})) == std::vector<std::string>{"NCT00000003"});
    CHECK(f.ids(f.run({{"age", "17"}})) == std::vector<std::string>{"NCT00000003"});
    CHECK(f.ids(f.run({{"age", "18"}, {"sex", "female"}})) == std::vector<std::string>{"NCT00000001", "NCT00000003"});
}

TEST_CASE("trials: sites in the patient's country first; --trials-in-country keeps only those") {
    Fixture f;
    auto r = f.run({{"country", "CN"}});
    const auto& t1 = f.get(r, "NCT00000001");
    REQUIRE(t1.sites.size() == 3);
    CHECK(t1.sites[0].country == "CN");
    CHECK(t1.sites[1].country == "US");  // the others keep their order
    CHECK(t1.sites[2].country == "DE");
    auto only = f.run({{"country", "CN"}}, false, true);
    CHECK(f.ids(only) == std::vector<std::string>{"NCT00000001"});  // NCT00000003 has no site in CN
    REQUIRE(f.get(only, "NCT00000001").sites.size() == 1);
    CHECK(f.get(only, "NCT00000001").sites[0].city == "Guangzhou");
}
