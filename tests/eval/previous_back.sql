CREATE TABLE accounts (id INTEGER PRIMARY KEY, v INTEGER);
INSERT INTO accounts VALUES (1, 6);
CREATE TABLE kam_runs (run_id INTEGER PRIMARY KEY, started_at TEXT, finished_at TEXT, as_of TEXT,
                       ruleset_sha256 TEXT, files TEXT, accounts INTEGER, alerts INTEGER,
                       warnings INTEGER, status TEXT);
CREATE TABLE kam_outputs (run_id, account, name TEXT, value);
INSERT INTO kam_runs (run_id, as_of, status) VALUES (1, '2026-03-31', 'ok'), (2, '2026-04-30', 'ok'),
  (3, '2026-04-30', 'ok'), (4, '2026-05-15', 'failed'), (5, '2026-05-31', 'ok'), (6, '2026-07-31', 'ok');
INSERT INTO kam_outputs VALUES (1, 1, 'o', 1), (2, 1, 'o', 2), (3, 1, 'o', 3), (4, 1, 'o', 99),
  (5, 1, 'o', 5), (6, 1, 'o', 7);
