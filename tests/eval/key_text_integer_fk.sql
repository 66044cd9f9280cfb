CREATE TABLE accounts (code TEXT COLLATE NOCASE PRIMARY KEY);
INSERT INTO accounts VALUES ('b'), ('7'), ('x7');
CREATE TABLE deals (account_code INTEGER, amount INTEGER);
INSERT INTO deals VALUES (7, 1), ('7', 2), ('x7', 3), ('B', 4), (8, 5);
CREATE TABLE notes (account_code TEXT, body TEXT);
INSERT INTO notes VALUES ('B', 'upper'), ('b', 'lower'), ('7', 'seven');
