#!/bin/sh
# Benchmark: the cost of writes as an account grows (see bench_writes.c).
# Usage: writes.sh path/to/bench_writes
set -eu
T=$(mktemp -d /tmp/qudao-bench-writes-XXXXXX)
trap 'rm -rf "$T"' EXIT
"$1" "$T" "${QUDAO_BENCH_DISTRIBUTORS:-100000}"
