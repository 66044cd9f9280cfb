/*
 * builtins.h — the built-in functions (coalesce ... substr, number, date)
 * evaluated on one subject's values, and the least/greatest step that the
 * aggregates min and max share with them.
 */
#ifndef KAM_BUILTINS_H
#define KAM_BUILTINS_H

#include "eval.h"

/* The value of an E_CALL node (op is an enum builtin). */
value builtin_call(evaluator *ev, const expr *e);

/* The type a least/greatest/min/max comparison is made in: the checker's
 * static type when it names one; otherwise, from the values, a number when
 * any value is a number, else a date when any is a date, else the type of
 * the first value that is not null.  T_ANY when every value is null. */
kam_type extreme_type(kam_type static_type, const value *values, int count);

/* One step of least (sign -1) or greatest (sign 1): candidate read as
 * `needed` replaces best when it lies further in that direction.  A
 * candidate that cannot be read as `needed` is skipped with a data warning,
 * as a null would be, so the result is always a value that was read (and
 * is returned as read: '5' compared as a number comes back as 5).
 * needed T_ANY (not known beforehand, as in an aggregate over an untyped
 * column): each step decides between best and candidate by extreme_type,
 * so a number arriving after text turns the comparison numeric and a best
 * that cannot be read as a number is dropped, warned. */
value extreme_pick(evaluator *ev, value best, value candidate, int sign, kam_type needed);

/* The lenient readers, also for the checker (literals): true with the
 * number or the day count when the text can be read. */
bool lenient_number(const char *s, int n, value *out);
bool lenient_date(const char *s, int n, int64_t *days);

#endif
