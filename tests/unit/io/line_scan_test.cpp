// scan_lines: lines, first five fields and column counts read off 64-byte bit masks must be
// exactly what a plain split gives, wherever lines, tabs and '\r' fall against the blocks.
#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

#include "oncomatch/io/line_scan.hpp"

using namespace oncomatch;

namespace {

struct Plain {
    std::string text;
    std::vector<std::string> f;
    std::size_t cols, offset;
    bool terminated;
};

std::vector<Plain> plain_split(const std::string& s) {
    std::vector<Plain> out;
    std::size_t start = 0;
    while (start < s.size()) {
        const auto nl = s.find('\n', start);
        const bool term = nl != std::string::npos;
        std::string l = s.substr(start, (term ? nl : s.size()) - start);
        if (!l.empty() && l.back() == '\r') l.pop_back();
        Plain p{l, {}, 1, start, term};
        std::size_t b = 0;
        for (std::size_t i = 0; i <= l.size(); ++i)
            if (i == l.size() || l[i] == '\t') {
                if (p.f.size() < 5) p.f.push_back(l.substr(b, i - b));
                if (i < l.size()) ++p.cols;
                b = i + 1;
            }
        while (p.f.size() < 5) p.f.emplace_back();
        out.push_back(p);
        start = term ? nl + 1 : s.size();
    }
    return out;
}

std::vector<Plain> scanned(const std::string& s) {
    std::vector<Plain> out;
    scan_lines(s, [&](const ScannedLine& l) {
        Plain p{std::string(l.text), {}, l.cols, l.offset, l.terminated};
        for (const auto& f : l.f) p.f.emplace_back(f);
        out.push_back(p);
        return true;
    });
    return out;
}

void check_same(const std::string& s) {
    const auto want = plain_split(s), got = scanned(s);
    REQUIRE(got.size() == want.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
        CAPTURE(i);
        CHECK(got[i].text == want[i].text);
        CHECK(got[i].cols == want[i].cols);
        CHECK(got[i].offset == want[i].offset);
        CHECK(got[i].terminated == want[i].terminated);
        CHECK(got[i].f == want[i].f);
    }
}

}  // namespace

TEST_CASE("scan_lines: a VCF line, CRLF, an unterminated last line, empty lines") {
    const std::string s = "7\t140753336\t.\tA\tT\t.\tPASS\t.\tGT\t0/1\n\n1\t5\tx\r\nlast\tline";
    const auto got = scanned(s);
    REQUIRE(got.size() == 4);
    CHECK(got[0].cols == 10);
    CHECK(got[0].f[1] == "140753336");
    CHECK(got[0].f[4] == "T");
    CHECK(got[1].text.empty());
    CHECK(got[2].text == "1\t5\tx");
    CHECK(got[2].f[2] == "x");
    CHECK(got[2].cols == 3);
    CHECK(got[3].terminated == false);
    CHECK(got[3].f[1] == "line");
    check_same(s);
}

TEST_CASE("scan_lines: lines of every length across the 64-byte blocks") {
    // Lines of 0..200 bytes with tabs at every stride, so newlines and tabs fall on every bit
    // position of a block, at its first and last byte, and blocks without a newline.
    for (std::size_t stride : {1u, 2u, 3u, 7u, 64u}) {
        std::string s;
        for (std::size_t len = 0; len <= 200; ++len) {
            std::string l(len, 'a');
            for (std::size_t i = 0; i < len; i += stride) l[i] = '\t';
            s += l + "\n";
        }
        CAPTURE(stride);
        check_same(s);
        check_same(s.substr(0, s.size() - 1));  // without the final newline
    }
    std::mt19937 rng(7);
    const char alphabet[] = {'a', 'b', '\t', '\n', '\r', '1'};
    for (int round = 0; round < 200; ++round) {
        std::string s(rng() % 500, 'x');
        for (auto& ch : s) ch = alphabet[rng() % sizeof alphabet];
        check_same(s);
    }
}

TEST_CASE("scan_lines: stops when told to") {
    int seen = 0;
    const bool finished = scan_lines(std::string("a\nb\nc\n"), [&](const ScannedLine&) { return ++seen < 2; });
    CHECK_FALSE(finished);
    CHECK(seen == 2);
}
