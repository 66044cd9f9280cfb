CREATE TABLE accounts (id INTEGER PRIMARY KEY, grp COLLATE NOCASE, amount INTEGER);
INSERT INTO accounts VALUES (1, 7, 1), (2, 7.0, 2), (3, '7', 4), (4, 'ACME', 8), (5, 'acme', 16), (6, 'ACME', 32);
