-- bench/untidy.sql -- plants extra untidy values in a (copy of a) demo database, so
-- that the agreement check between kam and bench/example.sql / bench/rules.sql
-- also covers the corners of kam's data reading the generator does not produce:
-- date-times with 'T', seconds and zones, impossible times, leap days, year 0000,
-- non-text dates, booleans other than 0/1, mixed-case categories, boundary dates
-- of the rolling windows, zero and negative targets, vacancies in the team.
--
--   cp bench/data/bench-20000.db /tmp/untidy.db && sqlite3 /tmp/untidy.db < bench/untidy.sql
--
-- Only accounts 1..400 are touched (deterministically, by id); run.sh --untidy
-- uses it.  Never run it on a database you keep.

BEGIN;

-- Dates: every shape kam accepts or refuses (README "Bad data").
WITH shapes(n, v) AS (VALUES
  (0, '2026-11-27T08:00'), (1, '2026-11-27 24:00'), (2, '2026-11-27 23:59:60'),
  (3, '2026-11-27 23:59:61'), (4, '2026-11-27 10:00:00.123+08:00'), (5, '2026-11-27 10:00:00 '),
  (6, '2024-02-29'), (7, '2025-02-29'), (8, '0000-01-01'), (9, '2026-11-27x'),
  (10, '2026-1-05'), (11, '2026-11-27 10:00'), (12, '2026-11-27 1:00'), (13, '2025-11-27'),
  (14, '2026-05-27'), (15, '2026-08-27'), (16, '2026-11-28'), (17, '2025-11-26 23:59:59'),
  (18, '2026-01-01T00:00:00Z'), (19, '2026-06-31'), (20, '2026-11-27T23:59'), (21, '2024-11-27'),
  (22, '2024-11-26'), (23, '2026-05-26'), (24, '2026-08-26'), (25, '2026-13-01 10:00'))
UPDATE deals SET closed_on = (SELECT v FROM shapes WHERE n = deals.id % 26)
WHERE account_id <= 400 AND id % 3 = 0;

WITH shapes(n, v) AS (VALUES
  (0, '2026-11-27T08:00'), (1, '2026-08-27'), (2, '2026-08-26 23:00'), (3, '2026-02-29'),
  (4, '2026-11-27 10:00:00.5Z'), (5, '2026-11-28'), (6, '2026-05-27'), (7, '2026-05-26'),
  (8, '2026-01-01'), (9, '2025-12-31 23:59'), (10, '20261101'), (11, ' 2026-10-01'))
UPDATE activities SET happened_on = (SELECT v FROM shapes WHERE n = activities.id % 12)
WHERE account_id <= 400 AND id % 2 = 0;

-- A date stored as a number is not a date.
UPDATE activities SET happened_on = 20261101 WHERE account_id BETWEEN 401 AND 405;

-- Categories in other cases and with spaces.
UPDATE deals SET stage = CASE id % 5 WHEN 0 THEN 'Won' WHEN 1 THEN 'LOST' WHEN 2 THEN 'Opportunity'
                                     WHEN 3 THEN 'won ' ELSE 'LEAD' END
WHERE account_id <= 400 AND id % 4 = 1;
UPDATE deals SET product = CASE id % 3 WHEN 0 THEN 'Cloud' WHEN 1 THEN '' ELSE NULL END
WHERE account_id <= 400 AND id % 5 = 2;
UPDATE activities SET kind = CASE id % 4 WHEN 0 THEN 'Exec_Visit' WHEN 1 THEN 'HQ_TOUR'
                                         WHEN 2 THEN 'Retrospective' ELSE 'home visit' END
WHERE account_id <= 400 AND id % 3 = 1;
UPDATE team SET role = CASE rowid % 4 WHEN 0 THEN 'Ar' WHEN 1 THEN ' SR' WHEN 2 THEN 'fr' ELSE 'AR' END
WHERE account_id <= 400 AND rowid % 3 = 0;
UPDATE team SET person = CASE rowid % 2 WHEN 0 THEN '' ELSE NULL END
WHERE account_id <= 400 AND rowid % 7 = 0;
UPDATE contacts SET role = 'Decision_Maker' WHERE account_id <= 400 AND id % 4 = 0;

-- Numbers: unreadable text, fractions in an INTEGER column, zero and negative values.
UPDATE contacts SET relationship = CASE id % 4 WHEN 0 THEN 2.5 WHEN 1 THEN 'n/a' WHEN 2 THEN '' ELSE -1 END
WHERE account_id <= 400 AND id % 5 = 0;
UPDATE deals SET gross_margin = CASE id % 3 WHEN 0 THEN 'n/a' WHEN 1 THEN -0.05 ELSE 0 END
WHERE account_id <= 400 AND id % 7 = 0;
UPDATE deals SET amount = CASE id % 3 WHEN 0 THEN '' WHEN 1 THEN 0 ELSE 123456789.5 END
WHERE account_id <= 400 AND id % 11 = 0;
UPDATE budgets SET year = CASE account_id % 3 WHEN 0 THEN '2026' WHEN 1 THEN 2026.0 ELSE 'this year' END
WHERE account_id <= 400 AND account_id % 2 = 0;
UPDATE budgets SET spent = budget * 0.8, budget = budget WHERE account_id <= 400 AND account_id % 5 = 0;

-- Accounts: booleans other than 0/1, odd lifecycles, boundary scores, targets 0 or < 0.
UPDATE accounts SET credit_ok = CASE id % 6 WHEN 0 THEN 2 WHEN 1 THEN -1 WHEN 2 THEN 'yes'
                                            WHEN 3 THEN 1.0 WHEN 4 THEN 0.0 ELSE NULL END
WHERE id <= 400 AND id % 4 = 0;
UPDATE accounts SET lifecycle = CASE id % 8 WHEN 0 THEN 'Break-through' WHEN 1 THEN '突破期'
                                            WHEN 2 THEN '成熟' WHEN 3 THEN 'GROWTH' WHEN 4 THEN NULL
                                            WHEN 5 THEN 'mature growth' WHEN 6 THEN '成长' ELSE 'Mature ' END
WHERE id <= 400 AND id % 3 = 0;
UPDATE accounts SET csat = CASE id % 6 WHEN 0 THEN 9 WHEN 1 THEN 8 WHEN 2 THEN 6 WHEN 3 THEN 7
                                       WHEN 4 THEN 5 ELSE 'great' END
WHERE id <= 400 AND id % 5 = 0;
UPDATE accounts SET orders_target = CASE id % 4 WHEN 0 THEN 0 WHEN 1 THEN -1000000 WHEN 2 THEN 'TBD'
                                                ELSE 1 END
WHERE id <= 400 AND id % 9 = 0;
UPDATE accounts SET wallet_share = CASE id % 3 WHEN 0 THEN 0.45 WHEN 1 THEN -0.1 ELSE '12%' END
WHERE id <= 400 AND id % 7 = 0;
UPDATE accounts SET industry_rank = CASE id % 3 WHEN 0 THEN 1 WHEN 1 THEN '2nd' ELSE 3.5 END
WHERE id <= 400 AND id % 2 = 1;
UPDATE accounts SET owner = CASE id % 2 WHEN 0 THEN '' ELSE NULL END WHERE id <= 400 AND id % 10 = 0;

-- Make some of them key accounts, so that the tier-gated alerts see the above.
INSERT INTO deals (account_id, amount, gross_margin, stage, region, product, opened_on, closed_on)
SELECT id, 120000000.0 + id, 0.15 + (id % 3) * 0.05, CASE id % 2 WHEN 0 THEN 'opportunity' ELSE 'Won' END,
       'east', 'network', '2026-01-05', '2026-06-30'
FROM accounts WHERE id <= 400 AND id % 6 = 1;
INSERT INTO deals (account_id, amount, gross_margin, stage, region, product, opened_on, closed_on)
SELECT id, 9000000.0, 0.11, 'lost', 'east', 'storage', '2026-01-05', '2026-07-01 12:00'
FROM accounts WHERE id <= 400 AND id % 6 = 1;
-- Rows of a relation that belong to no account, or to a key of another type.
INSERT INTO deals (account_id, amount, gross_margin, stage) VALUES (99999999, 5.0, 0.1, 'won');
INSERT INTO deals (account_id, amount, gross_margin, stage) VALUES ('7x', 5.0, 0.1, 'won');

COMMIT;
