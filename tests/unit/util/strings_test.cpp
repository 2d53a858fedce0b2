// String helpers.
#include <doctest/doctest.h>

#include "oncomatch/util/sha256.hpp"
#include "oncomatch/util/strings.hpp"

using namespace oncomatch;

TEST_CASE("split keeps empty fields") {
    auto v = split("a\t\tb\t", '\t');
    REQUIRE(v.size() == 4);
    CHECK(v[0] == "a");
    CHECK(v[1].empty());
    CHECK(v[2] == "b");
    CHECK(v[3].empty());
    CHECK(split("", ',').size() == 1);
    CHECK(split_copy("x,y", ',') == std::vector<std::string>{"x", "y"});
}

TEST_CASE("trim, case, join") {
    CHECK(trim("  a b \t\n") == "a b");
    CHECK(trim("   ").empty());
    CHECK(to_lower("BRAF V600E") == "braf v600e");
    CHECK(to_upper("chr7") == "CHR7");
    CHECK(iequals("GRCh38", "grch38"));
    CHECK_FALSE(iequals("GRCh38", "grch3"));
    CHECK(icontains("Homo_sapiens.GRCh38.fa", "grch38"));
    CHECK(join({"a", "b", "c"}, ", ") == "a, b, c");
    CHECK(join({}, ", ").empty());
}

TEST_CASE("parse_number and parse_double are strict") {
    CHECK(parse_number<int>("42") == std::optional<int>(42));
    CHECK_FALSE(parse_number<int>("42x"));
    CHECK_FALSE(parse_number<int>(""));
    CHECK_FALSE(parse_number<int>(" 42"));
    CHECK(parse_number<long long>("-7") == std::optional<long long>(-7));
    CHECK(parse_double("0.25") == std::optional<double>(0.25));
    CHECK(parse_double(" 1e-3 ") == std::optional<double>(0.001));
    CHECK_FALSE(parse_double("nan"));
    CHECK_FALSE(parse_double("inf"));
    CHECK_FALSE(parse_double("0.2x"));
    CHECK_FALSE(parse_double(""));
}

TEST_CASE("format_double: four decimals, trailing zeros trimmed") {
    CHECK(format_double(0.25) == "0.25");
    CHECK(format_double(1.0) == "1");
    CHECK(format_double(56.0 / 58.0) == "0.9655");
    CHECK(format_double(-0.00001) == "0");
    CHECK(format_double(12.5) == "12.5");
}

TEST_CASE("sha256_hex known answers") {
    CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}
