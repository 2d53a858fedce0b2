#!/usr/bin/env bash
# A run stopped by a signal (Ctrl-C in a terminal, `kill`, a scheduler's SIGTERM, a closed
# terminal's SIGHUP) dies of that signal (exit 128+N, as shells and workflow engines expect) and
# leaves no half-written temporary behind; an interrupted batch then resumes where it stopped.
# Inputs are named pipes, so the process is stopped at a known point whatever the machine's speed.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${ONCOMATCH_BIN:-$ROOT/build/release/oncomatch}
KB=$ROOT/knowledgebase
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "interrupt_test: $*"; exit 1; }
# wait_for PATTERN DIR: until a file whose name matches appears in DIR (at most 10 s)
wait_for() { for _ in $(seq 100); do ls -A "$2" 2>/dev/null | grep -q -- "$1" && return 0; sleep 0.1; done; return 1; }

for sig in TERM HUP; do
  d="$work/annotate-$sig"; mkdir -p "$d"; mkfifo "$d/in.vcf"
  # An annotated VCF is written while the input streams: its temporary exists mid-run.
  "$BIN" annotate - --genome GRCh37 --tumor-type COADREAD --sample-id S1 --formats vcf,json,tsv --kb "$KB" \
    --out-dir "$d/out" --no-timestamp <"$d/in.vcf" 2>"$d/err" &
  pid=$!
  exec 7>"$d/in.vcf"
  zcat "$ROOT/examples/T001-COAD.grch37.vcf.gz" | head -n 150 >&7
  wait_for '\.tmp\.' "$d/out" || fail "annotate ($sig): no temporary appeared: $(ls -A "$d/out" 2>&1) $(cat "$d/err")"
  kill -"$sig" "$pid"
  { wait "$pid"; } 2>/dev/null; rc=$?
  exec 7>&-
  want=$((128 + $(kill -l "$sig")))
  [ "$rc" = "$want" ] || fail "annotate stopped by SIG$sig: exit $rc, expected $want"
  [ -z "$(ls -A "$d/out")" ] || fail "annotate stopped by SIG$sig left files behind: $(ls -A "$d/out")"
done
echo "  annotate: SIGTERM and SIGHUP end it with 143 and 129, its temporaries removed"

# A batch stopped at its second sample: the first sample's reports are complete, nothing else is
# left, and the rerun reuses the first sample and runs the second.
cp "$ROOT"/examples/T001-COAD.grch37.vcf.gz "$ROOT"/examples/T001-BRCA.grch37.vcf.gz "$work/"
mkfifo "$work/slow.vcf"
printf 'sample\tinput\ttumor_type\tgenome\nA\tT001-COAD.grch37.vcf.gz\tCOADREAD\tGRCh37\nB\tslow.vcf\tBRCA\tGRCh37\n' >"$work/sheet.tsv"
"$BIN" batch "$work/sheet.tsv" --kb "$KB" --out-dir "$work/b" --threads 1 --no-timestamp 2>"$work/berr" &
pid=$!
wait_for 'A.oncomatch.json' "$work/b" || fail "batch: sample A not reported: $(cat "$work/berr")"
sleep 0.3  # B is now blocked opening its input
kill -TERM "$pid"
{ wait "$pid"; } 2>/dev/null; rc=$?
[ "$rc" = 143 ] || fail "batch stopped by SIGTERM: exit $rc, expected 143"
[ -s "$work/b/A.oncomatch.json" ] && [ -s "$work/b/A.oncomatch.tsv" ] || fail "batch: sample A's reports incomplete"
left=$(ls -A "$work/b" | grep -v -e '^A\.oncomatch\.\(json\|tsv\)$' -e '^\.A\.oncomatch\.stamp$' -e '^batch\.log$' || true)
[ -z "$left" ] || fail "stopped batch left: $left"
rm "$work/slow.vcf"; cp "$ROOT/examples/T001-BRCA.grch37.vcf.gz" "$work/slow.vcf"
"$BIN" batch "$work/sheet.tsv" --kb "$KB" --out-dir "$work/b" --threads 1 --no-timestamp 2>"$work/berr2" || fail "rerun failed: $(cat "$work/berr2")"
grep -q "2 sample(s): 2 ok (1 reused), 0 failed" "$work/berr2" || fail "rerun did not resume: $(tail -n 1 "$work/berr2")"
echo "  batch: stopped at its second sample, the first one's reports whole and nothing else; the rerun resumes"
echo "interrupt: ok"
