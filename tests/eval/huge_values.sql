-- Infinities stored in a REAL column, the largest and smallest doubles and
-- 64-bit integers at their limits.
CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT, big REAL, n INTEGER);
INSERT INTO accounts VALUES (1, 'Inf', 9e999, 1), (2, 'NegInf', -9e999, 2),
  (3, 'Huge', 1e308, 9223372036854775807), (4, 'Tiny', 5e-324, -9223372036854775808);
CREATE TABLE deals (account_id INTEGER, amount REAL);
INSERT INTO deals VALUES (3, 1e308), (3, 1e308), (4, 1), (4, 2);
