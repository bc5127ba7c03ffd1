# Helpers for driving the real qudao in tmux: start it, type, wait for text on
# the screen, and fail with the screen shown when it does not come.
# Sourced by the e2e scripts; they set QUDAO, T (a scratch directory) first.

SOCK="qudao-e2e-$$"
# Run from inside tmux, TMUX names the outer server's session and tmux 3.3
# then reads every -t of ours as that session: "-t b" drove "a".
unset TMUX TMUX_PANE
pass=0
fail=0

# The e2e tests need tmux and both locales; without them they are skipped
# (exit 77), not failed: .ci/test installs them.
need_tmux_and_locales() {
	command -v tmux >/dev/null || { echo "tmux is missing: skipped"; exit 77; }
	for l in zh_CN.UTF-8 en_US.UTF-8; do
		locale -a | grep -qi "^$(echo "$l" | sed 's/UTF-8/utf8/')\$" ||
			{ echo "locale $l is missing (run .ci/test as root): skipped"; exit 77; }
	done
	command -v python3 >/dev/null || { echo "python3 is missing: skipped"; exit 77; }
}

tm() { tmux -L "$SOCK" -f /dev/null "$@"; }

# start NAME COLS ROWS LANG ARGS...: runs qudao in a new tmux session.
start() {
	name=$1 cols=$2 rows=$3 lang=$4
	shift 4
	tm kill-session -t "$name" 2>/dev/null
	tm new-session -d -s "$name" -x "$cols" -y "$rows" \
		"env LANG=$lang LC_ALL= LANGUAGE= QUDAO_TODAY=${APP_TODAY:-2026-11-27} \
		XDG_DATA_HOME=$T/data ${APP_ENV:-} \
		XDG_CONFIG_HOME=$T/config USER=e2e TERM=${APP_TERM:-tmux-256color} $QUDAO $*; \
		echo \"[exited \$?]\"; sleep 600"
}

screen() { tm capture-pane -t "$1" -p; }

# The screen as it was just before the last keys were sent to a session, so
# a check that something is absent first waits for the screen to change.
before() { cat "$T/.before-$1" 2>/dev/null; }
remember() { screen "$1" >"$T/.before-$1"; }

# An Escape goes on its own, as a person presses it: Esc with more bytes
# right behind it is an escape sequence or Alt with a key, which the program
# drops whole.
keys() {
	name=$1
	shift
	remember "$name"
	# (Key names have no spaces: a group is a word list, not globbed.)
	set -f
	group=""
	for k in "$@"; do
		group="$group $k"
		if [ "$k" = Escape ]; then
			tm send-keys -t "$name" $group
			group=""
			sleep 0.06
		fi
	done
	[ -z "$group" ] || tm send-keys -t "$name" $group
	set +f
}

# click NAME COL ROW [BUTTON]: an xterm SGR mouse press and release at the
# 1-based cell (COL, ROW); button 0 is the left one, 65 the wheel down.
click() {
	remember "$1"
	tm send-keys -t "$1" -l "$(printf '\033[<%d;%d;%dM' "${4:-0}" "$2" "$3")"
	[ "${4:-0}" = 0 ] && tm send-keys -t "$1" -l "$(printf '\033[<0;%d;%dm' "$2" "$3")"
	return 0
}

# type_text NAME TEXT: sends text literally (Chinese included).
type_text() {
	remember "$1"
	tm send-keys -t "$1" -l -- "$2"
}

# export_as_json NAME PATH.csv WHAT: in an export form (x), the file named
# PATH.csv, JSON chosen (the fifth format, which names it PATH.json), then
# Enter.
export_as_json() {
	keys "$1" C-u
	type_text "$1" "$2"
	keys "$1" Tab Right Right Right Right
	expect_screen "$1" "$(basename "$2" .csv).json" "$3: JSON chosen, the file named so"
	keys "$1" Enter
}

# wait_for NAME TEXT [SECONDS]: true once TEXT is on the screen.
wait_for() {
	name=$1 text=$2 secs=${3:-5}
	i=0
	while [ "$i" -lt $((secs * 20)) ]; do
		if screen "$name" | grep -qF -- "$text"; then
			return 0
		fi
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}

# expect NAME TEXT WHAT: passes when TEXT shows up, else fails showing the screen.
expect_screen() {
	if wait_for "$1" "$2" "${4:-5}"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: $3: \"$2\" not on the screen of $1:"
		screen "$1" | sed 's/^/  | /'
	fi
}

# expect_bar NAME PATTERN WHAT: passes when the last line (the keys' bar)
# matches the grep pattern within 5 s, else fails showing the screen.
expect_bar() {
	i=0
	while [ "$i" -lt 100 ]; do
		if screen "$1" | tail -1 | grep -q -- "$2"; then
			pass=$((pass + 1))
			return 0
		fi
		sleep 0.05
		i=$((i + 1))
	done
	fail=$((fail + 1))
	echo "FAIL: $3: the bar of $1 does not match \"$2\":"
	screen "$1" | sed 's/^/  | /'
}

# expect_not NAME TEXT WHAT: passes when, once the screen has changed since
# the last keys (or 2 s have passed), TEXT is not on it.
expect_not() {
	i=0
	while [ "$i" -lt 40 ] && [ "$(screen "$1")" = "$(before "$1")" ]; do
		sleep 0.05
		i=$((i + 1))
	done
	i=0
	while [ "$i" -lt 20 ] && screen "$1" | grep -qF -- "$2"; do
		sleep 0.05
		i=$((i + 1))
	done
	if screen "$1" | grep -qF -- "$2"; then
		fail=$((fail + 1))
		echo "FAIL: $3: \"$2\" should not be on the screen of $1:"
		screen "$1" | sed 's/^/  | /'
	else
		pass=$((pass + 1))
	fi
}

check() { # check WHAT COMMAND...: passes when the command succeeds
	what=$1
	shift
	if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $what"; fi
}

# eventually WHAT COMMAND...: passes when the command succeeds within 5 s.
# For a check that reads the screen right after keys: a slow build (the
# sanitizers' on a busy machine) may not have drawn it yet.
eventually() {
	what=$1
	shift
	i=0
	until "$@"; do
		i=$((i + 1))
		if [ "$i" -ge 100 ]; then
			fail=$((fail + 1))
			echo "FAIL: $what"
			return 0
		fi
		sleep 0.05
	done
	pass=$((pass + 1))
}

# sql DB QUERY: one value from the database (python3's sqlite3, read-only).
sql() {
	python3 -c 'import sqlite3, sys
c = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True)
row = c.execute(sys.argv[2]).fetchone()
print(row[0] if row else "")' "$1" "$2"
}

# sql_write DB STATEMENT: another qudao process writes (tests/qudao-sql: a
# connection set up as qudao's, its kept-figure triggers made; meson test
# sets QUDAO_SQL).
sql_write() {
	"${QUDAO_SQL:?QUDAO_SQL names the qudao-sql test program (meson test sets it)}" "$1" "$2"
}

# qudao_pid SESSION: the pid of the qudao that session runs ("" when none).
qudao_pid() {
	shell=$(tm display -p -t "$1" '#{pane_pid}')
	for p in /proc/[0-9]*; do
		[ "$(readlink "$p/exe" 2>/dev/null)" = "$QUDAO" ] || continue
		[ "$(sed -n 's/^PPid:[[:space:]]*//p' "$p/status" 2>/dev/null)" = "$shell" ] &&
			echo "${p#/proc/}"
	done
}

# The processes of this script's qudao (by its executable; a name in a
# command line would match the searching process itself) still running.
leftovers() {
	for p in /proc/[0-9]*; do
		[ "$(readlink "$p/exe" 2>/dev/null)" = "$QUDAO" ] || continue
		tr '\0' ' ' <"$p/cmdline" 2>/dev/null | grep -qF -- "$T/" && echo "${p#/proc/}"
	done
}

# unwedge_leak_check PID: under AddressSanitizer, a qudao that quit just
# before its terminal went away can be in LeakSanitizer's exit check, which
# stops the process by attaching to it from a child (a ptrace SIGSTOP). The
# hangup sends SIGCONT to the terminal's processes, and a SIGCONT discards a
# pending SIGSTOP: the child then waits for a stop that never comes, for ever
# (a race in the sanitizer, seen in CI, not in qudao). A qudao traced by its
# own child is in that wait: send it the stop it is waiting for.
# (Should that stop land after the check resumed it, it leaves the process
# stopped and untraced: continue it.)
unwedge_leak_check() {
	tracer=$(sed -n 's/^TracerPid:[[:space:]]*//p' "/proc/$1/status" 2>/dev/null)
	if [ "$tracer" = 0 ] && grep -q '^State:[[:space:]]*T' "/proc/$1/status" 2>/dev/null; then
		kill -CONT "$1" 2>/dev/null
		return 0
	fi
	[ -n "$tracer" ] && [ "$tracer" != 0 ] || return 0
	[ "$(readlink "/proc/$tracer/exe" 2>/dev/null)" = "$QUDAO" ] || return 0
	[ "$(sed -n 's/^PPid:[[:space:]]*//p' "/proc/$tracer/status" 2>/dev/null)" = "$1" ] || return 0
	echo "note: qudao $1 waited in the leak check's stop; sent it SIGSTOP"
	kill -STOP "$1" 2>/dev/null
	return 0
}

finish() {
	tm kill-server 2>/dev/null
	# Every qudao of the script ends once its terminal is gone (one that
	# left before its hangup signal arrived hung in its exit handlers).
	n=0
	while [ -n "$(leftovers)" ] && [ "$n" -lt 100 ]; do
		# (after a second: a leak check's own stop takes milliseconds)
		[ "$n" -ge 10 ] && for p in $(leftovers); do unwedge_leak_check "$p"; done
		sleep 0.1
		n=$((n + 1))
	done
	left=$(leftovers)
	if [ -n "$left" ]; then
		fail=$((fail + 1))
		echo "FAIL: qudao went on running after its terminal was gone:"
		for p in $left; do
			tr '\0' ' ' <"/proc/$p/cmdline" | sed 's/^/  | /'
			echo
			# What it is doing: its state, parent, and the call it waits in.
			grep -E '^(State|PPid|TracerPid|SigPnd|ShdPnd|SigBlk):' "/proc/$p/status" 2>/dev/null |
				tr '\n\t' '  ' | sed 's/^/  |   /'
			echo " wchan=$(cat "/proc/$p/wchan" 2>/dev/null) syscall=$(cut -d' ' -f1 "/proc/$p/syscall" 2>/dev/null)"
		done
		kill -9 $left 2>/dev/null
	fi
	echo "$pass passed, $fail failed"
	[ "$fail" -eq 0 ]
}
