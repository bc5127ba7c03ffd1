/* What the Setup tab's Rebates section hands the form of a rebate rule. */
#ifndef QUDAO_UI_REBATE_FORM_H
#define QUDAO_UI_REBATE_FORM_H

#include <stdint.h>

#include "qudao/scorecard.h"
#include "ui.h"

struct rebate_form_req {
	struct rebate_rule_rec base; /* id 0: a new rule */
	int64_t *saved;		     /* gets the id of the rule saved */
};

extern const struct screen screen_rebate_form;

#endif
