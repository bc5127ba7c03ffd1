#!/bin/sh
# End-to-end: x in the distributor list exports what it shows (the search
# applied, every row, not only the window), asks before replacing a file,
# writes GB18030 when chosen; x in Setup exports a section; and an import on
# a terminal shows its progress and rolls back on Ctrl-C. In Chinese at 80x24
# and in English at 120x40.
# Usage: export.sh path/to/qudao
set -u
QUDAO=$(realpath "$1")
T=$(mktemp -d /tmp/qudao-e2e-XXXXXX)
trap 'tmux -L "qudao-e2e-$$" kill-server 2>/dev/null; rm -rf "$T"' EXIT
. "$(dirname "$0")/lib.sh"

need_tmux_and_locales

msg() {
	case "$L:$1" in
	zh:count) echo "家经销商" ;;              en:count) echo "distributors" ;;
	zh:form) echo "Excel 用 CSV" ;;            en:form) echo "CSV for Excel" ;;
	zh:done) echo "已导出 " ;;                 en:done) echo "Exported " ;;
	zh:payflag) echo "回款逾期" ;;             en:payflag) echo "payment overdue" ;;
	zh:exists) echo "已存在。要替换吗" ;;      en:exists) echo "exists. Replace it?" ;;
	zh:tsv) echo "Excel 用制表符分隔（UTF-8，带 BOM）" ;; en:tsv) echo "Tab-separated for Excel (UTF-8 with BOM)" ;;
	zh:gb) echo "中文 Excel 用 CSV" ;;         en:gb) echo "CSV for Chinese Excel" ;;
	zh:header) echo "编码,名称" ;;             en:header) echo "Code,Name" ;;
	zh:setup) echo "大区把区域" ;;             en:setup) echo "Regions group" ;;
	zh:rows) echo "行" ;;                      en:rows) echo "rows/s" ;;
	zh:stopped) echo "已中断" ;;               en:stopped) echo "Interrupted" ;;
	zh:scored) echo "评分 " ;;                 en:scored) echo "distributors scored" ;;
	zh:scoreheader) echo "名次,评级,得分,未排名原因,得分变化" ;; en:scoreheader) echo "Rank,Grade,Score,Why not ranked,Change in score" ;;
	zh:rebate) echo "预计返利" ;;              en:rebate) echo "Estimated rebate" ;;
	zh:parthead) echo "评分项" ;;              en:parthead) echo "Part" ;;
	zh:bottom) echo "末位 10 名" ;;            en:bottom) echo "the bottom 10" ;;
	zh:exporthelp) echo "导出显示的内容" ;;    en:exporthelp) echo "export what is shown" ;;
	zh:extformat) echo "文件名以 .json 结尾" ;; en:extformat) echo "The name ends in .json" ;;
	zh:workbook) echo "不是工作簿" ;;          en:workbook) echo "not workbooks" ;;
	esac
}

env QUDAO_TODAY=2026-11-27 "$QUDAO" demo --db "$T/d.db" >/dev/null || exit 1

for run in "zh zh_CN.UTF-8 80 24" "en en_US.UTF-8 120 40"; do
	set -- $run
	L=$1 LOC=$2 W=$3 H=$4
	S="x$L"
	# (Started in $T: a file name typed alone is written there.)
	(cd "$T" && start "$S" "$W" "$H" "$LOC" --db "$T/d.db")
	expect_screen "$S" "$(msg count)" "$L: the list"
	keys "$S" /
	type_text "$S" "gz"
	keys "$S" Enter
	expect_screen "$S" "18 $(msg count)" "$L: searched (广州 and 贵州: gz where syllables begin)"
	keys "$S" x
	expect_screen "$S" "$(msg form)" "$L: the export form"
	# Named for the search (it was the whole list's "distributors-…").
	expect_screen "$S" "distributors-gz-2026-11-27.csv" "$L: the file named with the search"
	keys "$S" C-u
	type_text "$S" "$T/$L-list.csv"
	keys "$S" Enter
	expect_screen "$S" "$(msg done)18" "$L: exported the 18 rows the search shows"
	check "$L: 18 rows and a header in the file" test "$(wc -l <"$T/$L-list.csv")" -eq 19
	check "$L: a BOM for Excel" sh -c "head -c 3 '$T/$L-list.csv' | od -An -tx1 | grep -q 'ef bb bf'"
	check "$L: the headers as the table words them" grep -q "$(msg header)" "$T/$L-list.csv"
	check "$L: only what the search shows" sh -c "! grep -q '^AH-' '$T/$L-list.csv'"
	check "$L: no 杭州 (han-g-z-hou) among them" sh -c "! grep -q '杭州' '$T/$L-list.csv'"
	# Values, not what the screen draws: a last visit is its date, not
	# "11-13 14d"; flags in words, not letters.
	check "$L: the last visit as a date" grep -q -E ',20[0-9]{2}-[0-9]{2}-[0-9]{2},' "$T/$L-list.csv"
	check "$L: no visit's age in days" sh -c "! grep -q -E '[0-9]{2}-[0-9]{2} [0-9]+(d|天)' '$T/$L-list.csv'"

	# The same name again: asked first; then GB18030.
	keys "$S" x
	expect_screen "$S" "$(msg form)" "$L: the export form again"
	keys "$S" C-u
	type_text "$S" "$T/$L-list.csv"
	keys "$S" Tab
	keys "$S" Right
	expect_screen "$S" "$(msg gb)" "$L: GB18030 chosen"
	keys "$S" Enter
	expect_screen "$S" "$(msg exists)" "$L: asked before replacing"
	keys "$S" y
	expect_screen "$S" "$(msg done)18" "$L: replaced"
	check "$L: the file is GB18030 now" sh -c "iconv -f GB18030 -t UTF-8 '$T/$L-list.csv' | grep -q '广州'"
	check "$L: without a BOM" sh -c "! head -c 3 '$T/$L-list.csv' | od -An -tx1 | grep -q 'ef bb bf'"
	# Tab-separated for Excel says it has a BOM, as it has.
	keys "$S" x
	expect_screen "$S" "$(msg form)" "$L: the export form a third time"
	keys "$S" C-u
	type_text "$S" "$T/$L-list.tsv"
	keys "$S" Tab Right Right Right
	expect_screen "$S" "$(msg tsv)" "$L: tab-separated for Excel, with a BOM"
	keys "$S" Enter
	expect_screen "$S" "$(msg done)18" "$L: exported as tab-separated"
	check "$L: the TSV has its BOM" sh -c "head -c 3 '$T/$L-list.tsv' | od -An -tx1 | grep -q 'ef bb bf'"
	check "$L: the TSV has tabs" sh -c "head -1 '$T/$L-list.tsv' | grep -q '	'"
	# A name that says another format than the one chosen: said, nothing
	# written (x.json got CSV without a word); the format it says, written.
	keys "$S" x
	expect_screen "$S" "$(msg form)" "$L: the export form for JSON"
	keys "$S" C-u
	type_text "$S" "$T/$L-list.json"
	keys "$S" Enter
	expect_screen "$S" "$(msg extformat)" "$L: a .json name with CSV chosen is said"
	check "$L: nothing written under the .json name" test ! -e "$T/$L-list.json"
	keys "$S" Tab Right Right Right Right
	keys "$S" Enter
	expect_screen "$S" "$(msg done)18" "$L: exported as JSON"
	check "$L: the .json file is JSON" sh -c "head -c 1 '$T/$L-list.json' | grep -q '\['"
	keys "$S" x
	keys "$S" C-u
	type_text "$S" "$T/$L-list.xlsx"
	keys "$S" Enter
	expect_screen "$S" "$(msg workbook)" "$L: a workbook's name is said"
	check "$L: nothing written under the .xlsx name" test ! -e "$T/$L-list.xlsx"
	keys "$S" Escape

	# A distributor's section (its orders), as the list: x in the detail,
	# which its help names.
	keys "$S" Enter
	keys "$S" Right Right
	keys "$S" '?'
	expect_screen "$S" "$(msg exporthelp)" "$L: the detail's help names x"
	keys "$S" Escape
	keys "$S" x
	expect_screen "$S" "$(msg form)" "$L: the detail's export form"
	expect_screen "$S" "-orders-2026-11-27.csv" "$L: a file named after the code and the section"
	keys "$S" C-u
	type_text "$S" "$T/$L-orders.csv"
	keys "$S" Enter
	expect_screen "$S" "$(msg done)" "$L: the orders exported"
	check "$L: the orders file has rows" test "$(wc -l <"$T/$L-orders.csv")" -gt 1
	check "$L: the orders' totals in plain yuan" grep -qE ',[0-9]+\.[0-9]{2},' "$T/$L-orders.csv"
	check "$L: no ¥ in the orders file" sh -c "! grep -q '¥' '$T/$L-orders.csv'"
	keys "$S" Escape

	# A Setup section: its rows, all of them.
	keys "$S" 5
	expect_screen "$S" "$(msg setup)" "$L: Setup"
	keys "$S" x
	expect_screen "$S" "$(msg form)" "$L: Setup's export form"
	keys "$S" C-u
	type_text "$S" "$T/$L-regions.csv"
	keys "$S" Enter
	expect_screen "$S" "$(msg done)4" "$L: the four regions exported"
	check "$L: regions file" test "$(wc -l <"$T/$L-regions.csv")" -eq 5
	# A name typed alone goes into the folder qudao was started from: the
	# message says which (it said the name alone).
	keys "$S" x
	expect_screen "$S" "$(msg form)" "$L: Setup's export form again"
	keys "$S" C-u
	type_text "$S" "bare-$L.csv"
	keys "$S" Enter
	expect_screen "$S" "$T/bare-$L.csv" "$L: the message names the whole path"
	check "$L: the file is where it says" test -s "$T/bare-$L.csv"
	# And the question to replace it names it whole too.
	keys "$S" x
	expect_screen "$S" "$(msg form)" "$L: Setup's export form once more"
	keys "$S" C-u
	type_text "$S" "bare-$L.csv"
	keys "$S" Enter
	expect_screen "$S" "$T/bare-$L.csv $(msg exists)" "$L: the question names the whole path"
	keys "$S" y
	# Searched, the file is named after the search, as the list's is
	# (it was "regions-2026-11-27.csv", the whole table's name).
	keys "$S" /
	type_text "$S" "E"
	keys "$S" Enter x
	expect_screen "$S" "regions-E-2026-11-27.csv" "$L: a searched section's file named after the search"
	keys "$S" Escape / C-u Enter
	# The products: prices in plain yuan, not "¥29.76" as drawn.
	keys "$S" Right Right Right
	keys "$S" x
	expect_screen "$S" "$(msg form)" "$L: the products' export form"
	keys "$S" C-u
	type_text "$S" "$T/$L-products.csv"
	keys "$S" Enter
	expect_screen "$S" "$(msg done)25" "$L: the products exported"
	check "$L: no ¥ in the products file" sh -c "! grep -q '¥' '$T/$L-products.csv'"
	check "$L: the prices in plain yuan" grep -q ',29.76,31.68,33.60,35.52,48.00,' "$T/$L-products.csv"
	# The score settings: each weight, incident's points and grade's
	# lowest score a column of its own (the weights were one cell, "30 20
	# 10 …").
	keys "$S" Right Right
	keys "$S" x
	expect_screen "$S" "$(msg form)" "$L: the score settings' export form"
	keys "$S" C-u
	type_text "$S" "$T/$L-scoring.csv"
	keys "$S" Enter
	expect_screen "$S" "$(msg done)1" "$L: the built-in settings exported"
	check "$L: a weight a column" grep -q ',30,20,10,10,10,5,10,5,30,20,25,5,10,10,85,70,55,' "$T/$L-scoring.csv"
	keys "$S" Left Left Left Left Left

	# The scorecards: the ranking as searched, then the bottom list.
	keys "$S" 4
	expect_screen "$S" "$(msg scored)" "$L: the scorecards"
	keys "$S" /
	type_text "$S" "gz"
	keys "$S" Enter
	keys "$S" x
	expect_screen "$S" "$(msg form)" "$L: the scorecards' export form"
	expect_screen "$S" "scorecards-2026-Q4-gz-2026-11-27.csv" "$L: the file named with the period and the search"
	keys "$S" C-u
	type_text "$S" "$T/$L-scores.csv"
	keys "$S" Enter
	expect_screen "$S" "$(msg done)" "$L: the scorecards exported"
	check "$L: the scores file has rows" test "$(wc -l <"$T/$L-scores.csv")" -gt 1
	check "$L: the scores' headers" grep -q "$(msg scoreheader)" "$T/$L-scores.csv"
	check "$L: only what the search shows" sh -c "! grep -q 'AH-' '$T/$L-scores.csv'"
	check "$L: with the rebate" grep -q "$(msg rebate)" "$T/$L-scores.csv"
	# Numbers as a file wants them: no ▲▼ or sparkline glyphs, no ¥ or 万.
	check "$L: no glyphs in the scores file" sh -c "! grep -q '▲\|▼\|▁\|█\|¥\|万' '$T/$L-scores.csv'"
	check "$L: the rebates in plain yuan" grep -q -E ',[0-9]+\.[0-9]{2}.?$' "$T/$L-scores.csv"
	check "$L: a fall is a negative number, not guarded text" sh -c "! grep -q \",'-[0-9]\" '$T/$L-scores.csv'"
	# A trend with periods not scored is not taken for a formula (it began
	# "- - -", which the writer guarded with a quote); flags in words.
	check "$L: no trend guarded as a formula" sh -c "! grep -q \",'- \" '$T/$L-scores.csv'"
	check "$L: the flags in words" grep -q "$(msg payflag)" "$T/$L-scores.csv"
	# As JSON: the report's keys in any language, numbers as numbers.
	keys "$S" x
	expect_screen "$S" "$(msg form)" "$L: the scorecards' export form again"
	export_as_json "$S" "$T/$L-scores.csv" "$L: the scorecards"
	expect_screen "$S" "$(msg done)" "$L: the scorecards exported as JSON"
	check "$L: the JSON's keys and numbers" python3 -c 'import json, sys
rows = json.load(open(sys.argv[1]))
assert rows, "no rows"
r = rows[0]
assert list(r)[:3] == ["rank", "grade", "score"] and "rebate" in r and "code" in r, list(r)
assert isinstance(r["rank"], int) and isinstance(r["score"], float), r
assert all(isinstance(x["rebate"], (int, float)) for x in rows if x["rebate"] is not None), r
assert all(x["sales"] is None or isinstance(x["sales"], float) for x in rows), r
assert all(x["score"] is None or isinstance(x["score"], float) for x in rows), r
assert all(x["grade"] is None or x["grade"] in "ABCD" and x["grade"] for x in rows), r
assert "trend" not in r, r
# Why a row has no rank, beside its score (a grade without a rank, or a row
# without anything, did not say why).
import re
assert list(r)[3] == "not_ranked", list(r)
assert all((x["rank"] is None) == isinstance(x["not_ranked"], str) for x in rows), r
assert all(x["not_ranked"] is None or re.fullmatch(r"[a-z_]+", x["not_ranked"]) for x in rows), r
# Flags as keys in any language (they were the words shown: "久未拜访；协议将到期").
assert any(x["flags"] for x in rows), r
assert all(x["flags"] is None or re.fullmatch(r"[a-z_]+(; [a-z_]+)*", x["flags"]) for x in rows), [x["flags"] for x in rows]
# The trend a number a period, oldest first, null when not scored then (it
# was one text cell); the last is the score shown.
keys = ["score_5_before", "score_4_before", "score_3_before", "score_2_before",
        "score_1_before", "score_now"]
assert all(all(x[k] is None or isinstance(x[k], float) for k in keys) for x in rows), r
assert all(x["score_now"] == x["score"] for x in rows if x["score"] is not None), r
assert any(x["score_5_before"] is None for x in rows) and any(isinstance(x["score_4_before"], float) for x in rows), r' "$T/$L-scores.json"
	# The groups: the grades as counts, not the bar drawn.
	keys "$S" Escape g
	keys "$S" x
	expect_screen "$S" "$(msg form)" "$L: the groups' export form"
	keys "$S" C-u
	type_text "$S" "$T/$L-groups.csv"
	keys "$S" Enter
	expect_screen "$S" "$(msg done)4" "$L: the four regions' groups exported"
	# A column a grade, each a number (they were one cell, "10/12/4/2").
	check "$L: the grades counted, a column each" python3 -c 'import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig")))
head = rows[0]
at = [i for i, h in enumerate(head) if h.strip() in ("Grade A count", "A 级家数")]
assert at, head
a = at[0]
assert len(rows) == 5, rows
for r in rows[1:]:
    counts = [int(v) for v in r[a:a + 4]]
    assert sum(counts) == int(r[1]), (r, counts)' "$T/$L-groups.csv"
	check "$L: no bar in the file" sh -c "! grep -qE '[A-D]{10}' '$T/$L-groups.csv'"
	keys "$S" g g g
	expect_screen "$S" "$(msg scored)" "$L: back to the ranking"
	keys "$S" b
	expect_screen "$S" "$(msg bottom)" "$L: the bottom list"
	keys "$S" x
	expect_screen "$S" "$(msg form)" "$L: the bottom list's export form"
	keys "$S" C-u
	type_text "$S" "$T/$L-bottom.csv"
	keys "$S" Enter
	# The bottom 10 and every one tied with the 10th: as many as listed.
	expect_screen "$S" "$(msg done)" "$L: the bottom list exported"
	check "$L: at least the bottom 10 exported" test "$(wc -l <"$T/$L-bottom.csv")" -ge 11
	# What each part cost, a number a column (the reasons were one cell of
	# words, "Sales 18.0 (−30.0) · …"), with its minus as the explanation
	# writes it; they add up to what the score lost.
	check "$L: the bottom list's costs a column each" python3 -c 'import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig")))
assert all(len(r) == 13 for r in rows), [len(r) for r in rows]
for r in rows[1:]:
    assert all(v == "" or float(v) <= 0 for v in r[5:]), r
    assert abs(float(r[2]) - sum(float(v) for v in r[5:] if v) - 100) < 0.5, r
assert any(v == "" for r in rows[1:] for v in r[5:]), "no part not measured left empty"
assert rows[0][:3] in (["Rank", "Grade", "Score"], ["名次", "评级", "得分"]), rows[0]' "$T/$L-bottom.csv"
	# The explanation: x exports the section shown (it said how to run the
	# report instead), numbers as numbers.
	# (The second: the first is at 100 on every part it is measured on,
	# and costs nothing.)
	keys "$S" Escape Down Enter
	expect_screen "$S" "$(msg parthead)" "$L: an explanation"
	keys "$S" x
	expect_screen "$S" "-2026-Q4-score-2026-11-27.csv" "$L: the explanation's export named for its section"
	keys "$S" C-u
	type_text "$S" "$T/$L-explain.csv"
	keys "$S" Enter
	expect_screen "$S" "$(msg done)8" "$L: the eight parts exported"
	check "$L: a weight as a number, a cost with an ASCII minus" grep -qE ',[0-9]+\.[0-9],[0-9]+\.[0-9],-[0-9]+\.[0-9],' "$T/$L-explain.csv"
	keys "$S" Right x
	expect_screen "$S" "-2026-Q4-sales-2026-11-27.csv" "$L: the sales rows' export named so"
	# Its 45 characters whole, at 80 columns too (a box of 44 hid the
	# first letter behind the cursor).
	eventually "$L: the whole name seen, its first letter too" sh -c \
		"tmux -L '$SOCK' capture-pane -t '$S' -p | grep -qE ' explain-[A-Z]{2}-[0-9]{4}-2026-Q4-sales-2026-11-27\.csv'"
	keys "$S" C-u
	type_text "$S" "$T/$L-explain-sales.csv"
	keys "$S" Enter
	expect_screen "$S" "$(msg done)" "$L: the sales rows exported"
	check "$L: their amounts in plain yuan" grep -qE '^20[0-9-]+,[^,]+,[0-9]+\.[0-9]{2},' "$T/$L-explain-sales.csv"
	# As JSON, the parts named by the report's keys in any language (they
	# were the words shown).
	keys "$S" Left x
	expect_screen "$S" "-2026-Q4-score-2026-11-27.csv" "$L: the explanation's export again"
	export_as_json "$S" "$T/$L-explain.csv" "$L: the explanation"
	expect_screen "$S" "$(msg done)8" "$L: the eight parts as JSON"
	check "$L: the parts by their keys" python3 -c 'import json, sys
rows = json.load(open(sys.argv[1]))
parts = [r[list(r)[0]] for r in rows]
assert parts == ["sales", "collection", "price", "territory", "visits", "inventory", "service", "training"], rows' "$T/$L-explain.json"
	keys "$S" q
done

# An import on a terminal: a progress bar, and Ctrl-C rolls it back.
awk 'BEGIN { print "order_no,distributor,order_date,product,quantity,unit_price";
	for (i = 1; i <= 400000; i++) printf "E2E-%07d,AH-0001,2026-11-01,BV-001,1,10\n", i }' >"$T/big.csv"
for run in "zh zh_CN.UTF-8" "en en_US.UTF-8"; do
	set -- $run
	L=$1 LOC=$2
	tm kill-session -t "i$L" 2>/dev/null
	tm new-session -d -s "i$L" -x 100 -y 10 "env LANG=$LOC LC_ALL= LANGUAGE= QUDAO_TODAY=2026-11-27 \
		$QUDAO import orders $T/big.csv --db $T/d.db; echo \"[exited \$?]\"; sleep 600"
	expect_screen "i$L" "$(msg rows)" "$L: the progress shows rows" 10
	keys "i$L" C-c
	expect_screen "i$L" "$(msg stopped)" "$L: interrupted" 10
	expect_screen "i$L" "[exited 130]" "$L: exit 130 (as a shell says Ctrl-C) after Ctrl-C"
done
check "nothing of the interrupted imports is there" \
	test "$(sql "$T/d.db" "SELECT count(*) FROM orders WHERE order_no LIKE 'E2E-%'")" = 0

# At 80 columns in English the export form's bar says how to change the
# format (it dropped that for Tab's, which comes last now).
start narrowx 80 24 en_US.UTF-8 --db "$T/d.db"
expect_screen narrowx "distributors" "en 80: the list"
keys narrowx x
expect_bar narrowx "Left/Right, Space change the format" "en 80: the form's bar says how to change the format"
keys narrowx Escape
# A search that finds nothing: x says so (a file of the header alone was
# written).
keys narrowx /
type_text narrowx "zzzqq"
keys narrowx Enter x
expect_screen narrowx "Nothing to export: the table shows no rows" "en 80: x on an empty table says so"
check "en 80: no export form for an empty table" sh -c "! tmux -L '$SOCK' capture-pane -t narrowx -p | grep -q 'Export what the table shows'"
keys narrowx q

finish
