/* The scorecard's rules as SQL expressions, for the triggers and rebuild of
 * schema 6 (schema_v6.c) and the rows behind a score (scoring.c): one text
 * for both, with core/scorecard.h's numbers. Internal to db/. */
#ifndef QUDAO_DB_SCORE_SQL_H
#define QUDAO_DB_SCORE_SQL_H

#include "qudao/scorecard.h"

/* clang-format off */
#define S6_SALE(o) "(" o ".status IN ('shipped','delivered') AND " o ".ship_date IS NOT NULL)"
#define S6_TIER(d) "(SELECT tier FROM distributors WHERE id = " d ")"
#define S6_CROSS(o) \
	"(" o ".ship_territory_id IS NOT (SELECT territory_id FROM distributors WHERE id = " o \
	".distributor_id))"
/* The list price of tier t in product row pr, and whether price keeps to it
 * (or, for shelf prices, to the suggested retail price) within the
 * product's tolerance. */
#define S6_POLICY(t, pr) \
	"(CASE " t " WHEN 'A' THEN " pr ".price_a_fen WHEN 'B' THEN " pr ".price_b_fen" \
	" WHEN 'C' THEN " pr ".price_c_fen ELSE " pr ".price_d_fen END)"
#define S6_LINE_OK(price, t, pr) \
	"(abs(" price " - " S6_POLICY(t, pr) ") * 10000 <= " S6_POLICY(t, pr) " * " pr ".tolerance_bp)"
#define S6_SHELF_OK(price, pr) \
	"(abs(" price " - " pr ".retail_price_fen) * 10000 <= " pr ".retail_price_fen * " pr \
	".tolerance_bp)"
/* Units of product p shipped to distributor d in the window of days before
 * the day t (not counting t). */
#define S6_UNITS(d, p, t) \
	"(SELECT coalesce(sum(ul.quantity), 0) FROM orders uo JOIN order_lines ul\n" \
	"    ON ul.order_id = uo.id WHERE uo.distributor_id = " d " AND uo.ship_date >= date(" t \
	", '-" SCORE_STR(SCORE_STOCK_WINDOW_DAYS) " days') AND uo.ship_date < " t \
	" AND uo.status IN ('shipped','delivered') AND ul.product_id = " p ")"
/* A count of q units against u units shipped in the window: counted (not a
 * product it neither holds nor buys), below the healthy band (a stock-out
 * included), above it. */
#define S6_COUNTED(q, u) "(" q " > 0 OR " u " > 0)"
#define S6_LOW(q, u) \
	"(" u " > 0 AND " q " * " SCORE_STR(SCORE_STOCK_WINDOW_DAYS) " < " \
	SCORE_STR(SCORE_STOCK_LOW_DAYS) " * " u ")"
#define S6_HIGH(q, u) \
	"(" q " * " SCORE_STR(SCORE_STOCK_WINDOW_DAYS) " > " SCORE_STR(SCORE_STOCK_HIGH_DAYS) \
	" * " u ")"
/* Order o's lines, and those within the price policy of tier t. */
#define S6_LINES_OF(o) "(SELECT count(*) FROM order_lines WHERE order_id = " o ".id)"
#define S6_LINES_OK_OF(o, t) \
	"(SELECT count(*) FROM order_lines l JOIN products p ON p.id = l.product_id" \
	" WHERE l.order_id = " o ".id AND " S6_LINE_OK("l.unit_price_fen", t, "p") ")"
#define S6_IN_TIME(i) \
	"(" i ".status = 'resolved' AND julianday(" i ".resolved_on) - julianday(" i \
	".occurred_on) <= " SCORE_STR(SCORE_INCIDENT_IN_TIME_DAYS) ")"
/* An incident's kind as its unit in the packed counts: 4096 to the power of
 * its place in labels_incident_kind. */
#define S6_KIND_BITS(i) \
	"(CASE " i ".kind WHEN 'price_violation' THEN 1 WHEN 'cross_territory' THEN 4096" \
	" WHEN 'return' THEN 16777216 WHEN 'quality' THEN 68719476736" \
	" WHEN 'complaint' THEN 281474976710656 ELSE 0 END)"
#define S6_INC_SETS(sign, i) \
	"incidents = incidents " sign " " S6_KIND_BITS(i) ", incidents_in_time = incidents_in_time " \
	sign " " S6_IN_TIME(i) " * " S6_KIND_BITS(i)
/* clang-format on */

#endif
