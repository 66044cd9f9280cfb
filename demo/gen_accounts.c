/*
 * gen_accounts.c -- the account profile and the rows that describe an
 * account itself: accounts, team (the iron triangle) and budgets.
 *
 * The profile holds hidden traits (size, industry rank, region, margin)
 * that keep an account's rows coherent.  About 1 account in WHALE_EVERY is
 * a "whale" with hundreds of deals, placed at a seed-dependent position in
 * each block of ids so it can be recognised without a list.
 *
 * Customer groups: a subsidiary (parent_id set) belongs to the group of its
 * top parent, group_id = that parent's id, set in SQL once every account
 * is written (set_parent_groups); most accounts stay alone (group_id NULL).
 * --big-groups K adds K conglomerates of a few hundred members each, headed
 * by the first K whales, for the benchmark's group workload.
 */
#include "kamgen.h"

#include <stdio.h>

/* Accounts and their size. */
static const double P_INDUSTRY_LEADER   = 0.08;  /* industry_rank 1..3 */
static const double LEADER_SCALE_BONUS  = 2.4;   /* leaders buy much more */
static const double TOP10_SCALE_BONUS   = 0.5;
static const double P_CREDIT_OK         = 0.90;
static const double P_SUBSIDIARY        = 0.05;  /* parent_id set */
static const int    WHALE_EVERY         = 2000;  /* about 1 whale per 2000 */
static const double MARGIN_MEAN         = 0.18;
static const double MARGIN_ACCOUNT_SD   = 0.05;
static const int    BIG_GROUP_MEAN      = 300;   /* members of a conglomerate, on average */

/* Untidy values of these tables. */
static const double P_NULL_CSAT         = 0.02;  /* survey not answered */
static const double P_NULL_WALLET_SHARE = 0.015;
static const double P_ODD_LIFECYCLE     = 0.017;
static const double P_TEAM_LOWERCASE_AR = 0.01;
static const double P_TEAM_DUPLICATE    = 0.004;

const char *const regions[] = {
    "east", "south", "north", "central", "southwest", "northwest", "northeast", "overseas"
};
const double region_weights[] = { 0.24, 0.20, 0.17, 0.11, 0.10, 0.05, 0.06, 0.07 };
static const char *const odd_lifecycles[] = { "Growth", "matured", "unknown", "" };

/* ---- the account profile ---------------------------------------------- */

void plan_whales(struct gen *g)
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

/* Whales sit at a seed-dependent position inside each block of ids, so
 * they are spread out and can be recognised without a list. */
static int64_t whale_of_block(const struct gen *g, int64_t block)
{
    struct rng r = rng_for(g->seed, STREAM_WHALE, (uint64_t)block);
    return block * g->whale_block + 1 + rng_below(&r, (int)g->whale_block);
}

static int is_whale(const struct gen *g, int64_t id)
{
    int64_t block = (id - 1) / g->whale_block;
    if (block >= g->whale_count)
        return 0;
    return id == whale_of_block(g, block);
}

/* --big-groups: an account joins one of the K conglomerates with the chance
 * that gives each about BIG_GROUP_MEAN members; a whale heads conglomerate
 * k when it is the whale of block k.  Its own stream, so the other columns
 * do not change with the option. */
void draw_big_group(const struct gen *g, int64_t id, struct account *a)
{
    a->big_group = 0;
    int64_t k = g->big_groups < g->whale_count ? g->big_groups : g->whale_count;
    if (k <= 0)
        return;
    int64_t block = (id - 1) / g->whale_block;
    if (block < k && a->whale) {
        a->big_group = id;
        return;
    }
    struct rng r = rng_for(g->seed, STREAM_GROUPS, (uint64_t)id);
    double p = clamp((double)(k * BIG_GROUP_MEAN) / (double)g->account_count, 0.0, 0.5);
    if (rng_chance(&r, p))
        a->big_group = whale_of_block(g, rng_below(&r, (int)k));
}

/* Every subsidiary and every parent with subsidiaries takes the group of
 * its top parent: the parent's conglomerate when it has one, else the top
 * parent's id (a subsidiary already drawn into a conglomerate stays there,
 * so that a conglomerate's head never leaves it).  A parent always has a smaller id than its subsidiary, so
 * the top parent is the smallest id up the chain. */
int set_parent_groups(struct gen *g)
{
    return exec_sql(g->db,
        "CREATE TEMP TABLE top_parent AS"
        " WITH RECURSIVE up(id, above) AS ("
        "   SELECT id, parent_id FROM accounts WHERE parent_id IS NOT NULL"
        "   UNION ALL"
        "   SELECT up.id, a.parent_id FROM up JOIN accounts AS a ON a.id = up.above"
        "   WHERE a.parent_id IS NOT NULL)"
        " SELECT id, min(above) AS top FROM up GROUP BY id;"
        "UPDATE accounts SET group_id = coalesce(group_id, id)"
        " WHERE id IN (SELECT top FROM temp.top_parent);"
        "UPDATE accounts SET group_id = coalesce(group_id, (SELECT p.group_id FROM accounts AS p"
        "                                JOIN temp.top_parent AS t ON p.id = t.top"
        "                                WHERE t.id = accounts.id))"
        " WHERE id IN (SELECT id FROM temp.top_parent);"
        "DROP TABLE temp.top_parent;",
        "setting the groups of subsidiaries");
}

static int draw_industry_rank(struct rng *r)
{
    if (rng_chance(r, P_INDUSTRY_LEADER))
        return 1 + rng_below(r, 3);
    double u = rng_uniform(r);
    return 4 + (int)(47.0 * u * u);   /* our customers lean to the top ranks */
}

void draw_account(const struct gen *g, struct rng *r, int64_t id, struct account *a)
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

/* ---- accounts ----------------------------------------------------------- */

enum {
    A_ID, A_NAME, A_INDUSTRY, A_RANK, A_REGION, A_LIFECYCLE, A_CREDIT_OK,
    A_ORDERS_TARGET, A_WALLET_SHARE, A_CSAT, A_OWNER, A_PARENT, A_GROUP, ACCOUNT_COLUMNS
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

static void set_industry_rank(struct rng *r, struct field *v, int rank)
{
    switch (draw_messiness(r, P_NULL_NUMBER, P_TEXT_NUMBER, P_NUMERIC_TEXT)) {
    case AS_NULL:         set_null(v); break;
    case AS_JUNK_TEXT:    /* "3rd", as typed into a spreadsheet */
                          set_textf(v, "%d%s", rank, ordinal_suffix(rank)); break;
    case AS_NUMERIC_TEXT: set_textf(v, "%d", rank); break;
    case CLEAN:           set_int(v, rank); break;
    }
}

static void set_lifecycle(struct rng *r, struct field *v, double bigness)
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

/* A year's won business is about this many median deals (measured on the
 * demo: about one won deal in eleven months at the median account). */
static const double TARGET_DEALS = 1.0;

static void set_orders_target(struct rng *r, struct field *v, const struct account *a)
{
    /* About a year's worth of the account's typical won business, give or take
     * a third: most accounts end the year near their target, some well short. */
    double target = TARGET_DEALS * DEAL_MEDIAN_YUAN * exp_approx(DEAL_SCALE_WEIGHT * a->scale)
                    * (0.7 + 0.7 * rng_uniform(r));
    target = round_to(clamp(target, 2e5, 2e8), 1e4);
    switch (draw_messiness(r, P_NULL_NUMBER, P_TEXT_NUMBER / 2, P_NUMERIC_TEXT)) {
    case AS_NULL:         set_null(v); break;
    case AS_JUNK_TEXT:    set_text(v, "TBD"); break;
    case AS_NUMERIC_TEXT: set_textf(v, "%.0f", target); break;
    case CLEAN:           set_real(v, target); break;
    }
}

static void set_wallet_share(struct rng *r, struct field *v)
{
    double u = rng_uniform(r);
    double share = round_to_fraction(0.6 * u * u, 1000);   /* mostly modest shares */
    switch (draw_messiness(r, P_NULL_WALLET_SHARE, P_TEXT_NUMBER / 2, 0.0)) {
    case AS_NULL:      set_null(v); break;
    case AS_JUNK_TEXT: set_textf(v, "%.0f%%", share * 100); break;
    default:           set_real(v, share); break;
    }
}

static void set_csat(struct rng *r, struct field *v)
{
    double csat = round_to_fraction(clamp(7.0 + 1.4 * rng_normal(r), 0.0, 10.0), 10);
    switch (draw_messiness(r, P_NULL_CSAT, P_TEXT_NUMBER, P_NUMERIC_TEXT)) {
    case AS_NULL:         set_null(v); break;
    case AS_JUNK_TEXT:    set_text(v, csat >= 6.0 ? "good" : "poor"); break;
    case AS_NUMERIC_TEXT: set_textf(v, "%.0f", csat); break;
    case CLEAN:           set_real(v, csat); break;
    }
}

int insert_account(struct gen *g, struct rng *r, const struct account *a)
{
    struct field row[ACCOUNT_COLUMNS];
    char owner[TEXT_CAPACITY];

    set_int(&row[A_ID], a->id);
    set_text(&row[A_NAME], a->name);
    set_text_untidy(r, &row[A_INDUSTRY], industry_name(a->industry));
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
    if (a->big_group)
        set_int(&row[A_GROUP], a->big_group);
    else
        set_null(&row[A_GROUP]);
    return insert_row(g, T_ACCOUNTS, row, ACCOUNT_COLUMNS);
}

/* ---- team (the iron triangle) --------------------------------------------- */

enum { M_ACCOUNT, M_ROLE, M_PERSON, TEAM_COLUMNS };

static int insert_team_member(struct gen *g, struct rng *r, const struct account *a,
                              const char *role, int employee)
{
    struct field row[TEAM_COLUMNS];
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

int insert_team(struct gen *g, struct rng *r, const struct account *a)
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

/* ---- budgets ------------------------------------------------------------ */

enum { B_ACCOUNT, B_YEAR, B_BUDGET, B_SPENT, BUDGET_COLUMNS };

static int insert_budget(struct gen *g, struct rng *r, const struct account *a, int year)
{
    struct field row[BUDGET_COLUMNS];
    /* Log-uniform between 1e5 and 5e6 yuan, shifted up for big accounts. */
    double position = clamp(0.55 * a->bigness + 0.45 * rng_uniform(r), 0.0, 1.0);
    double budget = round_to(1e5 * exp_approx(position * 3.912023005428146), 1000.0);   /* ln 50 */
    /* Last year's budget is used up; this year's is partly spent. */
    double spent_fraction = year == 2025 ? 0.6 + 0.5 * rng_uniform(r) : 1.1 * rng_uniform(r);
    double spent = round_to(budget * spent_fraction, 100.0);

    set_int(&row[B_ACCOUNT], a->id);
    if (rng_chance(r, P_NUMERIC_TEXT))
        set_textf(&row[B_YEAR], "%d", year);
    else
        set_int(&row[B_YEAR], year);
    switch (draw_messiness(r, P_NULL_NUMBER / 2, P_TEXT_NUMBER / 2, 0.0)) {
    case AS_NULL:      set_null(&row[B_BUDGET]); break;
    case AS_JUNK_TEXT: set_grouped_amount(&row[B_BUDGET], budget); break;
    default:           set_real(&row[B_BUDGET], budget); break;
    }
    if (rng_chance(r, P_NULL_NUMBER))
        set_null(&row[B_SPENT]);
    else
        set_real(&row[B_SPENT], spent);
    return insert_row(g, T_BUDGETS, row, BUDGET_COLUMNS);
}

/* An account budget is money set aside for relationship work, which goes to
 * the accounts worth it: nearly every big account has one, few small ones. */
int insert_budgets(struct gen *g, struct rng *r, const struct account *a)
{
    double has_budget = a->whale ? 0.95 : 0.10 + 0.85 * a->bigness;
    if (rng_chance(r, 0.2 * has_budget) && insert_budget(g, r, a, 2025) != 0)
        return -1;
    if (rng_chance(r, has_budget) && insert_budget(g, r, a, 2026) != 0)
        return -1;
    return 0;
}
