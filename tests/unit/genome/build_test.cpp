// Genome build detection from ##contig lengths and ##reference, and contig name folding.
#include <doctest/doctest.h>

#include "oncomatch/genome/build.hpp"

using namespace oncomatch;

TEST_CASE("normalise_chrom") {
    CHECK(normalise_chrom("chr7") == "7");
    CHECK(normalise_chrom("7") == "7");
    CHECK(normalise_chrom("chrX") == "X");
    CHECK(normalise_chrom("chrM") == "MT");
    CHECK(normalise_chrom("M") == "MT");
    CHECK(normalise_chrom("MT") == "MT");
    CHECK(normalise_chrom("Chr12") == "12");
    CHECK(normalise_chrom("chr") == "chr");  // nothing after the prefix: unchanged
    CHECK(normalise_chrom("GL000192.1") == "GL000192.1");
}

TEST_CASE("parse_build and names") {
    CHECK(parse_build("GRCh38") == Build::GRCh38);
    CHECK(parse_build("hg38") == Build::GRCh38);
    CHECK(parse_build("grch37") == Build::GRCh37);
    CHECK(parse_build("hg19") == Build::GRCh37);
    CHECK(parse_build("b37") == Build::GRCh37);
    CHECK(parse_build("hs37d5") == Build::GRCh37);
    CHECK_FALSE(parse_build("hg18"));
    CHECK_FALSE(parse_build(""));
    CHECK(build_name(Build::GRCh37) == "GRCh37");
    CHECK(other_build(Build::GRCh37) == Build::GRCh38);
    CHECK(primary_contig_length(Build::GRCh37, "chr1") == 249250621);
    CHECK(primary_contig_length(Build::GRCh38, "1") == 248956422);
    CHECK(primary_contig_length(Build::GRCh38, "chrM") == 16569);
    CHECK(primary_contig_length(Build::GRCh38, "GL000192.1") == 0);
}

TEST_CASE("detect_build from contig lengths") {
    auto b37 = detect_build({{"1", 249250621}, {"2", 243199373}, {"GL000192.1", 547496}}, "");
    CHECK(b37.from_contigs == Build::GRCh37);
    CHECK_FALSE(b37.contigs_conflict);
    CHECK(b37.contig_detail == "##contig 1 length 249250621");
    CHECK_FALSE(b37.from_reference);

    auto b38 = detect_build({{"chr1", 248956422}, {"chr7", 159345973}}, "");
    CHECK(b38.from_contigs == Build::GRCh38);
    CHECK(b38.contig_detail == "##contig chr1 length 248956422");

    // Lengths without names the tables know, no lengths, and MT alone decide nothing.
    CHECK_FALSE(detect_build({{"chr1", 0}, {"chr2", 0}}, "").from_contigs);
    CHECK_FALSE(detect_build({{"chrM", 16569}}, "").from_contigs);
    CHECK_FALSE(detect_build({{"1", 12345}}, "").from_contigs);
    CHECK_FALSE(detect_build({}, "").from_contigs);
}

TEST_CASE("detect_build: mixed lengths are a conflict") {
    auto ev = detect_build({{"1", 249250621}, {"2", 242193529}}, "");
    CHECK(ev.contigs_conflict);
    CHECK_FALSE(ev.from_contigs);
    CHECK(ev.conflict_detail == "##contig 1 length 249250621 is GRCh37 but ##contig 2 length 242193529 is GRCh38");
}

TEST_CASE("detect_build from ##reference") {
    CHECK(detect_build({}, "file:///data/ucsc.hg19.fasta").from_reference == Build::GRCh37);
    CHECK(detect_build({}, "/refs/hs37d5.fa.gz").from_reference == Build::GRCh37);
    CHECK(detect_build({}, "human_g1k_v37.fasta").from_reference == Build::GRCh37);
    CHECK(detect_build({}, "GRCh38_full_analysis_set_plus_decoy_hla.fa").from_reference == Build::GRCh38);
    CHECK(detect_build({}, "hg38.fa").from_reference == Build::GRCh38);
    CHECK(detect_build({}, "file:///gatk/Homo_sapiens_assembly38.fasta").from_reference == Build::GRCh38);
    CHECK(detect_build({}, "/bundle/Homo_sapiens_assembly19.fasta").from_reference == Build::GRCh37);
    CHECK_FALSE(detect_build({}, "genome.fa").from_reference);
    // A path naming both builds decides nothing.
    CHECK_FALSE(detect_build({}, "/liftover/hg19ToHg38/grch38.fa").from_reference);
    auto ev = detect_build({{"1", 249250621}}, "GRCh38.fa");
    CHECK(ev.from_contigs == Build::GRCh37);
    CHECK(ev.from_reference == Build::GRCh38);
    CHECK(ev.reference_line == "GRCh38.fa");
}
