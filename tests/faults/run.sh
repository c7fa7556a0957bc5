#!/usr/bin/env bash
# Issue 5's fault and stress runs against a real multi-process cluster (deploy/local-cluster.sh: redis-server,
# silos, gateways in client mode, channel history durable in Redis): a silo killed with SIGKILL, Redis
# restarted, a gateway restarted, all mid-stream; a subscriber that never reads; storms of reconnecting clients.
#
#   tests/faults/run.sh           # full sizes: 10,000-message streams, 100,000 for the never-reader, 1,000 clients
#   tests/faults/run.sh --short   # 1,000 / 10,000 / 100: what the test suite runs
#
# Prints one line per scenario, then `lost=<total> duplicated=<total>`; exits non-zero when a subscriber lost,
# duplicated or reordered a message, or a scenario's own check failed. A publish retried after an unknown outcome
# is sent again with the same Idempotency-Key, so it must not be stored twice: each line counts such copies as
# stored_twice, apart from duplicated deliveries (each message carries a unique number; the copies are counted in
# the history in Redis), and any fails the run. Everything runs on free loopback ports
# and in its own directory, so runs do not collide; everything started is stopped on exit. BUILD=0 uses what
# is built (Release).
set -euo pipefail
cd "$(dirname "$0")/../.."

mode=()
case "${1:-}" in
  --short)
    mode=(--short); history_size=20000
    # The never-reader's 10,000 messages must overflow its queue after the kernel's buffers (see NeverReaderPadBytes).
    export Photon__Gateway__SubscriberQueueMessages=1024 ;;
  "") history_size=200000 ;;
  *) echo "usage: $0 [--short]" >&2; exit 2 ;;
esac
silos=2
gateways=2

source deploy/lib/free-ports.sh

free_block 1; export REDIS_PORT=$REPLY
free_block "$gateways"; export HTTP_BASE_PORT=$REPLY
free_block "$silos"; export SILO_BASE_PORT=$REPLY
free_block "$silos"; export GATEWAY_BASE_PORT=$REPLY
export PHOTON_CLUSTER_DIR=$(mktemp -d "${TMPDIR:-/tmp}/photon-faults.XXXXXX")
export PHOTON_CLUSTER_ID="faults-$$"
export CONFIGURATION=Release
# The history must hold a whole stream, so that a subscriber resuming anywhere in it loses nothing.
export PHOTON_HISTORY_SIZE=$history_size PHOTON_HISTORY_TTL=01:00:00
# Redis restarts with its data (an empty Redis has no membership table: the cluster cannot recover from that).
export REDIS_AOF=1
# Silos log each channel grain's activation at Debug: the driver kills the silo that hosts the channel.
export Logging__LogLevel__Photon=Debug
# Timestamps in every process's log, to line up what happened where after a failed run.
export Logging__Console__TimestampFormat='HH:mm:ss.fff '

status=1
cleanup() {
  # Every process at once, 5 s to stop, then SIGKILL (the script's stop gives each 10 s in turn); then its own stop.
  local pids=() pid
  for pidfile in "$PHOTON_CLUSTER_DIR"/*.pid; do
    [ -f "$pidfile" ] && pids+=("$(cat "$pidfile")")
  done
  kill "${pids[@]}" 2>/dev/null
  for _ in $(seq 1 50); do
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && break; pid=; done
    [ -z "${pid:-}" ] && break
    sleep 0.1
  done
  kill -9 "${pids[@]}" 2>/dev/null
  deploy/local-cluster.sh stop || true
  if [ "$status" = 0 ]; then rm -rf "$PHOTON_CLUSTER_DIR"; else echo "logs kept in $PHOTON_CLUSTER_DIR" >&2; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

started=$SECONDS
if [ "${BUILD:-1}" != 0 ]; then
  dotnet build -c Release tests/Photon.Faults/Photon.Faults.csproj -v q -nologo >"$PHOTON_CLUSTER_DIR/build.log" 2>&1 \
    && dotnet build -c Release src/Photon.Silo/Photon.Silo.csproj -v q -nologo >>"$PHOTON_CLUSTER_DIR/build.log" 2>&1 \
    || { cat "$PHOTON_CLUSTER_DIR/build.log" >&2; exit 1; }
fi
BUILD=0 deploy/local-cluster.sh start "$silos" "$gateways" >&2
echo "# cluster up after $((SECONDS - started)) s (ports: redis $REDIS_PORT, http $HTTP_BASE_PORT+, silo $SILO_BASE_PORT+, silo gateway $GATEWAY_BASE_PORT+)" >&2

set +e
dotnet tests/Photon.Faults/bin/Release/net10.0/Photon.Faults.dll "${mode[@]}" --silos "$silos" --gateways "$gateways"
status=$?
set -e
echo "# done after $((SECONDS - started)) s" >&2
exit "$status"
