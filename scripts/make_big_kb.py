#!/usr/bin/env python3
"""Make a large synthetic knowledgebase for start-up measurements.

  make_big_kb.py OUTDIR [--evidence 10000] [--kb knowledgebase] [--seed 1]

Copies the bundled knowledgebase to OUTDIR (which must not exist) and adds
curated/zz_synthetic.yaml with N synthetic but valid evidence entries that reuse the
knowledgebase's own biomarker ids, drugs and OncoTree codes, so that `oncomatch kb validate
OUTDIR` passes. The entries are for timing only: they are not clinical statements.

Measuring start-up (cold = no usable cache, warm = compiled cache hit):
  scripts/make_big_kb.py /tmp/bigkb
  ONCOMATCH_CACHE_DIR=/tmp/omc /usr/bin/time -f %e oncomatch kb validate /tmp/bigkb   # cold, writes the cache
  ONCOMATCH_CACHE_DIR=/tmp/omc /usr/bin/time -f %e oncomatch kb validate /tmp/bigkb   # warm
"""
import argparse
import csv
import glob
import os
import random
import shutil
import sys

import yaml

DIRECTIONS = ["sensitivity", "reduced_sensitivity", "resistance", "no_benefit", "adverse_response"]
LEVELS = ["A", "B", "C", "D", ""]
REQUIRES = [("er_status", "positive"), ("her2_status", "negative"), ("menopausal_status", "post"),
            ("germline_tested", "true"), ("variant_origin", "somatic")]


def q(s):
    """A YAML double-quoted scalar."""
    return '"' + str(s).replace("\\", "\\\\").replace('"', '\\"') + '"'


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("outdir")
    ap.add_argument("--evidence", type=int, default=10000, help="synthetic evidence entries to add (default 10000)")
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--kb", default=os.path.join(here, "..", "knowledgebase"), help="knowledgebase to copy")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()

    if os.path.exists(args.outdir):
        sys.exit(f"make_big_kb.py: {args.outdir} exists; pass a new folder")
    shutil.copytree(args.kb, args.outdir)

    biomarkers, drugs = [], []
    for path in sorted(glob.glob(os.path.join(args.outdir, "**", "*.yaml"), recursive=True)):
        with open(path, encoding="utf-8") as f:
            doc = yaml.safe_load(f) or {}
        if not isinstance(doc, dict):
            continue
        biomarkers += [b["id"] for b in doc.get("biomarkers") or [] if not b.get("retired")]
        drugs += [d["name"] for d in doc.get("drugs") or []]
    with open(os.path.join(args.outdir, "oncotree", "oncotree.tsv"), encoding="utf-8") as f:
        codes = [row["code"] for row in csv.DictReader((l for l in f if not l.startswith("#")), delimiter="\t")
                 if row["code"] and row["code"] != "TISSUE"]
    if not biomarkers or not drugs or not codes:
        sys.exit("make_big_kb.py: the knowledgebase has no biomarkers, drugs or tumour types to reuse")

    rng = random.Random(args.seed)
    out = ["# Synthetic evidence for start-up timing (scripts/make_big_kb.py). NOT clinical content.",
           "evidence:"]
    for i in range(args.evidence):
        n_drugs = rng.choice([1, 1, 1, 2])
        ds = rng.sample(drugs, n_drugs)
        level = rng.choice(LEVELS)
        out.append(f"  - id: SYN-{i + 1:06d}")
        out.append(f"    biomarker: {rng.choice(biomarkers)}")
        out.append(f"    tumor_types: [{', '.join(rng.sample(codes, rng.choice([1, 1, 2, 3])))}]")
        if rng.random() < 0.1:
            out.append(f"    exclude_tumor_types: [{rng.choice(codes)}]")
        out.append(f"    therapy: {{drugs: [{', '.join(ds)}]{', combination: true' if n_drugs > 1 else ''}}}")
        out.append(f"    direction: {rng.choice(DIRECTIONS)}")
        if level:
            out.append(f"    level: {level}")
        else:
            out.append(f"    source_level: {q(rng.choice(['1', '2', '3A', 'R1']))}")
        if rng.random() < 0.15:
            k, v = rng.choice(REQUIRES)
            out.append(f"    requires: {{{k}: {v}}}")
        if level == "A" and rng.random() < 0.5:
            out.append("    approvals:")
            out.append(f"      - {{agency: FDA, year: {rng.randint(2011, 2025)}, indication: {q('synthetic indication ' + str(i))}}}")
        out.append("    citations:")
        out.append(f"      - pmid: {rng.randint(10000000, 39999999)}")
        if rng.random() < 0.3:
            out.append(f"      - label: {q('Synthetic label ' + str(i))}")
        out.append(f"    source: {rng.choice(['curated', 'civic'])}")
        out.append(f"    source_id: {q('S' + str(i))}")
        out.append(f"    summary: {q('Synthetic evidence entry ' + str(i + 1) + ' for start-up timing; it has a sentence of text of typical length to parse.')}")
        out.append(f"    last_reviewed: 20{rng.randint(20, 25)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}")
    path = os.path.join(args.outdir, "curated", "zz_synthetic.yaml")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")
    print(f"{args.outdir}: added {args.evidence} synthetic evidence entries in {os.path.relpath(path, args.outdir)}")


if __name__ == "__main__":
    main()
