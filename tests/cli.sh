#!/bin/sh
# The real binary from the outside: exit codes, messages on stderr, languages,
# refusal of bad files. Usage: cli.sh path/to/qudao
set -u
QUDAO=$1
ICS_LINT=${2:-}
export QUDAO_TODAY=2026-11-27
T=$(mktemp -d /tmp/qudao-cli-XXXXXX)
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
	if grep -qF -- "$2" "$1"; then ok; else bad "$3: no \"$2\" in $1:"; cat "$1"; fi
}

expect 0 "--version" -- env LANG=C "$QUDAO" --version
has "$T/out" "qudao 0." "version printed"

expect 0 "--help in English" -- env LANG=en_US.UTF-8 LC_ALL= "$QUDAO" --help
has "$T/out" "Usage: qudao" "English help"
has "$T/out" "demo" "help lists demo"

expect 0 "--help in Chinese" -- env LANG=zh_CN.UTF-8 LC_ALL= "$QUDAO" --help
has "$T/out" "用法" "Chinese help"

expect 0 "--lang zh overrides an English locale" -- env LANG=en_US.UTF-8 "$QUDAO" --lang zh --help
has "$T/out" "用法" "--lang zh"

# A terminal that cannot be used, on the first run as on any other: a failure,
# and the TERM named without its escape obeyed.
for db in "$T/first-run.db" ""; do
	[ -n "$db" ] || { "$QUDAO" demo --db "$T/term.db" --size 300 --seed 1 >/dev/null; db="$T/term.db"; }
	expect 1 "an unusable TERM ($db)" -- env TERM="$(printf 'vt\033[31mx')" LANG=en_US.UTF-8 "$QUDAO" --db "$db"
	has "$T/err" "cannot use this terminal" "an unusable TERM is said ($db)"
	if grep -q "$(printf '\033')" "$T/err"; then bad "the TERM's escape reached stderr ($db)"; else ok; fi
done
# A terminal that cannot place the cursor showed an empty screen taking keys.
expect 1 "TERM=dumb" -- env TERM=dumb LANG=en_US.UTF-8 "$QUDAO" --db "$T/term.db"
has "$T/err" "cannot place the cursor" "TERM=dumb is said"
check_no_file() { [ ! -e "$1" ] && ok || bad "$2"; }
check_no_file "$T/first-run.db" "no database made when the terminal cannot be used"

expect 2 "unknown command" -- env LANG=en_US.UTF-8 "$QUDAO" frobnicate
has "$T/err" "Unknown command" "unknown command message"
has "$T/err" "Usage:" "usage line on stderr"
[ -s "$T/out" ] && bad "usage error printed on stdout" || ok

expect 2 "unknown command, in Chinese" -- env LANG=zh_CN.UTF-8 "$QUDAO" frobnicate
has "$T/err" "未知命令" "Chinese usage error"

expect 2 "unknown option" -- "$QUDAO" --frob
expect 2 "--db without a value" -- "$QUDAO" check --db
expect 2 "bad --lang" -- "$QUDAO" --lang fr --help
has "$T/err" "fr" "bad language named"
expect 2 "bad QUDAO_TODAY" -- env QUDAO_TODAY=2026-02-30 "$QUDAO" --help
has "$T/err" "QUDAO_TODAY" "bad today named"
expect 2 "bad demo size" -- "$QUDAO" demo --db "$T/x.db" --size huge
has "$T/err" "huge" "bad size named"
expect 2 "bad demo date" -- "$QUDAO" demo --db "$T/x.db" --today 2026-13-01
expect 2 "bad demo seed" -- "$QUDAO" demo --db "$T/x.db" --seed -4
[ -e "$T/x.db" ] && bad "a refused demo left a file" || ok
# Every command takes --help: demo and check too (they said "Unknown option").
expect 0 "demo --help" -- "$QUDAO" demo --db "$T/x.db" --help
has "$T/out" "--size small|large|COUNT" "demo --help shows its usage"
[ -e "$T/x.db" ] && bad "demo --help made a database" || ok
expect 0 "check -h" -- "$QUDAO" check -h
has "$T/out" "Usage: qudao check" "check -h shows its usage"

expect 0 "demo builds" -- "$QUDAO" demo --db "$T/d.db" --seed 7
has "$T/out" "300" "demo final line counts distributors"
[ "$(stat -c %a "$T/d.db")" = 600 ] && ok || bad "demo database is not 0600"
ls "$T"/d.db.building* >/dev/null 2>&1 && bad "temporary file left behind" || ok

expect 0 "check on the demo" -- "$QUDAO" check --db "$T/d.db"
has "$T/out" "integrity ok" "check says ok"

expect 1 "demo refuses to overwrite" -- "$QUDAO" demo --db "$T/d.db"
has "$T/err" "--force" "overwrite refusal says how"
expect 0 "demo --force replaces" -- "$QUDAO" demo --db "$T/d.db" --seed 8 --force

# --force keeps the old database and its WAL whole until the new one is in
# place: a committed change that is still only in the old file's WAL survives a
# rebuild that is killed, and one that is refused because the old file is open.
if command -v python3 >/dev/null; then
	# wal_commit DB: commits a marked change and leaves it in DB's WAL, as a
	# program that crashed before its checkpoint would.
	wal_commit() {
		python3 -c 'import os, sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.create_function("qudao_writer", 0, lambda: 1)  # writes behind qudao, as a forger would
c.execute("PRAGMA wal_autocheckpoint = 0")
c.execute("UPDATE distributors SET notes = ? WHERE code = (SELECT min(code) FROM distributors)",
          ("kept in the WAL",))
c.commit()
os._exit(0)' "$1"
	}
	# kept DB: how many rows carry the mark (reading replays the WAL).
	kept() {
		python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
print(c.execute("SELECT count(*) FROM distributors WHERE notes = ?", ("kept in the WAL",)).fetchone()[0])' "$1"
	}
	W="$T/w.db"
	"$QUDAO" demo --db "$W" --seed 7 >/dev/null
	wal_commit "$W"
	[ -s "$W-wal" ] && ok || bad "the marked change is not in a WAL"

	"$QUDAO" demo --db "$W" --size 20000 --force >/dev/null 2>&1 &
	pid=$!
	i=0
	while [ ! -s "$W.building-$pid" ] && [ "$i" -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	sleep 1
	kill -9 "$pid"
	wait "$pid" 2>/dev/null
	[ -e "$W.building-$pid" ] && ok || bad "the killed build left no $W.building-$pid"
	[ "$(kept "$W")" = 1 ] && ok || bad "a killed demo --force lost a change committed in the old WAL"

	# A file of a live process (this shell) is someone's build: left alone.
	echo building >"$W.building-$$"
	wal_commit "$W"
	python3 -c 'import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1])
c.execute("SELECT count(*) FROM distributors").fetchone()
print("open", flush=True)
time.sleep(60)' "$W" >"$T/holder" &
	holder=$!
	i=0
	while ! grep -q open "$T/holder" && [ "$i" -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	expect 1 "demo --force refuses a database in use" -- "$QUDAO" demo --db "$W" --force
	has "$T/err" "in use" "the refusal says the database is in use"
	kill "$holder"
	wait "$holder" 2>/dev/null
	[ "$(kept "$W")" = 1 ] && ok || bad "a refused demo --force lost a change committed in the old WAL"
	[ -e "$W.building-$pid" ] && bad "the next demo left the killed build's $W.building-$pid" || ok
	[ -e "$W.building-$$" ] && ok || bad "demo removed the building file of a live process"
	[ "$(ls "$T" | grep -c "^w.db.building-")" = 1 ] && ok ||
		bad "a refused demo left its building file: $(ls "$T")"

	wal_commit "$W"
	expect 0 "demo --force replaces a database with a WAL" -- "$QUDAO" demo --db "$W" --seed 8 --force
	[ -e "$W-wal" ] && bad "demo --force left the old WAL beside the new file" || ok
	[ "$(kept "$W")" = 0 ] && ok || bad "the old WAL was replayed onto the new demo"
	expect 0 "check on the replaced demo" -- "$QUDAO" check --db "$W"
	rm -f "$W.building-$$"
else
	echo "SKIP: python3 is missing; demo --force and the WAL not tested"
fi

expect 1 "check on a missing file" -- "$QUDAO" check --db "$T/missing.db"
[ -e "$T/missing.db" ] && bad "check created a file" || ok

printf 'name,phone\n张三,138\n' >"$T/notes.csv"
sum_before=$(sha256sum <"$T/notes.csv")
expect 1 "check refuses a CSV file" -- "$QUDAO" check --db "$T/notes.csv"
has "$T/err" "not a qudao database" "CSV refusal message"
[ "$(sha256sum <"$T/notes.csv")" = "$sum_before" ] && ok || bad "CSV file was changed"

expect 1 "interface refuses a CSV file" -- "$QUDAO" --db "$T/notes.csv"
[ "$(sha256sum <"$T/notes.csv")" = "$sum_before" ] && ok || bad "CSV file was changed"

# Default paths follow XDG_DATA_HOME.
expect 0 "demo at the default path" -- "$QUDAO" demo
[ -f "$T/data/qudao/demo.db" ] && ok || bad "no demo at \$XDG_DATA_HOME/qudao/demo.db"

# The config file picks the language.
mkdir -p "$T/config/qudao"
printf '# qudao\nlang = zh\n' >"$T/config/qudao/config"
expect 0 "config lang" -- env LANG=en_US.UTF-8 "$QUDAO" --help
has "$T/out" "用法" "config lang = zh"
expect 0 "--lang beats config" -- env LANG=en_US.UTF-8 "$QUDAO" --lang en --help
has "$T/out" "Usage" "--lang en over config"
rm "$T/config/qudao/config"

# Nothing on a pipe but the final line: no progress bar escapes.
"$QUDAO" demo --db "$T/p.db" >"$T/out" 2>"$T/err"
[ -s "$T/err" ] && bad "demo wrote to stderr on a pipe" || ok
[ "$(wc -l <"$T/out")" -eq 1 ] && ok || bad "demo printed more than one line on a pipe"

# ---- files that must not be trusted ----

# no_escapes FILE WHAT: no ESC, BEL, C1 control or invalid UTF-8 byte (a lone
# 0x9b is a CSI to many terminals) reached FILE.
no_escapes() {
	if python3 -c 'import sys
data = open(sys.argv[1], "rb").read()
try:
    text = data.decode("utf-8")
except UnicodeDecodeError:
    sys.exit(0)
sys.exit(0 if any(c in "\x1b\x07" or 0x80 <= ord(c) <= 0x9f for c in text) else 1)' "$1"; then
		bad "$2: a terminal escape reached the output:"; od -c "$1" | head -5
	else
		ok
	fi
}

if command -v python3 >/dev/null; then
	"$QUDAO" demo --db "$T/planted.db" --size 60 >/dev/null
	python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.executescript("CREATE TRIGGER evil AFTER UPDATE ON distributors BEGIN DELETE FROM orders; END;")' "$T/planted.db"
	sum_before=$(sha256sum <"$T/planted.db")
	expect 1 "a planted trigger is refused by the interface" -- "$QUDAO" --db "$T/planted.db"
	has "$T/err" "evil" "the refusal names the trigger"
	expect 1 "check lists the planted trigger" -- "$QUDAO" check --db "$T/planted.db"
	has "$T/out" "evil" "check names the trigger"
	[ "$(sha256sum <"$T/planted.db")" = "$sum_before" ] && ok || bad "the planted file was changed"

	# A table named with an OSC 52 (clipboard) and an OSC 0 (title) sequence.
	"$QUDAO" demo --db "$T/osc.db" --size 60 >/dev/null
	python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("CREATE TABLE \"x\x1b]52;c;cHduZWQ=\x07\" (a)")
c.execute("CREATE TABLE \"y\x1b]0;PWNED\x07\x9b31m\" (a)")
c.commit()' "$T/osc.db"
	expect 1 "check on a file with escape sequences in its names" -- "$QUDAO" check --db "$T/osc.db"
	no_escapes "$T/out" "check's report"
	no_escapes "$T/err" "check's errors"
	expect 1 "the interface refuses it" -- "$QUDAO" --db "$T/osc.db"
	no_escapes "$T/err" "the refusal"
fi

# check never writes: not even the schema into an empty file.
: >"$T/empty.db"
expect 1 "check on an empty file" -- "$QUDAO" check --db "$T/empty.db"
has "$T/err" "not a qudao database" "an empty file is not a qudao database"
[ ! -s "$T/empty.db" ] && ok || bad "check wrote into an empty file"
sum_before=$(sha256sum <"$T/d.db")
expect 0 "check leaves a good database as it was" -- "$QUDAO" check --db "$T/d.db"
[ "$(sha256sum <"$T/d.db")" = "$sum_before" ] && ok || bad "check changed the database"

# Escapes in a path, QUDAO_TODAY and unknown arguments are not echoed raw;
# an argument with a control character is refused as such (exit 2), and
# one longer than any path.
expect 2 "a path with escapes" -- "$QUDAO" check --db "$T/$(printf 'a\033]0;PWNED\007b').db"
no_escapes "$T/err" "the path in the message"
has "$T/err" "Argument 3 (after \"--db\") has a control character" "the argument refused is named"
expect 2 "an import file named with a newline" -- "$QUDAO" import distributors "$(printf 'bad\nname.csv')" --db "$T/d.db"
[ "$(wc -l <"$T/err")" -eq 1 ] && ok || { bad "the refusal is not one line:"; cat "$T/err"; }
# A C1 control (U+009B, the one-character CSI) in UTF-8 is one too; the
# same byte in a path of another encoding is not read as one.
expect 2 "a language with a C1 control" -- "$QUDAO" --lang "$(printf 'z\302\233h')" --help
has "$T/err" "Argument 2 (after \"--lang\") has a control character" "the C1 control is refused as such"
[ "$(wc -l <"$T/err")" -eq 1 ] && ok || { bad "the C1 refusal is not one line:"; cat "$T/err"; }
expect 2 "an argument longer than any path" -- "$QUDAO" report scorecard --db "$T/d.db" --rep "$(printf '%05000d' 0)"
has "$T/err" "5000 bytes long" "the length is said"
expect 2 "QUDAO_TODAY with escapes" -- env QUDAO_TODAY="$(printf '\033]52;c;eA==\007')" "$QUDAO" --help
no_escapes "$T/err" "QUDAO_TODAY in the message"
expect 2 "an unknown option with escapes" -- "$QUDAO" "$(printf -- '--x\033[31m')"
no_escapes "$T/err" "the option in the message"
expect 2 "an unknown command with escapes" -- "$QUDAO" "$(printf 'x\233')"
no_escapes "$T/err" "the command in the message"

# Today outside the years qudao works in is a usage error, not a CHECK failure.
expect 2 "demo --today 3000-01-01" -- "$QUDAO" demo --db "$T/y3000.db" --today 3000-01-01
has "$T/err" "2999" "the years are named"
[ -e "$T/y3000.db" ] && bad "a refused demo made a file" || ok
expect 2 "QUDAO_TODAY=1500-01-01" -- env QUDAO_TODAY=1500-01-01 "$QUDAO" --help

# A symbolic link to a database is refused with a message that says so.
ln -s "$T/d.db" "$T/link.db"
expect 1 "a symlinked database" -- "$QUDAO" check --db "$T/link.db"
has "$T/err" "symbolic link" "the link is named as such"

# --read-only opens without writing.
sum_before=$(sha256sum <"$T/d.db")
expect 1 "--read-only on a missing file" -- "$QUDAO" --read-only --db "$T/nothing.db"
[ -e "$T/nothing.db" ] && bad "--read-only created a file" || ok
# Anywhere on the line, as the manual says (it was an unknown option after
# the command); the import refused, the file as it was.
printf 'code,name\nZ1,Zed\n' >"$T/ro.csv"
expect 1 "--read-only after the command" -- "$QUDAO" --lang en import regions "$T/ro.csv" --db "$T/d.db" --read-only
has "$T/err" "read-only" "the import is refused for read-only"
[ "$(sha256sum <"$T/d.db")" = "$sum_before" ] && ok || bad "an import under --read-only changed the file"
# --demo is the interface's: a command with it was run on --db's file.
expect 2 "--demo with a command" -- "$QUDAO" --lang en --demo import regions "$T/ro.csv" --db "$T/d.db"
has "$T/err" "--demo opens the interface" "--demo with a command is said"
[ "$(sha256sum <"$T/d.db")" = "$sum_before" ] && ok || bad "--demo with an import changed the file"
expect 2 "--demo after the command" -- "$QUDAO" --lang en export regions --demo --db "$T/d.db"
has "$T/err" "--demo opens the interface" "--demo after a command is said the same"
# demo and a dry run write: refused under --read-only (demo --force
# replaced the file).
expect 2 "demo under --read-only" -- "$QUDAO" --lang en demo --db "$T/d.db" --force --read-only
has "$T/err" "leave out --read-only" "demo under --read-only is refused"
expect 1 "a dry run under --read-only" -- "$QUDAO" --lang en import regions "$T/ro.csv" --db "$T/d.db" --dry-run --read-only
has "$T/err" "a dry run changes nothing" "a dry run under --read-only says why"
[ "$(sha256sum <"$T/d.db")" = "$sum_before" ] && ok || bad "--read-only let a command change the file"

# A file from an older qudao: check says which version it holds and does not
# call kept figures ok that the file does not have yet; it changes nothing.
cp "$(dirname "$0")/data/schema-v1.db" "$T/v1.db"
chmod 0600 "$T/v1.db"
before=$(sha256sum <"$T/v1.db")
expect 0 "check on a version 1 file" -- env LANG=en_US.UTF-8 LC_ALL= "$QUDAO" check --db "$T/v1.db"
has "$T/out" "its version 1 defines" "check names the file's version"
grep -qF "kept figures ok" "$T/out" && bad "check called absent kept figures ok" || ok
[ "$(sha256sum <"$T/v1.db")" = "$before" ] && ok || bad "check changed the version 1 file"
# qudao report territories and problems: one row per territory, every
# metric a column, the same numbers the kept figures give.
expect 0 "report territories as CSV" -- env LANG=en_US.UTF-8 "$QUDAO" report territories --db "$T/d.db" --format csv --period 2026-11
head -1 "$T/out" | grep -q '^code,name,level,parent,region,active,target_pct,sales,coverage_pct,visits_overdue,receivables_overdue,open_violations,' && ok || bad "the CSV header row: $(head -1 "$T/out")"
[ "$(grep -c ',province,' "$T/out")" = 31 ] && ok || bad "one row per province"
gd_sales=$(awk -F, '$1 == "GD" { print $8 }' "$T/out")
if command -v python3 >/dev/null; then
	# sql_one DB QUERY: one value, read by another program.
	sql_one() {
		python3 -c 'import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])' "$1" "$2"
	}
	gd_raw=$(sql_one "$T/d.db" "SELECT printf('%.2f', coalesce(sum(o.total_fen), 0) / 100.0)
		FROM orders o JOIN distributors d ON d.id = o.distributor_id
		JOIN territories t ON t.id = d.territory_id WHERE o.status IN ('shipped','delivered')
		AND o.ship_date BETWEEN '2026-11-01' AND '2026-11-30'
		AND (t.code = 'GD' OR t.code LIKE 'GD-%')")
	[ "$gd_sales" = "$gd_raw" ] && ok || bad "Guangdong's sales: report $gd_sales, raw orders $gd_raw"
fi
expect 0 "report territories of one region, as JSON" -- "$QUDAO" report territories --db "$T/d.db" --region S --format json
has "$T/out" '"code": "GD"' "a territory of the region"
grep -q '"code": "ZJ"' "$T/out" && bad "a territory of another region" || ok
expect 0 "report territories in Chinese" -- env LANG=zh_CN.UTF-8 LC_ALL= "$QUDAO" report territories --db "$T/d.db"
has "$T/out" "销售额" "Chinese column titles"
expect 0 "report territories as CSV in Chinese" -- env LANG=zh_CN.UTF-8 LC_ALL= "$QUDAO" report territories --db "$T/d.db" --format csv
head -1 "$T/out" | grep -q '^\(ï»¿\)\?编码,名称,' && ok || bad "a Chinese CSV header, as qudao export writes: $(head -1 "$T/out")"
grep -q '^GD,[^,]*,省,' "$T/out" && ok || bad "a province's level in Chinese: $(grep '^GD,' "$T/out")"
expect 0 "report problems as CSV in Chinese" -- env LANG=zh_CN.UTF-8 LC_ALL= "$QUDAO" report problems --db "$T/d.db" --format csv
head -1 "$T/out" | grep -q '^类型,区域,' && ok || bad "a Chinese problems header: $(head -1 "$T/out")"
grep -q '^窜货,' "$T/out" && ok || bad "the kinds in Chinese in a Chinese CSV: $(sed -n 2p "$T/out")"
grep -q '^cross_territory,' "$T/out" && bad "an English kind code in the Chinese CSV" || ok
expect 2 "report territories with a bad period" -- "$QUDAO" report territories --db "$T/d.db" --period 2026-13
has "$T/err" "2026-13" "the bad period is named"
expect 2 "report problems takes no region" -- "$QUDAO" report problems --db "$T/d.db" --region S
expect 1 "report territories of an unknown region" -- "$QUDAO" report territories --db "$T/d.db" --region NOPE
expect 0 "report problems as TSV" -- env LANG=en_US.UTF-8 LC_ALL= "$QUDAO" report problems --db "$T/d.db" --format tsv --period 2026
head -1 "$T/out" | tr -d "\r" | grep -q "^kind	territory	name	detail	distributor	order	date	amount$" && ok || bad "the problems header"
if command -v python3 >/dev/null; then
	[ "$(grep -c '^cross_territory	' "$T/out")" = "$(sql_one "$T/d.db" "SELECT count(*) FROM cross_orders WHERE month LIKE '2026-%'")" ] && ok || bad "every 窜货 sale of the year listed"
fi
expect 0 "report --help lists the kinds" -- "$QUDAO" report --help
has "$T/out" "territories" "territories listed"
has "$T/out" "problems" "problems listed"
expect 0 "a kind's own --help" -- env LANG=zh_CN.UTF-8 LC_ALL= "$QUDAO" report scorecard --help
has "$T/out" "用法：qudao report scorecard" "the kind's usage, in Chinese"
has "$T/out" "--period" "with its options"
expect 0 "export's kinds take -h" -- "$QUDAO" --lang en export visits -h
has "$T/out" "--format" "the visits export's options"
expect 0 "sync --help in Chinese" -- env LANG=zh_CN.UTF-8 LC_ALL= "$QUDAO" sync --help
grep -q "Project-Id-Version" "$T/out" && bad "an empty usage printed the catalogue's header" || ok
grep -q ' $' "$T/out" && bad "a usage line ends in a space" || ok
expect 0 "sync status --help" -- "$QUDAO" --lang en sync status --help
grep -q ' $' "$T/out" && bad "the usage of a kind without options ends in a space" || ok
# An impossible date is named as such, with the option.
expect 2 "export visits refuses 30 February" -- "$QUDAO" --lang en export visits --db "$T/d.db" --from 2026-02-30
has "$T/err" "--from: 2026-02-30 is not a date (February 2026 has 28 days)." "the refusal names the option and the month"
expect 2 "export visits refuses a thirteenth month" -- "$QUDAO" --lang zh export visits --db "$T/d.db" --to 2026-13-01
has "$T/err" "--to" "the refusal names --to"
# qudao export visits: CSV, JSON and an iCalendar file calendars import.
expect 0 "export visits as CSV" -- "$QUDAO" export visits --db "$T/d.db"
has "$T/out" "id,date,time,status,rep," "the CSV header"
[ "$(wc -l <"$T/out")" -gt 10 ] && ok || bad "the CSV holds the visits"
expect 0 "export visits as JSON" -- "$QUDAO" export visits --db "$T/d.db" --format json --from 2026-11-01 --to 2026-11-30
python3 -c 'import json, sys; rows = json.load(open(sys.argv[1])); assert rows and all(r["date"].startswith("2026-11") for r in rows)' "$T/out" && ok || bad "the JSON is an array of November's visits"
rep=$(python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT r.code FROM reps r JOIN visits v ON v.rep_id = r.id GROUP BY r.id ORDER BY count(*) DESC LIMIT 1").fetchone()[0])' "$T/d.db")
expect 0 "export visits as iCalendar" -- env LANG=zh_CN.UTF-8 LC_ALL= "$QUDAO" export visits --db "$T/d.db" --format ics --rep "$rep" -o "$T/v.ics"
has "$T/err" "$T/v.ics" "the file written is named"
if [ -n "$ICS_LINT" ]; then
	"$ICS_LINT" "$T/v.ics" && ok || bad "the iCalendar file breaks RFC 5545"
fi
has "$T/v.ics" "TZID:Asia/Shanghai" "the zone of the visits"
has "$T/v.ics" "DTSTART;TZID=Asia/Shanghai:" "times in the zone"
has "$T/v.ics" "STATUS:TENTATIVE" "planned visits are tentative"
[ "$(grep -c '^BEGIN:VEVENT' "$T/v.ics")" -gt 5 ] && ok || bad "one event per visit"
[ "$(grep -c "$(printf '\r$')" "$T/v.ics")" = "$(wc -l <"$T/v.ics")" ] && ok || bad "every line ends in CRLF"
grep '^UID:' "$T/v.ics" | sort >"$T/uid1"
"$QUDAO" export visits --db "$T/d.db" --format ics --rep "$rep" -o "$T/v2.ics" 2>/dev/null
grep '^UID:' "$T/v2.ics" | sort >"$T/uid2"
cmp -s "$T/uid1" "$T/uid2" && [ -s "$T/uid1" ] && ok || bad "the UIDs stay the same across exports"
# A zone with daylight saving time: its changes are in the VTIMEZONE.
mkdir -p "$T/config/qudao"
printf 'timezone = America/New_York\n' >"$T/config/qudao/config"
expect 0 "export in another zone" -- "$QUDAO" export visits --db "$T/d.db" --format ics -o "$T/ny.ics"
has "$T/ny.ics" "BEGIN:DAYLIGHT" "daylight saving time in the zone"
has "$T/ny.ics" "TZOFFSETTO:-0400" "the summer offset"
if [ -n "$ICS_LINT" ]; then
	"$ICS_LINT" "$T/ny.ics" && ok || bad "the New York file breaks RFC 5545"
fi
printf 'timezone = Mars/Olympus\033[31m\n' >"$T/config/qudao/config"
expect 1 "an unknown zone" -- "$QUDAO" export visits --db "$T/d.db" --format ics
has "$T/err" "Mars/Olympus" "the zone is named"
no_escapes "$T/err" "the zone in the message"
rm -f "$T/config/qudao/config"
expect 2 "export visits in an unknown format" -- "$QUDAO" export visits --db "$T/d.db" --format xml
expect 2 "export visits with a bad date" -- "$QUDAO" export visits --db "$T/d.db" --from 2026-02-30
expect 1 "export visits of an unknown rep" -- "$QUDAO" export visits --db "$T/d.db" --rep NOBODY
has "$T/err" "NOBODY" "the rep is named"
[ -e "$T/v.ics.writing-"* ] 2>/dev/null && bad "a temporary file was left" || ok

# A terminal that goes away without a SIGHUP reaching qudao (here blocked, as
# under some wrappers): reads then return at once, and qudao must end rather
# than spin on an empty input for ever.
if command -v python3 >/dev/null; then
	"$QUDAO" demo --db "$T/hup.db" --size 60 >/dev/null
	python3 -c 'import os, pty, select, signal, sys, time
pid, fd = pty.fork()
if pid == 0:
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGHUP})
    os.environ["TERM"] = "xterm"
    os.execv(sys.argv[1], [sys.argv[1], "--db", sys.argv[2]])
out = b""
end = time.time() + 10
while b"qudao" not in out and time.time() < end:
    if select.select([fd], [], [], 0.5)[0]:
        try:
            out += os.read(fd, 65536)
        except OSError:
            break
os.close(fd)
end = time.time() + 5
while time.time() < end:
    done, status = os.waitpid(pid, os.WNOHANG)
    if done:
        sys.exit(0)
    time.sleep(0.1)
os.kill(pid, signal.SIGKILL)
os.waitpid(pid, 0)
sys.exit(1)' "$QUDAO" "$T/hup.db" && ok || bad "qudao went on running after its terminal was gone"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
