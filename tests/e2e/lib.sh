# Helpers for driving the real qudao in tmux: start it, type, wait for text on
# the screen, and fail with the screen shown when it does not come.
# Sourced by the e2e scripts; they set QUDAO, T (a scratch directory) first.

SOCK="qudao-e2e-$$"
pass=0
fail=0

tm() { tmux -L "$SOCK" -f /dev/null "$@"; }

# start NAME COLS ROWS LANG ARGS...: runs qudao in a new tmux session.
start() {
	name=$1 cols=$2 rows=$3 lang=$4
	shift 4
	tm kill-session -t "$name" 2>/dev/null
	tm new-session -d -s "$name" -x "$cols" -y "$rows" \
		"env LANG=$lang LC_ALL= LANGUAGE= QUDAO_TODAY=2026-11-27 XDG_DATA_HOME=$T/data \
		${APP_ENV:-} \
		XDG_CONFIG_HOME=$T/config USER=e2e TERM=${APP_TERM:-tmux-256color} $QUDAO $*; \
		echo \"[exited \$?]\"; sleep 600"
}

screen() { tm capture-pane -t "$1" -p; }

keys() {
	name=$1
	shift
	tm send-keys -t "$name" "$@"
}

# click NAME COL ROW [BUTTON]: an xterm SGR mouse press and release at the
# 1-based cell (COL, ROW); button 0 is the left one, 65 the wheel down.
click() {
	tm send-keys -t "$1" -l "$(printf '\033[<%d;%d;%dM' "${4:-0}" "$2" "$3")"
	[ "${4:-0}" = 0 ] && tm send-keys -t "$1" -l "$(printf '\033[<0;%d;%dm' "$2" "$3")"
	return 0
}

# type NAME TEXT: sends text literally (Chinese included).
type_text() { tm send-keys -t "$1" -l "$2"; }

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

# expect_not NAME TEXT WHAT: passes when TEXT is not on the screen (after a beat).
expect_not() {
	sleep 0.3
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

# sql DB QUERY: one value from the database (python3's sqlite3, read-only).
sql() {
	python3 -c 'import sqlite3, sys
c = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True)
print(c.execute(sys.argv[2]).fetchone()[0])' "$1" "$2"
}

finish() {
	tm kill-server 2>/dev/null
	echo "$pass passed, $fail failed"
	[ "$fail" -eq 0 ]
}
