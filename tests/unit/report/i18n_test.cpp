// i18n: fixed strings in both languages, placeholder filling, and fallback counting for data
// texts without a Chinese form.
#include <doctest/doctest.h>

#include <stdexcept>

#include "oncomatch/report/i18n.hpp"

using namespace oncomatch::render;

TEST_CASE("i18n: fixed strings are translated and placeholders filled in order") {
    Translator en(Lang::en), zh(Lang::zh);
    CHECK(en.t("sec_resistance") == "Resistance warnings");
    CHECK(zh.t("sec_resistance") == "耐药提示");
    CHECK(en.t("page_x_of_y", {"2", "5"}) == "page 2 of 5");
    CHECK(zh.t("page_x_of_y", {"2", "5"}) == "第 2 页，共 5 页");
    CHECK(zh.fallback_total() == 0);
    CHECK_THROWS_AS(en.t("no_such_key"), std::logic_error);
}

TEST_CASE("i18n: every tier, level and section title has a Chinese form") {
    for (const char* k : {"tier_IA", "tier_IB", "tier_IIC", "tier_IID", "tier_III", "tier_IV", "level_A", "level_B", "level_C", "level_D",
                          "sec_actionable", "sec_findings", "sec_trials", "sec_vus", "sec_qc", "sec_methods", "sec_references", "sec_signoff"}) {
        CAPTURE(k);
        CHECK(has_zh(k));
    }
}

TEST_CASE("i18n: data texts fall back to English in zh and are counted per category") {
    Translator zh(Lang::zh);
    CHECK(zh.data("osimertinib", std::string("奥希替尼"), Fallback::drug_name) == "奥希替尼");
    CHECK(zh.data("capivasertib", std::nullopt, Fallback::drug_name) == "capivasertib");
    CHECK(zh.data("capivasertib", std::string(""), Fallback::drug_name) == "capivasertib");
    CHECK(zh.english_only("Alpelisib improved PFS.", Fallback::evidence_text) == "Alpelisib improved PFS.");
    CHECK(zh.fallbacks().at(Fallback::drug_name) == 2);
    CHECK(zh.fallbacks().at(Fallback::evidence_text) == 1);
    CHECK(zh.fallback_total() == 3);
    CHECK(zh.untranslated_names() == std::set<std::string>{"capivasertib"});

    Translator en(Lang::en);
    CHECK(en.data("capivasertib", std::nullopt, Fallback::drug_name) == "capivasertib");
    CHECK(en.data("osimertinib", std::string("奥希替尼"), Fallback::drug_name) == "osimertinib");
    CHECK(en.fallback_total() == 0);  // English needs no translation
}

TEST_CASE("i18n: --lang values") {
    CHECK(parse_lang("en") == Lang::en);
    CHECK(parse_lang("zh") == Lang::zh);
    CHECK(parse_lang("zh-CN") == Lang::zh);
    CHECK_FALSE(parse_lang("fr"));
    CHECK(fill("{} + {}", {"a"}) == "a + {}");  // missing arguments leave the placeholder
}

#include <fstream>
#include <regex>
#include <sstream>

TEST_CASE("i18n: every key the report document uses exists, with a Chinese form") {
    // A key missing from the table would stop a report at run time (internal error): check them all,
    // including those only rare reports reach (requirement not met, excluded tumour type, overlay).
    std::ifstream in(std::string(ONCOMATCH_SOURCE_DIR) + "/src/report/document.cpp");
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string src = ss.str();
    REQUIRE(!src.empty());
    const std::regex key_re(R"re(tr_\.t\("([A-Za-z0-9_]+)"\s*[,)])re");  // literal keys (dynamic ones are checked below)
    int n = 0;
    for (auto it = std::sregex_iterator(src.begin(), src.end(), key_re); it != std::sregex_iterator(); ++it, ++n) {
        const std::string key = (*it)[1];
        CAPTURE(key);
        CHECK(has_key(key));
        CHECK(has_zh(key));
    }
    CHECK(n > 60);
    for (const char* k : {"dir_sensitivity", "dir_reduced_sensitivity", "dir_resistance", "dir_no_benefit", "dir_adverse_response",
                          "cat_fixed_text", "cat_drug_name", "cat_tumour_type", "cat_evidence_text", "cat_trial_text", "cat_kb_label",
                          "st_recruiting", "st_active_not_recruiting", "st_completed", "cv_positive", "cv_negative", "ck_her2_status"}) {
        CAPTURE(k);
        CHECK(has_zh(k));
    }
}
