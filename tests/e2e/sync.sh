#!/bin/sh
# End-to-end: the Sync tab in a real terminal, in both languages and at two
# sizes. A head office and a rep's database change the same phone and add
# the same code offline; bundles go both ways; the Sync tab lists what
# clashed, shows both versions side by side with the differing field marked,
# and settles them (keep mine, edit theirs); the status bar counts unsent
# changes and conflicts; w and r write and read bundles from the interface;
# another program's import shows up in an open list.
# Usage: sync.sh path/to/qudao
set -u
QUDAO=$(realpath "$1")
T=$(mktemp -d /tmp/qudao-e2e-sync-XXXXXX)
trap 'tmux -L "qudao-e2e-$$" kill-server 2>/dev/null; rm -rf "$T"' EXIT
. "$(dirname "$0")/lib.sh"
need_tmux_and_locales
export QUDAO_TODAY=2026-11-27

msg() {
	case "$L:$1" in
	zh:tab) echo "6 同步" ;;                   en:tab) echo "6 Sync" ;;
	zh:noconflicts) echo "没有可导出的冲突" ;; en:noconflicts) echo "No conflicts to export" ;;
	zh:device) echo "本设备" ;;                en:device) echo "This device" ;;
	zh:open) echo "待处理冲突" ;;              en:open) echo "Open conflicts" ;;
	zh:later) echo "我的较晚" ;;               en:later) echo "mine was later" ;;
	zh:laterall) echo "我的较晚，予以保留" ;;     en:laterall) echo "laterandstayed" ;;
	zh:rule) echo "违反本地规则" ;;            en:rule) echo "breaks a rule here" ;;
	zh:mine) echo "我的" ;;                    en:mine) echo "Mine" ;;
	zh:phone) echo "电话" ;;                   en:phone) echo "Phone" ;;
	zh:typefield) echo "类型" ;;               en:typefield) echo "Type" ;;
	zh:asitis) echo "无法原样应用" ;;          en:asitis) echo "cannot go in as it is" ;;
	zh:minekept) echo "保留了我的" ;;          en:minekept) echo "mine kept" ;;
	zh:theirsword) echo "电话 · 对方的" ;;     en:theirsword) echo "Phone · theirs" ;;
	zh:keepmine) echo "保留我的" ;;            en:keepmine) echo "keep mine" ;;
	zh:notdone) echo "请回答 y 或 n" ;;        en:notdone) echo "Answer y or n" ;;
	zh:keeptq) echo "保留对方的版本？" ;;      en:keeptq) echo "Keep theirs?" ;;
	zh:notsaved) echo "未保存：有一项需要更正" ;; en:notsaved) echo "Not saved: a field needs correcting" ;;
	zh:notamount) echo "不是金额" ;;           en:notamount) echo "Not an amount" ;;
	zh:discard) echo "放弃修改" ;;             en:discard) echo "Discard the changes" ;;
	zh:keepq) echo "保留我的版本" ;;           en:keepq) echo "Keep yours?" ;;
	zh:settled) echo "已处理" ;;               en:settled) echo "Settled" ;;
	zh:editform) echo "编辑后应用" ;;          en:editform) echo "to apply as edited" ;;
	zh:applied) echo "已按编辑应用" ;;         en:applied) echo "Theirs applied as edited" ;;
	zh:conflicts) echo "个冲突" ;;             en:conflicts) echo "conflict" ;;
	zh:unsent) echo "未发送" ;;                en:unsent) echo "unsent" ;;
	zh:wrote) echo "写出" ;;                   en:wrote) echo "Wrote" ;;
	zh:notbundle) echo "不是 qudao 同步包" ;;  en:notbundle) echo "is not a qudao bundle" ;;
	zh:replace) echo "替换它吗" ;;             en:replace) echo "Replace it?" ;;
	zh:imported) echo "已导入" ;;              en:imported) echo "Imported" ;;
	zh:none) echo "没有待处理的冲突" ;;        en:none) echo "No open conflicts" ;;
	zh:nopeers) echo "r 读取同步包。" ;;        en:nopeers) echo "r reads one." ;;
	zh:again) echo "请对方重新发送。" ;;        en:again) echo "ask for the bundle again." ;;
	zh:peerunsent) echo "· 未发送 0 ·" ;;       en:peerunsent) echo "· unsent 0 ·" ;;
	esac
}
sql() { python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])' "$1" "$2"; }

"$QUDAO" demo --db "$T/demo.db" >/dev/null || exit 1
REP=$(sql "$T/demo.db" "SELECT r.code FROM reps r JOIN distributors d ON d.owner_rep_id = r.id GROUP BY r.id ORDER BY count(*) DESC, r.code LIMIT 1")

# flow L LOCALE COLS ROWS: the whole round, in one language.
flow() {
	L=$1 s=$1
	ho="$T/ho-$L.db" rep="$T/rep-$L.db"
	cp "$T/demo.db" "$ho"
	"$QUDAO" sync provision --db "$ho" --for "$REP" -o "$rep" >/dev/null || { fail=$((fail + 1)); return; }
	CODE=$(sql "$rep" "SELECT code FROM distributors ORDER BY code LIMIT 1")
	NAME=$(sql "$rep" "SELECT name FROM distributors WHERE code = '$CODE'")
	# Offline, both change the phone (the head office later) and both add
	# PX-0420; the rep's new distributor gets an order.
	printf 'code,name,phone\n%s,%s,13911110001\n' "$CODE" "$NAME" >"$T/a.csv"
	printf 'code,name,phone\n%s,%s,13922220002\n' "$CODE" "$NAME" >"$T/b.csv"
	printf 'code,name,credit_limit\nPX-0420,代表新建的经销商,12000\n' >"$T/rep-new.csv"
	printf 'code,name\nPX-0420,总部新建的经销商\n' >"$T/ho-new.csv"
	"$QUDAO" import distributors "$T/a.csv" --update --db "$rep" >/dev/null
	"$QUDAO" import distributors "$T/rep-new.csv" --db "$rep" >/dev/null
	sleep 0.01
	"$QUDAO" import distributors "$T/b.csv" --update --db "$ho" >/dev/null
	"$QUDAO" import distributors "$T/ho-new.csv" --db "$ho" >/dev/null

	# The head office's list is open while the rep's bundle arrives.
	start "$s" "$3" "$4" "$2" --db "$ho"
	expect_screen "$s" "$(msg tab)" "$L: the Sync tab is in the header"
	expect_screen "$s" "$(msg unsent)" "$L: the status bar counts unsent changes"
	"$QUDAO" sync export --db "$rep" -o "$T/r2h-$L.qsync" >/dev/null
	"$QUDAO" sync import --db "$ho" "$T/r2h-$L.qsync" >/dev/null
	expect_screen "$s" "$(msg conflicts)" "$L: the status bar counts the conflicts the import found" 3

	# The Sync tab: this device and the conflicts.
	keys "$s" 6
	expect_screen "$s" "$(msg device)" "$L: the device is named"
	expect_screen "$s" "$(msg open)" "$L: open conflicts are listed"
	expect_screen "$s" "$(msg later)" "$L: the phone clash is listed"
	expect_screen "$s" "$(msg rule)" "$L: the duplicate code is listed"
	expect_screen "$s" "$CODE" "$L: each conflict names its distributor, at 80 columns too"

	# The phone: both versions side by side; keep mine. (Newest first: the
	# code clash, then the phone.)
	keys "$s" Down Enter
	expect_screen "$s" "$(msg mine)" "$L: both versions"
	expect_screen "$s" "13911110001" "$L: theirs, the rep's phone"
	# Its territory by code and name, the name in the language shown.
	tcol=name
	[ "$L" = en ] && tcol=name_en
	expect_screen "$s" "$(sql "$ho" "SELECT t.code || ' ' || t.$tcol FROM distributors d JOIN territories t ON t.id = d.territory_id WHERE d.code = '$CODE'")" \
		"$L: the territory named in the language shown"
	expect_screen "$s" "13922220002" "$L: mine, the head office's phone"
	check "$L: the bar's counts do not run into its last key" sh -c \
		"! tmux -L '$SOCK' capture-pane -t '$s' -p | tail -1 | grep -qE '[^ ][0-9]+ $(msg unsent)'"
	eventually "$L: the phone row is marked as changed on both sides" \
		sh -c "tmux -L '$SOCK' capture-pane -t '$s' -p | grep -q '^\*'"
	# Enter shows both versions of every field whole.
	keys "$s" Enter
	expect_screen "$s" "$(msg theirsword)" "$L: Enter shows each field's versions whole"
	expect_screen "$s" "13922220002" "$L: theirs among them"
	keys "$s" Escape
	expect_screen "$s" "$(msg mine)" "$L: Esc back to both versions side by side"
	# At 60 columns the title is too long for its row: it ends on the next.
	tm resize-window -t "$s" -x 60 -y 24
	eventually "$L: at 60x24 the title is whole, on two rows" sh -c \
		"for i in 1 2 3 4 5 6 7 8 9 10; do tmux -L '$SOCK' capture-pane -t '$s' -p |
		sed -n 2,3p | tr -d '\\n ' | grep -q '$(msg laterall)' && exit 0; sleep 0.2; done; exit 1"
	sleep 0.3
	# On a 40x12 terminal three fields show (code, name, type); the
	# advice gives way.
	tm resize-window -t "$s" -x 40 -y 12
	expect_screen "$s" "$(msg typefield)" "$L: at 40x12 the third field shows"
	# (tmux drops a second resize that follows the first too closely.)
	sleep 0.3
	tm resize-window -t "$s" -x "$3" -y "$4"
	sleep 0.3
	keys "$s" m
	expect_screen "$s" "$(msg keepq)" "$L: keeping mine asks"
	keys "$s" x
	expect_screen "$s" "$(msg notdone)" "$L: another key than y or n is said not to be an answer"
	expect_screen "$s" "$(msg keepq)" "$L: and the question stays asked"
	keys "$s" y
	expect_screen "$s" "$(msg settled)" "$L: settled"
	check "$L: the head office's phone stands" \
		[ "$(sql "$ho" "SELECT phone FROM distributors WHERE code = '$CODE'")" = 13922220002 ]
	# Settled, it says how in words, and its bar offers no choice any more.
	keys "$s" a End Enter
	expect_screen "$s" "$(msg minekept)" "$L: settled, mine kept, in words"
	check "$L: a settled conflict's bar offers no choice" sh -c \
		"! tmux -L '$SOCK' capture-pane -t '$s' -p | tail -1 | grep -q '$(msg keepmine)'"
	keys "$s" Escape a

	# The duplicate code: edit theirs to another code; its order follows.
	expect_screen "$s" "$(msg rule)" "$L: the code clash is still open"
	keys "$s" Home Enter
	expect_screen "$s" "¥12,000.00" "$L: an amount is shown in yuan"
	expect_screen "$s" "总部新建的经销商" "$L: beside theirs, the record here with that code"
	keys "$s" t
	expect_screen "$s" "$(msg asitis)" "$L: t says at once theirs cannot go in as it is"
	expect_not "$s" "$(msg keeptq)" "$L: without asking first"
	check "$L: not in fen" sh -c "! tmux -L '$SOCK' capture-pane -t '$s' -p | grep -q 1200000"
	keys "$s" e
	expect_screen "$s" "$(msg editform)" "$L: the edit form"
	expect_screen "$s" "12000.00" "$L: the amount is edited in yuan"
	keys "$s" C-u
	type_text "$s" "PX-0421"
	# Name, tier, contact, phone, address, then the credit limit: the
	# type, status, territory and owner are shown, not typed.
	keys "$s" Tab Tab Tab Tab Tab Tab C-u
	# Not an amount: refused, said once beside the field and under the
	# form, the message line saying a field needs correcting.
	type_text "$s" "abc"
	keys "$s" Enter
	expect_screen "$s" "$(msg notsaved)" "$L: an amount that is not one is refused"
	eventually "$L: why, beside the field and under the form, not a third time" sh -c \
		"n=\$(tmux -L '$SOCK' capture-pane -t '$s' -p | grep -c '$(msg notamount)'); [ \$n -ge 1 ] && [ \$n -le 2 ]"
	keys "$s" C-u
	type_text "$s" "1.5万"
	# Esc with changes typed asks before throwing them away; n stays.
	keys "$s" Escape
	expect_screen "$s" "$(msg discard)" "$L: Esc asks before discarding the edits"
	keys "$s" n
	expect_screen "$s" "1.5万" "$L: n keeps the form as typed"
	keys "$s" Enter
	expect_screen "$s" "$(msg applied)" "$L: theirs applied as edited"
	check "$L: the rep's distributor is here as PX-0421" \
		[ "$(sql "$ho" "SELECT name FROM distributors WHERE code = 'PX-0421'")" = "代表新建的经销商" ]
	check "$L: with the credit limit typed in yuan" \
		[ "$(sql "$ho" "SELECT credit_limit_fen FROM distributors WHERE code = 'PX-0421'")" = 1500000 ]
	expect_screen "$s" "$(msg none)" "$L: nothing waits any more"

	# w writes a bundle for the rep from the interface; the rep reads it
	# with r.
	# It never writes over a database, and asks before replacing a bundle.
	keys "$s" w
	keys "$s" C-u
	type_text "$s" "$rep"
	keys "$s" Enter
	expect_screen "$s" "$(msg notbundle)" "$L: w refuses to write over a database"
	keys "$s" Escape
	"$QUDAO" check --db "$rep" >/dev/null && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL: $L: the database was written over"; }
	keys "$s" w
	keys "$s" C-u
	type_text "$s" "$T/h2r-$L.qsync"
	keys "$s" Tab
	type_text "$s" "$REP"
	keys "$s" Enter
	expect_screen "$s" "$(msg wrote)" "$L: w wrote the bundle"
	check "$L: the bundle is on disk" [ -s "$T/h2r-$L.qsync" ]
	check "$L: the bundle is for the rep's device" grep -q "^to $(sql "$rep" "SELECT printf('%016x', device_id) FROM sync_self")" "$T/h2r-$L.qsync"
	keys "$s" w
	keys "$s" C-u
	type_text "$s" "$T/h2r-$L.qsync"
	keys "$s" Tab
	type_text "$s" "$REP"
	keys "$s" Enter
	expect_screen "$s" "$(msg replace)" "$L: w asks before replacing a bundle"
	keys "$s" y
	expect_screen "$s" "$(msg wrote)" "$L: and replaces it on y"
	keys "$s" q
	start "$s-rep" "$3" "$4" "$2" --db "$rep"
	keys "$s-rep" 6
	expect_screen "$s-rep" "$(msg device)" "$L rep: the Sync tab"
	keys "$s-rep" r
	type_text "$s-rep" "$T/h2r-$L.qsync"
	keys "$s-rep" Enter
	expect_screen "$s-rep" "$(msg imported)" "$L rep: r read the bundle"
	check "$L rep: its distributor now has the code the head office gave it" \
		[ "$(sql "$rep" "SELECT name FROM distributors WHERE code = 'PX-0421'")" = "代表新建的经销商" ]
	check "$L rep: the phone the head office kept" \
		[ "$(sql "$rep" "SELECT phone FROM distributors WHERE code = '$CODE'")" = 13922220002 ]
	keys "$s-rep" q
}

flow zh zh_CN.UTF-8 80 24
flow en en_US.UTF-8 120 40

# narrow L LOCALE: at 80 columns nothing of the Sync tab is lost: the advice
# with no peers whole, a refusal quoting a long path whole (three rows), a
# peer's unsent count; at 40 the advice cut with "…", not silently.
narrow() {
	L=$1 s=n$1
	db="$T/narrow-$L.db"
	cp "$T/demo.db" "$db"
	start "$s" 80 24 "$2" --db "$db"
	keys "$s" 6
	expect_screen "$s" "$(msg nopeers)" "$L 80: the advice with no peers, whole"
	keys "$s" x
	expect_screen "$s" "$(msg noconflicts)" "$L 80: x with no conflicts says so (it did nothing)"
	long="$T/a-folder-with-a-rather-long-name-for-the-bundles-from-the-field/下周的同步包"
	mkdir -p "$long"
	printf 'garbage' >"$long/bundle.qsync"
	keys "$s" r
	type_text "$s" "$long/bundle.qsync"
	keys "$s" Enter
	expect_screen "$s" "$(msg again)" "$L 80: a refusal quoting a long path, whole"
	keys "$s" Escape
	keys "$s" q
	start "$s-40" 40 16 "$2" --db "$db"
	keys "$s-40" 6
	expect_screen "$s-40" "…" "$L 40: the advice cut with …"
	keys "$s-40" q
	# At 45 columns the long path is shortened to its end, so the reason
	# and the advice still fit.
	start "$s-45" 45 12 "$2" --db "$db"
	keys "$s-45" 6
	keys "$s-45" r
	type_text "$s-45" "$long/bundle.qsync"
	keys "$s-45" Enter
	expect_screen "$s-45" "$(msg again)" "$L 45: a refusal quoting a long path, reason and advice whole"
	expect_screen "$s-45" "…" "$L 45: the path shortened"
	keys "$s-45" Escape
	keys "$s-45" q
	"$QUDAO" sync provision --db "$db" --for "$REP" -o "$T/narrow-rep-$L.db" >/dev/null
	start "$s-peer" 80 24 "$2" --db "$db"
	keys "$s-peer" 6
	expect_screen "$s-peer" "$(msg peerunsent)" "$L 80: a peer's unsent count"
	keys "$s-peer" q
}
narrow zh zh_CN.UTF-8
narrow en en_US.UTF-8
finish
