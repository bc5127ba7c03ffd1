/* The Setup tab's record form: one form for a region, a territory, a rep or
 * a product, built from a table of fields per kind. Each field is checked
 * by core/refdata as typed, with the reason beside it; references (parent
 * territory, region, the territories a rep covers) are typed as codes with a
 * picker of matches; nothing is written until it all holds, and Esc asks
 * before discarding. When someone else saved the record meanwhile, their
 * version is loaded with your changes on top, and you save again. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qudao/i18n.h"
#include "qudao/labels.h"
#include "qudao/money.h"
#include "qudao/refdata.h"
#include "qudao/setup.h"
#include "qudao/text.h"
#include "qudao/xalloc.h"
#include "screen_setup.h"
#include "ui.h"

enum { SF_MAX = 12 };
/* A record's "name (code)". */
enum { SF_LABEL = REF_BUF(REF_PRODUCT_NAME_MAX) + 48 };

/* A field of a kind's form. */
struct sform_def {
	const char *label; /* N_() */
	qd_ref_field ref;
	enum form_kind kind;
	int max_chars;
	const char *hint; /* N_(), shown beside the field while it has no error */
	bool ascii;	  /* a code, a phone or a number (form_field's ascii) */
};

union sform_rec {
	struct region_rec region;
	struct territory_rec territory;
	struct rep_rec rep;
	struct product_rec product;
};

struct sform;

/* What differs between the kinds. */
struct sform_kind {
	const struct sform_def *defs;
	int n;
	const char *new_title, *edit_title; /* N_(); edit_title takes "name (code)" */
	/* Reads record id; a rep's covered territories as codes into *covers. */
	qd_rc (*load)(struct ui *ui, int64_t id, union sform_rec *out, char **covers);
	/* A field's value in r as the form shows it (choices as their codes);
	 * the caller frees it. */
	char *(*text)(const union sform_rec *r, const char *covers, qd_ref_field f);
	/* Checks the fields into s->rec, the reasons beside them; false when
	 * one is wrong (or the database failed, shown). */
	bool (*collect)(struct sform *s, struct ui *ui);
	qd_rc (*store)(struct sform *s, struct ui *ui);
	/* The record's "name (code)". */
	void (*label)(const union sform_rec *r, char *buf, size_t size);
};

struct sform {
	const struct sform_kind *k;
	qd_setup_kind kind;
	bool is_new;
	int64_t *saved;
	union sform_rec base; /* as loaded: what "changed" is measured against */
	union sform_rec rec;  /* what is saved */
	char *covers;	      /* a rep's territories as loaded */
	char *base_text[SF_MAX];
	int64_t *territory_ids; /* a rep's territories as typed */
	int nterritories;
	struct form_field fields[SF_MAX];
	struct ui_form form;
};

static const struct ui_help sform_help[] = {
	{ N_("Enter"), N_("save"), true },
	{ N_("Esc"), N_("cancel"), true },
	{ N_("Tab/Shift-Tab"), N_("next / previous field"), true },
	{ N_("Left/Right, Space"), N_("change a choice"), false },
	{ N_("Down, Enter"), N_("pick from the list of matches"), false },
	{ NULL, NULL, false },
};

/* ---- the fields of each kind ---- */

/* clang-format off */
static const struct sform_def region_defs[] = {
	/* TRANSLATORS: labels of the Setup forms. */
	{ N_("Code"), REF_FIELD_CODE, FORM_TEXT, REF_CODE_MAX, N_("letters, digits, - and _: S, EAST"), true },
	{ N_("Name"), REF_FIELD_NAME, FORM_TEXT, REF_NAME_MAX, N_("华南区, South"), false },
};

static const struct sform_def territory_defs[] = {
	{ N_("Code"), REF_FIELD_CODE, FORM_TEXT, REF_CODE_MAX, N_("letters, digits, - and _: GD-SZ"), true },
	{ N_("Name"), REF_FIELD_NAME, FORM_TEXT, REF_NAME_MAX, N_("深圳市"), false },
	{ N_("Level"), REF_FIELD_LEVEL, FORM_CHOICE, 0, NULL, false },
	{ N_("Parent territory"), REF_FIELD_PARENT, FORM_PICK, REF_CODE_MAX,
	  N_("code, name or pinyin; empty for a province"), false },
	{ N_("Region"), REF_FIELD_REGION, FORM_PICK, REF_CODE_MAX, N_("code or name; may be empty"), false },
	{ N_("Short name"), REF_FIELD_SHORT_NAME, FORM_TEXT, REF_SHORT_MAX,
	  N_("one or two characters, for the map: 深圳"), false },
	{ N_("English name"), REF_FIELD_NAME_EN, FORM_TEXT, REF_NAME_MAX, N_("may be empty"), false },
	{ N_("English short name"), REF_FIELD_SHORT_EN, FORM_TEXT, REF_SHORT_EN_MAX,
	  N_("up to four letters: Szhn"), false },
	{ N_("Grid row"), REF_FIELD_GRID_ROW, FORM_TEXT, 2, N_("0 to 63, the place on the map; may be empty"), true },
	{ N_("Grid column"), REF_FIELD_GRID_COL, FORM_TEXT, 2, N_("0 to 63"), true },
};

static const struct sform_def rep_defs[] = {
	{ N_("Code"), REF_FIELD_CODE, FORM_TEXT, REF_CODE_MAX, N_("letters, digits, - and _: R001"), true },
	{ N_("Name"), REF_FIELD_NAME, FORM_TEXT, REF_NAME_MAX, NULL, false },
	{ N_("Role"), REF_FIELD_ROLE, FORM_CHOICE, 0, NULL, false },
	{ N_("Region"), REF_FIELD_REGION, FORM_PICK, REF_CODE_MAX, N_("code or name; may be empty"), false },
	{ N_("Phone"), REF_FIELD_PHONE, FORM_TEXT, REF_PHONE_MAX, N_("may be empty"), true },
	{ N_("Territories covered"), REF_FIELD_TERRITORIES, FORM_PICK, 2000,
	  N_("codes separated by commas; type to pick"), false },
};

static const struct sform_def product_defs[] = {
	{ N_("SKU"), REF_FIELD_CODE, FORM_TEXT, REF_CODE_MAX, N_("letters, digits, - and _: BV-001"), true },
	{ N_("Name"), REF_FIELD_NAME, FORM_TEXT, REF_PRODUCT_NAME_MAX, NULL, false },
	{ N_("Category"), REF_FIELD_CATEGORY, FORM_TEXT, REF_CATEGORY_MAX, N_("饮料, beverages"), false },
	{ N_("Unit"), REF_FIELD_UNIT, FORM_TEXT, REF_UNIT_MAX, N_("箱, case; may be empty"), false },
	{ N_("Tier A price ¥"), REF_FIELD_PRICE_A, FORM_TEXT, 20, N_("the list price of tier A, which buys cheapest"), true },
	{ N_("Tier B price ¥"), REF_FIELD_PRICE_B, FORM_TEXT, 20, NULL, true },
	{ N_("Tier C price ¥"), REF_FIELD_PRICE_C, FORM_TEXT, 20, NULL, true },
	{ N_("Tier D price ¥"), REF_FIELD_PRICE_D, FORM_TEXT, 20, NULL, true },
	{ N_("Suggested retail ¥"), REF_FIELD_RETAIL, FORM_TEXT, 20, NULL, true },
	{ N_("Price tolerance %"), REF_FIELD_TOLERANCE, FORM_TEXT, 8,
	  N_("how far a price may stray: 0 to 100, for example 5"), true },
};
/* clang-format on */

/* The choices of a choice field. */
static const struct label_set *sform_choices(qd_ref_field f)
{
	return f == REF_FIELD_LEVEL ? &labels_level : &labels_role;
}

/* The form's index of a field, or -1. */
static int sform_index(const struct sform *s, qd_ref_field f)
{
	for (int i = 0; i < s->k->n; i++)
		if (s->k->defs[i].ref == f)
			return i;
	return -1;
}

/* Puts why (translated) beside field f, unless it has a reason already. */
static void sform_error(struct sform *s, qd_ref_field f, const char *why)
{
	int i = sform_index(s, f);
	if (i >= 0 && why && !s->fields[i].error[0])
		text_copy(s->fields[i].error, sizeof s->fields[i].error, why);
}

/* Checks a field with a core rule; the value is the typed one. */
static void sform_check(struct sform *s, qd_ref_field f, const char *msgid)
{
	if (msgid)
		sform_error(s, f, _(msgid));
}

static const char *sform_value(const struct sform *s, qd_ref_field f)
{
	int i = sform_index(s, f);
	return i >= 0 ? field_value(&s->fields[i]) : "";
}

static int sform_choice(const struct sform *s, qd_ref_field f)
{
	int i = sform_index(s, f);
	return i >= 0 ? s->fields[i].choice : 0;
}

/* Looks a typed code up with by_code: its id (0 when empty), or the reason
 * beside the field. False when the database failed (shown). */
static bool sform_lookup(struct sform *s, struct ui *ui, qd_ref_field f,
			 qd_rc (*by_code)(qd_db *db, const char *code, struct ref_item *out),
			 int64_t *id, char *code, size_t code_size, char *name, size_t name_size)
{
	const char *typed = sform_value(s, f);
	*id = 0;
	if (code)
		code[0] = '\0';
	if (name)
		name[0] = '\0';
	if (!*typed)
		return true;
	struct ref_item it;
	qd_rc rc = by_code(ui_db(ui), typed, &it);
	if (rc == DB_NOTFOUND) {
		sform_error(s, f, db_errmsg(ui_db(ui)));
		return true;
	}
	if (rc) {
		ui_db_error(ui, _("Not saved"));
		return false;
	}
	*id = it.id;
	if (code)
		text_copy(code, code_size, it.code);
	if (name)
		text_copy(name, name_size, it.name);
	return true;
}

static bool sform_has_errors(const struct sform *s)
{
	for (int i = 0; i < s->k->n; i++)
		if (s->fields[i].error[0])
			return true;
	return false;
}

static char *sform_grid_text(int v)
{
	return v >= 0 ? xasprintf("%d", v) : xstrdup("");
}

static char *sform_money_text(int64_t fen)
{
	char buf[MONEY_BUF];
	return xstrdup(money_format_plain(fen, buf));
}

/* ---- regions ---- */

static qd_rc region_load(struct ui *ui, int64_t id, union sform_rec *out, char **covers)
{
	(void)covers;
	return db_setup_region_get(ui_db(ui), id, &out->region);
}

static char *region_text(const union sform_rec *r, const char *covers, qd_ref_field f)
{
	(void)covers;
	return xstrdup(f == REF_FIELD_CODE ? r->region.code : r->region.name);
}

static bool region_collect(struct sform *s, struct ui *ui)
{
	(void)ui;
	struct region_rec *r = &s->rec.region;
	*r = s->base.region;
	sform_check(s, REF_FIELD_CODE, refdata_code(sform_value(s, REF_FIELD_CODE)));
	sform_check(s, REF_FIELD_NAME, refdata_name(sform_value(s, REF_FIELD_NAME)));
	text_copy(r->code, sizeof r->code, sform_value(s, REF_FIELD_CODE));
	text_copy(r->name, sizeof r->name, sform_value(s, REF_FIELD_NAME));
	return !sform_has_errors(s);
}

static qd_rc region_store(struct sform *s, struct ui *ui)
{
	return db_setup_region_save(ui_db(ui), &s->rec.region, ui_user(ui));
}

static void region_label(const union sform_rec *r, char *buf, size_t size)
{
	snprintf(buf, size, "%s (%s)", r->region.name, r->region.code);
}

/* ---- territories ---- */

static qd_rc territory_load(struct ui *ui, int64_t id, union sform_rec *out, char **covers)
{
	(void)covers;
	return db_setup_territory_get(ui_db(ui), id, &out->territory);
}

static char *territory_text(const union sform_rec *r, const char *covers, qd_ref_field f)
{
	(void)covers;
	const struct territory_rec *t = &r->territory;
	switch (f) {
	case REF_FIELD_CODE:
		return xstrdup(t->code);
	case REF_FIELD_NAME:
		return xstrdup(t->name);
	case REF_FIELD_LEVEL:
		return xstrdup(labels_level.codes[t->level]);
	case REF_FIELD_PARENT:
		return xstrdup(t->parent_id ? t->parent_code : "");
	case REF_FIELD_REGION:
		return xstrdup(t->region_id ? t->region_code : "");
	case REF_FIELD_SHORT_NAME:
		return xstrdup(t->short_name);
	case REF_FIELD_NAME_EN:
		return xstrdup(t->name_en);
	case REF_FIELD_SHORT_EN:
		return xstrdup(t->short_en);
	case REF_FIELD_GRID_ROW:
		return sform_grid_text(t->grid_row);
	case REF_FIELD_GRID_COL:
		return sform_grid_text(t->grid_col);
	default:
		return xstrdup("");
	}
}

static bool territory_collect(struct sform *s, struct ui *ui)
{
	struct territory_rec *t = &s->rec.territory;
	*t = s->base.territory;
	const struct {
		qd_ref_field f;
		char *dst;
		size_t size;
		const char *(*rule)(const char *s);
	} texts[] = {
		{ REF_FIELD_CODE, t->code, sizeof t->code, refdata_code },
		{ REF_FIELD_NAME, t->name, sizeof t->name, refdata_name },
		{ REF_FIELD_SHORT_NAME, t->short_name, sizeof t->short_name, refdata_short_name },
		{ REF_FIELD_NAME_EN, t->name_en, sizeof t->name_en, refdata_name_en },
		{ REF_FIELD_SHORT_EN, t->short_en, sizeof t->short_en, refdata_short_en },
	};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		const char *v = sform_value(s, texts[i].f);
		sform_check(s, texts[i].f, texts[i].rule(v));
		text_copy(texts[i].dst, texts[i].size, v);
	}
	sform_check(s, REF_FIELD_GRID_ROW,
		    refdata_grid(sform_value(s, REF_FIELD_GRID_ROW), &t->grid_row));
	sform_check(s, REF_FIELD_GRID_COL,
		    refdata_grid(sform_value(s, REF_FIELD_GRID_COL), &t->grid_col));
	t->level = (qd_level)sform_choice(s, REF_FIELD_LEVEL);
	if (!sform_lookup(s, ui, REF_FIELD_PARENT, db_ref_territory_by_code, &t->parent_id,
			  t->parent_code, sizeof t->parent_code, t->parent_name,
			  sizeof t->parent_name) ||
	    !sform_lookup(s, ui, REF_FIELD_REGION, db_ref_region_by_code, &t->region_id,
			  t->region_code, sizeof t->region_code, t->region_name,
			  sizeof t->region_name))
		return false;
	int parent_level = -1;
	if (t->parent_id) {
		struct territory_rec parent;
		qd_rc rc = db_setup_territory_get(ui_db(ui), t->parent_id, &parent);
		if (rc && rc != DB_INVALID) {
			ui_db_error(ui, _("Not saved"));
			return false;
		}
		parent_level = rc ? LEVEL_COUNT : (int)parent.level;
	}
	qd_ref_field where;
	const char *why =
		refdata_territory_rule(t->level, parent_level, t->grid_row, t->grid_col, &where);
	sform_check(s, where, why);
	return !sform_has_errors(s);
}

static qd_rc territory_store(struct sform *s, struct ui *ui)
{
	return db_setup_territory_save(ui_db(ui), &s->rec.territory, ui_user(ui));
}

static void territory_label(const union sform_rec *r, char *buf, size_t size)
{
	snprintf(buf, size, "%s (%s)", r->territory.name, r->territory.code);
}

/* ---- reps ---- */

static qd_rc rep_load(struct ui *ui, int64_t id, union sform_rec *out, char **covers)
{
	qd_rc rc = db_setup_rep_get(ui_db(ui), id, &out->rep);
	if (rc)
		return rc;
	struct ref_item *items;
	int n = db_setup_rep_territories(ui_db(ui), id, &items);
	if (n < 0)
		return db_errcode(ui_db(ui));
	size_t len = 1;
	for (int i = 0; i < n; i++)
		len += strlen(items[i].code) + 2;
	char *joined = xmalloc(len);
	joined[0] = '\0';
	for (int i = 0; i < n; i++) {
		if (i)
			strcat(joined, ", ");
		strcat(joined, items[i].code);
	}
	free(items);
	free(*covers);
	*covers = joined;
	return DB_OK;
}

static char *rep_text(const union sform_rec *r, const char *covers, qd_ref_field f)
{
	const struct rep_rec *p = &r->rep;
	switch (f) {
	case REF_FIELD_CODE:
		return xstrdup(p->code);
	case REF_FIELD_NAME:
		return xstrdup(p->name);
	case REF_FIELD_ROLE:
		return xstrdup(labels_role.codes[p->role]);
	case REF_FIELD_REGION:
		return xstrdup(p->region_id ? p->region_code : "");
	case REF_FIELD_PHONE:
		return xstrdup(p->phone);
	case REF_FIELD_TERRITORIES:
		return xstrdup(covers ? covers : "");
	default:
		return xstrdup("");
	}
}

/* The territories typed for a rep, as ids into s->territory_ids. */
static bool rep_collect_territories(struct sform *s, struct ui *ui)
{
	char **codes;
	int n;
	free(s->territory_ids);
	s->territory_ids = NULL;
	s->nterritories = 0;
	const char *why = refdata_code_list(sform_value(s, REF_FIELD_TERRITORIES), &codes, &n);
	if (why) {
		sform_check(s, REF_FIELD_TERRITORIES, why);
		return true;
	}
	s->territory_ids = xcalloc((size_t)n + 1, sizeof *s->territory_ids);
	bool ok = true;
	for (int i = 0; i < n; i++) {
		struct ref_item it;
		qd_rc rc = ok ? db_ref_territory_by_code(ui_db(ui), codes[i], &it) : DB_OK;
		if (ok && rc == DB_NOTFOUND)
			sform_error(s, REF_FIELD_TERRITORIES, db_errmsg(ui_db(ui)));
		else if (ok && rc) {
			ui_db_error(ui, _("Not saved"));
			ok = false;
		} else if (ok)
			s->territory_ids[s->nterritories++] = it.id;
		free(codes[i]);
	}
	free(codes);
	return ok;
}

static bool rep_collect(struct sform *s, struct ui *ui)
{
	struct rep_rec *r = &s->rec.rep;
	*r = s->base.rep;
	sform_check(s, REF_FIELD_CODE, refdata_code(sform_value(s, REF_FIELD_CODE)));
	sform_check(s, REF_FIELD_NAME, refdata_name(sform_value(s, REF_FIELD_NAME)));
	sform_check(s, REF_FIELD_PHONE, refdata_phone(sform_value(s, REF_FIELD_PHONE)));
	text_copy(r->code, sizeof r->code, sform_value(s, REF_FIELD_CODE));
	text_copy(r->name, sizeof r->name, sform_value(s, REF_FIELD_NAME));
	text_copy(r->phone, sizeof r->phone, sform_value(s, REF_FIELD_PHONE));
	r->role = (qd_role)sform_choice(s, REF_FIELD_ROLE);
	if (!sform_lookup(s, ui, REF_FIELD_REGION, db_ref_region_by_code, &r->region_id,
			  r->region_code, sizeof r->region_code, r->region_name,
			  sizeof r->region_name) ||
	    !rep_collect_territories(s, ui))
		return false;
	return !sform_has_errors(s);
}

static qd_rc rep_store(struct sform *s, struct ui *ui)
{
	return db_setup_rep_save(ui_db(ui), &s->rec.rep, s->territory_ids, s->nterritories,
				 ui_user(ui));
}

static void rep_label(const union sform_rec *r, char *buf, size_t size)
{
	snprintf(buf, size, "%s (%s)", r->rep.name, r->rep.code);
}

/* ---- products ---- */

static qd_rc product_load(struct ui *ui, int64_t id, union sform_rec *out, char **covers)
{
	(void)covers;
	return db_setup_product_get(ui_db(ui), id, &out->product);
}

static char *product_text(const union sform_rec *r, const char *covers, qd_ref_field f)
{
	(void)covers;
	const struct product_rec *p = &r->product;
	char buf[16];
	switch (f) {
	case REF_FIELD_CODE:
		return xstrdup(p->sku);
	case REF_FIELD_NAME:
		return xstrdup(p->name);
	case REF_FIELD_CATEGORY:
		return xstrdup(p->category);
	case REF_FIELD_UNIT:
		return xstrdup(p->unit);
	case REF_FIELD_PRICE_A:
	case REF_FIELD_PRICE_B:
	case REF_FIELD_PRICE_C:
	case REF_FIELD_PRICE_D:
		return sform_money_text(p->tier_fen[f - REF_FIELD_PRICE_A]);
	case REF_FIELD_RETAIL:
		return sform_money_text(p->retail_fen);
	case REF_FIELD_TOLERANCE:
		return xstrdup(refdata_tolerance_format(p->tolerance_bp, buf));
	default:
		return xstrdup("");
	}
}

static bool product_collect(struct sform *s, struct ui *ui)
{
	(void)ui;
	struct product_rec *p = &s->rec.product;
	*p = s->base.product;
	const struct {
		qd_ref_field f;
		char *dst;
		size_t size;
		const char *(*rule)(const char *s);
	} texts[] = {
		{ REF_FIELD_CODE, p->sku, sizeof p->sku, refdata_code },
		{ REF_FIELD_NAME, p->name, sizeof p->name, refdata_product_name },
		{ REF_FIELD_CATEGORY, p->category, sizeof p->category, refdata_category },
		{ REF_FIELD_UNIT, p->unit, sizeof p->unit, refdata_unit },
	};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		const char *v = sform_value(s, texts[i].f);
		sform_check(s, texts[i].f, texts[i].rule(v));
		text_copy(texts[i].dst, texts[i].size, v);
	}
	for (int i = 0; i < REF_TIERS; i++) {
		qd_ref_field f = (qd_ref_field)(REF_FIELD_PRICE_A + i);
		sform_check(s, f, refdata_price(sform_value(s, f), &p->tier_fen[i]));
	}
	sform_check(s, REF_FIELD_RETAIL,
		    refdata_price(sform_value(s, REF_FIELD_RETAIL), &p->retail_fen));
	sform_check(s, REF_FIELD_TOLERANCE,
		    refdata_tolerance(sform_value(s, REF_FIELD_TOLERANCE), &p->tolerance_bp));
	return !sform_has_errors(s);
}

static qd_rc product_store(struct sform *s, struct ui *ui)
{
	return db_setup_product_save(ui_db(ui), &s->rec.product, ui_user(ui));
}

static void product_label(const union sform_rec *r, char *buf, size_t size)
{
	snprintf(buf, size, "%s (%s)", r->product.name, r->product.sku);
}

static const struct sform_kind sform_kinds[SETUP_KINDS] = {
	[SETUP_REGION] = { region_defs, sizeof region_defs / sizeof region_defs[0],
			   N_("New region"), N_("Edit region %s"), region_load, region_text,
			   region_collect, region_store, region_label },
	[SETUP_TERRITORY] = { territory_defs, sizeof territory_defs / sizeof territory_defs[0],
			      N_("New territory"), N_("Edit territory %s"), territory_load,
			      territory_text, territory_collect, territory_store, territory_label },
	[SETUP_REP] = { rep_defs, sizeof rep_defs / sizeof rep_defs[0], N_("New rep or manager"),
			N_("Edit rep %s"), rep_load, rep_text, rep_collect, rep_store, rep_label },
	[SETUP_PRODUCT] = { product_defs, sizeof product_defs / sizeof product_defs[0],
			    N_("New product"), N_("Edit product %s"), product_load, product_text,
			    product_collect, product_store, product_label },
};

/* ---- the form ---- */

/* A field's value as typed, in the form text() gives it. The caller frees it. */
static char *sform_typed(const struct sform *s, int i)
{
	const struct sform_def *d = &s->k->defs[i];
	if (d->kind == FORM_CHOICE)
		return xstrdup(sform_choices(d->ref)->codes[s->fields[i].choice]);
	return xstrdup(field_value(&s->fields[i]));
}

/* Sets field i to the value text (choices by their code). */
static void sform_set(struct sform *s, int i, const char *text)
{
	const struct sform_def *d = &s->k->defs[i];
	if (d->kind == FORM_CHOICE) {
		int c = label_index(sform_choices(d->ref), text);
		s->fields[i].choice = c >= 0 ? c : 0;
	} else {
		form_set(&s->fields[i], text);
	}
}

/* The hint beside a pick field: the name of what it points to, else how to
 * fill it. */
static void sform_hint(struct sform *s, int i, const union sform_rec *r)
{
	const struct sform_def *d = &s->k->defs[i];
	const char *name = "";
	if (s->kind == SETUP_TERRITORY && d->ref == REF_FIELD_PARENT && r->territory.parent_id)
		name = r->territory.parent_name;
	else if (s->kind == SETUP_TERRITORY && d->ref == REF_FIELD_REGION && r->territory.region_id)
		name = r->territory.region_name;
	else if (s->kind == SETUP_REP && d->ref == REF_FIELD_REGION && r->rep.region_id)
		name = r->rep.region_name;
	text_copy(s->fields[i].hint, sizeof s->fields[i].hint,
		  *name	    ? name
		  : d->hint ? _(d->hint)
			    : "");
}

/* Fills the fields from r and remembers what they showed. A new record
 * leaves its prices empty rather than showing 0.00. */
static void sform_fill(struct sform *s, const union sform_rec *r)
{
	for (int i = 0; i < s->k->n; i++) {
		qd_ref_field f = s->k->defs[i].ref;
		char *text = s->k->text(r, s->covers, f);
		bool price = f >= REF_FIELD_PRICE_A && f <= REF_FIELD_RETAIL;
		sform_set(s, i, s->is_new && price ? "" : text);
		free(s->base_text[i]);
		s->base_text[i] = sform_typed(s, i);
		free(text);
		sform_hint(s, i, r);
	}
}

/* What a new record starts as: a territory under the parent asked for (one
 * level below it, in its region), a rep as a rep, a product's tolerance
 * the schema's default. */
static void sform_defaults(struct sform *s, struct ui *ui, int64_t parent_id)
{
	if (s->kind == SETUP_TERRITORY) {
		struct territory_rec *t = &s->base.territory;
		t->grid_row = t->grid_col = -1;
		t->level = LEVEL_PROVINCE;
		struct territory_rec parent;
		if (parent_id && !db_setup_territory_get(ui_db(ui), parent_id, &parent) &&
		    parent.level != LEVEL_DISTRICT) {
			t->level = parent.level == LEVEL_PROVINCE ? LEVEL_CITY : LEVEL_DISTRICT;
			t->parent_id = parent.id;
			text_copy(t->parent_code, sizeof t->parent_code, parent.code);
			text_copy(t->parent_name, sizeof t->parent_name, parent.name);
			t->region_id = parent.region_id;
			text_copy(t->region_code, sizeof t->region_code, parent.region_code);
			text_copy(t->region_name, sizeof t->region_name, parent.region_name);
		}
	} else if (s->kind == SETUP_PRODUCT) {
		s->base.product.tolerance_bp = 500;
	}
}

static void sform_free(struct sform *s)
{
	form_free(&s->form);
	for (int i = 0; i < SF_MAX; i++)
		free(s->base_text[i]);
	free(s->covers);
	free(s->territory_ids);
	free(s);
}

static void *sform_enter(struct ui *ui, void *arg)
{
	const struct setup_form_req *req = arg;
	struct sform *s = xcalloc(1, sizeof *s);
	s->kind = req->kind;
	s->k = &sform_kinds[req->kind];
	s->is_new = req->id == 0;
	s->saved = req->saved;
	if (!s->is_new && s->k->load(ui, req->id, &s->base, &s->covers)) {
		ui_error(ui, _("Cannot edit it: %s"), db_errmsg(ui_db(ui)));
		sform_free(s);
		return NULL;
	}
	for (int i = 0; i < s->k->n; i++) {
		const struct sform_def *d = &s->k->defs[i];
		struct form_field *f = &s->fields[i];
		f->label = d->label;
		f->kind = d->kind;
		f->max_chars = d->max_chars;
		f->ascii = d->ascii;
		if (d->kind == FORM_CHOICE) {
			f->choices = sform_choices(d->ref)->labels;
			f->nchoices = sform_choices(d->ref)->n;
		} else if (d->kind == FORM_PICK) {
			f->pick =
				d->ref == REF_FIELD_REGION ? form_pick_region : form_pick_territory;
			f->multi = d->ref == REF_FIELD_TERRITORIES;
		}
	}
	if (s->is_new)
		sform_defaults(s, ui, req->parent_id);
	sform_fill(s, &s->base);
	s->form.fields = s->fields;
	s->form.n = s->k->n;
	return s;
}

static void sform_leave(void *state)
{
	sform_free(state);
}

static bool sform_unsaved(void *state)
{
	return ((struct sform *)state)->form.dirty;
}

static void sform_draw(void *state, struct ui *ui, int top, int height, int width)
{
	struct sform *s = state;
	char title[SF_LABEL + 200];
	if (s->is_new) {
		text_copy(title, sizeof title, _(s->k->new_title));
	} else {
		char label[SF_LABEL];
		s->k->label(&s->base, label, sizeof label);
		snprintf(title, sizeof title, _(s->k->edit_title), label);
	}
	ui_text(top, 1, width - 2, title, ui_attr(UI_TITLE), false);
	form_draw(&s->form, ui, top + 2, height - 2, width);
}

/* Someone else saved the record first: their version becomes the base, and
 * every field you changed keeps what you typed. */
static void sform_conflict(struct sform *s, struct ui *ui)
{
	union sform_rec theirs;
	char *covers = s->covers ? xstrdup(s->covers) : NULL;
	if (s->k->load(ui, s->base.region.id, &theirs, &covers)) {
		free(covers);
		ui_error(ui, _("Not saved: %s"), db_errmsg(ui_db(ui)));
		return;
	}
	char both[400] = "";
	size_t used = 0;
	for (int i = 0; i < s->k->n; i++) {
		char *now = s->k->text(&theirs, covers, s->k->defs[i].ref);
		char *mine = sform_typed(s, i);
		bool mine_changed = strcmp(mine, s->base_text[i]) != 0;
		bool theirs_changed = strcmp(now, s->base_text[i]) != 0;
		if (!mine_changed) {
			sform_set(s, i, now);
			sform_hint(s, i, &theirs);
		} else if (theirs_changed && strcmp(mine, now) && used < sizeof both)
			used += (size_t)snprintf(both + used, sizeof both - used, "%s%s",
						 used ? ", " : "", _(s->k->defs[i].label));
		free(s->base_text[i]);
		s->base_text[i] = now;
		free(mine);
	}
	free(s->covers);
	s->covers = covers;
	s->base = theirs;
	s->form.dirty = true;
	if (both[0])
		ui_error(ui,
			 _("Not saved: someone else saved it first. Theirs is loaded with your "
			   "changes on top; you both changed %s: check, then Enter saves."),
			 both);
	else
		ui_error(ui, "%s",
			 _("Not saved: someone else saved it first. Theirs is loaded with your "
			   "changes on top; Enter saves."));
}

static void sform_store(struct sform *s, struct ui *ui)
{
	qd_rc rc = s->k->store(s, ui);
	if (rc == DB_CONFLICT) {
		sform_conflict(s, ui);
		return;
	}
	if (rc == DB_INVALID || rc == DB_DUPLICATE || rc == DB_NOTFOUND) {
		int i = sform_index(s, (qd_ref_field)db_errfield(ui_db(ui)));
		if (i >= 0) {
			text_copy(s->fields[i].error, sizeof s->fields[i].error,
				  db_errmsg(ui_db(ui)));
			s->form.focus = i;
		}
		ui_error(ui, _("Not saved: %s"), db_errmsg(ui_db(ui)));
		return;
	}
	if (rc) {
		ui_db_error(ui, _("Not saved"));
		return;
	}
	char label[SF_LABEL];
	s->k->label(&s->rec, label, sizeof label);
	bool was_new = s->is_new;
	if (s->saved)
		*s->saved = s->rec.region.id;
	ui_pop(ui, true);
	if (was_new)
		ui_message(ui, _("Added %s."), label);
	else
		ui_message(ui, _("Saved %s."), label);
}

static void sform_store_anyway(struct ui *ui, void *arg)
{
	sform_store(arg, ui);
}

static void sform_save(struct sform *s, struct ui *ui)
{
	if (!s->is_new && !s->form.dirty) {
		/* Nothing typed: nothing to write, nor to log. */
		ui_pop(ui, false);
		ui_message(ui, "%s", _("Nothing was changed."));
		return;
	}
	form_clear_errors(&s->form);
	if (!s->k->collect(s, ui)) {
		form_focus_error(&s->form);
		form_refused(&s->form, ui);
		return;
	}
	qd_ref_field where;
	const char *warn =
		s->kind == SETUP_PRODUCT ? refdata_product_warning(&s->rec.product, &where) : NULL;
	if (warn) {
		ui_confirm(ui, _(warn), sform_store_anyway, s);
		return;
	}
	sform_store(s, ui);
}

/* A province has no parent: choosing that level empties the parent. */
static void sform_level_changed(struct sform *s)
{
	int level = sform_index(s, REF_FIELD_LEVEL), parent = sform_index(s, REF_FIELD_PARENT);
	if (level < 0 || parent < 0 || s->fields[level].choice != LEVEL_PROVINCE)
		return;
	form_set(&s->fields[parent], "");
	s->fields[parent].error[0] = '\0';
	text_copy(s->fields[parent].hint, sizeof s->fields[parent].hint,
		  _(s->k->defs[parent].hint));
}

static int sform_key(void *state, struct ui *ui, struct ui_key k)
{
	struct sform *s = state;
	int r = form_key(&s->form, ui, k);
	if (r == FORM_SUBMIT)
		sform_save(s, ui);
	else if (r == FORM_EDITED && s->k->defs[s->form.focus].ref == REF_FIELD_LEVEL)
		sform_level_changed(s);
	else
		return form_screen_answer(&s->form, ui, r, k);
	return UI_HANDLED;
}

static int sform_click(void *state, struct ui *ui, int row, int col)
{
	(void)ui;
	(void)col;
	struct sform *s = state;
	form_click(&s->form, row + 1 - s->form.y);
	return UI_HANDLED;
}

const struct screen screen_setup_form = {
	.takes_text = true,
	.writes = true,
	/* TRANSLATORS: the form that adds or edits a region, territory, rep or
	 * product. */
	.name = N_("Setup record"),
	.enter = sform_enter,
	.leave = sform_leave,
	.draw = sform_draw,
	.key = sform_key,
	.click = sform_click,
	.unsaved = sform_unsaved,
	.help = sform_help,
};
