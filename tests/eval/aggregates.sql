CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT, threshold REAL);
CREATE TABLE deals (id INTEGER PRIMARY KEY, account_id INTEGER, amount REAL, margin REAL,
                    stage TEXT, qty INTEGER, closed_on DATE);
INSERT INTO accounts VALUES (1, 'One', 150);
INSERT INTO accounts VALUES (2, 'Two', NULL);
INSERT INTO accounts VALUES (3, 'Three', 0);
INSERT INTO deals VALUES (1, 1, 100, 0.1, 'won', 2, '2026-01-10');
INSERT INTO deals VALUES (2, 1, 200, 0.2, 'won', 3, '2026-05-20');
INSERT INTO deals VALUES (3, 1, 300, NULL, 'lead', NULL, NULL);
INSERT INTO deals VALUES (4, 1, NULL, NULL, 'lead', 5, NULL);
INSERT INTO deals VALUES (5, 3, NULL, 0.3, 'lost', NULL, '2025-01-01');
INSERT INTO deals VALUES (6, 99, 1000, 0.5, 'won', 1, '2026-06-01');
