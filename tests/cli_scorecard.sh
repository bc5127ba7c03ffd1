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
# A dormant distributor: its agreement starts after the quarter's last
# training, it is visited once a year, and nothing else is recorded for it.
quiet_start=$(python3 - "$DB" <<'EOF'
import datetime, sqlite3, sys
c = sqlite3.connect(sys.argv[1])
last = c.execute("SELECT max(held_on) FROM trainings WHERE held_on BETWEEN '2026-07-01'"
                 " AND '2026-09-30'").fetchone()[0]
start = (datetime.date.fromisoformat(last) + datetime.timedelta(days=1)).isoformat() \
    if last else "2026-07-01"
assert start <= "2026-09-30", start
print(start)
EOF
) && [ -n "$quiet_start" ] || { echo "no dormant distributor"; exit 1; }
# Written as another qudao process would (its kept-figure triggers made).
"$QUDAO_SQL" "$DB" "INSERT INTO distributors(id, code, name, status, territory_id,
  agreement_start, agreement_end, visit_every_days) VALUES (88000001, 'ZZ-QUIET', '安静商行',
  'active', (SELECT territory_id FROM distributors WHERE territory_id IS NOT NULL LIMIT 1),
  '$quiet_start', '2027-12-31', 366)" || { echo "no dormant distributor"; exit 1; }
R() { "$QUDAO" --lang en report scorecard --db "$DB" "$@"; }

expect 0 "report lists its kinds" -- "$QUDAO" --lang en report --help
has "$T/out" "scorecard" "the scorecard kind is listed"

expect 0 "a table" -- R --period 2026-Q3
has "$T/out" "Grade" "the table has its header"
has "$T/out" "Rebate" "the table shows the rebate"

# CSV: the header, one row per distributor whose agreement ran, the ranked
# in rank order, then those terminated in the period (scored, not ranked),
# then those not scored (no score, grade or rank);
# numbers that parse, n/a as an empty cell.
expect 0 "CSV" -- R --period 2026-Q3 --format csv
cp "$T/out" "$T/q3.csv"
[ "$(head -1 "$T/q3.csv" | tr -d '\r')" = "code,name,sales,collection,price,territory,visits,inventory,service,training,score,grade,rank,rebate,not_ranked" ] &&
	ok || bad "CSV header: $(head -1 "$T/q3.csv")"
python3 - "$T/q3.csv" "$DB" <<'EOF' && ok || bad "CSV rows do not hold"
import csv, sqlite3, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
assert len(rows) > 100, len(rows)
db = sqlite3.connect(sys.argv[2])
# (A terminated one's agreement ended when it was terminated.)
scored = db.execute("SELECT count(*) FROM distributors d WHERE agreement_start <= '2026-09-30'"
                    " AND agreement_end >= '2026-07-01' AND NOT (status = 'terminated' AND"
                    " (SELECT max(changed_at) FROM status_history h WHERE h.distributor_id = d.id"
                    " AND h.to_status = 'terminated') < '2026-07-01')").fetchone()[0]
assert len(rows) == scored, (len(rows), scored)
ranked = [r for r in rows if r["rank"] != ""]
assert rows[:len(ranked)] == ranked, "a distributor not ranked among the ranked"
gone = [r for r in rows[len(ranked):] if r["score"] != ""]
assert rows[len(ranked):len(ranked) + len(gone)] == gone, "the terminated apart"
unscored = rows[len(ranked) + len(gone):]
ended = {c for (c,) in db.execute("SELECT code FROM distributors d WHERE status = 'terminated'"
                                  " AND (SELECT max(changed_at) FROM status_history h WHERE"
                                  " h.distributor_id = d.id AND h.to_status = 'terminated')"
                                  " BETWEEN '2026-07-01' AND '2026-09-30T99'")}
assert gone and {r["code"] for r in gone} <= ended, (gone, ended)
assert not ended & {r["code"] for r in ranked}, ended & {r["code"] for r in ranked}
for r in gone:
    assert r["grade"] in "ABCD" and r["grade"] and r["rank"] == "", r
    # Why it has no rank, said (a grade without a rank was not).
    assert r["not_ranked"] == "terminated in the period", r
for r in unscored:
    assert r["not_ranked"] in ("no activity", "too few parts", "not weighted"), r
# The terminated best first, as the ranked (they came in id order).
assert [float(r["score"]) for r in gone] == sorted((float(r["score"]) for r in gone), reverse=True), gone
print(gone[0]["code"], file=open(sys.argv[1] + ".gone", "w"))
assert len(ranked) > 100, len(ranked)
last = 0
for r in ranked:
    assert r["not_ranked"] == "", r
    assert 1 <= int(r["rank"]) and int(r["rank"]) >= last, r
    last = int(r["rank"])
    assert r["grade"] in "ABCD" and r["grade"], r
    assert 0 <= float(r["score"]) <= 100, r
parts = ("sales", "collection", "price", "territory", "visits", "inventory", "service", "training")
for r in rows:
    for part in parts:
        assert r[part] == "" or 0 <= float(r[part]) <= 100, (part, r)
    float(r["rebate"])
# A better score never has a worse rank.
for a, b in zip(ranked, ranked[1:]):
    assert float(a["score"]) >= float(b["score"]), (a, b)
assert any(float(r["rebate"]) > 0 for r in ranked)
# Not scored: no score, grade or rank; only service measured.
assert "ZZ-QUIET" in [r["code"] for r in unscored], [r["code"] for r in unscored]
for r in unscored:
    assert r["score"] == r["grade"] == r["rank"] == "", r
    assert all(r[p] == "" for p in parts if p != "service"), r
# Between equal ranks, and among those not scored, by id (a fixed order),
# as the Scorecards tab lists them.
ids = dict(db.execute("SELECT code, id FROM distributors"))
ties = 0
for a, b in zip(ranked, ranked[1:]):
    if a["rank"] == b["rank"]:
        ties += 1
        assert ids[a["code"]] < ids[b["code"]], (a["code"], b["code"])
assert ties > 0
assert [ids[r["code"]] for r in unscored] == sorted(ids[r["code"]] for r in unscored)
# The dormant one is not the best: the first ranked did business.
n = db.execute("SELECT count(*) FROM orders o JOIN distributors d ON d.id = o.distributor_id"
               " WHERE d.code = ? AND o.ship_date BETWEEN '2026-07-01' AND '2026-09-30'",
               (ranked[0]["code"],)).fetchone()[0]
assert n > 0, ranked[0]
EOF

# JSON: the same rows, numbers as numbers, n/a as null.
# While the quarter runs, no rebate is "not reached" for a month not begun;
# a rule on one category names it.
rcode=$(sed -n 2p "$T/q3.csv" | cut -d, -f1)
expect 0 "an explanation of this quarter" -- R --period 2026-Q4 --explain "$rcode" --format csv
grep -q '^Rebate,rebate,2026-12,' "$T/out" && bad "December's rebate listed in November" || ok
grep -q '^Rebate,rebate,2026-1[01],.* · ' "$T/out" && ok || bad "no category named on a rebate row: $(grep '^Rebate' "$T/out" | head -2)"
# One terminated in the quarter says so in its explanation's first row.
gcode=$(cat "$T/q3.csv.gone")
expect 0 "the explanation of one terminated" -- R --period 2026-Q3 --explain "$gcode" --format csv
sed -n 2p "$T/out" | grep -q "^Overall score,score,2026-Q3,$gcode .*Terminated in the period" && ok || bad "$gcode's first row does not say it was terminated: $(sed -n 2p "$T/out")"
# Its sales against the target of its days of business, not of the quarter
# (paced to today, its score drifted with the days after it left).
grep -q "^Sales achievement,.*(its [0-9]* days of business of the period's 92, up to its agreement's end, of a " "$T/out" &&
	ok || bad "$gcode's sales not paced to its days of business: $(grep '^Sales achievement,score' "$T/out")"

expect 0 "JSON" -- R --period 2026-Q3 --format json
python3 - "$T/out" "$T/q3.csv" <<'EOF' && ok || bad "JSON does not match the CSV"
import csv, json, sys
rows = json.load(open(sys.argv[1], encoding="utf-8"))
cs = list(csv.DictReader(open(sys.argv[2], encoding="utf-8")))
assert len(rows) == len(cs)
for j, c in zip(rows, cs):
    assert j["code"] == c["code"] and (j["grade"] or "") == c["grade"]
    if c["score"] == "":
        assert j["score"] is None and j["grade"] is None and j["rank"] is None, j
    else:
        assert abs(j["score"] - float(c["score"])) < 1e-9
        assert j["rank"] == (int(c["rank"]) if c["rank"] else None), (j, c)
    assert (j["sales"] is None) == (c["sales"] == "")
assert [j for j in rows if j["code"] == "ZZ-QUIET"][0]["score"] is None
assert [j for j in rows if j["code"] == "ZZ-QUIET"][0]["not_ranked"] == "no_activity"
assert {j["not_ranked"] for j in rows if j["rank"] is None} >= {"terminated_in_the_period", "no_activity"}
assert all(j["not_ranked"] is None for j in rows if j["rank"] is not None)
EOF
# The table marks it.
expect 0 "a table with the dormant one" -- R --period 2026-Q3
grep "ZZ-QUIET" "$T/out" | grep -qF "no activity" && ok || bad "the table marks the dormant one: $(grep ZZ-QUIET "$T/out")"
expect 0 "its explanation" -- R --period 2026-Q3 --explain ZZ-QUIET
has "$T/out" "not scored (no activity)" "the explanation says it is not scored"
has "$T/out" "Service only takes points off" "the explanation says why"
# The code in full-width forms, as an import reads it ("no distributor").
expect 0 "its explanation by the code in full-width forms" -- R --period 2026-Q3 --explain ＺＺ－ＱＵＩＥＴ
has "$T/out" "not scored (no activity)" "the full-width code is the distributor's"

# Periods: a month, a year; a bad one is a usage error.
# --bom for Excel, as other reports and exports take it; CSV headers in
# the language asked for (JSON keys stay English), as qudao export writes.
expect 0 "CSV with a BOM" -- R --period 2026-Q3 --format csv --bom
[ "$(head -c 3 "$T/out" | od -An -tx1 | tr -d ' ')" = "efbbbf" ] && ok || bad "no BOM"
expect 0 "CSV in Chinese" -- "$QUDAO" --lang zh report scorecard --db "$DB" --period 2026-Q3 --format csv
has "$T/out" "编码,名称" "Chinese CSV headers"
expect 0 "JSON in Chinese" -- "$QUDAO" --lang zh report scorecard --db "$DB" --period 2026-Q3 --format json
has "$T/out" '"code":' "JSON keys stay English"
expect 0 "an explanation as Chinese CSV" -- "$QUDAO" --lang zh report scorecard --db "$DB" --period 2026-Q3 --explain ZZ-QUIET --format csv
has "$T/out" "评分项," "the explanation's Chinese headers"
expect 0 "a month" -- R --period 2026-08 --format csv
expect 0 "a year" -- R --period 2025 --format csv
expect 2 "a bad period" -- R --period 2026-Q5
has "$T/err" "2026-Q5" "the bad period is named"
# A year qudao does not keep is said so, in the screen's words (it was
# "not a period").
expect 2 "a year qudao does not keep" -- R --period 1999
has "$T/err" "1999 is outside the years qudao keeps, 2000 to 2999." "the years kept are named"
# A period that starts after today has nothing to score: refused, naming
# the period and today; the current, unfinished one is scored.
expect 2 "a future month" -- R --period 2026-12
has "$T/err" "2026-12" "the future period is named"
has "$T/err" "2026-11-27" "today is named"
expect 2 "a future quarter's explanation" -- R --period 2027-Q1 --explain ZZ-QUIET
has "$T/err" "2027-Q1" "the future quarter is named"
expect 2 "a future year" -- R --period 2027 --format csv
expect 0 "the current month" -- R --period 2026-11 --format csv
expect 0 "the current year" -- R --period 2026 --format csv
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
# The region by its name, as a manager says it (华南区): the same rows.
cp "$T/out" "$T/region_code.csv"
region_name=$(python3 -c 'import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute("SELECT name FROM regions WHERE code = ?", (sys.argv[2],)).fetchone()[0])' "$DB" "$region")
expect 0 "a region by its name" -- R --period 2026-Q3 --region "$region_name" --format csv
cmp -s "$T/out" "$T/region_code.csv" && ok || bad "the region by its name lists what its code does"
expect 1 "a region that is none" -- R --region NOWHERE
has "$T/err" "NOWHERE" "the missing region is named"
has "$T/err" "code or name" "and what to give instead"
expect 1 "a rep that is none" -- R --rep NOBODY
# Nothing to list is said on stderr, the file a header alone: a manager's
# own code, a period before the data (they printed the header, no word).
M=$(python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT code FROM reps WHERE role = '"'manager'"' ORDER BY code").fetchone()[0])' "$DB")
expect 0 "a manager's own code" -- R --rep "$M" --format csv
has "$T/err" "No distributor owned by $M is on the scorecards" "an empty list for a rep is said"
MR=$(python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT g.code FROM reps p JOIN regions g ON g.id = p.region_id WHERE p.code = ?", (sys.argv[2],)).fetchone()[0])' "$DB" "$M")
has "$T/err" "$M is a manager: for the whole region, give --region $MR." "and the way to the manager's region"
# A rep who is no manager and owns nothing: no word of a manager's region.
printf 'code,name,phone\nR9902,新来的业务员,13800138002\n' >"$T/newrep.csv"
"$QUDAO" import reps "$T/newrep.csv" --db "$DB" >/dev/null 2>&1 || bad "a new rep was not imported"
expect 0 "a new rep's own code" -- R --rep R9902 --format csv
has "$T/err" "No distributor owned by R9902 is on the scorecards" "an empty list for a new rep is said"
if grep -q "manager" "$T/err"; then bad "a rep who is no manager is told of a manager's region"; cat "$T/err"; else ok; fi
[ "$(wc -l <"$T/out")" = 1 ] && ok || bad "the CSV is its header alone"
expect 0 "a period before the data" -- R --period 2020-Q1
has "$T/err" "No distributor is on the scorecards of 2020-Q1" "an empty period is said"
R0=$(python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT p.code FROM reps p JOIN regions g ON g.id = p.region_id WHERE p.role = '"'rep'"' AND g.code <> '"'S'"' ORDER BY p.code").fetchone()[0])' "$DB")
expect 0 "a rep outside the region given" -- R --rep "$R0" --region S
has "$T/err" "No distributor owned by $R0 in region S is on the scorecards" "the two filters are both said"

# The explanation: the same score, its eight parts, the rows behind them.
# (expect sets $code: the distributor's is $dcode.)
# One that shipped orders in the quarter, whatever its rank, found by SQL;
# its score read from the CSV.
line=$(python3 - "$T/q3.csv" "$DB" <<'EOF'
import csv, sqlite3, sys
c = sqlite3.connect(sys.argv[2])
code = c.execute("SELECT d.code FROM orders o JOIN distributors d ON d.id = o.distributor_id"
                 " WHERE o.status IN ('shipped', 'delivered') AND o.ship_date BETWEEN"
                 " '2026-07-01' AND '2026-09-30' GROUP BY d.code ORDER BY count(*) DESC, d.code"
                 " LIMIT 1").fetchone()[0]
for row in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig")):
    if row["code"] == code:
        print(code + "," + row["score"])
EOF
)
dcode=${line%,*}
dscore=${line#*,}
expect 0 "an explanation" -- R --period 2026-Q3 --explain "$dcode"
has "$T/out" "$dcode" "the explanation names the distributor"
has "$T/out" "score $dscore" "the explanation's score is the list's"
has "$T/out" "Sales achievement" "the parts are named"
# Its column holds the money and the counts' quantities: it says both.
head -4 "$T/out" | grep -qE '^Part .* Amount or quantity ' && ok || bad "the amount column's title: $(sed -n 4p "$T/out")"
has "$T/out" "The built-in settings are in force." "no version stored: the built-in settings"
# The meaning, the table's last column, is written whole, not cut at 40.
has "$T/out" "n/a without a target" "the sales part's meaning whole"
has "$T/out" "How it is counted: sales shipped" "the inputs, then how they are counted, as on the screen"
grep -q '…$' "$T/out" && bad "a meaning cut with …" || ok
expect 0 "an explanation as CSV" -- R --period 2026-Q3 --explain "$dcode" --format csv
[ "$(grep -c ',score,2026-Q3,' "$T/out")" -eq 9 ] && ok || bad "the whole and eight parts in the explanation CSV"
grep -q ',order,' "$T/out" && ok || bad "no orders behind the score"
# The first row is the whole score with its grade, rank and rebate, as the
# list has them; amounts are plain yuan; the parts' scores and weights are
# numbers of their own.
python3 - "$T/out" "$T/q3.csv" "$dcode" <<'EOF' && ok || bad "the explanation CSV's numbers"
import csv, re, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig")))
board = {r["code"]: r for r in csv.DictReader(open(sys.argv[2], encoding="utf-8-sig"))}
me = board[sys.argv[3]]
first = rows[0]
assert first["part"] == "Overall score" and first["what"].startswith(sys.argv[3]), first
for k in ("score", "grade", "rank", "rebate"):
    assert first["amount" if k == "rebate" else k] == me[k], (k, first, me)
parts = rows[1:9]
assert all(p["kind"] == "score" for p in parts), parts
assert sum(float(p["weight"]) for p in parts if p["weight"]) > 99.8, parts
# What each part cost, as the screen's Cost column: negative, and together
# what the score lost (the report had no cost at all).
costs = [float(p["cost"]) for p in parts if p["cost"]]
assert costs and all(c < 0 for c in costs), parts
if "normalised" not in first["meaning"]:
    assert abs(-sum(costs) - (100 - float(first["score"]))) < 0.05, (costs, first["score"])
for r in rows[9:]:
    if r["amount"] and r["kind"] != "inventory count":
        assert re.fullmatch(r"-?[0-9]+\.[0-9]{2}", r["amount"]), r
EOF
expect 0 "an explanation as JSON" -- R --period 2026-Q3 --explain "$dcode" --format json
python3 - "$T/out" <<'EOF' && ok || bad "the explanation JSON's keys and numbers"
import json, sys
rows = json.load(open(sys.argv[1]))
assert rows[0]["part"] == "total" and isinstance(rows[0]["score"], float), rows[0]
assert isinstance(rows[0]["rank"], int) and rows[0]["grade"] in "ABCD", rows[0]
assert [r["part"] for r in rows[1:9]] == ["sales", "collection", "price", "territory",
    "visits", "inventory", "service", "training"], rows[1:9]
orders = [r for r in rows if r["kind"] == "order"]
assert orders and all(isinstance(r["amount"], float) for r in orders), orders[:2]
EOF
# An order shipped outside its territory is evidence for sales and for
# territory discipline: listed under both.
xcode=$(sqlite3 "$DB" "SELECT d.code FROM orders o JOIN distributors d ON d.id = o.distributor_id WHERE o.ship_territory_id IS NOT d.territory_id AND o.ship_date BETWEEN '2026-07-01' AND '2026-09-30' AND o.status IN ('shipped', 'delivered') ORDER BY d.code LIMIT 1")
expect 0 "an explanation with an order shipped outside" -- R --period 2026-Q3 --explain "$xcode" --format csv
grep -q '^Territory discipline,order,' "$T/out" && ok || bad "$xcode: the order shipped outside is not under territory discipline"
expect 1 "an explanation of no one" -- R --explain NOBODY-1
has "$T/err" "There is no distributor with the code \"NOBODY-1\"." "the missing code is named as missing"
# One that exists but had no agreement running then is said so (both
# were "No distributor … is scored for this period", as if it existed).
expect 1 "an explanation of one not scored then" -- R --period 2020 --explain "$dcode"
has "$T/err" "$dcode is not scored in 2020: its agreement did not run then." "why it is not scored"
# An empty code is no code (it said "No distributor  is scored"), and a
# code pasted with spaces around it is the code.
expect 2 "an explanation of an empty code" -- R --explain ''
has "$T/err" "--explain needs a value" "an empty code asked for"
expect 2 "a rep of spaces" -- R --rep '  '
expect 0 "a code with spaces around it" -- R --period 2026-Q3 --explain " $dcode "
has "$T/out" "$dcode" "the code found"

# In Chinese.
expect 0 "a table in Chinese" -- "$QUDAO" --lang zh report scorecard --db "$DB" --period 2026-Q3
has "$T/out" "评级" "the Chinese header"
has "$T/out" "返利" "the Chinese rebate header"
grep "ZZ-QUIET" "$T/out" | grep -qF "无业务" && ok || bad "the Chinese table marks the dormant one"
expect 0 "an explanation in Chinese" -- "$QUDAO" --lang zh report scorecard --db "$DB" --period 2026-Q3 --explain "$dcode"
has "$T/out" "销售达成" "the parts in Chinese"

# The same report through qudao export, as a file for Chinese Excel: GB18030
# with Chinese headers, the same rows as the report's CSV; never over the
# database; --bom with GB18030 is refused.
expect 0 "export scorecard" -- "$QUDAO" --lang zh export scorecard --db "$DB" --period 2026-Q3 \
	--encoding gb18030 -o "$T/sc-gb.csv"
has "$T/err" "sc-gb.csv" "the export says where it wrote"
iconv -f gb18030 -t utf-8 "$T/sc-gb.csv" >"$T/sc-gb-utf8.csv" && ok || bad "not GB18030"
head -1 "$T/sc-gb-utf8.csv" | grep -q "^编码,名称," && ok || bad "Chinese headers: $(head -1 "$T/sc-gb-utf8.csv")"
# (All but why a row has no rank, which is in the words of the language.)
[ "$(tail -n +2 "$T/sc-gb-utf8.csv" | tr -d '\r' | sed 's/,[^,]*$//')" = "$(tail -n +2 "$T/q3.csv" | tr -d '\r' | sed 's/,[^,]*$//')" ] &&
	ok || bad "the export's rows differ from the report's"
head -1 "$T/sc-gb-utf8.csv" | grep -q ",未排名原因" && ok || bad "the Chinese header of why not ranked"
grep -q ",本期内已终止" "$T/sc-gb-utf8.csv" && ok || bad "the Chinese words of why not ranked"
expect 1 "export over the database" -- "$QUDAO" export scorecard --db "$DB" -o "$DB"
has "$T/err" "destroy" "says it would destroy the database"
expect 2 "--bom with gb18030" -- "$QUDAO" export scorecard --db "$DB" --bom --encoding gb18030 -o "$T/x.csv"
[ ! -e "$T/x.csv" ] && ok || bad "a file was written"
expect 0 "export the territory map" -- "$QUDAO" --lang en export territory-map --db "$DB" --period 2026-Q3 -o "$T/tm.csv"
expect 0 "report the territory map" -- "$QUDAO" --lang en report territories --db "$DB" --period 2026-Q3 --format csv
cmp -s "$T/out" "$T/tm.csv" && ok || bad "export territory-map differs from report territories"

# A name with an escape sequence reaches no terminal.
python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.create_function("qudao_writer", 0, lambda: 1)  # writes behind qudao, as a forger would
c.execute("UPDATE distributors SET name = ? WHERE code = ?", ("坏\x1b]0;x\x07名 🍜", sys.argv[2]))
c.commit()' "$DB" "$dcode"
expect 0 "a hostile name" -- R --period 2026-Q3
if python3 -c 'import sys
t = open(sys.argv[1], "rb").read().decode("utf-8")
sys.exit(0 if "\x1b" in t or "\x07" in t else 1)' "$T/out"; then bad "an escape reached the table"; else ok; fi
has "$T/out" "🍜" "the emoji is kept"

# While the quarter runs, sales at the pace of the target: the days over of
# all of them (today is not); a target of only some of the quarter's months
# (December's alone, not begun) is not spread over the days, it is whole.
expect 0 "this quarter's sales at the pace" -- R --period 2026-Q4 --explain "$rcode"
has "$T/out" "(57 of 92 days of a " "the pace counts the days over"
printf 'distributor,period,amount\nZZ-QUIET,2026-12,100000\n' >"$T/dec.csv"
expect 0 "a December target alone" -- "$QUDAO" --lang en import targets "$T/dec.csv" --db "$DB"
expect 0 "its explanation" -- R --period 2026-Q4 --explain ZZ-QUIET
has "$T/out" "of a ¥100,000.00 target" "a target of only some months is whole"
grep -q "days of a ¥100,000.00 target" "$T/out" && bad "a December target was spread over the quarter's days" || ok

# Normalised: the explanation names the best it is divided by, with the
# scores before to two decimals, so that it can be worked out again (it
# said only "before that 96.1").
cp "$DB" "$T/norm.db"
"$QUDAO_SQL" "$T/norm.db" "INSERT INTO score_settings(id, from_month, w_sales, w_collection,
  w_price, w_territory, w_visits, w_inventory, w_service, w_training, threshold,
  d_price_violation, d_cross_territory, d_return, d_quality, d_complaint, grade_a, grade_b,
  grade_c, normalise) VALUES (77, '2026-07', 30, 20, 10, 10, 10, 5, 10, 5, 0, 5, 5, 5, 5, 5,
  85, 70, 55, 1)"
ncode=$("$QUDAO" report scorecard --db "$T/norm.db" --period 2026-Q3 --format csv | awk -F, 'NR == 30 { print $1 }')
expect 0 "a normalised score explained" -- "$QUDAO" --lang en report scorecard --db "$T/norm.db" --period 2026-Q3 --explain "$ncode" --format table
python3 - "$T/out" <<'EOF' && ok || bad "the normalised score worked out again from its explanation"
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r"score ([0-9.]+),.*\nNormalised to the best of its region: ([0-9.]+) before ÷ ([0-9.]+) \(([A-Z]+-[0-9]+)'s\) × 100 = ([0-9.]+)\.", text)
assert m, text[:400]
score, before, best, code, again = m.groups()
assert score == again, (score, again)
# Exactly, rounded half up: the scores before are shown as they are
# (80.845 was shown 80.85, whose quotient did not round to the score).
from decimal import Decimal, ROUND_HALF_UP
q = (Decimal(before) / Decimal(best) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
assert q == Decimal(score), (m.groups(), q)
EOF

# The collection's deduction says the days the billing was spread over: the
# days overdue are worked out again from what it shows (58 was used where
# the title said 57 days over, and 58 was said nowhere).
python3 - "$QUDAO" "$DB" <<'EOF' && ok || bad "the days of billing overdue worked out again"
import csv, io, re, subprocess, sys
q, db = sys.argv[1], sys.argv[2]
env = {"QUDAO_TODAY": "2026-11-27", "LANG": "C.UTF-8"}
board = subprocess.run([q, "--lang", "en", "report", "scorecard", "--db", db, "--format", "csv"],
                       capture_output=True, text=True, env=env, check=True).stdout
found = 0
for row in list(csv.DictReader(io.StringIO(board)))[:60]:
    out = subprocess.run([q, "--lang", "en", "report", "scorecard", "--db", db, "--explain",
                          row["code"], "--format", "csv"], capture_output=True, text=True,
                         env=env, check=True).stdout
    m = re.search(r"of ¥([0-9,.]+) due in ([0-9]+) days; ¥([0-9,.]+) overdue at the end, as much as ([0-9]+) days of that billing", out)
    if not m:
        continue
    due, days, over, said = (float(m.group(1).replace(",", "")), int(m.group(2)),
                             float(m.group(3).replace(",", "")), int(m.group(4)))
    assert days == 58, m.groups()
    assert round(over * days / due) == said, m.groups()
    found += 1
assert found, "no distributor with an overdue balance among the first 60"
EOF

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
