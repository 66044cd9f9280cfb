/*
 * builtins.c — the built-in functions on one subject's values: coalesce,
 * abs, round, least/greatest, days/year/month, the text functions (lower,
 * upper, length, contains, starts_with, ends_with, trim, replace, substr)
 * and the lenient readers number() and date() for untidy cells.
 *
 * resolve.c checks names, argument counts and types; eval.c evaluates the
 * arguments' operators and calls builtin_call for every E_CALL node.  The
 * rounding rule stays in eval.c (eval_round), next to the other number
 * rules.  Text is UTF-8; "characters" are code points.
 */
#include "builtins.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- text helpers ------------------------------------------------------------ */

/* Text built-ins read text as it is, and other values as they print. */
static value as_text(evaluator *ev, value v) {
  if (v.type == V_TEXT || v.type == V_NULL) return v;
  const char *s = value_to_text(ev, v, NULL);
  return v_text(s, (int)strlen(s));
}

static bool is_continuation(char c) { return ((unsigned char)c & 0xC0) == 0x80; }

static int64_t char_count(const char *s, int n) {
  int64_t chars = 0;
  for (int i = 0; i < n; i++) chars += !is_continuation(s[i]);
  return chars;
}

/* Byte offset of the character `chars` characters after byte `from`
 * (or the end of the text). */
static int skip_chars(const char *s, int n, int from, int64_t chars) {
  int i = from;
  while (i < n && chars > 0) {
    i++;
    while (i < n && is_continuation(s[i])) i++;
    chars--;
  }
  return i;
}

static const char ideographic_space[] = "\xE3\x80\x80";   /* U+3000 */

static bool ascii_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* Drops white space (space, tab, CR, LF, U+3000) at both ends of s[0..n). */
static void trim_span(const char **s, int *n) {
  for (;;) {
    if (*n > 0 && ascii_space((*s)[0])) { (*s)++; (*n)--; }
    else if (*n >= 3 && memcmp(*s, ideographic_space, 3) == 0) { *s += 3; *n -= 3; }
    else break;
  }
  for (;;) {
    if (*n > 0 && ascii_space((*s)[*n - 1])) (*n)--;
    else if (*n >= 3 && memcmp(*s + *n - 3, ideographic_space, 3) == 0) *n -= 3;
    else break;
  }
}

/* Consumes `word` at the start of s[0..n) when it is there. */
static bool take_prefix(const char **s, int *n, const char *word) {
  int k = (int)strlen(word);
  if (*n < k || memcmp(*s, word, (size_t)k) != 0) return false;
  *s += k;
  *n -= k;
  return true;
}

static bool take_suffix(const char *s, int *n, const char *word) {
  int k = (int)strlen(word);
  if (*n < k || memcmp(s + *n - k, word, (size_t)k) != 0) return false;
  *n -= k;
  return true;
}

/* --- text functions ------------------------------------------------------------ */

static value text_case(evaluator *ev, value v, bool upper) {
  v = as_text(ev, v);
  if (v.type == V_NULL) return v;
  int first = 0;   /* most text is already in the wanted case: then it is returned as it is */
  while (first < v.u.t.n && !(upper ? v.u.t.s[first] >= 'a' && v.u.t.s[first] <= 'z'
                                    : v.u.t.s[first] >= 'A' && v.u.t.s[first] <= 'Z'))
    first++;
  if (first == v.u.t.n) return v;
  char *out = arena_alloc(&ev->scratch, (size_t)v.u.t.n + 1);
  for (int i = 0; i < v.u.t.n; i++) {
    char c = v.u.t.s[i];
    if (upper && c >= 'a' && c <= 'z') c = (char)(c - 32);
    if (!upper && c >= 'A' && c <= 'Z') c = (char)(c + 32);
    out[i] = c;
  }
  return v_text(out, v.u.t.n);
}

/* Byte offset of the first occurrence of part in hay at or after `from`, -1 when none. */
static int find_part(value hay, value part, int from) {
  int n = hay.u.t.n, m = part.u.t.n;
  if (m == 0) return from <= n ? from : -1;
  for (int i = from; i + m <= n; i++)
    if (hay.u.t.s[i] == part.u.t.s[0] && memcmp(hay.u.t.s + i, part.u.t.s, (size_t)m) == 0) return i;
  return -1;
}

enum text_test { TEST_CONTAINS, TEST_PREFIX, TEST_SUFFIX };

static bool has_part(value hay, value part, enum text_test test) {
  int n = hay.u.t.n, m = part.u.t.n;
  if (m > n) return false;
  switch (test) {
  case TEST_PREFIX: return memcmp(hay.u.t.s, part.u.t.s, (size_t)m) == 0;
  case TEST_SUFFIX: return memcmp(hay.u.t.s + n - m, part.u.t.s, (size_t)m) == 0;
  default: return find_part(hay, part, 0) >= 0;
  }
}

static value text_test(evaluator *ev, const expr *e, enum text_test test) {
  value s = as_text(ev, eval_expr(ev, e->list.items[0]));
  value part = as_text(ev, eval_expr(ev, e->list.items[1]));
  if (s.type == V_NULL || part.type == V_NULL) return v_null();
  return v_bool(has_part(s, part, test));
}

static value text_trim(evaluator *ev, value v) {
  v = as_text(ev, v);
  if (v.type == V_NULL) return v;
  const char *s = v.u.t.s;
  int n = v.u.t.n;
  trim_span(&s, &n);
  return n == v.u.t.n ? v : v_text(s, n);
}

/* replace(s, from, to): every occurrence, left to right, none overlapping.
 * An empty `from` matches nothing, so s comes back unchanged (as SQLite's
 * replace does). */
static value text_replace(evaluator *ev, value s, value from, value to) {
  s = as_text(ev, s);
  from = as_text(ev, from);
  to = as_text(ev, to);
  if (s.type == V_NULL || from.type == V_NULL || to.type == V_NULL) return v_null();
  if (from.u.t.n == 0) return s;
  int64_t hits = 0;
  for (int at = find_part(s, from, 0); at >= 0; at = find_part(s, from, at + from.u.t.n)) hits++;
  if (hits == 0) return s;
  int64_t size = s.u.t.n + hits * (int64_t)(to.u.t.n - from.u.t.n);
  if (size > INT32_MAX) {
    if (ev->warn) ev->warn(ev->warn_user, ev->rule ? ev->rule : "",
                           "replace() would make a text longer than 2 GB; it is null");
    return v_null();
  }
  char *out = arena_alloc(&ev->scratch, (size_t)size + 1);
  int written = 0, copied = 0;
  for (int at = find_part(s, from, 0); at >= 0; at = find_part(s, from, at + from.u.t.n)) {
    memcpy(out + written, s.u.t.s + copied, (size_t)(at - copied));
    written += at - copied;
    memcpy(out + written, to.u.t.s, (size_t)to.u.t.n);
    written += to.u.t.n;
    copied = at + from.u.t.n;
  }
  memcpy(out + written, s.u.t.s + copied, (size_t)(s.u.t.n - copied));
  return v_text(out, (int)size);
}

/* A substr position or count: truncated toward zero (as SQLite's integer
 * reading does) and held within ±2^62 so the arithmetic below cannot
 * overflow; no text is that long, so the clamp changes no answer. */
static int64_t substr_bound(value v) {
  const int64_t limit = (int64_t)1 << 62;
  if (v.type == V_INT) return v.u.i > limit ? limit : v.u.i < -limit ? -limit : v.u.i;
  if (isnan(v.u.d)) return 0;
  return v.u.d >= (double)limit ? limit : v.u.d <= -(double)limit ? -limit : (int64_t)v.u.d;
}

/* substr(s, start[, count]) in characters, exactly as SQLite's substr: start
 * 1 is the first character; a negative start counts from the end (-1 is the
 * last); start 0 is the place before the first character, so count is
 * shortened by one; a negative count takes the |count| characters before
 * start; past either end gives what remains, possibly "". */
static value text_substr(evaluator *ev, value s, value start, value count, bool has_count) {
  s = as_text(ev, s);
  if (s.type == V_NULL || start.type == V_NULL || (has_count && count.type == V_NULL)) return v_null();
  int64_t p1 = substr_bound(start), p2 = has_count ? substr_bound(count) : INT32_MAX;
  bool backwards = p2 < 0;
  if (backwards) p2 = -p2;
  if (p1 < 0) {
    p1 += char_count(s.u.t.s, s.u.t.n);
    if (p1 < 0) {
      p2 += p1;
      if (p2 < 0) p2 = 0;
      p1 = 0;
    }
  } else if (p1 > 0) {
    p1--;
  } else if (p2 > 0) {
    p2--;
  }
  if (backwards) {
    p1 -= p2;
    if (p1 < 0) {
      p2 += p1;
      p1 = 0;
    }
  }
  int begin = skip_chars(s.u.t.s, s.u.t.n, 0, p1);
  int end = skip_chars(s.u.t.s, s.u.t.n, begin, p2);
  return v_text(s.u.t.s + begin, end - begin);
}

/* --- lenient readers ------------------------------------------------------------ */

/* What a number may end with: per cent, the Chinese myriads and the
 * English thousands, each a power of ten. */
static const struct { const char *text; int exp10; } multipliers[] = {
    {"%", -2}, {"万", 4}, {"萬", 4}, {"亿", 8}, {"億", 8},
    {"K", 3}, {"k", 3}, {"M", 6}, {"B", 9}};
static const char *const currency_signs[] = {"¥", "￥", "$", "€", "£"};

static bool take_currency(const char **s, int *n) {
  for (size_t i = 0; i < sizeof currency_signs / sizeof *currency_signs; i++)
    if (take_prefix(s, n, currency_signs[i])) {
      trim_span(s, n);
      return true;
    }
  return false;
}

/* A sign ('-' or '+'); false when there is a second one. */
static bool take_sign(const char **s, int *n, bool *negative, bool *signed_already) {
  if (*n == 0 || ((*s)[0] != '-' && (*s)[0] != '+')) return true;
  if (*signed_already) return false;
  *negative ^= (*s)[0] == '-';
  *signed_already = true;
  (*s)++;
  (*n)--;
  return true;
}

/* Digits with optional thousands separators ("1,200,000.5": groups of three
 * after the first) and an optional fraction, copied without separators to
 * digits[]; *fraction counts the digits after the point. */
static bool read_grouped_digits(const char *s, int n, char *digits, int cap, int *count, int *fraction) {
  int group = 0;
  bool commas = false, point = false;
  *count = *fraction = 0;
  for (int i = 0; i < n; i++) {
    char c = s[i];
    if (c >= '0' && c <= '9') {
      if (*count == cap) return false;
      digits[(*count)++] = c;
      if (point) (*fraction)++;
      else group++;
    } else if (c == ',' && !point) {
      if (group == 0 || group > 3 || (commas && group != 3)) return false;
      commas = true;
      group = 0;
    } else if (c == '.' && !point) {
      if (commas && group != 3) return false;
      point = true;
    } else {
      return false;
    }
  }
  if (!point && commas && group != 3) return false;
  return *count > 0;
}

/* digits × 10^exp10: an integer when it is whole and fits in 64 bits, read
 * exactly (1.7亿 is 170000000, not 169999999.99…); otherwise the double
 * nearest to the decimal value (value.c, the same reading as literals). */
static bool scaled_decimal(const char *digits, int count, int exp10, bool negative, value *out) {
  int64_t whole;
  if (decimal_as_integer(digits, count, exp10, &whole) == DECIMAL_INTEGER) {
    *out = v_int(negative ? -whole : whole);
    return true;
  }
  double d = decimal_as_double(digits, count, exp10);
  if (!isfinite(d)) return false;
  *out = v_real(negative ? -d : d);
  return true;
}

/* number(s): white space, a currency sign, a sign or accounting parentheses
 * (negative), thousands separators and one multiplier (%, 万, 亿, K, M, B)
 * around a decimal number.  A plain decimal reads as the strict reader
 * reads it (12 → 12, 1e6 → 1000000.0). */
bool lenient_number(const char *s, int n, value *out) {
  bool negative = false, signed_already = false;
  trim_span(&s, &n);
  if (n >= 2 && s[0] == '(' && s[n - 1] == ')') {
    negative = signed_already = true;
    s++;
    n -= 2;
    trim_span(&s, &n);
  }
  if (!take_sign(&s, &n, &negative, &signed_already)) return false;
  bool currency = take_currency(&s, &n);
  if (!take_sign(&s, &n, &negative, &signed_already)) return false;
  int exp10 = 0;
  bool multiplied = false;
  for (size_t i = 0; i < sizeof multipliers / sizeof *multipliers && !multiplied; i++)
    if (take_suffix(s, &n, multipliers[i].text)) {
      exp10 = multipliers[i].exp10;
      multiplied = true;
      trim_span(&s, &n);
    }
  if (n == 0 || !((s[0] >= '0' && s[0] <= '9') || s[0] == '.')) return false;
  if (!multiplied && !currency && !memchr(s, ',', (size_t)n)) {
    if (!text_to_number(s, n, out)) return false;
    if (negative) *out = out->type == V_INT ? v_int(-out->u.i) : v_real(-out->u.d);
    return true;
  }
  char digits[64];
  int count, fraction;
  if (!read_grouped_digits(s, n, digits, (int)sizeof digits, &count, &fraction)) return false;
  return scaled_decimal(digits, count, exp10 - fraction, negative, out);
}

/* 1 or 2 digits (a month or a day) at s[*i]. */
static bool short_number(const char *s, int n, int *i, int *out) {
  int v = 0, k = 0;
  while (*i < n && k < 2 && s[*i] >= '0' && s[*i] <= '9') { v = v * 10 + (s[*i] - '0'); (*i)++; k++; }
  *out = v;
  return k > 0;
}

/* A time after a date, as exports write it: " H:MM" or " H:MM:SS". */
static bool loose_time(const char *s, int n) {
  int i = 0, h, m, sec;
  if (n == 0) return true;
  if (s[0] != ' ') return false;
  while (i < n && s[i] == ' ') i++;
  if (!short_number(s, n, &i, &h) || i >= n || s[i] != ':' || !text_digits_at(s, n, i + 1, 2, &m)) return false;
  i += 3;
  if (h > 23 || m > 59) return false;
  if (i == n) return true;
  return s[i] == ':' && text_digits_at(s, n, i + 1, 2, &sec) && sec <= 60 && i + 3 == n;
}

/* YYYY/M/D, YYYY.M.D, YYYY-M-D (one separator, used twice; maybe a time
 * after) and YYYY年M月D日. */
static bool separated_date(const char *s, int n, int *y, int *m, int *d) {
  int i = 4;
  if (!text_digits_at(s, n, 0, 4, y)) return false;
  const char *rest = s + i;
  int left = n - i;
  if (take_prefix(&rest, &left, "年")) {
    i = n - left;
    if (!short_number(s, n, &i, m)) return false;
    rest = s + i;
    left = n - i;
    if (!take_prefix(&rest, &left, "月")) return false;
    i = n - left;
    if (!short_number(s, n, &i, d)) return false;
    rest = s + i;
    left = n - i;
    return take_prefix(&rest, &left, "日") && left == 0;
  }
  if (i >= n || !strchr("/.-", s[i]) || s[i] == 0) return false;
  char sep = s[i++];
  if (!short_number(s, n, &i, m) || i >= n || s[i] != sep) return false;
  i++;
  return short_number(s, n, &i, d) && loose_time(s + i, n - i);
}

bool lenient_date(const char *s, int n, int64_t *days) {
  int y, m, d;
  trim_span(&s, &n);
  if (date_parse(s, n, days)) return true;
  if (n == 8 && text_digits_at(s, n, 0, 4, &y) && text_digits_at(s, n, 4, 2, &m) && text_digits_at(s, n, 6, 2, &d))
    return date_from_ymd(y, m, d, days);
  return separated_date(s, n, &y, &m, &d) && date_from_ymd(y, m, d, days);
}

/* Given a number, a date or null, number() and date() return it as it is. */
static value read_number(evaluator *ev, value v) {
  value n;
  if (v.type == V_NULL || v_is_number(v)) return v;
  if (v.type == V_TEXT && lenient_number(v.u.t.s, v.u.t.n, &n)) return n;
  eval_warn_value(ev, v, "a number");
  return v_null();
}

/* An integer reads as its digits (a DATE-less INTEGER column holding 20250305). */
static value read_date(evaluator *ev, value v) {
  int64_t days;
  if (v.type == V_NULL || v.type == V_DATE) return v;
  value t = v.type == V_INT ? as_text(ev, v) : v;
  if (t.type == V_TEXT && lenient_date(t.u.t.s, t.u.t.n, &days)) return v_date(days);
  eval_warn_value(ev, v, "a date");
  return v_null();
}

/* --- least, greatest (and the aggregates min, max) ------------------------------ */


/* least and greatest: the rule min and max share (eval_extreme). */
static value least_greatest(evaluator *ev, const expr *e, int sign) {
  value *values = arena_alloc(&ev->scratch, sizeof(value) * (size_t)e->list.count);
  for (int i = 0; i < e->list.count; i++) values[i] = eval_expr(ev, e->list.items[i]);
  return eval_extreme(ev, values, NULL, -1, e->list.count, e->type, sign);
}

/* --- numbers and dates ------------------------------------------------------------ */

/* days(N days | N weeks): the day count; months and years have none. */
static value duration_days(value v) {
  if (v.unit > 1) return v_null();
  int64_t r;
  if (__builtin_mul_overflow(v.u.i, v.unit ? 7 : 1, &r)) return v_real((double)v.u.i * 7);
  return v_int(r);
}

static value date_part(evaluator *ev, value v, bool want_year) {
  v = eval_need_date(ev, v);
  if (v.type == V_NULL) return v;
  int y, m, d;
  date_to_ymd(v.u.i, &y, &m, &d);
  return v_int(want_year ? y : m);
}

static value absolute(evaluator *ev, value v) {
  v = eval_need_number(ev, v);
  if (v.type == V_INT) return v.u.i == INT64_MIN ? v_real(-(double)v.u.i) : v_int(v.u.i < 0 ? -v.u.i : v.u.i);
  return v.type == V_NULL ? v : v_real(fabs(v.u.d));
}

static value coalesce(evaluator *ev, const expr *e) {
  for (int i = 0; i < e->list.count; i++) {
    value v = eval_expr(ev, e->list.items[i]);
    if (v.type != V_NULL) return v;
  }
  return v_null();
}

static value argument(evaluator *ev, const expr *e, int i) { return eval_expr(ev, e->list.items[i]); }

/* number(col) and date(col) read what the cell holds, even in a column
 * declared REAL or DATE whose own reading of '1,200' failed. */
static value reader_argument(evaluator *ev, const expr *e) {
  const expr *arg = e->list.items[0];
  if (arg->kind == E_COLUMN || arg->kind == E_REL_COLUMN) return eval_column_as_stored(ev, arg);
  return eval_expr(ev, arg);
}

/* Days from the start of the alert's open episode to as_of: 0 when it opens
 * now (or episodes are not tracked, as in a backfill), null when the alert
 * does not fire for this subject. */
static value open_days(evaluator *ev, const expr *e) {
  decl *alert = ((expr *)e->list.items[0])->decl;
  if (eval_truth(ev, (expr *)e->list.items[0]) != 1) return v_null();
  const open_episode *ep = &ev->episodes[alert->index];
  if (ev->episode_mode != EPISODES_LIVE || ep->id == 0) return v_int(0);
  return v_int(ev->as_of - ep->opened_on);
}

value builtin_call(evaluator *ev, const expr *e) {
  switch (e->builtin) {
  case B_COALESCE: return coalesce(ev, e);
  case B_ABS: return absolute(ev, argument(ev, e, 0));
  case B_ROUND: {
    value x = eval_need_number(ev, argument(ev, e, 0));
    value digits = e->list.count > 1 ? eval_need_number(ev, argument(ev, e, 1)) : v_int(0);
    return eval_round(x, digits);
  }
  case B_LEAST: return least_greatest(ev, e, -1);
  case B_GREATEST: return least_greatest(ev, e, 1);
  case B_DAYS: {
    value v = argument(ev, e, 0);
    return v.type == V_DURATION ? duration_days(v) : eval_need_number(ev, v);
  }
  case B_YEAR: return date_part(ev, argument(ev, e, 0), true);
  case B_MONTH: return date_part(ev, argument(ev, e, 0), false);
  case B_LOWER: return text_case(ev, argument(ev, e, 0), false);
  case B_UPPER: return text_case(ev, argument(ev, e, 0), true);
  case B_LENGTH: {
    value v = as_text(ev, argument(ev, e, 0));
    return v.type == V_NULL ? v : v_int(char_count(v.u.t.s, v.u.t.n));
  }
  case B_CONTAINS: return text_test(ev, e, TEST_CONTAINS);
  case B_STARTS_WITH: return text_test(ev, e, TEST_PREFIX);
  case B_ENDS_WITH: return text_test(ev, e, TEST_SUFFIX);
  case B_TRIM: return text_trim(ev, argument(ev, e, 0));
  case B_REPLACE: return text_replace(ev, argument(ev, e, 0), argument(ev, e, 1), argument(ev, e, 2));
  case B_SUBSTR: {
    value s = argument(ev, e, 0), start = eval_need_number(ev, argument(ev, e, 1));
    bool has_count = e->list.count > 2;
    value count = has_count ? eval_need_number(ev, argument(ev, e, 2)) : v_null();
    return text_substr(ev, s, start, count, has_count);
  }
  case B_NUMBER: return read_number(ev, reader_argument(ev, e));
  case B_DATE: return read_date(ev, reader_argument(ev, e));
  case B_OPEN_DAYS: return open_days(ev, e);
  default: return v_null();
  }
}
