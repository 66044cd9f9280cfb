CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT, v INTEGER, d DATE);
INSERT INTO accounts VALUES (1, 'beta', 5, '2026-03-01');
INSERT INTO accounts VALUES (2, 'zeta', NULL, NULL);
