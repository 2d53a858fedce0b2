#!/usr/bin/env python3
"""Map Disease Ontology ids (DOID) to OncoTree codes: knowledgebase/oncotree/doid_to_oncotree.tsv.

Sources: OncoTree 2025-10-03 (cBioPortal/oncotree, CC BY 4.0; its externalReferences.UMLS
         gives the UMLS CUIs of each code); the PCGR phenotype table
         (sigven/pcgr pcgrr/inst/extdata/oncotree_phenotypes.tsv.gz, commit 8cca3c0c, MIT;
         links UMLS CUIs to DOIDs and EFO ids); CIViC ClinicalEvidenceSummaries 2026-05
         (CC0), used only to measure coverage and to choose which DOIDs to map by hand.
Produces: doid_to_oncotree.tsv with columns doid (DOID:nnnn), oncotree_code, disease_name,
         method: `umls_cui` (DOID -> CUI -> OncoTree code), `name` (the DOID's name equals an
         OncoTree name, ignoring case) or `manual` (the MANUAL table below, our own choice;
         it overrides the others). One row per DOID, sorted by DOID number.
         Prints coverage of CIViC evidence items and distinct DOIDs.

Usage:   scripts/kb_doid_map.py [DATA_DIR] [OUT_TSV]   (DATA_DIR defaults to /work/shared/data)
"""
import collections
import csv
import gzip
import json
import os
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_DATA = "/work/shared/data"
DEFAULT_OUT = os.path.join(REPO, "knowledgebase", "oncotree", "doid_to_oncotree.tsv")

# Frequent CIViC DOIDs without a CUI/name match, mapped by hand to the closest OncoTree
# code (generic terms go to the nearest ancestor that is still correct).
# Also resolves CUI matches that hit more than one code. DOID number -> code.
MANUAL = {
    # CUI matches that hit several codes: the one the DOID means
    "0080188": "CMML", "7132": "SCBC", "0080902": "SCBC", "3016": "MPT", "5636": "CEAS",
    "5303": "CECC", "2871": "UCEC", "4907": "SIC", "4944": "GEJ", "5511": "ODYS",
    "8923": "SKCM", "6898": "OSMCA", "7235": "MCN",
    # generic terms and hereditary syndromes
    "162": "_ALL_",          # "Cancer": CIViC uses it for solid AND haematological items
                             # (BCR::ABL1, FLT3, NPM1::ALK, pharmacogenes), so not _SOLID_
    "2531": "_LIQUID_",      # hematologic cancer
    "1240": "_LIQUID_",      # leukemia
    "14175": "_SOLID_",      # von Hippel-Lindau disease: germline predisposition; its tumours
                             # (ccRCC, haemangioblastoma, phaeochromocytoma, PanNET) are solid
    # organ-level cancers -> the tissue node; "carcinoma" terms -> the carcinoma code
    "1612": "BREAST", "3459": "BRCA", "0060079": "BRCA", "0060075": "BRCA",
    "0060080": "BRCA", "0060081": "BRCA", "4922": "JSCB",
    "9256": "COADREAD", "219": "COAD", "1993": "READ",
    "1324": "LUNG", "3905": "LUNG", "4926": "LUAD",
    "2394": "OVARY", "4001": "OVT", "0050933": "SOC", "0050934": "CCOV", "7651": "SCCO",
    "10283": "PROSTATE", "10286": "PRAD", "0080909": "PRAD",
    "1793": "PANCREAS", "4905": "PANCREAS", "3498": "PAAD", "3587": "PAAD",
    "1380": "UCEC", "363": "UTERUS", "4362": "CERVIX",
    "5517": "EGC", "10534": "EGC",  # gastric cancer: EGC keeps diffuse/signet-ring and GEJ
    "1107": "STOMACH",              # esophageal carcinoma: ESCC and ESCA meet at STOMACH
    "4007": "BLADDER", "11054": "BLADDER", "2671": "BLADDER",  # urothelial: BLCA + UTUC
    "1781": "THYROID", "3963": "THYROID", "11934": "HEAD_NECK", "8850": "SACA",
    "8557": "OPHSC", "0081293": "MUCC", "0080808": "HNMASC",
    "4450": "RCC", "4451": "RCC", "0081413": "TRCC", "4880": "CCSK", "4773": "KIDNEY",
    "4607": "BILIARY_TRACT", "0050892": "PHC", "7474": "PLMESO",
    # sarcoma and bone
    "1115": "SOFT_TISSUE",   # sarcoma, NOS: soft tissue (bone sarcomas are under BONE)
    "4235": "SOFT_TISSUE",   # spindle cell sarcoma (NTRK/RAF-fusion spindle cell neoplasms)
    "0080894": "SOFT_TISSUE",  # lipofibromatosis-like neural tumour
    "8418": "IFS", "3368": "ES", "0080190": "EHAE", "0060098": "BONE",
    "0081406": "RCSNOS", "0081402": "RCSNOS", "0081250": "RCSNOS", "5151": "NFIB",
    # CNS
    "3070": "DIFG", "0060108": "BRAIN", "3073": "GB", "3181": "ODG",
    "0080684": "DMG", "0080829": "LGGNOS",
    "0080830": "ENCG",       # childhood LGG: mostly pilocytic (KIAA1549::BRAF); ENCG holds
                             # PAST and LGGNOS
    "6812": "PAST", "0081252": "EPM", "0081253": "EPM", "7788": "EPM",
    "0081315": "EMBT", "0080906": "EMBT", "0081286": "ETANTR", "0080904": "ASTB",
    "3869": "MBL",
    # myeloid
    "8552": "CML", "4971": "PMF", "0080164": "MLNER",
    "0060318": "APLPMLRARA", "0081081": "APLPMLRARA", "0081095": "AMLCEBPA",
    "0081093": "AMLRUNX1RUNX1T1", "0081094": "AMLRGA", "0081096": "AMLRBM15MKL1",
    "0081089": "AMLNPM1", "0081084": "AMLCBFBMYH11", "0081080": "AMLDEKNUP214",
    "0080976": "AMLBCRABL1",
    # lymphoid. ALL = BLL + TLL, whose only common ancestor (LNM) also holds all lymphomas;
    # CIViC's ALL items are B-lineage (BCR::ABL1, IKZF1, DUX4), so BLL.
    "9952": "BLL", "0080144": "BLL", "0080146": "BLL", "0060592": "BLL",
    "0080650": "BLLBCRABL1L", "0080649": "BLLTCF3PBX1", "0080645": "BLLETV6RUNX1",
    "0080643": "BLLBCRABL1", "0080648": "BLLIL3IGH", "0081412": "BLL", "0081411": "BLL",
    "715": "TLL", "1040": "CLLSLL", "0050745": "DLBCLNOS", "0080996": "ABC",
    # rarer, but unambiguous
    "6354": "CLLSLL", "0080638": "BLL", "5176": "WT", "5041": "STOMACH", "2893": "CERVIX",
    "1520": "COAD", "3039": "COAD", "3029": "MACR", "0050939": "UCEC", "6482": "LUAD",
    "3458": "BRCA", "1542": "HEAD_NECK", "0080182": "FLC",
    # wrong CUI hits in the sources: myeloid neoplasm -> PCM, lymphoma -> MLYM (a brain code)
    "0070004": "MNM", "0060058": "LNM",
}
# CUI hits dropped: Cowden syndrome (6457) -> LDD is one of its tumours, not the syndrome.
DROP = {"6457"}
# Left unmapped on purpose: mesothelioma NOS (1790), mucosal melanoma (0050929), mixed germ
# cell cancer (3306), heavy chain disease (0060125), neuroendocrine tumour NOS (169):
# their tumours sit under different tissues; Peutz-Jeghers syndrome (3852) and tuberous
# sclerosis (13515): syndromes.


def load_oncotree(path):
    with open(path, encoding="utf-8") as f:
        root = json.load(f)["TISSUE"]
    nodes, stack = {}, [root]
    while stack:
        n = stack.pop()
        nodes[n["code"]] = n
        stack.extend(n["children"].values())
    return nodes


def main():
    data = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_DATA
    out = sys.argv[2] if len(sys.argv) > 2 else DEFAULT_OUT
    nodes = load_oncotree(os.path.join(data, "oncotree", "oncotree_2025_10_03.json"))
    cui2code = collections.defaultdict(set)
    name2code = {}  # lower-cased name -> codes (only unique names are used)
    for code, n in nodes.items():
        refs = n["externalReferences"] if isinstance(n["externalReferences"], dict) else {}
        for cui in refs.get("UMLS", []):
            cui2code[cui].add(code)
        name2code.setdefault(n["name"].lower(), []).append(code)

    # DOID -> candidate codes through UMLS CUI
    doid_name, by_cui = {}, collections.defaultdict(set)
    with gzip.open(os.path.join(data, "oncotree", "pcgr_oncotree_phenotypes.tsv.gz"), "rt") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            if r["do_id"] == "NA":
                continue
            doid_name.setdefault(r["do_id"], r["do_name"])
            by_cui[r["do_id"]] |= cui2code.get(r["cui"], set())

    # CIViC usage: DOID -> (evidence count, disease name)
    civic_n, civic_name = collections.Counter(), {}
    with open(os.path.join(data, "civic", "civic_ClinicalEvidenceSummaries_2026-05.tsv"),
              encoding="utf-8") as f:
        civic_rows = list(csv.DictReader(f, delimiter="\t"))
    for r in civic_rows:
        if r["doid"]:
            doid = "DOID:" + r["doid"]
            civic_n[doid] += 1
            civic_name.setdefault(doid, r["disease"])
            doid_name.setdefault(doid, r["disease"])

    def ancestors(code):
        out = set()
        while nodes[code]["parent"]:
            code = nodes[code]["parent"]
            out.add(code)
        return out

    def pick(doid, codes):
        """One code for a DOID: the only one; else the one named like the DOID; else the one
        that is an ancestor of all the others; else None (unresolved). Printed for review."""
        if len(codes) == 1:
            return next(iter(codes))
        named = [c for c in codes if nodes[c]["name"].lower() == doid_name[doid].lower()]
        top = [c for c in codes if all(o == c or c in ancestors(o) for o in codes)]
        best = (named or top or [None])[0] if len(named) <= 1 else None
        if doid[5:] not in MANUAL:
            print(f"  ambiguous {doid} {doid_name[doid]!r}: {sorted(codes)} -> {best}")
        return best

    table = {}
    for doid, codes in by_cui.items():
        code = pick(doid, codes) if codes else None
        if code:
            table[doid] = (code, "umls_cui")
    for doid, name in doid_name.items():
        if doid not in table and len(name2code.get(name.lower(), [])) == 1:
            table[doid] = (name2code[name.lower()][0], "name")
    auto = dict(table)
    for num, code in MANUAL.items():
        assert code in nodes or code in ("_SOLID_", "_LIQUID_", "_ALL_"), code
        doid = "DOID:" + num
        if doid in auto and auto[doid][0] != code:
            print(f"  manual overrides {doid} {doid_name[doid]!r}: {auto[doid][0]} -> {code}")
        table[doid] = (code, "manual")
    for num in DROP:
        table.pop("DOID:" + num, None)

    rows = sorted(table.items(), key=lambda kv: int(kv[0][5:]))
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        f.write("doid\toncotree_code\tdisease_name\tmethod\n")
        for doid, (code, method) in rows:
            f.write(f"{doid}\t{code}\t{doid_name[doid]}\t{method}\n")
    print(f"{out}: {len(rows)} DOIDs "
          + ", ".join(f"{m} {n}" for m, n in collections.Counter(m for _, m in table.values()).items()))

    # coverage of CIViC evidence
    total = len(civic_rows)
    with_doid = sum(civic_n.values())
    mapped = sum(n for d, n in civic_n.items() if d in table)
    print(f"CIViC 2026-05: {total} evidence items, {with_doid} with a DOID, "
          f"{len(civic_n)} distinct DOIDs")
    for label, t in (("without the manual table", auto),
                     ("with it", table)):
        items = sum(n for d, n in civic_n.items() if d in t)
        dist = sum(1 for d in civic_n if d in t)
        print(f"  {label}: {items}/{with_doid} items ({100 * items / with_doid:.1f}%), "
              f"{dist}/{len(civic_n)} DOIDs ({100 * dist / len(civic_n):.1f}%)")
    print(f"  items without any DOID: {total - with_doid}")
    unmapped = [(n, d) for d, n in civic_n.items() if d not in table]
    print("  most frequent unmapped DOIDs:")
    for n, d in sorted(unmapped, reverse=True)[:int(os.environ.get("SHOW", "15"))]:
        print(f"    {n:4d} {d} {civic_name[d]}")
    assert mapped <= with_doid


if __name__ == "__main__":
    main()
