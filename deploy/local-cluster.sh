#!/usr/bin/env bash
# A Photon cluster of separate processes on loopback, for development and tests:
# a redis-server (cluster membership and the pub/sub bridge), N silos, M gateways in client mode.
#
#   deploy/local-cluster.sh start [silos] [gateways]   # default 2 silos, 2 gateways
#   deploy/local-cluster.sh start-silo <i>             # (re)start silo i, e.g. after killing it; waits until it is Active
#   deploy/local-cluster.sh start-gateway <i>          # (re)start gateway i on its port; waits until /healthz answers
#   deploy/local-cluster.sh start-redis                # (re)start redis-server on its port, e.g. after killing it (it starts empty)
#   deploy/local-cluster.sh stop
#   deploy/local-cluster.sh status
#
# Environment (defaults): PHOTON_CLUSTER_DIR=/tmp/photon-cluster (pid files, logs, sockets),
# REDIS_PORT=6390, HTTP_BASE_PORT=8081, SILO_BASE_PORT=11111, GATEWAY_BASE_PORT=30000,
# PHOTON_CLUSTER_ID=local, CONFIGURATION=Release, BUILD=1 (0: use what is built),
# REDIS_AOF=0 (1: redis-server keeps an append-only file in the cluster directory, fsynced on every write, so
# that a restarted Redis still has the membership table and the channel histories; without it, it starts empty).
# Gateway i listens on http://127.0.0.1:$((HTTP_BASE_PORT+i)).
set -euo pipefail
cd "$(dirname "$0")/.."

dir=${PHOTON_CLUSTER_DIR:-/tmp/photon-cluster}
redis_port=${REDIS_PORT:-6390}
http_base=${HTTP_BASE_PORT:-8081}
silo_base=${SILO_BASE_PORT:-11111}
gateway_base=${GATEWAY_BASE_PORT:-30000}
cluster_id=${PHOTON_CLUSTER_ID:-local}
configuration=${CONFIGURATION:-Release}

start_process() { # name, command...
  local name=$1; shift
  "$@" >>"$dir/$name.log" 2>&1 &
  echo $! >"$dir/$name.pid"
}

active_silos() { # how many silos the membership table in Redis lists as Active (status 3)
  redis-cli -p "$redis_port" hgetall "${PHOTON_SERVICE_ID:-photon}/members/$cluster_id" | grep -c '"Status":3,' || true
}

active_members() { # the membership keys (S<ip>:<port>:<generation>) of Active silos, one per line
  redis-cli -p "$redis_port" hgetall "${PHOTON_SERVICE_ID:-photon}/members/$cluster_id" | paste - - | grep '"Status":3,' | cut -f1 || true
}

new_member_active() { # port, members before
  active_members | grep ":$1:" | grep -vxF -f <(printf '%s\n' "$2") | grep -q .
}

all_active() { # expected count
  [ "$(active_silos)" -ge "$1" ]
}

wait_until() { # description, command...
  local what=$1; shift
  for _ in $(seq 1 600); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "timed out waiting for $what (logs in $dir)" >&2; return 1
}

stop() {
  [ -d "$dir" ] || return 0
  # Gateways first (they send their shutdown notices), then silos, then Redis.
  for pattern in 'gateway-*' 'silo-*' 'redis'; do
    for pidfile in "$dir"/$pattern.pid; do
      [ -f "$pidfile" ] || continue
      pid=$(cat "$pidfile")
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
      rm -f "$pidfile"
    done
  done
}

start_silo() { # index
  PHOTON_CLUSTER_REDIS_URL="redis://127.0.0.1:$redis_port" PHOTON_CLUSTER_ID=$cluster_id \
    PHOTON_SILO_PORT=$((silo_base + $1)) PHOTON_SILO_GATEWAY_PORT=$((gateway_base + $1)) \
    start_process "silo-$1" dotnet "src/Photon.Silo/bin/$configuration/net10.0/Photon.Silo.dll"
}

start_redis() {
  local persistence=(--appendonly no)
  [ "${REDIS_AOF:-0}" = 1 ] && persistence=(--appendonly yes --appendfsync always --dir "$dir")
  start_process redis redis-server --port "$redis_port" --bind 127.0.0.1 --save "" "${persistence[@]}"
  wait_until "redis on port $redis_port" redis-cli -p "$redis_port" ping
}

start_gateway() { # index
  PHOTON_CLUSTER_REDIS_URL="redis://127.0.0.1:$redis_port" PHOTON_CLUSTER_ID=$cluster_id \
    PHOTON_CLUSTER_MODE=Client PHOTON_REDIS_URL="redis://127.0.0.1:$redis_port" PHOTON_SOCKET_DIR="$dir/sockets-$1" \
    start_process "gateway-$1" dotnet "src/Photon.Gateway/bin/$configuration/net10.0/Photon.Gateway.dll" --urls "http://127.0.0.1:$((http_base + $1))"
}

wait_gateway() { # index
  wait_until "gateway $1" curl -sf "http://127.0.0.1:$((http_base + $1))/healthz"
  echo "gateway $1: http://127.0.0.1:$((http_base + $1))"
}

case "${1:-}" in
  start)
    silos=${2:-2}; gateways=${3:-2}
    stop
    mkdir -p "$dir"
    if [ "${BUILD:-1}" != 0 ]; then
      dotnet build -c "$configuration" src/Photon.Silo/Photon.Silo.csproj -v q -nologo >"$dir/build.log" 2>&1
      dotnet build -c "$configuration" src/Photon.Gateway/Photon.Gateway.csproj -v q -nologo >>"$dir/build.log" 2>&1
    fi
    start_redis
    for i in $(seq 0 $((silos - 1))); do start_silo "$i"; done
    # Every silo must be Active before anything relies on the cluster (a silo still joining when another dies waits on it).
    wait_until "$silos active silos" all_active "$silos"
    for i in $(seq 0 $((gateways - 1))); do start_gateway "$i"; done
    for i in $(seq 0 $((gateways - 1))); do wait_gateway "$i"; done
    echo "silos active: $(active_silos)"
    ;;
  start-silo)
    index=${2:?usage: $0 start-silo <index>}
    # The silo's previous incarnation may still be listed as Active: wait for a new generation on its port.
    before=$(active_members)
    start_silo "$index"
    wait_until "silo $index to be active" new_member_active $((silo_base + index)) "$before"
    echo "silos active: $(active_silos)"
    ;;
  start-gateway)
    index=${2:?usage: $0 start-gateway <index>}
    start_gateway "$index"
    wait_gateway "$index"
    ;;
  start-redis) start_redis ;;
  stop) stop ;;
  status)
    for pidfile in "$dir"/*.pid; do
      [ -f "$pidfile" ] || continue
      name=$(basename "$pidfile" .pid)
      if kill -0 "$(cat "$pidfile")" 2>/dev/null; then echo "$name: running (pid $(cat "$pidfile"))"; else echo "$name: dead"; fi
    done
    ;;
  *) echo "usage: $0 start [silos] [gateways] | start-silo <i> | start-gateway <i> | start-redis | stop | status" >&2; exit 2 ;;
esac
