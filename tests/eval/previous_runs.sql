CREATE TABLE accounts (id INTEGER PRIMARY KEY, v INTEGER, lifecycle TEXT);
INSERT INTO accounts VALUES (1, 40, 'main');
INSERT INTO accounts VALUES (2, 70, 'main');
INSERT INTO accounts VALUES (3, 60, 'main');
INSERT INTO accounts VALUES (4, 20, 'main');
-- Results of earlier runs, in the schema of LANGUAGE.md section 6.
CREATE TABLE kam_runs     (run_id INTEGER PRIMARY KEY, started_at TEXT, finished_at TEXT, as_of TEXT,
                           ruleset_sha256 TEXT, files TEXT, accounts INTEGER, alerts INTEGER,
                           warnings INTEGER, status TEXT);
CREATE TABLE kam_tiers    (run_id, account, tiering TEXT, tier TEXT);
CREATE TABLE kam_scores   (run_id, account, scorecard TEXT, stage TEXT, score REAL, grade TEXT, coverage REAL);
CREATE TABLE kam_metrics  (run_id, account, scorecard TEXT, metric TEXT, value, score REAL, weight REAL);
CREATE TABLE kam_alerts   (run_id, account, alert TEXT, severity TEXT, message TEXT);
CREATE TABLE kam_outputs  (run_id, account, name TEXT, value);
CREATE TABLE kam_warnings (run_id, account, rule TEXT, message TEXT);
INSERT INTO kam_runs VALUES (1, '2026-03-31T08:00:00', '2026-03-31T08:00:01', '2026-03-31', 'x', 'previous_runs.kam', 2, 0, 0, 'ok');
INSERT INTO kam_runs VALUES (2, '2026-05-31T08:00:00', '2026-05-31T08:00:01', '2026-05-31', 'x', 'previous_runs.kam', 2, 0, 0, 'ok');
INSERT INTO kam_runs VALUES (3, '2026-06-15T08:00:00', NULL, '2026-06-15', 'x', 'previous_runs.kam', 2, 0, 0, 'failed');
-- run 1 (older ok run)
INSERT INTO kam_tiers   VALUES (1, 1, 'kt', 'Q');
INSERT INTO kam_tiers   VALUES (1, 2, 'kt', 'P');
INSERT INTO kam_scores  VALUES (1, 1, 'h', 'main', 50.0, 'good', 1.0);
INSERT INTO kam_scores  VALUES (1, 2, 'h', 'main', 99.0, 'good', 1.0);
INSERT INTO kam_metrics VALUES (1, 1, 'h', 'm', 50, 50.0, 100.0);
INSERT INTO kam_metrics VALUES (1, 2, 'h', 'm', 99, 99.0, 100.0);
INSERT INTO kam_outputs VALUES (1, 1, 'o', 100);
INSERT INTO kam_outputs VALUES (1, 2, 'o', 198);
-- run 2 (latest ok run): the one previous() reads
INSERT INTO kam_tiers   VALUES (2, 1, 'kt', 'P');
INSERT INTO kam_tiers   VALUES (2, 2, 'kt', 'Q');
INSERT INTO kam_scores  VALUES (2, 1, 'h', 'main', 90.0, 'good', 1.0);
INSERT INTO kam_scores  VALUES (2, 2, 'h', 'main', 30.0, 'bad', 1.0);
INSERT INTO kam_metrics VALUES (2, 1, 'h', 'm', 90, 90.0, 100.0);
INSERT INTO kam_metrics VALUES (2, 2, 'h', 'm', 30, 30.0, 100.0);
INSERT INTO kam_outputs VALUES (2, 1, 'o', 180);
INSERT INTO kam_outputs VALUES (2, 2, 'o', 60);
-- account 4 in run 2: tier null (no row), score/grade null, metric score null, output null
INSERT INTO kam_scores  VALUES (2, 4, 'h', 'main', NULL, NULL, 0.0);
INSERT INTO kam_metrics VALUES (2, 4, 'h', 'm', NULL, NULL, 100.0);
INSERT INTO kam_outputs VALUES (2, 4, 'o', NULL);
-- run 3 (failed, later): ignored
INSERT INTO kam_tiers   VALUES (3, 1, 'kt', 'Q');
INSERT INTO kam_tiers   VALUES (3, 2, 'kt', 'P');
INSERT INTO kam_tiers   VALUES (3, 3, 'kt', 'P');
INSERT INTO kam_scores  VALUES (3, 1, 'h', 'main', 10.0, 'bad', 1.0);
INSERT INTO kam_scores  VALUES (3, 2, 'h', 'main', 11.0, 'bad', 1.0);
INSERT INTO kam_scores  VALUES (3, 3, 'h', 'main', 12.0, 'bad', 1.0);
INSERT INTO kam_metrics VALUES (3, 1, 'h', 'm', 10, 10.0, 100.0);
INSERT INTO kam_outputs VALUES (3, 1, 'o', 1);
INSERT INTO kam_outputs VALUES (3, 3, 'o', 3);
INSERT INTO kam_tiers   VALUES (3, 4, 'kt', 'P');
INSERT INTO kam_scores  VALUES (3, 4, 'h', 'main', 13.0, 'bad', 1.0);
