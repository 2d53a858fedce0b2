// Conversions between three-letter HGVS p. notation and the one-letter short form.
#include "oncomatch/variant/protein.hpp"

#include <array>
#include <cctype>
#include <cstring>

namespace oncomatch {
namespace {

struct Aa {
    const char* three;
    char one;
};
constexpr std::array<Aa, 25> kAa = {{
    {"Ala", 'A'}, {"Arg", 'R'}, {"Asn", 'N'}, {"Asp", 'D'}, {"Cys", 'C'}, {"Gln", 'Q'}, {"Glu", 'E'},
    {"Gly", 'G'}, {"His", 'H'}, {"Ile", 'I'}, {"Leu", 'L'}, {"Lys", 'K'}, {"Met", 'M'}, {"Phe", 'F'},
    {"Pro", 'P'}, {"Ser", 'S'}, {"Thr", 'T'}, {"Trp", 'W'}, {"Tyr", 'Y'}, {"Val", 'V'}, {"Ter", '*'},
    {"Sec", 'U'}, {"Pyl", 'O'}, {"Xaa", 'X'}, {"Asx", 'B'},
}};

bool is_aa_letter(char c) {
    return std::strchr("ACDEFGHIKLMNPQRSTVWYUOX*", c) != nullptr && c != 0;
}

}  // namespace

char aa_one_letter(std::string_view three) {
    if (three.size() != 3) return 0;
    for (const auto& a : kAa)
        if (three[0] == a.three[0] && three[1] == a.three[1] && three[2] == a.three[2]) return a.one;
    return 0;
}

std::string_view aa_three_letter(char one) {
    for (const auto& a : kAa)
        if (a.one == one) return a.three;
    return {};
}

std::string protein_short(std::string_view s) {
    // Strip a protein accession prefix ("ENSP...:p.") and "p." and parentheses.
    if (auto colon = s.find(':'); colon != std::string_view::npos) s.remove_prefix(colon + 1);
    if (s.size() >= 2 && s[0] == 'p' && s[1] == '.') s.remove_prefix(2);
    std::string body;
    for (char c : s)
        if (c != '(' && c != ')') body.push_back(c);
    if (body.empty()) return {};
    std::string out;
    for (std::size_t i = 0; i < body.size();) {
        if (i + 3 <= body.size() && std::isupper(static_cast<unsigned char>(body[i]))) {
            char one = aa_one_letter(std::string_view(body).substr(i, 3));
            if (one) {
                out.push_back(one);
                i += 3;
                continue;
            }
        }
        out.push_back(body[i]);
        ++i;
    }
    // Normalise terminal notations: "fsTer12" -> "fs*12", "X" stop -> '*'.
    for (std::size_t p = out.find("Ter"); p != std::string::npos; p = out.find("Ter")) out.replace(p, 3, "*");
    if (!is_valid_protein_change(out)) return {};
    return out;
}

std::string protein_long(std::string_view s) {
    if (!is_valid_protein_change(s)) return {};
    std::string out = "p.";
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        // Residue letters are upper case and followed by a digit, or follow a digit (the change),
        // or follow "ins"/"delins"/"_".
        if (std::isupper(static_cast<unsigned char>(c)) || c == '*') {
            const bool word = i + 2 < s.size() && std::islower(static_cast<unsigned char>(s[i + 1]));
            if (!word) {
                auto t = aa_three_letter(c);
                if (!t.empty()) {
                    out += t;
                    continue;
                }
            }
        }
        out.push_back(c);
    }
    return out;
}

std::optional<ProteinPosition> protein_start(std::string_view s) {
    if (s.size() < 2 || !is_aa_letter(s[0]) || !std::isdigit(static_cast<unsigned char>(s[1]))) return std::nullopt;
    ProteinPosition p;
    p.ref_aa = s[0];
    std::size_t i = 1;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
        p.position = p.position * 10 + (s[i] - '0');
        if (p.position > 100000) return std::nullopt;
        ++i;
    }
    return p;
}

bool is_valid_protein_change(std::string_view s) {
    auto start = protein_start(s);
    if (!start || start->position <= 0) return false;
    std::size_t i = 1;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    std::string_view rest = s.substr(i);
    if (rest.empty()) return false;
    if (rest.size() == 1) return is_aa_letter(rest[0]) || rest[0] == '=';
    if (rest.rfind("fs", 0) == 0 || rest.rfind("ext", 0) == 0 || rest == "del" || rest == "dup" ||
        rest.rfind("delins", 0) == 0 || rest.rfind("ins", 0) == 0)
        return true;
    if (rest[0] == '_') {  // range: _A750del, _A750insXY, _A750delinsV, _A750dup
        auto r2 = protein_start(rest.substr(1));
        if (!r2) return false;
        std::size_t j = 2;
        while (j < rest.size() && std::isdigit(static_cast<unsigned char>(rest[j]))) ++j;
        auto tail = rest.substr(j);
        return tail == "del" || tail == "dup" || tail.rfind("ins", 0) == 0 || tail.rfind("delins", 0) == 0;
    }
    // Multi-residue substitution written as "V600_K601delinsEE" handled above; "*" then fs etc.
    return is_aa_letter(rest[0]) && (rest.substr(1).rfind("fs", 0) == 0 || rest.substr(1).rfind("ext", 0) == 0);
}

}  // namespace oncomatch
