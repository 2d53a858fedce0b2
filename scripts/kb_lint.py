#!/usr/bin/env python3
"""Quick consistency lint for the curated knowledgebase (a subset of `oncomatch kb validate`).

  kb_lint.py [KB_DIR] [--oncotree /work/shared/data/oncotree/oncotree_2025_10_03.json]

Checks: YAML parses; IDs unique; evidence biomarkers and rule references exist; every drug
in evidence is in drugs.yaml; tumour codes exist in OncoTree (or _SOLID_/_LIQUID_/_ALL_);
protein/codon biomarkers carry alleles for both builds; counts level-A biomarker-therapy pairs.
"""
import collections, glob, json, os, sys
import yaml

SPECIAL = {"_SOLID_", "_LIQUID_", "_ALL_"}
RULE_KEYS = {"allele", "protein", "codon", "exon", "gene_class", "fusion", "copy_number", "signature", "hla", "expression", "all", "any", "not"}
BM_KEYS = {"id", "label", "gene", "rule", "alleles", "origin", "retired"}
EV_KEYS = {"id", "biomarker", "tumor_types", "exclude_tumor_types", "therapy", "direction", "level", "source_level",
           "requires", "approvals", "citations", "source", "source_id", "summary", "last_reviewed", "review", "retired"}
REQ = {"er_status", "pr_status", "hr_status", "her2_status", "menopausal_status", "prior_therapy", "prior_therapy_class",
       "variant_origin", "germline_tested"}


def oncotree_codes(path):
    d = json.load(open(path))
    codes = set()
    def walk(n):
        if isinstance(n, dict):
            if "code" in n:
                codes.add(n["code"])
            for v in n.values():
                walk(v)
        elif isinstance(n, list):
            for v in n:
                walk(v)
    walk(d)
    return codes


def refs(rule):
    if isinstance(rule, str):
        yield rule
    elif isinstance(rule, list):
        for r in rule:
            yield from refs(r)
    elif isinstance(rule, dict):
        for k in ("all", "any", "not"):
            if k in rule:
                yield from refs(rule[k])


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    kb = args[0] if args else os.path.join(os.path.dirname(__file__), "..", "knowledgebase")
    ot = "/work/shared/data/oncotree/oncotree_2025_10_03.json"
    if "--oncotree" in sys.argv:
        ot = sys.argv[sys.argv.index("--oncotree") + 1]
    codes = oncotree_codes(ot)
    errs = []
    bms, evs, drugs = {}, {}, {}
    for f in sorted(glob.glob(os.path.join(kb, "**", "*.yaml"), recursive=True)):
        # The imported CIViC layer is generated (oncomatch kb import civic) and checked by
        # `oncomatch kb validate`; this lint is for the hand-written files.
        if os.path.relpath(f, kb).split(os.sep)[0] == "civic":
            continue
        doc = yaml.safe_load(open(f)) or {}
        for b in doc.get("biomarkers", []) or []:
            if b["id"] in bms: errs.append(f"{f}: duplicate biomarker {b['id']}")
            bms[b["id"]] = (f, b)
            for k in b:
                if k not in BM_KEYS: errs.append(f"{f}: {b['id']}: unknown key {k}")
            if len(set(b["rule"]) & RULE_KEYS) != 1 or set(b["rule"]) - RULE_KEYS:
                errs.append(f"{f}: {b['id']}: rule must have exactly one kind: {list(b['rule'])}")
        for e in doc.get("evidence", []) or []:
            if e["id"] in evs: errs.append(f"{f}: duplicate evidence {e['id']}")
            evs[e["id"]] = (f, e)
            for k in e:
                if k not in EV_KEYS: errs.append(f"{f}: {e['id']}: unknown key {k}")
            for k in (e.get("requires") or {}):
                if k not in REQ: errs.append(f"{f}: {e['id']}: unknown requires key {k}")
        for d in doc.get("drugs", []) or []:
            if d["name"] in drugs: errs.append(f"{f}: duplicate drug {d['name']}")
            drugs[d["name"]] = d
    for bid, (f, b) in bms.items():
        for r in refs(b["rule"]):
            if r not in bms: errs.append(f"{f}: {bid}: unknown biomarker reference {r}")
        if "protein" in b["rule"] or "codon" in b["rule"]:
            al = b.get("alleles") or {}
            if not al.get("GRCh37") or not al.get("GRCh38"):
                errs.append(f"{f}: {bid}: hotspot biomarker without alleles for both builds")
    pairs = set()
    lv, dr = collections.Counter(), collections.Counter()
    for eid, (f, e) in evs.items():
        if e["biomarker"] not in bms: errs.append(f"{f}: {eid}: unknown biomarker {e['biomarker']}")
        for d in e["therapy"]["drugs"]:
            if d not in drugs: errs.append(f"{f}: {eid}: drug {d} not in drugs.yaml")
        for t in (e.get("tumor_types") or []) + (e.get("exclude_tumor_types") or []):
            if t not in codes and t not in SPECIAL: errs.append(f"{f}: {eid}: unknown tumour code {t}")
        # A label for a hereditary syndrome or a germline variant only must say so, or the
        # interpreter offers it for somatic calls and extends it off-label (README: variant origin).
        text = " ".join(a.get("indication", "") for a in e.get("approvals") or []).lower()
        germline_only = (("germline" in text and "somatic" not in text) or
                         any(w in text for w in ("neurofibromatosis", "tuberous sclerosis", "von hippel-lindau")))
        origin = (e.get("requires") or {}).get("variant_origin") or bms.get(e["biomarker"], (None, {}))[1].get("origin")
        if germline_only and origin != "germline":
            errs.append(f"{f}: {eid}: the approval is for germline variants or a hereditary syndrome: add requires: {{variant_origin: germline}}")
        lv[e["level"]] += 1; dr[e["direction"]] += 1
        if e["level"] == "A":
            pairs.add((e["biomarker"], " + ".join(e["therapy"]["drugs"])))
    kinds = collections.Counter(next(iter(set(b["rule"]) & RULE_KEYS)) for _, b in bms.values())
    print("biomarkers:", len(bms), dict(kinds))
    print("evidence:", len(evs), "levels", dict(sorted(lv.items())), "directions", dict(dr))
    print("drugs:", len(drugs), "with zh:", sum(1 for d in drugs.values() if (d.get("names") or {}).get("zh")))
    print("distinct level-A biomarker-therapy pairs:", len(pairs))
    if len(pairs) < 25: errs.append("fewer than 25 level-A biomarker-therapy pairs")
    for e in errs: print("ERROR", e)
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main())
