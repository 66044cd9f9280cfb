CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT, revenue TEXT, sector TEXT);
INSERT INTO accounts VALUES (1, 'A', '1100.04', 'technolgy');
