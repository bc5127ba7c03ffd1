#!/bin/sh
# Benchmark: the territory map on a pseudo-terminal over 1,000 and 100,000
# distributors (first draw, metric and period switch, cell move, panel
# open), and `qudao report territories --format csv` against the sqlite3
# shell computing the same per-province sales from the raw orders. Prints
# figures; does not pass or fail on time. Set QUDAO_BENCH_LARGE_DB to a large
# demo database to skip building one (about two minutes).
# Usage: map.sh path/to/qudao path/to/bench_map [path/to/sqlite3]
set -eu
QUDAO=$1
BENCH=$2
SHELL3=${3:-}
T=$(mktemp -d /tmp/qudao-bench-map-XXXXXX)
trap 'rm -rf "$T"' EXIT
export QUDAO_TODAY=2026-11-27
"$QUDAO" demo --db "$T/k1.db" --size 1000 --seed 1 >/dev/null
large=${QUDAO_BENCH_LARGE_DB:-}
if [ -z "$large" ]; then
	large="$T/large.db"
	"$QUDAO" demo --db "$large" --size large --seed 1
fi
"$BENCH" "$QUDAO" "$T/k1.db" "$SHELL3" "1k"
"$BENCH" "$QUDAO" "$large" "$SHELL3" "100k"
