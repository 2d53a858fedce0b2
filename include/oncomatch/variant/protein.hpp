#pragma once
// Protein change notation: HGVS p. in three-letter form ("p.Leu858Arg", "p.(Glu746_Ala750del)")
// and the one-letter short form oncologists use ("L858R", "E746_A750del").
#include <optional>
#include <string>
#include <string_view>

namespace oncomatch {

// One-letter code of a three-letter amino acid ("Leu" -> 'L', "Ter" -> '*'), or 0.
char aa_one_letter(std::string_view three);
// Three-letter code of a one-letter amino acid ('L' -> "Leu", '*' -> "Ter"), or "".
std::string_view aa_three_letter(char one);

// "p.Leu858Arg" / "p.(L858R)" / "L858R" / "ENSP..:p.Leu858Arg" -> "L858R"; "" when unparseable.
std::string protein_short(std::string_view hgvsp);
// "L858R" -> "p.Leu858Arg" (best effort; returns "" when unparseable).
std::string protein_long(std::string_view short_form);

struct ProteinPosition {
    char ref_aa = 0;   // first reference residue ('V' of V600E)
    int position = 0;  // 600
};
// First residue and position of a short form ("V600E" -> {V, 600}; "E746_A750del" -> {E, 746}).
std::optional<ProteinPosition> protein_start(std::string_view short_form);

// True when the short form names a valid change: residue, position, then a change
// (residue, '*', '=', fs..., del, dup, ins..., delins..., ext...).
bool is_valid_protein_change(std::string_view short_form);

}  // namespace oncomatch
