// `--clinical hla=…` and `--clinical expression=…`: the patient's HLA typing and tumour
// expression results, checked before any work (a typo is a usage error, not a silent miss).
#include <doctest/doctest.h>

#include "oncomatch/cli/annotate.hpp"
#include "oncomatch/error.hpp"

using namespace oncomatch;

TEST_CASE("--clinical hla takes WHO allele names") {
    CHECK(cli::parse_clinical("hla=A*02:01,A*24:02").second == "A*02:01,A*24:02");
    CHECK(cli::parse_clinical("hla=A*02:01:01, B*07:02").first == "hla");
    CHECK_THROWS_AS(cli::parse_clinical("hla=A2"), UsageError);
    CHECK_THROWS_AS(cli::parse_clinical("hla=A*02:01,"), UsageError);  // an empty item is not an allele
    CHECK_THROWS_AS(cli::parse_clinical("hla="), UsageError);
}

TEST_CASE("--clinical expression takes GENE:positive|negative items") {
    CHECK(cli::parse_clinical("expression=MAGEA4:positive").second == "MAGEA4:positive");
    CHECK(cli::parse_clinical("expression=MAGEA4:positive,CD274:negative").first == "expression");
    CHECK_THROWS_AS(cli::parse_clinical("expression=MAGEA4"), UsageError);
    CHECK_THROWS_AS(cli::parse_clinical("expression=MAGEA4:high"), UsageError);
    CHECK_THROWS_AS(cli::parse_clinical("expression=MAGEA4:positive,MAGEA4:negative"), UsageError);
}
