#!/bin/sh
# Benchmark: the visit calendar on a pseudo-terminal, on the large demo
# (500,000 visits) or QUDAO_BENCH_LARGE_DB: month switch, day move, opening
# a visit, the plan proposal and saving a recorded visit, for the rep with
# the most visits this month. QUDAO_BENCH_SIZE builds another size instead
# (5000 for a quick run). Prints percentiles; does not pass or fail on time.
# It plans RECORDABLE visits for today in the database and records them, and
# proposes next month for that rep: run it on a database you can spare.
# Usage: calendar.sh path/to/qudao path/to/bench_calendar
set -eu
QUDAO=$1
BENCH=$2
T=$(mktemp -d /tmp/qudao-bench-cal-XXXXXX)
trap 'rm -rf "$T"' EXIT
export QUDAO_TODAY=2026-11-27
RECORDABLE=20
db=${QUDAO_BENCH_LARGE_DB:-}
if [ -z "$db" ]; then
	db="$T/bench.db"
	"$QUDAO" demo --db "$db" --size "${QUDAO_BENCH_SIZE:-large}" --seed 1
fi
rep=$(python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
print(c.execute("SELECT r.code FROM reps r JOIN visit_day k ON k.rep_id = r.id"
    " WHERE k.day LIKE ? AND r.role = ? GROUP BY r.id"
    " ORDER BY sum(k.planned + k.confirmed + k.done + k.missed + k.cancelled) DESC LIMIT 1",
    ("2026-11-%", "rep")).fetchone()[0])' "$db")
# Visits to record, planned today before the day's others; their ids go to
# $T/ids for the count of those recorded after the run.
python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1], timeout=30)
rep = c.execute("SELECT id FROM reps WHERE code = ?", (sys.argv[2],)).fetchone()[0]
dists = [r[0] for r in c.execute("SELECT id FROM distributors WHERE owner_rep_id = ?"
    " AND status = ? ORDER BY id LIMIT ?", (rep, "active", int(sys.argv[3])))]
ids = []
for i, d in enumerate(dists):
    ids.append(c.execute("INSERT INTO visits(id, distributor_id, rep_id, planned_at, status, purpose)"
        " VALUES (abs(random() % 9000000000000000000) + 1, ?, ?, ?, ?, ?) RETURNING id",
        (d, rep, "2026-11-27T00:%02d" % i, "confirmed", "routine")).fetchone()[0])
c.commit()
open(sys.argv[4], "w").write(" ".join(map(str, ids)))' "$db" "$rep" "$RECORDABLE" "$T/ids"
mkdir -p "$T/config/qudao"
printf 'user = %s\n' "$rep" >"$T/config/qudao/config"
n=$(python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM visits").fetchone()[0])' "$db")
echo "calendar of rep $rep on $db ($n visits)"
december() {
	python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
print(c.execute("SELECT count(*) FROM visits v JOIN reps r ON r.id = v.rep_id"
    " WHERE r.code = ? AND v.planned_at LIKE ?", (sys.argv[2], "2026-12-%")).fetchone()[0])' "$db" "$rep"
}
before=$(december)
"$BENCH" "$QUDAO" "$db" "$T/config" "$RECORDABLE" "$(basename "$db" .db)"
# What the run did: on a database an earlier run used, the day's first visit
# may be one recorded then (the figures for opening and saving are then not
# the record form's) and next month's plan is already there.
python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
ids = open(sys.argv[2]).read().split()
done = c.execute("SELECT count(*) FROM visits WHERE status = ? AND id IN (%s)"
    % ",".join("?" * len(ids)), ["done"] + [int(i) for i in ids]).fetchone()[0]
print("recorded %d of the %d visits planned for the run" % (done, len(ids)))
if done != len(ids):
    print("warning: the open and save figures are not all the record form'"'"'s"
        " (a database an earlier run used?)")' "$db" "$T/ids"
echo "the proposal added $(($(december) - before)) visits to 2026-12"
