/* The screens later issues build (territory map, visit calendar):
 * until then each says plainly that it is not available yet. */
#include <stdio.h>
#include <stdlib.h>

#include "qudao/i18n.h"
#include "qudao/text.h"
#include "ui.h"

/* These screens keep no state; enter hands back a token that is not NULL. */
static char soon_state;

static void *soon_enter(struct ui *ui, void *arg)
{
	(void)ui;
	(void)arg;
	return &soon_state;
}

static void soon_leave(void *state)
{
	(void)state;
}

static void soon_draw_named(const char *name, int top, int height, int width)
{
	char line[256];
	snprintf(line, sizeof line, _("%s is not yet available in this version."), _(name));
	int w = text_width(line);
	if (w > width)
		w = width;
	ui_text(top + height / 2 - 1, (width - w) / 2, w, line, A_BOLD, false);
	const char *hint = _("Press 1 for the distributor list.");
	int hw = text_width(hint);
	if (hw > width)
		hw = width;
	ui_text(top + height / 2 + 1, (width - hw) / 2, hw, hint, ui_attr(UI_DIM), false);
}

static int soon_key(void *state, struct ui *ui, struct ui_key k)
{
	(void)state;
	(void)ui;
	(void)k;
	return UI_UNHANDLED;
}

#define SOON_SCREEN(var, title)                                                            \
	static void var##_draw(void *state, struct ui *ui, int top, int height, int width) \
	{                                                                                  \
		(void)state;                                                               \
		(void)ui;                                                                  \
		soon_draw_named(title, top, height, width);                                \
	}                                                                                  \
	const struct screen var = {                                                        \
		.name = title,                                                             \
		.enter = soon_enter,                                                       \
		.leave = soon_leave,                                                       \
		.draw = var##_draw,                                                        \
		.key = soon_key,                                                           \
	}

SOON_SCREEN(screen_map, N_("Territory map"));
SOON_SCREEN(screen_calendar, N_("Visit calendar"));
