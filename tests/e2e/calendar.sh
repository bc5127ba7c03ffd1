#!/bin/sh
# End-to-end: the visit calendar of rep R0002 (the configuration's user) on
# the small demo, in Chinese at 80x24 and in English at 120x40: months,
# weeks and days; a visit planned with an objective; that visit recorded on
# its day with a stock count, an order line at a price that breaks the
# policy and a shelf price below the floor (both flagged as typed, both
# incidents on the distributor's detail, where the visit opens again);
# another visit marked missed with the reason; next month proposed twice
# (the second adds nothing) and confirmed; the iCalendar export. Each step
# is checked in the database.
# Usage: calendar.sh path/to/qudao
set -u
QUDAO=$(realpath "$1")
T=$(mktemp -d /tmp/qudao-e2e-XXXXXX)
trap 'tmux -L "qudao-e2e-$$" kill-server 2>/dev/null; rm -rf "$T"' EXIT
. "$(dirname "$0")/lib.sh"

need_tmux_and_locales

msg() {
	case "$L:$1" in
	zh:month) echo "2026年11月 · 赵敏 (R0002)的拜访" ;; en:month) echo "November 2026 · visits of 赵敏 (R0002)" ;;
	zh:next) echo "2026年12月" ;;               en:next) echo "December 2026" ;;
	zh:after) echo "2027年1月" ;;               en:after) echo "January 2027" ;;
	zh:week) echo "第 48 周" ;;                 en:week) echo "week 48" ;;
	zh:day) echo "2026年11月27日 星期五 · " ;;  en:day) echo "Fri 27 Nov 2026 · " ;;
	zh:weekday) echo "星期五" ;;                en:weekday) echo "Sat  " ;;
	zh:plan) echo "计划拜访" ;;                 en:plan) echo "Plan a visit" ;;
	zh:whichdist) echo "哪个经销商？" ;;        en:whichdist) echo "Which distributor?" ;;
	zh:morethan0) echo "目标金额须大于 0" ;;    en:morethan0) echo "is more than 0" ;;
	zh:needsamount) echo "时需要金额" ;;
	en:needsamount) echo "needs its amount" ;;
	zh:planned) echo "已计划拜访" ;;            en:planned) echo "planned." ;;
	zh:record) echo "记录拜访" ;;               en:record) echo "Record the visit" ;;
	zh:policy) echo "违反价格政策" ;;           en:policy) echo "breaks the price policy" ;;
	zh:floor) echo "低于零售价" ;;              en:floor) echo "below the floor" ;;
	zh:recorded) echo "2 处乱价已记为事件" ;;   en:recorded) echo "2 price violations recorded" ;;
	zh:issue) echo "个问题已记为事件" ;;       en:issue) echo "issue recorded as an" ;;
	zh:violation) echo "乱价" ;;                en:violation) echo "price viola" ;;
	zh:summary) echo "小结：补货完成" ;;        en:summary) echo "Summary: 补货完成" ;;
	zh:missedform) echo "未拜访：" ;;           en:missedform) echo "Missed: " ;;
	zh:missed) echo "已标为未拜访" ;;           en:missed) echo "marked missed" ;;
	zh:proposed) echo "已生成" ;;               en:proposed) echo "visits proposed" ;;
	zh:none) echo "已生成 0 次拜访" ;;          en:none) echo ": 0 visits proposed" ;;
	zh:confirm) echo "计划中的全部拜访" ;;      en:confirm) echo "Confirm every planned visit" ;;
	zh:confirmed) echo "次拜访。" ;;            en:confirmed) echo "visits confirmed." ;;
	zh:settings) echo "集中度警示线" ;;         en:settings) echo "Concentration warning above" ;;
	zh:every) echo "拜访间隔（天） 14" ;;       en:every) echo "Visit every (days) 14" ;;
	zh:nokind) echo "请选择问题类型，或清空描述。" ;; en:nokind) echo "Choose a kind or clear the description." ;;
	zh:threewrong) echo "未保存：3 项需要更正。" ;; en:threewrong) echo "Not saved: 3 fields need correcting." ;;
	zh:badtime) echo "时间：HH:MM，如 09:30。" ;; en:badtime) echo "A time: HH:MM, 09:30." ;;
	zh:newdist) echo "新增经销商" ;;            en:newdist) echo "New distributor" ;;
	zh:asplanned) echo "按计划" ;;              en:asplanned) echo "As planned" ;;
	zh:first) echo "第 1 条，共" ;;             en:first) echo "1 of" ;;
	zh:day30) echo "2026年11月30日 星期一 · " ;; en:day30) echo "Mon 30 Nov 2026 · " ;;
	zh:notyet) echo "拜访日到了才能标为未拜访" ;; en:notyet) echo "missed only once its day has come" ;;
	zh:cancelform) echo "取消拜访：" ;;         en:cancelform) echo "Cancel the visit: " ;;
	zh:cancelled) echo "拜访已取消。" ;;        en:cancelled) echo "The visit is cancelled." ;;
	zh:everyone) echo "所有人的拜访" ;;         en:everyone) echo "visits of everyone" ;;
	zh:past) echo "拜访只能计划在今天或以后" ;; en:past) echo "planned for today or a later day" ;;
	zh:saywhy) echo "未保存：请写明原因。" ;;   en:saywhy) echo "Not saved: Say why." ;;
	zh:south) echo "华南区（S）的拜访" ;;        en:south) echo "visits of Region 华南区 (S)" ;;
	esac
}

# on_screen NAME PATTERN: the screen of NAME holds the extended regular
# expression PATTERN now.
on_screen() { screen "$1" | grep -qE -- "$2"; }
off_screen() { ! on_screen "$@"; }

# tabs N: N presses of Tab, as one send-keys.
tabs() {
	set -- "$1"
	n=$1
	args=""
	while [ "$n" -gt 0 ]; do
		args="$args Tab"
		n=$((n - 1))
	done
	echo "$args"
}

"$QUDAO" demo --db "$T/demo.db" --seed 1 --today 2026-11-27 >/dev/null || exit 1
mkdir -p "$T/config/qudao"
printf 'user = R0002\n' >"$T/config/qudao/config"

flow() {
	L=$1 lang=$2 cols=$3 rows=$4
	db="$T/$L.db"
	cp "$T/demo.db" "$db"
	s=$L
	rep=$(sql "$db" "SELECT id FROM reps WHERE code = 'R0002'")
	d=$(sql "$db" "SELECT id FROM distributors WHERE owner_rep_id = $rep AND status = 'active' ORDER BY code LIMIT 1")
	code=$(sql "$db" "SELECT code FROM distributors WHERE id = $d")
	# The products the record form lists for it (carried, else all active).
	n=$(sql "$db" "SELECT count(*) FROM products p WHERE p.id IN (SELECT l.product_id FROM orders o
		JOIN order_lines l ON l.order_id = o.id WHERE o.distributor_id = $d
		AND o.order_date > '2025-11-27' UNION SELECT vi.product_id FROM visits v
		JOIN visit_inventory vi ON vi.visit_id = v.id WHERE v.distributor_id = $d)")
	[ "$n" -eq 0 ] && n=$(sql "$db" "SELECT count(*) FROM products WHERE active = 1")
	[ "$n" -gt 30 ] && n=30
	incidents=$(sql "$db" "SELECT count(*) FROM incidents WHERE distributor_id = $d AND kind = 'price_violation'")
	# Another visit planned for today, later, to mark missed below (the
	# demo's teams need not give the rep one).
	other=$(sql "$db" "SELECT id FROM distributors WHERE owner_rep_id = $rep AND status = 'active' AND id <> $d ORDER BY code LIMIT 1")
	other_name=$(sql "$db" "SELECT substr(name, 1, 3) FROM distributors WHERE id = $other")
	sql_write "$db" "INSERT INTO visits(id, distributor_id, rep_id, planned_at, status, purpose)
		VALUES (777000111, $other, $rep, '2026-11-27T15:00', 'planned', 'routine')"

	start "$s" "$cols" "$rows" "$lang" --db "$db"
	keys "$s" 3
	expect_screen "$s" "$(msg month)" "$L: the rep's own month"
	expect_screen "$s" "$(msg weekday)" "$L: weekday names in the interface language"

	# Months, weeks, the day.
	keys "$s" "]"
	expect_screen "$s" "$(msg next)" "$L: ] goes to the next month"
	keys "$s" "["
	expect_screen "$s" "$(msg month)" "$L: [ comes back"
	keys "$s" w
	expect_screen "$s" "$(msg week)" "$L: the week view"
	# Each visit with its status symbol and time (colour may be lost) and
	# the start of its distributor's name.
	expect_screen "$s" "~15:00" "$L: the week shows the status symbol and the time"
	expect_screen "$s" "$other_name" "$L: the week shows the name"
	keys "$s" d
	expect_screen "$s" "$(msg day)" "$L: the day view"
	keys "$s" M
	expect_screen "$s" "$(msg weekday)" "$L: the month view again"

	# A rep's code typed whole: the rep's name beside it, not only in the
	# list under it (the first Esc closes the list, the second the form).
	keys "$s" a
	expect_screen "$s" "$(msg plan)" "$L: the plan form"
	# The distributors whose code begins with what is typed come first
	# (gd: GD-..., before 成都's chenGDu).
	type_text "$s" "gd"
	i=0
	until tmux -L "$SOCK" capture-pane -t "$s" -p | sed -n 5p | grep -q 'GD-' || [ "$i" -ge 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	check "$L: codes that begin with gd first in the list" [ "$i" -lt 50 ]
	keys "$s" C-u
	keys "$s" Tab C-u
	type_text "$s" "R0007"
	keys "$s" Escape
	r7name=$(sql "$db" "SELECT name FROM reps WHERE code = 'R0007'")
	i=0
	until tmux -L "$SOCK" capture-pane -t "$s" -p | grep 'R0007' | grep -q "$r7name" || [ "$i" -ge 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	check "$L: a typed rep code is named beside it" [ "$i" -lt 50 ]
	keys "$s" Escape
	keys "$s" y
	expect_screen "$s" "$(msg weekday)" "$L: the month view after the form"

	# Plan a visit today at 08:30 whose objective is to collect ¥5,000.
	keys "$s" a
	expect_screen "$s" "$(msg plan)" "$L: the plan form"
	# The rep is the user's own (R0002) at first: emptied, so that the
	# distributor's owner fills it. (Until 2026-11-30 these checks passed
	# only because the list of every distributor, opened when the field
	# was emptied, covered the rep's line.)
	keys "$s" Tab C-u BTab
	# A code typed whole: its name beside it, its owner (R0002) as the rep.
	type_text "$s" "$code"
	keys "$s" Tab
	expect_screen "$s" "$(sql "$db" "SELECT name FROM distributors WHERE id = $d")" \
		"$L: the distributor's name beside its code"
	expect_screen "$s" "R0002" "$L: its owner as the rep"
	keys "$s" BTab C-u
	expect_not "$s" "R0002" "$L: the owner goes with the distributor cleared"
	# The distributor is found by name, and a name has spaces: Space types.
	type_text "$s" "zz qq"
	expect_screen "$s" "zz qq" "$L: a space is typed into the distributor field"
	keys "$s" C-u
	# Space in the empty field lists the distributors and types nothing:
	# the code typed after it is found.
	keys "$s" Space
	type_text "$s" "$code"
	keys "$s" Tab
	expect_screen "$s" "$(sql "$db" "SELECT name FROM distributors WHERE id = $d")" \
		"$L: a code typed after Space is found"
	keys "$s" BTab C-u
	expect_not "$s" "R0002" "$L: the owner goes with it again"
	# Space after a whole code lists it rather than typing a space: the
	# code is still found, its owner taken.
	type_text "$s" "$code"
	keys "$s" Space Tab
	expect_screen "$s" "$(sql "$db" "SELECT name FROM distributors WHERE id = $d")" \
		"$L: a whole code, then Space: still found and named"
	keys "$s" BTab C-u
	expect_not "$s" "R0002" "$L: the owner goes with it once more"
	# The rep back, for the refusal below to count the three fields.
	keys "$s" Tab
	type_text "$s" "R0002"
	keys "$s" BTab
	# Three fields wrong at once (no distributor, 30 February, 25:99): the
	# refusal counts them; the focus goes to the first.
	keys "$s" Tab Tab C-u
	type_text "$s" "2026-02-30"
	keys "$s" Tab C-u
	type_text "$s" "25:99"
	keys "$s" Enter
	expect_screen "$s" "$(msg threewrong)" "$L: three fields refused, and said so"
	expect_screen "$s" "$(msg whichdist)" "$L: an empty distributor is asked for"
	# The distributor by its whole name, typed and not picked: only one
	# has it, so it is taken.
	type_text "$s" "$(sql "$db" "SELECT name FROM distributors WHERE id = $d")"
	keys "$s" Tab Tab C-u
	type_text "$s" "2026-11-27"
	keys "$s" Tab C-u
	# A refusal longer than the room beside its field shows in full.
	type_text "$s" "25:99"
	keys "$s" Enter
	expect_screen "$s" "$(msg badtime)" "$L: the refusal of a time shows in full"
	keys "$s" C-u
	type_text "$s" "08:30"
	# Words for "other", then the objective changed to a collection: the
	# words field is off (a dash), not showing words that would not be
	# saved, and Tab goes to the amount.
	keys "$s" Tab Right Tab Right Right Right Right Right Tab
	type_text "$s" "bring samples"
	expect_screen "$s" "bring samples" "$L: words for another objective"
	keys "$s" BTab Right Right Right
	expect_not "$s" "bring samples" "$L: a collection's plan does not show words it would not keep"
	keys "$s" Tab Enter
	expect_screen "$s" "$(msg needsamount)" "$L: an empty objective amount is asked for"
	type_text "$s" "0"
	keys "$s" Enter
	expect_screen "$s" "$(msg morethan0)" "$L: an objective amount of 0 is refused as such"
	keys "$s" C-u
	# Written as the other forms and the importer take it: 0.5万 is ¥5,000.
	type_text "$s" "0.5万"
	keys "$s" Enter
	expect_screen "$s" "$(msg planned)" "$L: the visit is planned"
	check "$L: the plan is in the database" [ "$(sql "$db" "SELECT count(*) FROM visits
		WHERE distributor_id = $d AND planned_at = '2026-11-27T08:30' AND status = 'planned'
		AND purpose = 'collection' AND objective_kind = 'collect' AND objective_fen = 500000")" = 1 ]

	# Record it: a count, an order line far under the list price, a shelf
	# price under the floor, the display and the summary.
	before=$(TZ=Asia/Shanghai date +%H:%M)
	keys "$s" Tab
	# The selected visit's objective is shown whole under the day's list,
	# though its column is narrow.
	expect_screen "$s" "¥5,000.00" "$L: the objective in full under the day's list"
	keys "$s" Enter
	expect_screen "$s" "$(msg record)" "$L: the record form opens on the visit's day"
	type_text "$s" "带价目表"
	keys "$s" $(tabs 3)
	type_text "$s" "3"
	keys "$s" $(tabs "$n")
	type_text "$s" "10 @ 1.00"
	expect_screen "$s" "$(msg policy)" "$L: an off-policy price is flagged at once"
	keys "$s" $(tabs "$n")
	type_text "$s" "1.00"
	expect_screen "$s" "$(msg floor)" "$L: a shelf price under the floor is flagged"
	keys "$s" $(tabs "$n")
	type_text "$s" "4"
	# An issue described with its kind left at none is refused at once,
	# not dropped on save.
	keys "$s" $(tabs 5)
	type_text "$s" "货架破损"
	expect_screen "$s" "$(msg nokind)" "$L: an issue without a kind is refused"
	# With a kind it is taken, and becomes an incident.
	keys "$s" BTab Right Tab
	keys "$s" Tab
	type_text "$s" "补货完成"
	# Another program lowers the credit limit while the form is open: the
	# save weighs the order against the limit as it is now (回款风险).
	sql_write "$db" "UPDATE distributors SET credit_limit_fen = 100 WHERE id = $d"
	keys "$s" Enter
	expect_screen "$s" "回款风险" "$L: the credit limit as it is at the save"
	keys "$s" y
	expect_screen "$s" "$(msg recorded)" "$L: recorded, two price violations"
	# The message may wrap anywhere between Chinese characters: read it
	# with its lines joined.
	eventually "$L: and the issue, said as an incident too" sh -c \
		"tmux -L '$SOCK' capture-pane -t '$s' -p | tr -d '\n' | grep -q '$(msg issue)'"
	check "$L: the visit is done, with its count, price and order" [ "$(sql "$db" "SELECT count(*)
		FROM visits v WHERE distributor_id = $d AND planned_at = '2026-11-27T08:30'
		AND status = 'done' AND summary = '补货完成' AND display_score = 80
		AND prep_notes = '带价目表' AND order_id IS NOT NULL
		AND EXISTS (SELECT 1 FROM visit_inventory WHERE visit_id = v.id AND quantity = 3)
		AND EXISTS (SELECT 1 FROM visit_prices WHERE visit_id = v.id AND shelf_price_fen = 100)")" = 1 ]
	# Done at the clock's time in the configured zone (Asia/Shanghai by
	# default), whatever the system's zone.
	after=$(TZ=Asia/Shanghai date +%H:%M)
	done_hm=$(sql "$db" "SELECT substr(done_at, 12, 5) FROM visits WHERE distributor_id = $d
		AND planned_at = '2026-11-27T08:30'")
	check "$L: done at Shanghai time ($before ≤ $done_hm ≤ $after)" \
		[ "$done_hm" = "$before" -o "$done_hm" = "$after" ]
	check "$L: two price_violation incidents" [ "$(sql "$db" "SELECT count(*) FROM incidents
		WHERE distributor_id = $d AND kind = 'price_violation'")" = $((incidents + 2)) ]

	# Both incidents on the distributor's detail; its visit opens from there.
	keys "$s" 1
	keys "$s" /
	type_text "$s" "$code"
	keys "$s" Enter Enter
	keys "$s" Right Right Right Right Right Right
	expect_screen "$s" "$(msg violation)" "$L: the incidents on the detail"
	shown=$(screen "$s" | grep -c "$(msg violation)")
	check "$L: both price violations listed" [ "$shown" -ge 2 ]
	ahead=$(sql "$db" "SELECT count(*) FROM visits WHERE distributor_id = $d
		AND planned_at > '2026-11-27T08:30' AND planned_at <= '2027-01-26T99'")
	keys "$s" Left Left Left
	i=0
	while [ "$i" -lt "$ahead" ]; do keys "$s" Down; i=$((i + 1)); done
	keys "$s" Enter
	expect_screen "$s" "$(msg summary)" "$L: the detail opens the recorded visit"
	expect_screen "$s" "2026-11-27 $done_hm" "$L: the time done shown as a date and a time"
	keys "$s" Escape
	keys "$s" Escape

	# Another visit of today marked missed, with the reason.
	keys "$s" 3
	expect_screen "$s" "$(msg month)" "$L: back in the calendar"
	keys "$s" Down m
	expect_screen "$s" "$(msg missedform)" "$L: the reason form"
	# Nothing but spaces is no reason.
	type_text "$s" "   "
	keys "$s" Enter
	expect_screen "$s" "$(msg saywhy)" "$L: a reason of spaces is refused"
	keys "$s" C-u
	type_text "$s" "店里关门"
	keys "$s" Enter
	expect_screen "$s" "$(msg missed)" "$L: marked missed"
	check "$L: missed with its reason" [ "$(sql "$db" "SELECT count(*) FROM visits
		WHERE rep_id = $rep AND planned_at LIKE '2026-11-27%' AND status = 'missed'
		AND reason = '店里关门'")" = 1 ]

	# As planned: today's visits done or missed are due, so both sides of
	# the ratio hold the same visits.
	due=$(sql "$db" "SELECT count(*) FROM visits WHERE rep_id = $rep AND planned_at LIKE '2026-11-%'
		AND status <> 'cancelled' AND (planned_at < '2026-11-27'
		OR (planned_at < '2026-11-28' AND status IN ('done', 'missed')))")
	met=$(sql "$db" "SELECT count(*) FROM visits WHERE rep_id = $rep AND planned_at LIKE '2026-11-%'
		AND status = 'done' AND planned_at < '2026-11-28'
		AND (done_at IS NULL OR substr(done_at, 1, 10) = substr(planned_at, 1, 10))")
	expect_screen "$s" "$(msg asplanned) $met/$due " "$L: as planned, today's visits on both sides"

	# A visit of a later day: m says at once that it cannot be missed; x
	# cancels it with a reason, the calendar staying on its day, whose
	# cell shows it cancelled.
	sql_write "$db" "INSERT INTO visits(id, distributor_id, rep_id, planned_at, status, purpose)
		VALUES (777000112, $other, $rep, '2026-11-30T07:30', 'confirmed', 'routine')"
	# And one for later today, to move back below.
	sql_write "$db" "INSERT INTO visits(id, distributor_id, rep_id, planned_at, status, purpose)
		VALUES (777000114, $other, $rep, '2026-11-27T17:00', 'planned', 'routine')"
	keys "$s" Escape l l l
	expect_screen "$s" "$(msg day30)" "$L: Monday the 30th"
	keys "$s" Tab m
	expect_screen "$s" "$(msg notyet)" "$L: a later visit is not missed, said at once"
	check "$L: no reason form for it" off_screen "$s" "$(msg missedform)$other_name"
	keys "$s" x
	expect_screen "$s" "$(msg cancelform)" "$L: the cancel form"
	type_text "$s" "店主出差"
	# Esc with a reason typed asks before throwing it away; n keeps it.
	keys "$s" Escape
	expect_screen "$s" "(y/n)" "$L: Esc asks before discarding a typed reason"
	keys "$s" n
	keys "$s" Enter
	expect_screen "$s" "$(msg cancelled)" "$L: cancelled"
	expect_screen "$s" "$(msg day30)" "$L: the calendar stays on the day changed"
	check "$L: cancelled with its reason" [ "$(sql "$db" "SELECT count(*) FROM visits
		WHERE id = 777000112 AND status = 'cancelled' AND reason = '店主出差'")" = 1 ]
	keys "$s" Escape
	expect_screen "$s" "$(msg month)" "$L: the month again"
	check "$L: the month cell shows the cancelled visit" on_screen "$s" '[+][0-9]+ ?x1'


	# Whose visits: a region leaves no visit of another region in the day's
	# list, even the one the cursor was on.
	r7=$(sql "$db" "SELECT id FROM reps WHERE code = 'R0007'")
	d7=$(sql "$db" "SELECT id FROM distributors WHERE owner_rep_id = $r7 AND status = 'active'
		ORDER BY code LIMIT 1")
	d7_name=$(sql "$db" "SELECT substr(name, 1, 4) FROM distributors WHERE id = $d7")
	sql_write "$db" "INSERT INTO visits(id, distributor_id, rep_id, planned_at, status, purpose)
		VALUES (777000113, $d7, $r7, '2026-11-30T07:00', 'planned', 'routine')"
	keys "$s" u Down Enter
	expect_screen "$s" "$(msg everyone)" "$L: everyone's visits"
	keys "$s" Tab Up
	expect_screen "$s" "$(msg first)" "$L: the cursor on the day's first visit"
	expect_screen "$s" "$d7_name" "$L: 冯强's visit first in the day's list"
	south=$(sql "$db" "SELECT count(*) FROM visits v JOIN reps r ON r.id = v.rep_id
		JOIN regions g ON g.id = r.region_id WHERE g.code = 'S' AND v.planned_at LIKE '2026-11-30%'")
	keys "$s" u Down Down Down Down Enter
	expect_screen "$s" "$(msg south)" "$L: the region's visits"
	expect_screen "$s" "$(msg first) $south" "$L: the day's list counts the region's visits alone"
	expect_not "$s" "$d7_name" "$L: no visit of another region in the day's list"
	keys "$s" Escape u Enter
	expect_screen "$s" "$(msg month)" "$L: the rep's own visits again"
	keys "$s" t

	# No plan in the past: a for 2020-01-01 is refused, and so is < from
	# today onto yesterday.
	keys "$s" a
	expect_screen "$s" "$(msg plan)" "$L: the plan form again"
	type_text "$s" "$code"
	keys "$s" Tab Tab C-u
	type_text "$s" "2020-01-01"
	keys "$s" Enter
	expect_screen "$s" "$(msg past)" "$L: a plan in the past is refused"
	check "$L: nothing planned in 2020" [ "$(sql "$db" "SELECT count(*) FROM visits
		WHERE planned_at LIKE '2020-%'")" = 0 ]
	keys "$s" Escape
	if wait_for "$s" "(y/n)" 2; then keys "$s" y; fi
	expect_screen "$s" "$(msg month)" "$L: back from the form"
	keys "$s" Tab Down Down
	expect_screen "$s" "17:00" "$L: today's visit at 17:00"
	keys "$s" "<"
	expect_screen "$s" "$(msg past)" "$L: not moved onto yesterday"
	check "$L: still today" [ "$(sql "$db" "SELECT planned_at FROM visits
		WHERE id = 777000114")" = "2026-11-27T17:00" ]

	# Next month proposed, proposed again (nothing more), confirmed.
	keys "$s" Escape P
	expect_screen "$s" "$(msg proposed)" "$L: next month proposed"
	expect_screen "$s" "$(msg next)" "$L: the calendar shows next month"
	planned=$(sql "$db" "SELECT count(*) FROM visits WHERE rep_id = $rep AND status = 'planned'
		AND planned_at LIKE '2026-12-%'")
	check "$L: the proposal is in the database" [ "$planned" -gt 0 ]
	check "$L: no visit on a weekend" [ "$(sql "$db" "SELECT count(*) FROM visits WHERE rep_id = $rep
		AND status = 'planned' AND planned_at LIKE '2026-12-%'
		AND strftime('%w', substr(planned_at, 1, 10)) IN ('0', '6')")" = 0 ]
	keys "$s" P
	expect_screen "$s" "$(msg none)" "$L: proposing again adds nothing"
	check "$L: no duplicates" [ "$(sql "$db" "SELECT count(*) FROM visits WHERE rep_id = $rep
		AND status = 'planned' AND planned_at LIKE '2026-12-%'")" = "$planned" ]
	keys "$s" C
	expect_screen "$s" "$(msg confirm)" "$L: confirm asks"
	keys "$s" y
	expect_screen "$s" "$(msg confirmed)" "$L: confirmed"
	check "$L: planned visits became confirmed" [ "$(sql "$db" "SELECT count(*) FROM visits
		WHERE rep_id = $rep AND status = 'planned' AND planned_at LIKE '2026-12-%'")" = 0 ]
	keys "$s" "]"
	expect_screen "$s" "$(msg after)" "$L: and on to the month after"

	# The visit settings in Setup.
	keys "$s" 5 Left Left Left
	expect_screen "$s" "$(msg settings)" "$L: the visit settings in Setup"
	# A new distributor's visit frequency follows its tier: B, 14 days.
	keys "$s" 1 a
	expect_screen "$s" "$(msg newdist)" "$L: the distributor form"
	keys "$s" Tab Tab Tab Left
	expect_screen "$s" "$(msg every)" "$L: tier B visits every 14 days"
	keys "$s" Escape
	if wait_for "$s" "(y/n)" 2; then keys "$s" y; fi
	keys "$s" q
	expect_screen "$s" "[exited 0]" "$L: q quits cleanly"

	# The calendar exported for a phone.
	env LANG="$lang" XDG_CONFIG_HOME="$T/config" QUDAO_TODAY=2026-11-27 \
		"$QUDAO" export visits --db "$db" --format ics --rep R0002 -o "$T/$L.ics" 2>/dev/null
	check "$L: the iCalendar export" grep -q "^BEGIN:VCALENDAR" "$T/$L.ics"
	check "$L: the missed visit is cancelled in it" grep -q "^STATUS:CANCELLED" "$T/$L.ics"
	# Everything written here, by the interface and by the other process,
	# left the kept figures (the month cells' among them) as they should be.
	check "$L: qudao check after the session" sh -c '"$0" check --db "$1" >/dev/null' \
		"$QUDAO" "$db"
}

flow zh zh_CN.UTF-8 80 24
flow en en_US.UTF-8 120 40

# Too low for every week of the month: the weeks around the selected day, a
# line each (40x12 is above the smallest size the program takes).
cp "$T/demo.db" "$T/low.db"
APP_ENV="XDG_CONFIG_HOME=$T/config" start low 40 12 zh_CN.UTF-8 --db "$T/low.db"
keys low 3
expect_screen low "24   25   26" "zh 40x12: the week of the selected day in the month view"
# Next month: nothing is due yet, which is no rate at all, not 0 %.
keys low "]"
expect_screen low "按计划 0/0 — " "zh: a month with nothing due shows no rate"
keys low q

# ---- the distributor picker puts the names that begin with what is typed
# first, even when more than a screenful hold it inside ----
cp "$T/demo.db" "$T/crowd.db"
{
	echo "code,name,status,agreement_start,agreement_end,territory"
	for i in 0 1 2 3 4 5 6 7 8 9; do
		echo "ZQ-000$i,广东深${i}号贸易公司,active,2026-01-01,2027-12-31,GD"
	done
} >"$T/crowd.csv"
"$QUDAO" import distributors "$T/crowd.csv" --db "$T/crowd.db" >/dev/null || { fail=$((fail + 1)); echo "FAIL: crowd import"; }
start crowd 80 24 en_US.UTF-8 --db "$T/crowd.db"
expect_screen crowd "distributors" "crowd: the list"
keys crowd 3
keys crowd a
expect_screen crowd "Plan a visit" "crowd: the plan form"
type_text crowd "shen"
i=0
until screen crowd | sed -n 5p | grep -q '深圳' || [ "$i" -ge 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
check "crowd: a name beginning with shen (深圳) first, before ten with 深 inside" [ "$i" -lt 50 ]
keys crowd Escape Escape y

finish
