CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT, group_id INTEGER, deal_size REAL, margin REAL);
CREATE TABLE deals (id INTEGER PRIMARY KEY, account_id INTEGER, amount REAL);
INSERT INTO accounts VALUES (1, 'North', 7, 3000, 0.2);
INSERT INTO accounts VALUES (2, 'South', NULL, 100, 0.1);
INSERT INTO accounts VALUES (3, 'East', 7, 4000, 0.3);
INSERT INTO accounts VALUES (4, 'West', '7', NULL, 0.1);
INSERT INTO accounts VALUES (5, 'Solo', 9, 50, 0.5);
INSERT INTO accounts VALUES (6, 'Zed', 7.0, 'lots', 0.05);
INSERT INTO deals VALUES (1, 1, 500), (2, 1, 700), (3, 3, 250);
