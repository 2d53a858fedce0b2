// VcfReader: header facts, normalisation of records, and every input error with its exact
// message and file:line.
#include <doctest/doctest.h>

#include <htslib/bgzf.h>

#include <fstream>
#include <iterator>
#include <sstream>

#include "../test_support.hpp"
#include "oncomatch/io/vcf_reader.hpp"

using namespace oncomatch;
using namespace oncomatch::test;

namespace {

const char* kHead =
    "##fileformat=VCFv4.2\n"
    "##contig=<ID=1,length=249250621>\n"
    "##contig=<ID=7,length=159138663>\n"
    "##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n"
    "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tNORMAL\tTUMOR\n";  // 5 header lines

std::string read_error(const fs::path& p, const std::string& sample = {}) {
    return error_message([&] { read_all(p.string(), sample); });
}

bool has(const std::string& hay, const std::string& needle) {
    const bool ok = hay.find(needle) != std::string::npos;
    if (!ok) MESSAGE("'" << needle << "' not in: " << hay);
    return ok;
}

}  // namespace

TEST_CASE("header facts: samples, contigs, reference line") {
    TempDir t;
    const auto p = t / "a.vcf";
    write_file(p, std::string("##fileformat=VCFv4.2\n##reference=file:///ref/hs37d5.fa\n") +
                      "##contig=<ID=chr1,length=249250621>\n"
                      "##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n"
                      "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tNORMAL\tTUMOR\n"
                      "chr1\t100\trs1\tA\tG\t.\tPASS\t.\tGT\t0/0\t0/1\n");
    VcfReader r(ReaderOptions{p.string(), "", false, 0, {}});
    CHECK(r.samples() == std::vector<std::string>{"NORMAL", "TUMOR"});
    CHECK(r.tumour_index() == 1);
    CHECK(r.tumour_name() == "TUMOR");
    REQUIRE(r.contigs().size() == 1);
    CHECK(r.contigs()[0].name == "chr1");
    CHECK(r.contigs()[0].length == 249250621);
    CHECK(r.reference_line() == "file:///ref/hs37d5.fa");
    CHECK_FALSE(r.is_bcf());
}

TEST_CASE("records: split multi-allelic, trim, filters, line numbers") {
    TempDir t;
    const auto p = t / "b.vcf";
    write_file(p, std::string(kHead) +
                      "1\t100\tid1\tA\tG,AT\t.\tPASS\t.\tGT\t0/0\t1/2\n"      // line 6
                      "1\t200\t.\tCTT\tCT\t.\tlowqual;q10\t.\tGT\t0/0\t0/1\n"  // line 7
                      "1\t300\t.\tG\t*,<DEL>,T\t.\t.\t.\tGT\t0/0\t0/1\n");    // line 8
    VcfReader r(ReaderOptions{p.string(), "", false, 0, {}});
    r.set_regions(nullptr, false);
    std::vector<Variant> vs, batch;
    while (r.next_batch(batch, 100)) vs.insert(vs.end(), batch.begin(), batch.end());
    REQUIRE(vs.size() == 4);
    CHECK(vs[0].alt == "G");
    CHECK(vs[0].pos0 == 99);
    CHECK(vs[0].id == "id1");
    CHECK(vs[0].line_no == 6);
    CHECK(vs[0].all_alts == std::vector<std::string>{"G", "AT"});
    CHECK(vs[1].alt == "AT");
    CHECK(vs[1].alt_index == 2);
    // CTT>CT: the shared suffix is trimmed, the anchor base stays: pos 200, CT>C.
    CHECK(vs[2].pos0 == 199);
    CHECK(vs[2].ref == "CT");
    CHECK(vs[2].alt == "C");
    CHECK(vs[2].vcf_ref == "CTT");
    CHECK(vs[2].filter == "lowqual;q10");
    CHECK_FALSE(vs[2].pass);
    CHECK(vs[2].line_no == 7);
    CHECK(vs[3].alt == "T");
    CHECK(vs[3].alt_index == 3);
    CHECK(vs[3].pass);  // FILTER '.' is not a failure
    CHECK(r.stats().skipped_star == 1);
    CHECK(r.stats().skipped_symbolic == 1);
    CHECK(r.stats().lines == 3);
    CHECK(r.stats().variants == 4);
}

TEST_CASE("region prefilter: only records in the regions are parsed") {
    TempDir t;
    const auto p = t / "c.vcf";
    write_file(p, std::string(kHead) + "1\t100\t.\tA\tG\t.\tPASS\t.\tGT\t0/0\t0/1\n"
                                       "1\t5000\t.\tA\tG\t.\tPASS\t.\tGT\t0/0\t0/1\n"
                                       "7\t140453136\t.\tA\tT\t.\tPASS\t.\tGT\t0/0\t0/1\n");
    kb::RegionSet rs;
    rs.add("1", 4999, 5000);
    rs.add("7", 140453100, 140453200);
    rs.finalise();
    VcfReader r(ReaderOptions{p.string(), "", false, 0, {}});
    r.set_regions(&rs, false);
    std::vector<Variant> vs, batch;
    while (r.next_batch(batch, 100)) vs.insert(vs.end(), batch.begin(), batch.end());
    REQUIRE(vs.size() == 2);
    CHECK(vs[0].vcf_pos == 5000);
    CHECK(vs[1].vcf_pos == 140453136);
    CHECK(r.stats().lines == 3);
    CHECK(r.stats().parsed == 2);
}

TEST_CASE("error: missing #CHROM line") {
    TempDir t;
    const auto p = t / "nochrom.vcf";
    write_file(p, "##fileformat=VCFv4.2\n##source=x\n1\t100\t.\tA\tG\t.\tPASS\t.\n");
    auto m = read_error(p);
    CHECK(has(m, p.string() + ":3: missing '#CHROM' header line before the data"));
}

TEST_CASE("error: not a VCF (first line)") {
    TempDir t;
    const auto p = t / "notvcf.vcf";
    write_file(p, "##format=whatever\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n1\t1\t.\tA\tG\t.\t.\t.\n");
    auto m = read_error(p);
    CHECK(has(m, p.string() + ": not a VCF or BCF file"));
}

TEST_CASE("error: wrong column count names the line and the record") {
    TempDir t;
    const auto p = t / "cols.vcf";
    write_file(p, std::string(kHead) + "1\t100\t.\tA\tG\t.\tPASS\t.\tGT\t0/0\t0/1\n"
                                       "1\t200\t.\tC\tT\t.\tPASS\t.\tGT\t0/1\n");  // line 7: 10 columns
    auto m = read_error(p);
    CHECK(has(m, p.string() + ":7: 1:200 C>T: expected 11 tab-separated columns, found 10"));
}

TEST_CASE("error: spaces instead of tabs") {
    TempDir t;
    const auto p = t / "spaces.vcf";
    write_file(p, std::string(kHead) + "1 100 . A G . PASS . GT 0/0 0/1\n");
    auto m = read_error(p);
    CHECK(has(m, p.string() + ":6: expected 11 tab-separated columns, found 1"));
}

TEST_CASE("error: non-numeric POS") {
    TempDir t;
    const auto p = t / "pos.vcf";
    write_file(p, std::string(kHead) + "1\t100\t.\tA\tG\t.\tPASS\t.\tGT\t0/0\t0/1\n"
                                       "1\t12x\t.\tA\tG\t.\tPASS\t.\tGT\t0/0\t0/1\n");
    auto m = read_error(p);
    CHECK(has(m, p.string() + ":7: 1:12x A>G: POS '12x' is not a positive whole number"));
}

TEST_CASE("error: POS 0") {
    TempDir t;
    const auto p = t / "pos0.vcf";
    write_file(p, std::string(kHead) + "1\t0\t.\tA\tG\t.\tPASS\t.\tGT\t0/0\t0/1\n");
    CHECK(has(read_error(p), ":6: 1:0 A>G: POS '0' is not a positive whole number"));
}

TEST_CASE("error: unsorted POS, and a chromosome seen again") {
    TempDir t;
    const auto p = t / "unsorted.vcf";
    write_file(p, std::string(kHead) + "1\t300\t.\tA\tG\t.\tPASS\t.\tGT\t0/0\t0/1\n"
                                       "1\t200\t.\tA\tG\t.\tPASS\t.\tGT\t0/0\t0/1\n");
    CHECK(has(read_error(p), p.string() + ":7: 1:200 A>G: file is not sorted: POS 200 comes after 300"));

    const auto q = t / "chrom_again.vcf";
    write_file(q, std::string(kHead) + "1\t300\t.\tA\tG\t.\tPASS\t.\tGT\t0/0\t0/1\n"
                                       "7\t100\t.\tA\tG\t.\tPASS\t.\tGT\t0/0\t0/1\n"
                                       "1\t400\t.\tA\tG\t.\tPASS\t.\tGT\t0/0\t0/1\n");
    CHECK(has(read_error(q), q.string() + ":8: 1:400 A>G: file is not sorted: CHROM '1' appears again after other chromosomes"));
}

TEST_CASE("error: undeclared contig, header line in data, blank line, bad REF") {
    TempDir t;
    const auto a = t / "contig.vcf";
    write_file(a, std::string(kHead) + "2\t100\t.\tA\tG\t.\tPASS\t.\tGT\t0/0\t0/1\n");
    CHECK(has(read_error(a), a.string() + ":6: 2:100 A>G: CHROM '2' is not declared in the header (##contig)"));

    const auto b = t / "hdr.vcf";
    write_file(b, std::string(kHead) + "1\t100\t.\tA\tG\t.\tPASS\t.\tGT\t0/0\t0/1\n##INFO=<ID=X>\n");
    CHECK(has(read_error(b), b.string() + ":7: header line inside the data section"));

    const auto c = t / "blank.vcf";
    write_file(c, std::string(kHead) + "1\t100\t.\tA\tG\t.\tPASS\t.\tGT\t0/0\t0/1\n\n1\t200\t.\tA\tG\t.\tPASS\t.\tGT\t0/0\t0/1\n");
    CHECK(has(read_error(c), c.string() + ":7: empty line in the data section"));

    const auto d = t / "ref.vcf";
    write_file(d, std::string(kHead) + "1\t100\t.\tAX\tG\t.\tPASS\t.\tGT\t0/0\t0/1\n");
    CHECK(has(read_error(d), d.string() + ":6: 1:100 AX>G: REF must contain only A, C, G, T or N"));
}

TEST_CASE("error: truncated bgzip file") {
    TempDir t;
    const auto p = t / "big.vcf.gz";
    // Enough records for several BGZF blocks, compressed with htslib's BGZF (what bgzip writes).
    std::ostringstream text;
    text << kHead;
    unsigned seed = 12345;
    for (int i = 1; i <= 40000; ++i) {
        seed = seed * 1103515245u + 12345u;
        const char* bases = "ACGT";
        text << "1\t" << (i * 10) << "\t.\t" << bases[i % 4] << "\t" << bases[(i + 1 + (seed >> 20) % 3) % 4] << "\t" << (seed % 1000)
             << "\tPASS\t.\tGT\t0/0\t0/1\n";
    }
    const std::string s = text.str();
    {
        BGZF* fp = bgzf_open(p.string().c_str(), "w");
        REQUIRE(fp != nullptr);
        REQUIRE(bgzf_write(fp, s.data(), s.size()) == static_cast<ssize_t>(s.size()));
        REQUIRE(bgzf_close(fp) == 0);
    }
    // The intact file reads completely.
    CHECK(read_all(p.string()).size() == 40000);
    const auto full = fs::file_size(p);
    REQUIRE(full > 3 * 65536 / 4);
    // A copy cut in the middle of a block but still ending with the 28-byte EOF marker block:
    // the damage is found while reading, after the last complete line.
    const auto cut = t / "cut.vcf.gz";
    {
        std::ifstream in(p, std::ios::binary);
        std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        REQUIRE(bytes.size() == full);
        const std::string eof_block = bytes.substr(bytes.size() - 28);
        write_file(cut, bytes.substr(0, full / 2) + eof_block);
    }
    auto m2 = read_error(cut);
    // "<file>:<line>: read error..." with the line number of the first line not read whole.
    REQUIRE(has(m2, cut.string() + ":"));
    const auto rest = m2.substr(cut.string().size() + 1);
    const auto line_no = std::stol(rest);
    CHECK(line_no > 5);
    CHECK(line_no < 5 + 40000);
    CHECK(has(rest, std::to_string(line_no) + ": read error"));
    CHECK(has(m2, "(truncated or corrupt"));
    // Plainly truncated: the end-of-file marker is missing, refused before reading.
    fs::resize_file(p, full / 2);
    auto m = read_error(p);
    CHECK(has(m, p.string() + ": the file is truncated (the bgzip end-of-file marker is missing)"));
}

TEST_CASE("error: --sample not in the file lists the columns") {
    TempDir t;
    const auto p = t / "s.vcf";
    write_file(p, std::string(kHead) + "1\t100\t.\tA\tG\t.\tPASS\t.\tGT\t0/0\t0/1\n");
    auto m = read_error(p, "T1");
    CHECK(has(m, p.string() + ": sample 'T1' not found; the file's columns are: NORMAL, TUMOR"));
}

TEST_CASE("error: several columns and none called TUMOR") {
    TempDir t;
    const auto p = t / "s2.vcf";
    write_file(p,
               "##fileformat=VCFv4.2\n"
               "##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n"
               "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tPATIENT_1_N\tPATIENT_1_T\n"
               "1\t100\t.\tA\tG\t.\tPASS\t.\tGT\t0/0\t0/1\n");
    auto m = read_error(p);
    CHECK(has(m, p.string() + ": cannot tell which column is the tumour; the file's columns are: PATIENT_1_N, PATIENT_1_T"));
    // A single sample column is taken as the tumour.
    const auto q = t / "one.vcf";
    write_file(q,
               "##fileformat=VCFv4.2\n"
               "##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n"
               "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tS1\n"
               "1\t100\t.\tA\tG\t.\tPASS\t.\tGT\t0/1\n");
    VcfReader r(ReaderOptions{q.string(), "", false, 0, {}});
    CHECK(r.tumour_index() == 0);
    CHECK(r.tumour_name() == "S1");
}

TEST_CASE("error: missing file and non-VCF input") {
    TempDir t;
    auto m = error_message([&] { VcfReader r(ReaderOptions{(t / "absent.vcf").string(), "", false, 0, {}}); });
    CHECK(has(m, "absent.vcf: input file not found"));
}

namespace {

std::vector<Variant> read_chunked(const fs::path& p, std::size_t chunk_bytes, const kb::RegionSet* regions = nullptr) {
    ReaderOptions o;
    o.path = p.string();
    o.chunk_bytes = chunk_bytes;
    VcfReader r(o);
    r.set_regions(regions, false);
    std::vector<Variant> all, batch;
    while (r.next_batch(batch, 1000))
        for (auto& v : batch) all.push_back(std::move(v));
    return all;
}

std::string chunked_error(const fs::path& p, std::size_t chunk_bytes) {
    return error_message([&] { read_chunked(p, chunk_bytes); });
}

}  // namespace

TEST_CASE("chunked streaming: any chunk size gives the same variants, lines and records") {
    // Chunks of 1 byte (every line its own chunk, lines longer than a chunk), of a few lines,
    // and the default must agree on the real TCGA file, including line and record numbers.
    const auto p = fs::path(data_path("vcf/T001-COAD.grch37.vcf"));
    const auto ref = read_chunked(p, std::size_t{1} << 20);
    REQUIRE(ref.size() > 100);
    for (std::size_t bytes : {std::size_t{1}, std::size_t{97}, std::size_t{4096}}) {
        CAPTURE(bytes);
        const auto got = read_chunked(p, bytes);
        REQUIRE(got.size() == ref.size());
        for (std::size_t i = 0; i < got.size(); ++i) {
            CHECK(got[i].chrom == ref[i].chrom);
            CHECK(got[i].pos0 == ref[i].pos0);
            CHECK(got[i].alt == ref[i].alt);
            CHECK(got[i].line_no == ref[i].line_no);
            CHECK(got[i].record_no == ref[i].record_no);
            CHECK(got[i].vaf == ref[i].vaf);
        }
    }
    // The first record of the file is on the line after its header.
    std::ifstream in(p);
    std::string line;
    std::uint64_t header = 0;
    while (std::getline(in, line) && line[0] == '#') ++header;
    CHECK(ref.front().line_no == header + 1);
    CHECK(ref.front().record_no == 1);
}

TEST_CASE("chunked streaming: errors at chunk boundaries keep their file line") {
    TempDir t;
    // Unsorted where a chunk boundary falls between the two records (one line per chunk).
    const auto p = t / "unsorted.vcf";
    write_file(p, std::string(kHead) + "1\t300\t.\tA\tG\t.\tPASS\t.\tGT\t0/0\t0/1\n"
                                       "1\t200\t.\tA\tG\t.\tPASS\t.\tGT\t0/0\t0/1\n");
    CHECK(has(chunked_error(p, 1), p.string() + ":7: 1:200 A>G: file is not sorted: POS 200 comes after 300"));
    const auto q = t / "chrom_again.vcf";
    write_file(q, std::string(kHead) + "1\t300\t.\tA\tG\t.\tPASS\t.\tGT\t0/0\t0/1\n"
                                       "7\t100\t.\tA\tG\t.\tPASS\t.\tGT\t0/0\t0/1\n"
                                       "1\t400\t.\tA\tG\t.\tPASS\t.\tGT\t0/0\t0/1\n");
    for (std::size_t bytes : {std::size_t{1}, std::size_t{60}, std::size_t{1} << 20}) {
        CAPTURE(bytes);
        CHECK(has(chunked_error(q, bytes), q.string() + ":8: 1:400 A>G: file is not sorted: CHROM '1' appears again after other chromosomes"));
    }
    // The earliest problem wins even when a later chunk's scan finished first.
    const auto m = t / "two_problems.vcf";
    write_file(m, std::string(kHead) + "1\t300\t.\tA\tG\t.\tPASS\t.\tGT\t0/0\t0/1\n"
                                       "1\t200\t.\tA\tG\t.\tPASS\t.\tGT\t0/0\t0/1\n"   // line 7: unsorted
                                       "1\tX\t.\tA\tG\t.\tPASS\t.\tGT\t0/0\t0/1\n");   // line 8: bad POS
    CHECK(has(chunked_error(m, 1), m.string() + ":7: 1:200 A>G: file is not sorted"));
    // A file whose last line has no newline is read in full.
    const auto n = t / "no_newline.vcf";
    write_file(n, std::string(kHead) + "1\t100\t.\tA\tG\t.\tPASS\t.\tGT\t0/0\t0/1\n1\t200\t.\tC\tT\t.\tPASS\t.\tGT\t0/0\t0/1");
    const auto vs = read_chunked(n, 1);
    REQUIRE(vs.size() == 2);
    CHECK(vs[1].line_no == 7);
    CHECK(vs[1].alt == "T");
}

TEST_CASE("chunked streaming: the region pre-filter works from any chunk start") {
    TempDir t;
    const auto p = t / "regions.vcf";
    std::string text(kHead);
    for (int pos = 100; pos <= 2000; pos += 100) text += "1\t" + std::to_string(pos) + "\t.\tA\tG\t.\tPASS\t.\tGT\t0/0\t0/1\n";
    write_file(p, text);
    kb::RegionSet rs;
    rs.add("1", 449, 450);    // POS 450: no record
    rs.add("1", 999, 1300);   // POS 1000..1300
    rs.finalise();
    for (std::size_t bytes : {std::size_t{1}, std::size_t{150}, std::size_t{1} << 20}) {
        CAPTURE(bytes);
        const auto vs = read_chunked(p, bytes, &rs);
        REQUIRE(vs.size() == 4);
        CHECK(vs.front().vcf_pos == 1000);
        CHECK(vs.back().vcf_pos == 1300);
    }
}

TEST_CASE("chunked streaming: a bgzip line longer than the chunk head room") {
    // The partial line carried between chunks is put in the spare bytes before the next chunk;
    // one longer than that space (a 200 kB INFO) must still join up, on either side of it.
    TempDir t;
    std::string text(kHead);
    text += "1\t100\t.\tA\tG\t.\tPASS\t.\tGT\t0/0\t0/1\n";
    text += "1\t200\t.\tC\tT\t.\tPASS\tNOTE=" + std::string(200000, 'x') + "\tGT\t0/0\t0/1\n";
    text += "1\t300\t.\tG\tA\t.\tPASS\t.\tGT\t0/0\t0/1\n";
    REQUIRE(text.size() > 3 * TextChunk::kHeadRoom);
    const auto gz = t / "long.vcf.gz";
    {
        BGZF* fp = bgzf_open(gz.string().c_str(), "w");
        REQUIRE(fp != nullptr);
        REQUIRE(bgzf_write(fp, text.data(), text.size()) == static_cast<ssize_t>(text.size()));
        REQUIRE(bgzf_close(fp) == 0);
    }
    for (std::size_t bytes : {std::size_t{1}, std::size_t{5000}, std::size_t{1} << 20}) {
        CAPTURE(bytes);
        const auto vs = read_chunked(gz, bytes);
        REQUIRE(vs.size() == 3);
        CHECK(vs[0].vcf_pos == 100);
        CHECK(vs[1].vcf_pos == 200);
        CHECK(vs[1].alt == "T");
        CHECK(vs[2].vcf_pos == 300);
        CHECK(vs[2].line_no == 8);
    }
}

TEST_CASE("chunked streaming: a bgzip file inflated by blocks reads as its plain text") {
    // The real TCGA file, bgzip-compressed by htslib with small blocks flushed often so lines
    // straddle blocks and chunks; every chunk size must give what the plain file gives.
    TempDir t;
    const auto plain = fs::path(data_path("vcf/T001-COAD.grch37.vcf"));
    std::ifstream in(plain, std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto gz = t / "coad.vcf.gz";
    {
        BGZF* fp = bgzf_open(gz.string().c_str(), "w");
        REQUIRE(fp != nullptr);
        for (std::size_t i = 0; i < text.size(); i += 777) {  // a block every 777 bytes
            const auto piece = text.substr(i, 777);
            REQUIRE(bgzf_write(fp, piece.data(), piece.size()) == static_cast<ssize_t>(piece.size()));
            REQUIRE(bgzf_flush(fp) == 0);
        }
        REQUIRE(bgzf_close(fp) == 0);
    }
    const auto ref = read_chunked(plain, std::size_t{1} << 20);
    for (std::size_t bytes : {std::size_t{1}, std::size_t{3000}, std::size_t{1} << 20}) {
        CAPTURE(bytes);
        const auto got = read_chunked(gz, bytes);
        REQUIRE(got.size() == ref.size());
        for (std::size_t i = 0; i < got.size(); ++i) {
            CHECK(got[i].pos0 == ref[i].pos0);
            CHECK(got[i].alt == ref[i].alt);
            CHECK(got[i].line_no == ref[i].line_no);
            CHECK(got[i].depth == ref[i].depth);
        }
    }
    // A corrupt block (one byte of deflate data flipped) stops the read at the last whole line
    // before it, naming that place.
    std::ifstream gin(gz, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(gin)), std::istreambuf_iterator<char>());
    const auto bad = t / "bad.vcf.gz";
    bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 0x55);
    write_file(bad, bytes);
    for (std::size_t chunk : {std::size_t{1}, std::size_t{1} << 20}) {
        CAPTURE(chunk);
        const auto m = chunked_error(bad, chunk);
        CHECK(has(m, bad.string() + ":"));
        CHECK(has(m, "read error"));
        CHECK(has(m, "(truncated or corrupt"));
    }
}
