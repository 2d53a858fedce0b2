#!/usr/bin/env bash
# Golden CLI cases: tests/cli/cases/<name>/cmd holds the arguments after `oncomatch` (with
# $DATA = tests/data, $KB = the bundled knowledgebase, $EX = examples, $OUT = a fresh temporary
# output folder, $WORK = a scratch folder an optional `setup` snippet prepares); optional `stdin`
# is fed to the command. Expected: `rc` (exit code), `stderr` (exact, with paths shown as
# $OUT/$ROOT) and `out/` (exact files, paths in text files shown the same way; for failing cases
# the folder must stay empty: no partial output). `run.sh --refresh [NAME]` rewrites the expectations
# deliberately; review the diff before committing.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${ONCOMATCH_BIN:-$ROOT/build/release/oncomatch}
export DATA=$ROOT/tests/data KB=$ROOT/knowledgebase EX=$ROOT/examples
refresh=0
[ "${1:-}" = "--refresh" ] && { refresh=1; shift; }
only=${1:-}
pass=0 fail=0
for dir in "$ROOT"/tests/cli/cases/*/; do
  name=$(basename "$dir")
  [ -n "$only" ] && [ "$name" != "$only" ] && continue
  export OUT WORK; OUT=$(mktemp -d); WORK=$(mktemp -d)
  # Optional `setup`: a bash snippet preparing inputs in $WORK (e.g. file times for a stale index).
  [ -f "$dir/setup" ] && (cd "$WORK" && bash "$dir/setup")
  args=$(cat "$dir/cmd")
  if [ -f "$dir/stdin" ]; then
    (cd "$OUT" && eval "\"$BIN\" $args" <"$dir/stdin" >"$OUT.stdout" 2>"$OUT.stderr"); rc=$?
  else
    (cd "$OUT" && eval "\"$BIN\" $args" </dev/null >"$OUT.stdout" 2>"$OUT.stderr"); rc=$?
  fi
  # Paths inside text output files (e.g. a batch log naming a missing input) are shown as
  # $OUT/$WORK/$ROOT too, like stderr; binary files are left alone.
  while IFS= read -r -d '' f; do
    grep -Iq . "$f" && sed -i -e "s#$OUT#\$OUT#g" -e "s#$WORK#\$WORK#g" -e "s#$ROOT#\$ROOT#g" "$f"
  done < <(find "$OUT" -type f -print0)
  # batch's resume stamps record input file times; the golden copy shows them as '*'.
  find "$OUT" -type f -name '.*.oncomatch.stamp' -exec sed -i -E 's/mtime_ns=-?[0-9]+/mtime_ns=*/' {} +
  sed -e "s#$OUT#\$OUT#g" -e "s#$WORK#\$WORK#g" -e "s#$ROOT#\$ROOT#g" "$OUT.stderr" >"$OUT.stderr.norm"
  sed -e "s#$OUT#\$OUT#g" -e "s#$WORK#\$WORK#g" -e "s#$ROOT#\$ROOT#g" "$OUT.stdout" >"$OUT.stdout.norm"
  if [ $refresh = 1 ]; then
    echo "$rc" >"$dir/rc"
    cp "$OUT.stderr.norm" "$dir/stderr"
    cp "$OUT.stdout.norm" "$dir/stdout"
    rm -rf "$dir/out"; mkdir -p "$dir/out"
    cp -r "$OUT"/. "$dir/out/" 2>/dev/null
    touch "$dir/out/.keep"
    echo "refreshed $name (rc=$rc)"
  else
    ok=1; why=""
    [ "$rc" = "$(cat "$dir/rc")" ] || { ok=0; why+=" exit code $rc, expected $(cat "$dir/rc");"; }
    diff -u "$dir/stderr" "$OUT.stderr.norm" >"$OUT.diff" || { ok=0; why+=" stderr differs;"; }
    diff -u "$dir/stdout" "$OUT.stdout.norm" >>"$OUT.diff" || { ok=0; why+=" stdout differs;"; }
    touch "$OUT/.keep"
    diff -r "$dir/out" "$OUT" >>"$OUT.diff" || { ok=0; why+=" output files differ;"; }
    if [ $ok = 1 ]; then pass=$((pass+1)); echo "ok   $name"
    else fail=$((fail+1)); echo "FAIL $name:$why"; head -n 40 "$OUT.diff"; fi
  fi
  rm -rf "$WORK" "$OUT" "$OUT.stdout" "$OUT.stderr" "$OUT.stderr.norm" "$OUT.stdout.norm" "$OUT.diff"
done
[ $refresh = 1 ] && exit 0
echo "cli: $pass passed, $fail failed"
[ $fail = 0 ]
