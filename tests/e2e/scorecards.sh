#!/bin/sh
# End-to-end: the Scorecards tab in a real terminal (tmux), in Chinese at
# 80x24 and in English at 120x40, on the small demo: open it, sort, group by
# region and open a group, explain a distributor and open one of its rows,
# switch the period, the bottom list, then add a rebate rule in Setup and see
# a rebate follow it, and change a weight in Setup and see the ranking change.
# Usage: scorecards.sh path/to/qudao
set -u
QUDAO=$(realpath "$1")
T=$(mktemp -d /tmp/qudao-e2e-XXXXXX)
trap 'tmux -L "qudao-e2e-$$" kill-server 2>/dev/null; rm -rf "$T"' EXIT
. "$(dirname "$0")/lib.sh"

need_tmux_and_locales

QUDAO_TODAY=2026-11-27 "$QUDAO" demo --db "$T/demo.db" --seed 1 >/dev/null || exit 1

# msg KEY: what the interface shows for KEY in the language $L.
msg() {
	case "$L:$1" in
	zh:tab) echo "4 评分卡" ;;                en:tab) echo "4 Scorecards" ;;
	zh:scored) echo "评分 " ;;                en:scored) echo "scored · " ;;
	zh:q4) echo "2026-Q4 ·" ;;                en:q4) echo "2026-Q4 ·" ;;
	zh:typeperiod) echo "请输入期间" ;;        en:typeperiod) echo "Type a period" ;;
	zh:otherperiod) echo "选择其他期间。" ;;   en:otherperiod) echo "another period\\.|^ *period\\." ;;
	zh:noscored) echo "这里没有已评分的经销商。" ;; en:noscored) echo "No distributor is scored here." ;;
	zh:q3) echo "2026-Q3 ·" ;;                en:q3) echo "2026-Q3 ·" ;;
	zh:q2) echo "2026-Q2 ·" ;;                en:q2) echo "2026-Q2 ·" ;;
	zh:bygrade) echo "已按评级（好的在前）排列" ;; en:bygrade) echo "Sorted by Grade, best first." ;;
	zh:byscore) echo "已按得分（好的在前）排列" ;; en:byscore) echo "Sorted by Score, best first." ;;
	zh:searched) echo "搜索： -" ;;            en:searched) echo "Search: -" ;;
	zh:desc) echo "差的在前" ;;               en:desc) echo "worst first" ;;
	zh:region) echo "按大区分组" ;;           en:region) echo "Grouped by region" ;;
	zh:territory) echo "按区域分组" ;;        en:territory) echo "Grouped by territory" ;;
	zh:worst) echo "最差三名" ;;              en:worst) echo "Worst three" ;;
	zh:unranked) echo "另有 2 家列出但未排名" ;; en:unranked) echo "2 more are listed without a rank" ;;
	zh:fifth) echo "第 5 条，共 30 条" ;;     en:fifth) echo "5 of 30" ;;
	zh:third) echo "第 3 条，共" ;;           en:third) echo " 3 of " ;;
	zh:searchof) echo "· 搜索：" ;;            en:searchof) echo "· Search: " ;;
	zh:groupcounts) echo "有名次 71 家，无名次 2 家" ;; en:groupcounts) echo "71 ranked, 2 not ranked" ;;
	zh:firstof4) echo "第 1 条，共 4 条" ;;   en:firstof4) echo "1 of 4" ;;
	zh:secondof4) echo "第 2 条，共 4 条" ;;  en:secondof4) echo "2 of 4" ;;
	zh:counthead) echo "数量 对得分的影响" ;;  en:counthead) echo "Quantity For the score" ;;
	zh:bottomof) echo "· 筛选：华南区 (S)" ;;  en:bottomof) echo "· Filter: 华南区 (S)" ;;
	zh:q3typed) echo "2026年第3季度" ;;      en:q3typed) echo "2026-Q3" ;;
	zh:countssales) echo "当日发货，在本期内：计入其销售额" ;; en:countssales) echo "shipped that day, in the period: counts toward its sales" ;;
	zh:filter) echo "筛选：" ;;               en:filter) echo "Filter:" ;;
	zh:sales) echo "销售达成" ;;              en:sales) echo "Sales achievement" ;;
	zh:fromhead) echo "生效日期" ;;           en:fromhead) echo "From" ;;
	zh:rebatehead) echo "返利" ;;             en:rebatehead) echo "Rebate" ;;
	zh:kepthead) echo "得分‹名称" ;;          en:kepthead) echo "Score‹Name" ;;
	zh:partheads) echo " 达成  回款 " ;;      en:partheads) echo " Sales  Paid  Price  Terr " ;;
	zh:rank) echo "名次" ;;                   en:rank) echo "rank" ;;
	zh:formula) echo "计算方法：" ;;          en:formula) echo "How it is counted:" ;;
	zh:notmeasured) echo "无法衡量" ;;        en:notmeasured) echo "Not measured" ;;
	zh:shipto) echo "发往" ;;                 en:shipto) echo "Shipped to" ;;
	zh:shipon) echo "发货日期" ;;             en:shipon) echo "Shipped on" ;;
	zh:meaning) echo "对得分的影响" ;;        en:meaning) echo "For the score" ;;
	zh:rebatewhy) echo " 原因" ;;             en:rebatewhy) echo " Why" ;;
	zh:period) echo "期间（" ;;               en:period) echo "Period (" ;;
	zh:bottom) echo "末位 10 名" ;;           en:bottom) echo "the bottom 10" ;;
	zh:why) echo "失分原因" ;;                en:why) echo "what pulled them down" ;;
	zh:whyline) echo "^[A-Z]{2}-[0-9]{4} 失分：.*）$" ;; en:whyline) echo "^[A-Z]{2}-[0-9]{4} lost points on: .*\\)$" ;;
	zh:worstline) echo "最差：" ;;            en:worstline) echo "Worst: " ;;
	zh:visitdone) echo "计为已完成" ;;        en:visitdone) echo "counts as done" ;;
	zh:helpF) echo "清除筛选和搜索" ;;        en:helpF) echo "clear filters and search" ;;
	zh:forscore) echo "对得分的影响" ;;       en:forscore) echo "For the score" ;;
	zh:amount) echo "金额" ;;                 en:amount) echo "Amount" ;;
	zh:setup) echo "5 设置" ;;                en:setup) echo "5 Setup" ;;
	zh:rebates) echo "返利规则 6" ;;          en:rebates) echo "Rebates 6" ;;
	zh:ladder) echo "达成率 ≥ 100%" ;;        en:ladder) echo "≥ 100% of target" ;;
	zh:newrebate) echo "新增返利规则" ;;      en:newrebate) echo "New rebate rule" ;;
	zh:saleshint) echo "周期内的销售额（元）" ;; en:saleshint) echo "yuan of sales in the stretch" ;;
	zh:steperr) echo "达成率档位须在 0.01% 到 1000% 之间。" ;; en:steperr) echo "share of the target from 0.01 to 1000" ;;
	zh:rateerr) echo "百分比，从 0.01 到 100" ;; en:rateerr) echo "A rate in percent from 0.01 to 100" ;;
	zh:rebatesaved) echo "已保存返利规则 季度超额返利" ;; en:rebatesaved) echo "Saved the rebate rule 季度超额返利" ;;
	zh:rebateedit) echo "返利规则：季度超额返利" ;; en:rebateedit) echo "Rebate rule: 季度超额返利" ;;
	zh:rebatepast) echo "此规则涉及已结束的期间" ;; en:rebatepast) echo "This rule reaches periods already over" ;;
	zh:rebatedel) echo "删除返利规则 季度超额返利" ;; en:rebatedel) echo "Delete the rebate rule 季度超额返利" ;;
	zh:rebategone) echo "已删除返利规则 季度超额返利" ;; en:rebategone) echo "Deleted the rebate rule 季度超额返利" ;;
	zh:scoring) echo "评分设置 1" ;;          en:scoring) echo "Scoring 1" ;;
	zh:delkey) echo "d 删除" ;;               en:delkey) echo "d delete" ;;
	zh:builtin) echo "内置" ;;                en:builtin) echo "built-in" ;;
	zh:newform) echo "新增评分设置" ;;        en:newform) echo "New score settings" ;;
	zh:threshold) echo "门槛须为 0 到 100 的整数。" ;; en:threshold) echo "The threshold is a whole number from 0 to 100." ;;
	zh:sum) echo "必须等于 100" ;;            en:sum) echo "must add up to 100" ;;
	zh:bandA) echo "A 级分数线：A 级的分数线须高于 B 级" ;; en:bandA) echo "Grade A from: Grade A needs more than grade B" ;;
	zh:weighthint) echo "百分比；八项之和为 100" ;; en:weighthint) echo "percent; the eight add up to 100" ;;
	zh:pastmonths) echo "2026-Q4 起的季度" ;; en:pastmonths) echo "the quarters from 2026-Q4" ;;
	zh:delpast) echo "已结束月份的得分将改变" ;; en:delpast) echo "already over change" ;;
	zh:yearkept) echo "。2026 年度沿用" ;;     en:yearkept) echo "The year 2026 keeps" ;;
	zh:saved) echo "已保存自 2026-10 起" ;;   en:saved) echo "Saved the score settings from 2026-10" ;;
	zh:from) echo "设置 2026-10" ;;    en:from) echo "settings from 2026-10" ;;
	zh:frombrief) echo "设置自? 2026-10" ;;  en:frombrief) echo "settings (from )?2026-10" ;;
	zh:inbuilt) echo "内置设置" ;;        en:inbuilt) echo "built-in settings" ;;
	zh:help) echo "不适用" ;;                 en:help) echo "not measured" ;;
	zh:byprice) echo "已按价格管控（好的在前）排列" ;; en:byprice) echo "Sorted by Price discipline, best first." ;;
	zh:byrank) echo "已按名次（好的在前）排列" ;; en:byrank) echo "Sorted by Rank, best first." ;;
	zh:pricehead) echo "价格▲" ;;              en:pricehead) echo "Price▲" ;;
	zh:pricenote) echo "按价格管控（好的在前）排序 · 2026-Q4" ;; en:pricenote) echo "By Price discipline, best first · 2026-Q4" ;;
	zh:position) echo "第 [0-9]+ 条，共 [0-9]+ 条" ;; en:position) echo "[0-9]+ of [0-9]+" ;;
	zh:notbegun) echo "尚未开始" ;;           en:notbegun) echo "has not begun" ;;
	zh:q1next) echo "2027-Q1 ·" ;;            en:q1next) echo "2027-Q1 ·" ;;
	zh:gone) echo "终止 3 家 ·" ;;             en:gone) echo "terminated ·" ;;
	zh:daysover) echo "2026-Q4 · 已过 57/92 天 · " ;; en:daysover) echo "2026-Q4 · 57 of 92 days over · " ;;
	zh:normyes) echo "< 是 >" ;;               en:normyes) echo "< yes >" ;;
	zh:opengroup) echo "Enter 打开分组" ;;     en:opengroup) echo "Enter open the group" ;;
	zh:escgroups) echo "Esc 回到分组" ;;       en:escgroups) echo "Esc back to the groups" ;;
	zh:escranking) echo "Esc 排名 g" ;;        en:escranking) echo "Esc the ranking g" ;;
	zh:norows) echo "本期该评分项没有相关记录。" ;; en:norows) echo "No rows behind this part in the period." ;;
	zh:nothingexp) echo "没有可导出的内容：本期该评分项" ;; en:nothingexp) echo "Nothing to export: no rows behind this part" ;;
	zh:sortinranking) echo "搜索和排序在排名中使用" ;; en:sortinranking) echo "Search and sort work in the ranking" ;;
	esac
}

# codes NAME: the distributor codes on the screen, in order, on one line.
# expect_wrapped NAME TEXT WHAT: as expect_screen, for a text of a wrapped
# paragraph (Chinese breaks between any two characters): the lines joined.
expect_wrapped() {
	eventually "$3: \"$2\" not in the text of $1" sh -c "tmux -L $SOCK capture-pane -t $1 -p |
		sed 's/^ *//; s/ *\$//' | tr -d '\n' | grep -qF '$2'"
}

codes() {
	screen "$1" | grep -oE '[A-Z]{2}-[0-9]{4}' | head -12 | tr '\n' ' '
}

# name_cells NAME: the cells from the Name header to the next header (the
# name's column and the gap after it), in the header's terminal cells.
name_cells() {
	screen "$1" | sed -n 3p | python3 -c 'import re, sys, unicodedata
w = lambda s: sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
line = sys.stdin.read().rstrip("\n")
m = re.search(r"(Name|名称)[▲▼]? *", line)
print(w(m.group(0)) if m else 0)'
}

# sort_to NAME TEXT: s until the sort's message says TEXT (at most once
# round the sixteen sorts).
sort_to() {
	n=0 # (wait_for counts with i)
	while [ $n -lt 16 ] && ! screen "$1" | grep -qF "$2"; do
		keys "$1" s
		wait_for "$1" "$2" 1
		n=$((n + 1))
	done
}

# next_sort NAME: s, then waits for the sort's message (each one's differs).
next_sort() {
	prev=$(screen "$1" | tail -2 | head -1)
	keys "$1" s
	n=0
	while [ $n -lt 30 ] && [ "$(screen "$1" | tail -2 | head -1)" = "$prev" ]; do
		sleep 0.1
		n=$((n + 1))
	done
	sleep 0.1
}

# selected NAME: the order number on the selected table row (drawn black
# on cyan, as the active tab is too).
selected() {
	tm capture-pane -t "$1" -p -e | python3 -c 'import re, sys
for line in sys.stdin:
    m = re.search(r"SO[0-9]+", line)
    if "\x1b[30m\x1b[46m" in line and m:
        print(m.group(0))
        break'
}

# The best ranked with a part not measured (n/a) and an order shipped this
# quarter.
na_code() {
	QUDAO_TODAY=2026-11-27 "$QUDAO" report scorecard --db "$1" --format csv | python3 -c '
import csv, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for r in csv.DictReader(sys.stdin):
    parts = [r[p] for p in ("sales", "collection", "price", "territory", "visits", "inventory", "service", "training")]
    if r["rank"] and "" in parts and db.execute("SELECT count(*) FROM orders o JOIN distributors d"
            " ON d.id = o.distributor_id WHERE d.code = ? AND o.ship_date >= ?"
            " AND o.status IN (?, ?)", (r["code"], "2026-10-01", "shipped", "delivered")).fetchone()[0]:
        print(r["code"])
        break' "$1"
}

# A distributor with three orders shipped this quarter, and its second.
multi_code() {
	sql "$1" "SELECT d.code FROM distributors d WHERE (SELECT count(*) FROM orders o
	  WHERE o.distributor_id = d.id AND o.ship_date BETWEEN '2026-10-01' AND '2026-11-27'
	  AND o.status IN ('shipped', 'delivered')) >= 3 ORDER BY d.code LIMIT 1"
}
# The ranked distributor of 2026-Q4 with the longest name.
long_name_code() {
	QUDAO_TODAY=2026-11-27 "$QUDAO" report scorecard --db "$1" --format csv | python3 -c '
import csv, sys, unicodedata
w = lambda s: sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
rows = [r for r in csv.DictReader(sys.stdin) if r["rank"]]
print(max(rows, key=lambda r: (w(r["name"]), r["code"]))["code"])'
}
second_order() {
	sql "$1" "SELECT o.order_no FROM orders o JOIN distributors d ON d.id = o.distributor_id
	  WHERE d.code = '$2' AND o.ship_date BETWEEN '2026-10-01' AND '2026-11-27'
	  AND o.status IN ('shipped', 'delivered') ORDER BY o.ship_date, o.order_no LIMIT 1 OFFSET 1"
}

# A ranked distributor whose score fell by exactly 0.1 since the quarter
# before (its change once showed blank: -1 tenth was the mark of none).
fell_a_tenth() {
	QUDAO_TODAY=2026-11-27 "$QUDAO" report scorecard --db "$1" --period 2026-Q3 --format csv \
		>"$T/q3.csv" &&
		QUDAO_TODAY=2026-11-27 "$QUDAO" report scorecard --db "$1" --period 2026-Q4 \
			--format csv >"$T/q4.csv" &&
		python3 - "$T/q3.csv" "$T/q4.csv" <<'PY'
import csv, sys
before = {r["code"]: r["score"] for r in csv.DictReader(open(sys.argv[1]))}
for r in csv.DictReader(open(sys.argv[2])):
    b = before.get(r["code"], "")
    if r["score"] and b and r["rank"] and round((float(r["score"]) - float(b)) * 10) == -1:
        print(r["code"])
        break
PY
}

# flow LANGUAGE LOCALE COLS ROWS
flow() {
	L=$1
	s=$1
	db="$T/$1.db"
	cp "$T/demo.db" "$db"
	start "$s" "$3" "$4" "$2" --db "$db"
	expect_screen "$s" "$(msg tab)" "$L: the Scorecards tab in the header"
	keys "$s" 4
	expect_screen "$s" "$(msg scored)" "$L: the scorecards open"
	expect_screen "$s" "$(msg q4)" "$L: this quarter by default"
	expect_screen "$s" "$(msg inbuilt)" "$L: no version stored: the built-in settings"
	# The name is never narrower than at 80 columns: a wider terminal
	# shows another part, not a shorter name (at 90 and 120 it was cut to
	# ten cells to fit one more).
	tm resize-window -t "$s" -x 80 -y "$4"
	sleep 0.4
	at80=$(name_cells "$s")
	for w in 90 120; do
		tm resize-window -t "$s" -x $w -y "$4"
		sleep 0.4
		check "$L: the name at $w columns as wide as at 80 ($at80)" [ "$(name_cells "$s")" -ge "$at80" ]
	done
	tm resize-window -t "$s" -x "$3" -y "$4"
	sleep 0.4
	# The quarter under way says how far it has run, and the count of
	# those terminated in it, counted apart, not ranked (at 80 columns in
	# Chinese it gave way, for a title of four cells too many).
	expect_screen "$s" "$(msg daysover)" "$L: the days of the quarter over"
	expect_screen "$s" "$(msg gone)" "$L: the terminated counted apart"
	keys "$s" End
	# (The last row's place: the window has moved to the end.)
	for _ in $(seq 30); do
		screen "$s" | sed -n 2p | grep -qE '(^|[^0-9])([0-9]+) (of|条，共) \2( |$)' && break
		sleep 0.1
	done
	eventually "$L: the last rows are the terminated, without a rank" \
		sh -c "tmux -L $SOCK capture-pane -t $s -p | grep -qE '^ +- [A-D] .* (T|终)( |\$)'"
	keys "$s" Home
	expect_not "$s" "not yet available" "$L: no placeholder any more"
	# The estimated rebate has its column where there is room for it.
	if [ "$3" -ge 120 ]; then
		expect_screen "$s" "Rebate" "$L: the rebate column"
		expect_screen "$s" "¥" "$L: rebates in money"
		# Every column from 130 (at 120 a part gives way to the name,
		# kept as wide as at 80).
		tm resize-window -t "$s" -x 130 -y "$4"
		sleep 0.4
		check "$L: every column shown at 130, no mark of hidden ones" \
			sh -c "! tmux -L $SOCK capture-pane -t $s -p | sed -n 3p | grep -q '[‹›]'"
		tm resize-window -t "$s" -x "$3" -y "$4"
		sleep 0.4
	else
		# Hidden on a narrow terminal, and Right pans to it, keeping the
		# rank, grade, score and name.
		eventually "$L: the header marks columns hidden to the right" \
			sh -c "tmux -L $SOCK capture-pane -t $s -p | sed -n 3p | grep -q '›\$'"
		# (To the last column, Rebate: each Right shows at least one
		# more, and a column leaves only on the left.)
		for _ in 1 2 3 4 5 6 7 8 9 10 11 12; do
			screen "$s" | sed -n 3p | grep -q "$(msg rebatehead)\$" && break
			keys "$s" Right
			sleep 0.3
		done
		eventually "$L: Right reaches the rebate column" \
			sh -c "tmux -L $SOCK capture-pane -t $s -p | sed -n 3p | grep -q '$(msg rebatehead)\$'"
		eventually "$L: the columns kept and the mark of those hidden on the left" \
			sh -c "tmux -L $SOCK capture-pane -t $s -p | sed -n 3p | grep -q '$(msg kepthead)'"
		expect_screen "$s" "¥" "$L: rebates in money"
		for _ in 1 2 3 4 5 6 7 8 9 10 11 12; do
			keys "$s" Left
		done
		expect_screen "$s" "$(msg partheads)" "$L: Left comes back"
		check "$L: nothing hidden to the left" \
			sh -c "! tmux -L $SOCK capture-pane -t $s -p | sed -n 3p | grep -q '‹'"
	fi
	# The parts' headers say what is measured: the sales achieved, not
	# the amount (销售额 is the map's amount).
	expect_screen "$s" "$(msg partheads)" "$L: the parts' headers"
	# No rebate earned is ¥0.00, not a blank taken for one not estimated.
	if [ "$3" -ge 120 ]; then
		eventually "$L: a rebate of none is ¥0.00" \
			sh -c "tmux -L $SOCK capture-pane -t $s -p | grep -qE '^ +[0-9]+ [A-D] .* ¥0\\.00 *\$'"
	fi

	# Sort: grade, then score, then the score reversed.
	before=$(codes "$s")
	keys "$s" s
	expect_screen "$s" "$(msg bygrade)" "$L: sorted by grade"
	# Reversed, the worst of grade D first (it was D's best: 219, 220, ...).
	keys "$s" S
	expect_screen "$s" "$(msg desc)" "$L: the grade reversed"
	sleep 0.3
	eventually "$L: the reversed grades begin with the worst" sh -c "tmux -L $SOCK capture-pane -t $s -p |
		sed -n 4,5p | awk '\$2 != \"D\" { exit 1 } NR == 1 { a = \$1 } NR == 2 { exit !(a > \$1) }'"
	keys "$s" S
	expect_screen "$s" "$(msg bygrade)" "$L: sorted by grade again"
	keys "$s" s
	expect_screen "$s" "$(msg byscore)" "$L: sorted by score"
	keys "$s" S
	expect_screen "$s" "$(msg desc)" "$L: the score reversed"
	sleep 0.3
	[ "$(codes "$s")" != "$before" ] && pass=$((pass + 1)) ||
		{ fail=$((fail + 1)); echo "FAIL: $L: the reversed score sort shows the same rows"; }
	keys "$s" S
	# Every sort, after the pauses made each one's order of all the rows
	# ready: the same rows as the orders made for a search that lets every
	# row through (every code has a "-"). Sixteen sorts bring the score's
	# back.
	sleep 1
	ready=""
	for k in $(seq 16); do
		next_sort "$s"
		ready="$ready$k: $(codes "$s")
"
	done
	keys "$s" /
	type_text "$s" "-"
	keys "$s" Enter
	expect_screen "$s" "$(msg searched)" "$L: every row searched"
	searched=""
	for k in $(seq 16); do
		next_sort "$s"
		searched="$searched$k: $(codes "$s")
"
	done
	[ "$searched" = "$ready" ] && pass=$((pass + 1)) ||
		{ fail=$((fail + 1)); echo "FAIL: $L: the orders made differ from the searched ones"; printf '%s\n' "$ready" "$searched"; }
	keys "$s" / C-u Enter
	expect_not "$s" "$(msg searched)" "$L: the search cleared"
	# The same on the board kept while another quarter was shown.
	keys "$s" "["
	expect_screen "$s" "$(msg q3)" "$L: the quarter before, to come back from"
	keys "$s" "]"
	expect_screen "$s" "$(msg q4)" "$L: this quarter's board again"
	sleep 1
	kept=""
	for k in 1 2 3; do
		next_sort "$s"
		kept="$kept$k: $(codes "$s")
"
	done
	[ "$kept" = "$(printf '%s' "$ready" | head -3)
" ] && pass=$((pass + 1)) ||
		{ fail=$((fail + 1)); echo "FAIL: $L: the kept board's orders differ"; printf '%s\n' "$kept" "$ready"; }
	for k in $(seq 13); do
		next_sort "$s"
	done

	# Sorted by the flags, most first: the first row's three flags are
	# all shown (a Chinese mark takes two cells; the column was five).
	if [ "$L" = zh ]; then
		for _ in $(seq 16); do
			screen "$s" | grep -qF "已按提醒（多的在前）排列" && break
			keys "$s" s
			sleep 0.2
		done
		expect_screen "$s" "已按提醒（多的在前）排列" "$L: sorted by the flags"
		eventually "$L: three flags shown whole" \
			sh -c "tmux -L $SOCK capture-pane -t $s -p | sed -n 4p | grep -qE '[款事访约过终停]{3}'"
		for _ in 1 2 3; do
			keys "$s" s
			sleep 0.2
			screen "$s" | grep -qF "$(msg byrank)" && break
		done
		expect_screen "$s" "$(msg byrank)" "$L: back to the rank"
	fi

	# Group by region; a group opened, then back.
	keys "$s" g
	expect_screen "$s" "$(msg region)" "$L: grouped by region"
	expect_screen "$s" "$(msg worst)" "$L: each group's worst three"
	# Cut in their column at 80 columns, the selected group's worst three
	# are whole under the table (on two lines when they need them).
	eventually "$L: the selected group's worst three in full" \
		sh -c "tmux -L $SOCK capture-pane -t $s -p | tail -4 | head -2 | tr '\n' ' ' |
			grep -qE '$(msg worstline).+ [0-9]+\.[0-9]( · | +).+ [0-9]+\.[0-9]( · | +).+ [0-9]+\.[0-9] *\$'"
	# On two lines, they break between two of them, not inside a name
	# (the West's third was cut "云南泰穗粮油贸" / "易部 43.8" at 80 columns):
	# the first line ends with a score, the second is a name and its score.
	if [ "$L" = zh ]; then
		keys "$s" Down Down Down
		eventually "$L: two lines of the worst break between names" \
			sh -c "tmux -L $SOCK capture-pane -t $s -p | tail -4 | head -2 | tr '\n' '|' |
				grep -qE '^最差：.+ [0-9]+\.[0-9]\|[^ ·][^|]* [0-9]+\.[0-9]\|\$'"
		keys "$s" Up Up Up
	fi
	# Exported, the groups' file says by what they group (the three
	# groupings had one name, each over the other).
	keys "$s" x
	expect_screen "$s" "scorecards-groups-region-2026-Q4-2026-11-27" "$L: the groups' export named for the grouping"
	keys "$s" Escape
	expect_screen "$s" "$(msg region)" "$L: back from the groups' export"
	# The grades: a bar, then how many of each; the keys said are the
	# groups'; a key of the ranking's says where it works.
	eventually "$L: the groups' grade counts" \
		sh -c "tmux -L $SOCK capture-pane -t $s -p | grep -qE '[A-D]{10} [0-9]+/[0-9]+/[0-9]+/[0-9]+'"
	expect_screen "$s" "$(msg opengroup)" "$L: the groups' keys"
	expect_screen "$s" "$(msg escranking)" "$L: the groups' bar says how to go back"
	keys "$s" s
	expect_screen "$s" "$(msg sortinranking)" "$L: sort is the ranking's"
	keys "$s" Enter
	expect_screen "$s" "$(msg filter)" "$L: a group's distributors"
	expect_screen "$s" "$(msg escgroups)" "$L: the key bar says Esc goes back to the groups"
	keys "$s" Escape
	expect_screen "$s" "$(msg region)" "$L: back to the groups"
	# The second region (South China in the demo) counts its ranked; opened,
	# it lists two terminated in the quarter too, and says so.
	keys "$s" Down Enter
	expect_screen "$s" "$(msg filter)" "$L: the second group's distributors"
	expect_screen "$s" "$(msg unranked)" "$L: the opened group says what its count left out"
	expect_screen "$s" "$(msg groupcounts)" "$L: and its title counts both"
	# Its bottom list is the group's, and its title says so.
	keys "$s" b
	expect_screen "$s" "$(msg bottomof)" "$L: the group's bottom list names the filter"
	keys "$s" Escape
	expect_screen "$s" "$(msg filter)" "$L: back to the group's distributors"
	# g in an opened group groups its distributors (a region's by
	# territory; it went back to all of them, grouped); Esc comes back to
	# the group's ranking.
	keys "$s" g
	expect_screen "$s" "$(msg bottomof) · $(msg territory)" "$L: g in a group groups its distributors"
	keys "$s" Escape
	expect_bar "$s" "$(msg escgroups)" "$L: Esc from them, the group's ranking again"
	expect_screen "$s" "$(msg bottomof) · " "$L: still the group's"
	# Esc again: the groups, on the group closed (it was on the row its
	# territories had selected); Enter opens it again.
	keys "$s" Down Escape
	expect_screen "$s" "$(msg secondof4)" "$L: back on the group closed"
	keys "$s" Enter
	expect_screen "$s" "$(msg bottomof) · " "$L: the group opened again"
	# Exported, the group's file is named for its region, not as the
	# whole ranking's.
	keys "$s" x
	expect_screen "$s" "scorecards-2026-Q4-S-2026-11-27" "$L: the group's export named for it"
	keys "$s" Escape
	expect_screen "$s" "$(msg filter)" "$L: back from the export"
	# The quarter before, the group still open; Esc comes back to that
	# group, first in that quarter (it stayed on the second place); the
	# quarter after, back to its place there.
	keys "$s" "["
	expect_screen "$s" "2026-Q3 ·" "$L: the quarter before, the group open"
	keys "$s" Escape
	expect_screen "$s" "$(msg region)" "$L: back to the groups of 2026-Q3"
	expect_screen "$s" "$(msg firstof4)" "$L: on the group left, first in 2026-Q3"
	keys "$s" "]"
	expect_screen "$s" "2026-Q4 ·" "$L: this quarter again"
	expect_screen "$s" "$(msg secondof4)" "$L: on the group left, second in 2026-Q4"
	keys "$s" g
	expect_screen "$s" "$(msg territory)" "$L: grouped by territory"
	# Whole there too, beside the longer names of provinces (they were
	# cut to "0/1/0…" at 80 columns in Chinese).
	eventually "$L: the territories' grade counts whole" \
		sh -c "tmux -L $SOCK capture-pane -t $s -p | grep -qE '[A-D]{10} [0-9]+/[0-9]+/[0-9]+/[0-9]+ '"
	# Esc from an opened group comes back to it, the fifth of 30 (it came
	# back to the first when the groups filled the table).
	keys "$s" Down Down Down Down Enter
	expect_screen "$s" "$(msg filter)" "$L: a territory's distributors"
	keys "$s" Escape
	expect_screen "$s" "$(msg territory)" "$L: back to the territories"
	expect_screen "$s" "$(msg fifth)" "$L: on the territory opened"
	keys "$s" g g
	expect_screen "$s" "$(msg scored)" "$L: back to the ranking"

	# Explain a ranked one with a part not measured and an order shipped
	# this quarter, then one of its orders in the distributor's picture.
	fell=$(fell_a_tenth "$db")
	[ -n "$fell" ] && pass=$((pass + 1)) ||
		{ fail=$((fail + 1)); echo "FAIL: $L: no distributor whose score fell by 0.1"; }
	keys "$s" / C-u
	type_text "$s" "$fell"
	keys "$s" Enter
	expect_screen "$s" "▼0.1" "$L: a change of -0.1 shown ($fell)"
	# The bottom list of what the search shows says so in its title.
	keys "$s" b
	expect_screen "$s" "$(msg searchof)$fell" "$L: the bottom list names the search"
	keys "$s" Escape
	expect_screen "$s" "▼0.1" "$L: back to the ranking searched"
	keys "$s" / C-u Enter
	na=$(na_code "$db")
	[ -n "$na" ] && pass=$((pass + 1)) ||
		{ fail=$((fail + 1)); echo "FAIL: $L: no ranked distributor with a part not measured"; }
	keys "$s" /
	type_text "$s" "$na"
	keys "$s" Enter
	expect_screen "$s" "$na" "$L: found $na"
	keys "$s" Home Enter
	expect_screen "$s" "$(msg sales)" "$L: the explanation's parts"
	expect_screen "$s" "$(msg rank)" "$L: the explanation's rank"
	expect_wrapped "$s" "$(msg formula)" "$L: the selected part's formula and inputs"
	# x exports the section shown, named for the distributor, the period
	# and the section (it said how to run the report).
	keys "$s" x
	expect_screen "$s" "-$na-2026-Q4-score-2026-11-27.csv" "$L: x exports the explanation's section"
	keys "$s" Escape
	expect_wrapped "$s" "$(msg formula)" "$L: back from the export"
	# A part not measured (n/a) says so, with its inputs all the same.
	for _ in 1 2 3 4 5 6 7; do
		screen "$s" | grep -qF "$(msg notmeasured)" && break
		keys "$s" Down
		sleep 0.2
	done
	expect_screen "$s" "$(msg notmeasured)" "$L: a part not measured"
	expect_wrapped "$s" "$(msg formula)" "$L: a part not measured shows its inputs"
	keys "$s" Home
	keys "$s" Right
	sleep 0.3
	keys "$s" Enter
	expect_screen "$s" "$(msg shipto)" "$L: an order opened in the distributor's picture"
	# With its ship date, the date its sales count on (the picture showed
	# the order date alone, a day before the date the explanation gave).
	expect_screen "$s" "$(msg shipon)" "$L: the orders' ship date"
	eventually "$L: an order's row with its ship date" sh -c \
		"tmux -L $SOCK capture-pane -t $s -p | grep -qE '^ *20[0-9]{2}-[0-9]{2}-[0-9]{2} +[A-Z0-9-]+ +[^ ]+ +20[0-9]{2}-[0-9]{2}-[0-9]{2} '"
	keys "$s" Escape
	expect_screen "$s" "$(msg meaning)" "$L: back to the explanation's orders"
	# Under sales an order says it counts toward them (it said how many of
	# its lines kept the price, price discipline's business).
	expect_screen "$s" "$(msg countssales)" "$L: the orders count toward sales"
	keys "$s" Escape
	expect_screen "$s" "$(msg scored)" "$L: back to the ranking"
	keys "$s" F

	# Enter on an order opens the picture with that very order selected.
	code=$(multi_code "$db")
	order=$(second_order "$db" "$code")
	keys "$s" /
	type_text "$s" "$code"
	keys "$s" Enter
	expect_screen "$s" "$code" "$L: found $code"
	keys "$s" Home Enter
	expect_screen "$s" "$(msg sales)" "$L: $code explained"
	# The title begins with the code: a long name is cut, not the code.
	eventually "$L: the explanation's title starts with $code" \
		sh -c "tmux -L $SOCK capture-pane -t $s -p | sed -n 2p | grep -q '^ $code '"
	# And the longest name is cut before the period, which stays.
	keys "$s" Escape
	expect_screen "$s" "$(msg scored)" "$L: back to the ranking"
	long=$(long_name_code "$db")
	keys "$s" / C-u
	type_text "$s" "$long"
	keys "$s" Enter
	expect_screen "$s" "$long" "$L: found $long"
	keys "$s" Home Enter
	expect_screen "$s" "$(msg sales)" "$L: $long explained"
	eventually "$L: the title of $long, its name the longest, keeps the period" \
		sh -c "tmux -L $SOCK capture-pane -t $s -p | sed -n 2p | grep -q '^ $long .*· 2026-Q4 '"
	keys "$s" Escape
	expect_screen "$s" "$(msg scored)" "$L: back to the ranking"
	keys "$s" / C-u
	type_text "$s" "$code"
	keys "$s" Enter
	expect_screen "$s" "$code" "$L: found $code again"
	keys "$s" Home Enter
	expect_screen "$s" "$(msg sales)" "$L: $code explained again"
	# The inventory's rows are quantities counted, headed so (they were
	# headed Amount, as money).
	keys "$s" Right Right Right Right Right Right
	expect_screen "$s" "$(msg counthead)" "$L: the inventory's counts headed as quantities"
	keys "$s" Left Left Left Left Left Left
	expect_wrapped "$s" "$(msg formula)" "$L: back to the parts"
	keys "$s" Right
	sleep 0.3
	keys "$s" Down
	sleep 0.3
	case "$(selected "$s")" in
	*"$order"*) pass=$((pass + 1)) ;;
	*) fail=$((fail + 1)); echo "FAIL: $L: $order not selected in the explanation: $(selected "$s")" ;;
	esac
	keys "$s" Enter
	expect_screen "$s" "$(msg shipto)" "$L: $code's orders opened"
	sleep 0.3
	sel=$(selected "$s")
	case "$sel" in
	*"$order"*) pass=$((pass + 1)) ;;
	*) fail=$((fail + 1)); echo "FAIL: $L: $order should be selected, not: $sel" ;;
	esac
	keys "$s" Escape
	expect_screen "$s" "$(msg meaning)" "$L: back to the explanation"
	# The rebates (the last section, two to the left of the orders): their
	# own column, and Enter shows a line in full (a rebate has no screen of
	# its own).
	keys "$s" Left Left
	expect_screen "$s" "$(msg rebatewhy)" "$L: the rebates say why, not what they do to the score"
	keys "$s" Home Enter
	expect_screen "$s" "$code · " "$L: a rebate line in full"
	keys "$s" Escape
	expect_screen "$s" "$(msg rebatewhy)" "$L: back to the rebates"
	keys "$s" Escape
	expect_screen "$s" "$(msg scored)" "$L: back to the ranking"
	keys "$s" F
	# The search cleared; the distributor chosen among those found (Home)
	# stays selected.
	expect_not "$s" "$(msg searched | sed 's/-$//')$code" "$L: the search cleared"
	expect_screen "$s" "$code" "$L: $code, chosen among those found, stays"

	# Sorted by a column dropped for width: the columns pan to show it
	# (its values could not be seen), and no note says the sort instead.
	sort_to "$s" "$(msg byprice)"
	expect_screen "$s" "$(msg byprice)" "$L: sorted by price"
	eventually "$L: the price column shown, sorted" \
		sh -c "tmux -L $SOCK capture-pane -t $s -p | sed -n 3p | grep -q '$(msg pricehead)'"
	expect_not "$s" "$(msg pricenote)" "$L: the sort shows in the header"
	sort_to "$s" "$(msg byrank)"
	expect_screen "$s" "$(msg byrank)" "$L: sorted by rank again"

	# Another period: typed, then the one before.
	keys "$s" p
	expect_screen "$s" "$(msg period)" "$L: the period asked for"
	# What is typed replaces the period shown; in Chinese, as written in
	# Chinese (2026年第3季度 was "not a period").
	type_text "$s" "$(msg q3typed)"
	keys "$s" Enter
	expect_screen "$s" "$(msg q3)" "$L: the third quarter"
	# A resolved incident has no list in the distributor's picture (it
	# opened on an empty one): Enter on it shows its line in full.
	res=$(sql "$db" "SELECT d.code FROM incidents i JOIN distributors d ON d.id = i.distributor_id
	  WHERE i.occurred_on BETWEEN '2026-07-01' AND '2026-09-30'
	  AND i.kind NOT IN ('price_violation', 'cross_territory') GROUP BY d.id
	  HAVING count(*) = sum(i.status = 'resolved') ORDER BY d.code LIMIT 1")
	keys "$s" / C-u
	type_text "$s" "$res"
	keys "$s" Enter
	expect_screen "$s" "$res" "$L: found $res"
	keys "$s" Home Enter
	expect_screen "$s" "$(msg sales)" "$L: $res explained"
	# Its visits: no Amount column left empty beside them.
	keys "$s" Tab Tab Tab Tab Tab
	expect_screen "$s" "$(msg visitdone)" "$L: $res's visits"
	eventually "$L: the visits have no Amount column" \
		sh -c "tmux -L $SOCK capture-pane -t $s -p | grep -E '$(msg forscore)' | grep -qvE '$(msg amount)'"
	keys "$s" Tab Tab
	keys "$s" Enter
	expect_screen "$s" "$res · " "$L: a resolved incident shown in full"
	keys "$s" Escape
	keys "$s" Escape
	keys "$s" / C-u Enter
	keys "$s" End "["
	expect_screen "$s" "$(msg q2)" "$L: the quarter before"
	sleep 0.3
	eventually "$L: the position keeps its label after [" sh -c "tmux -L '$SOCK' capture-pane -t '$s' -p | sed -n 2p | grep -qE '$(msg position)'"
	keys "$s" Home
	keys "$s" "]" "]"
	expect_screen "$s" "$(msg q4)" "$L: back to this quarter"
	# Not past the current period: ] stops with a message, p refuses it.
	keys "$s" "]"
	expect_screen "$s" "$(msg notbegun)" "$L: ] stops at the current period"
	expect_not "$s" "$(msg q1next)" "$L: no quarter after this one"
	keys "$s" p
	expect_screen "$s" "$(msg period)" "$L: the period asked for again"
	keys "$s" C-u Enter
	expect_screen "$s" "$(msg typeperiod)" "$L: nothing typed asks for a period"
	type_text "$s" "2026-12"
	keys "$s" Enter
	expect_screen "$s" "2026-12 $(msg notbegun)" "$L: the prompt refuses a month not begun"
	expect_screen "$s" "$(msg period)" "$L: the prompt stays open"
	keys "$s" Escape
	expect_screen "$s" "$(msg q4)" "$L: still this quarter"
	# A period with nothing scored says so, with no bare 0 in the corner.
	keys "$s" p C-u
	type_text "$s" "2020"
	keys "$s" Enter
	expect_screen "$s" "2020 ·" "$L: a year before any agreement"
	# Why it is empty, whole even at 80 columns (wrapped, not cut).
	tm resize-window -t "$s" -x 80 -y 24
	sleep 0.3
	eventually "$L: why it is empty, whole" sh -c \
		"tmux -L '$SOCK' capture-pane -t '$s' -p | grep -qE '$(msg otherperiod) *\$'"
	keys "$s" b
	expect_screen "$s" "$(msg noscored)" "$L: the bottom list of an empty period says so"
	keys "$s" Escape
	tm resize-window -t "$s" -x "$3" -y "$4"
	check "$L: no bare 0 for an empty period" sh -c "! tmux -L '$SOCK' capture-pane -t '$s' -p | sed -n 2p | grep -q ' 0\$'"
	# At 45x12 what is typed into the prompt shows (the long label left it
	# no room).
	tm resize-window -t "$s" -x 45 -y 12
	sleep 0.5
	keys "$s" p C-u
	type_text "$s" "2026-Q1"
	sleep 0.3
	screen "$s" | sed -n 2p >"$T/prompt45"
	check "$L: the period typed shows at 45x12" grep -qF "2026-Q1" "$T/prompt45"
	keys "$s" Escape
	tm resize-window -t "$s" -x "$3" -y "$4"
	# A period pasted into the prompt is taken as typed.
	keys "$s" p C-u
	tm set-buffer -b period "2026-Q4"
	tm paste-buffer -p -b period -t "$s"
	sleep 0.3
	keys "$s" Enter
	expect_screen "$s" "$(msg q4)" "$L: this quarter again, pasted"

	# The bottom list left without moving in it comes back to the row the
	# ranking had (it went to the worst).
	keys "$s" Home Down Down
	expect_screen "$s" "$(msg third)" "$L: the third row of the ranking"
	keys "$s" b
	expect_screen "$s" "$(msg bottom)" "$L: the bottom list, looked at"
	keys "$s" Escape
	expect_screen "$s" "$(msg third)" "$L: back on the third row"
	# The bottom ten with their reasons.
	keys "$s" b
	expect_screen "$s" "$(msg bottom)" "$L: the bottom list"
	expect_screen "$s" "$(msg why)" "$L: with the reasons"
	eventually "$L: the selected one's reasons in full under the list" \
		sh -c "tmux -L $SOCK capture-pane -t $s -p | grep -qE '$(msg whyline)'"
	# On the smallest terminal each row still says whose it is.
	tm resize-window -t "$s" -x 40 -y 10
	sleep 0.3
	n=$(screen "$s" | grep -cE '^ +[0-9]+ .* [A-Z]{2}-[0-9]{4} ')
	[ "$n" -ge 3 ] && pass=$((pass + 1)) ||
		{ fail=$((fail + 1)); echo "FAIL: $L: the bottom list at 40x10 has no codes"; screen "$s"; }
	tm resize-window -t "$s" -x "$3" -y "$4"
	sleep 0.3
	# Back in the ranking on the distributor selected there, not the top.
	keys "$s" Down Down
	sleep 0.3
	keys "$s" Escape
	expect_screen "$s" "$(msg scored)" "$L: back from the bottom list"
	check "$L: the ranking is on the one selected in the bottom list" \
		sh -c "! tmux -L $SOCK capture-pane -t $s -p | sed -n 2p | grep -qE '(^|[^0-9])1 (of|条，共) '"
	keys "$s" "?"
	expect_screen "$s" "$(msg help)" "$L: the help says what a dash is"
	expect_screen "$s" "$(msg helpF)" "$L: the help says F clears the search too"
	# Nothing of the ranking beside the box on its rows (at 80 columns a
	# "2" of 2026-Q4 and the pan's "›" stood at its edges).
	check "$L: the help's rows show nothing beside its box" sh -c "tmux -L $SOCK capture-pane -t $s -p |
		sed -n '/┌/,/└/p' | grep -vE '^ *[┌│└].*[┐│┘] *\$' | grep -q . && exit 1 || exit 0"
	keys "$s" Escape
	expect_not "$s" "$(msg help)" "$L: the help closed"

	# A weight changed in Setup changes the ranking. Another period is
	# shown meanwhile: this one's board, kept to come back to at once, is
	# read again after the change, not shown as it was.
	keys "$s" Home
	sleep 0.3
	before=$(codes "$s")
	keys "$s" p C-u
	type_text "$s" "2026-Q3"
	keys "$s" Enter
	expect_screen "$s" "2026-Q3 ·" "$L: 2026-Q3 shown before the change"
	keys "$s" 5
	expect_screen "$s" "$(msg scoring)" "$L: Setup has the Scoring section"
	# A rebate rule added in Setup, a step of achievement: a bad rate is
	# refused beside its field; saved, edited to apply from July, the Q3
	# rebate of a distributor at 112 % of its target follows; then deleted.
	keys "$s" Left
	expect_screen "$s" "$(msg rebates)" "$L: Setup has the Rebates section"
	expect_screen "$s" "$(msg ladder)" "$L: the demo's steps in achievement"
	if [ "$3" -lt 120 ]; then
		# Left and Right switch sections here: > and < pan the columns.
		keys "$s" ">"
		expect_screen "$s" "$(msg fromhead)" "$L: > shows the rules' start column"
		keys "$s" "<"
		expect_screen "$s" "$(msg rebates)" "$L: < back, still in the Rebates section"
	fi
	keys "$s" a
	expect_screen "$s" "$(msg newrebate)" "$L: a new rule's form"
	type_text "$s" "季度超额返利"
	# A step typed as a percent does not become an amount: switched to a
	# step in sales, the step is empty (it kept "100", saved as ¥100).
	keys "$s" Tab Tab Right
	expect_screen "$s" "$(msg saleshint)" "$L: a step in sales asks for yuan"
	check "$L: the step emptied with its kind" sh -c "! tmux -L $SOCK capture-pane -t $s -p | grep -qE '^ *(Step|档位) +100'"
	keys "$s" Left Tab C-u
	type_text "$s" "0"
	keys "$s" Tab
	type_text "$s" "abc"
	keys "$s" Enter
	expect_screen "$s" "$(msg rateerr)" "$L: a rate that is not one is refused"
	expect_screen "$s" "$(msg steperr)" "$L: and at once a step out of range, beside its own field"
	# (The first field at fault has the focus.)
	keys "$s" C-u
	type_text "$s" "110"
	keys "$s" Tab C-u
	type_text "$s" "1"
	keys "$s" Enter
	expect_screen "$s" "$(msg rebatesaved)" "$L: the rule saved"
	check "$L: the rule stored as a step of achievement" [ "$(sql "$db" "SELECT basis || '/' || achievement_bp || '/' || rate_bp || '/' || period_kind || '/' || start_date FROM rebate_rules WHERE name = '季度超额返利'")" = "achievement/11000/100/quarter/2026-12-01" ]
	keys "$s" e
	expect_screen "$s" "$(msg rebateedit)" "$L: the saved rule is the one selected"
	# (The category is passed over: a step in achievement has none.)
	keys "$s" Tab Tab Tab Tab Tab Tab C-u
	type_text "$s" "2026-07-01"
	keys "$s" Enter
	# Reaching back into a quarter already over: asked first, as the score
	# settings ask (it changed past rebates without a word).
	expect_screen "$s" "$(msg rebatepast)" "$L: asked before a rule reaches periods already over"
	check "$L: not saved before the answer" [ "$(sql "$db" "SELECT start_date FROM rebate_rules WHERE name = '季度超额返利'")" = "2026-12-01" ]
	keys "$s" y
	expect_screen "$s" "$(msg rebatesaved)" "$L: the rule saved again"
	# An end after today changes no period already over: saved without the
	# question (it asked, and advised an end date).
	keys "$s" e
	expect_screen "$s" "$(msg rebateedit)" "$L: the rule to end"
	keys "$s" Tab Tab Tab Tab Tab Tab Tab C-u
	type_text "$s" "2027-12-31"
	keys "$s" Enter
	expect_screen "$s" "$(msg rebatesaved)" "$L: an end after today saved at once"
	check "$L: the end stored" [ "$(sql "$db" "SELECT end_date FROM rebate_rules WHERE name = '季度超额返利'")" = "2027-12-31" ]
	QUDAO_TODAY=2026-11-27 "$QUDAO" report scorecard --period 2026-Q3 --explain BJ-0001 --db "$db" >"$T/$L-rebate.txt" 2>&1
	check "$L: the higher step pays BJ-0001's Q3 (1% of ¥85,210.44)" grep -q "季度超额返利 .*¥852.10 .*112.11%" "$T/$L-rebate.txt"
	check "$L: the lower step of its ladder no longer does" sh -c "! grep -q '季度达标返利 .*¥426.05' '$T/$L-rebate.txt'"
	keys "$s" d
	expect_screen "$s" "$(msg rebatedel)" "$L: asked before deleting"
	keys "$s" y
	expect_screen "$s" "$(msg rebategone)" "$L: the rule deleted"
	check "$L: six rules again" [ "$(sql "$db" "SELECT count(*) FROM rebate_rules")" = 6 ]
	keys "$s" Left
	expect_screen "$s" "$(msg builtin)" "$L: the built-in settings"
	expect_screen "$s" "$(msg delkey)" "$L: the status bar names the Scoring section's keys"
	keys "$s" a
	expect_screen "$s" "$(msg newform)" "$L: a new version's form"
	# The normalise choice whole when it says yes (it was "< yes…").
	keys "$s" Up Up Right
	expect_screen "$s" "$(msg normyes)" "$L: the normalise choice whole"
	keys "$s" Left Down Down
	keys "$s" C-u
	type_text "$s" "2026-10"
	keys "$s" Tab C-u
	# The focused field's hint whole: beside it when it fits, under the
	# fields when it does not (it was cut to "百分比；八项之…" at 80 columns).
	expect_screen "$s" "$(msg weighthint)" "$L: the weight's hint whole"
	type_text "$s" "90"
	keys "$s" Enter
	expect_screen "$s" "$(msg sum)" "$L: weights not adding up to 100 are refused"
	expect_screen "$s" "160" "$L: saying what they add up to now (90 and the others, 70)"
	for i in 1 2 3; do
		keys "$s" Tab C-u
		type_text "$s" "0"
	done
	keys "$s" Tab
	for i in 1 2 3; do
		keys "$s" Tab C-u
		type_text "$s" "0"
	done
	# A negative threshold is refused with the range (it was "a whole
	# number, in digits", as if the minus were not one).
	keys "$s" Tab C-u
	type_text "$s" "-5"
	keys "$s" Enter
	expect_screen "$s" "$(msg threshold)" "$L: a threshold of -5 refused with its range"
	if [ "$L" = en ]; then
		# Narrow, the message takes two rows: the reason is said once,
		# not again under the fields.
		tm resize-window -t "$s" -x 50 -y 30
		sleep 0.4
		check "$L: the reason said once at 50 columns" \
			sh -c "! tmux -L $SOCK capture-pane -t $s -p | grep -qE '^ +The threshold is a whole number from 0 to 100\\. *\$'"
		tm resize-window -t "$s" -x "$3" -y "$4"
		sleep 0.3
	fi
	keys "$s" C-u
	type_text "$s" "30"
	# Grade A lowered under B: said beside A, the field changed (it was
	# said beside B); then A as it was.
	keys "$s" Tab Tab Tab Tab Tab Tab C-u
	type_text "$s" "50"
	keys "$s" Enter
	expect_screen "$s" "$(msg bandA)" "$L: grade A under B said beside A"
	keys "$s" C-u
	type_text "$s" "85"
	# From October, a month over: the scores seen change, asked first;
	# n saves nothing and leaves the form as typed.
	keys "$s" Enter
	expect_screen "$s" "$(msg pastmonths)" "$L: asked before changing the scores of months over"
	keys "$s" n
	expect_not "$s" "(y/n)" "$L: n answers"
	check "$L: nothing saved on n" [ "$(sql "$db" "SELECT count(*) FROM score_settings")" = 0 ]
	keys "$s" Enter
	expect_screen "$s" "$(msg pastmonths)" "$L: asked again"
	# (Which periods it reaches, said: the year under way in October
	# keeps its settings; "the quarters and years that hold them" said
	# it did not.)
	expect_screen "$s" "$(msg yearkept)" "$L: the year under way keeps its settings, said"
	keys "$s" y
	expect_screen "$s" "$(msg saved)" "$L: the new version saved"
	check "$L: one version stored" [ "$(sql "$db" "SELECT count(*) FROM score_settings")" = 1 ]
	check "$L: its weights stored" [ "$(sql "$db" "SELECT w_sales || '/' || w_visits || '/' || w_collection FROM score_settings")" = "90/10/0" ]
	# Deleting it would change scores of months over too: said, as the
	# save said it (it said only "periods from then on").
	keys "$s" d
	expect_screen "$s" "$(msg delpast)" "$L: deleting a version from a month over says scores change"
	keys "$s" n
	expect_not "$s" "(y/n)" "$L: n keeps it"
	keys "$s" 4
	expect_screen "$s" "2026-Q3 ·" "$L: 2026-Q3 again"
	keys "$s" p C-u
	type_text "$s" "2026-Q4"
	keys "$s" Enter
	expect_screen "$s" "$(msg from)" "$L: the scorecards take the new version"
	# At 80 columns the title still says the settings' month, in fewer
	# words if need be (in English it was cut to "settings fr…").
	tm resize-window -t "$s" -x 80 -y 24
	sleep 0.4
	eventually "$L: the settings' month in the title at 80 columns" \
		sh -c "tmux -L $SOCK capture-pane -t $s -p | sed -n 2p | grep -qE '$(msg frombrief)'"
	# Also sorted by a column dropped for width, panned into view.
	sort_to "$s" "$(msg byprice)"
	expect_screen "$s" "$(msg byprice)" "$L: sorted by price at 80 columns"
	title=$(screen "$s" | sed -n 2p)
	printf '%s\n' "$title" | grep -qE "$(msg frombrief)" && pass=$((pass + 1)) ||
		{ fail=$((fail + 1)); echo "FAIL: $L: the settings' month after the hidden sort's name: $title"; }
	sort_to "$s" "$(msg byrank)"
	tm resize-window -t "$s" -x "$3" -y "$4"
	sleep 0.3
	keys "$s" Home
	sleep 0.3
	[ "$(codes "$s")" != "$before" ] && pass=$((pass + 1)) ||
		{ fail=$((fail + 1)); echo "FAIL: $L: the ranking did not change with the weights"; screen "$s" | sed 's/^/  | /'; }
	keys "$s" q
}

flow zh zh_CN.UTF-8 80 24
flow en en_US.UTF-8 120 40

# At 40x12 the explanation's tabs give way to the row count, and nothing of
# the tabs drawn first is left after it (a "›" stayed at the edge).
cp "$T/demo.db" "$T/small.db"
start tiny 40 12 zh_CN.UTF-8 --db "$T/small.db"
wait_for tiny "4 评分" 10 || true
keys tiny 4
expect_screen tiny "名次▲ 评级" "40x12: the scorecards"
# The title is the period alone there, not a count cut ("已评分 26…" of 264).
check "40x12: no number cut in the title" sh -c "! tmux -L $SOCK capture-pane -t tiny -p | sed -n 2p | grep -q '[0-9]…'"
# A search's box leaves the row count whole (it took "第 1" of "第 147 条").
keys tiny /
type_text tiny "有限公司"
keys tiny Enter G
sleep 0.3
eventually "40x12: the row count whole beside a search" sh -c "tmux -L $SOCK capture-pane -t tiny -p | sed -n 2p | grep -qE '^搜索.* 第 [0-9]+ 条，共 [0-9]+ 条\$'"
keys tiny / C-u Enter Home
keys tiny Enter
expect_screen tiny "第 1 条，共" "40x12: the explanation's row count beside its tabs"
eventually "40x12: nothing after the row count" sh -c "tmux -L $SOCK capture-pane -t tiny -p | grep '第 1 条，共' | grep -qE '条 *$'"
# The title keeps the period there too (it was cut to "· 202…").
eventually "40x12: the explanation's title keeps the period" sh -c "tmux -L $SOCK capture-pane -t tiny -p | sed -n 2p | grep -q '· 2026-Q4 '"

# At 60x20 the explanation's title says the rank short, whole: it was cut
# to "rank 2…" for a rank of 232, which read as another rank.
cp "$T/demo.db" "$T/narrow.db"
start narrow 60 20 en_US.UTF-8 --db "$T/narrow.db"
wait_for narrow "4 Scores" 10 || true
keys narrow 4
expect_screen narrow "scored · " "60x20: the scorecards"
keys narrow /
type_text narrow "FJ-0001"
keys narrow Enter Enter
expect_screen narrow "Estimated rebate" "60x20: FJ-0001 explained"
eventually "60x20: the rank whole in the explanation's title" sh -c "tmux -L $SOCK capture-pane -t narrow -p | sed -n 2p | grep -qE '· #[0-9]+/[0-9]+ *\$'"
check "60x20: no number cut in the explanation's title" sh -c "! tmux -L $SOCK capture-pane -t narrow -p | sed -n 2p | grep -q '[0-9]…'"
# The part's text is cut under the table at 60x20: its last line says
# that i shows it whole, and i does (the rest could not be read).
expect_screen narrow "i shows all of it" "60x20: the cut text says i shows it"
expect_not narrow "n/a without a target." "60x20: the sales text's end is cut"
keys narrow i
expect_screen narrow "FJ-0001 · Sales achievement" "60x20: i shows the part in full"
expect_screen narrow "target." "60x20: to its end"
keys narrow Escape
expect_screen narrow "Estimated rebate" "60x20: Esc back to the explanation"
# A question longer than three rows keeps its "(y/n)": a new version of
# the score settings from a month over says what it reaches, at 60x20 in
# five rows (cut to three, the way to answer was not on the screen).
keys narrow Escape 5
expect_screen narrow "Regions" "60x20: Setup"
keys narrow Right Right Right Right Right a
expect_screen narrow "Applies from month" "60x20: a new version of the score settings"
keys narrow C-u
type_text narrow "2025-06"
keys narrow Enter
expect_screen narrow "Save? (y/n)" "60x20: the whole question, its (y/n) too"
keys narrow n Escape

# Normalised, the explanation at 80x24 keeps the score before normalising,
# which says why the parts do not add up to the score: the settings' month
# gives way first (the line was cut at "normalised to the best o…").
for L in zh en; do
	lang=zh_CN.UTF-8
	[ $L = en ] && lang=en_US.UTF-8
	cp "$T/demo.db" "$T/norm-$L.db"
	sql_write "$T/norm-$L.db" "INSERT INTO score_settings (id, from_month, w_sales, w_collection,
	  w_price, w_territory, w_visits, w_inventory, w_service, w_training, threshold,
	  d_price_violation, d_cross_territory, d_return, d_quality, d_complaint, grade_a, grade_b,
	  grade_c, normalise) VALUES (78, '2026-10', 30, 20, 10, 10, 10, 5, 10, 5, 30, 20, 25, 5,
	  10, 10, 85, 70, 55, 1)"
	start norm-$L 80 24 $lang --db "$T/norm-$L.db"
	wait_for norm-$L "2026-11-27" 10 || true
	keys norm-$L 4
	expect_screen norm-$L "$(msg scored)" "normalised, $L: the scorecards"
	keys norm-$L Down Enter
	# At 80 columns the whole formula, short: before ÷ best × 100 = score,
	# worked out again from what is shown (to 0.1: the two are rounded to
	# hundredths). It ended at "before normalising 94.8", with no best.
	eventually "normalised, $L: the formula at 80 columns" sh -c \
		"tmux -L $SOCK capture-pane -t norm-$L -p | sed -n 3p | grep -qE '× 100 = [0-9]+\.[0-9] *\$'"
	check "normalised, $L: the formula at 80 columns works out again" sh -c \
		"tmux -L $SOCK capture-pane -t norm-$L -p | sed -n 3p | grep -oE '[0-9]+\.[0-9]+' | tail -3 |
		tr '\n' ' ' | awk '{ d = \$1 / \$2 * 100 - \$3; exit !(NF == 3 && d < 0.051 && d > -0.051) }'"
	# Wide, the whole sentence, with its score.
	start norm-$L 160 30 $lang --db "$T/norm-$L.db"
	wait_for norm-$L "2026-11-27" 10 || true
	keys norm-$L 4
	expect_screen norm-$L "$(msg scored)" "normalised, $L, wide: the scorecards"
	keys norm-$L Enter
	eventually "normalised, $L: the formula's sentence at 160 columns" sh -c \
		"tmux -L $SOCK capture-pane -t norm-$L -p | sed -n 3p | grep -qE '(best of its region|大区最高分).* × 100 = [0-9]+\.[0-9] *\$'"
done

# x on a section without rows says so in the explanation's words: there is
# no search nor filter there to hide them (the table's words said so).
for L in zh en; do
	lang=zh_CN.UTF-8
	[ $L = en ] && lang=en_US.UTF-8
	start none-$L 80 24 $lang --db "$T/demo.db"
	wait_for none-$L "2026-11-27" 10 || true
	keys none-$L 4
	expect_screen none-$L "$(msg scored)" "no rows, $L: the scorecards"
	keys none-$L Enter
	expect_screen none-$L "JS-0017" "no rows, $L: the first one's explanation"
	keys none-$L Tab Tab Tab Tab
	expect_screen none-$L "$(msg norows)" "no rows, $L: territory discipline has none"
	keys none-$L x
	expect_screen none-$L "$(msg nothingexp)" "no rows, $L: x says there is nothing to export"
	check "no rows, $L: not blamed on a search" sh -c \
		"! tmux -L $SOCK capture-pane -t none-$L -p | grep -qE 'search or filter|搜索或筛选'"
done

# Another program's commit while the filter form is open: the quarter
# kept from before is read again when shown, not shown as it was (the
# filter applied took the change for its own reload).
cp "$T/demo.db" "$T/other.db"
start other 100 30 en_US.UTF-8 --db "$T/other.db"
wait_for other "4 Scorecards" 10 || true
keys other 4
expect_screen other "scored · " "other: the scorecards"
keys other p C-u
type_text other "2026-Q3"
keys other Enter
expect_screen other "2026-Q3 ·" "other: 2026-Q3 shown, this quarter kept"
# [ stops at the first quarter qudao keeps, as typing one does (it went
# on to 1999-Q4, "0 scored").
keys other p C-u
type_text other "2000-Q1"
keys other Enter
expect_screen other "2000-Q1 ·" "other: 2000-Q1 shown"
keys other "["
expect_screen other "1999-Q4 is outside the years qudao keeps" "other: [ stops at 2000-Q1"
expect_not other "1999-Q4 ·" "other: still 2000-Q1"
keys other p C-u
type_text other "2026-Q3"
keys other Enter
expect_screen other "2026-Q3 ·" "other: 2026-Q3 again"
keys other f
expect_screen other "Filter the scorecards" "other: the filter form"
python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("INSERT INTO score_settings (id, from_month, w_sales, w_collection, w_price, w_territory,"
          " w_visits, w_inventory, w_service, w_training, threshold, d_price_violation,"
          " d_cross_territory, d_return, d_quality, d_complaint, grade_a, grade_b, grade_c)"
          " VALUES (77, \"2026-10\", 90, 0, 0, 0, 10, 0, 0, 0, 30, 20, 25, 5, 10, 10, 85, 70, 55)")
c.commit()' "$T/other.db"
keys other Enter
expect_screen other "2026-Q3 ·" "other: the filter applied"
keys other p C-u
type_text other "2026-Q4"
keys other Enter
expect_screen other "settings 2026-10" "other: this quarter read again, with the other program's settings"

# A filter set and cleared in the groups: they are made again each time,
# in the groups (the filter took the tab back to the ranking, and F left
# the filtered groups on the screen, for x to export); b from the groups,
# Esc goes back to them.
keys other g
expect_screen other "Grouped by region" "other: grouped by region"
expect_screen other "1 of 4" "other: four regions"
keys other f
expect_screen other "Filter the scorecards" "other: the filter form over the groups"
type_text other "S"
keys other Enter
keys other Enter
expect_screen other "Filter: 华南区 · Grouped by region" "other: the filter applied in the groups"
expect_screen other "1 of 1" "other: one region left"
keys other F
expect_screen other "Filters and search cleared." "other: cleared"
expect_screen other "3 of 4" "other: the four regions again, South China still selected"
expect_not other "Filter: 华南区" "other: no filter said"
keys other b
expect_screen other "the bottom" "other: the bottom list from the groups"
expect_bar other "Esc back to the groups" "other: its keys say Esc goes back to the groups"
keys other Escape
expect_screen other "Grouped by region" "other: back to the groups"
# Only the terminated, none of them ranked: the groups say none has a
# rank (they said none was scored, and they are).
keys other f
expect_screen other "Filter the scorecards" "other: the filter form for the terminated"
keys other Tab Tab Tab Tab Tab Space Space Space
expect_screen other "< terminated >" "other: the terminated chosen"
keys other Enter
expect_screen other "Filter: terminated · Grouped by region" "other: the terminated in the groups"
expect_screen other "No distributor here has a rank" "other: the groups say none has a rank"
# And the bottom list of them (its title said "the bottom 0").
keys other b
expect_screen other "the bottom list: none has a rank" "other: the bottom list of none ranked says so"
keys other Escape
expect_screen other "Grouped by region" "other: back to the groups of the terminated"
keys other F
expect_screen other "Filters and search cleared." "other: cleared again"
# A region typed in pinyin and left with Tab, not picked from its list of
# one: taken ("There is no region with the code").
keys other f
expect_screen other "Filter the scorecards" "other: the filter form for a region in pinyin"
type_text other "huanan"
keys other Tab Enter
expect_screen other "Filter: 华南区 · Grouped by region" "other: the region typed in pinyin applied"
keys other F
expect_screen other "Filters and search cleared." "other: cleared once more"

# Enter on a training session the distributor did not attend shows that
# row (the distributor's training lists those attended: it opened on
# another session).
keys other Escape /
type_text other "JS-0009"
keys other Enter Enter
expect_screen other "JS-0009  " "other: JS-0009 explained"
keys other Left Left
expect_screen other "not attended" "other: its training, a session not attended"
keys other Enter
expect_screen other "JS-0009 · 仓储与冷链管理培训" "other: Enter shows that session's row"

# g in a rep's group groups its distributors by region (it went back to
# the ranking: after rep came none); Esc comes back to the rep's.
keys other Escape Escape F
expect_screen other "Filters and search cleared." "other: the ranking again"
# The status filter offers only statuses with scores (applicants, those
# under review and the rejected are not scored: the choice gave nothing).
keys other f
expect_screen other "Filter the scorecards" "other: the filter"
keys other Tab Tab Tab Tab Tab Left
expect_screen other "< terminated >" "other: the last status offered is terminated"
keys other Left Left Left
expect_screen other "< any >" "other: any, after active, suspended and terminated"
keys other Escape
expect_screen other "Trend" "other: back to the ranking"
keys other g g g
expect_screen other "Grouped by rep" "other: grouped by rep"
keys other Enter
expect_bar other "Esc back to the groups" "other: a rep's distributors"
keys other g
expect_screen other "· Grouped by region" "other: g groups the rep's distributors by region"
# A region opened in it, then a territory: g has nothing left to group by,
# and says so (it did nothing visible).
keys other Enter
expect_bar other "Esc back to the groups" "other: the rep's distributors of a region"
keys other g
expect_screen other "· Grouped by territory" "other: g groups them by territory"
keys other Enter
expect_bar other "Esc back to the groups" "other: the rep's distributors of a territory"
keys other g
expect_screen other "nothing left to group by" "other: g with every grouping opened says so"
keys other Escape Escape Escape
expect_screen other "· Grouped by region" "other: back through the territory to the regions"
keys other Escape Escape
expect_screen other "Grouped by rep" "other: back to the reps"

# An explanation's row whose reason its column cuts has it whole under the
# table (it could not be read: Enter opened the picture instead).
keys other Escape F /
type_text other "ZJ-0020"
keys other Enter Home Enter
expect_screen other "ZJ-0020  " "other: ZJ-0020 explained"
keys other Right Right Right Right Right Right Down
expect_screen other "Quantity For the score" "other: its inventory counts"
eventually "other: the selected count's reason whole under the table" sh -c \
	"tmux -L $SOCK capture-pane -t other -p | grep -qE '^ days of stock: [0-9]+ \\([0-9]+ shipped in 90 days\\): within the band\$'"

# A rebate of six figures is shown to the fen where the terminal has room
# for it (it was ¥525.9k at any width), and made short only where it has
# not.
cp "$T/demo.db" "$T/big.db"
top=$(QUDAO_TODAY=2026-11-27 "$QUDAO" report scorecard --db "$T/big.db" --format csv 2>/dev/null | awk -F, 'NR == 2 { print $1 }')
sku=$(sql "$T/big.db" "SELECT sku FROM products ORDER BY sku LIMIT 1")
printf 'order_no,distributor,order_date,status,ship_date,product,quantity,unit_price\nBIG-1,%s,2026-11-02,shipped,2026-11-02,%s,400000,250\n' "$top" "$sku" >"$T/big.csv"
QUDAO_TODAY=2026-11-27 "$QUDAO" import orders "$T/big.csv" --db "$T/big.db" >/dev/null 2>&1
whole=$(QUDAO_TODAY=2026-11-27 "$QUDAO" report scorecard --db "$T/big.db" --format csv 2>/dev/null |
	python3 -c 'import csv, sys
rows = list(csv.DictReader(sys.stdin))
top = max(float(r["rebate"] or 0) for r in rows)
assert top >= 100000, top
print(f"¥{top:,.2f}")')
check "big: a rebate of six figures to show" [ -n "$whole" ]
start big 200 30 en_US.UTF-8 --db "$T/big.db"
wait_for big "4 Scorecards" 10 || true
keys big 4
expect_screen big " $whole" "big: whole on a wide terminal"
tm resize-window -t big -x 110 -y 30
eventually "big: made short where there is no room" sh -c \
	"tmux -L $SOCK capture-pane -t big -p | sed -n 3p | grep -q 'Rebate' && tmux -L $SOCK capture-pane -t big -p | grep -qE ' ¥[0-9.]+k\$'"

# In a quarter's first days the tab opens on the quarter before, and says
# so (on 2027-01-03 the ranking of two days was of debtors alone, all
# 73.3); ] shows the quarter under way, its days over in the title (where
# it fits: at 80 columns they are the first words dropped). The
# report without --period does the same, said on stderr.
for L in zh en; do
	lang=zh_CN.UTF-8 size="100 30"
	[ $L = en ] && lang=en_US.UTF-8 size="120 30"
	cp "$T/demo.db" "$T/early-$L.db"
	APP_TODAY=2027-01-03 start early-$L $size $lang --db "$T/early-$L.db"
	wait_for early-$L "$(msg tab)" 10 || true
	keys early-$L 4
	if [ $L = zh ]; then
		expect_screen early-$L "2026-Q4 · 已评分" "early, zh: the quarter before shown"
		expect_screen early-$L "2027-Q1 才过了 2 天，太少，还不能排名：显示的是 2026-Q4。按 ] 看 2027-Q1。" "early, zh: and why"
	else
		expect_screen early-$L "2026-Q4 · 264 distributors scored" "early, en: the quarter before shown"
		expect_screen early-$L "2027-Q1 has run 2 days, too few to rank: 2026-Q4 is shown. ] shows 2027-Q1." "early, en: and why"
	fi
	keys early-$L "]"
	[ $L = zh ] && expect_screen early-$L "2027-Q1 · 已过 2/90 天 · 已评分" "early, zh: ] shows the quarter under way, its days"
	[ $L = en ] && expect_screen early-$L "2027-Q1 · 2 of 90 days over · " "early, en: ] shows the quarter under way, its days"
	# Exported as JSON, why a row has no rank is a key in any language
	# (as the report's; beside the score, the screen's words).
	keys early-$L x
	[ $L = zh ] && expect_screen early-$L "Excel 用 CSV" "early, zh: the export form"
	[ $L = en ] && expect_screen early-$L "CSV for Excel" "early, en: the export form"
	export_as_json early-$L "$T/early-$L.csv" "early, $L"
	eventually "early, $L: exported" test -s "$T/early-$L.json"
	check "early, $L: not_ranked as keys" python3 -c 'import json, sys
rows = json.load(open(sys.argv[1]))
why = {x["not_ranked"] for x in rows if x["rank"] is None}
assert why == {"no_activity"}, why
assert all(x["not_ranked"] is None for x in rows if x["rank"] is not None)
assert all(x["flags"] is None or all(f.replace("_", "").isalpha() and f.isascii() for f in x["flags"].split("; ")) for x in rows), rows' "$T/early-$L.json"
done
QUDAO_TODAY=2027-01-03 LANG=en_US.UTF-8 LC_ALL= LANGUAGE= "$QUDAO" report scorecard --db "$T/early-en.db" --format csv >"$T/early.csv" 2>"$T/early.err"
check "early: the report of the quarter before" grep -q "^code,name,.*,rank" "$T/early.csv"
check "early: said on stderr" grep -qx "qudao: 2027-Q1 has run 2 days, too few to rank: the report is of 2026-Q4 (--period 2027-Q1 for the quarter under way)." "$T/early.err"
QUDAO_TODAY=2027-01-03 "$QUDAO" report scorecard --db "$T/early-en.db" --period 2026-Q4 --format csv >"$T/q4.csv" 2>"$T/q4.err"
check "early: the same rows as --period 2026-Q4" cmp -s "$T/early.csv" "$T/q4.csv"
check "early: nothing said with --period" test ! -s "$T/q4.err"
finish
