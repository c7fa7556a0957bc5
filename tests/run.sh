#!/usr/bin/env bash
# The test command: installs what the tests need on a fresh machine, then runs every test.
# Usage: tests/run.sh [extra dotnet test arguments]
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v node >/dev/null || need_apt+=(nodejs npm)
command -v redis-server >/dev/null || need_apt+=(redis-server)
command -v curl >/dev/null || need_apt+=(curl)
# The browser tests drive the system's Chromium through Playwright (no browser download).
[ -x /usr/bin/chromium ] || [ -n "${PHOTON_CHROMIUM:-}" ] || need_apt+=(chromium)
if ((${#need_apt[@]})); then
  echo "==> installing ${need_apt[*]}"
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

echo "==> npm ci (the TypeScript clients the interop tests drive)"
npm ci --prefix tests/interop --no-audit --no-fund --loglevel=error

# The whole solution, not only what the test projects reference: the cluster tests run the silo and the fault driver as processes.
echo "==> dotnet build"
dotnet build Photon.Orleans.sln -c Release -nologo -v q

echo "==> dotnet test"
dotnet test Photon.Orleans.sln -c Release --no-build "$@"
