#!/usr/bin/env python3
"""Build the bundled transcript packs knowledgebase/transcripts/GRCh37.pack and GRCh38.pack.

A one-off conversion of the real gene models under /work/shared/data (see genemodels/README.md
and ../MANIFEST.tsv for provenance and licences) into oncomatch's pack format (format 1, see
include/oncomatch/transcript/pack.hpp): one line per transcript with gene, versioned id, chrom,
strand, flags (preferred, lifted), source, CDS (transcript offsets, 0-based half-open, stop codon
included), exons (genomic 0-based half-open, transcript order) and the spliced sequence.

Only models whose transcript sequence is known are used (a model without sequence cannot give
HGVS c./p.):
  uta        hgvs_uta_cache/uta_tx_exons.tsv + uta_transcript_protein_seqs.fa (biocommons/hgvs,
             Apache-2.0): RefSeq NM_ alignments with the full mRNA; only gapless alignments
             (CIGAR all '=': the mRNA equals the genome, so VCF REF checks are valid).
  cellbase   cellbase/cellbase_genes.*.json.gz (opencb/cellbase, Apache-2.0): Ensembl models with
             cDnaSequence; the file's assembly is checked against the GRCh37 BRCA1 slice / the
             UTA coordinates where they overlap.
  gencode19  transcripts/gatk_funcotator/gencode.v19.PIK3CA.gtf + genemodels/dndscv/
             GRCh37_chr3_178800000-179300000.fa (slice position 1 = chr3:178,800,000).
  igv_minigenome  genemodels/igv_reports/annotations.gtf.gz + minigenome.fa: exon sequences
             from the minigenome, GRCh37 coordinates from orig_coord_info (introns shortened only).
  vibe_vep   vibe_vep/vibe_vep_GRCh38_chr7_EGFR_transcripts.json (GRCh38): CDS sequence only
             (the UTR sequences given are partial), so the model is cut to the CDS (source
             "vibe_vep:cds_only"; UTR variants of these transcripts read as up/downstream).
  serve_uta  BRAF GRCh37: SERVE (hartwigmedical/serve, GPL-3.0 data file) CDS exons of
             ENST00000288602 with the CDS bases of the UTA NM_004333 mRNA when the lengths agree
             and the translation equals the UTA protein (CDS-only model, source "cds_only").
Every coding model must translate to a protein without internal stop and end in a stop codon;
models that fail are dropped (printed).

Lifting: a transcript known on one build only is lifted to the other with the UCSC chain
(transcripts/liftover/, scripts/liftover.py): both ends of every exon must map to the same
chromosome and chain with the exon length kept, else it is dropped. Lifted models are flagged
`lifted` and checked against every real sequence of the target build available here (CellBase
GRCh38 genome chunks; vibe-vep GRCh38 EGFR CDS); a mismatch drops the lifted model.

Preferred transcript per gene: the knowledgebase's choice (knowledgebase/genes/genes.yaml,
MANE Select on GRCh38, MSK isoform on GRCh37), matched on the versionless Ensembl or RefSeq id;
when that transcript has no model here, the gene has no preferred transcript and oncomatch
reports its variants as "consequence not computed" on the knowledgebase transcript.

Usage: scripts/build_pack.py [DATA_DIR] [OUT_DIR]
"""
import gzip
import hashlib
import json
import os
import re
import sys

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from liftover import ChainLifter  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/data"
OUT = sys.argv[2] if len(sys.argv) > 2 else os.path.join(REPO, "knowledgebase", "transcripts")
GM = os.path.join(DATA, "genemodels")
CODE = "FFLLSSSSYY**CC*WLLLLPPPPHHQQRRRRIIIMTTTTNNKKSSRRVVVVAAAADDEEGGGG"
IDX = {"T": 0, "C": 1, "A": 2, "G": 3}
NC_VERSION = {
    "GRCh37": [10, 11, 11, 11, 9, 11, 13, 10, 11, 10, 9, 11, 10, 8, 9, 9, 10, 9, 9, 10, 8, 10, 10, 9],
    "GRCh38": [11, 12, 12, 12, 10, 12, 14, 11, 12, 11, 10, 12, 11, 9, 10, 10, 11, 10, 10, 11, 9, 11, 11, 10],
}
CHROMS = [str(i) for i in range(1, 23)] + ["X", "Y"]
NC_BUILD = {f"NC_{n:06d}.{v}": (b, CHROMS[n - 1]) for b, vs in NC_VERSION.items() for n, v in enumerate(vs, 1)}
SOURCE_ORDER = ["cellbase", "igv_minigenome", "gencode19", "vibe_vep", "uta", "serve_uta"]


def translate(s):
    out = []
    for i in range(0, len(s) - 2, 3):
        a, b, c = (IDX.get(x, -1) for x in s[i:i + 3])
        out.append("X" if min(a, b, c) < 0 else CODE[a * 16 + b * 4 + c])
    return "".join(out)


def revcomp(s):
    return s.translate(str.maketrans("ACGTN", "TGCAN"))[::-1]


def read_fasta(path):
    seqs, name, buf = {}, None, []
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith(">"):
                if name is not None:
                    seqs[name] = "".join(buf)
                name, buf = line[1:], []
            else:
                buf.append(line.strip())
    if name is not None:
        seqs[name] = "".join(buf)
    return seqs


class Tx:
    """exons: [(g_beg0, g_end0)] in transcript order; cds: (beg, end) transcript offsets or None."""

    def __init__(self, gene, tid, chrom, strand, exons, cds, seq, source, lifted=False):
        self.gene, self.id, self.chrom, self.strand = gene, tid, chrom, strand
        self.exons, self.cds, self.seq, self.source, self.lifted = exons, cds, seq.upper(), source, lifted
        self.preferred = False
        self.flanks = []  # [(g_beg0, seq)] genome + strand sequence beside the exons (3' rule in introns)

    def base(self):
        return self.id.split(".")[0]

    def check(self):
        total = sum(e - b for b, e in self.exons)
        if total != len(self.seq):
            return f"sequence {len(self.seq)} nt but exons {total} nt"
        for i in range(1, len(self.exons)):
            p, c = self.exons[i - 1], self.exons[i]
            if (self.strand == "+" and c[0] < p[1]) or (self.strand == "-" and c[1] > p[0]):
                return "exons out of order"
        if self.cds:
            b, e = self.cds
            if (e - b) % 3 or e > len(self.seq) or b < 0:
                return f"CDS {b}-{e} not whole codons"
            prot = translate(self.seq[b:e])
            if not prot.endswith("*"):
                return "CDS does not end in a stop codon"
            if "*" in prot[:-1]:
                return "internal stop codon"
        return None

    def line(self):
        flags = ",".join(f for f, on in (("preferred", self.preferred), ("lifted", self.lifted)) if on) or "."
        cds = f"{self.cds[0]}-{self.cds[1]}" if self.cds else "."
        ex = ",".join(f"{b}-{e}" for b, e in self.exons)
        fl = ",".join(f"{b}:{q}" for b, q in self.flanks) or "."
        return "\t".join([self.gene, self.id, self.chrom, self.strand, flags, self.source, cds, ex, self.seq, fl])


FLANK = 100  # as `oncomatch genes build --flank` (PackBuildOptions::kDefaultFlank)


def add_flanks(t, genome):
    """Genome sequence within FLANK bases of the exons (whole introns up to 2 x FLANK), from the
    real genome sequences of the build held here: genome = [(chrom, g_beg0, seq)]. Only the parts
    a real sequence covers are kept; the 3' rule stops (and says so) where they end."""
    ex = sorted(t.exons)
    want = [(max(0, ex[0][0] - FLANK), ex[0][0])]
    for (a0, a1), (b0, b1) in zip(ex, ex[1:]):
        if b0 <= a1:
            continue
        want += [(a1, b0)] if b0 - a1 <= 2 * FLANK else [(a1, a1 + FLANK), (b0 - FLANK, b0)]
    want.append((ex[-1][1], ex[-1][1] + FLANK))
    got = {}
    for b, e in want:
        for chrom, cb, seq in genome:
            if chrom != t.chrom:
                continue
            lo, hi = max(b, cb), min(e, cb + len(seq))
            if lo < hi:
                got.setdefault(lo, seq[lo - cb:hi - cb])
    t.flanks = sorted(got.items())


def genomic_bases(tx_, g0, g1):
    """Transcript bases covering genomic [g0, g1) on the + strand, or None when not all exonic."""
    off, out = 0, {}
    for b, e in tx_.exons:
        for g in range(max(b, g0), min(e, g1)):
            t = off + (g - b if tx_.strand == "+" else e - 1 - g)
            out[g] = tx_.seq[t] if tx_.strand == "+" else revcomp(tx_.seq[t])
        off += e - b
    if len(out) != g1 - g0:
        return None
    return "".join(out[g] for g in range(g0, g1))


# ---------------------------------------------------------------- sources
def load_uta():
    rows = {}
    path = os.path.join(GM, "hgvs_uta_cache", "uta_tx_exons.tsv")
    with open(path) as f:
        header = None
        for line in f:
            if line.startswith("#"):
                continue
            cols = line.rstrip("\n").split("\t")
            if header is None:
                header = cols
                continue
            r = dict(zip(header, cols))
            rows.setdefault((r["tx_ac"], r["alt_ac"]), []).append(r)
    fasta = read_fasta(os.path.join(GM, "hgvs_uta_cache", "uta_transcript_protein_seqs.fa"))
    seqs = {k.split()[0]: v for k, v in fasta.items()}
    out, dropped = {"GRCh37": [], "GRCh38": []}, []
    for (tx_ac, alt_ac), exs in rows.items():
        if alt_ac not in NC_BUILD or tx_ac not in seqs or not tx_ac.startswith("NM_"):
            continue
        build, chrom = NC_BUILD[alt_ac]
        exs.sort(key=lambda r: int(r["exon_ord"]))
        if any(int(exs[k]["tx_end_i"]) != int(exs[k + 1]["tx_start_i"]) for k in range(len(exs) - 1)):
            dropped.append(f"uta {tx_ac} {build}: exons not contiguous on the mRNA")
            continue
        strand = "+" if exs[0]["alt_strand"] == "1" else "-"
        t0 = int(exs[0]["tx_start_i"])
        full = seqs[tx_ac]
        cds = None
        if exs[0]["cds_start_i"] not in ("None", ""):
            cds = (int(exs[0]["cds_start_i"]), int(exs[0]["cds_end_i"]))  # mRNA coordinates
        # Walk every exon's CIGAR in transcript order (this export lists it in transcript order on
        # both strands: checked on CCNQ NM_152274.3, - strand, whose 5' 117 bases equal the reverse
        # complement of the genomic fragment NC_000023.10:152864508-152864529 only when read so,
        # and whose GGG/GG difference then sits at mRNA 117, the '1D' after '117='). '=' and 'X' use one
        # mRNA and one genome base, 'I' a genome base the mRNA lacks, 'D' an mRNA base the genome
        # lacks. Per exon: segments of gapless alignment [(tx_beg, tx_end, g_beg, g_end)].
        segs, gaps, mism = [], [], []
        for r in exs:
            b, e = int(r["alt_start_i"]), int(r["alt_end_i"])
            ops = re.findall(r"(\d+)([=XID])", r["cigar"])
            tx, go = int(r["tx_start_i"]), 0
            exon_segs = []
            for n, op in ops:
                n = int(n)
                if op in "=X":
                    gb, ge = (b + go, b + go + n) if strand == "+" else (e - go - n, e - go)
                    if exon_segs and exon_segs[-1][1] == tx and (exon_segs[-1][3] == gb if strand == "+" else exon_segs[-1][2] == ge):
                        p_ = exon_segs[-1]
                        exon_segs[-1] = (p_[0], tx + n, min(p_[2], gb), max(p_[3], ge))
                    else:
                        exon_segs.append((tx, tx + n, gb, ge))
                    if op == "X":
                        mism.extend(range(tx, tx + n))
                    tx, go = tx + n, go + n
                elif op == "I":
                    gaps.append((tx, tx))  # mRNA bases involved: none (between tx-1 and tx)
                    go += n
                else:
                    gaps.append((tx, tx + n))
                    tx += n
            if tx != int(r["tx_end_i"]) or go != e - b:
                exon_segs = None
            segs.append(exon_segs)
        if any(x is None for x in segs):
            dropped.append(f"uta {tx_ac} {build}: CIGAR lengths do not match the exon coordinates")
            continue
        # Gaps (the mRNA and the genome differ in length) are allowed only in the first or last
        # exon's UTR: the model is cut just after the last 5' UTR gap / before the first 3' UTR gap,
        # so that exon numbering and c. numbering from the CDS stay right (the cut UTR bases read as
        # up/downstream). Any other gap drops the model: its mRNA cannot be placed on the genome.
        label = "uta"
        if gaps:
            g5 = [g for g in gaps if cds and g[1] <= cds[0]]
            g3 = [g for g in gaps if cds and g[0] >= cds[1]]
            if len(g5) + len(g3) != len(gaps):
                dropped.append(f"uta {tx_ac} {build}: gapped alignment inside the CDS (mRNA has bases the genome lacks or vice versa)")
                continue
            if g5:
                cut = max(h for _, h in g5)
                if cut > int(exs[0]["tx_end_i"]):
                    dropped.append(f"uta {tx_ac} {build}: 5' UTR gap beyond exon 1")
                    continue
                segs[0] = [x for x in segs[0] if x[0] >= cut]
                if len(segs[0]) != 1:
                    dropped.append(f"uta {tx_ac} {build}: exon 1 still gapped after the cut")
                    continue
                label += f":5utr_cut_{segs[0][0][0] - t0}nt_at_gap"
            if g3:
                cut = min(lo for lo, _ in g3)
                if cut < int(exs[-1]["tx_start_i"]):
                    dropped.append(f"uta {tx_ac} {build}: 3' UTR gap before the last exon")
                    continue
                segs[-1] = [x for x in segs[-1] if x[1] <= cut]
                if len(segs[-1]) != 1:
                    dropped.append(f"uta {tx_ac} {build}: last exon still gapped after the cut")
                    continue
                label += f":3utr_cut_at_gap"
        if any(len(x) != 1 for x in segs):
            dropped.append(f"uta {tx_ac} {build}: gapped alignment in an inner exon")
            continue
        exons = [(x[0][2], x[0][3]) for x in segs]
        ta, tb = segs[0][0][0], segs[-1][0][1]
        seq = list(full[ta:tb])  # the aligned part (poly-A tails, unaligned ends and cut UTR dropped)
        if len(seq) != tb - ta:
            dropped.append(f"uta {tx_ac} {build}: mRNA shorter than its alignment")
            continue
        # Mismatches (CIGAR X: the mRNA base differs from the genome) are masked as N, so a VCF REF
        # is never checked against an mRNA-only base; a mismatch inside the CDS drops the model.
        if cds and any(cds[0] <= m < cds[1] for m in mism):
            dropped.append(f"uta {tx_ac} {build}: the mRNA differs from the genome inside the CDS")
            continue
        for m in mism:
            if ta <= m < tb:
                seq[m - ta] = "N"
        if cds:
            cds = (cds[0] - ta, cds[1] - ta)
        seq = "".join(seq)
        out[build].append(Tx(exs[0]["gene"], tx_ac, chrom, strand, exons, cds, seq, label))
    return out, dropped, seqs


def cellbase_records(path):
    with gzip.open(path, "rt") as f:
        txt = f.read()
    try:
        d = json.loads(txt)
        return d if isinstance(d, list) else [d]
    except json.JSONDecodeError:
        return [json.loads(x) for x in txt.splitlines() if x.strip()]


def load_cellbase(known37):
    out = {"GRCh37": [], "GRCh38": []}
    files = {"cellbase_genes.GRCh37.variant-annotation.targets.json.gz": "GRCh37",
             "cellbase_genes.GRCh38.hgvs-test.targets.json.gz": "GRCh38",
             "cellbase_genes.GRCh38.variant-annotation.targets.json.gz": "GRCh38",
             "cellbase_genes.transcript-test.targets.json.gz": None}
    notes = []
    for fn, build in files.items():
        for g in cellbase_records(os.path.join(GM, "cellbase", fn)):
            for t in g.get("transcripts", []):
                seq = t.get("cDnaSequence") or ""
                exs = t.get("exons") or []
                if not seq or not exs:
                    continue
                strand = t["strand"]
                exs = sorted(exs, key=lambda e: e["exonNumber"])
                exons = [(e["start"] - 1, e["end"]) for e in exs]
                cds = None
                if t.get("cdnaCodingStart") and t.get("cdnaCodingEnd"):
                    cds = (t["cdnaCodingStart"] - 1, t["cdnaCodingEnd"])
                tid = t["id"] if "." in t["id"] or not t.get("version") else f"{t['id']}.{t['version']}"
                b = build
                if b is None:  # transcript-test: decide by the GRCh37 coordinates of the same gene elsewhere
                    b = "GRCh37" if known37(g["name"], exons) else "GRCh38"
                    notes.append(f"cellbase {fn}: {g['name']} {tid} taken as {b}")
                out[b].append(Tx(g["name"], tid, t["chromosome"], strand, exons, cds, seq, "cellbase"))
    return out, notes


def gtf_attrs(s):
    return dict((m.group(1), m.group(2)) for m in re.finditer(r'(\S+) "([^"]*)"', s))


def load_gtf_models(path, genome_seq, offset, orig_coords=False):
    """GTF exons + CDS + stop_codon rows -> Tx list (GRCh37)."""
    opener = gzip.open if path.endswith(".gz") else open
    txs = {}
    with opener(path, "rt") as f:
        for line in f:
            if line.startswith("#"):
                continue
            c = line.rstrip("\n").split("\t")
            if len(c) < 9 or c[2] not in ("exon", "CDS", "stop_codon"):
                continue
            a = gtf_attrs(c[8])
            tid = a["transcript_id"].split("^")[-1]
            beg, end = int(c[3]) - 1, int(c[4])
            chrom_out, gb, ge = c[0], beg, end
            if orig_coords:
                orig = re.findall(r'orig_coord_info "([^"]*)"', c[8])
                o = orig[0].split(",")
                chrom_out, gb, ge = o[0].replace("chr", ""), int(o[2]) - 1, int(o[3])
                if ge - gb != end - beg:
                    raise SystemExit(f"{path}: orig_coord_info length differs for {tid}")
            t = txs.setdefault(tid, {"gene": a["gene_name"], "strand": c[6], "chrom": chrom_out, "exons": [], "cds": []})
            if c[2] == "exon":
                t["exons"].append((beg, end, gb, ge))
            else:
                t["cds"].append((gb, ge))
    out = []
    for tid, t in txs.items():
        plus = t["strand"] == "+"
        exs = sorted(t["exons"], key=lambda e: e[2], reverse=not plus)
        seq = ""
        for beg, end, _, _ in exs:
            s = genome_seq[beg - offset:end - offset]
            seq += s if plus else revcomp(s)
        exons = [(gb, ge) for _, _, gb, ge in exs]
        cds = None
        if t["cds"]:
            cb, ce = min(b for b, _ in t["cds"]), max(e for _, e in t["cds"])
            tcoord = []
            for g in (cb, ce - 1):
                off = 0
                for b, e in exons:
                    if b <= g < e:
                        tcoord.append(off + (g - b if plus else e - 1 - g))
                        break
                    off += e - b
            if len(tcoord) == 2:
                lo, hi = sorted(tcoord)
                cds = (lo, hi + 1)
                # GTF CDS rows exclude the stop codon; add it when the file has no stop_codon rows.
                if translate(seq[hi + 1:hi + 4]) == "*" and not translate(seq[lo:hi + 1]).endswith("*"):
                    cds = (lo, hi + 4)
        out.append(Tx(t["gene"], tid, t["chrom"], t["strand"], exons, cds, seq, ""))
    return out


def load_vibe_vep():
    out = []
    path = os.path.join(GM, "vibe_vep", "vibe_vep_GRCh38_chr7_EGFR_transcripts.json")
    for t in json.load(open(path)):
        cds_seq = t.get("CDSSequence") or ""
        if not cds_seq:
            continue
        plus = t["Strand"] == 1
        exs = sorted(t["Exons"], key=lambda e: e["Number"])
        cs, ce = t["CDSStart"] - 1, t["CDSEnd"]  # genomic CDS span
        exons = []
        for e in exs:
            b, en = e["Start"] - 1, e["End"]
            if plus and en <= cs:
                continue
            if not plus and b >= ce:
                continue
            if plus:
                b = max(b, cs)
            else:
                en = min(en, ce)
            exons.append((b, en))
        # UTR3Sequence is not always the whole 3'UTR, so the model is cut to the CDS.
        clipped = []
        for b, en in exons:
            b, en = max(b, cs), min(en, ce)
            if b < en:
                clipped.append((b, en))
        out.append(Tx(t["GeneName"], t["ID"], t["Chrom"], "+" if plus else "-", clipped, (0, len(cds_seq)), cds_seq, "vibe_vep:cds_only"))
    return out


def load_braf_serve_uta(uta_seqs):
    """BRAF GRCh37: SERVE CDS exons of ENST00000288602 + UTA NM_004333 CDS bases (CDS-only model)."""
    path = os.path.join(GM, "serve_ensembl37", "ensembl_trans_exon_data.v37.csv")
    rows = [line.rstrip("\n").split(",") for line in open(path)][1:]
    ex = sorted([r for r in rows if r[4] == "ENST00000288602"], key=lambda r: int(r[8]))
    if not ex:
        return None, "no SERVE rows for ENST00000288602"
    cs, ce = int(ex[0][13]) - 1, int(ex[0][14])
    exons = []
    for r in ex:
        b, e = max(int(r[9]) - 1, cs), min(int(r[10]), ce)
        if b < e:
            exons.append((b, e))
    exons.sort(key=lambda x: -x[0])  # minus strand: transcript order = descending
    length = sum(e - b for b, e in exons)
    for name in sorted(uta_seqs):
        if not name.startswith("NM_004333"):
            continue
        hdr = [k for k in UTA_HEADERS if k.split()[0] == name]
        m = re.search(r"cds_start_i=(\d+) cds_end_i=(\d+)", hdr[0]) if hdr else None
        if not m:
            continue
        cds = uta_seqs[name][int(m.group(1)):int(m.group(2))]
        if len(cds) != length:
            continue
        t = Tx("BRAF", "ENST00000288602", "7", "-", exons, (0, length), cds, f"serve_ensembl37+uta:{name}:cds_only")
        return t, None
    return None, "no UTA NM_004333 mRNA with the SERVE CDS length"


UTA_HEADERS = []


# ---------------------------------------------------------------- lifting
def lift_tx(t, lifter, target):
    exons, chrom, strand_flip, chain = [], None, None, None
    for b, e in t.exons:
        h1, h2 = lifter.lift(t.chrom, b + 1), lifter.lift(t.chrom, e)
        if not h1 or not h2:
            return None, f"exon {b + 1}-{e} does not map"
        (c1, p1, s1, id1), (c2, p2, s2, id2) = h1[0], h2[0]
        if c1 != c2 or s1 != s2 or id1 != id2:
            return None, "exon ends map to different chains"
        if chrom is None:
            chrom, strand_flip, chain = c1, s1 == "-", id1
        elif c1 != chrom or (s1 == "-") != strand_flip:
            return None, "exons map to different chromosomes/strands"
        lo, hi = sorted((p1, p2))
        if hi - lo + 1 != e - b:
            return None, f"exon {b + 1}-{e} changes length"
        exons.append((lo - 1, hi))
    strand = t.strand if not strand_flip else ("-" if t.strand == "+" else "+")
    nt = Tx(t.gene, t.id, chrom, strand, exons, t.cds, t.seq, t.source + f":lifted_from_{'GRCh38' if target == 'GRCh37' else 'GRCh37'}", lifted=True)
    return nt, None


def grch38_chunks():
    out = []
    for r in cellbase_records(os.path.join(GM, "cellbase", "cellbase_genome_sequence.GRCh38.chunks.json.gz")):
        if r.get("assembly") == "GRCh38":
            out.append((str(r["sequenceName"]), r["start"] - 1, r["sequence"].upper()))
    return out


def main():
    kb = yaml.safe_load(open(os.path.join(REPO, "knowledgebase", "genes", "genes.yaml")))
    kb_genes = {g["symbol"]: g for g in kb["genes"]}
    log = []
    uta, dropped, uta_seqs = load_uta()
    UTA_HEADERS.extend(read_fasta(os.path.join(GM, "hgvs_uta_cache", "uta_transcript_protein_seqs.fa")).keys())
    log += dropped
    grch37_slice = read_fasta(os.path.join(GM, "refslices", "GRCh37_chr17_41196312-41277500_BRCA1.fa"))
    slice_seq = list(grch37_slice.values())[0].upper()

    def known37(gene, exons):
        # A model is GRCh37 when its exon bases sit at the GRCh37 coordinates of the same gene in the
        # GRCh37 CellBase/UTA models (first exon start equal), else GRCh38.
        for t in uta["GRCh37"]:
            if t.gene == gene and any(e in t.exons for e in exons):
                return True
        return False

    cell, notes = load_cellbase(lambda g, ex: known37(g, ex) or g in CELLBASE_37_GENES(ex))
    log += notes
    models = {"GRCh37": [], "GRCh38": []}
    for b in models:
        models[b] += uta[b] + cell[b]
    # GENCODE v19 PIK3CA with the chr3 slice.
    sl = read_fasta(os.path.join(GM, "dndscv", "GRCh37_chr3_178800000-179300000.fa"))
    chr3 = list(sl.values())[0].upper()
    for t in load_gtf_models(os.path.join(DATA, "transcripts", "gatk_funcotator", "gencode.v19.PIK3CA.gtf"), chr3, 178800000 - 1):
        t.source, t.chrom = "gencode19", t.chrom.replace("chr", "")
        models["GRCh37"].append(t)
    mg = list(read_fasta(os.path.join(GM, "igv_reports", "minigenome.fa")).values())[0].upper()
    for t in load_gtf_models(os.path.join(GM, "igv_reports", "annotations.gtf.gz"), mg, 0, orig_coords=True):
        t.source = "igv_minigenome"
        models["GRCh37"].append(t)
    models["GRCh38"] += load_vibe_vep()
    braf, why = load_braf_serve_uta(uta_seqs)
    if braf:
        models["GRCh37"].append(braf)
    else:
        log.append("BRAF serve+uta: " + why)

    # Check models: translation, and GRCh37 BRCA1 exons against the real GRCh37 slice.
    for b in models:
        kept = []
        for t in models[b]:
            err = t.check()
            if err:
                log.append(f"dropped {b} {t.id} ({t.gene}, {t.source}): {err}")
                continue
            if b == "GRCh37" and t.chrom == "17" and 41196311 <= t.exons[0][0] < 41277500:
                lo = min(x for x, _ in t.exons)
                hi = max(y for _, y in t.exons)
                if lo >= 41196311 and hi <= 41277500:
                    for gb, ge in t.exons:
                        if genomic_bases(t, gb, ge) != slice_seq[gb - 41196311:ge - 41196311]:
                            log.append(f"dropped GRCh37 {t.id}: exon differs from the GRCh37 BRCA1 slice")
                            break
                    else:
                        kept.append(t)
                    continue
            kept.append(t)
        models[b] = kept

    # One model per (build, transcript): first source in SOURCE_ORDER; keep KB genes only.
    def src_rank(t):
        s = t.source.split(":")[0].split("+")[0]
        return SOURCE_ORDER.index(s) if s in SOURCE_ORDER else len(SOURCE_ORDER)

    for b in models:
        best = {}
        for t in sorted(models[b], key=src_rank):
            if t.gene not in kb_genes:
                continue
            best.setdefault(t.id, t)
        models[b] = list(best.values())

    # Lift models present on one build only (by versionless id).
    lifters = {"GRCh38": ChainLifter(os.path.join(DATA, "transcripts", "liftover", "GRCh37_to_GRCh38.chain")),
               "GRCh37": ChainLifter(os.path.join(DATA, "transcripts", "liftover", "GRCh38_to_GRCh37.chain"))}
    chunks = grch38_chunks()
    vibe = {t.base(): t for t in load_vibe_vep()}
    for src, dst in (("GRCh37", "GRCh38"), ("GRCh38", "GRCh37")):
        have = {t.base() for t in models[dst]}
        added = []
        for t in models[src]:
            if t.lifted or t.base() in have:
                continue
            nt, why = lift_tx(t, lifters[dst], dst)
            if not nt:
                log.append(f"not lifted {src}->{dst} {t.id} ({t.gene}): {why}")
                continue
            bad = None
            if dst == "GRCh38":
                for chrom, cb, seq in chunks:
                    if chrom != nt.chrom:
                        continue
                    for gb, ge in nt.exons:
                        lo, hi = max(gb, cb), min(ge, cb + len(seq))
                        if lo < hi and genomic_bases(nt, lo, hi) != seq[lo - cb:hi - cb]:
                            bad = f"differs from the CellBase GRCh38 sequence at {chrom}:{lo + 1}-{hi}"
            if bad:
                log.append(f"dropped lifted {dst} {t.id}: {bad}")
                continue
            added.append(nt)
        models[dst] += added
        log.append(f"lifted {src}->{dst}: {len(added)} transcripts")
    # EGFR check: lifted NM_005228 CDS vs the vibe-vep GRCh38 CDS of ENST00000275493.
    for t in models["GRCh38"]:
        if t.base() == "NM_005228" and "ENST00000275493" in vibe:
            v = vibe["ENST00000275493"]
            same = t.seq[t.cds[0]:t.cds[1]] == v.seq[:v.cds[1]]
            log.append(f"check GRCh38 lifted {t.id} CDS equals vibe-vep ENST00000275493 CDS: {same}")
            if not same:
                models["GRCh38"].remove(t)
            break

    # Flanking genome sequence for the 3' rule, from the real genome slices of each build.
    genome = {"GRCh37": [("17", 41196311, slice_seq), ("3", 178800000 - 1, chr3)], "GRCh38": chunks}
    for b in models:
        for t in models[b]:
            add_flanks(t, genome[b])
        n = sum(1 for t in models[b] if t.flanks)
        log.append(f"{b}: flanking genome sequence for {n} of {len(models[b])} transcripts")

    os.makedirs(OUT, exist_ok=True)
    for b in ("GRCh37", "GRCh38"):
        bi = b
        for t in models[b]:
            g = kb_genes[t.gene]
            pref = g.get("transcripts", {}).get(bi, {})
            ids = {str(x).split(".")[0] for x in pref.values()}
            t.preferred = t.base() in ids
        # No model of this build's choice: the knowledgebase's choice on the other build (same
        # transcript, e.g. BRAF ENST00000288602 lifted to GRCh38, whose CDS is the MANE CDS).
        other = "GRCh37" if b == "GRCh38" else "GRCh38"
        have_pref = {t.gene for t in models[b] if t.preferred}
        for t in models[b]:
            if t.gene not in have_pref:
                ids = {str(x).split(".")[0] for x in kb_genes[t.gene].get("transcripts", {}).get(other, {}).values()}
                if t.base() in ids:
                    t.preferred = True
                    log.append(f"{b} {t.gene}: preferred = {t.id}, the knowledgebase's {other} transcript")
        # at most one preferred per gene: Ensembl id before RefSeq, unlifted first
        seen = set()
        for t in sorted(models[b], key=lambda t: (t.gene, "cds_only" in t.source, t.lifted, not t.id.startswith("ENST"), t.id)):
            if t.preferred:
                if t.gene in seen:
                    t.preferred = False
                seen.add(t.gene)
        ch = {c: i for i, c in enumerate(CHROMS + ["MT"])}
        txs = sorted(models[b], key=lambda t: (ch.get(t.chrom, 99), min(x for x, _ in t.exons), t.gene, t.id))
        body = "".join(t.line() + "\n" for t in txs)
        head = ["##oncomatch-transcript-pack\t2", f"##genome\t{b}",
                f"##content-sha256\t{hashlib.sha256(body.encode()).hexdigest()}",
                "##source\tscripts/build_pack.py from the real models in the project's shared data "
                "(biocommons/hgvs UTA cache, opencb/cellbase, GENCODE v19 via broadinstitute/gatk, "
                "igv-reports minigenome, vibe-vep, hartwigmedical/serve); per-transcript source in column 6",
                "#gene\tid\tchrom\tstrand\tflags\tsource\tcds\texons\tsequence\tflanks"]
        with open(os.path.join(OUT, f"{b}.pack"), "w") as f:
            f.write("\n".join(head) + "\n" + body)
        genes = sorted({t.gene for t in txs})
        prefs = sorted(t.gene for t in txs if t.preferred)
        print(f"{b}: {len(txs)} transcripts, {len(genes)} genes: {' '.join(genes)}")
        print(f"{b}: preferred transcript modelled for: {' '.join(prefs)}")
    for line in log:
        print(line)


def CELLBASE_37_GENES(exons):
    # transcript-test file: BRCA2 exon 1 starts at 32889617 on GRCh37 (32315480 on GRCh38);
    # PALB2 spans 23614488-23652631 on GRCh37 (23603160-23641310 on GRCh38).
    lo = min(b for b, _ in exons)
    return {"BRCA2"} if 32880000 < lo < 32980000 else ({"PALB2"} if 23610000 < lo < 23660000 else set())


if __name__ == "__main__":
    main()
