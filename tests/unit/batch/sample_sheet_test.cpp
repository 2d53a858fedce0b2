// Sample sheet reader: TSV and CSV, relative paths, clinical columns, and every refusal with
// its exact SHEET:LINE:COL message.
#include "oncomatch/batch/sample_sheet.hpp"

#include "../test_support.hpp"

using namespace oncomatch;
using namespace oncomatch::test;
using batch::read_sample_sheet;

TEST_CASE("sample sheet: TSV with every column, comments, blank lines and relative inputs") {
    TempDir d;
    write_file(d / "sheets/run1.tsv",
               "# weekly run\n"
               "sample\tinput\ttumor_type\tgenome\tvcf_sample\tsex\tage\tcountry\tnotes\tclinical\n"
               "\n"
               "P1\tvcfs/p1.vcf.gz\tLUAD\tGRCh38\tTUMOR\tfemale\t61\tCN\tre-run\ter_status=negative; her2_status=low\r\n"
               "P2\t/abs/p2.bcf\tCOADREAD\t\t\t\t\t\t\t\n");
    const auto s = read_sample_sheet(d / "sheets/run1.tsv");
    REQUIRE(s.rows.size() == 2);
    CHECK(s.delimiter == '\t');
    const auto& r = s.rows[0];
    CHECK(r.line == 4);
    CHECK(r.sample == "P1");
    CHECK(r.input == "vcfs/p1.vcf.gz");
    CHECK(r.input_path == (d.path() / "sheets/vcfs/p1.vcf.gz"));
    CHECK(r.tumor_type == "LUAD");
    REQUIRE(r.genome);
    CHECK(*r.genome == Build::GRCh38);
    CHECK(r.vcf_sample == "TUMOR");
    CHECK(r.notes == "re-run");
    using KV = std::pair<std::string, std::string>;
    CHECK(r.clinical == std::vector<KV>{{"sex", "female"}, {"age", "61"}, {"country", "CN"}, {"er_status", "negative"}, {"her2_status", "low"}});
    CHECK(s.rows[1].input_path == fs::path("/abs/p2.bcf"));
    CHECK_FALSE(s.rows[1].genome);
    CHECK(s.rows[1].clinical.empty());
}

TEST_CASE("sample sheet: CSV with quoted fields (commas, doubled quotes), columns in any order and case") {
    TempDir d;
    write_file(d / "s.csv",
               "Tumor_Type,SAMPLE,input,clinical,notes\n"
               "BRCA,B1,b1.vcf,\"prior_therapy=tamoxifen,letrozole;hr_status=positive\",\"said \"\"urgent\"\"\"\n");
    const auto s = read_sample_sheet(d / "s.csv");
    REQUIRE(s.rows.size() == 1);
    CHECK(s.delimiter == ',');
    CHECK(s.rows[0].sample == "B1");
    CHECK(s.rows[0].tumor_type == "BRCA");
    CHECK(s.rows[0].notes == "said \"urgent\"");
    REQUIRE(s.rows[0].clinical.size() == 2);
    CHECK(s.rows[0].clinical[0].second == "tamoxifen,letrozole");
}

TEST_CASE("sample sheet: the delimiter is detected from the header when the extension says nothing") {
    TempDir d;
    write_file(d / "sheet", "sample,input,tumor_type\nA,a.vcf,LUAD\n");
    CHECK(read_sample_sheet(d / "sheet").delimiter == ',');
    write_file(d / "sheet2", "sample\tinput\ttumor_type\nA\ta,1.vcf\tLUAD\n");
    const auto s = read_sample_sheet(d / "sheet2");
    CHECK(s.delimiter == '\t');
    CHECK(s.rows[0].input == "a,1.vcf");
}

TEST_CASE("sample sheet: refusals name SHEET:LINE:COL") {
    TempDir d;
    auto msg = [&](const std::string& name, const std::string& text) {
        write_file(d / name, text);
        return error_message([&] { read_sample_sheet(d / name); });
    };
    const std::string p = d.path().string() + "/";
    CHECK(msg("u.tsv", "sample\tinput\tpatient\ttumor_type\tdiagnosis\n") == p + "u.tsv:1:14: unknown column(s) 'patient', 'diagnosis'");
    CHECK(msg("m.tsv", "sample\tinput\n") == p + "m.tsv:1:1: the header has no 'tumor_type' column");
    CHECK(msg("r.tsv", "sample\tinput\ttumor_type\tSample\n") == p + "r.tsv:1:25: column 'sample' appears twice in the header");
    CHECK(msg("dup.tsv", "sample\tinput\ttumor_type\nA1\ta.vcf\tLUAD\nb\tb.vcf\tLUAD\na1\tc.vcf\tLUAD\n") ==
          p + "dup.tsv:4:1: duplicate sample id 'a1' (first on line 2)");
    CHECK(msg("unsafe.tsv", "input\tsample\ttumor_type\na.vcf\tP 1/x\tLUAD\n") == p + "unsafe.tsv:2:7: sample id 'P 1/x' is not a safe file name");
    CHECK(msg("dot.tsv", "sample\tinput\ttumor_type\n..\ta.vcf\tLUAD\n") == p + "dot.tsv:2:1: sample id '..' is not a safe file name");
    CHECK(msg("res.tsv", "sample\tinput\ttumor_type\nCohort\ta.vcf\tLUAD\n") ==
          p + "res.tsv:2:1: sample id 'Cohort' is reserved (batch writes cohort.oncomatch.tsv)");
    CHECK(msg("n.tsv", "sample\tinput\ttumor_type\nA\ta.vcf\tLUAD\textra\n") == p + "n.tsv:2:14: 4 field(s) but the header has 3");
    CHECK(msg("few.tsv", "sample\tinput\ttumor_type\nA\ta.vcf\n") == p + "few.tsv:2:8: 2 field(s) but the header has 3");
    CHECK(msg("e.tsv", "sample\tinput\ttumor_type\nA\t\tLUAD\n") == p + "e.tsv:2:3: empty 'input'");
    CHECK(msg("g.tsv", "sample\tinput\ttumor_type\tgenome\nA\ta.vcf\tLUAD\tGRCh36\n") == p + "g.tsv:2:14: unknown genome 'GRCh36'");
    CHECK(msg("c.tsv", "sample\tinput\ttumor_type\tclinical\nA\ta.vcf\tLUAD\tstage=IV\n") == p + "c.tsv:2:14: unknown --clinical key 'stage'");
    CHECK(msg("sex.tsv", "sample\tinput\ttumor_type\tsex\nA\ta.vcf\tLUAD\tF\n") == p + "sex.tsv:2:14: --clinical sex: unknown value 'F'");
    CHECK(msg("both.tsv", "sample\tinput\ttumor_type\tage\tclinical\nA\ta.vcf\tLUAD\t50\tage=51\n") ==
          p + "both.tsv:2:17: clinical key 'age' given twice for this sample");
    CHECK(msg("q.csv", "sample,input,tumor_type\nA,\"a.vcf,LUAD\n") == p + "q.csv:2:3: unterminated quoted field");
    CHECK(msg("stdin.tsv", "sample\tinput\ttumor_type\nA\t-\tLUAD\n") == p + "stdin.tsv:2:3: input '-' (stdin) cannot be used in a sample sheet");
    CHECK(msg("empty.tsv", "# nothing\n\n") == p + "empty.tsv: the sample sheet is empty");
    CHECK(msg("hdr.tsv", "sample\tinput\ttumor_type\n") == p + "hdr.tsv: the sample sheet has a header but no samples");
    CHECK(error_message([&] { read_sample_sheet(d / "absent.tsv"); }) == p + "absent.tsv: cannot open the sample sheet");
}
