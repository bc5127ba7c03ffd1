#!/bin/sh
# Benchmark: the interface on a pseudo-terminal over 1,000 and 100,000
# distributors. Prints percentiles and peak memory; does not pass or fail on
# time. Set QUDAO_BENCH_LARGE_DB to a large demo database to skip building one
# (building takes about two minutes).
#
# Old against new: set QUDAO_BENCH_OLD to "OLD_QUDAO OLD_BENCH_UI", a build
# from before the shared machinery (commit 31f848d, README "Figures"), and
# optionally QUDAO_BENCH_OLD_LARGE_DB to a large demo that build made. The
# old build then runs its own benchmark on a 1,000-distributor demo it makes
# (and on its large demo), and each figure is printed old, new and new / old.
# With the old large demo and valgrind, ui_work.py then counts the
# instructions behind each figure in both builds (a few minutes each).
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

[ -n "${QUDAO_BENCH_OLD:-}" ] || exit 0
set -- $QUDAO_BENCH_OLD
"$1" demo --db "$T/old-k1.db" --size 1000 --seed 1 >/dev/null
"$2" "$1" "$T/old-k1.db" "1k" >"$T/old-k1.txt"
if [ -n "${QUDAO_BENCH_OLD_LARGE_DB:-}" ]; then
	"$2" "$1" "$QUDAO_BENCH_OLD_LARGE_DB" "100k" >"$T/old-large.txt"
fi
# compare OLD NEW: each measure both files have, its p50 and p99 (peak memory
# as it is), old and new and the ratio.
compare() {
	awk 'function field(name,   i) { for (i = 1; i <= NF; i++) if ($i == name) return $(i + 1); return "" }
	function key(   k, i) { k = ""; for (i = 2; i <= NF && $i != "n=" && $i !~ /^[0-9]/; i++) k = k (k ? " " : "") $i; return k }
	FNR == 1 { file++ }
	{ k = key(); if ($0 ~ /peak memory/) { v50[file, k] = $(NF - 1) / 1024; unit[k] = "MB" }
	  else if (field("p50") != "") { v50[file, k] = field("p50"); v99[file, k] = field("p99"); unit[k] = "ms" }
	  if (file == 1) order[++n] = k }
	END { printf "%-8s %-18s %22s %22s\n", $1, "old -> new", "p50 (new/old)", "p99 (new/old)"
	  for (i = 1; i <= n; i++) { k = order[i]; if (!((2, k) in v50)) continue
	    if (unit[k] == "MB") printf "%-8s %-18s %8.1f -> %5.1f MB (%.2fx)\n", $1, k, v50[1, k], v50[2, k], v50[2, k] / v50[1, k]
	    else printf "%-8s %-18s %6.2f -> %6.2f ms (%.2fx) %6.2f -> %6.2f ms (%.2fx)\n", $1, k,
	      v50[1, k], v50[2, k], v50[2, k] / v50[1, k], v99[1, k], v99[2, k], v99[2, k] / v99[1, k] } }' "$1" "$2"
}
echo "old against new, on demos of the same seed each build made:"
compare "$T/old-k1.txt" "$T/k1.txt"
[ ! -s "$T/old-large.txt" ] || compare "$T/old-large.txt" "$T/large.txt"

# The same keys under callgrind: instructions per key, old and new. They do
# not move with the machine's other work as the times above do.
if command -v callgrind_control >/dev/null && [ -n "${QUDAO_BENCH_OLD_LARGE_DB:-}" ]; then
	python3 "$(dirname "$0")/ui_work.py" "$QUDAO" "$large" "$1" "$QUDAO_BENCH_OLD_LARGE_DB"
fi
