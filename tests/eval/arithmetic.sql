CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT, a INTEGER, b INTEGER, x REAL, 毛利率 REAL);
INSERT INTO accounts VALUES (2, 'Beta', -9, 4, 3, 0.25);
INSERT INTO accounts VALUES (1, 'Alpha', 7, 2, 1.5, 0.15);
