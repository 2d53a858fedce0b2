#!/usr/bin/python3
"""Builds a 'typical sample' report JSON for the report-rendering benchmark (scripts/bench).

  make_report_bench.py OUT.json A.oncomatch.json [B.oncomatch.json ...] [--findings 10] [--trials 10]

Takes real annotate outputs (the bundled examples) and cycles their findings (with the variants
they rest on) and trials until there are N of each, renumbering ids (F1.., V1.., NCT9xxxxxxx for the
repeated trials) so the result is a valid report JSON that `oncomatch report` renders. Tier III/IV
variants of the first input are kept (up to 20). Deterministic.
"""
import argparse
import copy
import json

ap = argparse.ArgumentParser()
ap.add_argument("out")
ap.add_argument("inputs", nargs="+")
ap.add_argument("--findings", type=int, default=10)
ap.add_argument("--trials", type=int, default=10)
a = ap.parse_args()
reports = [json.load(open(p, encoding="utf-8")) for p in a.inputs]
if not any(r["findings"] for r in reports):
    raise SystemExit("make_report_bench: the inputs have no findings")
variants, findings = [], []
while len(findings) < a.findings:
    for r in reports:
        vmap = {}
        for v in r["variants"]:
            if v["finding_ids"]:
                nv = copy.deepcopy(v)
                nv["id"] = f"V{len(variants) + 1}"
                nv["finding_ids"] = []
                vmap[v["id"]] = nv
                variants.append(nv)
        for f in r["findings"]:
            if len(findings) >= a.findings:
                break
            nf = copy.deepcopy(f)
            nf["id"] = f"F{len(findings) + 1}"
            nf["variant_ids"] = [vmap[x]["id"] for x in f["variant_ids"]]
            for x in f["variant_ids"]:
                vmap[x]["finding_ids"].append(nf["id"])
            findings.append(nf)
variants = [v for v in variants if v["finding_ids"]]
for v in reports[0]["variants"]:
    if v["tier"] and sum(1 for x in variants if x["tier"]) < 20:
        nv = copy.deepcopy(v)
        nv["id"] = f"V{len(variants) + 1}"
        variants.append(nv)
trials, k = [], 0
pool = [t for r in reports for t in r["trials"]]
while pool and len(trials) < a.trials:
    for t in pool:
        if len(trials) >= a.trials:
            break
        nt = copy.deepcopy(t)
        if any(x["nct_id"] == nt["nct_id"] for x in trials):
            k += 1
            nt["nct_id"] = f"NCT9{k:07d}"
        trials.append(nt)
out = copy.deepcopy(reports[0])
out["variants"], out["findings"], out["trials"] = variants, findings, trials
json.dump(out, open(a.out, "w", encoding="utf-8"), indent=2, ensure_ascii=False)
print(f"make_report_bench: {a.out}: {len(findings)} findings, {len(trials)} trials, {len(variants)} variants")
