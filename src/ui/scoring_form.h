/* What the Setup tab's Scoring section hands the form of a version of the
 * score settings. */
#ifndef QUDAO_UI_SCORING_FORM_H
#define QUDAO_UI_SCORING_FORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "qudao/scorecard.h"
#include "ui.h"

struct scoring_form_req {
	struct score_settings base; /* id 0: a new version */
	int64_t *saved;		    /* gets the id of the version saved */
};

extern const struct screen screen_scoring_form;

/* What the version `self` (0: one not saved yet) applying from the month
 * from_text governs among the others stored, in whole sentences ("They
 * apply to the months from 2026-10, ..."), and with kept, the quarter and
 * year under way in that month, which keep the settings they began with. */
void scoring_settings_reach(struct ui *ui, int64_t self, const char *from_text, bool kept,
			    char *out, size_t size);

#endif
