/* The whole picture of one distributor for the detail screen: history,
 * latest review, sales against target, receivables aging, recent visits,
 * orders and payments, open incidents and training. Read in one go. */
#ifndef QUDAO_DIST_DETAIL_H
#define QUDAO_DIST_DETAIL_H

#include <stdint.h>

#include "qudao/aging.h"
#include "qudao/date.h"
#include "qudao/db.h"

/* Short fields are kept in place; the free texts (a note, a summary, a
 * description, a payment's reference) are whole, owned strings, never NULL:
 * the detail shows a row in full. db_dist_detail_free() frees them. */
struct detail_history {
	char from[16], to[16], at[20], by[96], reason[24];
	char *note;
};

struct detail_review {
	int present;
	char on[DATE_BUF], by[96];
	char *note;
	int scores[6];
};

/* Sales are orders shipped or delivered, counted by their ship date; orders
 * not yet shipped are open orders, not sales. */
struct detail_period {
	char period[PERIOD_BUF];
	qd_date first, last;
	int64_t sales_fen, target_fen; /* target -1 when none is set */
};

struct detail_visit {
	int64_t id;
	char at[20], status[16], rep[96];
	char *summary;
	int score; /* -1 when none */
};

struct detail_order {
	char no[48], date[DATE_BUF], status[16], ship_to[128];
	char ship_date[DATE_BUF]; /* "" when not shipped */
	int64_t total_fen;
	int cross_territory; /* shipped outside the distributor's territory */
};

struct detail_payment {
	char date[DATE_BUF], invoice[48];
	char *reference;
	int64_t amount_fen;
};

struct detail_due {
	char invoice[48], due[DATE_BUF];
	int64_t amount_fen, open_fen; /* open: what payments leave unpaid */
};

struct detail_incident {
	char date[DATE_BUF], kind[24], severity[12];
	char *description;
};

struct detail_training {
	char date[DATE_BUF], topic[128], attendee[96];
};

/* Every list below is whole (a section shows every row), newest first
 * unless said; each is owned: db_dist_detail_free(). */
struct dist_detail {
	struct detail_history *history;
	int nhistory;
	struct detail_review review;
	struct detail_period periods[3]; /* this month, quarter, year */
	int64_t open_orders_fen;	 /* ordered, not yet shipped */
	int open_orders;
	struct aging aging;
	int64_t paid_fen, due_fen;
	/* Every visit of the distributor, planned ones ahead included, newest
	 * first. Owned: db_dist_detail_free(). */
	struct detail_visit *visits;
	int nvisits;
	struct detail_order *orders;
	int norders;
	struct detail_payment *payments;
	int npayments;
	/* Every open invoice, oldest first, then the paid ones, newest first;
	 * nopen of them are open. Owned: db_dist_detail_free(). */
	struct detail_due *dues;
	int ndues, nopen;
	struct detail_incident *incidents; /* the open ones */
	int nincidents;
	struct detail_training *trainings;
	int ntrainings;
};

/* Fills out for distributor id as of today, all from one snapshot. DB_OK or a
 * failure; either way db_dist_detail_free() releases it. */
qd_rc db_dist_detail(qd_db *db, int64_t id, qd_date today, struct dist_detail *out);
void db_dist_detail_free(struct dist_detail *d);

#endif
