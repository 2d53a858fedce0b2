// String helpers.
#include <doctest/doctest.h>

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

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
    CHECK(format_double(0.00005) == "0.0001");  // the double just above 0.00005 rounds up, as printf does
    CHECK(format_double(1e300).size() > 300);   // fixed notation, no exponent
}

TEST_CASE("format_double: the same digits as printf's %.4f, trimmed") {
    // Allele fractions (k / n for read counts), halfway cases and random magnitudes.
    auto printf_form = [](double v) {
        char buf[512];
        std::snprintf(buf, sizeof buf, "%.4f", v);
        std::string s(buf);
        while (!s.empty() && s.back() == '0') s.pop_back();
        if (!s.empty() && s.back() == '.') s.pop_back();
        return s == "-0" ? std::string("0") : s;
    };
    std::vector<double> values = {0.0, -0.0, 0.5, 0.00015, 0.00025, 0.12345, 2.5e-5, 123456.78905, -3.14159265};
    for (int n = 1; n <= 400; n += 7)
        for (int k = 0; k <= n; ++k) values.push_back(static_cast<double>(k) / n);
    std::uint64_t x = 88172645463325252ULL;  // xorshift: deterministic
    for (int i = 0; i < 20000; ++i) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        values.push_back(static_cast<double>(x % 2000000001) / 1e4 - 1e5);
    }
    for (double v : values) {
        CAPTURE(v);
        CHECK(format_double(v) == printf_form(v));
    }
}

TEST_CASE("sha256_hex known answers") {
    CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}
