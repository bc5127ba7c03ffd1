/* Locale and message catalogue set-up. The language is decided once, here, so
 * that translations and number formats always agree. */
#include "qudao/i18n.h"

#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "config.h"

static qd_lang i18n_current = LANG_EN;

int i18n_parse_lang(const char *s, qd_lang *out)
{
	if (!s || !*s)
		return -1;
	if (!strncmp(s, "zh", 2) && (s[2] == '\0' || s[2] == '_' || s[2] == '-' || s[2] == '.')) {
		*out = LANG_ZH;
		return 0;
	}
	if (!strncmp(s, "en", 2) && (s[2] == '\0' || s[2] == '_' || s[2] == '-' || s[2] == '.')) {
		*out = LANG_EN;
		return 0;
	}
	if (!strcmp(s, "C") || !strcmp(s, "POSIX") || !strncmp(s, "C.", 2)) {
		*out = LANG_EN;
		return 0;
	}
	return -1;
}

/* The language the environment asks for, the way gettext reads it. */
static qd_lang i18n_from_env(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
	qd_lang lang = LANG_EN;
	const char *language = getenv("LANGUAGE");
	for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
		const char *v = getenv(vars[i]);
		if (v && *v) {
			if (i18n_parse_lang(v, &lang))
				lang = LANG_EN;
			/* LANGUAGE counts only when the locale is not C. */
			if (language && *language && strcmp(v, "C") && strcmp(v, "POSIX"))
				i18n_parse_lang(language, &lang);
			return lang;
		}
	}
	return lang;
}

static const char *i18n_localedir(void)
{
	const char *env = getenv("QUDAO_LOCALEDIR");
	if (env && *env)
		return env;
	if (access(QUDAO_LOCALEDIR "/zh_CN/LC_MESSAGES/qudao.mo", R_OK) == 0)
		return QUDAO_LOCALEDIR;
	return QUDAO_BUILD_LOCALEDIR;
}

int i18n_init(const char *override, const char *config)
{
	int rc = 0;
	setlocale(LC_ALL, "");
	/* The interface needs UTF-8 whatever the locale says. */
	if (strcmp(nl_langinfo(CODESET), "UTF-8"))
		setlocale(LC_CTYPE, "C.UTF-8");

	qd_lang lang = i18n_from_env();
	if (config && i18n_parse_lang(config, &lang))
		lang = i18n_from_env();
	if (override && i18n_parse_lang(override, &lang))
		rc = -1;
	i18n_current = lang;

	/* gettext ignores LANGUAGE under the C locale, so give it one. */
	const char *msgs = setlocale(LC_MESSAGES, NULL);
	if (lang == LANG_ZH && (!msgs || !strcmp(msgs, "C") || !strcmp(msgs, "POSIX")))
		setlocale(LC_MESSAGES, "C.UTF-8");
	setenv("LANGUAGE", lang == LANG_ZH ? "zh_CN" : "en", 1);

	bindtextdomain("qudao", i18n_localedir());
	bind_textdomain_codeset("qudao", "UTF-8");
	textdomain("qudao");
	return rc;
}

qd_lang i18n_lang(void)
{
	return i18n_current;
}

/* The gettext manual's way of changing the language at run time: LANGUAGE
 * switched for the one lookup, and gettext's cache of what it has found
 * (kept by the LC_MESSAGES locale, not by LANGUAGE) emptied before and after
 * it, by textdomain(), so that neither language's answers leak into the
 * other's. Under the C locale gettext ignores LANGUAGE, so LC_MESSAGES is
 * given one for the lookup. The answers are kept here by msgid (the
 * program's own static strings). Not thread-safe (setenv, setlocale): it
 * must not run while the scorecards' second thread reads a board (which
 * calls gettext and i18n_lang(); db/scoring.c), nor may the language be
 * switched then. Nothing does: the threads live inside db_scoring_board()
 * and db_scoring_history_step() (and so db_scoring_change()), each joined
 * before it returns. */
const char *i18n_zh(const char *msgid)
{
	enum { SLOTS = 512 };
	static const char *keys[SLOTS], *vals[SLOTS];
	if (!msgid || !*msgid)
		return msgid;
	if (i18n_current == LANG_ZH)
		return gettext(msgid);
	size_t h = ((uintptr_t)msgid >> 3) % SLOTS;
	for (size_t n = 0; n < SLOTS && keys[h]; n++, h = (h + 1) % SLOTS)
		if (keys[h] == msgid)
			return vals[h];
	const char *language = getenv("LANGUAGE");
	char *was_language = language ? strdup(language) : NULL;
	const char *msgs = setlocale(LC_MESSAGES, NULL);
	char *was_msgs = msgs ? strdup(msgs) : NULL;
	if (!msgs || !strcmp(msgs, "C") || !strcmp(msgs, "POSIX"))
		setlocale(LC_MESSAGES, "C.UTF-8");
	setenv("LANGUAGE", "zh_CN", 1);
	textdomain(textdomain(NULL));
	const char *zh = gettext(msgid);
	if (was_language)
		setenv("LANGUAGE", was_language, 1);
	else
		unsetenv("LANGUAGE");
	if (was_msgs)
		setlocale(LC_MESSAGES, was_msgs);
	textdomain(textdomain(NULL));
	free(was_language);
	free(was_msgs);
	if (!keys[h]) {
		keys[h] = msgid;
		vals[h] = zh;
	}
	return zh;
}

int i18n_names(const char *s, const char *msgid)
{
	if (!s || !*s || !msgid)
		return 0;
	return !strcasecmp(s, msgid) || !strcmp(s, gettext(msgid)) || !strcmp(s, i18n_zh(msgid));
}

const char *i18n_gettext(const char *msgid)
{
	const char *t = gettext(msgid);
	if (t != msgid)
		return t;
	const char *context_end = strchr(msgid, '\004');
	return context_end ? context_end + 1 : msgid;
}
