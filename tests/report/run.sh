#!/usr/bin/env bash
# Clinician report tests: renders the example reports (T001-BRCA, T001-COAD; bundled knowledgebase,
# --clinical context) in English and Chinese through `annotate --formats pdf,html` and through
# `report` (re-rendered from the JSON alone), plus a sample with no finding, then checks each with
# tests/report/check_report.py (pdftotext sections/strings, pdftoppm margins, HTML self-contained).
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${ONCOMATCH_BIN:-$ROOT/build/release/oncomatch}
PY=/usr/bin/python3
CHECK="$PY $ROOT/tests/report/check_report.py"
KB=$ROOT/knowledgebase
LAB=$ROOT/tests/data/report/lab.yaml
export ONCOMATCH_CACHE_DIR=${ONCOMATCH_CACHE_DIR:-$(mktemp -d)}
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
for t in pdftotext pdftoppm pdfinfo; do command -v $t >/dev/null || { echo "report tests: $t missing (poppler-utils)"; exit 1; }; done
fail=0
run() { "$@" 2>"$W/err" || { echo "FAIL: $*"; cat "$W/err"; fail=1; return 1; }; }
check() { $CHECK "$@" || fail=1; }
TODAY=$(date -u +%F)

echo "== T001-BRCA (GRCh38), annotate --formats json,pdf,html --lab-config, English"
run "$BIN" annotate "$ROOT/examples/T001-BRCA.grch38.vcf.gz" --genome GRCh38 --tumor-type BRCA --sample-id T001-BRCA --kb "$KB" \
  --out-dir "$W/brca" --formats json,pdf,html --lab-config "$LAB" \
  --clinical er_status=positive --clinical her2_status=negative --clinical country=CN --clinical sex=female --clinical age=52
J=$W/brca/T001-BRCA.oncomatch.json
check "$J" "$W/brca/T001-BRCA.oncomatch.pdf" --lang en --html "$W/brca/T001-BRCA.oncomatch.html" --date "$TODAY" \
  --expect-page1 "PIK3CA H1047R" "Invasive Breast Carcinoma" "ER: positive" "Regional Molecular Pathology Laboratory" \
  --expect "Dr Li Example" "Molecular pathologist" "ISO 15189" "OMC-0500" "PMID 31091374" "Report language: English."

echo "== T001-BRCA, report --lang zh (from the JSON alone, no knowledgebase)"
run env ONCOMATCH_KB=/nonexistent "$BIN" report "$J" -o "$W/brca/zh.pdf" --lang zh --lab-config "$LAB"
run env ONCOMATCH_KB=/nonexistent "$BIN" report "$J" -o "$W/brca/zh.html" --lang zh
check "$J" "$W/brca/zh.pdf" --lang zh --html "$W/brca/zh.html" --date "${TODAY}" \
  --expect-page1 "PIK3CA H1047R" "浸润性乳腺癌" "肿瘤体细胞基因变异检测报告" "ER: 阳性" "拉帕替尼" "区域分子病理实验室（示例）" \
  --expect "IA 级：该肿瘤类型中获批的疗法或指南推荐" "A 级证据" "暂无中文名称" "capivasertib" "哌柏西利"

echo "== T001-BRCA, report --lang en reproduces annotate's PDF text"
run "$BIN" report "$J" -o "$W/brca/again.pdf" --lab-config "$LAB"
if ! cmp -s <(pdftotext "$W/brca/T001-BRCA.oncomatch.pdf" -) <(pdftotext "$W/brca/again.pdf" -); then
  echo "FAIL: 'report' re-render differs from annotate's PDF"; fail=1
else echo "  same text"; fi

echo "== --no-timestamp PDFs are byte-identical across runs"
run "$BIN" report "$J" -o "$W/brca/d1.pdf" --no-timestamp --lang zh
sleep 1
run "$BIN" report "$J" -o "$W/brca/d2.pdf" --no-timestamp --lang zh
cmp -s "$W/brca/d1.pdf" "$W/brca/d2.pdf" && echo "  identical" || { echo "FAIL: --no-timestamp PDFs differ"; fail=1; }

echo "== batch PDFs are the same bytes on 2 threads as on 1 (samples laid out side by side; 5 rounds)"
# Two threads laying out at once used to break an overlong word one character differently now and
# then (in 2 to 4 runs of 6 on these four samples); layout is now one report at a time.
run "$BIN" batch "$ROOT/examples/samplesheet.tsv" --out-dir "$W/bt1" --kb "$KB" --threads 1 --formats json,pdf --no-timestamp --quiet
for round in 1 2 3 4 5; do
  run "$BIN" batch "$ROOT/examples/samplesheet.tsv" --out-dir "$W/bt2-$round" --kb "$KB" --threads 2 --formats json,pdf --no-timestamp --quiet
  for p in "$W"/bt1/*.oncomatch.pdf; do
    cmp -s "$p" "$W/bt2-$round/$(basename "$p")" || { echo "FAIL: $(basename "$p") differs between --threads 1 and 2 (round $round)"; fail=1; }
  done
done
if [ "$fail" = 0 ]; then echo "  identical"; fi

echo "== T001-COAD (GRCh37), annotate --lang zh --formats json,pdf; report en; --no-timestamp"
run "$BIN" annotate "$ROOT/examples/T001-COAD.grch37.vcf.gz" --genome GRCh37 --tumor-type COADREAD --sample-id T001-COAD --kb "$KB" \
  --out-dir "$W/coad" --formats json,pdf --lang zh --no-timestamp --clinical country=CN --clinical sex=male --clinical age=61
J=$W/coad/T001-COAD.oncomatch.json
check "$J" "$W/coad/T001-COAD.oncomatch.pdf" --lang zh --no-date --expect-page1 "BRAF V600E" "结直肠腺癌" "西妥昔单抗" "耐药"
run "$BIN" report "$J" -o "$W/coad/en.pdf" --no-timestamp
run "$BIN" report "$J" -o "$W/coad/en.html" --no-timestamp
check "$J" "$W/coad/en.pdf" --lang en --no-date --html "$W/coad/en.html" \
  --expect-page1 "BRAF V600E" "encorafenib + cetuximab" "cetuximab" "panitumumab" "resistance" \
  --expect "not applicable" "Colorectal Adenocarcinoma"

echo "== large sample: page 1 still holds every summary (T001-COAD and T001-BRCA findings cycled to 40, 25 trials)"
# Real annotate outputs of the bundled examples with the full knowledgebase (CIViC-sized: BRAF V600E
# alone has 80+ evidence entries), findings and trials repeated by scripts/make_report_bench.py.
run $PY "$ROOT/scripts/make_report_bench.py" "$W/large.json" "$W/coad/T001-COAD.oncomatch.json" "$W/brca/T001-BRCA.oncomatch.json" \
  --findings 40 --trials 25 >/dev/null
run "$BIN" report "$W/large.json" -o "$W/large-en.pdf" --no-timestamp --lab-config "$LAB"
check "$W/large.json" "$W/large-en.pdf" --lang en --no-date \
  --expect-page1 "more actionable alteration(s): see the findings in detail" "more resistance warning(s)" "25 trial(s) matched; the first"
run "$BIN" report "$W/large.json" -o "$W/large-zh.pdf" --lang zh --no-timestamp --lab-config "$LAB"
check "$W/large.json" "$W/large-zh.pdf" --lang zh --no-date \
  --expect-page1 "项可用药变异，见变异详细解读" "条耐药提示，见变异详细解读" "共匹配 25 项临床试验；此处列出前"
# The same sample as HTML (no pages): the default page-1 lists, every section.
run "$BIN" report "$W/large.json" -o "$W/large.html" --no-timestamp
grep -q "more resistance warning(s)" "$W/large.html" || { echo "FAIL: large HTML lacks the 'more resistance warnings' line"; fail=1; }

echo "== no finding (empty VCF), English and Chinese"
run "$BIN" annotate "$ROOT/tests/data/vcf/empty.vcf" --genome GRCh37 --tumor-type LUAD --sample-id EMPTY-1 --kb "$KB" \
  --out-dir "$W/none" --formats json,pdf,html --no-timestamp
J=$W/none/EMPTY-1.oncomatch.json
check "$J" "$W/none/EMPTY-1.oncomatch.pdf" --lang en --no-findings --no-date --html "$W/none/EMPTY-1.oncomatch.html" \
  --expect-page1 "0 actionable alteration(s)" "No resistance marker was detected." "No matching trial in the knowledgebase." \
  --expect "No variant of unknown significance" "EGFR" "ALK"
run "$BIN" report "$J" -o "$W/none/zh.pdf" --lang zh --no-timestamp
check "$J" "$W/none/zh.pdf" --lang zh --no-findings --no-date --expect-page1 "未发现耐药相关变异。" --expect "报告语言：中文。"

echo "== a table row taller than a page (60 approvals) continues on the next page, inside the margins"
$PY - "$ROOT/tests/data/report/T001-BRCA.oncomatch.json" "$W/tall.json" <<'PYEOF'
import json, sys
j = json.load(open(sys.argv[1], encoding="utf-8"))
t = j["findings"][0]["therapies"][0]
t["approvals"] = [dict(t["approvals"][0], year=1990 + i, indication=f"Indication number {i}: " + t["approvals"][0]["indication"]) for i in range(60)]
json.dump(j, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PYEOF
run "$BIN" report "$W/tall.json" -o "$W/tall.pdf" --no-timestamp
check "$W/tall.json" "$W/tall.pdf" --lang en --no-date --expect "Indication number 0:" "Indication number 59:"

echo "== a bad lab configuration stops annotate before any output"
"$BIN" annotate "$ROOT/examples/T001-BRCA.grch38.vcf.gz" --genome GRCh38 --tumor-type BRCA --kb "$KB" --out-dir "$W/bad" \
  --formats json,pdf --lab-config "$ROOT/tests/data/report/bad_lab.yaml" 2>"$W/err"
rc=$?
if [ $rc -ne 1 ] || [ -n "$(ls -A "$W/bad" 2>/dev/null)" ] || ! grep -q "bad_lab.yaml:3:29: unknown signatory key 'position'" "$W/err"; then
  echo "FAIL: bad --lab-config: rc=$rc, files: $(ls -A "$W/bad" 2>/dev/null | tr '\n' ' ')"; cat "$W/err"; fail=1
else echo "  exit 1, no output"; fi
echo "== missing fonts: a clear error naming the Debian package, no output"
mkdir -p "$W/fc"
printf '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig><dir>%s</dir><cachedir>%s</cachedir></fontconfig>\n' \
  "$W/fc/none" "$W/fc/cache" > "$W/fc/fonts.conf"
FONTCONFIG_FILE="$W/fc/fonts.conf" "$BIN" report "$ROOT/tests/data/report/T001-BRCA.oncomatch.json" -o "$W/fc/x.pdf" 2>"$W/err"
rc=$?
if [ $rc -ne 1 ] || [ -e "$W/fc/x.pdf" ] || ! grep -q "font 'Noto Sans' is not installed" "$W/err" || ! grep -q "fonts-noto-core" "$W/err"; then
  echo "FAIL: missing fonts: rc=$rc"; cat "$W/err"; fail=1
else echo "  exit 1: $(head -n 1 "$W/err")"; fi
echo "== --formats vcf,pdf: an annotated VCF beside the PDF"
"$BIN" annotate "$ROOT/tests/data/vcf/T001-COAD.grch37.vcf" --genome GRCh37 --tumor-type COADREAD --kb "$KB" --out-dir "$W/vcf" \
  --sample-id v --formats vcf,pdf --no-timestamp 2>/dev/null
if [ $? -eq 0 ] && [ -s "$W/vcf/v.oncomatch.pdf" ] && grep -q "ONCOMATCH_TIER=IA" "$W/vcf/v.oncomatch.vcf"; then echo "  ok"
else echo "FAIL: --formats vcf,pdf"; fail=1; fi

[ $fail = 0 ] && echo "report tests: all passed" || echo "report tests: FAILED"
exit $fail
