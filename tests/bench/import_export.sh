#!/bin/sh
# Benchmark: importing order lines from CSV through qudao import (every row
# checked and written through db_order_add), the same file through the
# sqlite3 shell's .import into a plain table on the same machine, and the
# ratio of their medians; the same lines written by the sqlite3 shell
# alone into qudao's own tables (the floor any import into this schema
# meets); then exporting every distributor. Three runs each,
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

# The floor: the sqlite3 shell alone writing the same orders and lines into
# a copy of the database, with qudao's schema (its indexes and foreign keys)
# but none of qudao's work: no checks, no kept figures, no sync log. (Its
# guard triggers call a function only qudao defines, so they are dropped.)
cat >"$T/floor.sql" <<EOF
PRAGMA foreign_keys = ON; PRAGMA cache_size = -262144; PRAGMA temp_store = MEMORY;
.mode csv
.import $T/lines.csv raw
.mode list
BEGIN;
DROP TRIGGER orders_by_qudao_insert; DROP TRIGGER order_lines_by_qudao_insert;
CREATE TEMP TABLE ord AS SELECT 9000000000000 + row_number() OVER () AS id, order_no,
  min(distributor) AS d, min(order_date) AS od, min(ship_date) AS sd,
  sum(CAST(round(quantity * unit_price * 100) AS INTEGER)) AS tot FROM raw GROUP BY order_no;
CREATE INDEX temp.ord_no ON ord(order_no);
INSERT INTO orders(id, order_no, distributor_id, order_date, ship_territory_id, status,
  total_fen, ship_date)
  SELECT o.id, o.order_no, ds.id, o.od, ds.territory_id, 'shipped', o.tot, o.sd
  FROM temp.ord o JOIN distributors ds ON ds.code = o.d ORDER BY o.id;
INSERT INTO order_lines(id, order_id, product_id, quantity, unit_price_fen)
  SELECT 8000000000000 + r.rowid, o.id, p.id, r.quantity,
  CAST(round(r.unit_price * 100) AS INTEGER)
  FROM raw r JOIN temp.ord o ON o.order_no = r.order_no JOIN products p ON p.sku = r.product
  ORDER BY r.rowid;
DROP TABLE raw;
COMMIT;
EOF

q_times="" s_times="" rates="" f_times=""
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
	cp "$base" "$T/run.db"
	rm -f "$T/run.db-wal" "$T/run.db-shm"
	t0=$(now)
	sqlite3 "$T/run.db" <"$T/floor.sql" >"$T/out.floor" 2>&1 || { cat "$T/out.floor"; exit 1; }
	t1=$(now)
	f_times="$f_times $(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')"
done
stats "qudao import orders ($LINES lines)" s $q_times
stats "  rows per second" rows/s $rates
stats "sqlite3 .import into a plain table" s $s_times
stats "sqlite3 alone into qudao's tables (floor)" s $f_times
awk -v a="$(median $q_times)" -v b="$(median $s_times)" \
	'BEGIN { printf "qudao import / sqlite3 .import (medians): %.2fx\n", a / b }'
awk -v a="$(median $f_times)" -v b="$(median $s_times)" -v n="$LINES" \
	'BEGIN { printf "floor / sqlite3 .import (medians): %.2fx, %.0f rows/s\n", a / b, n / a }'
awk -v a="$(median $q_times)" -v b="$(median $f_times)" \
	'BEGIN { printf "qudao import / floor (medians): %.2fx\n", a / b }'
tail -1 "$T/out"

e_times=""
for run in 1 2 3; do
	t0=$(now)
	"$QUDAO" export distributors --db "$base" -o "$T/all.csv" 2>/dev/null
	t1=$(now)
	e_times="$e_times $(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')"
done
stats "qudao export distributors ($n_dist)" s $e_times
