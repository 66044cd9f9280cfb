/*
 * fields.c -- the calendar of the demo data and the fields of a row.
 *
 * Dates and grouped amounts come from the engine (engine/value.h), so the
 * generator writes dates the way kam reads them and has no calendar of its
 * own.  The untidy setters plant what real CRM exports contain -- empty or
 * NULL text, impossible dates, date-times -- at small, fixed rates.
 */
#include "kamgen.h"
#include "value.h"

#include <stdarg.h>
#include <stdio.h>

static const double P_NULL_TEXT         = 0.004;
static const double P_EMPTY_TEXT        = 0.004;
static const double P_BAD_DATE          = 0.003;
static const double P_DATETIME          = 0.005;

/* Impossible dates and other date-shaped text kam must refuse. */
static const char *const bad_dates[] = { "2026-02-30", "2025-13-01", "31/12/2025", "" };

/* Day 0 is 2024-01-01; "today" is 2026-11-27, the last day 2026-11-30.
 * Returns -1 if the range does not fit the table (a change of the dates
 * above without one of CALENDAR_CAPACITY). */
int calendar_init(struct calendar *cal)
{
    int64_t first, today, last;
    if (!date_from_ymd(2024, 1, 1, &first) || !date_from_ymd(2026, 11, 27, &today)
        || !date_from_ymd(2026, 11, 30, &last) || last - first >= CALENDAR_CAPACITY)
        return -1;
    cal->today = (int)(today - first);
    cal->last_day = (int)(last - first);
    for (int day = 0; day <= cal->last_day; day++)
        date_format(first + day, cal->iso[day]);
    return 0;
}

void set_null(struct field *v)
{
    v->kind = FIELD_NULL;
}

void set_int(struct field *v, int64_t i)
{
    v->kind = FIELD_INT;
    v->i = i;
}

void set_real(struct field *v, double r)
{
    v->kind = FIELD_REAL;
    v->r = r;
}

void set_text(struct field *v, const char *s)
{
    v->kind = FIELD_TEXT;
    snprintf(v->text, sizeof v->text, "%s", s);
}

void set_textf(struct field *v, const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    v->kind = FIELD_TEXT;
    vsnprintf(v->text, sizeof v->text, format, ap);
    va_end(ap);
}

/* A whole amount with thousands separators, e.g. 1200000 -> "1,200,000",
 * as spreadsheets export it: the engine's "," message format. */
void set_grouped_amount(struct field *v, double amount)
{
    strbuf text;
    sb_init(&text);
    number_format_with(v_real(amount), ",.0f", &text);
    set_text(v, text.data != NULL ? text.data : "");
    sb_free(&text);
}

enum messiness draw_messiness(struct rng *r, double p_null, double p_junk, double p_numeric)
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
void set_text_untidy(struct rng *r, struct field *v, const char *s)
{
    switch (draw_messiness(r, P_NULL_TEXT, P_EMPTY_TEXT, 0.0)) {
    case AS_NULL:      set_null(v); break;
    case AS_JUNK_TEXT: set_text(v, ""); break;
    default:           set_text(v, s); break;
    }
}

/* A date column: mostly ISO dates, some impossible dates, some date-times. */
void set_date_untidy(struct rng *r, struct field *v, const struct calendar *cal, int day)
{
    double u = rng_uniform(r);
    if (u < P_BAD_DATE) {
        set_text(v, bad_dates[rng_below(r, COUNT_OF(bad_dates))]);
    } else if (u < P_BAD_DATE + P_DATETIME) {
        /* Separate statements: the order in which function arguments are
         * evaluated is unspecified, and the output must not depend on the
         * compiler.  Same rule everywhere in the generator. */
        int hour = 8 + rng_below(r, 11);
        int minute = 15 * rng_below(r, 4);
        set_textf(v, "%s %02d:%02d:00", cal->iso[day], hour, minute);
    } else {
        set_text(v, cal->iso[day]);
    }
}
