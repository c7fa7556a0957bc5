#!/usr/bin/env bash
# Issue 6's benchmark: builds the gateway and the load generator (bench/Photon.Bench), starts one gateway (embedded
# silo, daemon socket, Redis bridge), a redis-server and nginx with nchan on free loopback ports, runs every scenario
# over every transport with the same load generator and message, stops everything it started, and prints one table.
#
#   bench/run.sh           # full: 50 subscribers, 1,000 channels, 10,000 idle connections (a few minutes)
#   bench/run.sh --smoke   # a few seconds, small sizes, SSE and socket only: what CI runs; speed is not judged
#   bench/run.sh --only fan-out/sse,steady   # some runs only: scenario, or scenario/transport
#
# BUILD=0 uses what is built (Release). The numbers are only as steady as the machine: the load generator shares
# its cores with the servers it measures.
set -euo pipefail
cd "$(dirname "$0")/.."

smoke=0
only=()
while (($#)); do
  case "$1" in
    --smoke) smoke=1 ;;
    --only) only=(--only "${2:?--only needs scenario[/transport],...}"); shift ;;
    *) echo "usage: $0 [--smoke] [--only scenario[/transport],...]" >&2; exit 2 ;;
  esac
  shift
done

if [ "$smoke" = 0 ]; then
  command -v redis-server >/dev/null || apt-get install -y redis-server >&2
  if ! command -v nginx >/dev/null || [ ! -f /usr/lib/nginx/modules/ngx_nchan_module.so ]; then
    apt-get install -y nginx-light libnginx-mod-nchan >&2 || { apt-get update >&2 && apt-get install -y nginx-light libnginx-mod-nchan >&2; }
  fi
fi

# 10,000 idle event streams: one descriptor each in the gateway and in the load generator.
ulimit -n "$(ulimit -Hn)"

source deploy/lib/free-ports.sh

dir=$(mktemp -d "${TMPDIR:-/tmp}/photon-bench.XXXXXX")
pids=()
status=1
cleanup() {
  local pid
  [ "${#pids[@]}" -gt 0 ] && { kill "${pids[@]}" 2>/dev/null || true; }
  for _ in $(seq 1 50); do
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && break; pid=; done
    [ -z "${pid:-}" ] && break
    sleep 0.1
  done
  [ "${#pids[@]}" -gt 0 ] && { kill -9 "${pids[@]}" 2>/dev/null || true; }
  if [ "$status" = 0 ]; then rm -rf "$dir"; else echo "logs kept in $dir" >&2; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

started=$SECONDS
if [ "${BUILD:-1}" != 0 ]; then
  { dotnet build -c Release src/Photon.Gateway/Photon.Gateway.csproj -v q -nologo \
      && dotnet build -c Release bench/Photon.Bench/Photon.Bench.csproj -v q -nologo; } >"$dir/build.log" 2>&1 \
    || { cat "$dir/build.log" >&2; exit 1; }
fi

free_port; http_port=$REPLY
free_port; silo_gateway_port=$REPLY
free_port; silo_port=$REPLY
driver_args=(--gateway "http://127.0.0.1:$http_port" --socket "$dir/sockets/bench.sock")
gateway_env=(
  PHOTON_SOCKET_DIR="$dir/sockets" PHOTON_DAEMON_NAMES=bench
  PHOTON_SILO_PORT="$silo_port" PHOTON_SILO_GATEWAY_PORT="$silo_gateway_port" PHOTON_CLUSTER_ID="bench-$$"
  # The per-client limits protect a shared gateway; here one client is the whole load.
  Photon__Gateway__PublishRatePerSecond=10000000 Photon__Gateway__PublishBurst=10000000
  Photon__Gateway__MaxConnectionsPerClientAddress=100000 Photon__Daemon__MaxConnections=100000
  Logging__LogLevel__Default=Warning
)

if [ "$smoke" = 0 ]; then
  driver_args+=(--orleans-gateway-port "$silo_gateway_port" --cluster-id "bench-$$")
  free_port; redis_port=$REPLY
  redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --dir "$dir" >"$dir/redis.log" 2>&1 &
  pids+=($!)
  driver_args+=(--redis "127.0.0.1:$redis_port" --redis-pid "$!")
  gateway_env+=(PHOTON_REDIS_URL="redis://127.0.0.1:$redis_port")

  # nginx in the foreground with a generated configuration; nchan keeps 1,000 messages for 10 minutes per channel,
  # as the gateway's history does by default.
  free_port; nginx_port=$REPLY
  mkdir -p "$dir/nginx/temp" && chmod 1777 "$dir/nginx/temp"
  cat >"$dir/nginx/nginx.conf" <<CONF
load_module /usr/lib/nginx/modules/ngx_nchan_module.so;
daemon off;
worker_processes 2;
pid $dir/nginx/nginx.pid;
error_log $dir/nginx/error.log warn;
events { worker_connections 30000; }
http {
  access_log off;
  client_body_temp_path $dir/nginx/temp;
  nchan_message_buffer_length 1000;
  nchan_message_timeout 10m;
  server {
    listen 127.0.0.1:$nginx_port;
    location ~ ^/pub/(.+)\$ { nchan_publisher; nchan_channel_id \$1; }
    location ~ ^/sub/(.+)\$ { nchan_subscriber eventsource; nchan_channel_id \$1; }
  }
}
CONF
  nginx -e "$dir/nginx/error.log" -p "$dir/nginx" -c "$dir/nginx/nginx.conf" >"$dir/nginx/stdout.log" 2>&1 &
  pids+=($!)
  driver_args+=(--nchan "http://127.0.0.1:$nginx_port" --nginx-pid "$!")
else
  driver_args+=(--smoke)
fi

env "${gateway_env[@]}" dotnet src/Photon.Gateway/bin/Release/net10.0/Photon.Gateway.dll --urls "http://127.0.0.1:$http_port" >"$dir/gateway.log" 2>&1 &
pids+=($!)
driver_args+=(--gateway-pid "$!")

wait_for() { # what, command...: until the command succeeds; a server that exited meanwhile fails the run at once
  local what=$1 pid; shift
  for _ in $(seq 1 300); do
    "$@" >/dev/null 2>&1 && return 0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null || { echo "a server exited (pid $pid) before $what came up; logs in $dir" >&2; exit 1; }; done
    sleep 0.1
  done
  echo "$what did not come up; logs in $dir" >&2
  exit 1
}
wait_for gateway curl -fsS "http://127.0.0.1:$http_port/healthz"
wait_for "daemon socket" test -S "$dir/sockets/bench.sock"
[ "$smoke" = 1 ] || wait_for nginx curl -sS -o /dev/null "http://127.0.0.1:$nginx_port/"
[ "$smoke" = 1 ] || wait_for redis-server redis-cli -p "$redis_port" ping
echo "# servers up after $((SECONDS - started)) s" >&2

set +e
dotnet bench/Photon.Bench/bin/Release/net10.0/Photon.Bench.dll "${driver_args[@]}" "${only[@]}"
status=$?
set -e
echo "# done after $((SECONDS - started)) s" >&2
exit "$status"
