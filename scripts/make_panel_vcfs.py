#!/usr/bin/python3
"""Generate synthetic targeted-panel tumour VCFs (GRCh38) and a sample sheet for benchmarking
`oncomatch batch`.

    scripts/make_panel_vcfs.py OUTDIR [--samples 100] [--records 2000] [--seed 1]

Writes OUTDIR/panel-NNN.vcf.gz (bgzip, no index: every tool reads the whole file) and
OUTDIR/samplesheet.tsv (sample, input, tumor_type, genome). Deterministic for given arguments.

What a file looks like: a panel's worth of calls (--records, default 2,000) placed inside the
exons of the knowledgebase's genes (knowledgebase/genes/exons.GRCh38.tsv), i.e. the worst case
for oncomatch, where every record falls in a knowledgebase region and is fully parsed; ~90 %
SNVs, ~10 % short indels; REF bases are the real GRCh38 bases wherever the bundled transcript
pack (knowledgebase/transcripts/GRCh38.pack) models the locus (oncomatch checks REF against
the transcript model and would rightly refuse a made-up base there) and random elsewhere, where
nothing checks them; ALT bases are random; one tumour column with GT:AD:DP; ##contig lines with GRCh38 lengths; and, in about
a third of the samples, one real hotspot from the knowledgebase so reports are not all empty.
Tumour types rotate over LUAD, COADREAD, BRCA, MEL.

Needs /usr/bin/python3 (stdlib only) and bgzip (Debian package `tabix`).
"""

import argparse
import csv
import glob
import os
import random
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_wgs_vcf import GRCH38, HOTSPOTS  # noqa: E402  (same contig lengths and hotspots)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TUMOURS = ["LUAD", "COADREAD", "BRCA", "MEL"]
BASES = "ACGT"


def load_exons():
    exons = []
    with open(os.path.join(ROOT, "knowledgebase/genes/exons.GRCh38.tsv")) as f:
        for row in csv.DictReader((l for l in f if not l.startswith("#")), delimiter="\t"):
            exons.append(("chr" + row["chrom"], int(row["start"]), int(row["end"])))
    return exons


def known_loci():
    """Every chrom:pos the knowledgebase lists an allele at (any build): synthetic records avoid
    them, because their random REF bases would (rightly) trip oncomatch's genome-build check."""
    loci = set()
    pat = re.compile(r'chrom:\s*"?(\w+)"?,\s*pos:\s*(\d+),\s*ref:\s*([ACGTN]+)')
    for f in glob.glob(os.path.join(ROOT, "knowledgebase/**/*.yaml"), recursive=True):
        with open(f) as fh:
            for m in pat.finditer(fh.read()):
                for k in range(len(m.group(3))):
                    loci.add(("chr" + m.group(1).replace("chr", ""), int(m.group(2)) + k))
    return loci


COMPLEMENT = str.maketrans("ACGTN", "TGCAN")


def load_pack_bases():
    """{(chrom, pos1): base} for every base the GRCh38 transcript pack holds (+ strand, from the
    spliced sequences and the flanks beside the exons); loci where two models disagree map to None
    (avoided)."""
    bases = {}
    with open(os.path.join(ROOT, "knowledgebase/transcripts/GRCh38.pack")) as f:
        for line in f:
            if line.startswith("#"):
                continue
            cols = line.rstrip("\n").split("\t")
            gene, tid, chrom, strand, flags, source, cds, exons, seq = cols[:9]
            chrom = "chr" + chrom
            # Format 2's 10th column: genome sequence beside the exons (BEG:SEQ, + strand, 0-based),
            # which oncomatch checks the REF of intronic and exon-boundary changes against.
            flanks = cols[9] if len(cols) > 9 else "."
            if flanks != ".":
                for fl in flanks.split(","):
                    b, fseq = fl.split(":", 1)
                    for k, base in enumerate(fseq):
                        key = (chrom, int(b) + k + 1)
                        if key in bases and bases[key] != base:
                            base = None
                        bases[key] = base
            off = 0
            for ex in exons.split(","):
                b, e = (int(x) for x in ex.split("-"))  # 0-based half-open, transcript order
                for k in range(e - b):
                    if strand == "+":
                        pos0, base = b + k, seq[off + k]
                    else:
                        pos0, base = e - 1 - k, seq[off + k].translate(COMPLEMENT)
                    key = (chrom, pos0 + 1)
                    if key in bases and bases[key] != base:
                        base = None
                    bases[key] = base
                off += e - b
    return bases


def ref_bases(chrom, pos, n, rng, pack):
    """n REF bases from pos: the real base where the pack models it, random elsewhere; None when
    a modelled locus is ambiguous."""
    out = []
    for k in range(n):
        key = (chrom, pos + k)
        if key in pack:
            if pack[key] is None:
                return None
            out.append(pack[key])
        else:
            out.append(rng.choice(BASES))
    return "".join(out)


def one_file(path, name, exons, n, rng, hotspot, avoid, pack):
    order = {c: i for i, (c, _) in enumerate(GRCH38)}
    recs = {}
    while len(recs) < n:
        chrom, s, e = rng.choice(exons)
        pos = rng.randint(s, max(s, e))
        if (chrom, pos) in recs or any((chrom, pos + k) in avoid for k in range(-6, 8)):
            continue
        r = rng.random()
        ref = ref_bases(chrom, pos, 1 if r < 0.95 else 1 + rng.randint(1, 6), rng, pack)
        if ref is None or "N" in ref:
            continue
        if r < 0.9:
            alt = rng.choice([b for b in BASES if b != ref])
        elif r < 0.95:
            alt = ref + "".join(rng.choice(BASES) for _ in range(rng.randint(1, 6)))
        else:
            alt = ref[0]
        recs[(chrom, pos)] = (ref, alt)
    if hotspot:
        c, p, ref, alt = hotspot
        recs[(c, p)] = (ref, alt)
    lines = ["##fileformat=VCFv4.2", "##reference=GRCh38", "##source=scripts/make_panel_vcfs.py"]
    lines += ["##contig=<ID=%s,length=%d>" % (c, l) for c, l in GRCH38]
    lines += ['##FILTER=<ID=PASS,Description="All filters passed">',
              '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
              '##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths">',
              '##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Read depth">',
              "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\t" + name]
    for (c, p) in sorted(recs, key=lambda k: (order[k[0]], k[1])):
        ref, alt = recs[(c, p)]
        dp = rng.randint(80, 900)
        ad = max(1, int(dp * rng.uniform(0.03, 0.6)))
        lines.append("%s\t%d\t.\t%s\t%s\t.\tPASS\t.\tGT:AD:DP\t0/1:%d,%d:%d" % (c, p, ref, alt, dp - ad, ad, dp))
    data = ("\n".join(lines) + "\n").encode()
    with open(path, "wb") as out:
        subprocess.run(["bgzip", "-c"], input=data, stdout=out, check=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("outdir")
    ap.add_argument("--samples", type=int, default=100)
    ap.add_argument("--records", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    os.makedirs(a.outdir, exist_ok=True)
    exons = load_exons()
    avoid = known_loci()
    pack = load_pack_bases()
    rng = random.Random(a.seed)
    rows = []
    for i in range(1, a.samples + 1):
        name = "panel-%03d" % i
        hotspot = HOTSPOTS[i % len(HOTSPOTS)] if i % 3 == 0 else None
        one_file(os.path.join(a.outdir, name + ".vcf.gz"), name, exons, a.records, rng, hotspot, avoid, pack)
        rows.append((name, name + ".vcf.gz", TUMOURS[i % len(TUMOURS)], "GRCh38"))
    with open(os.path.join(a.outdir, "samplesheet.tsv"), "w") as f:
        f.write("sample\tinput\ttumor_type\tgenome\n")
        for r in rows:
            f.write("\t".join(r) + "\n")


if __name__ == "__main__":
    main()
