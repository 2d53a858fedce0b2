#!/usr/bin/env python3
"""Derive GRCh37 + GRCh38 genomic alleles for protein/codon hotspot biomarkers.

  kb_alleles.py [--data /work/shared/data] [--write] [KB_DIR]

For every biomarker in KB_DIR/curated/*.yaml whose rule is `protein: X123Y`
(single amino-acid substitution) or `codon: X123`, the script works out the three
GRCh37 positions of the codon and its reference bases, enumerates every
single-nucleotide change that gives the protein change (codon rules: every
non-synonymous change), and lifts each allele to GRCh38 with scripts/liftover.py
(complementing REF/ALT where the chain reverses the strand). A substitution that
needs two adjacent bases (BRAF V600K: GTG>AAG) is written as one MNV allele.

Codon sources, in order (all read-only, provenance in the data MANIFEST):
  1. UTA transcript alignments + mRNA (biocommons/hgvs test cache; RefSeq) for
     EGFR, KRAS, ERBB2, FLT3, EZH2: exact c.-to-genome mapping;
  2. Cancer Hotspots v2 (Codon_Change + Genomic_Position): the reference codon and
     the positions where single-base changes were seen, solved for the codon's
     first base with the gene's strand;
  3. otherwise only CIViC's own GRCh37 alleles for that exact protein change.
Every derived allele set is cross-checked against all CIViC GRCh37 alleles
(2018 variant summaries, 2020 VCF, 2022 evidence table) of the same gene and
protein change: a CIViC single-base allele not in the derived set is an error.

Without --write the script reports only. With --write it replaces the
`alleles:` block of each such biomarker in place (the rest of the file is kept
byte for byte). Biomarkers it cannot derive are reported and left unchanged.
"""
import argparse
import csv
import glob
import os
import re
import sys

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from liftover import ChainLifter  # noqa: E402

COMP = {"A": "T", "C": "G", "G": "C", "T": "A"}
BASES = "ACGT"
CODE = {}
_aa = "FFLLSSSSYY**CC*WLLLLPPPPHHQQRRRRIIIMTTTTNNKKSSRRVVVVAAAADDEEGGGG"
for i, a in enumerate(_aa):
    CODE["TCAG"[i // 16] + "TCAG"[(i // 4) % 4] + "TCAG"[i % 4]] = a

# transcript strand on GRCh37 (checked against CIViC REF bases below)
STRAND = {"KRAS": "-", "NRAS": "-", "HRAS": "-", "BRAF": "-", "EGFR": "+", "PIK3CA": "+",
          "AKT1": "-", "ESR1": "+", "IDH1": "-", "IDH2": "-", "KIT": "+", "PDGFRA": "+",
          "FGFR3": "+", "FGFR2": "-", "FLT3": "-", "ERBB2": "+", "ABL1": "+", "EZH2": "-",
          "RET": "+", "MET": "+", "MAP2K1": "+", "POLE": "-", "NPM1": "+"}
UTA_TX = {"EGFR": "NM_005228.4", "KRAS": "NM_004985.4", "ERBB2": "NM_004448.4",
          "FLT3": "NM_004119.2", "EZH2": "NM_004456.4"}

PROT_RE = re.compile(r"^([A-Z])(\d+)([A-Z*])$")
CODON_RE = re.compile(r"^([A-Z]?)(\d+)$")


def translate(c):
    return CODE.get(c.upper(), "X")


# ---------------------------------------------------------------- sources
def load_uta(data):
    d = os.path.join(data, "genemodels/hgvs_uta_cache")
    seqs, cds = {}, {}
    name = None
    with open(os.path.join(d, "uta_transcript_protein_seqs.fa")) as fh:
        for line in fh:
            if line.startswith(">"):
                f = line[1:].split()
                name = f[0]
                kv = dict(x.split("=", 1) for x in f[1:] if "=" in x)
                cds[name] = (int(kv.get("cds_start_i", 0)), int(kv.get("cds_end_i", 0)))
                seqs[name] = []
            elif name:
                seqs[name].append(line.strip())
    seqs = {k: "".join(v).upper() for k, v in seqs.items()}
    exons = {}
    with open(os.path.join(d, "uta_tx_exons.tsv")) as fh:
        for line in fh:
            if line.startswith("#") or line.startswith("tx_ac"):
                continue
            f = line.rstrip("\n").split("\t")
            if f[4] != "GRCh37" or f[0] not in UTA_TX.values():
                continue
            if not re.fullmatch(r"(\d+[=XM])+", f[12]):
                raise SystemExit("UTA exon with gaps not supported: %s" % line)
            exons.setdefault(f[0], []).append((int(f[8]), int(f[9]), int(f[10]), int(f[11]), int(f[6]), f[5]))
    return seqs, cds, exons


def uta_codon(uta, gene, codon):
    seqs, cds, exons = uta
    tx = UTA_TX.get(gene)
    if tx not in exons or tx not in seqs:
        return None
    cs, _ce = cds[tx]
    poss = []
    for k in range(3):
        t = cs + (codon - 1) * 3 + k  # 0-based transcript position
        for ts, te, gs, ge, strand, chrom in exons[tx]:
            if ts <= t < te:
                off = t - ts
                g = gs + off + 1 if strand == 1 else ge - off
                poss.append(g)
                break
        else:
            return None
    t0 = cs + (codon - 1) * 3
    ref = seqs[tx][t0:t0 + 3]
    chrom = exons[tx][0][5]
    strand = "+" if exons[tx][0][4] == 1 else "-"
    return {"chrom": chrom, "pos": poss, "ref": ref, "strand": strand, "source": "UTA " + tx}


def load_hotspots(data):
    out = {}
    with open(os.path.join(data, "hotspots/hotspots_v2.txt")) as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            k = (row["Hugo_Symbol"], row["Amino_Acid_Position"])
            if k not in out and row["Codon_Change"] and row["Genomic_Position"]:
                out[k] = row
    return out


def hotspot_codon(hs, gene, codon):
    row = hs.get((gene, str(codon)))
    if not row or gene not in STRAND:
        return None
    strand = STRAND[gene]
    refs, per_k = set(), {}
    for tok in row["Codon_Change"].split("|"):
        ch, _, n = tok.rpartition(":")
        a, _, b = ch.partition("/")
        if len(a) != 3 or len(b) != 3:
            continue
        refs.add(a.upper())
        diff = [k for k in range(3) if a[k].upper() != b[k].upper()]
        if len(diff) == 1:
            per_k[diff[0]] = per_k.get(diff[0], 0) + int(n)
    if len(refs) != 1:
        return None
    ref = refs.pop()
    if translate(ref) != row["Reference_Amino_Acid"].split(":")[0]:
        return None
    gpos = {}
    chrom = None
    for tok in row["Genomic_Position"].split("|"):
        loc, _, n = tok.partition("_")
        c, _, p = loc.partition(":")
        chrom = c
        gpos[int(p)] = int(n)
    # candidate first-base positions: every observed position minus each codon offset
    best = None
    for q in gpos:
        for k in range(3):
            p1 = q - k if strand == "+" else q + k
            pos = [p1 + j if strand == "+" else p1 - j for j in range(3)]
            # positions outside the codon are tolerated only when they are rare
            # (multi-codon changes such as gaGCag/..); the bulk must fall inside
            inside = sum(n for p, n in gpos.items() if p in pos)
            if inside < 0.9 * sum(gpos.values()):
                continue
            if not all(pos[j] in gpos for j in per_k):
                continue
            # agreement: rank of counts per codon base vs per genomic position
            score = -sum(abs(per_k.get(j, 0) - gpos.get(pos[j], 0)) for j in range(3))
            if best is None or score > best[0]:
                best = (score, pos)
    if best is None:
        return None
    return {"chrom": chrom, "pos": best[1], "ref": ref, "strand": strand, "source": "Cancer Hotspots v2"}


def load_civic(data):
    """(gene, protein) -> set of (chrom, pos, ref, alt) GRCh37 single-base alleles."""
    out = {}

    def add(g, v, c, s, e, r, a):
        if not (c and s and r and a) or len(r) != 1 or len(a) != 1 or r not in BASES or a not in BASES:
            return
        out.setdefault((g, v), set()).add((str(c), int(float(s)), r, a))
    d = os.path.join(data, "civic")
    with open(os.path.join(d, "civic_2018-05_nightly-VariantSummaries.tsv")) as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            if row.get("reference_build") in ("GRCh37", ""):
                add(row["gene"], row["variant"], row["chromosome"], row["start"], row["stop"],
                    row["reference_bases"], row["variant_bases"])
    with open(os.path.join(d, "civic_2022-12_evidence_with_coords.tsv")) as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            if row.get("reference_build") == "GRCh37":
                add(row["gene"], row["variant"], row["chromosome"], row["start"], row["stop"],
                    row["reference_bases"], row["variant_bases"])
    with open(os.path.join(d, "civic_2020-08-01_accepted.grch37.vcf")) as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            f = line.split("\t")
            info = dict(x.split("=", 1) for x in f[7].split(";") if "=" in x)
            gn, vt = info.get("GN"), info.get("VT", "")
            if gn and "_" in vt:
                v = vt.rsplit("_", 1)[1]
                add(gn, v, f[0], f[1], f[1], f[3], f[4])
    return out


# ---------------------------------------------------------------- alleles
def enumerate_alleles(cod, want_aa=None):
    """Single-base (or adjacent two-base, for want_aa only) GRCh37 alleles of a codon."""
    ref, pos, strand, chrom = cod["ref"], cod["pos"], cod["strand"], cod["chrom"]
    ref_aa = translate(ref)
    res = []
    for k in range(3):
        for b in BASES:
            if b == ref[k]:
                continue
            alt = ref[:k] + b + ref[k + 1:]
            aa = translate(alt)
            if (want_aa is None and aa != ref_aa) or (want_aa is not None and aa == want_aa):
                g = pos[k]
                r, a = (ref[k], b) if strand == "+" else (COMP[ref[k]], COMP[b])
                res.append((chrom, g, r, a, ref_aa + aa))
    if want_aa is not None and not res:
        for k in range(2):
            for b1 in BASES:
                for b2 in BASES:
                    if b1 == ref[k] or b2 == ref[k + 1]:
                        continue
                    alt = ref[:k] + b1 + b2 + ref[k + 2:]
                    if translate(alt) != want_aa:
                        continue
                    if strand == "+":
                        res.append((chrom, pos[k], ref[k:k + 2], b1 + b2, ref_aa + want_aa))
                    else:  # genomic order is reversed
                        res.append((chrom, pos[k + 1], COMP[ref[k + 1]] + COMP[ref[k]],
                                    COMP[b2] + COMP[b1], ref_aa + want_aa))
    return sorted(set(res), key=lambda x: (x[1], x[2], x[3]))


def lift_allele(lo, a):
    chrom, pos, ref, alt = a[:4]
    first = lo.lift(chrom, pos)
    last = lo.lift(chrom, pos + len(ref) - 1)
    if not first or not last:
        return None, "unmapped"
    c1, p1, s1, _ = first[0]
    c2, p2, s2, _ = last[0]
    if c1 != c2 or s1 != s2 or abs(p2 - p1) != len(ref) - 1:
        return None, "split by the chain"
    if s1 == "+":
        return (c1, p1, ref, alt), None
    rc = lambda s: "".join(COMP[x] for x in reversed(s))  # noqa: E731
    return (c1, min(p1, p2), rc(ref), rc(alt)), "strand flipped"


def fmt(a):
    return '{chrom: "%s", pos: %d, ref: %s, alt: %s}' % a[:4]


def rewrite(path, blocks):
    """Replace/insert the alleles block of biomarkers in one YAML file (text-level)."""
    lines = open(path).read().split("\n")
    out, i, cur = [], 0, None
    while i < len(lines):
        ln = lines[i]
        m = re.match(r"^  - id: (\S+)\s*$", ln)
        if m:
            cur = m.group(1)
        if cur in blocks and re.match(r"^    alleles:\s*$", ln):
            i += 1
            while i < len(lines) and (lines[i].startswith("      ") or lines[i].strip() == "" and False):
                i += 1
            continue
        out.append(ln)
        if cur in blocks and re.match(r"^    rule: ", ln):
            out.append("    alleles:")
            for b in ("GRCh37", "GRCh38"):
                out.append("      %s:" % b)
                for a in blocks[cur][b]:
                    out.append("        - " + fmt(a))
        i += 1
    open(path, "w").write("\n".join(out))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("kb", nargs="?", default=os.path.join(os.path.dirname(__file__), "..", "knowledgebase"))
    ap.add_argument("--data", default="/work/shared/data")
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()

    uta = load_uta(args.data)
    hs = load_hotspots(args.data)
    civic = load_civic(args.data)
    lo = ChainLifter(os.path.join(args.data, "transcripts/liftover/GRCh37_to_GRCh38.chain"))

    errors = 0
    for path in sorted(glob.glob(os.path.join(args.kb, "curated", "*.yaml"))):
        doc = yaml.safe_load(open(path)) or {}
        blocks = {}
        for bm in doc.get("biomarkers", []) or []:
            rule, gene = bm.get("rule") or {}, bm.get("gene")
            if not gene or not isinstance(rule, dict):
                continue
            if "protein" in rule:
                m = PROT_RE.match(str(rule["protein"]))
                if not m:
                    continue
                ref_aa, codon, want = m.group(1), int(m.group(2)), m.group(3)
            elif "codon" in rule:
                m = CODON_RE.match(str(rule["codon"]))
                if not m:
                    continue
                ref_aa, codon, want = m.group(1), int(m.group(2)), None
            else:
                continue
            cod = uta_codon(uta, gene, codon) or hotspot_codon(hs, gene, codon)
            civ = set()
            for (g, v), al in civic.items():
                mm = PROT_RE.match(v)
                if g == gene and mm and int(mm.group(2)) == codon and (want is None or mm.group(3) == want):
                    if mm.group(3) != mm.group(1):
                        civ |= al
            if cod:
                if ref_aa and translate(cod["ref"]) != ref_aa:
                    print("ERROR %s: reference codon %s (%s) does not encode %s" % (bm["id"], cod["ref"], cod["source"], ref_aa))
                    errors += 1
                    continue
                g37 = [a[:4] for a in enumerate_alleles(cod, want)]
                src = cod["source"]
            elif want is not None and civ:
                g37 = sorted(civ, key=lambda a: (a[1], a[2], a[3]))
                src = "CIViC alleles only"
            else:
                print("SKIP  %s (%s %s): no codon model and no CIViC allele" % (bm["id"], gene, rule))
                continue
            missing = [a for a in civ if a not in set(g37)]
            if missing:
                print("ERROR %s: CIViC alleles %s not in derived set %s" % (bm["id"], missing, g37))
                errors += 1
                continue
            g38, notes = [], set()
            for a in g37:
                b, note = lift_allele(lo, a)
                if b is None:
                    print("ERROR %s: %s %s" % (bm["id"], fmt(a), note))
                    errors += 1
                    continue
                if note:
                    notes.add(note)
                g38.append(b)
            blocks[bm["id"]] = {"GRCh37": g37, "GRCh38": g38}
            print("OK    %-22s %-8s %2d alleles  source=%s  civic_checked=%d%s" % (
                bm["id"], rule.get("protein", rule.get("codon")), len(g37), src, len(civ),
                ("  " + ",".join(sorted(notes))) if notes else ""))
        if args.write and blocks:
            rewrite(path, blocks)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
