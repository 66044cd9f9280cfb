CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT, n TEXT, s TEXT, padded TEXT, wide TEXT, code TEXT);
INSERT INTO accounts VALUES (1, 'Voltcell', NULL, '毛利率', ' 	 Volt cell
', '　毛利　', 'A-B-C');
