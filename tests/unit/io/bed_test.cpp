// Target BED reader: 0-based half-open intervals, normalised names, errors with file:line.
#include <doctest/doctest.h>

#include "../test_support.hpp"
#include "oncomatch/io/bed.hpp"

using namespace oncomatch;
using namespace oncomatch::test;

TEST_CASE("read_bed: intervals are kept 0-based and merged per normalised chromosome") {
    TempDir t;
    const auto p = t / "t.bed";
    write_file(p, "track name=panel\n# comment\nchr7\t140753300\t140753400\tBRAF_ex15\nchr7\t140753390\t140753500\n12\t25245300\t25245400\n");
    auto r = read_bed(p.string());
    CHECK(r.size() == 2);
    CHECK(r.contains("7", 140753300, 140753500));
    CHECK_FALSE(r.contains("7", 140753299, 140753301));  // BED start is 0-based: 140753299 is outside
    CHECK(r.contains("12", 25245350, 25245351));
    CHECK_FALSE(r.overlaps("chr7", 140753300, 140753301));
}

TEST_CASE("read_bed: errors") {
    TempDir t;
    const auto a = t / "a.bed";
    write_file(a, "chr1\t10\t20\nchr1\t30\n");
    CHECK(error_message([&] { read_bed(a.string()); }) ==
          a.string() + ":2: a BED line needs at least 3 tab-separated columns (chrom, start, end)");
    const auto b = t / "b.bed";
    write_file(b, "chr1\t20\t10\n");
    CHECK(error_message([&] { read_bed(b.string()); }) == b.string() + ":1: bad BED interval '20-10'");
    const auto c = t / "c.bed";
    write_file(c, "# nothing\n");
    CHECK(error_message([&] { read_bed(c.string()); }) == c.string() + ": target BED has no regions");
    CHECK(error_message([&] { read_bed((t / "none.bed").string()); }).find("target BED not found") != std::string::npos);
}
