#!/usr/bin/env bash
# `oncomatch batch` behaviour that golden cases cannot show: resume (skip current reports, redo
# a sample whose input changed, redo on a changed option or sheet column, --force redoes all), --fail-fast, byte-identical reports across
# --threads, and Debian's MultiQC picking up the cohort's custom content.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${ONCOMATCH_BIN:-$ROOT/build/release/oncomatch}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "batch_test: $*"; exit 1; }
cp "$ROOT"/examples/*.vcf.gz "$ROOT"/examples/*.tbi "$ROOT/examples/samplesheet.tsv" "$work/"
run() { "$BIN" batch "$work/samplesheet.tsv" --kb "$ROOT/knowledgebase" --no-timestamp "$@"; }

run --out-dir "$work/o" --threads 2 2>"$work/err1" || fail "first run failed: $(cat "$work/err1")"
grep -q "4 sample(s): 4 ok (0 reused), 0 failed" "$work/err1" || fail "first run: $(tail -n 1 "$work/err1")"
cp "$work/o/cohort.oncomatch.tsv" "$work/cohort.first.tsv"
run --out-dir "$work/o" --threads 2 2>"$work/err2" || fail "run failed: $(cat "$work/err2")"
grep -q "4 ok (4 reused)" "$work/err2" || fail "rerun did not reuse: $(tail -n 1 "$work/err2")"
# Rows of run samples come from the report model, of reused ones from the JSON: same text.
cmp "$work/cohort.first.tsv" "$work/o/cohort.oncomatch.tsv" || fail "cohort TSV differs between a run and a resumed run"
touch "$work/T001-BRCA.grch38.vcf.gz"; touch "$work/T001-BRCA.grch38.vcf.gz.tbi"   # a re-delivered input (and index)
sleep 0.01
run --out-dir "$work/o" --threads 2 2>"$work/err3" || fail "run after touching an input failed: $(cat "$work/err3")"
grep -q "4 ok (3 reused)" "$work/err3" || fail "changed input not redone: $(tail -n 1 "$work/err3")"
grep -q "T001-BRCA-38: ok (redone: input changed (input)):" "$work/err3" || fail "the redone sample is not T001-BRCA-38 (input changed): $(cat "$work/err3")"
run --out-dir "$work/o" --threads 2 --force 2>"$work/err4" || fail "run failed: $(cat "$work/err4")"
grep -q "4 ok (0 reused)" "$work/err4" || fail "--force reused: $(tail -n 1 "$work/err4")"

# The resume stamp covers every setting that changes a report: a changed option redoes every
# sample (naming the option), a changed sheet column redoes that sample only, and the unchanged
# rerun after each is skipped again.
[ -f "$work/o/.T001-BRCA-38.oncomatch.stamp" ] || fail "no resume stamp beside the reports"
cp -a "$work/o" "$work/r"   # changed-option runs go to a copy; o stays the default-options reference
expect_redo() {  # expect_redo WHAT N_REUSED REASON ARGS...: a rerun with ARGS reuses N, names REASON
  local what=$1 n=$2 reason=$3; shift 3
  run --out-dir "$work/r" --threads 2 "$@" 2>"$work/err.$what" || fail "$what: run failed: $(cat "$work/err.$what")"
  grep -q "4 ok ($n reused)" "$work/err.$what" || fail "$what: expected $n reused: $(tail -n 1 "$work/err.$what")"
  [ -z "$reason" ] || grep -q "ok (redone: $reason)" "$work/err.$what" || fail "$what: reason '$reason' not logged: $(head -n 2 "$work/err.$what")"
  run --out-dir "$work/r" --threads 2 "$@" 2>"$work/err.$what.2" || fail "$what: rerun failed"
  grep -q "4 ok (4 reused)" "$work/err.$what.2" || fail "$what: unchanged rerun not skipped: $(tail -n 1 "$work/err.$what.2")"
}
expect_redo formats 0 "option formats changed" --formats json,tsv,vcf
[ -s "$work/r/T001-COAD-37.oncomatch.vcf" ] || fail "formats: the annotated VCF was not written on the redo"
expect_redo clinical 0 "option clinical changed" --formats json,tsv,vcf --clinical prior_therapy=osimertinib
expect_redo filtered 0 "option include_filtered changed" --formats json,tsv,vcf --clinical prior_therapy=osimertinib --include-filtered
expect_redo consequence 0 "option consequence changed" --formats json,tsv,vcf --clinical prior_therapy=osimertinib --include-filtered --consequence both
same=(--formats json,tsv,vcf --clinical prior_therapy=osimertinib --include-filtered --consequence both)
# Sheet columns: a vcf_sample / clinical value changed for one sample redoes that one only.
cp "$work/samplesheet.tsv" "$work/samplesheet.orig.tsv"
/usr/bin/python3 - "$work/samplesheet.tsv" <<'PY'
import sys
p = sys.argv[1]
rows = [l.rstrip("\n").split("\t") for l in open(p)]
h = rows[0]
for r in rows[1:]:
    if r[h.index("sample")] == "T001-COAD-37":
        r[h.index("clinical")] = "germline_tested=true"
open(p, "w").write("".join("\t".join(r) + "\n" for r in rows))
PY
expect_redo sheet 3 "option clinical changed" "${same[@]}"
grep -q "T001-COAD-37: ok (redone: option clinical changed)" "$work/err.sheet" || fail "sheet: the redone sample is not T001-COAD-37"
# --lang changes nothing without pdf/html but is still part of the stamp (cheap and safe).
expect_redo lang 0 "option lang changed" "${same[@]}" --lang zh
run --out-dir "$work/r" --threads 2 "${same[@]}" --lang zh --force 2>"$work/err.force2"
grep -q "4 ok (0 reused)" "$work/err.force2" || fail "--force after resume reused: $(tail -n 1 "$work/err.force2")"
cp "$work/samplesheet.orig.tsv" "$work/samplesheet.tsv"

# Progress: a status line rewritten in place on a terminal (script(1) gives a pty), plain lines
# otherwise (the runs above), nothing with --quiet.
script -qec "\"$BIN\" batch \"$work/samplesheet.tsv\" --kb \"$ROOT/knowledgebase\" --out-dir \"$work/tty\" --threads 2" /dev/null >"$work/tty.out" 2>&1 \
  || fail "batch on a terminal failed: $(cat "$work/tty.out")"
grep -q $'\r\e\[Koncomatch: batch: 4/4 samples done, 0 failed, ' "$work/tty.out" || fail "no progress line on a terminal: $(cat -v "$work/tty.out")"
grep -q "T001-COAD-37: ok:" "$work/tty.out" && fail "per-sample lines on a terminal (only failures belong there)"
run --out-dir "$work/q" --threads 2 --quiet 2>"$work/quiet.err"
[ ! -s "$work/quiet.err" ] || fail "--quiet printed: $(cat "$work/quiet.err")"

# Same reports whatever --threads.
run --out-dir "$work/t1" --threads 1 --quiet
diff -r -x batch.log "$work/o" "$work/t1" >/dev/null || fail "--threads 1 and 2 give different files"

# Sheet columns override the command line per sample, key by key.
run --out-dir "$work/ov" --threads 2 --quiet --clinical country=US --clinical age=40
/usr/bin/python3 - "$work/ov" <<'PY' || fail "sheet values do not override --clinical per key"
import json, sys
d = sys.argv[1]
brca = json.load(open(d + "/T001-BRCA-38.oncomatch.json"))["sample"]["clinical"]
coad = json.load(open(d + "/T001-COAD-37.oncomatch.json"))["sample"]["clinical"]
assert brca == {"country": "CN", "age": "40", "sex": "female", "er_status": "positive", "her2_status": "negative"}, brca
assert coad == {"country": "US", "age": "40"}, coad
PY

# --fail-fast: with one worker, nothing after the first failure starts.
{ head -n 1 "$work/samplesheet.tsv"; printf 'gone\tmissing.vcf\tLUAD\tGRCh38\t\t\t\t\t\n'; tail -n +2 "$work/samplesheet.tsv"; } >"$work/ff.tsv"
set +e
"$BIN" batch "$work/ff.tsv" --kb "$ROOT/knowledgebase" --out-dir "$work/ff" --fail-fast --threads 1 2>"$work/err5"; rc=$?
set -e
[ "$rc" = 1 ] || fail "--fail-fast exit code $rc, expected 1"
grep -q "1 failed, 4 not run" "$work/err5" || fail "--fail-fast: $(tail -n 1 "$work/err5")"
[ "$(grep -c $'\tnot_run\t' "$work/ff/cohort.oncomatch.tsv")" = 4 ] || fail "--fail-fast: cohort TSV does not list 4 samples not run"

# MultiQC (Debian's multiqc) finds the custom content and tabulates the four samples.
command -v multiqc >/dev/null || fail "multiqc not installed (scripts/deps)"
(cd "$work" && multiqc "$work/o" -o "$work/mqc" --no-ansi -q >"$work/mqc.log" 2>&1) || fail "multiqc failed"
t="$work/mqc/multiqc_data/multiqc_oncomatch_table.txt"
[ -s "$t" ] || fail "multiqc_data has no oncomatch table"
[ "$(tail -n +2 "$t" | wc -l)" = 4 ] || fail "oncomatch table in multiqc_data has $(tail -n +2 "$t" | wc -l) rows, expected 4"
grep -q $'^T001-COAD-37\tCOADREAD\tok\tIA' "$t" || fail "T001-COAD-37 row wrong in the MultiQC table: $(grep T001-COAD-37 "$t")"
grep -q '"multiqc_oncomatch_table"' "$work/mqc/multiqc_data/multiqc_data.json" || fail "oncomatch section missing from multiqc_data.json"
echo "batch: resume (input, options, sheet columns), --force, --fail-fast, --threads determinism and MultiQC custom content ok"
