/* What the list hands the filter screen: the filter to edit, and what the
 * filter screen hands back. */
#ifndef QUDAO_UI_SCREEN_LIST_H
#define QUDAO_UI_SCREEN_LIST_H

#include <stdbool.h>

#include "qudao/distributor.h"

struct list_filter_req {
	struct dist_filter filter;
	char territory_code[40], owner_code[40];
	char territory_name[208], owner_name[208];
	char description[512]; /* the active filters in words, "" for none */
	bool applied;	       /* set by the filter screen when it applied */
};

#endif
