CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT, lifecycle TEXT, va INTEGER, vb INTEGER, vc INTEGER);
INSERT INTO accounts VALUES (1, 'One', 'growth', 50, 100, 70);
INSERT INTO accounts VALUES (2, 'Two', 'growth', NULL, 40, NULL);
INSERT INTO accounts VALUES (3, 'Three', 'mature', 100, 90, 80);
