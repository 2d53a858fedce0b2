// ClinicalTrials.gov API v2 importer on hand-written fixtures (tests/data/trials): field
// mapping, criteria read from keywords and inclusion text only, flags for a curator, errors
// with file:line:col or JSON path, and the output loading into a knowledgebase.
#include <doctest/doctest.h>
#include <yaml-cpp/yaml.h>

#include <sstream>

#include "../kb_fixture.hpp"
#include "oncomatch/kb_import/trials.hpp"

using namespace oncomatch;
using namespace oncomatch::kb_import;
using namespace oncomatch::test;

namespace {

struct Imported {
    TrialsImportResult result;
    std::string yaml;
};

Imported import_fixture(const fs::path& kb_dir, const std::string& name) {
    TrialsImportConfig c;
    c.input = data_path("trials/" + name);
    c.kb_dir = kb_dir;
    std::ostringstream out;
    Imported r;
    r.result = import_trials(c, out);
    r.yaml = out.str();
    return r;
}

YAML::Node trial(const YAML::Node& trials, const std::string& nct) {
    for (const auto& t : trials)
        if (t["nct_id"].as<std::string>() == nct) return t;
    FAIL("no trial " << nct);
    return {};
}

}  // namespace

TEST_CASE("ctgov pieces: phase, status, age, country") {
    CHECK(ctgov_phase({"PHASE1", "PHASE2"}) == "1/2");
    CHECK(ctgov_phase({"PHASE3"}) == "3");
    CHECK(ctgov_phase({"EARLY_PHASE1"}) == "early 1");
    CHECK(ctgov_phase({"NA"}) == "");
    CHECK(ctgov_status("RECRUITING") == "recruiting");
    CHECK(ctgov_status("NOT_YET_RECRUITING") == "not_yet_recruiting");
    CHECK(ctgov_status("ACTIVE_NOT_RECRUITING") == "active_not_recruiting");
    CHECK(ctgov_status("WITHHELD") == "unknown");
    CHECK(ctgov_status("Recruiting") == "");
    bool ok = false;
    CHECK(ctgov_age_years("18 Years", ok) == 18);
    CHECK(ok);
    CHECK(ctgov_age_years("30 Months", ok) == 2);
    CHECK(ctgov_age_years("eighteen", ok) == 0);
    CHECK_FALSE(ok);
    CHECK(country_code("United States") == "US");
    CHECK(country_code("Korea, Republic of") == "KR");
    CHECK(country_code("China") == "CN");
    CHECK(country_code("Atlantis") == "");
}

TEST_CASE("ctgov single study: every kept field") {
    TempDir kb;
    write_base_kb(kb.path());
    auto r = import_fixture(kb.path(), "ctgov_single_study.json");
    CHECK(r.result.studies == 1);
    CHECK(r.result.matchable == 1);
    CHECK(r.result.flagged == 0);
    auto t = trial(YAML::Load(r.yaml)["trials"], "NCT09990001");
    CHECK(t["title"].as<std::string>() == "A Study of a KRAS G12C Inhibitor in Advanced Non-Small Cell Lung Cancer");
    CHECK(t["acronym"].as<std::string>() == "FIXTURE-1");
    CHECK(t["phase"].as<std::string>() == "2");
    CHECK(t["status"].as<std::string>() == "recruiting");
    CHECK(t["status_as_of"].as<std::string>() == "2026-04-20");
    CHECK(t["interventions"].size() == 1);  // the biopsy procedure is not an intervention we keep
    CHECK(t["interventions"][0].as<std::string>() == "sotorasib");
    // KRAS G12C from keywords/inclusion; EGFR L858R appears only under exclusion: not a criterion.
    CHECK(t["criteria"]["gene"].as<std::string>() == "KRAS");
    CHECK(t["criteria"]["protein"].as<std::string>() == "G12C");
    CHECK(t["tumor_types"][0].as<std::string>() == "NSCLC");
    CHECK(t["age"]["min"].as<int>() == 18);
    CHECK_FALSE(t["age"]["max"].IsDefined());
    CHECK(t["sex"].as<std::string>() == "all");
    REQUIRE(t["sites"].size() == 2);  // the duplicated Dana-Farber site is listed once
    CHECK(t["sites"][0]["country"].as<std::string>() == "US");
    CHECK(t["sites"][1]["country"].as<std::string>() == "CN");
    CHECK(t["sites"][1]["city"].as<std::string>() == "Guangzhou");
    CHECK_FALSE(t["review"].IsDefined());
}

TEST_CASE("ctgov page: flags what is left for a curator; flagged trials get no criteria") {
    TempDir kb;
    write_base_kb(kb.path());
    auto r = import_fixture(kb.path(), "ctgov_page.json");
    CHECK(r.result.studies == 3);
    CHECK(r.result.matchable == 1);
    CHECK(r.result.flagged == 2);
    CHECK(r.result.flags == std::vector<std::string>{
                                "NCT09990003: condition not mapped to OncoTree: 'Healthy Volunteers'",
                                "NCT09990003: site country not recognised, site left out: 'Atlantis'",
                                "NCT09990003: biomarker criteria not recognised in the record: left for a curator",
                                "NCT09990004: biomarker criteria not recognised in the record: left for a curator"});
    const auto trials = YAML::Load(r.yaml)["trials"];
    REQUIRE(trials.size() == 3);
    CHECK(trials[0]["nct_id"].as<std::string>() == "NCT09990002");  // sorted by NCT id
    auto mel = trial(trials, "NCT09990002");
    CHECK(mel["criteria"]["any"].size() == 2);
    CHECK(mel["criteria"]["any"][1]["protein"].as<std::string>() == "V600K");
    CHECK(mel["status"].as<std::string>() == "active_not_recruiting");
    CHECK(mel["tumor_types"].size() == 1);  // "Melanoma" and "Metastatic Melanoma" are one code
    CHECK(mel["tumor_types"][0].as<std::string>() == "MEL");
    auto pdl1 = trial(trials, "NCT09990003");
    CHECK_FALSE(pdl1["criteria"].IsDefined());
    CHECK(pdl1["review"].as<std::string>() == "needs_curation");
    CHECK(pdl1["status_as_of"].as<std::string>() == "2026-03-01");  // from statusVerifiedDate
    CHECK(pdl1["sex"].as<std::string>() == "female");
    CHECK(pdl1["age"]["min"].as<int>() == 0);
    CHECK(pdl1["age"]["max"].as<int>() == 75);
    CHECK(pdl1["phase"].as<std::string>() == "1/2");
    CHECK_FALSE(pdl1["sites"].IsDefined());
    CHECK(pdl1["tumor_types"][0].as<std::string>() == "_SOLID_");  // "Solid Tumor" is tissue-agnostic
    CHECK(trial(trials, "NCT09990004")["tumor_types"][0].as<std::string>() == "LUAD");
}

TEST_CASE("ctgov import output loads into a knowledgebase") {
    TempDir kb;
    write_base_kb(kb.path());
    for (const char* f : {"ctgov_single_study.json", "ctgov_page.json"}) {
        TrialsImportConfig c;
        c.input = data_path(std::string("trials/") + f);
        c.kb_dir = kb.path();
        c.output = kb / (std::string("trials/") + f + ".yaml");
        fs::create_directories(kb / "trials");
        std::ostringstream unused;
        import_trials(c, unused);
        CHECK(unused.str().empty());
    }
    auto loaded = load_kb(kb.path());
    CHECK(loaded->trials.size() == 4);
}

TEST_CASE("ctgov import: malformed JSON and schema errors name the file and place") {
    TempDir kb;
    write_base_kb(kb.path());
    TrialsImportConfig c;
    c.kb_dir = kb.path();
    std::ostringstream out;
    c.input = data_path("trials/ctgov_malformed.json");
    auto msg = error_message([&] { import_trials(c, out); });
    CHECK(msg.find("ctgov_malformed.json:5:3: malformed JSON: syntax error") != std::string::npos);
    c.input = data_path("trials/ctgov_bad_type.json");
    msg = error_message([&] { import_trials(c, out); });
    CHECK(msg.find("ctgov_bad_type.json: /studies/1/protocolSection/designModule/phases: expected a list, found string") != std::string::npos);
    CHECK(out.str().empty());  // nothing written on error
    TempDir t;
    write_file(t / "dup.json", R"({"studies": [{"protocolSection": {"identificationModule": {"nctId": "NCT09990001", "briefTitle": "a"},
        "statusModule": {"overallStatus": "RECRUITING", "lastUpdatePostDateStruct": {"date": "2026-01-01"}}}},
      {"protocolSection": {"identificationModule": {"nctId": "NCT09990001", "briefTitle": "b"},
        "statusModule": {"overallStatus": "RECRUITING", "lastUpdatePostDateStruct": {"date": "2026-01-01"}}}}]})");
    c.input = t / "dup.json";
    msg = error_message([&] { import_trials(c, out); });
    CHECK(msg.find("dup.json: /studies/1/protocolSection/identificationModule/nctId: NCT09990001 appears twice") != std::string::npos);
    write_file(t / "nostatus.json", R"({"protocolSection": {"identificationModule": {"nctId": "NCT09990001", "briefTitle": "a"}}})");
    c.input = t / "nostatus.json";
    msg = error_message([&] { import_trials(c, out); });
    CHECK(msg.find("nostatus.json: /protocolSection/statusModule/overallStatus: missing") != std::string::npos);
}

TEST_CASE("ctgov refresh: a trial the knowledgebase has keeps its curated criteria and tumour types") {
    TempDir kb;
    write_base_kb(kb.path());
    write_file(kb / "curated/braf.yaml", kBrafKrasBiomarkers);
    write_file(kb / "trials/t.yaml",
               "trials:\n"
               "  - nct_id: NCT09990003\n"
               "    title: curated title\n"
               "    status: recruiting\n"
               "    status_as_of: 2025-01-01\n"
               "    criteria: {all: [BM-BRAF-V600E, {not: {gene: KRAS, codon: G12}}, {gene: BRAF, exon: {number: 15, class: missense}}]}\n"
               "    tumor_types: [MEL, NSCLC]\n"
               "    exclude_tumor_types: [LUAD]\n");
    auto r = import_fixture(kb.path(), "ctgov_page.json");
    CHECK(r.result.kept_from_kb == 1);
    CHECK(r.result.matchable == 2);
    auto t = trial(YAML::Load(r.yaml)["trials"], "NCT09990003");
    CHECK(t["status"].as<std::string>() == "not_yet_recruiting");  // refreshed from the record
    CHECK(t["status_as_of"].as<std::string>() == "2026-03-01");
    CHECK(t["tumor_types"].size() == 2);
    CHECK(t["exclude_tumor_types"][0].as<std::string>() == "LUAD");
    CHECK(t["criteria"]["all"][0].as<std::string>() == "BM-BRAF-V600E");
    CHECK(t["criteria"]["all"][1]["not"]["codon"].as<std::string>() == "G12");
    CHECK(t["criteria"]["all"][2]["exon"]["class"].as<std::string>() == "missense");
    CHECK(t["review"].as<std::string>() == "needs_curation");  // the unknown site country is still flagged
    CHECK(t["note"].as<std::string>().find("criteria and tumour types kept from the knowledgebase entry; status refreshed from the record; site country") == 0);
    // The refreshed entry loads as an overlay replacing the bundled one, same criteria.
    TempDir ov;
    write_file(ov / "trials.yaml", r.yaml);
    kb::LoadOptions o;
    o.dir = kb.path();
    o.overlay = ov.path();
    o.use_cache = false;
    auto loaded = kb::load_knowledgebase(o);
    const kb::Trial* refreshed = nullptr;
    for (const auto& x : loaded->trials)
        if (x.nct_id == "NCT09990003") refreshed = &x;
    REQUIRE(refreshed);
    CHECK(refreshed->status == "not_yet_recruiting");
    REQUIRE(refreshed->criteria);
    CHECK(refreshed->criteria->kind == kb::RuleKind::all);
    REQUIRE(refreshed->criteria->children.size() == 3);
    CHECK(refreshed->criteria->children[1].children[0].codon == 12);
    CHECK(refreshed->criteria->children[1].children[0].codon_aa == 'G');
}
