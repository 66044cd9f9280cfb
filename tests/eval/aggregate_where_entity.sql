CREATE TABLE accounts (id INTEGER PRIMARY KEY, region TEXT, focus TEXT, min_deal REAL);
CREATE TABLE deals (id INTEGER PRIMARY KEY, account_id INTEGER, region TEXT, product TEXT,
                    amount REAL, closed_on DATE);
INSERT INTO accounts VALUES (1, 'north', 'X', 100);
INSERT INTO accounts VALUES (2, NULL, 'Y', 10);
INSERT INTO deals VALUES (1, 1, 'north', 'X', 100, '2026-06-01');
INSERT INTO deals VALUES (2, 1, 'south', 'X', 300, '2025-01-01');
INSERT INTO deals VALUES (3, 1, 'north', 'Y', 250, '2026-03-15');
INSERT INTO deals VALUES (4, 1, 'north', 'X', 50, NULL);
INSERT INTO deals VALUES (5, 2, 'north', 'Y', 20, '2026-06-30');
INSERT INTO deals VALUES (6, 2, NULL, 'Y', 5, '2026-01-01');
