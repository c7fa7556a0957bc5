#!/usr/bin/env bash
# The hot path's micro-benchmarks (bench/Photon.Benchmarks): builds them in Release, runs them all with
# BenchmarkDotNet's default job and prints its summary tables. Takes 10-15 minutes on two cores.
# Extra arguments go to BenchmarkDotNet, for example:
#   bench/micro.sh --job short                  # a quicker, rougher run (about 3 minutes)
#   bench/micro.sh --filter '*Fanout*'          # one class
#   bench/micro.sh --list flat                  # what there is
# Reports (markdown, CSV, HTML) land in bench/artifacts/results.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "==> dotnet build bench/Photon.Benchmarks -c Release"
dotnet build bench/Photon.Benchmarks -c Release -nologo -v q

args=("$@")
[[ " $* " == *" --filter "* || " $* " == *" --list "* ]] || args+=(--filter '*')
dotnet bench/Photon.Benchmarks/bin/Release/net10.0/Photon.Benchmarks.dll --artifacts "$PWD/bench/artifacts" "${args[@]}"
