/*
 * value.h — the tagged value every expression evaluates to, and the rules
 * that are the same wherever values meet: reading text as numbers or dates,
 * calendar arithmetic, comparison order, printing.
 *
 * Values are small and copied by value.  Text points into memory owned by
 * someone else (the rule set, or the per-subject scratch arena).  A value
 * that came straight from a column remembers which (origin), so a failed
 * conversion can be reported as a data warning naming table and column.
 */
#ifndef KAM_VALUE_H
#define KAM_VALUE_H

#include "arena.h"

#include <stdbool.h>
#include <stdint.h>

typedef enum vtype {
  V_NULL, V_INT, V_REAL, V_TEXT, V_BOOL, V_DATE, V_TIER, V_DURATION
} vtype;

typedef struct value {
  uint8_t type;
  uint8_t unit;        /* V_DURATION: enum duration_unit; a cell: CELL_UNREADABLE */
  int16_t tiering;     /* V_TIER: index of its tiering */
  int32_t origin;      /* column id + 1 when read from a column, else 0 */
  union {
    int64_t i;         /* V_INT, V_BOOL, V_DATE (days since 1970-01-01), V_TIER index */
    double d;          /* V_REAL; V_DURATION amount */
    struct { const char *s; int32_t n; } t;
  } u;
} value;

/* A cell (never a duration) whose reading failed and was warned about: it
 * keeps what was stored, for number() and date(), and reads as null at once. */
enum { CELL_UNREADABLE = 0xFF };

static inline value v_null(void) { value v = {0}; return v; }
static inline value v_int(int64_t i) { value v = {0}; v.type = V_INT; v.u.i = i; return v; }
static inline value v_real(double d) { value v = {0}; v.type = V_REAL; v.u.d = d; return v; }
static inline value v_bool(bool b) { value v = {0}; v.type = V_BOOL; v.u.i = b; return v; }
static inline value v_date(int64_t days) { value v = {0}; v.type = V_DATE; v.u.i = days; return v; }
static inline value v_text(const char *s, int n) {
  value v = {0}; v.type = V_TEXT; v.u.t.s = s; v.u.t.n = n; return v;
}
static inline value v_tier(int tiering, int index) {
  value v = {0}; v.type = V_TIER; v.tiering = (int16_t)tiering; v.u.i = index; return v;
}
static inline bool v_is_number(value v) { return v.type == V_INT || v.type == V_REAL; }
static inline double v_as_double(value v) { return v.type == V_INT ? (double)v.u.i : v.u.d; }

/* --- dates ------------------------------------------------------------- */
bool date_from_ymd(int y, int m, int d, int64_t *days);
void date_to_ymd(int64_t days, int *y, int *m, int *d);
/* YYYY-MM-DD naming a real day, optionally followed by [T ]HH:MM[:SS...]. */
bool date_parse(const char *s, int n, int64_t *days);
/* Adds months keeping the day of the month, clamped to the month's end. */
int64_t date_add_months(int64_t days, int64_t months);
void date_format(int64_t days, char out[11]);

/* `count` decimal digits of s at `from`, as a number; false when they are not
 * all digits or s ends first. */
bool text_digits_at(const char *s, int n, int from, int count, int *out);

/* --- conversions -------------------------------------------------------- */
/* A decimal written as `count` digits (no sign, no point) times 10^exp10:
 * the one exact reading of scaled numbers, for literals (1.7亿, 3000万) and
 * number() alike.  DECIMAL_INTEGER: *whole holds it exactly (trailing zeros
 * cancel a negative exp10: 1.50K is 1500); DECIMAL_FRACTION: it is not
 * whole; DECIMAL_TOO_BIG: whole, but beyond 64 bits. */
typedef enum { DECIMAL_INTEGER, DECIMAL_FRACTION, DECIMAL_TOO_BIG } decimal_kind;
enum { DECIMAL_DIGITS_MAX = 128 };   /* readers refuse longer numbers */
decimal_kind decimal_as_integer(const char *digits, int count, long exp10, int64_t *whole);
/* The same decimal as the nearest double (inf or 0 beyond a double's range,
 * NaN for more than DECIMAL_DIGITS_MAX digits). */
double decimal_as_double(const char *digits, int count, long exp10);
/* A plain decimal number: 12, -3.5, 1e6 (not "1,000", "15%" or ""). */
bool text_to_number(const char *s, int n, value *out);
/* A number as text, wherever kam shows one: an integer exactly; a double in
 * the shortest form of its 15-significant-digit decimal (1.65, not
 * 1.6500000000000001), plain from 1e-7 up to 1e21, else 1.5e+21 or 1e-8. */
void number_text(value v, strbuf *out);
void number_format(value v, char *out, int size);   /* 32 bytes always suffice */
/* Applies a message format (.Nf, .N%, ",", ",.0f") to a number: .Nf and .N%
 * round the 15-digit decimal form (the integer's digits) halves away from
 * zero; .N% shifts that form two places. */
bool format_is_valid(const char *format);
void number_format_with(value v, const char *format, strbuf *out);
/* x with DECIMALS places by the formats' rule; PLUS puts "+" before a value
 * that does not print with "-" (diff's shifts). */
void number_format_fixed(double x, int decimals, bool plus, strbuf *out);
/* round(x, digits), DIGITS from 0 up: a double's 15-digit decimal form
 * rounded halves away from zero (round(1.005, 2) = 1.01, as SQLite); an
 * integer is returned unchanged. */
value number_round(value x, int digits);

/* Three-way comparison of two values already of one comparable type
 * (numbers, text, dates, booleans, tiers of one tiering). */
int value_compare(value a, value b);
bool value_equal_for_distinct(value a, value b);

/* An exact sum of 64-bit integers (hi * 2^64 + lo): sum and avg of integers
 * are exact whatever the order of adding, as SQLite's are while they fit. */
typedef struct wide_sum {
  uint64_t lo;
  int64_t hi;
} wide_sum;
void wide_add(wide_sum *w, int64_t v);
/* The sum as an int64 when it fits. */
bool wide_fits(wide_sum w, int64_t *out);
/* The nearest double. */
double wide_double(wide_sum w);

#endif
