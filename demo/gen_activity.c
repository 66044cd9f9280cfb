/*
 * gen_activity.c -- the rows of what happens around an account: deals,
 * activities (visits, workshops, retrospectives of closed deals) and the
 * customer's contacts.
 *
 * Deal amounts are log-normal and grow with the account's size; closed
 * deals ran for weeks to months and closed by "today", open ones were
 * opened recently.  Deals come first: an account's activities review its
 * closed deals, noted in the generator's per-account scratch.
 */
#include "kamgen.h"

/* Deals: amount = exp(log median + spread); margins are fractions. */
static const int    WHALE_MIN_DEALS     = 200;
static const int    WHALE_MAX_DEALS     = MAX_DEALS_PER_ACCOUNT;
static const int    MAX_REGULAR_DEALS   = 60;
static const double P_ACCOUNT_WITHOUT_DEALS = 0.03;
static const double DEALS_LAMBDA        = 3.2;   /* extra deals beyond the first */
static const double DEAL_SPREAD         = 0.85;  /* deal-to-deal variation */
static const double DEAL_MIN_YUAN       = 1e5;
static const double DEAL_MAX_YUAN       = 5e8;
static const double MARGIN_DEAL_SD      = 0.04;
static const double P_OPEN_DEAL_WITH_CLOSE_DATE = 0.03;  /* expected close */
static const double P_RETRO_WITHOUT_DEAL = 0.05;

static const char *const products[] = {
    "network", "storage", "compute", "cloud", "software", "services",
    "energy_storage", "security"
};
static const double product_weights[] = { 0.20, 0.15, 0.15, 0.14, 0.10, 0.12, 0.08, 0.06 };

enum stage { STAGE_LEAD, STAGE_OPPORTUNITY, STAGE_WON, STAGE_LOST, STAGE_COUNT };
static const char *const stage_names[STAGE_COUNT] = { "lead", "opportunity", "won", "lost" };
static const double stage_weights[STAGE_COUNT] = { 0.15, 0.25, 0.38, 0.22 };

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
/* A key account is one we work on: most contacts lean our way, a few oppose. */
static const double relationship_weights[] = { 0.05, 0.20, 0.30, 0.30, 0.15 };

/* ---- deals ------------------------------------------------------------- */

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
        /* Business grows: recent closes are likelier than old ones (days back
         * are today * u^2), so about half of the closed deals closed this year. */
        double u = rng_uniform(r);
        *closed = cal->today - (int)((cal->today - 14) * u * u);
        int open = *closed - 14 - rng_below(r, 290);
        *opened = open > 0 ? open : 0;
        return;
    }
    *opened = cal->today - rng_below(r, stage == STAGE_LEAD ? 240 : 400);
    *closed = -1;
    if (rng_chance(r, P_OPEN_DEAL_WITH_CLOSE_DATE)) {   /* an expected close date */
        int expected = *opened + 30 + rng_below(r, 200);
        *closed = expected < cal->last_day ? expected : cal->last_day;
    }
}

/* Log-normal amounts in whole thousands: bigger accounts buy bigger;
 * leads are rougher. */
static double draw_deal_amount(struct rng *r, const struct account *a, enum stage stage)
{
    double log_spread = DEAL_SCALE_WEIGHT * a->scale + DEAL_SPREAD * rng_normal(r);
    if (stage == STAGE_LEAD)
        log_spread -= 0.3;
    double amount = clamp(DEAL_MEDIAN_YUAN * exp_approx(log_spread), DEAL_MIN_YUAN, DEAL_MAX_YUAN);
    return round_to(amount, 1000.0);
}

/* A fraction with three decimals around the account's usual margin. */
static double draw_deal_margin(struct rng *r, const struct account *a)
{
    return round_to_fraction(clamp(a->base_margin + MARGIN_DEAL_SD * rng_normal(r), 0.01, 0.45), 1000);
}

static void set_amount(struct rng *r, struct field *v, double amount)
{
    switch (draw_messiness(r, P_NULL_NUMBER, P_TEXT_NUMBER, P_NUMERIC_TEXT)) {
    case AS_NULL:
        set_null(v);
        break;
    case AS_JUNK_TEXT:   /* "1,200,000" or "n/a" */
        if (rng_chance(r, 0.75))
            set_grouped_amount(v, amount);
        else
            set_text(v, "n/a");
        break;
    case AS_NUMERIC_TEXT:
        set_textf(v, "%.0f", amount);
        break;
    case CLEAN:
        set_real(v, amount);
        break;
    }
}

static void set_gross_margin(struct rng *r, struct field *v, double margin)
{
    switch (draw_messiness(r, P_NULL_NUMBER, P_TEXT_NUMBER / 2, P_NUMERIC_TEXT / 2)) {
    case AS_NULL:         set_null(v); break;
    case AS_JUNK_TEXT:    set_textf(v, "%.0f%%", margin * 100); break;
    case AS_NUMERIC_TEXT: set_textf(v, "%.3f", margin); break;
    case CLEAN:           set_real(v, margin); break;
    }
}

static int insert_deal(struct gen *g, struct rng *r, const struct account *a)
{
    struct field row[DEAL_COLUMNS];
    enum stage stage = (enum stage)rng_weighted(r, stage_weights, STAGE_COUNT);
    int opened, closed;
    draw_deal_dates(r, &g->cal, stage, &opened, &closed);

    double amount = draw_deal_amount(r, a, stage);
    double margin = draw_deal_margin(r, a);
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

int insert_deals(struct gen *g, struct rng *r, const struct account *a)
{
    int count = draw_deal_count(r, a);
    g->deal_count = 0;
    for (int i = 0; i < count; i++) {
        if (insert_deal(g, r, a) != 0)
            return -1;
    }
    return 0;
}

/* ---- activities --------------------------------------------------------- */

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

/* Work on an account is recent more often than not: the days back from
 * today are today * u^2, so of an account's usual seven activities the
 * latest is about ten days old, and one account in ten has had no contact
 * for a quarter (the ones the cadence alert and the touch metric are for). */
static int draw_activity_day(struct rng *r, const struct calendar *cal)
{
    double u = rng_uniform(r);
    return cal->today - (int)(cal->today * u * u);
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
    struct field row[ACTIVITY_COLUMNS];
    enum activity_kind kind = draw_activity_kind(r, a->bigness);
    int day = draw_activity_day(r, &g->cal);
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

int insert_activities(struct gen *g, struct rng *r, const struct account *a)
{
    int count = draw_activity_count(r, a, g->deal_count);
    for (int i = 0; i < count; i++) {
        if (insert_activity(g, r, a) != 0)
            return -1;
    }
    return 0;
}

/* ---- contacts ----------------------------------------------------------- */

enum { C_ID, C_ACCOUNT, C_NAME, C_ROLE, C_RELATIONSHIP, CONTACT_COLUMNS };

static void set_relationship(struct rng *r, struct field *v)
{
    int relationship = rng_weighted(r, relationship_weights, COUNT_OF(relationship_weights)) - 1;
    switch (draw_messiness(r, P_NULL_NUMBER, P_TEXT_NUMBER / 2, P_NUMERIC_TEXT / 2)) {
    case AS_NULL:         set_null(v); break;
    case AS_JUNK_TEXT:    set_text(v, relationship >= 2 ? "good" : "unclear"); break;
    case AS_NUMERIC_TEXT: set_textf(v, "%d", relationship); break;
    case CLEAN:           set_int(v, relationship); break;
    }
}

static int insert_contact(struct gen *g, struct rng *r, const struct account *a, int nth)
{
    struct field row[CONTACT_COLUMNS];
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

int insert_contacts(struct gen *g, struct rng *r, const struct account *a)
{
    int count = a->whale ? 15 + rng_below(r, 31) : rng_poisson(r, 1.9 + 3.0 * a->bigness);
    for (int i = 0; i < count; i++) {
        if (insert_contact(g, r, a, i) != 0)
            return -1;
    }
    return 0;
}
