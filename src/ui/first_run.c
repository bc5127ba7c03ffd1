/* The first-run screen: no database yet, so offer the demo data, an empty
 * database, or quitting. */
#include <stdio.h>
#include <stdlib.h>

#include "qudao/i18n.h"
#include "qudao/text.h"
#include "ui.h"

qd_first_run ui_first_run(const char *path)
{
	SCREEN *term = ui_terminal_start();
	if (!term)
		return FIRST_RUN_NO_TERMINAL;
	curs_set(0);
	/* A paste here is nobody's answer: its keys go nowhere. */
	const char *paste_off = ui_paste_marks_on();
	bool pasting = false, refused = false;
	static const char *const options[] = {
		N_("1  Open the demo data (a realistic company to try things on)"),
		N_("2  Start an empty database"),
		N_("q  Quit"),
	};
	int choice = 0;
	qd_first_run result = FIRST_RUN_QUIT;
	for (;;) {
		erase();
		int w = COLS - 4;
		ui_text(1, 2, w, _("Welcome to qudao (渠道)"), ui_attr(UI_TITLE), false);
		char line[1200];
		snprintf(line, sizeof line, _("There is no database at %s yet."), path);
		ui_text(3, 2, w, line, A_NORMAL, false);
		for (int i = 0; i < 3; i++)
			ui_text(5 + i, 2, w, _(options[i]),
				i == choice ? ui_attr(UI_SELECTED) : A_NORMAL, false);
		ui_text(9, 2, w, _("Up/Down and Enter, or press 1, 2 or q."), ui_attr(UI_DIM),
			false);
		if (refused)
			ui_text(10, 2, w, _("The paste was not taken: press 1, 2 or q."),
				ui_attr(UI_WARNING), false);
		wnoutrefresh(stdscr);
		doupdate();
		wint_t ch;
		int rc = wget_wch(stdscr, &ch);
		if (rc == ERR)
			continue;
		if (rc == KEY_CODE_YES && (ch == UI_KEY_PASTE_START || ch == UI_KEY_PASTE_END)) {
			pasting = ch == UI_KEY_PASTE_START;
			refused |= pasting;
			continue;
		}
		if (pasting)
			continue;
		refused = false;
		if (rc == KEY_CODE_YES) {
			if (ch == KEY_UP)
				choice = (choice + 2) % 3;
			else if (ch == KEY_DOWN)
				choice = (choice + 1) % 3;
			else if (ch == KEY_ENTER)
				break;
			continue;
		}
		if (ch == '1' || ch == '2') {
			choice = (int)(ch - '1');
			break;
		}
		/* A sequence the terminal's keys are not known to make (Ctrl-Enter
		 * in some) is not Esc: nothing. */
		if (ch == UI_KEY_ESC && ui_escape_sequence())
			continue;
		if (ch == 'q' || ch == UI_KEY_ESC || ch == UI_KEY_CTRL_C) {
			choice = 2;
			break;
		}
		if (ch == '\n' || ch == '\r')
			break;
	}
	result = choice == 0 ? FIRST_RUN_DEMO : choice == 1 ? FIRST_RUN_EMPTY : FIRST_RUN_QUIT;
	if (paste_off) {
		putp(paste_off);
		fflush(stdout);
	}
	endwin();
	delscreen(term);
	return result;
}
