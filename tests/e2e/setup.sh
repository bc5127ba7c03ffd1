#!/bin/sh
# End-to-end: a company set up from an empty database in the Setup tab — a
# region, a new province, a city under it, a rep covering the city, a product
# with tier prices — then a distributor that uses them; each checked in the
# database. In Chinese at 80x24 and in English at 120x40.
# Usage: setup.sh path/to/qudao
set -u
QUDAO=$(realpath "$1")
T=$(mktemp -d /tmp/qudao-e2e-XXXXXX)
trap 'tmux -L "qudao-e2e-$$" kill-server 2>/dev/null; rm -rf "$T"' EXIT
. "$(dirname "$0")/lib.sh"

need_tmux_and_locales

# msg KEY: what the interface shows for KEY in the language $L.
msg() {
	case "$L:$1" in
	zh:firstrun) echo "还没有数据库" ;;        en:firstrun) echo "There is no database" ;;
	zh:empty) echo "还没有经销商" ;;          en:empty) echo "No distributors yet" ;;
	zh:setup) echo "5 设置" ;;                 en:setup) echo "5 Setup" ;;
	zh:sections) echo "大区 0  区域 31" ;;     en:sections) echo "Regions 0  Territories 31" ;;
	zh:noregion) echo "还没有大区" ;;          en:noregion) echo "No regions yet" ;;
	zh:newregion) echo "新增大区" ;;           en:newregion) echo "New region" ;;
	zh:added) echo "已新增" ;;                 en:added) echo "Added" ;;
	zh:dup) echo "已被" ;;                     en:dup) echo "is already used" ;;
	zh:discard) echo "放弃修改？" ;;           en:discard) echo "Discard the changes?" ;;
	zh:tree) echo "省、市和区县" ;;            en:tree) echo "Provinces, cities and districts" ;;
	zh:newterr) echo "新增区域" ;;             en:newterr) echo "New territory" ;;
	zh:province) echo "省" ;;                  en:province) echo "province" ;;
	zh:badcode) echo "编码只能" ;;             en:badcode) echo "may hold only letters" ;;
	zh:gridtaken) echo "已被 海南省" ;;        en:gridtaken) echo "already taken by 海南省" ;;
	zh:reps) echo "业务员和经理" ;;            en:reps) echo "Reps and managers" ;;
	zh:products) echo "各等级的价目" ;;        en:products) echo "List prices by tier" ;;
	zh:scoring) echo "评分设置 [0-9]" ;;       en:scoring) echo "Scoring [0-9]" ;;
	zh:gansu) echo "甘肃" ;;                   en:gansu) echo "Gansu" ;;
	zh:order) echo "通常从 A 到 D 递增" ;;     en:order) echo "usually rise from A to D" ;;
	zh:saved) echo "已保存" ;;                 en:saved) echo "Saved" ;;
	zh:newdist) echo "新增经销商" ;;           en:newdist) echo "New distributor" ;;
	zh:applicant) echo "已添加" ;;             en:applicant) echo "as an applicant" ;;
	zh:inbusiness) echo "HK-0001" ;;           en:inbusiness) echo "HK-0001" ;;
	zh:refused) echo "未修改" ;;               en:refused) echo "Not changed" ;;
	zh:deactivate) echo "停用 清泉" ;;         en:deactivate) echo "Deactivate 清泉" ;;
	zh:deactivated) echo "已停用" ;;           en:deactivated) echo "Deactivated" ;;
	zh:inactive) echo "停用" ;;                en:inactive) echo "inactive" ;;
	zh:readonly) echo "不能修改" ;;            en:readonly) echo "nothing can be changed" ;;
	zh:toosmall) echo "终端太小" ;;            en:toosmall) echo "Terminal too small" ;;
	esac
}

# row NAME PATTERN WHAT: passes when a line of the screen matches the
# extended regular expression PATTERN.
row() {
	i=0
	while [ "$i" -lt 100 ] && ! screen "$1" | grep -qE -- "$2"; do
		sleep 0.05
		i=$((i + 1))
	done
	if screen "$1" | grep -qE -- "$2"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: $3: no line matches /$2/ on the screen of $1:"
		screen "$1" | sed 's/^/  | /'
	fi
}

# flow LANGUAGE LOCALE COLS ROWS: the whole round, in one language.
flow() {
	L=$1
	s=$1
	db="$T/$1.db"
	start "$s" "$3" "$4" "$2" --db "$db"
	expect_screen "$s" "$(msg firstrun)" "$L: first run"
	# Ctrl-Enter as some terminals send it (an escape sequence no key
	# of the terminfo entry makes) is not Esc: the screen stays.
	tm send-keys -t "$s" -l "$(printf '\033[27;5;13~')"
	sleep 0.3
	expect_screen "$s" "$(msg firstrun)" "$L: an unknown escape sequence does not quit"
	keys "$s" 2
	expect_screen "$s" "$(msg empty)" "$L: an empty database"
	expect_screen "$s" "$(msg setup)" "$L: the Setup tab in the header"
	keys "$s" 5
	expect_screen "$s" "$(msg noregion)" "$L: no regions yet"
	expect_screen "$s" "$(msg sections)" "$L: the sections, with their counts"

	# A region; the same code in other letters is refused.
	keys "$s" a
	expect_screen "$s" "$(msg newregion)" "$L: the region form"
	type_text "$s" "S"
	keys "$s" Tab
	type_text "$s" "华南区"
	keys "$s" Enter
	expect_screen "$s" "$(msg added) 华南区 (S)" "$L: region added"
	check "$L: the region is stored" \
		[ "$(sql "$db" "SELECT name FROM regions WHERE code = 'S'")" = "华南区" ]
	check "$L: its change is logged with who and when (UTC)" \
		[ "$(sql "$db" "SELECT count(*) FROM change_log WHERE table_name = 'regions' AND action = 'add' AND changed_by = 'e2e' AND changed_at GLOB '20*T*Z'")" = 1 ]
	keys "$s" a
	type_text "$s" "s"
	keys "$s" Tab
	type_text "$s" "重复大区"
	keys "$s" Enter
	expect_screen "$s" "$(msg dup)" "$L: a code taken in other letters is refused"
	keys "$s" Escape
	expect_screen "$s" "$(msg discard)" "$L: Esc asks before discarding"
	keys "$s" y
	check "$L: the refused region was not stored" \
		[ "$(sql "$db" "SELECT count(*) FROM regions")" = 1 ]

	# A new province: the form starts as a city under the selected
	# province; choosing the province level empties the parent.
	keys "$s" Right
	expect_screen "$s" "$(msg tree)" "$L: the territories section"
	expect_screen "$s" "安徽省" "$L: the schema's provinces are listed"
	keys "$s" a
	expect_screen "$s" "$(msg newterr)" "$L: the territory form"
	expect_screen "$s" "安徽省" "$L: a new territory starts under the selected one"
	type_text "$s" "HK KLN"
	keys "$s" Tab
	type_text "$s" "香港特别行政区"
	keys "$s" Tab Left
	expect_not "$s" "安徽省" "$L: a province has no parent"
	keys "$s" Tab Tab
	type_text "$s" "S"
	keys "$s" Tab
	type_text "$s" "香港"
	keys "$s" Tab
	type_text "$s" "Hong Kong"
	keys "$s" Tab
	type_text "$s" "HK"
	keys "$s" Tab
	type_text "$s" "7"
	keys "$s" Tab
	type_text "$s" "4"
	keys "$s" Enter
	expect_screen "$s" "$(msg badcode)" "$L: a code with a space is refused beside the field"
	# The form stands on the field to fix.
	keys "$s" C-u
	type_text "$s" "HK"
	keys "$s" Enter
	expect_screen "$s" "$(msg gridtaken)" "$L: a grid place taken is refused, naming who has it"
	keys "$s" Tab BSpace
	type_text "$s" "5"
	keys "$s" Enter
	expect_screen "$s" "$(msg added) 香港特别行政区 (HK)" "$L: province added"
	check "$L: the province is stored at its place, in its region" \
		[ "$(sql "$db" "SELECT t.level || ' ' || coalesce(t.parent_id, '-') || ' ' || t.grid_row || ',' || t.grid_col || ' ' || g.code || ' ' || t.short_name || ' ' || t.short_en FROM territories t JOIN regions g ON g.id = t.region_id WHERE t.code = 'HK'")" = "province - 7,5 S 香港 HK" ]

	# A city under it: the selected province is its parent, its region too.
	keys "$s" a
	expect_screen "$s" "香港特别行政区" "$L: the city form starts under the province"
	type_text "$s" "HK-KLN"
	keys "$s" Tab
	type_text "$s" "九龙"
	keys "$s" Tab Tab Tab Tab
	type_text "$s" "九龙"
	keys "$s" Enter
	expect_screen "$s" "$(msg added) 九龙 (HK-KLN)" "$L: city added"
	row "$s" "^HK-KLN {7}九龙 " "$L: the city is drawn under its province, indented"
	check "$L: the city is stored under the province, in its region" \
		[ "$(sql "$db" "SELECT p.code || ' ' || t.level || ' ' || g.code FROM territories t JOIN territories p ON p.id = t.parent_id JOIN regions g ON g.id = t.region_id WHERE t.code = 'HK-KLN'")" = "HK city S" ]

	# A rep covering the city, picked from the list as it is typed.
	keys "$s" Right
	expect_screen "$s" "$(msg reps)" "$L: the reps section"
	keys "$s" a
	type_text "$s" "R001"
	keys "$s" Tab
	type_text "$s" "陈静"
	keys "$s" Tab Tab
	type_text "$s" "S"
	keys "$s" Tab
	# Typed full-width, as a Chinese input method may: taken as digits.
	type_text "$s" "１３８００００１１１１"
	keys "$s" Tab
	type_text "$s" "jiul"
	expect_screen "$s" "HK-KLN" "$L: the territory picker finds the city by pinyin"
	keys "$s" Enter
	expect_screen "$s" "HK-KLN, " "$L: the picked code, ready for the next"
	keys "$s" Enter
	expect_screen "$s" "$(msg added) 陈静 (R001)" "$L: rep added"
	check "$L: the rep's full-width phone stored as digits" \
		[ "$(sql "$db" "SELECT phone FROM reps WHERE code = 'R001'")" = "13800001111" ]
	check "$L: the rep covers the city" \
		[ "$(sql "$db" "SELECT group_concat(t.code) FROM rep_territories rt JOIN territories t ON t.id = rt.territory_id JOIN reps r ON r.id = rt.rep_id WHERE r.code = 'R001'")" = "HK-KLN" ]
	check "$L: the rep's name sorts by pinyin" \
		[ "$(sql "$db" "SELECT sort_key FROM reps WHERE code = 'R001'")" = "chen jing " ]
	# Renamed: the sort key follows.
	keys "$s" e Tab End
	type_text "$s" "怡"
	keys "$s" Enter
	expect_screen "$s" "$(msg saved) 陈静怡 (R001)" "$L: rep renamed"
	check "$L: the renamed rep's sort key follows" \
		[ "$(sql "$db" "SELECT sort_key FROM reps WHERE code = 'R001'")" = "chen jing yi " ]

	# A product with tier prices; prices out of order only ask.
	keys "$s" Right
	expect_screen "$s" "$(msg products)" "$L: the products section"
	keys "$s" a
	type_text "$s" "BV-001"
	keys "$s" Tab
	type_text "$s" "清泉矿泉水 550ml×24"
	keys "$s" Tab
	type_text "$s" "饮料"
	keys "$s" Tab
	type_text "$s" "箱"
	for p in 30 32 34 31 48; do
		keys "$s" Tab
		type_text "$s" "$p"
	done
	keys "$s" Enter
	expect_screen "$s" "$(msg order)" "$L: tier prices out of order ask first"
	keys "$s" n
	check "$L: answering no saves nothing" [ "$(sql "$db" "SELECT count(*) FROM products")" = 0 ]
	keys "$s" Up C-u
	type_text "$s" "36"
	keys "$s" Enter
	expect_screen "$s" "$(msg added) 清泉矿泉水 550ml×24 (BV-001)" "$L: product added"
	check "$L: the product's prices are stored in fen, the tolerance in basis points" \
		[ "$(sql "$db" "SELECT price_a_fen || ' ' || price_b_fen || ' ' || price_c_fen || ' ' || price_d_fen || ' ' || retail_price_fen || ' ' || tolerance_bp || ' ' || unit FROM products WHERE sku = 'BV-001'")" = "3000 3200 3400 3600 4800 500 箱" ]

	# A distributor that uses the territory and the rep.
	keys "$s" 1
	expect_screen "$s" "$(msg empty)" "$L: back on the empty list"
	keys "$s" a
	expect_screen "$s" "$(msg newdist)" "$L: the distributor form"
	type_text "$s" "HK-0001"
	keys "$s" Tab
	type_text "$s" "九龙测试贸易有限公司"
	keys "$s" Tab Tab Tab Tab Tab Tab
	type_text "$s" "HK-KLN"
	# (its province by the name in the language shown)
	hk=香港特别行政区
	[ "$L" = en ] && hk="Hong Kong"
	expect_screen "$s" "$hk" "$L: the new city in the distributor's territory picker"
	# Enter takes the match and goes on to the owner.
	keys "$s" Enter
	type_text "$s" "R001"
	expect_screen "$s" "陈静怡" "$L: the new rep in the owner picker"
	keys "$s" Enter Enter
	expect_screen "$s" "$(msg applicant)" "$L: distributor added"
	check "$L: the distributor is in the new city, owned by the new rep" \
		[ "$(sql "$db" "SELECT t.code || ' ' || r.code FROM distributors d JOIN territories t ON t.id = d.territory_id JOIN reps r ON r.id = d.owner_rep_id WHERE d.code = 'HK-0001'")" = "HK-KLN R001" ]

	# A territory in use stays active; a product can be deactivated.
	keys "$s" 5
	keys "$s" Left Left /
	type_text "$s" "kln"
	keys "$s" Enter Down d
	keys "$s" y
	expect_screen "$s" "$(msg refused)" "$L: a territory in use is not deactivated"
	expect_screen "$s" "$(msg inbusiness)" "$L: the refusal names the distributor"
	check "$L: the territory in use is still active" \
		[ "$(sql "$db" "SELECT active FROM territories WHERE code = 'HK-KLN'")" = 1 ]
	keys "$s" Escape Right Right d
	expect_screen "$s" "$(msg deactivate)" "$L: deactivating asks"
	keys "$s" y
	expect_screen "$s" "$(msg deactivated)" "$L: product deactivated"
	row "$s" "BV-001 .*$(msg inactive) *\$" "$L: the product shows as inactive"
	check "$L: the product is inactive, logged" \
		[ "$(sql "$db" "SELECT p.active || ' ' || l.changed_by FROM products p JOIN change_log l ON l.row_id = p.id AND l.action = 'deactivate'")" = "0 e2e" ]
	check "$L: every write logged" \
		[ "$(sql "$db" "SELECT count(*) FROM change_log WHERE changed_by = 'e2e'")" = 7 ]

	# 80 columns hold all five tabs; tiny, and back.
	tm resize-window -t "$s" -x 80 -y 24
	row "$s" "$(msg setup)( |\$)" "$L: 80 columns show the Setup tab whole"
	tm resize-window -t "$s" -x 30 -y 8
	expect_screen "$s" "$(msg toosmall)" "$L: tiny terminal notice"
	tm resize-window -t "$s" -x "$3" -y "$4"
	expect_screen "$s" "$(msg products)" "$L: back from tiny"
	# At 45 columns the bar of sections starts late enough that the
	# last one, selected, shows (it was cut off, past the edge).
	tm resize-window -t "$s" -x 45 -y 12
	keys "$s" Right Right
	row "$s" "^‹.*$(msg scoring)" "$L: 45 columns show the last section when it is selected"
	row "$s" "$(msg setup)" "$L: 45 columns show the Setup tab, current, in the header"
	# The territories of a new rep, the last field at the foot of 12 rows:
	# the matches open above it, where there is room, not in one row under it.
	keys "$s" Left Left Left a Tab Tab Tab Tab Tab g
	expect_screen "$s" "$(msg gansu)" "$L: 45x12: the matches open where they show"
	keys "$s" Escape Escape
	keys "$s" y
	tm resize-window -t "$s" -x "$3" -y "$4"
	keys "$s" q
	expect_screen "$s" "[exited 0]" "$L: q quits cleanly"

	# Read-only: Setup shows, but does not edit.
	start "$s-ro" "$3" "$4" "$2" --read-only --db "$db"
	keys "$s-ro" 5
	expect_screen "$s-ro" "华南区" "$L: read-only Setup lists"
	keys "$s-ro" a
	expect_screen "$s-ro" "$(msg readonly)" "$L: read-only refuses to add"
	keys "$s-ro" d
	expect_screen "$s-ro" "$(msg readonly)" "$L: read-only refuses to deactivate"
	keys "$s-ro" q
}

flow zh zh_CN.UTF-8 80 24
flow en en_US.UTF-8 120 40

# Panning a narrow Setup list: the first column a narrow terminal drops
# is reached too (Regions at 45 columns never showed Territories: the
# first pan put it off to the left at once), and < comes back.
QUDAO_TODAY=2026-11-27 "$QUDAO" demo --db "$T/demo.db" --seed 1 >/dev/null
start narrow 45 24 en_US.UTF-8 --db "$T/demo.db"
wait_for narrow "Distributors" 10 || true
keys narrow 5
expect_screen narrow "华南区" "narrow: the regions"
check "narrow: Territories hidden at 45 columns" sh -c "! tmux -L $SOCK capture-pane -t narrow -p | sed -n 4p | grep -q Territories"
keys narrow '>'
eventually "narrow: > shows Territories" sh -c "tmux -L $SOCK capture-pane -t narrow -p | sed -n 4p | grep -q Territories"
keys narrow '<'
eventually "narrow: < comes back" sh -c "! tmux -L $SOCK capture-pane -t narrow -p | sed -n 4p | grep -q Territories"
keys narrow q

finish
