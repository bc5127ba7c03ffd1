/* Locale and message catalogue set-up. The language is decided once, here, so
 * that translations and number formats always agree. */
#include "qudao/i18n.h"

#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
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
