// Trimming and left-alignment, with a fake reference over a literal sequence.
#include <doctest/doctest.h>

#include "oncomatch/variant/normalise.hpp"

using namespace oncomatch;

namespace {

// Reference "GCACACACAT" at 0-based positions 0..9 (G C A C A C A C A T).
const std::string kSeq = "GCACACACAT";

RefFetcher fetcher(const std::string& seq, int* calls = nullptr) {
    return [seq, calls](std::int64_t b, std::int64_t e) -> std::string {
        if (calls) ++*calls;
        if (b < 0 || e > static_cast<std::int64_t>(seq.size()) || b > e) return {};
        return seq.substr(static_cast<std::size_t>(b), static_cast<std::size_t>(e - b));
    };
}

}  // namespace

TEST_CASE("trim_allele") {
    // Shared suffix: CTT>CT at 10 -> CT>C at 10.
    auto a = trim_allele({10, "CTT", "CT"});
    CHECK(a.pos0 == 10);
    CHECK(a.ref == "CT");
    CHECK(a.alt == "C");
    // Shared prefix: ACGT>ACGA at 5 -> T>A at 8.
    auto b = trim_allele({5, "ACGT", "ACGA"});
    CHECK(b.pos0 == 8);
    CHECK(b.ref == "T");
    CHECK(b.alt == "A");
    // Both sides, keeping one anchor base: GATTC>GAC (delete TT) -> ATT>A at pos+1.
    auto c = trim_allele({100, "GATTC", "GAC"});
    CHECK(c.pos0 == 101);
    CHECK(c.ref == "ATT");
    CHECK(c.alt == "A");
    // MNV with a shared middle stays.
    auto d = trim_allele({0, "AGC", "TGA"});
    CHECK(d.pos0 == 0);
    CHECK(d.ref == "AGC");
    CHECK(d.alt == "TGA");
    // SNV unchanged.
    auto e = trim_allele({7, "A", "G"});
    CHECK(e.pos0 == 7);
    CHECK(e.ref == "A");
    CHECK(e.alt == "G");
}

TEST_CASE("left_align: deletion of CA in a CA repeat moves to the first unit") {
    // Delete the last "CA" (positions 7-8): anchor at 6 ('A'), A CA > A.
    REQUIRE(kSeq.substr(6, 3) == "ACA");
    auto a = left_align({6, "ACA", "A"}, fetcher(kSeq));
    // Leftmost equivalent: anchor G at 0, GCA > G.
    CHECK(a.pos0 == 0);
    CHECK(a.ref == "GCA");
    CHECK(a.alt == "G");
    // Written right-padded (ACAT > AT at 6) gives the same result after trimming.
    auto b = left_align({6, "ACAT", "AT"}, fetcher(kSeq));
    CHECK(b.pos0 == 0);
    CHECK(b.ref == "GCA");
    CHECK(b.alt == "G");
}

TEST_CASE("left_align: insertion of AC in the repeat") {
    // Insert "CA" after position 8 (anchor A at 8): A > ACA. Leftmost: G > GCA at 0.
    auto a = left_align({8, "A", "ACA"}, fetcher(kSeq));
    CHECK(a.pos0 == 0);
    CHECK(a.ref == "G");
    CHECK(a.alt == "GCA");
    // Insertion of one base outside a repeat stays: T > TG at 9.
    auto b = left_align({9, "T", "TG"}, fetcher(kSeq));
    CHECK(b.pos0 == 9);
    CHECK(b.ref == "T");
    CHECK(b.alt == "TG");
}

TEST_CASE("left_align: homopolymer and the start of the contig") {
    const std::string seq = "AAAAC";
    // Delete one A at the end of the run: anchor at 2 (AA>A) -> can move to 0 but no further.
    auto a = left_align({2, "AA", "A"}, fetcher(seq));
    CHECK(a.pos0 == 0);
    CHECK(a.ref == "AA");
    CHECK(a.alt == "A");
}

TEST_CASE("left_align: SNVs, MNVs and unknown reference are unchanged") {
    int calls = 0;
    auto s = left_align({5, "A", "G"}, fetcher(kSeq, &calls));
    CHECK(s.pos0 == 5);
    CHECK(s.ref == "A");
    CHECK(s.alt == "G");
    auto m = left_align({4, "AC", "GT"}, fetcher(kSeq, &calls));
    CHECK(m.pos0 == 4);
    CHECK(m.ref == "AC");
    CHECK(calls == 0);
    // A fetcher that knows nothing: the trimmed allele comes back.
    auto u = left_align({6, "ACA", "A"}, [](std::int64_t, std::int64_t) { return std::string(); });
    CHECK(u.pos0 == 6);
    CHECK(u.ref == "ACA");
    auto n = left_align({6, "ACA", "A"}, RefFetcher{});
    CHECK(n.pos0 == 6);
}

TEST_CASE("is_plain_sequence") {
    CHECK(is_plain_sequence("ACGTN"));
    CHECK(is_plain_sequence("acgt"));
    CHECK_FALSE(is_plain_sequence(""));
    CHECK_FALSE(is_plain_sequence("<DEL>"));
    CHECK_FALSE(is_plain_sequence("*"));
    CHECK_FALSE(is_plain_sequence("A/T"));
}
