CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT, n INTEGER, x REAL, s TEXT);
INSERT INTO accounts VALUES (1, 'Voltcell', NULL, -2.5, '毛利率');
