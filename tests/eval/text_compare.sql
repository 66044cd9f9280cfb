CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT, label TEXT, code TEXT);
INSERT INTO accounts VALUES (1, 'apple', 'Key', '10');
INSERT INTO accounts VALUES (2, 'Banana', 'key', '9');
INSERT INTO accounts VALUES (3, 'éclair', NULL, 'abc');
