CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT, x REAL);
INSERT INTO accounts VALUES (1, 'Half', 2.5);
