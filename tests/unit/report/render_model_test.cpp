// Reading a saved report JSON back (what `oncomatch report` renders from): a real annotate output
// reads completely; a missing or mistyped field fails with the file and JSON path.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "../test_support.hpp"
#include "oncomatch/report/document.hpp"
#include "oncomatch/report/render_model.hpp"

using namespace oncomatch;
using namespace oncomatch::test;
using ojson = nlohmann::ordered_json;

namespace {

std::string golden() {
    std::ifstream in(std::string(ONCOMATCH_TEST_DATA) + "/report/T001-BRCA.oncomatch.json");
    std::stringstream ss;
    ss << in.rdbuf();
    REQUIRE(!ss.str().empty());
    return ss.str();
}

std::string text_of(const render::Document& d) {
    std::string all;
    auto add = [&](const render::Rich& r) {
        for (const auto& s : r) all += s.text + " ";
    };
    for (const auto& b : d.blocks) {
        add(b.text);
        for (const auto& l : b.lines) add(l);
        for (const auto& row : b.table.rows)
            for (const auto& c : row) {
                all += c.badge + " ";
                for (const auto& p : c.paras) add(p);
            }
    }
    return all;
}

}  // namespace

TEST_CASE("render model: a real report JSON reads completely") {
    const auto m = render::read_model(golden(), "T001-BRCA.oncomatch.json");
    CHECK(m.sample_id == "T001-BRCA");
    CHECK(m.tumor_code == "BRCA");
    CHECK(m.tumor_name_zh == "浸润性乳腺癌");
    CHECK(m.genome == "GRCh38");
    REQUIRE(m.findings.size() == 3);
    CHECK(m.findings[0].tier == std::optional<std::string>("IA"));
    const auto& t = m.findings[0].therapies.at(0);
    CHECK(t.drugs == std::vector<std::string>{"capivasertib", "fulvestrant"});
    CHECK(t.evidence_id == "OMC-0502");
    CHECK(t.approvals.at(0).agency == "FDA");
    CHECK(t.approvals.at(0).year == 2023);
    CHECK(t.citations.at(0).value == "37256976");
    REQUIRE(m.findings[0].variant_ids.size() == 1);
    CHECK(m.variant(m.findings[0].variant_ids[0])->change() == "H1047R");
    CHECK(m.trials.at(0).nct_id == "NCT03065062");
    CHECK(m.trials.at(0).status_as_of == "2019-11-13");
    CHECK(m.not_assessed.size() == 6);
    CHECK(std::find(m.genes_tested.begin(), m.genes_tested.end(), "PIK3CA") != m.genes_tested.end());
    CHECK(m.clinical.front() == std::pair<std::string, std::string>{"er_status", "positive"});
}

TEST_CASE("render model: errors name the file and the JSON path") {
    const std::string name = "x.json";
    ojson j = ojson::parse(golden());
    j["findings"][0]["therapies"][0].erase("tier");
    CHECK(error_message([&] { render::read_model(j.dump(), name); }) == "x.json: $.findings[0].therapies[0].tier: missing");
    j = ojson::parse(golden());
    j["findings"][1]["tier"] = 3;
    CHECK(error_message([&] { render::read_model(j.dump(), name); }) == "x.json: $.findings[1].tier: expected a string, found a number");
    j = ojson::parse(golden());
    j["trials"][0]["sites"] = "none";
    CHECK(error_message([&] { render::read_model(j.dump(), name); }) == "x.json: $.trials[0].sites: expected an array, found a string");
    j = ojson::parse(golden());
    j["findings"][0]["variant_ids"][0] = "V99";
    CHECK(error_message([&] { render::read_model(j.dump(), name); }) == "x.json: $.findings[0].variant_ids: names variant 'V99', which is not in $.variants");
    j = ojson::parse(golden());
    j["schema_version"] = "2.0.0";
    CHECK(error_message([&] { render::read_model(j.dump(), name); }).find("unsupported schema version '2.0.0'") != std::string::npos);
    CHECK(error_message([&] { render::read_model("{\"schema_version\": ", name); }).find("x.json: not valid JSON") == 0);
    CHECK(error_message([&] { render::read_model("[]", name); }) == "x.json: $: expected a report object, found an array");
}

TEST_CASE("render document: Chinese report counts the untranslated drug names; English counts nothing") {
    const auto m = render::read_model(golden(), "T001-BRCA.oncomatch.json");
    render::RenderOptions zh;
    zh.lang = render::Lang::zh;
    const auto d = render::build_document(m, {}, zh);
    const std::string text = text_of(d);
    CHECK(text.find("具有临床意义的变异") != std::string::npos);
    CHECK(text.find("浸润性乳腺癌 (BRCA)") != std::string::npos);
    CHECK(text.find("哌柏西利") != std::string::npos);  // palbociclib has a Chinese name in the knowledgebase
    // capivasertib has none: shown in English and named in the QC language line.
    CHECK(text.find("capivasertib") != std::string::npos);
    CHECK(text.find("暂无中文名称：") != std::string::npos);
    const auto d_en = render::build_document(m, {}, render::RenderOptions{});
    const std::string en = text_of(d_en);
    CHECK(en.find("Report language: English.") != std::string::npos);
    CHECK(en.find("Actionable findings") != std::string::npos);
    CHECK(en.find("capivasertib + fulvestrant") != std::string::npos);
}

namespace {
// "N 项数据文本暂无中文": the count the QC section gives (-1 when the line says everything is translated).
int zh_fallback_count(const render::Document& d) {
    const std::string text = text_of(d);
    const std::string mark = " 项数据文本暂无中文";
    const auto at = text.find(mark);
    if (at == std::string::npos) return -1;
    std::size_t from = at;
    while (from > 0 && text[from - 1] >= '0' && text[from - 1] <= '9') --from;
    REQUIRE(from < at);
    return std::stoi(text.substr(from, at - from));
}
}  // namespace

TEST_CASE("render document: every data text shown in English in a Chinese report is counted in the QC section") {
    auto m = render::read_model(golden(), "T001-BRCA.oncomatch.json");
    render::RenderOptions zh;
    zh.lang = render::Lang::zh;
    const int base = zh_fallback_count(render::build_document(m, {}, zh));
    REQUIRE(base > 0);
    // An evidence summary (data text, no Chinese form) is counted: with and without one.
    auto& th = m.findings[0].therapies[0];
    th.summary.clear();
    const int without = zh_fallback_count(render::build_document(m, {}, zh));
    th.summary = "A summary written in English only.";
    CHECK(zh_fallback_count(render::build_document(m, {}, zh)) == without + 1);
    const int base2 = without + 1;
    // A clinical value in words is English text (counted); a number or a code is not.
    m.clinical.push_back({"smoking_history", "former smoker"});
    const int with_words = zh_fallback_count(render::build_document(m, {}, zh));
    CHECK(with_words == base2 + 2);  // the key has no Chinese form either, and the value is words
    m.clinical.push_back({"age", "52"});
    CHECK(zh_fallback_count(render::build_document(m, {}, zh)) == with_words);
    // A consequence term with a translation is shown in Chinese, not counted.
    const std::string text = text_of(render::build_document(m, {}, zh));
    CHECK(text.find("错义变异") != std::string::npos);
    CHECK(text.find("missense_variant") == std::string::npos);
}

TEST_CASE("render document: page-1 budget levels tighten every list and say how many more there are") {
    for (int level = 1; level < render::kPage1Levels; ++level) {
        const auto a = render::page1_budget(level - 1), b = render::page1_budget(level);
        CAPTURE(level);
        CHECK(b.alterations <= a.alterations);
        CHECK(b.therapies <= a.therapies);
        CHECK(b.resistance <= a.resistance);
        CHECK(b.trials <= a.trials);
        CHECK(b.na_names_bytes <= a.na_names_bytes);
        CHECK(b.secondary_lines <= a.secondary_lines);
        CHECK(b.alterations + b.therapies + b.resistance + b.trials + b.na_names_bytes + b.na_reasons + b.trial_title_bytes <
              a.alterations + a.therapies + a.resistance + a.trials + a.na_names_bytes + a.na_reasons + a.trial_title_bytes);
    }
    auto m = render::read_model(golden(), "T001-BRCA.oncomatch.json");
    // Ten more trials than page 1 shows: the summary lists budget.trials of them and counts the rest.
    while (m.trials.size() < 12) m.trials.push_back(m.trials.front());
    render::RenderOptions ro;
    ro.page1 = render::page1_budget(render::kPage1Levels - 1);
    const auto d = render::build_document(m, {}, ro);
    const std::string text = text_of(d);
    CHECK(text.find("12 trial(s) matched; the first " + std::to_string(ro.page1.trials) + " are listed here") != std::string::npos);
    // Page-1 blocks come first and are all marked; the details are not.
    std::size_t marked = 0;
    bool seen_unmarked = false;
    for (const auto& b : d.blocks) {
        if (b.page1) {
            CHECK_FALSE(seen_unmarked);
            ++marked;
        } else {
            seen_unmarked = true;
        }
    }
    CHECK(marked >= 8);
}

TEST_CASE("render document: the methods section names the genes whose consequences oncomatch computed") {
    ojson j = ojson::parse(golden());
    j["qc"]["transcript_pack"] = "GRCh38 sha256:0123 (89 transcripts)";
    j["qc"]["consequence_genes_modelled"] = "BRAF,EGFR,PTEN";
    const auto m = render::read_model(j.dump(), "x.json");
    CHECK(m.consequence_genes_modelled == std::vector<std::string>{"BRAF", "EGFR", "PTEN"});
    const std::string en = text_of(render::build_document(m, {}, render::RenderOptions{}));
    CHECK(en.find("computed by oncomatch from its transcript pack for 3 genes: BRAF, EGFR, PTEN (pack GRCh38 sha256:0123 (89 transcripts))") !=
          std::string::npos);
    render::RenderOptions zh;
    zh.lang = render::Lang::zh;
    CHECK(text_of(render::build_document(m, {}, zh)).find("共 3 个基因：BRAF, EGFR, PTEN") != std::string::npos);
    // A report made without a pack (--consequence file, or no pack for the build) says so instead.
    j["qc"].erase("consequence_genes_modelled");
    j["qc"]["transcript_pack"] = "not used (--consequence file)";
    const auto m2 = render::read_model(j.dump(), "x.json");
    CHECK(m2.consequence_genes_modelled.empty());
    const std::string en2 = text_of(render::build_document(m2, {}, render::RenderOptions{}));
    CHECK(en2.find("taken from the annotation in the file; oncomatch computed none itself (transcript pack: not used (--consequence file))") !=
          std::string::npos);
    CHECK(en2.find("from its transcript pack for") == std::string::npos);
    // A report JSON without either field (older oncomatch) claims neither.
    j["qc"].erase("transcript_pack");
    const std::string en3 = text_of(render::build_document(render::read_model(j.dump(), "x.json"), {}, render::RenderOptions{}));
    CHECK(en3.find("oncomatch computed none itself") == std::string::npos);
    CHECK(en3.find("from its transcript pack for") == std::string::npos);
}
