CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT);
INSERT INTO accounts VALUES (1, 'one'), (2, 'two'), (3, 'three');
CREATE TABLE deals_text (account_id TEXT, amount INTEGER);
INSERT INTO deals_text VALUES ('1', 1), (' 1', 2), ('01', 4), ('1.0', 8), ('2', 16), ('x', 32), ('1a', 64), (NULL, 128);
CREATE TABLE deals_untyped (account_id, amount INTEGER);
INSERT INTO deals_untyped VALUES (1, 1), ('1', 2), ('3', 4), ('three', 8);
CREATE TABLE deals_real (account_id REAL, amount INTEGER);
INSERT INTO deals_real VALUES (2.0, 1), ('2', 2), (2.5, 4);
