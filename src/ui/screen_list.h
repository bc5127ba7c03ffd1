/* What the list hands the filter screen: the filter to edit, and what the
 * filter screen hands back. */
#ifndef QUDAO_UI_SCREEN_LIST_H
#define QUDAO_UI_SCREEN_LIST_H

#include <stdbool.h>

#include "qudao/distributor.h"
#include "ui.h"

struct list_filter_req {
	struct dist_filter filter;
	char territory_code[40], owner_code[40];
	char territory_name[208], owner_name[208];
	char description[512]; /* the active filters in words, "" for none */
	bool applied;	       /* set by the filter screen when it applied */
};

/* Opens the distributor list on top of the screen shown, filtered to
 * territory_id and the territories under it (named code and name in the
 * filter line); Esc comes back. */
void screen_list_open_territory(struct ui *ui, int64_t territory_id, const char *code,
				const char *name);

/* The flags of a distributor's row (V visit overdue, $ payment overdue, E
 * agreement expiring, X expired) in at most cells cells, and their colour. */
void screen_list_flags(const struct dist_row *r, int cells, char *buf, size_t size,
		       enum ui_color *color);

#endif
