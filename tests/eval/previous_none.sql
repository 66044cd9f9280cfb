CREATE TABLE accounts (id INTEGER PRIMARY KEY, v INTEGER, lifecycle TEXT);
INSERT INTO accounts VALUES (1, 70, 'main');
INSERT INTO accounts VALUES (2, 30, 'main');
