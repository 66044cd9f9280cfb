CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT, flag, credit TEXT, amt REAL, deals_seen);
INSERT INTO accounts VALUES (1, 'One', 'yes', 'AA', 'x', 7);
INSERT INTO accounts VALUES (2, 'Two', 2, 'B', 5, '4');
INSERT INTO accounts VALUES (3, 'Three', 1, 'C', 6, 'x');
CREATE TABLE deals (account_id INTEGER, amount);
INSERT INTO deals VALUES (1, 'abc'), (1, 10), (1, 20), (1, '9'), (2, NULL), (2, 'zz');
