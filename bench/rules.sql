-- bench/rules.sql -- the shipped rule pack (rules/key_accounts/*.kam: 00_data.kam to
-- 40_outputs.kam), written by hand in SQLite SQL, as an analyst would write it
-- without kam.
--
--   sqlite3 DB < bench/rules.sql
--
-- It computes what `kam run --as-of 2026-11-27 rules/key_accounts` computes (the
-- account_tier tiering, the account_health scorecard with its eight metrics, the
-- alerts and the three outputs) and writes the same rows as kam_tiers/kam_scores/
-- kam_metrics/kam_alerts/kam_outputs (without run_id) into sql_tiers/sql_scores/
-- sql_metrics/sql_alerts/sql_outputs, recreated on every run, in one transaction.
-- previous(...) is taken as null (no earlier run), so health_falling and
-- tier_dropped never fire, as on kam's first run on a fresh database.
--
-- Reading untidy data the way kam does (README "Bad data"):
--   * a REAL/INTEGER cell is a number only when SQLite stored it as one (column
--     affinity has already turned every well-formed numeric text into a number, so
--     text left there -- '1,200,000', 'n/a', '' -- is unreadable: null);
--   * a DATE cell is a date only when it is text 'YYYY-MM-DD' naming a real day,
--     optionally followed by a time ' HH:MM[:SS...]'; it then counts as its first
--     ten characters.  date(d, '+0 days') normalises '2026-02-30' to '2026-03-02',
--     which is how an impossible day is caught;
--   * integers 0 and 1 are booleans, anything else there is null;
--   * accounts.id is the INTEGER PRIMARY KEY, so keys are never null or repeated,
--     and only a relation row whose account_id is an integer can belong to an
--     account (the per-account aggregates are keyed by INTEGER PRIMARY KEY too).
-- Category columns (stage, kind, role) are compared case-insensitively, as the
-- rules do with lower()/upper() (ASCII letters only, like SQLite's).

BEGIN;

-- ============================================================================
-- AS-OF DATE OF THE RUN -- the one literal to change: '2026-11-27'
-- ============================================================================
DROP TABLE IF EXISTS temp.params;
CREATE TEMP TABLE params AS
SELECT as_of,
       substr(as_of, 1, 4) || '-01-01' AS year_start,
       CAST(substr(as_of, 1, 4) AS INTEGER) AS as_of_year,
       -- as_of - N months, the day clamped to the month's last day
       -- (date(..., '-N months') alone would roll 03-31 over into the next month)
       min(date(as_of, '-3 months'),
           date(as_of, 'start of month', '-3 months', '+1 month', '-1 day'))  AS since_3m,
       min(date(as_of, '-6 months'),
           date(as_of, 'start of month', '-6 months', '+1 month', '-1 day'))  AS since_6m,
       min(date(as_of, '-12 months'),
           date(as_of, 'start of month', '-12 months', '+1 month', '-1 day')) AS since_12m,
       min(date(as_of, '-24 months'),
           date(as_of, 'start of month', '-24 months', '+1 month', '-1 day')) AS since_24m
FROM (SELECT '2026-11-27' AS as_of);

-- ============================================================================
-- Result tables: the kam_* columns without run_id
-- ============================================================================
DROP TABLE IF EXISTS sql_tiers;
DROP TABLE IF EXISTS sql_scores;
DROP TABLE IF EXISTS sql_metrics;
DROP TABLE IF EXISTS sql_alerts;
DROP TABLE IF EXISTS sql_outputs;
CREATE TABLE sql_tiers   (account, tiering TEXT, tier TEXT);
CREATE TABLE sql_scores  (account, scorecard TEXT, stage TEXT, score REAL, grade TEXT, coverage REAL);
CREATE TABLE sql_metrics (account, scorecard TEXT, metric TEXT, value, score REAL, weight REAL);
CREATE TABLE sql_alerts  (account, alert TEXT, severity TEXT, message TEXT);
CREATE TABLE sql_outputs (account, name TEXT, value);

-- ============================================================================
-- One pass per relation, one row per account: every aggregate the rules use
-- (00_data.kam)
-- ============================================================================

DROP TABLE IF EXISTS temp.deal_agg;
CREATE TEMP TABLE deal_agg (account_id INTEGER PRIMARY KEY, won_12m, won_ytd, open_leads, open_opps,
                            lead_count, opp_count, margin_amount, margin_base, product_lines,
                            last_big_loss);
INSERT INTO deal_agg
-- each row read once, as kam reads it; then one GROUP BY pass
WITH deal_rows AS MATERIALIZED (
  SELECT account_id, lower(stage) AS stage, product,
         CASE WHEN typeof(amount) IN ('integer', 'real') THEN amount END             AS amount,
         CASE WHEN typeof(gross_margin) IN ('integer', 'real') THEN gross_margin END AS gross_margin,
         CASE WHEN closed_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*'
               AND date(substr(closed_on, 1, 10), '+0 days') = substr(closed_on, 1, 10)
               AND substr(closed_on, 1, 4) <> '0000'
               AND (length(closed_on) = 10
                    OR (substr(closed_on, 11) GLOB '[ T][0-2][0-9]:[0-5][0-9]*'
                        AND substr(closed_on, 12, 2) <= '23'
                        AND (length(closed_on) = 16
                             OR (substr(closed_on, 17) GLOB ':[0-6][0-9]*'
                                 AND substr(closed_on, 18, 2) <= '60'
                                 AND rtrim(substr(closed_on, 20), '0123456789.+-:Z') = ''))))
              THEN substr(closed_on, 1, 10) END                                      AS closed_on
  FROM deals WHERE typeof(account_id) = 'integer'
)
SELECT d.account_id,
       CASE WHEN count(*) FILTER (WHERE d.stage = 'won'
                                        AND d.closed_on BETWEEN p.since_12m AND p.as_of) > 0 THEN sum(d.amount) FILTER (WHERE d.stage = 'won'
                                        AND d.closed_on BETWEEN p.since_12m AND p.as_of) ELSE 0 END,
       CASE WHEN count(*) FILTER (WHERE d.stage = 'won'
                                        AND d.closed_on BETWEEN p.year_start AND p.as_of) > 0 THEN sum(d.amount) FILTER (WHERE d.stage = 'won'
                                        AND d.closed_on BETWEEN p.year_start AND p.as_of) ELSE 0 END,
       CASE WHEN count(*) FILTER (WHERE d.stage = 'lead') > 0 THEN sum(d.amount) FILTER (WHERE d.stage = 'lead') ELSE 0 END,
       CASE WHEN count(*) FILTER (WHERE d.stage = 'opportunity') > 0 THEN sum(d.amount) FILTER (WHERE d.stage = 'opportunity') ELSE 0 END,
       count(*) FILTER (WHERE d.stage = 'lead'),
       count(*) FILTER (WHERE d.stage = 'opportunity'),
       -- deal_margin: won in the rolling year or qualified; deals without a readable
       -- margin are left out of both sides
       CASE WHEN count(*) FILTER (WHERE d.stage = 'opportunity'
                             OR (d.stage = 'won' AND d.closed_on BETWEEN p.since_12m AND p.as_of)) > 0 THEN sum(d.amount * d.gross_margin) FILTER (WHERE d.stage = 'opportunity'
                             OR (d.stage = 'won' AND d.closed_on BETWEEN p.since_12m AND p.as_of)) ELSE 0 END,
       CASE WHEN count(*) FILTER (WHERE d.gross_margin IS NOT NULL
                            AND (d.stage = 'opportunity'
                                 OR (d.stage = 'won' AND d.closed_on BETWEEN p.since_12m AND p.as_of))) > 0 THEN sum(d.amount) FILTER (WHERE d.gross_margin IS NOT NULL
                            AND (d.stage = 'opportunity'
                                 OR (d.stage = 'won' AND d.closed_on BETWEEN p.since_12m AND p.as_of))) ELSE 0 END,
       count(DISTINCT lower(d.product))
                  FILTER (WHERE d.stage = 'won' AND d.closed_on BETWEEN p.since_24m AND p.as_of),
       max(d.closed_on) FILTER (WHERE d.stage = 'lost' AND d.amount >= 5000000
                                  AND d.closed_on BETWEEN p.since_6m AND p.as_of)
FROM deal_rows AS d, params AS p
GROUP BY d.account_id;

DROP TABLE IF EXISTS temp.contact_agg;
CREATE TEMP TABLE contact_agg (account_id INTEGER PRIMARY KEY, avg_relationship, supporters, coaches,
                               dm_on_side);
INSERT INTO contact_agg
SELECT account_id,
       avg(relationship),
       count(*) FILTER (WHERE relationship >= 1),
       count(*) FILTER (WHERE relationship = 3),
       count(*) FILTER (WHERE lower(role) = 'decision_maker' AND relationship >= 1)
FROM (SELECT account_id, role,
             CASE WHEN typeof(relationship) IN ('integer', 'real') THEN relationship END AS relationship
      FROM contacts WHERE typeof(account_id) = 'integer')
GROUP BY account_id;

DROP TABLE IF EXISTS temp.activity_agg;
CREATE TEMP TABLE activity_agg (account_id INTEGER PRIMARY KEY, last_touch, last_exec_visit,
                                bonding_events_ytd, last_retrospective);
INSERT INTO activity_agg
-- each row read once, as kam reads it; then one GROUP BY pass
WITH activity_rows AS MATERIALIZED (
  SELECT account_id, lower(kind) AS kind,
         CASE WHEN happened_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*'
               AND date(substr(happened_on, 1, 10), '+0 days') = substr(happened_on, 1, 10)
               AND substr(happened_on, 1, 4) <> '0000'
               AND (length(happened_on) = 10
                    OR (substr(happened_on, 11) GLOB '[ T][0-2][0-9]:[0-5][0-9]*'
                        AND substr(happened_on, 12, 2) <= '23'
                        AND (length(happened_on) = 16
                             OR (substr(happened_on, 17) GLOB ':[0-6][0-9]*'
                                 AND substr(happened_on, 18, 2) <= '60'
                                 AND rtrim(substr(happened_on, 20), '0123456789.+-:Z') = ''))))
              THEN substr(happened_on, 1, 10) END AS happened_on
  FROM activities WHERE typeof(account_id) = 'integer'
)
SELECT v.account_id,
       max(v.happened_on) FILTER (WHERE v.happened_on <= p.as_of),
       max(v.happened_on) FILTER (WHERE v.kind = 'exec_visit' AND v.happened_on <= p.as_of),
       count(*) FILTER (WHERE v.kind IN ('hq_tour', 'home_visit')
                          AND v.happened_on BETWEEN p.year_start AND p.as_of),
       -- loss_not_reviewed asks for a retrospective between the last big loss and
       -- as_of: there is one exactly when the latest retrospective up to as_of is
       -- on or after that loss
       max(v.happened_on) FILTER (WHERE v.kind = 'retrospective' AND v.happened_on <= p.as_of)
FROM activity_rows AS v, params AS p
GROUP BY v.account_id;

DROP TABLE IF EXISTS temp.team_agg;
CREATE TEMP TABLE team_agg (account_id INTEGER PRIMARY KEY, triangle_roles);
INSERT INTO team_agg
SELECT account_id,
       -- a role row without a person is a vacancy, not a member
       count(DISTINCT upper(role)) FILTER (WHERE upper(role) IN ('AR', 'SR', 'FR')
                                             AND coalesce(person, '') <> '')
FROM team WHERE typeof(account_id) = 'integer'
GROUP BY account_id;

DROP TABLE IF EXISTS temp.budget_agg;
CREATE TEMP TABLE budget_agg (account_id INTEGER PRIMARY KEY, spent, budget);
INSERT INTO budget_agg
SELECT b.account_id,
       CASE WHEN count(*) FILTER (WHERE b.year = p.as_of_year) > 0 THEN sum(b.spent) FILTER (WHERE b.year = p.as_of_year) ELSE 0 END,
       CASE WHEN count(*) FILTER (WHERE b.year = p.as_of_year) > 0 THEN sum(b.budget) FILTER (WHERE b.year = p.as_of_year) ELSE 0 END
FROM (SELECT account_id,
             CASE WHEN typeof(year)   IN ('integer', 'real') THEN year   END AS year,
             CASE WHEN typeof(budget) IN ('integer', 'real') THEN budget END AS budget,
             CASE WHEN typeof(spent)  IN ('integer', 'real') THEN spent  END AS spent
      FROM budgets WHERE typeof(account_id) = 'integer') AS b, params AS p
GROUP BY b.account_id;

-- ============================================================================
-- Per account: lets, tier, metrics, score, alerts, outputs
-- ============================================================================

DROP TABLE IF EXISTS temp.acct;
CREATE TEMP TABLE acct AS
WITH
a AS (   -- the account row, read as kam reads it, with the measures of 00_data.kam
  SELECT ac.id, ac.name, ac.lifecycle, ac.owner, ac.group_id,
         CASE WHEN typeof(ac.industry_rank) IN ('integer', 'real') THEN ac.industry_rank END AS industry_rank,
         CASE WHEN typeof(ac.credit_ok) IN ('integer', 'real') AND ac.credit_ok IN (0, 1)
              THEN ac.credit_ok END                                                          AS credit_ok,
         CASE WHEN typeof(ac.orders_target) IN ('integer', 'real') THEN ac.orders_target END AS orders_target,
         CASE WHEN typeof(ac.wallet_share) IN ('integer', 'real') THEN ac.wallet_share END   AS wallet_share,
         CASE WHEN typeof(ac.csat) IN ('integer', 'real') THEN ac.csat END                   AS csat,
         iif(d.account_id IS NULL, 0, d.won_12m)                              AS won_12m,
         iif(d.account_id IS NULL, 0, d.won_ytd)                              AS won_ytd,
         iif(d.account_id IS NULL, 0, d.open_leads)                           AS open_leads,
         iif(d.account_id IS NULL, 0, d.open_opps)                            AS open_opps,
         iif(d.account_id IS NULL, 0, d.lead_count)                           AS lead_count,
         iif(d.account_id IS NULL, 0, d.opp_count)                            AS opp_count,
         iif(d.account_id IS NULL, 0, d.open_leads) + iif(d.account_id IS NULL, 0, d.open_opps) AS pipeline,
         iif(d.account_id IS NULL, 0, d.won_12m) + iif(d.account_id IS NULL, 0, d.open_leads) + iif(d.account_id IS NULL, 0, d.open_opps) AS deal_size,
         iif(d.account_id IS NULL, 0, d.margin_amount)                        AS margin_amount,
         iif(d.account_id IS NULL, 0, d.margin_base)                          AS margin_base,
         iif(d.account_id IS NULL, 0, d.margin_amount) * 1.0 / iif(d.account_id IS NULL, 0, d.margin_base) AS deal_margin,   -- x/0 is null
         iif(d.account_id IS NULL, 0, d.product_lines)                        AS product_lines,
         d.last_big_loss,
         c.avg_relationship,
         coalesce(c.supporters, 0)                           AS supporters,
         coalesce(c.coaches, 0)                              AS coaches,
         coalesce(c.dm_on_side, 0)                           AS dm_on_side,
         v.last_touch,
         v.last_exec_visit,
         CAST(julianday(p.as_of) - julianday(v.last_touch) AS INTEGER) AS days_since_touch,
         coalesce(v.bonding_events_ytd, 0)                   AS bonding_events_ytd,
         v.last_retrospective,
         coalesce(t.triangle_roles, 0)                       AS triangle_roles,
         iif(b.account_id IS NULL, 0, b.spent) * 1.0 / iif(b.account_id IS NULL, 0, b.budget)  AS budget_use
  FROM accounts AS ac
  CROSS JOIN params AS p
  LEFT JOIN deal_agg     AS d ON d.account_id = ac.id
  LEFT JOIN contact_agg  AS c ON c.account_id = ac.id
  LEFT JOIN activity_agg AS v ON v.account_id = ac.id
  LEFT JOIN team_agg     AS t ON t.account_id = ac.id
  LEFT JOIN budget_agg   AS b ON b.account_id = ac.id
),
grp AS (   -- 10_tiering.kam: the customer group's figures (group by group_id); sum and
           -- min skip nulls, and a sum over members whose values are all null is null
  SELECT group_id, sum(deal_size) AS deal_size, sum(margin_amount) AS margin_amount,
         sum(margin_base) AS margin_base, min(industry_rank) AS industry_rank
  FROM a WHERE group_id IS NOT NULL GROUP BY group_id
),
grouped AS (   -- an account without a group is a group of its own
  SELECT a.*,
         iif(a.group_id IS NULL, a.deal_size, g.deal_size)                         AS group_deal_size,
         iif(a.group_id IS NULL, a.margin_amount, g.margin_amount) * 1.0
           / iif(a.group_id IS NULL, a.margin_base, g.margin_base)                 AS group_margin,
         iif(a.group_id IS NULL, a.industry_rank, g.industry_rank)                 AS group_rank
  FROM a LEFT JOIN grp AS g ON g.group_id = a.group_id
),
tiered AS (
  SELECT grouped.*,
         won_ytd * 1.0 / orders_target AS attainment,
         orders_target - won_ytd       AS orders_gap,
         -- 10_tiering.kam
         CASE WHEN group_rank <= 5 AND group_deal_size >= 100000000 AND group_margin >= 0.15 AND credit_ok
              THEN 'S'
              WHEN credit_ok AND deal_margin >= 0.10
                   AND (deal_size >= 30000000 OR (industry_rank <= 3 AND deal_size >= 10000000))
              THEN 'A'
              WHEN deal_size >= 5000000 THEN 'B'
              ELSE 'C' END AS account_tier,
         -- lifecycle typed by hand: matched loosely, anything unrecognised is growth
         CASE WHEN instr(lower(lifecycle), 'break') > 0 OR instr(lifecycle, '突破') > 0 THEN 'breakthrough'
              WHEN instr(lower(lifecycle), 'matur') > 0 OR instr(lifecycle, '成熟') > 0 THEN 'mature'
              WHEN instr(lower(lifecycle), 'grow') > 0 OR instr(lifecycle, '成长') > 0 THEN 'growth'
              ELSE 'growth' END AS lifecycle_stage
  FROM grouped
),
weights (stage, orders, profit, bond, csi, touch, funnel, share, breadth) AS (   -- each row sums to 100
  VALUES ('breakthrough',  5,  5, 30, 15, 15, 15,  5, 10),
         ('growth',       20, 15, 15, 10, 10, 15,  5, 10),
         ('mature',       25, 15, 10, 10,  5,  5, 25,  5)
),
scored AS MATERIALIZED (   -- 20_scorecard.kam: values, scores 0..100, weights
  SELECT tiered.*,
         attainment                     AS v_orders,
         deal_margin                    AS v_profit,
         avg_relationship               AS v_bond,
         csat                           AS v_csi,
         days_since_touch               AS v_touch,
         open_opps * 1.0 / orders_target AS v_funnel,
         wallet_share                   AS v_share,
         product_lines                  AS v_breadth,
         -- scale LO .. HI: (x - LO) * 100 / (HI - LO), clamped to 0..100
         min(max((attainment - 0.0) * 100 / (1.0 - 0.0), 0.0), 100.0)              AS s_orders,
         min(max((deal_margin - 0.05) * 100 / (0.25 - 0.05), 0.0), 100.0)          AS s_profit,
         min(max((avg_relationship - 0.0) * 100 / (2.5 - 0.0), 0.0), 100.0)       AS s_bond,
         CASE WHEN csat >= 9 THEN 100.0 WHEN csat >= 8 THEN 80.0 WHEN csat >= 6 THEN 50.0
              WHEN csat IS NOT NULL THEN 0.0 END                                  AS s_csi,
         coalesce(min(max((days_since_touch - 90.0) * 100 / (14.0 - 90.0), 0.0), 100.0), 0.0)
                                                                                  AS s_touch,   -- missing 0
         min(max((open_opps * 1.0 / orders_target - 0.0) * 100 / (2.0 - 0.0), 0.0), 100.0) AS s_funnel,
         coalesce(min(max((wallet_share - 0.0) * 100 / (0.3 - 0.0), 0.0), 100.0), 0.0)
                                                                                  AS s_share,   -- missing 0
         min(max((product_lines - 0.0) * 100 / (4.0 - 0.0), 0.0), 100.0)          AS s_breadth,
         w.orders AS w_orders, w.profit AS w_profit, w.bond AS w_bond, w.csi AS w_csi,
         w.touch AS w_touch, w.funnel AS w_funnel, w.share AS w_share, w.breadth AS w_breadth
  FROM tiered
  LEFT JOIN weights AS w ON w.stage = tiered.lifecycle_stage
),
health AS MATERIALIZED (
  SELECT scored.*,
         -- sum(weight * score) / sum(weight) over the metrics with a score
         (coalesce(w_orders * s_orders, 0) + coalesce(w_profit * s_profit, 0)
          + coalesce(w_bond * s_bond, 0) + coalesce(w_csi * s_csi, 0)
          + coalesce(w_touch * s_touch, 0) + coalesce(w_funnel * s_funnel, 0)
          + coalesce(w_share * s_share, 0) + coalesce(w_breadth * s_breadth, 0))
         / (iif(s_orders IS NULL, 0, w_orders) + iif(s_profit IS NULL, 0, w_profit)
            + iif(s_bond IS NULL, 0, w_bond) + iif(s_csi IS NULL, 0, w_csi)
            + iif(s_touch IS NULL, 0, w_touch) + iif(s_funnel IS NULL, 0, w_funnel)
            + iif(s_share IS NULL, 0, w_share) + iif(s_breadth IS NULL, 0, w_breadth))
                                                                                  AS account_health,
         -- the weight share whose metric had a value (a `missing` score is not data)
         (iif(v_orders IS NULL, 0, w_orders) + iif(v_profit IS NULL, 0, w_profit)
          + iif(v_bond IS NULL, 0, w_bond) + iif(v_csi IS NULL, 0, w_csi)
          + iif(v_touch IS NULL, 0, w_touch) + iif(v_funnel IS NULL, 0, w_funnel)
          + iif(v_share IS NULL, 0, w_share) + iif(v_breadth IS NULL, 0, w_breadth)) * 1.0
         / (w_orders + w_profit + w_bond + w_csi + w_touch + w_funnel + w_share + w_breadth)
                                                                                  AS coverage
  FROM scored
),
factors AS (   -- 40_outputs.kam
  SELECT health.*,
         CASE WHEN account_health IS NULL THEN 1.0 WHEN account_health >= 75 THEN 1.2
              WHEN account_health >= 45 THEN 1.0 WHEN account_health >= 30 THEN 0.8
              ELSE 0.5 END AS health_factor,
         CASE WHEN account_tier = 'S' THEN 1.2 WHEN account_tier = 'A' THEN 1.1 ELSE 1.0 END AS tier_factor
  FROM health
)
SELECT factors.*,
       CASE WHEN account_health >= 75 THEN 'strong' WHEN account_health >= 45 THEN 'steady'
            WHEN account_health IS NOT NULL THEN 'at_risk' END AS grade,
       -- outputs
       round(health_factor * tier_factor, 2) AS incentive_multiplier,
       CASE account_tier WHEN 'S' THEN 'platinum' WHEN 'A' THEN 'gold' WHEN 'B' THEN 'silver'
                         ELSE 'standard' END AS service_level,
       CASE account_tier WHEN 'S' THEN 14 WHEN 'A' THEN 30 WHEN 'B' THEN 60 ELSE 90 END AS visit_cadence_days,
       -- alerts (30_alerts.kam); health_falling and tier_dropped compare with a
       -- previous run and never fire on a first run
       account_tier IN ('S', 'A') AND (last_exec_visit IS NULL OR last_exec_visit < p.since_3m)
                                                                    AS exec_visit_overdue,
       account_tier IN ('S', 'A') AND triangle_roles < 3           AS iron_triangle_incomplete,
       account_tier IN ('S', 'A', 'B') AND orders_gap > 0 AND open_opps < 2 * orders_gap
                                                                    AS pipeline_short,
       account_tier IN ('S', 'A', 'B') AND lead_count >= 6 AND lead_count > 3 * opp_count
                                                                    AS leads_not_converting,
       account_tier IN ('S', 'A') AND (supporters < 3 OR coaches = 0 OR dm_on_side = 0)
                                                                    AS relationship_thin,
       budget_use >= 0.8 AND bonding_events_ytd = 0                 AS budget_without_relationship,
       last_big_loss IS NOT NULL AND NOT coalesce(last_retrospective >= last_big_loss, 0)
                                                                    AS loss_not_reviewed,
       account_tier IN ('S', 'A') AND coalesce(owner, '') = ''      AS owner_missing
FROM factors, params AS p;

-- ============================================================================
-- Result rows
-- ============================================================================

INSERT INTO sql_tiers (account, tiering, tier)
SELECT id, 'account_tier', account_tier FROM acct;

INSERT INTO sql_scores (account, scorecard, stage, score, grade, coverage)
SELECT id, 'account_health', lifecycle_stage, account_health, grade, coverage FROM acct;

INSERT INTO sql_metrics (account, scorecard, metric, value, score, weight)
SELECT id, 'account_health', 'orders',  v_orders,  s_orders,  w_orders  FROM acct UNION ALL
SELECT id, 'account_health', 'profit',  v_profit,  s_profit,  w_profit  FROM acct UNION ALL
SELECT id, 'account_health', 'bond',    v_bond,    s_bond,    w_bond    FROM acct UNION ALL
SELECT id, 'account_health', 'csi',     v_csi,     s_csi,     w_csi     FROM acct UNION ALL
SELECT id, 'account_health', 'touch',   v_touch,   s_touch,   w_touch   FROM acct UNION ALL
SELECT id, 'account_health', 'funnel',  v_funnel,  s_funnel,  w_funnel  FROM acct UNION ALL
SELECT id, 'account_health', 'share',   v_share,   s_share,   w_share   FROM acct UNION ALL
SELECT id, 'account_health', 'breadth', v_breadth, s_breadth, w_breadth FROM acct;

-- Numbers in messages: {x:.1f} and {x:,.0f} round half away from zero (then group
-- thousands), {x:.0%} rounds x to 2 places first (1.025 is 103%); a date prints as ISO text,
-- a null as 'null' ('never' where the message says {x|never}).
INSERT INTO sql_alerts (account, alert, severity, message)
SELECT id, 'exec_visit_overdue', 'high',
       printf('%s: tier %s, last executive visit %s', coalesce(name, 'null'), account_tier,
              coalesce(last_exec_visit, 'never'))
FROM acct WHERE exec_visit_overdue
UNION ALL
SELECT id, 'iron_triangle_incomplete', 'high',
       printf('%s: only %d of the 3 iron-triangle roles (AR, SR, FR) staffed', coalesce(name, 'null'),
              triangle_roles)
FROM acct WHERE iron_triangle_incomplete
UNION ALL
SELECT id, 'pipeline_short', 'medium',
       printf('%s: opportunities cover %.1fx of %,d to win', coalesce(name, 'null'),
              round(open_opps * 1.0 / orders_gap * 10) / 10.0, CAST(round(orders_gap) AS INTEGER))
FROM acct WHERE pipeline_short
UNION ALL
SELECT id, 'leads_not_converting', 'low',
       printf('%s: %d open leads against %d opportunities', coalesce(name, 'null'), lead_count, opp_count)
FROM acct WHERE leads_not_converting
UNION ALL
SELECT id, 'relationship_thin', 'medium',
       printf('%s: %d supporters, %d coaches, %d decision makers won', coalesce(name, 'null'),
              supporters, coaches, dm_on_side)
FROM acct WHERE relationship_thin
UNION ALL
SELECT id, 'budget_without_relationship', 'medium',
       printf('%s: %d%% of this year''s budget spent, no HQ tour or home visit', coalesce(name, 'null'),
              CAST(round(round(budget_use, 2) * 100) AS INTEGER))
FROM acct WHERE budget_without_relationship
UNION ALL
SELECT id, 'loss_not_reviewed', 'medium',
       printf('%s: deal of 500万 or more lost on %s, no retrospective since', coalesce(name, 'null'),
              last_big_loss)
FROM acct WHERE loss_not_reviewed
UNION ALL
SELECT id, 'owner_missing', 'high',
       printf('%s: tier %s account without a first-responsible owner', coalesce(name, 'null'), account_tier)
FROM acct WHERE owner_missing;

INSERT INTO sql_outputs (account, name, value)
SELECT id, 'incentive_multiplier', incentive_multiplier FROM acct UNION ALL
SELECT id, 'service_level',        service_level        FROM acct UNION ALL
SELECT id, 'visit_cadence_days',   visit_cadence_days   FROM acct;

DROP TABLE temp.acct;
DROP TABLE temp.deal_agg;
DROP TABLE temp.contact_agg;
DROP TABLE temp.activity_agg;
DROP TABLE temp.team_agg;
DROP TABLE temp.budget_agg;
DROP TABLE temp.params;

COMMIT;
