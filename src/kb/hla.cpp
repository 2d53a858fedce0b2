// HLA allele names: validation and rule-versus-typing comparison (see header).
#include "oncomatch/kb/hla.hpp"

#include <regex>
#include <vector>

namespace oncomatch::kb {
namespace {

const std::regex& allele_re() {
    static const std::regex re(R"(^(?:HLA-)?(A|B|C|E|F|G|DRB1|DRB3|DRB4|DRB5|DQA1|DQB1|DPA1|DPB1)\*(\d{2,3}(?::\d{2,3}){0,3})([NLSCAQPG]?)$)");
    return re;
}

struct Parsed {
    std::string locus;
    std::vector<int> fields;
    char suffix = 0;
};

bool parse(const std::string& s, Parsed& p) {
    std::smatch m;
    if (!std::regex_match(s, m, allele_re())) return false;
    p.locus = m[1];
    const std::string f = m[2];
    std::size_t start = 0;
    while (start <= f.size()) {
        const auto colon = f.find(':', start);
        p.fields.push_back(std::stoi(f.substr(start, colon == std::string::npos ? std::string::npos : colon - start)));
        if (colon == std::string::npos) break;
        start = colon + 1;
    }
    p.suffix = m[3].length() ? m[3].str()[0] : 0;
    return true;
}

}  // namespace

bool is_hla_allele(const std::string& s) { return std::regex_match(s, allele_re()); }

std::string hla_locus(const std::string& s) {
    Parsed p;
    return parse(s, p) ? p.locus : std::string();
}

HlaMatch hla_match(const std::string& rule_allele, const std::string& typed_allele) {
    Parsed r, t;
    if (!parse(rule_allele, r) || !parse(typed_allele, t)) return HlaMatch::unknown;
    if (r.locus != t.locus || r.fields.front() != t.fields.front()) return HlaMatch::no;
    const bool group = r.suffix == 'P' || r.suffix == 'G';
    for (std::size_t i = 1; i < r.fields.size(); ++i) {
        if (i >= t.fields.size()) return HlaMatch::unknown;  // typing coarser than the rule
        if (r.fields[i] != t.fields[i]) return group ? HlaMatch::unknown : HlaMatch::no;
    }
    // A typed null or questionable allele (N, Q) is not expressed: it cannot present the peptide.
    if (t.suffix == 'N') return HlaMatch::no;
    return HlaMatch::yes;
}

}  // namespace oncomatch::kb
