#!/usr/bin/env bash
# Before/after for issue 14 (group commit, gevent default): the five target scenarios,
# gevent, SQLite, one process, median of 3, on an IDLE machine.
#
#   bash bench/final.sh  > bench/results/final.log 2>&1      (about 35 minutes on 2 cores)
#
# "after"  = a frozen copy of this tree, with the bare Flask-SocketIO relay interleaved
#            in the same invocation (the ratio columns);
# "before" = commit 8be2232 (the head before issue 14's work), same scenarios right after,
#            without a second bare run to stay within the time budget: its ratios are taken
#            against the "after" invocation's bare medians, minutes apart (see the log).
# Results: bench/results/final-<scenario>.jsonl (tag before/after); the tables print to
# the log. Copy the medians into docs/performance.md, "Issue 14: before and after".
set -u
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
[ -x "$PY" ] || PY=/work/main/.venv/bin/python
BEFORE_COMMIT=${BEFORE_COMMIT:-8be2232}
BEFORE=${BEFORE:-/tmp/verksted-before}
AFTER=${AFTER:-/tmp/verksted-after}
R=${REPEAT:-3}
P=${RESULTS_PREFIX:-final}  # records: bench/results/$P-<scenario>.jsonl

# Frozen copies, so nobody's later edit changes what is measured.
rm -rf "$BEFORE" && mkdir -p "$BEFORE"
git archive "$BEFORE_COMMIT" | tar -x -C "$BEFORE"
echo "{\"head\": \"$BEFORE_COMMIT\", \"app_files_changed\": 0}" > "$BEFORE/SNAPSHOT.json"
$PY -m bench.variant snapshot "$AFTER"

stamp() { echo "== $* $(date -Is) load: $(cut -d' ' -f1-3 /proc/loadavg)"; }

scenarios() {  # $1 = app root, $2 = tag, rest = extra options
  local root=$1 tag=$2; shift 2
  local common=(--async-mode gevent --repeat "$R" --app-root "$root" --tag "$tag" "$@")
  stamp "$tag vote 1000";   $PY -m bench vote   --phones 1000 --window 5 "${common[@]}" --results "bench/results/$P-vote.jsonl"
  stamp "$tag vote 300";    $PY -m bench vote   --phones 300  --window 5 "${common[@]}" --results "bench/results/$P-vote300.jsonl"
  stamp "$tag hidden 2000"; $PY -m bench hidden --phones 2000 --rate 60 --duration 20 "${common[@]}" --results "bench/results/$P-hidden.jsonl"
  stamp "$tag live 1000";   $PY -m bench live   --phones 1000 --rate 20 --duration 20 "${common[@]}" --results "bench/results/$P-live.jsonl"
  stamp "$tag join 1000";   $PY -m bench join   --phones 1000 --window 10 "${common[@]}" --results "bench/results/$P-join.jsonl"
}

stamp start
scenarios "$AFTER" after
if [ "${REPEAT_BEFORE:-$R}" -gt 0 ]; then  # REPEAT_BEFORE=0: the "after" medians only
  R=${REPEAT_BEFORE:-$R} scenarios "$BEFORE" before --no-bare
fi
stamp end
