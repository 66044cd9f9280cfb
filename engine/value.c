/*
 * value.c — calendar arithmetic, strict conversions, comparison and number
 * printing for kam values.  Nothing here knows about rules or databases.
 */
#include "value.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool is_leap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int days_in_month(int64_t y, int m) {
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Days from 1970-01-01 (Howard Hinnant's days_from_civil). */
static int64_t days_from_civil(int64_t y, int m, int d) {
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

bool date_from_ymd(int y, int m, int d, int64_t *days) {
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) return false;
  *days = days_from_civil(y, m, d);
  return true;
}

void date_to_ymd(int64_t z, int *y, int *m, int *d) {
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  *d = (int)(doy - (153 * mp + 2) / 5 + 1);
  *m = (int)(mp < 10 ? mp + 3 : mp - 9);
  *y = (int)(yoe + era * 400 + (*m <= 2));
}

bool text_digits_at(const char *s, int n, int from, int count, int *out) {
  if (from + count > n) return false;
  int v = 0;
  for (int i = from; i < from + count; i++) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

/* The time part of a date-time is checked for shape, then ignored. */
static bool valid_time_suffix(const char *s, int n) {
  int h, m, sec;
  if (n == 0) return true;
  if (s[0] != ' ' && s[0] != 'T') return false;
  if (!text_digits_at(s, n, 1, 2, &h) || n < 6 || s[3] != ':' || !text_digits_at(s, n, 4, 2, &m)) return false;
  if (h > 23 || m > 59) return false;
  if (n == 6) return true;
  if (s[6] != ':' || !text_digits_at(s, n, 7, 2, &sec) || sec > 60) return false;
  for (int i = 9; i < n; i++)   /* fractions and a zone: digits, . + - : Z */
    if (!strchr("0123456789.+-:Z", s[i])) return false;
  return true;
}

bool date_parse(const char *s, int n, int64_t *days) {
  int y, m, d;
  if (n < 10 || s[4] != '-' || s[7] != '-') return false;
  if (!text_digits_at(s, n, 0, 4, &y) || !text_digits_at(s, n, 5, 2, &m) || !text_digits_at(s, n, 8, 2, &d))
    return false;
  return valid_time_suffix(s + 10, n - 10) && date_from_ymd(y, m, d, days);
}

int64_t date_add_months(int64_t days, int64_t months) {
  int y, m, d;
  date_to_ymd(days, &y, &m, &d);
  int64_t total = (int64_t)y * 12 + (m - 1) + months;
  int64_t ny = total >= 0 ? total / 12 : (total - 11) / 12;
  int nm = (int)(total - ny * 12) + 1;
  int last = days_in_month(ny, nm);
  return days_from_civil(ny, nm, d < last ? d : last);
}

void date_format(int64_t days, char out[11]) {
  int y, m, d;
  date_to_ymd(days, &y, &m, &d);
  if (y < 0 || y > 9999) {
    snprintf(out, 11, "%s", "0000-00-00");
    return;
  }
  snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
}

bool text_to_number(const char *s, int n, value *out) {
  char buf[64];
  if (n <= 0 || n >= (int)sizeof buf) return false;
  memcpy(buf, s, (size_t)n);
  buf[n] = 0;
  int i = 0;
  if (buf[i] == '+' || buf[i] == '-') i++;
  bool digits = false, dot = false, exponent = false;
  for (; i < n; i++) {
    char c = buf[i];
    if (c >= '0' && c <= '9') digits = true;
    else if (c == '.' && !dot && !exponent) dot = true;
    else if ((c == 'e' || c == 'E') && digits && !exponent) {
      exponent = true;
      digits = false;
      if (i + 1 < n && (buf[i + 1] == '+' || buf[i + 1] == '-')) i++;
    } else return false;
  }
  if (!digits) return false;
  if (!dot && !exponent) {   /* an integer stays exact, up to the int64 limits themselves */
    char *end;
    errno = 0;
    long long v = strtoll(buf, &end, 10);
    if (*end == 0 && errno != ERANGE) {
      *out = v_int(v);
      return true;
    }
  }
  double d = strtod(buf, NULL);
  if (!isfinite(d)) return false;
  *out = v_real(d);
  return true;
}

/* --- numbers as text and decimal rounding --------------------------------------
 * One rule prints every number and one rule rounds it.  A double is seen as
 * its 15-significant-digit decimal form (correctly rounded, halves away from
 * zero): 1.005 is stored as 1.00499999999999989..., whose 15-digit form is
 * 1.005, so round(1.005, 2) is 1.01 as in SQLite and spreadsheets.  An
 * integer is its exact digits. */

/* A finite decimal: 0.DIGITS x 10^point, no leading or trailing zeros in
 * DIGITS (none at all for zero).  Room for the exact expansion of any double
 * (at most 767 significant digits). */
typedef struct decimal {
  bool negative;
  int count, point;
  char digits[800];
} decimal;

#define EXACT_PRECISION 780   /* "%.780e" prints any double exactly */

static void decimal_strip(decimal *d) {
  int lead = 0;
  while (lead < d->count && d->digits[lead] == '0') lead++;
  if (lead) {
    memmove(d->digits, d->digits + lead, (size_t)(d->count - lead));
    d->count -= lead;
    d->point -= lead;
  }
  while (d->count > 0 && d->digits[d->count - 1] == '0') d->count--;
}

/* Reads printf's "%e" text: [-]D.DDDDe[+-]XX. */
static void decimal_from_e(const char *s, decimal *d) {
  d->negative = *s == '-';
  if (*s == '-') s++;
  d->count = 0;
  for (; *s && *s != 'e'; s++)
    if (*s != '.' && d->count < (int)sizeof d->digits) d->digits[d->count++] = *s;
  d->point = (*s == 'e' ? atoi(s + 1) : 0) + 1;
  decimal_strip(d);
}

/* Keeps the first KEEP digits, rounding the rest half away from zero. */
static void decimal_keep(decimal *d, int keep) {
  if (keep >= d->count) return;
  if (keep < 0) { d->count = 0; return; }
  bool up = d->digits[keep] >= '5';
  d->count = keep;
  if (up) {
    int i = keep - 1;
    while (i >= 0 && d->digits[i] == '9') d->digits[i--] = '0';
    if (i >= 0) d->digits[i]++;
    else {                                /* 99.5 -> 100: one digit more */
      d->digits[0] = '1';
      d->count = 1;
      d->point++;
    }
  }
  decimal_strip(d);
}

static void decimal_exact(double x, decimal *d) {
  char buf[EXACT_PRECISION + 16];
  snprintf(buf, sizeof buf, "%.*e", EXACT_PRECISION, x);
  decimal_from_e(buf, d);
}

/* X to SIG significant digits, halves away from zero.  printf rounds
 * correctly to SIG + 1 digits; only when that last digit is a 5 may it have
 * come from a 4 rounded up, and then the exact expansion decides. */
static void decimal_of_double(double x, int sig, decimal *d) {
  char buf[64];
  snprintf(buf, sizeof buf, "%.*e", sig, x);
  decimal_from_e(buf, d);
  if (d->count == sig + 1 && d->digits[sig] == '5') decimal_exact(x, d);
  decimal_keep(d, sig);
}

static void decimal_of_value(value v, decimal *d) {
  if (v.type == V_INT) {
    char buf[32];
    snprintf(buf, sizeof buf, "%lld", (long long)v.u.i);
    d->negative = buf[0] == '-';
    d->count = (int)strlen(buf + d->negative);
    memcpy(d->digits, buf + d->negative, (size_t)d->count);
    d->point = d->count;
    decimal_strip(d);
  } else decimal_of_double(v.u.d, 15, d);
}

static double decimal_to_double(const decimal *d) {
  char buf[sizeof d->digits + 32];
  if (d->count == 0) return 0;
  snprintf(buf, sizeof buf, "%s0.%.*se%d", d->negative ? "-" : "", d->count, d->digits, d->point);
  return strtod(buf, NULL);
}

static void put_zeros(strbuf *out, int n) {
  while (n-- > 0) sb_putc(out, '0');
}

/* Plain digits for magnitudes from 1e-7 up to 1e21, else 1.5e+21, 1e-8. */
static void decimal_to_text(const decimal *d, strbuf *out) {
  if (d->count == 0) { sb_putc(out, '0'); return; }
  if (d->negative) sb_putc(out, '-');
  int exponent = d->point - 1;
  if (exponent < -7 || exponent >= 21) {
    sb_putc(out, d->digits[0]);
    if (d->count > 1) {
      sb_putc(out, '.');
      sb_append(out, d->digits + 1, (size_t)(d->count - 1));
    }
    sb_printf(out, "e%c%d", exponent < 0 ? '-' : '+', exponent < 0 ? -exponent : exponent);
  } else if (d->point <= 0) {
    sb_puts(out, "0.");
    put_zeros(out, -d->point);
    sb_append(out, d->digits, (size_t)d->count);
  } else if (d->point >= d->count) {
    sb_append(out, d->digits, (size_t)d->count);
    put_zeros(out, d->point - d->count);
  } else {
    sb_append(out, d->digits, (size_t)d->point);
    sb_putc(out, '.');
    sb_append(out, d->digits + d->point, (size_t)(d->count - d->point));
  }
}

/* Exactly DECIMALS places; D is already rounded to them.  No "-0.00". */
static void decimal_to_fixed(const decimal *d, int decimals, strbuf *out) {
  if (d->negative && d->count > 0) sb_putc(out, '-');
  if (d->point <= 0) sb_putc(out, '0');
  for (int i = 0; i < d->point; i++) sb_putc(out, i < d->count ? d->digits[i] : '0');
  if (decimals == 0) return;
  sb_putc(out, '.');
  for (int i = d->point; i < d->point + decimals; i++)
    sb_putc(out, i >= 0 && i < d->count ? d->digits[i] : '0');
}

static void nonfinite_text(double d, strbuf *out) {
  sb_puts(out, isnan(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
}

void number_text(value v, strbuf *out) {
  decimal d;
  if (v.type == V_REAL && !isfinite(v.u.d)) { nonfinite_text(v.u.d, out); return; }
  decimal_of_value(v, &d);
  decimal_to_text(&d, out);
}

void number_format(value v, char *out, int size) {
  strbuf b;
  sb_init(&b);
  number_text(v, &b);
  snprintf(out, (size_t)size, "%s", b.data ? b.data : "");
  sb_free(&b);
}

value number_round(value x, int digits) {
  if (x.type != V_REAL || !isfinite(x.u.d)) return x;
  double r = x.u.d;
  /* From 1e15 up the 15-digit form would drop integer digits, and the
   * double has no decimal places worth rounding: only round(x) changes it,
   * exactly (as SQLite does). */
  if (fabs(r) >= 1e15) return digits == 0 ? v_real(round(r)) : x;
  decimal d;
  decimal_of_double(r, 15, &d);
  /* Places beyond the 15th significant digit keep the 15-digit form as it
   * is: round(0.1 + 0.2, 17) is 0.3, as in SQLite. */
  decimal_keep(&d, d.point + digits);
  return v_real(d.count ? decimal_to_double(&d) : 0.0);
}

/* FORMAT := [","] ["." DIGITS ("f" | "%")] */
typedef struct number_format_spec {
  bool thousands, fixed, percent;
  int decimals;
} number_format_spec;

static bool parse_format(const char *f, number_format_spec *spec) {
  memset(spec, 0, sizeof *spec);
  if (*f == ',') { spec->thousands = true; f++; }
  if (*f == 0) return spec->thousands;
  if (*f != '.') return false;
  f++;
  if (*f < '0' || *f > '9') return false;
  while (*f >= '0' && *f <= '9') spec->decimals = spec->decimals * 10 + (*f++ - '0');
  if (spec->decimals > 20) return false;
  if (*f == 'f') spec->fixed = true;
  else if (*f == '%') spec->percent = true;
  else return false;
  return f[1] == 0;
}

bool format_is_valid(const char *format) {
  number_format_spec spec;
  return parse_format(format, &spec);
}

static void insert_thousands(const char *digits, strbuf *out) {
  const char *p = digits;
  if (*p == '-') sb_putc(out, *p++);
  int int_len = 0;
  while (p[int_len] >= '0' && p[int_len] <= '9') int_len++;
  for (int i = 0; i < int_len; i++) {
    if (i > 0 && (int_len - i) % 3 == 0) sb_putc(out, ',');
    sb_putc(out, p[i]);
  }
  sb_puts(out, p + int_len);
}

void number_format_with(value v, const char *format, strbuf *out) {
  number_format_spec spec;
  if (!parse_format(format, &spec) || (v.type == V_REAL && !isfinite(v.u.d))) {
    number_text(v, out);
    return;
  }
  strbuf b;
  sb_init(&b);
  if (spec.percent || spec.fixed) {
    decimal d;
    decimal_of_value(v, &d);
    if (spec.percent) d.point += 2;   /* the decimal form shifted, not x * 100 */
    decimal_keep(&d, d.point + spec.decimals);
    decimal_to_fixed(&d, spec.decimals, &b);
  } else
    number_text(v, &b);
  if (spec.thousands) insert_thousands(b.data, out);
  else sb_puts(out, b.data);
  sb_free(&b);
  if (spec.percent) sb_putc(out, '%');
}

void number_format_fixed(double x, int decimals, bool plus, strbuf *out) {
  char format[16];
  strbuf b;
  sb_init(&b);
  snprintf(format, sizeof format, ".%df", decimals < 0 ? 0 : decimals > 20 ? 20 : decimals);
  number_format_with(v_real(x), format, &b);
  if (plus && b.data[0] != '-') sb_putc(out, '+');
  sb_puts(out, b.data);
  sb_free(&b);
}

/* An integer against a double, exactly (as SQLite's sqlite3IntFloatCompare):
 * near 2^63 a conversion to double would make distinct values equal. */
static int compare_int_double(int64_t i, double r) {
  if (isnan(r)) return 1;
  if (r < -9223372036854775808.0) return 1;
  if (r >= 9223372036854775808.0) return -1;
  int64_t whole = (int64_t)r;   /* r is within range: the cast is defined */
  if (i != whole) return i < whole ? -1 : 1;
  double fraction = r - (double)whole;
  return fraction > 0 ? -1 : fraction < 0 ? 1 : 0;
}

static int compare_numbers(value a, value b) {
  if (a.type == V_INT && b.type == V_INT) return (a.u.i > b.u.i) - (a.u.i < b.u.i);
  if (a.type == V_INT) return compare_int_double(a.u.i, b.u.d);
  if (b.type == V_INT) return -compare_int_double(b.u.i, a.u.d);
  double x = a.u.d, y = b.u.d;
  return (x > y) - (x < y);
}

int value_compare(value a, value b) {
  if (v_is_number(a) && v_is_number(b)) return compare_numbers(a, b);
  if (a.type == V_TEXT && b.type == V_TEXT) {
    int n = a.u.t.n < b.u.t.n ? a.u.t.n : b.u.t.n;
    int c = n ? memcmp(a.u.t.s, b.u.t.s, (size_t)n) : 0;
    if (c) return c < 0 ? -1 : 1;
    return (a.u.t.n > b.u.t.n) - (a.u.t.n < b.u.t.n);
  }
  /* Tiers: the first declared is the highest, so a smaller index is greater. */
  if (a.type == V_TIER && b.type == V_TIER) return (a.u.i < b.u.i) - (a.u.i > b.u.i);
  return (a.u.i > b.u.i) - (a.u.i < b.u.i);   /* dates, booleans */
}

bool value_equal_for_distinct(value a, value b) {
  if (a.type != b.type && !(v_is_number(a) && v_is_number(b))) return false;
  return value_compare(a, b) == 0;
}

/* --- scaled decimals ----------------------------------------------------- */

decimal_kind decimal_as_integer(const char *digits, int count, long exp10, int64_t *whole) {
  while (exp10 < 0 && count > 1 && digits[count - 1] == '0') {
    count--;
    exp10++;
  }
  if (exp10 < 0 && !(count == 1 && digits[0] == '0')) return DECIMAL_FRACTION;
  int64_t r = 0;
  for (int i = 0; i < count; i++)
    if (__builtin_mul_overflow(r, 10, &r) || __builtin_add_overflow(r, digits[i] - '0', &r)) return DECIMAL_TOO_BIG;
  for (long i = 0; i < exp10 && r != 0; i++)
    if (__builtin_mul_overflow(r, 10, &r)) return DECIMAL_TOO_BIG;
  *whole = r;
  return DECIMAL_INTEGER;
}

double decimal_as_double(const char *digits, int count, long exp10) {
  char text[DECIMAL_DIGITS_MAX + 32];
  if (count > DECIMAL_DIGITS_MAX) return NAN;   /* callers stop before (value.h); never a wrong number */
  snprintf(text, sizeof text, "%.*se%ld", count, digits, exp10);
  return strtod(text, NULL);
}

/* --- exact integer sums ------------------------------------------------- */

/* An exact sum of 64-bit integers, as hi * 2^64 + lo: no order of adding
 * can overflow it, so sum and avg of integers are exact whenever the true
 * total is (SQLite's own sum is exact while it fits). */
void wide_add(wide_sum *w, int64_t v) {
  uint64_t lo = w->lo + (uint64_t)v;   /* unsigned: wraps, and the carry says so */
  w->hi += (v < 0 ? -1 : 0) + (lo < w->lo);
  w->lo = lo;
}

bool wide_fits(wide_sum w, int64_t *out) {
  if (!((w.hi == 0 && w.lo <= (uint64_t)INT64_MAX) || (w.hi == -1 && w.lo >= (uint64_t)INT64_MIN))) return false;
  *out = (int64_t)w.lo;
  return true;
}

/* The nearest double, from the magnitude: adding a negative high part to a
 * large low part in doubles would cancel to 0. */
double wide_double(wide_sum w) {
  int64_t exact;
  if (wide_fits(w, &exact)) return (double)exact;
  if (w.hi >= 0) return (double)w.hi * 18446744073709551616.0 + (double)w.lo;
  uint64_t mag_lo = ~w.lo + 1, mag_hi = ~(uint64_t)w.hi + (w.lo == 0);
  return -((double)mag_hi * 18446744073709551616.0 + (double)mag_lo);
}
