#!/usr/bin/env bash
# The measurement behind docs/performance.md: every scenario at full size, 3 repeats
# each (fresh servers every run; Verksted and the bare relay interleaved), embedded
# (SQLite, 1 process) and clustered (PostgreSQL + Redis + 2 workers), eventlet and
# gevent, the live brainstorm without the grouping-help refresh (bench.variant), and
# without WebSocket compression, and the diagnostics in docs/performance.md. About two hours
# on 2 cores.
#
#   bash bench/matrix.sh [step...]   > bench/results/matrix.log 2>&1
#   steps: sqlite-eventlet cluster-eventlet sqlite-gevent variant nocompress cluster-ramp50
#          interleaved townhall-pace gc cluster-gevent   (default: all but cluster-gevent)
#   SNAP=DIR measures that copy (default: a fresh snapshot of the tree in /tmp/verksted-measured)
#
# Results go to bench/results/<scenario>.jsonl; each record keeps the load average
# before the run, the machine, the code measured (SNAPSHOT.json) and the options.
set -u
cd "$(dirname "$0")/.."
PY=.venv/bin/python
R=${REPEAT:-3}
STEPS=${*:-sqlite-eventlet cluster-eventlet sqlite-gevent variant nocompress cluster-ramp50 interleaved townhall-pace gc}
# Other developers edit the tree while this runs: measure one frozen copy of it
# (SNAPSHOT.json in it names the commit and a digest of the uncommitted diff).
SNAP=${SNAP:-/tmp/verksted-measured}
[ -f "$SNAP/SNAPSHOT.json" ] || $PY -m bench.variant snapshot "$SNAP"
APP=(--app-root "$SNAP")
B="$PY -m bench"

stamp() { echo "== $* $(date -Is) load: $(cut -d' ' -f1-3 /proc/loadavg)"; }

join()      { $B join      --phones 1000 --window 10             --repeat "$R" "${APP[@]}" "$@"; }
live()      { $B live      --phones 1000 --rate 20 --duration 20 --repeat "$R" "${APP[@]}" "$@"; }
hidden()    { $B hidden    --phones 2000 --rate 60 --duration 20 --repeat "$R" "${APP[@]}" "$@"; }
vote()      { $B vote      --phones 1000 --window 5              --repeat "$R" "${APP[@]}" "$@"; }
reconnect() { $B reconnect --phones 1000 --window 1              --repeat "$R" "${APP[@]}" "$@"; }
bigboard()  { $B bigboard  --notes 1000 --groups 100             --repeat 1    "${APP[@]}" "$@"; }

for step in $STEPS; do
  stamp "$step"
  case $step in
    sqlite-eventlet)  join; live; hidden; vote; reconnect; bigboard ;;
    cluster-eventlet) C=(--cluster --workers 2)
                      join "${C[@]}"; live "${C[@]}"; hidden "${C[@]}"; vote "${C[@]}"
                      reconnect "${C[@]}"; bigboard "${C[@]}" ;;
    sqlite-gevent)    G=(--async-mode gevent); join "${G[@]}"; live "${G[@]}"; hidden "${G[@]}"; vote "${G[@]}" ;;
    cluster-gevent)   G=(--async-mode gevent --cluster --workers 2)
                      join "${G[@]}"; live "${G[@]}"; hidden "${G[@]}"; vote "${G[@]}"; reconnect "${G[@]}" ;;
    variant)          $PY -m bench.variant no-grouping-help /tmp/verksted-nogh "$SNAP"
                      $B live --phones 1000 --rate 20 --duration 20 --repeat "$R" \
                        --app-root /tmp/verksted-nogh --tag no-grouping-help
                      $B bigboard --notes 1000 --groups 100 --repeat 1 \
                        --app-root /tmp/verksted-nogh --tag no-grouping-help ;;
    nocompress)       join --repeat 1 --no-compression; live --repeat 1 --no-compression ;;
    cluster-ramp50)   # the cluster runs of live/hidden, with phones joining at 50/s (150/s failed)
                      live --cluster --workers 2 --ramp 50 --repeat 2 --tag ramp50
                      hidden --cluster --workers 2 --ramp 50 --repeat 2 --tag ramp50
                      $PY -m bench.variant no-grouping-help /tmp/verksted-nogh "$SNAP"
                      $B bigboard --notes 1000 --groups 100 --repeat 1 --cluster --workers 2 \
                        --app-root /tmp/verksted-nogh --tag no-grouping-help ;;
    interleaved)      live --async-mode eventlet,gevent --tag interleaved ;;
    townhall-pace)    $B live --phones 1000 --rate 5 --duration 30 --repeat 1 "${APP[@]}" ;;
    gc)               $PY -m bench.variant gc-tuned /tmp/verksted-gc "$SNAP"
                      for i in 1 2; do
                        $B hidden --phones 2000 --rate 60 --duration 20 --async-mode gevent --no-bare \
                          "${APP[@]}" --tag gc-as-is --results bench/results/hidden-gc.jsonl
                        $B hidden --phones 2000 --rate 60 --duration 20 --async-mode gevent --no-bare \
                          --app-root /tmp/verksted-gc --tag gc-tuned --results bench/results/hidden-gc.jsonl
                      done ;;
  esac
done
stamp done
