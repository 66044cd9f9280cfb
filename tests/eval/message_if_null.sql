CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT, last_visit DATE, share REAL, note TEXT);
INSERT INTO accounts VALUES (1, 'Acme', '2026-05-10', 0.1234, 'ok');
INSERT INTO accounts VALUES (2, 'Beta', NULL, NULL, NULL);
