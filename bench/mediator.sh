#!/usr/bin/env bash
# MediatR + behaviours overhead per request, in process (BenchmarkDotNet; about a minute). Results in bench/Recert.Benchmarks/BenchmarkDotNet.Artifacts.
set -euo pipefail
cd "$(dirname "$0")/Recert.Benchmarks"
dotnet run -c Release -- --filter '*MediatorOverhead*' --artifacts ./BenchmarkDotNet.Artifacts "$@"
