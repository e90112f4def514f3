#!/usr/bin/env bash
# Issue 15: the cluster scenarios at the one-process sizes, on PostgreSQL + Redis, with
# 1 worker (no HAProxy: one process needs no balancer) and 2 workers behind HAProxy
# (`python -m app --workers 2`), gevent, then the capacity model's inputs and its
# predictions beside these runs. Run it on an IDLE machine:
#
#   bash bench/cluster.sh            (about 40 minutes on 2 cores; REPEAT=3 for medians)
#   SMOKE=1 OUT=/tmp/cluster bash bench/cluster.sh     (50 phones each: checks the script)
#
# Results: bench/results/cluster-<scenario>.jsonl (tag w1/w2), bench/results/model.json,
# the log with every table in bench/results/cluster.log. Each table says correct = yes/NO;
# `lost` (live, hidden), `failed` (join, reconnect) and `acked∉db` (vote) must be 0.
set -u
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
[ -x "$PY" ] || PY=/work/main/.venv/bin/python
R=${REPEAT:-1}
WORKERS=${WORKERS:-"1 2"}
OUT=${OUT:-bench/results}
# SMOKE=1: every scenario at 50 phones for a few seconds (checks the script, not speed).
if [ -n "${SMOKE:-}" ]; then P=50; P2=50; SECS=5; MODEL=(--notes 100 --listeners 30 --idle 3)
else P=1000; P2=2000; SECS=20; MODEL=(); fi
LOG=$OUT/cluster.log
mkdir -p "$OUT"
exec > >(tee -a "$LOG") 2>&1

stamp() { echo "== $* $(date -Is) load: $(cut -d' ' -f1-3 /proc/loadavg)"; }

stamp start "$(git rev-parse --short HEAD)"
for w in $WORKERS; do
  common=(--cluster --workers "$w" --async-mode gevent --no-bare --repeat "$R" --tag "w$w")
  out() { echo "--results $OUT/cluster-$1.jsonl"; }
  stamp "w$w live $P";      $PY -m bench live   --phones $P --rate 20 --duration $SECS "${common[@]}" $(out live)
  stamp "w$w hidden $P2";   $PY -m bench hidden --phones $P2 --rate 60 --duration $SECS "${common[@]}" $(out hidden)
  stamp "w$w vote $P";      $PY -m bench vote   --phones $P --window 5 "${common[@]}" $(out vote)
  stamp "w$w join $P";      $PY -m bench join   --phones $P --window 10 "${common[@]}" $(out join)
  stamp "w$w reconnect $P"; $PY -m bench reconnect --phones $P --window 1 "${common[@]}" $(out reconnect)
  if [ "$w" -gt 1 ]; then
    stamp "w$w reconnect $P, a worker SIGKILLed"
    $PY -m bench reconnect --kill-worker --phones $P "${common[@]}" $(out reconnect-kill)
  fi
done
stamp "capacity model"
$PY -m bench.model "${MODEL[@]}" --results "$OUT/model.json" --compare "$OUT/cluster-live.jsonl"
stamp end
