#!/usr/bin/env bash
# The lead's idle-machine run of 2026-12-02 (time-boxed, one run each; docs/performance.md):
# behind HAProxy (+ 1-worker live for the model), then issue 14 one-process scenarios with bare.
set -u
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
stamp() { echo "== $* $(date -Is) load: $(cut -d' ' -f1-3 /proc/loadavg)"; }
stamp start "$(git rev-parse --short HEAD)"
stamp "w1 live 1000"
$PY -m bench live --phones 1000 --rate 20 --duration 20 --cluster --workers 1 --async-mode gevent --no-bare --tag w1 --results bench/results/cluster-live.jsonl
WORKERS=2 bash bench/cluster.sh
stamp "one process: vote 1000"
$PY -m bench vote --phones 1000 --window 5 --async-mode gevent --tag after-s18 --results bench/results/final2-vote.jsonl
stamp "one process: vote 300"
$PY -m bench vote --phones 300 --window 5 --async-mode gevent --tag after-s18 --results bench/results/final2-vote300.jsonl
stamp "one process: live 1000"
$PY -m bench live --phones 1000 --rate 20 --duration 20 --async-mode gevent --tag after-s18 --results bench/results/final2-live.jsonl
stamp "one process: join 1000"
$PY -m bench join --phones 1000 --window 10 --async-mode gevent --tag after-s18 --results bench/results/final2-join.jsonl
stamp "one process: hidden 2000"
$PY -m bench hidden --phones 2000 --rate 60 --duration 20 --async-mode gevent --tag after-s18 --results bench/results/final2-hidden.jsonl
stamp end
