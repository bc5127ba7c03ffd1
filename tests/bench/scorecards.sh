#!/bin/sh
# Benchmark: the Scorecards tab on a pseudo-terminal and qudao report
# scorecard against the sqlite3 shell, over 1,000 and 100,000 distributors.
# Prints figures; does not pass or fail on time. Set QUDAO_BENCH_LARGE_DB to
# a large demo database to skip building one (about two minutes).
# Usage: scorecards.sh path/to/qudao path/to/bench_scorecards path/to/scorecard_raw.sql
set -eu
QUDAO=$1
BENCH=$2
RAW=$3
command -v sqlite3 >/dev/null || { echo "the sqlite3 shell is missing: skipped"; exit 77; }
T=$(mktemp -d /tmp/qudao-bench-score-XXXXXX)
trap 'rm -rf "$T"' EXIT
export QUDAO_TODAY=2026-11-27
"$QUDAO" demo --db "$T/k1.db" --size 1000 --seed 1 >/dev/null
large=${QUDAO_BENCH_LARGE_DB:-}
if [ -z "$large" ]; then
	large="$T/large.db"
	"$QUDAO" demo --db "$large" --size large --seed 1
fi
"$BENCH" "$QUDAO" "$T/k1.db" "$RAW" "1k" | tee "$T/k1.txt"
"$BENCH" "$QUDAO" "$large" "$RAW" "100k" | tee "$T/large.txt"
a=$(awk '/open quarter/ { print $10 }' "$T/k1.txt")
b=$(awk '/open quarter/ { print $10 }' "$T/large.txt")
awk -v a="$a" -v b="$b" 'BEGIN { printf "open quarter p50: 100k / 1k = %.2f\n", b / a }'
