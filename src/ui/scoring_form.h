/* What the Setup tab's Scoring section hands the form of a version of the
 * score settings. */
#ifndef QUDAO_UI_SCORING_FORM_H
#define QUDAO_UI_SCORING_FORM_H

#include <stdint.h>

#include "qudao/scorecard.h"
#include "ui.h"

struct scoring_form_req {
	struct score_settings base; /* id 0: a new version */
	int64_t *saved;		    /* gets the id of the version saved */
};

extern const struct screen screen_scoring_form;

#endif
