/* What the territory map hands its panel and the panel its action forms. */
#ifndef QUDAO_UI_SCREEN_TERRITORY_H
#define QUDAO_UI_SCREEN_TERRITORY_H

#include <stdint.h>

#include "qudao/date.h"

/* The panel of a territory, for a period. */
struct territory_panel_arg {
	int64_t territory_id;
	qd_period period;
};

/* The map's actions that take a form. */
enum map_action_kind { MAP_ACTION_GRANT, MAP_ACTION_ASSIGN, MAP_ACTION_MOVE };

struct map_action_arg {
	enum map_action_kind kind;
	int64_t territory_id;
};

#endif
