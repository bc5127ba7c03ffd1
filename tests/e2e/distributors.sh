#!/bin/sh
# End-to-end: the distributor screens in a real terminal (tmux), in Chinese and
# English, at several sizes, on the small demo data.
# Usage: distributors.sh path/to/qudao
set -u
QUDAO=$(realpath "$1")
T=$(mktemp -d /tmp/qudao-e2e-XXXXXX)
trap 'tmux -L "qudao-e2e-$$" kill-server 2>/dev/null; rm -rf "$T"' EXIT
. "$(dirname "$0")/lib.sh"

command -v tmux >/dev/null || { echo "tmux is missing"; exit 1; }
for l in zh_CN.UTF-8 en_US.UTF-8; do
	locale -a | grep -qi "^$(echo "$l" | sed 's/UTF-8/utf8/')\$" ||
		{ echo "locale $l is missing (run .ci/test as root to generate it)"; exit 1; }
done

QUDAO_TODAY=2026-11-27 "$QUDAO" demo --db "$T/zh.db" --seed 1 >/dev/null || exit 1
cp "$T/zh.db" "$T/en.db"

# ---- Chinese, 80x24 ----
start zh 80 24 zh_CN.UTF-8 --db "$T/zh.db"
expect_screen zh "经销商" "zh: header tab"
expect_screen zh "300 家经销商" "zh: count"
expect_screen zh "名称" "zh: column header"

# Search by pinyin initials.
keys zh /
type_text zh gzth
expect_screen zh "广州天河" "zh: gzth finds 广州天河"
expect_screen zh "4 家经销商" "zh: gzth count"
keys zh Escape
expect_screen zh "300 家经销商" "zh: Esc clears the search"

# Search by Chinese characters (one and two).
keys zh /
type_text zh "成都"
expect_screen zh "成都" "zh: search 成都"
expect_not zh "广州天河" "zh: 成都 hides Guangzhou"
keys zh Enter

# Open the detail of the selected row and come back to the same row.
selected=$(screen zh | sed -n 4p | awk '{print $1}')
keys zh Enter
expect_screen zh "应收账款" "zh: detail shows receivables"
expect_screen zh "$selected" "zh: detail of the selected distributor"
keys zh NPage
expect_screen zh "状态历史" "zh: detail scrolls to the status history"
keys zh Escape
expect_screen zh "搜索" "zh: back on the list"
check "zh: same row after Esc" [ "$(screen zh | sed -n 4p | awk '{print $1}')" = "$selected" ]
keys zh Escape

# Add a distributor with a Chinese name.
keys zh a
expect_screen zh "新增经销商" "zh: the add form"
type_text zh "E2E-0001"
keys zh Tab
type_text zh "深圳南山😀测试贸易有限公司"
keys zh Tab Tab Tab
type_text zh "陈小红"
keys zh Tab
type_text zh "13900001111"
keys zh Tab Tab
type_text zh "GD-SZ"
expect_screen zh "深圳市" "zh: territory code shows its name"
keys zh Enter
expect_screen zh "已添加" "zh: added message"
check "zh: the new one is selected in the list" \
	sh -c "tmux -L $SOCK capture-pane -t zh -p -e | grep 'E2E-0001' | grep -q '46m\|7m'"
check "zh: the new distributor is in the database" \
	[ "$(sql "$T/zh.db" "SELECT status FROM distributors WHERE code = 'E2E-0001'")" = applicant ]
check "zh: its history was recorded" \
	[ "$(sql "$T/zh.db" "SELECT count(*) FROM status_history h JOIN distributors d ON d.id = h.distributor_id WHERE d.code = 'E2E-0001'")" = 1 ]
keys zh /
type_text zh "szns"
expect_screen zh "深圳南山😀测试" "zh: the new one found by pinyin"
keys zh C-u
type_text zh "e2e-0001"
expect_screen zh "1 家经销商" "zh: the new one found by code"
keys zh Enter

# Invalid input is refused inline and nothing is written.
keys zh a
type_text zh "E2E-0001"
keys zh Tab
type_text zh "重复编码测试"
keys zh Tab Tab Tab Tab
type_text zh "12ab"
keys zh Enter
expect_screen zh "电话号码" "zh: bad phone refused with a reason"
keys zh C-u
keys zh Enter
expect_screen zh "已被" "zh: duplicate code refused"
keys zh Escape
expect_screen zh "放弃修改" "zh: Esc asks before discarding"
keys zh y
expect_screen zh "已放弃修改" "zh: discarded"
check "zh: nothing written by the refused form" \
	[ "$(sql "$T/zh.db" "SELECT count(*) FROM distributors WHERE name = '重复编码测试'")" = 0 ]

# Edit, then cancel: nothing changes.
keys zh e
expect_screen zh "编辑" "zh: edit form"
keys zh Tab Tab Tab Tab
keys zh C-u
type_text zh "不该保存"
keys zh Escape
expect_screen zh "放弃修改" "zh: Esc on an edited form asks"
keys zh y
check "zh: cancelled edit saved nothing" \
	[ "$(sql "$T/zh.db" "SELECT contact FROM distributors WHERE code = 'E2E-0001'")" = "陈小红" ]

# Edit and save.
keys zh e
keys zh Tab Tab Tab Tab
keys zh C-u
type_text zh "林大海"
keys zh Enter
expect_screen zh "已保存" "zh: edit saved"
check "zh: edit in the database" \
	[ "$(sql "$T/zh.db" "SELECT contact FROM distributors WHERE code = 'E2E-0001'")" = "林大海" ]

# A transition the rules forbid: applicant straight to active.
keys zh t
expect_screen zh "的状态" "zh: status menu"
keys zh Down Enter
expect_screen zh "拒绝" "zh: applicant to active refused"
check "zh: refused move wrote nothing" \
	[ "$(sql "$T/zh.db" "SELECT status FROM distributors WHERE code = 'E2E-0001'")" = applicant ]
# A valid one: applicant to reviewing with the six scores.
keys zh Up Enter
expect_screen zh "信誉" "zh: the scores form"
for s in 7 8 6 5 7 9; do type_text zh "$s"; keys zh Tab; done
type_text zh "资料齐全"
keys zh Enter
expect_screen zh "现为审核中" "zh: moved to reviewing"
check "zh: reviewing in the database" \
	[ "$(sql "$T/zh.db" "SELECT status FROM distributors WHERE code = 'E2E-0001'")" = reviewing ]
check "zh: review scores stored" \
	[ "$(sql "$T/zh.db" "SELECT reputation + compliance_record FROM qualification_reviews r JOIN distributors d ON d.id = r.distributor_id WHERE d.code = 'E2E-0001'")" = 16 ]

# Other screens say they are not there yet; 1 comes back.
keys zh 3
expect_screen zh "尚未提供" "zh: calendar not yet available"
keys zh 1
expect_screen zh "家经销商" "zh: back to the list"

# Help.
keys zh "?"
expect_screen zh "按任意键关闭" "zh: help overlay"
keys zh x

# Resize: big, small, tiny, back.
tm resize-window -t zh -x 200 -y 50
expect_screen zh "负责人" "zh: wide terminal shows the owner column"
tm resize-window -t zh -x 80 -y 24
expect_screen zh "家经销商" "zh: 80x24 again"
tm resize-window -t zh -x 30 -y 8
expect_screen zh "终端太小" "zh: tiny terminal notice"
tm resize-window -t zh -x 100 -y 30
expect_screen zh "家经销商" "zh: back from tiny"
keys zh q
expect_screen zh "[exited 0]" "zh: q quits cleanly"

# ---- English, 120x40 and 80x24 ----
start en 120 40 en_US.UTF-8 --db "$T/en.db"
expect_screen en "300 distributors" "en: count"
expect_screen en "Last visit" "en: wide shows last visit"
keys en /
type_text en guangzhou
expect_screen en "广州" "en: full pinyin search"
keys en Escape
keys en /
type_text en "广州th"
expect_screen en "广州天河" "en: mixed Chinese and initials"
keys en Enter Enter
expect_screen en "Receivables" "en: detail with its receivables"
expect_screen en "Status history" "en: detail shows the status history"
keys en Escape Escape
keys en f
expect_screen en "Filter the distributor list" "en: filter form"
keys en Right Right Right
keys en Enter
expect_screen en "Filter: active" "en: filter shown"
keys en F
expect_screen en "Filters cleared" "en: filters cleared"
keys en s
expect_screen en "Sorted by Code" "en: sort cycles"
keys en S
expect_screen en "descending" "en: sort reversed"
tm resize-window -t en -x 80 -y 24
expect_screen en "distributors" "en: 80x24"
keys en q
expect_screen en "[exited 0]" "en: q quits"

# ---- the mouse (xterm's SGR reports) ----
APP_TERM=xterm-256color start mouse 100 30 en_US.UTF-8 --db "$T/en.db"
expect_screen mouse "300 distributors" "mouse: list"
click mouse 34 1
expect_screen mouse "not yet available" "mouse: a tab click switches screen"
click mouse 10 1
expect_screen mouse "300 distributors" "mouse: back to the list"
click mouse 14 3
expect_screen mouse "Name▼" "mouse: a header click reverses the sort"
first=$(screen mouse | sed -n 4p | awk '{print $1}')
third=$(screen mouse | sed -n 6p | awk '{print $1}')
click mouse 5 6
click mouse 5 6
expect_screen mouse "$third" "mouse: clicking the selected row opens it"
expect_screen mouse "Receivables" "mouse: detail opened by clicking"
keys mouse Escape
keys mouse q
expect_screen mouse "[exited 0]" "mouse: quits"

# ---- monochrome and NO_COLOR ----
APP_TERM=vt100 start mono 80 24 en_US.UTF-8 --db "$T/en.db"
expect_screen mono "300 distributors" "vt100: list without colour"
check "vt100: the selected row is in reverse video" \
	sh -c "tmux -L $SOCK capture-pane -t mono -p -e | sed -n 4p | grep -q '7m'"
keys mono q
expect_screen mono "[exited 0]" "vt100: quits"

# ---- first run ----
start first 80 24 en_US.UTF-8 --db "$T/new.db"
expect_screen first "There is no database" "first run screen"
keys first 2
expect_screen first "No distributors yet" "empty database opened"
keys first q
expect_screen first "[exited 0]" "quit from an empty database"
check "first run created the file" [ -f "$T/new.db" ]

finish
