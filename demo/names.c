/*
 * names.c -- company and person names for kamgen.
 *
 * Account names are a bijection of the account id, so they are unique
 * without remembering the names already used.  There are 48*48*36*12 =
 * 995,328 pinyin and 40*40*18*8 = 230,400 Chinese base names; only data
 * sets beyond about 1.16 million accounts need branch names like
 * "Huaxin Solar Group (Shenzhen)".  An account's industry follows from the
 * core word of its name.  Our own staff is a fixed pool of EMPLOYEE_COUNT
 * people; a customer's people are drawn freely, repeats allowed.
 */
#include "kamgen.h"

#include <stdio.h>
#include <string.h>

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
int account_name(uint64_t seed, int64_t id, char *out, size_t cap)
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
void employee_name(uint64_t seed, int employee, char *out, size_t cap)
{
    const uint64_t radix[2] = { COUNT_OF(surnames_latin), COUNT_OF(given_latin) };
    uint64_t part[2];
    struct rng key_rng = rng_for(seed, STREAM_EMPLOYEES, 0);
    split_digits((uint64_t)employee, radix, part, 2);
    scramble_digits(rng_next(&key_rng), radix, part, 2);
    person_name((int)part[0], (int)part[1], employee % 3 == 0, out, cap);
}

/* A customer's employee: any name, repeats allowed. */
void random_person_name(struct rng *r, char *out, size_t cap)
{
    int surname = rng_below(r, COUNT_OF(surnames_latin));
    int given = rng_below(r, COUNT_OF(given_latin));
    int han = rng_chance(r, 0.5);
    person_name(surname, given, han, out, cap);
}

const char *industry_name(int industry)
{
    return industries[industry];
}
