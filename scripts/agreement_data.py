#!/usr/bin/env python3
"""Copy the real annotated data the HGVS agreement test (tests/unit/hgvs/agreement_test.cpp)
checks oncomatch against into tests/data/agreement/ (small subsets, provenance in its README).

1. civic_2018_variants.grch37.tsv: CIViC 2018-05 nightly VariantSummaries (CC0) rows with GRCh37
   coordinates, REF/ALT bases and HGVS expressions, for genes of the bundled GRCh37 pack.
   Columns: gene, variant, chrom, start, stop, ref, alt, representative_transcript, hgvs.
2. snpeff.grch38.vcf: the SnpEff-annotated GRCh38 VCF (genemodels/bam/, igvteam/igv-reports
   test data, MIT); ID column blanked and INFO keys COSMIC_ID/TISSUE/TUMOR/FATHMM
   dropped (COSMIC content), everything else as in the file.
3. hotspot_residues.tsv: Genome Nexus hotspot residues (GRCh37 file; ODbL/MIT): gene, residue,
   reference amino acid, position, Ensembl transcript (versionless).

Usage: scripts/agreement_data.py [DATA_DIR]
"""
import os
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/data"
OUT = os.path.join(REPO, "tests", "data", "agreement")


def pack_genes(path):
    return {line.split("\t", 1)[0] for line in open(path) if not line.startswith("#")}


def main():
    os.makedirs(OUT, exist_ok=True)
    genes37 = pack_genes(os.path.join(REPO, "knowledgebase", "transcripts", "GRCh37.pack"))
    src = os.path.join(DATA, "civic", "civic_2018-05_nightly-VariantSummaries.tsv")
    n = 0
    with open(src) as f, open(os.path.join(OUT, "civic_2018_variants.grch37.tsv"), "w") as o:
        header = f.readline().rstrip("\n").split("\t")
        ix = {k: i for i, k in enumerate(header)}
        o.write("gene\tvariant\tchrom\tstart\tstop\tref\talt\trepresentative_transcript\thgvs\n")
        for line in f:
            c = line.rstrip("\n").split("\t")
            if len(c) < len(header):
                continue
            g = c[ix["gene"]]
            if g not in genes37 or c[ix["reference_build"]] != "GRCh37" or not c[ix["start"]]:
                continue
            if not (c[ix["reference_bases"]] or c[ix["variant_bases"]]):
                continue
            if c[ix["chromosome2"]]:
                continue
            o.write("\t".join([g, c[ix["variant"]], c[ix["chromosome"]], c[ix["start"]], c[ix["stop"]], c[ix["reference_bases"]],
                               c[ix["variant_bases"]], c[ix["representative_transcript"]], c[ix["hgvs_expressions"]]]) + "\n")
            n += 1
    print("civic rows:", n)
    src = os.path.join(DATA, "genemodels", "bam", "ctat_rnaseq_GRCh38_variants.snpeff.vcf")
    drop = ("COSMIC_ID=", "TISSUE=", "TUMOR=", "FATHMM=")
    with open(src) as f, open(os.path.join(OUT, "snpeff.grch38.vcf"), "w") as o:
        for line in f:
            if line.startswith("##INFO=<ID=COSMIC") or any(line.startswith(f"##INFO=<ID={d[:-1]},") for d in drop):
                continue
            if line.startswith("#"):
                o.write(line)
                continue
            c = line.rstrip("\n").split("\t")
            c[2] = "."
            c[7] = ";".join(x for x in c[7].split(";") if not x.startswith(drop))
            o.write("\t".join(c) + "\n")
    src = os.path.join(DATA, "hotspots", "genome_nexus_hotspots_v2_and_3d.grch37.txt")
    n = 0
    with open(src) as f, open(os.path.join(OUT, "hotspot_residues.tsv"), "w") as o:
        header = f.readline().rstrip("\r\n").split("\t")
        ix = {k: i for i, k in enumerate(header)}
        o.write("gene\tresidue\tref_aa\tposition\ttranscript\n")
        seen = set()
        for line in f:
            c = line.rstrip("\r\n").split("\t")
            g = c[ix["hugo_symbol"]]
            if g not in genes37 or c[ix["type"]] != "single residue":
                continue
            key = (g, c[ix["residue"]], c[ix["transcript_id"]])
            if key in seen:
                continue
            seen.add(key)
            o.write("\t".join([g, c[ix["residue"]], c[ix["reference_amino_acid"]].split(":")[0], c[ix["amino_acid_position"]],
                               c[ix["transcript_id"]]]) + "\n")
            n += 1
    print("hotspot residues:", n)


if __name__ == "__main__":
    main()
