#!/bin/sh
# Restart every worker of one machine without dropping a phone: HAProxy sends no new
# connection to a worker in maintenance (unlike "drain", not even one whose stickiness
# cookie names it); the worker's phones reconnect to the others (and get a snapshot);
# then it is restarted and put back. Run on the app machine:
#   deploy/rolling-restart.sh haproxy.internal app1 5001 5002
# Needs the HAProxy admin socket reachable (e.g. `stats socket ipv4@10.0.0.10:9999 level admin`
# on a private network) and socat.
set -eu
lb=$1; name=$2; shift 2
for port in "$@"; do
  echo "set server workers/$name-$port state maint" | socat - "TCP:$lb:9999"
  systemctl restart "verksted@$port"
  until curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null; do sleep 0.5; done
  echo "set server workers/$name-$port state ready" | socat - "TCP:$lb:9999"
done
