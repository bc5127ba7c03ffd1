#!/bin/sh
# qudao report scorecard from the outside: formats, periods, filters, the
# explanation, and the same numbers in every format.
# Usage: cli_scorecard.sh path/to/qudao
set -u
QUDAO=$1
export QUDAO_TODAY=2026-11-27
T=$(mktemp -d /tmp/qudao-cli-score-XXXXXX)
trap 'rm -rf "$T"' EXIT
export XDG_DATA_HOME="$T/data" XDG_CONFIG_HOME="$T/config"
pass=0 fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# expect CODE DESCRIPTION -- command...: runs it, keeps stdout/stderr in $T/out, $T/err.
expect() {
	code=$1; what=$2; shift 3
	"$@" >"$T/out" 2>"$T/err"
	rc=$?
	if [ "$rc" -eq "$code" ]; then ok; else bad "$what: exit $rc, wanted $code"; cat "$T/err"; fi
}
has() { # has FILE TEXT DESCRIPTION
	if grep -qF -- "$2" "$1"; then ok; else bad "$3: no \"$2\" in $1:"; head -20 "$1"; fi
}

command -v python3 >/dev/null || { echo "python3 is missing: skipped"; exit 77; }
DB="$T/d.db"
"$QUDAO" demo --db "$DB" --seed 3 >/dev/null || { echo "no demo"; exit 1; }
R() { "$QUDAO" --lang en report scorecard --db "$DB" "$@"; }

expect 0 "report lists its kinds" -- "$QUDAO" --lang en report --help
has "$T/out" "scorecard" "the scorecard kind is listed"

expect 0 "a table" -- R --period 2026-Q3
has "$T/out" "Grade" "the table has its header"
has "$T/out" "Rebate" "the table shows the rebate"

# CSV: the header, one row per scored distributor in rank order, numbers
# that parse, n/a as an empty cell.
expect 0 "CSV" -- R --period 2026-Q3 --format csv
cp "$T/out" "$T/q3.csv"
[ "$(head -1 "$T/q3.csv" | tr -d '\r')" = "code,name,sales,collection,price,territory,visits,inventory,service,training,score,grade,rank,rebate" ] &&
	ok || bad "CSV header: $(head -1 "$T/q3.csv")"
python3 - "$T/q3.csv" "$DB" <<'EOF' && ok || bad "CSV rows do not hold"
import csv, sqlite3, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
assert len(rows) > 100, len(rows)
db = sqlite3.connect(sys.argv[2])
scored = db.execute("SELECT count(*) FROM distributors WHERE agreement_start <= '2026-09-30'"
                    " AND agreement_end >= '2026-07-01'").fetchone()[0]
assert len(rows) == scored, (len(rows), scored)
last = 0
for r in rows:
    assert 1 <= int(r["rank"]) and int(r["rank"]) >= last, r
    last = int(r["rank"])
    assert r["grade"] in "ABCD", r
    assert 0 <= float(r["score"]) <= 100, r
    for part in ("sales", "collection", "price", "territory", "visits", "inventory", "service", "training"):
        assert r[part] == "" or 0 <= float(r[part]) <= 100, (part, r)
    float(r["rebate"])
# A better score never has a worse rank.
for a, b in zip(rows, rows[1:]):
    assert float(a["score"]) >= float(b["score"]), (a, b)
assert any(float(r["rebate"]) > 0 for r in rows)
EOF

# JSON: the same rows, numbers as numbers, n/a as null.
expect 0 "JSON" -- R --period 2026-Q3 --format json
python3 - "$T/out" "$T/q3.csv" <<'EOF' && ok || bad "JSON does not match the CSV"
import csv, json, sys
rows = json.load(open(sys.argv[1], encoding="utf-8"))
cs = list(csv.DictReader(open(sys.argv[2], encoding="utf-8")))
assert len(rows) == len(cs)
for j, c in zip(rows, cs):
    assert j["code"] == c["code"] and j["grade"] == c["grade"]
    assert abs(j["score"] - float(c["score"])) < 1e-9
    assert (j["sales"] is None) == (c["sales"] == "")
EOF

# Periods: a month, a year; a bad one is a usage error.
expect 0 "a month" -- R --period 2026-08 --format csv
expect 0 "a year" -- R --period 2025 --format csv
expect 2 "a bad period" -- R --period 2026-Q5
has "$T/err" "2026-Q5" "the bad period is named"
expect 2 "an unknown option" -- R --colour
expect 2 "a format that is none" -- R --format xml

# Filters: a region's rows are those of its distributors alone.
region=$(python3 -c 'import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute("SELECT code FROM regions ORDER BY code LIMIT 1").fetchone()[0])' "$DB")
expect 0 "a region" -- R --period 2026-Q3 --region "$region" --format csv
python3 - "$T/out" "$T/q3.csv" "$DB" "$region" <<'EOF' && ok || bad "the region's rows"
import csv, sqlite3, sys
mine = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
every = {r["code"]: r for r in csv.DictReader(open(sys.argv[2], encoding="utf-8"))}
db = sqlite3.connect(sys.argv[3])
inside = {c for (c,) in db.execute(
    "WITH RECURSIVE up(t, id, region) AS (SELECT id, id, region_id FROM territories"
    " UNION ALL SELECT up.t, p.id, p.region_id FROM up JOIN territories c ON c.id = up.id"
    " JOIN territories p ON p.id = c.parent_id WHERE up.region IS NULL)"
    " SELECT d.code FROM distributors d JOIN up ON up.t = d.territory_id JOIN regions r"
    " ON r.id = up.region WHERE r.code = ?", (sys.argv[4],))}
assert mine and len(mine) < len(every)
for r in mine:
    assert r["code"] in inside, r["code"]
    # the same numbers as in the whole list, rank included
    assert r == every[r["code"]], (r, every[r["code"]])
EOF
expect 1 "a region that is none" -- R --region NOWHERE
has "$T/err" "NOWHERE" "the missing region is named"
expect 1 "a rep that is none" -- R --rep NOBODY

# The explanation: the same score, its eight parts, the rows behind them.
# (expect sets $code: the distributor's is $dcode.)
# The best-ranked one that shipped orders in the quarter.
line=$(python3 - "$T/q3.csv" "$DB" <<'EOF'
import csv, sqlite3, sys
c = sqlite3.connect(sys.argv[2])
for row in list(csv.reader(open(sys.argv[1], encoding="utf-8-sig")))[1:]:
    n = c.execute("SELECT count(*) FROM orders o JOIN distributors d ON d.id = o.distributor_id"
                  " WHERE d.code = ? AND o.ship_date BETWEEN '2026-07-01' AND '2026-09-30'",
                  (row[0],)).fetchone()[0]
    if n:
        print(row[0] + "," + row[10])
        break
EOF
)
dcode=${line%,*}
dscore=${line#*,}
expect 0 "an explanation" -- R --period 2026-Q3 --explain "$dcode"
has "$T/out" "$dcode" "the explanation names the distributor"
has "$T/out" "score $dscore" "the explanation's score is the list's"
has "$T/out" "Sales achievement" "the parts are named"
has "$T/out" "The built-in settings are in force." "no version stored: the built-in settings"
expect 0 "an explanation as CSV" -- R --period 2026-Q3 --explain "$dcode" --format csv
[ "$(grep -c ',score,2026-Q3,' "$T/out")" -eq 8 ] && ok || bad "eight parts in the explanation CSV"
grep -q ',order,' "$T/out" && ok || bad "no orders behind the score"
expect 1 "an explanation of no one" -- R --explain NOBODY-1
has "$T/err" "NOBODY-1" "the missing code is named"

# In Chinese.
expect 0 "a table in Chinese" -- "$QUDAO" --lang zh report scorecard --db "$DB" --period 2026-Q3
has "$T/out" "评级" "the Chinese header"
has "$T/out" "返利" "the Chinese rebate header"
expect 0 "an explanation in Chinese" -- "$QUDAO" --lang zh report scorecard --db "$DB" --period 2026-Q3 --explain "$dcode"
has "$T/out" "销售达成" "the parts in Chinese"

# A name with an escape sequence reaches no terminal.
python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("UPDATE distributors SET name = ? WHERE code = ?", ("坏\x1b]0;x\x07名 🍜", sys.argv[2]))
c.commit()' "$DB" "$dcode"
expect 0 "a hostile name" -- R --period 2026-Q3
if python3 -c 'import sys
t = open(sys.argv[1], "rb").read().decode("utf-8")
sys.exit(0 if "\x1b" in t or "\x07" in t else 1)' "$T/out"; then bad "an escape reached the table"; else ok; fi
has "$T/out" "🍜" "the emoji is kept"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
