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

static bool digits_at(const char *s, int n, int from, int count, int *out) {
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
  if (!digits_at(s, n, 1, 2, &h) || n < 6 || s[3] != ':' || !digits_at(s, n, 4, 2, &m)) return false;
  if (h > 23 || m > 59) return false;
  if (n == 6) return true;
  if (s[6] != ':' || !digits_at(s, n, 7, 2, &sec) || sec > 60) return false;
  for (int i = 9; i < n; i++)   /* fractions and a zone: digits, . + - : Z */
    if (!strchr("0123456789.+-:Z", s[i])) return false;
  return true;
}

bool date_parse(const char *s, int n, int64_t *days) {
  int y, m, d;
  if (n < 10 || s[4] != '-' || s[7] != '-') return false;
  if (!digits_at(s, n, 0, 4, &y) || !digits_at(s, n, 5, 2, &m) || !digits_at(s, n, 8, 2, &d))
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

void number_format(value v, char *out, int size) {
  if (v.type == V_INT) {
    snprintf(out, (size_t)size, "%lld", (long long)v.u.i);
    return;
  }
  double d = v.u.d;
  if (isnan(d)) { snprintf(out, (size_t)size, "NaN"); return; }
  if (isinf(d)) { snprintf(out, (size_t)size, d > 0 ? "Infinity" : "-Infinity"); return; }
  if (d == floor(d) && fabs(d) < 1e15) {
    snprintf(out, (size_t)size, "%.0f", d == 0 ? 0.0 : d);
    return;
  }
  /* %g drops trailing zeros, so the first precision from 15 up that reads
   * back exactly is the shortest form (0.15, not 0.14999999999999999). */
  /* Subnormal numbers have fewer significant bits, so search them from 1. */
  for (int precision = fabs(d) < 2.2250738585072014e-308 ? 1 : 15; precision <= 17; precision++) {
    snprintf(out, (size_t)size, "%.*g", precision, d);
    if (strtod(out, NULL) == d) return;
  }
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
  char buf[400];
  if (!parse_format(format, &spec) || !isfinite(v_as_double(v))) {
    number_format(v, buf, sizeof buf);
    sb_puts(out, buf);
    return;
  }
  if (spec.percent || spec.fixed) {
    /* Halves round away from zero, as round() and spreadsheets do (printf
     * alone would round 2.5 to 2). */
    double x = v_as_double(v) * (spec.percent ? 100 : 1), scale = pow(10, spec.decimals);
    double r = round(x * scale) / scale;
    snprintf(buf, sizeof buf, "%.*f", spec.decimals, isfinite(r) ? r : x);
  }
  else
    number_format(v, buf, sizeof buf);
  if (strcmp(buf, "-0") == 0 || (buf[0] == '-' && strspn(buf + 1, "0.") == strlen(buf + 1)))
    memmove(buf, buf + 1, strlen(buf));   /* no "-0.00" */
  if (spec.thousands) insert_thousands(buf, out);
  else sb_puts(out, buf);
  if (spec.percent) sb_putc(out, '%');
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
