#!/bin/sh
# Benchmark: importing order lines from CSV through qudao import (every row
# checked and written through db_order_add), the same file through the
# sqlite3 shell's .import into a plain table on the same machine, and the
# ratio of their medians; then exporting every distributor. Three runs each,
# min / median / max. It prints figures; it does not judge them (the goals:
# 1,000,000 lines at 100,000 rows/s or more, at most 1.5x the shell's
# .import; all 100,000 distributors exported in 1 s or less).
#
# The database: QUDAO_BENCH_LARGE_DB (the large demo; each import run works
# on a copy of it), else a demo of QUDAO_BENCH_DISTRIBUTORS (5,000) built
# here. QUDAO_BENCH_LINES sets how many order lines (1,000,000).
# Usage: import_export.sh path/to/qudao
set -eu
QUDAO=$1
LINES=${QUDAO_BENCH_LINES:-1000000}
T=$(mktemp -d /tmp/qudao-bench-io-XXXXXX)
trap 'rm -rf "$T"' EXIT
export QUDAO_TODAY=2026-11-27 LANG=C.UTF-8 LC_ALL=
command -v sqlite3 >/dev/null || { echo "the sqlite3 shell is missing (apt-get install sqlite3): skipped"; exit 77; }

base=${QUDAO_BENCH_LARGE_DB:-}
if [ -z "$base" ]; then
	base="$T/base.db"
	"$QUDAO" demo --db "$base" --size "${QUDAO_BENCH_DISTRIBUTORS:-5000}" --seed 1 >/dev/null
fi
n_dist=$("$QUDAO" export distributors --db "$base" -o "$T/dist.csv" 2>&1 | awk '{ print $2 }')
"$QUDAO" export products --db "$base" -o "$T/prod.csv" 2>/dev/null

# Orders of one to five lines, about three on average, for distributors with a
# territory, shipped, with the tier B price: all valid.
awk -F, -v lines="$LINES" '
	FNR == 1 { next }
	FILENAME ~ /dist/ && $6 != "" { d[nd++] = $1; next }
	FILENAME ~ /prod/ { p[np++] = $1; price[np - 1] = $6; next }
	END {
		srand(1)
		print "order_no,distributor,order_date,status,ship_date,product,quantity,unit_price"
		n = 0
		for (o = 1; n < lines; o++) {
			k = 1 + int(rand() * 5); dist = d[int(rand() * nd)]
			day = sprintf("2026-10-%02d", 1 + int(rand() * 28))
			for (i = 0; i < k && n < lines; i++) {
				j = (o + i) % np
				printf "BENCH-%09d,%s,%s,shipped,%s,%s,%d,%s\n", o, dist, day, day, p[j], 1 + int(rand() * 200), price[j]
				n++
			}
		}
	}' "$T/dist.csv" "$T/prod.csv" >"$T/lines.csv"
echo "order lines: $LINES ($(du -m "$T/lines.csv" | cut -f1) MiB), into a database of $n_dist distributors"

now() { date +%s.%N; }
stats() { # stats WHAT UNIT VALUES...: min / median / max
	what=$1 unit=$2
	shift 2
	printf '%s\n' "$@" | sort -g | awk -v w="$what" -v u="$unit" '
		{ v[NR] = $1 } END { printf "%-44s min %8.3f  median %8.3f  max %8.3f %s\n", w, v[1], v[int((NR + 1) / 2)], v[NR], u }'
}
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

q_times="" s_times="" rates=""
for run in 1 2 3; do
	cp "$base" "$T/run.db"
	rm -f "$T/run.db-wal" "$T/run.db-shm"
	t0=$(now)
	"$QUDAO" import orders "$T/lines.csv" --db "$T/run.db" >"$T/out" 2>&1 || { cat "$T/out"; exit 1; }
	t1=$(now)
	q=$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')
	q_times="$q_times $q"
	rates="$rates $(awk -v n="$LINES" -v s="$q" 'BEGIN { print n / s }')"
	rm -f "$T/plain.db"
	t0=$(now)
	sqlite3 "$T/plain.db" -cmd ".mode csv" ".import $T/lines.csv lines"
	t1=$(now)
	s_times="$s_times $(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')"
done
stats "qudao import orders ($LINES lines)" s $q_times
stats "  rows per second" rows/s $rates
stats "sqlite3 .import into a plain table" s $s_times
awk -v a="$(median $q_times)" -v b="$(median $s_times)" \
	'BEGIN { printf "qudao import / sqlite3 .import (medians): %.2fx\n", a / b }'
tail -1 "$T/out"

e_times=""
for run in 1 2 3; do
	t0=$(now)
	"$QUDAO" export distributors --db "$base" -o "$T/all.csv" 2>/dev/null
	t1=$(now)
	e_times="$e_times $(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')"
done
stats "qudao export distributors ($n_dist)" s $e_times
