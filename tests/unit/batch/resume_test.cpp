// Resume stamps: a sample is reused only when its reports exist and the stamp of everything that
// decides them (input identity, knowledgebase, tool version, effective options) is unchanged;
// otherwise it is redone, with the first changed setting as the reason.
#include "oncomatch/batch/resume.hpp"

#include "../test_support.hpp"

using namespace oncomatch;
using namespace oncomatch::test;
using batch::check_resume;
using batch::resume_stamp;

namespace {

void set_time(const fs::path& p, int seconds_from_now) {
    fs::last_write_time(p, fs::file_time_type::clock::now() + std::chrono::seconds(seconds_from_now));
}

cli::AnnotateConfig config(const fs::path& dir) {
    cli::AnnotateConfig c;
    c.input = (dir / "in.vcf").string();
    c.sample_id = "S";
    c.kb_dir = (dir / "kb").string();
    return c;
}

}  // namespace

TEST_CASE("resume: reports present and the same stamp -> reused; any setting changed -> redone, naming it") {
    TempDir d;
    write_file(d / "in.vcf", "x");
    write_file(d / "S.oncomatch.json", "{}");
    write_file(d / "S.oncomatch.tsv", "t");
    const std::vector<fs::path> outs = {d / "S.oncomatch.json", d / "S.oncomatch.tsv"};
    const auto stamp_file = batch::stamp_path(d.path(), "S");
    CHECK(stamp_file.filename() == ".S.oncomatch.stamp");
    const auto c = config(d.path());
    const std::string stamp = resume_stamp(c, "LUAD", "abc", "0.1.0");
    CHECK(check_resume(outs, stamp_file, stamp).reason == "no resume stamp from an earlier batch run");
    batch::write_stamp(stamp_file, stamp);
    CHECK(check_resume(outs, stamp_file, stamp).up_to_date);
    CHECK(resume_stamp(c, "LUAD", "abc", "0.1.0") == stamp);  // canonical: same settings, same text

    CHECK(check_resume(outs, stamp_file, resume_stamp(c, "LUAD", "abd", "0.1.0")).reason == "knowledgebase changed");
    CHECK(check_resume(outs, stamp_file, resume_stamp(c, "LUAD", "abc", "0.2.0")).reason == "tool version changed");
    CHECK(check_resume(outs, stamp_file, resume_stamp(c, "NSCLC", "abc", "0.1.0")).reason == "option tumor_type changed");
    auto changed = [&](auto edit) {
        auto x = c;
        edit(x);
        return check_resume(outs, stamp_file, resume_stamp(x, "LUAD", "abc", "0.1.0")).reason;
    };
    CHECK(changed([](auto& x) { x.formats = {"json", "tsv", "html"}; }) == "option formats changed");
    CHECK(changed([](auto& x) { x.clinical = {{"country", "CN"}}; }) == "option clinical changed");
    CHECK(changed([](auto& x) { x.include_filtered = true; }) == "option include_filtered changed");
    CHECK(changed([](auto& x) { x.consequence = "file"; }) == "option consequence changed");
    CHECK(changed([](auto& x) { x.lang = "zh"; }) == "option lang changed");
    CHECK(changed([](auto& x) { x.sample = "TUMOR"; }) == "option vcf_sample changed");
    CHECK(changed([](auto& x) { x.genome = Build::GRCh38; }) == "option genome changed");
    CHECK(changed([](auto& x) { x.sample_id = "T"; }) == "option sample_id changed");
    CHECK(changed([](auto& x) { x.all_trials = true; }) == "option all_trials changed");
    CHECK(changed([](auto& x) { x.no_timestamp = true; }) == "option no_timestamp changed");
    CHECK(changed([](auto& x) { x.threads = 8; }) == "");  // provenance only: still up to date
    // Formats are a set: the order they were given in does not matter.
    auto reordered = c;
    reordered.formats = {"tsv", "json"};
    CHECK(check_resume(outs, stamp_file, resume_stamp(reordered, "LUAD", "abc", "0.1.0")).up_to_date);

    set_time(d / "in.vcf", +100);  // the input was re-delivered
    CHECK(check_resume(outs, stamp_file, resume_stamp(c, "LUAD", "abc", "0.1.0")).reason == "input changed (input)");
    write_file(d / "in.vcf.tbi", "i");  // an index appeared: the file would be read by regions
    CHECK(resume_stamp(c, "LUAD", "abc", "0.1.0").find("input_index_tbi=" + (d / "in.vcf.tbi").string() + " size=1") != std::string::npos);

    auto with_bed = c;
    write_file(d / "t.bed", "chr1\t0\t10\n");
    with_bed.target_bed = (d / "t.bed").string();
    const std::string s1 = resume_stamp(with_bed, "LUAD", "abc", "0.1.0");
    write_file(d / "t.bed", "chr1\t0\t100\n");  // same name, new content
    CHECK(resume_stamp(with_bed, "LUAD", "abc", "0.1.0") != s1);
}

TEST_CASE("resume: missing reports or a missing stamp -> redone") {
    TempDir d;
    write_file(d / "in.vcf", "x");
    write_file(d / "S.oncomatch.json", "{}");
    const auto c = config(d.path());
    const std::string stamp = resume_stamp(c, "LUAD", "abc", "0.1.0");
    const auto stamp_file = batch::stamp_path(d.path(), "S");
    batch::write_stamp(stamp_file, stamp);
    CHECK(check_resume({d / "S.oncomatch.json", d / "S.oncomatch.tsv"}, stamp_file, stamp).reason == "no earlier report (S.oncomatch.tsv)");
    CHECK(check_resume({d / "S.oncomatch.json"}, stamp_file, stamp).up_to_date);
    fs::remove(stamp_file);
    CHECK_FALSE(check_resume({d / "S.oncomatch.json"}, stamp_file, stamp).up_to_date);
    write_file(stamp_file, "something else\n");
    CHECK(check_resume({d / "S.oncomatch.json"}, stamp_file, stamp).reason == "resume stamp from another version");
}
