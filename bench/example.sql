-- bench/example.sql -- the example rule set (shared/spec/example/key_accounts.kam),
-- written by hand in SQLite SQL, as an analyst would write it without kam.
--
--   sqlite3 DB < bench/example.sql
--
-- It computes what `kam run --as-of 2026-11-27 key_accounts.kam` computes (tiers,
-- the health scorecard with its metrics, alerts, outputs) and writes the same rows
-- as kam_tiers/kam_scores/kam_metrics/kam_alerts/kam_outputs (without run_id) into
-- sql_tiers/sql_scores/sql_metrics/sql_alerts/sql_outputs, recreated on every run,
-- in one transaction.  previous(...) is taken as null (no earlier run), so
-- health_drop never fires, as on kam's first run on a fresh database.
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

BEGIN;

-- ============================================================================
-- AS-OF DATE OF THE RUN -- the one literal to change: '2026-11-27'
-- ============================================================================
DROP TABLE IF EXISTS temp.params;
CREATE TEMP TABLE params AS
SELECT as_of,
       CAST(substr(as_of, 1, 4) AS INTEGER) AS as_of_year,
       -- as_of - 12 months / - 6 months, the day clamped to the month's last day
       -- (date(..., '-12 months') alone would roll 03-31 over into the next month)
       min(date(as_of, '-12 months'),
           date(as_of, 'start of month', '-12 months', '+1 month', '-1 day')) AS since_12m,
       min(date(as_of, '-6 months'),
           date(as_of, 'start of month', '-6 months', '+1 month', '-1 day')) AS since_6m
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
-- ============================================================================

DROP TABLE IF EXISTS temp.deal_agg;
CREATE TEMP TABLE deal_agg (account_id INTEGER PRIMARY KEY, pipeline, opportunities, won_12m,
                            won_margin_amount, won_amount, big_recent_loss);
INSERT INTO deal_agg
SELECT d.account_id,
       CASE WHEN count(*) FILTER (WHERE d.stage IN ('lead', 'opportunity')) > 0 THEN sum(d.amount) FILTER (WHERE d.stage IN ('lead', 'opportunity')) ELSE 0 END AS pipeline,
       CASE WHEN count(*) FILTER (WHERE d.stage = 'opportunity') > 0 THEN sum(d.amount) FILTER (WHERE d.stage = 'opportunity') ELSE 0 END            AS opportunities,
       CASE WHEN count(*) FILTER (WHERE d.stage = 'won' AND d.closed_on >= p.since_12m) > 0 THEN sum(d.amount) FILTER (WHERE d.stage = 'won' AND d.closed_on >= p.since_12m) ELSE 0 END
                                                                                   AS won_12m,
       CASE WHEN count(*) FILTER (WHERE d.stage = 'won') > 0 THEN sum(d.amount * d.gross_margin) FILTER (WHERE d.stage = 'won') ELSE 0 END   AS won_margin_amount,
       CASE WHEN count(*) FILTER (WHERE d.stage = 'won') > 0 THEN sum(d.amount) FILTER (WHERE d.stage = 'won') ELSE 0 END                    AS won_amount,
       count(*) FILTER (WHERE d.stage = 'lost' AND d.amount >= 10000000
                          AND d.closed_on >= p.since_6m) > 0                       AS big_recent_loss
FROM (SELECT account_id, stage,
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
      FROM deals WHERE typeof(account_id) = 'integer') AS d, params AS p
GROUP BY d.account_id;

DROP TABLE IF EXISTS temp.contact_agg;
CREATE TEMP TABLE contact_agg (account_id INTEGER PRIMARY KEY, avg_relationship, coaches);
INSERT INTO contact_agg
SELECT account_id,
       avg(relationship)                         AS avg_relationship,
       count(*) FILTER (WHERE relationship = 3)  AS coaches
FROM (SELECT account_id,
             CASE WHEN typeof(relationship) IN ('integer', 'real') THEN relationship END AS relationship
      FROM contacts WHERE typeof(account_id) = 'integer')
GROUP BY account_id;

DROP TABLE IF EXISTS temp.activity_agg;
CREATE TEMP TABLE activity_agg (account_id INTEGER PRIMARY KEY, last_exec_visit, bonding_this_year,
                                recent_retrospective);
INSERT INTO activity_agg
SELECT v.account_id,
       max(v.happened_on) FILTER (WHERE v.kind = 'exec_visit')                     AS last_exec_visit,
       count(*) FILTER (WHERE v.kind IN ('hq_tour', 'home_visit')
                          AND substr(v.happened_on, 1, 4) = CAST(p.as_of_year AS TEXT)) > 0
                                                                                  AS bonding_this_year,
       count(*) FILTER (WHERE v.kind = 'retrospective' AND v.happened_on >= p.since_6m) > 0
                                                                                  AS recent_retrospective
FROM (SELECT account_id, kind,
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
      FROM activities WHERE typeof(account_id) = 'integer') AS v, params AS p
GROUP BY v.account_id;

DROP TABLE IF EXISTS temp.team_agg;
CREATE TEMP TABLE team_agg (account_id INTEGER PRIMARY KEY, triangle_complete);
INSERT INTO team_agg
SELECT account_id,
       count(*) FILTER (WHERE role = 'AR') > 0
         AND count(*) FILTER (WHERE role = 'SR') > 0
         AND count(*) FILTER (WHERE role = 'FR') > 0 AS triangle_complete
FROM team WHERE typeof(account_id) = 'integer'
GROUP BY account_id;

DROP TABLE IF EXISTS temp.budget_agg;
CREATE TEMP TABLE budget_agg (account_id INTEGER PRIMARY KEY, spent, budget);
INSERT INTO budget_agg
SELECT b.account_id,
       CASE WHEN count(*) FILTER (WHERE b.year = p.as_of_year) > 0 THEN sum(b.spent) FILTER (WHERE b.year = p.as_of_year) ELSE 0 END AS spent,
       CASE WHEN count(*) FILTER (WHERE b.year = p.as_of_year) > 0 THEN sum(b.budget) FILTER (WHERE b.year = p.as_of_year) ELSE 0 END AS budget
FROM (SELECT account_id,
             CASE WHEN typeof(year)   IN ('integer', 'real') THEN year   END AS year,
             CASE WHEN typeof(budget) IN ('integer', 'real') THEN budget END AS budget,
             CASE WHEN typeof(spent)  IN ('integer', 'real') THEN spent  END AS spent
      FROM budgets WHERE typeof(account_id) = 'integer') AS b, params AS p
GROUP BY b.account_id;

-- ============================================================================
-- Per account: lets, tier, metrics, score, alerts, output
-- ============================================================================

DROP TABLE IF EXISTS temp.acct;
CREATE TEMP TABLE acct AS
WITH
a AS (   -- the account row, read as kam reads it, with its relation aggregates
  SELECT ac.id, ac.name, ac.lifecycle,
         CASE WHEN typeof(ac.industry_rank) IN ('integer', 'real') THEN ac.industry_rank END AS industry_rank,
         CASE WHEN typeof(ac.credit_ok) IN ('integer', 'real') AND ac.credit_ok IN (0, 1)
              THEN ac.credit_ok END                                                          AS credit_ok,
         CASE WHEN typeof(ac.orders_target) IN ('integer', 'real') THEN ac.orders_target END AS orders_target,
         CASE WHEN typeof(ac.wallet_share) IN ('integer', 'real') THEN ac.wallet_share END   AS wallet_share,
         CASE WHEN typeof(ac.csat) IN ('integer', 'real') THEN ac.csat END                   AS csat,
         iif(d.account_id IS NULL, 0, d.pipeline)            AS pipeline,
         iif(d.account_id IS NULL, 0, d.opportunities)       AS opportunities,
         iif(d.account_id IS NULL, 0, d.won_12m)             AS won_12m,
         iif(d.account_id IS NULL, 0, d.won_margin_amount) * 1.0 / iif(d.account_id IS NULL, 0, d.won_amount) AS margin,   -- x/0 is null
         iif(d.account_id IS NULL, 0, d.big_recent_loss)     AS big_recent_loss,
         c.avg_relationship,
         coalesce(c.coaches, 0)             AS coaches,
         v.last_exec_visit,
         coalesce(v.bonding_this_year, 0)   AS bonding_this_year,
         coalesce(v.recent_retrospective, 0) AS recent_retrospective,
         coalesce(t.triangle_complete, 0)   AS triangle_complete,
         iif(b.account_id IS NULL, 0, b.spent) * 1.0 / iif(b.account_id IS NULL, 0, b.budget) AS budget_use
  FROM accounts AS ac
  LEFT JOIN deal_agg     AS d ON d.account_id = ac.id
  LEFT JOIN contact_agg  AS c ON c.account_id = ac.id
  LEFT JOIN activity_agg AS v ON v.account_id = ac.id
  LEFT JOIN team_agg     AS t ON t.account_id = ac.id
  LEFT JOIN budget_agg   AS b ON b.account_id = ac.id
),
tiered AS (
  SELECT a.*,
         CASE WHEN industry_rank <= 3 AND won_12m + pipeline >= 100000000 AND margin >= 0.15 AND credit_ok
              THEN 'S'
              WHEN won_12m + pipeline >= 30000000 AND margin >= 0.12 THEN 'A'
              WHEN won_12m + pipeline >= 5000000 THEN 'B'
              ELSE 'C' END AS key_account,
         -- metric values
         won_12m * 1.0 / orders_target  AS v_orders,
         margin                         AS v_margin,
         avg_relationship               AS v_relationship,
         csat                           AS v_satisfaction,
         pipeline * 1.0 / orders_target AS v_coverage,
         wallet_share                   AS v_share
  FROM a
),
weights (stage, orders, margin, relationship, satisfaction, coverage, share) AS (
  VALUES ('breakthrough',  5,  5, 45, 20, 15, 10),
         ('growth',       30, 25, 15, 10, 10, 10),
         ('mature',       20, 20, 10, 10, 10, 30)
),
scored AS MATERIALIZED (
  SELECT tiered.*,
         -- scale LO .. HI: (x - LO) * 100 / (HI - LO), clamped to 0..100
         min(max((v_orders - 0.0) * 100 / (1.2 - 0.0), 0.0), 100.0)         AS s_orders,
         min(max((v_margin - 0.05) * 100 / (0.25 - 0.05), 0.0), 100.0)      AS s_margin,
         min(max((v_relationship - -1.0) * 100 / (3.0 - -1.0), 0.0), 100.0) AS s_relationship,
         CASE WHEN v_satisfaction >= 9 THEN 100.0 WHEN v_satisfaction >= 7 THEN 70.0
              WHEN v_satisfaction >= 5 THEN 40.0 WHEN v_satisfaction IS NOT NULL THEN 0.0 END
                                                                            AS s_satisfaction,
         min(max((v_coverage - 0.0) * 100 / (3.0 - 0.0), 0.0), 100.0)       AS s_coverage,
         coalesce(min(max((v_share - 0.0) * 100 / (0.4 - 0.0), 0.0), 100.0), 0.0) AS s_share,  -- missing 0
         w.stage IS NOT NULL AS has_weights,
         w.orders AS w_orders, w.margin AS w_margin, w.relationship AS w_relationship,
         w.satisfaction AS w_satisfaction, w.coverage AS w_coverage, w.share AS w_share
  FROM tiered
  LEFT JOIN weights AS w ON w.stage = tiered.lifecycle
),
health AS MATERIALIZED (
  SELECT scored.*,
         -- sum(weight * score) / sum(weight) over the metrics with a score
         (coalesce(w_orders * s_orders, 0) + coalesce(w_margin * s_margin, 0)
          + coalesce(w_relationship * s_relationship, 0) + coalesce(w_satisfaction * s_satisfaction, 0)
          + coalesce(w_coverage * s_coverage, 0) + coalesce(w_share * s_share, 0))
         / (iif(s_orders IS NULL, 0, w_orders) + iif(s_margin IS NULL, 0, w_margin)
            + iif(s_relationship IS NULL, 0, w_relationship) + iif(s_satisfaction IS NULL, 0, w_satisfaction)
            + iif(s_coverage IS NULL, 0, w_coverage) + iif(s_share IS NULL, 0, w_share))
                                                                            AS health,
         -- the weight share whose metric had a value (a `missing` score is not data)
         (iif(v_orders IS NULL, 0, w_orders) + iif(v_margin IS NULL, 0, w_margin)
          + iif(v_relationship IS NULL, 0, w_relationship) + iif(v_satisfaction IS NULL, 0, w_satisfaction)
          + iif(v_coverage IS NULL, 0, w_coverage) + iif(v_share IS NULL, 0, w_share)) * 1.0
         / (w_orders + w_margin + w_relationship + w_satisfaction + w_coverage + w_share)
                                                                            AS coverage
  FROM scored
)
SELECT health.*,
       CASE WHEN health >= 75 THEN 'green' WHEN health >= 50 THEN 'yellow'
            WHEN health IS NOT NULL THEN 'red' END AS grade,
       CASE WHEN health >= 85 THEN 1.3 WHEN health >= 70 THEN 1.0 WHEN health >= 50 THEN 0.7
            ELSE 0 END AS bonus_multiplier,
       -- alerts (health_drop needs a previous run: never on a first run)
       key_account IN ('S', 'A')
         AND (last_exec_visit IS NULL OR julianday(p.as_of) - julianday(last_exec_visit) > 90)
                                                                            AS no_exec_visit,
       key_account IN ('S', 'A', 'B') AND opportunities < 2 * (orders_target - won_12m)
                                                                            AS pipeline_gap,
       key_account IN ('S', 'A') AND NOT triangle_complete                  AS iron_triangle_gap,
       key_account = 'S' AND coaches = 0                                    AS no_coach,
       budget_use >= 0.8 AND NOT bonding_this_year                          AS budget_without_visits,
       big_recent_loss AND NOT recent_retrospective                         AS lost_without_retrospective
FROM health, params AS p;

-- ============================================================================
-- Result rows
-- ============================================================================

INSERT INTO sql_tiers (account, tiering, tier)
SELECT id, 'key_account', key_account FROM acct;

INSERT INTO sql_scores (account, scorecard, stage, score, grade, coverage)
SELECT id, 'health', lifecycle, health, grade, coverage FROM acct;

INSERT INTO sql_metrics (account, scorecard, metric, value, score, weight)
SELECT id, 'health', 'orders',       v_orders,       s_orders,       w_orders       FROM acct UNION ALL
SELECT id, 'health', 'margin',       v_margin,       s_margin,       w_margin       FROM acct UNION ALL
SELECT id, 'health', 'relationship', v_relationship, s_relationship, w_relationship FROM acct UNION ALL
SELECT id, 'health', 'satisfaction', v_satisfaction, s_satisfaction, w_satisfaction FROM acct UNION ALL
SELECT id, 'health', 'coverage',     v_coverage,     s_coverage,     w_coverage     FROM acct UNION ALL
SELECT id, 'health', 'share',        v_share,        s_share,        w_share        FROM acct;

-- Numbers in messages: {x:,.0f} rounds half away from zero and groups thousands;
-- {x:.0%} rounds x to 2 places first (the contract shifts the decimal form,
-- it does not multiply the double by 100: 1.025 is 103%).  A null prints as 'null'.
INSERT INTO sql_alerts (account, alert, severity, message)
SELECT id, 'no_exec_visit', 'high',
       printf('%s: no executive visit in 90 days (tier %s)', coalesce(name, 'null'), key_account)
FROM acct WHERE no_exec_visit
UNION ALL
SELECT id, 'pipeline_gap', 'medium',
       printf('%s: opportunities %,d cover less than twice the remaining target',
              coalesce(name, 'null'), CAST(round(opportunities) AS INTEGER))
FROM acct WHERE pipeline_gap
UNION ALL
SELECT id, 'iron_triangle_gap', 'high', printf('%s: iron triangle incomplete', coalesce(name, 'null'))
FROM acct WHERE iron_triangle_gap
UNION ALL
SELECT id, 'no_coach', 'medium', printf('%s: no contact rated 3 (coach)', coalesce(name, 'null'))
FROM acct WHERE no_coach
UNION ALL
SELECT id, 'budget_without_visits', 'medium',
       printf('%s: %d%% of the budget spent, no HQ tour or home visit this year',
              coalesce(name, 'null'), CAST(round(round(budget_use, 2) * 100) AS INTEGER))
FROM acct WHERE budget_without_visits
UNION ALL
SELECT id, 'lost_without_retrospective', 'low',
       printf('%s: lost a deal of 1000万 or more without a retrospective', coalesce(name, 'null'))
FROM acct WHERE lost_without_retrospective;

INSERT INTO sql_outputs (account, name, value)
SELECT id, 'bonus_multiplier', bonus_multiplier FROM acct;

DROP TABLE temp.acct;
DROP TABLE temp.deal_agg;
DROP TABLE temp.contact_agg;
DROP TABLE temp.activity_agg;
DROP TABLE temp.team_agg;
DROP TABLE temp.budget_agg;
DROP TABLE temp.params;

COMMIT;
