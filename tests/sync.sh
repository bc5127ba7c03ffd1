#!/bin/sh
# qudao sync from the outside: provisioning a rep's database, bundles both
# ways, status, exit codes and messages; damaged and foreign bundles refused
# with the database unchanged; a kill -9 in the middle of an import leaves
# the database as it was, and the same bundle then imports.
# Usage: sync.sh path/to/qudao
set -u
QUDAO=$(realpath "$1")
export QUDAO_TODAY=2026-11-27 LANG=en_US.UTF-8 LC_ALL=
T=$(mktemp -d /tmp/qudao-sync-XXXXXX)
trap 'rm -rf "$T"' EXIT
export XDG_DATA_HOME="$T/data" XDG_CONFIG_HOME="$T/config"
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
expect() { # expect CODE DESCRIPTION -- command...
	code=$1; what=$2; shift 3
	"$@" >"$T/out" 2>"$T/err"
	rc=$?
	if [ "$rc" -eq "$code" ]; then ok; else bad "$what: exit $rc, wanted $code"; cat "$T/err"; fi
}
has() { if grep -qF -- "$2" "$1"; then ok; else bad "$3: no \"$2\" in $1:"; cat "$1"; fi; }
# A hash of what a database holds (another program's reading), to tell
# "unchanged" without depending on how SQLite lays out its pages.
content() {
	python3 -c 'import sqlite3, sys, hashlib
c = sqlite3.connect(sys.argv[1])
h = hashlib.sha256()
for (t,) in c.execute("SELECT name FROM sqlite_schema WHERE type = '"'table'"' AND name NOT LIKE '"'sqlite_%'"' AND name NOT LIKE '"'distributor_fts%'"' ORDER BY name"):
    for row in c.execute("SELECT * FROM \"%s\" ORDER BY 1" % t):
        h.update(repr(row).encode())
print(h.hexdigest())' "$1"
}
# The file's bytes once what is committed is in it: for "not a byte changed".
bytes() {
	python3 -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute("PRAGMA wal_checkpoint(TRUNCATE)"); c.close()' "$1"
	sha256sum <"$1"
}
# What the data holds, leaving out when bundles came and went.
data() {
	python3 -c 'import sqlite3, sys, hashlib
c = sqlite3.connect(sys.argv[1])
h = hashlib.sha256()
for (t,) in c.execute("SELECT name FROM sqlite_schema WHERE type = '"'table'"' AND name NOT LIKE '"'sqlite_%'"' AND name NOT LIKE '"'distributor_fts%'"' AND name NOT IN ('"'sync_devices'"', '"'sync_conflicts'"') ORDER BY name"):
    for row in c.execute("SELECT * FROM \"%s\" ORDER BY 1" % t):
        h.update(repr(row).encode())
print(h.hexdigest())' "$1"
}
sql() { python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])' "$1" "$2"; }

"$QUDAO" demo --db "$T/ho.db" >/dev/null || exit 1
REP=$(sql "$T/ho.db" "SELECT r.code FROM reps r JOIN distributors d ON d.owner_rep_id = r.id GROUP BY r.id ORDER BY count(*) DESC, r.code LIMIT 1")

# ---- provisioning ----
expect 0 "provision a rep's database" -- "$QUDAO" sync provision --db "$T/ho.db" --for "$REP" -o "$T/rep.db"
has "$T/out" "distributors" "provision says how many distributors"
[ -f "$T/rep.db" ] && ok || bad "the rep's database was not made"
expect 1 "provision onto an existing file" -- "$QUDAO" sync provision --db "$T/ho.db" --for "$REP" -o "$T/rep.db"
has "$T/err" "already exists" "an existing file is named"
expect 1 "provision for an unknown rep" -- "$QUDAO" sync provision --db "$T/ho.db" --for NOBODY -o "$T/x.db"
has "$T/err" "NOBODY" "the unknown rep is named"
[ -e "$T/x.db" ] && bad "a failed provision left a file" || ok
expect 2 "provision without -o" -- "$QUDAO" sync provision --db "$T/ho.db" --for "$REP"
expect 1 "provision from a rep's database" -- "$QUDAO" sync provision --db "$T/rep.db" --for "$REP" -o "$T/x2.db"
has "$T/err" "from the head office's database" "only the head office provisions"
[ -e "$T/x2.db" ] && bad "a refused provision left a file" || ok
NOBODY_REP=$(sql "$T/ho.db" "SELECT min(code) FROM reps r WHERE NOT EXISTS (SELECT 1 FROM rep_territories t WHERE t.rep_id = r.id) AND NOT EXISTS (SELECT 1 FROM distributors d WHERE d.owner_rep_id = r.id)")
if [ -n "$NOBODY_REP" ] && [ "$NOBODY_REP" != None ]; then
	expect 0 "provision for someone with no scope" -- "$QUDAO" sync provision --db "$T/ho.db" --for "$NOBODY_REP" -o "$T/x3.db"
	has "$T/err" "covers no territory" "an empty scope is pointed out"
fi
expect 0 "check the rep's database" -- "$QUDAO" check --db "$T/rep.db"
[ "$(sql "$T/rep.db" "SELECT count(*) FROM distributors")" -lt "$(sql "$T/ho.db" "SELECT count(*) FROM distributors")" ] && ok || bad "the rep's database holds every distributor"

# ---- status, in both languages ----
expect 0 "status" -- "$QUDAO" sync status --db "$T/rep.db"
has "$T/out" "This device:" "status names the device"
has "$T/out" "$REP" "status names the rep"
expect 0 "status in Chinese" -- env LANG=zh_CN.UTF-8 "$QUDAO" sync status --db "$T/rep.db"
has "$T/out" "本设备" "Chinese status"

# ---- a change each way ----
CODE=$(sql "$T/rep.db" "SELECT code FROM distributors ORDER BY code LIMIT 1")
printf 'code,name,phone\n%s,%s,13911112222\n' "$CODE" "$(sql "$T/rep.db" "SELECT name FROM distributors WHERE code = '$CODE'")" >"$T/phone.csv"
expect 0 "the rep changes a phone (through import)" -- "$QUDAO" import distributors "$T/phone.csv" --update --db "$T/rep.db"
expect 0 "the rep exports" -- "$QUDAO" sync export --db "$T/rep.db" -o "$T/r2h.qsync"
has "$T/out" "Head office" "the bundle is for the head office"
expect 0 "the head office imports" -- "$QUDAO" sync import --db "$T/ho.db" "$T/r2h.qsync"
[ "$(sql "$T/ho.db" "SELECT phone FROM distributors WHERE code = '$CODE'")" = 13911112222 ] && ok || bad "the phone did not arrive"
before=$(content "$T/ho.db")
expect 0 "the same bundle again" -- "$QUDAO" sync import --db "$T/ho.db" "$T/r2h.qsync"
has "$T/out" "already here" "the second import says it had it"
[ "$(content "$T/ho.db")" = "$before" ] && ok || bad "the second import changed the database"
expect 0 "the head office answers" -- "$QUDAO" sync export --db "$T/ho.db" --for "$REP" -o "$T/h2r.qsync"
expect 0 "the rep imports the answer" -- "$QUDAO" sync import --db "$T/rep.db" "$T/h2r.qsync"
# Export never writes over a database or any file that is not a bundle, and
# replaces an earlier bundle only when told to.
before=$(bytes "$T/ho.db")
expect 1 "export onto the head office's database" -- "$QUDAO" sync export --db "$T/rep.db" -o "$T/ho.db"
has "$T/err" "is not a qudao bundle" "a database is not written over"
[ "$(bytes "$T/ho.db")" = "$before" ] && ok || bad "the head office's database was written over"
expect 1 "export onto its own database" -- "$QUDAO" sync export --db "$T/rep.db" -o "$T/rep.db"
has "$T/err" "is this database" "its own database is named so"
"$QUDAO" check --db "$T/rep.db" >/dev/null && ok || bad "the rep's database is damaged"
expect 1 "export onto a folder" -- "$QUDAO" sync export --db "$T/rep.db" -o "$T"
has "$T/err" "is a folder" "a folder is named so"
# A bundle is a file: -o - is refused, not written to a file named "-".
(cd "$T" && expect 2 "export to -" -- "$QUDAO" sync export --db "$T/rep.db" -o -)
[ -e "$T/-" ] && bad "a bundle named - was written" || ok
expect 2 "import of -" -- "$QUDAO" sync import --db "$T/rep.db" -
has "$T/err" "A bundle is a file" "sync import - is told what to do"
expect 1 "export onto an earlier bundle" -- "$QUDAO" sync export --db "$T/ho.db" --for "$REP" -o "$T/h2r.qsync"
has "$T/err" "--force" "the way to replace it is named"
expect 0 "export onto an earlier bundle with --force" -- "$QUDAO" sync export --db "$T/ho.db" --for "$REP" -o "$T/h2r.qsync" --force
expect 0 "status after" -- "$QUDAO" sync status --db "$T/rep.db"
has "$T/out" "Unsent changes: 0" "acknowledged changes are no longer unsent"
grep -Eq '[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}' "$T/out" && ok || bad "no last export or import in local time"
grep -Eq '[0-9]T[0-9]{2}:[0-9]{2}' "$T/out" && bad "a raw UTC stamp in the status" || ok
expect 2 "export without -o" -- "$QUDAO" sync export --db "$T/rep.db"
expect 1 "export for an unknown device" -- "$QUDAO" sync export --db "$T/ho.db" --for nobody -o "$T/n.qsync"
has "$T/err" "nobody" "the unknown device is named"
expect 2 "import without a file" -- "$QUDAO" sync import --db "$T/ho.db"
expect 1 "import of a missing file" -- "$QUDAO" sync import --db "$T/ho.db" "$T/none.qsync"
expect 1 "a database given for a bundle" -- "$QUDAO" sync import --db "$T/ho.db" "$T/rep.db"
has "$T/err" "is a database, not a bundle" "a database is named as one"

# ---- damaged and foreign bundles: refused, nothing changed ----
printf 'code,name,contact\n%s,%s,改过的人\n' "$CODE" "$(sql "$T/rep.db" "SELECT name FROM distributors WHERE code = '$CODE'")" >"$T/contact.csv"
"$QUDAO" import distributors "$T/contact.csv" --update --db "$T/rep.db" >/dev/null
"$QUDAO" sync export --db "$T/rep.db" -o "$T/good.qsync" >/dev/null
"$QUDAO" sync provision --db "$T/ho.db" --for "$REP" -o "$T/rep2.db" >/dev/null
size=$(wc -c <"$T/good.qsync")
before=$(bytes "$T/ho.db")
for tenth in 0 1 2 3 4 5 6 7 8 9; do
	head -c $((size * tenth / 10)) "$T/good.qsync" >"$T/cut.qsync"
	expect 1 "a bundle cut at $tenth/10" -- "$QUDAO" sync import --db "$T/ho.db" "$T/cut.qsync"
done
has "$T/err" "not a whole qudao bundle" "a cut bundle is called so"
python3 -c 'import sys; b = bytearray(open(sys.argv[1], "rb").read()); b[-20] ^= 1; open(sys.argv[2], "wb").write(b)' "$T/good.qsync" "$T/flip.qsync"
expect 1 "a flipped byte" -- "$QUDAO" sync import --db "$T/ho.db" "$T/flip.qsync"
has "$T/err" "checksum" "the checksum is named"
printf '\033]0;owned\007\033[2J' >"$T/escape.qsync"
expect 1 "a file of escape sequences" -- "$QUDAO" sync import --db "$T/ho.db" "$T/escape.qsync"
if grep -q "$(printf '\033')" "$T/err"; then bad "an escape reached the terminal"; else ok; fi
expect 1 "its own bundle back" -- "$QUDAO" sync import --db "$T/rep.db" "$T/good.qsync"
has "$T/err" "this very database" "its own bundle is named so"
expect 1 "a bundle meant for another device" -- "$QUDAO" sync import --db "$T/rep2.db" "$T/h2r.qsync"
has "$T/err" "meant for device" "the other device is named"
[ "$(bytes "$T/ho.db")" = "$before" ] && ok || bad "a refused bundle changed a byte of the head office"
expect 0 "the good one still imports" -- "$QUDAO" sync import --db "$T/ho.db" "$T/good.qsync"

# ---- hostile bundles whose envelope holds (tests/craft_bundle.py) ----
# A fresh laptop's empty bundle gives the header; each crafted one carries
# one change an attacker chose, with a right checksum.
CRAFT="$(dirname "$0")/craft_bundle.py"
"$QUDAO" sync export --db "$T/rep2.db" -o "$T/empty.qsync" >/dev/null
DID=$(sql "$T/rep2.db" "SELECT min(id) FROM distributors")
# A change of a synced table with the wrong columns is said as such.
python3 "$CRAFT" "$T/empty.qsync" "$T/cols.qsync" columns "$DID"
cp "$T/ho.db" "$T/hx.db"
expect 1 "a change with the wrong columns" -- "$QUDAO" sync import --db "$T/hx.db" "$T/cols.qsync"
has "$T/err" "columns where this qudao has" "the columns named as the reason"
for kind in local-table bad-name columns garbage patchset name-c1; do
	python3 "$CRAFT" "$T/empty.qsync" "$T/$kind.qsync" "$kind" "$DID"
	cp "$T/ho.db" "$T/hx.db"
	before=$(bytes "$T/hx.db")
	expect 1 "a crafted bundle ($kind)" -- "$QUDAO" sync import --db "$T/hx.db" "$T/$kind.qsync"
	has "$T/err" "not imported" "the $kind bundle is refused whole"
	if grep -q "$(printf '\033')" "$T/err"; then bad "an escape of the $kind bundle reached stderr"; else ok; fi
	[ "$(bytes "$T/hx.db")" = "$before" ] && ok || bad "the $kind bundle changed a byte"
done
# A pipe nobody writes to is refused at once, not waited on.
mkfifo "$T/pipe.qsync"
expect 1 "a pipe for a bundle" -- timeout 10 "$QUDAO" sync import --db "$T/hx.db" "$T/pipe.qsync"
has "$T/err" "is not a file" "the pipe named as such"
# A name of terminal escapes is text no qudao writes (its forms and imports
# refuse control characters): the bundle is refused whole, the escapes not
# echoed, nothing changed.
python3 "$CRAFT" "$T/empty.qsync" "$T/esc.qsync" name-escapes "$DID"
cp "$T/ho.db" "$T/hx.db"
before=$(bytes "$T/hx.db")
expect 1 "a name of escapes is refused" -- "$QUDAO" sync import --db "$T/hx.db" "$T/esc.qsync"
has "$T/err" "text no qudao writes" "the reason is said"
if grep -q "$(printf '\033')" "$T/err"; then bad "an escape of the name reached stderr"; else ok; fi
[ "$(bytes "$T/hx.db")" = "$before" ] && ok || bad "the refused name changed a byte"
# Another laptop's name arrives (the later change wins), the change it
# replaced is kept.
python3 "$CRAFT" "$T/empty.qsync" "$T/esc.qsync" name-plain "$DID"
expect 0 "another laptop's name arrives" -- "$QUDAO" sync import --db "$T/hx.db" "$T/esc.qsync"
has "$T/out" "1 conflict, settled by the later change" "a conflict nothing waits on is not \"0 waiting\""
[ "$(sql "$T/hx.db" "SELECT name FROM distributors WHERE id = $DID")" = "从另一台电脑改的名称" ] && ok || bad "the name did not arrive as sent"
expect 0 "its conflict is listed" -- "$QUDAO" sync conflicts --db "$T/hx.db"
has "$T/out" "distributor" "the table is named in words"
has "$T/out" "replaced mine" "the replaced name is kept as a conflict"
expect 0 "the same bundle once more" -- "$QUDAO" sync import --db "$T/hx.db" "$T/esc.qsync"
has "$T/out" "1 conflict is open in all" "a conflict left from before is counted when none is new"
expect 0 "conflicts in Chinese" -- env LANG=zh_CN.UTF-8 "$QUDAO" sync conflicts --db "$T/hx.db"
has "$T/out" "经销商" "the table named in Chinese"
grep -q "distributors" "$T/out" && bad "a table's own name in the Chinese list" || ok
# Escapes written behind qudao's back (a forger's sqlite3) are not printed
# to a terminal either.
python3 - "$T/hx.db" "$DID" <<'EOF'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.create_function("qudao_writer", 0, lambda: 1)
c.execute("UPDATE distributors SET name = ? WHERE id = ?",
          ("\x1b]0;owned\x07\x1b[2J\x1b[31m恶意名称", int(sys.argv[2])))
c.commit()
EOF
if command -v script >/dev/null; then
	for what in "sync conflicts" "export distributors" "export distributors --format tsv" "report scorecard"; do
		# shellcheck disable=SC2086
		script -qec "\"$QUDAO\" $what --db \"$T/hx.db\"" /dev/null </dev/null >"$T/tty" 2>&1
		if grep -q "$(printf '\033')" "$T/tty"; then bad "qudao $what wrote an escape to a terminal"; else ok; fi
	done
fi
"$QUDAO" export distributors --db "$T/hx.db" -o "$T/hx.csv" >/dev/null
grep -q "$(printf '\033')" "$T/hx.csv" && ok || bad "a file export keeps the data as it is"
# Settled from the command line, as the Sync tab's m does: mine kept.
cid=$(sql "$T/hx.db" "SELECT min(id) FROM sync_conflicts WHERE state = 'open' AND tbl = 'distributors'")
mine=$(sql "$T/hx.db" "SELECT json_extract(mine, '\$.name') FROM sync_conflicts WHERE id = $cid")
expect 2 "resolve without a choice" -- "$QUDAO" sync resolve "$cid" --db "$T/hx.db"
has "$T/err" "ID --mine" "how to say it"
expect 2 "resolve with both" -- "$QUDAO" sync resolve "$cid" --mine --reviewed --db "$T/hx.db"
expect 2 "resolve keeping mine and theirs" -- "$QUDAO" sync resolve "$cid" --mine --theirs --db "$T/hx.db"
has "$T/err" "not both" "which one, asked"
expect 1 "resolve a conflict that is not there" -- "$QUDAO" sync resolve 987654321 --mine --db "$T/hx.db"
expect 0 "resolve keeping mine" -- "$QUDAO" sync resolve "$cid" --mine --db "$T/hx.db"
has "$T/out" "settled" "the conflict is said settled"
[ -n "$mine" ] && [ "$(sql "$T/hx.db" "SELECT name FROM distributors WHERE id = $DID")" = "$mine" ] && ok || bad "mine ($mine) is not back"
[ "$(sql "$T/hx.db" "SELECT state FROM sync_conflicts WHERE id = $cid")" = resolved ] && ok || bad "the conflict is still open"
expect 1 "resolve it again" -- "$QUDAO" sync resolve "$cid" --theirs --db "$T/hx.db"
expect 0 "mark the rest reviewed" -- "$QUDAO" sync resolve --reviewed --db "$T/hx.db"
expect 0 "the unsent decision is counted" -- "$QUDAO" sync status --db "$T/hx.db"
expect 0 "check after the escapes" -- "$QUDAO" check --db "$T/hx.db"
# A name too long for the schema waits for a decision; nothing is cut.
python3 "$CRAFT" "$T/empty.qsync" "$T/huge.qsync" name-huge "$DID"
cp "$T/ho.db" "$T/hx.db"
name=$(sql "$T/hx.db" "SELECT name FROM distributors WHERE id = $DID")
expect 0 "a 300,000-character name" -- "$QUDAO" sync import --db "$T/hx.db" "$T/huge.qsync"
has "$T/out" "1 waiting for a decision" "it waits for a decision"
has "$T/out" "0 changes applied" "what waits is not counted as applied"
expect 0 "the conflicts of the huge name" -- "$QUDAO" sync conflicts --db "$T/hx.db"
has "$T/out" "a value not allowed" "the rule it breaks is not called a code already used"
[ "$(sql "$T/hx.db" "SELECT name FROM distributors WHERE id = $DID")" = "$name" ] && ok || bad "the huge name replaced the one there"
expect 0 "check after the huge name" -- "$QUDAO" check --db "$T/hx.db"

# An order number both recorded offline, one in lower case: it waits at the
# head office as a duplicate; theirs as it is still clashes; keeping mine
# says their new record is deleted everywhere.
cp "$T/ho.db" "$T/hy.db"
"$QUDAO" sync provision --db "$T/hy.db" --for "$REP" -o "$T/repy.db" >/dev/null
D=$(sql "$T/repy.db" "SELECT code FROM distributors ORDER BY code LIMIT 1")
P=$(sql "$T/repy.db" "SELECT sku FROM products ORDER BY sku LIMIT 1")
printf 'order_no,distributor,order_date,status,product,quantity,unit_price\nSO-77,%s,2026-11-20,open,%s,1,10\n' "$D" "$P" >"$T/o77.csv"
sed 's/SO-77/so-77/' "$T/o77.csv" >"$T/o77b.csv"
expect 0 "the head office records SO-77" -- "$QUDAO" import orders "$T/o77.csv" --db "$T/hy.db"
expect 0 "the rep records so-77" -- "$QUDAO" import orders "$T/o77b.csv" --db "$T/repy.db"
expect 0 "the rep exports so-77" -- "$QUDAO" sync export --db "$T/repy.db" -o "$T/y.qsync"
expect 0 "the head office imports it" -- "$QUDAO" sync import --db "$T/hy.db" "$T/y.qsync"
has "$T/out" "1 waiting for a decision" "so-77 waits beside SO-77"
[ "$(sql "$T/hy.db" "SELECT count(*) FROM orders WHERE order_no LIKE 'so-77'")" = 1 ] && ok || bad "a second order of the number"
cid=$(sql "$T/hy.db" "SELECT id FROM sync_conflicts WHERE state = 'open' AND tbl = 'orders'")
expect 1 "keeping theirs as it is" -- "$QUDAO" sync resolve "$cid" --theirs --db "$T/hy.db"
has "$T/err" "so-1 is SO-1" "the clash said of an order number"
has "$T/err" "Sync tab (e)" "where to edit it"
# The rep got SO-77 before any decision, and keeps its own too.
REPY=$(sql "$T/repy.db" "SELECT printf('%016x', device_id) FROM sync_self")
expect 0 "the head office sends SO-77" -- "$QUDAO" sync export --db "$T/hy.db" --for "$REPY" -o "$T/y2.qsync"
expect 0 "the rep imports it" -- "$QUDAO" sync import --db "$T/repy.db" "$T/y2.qsync"
expect 0 "keeping mine" -- "$QUDAO" sync resolve "$cid" --mine --db "$T/hy.db"
has "$T/out" "deleted on every device" "what keeping mine deletes is said"
expect 0 "check after the order number" -- "$QUDAO" check --db "$T/hy.db"
rid=$(sql "$T/repy.db" "SELECT id FROM sync_conflicts WHERE state = 'open' AND tbl = 'orders'")
expect 0 "the rep keeps its own" -- "$QUDAO" sync resolve "$rid" --mine --db "$T/repy.db"
expect 0 "the rep sends its decision" -- "$QUDAO" sync export --db "$T/repy.db" -o "$T/y3.qsync"
expect 0 "the head office imports it" -- "$QUDAO" sync import --db "$T/hy.db" "$T/y3.qsync"
[ "$(sql "$T/hy.db" "SELECT count(*) FROM orders WHERE order_no = 'SO-77'")" = 1 ] && ok || bad "the crossed decision deleted SO-77"
# Taking the rep's deletion brings the rep's so-77 back, whole, in its place.
did=$(sql "$T/hy.db" "SELECT id FROM sync_conflicts WHERE state = 'open' AND kind = 'deleted' AND tbl = 'orders'")
expect 0 "the head office takes the deletion" -- "$QUDAO" sync resolve "$did" --theirs --db "$T/hy.db"
has "$T/out" "order SO-77 is deleted here and theirs, so-77," "the records named"
[ "$(sql "$T/hy.db" "SELECT count(*) FROM orders o JOIN order_lines l ON l.order_id = o.id WHERE o.order_no = 'so-77'")" = 1 ] && ok || bad "so-77 did not come back with its line"
expect 0 "check after taking the deletion" -- "$QUDAO" check --db "$T/hy.db"
expect 0 "the head office sends it" -- "$QUDAO" sync export --db "$T/hy.db" --for "$REPY" -o "$T/y4.qsync"
expect 0 "the rep imports it" -- "$QUDAO" sync import --db "$T/repy.db" "$T/y4.qsync"
[ "$(sql "$T/repy.db" "SELECT count(*) FROM sync_conflicts WHERE state = 'open'")" = 0 ] && ok || bad "the rep still has open conflicts"
[ "$(sql "$T/repy.db" "SELECT count(*) FROM orders WHERE order_no = 'so-77'")" = 1 ] && ok || bad "the rep lost so-77"

# ---- kill -9 in the middle of an import ----
# A bundle large enough to take a while: every distributor of the rep gets
# four hundred order lines, in one import.
python3 - "$T/rep.db" "$T/orders.csv" <<'EOF'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
dists = [r[0] for r in c.execute("SELECT code FROM distributors")]
skus = [r[0] for r in c.execute("SELECT sku FROM products LIMIT 4")]
with open(sys.argv[2], "w") as f:
    f.write("order_no,distributor,order_date,status,ship_date,product,quantity,unit_price\n")
    n = 0
    for d in dists:
        for k in range(100):
            n += 1
            for s in skus:
                f.write("K%06d,%s,2026-11-20,shipped,2026-11-21,%s,3,12.50\n" % (n, d, s))
EOF
"$QUDAO" import orders "$T/orders.csv" --db "$T/rep.db" >/dev/null || bad "the orders did not import"
"$QUDAO" sync export --db "$T/rep.db" -o "$T/big.qsync" >/dev/null
before=$(data "$T/ho.db")
# What the import gives when it runs to the end, on a copy.
cp "$T/ho.db" "$T/whole.db"
"$QUDAO" sync import --db "$T/whole.db" "$T/big.qsync" >/dev/null
whole=$(data "$T/whole.db")
killed=0
for delay in 0.05 0.1 0.2 0.3 0.5 0.7; do
	"$QUDAO" sync import --db "$T/ho.db" "$T/big.qsync" >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	now=$(data "$T/ho.db")
	# All or nothing: as before, or (when the kill came after the commit)
	# the whole bundle, never a part.
	if [ "$now" = "$before" ]; then
		killed=$((killed + 1))
		ok
	elif [ "$now" = "$whole" ]; then
		ok
		break
	else
		bad "killed after ${delay}s: the database holds part of the bundle"
	fi
done
[ "$killed" -gt 0 ] && ok || bad "the import was never killed in the middle (too fast to test)"
echo "the import was killed $killed times in the middle"
expect 0 "after the kills, the same bundle imports" -- "$QUDAO" sync import --db "$T/ho.db" "$T/big.qsync"
[ "$(data "$T/ho.db")" = "$whole" ] && ok || bad "after the kills the import gives another result than without them"
expect 0 "and the head office checks clean" -- "$QUDAO" check --db "$T/ho.db"
[ "$(sql "$T/ho.db" "SELECT count(*) FROM orders WHERE order_no LIKE 'K%'")" = "$(sql "$T/rep.db" "SELECT count(*) FROM orders WHERE order_no LIKE 'K%'")" ] && ok || bad "not every order arrived"

# ---- conflicts listed ----
expect 0 "conflicts" -- "$QUDAO" sync conflicts --db "$T/ho.db"
expect 0 "all conflicts" -- "$QUDAO" sync conflicts --all --db "$T/ho.db"
expect 2 "conflicts with a bad option" -- "$QUDAO" sync conflicts --bogus --db "$T/ho.db"
expect 0 "sync --help" -- "$QUDAO" sync --help
has "$T/out" "provision" "the kinds are listed"

# ---- a rep with two laptops ----
# Each gets its own name; a bundle --for the rep's code is refused, naming
# both with their ids (it went to one at random, refused on the other), and
# is written for either by its id or name.
"$QUDAO" demo --db "$T/two-ho.db" >/dev/null || exit 1
expect 0 "a first laptop" -- "$QUDAO" sync provision --db "$T/two-ho.db" --for "$REP" -o "$T/two-a.db"
expect 0 "a second laptop for the same rep" -- "$QUDAO" sync provision --db "$T/two-ho.db" --for "$REP" -o "$T/two-b.db"
has "$T/out" "($REP) 2" "the second laptop has its own name"
expect 1 "a bundle for the rep's code" -- "$QUDAO" sync export --db "$T/two-ho.db" --for "$REP" -o "$T/two.qsync"
has "$T/err" "names 2 devices" "the code is said to name two devices"
[ -e "$T/two.qsync" ] && bad "an ambiguous --for wrote a bundle" || ok
rep_name=$(sql "$T/two-ho.db" "SELECT name FROM reps WHERE code = '$REP'")
expect 1 "a bundle for the rep's name" -- "$QUDAO" sync export --db "$T/two-ho.db" --for "$rep_name" -o "$T/two.qsync"
has "$T/err" "names 2 devices" "the rep's name is said to name two devices too"
second=$(sql "$T/two-b.db" "SELECT printf('%016x', device_id) FROM sync_self")
has "$T/err" "$second" "the devices' ids are given"
expect 0 "a bundle for the second laptop by its id" -- "$QUDAO" sync export --db "$T/two-ho.db" --for "$second" -o "$T/two.qsync"
expect 0 "which it imports" -- "$QUDAO" sync import --db "$T/two-b.db" "$T/two.qsync"
expect 0 "a bundle for the first laptop by its name" -- "$QUDAO" sync export --db "$T/two-ho.db" --for "$rep_name ($REP)" -o "$T/two-first.qsync"
expect 0 "which it imports" -- "$QUDAO" sync import --db "$T/two-a.db" "$T/two-first.qsync"
expect 1 "and the first refuses" -- "$QUDAO" sync import --db "$T/two-a.db" "$T/two.qsync"

# ---- a lost laptop ----
# The head office forgets the first laptop: the rep's code then names the
# second alone, a bundle for the first is refused, and one from it is
# refused and changes nothing. A laptop cannot forget its head office, nor a
# database itself.
first=$(sql "$T/two-a.db" "SELECT printf('%016x', device_id) FROM sync_self")
ho_id=$(sql "$T/two-ho.db" "SELECT printf('%016x', device_id) FROM sync_self")
expect 0 "the first laptop writes a bundle before it is lost" -- "$QUDAO" sync export --db "$T/two-a.db" -o "$T/from-a.qsync"
expect 0 "forgetting the first laptop" -- "$QUDAO" sync forget --db "$T/two-ho.db" "$first"
has "$T/out" "Forgot" "it says what it forgot"
has "$T/out" "$first" "with the device's id"
expect 1 "forgetting it twice" -- "$QUDAO" sync forget --db "$T/two-ho.db" "$first"
has "$T/err" "already forgotten" "the second time says it was done"
expect 0 "a bundle for the rep's code" -- "$QUDAO" sync export --db "$T/two-ho.db" --for "$REP" -o "$T/two-code.qsync"
expect 0 "goes to the second laptop" -- "$QUDAO" sync import --db "$T/two-b.db" "$T/two-code.qsync"
expect 1 "a bundle for the forgotten laptop" -- "$QUDAO" sync export --db "$T/two-ho.db" --for "$first" -o "$T/two-lost.qsync"
has "$T/err" "forgotten" "is refused as forgotten"
[ -e "$T/two-lost.qsync" ] && bad "a bundle was written for a forgotten device" || ok
before=$(content "$T/two-ho.db")
expect 1 "a bundle from the forgotten laptop" -- "$QUDAO" sync import --db "$T/two-ho.db" "$T/from-a.qsync"
has "$T/err" "forgotten" "is refused as forgotten"
[ "$(content "$T/two-ho.db")" = "$before" ] && ok || bad "the refused bundle changed the database"
expect 1 "a laptop forgetting its head office" -- "$QUDAO" sync forget --db "$T/two-b.db" "$ho_id"
has "$T/err" "made from" "is refused"
expect 1 "a database forgetting itself" -- "$QUDAO" sync forget --db "$T/two-ho.db" "$ho_id"
has "$T/err" "own device" "is refused as itself, not as unknown"
second_id=$(sql "$T/two-b.db" "SELECT printf('%016x', device_id) FROM sync_self")
before=$(content "$T/two-a.db")
expect 1 "a laptop forgetting the rep's other laptop" -- "$QUDAO" sync forget --db "$T/two-a.db" "$second_id"
has "$T/err" "never exchanged bundles" "is refused: only a peer can be forgotten"
[ "$(content "$T/two-a.db")" = "$before" ] && ok || bad "the refused forget changed the laptop's database"
expect 1 "forgetting a device nobody knows" -- "$QUDAO" sync forget --db "$T/two-ho.db" "nobody"
# A name with a newline and an escape in it: refused as an argument, in
# one line, the escape never printed.
expect 2 "forgetting a device named with a newline" -- "$QUDAO" sync forget --db "$T/two-ho.db" "$(printf 'no\nbody\033[2J')"
has "$T/err" "control character" "the argument's control character named"
[ "$(grep -c body "$T/err")" -eq 0 ] && ok || { bad "the argument was printed:"; cat "$T/err"; }
grep -q "$(printf '\033')" "$T/err" && bad "an escape in the device named reached the terminal" || ok
expect 2 "forget without a device" -- "$QUDAO" sync forget --db "$T/two-ho.db"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
