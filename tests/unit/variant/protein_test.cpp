// HGVS p. notation <-> one-letter short form.
#include <doctest/doctest.h>

#include "oncomatch/variant/protein.hpp"

using namespace oncomatch;

TEST_CASE("protein_short") {
    CHECK(protein_short("p.Leu858Arg") == "L858R");
    CHECK(protein_short("ENSP0001:p.(Glu746_Ala750del)") == "E746_A750del");
    CHECK(protein_short("ENSP00000275493.2:p.Leu858Arg") == "L858R");
    CHECK(protein_short("p.Gly12Cys") == "G12C");
    CHECK(protein_short("p.(L858R)") == "L858R");
    CHECK(protein_short("V600E") == "V600E");
    CHECK(protein_short("p.Arg273Ter") == "R273*");
    CHECK(protein_short("p.Arg273*") == "R273*");
    CHECK(protein_short("p.Leu858=") == "L858=");
    CHECK(protein_short("p.Glu746_Ala750delinsGln") == "E746_A750delinsQ");
    CHECK(protein_short("p.Ala767_Val769dup") == "A767_V769dup");
    CHECK(protein_short("p.Lys117AsnfsTer5") == "K117Nfs*5");
    CHECK(protein_short("p.Asp770_Asn771insGly") == "D770_N771insG");
    CHECK(protein_short("p.Val600_Lys601delinsGlu") == "V600_K601delinsE");
}

TEST_CASE("protein_short: invalid input gives empty") {
    CHECK(protein_short("").empty());
    CHECK(protein_short("p.").empty());
    CHECK(protein_short("p.?").empty());
    CHECK(protein_short("V600").empty());
    CHECK(protein_short("p.Val600Xyz").empty());
    CHECK(protein_short("600E").empty());
    CHECK(protein_short("c.1799T>A").empty());
    CHECK(protein_short("BRAF").empty());
}

TEST_CASE("protein_long") {
    CHECK(protein_long("V600E") == "p.Val600Glu");
    CHECK(protein_long("L858R") == "p.Leu858Arg");
    CHECK(protein_long("R273*") == "p.Arg273Ter");
    CHECK(protein_long("E746_A750del") == "p.Glu746_Ala750del");
    CHECK(protein_long("D770_N771insG") == "p.Asp770_Asn771insGly");
    CHECK(protein_long("L858=") == "p.Leu858=");
    CHECK(protein_long("V600").empty());
    CHECK(protein_long("nonsense").empty());
    // Round trip.
    for (const char* s : {"p.Gly12Cys", "p.Glu746_Ala750del", "p.Ala767_Val769dup", "p.Arg273Ter"})
        CHECK(protein_long(protein_short(s)) == s);
}

TEST_CASE("amino-acid codes, protein_start, validity") {
    CHECK(aa_one_letter("Leu") == 'L');
    CHECK(aa_one_letter("Ter") == '*');
    CHECK(aa_one_letter("leu") == 0);
    CHECK(aa_one_letter("Le") == 0);
    CHECK(aa_three_letter('W') == "Trp");
    CHECK(aa_three_letter('*') == "Ter");
    CHECK(aa_three_letter('J').empty());
    auto p = protein_start("E746_A750del");
    REQUIRE(p);
    CHECK(p->ref_aa == 'E');
    CHECK(p->position == 746);
    CHECK(protein_start("V600E")->position == 600);
    CHECK_FALSE(protein_start("600E"));
    CHECK(is_valid_protein_change("G12C"));
    CHECK(is_valid_protein_change("K117fs"));
    CHECK(is_valid_protein_change("E746_A750del"));
    CHECK(is_valid_protein_change("R273*"));
    CHECK_FALSE(is_valid_protein_change("G12"));
    CHECK_FALSE(is_valid_protein_change("G0C"));
    CHECK_FALSE(is_valid_protein_change("E746_750del"));
    CHECK_FALSE(is_valid_protein_change("E746_A750foo"));
}
