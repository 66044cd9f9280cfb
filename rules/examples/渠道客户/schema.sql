-- 渠道客户示例包的参考表结构（kam check 不带 --db 时按它检查每个表名和列名；
-- build_db.sh 用它建示例库）。
--
-- 数据来自几张手工维护的台账，金额、日期、比例都以文本存放，写法不一：
-- '1,200万'、'¥2,500,000'、'(200,000)'（退货冲红）、'15%' 或 '0.15'，
-- '2025/3/5'、'2025年3月5日'、'20250305'。规则用 number()、date()、trim() 读它们。
CREATE TABLE 客户 (
  客户编号   TEXT PRIMARY KEY,   -- 'C001' 这样的文本编号
  客户名称   TEXT,               -- 手工录入，常带首尾空格（含全角空格）
  区域       TEXT,               -- 华东 | 华南 | 华北 | 西南
  生命周期   TEXT,               -- 拓展期 | 成长期 | 成熟期，手填，可能带空格或为空
  年度目标   TEXT,               -- 本年销售目标，文本：'800万'、'1,200,000'、'¥500万'
  签约日期   TEXT,               -- 首次签约日期，写法不一
  客户经理   TEXT,
  满意度     REAL                -- 年度满意度问卷得分，0..100
);
CREATE TABLE 订单 (
  订单号     TEXT PRIMARY KEY,
  客户编号   TEXT NOT NULL REFERENCES 客户(客户编号),
  下单日期   TEXT,
  金额       TEXT,               -- 含税金额；退货单以括号记为负数 '(200,000)'
  毛利率     TEXT,               -- '18%' 或 '0.18'
  状态       TEXT                -- 已完成 | 已退货 | 已取消
);
CREATE TABLE 应收 (
  单据号     TEXT PRIMARY KEY,
  客户编号   TEXT NOT NULL REFERENCES 客户(客户编号),
  应收金额   TEXT,
  到期日     TEXT,
  回款日期   TEXT                -- 未回款时为空（NULL 或 ''）
);
CREATE TABLE 拜访 (
  客户编号   TEXT NOT NULL REFERENCES 客户(客户编号),
  拜访日期   TEXT,
  类型       TEXT                -- 高层拜访 | 常规拜访
);
CREATE INDEX 订单_客户编号 ON 订单(客户编号);
CREATE INDEX 应收_客户编号 ON 应收(客户编号);
CREATE INDEX 拜访_客户编号 ON 拜访(客户编号);
