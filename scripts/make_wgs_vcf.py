#!/usr/bin/python3
"""Generate a synthetic whole-genome somatic VCF (GRCh38) for benchmarking.

    scripts/make_wgs_vcf.py OUT.vcf.gz [--records 4600000] [--seed 1] [--no-hotspots]

The output is deterministic for a given --records/--seed: bgzip-compressed
(`bgzip -@2`) and tabix-indexed (OUT.vcf.gz.tbi).

What it looks like:
  * VCFv4.2, ##reference=GRCh38, ##contig lines with the real GRCh38 lengths of
    chr1..chr22, chrX, chrY, chrM (same numbers as src/genome/build.cpp);
  * two samples, NORMAL and TUMOR (##tumor_sample=TUMOR / ##normal_sample=NORMAL),
    FORMAT GT:AD:DP, INFO DP, QUAL, FILTER PASS (~95%) or LowQual (~5%);
  * positions sorted, spread over every chromosome in proportion to its length
    (uniform order statistics, drawn in a streaming way, so memory stays flat);
  * ~90% SNVs (transition-biased, REF base AT-rich like the genome) and ~10%
    short indels (1-10 bp insertions / deletions, VCF-anchored on the first base).
    Bases are random: they do not match the real reference, which is fine for a
    throughput benchmark;
  * unless --no-hotspots, a handful of real GRCh38 driver hotspots that are in
    the knowledgebase (BRAF V600E, EGFR L858R, KRAS G12C, PIK3CA H1047R ...),
    so the annotate path does real matching work and the report is not empty.

Needs /usr/bin/python3 (stdlib only), bgzip and tabix (Debian package `tabix`).
"""

import argparse
import os
import random
import subprocess
import sys

# GRCh38 primary assembly lengths (src/genome/build.cpp, kPrimary).
GRCH38 = [
    ("chr1", 248956422), ("chr2", 242193529), ("chr3", 198295559), ("chr4", 190214555),
    ("chr5", 181538259), ("chr6", 170805979), ("chr7", 159345973), ("chr8", 145138636),
    ("chr9", 138394717), ("chr10", 133797422), ("chr11", 135086622), ("chr12", 133275309),
    ("chr13", 114364328), ("chr14", 107043718), ("chr15", 101991189), ("chr16", 90338345),
    ("chr17", 83257441), ("chr18", 80373285), ("chr19", 58617616), ("chr20", 64444167),
    ("chr21", 46709983), ("chr22", 50818468), ("chrX", 156040895), ("chrY", 57227415),
    ("chrM", 16569),
]

# Real GRCh38 hotspots present in knowledgebase/curated (chrom, pos, ref, alt).
HOTSPOTS = [
    ("chr3", 179234297, "A", "G"),    # PIK3CA H1047R
    ("chr7", 55191822, "T", "G"),     # EGFR L858R
    ("chr7", 140753336, "A", "T"),    # BRAF V600E
    ("chr12", 25245351, "C", "A"),    # KRAS G12C
    ("chr17", 39724747, "G", "A"),    # ERBB2
]

BASES = "ACGT"
# Genome-like base composition (~59% A/T) for REF bases.
REF_WEIGHTS = [0.295, 0.205, 0.205, 0.295]
TRANSITION = {"A": "G", "G": "A", "C": "T", "T": "C"}
TRANSVERSIONS = {"A": "CT", "G": "CT", "C": "AG", "T": "AG"}

HEADER_TAIL = """##INFO=<ID=DP,Number=1,Type=Integer,Description="Total read depth at the locus (all samples)">
##FILTER=<ID=PASS,Description="All filters passed">
##FILTER=<ID=LowQual,Description="Low quality somatic call">
##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">
##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths for the ref and alt alleles in the order listed">
##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Approximate read depth">
##reference=GRCh38
##normal_sample=NORMAL
##tumor_sample=TUMOR
##source=oncomatch/scripts/make_wgs_vcf.py (synthetic benchmark data)
#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tNORMAL\tTUMOR
"""


def header(records, seed):
    lines = ["##fileformat=VCFv4.2"]
    lines.append(f"##oncomatch_bench=records:{records},seed:{seed}")
    for name, length in GRCH38:
        lines.append(f"##contig=<ID={name},length={length},assembly=GRCh38>")
    return "\n".join(lines) + "\n" + HEADER_TAIL


def allocate(total):
    """Records per chromosome, proportional to length (largest remainder), >= 1 each."""
    glen = sum(l for _, l in GRCH38)
    exact = [total * l / glen for _, l in GRCH38]
    counts = [max(1, int(x)) for x in exact]
    order = sorted(range(len(exact)), key=lambda i: exact[i] - int(exact[i]), reverse=True)
    diff = total - sum(counts)
    i = 0
    while diff != 0:
        k = order[i % len(order)]
        if diff > 0:
            counts[k] += 1
            diff -= 1
        elif counts[k] > 1:
            counts[k] -= 1
            diff += 1
        i += 1
    return counts


def make_pools(rng):
    """Pre-drawn pools; per record we only pick an index (fast, still deterministic)."""
    refs = rng.choices(BASES, weights=REF_WEIGHTS, k=4096)
    snvs = []
    for r in refs:
        alt = TRANSITION[r] if rng.random() < 0.67 else rng.choice(TRANSVERSIONS[r])
        snvs.append((r, alt))

    indels = []  # (ref, alt, span)
    for r in rng.choices(BASES, weights=REF_WEIGHTS, k=4096):
        n = min(10, 1 + int(rng.expovariate(0.45)))
        extra = "".join(rng.choices(BASES, weights=REF_WEIGHTS, k=n))
        if rng.random() < 0.55:           # deletion
            indels.append((r + extra, r, n + 1))
        else:                             # insertion
            indels.append((r, r + extra, 1))

    tails = []  # QUAL FILTER INFO FORMAT NORMAL TUMOR
    for _ in range(8192):
        ndp = max(8, int(rng.gauss(38, 9)))
        tdp = max(8, int(rng.gauss(62, 18)))
        vaf = min(0.95, max(0.03, rng.betavariate(2.0, 4.0)))
        talt = max(1, int(round(tdp * vaf)))
        nalt = 1 if rng.random() < 0.04 else 0
        low = rng.random() < 0.05
        qual = rng.randint(3, 19) if low else rng.randint(20, 250)
        filt = "LowQual" if low else "PASS"
        tails.append(
            f"{qual}\t{filt}\tDP={ndp + tdp}\tGT:AD:DP\t"
            f"0/0:{ndp - nalt},{nalt}:{ndp}\t0/1:{tdp - talt},{talt}:{tdp}\n")
    return snvs, indels, tails


def generate(out, records, seed, hotspots):
    rng = random.Random(seed)
    snvs, indels, tails = make_pools(rng)
    hs = sorted(HOTSPOTS) if hotspots else []
    counts = allocate(max(len(GRCH38), records - len(hs)))

    rand = rng.random
    bits = rng.getrandbits
    chunk = []
    append = chunk.append
    written = 0
    w = out.write

    w(header(records, seed).encode())
    for (chrom, length), n in zip(GRCH38, counts):
        pending = sorted((p, r, a) for c, p, r, a in hs if c == chrom)
        pre = chrom + "\t"
        u = 0.0
        span = length - 12  # keep deletions inside the contig
        for i in range(n, 0, -1):
            # next of n uniform order statistics, drawn sequentially
            u += (1.0 - u) * (1.0 - rand() ** (1.0 / i))
            pos = 1 + int(u * span)
            while pending and pending[0][0] <= pos:
                p, r, a = pending.pop(0)
                append(f"{pre}{p}\t.\t{r}\t{a}\t{tails[bits(13)]}")
            if bits(10) < 102:                         # ~10% short indels
                ref, alt, _ = indels[bits(12)]
            else:
                ref, alt = snvs[bits(12)]
            append(f"{pre}{pos}\t.\t{ref}\t{alt}\t{tails[bits(13)]}")
            if len(chunk) >= 20000:
                w("".join(chunk).encode())
                written += len(chunk)
                chunk.clear()
        for p, r, a in pending:
            append(f"{pre}{p}\t.\t{r}\t{a}\t{tails[bits(13)]}")
    w("".join(chunk).encode())
    written += len(chunk)
    return written


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", help="output .vcf.gz (bgzip); OUT.tbi is written next to it")
    ap.add_argument("--records", type=int, default=4600000, help="number of records (default 4600000)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--no-hotspots", action="store_true", help="do not plant knowledgebase hotspots")
    args = ap.parse_args()
    if not args.out.endswith(".gz"):
        ap.error("OUT must end in .gz (it is bgzip-compressed)")

    tmp = args.out + ".tmp"
    with open(tmp, "wb") as fh:
        bg = subprocess.Popen(["bgzip", "-@2", "-c"], stdin=subprocess.PIPE, stdout=fh, bufsize=1 << 20)
        try:
            n = generate(bg.stdin, args.records, args.seed, not args.no_hotspots)
        finally:
            bg.stdin.close()
            rc = bg.wait()
    if rc != 0:
        os.unlink(tmp)
        sys.exit(f"bgzip failed (exit {rc})")
    os.replace(tmp, args.out)
    subprocess.run(["tabix", "-f", "-p", "vcf", args.out], check=True)
    print(f"{args.out}: {n} records, {os.path.getsize(args.out) / 1e6:.1f} MB", file=sys.stderr)


if __name__ == "__main__":
    main()
