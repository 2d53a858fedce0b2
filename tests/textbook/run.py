#!/usr/bin/env python3
"""Textbook cases: what a molecular tumour board expects from one-variant VCFs.

  run.py [--bin build/release/oncomatch] [--kb knowledgebase] [--table] [CASE ...]

For every row of tests/textbook/manifest.tsv: annotate tests/data/textbook/<file> with the bundled
knowledgebase (tumour type and --clinical from the row), read the JSON report and check
  gene/change  the first reported variant is in that gene and its protein change, consequence or
               exon contains `change`;
  top_tier     the best tier of any finding (IA > IB > IIC > IID), or of the variant when there is
               no finding (III), equals it;
  must_have    each `drugs@LEVEL/direction[/TIER]` (drugs joined by +, order free) is a therapy line
               of some finding, with that evidence level, direction and (if given) tier;
  must_not     no therapy line with those drugs and that direction carries a tier.
Exit 1 when any check fails. --table prints a Markdown table of what was found (for the notes).
"""
import argparse, csv, json, os, subprocess, sys, tempfile

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
TIER_RANK = {"IA": 0, "IB": 1, "IIC": 2, "IID": 3, "III": 4, "IV": 5}


def parse_spec(spec):
    """'a+b@A/sensitivity/IA' -> (frozenset drugs, level, direction, tier or None)."""
    drugs, _, rest = spec.partition("@")
    parts = rest.split("/") if rest else []
    level = parts[0] if len(parts) > 0 and parts[0] else None
    direction = parts[1] if len(parts) > 1 else None
    tier = parts[2] if len(parts) > 2 else None
    return frozenset(d.strip() for d in drugs.split("+")), level, direction, tier


def therapies(report):
    for f in report["findings"]:
        for t in f["therapies"]:
            yield f, t


def best(tiers):
    tiers = [t for t in tiers if t]
    return min(tiers, key=lambda t: TIER_RANK.get(t, 9)) if tiers else "none"


def check_case(row, report):
    errors = []
    variants = report["variants"]
    if not variants:
        return ["no variant reported"]
    v = variants[0]
    if v.get("gene") != row["gene"]:
        errors.append(f"gene {v.get('gene')} != {row['gene']}")
    shown = " ".join(str(v.get(k) or "") for k in ("hgvsp_short", "consequence", "exon"))
    if row["change"] and row["change"] not in shown:
        errors.append(f"change '{row['change']}' not in '{shown.strip()}'")
    top = best([f.get("tier") for f in report["findings"]]) if report["findings"] else best([v.get("tier")])
    if row["top_tier"] and top != row["top_tier"]:
        errors.append(f"top tier {top} != {row['top_tier']}")
    for spec in filter(None, row["must_have"].split(";")):
        drugs, level, direction, tier = parse_spec(spec)
        hits = [t for _, t in therapies(report) if frozenset(t["drugs"]) == drugs
                and (level is None or t["evidence_level"] == level)
                and (direction is None or t["direction"] == direction)
                and (tier is None or t.get("tier") == tier)]
        if not hits:
            errors.append(f"missing therapy {spec}")
    for spec in filter(None, row["must_not"].split(";")):
        names, _, direction = spec.partition("@")   # drugs@direction (direction optional)
        drugs, direction = frozenset(d.strip() for d in names.split("+")), direction or None
        bad = [t for _, t in therapies(report) if frozenset(t["drugs"]) == drugs and t.get("tier")
               and (direction is None or t["direction"] == direction)]
        if bad:
            errors.append(f"unexpected tiered therapy {spec} ({bad[0]['tier']}, {bad[0]['evidence']['id']})")
    return errors


def summarise(report):
    v = report["variants"][0] if report["variants"] else {}
    change = v.get("hgvsp_short") or v.get("consequence") or "?"
    lines = []
    for f, t in therapies(report):
        if t.get("tier"):
            lines.append((TIER_RANK.get(t["tier"], 9), f"{'+'.join(t['drugs'])} {t['direction']} {t['evidence_level']}/{t['tier']}"))
    lines = [s for _, s in sorted(lines)]
    shown = "; ".join(lines[:5]) + (f"; +{len(lines) - 5} more" if len(lines) > 5 else "")
    findings = ", ".join(sorted({f["biomarker"]["id"] for f in report["findings"]}))
    top = best([f.get("tier") for f in report["findings"]]) if report["findings"] else best([v.get("tier")])
    return f"{v.get('gene', '?')} {change}", findings or "none", top, shown or "none"


def self_test():
    """check_case must flag each kind of wrong expectation on a small hand-made report."""
    t = {"drugs": ["osimertinib"], "direction": "sensitivity", "evidence_level": "A", "tier": "IA", "evidence": {"id": "OMC-1"}}
    r = {"variants": [{"gene": "EGFR", "hgvsp_short": "L858R", "consequence": "missense_variant", "exon": "21/28", "tier": None}],
         "findings": [{"tier": "IA", "biomarker": {"id": "BM"}, "therapies": [t]}]}
    ok = {"gene": "EGFR", "change": "L858R", "top_tier": "IA", "must_have": "osimertinib@A/sensitivity/IA", "must_not": "erlotinib@sensitivity"}
    bad = [dict(ok, gene="KRAS"), dict(ok, change="T790M"), dict(ok, top_tier="IB"), dict(ok, must_have="osimertinib@B/sensitivity"),
           dict(ok, must_have="osimertinib@A/resistance"), dict(ok, must_have="erlotinib@A/sensitivity"), dict(ok, must_not="osimertinib@sensitivity")]
    fails = [] if not check_case(ok, r) else ["a correct expectation failed: " + "; ".join(check_case(ok, r))]
    fails += [f"not flagged: {b}" for b in bad if not check_case(b, r)]
    for f in fails:
        print("self-test FAILED: " + f, file=sys.stderr)
    print("textbook run.py self-test: " + ("ok" if not fails else "FAILED"))
    return 1 if fails else 0


def main():
    if "--self-test" in sys.argv:
        return self_test()
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(ROOT, "build", "release", "oncomatch"))
    ap.add_argument("--kb", default=os.path.join(ROOT, "knowledgebase"))
    ap.add_argument("--manifest", default=os.path.join(ROOT, "tests", "textbook", "manifest.tsv"))
    ap.add_argument("--table", action="store_true")
    ap.add_argument("cases", nargs="*")
    a = ap.parse_args()
    rows = [r for r in csv.DictReader((l for l in open(a.manifest, encoding="utf-8") if not l.startswith("#")), delimiter="\t")]
    if a.cases:
        rows = [r for r in rows if r["case"] in a.cases]
    if not rows:
        print("no cases", file=sys.stderr)
        return 1
    failed, table = 0, []
    with tempfile.TemporaryDirectory() as tmp:
        for r in rows:
            out = os.path.join(tmp, r["case"])
            cmd = [a.bin, "annotate", os.path.join(ROOT, "tests", "data", "textbook", r["file"]), "--tumor-type", r["tumor_type"],
                   "--kb", a.kb, "--out-dir", out, "--sample-id", "case", "--no-timestamp", "--formats", "json"]
            for kv in filter(None, r["clinical"].split(";")):
                cmd += ["--clinical", kv]
            p = subprocess.run(cmd, capture_output=True, text=True)
            if p.returncode != 0:
                failed += 1
                print(f"FAIL {r['case']}: exit {p.returncode}: {p.stderr.strip()}")
                continue
            report = json.load(open(os.path.join(out, "case.oncomatch.json"), encoding="utf-8"))
            errors = check_case(r, report)
            variant, findings, top, shown = summarise(report)
            table.append((r, variant, findings, top, shown))
            if errors:
                failed += 1
                print(f"FAIL {r['case']}: " + "; ".join(errors))
            else:
                print(f"ok   {r['case']}")
    if a.table:
        print("\n| case | tumour (clinical) | variant | findings | top tier | tiered therapies (best first) |")
        print("| --- | --- | --- | --- | --- | --- |")
        for r, variant, findings, top, shown in table:
            clin = f" ({r['clinical'].replace(';', ', ')})" if r["clinical"] else ""
            print(f"| {r['case']} | {r['tumor_type']}{clin} | {variant} | {findings} | {top} | {shown} |")
    print(f"textbook cases: {len(rows) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
