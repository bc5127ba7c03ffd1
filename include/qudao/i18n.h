/* Language: gettext set-up, the user's language (zh or en) and the macros
 * every translatable string goes through. */
#ifndef QUDAO_I18N_H
#define QUDAO_I18N_H

#include <libintl.h>

#define _(s)  i18n_gettext(s)
#define N_(s) (s)
/* s in a context ctx, for a word two places translate differently ("!" is
 * a problem on the map, an open incident among a scorecard's flags):
 * translated at once (C_), or marked for _() later (NC_). xgettext takes
 * both (the glib preset: C_:1c,2 and NC_:1c,2). */
#define C_(ctx, s)  i18n_gettext(ctx "\004" s)
#define NC_(ctx, s) ctx "\004" s

typedef enum { LANG_EN, LANG_ZH } qd_lang;

/* Sets the locale from the environment, binds the message catalogue and picks
 * the language: `override` ("zh", "en", or NULL) wins over the config value
 * `config` (same values or NULL), which wins over LC_ALL/LC_MESSAGES/LANG.
 * Returns -1 when an override names no known language (the caller reports it). */
int i18n_init(const char *override, const char *config);
qd_lang i18n_lang(void);
/* msgid as the Chinese catalogue has it, whatever the interface's language
 * (a file from Chinese Excel names statuses and types in Chinese on an
 * English laptop too); msgid itself when the catalogue has no translation.
 * The pointer stays valid. Not thread-safe: it switches the language of
 * the process for the lookup. */
const char *i18n_zh(const char *msgid);
/* Whether s names msgid: the English word (any case), or its translation in
 * the interface's language or in Chinese. */
int i18n_names(const char *s, const char *msgid);
/* gettext(msgid); without a translation, msgid less its context (NC_). */
const char *i18n_gettext(const char *msgid) __attribute__((format_arg(1)));
/* Parses "zh", "zh_CN", "en", ... Returns 0 or -1. */
int i18n_parse_lang(const char *s, qd_lang *out);

#endif
