#!/usr/bin/env bash
# Issue 15: the cluster scenarios at the one-process sizes, on PostgreSQL + Redis, with
# 1 worker (no HAProxy: one process needs no balancer) and 2 workers behind HAProxy
# (`python -m app --workers 2`), gevent, then the capacity model's inputs and its
# predictions beside these runs. Run it on an IDLE machine:
#
#   bash bench/cluster.sh            (about 40 minutes on 2 cores; REPEAT=3 for medians)
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
LOG=bench/results/cluster.log
mkdir -p bench/results
exec > >(tee -a "$LOG") 2>&1

stamp() { echo "== $* $(date -Is) load: $(cut -d' ' -f1-3 /proc/loadavg)"; }

stamp start "$(git rev-parse --short HEAD)"
for w in $WORKERS; do
  common=(--cluster --workers "$w" --async-mode gevent --no-bare --repeat "$R" --tag "w$w")
  out() { echo "--results bench/results/cluster-$1.jsonl"; }
  stamp "w$w live 1000";      $PY -m bench live   --phones 1000 --rate 20 --duration 20 "${common[@]}" $(out live)
  stamp "w$w hidden 2000";    $PY -m bench hidden --phones 2000 --rate 60 --duration 20 "${common[@]}" $(out hidden)
  stamp "w$w vote 1000";      $PY -m bench vote   --phones 1000 --window 5 "${common[@]}" $(out vote)
  stamp "w$w join 1000";      $PY -m bench join   --phones 1000 --window 10 "${common[@]}" $(out join)
  stamp "w$w reconnect 1000"; $PY -m bench reconnect --phones 1000 --window 1 "${common[@]}" $(out reconnect)
  if [ "$w" -gt 1 ]; then
    stamp "w$w reconnect 1000, a worker SIGKILLed"
    $PY -m bench reconnect --kill-worker --phones 1000 "${common[@]}" $(out reconnect-kill)
  fi
done
stamp "capacity model"
$PY -m bench.model --compare bench/results/cluster-live.jsonl
stamp end
