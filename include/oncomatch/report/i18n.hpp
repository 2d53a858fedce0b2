#pragma once
// Report languages: fixed strings (section titles, column headers, tier and level explanations)
// in English and Chinese, plus data texts (drug and tumour type names from the knowledgebase,
// evidence summaries). With --lang zh, whatever has no Chinese form is shown in English and
// counted per category, so the QC section can say exactly how much of the report is untranslated.
#include <initializer_list>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace oncomatch::render {

enum class Lang { en, zh };
std::optional<Lang> parse_lang(std::string_view s);

// Categories of text that may lack a Chinese form.
enum class Fallback { fixed_text, drug_name, tumour_type, evidence_text, trial_text, clinical_value, kb_label };

// String-table key naming a fallback category ("cat_drug_name", ...).
const char* fallback_key(Fallback f);

class Translator {
public:
    explicit Translator(Lang lang) : lang_(lang) {}
    Lang lang() const { return lang_; }
    bool zh() const { return lang_ == Lang::zh; }

    // A fixed string by key; "{}" placeholders are filled in order. Unknown keys are a bug (throws).
    std::string t(std::string_view key, std::initializer_list<std::string> args = {});
    // A data text with an optional Chinese form (drug, tumour type): zh when present, else English (counted).
    std::string data(const std::string& en, const std::optional<std::string>& zh, Fallback cat);
    // A text that exists only in English (evidence summaries, trial titles): counted in zh.
    std::string english_only(const std::string& en, Fallback cat);
    // A note oncomatch itself wrote into the JSON (e.g. a not-assessed reason): its Chinese form when
    // the table knows the sentence, else English (counted).
    std::string known(const std::string& en, Fallback cat);

    // Untranslated items per category (zh only), and the distinct drug/tumour names among them.
    const std::map<Fallback, int>& fallbacks() const { return fallbacks_; }
    int fallback_total() const;
    const std::set<std::string>& untranslated_names() const { return names_; }

private:
    Lang lang_;
    std::map<Fallback, int> fallbacks_;
    std::set<std::string> names_;
};

// Fills "{}" placeholders in order (no formatting language: texts come from the tables below).
std::string fill(std::string_view pattern, std::initializer_list<std::string> args);
// Whether the table has a Chinese form for a key (for tests).
bool has_zh(std::string_view key);
bool has_key(std::string_view key);

}  // namespace oncomatch::render
