#!/bin/sh
# Benchmark: the interface on a pseudo-terminal over 1,000 and 100,000
# distributors. Prints percentiles and peak memory; does not pass or fail on
# time. Set QUDAO_BENCH_LARGE_DB to a large demo database to skip building one
# (building takes about two minutes).
# Usage: ui.sh path/to/qudao path/to/bench_ui
set -eu
QUDAO=$1
BENCH=$2
T=$(mktemp -d /tmp/qudao-bench-ui-XXXXXX)
trap 'rm -rf "$T"' EXIT
export QUDAO_TODAY=2026-11-27
"$QUDAO" demo --db "$T/k1.db" --size 1000 --seed 1 >/dev/null
large=${QUDAO_BENCH_LARGE_DB:-}
if [ -z "$large" ]; then
	large="$T/large.db"
	"$QUDAO" demo --db "$large" --size large --seed 1
fi
"$BENCH" "$QUDAO" "$T/k1.db" "1k" | tee "$T/k1.txt"
"$BENCH" "$QUDAO" "$large" "100k" | tee "$T/large.txt"
a=$(awk '/first screen/ { print $10 }' "$T/k1.txt")
b=$(awk '/first screen/ { print $10 }' "$T/large.txt")
awk -v a="$a" -v b="$b" 'BEGIN { printf "first screen p50: 100k / 1k = %.2f\n", b / a }'
