/* What the Setup tab hands its record form: which record, and where the
 * form says which one it saved, so the tab can select it. */
#ifndef QUDAO_UI_SCREEN_SETUP_H
#define QUDAO_UI_SCREEN_SETUP_H

#include <stdint.h>

#include "qudao/setup.h"

struct setup_form_req {
	qd_setup_kind kind;
	int64_t id;	   /* 0 for a new one */
	int64_t parent_id; /* a new territory: put under this one first (0 for none) */
	int64_t *saved;	   /* gets the id of the record saved */
};

#endif
