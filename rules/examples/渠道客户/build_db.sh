#!/bin/sh
# 建渠道客户示例库（确定性：每次内容相同）：
#
#   sh rules/examples/渠道客户/build_db.sh /tmp/channel.db
#   kam run --db /tmp/channel.db --as-of 2026-06-30 rules/examples/渠道客户
#
# 表结构取自同目录的 schema.sql（唯一的一份）。C001..C003 是手工写的三个客户，
# 90_tests.kam 和 tests/cli/example_pack.sh 按它们手算结果；C004..C040 由公式生成，
# 金额、日期、比例故意用各种手工台账里常见的写法，留给规则清洗。
set -eu
[ $# -eq 1 ] || { echo "usage: sh build_db.sh NEW_DB" >&2; exit 2; }
db=$1
here=$(dirname "$0")
[ ! -e "$db" ] || { echo "build_db.sh: $db exists; give a new file" >&2; exit 1; }
sqlite3 -bail "$db" < "$here/schema.sql"
sqlite3 -bail "$db" <<'SQL'
BEGIN;
-- C001：成熟期老客户，近一年 720 万完成、20 万退货，毛利好，回款干净。
INSERT INTO 客户 VALUES ('C001', ' 华东新锐电器 ', '华东', '成熟期', '1,200万', '2019/3/5', '王敏', 92);
INSERT INTO 订单 VALUES
  ('D0001', 'C001', '2026/2/10',   '3,200,000',  '18%',  '已完成'),
  ('D0002', 'C001', '2026年4月8日', '¥2,500,000', '0.16', '已完成'),
  ('D0003', 'C001', '20260415',    '(200,000)',  NULL,   '已退货'),
  ('D0004', 'C001', '2025-09-20',  '150万',      '15%',  ' 已完成 '),
  ('D0005', 'C001', '2025-03-01',  '900万',      '20%',  '已完成'),   -- 一年以前，不计
  ('D0006', 'C001', '2026-05-05',  '80万',       '12%',  '已取消');
INSERT INTO 应收 VALUES
  ('R0001', 'C001', '2,000,000', '2026/5/31', '2026/5/28'),
  ('R0002', 'C001', '¥800,000',  '2026-07-15', NULL);                  -- 未到期
INSERT INTO 拜访 VALUES ('C001', '2026-06-01', '高层拜访'), ('C001', '2026/6/20', '常规拜访');

-- C002：成长期，近一年 240 万，一笔 4.5 万应收逾期 91 天，两个多月没人拜访。
INSERT INTO 客户 VALUES ('C002', '西南联拓商贸', '西南', ' 成长期', '¥500万', '2025年3月5日', '李强', 78);
INSERT INTO 订单 VALUES
  ('D0101', 'C002', '2026/1/15', '1,800,000', '12%',  '已完成'),
  ('D0102', 'C002', '2025/11/3', '60万',      '0.10', '已完成');
INSERT INTO 应收 VALUES ('R0101', 'C002', '45,000', '2026/3/31', '');
INSERT INTO 拜访 VALUES ('C002', '2026年4月10日', '常规拜访');

-- C003：拓展期新客户，没填年度目标，也还没人拜访过。
INSERT INTO 客户 VALUES ('C003', '北方启航科技', '华北', '拓展期', NULL, '20250305', '', NULL);
INSERT INTO 订单 VALUES ('D0201', 'C003', '2026-03-18', '¥60万', '9%', '已完成');

-- C004..C040：公式生成。
WITH RECURSIVE n(i) AS (SELECT 4 UNION ALL SELECT i + 1 FROM n WHERE i < 40)
INSERT INTO 客户
SELECT printf('C%03d', i),
       CASE WHEN i % 5 = 0 THEN printf(' 渠道客户%02d　', i) ELSE printf('渠道客户%02d', i) END,
       CASE i % 4 WHEN 0 THEN '华东' WHEN 1 THEN '华南' WHEN 2 THEN '华北' ELSE '西南' END,
       CASE WHEN i % 11 = 0 THEN NULL
            ELSE CASE i % 4 WHEN 0 THEN '拓展期' WHEN 1 THEN '成长期' WHEN 2 THEN '成熟期' ELSE ' 成长期 ' END END,
       CASE i % 3 WHEN 0 THEN printf('%d万', 100 + i * 20)
                  WHEN 1 THEN printf('%,d', (100 + i * 20) * 10000)
                  ELSE printf('¥%d万', 100 + i * 20) END,
       CASE i % 3 WHEN 0 THEN printf('%d/%d/%d', 2018 + i % 7, 1 + i % 12, 1 + i % 28)
                  WHEN 1 THEN printf('%d年%d月%d日', 2018 + i % 7, 1 + i % 12, 1 + i % 28)
                  ELSE printf('%04d%02d%02d', 2018 + i % 7, 1 + i % 12, 1 + i % 28) END,
       CASE WHEN i % 9 = 0 THEN '' ELSE printf('经理%d', i % 6) END,
       CASE WHEN i % 13 = 0 THEN NULL ELSE 60 + (i * 7) % 40 END
FROM n;

WITH RECURSIVE n(i) AS (SELECT 4 UNION ALL SELECT i + 1 FROM n WHERE i < 40),
     k(j) AS (SELECT 1 UNION ALL SELECT j + 1 FROM k WHERE j < 5),
     o AS (SELECT i, j, (i * 37 + j * 53) % 300 + 10 AS wan,
                  date('2026-06-30', printf('-%d days', (i * 13 + j * 29) % 400)) AS d
           FROM n JOIN k ON j <= i % 5 + 1)
INSERT INTO 订单
SELECT printf('D%02d%02d', i, j), printf('C%03d', i),
       CASE j % 3 WHEN 0 THEN d
                  WHEN 1 THEN replace(d, '-', '/')
                  ELSE printf('%d年%d月%d日', CAST(strftime('%Y', d) AS INTEGER),
                              CAST(strftime('%m', d) AS INTEGER), CAST(strftime('%d', d) AS INTEGER)) END,
       CASE (i + j) % 3 WHEN 0 THEN printf('%d万', wan)
                        WHEN 1 THEN printf('¥%,d', wan * 10000)
                        ELSE printf('%,d', wan * 10000) END,
       CASE (i + j) % 2 WHEN 0 THEN printf('%d%%', 5 + (i + j) % 15) ELSE printf('0.%02d', 5 + (i + j) % 15) END,
       '已完成'
FROM o;

-- 每六个客户有一张退货单（冲红 5 万）。
WITH RECURSIVE n(i) AS (SELECT 6 UNION ALL SELECT i + 6 FROM n WHERE i < 36)
INSERT INTO 订单
SELECT printf('D%02d90', i), printf('C%03d', i), date('2026-06-30', printf('-%d days', i * 3)),
       '(50,000)', NULL, '已退货'
FROM n;

WITH RECURSIVE n(i) AS (SELECT 4 UNION ALL SELECT i + 1 FROM n WHERE i < 40)
INSERT INTO 应收
SELECT printf('R%02d01', i), printf('C%03d', i), printf('%,d', (i % 7 + 1) * 10000),
       date('2026-06-30', printf('%+d days', 20 - (i * 17) % 120)),
       CASE WHEN i % 3 = 0 THEN NULL ELSE date('2026-06-30', printf('%+d days', 15 - (i * 17) % 120)) END
FROM n;

WITH RECURSIVE n(i) AS (SELECT 4 UNION ALL SELECT i + 1 FROM n WHERE i < 40)
INSERT INTO 拜访
SELECT printf('C%03d', i), date('2026-06-30', printf('-%d days', (i * 11) % 100)),
       CASE WHEN i % 4 = 0 THEN '高层拜访' ELSE '常规拜访' END
FROM n;
COMMIT;
SQL
