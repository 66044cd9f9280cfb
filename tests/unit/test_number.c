/*
 * test_number.c — kam's one rule for numbers as text and one for rounding,
 * checked against a real in-memory SQLite on many generated inputs (a fixed
 * seed, so a failure repeats): round(x, n) against SELECT round(?, ?), the
 * 15-digit text against SELECT CAST(? AS TEXT) (SQLite's "%!.15g"), and the
 * .Nf / .N% formats against SQLite's round of the same decimal form.  The
 * first disagreements are printed; any disagreement fails.
 *
 * The contract rounds the number as kam prints it (its 15-digit form);
 * SQLite rounds the double, nudged by 3e-16 of itself so that 1.005 still
 * rounds up.  They differ only when the double lies within about 1e-15 of
 * a half of its 15-digit form (1.0049999999999997 prints 1.005 and rounds
 * to 1.01 in kam, 1.00 in SQLite): there the oracle is SQLite's round of
 * the number as printed, and such cases are counted, not failed.  SQLite
 * 3.40 computes digits beyond the 16th in long double, so places past the
 * 15th significant digit are compared to 1e-15, and exact 16-digit ties
 * (137283936921298.5), which its text settles either way, are compared
 * with the neighbour one step away from zero.
 */
#include "value.h"

#include <float.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures, compared;
#include "check.h"

static void fail(const char *what, const char *input, const char *kam, const char *sqlite) {
  if (++failures <= 25) fprintf(stderr, "%s(%s): kam %s, SQLite %s\n", what, input, kam, sqlite);
}

/* --- SQLite ----------------------------------------------------------------- */

static sqlite3 *db;
static sqlite3_stmt *round_stmt, *text_stmt;

static void bind_number(sqlite3_stmt *st, value v) {
  if (v.type == V_INT) sqlite3_bind_int64(st, 1, v.u.i);
  else sqlite3_bind_double(st, 1, v.u.d);
}

static double sqlite_round(value x, int n) {
  sqlite3_reset(round_stmt);
  bind_number(round_stmt, x);
  sqlite3_bind_int(round_stmt, 2, n);
  if (sqlite3_step(round_stmt) != SQLITE_ROW) { fprintf(stderr, "round: %s\n", sqlite3_errmsg(db)); exit(2); }
  return sqlite3_column_double(round_stmt, 0);
}

static const char *sqlite_text(value x, char *out, size_t size) {
  sqlite3_reset(text_stmt);
  bind_number(text_stmt, x);
  if (sqlite3_step(text_stmt) != SQLITE_ROW) { fprintf(stderr, "text: %s\n", sqlite3_errmsg(db)); exit(2); }
  snprintf(out, size, "%s", (const char *)sqlite3_column_text(text_stmt, 0));
  return out;
}

/* --- kam -------------------------------------------------------------------- */

static const char *kam_text(value v, char *out, size_t size) {
  number_format(v, out, (int)size);
  return out;
}

static const char *kam_formatted(value v, const char *format, char *out, size_t size) {
  strbuf b;
  sb_init(&b);
  number_format_with(v, format, &b);
  snprintf(out, size, "%s", b.data ? b.data : "");
  sb_free(&b);
  return out;
}

static const char *input_text(value v) {
  static char buf[64];
  if (v.type == V_INT) snprintf(buf, sizeof buf, "%lld", (long long)v.u.i);
  else snprintf(buf, sizeof buf, "%.17g", v.u.d);
  return buf;
}

/* The contract's shape of a number as text: at most 15 significant digits,
 * no trailing zero after a point, plain from 1e-7 up to 1e21, else
 * D[.DDD]e+X / e-X with no zero padding; no "-0". */
static bool contract_shape(const char *s, double x) {
  const char *p = s + (*s == '-');
  const char *e = strchr(p, 'e');
  double ax = fabs(strtod(s, NULL));
  bool plain = ax == 0 || (ax >= 1e-7 && ax < 1e21);
  if (plain != (e == NULL)) return false;
  if (strcmp(s, "-0") == 0 || (x == 0 && strcmp(s, "0") != 0)) return false;
  int significant = 0, after_point = 0, last = 0;
  bool point = false, started = false;
  for (const char *c = p; *c && c != e; c++) {
    if (*c == '.') { point = true; continue; }
    if (*c < '0' || *c > '9') return false;
    if (*c != '0') started = true;
    if (started) significant++;
    if (point) after_point++;
    last = *c;
  }
  if (point && (after_point == 0 || last == '0')) return false;
  if (e && (e[1] != '+' && e[1] != '-')) return false;
  if (e && (e[2] == '0' || e[2] == 0)) return false;
  /* Trailing zeros of a plain integer are not significant digits. */
  if (!point && !e) while (significant > 0 && s[strlen(s) - 1] == '0' && significant > 15) significant--;
  return significant <= 15;
}

/* --- inputs ----------------------------------------------------------------- */

static uint64_t rng_state = 0x9E3779B97F4A7C15u;
static uint64_t next_random(void) {   /* xorshift64*, fixed seed */
  rng_state ^= rng_state >> 12;
  rng_state ^= rng_state << 25;
  rng_state ^= rng_state >> 27;
  return rng_state * 0x2545F4914F6CDD1Du;
}
static int random_below(int n) { return (int)(next_random() % (uint64_t)n); }

/* Any double of a magnitude from 1e-12 to 1e22, either sign. */
static double random_double(void) {
  double mantissa = 1 + (double)(next_random() >> 11) / 9007199254740992.0 * 9;
  double x = mantissa * pow(10, random_below(35) - 12);
  return next_random() & 1 ? -x : x;
}

/* A short decimal as a user types it (1.005, 2.675, 0.125, 1234.5): many
 * of them are halves at the last digit. */
static double random_decimal(void) {
  char buf[64];
  long long digits = (long long)(next_random() % 1000000000) + 1;
  if (next_random() & 1) digits = digits / 10 * 10 + 5;   /* ends in 5: a half */
  snprintf(buf, sizeof buf, "%s%llde-%d", next_random() & 1 ? "-" : "", digits, random_below(12));
  return strtod(buf, NULL);
}

static const double fixed_inputs[] = {
  1.005, 2.675, 0.125, 0.5, 1.5, 2.5, -2.5, -0.5, 1.45, 0.045, 1.1 * 1.5, 0.1 + 0.2, 1.0 / 3,
  2.0 / 3, 1e15, -1e15, 1e15 + 0.5, 999999999999999.5, 999999999999999.4, 123456789012345.5,
  123456789012344.5, 1e21, 9.99999999999999e20, 1.5e21, 1e-7, 1e-8, 9.99999999999999e-8,
  1.23456789012345e-7, 9007199254740991.0, 9007199254740992.0, 9007199254740994.0,
  9223372036854775807.0, -9223372036854775808.0, 4.5e15, 0.49999999999999994, 0.0, -0.0,
  5e-324, 4.94065645841247e-323, DBL_MIN, DBL_MAX, -DBL_MAX, 1e300, 1e-300, 12345.678,
  99.995, 9.995, 0.995, 1234567.891, 0.0001, 0.00001, 100, 1e20, 1e22,
};

static const int64_t fixed_integers[] = {
  0, 1, -1, 12, 9007199254740991, 9007199254740992, 9007199254740993, -9007199254740993,
  9223372036854775807, -9223372036854775807 - 1, 9223372036854775806, 12345678901234567,
  1000000000000000, 999999999999999,
};

/* --- comparisons -------------------------------------------------------------- */

/* Digits beyond SQLite's: SQLite 3.40 builds round()'s digits in long
 * double arithmetic, good for about 16 significant digits and no further
 * (it settles an exact tie there either way), while kam rounds the exact
 * double there.  Such places (more than 15 significant digits asked for)
 * are compared to one unit of the 16th significant digit (and two steps
 * of the double). */
static bool beyond_fifteen_digits(double x, int n) {
  return x != 0 && floor(log10(fabs(x))) + 1 + n > 15;
}

static int contract_halves;   /* SQLite rounds the double the other way */
static int past_fifteen;      /* SQLite keeps a 16th digit the contract does not have */

/* Is the 15-digit decimal SHOWN (a double that reads back to it) exactly a
 * half at N places? */
static bool shown_is_half(double shown, int n) {
  char buf[64];
  snprintf(buf, sizeof buf, "%.14e", fabs(shown));   /* its 15 digits: D.DDDDDDDDDDDDDDe+X */
  char digits[16];
  digits[0] = buf[0];
  memcpy(digits + 1, buf + 2, 14);
  int keep = atoi(strchr(buf, 'e') + 1) + 1 + n;
  if (keep < 0 || keep >= 15 || digits[keep] != '5') return false;
  for (int i = keep + 1; i < 15; i++)
    if (digits[i] != '0') return false;
  return true;
}

/* What the contract asks of round(x, n), from SQLite: its round of the
 * 15-digit decimal kam shows.  A half is taken two steps of the double past
 * it, away from zero, so that SQLite's answer does not hang on a nudge. */
static double oracle_round(double shown, int n) {
  if (shown_is_half(shown, n)) {
    double away = shown > 0 ? INFINITY : -INFINITY;
    shown = nextafter(nextafter(shown, away), away);
  }
  return sqlite_round(v_real(shown), n);
}

static double shown_value(double x) {
  char text[64];
  kam_text(v_real(x), text, sizeof text);
  return strtod(text, NULL);
}

/* Two doubles that print as the same 15-digit decimal (SQLite 3.40 reads
 * "0.076439" back one step off the nearest double; kam's strtod does not). */
static bool same_decimal(double a, double b) {
  char x[64], y[64];
  return a == b || strcmp(kam_text(v_real(a), x, sizeof x), kam_text(v_real(b), y, sizeof y)) == 0;
}

static void report_round(const char *what, value x, int n, double kam, double sqlite) {
  char a[64], b[64], in[80];
  snprintf(a, sizeof a, "%.17g", kam);
  snprintf(b, sizeof b, "%.17g", sqlite);
  snprintf(in, sizeof in, "%s, %d", input_text(x), n);
  fail(what, in, a, b);
}

static void compare_round(value x, int n) {
  value k = number_round(x, n);
  compared++;
  /* SQLite's round() always answers a REAL; kam keeps an integer exact.
   * SQLite 3.40 rounds with places through 16 long-double digits, so an
   * integer of 16 digits is compared only without places. */
  if (x.type == V_INT) {
    double s = (n == 0 || llabs(x.u.i) < 1000000000000000) ? sqlite_round(x, n) : (double)x.u.i;
    if (k.type != V_INT || k.u.i != x.u.i || (double)k.u.i != s) report_round("round int", x, n, (double)k.u.i, s);
    return;
  }
  double r = k.u.d;
  if (fabs(x.u.d) >= 1e15) {
    /* round(x) is exact there (SQLite's integer path); with places, SQLite
     * 3.40 cuts to 16 digits without rounding, kam keeps the double. */
    double want = n == 0 ? sqlite_round(x, 0) : x.u.d;
    if (r != want) report_round("round (1e15 and up)", x, n, r, want);
    return;
  }
  if (beyond_fifteen_digits(x.u.d, n)) {
    /* The contract rounds the 15-digit form, which has no digit at such a
     * place: the result is that form (round(0.1 + 0.2, 17) = 0.3).  SQLite
     * 3.40 may keep a 16th digit there; those cases are counted, not failed. */
    double want = shown_value(x.u.d);
    if (!same_decimal(r, want)) report_round("round (past 15 digits)", x, n, r, want);
    else if (!same_decimal(r, sqlite_round(x, n))) past_fifteen++;
    return;
  }
  double want = oracle_round(shown_value(x.u.d), n), direct = sqlite_round(x, n);
  if (!same_decimal(r, want) || shown_value(r) != r) report_round("round", x, n, r, want);
  else if (!same_decimal(r, direct) && ++contract_halves <= 5)
    fprintf(stderr, "note: round(%s, %d) = %.17g; SQLite rounds the double to %.17g\n", input_text(x), n, r, direct);
}

/* Text: the same 15-digit decimal, and the contract's shape.  An exact tie
 * at the 16th digit goes away from zero, so it is compared with SQLite's
 * text of the next double away from zero. */
static bool exact_sixteen_digit_tie(double x) {
  char buf[80];
  if (fabs(x) < 1 || fabs(x) >= 1e17) return false;   /* there "%.40e" is exact */
  snprintf(buf, sizeof buf, "%.40e", fabs(x));          /* D.DDDD...e+XX */
  if (buf[16] != '5') return false;                      /* digit 16: after "D." and 14 more */
  for (const char *c = buf + 17; *c != 'e'; c++)
    if (*c != '0') return false;
  return true;
}

static void compare_text(value x) {
  char k[64], s[64];
  kam_text(x, k, sizeof k);
  compared++;
  if (x.type == V_INT) {
    if (strcmp(k, sqlite_text(x, s, sizeof s)) != 0) fail("text int", input_text(x), k, s);
    return;
  }
  double oracle = x.u.d;
  if (exact_sixteen_digit_tie(oracle)) oracle = nextafter(oracle, oracle > 0 ? INFINITY : -INFINITY);
  sqlite_text(v_real(oracle), s, sizeof s);
  /* SQLite writes 1.0e+15 where the contract writes 1000000000000000, and
   * -0.0 / 0.0 where it writes 0: the same 15-digit decimal either way, so
   * both are read back (distinct 15-digit decimals are distinct doubles). */
  if (strtod(k, NULL) != strtod(s, NULL) || !contract_shape(k, x.u.d)) fail("text", input_text(x), k, s);
}

/* {x:.Nf} is round(x, N) written with N places: compare with SQLite's
 * round of the same value, printed by kam's own 15-digit rule. */
static void compare_fixed(value x, int n) {
  if (x.type == V_REAL && fabs(x.u.d) >= 1e15) return;   /* text of an integer-sized double: below */
  char format[8], k[400], s[400];
  snprintf(format, sizeof format, ".%df", n);
  kam_formatted(x, format, k, sizeof k);
  compared++;
  if (x.type == V_REAL && beyond_fifteen_digits(x.u.d, n)) {
    /* Past the 15th digit the format pads the 15-digit form with zeros. */
    char plain[64];
    kam_text(x, plain, sizeof plain);
    if (strtod(k, NULL) != strtod(plain, NULL) && fabs(x.u.d) >= 1e-7) fail("fixed (15 digits)", input_text(x), k, plain);
    return;
  }
  double r = x.type == V_INT ? 0 : oracle_round(shown_value(x.u.d), n);
  strbuf b;
  sb_init(&b);
  number_format_with(x.type == V_INT ? x : v_real(r), format, &b);
  snprintf(s, sizeof s, "%s", b.data);
  sb_free(&b);
  if (strcmp(k, s) != 0) {
    char in[80];
    snprintf(in, sizeof in, "%s, %s", input_text(x), format);
    fail("fixed", in, k, s);
  }
}

/* {x:.N%} shifts the decimal form two places: the oracle is SQLite's round
 * of the shifted decimal read back as a double (0.01005 -> "1.005" -> 1.01). */
static void compare_percent(value x, int n) {
  if (x.type != V_REAL || fabs(x.u.d) >= 1e13 || fabs(x.u.d) < 1e-7) return;
  if (beyond_fifteen_digits(x.u.d * 100, n)) return;
  char format[8], k[400], plain[64], shifted[80], s[400];
  snprintf(format, sizeof format, ".%d%%", n);
  kam_formatted(x, format, k, sizeof k);
  kam_text(x, plain, sizeof plain);
  snprintf(shifted, sizeof shifted, "%se2", plain);
  double r = oracle_round(strtod(shifted, NULL), n);
  char fixed[8];
  snprintf(fixed, sizeof fixed, ".%df", n);
  kam_formatted(v_real(r), fixed, s, sizeof s - 1);
  strcat(s, "%");
  compared++;
  if (strcmp(k, s) != 0) {
    char in[80];
    snprintf(in, sizeof in, "%s, %s", input_text(x), format);
    fail("percent", in, k, s);
  }
}

static void compare_all(value x, int n) {
  if (x.type == V_REAL && !isfinite(x.u.d)) return;
  compare_round(x, n);
  compare_text(x);
  compare_fixed(x, n);
  compare_percent(x, n);
}

/* --- the contract's own examples -------------------------------------------- */

static bool text_is(value v, const char *want) {
  char buf[64];
  kam_text(v, buf, sizeof buf);
  if (strcmp(buf, want) == 0) return true;
  fprintf(stderr, "text(%s): %s, want %s\n", input_text(v), buf, want);
  return false;
}

static bool formatted_is(value v, const char *format, const char *want) {
  char buf[400];
  kam_formatted(v, format, buf, sizeof buf);
  if (strcmp(buf, want) == 0) return true;
  fprintf(stderr, "{%s:%s}: %s, want %s\n", input_text(v), format, buf, want);
  return false;
}

static void test_contract_examples(void) {
  CHECK(text_is(v_real(1.5 * 1.1), "1.65"));
  CHECK(text_is(v_real(1e15), "1000000000000000"));
  CHECK(text_is(v_real(1.5e21), "1.5e+21"));
  CHECK(text_is(v_real(1e21), "1e+21"));
  CHECK(text_is(v_real(1e-8), "1e-8"));
  CHECK(text_is(v_real(1e-7), "0.0000001"));
  CHECK(text_is(v_real(-0.0), "0"));
  CHECK(text_is(v_real(0.1 + 0.2), "0.3"));
  CHECK(text_is(v_real(123456789012345678.0), "123456789012346000"));
  CHECK(text_is(v_int(9223372036854775807), "9223372036854775807"));
  CHECK(number_round(v_real(1.005), 2).u.d == 1.01);
  CHECK(number_round(v_real(2.675), 2).u.d == 2.68);
  CHECK(number_round(v_real(-2.5), 0).u.d == -3);
  CHECK(number_round(v_int(7), 0).type == V_INT);
  CHECK(number_round(v_real(1e15 + 0.5), 0).u.d == 1e15 + 1);   /* exact above 1e15 */
  CHECK(formatted_is(v_real(1.005), ".2f", "1.01"));
  CHECK(formatted_is(v_real(0.01005), ".2%", "1.01%"));          /* shifted, not 1.005 * 100 */
  CHECK(formatted_is(v_real(0.125), ".0%", "13%"));
  CHECK(formatted_is(v_int(12345678901234567), ",.2f", "12,345,678,901,234,567.00"));
  CHECK(formatted_is(v_int(12), ".1%", "1200.0%"));
  CHECK(formatted_is(v_real(-0.001), ".2f", "0.00"));
  CHECK(formatted_is(v_real(1.5e21), ",", "1.5e+21"));
}

int main(void) {
  if (sqlite3_open(":memory:", &db) != SQLITE_OK ||
      sqlite3_prepare_v2(db, "SELECT round(?1, ?2)", -1, &round_stmt, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2(db, "SELECT CAST(?1 AS TEXT)", -1, &text_stmt, NULL) != SQLITE_OK) {
    fprintf(stderr, "cannot open SQLite: %s\n", sqlite3_errmsg(db));
    return 2;
  }
  test_contract_examples();
  for (size_t i = 0; i < sizeof fixed_inputs / sizeof *fixed_inputs; i++)
    for (int n = 0; n <= 17; n++) {
      double x = fixed_inputs[i];
      compare_all(v_real(x), n);
      compare_all(v_real(nextafter(x, INFINITY)), n);
      compare_all(v_real(nextafter(x, -INFINITY)), n);
    }
  for (size_t i = 0; i < sizeof fixed_integers / sizeof *fixed_integers; i++)
    for (int n = 0; n <= 4; n++) compare_all(v_int(fixed_integers[i]), n);
  for (int i = 0; i < 50000; i++) {
    compare_all(v_real(random_double()), random_below(9));
    compare_all(v_real(random_decimal()), random_below(9));
    compare_all(v_int((int64_t)next_random()), random_below(5));
  }
  sqlite3_finalize(round_stmt);
  sqlite3_finalize(text_stmt);
  sqlite3_close(db);
  fprintf(stderr, "%d comparisons with SQLite %s; %d where SQLite rounds the double across the half of its "
          "15-digit form; %d where it keeps a 16th digit\n", compared, sqlite3_libversion(), contract_halves,
          past_fifteen);
  if (failures) fprintf(stderr, "%d disagreement(s) in %d comparisons (SQLite %s)\n", failures, compared, sqlite3_libversion());
  return failures ? 1 : 0;
}
