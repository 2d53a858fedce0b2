// Annotated VCF pass-through: every record in order and unsplit, Number=A tags on matching
// alleles only, filtered and unrelated records byte-identical, earlier oncomatch tags replaced.
#include <doctest/doctest.h>

#include <sstream>

#include "../kb_fixture.hpp"
#include "oncomatch/pipeline.hpp"
#include "oncomatch/report/vcf_writer.hpp"

using namespace oncomatch;
using namespace oncomatch::test;

namespace {

const char* kEvidence =
    "evidence:\n"
    "  - id: E-MEL\n"
    "    biomarker: BM-BRAF-V600E\n"
    "    tumor_types: [MEL]\n"
    "    therapy: {drugs: [dabrafenib, trametinib]}\n"
    "    direction: sensitivity\n"
    "    level: A\n"
    "    summary: s\n";

const char* kVcf =
    "##fileformat=VCFv4.2\n"
    "##contig=<ID=7,length=159345973>\n"
    "##contig=<ID=12,length=133275309>\n"
    "##INFO=<ID=DP,Number=1,Type=Integer,Description=\"depth\">\n"
    "##INFO=<ID=ONCOMATCH_TIER,Number=A,Type=String,Description=\"stale\">\n"
    "##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n"
    "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tTUMOR\n"
    "7\t100\t.\tA\tG\t.\tPASS\tDP=10\tGT\t0/1\n"                                              // outside the KB
    "7\t140753336\tv600e\tA\tC,T\t.\tPASS\tDP=50;ONCOMATCH_TIER=IV\tGT\t1/2\n"                 // 2nd ALT is V600E
    "7\t140753336\t.\tA\tT\t.\tLowQual\tDP=5\tGT\t0/1\n"                                       // filtered: unchanged
    "12\t25245351\t.\tC\tA\t.\tPASS\t.\tGT\t0/1\n";                                           // KRAS G12C, no evidence

std::vector<std::string> lines_of(const std::string& s) {
    std::vector<std::string> out;
    std::istringstream in(s);
    for (std::string l; std::getline(in, l);) out.push_back(l);
    return out;
}

}  // namespace

TEST_CASE("annotated VCF: tags per allele, everything else passes through") {
    TempDir tmp;
    write_base_kb(tmp.path());
    write_file(tmp / "curated/braf.yaml", std::string(kBrafKrasBiomarkers) + kEvidence);
    const auto kb = load_kb(tmp.path());
    const kb::KbIndex index(*kb, Build::GRCh38);
    const auto input = tmp / "in.vcf";
    write_file(input, kVcf);

    ReaderOptions ro;
    ro.path = input.string();
    ro.chunk_bytes = 1;  // a chunk per line: the writer must keep the order across chunks
    VcfReader reader(ro);
    reader.set_regions(&index.coding_regions(), false);
    InterpretOptions io;
    io.tumor_type = "MEL";
    std::ostringstream out;
    VcfWriter w(out, index, io, {"##oncomatch_tumor_type=MEL"});
    w.write_header(reader.header_text());
    PipelineOptions po;
    po.threads = 2;
    po.on_chunk = [&](const TextChunk& c, const std::vector<MatchedVariant>& mv) { w.write_chunk(c, mv); };
    run_pipeline(reader, index, po);

    const auto in = lines_of(kVcf);
    const auto got = lines_of(out.str());
    // Header: the stale tag definition is replaced by ours, once.
    std::size_t defs = 0;
    for (const auto& l : got)
        if (l.rfind("##INFO=<ID=ONCOMATCH_TIER,", 0) == 0) {
            ++defs;
            CHECK(l.find("stale") == std::string::npos);
        }
    CHECK(defs == 1);
    // Records: same count and order.
    std::vector<std::string> recs;
    for (const auto& l : got)
        if (l[0] != '#') recs.push_back(l);
    REQUIRE(recs.size() == 4);
    CHECK(recs[0] == in[7]);  // outside the knowledgebase: byte-identical
    CHECK(recs[1] == "7\t140753336\tv600e\tA\tC,T\t.\tPASS\tDP=50;ONCOMATCH_TIER=III,IA;ONCOMATCH_BIOMARKER=.,BM-BRAF-V600E;"
                     "ONCOMATCH_THERAPIES=.,dabrafenib+trametinib:A:IA:sensitivity\tGT\t1/2");
    CHECK(recs[2] == in[9]);  // filtered: unchanged
    // KRAS G12C matches a biomarker without evidence for anything: no finding, tier III in a KB gene.
    CHECK(recs[3] == "12\t25245351\t.\tC\tA\t.\tPASS\tONCOMATCH_TIER=III\tGT\t0/1");
    CHECK(w.records_tagged() == 2);
    CHECK(out.str().find("##oncomatch_tumor_type=MEL\n#CHROM") != std::string::npos);
}
