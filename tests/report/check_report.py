#!/usr/bin/python3
"""Checks a rendered clinician report (PDF, and optionally HTML) against its report JSON.

  check_report.py REPORT.json REPORT.pdf --lang en|zh [--html REPORT.html] [--expect TEXT ...]
                  [--expect-page1 TEXT ...] [--no-date] [--no-findings]

What is checked (each failure is printed; exit 1 if any):
- text (pdftotext): section titles in the report language and in order; page 1 carries the sample
  id, tumour type, every actionable therapy (drug names as rendered in the language), its evidence
  level, the top trial NCT ids and the not-assessed targets; the detail pages carry every finding's
  evidence ids, every trial NCT id with its status_as_of date, every tier III/IV variant's gene;
  every page has the sample id, the report date (unless --no-date) and "page X of Y";
- Chinese: the tumour type's Chinese name, Chinese drug names where the JSON has them, and the QC
  line counting untranslated texts;
- pixels (pdftoppm, PPM parsed here): page 1 is not blank, and on every page nothing is drawn
  within 10 mm of the paper edge;
- HTML: self-contained (no <script>, no external src/href), same key strings.
"""
import argparse
import json
import re
import subprocess
import sys

SECTIONS = {
    "en": ["Actionable findings", "Resistance warnings", "Matched clinical trials", "Not assessed by this test",
           "Findings in detail", "Clinical trials", "Variants of unknown significance in knowledgebase genes",
           "Quality control and what was not assessed", "Genes tested", "Tiers and evidence levels",
           "Methods and limitations", "References", "Sign-off"],
    "zh": ["具有临床意义的变异", "耐药提示", "匹配的临床试验", "本检测未能评估的项目", "变异详细解读", "临床试验",
           "知识库基因中意义未明的变异", "质控与未评估项目", "检测基因", "变异分级与证据等级", "检测方法与局限性",
           "参考文献", "审核签发"],
}
# With no actionable finding the gene list moves to page 1, right after "not assessed".
PAGE1_RESISTANCE = 3  # Page1Budget::resistance at level 0 (a large report may show fewer, saying how many more)
# Page-1 "and N more" sentences (i18n.cpp), as regular expressions with the count(s) as groups.
MORE_ALTERATIONS = {"en": r"and (\d+) more actionable alteration", "zh": r"另有 (\d+) 项可用药变异"}
MORE_RESISTANCE = {"en": r"and (\d+) more resistance warning", "zh": r"另有 (\d+) 条耐药提示"}
NA_COUNT = {"en": r"[:：] \d+ biomarker\(s\)", "zh": r"[:：] ?\d+ 项"}
TRIALS_TOP = {"en": r"(\d+) trial\(s\) matched; the first (\d+) are listed here", "zh": r"共匹配 (\d+) 项临床试验；此处列出前 (\d+) 项"}
NO_FINDINGS_ORDER = [0, 1, 2, 3, 8, 4, 5, 6, 7, 9, 10, 11, 12]
NO_FINDINGS = {"en": "No actionable finding was detected in the genes tested.", "zh": "在检测的基因中未发现具有临床意义的变异。"}
LEVEL = {"en": "level {}", "zh": "{} 级证据"}
PAGE = {"en": "page {} of {}", "zh": "第 {} 页，共 {} 页"}
RESIST = {"en": ("resistance", "reduced_sensitivity", "no_benefit", "adverse_response")}

errors = []


def fail(msg):
    errors.append(msg)


def norm(s):
    return re.sub(r"\s+", " ", s)


def pdftotext(pdf, first=None, last=None):
    cmd = ["pdftotext", "-enc", "UTF-8"]
    if first:
        cmd += ["-f", str(first), "-l", str(last or first)]
    return subprocess.run(cmd + [pdf, "-"], check=True, capture_output=True).stdout.decode("utf-8")


def page_count(pdf):
    out = subprocess.run(["pdfinfo", pdf], check=True, capture_output=True).stdout.decode()
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))


def read_ppm(data):
    # P6 (colour) or P5 (grey), maxval 255
    m = re.match(rb"(P[56])\s+(?:#.*\s+)*(\d+)\s+(\d+)\s+(\d+)\s", data)
    magic, w, h = m.group(1), int(m.group(2)), int(m.group(3))
    px = data[m.end():]
    return w, h, (3 if magic == b"P6" else 1), px


def check_pixels(pdf, pages, dpi=40, margin_mm=10):
    for p in range(1, pages + 1):
        data = subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-f", str(p), "-l", str(p), pdf],
                              check=True, capture_output=True).stdout
        w, h, ch, px = read_ppm(data)
        m = int(round(margin_mm / 25.4 * dpi))
        ink = 0
        outside = 0
        for y in range(h):
            row = px[y * w * ch:(y + 1) * w * ch]
            for x in range(0, w):
                if row[x * ch] < 245:
                    ink += 1
                    if x < m or x >= w - m or y < m or y >= h - m:
                        outside += 1
        if outside:
            fail(f"page {p}: {outside} non-white pixel(s) within {margin_mm} mm of the paper edge")
        if p == 1 and ink < 0.02 * w * h:
            fail(f"page 1 looks blank ({ink} inked pixels of {w * h})")


def drugs_text(t, lang):
    names = []
    for i, d in enumerate(t["drugs"]):
        zh = t["drugs_zh"][i] if i < len(t["drugs_zh"]) else None
        names.append(zh if lang == "zh" and zh else d)
    return " + ".join(names)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("json")
    ap.add_argument("pdf")
    ap.add_argument("--lang", default="en")
    ap.add_argument("--html")
    ap.add_argument("--expect", nargs="*", default=[])
    ap.add_argument("--expect-page1", nargs="*", default=[])
    ap.add_argument("--no-date", action="store_true")
    ap.add_argument("--no-findings", action="store_true")
    ap.add_argument("--date")
    a = ap.parse_args()
    rep = json.load(open(a.json, encoding="utf-8"))
    lang = a.lang
    pages = page_count(a.pdf)
    full = norm(pdftotext(a.pdf))
    page1 = norm(pdftotext(a.pdf, 1))
    nospace = full.replace(" ", "")

    # Sections present and in order.
    pos = -1
    order = [SECTIONS[lang][i] for i in NO_FINDINGS_ORDER] if a.no_findings else SECTIONS[lang]
    for s in order:
        i = full.find(s, pos + 1)
        if i < 0:
            fail(f"section '{s}' missing or out of order")
        else:
            pos = i

    # Page 1 is the answer: every summary heading is on page 1 itself (pdftotext -f 1 -l 1), in order.
    pos = -1
    for s in SECTIONS[lang][:4]:
        i = page1.find(s, pos + 1)
        if i < 0:
            fail(f"page 1 lacks the summary '{s}'")
        else:
            pos = i
    p1 = []  # each heading searched after the previous one (the counts line above them names the same words)
    for s in SECTIONS[lang][:4]:
        p1.append(page1.find(s, p1[-1] + 1 if p1 and p1[-1] >= 0 else 0))
    p1.append(len(page1))
    p1_sec = [page1[p1[k]:p1[k + 1]] if p1[k] >= 0 and p1[k + 1] >= p1[k] else "" for k in range(4)]

    sid = rep["sample"]["id"]
    tt = rep["sample"]["tumor_type"]
    for s in [sid, tt["code"]] + a.expect_page1:
        if s not in page1:
            fail(f"page 1 lacks '{s}'")
    if lang == "zh" and tt.get("name_zh"):
        if tt["name_zh"] not in page1:
            fail(f"page 1 lacks the Chinese tumour type name '{tt['name_zh']}'")
    elif tt.get("name") and norm(tt["name"]) not in page1:
        fail(f"page 1 lacks the tumour type name '{tt['name']}'")

    # Actionable therapies on page 1 (at most 5 per alteration are listed there; the rest in details).
    actionable = [(f, t) for f in rep["findings"] for t in f["therapies"]
                  if t["direction"] == "sensitivity" and t["tier"] and t["offered"] and not t["excluded_tumor_type"]]
    if a.no_findings:
        if actionable:
            fail("--no-findings given but the JSON has actionable therapies")
        if NO_FINDINGS[lang] not in page1:
            fail(f"page 1 lacks '{NO_FINDINGS[lang]}'")
        genes = rep["knowledgebase"]["genes"]
        # The gene list follows "not assessed" directly; with a long not-assessed list it starts
        # after page 1, but it is always there in full.
        if SECTIONS[lang][8] not in full or any(g not in full for g in genes):
            fail("a report with no finding does not list every gene tested")
    elif not actionable:
        fail("expected actionable findings in this report")
    # The strongest therapy of every alteration listed on page 1 is there with its level; a page 1
    # that cannot hold every alteration lists the strongest and says how many more there are.
    best = {}
    for f, t in actionable:
        key = ",".join(f["variant_ids"]) or f["biomarker"]["id"]
        order = ["IA", "IB", "IIC", "IID"].index(t["tier"])
        if key not in best or order < best[key][0]:
            best[key] = (order, t)
    listed = list(best.values())
    m = re.search(MORE_ALTERATIONS[lang], page1)
    if m:
        more = int(m.group(1))
        if not 0 < more < len(best):
            fail(f"page 1 says {more} more alterations, the report has {len(best)}")
        listed = sorted(listed, key=lambda x: x[0])[:1]  # the strongest is always shown
    for _, t in listed:
        d = drugs_text(t, lang)
        if d.replace(" ", "") not in page1.replace(" ", ""):
            fail(f"page 1 lacks the therapy '{d}'")
        if LEVEL[lang].format(t["evidence_level"]) not in page1:
            fail(f"page 1 lacks '{LEVEL[lang].format(t['evidence_level'])}'")
    # Every therapy, evidence id and citation appears in the details.
    for f in rep["findings"]:
        for t in f["therapies"]:
            if t["evidence"]["id"] not in full:
                fail(f"evidence id {t['evidence']['id']} missing")
            if drugs_text(t, lang).replace(" ", "") not in nospace:
                fail(f"therapy '{drugs_text(t, lang)}' missing")
            for c in t["citations"]:
                if c["type"] == "pmid" and ("PMID " + c["value"]) not in full:
                    fail(f"PMID {c['value']} missing from the references")
    # Resistance warnings: page 1, in the resistance section (between its title and the trials title).
    res = [t for f in rep["findings"] for t in f["therapies"]
           if t["direction"] in RESIST["en"] and (t["applies_to_tumor_type"] or t["tier"]) and not t["excluded_tumor_type"]]
    # The section starts on page 1 (it may continue on page 2 when page 1 is full).
    a0 = page1.find(SECTIONS[lang][0])
    if page1.find(SECTIONS[lang][1], max(a0, 0)) < 0:
        fail("the resistance section does not start on page 1")
    a0 = full.find(SECTIONS[lang][0])
    r0 = full.find(SECTIONS[lang][1], max(a0, 0))  # the heading, not the counts line above it
    r1 = full.find(SECTIONS[lang][2], max(r0, 0))
    # Page 1 lists the strongest warnings (up to PAGE1_RESISTANCE) and says how many more there are;
    # every warning is in the findings in detail.
    section = full[r0:r1].replace(" ", "").replace("\n", "") if r0 >= 0 and r1 >= 0 else ""
    in_section = sum(1 for t in res if drugs_text(t, lang).replace(" ", "") in section)
    m = re.search(MORE_RESISTANCE[lang], p1_sec[1])
    shown = len(res) - int(m.group(1)) if m else len(res)
    if res and not 1 <= shown <= PAGE1_RESISTANCE:
        fail(f"page 1 lists {shown} of {len(res)} resistance warnings")
    if in_section < min(len(res), shown):
        fail(f"resistance section lists {in_section} of the first {shown} warnings")
    if res and not any(drugs_text(t, lang).replace(" ", "") in p1_sec[1].replace(" ", "") for t in res):
        fail("page 1's resistance summary names no warned drug")
    # Trials summary on page 1: the first K trials (all, or "the first K are listed here").
    m = re.search(TRIALS_TOP[lang], p1_sec[2])
    k = int(m.group(2)) if m else len(rep["trials"])
    if m and (int(m.group(1)) != len(rep["trials"]) or not 1 <= k < len(rep["trials"])):
        fail(f"page 1 trials line '{m.group(0)}' does not match {len(rep['trials'])} trials")
    for tr in rep["trials"][:k]:
        if tr["nct_id"] not in p1_sec[2]:
            fail(f"page 1's trials summary lacks {tr['nct_id']}")
    # Not assessed on page 1: the first target named there (the QC section lists every one).
    if rep["not_assessed"]:
        label = re.sub(r" \([A-Z]+-[^ ]*\)$", "", rep["not_assessed"][0]["target"])
        # The tightest page-1 budget gives each reason with a count instead of the names.
        counted = re.search(NA_COUNT[lang], p1_sec[3])
        if norm(label).replace(" ", "") not in p1_sec[3].replace(" ", "") and not counted:
            fail(f"page 1's not-assessed summary lacks '{label}' (or a count per reason)")
    for t in res:
        if drugs_text(t, lang).replace(" ", "") not in re.sub(r"\s+", "", full):
            fail(f"resistance to '{drugs_text(t, lang)}' missing from the report")
    # Trials: all in the trials section with their status date (page 1's summary is checked above).
    for i, tr in enumerate(rep["trials"]):
        if tr["nct_id"] not in full or tr["status_as_of"] not in full:
            fail(f"trial {tr['nct_id']} or its status date {tr['status_as_of']} missing")
    # Not assessed targets on page 1 (labels without the biomarker id).
    for na in rep["not_assessed"]:
        label = re.sub(r" \([A-Z]+-[^ ]*\)$", "", na["target"])
        if norm(label).replace(" ", "") not in page1.replace(" ", "") and norm(label).replace(" ", "") not in nospace:
            fail(f"not-assessed target '{label}' missing")
    # Tier III/IV variants listed.
    for v in rep["variants"]:
        if v["tier"] and v["gene"] and v["gene"] not in full:
            fail(f"tier {v['tier']} variant in {v['gene']} missing")
    # Genes tested.
    for g in rep["knowledgebase"]["genes"][:5] + rep["knowledgebase"]["genes"][-5:]:
        if g not in full:
            fail(f"tested gene {g} missing from the gene list")
    data_dates = set(re.findall(r"\b(?:19|20)\d\d-\d\d-\d\d\b", json.dumps(rep, ensure_ascii=False)))
    # Footer on every page.
    for p in range(1, pages + 1):
        t = norm(pdftotext(a.pdf, p))
        if PAGE[lang].format(p, pages) not in t:
            fail(f"page {p} lacks '{PAGE[lang].format(p, pages)}'")
        if sid not in t:
            fail(f"page {p} lacks the sample id")
        if a.date and a.date not in t:
            fail(f"page {p} lacks the report date {a.date}")
        # --no-timestamp: no date on any page but the data's own (trial status dates, source versions).
        if a.no_date:
            stray = set(re.findall(r"\b(?:19|20)\d\d-\d\d-\d\d\b", t)) - data_dates
            if stray:
                fail(f"page {p} shows the date(s) {sorted(stray)} although the report has none (--no-timestamp)")
    # Chinese specifics.
    if lang == "zh":
        for f in rep["findings"]:
            for t in f["therapies"]:
                for z in t["drugs_zh"]:
                    # Chinese has no spaces: a name may wrap inside a narrow table cell ("依维莫\n司").
                    if z and z not in re.sub(r"\s+", "", full):
                        fail(f"Chinese drug name {z} missing")
        if "报告语言：中文" not in full:
            fail("QC section lacks the report-language line")
        m = re.search(r"(\d+) 项数据文本暂无中文", full)
        untranslated = [d for f in rep["findings"] for t in f["therapies"] for d, z in zip(t["drugs"], t["drugs_zh"]) if not z]
        if untranslated and not m:
            fail("QC section does not count the untranslated texts")
        for d in set(untranslated):
            if d not in full.split("暂无中文名称")[-1]:
                fail(f"untranslated drug '{d}' not named in the QC section")
    for s in a.expect:
        if norm(s) not in full:
            fail(f"report lacks '{s}'")

    check_pixels(a.pdf, pages)

    if a.html:
        h = open(a.html, encoding="utf-8").read()
        if re.search(r"<script", h, re.I):
            fail("HTML contains a script")
        if re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", h, re.I):
            fail("HTML refers to an external resource")
        if "<style>" not in h:
            fail("HTML has no inline style")
        text = norm(re.sub(r"<[^>]+>", " ", h)).replace("&amp;", "&")
        for s in SECTIONS[lang] + [sid] + [tr["nct_id"] for tr in rep["trials"]]:
            if s not in text:
                fail(f"HTML lacks '{s}'")

    name = a.pdf.split("/")[-1]
    if errors:
        for e in errors:
            print(f"  {name}: {e}")
        return 1
    print(f"  {name}: ok ({pages} pages)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
