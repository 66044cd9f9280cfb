CREATE TABLE accounts (id INTEGER PRIMARY KEY, lifecycle TEXT, v INTEGER);
INSERT INTO accounts VALUES (1, 'growth', 60);
INSERT INTO accounts VALUES (2, 'unknown', 40);
INSERT INTO accounts VALUES (3, NULL, 80);
