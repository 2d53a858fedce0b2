#!/usr/bin/env python3
"""Coverage of the NCI approved targeted-therapy list by the curated knowledgebase.

  kb_coverage.py [KB_DIR] [--quiet] [--require-full]
                                        check and print the coverage table (exit 1 on a miss;
                                        with --require-full also on an allowed miss: target 100 %)
  kb_coverage.py --self-test            check that the checker fails when it should

Reads `KB_DIR/drugs/nci_targeted_therapy_approved_drug_list_2025-12.md` (the NCI list, a copy
kept in the repo), the reviewed table `KB_DIR/drugs/nci_biomarker_drugs.tsv` (per drug: is its FDA
label tied to a genomic biomarker, which one, why) and every curated evidence entry below KB_DIR.

Fails (exit 1) when
  - a drug on the NCI list has no row in the table, or the table names a drug the list does not
    (the table must be re-reviewed whenever the list changes);
  - a biomarker-defined drug has no curated, non-retired sensitivity evidence entry whose therapy
    contains every drug of its `kb_therapy`, unless the row gives an `allowed_miss` reason
    (a resistance entry alone does not count: the label is a sensitivity indication);
  - a biomarker-defined drug's `kb_drug` is missing from drugs.yaml;
  - a row gives an `allowed_miss` reason although the drug is covered (a stale excuse: remove it);
  - with --require-full, any allowed miss (coverage below 100 %).
"""
import glob, os, re, sys, tempfile
import yaml

NCI_FILE = "nci_targeted_therapy_approved_drug_list_2025-12.md"
TABLE_FILE = "nci_biomarker_drugs.tsv"
COLUMNS = ["nci_name", "kb_drug", "biomarker_defined", "biomarkers", "kb_therapy", "why", "allowed_miss"]


def norm(name):
    return re.sub(r"\s+", " ", name.replace("\xa0", " ")).strip()


def parse_nci(path):
    """-> {generic name: [cancer-type sections]} in list order. Items look like
    `- [generic (Brand)](/link)`; a few lack the brand or its closing parenthesis."""
    drugs, section = {}, "?"
    for line in open(path, encoding="utf-8"):
        m = re.match(r"^Targeted therap(?:y|ies) approved for (.+?)\s*$", line)
        if m:
            section = m.group(1)
            continue
        m = re.match(r"^- \[([^\]]+)\]", line)
        if m:
            generic = norm(re.split(r"\s*\(", m.group(1), maxsplit=1)[0])
            drugs.setdefault(generic, [])
            if section not in drugs[generic]:
                drugs[generic].append(section)
    if not drugs:
        raise SystemExit(f"{path}: no drug items found (expected lines like '- [name (Brand)](/link)')")
    return drugs


def parse_table(path):
    rows, problems = {}, []
    with open(path, encoding="utf-8") as f:
        lines = [(i + 1, l.rstrip("\n")) for i, l in enumerate(f) if l.strip() and not l.startswith("#")]
    if not lines or lines[0][1].split("\t") != COLUMNS:
        raise SystemExit(f"{path}: the header must be: " + "\t".join(COLUMNS))
    for lineno, line in lines[1:]:
        cells = line.split("\t")
        if len(cells) != len(COLUMNS):
            problems.append(f"{path}:{lineno}: {len(cells)} columns, expected {len(COLUMNS)}")
            continue
        row = dict(zip(COLUMNS, cells))
        row["nci_name"] = norm(row["nci_name"])
        if row["biomarker_defined"] not in ("yes", "no"):
            problems.append(f"{path}:{lineno}: biomarker_defined must be yes or no, not '{row['biomarker_defined']}'")
        if row["biomarker_defined"] == "yes" and not row["kb_therapy"]:
            problems.append(f"{path}:{lineno}: a biomarker-defined drug needs kb_therapy")
        if not row["why"]:
            problems.append(f"{path}:{lineno}: 'why' is empty")
        if row["nci_name"] in rows:
            problems.append(f"{path}:{lineno}: '{row['nci_name']}' appears twice")
        rows[row["nci_name"]] = row
    return rows, problems


def load_kb(kb):
    evidence, drugs = [], set()
    for f in sorted(glob.glob(os.path.join(kb, "**", "*.yaml"), recursive=True)):
        doc = yaml.safe_load(open(f, encoding="utf-8")) or {}
        if not isinstance(doc, dict):
            continue
        for e in doc.get("evidence") or []:
            if e.get("source", "curated") == "curated" and not e.get("retired"):
                evidence.append(e)
        for d in doc.get("drugs") or []:
            drugs.add(d["name"])
    return evidence, drugs


def check(kb, out=sys.stdout, quiet=False, require_full=False):
    """Returns the number of problems (0 = pass) and prints the table."""
    nci = parse_nci(os.path.join(kb, "drugs", NCI_FILE))
    table, problems = parse_table(os.path.join(kb, "drugs", TABLE_FILE))
    evidence, drugs = load_kb(kb)
    for name in nci:
        if name not in table:
            problems.append(f"'{name}' is on the NCI list but not in {TABLE_FILE}: review it and add a row")
    for name in table:
        if name not in nci:
            problems.append(f"'{name}' is in {TABLE_FILE} but not on the NCI list")
    yes = [r for r in table.values() if r["biomarker_defined"] == "yes" and r["nci_name"] in nci]
    covered, allowed, missing = [], [], []
    for r in yes:
        need = {d.strip() for d in r["kb_therapy"].split("+")}
        ids = [e["id"] for e in evidence if need <= set((e.get("therapy") or {}).get("drugs") or [])
               and e.get("direction") == "sensitivity"]
        if r["kb_drug"] not in drugs:
            problems.append(f"'{r['nci_name']}': kb_drug '{r['kb_drug']}' is not in drugs.yaml")
        if ids and r["allowed_miss"]:
            problems.append(f"'{r['nci_name']}' has an allowed_miss reason but is covered by {', '.join(ids)}: remove the reason")
        if ids:
            covered.append((r, ids))
        elif r["allowed_miss"]:
            allowed.append(r)
        else:
            missing.append(r)
            problems.append(f"'{r['nci_name']}' is biomarker-defined ({r['biomarkers']}) but no curated evidence "
                            f"entry has {' + '.join(sorted(need))}; write one or give an allowed_miss reason")
    if not quiet:
        print("| NCI drug | biomarker(s) | curated evidence |", file=out)
        print("| --- | --- | --- |", file=out)
        for r, ids in covered:
            shown = ", ".join(ids[:6]) + (f" (+{len(ids) - 6})" if len(ids) > 6 else "")
            print(f"| {r['nci_name']} | {r['biomarkers']} | {shown} |", file=out)
        for r in allowed:
            print(f"| {r['nci_name']} | {r['biomarkers']} | none (allowed: {r['allowed_miss']}) |", file=out)
        for r in missing:
            print(f"| {r['nci_name']} | {r['biomarkers']} | MISSING |", file=out)
    n_yes = len(yes)
    pct = 100.0 * len(covered) / n_yes if n_yes else 100.0
    print(f"NCI list: {len(nci)} drugs; biomarker-defined: {n_yes}; with a curated evidence entry: "
          f"{len(covered)} ({pct:.1f} %); allowed misses: {len(allowed)}"
          + (" (" + ", ".join(r["nci_name"] for r in allowed) + ")" if allowed else "")
          + f"; missing: {len(missing)}", file=out)
    if require_full:
        for r in allowed:
            problems.append(f"'{r['nci_name']}' is an allowed miss ({r['allowed_miss']}); --require-full wants every "
                            f"biomarker-defined drug covered")
    for p in problems:
        print("error: " + p, file=sys.stderr)
    return len(problems)


def self_test():
    """A drug on the list without a table row, and a biomarker-defined drug without evidence,
    must both fail; adding the row and the entry must pass."""
    with tempfile.TemporaryDirectory() as d:
        os.makedirs(os.path.join(d, "drugs"))
        with open(os.path.join(d, "drugs", NCI_FILE), "w") as f:
            f.write("Targeted therapy approved for lung cancer\n\n- [sotorasib (Lumakras)](/x)\n- [necitumumab (Portrazza)](/y)\n")
        head = "\t".join(COLUMNS) + "\n"
        row_s = "sotorasib\tsotorasib\tyes\tKRAS G12C\tsotorasib\tKRAS G12C NSCLC.\t\n"
        row_n = "necitumumab\tnecitumumab\tno\t\t\tNo biomarker.\t\n"
        tsv = os.path.join(d, "drugs", TABLE_FILE)
        open(tsv, "w").write(head + row_s)
        yaml.safe_dump({"drugs": [{"name": "sotorasib"}]}, open(os.path.join(d, "drugs", "drugs.yaml"), "w"))
        sink = open(os.devnull, "w")
        saved, sys.stderr = sys.stderr, sink
        try:
            fails = []
            if check(d, sink) != 2:          # necitumumab has no row; sotorasib has no evidence
                fails.append("missing row + missing evidence should give 2 problems")
            open(tsv, "w").write(head + row_s + row_n)
            if check(d, sink) != 1:
                fails.append("missing evidence should give 1 problem")
            ev = {"evidence": [{"id": "OMC-9999", "biomarker": "BM-X", "therapy": {"drugs": ["sotorasib"]}, "source": "curated",
                                "direction": "resistance"}]}
            yaml.safe_dump(ev, open(os.path.join(d, "ev.yaml"), "w"))
            if check(d, sink) != 1:
                fails.append("a resistance entry alone must not count")
            ev["evidence"][0]["direction"] = "sensitivity"
            yaml.safe_dump(ev, open(os.path.join(d, "ev.yaml"), "w"))
            if check(d, sink) != 0:
                fails.append("complete table and evidence should pass")
            open(tsv, "w").write(head + row_s.replace("\t\n", "\tno HLA kind\n") + row_n)
            if check(d, sink) != 1:
                fails.append("an allowed_miss reason on a covered drug must fail (stale)")
            open(tsv, "w").write(head + row_s + row_n)
            ev["evidence"][0]["retired"] = True
            yaml.safe_dump(ev, open(os.path.join(d, "ev.yaml"), "w"))
            if check(d, sink) != 1:
                fails.append("a retired entry must not count")
            open(tsv, "w").write(head + row_s.replace("\t\n", "\tno HLA kind\n") + row_n)
            if check(d, sink) != 0:
                fails.append("an allowed miss passes without --require-full")
            if check(d, sink, require_full=True) != 1:
                fails.append("an allowed miss must fail with --require-full")
        finally:
            sys.stderr = saved
    for f in fails:
        print("self-test FAILED: " + f, file=sys.stderr)
    print("kb_coverage self-test: " + ("ok" if not fails else "FAILED"))
    return 1 if fails else 0


def main():
    if "--self-test" in sys.argv:
        return self_test()
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    kb = args[0] if args else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "knowledgebase")
    return 1 if check(kb, quiet="--quiet" in sys.argv, require_full="--require-full" in sys.argv) else 0


if __name__ == "__main__":
    sys.exit(main())
