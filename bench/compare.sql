-- bench/compare.sql -- do kam and the hand-written SQL agree, row for row?
--
--   sqlite3 DB < bench/compare.sql
--
-- Compares the latest successful kam run (the highest run_id with status 'ok' in
-- kam_runs) with the sql_* tables written by bench/example.sql or bench/rules.sql:
-- kam_tiers/sql_tiers, kam_scores/sql_scores, kam_metrics/sql_metrics,
-- kam_alerts/sql_alerts and kam_outputs/sql_outputs, both directions of EXCEPT,
-- numbers compared after round(x, 9) (a number never equals a text, so a value
-- stored as the wrong kind still counts as a mismatch).  Row counts are compared
-- too, since EXCEPT alone would not see a duplicated row.
--
-- Output, one line each ('|'-separated):
--   table|TABLE|kam_rows|sql_rows|only_in_kam|only_in_sql
--   example|TABLE|kam|ROW...      (up to 5 rows only in kam, per table)
--   example|TABLE|sql|ROW...      (up to 5 rows only in the SQL, per table)
--   note|typeof|TABLE|N           (values equal as numbers but INTEGER in one, REAL in the other)
--   mismatches|N                  (the sum of the above mismatches; 0 = full agreement)

DROP TABLE IF EXISTS temp.cmp_run;
CREATE TEMP TABLE cmp_run AS
SELECT max(run_id) AS run_id FROM kam_runs WHERE status = 'ok';

-- Normalised rows of both sides.  N(x): numbers rounded to 9 decimals, the rest as is.
DROP VIEW IF EXISTS temp.k_tiers;
DROP VIEW IF EXISTS temp.s_tiers;
DROP VIEW IF EXISTS temp.k_scores;
DROP VIEW IF EXISTS temp.s_scores;
DROP VIEW IF EXISTS temp.k_metrics;
DROP VIEW IF EXISTS temp.s_metrics;
DROP VIEW IF EXISTS temp.k_alerts;
DROP VIEW IF EXISTS temp.s_alerts;
DROP VIEW IF EXISTS temp.k_outputs;
DROP VIEW IF EXISTS temp.s_outputs;

CREATE TEMP VIEW k_tiers AS
SELECT account, tiering, tier FROM kam_tiers WHERE run_id = (SELECT run_id FROM cmp_run);
CREATE TEMP VIEW s_tiers AS
SELECT account, tiering, tier FROM sql_tiers;

CREATE TEMP VIEW k_scores AS
SELECT account, scorecard, stage, round(score, 9) AS score, grade, round(coverage, 9) AS coverage
FROM kam_scores WHERE run_id = (SELECT run_id FROM cmp_run);
CREATE TEMP VIEW s_scores AS
SELECT account, scorecard, stage, round(score, 9) AS score, grade, round(coverage, 9) AS coverage
FROM sql_scores;

CREATE TEMP VIEW k_metrics AS
SELECT account, scorecard, metric,
       CASE WHEN typeof(value) IN ('integer', 'real') THEN round(value, 9) ELSE value END AS value,
       round(score, 9) AS score, round(weight, 9) AS weight
FROM kam_metrics WHERE run_id = (SELECT run_id FROM cmp_run);
CREATE TEMP VIEW s_metrics AS
SELECT account, scorecard, metric,
       CASE WHEN typeof(value) IN ('integer', 'real') THEN round(value, 9) ELSE value END AS value,
       round(score, 9) AS score, round(weight, 9) AS weight
FROM sql_metrics;

CREATE TEMP VIEW k_alerts AS
SELECT account, alert, severity, message FROM kam_alerts WHERE run_id = (SELECT run_id FROM cmp_run);
CREATE TEMP VIEW s_alerts AS
SELECT account, alert, severity, message FROM sql_alerts;

CREATE TEMP VIEW k_outputs AS
SELECT account, name,
       CASE WHEN typeof(value) IN ('integer', 'real') THEN round(value, 9) ELSE value END AS value
FROM kam_outputs WHERE run_id = (SELECT run_id FROM cmp_run);
CREATE TEMP VIEW s_outputs AS
SELECT account, name,
       CASE WHEN typeof(value) IN ('integer', 'real') THEN round(value, 9) ELSE value END AS value
FROM sql_outputs;

-- Differences, computed once.
DROP TABLE IF EXISTS temp.cmp_diff;
CREATE TEMP TABLE cmp_diff (tbl TEXT, side TEXT, account, row_text TEXT);

INSERT INTO cmp_diff SELECT 'tiers', 'kam', account, quote(account) || '|' || quote(tiering) || '|' || quote(tier)
FROM (SELECT * FROM k_tiers EXCEPT SELECT * FROM s_tiers);
INSERT INTO cmp_diff SELECT 'tiers', 'sql', account, quote(account) || '|' || quote(tiering) || '|' || quote(tier)
FROM (SELECT * FROM s_tiers EXCEPT SELECT * FROM k_tiers);

INSERT INTO cmp_diff SELECT 'scores', 'kam', account, quote(account) || '|' || quote(scorecard) || '|' || quote(stage)
       || '|' || quote(score) || '|' || quote(grade) || '|' || quote(coverage)
FROM (SELECT * FROM k_scores EXCEPT SELECT * FROM s_scores);
INSERT INTO cmp_diff SELECT 'scores', 'sql', account, quote(account) || '|' || quote(scorecard) || '|' || quote(stage)
       || '|' || quote(score) || '|' || quote(grade) || '|' || quote(coverage)
FROM (SELECT * FROM s_scores EXCEPT SELECT * FROM k_scores);

INSERT INTO cmp_diff SELECT 'metrics', 'kam', account, quote(account) || '|' || quote(scorecard) || '|' || quote(metric)
       || '|' || quote(value) || '|' || quote(score) || '|' || quote(weight)
FROM (SELECT * FROM k_metrics EXCEPT SELECT * FROM s_metrics);
INSERT INTO cmp_diff SELECT 'metrics', 'sql', account, quote(account) || '|' || quote(scorecard) || '|' || quote(metric)
       || '|' || quote(value) || '|' || quote(score) || '|' || quote(weight)
FROM (SELECT * FROM s_metrics EXCEPT SELECT * FROM k_metrics);

INSERT INTO cmp_diff SELECT 'alerts', 'kam', account, quote(account) || '|' || quote(alert) || '|' || quote(severity)
       || '|' || quote(message)
FROM (SELECT * FROM k_alerts EXCEPT SELECT * FROM s_alerts);
INSERT INTO cmp_diff SELECT 'alerts', 'sql', account, quote(account) || '|' || quote(alert) || '|' || quote(severity)
       || '|' || quote(message)
FROM (SELECT * FROM s_alerts EXCEPT SELECT * FROM k_alerts);

INSERT INTO cmp_diff SELECT 'outputs', 'kam', account, quote(account) || '|' || quote(name) || '|' || quote(value)
FROM (SELECT * FROM k_outputs EXCEPT SELECT * FROM s_outputs);
INSERT INTO cmp_diff SELECT 'outputs', 'sql', account, quote(account) || '|' || quote(name) || '|' || quote(value)
FROM (SELECT * FROM s_outputs EXCEPT SELECT * FROM k_outputs);

DROP TABLE IF EXISTS temp.cmp_counts;
CREATE TEMP TABLE cmp_counts AS
SELECT 1 AS ord, 'tiers' AS tbl,
       (SELECT count(*) FROM k_tiers) AS kam_rows, (SELECT count(*) FROM s_tiers) AS sql_rows
UNION ALL SELECT 2, 'scores',  (SELECT count(*) FROM k_scores),  (SELECT count(*) FROM s_scores)
UNION ALL SELECT 3, 'metrics', (SELECT count(*) FROM k_metrics), (SELECT count(*) FROM s_metrics)
UNION ALL SELECT 4, 'alerts',  (SELECT count(*) FROM k_alerts),  (SELECT count(*) FROM s_alerts)
UNION ALL SELECT 5, 'outputs', (SELECT count(*) FROM k_outputs), (SELECT count(*) FROM s_outputs);

SELECT 'table', c.tbl, c.kam_rows, c.sql_rows,
       (SELECT count(*) FROM cmp_diff WHERE tbl = c.tbl AND side = 'kam'),
       (SELECT count(*) FROM cmp_diff WHERE tbl = c.tbl AND side = 'sql')
FROM cmp_counts AS c ORDER BY c.ord;

SELECT 'example', tbl, side, row_text
FROM (SELECT tbl, side, row_text, account,
             row_number() OVER (PARTITION BY tbl, side ORDER BY account, row_text) AS n
      FROM cmp_diff)
WHERE n <= 5
ORDER BY tbl, side, account, row_text;

-- Values equal as numbers but stored as INTEGER by one side and REAL by the other
-- (not a mismatch: both are numbers in SQLite's comparison).
SELECT 'note', 'typeof', 'outputs', count(*)
FROM sql_outputs AS s CROSS JOIN kam_outputs AS k   -- k found through its (run_id, account) index
WHERE k.run_id = (SELECT run_id FROM cmp_run) AND k.account = s.account AND k.name = s.name
  AND typeof(k.value) IN ('integer', 'real') AND typeof(s.value) IN ('integer', 'real')
  AND typeof(k.value) <> typeof(s.value);
SELECT 'note', 'typeof', 'metrics', count(*)
FROM sql_metrics AS s CROSS JOIN kam_metrics AS k
WHERE k.run_id = (SELECT run_id FROM cmp_run) AND k.account = s.account
  AND k.scorecard = s.scorecard AND k.metric = s.metric
  AND typeof(k.value) IN ('integer', 'real') AND typeof(s.value) IN ('integer', 'real')
  AND typeof(k.value) <> typeof(s.value);

SELECT 'mismatches',
       (SELECT count(*) FROM cmp_diff)
       + (SELECT count(*) FROM cmp_counts WHERE kam_rows <> sql_rows)
       + (SELECT count(*) FROM cmp_run WHERE run_id IS NULL);

DROP VIEW temp.k_tiers;
DROP VIEW temp.s_tiers;
DROP VIEW temp.k_scores;
DROP VIEW temp.s_scores;
DROP VIEW temp.k_metrics;
DROP VIEW temp.s_metrics;
DROP VIEW temp.k_alerts;
DROP VIEW temp.s_alerts;
DROP VIEW temp.k_outputs;
DROP VIEW temp.s_outputs;
DROP TABLE temp.cmp_diff;
DROP TABLE temp.cmp_counts;
DROP TABLE temp.cmp_run;
