-- raw and rawdate are TEXT, so SQLite keeps every cell as written; mix has no
-- declared type, so its cells keep their own storage class (text '25', integer 3).
CREATE TABLE accounts (id INTEGER PRIMARY KEY, raw TEXT, rawdate TEXT, num REAL, day DATE, code INTEGER, mix);
INSERT INTO accounts VALUES (1,  '1,200',         '2025/3/5',            2.5,  '2025-01-31', 20250305,   'abc');
INSERT INTO accounts VALUES (2,  ' 7 ',           '2025.3.5',            3,    NULL,         2025,       '25');
INSERT INTO accounts VALUES (3,  '15%',           '20250305',            NULL, NULL,         '2025/3/5', 3);
INSERT INTO accounts VALUES (4,  '3000万',        '2025年3月5日',        NULL, NULL,         NULL,       NULL);
INSERT INTO accounts VALUES (5,  '1.7亿',         '2025-03-05',          NULL, NULL,         NULL,       '2024-01-01');
INSERT INTO accounts VALUES (6,  '2.5M',          '2025/2/30',           NULL, NULL,         NULL,       NULL);
INSERT INTO accounts VALUES (7,  '¥1,200',        '2024/2/29',           NULL, NULL,         NULL,       NULL);
INSERT INTO accounts VALUES (8,  '(1,200)',       '2025/3/5 9:30',       NULL, NULL,         NULL,       NULL);
INSERT INTO accounts VALUES (9,  '-3.5',          '2025-03-05 10:00:00', NULL, NULL,         NULL,       NULL);
INSERT INTO accounts VALUES (10, '12',            '2025/13/1',           NULL, NULL,         NULL,       NULL);
INSERT INTO accounts VALUES (11, '1,20',          'yesterday',           NULL, NULL,         NULL,       NULL);
INSERT INTO accounts VALUES (12, 'abc',           '',                    NULL, NULL,         NULL,       NULL);
INSERT INTO accounts VALUES (13, '',              NULL,                  NULL, NULL,         NULL,       NULL);
INSERT INTO accounts VALUES (14, NULL,            '　2025/3/5　',        NULL, NULL,         NULL,       NULL);
INSERT INTO accounts VALUES (15, '$ 2.5K',        '25/3/5',              NULL, NULL,         NULL,       NULL);
INSERT INTO accounts VALUES (16, '€1.234,5',      '2025/03/05',          NULL, NULL,         NULL,       NULL);
INSERT INTO accounts VALUES (17, '1e6',           '2025.03.5',           NULL, NULL,         NULL,       NULL);
INSERT INTO accounts VALUES (18, '--5',           '2025/3-5',            NULL, NULL,         NULL,       NULL);
INSERT INTO accounts VALUES (19, '12.50%',        '2025年12月31日',      NULL, NULL,         NULL,       NULL);
INSERT INTO accounts VALUES (20, '1,234,567.891', '2025-3-5',            NULL, NULL,         NULL,       NULL);
INSERT INTO accounts VALUES (21, '￥3,000',       '2023/2/29',           NULL, NULL,         NULL,       NULL);
INSERT INTO accounts VALUES (22, '1.5億',         '20251301',            NULL, NULL,         NULL,       NULL);
INSERT INTO accounts VALUES (23, '0.5%',          '2025年3月5',          NULL, NULL,         NULL,       NULL);
INSERT INTO accounts VALUES (24, '１２',          NULL,                  NULL, NULL,         NULL,       NULL);
