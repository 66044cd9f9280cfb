/*
 * kamgen -- deterministic demo-data generator for kam.
 *
 * What it does: creates a new SQLite database holding the reference account
 * data model (accounts, deals, contacts, activities, team, budgets) and fills
 * it with synthetic key-account data that looks like a real CRM export:
 * account sizes are skewed (most accounts are small, a few are huge), about
 * 1 account in 2000 is a "whale" with hundreds of deals, money is in yuan,
 * dates lie between 2024-01-01 and 2026-11-30 and "today" is 2026-11-27.
 * At low, fixed rates it also plants the untidy values real exports contain
 * (NULLs and text in numeric columns, misspelt lifecycles, impossible dates,
 * date-times, empty strings, a lower-case team role) so that the engine's
 * data-warning counters have something to count.
 *
 * The content depends only on (--accounts, --seed): the same arguments give
 * a byte-identical file (with the same SQLite library).  The generator uses
 * its own PRNG (splitmix64), never rand() or the clock, and every account
 * draws from its own streams derived from (seed, account id), so an account
 * gets the same values whether 100 or 1,000,000 accounts are generated; only
 * which accounts are whales -- and with it the sequential ids of the deals,
 * contacts and activities after them -- depends on the number of accounts.
 * Rows are streamed into one transaction through prepared statements, so
 * memory does not grow with the number of accounts.
 *
 * What it does not do: it models no real company or person; it evaluates no
 * rule and computes no tier (that is the engine's job); it never appends to
 * or repairs an existing database; it reads no file -- the schema is
 * embedded below and must be kept identical to demo/schema.sql, which
 * `kamgen --print-schema | cmp - demo/schema.sql` checks.  It needs no libm:
 * the one transcendental function it uses (exp) is approximated here, so the
 * program links against SQLite alone.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

/* Byte-identical output across compilers and flags needs plain IEEE double
 * arithmetic: a fused multiply-add rounds differently and would move a
 * rounding or a threshold now and then.  ISO C mode (-std=c11) already
 * keeps GCC from fusing; these also cover -std=gnu11 and clang with
 * -march=native. */
#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif

/* Exit codes promised by the usage text. */
enum { EXIT_USAGE = 2, EXIT_DATABASE = 3 };

/* The reference schema, byte for byte the content of demo/schema.sql. */
static const char schema_sql[] =
    "-- Reference account data model for the demo data set and the benchmark.\n"
    "-- Dates are ISO-8601 text. Money is in yuan. Shares and margins are fractions (0.15 = 15%).\n"
    "CREATE TABLE accounts (\n"
    "  id            INTEGER PRIMARY KEY,\n"
    "  name          TEXT NOT NULL,\n"
    "  industry      TEXT,             -- e.g. 'new_energy', 'telecom', 'semiconductor'\n"
    "  industry_rank INTEGER,          -- the customer's rank in its own industry (1 = leader)\n"
    "  region        TEXT,\n"
    "  lifecycle     TEXT,             -- 'breakthrough' | 'growth' | 'mature'\n"
    "  credit_ok     INTEGER,          -- 1 when the credit record meets the group standard\n"
    "  orders_target REAL,             -- this year's order target for the account\n"
    "  wallet_share  REAL,             -- our share of the customer's spend in our categories\n"
    "  csat          REAL,             -- customer satisfaction, 0..10\n"
    "  owner         TEXT,             -- first responsible person\n"
    "  parent_id     INTEGER REFERENCES accounts(id)   -- group customer, when a subsidiary\n"
    ");\n"
    "CREATE TABLE deals (               -- leads, opportunities and closed deals (LTC)\n"
    "  id            INTEGER PRIMARY KEY,\n"
    "  account_id    INTEGER NOT NULL REFERENCES accounts(id),\n"
    "  amount        REAL,\n"
    "  gross_margin  REAL,\n"
    "  stage         TEXT,             -- 'lead' | 'opportunity' | 'won' | 'lost'\n"
    "  region        TEXT,\n"
    "  product       TEXT,\n"
    "  opened_on     DATE,\n"
    "  closed_on     DATE\n"
    ");\n"
    "CREATE TABLE contacts (\n"
    "  id            INTEGER PRIMARY KEY,\n"
    "  account_id    INTEGER NOT NULL REFERENCES accounts(id),\n"
    "  name          TEXT,\n"
    "  role          TEXT,             -- 'decision_maker' | 'influencer' | 'user'\n"
    "  relationship  INTEGER           -- -1 opposed, 0 neutral, 1 supportive, 2 prefers us, 3 coach\n"
    ");\n"
    "CREATE TABLE activities (\n"
    "  id            INTEGER PRIMARY KEY,\n"
    "  account_id    INTEGER NOT NULL REFERENCES accounts(id),\n"
    "  kind          TEXT,             -- 'exec_visit' | 'visit' | 'workshop' | 'hq_tour' | 'home_visit' | 'retrospective'\n"
    "  happened_on   DATE,\n"
    "  deal_id       INTEGER           -- the deal a retrospective reviews\n"
    ");\n"
    "CREATE TABLE team (                -- the account's iron triangle\n"
    "  account_id    INTEGER NOT NULL REFERENCES accounts(id),\n"
    "  role          TEXT,             -- 'AR' customer manager | 'SR' solution manager | 'FR' delivery manager\n"
    "  person        TEXT\n"
    ");\n"
    "CREATE TABLE budgets (\n"
    "  account_id    INTEGER NOT NULL REFERENCES accounts(id),\n"
    "  year          INTEGER,\n"
    "  budget        REAL,\n"
    "  spent         REAL\n"
    ");\n"
    "CREATE INDEX deals_account      ON deals(account_id);\n"
    "CREATE INDEX contacts_account   ON contacts(account_id);\n"
    "CREATE INDEX activities_account ON activities(account_id);\n"
    "CREATE INDEX team_account       ON team(account_id);\n"
    "CREATE INDEX budgets_account    ON budgets(account_id);\n";

/* ------------------------------------------------------------------------
 * Tunable rates.  The "shape" rates give realistic distributions; the
 * "untidy" rates are deliberately small (0.1%-2% of rows each).
 * ------------------------------------------------------------------------ */

/* Accounts and their size. */
static const double P_INDUSTRY_LEADER   = 0.08;  /* industry_rank 1..3 */
static const double LEADER_SCALE_BONUS  = 2.4;   /* leaders buy much more */
static const double TOP10_SCALE_BONUS   = 0.5;
static const double P_CREDIT_OK         = 0.90;
static const double P_SUBSIDIARY        = 0.05;  /* parent_id set */
static const int    WHALE_EVERY         = 2000;  /* about 1 whale per 2000 */
static const int    WHALE_MIN_DEALS     = 200;
static const int    WHALE_MAX_DEALS     = 600;

/* Deals: amount = exp(log median + spread); margins are fractions. */
static const double P_ACCOUNT_WITHOUT_DEALS = 0.03;
static const double DEALS_LAMBDA        = 3.2;   /* extra deals beyond the first */
static const double DEAL_MEDIAN_YUAN    = 1.0e6;
static const double DEAL_SCALE_WEIGHT   = 0.9;   /* account size -> deal size */
static const double DEAL_SPREAD         = 0.85;  /* deal-to-deal variation */
static const double DEAL_MIN_YUAN       = 1e5;
static const double DEAL_MAX_YUAN       = 5e8;
static const double MARGIN_MEAN         = 0.18;
static const double MARGIN_ACCOUNT_SD   = 0.05;
static const double MARGIN_DEAL_SD      = 0.04;
static const double P_OPEN_DEAL_WITH_CLOSE_DATE = 0.03;  /* expected close */

/* Untidy values. */
static const double P_NULL_NUMBER       = 0.008; /* NULL in a numeric column */
static const double P_TEXT_NUMBER       = 0.004; /* malformed text there */
static const double P_NUMERIC_TEXT      = 0.003; /* well-formed number as text */
static const double P_NULL_CSAT         = 0.02;  /* survey not answered */
static const double P_NULL_WALLET_SHARE = 0.015;
static const double P_ODD_LIFECYCLE     = 0.017;
static const double P_EMPTY_TEXT        = 0.004;
static const double P_NULL_TEXT         = 0.004;
static const double P_BAD_DATE          = 0.003;
static const double P_DATETIME          = 0.005;
static const double P_TEAM_LOWERCASE_AR = 0.01;
static const double P_TEAM_DUPLICATE    = 0.004;
static const double P_RETRO_WITHOUT_DEAL = 0.05;

/* Bounds that keep per-account scratch space fixed. */
enum {
    MAX_DEALS_PER_ACCOUNT = 600,   /* == WHALE_MAX_DEALS */
    MAX_REGULAR_DEALS = 60,
    CALENDAR_CAPACITY = 1100,      /* days from 2024-01-01 to 2026-11-30 */
    TEXT_CAPACITY = 96,
    EMPLOYEE_COUNT = 800
};

/* ------------------------------------------------------------------------
 * Word lists.  Account names are built from them so that every id gets a
 * different, company-like name; industry follows from the name's core word.
 * ------------------------------------------------------------------------ */

enum { INDUSTRY_COUNT = 9, LATIN_CORES_PER_INDUSTRY = 4, HAN_CORES_PER_INDUSTRY = 2 };

static const char *const industries[INDUSTRY_COUNT] = {
    "new_energy", "telecom", "semiconductor", "automotive", "finance",
    "healthcare", "logistics", "manufacturing", "retail"
};

static const char *const latin_syllables[] = {
    "Hua", "Xin", "Zhong", "Tian", "Jin", "Long", "Rui", "Sheng", "Da", "Hai",
    "Heng", "Kai", "Yuan", "Tong", "Bo", "Feng", "Guang", "Hong", "Jia", "Ming",
    "An", "Chang", "Fu", "Hao", "Jun", "Lian", "Mei", "Nan", "Ping", "Qi",
    "Run", "Shan", "Tai", "Wei", "Xiang", "Yang", "Yi", "Yong", "Ze", "Zhi",
    "Bao", "Cheng", "Dong", "Gui", "Kang", "Le", "Ren", "Sen"
};

/* Grouped by industry, LATIN_CORES_PER_INDUSTRY per industry, same order. */
static const char *const latin_cores[INDUSTRY_COUNT * LATIN_CORES_PER_INDUSTRY] = {
    "New Energy", "Solar", "Battery", "Power Storage",
    "Telecom", "Mobile", "Networks", "Communications",
    "Semiconductor", "Microelectronics", "Photonics", "Chip",
    "Automotive", "Motors", "Auto Parts", "Vehicle",
    "Bank", "Securities", "Insurance", "Capital",
    "Pharma", "Medical", "Biotech", "Health",
    "Logistics", "Shipping", "Express", "Supply Chain",
    "Machinery", "Heavy Industry", "Precision", "Materials",
    "Retail", "Commerce", "Trading", "Consumer"
};

static const char *const latin_suffixes[] = {
    "Co., Ltd.", "Group", "Holdings", "Corp.", "Ltd.", "International",
    "Technology Co.", "Industries", "Co.", "Group Co., Ltd.", "Enterprises", "Systems"
};

static const char *const han_first_chars[] = {
    "华", "中", "天", "金", "龙", "宏", "瑞", "盛", "大", "海",
    "恒", "凯", "远", "通", "博", "丰", "光", "鸿", "嘉", "明",
    "安", "长", "富", "浩", "宁", "联", "美", "南", "平", "启",
    "东", "永", "万", "国", "正", "汇", "晶", "京", "北", "深"
};

static const char *const han_second_chars[] = {
    "芯", "德", "合", "源", "腾", "达", "信", "科", "泰", "睿",
    "峰", "创", "航", "电", "为", "新", "锐", "智", "宇", "诚",
    "星", "辰", "越", "鼎", "祥", "润", "邦", "禾", "晟", "基",
    "隆", "利", "成", "安", "光", "云", "凯", "昌", "和", "盈"
};

/* Grouped by industry, HAN_CORES_PER_INDUSTRY per industry, same order. */
static const char *const han_cores[INDUSTRY_COUNT * HAN_CORES_PER_INDUSTRY] = {
    "新能源", "光伏", "通信", "移动", "半导体", "微电子", "汽车", "汽配",
    "银行", "证券", "医药", "生物", "物流", "快运", "重工", "精密",
    "商贸", "零售"
};

/* The empty suffix gives names like '宁德新能源'. */
static const char *const han_suffixes[] = {
    "", "科技", "股份有限公司", "集团", "有限公司", "控股", "股份", "实业"
};

/* A second company with an already used name becomes a regional branch. */
static const char *const latin_cities[] = {
    "Shenzhen", "Shanghai", "Beijing", "Guangzhou", "Hangzhou", "Chengdu",
    "Wuhan", "Suzhou", "Nanjing", "Xi'an", "Chongqing", "Tianjin", "Hefei",
    "Xiamen", "Qingdao", "Changsha", "Zhengzhou", "Dongguan", "Ningbo", "Jinan",
    "Shenyang", "Dalian", "Fuzhou", "Kunming", "Harbin", "Nanning", "Guiyang",
    "Taiyuan", "Urumqi", "Lanzhou"
};

static const char *const han_cities[] = {
    "深圳", "上海", "北京", "广州", "杭州", "成都", "武汉", "苏州", "南京", "西安",
    "重庆", "天津", "合肥", "厦门", "青岛", "长沙", "郑州", "东莞", "宁波", "济南",
    "沈阳", "大连", "福州", "昆明", "哈尔滨", "南宁", "贵阳", "太原", "乌鲁木齐", "兰州"
};

/* Parallel lists: index i is the same name in pinyin and in characters. */
static const char *const surnames_latin[] = {
    "Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou",
    "Xu", "Sun", "Ma", "Zhu", "Hu", "Guo", "He", "Gao", "Lin", "Luo",
    "Zheng", "Liang", "Xie", "Song", "Tang", "Han", "Feng", "Deng", "Cao", "Peng"
};
static const char *const surnames_han[] = {
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周",
    "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗",
    "郑", "梁", "谢", "宋", "唐", "韩", "冯", "邓", "曹", "彭"
};
static const char *const given_latin[] = {
    "Wei", "Fang", "Na", "Min", "Jing", "Li", "Qiang", "Lei", "Jun", "Yang",
    "Yong", "Yan", "Jie", "Juan", "Tao", "Ming", "Chao", "Xiulan", "Xia", "Ping",
    "Gang", "Hui", "Lan", "Hao", "Yu", "Xin", "Bin", "Kai", "Peng", "Ting",
    "Lin", "Dan", "Bo", "Yun", "Rui", "Chen", "Xue", "Qian", "Zhen", "Hong"
};
static const char *const given_han[] = {
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋",
    "勇", "艳", "杰", "娟", "涛", "明", "超", "秀兰", "霞", "平",
    "刚", "辉", "兰", "浩", "宇", "鑫", "斌", "凯", "鹏", "婷",
    "琳", "丹", "波", "云", "瑞", "晨", "雪", "倩", "珍", "红"
};

static const char *const regions[] = {
    "east", "south", "north", "central", "southwest", "northwest", "northeast", "overseas"
};
static const double region_weights[] = { 0.24, 0.20, 0.17, 0.11, 0.10, 0.05, 0.06, 0.07 };

static const char *const products[] = {
    "network", "storage", "compute", "cloud", "software", "services",
    "energy_storage", "security"
};
static const double product_weights[] = { 0.20, 0.15, 0.15, 0.14, 0.10, 0.12, 0.08, 0.06 };

enum stage { STAGE_LEAD, STAGE_OPPORTUNITY, STAGE_WON, STAGE_LOST, STAGE_COUNT };
static const char *const stage_names[STAGE_COUNT] = { "lead", "opportunity", "won", "lost" };
static const double stage_weights[STAGE_COUNT] = { 0.15, 0.25, 0.38, 0.22 };

static const char *const odd_lifecycles[] = { "Growth", "matured", "unknown", "" };
static const char *const bad_dates[] = { "2026-02-30", "2025-13-01", "31/12/2025", "" };

enum activity_kind {
    ACT_VISIT, ACT_EXEC_VISIT, ACT_WORKSHOP, ACT_HQ_TOUR, ACT_HOME_VISIT,
    ACT_RETROSPECTIVE, ACT_KIND_COUNT
};
static const char *const activity_kind_names[ACT_KIND_COUNT] = {
    "visit", "exec_visit", "workshop", "hq_tour", "home_visit", "retrospective"
};

static const char *const contact_roles[] = { "decision_maker", "influencer", "user" };
static const double contact_role_weights[] = { 0.15, 0.35, 0.50 };
/* relationship -1..3; index 0 is -1 (opposed), index 4 is 3 (coach). */
static const double relationship_weights[] = { 0.08, 0.27, 0.33, 0.22, 0.10 };

#define COUNT_OF(array) ((int)(sizeof(array) / sizeof((array)[0])))

/* ------------------------------------------------------------------------
 * Pseudo-random numbers: splitmix64.  Small, fast, good enough for demo
 * data, and -- unlike rand() -- identical on every platform.
 * ------------------------------------------------------------------------ */

struct rng { uint64_t state; };

static uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

static uint64_t rng_next(struct rng *r)
{
    r->state += UINT64_C(0x9E3779B97F4A7C15);
    return mix64(r->state);
}

/* Independent streams: whale placement, names and each table of an account
 * draw their own numbers, so retuning e.g. the team rows does not reshuffle
 * the deals of every account. */
enum stream {
    STREAM_ACCOUNT = 1, STREAM_WHALE, STREAM_NAMES, STREAM_EMPLOYEES,
    STREAM_TEAM, STREAM_DEALS, STREAM_ACTIVITIES, STREAM_CONTACTS, STREAM_BUDGETS
};

static struct rng rng_for(uint64_t seed, enum stream stream, uint64_t id)
{
    struct rng r;
    r.state = mix64(seed ^ mix64(((uint64_t)stream << 56) ^ mix64(id)));
    return r;
}

/* Uniform in [0, 1) with 53 random bits. */
static double rng_uniform(struct rng *r)
{
    return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

/* Uniform integer in [0, n), n < 2^32 (multiply-shift, bias negligible). */
static int rng_below(struct rng *r, int n)
{
    return (int)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

static int rng_chance(struct rng *r, double p)
{
    return rng_uniform(r) < p;
}

/* Approximately standard normal: sum of twelve uniforms minus six
 * (Irwin-Hall).  Needs no log/sqrt, and its tails stop at +-6, which keeps
 * the log-normal amounts finite. */
static double rng_normal(struct rng *r)
{
    double sum = 0.0;
    for (int word = 0; word < 3; word++) {
        uint64_t bits = rng_next(r);
        for (int part = 0; part < 4; part++) {
            sum += ((double)(bits & 0xFFFFu) + 0.5) / 65536.0;
            bits >>= 16;
        }
    }
    return sum - 6.0;
}

/* Index drawn according to weights (they need not sum to exactly 1). */
static int rng_weighted(struct rng *r, const double *weights, int n)
{
    double total = 0.0;
    for (int i = 0; i < n; i++)
        total += weights[i];
    double x = rng_uniform(r) * total;
    for (int i = 0; i < n - 1; i++) {
        if (x < weights[i])
            return i;
        x -= weights[i];
    }
    return n - 1;
}

static double exp_approx(double x);

/* Poisson by Knuth's product method; lambda is capped at 30 where the
 * method is still exact enough and fast. */
static int rng_poisson(struct rng *r, double lambda)
{
    if (lambda > 30.0)
        lambda = 30.0;
    double limit = exp_approx(-lambda);
    double product = rng_uniform(r);
    int k = 0;
    while (product > limit) {
        product *= rng_uniform(r);
        k++;
    }
    return k;
}

/* ------------------------------------------------------------------------
 * Arithmetic without libm.
 * ------------------------------------------------------------------------ */

/* exp(x) for |x| < 700: x = k ln2 + f with |f| <= ln2/2, e^f by its Taylor
 * series (relative error < 1e-15), 2^k by building the exponent bits. */
static double exp_approx(double x)
{
    const double ln2 = 0.69314718055994530942;
    if (x > 700.0)
        x = 700.0;
    if (x < -700.0)
        x = -700.0;
    long k = (long)(x / ln2 + (x >= 0 ? 0.5 : -0.5));
    double f = x - (double)k * ln2;
    double term = 1.0, sum = 1.0;
    for (int n = 1; n <= 16; n++) {
        term *= f / n;
        sum += term;
    }
    uint64_t bits = (uint64_t)(k + 1023) << 52;
    double two_to_k;
    memcpy(&two_to_k, &bits, sizeof two_to_k);
    return sum * two_to_k;
}

static double clamp(double x, double lo, double hi)
{
    return x < lo ? lo : x > hi ? hi : x;
}

/* Rounds a non-negative x to a whole multiple of step, e.g. 1000 yuan. */
static double round_to(double x, double step)
{
    return (double)(int64_t)(x / step + 0.5) * step;
}

/* Rounds a non-negative x to `units` per one, e.g. 10 for one decimal.
 * Dividing (rather than multiplying by 0.1) yields the double nearest to
 * the decimal, so 7.3 is stored as 7.3 and not as 7.300000000000001. */
static double round_to_fraction(double x, int units)
{
    return (double)(int64_t)(x * units + 0.5) / units;
}

/* Writes the integer part of a non-negative amount with thousands
 * separators, e.g. 1200000 -> "1,200,000", as spreadsheets export it. */
static void format_grouped(double amount, char *out, size_t cap)
{
    char digits[32];
    snprintf(digits, sizeof digits, "%lld", (long long)(amount + 0.5));
    size_t len = strlen(digits), o = 0;
    for (size_t i = 0; i < len && o + 2 < cap; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            out[o++] = ',';
        out[o++] = digits[i];
    }
    out[o] = '\0';
}

/* ------------------------------------------------------------------------
 * Calendar: day 0 is 2024-01-01.  All ISO strings are made once up front,
 * since formatting tens of millions of dates would otherwise cost seconds.
 * ------------------------------------------------------------------------ */

struct calendar {
    char iso[CALENDAR_CAPACITY][11];
    int today;      /* 2026-11-27: the data set's "now" */
    int last_day;   /* 2026-11-30: end of the deal date range */
};

static int is_leap_year(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
    static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    return m == 2 && is_leap_year(y) ? 29 : days[m - 1];
}

static void calendar_init(struct calendar *cal)
{
    int y = 2024, m = 1, d = 1;
    cal->today = cal->last_day = -1;
    for (int day = 0; day < CALENDAR_CAPACITY && cal->last_day < 0; day++) {
        /* The modulos only tell the compiler the fields fit. */
        snprintf(cal->iso[day], sizeof cal->iso[day], "%04u-%02u-%02u",
                 (unsigned)y % 10000u, (unsigned)m % 100u, (unsigned)d % 100u);
        if (y == 2026 && m == 11 && d == 27)
            cal->today = day;
        if (y == 2026 && m == 11 && d == 30)
            cal->last_day = day;
        if (++d > days_in_month(y, m)) {
            d = 1;
            if (++m > 12) {
                m = 1;
                y++;
            }
        }
    }
}

/* ------------------------------------------------------------------------
 * Column values.  A row is built as an array of these and bound in one
 * place, so "sometimes NULL, sometimes text" needs no special insert code.
 * ------------------------------------------------------------------------ */

enum value_kind { VAL_NULL, VAL_INT, VAL_REAL, VAL_TEXT };

struct value {
    enum value_kind kind;
    int64_t i;
    double r;
    char text[TEXT_CAPACITY];
};

static void set_null(struct value *v)
{
    v->kind = VAL_NULL;
}

static void set_int(struct value *v, int64_t i)
{
    v->kind = VAL_INT;
    v->i = i;
}

static void set_real(struct value *v, double r)
{
    v->kind = VAL_REAL;
    v->r = r;
}

static void set_text(struct value *v, const char *s)
{
    v->kind = VAL_TEXT;
    snprintf(v->text, sizeof v->text, "%s", s);
}

/* How a value is spoiled; one uniform draw decides, so the draw count per
 * row does not depend on the outcome. */
enum messiness { CLEAN, AS_NULL, AS_JUNK_TEXT, AS_NUMERIC_TEXT };

static enum messiness draw_messiness(struct rng *r, double p_null, double p_junk, double p_numeric)
{
    double u = rng_uniform(r);
    if (u < p_null)
        return AS_NULL;
    if (u < p_null + p_junk)
        return AS_JUNK_TEXT;
    if (u < p_null + p_junk + p_numeric)
        return AS_NUMERIC_TEXT;
    return CLEAN;
}

/* A text column that is now and then empty or NULL. */
static void set_text_untidy(struct rng *r, struct value *v, const char *s)
{
    switch (draw_messiness(r, P_NULL_TEXT, P_EMPTY_TEXT, 0.0)) {
    case AS_NULL:      set_null(v); break;
    case AS_JUNK_TEXT: set_text(v, ""); break;
    default:           set_text(v, s); break;
    }
}

/* A date column: mostly ISO dates, some impossible dates, some date-times. */
static void set_date_untidy(struct rng *r, struct value *v, const struct calendar *cal, int day)
{
    double u = rng_uniform(r);
    if (u < P_BAD_DATE) {
        set_text(v, bad_dates[rng_below(r, COUNT_OF(bad_dates))]);
    } else if (u < P_BAD_DATE + P_DATETIME) {
        /* Separate statements: the order in which function arguments are
         * evaluated is unspecified, and the output must not depend on the
         * compiler.  Same rule everywhere below. */
        int hour = 8 + rng_below(r, 11);
        int minute = 15 * rng_below(r, 4);
        v->kind = VAL_TEXT;
        snprintf(v->text, sizeof v->text, "%s %02d:%02d:00", cal->iso[day], hour, minute);
    } else {
        set_text(v, cal->iso[day]);
    }
}

/* ------------------------------------------------------------------------
 * Names.  Account names are a bijection of the account id, so they are
 * unique without remembering the names already used.  There are 48*48*36*12
 * = 995,328 pinyin and 40*40*18*8 = 230,400 Chinese base names; only data
 * sets beyond about 1.16 million accounts need branch names like
 * "Huaxin Solar Group (Shenzhen)".
 * ------------------------------------------------------------------------ */

/* Splits index into mixed-radix digits (digit[0] varies fastest). */
static void split_digits(uint64_t index, const uint64_t *radix, uint64_t *digit, int count)
{
    for (int i = 0; i < count; i++) {
        digit[i] = index % radix[i];
        index /= radix[i];
    }
}

/* Shuffles a tuple of digits so that consecutive indexes give unrelated
 * names.  Each step adds to one digit a keyed hash of the other digits;
 * subtracting the same hash undoes it, so the shuffle is a bijection and
 * distinct indexes keep giving distinct names. */
static void scramble_digits(uint64_t key, const uint64_t *radix, uint64_t *digit, int count)
{
    for (int round = 0; round < 2; round++) {
        for (int i = 0; i < count; i++) {
            uint64_t h = mix64(key + (uint64_t)(round * count + i));
            for (int j = 0; j < count; j++) {
                if (j != i)
                    h = mix64(h ^ digit[j] ^ ((uint64_t)j << 56));
            }
            digit[i] = (digit[i] + h % radix[i]) % radix[i];
        }
    }
}

/* Appends the regional-branch qualifier for the generation-th reuse of a
 * base name: " (Shenzhen)", then " (Shenzhen) 2" once the cities run out. */
static void append_branch(char *out, size_t cap, uint64_t generation, int han)
{
    if (generation == 0)
        return;
    uint64_t city = (generation - 1) % (uint64_t)COUNT_OF(latin_cities);
    uint64_t round = (generation - 1) / (uint64_t)COUNT_OF(latin_cities);
    size_t len = strlen(out);
    if (han)
        snprintf(out + len, cap - len, "（%s）", han_cities[city]);
    else
        snprintf(out + len, cap - len, " (%s)", latin_cities[city]);
    if (round > 0) {
        len = strlen(out);
        snprintf(out + len, cap - len, " %llu", (unsigned long long)(round + 1));
    }
}

/* Builds the name of account `id` and returns its industry index.  One id
 * in seven gets a Chinese name, the others a pinyin/English one. */
static int account_name(uint64_t seed, int64_t id, char *out, size_t cap)
{
    uint64_t k = (uint64_t)(id - 1), block = k / 7, slot = k % 7;
    int han = slot == 3;
    /* The position of this id among the ids of its script. */
    uint64_t local = han ? block : block * 6 + (slot < 3 ? slot : slot - 1);

    enum { FIRST, SECOND, CORE, SUFFIX, PARTS };
    uint64_t radix[PARTS], part[PARTS];
    radix[FIRST] = han ? COUNT_OF(han_first_chars) : COUNT_OF(latin_syllables);
    radix[SECOND] = han ? COUNT_OF(han_second_chars) : COUNT_OF(latin_syllables);
    radix[CORE] = han ? COUNT_OF(han_cores) : COUNT_OF(latin_cores);
    radix[SUFFIX] = han ? COUNT_OF(han_suffixes) : COUNT_OF(latin_suffixes);
    const uint64_t space = radix[FIRST] * radix[SECOND] * radix[CORE] * radix[SUFFIX];

    struct rng key_rng = rng_for(seed, STREAM_NAMES, (uint64_t)han);
    split_digits(local % space, radix, part, PARTS);
    scramble_digits(rng_next(&key_rng), radix, part, PARTS);

    if (han) {
        snprintf(out, cap, "%s%s%s%s", han_first_chars[part[FIRST]], han_second_chars[part[SECOND]],
                 han_cores[part[CORE]], han_suffixes[part[SUFFIX]]);
    } else {
        char second[16];
        snprintf(second, sizeof second, "%s", latin_syllables[part[SECOND]]);
        second[0] = (char)(second[0] - 'A' + 'a');   /* "Hua" + "xin" */
        snprintf(out, cap, "%s%s %s %s", latin_syllables[part[FIRST]], second,
                 latin_cores[part[CORE]], latin_suffixes[part[SUFFIX]]);
    }
    append_branch(out, cap, local / space, han);
    return (int)(part[CORE] / (han ? HAN_CORES_PER_INDUSTRY : LATIN_CORES_PER_INDUSTRY));
}

/* A person's name from (surname, given name) indexes, in pinyin ("Wang Wei")
 * or in characters ("王伟"). */
static void person_name(int surname, int given, int han, char *out, size_t cap)
{
    if (han)
        snprintf(out, cap, "%s%s", surnames_han[surname], given_han[given]);
    else
        snprintf(out, cap, "%s %s", surnames_latin[surname], given_latin[given]);
}

/* Our own staff: a fixed pool of EMPLOYEE_COUNT distinct people (there are
 * 30 * 40 = 1200 distinct names). */
static void employee_name(uint64_t seed, int employee, char *out, size_t cap)
{
    const uint64_t radix[2] = { COUNT_OF(surnames_latin), COUNT_OF(given_latin) };
    uint64_t part[2];
    struct rng key_rng = rng_for(seed, STREAM_EMPLOYEES, 0);
    split_digits((uint64_t)employee, radix, part, 2);
    scramble_digits(rng_next(&key_rng), radix, part, 2);
    person_name((int)part[0], (int)part[1], employee % 3 == 0, out, cap);
}

/* A customer's employee: any name, repeats allowed. */
static void random_person_name(struct rng *r, char *out, size_t cap)
{
    int surname = rng_below(r, COUNT_OF(surnames_latin));
    int given = rng_below(r, COUNT_OF(given_latin));
    int han = rng_chance(r, 0.5);
    person_name(surname, given, han, out, cap);
}

/* ------------------------------------------------------------------------
 * Database plumbing.
 * ------------------------------------------------------------------------ */

enum table { T_ACCOUNTS, T_DEALS, T_CONTACTS, T_ACTIVITIES, T_TEAM, T_BUDGETS, TABLE_COUNT };

static const char *const table_names[TABLE_COUNT] = {
    "accounts", "deals", "contacts", "activities", "team", "budgets"
};

static const char *const insert_sql[TABLE_COUNT] = {
    "INSERT INTO accounts (id, name, industry, industry_rank, region, lifecycle, credit_ok,"
    " orders_target, wallet_share, csat, owner, parent_id)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "INSERT INTO deals (id, account_id, amount, gross_margin, stage,"
    " region, product, opened_on, closed_on)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "INSERT INTO contacts (id, account_id, name, role, relationship) VALUES (?, ?, ?, ?, ?)",
    "INSERT INTO activities (id, account_id, kind, happened_on, deal_id) VALUES (?, ?, ?, ?, ?)",
    "INSERT INTO team (account_id, role, person) VALUES (?, ?, ?)",
    "INSERT INTO budgets (account_id, year, budget, spent) VALUES (?, ?, ?, ?)"
};

/* What the activities of an account need to know about its deals. */
struct deal_note {
    int64_t id;
    int closed_day;   /* -1 while the deal is open */
};

/* Everything the generator needs, passed explicitly instead of globals. */
struct gen {
    sqlite3 *db;
    sqlite3_stmt *insert[TABLE_COUNT];
    int64_t rows[TABLE_COUNT];
    uint64_t seed;
    int64_t account_count;
    int64_t whale_count, whale_block;   /* one whale in each block of ids */
    struct calendar cal;
    /* Scratch for the account being generated; bounded, reused. */
    struct deal_note deals[MAX_DEALS_PER_ACCOUNT];
    int deal_count;
};

static int report_db_error(sqlite3 *db, const char *doing)
{
    fprintf(stderr, "kamgen: database error while %s: %s\n", doing, sqlite3_errmsg(db));
    return -1;
}

static int report_insert_error(const struct gen *g, enum table t)
{
    fprintf(stderr, "kamgen: database error while inserting into %s: %s\n",
            table_names[t], sqlite3_errmsg(g->db));
    return -1;
}

static int exec_sql(sqlite3 *db, const char *sql, const char *doing)
{
    if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return report_db_error(db, doing);
    return 0;
}

/* Runs every statement of sql[begin, end) -- used to run the embedded
 * schema in two parts, tables first and indexes after the data. */
static int exec_sql_range(sqlite3 *db, const char *begin, const char *end, const char *doing)
{
    while (begin < end) {
        sqlite3_stmt *st = NULL;
        const char *tail = NULL;
        if (sqlite3_prepare_v2(db, begin, (int)(end - begin), &st, &tail) != SQLITE_OK)
            return report_db_error(db, doing);
        if (st == NULL)   /* only whitespace or comments were left */
            break;
        int rc = sqlite3_step(st);
        sqlite3_finalize(st);
        if (rc != SQLITE_DONE && rc != SQLITE_ROW)
            return report_db_error(db, doing);
        begin = tail;
    }
    return 0;
}

static int bind_value(sqlite3_stmt *st, int column, const struct value *v)
{
    switch (v->kind) {
    case VAL_NULL: return sqlite3_bind_null(st, column);
    case VAL_INT:  return sqlite3_bind_int64(st, column, v->i);
    case VAL_REAL: return sqlite3_bind_double(st, column, v->r);
    case VAL_TEXT: return sqlite3_bind_text(st, column, v->text, -1, SQLITE_STATIC);
    }
    return SQLITE_MISUSE;
}

/* Binds a whole row and inserts it.  SQLITE_STATIC is safe because the
 * values outlive the step and the reset. */
static int insert_row(struct gen *g, enum table t, const struct value *row, int columns)
{
    sqlite3_stmt *st = g->insert[t];
    for (int c = 0; c < columns; c++) {
        if (bind_value(st, c + 1, &row[c]) != SQLITE_OK)
            return report_insert_error(g, t);
    }
    if (sqlite3_step(st) != SQLITE_DONE) {
        report_insert_error(g, t);   /* before the reset, which may clear the message */
        sqlite3_reset(st);
        return -1;
    }
    if (sqlite3_reset(st) != SQLITE_OK)
        return report_insert_error(g, t);
    g->rows[t]++;
    return 0;
}

/* ------------------------------------------------------------------------
 * The account profile: hidden traits that make an account's rows coherent
 * (big accounts have big deals, more deals, more executive visits ...).
 * ------------------------------------------------------------------------ */

struct account {
    int64_t id;
    int whale;
    double scale;        /* size in standard deviations (log scale) */
    double bigness;      /* scale squashed into 0..1, for probabilities */
    int industry;
    int rank;            /* industry_rank */
    int region;
    double base_margin;  /* what the account's deals earn on average */
    int customer_manager;   /* employee index of the AR */
    char name[TEXT_CAPACITY];
};

/* Whales sit at a seed-dependent position inside each block of ids, so
 * they are spread out and can be recognised without a list. */
static int is_whale(const struct gen *g, int64_t id)
{
    int64_t block = (id - 1) / g->whale_block;
    if (block >= g->whale_count)
        return 0;
    struct rng r = rng_for(g->seed, STREAM_WHALE, (uint64_t)block);
    return id == block * g->whale_block + 1 + rng_below(&r, (int)g->whale_block);
}

static int draw_industry_rank(struct rng *r)
{
    if (rng_chance(r, P_INDUSTRY_LEADER))
        return 1 + rng_below(r, 3);
    double u = rng_uniform(r);
    return 4 + (int)(47.0 * u * u);   /* our customers lean to the top ranks */
}

static void draw_account(const struct gen *g, struct rng *r, int64_t id, struct account *a)
{
    a->id = id;
    a->whale = is_whale(g, id);
    a->industry = account_name(g->seed, id, a->name, sizeof a->name);
    a->rank = draw_industry_rank(r);
    a->scale = rng_normal(r);
    if (a->rank <= 3)
        a->scale += LEADER_SCALE_BONUS;
    else if (a->rank <= 10)
        a->scale += TOP10_SCALE_BONUS;
    if (a->whale && a->scale < 2.5)
        a->scale = 2.5 + 0.3 * rng_uniform(r);
    a->bigness = clamp((a->scale + 1.0) / 4.0, 0.0, 1.0);
    a->region = rng_weighted(r, region_weights, COUNT_OF(region_weights));
    a->base_margin = clamp(MARGIN_MEAN + MARGIN_ACCOUNT_SD * rng_normal(r), 0.03, 0.33);
    a->customer_manager = rng_below(r, EMPLOYEE_COUNT);
}

/* ------------------------------------------------------------------------
 * accounts
 * ------------------------------------------------------------------------ */

enum {
    A_ID, A_NAME, A_INDUSTRY, A_RANK, A_REGION, A_LIFECYCLE, A_CREDIT_OK,
    A_ORDERS_TARGET, A_WALLET_SHARE, A_CSAT, A_OWNER, A_PARENT, ACCOUNT_COLUMNS
};

/* English ordinal suffix: 1st, 2nd, 3rd, 4th ... 11th, 12th, 13th ... 21st. */
static const char *ordinal_suffix(int n)
{
    if (n % 100 >= 11 && n % 100 <= 13)
        return "th";
    switch (n % 10) {
    case 1:  return "st";
    case 2:  return "nd";
    case 3:  return "rd";
    default: return "th";
    }
}

static void set_industry_rank(struct rng *r, struct value *v, int rank)
{
    switch (draw_messiness(r, P_NULL_NUMBER, P_TEXT_NUMBER, P_NUMERIC_TEXT)) {
    case AS_NULL:         set_null(v); break;
    case AS_JUNK_TEXT:    v->kind = VAL_TEXT;   /* "3rd", as typed into a spreadsheet */
                          snprintf(v->text, sizeof v->text, "%d%s", rank, ordinal_suffix(rank)); break;
    case AS_NUMERIC_TEXT: v->kind = VAL_TEXT; snprintf(v->text, sizeof v->text, "%d", rank); break;
    case CLEAN:           set_int(v, rank); break;
    }
}

static void set_lifecycle(struct rng *r, struct value *v, double bigness)
{
    if (rng_chance(r, P_ODD_LIFECYCLE)) {
        int odd = rng_below(r, COUNT_OF(odd_lifecycles) + 1);
        if (odd == COUNT_OF(odd_lifecycles))
            set_null(v);
        else
            set_text(v, odd_lifecycles[odd]);
        return;
    }
    /* Big accounts have usually been customers for a while. */
    const double weights[3] = { 0.42 - 0.25 * bigness, 0.40 - 0.05 * bigness, 0.18 + 0.30 * bigness };
    static const char *const stages[3] = { "breakthrough", "growth", "mature" };
    set_text(v, stages[rng_weighted(r, weights, 3)]);
}

static void set_orders_target(struct rng *r, struct value *v, const struct account *a)
{
    /* About a year's worth of the account's typical business, with ambition. */
    double target = 4.0 * DEAL_MEDIAN_YUAN * exp_approx(DEAL_SCALE_WEIGHT * a->scale)
                    * (0.7 + 0.7 * rng_uniform(r));
    target = round_to(clamp(target, 1e6, 2e8), 1e4);
    switch (draw_messiness(r, P_NULL_NUMBER, P_TEXT_NUMBER / 2, P_NUMERIC_TEXT)) {
    case AS_NULL:         set_null(v); break;
    case AS_JUNK_TEXT:    set_text(v, "TBD"); break;
    case AS_NUMERIC_TEXT: v->kind = VAL_TEXT; snprintf(v->text, sizeof v->text, "%.0f", target); break;
    case CLEAN:           set_real(v, target); break;
    }
}

static void set_wallet_share(struct rng *r, struct value *v)
{
    double u = rng_uniform(r);
    double share = round_to_fraction(0.6 * u * u, 1000);   /* mostly modest shares */
    switch (draw_messiness(r, P_NULL_WALLET_SHARE, P_TEXT_NUMBER / 2, 0.0)) {
    case AS_NULL:      set_null(v); break;
    case AS_JUNK_TEXT: v->kind = VAL_TEXT; snprintf(v->text, sizeof v->text, "%.0f%%", share * 100); break;
    default:           set_real(v, share); break;
    }
}

static void set_csat(struct rng *r, struct value *v)
{
    double csat = round_to_fraction(clamp(7.0 + 1.4 * rng_normal(r), 0.0, 10.0), 10);
    switch (draw_messiness(r, P_NULL_CSAT, P_TEXT_NUMBER, P_NUMERIC_TEXT)) {
    case AS_NULL:         set_null(v); break;
    case AS_JUNK_TEXT:    set_text(v, csat >= 6.0 ? "good" : "poor"); break;
    case AS_NUMERIC_TEXT: v->kind = VAL_TEXT; snprintf(v->text, sizeof v->text, "%.0f", csat); break;
    case CLEAN:           set_real(v, csat); break;
    }
}

static int insert_account(struct gen *g, struct rng *r, const struct account *a)
{
    struct value row[ACCOUNT_COLUMNS];
    char owner[TEXT_CAPACITY];

    set_int(&row[A_ID], a->id);
    set_text(&row[A_NAME], a->name);
    set_text_untidy(r, &row[A_INDUSTRY], industries[a->industry]);
    set_industry_rank(r, &row[A_RANK], a->rank);
    set_text_untidy(r, &row[A_REGION], regions[a->region]);
    set_lifecycle(r, &row[A_LIFECYCLE], a->bigness);
    if (rng_chance(r, P_NULL_NUMBER / 2))
        set_null(&row[A_CREDIT_OK]);
    else   /* leaders tend to have clean credit records */
        set_int(&row[A_CREDIT_OK], rng_chance(r, a->rank <= 3 ? 0.95 : P_CREDIT_OK));
    set_orders_target(r, &row[A_ORDERS_TARGET], a);
    set_wallet_share(r, &row[A_WALLET_SHARE]);
    set_csat(r, &row[A_CSAT]);
    /* The first responsible person is normally the customer manager. */
    employee_name(g->seed, rng_chance(r, 0.9) ? a->customer_manager : rng_below(r, EMPLOYEE_COUNT),
                  owner, sizeof owner);
    set_text_untidy(r, &row[A_OWNER], owner);
    if (a->id > 1 && rng_chance(r, P_SUBSIDIARY))
        set_int(&row[A_PARENT], 1 + rng_below(r, (int)(a->id - 1)));
    else
        set_null(&row[A_PARENT]);
    return insert_row(g, T_ACCOUNTS, row, ACCOUNT_COLUMNS);
}

/* ------------------------------------------------------------------------
 * deals
 * ------------------------------------------------------------------------ */

enum {
    D_ID, D_ACCOUNT, D_AMOUNT, D_MARGIN, D_STAGE, D_REGION, D_PRODUCT,
    D_OPENED, D_CLOSED, DEAL_COLUMNS
};

static int draw_deal_count(struct rng *r, const struct account *a)
{
    if (a->whale)
        return WHALE_MIN_DEALS + rng_below(r, WHALE_MAX_DEALS - WHALE_MIN_DEALS + 1);
    if (rng_chance(r, P_ACCOUNT_WITHOUT_DEALS))
        return 0;
    int count = 1 + rng_poisson(r, DEALS_LAMBDA * exp_approx(0.35 * a->scale));
    return count < MAX_REGULAR_DEALS ? count : MAX_REGULAR_DEALS;
}

/* Closed deals ran for two weeks to ten months and closed by today; open
 * ones were opened recently (leads more recently than opportunities). */
static void draw_deal_dates(struct rng *r, const struct calendar *cal, enum stage stage,
                            int *opened, int *closed)
{
    if (stage == STAGE_WON || stage == STAGE_LOST) {
        *opened = rng_below(r, cal->today - 13);
        int close = *opened + 14 + rng_below(r, 290);
        *closed = close < cal->today ? close : cal->today;
        return;
    }
    *opened = cal->today - rng_below(r, stage == STAGE_LEAD ? 240 : 400);
    *closed = -1;
    if (rng_chance(r, P_OPEN_DEAL_WITH_CLOSE_DATE)) {   /* an expected close date */
        int expected = *opened + 30 + rng_below(r, 200);
        *closed = expected < cal->last_day ? expected : cal->last_day;
    }
}

static void set_amount(struct rng *r, struct value *v, double amount)
{
    switch (draw_messiness(r, P_NULL_NUMBER, P_TEXT_NUMBER, P_NUMERIC_TEXT)) {
    case AS_NULL:
        set_null(v);
        break;
    case AS_JUNK_TEXT:
        v->kind = VAL_TEXT;
        if (rng_chance(r, 0.75))
            format_grouped(amount, v->text, sizeof v->text);
        else
            snprintf(v->text, sizeof v->text, "n/a");
        break;
    case AS_NUMERIC_TEXT:
        v->kind = VAL_TEXT;
        snprintf(v->text, sizeof v->text, "%.0f", amount);
        break;
    case CLEAN:
        set_real(v, amount);
        break;
    }
}

static void set_gross_margin(struct rng *r, struct value *v, double margin)
{
    switch (draw_messiness(r, P_NULL_NUMBER, P_TEXT_NUMBER / 2, P_NUMERIC_TEXT / 2)) {
    case AS_NULL:         set_null(v); break;
    case AS_JUNK_TEXT:    v->kind = VAL_TEXT; snprintf(v->text, sizeof v->text, "%.0f%%", margin * 100); break;
    case AS_NUMERIC_TEXT: v->kind = VAL_TEXT; snprintf(v->text, sizeof v->text, "%.3f", margin); break;
    case CLEAN:           set_real(v, margin); break;
    }
}

static int insert_deal(struct gen *g, struct rng *r, const struct account *a)
{
    struct value row[DEAL_COLUMNS];
    enum stage stage = (enum stage)rng_weighted(r, stage_weights, STAGE_COUNT);
    int opened, closed;
    draw_deal_dates(r, &g->cal, stage, &opened, &closed);

    /* Log-normal amounts: bigger accounts buy bigger; leads are rougher. */
    double log_spread = DEAL_SCALE_WEIGHT * a->scale + DEAL_SPREAD * rng_normal(r);
    if (stage == STAGE_LEAD)
        log_spread -= 0.3;
    double amount = clamp(DEAL_MEDIAN_YUAN * exp_approx(log_spread), DEAL_MIN_YUAN, DEAL_MAX_YUAN);
    amount = round_to(amount, 1000.0);
    double margin = round_to_fraction(
        clamp(a->base_margin + MARGIN_DEAL_SD * rng_normal(r), 0.01, 0.45), 1000);
    /* Now and then a deal is booked in another region than the account's. */
    int region = rng_chance(r, 0.07) ? rng_weighted(r, region_weights, COUNT_OF(region_weights))
                                     : a->region;

    int64_t id = g->rows[T_DEALS] + 1;
    set_int(&row[D_ID], id);
    set_int(&row[D_ACCOUNT], a->id);
    set_amount(r, &row[D_AMOUNT], amount);
    set_gross_margin(r, &row[D_MARGIN], margin);
    set_text(&row[D_STAGE], stage_names[stage]);
    set_text_untidy(r, &row[D_REGION], regions[region]);
    set_text_untidy(r, &row[D_PRODUCT], products[rng_weighted(r, product_weights, COUNT_OF(product_weights))]);
    set_date_untidy(r, &row[D_OPENED], &g->cal, opened);
    if (closed < 0)
        set_null(&row[D_CLOSED]);
    else
        set_date_untidy(r, &row[D_CLOSED], &g->cal, closed);

    g->deals[g->deal_count].id = id;
    g->deals[g->deal_count].closed_day = stage == STAGE_WON || stage == STAGE_LOST ? closed : -1;
    g->deal_count++;
    return insert_row(g, T_DEALS, row, DEAL_COLUMNS);
}

static int insert_deals(struct gen *g, struct rng *r, const struct account *a)
{
    int count = draw_deal_count(r, a);
    g->deal_count = 0;
    for (int i = 0; i < count; i++) {
        if (insert_deal(g, r, a) != 0)
            return -1;
    }
    return 0;
}

/* ------------------------------------------------------------------------
 * activities
 * ------------------------------------------------------------------------ */

enum { V_ID, V_ACCOUNT, V_KIND, V_HAPPENED, V_DEAL, ACTIVITY_COLUMNS };

static int draw_activity_count(struct rng *r, const struct account *a, int deal_count)
{
    if (a->whale)   /* a whale's team is on site all the time */
        return deal_count + rng_below(r, deal_count + 1);
    return rng_poisson(r, 1.5 + 1.3 * deal_count);
}

static enum activity_kind draw_activity_kind(struct rng *r, double bigness)
{
    double weights[ACT_KIND_COUNT];
    weights[ACT_EXEC_VISIT] = 0.03 + 0.17 * bigness * bigness;   /* executives visit big accounts */
    weights[ACT_HQ_TOUR] = 0.03 + 0.04 * bigness;
    weights[ACT_WORKSHOP] = 0.12;
    weights[ACT_HOME_VISIT] = 0.06;
    weights[ACT_RETROSPECTIVE] = 0.03;
    weights[ACT_VISIT] = 1.0 - weights[ACT_EXEC_VISIT] - weights[ACT_HQ_TOUR]
                         - weights[ACT_WORKSHOP] - weights[ACT_HOME_VISIT] - weights[ACT_RETROSPECTIVE];
    return (enum activity_kind)rng_weighted(r, weights, ACT_KIND_COUNT);
}

/* Picks a closed deal of the current account to review; -1 when none. */
static int pick_closed_deal(const struct gen *g, struct rng *r)
{
    if (g->deal_count == 0)
        return -1;
    /* A few tries are enough: most accounts have closed deals, and those
     * that have none simply get a visit instead of a retrospective. */
    for (int attempt = 0; attempt < 8; attempt++) {
        int i = rng_below(r, g->deal_count);
        if (g->deals[i].closed_day >= 0)
            return i;
    }
    return -1;
}

static int insert_activity(struct gen *g, struct rng *r, const struct account *a)
{
    struct value row[ACTIVITY_COLUMNS];
    enum activity_kind kind = draw_activity_kind(r, a->bigness);
    int day = rng_below(r, g->cal.today + 1);
    set_null(&row[V_DEAL]);

    if (kind == ACT_RETROSPECTIVE) {
        int deal = pick_closed_deal(g, r);
        int review_day = deal < 0 ? -1 : g->deals[deal].closed_day + 3 + rng_below(r, 45);
        if (deal < 0 || review_day > g->cal.today) {
            kind = ACT_VISIT;
        } else {
            day = review_day;
            if (!rng_chance(r, P_RETRO_WITHOUT_DEAL))
                set_int(&row[V_DEAL], g->deals[deal].id);
        }
    }
    set_int(&row[V_ID], g->rows[T_ACTIVITIES] + 1);
    set_int(&row[V_ACCOUNT], a->id);
    set_text_untidy(r, &row[V_KIND], activity_kind_names[kind]);
    set_date_untidy(r, &row[V_HAPPENED], &g->cal, day);
    return insert_row(g, T_ACTIVITIES, row, ACTIVITY_COLUMNS);
}

static int insert_activities(struct gen *g, struct rng *r, const struct account *a)
{
    int count = draw_activity_count(r, a, g->deal_count);
    for (int i = 0; i < count; i++) {
        if (insert_activity(g, r, a) != 0)
            return -1;
    }
    return 0;
}

/* ------------------------------------------------------------------------
 * contacts
 * ------------------------------------------------------------------------ */

enum { C_ID, C_ACCOUNT, C_NAME, C_ROLE, C_RELATIONSHIP, CONTACT_COLUMNS };

static void set_relationship(struct rng *r, struct value *v)
{
    int relationship = rng_weighted(r, relationship_weights, COUNT_OF(relationship_weights)) - 1;
    switch (draw_messiness(r, P_NULL_NUMBER, P_TEXT_NUMBER / 2, P_NUMERIC_TEXT / 2)) {
    case AS_NULL:         set_null(v); break;
    case AS_JUNK_TEXT:    set_text(v, relationship >= 2 ? "good" : "unclear"); break;
    case AS_NUMERIC_TEXT: v->kind = VAL_TEXT; snprintf(v->text, sizeof v->text, "%d", relationship); break;
    case CLEAN:           set_int(v, relationship); break;
    }
}

static int insert_contact(struct gen *g, struct rng *r, const struct account *a, int nth)
{
    struct value row[CONTACT_COLUMNS];
    char name[TEXT_CAPACITY];
    random_person_name(r, name, sizeof name);
    /* The first contact found is usually the one who decides. */
    int role = nth == 0 && rng_chance(r, 0.6)
                   ? 0 : rng_weighted(r, contact_role_weights, COUNT_OF(contact_role_weights));

    set_int(&row[C_ID], g->rows[T_CONTACTS] + 1);
    set_int(&row[C_ACCOUNT], a->id);
    set_text_untidy(r, &row[C_NAME], name);
    set_text_untidy(r, &row[C_ROLE], contact_roles[role]);
    set_relationship(r, &row[C_RELATIONSHIP]);
    return insert_row(g, T_CONTACTS, row, CONTACT_COLUMNS);
}

static int insert_contacts(struct gen *g, struct rng *r, const struct account *a)
{
    int count = a->whale ? 15 + rng_below(r, 31) : rng_poisson(r, 1.9 + 3.0 * a->bigness);
    for (int i = 0; i < count; i++) {
        if (insert_contact(g, r, a, i) != 0)
            return -1;
    }
    return 0;
}

/* ------------------------------------------------------------------------
 * team (the iron triangle)
 * ------------------------------------------------------------------------ */

enum { M_ACCOUNT, M_ROLE, M_PERSON, TEAM_COLUMNS };

static int insert_team_member(struct gen *g, struct rng *r, const struct account *a,
                              const char *role, int employee)
{
    struct value row[TEAM_COLUMNS];
    char person[TEXT_CAPACITY];
    employee_name(g->seed, employee, person, sizeof person);
    set_int(&row[M_ACCOUNT], a->id);
    set_text(&row[M_ROLE], role);
    set_text_untidy(r, &row[M_PERSON], person);
    if (insert_row(g, T_TEAM, row, TEAM_COLUMNS) != 0)
        return -1;
    /* Copy-paste leftovers: the same row twice. */
    if (rng_chance(r, P_TEAM_DUPLICATE))
        return insert_row(g, T_TEAM, row, TEAM_COLUMNS);
    return 0;
}

static int insert_team(struct gen *g, struct rng *r, const struct account *a)
{
    /* Big accounts get a fuller triangle, yet a quarter of them still miss
     * an SR or FR -- which is what the "incomplete triangle" rule finds. */
    double b = a->whale ? 1.0 : a->bigness;
    int has_ar = rng_chance(r, 0.95 + 0.04 * b);
    int has_sr = rng_chance(r, 0.72 + 0.22 * b);
    int has_fr = rng_chance(r, 0.52 + 0.35 * b);
    int extra = a->whale ? 2 + rng_below(r, 3) : rng_chance(r, 0.15);

    if (has_ar) {
        if (insert_team_member(g, r, a, "AR", a->customer_manager) != 0)
            return -1;
        if (rng_chance(r, P_TEAM_LOWERCASE_AR)
            && insert_team_member(g, r, a, "ar", a->customer_manager) != 0)
            return -1;
    }
    if (has_sr && insert_team_member(g, r, a, "SR", rng_below(r, EMPLOYEE_COUNT)) != 0)
        return -1;
    if (has_fr && insert_team_member(g, r, a, "FR", rng_below(r, EMPLOYEE_COUNT)) != 0)
        return -1;
    for (int i = 0; i < extra; i++) {   /* a second solution or delivery manager */
        const char *role = rng_chance(r, 0.5) ? "SR" : "FR";
        int employee = rng_below(r, EMPLOYEE_COUNT);
        if (insert_team_member(g, r, a, role, employee) != 0)
            return -1;
    }
    return 0;
}

/* ------------------------------------------------------------------------
 * budgets
 * ------------------------------------------------------------------------ */

enum { B_ACCOUNT, B_YEAR, B_BUDGET, B_SPENT, BUDGET_COLUMNS };

static int insert_budget(struct gen *g, struct rng *r, const struct account *a, int year)
{
    struct value row[BUDGET_COLUMNS];
    /* Log-uniform between 1e5 and 5e6 yuan, shifted up for big accounts. */
    double position = clamp(0.55 * a->bigness + 0.45 * rng_uniform(r), 0.0, 1.0);
    double budget = round_to(1e5 * exp_approx(position * 3.912023005428146), 1000.0);   /* ln 50 */
    /* Last year's budget is used up; this year's is partly spent. */
    double spent_fraction = year == 2025 ? 0.6 + 0.5 * rng_uniform(r) : 1.1 * rng_uniform(r);
    double spent = round_to(budget * spent_fraction, 100.0);

    set_int(&row[B_ACCOUNT], a->id);
    if (rng_chance(r, P_NUMERIC_TEXT)) {
        row[B_YEAR].kind = VAL_TEXT;
        snprintf(row[B_YEAR].text, sizeof row[B_YEAR].text, "%d", year);
    } else {
        set_int(&row[B_YEAR], year);
    }
    switch (draw_messiness(r, P_NULL_NUMBER / 2, P_TEXT_NUMBER / 2, 0.0)) {
    case AS_NULL:      set_null(&row[B_BUDGET]); break;
    case AS_JUNK_TEXT: row[B_BUDGET].kind = VAL_TEXT;
                       format_grouped(budget, row[B_BUDGET].text, sizeof row[B_BUDGET].text); break;
    default:           set_real(&row[B_BUDGET], budget); break;
    }
    if (rng_chance(r, P_NULL_NUMBER))
        set_null(&row[B_SPENT]);
    else
        set_real(&row[B_SPENT], spent);
    return insert_row(g, T_BUDGETS, row, BUDGET_COLUMNS);
}

static int insert_budgets(struct gen *g, struct rng *r, const struct account *a)
{
    if (rng_chance(r, 0.16) && insert_budget(g, r, a, 2025) != 0)
        return -1;
    if (rng_chance(r, 0.86) && insert_budget(g, r, a, 2026) != 0)
        return -1;
    return 0;
}

/* ------------------------------------------------------------------------
 * One account with everything that hangs off it.
 * ------------------------------------------------------------------------ */

static int generate_account(struct gen *g, int64_t id)
{
    const uint64_t key = (uint64_t)id;
    struct rng account_rng = rng_for(g->seed, STREAM_ACCOUNT, key);
    struct rng team_rng = rng_for(g->seed, STREAM_TEAM, key);
    struct rng deal_rng = rng_for(g->seed, STREAM_DEALS, key);
    struct rng activity_rng = rng_for(g->seed, STREAM_ACTIVITIES, key);
    struct rng contact_rng = rng_for(g->seed, STREAM_CONTACTS, key);
    struct rng budget_rng = rng_for(g->seed, STREAM_BUDGETS, key);
    struct account a;

    draw_account(g, &account_rng, id, &a);
    /* Deals before activities: retrospectives refer to the deals. */
    if (insert_account(g, &account_rng, &a) != 0 || insert_team(g, &team_rng, &a) != 0
        || insert_deals(g, &deal_rng, &a) != 0 || insert_activities(g, &activity_rng, &a) != 0
        || insert_contacts(g, &contact_rng, &a) != 0 || insert_budgets(g, &budget_rng, &a) != 0)
        return -1;
    return 0;
}

/* ------------------------------------------------------------------------
 * Whole run.
 * ------------------------------------------------------------------------ */

struct options {
    const char *out;
    int64_t accounts;
    uint64_t seed;
    int force;
    int print_schema;
};

static void plan_whales(struct gen *g)
{
    /* About one per WHALE_EVERY accounts, but at least two so that even a
     * tiny data set exercises the heavy paths. */
    int64_t whales = g->account_count / WHALE_EVERY;
    if (whales < 2)
        whales = 2;
    if (whales > g->account_count)
        whales = g->account_count;
    g->whale_count = whales;
    g->whale_block = g->account_count / whales;
}

static int prepare_inserts(struct gen *g)
{
    for (int t = 0; t < TABLE_COUNT; t++) {
        if (sqlite3_prepare_v2(g->db, insert_sql[t], -1, &g->insert[t], NULL) != SQLITE_OK)
            return report_db_error(g->db, "preparing the inserts");
    }
    return 0;
}

static void finalize_inserts(struct gen *g)
{
    for (int t = 0; t < TABLE_COUNT; t++) {
        sqlite3_finalize(g->insert[t]);   /* harmless on NULL */
        g->insert[t] = NULL;
    }
}

/* Fills the open, empty database.  Tables first, data in one transaction,
 * indexes last because building them once is far cheaper than keeping them
 * up to date row by row. */
static int fill_database(struct gen *g)
{
    const char *indexes = strstr(schema_sql, "CREATE INDEX");
    if (indexes == NULL) {
        fprintf(stderr, "kamgen: internal error: the embedded schema has no indexes\n");
        return -1;
    }
    /* Nothing to protect while generating: a failed run is deleted anyway.
     * The page cache is bounded (64 MiB) so memory does not grow with N. */
    if (exec_sql(g->db, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
                        " PRAGMA locking_mode=EXCLUSIVE; PRAGMA cache_size=-65536;",
                 "configuring the connection") != 0
        || exec_sql_range(g->db, schema_sql, indexes, "creating the tables") != 0
        || prepare_inserts(g) != 0
        || exec_sql(g->db, "BEGIN", "starting the transaction") != 0)
        return -1;
    for (int64_t id = 1; id <= g->account_count; id++) {
        if (generate_account(g, id) != 0)
            return -1;
    }
    finalize_inserts(g);
    if (exec_sql_range(g->db, indexes, schema_sql + strlen(schema_sql), "creating the indexes") != 0
        || exec_sql(g->db, "COMMIT", "committing") != 0)
        return -1;
    return 0;
}

/* Deletes path only if it can be opened for update as a file: a directory
 * or a read-only file is left alone, and the "wx" open then reports it. */
static void remove_if_writable_file(const char *path)
{
    FILE *f = fopen(path, "r+b");
    if (f == NULL)
        return;
    fclose(f);
    remove(path);
}

/* Creates the output file exclusively ("wx", C11) so that an existing file
 * is never overwritten by accident, even if it appears after the check. */
static int create_output_file(const struct options *opt)
{
    if (opt->force) {
        /* A stale rollback journal next to a new database would be "rolled
         * back" into it, so SQLite's companion files go too. */
        static const char *const companions[] = { "", "-journal", "-wal", "-shm" };
        char path[4096];
        if (strlen(opt->out) + sizeof "-journal" > sizeof path) {
            fprintf(stderr, "kamgen: output path too long\n");
            return EXIT_USAGE;
        }
        for (int i = 0; i < COUNT_OF(companions); i++) {
            snprintf(path, sizeof path, "%s%s", opt->out, companions[i]);
            remove_if_writable_file(path);
        }
    }
    FILE *f = fopen(opt->out, "wx");
    if (f == NULL) {
        int create_errno = errno;
        FILE *existing = fopen(opt->out, "rb");
        if (existing != NULL) {
            fclose(existing);
            fprintf(stderr, "kamgen: %s already exists; %s\n", opt->out,
                    opt->force ? "it is not a writable file" : "use --force to replace it");
            return EXIT_USAGE;
        }
        fprintf(stderr, "kamgen: cannot create %s: %s\n", opt->out, strerror(create_errno));
        return EXIT_DATABASE;
    }
    fclose(f);
    return 0;
}

static void print_summary(const struct gen *g, const struct options *opt)
{
    fprintf(stderr, "kamgen: wrote %s (seed %llu):", opt->out, (unsigned long long)opt->seed);
    for (int t = 0; t < TABLE_COUNT; t++)
        fprintf(stderr, " %s=%lld", table_names[t], (long long)g->rows[t]);
    fprintf(stderr, "\n");
}

static int generate(const struct options *opt)
{
    int rc = create_output_file(opt);
    if (rc != 0)
        return rc;

    /* The generator is large (calendar, deal scratch): keep it off the stack. */
    struct gen *g = calloc(1, sizeof *g);
    if (g == NULL) {
        fprintf(stderr, "kamgen: out of memory\n");
        remove(opt->out);
        return EXIT_DATABASE;
    }
    g->seed = opt->seed;
    g->account_count = opt->accounts;
    calendar_init(&g->cal);
    plan_whales(g);

    rc = 0;
    if (sqlite3_open_v2(opt->out, &g->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
        report_db_error(g->db, "opening the output file");
        rc = EXIT_DATABASE;
    } else if (fill_database(g) != 0) {
        rc = EXIT_DATABASE;
    }
    finalize_inserts(g);
    if (sqlite3_close(g->db) != SQLITE_OK) {
        report_db_error(g->db, "closing the database");
        rc = EXIT_DATABASE;
    }
    if (rc == 0)
        print_summary(g, opt);
    else
        remove(opt->out);   /* never leave a half-written data set behind */
    free(g);
    return rc;
}

/* ------------------------------------------------------------------------
 * Command line.
 * ------------------------------------------------------------------------ */

static void print_usage(FILE *to)
{
    fprintf(to,
            "usage: kamgen --out FILE.db [--accounts N] [--seed S] [--force]\n"
            "       kamgen --print-schema\n"
            "\n"
            "Writes a new SQLite database of synthetic key-account demo data.\n"
            "  --out FILE.db   database to create; an existing file is refused\n"
            "  --accounts N    number of accounts, 1..100000000 (default 10000)\n"
            "  --seed S        unsigned 64-bit seed (default 1); same N and S give\n"
            "                  the same content\n"
            "  --force         delete FILE.db first if it exists\n"
            "  --print-schema  print the embedded schema (same as demo/schema.sql)\n"
            "Exit status: 0 ok, 2 usage error or existing file, 3 database error.\n");
}

static int parse_count(const char *text, int64_t *out)
{
    char *end = NULL;
    errno = 0;
    long long n = strtoll(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || n < 1 || n > 100000000LL)
        return -1;
    *out = n;
    return 0;
}

static int parse_seed(const char *text, uint64_t *out)
{
    char *end = NULL;
    errno = 0;
    if (text[0] == '-' || text[0] == '\0')
        return -1;
    unsigned long long s = strtoull(text, &end, 10);
    if (errno != 0 || *end != '\0')
        return -1;
    *out = s;
    return 0;
}

/* Returns 0 when the options are usable, otherwise prints why. */
static int parse_options(int argc, char **argv, struct options *opt)
{
    opt->out = NULL;
    opt->accounts = 10000;
    opt->seed = 1;
    opt->force = 0;
    opt->print_schema = 0;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        const char *next = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(arg, "--force") == 0) {
            opt->force = 1;
        } else if (strcmp(arg, "--print-schema") == 0) {
            opt->print_schema = 1;
        } else if (strcmp(arg, "--out") == 0 && next != NULL && next[0] != '\0') {
            opt->out = next;
            i++;
        } else if (strcmp(arg, "--accounts") == 0 && next != NULL) {
            if (parse_count(next, &opt->accounts) != 0) {
                fprintf(stderr, "kamgen: --accounts wants a number from 1 to 100000000, not '%s'\n", next);
                return -1;
            }
            i++;
        } else if (strcmp(arg, "--seed") == 0 && next != NULL) {
            if (parse_seed(next, &opt->seed) != 0) {
                fprintf(stderr, "kamgen: --seed wants an unsigned integer, not '%s'\n", next);
                return -1;
            }
            i++;
        } else {
            fprintf(stderr, "kamgen: unexpected argument '%s'\n", arg);
            return -1;
        }
    }
    if (opt->out == NULL && !opt->print_schema) {
        fprintf(stderr, "kamgen: --out FILE.db is required\n");
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    struct options opt;
    if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        print_usage(stdout);
        return 0;
    }
    if (parse_options(argc, argv, &opt) != 0) {
        print_usage(stderr);
        return EXIT_USAGE;
    }
    if (opt.print_schema) {
        fputs(schema_sql, stdout);
        return fflush(stdout) == 0 ? 0 : 1;
    }
    return generate(&opt);
}
