#!/usr/bin/env bash
# Runs pipelines/snakemake end to end with Debian's snakemake (--cores 2) on the bundled examples
# and checks that it gives exactly what `oncomatch batch` gives for the same sheet: the same
# per-sample reports and the same cohort TSV, byte for byte (--no-timestamp).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${ONCOMATCH_BIN:-$ROOT/build/release/oncomatch}
command -v snakemake >/dev/null || { echo "snakemake not installed (scripts/deps)"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sheet=$ROOT/examples/samplesheet.tsv
(cd "$work" && snakemake -s "$ROOT/pipelines/snakemake/Snakefile" --cores 2 --quiet \
  --config samplesheet="$sheet" outdir="$work/sm" oncomatch="$BIN" kb="$ROOT/knowledgebase" extra=--no-timestamp) \
  >"$work/snakemake.out" 2>&1 || { tail -n 40 "$work/snakemake.out"; exit 1; }
"$BIN" batch "$sheet" --out-dir "$work/batch" --kb "$ROOT/knowledgebase" --no-timestamp --threads 2 --quiet
samples=$(tail -n +2 "$sheet" | cut -f1)
[ "$(echo "$samples" | wc -l)" -eq 4 ] || { echo "expected 4 samples in $sheet"; exit 1; }
for s in $samples; do
  for f in json tsv; do
    cmp "$work/sm/$s.oncomatch.$f" "$work/batch/$s.oncomatch.$f" || { echo "snakemake and batch differ: $s.oncomatch.$f"; exit 1; }
  done
done
for f in cohort.oncomatch.tsv cohort.html oncomatch_mqc.json; do
  [ -s "$work/sm/$f" ] || { echo "snakemake wrote no $f"; exit 1; }
done
cmp "$work/sm/cohort.oncomatch.tsv" "$work/batch/cohort.oncomatch.tsv" || { echo "cohort TSVs differ"; exit 1; }
grep -q $'^T001-COAD-38\tok\tCOADREAD\tGRCh38\tBRAF\tV600E' "$work/sm/cohort.oncomatch.tsv" || { echo "BRAF V600E missing from the cohort TSV"; exit 1; }
echo "snakemake: 4 samples, reports and cohort summary identical to oncomatch batch"
