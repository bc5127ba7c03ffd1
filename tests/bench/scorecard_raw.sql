-- What `qudao report scorecard --period 2026-Q4` computes its scores from,
-- aggregated by the sqlite3 shell straight from the ledger (orders and their
-- lines, amounts due, payments, visits with their counts and shelf prices,
-- incidents, training, targets) for every distributor: the work the kept
-- periods spare the report. bench_scorecards times it against the report.
.mode csv
.headers on
WITH
  o AS (SELECT o.distributor_id AS d, sum(o.total_fen) AS sales, count(*) AS orders,
          sum(o.ship_territory_id IS NOT ds.territory_id) AS outside
        FROM orders o JOIN distributors ds ON ds.id = o.distributor_id
        WHERE o.status IN ('shipped','delivered') AND o.ship_date BETWEEN '2026-10-01' AND '2026-12-31'
        GROUP BY 1),
  l AS (SELECT o.distributor_id AS d, count(*) AS lines,
          sum(abs(l.unit_price_fen - CASE ds.tier WHEN 'A' THEN p.price_a_fen WHEN 'B' THEN p.price_b_fen
                WHEN 'C' THEN p.price_c_fen ELSE p.price_d_fen END) * 10000
              <= CASE ds.tier WHEN 'A' THEN p.price_a_fen WHEN 'B' THEN p.price_b_fen
                WHEN 'C' THEN p.price_c_fen ELSE p.price_d_fen END * p.tolerance_bp) AS lines_ok
        FROM order_lines l JOIN orders o ON o.id = l.order_id JOIN distributors ds ON ds.id = o.distributor_id
        JOIN products p ON p.id = l.product_id
        WHERE o.status IN ('shipped','delivered') AND o.ship_date BETWEEN '2026-10-01' AND '2026-12-31'
        GROUP BY 1),
  du AS (SELECT distributor_id AS d, total(amount_fen) FILTER (WHERE due_date >= '2026-10-01') AS due,
           total(amount_fen) AS due_to_end
         FROM amounts_due WHERE due_date <= '2026-12-31' GROUP BY 1),
  pa AS (SELECT distributor_id AS d, total(amount_fen) FILTER (WHERE paid_on >= '2026-10-01') AS received,
           total(amount_fen) AS paid_to_end
         FROM payments WHERE paid_on <= '2026-12-31' GROUP BY 1),
  v AS (SELECT distributor_id AS d, count(*) AS done FROM visits
        WHERE status = 'done' AND planned_at >= '2026-10-01' AND planned_at < '2027-01-01' GROUP BY 1),
  sp AS (SELECT v.distributor_id AS d, count(*) AS shelf,
           sum(abs(vp.shelf_price_fen - p.retail_price_fen) * 10000 <= p.retail_price_fen * p.tolerance_bp) AS shelf_ok
         FROM visit_prices vp JOIN visits v ON v.id = vp.visit_id JOIN products p ON p.id = vp.product_id
         WHERE v.status = 'done' AND v.planned_at >= '2026-10-01' AND v.planned_at < '2027-01-01' GROUP BY 1),
  c AS (SELECT v.distributor_id AS d, vi.quantity AS q,
          (SELECT coalesce(sum(ul.quantity), 0) FROM orders uo JOIN order_lines ul ON ul.order_id = uo.id
           WHERE uo.distributor_id = v.distributor_id AND uo.status IN ('shipped','delivered')
             AND uo.ship_date >= date(substr(v.planned_at, 1, 10), '-90 days')
             AND uo.ship_date < substr(v.planned_at, 1, 10) AND ul.product_id = vi.product_id) AS u
        FROM visit_inventory vi JOIN visits v ON v.id = vi.visit_id
        WHERE v.status = 'done' AND v.planned_at >= '2026-10-01' AND v.planned_at < '2027-01-01'),
  inv AS (SELECT d, sum(q > 0 OR u > 0) AS counts, sum(u > 0 AND q * 90 < 7 * u) AS low,
            sum(q * 90 > 60 * u) AS high FROM c GROUP BY 1),
  i AS (SELECT distributor_id AS d, sum(kind = 'price_violation') AS price, sum(kind = 'cross_territory') AS outside,
          sum(kind IN ('return','quality','complaint')) AS service,
          sum(status = 'resolved' AND julianday(resolved_on) - julianday(occurred_on) <= 14) AS in_time
        FROM incidents WHERE occurred_on BETWEEN '2026-10-01' AND '2026-12-31' GROUP BY 1),
  t AS (SELECT a.distributor_id AS d, count(DISTINCT a.training_id) AS trainings
        FROM training_attendance a JOIN trainings tr ON tr.id = a.training_id
        WHERE tr.held_on BETWEEN '2026-10-01' AND '2026-12-31' GROUP BY 1),
  tg AS (SELECT distributor_id AS d,
           max(CASE WHEN period = '2026-Q4' THEN amount_fen END) AS quarter,
           total(amount_fen) FILTER (WHERE period IN ('2026-10','2026-11','2026-12')) AS months
         FROM sales_targets WHERE period IN ('2026-Q4','2026-10','2026-11','2026-12') GROUP BY 1)
SELECT ds.code, ds.name, o.sales, o.orders, o.outside, l.lines, l.lines_ok, coalesce(tg.quarter, tg.months) AS target,
  du.due, pa.received, coalesce(du.due_to_end, 0) - coalesce(pa.paid_to_end, 0) AS open_at_end, v.done,
  sp.shelf, sp.shelf_ok, inv.counts, inv.low, inv.high, i.price, i.outside, i.service, i.in_time, t.trainings
FROM distributors ds
LEFT JOIN o ON o.d = ds.id LEFT JOIN l ON l.d = ds.id LEFT JOIN du ON du.d = ds.id LEFT JOIN pa ON pa.d = ds.id
LEFT JOIN v ON v.d = ds.id LEFT JOIN sp ON sp.d = ds.id LEFT JOIN inv ON inv.d = ds.id LEFT JOIN i ON i.d = ds.id
LEFT JOIN t ON t.d = ds.id LEFT JOIN tg ON tg.d = ds.id
WHERE ds.agreement_start <= '2026-11-27' AND ds.agreement_end >= '2026-10-01'
ORDER BY ds.code;
