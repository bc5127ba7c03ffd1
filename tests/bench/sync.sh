#!/bin/sh
# Benchmark: sync on the large demo. Prints min/median/max over repeated
# runs of the real binary (wall time, process start included):
#   - provisioning a rep's database from the large demo (target <= 10 s);
#   - exporting a bundle of 5,000 changes, the head office's for a rep, each
#     change checked against the rep's scope (target <= 1 s);
#   - importing a bundle of 50,000 changes (10,000 orders of 4 lines) into
#     the head office, in one transaction (target <= 5 s).
# QUDAO_BENCH_LARGE_DB names a large demo to copy (it is not changed);
# otherwise one is built. QUDAO_BENCH_RUNS sets the repetitions (3).
# Usage: sync.sh path/to/qudao
set -eu
QUDAO=$(realpath "$1")
RUNS=${QUDAO_BENCH_RUNS:-3}
export QUDAO_TODAY=2026-11-27 LANG=C.UTF-8 LC_ALL=
T=$(mktemp -d /tmp/qudao-bench-sync-XXXXXX)
trap 'rm -rf "$T"' EXIT
command -v python3 >/dev/null || { echo "python3 is needed"; exit 77; }
sql() { python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])' "$1" "$2"; }
now() { date +%s.%N; }
# stats NAME FILE: min/median/max of the seconds in FILE.
stats() {
	sort -n "$2" | awk -v name="$1" '{ v[NR] = $1 } END {
		printf "%-44s min %.3f s  median %.3f s  max %.3f s  (%d runs)\n", name, v[1], v[int((NR + 1) / 2)], v[NR], NR }'
}

if [ -n "${QUDAO_BENCH_LARGE_DB:-}" ]; then
	echo "copying $QUDAO_BENCH_LARGE_DB"
	cp "$QUDAO_BENCH_LARGE_DB" "$T/ho.db"
else
	echo "building the large demo (about two minutes)"
	"$QUDAO" demo --db "$T/ho.db" --size large --seed 1 >/dev/null
fi
echo "head office: $(sql "$T/ho.db" "SELECT count(*) FROM distributors") distributors, $(sql "$T/ho.db" "SELECT count(*) FROM orders") orders"
# The reps by the size of their scope (the distributors of the territories
# they cover and under them, and those they own): the median one, and the
# largest (a rep covering a whole province with its cities).
SCOPES="WITH RECURSIVE t(rep, id) AS (SELECT rep_id, territory_id FROM rep_territories
  UNION SELECT t.rep, c.id FROM territories c JOIN t ON c.parent_id = t.id),
  s AS (SELECT r.code AS code, (SELECT count(*) FROM distributors d WHERE d.territory_id IN
  (SELECT id FROM t WHERE t.rep = r.id) OR d.owner_rep_id = r.id) AS n FROM reps r
  WHERE r.role = 'rep')"
REP=$(sql "$T/ho.db" "$SCOPES SELECT code FROM s ORDER BY n, code LIMIT 1 OFFSET (SELECT count(*) / 2 FROM s)")
BIG=$(sql "$T/ho.db" "$SCOPES SELECT code FROM s ORDER BY n DESC, code LIMIT 1")

# ---- provisioning ----
for who in "$REP" "$BIG"; do
	: >"$T/provision.txt"
	for i in $(seq "$RUNS"); do
		rm -f "$T/rep-$who.db"
		start=$(now)
		"$QUDAO" sync provision --db "$T/ho.db" --for "$who" -o "$T/rep-$who.db" >"$T/provision.out"
		awk "BEGIN { print $(now) - $start }" >>"$T/provision.txt"
	done
	echo "rep $who: $(sql "$T/rep-$who.db" "SELECT count(*) FROM distributors") distributors, $(sql "$T/rep-$who.db" "SELECT count(*) FROM orders") orders, $(du -m "$T/rep-$who.db" | cut -f1) MiB"
	stats "provision rep $who's database" "$T/provision.txt"
done

# ---- export of 5,000 changes, scoped ----
# 5,000 phones of the largest rep's distributors changed at the head office,
# in one import, so that the rep's bundle carries them (and their history).
python3 - "$T/rep-$BIG.db" "$T/phones.csv" <<'EOF'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
with open(sys.argv[2], "w") as f:
    f.write("code,name,phone\n")
    for n, (code, name) in enumerate(c.execute("SELECT code, name FROM distributors ORDER BY code LIMIT 5000")):
        f.write('%s,"%s",139%08d\n' % (code, name.replace('"', '""'), n))
EOF
"$QUDAO" import distributors "$T/phones.csv" --update --db "$T/ho.db" >/dev/null
echo "head office log: $(sql "$T/ho.db" "SELECT sum(changes) FROM sync_log") changes"
# The rep's device by its id: each provisioning above made one, all with
# the rep's name, and the name alone is refused as ambiguous.
BIGDEV=$(sql "$T/rep-$BIG.db" "SELECT printf('%016x', device_id) FROM sync_self")
: >"$T/export.txt"
for i in $(seq "$RUNS"); do
	start=$(now)
	"$QUDAO" sync export --db "$T/ho.db" --for "$BIGDEV" -o "$T/h2r-$i.qsync" >"$T/export.out"
	awk "BEGIN { print $(now) - $start }" >>"$T/export.txt"
done
cat "$T/export.out"
stats "export 5,000 changes for a rep (scoped)" "$T/export.txt"
: >"$T/export_all.txt"
for i in $(seq "$RUNS"); do
	start=$(now)
	"$QUDAO" sync export --db "$T/ho.db" -o "$T/all-$i.qsync" >/dev/null
	awk "BEGIN { print $(now) - $start }" >>"$T/export_all.txt"
done
stats "export 5,000 changes for anyone" "$T/export_all.txt"

# ---- import of 50,000 changes ----
python3 - "$T/rep-$REP.db" "$T/orders.csv" <<'EOF'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
dists = [r[0] for r in c.execute("SELECT code FROM distributors")]
skus = [r[0] for r in c.execute("SELECT sku FROM products LIMIT 4")]
with open(sys.argv[2], "w") as f:
    f.write("order_no,distributor,order_date,status,ship_date,product,quantity,unit_price\n")
    for n in range(10000):
        for s in skus:
            f.write("B%06d,%s,2026-11-20,shipped,2026-11-21,%s,3,12.50\n" % (n, dists[n % len(dists)], s))
EOF
"$QUDAO" import orders "$T/orders.csv" --db "$T/rep-$REP.db" >/dev/null
"$QUDAO" sync export --db "$T/rep-$REP.db" -o "$T/big.qsync" >"$T/big.out"
cat "$T/big.out"
echo "bundle: $(du -k "$T/big.qsync" | cut -f1) KiB"
: >"$T/import.txt"
for i in $(seq "$RUNS"); do
	cp "$T/ho.db" "$T/ho-copy.db"
	# The 3 GB copy is written out before the clock starts: its writeback
	# is the copy's cost, not the import's (it moved the figure by a second).
	sync
	start=$(now)
	"$QUDAO" sync import --db "$T/ho-copy.db" "$T/big.qsync" >"$T/import.out"
	awk "BEGIN { print $(now) - $start }" >>"$T/import.txt"
	rm -f "$T/ho-copy.db" "$T/ho-copy.db-wal" "$T/ho-copy.db-shm"
done
cat "$T/import.out"
stats "import a 50,000-change bundle" "$T/import.txt"
