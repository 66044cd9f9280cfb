CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT, v INTEGER, lifecycle TEXT);
INSERT INTO accounts VALUES (1, 'One', 80, 'main');
INSERT INTO accounts VALUES (2, 'Two', 20, 'main');
