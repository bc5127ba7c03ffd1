#!/bin/sh
# End-to-end: the territory map (tab 2) in a real terminal (tmux), in
# Chinese and in English, at 80×24 and 160×48, on the small demo: cycle the
# metrics and periods, drill into a province and back, open a panel, grant a
# conflicting exclusive right and see the conflict flagged, record a 窜货
# incident from a cross-territory sale and find it on the distributor's
# detail; without colour the scale is still there. The panel's forms: only
# active distributors offered and granted, an empty field said once, a rep
# who covers the territory already told so, territories named in the
# screen's language; at 40×12 the panel's title is not overwritten.
# Usage: map.sh path/to/qudao
set -u
QUDAO=$(realpath "$1")
T=$(mktemp -d /tmp/qudao-e2e-XXXXXX)
trap 'tmux -L "qudao-e2e-$$" kill-server 2>/dev/null; rm -rf "$T"' EXIT
. "$(dirname "$0")/lib.sh"

need_tmux_and_locales

QUDAO_TODAY=2026-11-27 "$QUDAO" demo --db "$T/demo.db" --seed 1 >/dev/null || exit 1

# A province without cities that a 窜货 sale went into this year, and the
# latest such sale into or out of it (the first row of its panel's list).
CROSS=$(sql "$T/demo.db" "SELECT t.code FROM cross_orders c JOIN territories t
	ON t.id = c.to_territory_id WHERE c.month LIKE '2026-%' AND t.parent_id IS NULL
	AND NOT EXISTS (SELECT 1 FROM territories k WHERE k.parent_id = t.id)
	ORDER BY t.code LIMIT 1")
CROSS_ORDER=$(sql "$T/demo.db" "SELECT o.order_no FROM cross_orders c
	JOIN orders o ON o.id = c.order_id JOIN territories t ON t.code = '$CROSS'
	WHERE c.month LIKE '2026-%' AND t.id IN (c.to_territory_id, c.from_territory_id)
	ORDER BY o.ship_date DESC, o.order_no DESC LIMIT 1")
GD_OWN=$(sql "$T/demo.db" "SELECT count(*) FROM distributors
	WHERE territory_id = (SELECT id FROM territories WHERE code = 'GD')")
QUARTER_CROSS=$(sql "$T/demo.db" "SELECT count(*) FROM cross_orders
	WHERE month BETWEEN '2026-10' AND '2026-12'")
# An exclusive right in force held by an active distributor, and another
# active distributor to grant the same.
RIGHT_T=$(sql "$T/demo.db" "SELECT t.code FROM exclusive_rights e JOIN territories t
	ON t.id = e.territory_id JOIN distributors d ON d.id = e.distributor_id
	WHERE d.status = 'active' AND e.end_date >= '2026-11-27' AND t.parent_id IS NULL
	ORDER BY e.id LIMIT 1")
RIGHT_CAT=$(sql "$T/demo.db" "SELECT e.category FROM exclusive_rights e
	JOIN territories t ON t.id = e.territory_id JOIN distributors d ON d.id = e.distributor_id
	WHERE d.status = 'active' AND e.end_date >= '2026-11-27' AND t.parent_id IS NULL
	ORDER BY e.id LIMIT 1")
OTHER=$(sql "$T/demo.db" "SELECT code FROM distributors WHERE status = 'active'
	AND id NOT IN (SELECT distributor_id FROM exclusive_rights) ORDER BY code LIMIT 1")
# The category field is a choice of the products' categories in order: how
# many steps right to reach the right's.
CAT_STEPS=$(sql "$T/demo.db" "SELECT count(DISTINCT category) FROM products
	WHERE active = 1 AND category < '$RIGHT_CAT'")
RIGHT_ZH=$(sql "$T/demo.db" "SELECT name FROM territories WHERE code = '$RIGHT_T'")
RIGHT_EN=$(sql "$T/demo.db" "SELECT name_en FROM territories WHERE code = '$RIGHT_T'")
# A terminated distributor, and a province with a rep covering it.
GONE=$(sql "$T/demo.db" "SELECT code FROM distributors WHERE status = 'terminated'
	ORDER BY code LIMIT 1")
GONE_NAME=$(sql "$T/demo.db" "SELECT name FROM distributors WHERE code = '$GONE'")
REP_T=$(sql "$T/demo.db" "SELECT t.code FROM rep_territories rt JOIN territories t
	ON t.id = rt.territory_id JOIN reps r ON r.id = rt.rep_id WHERE r.active = 1
	AND t.parent_id IS NULL ORDER BY t.code, r.code LIMIT 1")
REP=$(sql "$T/demo.db" "SELECT r.code FROM rep_territories rt JOIN territories t
	ON t.id = rt.territory_id JOIN reps r ON r.id = rt.rep_id WHERE r.active = 1
	AND t.code = '$REP_T' ORDER BY r.code LIMIT 1")
REP_ZH=$(sql "$T/demo.db" "SELECT name FROM territories WHERE code = '$REP_T'")
REP_EN=$(sql "$T/demo.db" "SELECT name_en FROM territories WHERE code = '$REP_T'")
[ -n "$CROSS" ] && [ -n "$CROSS_ORDER" ] && [ -n "$RIGHT_T" ] && [ -n "$OTHER" ] &&
	[ -n "$RIGHT_EN" ] && [ -n "$GONE_NAME" ] && [ -n "$REP" ] && [ -n "$REP_EN" ] ||
	{ echo "the demo lacks a 窜货 sale or an exclusive right"; exit 1; }

# msg KEY: what the interface shows for KEY in the language $L.
msg() {
	case "$L:$1" in
	zh:tab) echo "区域地图" ;;               en:tab) echo "Territory map" ;;
	zh:noexport) echo "export territory-map" ;; en:noexport) echo "export territory-map" ;;
	zh:top) echo "全国 › " ;;                en:top) echo "Nationwide › " ;;
	zh:sales) echo "销售额 · 本月 2026-11" ;; en:sales) echo "Sales · this month 2026-11" ;;
	zh:coverage) echo "拜访覆盖率 ·" ;;       en:coverage) echo "Visit coverage ·" ;;
	zh:overdue) echo "拜访逾期 ·" ;;         en:overdue) echo "Overdue visits ·" ;;
	zh:receivables) echo "逾期应收 ·" ;;     en:receivables) echo "Overdue receivables ·" ;;
	zh:violations) echo "未结窜货和乱价事件 ·" ;; en:violations) echo "Open cross-territory and price incidents ·" ;;
	zh:own) echo "合计含广东省直属（不在格内）：经销商 " ;; en:own) echo "In the totals, at Guangdong level (in no cell): " ;;
	zh:switch) echo "切换画面" ;;             en:switch) echo "switch screen" ;;
	zh:globaltab) echo "1-6、Tab" ;;          en:globaltab) echo "1-6, Tab" ;;
	zh:score) echo "评分卡平均分 ·" ;;       en:score) echo "Average scorecard score ·" ;;
	zh:active) echo "合作中经销商 ·" ;;      en:active) echo "Active distributors ·" ;;
	zh:target) echo "销售完成率 ·" ;;        en:target) echo "Sales against target ·" ;;
	zh:quarter) echo "本季度 2026-Q4" ;;     en:quarter) echo "this quarter 2026-Q4" ;;
	zh:year) echo "本年 2026" ;;             en:year) echo "this year 2026" ;;
	zh:gd) echo "全国 › 广东省 › " ;;        en:gd) echo "Nationwide › Guangdong › " ;;
	zh:gdtop) echo "全国 › 广东省" ;;        en:gdtop) echo "Nationwide › Guangdong" ;;
	zh:city) echo "广州" ;;                  en:city) echo "Gzho" ;;
	zh:far) echo "新疆" ;;                   en:far) echo "Xinj" ;;
	zh:find) echo "查找：" ;;                en:find) echo "Find:" ;;
	zh:overview) echo "概况" ;;              en:overview) echo "Overview" ;;
	zh:panel) echo "大区" ;;                 en:panel) echo "region" ;;
	zh:tier) echo "等级" ;;                  en:tier) echo "Tier" ;;
	zh:grant) echo "授予" ;;                 en:grant) echo "Grant an exclusive right in" ;;
	zh:conflicts) echo "冲突" ;;             en:conflicts) echo "conflicts with" ;;
	zh:granted) echo "已授予" ;;             en:granted) echo "Granted" ;;
	zh:conflict) echo "冲突：" ;;            en:conflict) echo "Conflict:" ;;
	zh:mapconflict) echo "冲突 1" ;;         en:mapconflict) echo "conflicts 1" ;;
	zh:crosstab) echo "流向" ;;              en:crosstab) echo "Way" ;;
	zh:record) echo "记录窜货事件" ;;        en:record) echo "Record a 窜货 incident" ;;
	zh:recorded) echo "已记录" ;;            en:recorded) echo "recorded" ;;
	zh:incidents) echo "严重程度" ;;         en:incidents) echo "Severity" ;;
	zh:legend) echo "! 有问题" ;;            en:legend) echo "! problem" ;;
	zh:list) echo "筛选：" ;;                en:list) echo "Filter:" ;;
	zh:crossin) echo "窜入 " ;;              en:crossin) echo "窜货 in " ;;
	zh:granttitle) echo "授予 $RIGHT_ZH（$RIGHT_T）的独家经营权" ;;
	en:granttitle) echo "Grant an exclusive right in $RIGHT_EN ($RIGHT_T)" ;;
	zh:assigntitle) echo "为 $REP_ZH（$REP_T）指派业务员" ;; en:assigntitle) echo "Assign a rep to $REP_EN ($REP_T)" ;;
	zh:choosedist) echo "请选择经销商。" ;;  en:choosedist) echo "Choose a distributor." ;;
	zh:chooserep) echo "请选择业务员。" ;;   en:chooserep) echo "Choose a rep." ;;
	zh:nocode) echo "没有编码为" ;;          en:nocode) echo "There is no" ;;
	zh:notsaved) echo "未保存" ;;            en:notsaved) echo "Not saved:" ;;
	zh:gone) echo "状态为“已终止”" ;;       en:gone) echo "is terminated: only an active distributor" ;;
	zh:covers) echo "已负责 $REP_ZH" ;;      en:covers) echo "already covers $REP_EN" ;;
	esac
}

# flow LANGUAGE LOCALE COLS ROWS: the whole round in one language and size.
flow() {
	L=$1
	s="$1$3"
	db="$T/$s.db"
	cp "$T/demo.db" "$db"
	start "$s" "$3" "$4" "$2" --db "$db"
	keys "$s" 2
	expect_screen "$s" "$(msg sales)" "$L $3: the map opens on sales this month"
	expect_screen "$s" "$(msg top)" "$L $3: the path starts at the whole country"
	expect_screen "$s" "$(msg legend)" "$L $3: the legend"
	expect_screen "$s" "$(msg far)" "$L $3: a far province drawn"
	# x, which exports a table everywhere else, says how the map is
	# exported (it did nothing).
	keys "$s" x
	expect_screen "$s" "$(msg noexport)" "$L $3: x on the map says how to export it"

	# Every metric in turn, named in the header; p goes on to the quarter.
	for m in coverage overdue receivables violations score active target; do
		keys "$s" m
		expect_screen "$s" "$(msg "$m")" "$L $3: metric $m"
	done
	keys "$s" m
	expect_screen "$s" "$(msg sales)" "$L $3: back to sales"
	keys "$s" p
	expect_screen "$s" "$(msg quarter)" "$L $3: the next period"
	# Every 窜货 sale of the quarter counts in the summary, as report
	# problems lists them (a city's sale into its own province's own area
	# too).
	# Both summary lines fit 80 columns: the count ends the second.
	expect_screen "$s" "$(msg crossin)$QUARTER_CROSS" "$L $3: the summary counts every 窜货 sale"
	keys "$s" P

	# Into Guangdong (its cities' grid) and back up.
	keys "$s" /
	expect_screen "$s" "$(msg find)" "$L $3: find opens"
	type_text "$s" "GD"
	keys "$s" Enter
	expect_screen "$s" "$(msg gdtop)" "$L $3: found Guangdong"
	keys "$s" Enter
	expect_screen "$s" "$(msg gd)" "$L $3: into Guangdong"
	expect_screen "$s" "$(msg city)" "$L $3: its cities"
	# Its own distributors, in no city's cell, are said to be in the totals.
	expect_screen "$s" "$(msg own)$GD_OWN" "$L $3: the province's own distributors"
	expect_not "$s" "$(msg far)" "$L $3: the country's grid is gone"
	keys "$s" BSpace
	expect_screen "$s" "$(msg far)" "$L $3: back up to the country"

	# A conflicting exclusive right, granted from the territory's panel.
	keys "$s" /
	type_text "$s" "$RIGHT_T"
	keys "$s" Enter i
	expect_screen "$s" "$(msg overview)" "$L $3: the panel opens"
	expect_screen "$s" "$(msg panel)" "$L $3: the panel's overview"
	# Its help names Tab once: the panel's sections, not switching screens.
	keys "$s" "?"
	expect_screen "$s" "$(msg switch)" "$L $3: the panel's help"
	check "$L $3: Tab listed once in the panel's help" \
		[ "$(screen "$s" | grep -c -F "$(msg globaltab)")" = 0 ]
	keys "$s" Escape
	expect_screen "$s" "$(msg overview)" "$L $3: the help closed"
	keys "$s" g
	expect_screen "$s" "$(msg grant)" "$L $3: the grant form"
	expect_screen "$s" "$(msg granttitle)" "$L $3: the grant form names the territory in $L"
	type_text "$s" "$OTHER"
	keys "$s" Tab
	i=0
	while [ "$i" -lt "$CAT_STEPS" ]; do
		keys "$s" Right
		i=$((i + 1))
	done
	expect_screen "$s" "$RIGHT_CAT" "$L $3: the category chosen"
	keys "$s" Tab Tab Enter
	expect_screen "$s" "$(msg conflicts)" "$L $3: the grant warns of the conflict"
	keys "$s" y
	expect_screen "$s" "$(msg granted)" "$L $3: granted"
	expect_screen "$s" "$(msg conflict)" "$L $3: the panel shows the conflict"
	check "$L $3: the grant is stored and logged" \
		[ "$(sql "$db" "SELECT count(*) FROM change_log WHERE table_name = 'exclusive_rights' AND changed_by = 'e2e'")" = 1 ]
	keys "$s" Escape
	expect_screen "$s" "$(msg mapconflict)" "$L $3: the map counts the conflict"

	# This year's sales (p twice), then a territory's panel; l: the
	# distributor list of the territory, Esc back.
	keys "$s" p p
	expect_screen "$s" "$(msg year)" "$L $3: this year"
	keys "$s" /
	type_text "$s" "$CROSS"
	keys "$s" Enter i
	expect_screen "$s" "$(msg overview)" "$L $3: the panel of a territory sold into"
	keys "$s" l
	expect_screen "$s" "$(msg list)" "$L $3: the list filtered to it"
	keys "$s" Escape
	expect_screen "$s" "$(msg overview)" "$L $3: back to the panel"
	# Its distributors sort as the list does: s by the next column, S
	# the other way.
	keys "$s" Right s
	expect_screen "$s" "$(msg tier)▲" "$L $3: s sorts the panel's distributors by tier"
	keys "$s" S
	expect_screen "$s" "$(msg tier)▼" "$L $3: S reverses it"
	keys "$s" Left

	# A 窜货 incident from the sale, then on the distributor's detail.
	keys "$s" Left
	expect_screen "$s" "$(msg crosstab)" "$L $3: the 窜货 sales"
	expect_screen "$s" "$CROSS_ORDER" "$L $3: the latest sale listed"
	keys "$s" x
	expect_screen "$s" "$(msg record)" "$L $3: asked to record"
	keys "$s" y
	expect_screen "$s" "$(msg recorded)" "$L $3: recorded"
	check "$L $3: the incident is stored with its evidence" \
		[ "$(sql "$db" "SELECT count(*) FROM incidents WHERE kind = 'cross_territory' AND instr(description, '$CROSS_ORDER') > 0")" = 1 ]
	keys "$s" Enter
	keys "$s" Left Left
	expect_screen "$s" "$(msg incidents)" "$L $3: the detail's open incidents"
	expect_screen "$s" "窜货" "$L $3: the incident on the detail"
	[ "$3" -ge 120 ] && expect_screen "$s" "$CROSS_ORDER" "$L $3: its order on the detail"
	keys "$s" q
}

# forms LANGUAGE LOCALE: the panel's forms refuse what they should, once.
forms() {
	L=$1
	s="forms$1"
	db="$T/$s.db"
	cp "$T/demo.db" "$db"
	start "$s" 80 24 "$2" --db "$db"
	keys "$s" 2
	expect_screen "$s" "$(msg sales)" "$L forms: the map"
	keys "$s" /
	type_text "$s" "$RIGHT_T"
	keys "$s" Enter i
	expect_screen "$s" "$(msg overview)" "$L forms: the panel"
	keys "$s" g
	expect_screen "$s" "$(msg granttitle)" "$L forms: the grant form"
	# Enter with no distributor: told to choose one, once, beside the field.
	keys "$s" Enter
	expect_screen "$s" "$(msg choosedist)" "$L forms: choose a distributor"
	expect_screen "$s" "$(msg notsaved)" "$L forms: not saved"
	check "$L forms: the empty field said once" \
		[ "$(screen "$s" | grep -c -F "$(msg choosedist)")" = 1 ]
	check "$L forms: no lookup of an empty code" \
		[ "$(screen "$s" | grep -c -F "$(msg nocode)")" = 0 ]
	# A terminated distributor is not offered, and refused when typed.
	type_text "$s" "$GONE"
	expect_screen "$s" "$GONE" "$L forms: its code typed"
	expect_not "$s" "$GONE_NAME" "$L forms: a terminated distributor is not offered"
	keys "$s" Tab Enter
	expect_screen "$s" "$(msg gone)" "$L forms: a terminated distributor refused"
	check "$L forms: nothing granted" \
		[ "$(sql "$db" "SELECT count(*) FROM change_log WHERE table_name = 'exclusive_rights' AND changed_by = 'e2e'")" = 0 ]
	keys "$s" Escape
	expect_screen "$s" "$(msg overview)" "$L forms: back to the panel"
	keys "$s" Escape
	expect_not "$s" "$(msg overview)" "$L forms: back to the map"

	# A rep who covers the territory already: said at once.
	keys "$s" /
	type_text "$s" "$REP_T"
	keys "$s" Enter i
	expect_screen "$s" "$(msg overview)" "$L forms: the rep's territory's panel"
	keys "$s" a
	expect_screen "$s" "$(msg assigntitle)" "$L forms: the assign form names the territory in $L"
	keys "$s" Enter
	expect_screen "$s" "$(msg chooserep)" "$L forms: choose a rep"
	check "$L forms: the empty rep said once" \
		[ "$(screen "$s" | grep -c -F "$(msg chooserep)")" = 1 ]
	check "$L forms: no lookup of an empty rep code" \
		[ "$(screen "$s" | grep -c -F "$(msg nocode)")" = 0 ]
	type_text "$s" "$REP"
	keys "$s" Tab Enter
	expect_screen "$s" "$(msg covers)" "$L forms: the rep covers it already"
	check "$L forms: nothing to confirm" [ "$(screen "$s" | grep -c -F "(y/n)")" = 0 ]
	keys "$s" Escape
	expect_screen "$s" "$(msg overview)" "$L forms: the panel again"
	keys "$s" q
}

forms zh zh_CN.UTF-8
forms en en_US.UTF-8

# At 40×12 in Chinese the panel's title line gives way to the row position:
# the period is left out, never overwritten.
start narrow 40 12 zh_CN.UTF-8 --db "$T/demo.db"
L=zh
keys narrow 2
expect_screen narrow "$(msg sales)" "zh 40: the map"
keys narrow /
type_text narrow "GD-GZ"
keys narrow Enter i
expect_screen narrow "广州市  GD-GZ" "zh 40: the panel's title"
expect_screen narrow "条，共" "zh 40: the row position"
check "zh 40: the title is not overwritten" [ "$(screen narrow | grep -c -F -- "-第")" = 0 ]
keys narrow Right
expect_screen narrow "经销商 " "zh 40: the distributors"
check "zh 40: still not overwritten" [ "$(screen narrow | grep -c -F -- "-第")" = 0 ]
keys narrow q

# At 80 columns a right's holder is shown whole: the Problem column, empty
# for every right of HN, gives its room (it cut 湖南恒天供应链有限公司).
for L in zh en; do
	loc=zh_CN.UTF-8
	[ "$L" = en ] && loc=en_US.UTF-8
	start "rights$L" 80 24 "$loc" --db "$T/demo.db"
	keys "rights$L" 2
	expect_screen "rights$L" "$(msg sales)" "$L rights: the map"
	keys "rights$L" /
	type_text "rights$L" "HN"
	keys "rights$L" Enter Enter
	expect_screen "rights$L" "$(msg overview)" "$L rights: the panel"
	keys "rights$L" Right Right Right
	expect_screen "rights$L" "HN-0006 湖南恒天供应链有限公司 " "$L rights: the holder whole at 80 columns"
	keys "rights$L" q
done

flow zh zh_CN.UTF-8 80 24
flow en en_US.UTF-8 80 24
flow zh zh_CN.UTF-8 160 48
flow en en_US.UTF-8 160 48

# Without colour the scale is shading; the cells still carry it.
for L in zh en; do
	cp "$T/demo.db" "$T/mono$L.db"
	loc=zh_CN.UTF-8
	[ "$L" = en ] && loc=en_US.UTF-8
	APP_ENV="NO_COLOR=1" start "mono$L" 80 24 "$loc" --db "$T/mono$L.db"
	keys "mono$L" 2
	# Every tab and today's date fit the header at 80 columns (English
	# takes the tabs' short titles).
	six="6 Sync"
	[ "$L" = zh ] && six="6 同步"
	expect_screen "mono$L" "$six" "$L 80x24: the last tab whole in the header"
	expect_screen "mono$L" "2026-11-27" "$L 80x24: today's date in the header"
	expect_screen "mono$L" "▒▒" "$L NO_COLOR: the legend in shading"
	expect_screen "mono$L" "▓" "$L NO_COLOR: the cells in shading"
	APP_TERM=vt100 start "vt$L" 80 24 "$loc" --db "$T/mono$L.db"
	keys "vt$L" 2
	expect_screen "vt$L" "▒▒" "$L vt100: the legend in shading"
done

finish
