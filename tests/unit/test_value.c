/*
 * test_value.c — unit tests for what data files cannot reach directly:
 * calendar arithmetic, strict text-to-number and text-to-date reading,
 * comparison order and number printing.  Null logic and operators are
 * tested through rule files in tests/eval.
 */
#include "value.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static int failures;
#include "check.h"

static int64_t day(const char *iso) {
  int64_t d = -999999;
  CHECK(date_parse(iso, (int)strlen(iso), &d));
  return d;
}

static const char *iso(int64_t days) {
  static char buf[11];
  date_format(days, buf);
  return buf;
}

static void test_dates(void) {
  CHECK(day("1970-01-01") == 0);
  CHECK(day("1970-01-02") == 1);
  CHECK(day("2000-03-01") - day("2000-02-28") == 2);      /* 2000 is a leap year */
  CHECK(day("1900-03-01") - day("1900-02-28") == 1);      /* 1900 is not */
  CHECK(strcmp(iso(day("2026-06-30")), "2026-06-30") == 0);
  int64_t d;
  CHECK(!date_parse("2026-02-30", 10, &d));
  CHECK(!date_parse("2025-13-01", 10, &d));
  CHECK(!date_parse("31/12/2025", 10, &d));
  CHECK(!date_parse("", 0, &d));
  CHECK(!date_parse("2026-1-01", 9, &d));
  CHECK(date_parse("2026-05-04 10:30:00", 19, &d) && d == day("2026-05-04"));
  CHECK(date_parse("2026-05-04T10:30", 16, &d) && d == day("2026-05-04"));
  CHECK(!date_parse("2026-05-04 25:30", 16, &d));
  CHECK(!date_parse("2026-05-04x", 11, &d));
}

static void test_month_clamping(void) {
  CHECK(strcmp(iso(date_add_months(day("2026-03-31"), -1)), "2026-02-28") == 0);
  CHECK(strcmp(iso(date_add_months(day("2024-03-31"), -1)), "2024-02-29") == 0);
  CHECK(strcmp(iso(date_add_months(day("2026-01-31"), 1)), "2026-02-28") == 0);
  CHECK(strcmp(iso(date_add_months(day("2026-06-30"), -12)), "2025-06-30") == 0);
  CHECK(strcmp(iso(date_add_months(day("2024-02-29"), 12)), "2025-02-28") == 0);
  CHECK(strcmp(iso(date_add_months(day("2026-12-15"), 1)), "2027-01-15") == 0);
  CHECK(strcmp(iso(date_add_months(day("2026-01-15"), -13)), "2024-12-15") == 0);
}

static void test_text_to_number(void) {
  value v;
  CHECK(text_to_number("12", 2, &v) && v.type == V_INT && v.u.i == 12);
  CHECK(text_to_number("-3.5", 4, &v) && v.type == V_REAL && v.u.d == -3.5);
  CHECK(text_to_number("1e6", 3, &v) && v.type == V_REAL && v.u.d == 1e6);
  CHECK(text_to_number("+7", 2, &v) && v.type == V_INT && v.u.i == 7);
  CHECK(!text_to_number("1,000", 5, &v));
  CHECK(!text_to_number("15%", 3, &v));
  CHECK(!text_to_number("", 0, &v));
  CHECK(!text_to_number(" 12", 3, &v));
  CHECK(!text_to_number("n/a", 3, &v));
  CHECK(!text_to_number("1e", 2, &v));
  CHECK(!text_to_number(".", 1, &v));
  CHECK(!text_to_number("1e999", 5, &v));                 /* infinity is not a number here */
  CHECK(text_to_number("99999999999999999999", 20, &v) && v.type == V_REAL);
}

static const char *shown(value v) {
  static char buf[64];
  number_format(v, buf, sizeof buf);
  return buf;
}

static const char *formatted(value v, const char *format) {
  static char buf[128];
  strbuf b;
  sb_init(&b);
  number_format_with(v, format, &b);
  snprintf(buf, sizeof buf, "%s", b.data);
  sb_free(&b);
  return buf;
}

static void test_number_printing(void) {
  CHECK(strcmp(shown(v_int(12)), "12") == 0);
  CHECK(strcmp(shown(v_real(0.15)), "0.15") == 0);
  CHECK(strcmp(shown(v_real(71.25)), "71.25") == 0);
  CHECK(strcmp(shown(v_real(3.0)), "3") == 0);
  CHECK(strcmp(shown(v_real(0.1 + 0.2)), "0.3") == 0);            /* 15 significant digits */
  CHECK(strcmp(shown(v_real(-0.0)), "0") == 0);
  CHECK(strcmp(formatted(v_real(1234567.891), ",.0f"), "1,234,568") == 0);
  CHECK(strcmp(formatted(v_int(1234567), ","), "1,234,567") == 0);
  CHECK(strcmp(formatted(v_real(0.856), ".0%"), "86%") == 0);
  CHECK(strcmp(formatted(v_real(0.8567), ".1%"), "85.7%") == 0);
  CHECK(strcmp(formatted(v_real(2.5), ".2f"), "2.50") == 0);
  CHECK(strcmp(formatted(v_real(-1234.5), ",.1f"), "-1,234.5") == 0);
  CHECK(strcmp(formatted(v_real(-0.001), ".1f"), "0.0") == 0);
  CHECK(format_is_valid(".2f") && format_is_valid(",") && format_is_valid(",.0f") && format_is_valid(".1%"));
  CHECK(!format_is_valid("x") && !format_is_valid(".f") && !format_is_valid("") && !format_is_valid(".2"));
}

static void test_compare(void) {
  CHECK(value_compare(v_int(2), v_real(2.5)) < 0);
  CHECK(value_compare(v_real(3), v_int(3)) == 0);
  CHECK(value_compare(v_int(INT64_MAX), v_int(INT64_MAX - 1)) > 0);   /* exact, not via double */
  CHECK(value_compare(v_text("abc", 3), v_text("abd", 3)) < 0);
  CHECK(value_compare(v_text("ab", 2), v_text("abc", 3)) < 0);
  CHECK(value_compare(v_text("B", 1), v_text("a", 1)) < 0);           /* bytes, not case-folded */
  CHECK(value_compare(v_tier(0, 0), v_tier(0, 1)) > 0);               /* first declared is highest */
  CHECK(value_compare(v_date(10), v_date(9)) > 0);
}

/* The one exact reading of scaled decimals (literals and number()). */
static void test_scaled_decimals(void) {
  int64_t w = -1;
  CHECK(decimal_as_integer("17", 2, 7, &w) == DECIMAL_INTEGER && w == 170000000);        /* 1.7亿 */
  CHECK(decimal_as_integer("150", 3, -1, &w) == DECIMAL_INTEGER && w == 15);             /* 1.50K / 100 */
  CHECK(decimal_as_integer("15", 2, -1, &w) == DECIMAL_FRACTION);
  CHECK(decimal_as_integer("000", 3, -2, &w) == DECIMAL_INTEGER && w == 0);
  CHECK(decimal_as_integer("0", 1, 400, &w) == DECIMAL_INTEGER && w == 0);
  CHECK(decimal_as_integer("9223372036854775807", 19, 0, &w) == DECIMAL_INTEGER && w == INT64_MAX);
  CHECK(decimal_as_integer("9223372036854775808", 19, 0, &w) == DECIMAL_TOO_BIG);
  CHECK(decimal_as_integer("1", 1, 19, &w) == DECIMAL_TOO_BIG);
  CHECK(decimal_as_double("15", 2, -2) == 0.15);
  CHECK(decimal_as_double("1", 1, 309) == INFINITY);
}

int main(void) {
  test_scaled_decimals();
  test_dates();
  test_month_clamping();
  test_text_to_number();
  test_number_printing();
  test_compare();
  if (failures) fprintf(stderr, "%d check(s) failed\n", failures);
  return failures ? 1 : 0;
}
