#!/usr/bin/env python3
"""Write knowledgebase/genes/exons.GRCh37.tsv and exons.GRCh38.tsv: one transcript per gene.

Columns: gene, transcript, chrom, strand, exon, start, end, source. 1-based inclusive, chrom
without `chr`, exons numbered in transcript order, transcript id as the source spells it
(versioned or not; Ensembl ENST or RefSeq NM_). Rows sorted by chromosome (1..22, X, Y, MT),
start, gene. `source` says where the rows come from (values below).

1. GeneFuse (source `genefuse`): transcripts/genefuse/cancer.hg19.csv / cancer.hg38.csv
   (github.com/OpenGene/GeneFuse @aa281c03, MIT): one Ensembl transcript for each of ~330
   cancer (mostly fusion-partner) genes. `>GENE_TRANSCRIPT,chrN:start-end`, then one
   `exon,start,end` line per exon. Strand from exon order (exon 1 highest = `-`); for
   single-exon transcripts from MANE, else the gene is dropped (never written as `.`). A block
   repeated verbatim is written once; a gene with two transcripts keeps the preferred one.
2. Real transcript models under genemodels/ (see its README and ../MANIFEST.tsv), for the
   cancer genes (MSK-IMPACT isoform list + CPSR curated transcripts) that GeneFuse lacks:
     serve_ensembl37  serve_ensembl37/ensembl_trans_exon_data.v37.csv   GRCh37, Ensembl 74/75
     cellbase         cellbase/cellbase_genes.*.json.gz                  GRCh37 and GRCh38
     gencode19_gtf    transcripts/gatk_funcotator/gencode.v19.PIK3CA.gtf GRCh37
     ensembl104_gtf   cdot/ensembl104.GRCh38.BRCA1.gtf                   GRCh38
     vibe_vep         vibe_vep/vibe_vep_GRCh38_chr7_EGFR_transcripts.json GRCh38
     proteinpaint     proteinpaint/genes.hg38.test.genemodels.tsv        GRCh38 (0-based)
     uta              hgvs_uta_cache/uta_tx_exons.tsv                    build from the NC_
                      accession version (table below; 0-based interbase)
     cdot             cdot/cdot-0.2.21.refseq.grch37_grch38.brca1.json   both (0-based start)
   Transcript choice: GRCh38 the MANE Select transcript (MANE.GRCh38.v1.0.summary.txt.gz),
   exact version first; GRCh37 the same transcript (any version), else the MSK isoform
   (vcf2maf isoform_overrides_at_mskcc_grch37.tsv); other isoforms are never used. Among
   sources with the chosen transcript: Ensembl ids before RefSeq, then the order above.
3. Lifted (source `lifted_from_GRCh37` / `lifted_from_GRCh38`): a gene with a model on one
   build only is lifted with the UCSC chain in transcripts/liftover/ (scripts/liftover.py);
   every base of every exon must map, consecutively, to the same chromosome and strand, so
   each exon keeps its length; otherwise the gene is left out on that build.

Prints what was added, lifted and dropped, cross-checks (sources that disagree on one
transcript; lifted model vs the real model where both builds exist) and a table of known
exon positions.

Usage:   scripts/kb_exons.py [DATA_DIR] [OUT_DIR]   (DATA_DIR defaults to /work/shared/data)
"""
import csv
import gzip
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from liftover import ChainLifter  # noqa: E402  (scripts/liftover.py)

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_DATA = "/work/shared/data"
DEFAULT_OUT = os.path.join(REPO, "knowledgebase", "genes")
BUILDS = ("GRCh37", "GRCh38")
GENEFUSE = {"GRCh37": "cancer.hg19.csv", "GRCh38": "cancer.hg38.csv"}
CHROMS = [str(i) for i in range(1, 23)] + ["X", "Y", "MT"]
# RefSeq chromosome accession versions (NC_0000nn.v) per build; 23 = X, 24 = Y.
NC_VERSION = {
    "GRCh37": [10, 11, 11, 11, 9, 11, 13, 10, 11, 10, 9, 11, 10, 8, 9, 9, 10, 9, 9, 10, 8, 10, 10, 9],
    "GRCh38": [11, 12, 12, 12, 10, 12, 14, 11, 12, 11, 10, 12, 11, 9, 10, 10, 11, 10, 10, 11, 9, 11, 11, 10],
}
NC_BUILD = {f"NC_{n:06d}.{v}": (b, CHROMS[n - 1] if n <= 22 else "XY"[n - 23])
            for b, vs in NC_VERSION.items() for n, v in enumerate(vs, 1)}
# Source order = preference among models of the same transcript (after Ensembl-before-RefSeq).
SOURCE_ORDER = ["genefuse", "ensembl104_gtf", "vibe_vep", "serve_ensembl37", "gencode19_gtf", "cellbase",
                "proteinpaint", "cdot", "uta"]


class Model:
    """One transcript model on one build: exons [(number, start, end)] 1-based inclusive."""

    def __init__(self, gene, transcript, chrom, strand, exons, source):
        self.gene, self.transcript, self.chrom, self.strand = gene, transcript, chrom, strand
        self.exons, self.source = sorted(exons), source

    def base(self):
        return self.transcript.split(".")[0]

    def spans(self):
        return [(s, e) for _, s, e in self.exons]


def norm_chrom(c):
    c = str(c).removeprefix("chr")
    return "MT" if c == "M" else c


def check(m):
    """Exons numbered 1..n, in transcript order for the strand, not overlapping."""
    assert m.strand in "+-" and m.chrom in CHROMS, (m.gene, m.source, m.strand, m.chrom)
    assert [n for n, _, _ in m.exons] == list(range(1, len(m.exons) + 1)), (m.gene, m.source)
    spans = m.spans() if m.strand == "+" else m.spans()[::-1]
    assert all(0 < s <= e for s, e in spans), (m.gene, m.source)
    assert all(a[1] < b[0] for a, b in zip(spans, spans[1:])), (m.gene, m.source, "exon order")
    return m


# ---------------------------------------------------------------- GeneFuse

def parse_genefuse(path):
    """Return {(gene, transcript): (chrom, [(exon, start, end), ...])}."""
    blocks, key = {}, None
    with open(path, encoding="ascii") as f:
        for lineno, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            if line.startswith(">"):
                name, region = line[1:].split(",")
                gene, transcript = name.rsplit("_", 1)
                chrom = norm_chrom(region.split(":")[0])
                assert chrom in CHROMS, (path, lineno, chrom)
                key, exons = (gene, transcript), []
                if key in blocks:            # repeated block: must be identical
                    key = (gene, transcript, lineno)
                blocks[key] = (chrom, exons)
            else:
                exon, start, end = (int(x) for x in line.split(","))
                assert 0 < start <= end, (path, lineno)
                exons.append((exon, start, end))
    for key in [k for k in blocks if len(k) == 3]:
        assert blocks.pop(key) == blocks[key[:2]], f"{path}: differing repeat of {key[:2]}"
    return blocks


def genefuse_models(path, mane, notes):
    """GeneFuse blocks as Models; strand from exon order, else MANE; else the gene is dropped."""
    models = []
    for (gene, transcript), (chrom, exons) in parse_genefuse(path).items():
        starts = [s for _, s, _ in exons]
        if len(exons) == 1:
            strand = mane["by_enst"].get(transcript.split(".")[0], {}).get("strand")
            if strand is None:
                notes.append(f"{gene} {transcript}: single exon, no MANE strand -> dropped")
                continue
        elif starts == sorted(starts):
            strand = "+"
        elif starts == sorted(starts, reverse=True):
            strand = "-"
        else:
            raise AssertionError((gene, "exons out of order"))
        models.append(check(Model(gene, transcript, chrom, strand, exons, "genefuse")))
    return models


# ---------------------------------------------------------------- transcript choice

def read_mane(path):
    by_sym, by_enst = {}, {}
    with gzip.open(path, "rt", encoding="utf-8") as f:
        head = f.readline().lstrip("#").rstrip("\n").split("\t")
        for line in f:
            r = dict(zip(head, line.rstrip("\n").split("\t")))
            if r["MANE_status"] != "MANE Select":
                continue
            m = {"symbol": r["symbol"], "ensembl": r["Ensembl_nuc"], "refseq": r["RefSeq_nuc"],
                 "strand": r["chr_strand"], "chrom": norm_chrom(r["GRCh38_chr"]),
                 "start": int(r["chr_start"]), "end": int(r["chr_end"])}
            by_sym[r["symbol"]] = m
            by_enst[r["Ensembl_nuc"].split(".")[0]] = m
    return {"by_sym": by_sym, "by_enst": by_enst}


def read_msk(path):
    msk = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.startswith("#") and line.strip():
                enst, sym, refseq = line.rstrip("\n").split("\t")[:3]
                msk[sym] = {"ensembl": enst, "refseq": refseq}
    return msk


def cancer_genes(data, msk):
    """MSK-IMPACT isoform list + CPSR curated transcripts: the genes we add models for."""
    with open(os.path.join(data, "transcripts", "cpsr_curated_transcripts.tsv"), encoding="utf-8") as f:
        cpsr = {r["symbol"] for r in csv.DictReader(f, delimiter="\t")}
    return set(msk) | cpsr


def rank(m, build, mane, msk):
    """Sort key for a candidate model, or None when it is not a preferred transcript."""
    want = mane["by_sym"].get(m.gene)
    ids = {x.split(".")[0] for x in (want["ensembl"], want["refseq"])} if want else set()
    if want and m.transcript in (want["ensembl"], want["refseq"]):
        tier = 0                                      # exact MANE version
    elif m.base() in ids:
        tier = 1                                      # MANE transcript, other version
    elif m.gene in msk and m.base() in {x.split(".")[0] for x in msk[m.gene].values()}:
        tier = 2                                      # MSK isoform
    else:
        return None
    if build == "GRCh37" and tier == 0:
        tier = 1                                      # versions are per build: no preference
    return (tier, not m.transcript.startswith("ENST"), SOURCE_ORDER.index(m.source))


# ---------------------------------------------------------------- genemodels readers

def read_serve(gm):
    d = os.path.join(gm, "serve_ensembl37")
    with open(os.path.join(d, "ensembl_gene_data.v37.csv"), encoding="utf-8") as f:
        genes = {r["GeneId"]: r for r in csv.DictReader(f)}
    tx = {}
    with open(os.path.join(d, "ensembl_trans_exon_data.v37.csv"), encoding="utf-8") as f:
        for r in csv.DictReader(f):
            g = genes[r["GeneId"]]
            t = tx.setdefault(r["TransName"], (g["GeneName"], g["Chromosome"], r["Strand"], []))
            t[3].append((int(r["ExonRank"]), int(r["ExonStart"]), int(r["ExonEnd"])))
    return [("GRCh37", Model(g, t, c, "+" if s == "1" else "-", ex, "serve_ensembl37"))
            for t, (g, c, s, ex) in tx.items()]


def read_cellbase(gm):
    out = []
    for name, build in [("cellbase_genes.GRCh37.variant-annotation.targets.json.gz", "GRCh37"),
                        ("cellbase_genes.transcript-test.targets.json.gz", "GRCh37"),
                        ("cellbase_genes.GRCh38.variant-annotation.targets.json.gz", "GRCh38"),
                        ("cellbase_genes.GRCh38.hgvs-test.targets.json.gz", "GRCh38")]:
        with gzip.open(os.path.join(gm, "cellbase", name), "rt", encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    continue
                g = json.loads(line)
                for t in g["transcripts"]:
                    exons = [(e["exonNumber"], e["start"], e["end"]) for e in t["exons"]]
                    out.append((build, Model(g["name"], t["id"], norm_chrom(g["chromosome"]),
                                             g["strand"], exons, "cellbase")))
    return out


def gtf_attrs(text):
    return dict(re.findall(r'(\w+) "?([^";]*)"?;', text))


def read_gtf(path, build, source):
    tx = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            col = line.rstrip("\n").split("\t")
            if line.startswith("#") or len(col) < 9 or col[2] != "exon":
                continue
            a = gtf_attrs(col[8])
            tid = a["transcript_id"] + ("." + a["transcript_version"] if "transcript_version" in a else "")
            t = tx.setdefault(tid, (a["gene_name"], norm_chrom(col[0]), col[6], []))
            t[3].append((int(a["exon_number"]), int(col[3]), int(col[4])))
    return [(build, Model(g, t, c, s, ex, source)) for t, (g, c, s, ex) in tx.items()]


def read_vibe_vep(gm):
    with open(os.path.join(gm, "vibe_vep", "vibe_vep_GRCh38_chr7_EGFR_transcripts.json"), encoding="utf-8") as f:
        return [("GRCh38", Model(t["GeneName"], t["ID"], norm_chrom(t["Chrom"]),
                                 "+" if t["Strand"] == 1 else "-",
                                 [(e["Number"], e["Start"], e["End"]) for e in t["Exons"]], "vibe_vep"))
                for t in json.load(f)]


def read_proteinpaint(gm):
    out = []
    with open(os.path.join(gm, "proteinpaint", "genes.hg38.test.genemodels.tsv"), encoding="utf-8") as f:
        f.readline()                                 # comment line
        for r in csv.DictReader(f, delimiter="\t"):
            j = json.loads(r["genemodel_json"])      # exons in transcript order, 0-based half-open
            exons = [(i, s + 1, e) for i, (s, e) in enumerate(j["exon"], 1)]
            out.append(("GRCh38", Model(j["name"], j["isoform"], norm_chrom(j["chr"]), j["strand"],
                                        exons, "proteinpaint")))
    return out


def read_uta(gm):
    tx = {}
    with open(os.path.join(gm, "hgvs_uta_cache", "uta_tx_exons.tsv"), encoding="utf-8") as f:
        f.readline()                                 # comment line
        for r in csv.DictReader(f, delimiter="\t"):
            if r["alt_ac"] not in NC_BUILD:           # CHM1/Celera and MT alignments
                continue
            build, chrom = NC_BUILD[r["alt_ac"]]
            assert (build, chrom) == (r["assembly"], r["chrom"]), r
            t = tx.setdefault((build, r["tx_ac"], chrom), (r["gene"], chrom, "+" if r["alt_strand"] == "1" else "-", []))
            t[3].append((int(r["exon_ord"]) + 1, int(r["alt_start_i"]) + 1, int(r["alt_end_i"])))
    return [(b, Model(g, t, c, s, ex, "uta")) for (b, t, _), (g, c, s, ex) in tx.items()]


def read_cdot(gm):
    with open(os.path.join(gm, "cdot", "cdot-0.2.21.refseq.grch37_grch38.brca1.json"), encoding="utf-8") as f:
        d = json.load(f)
    out = []
    for tid, t in d["transcripts"].items():
        for build, v in t["genome_builds"].items():
            b, chrom = NC_BUILD[v["contig"]]
            assert b == build, (tid, build, v["contig"])
            exons = [(n + 1, s + 1, e) for s, e, n, *_ in v["exons"]]
            out.append((build, Model(t["gene_name"], tid, chrom, v["strand"], exons, "cdot")))
    return out


def genemodel_candidates(data):
    gm = os.path.join(data, "genemodels")
    found = (read_serve(gm) + read_cellbase(gm)
             + read_gtf(os.path.join(data, "transcripts", "gatk_funcotator", "gencode.v19.PIK3CA.gtf"),
                        "GRCh37", "gencode19_gtf")
             + read_gtf(os.path.join(gm, "cdot", "ensembl104.GRCh38.BRCA1.gtf"), "GRCh38", "ensembl104_gtf")
             + read_vibe_vep(gm) + read_proteinpaint(gm) + read_uta(gm) + read_cdot(gm))
    return [(b, check(m)) for b, m in found]


# ---------------------------------------------------------------- lifting

def lift_model(m, lifter, to_build):
    """Lift every exon base; None (with a reason) unless each exon maps contiguously."""
    exons, chroms = [], set()
    for n, s, e in m.exons:
        hits = [lifter.lift(m.chrom, p) for p in range(s, e + 1)]
        if not all(hits):
            return None, f"exon {n} ({m.chrom}:{s}-{e}) partly unmapped"
        first = [h[0] for h in hits]
        if {h[2] for h in first} != {"+"}:
            return None, f"exon {n} maps to the reverse strand"
        chroms |= {h[0] for h in first}
        pos = [h[1] for h in first]
        if pos != list(range(pos[0], pos[0] + len(pos))):
            return None, f"exon {n} does not map contiguously"
        exons.append((n, pos[0], pos[-1]))
    if len(chroms) != 1:
        return None, f"exons map to chromosomes {sorted(chroms)}"
    lifted = Model(m.gene, m.transcript, chroms.pop(), m.strand, exons,
                   "lifted_from_" + ("GRCh38" if to_build == "GRCh37" else "GRCh37"))
    try:
        return check(lifted), ""
    except AssertionError as err:
        return None, f"lifted exons out of order: {err}"


# ---------------------------------------------------------------- output and checks

def compare(a, b):
    """'' when two models have the same exons; else a short description of the difference."""
    if a.spans() == b.spans():
        return ""
    if len(a.exons) == len(b.exons) and a.spans()[1:-1] == b.spans()[1:-1]:
        return "outer ends of the first/last exon only (UTR, other transcript version)"
    diff = sorted(set(a.spans()) ^ set(b.spans()))
    return f"{len(a.exons)} vs {len(b.exons)} exons, {len(diff)} differing exon spans, e.g. {diff[:2]}"


def write_table(path, models):
    rows = [(m.gene, m.transcript, m.chrom, m.strand, n, s, e, m.source)
            for m in models for n, s, e in m.exons]
    rows.sort(key=lambda r: (CHROMS.index(r[2]), r[5], r[0], r[1]))
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("gene\ttranscript\tchrom\tstrand\texon\tstart\tend\tsource\n")
        for r in rows:
            f.write("\t".join(map(str, r)) + "\n")
    return len(rows)


KEY_GENES = """EGFR KRAS BRAF TP53 PIK3CA KIT PDGFRA MET ERBB2 IDH1 IDH2 NRAS HRAS BRCA1 BRCA2 PTEN
    ESR1 AKT1 MAP2K1 FLT3 APC ATM PALB2 POLE MLH1 MSH2 MSH6 PMS2 EZH2 CDKN2A STK11 SMAD4 KEAP1
    CHEK2 RAD51C RAD51D BRIP1 CDK12 FGFR2 FGFR4 MTOR TSC1 TSC2 NF2 VHL RB1 ERBB3 ERBB4 MAP2K2
    RAF1 SF3B1 U2AF1 NPM1 DNMT3A TET2 ASXL1 JAK2 ALK ROS1 RET NTRK1 NTRK2 NTRK3 FGFR1 FGFR3""".split()

KNOWN = [  # (label, build, gene, chrom, pos, expected exon, expected exon count, strand, transcript)
    ("EGFR exon 19 start", "GRCh37", "EGFR", "7", 55242415, 19, 28, "+", "ENST00000275493"),
    ("EGFR exon 19 end", "GRCh37", "EGFR", "7", 55242513, 19, 28, "+", "ENST00000275493"),
    ("EGFR L858R", "GRCh37", "EGFR", "7", 55259515, 21, 28, "+", "ENST00000275493"),
    ("EGFR L858R", "GRCh38", "EGFR", "7", 55191822, 21, 28, "+", "ENST00000275493"),
    ("BRAF V600E", "GRCh37", "BRAF", "7", 140453136, 15, 18, "-", None),
    ("BRAF V600E", "GRCh38", "BRAF", "7", 140753336, 15, 18, "-", None),
    ("KRAS G12", "GRCh37", "KRAS", "12", 25398284, 2, 5, "-", "ENST00000311936"),
    ("KRAS G12", "GRCh38", "KRAS", "12", 25245350, 2, 5, "-", "ENST00000311936"),
    ("PIK3CA H1047R", "GRCh37", "PIK3CA", "3", 178952085, 21, 21, "+", "ENST00000263967"),
    ("PIK3CA H1047R", "GRCh38", "PIK3CA", "3", 179234297, 21, 21, "+", "ENST00000263967"),
    ("PIK3CA E545K", "GRCh37", "PIK3CA", "3", 178936091, 10, 21, "+", "ENST00000263967"),
    ("PIK3CA E545K", "GRCh38", "PIK3CA", "3", 179218303, 10, 21, "+", "ENST00000263967"),
    ("AKT1 E17K", "GRCh37", "AKT1", "14", 105246551, 4, 15, "-", "ENST00000649815"),
    ("AKT1 E17K", "GRCh38", "AKT1", "14", 104780214, 4, 15, "-", "ENST00000649815"),
    ("KIT D816V", "GRCh37", "KIT", "4", 55599321, 17, 21, "+", "ENST00000288135"),
    ("KIT D816V", "GRCh38", "KIT", "4", 54733155, 17, 21, "+", "ENST00000288135"),
    ("BRCA1 structure", "GRCh37", "BRCA1", "17", None, None, 23, "-", "ENST00000357654"),
    ("BRCA1 structure", "GRCh38", "BRCA1", "17", None, None, 23, "-", "ENST00000357654"),
    ("BRCA2 structure", "GRCh37", "BRCA2", "13", None, None, 27, "+", "ENST00000380152"),
    ("BRCA2 structure", "GRCh38", "BRCA2", "13", None, None, 27, "+", "ENST00000380152"),
    ("TP53 structure", "GRCh37", "TP53", "17", None, None, 11, "-", "ENST00000269305"),
    ("TP53 structure", "GRCh38", "TP53", "17", None, None, 11, "-", "ENST00000269305"),
    ("MET exon 14", "GRCh37", "MET", "7", None, 14, None, "+", "ENST00000397752"),
    ("MET exon 14", "GRCh38", "MET", "7", None, 14, None, "+", "ENST00000397752"),
]


def check_table(final):
    print("\nknown-facts check:")
    print("  result  build   gene    what            transcript (source)              strand exons  exon@pos")
    for label, build, gene, chrom, pos, want_exon, want_n, want_strand, want_tx in KNOWN:
        m = final[build].get(gene)
        if m is None:
            print(f"  MISSING {build} {gene:7} {label}")
            continue
        got = [n for n, s, e in m.exons if pos and s <= pos <= e]
        ok = (m.chrom == chrom and m.strand == want_strand
              and (want_n is None or len(m.exons) == want_n)
              and (want_tx is None or m.base() == want_tx)
              and (pos is None or got == [want_exon])
              and (want_exon is None or want_exon <= len(m.exons)))
        where = (f"{chrom}:{pos} in exon {got[0] if got else 'none'}" if pos else
                 (f"exon {want_exon} = {m.chrom}:{m.exons[want_exon - 1][1]}-{m.exons[want_exon - 1][2]}"
                  if want_exon else ""))
        print(f"  {'ok' if ok else 'FAIL':6}  {build}  {gene:7} {label:15} {m.transcript + ' (' + m.source + ')':32} "
              f"{m.strand}      {len(m.exons):<5}  {where}")


def main():
    data = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_DATA
    out_dir = sys.argv[2] if len(sys.argv) > 2 else DEFAULT_OUT
    os.makedirs(out_dir, exist_ok=True)
    mane = read_mane(os.path.join(data, "transcripts", "MANE.GRCh38.v1.0.summary.txt.gz"))
    msk = read_msk(os.path.join(data, "transcripts", "vcf2maf", "isoform_overrides_at_mskcc_grch37.tsv"))
    wanted = cancer_genes(data, msk)
    notes = []

    # 1. GeneFuse, one transcript per gene (the preferred one when GeneFuse has two).
    final = {}
    for build in BUILDS:
        by_gene = {}
        for m in genefuse_models(os.path.join(data, "transcripts", "genefuse", GENEFUSE[build]), mane, notes):
            by_gene.setdefault(m.gene, []).append(m)
        final[build] = {}
        for gene, ms in by_gene.items():
            if len(ms) > 1:
                ms.sort(key=lambda m: (rank(m, build, mane, msk) or (9,), m.transcript))
                notes.append(f"{build} {gene}: GeneFuse has {[m.transcript for m in ms]}; kept {ms[0].transcript}")
            final[build][gene] = ms[0]
    genefuse_genes = set(final["GRCh37"]) | set(final["GRCh38"])

    # 2. Genemodels: the preferred transcript of each cancer gene GeneFuse lacks.
    candidates = {}
    for build, m in genemodel_candidates(data):
        r = rank(m, build, mane, msk)
        if r is not None and m.gene in wanted:
            candidates.setdefault((build, m.gene), []).append((r, m))
    added = {b: [] for b in BUILDS}
    for (build, gene), cs in sorted(candidates.items()):
        cs.sort(key=lambda x: (x[0], x[1].transcript))
        best = cs[0][1]
        # Cross-check: other sources' models of the same transcript (any version).
        for _, other in cs[1:]:
            if other.base() == best.base() and compare(best, other):
                notes.append(f"{build} {gene}: {best.transcript} ({best.source}) vs {other.transcript} "
                             f"({other.source}): {compare(best, other)}")
        if gene in genefuse_genes:
            g = final[build].get(gene)
            if g and g.base() == best.base() and compare(g, best):
                notes.append(f"{build} {gene}: GeneFuse {g.transcript} vs {best.transcript} ({best.source}): "
                             f"{compare(g, best)}")
            continue
        want = mane["by_sym"].get(gene)
        if want and want["strand"] != best.strand:
            notes.append(f"{build} {gene}: {best.source} strand {best.strand} != MANE {want['strand']} -> dropped")
            continue
        final[build][gene] = best
        added[build].append(gene)

    # 3. Lift genes present on one build only.
    lifted = {b: [] for b in BUILDS}
    lifters = {(src, dst): ChainLifter(os.path.join(data, "transcripts", "liftover", f"{src}_to_{dst}.chain"))
               for src, dst in (("GRCh37", "GRCh38"), ("GRCh38", "GRCh37"))}
    for src, dst in lifters:
        for gene in sorted(set(final[src]) - set(final[dst])):
            m, why = lift_model(final[src][gene], lifters[(src, dst)], dst)
            if m is None:
                notes.append(f"{gene}: not lifted {src} -> {dst}: {why}")
                continue
            final[dst][gene] = m
            lifted[dst].append(gene)

    # Lifter check: lift each real GRCh37 model that has a real GRCh38 model of the same transcript.
    lo = lifters[("GRCh37", "GRCh38")]
    same = bad = 0
    for gene, m37 in sorted(final["GRCh37"].items()):
        m38 = final["GRCh38"].get(gene)
        if not m38 or m38.base() != m37.base() or m37.source.startswith("lifted") or m38.source.startswith("lifted"):
            continue
        m, why = lift_model(m37, lo, "GRCh38")
        what = why or compare(m, m38)
        if not what or what.startswith("outer ends"):  # UTR ends move between versions
            same += 1
        else:
            bad += 1
            notes.append(f"lift check {gene}: GRCh37 {m37.transcript} ({m37.source}) lifted vs GRCh38 "
                         f"{m38.transcript} ({m38.source}): {what}")
    print(f"lift check: {same} genes whose real GRCh37 model lifts onto the real GRCh38 model "
          f"(internal exons identical), {bad} not")

    for build in BUILDS:
        out = os.path.join(out_dir, f"exons.{build}.tsv")
        n = write_table(out, final[build].values())
        print(f"{out}: {n} exons, {len(final[build])} genes")
        print(f"  added from genemodels ({len(added[build])}): "
              + ", ".join(f"{g} {final[build][g].transcript} [{final[build][g].source}]" for g in added[build]))
        print(f"  lifted ({len(lifted[build])}): "
              + ", ".join(f"{g} {final[build][g].transcript}" for g in lifted[build]))
    # GRCh38 models of the MANE transcript against the MANE summary (chrom, strand, chr_start..chr_end).
    exact = near = 0
    for gene, m in sorted(final["GRCh38"].items()):
        w = mane["by_sym"].get(gene) or mane["by_enst"].get(m.base())
        if not w or m.base() not in {w["ensembl"].split(".")[0], w["refseq"].split(".")[0]}:
            continue
        lo, hi = min(s for _, s, _ in m.exons), max(e for _, _, e in m.exons)
        if (m.chrom, m.strand) != (w["chrom"], w["strand"]) or hi < w["start"] or lo > w["end"]:
            notes.append(f"GRCh38 {gene} {m.transcript} ({m.source}) at {m.chrom}:{lo}-{hi} {m.strand} "
                         f"but MANE {w['ensembl']} at {w['chrom']}:{w['start']}-{w['end']} {w['strand']}")
        elif (lo, hi) == (w["start"], w["end"]):
            exact += 1
        else:
            near += 1
    print(f"MANE check (GRCh38 models of the MANE transcript): {exact} span exactly as in MANE, {near} overlap "
          "it with other UTR ends (older transcript version), other cases listed in the notes")
    missing = [g for g in KEY_GENES if not all(g in final[b] for b in BUILDS)]
    print(f"key actionable genes still without a model: {len(missing)} of {len(KEY_GENES)}: {' '.join(missing)}")
    print("notes:")
    for n in notes:
        print("  " + n)
    check_table(final)


if __name__ == "__main__":
    main()
